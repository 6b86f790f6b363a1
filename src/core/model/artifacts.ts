/**
 * A line model to and from its files: model.json and weights.bin in tfjs's
 * own layers-model format (loadable by tf.loadLayersModel once chaff's
 * EmbeddingBag class is registered), plus metadata.json. No I/O here: Node
 * reads and writes the bytes (src/node/modelDir.ts), the browser fetches them.
 */
import * as tf from '@tensorflow/tfjs';
import { LineModel } from './lineModel';
import { metadataProblem, type ModelMetadata } from './metadata';
import { encodeHalf } from './float16';
import { LAYER } from './architecture';
import { settingsMismatch } from '../features/settings';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const METADATA_JSON = 'metadata.json';

export interface ModelFiles {
  /** Contents of model.json. */
  readonly modelJson: string;
  /** Contents of weights.bin. */
  readonly weights: Uint8Array;
  /** Contents of metadata.json. */
  readonly metadataJson: string;
}

export class ModelFileError extends Error {
  constructor(public readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'ModelFileError';
  }
}

const TABLE_WEIGHT = `${LAYER.bag}/table`;
const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

export async function toFiles(model: LineModel): Promise<ModelFiles> {
  model.parts.bag.commit();
  let art: tf.io.ModelArtifacts | undefined;
  await model.full.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!art || !art.weightSpecs || !art.weightData) throw new Error('tfjs produced no weights');
  const { specs, data } = quantizeTable(art.weightSpecs, concat(art.weightData));
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: art.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: specs }],
  };
  return { modelJson: JSON.stringify(modelJson), weights: data, metadataJson: JSON.stringify(model.metadata, null, 2) + '\n' };
}

/** Build a model from its three files; every failure names the file and the reason. */
export async function fromFiles(files: ModelFiles, names: { dir: string } = { dir: '.' }): Promise<LineModel> {
  const at = (f: string) => `${names.dir}/${f}`;
  const metadata = parseJson(files.metadataJson, at(METADATA_JSON)) as ModelMetadata;
  const problem = metadataProblem(metadata);
  if (problem) throw new ModelFileError(at(METADATA_JSON), problem);
  const mismatch = settingsMismatch(metadata.featurizer);
  if (mismatch) throw new ModelFileError(at(METADATA_JSON), `featurizer mismatch: ${mismatch}`);

  const json = parseJson(files.modelJson, at(MODEL_JSON)) as Record<string, unknown>;
  const manifest = json.weightsManifest as { weights?: tf.io.WeightsManifestEntry[] }[] | undefined;
  if (!json.modelTopology || !Array.isArray(manifest) || manifest.length !== 1 || !Array.isArray(manifest[0]!.weights)) {
    throw new ModelFileError(at(MODEL_JSON), 'not a tfjs layers model (no modelTopology or weightsManifest)');
  }
  const specs = manifest[0]!.weights!;
  const expected = specs.reduce((n, s) => n + specBytes(s), 0);
  if (files.weights.byteLength !== expected) {
    throw new ModelFileError(at(WEIGHTS_BIN), `${files.weights.byteLength} bytes, model.json expects ${expected} (truncated or from another model)`);
  }
  const bytes = files.weights;
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let full: tf.LayersModel;
  try {
    full = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs: specs, weightData }));
  } catch (e) {
    throw new ModelFileError(at(MODEL_JSON), `tfjs cannot load it: ${(e as Error).message}`);
  }
  try {
    const m = new LineModel(full, metadata);
    checkShapes(m, at(MODEL_JSON));
    return m;
  } catch (e) {
    full.dispose();
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(at(MODEL_JSON), (e as Error).message);
  }
}

/** The topology must match the featurizer settings in the metadata. */
function checkShapes(m: LineModel, file: string): void {
  const s = m.settings;
  const [ids, , dense] = m.full.inputs;
  const slots = s.charSlots + s.wordSlots;
  if (ids?.shape[2] !== slots) throw new ModelFileError(file, `model reads ${ids?.shape[2]} id slots, metadata says ${slots}`);
  if (dense?.shape[2] !== s.dense.length) throw new ModelFileError(file, `model reads ${dense?.shape[2]} dense features, metadata says ${s.dense.length}`);
  if (m.parts.bag.shape.vocab !== 2 ** s.bucketBits) throw new ModelFileError(file, `table has ${m.parts.bag.shape.vocab} rows, metadata says 2^${s.bucketBits}`);
}

/** Store the embedding table as float16: half the bytes, decoded by tfjs itself. */
function quantizeTable(specs: tf.io.WeightsManifestEntry[], data: Uint8Array): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  const parts: Uint8Array[] = [];
  const out: tf.io.WeightsManifestEntry[] = [];
  let offset = 0;
  for (const s of specs) {
    const n = specBytes(s);
    const chunk = data.subarray(offset, offset + n);
    offset += n;
    if (s.name === TABLE_WEIGHT && s.dtype === 'float32' && !s.quantization) {
      const f32 = new Float32Array(chunk.slice().buffer);
      parts.push(new Uint8Array(encodeHalf(f32).buffer));
      out.push({ ...s, quantization: { dtype: 'float16' } });
    } else {
      parts.push(chunk);
      out.push(s);
    }
  }
  return { specs: out, data: concat(parts.map((p) => p.slice().buffer)) };
}

function specBytes(s: tf.io.WeightsManifestEntry): number {
  const count = s.shape.reduce((a, b) => a * b, 1);
  const dtype = s.quantization?.dtype ?? s.dtype;
  const size = BYTES[dtype];
  if (size === undefined) throw new Error(`unsupported weight dtype ${dtype}`);
  return count * size;
}

function concat(d: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  const list = Array.isArray(d) ? d : [d];
  const total = list.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of list) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ModelFileError(file, `not valid JSON (${(e as Error).message})`);
  }
}
