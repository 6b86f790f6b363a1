/**
 * A reusable multiset of feature ids for one line, with a bounded output.
 *
 * Long lines have thousands of distinct n-grams. Rather than truncating (which
 * would only ever see a line's start), we keep the k ids with the smallest
 * secondary hash: a bottom-k sketch, a uniform and deterministic sample of the
 * line's distinct features. Weights are the kept ids' counts, normalised to 1.
 */
import { finalize } from './hash';

/** Open-addressing table size; grows for very long lines. */
const INITIAL_CAPACITY = 1024;

export class IdBag {
  private keys: Int32Array;
  private counts: Float32Array;
  private used: Int32Array; // slots in use, for O(n) reset
  private nUsed = 0;
  private mask: number;

  constructor(capacity = INITIAL_CAPACITY) {
    const cap = nextPow2(capacity);
    this.keys = new Int32Array(cap).fill(-1);
    this.counts = new Float32Array(cap);
    this.used = new Int32Array(cap);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.nUsed;
  }

  clear(): void {
    for (let i = 0; i < this.nUsed; i++) {
      const s = this.used[i]!;
      this.keys[s] = -1;
      this.counts[s] = 0;
    }
    this.nUsed = 0;
  }

  add(id: number, weight = 1): void {
    if (this.nUsed * 2 >= this.keys.length) this.grow();
    let s = finalize(id) & this.mask;
    for (;;) {
      const k = this.keys[s]!;
      if (k === id) {
        this.counts[s]! += weight;
        return;
      }
      if (k === -1) {
        this.keys[s] = id;
        this.counts[s] = weight;
        this.used[this.nUsed++] = s;
        return;
      }
      s = (s + 1) & this.mask;
    }
  }

  /**
   * Write at most `k` ids and their normalised weights into `ids`/`weights`
   * starting at `offset`; unused slots get id 0 and weight 0.
   */
  emit(ids: Int32Array, weights: Float32Array, offset: number, k: number): void {
    let n = this.nUsed;
    let slots = this.used.subarray(0, n);
    if (n > k) {
      // Bottom-k by a second hash of the id: the same ids survive every time.
      const order = Array.from(slots).sort((a, b) => rank(this.keys[a]!) - rank(this.keys[b]!));
      slots = Int32Array.from(order.slice(0, k));
      n = k;
    } else {
      // Sort by id so the output does not depend on hash-table insertion order.
      slots = Int32Array.from(slots).sort((a, b) => this.keys[a]! - this.keys[b]!);
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += this.counts[slots[i]!]!;
    const inv = total > 0 ? 1 / total : 0;
    for (let i = 0; i < k; i++) {
      if (i < n) {
        const s = slots[i]!;
        ids[offset + i] = this.keys[s]!;
        weights[offset + i] = this.counts[s]! * inv;
      } else {
        ids[offset + i] = 0;
        weights[offset + i] = 0;
      }
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const oldUsed = this.used.subarray(0, this.nUsed);
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.counts = new Float32Array(cap);
    this.used = new Int32Array(cap);
    this.mask = cap - 1;
    const n = this.nUsed;
    this.nUsed = 0;
    for (let i = 0; i < n; i++) {
      const s = oldUsed[i]!;
      this.add(oldKeys[s]!, oldCounts[s]!);
    }
  }
}

function rank(id: number): number {
  return finalize(id ^ 0x5bd1e995);
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}
