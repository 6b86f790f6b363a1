/**
 * Raw page bytes become text. The order, for the pages crawls really return:
 *
 * 1. A byte-order mark wins (browsers let it override even the HTTP header).
 * 2. A forced encoding (`opts.encoding`, the CLI's --encoding) comes next.
 * 3. Valid UTF-8 is UTF-8. Many pages declare windows-1252 or gb2312 and are
 *    UTF-8 all the same, and legacy text that happens to be valid UTF-8 while
 *    holding non-ASCII bytes is vanishingly rare. Pure ASCII takes the
 *    declared encoding, which only matters for 7-bit ones like ISO-2022-JP.
 * 4. Invalid UTF-8 is an error for text, which must not be guessed. HTML
 *    that is still mostly UTF-8 (a few broken bytes) stays UTF-8, with U+FFFD
 *    for the broken bytes; otherwise its <meta> declaration, unless that says
 *    UTF-8, which the bytes refute; else windows-1252, the web's default.
 *
 * Binary input (images, PDFs, archives, UTF-16 without a BOM) is refused
 * with a one-line reason rather than turned into lines of garbage.
 */
import { decodeBytes, prescanCharset, resolveEncoding, sniffBom } from './charset';

export interface DecodeOptions {
  /** How to read the bytes; when absent, HTML is recognised by its content. */
  readonly kind?: 'html' | 'text';
  /** Force an encoding label (any WHATWG label: "latin1", "windows-1258"...). A BOM still wins. */
  readonly encoding?: string;
}

export interface DecodedPage {
  readonly text: string;
  /** WHATWG name of the encoding used, e.g. "utf-8", "windows-1258". */
  readonly encoding: string;
}

interface Utf8Scan {
  /** Valid multi-byte sequences. */
  valid: number;
  /** Bytes that start no valid sequence. */
  invalid: number;
  firstInvalid: number;
}

export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Bytes inspected for binary content. */
export const BINARY_SCAN_BYTES = 8192;
/** Above this share of control bytes, the input is binary. */
export const MAX_CONTROL_SHARE = 0.1;
/** Characters at the start of a text inspected by looksLikeHtml. */
export const HTML_SNIFF_CHARS = 4096;
/** Markup tags in the first HTML_SNIFF_CHARS that make a text HTML. */
export const MIN_HTML_TAGS = 5;
/** Share of valid sequences among non-ASCII ones above which invalid UTF-8 is still read as UTF-8. */
export const MOSTLY_UTF8 = 0.95;
/** Share of NULs on one byte parity that marks BOM-less UTF-16. */
const UTF16_NUL_SHARE = 0.3;

const COMMON_TAG = /<\/?(?:html|head|body|div|p|span|a|br|li|ul|ol|table|tr|td|h[1-6]|img|meta|link|script|style|section|article|nav|header|footer|main|form|b|i|em|strong)(?=[\s/>])/gi;
const DOCUMENT_START = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)(?=[\s/>])/i;
/** A fragment: the text opens with a common tag. */
const FRAGMENT_START = /^<(?:div|p|span|a|ul|ol|li|table|section|article|main|header|nav|footer|h[1-6]|b|i|em|strong|img|br)(?=[\s/>])/i;

/** Decode page bytes to text, choosing the encoding as described above. */
export function decodePage(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedPage {
  const bom = sniffBom(bytes);
  if (bom !== undefined) return decodeChecked(bom, bytes);
  if (opts.encoding !== undefined) {
    const forced = resolveEncoding(opts.encoding);
    if (forced === undefined) throw new DecodeError(`unknown encoding "${opts.encoding}"`);
    return decodeChecked(forced, bytes);
  }
  refuseBinaryBytes(bytes);
  const kind = opts.kind ?? (looksLikeHtml(decodeBytes('windows-1252', bytes.subarray(0, HTML_SNIFF_CHARS))) ? 'html' : 'text');
  const declared = kind === 'html' ? prescanCharset(bytes) : undefined;
  const utf8 = strictUtf8(bytes);
  if (utf8 !== undefined) {
    // Same length exactly when every byte is ASCII: multi-byte sequences shorten the string.
    const ascii = utf8.length === bytes.length;
    if (declared === undefined || declared === 'utf-8' || !ascii) return { text: utf8, encoding: 'utf-8' };
    return { text: decodeBytes(declared, bytes), encoding: declared };
  }
  if (kind === 'text') {
    throw new DecodeError(`invalid UTF-8 at byte ${firstInvalidUtf8(bytes)}; pass --encoding to read another encoding`);
  }
  const scan = scanUtf8(bytes, false);
  if (scan.valid >= MOSTLY_UTF8 * (scan.valid + scan.invalid)) {
    // UTF-8 with a few broken bytes (a cut-off page, one pasted legacy character).
    return { text: decodeBytes('utf-8', bytes), encoding: 'utf-8' };
  }
  // A utf-8 declaration that the bytes refute is a template default, not a fact.
  const legacy = declared !== undefined && declared !== 'utf-8' ? declared : 'windows-1252';
  return { text: decodeBytes(legacy, bytes), encoding: legacy };
}

/**
 * True when a text is HTML: it starts like a document (doctype, <html>,
 * <head>, <body>, after an optional XML declaration and comments) or with a
 * common tag (a fragment), or its start is dense with common tags.
 */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, HTML_SNIFF_CHARS).replace(/^[\uFEFF\s]+/, '');
  if (DOCUMENT_START.test(head) || FRAGMENT_START.test(head)) return true;
  const tags = head.match(COMMON_TAG);
  return tags !== null && tags.length >= MIN_HTML_TAGS;
}

/** The offset of the first byte that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  return scanUtf8(bytes, true).firstInvalid;
}

/** Count valid multi-byte sequences and invalid bytes (WHATWG UTF-8 rules), optionally stopping at the first invalid one. */
function scanUtf8(bytes: Uint8Array, stopAtInvalid: boolean): Utf8Scan {
  const out: Utf8Scan = { valid: 0, invalid: 0, firstInvalid: -1 };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(bytes, i, b);
    if (len > 0) {
      out.valid++;
      i += len;
      continue;
    }
    if (out.firstInvalid < 0) out.firstInvalid = i;
    out.invalid++;
    if (stopAtInvalid) break;
    i++;
  }
  return out;
}

/** Length of the valid multi-byte sequence starting with lead byte `b` at `i`, or 0. */
function sequenceLength(bytes: Uint8Array, i: number, b: number): number {
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0; // overlong
    if (b === 0xed) hi = 0x9f; // surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90; // overlong
    if (b === 0xf4) hi = 0x8f; // above U+10FFFF
  } else return 0;
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || c < lo || c > hi) return 0;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decode with a known encoding; UTF-16 is checked for binary after decoding, the rest before. */
function decodeChecked(encoding: string, bytes: Uint8Array): DecodedPage {
  const utf16 = encoding.startsWith('utf-16');
  if (!utf16) refuseBinaryBytes(bytes);
  const text = decodeBytes(encoding, bytes);
  if (utf16) {
    const nul = text.slice(0, BINARY_SCAN_BYTES).indexOf('\u0000');
    if (nul >= 0) throw new DecodeError(`binary data, not text (NUL character at index ${nul})`);
  }
  return { text, encoding };
}

/** Throw for NUL bytes or a high share of control bytes at the start. */
function refuseBinaryBytes(bytes: Uint8Array): void {
  const n = Math.min(bytes.length, BINARY_SCAN_BYTES);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) throw new DecodeError(`binary data, not text (NUL byte at offset ${i}${utf16Hint(bytes, n)})`);
    if (isControlByte(b)) controls++;
  }
  if (n > 0 && controls / n > MAX_CONTROL_SHARE) {
    throw new DecodeError(`binary data, not text (${Math.round((100 * controls) / n)}% control bytes in the first ${n} bytes)`);
  }
}

/** C0 controls other than whitespace and ESC (ISO-2022 escapes), plus DEL. */
function isControlByte(b: number): boolean {
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f;
}

/** A hint for the common case of UTF-16 saved without its BOM: NULs on every other byte. */
function utf16Hint(bytes: Uint8Array, n: number): string {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 === 0 ? even++ : odd++);
  const half = n / 2;
  if (odd / half > UTF16_NUL_SHARE && even === 0) return '; UTF-16LE without a BOM? pass --encoding utf-16le';
  if (even / half > UTF16_NUL_SHARE && odd === 0) return '; UTF-16BE without a BOM? pass --encoding utf-16be';
  return '';
}
