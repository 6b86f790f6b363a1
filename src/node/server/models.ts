/**
 * The model behind the guesses, and saving models trained in the browser.
 *
 * A model arrives as its three files (weights in base64). It is loaded with
 * fromFiles before anything is written, so only a model chaff can load is
 * saved; the files are written as they came (the browser made them with
 * toFiles, the same code `chaff train` saves through), each atomically,
 * metadata last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromFiles, METADATA_JSON, MODEL_JSON, ModelFileError, toFiles, WEIGHTS_BIN, type ModelFiles } from '../../core/model/artifacts';
import { Classifier } from '../../core/classifier';
import type { LineModel } from '../../core/model/lineModel';
import { writeFileAtomicSync } from '../atomicWrite';
import { HttpError, isInside, isSafeId, realInside } from './security';
import type { ModelFilesJson, ModelInfo } from '../../browser/app/protocol';

/** Names that may not be written from the UI. */
const RESERVED = new Set(['default']);

export class ModelState {
  private classifier: Classifier;
  info: ModelInfo;
  /** Bumped whenever the model changes: cached scores are per generation. */
  generation = 0;

  constructor(model: LineModel, origin: ModelInfo['origin']) {
    this.classifier = new Classifier(model);
    this.info = { name: model.metadata.name, threshold: model.threshold, origin };
  }

  get current(): Classifier {
    return this.classifier;
  }

  replace(model: LineModel, origin: ModelInfo['origin']): void {
    const old = this.classifier;
    this.classifier = new Classifier(model);
    this.info = { name: model.metadata.name, threshold: model.threshold, origin };
    this.generation++;
    old.dispose();
  }

  async files(): Promise<ModelFilesJson> {
    const f = await toFiles(this.classifier.model);
    return { modelJson: f.modelJson, metadataJson: f.metadataJson, weights: Buffer.from(f.weights).toString('base64') };
  }

  dispose(): void {
    this.classifier.dispose();
  }
}

/** Check and load a model sent as JSON; a 400 names what is wrong. */
export async function modelFromJson(body: unknown): Promise<{ model: LineModel; files: ModelFiles }> {
  const b = body as Partial<ModelFilesJson> | null;
  if (!b || typeof b.modelJson !== 'string' || typeof b.metadataJson !== 'string' || typeof b.weights !== 'string') {
    throw new HttpError(400, 'send {"modelJson", "metadataJson", "weights" (base64)}');
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b.weights)) throw new HttpError(400, 'weights must be base64');
  const files: ModelFiles = { modelJson: b.modelJson, metadataJson: b.metadataJson, weights: new Uint8Array(Buffer.from(b.weights, 'base64')) };
  try {
    return { model: await fromFiles(files, { dir: 'upload' }), files };
  } catch (e) {
    if (e instanceof ModelFileError) throw new HttpError(400, `not a chaff model: ${e.message}`);
    throw e;
  }
}

/** Write a model's files to `<modelsDir>/<name>/`, refusing names and paths that leave the folder. */
export function saveModelFiles(modelsDir: string, name: string, files: ModelFiles, overwrite: boolean): { dir: string; bytes: number } {
  if (!isSafeId(name) || name.startsWith('.')) throw new HttpError(400, 'a model name is letters, digits, ".", "_" and "-" (at most 128)');
  if (RESERVED.has(name)) throw new HttpError(403, `models/${name} is written only by its training recipe (npm run train:default); pick another name`);
  fs.mkdirSync(modelsDir, { recursive: true });
  const root = fs.realpathSync(modelsDir);
  const dir = path.join(root, name);
  let exists = false;
  try {
    const st = fs.lstatSync(dir);
    exists = true;
    if (st.isSymbolicLink() || !st.isDirectory()) throw new HttpError(403, `${name} in the models folder is not a plain folder; chaff label does not write through it`);
  } catch (e) {
    if (e instanceof HttpError) throw e;
  }
  if (exists && !overwrite) throw new HttpError(409, `a model named ${name} already exists`);
  fs.mkdirSync(dir, { recursive: true });
  if (!realInside(dir, [root]) || !isInside(root, dir)) throw new HttpError(403, 'the model folder would be outside the models folder');
  for (const f of [WEIGHTS_BIN, MODEL_JSON, METADATA_JSON]) {
    const p = path.join(dir, f);
    try {
      if (fs.lstatSync(p).isSymbolicLink()) throw new HttpError(403, `${name}/${f} is a link; chaff label does not write through it`);
    } catch (e) {
      if (e instanceof HttpError) throw e;
    }
  }
  // Weights first, metadata last: a half-written folder fails to load instead of loading wrong.
  writeFileAtomicSync(path.join(dir, WEIGHTS_BIN), files.weights);
  writeFileAtomicSync(path.join(dir, MODEL_JSON), files.modelJson);
  writeFileAtomicSync(path.join(dir, METADATA_JSON), files.metadataJson);
  return { dir, bytes: files.weights.byteLength + Buffer.byteLength(files.modelJson) + Buffer.byteLength(files.metadataJson) };
}
