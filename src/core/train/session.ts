/**
 * A whole training run from labelled pages to a model with its metadata: the
 * one recipe shared by `chaff train` in Node and the Train button in the
 * browser, so both make the same model from the same labels.
 */
import { featurizePage } from '../features/featurize';
import { DEFAULT_SETTINGS, type FeaturizerSettings } from '../features/settings';
import { DEFAULT_ARCHITECTURE, type ArchitectureSpec } from '../model/architecture';
import { LineModel } from '../model/lineModel';
import { MODEL_FORMAT, MODEL_SCHEMA_VERSION, type TrainingSummary } from '../model/metadata';
import { LABEL_SCHEMA_VERSION, POLICY_VERSION, countLabelled, type LabelledPage } from '../labels/schema';
import { DEFAULT_TRAIN_OPTIONS, judge, trainModel, withTextViews, type TrainCallbacks, type TrainOptions, type TrainPage, type TrainResult } from './trainer';
import { splitBySite } from './split';
import { DEFAULT_TEASERS, teaserCopies, type TeaserOptions } from './teaserBlocks';

export interface SessionOptions {
  readonly name: string;
  readonly train: Partial<TrainOptions>;
  readonly featurizer: FeaturizerSettings;
  readonly architecture: ArchitectureSpec;
  /** Share of pages (whole sites) held out for early stopping and the threshold. */
  readonly validationFraction: number;
  /** Seed of the validation draw (default: the training seed), so models that differ only in their start can share validation sites. */
  readonly splitSeed?: number;
  /** Loss weight per page source; unlisted sources weigh 1. */
  readonly sourceWeights: Readonly<Record<string, number>>;
  /** Synthetic "other stories" blocks added to copies of some training pages (see teaserBlocks.ts). */
  readonly teasers: TeaserOptions;
  /** Pages used only for validation (never trained on); when given, no split is made. */
  readonly validationPages?: readonly LabelledPage[];
  /**
   * After early stopping on the held-out sites, train a fresh model for the
   * best run's number of epochs on the training pages plus the held-out pages
   * of these sources ('all': every held-out page). The default model refits
   * the owner's few pages, so it learns from all of them, while the corpus's
   * held-out pages stay unseen and can still measure it: the refit model is
   * judged on them, and the HTML threshold chosen again on their HTML rows.
   * The text threshold is the first run's, chosen with the refit pages still
   * held out (they are the text dumps it is for).
   */
  readonly refit?: readonly string[] | 'all';
  /**
   * Start from this model's weights instead of random ones (fine-tuning a
   * model trained on other pages). Its featurizer and architecture are used.
   */
  readonly init?: LineModel;
  readonly recipe: string;
  readonly chaffVersion: string;
  readonly backend: string;
  /** Milliseconds since some epoch; injected so core code needs no clock of its own. */
  readonly now: () => number;
}

export const DEFAULT_SESSION: Omit<SessionOptions, 'name' | 'recipe' | 'chaffVersion' | 'backend' | 'now'> = {
  train: {},
  featurizer: DEFAULT_SETTINGS,
  architecture: DEFAULT_ARCHITECTURE,
  validationFraction: 0.2,
  sourceWeights: {},
  teasers: DEFAULT_TEASERS,
};

export interface SessionResult {
  readonly model: LineModel;
  readonly result: TrainResult;
  readonly trainPages: readonly LabelledPage[];
  readonly validationPages: readonly LabelledPage[];
}

/** Featurise labelled pages for training, with their source weights. */
export function toTrainPages(pages: readonly LabelledPage[], settings: FeaturizerSettings, sourceWeights: Readonly<Record<string, number>> = {}): TrainPage[] {
  return pages.map((p) => ({
    meta: p.meta,
    labels: p.labels,
    weight: sourceWeights[p.meta.source] ?? 1,
    features: featurizePage({ lines: p.lines, lang: p.meta.lang, hints: p.hints }, settings),
    ...(p.hints ? { plain: featurizePage({ lines: p.lines, lang: p.meta.lang }, settings) } : {}),
  }));
}

export async function runSession(pages: readonly LabelledPage[], o: SessionOptions, callbacks: TrainCallbacks = {}): Promise<SessionResult> {
  const started = o.now();
  const labelled = pages.filter((p) => p.labels.some((l) => l !== null));
  if (labelled.length === 0) throw new Error('no labelled lines to train on');
  const trainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...o.train };
  const split = o.validationPages
    ? { train: [...labelled], validation: [...o.validationPages] }
    : splitBySite(labelled, o.validationFraction, o.splitSeed ?? trainOptions.seed);
  const featurizer = o.init?.settings ?? o.featurizer;
  const architecture = o.init?.architecture ?? o.architecture;
  const fresh = () => LineModel.create(featurizer, architecture, trainOptions.seed, {
    format: MODEL_FORMAT,
    schemaVersion: MODEL_SCHEMA_VERSION,
    name: o.name,
    createdAt: new Date(started).toISOString(),
    chaffVersion: o.chaffVersion,
    labelSchemaVersion: LABEL_SCHEMA_VERSION,
    policyVersion: POLICY_VERSION,
    featurizer,
    architecture,
    threshold: 0.5,
    training: null,
    validation: null,
    recipe: o.recipe,
  });
  const create = () => (o.init ? initFrom(fresh(), o.init) : fresh());
  // Synthetic copies come from training pages only, so validation stays as the sites wrote it.
  let copies = teaserCopies(split.train, o.teasers, trainOptions.seed);
  const train = toTrainPages([...split.train, ...copies], featurizer, o.sourceWeights);
  const validation = toTrainPages(split.validation, featurizer, o.sourceWeights);
  let model = create();
  let result: TrainResult;
  let trainedOn = split.train;
  try {
    result = await trainModel(model, train, validation, trainOptions, callbacks);
    const refit = o.refit ?? [];
    const back = (p: { meta: { source: string } }) => refit === 'all' || refit.includes(p.meta.source);
    if (validation.some(back) && result.bestEpoch > 0) {
      model.dispose();
      model = create();
      trainedOn = [...split.train, ...split.validation.filter(back)];
      // The pages are featurised already; only the copies, drawn again over
      // every page now trained on, are new.
      copies = teaserCopies(trainedOn, o.teasers, trainOptions.seed);
      const refitPages = [...train.slice(0, split.train.length), ...validation.filter(back), ...toTrainPages(copies, featurizer, o.sourceWeights)];
      // No validation pages: the last of bestEpoch epochs is the model.
      await trainModel(model, refitPages, [], { ...trainOptions, maxEpochs: result.bestEpoch }, callbacks);
      const held = validation.filter((p) => !back(p));
      if (held.length > 0) {
        const again = judge(model, withTextViews(held), result.threshold);
        result = { ...result, htmlThreshold: again.htmlThreshold, validation: again.validation };
      }
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  model.metadata = {
    ...model.metadata,
    threshold: result.threshold,
    ...(result.htmlThreshold !== null ? { htmlThreshold: result.htmlThreshold } : {}),
    validation: result.validation,
    training: {
      ...summarize(trainedOn, split.validation.length, trainOptions, result, o, (o.now() - started) / 1000),
      ...(trainedOn !== split.train ? { refitPages: trainedOn.slice(split.train.length).map((p) => p.meta.id) } : {}),
      ...(copies.length > 0 ? { teaserCopies: { pages: copies.length, lines: countLabelled(copies) } } : {}),
    },
  };
  return { model, result, trainPages: trainedOn, validationPages: split.validation };
}

/** Copy `from`'s weights (table and head) into a model of the same shape. */
function initFrom(model: LineModel, from: LineModel): LineModel {
  model.parts.bag.tableData().set(from.parts.bag.tableData());
  model.parts.head.setWeights(from.parts.head.getWeights());
  return model;
}

function summarize(pages: readonly LabelledPage[], validationPages: number, t: TrainOptions, r: TrainResult, o: SessionOptions, seconds: number): TrainingSummary {
  const languages: Record<string, number> = {};
  const sources: Record<string, number> = {};
  let lines = 0, article = 0, noise = 0;
  for (const p of pages) {
    languages[p.meta.lang] = (languages[p.meta.lang] ?? 0) + 1;
    sources[p.meta.source] = (sources[p.meta.source] ?? 0) + 1;
    for (const l of p.labels) {
      if (l === null) continue;
      lines++;
      if (l === 'article') article++;
      else noise++;
    }
  }
  return {
    pages: pages.length, lines, article, noise, languages, sources, validationPages,
    seed: t.seed, epochs: r.epochs, bestEpoch: r.bestEpoch,
    options: { ...t, validationFraction: o.validationFraction, ...(o.splitSeed !== undefined ? { splitSeed: o.splitSeed } : {}), sourceWeights: o.sourceWeights, teasers: o.teasers },
    backend: o.backend, seconds: Math.round(seconds * 10) / 10,
  };
}
