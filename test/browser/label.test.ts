/**
 * The labelling UI in real Chromium: keyboard labelling, range selection by
 * keys and by shift-click, undo and redo, saving to the CSV (checked on disk,
 * after a reload and after a server restart), two tabs in conflict, the help
 * screen drawn from the keymap, a broken label file, and the pages list.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { useBackend } from '../helpers/backend';
import { readLabelFile } from '../../src/node/labelFiles';
import { KEYMAP } from '../../src/browser/app/keyboard';
import { leastSureRun, type PageLines } from '../../src/browser/app/lines';
import type { LabelServer } from '../../src/node/server/server';
import { caret, drawnLabels, launch, newPage, openPage, pageErrors, seedWorkspace, serve, settled, type Workspace } from './helpers';

const ID = '004_9a32b6d7f5a07658';

describe('chaff label in Chromium: labelling', function () {
  this.timeout(120000);
  this.slow(20000);
  useBackend('wasm');
  let browser: Browser;
  let ws: Workspace;
  let server: LabelServer;
  let page: Page;
  const csv = () => path.join(ws.labels, `${ID}.csv`);
  const onDisk = () => readLabelFile(csv()).labels;

  before(async () => {
    ws = seedWorkspace();
    [browser, server] = await Promise.all([launch(), serve(ws)]);
    page = await newPage(browser);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => expect(pageErrors(page)).to.deep.equal([]));

  it('labels lines with the keyboard and saves each change to the CSV at once', async () => {
    await openPage(page, server, ID);
    expect(fs.existsSync(csv())).to.equal(false);
    const start = await caret(page);
    const lines = (await drawnLabels(page));
    expect(lines[start.cursor]).to.equal('');
    await page.keyboard.press('a');
    const afterA = await caret(page);
    expect(afterA.cursor).to.be.greaterThan(start.cursor);
    await page.keyboard.press('n');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('x'); // clearing an unlabelled line changes nothing
    await settled(page);
    const drawn = await drawnLabels(page);
    expect(drawn[start.cursor]).to.equal('article');
    expect(drawn[afterA.cursor]).to.equal('noise');
    const disk = onDisk();
    expect(disk[start.cursor]).to.equal('article');
    expect(disk[afterA.cursor]).to.equal('noise');
    expect(disk.filter((l) => l !== null)).to.have.length(2);
    expect(await page.textContent('#save-status')).to.equal('saved');
    // The label is shown as text, not only as a colour.
    expect(await page.textContent(`[data-line="${start.cursor + 1}"] .tag`)).to.equal('article');
  });

  it('labels a run of lines in one key after extending the selection, and by shift-click', async () => {
    const at = (await caret(page)).cursor;
    await page.keyboard.press('J');
    await page.keyboard.press('Shift+ArrowDown');
    const sel = await caret(page);
    expect(sel.anchor).to.equal(at);
    await page.keyboard.press('n');
    await settled(page);
    const run = (await drawnLabels(page)).slice(at, sel.cursor + 1).filter((l) => l !== null);
    expect(run).to.deep.equal(['noise', 'noise', 'noise']);

    // Mouse: click one line, shift-click another; blank lines in between stay unlabelled.
    await page.click('[data-line="20"]');
    await page.click('[data-line="26"]', { modifiers: ['Shift'] });
    expect(await caret(page)).to.deep.equal({ cursor: 25, anchor: 19 });
    await page.keyboard.press('a');
    await settled(page);
    const drawn = await drawnLabels(page);
    for (let i = 19; i <= 25; i++) expect(drawn[i], `line ${i + 1}`).to.equal(drawn[i] === null ? null : 'article');
    expect(onDisk().slice(19, 26).filter((l) => l !== null).every((l) => l === 'article')).to.equal(true);
  });

  it('undoes and redoes, and each step is saved', async () => {
    const before = onDisk();
    await page.keyboard.press('u');
    await settled(page);
    const undone = onDisk();
    expect(undone.slice(19, 26).every((l) => l === null)).to.equal(true);
    await page.keyboard.press('Control+z');
    await settled(page);
    expect(onDisk().filter((l) => l === 'noise')).to.have.length(1);
    await page.keyboard.press('Control+y');
    await page.keyboard.press('U');
    await settled(page);
    expect(onDisk()).to.deep.equal(before);
    expect(await drawnLabels(page)).to.deep.equal(before.map((l, i) => (readLabelFile(csv()).lines[i] === '' ? null : l ?? '')));
  });

  it('finds the labels again after a reload and after a server restart', async () => {
    const disk = onDisk();
    await page.reload();
    await page.waitForSelector('.lines .line');
    const norm = (a: (string | null)[]) => a.map((l) => l || null);
    expect(norm(await drawnLabels(page))).to.deep.equal(disk);
    await server.close();
    server = await serve(ws);
    await openPage(page, server, ID);
    expect(norm(await drawnLabels(page))).to.deep.equal(disk);
  });

  it('takes every guess of the model for the unlabelled lines in one key', async () => {
    await page.keyboard.press('A');
    await settled(page);
    const view = await page.evaluate(() => (window as unknown as { __chaff: { view(): { scores: (number | null)[]; threshold: number } } }).__chaff.view());
    const disk = onDisk();
    const lines = readLabelFile(csv()).lines;
    lines.forEach((l, i) => expect(disk[i] === null).to.equal(l === ''));
    expect(disk.every((l, i) => l === null || view.scores[i] !== null)).to.equal(true);
    await page.keyboard.press('u');
    await settled(page);
  });

  it('shows a clear conflict message when two tabs edit the same page, and does not overwrite', async () => {
    const other = await newPage(browser);
    await openPage(other, server, ID);
    // Tab 1 changes a line; tab 2 still holds the version from before.
    await page.keyboard.press('g');
    await page.keyboard.press('n');
    await settled(page);
    const afterFirst = fs.readFileSync(csv(), 'utf8');
    await other.keyboard.press('g');
    await other.keyboard.press('x');
    await other.waitForSelector('#conflict');
    expect(await other.textContent('#conflict')).to.contain('This page was changed in another tab or by another program');
    expect(await other.textContent('#save-status')).to.equal('conflict: not saved');
    await other.keyboard.press('j');
    await other.keyboard.press('a');
    await other.waitForTimeout(300);
    expect(fs.readFileSync(csv(), 'utf8')).to.equal(afterFirst);
    // Reloading the page in tab 2 brings the latest labels and lets it edit again.
    await other.click('#conflict button');
    await other.waitForSelector('#conflict', { state: 'detached' });
    // The tab drops its copy first, then draws the page read again: wait for the drawing.
    await other.waitForSelector('.lines > [data-line]');
    expect(await drawnLabels(other)).to.deep.equal(await drawnLabels(page));
    expect(pageErrors(other)).to.deep.equal([]);
    await other.context().close();
    await page.reload();
    await page.waitForSelector('.lines .line');
  });

  it('draws the help screen from the keymap data', async () => {
    await page.keyboard.press('?');
    await page.waitForSelector('.help');
    const commands = await page.$$eval('.help tr[data-command]', (rows) => rows.map((r) => r.getAttribute('data-command')));
    expect(commands).to.deep.equal(KEYMAP.groups.flatMap((g) => g.bindings.map((b) => b.command)));
    expect(await page.textContent('.help')).to.contain(`Keymap version ${KEYMAP.version}`);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.help', { state: 'detached' });
  });

  it('lists pages with language, progress and last change; filters and sorts them', async () => {
    await page.keyboard.press('b');
    await page.waitForSelector('table.pages tbody tr');
    const rows = () => page.$$eval('table.pages tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    const all = await rows();
    expect(all).to.have.length(5);
    const mine = all.find((r) => r[0] === ID)!;
    expect(mine[1]).to.equal('fr');
    expect(mine[2]).to.match(/^\d+\/29$/);
    expect(mine[4]).to.equal('just now');
    expect(all.filter((r) => r[4] === 'never')).to.have.length(4);
    expect(await page.textContent('.overall')).to.match(/of 437 lines labelled/);
    // Most uncertain first: the unsure counts go down.
    const unsure = all.map((r) => (r[3] === '–' ? -1 : Number(r[3])));
    expect(unsure.filter((x) => x >= 0)).to.deep.equal(unsure.filter((x) => x >= 0).sort((a, b) => b - a));
    await page.selectOption('#sort', 'name');
    expect((await rows()).map((r) => r[0])).to.deep.equal(all.map((r) => r[0]).sort());
    await page.keyboard.press('/');
    await page.keyboard.type('fr');
    expect((await rows()).map((r) => r[0])).to.deep.equal([ID]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.lines .line');
    expect(page.url()).to.contain(`#/page/${ID}`);
  });

  it('"Next" selects the run the model is least sure of, then moves on to the least sure page', async () => {
    const other = '003_3c74da71e6f5db71';
    await openPage(page, server, other);
    const v = await page.evaluate(() => (window as unknown as { __chaff: { view(): PageLines & { mark: number } } }).__chaff.view());
    const run = leastSureRun(v, v.mark)!;
    await page.keyboard.press('}');
    expect(await caret(page)).to.deep.equal({ cursor: run[0], anchor: run[1] });
    // Take every guess on this page: Next has nothing left here and opens another page.
    await page.keyboard.press('A');
    await settled(page);
    await page.keyboard.press('}');
    await page.waitForFunction((id) => !location.hash.endsWith(id), other);
    const list = await page.evaluate(() => (window as unknown as { __chaff: { state(): { list: { pages: { id: string; uncertain: number; doubt: number; labelled: number; total: number }[] } } } }).__chaff.state().list.pages);
    const open = list.filter((p) => p.id !== other && p.labelled < p.total).sort((a, b) => b.uncertain - a.uncertain || b.doubt - a.doubt || a.id.localeCompare(b.id));
    expect(page.url()).to.contain(`#/page/${open[0]!.id}`);
  });

  it('reports a label file that does not parse and never writes it', async () => {
    const broken = path.join(ws.labels, '000_1a6ce918f1923520.csv');
    fs.writeFileSync(broken, '# chaff-labels 1 {"id":"000"}\nline,text,label\n');
    const before = fs.readFileSync(broken);
    await openPage(page, server, '000_1a6ce918f1923520');
    await page.waitForSelector('#page-error');
    expect(await page.textContent('#page-error')).to.match(/labels\/000_1a6ce918f1923520\.csv, row 1: page metadata needs a string "…"/);
    await page.keyboard.press('a');
    await page.keyboard.press('A');
    await page.waitForTimeout(200);
    expect(fs.readFileSync(broken).equals(before)).to.equal(true);
  });
});
