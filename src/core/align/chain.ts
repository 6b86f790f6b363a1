/**
 * The chain: the heaviest set of line matches whose gold spans increase with
 * the page order. Its lines are the article's backbone.
 */
import type { Match } from './lineMatch';

/**
 * Gold tokens two consecutive chain lines may share, at least this many and
 * up to this share of the later line's matches: stray matches at the edges.
 */
const CHAIN_OVERLAP = 2;
const CHAIN_OVERLAP_SHARE = 0.25;
const CHAIN_OVERLAP_MAX = 8;
/**
 * Chain weight of a line on top of its matched tokens: when the page has the
 * article twice, as paragraphs and as one blob (print or audio copy), the
 * paragraphs win.
 */
const LINE_BONUS = 2;

/**
 * Heaviest chain of matches increasing in both page line and gold position
 * (Fenwick tree over gold end positions). Among equal weights the chain whose
 * first line is latest wins, then the one ending earliest: the tightest chain,
 * so a title repeated in the breadcrumb or a paragraph repeated in a teaser
 * next to the article loses to the copy that sits with the rest.
 */
export function bestChain(cands: readonly Match[], m: number): Match[] {
  const cs = [...cands].sort((a, b) => a.line - b.line);
  const size = m;
  const treeScore = new Float64Array(size + 1).fill(-1), treeFirst = new Int32Array(size + 1), treeIdx = new Int32Array(size + 1).fill(-1);
  const score = new Float64Array(cs.length), first = new Int32Array(cs.length), pred = new Int32Array(cs.length);
  const better = (s1: number, f1: number, s2: number, f2: number) => s1 > s2 || (s1 === s2 && f1 > f2);
  for (let a = 0; a < cs.length; ) {
    let b = a;
    while (b < cs.length && cs[b]!.line === cs[a]!.line) b++;
    for (let i = a; i < b; i++) {
      let s = -1, f = cs[i]!.line, p = -1;
      const overlap = Math.min(CHAIN_OVERLAP_MAX, Math.max(CHAIN_OVERLAP, Math.floor(cs[i]!.matched * CHAIN_OVERLAP_SHARE)));
      for (let x = Math.min(size, cs[i]!.start + overlap); x > 0; x -= x & -x) {
        if (treeIdx[x]! >= 0 && better(treeScore[x]!, treeFirst[x]!, s, f)) { s = treeScore[x]!; f = treeFirst[x]!; p = treeIdx[x]!; }
      }
      score[i] = (p >= 0 ? s : 0) + cs[i]!.matched + LINE_BONUS;
      first[i] = p >= 0 ? f : cs[i]!.line;
      pred[i] = p;
    }
    for (let i = a; i < b; i++) {
      for (let x = cs[i]!.end + 1; x <= size; x += x & -x) {
        if (treeIdx[x]! < 0 || better(score[i]!, first[i]!, treeScore[x]!, treeFirst[x]!)) { treeScore[x] = score[i]!; treeFirst[x] = first[i]!; treeIdx[x] = i; }
      }
    }
    a = b;
  }
  let best = -1;
  for (let i = 0; i < cs.length; i++) {
    if (best < 0 || better(score[i]!, first[i]! - cs[i]!.line, score[best]!, first[best]! - cs[best]!.line)) best = i;
  }
  const chain: Match[] = [];
  for (let i = best; i >= 0; i = pred[i]!) chain.push(cs[i]!);
  return chain.reverse();
}
