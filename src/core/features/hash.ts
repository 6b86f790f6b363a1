/**
 * 32-bit FNV-1a over UTF-16 code units, with a seed per feature family.
 *
 * Integer-only (Math.imul), so Node and every browser give the same ids. It is
 * fed one code unit at a time, so n-grams are hashed without building strings.
 */

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Feature families, each hashed from its own seed so a word never collides by construction with the n-gram that spells it. */
export const NAMESPACE = {
  char: 0x9e3779b1,
  word: 0x85ebca77,
  bigram: 0xc2b2ae3d,
  first: 0x27d4eb2f,
  last: 0x165667b1,
  tag: 0xd3a2646c,
  attr: 0xfd7046c5,
} as const;

export type Namespace = keyof typeof NAMESPACE;

/** Fold one UTF-16 code unit into a running hash. */
export function fnvStep(h: number, codeUnit: number): number {
  return Math.imul(h ^ codeUnit, FNV_PRIME) >>> 0;
}

/** Hash a whole string under a namespace. */
export function hashString(ns: Namespace, s: string): number {
  let h = (FNV_OFFSET ^ NAMESPACE[ns]) >>> 0;
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return finalize(h);
}

/** Start a running hash for a namespace. */
export function hashStart(ns: Namespace): number {
  return (FNV_OFFSET ^ NAMESPACE[ns]) >>> 0;
}

/**
 * Avalanche the low bits (murmur3's finaliser): FNV's low bits are weak, and
 * bucket ids are taken from them.
 */
export function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bucket of a hash in a table of 2^bits rows; row 0 is kept for padding. */
export function bucket(h: number, bits: number): number {
  const mask = (1 << bits) - 1;
  const b = h & mask;
  return b === 0 ? 1 : b;
}
