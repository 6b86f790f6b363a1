/**
 * Word-level ids of a line: words, adjacent-word pairs, and the first and last
 * word on their own (a line's first word, "Ảnh", "Photo", "Lire", "Xem", is
 * often the whole story).
 */
import { bucket, finalize, fnvStep, hashStart, type Namespace } from './hash';
import type { IdBag } from './idBag';

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SPACE = 0x20;

/** Add word, bigram, first-word and last-word ids for `words` (lower-cased tokens). */
export function addWordIds(bag: IdBag, words: readonly string[], bucketBits: number): void {
  const n = words.length;
  if (n === 0) return;
  for (let i = 0; i < n; i++) {
    bag.add(bucket(finalize(feed(hashStart('word'), words[i]!)), bucketBits));
    if (i > 0) {
      let h = feed(hashStart('bigram'), words[i - 1]!);
      h = fnvStep(h, SPACE);
      bag.add(bucket(finalize(feed(h, words[i]!)), bucketBits));
    }
  }
  bag.add(bucket(finalize(feed(hashStart('first'), words[0]!)), bucketBits));
  bag.add(bucket(finalize(feed(hashStart('last'), words[n - 1]!)), bucketBits));
}

/** Add ids for tokens of one namespace (HTML tag names, class and id words). */
export function addTokens(bag: IdBag, ns: Namespace, tokens: readonly string[], bucketBits: number): void {
  for (const t of tokens) bag.add(bucket(finalize(feed(hashStart(ns), t)), bucketBits));
}

/** Fold a word into a hash, reading ASCII digits as '0' like the n-grams do. */
function feed(h: number, w: string): number {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    h = fnvStep(h, c >= DIGIT_0 && c <= DIGIT_9 ? DIGIT_0 : c);
  }
  return h;
}
