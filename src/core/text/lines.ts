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

export class LineTooLongError extends Error {
  constructor(public readonly lineNumber: number, public readonly length: number) {
    super(`line ${lineNumber} is ${length} characters long; the limit is ${MAX_LINE_CHARS}`);
    this.name = 'LineTooLongError';
  }
}

/**
 * Split page text into normalised lines. Raw line n (1-based) of the input is
 * element n-1 of the result, so line numbers survive the round trip.
 */
export function splitLines(text: string, maxLineChars: number = MAX_LINE_CHARS): string[] {
  const raw = stripBom(text).split(LINE_BREAK);
  // A final newline ends the last line; it does not start a new empty one.
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  if (raw.length === 1 && raw[0] === '') return [];
  const out = new Array<string>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!;
    if (line.length > maxLineChars) throw new LineTooLongError(i + 1, line.length);
    out[i] = normalizeLine(line);
  }
  return out;
}

/** True for a line that carries no text (kept as structure, never labelled). */
export function isBlank(line: string): boolean {
  return line.length === 0;
}

/** Join lines back into page text. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}
