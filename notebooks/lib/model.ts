/**
 * The model the notebooks study: models/default, or $CHAFF_NOTEBOOK_MODEL (a
 * model directory, relative to the repository), on the wasm backend (the one
 * every install has) unless $CHAFF_NOTEBOOK_BACKEND names another.
 *
 * Kept apart from data.ts because loading it registers the compiled library's
 * tfjs layer classes; the mocha tests import data.ts without doing that.
 */
import * as path from 'node:path';
import { loadModelDir } from '../../dist/node/modelDir';
import { initBackend, type BackendChoice } from '../../dist/node/backend';
import type { LineModel } from '../../dist/core/model/lineModel';
import { repoRoot } from './data';

/** Load the model the notebooks study (see the file comment). */
export async function loadModel(root: string = repoRoot()): Promise<{ model: LineModel; dir: string; backend: string }> {
  const backend = await initBackend((process.env.CHAFF_NOTEBOOK_BACKEND as BackendChoice | undefined) ?? 'wasm');
  const dir = process.env.CHAFF_NOTEBOOK_MODEL ? path.resolve(root, process.env.CHAFF_NOTEBOOK_MODEL) : path.join(root, 'models', 'default');
  return { model: await loadModelDir(dir), dir, backend };
}
