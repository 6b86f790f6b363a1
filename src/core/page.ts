/**
 * A page as chaff models it: its lines, per-line HTML hints when it came from
 * HTML, and its language.
 */
import { splitLines } from './text/lines';
import { detectLanguage, toIso1, UNDETERMINED } from './text/language';
import { htmlToLines } from './html/htmlLines';
import { looksLikeHtml } from './text/decode';
import type { PageInput } from './features/featurize';
import type { LineHints } from './features/htmlHints';

export type PageKind = 'text' | 'html';

export interface Page extends PageInput {
  readonly kind: PageKind;
  readonly lines: readonly string[];
  readonly lang: string;
  readonly hints?: readonly LineHints[];
  readonly title?: string;
}

/** A plain-text page: one block per line. */
export function pageFromText(text: string, lang?: string): Page {
  const lines = splitLines(text);
  return { kind: 'text', lines, lang: lang ?? detectLanguage(lines) };
}

/**
 * An HTML page, as a browser's innerText shows it. The language is detected
 * from the text; <html lang> only decides when the text cannot (templates
 * often keep a wrong lang attribute).
 */
export function pageFromHtml(html: string, lang?: string): Page {
  const r = htmlToLines(html);
  let detected = lang ?? detectLanguage(r.lines);
  if (detected === UNDETERMINED && r.lang) detected = toIso1(r.lang.toLowerCase().split(/[-_]/)[0]!) || UNDETERMINED;
  return { kind: 'html', lines: r.lines, hints: r.hints, lang: detected, ...(r.title ? { title: r.title } : {}) };
}

/** A page from decoded text: HTML when `kind` says so or its content looks like HTML. */
export function pageFromString(text: string, kind?: PageKind, lang?: string): Page {
  const html = kind === 'html' || (kind === undefined && looksLikeHtml(text));
  return html ? pageFromHtml(text, lang) : pageFromText(text, lang);
}
