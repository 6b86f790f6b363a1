/**
 * Atomic file writes: the new content goes to a temporary file beside the
 * target, is fsynced, then renamed over it, and the directory is fsynced. A
 * crash at any point leaves either the old file or the new one, whole.
 *
 * A writer killed mid-write leaves its temporary file behind
 * (`.<name>.<host>.<pid>.<time>.<n>.tmp`). Each successful write removes the
 * ones its own machine's dead processes left for the same target, and any
 * older than STALE_TMP_MS, so they never pile up.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let counter = 0;

/** Temporary files older than this are abandoned whoever made them. */
export const STALE_TMP_MS = 60 * 60 * 1000;

/** A short tag of this machine's name, so temporary files of other machines (a shared folder) are judged by age only. */
export const HOST_TAG = crypto.createHash('sha1').update(os.hostname()).digest('hex').slice(0, 8);

export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  const tmp = path.join(dir, `.${base}.${HOST_TAG}.${process.pid}.${Date.now()}.${counter++}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o644);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(dir);
  removeStaleTemps(dir, base);
}

/** True when process `pid` of this machine is running (or exists under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove temporary files of `base` left by dead writers of this machine, or older than STALE_TMP_MS. Best effort. */
export function removeStaleTemps(dir: string, base: string): number {
  const prefix = `.${base}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  } catch {
    return 0;
  }
  let removed = 0;
  const now = Date.now();
  for (const name of names) {
    const m = /^\.([0-9a-f]{8})\.(\d+)\.(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length - 1));
    if (!m) continue;
    const [, host, pid, time] = m;
    const dead = host === HOST_TAG && Number(pid) !== process.pid && !processAlive(Number(pid));
    if (!dead && now - Number(time) < STALE_TMP_MS) continue;
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      removed++;
    } catch {
      // another writer removed it, or it is not ours to remove
    }
  }
  return removed;
}

/** Persist the rename itself; some platforms cannot open a directory, which is fine. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // best effort
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
