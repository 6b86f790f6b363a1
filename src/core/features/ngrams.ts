/**
 * Character n-grams of a line, hashed straight into an IdBag.
 *
 * The line is lower-cased and every ASCII digit reads as '0', so "22/5" and
 * "16/1" share n-grams: dates and counts generalise across pages. The line's
 * start and end are marked, so "^ảnh" (a caption credit) differs from "ảnh"
 * mid-sentence.
 *
 * Hot path: the line's code units (sentinels and digit folding applied) are
 * copied once into a reused buffer, and each n-gram's hash is extended one
 * unit at a time from the shorter one's; no string is built.
 */
import { bucket, finalize, fnvStep, hashStart } from './hash';
import type { IdBag } from './idBag';

/** Sentinels for the line's start and end; control characters never survive normalisation. */
const LINE_START = 0x02;
const LINE_END = 0x03;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

export interface NgramSettings {
  readonly minN: number;
  readonly maxN: number;
  readonly bucketBits: number;
}

/**
 * Distinct n-grams per n-gram of a long line, low end: half (the median is
 * 0.87, and 99% of the bench corpus's long lines are above 0.55). A lower
 * guess only keeps more ids than needed; a higher one makes the cutoff
 * refuse too many, and the line is then added twice.
 */
const DISTINCT_SHARE_LOW = 0.5;

/** The line's units with its sentinels, reused across calls (grows for long lines). */
let units = new Uint16Array(1024);

/**
 * The char n-grams of `lower` into an empty `bag` of which `k` will be
 * emitted: with a rank cutoff on long lines, so the bag only ever holds the
 * few hundred lowest-ranked ids; the emitted ids and weights are the same as
 * with every n-gram added (see IdBag.limit).
 */
export function addCharNgramsForTopK(bag: IdBag, lower: string, s: NgramSettings, k: number): void {
  bag.limit(DISTINCT_SHARE_LOW * ngramCount(lower.length + 2, s), k);
  addCharNgrams(bag, lower, s);
  if (bag.incomplete(k)) {
    bag.clear();
    addCharNgrams(bag, lower, s);
  }
}

/** Add the hashed char n-grams of `lower` (an already lower-cased line) to `bag`. */
export function addCharNgrams(bag: IdBag, lower: string, s: NgramSettings): void {
  const len = lower.length;
  // units[k] is the unit at position k - 1: positions run from -1 (the start sentinel) to len (the end sentinel).
  const total = len + 2;
  if (units.length < total) units = new Uint16Array(Math.max(total, units.length * 2));
  const u = units;
  u[0] = LINE_START;
  for (let j = 0; j < len; j++) {
    const c = lower.charCodeAt(j);
    u[j + 1] = c >= DIGIT_0 && c <= DIGIT_9 ? DIGIT_0 : c;
  }
  u[len + 1] = LINE_END;
  const seed = hashStart('char');
  const { minN, maxN, bucketBits } = s;
  for (let i = 0; i < total; i++) {
    let h = seed;
    const last = Math.min(maxN, total - i);
    for (let n = 1; n <= last; n++) {
      h = fnvStep(h, u[i + n - 1]!);
      if (n >= minN) bag.add(bucket(finalize(h), bucketBits));
    }
  }
}

/** N-grams (counted with repeats) of a line of `total` units, sentinels included. */
function ngramCount(total: number, s: NgramSettings): number {
  let count = 0;
  for (let n = s.minN; n <= s.maxN; n++) count += Math.max(0, total - n + 1);
  return count;
}
