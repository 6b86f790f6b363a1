/**
 * The label schema: what a labelled page is. Documented in labels/README.md;
 * bump LABEL_SCHEMA_VERSION whenever the file format changes meaning.
 */

import type { LineHints } from '../features/htmlHints';

export const LABEL_SCHEMA_VERSION = 1;

/** Version of labels/POLICY.md that labels were made under. */
export const POLICY_VERSION = '1';

export const LABELS = ['article', 'noise'] as const;

/** A line's label; null when not labelled yet (and always for blank lines). */
export type Label = (typeof LABELS)[number] | null;

export interface PageMeta {
  /** Stable page id, the file's base name. */
  readonly id: string;
  /** ISO 639-1 language, or 'und'. */
  readonly lang: string;
  /** Site (host name) the page came from: validation is split by it. */
  readonly site: string;
  /** Where the page came from: 'seed', 'fundus', 'wcxb', 'user', … */
  readonly source: string;
  /** Policy version the labels follow. */
  readonly policy: string;
  /** Page URL, when known. */
  readonly url?: string;
  /**
   * For a sidecar (a label file without page text): the page file it labels,
   * relative to the label file. Its lines are regenerated from that file.
   */
  readonly page?: string;
}

export interface LabelledPage {
  readonly meta: PageMeta;
  readonly lines: readonly string[];
  readonly labels: readonly Label[];
  /** Per-line HTML hints, when the page was read from HTML (never stored in label files). */
  readonly hints?: readonly LineHints[];
}

export function isLabel(s: string): s is NonNullable<Label> {
  return (LABELS as readonly string[]).includes(s);
}

/** Labelled lines (article or noise) over all the pages. */
export function countLabelled(pages: readonly LabelledPage[]): number {
  return pages.reduce((n, p) => n + p.labels.filter((l) => l !== null).length, 0);
}

/** Share of non-blank lines that carry a label. */
export function labelledShare(page: LabelledPage): { labelled: number; total: number } {
  let labelled = 0, total = 0;
  page.lines.forEach((l, i) => {
    if (l.length === 0) return;
    total++;
    if (page.labels[i] !== null) labelled++;
  });
  return { labelled, total };
}
