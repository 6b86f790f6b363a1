/**
 * `chaff import`: line labels for real pages from their gold article text.
 *
 * Reads the corpus folders described in the data README (never copying a page
 * into the repository), turns each page into lines as chaff sees them, aligns
 * the lines to the gold (core/align/goldAlign) and writes one full label CSV
 * per page to `<out>/<source>/<id>.csv` (git-ignored work/ by default), plus
 * `<out>/report.json` with per-source counts and examples of hard lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alignToGold, ARTICLE_MIN, NOISE_MAX, type Reason } from '../../../core/align/goldAlign';
import { htmlToLines } from '../../../core/html/htmlLines';
import { hintsFileFor, serializeHints, HINTS_SUFFIX } from '../../hintFiles';
import { writeFileAtomicSync } from '../../atomicWrite';
import { writeGeneratedLabelFile } from '../../labelFiles';
import { SOURCE_NAMES, type GoldPage, type Source, type SourceName } from '../../corpus/source';
import { fundus } from '../../corpus/sources/fundus';
import { readability } from '../../corpus/sources/readability';
import { scrapinghub } from '../../corpus/sources/scrapinghub';
import { wcxb } from '../../corpus/sources/wcxb';
import { choiceOption, flag, numberOption, parse, stringOption } from '../args';
import { UserError, type Command } from '../io';

interface HardExample {
  readonly id: string;
  readonly line: number;
  readonly coverage: number;
  readonly text: string;
}

interface SourceReport {
  pages: number;
  skipped: number;
  lines: number;
  article: number;
  noise: number;
  hard: number;
  goldTokens: number;
  goldMatched: number;
  seconds: number;
  reasons: Partial<Record<Reason, number>>;
  skips: Record<string, number>;
  /** Pages left out because too little of their gold was found on them. */
  lowRecall: string[];
  hardExamples: HardExample[];
}

const SOURCES: Record<SourceName, Source> = { fundus, readability, scrapinghub, wcxb };
const DEFAULT_OUT = path.join('work', 'imported');
/** Hard-line examples kept per source, at most this many per page. */
const HARD_EXAMPLES = 24;
const HARD_PER_PAGE = 2;
/** Longest example text kept in the report. */
const EXAMPLE_CHARS = 200;
const PROGRESS_EVERY = 100;
/** Pages whose article lines match less of the gold than this are left out. */
const MIN_PAGE_RECALL = 0.5;
/** wcxb page types imported by default: the ones that are articles. */
const DEFAULT_PAGE_TYPES = 'article';

const USAGE = `usage: chaff import [--source fundus|readability|scrapinghub|wcxb|all] [--data DIR] [--out DIR] [--limit N]
                    [--page-types LIST] [--fixtures] [--wcxb-test] [--json] [-v]

Label the lines of real pages from their gold article text.
  --source S      one source, or all (default all)
  --data DIR      the corpus folder (default $CHAFF_DATA, else ../shared/data beside the repo)
  --out DIR       where label CSVs and report.json go (default work/imported)
  --limit N       at most N pages per source
  --page-types L  wcxb page types to import, comma-separated, or all (default article: chaff
                  separates articles from their chaff; product, forum or listing pages have
                  no article, and their "main content" teaches another task)
  --fixtures      include readability's synthetic test fixtures
  --wcxb-test     include wcxb pages whose HTML is also in its test split
  --json          print the report as JSON instead of a table
  -v, --verbose   also print examples of hard-to-call lines
`;

export const importCommand: Command = async (argv, io) => {
  const { values } = parse(argv, {
    source: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string' },
    json: { type: 'boolean' }, fixtures: { type: 'boolean' }, 'wcxb-test': { type: 'boolean' }, 'page-types': { type: 'string' },
  }, 'import');
  if (flag(values, 'help')) {
    io.stdout.write(USAGE);
    return 0;
  }
  const which = choiceOption(stringOption(values, 'source'), 'source', [...SOURCE_NAMES, 'all'] as const, 'all');
  const limit = numberOption(stringOption(values, 'limit'), 'limit', Infinity, 1);
  const data = path.resolve(io.cwd, stringOption(values, 'data') ?? io.env.CHAFF_DATA ?? path.join(repoRoot(), '..', 'shared', 'data'));
  const out = path.resolve(io.cwd, stringOption(values, 'out') ?? DEFAULT_OUT);
  if (!isDir(data)) throw new UserError(`data folder not found: ${data} (set --data or CHAFF_DATA)`);
  const names = which === 'all' ? SOURCE_NAMES.filter((n) => isDir(path.join(data, n))) : [which];
  for (const n of names) if (!isDir(path.join(data, n))) throw new UserError(`no ${n}/ folder in ${data}`);

  const typesOption = stringOption(values, 'page-types') ?? DEFAULT_PAGE_TYPES;
  const pageTypes = typesOption === 'all' ? undefined : typesOption.split(',').map((t) => t.trim()).filter(Boolean);
  const reports: Partial<Record<SourceName, SourceReport>> = {};
  for (const name of names) {
    reports[name] = runSource(name, path.join(data, name), path.join(out, name), limit, {
      fixtures: flag(values, 'fixtures'), wcxbTest: flag(values, 'wcxb-test'), pageTypes,
    }, (msg) => io.stderr.write(msg));
  }
  const report = { data, out, thresholds: { articleMin: ARTICLE_MIN, noiseMax: NOISE_MAX }, sources: reports };
  fs.mkdirSync(out, { recursive: true });
  writeFileAtomicSync(path.join(out, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  io.stdout.write(flag(values, 'json') ? JSON.stringify(report, null, 2) + '\n' : table(reports, flag(values, 'verbose')));
  return 0;
};

function runSource(name: SourceName, dir: string, outDir: string, limit: number, opts: { fixtures: boolean; wcxbTest: boolean; pageTypes?: readonly string[] }, progress: (s: string) => void): SourceReport {
  const r: SourceReport = { pages: 0, skipped: 0, lines: 0, article: 0, noise: 0, hard: 0, goldTokens: 0, goldMatched: 0, seconds: 0, reasons: {}, skips: {}, lowRecall: [], hardExamples: [] };
  const t0 = Date.now();
  const written = new Set<string>();
  fs.mkdirSync(outDir, { recursive: true });
  const onSkip = (_id: string, reason: string) => {
    r.skipped++;
    r.skips[reason] = (r.skips[reason] ?? 0) + 1;
  };
  for (const page of SOURCES[name](dir, { ...opts, onSkip })) {
    if (r.pages >= limit) break;
    const file = `${page.meta.id}.csv`;
    const skip = labelPage(page, path.join(outDir, file), r);
    if (skip) {
      onSkip(page.meta.id, skip);
      r.lowRecall.push(page.meta.id);
      continue;
    }
    written.add(file);
    if (++r.pages % PROGRESS_EVERY === 0) progress(`import ${name}: ${r.pages} pages\n`);
  }
  // A full run replaces the folder's labels: stale files from pages now left out must not be trained on.
  if (limit === Infinity) {
    for (const f of fs.readdirSync(outDir)) {
      const csv = f.endsWith(HINTS_SUFFIX) ? f.slice(0, -HINTS_SUFFIX.length) + '.csv' : f;
      if (csv.endsWith('.csv') && !written.has(csv)) fs.rmSync(path.join(outDir, f));
    }
  }
  r.seconds = (Date.now() - t0) / 1000;
  progress(`import ${name}: ${r.pages} pages in ${r.seconds.toFixed(1)} s\n`);
  return r;
}

/** Label one page and write its CSV; or say why it was left out. */
function labelPage(page: GoldPage, file: string, r: SourceReport): string | undefined {
  const { lines, hints } = htmlToLines(page.html);
  const a = alignToGold(lines, page.gold, page.hints);
  // Most of the gold not on the page: the article is rendered from script
  // data, hidden in <noscript>, or worded differently, so "noise" would be a guess.
  if (a.goldTokens === 0 || a.goldMatched / a.goldTokens < MIN_PAGE_RECALL) return `under ${MIN_PAGE_RECALL * 100}% of the gold found on the page`;
  writeGeneratedLabelFile(file, { meta: page.meta, lines, labels: a.labels });
  // The HTML hints of each line, beside the labels, so training sees the markup without re-parsing the page.
  writeFileAtomicSync(hintsFileFor(file), serializeHints(hints));
  r.goldTokens += a.goldTokens;
  r.goldMatched += a.goldMatched;
  let examples = 0;
  lines.forEach((text, i) => {
    if (text.length === 0) return;
    r.lines++;
    const label = a.labels[i];
    if (label === 'article') r.article++;
    else if (label === 'noise') r.noise++;
    else r.hard++;
    r.reasons[a.reasons[i]!] = (r.reasons[a.reasons[i]!] ?? 0) + 1;
    // Spread the examples over pages: every page's first hard lines until the quota is met.
    if (label === null && examples < HARD_PER_PAGE && r.hardExamples.length < HARD_EXAMPLES) {
      examples++;
      r.hardExamples.push({ id: page.meta.id, line: i + 1, coverage: round(a.coverage[i]!), text: text.slice(0, EXAMPLE_CHARS) });
    }
  });
  return undefined;
}

function table(reports: Partial<Record<SourceName, SourceReport>>, verbose: boolean): string {
  const head = ['source', 'pages', 'skipped', 'lines', 'article', 'noise', 'hard', 'gold recall', 'pages/s'];
  const rows = Object.entries(reports).map(([name, r]) => [
    name, String(r.pages), String(r.skipped), String(r.lines), pct(r.article, r.lines), pct(r.noise, r.lines), pct(r.hard, r.lines),
    r.goldTokens ? `${((100 * r.goldMatched) / r.goldTokens).toFixed(1)}%` : '-', r.seconds > 0 ? (r.pages / r.seconds).toFixed(1) : '-',
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const fmt = (row: string[]) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ') + '\n';
  let s = fmt(head) + rows.map(fmt).join('');
  if (verbose) {
    for (const [name, r] of Object.entries(reports)) {
      s += `\nhard-to-call lines, ${name}:\n`;
      for (const e of r.hardExamples) s += `  ${e.id}:${e.line} (${e.coverage.toFixed(2)}) ${e.text}\n`;
    }
  }
  return s;
}

function pct(k: number, n: number): string {
  return n === 0 ? '-' : `${k} (${((100 * k) / n).toFixed(0)}%)`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function isDir(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** The folder holding package.json, from wherever this file runs (src/ or dist/). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
