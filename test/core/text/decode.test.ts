import { expect } from 'chai';
import { DecodeError, decodePage, firstInvalidUtf8, looksLikeHtml } from '../../../src/core/text/decode';
import { normalizeLine } from '../../../src/core/text/normalize';
import { htmlToLines } from '../../../src/core/html/htmlLines';

/** ASCII text as bytes, and byte arrays glued together: pages are built by hand from code page tables. */
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const bytes = (...parts: (string | number | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? ascii(p) : p)));
const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

// windows-1258 code points: â E2, ê EA, ô F4, ơ F5, ư FD, đ F0, à E0; combining grave CC, dot below F2.
const VI_1258 = [
  ...ascii('Qu'), 0xe2, ...ascii('n '), 0xf0, 0xf4, 0xf2, ...ascii('i nh'), 0xe2, ...ascii('n d'), 0xe2,
  ...ascii('n Vi'), 0xea, 0xf2, ...ascii('t Nam, H'), 0xe0, ...ascii(' N'), 0xf4, 0xf2, ...ascii('i, ng'),
  0xfd, 0xf5, 0xcc, ...ascii('i'),
];
const VI_TEXT = 'Quân đội nhân dân Việt Nam, Hà Nội, người';

// windows-1252: é E9, à E0, ë EB, œ 9C, € 80, û FB, ç E7, Ç C7, “ 93, ” 94.
const FR_1252 = [
  ...ascii('Le caf'), 0xe9, ...ascii(' '), 0xe0, ...ascii(' No'), 0xeb, ...ascii('l, un c'), 0x9c,
  ...ascii('ur '), 0x93, ...ascii('ouvert'), 0x94, ...ascii(' co'), 0xfb, ...ascii('te 3 '), 0x80,
];
const FR_TEXT = 'Le café à Noël, un cœur “ouvert” coûte 3 €';

const htmlPage = (meta: string, body: number[]): Uint8Array =>
  bytes(`<!DOCTYPE html><html><head>${meta}<title>t</title></head><body><p>`, body, '</p></body></html>');

describe('core/text/decode', () => {
  it('reads UTF-8 without a BOM as UTF-8', () => {
    const r = decodePage(bytes(utf8('Xin chào, bonjour, 中文')), { kind: 'text' });
    expect(r).to.deep.equal({ text: 'Xin chào, bonjour, 中文', encoding: 'utf-8' });
  });

  it('strips a UTF-8 BOM, and lets it win over a meta charset and a forced encoding', () => {
    const page = bytes([0xef, 0xbb, 0xbf], '<meta charset="windows-1252"><p>', utf8('café'));
    expect(decodePage(page)).to.deep.equal({ text: '<meta charset="windows-1252"><p>café', encoding: 'utf-8' });
    expect(decodePage(page, { encoding: 'latin1' }).encoding).to.equal('utf-8');
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM', () => {
    const le = bytes([0xff, 0xfe], ...[...'Việt €'].map((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
    const be = bytes([0xfe, 0xff], ...[...'Việt €'].map((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
    expect(decodePage(le)).to.deep.equal({ text: 'Việt €', encoding: 'utf-16le' });
    expect(decodePage(be)).to.deep.equal({ text: 'Việt €', encoding: 'utf-16be' });
  });

  it('decodes Vietnamese windows-1258 declared by <meta charset>; NFC then gives precomposed letters', () => {
    const r = decodePage(htmlPage('<meta charset="windows-1258">', VI_1258));
    expect(r.encoding).to.equal('windows-1258');
    // The decoder keeps windows-1258's combining marks (ê + U+0323, not ệ); NFC composes them.
    expect(r.text).to.include('Vi\u00EA\u0323t');
    expect(r.text.normalize('NFC')).to.include(VI_TEXT);
    expect(htmlToLines(r.text).lines).to.deep.equal([VI_TEXT]);
    expect(normalizeLine(new TextDecoder('windows-1258').decode(new Uint8Array(VI_1258)))).to.equal(VI_TEXT);
  });

  it('decodes French windows-1252 declared by http-equiv Content-Type', () => {
    const r = decodePage(htmlPage('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', FR_1252));
    expect(r.encoding).to.equal('windows-1252');
    expect(htmlToLines(r.text).lines).to.deep.equal([FR_TEXT]);
  });

  it('decodes a latin-1 declaration as windows-1252, as browsers do', () => {
    const latin1 = [...ascii('Ça d'), 0xe9, 0xe7, 0x6f, 0x69, 0x74];
    const page = bytes("<html><head><meta http-equiv='content-type' content='text/html;charset=ISO-8859-1'></head><body>", latin1);
    expect(decodePage(page)).to.deep.include({ encoding: 'windows-1252' });
    expect(decodePage(page).text).to.match(/Ça déçoit$/);
  });

  it('reads a page declaring gb2312 (or windows-1252) that is really UTF-8 as UTF-8', () => {
    const zh = decodePage(htmlPage('<meta charset="gb2312">', utf8('腾讯新闻：人工智能')));
    expect(zh.encoding).to.equal('utf-8');
    expect(zh.text).to.include('腾讯新闻：人工智能');
    const fr = decodePage(htmlPage('<meta charset="windows-1252">', utf8(FR_TEXT)));
    expect(fr).to.deep.include({ encoding: 'utf-8' });
    expect(fr.text).to.include(FR_TEXT);
  });

  it('ignores a utf-8 declaration the bytes refute, but keeps mostly-UTF-8 pages with a broken byte', () => {
    const wrong = decodePage(htmlPage('<meta charset="utf-8">', FR_1252));
    expect(wrong.encoding).to.equal('windows-1252');
    expect(wrong.text).to.include(FR_TEXT);
    const broken = decodePage(htmlPage('', [...utf8('Việt Nam '.repeat(30)), 0xff, ...utf8(' café')]));
    expect(broken.encoding).to.equal('utf-8');
    expect(broken.text).to.include('Việt Nam').and.include('\uFFFD café');
  });

  it('takes the declared encoding for pure ASCII, which matters for 7-bit ISO-2022-JP', () => {
    const jis = bytes('<meta charset="iso-2022-jp"><p>', [0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42], '</p>');
    expect(decodePage(jis, { kind: 'html' })).to.deep.equal({ text: '<meta charset="iso-2022-jp"><p>日本</p>', encoding: 'iso-2022-jp' });
  });

  it('falls back to windows-1252 for HTML without a declaration', () => {
    expect(decodePage(htmlPage('', FR_1252))).to.deep.include({ encoding: 'windows-1252' });
  });

  it('finds the meta declaration with a real tokenizer: not in comments or scripts, not after 4 KB', () => {
    const commented = bytes('<html><head><!-- <meta charset="windows-1258"> --><script>x="<meta charset=koi8-r>"</script><meta charset="windows-1252"><body>', FR_1252);
    expect(decodePage(commented).encoding).to.equal('windows-1252');
    const late = bytes('<html><head><script>', 'x'.repeat(5000), '</script><meta charset="windows-1258"><body>', VI_1258);
    expect(decodePage(late).encoding).to.equal('windows-1252');
  });

  it('refuses invalid UTF-8 text without a BOM, naming the byte; --encoding reads it', () => {
    const text = bytes('Le caf', [0xe9], ' est chaud\n');
    expect(() => decodePage(text, { kind: 'text' })).to.throw(DecodeError, 'invalid UTF-8 at byte 6; pass --encoding to read another encoding');
    expect(decodePage(text, { kind: 'text', encoding: 'latin1' })).to.deep.equal({ text: 'Le café est chaud\n', encoding: 'windows-1252' });
    expect(decodePage(bytes(VI_1258), { encoding: 'windows-1258' }).text.normalize('NFC')).to.equal(VI_TEXT);
  });

  it('refuses an unknown forced encoding', () => {
    expect(() => decodePage(bytes('abc'), { encoding: 'klingon-8' })).to.throw(DecodeError, 'unknown encoding "klingon-8"');
  });

  it('refuses binary data: NUL bytes, a high share of control bytes, BOM-less UTF-16', () => {
    const png = bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR');
    expect(() => decodePage(png)).to.throw(DecodeError, 'binary data, not text (NUL byte at offset 8)');
    const controls = bytes(...Array.from({ length: 50 }, (_, i) => [0x41 + (i % 26), 0x01 + (i % 7)]));
    expect(() => decodePage(controls)).to.throw(DecodeError, /^binary data, not text \(50% control bytes/);
    const utf16 = bytes(...[...'<html>hello</html>'].map((c) => [c.charCodeAt(0), 0]));
    expect(() => decodePage(utf16)).to.throw(DecodeError, /NUL byte at offset 1; UTF-16LE without a BOM\? pass --encoding utf-16le/);
    expect(decodePage(utf16, { encoding: 'utf-16le' }).text).to.equal('<html>hello</html>');
  });

  it('allows tabs, form feeds and ISO-2022 escapes, which are not binary', () => {
    expect(decodePage(bytes('a\tb\fc\x1b$Bd\r\n'), { kind: 'text' }).text).to.equal('a\tb\fc\x1b$Bd\r\n');
  });

  it('recognises HTML by its content', () => {
    expect(looksLikeHtml('\uFEFF  <!DOCTYPE html><title>x</title>')).to.equal(true);
    expect(looksLikeHtml('<?xml version="1.0"?>\n<!-- hi -->\n<html xmlns="http://www.w3.org/1999/xhtml">')).to.equal(true);
    expect(looksLikeHtml('<HEAD><TITLE>Old page</TITLE>')).to.equal(true);
    expect(looksLikeHtml('<div class="a"><p>One</p><p>Two <a href="#">x</a></p></div>')).to.equal(true);
    expect(looksLikeHtml('<div id="readability-page-1" class="page"> Test </div>')).to.equal(true);
    expect(looksLikeHtml('Intro text, then markup: <span>a</span><b>b</b><i>c</i><em>d</em><br>e')).to.equal(true);
    expect(looksLikeHtml('Quân khu 2 tăng cường hợp tác\n\nNgày 22/5, tại tỉnh Xiengkhuang')).to.equal(false);
    expect(looksLikeHtml('Use the <p> element for paragraphs and <br> for breaks.')).to.equal(false);
    expect(looksLikeHtml('if (a <b && c> d) return;')).to.equal(false);
  });

  it('decodes HTML by content when no kind is given: the meta declaration is honoured', () => {
    expect(decodePage(htmlPage('<meta charset="windows-1258">', VI_1258)).encoding).to.equal('windows-1258');
    expect(() => decodePage(bytes('plain ', [0xe9]))).to.throw(DecodeError, /invalid UTF-8 at byte 6/);
  });

  it('finds the first invalid UTF-8 byte: bad leads, overlongs, surrogates, truncation', () => {
    expect(firstInvalidUtf8(bytes(utf8('aé中😀')))).to.equal(-1);
    expect(firstInvalidUtf8(bytes('ab', [0xc0, 0xaf]))).to.equal(2);
    expect(firstInvalidUtf8(bytes('a', [0xe0, 0x80, 0x80]))).to.equal(1);
    expect(firstInvalidUtf8(bytes('a', [0xed, 0xa0, 0x80]))).to.equal(1);
    expect(firstInvalidUtf8(bytes(utf8('é'), [0xe4, 0xb8]))).to.equal(2);
  });
});
