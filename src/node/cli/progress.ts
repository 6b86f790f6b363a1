/**
 * Progress on stderr: a redrawn bar on a terminal, plain log lines otherwise
 * (so CI logs and pipes stay readable).
 */
import type { Output } from './io';

const BAR_WIDTH = 24;
/** Redraw at most this often on a terminal. */
const REDRAW_MS = 100;

export class Progress {
  private last = 0;
  private drawn = false;

  constructor(private readonly out: Output, private readonly enabled = true) {}

  get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** Redraw the bar (terminal only): `done` of `total`, with a label. */
  bar(done: number, total: number, label: string): void {
    if (!this.enabled || !this.tty) return;
    const now = Date.now();
    if (now - this.last < REDRAW_MS && done < total) return;
    this.last = now;
    const filled = total > 0 ? Math.round((BAR_WIDTH * Math.min(done, total)) / total) : 0;
    this.out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${label}\x1b[K`);
    this.drawn = true;
  }

  /** A line of log: on a terminal it replaces the bar; elsewhere it is appended. */
  log(line: string): void {
    if (!this.enabled) return;
    if (this.drawn) {
      this.out.write('\r\x1b[K');
      this.drawn = false;
    }
    this.out.write(line + '\n');
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}
