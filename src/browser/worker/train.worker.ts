/**
 * The training Web Worker: tfjs on its WebAssembly backend (binaries served
 * by chaff label from /wasm/, no CDN) running chaff's core. Training is
 * runSession, the very recipe `chaff train` runs, and the model leaves as the
 * same three files (toFiles), so `chaff clean --model` scores it the same.
 */
import * as tf from '../../core/tf';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerScatterAdd } from '../../core/kernels/scatterAdd';
import { registerWasmFastPaths } from '../../core/kernels/wasmFastPaths';
import { DEFAULT_SESSION, runSession } from '../../core/train/session';
import { fromFiles, toFiles, type ModelFiles } from '../../core/model/artifacts';
import { featurizePage } from '../../core/features/featurize';
import { DEFAULT_SETTINGS } from '../../core/features/settings';
import type { LineModel } from '../../core/model/lineModel';
import type { LabelledPage } from '../../core/labels/schema';
import type { FromWorker, ModelFilesMessage, ScorePage, ToWorker, TrainSettings } from './messages';
import type { DatasetPage } from '../app/protocol';

declare const CHAFF_VERSION: string;

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  readonly location: { readonly origin: string };
}
const scope = self as unknown as WorkerScope;

let stopRequested = false;
const backend = start();

async function start(): Promise<string> {
  setWasmPaths(`${scope.location.origin}/wasm/`);
  let name = 'wasm';
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
  } catch {
    name = 'cpu';
    await tf.setBackend('cpu');
  }
  await tf.ready();
  registerScatterAdd();
  registerWasmFastPaths();
  scope.postMessage({ type: 'ready', backend: name });
  return name;
}

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'stop') {
    stopRequested = true;
    return;
  }
  const run = m.type === 'train' ? train(m.job, m.pages, m.settings)
    : m.type === 'score' ? score(m.job, m.files, m.pages)
      : featurize(m.job, m.page);
  run.catch((err: unknown) => scope.postMessage({ type: 'error', job: m.job, message: String((err as Error)?.message ?? err).split('\n')[0]! }));
};

async function train(job: number, pages: readonly DatasetPage[], s: TrainSettings): Promise<void> {
  const backendName = await backend;
  stopRequested = false;
  const labelled: LabelledPage[] = pages.map((p) => ({ meta: p.meta, lines: p.lines, labels: p.labels, ...(p.hints ? { hints: p.hints } : {}) }));
  const started = Date.now();
  const { model, result, trainPages, validationPages } = await runSession(labelled, {
    ...DEFAULT_SESSION,
    name: s.name,
    train: { seed: s.seed, maxEpochs: s.maxEpochs, patience: s.patience },
    recipe: `chaff label: Train in the browser (seed ${s.seed}, at most ${s.maxEpochs} epochs, patience ${s.patience})`,
    chaffVersion: CHAFF_VERSION,
    backend: `${backendName} (browser)`,
    now: Date.now,
  }, {
    onStep: (p) => scope.postMessage({ type: 'progress', job, ...p }),
    onEpoch: async (st) => {
      scope.postMessage({ type: 'epoch', job, epoch: st.epoch, trainLoss: st.trainLoss, validationF1: st.validationF1 });
      // Let a "stop" message in between epochs.
      await new Promise((r) => setTimeout(r, 0));
    },
    shouldStop: () => stopRequested,
  });
  let files: ModelFiles;
  try {
    files = await toFiles(model);
  } finally {
    model.dispose();
  }
  // Score with the model read back from its files: exactly what chaff clean will load.
  const scores = await scoreWith(files, pages);
  const weights = files.weights.slice().buffer as ArrayBuffer;
  const message: FromWorker = {
    type: 'trained', job, scores,
    files: { modelJson: files.modelJson, metadataJson: files.metadataJson, weights },
    summary: {
      threshold: result.threshold, epochs: result.epochs, bestEpoch: result.bestEpoch,
      validationF1: result.validation?.overall.f1 ?? null, trainPages: trainPages.length,
      validationPages: validationPages.length, seconds: (Date.now() - started) / 1000,
    },
  };
  scope.postMessage(message, [weights]);
}

async function score(job: number, files: ModelFilesMessage, pages: readonly ScorePage[]): Promise<void> {
  await backend;
  const scores = await scoreWith({ modelJson: files.modelJson, metadataJson: files.metadataJson, weights: new Uint8Array(files.weights) }, pages);
  scope.postMessage({ type: 'scored', job, scores });
}

async function scoreWith(files: ModelFiles, pages: readonly ScorePage[]): Promise<Record<string, number[]>> {
  const model: LineModel = await fromFiles(files, { dir: 'browser' });
  try {
    const features = pages.map((p) => model.featurize({ lines: p.lines, lang: p.lang, hints: p.hints }));
    const scored = model.score(features);
    const out: Record<string, number[]> = {};
    pages.forEach((p, i) => (out[p.id] = Array.from(scored[i]!)));
    return out;
  } finally {
    model.dispose();
  }
}

async function featurize(job: number, page: ScorePage): Promise<void> {
  const f = featurizePage({ lines: page.lines, lang: page.lang, hints: page.hints }, DEFAULT_SETTINGS);
  scope.postMessage({ type: 'features', job, ids: Array.from(f.ids), weights: Array.from(f.weights), dense: Array.from(f.dense), slots: f.slots, denseSize: f.denseSize });
}
