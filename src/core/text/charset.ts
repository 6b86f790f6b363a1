/**
 * Which encoding a page says it is in: its byte-order mark, or the
 * `<meta charset>` / `<meta http-equiv="Content-Type">` in its first bytes.
 * What a declaration is worth is decided by decode.ts; this file only reads.
 */
import { Parser } from 'htmlparser2';

/** WHATWG names of the encodings a byte-order mark can announce. */
export type BomEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Bytes of the document searched for a <meta> declaration (the spec says 1024; pages put 3 KB of junk first). */
export const PRESCAN_BYTES = 4096;

/**
 * windows-1252 bytes 0x80–0x9F, where it differs from Latin-1 (WHATWG index;
 * the five bytes it leaves undefined map to themselves).
 */
const CP1252_HIGH_CONTROLS =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1_CONTROL = /[\u0080-\u009f]/g;

/**
 * Node 20.18.3+ decodes windows-1252 (so also "latin1", "ascii"...) as
 * Latin-1, turning € ‘ ’ “ ” œ into C1 controls (nodejs/node#60888).
 * Browsers are right. Checked once, repaired in decodeBytes.
 */
const CP1252_BROKEN = new TextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '\u20AC';

/** The encoding a BOM at the start of `bytes` announces, if any. */
export function sniffBom(bytes: Uint8Array): BomEncoding | undefined {
  const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return undefined;
}

/** Decode with a WHATWG encoding name (a BOM for it is dropped), replacing malformed input with U+FFFD. */
export function decodeBytes(encoding: string, bytes: Uint8Array): string {
  const text = new TextDecoder(encoding).decode(bytes);
  if (!CP1252_BROKEN || encoding !== 'windows-1252') return text;
  return text.replace(C1_CONTROL, (c) => CP1252_HIGH_CONTROLS[c.charCodeAt(0) - 0x80]!);
}

/**
 * The WHATWG name of an encoding label ("latin1" → "windows-1252", "gb2312"
 * → "gbk"), or undefined if this runtime's TextDecoder does not know it.
 */
export function resolveEncoding(label: string): string | undefined {
  try {
    const name = new TextDecoder(label.trim()).encoding;
    // "replacement" is what WHATWG maps dangerous labels (iso-2022-kr...) to: not decodable.
    return name === 'replacement' ? undefined : name;
  } catch {
    return undefined;
  }
}

/**
 * The encoding declared by the first usable <meta> in the first
 * PRESCAN_BYTES, read as Latin-1 the way the HTML spec's prescan does (a real
 * tokenizer, so markup in comments and scripts is not mistaken for a meta).
 * A UTF-16 declaration means UTF-8: bytes that reach a prescan are ASCII-based.
 */
export function prescanCharset(bytes: Uint8Array): string | undefined {
  const head = decodeBytes('windows-1252', bytes.subarray(0, PRESCAN_BYTES));
  let found: string | undefined;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (found !== undefined || name !== 'meta') return;
      const label = metaLabel(attribs);
      const enc = label === undefined ? undefined : resolveEncoding(label);
      if (enc === undefined) return;
      found = enc.startsWith('utf-16') ? 'utf-8' : enc;
      parser.pause();
    },
  });
  parser.end(head);
  return found;
}

/**
 * The charset out of a Content-Type value, as the HTML spec's "extracting a
 * character encoding from a meta element": after "charset", optional spaces,
 * "=", then a quoted or bare value.
 */
export function charsetFromContentType(content: string): string | undefined {
  const lower = content.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lower.indexOf('charset', from);
    if (at < 0) return undefined;
    let i = skipSpaces(lower, at + 'charset'.length);
    if (lower[i] !== '=') {
      from = at + 1;
      continue;
    }
    i = skipSpaces(lower, i + 1);
    const q = content[i];
    if (q === '"' || q === "'") {
      const end = content.indexOf(q, i + 1);
      return end < 0 ? undefined : content.slice(i + 1, end);
    }
    let end = i;
    while (end < content.length && !/[\s;]/.test(content[end]!)) end++;
    return end > i ? content.slice(i, end) : undefined;
  }
}

function metaLabel(attribs: Record<string, string>): string | undefined {
  const charset = attribs['charset'];
  if (charset !== undefined && charset.trim().length > 0) return charset;
  const equiv = attribs['http-equiv'];
  const content = attribs['content'];
  if (equiv === undefined || content === undefined || equiv.trim().toLowerCase() !== 'content-type') return undefined;
  return charsetFromContentType(content);
}

function skipSpaces(s: string, from: number): number {
  let i = from;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r' || s[i] === '\f')) i++;
  return i;
}
