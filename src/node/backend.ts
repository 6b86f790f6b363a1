/**
 * Choosing the tfjs backend in Node.
 *
 * 'tensorflow' (native, from @tensorflow/tfjs-node) when that optional
 * dependency installed: its install script downloads libtensorflow, which
 * only works with internet access. Otherwise 'wasm', whose binary ships inside
 * its npm package. 'cpu' (pure JS) is the last resort.
 */
import * as tf from '../core/tf';
import { registerScatterAdd } from '../core/kernels/scatterAdd';
import { registerWasmFastPaths } from '../core/kernels/wasmFastPaths';

export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export class BackendError extends Error {}

let chosen: Promise<string> | null = null;
let chosenFor: BackendChoice | null = null;

/**
 * Make `choice` the active backend and return its name. Idempotent; asking for
 * a different backend later switches to it.
 */
export function initBackend(choice: BackendChoice = 'auto'): Promise<string> {
  if (chosen && chosenFor === choice) return chosen;
  chosenFor = choice;
  chosen = setUp(choice);
  return chosen;
}

async function setUp(choice: BackendChoice): Promise<string> {
  const order: Exclude<BackendChoice, 'auto'>[] = choice === 'auto' ? ['tensorflow', 'wasm', 'cpu'] : [choice];
  const failures: string[] = [];
  for (const name of order) {
    try {
      if (name === 'tensorflow') requireNative();
      if (name === 'wasm') require('@tensorflow/tfjs-backend-wasm');
      if (name === 'cpu') require('@tensorflow/tfjs-backend-cpu');
      if (!(await tf.setBackend(name))) throw new Error('setBackend returned false');
      await tf.ready();
      if (name === 'cpu') quietCpuWarning();
      registerScatterAdd();
      if (name === 'wasm') registerWasmFastPaths();
      return name;
    } catch (e) {
      failures.push(`${name}: ${firstLine(e)}`);
    }
  }
  throw new BackendError(`no tfjs backend could start (${failures.join('; ')})`);
}

function requireNative(): void {
  // Loaded by name at run time: it is an optional dependency and usually absent.
  const name = '@tensorflow/tfjs-node';
  require(name);
}

/** The cpu backend prints a banner recommending tfjs-node on first use; chaff already chose. */
function quietCpuWarning(): void {
  const b = tf.backend() as unknown as { firstUse?: boolean };
  if ('firstUse' in b) b.firstUse = false;
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}
