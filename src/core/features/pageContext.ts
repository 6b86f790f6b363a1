/**
 * Features of a line that only make sense against its page: where it sits,
 * how much text comes before it, how dense the text around it is, and whether
 * the same text appears elsewhere on the page (teaser titles are printed
 * twice, menus repeat, the article body does not).
 *
 * The model's convolution sees about a screenful of neighbours; these features
 * carry the page-wide view it cannot.
 */

import { listPattern } from './listPattern';
import { endsSentence } from './sentenceEnd';

export const PAGE_CONTEXT_FEATURES = [
  'rel_position',
  'text_mass_before',
  'local_density',
  'length_vs_median',
  'length_rank',
  'log_page_lines',
  'repeat_count',
  'repeat_first',
  'repeat_near',
  'in_densest_run',
  'sentence_run',
  'in_main_sentence_run',
  'below_main_sentence_run',
  'list_pattern',
] as const;

/** Half-width of the window for local text density, in lines. */
const DENSITY_HALF_WINDOW = 5;
/** Duplicates this close (in lines) count as "near". */
const NEAR_REPEAT = 3;
/** A line this long or longer is prose for the densest-run search. */
const PROSE_CHARS = 80;
/** A trailing bracket group, e.g. a caption's "(Ảnh: TTXVN)", is not the end of a sentence. */
const TRAILING_BRACKETS = /\([^()]*\)$/u;
/** Runs longer than this read as long. */
const LONG_RUN = 10;
const LOG_2000 = Math.log(2001);
const LOG_10 = Math.log(11);

/** Write the page-context features of every line into `out` (stride `stride`, starting at `offset`). */
export function pageContext(lines: readonly string[], out: Float32Array, stride: number, offset: number, isHtml = false): void {
  const n = lines.length;
  if (n === 0) return;
  const len = lines.map((l) => l.length);
  const total = len.reduce((a, b) => a + b, 0) || 1;

  // Local density: chars within ±W lines; normalised by the page's maximum.
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + len[i]!;
  const density = new Float64Array(n);
  let maxDensity = 1;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - DENSITY_HALF_WINDOW);
    const b = Math.min(n, i + DENSITY_HALF_WINDOW + 1);
    density[i] = prefix[b]! - prefix[a]!;
    if (density[i]! > maxDensity) maxDensity = density[i]!;
  }

  const nonBlank = len.filter((l) => l > 0).sort((a, b) => a - b);
  const median = nonBlank.length ? nonBlank[nonBlank.length >> 1]! : 1;

  const counts = new Map<string, number>();
  const firstAt = new Map<string, number>();
  const lastSeen = new Map<string, number>();
  const near = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = lines[i]!;
    if (!t) continue;
    counts.set(t, (counts.get(t) ?? 0) + 1);
    if (!firstAt.has(t)) firstAt.set(t, i);
    const prev = lastSeen.get(t);
    if (prev !== undefined && i - prev <= NEAR_REPEAT) near[i] = near[prev] = 1;
    lastSeen.set(t, i);
  }

  const [runStart, runEnd] = densestRun(len);
  // On HTML the markup tells a list of other stories from the body (links,
  // tags, classes); sentence runs would only add noise there, e.g. breaking
  // the body at every list item. They read text dumps.
  const sentences = isHtml ? NO_RUNS : sentenceRuns(lines);
  const list = listPattern(lines);

  for (let i = 0; i < n; i++) {
    const o = offset + i * stride;
    const t = lines[i]!;
    const c = t ? counts.get(t)! : 0;
    out[o + 0] = n > 1 ? i / (n - 1) : 0;
    out[o + 1] = prefix[i]! / total;
    out[o + 2] = density[i]! / maxDensity;
    out[o + 3] = len[i]! > 0 ? Math.max(-1, Math.min(1, Math.log(len[i]! / median) / Math.log(10))) : 0;
    out[o + 4] = len[i]! > 0 ? lowerBound(nonBlank, len[i]!) / nonBlank.length : 0;
    out[o + 5] = Math.log(n + 1) / LOG_2000;
    out[o + 6] = c > 1 ? Math.min(Math.log(c) / LOG_10, 1.5) : 0;
    out[o + 7] = c > 1 && firstAt.get(t) === i ? 1 : 0;
    out[o + 8] = near[i]!;
    out[o + 9] = i >= runStart && i <= runEnd ? 1 : 0;
    const run = sentences.runOf[i] ?? 0;
    out[o + 10] = run > 0 ? Math.min(1, Math.log(run) / Math.log(LONG_RUN)) : 0;
    out[o + 11] = i >= sentences.mainStart && i <= sentences.mainEnd ? 1 : 0;
    out[o + 12] = sentences.mainEnd >= 0 && i > sentences.mainEnd ? 1 : 0;
    out[o + 13] = list[i]!;
  }
}

/**
 * The run of lines holding the most prose, allowing short lines (captions,
 * blank lines, subheads) inside it: a max-sum segment where prose lines score
 * their length and other lines a small penalty.
 */
function densestRun(len: readonly number[]): [number, number] {
  let best = 0, bestStart = -1, bestEnd = -2;
  let sum = 0, start = 0;
  for (let i = 0; i < len.length; i++) {
    const l = len[i]!;
    const score = l >= PROSE_CHARS ? l : l === 0 ? -5 : -Math.max(20, PROSE_CHARS - l);
    if (sum <= 0) {
      sum = score;
      start = i;
    } else {
      sum += score;
    }
    if (sum > best) {
      best = sum;
      bestStart = start;
      bestEnd = i;
    }
  }
  return [bestStart, bestEnd];
}

const NO_RUNS = { runOf: new Uint16Array(0), mainStart: -1, mainEnd: -2 };

/**
 * Runs of consecutive lines that each end a sentence (blank lines skipped,
 * any other line ends the run), and the run holding the most text. An
 * article's body is such a run; a list of other stories interleaves each
 * lead with a headline or a caption, so its leads stand alone, below it.
 */
function sentenceRuns(lines: readonly string[]): { runOf: Uint16Array; mainStart: number; mainEnd: number } {
  const n = lines.length;
  const runOf = new Uint16Array(n);
  let mainStart = -1, mainEnd = -2, mainChars = 0;
  let start = -1, end = -1, count = 0, chars = 0;
  const close = () => {
    if (count === 0) return;
    for (let j = start; j <= end; j++) if (lines[j]) runOf[j] = Math.min(count, 65535);
    if (chars > mainChars) [mainStart, mainEnd, mainChars] = [start, end, chars];
    count = 0;
    chars = 0;
  };
  for (let i = 0; i < n; i++) {
    const t = lines[i]!;
    if (!t) continue;
    if (isSentence(t)) {
      if (count === 0) start = i;
      end = i;
      count++;
      chars += t.length;
    } else {
      close();
    }
  }
  close();
  return { runOf, mainStart, mainEnd };
}

function isSentence(t: string): boolean {
  return endsSentence(t) && !TRAILING_BRACKETS.test(t);
}

function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
