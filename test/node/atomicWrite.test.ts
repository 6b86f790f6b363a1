/**
 * Labels are never lost (issue 6, part 5):
 *
 * - a writer killed with SIGKILL at random moments of a save, hundreds of
 *   times, leaves every time the old file or the new one, whole, and its
 *   temporary files do not pile up;
 * - concurrent writers are detected: a held lock makes a second writer wait
 *   and then give up, a dead writer's lock is broken, and conditional writes
 *   from two processes lose no update;
 * - a label file that does not parse is never overwritten.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { HOST_TAG, removeStaleTemps, writeFileAtomicSync } from '../../src/node/atomicWrite';
import {
  checkReplaceable, labelFileVersion, LabelFileBusyError, LabelFileConflictError, lockPath, NO_FILE, readLabelFile, writeGeneratedLabelFile, writeLabelFile,
} from '../../src/node/labelFiles';
import { LabelFileError, writeLabelCsv } from '../../src/core/labels/csv';
import { PageStore } from '../../src/node/server/pages';
import { HttpError } from '../../src/node/server/security';
import { Rng } from '../../src/core/random';
import { tmpDir } from '../helpers/cli';
import { versions } from '../robustness/labelWriter';

/** SIGKILLs per writer kind (writeLabelFile, writeFileAtomicSync). */
const KILLS = Number(process.env.CHAFF_KILLS ?? 100);

let bundle: string;
let dir: string;

/** Children still running, killed when the tests end whatever happened. */
const running = new Set<ChildProcess>();

function child(args: string[]): { proc: ChildProcess; line: Promise<string>; exit: Promise<void> } {
  const proc = spawn(process.execPath, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  running.add(proc);
  proc.once('exit', () => running.delete(proc));
  proc.stdin!.on('error', () => {});
  let out = '';
  let err = '';
  const line = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    proc.once('exit', (code, signal) => reject(new Error(`child exited (${code ?? signal}) before a line: ${err.slice(0, 500)}`)));
  });
  line.catch(() => {});
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { proc, line, exit };
}

const temps = (d: string, base: string) => fs.readdirSync(d).filter((n) => n.startsWith(`.${base}.`) && n.endsWith('.tmp'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('node/atomicWrite and label file writes', function () {
  this.timeout(180_000);

  before(() => {
    dir = tmpDir('chaff-atomic-');
    bundle = path.join(dir, 'labelWriter.js');
    buildSync({ entryPoints: [path.join(__dirname, '..', 'robustness', 'labelWriter.ts')], bundle: true, platform: 'node', target: 'node20', outfile: bundle, logLevel: 'silent' });
  });
  after(() => {
    for (const p of running) p.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe(`SIGKILL in the middle of a save, ${2 * KILLS} times`, () => {
    const figures = { kills: 0, lost: 0, maxTemps: 0, midWrite: 0, heldLock: 0 };
    after(() => console.log(`\n  kill test: ${figures.kills} SIGKILLs (${figures.midWrite} mid-write, ${figures.heldLock} holding the lock), `
      + `${figures.lost} label files lost or torn, at most ${figures.maxTemps} temporary file(s) left between writes`));

    /** One writer kind: KILLS kills, checking the file after each. */
    const lane = async (kind: 'label' | 'raw'): Promise<void> => {
      const d = path.join(dir, kind);
      fs.mkdirSync(d);
      const file = path.join(d, 'kill.csv');
      const [a, b] = versions().map((p) => Buffer.from(writeLabelCsv(p)));
      fs.writeFileSync(file, a!);
      const rng = new Rng(kind === 'label' ? 6 : 7);
      const seen = new Set<string>();
      // Each writer is started while the one before it works, and waits for "go": kills cost no start-up time.
      let next = child(['rewrite', kind, file]);
      for (let i = 0; i < KILLS; i++) {
        const c = next;
        if (i + 1 < KILLS) next = child(['rewrite', kind, file]);
        c.proc.stdin!.write('go\n');
        const ready = /^ready (\d+)$/.exec(await c.line);
        expect(ready).to.not.equal(null);
        // Kills land anywhere in the next three writes, however long a write takes on this machine.
        await sleep(rng.int(3 * Math.max(5, Number(ready![1]))));
        c.proc.kill('SIGKILL');
        await c.exit;
        figures.kills++;
        const now = fs.readFileSync(file);
        const whole = now.equals(a!) ? 'a' : now.equals(b!) ? 'b' : null;
        if (whole === null) figures.lost++;
        expect(whole, `${kind} kill ${i}: the label file is neither version (${now.length} bytes)`).to.not.equal(null);
        seen.add(whole!);
        expect(readLabelFile(file).lines).to.have.length(3000);
        // The writer after a kill removes what the killed one left: one temporary file at most.
        const left = temps(d, 'kill.csv').length;
        figures.maxTemps = Math.max(figures.maxTemps, left);
        if (left > 0) figures.midWrite++;
        if (fs.existsSync(lockPath(file))) figures.heldLock++;
        expect(left, `${kind} kill ${i}: temporary files`).to.be.at.most(1);
      }
      expect([...seen].sort(), `${kind}: both versions were written between kills`).to.deep.equal(['a', 'b']);
      // One more write cleans up after the last kill, lock included.
      if (kind === 'label') writeLabelFile(file, versions()[0]!);
      else writeFileAtomicSync(file, a!);
      expect(temps(d, 'kill.csv')).to.deep.equal([]);
      expect(fs.existsSync(lockPath(file))).to.equal(false);
    };

    it('leaves the old file or the new one, whole (writeLabelFile and writeFileAtomicSync side by side)', async () => {
      await Promise.all([lane('label'), lane('raw')]);
      expect(figures.lost).to.equal(0);
      expect(figures.midWrite, 'kills that landed in the middle of a write').to.be.greaterThan(0);
    });
  });

  describe('temporary files', () => {
    it('removes those of dead writers of this machine and old ones, keeps live and recent foreign ones', () => {
      const d = path.join(dir, 'temps');
      fs.mkdirSync(d);
      const t = Date.now();
      const names = {
        dead: `.x.csv.${HOST_TAG}.999999999.${t}.0.tmp`,
        live: `.x.csv.${HOST_TAG}.${process.ppid}.${t}.0.tmp`,
        foreign: `.x.csv.0badc0de.1.${t}.0.tmp`,
        oldForeign: `.x.csv.0badc0de.1.${t - 2 * 3600_000}.0.tmp`,
        otherFile: `.y.csv.${HOST_TAG}.999999999.${t}.0.tmp`,
      };
      for (const n of Object.values(names)) fs.writeFileSync(path.join(d, n), 'partial');
      writeFileAtomicSync(path.join(d, 'x.csv'), 'done');
      expect(fs.readdirSync(d).sort()).to.deep.equal([names.foreign, names.live, names.otherFile, 'x.csv'].sort());
      expect(removeStaleTemps(d, 'y.csv')).to.equal(1);
    });
  });

  describe('concurrent writers', () => {
    it('makes a second writer wait for a held lock, then give up with a one-line reason', async () => {
      const file = path.join(dir, 'held.csv');
      const c = child(['hold', file]);
      try {
        expect(await c.line).to.equal('locked');
        const started = Date.now();
        let err: unknown;
        try {
          writeLabelFile(file, versions(10)[0]!, {});
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(LabelFileBusyError);
        expect((err as Error).message).to.equal(`${file}: another program (process ${c.proc.pid}) is writing it; nothing was written, try again`);
        expect(Date.now() - started).to.be.within(2500, 10_000);
        expect(fs.existsSync(file)).to.equal(false);
      } finally {
        c.proc.kill('SIGKILL');
        await c.exit;
      }
      // The holder died: its lock is broken and the write goes through.
      writeLabelFile(file, versions(10)[0]!);
      expect(readLabelFile(file).lines).to.have.length(10);
      expect(fs.existsSync(lockPath(file))).to.equal(false);
    });

    it('makes the labelling server answer 409 while another program writes the file', async () => {
      const labels = path.join(dir, 'server-labels');
      fs.mkdirSync(labels);
      fs.writeFileSync(path.join(labels, 'p.txt'), 'One line.\nTwo lines.\n');
      const store = new PageStore([], labels);
      const c = child(['hold', path.join(labels, 'p.csv')]);
      try {
        expect(await c.line).to.equal('locked');
        let err: unknown;
        try {
          store.save('p', NO_FILE, ['article', 'noise']);
        } catch (e) {
          err = e;
        }
        expect(err).to.be.instanceOf(HttpError);
        expect((err as HttpError).status).to.equal(409);
        expect((err as HttpError).extra).to.deep.equal({ conflict: true });
        expect(fs.existsSync(path.join(labels, 'p.csv'))).to.equal(false);
      } finally {
        c.proc.kill('SIGKILL');
        await c.exit;
      }
      expect(store.save('p', NO_FILE, ['article', 'noise']).labelled).to.equal(2);
    });

    it('loses no update when two processes write at once, each based on what it read', async () => {
      const file = path.join(dir, 'counter.csv');
      const [page] = versions(600);
      writeLabelFile(file, { ...page!, labels: page!.labels.map((l) => (l ? 'noise' : null)) });
      const per = 60;
      const kids = [child(['count', file, String(per)]), child(['count', file, String(per)])];
      const conflicts = await Promise.all(kids.map((k) => k.line));
      await Promise.all(kids.map((k) => k.exit));
      const n = readLabelFile(file).labels.filter((l) => l === 'article').length;
      expect(n, `conflicts seen: ${conflicts.join(', ')}`).to.equal(2 * per);
    });

    it('refuses a write based on an old version, and a creation over a file that appeared', () => {
      const file = path.join(dir, 'cas.csv');
      const [a, b] = versions(20);
      const v1 = writeLabelFile(file, a!, { expect: NO_FILE });
      expect(v1).to.equal(labelFileVersion(fs.readFileSync(file)));
      expect(() => writeLabelFile(file, b!, { expect: NO_FILE })).to.throw(LabelFileConflictError, /it changed since it was read/);
      const v2 = writeLabelFile(file, b!, { expect: v1 });
      expect(() => writeLabelFile(file, a!, { expect: v1 })).to.throw(LabelFileConflictError);
      expect(labelFileVersion(fs.readFileSync(file))).to.equal(v2);
    });
  });

  describe('label files that do not parse', () => {
    const broken: Record<string, string | Buffer> = {
      'no header': 'line,text,label\n1,a,noise\n',
      'a bad label': '# chaff-labels 1 {"id":"p","lang":"en","site":"s","source":"user","policy":"1"}\nline,text,label\n1,a,maybe\n',
      'another schema': '# chaff-labels 9 {"id":"p","lang":"en","site":"s","source":"user","policy":"1"}\nline,text,label\n',
      'invalid UTF-8': Buffer.concat([Buffer.from('# chaff-labels 1 {"id":"p","lang":"en","site":"s","source":"user","policy":"1"}\nline,text,label\n1,caf'), Buffer.from([0xe9]), Buffer.from(',noise\n')]),
      'binary': Buffer.from([0, 1, 2, 3, 0xff, 0xfe]),
      'an unclosed quote': '# chaff-labels 1 {"id":"p","lang":"en","site":"s","source":"user","policy":"1"}\nline,text,label\n1,"a,noise\n',
    };
    for (const [name, content] of Object.entries(broken)) {
      it(`are never overwritten: ${name}`, () => {
        const file = path.join(dir, `broken-${name.replace(/\W/g, '-')}.csv`);
        fs.writeFileSync(file, content);
        expect(() => writeLabelFile(file, versions(5)[0]!)).to.throw(LabelFileError, /it is not overwritten: fix or remove it by hand$/);
        expect(() => checkReplaceable(file)).to.throw(LabelFileError);
        expect(fs.readFileSync(file).equals(Buffer.from(content))).to.equal(true);
        expect(fs.existsSync(lockPath(file))).to.equal(false);
        expect(temps(dir, path.basename(file))).to.deep.equal([]);
      });
    }

    it('nor, by a program, one that holds labels from another source', () => {
      const file = path.join(dir, 'generated.csv');
      const [a] = versions(5);
      const by = (source: string) => ({ ...a!, meta: { ...a!.meta, source } });
      writeLabelFile(file, by('seed'));
      const before = fs.readFileSync(file);
      expect(() => writeGeneratedLabelFile(file, by('chaff-clean'))).to.throw(LabelFileError, /generated\.csv, row 1: holds labels from "seed", not "chaff-clean"; it is not overwritten/);
      expect(fs.readFileSync(file).equals(before)).to.equal(true);
      fs.rmSync(file);
      writeGeneratedLabelFile(file, by('chaff-clean'));
      writeGeneratedLabelFile(file, by('chaff-clean'));
      expect(readLabelFile(file).meta.source).to.equal('chaff-clean');
    });

    it('nor is something that is not a file', () => {
      const file = path.join(dir, 'folder.csv');
      fs.mkdirSync(file);
      expect(() => writeLabelFile(file, versions(5)[0]!)).to.throw(LabelFileError, /folder\.csv: is a directory; it is not overwritten/);
      expect(fs.statSync(file).isDirectory()).to.equal(true);
    });
  });
});
