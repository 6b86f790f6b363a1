import { expect } from 'chai';
import fc from 'fast-check';
import { bestMeanPageThreshold, bestThreshold, countPage, evaluate, prf, type ScoredPage } from '../../src/core/metrics';
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

  describe('bestMeanPageThreshold', () => {
    const page = (id: string, labels: Label[], scores: number[]): ScoredPage => ({ page: id, lang: 'vi', source: 's', labels, scores });
    const meanF1 = (pages: readonly ScoredPage[], t: number, w?: readonly number[]) => {
      const kept = pages.map((p, k) => [p, w?.[k] ?? 1] as const).filter(([p]) => p.labels.includes('article'));
      const total = kept.reduce((a, [, x]) => a + x, 0);
      return kept.reduce((a, [p, x]) => a + x * prf(countPage(p.labels, p.scores, t)).f1, 0) / total;
    };

    it('serves the typical page where the pooled cut serves the longest one', () => {
      // One long page whose 0.6 lines are article (pooled F1 wants a cut below 0.6);
      // two short pages whose 0.6 line is noise (each wants a cut above it).
      const long = page('long', [...Array<Label>(10).fill('article'), ...Array<Label>(10).fill('article'), 'noise'], [...Array(10).fill(0.9), ...Array(10).fill(0.6), 0.1]);
      const short = (id: string) => page(id, ['article', 'noise', 'noise'], [0.9, 0.6, 0.1]);
      const pages = [long, short('a'), short('b')];
      expect(bestThreshold(pages)).to.be.below(0.6);
      const t = bestMeanPageThreshold(pages);
      expect(t).to.be.within(0.6, 0.9);
      expect(meanF1(pages, t)).to.be.above(meanF1(pages, bestThreshold(pages)));
      // Weighted up, the long page wins back its cut.
      expect(bestMeanPageThreshold(pages, [5, 1, 1])).to.be.below(0.6);
    });

    it('ignores pages without an article line and falls back to 0.5 with nothing to judge', () => {
      const a = page('a', ['article', 'noise'], [0.8, 0.3]);
      const empty = page('e', ['noise', 'noise', null], [0.95, 0.9, 0.99]);
      expect(bestMeanPageThreshold([a, empty])).to.equal(bestMeanPageThreshold([a]));
      expect(bestMeanPageThreshold([empty])).to.equal(0.5);
      expect(bestMeanPageThreshold([])).to.equal(0.5);
    });

    it('finds a cut no other cut beats on mean page F1 (property)', () => {
      const label = fc.constantFrom<Label>('article', 'noise', null);
      const arbPage = fc.array(fc.tuple(label, fc.integer({ min: 0, max: 20 }).map((x) => x / 20)), { minLength: 1, maxLength: 12 });
      fc.assert(fc.property(fc.array(arbPage, { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }), (raw, w) => {
        const pages = raw.map((lines, k) => page(`p${k}`, lines.map(([l]) => l), lines.map(([, s]) => s)));
        if (!pages.some((p) => p.labels.includes('article'))) return;
        const t = bestMeanPageThreshold(pages, w);
        const got = meanF1(pages, t, w);
        // Every cut that matters lies between two grid scores (scores are multiples of 0.05).
        for (let c = 0; c <= 21; c++) expect(got).to.be.at.least(meanF1(pages, c / 20 - 0.025, w) - 1e-9);
      }), { numRuns: 300 });
    });
  });
});
