import { expect } from 'chai';
import { splitLines, joinLines, LineTooLongError } from '../../../src/core/text/lines';
import { normalizeLine } from '../../../src/core/text/normalize';

describe('core/text/lines', () => {
  it('splits on every line break and keeps blank lines as structure', () => {
    expect(splitLines('a\r\nb\rc\n\nd\u2028e')).to.deep.equal(['a', 'b', 'c', '', 'd', 'e']);
  });

  it('drops a BOM and a final newline, but not a final blank line', () => {
    expect(splitLines('\uFEFFa\nb\n')).to.deep.equal(['a', 'b']);
    expect(splitLines('a\n\n')).to.deep.equal(['a', '']);
    expect(splitLines('')).to.deep.equal([]);
  });

  it('folds tabs, no-break and typographic spaces, and removes zero-width characters', () => {
    expect(normalizeLine('\tLe\u00A0Monde\u2009 a\u200Bb\u2060c  ')).to.equal('Le Monde abc');
  });

  it('gives the same line for NFC and NFD Vietnamese', () => {
    const nfc = 'Quân đội nhân dân Việt Nam'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    expect(nfd).to.not.equal(nfc);
    expect(splitLines(nfd)).to.deep.equal(splitLines(nfc));
  });

  it('refuses a line longer than the limit, naming it', () => {
    expect(() => splitLines('ok\n' + 'x'.repeat(101), 100)).to.throw(LineTooLongError, /line 2 is 101 characters/);
  });

  it('joins lines back with a final newline', () => {
    expect(joinLines(['a', '', 'b'])).to.equal('a\n\nb\n');
    expect(joinLines([])).to.equal('');
  });
});
