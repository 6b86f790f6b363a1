/**
 * fast-check generators of hostile pages: arbitrary and tricky text, tag
 * soup, byte-level mutations of real pages, and broken label files.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LABELS_DIR } from '../helpers/tiny';

/** Characters that break naive code: separators, controls, invisibles, bidi, surrogate pairs, combining marks, CSV and formula syntax. */
export const TRICKY = [
  '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\t', '\v', '\f', '\u0000', '\u0007', '\u001b', '\u007f', '\u009f',
  '\u00a0', '\u3000', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u2066', '\u200f',
  '\u0300', '\u0301', '\u0323', '\u0309', 'e\u0302\u0301', '😀', '👨‍👩‍👧', '🇻🇳', '\ud800', '\udfff', '\uffff', '\ufffd',
  '"', "'", ',', ';', '=', '+', '-', '@', '=SUM(A1)', '<', '>', '&amp;', '&#0;', '&#x110000;', '&nbsp;', '\\', '%2e%2e/',
  'ư', 'ơ', 'Đ', 'ệ', 'ß', 'İ', 'ﬁ', 'ǅ', 'ا', 'ש', '中', 'ー', '0', '12:30', '2024-01-01', 'http://x.example/a?b=c',
];

const VI_WORDS = ['Hà', 'Nội', 'người', 'dân', 'đổ', 'về', 'phố', 'cổ', 'Tết', 'năm', 'mới', 'Đọc', 'nhiều', 'Xem', 'thêm', 'của', 'và', 'được', 'những', 'trưởng'];
const FR_WORDS = ['Le', 'café', 'de', 'la', 'gare', 'rouvre', 'après', 'des', 'travaux', 'Voir', 'plus', 'Déjà', 'vu', 'été', 'à', 'où'];
const EN_WORDS = ['Home', 'News', 'Sport', 'The', 'council', 'said', 'on', 'Monday', 'that', 'the', 'bridge', 'would', 'be', 'rebuilt', 'Read', 'more'];

/** A word-ish token: real words, numbers, tricky characters, random text. */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VI_WORDS, ...FR_WORDS, ...EN_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);

/** One line of text (may itself hold line breaks: the splitter must cope). */
export const line: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(token, { maxLength: 30 }).map((t) => t.join(' ')) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((n) => 'long '.repeat(n)) },
);

/** Lines of a page. */
export const lines: fc.Arbitrary<string[]> = fc.array(line, { maxLength: 60 });

/** Page text joined with any kind of line break. */
export const pageText: fc.Arbitrary<string> = fc.tuple(lines, fc.constantFrom('\n', '\r\n', '\r', '\u2028', '\n\n')).map(([l, sep]) => l.join(sep));

const TAGS = ['div', 'p', 'span', 'a', 'b', 'i', 'li', 'ul', 'table', 'tr', 'td', 'th', 'h1', 'h2', 'pre', 'br', 'script', 'style', 'title', 'nav', 'footer', 'svg', 'math', 'template', 'noscript', 'iframe', 'form', 'select', 'option', 'textarea', 'head', 'body', 'html', 'img', 'input'];
const ATTRS = ['', ' class="nav menu-item"', ' id="mainContent"', ' hidden', ' aria-hidden="true"', ' style="display:none"', ' style="visibility: hidden"', ' href="/x"', ' class=', ' "x"=y', ' lang="vi"'];

/** Tag soup: open and close tags in any order, attributes, comments, entities, text. */
export const tagSoup: fc.Arbitrary<string> = fc.array(fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...TAGS), fc.constantFrom(...ATTRS)).map(([t, a]) => `<${t}${a}>`) },
  { weight: 3, arbitrary: fc.constantFrom(...TAGS).map((t) => `</${t}>`) },
  { weight: 5, arbitrary: line },
  { weight: 1, arbitrary: fc.constantFrom('<!--', '-->', '<!doctype html>', '<![CDATA[', ']]>', '<?xml version="1.0"?>', '&', '&#', '&lt;', '<', '</', '<script><!--', '<meta charset="windows-1258">', '<meta charset="utf-16">') },
), { maxLength: 120 }).map((parts) => parts.join(''));

/** The seed pages' bytes, as bases for mutation. */
export const SEED_PAGES: Buffer[] = fs.readdirSync(LABELS_DIR).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(LABELS_DIR, f)));
export const SEED_LABELS: string[] = fs.readdirSync(LABELS_DIR).filter((f) => f.endsWith('.csv')).sort().map((f) => fs.readFileSync(path.join(LABELS_DIR, f), 'utf8'));

type Op = { kind: 'flip' | 'insert' | 'delete' | 'truncate' | 'splice'; at: number; byte: number; len: number; text: string };

const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'splice'),
  at: fc.nat({ max: 1_000_000 }).map((n) => n / 1_000_000),
  byte: fc.integer({ min: 0, max: 255 }),
  len: fc.integer({ min: 1, max: 64 }),
  text: fc.oneof(fc.constantFrom(...TRICKY), tagSoup.map((s) => s.slice(0, 200))),
}) as fc.Arbitrary<Op>;

/** Apply byte-level mutations to a copy of `base`. */
export function mutate(base: Uint8Array, ops: readonly Op[]): Buffer {
  let b = Buffer.from(base);
  for (const o of ops) {
    const at = Math.floor(o.at * b.length);
    if (o.kind === 'flip' && b.length > 0) b[Math.min(at, b.length - 1)] ^= o.byte || 1;
    else if (o.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([o.byte]), b.subarray(at)]);
    else if (o.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + o.len)]);
    else if (o.kind === 'truncate') b = b.subarray(0, at);
    else if (o.kind === 'splice') b = Buffer.concat([b.subarray(0, at), Buffer.from(o.text, 'utf8'), b.subarray(at)]);
  }
  return b;
}

export const mutations: fc.Arbitrary<Op[]> = fc.array(op, { minLength: 1, maxLength: 8 });

/** Bytes of a page: mutated seed pages, random bytes, tag soup and text in several encodings. */
export const pageBytes: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat({ max: SEED_PAGES.length - 1 }), mutations).map(([i, ops]) => mutate(SEED_PAGES[i]!, ops)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)) },
  { weight: 3, arbitrary: tagSoup.map((s) => Buffer.from(s, 'utf8')) },
  { weight: 3, arbitrary: pageText.map((s) => Buffer.from(s, 'utf8')) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.oneof(pageText, tagSoup), fc.constantFrom('latin1', 'utf16le', 'utf16le-bom', 'utf8-bom')).map(([s, enc]) => {
      if (enc === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
      if (enc === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);
      return Buffer.from(s, enc as BufferEncoding);
    }),
  },
);

/** Label file text: mutated seed label files and written-then-mutated ones. */
export const labelText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat({ max: SEED_LABELS.length - 1 }), mutations).map(([i, ops]) => mutate(Buffer.from(SEED_LABELS[i]!), ops).toString('utf8')) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: SEED_LABELS.length - 1 }), fc.nat()).map(([i, n]) => SEED_LABELS[i]!.slice(0, n % (SEED_LABELS[i]!.length + 1))) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('# chaff-labels 1 ', '# chaff-labels 2 ', '# chaff-labels ', '#chaff-labels 1 ', ''),
      fc.oneof(fc.constant('{"id":"p","lang":"vi","site":"s","source":"user","policy":"1"}'), fc.json(), fc.string()),
      fc.constantFrom('line,text,label', 'line,fp,label', 'line,text', 'text,line,label', ''),
      fc.array(fc.tuple(fc.oneof(fc.nat({ max: 60 }).map(String), fc.string()), line, fc.constantFrom('article', 'noise', '', 'maybe', '"', 'article,')), { maxLength: 30 }),
      fc.constantFrom('\n', '\r\n', '\r'))
      .map(([magic, meta, header, rows, nl]) => [magic + meta, header, ...rows.map((r) => r.join(','))].join(nl)),
  },
);

/** True when `sub` is `full` with some elements left out, order kept. */
export function isSubsequence(sub: readonly string[], full: readonly string[]): boolean {
  let j = 0;
  for (const x of sub) {
    while (j < full.length && full[j] !== x) j++;
    if (j === full.length) return false;
    j++;
  }
  return true;
}
