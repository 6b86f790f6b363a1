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

/** The line's units with its sentinels, reused across calls (grows for long lines). */
let units = new Uint16Array(1024);

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
