import { expect } from 'chai';
import { useBackend } from '../helpers/backend';
import { TINY_ARCH, TINY_SETTINGS, tinyMetadata } from '../helpers/tiny';
import { LineModel } from '../../src/core/model/lineModel';
import { Classifier } from '../../src/core/classifier';
import { pageFromHtml, pageFromText } from '../../src/core/page';

describe('core/classifier', () => {
  useBackend();
  const text = pageFromText('A first line of text.\nA second line, a little longer than the first.\n\nThird.', 'en');
  const html = pageFromHtml('<html><body><p>A first line of text.</p><p>A second line, a little longer than the first.</p><p>Third.</p></body></html>', 'en');
  const kept = (r: ReturnType<Classifier['classifyPage']>) => r.filter((x) => x.label === 'article').length;

  it('cuts HTML pages at the model\'s HTML threshold and text dumps at its own', () => {
    // An untrained model scores every line strictly between 0 and 1.
    const c = new Classifier(LineModel.create(TINY_SETTINGS, TINY_ARCH, 3, { ...tinyMetadata(), threshold: 0, htmlThreshold: 1 }));
    try {
      expect(kept(c.classifyPage(text))).to.equal(3);
      expect(kept(c.classifyPage(html))).to.equal(0);
      const [t, h] = c.classifyPages([text, html]);
      expect([kept(t!), kept(h!)]).to.deep.equal([3, 0]);
      // A threshold given applies to both.
      expect(kept(c.classifyPage(html, { threshold: 0 }))).to.equal(3);
      expect(kept(c.classifyPage(text, { threshold: 1 }))).to.equal(0);
      expect(c.model.thresholdFor('html')).to.equal(1);
    } finally {
      c.dispose();
    }
  });

  it('cuts HTML pages at the one threshold of a model that has no HTML threshold', () => {
    const c = new Classifier(LineModel.create(TINY_SETTINGS, TINY_ARCH, 3, { ...tinyMetadata(), threshold: 0 }));
    try {
      expect(kept(c.classifyPage(html))).to.equal(3);
      expect(c.model.thresholdFor('html')).to.equal(0);
    } finally {
      c.dispose();
    }
  });
});
