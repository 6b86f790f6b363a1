/**
 * Messages between the page and the training worker (types only).
 */
import type { DatasetPage } from '../app/protocol';

export interface TrainSettings {
  /** Name recorded in the model's metadata. */
  readonly name: string;
  readonly maxEpochs: number;
  readonly patience: number;
  readonly seed: number;
}

/** A model's three files, weights as raw bytes (transferred, not copied). */
export interface ModelFilesMessage {
  readonly modelJson: string;
  readonly metadataJson: string;
  readonly weights: ArrayBuffer;
}

export interface ScorePage {
  readonly id: string;
  readonly lang: string;
  readonly lines: readonly string[];
  readonly hints?: DatasetPage['hints'];
}

export type ToWorker =
  | { readonly type: 'train'; readonly job: number; readonly pages: readonly DatasetPage[]; readonly settings: TrainSettings }
  | { readonly type: 'stop' }
  | { readonly type: 'score'; readonly job: number; readonly files: ModelFilesMessage; readonly pages: readonly ScorePage[] }
  | { readonly type: 'featurize'; readonly job: number; readonly page: ScorePage; readonly settings?: unknown };

export interface TrainSummary {
  readonly threshold: number;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly validationF1: number | null;
  readonly trainPages: number;
  readonly validationPages: number;
  readonly seconds: number;
}

export type FromWorker =
  | { readonly type: 'ready'; readonly backend: string }
  | { readonly type: 'progress'; readonly job: number; readonly epoch: number; readonly maxEpochs: number; readonly step: number; readonly steps: number }
  | { readonly type: 'epoch'; readonly job: number; readonly epoch: number; readonly trainLoss: number; readonly validationF1: number | null }
  | { readonly type: 'trained'; readonly job: number; readonly files: ModelFilesMessage; readonly scores: Record<string, number[]>; readonly summary: TrainSummary }
  | { readonly type: 'scored'; readonly job: number; readonly scores: Record<string, number[]> }
  | { readonly type: 'features'; readonly job: number; readonly ids: number[]; readonly weights: number[]; readonly dense: number[]; readonly slots: number; readonly denseSize: number }
  | { readonly type: 'error'; readonly job: number; readonly message: string };
