/**
 * Scale-out: the JSON-lines filter run over shards of its input by GNU
 * parallel (as docs/scale-out.md runs it across machines) gives exactly the
 * output of one process over the whole input.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { spawnChaff } from '../../helpers/cli';
import { REPO } from '../../helpers/tiny';
import { mixedInput } from './input';

function haveParallel(): boolean {
  const r = spawnSync('parallel', ['--version'], { stdio: 'pipe' });
  return !r.error && r.status === 0 && r.stdout.toString().includes('GNU parallel');
}

describe('node/stream: sharding with GNU parallel', function () {
  this.timeout(180000);
  const { input } = mixedInput();
  const bin = path.join(REPO, 'bin', 'chaff.js');
  let single: string;

  before(function () {
    if (!haveParallel()) this.skip();
    const r = spawnChaff(['clean', '--jsonl', '-q'], { input });
    expect(r.code, r.stderr).to.equal(0);
    single = r.stdout;
  });

  /** `parallel --pipe` cuts stdin into blocks of whole records and runs one chaff per block. */
  function sharded(extra: readonly string[]): string {
    const r = spawnSync('parallel', ['--will-cite', '--pipe', '-N', '45', '-j', '2', ...extra, process.execPath, bin, 'clean', '--jsonl', '-q'], {
      input, cwd: REPO, maxBuffer: 64 * 1024 * 1024, timeout: 150_000,
    });
    expect(r.status, r.stderr.toString()).to.equal(0);
    return r.stdout.toString('utf8');
  }

  it('gives the single-process output, byte for byte, when shards are kept in order', () => {
    expect(sharded(['--keep-order'])).to.equal(single);
  });

  it('gives the same records in any order when shards finish as they come', () => {
    const sort = (s: string) => s.trimEnd().split('\n').sort();
    expect(sort(sharded([]))).to.deep.equal(sort(single));
  });
});
