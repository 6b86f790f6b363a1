/**
 * chaff's library API for Node.
 *
 *   import { load } from 'chaff';
 *   const chaff = await load();            // the shipped model
 *   chaff.clean(pageText);                 // the article, as text
 *   chaff.classify(lines);                 // [{ line, text, score, label }]
 *   chaff.dispose();
 */
import { Classifier } from './core/classifier';
import { initBackend, type BackendChoice } from './node/backend';
import { DEFAULT_MODEL_DIR, loadModelDir } from './node/modelDir';

export interface LoadOptions {
  /** tfjs backend: 'auto' (native if installed, else wasm), 'tensorflow', 'wasm' or 'cpu'. */
  readonly backend?: BackendChoice;
}

/** Load a model directory (default: the model that ships with chaff) as a Classifier. */
export async function load(modelDir: string = DEFAULT_MODEL_DIR, opts: LoadOptions = {}): Promise<Classifier> {
  await initBackend(opts.backend ?? 'auto');
  return new Classifier(await loadModelDir(modelDir));
}

export { Classifier, keptText, type ClassifyOptions, type LineLabel, type LineResult } from './core/classifier';
export { pageFromText, type Page } from './core/page';
export { splitLines } from './core/text/lines';
export { DEFAULT_MODEL_DIR } from './node/modelDir';
export type { BackendChoice } from './node/backend';
