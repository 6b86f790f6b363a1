/**
 * A scatter-add UnsortedSegmentSum kernel for tfjs's cpu and wasm backends.
 *
 * UnsortedSegmentSum is the gradient of gather, so it is what training an
 * embedding through tfjs's autodiff runs. The stock cpu kernel loops over
 * every segment (every vocabulary row) building four tensors each, O(rows ×
 * ids × dim): 14 s per batch for a 4,096-row table. The wasm backend has no
 * kernel at all. This one adds each input row into its segment: O(ids × dim).
 *
 * chaff's own training never needs it (the bag's gradient is written by hand,
 * see embeddingBag.ts), but any tfjs embedding trained in the same process
 * does, and tests use it as the reference for the hand-written gradient.
 */
import * as tf from '../tf';

type TypedArray = Float32Array | Int32Array | Uint8Array;

interface SegmentSumInputs {
  x: tf.TensorInfo;
  segmentIds: tf.TensorInfo;
}

/** How each backend exposes tensor memory: read views, and an output to fill. */
interface Memory {
  read(t: tf.TensorInfo): TypedArray;
  output(shape: number[], dtype: tf.DataType, values: Float32Array | Int32Array): tf.TensorInfo;
}

export const SCATTER_BACKENDS = ['cpu', 'wasm'] as const;

/** Replace UnsortedSegmentSum on the cpu and wasm backends (where registered). Idempotent. */
export function registerScatterAdd(): void {
  for (const backendName of SCATTER_BACKENDS) {
    if (tf.findBackendFactory(backendName) === null) continue;
    if (tf.getKernel('UnsortedSegmentSum', backendName)?.kernelFunc === kernels[backendName]) continue;
    if (tf.getKernel('UnsortedSegmentSum', backendName)) tf.unregisterKernel('UnsortedSegmentSum', backendName);
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName, kernelFunc: kernels[backendName] });
  }
}

/** The pure scatter-add: out[seg[i]] += x[i] for each row i; ids outside [0, numSegments) are dropped, as in TensorFlow. */
export function scatterAdd(x: ArrayLike<number>, ids: ArrayLike<number>, inner: number, numSegments: number, out: Float32Array | Int32Array): void {
  out.fill(0);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (s < 0 || s >= numSegments) continue;
    const src = i * inner;
    const dst = s * inner;
    for (let d = 0; d < inner; d++) out[dst + d]! += x[src + d]!;
  }
}

const cpuMemory = (backend: unknown): Memory => {
  const b = backend as { data: { get(id: unknown): { values: TypedArray } }; makeTensorInfo(s: number[], d: tf.DataType, v: TypedArray): tf.TensorInfo };
  return {
    read: (t) => b.data.get(t.dataId).values,
    output: (shape, dtype, values) => b.makeTensorInfo(shape, dtype, values),
  };
};

const wasmMemory = (backend: unknown): Memory => {
  const b = backend as { typedArrayFromHeap(t: tf.TensorInfo): TypedArray; makeOutput(s: number[], d: tf.DataType): tf.TensorInfo };
  return {
    read: (t) => b.typedArrayFromHeap(t),
    output: (shape, dtype, values) => {
      const out = b.makeOutput(shape, dtype);
      // Views into the wasm heap go stale if memory grows, so take it after makeOutput.
      (b.typedArrayFromHeap(out) as Float32Array | Int32Array).set(values);
      return out;
    },
  };
};

function kernelFor(memory: (backend: unknown) => Memory): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as unknown as SegmentSumInputs;
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const m = memory(backend);
    const numIds = segmentIds.shape.reduce((a, b) => a * b, 1);
    const innerShape = x.shape.slice(segmentIds.shape.length);
    const inner = innerShape.reduce((a, b) => a * b, 1);
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
    const ids = m.read(segmentIds);
    scatterAdd(m.read(x), ids.length === numIds ? ids : ids.subarray(0, numIds), inner, numSegments, out);
    return m.output([numSegments, ...innerShape], x.dtype, out);
  };
}

const kernels = { cpu: kernelFor(cpuMemory), wasm: kernelFor(wasmMemory) };
