import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { importCommand } from '../../../src/node/cli/commands/import';
import { UserError, type Io } from '../../../src/node/cli/io';
import { isSidecar, parseLabelCsv } from '../../../src/core/labels/csv';
import { tmpDir } from '../../helpers/cli';

const DATA = process.env.CHAFF_DATA ?? '/work/shared/data';

function fakeIo(cwd: string, env: Record<string, string | undefined> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [], err: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    cwd,
    env,
    out,
    err,
  };
}

describe('node/cli/import', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tmpDir('chaff-import-');
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes one label CSV per page with both labels, and a report', async function () {
    if (!fs.existsSync(path.join(DATA, 'readability'))) this.skip();
    const io = fakeIo(tmp);
    const code = await importCommand(['--source', 'readability', '--limit', '3', '--out', 'out', '--data', DATA], io);
    expect(code).to.equal(0);
    const dir = path.join(tmp, 'out', 'readability');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files).to.have.length(3);
    for (const f of files) {
      const parsed = parseLabelCsv(fs.readFileSync(path.join(dir, f), 'utf8'), f);
      expect(isSidecar(parsed)).to.equal(false);
      if (isSidecar(parsed)) continue;
      expect(parsed.meta.source).to.equal('readability');
      expect(`${parsed.meta.id}.csv`).to.equal(f);
      expect(parsed.labels).to.include('article');
      expect(parsed.labels).to.include('noise');
      parsed.lines.forEach((l, i) => {
        if (l === '') expect(parsed.labels[i]).to.equal(null);
      });
    }
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'report.json'), 'utf8'));
    expect(report.sources.readability.pages).to.equal(3);
    expect(report.sources.readability.article).to.be.greaterThan(0);
    expect(io.out.join('')).to.match(/^source\s+pages/);
  });

  it('reads the data folder from CHAFF_DATA and prints JSON with --json', async function () {
    if (!fs.existsSync(path.join(DATA, 'scrapinghub'))) this.skip();
    const io = fakeIo(tmp, { CHAFF_DATA: DATA });
    expect(await importCommand(['--source', 'scrapinghub', '--limit', '1', '--out', tmp, '--json'], io)).to.equal(0);
    const report = JSON.parse(io.out.join(''));
    expect(report.sources.scrapinghub.pages).to.equal(1);
  });

  it('refuses a missing data folder with a one-line error', async () => {
    const io = fakeIo(tmp);
    let error: unknown;
    try {
      await importCommand(['--data', path.join(tmp, 'nowhere'), '--out', tmp], io);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UserError);
    expect((error as Error).message).to.match(/^data folder not found: .*nowhere/);
    expect((error as Error).message).to.not.include('\n');
  });

  it('refuses an unknown source', async () => {
    let error: unknown;
    try {
      await importCommand(['--source', 'nope', '--data', tmp], fakeIo(tmp));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(UserError);
    expect((error as Error).message).to.include('--source must be one of');
  });
});
