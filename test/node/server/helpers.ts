/**
 * Talking to a chaff label server the way an attacker would: raw HTTP over a
 * socket, so paths, Host and Origin go out exactly as written.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startLabelServer, type LabelServer } from '../../../src/node/server/server';
import { loadModelDir, DEFAULT_MODEL_DIR } from '../../../src/node/modelDir';
import { tmpDir } from '../../helpers/cli';
import { LABELS_DIR, REPO } from '../../helpers/tiny';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface RawRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: string | Buffer;
  /** Send the body chunked, without Content-Length. */
  readonly chunked?: boolean;
  readonly http10?: boolean;
}

/** One request on a fresh connection; resolves with the parsed response. */
export function raw(port: number, r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    sock.on('data', (d) => chunks.push(d));
    sock.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' || (e as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(e)));
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const head = text.indexOf('\r\n\r\n');
      if (head < 0) return reject(new Error(`no HTTP response (got ${JSON.stringify(text.slice(0, 80))})`));
      const [status, ...lines] = text.slice(0, head).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const c = l.indexOf(':');
        headers[l.slice(0, c).toLowerCase()] = l.slice(c + 1).trim();
      }
      let body = text.slice(head + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      resolve({ status: Number(status!.split(' ')[1]), headers, body });
    });
    const headers: Record<string, string | undefined> = { Host: `127.0.0.1:${port}`, Connection: 'close', ...r.headers };
    const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
    if (body && !r.chunked && headers['Content-Length'] === undefined) headers['Content-Length'] = String(body.length);
    if (body && r.chunked) headers['Transfer-Encoding'] = 'chunked';
    const head = [`${r.method ?? 'GET'} ${r.path} HTTP/${r.http10 ? '1.0' : '1.1'}`];
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) head.push(`${k}: ${v}`);
    sock.write(head.join('\r\n') + '\r\n\r\n');
    if (body) {
      if (r.chunked) {
        for (let i = 0; i < body.length; i += 65536) {
          const part = body.subarray(i, i + 65536);
          sock.write(`${part.length.toString(16)}\r\n`);
          sock.write(part);
          sock.write('\r\n');
        }
        sock.write('0\r\n\r\n');
      } else {
        sock.write(body);
      }
    }
  });
}

function dechunk(s: string): string {
  let out = '';
  let rest = s;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    if (nl < 0) return out;
    const n = parseInt(rest.slice(0, nl), 16);
    if (!n) return out;
    out += rest.slice(nl + 2, nl + 2 + n);
    rest = rest.slice(nl + 2 + n + 2);
  }
}

/** Headers of a request from the UI itself: own Host and Origin, the token. */
export function own(server: LabelServer, extra: Record<string, string> = {}): Record<string, string> {
  return { Origin: `http://127.0.0.1:${server.port}`, 'x-chaff-token': server.token, ...extra };
}

export function json(r: RawResponse): Record<string, unknown> {
  return JSON.parse(r.body) as Record<string, unknown>;
}

export interface Setup {
  readonly dir: string;
  readonly labels: string;
  readonly models: string;
  readonly server: LabelServer;
}

/** A server on a temporary labels folder holding seed pages 000 and 004 with their labels. */
export async function setup(opts: { inputs?: (dir: string) => string[]; prepare?: (labels: string, dir: string) => void } = {}): Promise<Setup> {
  const dir = tmpDir('chaff-server-');
  const labels = path.join(dir, 'labels');
  fs.mkdirSync(labels);
  for (const id of ['000_1a6ce918f1923520', '004_9a32b6d7f5a07658']) {
    fs.copyFileSync(path.join(LABELS_DIR, `${id}.txt`), path.join(labels, `${id}.txt`));
    fs.copyFileSync(path.join(LABELS_DIR, `${id}.csv`), path.join(labels, `${id}.csv`));
  }
  opts.prepare?.(labels, dir);
  const models = path.join(dir, 'models');
  const ui = path.join(dir, 'ui');
  fs.mkdirSync(ui);
  fs.copyFileSync(path.join(REPO, 'src', 'browser', 'app', 'index.html'), path.join(ui, 'index.html'));
  fs.writeFileSync(path.join(ui, 'app.js'), 'console.log("chaff");\n');
  const server = await startLabelServer({
    inputs: opts.inputs?.(dir) ?? [], labelsDir: labels, modelsDir: models, model: await loadModelDir(DEFAULT_MODEL_DIR), port: 0,
    uiDir: ui,
  });
  return { dir, labels, models, server };
}
