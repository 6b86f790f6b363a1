/**
 * npm run bench: chaff against Debian's fastText line classifier (and a
 * keep-everything baseline), side by side, in one run, on the same lines.
 *
 *   npm run bench                      the full benchmark → bench/results.json
 *   npm run bench -- --smoke --out F   a tiny corpus, one run of each (CI)
 *
 * Options: --runs N (fast measures, default 5), --train-runs N (default 3),
 * --train-lines N, --test-lines N, --jobs N (the "all cores" figure; default
 * the machine's cores), --rss-lines N (lines streamed for throughput at
 * scale and peak memory, default 1,000,000; 0 skips), --stream-runs N
 * (default 3), --out FILE.
 *
 * What is measured and how to read it: bench/README.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildCorpus, type Corpus } from './corpus';
import { check, pairedSpeedRatios, rate, run, stat, haveGnuTime, type RunResult, type Stat } from './measure';
import { formatReport, type Metric, type Results } from './report';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'chaff.js');
const NODE = process.execPath;

interface Options {
  smoke: boolean;
  runs: number;
  trainRuns: number;
  trainLines: number;
  testLines: number;
  jobs: number;
  rssLines: number;
  streamRuns: number;
  out: string;
  work: string;
}

function parseOptions(argv: readonly string[]): Options {
  const smoke = argv.includes('--smoke');
  const get = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a number`);
    return v;
  };
  const outIdx = argv.indexOf('--out');
  return {
    smoke,
    runs: get('runs', smoke ? 1 : 5),
    trainRuns: get('train-runs', smoke ? 1 : 3),
    trainLines: get('train-lines', smoke ? 1_500 : 50_000),
    testLines: get('test-lines', smoke ? 3_000 : 150_000),
    jobs: get('jobs', Math.max(1, os.availableParallelism())),
    rssLines: get('rss-lines', smoke ? 20_000 : 1_000_000),
    streamRuns: get('stream-runs', smoke ? 1 : 3),
    out: outIdx >= 0 ? path.resolve(argv[outIdx + 1]!) : path.join(ROOT, 'bench', 'results.json'),
    work: path.join(ROOT, 'work', smoke ? 'bench-smoke' : 'bench'),
  };
}

function log(s: string): void {
  process.stderr.write(`bench: ${s}\n`);
}

function haveFastText(): string | null {
  const r = spawnSync('fasttext', [], { stdio: 'pipe' });
  if (r.error) return null;
  const v = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'fasttext'], { stdio: 'pipe' });
  return v.status === 0 ? `fasttext ${v.stdout.toString().trim()} (Debian)` : 'fasttext';
}

const FT_TRAIN_ARGS = ['-minn', '2', '-maxn', '5', '-dim', '32', '-wordNgrams', '2', '-bucket', '262144', '-thread', '1', '-epoch', '5'];

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'node', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  fs.mkdirSync(o.work, { recursive: true });
  const started = Date.now();

  log(`building the corpus in ${path.relative(ROOT, o.work)}/corpus`);
  const corpus = buildCorpus({ root: ROOT, out: path.join(o.work, 'corpus'), trainLines: o.trainLines, testLines: o.testLines, seedsOnly: o.smoke });
  if (corpus.origin === 'seeds-repeated') log('no work/imported/report.json (run `chaff import`): the corpus is the seed pages repeated, each copy a site of its own');
  log(`train: ${corpus.train.pages} pages, ${corpus.train.labelled} labelled lines; test: ${corpus.test.pages} pages, ${corpus.test.nonBlank} lines (${(corpus.test.bytes / 1e6).toFixed(1)} MB)`);
  const ft = haveFastText();
  if (!ft) log('fasttext is not installed (apt-get install fasttext): its columns stay empty');
  const metrics: Metric[] = [];
  const notes: string[] = [];
  if (corpus.origin === 'seeds-repeated') notes.push('corpus: seed pages repeated (no `chaff import` output found); figures are about speed, F1 is not meaningful');

  // 1. Training: chaff train on the train split; fastText supervised on the same lines.
  const modelDir = path.join(o.work, 'model-chaff');
  const ftModel = path.join(o.work, 'model-fasttext');
  const chaffTrain: RunResult[] = [], ftTrain: RunResult[] = [];
  let trainedLines = 0, epochs = 0;
  const weightsSeen = new Set<string>();
  for (let r = 0; r < o.trainRuns; r++) {
    const dir = r === 0 ? modelDir : path.join(o.work, `model-chaff-${r}`);
    log(`chaff train, run ${r + 1}/${o.trainRuns}`);
    const args = [BIN, 'train', corpus.files.trainDir, '--out', dir, ...(o.smoke ? ['--epochs', '2'] : [])];
    chaffTrain.push(check(await run(NODE, args, { cwd: ROOT }), 'chaff train'));
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
    // Lines of the synthetic teaser copies are trained on too.
    trainedLines = meta.training.lines + (meta.training.teaserCopies?.lines ?? 0);
    epochs = meta.training.epochs;
    weightsSeen.add(fs.readFileSync(path.join(dir, 'weights.bin')).toString('base64').slice(0, 64) + fs.statSync(path.join(dir, 'weights.bin')).size);
    if (r > 0) fs.rmSync(dir, { recursive: true, force: true });
    if (ft) {
      log(`fasttext supervised, run ${r + 1}/${o.trainRuns}`);
      ftTrain.push(check(await run('fasttext', ['supervised', '-input', corpus.files.ftTrain, '-output', ftModel, ...FT_TRAIN_ARGS], { cwd: ROOT }), 'fasttext supervised'));
    }
  }
  if (weightsSeen.size > 1) notes.push('chaff train gave different weights across runs with the same seed');
  const ftTrainLines = corpus.train.labelled;
  metrics.push({
    key: 'train_line_epochs_per_s', label: 'training, line-epochs/s', unit: 'line-epochs/s', better: 'higher',
    chaff: rate(trainedLines * epochs, chaffTrain.map((r) => r.wall)),
    fasttext: ft ? rate(ftTrainLines * 5, ftTrain.map((r) => r.wall)) : null,
    target: { ratio: 0.5 },
    detail: `chaff: ${trainedLines} lines (with its synthetic teaser copies) × ${epochs} epochs (early stopping; 20% of sites held out for it), wall time of \`chaff train\`; fastText: ${ftTrainLines} lines × 5 epochs`,
  });
  metrics.push({
    key: 'train_seconds', label: `time to a trained model (${corpus.train.labelled} lines)`, unit: 's', better: 'lower',
    chaff: stat(chaffTrain.map((r) => r.wall)),
    fasttext: ft ? stat(ftTrain.map((r) => r.wall)) : null,
    target: { max: 60 },
  });
  metrics.push({
    key: 'train_cpu_seconds', label: 'training, CPU seconds (user + sys)', unit: 's', better: 'lower',
    chaff: cpuStat(chaffTrain), fasttext: ft ? cpuStat(ftTrain) : null,
  });
  metrics.push({
    key: 'train_peak_rss_mb', label: 'training peak RSS (MB)', unit: 'MB', better: 'lower',
    chaff: mbStat(chaffTrain), fasttext: ft ? mbStat(ftTrain) : null,
  });

  // 2. Model size.
  const chaffBytes = ['model.json', 'weights.bin', 'metadata.json'].reduce((n, f) => n + fs.statSync(path.join(modelDir, f)).size, 0);
  metrics.push({
    key: 'model_mb', label: 'model on disk (MB)', unit: 'MB', better: 'lower',
    chaff: stat([chaffBytes / 1e6]), fasttext: ft ? stat([fs.statSync(`${ftModel}.bin`).size / 1e6]) : null, target: { max: 5 },
  });

  // 3. Quality on the test split: chaff eval; fastText predict on the same lines; keep everything.
  log('chaff eval on the test split');
  const evalRun = check(await run(NODE, [BIN, 'eval', corpus.files.testDir, '--model', modelDir, '--json'], { cwd: ROOT }), 'chaff eval');
  const chaffEval = JSON.parse(evalRun.stdout).overall as { precision: number; recall: number; f1: number; lines: number };
  const gold = fs.readFileSync(corpus.files.ftTestLabels, 'utf8').split('\n').slice(0, -1);
  let ftPrf: Prf | null = null;
  const ftPredFile = path.join(o.work, 'fasttext.predictions.txt');
  const baseline = prf(gold.map(() => 'article'), gold);

  // 4. Cleaning throughput, interleaved so that load on the machine falls on every tool alike.
  const cleanOut = path.join(o.work, 'clean.out.jsonl');
  const cleanRuns: Record<string, RunResult[]> = { one: [], all: [], ft: [] };
  const cleanArgs = (jobs: number) => [BIN, 'clean', '--jsonl', '--jobs', String(jobs), '--model', modelDir, corpus.files.testJsonl];
  for (let r = 0; r < o.runs; r++) {
    log(`cleaning the test split, run ${r + 1}/${o.runs}: chaff --jobs 1, chaff --jobs ${o.jobs}${ft ? ', fasttext predict-prob' : ''}`);
    cleanRuns.one!.push(checkClean(await run(NODE, cleanArgs(1), { cwd: ROOT, stdoutFile: cleanOut }), corpus));
    cleanRuns.all!.push(checkClean(await run(NODE, cleanArgs(o.jobs), { cwd: ROOT, stdoutFile: cleanOut }), corpus));
    if (ft) cleanRuns.ft!.push(check(await run('fasttext', ['predict-prob', `${ftModel}.bin`, corpus.files.ftTest], { cwd: ROOT, stdoutFile: ftPredFile }), 'fasttext predict-prob'));
    if (ft && r === 0) ftPrf = prf(readFastTextPredictions(ftPredFile, gold.length), gold);
  }
  const lines = corpus.test.nonBlank, mb = corpus.test.bytes / 1e6, pages = corpus.test.pages;
  const walls = (k: string) => cleanRuns[k]!.map((r) => r.wall);
  const ftWalls = ft ? walls('ft') : null;
  metrics.push({
    key: 'clean_all_lines_per_s', label: `clean --jsonl --jobs ${o.jobs}, lines/s`, unit: 'lines/s', better: 'higher',
    chaff: rate(lines, walls('all')), fasttext: ftWalls && rate(lines, ftWalls), target: { ratio: 1.0 },
    detail: `wall time of the whole process, start-up included, on ${lines} lines (${pages} pages, ${mb.toFixed(1)} MB); fastText: predict-prob, one thread, on the same lines` +
      (ftWalls ? `; paired by round (each chaff run over the fastText run beside it): ${pairedText(pairedSpeedRatios(walls('all'), ftWalls))}` : ''),
  });
  metrics.push({
    key: 'clean_one_lines_per_s', label: 'clean --jsonl --jobs 1, lines/s', unit: 'lines/s', better: 'higher',
    chaff: rate(lines, walls('one')), fasttext: ftWalls && rate(lines, ftWalls), target: { ratio: 0.5 },
    ...(ftWalls ? { detail: `paired by round: ${pairedText(pairedSpeedRatios(walls('one'), ftWalls))}` } : {}),
  });
  metrics.push({ key: 'clean_all_mb_per_s', label: `clean --jobs ${o.jobs}, MB/s`, unit: 'MB/s', better: 'higher', chaff: rate(mb, walls('all')), fasttext: ftWalls && rate(mb, ftWalls) });
  metrics.push({ key: 'clean_one_mb_per_s', label: 'clean --jobs 1, MB/s', unit: 'MB/s', better: 'higher', chaff: rate(mb, walls('one')), fasttext: ftWalls && rate(mb, ftWalls) });
  metrics.push({ key: 'clean_all_pages_per_s', label: `clean --jobs ${o.jobs}, pages/s`, unit: 'pages/s', better: 'higher', chaff: rate(pages, walls('all')), fasttext: ftWalls && rate(pages, ftWalls) });
  metrics.push({ key: 'clean_one_pages_per_s', label: 'clean --jobs 1, pages/s', unit: 'pages/s', better: 'higher', chaff: rate(pages, walls('one')), fasttext: ftWalls && rate(pages, ftWalls) });
  metrics.push({
    key: 'clean_cpu_seconds', label: 'clean, CPU seconds (user + sys)', unit: 's', better: 'lower',
    chaff: cpuStat(cleanRuns.one!), fasttext: ft ? cpuStat(cleanRuns.ft!) : null,
    detail: 'for --jobs 1; tells how much of the wall time is this tool, on a machine shared with other work',
  });
  metrics.push({
    key: 'clean_peak_rss_mb', label: `clean peak RSS, test split (MB), --jobs ${o.jobs}`, unit: 'MB', better: 'lower',
    chaff: mbStat(cleanRuns.all!), fasttext: ft ? mbStat(cleanRuns.ft!) : null,
  });

  metrics.push({
    key: 'f1', label: 'F1 of the article class, test split', unit: '', better: 'higher',
    chaff: stat([chaffEval.f1]), fasttext: ftPrf ? stat([ftPrf.f1]) : null, baseline: stat([baseline.f1]), target: { ratio: 1.0 },
    detail: `chaff: P ${chaffEval.precision.toFixed(3)} R ${chaffEval.recall.toFixed(3)} on ${chaffEval.lines} labelled lines` +
      (ftPrf ? `; fastText: P ${ftPrf.precision.toFixed(3)} R ${ftPrf.recall.toFixed(3)} on ${ftPrf.lines}` : '') +
      `; keep-everything: P ${baseline.precision.toFixed(3)} R 1`,
  });

  // 5. Cold start: one page, from process start to output.
  const cold: RunResult[] = [], ftCold: RunResult[] = [];
  for (let r = 0; r < o.runs; r++) {
    log(`cold start, run ${r + 1}/${o.runs}`);
    cold.push(check(await run(NODE, [BIN, 'clean', '--model', modelDir, corpus.files.onePage], { cwd: ROOT }), 'chaff clean (one page)'));
    if (ft) ftCold.push(check(await run('fasttext', ['predict-prob', `${ftModel}.bin`, corpus.files.onePageLines], { cwd: ROOT }), 'fasttext predict-prob (one page)'));
  }
  metrics.push({
    key: 'cold_start_s', label: 'cold start, one page (s)', unit: 's', better: 'lower',
    chaff: stat(cold.map((r) => r.wall)), fasttext: ft ? stat(ftCold.map((r) => r.wall)) : null, target: { max: 1.0 },
    detail: '`chaff clean page.txt`: node start, tfjs and the model loaded, one page cleaned and printed' +
      (ft ? `; fastText: predict-prob on the same page's lines (loading its ${(fs.statSync(`${ftModel}.bin`).size / 1e6).toFixed(0)} MB model)` : ''),
  });

  // 6. Streaming at scale: the test split repeated to about a million lines, for
  // throughput once start-up no longer counts (fastText on the same lines) and peak memory.
  if (o.rssLines > 0) {
    const copies = Math.max(1, Math.ceil(o.rssLines / lines));
    const total = copies * lines;
    const ftBig = path.join(o.work, 'fasttext.stream.txt');
    if (ft) fs.writeFileSync(ftBig, fs.readFileSync(corpus.files.ftTest, 'utf8').repeat(copies));
    const big: RunResult[] = [], ftRuns: RunResult[] = [];
    for (let r = 0; r < Math.max(1, o.streamRuns); r++) {
      log(`streaming ${copies} copies of the test split (${total} lines), run ${r + 1}/${Math.max(1, o.streamRuns)}: chaff --jobs ${o.jobs}${ft ? ', fasttext predict-prob' : ''}`);
      big.push(check(await run(NODE, [BIN, 'clean', '--jsonl', '--jobs', String(o.jobs), '--model', modelDir, ...Array(copies).fill(corpus.files.testJsonl)], { cwd: ROOT, stdoutFile: '/dev/null' }), 'chaff clean (streaming)'));
      if (ft) ftRuns.push(check(await run('fasttext', ['predict-prob', `${ftModel}.bin`, ftBig], { cwd: ROOT, stdoutFile: '/dev/null' }), 'fasttext predict-prob (streaming)'));
    }
    if (ft) fs.rmSync(ftBig, { force: true });
    metrics.push({
      key: 'stream_all_lines_per_s', label: `clean --jsonl --jobs ${o.jobs}, ${total.toLocaleString('en')} lines, lines/s`, unit: 'lines/s', better: 'higher',
      chaff: rate(total, big.map((r) => r.wall)), fasttext: ft ? rate(total, ftRuns.map((r) => r.wall)) : null, target: { ratio: 1.0 },
      detail: `the test split streamed ${copies} times in one process, start-up included but spread over ${total} lines; fastText: predict-prob, one thread, on the same lines`,
    });
    metrics.push({
      key: 'stream_peak_rss_mb', label: `peak RSS streaming ${total.toLocaleString('en')} lines (MB)`, unit: 'MB', better: 'lower',
      chaff: mbStat(big), fasttext: ft ? mbStat(ftRuns) : null, target: { max: 500 },
    });
  }

  const results: Results = {
    generatedAt: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
    smoke: o.smoke,
    machine: { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: os.loadavg(), rssFrom: haveGnuTime() ? '/usr/bin/time' : '/proc VmHWM' },
    peers: { fasttext: ft, fasttextArgs: ft ? FT_TRAIN_ARGS.join(' ') : null },
    corpus: { origin: corpus.origin, sources: corpus.sources, train: corpus.train, test: corpus.test, unused: corpus.unused },
    runs: { fast: o.runs, train: o.trainRuns, jobs: o.jobs },
    metrics,
    notes,
  };
  fs.mkdirSync(path.dirname(o.out), { recursive: true });
  fs.writeFileSync(o.out, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(formatReport(results));
  log(`wrote ${path.relative(process.cwd(), o.out) || o.out} in ${results.seconds.toFixed(0)} s`);
}

interface Prf {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly lines: number;
}

/** Precision, recall and F1 of the article class over the lines that have a gold label. */
function prf(pred: readonly string[], gold: readonly string[]): Prf {
  let tp = 0, fp = 0, fn = 0, n = 0;
  gold.forEach((g, i) => {
    if (g !== 'article' && g !== 'noise') return;
    n++;
    const p = pred[i] === 'article';
    if (p && g === 'article') tp++;
    else if (p) fp++;
    else if (g === 'article') fn++;
  });
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, lines: n };
}

/** fastText's predicted label per input line ("__label__article 0.93"). */
function readFastTextPredictions(file: string, expected: number): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  if (lines.length !== expected) throw new Error(`fasttext predicted ${lines.length} lines for ${expected}`);
  return lines.map((l) => (l.startsWith('__label__article') ? 'article' : 'noise'));
}

/** The summary chaff clean --jsonl prints must account for every test page and line. */
function checkClean(r: RunResult, corpus: Corpus): RunResult {
  check(r, 'chaff clean --jsonl');
  const m = /chaff clean: (\d+) pages, (\d+) lines, (\d+) kept, (\d+) errors?/.exec(r.stderr);
  if (!m) throw new Error(`chaff clean --jsonl printed no summary:\n${r.stderr.slice(-1000)}`);
  const [pages, lines, , errors] = m.slice(1).map(Number);
  if (pages !== corpus.test.pages || lines !== corpus.test.cleanLines || errors !== 0) {
    throw new Error(`chaff clean --jsonl cleaned ${pages} pages / ${lines} lines with ${errors} errors; the test split has ${corpus.test.pages} / ${corpus.test.cleanLines}`);
  }
  return r;
}

function mbStat(rs: readonly RunResult[]): Stat {
  return stat(rs.map((r) => (r.rss ?? NaN) / 1e6));
}

function cpuStat(rs: readonly RunResult[]): Stat {
  return stat(rs.map((r) => r.cpu ?? NaN));
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});

function pairedText(s: Stat): string {
  return `median ${s.median.toFixed(2)}× [${s.min.toFixed(2)}–${s.max.toFixed(2)}×]`;
}
