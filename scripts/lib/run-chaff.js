'use strict';
// Runs the built CLI (bin/chaff.js) from the repository root for the recipe
// scripts, and exits with its status when it fails, so a script stops at the
// first failed step.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'chaff.js');
/** Enough for `chaff eval --json` over every page of a run. */
const MAX_CAPTURE = 64 << 20;

/** Where the child's stdout goes: returned, this process's stdout, or its stderr. */
const STDOUT = { capture: 'pipe', inherit: 'inherit', stderr: 2 };

/**
 * Runs `chaff ARGS` and returns its stdout when `stdout` is 'capture' (by
 * default it is this process's; 'stderr' keeps a script's own stdout for its
 * result). `echo` is the command line shown on stderr first (default: the
 * whole command; false for none).
 */
function runChaff(args, { stdout = 'inherit', echo = `chaff ${args.join(' ')}` } = {}) {
  if (!(stdout in STDOUT)) throw new Error(`runChaff: stdout must be one of ${Object.keys(STDOUT).join(', ')}`);
  if (echo) process.stderr.write(`$ ${echo}\n`);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', STDOUT[stdout], 'inherit'],
    encoding: 'utf8',
    maxBuffer: MAX_CAPTURE,
  });
  if (r.status !== 0) process.exit(r.status === null ? 1 : r.status);
  return r.stdout;
}

module.exports = { ROOT, runChaff };
