/**
 * A page of text becomes a list of lines: the unit chaff labels.
 *
 * Blank lines are kept (as empty strings) because they are structure: a blank
 * line between a teaser's title and its blurb is a signal the model may use.
 */
import { normalizeLine, stripBom } from './normalize';

/** Line breaks of every platform, plus Unicode's line and paragraph separators. */
const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029|\u0085/;

/** Longest line (in UTF-16 units) chaff will featurise; longer input is refused. */
export const MAX_LINE_CHARS = 1_000_000;

/**
 * Most lines a page may have. Scoring costs about 5 KB and 60 µs a line, so
 * this bounds one page at about half a gigabyte and a few seconds; longer
 * input (a log file, a mis-split corpus) is refused rather than crawled
 * through. The labelling server serves at most as many.
 */
export const MAX_PAGE_LINES = 100_000;

/** A page chaff refuses because of its size; the message says which limit. */
export class PageLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageLimitError';
  }
}

export class LineTooLongError extends PageLimitError {
  /** @param atLeast `length` is where reading stopped, not the whole line */
  constructor(public readonly lineNumber: number, public readonly length: number, limit: number = MAX_LINE_CHARS, atLeast = false) {
    super(`line ${lineNumber} is ${atLeast ? 'more than ' : ''}${length} characters long; the limit is ${limit}`);
    this.name = 'LineTooLongError';
  }
}

export class TooManyLinesError extends PageLimitError {
  /** @param lines the page's line count, or null when counting stopped at the limit */
  constructor(public readonly lines: number | null, limit: number = MAX_PAGE_LINES) {
    super(lines === null
      ? `the page has more than ${limit} lines, the limit per page`
      : `the page has ${lines} lines, more than the ${limit}-line limit per page`);
    this.name = 'TooManyLinesError';
  }
}

/**
 * Split page text into normalised lines. Raw line n (1-based) of the input is
 * element n-1 of the result, so line numbers survive the round trip. Refuses
 * a line longer than `maxLineChars` and a page of more than `maxLines` lines
 * without ever holding more than `maxLines` + 2 lines.
 */
export function splitLines(text: string, maxLineChars: number = MAX_LINE_CHARS, maxLines: number = MAX_PAGE_LINES): string[] {
  const body = stripBom(text);
  const raw = body.split(LINE_BREAK, maxLines + 2);
  if (raw.length === maxLines + 2) throw new TooManyLinesError(countLines(body), maxLines);
  // A final newline ends the last line; it does not start a new empty one.
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length === 1 && raw[0] === '') return [];
  if (raw.length > maxLines) throw new TooManyLinesError(raw.length, maxLines);
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    if (line.length > maxLineChars) throw new LineTooLongError(i + 1, line.length, maxLineChars);
    out[i] = normalizeLine(line);
  }
  return out;
}

/** Lines splitLines would find in `text`, counted without splitting it. */
export function countLines(text: string): number {
  let breaks = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x2028 || c === 0x2029 || c === 0x85) breaks++;
    else if (c === 0x0d) {
      breaks++;
      if (text.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  if (n === 0) return 0;
  const last = text.charCodeAt(n - 1);
  const endsWithBreak = last === 0x0a || last === 0x0d || last === 0x2028 || last === 0x2029 || last === 0x85;
  return endsWithBreak ? breaks : breaks + 1;
}

/** True for a line that carries no text (kept as structure, never labelled). */
export function isBlank(line: string): boolean {
  return line.length === 0;
}

/** Join lines back into page text. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
