/**
 * A reusable multiset of feature ids for one line, with a bounded output.
 *
 * Long lines have thousands of distinct n-grams. Rather than truncating (which
 * would only ever see a line's start), we keep the k ids with the smallest
 * secondary hash: a bottom-k sketch, a uniform and deterministic sample of the
 * line's distinct features. Weights are the kept ids' counts, normalised to 1.
 *
 * Hot path: every line of every page goes through add() and emit(). emit()
 * works on reused typed arrays only: a rank bound picks ~k candidates for the
 * bottom k, and a bucket sort orders them (ranks and ids are near-uniform),
 * carrying each value's table slot, so no array of objects or closure is
 * built and nothing is looked up twice.
 *
 * A caller that knows a line will bring far more than k distinct ids can set
 * a rank cutoff first (limit()): ids ranked above it are dropped on arrival,
 * so the table, emit() and clear() see a few hundred ids instead of
 * thousands. The bottom k of what is left is the bottom k of the whole line,
 * with the same counts, as long as more than k ids got in; when too few did
 * (a very repetitive line), incomplete() says so and the caller adds the
 * line again without a cutoff. Either way the output is the same bits.
 */
import { finalize } from './hash';

/** Open-addressing table size; grows for very long lines. */
const INITIAL_CAPACITY = 1024;
/** The rank of an id is finalize(id ^ RANK_SEED): a bijection, so ranks never tie. */
const RANK_SEED = 0x5bd1e995;
const TWO_32 = 4294967296;

export class IdBag {
  private keys: Int32Array;
  /** Each occupied slot's rank, computed once when its id arrives (it also places the id in the table). */
  private ranks: Uint32Array;
  private counts: Float32Array;
  private used: Int32Array; // slots in use, for O(n) reset
  private nUsed = 0;
  private mask: number;
  /** Ids whose rank is at or above this are dropped by add() (see limit()). */
  private cutoff = TWO_32;
  /** Whether add() dropped any id since the last clear(). */
  private dropped = false;
  /** Scratch for emit(): values to sort (ranks or ids) with their slots, bucket sort state, sorted output. */
  private vals!: Uint32Array;
  private slots!: Int32Array;
  private bucketOf!: Int32Array;
  private starts!: Int32Array;
  private sortedVals!: Uint32Array;
  private sortedSlots!: Int32Array;

  constructor(capacity = INITIAL_CAPACITY) {
    const cap = nextPow2(capacity);
    this.keys = new Int32Array(cap).fill(-1);
    this.ranks = new Uint32Array(cap);
    this.counts = new Float32Array(cap);
    this.used = new Int32Array(cap);
    this.mask = cap - 1;
    this.allocScratch(cap);
  }

  get size(): number {
    return this.nUsed;
  }

  clear(): void {
    const { keys, counts, used } = this;
    for (let i = 0; i < this.nUsed; i++) {
      const s = used[i]!;
      keys[s] = -1;
      counts[s] = 0;
    }
    this.nUsed = 0;
    this.cutoff = TWO_32;
    this.dropped = false;
  }

  /**
   * Expect about `distinct` distinct ids before the next clear(), of which
   * emit() will keep `k`: keep only ids ranked low enough that a little over
   * k of them should arrive. No cutoff when `distinct` is not well above k,
   * and none on a bag that already holds ids or had a cutoff (the exactness
   * argument needs every id to have met the same cutoff).
   */
  limit(distinct: number, k: number): void {
    if (this.nUsed > 0 || this.cutoff !== TWO_32 || !(distinct > LIMIT_MIN_FACTOR * k)) return;
    this.cutoff = Math.ceil(Math.min(1, candidateShare(k, distinct)) * TWO_32);
  }

  /** True when the cutoff dropped ids and k or fewer got in: emit(…, k) would differ from the uncut line's. */
  incomplete(k: number): boolean {
    return this.dropped && this.nUsed <= k;
  }

  /** Count `id` (its table slot comes from its rank; where ids sit never shows in the sorted output). */
  add(id: number, weight = 1): void {
    if (this.nUsed * 2 >= this.keys.length) this.grow();
    const keys = this.keys;
    const mask = this.mask;
    const r = rank(id);
    if (r >= this.cutoff) {
      this.dropped = true;
      return;
    }
    let s = r & mask;
    for (;;) {
      const k = keys[s]!;
      if (k === id) {
        this.counts[s]! += weight;
        return;
      }
      if (k === -1) {
        keys[s] = id;
        this.ranks[s] = r;
        this.counts[s] = weight;
        this.used[this.nUsed++] = s;
        return;
      }
      s = (s + 1) & mask;
    }
  }

  /**
   * Write at most `k` ids and their normalised weights into `ids`/`weights`
   * starting at `offset`; unused slots get id 0 and weight 0.
   *
   * With more than k distinct ids, the k of smallest rank are kept, in rank
   * order; otherwise all ids are written in increasing order (so the output
   * does not depend on hash-table insertion order). Weights are the counts
   * over their sum, summed in output order.
   */
  emit(ids: Int32Array, weights: Float32Array, offset: number, k: number): void {
    const { keys, ranks, used, counts, vals, slots } = this;
    const nUsed = this.nUsed;
    let m = 0;
    /** Every value in vals[0, m) is below this. */
    let bound = 0;
    if (nUsed > k) {
      // Ranks are uniform below the cutoff, so a bound keeping a little over
      // k/nUsed of them finds the k smallest among ~k candidates; when it
      // keeps fewer than k (rare), every id is a candidate.
      const cutoff = this.cutoff;
      bound = Math.min(cutoff, Math.ceil(candidateShare(k, nUsed) * cutoff));
      for (;;) {
        m = 0;
        for (let i = 0; i < nUsed; i++) {
          const s = used[i]!;
          const r = ranks[s]!;
          if (r < bound) {
            vals[m] = r;
            slots[m++] = s;
          }
        }
        if (m >= k) break;
        bound = cutoff;
      }
    } else {
      for (let i = 0; i < nUsed; i++) {
        const s = used[i]!;
        const id = keys[s]!;
        vals[i] = id;
        slots[i] = s;
        if (id >= bound) bound = id + 1;
      }
      m = nUsed;
    }
    this.sortByValue(m, bound);
    const n = Math.min(k, m);
    const sorted = this.sortedSlots;
    let total = 0;
    for (let i = 0; i < n; i++) total += counts[sorted[i]!]!;
    const inv = total > 0 ? 1 / total : 0;
    for (let i = 0; i < k; i++) {
      if (i < n) {
        const s = sorted[i]!;
        ids[offset + i] = keys[s]!;
        weights[offset + i] = counts[s]! * inv;
      } else {
        ids[offset + i] = 0;
        weights[offset + i] = 0;
      }
    }
  }

  /**
   * Sort the m distinct values of vals (all below `bound`), carrying their
   * slots, into sortedVals / sortedSlots: a bucket pass (the values are near
   * uniform: ranks are hashes, ids are hashed buckets), then an insertion pass
   * that fixes what disorder is left, so the result is exactly ascending.
   */
  private sortByValue(m: number, bound: number): void {
    const { vals, slots, sortedVals, sortedSlots, bucketOf, starts } = this;
    const scale = m / bound;
    starts.fill(0, 0, m + 1);
    for (let i = 0; i < m; i++) {
      const b = Math.min(m - 1, Math.floor(vals[i]! * scale));
      bucketOf[i] = b;
      starts[b + 1]!++;
    }
    for (let b = 0; b < m; b++) starts[b + 1]! += starts[b]!;
    for (let i = 0; i < m; i++) {
      const p = starts[bucketOf[i]!]!++;
      sortedVals[p] = vals[i]!;
      sortedSlots[p] = slots[i]!;
    }
    for (let i = 1; i < m; i++) {
      const v = sortedVals[i]!;
      if (sortedVals[i - 1]! <= v) continue;
      const sl = sortedSlots[i]!;
      let j = i - 1;
      while (j >= 0 && sortedVals[j]! > v) {
        sortedVals[j + 1] = sortedVals[j]!;
        sortedSlots[j + 1] = sortedSlots[j]!;
        j--;
      }
      sortedVals[j + 1] = v;
      sortedSlots[j + 1] = sl;
    }
  }

  private allocScratch(cap: number): void {
    this.vals = new Uint32Array(cap);
    this.slots = new Int32Array(cap);
    this.bucketOf = new Int32Array(cap);
    this.starts = new Int32Array(cap + 1);
    this.sortedVals = new Uint32Array(cap);
    this.sortedSlots = new Int32Array(cap);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const oldUsed = this.used.subarray(0, this.nUsed);
    const cap = oldKeys.length * 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.ranks = new Uint32Array(cap);
    this.counts = new Float32Array(cap);
    this.used = new Int32Array(cap);
    this.allocScratch(cap);
    this.mask = cap - 1;
    const n = this.nUsed;
    this.nUsed = 0;
    for (let i = 0; i < n; i++) {
      const s = oldUsed[i]!;
      this.add(oldKeys[s]!, oldCounts[s]!);
    }
  }
}

/** A cutoff is only worth setting when a line brings this many times k distinct ids. */
const LIMIT_MIN_FACTOR = 2;

/** The share of `n` uniform ranks to keep so that at least k of them are kept, but for a few standard deviations' bad luck. */
function candidateShare(k: number, n: number): number {
  return (k + 4 * Math.sqrt(k) + 8) / n;
}

function rank(id: number): number {
  return finalize(id ^ RANK_SEED);
}

function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}
