/**
 * The pages chaff label serves and their label files.
 *
 * Pages come from the files and folders named on the command line and from
 * the labels folder (its page files and its label files: a full label CSV is
 * a page by itself, a sidecar names its page). A page's id is its file's base
 * name. A page inside the labels folder gets a full label CSV beside it; a
 * page from elsewhere gets a sidecar `<labels>/<id>.csv` that names the page
 * file instead of copying its text.
 *
 * Every file read or written must have its real path inside one of the
 * folders chaff label was given. A label file that does not parse is reported
 * and never overwritten. Each label file has a version (a hash of its bytes):
 * a write based on an older version is refused as a conflict.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attachLines, isSidecar, LabelFileError, parseLabelCsv, writeLabelCsv } from '../../core/labels/csv';
import { isLabel, POLICY_VERSION, type Label, type LabelledPage, type PageMeta } from '../../core/labels/schema';
import type { Page } from '../../core/page';
import { writeFileAtomicSync } from '../atomicWrite';
import { readPageFile } from '../pageFiles';
import { decodeLabelBytes, labelFileVersion, LabelFileBusyError, withLabelLock } from '../labelFiles';
import { HttpError, idFromName, isInside, isSafeId, realInside } from './security';

export const PAGE_EXTENSIONS = ['.txt', '.text', '.html', '.htm', '.xhtml'];
/** Most lines a page may have to be served and labelled. */
export const MAX_LINES = 100_000;
/** Label files larger than this are not read. */
export const MAX_LABEL_FILE_BYTES = 64 * 1024 * 1024;
/** Version of a page that has no label file yet. */
export const NO_FILE = 'none';

export interface PageEntry {
  readonly id: string;
  /** The page file (absolute), or null when the label file is the page (or a sidecar names it). */
  readonly pageFile: string | null;
  /** Where the page's labels live (absolute). */
  readonly labelFile: string;
}

/** A page as read now: lines, labels, version; `error` says why it cannot be labelled. */
export interface LoadedPage {
  readonly entry: PageEntry;
  readonly page: Page;
  readonly meta: PageMeta;
  readonly labels: readonly Label[];
  readonly version: string;
  readonly modified: string | null;
  readonly sidecar: boolean;
  /** The page file actually read (a sidecar's page), for writing sidecars. */
  readonly pageFile: string | null;
  readonly error: string | null;
}

export interface Skipped {
  readonly file: string;
  readonly reason: string;
}

export class PageStore {
  readonly labelsDir: string;
  /** Real paths of the folders (and single files) reads and writes must stay inside. */
  readonly roots: readonly string[];
  private readonly entries = new Map<string, PageEntry>();
  readonly skipped: Skipped[] = [];
  private readonly pageCache = new Map<string, { key: string; page: Page }>();

  constructor(inputs: readonly string[], labelsDir: string) {
    fs.mkdirSync(labelsDir, { recursive: true });
    this.labelsDir = fs.realpathSync(labelsDir);
    const roots = [this.labelsDir];
    for (const input of inputs) {
      if (!fs.existsSync(input)) throw new Error(`no such file or directory: ${input}`);
      roots.push(fs.realpathSync(input));
    }
    this.roots = roots;
    const pageFiles: string[] = [];
    for (const input of inputs) {
      if (fs.statSync(input).isDirectory()) this.walk(input, PAGE_EXTENSIONS, pageFiles);
      else if (PAGE_EXTENSIONS.includes(path.extname(input).toLowerCase())) pageFiles.push(path.resolve(input));
      else this.skip(input, `not a page (${PAGE_EXTENSIONS.join(', ')})`);
    }
    this.walk(this.labelsDir, PAGE_EXTENSIONS, pageFiles);
    for (const file of [...new Set(pageFiles)]) this.addPage(file);
    const csvs: string[] = [];
    this.walk(this.labelsDir, ['.csv'], csvs);
    for (const csv of csvs) this.addLabelFile(csv);
  }

  get ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  get size(): number {
    return this.entries.size;
  }

  entry(id: string): PageEntry {
    if (!isSafeId(id)) throw new HttpError(400, 'bad page id');
    const e = this.entries.get(id);
    if (!e) throw new HttpError(404, 'no such page');
    return e;
  }

  private walk(dir: string, exts: readonly string[], out: string[]): void {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) this.walk(p, exts, out);
      else if ((e.isFile() || e.isSymbolicLink()) && exts.includes(path.extname(e.name).toLowerCase())) out.push(p);
    }
  }

  private skip(file: string, reason: string): void {
    this.skipped.push({ file: this.display(file), reason });
  }

  /** A path as shown to the user: relative to the labels folder's parent when inside it. */
  display(file: string): string {
    const base = path.dirname(this.labelsDir);
    return isInside(base, file) ? path.relative(base, file).split(path.sep).join('/') : path.basename(file);
  }

  private addPage(file: string): void {
    const real = realInside(file, this.roots);
    if (!real) {
      this.skip(file, 'links to a file outside the folders chaff label was given');
      return;
    }
    if (!fs.statSync(real).isFile()) return;
    const id = idFromName(path.basename(file));
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.pageFile && fs.realpathSync(existing.pageFile) === real) return;
      this.skip(file, `another page has the id ${id}`);
      return;
    }
    const inLabels = isInside(this.labelsDir, real);
    const labelFile = inLabels ? path.join(path.dirname(path.resolve(file)), `${id}.csv`) : path.join(this.labelsDir, `${id}.csv`);
    this.entries.set(id, { id, pageFile: path.resolve(file), labelFile });
  }

  private addLabelFile(csv: string): void {
    const id = idFromName(path.basename(csv));
    const existing = this.entries.get(id);
    if (existing) {
      if (path.resolve(existing.labelFile) !== path.resolve(csv)) this.skip(csv, `another page has the id ${id}`);
      return;
    }
    this.entries.set(id, { id, pageFile: null, labelFile: path.resolve(csv) });
  }

  /** Read a page and its labels now. Never throws for a broken label file: `error` says what is wrong. */
  load(id: string): LoadedPage {
    const entry = this.entry(id);
    let version = NO_FILE;
    let modified: string | null = null;
    let parsed: ReturnType<typeof parseLabelCsv> | null = null;
    let error: string | null = null;
    const labelCheck = this.checkLabelFile(entry.labelFile);
    if (labelCheck.problem) error = labelCheck.problem;
    else if (labelCheck.exists) {
      const bytes = fs.readFileSync(entry.labelFile);
      version = versionOf(bytes);
      modified = fs.statSync(entry.labelFile).mtime.toISOString();
      try {
        parsed = parseLabelCsv(decodeLabelBytes(bytes, this.display(entry.labelFile)), this.display(entry.labelFile));
      } catch (e) {
        error = describeLabelError(e, this.display(entry.labelFile));
      }
    }

    let pageFile = entry.pageFile;
    if (parsed && isSidecar(parsed) && !pageFile) {
      pageFile = path.resolve(path.dirname(entry.labelFile), parsed.meta.page!);
    }
    let page: Page;
    if (pageFile) {
      const real = realInside(pageFile, this.roots);
      if (!real) {
        return this.broken(entry, version, modified, `${this.display(entry.labelFile)} names a page file outside the folders chaff label was given (pass its folder on the command line)`);
      }
      try {
        page = this.readPage(real);
      } catch (e) {
        return this.broken(entry, version, modified, `${this.display(pageFile)} cannot be read: ${String((e as Error).message).split('\n')[0]!.replace(/^.*?: /, '')}`);
      }
    } else if (parsed && !isSidecar(parsed)) {
      page = { kind: 'text', lines: parsed.lines, lang: parsed.meta.lang };
    } else {
      return this.broken(entry, version, modified, error ?? 'no page file');
    }
    if (page.lines.length > MAX_LINES) return this.broken(entry, version, modified, `the page has ${page.lines.length} lines, more than the ${MAX_LINES} chaff label serves`);

    let labels: readonly Label[] = page.lines.map(() => null);
    let meta: PageMeta = {
      id, lang: page.lang, site: `unknown-${id}`, source: 'user', policy: POLICY_VERSION,
    };
    if (parsed && !error) {
      try {
        const lp: LabelledPage = isSidecar(parsed) ? attachLines(parsed, page.lines, this.display(entry.labelFile)) : parsed;
        if (!isSidecar(parsed) && !sameLines(parsed.lines, page.lines)) {
          throw new LabelFileError(this.display(entry.labelFile), null, `its lines differ from the page file ${this.display(pageFile ?? '')}: the page changed`);
        }
        labels = lp.labels;
        meta = lp.meta;
      } catch (e) {
        error = describeLabelError(e, this.display(entry.labelFile));
      }
    }
    return {
      entry, page, meta, labels, version, modified, error,
      sidecar: parsed ? isSidecar(parsed) : !isInside(this.labelsDir, fs.realpathSync(pageFile ?? entry.labelFile)),
      pageFile,
    };
  }

  private broken(entry: PageEntry, version: string, modified: string | null, error: string): LoadedPage {
    return {
      entry, page: { kind: 'text', lines: [], lang: 'und' }, labels: [], version, modified, error, sidecar: false, pageFile: null,
      meta: { id: entry.id, lang: 'und', site: 'unknown', source: 'user', policy: POLICY_VERSION },
    };
  }

  /** Page files are parsed once per content (size and mtime). */
  private readPage(real: string): Page {
    const st = fs.statSync(real);
    const key = `${st.size}:${st.mtimeMs}`;
    const hit = this.pageCache.get(real);
    if (hit && hit.key === key) return hit.page;
    const page = readPageFile(real);
    this.pageCache.set(real, { key, page });
    return page;
  }

  /** A label file may be absent; if present it must be a regular file whose real path stays in the labels folder. */
  private checkLabelFile(file: string): { exists: boolean; problem: string | null } {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(file);
    } catch {
      return { exists: false, problem: null };
    }
    const where = this.display(file);
    if (st.isSymbolicLink()) {
      const real = realInside(file, [this.labelsDir]);
      if (!real) return { exists: false, problem: `${where} is a link to a file outside the labels folder; chaff label neither reads nor replaces it` };
      st = fs.statSync(real);
    }
    if (!st.isFile()) return { exists: false, problem: `${where} is not a regular file` };
    if (st.size > MAX_LABEL_FILE_BYTES) return { exists: false, problem: `${where} is ${st.size} bytes, over the ${MAX_LABEL_FILE_BYTES}-byte limit` };
    const dir = realInside(path.dirname(file), [this.labelsDir]);
    if (!dir) return { exists: false, problem: `${where} is outside the labels folder` };
    return { exists: true, problem: null };
  }

  /**
   * Write a page's labels if the label file is still at `version`. Refuses
   * (409) when it changed, and (423) when it does not parse.
   */
  save(id: string, version: string, labels: unknown): { version: string; modified: string; labelled: number; total: number } {
    // Under the file's lock, so the version check and the write are one step for every chaff process (labelFiles.ts).
    try {
      return withLabelLock(this.entry(id).labelFile, () => this.saveLocked(id, version, labels));
    } catch (e) {
      if (e instanceof LabelFileBusyError) {
        throw new HttpError(409, 'Another program is writing this label file right now; nothing was saved. Reload to see the latest labels.', { conflict: true });
      }
      throw e;
    }
  }

  private saveLocked(id: string, version: string, labels: unknown): { version: string; modified: string; labelled: number; total: number } {
    const now = this.load(id);
    if (now.error) throw new HttpError(423, `not saved: ${now.error}`);
    if (version !== now.version) {
      throw new HttpError(409, 'This page was changed in another tab or by another program since you opened it; nothing was saved. Reload to see the latest labels.', { conflict: true });
    }
    const checked = checkLabels(labels, now.page.lines);
    const dir = path.dirname(now.entry.labelFile);
    fs.mkdirSync(dir, { recursive: true });
    if (!realInside(dir, [this.labelsDir])) throw new HttpError(403, 'the label file would be outside the labels folder');
    let meta: PageMeta = now.meta;
    if (now.sidecar) {
      const rel = path.relative(dir, now.pageFile!).split(path.sep).join('/');
      meta = { ...meta, page: rel };
    }
    const content = writeLabelCsv({ meta, lines: now.page.lines, labels: checked }, { sidecar: now.sidecar });
    writeFileAtomicSync(now.entry.labelFile, content);
    let labelled = 0, total = 0;
    now.page.lines.forEach((l, i) => {
      if (!l) return;
      total++;
      if (checked[i] !== null) labelled++;
    });
    return { version: versionOf(Buffer.from(content, 'utf8')), modified: fs.statSync(now.entry.labelFile).mtime.toISOString(), labelled, total };
  }
}

export function versionOf(bytes: Uint8Array): string {
  return labelFileVersion(bytes);
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Labels sent by the UI: one per line, article / noise / null, null on blank lines. */
function checkLabels(labels: unknown, lines: readonly string[]): Label[] {
  if (!Array.isArray(labels)) throw new HttpError(400, '"labels" must be an array');
  if (labels.length > MAX_LINES) throw new HttpError(413, `more than ${MAX_LINES} labels`);
  if (labels.length !== lines.length) throw new HttpError(400, `${labels.length} labels for a page of ${lines.length} lines`);
  return labels.map((l, i) => {
    if (l === null || l === '') return null;
    if (typeof l !== 'string' || !isLabel(l)) throw new HttpError(400, `line ${i + 1}: a label is "article", "noise" or null`);
    if (lines[i]!.length === 0) throw new HttpError(400, `line ${i + 1} is blank and cannot carry a label`);
    return l;
  });
}

/**
 * A label file's problem in one line, naming the file and row but never
 * quoting its content (quoted values are elided).
 */
export function describeLabelError(e: unknown, file: string): string {
  if (e instanceof LabelFileError) {
    const reason = e.message.slice(e.message.indexOf(': ') + 2).replace(/"(?:[^"\\]|\\.)*"/g, '"…"');
    return `${file}${e.row === null ? '' : `, row ${e.row}`}: ${reason}`;
  }
  return `${file}: cannot be read (${(e as NodeJS.ErrnoException)?.code ?? 'error'})`;
}
