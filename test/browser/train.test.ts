/**
 * The model in the browser: the same feature ids and scores as Node, and a
 * model trained in the browser's Web Worker, saved through the server, that
 * `chaff clean --model` scores the same (within 1e-5).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { useBackend } from '../helpers/backend';
import { spawnChaff } from '../helpers/cli';
import { LABELS_DIR } from '../helpers/tiny';
import { featurizePage } from '../../src/core/features/featurize';
import { DEFAULT_SETTINGS } from '../../src/core/features/settings';
import { pageFromHtml } from '../../src/core/page';
import { readPageFile } from '../../src/node/pageFiles';
import { loadModelDir } from '../../src/node/modelDir';
import type { LabelServer } from '../../src/node/server/server';
import { launch, newPage, openPage, pageErrors, seedWorkspace, serve, type Workspace } from './helpers';

const ID = '001_e2ca31daff265501';
const HTML = `<!doctype html><html lang="fr"><body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/monde">Monde</a></li></ul></nav>
<article class="story"><h1>Le port sera reconstruit</h1><p>Le conseil a annoncé lundi que le vieux port serait reconstruit en trois ans, à partir du printemps.</p>
<figure><img src="a.jpg" alt="Le port"><figcaption>Le vieux port. Photo : AFP</figcaption></figure></article>
<aside class="related"><h3>Lire aussi</h3><a href="/x">Un autre sujet sans rapport</a></aside><footer>© 2025 Exemple</footer></body></html>`;

type Hooks = {
  featurize(p: unknown): Promise<{ ids: number[]; weights: number[]; dense: number[] }>;
  scoreWithServerModel(p: unknown[]): Promise<Record<string, number[]>>;
  browserScores(id: string): number[] | null;
  view(): { scores: (number | null)[] } | null;
};
const hooks = (page: Page) => ({
  featurize: (p: unknown) => page.evaluate((x) => (window as unknown as { __chaff: Hooks }).__chaff.featurize(x), p),
  score: (p: unknown[]) => page.evaluate((x) => (window as unknown as { __chaff: Hooks }).__chaff.scoreWithServerModel(x), p),
  browserScores: (id: string) => page.evaluate((x) => (window as unknown as { __chaff: Hooks }).__chaff.browserScores(x), id),
  view: () => page.evaluate(() => (window as unknown as { __chaff: Hooks }).__chaff.view()),
});

describe('chaff label in Chromium: the model in the browser', function () {
  this.timeout(180000);
  this.slow(60000);
  useBackend('wasm');
  let browser: Browser;
  let ws: Workspace;
  let server: LabelServer;
  let page: Page;

  before(async () => {
    ws = seedWorkspace({ withLabels: true });
    [browser, server] = await Promise.all([launch(), serve(ws)]);
    page = await newPage(browser);
    await openPage(page, server, ID);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => expect(pageErrors(page)).to.deep.equal([]));

  it('computes the same feature ids, weights and dense features as Node (text and HTML pages)', async () => {
    const text = readPageFile(path.join(LABELS_DIR, `${ID}.txt`));
    const html = pageFromHtml(HTML);
    expect(html.hints).to.have.length(html.lines.length);
    for (const p of [text, html]) {
      const node = featurizePage(p, DEFAULT_SETTINGS);
      const web = await hooks(page).featurize({ id: 'x', lines: p.lines, lang: p.lang, hints: p.hints });
      expect(web.ids).to.deep.equal(Array.from(node.ids));
      expect(web.weights).to.deep.equal(Array.from(node.weights));
      expect(web.dense).to.deep.equal(Array.from(node.dense));
    }
  });

  it('scores pages with the shipped model as Node does (within 1e-5)', async () => {
    const model = await loadModelDir(path.join(LABELS_DIR, '..', 'models', 'default'));
    try {
      const pages = [readPageFile(path.join(LABELS_DIR, `${ID}.txt`)), { ...pageFromHtml(HTML) }];
      const web = await hooks(page).score(pages.map((p, i) => ({ id: String(i), lines: p.lines, lang: p.lang, hints: p.hints })));
      const node = model.score(pages.map((p) => model.featurize(p)));
      let worst = 0;
      pages.forEach((_, i) => {
        const a = web[String(i)]!, b = node[i]!;
        expect(a).to.have.length(b.length);
        a.forEach((x, j) => {
          worst = Math.max(worst, Math.abs(x - b[j]!));
          expect(Math.abs(x - b[j]!), `page ${i} line ${j + 1}`).to.be.at.most(1e-5);
        });
      });
      process.stderr.write(`      largest |browser score − Node score| with the shipped model: ${worst.toExponential(2)}\n`);
    } finally {
      model.dispose();
    }
  });

  it('trains in a Web Worker with progress and validation F1, refreshes the guesses, saves the model, and chaff clean scores it the same', async () => {
    const before = (await hooks(page).view())!.scores;
    await page.fill('#train-epochs', '3');
    await page.keyboard.press('Escape'); // leave the field: keys are commands again
    await page.keyboard.press('t');
    await page.waitForSelector('#train-progress');
    await page.waitForSelector('#train-done', { timeout: 150000 });
    expect(await page.textContent('#train-f1')).to.match(/validation F1 (\d\.\d{3})/);
    expect(await page.textContent('#train-done')).to.match(/trained [1-3] epochs on wasm; guesses updated/);

    const web = (await hooks(page).browserScores(ID))!;
    expect(web).to.have.length(before.length);
    const after = (await hooks(page).view())!.scores;
    after.forEach((x, i) => expect(x === null ? null : Math.fround(x)).to.equal(before[i] === null ? null : Math.fround(web[i]!)));
    expect(after.some((x, i) => x !== null && Math.abs(x - before[i]!) > 1e-3), 'the guesses changed').to.equal(true);

    await page.fill('#model-name', 'browser-test');
    await page.click('#save-model');
    await page.waitForSelector('#model-saved');
    expect(await page.textContent('#model-saved')).to.equal('saved to models/browser-test');
    const dir = path.join(ws.models, 'browser-test');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
    expect(meta).to.include({ name: 'browser-test', format: 'chaff-line-model' });
    expect(meta.training.backend).to.equal('wasm (browser)');

    const clean = spawnChaff(['clean', path.join(ws.labels, `${ID}.txt`), '--model', dir, '--format', 'jsonl']);
    expect(clean.stderr).to.equal('');
    expect(clean.code).to.equal(0);
    const rows = clean.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; score: number | null });
    expect(rows).to.have.length(web.length);
    let worst = 0;
    for (const r of rows) {
      if (r.score === null) continue;
      worst = Math.max(worst, Math.abs(r.score - web[r.line - 1]!));
    }
    process.stderr.write(`      largest |browser score − chaff clean score| over ${rows.length} lines: ${worst.toExponential(2)}\n`);
    expect(worst).to.be.at.most(1e-5);
  });
});
