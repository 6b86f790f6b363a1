/**
 * chaff runs on tfjs-core and tfjs-layers alone (src/core/tf.ts), never the
 * union package with its converter, data API, extra backends and Tensor
 * methods. Checked in a fresh process: this test process has loaded more.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from '../helpers/tiny';

const DIST = path.join(REPO, 'dist');

/** Run `body` (CommonJS, `dist` in scope) in a fresh Node; it prints one JSON line. */
function fresh(body: string): unknown {
  const script = `const dist = ${JSON.stringify(DIST)}; (async () => { ${body} })().catch((e) => { console.log(JSON.stringify({ error: String(e && e.message) })); });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: REPO, timeout: 60_000 });
  expect(r.status, r.stderr.toString()).to.equal(0);
  return JSON.parse(r.stdout.toString().trim().split('\n').pop()!);
}

const LOADED_TFJS = `Object.keys(require.cache).filter((f) => /@tensorflow[\\\\/]tfjs(-converter|-data|-backend-webgl|-backend-cpu)?[\\\\/]dist[\\\\/]/.test(f)).map((f) => f.split(/@tensorflow[\\\\/]/)[1].split(/[\\\\/]/)[0])`;

describe('core/tf', () => {
  it('cleans a page without loading the tfjs union or its other backends', () => {
    const out = fresh(`
      const { initBackend } = require(dist + '/node/backend.js');
      const { loadModelDir, DEFAULT_MODEL_DIR } = require(dist + '/node/modelDir.js');
      const { Classifier } = require(dist + '/core/classifier.js');
      await initBackend('wasm');
      const c = new Classifier(await loadModelDir(DEFAULT_MODEL_DIR));
      const text = c.clean('Menu\\nThe minister met his counterpart on Monday to discuss trade and security in the region. The talks ran late into the night, aides said.\\nShare');
      console.log(JSON.stringify({ loaded: ${LOADED_TFJS}, text }));
    `) as { loaded: string[]; text: string; error?: string };
    expect(out.error).to.equal(undefined);
    expect(out.loaded).to.not.include.members(['tfjs', 'tfjs-converter', 'tfjs-data', 'tfjs-backend-webgl', 'tfjs-backend-cpu']);
    // Two sentences: a lone sentence between two menu words scores near the text cut (README, "A cut for the typical page").
    expect(out.text).to.include('The minister met his counterpart');
    expect(out.text).to.not.include('Share');
  });

  it('trains with the gradients tfjs-core registers itself', () => {
    const out = fresh(`
      const tf = require(dist + '/core/tf.js');
      const { initBackend } = require(dist + '/node/backend.js');
      require(dist + '/core/train/trainer.js');
      await initBackend('wasm');
      const w = tf.variable(tf.tensor2d([[1, 2], [3, 4]]));
      const { grads } = tf.variableGrads(() => tf.sum(tf.relu(tf.matMul(w, w))));
      console.log(JSON.stringify({ grad: Array.from(grads[w.name].dataSync()), loaded: ${LOADED_TFJS} }));
    `) as { grad: number[]; loaded: string[] };
    expect(out.grad).to.deep.equal([7, 11, 9, 13]);
    expect(out.loaded).to.deep.equal([]);
  });
});
