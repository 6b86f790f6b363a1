/**
 * A line model ready to score pages: the tfjs model, its featurizer settings
 * and its metadata. It owns tensors; call dispose() when done.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, partsOf, receptiveRadius, type ArchitectureSpec, type BuiltModel } from './architecture';
import { batchPages, packPages, type Packed } from './packing';
import { featurizePage, type PageFeatures, type PageInput } from '../features/featurize';
import type { FeaturizerSettings } from '../features/settings';
import type { ModelMetadata } from './metadata';

/** Lines scored per model call: big enough to amortise tfjs's per-op cost, small enough for flat memory. */
export const PREDICT_BATCH_ROWS = 8192;

export class LineModel {
  readonly full: tf.LayersModel;
  readonly parts: BuiltModel;
  readonly settings: FeaturizerSettings;
  readonly architecture: ArchitectureSpec;
  metadata: ModelMetadata;
  private disposed = false;

  constructor(full: tf.LayersModel, metadata: ModelMetadata) {
    this.full = full;
    this.parts = partsOf(full);
    this.settings = metadata.featurizer;
    this.architecture = metadata.architecture;
    this.metadata = metadata;
  }

  /** A fresh, untrained model. */
  static create(settings: FeaturizerSettings, architecture: ArchitectureSpec, seed: number, metadata: ModelMetadata): LineModel {
    const built = buildModel(settings, architecture, seed);
    return new LineModel(built.full, { ...metadata, featurizer: settings, architecture });
  }

  get threshold(): number {
    return this.metadata.threshold;
  }

  /** Padding lines between packed pages. */
  get gap(): number {
    return receptiveRadius(this.architecture);
  }

  featurize(page: PageInput): PageFeatures {
    return featurizePage(page, this.settings);
  }

  /** Scores (probability of article) for each line of each page, in order. */
  score(pages: readonly PageFeatures[], maxRows = PREDICT_BATCH_ROWS): Float32Array[] {
    this.check();
    const out: Float32Array[] = new Array(pages.length);
    const indexed = pages.map((p, i) => ({ p, i, n: p.n }));
    for (const batch of batchPages(indexed.filter((x) => x.n > 0), maxRows)) {
      const packed = packPages(batch.map((x) => x.p), this.gap);
      const scores = this.scorePacked(packed);
      batch.forEach((x, k) => {
        const s = packed.starts[k]!;
        out[x.i] = scores.slice(s, s + x.n);
      });
    }
    indexed.forEach((x) => {
      if (x.n === 0) out[x.i] = new Float32Array(0);
    });
    return out;
  }

  /** Run the full model on one packed sequence; returns one score per row. */
  scorePacked(p: Packed): Float32Array {
    this.check();
    return tf.tidy(() => {
      const inputs = packedTensors(p);
      const y = this.full.predict(inputs) as tf.Tensor;
      return y.dataSync() as Float32Array;
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.full.dispose();
  }

  private check(): void {
    if (this.disposed) throw new Error('this model was disposed');
  }
}

/** The four input tensors of a packed sequence (batch of 1). Call inside tf.tidy. */
export function packedTensors(p: Packed): tf.Tensor[] {
  return [
    tf.tensor3d(p.ids, [1, p.rows, p.slots], 'int32'),
    tf.tensor3d(p.weights, [1, p.rows, p.slots]),
    tf.tensor3d(p.dense, [1, p.rows, p.denseSize]),
    tf.tensor3d(p.mask, [1, p.rows, 1]),
  ];
}
