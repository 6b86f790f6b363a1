/**
 * Training: the head (everything after the embedding bag) learns through
 * tfjs's autodiff and Adam; the embedding table learns through the bag's
 * hand-written gradient and lazy Adam on the rows each batch used.
 *
 * One step: pack a batch of pages → bag forward in JS → head forward and
 * backward in tfjs, with the bag as a variable so tfjs hands back its
 * gradient → sparse update of the table rows behind it.
 */
import * as tf from '../tf';
import { bagBackward, bagForward } from '../model/embeddingBag';
import { LineModel } from '../model/lineModel';
import { packPages, batchPages } from '../model/packing';
import { roundToHalf } from '../model/float16';
import { bestMeanPageThreshold, bestThreshold, countPage, evaluate, prf, type EvalReport, type ScoredPage } from '../metrics';
import { LazyAdam } from './lazyAdam';
import { Rng } from '../random';
import type { PageFeatures } from '../features/featurize';
import type { Label, PageMeta } from '../labels/schema';

export interface TrainPage {
  readonly meta: PageMeta;
  readonly features: PageFeatures;
  /** For HTML pages: the same page featurised without its HTML hints, as a text dump would be. */
  readonly plain?: PageFeatures;
  readonly labels: readonly Label[];
  /** Loss weight of this page's lines (owner's pages weigh more than imported ones). */
  readonly weight: number;
}

export interface TrainOptions {
  readonly seed: number;
  readonly maxEpochs: number;
  /** Stop after this many epochs without a better validation score. */
  readonly patience: number;
  /** Lines per step (pages are packed whole; a longer page is a step of its own). */
  readonly batchRows: number;
  readonly learningRate: number;
  readonly embeddingLearningRate: number;
  readonly embeddingL2: number;
  /** Share of id slots dropped at random in training, so no single n-gram carries a line. */
  readonly idDropout: number;
  /** Chance that an HTML page is shown without its hints in an epoch, so the model also works on plain text. */
  readonly hintDropout: number;
  /** At least this many steps an epoch: small label sets get smaller batches. */
  readonly minStepsPerEpoch: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 1,
  maxEpochs: 40,
  patience: 6,
  batchRows: 1024,
  learningRate: 3e-3,
  embeddingLearningRate: 1e-2,
  embeddingL2: 1e-5,
  idDropout: 0.1,
  hintDropout: 0.5,
  minStepsPerEpoch: 8,
};

export interface EpochStats {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly validationLoss: number | null;
  readonly validationF1: number | null;
  readonly seconds: number;
  readonly lineEpochsPerSecond: number;
}

export interface Progress {
  readonly epoch: number;
  readonly maxEpochs: number;
  readonly step: number;
  readonly steps: number;
}

export interface TrainCallbacks {
  onStep?(p: Progress): void;
  onEpoch?(s: EpochStats): void | Promise<void>;
  /** Polled between steps; return true to stop early (keeps the best weights so far). */
  shouldStop?(): boolean;
}

export interface TrainResult {
  readonly history: readonly EpochStats[];
  readonly bestEpoch: number;
  readonly epochs: number;
  readonly threshold: number;
  /** The threshold for HTML pages, chosen on the HTML validation rows alone; null without any. */
  readonly htmlThreshold: number | null;
  readonly validation: EvalReport | null;
}

/** Lowest and highest weight one class's lines may get from balancing. */
const CLASS_WEIGHT_RANGE: [number, number] = [0.2, 5];
/** Smallest batch the per-epoch step minimum may shrink to. */
const MIN_BATCH_ROWS = 64;
const EPS = 1e-6;

export async function trainModel(
  model: LineModel, trainPages: readonly TrainPage[], validationPages: readonly TrainPage[],
  options: Partial<TrainOptions> = {}, callbacks: TrainCallbacks = {},
): Promise<TrainResult> {
  const o = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  // HTML pages are validated twice, with their hints and as plain text: the model must do both.
  validationPages = withTextViews(validationPages);
  const rng = new Rng(o.seed);
  const { bag, head } = model.parts;
  const table = bag.tableData();
  const dim = bag.shape.dim;
  const bagWidth = bag.shape.groups.length * dim;
  const lazy = new LazyAdam(table, dim, { learningRate: o.embeddingLearningRate, l2: o.embeddingL2 });
  const optimizer = tf.train.adam(o.learningRate);
  const headVars = head.trainableWeights.map((w) => w.read() as tf.Variable);
  const classWeight = balance(trainPages);
  const gap = model.gap;

  const history: EpochStats[] = [];
  let best = { score: -Infinity, loss: Infinity, epoch: 0 };
  let snapshot = takeSnapshot(table, head);
  const train = trainPages.filter((p) => p.features.n > 0);
  const linesPerEpoch = train.reduce((n, p) => n + p.features.n, 0);
  const batchRows = Math.min(o.batchRows, Math.max(MIN_BATCH_ROWS, Math.ceil(linesPerEpoch / o.minStepsPerEpoch)));

  try {
    for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
      const t0 = Date.now();
      const batches = batchPages(rng.shuffle([...train]).map((p) => ({ p, n: p.features.n })), batchRows);
      let lossSum = 0, weightSum = 0;
      for (let b = 0; b < batches.length; b++) {
        if (callbacks.shouldStop?.()) break;
        const pages = batches[b]!.map((x) => x.p);
        const features = pages.map((p) => {
          const f = p.plain && rng.next() < o.hintDropout ? p.plain : p.features;
          return o.idDropout > 0 ? dropIds(f, o.idDropout, rng) : f;
        });
        const packed = packPages(features, gap);
        const { targets, weights } = targetsOf(pages, packed.starts, packed.rows, classWeight);
        const bagOut = new Float32Array(packed.rows * bagWidth);
        bagForward(table, bag.shape, packed.ids, packed.weights, packed.rows, bagOut);

        const bagInit = tf.tensor3d(bagOut, [1, packed.rows, bagWidth]);
        const bagVar = tf.variable(bagInit, true);
        bagInit.dispose();
        const [lossT, bagGradT] = tf.tidy(() => {
          const dense = tf.tensor3d(packed.dense, [1, packed.rows, packed.denseSize]);
          const mask = tf.tensor3d(packed.mask, [1, packed.rows, 1]);
          const y = tf.tensor3d(targets, [1, packed.rows, 1]);
          const w = tf.tensor3d(weights, [1, packed.rows, 1]);
          const { value, grads } = tf.variableGrads(() => {
            const p = tf.clipByValue(head.apply([bagVar, dense, mask], { training: true }) as tf.Tensor, EPS, 1 - EPS);
            const bce = tf.neg(tf.add(tf.mul(y, tf.log(p)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, p)))));
            return tf.div(tf.sum(tf.mul(bce, w)), tf.maximum(tf.sum(w), EPS)) as tf.Scalar;
          }, [...headVars, bagVar]);
          optimizer.applyGradients(headVars.filter((v) => grads[v.name]).map((v) => ({ name: v.name, tensor: grads[v.name]! })));
          // Return tensors, not their data: tidy walks every element of a returned typed array.
          return [value, grads[bagVar.name]!];
        });
        const loss = lossT.dataSync()[0]!;
        const bagGrad = bagGradT.dataSync() as Float32Array;
        tf.dispose([lossT, bagGradT]);
        bagVar.dispose();

        lazy.beginStep();
        bagBackward(bag.shape, packed.ids, packed.weights, packed.rows, bagGrad, (id, g) => lazy.update(id, g));
        const wsum = weights.reduce((a, x) => a + x, 0);
        lossSum += loss * wsum;
        weightSum += wsum;
        callbacks.onStep?.({ epoch, maxEpochs: o.maxEpochs, step: b + 1, steps: batches.length });
      }

      const val = validationPages.length > 0 ? scoreAndLoss(model, validationPages) : null;
      const f1 = val ? weightedF1(val.scored, validationPages, 0.5) : null;
      const seconds = (Date.now() - t0) / 1000;
      const stats: EpochStats = {
        epoch, trainLoss: weightSum > 0 ? lossSum / weightSum : 0,
        validationLoss: val?.loss ?? null, validationF1: f1, seconds,
        lineEpochsPerSecond: linesPerEpoch / Math.max(seconds, 1e-3),
      };
      history.push(stats);
      await callbacks.onEpoch?.(stats);

      // Without validation pages, the last epoch is the model.
      const score = f1 ?? epoch;
      const loss = val?.loss ?? 0;
      if (score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && loss < best.loss)) {
        best = { score, loss, epoch };
        disposeSnapshot(snapshot);
        snapshot = takeSnapshot(table, head);
      }
      if (callbacks.shouldStop?.() || epoch - best.epoch >= o.patience) break;
    }
  } finally {
    optimizer.dispose();
  }

  restoreSnapshot(snapshot, table, head);
  // What is evaluated is exactly what will be saved: the table stored as float16.
  roundToHalf(table);
  const judged = validationPages.length > 0 ? judge(model, validationPages) : null;
  return {
    history, bestEpoch: best.epoch, epochs: history.length,
    threshold: judged?.threshold ?? 0.5, htmlThreshold: judged?.htmlThreshold ?? null, validation: judged?.validation ?? null,
  };
}

export interface Judged {
  readonly threshold: number;
  readonly htmlThreshold: number | null;
  readonly validation: EvalReport;
}

/**
 * Choose the thresholds on held-out pages and report the model on them, each
 * row judged at the cut of its kind. The text cut is chosen over every row
 * (unless `textThreshold` fixes it) for the best mean F1 per page: text dumps
 * are judged page by page, and over four seeds of the seed pages' site-out
 * folds this cut held up where the pooled one swung with the validation draw
 * (README, "A cut for the typical page"). HTML pages score differently (their
 * hints are strong evidence), so they get their own cut, chosen on their rows
 * alone and pooled over lines, as snippet benchmarks pool their counts.
 * Pages and lines count as training counts them (page weights), like early stopping.
 * `rows` are the held-out pages with their text-dump views (withTextViews).
 */
export function judge(model: LineModel, rows: readonly TrainPage[], textThreshold: number | null = null): Judged {
  const { scored } = scoreAndLoss(model, rows);
  const weights = rows.map((p) => p.weight);
  const threshold = textThreshold ?? bestMeanPageThreshold(scored, weights);
  const html = rows.flatMap((p, k) => (readsHtml(p) ? [k] : []));
  const htmlThreshold = html.length > 0 ? bestThreshold(html.map((k) => scored[k]!), html.map((k) => weights[k]!)) : null;
  const validation = evaluate(scored.map((s, k) => (htmlThreshold !== null && readsHtml(rows[k]!) ? { ...s, threshold: htmlThreshold } : s)), threshold);
  return { threshold, htmlThreshold, validation };
}

/** The pages followed by the text-dump view of each HTML page among them (HTML pages are judged both ways: the model must do both). */
export function withTextViews(pages: readonly TrainPage[]): TrainPage[] {
  return [...pages, ...pages.filter((p) => p.plain).map(asPlainText)];
}

/** An HTML page read with its hints (its text-dump view, `plain`, is the other way to read it). */
function readsHtml(p: TrainPage): boolean {
  return p.plain !== undefined;
}

/** Score pages and compute their (unweighted) mean log loss. */
export function scoreAndLoss(model: LineModel, pages: readonly TrainPage[]): { scored: ScoredPage[]; loss: number } {
  const scores = model.score(pages.map((p) => p.features));
  let loss = 0, n = 0;
  const scored = pages.map((p, i) => {
    const s = scores[i]!;
    p.labels.forEach((l, j) => {
      if (l === null) return;
      const q = Math.min(Math.max(s[j]!, EPS), 1 - EPS);
      loss -= l === 'article' ? Math.log(q) : Math.log(1 - q);
      n++;
    });
    return { page: p.meta.id, lang: p.meta.lang, source: p.meta.source, labels: p.labels, scores: s };
  });
  return { scored, loss: n > 0 ? loss / n : 0 };
}

/** The page as a text dump: its plain features, its source marked "(text)". */
function asPlainText(p: TrainPage): TrainPage {
  return { ...p, features: p.plain!, plain: undefined, meta: { ...p.meta, source: `${p.meta.source} (text)` } };
}

/**
 * F1 with each validation line counted as often as its page weighs in
 * training: early stopping then favours the pages training favours (the
 * owner's, when they are weighted up), not whichever source has most lines.
 */
function weightedF1(scored: readonly ScoredPage[], pages: readonly TrainPage[], threshold: number): number {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  scored.forEach((s, k) => {
    const w = pages[k]!.weight;
    const one = countPage(s.labels, s.scores, threshold);
    c.tp += w * one.tp;
    c.fp += w * one.fp;
    c.fn += w * one.fn;
  });
  return prf(c).f1;
}

/** Class weights that give article and noise lines equal total weight, within bounds. */
function balance(pages: readonly TrainPage[]): { article: number; noise: number } {
  let a = 0, z = 0;
  for (const p of pages) for (const l of p.labels) l === 'article' ? (a += p.weight) : l === 'noise' ? (z += p.weight) : 0;
  const total = a + z;
  const clamp = (x: number) => Math.min(CLASS_WEIGHT_RANGE[1], Math.max(CLASS_WEIGHT_RANGE[0], x));
  return { article: a > 0 ? clamp(total / (2 * a)) : 1, noise: z > 0 ? clamp(total / (2 * z)) : 1 };
}

function targetsOf(pages: readonly TrainPage[], starts: readonly number[], rows: number, cw: { article: number; noise: number }) {
  const targets = new Float32Array(rows);
  const weights = new Float32Array(rows);
  pages.forEach((p, k) => {
    const s = starts[k]!;
    p.labels.forEach((l, j) => {
      if (l === null) return;
      targets[s + j] = l === 'article' ? 1 : 0;
      weights[s + j] = p.weight * (l === 'article' ? cw.article : cw.noise);
    });
  });
  return { targets, weights };
}

/** Inverted dropout on id slots: a random share zeroed, the rest scaled so each bag keeps its expected value. */
function dropIds(f: PageFeatures, rate: number, rng: Rng): PageFeatures {
  const weights = f.weights.slice();
  const keep = 1 / (1 - rate);
  for (let j = 0; j < weights.length; j++) {
    if (weights[j] === 0) continue;
    weights[j] = rng.next() < rate ? 0 : weights[j]! * keep;
  }
  return { ...f, weights };
}

interface Snapshot {
  readonly table: Float32Array;
  readonly head: tf.Tensor[];
}

function takeSnapshot(table: Float32Array, head: tf.LayersModel): Snapshot {
  return { table: table.slice(), head: head.getWeights().map((w) => w.clone()) };
}

function restoreSnapshot(s: Snapshot, table: Float32Array, head: tf.LayersModel): void {
  table.set(s.table);
  head.setWeights(s.head);
  disposeSnapshot(s);
}

function disposeSnapshot(s: Snapshot): void {
  s.head.forEach((t) => t.dispose());
}
