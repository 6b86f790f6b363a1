/**
 * Attacks on a running chaff label server (127.0.0.1, real sockets): DNS
 * rebinding, foreign origins, missing tokens, paths that walk out of the
 * served folders, symlinks out, oversized bodies and pages, and error
 * messages that could leak file contents.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { json, own, raw, setup, type Setup } from './helpers';

const ID = '000_1a6ce918f1923520';
const SECRET = 'SECRET-9f2c77-DO-NOT-LEAK';

describe('chaff label server: attacks', function () {
  this.timeout(60000);
  useBackend('wasm');
  let s: Setup;
  let outside: string;

  before(async () => {
    s = await setup({
      prepare: (labels, dir) => {
        // Files outside every served folder, and links to them from inside.
        outside = path.join(dir, 'outside');
        fs.mkdirSync(outside);
        fs.writeFileSync(path.join(outside, 'secret.txt'), `${SECRET}\nsecond line of the secret page\n`);
        fs.writeFileSync(path.join(outside, 'secret.csv'), `${SECRET}\n`);
        fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(labels, 'evil.txt'));
        fs.writeFileSync(path.join(labels, 'victim.txt'), 'A line of a page.\nAnother line.\n');
        fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(labels, 'victim.csv'));
        fs.symlinkSync(outside, path.join(labels, 'linked-dir'));
        // A label file that does not parse, with a secret in the bad cell.
        fs.writeFileSync(path.join(labels, 'huge.txt'), 'x\n'.repeat(100_001));
        fs.writeFileSync(path.join(labels, 'broken.txt'), 'First line.\nSecond line.\n');
        fs.writeFileSync(path.join(labels, 'broken.csv'), `# chaff-labels 1 {"id":"broken","lang":"en","site":"x","source":"user","policy":"1"}\nline,text,label\n1,First line.,${SECRET}\n2,Second line.,\n`);
      },
    });
  });
  after(() => s.server.close());

  const api = (p: string, extra: Record<string, string> = {}) => raw(s.server.port, { path: p, headers: own(s.server, extra) });

  describe('Host and Origin (DNS rebinding, cross-site requests)', () => {
    it('answers its own address', async () => {
      expect((await api('/api/pages')).status).to.equal(200);
      expect((await raw(s.server.port, { path: '/api/pages', headers: { ...own(s.server), Host: `localhost:${s.server.port}` } })).status).to.equal(200);
    });

    it('refuses a foreign Host, even on the index page', async () => {
      for (const host of ['evil.example', `evil.example:${s.server.port}`, `127.0.0.1:${s.server.port + 1}`, `127.0.0.1.evil.example:${s.server.port}`, '127.0.0.1', `[::1]:${s.server.port}`]) {
        for (const p of ['/', '/api/pages']) {
          const r = await raw(s.server.port, { path: p, headers: { ...own(s.server), Host: host } });
          expect(r.status, `${host} ${p}`).to.equal(403);
          expect(r.body).not.to.contain(s.server.token);
        }
      }
    });

    it('refuses a request without Host', async () => {
      const r = await raw(s.server.port, { path: '/', http10: true, headers: { Host: undefined } });
      expect(r.status).to.equal(403);
    });

    it('refuses a foreign Origin, "null", and cross-site fetches', async () => {
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${s.server.port + 1}`, `https://127.0.0.1:${s.server.port}`]) {
        expect((await api('/api/pages', { Origin: origin })).status, origin).to.equal(403);
      }
      expect((await api('/api/pages', { 'Sec-Fetch-Site': 'cross-site' })).status).to.equal(403);
      expect((await raw(s.server.port, { method: 'OPTIONS', path: '/api/pages', headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'PUT' } })).status).to.equal(403);
    });

    it('refuses writes without an Origin', async () => {
      const headers = { 'x-chaff-token': s.server.token, 'Content-Type': 'application/json' };
      const r = await raw(s.server.port, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers, body: '{}' });
      expect(r.status).to.equal(403);
    });
  });

  describe('the session token', () => {
    it('is written into index.html, and only there', async () => {
      const index = await raw(s.server.port, { path: '/' });
      expect(index.status).to.equal(200);
      expect(index.body).to.contain(`content="${s.server.token}"`);
      expect(index.headers['content-security-policy']).to.contain("default-src 'self'");
      expect(index.headers['x-content-type-options']).to.equal('nosniff');
      expect(s.server.token).to.match(/^[A-Za-z0-9_-]{43}$/);
    });

    it('is required on every API call', async () => {
      const origin = { Origin: `http://127.0.0.1:${s.server.port}` };
      expect((await raw(s.server.port, { path: '/api/pages', headers: origin })).status).to.equal(403);
      expect((await raw(s.server.port, { path: '/api/pages', headers: { ...origin, 'x-chaff-token': 'x'.repeat(43) } })).status).to.equal(403);
      expect((await raw(s.server.port, { path: '/api/model/files', headers: origin })).status).to.equal(403);
      const put = await raw(s.server.port, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: { ...origin, 'Content-Type': 'application/json' }, body: '{}' });
      expect(put.status).to.equal(403);
      const api200 = await api('/api/pages');
      expect(api200.headers['cache-control']).to.equal('no-store');
    });

    it('writes need JSON', async () => {
      const r = await raw(s.server.port, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: own(s.server, { 'Content-Type': 'text/plain' }), body: '{}' });
      expect(r.status).to.equal(415);
    });
  });

  describe('paths out of the served folders', () => {
    const escapes = [
      '/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '/%252e%252e/%252e%252e/etc/passwd',
      '/..%2f..%2f..%2fetc%2fpasswd', '/..\\..\\..\\etc\\passwd', '/%5c..%5c..%5cetc%5cpasswd', '//etc/passwd', '/%2fetc%2fpasswd',
      '/.%2e/.%2e/etc/passwd', '/app.js/../../../etc/passwd', '/app.js%00.png', '/.env',
    ];

    it('serves the bundle and nothing beside it', async () => {
      expect((await raw(s.server.port, { path: '/app.js' })).status).to.equal(200);
      for (const p of escapes) {
        const r = await raw(s.server.port, { path: p });
        expect([400, 404], p).to.include(r.status);
        expect(r.body, p).not.to.match(/root:|chaff/);
      }
      const absolute = await raw(s.server.port, { path: `http://127.0.0.1:${s.server.port}/../../etc/passwd` });
      expect([400, 403, 404]).to.include(absolute.status);
    });

    it('refuses page ids that are paths', async () => {
      const ids = ['..', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%252e%252e%252fetc%252fpasswd', '%2fetc%2fpasswd', 'C:%5cWindows%5cwin.ini',
        '..%5c..%5cetc', '.hidden', 'evil', 'linked-dir', 'secret', `${ID}%00`];
      for (const id of ids) {
        const r = await api(`/api/pages/${id}`);
        expect([400, 404], id).to.include(r.status);
        expect(r.body, id).not.to.contain(SECRET);
        const put = await raw(s.server.port, { method: 'PUT', path: `/api/pages/${id}/labels`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify({ version: 'none', labels: [] }) });
        expect([400, 404], `PUT ${id}`).to.include(put.status);
      }
      expect(fs.readFileSync(path.join(outside, 'secret.csv'), 'utf8')).to.equal(`${SECRET}\n`);
    });

    it('does not serve a page linked in from outside, and says so', async () => {
      const list = json(await api('/api/pages'));
      const ids = (list.pages as { id: string }[]).map((p) => p.id);
      expect(ids).not.to.include('evil');
      expect(ids).not.to.include('secret');
      expect(list.skipped).to.deep.include({ file: 'labels/evil.txt', reason: 'links to a file outside the folders chaff label was given' });
      expect(JSON.stringify(list)).not.to.contain(SECRET);
    });

    it('neither reads nor replaces a label file linked to a file outside', async () => {
      const page = json(await api('/api/pages/victim'));
      expect(page.error).to.match(/link to a file outside the labels folder/);
      expect(JSON.stringify(page)).not.to.contain(SECRET);
      const put = await raw(s.server.port, {
        method: 'PUT', path: '/api/pages/victim/labels', headers: own(s.server, { 'Content-Type': 'application/json' }),
        body: JSON.stringify({ version: page.version, labels: ['noise', 'noise'] }),
      });
      expect(put.status).to.equal(423);
      expect(fs.readFileSync(path.join(outside, 'secret.csv'), 'utf8')).to.equal(`${SECRET}\n`);
      expect(fs.lstatSync(path.join(s.labels, 'victim.csv')).isSymbolicLink()).to.equal(true);
    });

    it('refuses model names that are paths, and the shipped model\'s name', async () => {
      for (const name of ['..', '%2e%2e', '..%2f..%2fevil', '%2ftmp%2fevil', '.hidden', 'a%5cb']) {
        const r = await raw(s.server.port, { method: 'POST', path: `/api/models/${name}`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: '{}' });
        expect([400, 404], name).to.include(r.status);
      }
      const files = json(await api('/api/model/files'));
      const r = await raw(s.server.port, { method: 'POST', path: '/api/models/default', headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify(files) });
      expect(r.status).to.equal(403);
      expect(fs.existsSync(s.models) && fs.readdirSync(s.models).length).to.not.be.ok;
    });
  });

  describe('limits', () => {
    it('refuses an oversized body, declared or chunked', async () => {
      const big = JSON.stringify({ version: 'none', labels: new Array(1_200_000).fill('noise') });
      const put = (chunked: boolean) => raw(s.server.port, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: big, chunked });
      expect((await put(false)).status).to.equal(413);
      expect((await put(true)).status).to.equal(413);
      const model = await raw(s.server.port, { method: 'POST', path: '/api/models/big', headers: own(s.server, { 'Content-Type': 'application/json', 'Content-Length': String(64 * 1024 * 1024) }), body: '{' });
      expect(model.status).to.equal(413);
      // The server still answers afterwards.
      expect((await api('/api/pages')).status).to.equal(200);
    });

    it('refuses pages with too many lines and label arrays that do not fit the page', async () => {
      const huge = json(await api('/api/pages/huge'));
      expect(huge.error).to.match(/100001 lines, more than the 100000/);
      expect(huge.lines).to.deep.equal([]);
      const hugePut = await raw(s.server.port, { method: 'PUT', path: '/api/pages/huge/labels', headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify({ version: huge.version, labels: [] }) });
      expect(hugePut.status).to.equal(423);
      const page = json(await api(`/api/pages/${ID}`));
      const n = (page.lines as string[]).length;
      const send = (labels: unknown) => raw(s.server.port, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: JSON.stringify({ version: page.version, labels }) });
      expect((await send(new Array(n + 1).fill(null))).status).to.equal(400);
      expect((await send(new Array(100_001).fill(null))).status).to.equal(413);
      expect((await send((page.lines as string[]).map(() => 'maybe'))).status).to.equal(400);
      expect((await send((page.lines as string[]).map(() => 'noise'))).status, 'labels on blank lines').to.equal(400);
    });
  });

  describe('label files that do not parse', () => {
    it('are reported without their contents and never overwritten', async () => {
      const before = fs.readFileSync(path.join(s.labels, 'broken.csv'));
      const list = json(await api('/api/pages'));
      const entry = (list.pages as { id: string; error: string }[]).find((p) => p.id === 'broken')!;
      expect(entry.error).to.match(/^labels\/broken\.csv, row 3: label "…" is not article, noise or empty$/);
      const page = json(await api('/api/pages/broken'));
      expect(page.error).to.equal(entry.error);
      expect(JSON.stringify(list) + JSON.stringify(page)).not.to.contain(SECRET);
      const put = await raw(s.server.port, {
        method: 'PUT', path: '/api/pages/broken/labels', headers: own(s.server, { 'Content-Type': 'application/json' }),
        body: JSON.stringify({ version: page.version, labels: ['noise', 'noise', null] }),
      });
      expect(put.status).to.equal(423);
      expect(put.body).not.to.contain(SECRET);
      expect(fs.readFileSync(path.join(s.labels, 'broken.csv')).equals(before)).to.equal(true);
    });

    it('a body that is not JSON gets a one-line error without echoing it', async () => {
      const r = await raw(s.server.port, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: own(s.server, { 'Content-Type': 'application/json' }), body: `{"x": "${SECRET}"` });
      expect(r.status).to.equal(400);
      expect(r.body).not.to.contain(SECRET);
      expect(json(r).error).to.equal('the request body is not valid JSON');
    });
  });
});
