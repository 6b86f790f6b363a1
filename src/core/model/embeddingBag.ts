/**
 * The hashed-embedding bag: each line's ids, weighted, summed into one vector
 * per id group (char n-grams, words).
 *
 * It runs in plain JS over a Float32Array mirror of the table, on every
 * backend: tfjs's gather-multiply-sum runs at ~6k lines/s on wasm, while this
 * loop touches only the rows a line uses. Training updates the same mirror
 * sparsely (see lazyAdam.ts), so no dense gradient of the table ever exists.
 * In the files the table is a regular layer weight, so the model saves and
 * loads as a standard tfjs LayersModel; chaff's own loader keeps it in JS only
 * (see detachedTable).
 */
import * as tf from '../tf';

type Shape = (number | null)[];

export interface BagShape {
  /** Rows in the table (2^bucketBits). */
  readonly vocab: number;
  /** Embedding width. */
  readonly dim: number;
  /** Slots per id group, in order; output is groups × dim wide. */
  readonly groups: readonly number[];
}

/**
 * out[r] = concat over groups g of Σ_j∈g weights[r,j] · table[ids[r,j]].
 *
 * Each sum is accumulated in float32, one id at a time in slot order: exactly
 * `out[o + d] += w * table[t + d]` on a Float32Array. The 16-wide case (the
 * default embedding) keeps the running sums in locals, rounded with
 * Math.fround after every addition, which is the same arithmetic without the
 * loads and stores.
 */
export function bagForward(table: Float32Array, shape: BagShape, ids: Int32Array, weights: Float32Array, rows: number, out: Float32Array): void {
  if (shape.dim === 16) {
    bagForward16(table, shape.groups, ids, weights, rows, out);
    return;
  }
  const { dim, groups } = shape;
  const slots = sum(groups);
  const width = groups.length * dim;
  out.fill(0, 0, rows * width);
  for (let r = 0; r < rows; r++) {
    let j = r * slots;
    for (let g = 0; g < groups.length; g++) {
      const o = r * width + g * dim;
      const end = j + groups[g]!;
      for (; j < end; j++) {
        const w = weights[j]!;
        if (w === 0) continue;
        const t = ids[j]! * dim;
        for (let d = 0; d < dim; d++) out[o + d]! += w * table[t + d]!;
      }
    }
  }
}

const fr = Math.fround;

function bagForward16(table: Float32Array, groups: readonly number[], ids: Int32Array, weights: Float32Array, rows: number, out: Float32Array): void {
  const slots = sum(groups);
  const nGroups = groups.length;
  const width = nGroups * 16;
  let j = 0;
  for (let r = 0; r < rows; r++) {
    j = r * slots;
    for (let g = 0; g < nGroups; g++) {
      const o = r * width + g * 16;
      const end = j + groups[g]!;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
      let a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
      for (; j < end; j++) {
        const w = weights[j]!;
        if (w === 0) continue;
        const t = ids[j]! * 16;
        a0 = fr(a0 + w * table[t]!);
        a1 = fr(a1 + w * table[t + 1]!);
        a2 = fr(a2 + w * table[t + 2]!);
        a3 = fr(a3 + w * table[t + 3]!);
        a4 = fr(a4 + w * table[t + 4]!);
        a5 = fr(a5 + w * table[t + 5]!);
        a6 = fr(a6 + w * table[t + 6]!);
        a7 = fr(a7 + w * table[t + 7]!);
        a8 = fr(a8 + w * table[t + 8]!);
        a9 = fr(a9 + w * table[t + 9]!);
        a10 = fr(a10 + w * table[t + 10]!);
        a11 = fr(a11 + w * table[t + 11]!);
        a12 = fr(a12 + w * table[t + 12]!);
        a13 = fr(a13 + w * table[t + 13]!);
        a14 = fr(a14 + w * table[t + 14]!);
        a15 = fr(a15 + w * table[t + 15]!);
      }
      out[o] = a0; out[o + 1] = a1; out[o + 2] = a2; out[o + 3] = a3;
      out[o + 4] = a4; out[o + 5] = a5; out[o + 6] = a6; out[o + 7] = a7;
      out[o + 8] = a8; out[o + 9] = a9; out[o + 10] = a10; out[o + 11] = a11;
      out[o + 12] = a12; out[o + 13] = a13; out[o + 14] = a14; out[o + 15] = a15;
    }
  }
}

/**
 * Gradient of the bag with respect to the table rows it read, accumulated per
 * distinct id: calls `visit(id, grad)` once per id with the summed row gradient.
 *
 * Ids are visited in the order they first appear (rows, then slots); each
 * row gradient is summed in float64, in that same order, and handed over as
 * float32. The accumulators live in reused typed arrays indexed through a
 * per-vocabulary table (no Map, no growing arrays); `grad` is reused between
 * calls of `visit`.
 */
export function bagBackward(
  shape: BagShape, ids: Int32Array, weights: Float32Array, rows: number, gradOut: Float32Array,
  visit: (id: number, grad: Float32Array) => void,
): void {
  const { dim, groups, vocab } = shape;
  const slots = sum(groups);
  const { slotOf, order, acc } = scratchFor(vocab, dim, Math.min(vocab, rows * slots));
  let distinct = 0;
  try {
    distinct = (dim === 16 ? backward16 : backwardAny)(groups, dim, slots, ids, weights, rows, gradOut, vocab, slotOf, order, acc);
    const grad = new Float32Array(dim);
    for (let k = 0; k < distinct; k++) {
      const a = k * dim;
      for (let d = 0; d < dim; d++) grad[d] = acc[a + d]!;
      visit(order[k]!, grad);
    }
  } finally {
    // Leave the id index clean for the next call, even if visit threw.
    for (let k = 0; k < distinct; k++) slotOf[order[k]!] = -1;
  }
}

type Accumulate = (
  groups: readonly number[], dim: number, slots: number, ids: Int32Array, weights: Float32Array, rows: number, gradOut: Float32Array,
  vocab: number, slotOf: Int32Array, order: Int32Array, acc: Float64Array,
) => number;

/** The accumulator index of `id`, giving it a fresh, zeroed one the first time it is seen. */
function slotFor(id: number, dim: number, vocab: number, slotOf: Int32Array, order: Int32Array, acc: Float64Array, distinct: number): number {
  if (!(id >= 0 && id < vocab)) throw new Error(`bagBackward: id ${id} outside the table's ${vocab} rows`);
  slotOf[id] = distinct;
  order[distinct] = id;
  acc.fill(0, distinct * dim, distinct * dim + dim);
  return distinct;
}

/** Sum w · gradOut into each id's accumulator, any width; returns the number of distinct ids. */
const backwardAny: Accumulate = (groups, dim, slots, ids, weights, rows, gradOut, vocab, slotOf, order, acc) => {
  const width = groups.length * dim;
  let distinct = 0;
  for (let r = 0; r < rows; r++) {
    let j = r * slots;
    for (let g = 0; g < groups.length; g++) {
      const o = r * width + g * dim;
      const end = j + groups[g]!;
      for (; j < end; j++) {
        const w = weights[j]!;
        if (w === 0) continue;
        const id = ids[j]!;
        let k = slotOf[id]!;
        if (!(k >= 0)) k = slotFor(id, dim, vocab, slotOf, order, acc, distinct++);
        const a = k * dim;
        for (let d = 0; d < dim; d++) acc[a + d]! += w * gradOut[o + d]!;
      }
    }
  }
  return distinct;
};

/** The same for 16-wide embeddings: a row group's 16 upstream gradients are read once, into locals. */
const backward16: Accumulate = (groups, _dim, slots, ids, weights, rows, gradOut, vocab, slotOf, order, acc) => {
  const width = groups.length * 16;
  let distinct = 0;
  for (let r = 0; r < rows; r++) {
    let j = r * slots;
    for (let g = 0; g < groups.length; g++) {
      const o = r * width + g * 16;
      const end = j + groups[g]!;
      const g0 = gradOut[o]!, g1 = gradOut[o + 1]!, g2 = gradOut[o + 2]!, g3 = gradOut[o + 3]!;
      const g4 = gradOut[o + 4]!, g5 = gradOut[o + 5]!, g6 = gradOut[o + 6]!, g7 = gradOut[o + 7]!;
      const g8 = gradOut[o + 8]!, g9 = gradOut[o + 9]!, g10 = gradOut[o + 10]!, g11 = gradOut[o + 11]!;
      const g12 = gradOut[o + 12]!, g13 = gradOut[o + 13]!, g14 = gradOut[o + 14]!, g15 = gradOut[o + 15]!;
      for (; j < end; j++) {
        const w = weights[j]!;
        if (w === 0) continue;
        const id = ids[j]!;
        let k = slotOf[id]!;
        if (!(k >= 0)) k = slotFor(id, 16, vocab, slotOf, order, acc, distinct++);
        const a = k * 16;
        acc[a]! += w * g0; acc[a + 1]! += w * g1; acc[a + 2]! += w * g2; acc[a + 3]! += w * g3;
        acc[a + 4]! += w * g4; acc[a + 5]! += w * g5; acc[a + 6]! += w * g6; acc[a + 7]! += w * g7;
        acc[a + 8]! += w * g8; acc[a + 9]! += w * g9; acc[a + 10]! += w * g10; acc[a + 11]! += w * g11;
        acc[a + 12]! += w * g12; acc[a + 13]! += w * g13; acc[a + 14]! += w * g14; acc[a + 15]! += w * g15;
      }
    }
  }
  return distinct;
};

interface BackwardScratch {
  /** Per id of the vocabulary, its accumulator's index, or -1. */
  readonly slotOf: Int32Array;
  /** Ids in the order they were first seen. */
  readonly order: Int32Array;
  /** Float64 accumulators, dim per distinct id. */
  readonly acc: Float64Array;
}

let scratch: (BackwardScratch & { vocab: number; dim: number }) | null = null;

function scratchFor(vocab: number, dim: number, maxDistinct: number): BackwardScratch {
  if (!scratch || scratch.vocab !== vocab || scratch.dim !== dim || scratch.order.length < maxDistinct) {
    const cap = Math.max(maxDistinct, Math.min(vocab, scratch && scratch.vocab === vocab ? scratch.order.length * 2 : 0));
    scratch = { vocab, dim, slotOf: new Int32Array(vocab).fill(-1), order: new Int32Array(cap), acc: new Float64Array(cap * dim) };
  }
  return scratch;
}

export interface EmbeddingBagConfig extends BagShape {
  readonly name?: string;
  readonly seed?: number;
  /**
   * Keep the table out of tfjs: no layer weight, only the JS array, handed
   * over with attachTable(). Set by chaff's loader (artifacts.ts), never
   * saved: the bag computes in JS anyway, and a tfjs copy of the table costs
   * a zero-filled allocation plus a copy into the backend's heap on every
   * load (about 0.1 s per cleaning worker). toFiles() writes the table back
   * as a regular weight, so the files stay a standard tfjs model.
   */
  readonly detachedTable?: boolean;
}

/** The bag as a tfjs layer: inputs [ids, weights] of shape [batch, lines, slots]. */
export class EmbeddingBag extends tf.layers.Layer {
  static readonly className = 'ChaffEmbeddingBag';
  readonly shape: BagShape;
  readonly detached: boolean;
  private readonly seed: number | undefined;
  private table: tf.LayerVariable | null = null;
  private mirror: Float32Array | null = null;

  constructor(config: EmbeddingBagConfig) {
    super({ name: config.name ?? 'embedding_bag', trainable: true });
    this.shape = { vocab: config.vocab, dim: config.dim, groups: [...config.groups] };
    this.seed = config.seed;
    this.detached = config.detachedTable === true;
  }

  override build(): void {
    if (this.detached) {
      this.built = true;
      return;
    }
    const { vocab, dim } = this.shape;
    // fastText's init: uniform in ±1/dim keeps early bags small whatever the line length.
    const init = tf.initializers.randomUniform({ minval: -1 / dim, maxval: 1 / dim, seed: this.seed });
    this.table = this.addWeight('table', [vocab, dim], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const ids = (inputShape as Shape[])[0]!;
    return [...ids.slice(0, -1), this.shape.groups.length * this.shape.dim];
  }

  /** The table as a Float32Array; training mutates it in place, then calls commit(). */
  tableData(): Float32Array {
    if (!this.mirror) {
      if (!this.table) throw new Error(`${this.name}: the detached table was never attached`);
      this.mirror = this.table.read().dataSync() as Float32Array;
    }
    return this.mirror;
  }

  /** Hand a detached bag its table (vocab × dim values, row-major); the bag keeps the array. */
  attachTable(values: Float32Array): void {
    const { vocab, dim } = this.shape;
    if (!this.detached) throw new Error(`${this.name}: the table is a tfjs weight; attachTable is for detached bags`);
    if (values.length !== vocab * dim) throw new Error(`${this.name}: table of ${values.length} values, expected ${vocab} × ${dim}`);
    this.mirror = values;
  }

  /** Write the mirror back into the layer weight (before saving; a detached table has none). */
  commit(): void {
    if (!this.mirror || this.detached) return;
    const t = tf.tensor2d(this.mirror, [this.shape.vocab, this.shape.dim]);
    this.table!.write(t);
    t.dispose();
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [ids, weights] = inputs as tf.Tensor[];
    const lead = ids!.shape.slice(0, -1);
    const rows = lead.reduce((a, b) => a * b, 1);
    const out = new Float32Array(rows * this.shape.groups.length * this.shape.dim);
    bagForward(this.tableData(), this.shape, ids!.dataSync() as Int32Array, weights!.dataSync() as Float32Array, rows, out);
    return tf.tensor(out, [...lead, this.shape.groups.length * this.shape.dim]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocab: this.shape.vocab, dim: this.shape.dim, groups: [...this.shape.groups] };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as never);
  }
}
tf.serialization.registerClass(EmbeddingBag);

function sum(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}
