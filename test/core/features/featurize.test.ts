import { expect } from 'chai';
import { featurizePage } from '../../../src/core/features/featurize';
import { DEFAULT_SETTINGS, settingsMismatch } from '../../../src/core/features/settings';
import { IdBag } from '../../../src/core/features/idBag';
import { hashString, bucket } from '../../../src/core/features/hash';
import { LINE_SHAPE_FEATURES, lineShape } from '../../../src/core/features/lineShape';
import { PAGE_CONTEXT_FEATURES } from '../../../src/core/features/pageContext';
import { splitLines } from '../../../src/core/text/lines';
import { tokenizerFor, unicodeTokenize } from '../../../src/core/text/tokenize';

const VI = 'Đại tướng Phan Văn Giang khẳng định: Quan hệ đặc biệt Việt Nam - Lào luôn được coi trọng.';

function shape(text: string): Record<string, number> {
  const out = new Float32Array(LINE_SHAPE_FEATURES.length);
  lineShape(text, out, 0);
  return Object.fromEntries(LINE_SHAPE_FEATURES.map((n, i) => [n, out[i]!]));
}

describe('core/features', () => {
  it('hashes deterministically into 2^bits buckets, never row 0', () => {
    expect(hashString('word', 'abc')).to.equal(hashString('word', 'abc'));
    expect(hashString('word', 'abc')).to.not.equal(hashString('char', 'abc'));
    for (let i = 0; i < 1000; i++) {
      const b = bucket(hashString('word', String(i)), 4);
      expect(b).to.be.within(1, 15);
    }
  });

  it('gives identical ids, weights and dense features for NFC and NFD input', () => {
    const nfc = splitLines(VI.normalize('NFC'));
    const nfd = splitLines(VI.normalize('NFD'));
    const a = featurizePage({ lines: nfc, lang: 'vi' }, DEFAULT_SETTINGS);
    const b = featurizePage({ lines: nfd, lang: 'vi' }, DEFAULT_SETTINGS);
    expect(Array.from(a.ids)).to.deep.equal(Array.from(b.ids));
    expect(Array.from(a.weights)).to.deep.equal(Array.from(b.weights));
    expect(Array.from(a.dense)).to.deep.equal(Array.from(b.dense));
  });

  it('fills every line with ids whose weights sum to one per group', () => {
    const f = featurizePage({ lines: ['Hello world', '', 'x'.repeat(5000)], lang: 'en' }, DEFAULT_SETTINGS);
    expect(f.n).to.equal(3);
    expect(f.dense.length).to.equal(3 * DEFAULT_SETTINGS.dense.length);
    const groupSum = (line: number, from: number, to: number) => {
      let s = 0;
      for (let j = from; j < to; j++) s += f.weights[line * f.slots + j]!;
      return s;
    };
    const c = DEFAULT_SETTINGS.charSlots;
    expect(groupSum(0, 0, c)).to.be.closeTo(1, 1e-5);
    expect(groupSum(0, c, f.slots)).to.be.closeTo(1, 1e-5);
    expect(groupSum(1, 0, f.slots)).to.equal(0); // blank line: no ids
    expect(groupSum(2, 0, c)).to.be.closeTo(1, 1e-5); // bottom-k sampled, still normalised
  });

  it('samples the same ids for a long line whatever else is on the page', () => {
    const long = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    const a = featurizePage({ lines: [long], lang: 'en' }, DEFAULT_SETTINGS);
    const b = featurizePage({ lines: ['other line', long], lang: 'en' }, DEFAULT_SETTINGS);
    expect(Array.from(a.ids.subarray(0, a.slots))).to.deep.equal(Array.from(b.ids.subarray(b.slots, 2 * b.slots)));
  });

  it('counts repeated ids in a bag and keeps the k with the smallest rank', () => {
    const bag = new IdBag(4);
    for (const id of [5, 7, 5, 9, 5]) bag.add(id);
    expect(bag.size).to.equal(3);
    const ids = new Int32Array(4);
    const w = new Float32Array(4);
    bag.emit(ids, w, 0, 4);
    expect(Array.from(ids)).to.deep.equal([5, 7, 9, 0]);
    expect(Array.from(w)).to.deep.equal([0.6000000238418579, 0.20000000298023224, 0.20000000298023224, 0]);
  });

  it('reads the layout of a line', () => {
    expect(shape('')).to.include({ blank: 1, log_chars: 0 });
    expect(shape('18:09 | 02/06/2022 GMT+7')).to.include({ date_like: 1, time_like: 1, ends_alnum: 1 });
    expect(shape('Nguồn: https://vtcnews.vn/ky-nghi-dinh-thu.html')).to.include({ url_like: 1 });
    expect(shape('Tin bài liên quan')).to.include({ ends_alnum: 1, ends_sentence: 0 });
    expect(shape('Hai bên ký kết Biên bản ghi nhớ.')).to.include({ ends_sentence: 1, starts_upper: 1 });
    expect(shape('© 2024 Example. All rights reserved.').copyright).to.equal(1);
  });

  it('marks repeats and the first of them', () => {
    const f = featurizePage({ lines: ['Teaser title', '', 'Teaser title', 'Body text here.'], lang: 'en' }, DEFAULT_SETTINGS);
    const at = (line: number, name: string) => f.dense[line * f.denseSize + DEFAULT_SETTINGS.dense.indexOf(name)]!;
    expect(at(0, 'repeat_first')).to.equal(1);
    expect(at(2, 'repeat_first')).to.equal(0);
    expect(at(2, 'repeat_near')).to.equal(1);
    expect(at(3, 'repeat_count')).to.equal(0);
    expect(PAGE_CONTEXT_FEATURES).to.include('repeat_near');
  });

  it('finds the main run of sentences and marks the lone leads below it', () => {
    const lead = (k: number) => `Lead number ${k} of another story, long enough to read as prose.`;
    const lines = [
      'Headline of the article', '', VI, '', `${VI} Và còn nữa.`, '', 'Photo caption (Ảnh: TTXVN)', `${VI}`,
      '', 'Có thể bạn quan tâm', 'Other story headline', lead(1), 'Another headline', lead(2),
    ];
    const f = featurizePage({ lines, lang: 'vi' }, DEFAULT_SETTINGS);
    const at = (line: number, name: string) => f.dense[line * f.denseSize + DEFAULT_SETTINGS.dense.indexOf(name)]!;
    // Lines 2 and 4 run together over the blank line; the caption ends the run.
    expect(at(2, 'sentence_run')).to.be.closeTo(Math.log(2) / Math.log(10), 1e-6);
    expect(at(4, 'in_main_sentence_run')).to.equal(1);
    expect(at(3, 'in_main_sentence_run'), 'blank line inside the run').to.equal(1);
    expect(at(6, 'sentence_run'), 'a caption ending in brackets is no sentence').to.equal(0);
    expect(at(7, 'sentence_run')).to.be.closeTo(0, 1e-6);
    expect(at(7, 'in_main_sentence_run')).to.equal(0);
    for (const teaser of [11, 13]) {
      expect(at(teaser, 'sentence_run')).to.equal(0); // a run of one
      expect(at(teaser, 'below_main_sentence_run')).to.equal(1);
    }
    expect(at(0, 'below_main_sentence_run')).to.equal(0);
    // HTML pages leave them to the markup.
    const h = featurizePage({ lines, lang: 'vi', hints: lines.map(() => undefined) }, DEFAULT_SETTINGS);
    expect(h.dense[4 * h.denseSize + DEFAULT_SETTINGS.dense.indexOf('in_main_sentence_run')]).to.equal(0);
  });

  it("uses natural's tokenizer for languages it covers and a Unicode splitter otherwise", () => {
    expect(tokenizerFor('vi', ['vi'])('Sáng 2/6, tại Trụ sở')).to.deep.equal(['Sáng', '2', '6', 'tại', 'Trụ', 'sở']);
    expect(tokenizerFor('vi', [])).to.equal(unicodeTokenize);
    expect(unicodeTokenize('Ελληνικά, 日本語 text')).to.deep.equal(['Ελληνικά', '日本語', 'text']);
  });

  it('refuses settings from another featurizer version', () => {
    expect(settingsMismatch(DEFAULT_SETTINGS)).to.equal(null);
    expect(settingsMismatch({ ...DEFAULT_SETTINGS, version: 99 })).to.match(/version 99/);
    expect(settingsMismatch({ ...DEFAULT_SETTINGS, dense: ['x'] })).to.match(/dense features/);
  });
});
