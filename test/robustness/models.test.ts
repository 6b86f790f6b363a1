/**
 * Broken model folders through the real CLI (issue 6, part 4): a missing,
 * empty, truncated or corrupt model.json, weights.bin or metadata.json, a
 * model of another schema version, a featurizer or architecture that does
 * not match. Each gets exit 1 and one line naming the file and the reason.
 * (test/core/model/lineModel.test.ts checks fromFiles in-process.)
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineModel } from '../../src/core/model/lineModel';
import { saveModelDir } from '../../src/node/modelDir';
import { useBackend } from '../helpers/backend';
import { tmpDir } from '../helpers/cli';
import { TINY_ARCH, TINY_SETTINGS, tinyMetadata } from '../helpers/tiny';
import { randomBytes } from './inputs';
import { contractBreach, count, expectOneLineError, expectSuccess, newTally, pool, runCli, type CliRun } from './run';

type Json = Record<string, unknown>;

interface Variant {
  readonly name: string;
  /** The file the error must name ('' for the folder itself). */
  readonly file: 'model.json' | 'weights.bin' | 'metadata.json' | '';
  readonly reason: RegExp;
  readonly make: (dir: string) => void;
}

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));
const write = (dir: string, f: string, data: string | Uint8Array) => fs.writeFileSync(path.join(dir, f), data);
const editJson = (f: string, edit: (o: Json) => unknown) => (dir: string) => write(dir, f, JSON.stringify(edit(JSON.parse(read(dir, f).toString('utf8')) as Json)));
const editMeta = (edit: (o: Json) => unknown) => editJson('metadata.json', edit);
const editModel = (edit: (o: Json) => unknown) => editJson('model.json', edit);
const specs = (o: Json) => ((o.weightsManifest as Json[])[0]!.weights as Json[]);
const feat = (o: Json) => o.featurizer as Json;

const FILES = ['model.json', 'weights.bin', 'metadata.json'] as const;

const VARIANTS: Variant[] = [
  ...FILES.map((f): Variant => ({ name: `missing ${f}`, file: f, reason: /^missing$/, make: (d) => fs.rmSync(path.join(d, f)) })),
  ...FILES.map((f): Variant => ({ name: `${f} is a folder`, file: f, reason: /^is a directory, not a file$/, make: (d) => (fs.rmSync(path.join(d, f)), fs.mkdirSync(path.join(d, f))) })),
  { name: 'empty model.json', file: 'model.json', reason: /^not valid JSON \(Unexpected end of JSON input\)$/, make: (d) => write(d, 'model.json', '') },
  { name: 'empty metadata.json', file: 'metadata.json', reason: /^not valid JSON/, make: (d) => write(d, 'metadata.json', '') },
  { name: 'empty weights.bin', file: 'weights.bin', reason: /^0 bytes, model\.json expects \d+ \(truncated or from another model\)$/, make: (d) => write(d, 'weights.bin', '') },
  { name: 'truncated model.json', file: 'model.json', reason: /^not valid JSON/, make: (d) => write(d, 'model.json', read(d, 'model.json').subarray(0, 300)) },
  { name: 'truncated metadata.json', file: 'metadata.json', reason: /^not valid JSON/, make: (d) => write(d, 'metadata.json', read(d, 'metadata.json').subarray(0, 100)) },
  { name: 'truncated weights.bin', file: 'weights.bin', reason: /^\d+ bytes, model\.json expects \d+ \(truncated/, make: (d) => write(d, 'weights.bin', read(d, 'weights.bin').subarray(0, 1000)) },
  { name: 'weights.bin one byte too long', file: 'weights.bin', reason: /bytes, model\.json expects/, make: (d) => write(d, 'weights.bin', Buffer.concat([read(d, 'weights.bin'), Buffer.from([0])])) },
  { name: 'one flipped bit in weights.bin', file: 'weights.bin', reason: /^checksum [0-9a-f]{8} does not match [0-9a-f]{8} in model\.json \(corrupt, or from another model\)$/, make: (d) => { const b = read(d, 'weights.bin'); b[b.length >> 1] ^= 4; write(d, 'weights.bin', b); } },
  { name: 'weights.bin zeroed halfway', file: 'weights.bin', reason: /^checksum/, make: (d) => { const b = read(d, 'weights.bin'); b.fill(0, b.length >> 1); write(d, 'weights.bin', b); } },
  { name: 'weights.bin of random bytes', file: 'weights.bin', reason: /^checksum/, make: (d) => write(d, 'weights.bin', randomBytes(read(d, 'weights.bin').length, 7)) },
  {
    name: 'weights.bin with NaNs and no checksum', file: 'weights.bin', reason: /^weight [\w/]+ holds NaN or infinite values \(corrupt\)$/,
    make: (d) => { editModel((o) => ({ ...o, chaff: undefined }))(d); const b = read(d, 'weights.bin'); b.fill(0xff, 0, 64); write(d, 'weights.bin', b); },
  },
  { name: 'model.json is null', file: 'model.json', reason: /^not a JSON object$/, make: (d) => write(d, 'model.json', 'null') },
  { name: 'model.json is a list', file: 'model.json', reason: /^not a JSON object$/, make: (d) => write(d, 'model.json', '[{}]') },
  { name: 'model.json without weights', file: 'model.json', reason: /^not a tfjs layers model/, make: editModel((o) => ({ ...o, weightsManifest: undefined })) },
  { name: 'model.json with a string topology', file: 'model.json', reason: /^not a tfjs layers model/, make: editModel((o) => ({ ...o, modelTopology: 'x' })) },
  { name: 'a negative weight shape', file: 'model.json', reason: /^weight 2 of the manifest \([\w/]+\) has a bad shape$/, make: editModel((o) => (specs(o)[1]!.shape = [-4, -8], o)) },
  { name: 'a weight shape that is a string', file: 'model.json', reason: /has a bad shape$/, make: editModel((o) => (specs(o)[1]!.shape = 'abc', o)) },
  { name: 'an impossible weight size', file: 'model.json', reason: /is impossibly large$|bad shape/, make: editModel((o) => (specs(o)[1]!.shape = [2 ** 40, 2 ** 40], o)) },
  { name: 'an unknown dtype', file: 'model.json', reason: /has an unsupported dtype$/, make: editModel((o) => (specs(o)[1]!.dtype = 'complex64', o)) },
  { name: 'an unknown layer', file: 'model.json', reason: /^tfjs cannot load it: Unknown layer: Evil\.$/, make: editModel((o) => ({ ...o, modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Evil', config: {} }] } } })) },
  { name: 'a renamed weight', file: 'model.json', reason: /^tfjs cannot load it: /, make: editModel((o) => (specs(o)[1]!.name = 'nope/kernel', o)) },
  { name: 'a checksum that is not hex', file: 'model.json', reason: /^chaff\.weightsCrc32 must be 8 hex digits$/, make: editModel((o) => ({ ...o, chaff: { weightsCrc32: '../../etc' } })) },
  { name: 'a model.json too large to be a model', file: 'model.json', reason: /^\d+ bytes is too large for a chaff model$/, make: (d) => fs.truncateSync(path.join(d, 'model.json'), 65 * 1024 * 1024) },
  { name: 'another schema version', file: 'metadata.json', reason: /^schema version 2; this chaff reads version 1$/, make: editMeta((o) => ({ ...o, schemaVersion: 2 })) },
  { name: 'another format', file: 'metadata.json', reason: /^format is "other", expected "chaff-line-model"$/, make: editMeta((o) => ({ ...o, format: 'other' })) },
  { name: 'metadata.json of binary bytes', file: 'metadata.json', reason: /^not valid JSON \(Unexpected token/, make: (d) => write(d, 'metadata.json', Buffer.from([0xff, 0xfe, 0x00, 0x53, 0x45, 0x43])) },
  { name: 'a featurizer of another version', file: 'metadata.json', reason: /^featurizer mismatch: featurizer version 2, this chaff reads version 1$/, make: editMeta((o) => ({ ...o, featurizer: { ...feat(o), version: 2 } })) },
  { name: 'other dense features', file: 'metadata.json', reason: /^featurizer mismatch: dense features \[x\] differ from this build's/, make: editMeta((o) => ({ ...o, featurizer: { ...feat(o), dense: ['x'] } })) },
  { name: 'an empty featurizer', file: 'metadata.json', reason: /^featurizer "version" must be a whole number$/, make: editMeta((o) => ({ ...o, featurizer: {} })) },
  { name: 'a featurizer with a bad n-gram range', file: 'metadata.json', reason: /^featurizer "minN" must be a whole number from 1 to 8$/, make: editMeta((o) => ({ ...o, featurizer: { ...feat(o), minN: 'two' } })) },
  { name: 'languages that are not a list', file: 'metadata.json', reason: /^featurizer "naturalLanguages" must be a list of strings$/, make: editMeta((o) => ({ ...o, featurizer: { ...feat(o), naturalLanguages: 'vi' } })) },
  { name: 'a featurizer with other id slots', file: 'model.json', reason: /^model reads \d+ id slots, metadata says \d+$/, make: editMeta((o) => ({ ...o, featurizer: { ...feat(o), charSlots: 3 } })) },
  { name: 'a featurizer with another table size', file: 'model.json', reason: /^table has 1024 rows, metadata says 2\^12$/, make: editMeta((o) => ({ ...o, featurizer: { ...feat(o), bucketBits: 12 } })) },
  { name: 'an architecture with other dilations', file: 'model.json', reason: /^model has convolutions with dilations \[1, 2\], metadata says \[1\]$/, make: editMeta((o) => ({ ...o, architecture: { ...(o.architecture as Json), dilations: [1] } })) },
  { name: 'an architecture of another width', file: 'model.json', reason: /differ from the metadata's kernelSize 3 and hidden 9$/, make: editMeta((o) => ({ ...o, architecture: { ...(o.architecture as Json), hidden: 9 } })) },
  { name: 'an empty architecture', file: 'metadata.json', reason: /^architecture "dilations" must be a list/, make: editMeta((o) => ({ ...o, architecture: {} })) },
  { name: 'an even kernel size', file: 'metadata.json', reason: /^architecture "kernelSize" must be odd$/, make: editMeta((o) => ({ ...o, architecture: { ...(o.architecture as Json), kernelSize: 4 } })) },
  { name: 'a threshold that is a string', file: 'metadata.json', reason: /^threshold must be a number in \[0, 1\]$/, make: editMeta((o) => ({ ...o, threshold: '0.5' })) },
  { name: 'a model folder that is a file', file: '', reason: /^not a directory$/, make: (d) => (fs.rmSync(d, { recursive: true }), fs.writeFileSync(d, 'x')) },
  { name: 'a missing model folder', file: '', reason: /^no such model directory$/, make: (d) => fs.rmSync(d, { recursive: true }) },
];

export const MODEL_FIGURES = newTally();

describe('robustness: broken models through the CLI', function () {
  this.timeout(300_000);
  useBackend('cpu');
  let dir: string;
  let good: string;
  const runs = new Map<string, CliRun>();

  before(async () => {
    dir = tmpDir('chaff-models-');
    good = path.join(dir, 'good');
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 5, tinyMetadata());
    await saveModelDir(m, good);
    m.dispose();
    const jobs: { name: string; args: string[]; input?: string }[] = [{ name: 'good', args: ['clean', '--format', 'jsonl', '--model', good], input: 'A line.\nAnother line.\n' }];
    VARIANTS.forEach((v, i) => {
      const d = path.join(dir, `v${i}`);
      fs.cpSync(good, d, { recursive: true });
      v.make(d);
      jobs.push({ name: v.name, args: ['clean', '--model', d], input: 'A line.\n' });
    });
    // The other commands that load a model report it the same way.
    const broken = path.join(dir, `v${VARIANTS.findIndex((v) => v.name === 'one flipped bit in weights.bin')}`);
    jobs.push({ name: 'eval', args: ['eval', path.join(__dirname, '..', '..', 'labels'), '--model', broken] });
    jobs.push({ name: 'label', args: ['label', '--port', '0', '--labels', path.join(dir, 'labels'), '--model', broken] });
    jobs.push({ name: 'jsonl', args: ['clean', '--jsonl', '-q', '--model', broken], input: '{"id": 1, "text": "A line."}\n' });
    await pool(jobs, 2, async (j) => {
      const r = await runCli(j.args, { input: j.input, timeoutMs: 60_000 });
      runs.set(j.name, r);
      count(MODEL_FIGURES, r);
    });
  });

  after(() => {
    console.log(`\n  broken models: ${MODEL_FIGURES.tried} runs, ${MODEL_FIGURES.crashes} crashes, ${MODEL_FIGURES.hangs} hangs, slowest ${MODEL_FIGURES.slowestMs} ms`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the intact model, which records its weights checksum', () => {
    const r = runs.get('good')!;
    expectSuccess(r);
    expect(r.stdout.length).to.be.greaterThan(0);
    const json = JSON.parse(fs.readFileSync(path.join(good, 'model.json'), 'utf8')) as Json;
    expect((json.chaff as Json).weightsCrc32).to.match(/^[0-9a-f]{8}$/);
  });

  VARIANTS.forEach((v, i) => {
    it(v.name, () => {
      const r = runs.get(v.name)!;
      expect(contractBreach(r, { maxMs: 20_000, maxRssMb: 1024 })).to.equal(null);
      const where = path.join(dir, `v${i}`) + (v.file ? `/${v.file}` : '');
      expectOneLineError(r, 'clean');
      const line = r.stderr.trim();
      const prefix = `chaff clean: model: ${where}: `;
      expect(line.startsWith(prefix), `${line} should start with ${prefix}`).to.equal(true);
      expect(line.slice(prefix.length)).to.match(v.reason);
    });
  });

  it('every command that loads a model says the same', () => {
    const reason = /: model: .*\/weights\.bin: checksum [0-9a-f]{8} does not match/;
    expectOneLineError(runs.get('eval')!, 'eval', reason);
    expectOneLineError(runs.get('label')!, 'label', reason);
    expectOneLineError(runs.get('jsonl')!, 'clean', reason);
  });
});
