/**
 * Long-range context over a page's lines: exponential moving averages of the
 * line vectors, running forward (what came before) and backward (what comes
 * after), at several decay rates.
 *
 * The convolutions see about a screenful of lines; a teaser list 40 lines
 * after "Voir plus" needs more. A scan carries "how article-like was the page
 * so far / from here on" across the whole page in O(lines). It is linear, so
 * its gradient is the same scan run the other way; both run in plain JS
 * (tf.customGrad), since a sequential loop of tfjs ops would cost one kernel
 * call per line. A masked row (the gap between packed pages) resets the
 * state, so pages never see each other.
 */
import * as tf from '../tf';

export interface LineScanConfig {
  /** Decay per line; 0.9 remembers about 10 lines, 0.99 about 100. */
  readonly decays: readonly number[];
  readonly name?: string;
}

type Shape = (number | null)[];

/**
 * out[t, (dir·K + k)·C + c] = EMA with decay decays[k] of x[·, c], over rows
 * before t (dir 0, t included) or after t (dir 1, t included), within t's segment.
 */
export function scanForward(x: Float32Array, mask: ArrayLike<number>, rows: number, channels: number, decays: readonly number[], out: Float32Array): void {
  const K = decays.length;
  const width = 2 * K * channels;
  const h = new Float64Array(channels);
  for (let dir = 0; dir < 2; dir++) {
    for (let k = 0; k < K; k++) {
      const a = decays[k]!;
      const o = (dir * K + k) * channels;
      h.fill(0);
      for (let i = 0; i < rows; i++) {
        const t = dir === 0 ? i : rows - 1 - i;
        const r = t * width + o;
        if (mask[t] === 0) {
          h.fill(0);
          for (let c = 0; c < channels; c++) out[r + c] = 0;
          continue;
        }
        const xr = t * channels;
        for (let c = 0; c < channels; c++) {
          h[c] = a * h[c]! + (1 - a) * x[xr + c]!;
          out[r + c] = h[c]!;
        }
      }
    }
  }
}

/** Gradient of scanForward: each direction's scan, run the other way over dy. */
export function scanBackward(dy: Float32Array, mask: ArrayLike<number>, rows: number, channels: number, decays: readonly number[], dx: Float32Array): void {
  const K = decays.length;
  const width = 2 * K * channels;
  const g = new Float64Array(channels);
  dx.fill(0);
  for (let dir = 0; dir < 2; dir++) {
    for (let k = 0; k < K; k++) {
      const a = decays[k]!;
      const o = (dir * K + k) * channels;
      g.fill(0);
      for (let i = 0; i < rows; i++) {
        const t = dir === 0 ? rows - 1 - i : i;
        if (mask[t] === 0) {
          g.fill(0);
          continue;
        }
        const r = t * width + o;
        const xr = t * channels;
        for (let c = 0; c < channels; c++) {
          g[c] = a * g[c]! + dy[r + c]!;
          dx[xr + c]! += (1 - a) * g[c]!;
        }
      }
    }
  }
}

/** The scan as a tfjs layer: inputs [x, mask] of shapes [1, lines, C] and [1, lines, 1]. */
export class LineScan extends tf.layers.Layer {
  static readonly className = 'ChaffLineScan';
  readonly decays: readonly number[];

  constructor(config: LineScanConfig) {
    super({ name: config.name, trainable: false });
    if (config.decays.length === 0 || config.decays.some((d) => !(d >= 0 && d < 1))) throw new Error('LineScan: decays must be in [0, 1)');
    this.decays = [...config.decays];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const x = (inputShape as Shape[])[0]!;
    return [x[0]!, x[1]!, 2 * this.decays.length * (x[2] as number)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, mask] = inputs as tf.Tensor[];
    return scanOp(this.decays)(x!, mask!);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), decays: [...this.decays] };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as never);
  }
}
tf.serialization.registerClass(LineScan);

function scanOp(decays: readonly number[]) {
  return tf.customGrad(((x: tf.Tensor, mask: tf.Tensor) => {
    const [batch, rows, channels] = x.shape as [number, number, number];
    const n = batch * rows;
    const m = mask.dataSync();
    const out = new Float32Array(n * 2 * decays.length * channels);
    scanForward(x.dataSync() as Float32Array, m, n, channels, decays, out);
    return {
      value: tf.tensor3d(out, [batch, rows, 2 * decays.length * channels]),
      gradFunc: (dy: tf.Tensor) => {
        const dx = new Float32Array(n * channels);
        scanBackward(dy.dataSync() as Float32Array, m, n, channels, decays, dx);
        return [tf.tensor3d(dx, [batch, rows, channels]), tf.zerosLike(mask)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, mask: tf.Tensor) => tf.Tensor;
}
