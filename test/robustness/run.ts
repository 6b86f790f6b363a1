/**
 * Running chaff the way a crawler's pipeline does: the real binary, spawned,
 * with a time limit, its peak memory measured (rssProbe.js), and its output
 * checked against the error contract of docs/robustness.md.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { BIN } from '../helpers/cli';
import { REPO } from '../helpers/tiny';

const PROBE = path.join(__dirname, 'rssProbe.js');

export interface CliRun {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Peak resident set size in MB, or null when the process died before reporting it. */
  readonly rssMb: number | null;
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
}

/** Spawn `node bin/chaff.js …args`; kills it with SIGKILL at the time limit. */
export function runCli(args: readonly string[], o: RunOptions = {}): Promise<CliRun> {
  const rssFile = path.join(os.tmpdir(), `chaff-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', PROBE, BIN, ...args], {
      cwd: o.cwd ?? REPO,
      env: { ...process.env, CHAFF_BACKEND: 'wasm', ...o.env, CHAFF_RSS_FILE: rssFile },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    child.stdout.on('data', (d: Buffer) => {
      // Keep what a test needs to look at, not a runaway output.
      if (outBytes < 64 * 1024 * 1024) out.push(d);
      outBytes += d.length;
    });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.stdin.on('error', () => {}); // it may exit before reading all its input
    child.stdin.end(o.input ?? '');
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let rssMb: number | null = null;
      try {
        rssMb = Math.round(Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
        fs.rmSync(rssFile, { force: true });
      } catch {
        // killed before it could say
      }
      resolve({
        args, code, signal, timedOut, rssMb, ms: Date.now() - started,
        stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Run jobs `limit` at a time, results in order. */
export async function pool<T, R>(items: readonly T[], limit: number, job: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** A stack frame as node prints them. */
const STACK = /^\s+at .+[(:]\d+/m;

/** What went wrong with a run that should have ended normally; null if nothing. */
export function contractBreach(r: CliRun, o: { maxMs: number; maxRssMb: number }): string | null {
  if (r.timedOut) return `hang: killed after ${r.ms} ms`;
  if (r.signal) return `crash: killed by ${r.signal}`;
  if (STACK.test(r.stderr)) return `stack trace on stderr: ${r.stderr.slice(0, 300)}`;
  if (r.ms > o.maxMs) return `slow: ${r.ms} ms (limit ${o.maxMs})`;
  if (r.rssMb !== null && r.rssMb > o.maxRssMb) return `memory: ${r.rssMb} MB (limit ${o.maxRssMb})`;
  return null;
}

/** The error contract: non-zero exit, exactly one stderr line "chaff <command>: …", nothing on stdout. */
export function expectOneLineError(r: CliRun, command: string, reason?: RegExp, code = 1): void {
  const what = `chaff ${r.args.join(' ').slice(0, 120)}`;
  expect(r.code, `${what}: exit code (stderr: ${r.stderr.slice(0, 300)})`).to.equal(code);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines, `${what}: stderr`).to.have.length(1);
  expect(lines[0], what).to.match(new RegExp(`^chaff ${command}: `));
  expect(lines[0], what).not.to.match(STACK);
  if (reason) expect(lines[0], what).to.match(reason);
  expect(r.stdout, `${what}: stdout`).to.equal('');
}

/** Success: exit 0, nothing on stderr. */
export function expectSuccess(r: CliRun): void {
  expect(r.stderr, `chaff ${r.args.join(' ')}: stderr`).to.equal('');
  expect(r.code, `chaff ${r.args.join(' ')}: exit code`).to.equal(0);
}

/** One row of the figures docs/robustness.md reports, gathered over a run. */
export interface Tally {
  tried: number;
  crashes: number;
  hangs: number;
  failures: string[];
  peakRssMb: number;
  slowestMs: number;
}

export function newTally(): Tally {
  return { tried: 0, crashes: 0, hangs: 0, failures: [], peakRssMb: 0, slowestMs: 0 };
}

export function count(t: Tally, r: CliRun): void {
  t.tried++;
  if (r.timedOut) t.hangs++;
  else if (r.signal || STACK.test(r.stderr)) t.crashes++;
  t.peakRssMb = Math.max(t.peakRssMb, r.rssMb ?? 0);
  t.slowestMs = Math.max(t.slowestMs, r.ms);
}
