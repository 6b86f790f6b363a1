/**
 * A line model to and from its files: model.json and weights.bin in tfjs's
 * own layers-model format (loadable by tf.loadLayersModel once chaff's
 * EmbeddingBag class is registered), plus metadata.json. No I/O here: Node
 * reads and writes the bytes (src/node/modelDir.ts), the browser fetches them.
 *
 * Loading trusts nothing: every field is checked before tfjs sees it, the
 * weights must have the size the manifest gives and hold no NaN or infinity,
 * their CRC-32 must match the one model.json records (`chaff.weightsCrc32`,
 * written since this check exists; older models have none), and the loaded
 * network must be the one the metadata describes. Each failure is a
 * ModelFileError naming the file and the reason in one line.
 */
import * as tf from '../tf';
import { LineModel } from './lineModel';
import { metadataProblem, type ModelMetadata } from './metadata';
import { decodeHalf, encodeHalf } from './float16';
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
/** Dtypes of a weight as stored (its own or its quantization's). */
const STORED_DTYPES = new Set(Object.keys(BYTES));
/** Upper bounds on metadata numbers: far above any chaff model, far below what would exhaust memory. */
const MAX_SLOTS = 4096;
const MAX_WIDTH = 4096;
const MAX_DILATION = 1 << 16;
const MAX_BLOCKS = 64;

export async function toFiles(model: LineModel): Promise<ModelFiles> {
  model.parts.bag.commit();
  let art: tf.io.ModelArtifacts | undefined;
  await model.full.save(tf.io.withSaveHandler(async (a) => {
    art = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (!art || !art.weightSpecs || !art.weightData) throw new Error('tfjs produced no weights');
  const saved = reattachTable(model, art.weightSpecs, concat(art.weightData));
  const { specs, data } = quantizeTable(saved.specs, saved.data);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: art.modelTopology,
    weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: specs }],
    chaff: { weightsCrc32: crc32Hex(data) },
  };
  return { modelJson: JSON.stringify(modelJson), weights: data, metadataJson: JSON.stringify(model.metadata, null, 2) + '\n' };
}

/** Build a model from its three files; every failure names the file and the reason. */
export async function fromFiles(files: ModelFiles, names: { dir: string } = { dir: '.' }): Promise<LineModel> {
  const at = (f: string) => `${names.dir}/${f}`;
  const metadata = parseJson(files.metadataJson, at(METADATA_JSON)) as ModelMetadata;
  const problem = metadataProblem(metadata) ?? featurizerProblem(metadata.featurizer) ?? architectureProblem(metadata.architecture);
  if (problem) throw new ModelFileError(at(METADATA_JSON), problem);
  const mismatch = settingsMismatch(metadata.featurizer);
  if (mismatch) throw new ModelFileError(at(METADATA_JSON), `featurizer mismatch: ${mismatch}`);

  const json = parseJson(files.modelJson, at(MODEL_JSON));
  const { topology, specs, crc } = readManifest(json, at(MODEL_JSON));
  const expected = specs.reduce((n, s) => n + specBytes(s), 0);
  if (files.weights.byteLength !== expected) {
    throw new ModelFileError(at(WEIGHTS_BIN), `${files.weights.byteLength} bytes, model.json expects ${expected} (truncated or from another model)`);
  }
  const bytes = files.weights;
  if (crc !== undefined && crc32Hex(bytes) !== crc) {
    throw new ModelFileError(at(WEIGHTS_BIN), `checksum ${crc32Hex(bytes)} does not match ${crc} in model.json (corrupt, or from another model)`);
  }
  const bad = nonFiniteWeight(specs, bytes);
  if (bad) throw new ModelFileError(at(WEIGHTS_BIN), `weight ${bad} holds NaN or infinite values (corrupt)`);
  const rest = detachTable(topology, specs, bytes);
  let full: tf.LayersModel;
  try {
    full = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: topology, weightSpecs: rest.specs, weightData: rest.weightData }));
  } catch (e) {
    throw new ModelFileError(at(MODEL_JSON), `tfjs cannot load it: ${firstSentence(e)}`);
  }
  try {
    const m = new LineModel(full, metadata);
    if (rest.table) m.parts.bag.attachTable(rest.table);
    checkShapes(m, at(MODEL_JSON));
    return m;
  } catch (e) {
    full.dispose();
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(at(MODEL_JSON), firstSentence(e));
  }
}

/**
 * Take the embedding table out of what tfjs loads: decode it here, and mark
 * the bag layer in the topology (parsed from model.json, ours to change) as
 * detached, so tfjs neither allocates nor copies it (see EmbeddingBag). When
 * the files do not have the expected layout, everything goes to tfjs as is.
 */
function detachTable(topology: object, specs: tf.io.WeightsManifestEntry[], bytes: Uint8Array): { specs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer; table?: Float32Array } {
  type Topology = { config?: { layers?: unknown } };
  const t = topology as Topology & { model_config?: Topology };
  const layers = (t.model_config ?? t).config?.layers;
  const bag = Array.isArray(layers) ? layers.find((l) => l?.class_name === 'ChaffEmbeddingBag' && typeof l.config === 'object' && l.config !== null) : undefined;
  const k = specs.findIndex((s) => s.name === TABLE_WEIGHT);
  const spec = specs[k];
  const stored = spec && (spec.quantization?.dtype ?? spec.dtype);
  if (!bag || !spec || spec.dtype !== 'float32' || (stored !== 'float16' && stored !== 'float32')) return { specs, weightData: bytes.slice().buffer };
  const from = specs.slice(0, k).reduce((n, s) => n + specBytes(s), 0);
  const to = from + specBytes(spec);
  const raw = bytes.slice(from, to).buffer;
  const table = stored === 'float16' ? decodeHalf(new Uint16Array(raw)) : new Float32Array(raw);
  (bag.config as Record<string, unknown>).detachedTable = true;
  const rest = new Uint8Array(bytes.byteLength - (to - from));
  rest.set(bytes.subarray(0, from));
  rest.set(bytes.subarray(to), from);
  return { specs: specs.filter((_, i) => i !== k), weightData: rest.buffer, table };
}

/** A detached table back among the saved weights, first, where tfjs itself puts the bag's weight. */
function reattachTable(model: LineModel, specs: tf.io.WeightsManifestEntry[], data: Uint8Array): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  const { bag } = model.parts;
  if (!bag.detached) return { specs, data };
  const table = bag.tableData();
  const spec: tf.io.WeightsManifestEntry = { name: TABLE_WEIGHT, shape: [bag.shape.vocab, bag.shape.dim], dtype: 'float32' };
  return { specs: [spec, ...specs], data: concat([table.slice().buffer, data.slice().buffer]) };
}

/** model.json's topology, weight specs and recorded checksum, each checked for shape and type. */
function readManifest(json: unknown, file: string): { topology: object; specs: tf.io.WeightsManifestEntry[]; crc: string | undefined } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelFileError(file, 'not a JSON object');
  const o = json as Record<string, unknown>;
  const manifest = o.weightsManifest as { weights?: unknown }[] | undefined;
  if (typeof o.modelTopology !== 'object' || o.modelTopology === null || !Array.isArray(manifest) || manifest.length !== 1
    || typeof manifest[0] !== 'object' || manifest[0] === null || !Array.isArray(manifest[0].weights)) {
    throw new ModelFileError(file, 'not a tfjs layers model (no modelTopology or weightsManifest)');
  }
  const specs = manifest[0].weights as unknown[];
  specs.forEach((raw, i) => {
    const s = raw as Partial<tf.io.WeightsManifestEntry> | null;
    const what = `weight ${i + 1} of the manifest`;
    if (typeof s !== 'object' || s === null || typeof s.name !== 'string') throw new ModelFileError(file, `${what} has no name`);
    if (!Array.isArray(s.shape) || s.shape.length > 8 || !s.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new ModelFileError(file, `${what} (${s.name}) has a bad shape`);
    }
    const stored = (s.quantization as { dtype?: unknown } | undefined)?.dtype ?? s.dtype;
    if (typeof s.dtype !== 'string' || !STORED_DTYPES.has(s.dtype) || typeof stored !== 'string' || !STORED_DTYPES.has(stored)) {
      throw new ModelFileError(file, `${what} (${s.name}) has an unsupported dtype`);
    }
    if (!Number.isSafeInteger(specBytes(s as tf.io.WeightsManifestEntry))) throw new ModelFileError(file, `${what} (${s.name}) is impossibly large`);
  });
  const chaff = o.chaff as { weightsCrc32?: unknown } | undefined;
  const crc = chaff?.weightsCrc32;
  if (crc !== undefined && (typeof crc !== 'string' || !/^[0-9a-f]{8}$/.test(crc))) throw new ModelFileError(file, 'chaff.weightsCrc32 must be 8 hex digits');
  return { topology: o.modelTopology as object, specs: specs as tf.io.WeightsManifestEntry[], crc: crc as string | undefined };
}

/** Why the featurizer settings in metadata.json are not well-formed, or null. */
function featurizerProblem(f: unknown): string | null {
  const o = f as Record<string, unknown>;
  const int = (k: string, min: number, max: number) => (Number.isInteger(o[k]) && (o[k] as number) >= min && (o[k] as number) <= max ? null : `featurizer "${k}" must be a whole number from ${min} to ${max}`);
  const strings = (k: string) => (Array.isArray(o[k]) && (o[k] as unknown[]).every((x) => typeof x === 'string') ? null : `featurizer "${k}" must be a list of strings`);
  if (!Number.isSafeInteger(o.version)) return 'featurizer "version" must be a whole number';
  return strings('dense') ?? strings('naturalLanguages') ?? int('minN', 1, 8) ?? int('maxN', 1, 8)
    ?? int('bucketBits', 8, 24) ?? int('charSlots', 1, MAX_SLOTS) ?? int('wordSlots', 1, MAX_SLOTS);
}

/** Why the architecture in metadata.json is not well-formed, or null. */
function architectureProblem(a: unknown): string | null {
  const o = a as Record<string, unknown>;
  const int = (k: string, max: number) => (Number.isInteger(o[k]) && (o[k] as number) >= 1 && (o[k] as number) <= max ? null : `architecture "${k}" must be a whole number from 1 to ${max}`);
  const d = o.dilations;
  if (!Array.isArray(d) || d.length > MAX_BLOCKS || !d.every((x) => Number.isInteger(x) && x >= 1 && x <= MAX_DILATION)) {
    return `architecture "dilations" must be a list of at most ${MAX_BLOCKS} whole numbers from 1 to ${MAX_DILATION}`;
  }
  const problem = int('embeddingDim', MAX_WIDTH) ?? int('hidden', MAX_WIDTH) ?? int('kernelSize', 255);
  if (problem) return problem;
  return (o.kernelSize as number) % 2 === 1 ? null : 'architecture "kernelSize" must be odd';
}

/** The name of the first float weight holding NaN or an infinity, or null. */
function nonFiniteWeight(specs: readonly tf.io.WeightsManifestEntry[], bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  for (const s of specs) {
    const n = specBytes(s);
    const stored = s.quantization?.dtype ?? s.dtype;
    if (stored === 'float32') {
      for (let i = offset; i < offset + n; i += 4) if (!Number.isFinite(view.getFloat32(i, true))) return s.name;
    } else if (stored === 'float16') {
      // Exponent bits all ones: an infinity or NaN.
      for (let i = offset; i < offset + n; i += 2) if ((view.getUint16(i, true) & 0x7c00) === 0x7c00) return s.name;
    }
    offset += n;
  }
  return null;
}

/** The first sentence of an error's first line (tfjs appends paragraphs of advice). */
function firstSentence(e: unknown): string {
  const line = String((e as Error)?.message ?? e).split('\n')[0]!;
  const cut = line.search(/\. (?:This|Please|Did|If) /);
  return cut > 0 ? line.slice(0, cut + 1) : line;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, as zip and PNG use it) of the bytes, as 8 hex digits. */
export function crc32Hex(bytes: Uint8Array): string {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

/** The topology must match the featurizer settings and the architecture in the metadata. */
function checkShapes(m: LineModel, file: string): void {
  const s = m.settings;
  const a = m.architecture;
  const [ids, , dense] = m.full.inputs;
  const slots = s.charSlots + s.wordSlots;
  if (ids?.shape[2] !== slots) throw new ModelFileError(file, `model reads ${ids?.shape[2]} id slots, metadata says ${slots}`);
  if (dense?.shape[2] !== s.dense.length) throw new ModelFileError(file, `model reads ${dense?.shape[2]} dense features, metadata says ${s.dense.length}`);
  const bag = m.parts.bag.shape;
  if (bag.vocab !== 2 ** s.bucketBits) throw new ModelFileError(file, `table has ${bag.vocab} rows, metadata says 2^${s.bucketBits}`);
  if (bag.dim !== a.embeddingDim) throw new ModelFileError(file, `embeddings are ${bag.dim} wide, metadata says ${a.embeddingDim}`);
  if (bag.groups.length !== 2 || bag.groups[0] !== s.charSlots || bag.groups[1] !== s.wordSlots) {
    throw new ModelFileError(file, `the bag reads id groups [${bag.groups.join(', ')}], metadata says [${s.charSlots}, ${s.wordSlots}]`);
  }
  // The receptive field (and so the gap between packed pages) comes from the metadata: it must be the network's.
  const convs = m.parts.head.layers.filter((l) => l.getClassName() === 'ChaffLineConv').map((l) => l.getConfig() as { dilation?: unknown; kernelSize?: unknown; filters?: unknown });
  const found = convs.map((c) => c.dilation);
  if (found.length !== a.dilations.length || found.some((d, i) => d !== a.dilations[i])) {
    throw new ModelFileError(file, `model has convolutions with dilations [${found.join(', ')}], metadata says [${a.dilations.join(', ')}]`);
  }
  if (convs.some((c) => c.kernelSize !== a.kernelSize || c.filters !== a.hidden)) {
    throw new ModelFileError(file, `model's convolutions differ from the metadata's kernelSize ${a.kernelSize} and hidden ${a.hidden}`);
  }
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
    // V8 quotes the text around the error; the reason is enough (and quotes nothing of the file).
    const reason = String((e as Error).message).split('\n')[0]!.replace(/, ".*" is not valid JSON$/, '');
    throw new ModelFileError(file, `not valid JSON (${reason})`);
  }
}
