/**
 * tfjs as chaff uses it: the ops (and their gradients) of tfjs-core and the
 * layers API of tfjs-layers, without the `@tensorflow/tfjs` union package.
 *
 * The union also loads the converter, the data API, the cpu and webgl
 * backends, and a bundle that adds every op as a method of Tensor
 * (`x.reshape(…)`): about 0.1 s of start-up per process or worker thread,
 * which `chaff clean` pays on every worker and uses none of. So chaff calls
 * ops as functions (`tf.reshape(x, …)`), never as methods, and imports tfjs
 * through this module only. Backends are loaded where they are chosen
 * (src/node/backend.ts, the browser's training worker).
 */
export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
