/**
 * Reading pages from disk or stdin: bytes → decoded text (BOM, <meta>
 * charset, UTF-8 validation) → HTML or text lines. Every failure is a
 * one-line UserError naming the input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pageFromString, type Page, type PageKind } from '../core/page';
import { decodePage, DecodeError } from '../core/text/decode';
import { PageLimitError } from '../core/text/lines';
import { UserError } from './cli/io';

/** Input files larger than this are refused rather than read into memory. */
export const MAX_PAGE_BYTES = 256 * 1024 * 1024;

const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.shtml']);
const TEXT_EXTENSIONS = new Set(['.txt', '.text']);

export interface ReadOptions {
  /** 'html' or 'text'; by default from the extension, else from the content. */
  readonly kind?: PageKind;
  /** Force an encoding label (a BOM still wins). */
  readonly encoding?: string;
}

export interface PageFile extends Page {
  readonly file: string;
  readonly encoding: string;
}

export function readPageFile(file: string, opts: ReadOptions = {}): PageFile {
  const st = fs.statSync(file);
  // Devices, pipes and sockets never end (/dev/zero) or block (a FIFO): only regular files are pages.
  if (st.isDirectory()) throw new UserError(`${file}: is a directory`);
  if (!st.isFile()) throw new UserError(`${file}: not a regular file`);
  const size = st.size;
  if (size > MAX_PAGE_BYTES) throw new UserError(`${file}: ${size} bytes is more than the ${MAX_PAGE_BYTES}-byte limit per page`);
  const ext = path.extname(file).toLowerCase();
  const kind = opts.kind ?? (HTML_EXTENSIONS.has(ext) ? 'html' : TEXT_EXTENSIONS.has(ext) ? 'text' : undefined);
  return { ...pageFromBytes(fs.readFileSync(file), file, { ...opts, kind }), file };
}

export function pageFromBytes(bytes: Uint8Array, name: string, opts: ReadOptions = {}): Page & { encoding: string } {
  try {
    const { text, encoding } = decodePage(bytes, opts);
    return { ...pageFromString(text, opts.kind), encoding };
  } catch (e) {
    if (e instanceof DecodeError || e instanceof PageLimitError) throw new UserError(`${name}: ${e.message}`);
    throw e;
  }
}
