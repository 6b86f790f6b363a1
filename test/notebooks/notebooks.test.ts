/**
 * The notebooks in notebooks/: their helper library (fast tests), and every
 * notebook executed end to end by Jupyter on the tslab kernel (slow), so that
 * none of them rots.
 *
 * Execution needs Debian's jupyter (`bash .ci/system-deps`) and tslab (a dev
 * dependency). The tslab kernel spec is installed into a temporary prefix for
 * the run, pointing at this checkout's node_modules/.bin/tslab, so whatever
 * tslab kernel the machine may have installed elsewhere is never used. The
 * executed copies go to a temporary folder: the committed notebooks (and their
 * outputs) are never rewritten.
 *
 * Only model-free helpers are imported here at run time: loading a model
 * through dist/ would register dist's tfjs layer classes over src's for the
 * other test files. The rest is imported for its types, so `tsc` checks it.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { barChart, binCounts, esc, histogram, lineChart, logEdges, niceDomain, niceTicks } from '../../notebooks/lib/plot';
import { htmlTable, md, pct } from '../../notebooks/lib/table';
import { tmpDir } from '../helpers/cli';
import { loadCorpus, pageCounts, repoRoot, samplePages } from '../../notebooks/lib/data';
import { checkPage, lineFeatures, showFeature } from '../../notebooks/lib/ngrams';
import { kindsOf } from '../../notebooks/lib/kinds';
import { averagePrecision, thresholdCurve } from '../../notebooks/lib/score';
import { featurizePage } from '../../dist/core/features/featurize';
import { DEFAULT_SETTINGS } from '../../dist/core/features/settings';
import type * as _attribution from '../../notebooks/lib/attribution';
import type * as _model from '../../notebooks/lib/model';

/** Type-checked, never loaded here (see above). */
export type TypeCheckedOnly = [typeof _attribution.pack, typeof _model.loadModel];

const REPO = path.join(__dirname, '..', '..');
const NOTEBOOKS = ['corpus', 'errors', 'learned'];

/** True when `svg` is one element whose tags nest properly (our plots use no comments, CDATA or doctype). */
function wellFormed(svg: string): boolean {
  const stack: string[] = [];
  let roots = 0;
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (close) {
      if (stack.pop() !== name) return false;
    } else if (!self) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    } else if (stack.length === 0) {
      return false;
    }
  }
  const stripped = svg.replace(/<[^>]*>/g, '');
  return stack.length === 0 && roots === 1 && !/[<>]/.test(stripped) && !/&(?!amp;|lt;|gt;|quot;)/.test(stripped);
}

describe('notebooks/lib', () => {
  describe('plot', () => {
    it('draws bar charts: grouped, stacked and diverging, with labels escaped', () => {
      const grouped = barChart({ title: 'a <b> & "c"', categories: ['x<y', 'Đọc nhiều'], series: [{ name: 's1', values: [1, 2] }, { name: 's2', values: [3, 0] }] });
      expect(wellFormed(grouped)).to.equal(true);
      expect(grouped).to.include('a &lt;b&gt; &amp; &quot;c&quot;').and.include('x&lt;y').and.include('Đọc nhiều');
      expect(grouped.match(/<rect [^>]*><title>/g)).to.have.length(4);
      const stacked = barChart({ categories: ['a', 'b'], series: [{ name: 'article', values: [0.25, 0.5] }, { name: 'noise', values: [0.75, 0.5] }], stacked: true });
      expect(wellFormed(stacked)).to.equal(true);
      const diverging = barChart({ categories: ['up', 'down'], series: [{ name: 'push', values: [0.5, -0.25] }], diverging: { negative: 'noise', positive: 'article' } });
      expect(wellFormed(diverging)).to.equal(true);
      expect(diverging).to.include('#2f6db5').and.include('#d9622b');
      expect(wellFormed(barChart({ categories: [], series: [] }))).to.equal(true);
      expect(wellFormed(barChart({ categories: ['nan'], series: [{ name: 'v', values: [NaN] }] }))).to.equal(true);
    });

    it('bins values with open ends and draws histograms and line charts', () => {
      expect(binCounts([0, 1, 1.5, 2, 9, -5, NaN], [0, 1, 2, 3])).to.deep.equal([2, 2, 2]);
      const edges = logEdges(1, 1000, 2);
      expect(edges).to.have.length(7);
      expect(edges[0]).to.be.closeTo(1, 1e-9);
      expect(edges[6]).to.be.closeTo(1000, 1e-6);
      const h = histogram({ series: [{ name: 'article', values: [3, 30, 300] }, { name: 'noise', values: [] }], edges, logX: true });
      expect(wellFormed(h)).to.equal(true);
      expect(h).to.include('article (3)').and.include('noise (0)');
      const l = lineChart({
        series: [{ name: 'pr', points: [[0, 1], [0.5, 0.8], [1, NaN]] }], markers: [{ x: 0.5, y: 0.8, label: 't=0.5' }],
        bands: [{ from: 1, to: 2 }], rules: [{ x: 0.3, label: 'r' }], xDomain: [0, 1], yDomain: [0, 1],
      });
      expect(wellFormed(l)).to.equal(true);
      expect(wellFormed(lineChart({ series: [] }))).to.equal(true);
    });

    it('picks round ticks and domains, and escapes what XML forbids', () => {
      expect(niceTicks(0, 1, 5)).to.deep.equal([0, 0.2, 0.4, 0.6, 0.8, 1]);
      expect(niceDomain(0, 0.87)).to.deep.equal([0, 1]);
      expect(niceDomain(3, 3)).to.deep.equal([0, 3]);
      expect(esc('a\u0002b<')).to.equal('ab&lt;');
    });
  });

  it('htmlTable escapes cells and right-aligns numbers; md turns the notes\' markdown into HTML', () => {
    const t = htmlTable([{ name: '<b>', n: 1234, share: 0.5 }], { format: { share: (v) => pct(v) } });
    expect(t).to.include('&lt;b&gt;').and.include('1,234').and.include('50.0%').and.include('text-align:right');
    expect(md('**Bold** and `a*b*<c>` and *it*\n\nnext')).to.equal('<p><b>Bold</b> and <code>a*b*&lt;c&gt;</code> and <i>it</i></p>\n<p>next</p>');
  });

  describe('ngrams', () => {
    it('spells out every id the featurizer puts in a slot, on every seed page', () => {
      const { pages } = loadCorpus({ want: 'seeds' });
      expect(pages.length).to.be.at.least(5);
      for (const p of pages) {
        const r = checkPage({ lines: p.lines, lang: p.meta.lang, hints: p.hints }, DEFAULT_SETTINGS);
        expect(r.unexplained, p.meta.id).to.equal(0);
        expect(r.exactMismatches, p.meta.id).to.equal(0);
        expect(r.exactLines, p.meta.id).to.be.above(0);
      }
    });

    it('covers digits, case, astral characters, other languages and HTML hints', () => {
      const lines = ['Cập nhật 22/5/2024 lúc 10:30', 'L\'ÉTÉ 2023 à Paris — 😀 émoji', 'The Quick Brown Fox 99', '', 'x'.repeat(400) + ' 𝔘𝔫𝔦', 'Ảnh: TTXVN'];
      const hints = lines.map((_, i) => ({ linkShare: i / 10, tags: ['a', 'h2', 'li'], attrWords: ['menu', 'item42', 'Nav'] }));
      for (const lang of ['vi', 'fr', 'en', 'und', 'de']) {
        const r = checkPage({ lines, lang, hints }, DEFAULT_SETTINGS);
        expect(r.unexplained, lang).to.equal(0);
        expect(r.exactMismatches, lang).to.equal(0);
      }
      const f = lineFeatures('Ảnh: 22', 'vi', undefined, DEFAULT_SETTINGS);
      expect(f.map(showFeature)).to.include('"^ả"').and.include('ảnh (first word)').and.include('00 (last word)');
    });
  });

  it('kindsOf reads kinds off the dense features', () => {
    const lines = ['© 2024 Example Media. All rights reserved.', 'www.example.com', '22/05/2024 10:30', 'Ảnh: TTXVN', 'Home', 'This is a long sentence of prose that ends with a full stop.', 'A Title Without A Final Stop', 'Home'];
    const hints = lines.map((_, i) => ({ linkShare: i === 4 ? 1 : 0, tags: i === 4 ? ['a', 'nav'] : [], attrWords: [] }));
    const f = featurizePage({ lines, lang: 'en', hints }, DEFAULT_SETTINGS);
    expect(kindsOf(lines, f, DEFAULT_SETTINGS)).to.deep.equal([
      'copyright / legal', 'URL or e-mail', 'date or time', 'credit or byline cue', 'in nav/header/footer/aside',
      'prose sentence (8+ words)', 'title-like (4+ words, no final stop)', 'repeated on the page',
    ]);
  });

  it('thresholdCurve and averagePrecision count lines like metrics.ts', () => {
    const pages = [{ page: 'p', lang: 'en', source: 's', labels: ['article', 'noise', 'article', null, 'noise'] as const, scores: [0.9, 0.8, 0.7, 0.99, 0.1] }];
    const c = thresholdCurve(pages.map((p) => ({ ...p, labels: [...p.labels] })));
    expect(c.map((p) => p.threshold)).to.deep.equal([0.9, 0.8, 0.7, 0.1]);
    expect(c[2]).to.deep.include({ precision: 2 / 3, recall: 1 });
    expect(averagePrecision(pages.map((p) => ({ ...p, labels: [...p.labels] })))).to.be.closeTo(0.5 * 1 + 0.5 * (2 / 3), 1e-12);
  });

  it('loads the seed pages, counts their lines and samples pages evenly per source', () => {
    expect(repoRoot(path.join(REPO, 'notebooks', 'lib'))).to.equal(path.resolve(REPO));
    const corpus = loadCorpus({ want: 'seeds' });
    expect(corpus.mode).to.equal('seeds');
    expect(corpus.note).to.include('Seed pages only');
    const total = corpus.pages.map(pageCounts).reduce((a, c) => ({ article: a.article + c.article, noise: a.noise + c.noise }), { article: 0, noise: 0 });
    expect(total.article).to.be.above(0);
    expect(total.noise).to.be.above(total.article);
    const fake = Array.from({ length: 10 }, (_, i) => ({ meta: { id: `p${i}`, source: i < 8 ? 'a' : 'b' } }));
    expect(samplePages(fake, 4).map((p) => p.meta.id)).to.deep.equal(['p0', 'p2', 'p4', 'p6', 'p8', 'p9']);
  });
});

describe('notebooks (executed by jupyter on the tslab kernel)', function () {
  this.timeout(15 * 60_000);
  this.slow(5 * 60_000);
  let env: NodeJS.ProcessEnv;
  let out: string;

  before(function () {
    if (!fs.existsSync(path.join(REPO, 'dist', 'index.js'))) throw new Error('dist/ is not built: run `npm run build` (the notebooks import the compiled library)');
    const nbconvert = spawnSync('jupyter', ['nbconvert', '--version'], { encoding: 'utf8' });
    if (nbconvert.status !== 0) {
      throw new Error('jupyter nbconvert is not installed, so the notebooks cannot run: install Debian\'s jupyter-notebook, jupyter-nbconvert and python3-ipykernel (`bash .ci/system-deps`)');
    }
    const python = jupyterPython();
    const tslab = path.join(REPO, 'node_modules', '.bin', 'tslab');
    if (!fs.existsSync(tslab)) throw new Error('tslab is not installed: run `npm ci` (it is a dev dependency)');
    const prefix = tmpDir('chaff-tslab-');
    const install = spawnSync(process.execPath, [tslab, 'install', `--python=${python}`, `--binary=${tslab}`, `--prefix=${prefix}`], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`tslab install failed: ${install.stdout}${install.stderr}`);
    const kernels = path.join(prefix, 'share', 'jupyter');
    expect(fs.existsSync(path.join(kernels, 'kernels', 'tslab', 'kernel.json'))).to.equal(true);
    env = { ...process.env, JUPYTER_PATH: [kernels, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter) };
    out = tmpDir('chaff-notebooks-');
  });

  for (const name of NOTEBOOKS) {
    it(`${name}.ipynb runs end to end without a cell error and draws plots`, () => {
      const src = path.join(REPO, 'notebooks', `${name}.ipynb`);
      const before = fs.readFileSync(src, 'utf8');
      const started = Date.now();
      const r = spawnSync('jupyter', [
        'nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=tslab',
        '--ExecutePreprocessor.timeout=600', '--output-dir', out, src,
      ], { cwd: REPO, env, encoding: 'utf8', timeout: 14 * 60_000, maxBuffer: 64 * 1024 * 1024 });
      const seconds = (Date.now() - started) / 1000;
      expect(r.status, `${name}.ipynb failed after ${seconds.toFixed(0)} s:\n${tail(r.stderr || String(r.error ?? ''), 60)}`).to.equal(0);
      const nb = JSON.parse(fs.readFileSync(path.join(out, `${name}.ipynb`), 'utf8')) as { cells: { cell_type: string; outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string; evalue?: string }[] }[] };
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
      const errors = outputs.filter((o) => o.output_type === 'error');
      expect(errors.map((e) => `${e.ename}: ${e.evalue}`), name).to.deep.equal([]);
      expect(outputs.filter((o) => o.data?.['image/svg+xml']).length, `${name}: plots`).to.be.at.least(2);
      expect(fs.readFileSync(src, 'utf8'), 'the committed notebook is left alone').to.equal(before);
      process.stderr.write(`      ${name}.ipynb: ${seconds.toFixed(0)} s\n`);
    });
  }
});

/** The Python that runs jupyter (it must import jupyter_client to install a kernel spec). */
function jupyterPython(): string {
  const candidates: string[] = [];
  if (process.env.CHAFF_JUPYTER_PYTHON) candidates.push(process.env.CHAFF_JUPYTER_PYTHON);
  // jupyter-nbconvert's own interpreter, from its #! line (pyenv or a venv may shadow Debian's python3 on PATH).
  const which = spawnSync('sh', ['-c', 'command -v jupyter-nbconvert'], { encoding: 'utf8' });
  const script = which.stdout.trim();
  if (which.status === 0 && script && fs.existsSync(script)) {
    const first = fs.readFileSync(script, 'utf8').split('\n', 1)[0]!;
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m) candidates.push(m[1]!.endsWith('/env') && m[2] ? m[2] : m[1]!);
  }
  candidates.push('python3', '/usr/bin/python3');
  for (const py of candidates) {
    if (spawnSync(py, ['-c', 'import jupyter_client'], { encoding: 'utf8' }).status === 0) return py;
  }
  throw new Error(`no Python with jupyter_client among ${candidates.join(', ')}: install Debian's python3-ipykernel (\`bash .ci/system-deps\`) or set CHAFF_JUPYTER_PYTHON`);
}

function tail(s: string, lines: number): string {
  return s.trim().split('\n').slice(-lines).join('\n');
}
