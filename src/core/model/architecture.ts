/**
 * The line model: a hashed-embedding bag per line, joined with the line's
 * layout features, then a stack of dilated 1-D convolutions over the page's
 * sequence of lines, so each line's score depends on its neighbours.
 *
 *   ids, weights ─► EmbeddingBag ─┐
 *   dense ───────────────────────┴► concat ► dense(hidden) ► [conv1d(d) + residual]×L ► dense(1, sigmoid)
 *
 * Every layer after the bag is position-wise or a convolution, and the output
 * of every block is multiplied by a mask. So pages can be packed end to end
 * with blank gaps (see packing.ts) and each page scores exactly as it would
 * alone: batching across pages changes no score.
 */
import * as tf from '../tf';
import { EmbeddingBag } from './embeddingBag';
import { LineConv } from './lineConv';
import { LineScan } from './lineScan';
import type { FeaturizerSettings } from '../features/settings';
import { Rng } from '../random';

export interface ArchitectureSpec {
  /** Embedding width per id group. */
  readonly embeddingDim: number;
  /** Width of every layer between the bag and the output. */
  readonly hidden: number;
  /** Kernel size of the convolutions over lines (odd). */
  readonly kernelSize: number;
  /** One residual conv block per dilation; the receptive field grows with their sum. */
  readonly dilations: readonly number[];
  /** Decays of the page-long forward/backward scans after the convolutions; none when empty. */
  readonly scanDecays: readonly number[];
}

export const DEFAULT_ARCHITECTURE: ArchitectureSpec = {
  embeddingDim: 16,
  hidden: 32,
  kernelSize: 3,
  dilations: [1, 2, 4, 8],
  scanDecays: [0.9, 0.98],
};

/** Layer names the rest of chaff looks up. */
export const LAYER = { bag: 'embedding_bag', head: 'head' } as const;

export interface BuiltModel {
  /** Inputs [ids, weights, dense, mask] → scores [batch, lines, 1]. Saved and loaded as is. */
  readonly full: tf.LayersModel;
  /** Inputs [bag, dense, mask] → scores: the part trained with tfjs's autodiff. */
  readonly head: tf.LayersModel;
  readonly bag: EmbeddingBag;
}

/** Lines of zero padding needed between packed pages so none sees another. */
export function receptiveRadius(spec: ArchitectureSpec): number {
  const half = (spec.kernelSize - 1) / 2;
  return Math.max(0, ...spec.dilations.map((d) => d * half));
}

export function buildModel(fs: FeaturizerSettings, spec: ArchitectureSpec, seed: number): BuiltModel {
  const rng = new Rng(seed);
  const groups = [fs.charSlots, fs.wordSlots];
  const bagWidth = groups.length * spec.embeddingDim;
  const denseSize = fs.dense.length;

  // The head: everything after the bag.
  const bagIn = tf.input({ shape: [null, bagWidth], name: 'bag_in' });
  const denseIn = tf.input({ shape: [null, denseSize], name: 'dense_in' });
  const maskIn = tf.input({ shape: [null, 1], name: 'mask_in' });
  const glorot = () => tf.initializers.glorotUniform({ seed: rng.seed() });
  let x = tf.layers.concatenate({ name: 'join' }).apply([bagIn, denseIn]) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: spec.hidden, activation: 'relu', kernelInitializer: glorot(), name: 'line_proj' }).apply(x) as tf.SymbolicTensor;
  x = masked(x, maskIn, 'mask_proj');
  spec.dilations.forEach((d, i) => {
    const y = new LineConv({ filters: spec.hidden, kernelSize: spec.kernelSize, dilation: d, name: `context_${i}`, seed: rng.seed() }).apply(x) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `residual_${i}` }).apply([x, y]) as tf.SymbolicTensor;
    x = masked(x, maskIn, `mask_${i}`);
  });
  if (spec.scanDecays.length > 0) {
    const scanned = new LineScan({ decays: spec.scanDecays, name: 'page_scan' }).apply([x, maskIn]) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate({ name: 'join_scan' }).apply([x, scanned]) as tf.SymbolicTensor;
    x = tf.layers.dense({ units: spec.hidden, activation: 'relu', kernelInitializer: glorot(), name: 'scan_proj' }).apply(joined) as tf.SymbolicTensor;
    x = masked(x, maskIn, 'mask_scan');
  }
  const score = tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(), name: 'score' }).apply(x) as tf.SymbolicTensor;
  const head = tf.model({ inputs: [bagIn, denseIn, maskIn], outputs: score, name: LAYER.head });

  // The full model: the bag in front of the head.
  const ids = tf.input({ shape: [null, groups[0]! + groups[1]!], dtype: 'int32', name: 'ids' });
  const weights = tf.input({ shape: [null, groups[0]! + groups[1]!], name: 'weights' });
  const dense = tf.input({ shape: [null, denseSize], name: 'dense' });
  const mask = tf.input({ shape: [null, 1], name: 'mask' });
  const bag = new EmbeddingBag({ vocab: 2 ** fs.bucketBits, dim: spec.embeddingDim, groups, name: LAYER.bag, seed: rng.seed() });
  const bagOut = bag.apply([ids, weights]) as tf.SymbolicTensor;
  const out = head.apply([bagOut, dense, mask]) as tf.SymbolicTensor;
  const full = tf.model({ inputs: [ids, weights, dense, mask], outputs: out, name: 'chaff_line_model' });
  return { full, head, bag };
}

/** Find the bag and the head inside a loaded full model. */
export function partsOf(full: tf.LayersModel): BuiltModel {
  const bag = full.getLayer(LAYER.bag);
  const head = full.getLayer(LAYER.head);
  if (!(bag instanceof EmbeddingBag) || !(head instanceof tf.LayersModel)) {
    throw new Error(`not a chaff line model: expected layers '${LAYER.bag}' and '${LAYER.head}'`);
  }
  return { full, head, bag };
}

function masked(x: tf.SymbolicTensor, mask: tf.SymbolicTensor, name: string): tf.SymbolicTensor {
  return tf.layers.multiply({ name }).apply([x, mask]) as tf.SymbolicTensor;
}
