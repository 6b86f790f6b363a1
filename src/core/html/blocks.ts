/**
 * Element tables for turning HTML into lines the way `innerText` does: which
 * elements break lines (and how many), which are never rendered, which keep
 * their whitespace, and which count as structure for the per-line hints.
 *
 * The tables follow the default (UA) stylesheet of browsers, because a page's
 * own CSS is not available to us.
 */

/** Attributes as htmlparser2 hands them over (names lower-cased). */
export type Attributes = Readonly<Record<string, string>>;

/** Line breaks an element asks for before and after itself. */
export const LINE_BREAK = 1;
/** A blank line: innerText's "required line break count" of 2 (for <p>), which we also give headings. */
export const BLANK_LINE = 2;

/** Block-level and other line-breaking elements, with the breaks each needs around it. */
export const BLOCK_BREAKS: ReadonlyMap<string, number> = new Map([
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((t) => [t, BLANK_LINE] as const),
  ...[
    'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details',
    'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
    'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol',
    'optgroup', 'option', 'plaintext', 'pre', 'search', 'section', 'summary', 'table', 'tbody',
    'tfoot', 'thead', 'tr', 'ul', 'xmp',
  ].map((t) => [t, LINE_BREAK] as const),
]);

/**
 * Elements whose content is never rendered as text: scripts and styles, the
 * contents of <head> that are not text, embedded documents and media, and
 * fallback content. <title> is here too: it is kept apart as the page title.
 * (<head> itself is not: a page that never closes it would lose its body.)
 */
export const HIDDEN_ELEMENTS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'title', 'svg', 'math', 'iframe', 'frameset',
  'object', 'applet', 'canvas', 'audio', 'video', 'textarea', 'datalist', 'noembed',
  'noframes', 'rp',
]);

/** Elements that keep their line breaks (CSS white-space: pre). */
export const PRE_ELEMENTS: ReadonlySet<string> = new Set(['pre', 'listing', 'plaintext', 'xmp']);

/** Table cells: their text shares the row's line (innerText puts a tab between cells). */
export const CELL_ELEMENTS: ReadonlySet<string> = new Set(['td', 'th']);

/**
 * The structural elements reported in a line's `tags` hint, in output order.
 * Each gets one bit of a 32-bit mask, so there can be at most 32.
 */
export const STRUCTURAL_TAGS = [
  'a', 'li', 'ul', 'ol', 'nav', 'header', 'footer', 'aside', 'figure', 'figcaption',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'td', 'th', 'table', 'blockquote', 'button',
  'form', 'time', 'article', 'main', 'section', 'label', 'select', 'option', 'pre', 'dd',
] as const;

/** Position of each hint tag in STRUCTURAL_TAGS, which is also its bit in a line's tag mask. */
export const STRUCTURAL_TAG_INDEX: ReadonlyMap<string, number> = new Map(STRUCTURAL_TAGS.map((t, i) => [t, i]));

/**
 * Id prefix of React's streamed Suspense segments: content sent hidden, which
 * a script then moves into place. It is the page, not hidden chrome.
 */
const REACT_SEGMENT = 'S:';

/** Inline style declarations that hide an element (compared with spaces removed). */
const HIDING_STYLES = ['display:none', 'visibility:hidden'] as const;

/**
 * True when an element's own attributes hide it and its subtree: `hidden`
 * (except on React's streamed segments), `aria-hidden="true"` (readers treat
 * it as decoration), an inline style of display:none or visibility:hidden, a
 * closed <dialog>, or <input type=hidden>.
 */
export function hiddenByAttributes(name: string, attribs: Attributes): boolean {
  if (attribs['hidden'] !== undefined && !attribs['id']?.startsWith(REACT_SEGMENT)) return true;
  const aria = attribs['aria-hidden'];
  if (aria !== undefined && aria.trim().toLowerCase() === 'true') return true;
  const style = attribs['style'];
  if (style !== undefined && style.length > 0 && hidingStyle(style)) return true;
  if (name === 'dialog') return attribs['open'] === undefined;
  if (name === 'input') return (attribs['type'] ?? '').toLowerCase() === 'hidden';
  return false;
}

function hidingStyle(style: string): boolean {
  const compact = style.toLowerCase().replace(/\s+/g, '');
  for (const s of HIDING_STYLES) {
    const at = compact.indexOf(s);
    // "display:none" must not match "display:nonex"; a declaration ends at ; ! or the end.
    if (at >= 0) {
      const next = compact.charCodeAt(at + s.length);
      if (Number.isNaN(next) || next === 0x3b /* ; */ || next === 0x21 /* ! */) return true;
    }
  }
  return false;
}
