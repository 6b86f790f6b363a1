/**
 * Character n-grams of a line, hashed straight into an IdBag.
 *
 * The line is lower-cased and every ASCII digit reads as '0', so "22/5" and
 * "16/1" share n-grams: dates and counts generalise across pages. The line's
 * start and end are marked, so "^ảnh" (a caption credit) differs from "ảnh"
 * mid-sentence.
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

/** Add the hashed char n-grams of `lower` (an already lower-cased line) to `bag`. */
export function addCharNgrams(bag: IdBag, lower: string, s: NgramSettings): void {
  const len = lower.length;
  const seed = hashStart('char');
  // Positions run from -1 (the start sentinel) to len (the end sentinel).
  for (let i = -1; i <= len; i++) {
    let h = seed;
    for (let n = 1; n <= s.maxN; n++) {
      const j = i + n - 1;
      if (j > len) break;
      h = fnvStep(h, unitAt(lower, j, len));
      if (n >= s.minN) bag.add(bucket(finalize(h), s.bucketBits));
    }
  }
}

function unitAt(s: string, j: number, len: number): number {
  if (j < 0) return LINE_START;
  if (j >= len) return LINE_END;
  const c = s.charCodeAt(j);
  return c >= DIGIT_0 && c <= DIGIT_9 ? DIGIT_0 : c;
}
