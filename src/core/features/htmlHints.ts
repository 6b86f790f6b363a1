/**
 * Optional per-line hints that only HTML input carries: how much of the line
 * is link text, which structural elements hold it, and the words of its
 * ancestors' class and id attributes. Plain-text pages have none, and the
 * model is trained with hints dropped at random so it works either way.
 */

export interface LineHints {
  /** Share of the line's characters that sit inside <a> elements, 0..1. */
  readonly linkShare: number;
  /** Lower-case names of the structural elements around the line (deduplicated). */
  readonly tags: readonly string[];
  /** Lower-case words of ancestors' class and id attributes (deduplicated). */
  readonly attrWords: readonly string[];
}

/** Elements whose presence around a line is a dense feature (the rest become hashed ids). */
export const HINT_TAGS = ['a', 'li', 'nav', 'header', 'footer', 'aside', 'figcaption', 'h1', 'h2', 'h3', 'p', 'td', 'blockquote', 'button', 'form', 'time'] as const;

export const HTML_HINT_FEATURES = ['has_html', 'link_share', ...HINT_TAGS.map((t) => `in_${t}`)] as const;

/** Write hint features at `offset`; zeros (and has_html = 0) when there are none. */
export function htmlHintFeatures(h: LineHints | undefined, out: Float32Array, offset: number): void {
  const n = HTML_HINT_FEATURES.length;
  out.fill(0, offset, offset + n);
  if (!h) return;
  out[offset] = 1;
  out[offset + 1] = clamp01(h.linkShare);
  for (let i = 0; i < HINT_TAGS.length; i++) {
    if (h.tags.includes(HINT_TAGS[i]!)) out[offset + 2 + i] = 1;
  }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.max(0, Math.min(1, x)) : 0;
}
