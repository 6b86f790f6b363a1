import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectLanguage, toIso1, UNDETERMINED } from '../../../src/core/text/language';
import { splitLines } from '../../../src/core/text/lines';

const LABELS = path.join(__dirname, '..', '..', '..', 'labels');
const seed = (prefix: string) => {
  const file = fs.readdirSync(LABELS).find((f) => f.startsWith(prefix) && f.endsWith('.txt'))!;
  return splitLines(fs.readFileSync(path.join(LABELS, file), 'utf8'));
};

const VI = 'Sáng nay, Thủ tướng Chính phủ đã chủ trì cuộc họp với các bộ, ngành về tình hình phát triển kinh tế xã hội và những nhiệm vụ trọng tâm trong thời gian tới của đất nước.';
const FR = [
  'Le gouvernement a présenté ce matin son projet de loi',
  'Les députés examineront le texte la semaine prochaine',
  'La commission des finances a rendu un avis favorable',
];

describe('core/text/language', () => {
  it("detects the owner's Vietnamese and French pages", () => {
    for (const p of ['000', '001', '002', '003']) expect(detectLanguage(seed(p)), p).to.equal('vi');
    expect(detectLanguage(seed('004'))).to.equal('fr');
  });

  it('says und when there are too few letters to tell', () => {
    expect(detectLanguage(['Menu', '12/05/2025', '© 2025'])).to.equal(UNDETERMINED);
    expect(detectLanguage([])).to.equal(UNDETERMINED);
  });

  it("judges a page by its longest lines, not its first ones", () => {
    // Three French lines of sentence length come first; the one long paragraph is Vietnamese.
    const page = [...FR, `${VI} ${VI}`, VI.slice(0, 90)];
    expect(detectLanguage(page)).to.equal('vi');
    expect(detectLanguage([...FR, ...FR, ...FR])).to.equal('fr');
  });

  it('lets the long sample of the first lines decide when the quick sample is a near tie', () => {
    // Indonesian and Malay score within 3% of each other on this paragraph.
    const idMs = 'Pemerintah akan membangun jalan baru di kawasan tersebut pada tahun depan untuk membantu masyarakat setempat. Menteri mengatakan bahawa projek itu penting bagi ekonomi negara dan rakyat. ';
    const long = idMs.repeat(3);
    expect(detectLanguage([long])).to.be.oneOf(['id', 'ms']);
    // Shorter French lines come first; only the fallback reads them.
    const page = [...Array.from({ length: 14 }, () => FR).flat(), long];
    expect(detectLanguage(page)).to.equal('fr');
  });

  it('falls back to the first lines when franc cannot name the longest ones', () => {
    const cherokee = 'ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏂᏴᏫᏯ ᎤᏂᏣᏘ '.repeat(30);
    const en = ['The council approved the new budget on Tuesday evening', 'Residents will see lower fees for parking next year', 'The mayor said the plan would help local businesses'];
    expect(detectLanguage([...en, ...en, cherokee])).to.equal('en');
    expect(detectLanguage([cherokee])).to.equal(UNDETERMINED);
  });

  it('reads a page of many thousands of lines', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => (i % 50 === 0 ? VI : `Mục ${i}`));
    expect(detectLanguage(lines)).to.equal('vi');
  });

  it('gives the same answer whatever order the lines come in when one language dominates', () => {
    const lines = seed('001');
    expect(detectLanguage([...lines].reverse())).to.equal(detectLanguage(lines));
  });

  it('maps ISO 639-3 codes to 639-1 where one exists', () => {
    expect(toIso1('vie')).to.equal('vi');
    expect(toIso1('fra')).to.equal('fr');
    expect(toIso1('und')).to.equal(UNDETERMINED);
    expect(toIso1('xyz')).to.equal('xyz');
    // franc's individual languages read as their macrolanguage's code.
    expect(toIso1('cmn')).to.equal('zh');
    expect(toIso1('arb')).to.equal('ar');
    expect(toIso1('pes')).to.equal('fa');
  });
});
