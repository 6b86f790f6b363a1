/**
 * The benchmark, in its smoke mode: a tiny corpus and one run of everything,
 * to prove that `npm run bench` works end to end (its figures mean nothing).
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/tiny';
import { tmpDir } from '../helpers/cli';
import { pairedSpeedRatios } from '../../bench/measure';

describe('bench (smoke)', function () {
  this.timeout(120000);

  it('runs every measure on a tiny corpus, prints the table and writes results.json', () => {
    const out = path.join(tmpDir(), 'results.json');
    const started = Date.now();
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO, 'bench', 'run.ts'), '--smoke', '--out', out], {
      cwd: REPO, encoding: 'utf8', timeout: 110_000, maxBuffer: 16 * 1024 * 1024,
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(Date.now() - started).to.be.below(60_000);
    const results = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(results.smoke).to.equal(true);
    const keys = results.metrics.map((m: { key: string }) => m.key);
    for (const k of ['train_line_epochs_per_s', 'train_seconds', 'model_mb', 'clean_all_lines_per_s', 'clean_one_lines_per_s', 'clean_one_mb_per_s', 'clean_one_pages_per_s', 'f1', 'cold_start_s', 'stream_peak_rss_mb']) {
      expect(keys, k).to.include(k);
    }
    for (const m of results.metrics) expect(m.chaff.median, m.key).to.be.a('number');
    const f1 = results.metrics.find((m: { key: string }) => m.key === 'f1');
    expect(f1.baseline.median).to.be.within(0, 1);
    expect(r.stdout).to.match(/^metric\s+chaff median/m);
    expect(r.stdout).to.match(/chaff \/ fastText/);
    if (results.peers.fasttext) {
      expect(f1.fasttext.median).to.be.within(0, 1);
      expect(results.metrics.find((m: { key: string }) => m.key === 'clean_all_lines_per_s').detail).to.match(/paired by round.*median \d+\.\d\d×/);
    }
  });

  it('pairs each chaff run with the peer run beside it', () => {
    // Round 2 is a slow spell for both; the medians of each side would pair chaff's 2 s with fastText's 1 s.
    const r = pairedSpeedRatios([2, 4, 2.5], [2, 8, 1]);
    expect(r.runs).to.deep.equal([1, 2, 0.4]);
    expect(r.median).to.equal(1);
    expect(pairedSpeedRatios([1, 1], [2]).runs).to.deep.equal([2]);
  });
});
