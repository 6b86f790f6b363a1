/**
 * Label files on disk: find them, read them (sidecars get their page's lines
 * regenerated), write them atomically.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attachLines, isSidecar, parseLabelCsv, writeLabelCsv, LabelFileError } from '../core/labels/csv';
import type { LabelledPage } from '../core/labels/schema';
import { writeFileAtomicSync } from './atomicWrite';
import { readPageFile } from './pageFiles';

export const LABEL_EXTENSION = '.csv';

/** Label files under the given files and directories (recursively), sorted. */
export function findLabelFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new LabelFileError(input, null, 'no such file or directory');
    if (fs.statSync(input).isDirectory()) walk(input, out);
    else out.push(input);
  }
  return [...new Set(out)].sort();
}

export function readLabelFile(file: string): LabelledPage {
  const parsed = parseLabelCsv(fs.readFileSync(file, 'utf8'), file);
  if (!isSidecar(parsed)) return parsed;
  const page = path.resolve(path.dirname(file), parsed.meta.page!);
  return attachLines(parsed, readPageFile(page).lines, file);
}

export function writeLabelFile(file: string, page: LabelledPage, opts: { sidecar?: boolean } = {}): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, writeLabelCsv(page, opts));
}

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.name.startsWith('.')) continue;
    // Symlinks are followed: a training set is often a folder of links into a corpus.
    const kind = e.isSymbolicLink() ? fs.statSync(p) : e;
    if (kind.isDirectory()) walk(p, out);
    else if (kind.isFile() && e.name.endsWith(LABEL_EXTENSION)) out.push(p);
  }
}
