/**
 * Progress of a streaming clean on stderr: pages/s, lines/s, and an ETA when
 * the input's size is known. Redrawn in place on a terminal (at most 10 times
 * a second); one log line every 10 s elsewhere, so logs stay short. The
 * summary line at the end is always written (unless quiet).
 */
import type { Output } from '../cli/io';
import type { BatchStats } from './records';

const TTY_EVERY_MS = 100;
const LOG_EVERY_MS = 10_000;

export class StreamProgress {
  private readonly started = Date.now();
  private last = 0;
  private drawn = false;

  constructor(private readonly out: Output, private readonly totalBytes: number | null, private readonly enabled: boolean) {
    this.last = this.started;
  }

  update(t: BatchStats, bytesRead: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    const tty = this.out.isTTY === true;
    if (now - this.last < (tty ? TTY_EVERY_MS : LOG_EVERY_MS)) return;
    this.last = now;
    const line = this.status(t, bytesRead, now);
    if (tty) {
      this.out.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  done(s: BatchStats & { seconds: number }): void {
    if (!this.enabled) return;
    if (this.drawn) this.out.write('\r\x1b[K');
    const rate = s.seconds > 0 ? `: ${fmt(s.pages / s.seconds)} pages/s, ${fmt(s.lines / s.seconds)} lines/s` : '';
    this.out.write(`chaff clean: ${s.pages} pages, ${s.lines} lines, ${s.kept} kept, ${s.errors} error${s.errors === 1 ? '' : 's'} in ${s.seconds.toFixed(1)} s${rate}\n`);
  }

  private status(t: BatchStats, bytesRead: number, now: number): string {
    const secs = (now - this.started) / 1000;
    let s = `chaff clean: ${t.pages + t.errors} records, ${fmt(t.pages / secs)} pages/s, ${fmt(t.lines / secs)} lines/s`;
    if (this.totalBytes !== null && this.totalBytes > 0 && bytesRead > 0) {
      const share = Math.min(1, bytesRead / this.totalBytes);
      const eta = share > 0 ? (secs * (1 - share)) / share : 0;
      s += `, ${(share * 100).toFixed(0)}% read, ETA ${duration(eta)}`;
    }
    return s;
  }
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toString() : '0';
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
