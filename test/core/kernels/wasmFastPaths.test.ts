import { expect } from 'chai';
import * as tf from '../../../src/core/tf';
import { initBackend } from '../../../src/node/backend';
import { Rng } from '../../../src/core/random';

describe('core/kernels/wasmFastPaths', () => {
  const rng = new Rng(9);
  const a = Float32Array.from({ length: 6 * 4 }, () => rng.next() - 0.5);
  const b = Float32Array.from({ length: 6 * 5 }, () => rng.next() - 0.5);

  async function on(backend: 'cpu' | 'wasm') {
    await initBackend(backend);
    return tf.tidy(() => {
      const A = tf.tensor2d(a, [6, 4]);
      const B = tf.tensor2d(b, [6, 5]);
      const padded = tf.tensor3d(b, [1, 6, 5]);
      return {
        ta: Array.from(tf.matMul(A, B, true, false).dataSync()), // [4,5]
        tb: Array.from(tf.matMul(B, A, true, false).dataSync()), // [5,4]
        both: Array.from(tf.matMul(tf.reshape(A, [4, 6]), tf.reshape(B, [5, 6]), false, true).dataSync()),
        window: Array.from(tf.slice(padded, [0, 2, 0], [1, 3, 5]).dataSync()),
        strided: Array.from(tf.slice(tf.tensor2d(b, [6, 5]), [1, 1], [3, 2]).dataSync()),
      };
    });
  }

  it('multiplies transposed operands and slices windows as the stock kernels do', async () => {
    const cpu = await on('cpu');
    const wasm = await on('wasm');
    for (const k of ['ta', 'tb', 'both'] as const) wasm[k].forEach((v, i) => expect(v).to.be.closeTo(cpu[k][i]!, 1e-6));
    expect(wasm.window).to.deep.equal(cpu.window);
    expect(wasm.strided).to.deep.equal(cpu.strided);
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc.name).to.equal('fastMatMul');
  });
});
