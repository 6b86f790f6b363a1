/**
 * Line-level precision, recall and F1 of the article class: the figures every
 * chaff report is made of. Only labelled, non-blank lines count.
 */
import type { Label } from './labels/schema';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Prf extends Counts {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Labelled lines counted. */
  readonly lines: number;
}

export interface PageResult {
  readonly page: string;
  readonly lang: string;
  readonly source: string;
  readonly prf: Prf;
}

export interface EvalReport {
  /** The threshold lines were judged at (pages that carry their own excepted). */
  readonly threshold: number;
  readonly overall: Prf;
  readonly perLanguage: Record<string, Prf>;
  readonly perSource: Record<string, Prf>;
  readonly perPage: readonly PageResult[];
}

export interface ScoredPage {
  readonly page: string;
  readonly lang: string;
  readonly source: string;
  readonly labels: readonly Label[];
  readonly scores: ArrayLike<number>;
  /** The threshold this page is judged at, when not the report's (an HTML page at the model's HTML threshold). */
  readonly threshold?: number;
}

export function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

/** Count one page's decisions at `threshold` into `c`. */
export function countPage(labels: readonly Label[], scores: ArrayLike<number>, threshold: number, c: Counts = emptyCounts()): Counts {
  for (let i = 0; i < labels.length; i++) {
    const gold = labels[i];
    if (gold !== 'article' && gold !== 'noise') continue;
    const keep = scores[i]! >= threshold;
    if (gold === 'article') keep ? c.tp++ : c.fn++;
    else keep ? c.fp++ : c.tn++;
  }
  return c;
}

export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : c.fn === 0 ? 1 : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { ...c, precision, recall, f1, lines: c.tp + c.fp + c.fn + c.tn };
}

function add(a: Counts, b: Counts): void {
  a.tp += b.tp;
  a.fp += b.fp;
  a.fn += b.fn;
  a.tn += b.tn;
}

/** Per page, per language, per source and overall (micro-averaged over lines). */
export function evaluate(pages: readonly ScoredPage[], threshold: number): EvalReport {
  const all = emptyCounts();
  const byLang = new Map<string, Counts>();
  const bySource = new Map<string, Counts>();
  const perPage: PageResult[] = [];
  for (const p of pages) {
    const c = countPage(p.labels, p.scores, p.threshold ?? threshold);
    add(all, c);
    for (const [map, key] of [[byLang, p.lang], [bySource, p.source]] as const) {
      if (!map.has(key)) map.set(key, emptyCounts());
      add(map.get(key)!, c);
    }
    perPage.push({ page: p.page, lang: p.lang, source: p.source, prf: prf(c) });
  }
  const table = (m: Map<string, Counts>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, prf(v)]));
  return { threshold, overall: prf(all), perLanguage: table(byLang), perSource: table(bySource), perPage };
}

/**
 * The threshold that maximises overall F1 on these pages, searched over the
 * distinct scores; ties go to the threshold nearest 0.5. With page weights,
 * each line counts as often as its page weighs (as in training).
 */
export function bestThreshold(pages: readonly ScoredPage[], pageWeights?: readonly number[]): number {
  const items = labelledLines(pages, (score, article, k): [number, boolean, number] => [score, article, pageWeights?.[k] ?? 1]);
  const positives = items.reduce((n, p) => n + (p[1] ? p[2] : 0), 0);
  let tp = 0, fp = 0;
  return bestCut(items, ([, article, w]) => (article ? (tp += w) : (fp += w)), () => (2 * tp) / (2 * tp + fp + (positives - tp)));
}

/**
 * The threshold that maximises the mean of per-page F1 (each page weighted,
 * as in training), searched over the distinct scores; ties go to the
 * threshold nearest 0.5. chaff is judged page by page on sites it has never
 * seen, and one long page (or one source with many lines) can pull the
 * pooled best cut away from what suits a typical page. Pages without an
 * article line are left out: their F1 is 1 or 0, with no useful cut between.
 */
export function bestMeanPageThreshold(pages: readonly ScoredPage[], pageWeights?: readonly number[]): number {
  const positives = pages.map((p) => p.labels.reduce((a, l) => a + (l === 'article' ? 1 : 0), 0));
  const weights = pages.map((_, k) => (positives[k]! > 0 ? pageWeights?.[k] ?? 1 : 0));
  const total = weights.reduce((a, w) => a + w, 0);
  if (total <= 0) return 0.5;
  const items = labelledLines(pages, (score, article, k): [number, number, boolean] => [score, k, article]).filter(([, k]) => positives[k]! > 0);
  const tp = new Array<number>(pages.length).fill(0);
  const fp = new Array<number>(pages.length).fill(0);
  const pageF1 = (k: number) => (2 * tp[k]!) / (tp[k]! + fp[k]! + positives[k]!);
  // The mean moves only by the page of the line just kept: one pass, O(n log n).
  let sum = 0;
  const keep = ([, k, article]: [number, number, boolean]) => {
    const before = pageF1(k);
    if (article) tp[k]!++;
    else fp[k]!++;
    sum += weights[k]! * (pageF1(k) - before);
  };
  return bestCut(items, keep, () => sum / total);
}

/** One item per labelled line of the pages, made from its score, whether it is article, and its page's index. */
function labelledLines<T>(pages: readonly ScoredPage[], make: (score: number, article: boolean, page: number) => T): T[] {
  const items: T[] = [];
  pages.forEach((p, k) => {
    for (let i = 0; i < p.labels.length; i++) {
      const g = p.labels[i];
      if (g === 'article' || g === 'noise') items.push(make(p.scores[i]!, g === 'article', k));
    }
  });
  return items;
}

/**
 * Keep lines from the highest score down (`keep` updates the caller's
 * counts); after each distinct score, `value` rates keeping every line so
 * far. The best cut lies midway to the next score; ties go to the cut
 * nearest 0.5, and no lines at all give 0.5. Sorts `items` in place.
 */
function bestCut<T extends readonly [number, ...unknown[]]>(items: T[], keep: (item: T) => void, value: () => number): number {
  items.sort((a, b) => b[0] - a[0]);
  let bestValue = -1, best = 0.5;
  for (let i = 0; i < items.length; i++) {
    keep(items[i]!);
    if (i + 1 < items.length && items[i + 1]![0] === items[i]![0]) continue;
    const v = value();
    // Keep every line scoring at least this; place the cut midway to the next score.
    const next = i + 1 < items.length ? items[i + 1]![0] : 0;
    const t = (items[i]![0] + next) / 2;
    if (v > bestValue + 1e-12 || (Math.abs(v - bestValue) <= 1e-12 && Math.abs(t - 0.5) < Math.abs(best - 0.5))) {
      bestValue = v;
      best = t;
    }
  }
  return best;
}
