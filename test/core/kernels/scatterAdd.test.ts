import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { initBackend } from '../../../src/node/backend';
import { scatterAdd } from '../../../src/core/kernels/scatterAdd';

describe('core/kernels/scatterAdd', () => {
  it('adds rows into their segments and drops ids out of range', () => {
    const out = new Float32Array(6);
    scatterAdd([1, 2, 3, 4, 5, 6, 7, 8], [2, 0, 2, 9], 2, 3, out);
    expect(Array.from(out)).to.deep.equal([3, 4, 0, 0, 6, 8]);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`replaces UnsortedSegmentSum on ${backend} with matching results`, async () => {
      await initBackend(backend);
      const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 2, 2]);
      const ids = tf.tensor1d([1, 1, 3], 'int32');
      const r = tf.unsortedSegmentSum(x, ids, 4);
      expect(r.shape).to.deep.equal([4, 2, 2]);
      expect(Array.from(r.dataSync())).to.deep.equal([0, 0, 0, 0, 6, 8, 10, 12, 0, 0, 0, 0, 9, 10, 11, 12]);
      // The gradient of gather over a 100,000-row table is now cheap: the stock cpu kernel would loop 100,000 times.
      const table = tf.zeros([100_000, 4]);
      const t0 = Date.now();
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, tf.tensor1d([3, 3, 99_999], 'int32'))))(table);
      expect(Array.from(tf.slice(g, [3, 0], [1, 4]).dataSync())).to.deep.equal([2, 2, 2, 2]);
      expect(Array.from(tf.slice(g, [99_999, 0], [1, 4]).dataSync())).to.deep.equal([1, 1, 1, 1]);
      expect(Date.now() - t0).to.be.below(5000);
      tf.dispose([x, ids, r, table, g]);
      await initBackend('wasm');
    });
  }
});
