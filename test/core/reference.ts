/**
 * The straightforward implementations that chaff's optimised hot paths must
 * match bit for bit: lineShape and IdBag.emit as they were first written, and
 * float16 decoding by the formula.
 * Tests compare the optimised code against these on random input.
 */
import { finalize } from '../../src/core/features/hash';

/** IdBag.emit's result for ids added with weights, in the original way: sort by rank (or id), keep k. */
export function referenceEmit(added: readonly (readonly [number, number])[], k: number): { ids: number[]; weights: number[] } {
  const counts = new Map<number, number>();
  for (const [id, w] of added) counts.set(id, Math.fround((counts.get(id) ?? 0) + w));
  let keys = [...counts.keys()];
  const rank = (id: number) => finalize(id ^ 0x5bd1e995);
  if (keys.length > k) keys = keys.sort((a, b) => rank(a) - rank(b)).slice(0, k);
  else keys = keys.sort((a, b) => a - b);
  let total = 0;
  for (const id of keys) total += counts.get(id)!;
  const inv = total > 0 ? 1 / total : 0;
  const ids: number[] = [], weights: number[] = [];
  for (let i = 0; i < k; i++) {
    ids.push(i < keys.length ? keys[i]! : 0);
    weights.push(i < keys.length ? Math.fround(counts.get(keys[i]!)! * inv) : 0);
  }
  return { ids, weights };
}

/* lineShape, as first written. */
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
const SEPARATORS = /[|•·›»«‹/]/gu;
const SENTENCE_BREAK = /[.!?。！？](\s|$)/gu;
const QUOTES = /["“”«»„]/u;
const COPYRIGHT = /©|\(c\)|copyright|bản quyền|tous droits|all rights reserved/iu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Write this line's shape features into `out` at `offset`. */
export function referenceLineShape(text: string, out: Float32Array, offset: number): void {
  const n = 26;
  if (text.length === 0) {
    out.fill(0, offset, offset + n);
    out[offset] = 1; // blank
    return;
  }
  let letters = 0, upper = 0, digits = 0, punct = 0, nonSpace = 0, commas = 0;
  for (const ch of text) {
    if (ch === ' ') continue;
    nonSpace++;
    if (ch >= '0' && ch <= '9') { digits++; continue; }
    const lower = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lower !== up) {
      letters++;
      if (ch === up) upper++;
    } else if (/\p{P}|\p{S}/u.test(ch)) {
      punct++;
      if (ch === ',' || ch === '،' || ch === '、') commas++;
    } else if (/\p{L}/u.test(ch)) {
      letters++; // letters of scripts without case
    }
  }
  const words = text.match(WORD) ?? [];
  let titled = 0, cased = 0, wordChars = 0;
  for (const w of words) {
    wordChars += w.length;
    const first = w[0]!;
    if (first.toLowerCase() !== first.toUpperCase()) {
      cased++;
      if (first === first.toUpperCase()) titled++;
    }
  }
  const sentences = (text.match(SENTENCE_BREAK) ?? []).length;
  const firstLetter = text.match(/\p{L}/u)?.[0];
  const v = [
    0,
    Math.min(Math.log(text.length + 1) / LOG_1000, 1.5),
    Math.min(Math.log(words.length + 1) / LOG_200, 1.5),
    flag(SENTENCE_END.test(text)),
    flag(COLON_END.test(text)),
    flag(OTHER_PUNCT_END.test(text)),
    flag(ALNUM_END.test(text)),
    flag(ELLIPSIS_END.test(text)),
    ratio(digits, nonSpace),
    ratio(upper, letters),
    ratio(punct, nonSpace),
    flag(firstLetter !== undefined && firstLetter !== firstLetter.toLowerCase() && /^\P{L}{0,3}\p{L}/u.test(text)),
    ratio(titled, cased),
    flag(DATE_LIKE.test(text)),
    flag(TIME_LIKE.test(text)),
    flag(URL_LIKE.test(text)),
    flag(EMAIL_LIKE.test(text)),
    flag(BRACKET_START.test(text)),
    ratio((text.match(SEPARATORS) ?? []).length, words.length + 1),
    Math.min(Math.log(sentences + 1) / LOG_10, 1.5),
    ratio(commas, words.length),
    Math.min(ratio(wordChars, words.length) / 10, 2),
    flag(QUOTES.test(text)),
    flag(COPYRIGHT.test(text)),
    flag(letters >= 4 && upper === letters),
    flag(/^\d/u.test(text)),
  ];
  for (let i = 0; i < n; i++) out[offset + i] = v[i]!;
}

function flag(b: boolean): number {
  return b ? 1 : 0;
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

/** A float16's value by the formula (sign × 2^(e − 15) × 1.m, subnormals and specials apart). */
export function referenceHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}
