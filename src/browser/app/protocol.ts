/**
 * The JSON the labelling server and the UI exchange (types only). Routes are
 * documented in docs/labelling-ui.md; the server is src/node/server/.
 */
import type { Label } from './lines';
import type { PageMeta } from '../../core/labels/schema';
import type { LineHints } from '../../core/features/htmlHints';

/** Header that carries the per-session token on every API request. */
export const TOKEN_HEADER = 'x-chaff-token';

/** A page's metadata, as the label file schema defines it. */
export type PageMetaJson = PageMeta;

export interface ModelInfo {
  readonly name: string;
  readonly threshold: number;
  /** Where the guesses come from: the model chaff label started with, or one trained in the browser. */
  readonly origin: 'start' | 'browser';
}

export interface PageSummary {
  readonly id: string;
  readonly lang: string;
  readonly kind: 'text' | 'html' | 'labels';
  /** Non-blank lines. */
  readonly total: number;
  readonly labelled: number;
  /** When the label file last changed (ISO 8601), null when there is none yet. */
  readonly modified: string | null;
  /** Unlabelled lines whose guess is below the mark asked for. */
  readonly uncertain: number;
  /** Sum over unlabelled lines of (1 − confidence): about how many guesses are wrong. */
  readonly doubt: number;
  /** Why the page cannot be labelled (its label file does not parse, …); null when it can. */
  readonly error: string | null;
}

export interface PagesResponse {
  readonly pages: readonly PageSummary[];
  readonly model: ModelInfo;
  /** Files found but not served, with the reason (links out of their folder, duplicate ids). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
}

export interface PageResponse {
  readonly id: string;
  readonly meta: PageMetaJson;
  /** The language chaff clean would detect for the page file (scores use it). */
  readonly lang: string;
  readonly kind: 'text' | 'html' | 'labels';
  readonly lines: readonly string[];
  readonly labels: readonly Label[];
  readonly scores: readonly (number | null)[];
  readonly threshold: number;
  /** Version of the label file this state was read from; sent back with every save. */
  readonly version: string;
  readonly modified: string | null;
  /** The label file, relative to the labels folder. */
  readonly labelFile: string;
  readonly sidecar: boolean;
  readonly error: string | null;
}

export interface SaveRequest {
  readonly version: string;
  readonly labels: readonly Label[];
}

export interface SaveResponse {
  readonly version: string;
  readonly modified: string;
  readonly labelled: number;
  readonly total: number;
}

/** A page for training and scoring in the browser. */
export interface DatasetPage {
  readonly id: string;
  readonly meta: PageMetaJson;
  readonly lang: string;
  readonly lines: readonly string[];
  readonly labels: readonly Label[];
  readonly hints?: readonly LineHints[];
}

export interface DatasetResponse {
  readonly pages: readonly DatasetPage[];
}

/** A model's three files; weights.bin as base64. */
export interface ModelFilesJson {
  readonly modelJson: string;
  readonly metadataJson: string;
  readonly weights: string;
}

export interface SaveModelRequest extends ModelFilesJson {
  /** Replace a model of that name saved earlier. */
  readonly overwrite?: boolean;
}

export interface SaveModelResponse {
  readonly name: string;
  /** The model folder, relative to the models folder's parent. */
  readonly dir: string;
  readonly bytes: number;
}

export interface ErrorResponse {
  readonly error: string;
  /** Set on 409 conflicts: the label file changed since the version the request was based on. */
  readonly conflict?: boolean;
}

/** Cheap base64 for Uint8Array in both Node and browsers. */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
