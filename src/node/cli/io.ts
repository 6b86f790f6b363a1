/**
 * What a command may touch of the outside world. Commands are functions over
 * (argv, io) so tests can run them in-process with fake streams, and the one
 * end-to-end test per command spawns the real binary.
 */
import type { Readable } from 'node:stream';

export interface Output {
  write(chunk: string): unknown;
  /** True when this output is an interactive terminal (progress bars go there). */
  readonly isTTY?: boolean;
}

export interface Io {
  readonly stdin: Readable;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type Command = (argv: readonly string[], io: Io) => Promise<number>;

/** An error the user caused and can fix: printed as one line, exit code 1 (or `code`). */
export class UserError extends Error {
  constructor(message: string, public readonly code = 1) {
    super(message);
    this.name = 'UserError';
  }
}

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}
