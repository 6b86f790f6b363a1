import { expect } from 'chai';
import { elementWords, splitAttrWords } from '../../../src/core/html/attrWords';

describe('core/html/attrWords', () => {
  it('splits on non-letters and camelCase, lower-cases and deduplicates', () => {
    expect(splitAttrWords('article-body__text mainContent HTMLParser col-md-8 x2y')).to.deep.equal(['article', 'body', 'text', 'main', 'content', 'html', 'parser', 'col', 'md']);
    expect(splitAttrWords('Nav nav NAV')).to.deep.equal(['nav']);
    expect(splitAttrWords('tin-tức bài_viết')).to.deep.equal(['tin', 'tức', 'bài', 'viết']);
  });

  it('keeps words of 2 to 20 letters, at most 16', () => {
    expect(splitAttrWords(`a ${'b'.repeat(21)} ${'c'.repeat(20)}`)).to.deep.equal(['c'.repeat(20)]);
    const many = Array.from({ length: 30 }, (_, i) => 'w' + String.fromCharCode(97 + (i % 26)) + String.fromCharCode(97 + Math.floor(i / 26))).join(' ');
    expect(splitAttrWords(many)).to.have.length(16);
  });

  it('joins class then id words of an element', () => {
    expect(elementWords({ class: 'post-title entry', id: 'postTitle' })).to.deep.equal(['post', 'title', 'entry']);
    expect(elementWords({ id: 'sidebar' })).to.deep.equal(['sidebar']);
    expect(elementWords({ href: '#' })).to.deep.equal([]);
  });
});
