/**
 * Adam for the embedding table, applied only to the rows a batch touched
 * ("lazy" Adam, as in TensorFlow's LazyAdamOptimizer). A dense optimizer
 * would rewrite all 2^bits rows every step, which is what made training on
 * tfjs slow; this costs O(ids in the batch × dim).
 */

export interface LazyAdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** L2 penalty on touched rows, pulling unused n-grams toward zero. */
  readonly l2?: number;
}

export class LazyAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;
  private lrT = 0;
  readonly lr: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  private readonly l2: number;

  constructor(private readonly table: Float32Array, private readonly dim: number, o: LazyAdamOptions) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
    this.lr = o.learningRate;
    this.b1 = o.beta1 ?? 0.9;
    this.b2 = o.beta2 ?? 0.999;
    this.eps = o.epsilon ?? 1e-7;
    this.l2 = o.l2 ?? 0;
  }

  /** Start a step: bias correction uses the global step, as tf.train.adam does. */
  beginStep(): void {
    this.step++;
    this.lrT = (this.lr * Math.sqrt(1 - this.b2 ** this.step)) / (1 - this.b1 ** this.step);
  }

  /**
   * Update one row with its gradient. The moments are stored as float32 but,
   * as in the assignment-expression form `mi = (m[i] = …)`, the step uses
   * their unrounded values.
   */
  update(id: number, grad: Float32Array): void {
    const o = id * this.dim;
    const { m, v, table, b1, b2, eps, lrT, l2 } = this;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    for (let d = 0; d < this.dim; d++) {
      const i = o + d;
      const g = grad[d]! + l2 * table[i]!;
      const mi = b1 * m[i]! + c1 * g;
      const vi = b2 * v[i]! + c2 * g * g;
      m[i] = mi;
      v[i] = vi;
      table[i]! -= (lrT * mi) / (Math.sqrt(vi) + eps);
    }
  }
}
