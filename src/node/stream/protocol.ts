/**
 * Messages between the main thread of `chaff clean --jsonl` and its workers.
 */
import type { BatchStats } from './records';

export interface WorkerConfig {
  /** The model directory; undefined: the shipped model. */
  readonly modelDir: string | undefined;
  readonly backend: string;
  /** Keep lines scoring at least this; undefined: the model's own threshold. */
  readonly threshold: number | undefined;
  readonly maxRecordBytes: number;
}

/** A batch of records: their bytes end to end, where each ends, its number and size (negative: over the limit, no bytes). */
export interface BatchMessage {
  readonly type: 'batch';
  readonly batch: number;
  readonly bytes: Uint8Array;
  readonly ends: Int32Array;
  readonly seqs: Int32Array;
  readonly sizes: Float64Array;
}

export type ToWorker = BatchMessage | { readonly type: 'stop' };

export type FromWorker =
  | { readonly type: 'ready'; readonly backend: string; readonly model: string; readonly threshold: number; readonly htmlThreshold: number }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'done'; readonly batch: number; readonly out: string; readonly stats: BatchStats };
