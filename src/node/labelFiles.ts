/**
 * Label files on disk: find them, read them (sidecars get their page's lines
 * regenerated), write them atomically.
 *
 * Labels are hours of someone's work, so a write never loses any:
 * - it is atomic (atomicWrite.ts): a crash leaves the old file or the new one;
 * - it holds the file's lock, `.<name>.lock` beside it, created exclusively,
 *   so two chaff processes never write the same file at once; a lock left by
 *   a dead process of this machine, or older than LOCK_STALE_MS, is broken;
 * - it can be conditional (`expect`: the version the new content was based
 *   on), checked under the lock, so a change made meanwhile by another writer
 *   is a conflict instead of being overwritten;
 * - it never replaces a file that does not parse as a label file: that file
 *   is reported, and left for a person to fix.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attachLines, isSidecar, parseLabelCsv, writeLabelCsv, LabelFileError, type Sidecar } from '../core/labels/csv';
import type { LabelledPage } from '../core/labels/schema';
import { HOST_TAG, processAlive, writeFileAtomicSync } from './atomicWrite';

export const LABEL_EXTENSION = '.csv';
/** Label files larger than this are refused before being read into memory. */
export const MAX_LABEL_FILE_BYTES = 64 * 1024 * 1024;
/** A lock older than this is abandoned: a label write takes milliseconds. */
export const LOCK_STALE_MS = 30_000;
/** How long a writer waits for another one's lock before giving up. */
export const LOCK_WAIT_MS = 3_000;
/** The version of a label file that does not exist. */
export const NO_FILE = 'none';

/** Another writer holds the file's lock. */
export class LabelFileBusyError extends LabelFileError {
  constructor(file: string, holder: string) {
    super(file, null, `another program (${holder}) is writing it; nothing was written, try again`);
    this.name = 'LabelFileBusyError';
  }
}

/** The file changed since the version the new content was based on. */
export class LabelFileConflictError extends LabelFileError {
  constructor(file: string) {
    super(file, null, 'it changed since it was read (another tab or program wrote it); nothing was written');
    this.name = 'LabelFileConflictError';
  }
}

/** Label files under the given files and directories (recursively), sorted. */
export function findLabelFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new LabelFileError(input, null, 'no such file or directory');
    if (fs.statSync(input).isDirectory()) walk(input, out, seen);
    else out.push(input);
  }
  return [...new Set(out)].sort();
}

/** The version of a label file's bytes (null: no file): what a conditional write compares. */
export function labelFileVersion(bytes: Uint8Array | null): string {
  return bytes === null ? NO_FILE : crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 20);
}

/** A label file's bytes as text: UTF-8, strictly (a broken byte would be silently replaced, then written back). */
export function decodeLabelBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new LabelFileError(file, null, 'not valid UTF-8');
  }
}

/** A label file's bytes, checked to be a regular file of a sane size. */
export function readLabelBytes(file: string): Buffer {
  const st = fs.statSync(file);
  if (!st.isFile()) throw new LabelFileError(file, null, st.isDirectory() ? 'is a directory' : 'not a regular file');
  if (st.size > MAX_LABEL_FILE_BYTES) throw new LabelFileError(file, null, `${st.size} bytes, over the ${MAX_LABEL_FILE_BYTES}-byte limit`);
  return fs.readFileSync(file);
}

export function parseLabelFile(file: string): LabelledPage | Sidecar {
  return parseLabelCsv(decodeLabelBytes(readLabelBytes(file), file), file);
}

export function readLabelFile(file: string): LabelledPage {
  const parsed = parseLabelFile(file);
  if (!isSidecar(parsed)) return parsed;
  const page = path.resolve(path.dirname(file), parsed.meta.page!);
  // Loaded when a sidecar needs it: the page readers bring the HTML parser and language detection.
  const { readPageFile } = require('./pageFiles') as typeof import('./pageFiles');
  return attachLines(parsed, readPageFile(page).lines, file);
}

export interface WriteLabelOptions {
  readonly sidecar?: boolean;
  /** Write only if the file is still at this version (labelFileVersion; NO_FILE: it must not exist). */
  readonly expect?: string;
}

/**
 * Write a label file: under its lock, refusing to replace a file that does
 * not parse (LabelFileError) or that changed since `expect`
 * (LabelFileConflictError). Returns the new version.
 */
export function writeLabelFile(file: string, page: LabelledPage, opts: WriteLabelOptions = {}): string {
  const content = Buffer.from(writeLabelCsv(page, { sidecar: opts.sidecar }), 'utf8');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return withLabelLock(file, () => {
    checkReplaceable(file, opts.expect);
    writeFileAtomicSync(file, content);
    return labelFileVersion(content);
  });
}

/**
 * Write a label file a program made (chaff clean --format csv, chaff import):
 * over nothing, or over a file that parses and was made by the same source
 * (`meta.source`), never over one that holds a person's labels or does not
 * parse. Returns the new version.
 */
export function writeGeneratedLabelFile(file: string, page: LabelledPage): string {
  const content = Buffer.from(writeLabelCsv(page), 'utf8');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return withLabelLock(file, () => {
    checkReplaceable(file);
    if (fs.existsSync(file)) {
      const old = parseLabelFile(file);
      if (old.meta.source !== page.meta.source) {
        throw new LabelFileError(file, 1, `holds labels from ${JSON.stringify(old.meta.source)}, not ${JSON.stringify(page.meta.source)}; it is not overwritten (write elsewhere, or remove it by hand)`);
      }
    }
    writeFileAtomicSync(file, content);
    return labelFileVersion(content);
  });
}

/**
 * Throws unless `file` may be replaced: absent, or a label file that parses
 * (and, with `expect`, still at that version). Call it holding the lock.
 */
export function checkReplaceable(file: string, expect?: string): void {
  let bytes: Buffer | null = null;
  try {
    bytes = readLabelBytes(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      if (e instanceof LabelFileError) throw notReplaced(file, e);
      throw e;
    }
  }
  if (expect !== undefined && labelFileVersion(bytes) !== expect) throw new LabelFileConflictError(file);
  if (bytes === null) return;
  try {
    parseLabelCsv(decodeLabelBytes(bytes, file), file);
  } catch (e) {
    if (e instanceof LabelFileError) throw notReplaced(file, e);
    throw e;
  }
}

function notReplaced(file: string, e: LabelFileError): LabelFileError {
  const prefix = `${e.file}${e.row === null ? '' : `, row ${e.row}`}: `;
  const reason = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
  return new LabelFileError(file, e.row, `${reason}; it is not overwritten: fix or remove it by hand`);
}

/**
 * Run `fn` holding the lock of `file` (`.<name>.lock` beside it). Waits up to
 * LOCK_WAIT_MS for another writer; breaks a lock whose process died or that
 * is older than LOCK_STALE_MS.
 */
export function withLabelLock<T>(file: string, fn: () => T, waitMs: number = LOCK_WAIT_MS): T {
  const lock = lockPath(file);
  const token = acquire(lock, file, waitMs);
  sweepOwnerFiles(lock);
  try {
    return fn();
  } finally {
    release(lock, token);
  }
}

export function lockPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.lock`);
}

interface LockInfo {
  readonly host: string;
  readonly pid: number;
  readonly token: string;
}

function acquire(lock: string, file: string, waitMs: number): string {
  const token = crypto.randomBytes(8).toString('hex');
  const body = JSON.stringify({ host: HOST_TAG, pid: process.pid, token } satisfies LockInfo);
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    if (tryCreateLock(lock, body, token)) return token;
    const holder = readLock(lock);
    if (holder.stale) {
      breakLock(lock, holder.mtimeMs);
      continue;
    }
    if (Date.now() >= deadline) throw new LabelFileBusyError(file, holder.info ? `process ${holder.info.pid}` : 'unknown');
    sleep(Math.min(5 + attempt * 5, 50));
  }
}

/**
 * Create the lock with its owner already inside: the owner is written to a
 * private file that is then hard-linked to the lock's name, which fails if
 * the lock exists. A writer killed at any moment leaves either no lock or a
 * lock that names its (dead) owner, never an empty one. Where hard links are
 * not supported, fall back to an exclusive create and write.
 */
function tryCreateLock(lock: string, body: string, token: string): boolean {
  const own = `${lock}.${token}`;
  try {
    fs.writeFileSync(own, body, { mode: 0o644 });
    fs.linkSync(own, lock);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
  } finally {
    fs.rmSync(own, { force: true });
  }
  try {
    const fd = fs.openSync(lock, 'wx', 0o644);
    try {
      fs.writeSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

/** Remove owner files (see tryCreateLock) left by writers killed before they could. */
function sweepOwnerFiles(lock: string): void {
  const dir = path.dirname(lock);
  const prefix = `${path.basename(lock)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const n of names) {
    // readLock calls a file stale when its owner died or it is old: exactly the leftovers.
    if (readLock(path.join(dir, n)).stale) fs.rmSync(path.join(dir, n), { force: true });
  }
}

/** Who holds a lock, and whether it is abandoned. */
function readLock(lock: string): { info: LockInfo | null; stale: boolean; mtimeMs: number } {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(lock).mtimeMs;
    text = fs.readFileSync(lock, 'utf8');
  } catch {
    return { info: null, stale: false, mtimeMs: 0 }; // just released: try again
  }
  let info: LockInfo | null = null;
  try {
    const o = JSON.parse(text) as LockInfo;
    if (typeof o.host === 'string' && Number.isInteger(o.pid)) info = o;
  } catch {
    // being written right now, or garbage: judged by age
  }
  const old = Date.now() - mtimeMs > LOCK_STALE_MS;
  const dead = info !== null && info.host === HOST_TAG && info.pid !== process.pid && !processAlive(info.pid);
  // A lock with no readable owner is only abandoned once old: its writer may be between open and write.
  return { info, stale: old || dead, mtimeMs };
}

/** Remove an abandoned lock, unless it was replaced since it was judged. */
function breakLock(lock: string, mtimeMs: number): void {
  try {
    if (fs.statSync(lock).mtimeMs !== mtimeMs) return;
    fs.rmSync(lock, { force: true });
  } catch {
    // gone already
  }
}

function release(lock: string, token: string): void {
  try {
    const o = JSON.parse(fs.readFileSync(lock, 'utf8')) as LockInfo;
    if (o.token === token) fs.rmSync(lock, { force: true });
  } catch {
    // broken by someone who judged it stale: nothing to release
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function walk(dir: string, out: string[], seen: Set<string>): void {
  // Symlinks are followed (a training set is often a folder of links into a corpus), each real folder once, so link loops end.
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.name.startsWith('.')) continue;
    let kind: fs.Stats | fs.Dirent = e;
    if (e.isSymbolicLink()) {
      try {
        kind = fs.statSync(p);
      } catch {
        continue; // a dangling link
      }
    }
    if (kind.isDirectory()) walk(p, out, seen);
    else if (kind.isFile() && e.name.endsWith(LABEL_EXTENSION)) out.push(p);
  }
}
