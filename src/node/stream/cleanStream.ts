/**
 * `chaff clean --jsonl`: JSON lines of pages in, JSON lines of articles out,
 * in input order, over a pool of worker threads, in flat memory.
 *
 * The main thread only splits the input into records and batches (it never
 * parses them), hands batches to the workers, and writes their output in
 * order. Progress and the closing summary go to stderr.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { readRecords, chain, type RawRecord } from './reader';
import { WorkerPool, PoolError, type ReadyInfo } from './pool';
import type { BatchStats } from './records';
import { StreamProgress } from './progress';
import { UserError, type Io } from '../cli/io';
import { formatThresholds } from '../cli/table';

export interface StreamOptions {
  /** JSONL files in order ('-' is stdin); none: stdin. */
  readonly inputs: readonly string[];
  readonly jobs: number;
  /** undefined: the shipped model. */
  readonly modelDir: string | undefined;
  readonly backend: string;
  readonly threshold: number | undefined;
  readonly maxRecordBytes: number;
  /** A batch is sent to a worker once it holds this many bytes… */
  readonly batchBytes?: number;
  /** …or this many records. */
  readonly batchRecords?: number;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
export const DEFAULT_BATCH_BYTES = 256 * 1024;
export const DEFAULT_BATCH_RECORDS = 256;
/** Input read-ahead per chunk. */
const CHUNK_BYTES = 256 * 1024;
/**
 * When the input's size is known, a batch holds at most the bytes left over
 * this many batches per worker, so batches shrink as the end nears and the
 * workers finish together (guided self-scheduling): with fixed 256 KB
 * batches, one worker sat idle for the last ~0.1 s of a 4 s run.
 */
const GUIDED_BATCHES_PER_WORKER = 4;
/** …but never less than this (about a page; fewer bytes per batch only add overhead). */
const MIN_GUIDED_BATCH_BYTES = 16 * 1024;

export interface StreamSummary extends BatchStats {
  readonly seconds: number;
  readonly bytes: number;
}

/** The output was closed by its reader (`chaff clean --jsonl … | head`): stop quietly. */
class OutputClosed extends Error {}

export async function cleanStream(o: StreamOptions, io: Io): Promise<StreamSummary> {
  const sources = openInputs(o.inputs, io);
  const started = Date.now();
  const out = watchOutput(io);
  const totals: BatchStats = { pages: 0, lines: 0, kept: 0, errors: 0 };
  const progress = new StreamProgress(io.stderr, sources.totalBytes, !o.quiet);
  let bytesRead = 0;

  const pool = new WorkerPool({
    jobs: o.jobs,
    config: { modelDir: o.modelDir, backend: o.backend, threshold: o.threshold, maxRecordBytes: o.maxRecordBytes },
    write: (text, stats) => {
      totals.pages += stats.pages;
      totals.lines += stats.lines;
      totals.kept += stats.kept;
      totals.errors += stats.errors;
      progress.update(totals, bytesRead);
      return out.write(text);
    },
  });
  try {
    let info: ReadyInfo;
    try {
      info = await pool.ready();
    } catch (e) {
      throw e instanceof PoolError ? new UserError(e.message) : e;
    }
    if (o.verbose) io.stderr.write(`chaff: ${o.jobs} worker${o.jobs === 1 ? '' : 's'}, tfjs backend ${info.backend}, model ${info.model}, threshold ${o.threshold ?? formatThresholds(info.threshold, info.htmlThreshold)}\n`);

    const maxBytes = o.batchBytes ?? DEFAULT_BATCH_BYTES;
    const batcher = new Batcher(o.batchRecords ?? DEFAULT_BATCH_RECORDS);
    const records = readRecords(sources.stream, {
      maxRecordBytes: o.maxRecordBytes,
      onBytes: (n) => (bytesRead += n),
      markChunks: true,
    });
    for await (const r of records) {
      if ('chunkEnd' in r) {
        // About to wait for input: a worker with nothing to do gets what there is.
        if (batcher.size > 0 && pool.hasIdleWorker) await pool.submit(batcher.take());
        continue;
      }
      batcher.add(r);
      if (batcher.fullAt(batchBytesLimit(maxBytes, sources.totalBytes, bytesRead, o.jobs))) await pool.submit(batcher.take());
    }
    if (batcher.size > 0) await pool.submit(batcher.take());
    await pool.flush();
  } catch (e) {
    if (!(e instanceof OutputClosed)) throw e;
  } finally {
    out.release();
    await pool.close();
  }
  const summary = { ...totals, seconds: (Date.now() - started) / 1000, bytes: bytesRead };
  progress.done(summary);
  return summary;
}

/**
 * The byte size at which the batch being gathered goes to a worker: `maxBytes`,
 * or less near the end of an input of known size (see GUIDED_BATCHES_PER_WORKER).
 */
export function batchBytesLimit(maxBytes: number, totalBytes: number | null, bytesRead: number, jobs: number): number {
  if (totalBytes === null) return maxBytes;
  const share = Math.floor(Math.max(0, totalBytes - bytesRead) / (GUIDED_BATCHES_PER_WORKER * Math.max(1, jobs)));
  return Math.min(maxBytes, Math.max(MIN_GUIDED_BATCH_BYTES, share));
}

/** Records gathered into one transferable batch. */
class Batcher {
  private records: RawRecord[] = [];
  private bytes = 0;

  constructor(private readonly maxRecords: number) {}

  get size(): number {
    return this.records.length;
  }

  fullAt(maxBytes: number): boolean {
    return this.bytes >= maxBytes || this.records.length >= this.maxRecords;
  }

  add(r: RawRecord): void {
    this.records.push(r);
    this.bytes += r.bytes?.length ?? 0;
  }

  /** The batch's bytes end to end (copied out of the input chunks), and the records' ends, numbers and sizes. */
  take(): { bytes: Uint8Array; ends: Int32Array; seqs: Int32Array; sizes: Float64Array } {
    const n = this.records.length;
    const bytes = new Uint8Array(this.bytes);
    const ends = new Int32Array(n);
    const seqs = new Int32Array(n);
    const sizes = new Float64Array(n);
    let o = 0;
    this.records.forEach((r, i) => {
      if (r.bytes) {
        bytes.set(r.bytes, o);
        o += r.bytes.length;
        sizes[i] = r.size;
      } else {
        sizes[i] = -Math.max(1, r.size);
      }
      ends[i] = o;
      seqs[i] = r.seq;
    });
    this.records = [];
    this.bytes = 0;
    return { bytes, ends, seqs, sizes };
  }
}

interface Sources {
  readonly stream: AsyncIterable<Uint8Array | string>;
  /** Total input size when every input is a regular file (for the ETA). */
  readonly totalBytes: number | null;
}

function openInputs(inputs: readonly string[], io: Io): Sources {
  const names = inputs.length ? inputs : ['-'];
  let total: number | null = 0;
  const opens = names.map((name) => {
    if (name === '-') {
      const size = stdinFileSize(io);
      if (size === null) total = null;
      else if (total !== null) total += size;
      return () => io.stdin as AsyncIterable<Uint8Array | string>;
    }
    const file = path.resolve(io.cwd, name);
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      throw new UserError(`no such file: ${name}`);
    }
    if (st.isDirectory()) throw new UserError(`${name} is a directory: --jsonl reads JSON-lines files`);
    if (st.isFile() && total !== null) total += st.size;
    else total = null;
    return () => fs.createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Uint8Array>;
  });
  return { stream: chain(opens), totalBytes: total };
}

/** The size of stdin when it is a regular file (a shell redirect), else null. */
function stdinFileSize(io: Io): number | null {
  const fd = (io.stdin as Readable & { fd?: number }).fd;
  if (typeof fd !== 'number') return null;
  try {
    const st = fs.fstatSync(fd);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

type Writable = Io['stdout'] & {
  on?(event: string, f: (e: NodeJS.ErrnoException) => void): unknown;
  off?(event: string, f: (e: NodeJS.ErrnoException) => void): unknown;
};

/**
 * Writing to the output: waits for it to drain when its buffer is full, and
 * turns a closed pipe (EPIPE) into OutputClosed instead of a crash.
 */
function watchOutput(io: Io): { write(s: string): void | Promise<void>; release(): void } {
  const out = io.stdout as Writable;
  let closed: Error | null = null;
  const onError = (e: NodeJS.ErrnoException) => {
    closed = e.code === 'EPIPE' ? new OutputClosed('output closed') : e;
  };
  out.on?.('error', onError);
  return {
    write(s: string) {
      if (closed) throw closed;
      if (s.length === 0) return;
      const ok = out.write(s);
      if (ok !== false || typeof out.on !== 'function') return undefined;
      // Wait for the drain, or for the error that means there will be none.
      return new Promise<void>((resolve) => {
        const done = () => {
          out.off?.('drain', done);
          out.off?.('error', done);
          resolve();
        };
        out.on?.('drain', done);
        out.on?.('error', done);
      });
    },
    release() {
      out.off?.('error', onError);
    },
  };
}
