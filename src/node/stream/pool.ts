/**
 * An order-preserving pool of worker threads with bounded in-flight work.
 *
 * Batches are numbered as they are submitted and written out strictly in
 * that order, whichever worker finishes first. submit() waits until some
 * worker has fewer than QUEUE_PER_WORKER batches to do and fewer than
 * `maxInFlight` batches are submitted and not yet written: the input is read
 * no faster than the workers clean it and the output drains (flat memory: a
 * bounded number of batches, whatever the input size). The two bounds are
 * separate so that a worker that is ahead keeps working while the output
 * waits for a slower one's earlier batch (head-of-line blocking: with one
 * shared bound of 2 per worker, the worker that started later left the
 * other idle for up to 0.1 s).
 */
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BatchStats } from './records';
import type { BatchMessage, FromWorker, ToWorker, WorkerConfig } from './protocol';

export interface ReadyInfo {
  readonly backend: string;
  readonly model: string;
  readonly threshold: number;
  readonly htmlThreshold: number;
}

export interface PoolOptions {
  readonly jobs: number;
  readonly config: WorkerConfig;
  /** Batches submitted and not yet written, at most (default 8 per worker). */
  readonly maxInFlight?: number;
  /** Write one batch's output, in order; may return a promise (backpressure). */
  readonly write: (out: string, stats: BatchStats) => void | Promise<void>;
}

/**
 * Each worker's V8 young generation, in MB. V8 lets it grow to tens of MB per
 * thread before scavenging; this bound cut peak RSS streaming a million lines
 * with two workers from about 500 MB to about 440 MB at the same speed (8 MB
 * saved more but cost 5%). It only sets how often short-lived objects are
 * collected: nothing fails when a page needs more.
 */
const WORKER_YOUNG_GENERATION_MB = 16;

/** Batches queued on one worker, at most: one being cleaned, one ready to start. */
const QUEUE_PER_WORKER = 2;
/** Default bound on batches submitted and not yet written, per worker. */
const IN_FLIGHT_PER_WORKER = 8;

export class PoolError extends Error {}

interface Slot {
  readonly worker: Worker;
  outstanding: number;
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly maxInFlight: number;
  private nextBatch = 0;
  private nextToWrite = 0;
  private inFlight = 0;
  private readonly finished = new Map<number, { out: string; stats: BatchStats }>();
  private writing = false;
  private failure: Error | null = null;
  private waiters: (() => void)[] = [];
  private readonly readyPromise: Promise<ReadyInfo>;
  private closed = false;

  constructor(private readonly o: PoolOptions) {
    this.maxInFlight = o.maxInFlight ?? IN_FLIGHT_PER_WORKER * o.jobs;
    const readies: Promise<ReadyInfo>[] = [];
    for (let i = 0; i < o.jobs; i++) {
      const worker = startWorker(o.config);
      const slot: Slot = { worker, outstanding: 0 };
      this.slots.push(slot);
      readies.push(new Promise<ReadyInfo>((resolve, reject) => {
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'ready') resolve({ backend: m.backend, model: m.model, threshold: m.threshold, htmlThreshold: m.htmlThreshold });
          else if (m.type === 'fatal') {
            reject(new PoolError(m.message));
            this.fail(new PoolError(m.message));
          } else {
            slot.outstanding--;
            this.finished.set(m.batch, { out: m.out, stats: m.stats });
            this.wake(); // this worker has room, even if its batch must wait to be written
            void this.drain();
          }
        });
        worker.on('error', (e) => {
          const err = new PoolError(`worker failed: ${String(e?.message ?? e).split('\n')[0]}`);
          reject(err);
          this.fail(err);
        });
        worker.on('exit', (code) => {
          if (!this.closed) {
            const err = new PoolError(`worker exited with code ${code}`);
            reject(err);
            this.fail(err);
          }
        });
      }));
    }
    this.readyPromise = Promise.all(readies).then((r) => r[0]!);
    // A failed start is reported through ready(); keep it from being an unhandled rejection meanwhile.
    this.readyPromise.catch(() => undefined);
  }

  /** Resolves when every worker has loaded the model; rejects with the first failure. */
  ready(): Promise<ReadyInfo> {
    return this.readyPromise;
  }

  /** True when some worker has nothing to do. */
  get hasIdleWorker(): boolean {
    return this.slots.some((s) => s.outstanding === 0);
  }

  /** Submit a batch (its buffers are transferred): waits while the pool is full. */
  async submit(batch: Omit<BatchMessage, 'type' | 'batch'>): Promise<void> {
    const leastBusy = () => this.slots.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
    while ((this.inFlight >= this.maxInFlight || leastBusy().outstanding >= QUEUE_PER_WORKER) && !this.failure) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
    if (this.failure) throw this.failure;
    const slot = leastBusy();
    const message: ToWorker = { type: 'batch', batch: this.nextBatch++, ...batch };
    slot.outstanding++;
    this.inFlight++;
    slot.worker.postMessage(message, [batch.bytes.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer, batch.seqs.buffer as ArrayBuffer, batch.sizes.buffer as ArrayBuffer]);
  }

  /** Wait until every submitted batch is written. */
  async flush(): Promise<void> {
    while ((this.inFlight > 0 || this.writing) && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map(async (s) => {
      s.worker.postMessage({ type: 'stop' } satisfies ToWorker);
      await s.worker.terminate();
    }));
  }

  /** Write finished batches in order, one at a time. */
  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      for (let next = this.finished.get(this.nextToWrite); next; next = this.finished.get(this.nextToWrite)) {
        this.finished.delete(this.nextToWrite);
        this.nextToWrite++;
        await this.o.write(next.out, next.stats);
        this.inFlight--;
        this.wake();
      }
    } catch (e) {
      this.fail(e as Error);
    } finally {
      this.writing = false;
      this.wake();
    }
  }

  private fail(e: Error): void {
    if (!this.failure) this.failure = e;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/**
 * Start a worker on worker.js beside this file; from a source checkout run
 * through ts-node (tests), worker.ts is loaded through ts-node's register.
 */
function startWorker(config: WorkerConfig): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  const js = path.join(__dirname, 'worker.js');
  if (fs.existsSync(js)) return new Worker(js, { workerData: config, resourceLimits });
  const ts = path.join(__dirname, 'worker.ts');
  const boot = `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(ts)});`;
  return new Worker(boot, { eval: true, workerData: config, resourceLimits });
}
