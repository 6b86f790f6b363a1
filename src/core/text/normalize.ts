/**
 * Text normalisation shared by every path that turns page text into lines.
 *
 * The same visible line must produce the same features whatever its encoding
 * quirks: Vietnamese tone marks arrive precomposed (NFC) or decomposed (NFD),
 * pages mix non-breaking and typographic spaces, and CMSs sprinkle zero-width
 * characters. We fold all of those here, once.
 */

/** Characters that render as nothing and only get in the way of matching. */
const INVISIBLE = /[\u00AD\u200B\u2060\uFEFF\u180E]/g;

/**
 * Bidi embedding/override/isolate controls. They change display order only, and
 * are a classic way to make two lines look equal while their code points differ.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/**
 * Every horizontal space Unicode knows, plus tab, folded to one ASCII space;
 * and the line breaks a line can still hold when it did not come from
 * splitLines (HTML text, a library caller's lines): a line never contains one.
 */
const SPACES = /[\t\v\f \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\n\r\u0085\u2028\u2029]+/g;

/** C0/C1 controls other than whitespace (and NEL, a line break): binary noise, never text. */
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;

/**
 * Normalise one line of text: NFC, invisible and control characters removed,
 * all spaces folded to single ASCII spaces, trimmed.
 */
export function normalizeLine(raw: string): string {
  let s = raw;
  if (s.length === 0) return s;
  s = s.replace(INVISIBLE, '').replace(BIDI_CONTROLS, '').replace(CONTROLS, '');
  s = s.normalize('NFC');
  s = s.replace(SPACES, ' ');
  return s.trim();
}

/** Strip a leading byte-order mark, if the decoder left one in. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
