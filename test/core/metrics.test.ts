import { expect } from 'chai';
import { bestThreshold, countPage, evaluate, prf } from '../../src/core/metrics';
import type { Label } from '../../src/core/labels/schema';

describe('core/metrics', () => {
  const labels: Label[] = ['article', 'article', 'noise', null, 'noise'];
  const scores = [0.9, 0.4, 0.6, 0.99, 0.1];

  it('counts article-class decisions over labelled lines only', () => {
    expect(countPage(labels, scores, 0.5)).to.deep.equal({ tp: 1, fp: 1, fn: 1, tn: 1 });
    const m = prf({ tp: 1, fp: 1, fn: 1, tn: 1 });
    expect(m).to.include({ precision: 0.5, recall: 0.5, f1: 0.5, lines: 4 });
  });

  it('groups by language and source', () => {
    const r = evaluate([
      { page: 'a', lang: 'vi', source: 'seed', labels, scores },
      { page: 'b', lang: 'fr', source: 'seed', labels: ['article'], scores: [0.7] },
    ], 0.5);
    expect(r.perLanguage.vi!.f1).to.equal(0.5);
    expect(r.perLanguage.fr!.f1).to.equal(1);
    expect(r.perSource.seed).to.include({ tp: 2, fp: 1, fn: 1 });
    expect(r.perPage.map((p) => p.page)).to.deep.equal(['a', 'b']);
  });

  it('judges a page that carries its own threshold at that threshold', () => {
    const page = { page: 'a', lang: 'en', source: 'web', labels, scores };
    const r = evaluate([page, { ...page, page: 'b', threshold: 0.95 }], 0.5);
    expect(r.perPage[0]!.prf).to.include({ tp: 1, fp: 1, fn: 1, tn: 1 });
    expect(r.perPage[1]!.prf).to.include({ tp: 0, fp: 0, fn: 2, tn: 2 });
    expect(r.overall).to.include({ tp: 1, fp: 1, fn: 3, tn: 3 });
    expect(r.threshold).to.equal(0.5);
  });

  it('picks the threshold with the best F1', () => {
    const t = bestThreshold([{ page: 'a', lang: 'vi', source: 's', labels: ['article', 'article', 'noise', 'noise'], scores: [0.9, 0.3, 0.2, 0.1] }]);
    expect(t).to.be.within(0.2, 0.3);
    const page = { page: 'a', lang: 'vi', source: 's', labels: ['article', 'article', 'noise', 'noise'] as Label[], scores: [0.9, 0.3, 0.2, 0.1] };
    expect(evaluate([page], t).overall.f1).to.equal(1);
  });

  it('counts each line as often as its page weighs when picking the threshold', () => {
    // Page a wants a cut above 0.5 (its 0.6 line is noise); page b wants one below (its 0.6 line is article).
    const a = { page: 'a', lang: 'vi', source: 'seed', labels: ['article', 'noise', 'noise'] as Label[], scores: [0.9, 0.6, 0.1] };
    const b = { page: 'b', lang: 'en', source: 'web', labels: ['article', 'article', 'noise'] as Label[], scores: [0.9, 0.6, 0.1] };
    const c = { ...b, page: 'c' };
    expect(bestThreshold([a, b, c])).to.be.below(0.6);
    expect(bestThreshold([a, b, c], [1, 1, 1])).to.equal(bestThreshold([a, b, c]));
    const weighted = bestThreshold([a, b, c], [10, 1, 1]);
    expect(weighted).to.be.within(0.6, 0.9);
    expect(evaluate([a], weighted).overall.f1).to.equal(1);
  });
});
