#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (dist/, built by `npm install` through the prepare
// script). From a source checkout without dist/, falls back to ts-node.
const path = require('node:path');
const fs = require('node:fs');
const dist = path.join(__dirname, '..', 'dist', 'node', 'cli', 'main.js');
let main;
if (fs.existsSync(dist)) {
  main = require(dist).main;
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  main = require('../src/node/cli/main.ts').main;
}
// A closed pipe downstream (`chaff clean … | head`) ends the job, quietly, like any Unix filter.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
main(process.argv.slice(2), io).then(
  (code) => { process.exitCode = code; },
  (e) => { process.stderr.write(`chaff: ${String((e && e.message) || e).split('\n')[0]}\n`); process.exitCode = 1; },
);
