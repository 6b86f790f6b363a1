/**
 * Running a command as the benchmark measures it: wall time from spawn to
 * exit, peak resident memory, CPU time. Peak RSS comes from GNU time
 * (`/usr/bin/time`) when installed, else from polling /proc/<pid>/status
 * (VmHWM, the kernel's own high-water mark) while the command runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RunResult {
  readonly code: number;
  /** Seconds from spawn to exit. */
  readonly wall: number;
  /** Peak resident set size in bytes, or null when it could not be read. */
  readonly rss: number | null;
  /** User + system CPU seconds, when known. */
  readonly cpu: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** A file fed to stdin (else stdin is empty). */
  readonly stdinFile?: string;
  /** A file stdout is written to (else it is captured, up to 64 MB). */
  readonly stdoutFile?: string;
  readonly env?: Record<string, string>;
  /** Kill the command after this many seconds. */
  readonly timeout?: number;
}

const GNU_TIME = '/usr/bin/time';

export function haveGnuTime(): boolean {
  try {
    return spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'pipe' }).status === 0;
  } catch {
    return false;
  }
}

let gnuTime: boolean | null = null;

export async function run(cmd: string, args: readonly string[], o: RunOptions = {}): Promise<RunResult> {
  gnuTime ??= haveGnuTime();
  const timeFile = gnuTime ? path.join(os.tmpdir(), `chaff-bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`) : null;
  const argv = timeFile ? [GNU_TIME, '-f', '%M %U %S', '-o', timeFile, cmd, ...args] : [cmd, ...args];
  const stdin = o.stdinFile ? fs.openSync(o.stdinFile, 'r') : 'ignore';
  const stdout = o.stdoutFile ? fs.openSync(o.stdoutFile, 'w') : 'pipe';
  const started = process.hrtime.bigint();
  const child = spawn(argv[0]!, argv.slice(1), { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: [stdin, stdout, 'pipe'] });
  let out = '', err = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    if (out.length < 64 * 1024 * 1024) out += s;
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    if (err.length < 4 * 1024 * 1024) err += s;
  });
  let polledPeak: number | null = null;
  const poller = timeFile ? null : setInterval(() => {
    const hwm = readHwm(child.pid);
    if (hwm !== null) polledPeak = Math.max(polledPeak ?? 0, hwm);
  }, 20);
  const timer = o.timeout ? setTimeout(() => child.kill('SIGKILL'), o.timeout * 1000) : null;
  const code = await new Promise<number>((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : -1))));
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (poller) clearInterval(poller);
  if (timer) clearTimeout(timer);
  if (typeof stdin === 'number') fs.closeSync(stdin);
  if (typeof stdout === 'number') fs.closeSync(stdout);
  let rss: number | null = polledPeak;
  let cpu: number | null = null;
  if (timeFile) {
    try {
      const last = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!;
      const [maxKb, user, sys] = last.split(/\s+/).map(Number);
      if (Number.isFinite(maxKb)) rss = maxKb! * 1024;
      if (Number.isFinite(user) && Number.isFinite(sys)) cpu = user! + sys!;
    } catch {
      // the command did not start: rss stays unknown
    }
    fs.rmSync(timeFile, { force: true });
  }
  return { code, wall, rss, cpu, stdout: out, stderr: err };
}

function readHwm(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Median, min and max of a sample (and the sample, in run order). */
export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

export function stat(xs: readonly number[]): Stat {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  return { median, min: s[0] ?? NaN, max: s[n - 1] ?? NaN, runs: [...xs] };
}

/** A stat of 1/x-style derived figures: rate = amount / time, per run. */
export function rate(amount: number, seconds: readonly number[]): Stat {
  return stat(seconds.map((t) => amount / t));
}

/**
 * Per-round ratios of a peer's wall time to chaff's (above 1: chaff faster),
 * each round's two runs back to back. On a machine whose speed drifts with
 * other work, these pair each chaff run with the peer run beside it, which
 * the ratio of the two medians does not.
 */
export function pairedSpeedRatios(chaffSeconds: readonly number[], peerSeconds: readonly number[]): Stat {
  const n = Math.min(chaffSeconds.length, peerSeconds.length);
  return stat(Array.from({ length: n }, (_, i) => peerSeconds[i]! / chaffSeconds[i]!));
}

/** Fail loudly with the command's stderr when it did not succeed. */
export function check(r: RunResult, what: string): RunResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return r;
}
