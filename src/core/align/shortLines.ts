/**
 * Lines the chain cannot place: short lines, which fill holes the chain
 * leaves in the gold, and wordless lines, which take their neighbours' side.
 */
import type { Label } from '../labels/schema';
import { lowerBound, type GoldIndex, type Match } from './lineMatch';
import type { Reason } from './goldAlign';

type Put = (line: number, label: Label, reason: Reason, coverage: number) => void;

/**
 * Short lines are too short to place by matching alone ("Photo", "Share",
 * a subheading): they are article only where the article neighbours leave a
 * hole in the gold that they fill, as a whole unit or right next to an
 * article line. Before the first article line the page is read backwards
 * from it, so a heading right above the body wins over its copy in the menu.
 */
export function labelShortLines(ids: readonly Int32Array[], short: readonly boolean[], matched: (Match | undefined)[], g: GoldIndex, put: Put): void {
  const m = g.tokens.length;
  const first = matched.findIndex((x) => x !== undefined);
  const place = (i: number, at: number, len: number) => {
    matched[i] = { line: i, matched: len, start: at, end: at + len - 1, positions: Int32Array.from({ length: len }, (_, k) => at + k) };
    put(i, 'article', 'unit', 1);
  };
  const miss = (i: number, inGap: boolean) => {
    const q = ids[i]!;
    if (inGap) put(i, null, 'hard', 1);
    else if (!q.some((id) => id < 0) && findRun(q, g, 0, m, 1) >= 0) put(i, 'noise', 'copy', 1);
    else put(i, 'noise', 'absent', 0);
  };
  const isUnit = (at: number, len: number) => g.unitStart[g.unitOf[at]!] === at && g.unitEnd[g.unitOf[at]!] === at + len;

  // Backwards from the first article line: cursor is where the placed text begins.
  // contiguous: only blank or wordless lines between this line and placed text.
  let cursor = first > 0 ? matched[first]!.start : 0, contiguous = true;
  for (let i = first - 1; i >= 0; i--) {
    const q = ids[i]!;
    if (q.length === 0) continue;
    if (!short[i]) { contiguous = false; continue; }
    const at = q.some((id) => id < 0) ? -1 : findRun(q, g, 0, cursor, -1);
    if (at >= 0 && (isUnit(at, q.length) || (contiguous && at + q.length >= cursor - 1))) { place(i, at, q.length); cursor = at; contiguous = true; }
    else { contiguous = false; miss(i, at >= 0); }
  }

  // Forwards from there: cursor is where the placed text ends.
  const nextStart = new Int32Array(ids.length + 1).fill(m);
  for (let i = ids.length - 1; i >= 0; i--) nextStart[i] = matched[i] ? matched[i]!.start : nextStart[i + 1]!;
  cursor = 0;
  contiguous = false;
  for (let i = Math.max(first, 0); i < ids.length; i++) {
    const q = ids[i]!;
    if (matched[i]) { cursor = matched[i]!.end + 1; contiguous = true; continue; }
    if (q.length === 0) continue;
    if (!short[i]) { contiguous = false; continue; }
    const at = q.some((id) => id < 0) ? -1 : findRun(q, g, cursor, nextStart[i + 1]!, 1);
    if (at >= 0 && (isUnit(at, q.length) || (contiguous && at <= cursor + 1))) { place(i, at, q.length); cursor = at + q.length; contiguous = true; }
    else { contiguous = false; miss(i, at >= 0); }
  }
}

/**
 * A gold position p in [from, to − len] where q occurs contiguously, the first
 * (dir 1) or the last (dir −1), or −1.
 */
function findRun(q: Int32Array, g: GoldIndex, from: number, to: number, dir: 1 | -1): number {
  const post = g.postings[q[0]!]!;
  const lo = lowerBound(post, dir === 1 ? from : to - q.length + 1);
  for (let x = dir === 1 ? lo : lo - 1; x >= 0 && x < post.length; x += dir) {
    const p = post[x]!;
    if (p < from || p + q.length > to) break;
    let k = 1;
    while (k < q.length && g.tokens[p + k] === q[k]) k++;
    if (k === q.length) return p;
  }
  return -1;
}

/**
 * Lines without a word ("}", "→", "* * *"): noise, except between two article
 * lines, where they may be code or a section break of the article (null).
 */
export function labelSymbolLines(lines: readonly string[], toks: readonly string[][], labels: Label[], reasons: Reason[]): void {
  let prev: Label = null;
  for (let i = 0; i < lines.length; i++) {
    if (toks[i]!.length > 0) { prev = labels[i]!; continue; }
    if (lines[i]!.length === 0) continue;
    let next: Label = null;
    for (let j = i + 1; j < lines.length; j++) if (toks[j]!.length > 0) { next = labels[j]!; break; }
    const inside = prev === 'article' && next === 'article';
    labels[i] = inside ? null : 'noise';
    reasons[i] = inside ? 'hard' : 'absent';
  }
}
