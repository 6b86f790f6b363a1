/**
 * Browser tests: Debian's Chromium driven by playwright-core, against a
 * chaff label server started in-process on a temporary copy of the seed
 * pages, serving a UI bundle built from the current sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startLabelServer, type LabelServer } from '../../src/node/server/server';
import { loadModelDir, DEFAULT_MODEL_DIR } from '../../src/node/modelDir';
import { tmpDir } from '../helpers/cli';
import { LABELS_DIR, REPO } from '../helpers/tiny';

export const CHROMIUM = process.env.CHAFF_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let uiBuild: Promise<string> | null = null;

/** The UI bundled once per test run from src/browser into a temporary folder. */
export function builtUi(): Promise<string> {
  uiBuild ??= (async () => {
    const out = path.join(tmpDir('chaff-ui-'), 'ui');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildUi } = require(path.join(REPO, 'src', 'browser', 'bundle.js')) as { buildUi(o: { outdir: string }): Promise<string[]> };
    await buildUi({ outdir: out });
    return out;
  })();
  return uiBuild;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (empty profile) with a page that fails the test on any page error. */
export async function newPage(browser: Browser, context?: BrowserContext): Promise<Page> {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 800 } }));
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Everything the UI needs is served by chaff label: any other request (a CDN, a font) is an error.
  ctx.on('request', (r) => {
    if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(r.url()) && !r.url().startsWith('data:')) errors.push(`request to ${r.url()}`);
  });
  (page as unknown as { chaffErrors: string[] }).chaffErrors = errors;
  return page;
}

/** Errors thrown in the page, and requests to anywhere but the chaff label server. */
export function pageErrors(page: Page): string[] {
  return (page as unknown as { chaffErrors: string[] }).chaffErrors;
}

export interface Workspace {
  readonly dir: string;
  readonly labels: string;
  readonly models: string;
}

/**
 * A temporary labels folder with the seed pages (.txt), and their label files
 * when `withLabels` (never the repository's labels/ itself).
 */
export function seedWorkspace(opts: { withLabels?: boolean; only?: readonly string[] } = {}): Workspace {
  const dir = tmpDir('chaff-label-');
  const labels = path.join(dir, 'labels');
  fs.mkdirSync(labels);
  for (const f of fs.readdirSync(LABELS_DIR)) {
    const id = f.replace(/\.[^.]+$/, '');
    if (opts.only && !opts.only.includes(id)) continue;
    if (f.endsWith('.txt') || (opts.withLabels && f.endsWith('.csv'))) fs.copyFileSync(path.join(LABELS_DIR, f), path.join(labels, f));
  }
  return { dir, labels, models: path.join(dir, 'models') };
}

export async function serve(ws: Workspace, opts: { inputs?: string[]; modelDir?: string } = {}): Promise<LabelServer> {
  const model = await loadModelDir(opts.modelDir ?? DEFAULT_MODEL_DIR);
  return startLabelServer({ inputs: opts.inputs ?? [], labelsDir: ws.labels, modelsDir: ws.models, model, port: 0, uiDir: await builtUi() });
}

/** Open a page view and wait until its lines are drawn. */
export async function openPage(page: Page, server: LabelServer, id: string): Promise<void> {
  await page.goto(`${server.url}#/page/${id}`);
  await page.waitForSelector('.lines .line');
}

/** Wait until every change has been acknowledged by the server. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __chaff: { idle(): boolean } }).__chaff.idle());
}

export interface Caret {
  cursor: number;
  anchor: number;
}

export function caret(page: Page): Promise<Caret> {
  return page.evaluate(() => (window as unknown as { __chaff: { caret(): Caret } }).__chaff.caret());
}

/** The labels drawn for each line (data-label on each row; '' for unlabelled, null for blank lines). */
export async function drawnLabels(page: Page): Promise<(string | null)[]> {
  return page.$$eval('.lines > [data-line]', (rows) => rows.map((r) => (r.classList.contains('blank') ? null : r.getAttribute('data-label'))));
}
