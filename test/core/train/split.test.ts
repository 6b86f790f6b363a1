import { expect } from 'chai';
import { pageFolds, siteFolds, splitBySite } from '../../../src/core/train/split';

const page = (id: string, site: string, source: string) => ({ id, meta: { site, source } });

describe('core/train/split', () => {
  const pages = [
    page('s1', 'a.example', 'seed'),
    page('s2', 'b.example', 'seed'),
    page('s3', 'a.example', 'seed'),
    page('c1', 'a.example', 'corpus'),
    page('c2', 'c.example', 'corpus'),
    page('c3', 'b.example', 'corpus'),
  ];

  it('makes one leave-one-site-out fold per site of the source, holding out that site everywhere', () => {
    const folds = siteFolds(pages, 'seed');
    expect(folds.map((f) => f.site)).to.deep.equal(['a.example', 'b.example']);
    const [a, b] = folds;
    expect(a!.held.map((p) => p.id)).to.deep.equal(['s1', 's3']);
    // The corpus page from the held-out site leaves training too.
    expect(a!.train.map((p) => p.id)).to.deep.equal(['s2', 'c2', 'c3']);
    expect(b!.held.map((p) => p.id)).to.deep.equal(['s2']);
    expect(b!.train.map((p) => p.id)).to.deep.equal(['s1', 's3', 'c1', 'c2']);
    for (const f of folds) for (const t of f.train) expect(t.meta.site).to.not.equal(f.site);
  });

  it('makes one leave-one-page-out fold per page of the source, training on every other page', () => {
    const folds = pageFolds(pages, 'seed');
    expect(folds.map((f) => f.held.map((p) => p.id))).to.deep.equal([['s1'], ['s2'], ['s3']]);
    expect(folds[0]!.train.map((p) => p.id)).to.deep.equal(['s2', 's3', 'c1', 'c2', 'c3']);
    expect(folds.map((f) => f.site)).to.deep.equal(['a.example', 'b.example', 'a.example']);
  });

  it('has no folds for a source with no pages', () => {
    expect(siteFolds(pages, 'nothing')).to.deep.equal([]);
    expect(pageFolds(pages, 'nothing')).to.deep.equal([]);
  });

  it('splits validation by whole sites', () => {
    const { train, validation } = splitBySite(pages, 0.3, 1);
    const trainSites = new Set(train.map((p) => p.meta.site));
    for (const v of validation) expect(trainSites.has(v.meta.site)).to.equal(false);
    expect(train.length + validation.length).to.equal(pages.length);
    expect(validation.length).to.be.greaterThan(0);
  });
});
