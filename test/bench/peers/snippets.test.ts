import { expect } from 'chai';
import { fold, foldLoose, judgeSnippets } from '../../../bench/peers/snippets';
import { emptyCounts } from '../../../src/core/metrics';

describe('bench/peers/snippets', () => {
  const page = 'What Paul Verhoeven is doing inStarship Troopers is very interesting.\nIt doesn\u2019t  replace\u00A0creativity \u2014 it helps.\nSubscribe to our newsletter';

  it('counts with-snippets found as true positives and without-snippets found as false positives', () => {
    const c = emptyCounts();
    judgeSnippets(page, ['is very interesting.', 'not on the page'], ['Subscribe to our newsletter', 'Cookie policy'], c);
    expect(c).to.deep.equal({ tp: 1, fn: 1, fp: 1, tn: 1 });
  });

  it('strict: whitespace runs fold, but quotes and missing spaces must match as the page spells them', () => {
    expect(fold('a \n\t b')).to.equal('a b');
    const c = emptyCounts();
    judgeSnippets(page, ["It doesn't replace creativity", 'doing in Starship Troopers', 'It doesn\u2019t replace creativity'], [], c, fold);
    expect(c).to.include({ tp: 1, fn: 2 });
  });

  it('folded: typographic punctuation reads as ASCII and whitespace is ignored, for gold written that way', () => {
    expect(foldLoose('\u201Cnew normal\u201D \u2013 it\u2019s\u2026')).to.equal('"newnormal"-it\'s...');
    const c = emptyCounts();
    judgeSnippets(page, ["It doesn't replace creativity - it helps.", 'doing in Starship Troopers'], ['Subscribe to our news letter'], c, foldLoose);
    expect(c).to.deep.equal({ tp: 2, fn: 0, fp: 1, tn: 0 });
  });

  it('skips empty snippets rather than counting them found', () => {
    const c = emptyCounts();
    judgeSnippets('text', ['', '  '], [' '], c, foldLoose);
    expect(c).to.deep.equal({ tp: 0, fn: 0, fp: 0, tn: 0 });
  });
});
