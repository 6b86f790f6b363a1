/**
 * More attacks on a running chaff label server (issue 6, part 6), the
 * spellings test/node/server/security.test.ts does not try: Host and Origin
 * look-alikes, every other spelling of a path out of the served folders,
 * symlinks out of the UI, models and labels folders (and one swapped in
 * while the server runs), the token in other places than its header, CORS
 * "simple" content types, malformed and oversized requests, and errors that
 * could echo a secret. Each attack is one raw request on 127.0.0.1; the
 * summary prints how many were refused out of how many tried.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { useBackend } from '../../helpers/backend';
import { json, own, raw, setup, type RawRequest, type RawResponse, type Setup } from './helpers';

const ID = '000_1a6ce918f1923520';
const SECRET = 'SECRET-4d1c-NEVER-ECHO';
/** Statuses that refuse. */
const REFUSED = [400, 403, 404, 405, 409, 413, 414, 415, 423, 431];

export const ATTACK_FIGURES = { tried: 0, refused: 0, failures: [] as string[] };

describe('chaff label server: more attacks', function () {
  this.timeout(120_000);
  useBackend('wasm');
  let s: Setup;
  let outside: string;
  let port: number;

  before(async () => {
    s = await setup({
      prepare: (labels, dir) => {
        outside = path.join(dir, 'outside');
        fs.mkdirSync(outside);
        fs.writeFileSync(path.join(outside, 'secret.txt'), `${SECRET}\nline two\n`);
        fs.writeFileSync(path.join(outside, 'secret.js'), `alert("${SECRET}")\n`);
        fs.writeFileSync(path.join(outside, 'target.csv'), `${SECRET}\n`);
        // Sidecars naming pages outside every served folder, by relative and absolute path.
        const sidecar = (page: string) => `# chaff-labels 1 ${JSON.stringify({ id: 'x', lang: 'en', site: 's', source: 'user', policy: '1', page })}\nline,fp,label\n1,00000000,\n`;
        fs.writeFileSync(path.join(labels, 'sneaky.csv'), sidecar('../outside/secret.txt'));
        fs.writeFileSync(path.join(labels, 'absolute.csv'), sidecar(path.join(outside, 'secret.txt')));
        fs.writeFileSync(path.join(labels, 'etc.csv'), sidecar('/etc/passwd'));
        // A page that is not text, with the secret in it.
        fs.writeFileSync(path.join(labels, 'binary.txt'), Buffer.concat([Buffer.from(SECRET), Buffer.from([0, 0, 0, 1, 2])]));
        // A label file that will be swapped for a link to the outside while the server runs.
        fs.writeFileSync(path.join(labels, 'swapped.txt'), 'One line.\nTwo lines.\n');
        // The models folder holds a link to the outside and a file where a folder should be.
        const models = path.join(dir, 'models');
        fs.mkdirSync(models);
        fs.symlinkSync(outside, path.join(models, 'linked'));
        fs.writeFileSync(path.join(models, 'afile'), 'not a folder');
      },
    });
    port = s.server.port;
    // A link out of the UI folder.
    fs.symlinkSync(path.join(outside, 'secret.js'), path.join(s.dir, 'ui', 'leak.js'));
  });
  after(async () => {
    await s.server.close();
    const failed = ATTACK_FIGURES.failures.length ? `\n    not refused: ${ATTACK_FIGURES.failures.join('; ')}` : '';
    console.log(`\n  server attacks: ${ATTACK_FIGURES.refused} refused of ${ATTACK_FIGURES.tried} tried${failed}`);
  });

  /** One attack: it must be refused, and its answer must carry no secret, no token and no CORS grant. */
  async function attack(name: string, r: RawRequest, refused: readonly number[] = REFUSED): Promise<RawResponse> {
    ATTACK_FIGURES.tried++;
    // A connection the server closes without an answer (node does so for CONNECT) is refused too: status 0.
    const res = await raw(port, r).catch((e: Error) => {
      if (/^no HTTP response \(got ""\)$/.test(e.message)) return { status: 0, headers: {}, body: '' } as RawResponse;
      throw e;
    });
    const problems: string[] = [];
    if (!refused.includes(res.status) && !(res.status === 0 && refused === REFUSED)) problems.push(`status ${res.status}`);
    if (res.body.includes(SECRET)) problems.push('echoed the secret');
    if (res.body.includes(s.server.token)) problems.push('leaked the token');
    if (/root:.*:0:0:/.test(res.body)) problems.push('served /etc/passwd');
    if (res.headers['access-control-allow-origin'] !== undefined) problems.push('granted CORS');
    if (problems.length === 0) ATTACK_FIGURES.refused++;
    else ATTACK_FIGURES.failures.push(`${name} (${problems.join(', ')})`);
    expect(problems, `${name}: ${r.method ?? 'GET'} ${r.path}`).to.deep.equal([]);
    return res;
  }

  const api = (extra: Record<string, string> = {}) => own(s.server, extra);
  const jsonHeaders = (extra: Record<string, string> = {}) => own(s.server, { 'Content-Type': 'application/json', ...extra });
  const putLabels = (id: string, body: unknown = { version: 'none', labels: [] }, extra: Record<string, string> = {}): RawRequest => ({ method: 'PUT', path: `/api/pages/${id}/labels`, headers: jsonHeaders(extra), body: JSON.stringify(body) });

  it('listens on loopback only', () => {
    const address = (s.server as unknown as { port: number; url: string }).url;
    expect(address).to.equal(`http://127.0.0.1:${port}/`);
  });

  it('refuses Host look-alikes (DNS rebinding)', async () => {
    const hosts = [
      `localhost.:${port}`, `127.0.0.1.:${port}`, `attacker.localhost:${port}`, `[::ffff:127.0.0.1]:${port}`, `[::1]:${port}`, `0.0.0.0:${port}`,
      `127.1:${port}`, `2130706433:${port}`, `0x7f000001:${port}`, `127.0.0.1:0${port}`, `127.0.0.1:${port}.evil.example`,
      `localhost:${port}@evil.example`, `evil.example#127.0.0.1:${port}`, `127.0.0.1:${port} evil.example`, '',
    ];
    for (const host of hosts) {
      for (const p of ['/', '/api/pages']) await attack(`Host ${JSON.stringify(host)} ${p}`, { path: p, headers: { ...api(), Host: host } });
    }
    // Two Host headers: node keeps the first.
    await attack('two Host headers', { path: '/api/pages', headers: { ...api(), Host: `evil.example:${port}\r\nHost: 127.0.0.1:${port}` } });
  });

  it('refuses Origin look-alikes, on reads and writes', async () => {
    const origins = [
      `http://localhost.:${port}`, `http://attacker.localhost:${port}`, `http://127.0.0.1:${port}.evil.example`, `http://127.0.0.1:${port}@evil.example`,
      'http://127.0.0.1', `http://127.0.0.1:${port}/`, `ws://127.0.0.1:${port}`, 'file://', 'chrome-extension://abcdef', `http://127.0.0.1:${port}, http://evil.example`,
      `http://evil.example, http://127.0.0.1:${port}`,
    ];
    for (const origin of origins) {
      await attack(`Origin ${origin} GET`, { path: '/api/pages', headers: api({ Origin: origin }) });
      await attack(`Origin ${origin} PUT`, putLabels(ID, { version: 'none', labels: [] }, { Origin: origin }));
      await attack(`Origin ${origin} index`, { path: '/', headers: { Origin: origin } });
    }
  });

  it('takes the token from its header only, exactly', async () => {
    const origin = { Origin: `http://127.0.0.1:${port}` };
    const t = s.server.token;
    const variants: [string, RawRequest][] = [
      ['token in the query', { path: `/api/pages?token=${t}&x-chaff-token=${t}`, headers: origin }],
      ['token in a cookie', { path: '/api/pages', headers: { ...origin, Cookie: `x-chaff-token=${t}` } }],
      ['token as a bearer', { path: '/api/pages', headers: { ...origin, Authorization: `Bearer ${t}` } }],
      ['token upper-cased', { path: '/api/pages', headers: { ...origin, 'x-chaff-token': t.toUpperCase() } }],
      ['token with a suffix', { path: '/api/pages', headers: { ...origin, 'x-chaff-token': `${t}x` } }],
      ['token cut short', { path: '/api/pages', headers: { ...origin, 'x-chaff-token': t.slice(0, -1) } }],
      ['token twice', { path: '/api/pages', headers: { ...origin, 'x-chaff-token': `${t}\r\nx-chaff-token: ${t}` } }],
      ['empty token', { path: '/api/pages', headers: { ...origin, 'x-chaff-token': '' } }],
    ];
    for (const [name, r] of variants) await attack(name, r);
  });

  it('shares the token with nothing but its own page: no CORS, not in other answers', async () => {
    for (const p of ['/api/pages', `/api/pages/${ID}`, '/api/model', '/app.js', '/nope']) {
      const r = await raw(port, { path: p, headers: api({ Origin: `http://127.0.0.1:${port}` }) });
      expect(r.body, p).not.to.contain(s.server.token);
      expect(r.headers['access-control-allow-origin'], p).to.equal(undefined);
    }
    await attack('a preflight from a foreign origin', { method: 'OPTIONS', path: `/api/pages/${ID}/labels`, headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-chaff-token' } });
    await attack('a preflight from its own origin', { method: 'OPTIONS', path: '/api/pages', headers: { Origin: `http://127.0.0.1:${port}` } });
  });

  it('refuses the content types a cross-site form or simple request can send', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain;charset=utf-8', 'application/jsonx', 'application/json-patch+json', '']) {
      await attack(`Content-Type ${JSON.stringify(type)}`, { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: own(s.server, { 'Content-Type': type }), body: '{"version":"none","labels":[]}' });
    }
  });

  it('refuses every other spelling of a path out of the served folders', async () => {
    const statics = [
      '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd', '/%c0%2e%c0%2e/etc/passwd', '/%u002e%u002e/%u002e%u002e/etc/passwd', '/%25252e%25252e/etc/passwd',
      '/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/etc/passwd', '/..;/..;/etc/passwd', '/./app.js', '/app.js/.', '/app.js/', '/wasm/../app.js',
      '/%2e/app.js', '/%2E%2e/%2e%2E/etc/passwd', '/.%2e/%2e./etc/passwd', '/..%00/etc/passwd', '/%2e%2e%5c%2e%2e%5cetc%5cpasswd', '/..%255c..%255cetc%255cpasswd',
      '/C:%5cwindows%5cwin.ini', '/C:/windows/win.ini', '/app.js%2500', '/app.js%00', '/%5c%5cevil.example%5cshare', '/\\\\evil.example\\share', '/leak.js',
      '/index.html/../../etc/passwd', `/${'a/'.repeat(2000)}`, '/.git/config', '/%2e%67%69%74/config', '/ui/../outside/secret.js',
    ];
    for (const p of statics) await attack(`static ${p}`, { path: p });
    for (const target of ['file:///etc/passwd', `http://127.0.0.1:${port}/%2e%2e/%2e%2e/etc/passwd`, '*', 'etc/passwd', '//etc/passwd']) {
      await attack(`request target ${target}`, { path: target });
    }
    const ids = [
      '%c0%ae%c0%ae', '%u002e%u002e', '%25252e%25252e', '%ef%bc%8e%ef%bc%8e', '.', '..%00', '..;', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%252f..%252fetc%252fpasswd',
      `${ID}%2f..%2f..%2fetc`, 'x'.repeat(300), 'sneaky%2f..%2f..%2foutside%2fsecret', '%2Fetc%2Fpasswd', '~root', 'linked%2fsecret',
    ];
    for (const id of ids) {
      await attack(`page id ${id}`, { path: `/api/pages/${id}`, headers: api() });
      await attack(`PUT page id ${id}`, putLabels(id));
    }
    for (const name of ['%c0%ae%c0%ae', '%252e%252e', 'evil%00', '..%5cevil', 'a%2fb', '%ef%bc%8e%ef%bc%8e%ef%bc%8fevil', '-rf', '.git']) {
      await attack(`model name ${name}`, { method: 'POST', path: `/api/models/${name}`, headers: jsonHeaders(), body: '{}' });
    }
    expect(fs.readdirSync(outside).sort()).to.deep.equal(['secret.js', 'secret.txt', 'target.csv']);
  });

  it('does not follow symlinks out of the models folder, or write where a folder should be', async () => {
    const files = json(await raw(port, { path: '/api/model/files', headers: api() }));
    for (const name of ['linked', 'afile']) {
      await attack(`save a model to ${name}`, { method: 'POST', path: `/api/models/${name}`, headers: jsonHeaders(), body: JSON.stringify({ ...files, overwrite: true }) });
    }
    expect(fs.readdirSync(outside).sort()).to.deep.equal(['secret.js', 'secret.txt', 'target.csv']);
    expect(fs.readFileSync(path.join(s.models, 'afile'), 'utf8')).to.equal('not a folder');
  });

  it('neither reads nor labels a page a sidecar names outside the served folders', async () => {
    for (const id of ['sneaky', 'absolute', 'etc']) {
      const page = json(await raw(port, { path: `/api/pages/${id}`, headers: api() }));
      expect(page.error, id).to.match(/names a page file outside the folders chaff label was given/);
      expect(page.lines).to.deep.equal([]);
      expect(JSON.stringify(page)).not.to.contain(SECRET);
      await attack(`PUT sidecar ${id}`, putLabels(id, { version: page.version, labels: ['noise'] }));
    }
    const list = json(await raw(port, { path: '/api/pages', headers: api() }));
    expect(JSON.stringify(list)).not.to.contain(SECRET);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).to.equal(`${SECRET}\nline two\n`);
  });

  it('does not write through a label file swapped for a link while it runs', async () => {
    const page = json(await raw(port, { path: '/api/pages/swapped', headers: api() }));
    expect(page.error).to.equal(null);
    fs.symlinkSync(path.join(outside, 'target.csv'), path.join(s.labels, 'swapped.csv'));
    await attack('PUT through a swapped-in link', putLabels('swapped', { version: page.version, labels: ['noise', 'noise'] }));
    await attack('PUT through a swapped-in link, version "none"', putLabels('swapped', { version: 'none', labels: ['noise', 'noise'] }));
    expect(fs.readFileSync(path.join(outside, 'target.csv'), 'utf8')).to.equal(`${SECRET}\n`);
    expect(fs.lstatSync(path.join(s.labels, 'swapped.csv')).isSymbolicLink()).to.equal(true);
  });

  it('refuses malformed and oversized requests, and keeps serving', async () => {
    const deep = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    await attack('JSON nested a million deep', { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: jsonHeaders(), body: deep });
    await attack('labels that are an object', putLabels(ID, { version: 'none', labels: { length: 1e9 } }));
    await attack('labels of objects', putLabels(ID, { version: 'none', labels: [{ toString: 'article' }] }));
    await attack('a version that is not a string', putLabels(ID, { version: { $ne: null }, labels: [] }));
    await attack('a body that is not JSON, with the secret', { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: jsonHeaders(), body: `{"version": "${SECRET}` });
    await attack('a label that is the secret', putLabels(ID, { version: 'none', labels: [SECRET] }));
    await attack('a header block over 16 KB', { path: '/api/pages', headers: api({ 'X-Pad': 'x'.repeat(70_000) }) });
    await attack('a URL over 16 KB', { path: `/api/pages/${'x'.repeat(70_000)}`, headers: api() });
    await attack('Content-Length and chunked at once (smuggling)', { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: jsonHeaders({ 'Content-Length': '5', 'Transfer-Encoding': 'chunked' }), body: '0\r\n\r\n' });
    await attack('a negative Content-Length', { method: 'PUT', path: `/api/pages/${ID}/labels`, headers: jsonHeaders({ 'Content-Length': '-1' }), body: '' });
    await attack('a model body declared over 32 MB, chunked', { method: 'POST', path: '/api/models/big', headers: jsonHeaders(), body: Buffer.alloc(33 * 1024 * 1024, ' '), chunked: true });
    await attack('a model whose JSON holds the secret', { method: 'POST', path: '/api/model', headers: jsonHeaders(), body: JSON.stringify({ modelJson: `${SECRET}{`, metadataJson: `{"x": ${SECRET}}`, weights: '' }) });
    await attack('weights that are not base64', { method: 'POST', path: '/api/model', headers: jsonHeaders(), body: JSON.stringify({ modelJson: '{}', metadataJson: '{}', weights: '../../etc/passwd' }) });
    for (const method of ['TRACE', 'PATCH', 'DELETE', 'CONNECT', 'PROPFIND']) {
      await attack(`method ${method}`, { method, path: method === 'CONNECT' ? `127.0.0.1:${port}` : `/api/pages/${ID}`, headers: jsonHeaders({ 'X-Echo': SECRET }) });
    }
    await attack('an unknown route holding the secret', { path: `/api/${SECRET}`, headers: api() });
    await attack('a page that is binary, holding the secret', { path: '/api/pages/binary', headers: api() }, [200]);
    // Still serving, and nothing was written.
    expect((await raw(port, { path: '/api/pages', headers: api() })).status).to.equal(200);
    expect(fs.readFileSync(path.join(s.labels, `${ID}.csv`))).to.deep.equal(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'labels', `${ID}.csv`)));
  });

  it('holds up against a half-sent request and an idle connection', async () => {
    const sock = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.write(`PUT /api/pages/${ID}/labels HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 1000\r\n\r\n{"ver`);
    // Another client is served meanwhile.
    expect((await raw(port, { path: '/api/pages', headers: api() })).status).to.equal(200);
    sock.destroy();
  });
});
