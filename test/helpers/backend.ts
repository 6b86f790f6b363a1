/** Start the wasm backend once for a test file (the backend chaff uses without tfjs-node). */
import { initBackend } from '../../src/node/backend';

export function useBackend(name: 'wasm' | 'cpu' = 'wasm'): void {
  before(async function () {
    this.timeout(30000);
    await initBackend(name);
  });
}
