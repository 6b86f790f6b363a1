/**
 * A page as chaff models it: its lines, per-line HTML hints when it came from
 * HTML, and its language.
 */
import { splitLines } from './text/lines';
import { detectLanguage } from './text/language';
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
