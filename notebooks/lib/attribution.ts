/**
 * What pushes the model's scores: first-order attributions from gradients,
 * checked by occlusion, and permutation importance of the dense features.
 *
 * The model is bag → head (see src/core/model/architecture.ts). Pages are
 * packed as `LineModel.score` packs them (whole pages, masked gaps), the bag is
 * computed in JS with the library's `bagForward`, and only the head runs in
 * tfjs, so the scores here are the scores `chaff clean` gives.
 *
 * The quantity attributed is a page's summed logit Σ_j logit(score_j): a
 * feature of line i moves line i's logit and, through the convolutions, its
 * neighbours'. Its gradient with respect to line i's bag row, dotted with what
 * one slot adds to that row (weight × the id's embedding), is the slot's
 * first-order push: positive toward article, negative toward noise.
 */
import * as tf from '../../dist/core/tf';
import { bagForward } from '../../dist/core/model/embeddingBag';
import { batchPages, packRows } from '../../dist/core/model/packing';
import { Rng } from '../../dist/core/random';
import type { PageFeatures } from '../../dist/core/features/featurize';
import type { LineModel } from '../../dist/core/model/lineModel';

/** Pages packed for the head: dense features, mask and the bag output, one row per line (gaps included). */
export interface Batch {
  /** Indices (into the features given to `pack`) of the pages in this batch, and the row each starts at. */
  readonly pages: readonly number[];
  readonly starts: readonly number[];
  readonly rows: number;
  readonly dense: Float32Array;
  readonly mask: Float32Array;
  readonly bag: Float32Array;
}

export function bagWidth(model: LineModel): number {
  return model.parts.bag.shape.groups.length * model.parts.bag.shape.dim;
}

/** Pack pages into batches of about `maxRows` lines and compute their bags. */
export function pack(model: LineModel, features: readonly PageFeatures[], maxRows = 8192): Batch[] {
  const { bag } = model.parts;
  const table = bag.tableData();
  const width = bagWidth(model);
  const items = features.map((f, i) => ({ i, f, n: f.n })).filter((x) => x.n > 0);
  return batchPages(items, maxRows).map((batch) => {
    const packed = packRows(batch.map((x) => x.f), model.gap);
    const out = new Float32Array(packed.rows * width);
    batch.forEach((x, k) => {
      const s = packed.starts[k]!;
      bagForward(table, bag.shape, x.f.ids, x.f.weights, x.n, out.subarray(s * width, (s + x.n) * width));
    });
    return { pages: batch.map((x) => x.i), starts: packed.starts, rows: packed.rows, dense: packed.dense, mask: packed.mask, bag: out };
  });
}

/** The head's scores for a batch, optionally with other bag or dense inputs of the same shape. */
export function headScores(model: LineModel, b: Batch, o: { bag?: Float32Array; dense?: Float32Array } = {}): Float32Array {
  const width = bagWidth(model);
  const denseSize = b.dense.length / b.rows;
  return tf.tidy(() => {
    const y = model.parts.head.predict([
      tf.tensor3d(o.bag ?? b.bag, [1, b.rows, width]),
      tf.tensor3d(o.dense ?? b.dense, [1, b.rows, denseSize]),
      tf.tensor3d(b.mask, [1, b.rows, 1]),
    ]) as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
}

/** Per page (in the order of the features given to `pack`), the scores of its lines from per-batch row scores. */
export function unpack(batches: readonly Batch[], rowScores: readonly Float32Array[], features: readonly PageFeatures[]): Float32Array[] {
  const out = features.map((f) => new Float32Array(f.n));
  batches.forEach((b, k) => {
    b.pages.forEach((p, j) => out[p]!.set(rowScores[k]!.subarray(b.starts[j]!, b.starts[j]! + features[p]!.n)));
  });
  return out;
}

/** The head cut before its final sigmoid: inputs → the last hidden layer; logit = hidden · W + b. */
function logitParts(model: LineModel): LogitParts {
  const cached = logitCache.get(model);
  if (cached) return cached;
  const head = model.parts.head;
  const score = head.getLayer('score');
  const hidden = tf.model({ inputs: head.inputs, outputs: score.input as tf.SymbolicTensor });
  const [w, b] = score.getWeights();
  const parts = { hidden, w: w!, b: b! };
  logitCache.set(model, parts);
  return parts;
}

interface LogitParts {
  readonly hidden: tf.LayersModel;
  readonly w: tf.Tensor;
  readonly b: tf.Tensor;
}

const logitCache = new WeakMap<LineModel, LogitParts>();

export interface Gradients {
  /** rows × bag width: ∂(Σ logits of the batch) / ∂ bag. */
  readonly bag: Float32Array;
  /** rows × dense features: ∂(Σ logits) / ∂ dense. */
  readonly dense: Float32Array;
  /** Each row's logit. */
  readonly logits: Float32Array;
}

/**
 * Gradients of the batch's summed logit with respect to the head's bag and
 * dense inputs. Pages in a batch never see each other (masked gaps), so each
 * line's gradient only holds its own page's logits.
 */
export function logitGradients(model: LineModel, b: Batch): Gradients {
  const { hidden, w, b: bias } = logitParts(model);
  const width = bagWidth(model);
  const denseSize = b.dense.length / b.rows;
  const [gb, gd, lg] = tf.tidy(() => {
    const bagT = tf.tensor3d(b.bag, [1, b.rows, width]);
    const denseT = tf.tensor3d(b.dense, [1, b.rows, denseSize]);
    const maskT = tf.tensor3d(b.mask, [1, b.rows, 1]);
    const logitsOf = (x: tf.Tensor, d: tf.Tensor): tf.Tensor => {
      const h = hidden.apply([x, d, maskT]) as tf.Tensor;
      return tf.reshape(tf.add(tf.matMul(tf.reshape(h, [b.rows, -1]), w), bias), [b.rows]);
    };
    const f = (x: tf.Tensor, d: tf.Tensor): tf.Scalar => tf.sum(tf.mul(logitsOf(x, d), tf.reshape(maskT, [b.rows]))) as tf.Scalar;
    const [g1, g2] = tf.grads(f)([bagT, denseT]);
    return [g1!.dataSync() as Float32Array, g2!.dataSync() as Float32Array, logitsOf(bagT, denseT).dataSync() as Float32Array];
  });
  return { bag: gb, dense: gd, logits: lg };
}

/** Each row's logit (the score before its sigmoid) for a batch, optionally with another bag input. */
export function headLogits(model: LineModel, b: Batch, o: { bag?: Float32Array } = {}): Float32Array {
  const { hidden, w, b: bias } = logitParts(model);
  const width = bagWidth(model);
  const denseSize = b.dense.length / b.rows;
  return tf.tidy(() => {
    const h = hidden.predict([
      tf.tensor3d(o.bag ?? b.bag, [1, b.rows, width]),
      tf.tensor3d(b.dense, [1, b.rows, denseSize]),
      tf.tensor3d(b.mask, [1, b.rows, 1]),
    ]) as tf.Tensor;
    return tf.add(tf.matMul(tf.reshape(h, [b.rows, -1]), w), bias).dataSync() as Float32Array;
  });
}

/**
 * The first-order push of every filled id slot of a page: weight × (the id's
 * embedding · the gradient of the line's bag group). `visit(line, slot, id, group, push)`.
 */
export function slotPushes(
  model: LineModel, f: PageFeatures, grads: Gradients, startRow: number,
  visit: (line: number, slot: number, id: number, group: 0 | 1, push: number) => void,
): void {
  const { shape } = model.parts.bag;
  const table = model.parts.bag.tableData();
  const dim = shape.dim;
  const width = bagWidth(model);
  const charSlots = shape.groups[0]!;
  for (let i = 0; i < f.n; i++) {
    const row = (startRow + i) * width;
    for (let j = 0; j < f.slots; j++) {
      const w = f.weights[i * f.slots + j]!;
      if (w === 0) continue;
      const id = f.ids[i * f.slots + j]!;
      const group: 0 | 1 = j < charSlots ? 0 : 1;
      const g = row + group * dim;
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += table[id * dim + d]! * grads.bag[g + d]!;
      visit(i, j, id, group, w * dot);
    }
  }
}

/**
 * Occlusion: the pages' logits with some slots emptied (weight 0, the other
 * slots not renormalised, so the bag loses exactly those slots' share).
 * `drop(page, line, slot)` says which. Only batches with a dropped slot run the
 * head again; the others keep `baseRows` (each batch's row logits, from `headLogits`).
 */
export function occludedLogits(
  model: LineModel, features: readonly PageFeatures[], batches: readonly Batch[], baseRows: readonly Float32Array[],
  drop: (page: number, line: number, slot: number) => boolean,
): Float32Array[] {
  const { bag } = model.parts;
  const table = bag.tableData();
  const width = bagWidth(model);
  const rowValues = batches.map((b, k0) => {
    let out: Float32Array | null = null;
    b.pages.forEach((p, k) => {
      const f = features[p]!;
      for (let i = 0; i < f.n; i++) {
        let weights: Float32Array | null = null;
        for (let j = 0; j < f.slots; j++) {
          if (f.weights[i * f.slots + j]! > 0 && drop(p, i, j)) {
            weights ??= f.weights.slice(i * f.slots, (i + 1) * f.slots);
            weights[j] = 0;
          }
        }
        if (!weights) continue;
        out ??= b.bag.slice();
        const r = b.starts[k]! + i;
        bagForward(table, bag.shape, f.ids.subarray(i * f.slots, (i + 1) * f.slots), weights, 1, out.subarray(r * width, (r + 1) * width));
      }
    });
    return out ? headLogits(model, b, { bag: out }) : baseRows[k0]!;
  });
  return unpack(batches, rowValues, features);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Every batch's dense input with column `col` shuffled across all real lines of all batches. */
export function permuteColumn(batches: readonly Batch[], col: number, denseSize: number, seed: number): Float32Array[] {
  const values: number[] = [];
  for (const b of batches) for (let r = 0; r < b.rows; r++) if (b.mask[r]! > 0) values.push(b.dense[r * denseSize + col]!);
  new Rng(seed).shuffle(values);
  let k = 0;
  return batches.map((b) => {
    const d = b.dense.slice();
    for (let r = 0; r < b.rows; r++) if (b.mask[r]! > 0) d[r * denseSize + col] = values[k++]!;
    return d;
  });
}

/** Every batch's dense input with `cols` set to the given values on real lines. */
export function setColumns(batches: readonly Batch[], cols: readonly number[], values: readonly number[], denseSize: number): Float32Array[] {
  return batches.map((b) => {
    const d = b.dense.slice();
    for (let r = 0; r < b.rows; r++) if (b.mask[r]! > 0) cols.forEach((c, i) => (d[r * denseSize + c] = values[i]!));
    return d;
  });
}

/** Mean log loss of labelled lines (clipped like training's). */
export function logLoss(labels: readonly (readonly ('article' | 'noise' | null)[])[], scores: readonly ArrayLike<number>[]): number {
  let loss = 0, n = 0;
  labels.forEach((ls, p) => ls.forEach((l, i) => {
    if (l === null) return;
    const q = Math.min(Math.max(scores[p]![i]!, 1e-6), 1 - 1e-6);
    loss -= l === 'article' ? Math.log(q) : Math.log(1 - q);
    n++;
  }));
  return n > 0 ? loss / n : 0;
}
