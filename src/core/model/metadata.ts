/**
 * A model's metadata (metadata.json beside model.json): everything needed to
 * run it the way it was trained, and a record of how it was made.
 * The schema is versioned and documented in models/README.md.
 */
import type { FeaturizerSettings } from '../features/settings';
import type { ArchitectureSpec } from './architecture';
import type { EvalReport } from '../metrics';

export const MODEL_FORMAT = 'chaff-line-model';
export const MODEL_SCHEMA_VERSION = 1;

export interface TrainingSummary {
  readonly pages: number;
  readonly lines: number;
  readonly article: number;
  readonly noise: number;
  readonly languages: Record<string, number>;
  readonly sources: Record<string, number>;
  readonly validationPages: number;
  readonly seed: number;
  readonly epochs: number;
  readonly bestEpoch: number;
  readonly options: Record<string, unknown>;
  readonly backend: string;
  readonly seconds: number;
  /**
   * Validation pages the saved model was retrained on (`chaff train --refit`)
   * after early stopping chose its epochs: `validation` still describes the
   * run that had not seen them, but they are no longer held out for this model.
   */
  readonly refitPages?: readonly string[];
  /**
   * Synthetic copies of training pages, each with a block of other stories'
   * teasers labelled noise (train/teaserBlocks.ts), trained on beside `pages`;
   * `lines` counts their labelled lines.
   */
  readonly teaserCopies?: { readonly pages: number; readonly lines: number };
}

export interface ModelMetadata {
  readonly format: typeof MODEL_FORMAT;
  readonly schemaVersion: number;
  readonly name: string;
  readonly createdAt: string;
  readonly chaffVersion: string;
  readonly labelSchemaVersion: number;
  readonly policyVersion: string;
  readonly featurizer: FeaturizerSettings;
  readonly architecture: ArchitectureSpec;
  /** Score at or above which a line is kept (chosen on validation). */
  readonly threshold: number;
  /**
   * The same for pages read from HTML, chosen on the HTML validation pages
   * alone; absent in models trained without HTML pages (then `threshold`).
   */
  readonly htmlThreshold?: number;
  readonly training: TrainingSummary | null;
  readonly validation: EvalReport | null;
  /** How to reproduce this model, e.g. the command line. */
  readonly recipe: string;
  /** Anything else the trainer wants on record (e.g. leave-one-out results). */
  readonly notes?: Record<string, unknown>;
}

/**
 * Ids of the validation pages this model never learned from: its validation
 * pages, less any it was refit on afterwards (`training.refitPages`).
 */
export function heldOutPageIds(m: ModelMetadata): Set<string> {
  const refit = new Set(m.training?.refitPages ?? []);
  return new Set((m.validation?.perPage ?? []).map((p) => p.page).filter((id) => !refit.has(id)));
}

/** Why `m` is not metadata this build can use, or null. */
export function metadataProblem(m: unknown): string | null {
  if (typeof m !== 'object' || m === null) return 'metadata is not a JSON object';
  const o = m as Record<string, unknown>;
  if (o.format !== MODEL_FORMAT) return `format is ${JSON.stringify(o.format)}, expected "${MODEL_FORMAT}"`;
  if (o.schemaVersion !== MODEL_SCHEMA_VERSION) {
    return `schema version ${String(o.schemaVersion)}; this chaff reads version ${MODEL_SCHEMA_VERSION}`;
  }
  if (typeof o.featurizer !== 'object' || o.featurizer === null) return 'no featurizer settings';
  if (typeof o.architecture !== 'object' || o.architecture === null) return 'no architecture';
  if (typeof o.threshold !== 'number' || !(o.threshold >= 0 && o.threshold <= 1)) return 'threshold must be a number in [0, 1]';
  if (o.htmlThreshold !== undefined && (typeof o.htmlThreshold !== 'number' || !(o.htmlThreshold >= 0 && o.htmlThreshold <= 1))) {
    return 'htmlThreshold must be a number in [0, 1]';
  }
  return null;
}
