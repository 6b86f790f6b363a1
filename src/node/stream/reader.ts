/**
 * JSON lines in, one record at a time, in bounded memory.
 *
 * Input arrives as byte chunks (stdin or files, one after another). Records
 * are split on "\n" (a "\r" before it is dropped; blank lines are no record)
 * without decoding: the bytes of each record go to a worker as they are. A
 * record longer than the limit is not buffered: its bytes are skipped up to
 * the next newline and it comes out as an oversized record, so one bad
 * record costs no memory and stops nothing.
 *
 * The reader pulls the next chunk only when its consumer asks for the next
 * record, so a slow consumer holds the input back (backpressure) and at most
 * one chunk plus one partial record is ever held here.
 */

export type RawRecord =
  /** A whole record's bytes (without its newline), possibly a view into an input chunk: copy to keep. */
  | { readonly seq: number; readonly bytes: Uint8Array; readonly size: number }
  /** A record over the size limit; its bytes were skipped. */
  | { readonly seq: number; readonly bytes: null; readonly size: number };

/** Yielded after the records of each input chunk: the reader is about to wait for more input. */
export interface ChunkEnd {
  readonly chunkEnd: true;
}

export const CHUNK_END: ChunkEnd = { chunkEnd: true };

export interface ReaderOptions {
  /** Longest record kept, in bytes (its newline not counted). */
  readonly maxRecordBytes: number;
  /** Called with the byte count of every chunk read (for progress). */
  readonly onBytes?: (n: number) => void;
  /** Also yield CHUNK_END after each chunk's records. */
  readonly markChunks?: boolean;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Records of a sequence of byte sources, numbered from 1 in input order. */
export async function* readRecords(sources: AsyncIterable<Uint8Array | string>, o: ReaderOptions): AsyncGenerator<RawRecord | ChunkEnd> {
  let seq = 0;
  /** Pieces of the record being read, when it spans chunks. */
  let pieces: Uint8Array[] = [];
  let pending = 0;
  /** True while skipping the rest of an oversized record. */
  let skipping = false;

  function* finish(tail: Uint8Array | null): Generator<RawRecord> {
    const size = pending + (tail?.length ?? 0);
    if (skipping) {
      skipping = false;
      pieces = [];
      pending = 0;
      yield { seq: ++seq, bytes: null, size };
      return;
    }
    let bytes: Uint8Array;
    if (pieces.length === 0) bytes = tail ?? new Uint8Array(0);
    else bytes = concat(tail ? [...pieces, tail] : pieces, size);
    pieces = [];
    pending = 0;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    if (isBlank(bytes, end)) return;
    yield { seq: ++seq, bytes: end === bytes.length ? bytes : bytes.subarray(0, end), size: end };
  }

  for await (const chunk of sources) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    o.onBytes?.(buf.length);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NEWLINE, start);
      if (nl < 0) break;
      const tail = buf.subarray(start, nl);
      if (!skipping && pending + tail.length > o.maxRecordBytes) skipping = true;
      // A record wholly inside this chunk is a view into it: consumers copy what they keep.
      yield* finish(tail);
      start = nl + 1;
    }
    if (start < buf.length) {
      const rest = buf.subarray(start);
      if (!skipping && pending + rest.length > o.maxRecordBytes) {
        skipping = true;
        pieces = [];
      }
      if (!skipping) pieces.push(rest.slice());
      pending += rest.length;
    }
    if (o.markChunks) yield CHUNK_END;
  }
  if (pending > 0 || skipping) yield* finish(null);
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Only spaces and tabs (or nothing): not a record. */
function isBlank(b: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== CR) return false;
  }
  return true;
}

/** Chain several byte sources into one, in order. */
export async function* chain(sources: readonly (() => AsyncIterable<Uint8Array | string>)[]): AsyncGenerator<Uint8Array | string> {
  for (const open of sources) yield* open();
}
