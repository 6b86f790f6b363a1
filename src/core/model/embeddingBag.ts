/**
 * The hashed-embedding bag: each line's ids, weighted, summed into one vector
 * per id group (char n-grams, words).
 *
 * It runs in plain JS over a Float32Array mirror of the table, on every
 * backend: tfjs's gather-multiply-sum runs at ~6k lines/s on wasm, while this
 * loop touches only the rows a line uses. Training updates the same mirror
 * sparsely (see sparseAdam.ts), so no dense gradient of the table ever exists.
 * The table is also a regular layer weight, so the model saves and loads as a
 * standard tfjs LayersModel.
 */
import * as tf from '@tensorflow/tfjs';

type Shape = (number | null)[];

export interface BagShape {
  /** Rows in the table (2^bucketBits). */
  readonly vocab: number;
  /** Embedding width. */
  readonly dim: number;
  /** Slots per id group, in order; output is groups × dim wide. */
  readonly groups: readonly number[];
}

/** out[r] = concat over groups g of Σ_j∈g weights[r,j] · table[ids[r,j]]. */
export function bagForward(table: Float32Array, shape: BagShape, ids: Int32Array, weights: Float32Array, rows: number, out: Float32Array): void {
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

/**
 * Gradient of the bag with respect to the table rows it read, accumulated per
 * distinct id: calls `visit(id, grad)` once per id with the summed row gradient.
 */
export function bagBackward(
  shape: BagShape, ids: Int32Array, weights: Float32Array, rows: number, gradOut: Float32Array,
  visit: (id: number, grad: Float32Array) => void,
): void {
  const { dim, groups } = shape;
  const slots = sum(groups);
  const width = groups.length * dim;
  const rowOf = new Map<number, number>();
  const acc: number[] = [];
  for (let r = 0; r < rows; r++) {
    let j = r * slots;
    for (let g = 0; g < groups.length; g++) {
      const o = r * width + g * dim;
      const end = j + groups[g]!;
      for (; j < end; j++) {
        const w = weights[j]!;
        if (w === 0) continue;
        const id = ids[j]!;
        let k = rowOf.get(id);
        if (k === undefined) {
          k = rowOf.size;
          rowOf.set(id, k);
          for (let d = 0; d < dim; d++) acc.push(0);
        }
        const a = k * dim;
        for (let d = 0; d < dim; d++) acc[a + d]! += w * gradOut[o + d]!;
      }
    }
  }
  const grad = new Float32Array(dim);
  for (const [id, k] of rowOf) {
    for (let d = 0; d < dim; d++) grad[d] = acc[k * dim + d]!;
    visit(id, grad);
  }
}

export interface EmbeddingBagConfig extends BagShape {
  readonly name?: string;
  readonly seed?: number;
}

/** The bag as a tfjs layer: inputs [ids, weights] of shape [batch, lines, slots]. */
export class EmbeddingBag extends tf.layers.Layer {
  static readonly className = 'ChaffEmbeddingBag';
  readonly shape: BagShape;
  private readonly seed: number | undefined;
  private table: tf.LayerVariable | null = null;
  private mirror: Float32Array | null = null;

  constructor(config: EmbeddingBagConfig) {
    super({ name: config.name ?? 'embedding_bag', trainable: true });
    this.shape = { vocab: config.vocab, dim: config.dim, groups: [...config.groups] };
    this.seed = config.seed;
  }

  override build(): void {
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
    if (!this.mirror) this.mirror = this.table!.read().dataSync() as Float32Array;
    return this.mirror;
  }

  /** Write the mirror back into the layer weight (before saving). */
  commit(): void {
    if (!this.mirror) return;
    const t = tf.tensor2d(this.mirror, [this.shape.vocab, this.shape.dim]);
    this.table!.write(t);
    t.dispose();
  }

  /** Forget the mirror after the weight was set from outside. */
  invalidate(): void {
    this.mirror = null;
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
