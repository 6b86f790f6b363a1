/**
 * Tokens as the aligner sees them, on the gold and on the page alike, and the
 * token-sequence comparisons the label rules share.
 */

/** Scripts written without spaces between words: one token per character. */
const CHAR_SCRIPTS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}\\p{sc=Tibetan}';
/** One token, in the text's own case: cue and byline rules look at capitals. */
export const TOKEN = new RegExp(`[${CHAR_SCRIPTS}]\\p{M}*|(?:(?![${CHAR_SCRIPTS}])[\\p{L}\\p{M}\\p{N}])+`, 'gu');
const CHAR_TOKEN = new RegExp(`^[${CHAR_SCRIPTS}]`, 'u');

/** Tokens as the aligner sees them. */
export function alignTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** Line weight: word tokens count 1, single CJK/Thai characters ½. */
export function units(tokens: readonly string[]): number {
  let u = 0;
  for (const t of tokens) u += CHAR_TOKEN.test(t) ? 0.5 : 1;
  return u;
}

/** True when snippet s and line t are (nearly) the same text, either way round. */
export function covers(s: readonly string[], t: readonly string[]): boolean {
  return (contains(t, s) && s.length >= 0.6 * t.length) || (contains(s, t) && t.length >= 0.6 * s.length);
}

/** min(share of t in s, share of s in t), by in-order greedy match. */
export function mutualShare(t: readonly string[], s: readonly string[]): number {
  let k = 0;
  for (let i = 0, j = 0; i < t.length && j < s.length; j++) if (t[i] === s[j]) { k++; i++; }
  return Math.min(k / t.length, k / s.length);
}

/** True when s occurs contiguously inside t. */
export function contains(t: readonly string[], s: readonly string[]): boolean {
  outer: for (let i = 0; i + s.length <= t.length; i++) {
    for (let k = 0; k < s.length; k++) if (t[i + k] !== s[k]) continue outer;
    return true;
  }
  return false;
}
