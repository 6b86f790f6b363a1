/**
 * A model directory on disk: model.json, weights.bin, metadata.json.
 * Saving is atomic per file; loading checks every file and names the one at fault.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromFiles, toFiles, METADATA_JSON, MODEL_JSON, ModelFileError, WEIGHTS_BIN } from '../core/model/artifacts';
import type { LineModel } from '../core/model/lineModel';
import { writeFileAtomicSync } from './atomicWrite';

/** The model that ships with chaff. */
export const DEFAULT_MODEL_DIR = path.join(__dirname, '..', '..', 'models', 'default');

/** Larger files than this are not chaff models; refuse before reading them into memory. */
const MAX_MODEL_FILE_BYTES = 64 * 1024 * 1024;

export async function loadModelDir(dir: string): Promise<LineModel> {
  if (!fs.existsSync(dir)) throw new ModelFileError(dir, 'no such model directory');
  if (!fs.statSync(dir).isDirectory()) throw new ModelFileError(dir, 'not a directory');
  const read = (name: string): Buffer => {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new ModelFileError(file, 'missing');
    const st = fs.statSync(file);
    if (!st.isFile()) throw new ModelFileError(file, st.isDirectory() ? 'is a directory, not a file' : 'not a regular file');
    const size = st.size;
    if (size > MAX_MODEL_FILE_BYTES) throw new ModelFileError(file, `${size} bytes is too large for a chaff model`);
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new ModelFileError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String((e as Error).message).split('\n')[0]})`);
    }
  };
  const metadataJson = read(METADATA_JSON).toString('utf8');
  const modelJson = read(MODEL_JSON).toString('utf8');
  const weights = new Uint8Array(read(WEIGHTS_BIN));
  return fromFiles({ modelJson, weights, metadataJson }, { dir });
}

export async function saveModelDir(model: LineModel, dir: string): Promise<{ bytes: number }> {
  const files = await toFiles(model);
  fs.mkdirSync(dir, { recursive: true });
  // Weights first, metadata last: a half-written directory fails to load instead of loading wrong.
  writeFileAtomicSync(path.join(dir, WEIGHTS_BIN), files.weights);
  writeFileAtomicSync(path.join(dir, MODEL_JSON), files.modelJson);
  writeFileAtomicSync(path.join(dir, METADATA_JSON), files.metadataJson);
  return { bytes: files.weights.byteLength + Buffer.byteLength(files.modelJson) + Buffer.byteLength(files.metadataJson) };
}
