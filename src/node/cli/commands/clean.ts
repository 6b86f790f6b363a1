/**
 * chaff clean [FILES|DIRS…]
 *
 * Strips the noise lines from pages with a line model (default: the shipped
 * one). Reads stdin when given no file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringOption, numberOption, flag, choiceOption } from '../args';
import { UserError, type Command, type Io } from '../io';
import { formatThresholds } from '../table';
import { expandPageInputs, readAll } from '../../inputs';
import { writeFileAtomicSync } from '../../atomicWrite';
import { writeGeneratedLabelFile } from '../../labelFiles';
import type { LabelledPage } from '../../../core/labels/schema';
import type { LineResult } from '../../../core/classifier';
import type { Page } from '../../../core/page';
import type { BackendChoice } from '../../backend';
import { cleanStream, DEFAULT_MAX_RECORD_BYTES, DEFAULT_BATCH_RECORDS, DEFAULT_BATCH_BYTES } from '../../stream/cleanStream';
import { DEFAULT_MAX_RECORD_LINES } from '../../stream/limits';

/**
 * Modules only the one-process path needs (tfjs, the model, the page
 * readers). Loaded when used, so that `--jsonl`, whose main thread only
 * routes bytes to its workers, starts without them.
 */
function modelModules() {
  return {
    ...(require('./shared') as typeof import('./shared')),
    ...(require('../../pageFiles') as typeof import('../../pageFiles')),
    ...(require('../../../core/classifier') as typeof import('../../../core/classifier')),
    ...(require('../../../core/labels/csv') as typeof import('../../../core/labels/csv')),
    ...(require('../../../core/labels/schema') as typeof import('../../../core/labels/schema')),
  };
}

/** The tfjs backends (backend.ts's BACKENDS, which loads tfjs to import). */
const BACKEND_NAMES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const satisfies readonly BackendChoice[];

const FORMATS = ['text', 'jsonl', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const EXTENSION: Record<Format, string> = { text: '.txt', jsonl: '.jsonl', csv: '.csv' };
/** Pages scored per model call when cleaning many files. */
const PAGES_PER_BATCH = 32;

const HELP = `usage: chaff clean [FILES|DIRS…] [options]
       chaff clean --jsonl [FILES…] [--jobs N]

Print the article lines of each page (text dumps, one block per line). With no
file, read one page from stdin.

With --jsonl, stream any number of pages: read JSON lines ({"id", "text"} or
{"id", "html"}, optional "lang") from the files named or stdin, and write one
JSON line per page, in input order: {"id", "text" (the article), "lang",
"lines", "kept"}. A bad record gets {"id", "error"} and the stream goes on.
Output line N answers input record N. Progress and a summary go to stderr.

options:
  --format F       text (default: the kept lines), jsonl (every line with its score
                   and label) or csv (the label-file format, to correct in the UI)
  --threshold T    keep lines scoring at least T (default: the model's own, which may differ for HTML pages)
  --model DIR      model directory (default: the shipped models/default)
  --out DIR        write one output file per page into DIR (needed for several
                   pages unless --format jsonl)
  --backend NAME   auto, tensorflow, wasm or cpu
  -v, --verbose    say which backend and model are used

streaming (--jsonl):
  --jsonl          JSON lines in, JSON lines out
  --jobs N         worker threads (default 1; 0: one per core)
  --max-record-bytes B
                   longer records get an error record (default ${DEFAULT_MAX_RECORD_BYTES}),
                   as do pages of more than ${DEFAULT_MAX_RECORD_LINES} lines
  --batch N        records per batch sent to a worker (default ${DEFAULT_BATCH_RECORDS});
                   a batch also closes at ${DEFAULT_BATCH_BYTES / 1024} KB
  -q, --quiet      no progress or summary on stderr
`;

export const clean: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f' }, threshold: { type: 'string', short: 't' }, model: { type: 'string', short: 'm' },
    out: { type: 'string', short: 'o' }, jsonl: { type: 'boolean' }, jobs: { type: 'string', short: 'j' },
    'max-record-bytes': { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, batch: { type: 'string' },
  }, 'clean');
  if (flag(values, 'help')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (flag(values, 'jsonl')) return cleanJsonl(values, positionals, io);
  for (const o of ['jobs', 'max-record-bytes', 'quiet', 'batch']) {
    if (values[o] !== undefined) throw new UserError(`--${o} goes with --jsonl`, 2);
  }
  const format = choiceOption(stringOption(values, 'format'), 'format', FORMATS, 'text');
  const threshold = values.threshold === undefined ? undefined : numberOption(stringOption(values, 'threshold'), 'threshold', 0.5, 0, 1);
  const outDir = stringOption(values, 'out');
  const verbose = flag(values, 'verbose');
  const files = expandPageInputs(positionals, io.cwd);
  if (positionals.length > 0 && files.length === 0) throw new UserError(`no pages (*.txt, *.html) in ${positionals.join(', ')}`);
  if (files.length > 1 && !outDir && format !== 'jsonl') throw new UserError('several pages: write them with --out DIR, or use --format jsonl', 2);

  const { startBackend, openModel, Classifier, pageFromBytes, readPageFile, MAX_PAGE_BYTES } = modelModules();
  await startBackend(values, io, verbose);
  const classifier = new Classifier(await openModel(stringOption(values, 'model'), io));
  if (verbose) io.stderr.write(`chaff: model ${classifier.model.metadata.name}, threshold ${threshold ?? formatThresholds(classifier.threshold, classifier.model.thresholdFor('html'))}\n`);
  try {
    if (files.length === 0) {
      const page = pageFromBytes(await readAll(io.stdin, MAX_PAGE_BYTES), 'stdin');
      emit(io, format, 'stdin', page, classifier.classifyPage(page, { threshold }), outDir);
      return 0;
    }
    if (outDir) fs.mkdirSync(path.resolve(io.cwd, outDir), { recursive: true });
    for (let i = 0; i < files.length; i += PAGES_PER_BATCH) {
      const batch = files.slice(i, i + PAGES_PER_BATCH);
      const pages = batch.map((f) => readPageFile(f));
      const results = classifier.classifyPages(pages, { threshold });
      pages.forEach((p, k) => emit(io, format, batch[k]!, p, results[k]!, outDir && path.resolve(io.cwd, outDir)));
    }
    return 0;
  } finally {
    classifier.dispose();
  }
};

/** chaff clean --jsonl: stream JSON lines through a pool of workers. */
async function cleanJsonl(values: ReturnType<typeof parse>['values'], positionals: readonly string[], io: Io): Promise<number> {
  if (values.out !== undefined) throw new UserError('--jsonl writes to stdout; redirect it instead of --out', 2);
  if (values.format !== undefined) throw new UserError('--jsonl has its own output format; drop --format', 2);
  const threshold = values.threshold === undefined ? undefined : numberOption(stringOption(values, 'threshold'), 'threshold', 0.5, 0, 1);
  const jobsAsked = numberOption(stringOption(values, 'jobs'), 'jobs', 1, 0, 256);
  if (!Number.isInteger(jobsAsked)) throw new UserError('--jobs must be a whole number', 2);
  const jobs = jobsAsked === 0 ? Math.max(1, os.availableParallelism()) : jobsAsked;
  const maxRecordBytes = numberOption(stringOption(values, 'max-record-bytes'), 'max-record-bytes', DEFAULT_MAX_RECORD_BYTES, 1, 2 ** 31 - 1);
  const backend = choiceOption<BackendChoice>(stringOption(values, 'backend'), 'backend', BACKEND_NAMES, (io.env.CHAFF_BACKEND as BackendChoice) ?? 'auto');
  const batchRecords = numberOption(stringOption(values, 'batch'), 'batch', DEFAULT_BATCH_RECORDS, 1, 100_000);
  const model = stringOption(values, 'model');
  await cleanStream({
    inputs: positionals,
    jobs,
    modelDir: model ? path.resolve(io.cwd, model) : undefined,
    backend,
    threshold,
    maxRecordBytes: Math.floor(maxRecordBytes),
    batchRecords: Math.floor(batchRecords),
    quiet: flag(values, 'quiet'),
    verbose: flag(values, 'verbose'),
  }, io);
  return 0;
}

function emit(io: Io, format: Format, file: string, page: Page, results: readonly LineResult[], outDir: string | undefined): void {
  const id = file === 'stdin' ? 'stdin' : path.basename(file).replace(/\.[^.]+$/, '');
  // Label-format output never replaces a person's labels, or a file that does not parse.
  if (outDir && format === 'csv') writeGeneratedLabelFile(path.join(outDir, id + EXTENSION.csv), labelledPage(id, page, results));
  else if (outDir) writeFileAtomicSync(path.join(outDir, id + EXTENSION[format]), render(format, id, page, results));
  else io.stdout.write(render(format, id, page, results));
}

function labelledPage(id: string, page: Page, results: readonly LineResult[]): LabelledPage {
  const { POLICY_VERSION } = modelModules();
  return {
    meta: { id, lang: page.lang, site: 'unknown', source: 'chaff-clean', policy: POLICY_VERSION },
    lines: page.lines,
    labels: results.map((r) => r.label),
  };
}

export function render(format: Format, id: string, page: Page, results: readonly LineResult[]): string {
  const { keptText, writeLabelCsv } = modelModules();
  switch (format) {
    case 'text':
      return keptText(results);
    case 'jsonl':
      return results.map((r) => JSON.stringify({ page: id, line: r.line, text: r.text, label: r.label, score: r.score === null ? null : round(r.score) })).join('\n') + (results.length ? '\n' : '');
    case 'csv':
      return writeLabelCsv(labelledPage(id, page, results));
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
