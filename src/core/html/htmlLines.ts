/**
 * HTML becomes the lines a browser's `innerText` would show, each with hints
 * about the markup around it (link share, structural tags, class/id words).
 *
 * Rules, after the innerText algorithm:
 * - block elements start and end lines; <p> and headings are followed by a
 *   blank line; runs of blank lines collapse to one; none lead or trail;
 * - <br> ends a line (two in a row leave a blank line);
 * - whitespace folds as in CSS `white-space: normal`, except in <pre>;
 * - table cells of one row share a line, non-empty cells joined by " | "
 *   (see CELL_SEPARATOR);
 * - scripts, styles, templates, embedded content and comments are dropped,
 *   and so is anything hidden by `hidden`, `aria-hidden="true"` or an inline
 *   display:none / visibility:hidden, unless it is a lot of prose (see
 *   LineBuilder.keepIfProse); <title> is returned apart; <img alt> is ignored, as
 *   innerText ignores it;
 * - a script ends where a browser ends it (see scriptEnd.ts).
 *
 * One pass over htmlparser2's streaming events with an explicit stack of
 * pooled frames: no recursion, no DOM. Hints are per-tag counters and links up
 * the stack, never copied, so our work per event is bounded however deep the
 * nesting. htmlparser2's own stack costs O(depth) per tag (it unshifts an
 * array), so its work is at most tags × depth: MAX_NESTING_WORK bounds that
 * product, which lets 10,000 levels through in a fraction of a second and
 * stops 100,000 (minutes) at once with a one-line reason.
 *
 * Limits (a PageLimitError names the one hit): a line of at most
 * MAX_LINE_CHARS characters, at most MAX_PAGE_LINES lines, and the nesting
 * work above.
 */
import { Parser } from 'htmlparser2';
import type { LineHints } from '../features/htmlHints';
import { normalizeLine } from '../text/normalize';
import { MAX_LINE_CHARS, PageLimitError } from '../text/lines';
import { elementWords } from './attrWords';
import {
  BLOCK_BREAKS, CELL_ELEMENTS, HIDDEN_ELEMENTS, STRUCTURAL_TAGS, STRUCTURAL_TAG_INDEX, PRE_ELEMENTS,
  hiddenByAttributes, type Attributes,
} from './blocks';
import { LineBuilder, MAX_LINE_WORDS, type Mark } from './lineBuilder';
import { browserScriptEnd } from './scriptEnd';

export { CELL_SEPARATOR } from './lineBuilder';

export interface HtmlLines {
  /** Normalised lines; '' is a blank line (structure, as in text pages). */
  readonly lines: string[];
  /** One entry per line; blank lines get empty hints. */
  readonly hints: LineHints[];
  /** The first non-empty <title>, normalised. */
  readonly title?: string;
  /** The <html lang> attribute, trimmed. */
  readonly lang?: string;
}

/** One open element. Frames are pooled: the stack reuses them as depth goes up and down. */
interface Frame {
  flags: number;
  /** Breaks the element asks for at its start and end. */
  block: number;
  /** Index in STRUCTURAL_TAGS, or -1. */
  tag: number;
  /** This element's class/id words. */
  words: readonly string[];
  /** Stack index of the nearest frame, this one included, with words; -1 if none. */
  wordLink: number;
  /** For a frame with words: the wordLink of its parent. */
  upLink: number;
  /** Unique per push, so a line can tell it already took this frame's words. */
  serial: number;
  /** For a SOFT frame: the builder's state before it. */
  mark: Mark | undefined;
}

/** Most word-bearing ancestors visited per text run, and per line, so word walks stay linear. */
const MAX_WORD_ANCESTORS = 32;
const MAX_WALKED_PER_LINE = 64;

/**
 * Most parser work allowed for one document, as its deepest nesting times its
 * number of tags (an upper bound on htmlparser2's stack work). 10,000 levels
 * in a page of 20,000 tags is 2·10^8; 100,000 levels is 2·10^10.
 */
export const MAX_NESTING_WORK = 4e9;

/** Frame flags. INERT: opened inside hidden content, so it has no effect at all. */
const INERT = 1;
const HIDDEN = 2;
const LINK = 4;
const PRE = 8;
const TITLE = 16;
const SCRIPT = 32;
/** Hidden by its attributes: its text is kept only if it is a lot of prose (see keepIfProse). */
const SOFT = 64;

const NO_WORDS: readonly string[] = Object.freeze([]);

/** Turn an HTML document into innerText-like lines with per-line hints. */
export function htmlToLines(html: string): HtmlLines {
  const w = new Walker(html, () => parser.endIndex, countTags(html));
  const parser = new Parser(
    {
      onopentag: (name, attribs) => w.open(name, attribs),
      onclosetag: () => w.close(),
      ontext: (text) => w.text(text),
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return w.finish();
}

/** Follows the parser's open/close/text events with an explicit stack. */
class Walker {
  private readonly out = new LineBuilder(() => this.mergeWords());
  private readonly frames: Frame[] = [];
  private depth = 0;
  private serial = 0;
  private hiddenDepth = 0;
  private preDepth = 0;
  private linkDepth = 0;
  /** Open elements per hint tag, and the mask of those with any open. */
  private readonly tagCounts = new Uint32Array(STRUCTURAL_TAGS.length);
  private tagMask = 0;
  /** Right after <pre>: a leading newline is dropped, as the HTML parser does. */
  private preFresh = false;

  private titleText: string | undefined;
  private titleBuf = '';
  private capturingTitle = false;
  private lang: string | undefined;
  private langSeen = false;

  /** Deepest nesting so far, and the most allowed in this document (see MAX_NESTING_WORK). */
  private maxDepth = 0;
  private readonly depthLimit: number;

  /** Text of the open <script>, and the index before which a browser still reads script. */
  private scriptText: string | undefined;
  private scriptUntil = -1;

  /**
   * @param html the document, to find where a script really ends
   * @param at index in `html` of the end of the current parser event
   */
  constructor(private readonly html: string, private readonly at: () => number, private readonly tags: number) {
    this.depthLimit = Math.max(1, Math.floor(MAX_NESTING_WORK / Math.max(1, tags)));
  }

  open(name: string, attribs: Attributes): void {
    const f = this.push();
    if (this.depth > this.maxDepth) {
      this.maxDepth = this.depth;
      if (this.depth > this.depthLimit) {
        throw new PageLimitError(`HTML nested more than ${this.depthLimit} elements deep in a page of ${this.tags} tags (the limit is depth × tags ≤ ${MAX_NESTING_WORK})`);
      }
    }
    this.preFresh = false;
    if (this.hiddenDepth > 0) {
      f.flags = INERT;
      return;
    }
    if (HIDDEN_ELEMENTS.has(name)) {
      f.flags = HIDDEN;
      this.hiddenDepth++;
      if (name === 'title' && this.titleText === undefined && !this.capturingTitle) {
        f.flags |= TITLE;
        this.capturingTitle = true;
        this.titleBuf = '';
      } else if (name === 'script') {
        f.flags |= SCRIPT;
        this.scriptText = '';
      }
      return;
    }
    if (hiddenByAttributes(name, attribs)) {
      f.flags |= SOFT;
      f.mark = this.out.mark();
    }
    if (name === 'br') {
      if (!(f.flags & SOFT)) this.out.lineBreak();
      f.flags = INERT; // void: its close event follows at once
      return;
    }
    if (name === 'html' && !this.langSeen) {
      this.langSeen = true;
      const lang = attribs['lang']?.trim();
      if (lang) this.lang = lang;
    }
    const block = BLOCK_BREAKS.get(name) ?? 0;
    if (block > 0) {
      f.block = block;
      this.out.require(block);
    }
    if (CELL_ELEMENTS.has(name)) this.out.cell();
    const tag = STRUCTURAL_TAG_INDEX.get(name);
    if (tag !== undefined) {
      f.tag = tag;
      if (this.tagCounts[tag]!++ === 0) this.tagMask |= 1 << tag;
    }
    if (name === 'a') {
      f.flags |= LINK;
      this.linkDepth++;
    }
    if (PRE_ELEMENTS.has(name)) {
      f.flags |= PRE;
      this.preDepth++;
      this.preFresh = true;
    }
    const parentLink = this.depth > 1 ? this.frames[this.depth - 2]!.wordLink : -1;
    const words = elementWords(attribs);
    if (words.length > 0) {
      f.words = words;
      f.upLink = parentLink;
      f.wordLink = this.depth - 1;
    } else {
      f.wordLink = parentLink;
    }
  }

  close(): void {
    if (this.depth === 0) return;
    const f = this.frames[--this.depth]!;
    const flags = f.flags;
    if (flags & INERT) return;
    if (flags & HIDDEN) {
      this.hiddenDepth--;
      if (flags & TITLE) {
        this.capturingTitle = false;
        const title = normalizeLine(this.titleBuf);
        if (title.length > 0) this.titleText = title;
        this.titleBuf = '';
      } else if (flags & SCRIPT && this.scriptText !== undefined) {
        const closedAt = this.at() + 1;
        const end = browserScriptEnd(this.scriptText, this.html, closedAt);
        if (end > closedAt) this.scriptUntil = end;
        this.scriptText = undefined;
      }
      return;
    }
    if (f.tag >= 0 && --this.tagCounts[f.tag]! === 0) this.tagMask &= ~(1 << f.tag);
    if (flags & LINK) this.linkDepth--;
    if (flags & PRE) this.preDepth--;
    if (flags & SOFT && !this.out.keepIfProse(f.mark!)) return;
    if (f.block > 0) this.out.require(f.block);
  }

  text(raw: string): void {
    if (this.capturingTitle) {
      if (this.titleBuf.length < MAX_LINE_CHARS) this.titleBuf += raw.slice(0, MAX_LINE_CHARS - this.titleBuf.length);
      return;
    }
    if (this.hiddenDepth > 0) {
      if (this.scriptText !== undefined) this.scriptText += raw;
      return;
    }
    if (this.scriptUntil >= 0) {
      if (this.at() < this.scriptUntil) return;
      this.scriptUntil = -1;
    }
    const inLink = this.linkDepth > 0;
    if (this.preDepth > 0) this.out.preformatted(raw, this.tagMask, inLink, this.preFresh);
    else this.out.flow(raw, this.tagMask, inLink);
    this.preFresh = false;
  }

  finish(): HtmlLines {
    const { lines, hints } = this.out.finish();
    return {
      lines,
      hints,
      ...(this.titleText !== undefined && { title: this.titleText }),
      ...(this.lang !== undefined && { lang: this.lang }),
    };
  }

  private push(): Frame {
    let f = this.frames[this.depth];
    if (f === undefined) this.frames.push((f = { flags: 0, block: 0, tag: -1, words: NO_WORDS, wordLink: -1, upLink: -1, serial: 0, mark: undefined }));
    f.flags = f.block = 0;
    f.tag = f.wordLink = f.upLink = -1;
    f.words = NO_WORDS;
    f.mark = undefined;
    f.serial = ++this.serial;
    this.depth++;
    return f;
  }

  /**
   * Add the words of the nearest word-bearing ancestors, nearest first. A walk
   * stops at a frame this line already walked through: its ancestors are in.
   */
  private mergeWords(): void {
    if (this.depth === 0 || this.out.words.length >= MAX_LINE_WORDS) return;
    let idx = this.frames[this.depth - 1]!.wordLink;
    const words = this.out.words;
    const walked = this.out.walked;
    for (let hops = 0; idx >= 0 && hops < MAX_WORD_ANCESTORS && walked.length < MAX_WALKED_PER_LINE; hops++) {
      const f = this.frames[idx]!;
      if (walked.includes(f.serial)) return;
      walked.push(f.serial);
      for (const word of f.words) {
        if (words.includes(word)) continue;
        words.push(word);
        if (words.length >= MAX_LINE_WORDS) return;
      }
      idx = f.upLink;
    }
  }
}

/** Number of `<` in the document: an upper bound on its tags. */
function countTags(html: string): number {
  let n = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) n++;
  return n;
}
