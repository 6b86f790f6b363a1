/**
 * A dilated 1-D convolution over a page's lines. Under a gradient tape
 * (training, attributions) it runs as pad, slice, concat and matMul, because
 * tfjs's conv1d runs dilated kernels forward but its gradient refuses
 * dilation rates above 1. Scoring runs conv1d itself: one kernel instead of
 * eight, with no copy of the taps (on wasm, XNNPACK sums the same products in
 * the same order, and the golden scores hold bit for bit).
 *
 * For kernel size k and dilation d, the output at line t reads lines
 * t − d·(k−1)/2 … t + d·(k−1)/2, zero beyond the page's edges ('same' padding).
 */
import * as tf from '../tf';

export interface LineConvConfig {
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilation: number;
  readonly activation?: 'relu' | 'linear';
  readonly name?: string;
  readonly seed?: number;
}

type Shape = (number | null)[];

export class LineConv extends tf.layers.Layer {
  static readonly className = 'ChaffLineConv';
  readonly cfg: Required<Omit<LineConvConfig, 'name' | 'seed'>>;
  private readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(config: LineConvConfig) {
    super({ name: config.name, trainable: true });
    if (config.kernelSize % 2 !== 1) throw new Error('LineConv: kernelSize must be odd');
    this.cfg = { filters: config.filters, kernelSize: config.kernelSize, dilation: config.dilation, activation: config.activation ?? 'relu' };
    this.seed = config.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const channels = (inputShape as Shape)[2]!;
    const { kernelSize, filters } = this.cfg;
    this.kernel = this.addWeight('kernel', [kernelSize * channels, filters], 'float32', tf.initializers.glorotUniform({ seed: this.seed }));
    this.bias = this.addWeight('bias', [filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    return [s[0]!, s[1]!, this.cfg.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [batch, lines, channels] = x.shape;
      const { kernelSize, dilation, filters, activation } = this.cfg;
      if (!tf.engine().isTapeOn()) {
        // No gradient is being recorded: scoring. The kernel's rows are
        // tap-major ([k·C, F]), exactly conv1d's [k, C, F] filter.
        const k = tf.reshape(this.kernel!.read(), [kernelSize, channels, filters]) as tf.Tensor3D;
        const z = tf.add(tf.conv1d(x, k, 1, 'same', 'NWC', dilation), this.bias!.read());
        return activation === 'relu' ? tf.relu(z) : z;
      }
      const reach = dilation * ((kernelSize - 1) / 2);
      const padded = tf.pad(x, [[0, 0], [reach, reach], [0, 0]]);
      const taps: tf.Tensor3D[] = [];
      for (let k = 0; k < kernelSize; k++) taps.push(tf.slice(padded, [0, k * dilation, 0], [batch, lines, channels]));
      const stacked = tf.reshape(tf.concat(taps, 2), [batch * lines, kernelSize * channels]);
      let y = tf.add(tf.matMul(stacked, this.kernel!.read()), this.bias!.read());
      if (activation === 'relu') y = tf.relu(y);
      return tf.reshape(y, [batch, lines, filters]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config as never);
  }
}
tf.serialization.registerClass(LineConv);
