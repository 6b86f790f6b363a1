import { expect } from 'chai';
import fc from 'fast-check';
import { attachLines, escapeCell, isSidecar, LabelFileError, parseLabelCsv, unescapeCell, writeLabelCsv } from '../../../src/core/labels/csv';
import type { Label, LabelledPage } from '../../../src/core/labels/schema';
import { seedPages } from '../../helpers/tiny';

const META = { id: 'p', lang: 'vi', site: 'example.vn', source: 'test', policy: '1' };

function roundTrip(page: LabelledPage): LabelledPage {
  const back = parseLabelCsv(writeLabelCsv(page), 'p.csv');
  if (isSidecar(back)) throw new Error('expected a full label file');
  return back;
}

function refuses(content: string, re: RegExp): void {
  expect(() => parseLabelCsv(content, 'bad.csv')).to.throw(LabelFileError, re);
}

describe('core/labels/csv', () => {
  it('round-trips quotes, commas, newlines and formula-looking cells exactly', () => {
    const lines = ['=SUM(A1:A9)', '+33 1 23', '-5', '@home', "'quoted", "''twice", 'a "b", c', 'multi\nline\r\ntext', '', 'Đọc nhiều'];
    const labels: Label[] = ['noise', 'noise', 'article', null, 'article', 'noise', 'article', 'noise', null, 'noise'];
    const csv = writeLabelCsv({ meta: META, lines, labels });
    expect(csv).to.include("\n1,'=SUM(A1:A9),noise\n");
    expect(csv).to.include("\n5,''quoted,article\n");
    expect(roundTrip({ meta: META, lines, labels })).to.deep.equal({ meta: META, lines, labels });
  });

  it('round-trips arbitrary text (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom<Label>('article', 'noise', null))),
      (rows) => {
        const lines = rows.map(([t]) => t);
        const labels = rows.map(([t, l]) => (t === '' ? null : l));
        expect(roundTrip({ meta: META, lines, labels })).to.deep.equal({ meta: META, lines, labels });
      },
    ), { numRuns: 300 });
  });

  it('escapes exactly one leading quote', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => unescapeCell(escapeCell(s)) === s));
  });

  it('reads the seed label files', () => {
    const seeds = seedPages();
    expect(seeds).to.have.length(5);
    for (const p of seeds) {
      expect(p.lines.length).to.equal(p.labels.length);
      expect(p.labels.filter((l) => l === 'article').length).to.be.greaterThan(5);
      p.lines.forEach((l, i) => l === '' && expect(p.labels[i]).to.equal(null));
    }
  });

  it('refuses malformed files, naming the file and the row', () => {
    const head = `# chaff-labels 1 ${JSON.stringify(META)}\n`;
    refuses('line,text,label\n1,a,noise\n', /^bad\.csv, row 1: expected a first line/);
    refuses(`# chaff-labels 2 ${JSON.stringify(META)}\nline,text,label\n`, /row 1: label schema version 2/);
    refuses('# chaff-labels 1 {nope\nline,text,label\n', /row 1: page metadata .* not valid JSON/);
    refuses(`# chaff-labels 1 {"id":"p"}\nline,text,label\n`, /row 1: page metadata needs a string "lang"/);
    refuses(`${head}line,text\n1,a\n`, /row 2: header must be/);
    refuses(`${head}line,text,label\n1,a,noise\n3,b,noise\n`, /row 4: line number "3", expected 2/);
    refuses(`${head}line,text,label\n1,a,maybe\n`, /row 3: label "maybe" is not article, noise or empty/);
    refuses(`${head}line,text,label\n1,a,noise,extra\n`, /row 3: expected 3 columns, found 4/);
    refuses(`${head}line,text,label\n1,,article\n`, /row 3: a blank line cannot carry a label/);
    refuses(`${head}line,text,label\n1,"unclosed,noise\n`, /bad\.csv, row \d+: CSV error/);
  });

  it('writes sidecars without text and checks them against the page', () => {
    const page: LabelledPage = { meta: { ...META, page: '../pages/p.txt' }, lines: ['Title', '', 'Body text.'], labels: ['article', null, 'article'] };
    const csv = writeLabelCsv(page, { sidecar: true });
    expect(csv).to.not.include('Title');
    const side = parseLabelCsv(csv, 'p.csv');
    expect(isSidecar(side)).to.equal(true);
    if (!isSidecar(side)) return;
    expect(attachLines(side, page.lines, 'p.csv')).to.deep.equal(page);
    expect(() => attachLines(side, ['Title', '', 'Changed.'], 'p.csv')).to.throw(LabelFileError, /row 5: line text does not match/);
    expect(() => parseLabelCsv(writeLabelCsv({ ...page, meta: META }, { sidecar: true }), 's.csv')).to.throw(/must name its page/);
  });
});
