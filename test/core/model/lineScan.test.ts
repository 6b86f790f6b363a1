import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { useBackend } from '../../helpers/backend';
import { scanBackward, scanForward, LineScan } from '../../../src/core/model/lineScan';
import { Rng } from '../../../src/core/random';

describe('core/model/lineScan', () => {
  useBackend();
  const decays = [0.5, 0.9];

  it('averages what came before and after, resetting at masked rows', () => {
    const x = Float32Array.from([1, 1, 0, 4]);
    const mask = [1, 1, 0, 1];
    const out = new Float32Array(4 * 2 * 1);
    scanForward(x, mask, 4, 1, [0.5], out);
    // forward: 0.5, 0.75, (gap) 0, then 2 (a new page starts from zero); backward: 0.75, 0.5, 0, 2
    expect(Array.from(out)).to.deep.equal([0.5, 0.75, 0.75, 0.5, 0, 0, 2, 2]);
  });

  it('has the gradient finite differences give', () => {
    const rng = new Rng(3);
    const rows = 9, C = 2;
    const mask = [1, 1, 1, 0, 1, 1, 1, 1, 0];
    const x = Float32Array.from({ length: rows * C }, () => rng.next() - 0.5);
    const w = Float32Array.from({ length: rows * 2 * decays.length * C }, () => rng.next() - 0.5);
    const loss = (v: Float32Array) => {
      const o = new Float32Array(w.length);
      scanForward(v, mask, rows, C, decays, o);
      return o.reduce((s, y, i) => s + y * w[i]!, 0);
    };
    const dx = new Float32Array(rows * C);
    scanBackward(w, mask, rows, C, decays, dx);
    for (let i = 0; i < x.length; i++) {
      const h = 1e-3;
      const up = x.slice(); up[i]! += h;
      const dn = x.slice(); dn[i]! -= h;
      expect(dx[i]!).to.be.closeTo((loss(up) - loss(dn)) / (2 * h), 1e-3);
    }
  });

  it('trains through tfjs autodiff and serialises', () => {
    const layer = new LineScan({ decays, name: 'scan' });
    const x = tf.tensor3d([[[1, 2], [3, 4], [5, 6]]]);
    const m = tf.tensor3d([[[1], [1], [1]]]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(layer.apply([v, m]) as tf.Tensor))(x);
    expect(g.shape).to.deep.equal([1, 3, 2]);
    expect(Array.from(g.dataSync()).every((v) => v > 0)).to.equal(true);
    expect(layer.getConfig()).to.include({ name: 'scan' });
    tf.dispose([x, m, g]);
  });
});
