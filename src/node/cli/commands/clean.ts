/**
 * chaff clean [FILES|DIRS…]
 *
 * Strips the noise lines from pages with a line model (default: the shipped
 * one). Reads stdin when given no file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringOption, numberOption, flag, choiceOption } from '../args';
import { UserError, type Command, type Io } from '../io';
import { openModel, startBackend } from './shared';
import { expandPageInputs, readAll } from '../../inputs';
import { readPageFile, pageFromBytes, MAX_PAGE_BYTES } from '../../pageFiles';
import { writeFileAtomicSync } from '../../atomicWrite';
import { Classifier, keptText, type LineResult } from '../../../core/classifier';
import { writeLabelCsv } from '../../../core/labels/csv';
import { POLICY_VERSION } from '../../../core/labels/schema';
import type { Page } from '../../../core/page';

const FORMATS = ['text', 'jsonl', 'csv'] as const;
type Format = (typeof FORMATS)[number];
const EXTENSION: Record<Format, string> = { text: '.txt', jsonl: '.jsonl', csv: '.csv' };
/** Pages scored per model call when cleaning many files. */
const PAGES_PER_BATCH = 32;

const HELP = `usage: chaff clean [FILES|DIRS…] [options]

Print the article lines of each page (text dumps, one block per line). With no
file, read one page from stdin.

options:
  --format F       text (default: the kept lines), jsonl (every line with its score
                   and label) or csv (the label-file format, to correct in the UI)
  --threshold T    keep lines scoring at least T (default: the model's own)
  --model DIR      model directory (default: the shipped models/default)
  --out DIR        write one output file per page into DIR (needed for several
                   pages unless --format jsonl)
  --backend NAME   auto, tensorflow, wasm or cpu
  -v, --verbose    say which backend and model are used
`;

export const clean: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f' }, threshold: { type: 'string', short: 't' }, model: { type: 'string', short: 'm' },
    out: { type: 'string', short: 'o' },
  }, 'clean');
  if (flag(values, 'help')) {
    io.stdout.write(HELP);
    return 0;
  }
  const format = choiceOption(stringOption(values, 'format'), 'format', FORMATS, 'text');
  const threshold = values.threshold === undefined ? undefined : numberOption(stringOption(values, 'threshold'), 'threshold', 0.5, 0, 1);
  const outDir = stringOption(values, 'out');
  const verbose = flag(values, 'verbose');
  const files = expandPageInputs(positionals, io.cwd);
  if (positionals.length > 0 && files.length === 0) throw new UserError(`no pages (*.txt, *.html) in ${positionals.join(', ')}`);
  if (files.length > 1 && !outDir && format !== 'jsonl') throw new UserError('several pages: write them with --out DIR, or use --format jsonl', 2);

  await startBackend(values, io, verbose);
  const classifier = new Classifier(await openModel(stringOption(values, 'model'), io));
  if (verbose) io.stderr.write(`chaff: model ${classifier.model.metadata.name}, threshold ${threshold ?? classifier.threshold}\n`);
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

function emit(io: Io, format: Format, file: string, page: Page, results: readonly LineResult[], outDir: string | undefined): void {
  const id = file === 'stdin' ? 'stdin' : path.basename(file).replace(/\.[^.]+$/, '');
  const body = render(format, id, page, results);
  if (outDir) writeFileAtomicSync(path.join(outDir, id + EXTENSION[format]), body);
  else io.stdout.write(body);
}

export function render(format: Format, id: string, page: Page, results: readonly LineResult[]): string {
  switch (format) {
    case 'text':
      return keptText(results);
    case 'jsonl':
      return results.map((r) => JSON.stringify({ page: id, line: r.line, text: r.text, label: r.label, score: r.score === null ? null : round(r.score) })).join('\n') + (results.length ? '\n' : '');
    case 'csv':
      return writeLabelCsv({
        meta: { id, lang: page.lang, site: 'unknown', source: 'chaff-clean', policy: POLICY_VERSION },
        lines: page.lines,
        labels: results.map((r) => r.label),
      });
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
