/**
 * Pack several pages into one sequence of lines, separated by gaps of masked
 * padding wide enough that no convolution reaches from one page into the next.
 * Scoring many small pages then costs one model call, not one per page.
 */
import type { PageFeatures } from '../features/featurize';

export interface Packed {
  /** Total rows, gaps included. */
  readonly rows: number;
  readonly slots: number;
  readonly denseSize: number;
  readonly ids: Int32Array;
  readonly weights: Float32Array;
  readonly dense: Float32Array;
  /** 1 on real lines, 0 on gaps. */
  readonly mask: Float32Array;
  /** Row at which each page starts. */
  readonly starts: readonly number[];
}

export function packPages(pages: readonly PageFeatures[], gap: number): Packed {
  if (pages.length === 0) throw new Error('packPages: no pages');
  const { slots, denseSize } = pages[0]!;
  let rows = 0;
  const starts: number[] = [];
  for (const p of pages) {
    if (p.slots !== slots || p.denseSize !== denseSize) throw new Error('packPages: pages featurised with different settings');
    starts.push(rows);
    rows += p.n + gap;
  }
  rows -= gap;
  const ids = new Int32Array(rows * slots);
  const weights = new Float32Array(rows * slots);
  const dense = new Float32Array(rows * denseSize);
  const mask = new Float32Array(rows);
  pages.forEach((p, i) => {
    const s = starts[i]!;
    ids.set(p.ids, s * slots);
    weights.set(p.weights, s * slots);
    dense.set(p.dense, s * denseSize);
    mask.fill(1, s, s + p.n);
  });
  return { rows, slots, denseSize, ids, weights, dense, mask, starts };
}

/** The rows of a packing without ids and weights: where pages start, and the dense features and mask. */
export interface PackedRows {
  readonly rows: number;
  readonly denseSize: number;
  readonly dense: Float32Array;
  readonly mask: Float32Array;
  readonly starts: readonly number[];
}

/**
 * Pack only the dense features and the mask (scoring computes each page's bag
 * straight from its own ids and weights, so those are never copied). Gap rows
 * are zero. `buffers`, when given and big enough, are reused.
 */
export function packRows(pages: readonly PageFeatures[], gap: number, buffers?: { dense: Float32Array; mask: Float32Array }): PackedRows {
  if (pages.length === 0) throw new Error('packRows: no pages');
  const { denseSize } = pages[0]!;
  let rows = 0;
  const starts: number[] = [];
  for (const p of pages) {
    if (p.denseSize !== denseSize) throw new Error('packRows: pages featurised with different settings');
    starts.push(rows);
    rows += p.n + gap;
  }
  rows -= gap;
  const reuse = buffers && buffers.dense.length >= rows * denseSize && buffers.mask.length >= rows;
  const dense = reuse ? buffers.dense.subarray(0, rows * denseSize) : new Float32Array(rows * denseSize);
  const mask = reuse ? buffers.mask.subarray(0, rows) : new Float32Array(rows);
  if (reuse) {
    dense.fill(0);
    mask.fill(0);
  }
  pages.forEach((p, i) => {
    const s = starts[i]!;
    dense.set(p.dense, s * denseSize);
    mask.fill(1, s, s + p.n);
  });
  return { rows, denseSize, dense, mask, starts };
}

/** Group pages, in order, into batches of about `maxRows` rows (a longer page gets a batch of its own). */
export function batchPages<T extends { readonly n: number }>(pages: readonly T[], maxRows: number): T[][] {
  const batches: T[][] = [];
  let cur: T[] = [];
  let rows = 0;
  for (const p of pages) {
    if (cur.length > 0 && rows + p.n > maxRows) {
      batches.push(cur);
      cur = [];
      rows = 0;
    }
    cur.push(p);
    rows += p.n;
  }
  if (cur.length > 0) batches.push(cur);
  return batches;
}
