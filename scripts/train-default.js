#!/usr/bin/env node
'use strict';
// The recipe for models/default (`npm run train:default`, which builds dist/
// first: the CLI runs from it, and a stale build would train stale code).
//
// 1. If ../shared/data is present and work/imported is not, import it:
//    `chaff import` turns those pages and their gold article text into line labels.
// 2. Train on the owner's labelled pages (labels/) plus the imported corpus, the
//    owner's pages weighted up so the corpus does not drown them out, with
//    leave-one-page-out and leave-one-site-out runs over the seed pages
//    recorded in the metadata (each seed page scored by a model trained
//    without it, and by one that never saw its site).
//    Early stopping and the threshold are chosen on held-out sites; then the
//    model is retrained with the owner's held-out pages put back (--refit seed),
//    so it learns from all five, while the corpus's held-out pages stay unseen.
// Without ../shared the recipe trains on labels/ alone.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, runChaff: chaff } = require('./lib/run-chaff');

const DATA = process.env.CHAFF_DATA || path.join(ROOT, '..', 'shared', 'data');
const IMPORTED = path.join(ROOT, 'work', 'imported');
/** Loss weight of one owner-labelled line relative to one imported line. */
const SEED_WEIGHT = Number(process.env.CHAFF_SEED_WEIGHT || 100);

const inputs = ['labels'];
if (fs.existsSync(DATA)) {
  if (!fs.existsSync(path.join(IMPORTED, 'report.json'))) chaff(['import', '--data', DATA, '--out', IMPORTED]);
  inputs.push(path.relative(ROOT, IMPORTED));
} else {
  process.stderr.write(`no corpus at ${DATA}: training on labels/ only\n`);
}
chaff([
  'train', ...inputs, '--out', 'models/default', '--name', 'default', '--seed', '1',
  '--weight', `seed=${SEED_WEIGHT}`, '--leave-one-out', 'seed', '--refit', 'seed',
  '--recipe', `npm run train:default (inputs: ${inputs.map(withDigest).join(', ')}; seed weight ${SEED_WEIGHT})`,
  ...process.argv.slice(2),
]);

/**
 * "work/imported (sha256 1a2b3c4d5e6f)": a digest of the files under an input
 * folder (not the import's report, which holds timings), so a rerun of the
 * recipe can tell whether it trained on the same data. The imported corpus is
 * regenerated, never committed, and only made when missing: an older import
 * would otherwise go unnoticed.
 */
function withDigest(dir) {
  const hash = crypto.createHash('sha256');
  const walk = (d) => {
    for (const name of fs.readdirSync(d).sort()) {
      const f = path.join(d, name);
      if (fs.statSync(f).isDirectory()) walk(f);
      else if (name !== 'report.json') hash.update(path.relative(ROOT, f)).update('\0').update(fs.readFileSync(f)).update('\0');
    }
  };
  walk(path.join(ROOT, dir));
  return `${dir} (sha256 ${hash.digest('hex').slice(0, 12)})`;
}
