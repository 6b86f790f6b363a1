/**
 * Scoring pages with a model the way `chaff clean` does, and the threshold
 * curves built from the scores.
 */
import { featurizePage, type PageFeatures } from '../../dist/core/features/featurize';
import type { ScoredPage } from '../../dist/core/metrics';
import type { LineModel } from '../../dist/core/model/lineModel';
import type { LabelledFile } from '../../dist/node/dataset';

export interface Scored {
  readonly page: LabelledFile;
  readonly features: PageFeatures;
  readonly scores: Float32Array;
}

/**
 * Featurise and score every page: with its HTML hints where it has them (as
 * `chaff clean` reads an HTML page), or as plain text (`hints: false`, as a text
 * dump of the page would be read).
 */
export function scorePages(model: LineModel, pages: readonly LabelledFile[], o: { hints?: boolean } = {}): Scored[] {
  const hints = o.hints ?? true;
  const features = pages.map((p) => featurizePage({ lines: p.lines, lang: p.meta.lang, hints: hints ? p.hints : undefined }, model.settings));
  const scores = model.score(features);
  return pages.map((page, i) => ({ page, features: features[i]!, scores: scores[i]! }));
}

/** The shape `evaluate`, `bestThreshold` and `countPage` take. */
export function toScoredPages(s: readonly Scored[]): ScoredPage[] {
  return s.map((x) => ({ page: x.page.meta.id, lang: x.page.meta.lang, source: x.page.meta.source, labels: x.page.labels, scores: x.scores }));
}

export interface CurvePoint {
  /** Lines scoring at least this are kept. */
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/**
 * Precision, recall and F1 of the article class at every distinct score used as
 * the threshold (keep lines scoring ≥ it), highest threshold first. At most
 * `maxPoints` points, evenly spread over recall, are returned (for plotting).
 */
export function thresholdCurve(pages: readonly ScoredPage[], maxPoints = 400): CurvePoint[] {
  const pairs: [number, boolean][] = [];
  for (const p of pages) {
    for (let i = 0; i < p.labels.length; i++) {
      const g = p.labels[i];
      if (g === 'article' || g === 'noise') pairs.push([p.scores[i]!, g === 'article']);
    }
  }
  pairs.sort((a, b) => b[0] - a[0]);
  const positives = pairs.filter((x) => x[1]).length;
  const all: CurvePoint[] = [];
  let tp = 0, fp = 0;
  for (let i = 0; i < pairs.length; i++) {
    if (pairs[i]![1]) tp++;
    else fp++;
    if (i + 1 < pairs.length && pairs[i + 1]![0] === pairs[i]![0]) continue;
    const precision = tp / (tp + fp);
    const recall = positives > 0 ? tp / positives : 1;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    all.push({ threshold: pairs[i]![0], precision, recall, f1 });
  }
  if (all.length <= maxPoints) return all;
  const out: CurvePoint[] = [];
  let lastRecall = -1;
  for (const p of all) {
    if (p.recall - lastRecall >= 1 / maxPoints || p === all[all.length - 1]) {
      out.push(p);
      lastRecall = p.recall;
    }
  }
  return out;
}

/** Area under the precision-recall curve (average precision: precision summed at each recall step). */
export function averagePrecision(pages: readonly ScoredPage[]): number {
  const curve = thresholdCurve(pages, Infinity);
  let ap = 0, prevRecall = 0;
  for (const p of curve) {
    ap += (p.recall - prevRecall) * p.precision;
    prevRecall = p.recall;
  }
  return ap;
}
