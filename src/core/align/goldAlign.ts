/**
 * Gold alignment: line labels for a page from the article text ("gold") that
 * a dataset gives for it. The rule (docs/import.md has the why and the numbers):
 *
 * A line is article when most of its tokens appear, in order, in the gold,
 * at a place consistent with the other article lines.
 *
 * 1. Tokens: lower-cased Unicode words (letters, marks, digits; NFKC) on both
 *    sides; scripts written without spaces (Han, kana, Thai, …) give one token
 *    per character. The gold is also cut into units: its lines and the cells
 *    of "a | b" rows.
 * 2. Long lines (4+ tokens; a CJK character counts ½): rare tokens vote for
 *    where the line sits (gold position − line position); the best few places
 *    get a banded in-order match (LCS, band ≈ line length, preferring runs of
 *    adjacent matches). coverage = matched tokens / line tokens.
 * 3. Chain: of the matches with coverage ≥ ARTICLE_MIN, the heaviest set whose
 *    gold spans increase with the page order (weighted longest increasing
 *    chain, +LINE_BONUS per line; ties go to the tightest chain). Left-out lines
 *    are searched again in the gold gap between their chain neighbours (text
 *    the gold repeats). Chain lines are article.
 * 4. Short lines are article only where the chain leaves a hole in the gold,
 *    as a whole gold unit or contiguous with an article line (read backwards
 *    above the first article line, so the heading beside the body wins over
 *    its copy in the menu); found elsewhere in the hole: null; else noise.
 * 5. Other long lines: ≥ ARTICLE_MIN but gold already taken → a copy (teaser,
 *    pull quote, second title, exact duplicate): noise; gold nobody took → the
 *    article in another order: article. ≤ NOISE_MAX → noise. In between → null
 *    ("hard to call"), but noise outside the article when the matched part is
 *    taken gold (a teaser); long prose inside the article that the gold lacks
 *    is null too (extractors drop paragraphs).
 * 6. Overrides: `include` snippets (captions) are article; `confirm` snippets
 *    resolve null lines that contain them; `exclude` snippets, teaser cues
 *    ("Read more", "RELATED: …"), bylines and date lines are noise, even
 *    where the gold has them. Wordless lines ("}", "→") are noise, or null
 *    between article lines. Blank lines are always null.
 *
 * This file runs the steps and makes the calls of 5 and 6; the parts live in
 * tokens.ts (1), lineMatch.ts (2), chain.ts (3), shortLines.ts (4, wordless
 * lines) and bylines.ts (6, cues, bylines, dates).
 */
import type { Label } from '../labels/schema';
import { isBylineOrDate, isTeaserCue } from './bylines';
import { bestChain } from './chain';
import { indexGold, lineCandidates, type Match } from './lineMatch';
import { labelShortLines, labelSymbolLines } from './shortLines';
import { alignTokens, contains, covers, mutualShare, units } from './tokens';

export { alignTokens } from './tokens';

/** Why a line got its label: for reports and debugging. */
export type Reason = 'blank' | 'chain' | 'reorder' | 'unit' | 'copy' | 'hard' | 'absent' | 'byline' | 'cue' | 'include' | 'confirm' | 'exclude';

export interface AlignOptions {
  readonly articleMin?: number;
  readonly noiseMax?: number;
  /** Text that is article wherever it appears (image captions). */
  readonly include?: readonly string[];
  /** Text known to be inside the article: resolves hard lines containing it. */
  readonly confirm?: readonly string[];
  /** Text that is noise wherever it is the bulk of a line (credits, boilerplate). */
  readonly exclude?: readonly string[];
  /** Author names: short lines carrying them are bylines. */
  readonly authors?: readonly string[];
}

export interface Alignment {
  readonly labels: Label[];
  /** Best in-order coverage of each line by the gold, 0..1 (0 for blank lines). */
  readonly coverage: number[];
  readonly reasons: Reason[];
  /** Gold tokens, and how many of them article lines matched (recall of the alignment). */
  readonly goldTokens: number;
  readonly goldMatched: number;
}

export const ARTICLE_MIN = 0.6;
export const NOISE_MAX = 0.2;
/** Lines lighter than this (CJK characters count ½) go through the short-line rule. */
const MIN_LONG_UNITS = 4;
/** A line this heavy inside the article but absent from the gold is prose the gold may have dropped. */
const MIN_PROSE_UNITS = 25;
/** A line needs this many matched tokens before it can be hard to call rather than noise. */
const MIN_HARD_MATCHES = 2;
/** Share of an off-chain line's match that must be claimed gold to call it a copy. */
const COPY_SHARE = 0.5;
/** Share of an off-chain line's match that must be unclaimed to call it reordered article. */
const REORDER_FREE = 0.8;

export function alignToGold(lines: readonly string[], gold: string, opts: AlignOptions = {}): Alignment {
  const articleMin = opts.articleMin ?? ARTICLE_MIN, noiseMax = opts.noiseMax ?? NOISE_MAX;
  const g = indexGold(gold);
  const m = g.tokens.length;
  const n = lines.length;
  const labels = new Array<Label>(n).fill(null);
  const coverage = new Array<number>(n).fill(0);
  const reasons = new Array<Reason>(n).fill('blank');
  const toks = lines.map((l) => (l.length === 0 ? [] : alignTokens(l)));
  const ids = toks.map((t) => Int32Array.from(t, (w) => g.ids.get(w) ?? -1));
  const short = toks.map((t) => t.length > 0 && units(t) < MIN_LONG_UNITS);
  const matched: (Match | undefined)[] = new Array(n);

  // Long lines: candidate matches, the chain, then copies and reordered text.
  const strong: Match[] = [];
  const all: Match[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (toks[i]!.length === 0 || short[i]) continue;
    const cs = lineCandidates(ids[i]!, g, i);
    all[i] = cs;
    for (const c of cs) {
      coverage[i] = Math.max(coverage[i]!, c.matched / toks[i]!.length);
      if (c.matched / toks[i]!.length >= articleMin) strong.push(c);
    }
  }
  const claimed = new Uint8Array(m);
  for (const c of bestChain(strong, m)) accept(c, 'chain');
  // Text the gold repeats ("I would prefer not to.") may have voted for another
  // copy: look again for left-out lines in the gold between their chain neighbours.
  const nextStart = new Int32Array(n + 1).fill(m);
  for (let i = n - 1; i >= 0; i--) nextStart[i] = matched[i] ? matched[i]!.start : nextStart[i + 1]!;
  for (let i = 0, prevEnd = -1; i < n; i++) {
    if (matched[i]) { prevEnd = matched[i]!.end; continue; }
    const len = toks[i]!.length;
    if (len === 0 || short[i] || coverage[i]! <= noiseMax || nextStart[i + 1]! - prevEnd - 1 < articleMin * len) continue;
    const best = lineCandidates(ids[i]!, g, i, prevEnd + 1, nextStart[i + 1]!).sort((a, b) => b.matched - a.matched)[0];
    if (best && best.matched / len >= articleMin) { accept(best, 'chain'); prevEnd = best.end; }
  }

  // Short lines fill the holes the chain leaves; they claim their gold before
  // reordered lines may, so a table of contents does not take a heading's text.
  labelShortLines(ids, short, matched, g, (i, label, reason, cov) => {
    set(i, label, reason);
    coverage[i] = cov;
    if (label === 'article') claim(matched[i]!);
  });

  // Off the chain, only a line's best matches count: a heading in a table of
  // contents matches its own heading fully and a sibling heading partly.
  const offChain = strong.filter((c) => labels[c.line] === null && c.matched === bestMatched(all[c.line]!)).sort((a, b) => b.matched - a.matched);
  for (const c of offChain) {
    if (labels[c.line] !== null || all[c.line]!.some((o) => o.matched === c.matched && claimedShare(o, claimed) >= COPY_SHARE)) continue;
    if (claimedShare(c, claimed) <= 1 - REORDER_FREE) accept(c, 'reorder');
  }
  const firstArticle = labels.indexOf('article'), lastArticle = labels.lastIndexOf('article');
  for (let i = 0; i < n; i++) {
    if (toks[i]!.length === 0 || short[i] || labels[i] !== null) continue;
    if (coverage[i]! <= noiseMax || bestMatched(all[i]) < MIN_HARD_MATCHES) set(i, 'noise', 'absent');
    else if (coverage[i]! >= articleMin) set(i, 'noise', 'copy');
    // A partial copy outside the article is a teaser; inside it may be a caption.
    else if ((i < firstArticle || i > lastArticle) && (all[i] ?? []).some((c) => claimedShare(c, claimed) >= COPY_SHARE)) set(i, 'noise', 'copy');
    else set(i, null, 'hard');
  }

  labelSymbolLines(lines, toks, labels, reasons);
  // Prose inside the article that the gold lacks is as often a paragraph the
  // dataset's extractor dropped as it is an ad: too long to call noise.
  const first = labels.indexOf('article'), last = labels.lastIndexOf('article');
  for (let i = first + 1; i < last; i++) {
    if (reasons[i] === 'absent' && units(toks[i]!) >= MIN_PROSE_UNITS) { labels[i] = null; reasons[i] = 'hard'; }
  }
  applyOverrides(toks, lines, opts, articleMin, labels, reasons);
  let goldMatched = 0;
  const counted = new Uint8Array(m);
  matched.forEach((mt, i) => {
    if (!mt || labels[i] !== 'article') return;
    for (const p of mt.positions) if (!counted[p]) { counted[p] = 1; goldMatched++; }
  });
  return { labels, coverage, reasons, goldTokens: m, goldMatched };

  function set(i: number, label: Label, reason: Reason): void {
    labels[i] = label;
    reasons[i] = reason;
  }
  function claim(c: Match): void {
    for (const p of c.positions) claimed[p] = 1;
  }
  function accept(c: Match, reason: Reason): void {
    set(c.line, 'article', reason);
    matched[c.line] = c;
    claim(c);
  }
}

function applyOverrides(toks: readonly string[][], lines: readonly string[], opts: AlignOptions, articleMin: number, labels: Label[], reasons: Reason[]): void {
  const snip = (xs: readonly string[] | undefined) => (xs ?? []).map(alignTokens).filter((t) => t.length > 0);
  const include = snip(opts.include), confirm = snip(opts.confirm), exclude = snip(opts.exclude);
  const authors = snip(opts.authors);
  toks.forEach((t, i) => {
    if (t.length === 0) return;
    if (include.some((s) => mutualShare(t, s) >= articleMin) && reasons[i] !== 'copy') { labels[i] = 'article'; reasons[i] = 'include'; }
    if (labels[i] === null && confirm.some((s) => contains(t, s) && s.length >= Math.min(4, t.length))) { labels[i] = 'article'; reasons[i] = 'confirm'; }
    if (exclude.some((s) => covers(s, t))) { labels[i] = 'noise'; reasons[i] = 'exclude'; }
    if (isBylineOrDate(lines[i]!, t, authors)) { labels[i] = 'noise'; reasons[i] = 'byline'; }
    if (isTeaserCue(lines[i]!, t)) { labels[i] = 'noise'; reasons[i] = 'cue'; }
  });
}

function bestMatched(cs: readonly Match[] | undefined): number {
  let b = 0;
  for (const c of cs ?? []) b = Math.max(b, c.matched);
  return b;
}

function claimedShare(c: Match, claimed: Uint8Array): number {
  let k = 0;
  for (const p of c.positions) k += claimed[p]!;
  return c.positions.length === 0 ? 0 : k / c.positions.length;
}
