/**
 * Per-code-point classes the featurizer's hot loops look up instead of calling
 * toLowerCase / toUpperCase or running a regex per character. Each class is
 * computed once per code point, lazily, by exactly the test it stands for, so
 * a lookup always answers what that test would.
 */

/** Counting classes of lineShape's character loop (see countClass()). */
export const SPACE = 0, DIGIT = 1, UPPER = 2, CASED = 3, PUNCT = 4, COMMA = 5, UNCASED_LETTER = 6, OTHER = 7;

/** Bits of a BMP code unit's word class. */
export const W_WORD = 1, W_CASED = 2, W_TITLED = 4;

const bmpCount = new Int8Array(0x10000).fill(-1);
const astralCount = new Map<number, number>();
const bmpWord = new Int8Array(0x10000).fill(-1);
const astralWord = new Map<number, boolean>();

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const PUNCT_OR_SYMBOL = /\p{P}|\p{S}/u;
const LETTER = /\p{L}/u;

/** The counting class of one code point, given as its string (the original per-character test). */
function countClass(ch: string): number {
  if (ch === ' ') return SPACE;
  if (ch >= '0' && ch <= '9') return DIGIT;
  const lower = ch.toLowerCase();
  const up = ch.toUpperCase();
  if (lower !== up) return ch === up ? UPPER : CASED;
  if (PUNCT_OR_SYMBOL.test(ch)) return ch === ',' || ch === '،' || ch === '、' ? COMMA : PUNCT;
  if (LETTER.test(ch)) return UNCASED_LETTER;
  return OTHER;
}

/** Counting class of a code point (a lone surrogate counts as itself). */
export function countClassOf(cp: number): number {
  if (cp < 0x10000) {
    let c = bmpCount[cp]!;
    if (c < 0) c = bmpCount[cp] = countClass(String.fromCharCode(cp));
    return c;
  }
  let c = astralCount.get(cp);
  if (c === undefined) astralCount.set(cp, (c = countClass(String.fromCodePoint(cp))));
  return c;
}

/**
 * Word bits of a BMP code unit: W_WORD when /[\p{L}\p{M}\p{N}]/u matches it;
 * W_CASED when its lower and upper case differ, W_TITLED when it also equals
 * its upper case (how a word's first unit, w[0], is read).
 */
export function wordBitsOf(unit: number): number {
  let b = bmpWord[unit]!;
  if (b < 0) {
    const ch = String.fromCharCode(unit);
    b = 0;
    if (WORD_CHAR.test(ch)) b |= W_WORD;
    if (ch.toLowerCase() !== ch.toUpperCase()) {
      b |= W_CASED;
      if (ch === ch.toUpperCase()) b |= W_TITLED;
    }
    bmpWord[unit] = b;
  }
  return b;
}

/** True when /[\p{L}\p{M}\p{N}]/u matches the code point. */
export function isWordCodePoint(cp: number): boolean {
  if (cp < 0x10000) return (wordBitsOf(cp) & W_WORD) !== 0;
  let w = astralWord.get(cp);
  if (w === undefined) astralWord.set(cp, (w = WORD_CHAR.test(String.fromCodePoint(cp))));
  return w;
}

/**
 * The code point at `i` of `s` (surrogate pairs joined; a lone surrogate is
 * its own code point), as `for…of` and the u flag read strings.
 */
export function codePointAt(s: string, i: number, len: number): number {
  const unit = s.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < len) {
    const low = s.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return ((unit - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return unit;
}
