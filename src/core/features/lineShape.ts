/**
 * Layout features of one line on its own: how long it is, how it ends, what
 * it is made of, and whether it looks like a date, a time, a link or a credit.
 * Every value is scaled to roughly [0, 1] so no feature dominates at init.
 *
 * One pass over the code points, with classes looked up (charClass.ts), does
 * the character, word and separator counts; the regexes that remain only run
 * when a cheap check shows they can match.
 */
import { codePointAt, countClassOf, isWordCodePoint, wordBitsOf, SPACE, DIGIT, UPPER, CASED, PUNCT, COMMA, UNCASED_LETTER, W_CASED, W_TITLED } from './charClass';

/** Names of the features this file computes, in output order. Saved with a model. */
export const LINE_SHAPE_FEATURES = [
  'blank',
  'log_chars',
  'log_words',
  'ends_sentence',
  'ends_colon',
  'ends_other_punct',
  'ends_alnum',
  'ends_ellipsis',
  'digit_share',
  'upper_share',
  'punct_share',
  'starts_upper',
  'title_case_share',
  'date_like',
  'time_like',
  'url_like',
  'email_like',
  'starts_bracket',
  'separator_share',
  'log_sentences',
  'commas_per_word',
  'mean_word_len',
  'has_quote',
  'copyright',
  'all_caps',
  'starts_digit',
] as const;

const LOG_1000 = Math.log(1001);
const LOG_200 = Math.log(201);
const LOG_10 = Math.log(11);

const SENTENCE_END = /[.!?。！？؟।]["'”’»)\]]*$/u;
const ELLIPSIS_END = /(\.\.\.|…)["'”’»)\]]*$/u;
const COLON_END = /[:：]$/u;
const OTHER_PUNCT_END = /[,;\-–—|/>»›·•]$/u;
const ALNUM_END = /[\p{L}\p{N}]$/u;
const DATE_LIKE = /(^|\D)(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}|\d{1,2}\/\d{1,2})(\D|$)/u;
const TIME_LIKE = /(^|\D)\d{1,2}[:h]\d{2}(\D|$)/u;
const URL_LIKE = /https?:\/\/|www\.|\b[\p{L}\p{N}-]+\.(com|net|org|vn|fr|de|uk|info|gov|edu|io|co)\b/iu;
const EMAIL_LIKE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;
const BRACKET_START = /^[[(【「<|]/u;
const SENTENCE_BREAK = /[.!?。！？](\s|$)/gu;
const QUOTES = /["“”«»„]/u;
const COPYRIGHT = /©|\(c\)|copyright|bản quyền|tous droits|all rights reserved/iu;

/** Separator characters counted by SEPARATORS, by code unit (all are single BMP units). */
const SEPARATOR_UNITS = new Set([0x7c, 0x2022, 0xb7, 0x203a, 0xbb, 0xab, 0x2039, 0x2f]);

/** Write this line's shape features into `out` at `offset`. */
export function lineShape(text: string, out: Float32Array, offset: number): void {
  const n = LINE_SHAPE_FEATURES.length;
  if (text.length === 0) {
    out.fill(0, offset, offset + n);
    out[offset] = 1; // blank
    return;
  }
  // One pass over the code points does the character counts, the words of
  // WORD (maximal runs of letters, marks and digits) and the separators.
  let letters = 0, upper = 0, digits = 0, punct = 0, nonSpace = 0, commas = 0;
  let words = 0, titled = 0, cased = 0, wordChars = 0, separators = 0;
  let inWord = false;
  const len = text.length;
  for (let i = 0; i < len; ) {
    const unit = text.charCodeAt(i);
    const cp = codePointAt(text, i, len);
    const width = cp > 0xffff ? 2 : 1;
    switch (countClassOf(cp)) {
      case SPACE: break;
      case DIGIT: nonSpace++; digits++; break;
      case UPPER: nonSpace++; letters++; upper++; break;
      case CASED: nonSpace++; letters++; break;
      case PUNCT: nonSpace++; punct++; break;
      case COMMA: nonSpace++; punct++; commas++; break;
      case UNCASED_LETTER: nonSpace++; letters++; break;
      default: nonSpace++;
    }
    if (isWordCodePoint(cp)) {
      if (!inWord) {
        // A word's first character is its first UTF-16 unit, as w[0] reads it.
        words++;
        const b = wordBitsOf(unit);
        if (b & W_CASED) {
          cased++;
          if (b & W_TITLED) titled++;
        }
        inWord = true;
      }
      wordChars += width;
    } else {
      inWord = false;
      if (width === 1 && SEPARATOR_UNITS.has(unit)) separators++;
    }
    i += width;
  }
  const sentences = countMatches(text, SENTENCE_BREAK);
  const firstLetter = text.match(/\p{L}/u)?.[0];
  const o = offset;
  out[o + 0] = 0;
  out[o + 1] = Math.min(Math.log(text.length + 1) / LOG_1000, 1.5);
  out[o + 2] = Math.min(Math.log(words + 1) / LOG_200, 1.5);
  out[o + 3] = flag(SENTENCE_END.test(text));
  out[o + 4] = flag(COLON_END.test(text));
  out[o + 5] = flag(OTHER_PUNCT_END.test(text));
  out[o + 6] = flag(ALNUM_END.test(text));
  out[o + 7] = flag(ELLIPSIS_END.test(text));
  out[o + 8] = ratio(digits, nonSpace);
  out[o + 9] = ratio(upper, letters);
  out[o + 10] = ratio(punct, nonSpace);
  out[o + 11] = flag(firstLetter !== undefined && firstLetter !== firstLetter.toLowerCase() && /^\P{L}{0,3}\p{L}/u.test(text));
  out[o + 12] = ratio(titled, cased);
  // \d is ASCII only, even with the u flag: no ASCII digit, no date or time.
  out[o + 13] = flag(digits > 0 && DATE_LIKE.test(text));
  out[o + 14] = flag(digits > 0 && TIME_LIKE.test(text));
  // EMAIL_LIKE needs an "@" (nothing case-folds into it).
  out[o + 15] = flag(mayBeUrl(text) && URL_LIKE.test(text));
  out[o + 16] = flag(text.includes('@') && EMAIL_LIKE.test(text));
  out[o + 17] = flag(BRACKET_START.test(text));
  out[o + 18] = ratio(separators, words + 1);
  out[o + 19] = Math.min(Math.log(sentences + 1) / LOG_10, 1.5);
  out[o + 20] = ratio(commas, words);
  out[o + 21] = Math.min(ratio(wordChars, words) / 10, 2);
  out[o + 22] = flag(QUOTES.test(text));
  out[o + 23] = flag(COPYRIGHT.test(text));
  out[o + 24] = flag(letters >= 4 && upper === letters);
  const c0 = text.charCodeAt(0);
  out[o + 25] = flag(c0 >= 0x30 && c0 <= 0x39);
}

/** Second letters after "." of URL_LIKE's domains: co(m), ne(t), or(g), vn, fr, de, uk, in(fo), go(v), ed(u), io. */
const TLD_PREFIXES = new Set(['co', 'ne', 'or', 'vn', 'fr', 'de', 'uk', 'in', 'go', 'ed', 'io']);

/**
 * False only when URL_LIKE cannot match: it needs "://", or a "." after "www"
 * or before one of its domains. Case-insensitive the way /iu is: besides
 * ASCII, only U+017F (ſ → s) and U+212A (Kelvin → k) fold into ASCII letters.
 */
function mayBeUrl(text: string): boolean {
  if (text.includes('://')) return true;
  for (let p = text.indexOf('.'); p >= 0; p = text.indexOf('.', p + 1)) {
    if (p >= 3 && foldAscii(text.charCodeAt(p - 3)) === 0x77 && foldAscii(text.charCodeAt(p - 2)) === 0x77 && foldAscii(text.charCodeAt(p - 1)) === 0x77) return true;
    // Past the end charCodeAt gives NaN, which folds to 0.
    const a = foldAscii(text.charCodeAt(p + 1));
    const b = foldAscii(text.charCodeAt(p + 2));
    if (a > 0 && b > 0 && TLD_PREFIXES.has(String.fromCharCode(a, b))) return true;
  }
  return false;
}

/** The lower-case ASCII letter a code unit case-folds to, or 0. */
function foldAscii(c: number): number {
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if (c >= 0x61 && c <= 0x7a) return c;
  if (c === 0x17f) return 0x73;
  if (c === 0x212a) return 0x6b;
  return 0;
}

function countMatches(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

function flag(b: boolean): number {
  return b ? 1 : 0;
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}
