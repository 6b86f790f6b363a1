/**
 * chaff clean --jsonl end to end: the real binary, the shipped model.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnChaff, runChaff, tmpDir } from '../../helpers/cli';
import { REPO } from '../../helpers/tiny';
import { run } from '../../../bench/measure';
import { mixedInput, SEED_FILES } from './input';

const WORDS = ['harbour', 'bridge', 'school', 'railway', 'museum', 'hospital', 'library', 'stadium'];

describe('node/stream: chaff clean --jsonl (spawned end to end)', function () {
  this.timeout(120000);
  const { input, ids, bad } = mixedInput();
  let single: ReturnType<typeof spawnChaff>;
  before(() => {
    single = spawnChaff(['clean', '--jsonl', '--jobs', '1'], { input });
  });

  it('writes one line per record, in input order, with error records for bad ones', () => {
    expect(single.code, single.stderr).to.equal(0);
    const out = single.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out).to.have.length(ids.length);
    expect(out.map((r) => r.id)).to.deep.equal(ids);
    out.forEach((r, i) => {
      if (bad.includes(i + 1)) expect(r, `record ${i + 1}`).to.have.keys(['id', 'error']);
      else expect(r, `record ${i + 1}`).to.have.keys(['id', 'text', 'lang', 'lines', 'kept']);
    });
    expect(out[bad[0]! - 1].error).to.match(/not valid JSON/);
    expect(out[bad[1]! - 1].error).to.match(/no "id"/);
  });

  it('prints a summary that counts pages, lines kept and errors', () => {
    const out = single.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)).filter((r) => !('error' in r));
    const lines = out.reduce((n, r) => n + r.lines, 0);
    const kept = out.reduce((n, r) => n + r.kept, 0);
    expect(single.stderr).to.include(`chaff clean: ${out.length} pages, ${lines} lines, ${kept} kept, ${bad.length} errors in `);
    expect(kept).to.be.above(0);
  });

  it('cleans each page exactly as `chaff clean FILE` does', () => {
    const out = single.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const seed = out.find((r) => r.id === 'seed-10')!;
    const file = spawnChaff(['clean', path.join(REPO, 'labels', SEED_FILES[1]!)]);
    expect(file.code, file.stderr).to.equal(0);
    expect(seed.text).to.equal(file.stdout);
  });

  it('gives the same bytes with several workers and small batches as with one', () => {
    const many = spawnChaff(['clean', '--jsonl', '--jobs', '3', '--batch', '7'], { input });
    expect(many.code, many.stderr).to.equal(0);
    expect(many.stdout).to.equal(single.stdout);
  });

  it('reads several files in order, like their concatenation on stdin', () => {
    const dir = tmpDir();
    const all = input.split('\n');
    fs.writeFileSync(path.join(dir, 'a.jsonl'), all.slice(0, 60).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'b.jsonl'), all.slice(60).join('\n'));
    const r = spawnChaff(['clean', '--jsonl', '--jobs', '2', '-q', 'a.jsonl', 'b.jsonl'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
    expect(r.stdout).to.equal(single.stdout);
  });

  it('turns an oversized record into an error record and goes on', () => {
    const big = JSON.stringify({ id: 'big', text: 'x '.repeat(5000) });
    const r = spawnChaff(['clean', '--jsonl', '--max-record-bytes', '4096', '-q'], { input: `{"id":"a","text":"Hello world."}\n${big}\n{"id":"b","text":"Bye."}\n` });
    expect(r.code, r.stderr).to.equal(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(out.map((x) => x.id)).to.deep.equal(['a', null, 'b']);
    expect(out[1].error).to.match(/over the 4096-byte limit/);
  });

  it('stops quietly when its reader goes away (| head)', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'in.jsonl'), input.repeat(5));
    const bin = path.join(REPO, 'bin', 'chaff.js');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" clean --jsonl -q in.jsonl 2>err.txt | head -n 2 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.trim()).to.equal('0');
    expect(fs.readFileSync(path.join(dir, 'err.txt'), 'utf8')).to.equal('');
  });

  it('refuses options that do not go together, with one line', async () => {
    expect(await runChaff(['clean', '--jsonl', '--format', 'csv'])).to.include({ code: 2 });
    expect((await runChaff(['clean', '--jobs', '2', 'x.txt'])).stderr).to.equal('chaff clean: --jobs goes with --jsonl\n');
    const model = spawnChaff(['clean', '--jsonl', '--model', path.join(REPO, 'no-such-model')], { input: '{"id":1,"text":"x"}\n' });
    expect(model.code).to.equal(1);
    expect(model.stderr).to.match(/^chaff clean: model: .*no-such-model: no such model directory\n$/);
  });

  it('runs from the sources too (workers through ts-node), in-process', async () => {
    const r = await runChaff(['clean', '--jsonl', '-q'], { input: '{"id":"a","text":"The harbour reopened on Monday after three years of work, officials said."}\n' });
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.include({ id: 'a', lines: 1 });
  });

  it('streams a few hundred thousand records in flat memory', async function () {
    this.timeout(300000);
    const dir = tmpDir();
    const write = (file: string, n: number) => {
      const fd = fs.openSync(file, 'w');
      let buf = '';
      for (let i = 0; i < n; i++) {
        buf += `{"id":${i},"text":"Item ${i % 997}: the ${WORDS[i % 8]} opens at ${i % 24}:00.\\nRead more"}\n`;
        if (buf.length > 1 << 20) {
          fs.writeSync(fd, buf);
          buf = '';
        }
      }
      fs.writeSync(fd, buf);
      fs.closeSync(fd);
    };
    write(path.join(dir, 'small.jsonl'), 20_000);
    write(path.join(dir, 'large.jsonl'), 200_000);
    const bin = path.join(REPO, 'bin', 'chaff.js');
    const small = await run(process.execPath, [bin, 'clean', '--jsonl', '--jobs', '2', '-q', 'small.jsonl'], { cwd: dir, stdoutFile: path.join(dir, 'small.out') });
    const large = await run(process.execPath, [bin, 'clean', '--jsonl', '--jobs', '2', '-q', 'large.jsonl'], { cwd: dir, stdoutFile: path.join(dir, 'large.out') });
    expect(large.code, large.stderr).to.equal(0);
    const outLines = fs.readFileSync(path.join(dir, 'large.out'), 'utf8').split('\n').length - 1;
    expect(outLines).to.equal(200_000);
    expect(small.rss).to.be.a('number');
    // 10 times the input, bounded peak memory: batches in flight, not input size, decide it. V8 raises its
    // heap limits as a long run allocates, so peak RSS creeps up and levels off (measured on 2 busy cores:
    // 240 MB for 20k records, 313 MB for 100k, 364-376 MB for 200k, 407 MB for 400k); a leak of the records
    // themselves would grow without bound instead.
    expect(large.rss!, `peak RSS ${(small.rss! / 1e6).toFixed(0)} MB for 20k records, ${(large.rss! / 1e6).toFixed(0)} MB for 200k`).to.be.below(small.rss! + 160e6);
    expect(large.rss!).to.be.below(500e6);
  });
});
