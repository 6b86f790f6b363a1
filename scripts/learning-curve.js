#!/usr/bin/env node
'use strict';
// How much would one more labelled site help? (`npm run curve`)
//
// For a language with owner-labelled pages from several sites, each of those
// sites is held out in turn and scored by models trained on 0, 1, … of the
// language's other sites (every subset), always with the other languages'
// owner pages and the imported corpus, under the default recipe's training
// options. Pooled article-line F1 against the number of sites trained on is
// the learning curve: how far labelling more sites might take the model.
//
//   node scripts/learning-curve.js [--lang vi] [--seeds 1,2] [--out work/curve]
//     [--labels labels] [--corpus work/imported|none] [-- extra chaff train args]
//
// A model whose training set, seed and extra arguments were trained before (its
// directory under --out holds metadata.json) is reused, so an interrupted run resumes.
// Prints a table and writes curve.json in --out.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { ROOT, runChaff } = require('./lib/run-chaff');

const LABELS = path.join(ROOT, 'labels');
const IMPORTED = path.join(ROOT, 'work', 'imported');
/** As in the default recipe (scripts/train-default.js). */
const SEED_WEIGHT = Number(process.env.CHAFF_SEED_WEIGHT || 100);

function options(argv) {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const o = { lang: null, seeds: [1], out: path.join(ROOT, 'work', 'curve'), labels: LABELS, corpus: IMPORTED, extra: dash < 0 ? [] : argv.slice(dash + 1) };
  for (let i = 0; i < own.length; i += 2) {
    const [k, v] = [own[i], own[i + 1]];
    if (v === undefined) fail(`${k} needs a value`);
    if (k === '--lang') o.lang = v;
    else if (k === '--seeds') o.seeds = v.split(',').map(Number);
    else if (k === '--out') o.out = path.resolve(v);
    else if (k === '--labels') o.labels = path.resolve(v);
    else if (k === '--corpus') {
      o.corpus = v === 'none' ? null : path.resolve(v);
      if (o.corpus && !fs.existsSync(o.corpus)) fail(`--corpus ${v}: no such folder`);
    }
    else fail(`unknown option ${k}`);
  }
  if (o.seeds.some((s) => !Number.isInteger(s))) fail('--seeds takes integers, e.g. 1,2');
  return o;
}

function main() {
  const o = options(process.argv.slice(2));
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(dist)) fail('dist/ is missing: run npm install (or npm run build) first');
  const { findLabelFiles, readLabelFile } = require(path.join(dist, 'node', 'labelFiles.js'));
  const { prf } = require(path.join(dist, 'core', 'metrics.js'));
  const { formatTable } = require(path.join(dist, 'node', 'cli', 'table.js'));
  // Models trained with other arguments live in other directories.
  const variant = o.extra.length ? '-' + crypto.createHash('sha256').update(o.extra.join('\0')).digest('hex').slice(0, 8) : '';
  const files = findLabelFiles([o.labels]).map((f) => ({ file: f, meta: readLabelFile(f).meta }));
  const sitesOf = (lang) => [...new Set(files.filter((f) => f.meta.lang === lang).map((f) => f.meta.site))].sort();
  const langs = o.lang ? [o.lang] : [...new Set(files.map((f) => f.meta.lang))].filter((l) => sitesOf(l).length >= 2).sort();
  if (langs.length === 0) fail(`no language has labelled pages from two or more sites in ${o.labels}`);
  const corpus = o.corpus && fs.existsSync(o.corpus) ? [o.corpus] : [];
  fs.mkdirSync(o.out, { recursive: true });

  const results = [];
  for (const lang of langs) {
    const sites = sitesOf(lang);
    if (sites.length < 2) fail(`${lang}: labelled pages from ${sites.length} site, need two or more`);
    for (const seed of o.seeds) {
      for (const held of sites) {
        const others = sites.filter((s) => s !== held);
        for (const subset of subsets(others)) {
          // Everything but this language's pages outside the subset.
          const train = files.filter((f) => f.meta.lang !== lang || subset.includes(f.meta.site)).map((f) => f.file);
          const dir = path.join(o.out, `${lang}-s${seed}-${subset.length ? subset.map(slug).join('+') : 'none'}${variant}`);
          if (!fs.existsSync(path.join(dir, 'metadata.json'))) {
            const args = ['train', ...train, ...corpus, '--out', dir, '--seed', String(seed), '--weight', `seed=${SEED_WEIGHT}`, ...o.extra];
            runChaff(args, { stdout: 'stderr', echo: `chaff ${args.slice(0, 3).join(' ')} … ${args.slice(-6).join(' ')}` });
          }
          const test = files.filter((f) => f.meta.site === held).map((f) => f.file);
          const report = JSON.parse(runChaff(['eval', ...test, '--model', dir, '--json'], { stdout: 'capture', echo: false }));
          const { tp, fp, fn } = report.overall;
          results.push({ lang, seed, held, trainedOn: subset, tp, fp, fn });
          process.stderr.write(`${lang} seed ${seed}: ${held} scored by a model trained on [${subset.join(', ')}]: F1 ${report.overall.f1.toFixed(3)}\n`);
        }
      }
    }
  }
  const table = summarize(results, o.seeds, (c) => prf(c).f1);
  const header = ['lang', 'sites trained on', ...o.seeds.map((s) => `F1 seed ${s}`), 'mean'];
  process.stdout.write(formatTable(header, table.map((r) => [r.lang, String(r.sitesTrainedOn), ...r.perSeed, r.mean])));
  fs.writeFileSync(path.join(o.out, 'curve.json'), JSON.stringify({ seeds: o.seeds, extraArgs: o.extra, table, runs: results }, null, 2) + '\n');
}

/** Per language and number of sites trained on: F1 of the pooled line counts, per seed and averaged. */
function summarize(results, seeds, f1) {
  const rows = [];
  for (const lang of [...new Set(results.map((r) => r.lang))]) {
    const sizes = [...new Set(results.filter((r) => r.lang === lang).map((r) => r.trainedOn.length))].sort((a, b) => a - b);
    for (const k of sizes) {
      const perSeed = seeds.map((s) => f1(pool(results.filter((r) => r.lang === lang && r.seed === s && r.trainedOn.length === k))));
      rows.push({ lang, sitesTrainedOn: k, perSeed, mean: perSeed.reduce((a, b) => a + b, 0) / perSeed.length });
    }
  }
  return rows;
}

function subsets(xs) {
  return xs.reduce((acc, x) => [...acc, ...acc.map((s) => [...s, x])], [[]]).sort((a, b) => a.length - b.length);
}

const pool = (rs) => rs.reduce((c, r) => ({ tp: c.tp + r.tp, fp: c.fp + r.fp, fn: c.fn + r.fn, tn: 0 }), { tp: 0, fp: 0, fn: 0, tn: 0 });
const slug = (s) => s.replace(/[^\w.-]+/g, '_');

function fail(msg) {
  process.stderr.write(`learning-curve: ${msg}\n`);
  process.exit(2);
}

main();
