/**
 * Where a long line sits in the gold: the gold as token ids with posting
 * lists and units, and banded in-order matches of a line at the places its
 * rare tokens vote for.
 */
import { alignTokens } from './tokens';

export interface GoldIndex {
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

/** Tokens with more gold positions than this do not vote for where a line sits. */
const MAX_POSTINGS = 64;
/** Alignments tried per line: a line may match several places (teaser + body). */
const MAX_CANDIDATES = 3;
/** A matched end token whose gold jump exceeds its line jump by more than this is a stray. */
const STRAY_JUMP = 3;
/** At most this share of a line's matches are trimmed as strays. */
const STRAY_SHARE = 0.2;
const EMPTY = new Int32Array(0);
const UNIT_BREAK = /\n|\s\|\s/;

export function indexGold(gold: string): GoldIndex {
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

/**
 * Where a line may sit in the gold: rare tokens vote for a diagonal (gold
 * position − line position); the densest few diagonals get a banded match.
 * With a range, only gold positions lo … hi − 1 count.
 */
export function lineCandidates(q: Int32Array, g: GoldIndex, line: number, lo = 0, hi = g.tokens.length): Match[] {
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

export function lowerBound(post: Int32Array, x: number): number {
  let a = 0, b = post.length;
  while (a < b) { const mid = (a + b) >> 1; if (post[mid]! < x) a = mid + 1; else b = mid; }
  return a;
}

/** The part of a sorted posting list in [lo, hi). */
function slice(post: Int32Array, lo: number, hi: number): Int32Array {
  return post.subarray(lowerBound(post, lo), lowerBound(post, hi));
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
