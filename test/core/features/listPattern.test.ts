import { expect } from 'chai';
import fc from 'fast-check';
import { listPattern } from '../../../src/core/features/listPattern';
import { DEFAULT_SETTINGS } from '../../../src/core/features/settings';
import { featurizePage } from '../../../src/core/features/featurize';

const caption = (k: number) => `Đại biểu dự hội nghị số ${k} tại Hà Nội. (Ảnh: TTXVN)`;
const headline = (k: number) => `Tiêu đề của bài viết khác số ${k}`;
const lead = (k: number) => `Sáng ${k}/6, một bài viết khác bắt đầu bằng một câu đủ dài để đọc như văn xuôi.`;
const paragraph = (k: number) => `Đoạn văn thứ ${k} của bài báo kể tiếp câu chuyện, dài và kết thúc bằng dấu chấm.`;

describe('core/features/listPattern', () => {
  it('marks a list of stories (caption, headline, lead, again and again) and not the article above it', () => {
    const body = [headline(0), '', paragraph(1), '', paragraph(2), '', paragraph(3), '', 'Có thể bạn quan tâm'];
    const items = [1, 2, 3].flatMap((k) => [caption(k), '', headline(k), '', lead(k), '']);
    const marks = Array.from(listPattern([...body, '', ...items]));
    expect(marks.slice(0, body.length + 1).every((m) => m === 0)).to.equal(true);
    const list = marks.slice(body.length + 1);
    // Every non-blank line of the three items, and no blank one.
    list.forEach((m, i) => expect(m, `item line ${i}`).to.equal(items[i] ? 1 : 0));
  });

  it('needs three rounds of the pattern', () => {
    const two = [1, 2].flatMap((k) => [caption(k), headline(k), lead(k)]);
    expect(Array.from(listPattern(two)).some((m) => m === 1)).to.equal(false);
    const three = [1, 2, 3].flatMap((k) => [caption(k), headline(k), lead(k)]);
    expect(Array.from(listPattern(three)).every((m) => m === 1)).to.equal(true);
  });

  it('leaves articles with subheads alone: a pattern without a captioned line is how bodies look too', () => {
    const lines = [1, 2, 3, 4].flatMap((k) => [headline(k), paragraph(k), paragraph(k + 10)]);
    expect(Array.from(listPattern(lines)).some((m) => m === 1)).to.equal(false);
    const paragraphs = [1, 2, 3, 4, 5, 6, 7, 8].map(paragraph);
    expect(Array.from(listPattern(paragraphs)).some((m) => m === 1)).to.equal(false);
  });

  it('takes a credit after the last sentence as a caption, as French sites print it', () => {
    const fr = (k: number) => [`Le ministre reçoit la délégation numéro ${k}. Photo: VNA`, `Un titre d'un autre article ${k}`, `Le ${k} février, un autre article commence par une phrase assez longue.`];
    expect(Array.from(listPattern([1, 2, 3].flatMap(fr))).every((m) => m === 1)).to.equal(true);
  });

  it('marks only non-blank lines, and does not depend on how many blank lines separate them', () => {
    const pieces = fc.constantFrom(caption(1), headline(2), lead(3), paragraph(4), 'Voir plus', caption(5), headline(6), lead(7));
    fc.assert(fc.property(fc.array(fc.tuple(pieces, fc.nat(2)), { maxLength: 40 }), (items) => {
      const dense = items.map(([t]) => t);
      const spaced = items.flatMap(([t, blanks]) => [t, ...Array<string>(blanks).fill('')]);
      const a = Array.from(listPattern(dense));
      const b = Array.from(listPattern(spaced)).filter((_, i) => spaced[i] !== '');
      expect(b).to.deep.equal(a);
      listPattern(spaced).forEach((m, i) => { if (spaced[i] === '') expect(m).to.equal(0); });
    }));
  });

  it('is a page-context feature of every page, text or HTML', () => {
    const lines = [1, 2, 3].flatMap((k) => [caption(k), headline(k), lead(k)]);
    const col = DEFAULT_SETTINGS.dense.indexOf('list_pattern');
    expect(col).to.be.at.least(0);
    for (const hints of [undefined, lines.map(() => undefined)]) {
      const f = featurizePage({ lines, lang: 'vi', hints }, DEFAULT_SETTINGS);
      for (let i = 0; i < lines.length; i++) expect(f.dense[i * f.denseSize + col]).to.equal(1);
    }
  });
});
