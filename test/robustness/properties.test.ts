/**
 * Properties that must hold for any input (issue 6, part 2), checked with
 * fast-check on generated pages through the same code `chaff clean` runs:
 *
 * - the kept lines are always a subsequence of the page's lines;
 * - NFC and NFD input give identical lines, labels and scores;
 * - a label file round-trips any text through the disk (quotes, commas,
 *   newlines, formula-looking cells), and never writes a cell a spreadsheet
 *   would run as a formula;
 * - featurizing never throws on arbitrary strings, and its output is in range.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';
import { Classifier, keptText } from '../../src/core/classifier';
import { featurizePage } from '../../src/core/features/featurize';
import { DEFAULT_SETTINGS } from '../../src/core/features/settings';
import type { LineHints } from '../../src/core/features/htmlHints';
import { isSidecar, parseLabelCsv, writeLabelCsv } from '../../src/core/labels/csv';
import type { Label, PageMeta } from '../../src/core/labels/schema';
import { normalizeLine } from '../../src/core/text/normalize';
import { readLabelFile, writeLabelFile } from '../../src/node/labelFiles';
import { DEFAULT_MODEL_DIR, loadModelDir } from '../../src/node/modelDir';
import { pageFromBytes } from '../../src/node/pageFiles';
import { UserError } from '../../src/node/cli/io';
import { useBackend } from '../helpers/backend';
import { tmpDir } from '../helpers/cli';
import { isSubsequence, line, pageText, tagSoup, TRICKY } from './arbitraries';

const SEED = 20_260_601;

/** No lone surrogate (String.prototype.isWellFormed, before ES2024 typings). */
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

const keptLines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

describe('robustness: properties', function () {
  this.timeout(120_000);
  useBackend('wasm');
  let classifier: Classifier;
  before(async () => {
    classifier = new Classifier(await loadModelDir(DEFAULT_MODEL_DIR));
  });
  after(() => classifier.dispose());

  it('keeps a subsequence of the input lines, for text and HTML, at any threshold', () => {
    fc.assert(fc.property(fc.oneof(pageText, tagSoup), fc.constantFrom<'text' | 'html' | undefined>('text', 'html', undefined), fc.double({ min: 0, max: 1, noNaN: true }), (text, kind, threshold) => {
      let page;
      try {
        page = pageFromBytes(Buffer.from(text, 'utf8'), 'p', { kind });
      } catch (e) {
        if (e instanceof UserError) return; // refused with a reason: fine
        throw e;
      }
      const results = classifier.classifyPage(page, { threshold });
      expect(results).to.have.length(page.lines.length);
      const kept = keptLines(keptText(results));
      expect(isSubsequence(kept, page.lines), JSON.stringify({ kept, lines: page.lines })).to.equal(true);
      // Every line of the page is normalised, with no line break left in it.
      for (const l of page.lines) expect(l).to.equal(normalizeLine(l)).and.not.match(/[\r\n\u2028\u2029\u0085]/);
    }), { seed: SEED, numRuns: 150 });
  });

  it('gives NFC and NFD input the same lines, labels and scores', () => {
    const syllable = fc.tuple(fc.constantFrom('a', 'ă', 'â', 'e', 'ê', 'o', 'ô', 'ơ', 'u', 'ư', 'i', 'y'), fc.constantFrom('', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'), fc.constantFrom('', 'n', 'ng', 'c', 't', 'm'), fc.constantFrom('', 'th', 'ng', 'đ', 'Đ', 'tr', 'h'))
      .map(([v, tone, end, start]) => (start + v + tone + end).normalize('NFC'));
    const viLine = fc.array(syllable, { minLength: 1, maxLength: 20 }).map((s) => s.join(' '));
    fc.assert(fc.property(fc.array(fc.oneof(viLine, line, fc.constant('')), { maxLength: 30 }), fc.boolean(), (ls, asHtml) => {
      const text = asHtml ? `<html><body>${ls.map((l) => `<p>${l}</p>`).join('')}</body></html>` : ls.join('\n');
      const read = (s: string) => {
        try {
          return pageFromBytes(Buffer.from(s, 'utf8'), 'p', { kind: asHtml ? 'html' : 'text' });
        } catch (e) {
          if (e instanceof UserError) return null;
          throw e;
        }
      };
      const nfc = read(text.normalize('NFC'));
      const nfd = read(text.normalize('NFD'));
      if (nfc === null || nfd === null) {
        expect(nfc).to.equal(nfd);
        return;
      }
      expect(nfd.lines).to.deep.equal(nfc.lines);
      expect(nfd.lang).to.equal(nfc.lang);
      expect(classifier.classifyPage(nfd)).to.deep.equal(classifier.classifyPage(nfc));
    }), { seed: SEED, numRuns: 100 });
  });

  describe('label files', () => {
    let dir: string;
    before(() => (dir = tmpDir('chaff-props-')));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Any well-formed text (files are UTF-8: a lone surrogate cannot be stored), rich in CSV and formula syntax. */
    const cell = fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
      { weight: 3, arbitrary: fc.array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 5 })), { maxLength: 8 }).map((p) => p.join('')) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", "''", '"', ',', '\n'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b) },
    ).filter(wellFormed);
    const metaText = fc.string({ unit: 'grapheme', maxLength: 20 }).filter(wellFormed);
    const meta: fc.Arbitrary<PageMeta> = fc.record({ id: metaText, lang: metaText, site: metaText, source: metaText, policy: metaText, url: fc.option(metaText, { nil: undefined }) })
      .map((m) => (m.url === undefined ? { id: m.id, lang: m.lang, site: m.site, source: m.source, policy: m.policy } : m));

    it('round-trip any text through the disk, and never write a formula cell', () => {
      let n = 0;
      fc.assert(fc.property(meta, fc.array(fc.tuple(cell, fc.constantFrom<Label>('article', 'noise', null)), { maxLength: 40 }), (m, rows) => {
        const page = { meta: m, lines: rows.map(([t]) => t), labels: rows.map(([t, l]) => (t === '' ? null : l)) };
        const file = path.join(dir, `p${n++}.csv`);
        writeLabelFile(file, page);
        expect(readLabelFile(file)).to.deep.equal(page);
        // What a spreadsheet would see: no text cell starts like a formula.
        const raw = Papa.parse<string[]>(fs.readFileSync(file, 'utf8').split('\n').slice(1).join('\n'), { skipEmptyLines: true }).data.slice(1);
        for (const [, text] of raw) expect(text ?? '', JSON.stringify(text)).not.to.match(/^[=+\-@\t\r]/);
      }), { seed: SEED, numRuns: 120 });
    });

    it('round-trip in memory for any string at all, lone surrogates included', () => {
      fc.assert(fc.property(fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom<Label>('article', 'noise', null)), { maxLength: 40 }), (rows) => {
        const page = { meta: { id: 'p', lang: 'vi', site: 's', source: 'x', policy: '1' }, lines: rows.map(([t]) => t), labels: rows.map(([t, l]) => (t === '' ? null : l)) };
        const back = parseLabelCsv(writeLabelCsv(page), 'p.csv');
        expect(isSidecar(back)).to.equal(false);
        expect(back).to.deep.equal(page);
      }), { seed: SEED, numRuns: 300 });
    });
  });

  it('featurizes any strings without throwing, into ids, weights and features in range', () => {
    const hints: fc.Arbitrary<LineHints | undefined> = fc.option(fc.record({
      linkShare: fc.double({ noNaN: false }),
      tags: fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }),
      attrWords: fc.array(fc.string({ maxLength: 8 }), { maxLength: 20 }),
    }), { nil: undefined });
    const lang = fc.oneof(fc.constantFrom('vi', 'fr', 'en', 'und', 'de', 'zh', 'ar', 'ja', 'ru', 'es', 'pt', 'it', 'nl'), fc.string({ maxLength: 4 }));
    const s = DEFAULT_SETTINGS;
    fc.assert(fc.property(fc.array(fc.oneof(line, fc.string({ unit: 'binary', maxLength: 500 })), { maxLength: 40 }), lang, fc.option(fc.array(hints, { maxLength: 40 }), { nil: undefined }), (ls, lg, hs) => {
      const f = featurizePage({ lines: ls, lang: lg, hints: hs }, s);
      expect(f.n).to.equal(ls.length);
      expect(f.ids.length).to.equal(ls.length * (s.charSlots + s.wordSlots));
      for (const id of f.ids) if (id < 0 || id >= 2 ** s.bucketBits) expect.fail(`id ${id} out of range`);
      for (const w of f.weights) if (!(w >= 0 && w <= 1)) expect.fail(`weight ${w}`);
      for (const d of f.dense) if (!Number.isFinite(d)) expect.fail(`dense feature ${d}`);
    }), { seed: SEED, numRuns: 300 });
  });
});
