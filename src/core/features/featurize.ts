/**
 * A page of lines becomes the model's three inputs: hashed ids, their weights,
 * and dense layout features, one row per line.
 */
import { IdBag } from './idBag';
import { addCharNgramsForTopK } from './ngrams';
import { addTokens, addUnicodeWordIds, addWordIds } from './words';
import { lineShape, LINE_SHAPE_FEATURES } from './lineShape';
import { pageContext, PAGE_CONTEXT_FEATURES } from './pageContext';
import { htmlHintFeatures, type LineHints } from './htmlHints';
import type { FeaturizerSettings } from './settings';
import { tokenizerFor, unicodeTokenize } from '../text/tokenize';

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

/**
 * Reusable storage for the features of many pages (a batch being cleaned):
 * featurizePage(page, s, arena) returns views into it instead of allocating,
 * valid until the next reset(). Every element of a view is written, so
 * nothing needs clearing between uses.
 */
export class FeatureArena {
  private ints = new Int32Array(0);
  private floats = new Float32Array(0);
  private dense = new Float32Array(0);
  private usedSlots = 0;
  private usedDense = 0;

  /** Start over: the views handed out so far may be overwritten. */
  reset(): void {
    this.usedSlots = 0;
    this.usedDense = 0;
    if (this.ints.length > ARENA_KEEP_SLOTS) {
      // Let one giant page's buffers go rather than keep them for good.
      this.ints = new Int32Array(0);
      this.floats = new Float32Array(0);
      this.dense = new Float32Array(0);
    }
  }

  take(slots: number, dense: number): { ids: Int32Array; weights: Float32Array; dense: Float32Array } {
    if (this.usedSlots + slots > this.ints.length || this.usedDense + dense > this.dense.length) {
      // Earlier views keep their old buffers alive; new pages go to new, larger ones.
      const grow = (have: number, need: number) => Math.max(need, 2 * have, 1 << 16);
      const slotCap = grow(this.ints.length, slots);
      this.ints = new Int32Array(slotCap);
      this.floats = new Float32Array(slotCap);
      this.dense = new Float32Array(grow(this.dense.length, dense));
      this.usedSlots = 0;
      this.usedDense = 0;
    }
    const a = this.usedSlots, b = this.usedDense;
    this.usedSlots += slots;
    this.usedDense += dense;
    return { ids: this.ints.subarray(a, a + slots), weights: this.floats.subarray(a, a + slots), dense: this.dense.subarray(b, b + dense) };
  }
}

/** An arena holding more id slots than this (~32 MB) drops its buffers on reset. */
const ARENA_KEEP_SLOTS = 4 * 1024 * 1024;

export function featurizePage(page: PageInput, s: FeaturizerSettings, arena?: FeatureArena): PageFeatures {
  const n = page.lines.length;
  const slots = s.charSlots + s.wordSlots;
  const denseSize = s.dense.length;
  const store = arena ? arena.take(n * slots, n * denseSize) : null;
  const ids = store ? store.ids : new Int32Array(n * slots);
  const weights = store ? store.weights : new Float32Array(n * slots);
  const dense = store ? store.dense : new Float32Array(n * denseSize);
  const tokenize = tokenizerFor(page.lang, s.naturalLanguages);

  for (let i = 0; i < n; i++) {
    const text = page.lines[i]!;
    const hints = page.hints?.[i];
    charBag.clear();
    wordBag.clear();
    if (text.length > 0) {
      const lower = text.toLowerCase();
      addCharNgramsForTopK(charBag, lower, s, s.charSlots);
      // The Unicode splitter's words are hashed in place, without building them.
      if (tokenize === unicodeTokenize) addUnicodeWordIds(wordBag, lower, s.bucketBits);
      else addWordIds(wordBag, tokenize(lower), s.bucketBits);
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
  pageContext(page.lines, dense, denseSize, CONTEXT_OFFSET, page.hints !== undefined);
  return { n, slots, ids, weights, denseSize, dense };
}
