/**
 * A page of lines becomes the model's three inputs: hashed ids, their weights,
 * and dense layout features, one row per line.
 */
import { IdBag } from './idBag';
import { addCharNgrams } from './ngrams';
import { addTokens, addWordIds } from './words';
import { lineShape, LINE_SHAPE_FEATURES } from './lineShape';
import { pageContext, PAGE_CONTEXT_FEATURES } from './pageContext';
import { htmlHintFeatures, type LineHints } from './htmlHints';
import type { FeaturizerSettings } from './settings';
import { tokenizerFor } from '../text/tokenize';

export interface PageFeatures {
  /** Number of lines. */
  readonly n: number;
  /** Slots per line (charSlots + wordSlots). */
  readonly slots: number;
  /** n × slots ids; 0 is padding. */
  readonly ids: Int32Array;
  /** n × slots weights; each line's char slots sum to 1, as do its word slots (or 0 when empty). */
  readonly weights: Float32Array;
  /** Dense features per line. */
  readonly denseSize: number;
  /** n × denseSize dense features. */
  readonly dense: Float32Array;
}

export interface PageInput {
  readonly lines: readonly string[];
  /** ISO 639-1 language of the page, or 'und'. */
  readonly lang: string;
  /** Per-line HTML hints, when the page came from HTML. */
  readonly hints?: readonly (LineHints | undefined)[];
}

const SHAPE_OFFSET = 0;
const CONTEXT_OFFSET = LINE_SHAPE_FEATURES.length;
const HINTS_OFFSET = CONTEXT_OFFSET + PAGE_CONTEXT_FEATURES.length;

/** Reused across calls: featurising allocates per page, not per n-gram. */
const charBag = new IdBag();
const wordBag = new IdBag();

export function featurizePage(page: PageInput, s: FeaturizerSettings): PageFeatures {
  const n = page.lines.length;
  const slots = s.charSlots + s.wordSlots;
  const denseSize = s.dense.length;
  const ids = new Int32Array(n * slots);
  const weights = new Float32Array(n * slots);
  const dense = new Float32Array(n * denseSize);
  const tokenize = tokenizerFor(page.lang, s.naturalLanguages);

  for (let i = 0; i < n; i++) {
    const text = page.lines[i]!;
    const hints = page.hints?.[i];
    charBag.clear();
    wordBag.clear();
    if (text.length > 0) {
      const lower = text.toLowerCase();
      addCharNgrams(charBag, lower, s);
      addWordIds(wordBag, tokenize(lower), s.bucketBits);
    }
    if (hints) {
      addTokens(wordBag, 'tag', hints.tags, s.bucketBits);
      addTokens(wordBag, 'attr', hints.attrWords, s.bucketBits);
    }
    charBag.emit(ids, weights, i * slots, s.charSlots);
    wordBag.emit(ids, weights, i * slots + s.charSlots, s.wordSlots);
    lineShape(text, dense, i * denseSize + SHAPE_OFFSET);
    htmlHintFeatures(hints, dense, i * denseSize + HINTS_OFFSET);
  }
  pageContext(page.lines, dense, denseSize, CONTEXT_OFFSET);
  return { n, slots, ids, weights, denseSize, dense };
}
