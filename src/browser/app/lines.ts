/**
 * The page view's logic, with no DOM: which line a key moves to, which lines
 * a command labels, what undo restores. The UI calls these; the keystroke
 * test plans its key presses with the same functions, so what it counts is
 * what the UI does.
 */
import { confidence, guessOf } from './confidence';

export type Label = 'article' | 'noise' | null;

/** What the page view knows of a page. */
export interface PageLines {
  readonly lines: readonly string[];
  readonly labels: readonly Label[];
  /** Model score (probability of article) per line; null for blank lines or when no model. */
  readonly scores: readonly (number | null)[];
  readonly threshold: number;
}

/** Cursor and selection: the selection runs from `anchor` to `cursor`, both ends included. */
export interface Caret {
  readonly cursor: number;
  readonly anchor: number;
}

/** One line's label before and after an edit. */
export interface Change {
  readonly line: number;
  readonly before: Label;
  readonly after: Label;
}

/** Lines a page-down or page-up moves over. */
export const PAGE_STEP = 10;

export function isText(p: PageLines, i: number): boolean {
  return i >= 0 && i < p.lines.length && p.lines[i]!.length > 0;
}

export function firstText(p: PageLines): number {
  for (let i = 0; i < p.lines.length; i++) if (isText(p, i)) return i;
  return 0;
}

export function lastText(p: PageLines): number {
  for (let i = p.lines.length - 1; i >= 0; i--) if (isText(p, i)) return i;
  return 0;
}

/** The `count`-th non-blank line after (dir 1) or before (dir -1) line i; stops at the ends. */
export function step(p: PageLines, i: number, dir: 1 | -1, count = 1): number {
  let at = i;
  for (let k = 0; k < count; k++) {
    let j = at + dir;
    while (j >= 0 && j < p.lines.length && !isText(p, j)) j += dir;
    if (j < 0 || j >= p.lines.length) break;
    at = j;
  }
  return at;
}

export function guess(p: PageLines, i: number): 'article' | 'noise' | null {
  const s = p.scores[i];
  return s === null || s === undefined || !isText(p, i) ? null : guessOf(s, p.threshold);
}

export function lineConfidence(p: PageLines, i: number): number | null {
  const s = p.scores[i];
  return s === null || s === undefined || !isText(p, i) ? null : confidence(s, p.threshold);
}

/** A line the model is unsure of: its guess's confidence is below the mark. */
export function isLow(p: PageLines, i: number, mark: number): boolean {
  const c = lineConfidence(p, i);
  return c !== null && c < mark;
}

/**
 * The next (dir 1) or previous (dir -1) line the model is unsure of,
 * labelled or not, wrapping around the page; i itself when there is none.
 */
export function nextLow(p: PageLines, i: number, mark: number, dir: 1 | -1): number {
  const n = p.lines.length;
  for (let k = 1; k <= n; k++) {
    const j = (((i + dir * k) % n) + n) % n;
    if (isLow(p, j, mark)) return j;
  }
  return i;
}

/**
 * Where the cursor goes after labelling up to line `end`: the next unlabelled
 * non-blank line (wrapping around), or the next line when all are labelled.
 */
export function advance(p: PageLines, end: number): number {
  const n = p.lines.length;
  for (let k = 1; k < n; k++) {
    const j = (end + k) % n;
    if (isText(p, j) && p.labels[j] === null) return j;
  }
  return step(p, end, 1);
}

export function range(c: Caret): [number, number] {
  return c.anchor <= c.cursor ? [c.anchor, c.cursor] : [c.cursor, c.anchor];
}

/** Set every non-blank line from `from` to `to` to `label`. */
export function setLabels(p: PageLines, from: number, to: number, label: Label): Change[] {
  const out: Change[] = [];
  for (let i = from; i <= to; i++) {
    if (isText(p, i) && p.labels[i] !== label) out.push({ line: i, before: p.labels[i]!, after: label });
  }
  return out;
}

/** Take the model's guess for the non-blank lines from `from` to `to` (all of them, or only unlabelled ones). */
export function acceptGuesses(p: PageLines, from: number, to: number, onlyUnlabelled: boolean): Change[] {
  const out: Change[] = [];
  for (let i = from; i <= to; i++) {
    const g = guess(p, i);
    if (g === null || p.labels[i] === g || (onlyUnlabelled && p.labels[i] !== null)) continue;
    out.push({ line: i, before: p.labels[i]!, after: g });
  }
  return out;
}

export function apply(labels: readonly Label[], changes: readonly Change[], direction: 'do' | 'undo'): Label[] {
  const out = labels.slice();
  const list = direction === 'do' ? changes : [...changes].reverse();
  for (const c of list) out[c.line] = direction === 'do' ? c.after : c.before;
  return out;
}

/**
 * The run of unlabelled lines the model is least sure of: the least sure
 * unlabelled line, widened over its unlabelled neighbours (blank lines do not
 * break a run) that are also below the mark. Null when every line is labelled.
 */
export function leastSureRun(p: PageLines, mark: number): [number, number] | null {
  let best = -1, bestConf = Infinity;
  for (let i = 0; i < p.lines.length; i++) {
    if (!isText(p, i) || p.labels[i] !== null) continue;
    const c = lineConfidence(p, i) ?? 0.5;
    if (c < bestConf) {
      best = i;
      bestConf = c;
    }
  }
  if (best < 0) return null;
  const inRun = (i: number) => p.labels[i] === null && (lineConfidence(p, i) ?? 0.5) < Math.max(mark, bestConf + 1e-9);
  let from = best, to = best;
  for (let j = step(p, from, -1); j !== from && inRun(j); j = step(p, from, -1)) from = j;
  for (let j = step(p, to, 1); j !== to && inRun(j); j = step(p, to, 1)) to = j;
  return [from, to];
}

/** Non-blank lines and how many of them carry a label. */
export function progress(p: { lines: readonly string[]; labels: readonly Label[] }): { labelled: number; total: number } {
  let labelled = 0, total = 0;
  p.lines.forEach((l, i) => {
    if (l.length === 0) return;
    total++;
    if (p.labels[i] !== null) labelled++;
  });
  return { labelled, total };
}
