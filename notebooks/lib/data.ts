/**
 * The labelled pages the notebooks read, and the model they study.
 *
 * Pages: the owner's seed pages in labels/, plus the imported corpus when there
 * is one. Which corpus is used ("mode") is decided once, in this order:
 *   - corpus: work/imported/report.json exists (made by `chaff import`);
 *   - sample: no import, but the raw data is there ($CHAFF_DATA or ../shared/data):
 *     `chaff import --limit N` (N pages per source) into a temporary folder;
 *   - seeds:  neither: the seed pages alone.
 * $CHAFF_NOTEBOOK_CORPUS=corpus|sample|seeds forces one (auto by default).
 *
 * Everything here uses the compiled library in dist/ (run `npm run build` first)
 * and loads no model code (see model.ts for that).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadLabelled, type LabelledFile } from '../../dist/node/dataset';
import type { LineModel } from '../../dist/core/model/lineModel';
import { heldOutPageIds } from '../../dist/core/model/metadata';

export type { LabelledFile };
export type CorpusMode = 'corpus' | 'sample' | 'seeds';

/** Pages per source imported in sample mode. */
export const SAMPLE_LIMIT = 20;

export interface Corpus {
  readonly mode: CorpusMode;
  readonly pages: LabelledFile[];
  /** What was loaded and why, as one markdown paragraph (notebooks print it). */
  readonly note: string;
  /** `chaff import`'s report.json, when pages were imported. */
  readonly report: ImportReport | null;
}

export interface ImportReport {
  readonly sources: Record<string, { pages: number; skipped: number; lines: number; article: number; noise: number; hard: number; reasons?: Record<string, number> }>;
}

/** The repository's root: the nearest folder upwards holding chaff's package.json. */
export function repoRoot(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'chaff') return dir;
    if (path.dirname(dir) === dir) throw new Error(`not inside the chaff repository: ${from}`);
  }
}

export function dataDir(root: string): string {
  return process.env.CHAFF_DATA || path.join(root, '..', 'shared', 'data');
}

export interface LoadOptions {
  readonly root?: string;
  /** auto (default: $CHAFF_NOTEBOOK_CORPUS or auto), or force a mode. */
  readonly want?: 'auto' | CorpusMode;
  readonly sampleLimit?: number;
}

export function loadCorpus(o: LoadOptions = {}): Corpus {
  const root = o.root ?? repoRoot();
  const want = o.want ?? parseWant(process.env.CHAFF_NOTEBOOK_CORPUS);
  const labels = path.join(root, 'labels');
  const imported = path.join(root, 'work', 'imported');
  const data = dataDir(root);
  const haveImport = fs.existsSync(path.join(imported, 'report.json'));
  const haveData = fs.existsSync(data);
  const mode: CorpusMode = want !== 'auto' ? want : haveImport ? 'corpus' : haveData ? 'sample' : 'seeds';

  if (mode === 'corpus') {
    if (!haveImport) throw new Error(`no imported corpus: ${path.join(imported, 'report.json')} is missing (run \`node bin/chaff.js import\`)`);
    const pages = loadLabelled([labels, imported]);
    const report = readReport(path.join(imported, 'report.json'));
    return { mode, pages, report, note: `**Corpus**: the seed pages in \`labels/\` and the whole imported corpus in \`work/imported/\` (${pages.length} pages).` };
  }
  if (mode === 'sample') {
    const limit = o.sampleLimit ?? SAMPLE_LIMIT;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chaff-notebook-'));
    try {
      const r = spawnSync(process.execPath, [path.join(root, 'bin', 'chaff.js'), 'import', '--data', data, '--out', tmp, '--limit', String(limit)], {
        cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024,
      });
      if (r.status !== 0) {
        const why = (r.stderr || String(r.error ?? `exit ${r.status}`)).trim().split('\n').pop();
        if (want === 'sample') throw new Error(`chaff import failed: ${why}`);
        return seedsOnly(labels, `\`chaff import --limit ${limit}\` from \`${data}\` failed (${why})`);
      }
      const pages = loadLabelled([labels, tmp]);
      const report = readReport(path.join(tmp, 'report.json'));
      return {
        mode, pages, report,
        note: `**Sample** (${want === 'sample' ? 'chosen with `CHAFF_NOTEBOOK_CORPUS=sample`' : 'there is no `work/imported/`'}): \`chaff import --limit ${limit}\` imported ${limit} pages per source from \`${data}\` into a temporary folder (deleted once read), beside the seed pages: ${pages.length} pages. Run \`node bin/chaff.js import\` for the whole corpus.`,
      };
    } finally {
      // The labels are in memory; imported pages must not linger on disk.
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  return seedsOnly(labels, want === 'seeds' ? 'chosen with `CHAFF_NOTEBOOK_CORPUS=seeds`' : `there is no \`work/imported/\` and no raw data at \`${data}\``);
}

function seedsOnly(labels: string, why: string): Corpus {
  const pages = loadLabelled([labels]);
  return { mode: 'seeds', pages, report: null, note: `**Seed pages only** (${why}): ${pages.length} pages. The figures below describe a handful of hand-labelled pages and say little about the web at large.` };
}

function parseWant(s: string | undefined): 'auto' | CorpusMode {
  if (!s || s === 'auto') return 'auto';
  if (s === 'corpus' || s === 'sample' || s === 'seeds') return s;
  throw new Error(`CHAFF_NOTEBOOK_CORPUS must be auto, corpus, sample or seeds, not ${JSON.stringify(s)}`);
}

function readReport(file: string): ImportReport | null {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as ImportReport) : null;
}

/** Per page: non-blank lines, article, noise and unlabelled (non-blank, no label) lines. */
export function pageCounts(p: LabelledFile): { lines: number; article: number; noise: number; unlabelled: number } {
  let lines = 0, article = 0, noise = 0, unlabelled = 0;
  p.lines.forEach((text, i) => {
    if (text.length === 0) return;
    lines++;
    const l = p.labels[i];
    if (l === 'article') article++;
    else if (l === 'noise') noise++;
    else unlabelled++;
  });
  return { lines, article, noise, unlabelled };
}

/**
 * At most `perSource` pages of each source, evenly spread over the source's
 * pages in id order: deterministic, and not just the first few sites.
 */
export function samplePages<T extends { readonly meta: { readonly id: string; readonly source: string } }>(pages: readonly T[], perSource: number): T[] {
  const bySource = new Map<string, T[]>();
  for (const p of pages) {
    const list = bySource.get(p.meta.source) ?? [];
    list.push(p);
    bySource.set(p.meta.source, list);
  }
  const out: T[] = [];
  for (const list of bySource.values()) {
    list.sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
    if (list.length <= perSource) {
      out.push(...list);
      continue;
    }
    for (let k = 0; k < perSource; k++) out.push(list[Math.floor((k * list.length) / perSource)]!);
  }
  return out;
}

/** How the loaded pages relate to the model's training run. */
export interface Split {
  /** Pages the model never trained on: its validation pages, and pages of sources it never saw. */
  readonly heldOut: LabelledFile[];
  /** Pages of the sources it trained on, minus its validation pages. */
  readonly trained: LabelledFile[];
  readonly validationIds: ReadonlySet<string>;
  readonly trainedSources: readonly string[];
  /** One markdown paragraph saying which pages are held out and why. */
  readonly note: string;
}

/**
 * Split pages by what the model's metadata records: `validation.perPage` names
 * the pages held out of training, `training.sources` the sources trained on.
 * A page of a trained source that is not a validation page may have been
 * trained on, so it is never counted as held out.
 */
export function splitForModel(model: LineModel, pages: readonly LabelledFile[]): Split {
  const md = model.metadata;
  const validationIds = heldOutPageIds(md);
  const trainedSources = Object.keys(md.training?.sources ?? {});
  const heldOut: LabelledFile[] = [], trained: LabelledFile[] = [];
  for (const p of pages) {
    if (validationIds.has(p.meta.id) || !trainedSources.includes(p.meta.source)) heldOut.push(p);
    else trained.push(p);
  }
  const val = pages.filter((p) => validationIds.has(p.meta.id)).length;
  const unseen = heldOut.length - val;
  const unseenSources = [...new Set(heldOut.filter((p) => !validationIds.has(p.meta.id)).map((p) => p.meta.source))].sort();
  const note = `The model trained on sources [${trainedSources.join(', ') || 'unknown'}] and held out ${plural(validationIds.size, 'validation page')} ` +
    `(its \`metadata.json\`). **Held out here**: ${val} of those validation pages` +
    (unseen > 0 ? ` and ${plural(unseen, 'page')} of sources it never trained on (${unseenSources.join(', ')})` : '') +
    ` = ${plural(heldOut.length, 'page')}. Pages that may have been trained on (${plural(trained.length, 'loaded page')}) are left out of every error figure.`;
  if (heldOut.length === 0 && trained.length > 0) {
    // Seed pages only (no corpus) and a model that trained on all of them: nothing is held out. Show the
    // trained-on pages so the notebook still runs, and say loudly that its figures are not held out.
    const warning = `**No loaded page is held out from this model**: it trained on all ${plural(trained.length, 'page')} loaded here ` +
      `(without the corpus, only the seed pages load). The figures below are on pages it trained on: they show how the ` +
      `notebook reads a model, not how the model does on new sites. Import the corpus (\`node bin/chaff.js import\`) for real figures.`;
    return { heldOut: [...trained], trained: [], validationIds, trainedSources, note: `${note}\n\n${warning}` };
  }
  return { heldOut, trained, validationIds, trainedSources, note };
}

/** "1 page", "2 pages". */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
