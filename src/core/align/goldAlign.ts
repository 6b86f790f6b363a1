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
 */
import type { Label } from '../labels/schema';

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

/** Why a line got its label: for reports and debugging. */
export type Reason = 'blank' | 'chain' | 'reorder' | 'unit' | 'copy' | 'hard' | 'absent' | 'byline' | 'cue' | 'include' | 'confirm' | 'exclude';

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
/** Tokens with more gold positions than this do not vote for where a line sits. */
const MAX_POSTINGS = 64;
/** A line this heavy inside the article but absent from the gold is prose the gold may have dropped. */
const MIN_PROSE_UNITS = 25;
/** A line needs this many matched tokens before it can be hard to call rather than noise. */
const MIN_HARD_MATCHES = 2;
/** Alignments tried per line: a line may match several places (teaser + body). */
const MAX_CANDIDATES = 3;
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
/** Share of an off-chain line's match that must be claimed gold to call it a copy. */
const COPY_SHARE = 0.5;
/** Share of an off-chain line's match that must be unclaimed to call it reordered article. */
const REORDER_FREE = 0.8;
/** A matched end token whose gold jump exceeds its line jump by more than this is a stray. */
const STRAY_JUMP = 3;
/** At most this share of a line's matches are trimmed as strays. */
const STRAY_SHARE = 0.2;
const EMPTY = new Int32Array(0);
/** Scripts written without spaces between words: one token per character. */
const CHAR_SCRIPTS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}\\p{sc=Tibetan}';
const TOKEN = new RegExp(`[${CHAR_SCRIPTS}]\\p{M}*|(?:(?![${CHAR_SCRIPTS}])[\\p{L}\\p{M}\\p{N}])+`, 'gu');
const CHAR_TOKEN = new RegExp(`^[${CHAR_SCRIPTS}]`, 'u');
const UNIT_BREAK = /\n|\s\|\s/;

/** Tokens as the aligner sees them. */
export function alignTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

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

// ---------------------------------------------------------------- gold index

interface GoldIndex {
  readonly tokens: Int32Array;
  readonly ids: Map<string, number>;
  readonly postings: Int32Array[];
  /** Unit number of each gold token, and each unit's [start, end). */
  readonly unitOf: Int32Array;
  readonly unitStart: number[];
  readonly unitEnd: number[];
}

/** One way a line matches the gold: the gold positions its tokens matched, in order. */
export interface Match {
  readonly line: number;
  readonly matched: number;
  readonly start: number;
  readonly end: number;
  readonly positions: Int32Array;
}

function indexGold(gold: string): GoldIndex {
  const ids = new Map<string, number>();
  const tokens: number[] = [], unitOf: number[] = [], unitStart: number[] = [], unitEnd: number[] = [];
  for (const unit of gold.split(UNIT_BREAK)) {
    const t = alignTokens(unit);
    if (t.length === 0) continue;
    unitStart.push(tokens.length);
    for (const w of t) {
      let id = ids.get(w);
      if (id === undefined) ids.set(w, (id = ids.size));
      tokens.push(id);
      unitOf.push(unitStart.length - 1);
    }
    unitEnd.push(tokens.length);
  }
  const counts = new Int32Array(ids.size);
  for (const id of tokens) counts[id]!++;
  const postings = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  tokens.forEach((id, p) => (postings[id]![counts[id]!++] = p));
  return { tokens: Int32Array.from(tokens), ids, postings, unitOf: Int32Array.from(unitOf), unitStart, unitEnd };
}

/** Line weight: word tokens count 1, single CJK/Thai characters ½. */
function units(tokens: readonly string[]): number {
  let u = 0;
  for (const t of tokens) u += CHAR_TOKEN.test(t) ? 0.5 : 1;
  return u;
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

// ------------------------------------------------------------ long lines

/**
 * Where a line may sit in the gold: rare tokens vote for a diagonal (gold
 * position − line position); the densest few diagonals get a banded match.
 * With a range, only gold positions lo … hi − 1 count.
 */
function lineCandidates(q: Int32Array, g: GoldIndex, line: number, lo = 0, hi = g.tokens.length): Match[] {
  const n = q.length;
  const band = Math.min(200, Math.max(4, Math.ceil(n / 2) + 2));
  const post = Array.from(q, (id) => (id < 0 ? EMPTY : slice(g.postings[id]!, lo, hi)));
  const inRange = (k: number) => post[k]!;
  const present = [...q.keys()].filter((k) => post[k]!.length > 0);
  if (present.length === 0) return [];
  let voters = present.filter((k) => inRange(k).length <= MAX_POSTINGS);
  // A line of common words only ("it is what it is") votes with its rarest word.
  if (voters.length === 0) voters = [present.reduce((a, b) => (inRange(b).length < inRange(a).length ? b : a))];
  const votes: number[] = [];
  for (const k of voters) for (const p of inRange(k)) votes.push(p - k);
  votes.sort((a, b) => a - b);
  const windows: { count: number; center: number }[] = [];
  for (let i = 0, j = 0; i < votes.length; i++) {
    while (j + 1 < votes.length && votes[j + 1]! - votes[i]! <= band) j++;
    windows.push({ count: j - i + 1, center: votes[(i + j) >> 1]! });
  }
  windows.sort((a, b) => b.count - a.count);
  const centers: number[] = [];
  for (const w of windows) {
    if (centers.length >= MAX_CANDIDATES) break;
    if (centers.every((c) => Math.abs(c - w.center) > band)) centers.push(w.center);
  }
  return centers.map((d) => bandedLcs(q, d, band, g.tokens, line, lo, hi)).filter((c) => c.matched > 0);
}

/** The part of a sorted posting list in [lo, hi). */
function slice(post: Int32Array, lo: number, hi: number): Int32Array {
  return post.subarray(lowerBound(post, lo), lowerBound(post, hi));
}

function lowerBound(post: Int32Array, x: number): number {
  let a = 0, b = post.length;
  while (a < b) { const mid = (a + b) >> 1; if (post[mid]! < x) a = mid + 1; else b = mid; }
  return a;
}

/**
 * In-order match (LCS) of q against gold columns d+k−band … d+k+band of row k.
 * Among matches of equal length it takes the one with the most adjacent pairs
 * (both sides advancing by one), so "the" of the previous paragraph does not
 * start a line's match when the line's own "the" follows a heading.
 */
function bandedLcs(q: Int32Array, d: number, band: number, gold: Int32Array, line: number, lo: number, hi: number): Match {
  const n = q.length, w = 2 * band + 1;
  const unit = n + 1; // one match outweighs every adjacency bonus
  let lPrev = new Float64Array(w), lCur = new Float64Array(w), mPrev = new Float64Array(w).fill(-Infinity), mCur = new Float64Array(w);
  // lMove: 0 match here, 1 skip line token (k−1, c+1), 2 skip gold token (k, c−1), 3 skip both (k−1, c).
  // mMove: 1 when the match extends a match at (k−1, c), i.e. both sides advance by one.
  const lMove = new Uint8Array(n * w), mMove = new Uint8Array(n * w);
  for (let k = 0; k < n; k++) {
    for (let c = 0; c < w; c++) {
      const j = d + k - band + c;
      const diag = k > 0 ? lPrev[c]! : 0;
      let best = diag, mv = 3;
      mCur[c] = -Infinity;
      if (j >= lo && j < hi && q[k] === gold[j]) {
        const chained = k > 0 ? mPrev[c]! + unit + 1 : -Infinity;
        mCur[c] = Math.max(diag + unit, chained);
        mMove[k * w + c] = chained > diag + unit ? 1 : 0;
        best = mCur[c]!;
        mv = 0;
      }
      // Out-of-band neighbours fall back to the diagonal, a lower bound of their value.
      const up = c + 1 < w ? (k > 0 ? lPrev[c + 1]! : 0) : diag;
      const left = c > 0 ? lCur[c - 1]! : diag;
      if (up > best) { best = up; mv = c + 1 < w ? 1 : 3; }
      if (left > best) { best = left; mv = c > 0 ? 2 : 3; }
      lCur[c] = best;
      lMove[k * w + c] = mv;
    }
    [lPrev, lCur] = [lCur, lPrev];
    [mPrev, mCur] = [mCur, mPrev];
  }
  let c = 0;
  for (let x = 1; x < w; x++) if (lPrev[x]! > lPrev[c]!) c = x;
  const pos: number[] = [], row: number[] = [];
  let inMatch = false;
  for (let k = n - 1; k >= 0 && c >= 0 && c < w; ) {
    const cell = k * w + c;
    if (inMatch || lMove[cell] === 0) {
      pos.push(d + k - band + c);
      row.push(k);
      inMatch = mMove[cell] === 1;
      k--;
      continue;
    }
    const mv = lMove[cell];
    if (mv === 1) { k--; c++; }
    else if (mv === 2) c--;
    else k--;
  }
  pos.reverse();
  row.reverse();
  trimStrays(pos, row);
  return { line, matched: pos.length, start: pos[0] ?? 0, end: pos[pos.length - 1] ?? 0, positions: Int32Array.from(pos) };
}

/**
 * LCS may take a common word from the next or previous paragraph at either
 * end ("… the vulnerability" matched 20 tokens on): drop end matches whose
 * jump in the gold is out of step with their jump in the line, so the span
 * of the match is where the line really sits.
 */
function trimStrays(pos: number[], row: number[]): void {
  const limit = Math.floor(pos.length * STRAY_SHARE);
  const outOfStep = (a: number, b: number) => Math.abs(pos[b]! - pos[a]! - (row[b]! - row[a]!)) > STRAY_JUMP;
  for (let dropped = 0; pos.length >= 2 && dropped < limit && outOfStep(pos.length - 2, pos.length - 1); dropped++) { pos.pop(); row.pop(); }
  for (let dropped = 0; pos.length >= 2 && dropped < limit && outOfStep(0, 1); dropped++) { pos.shift(); row.shift(); }
}

/**
 * Heaviest chain of matches increasing in both page line and gold position
 * (Fenwick tree over gold end positions). Among equal weights the chain whose
 * first line is latest wins, then the one ending earliest: the tightest chain,
 * so a title repeated in the breadcrumb or a paragraph repeated in a teaser
 * next to the article loses to the copy that sits with the rest.
 */
function bestChain(cands: readonly Match[], m: number): Match[] {
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

// ------------------------------------------------------------ short lines

type Put = (line: number, label: Label, reason: Reason, coverage: number) => void;

/**
 * Short lines are too short to place by matching alone ("Photo", "Share",
 * a subheading): they are article only where the article neighbours leave a
 * hole in the gold that they fill, as a whole unit or right next to an
 * article line. Before the first article line the page is read backwards
 * from it, so a heading right above the body wins over its copy in the menu.
 */
function labelShortLines(ids: readonly Int32Array[], short: readonly boolean[], matched: (Match | undefined)[], g: GoldIndex, put: Put): void {
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
function labelSymbolLines(lines: readonly string[], toks: readonly string[][], labels: Label[], reasons: Reason[]): void {
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

// ------------------------------------------------------------ overrides

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

/** True when snippet s and line t are (nearly) the same text, either way round. */
function covers(s: readonly string[], t: readonly string[]): boolean {
  return (contains(t, s) && s.length >= 0.6 * t.length) || (contains(s, t) && t.length >= 0.6 * s.length);
}

/** min(share of t in s, share of s in t), by in-order greedy match. */
function mutualShare(t: readonly string[], s: readonly string[]): number {
  let k = 0;
  for (let i = 0, j = 0; i < t.length && j < s.length; j++) if (t[i] === s[j]) { k++; i++; }
  return Math.min(k / t.length, k / s.length);
}

/** True when s occurs contiguously inside t. */
function contains(t: readonly string[], s: readonly string[]): boolean {
  outer: for (let i = 0; i + s.length <= t.length; i++) {
    for (let k = 0; k < s.length; k++) if (t[i + k] !== s[k]) continue outer;
    return true;
  }
  return false;
}

// ------------------------------------------------------------ bylines

/**
 * Whole lines that announce a teaser or an ad ("Read more", "Leggi anche"):
 * some golds keep them with the teaser, but they are never the article.
 */
const TEASER_CUES = new Set([
  'read more', 'read also', 'also read', 'see also', 'related', 'related articles', 'related stories', 'related content', 'more on this story',
  'advertisement', 'sponsored', 'sponsored content', 'leggi anche', 'lesen sie auch', 'mehr zum thema', 'auch interessant', 'das könnte sie auch interessieren',
  'anzeige', 'werbung', 'lire aussi', 'à lire aussi', 'a lire aussi', 'lee también', 'leer más', 'leia também', 'leia mais', 'publicidad', 'pubblicità',
].map((c) => alignTokens(c).join(' ')));
/** Longest cue, in tokens. */
const MAX_CUE_TOKENS = 5;

/** "Read more", or "RELATED: Some other story", "Lesen Sie auch | …". */
function isTeaserCue(line: string, t: readonly string[]): boolean {
  if (TEASER_CUES.has(t.join(' '))) return true;
  for (let k = 1; k <= Math.min(MAX_CUE_TOKENS, t.length - 1); k++) {
    if (!TEASER_CUES.has(t.slice(0, k).join(' '))) continue;
    // The cue must be followed by a separator, not run on into a sentence ("Related work shows …").
    const words = line.normalize('NFKC').match(TOKEN) ?? [];
    const after = line.normalize('NFKC').indexOf(words[k - 1]!) + words[k - 1]!.length;
    if (/^\s*[:|»›>–—-]/u.test(line.normalize('NFKC').slice(after))) return true;
  }
  return false;
}

/** Words that open a byline, in the corpus' languages. */
const BYLINE_CUES = new Set(['by', 'von', 'par', 'por', 'di', 'door', 'av', 'af', 'autor', 'autorin', 'author', 'text', 'texto', 'reporter', 'written', 'posted', 'publicado', 'bericht', 'foto', 'fotos', 'photo', 'photos', 'bild', 'credit']);
const NAME_JOINERS = new Set(['and', 'und', 'et', 'y', 'e', 'og', 'och', 'en', 'i', 'a', 'by', 'staff', 'redaktion']);
/** Words that make a line a date line: months, weekdays, "updated", "Uhr", … */
const DATE_ANCHORS = new Set(('jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december ' +
  'januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août septembre octobre novembre décembre ' +
  'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre ' +
  'janeiro fevereiro março maio junho julho setembro outubro dezembro mon monday tue tuesday wed wednesday thu thursday fri friday sat saturday sun sunday ' +
  'montag dienstag mittwoch donnerstag freitag samstag sonntag uhr updated published posted modified aktualisiert veröffentlicht ago lesezeit ' +
  'actualizado publicado atualizado pubblicato aggiornato').split(' '));
/** Words that may fill out a date line around the anchors and numbers. */
const DATE_FILLERS = new Set(('am pm h on at um le el de del of the th st nd rd gmt utc cet cest est edt pst pdt bst mez mesz last update stand vor ' +
  'hours hour minutes minute mins min days day read stunden minuten tagen mis à jour').split(' '));
/** Numeric dates and times: 12.03.2024, 2024-03-12, 10:04. */
const DATE_PATTERN = /\b\d{1,4}([./-])\d{1,2}\1\d{2,4}\b|\b\d{1,2}:\d{2}\b/u;
/** Prices, percentages and ratings are data, not dates. */
const NOT_A_DATE = /[$€£¥%]|\d\s*\/\s*\d+(\.\d+)?\s*$/u;
/** Longest line that can still be a byline or a date line, in tokens. */
const MAX_BYLINE_TOKENS = 12;
/** Longest "By …" line without a known author's name in it. */
const MAX_CUED_BYLINE = 8;
/** Other capitalised words a line with an author's name may have and still be a byline. */
const MAX_NAMED_EXTRA = 3;

/**
 * Bylines and dates are noise by chaff's policy even where a dataset's gold
 * keeps them: "By Jane Doe", "Von Max Muster und Eva Beispiel", "Updated
 * 12 March 2024 10:04", or a short line carrying a known author's name.
 */
export function isBylineOrDate(line: string, t: readonly string[], authors: readonly (readonly string[])[]): boolean {
  if (t.length === 0 || t.length > MAX_BYLINE_TOKENS) return false;
  const dateWord = (w: string) => DATE_ANCHORS.has(w) || DATE_FILLERS.has(w) || /^\d+(st|nd|rd|th|h)?$/u.test(w);
  if (t.some((w) => /\d/u.test(w)) && t.every(dateWord) && !NOT_A_DATE.test(line) && (t.some((w) => DATE_ANCHORS.has(w)) || DATE_PATTERN.test(line))) return true;
  const named = authors.some((a) => (a.length >= 2 && contains(t, a)) || (a.length === t.length && a.every((w, k) => w === t[k])));
  if (!named && (!BYLINE_CUES.has(t[0]!) || t.length > MAX_CUED_BYLINE)) return false;
  // Besides names, cues, joiners and date words only a few capitalised words
  // (more names, "Senior Editor"): "By the Numbers" is a heading, and
  // "Jane Doe. Why I left" a title.
  const nameWords = new Set(authors.flat());
  const dated = /\d/u.test(line);
  const rest = (line.normalize('NFKC').match(TOKEN) ?? []).filter((w) => {
    const l = w.toLowerCase();
    return !nameWords.has(l) && !BYLINE_CUES.has(l) && !NAME_JOINERS.has(l) && !DATE_ANCHORS.has(l) && !/^\d/u.test(l) && !(dated && DATE_FILLERS.has(l));
  });
  return rest.every((w) => /^\p{Lu}/u.test(w)) && (!named || rest.length <= MAX_NAMED_EXTRA);
}
