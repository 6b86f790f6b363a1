/**
 * Reading pages from disk or stdin: bytes → decoded text → lines.
 */
import * as fs from 'node:fs';
import { pageFromText, type Page } from '../core/page';
import { UserError } from './cli/io';

/** Input files larger than this are refused rather than read into memory. */
export const MAX_PAGE_BYTES = 256 * 1024 * 1024;

export interface PageFile extends Page {
  readonly file: string;
}

export function readPageFile(file: string): PageFile {
  const size = fs.statSync(file).size;
  if (size > MAX_PAGE_BYTES) throw new UserError(`${file}: ${size} bytes is more than the ${MAX_PAGE_BYTES}-byte limit per page`);
  return { ...pageFromBytes(fs.readFileSync(file), file), file };
}

export function pageFromBytes(bytes: Uint8Array, name: string): Page {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${name}: not valid UTF-8 text`);
  }
  if (text.includes('\u0000')) throw new UserError(`${name}: binary data, not text`);
  return pageFromText(text);
}
