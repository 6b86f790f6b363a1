import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { useBackend } from '../../helpers/backend';
import { LineConv } from '../../../src/core/model/lineConv';
import { Rng } from '../../../src/core/random';

describe('core/model/lineConv', () => {
  useBackend();

  for (const dilation of [1, 2, 4, 8]) {
    it(`scores (conv1d) as it trains (slices and matMul, under a gradient tape), dilation ${dilation}`, () => {
      const rng = new Rng(dilation);
      const lines = 37, channels = 6, filters = 5;
      const x = tf.tensor3d(Float32Array.from({ length: lines * channels }, () => rng.next() * 2 - 1), [1, lines, channels]);
      const conv = new LineConv({ filters, kernelSize: 3, dilation, seed: 3 });
      tf.dispose(conv.apply(x) as tf.Tensor); // builds the weights
      const [w, b] = conv.getWeights();
      conv.setWeights([w!, tf.add(b!, 0.1)]); // a non-zero bias, so it is checked too
      const scoring = conv.apply(x) as tf.Tensor;
      let training: tf.Tensor | null = null;
      const grads = tf.variableGrads(() => {
        training = tf.keep(conv.apply(x) as tf.Tensor);
        return tf.sum(training);
      });
      expect(Object.keys(grads.grads)).to.have.length(2); // kernel and bias: the taped path differentiates
      tf.dispose([grads.value, ...Object.values(grads.grads)]);
      expect(scoring.shape).to.deep.equal([1, lines, filters]);
      const a = scoring.dataSync(), t = training!.dataSync();
      for (let i = 0; i < a.length; i++) expect(a[i]!).to.be.closeTo(t[i]!, 1e-6);
      // Rows near the ends read zeros beyond the page, as 'same' padding does.
      expect(Array.from(a).some((v) => v > 0)).to.equal(true);
      tf.dispose([x, scoring, training!]);
      conv.dispose();
    });
  }
});
