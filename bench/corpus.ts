/**
 * The benchmark corpus: labelled pages turned into the files each tool reads,
 * with a fixed train/test split by site.
 *
 * Pages come from the owner's seed pages (labels/) and, when `chaff import`
 * has run (work/imported/report.json exists), from the label files it made
 * out of ../shared/data. Without them, the seed pages are repeated, each copy
 * a site of its own, and the corpus says so.
 *
 * Split: sites are ordered by a hash of their name (fixed, independent of
 * file order), and whole sites go to train until it holds `trainLines`
 * labelled lines, then to test until it holds `testLines`. The rest is left
 * out. Everything is written under work/bench/ (git-ignored: it is derived
 * from ../shared/data and never committed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findLabelFiles, readLabelFile } from '../src/node/labelFiles';
import { writeLabelCsv } from '../src/core/labels/csv';
import { hashString } from '../src/core/features/hash';
import { splitLines } from '../src/core/text/lines';
import type { LabelledPage } from '../src/core/labels/schema';

export interface CorpusOptions {
  readonly root: string;
  readonly out: string;
  readonly trainLines: number;
  readonly testLines: number;
  /** Use the seed pages repeated even when imported labels exist (the smoke run: fast and the same everywhere). */
  readonly seedsOnly?: boolean;
}

export interface SplitStats {
  readonly pages: number;
  readonly sites: number;
  /** Lines with a label (what both tools train and are scored on). */
  readonly labelled: number;
  readonly article: number;
  /** Non-blank lines (what both tools read when cleaning). */
  readonly nonBlank: number;
  /** Bytes of the pages' text (lines joined by newlines). */
  readonly bytes: number;
  /**
   * Non-blank lines chaff finds when it splits the pages' text again (a line
   * holding U+2028 or U+2029 becomes two): what `chaff clean --jsonl` counts.
   */
  readonly cleanLines: number;
}

export interface Corpus {
  readonly dir: string;
  /** 'imported' (seed pages + chaff import's labels) or 'seeds-repeated' (fallback). */
  readonly origin: 'imported' | 'seeds-repeated';
  readonly sources: Record<string, number>;
  readonly train: SplitStats;
  readonly test: SplitStats;
  /** Pages left out once both splits were full. */
  readonly unused: number;
  readonly files: {
    /** Label CSVs of the train and test pages (chaff train / chaff eval). */
    readonly trainDir: string;
    readonly testDir: string;
    /** Test pages as JSON lines {"id", "text"} (chaff clean --jsonl). */
    readonly testJsonl: string;
    /** fastText: "__label__article text" per labelled train line. */
    readonly ftTrain: string;
    /** fastText: every non-blank test line, text only, in page order (predict input). */
    readonly ftTest: string;
    /** The gold label of each line of ftTest ('article', 'noise' or '' when unlabelled). */
    readonly ftTestLabels: string;
    /** One test page of median size, as a text file and as a fastText input (cold start). */
    readonly onePage: string;
    readonly onePageLines: string;
  };
}

interface SourcePage extends LabelledPage {
  readonly file: string | null;
}

export function buildCorpus(o: CorpusOptions): Corpus {
  const imported = path.join(o.root, 'work', 'imported');
  const haveImport = !o.seedsOnly && fs.existsSync(path.join(imported, 'report.json'));
  const seeds = findLabelFiles([path.join(o.root, 'labels')]).map((f) => ({ ...readLabelFile(f), file: f }));
  let pages: SourcePage[];
  let origin: Corpus['origin'];
  if (haveImport) {
    origin = 'imported';
    pages = [...seeds, ...findLabelFiles([imported]).map((f) => ({ ...readLabelFile(f), file: f }))];
  } else {
    origin = 'seeds-repeated';
    pages = [];
    const perCopy = seeds.reduce((n, p) => n + labelled(p), 0);
    const copies = Math.ceil((o.trainLines + o.testLines) / Math.max(1, perCopy));
    for (let c = 0; c < copies; c++) {
      for (const p of seeds) pages.push({ ...p, meta: { ...p.meta, id: `${p.meta.id}-r${c}`, site: `${p.meta.site}#${c}` }, file: null });
    }
  }

  const bySite = new Map<string, SourcePage[]>();
  for (const p of pages) {
    if (labelled(p) === 0) continue;
    const list = bySite.get(p.meta.site) ?? [];
    list.push(p);
    bySite.set(p.meta.site, list);
  }
  const order = [...bySite.keys()].sort((a, b) => hashString('word', a) - hashString('word', b) || (a < b ? -1 : a > b ? 1 : 0));
  const train: SourcePage[] = [], test: SourcePage[] = [];
  let trainN = 0, testN = 0, unused = 0;
  for (const site of order) {
    const list = bySite.get(site)!.sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
    const n = list.reduce((k, p) => k + labelled(p), 0);
    if (trainN < o.trainLines) {
      train.push(...list);
      trainN += n;
    } else if (testN < o.testLines) {
      test.push(...list);
      testN += n;
    } else {
      unused += list.length;
    }
  }

  const dir = o.out;
  fs.rmSync(dir, { recursive: true, force: true });
  const trainDir = path.join(dir, 'train');
  const testDir = path.join(dir, 'test');
  fs.mkdirSync(trainDir, { recursive: true });
  fs.mkdirSync(testDir, { recursive: true });
  const writePages = (list: readonly SourcePage[], into: string) => {
    for (const p of list) fs.writeFileSync(path.join(into, `${safe(p.meta.id)}.csv`), writeLabelCsv(p));
  };
  writePages(train, trainDir);
  writePages(test, testDir);

  const files: Corpus['files'] = {
    trainDir, testDir,
    testJsonl: path.join(dir, 'test.jsonl'),
    ftTrain: path.join(dir, 'fasttext.train.txt'),
    ftTest: path.join(dir, 'fasttext.test.txt'),
    ftTestLabels: path.join(dir, 'fasttext.test.labels'),
    onePage: path.join(dir, 'one-page.txt'),
    onePageLines: path.join(dir, 'one-page.fasttext.txt'),
  };
  fs.writeFileSync(files.testJsonl, test.map((p) => JSON.stringify({ id: p.meta.id, text: p.lines.join('\n') + '\n' }) + '\n').join(''));
  const ftTrain: string[] = [];
  for (const p of train) p.lines.forEach((l, i) => p.labels[i] && l && ftTrain.push(`__label__${p.labels[i]} ${fastTextText(l)}`));
  fs.writeFileSync(files.ftTrain, ftTrain.join('\n') + '\n');
  const ftTest: string[] = [], ftLabels: string[] = [];
  for (const p of test) {
    p.lines.forEach((l, i) => {
      if (!l) return;
      ftTest.push(fastTextText(l));
      ftLabels.push(p.labels[i] ?? '');
    });
  }
  fs.writeFileSync(files.ftTest, ftTest.join('\n') + '\n');
  fs.writeFileSync(files.ftTestLabels, ftLabels.join('\n') + '\n');
  const bySize = [...test].sort((a, b) => nonBlank(a) - nonBlank(b) || (a.meta.id < b.meta.id ? -1 : 1));
  const median = bySize[bySize.length >> 1]!;
  fs.writeFileSync(files.onePage, median.lines.join('\n') + '\n');
  fs.writeFileSync(files.onePageLines, median.lines.filter((l) => l).map(fastTextText).join('\n') + '\n');

  const sources: Record<string, number> = {};
  for (const p of [...train, ...test]) sources[p.meta.source] = (sources[p.meta.source] ?? 0) + 1;
  const corpus: Corpus = { dir, origin, sources, train: stats(train), test: stats(test), unused, files };
  fs.writeFileSync(path.join(dir, 'corpus.json'), JSON.stringify(corpus, null, 2) + '\n');
  return corpus;
}

/** A line as fastText reads it: one line, words separated by spaces (it splits on whitespace itself). */
function fastTextText(line: string): string {
  return line.replace(/\s+/g, ' ');
}

function labelled(p: LabelledPage): number {
  return p.labels.reduce((n, l) => n + (l === null ? 0 : 1), 0);
}

function nonBlank(p: LabelledPage): number {
  return p.lines.reduce((n, l) => n + (l ? 1 : 0), 0);
}

function stats(list: readonly SourcePage[]): SplitStats {
  return {
    pages: list.length,
    sites: new Set(list.map((p) => p.meta.site)).size,
    labelled: list.reduce((n, p) => n + labelled(p), 0),
    article: list.reduce((n, p) => n + p.labels.filter((l) => l === 'article').length, 0),
    nonBlank: list.reduce((n, p) => n + nonBlank(p), 0),
    bytes: list.reduce((n, p) => n + Buffer.byteLength(p.lines.join('\n') + '\n'), 0),
    cleanLines: list.reduce((n, p) => n + splitLines(p.lines.join('\n') + '\n').filter((l) => l.length > 0).length, 0),
  };
}

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}
