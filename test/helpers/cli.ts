/**
 * Running chaff: spawned as a real process (end-to-end), or in-process with
 * captured output (fast, for error cases).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/node/cli/main';
import { REPO } from './tiny';

export const BIN = path.join(REPO, 'bin', 'chaff.js');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function spawnChaff(args: readonly string[], opts: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input, cwd: opts.cwd ?? REPO, env: { ...process.env, ...opts.env }, maxBuffer: 256 * 1024 * 1024, timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

export async function runChaff(args: readonly string[], opts: { input?: string | Buffer; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: opts.cwd ?? REPO,
    env: {},
  });
  return { code, stdout, stderr };
}

/** Folders made by tmpDir, removed once the whole run is over (see hooks.ts). */
const made = new Set<string>();

/** A fresh folder under the system's temporary directory, removed after the run. */
export function tmpDir(prefix = 'chaff-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.add(dir);
  return dir;
}

export function removeTmpDirs(): void {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  made.clear();
}
