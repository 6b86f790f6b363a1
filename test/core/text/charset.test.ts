import { expect } from 'chai';
import { charsetFromContentType, decodeBytes, prescanCharset, resolveEncoding, sniffBom } from '../../../src/core/text/charset';

const latin1 = (s: string): Uint8Array => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

describe('core/text/charset', () => {
  it('sniffs byte-order marks', () => {
    expect(sniffBom(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).to.equal('utf-8');
    expect(sniffBom(Uint8Array.of(0xff, 0xfe, 0x41, 0))).to.equal('utf-16le');
    expect(sniffBom(Uint8Array.of(0xfe, 0xff, 0, 0x41))).to.equal('utf-16be');
    expect(sniffBom(latin1('<html>'))).to.equal(undefined);
    expect(sniffBom(new Uint8Array(0))).to.equal(undefined);
  });

  it('resolves WHATWG labels and rejects unknown or unsafe ones', () => {
    expect(resolveEncoding(' Latin1 ')).to.equal('windows-1252');
    expect(resolveEncoding('gb2312')).to.equal('gbk');
    expect(resolveEncoding('windows-1258')).to.equal('windows-1258');
    expect(resolveEncoding('no-such-charset')).to.equal(undefined);
    expect(resolveEncoding('iso-2022-kr')).to.equal(undefined);
  });

  it('extracts the charset from a Content-Type value', () => {
    expect(charsetFromContentType('text/html; charset=windows-1258')).to.equal('windows-1258');
    expect(charsetFromContentType('text/html;CHARSET = "ISO-8859-1" ; x=y')).to.equal('ISO-8859-1');
    expect(charsetFromContentType("text/html; charset='utf-8'")).to.equal('utf-8');
    expect(charsetFromContentType('text/html; charsetx; charset=gbk')).to.equal('gbk');
    expect(charsetFromContentType('text/html')).to.equal(undefined);
  });

  it('prescans <meta> declarations, treating a UTF-16 one as UTF-8 and skipping unknown labels', () => {
    expect(prescanCharset(latin1('<meta charset=WINDOWS-1258><p>x'))).to.equal('windows-1258');
    expect(prescanCharset(latin1('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">'))).to.equal('shift_jis');
    expect(prescanCharset(latin1('<meta charset="utf-16">'))).to.equal('utf-8');
    expect(prescanCharset(latin1('<meta charset="bogus"><meta charset="koi8-r">'))).to.equal('koi8-r');
    expect(prescanCharset(latin1('<meta content="text/html; charset=gbk">'))).to.equal(undefined);
  });

  it('decodes all of windows-1252 0x80-0x9F as browsers do, whatever the runtime', () => {
    const high = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const expected =
      '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
    expect(decodeBytes('windows-1252', high)).to.equal(expected);
    expect(decodeBytes('windows-1252', latin1('caf\u00e9'))).to.equal('café');
  });
});
