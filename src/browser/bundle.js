'use strict';
/**
 * Bundles the labelling UI with esbuild: the Preact app (app.js, app.css),
 * the training Web Worker (worker.js), the page (index.html) and tfjs's
 * WebAssembly binaries (wasm/), all into one folder that chaff label serves.
 * Nothing is fetched from a CDN at run time.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const WASM_DIR = path.join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/**
 * Build into `outdir` (default dist/ui). Resolves with the list of files written.
 * @param {{ outdir?: string, minify?: boolean, logLevel?: string }} [opts]
 */
async function buildUi(opts = {}) {
  const esbuild = require('esbuild');
  const outdir = opts.outdir || path.join(ROOT, 'dist', 'ui');
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  fs.mkdirSync(path.join(outdir, 'wasm'), { recursive: true });
  const common = {
    bundle: true,
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    minify: opts.minify !== false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: opts.logLevel || 'warning',
    define: { CHAFF_VERSION: JSON.stringify(version), 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'preact' } },
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: { app: path.join(__dirname, 'app', 'main.tsx') }, outdir, format: 'iife' }),
    esbuild.build({ ...common, entryPoints: { worker: path.join(__dirname, 'worker', 'train.worker.ts') }, outdir, format: 'iife' }),
  ]);
  fs.copyFileSync(path.join(__dirname, 'app', 'index.html'), path.join(outdir, 'index.html'));
  for (const f of WASM_FILES) fs.copyFileSync(path.join(WASM_DIR, f), path.join(outdir, 'wasm', f));
  return ['index.html', 'app.js', 'app.css', 'worker.js', ...WASM_FILES.map((f) => `wasm/${f}`)];
}

module.exports = { buildUi };
