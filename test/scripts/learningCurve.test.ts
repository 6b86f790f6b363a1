import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeLabelCsv } from '../../src/core/labels/csv';
import type { LabelledPage } from '../../src/core/labels/schema';
import { tmpDir } from '../helpers/cli';
import { REPO, syntheticPage } from '../helpers/tiny';

const SCRIPT = path.join(REPO, 'scripts', 'learning-curve.js');
/** Tiny training runs: the curve's bookkeeping is under test, not the model. */
const TRAIN_ARGS = ['--epochs', '2', '--patience', '2', '--validation', '0.34', '--batch-rows', '32'];

function curve(args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writePage(dir: string, page: LabelledPage): void {
  fs.writeFileSync(path.join(dir, `${page.meta.id}.csv`), writeLabelCsv(page));
}

describe('scripts/learning-curve.js (npm run curve)', function () {
  this.timeout(300_000);
  this.slow(20_000);

  it('holds out each site of a language and trains on every subset of the others, then reuses those models', () => {
    const dir = tmpDir();
    const labels = path.join(dir, 'labels');
    fs.mkdirSync(labels);
    writePage(labels, syntheticPage('a1', 'a.example', ['Alpha', 'Beta', 'bridge']));
    writePage(labels, syntheticPage('b1', 'b.example', ['Gamma', 'Delta', 'harbour']));
    // Another language's pages are always trained on.
    for (const [i, w] of [['Eta', 'Theta', 'railway'], ['Iota', 'Kappa', 'museum']].entries()) {
      const p = syntheticPage(`d${i}`, `d${i}.example`, w);
      writePage(labels, { ...p, meta: { ...p.meta, lang: 'de' } });
    }
    const out = path.join(dir, 'curve');
    const args = ['--lang', 'en', '--labels', labels, '--corpus', 'none', '--out', out, '--', ...TRAIN_ARGS];

    const first = curve(args);
    expect(first.code, first.stderr).to.equal(0);
    // Each of the two sites held out, scored by a model trained on none and on the other one.
    expect(first.stderr).to.match(/a\.example scored by a model trained on \[\]/);
    expect(first.stderr).to.match(/a\.example scored by a model trained on \[b\.example\]/);
    expect(first.stderr).to.match(/b\.example scored by a model trained on \[a\.example\]/);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'curve.json'), 'utf8'));
    expect(report.runs).to.have.length(4);
    expect(report.table.map((r: { sitesTrainedOn: number }) => r.sitesTrainedOn)).to.deep.equal([0, 1]);
    expect(report.extraArgs).to.deep.equal(TRAIN_ARGS);
    for (const row of report.table) expect(row.mean).to.be.within(0, 1);
    expect(first.stdout).to.match(/sites trained on/);
    expect(first.stdout).to.match(/^en\s+0\s/m);
    // The models trained on no English site saw German pages only.
    const models = fs.readdirSync(out).filter((d) => fs.existsSync(path.join(out, d, 'metadata.json')));
    // Holding out a or b, the model trained on no English site is the same one, trained once.
    expect(models).to.have.length(3);
    const none = models.find((d) => d.startsWith('en-s1-none'))!;
    const meta = JSON.parse(fs.readFileSync(path.join(out, none, 'metadata.json'), 'utf8'));
    expect(Object.keys(meta.training.languages)).to.deep.equal(['de']);

    // A second run trains nothing and prints the same table.
    const again = curve(args);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).not.to.match(/\$ chaff train/);
    expect(again.stdout).to.equal(first.stdout);
  });

  it('refuses unknown options and a language with a single site', () => {
    expect(curve(['--bogus', 'x'])).to.include({ code: 2, stderr: 'learning-curve: unknown option --bogus\n' });
    const dir = tmpDir();
    writePage(dir, syntheticPage('a1', 'a.example', ['Alpha', 'Beta', 'bridge']));
    const one = curve(['--lang', 'en', '--labels', dir, '--corpus', 'none', '--out', path.join(dir, 'c')]);
    expect(one.code).to.equal(2);
    expect(one.stderr).to.equal('learning-curve: en: labelled pages from 1 site, need two or more\n');
  });
});
