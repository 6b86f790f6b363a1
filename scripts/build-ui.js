#!/usr/bin/env node
'use strict';
// Bundles the labelling UI (src/browser/) with esbuild into dist/ui/. Until the
// UI exists this is a no-op.
const fs = require('node:fs');
const path = require('node:path');
const entry = path.join(__dirname, '..', 'src', 'browser', 'build.js');
if (fs.existsSync(entry)) require(entry);
