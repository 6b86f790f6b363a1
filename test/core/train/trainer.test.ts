import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { useBackend } from '../../helpers/backend';
import { TINY_ARCH, TINY_SETTINGS, syntheticPage, tinyMetadata } from '../../helpers/tiny';
import { LineModel } from '../../../src/core/model/lineModel';
import { trainModel, scoreAndLoss } from '../../../src/core/train/trainer';
import { toTrainPages } from '../../../src/core/train/session';
import { splitBySite } from '../../../src/core/train/split';
import { evaluate } from '../../../src/core/metrics';

const WORDS = [['Alpha', 'Beta', 'bridge'], ['Gamma', 'Delta', 'harbour'], ['Epsilon', 'Zeta', 'school'], ['Eta', 'Theta', 'railway'], ['Iota', 'Kappa', 'museum'], ['Lambda', 'Mu', 'hospital']];
const pages = WORDS.map((w, i) => syntheticPage(`p${i}`, `site${i % 3}.example`, w));
const trainPages = toTrainPages(pages.slice(0, 4), TINY_SETTINGS);
const heldOut = toTrainPages(pages.slice(4), TINY_SETTINGS);

async function run(seed: number) {
  const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, seed, tinyMetadata());
  const r = await trainModel(m, trainPages, heldOut, { seed, maxEpochs: 30, patience: 30, batchRows: 16 });
  const scores = m.score(heldOut.map((p) => p.features)).map((s) => Array.from(s));
  return { m, r, scores };
}

describe('core/train/trainer', function () {
  this.timeout(60000);
  useBackend();

  it('learns to tell the article from the chaff on pages it has not seen', async () => {
    const { m, r } = await run(1);
    const { scored } = scoreAndLoss(m, heldOut);
    expect(evaluate(scored, r.threshold).overall.f1).to.equal(1);
    expect(r.history[r.history.length - 1]!.trainLoss).to.be.below(r.history[0]!.trainLoss);
    m.dispose();
  });

  it('is reproducible: the same seed gives the same scores, another seed does not', async () => {
    const a = await run(11);
    const b = await run(11);
    const c = await run(12);
    expect(a.scores).to.deep.equal(b.scores);
    expect(a.scores).to.not.deep.equal(c.scores);
    [a, b, c].forEach((x) => x.m.dispose());
  });

  it('leaks no tensors over a training run', async () => {
    const before = tf.memory().numTensors;
    const { m } = await run(3);
    m.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('stops when asked and keeps the best weights', async () => {
    const m = LineModel.create(TINY_SETTINGS, TINY_ARCH, 1, tinyMetadata());
    let epochs = 0;
    const r = await trainModel(m, trainPages, heldOut, { maxEpochs: 50 }, { onEpoch: () => void epochs++, shouldStop: () => epochs >= 2 });
    expect(r.epochs).to.equal(2);
    m.dispose();
  });
});

describe('core/train/split', () => {
  it('never puts a site on both sides', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ meta: { site: `s${i % 7}` }, i }));
    const { train, validation } = splitBySite(many, 0.25, 3);
    expect(train.length + validation.length).to.equal(30);
    expect(validation.length).to.be.greaterThan(0);
    const valSites = new Set(validation.map((p) => p.meta.site));
    expect(train.some((p) => valSites.has(p.meta.site))).to.equal(false);
    expect(splitBySite(many, 0.25, 3)).to.deep.equal({ train, validation });
  });

  it('falls back to whole pages when there is one site', () => {
    const one = Array.from({ length: 5 }, (_, i) => ({ meta: { site: 'x' }, i }));
    const { train, validation } = splitBySite(one, 0.2, 1);
    expect(validation).to.have.length(1);
    expect(train).to.have.length(4);
  });
});
