/**
 * Assembles lines from rendered text runs and line-break requests, with
 * innerText's rules: block boundaries ask for a "required line break count"
 * (1, or 2 for a blank line) that only takes effect before the next text, so
 * empty blocks add nothing; <br> is a literal break; runs of blank lines
 * collapse to one and none lead or trail. It also sums each line's hints,
 * and can undo what a subtree added (mark / keepIfProse).
 */
import type { LineHints } from '../features/htmlHints';
import { normalizeLine } from '../text/normalize';
import { LineTooLongError, MAX_LINE_CHARS, MAX_PAGE_LINES, TooManyLinesError } from '../text/lines';
import { BLANK_LINE, STRUCTURAL_TAGS } from './blocks';

/** Builder state saved by mark(), to undo the text of a subtree that turns out to be hidden. */
export interface Mark {
  readonly lines: number;
  readonly cur: string;
  readonly curEndsSpace: boolean;
  readonly started: boolean;
  readonly owed: number;
  readonly required: number;
  readonly cellPending: boolean;
  readonly lineMask: number;
  readonly linkChars: number;
  readonly totalChars: number;
  readonly words: readonly string[];
  readonly walked: readonly number[];
  readonly allChars: number;
  readonly allLinkChars: number;
}

/**
 * What joins the text of two table cells on one line: innerText's tab, made
 * visible (normalizeLine would fold a tab to a space). A data-table row reads
 * as one record, like the `cell | cell` rows of text dumps; a layout table
 * whose cells hold blocks still breaks into lines at those blocks.
 */
export const CELL_SEPARATOR = ' | ';
/** Most class/id words kept for one line. */
export const MAX_LINE_WORDS = 16;

/**
 * Text hidden by attributes (not by being a script or style) is kept when it
 * is a lot of prose: on crawled pages that is what scripts reveal (anti-flicker
 * wrappers with visibility:hidden, aria-hidden wrappers left by a modal),
 * while hidden menus, dialogs and tooltips are short or mostly links. On the
 * WCXB and Scrapinghub gold this recovers 1.1 of the 1.8 points of paragraph
 * recall that strict hiding loses, for 0.4 points more boilerplate kept.
 */
export const RESCUE_MIN_CHARS = 1000;
export const RESCUE_MAX_LINK_SHARE = 0.5;

/** CSS collapsible whitespace (not U+00A0, which is text). */
const COLLAPSIBLE = /[ \t\n\r\f]+/g;
const VISIBLE = /[^ \t\n\r\f]/;
const PRE_NEWLINE = /\r\n?|\n/;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;

const NO_WORDS: readonly string[] = Object.freeze([]);
const BLANK_HINTS: LineHints = Object.freeze({ linkShare: 0, tags: NO_WORDS, attrWords: NO_WORDS });

export class LineBuilder {
  /** @param onText called after each run of text is added, to add the line's class/id words */
  constructor(private readonly onText: () => void) {}

  readonly lines: string[] = [];
  readonly hints: LineHints[] = [];

  /** Class/id words of the line being built: the caller adds them, nearest ancestors first. */
  words: string[] = [];
  /** Scratch for the caller's word walk, emptied with each line. */
  readonly walked: number[] = [];

  private cur = '';
  private curEndsSpace = false;
  /** Whether any text has been appended: breaks before the first text are dropped. */
  private started = false;
  /** Line breaks already due (from <br> and <pre> newlines). */
  private owed = 0;
  /** Largest break asked for by block boundaries since the last text. */
  private required = 0;
  private cellPending = false;

  private lineMask = 0;
  private linkChars = 0;
  private totalChars = 0;
  /** Characters (and link characters) appended since the start, for mark(). */
  private allChars = 0;
  private allLinkChars = 0;
  private readonly tagsCache = new Map<number, readonly string[]>();

  /** A block boundary asking for `breaks` line breaks before the next text. */
  require(breaks: number): void {
    if (breaks > this.required) this.required = breaks;
  }

  /** A literal line break (<br>, newline in <pre>); pending block breaks happen before it. */
  lineBreak(): void {
    if (!this.started) return;
    this.owed = Math.max(this.owed, this.required) + 1;
    this.required = 0;
  }

  /** A new table cell: if its text lands on the current line, a separator goes first. */
  cell(): void {
    this.cellPending = true;
  }

  /** Collapsible whitespace: one space, and only inside a line. */
  space(): void {
    if (this.cur.length > 0 && this.owed === 0 && this.required === 0 && !this.curEndsSpace) {
      this.cur += ' ';
      this.curEndsSpace = true;
    }
  }

  /** Text of a text node, in CSS white-space: normal. `tagMask` holds the bits of the STRUCTURAL_TAGS around it. */
  flow(raw: string, tagMask: number, inLink: boolean): void {
    if (VISIBLE.test(raw)) this.append(raw.length > MAX_LINE_CHARS ? this.collapseBounded(raw) : raw.replace(COLLAPSIBLE, ' '), tagMask, inLink);
    else if (raw.length > 0) this.space();
  }

  /**
   * `raw` with whitespace collapsed, for a text too long to collapse in one
   * go: piece by piece, refusing it (LineTooLongError) as soon as the line
   * would pass MAX_LINE_CHARS, before the whole text is copied.
   */
  private collapseBounded(raw: string): string {
    const room = MAX_LINE_CHARS - this.cur.length;
    const pieces: string[] = [];
    let length = 0;
    let endsSpace = false;
    for (let i = 0; i < raw.length; i += MAX_LINE_CHARS) {
      let piece = raw.slice(i, i + MAX_LINE_CHARS).replace(COLLAPSIBLE, ' ');
      if (endsSpace && piece.charCodeAt(0) === SPACE) piece = piece.slice(1);
      if (piece.length === 0) continue;
      pieces.push(piece);
      length += piece.length;
      endsSpace = piece.charCodeAt(piece.length - 1) === SPACE;
      // One leading and one trailing space may still be dropped by append.
      if (length - 2 > room) throw new LineTooLongError(this.lines.length + 1, this.cur.length + length - 2, MAX_LINE_CHARS, true);
    }
    return pieces.join('');
  }

  /** Text of a text node in <pre>: newlines break lines. `fresh`: right after <pre>, whose first newline is dropped. */
  preformatted(raw: string, tagMask: number, inLink: boolean, fresh: boolean): void {
    let s = raw;
    if (fresh && s.charCodeAt(0) === CR) s = s.slice(s.charCodeAt(1) === LF ? 2 : 1);
    else if (fresh && s.charCodeAt(0) === LF) s = s.slice(1);
    const parts = s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? [s] : s.split(PRE_NEWLINE);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.lineBreak();
      const part = parts[i]!;
      if (VISIBLE.test(part)) this.append(part, tagMask, inLink);
      else if (part.length > 0) this.space();
    }
  }

  /** Save the state, to measure or undo what comes next. */
  mark(): Mark {
    return {
      lines: this.lines.length, cur: this.cur, curEndsSpace: this.curEndsSpace, started: this.started,
      owed: this.owed, required: this.required, cellPending: this.cellPending, lineMask: this.lineMask,
      linkChars: this.linkChars, totalChars: this.totalChars, words: this.words.slice(),
      walked: this.walked.slice(), allChars: this.allChars, allLinkChars: this.allLinkChars,
    };
  }

  /** Keep the text appended since `m` if it is a lot of prose (see RESCUE_MIN_CHARS), else undo it. */
  keepIfProse(m: Mark): boolean {
    const chars = this.allChars - m.allChars;
    const linkChars = this.allLinkChars - m.allLinkChars;
    if (chars >= RESCUE_MIN_CHARS && linkChars <= RESCUE_MAX_LINK_SHARE * chars) return true;
    this.undo(m);
    return false;
  }

  /** Undo everything since `m`. */
  undo(m: Mark): void {
    this.lines.length = m.lines;
    this.hints.length = m.lines;
    this.cur = m.cur;
    this.curEndsSpace = m.curEndsSpace;
    this.started = m.started;
    this.owed = m.owed;
    this.required = m.required;
    this.cellPending = m.cellPending;
    this.lineMask = m.lineMask;
    this.linkChars = m.linkChars;
    this.totalChars = m.totalChars;
    this.words = m.words.slice();
    this.walked.length = 0;
    this.walked.push(...m.walked);
    this.allChars = m.allChars;
    this.allLinkChars = m.allLinkChars;
  }

  /** End the last line and return everything. */
  finish(): { lines: string[]; hints: LineHints[] } {
    if (this.cur.length > 0) this.endLine();
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') {
      this.lines.pop();
      this.hints.pop();
    }
    return { lines: this.lines, hints: this.hints };
  }

  /** Text with something visible in it, whitespace already folded unless preformatted. */
  private append(text: string, tagMask: number, inLink: boolean): void {
    this.materializeBreaks();
    let s = text;
    const leads = s.charCodeAt(0) === SPACE;
    if (this.cur.length === 0) {
      if (leads) s = s.slice(1);
    } else if (this.cellPending) {
      this.cur += CELL_SEPARATOR;
      if (leads) s = s.slice(1);
    } else if (leads && this.curEndsSpace) {
      s = s.slice(1);
    }
    this.cellPending = false;
    this.started = true;
    const trails = s.charCodeAt(s.length - 1) === SPACE;
    if (this.cur.length + s.length > MAX_LINE_CHARS) throw new LineTooLongError(this.lines.length + 1, this.cur.length + s.length);
    this.cur += s;
    this.curEndsSpace = trails;

    // Link share counts characters without the spaces at a run's edges.
    const chars = s.length - (s.charCodeAt(0) === SPACE ? 1 : 0) - (trails ? 1 : 0);
    this.totalChars += chars;
    this.allChars += chars;
    if (inLink) {
      this.linkChars += chars;
      this.allLinkChars += chars;
    }
    this.lineMask |= tagMask;
    this.onText();
  }

  private materializeBreaks(): void {
    const breaks = Math.max(this.owed, this.required);
    this.owed = 0;
    this.required = 0;
    if (breaks === 0 || !this.started) return;
    this.endLine();
    if (breaks >= BLANK_LINE) this.pushBlank();
  }

  private endLine(): void {
    const line = normalizeLine(this.cur);
    if (line.length === 0) this.pushBlank();
    else {
      if (this.lines.length >= MAX_PAGE_LINES) throw new TooManyLinesError(null);
      this.lines.push(line);
      this.hints.push({
        linkShare: this.totalChars > 0 ? Math.min(1, this.linkChars / this.totalChars) : 0,
        tags: this.tagsOf(this.lineMask),
        attrWords: this.words,
      });
    }
    this.cur = '';
    this.curEndsSpace = false;
    this.cellPending = false;
    this.lineMask = 0;
    this.linkChars = 0;
    this.totalChars = 0;
    this.words = [];
    this.walked.length = 0;
  }

  private pushBlank(): void {
    const n = this.lines.length;
    if (n > 0 && this.lines[n - 1] !== '') {
      this.lines.push('');
      this.hints.push(BLANK_HINTS);
    }
  }

  /** Tag names of a mask, shared between lines with the same mask. */
  private tagsOf(mask: number): readonly string[] {
    let tags = this.tagsCache.get(mask);
    if (tags === undefined) {
      const list: string[] = [];
      for (let i = 0; i < STRUCTURAL_TAGS.length; i++) if (mask & (1 << i)) list.push(STRUCTURAL_TAGS[i]!);
      tags = list.length === 0 ? NO_WORDS : Object.freeze(list);
      this.tagsCache.set(mask, tags);
    }
    return tags;
  }
}
