import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { useBackend } from '../../helpers/backend';
import { bagBackward, bagForward, type BagShape } from '../../../src/core/model/embeddingBag';
import { Rng } from '../../../src/core/random';

describe('core/model/embeddingBag', () => {
  useBackend();
  const shape: BagShape = { vocab: 50, dim: 3, groups: [4, 2] };
  const rng = new Rng(5);
  const rows = 7;
  const table = Float32Array.from({ length: 50 * 3 }, () => rng.next() - 0.5);
  const ids = Int32Array.from({ length: rows * 6 }, () => rng.int(50));
  const weights = Float32Array.from({ length: rows * 6 }, (_, j) => (j % 5 === 0 ? 0 : rng.next()));

  /** The same bag with tfjs ops, differentiable through gather (and our UnsortedSegmentSum). */
  function tfBag(t: tf.Tensor2D): tf.Tensor2D {
    const groups = [[0, 4], [4, 6]].map(([a, b]) => {
      const idT = tf.slice(tf.tensor2d(ids, [rows, 6], 'int32'), [0, a!], [rows, b! - a!]);
      const wT = tf.slice(tf.tensor2d(weights, [rows, 6]), [0, a!], [rows, b! - a!]);
      return tf.sum(tf.mul(tf.gather(t, idT), tf.expandDims(wT, 2)), 1);
    });
    return tf.concat(groups, 1) as tf.Tensor2D;
  }

  it('computes the same bag as gather-multiply-sum', () => {
    const out = new Float32Array(rows * 6);
    bagForward(table, shape, ids, weights, rows, out);
    const ref = tf.tidy(() => tfBag(tf.tensor2d(table, [50, 3])).dataSync());
    Array.from(out).forEach((x, i) => expect(x).to.be.closeTo(ref[i]!, 1e-5));
  });

  it("has the gradient tfjs's autodiff gives the table", () => {
    const upstream = Float32Array.from({ length: rows * 6 }, () => rng.next() - 0.5);
    const dense = new Float32Array(50 * 3);
    bagBackward(shape, ids, weights, rows, upstream, (id, g) => g.forEach((x, d) => (dense[id * 3 + d]! += x)));
    const ref = tf.tidy(() => {
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tfBag(t as tf.Tensor2D), tf.tensor2d(upstream, [rows, 6]))));
      return g(tf.tensor2d(table, [50, 3])).dataSync();
    });
    Array.from(dense).forEach((x, i) => expect(x).to.be.closeTo(ref[i]!, 1e-5));
  });
});
