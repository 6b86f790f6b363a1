/**
 * A line model ready to score pages: the tfjs model, its featurizer settings
 * and its metadata. It owns tensors; call dispose() when done.
 */
import * as tf from '../tf';
import { buildModel, partsOf, receptiveRadius, type ArchitectureSpec, type BuiltModel } from './architecture';
import { bagForward } from './embeddingBag';
import { batchPages, packRows, type Packed } from './packing';
import { featurizePage, type FeatureArena, type PageFeatures, type PageInput } from '../features/featurize';
import type { FeaturizerSettings } from '../features/settings';
import type { ModelMetadata } from './metadata';
import type { PageKind } from '../page';

/** Lines scored per model call: big enough to amortise tfjs's per-op cost, small enough for flat memory. */
export const PREDICT_BATCH_ROWS = 4096;

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

  /** The threshold for a page of this kind: HTML pages have their own when the model was validated on some. */
  thresholdFor(kind: PageKind): number {
    return kind === 'html' ? this.metadata.htmlThreshold ?? this.metadata.threshold : this.metadata.threshold;
  }

  /** Padding lines between packed pages. */
  get gap(): number {
    return receptiveRadius(this.architecture);
  }

  /** The page's features; with an arena, as views into it (see FeatureArena). */
  featurize(page: PageInput, arena?: FeatureArena): PageFeatures {
    return featurizePage(page, this.settings, arena);
  }

  /**
   * Scores (probability of article) for each line of each page, in order.
   *
   * Pages are packed into batches of about `maxRows` lines. Each page's bag is
   * computed in JS straight from its own ids and weights into the batch's bag
   * buffer, and only the head (everything after the bag) runs in tfjs: the
   * ids and weights never travel to the backend and back. The head's kernels
   * are the ones the full model runs, so the scores are the same bits.
   *
   * A page longer than a batch is scored in windows when the model's context
   * is bounded (see contextRadius): each window's core rows plus, on both
   * sides, that radius of context, whose own scores are dropped. A core row
   * sees exactly the rows it sees in the whole page, so its score is the
   * same, and no model call holds more than about `maxRows` rows however long
   * the page. With page-long context, a long page is one call of its own.
   */
  score(pages: readonly PageFeatures[], maxRows = PREDICT_BATCH_ROWS): Float32Array[] {
    this.check();
    const out: Float32Array[] = pages.map((p) => new Float32Array(p.n));
    const segments = this.segments(pages, maxRows);
    const { bag } = this.parts;
    const table = bag.tableData();
    const width = bag.shape.groups.length * bag.shape.dim;
    for (const batch of batchPages(segments, maxRows)) {
      const packed = packRows(batch.map((x) => x.f), this.gap, this.buffers);
      if (!this.buffers || this.buffers.mask.length < packed.rows) this.keepBuffers(packed.rows, packed.denseSize);
      const bagOut = this.bagBuffer(packed.rows * width);
      batch.forEach((x, k) => {
        const s = packed.starts[k]!;
        bagForward(table, bag.shape, x.f.ids, x.f.weights, x.n, bagOut.subarray(s * width, (s + x.n) * width));
      });
      const scores = this.runHead(bagOut, packed.dense, packed.mask, packed.rows, packed.denseSize);
      batch.forEach((x, k) => {
        const s = packed.starts[k]!;
        out[x.page]!.set(scores.subarray(s + x.keepFrom, s + x.keepTo), x.outAt);
      });
    }
    return out;
  }

  /**
   * How far a line's score reaches, in lines: the convolutions' reaches added
   * up (the gap between packed pages only needs the widest one, since the mask
   * zeroes the gap after every block). Infinity when the head has any layer
   * other than per-line ones and convolutions (a page-long scan, say): then a
   * line depends on its whole page and long pages are scored whole.
   */
  get contextRadius(): number {
    if (this.radius === undefined) {
      const local = this.parts.head.layers.every((l) => LOCAL_LAYERS.has(l.getClassName()));
      const { dilations, kernelSize } = this.architecture;
      this.radius = local ? dilations.reduce((a, d) => a + d, 0) * ((kernelSize - 1) / 2) : Infinity;
    }
    return this.radius;
  }

  private radius: number | undefined;

  /** Pages as scoring segments: whole pages, or windows of long ones (see score()). */
  private segments(pages: readonly PageFeatures[], maxRows: number): Segment[] {
    const radius = this.contextRadius;
    const core = Math.max(1, maxRows - 2 * radius);
    const segments: Segment[] = [];
    pages.forEach((f, page) => {
      if (f.n === 0) return;
      if (f.n <= maxRows || !Number.isFinite(radius)) {
        segments.push({ page, f, n: f.n, keepFrom: 0, keepTo: f.n, outAt: 0 });
        return;
      }
      for (let a = 0; a < f.n; a += core) {
        const b = Math.min(f.n, a + core);
        const from = Math.max(0, a - radius);
        const to = Math.min(f.n, b + radius);
        segments.push({ page, f: rowsOf(f, from, to), n: to - from, keepFrom: a - from, keepTo: b - from, outAt: a });
      }
    });
    return segments;
  }

  /** Run the full model on one packed sequence; returns one score per row. */
  scorePacked(p: Packed): Float32Array {
    this.check();
    const { bag } = this.parts;
    const bagOut = new Float32Array(p.rows * bag.shape.groups.length * bag.shape.dim);
    bagForward(bag.tableData(), bag.shape, p.ids, p.weights, p.rows, bagOut);
    return this.runHead(bagOut, p.dense, p.mask, p.rows, p.denseSize);
  }

  /** The head on a batch's bag output, dense features and mask (batch of 1). */
  private runHead(bagOut: Float32Array, dense: Float32Array, mask: Float32Array, rows: number, denseSize: number): Float32Array {
    const width = bagOut.length / rows;
    return tf.tidy(() => {
      const inputs = [
        tf.tensor3d(bagOut, [1, rows, width]),
        tf.tensor3d(dense, [1, rows, denseSize]),
        tf.tensor3d(mask, [1, rows, 1]),
      ];
      const y = this.parts.head.predict(inputs) as tf.Tensor;
      return y.dataSync() as Float32Array;
    });
  }

  /** Scratch for packing dense features and masks, reused across batches. */
  private buffers: { dense: Float32Array; mask: Float32Array } | undefined;
  private bagScratch: Float32Array | undefined;

  private keepBuffers(rows: number, denseSize: number): void {
    this.buffers = { dense: new Float32Array(rows * denseSize), mask: new Float32Array(rows) };
  }

  private bagBuffer(size: number): Float32Array {
    if (!this.bagScratch || this.bagScratch.length < size) this.bagScratch = new Float32Array(size);
    const b = this.bagScratch.subarray(0, size);
    b.fill(0);
    return b;
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

/** Head layers that mix no lines (per-line layers) or mix them within a bounded reach (LineConv). */
const LOCAL_LAYERS = new Set(['InputLayer', 'Concatenate', 'Dense', 'Multiply', 'Add', 'ChaffLineConv']);

/** Rows a page is scored in: the features of page rows [from, from + n), of which [keepFrom, keepTo) are kept, at outAt. */
interface Segment {
  readonly page: number;
  readonly f: PageFeatures;
  readonly n: number;
  readonly keepFrom: number;
  readonly keepTo: number;
  readonly outAt: number;
}

/** Rows [from, to) of a page's features, as views (no copy). */
function rowsOf(f: PageFeatures, from: number, to: number): PageFeatures {
  return {
    n: to - from, slots: f.slots, denseSize: f.denseSize,
    ids: f.ids.subarray(from * f.slots, to * f.slots),
    weights: f.weights.subarray(from * f.slots, to * f.slots),
    dense: f.dense.subarray(from * f.denseSize, to * f.denseSize),
  };
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
