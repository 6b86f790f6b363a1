'use strict';
// `npm run build` runs this (through scripts/build-ui.js) after tsc: it
// bundles the labelling UI into dist/ui/. See bundle.js.
const path = require('node:path');
const { buildUi } = require('./bundle');

const outdir = path.join(__dirname, '..', '..', 'dist', 'ui');
buildUi({ outdir }).then(
  (files) => process.stderr.write(`chaff: bundled the labelling UI into dist/ui (${files.length} files)\n`),
  (e) => {
    process.stderr.write(`chaff: bundling the labelling UI failed: ${String((e && e.message) || e).split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
