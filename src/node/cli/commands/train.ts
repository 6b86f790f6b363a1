/**
 * chaff train [FILES|DIRS…] --out DIR
 *
 * Trains a line model on label files (default: labels/), validating on whole
 * sites held out, and writes model.json, weights.bin and metadata.json.
 */
import * as path from 'node:path';
import { parse, stringOption, numberOption, flag } from '../args';
import { UserError, type Command } from '../io';
import { Progress } from '../progress';
import { formatTable, formatThresholds } from '../table';
import { openModel, reportTables, startBackend } from './shared';
import { loadLabelled } from '../../dataset';
import { saveModelDir } from '../../modelDir';
import { DEFAULT_SESSION, runSession, toTrainPages, type SessionOptions } from '../../../core/train/session';
import { pageFolds, siteFolds, type Fold } from '../../../core/train/split';
import { scoreAndLoss, type TrainCallbacks } from '../../../core/train/trainer';
import { evaluate } from '../../../core/metrics';
import { countLabelled, type LabelledPage } from '../../../core/labels/schema';

const HELP = `usage: chaff train [FILES|DIRS…] --out DIR [options]

Train a line model on label files (default: labels/).

options:
  --out DIR              where to write the model (required)
  --name NAME            model name recorded in its metadata (default: the folder name)
  --seed N               random seed (default 1): the same seed and data give the same model
  --epochs N             most epochs (default 40); early stopping usually ends sooner
  --patience N           epochs without a better validation F1 before stopping (default 6)
  --validation F         share of pages, whole sites at a time, held out (default 0.2)
  --split-seed N         seed of that draw of sites (default: --seed), so models that differ only in
                         their start can share their validation sites
  --weight SOURCE=W      loss weight of pages from SOURCE (repeatable), e.g. --weight seed=100
  --teasers SHARE        share of training pages that also train as a copy with a synthetic block of
                         other stories' headlines and leads, labelled noise (default ${DEFAULT_SESSION.teasers.share}; 0: none)
  --leave-one-out SOURCE also report each page of SOURCE scored by a model trained without it
                         (leave one page out) and without its whole site (leave one site out)
  --init DIR             start from the weights of the model in DIR (fine-tuning); its featurizer
                         and architecture are kept
  --refit SOURCES        after early stopping, retrain for the best epoch count on the training
                         pages plus the held-out pages of SOURCES (comma-separated, or all), keeping
                         the text threshold; the HTML threshold and the figures are the refit
                         model's on the pages still held out; metadata lists the pages taken back
  --recipe TEXT          how this model was made, recorded in its metadata
  --backend NAME         auto, tensorflow, wasm or cpu
  -v, --verbose          log more (the backend, per-epoch figures)
`;

export const train: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {
    out: { type: 'string', short: 'o' }, name: { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' },
    patience: { type: 'string' }, validation: { type: 'string' }, weight: { type: 'string', multiple: true },
    'leave-one-out': { type: 'string' }, recipe: { type: 'string' }, 'batch-rows': { type: 'string' }, refit: { type: 'string' }, init: { type: 'string' },
    teasers: { type: 'string' }, 'split-seed': { type: 'string' },
  }, 'train');
  if (flag(values, 'help')) {
    io.stdout.write(HELP);
    return 0;
  }
  const out = stringOption(values, 'out');
  if (!out) throw new UserError('train: --out DIR is required', 2);
  const verbose = flag(values, 'verbose');
  const inputs = (positionals.length ? positionals : ['labels']).map((p) => path.resolve(io.cwd, p));
  const pages = loadLabelled(inputs);
  const backend = await startBackend(values, io, verbose);
  const outDir = path.resolve(io.cwd, out);
  const initDir = stringOption(values, 'init');
  const init = initDir ? await openModel(initDir, io) : undefined;
  const options: SessionOptions = {
    ...DEFAULT_SESSION,
    ...(init ? { init } : {}),
    name: stringOption(values, 'name') ?? path.basename(outDir),
    train: {
      seed: numberOption(stringOption(values, 'seed'), 'seed', 1, 0, 2 ** 31 - 1),
      maxEpochs: numberOption(stringOption(values, 'epochs'), 'epochs', 40, 1, 10_000),
      patience: numberOption(stringOption(values, 'patience'), 'patience', 6, 1, 10_000),
      batchRows: numberOption(stringOption(values, 'batch-rows'), 'batch-rows', 1024, 16, 1_000_000),
    },
    validationFraction: numberOption(stringOption(values, 'validation'), 'validation', 0.2, 0, 0.9),
    sourceWeights: parseWeights(values.weight as string[] | undefined),
    teasers: { ...DEFAULT_SESSION.teasers, share: numberOption(stringOption(values, 'teasers'), 'teasers', DEFAULT_SESSION.teasers.share, 0, 1) },
    refit: parseRefit(stringOption(values, 'refit')),
    ...(values['split-seed'] !== undefined ? { splitSeed: numberOption(stringOption(values, 'split-seed'), 'split-seed', 1, 0, 2 ** 31 - 1) } : {}),
    recipe: stringOption(values, 'recipe') ?? `chaff train ${argv.join(' ')}`,
    chaffVersion: require('../../../../package.json').version,
    backend,
    now: Date.now,
  };

  const progress = new Progress(io.stderr);
  io.stderr.write(`chaff train: ${pages.length} pages, ${countLabelled(pages)} labelled lines, backend ${backend}\n`);

  const looSource = stringOption(values, 'leave-one-out');
  const leaveOneOut = looSource ? await runLeaveOneOut(pages, looSource, options, progress) : null;

  const { model, result, validationPages } = await runSession(pages, options, callbacks(progress, verbose));
  progress.done();
  if (leaveOneOut) model.metadata = { ...model.metadata, notes: { ...model.metadata.notes, leaveOneOut } };
  const { bytes } = await saveModelDir(model, outDir);
  model.dispose();
  init?.dispose();

  const t = model.metadata.training!;
  const refit = t.refitPages ? `; then refit with ${t.refitPages.length} of them for ${t.bestEpoch} epochs` : '';
  io.stdout.write(`trained ${t.epochs} epochs (best ${t.bestEpoch}) in ${t.seconds} s; ${validationPages.length} validation pages${refit}; threshold ${formatThresholds(result.threshold, result.htmlThreshold ?? result.threshold)}\n`);
  const judged = t.refitPages ? ` (less the ${t.refitPages.length} refit)` : '';
  if (result.validation) io.stdout.write(`\nvalidation (sites never trained on${judged}), article lines:\n${reportTables(result.validation)}`);
  else io.stdout.write('no validation pages: metrics need pages from at least two sites (or --validation > 0)\n');
  if (leaveOneOut) {
    const cols = ['page', 'site', 'lang', 'lines', 'precision', 'recall', 'F1'];
    const table = (rows: LeaveOneOutRow[]) => formatTable(cols, rows.map((p) => [p.page, p.site, p.lang, p.lines, p.precision, p.recall, p.f1]));
    io.stdout.write(`\nleave one page out over ${looSource} pages (each scored by a model trained on every other page):\n${table(leaveOneOut.pages)}`);
    io.stdout.write(`mean F1 ${leaveOneOut.meanF1.toFixed(3)}\n`);
    if (leaveOneOut.bySite) {
      io.stdout.write(`\nleave one site out (each scored by a model that never saw its site):\n${table(leaveOneOut.bySite.pages)}`);
      io.stdout.write(`mean F1 ${leaveOneOut.bySite.meanF1.toFixed(3)}\n`);
    }
  }
  io.stdout.write(`\nwrote ${outDir} (${(bytes / 1024 / 1024).toFixed(2)} MB)\n`);
  return 0;
};

type LeaveOneOutRow = { page: string; site: string; lang: string; lines: number; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };

interface LeaveOneOut {
  readonly source: string;
  /** Each page scored by a model trained on every other page. */
  readonly pages: LeaveOneOutRow[];
  readonly meanF1: number;
  /** Each page scored by a model trained without any page of its site: the honest figure for unseen sites (absent when every page is from one site). */
  readonly bySite?: { readonly pages: LeaveOneOutRow[]; readonly meanF1: number };
}

/**
 * Leave one page out and leave one site out over `source`'s pages, each page
 * scored at its fold's own threshold. A fold that both kinds share (a page
 * alone on its site) is trained once.
 */
async function runLeaveOneOut(pages: readonly LabelledPage[], source: string, o: SessionOptions, progress: Progress): Promise<LeaveOneOut> {
  const byPage = pageFolds(pages, source);
  if (byPage.length < 2) throw new UserError(`train: --leave-one-out ${source} needs at least two pages from that source`);
  // A site fold needs labelled lines left to train on: all the pages may come from one site.
  const bySite = siteFolds(pages, source).filter((f) => f.train.some((p) => p.labels.some((l) => l !== null)));
  // Folds keyed by the pages they leave out (by position: ids need not be unique).
  const plans = new Map<string, { train: LabelledPage[]; page: Fold<LabelledPage>[]; site: Fold<LabelledPage>[] }>();
  const plan = (f: Fold<LabelledPage>, kind: 'page' | 'site') => {
    const inTrain = new Set(f.train);
    const key = pages.flatMap((p, i) => (inTrain.has(p) ? [] : [i])).join(',');
    const entry = plans.get(key) ?? { train: f.train, page: [], site: [] };
    entry[kind].push(f);
    plans.set(key, entry);
  };
  byPage.forEach((f) => plan(f, 'page'));
  bySite.forEach((f) => plan(f, 'site'));
  const rows = { page: [] as LeaveOneOutRow[], site: [] as LeaveOneOutRow[] };
  let i = 0;
  for (const entry of plans.values()) {
    const left = [...new Set([...entry.page, ...entry.site].flatMap((f) => f.held.map((p) => p.meta.id)))];
    progress.log(`leave-one-out ${++i}/${plans.size}: without ${left.join(', ')}${entry.site.length ? ` (site ${entry.site[0]!.site})` : ''}`);
    // Folds skip the refit: it only changes which pages the shipped model sees, and would double the run.
    const { model, result } = await runSession(entry.train, { ...o, refit: [] }, callbacks(progress, false));
    for (const kind of ['page', 'site'] as const) {
      for (const f of entry[kind]) {
        for (const page of f.held) {
          const { scored } = scoreAndLoss(model, toTrainPages([page], model.settings));
          const m = evaluate(scored, result.threshold).overall;
          rows[kind].push({ page: page.meta.id, site: f.site, lang: page.meta.lang, lines: m.lines, tp: m.tp, fp: m.fp, fn: m.fn, precision: m.precision, recall: m.recall, f1: m.f1 });
        }
      }
    }
    model.dispose();
  }
  const sorted = (r: LeaveOneOutRow[]) => r.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
  const mean = (r: LeaveOneOutRow[]) => r.reduce((a, x) => a + x.f1, 0) / r.length;
  return { source, pages: sorted(rows.page), meanF1: mean(rows.page), ...(rows.site.length ? { bySite: { pages: sorted(rows.site), meanF1: mean(rows.site) } } : {}) };
}

/** `--refit all` or a comma-separated list of sources. */
function parseRefit(v: string | undefined): readonly string[] | 'all' {
  if (v === undefined) return [];
  if (v === 'all') return 'all';
  const sources = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (sources.length === 0) throw new UserError('train: --refit needs "all" or a comma-separated list of sources', 2);
  return sources;
}

function callbacks(progress: Progress, verbose: boolean): TrainCallbacks {
  return {
    onStep: (p) => progress.bar(p.step, p.steps, `epoch ${p.epoch}/${p.maxEpochs}  step ${p.step}/${p.steps}`),
    onEpoch: (s) => {
      if (verbose || !progress.tty) {
        const val = s.validationF1 === null ? '' : `  val loss ${s.validationLoss!.toFixed(4)}  val F1 ${s.validationF1.toFixed(3)}`;
        progress.log(`epoch ${s.epoch}: loss ${s.trainLoss.toFixed(4)}${val}  ${Math.round(s.lineEpochsPerSecond)} lines/s`);
      }
    },
  };
}

function parseWeights(list: readonly string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of list ?? []) {
    const m = /^([^=]+)=([0-9.]+)$/.exec(item);
    if (!m || !(Number(m[2]) >= 0)) throw new UserError(`train: --weight takes SOURCE=NUMBER, got ${JSON.stringify(item)}`, 2);
    out[m[1]!] = Number(m[2]);
  }
  return out;
}


