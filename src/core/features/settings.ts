/**
 * The featurizer's settings. They are saved in every model's metadata, and a
 * model is only ever run with the settings it was trained with.
 */
import { LINE_SHAPE_FEATURES } from './lineShape';
import { PAGE_CONTEXT_FEATURES } from './pageContext';
import { HTML_HINT_FEATURES } from './htmlHints';
import { NATURAL_LANGUAGES } from '../text/tokenize';

/** Bumped whenever the same settings would produce different ids or values. */
export const FEATURIZER_VERSION = 1;

export interface FeaturizerSettings {
  readonly version: number;
  /** Character n-gram lengths, inclusive. */
  readonly minN: number;
  readonly maxN: number;
  /** The hashed id table has 2^bucketBits rows. */
  readonly bucketBits: number;
  /** Slots per line for char n-gram ids and for word-level ids (bottom-k sampled beyond). */
  readonly charSlots: number;
  readonly wordSlots: number;
  /** Languages tokenised with natural's tokenizer; others use the Unicode splitter. */
  readonly naturalLanguages: readonly string[];
  /** Dense feature names, in order: a model refuses features it does not know. */
  readonly dense: readonly string[];
}

export const DEFAULT_SETTINGS: FeaturizerSettings = {
  version: FEATURIZER_VERSION,
  minN: 2,
  maxN: 5,
  bucketBits: 16,
  charSlots: 96,
  wordSlots: 32,
  naturalLanguages: NATURAL_LANGUAGES,
  dense: [...LINE_SHAPE_FEATURES, ...PAGE_CONTEXT_FEATURES, ...HTML_HINT_FEATURES],
};

/** Why `saved` cannot be used by this build, or null when it can. */
export function settingsMismatch(saved: FeaturizerSettings): string | null {
  if (saved.version !== FEATURIZER_VERSION) {
    return `featurizer version ${saved.version}, this chaff reads version ${FEATURIZER_VERSION}`;
  }
  const known = DEFAULT_SETTINGS.dense;
  if (saved.dense.length !== known.length || saved.dense.some((d, i) => d !== known[i])) {
    return `dense features [${saved.dense.join(', ')}] differ from this build's [${known.join(', ')}]`;
  }
  if (!(saved.minN >= 1 && saved.maxN >= saved.minN && saved.maxN <= 8)) return `bad n-gram range ${saved.minN}..${saved.maxN}`;
  if (!(saved.bucketBits >= 8 && saved.bucketBits <= 24)) return `bad bucketBits ${saved.bucketBits}`;
  if (!(saved.charSlots >= 1 && saved.wordSlots >= 1)) return 'bad slot counts';
  return null;
}
