/**
 * Word-level ids of a line: words, adjacent-word pairs, and the first and last
 * word on their own (a line's first word, "Ảnh", "Photo", "Lire", "Xem", is
 * often the whole story).
 */
import { bucket, finalize, fnvStep, hashStart, type Namespace } from './hash';
import type { IdBag } from './idBag';
import { codePointAt, isWordCodePoint } from './charClass';

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

/** Word boundaries of the last line scanned: word w is text[starts[w], ends[w]). Reused across calls. */
let starts: Int32Array = new Int32Array(256);
let ends: Int32Array = new Int32Array(256);

/**
 * The same ids as addWordIds(bag, unicodeTokenize(text), bucketBits), without
 * building the words: they are the maximal runs of letters, marks and digits
 * (what /[\p{L}\p{M}\p{N}]+/gu matches), hashed in place.
 */
export function addUnicodeWordIds(bag: IdBag, text: string, bucketBits: number): void {
  const len = text.length;
  let n = 0;
  let inWord = false;
  for (let i = 0; i < len; ) {
    const cp = codePointAt(text, i, len);
    const width = cp > 0xffff ? 2 : 1;
    if (isWordCodePoint(cp)) {
      if (!inWord) {
        if (n === starts.length) {
          starts = grow(starts);
          ends = grow(ends);
        }
        starts[n] = i;
        inWord = true;
      }
      ends[n] = i + width;
    } else if (inWord) {
      inWord = false;
      n++;
    }
    i += width;
  }
  if (inWord) n++;
  if (n === 0) return;
  for (let i = 0; i < n; i++) {
    bag.add(bucket(finalize(feedRange(hashStart('word'), text, starts[i]!, ends[i]!)), bucketBits));
    if (i > 0) {
      let h = feedRange(hashStart('bigram'), text, starts[i - 1]!, ends[i - 1]!);
      h = fnvStep(h, SPACE);
      bag.add(bucket(finalize(feedRange(h, text, starts[i]!, ends[i]!)), bucketBits));
    }
  }
  bag.add(bucket(finalize(feedRange(hashStart('first'), text, starts[0]!, ends[0]!)), bucketBits));
  bag.add(bucket(finalize(feedRange(hashStart('last'), text, starts[n - 1]!, ends[n - 1]!)), bucketBits));
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Add ids for tokens of one namespace (HTML tag names, class and id words). */
export function addTokens(bag: IdBag, ns: Namespace, tokens: readonly string[], bucketBits: number): void {
  for (const t of tokens) bag.add(bucket(finalize(feed(hashStart(ns), t)), bucketBits));
}

/** Fold a word into a hash, reading ASCII digits as '0' like the n-grams do. */
function feed(h: number, w: string): number {
  return feedRange(h, w, 0, w.length);
}

/** Fold text[from, to) into a hash, as feed() folds a word. */
function feedRange(h: number, text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    h = fnvStep(h, c >= DIGIT_0 && c <= DIGIT_9 ? DIGIT_0 : c);
  }
  return h;
}
