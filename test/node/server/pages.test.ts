/**
 * The labelling server's API on real files: listing, saving (atomic,
 * versioned, conflicts), full label files for pages in the labels folder,
 * sidecars for pages outside it, HTML pages, and models saved from the
 * browser.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { LABELS_DIR } from '../../helpers/tiny';
import { readLabelFile } from '../../../src/node/labelFiles';
import { loadModelDir } from '../../../src/node/modelDir';
import { parseLabelCsv, isSidecar } from '../../../src/core/labels/csv';
import { json, own, raw, setup, type Setup } from './helpers';

const ID = '000_1a6ce918f1923520';
const HTML = `<!doctype html><html lang="en"><head><title>Harbour news</title></head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<h1>The harbour will be rebuilt</h1>
<p>The council said on Monday that the old harbour would be rebuilt over three years, with work starting in spring.</p>
<footer>Copyright 2025 Example</footer></body></html>`;

describe('chaff label server: pages and labels', function () {
  this.timeout(60000);
  useBackend('wasm');
  let s: Setup;
  let shared: string;

  before(async () => {
    s = await setup({
      prepare: (_labels, dir) => {
        shared = path.join(dir, 'shared', 'data');
        fs.mkdirSync(shared, { recursive: true });
        fs.copyFileSync(path.join(LABELS_DIR, '002_139d57b9e51ad25d.txt'), path.join(shared, 'outside_page.txt'));
        fs.writeFileSync(path.join(shared, 'harbour.html'), HTML);
      },
      inputs: (dir) => [path.join(dir, 'shared', 'data')],
    });
  });
  after(() => s.server.close());

  const get = async (p: string) => json(await raw(s.server.port, { path: p, headers: own(s.server) }));
  const put = (id: string, body: unknown) => raw(s.server.port, {
    method: 'PUT', path: `/api/pages/${id}/labels`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify(body),
  });

  it('lists the pages of the labels folder and of the folders named, with progress', async () => {
    const list = await get('/api/pages?mark=0.7');
    const pages = list.pages as { id: string; lang: string; total: number; labelled: number; modified: string | null; kind: string; uncertain: number }[];
    expect(pages.map((p) => p.id)).to.deep.equal(['000_1a6ce918f1923520', '004_9a32b6d7f5a07658', 'harbour', 'outside_page']);
    const seed = pages[0]!;
    expect(seed).to.include({ lang: 'vi', total: 38, labelled: 38, kind: 'text', uncertain: 0 });
    expect(Date.parse(seed.modified!)).to.be.greaterThan(0);
    const out = pages[3]!;
    expect(out).to.include({ total: 162, labelled: 0, modified: null });
    // At mark 1 nearly every unlabelled line counts (a saturated score is fully certain); a lower mark counts fewer.
    const all = ((await get('/api/pages?mark=1')).pages as { id: string; uncertain: number }[]).find((p) => p.id === out.id)!;
    expect(all.uncertain).to.be.within(out.total - 10, out.total);
    expect(out.uncertain).to.be.within(0, all.uncertain);
    expect(pages[2]).to.include({ kind: 'html', lang: 'en', labelled: 0 });
    expect((list.model as { name: string }).name).to.equal('default');
  });

  it('gives a page its lines, labels, guesses and version', async () => {
    const page = await get(`/api/pages/${ID}`);
    const csv = readLabelFile(path.join(s.labels, `${ID}.csv`));
    expect(page.lines).to.deep.equal(csv.lines);
    expect(page.labels).to.deep.equal(csv.labels);
    const scores = page.scores as (number | null)[];
    scores.forEach((x, i) => expect(x === null).to.equal(csv.lines[i] === ''));
    expect(page.version).to.match(/^[0-9a-f]{20}$/);
    expect(page).to.include({ labelFile: `labels/${ID}.csv`, sidecar: false, error: null });
  });

  it('saves atomically, versions each write, and refuses a write based on an old version', async () => {
    const page = await get(`/api/pages/${ID}`);
    const labels = (page.labels as (string | null)[]).slice();
    const first = labels.findIndex((l) => l !== null);
    labels[first] = labels[first] === 'article' ? 'noise' : 'article';
    const r1 = await put(ID, { version: page.version, labels });
    expect(r1.status).to.equal(200);
    const v1 = json(r1).version as string;
    expect(v1).not.to.equal(page.version);
    expect(readLabelFile(path.join(s.labels, `${ID}.csv`)).labels).to.deep.equal(labels);
    expect(fs.readdirSync(s.labels).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);

    // A second tab still holding the first version.
    const stale = await put(ID, { version: page.version, labels: page.labels });
    expect(stale.status).to.equal(409);
    expect(json(stale)).to.include({ conflict: true });
    expect(json(stale).error).to.match(/changed in another tab or by another program/);
    expect(readLabelFile(path.join(s.labels, `${ID}.csv`)).labels).to.deep.equal(labels);

    // Another program rewrites the file: the version the UI holds is stale too.
    const file = path.join(s.labels, `${ID}.csv`);
    fs.writeFileSync(file, fs.readFileSync(path.join(LABELS_DIR, `${ID}.csv`)));
    expect((await put(ID, { version: v1, labels })).status).to.equal(409);
    const now = await get(`/api/pages/${ID}`);
    expect((await put(ID, { version: now.version, labels: now.labels })).status).to.equal(200);
    expect(fs.readFileSync(file, 'utf8')).to.equal(fs.readFileSync(path.join(LABELS_DIR, `${ID}.csv`), 'utf8'));
  });

  it('labels a page from outside the labels folder with a sidecar naming it', async () => {
    const page = await get('/api/pages/outside_page');
    expect(page).to.include({ sidecar: true, version: 'none', error: null });
    const labels = (page.lines as string[]).map((l) => (l ? 'noise' : null));
    const r = await put('outside_page', { version: page.version, labels });
    expect(r.status).to.equal(200);
    const file = path.join(s.labels, 'outside_page.csv');
    const parsed = parseLabelCsv(fs.readFileSync(file, 'utf8'), file);
    expect(isSidecar(parsed)).to.equal(true);
    expect(parsed.meta).to.include({ id: 'outside_page', page: '../shared/data/outside_page.txt', source: 'user', policy: '1' });
    expect(fs.readFileSync(file, 'utf8')).not.to.contain('Tổng'); // no page text copied
    expect(readLabelFile(file).labels).to.deep.equal(labels);
    expect(json(await raw(s.server.port, { path: '/api/pages/outside_page', headers: own(s.server) })).labels).to.deep.equal(labels);
  });

  it('reads HTML pages through the cleaner\'s line conversion and keeps their hints for training', async () => {
    const page = await get('/api/pages/harbour');
    expect(page.kind).to.equal('html');
    expect(page.lines).to.include('The harbour will be rebuilt');
    expect((page.lines as string[]).join('\n')).not.to.contain('<p>');
    const data = await get('/api/dataset');
    const harbour = (data.pages as { id: string; hints?: unknown[] }[]).find((p) => p.id === 'harbour')!;
    expect(harbour.hints).to.have.length((page.lines as string[]).length);
  });

  it('saves a model sent by the browser, loadable by chaff, and refuses to overwrite it silently', async () => {
    const files = await get('/api/model/files');
    const post = (name: string, body: unknown) => raw(s.server.port, { method: 'POST', path: `/api/models/${name}`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
    const r = await post('mine', files);
    expect(r.status).to.equal(200);
    expect(json(r)).to.include({ name: 'mine', dir: 'models/mine' });
    const dir = path.join(s.models, 'mine');
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['metadata.json', 'model.json', 'weights.bin']);
    expect(fs.readFileSync(path.join(dir, 'weights.bin')).toString('base64')).to.equal(files.weights);
    const model = await loadModelDir(dir);
    expect(model.metadata.name).to.equal('mine');
    model.dispose();
    expect((await post('mine', files)).status).to.equal(409);
    expect((await post('mine', { ...files, overwrite: true })).status).to.equal(200);
    const bad = await post('broken', { ...files, weights: (files.weights as string).slice(0, 100) });
    expect(bad.status).to.equal(400);
    expect(json(bad).error).to.match(/not a chaff model: .*weights\.bin/);
    expect(fs.existsSync(path.join(s.models, 'broken'))).to.equal(false);
  });

  it('switches its guesses to a model from the browser', async () => {
    const files = await get('/api/model/files');
    const r = await raw(s.server.port, { method: 'POST', path: '/api/model', headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify(files) });
    expect(r.status).to.equal(200);
    expect(json(r).model).to.include({ origin: 'browser', name: 'default' });
    expect(((await get('/api/pages')).model as { origin: string }).origin).to.equal('browser');
  });
});
