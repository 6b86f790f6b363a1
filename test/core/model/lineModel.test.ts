import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { useBackend } from '../../helpers/backend';
import { TINY_ARCH, TINY_SETTINGS, syntheticPage, tinyMetadata } from '../../helpers/tiny';
import { LineModel } from '../../../src/core/model/lineModel';
import { toFiles, fromFiles, ModelFileError } from '../../../src/core/model/artifacts';
import { featurizePage } from '../../../src/core/features/featurize';
import { receptiveRadius } from '../../../src/core/model/architecture';

describe('core/model/lineModel', () => {
  useBackend();
  const pages = ['a', 'b', 'c'].map((s, i) => syntheticPage(s, s, [`Alpha${i}`, `Beta${i}`, `bridge${i}`]));
  const features = pages.map((p) => featurizePage({ lines: p.lines, lang: 'en' }, TINY_SETTINGS));

  it('scores each page the same alone or packed with others', () => {
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 7, tinyMetadata());
    const together = m.score(features);
    const alone = features.map((f) => m.score([f])[0]!);
    const tiny = m.score(features, 1); // one page per batch
    for (let i = 0; i < features.length; i++) {
      expect(together[i]!.length).to.equal(pages[i]!.lines.length);
      Array.from(together[i]!).forEach((s, j) => {
        expect(s).to.be.closeTo(alone[i]![j]!, 1e-6);
        expect(s).to.be.closeTo(tiny[i]![j]!, 1e-6);
      });
    }
    m.dispose();
  });

  it('leaks no tensors when predicting', () => {
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 7, tinyMetadata());
    m.score(features);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) m.score(features);
    expect(tf.memory().numTensors).to.equal(before);
    m.dispose();
    expect(tf.memory().numTensors).to.be.below(before);
  });

  it('needs gaps as wide as its receptive field', () => {
    expect(receptiveRadius(TINY_ARCH)).to.equal(2);
    expect(receptiveRadius({ ...TINY_ARCH, kernelSize: 5, dilations: [1, 4] })).to.equal(8);
  });

  it('round-trips through its files with the same scores, storing the table as float16', async () => {
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 3, tinyMetadata());
    m.parts.bag.tableData().forEach((_, i, t) => (t[i] = Math.fround(Math.round(t[i]! * 1024) / 1024))); // exact in float16
    const files = await toFiles(m);
    const spec = JSON.parse(files.modelJson).weightsManifest[0].weights.find((w: { name: string }) => w.name === 'embedding_bag/table');
    expect(spec.quantization).to.deep.equal({ dtype: 'float16' });
    const loaded = await fromFiles(files);
    const a = m.score(features);
    const b = loaded.score(features);
    a.forEach((s, i) => Array.from(s).forEach((x, j) => expect(b[i]![j]!).to.be.closeTo(x, 1e-6)));
    m.dispose();
    loaded.dispose();
  });

  it('loads the table into JS only, and saves it back byte for byte as a standard tfjs model', async () => {
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 5, tinyMetadata());
    const files = await toFiles(m);
    const tableBytes = TINY_ARCH.embeddingDim * 2 ** TINY_SETTINGS.bucketBits * 4;
    const before = tf.memory().numBytes;
    const loaded = await fromFiles(files);
    expect(loaded.parts.bag.detached).to.equal(true);
    expect(tf.memory().numBytes - before).to.be.below(tableBytes); // the head's weights only
    const again = await toFiles(loaded);
    expect(again.modelJson).to.equal(files.modelJson);
    expect(Buffer.from(again.weights).equals(Buffer.from(files.weights))).to.equal(true);
    // Plain tfjs (with chaff's layers registered) still loads the files, table and all.
    const json = JSON.parse(files.modelJson);
    const plain = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: files.weights.slice().buffer }));
    const [a, b, c] = [m, loaded, new LineModel(plain, m.metadata)].map((x) => x.score(features));
    expect(plainScores(c!)).to.deep.equal(plainScores(b!));
    a!.forEach((s, i) => Array.from(s).forEach((x, j) => expect(b![i]![j]!).to.be.closeTo(x, 1e-3))); // m's table was not rounded to float16
    for (const x of [m, loaded, plain]) x.dispose();
  });

  it('refuses broken files with the file and the reason', async () => {
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 3, tinyMetadata());
    const files = await toFiles(m);
    m.dispose();
    const fail = async (f: typeof files, re: RegExp) => {
      try {
        (await fromFiles(f, { dir: 'm' })).dispose();
        expect.fail('loaded a broken model');
      } catch (e) {
        expect(e).to.be.instanceOf(ModelFileError);
        expect((e as Error).message).to.match(re);
      }
    };
    await fail({ ...files, weights: files.weights.subarray(0, 100) }, /^m\/weights\.bin: 100 bytes, model\.json expects/);
    await fail({ ...files, modelJson: files.modelJson.slice(0, 50) }, /^m\/model\.json: not valid JSON/);
    await fail({ ...files, metadataJson: '{}' }, /^m\/metadata\.json: format is undefined/);
    const meta = JSON.parse(files.metadataJson);
    await fail({ ...files, metadataJson: JSON.stringify({ ...meta, schemaVersion: 99 }) }, /schema version 99/);
    await fail({ ...files, metadataJson: JSON.stringify({ ...meta, featurizer: { ...meta.featurizer, version: 0 } }) }, /featurizer mismatch/);
    await fail({ ...files, metadataJson: JSON.stringify({ ...meta, featurizer: { ...meta.featurizer, charSlots: 3 } }) }, /id slots/);
    const json = JSON.parse(files.modelJson);
    json.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'ChaffEmbeddingBag').config.vocab = 8;
    await fail({ ...files, modelJson: JSON.stringify(json) }, /^m\/model\.json: embedding_bag: table of \d+ values, expected 8 × \d+/);
  });
});

function plainScores(pages: Float32Array[]): number[][] {
  return pages.map((p) => Array.from(p));
}
