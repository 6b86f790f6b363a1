import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { useBackend } from '../../helpers/backend';
import { TINY_ARCH, TINY_SETTINGS, syntheticPage } from '../../helpers/tiny';
import { DEFAULT_SESSION, runSession, toTrainPages, type SessionOptions } from '../../../src/core/train/session';
import { scoreAndLoss } from '../../../src/core/train/trainer';
import { bestMeanPageThreshold, bestThreshold, countPage, evaluate } from '../../../src/core/metrics';
import { DEFAULT_TEASERS } from '../../../src/core/train/teaserBlocks';
import { splitBySite } from '../../../src/core/train/split';

const WORDS = [['Alpha', 'Beta', 'bridge'], ['Gamma', 'Delta', 'harbour'], ['Epsilon', 'Zeta', 'school'], ['Eta', 'Theta', 'railway'], ['Iota', 'Kappa', 'museum'], ['Lambda', 'Mu', 'hospital']];
const pages = WORDS.map((w, i) => syntheticPage(`p${i}`, `site${i % 3}.example`, w));

function options(refit: readonly string[] | 'all' = []): SessionOptions {
  return {
    ...DEFAULT_SESSION, name: 'tiny', recipe: 'test', chaffVersion: 'test', backend: 'test', now: () => 0,
    featurizer: TINY_SETTINGS, architecture: TINY_ARCH, validationFraction: 0.34, refit,
    train: { seed: 5, maxEpochs: 12, patience: 3, batchRows: 16 },
  };
}

describe('core/train/session', function () {
  this.timeout(60000);
  useBackend();

  it("refits on the held-out pages for the best epoch count; with none left out, it keeps the first run's threshold and figures", async () => {
    const before = tf.memory().numTensors;
    const plain = await runSession(pages, options());
    const refit = await runSession(pages, options('all'));
    const held = plain.validationPages.map((p) => p.meta.id);
    expect(held.length).to.be.above(0);
    expect(refit.validationPages.map((p) => p.meta.id)).to.deep.equal(held);

    // The same selection run: same epochs, threshold and validation report.
    expect(refit.result.bestEpoch).to.equal(plain.result.bestEpoch);
    expect(refit.model.threshold).to.equal(plain.model.threshold);
    expect(refit.model.metadata.validation).to.deep.equal(plain.model.metadata.validation);

    // But the refit model learned from the held-out pages too, and says so.
    expect(plain.model.metadata.training!.pages).to.equal(pages.length - held.length);
    expect(plain.model.metadata.training!.refitPages).to.equal(undefined);
    expect(refit.model.metadata.training!.pages).to.equal(pages.length);
    expect(refit.model.metadata.training!.refitPages).to.have.members(held);
    expect(refit.trainPages.map((p) => p.meta.id)).to.include.members(held);
    const heldPages = toTrainPages(refit.validationPages, TINY_SETTINGS);
    const a = plain.model.score(heldPages.map((p) => p.features)).map((s) => Array.from(s));
    const b = refit.model.score(heldPages.map((p) => p.features)).map((s) => Array.from(s));
    expect(b).to.not.deep.equal(a);
    const { scored } = scoreAndLoss(refit.model, heldPages);
    expect(evaluate(scored, refit.model.threshold).overall.f1).to.equal(1);

    plain.model.dispose();
    refit.model.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('trains on synthetic teaser copies of its training pages, records them, and takes nothing from validation pages', async () => {
    const teasers = (share: number) => ({ ...DEFAULT_TEASERS, share });
    const before = tf.memory().numTensors;
    const withCopies = await runSession(pages, { ...options(), teasers: teasers(1) });
    const trained = pages.length - withCopies.validationPages.length;
    const copies = withCopies.model.metadata.training!.teaserCopies!;
    // Every training page is a host (share 1), no validation page is.
    expect(copies.pages).to.equal(trained);
    expect(copies.lines).to.be.at.least(trained * (4 + 2 * DEFAULT_TEASERS.minItems));
    expect(withCopies.model.metadata.training!.pages).to.equal(trained);
    const without = await runSession(pages, { ...options(), teasers: teasers(0) });
    expect(without.model.metadata.training!.teaserCopies).to.equal(undefined);
    // A lone training page of its language has no donor, though validation pages share its language.
    const lone = await runSession([pages[0]!], { ...options(), teasers: teasers(1), validationPages: pages.slice(1) });
    expect(lone.model.metadata.training!.teaserCopies).to.equal(undefined);
    for (const r of [withCopies, without, lone]) r.model.dispose();
    expect(tf.memory().numTensors).to.equal(before);
  });

  it('chooses a threshold for HTML pages on the HTML validation rows alone, and judges them at it', async () => {
    // Hints that say nothing, so the HTML rows score like text but are told apart.
    const asHtml = (p: (typeof pages)[number]) => ({ ...p, meta: { ...p.meta, source: 'web' }, hints: p.lines.map(() => ({ linkShare: 0, tags: ['div'], attrWords: [] })) });
    const validationPages = [asHtml(pages[4]!), asHtml(pages[5]!), pages[3]!];
    const r = await runSession(pages.slice(0, 3), { ...options(), validationPages });
    const md = r.model.metadata;
    const scored = scoreAndLoss(r.model, toTrainPages(validationPages, TINY_SETTINGS)).scored;
    expect(md.htmlThreshold).to.equal(bestThreshold(scored.slice(0, 2)));
    // The text cut is chosen over every row (the HTML pages, the same read as text, and the text page), for the best mean F1 per page.
    const asText = scoreAndLoss(r.model, toTrainPages(validationPages.slice(0, 2).map(({ hints: _, ...p }) => p), TINY_SETTINGS)).scored;
    expect(md.threshold).to.equal(bestMeanPageThreshold([...scored, ...asText]));
    const row = (source: string) => md.validation!.perSource[source]!;
    const at = (ss: typeof scored, t: number) => ss.reduce((c, s) => countPage(s.labels, s.scores, t, c), { tp: 0, fp: 0, fn: 0, tn: 0 });
    expect(row('web')).to.include(at(scored.slice(0, 2), md.htmlThreshold!));
    expect(row('web (text)')).to.include(at(asText, md.threshold));
    expect(row('test')).to.include(at(scored.slice(2), md.threshold));
    // Without HTML pages there is none.
    const plain = await runSession(pages, options());
    expect(plain.model.metadata).to.not.have.property('htmlThreshold');
    r.model.dispose();
    plain.model.dispose();
  });

  it('draws validation sites with the split seed when given, so two starts can share them', async () => {
    const held = (seed: number) => splitBySite(pages, 0.34, seed).validation.map((p) => p.meta.id).join();
    const other = [6, 7, 8, 9, 10, 11, 12].find((k) => held(k) !== held(5))!;
    expect(other, 'some seed draws other sites').to.not.equal(undefined);
    const run = (seed: number, splitSeed?: number) => runSession(pages, { ...options(), ...(splitSeed !== undefined ? { splitSeed } : {}), train: { ...options().train, seed, maxEpochs: 2 } });
    const a = await run(5), b = await run(other, 5), c = await run(other);
    const ids = (r: typeof a) => r.validationPages.map((p) => p.meta.id).join();
    expect(ids(b)).to.equal(ids(a));
    expect(ids(c)).to.equal(held(other)).and.not.equal(ids(a));
    // Same sites, another start: other weights.
    expect(Array.from(b.model.parts.bag.tableData().slice(0, 64))).to.not.deep.equal(Array.from(a.model.parts.bag.tableData().slice(0, 64)));
    expect(b.model.metadata.training!.options).to.include({ splitSeed: 5, seed: other });
    expect(a.model.metadata.training!.options).to.not.have.property('splitSeed');
    for (const r of [a, b, c]) r.model.dispose();
  });

  it('refits only with the held-out pages of the sources named', async () => {
    const mixed = pages.map((p, i) => ({ ...p, meta: { ...p.meta, source: i % 2 ? 'owner' : 'web' } }));
    const r = await runSession(mixed, options(['owner']));
    const heldOwner = r.validationPages.filter((p) => p.meta.source === 'owner').map((p) => p.meta.id);
    const heldWeb = r.validationPages.filter((p) => p.meta.source === 'web').map((p) => p.meta.id);
    expect(heldOwner.length + heldWeb.length).to.be.above(0);
    expect(r.model.metadata.training!.refitPages ?? []).to.have.members(heldOwner);
    expect(r.trainPages.map((p) => p.meta.id)).to.include.members(heldOwner);
    for (const id of heldWeb) expect(r.trainPages.map((p) => p.meta.id)).to.not.include(id);
    r.model.dispose();
  });

  it('after a refit, judges the refit model on the pages still held out and chooses its HTML cut there', async () => {
    const asHtml = (p: (typeof pages)[number]) => ({ ...p, meta: { ...p.meta, source: 'web' }, hints: p.lines.map(() => ({ linkShare: 0, tags: ['div'], attrWords: [] })) });
    const owner = (p: (typeof pages)[number]) => ({ ...p, meta: { ...p.meta, source: 'owner' } });
    const validationPages = [owner(pages[3]!), asHtml(pages[4]!), asHtml(pages[5]!)];
    const o = { ...options(['owner']), validationPages };
    const first = await runSession(pages.slice(0, 3), { ...o, refit: [] });
    const r = await runSession(pages.slice(0, 3), o);
    const md = r.model.metadata;
    expect(md.training!.refitPages).to.deep.equal([pages[3]!.meta.id]);
    // The text cut is the first run's: it was chosen with the owner's page still held out.
    expect(md.threshold).to.equal(first.model.threshold);
    // The HTML cut and the report are the refit model's, on the web pages alone.
    const held = toTrainPages(validationPages.slice(1), TINY_SETTINGS);
    const { scored } = scoreAndLoss(r.model, held);
    expect(md.htmlThreshold).to.equal(bestThreshold(scored));
    expect(md.validation!.perPage.map((p) => p.page)).to.have.members([...held, ...held].map((p) => p.meta.id));
    expect(Object.keys(md.validation!.perSource)).to.have.members(['web', 'web (text)']);
    first.model.dispose();
    r.model.dispose();
  });

  it('fine-tunes from another model\'s weights when given one to start from', async () => {
    const base = await runSession(pages, options());
    const frozen = { learningRate: 1e-12, embeddingLearningRate: 1e-12, maxEpochs: 1 };
    const o = options();
    const tuned = await runSession(pages, { ...o, init: base.model, train: { ...o.train, ...frozen } });
    const fresh = await runSession(pages, { ...o, train: { ...o.train, ...frozen } });
    const feats = toTrainPages(pages, TINY_SETTINGS).map((p) => p.features);
    const [b, t, f] = [base, tuned, fresh].map((r) => r.model.score(feats).flatMap((s) => Array.from(s)));
    const far = (x: number[], y: number[]) => Math.max(...x.map((v, i) => Math.abs(v - y[i]!)));
    expect(far(t!, b!)).to.be.below(1e-4);
    expect(far(f!, b!)).to.be.above(0.1);
    [base, tuned, fresh].forEach((r) => r.model.dispose());
  });
});
