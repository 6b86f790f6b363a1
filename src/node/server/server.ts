/**
 * The labelling server behind `chaff label`: node:http on 127.0.0.1 only,
 * serving the bundled UI (dist/ui) and a small JSON API. Routes and the
 * security model are documented in docs/labelling-ui.md.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { LineModel } from '../../core/model/lineModel';
import { confidence } from '../../browser/app/confidence';
import type {
  DatasetResponse, PageResponse, PageSummary, PagesResponse, SaveModelResponse, SaveResponse,
} from '../../browser/app/protocol';
import { TOKEN_HEADER } from '../../browser/app/protocol';
import { readJson, sendError, sendJson } from './http';
import { modelFromJson, ModelState, saveModelFiles } from './models';
import { PageStore, type LoadedPage } from './pages';
import { checkRequestSource, HttpError, isInside, newToken, pathSegments, realInside, sameToken, securityHeaders } from './security';

/** Where `npm run build` puts the bundled UI. */
export const DEFAULT_UI_DIR = path.join(__dirname, '..', '..', '..', 'dist', 'ui');
export const LABELS_BODY_LIMIT = 4 * 1024 * 1024;
export const MODEL_BODY_LIMIT = 32 * 1024 * 1024;
/** Pages scored per model call. */
const SCORE_BATCH = 32;

export interface LabelServerOptions {
  /** Page files and folders named on the command line (absolute). */
  readonly inputs: readonly string[];
  readonly labelsDir: string;
  /** Where models trained in the browser are saved. */
  readonly modelsDir: string;
  /** The model for the guesses (the server owns it from now on and disposes it on close). */
  readonly model: LineModel;
  readonly uiDir?: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Called with one line per notable event (a model saved, a server error). */
  readonly log?: (line: string) => void;
}

export interface LabelServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly pages: PageStore;
  close(): Promise<void>;
  /** Resolves when the server has closed. */
  readonly closed: Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

export async function startLabelServer(o: LabelServerOptions): Promise<LabelServer> {
  const pages = new PageStore(o.inputs, o.labelsDir);
  const models = new ModelState(o.model, 'start');
  const uiDir = o.uiDir ?? DEFAULT_UI_DIR;
  const uiRoot = fs.existsSync(uiDir) ? fs.realpathSync(uiDir) : null;
  const token = newToken();
  const log = o.log ?? (() => {});
  const scoreCache = new Map<string, { key: string; scores: Float32Array }>();
  let port = 0;

  const indexHtml = (): string => {
    const file = uiRoot && path.join(uiRoot, 'index.html');
    if (!file || !fs.existsSync(file)) {
      return '<!doctype html><meta charset="utf-8"><title>chaff label</title><p>The labelling UI is not built: run <code>npm run build</code>.</p>';
    }
    return fs.readFileSync(file, 'utf8').replace('__CHAFF_TOKEN__', token);
  };

  /** Scores of loaded pages under the current model, cached per page content and model. */
  const scoresOf = (loaded: readonly LoadedPage[]): Float32Array[] => {
    const keyOf = (p: LoadedPage) => `${models.generation}:${contentKey(p)}`;
    const missing = loaded.filter((p) => !p.error && scoreCache.get(p.entry.id)?.key !== keyOf(p));
    for (let i = 0; i < missing.length; i += SCORE_BATCH) {
      const batch = missing.slice(i, i + SCORE_BATCH);
      const scored = models.current.model.score(batch.map((p) => models.current.model.featurize(p.page)));
      batch.forEach((p, k) => scoreCache.set(p.entry.id, { key: keyOf(p), scores: scored[k]! }));
    }
    return loaded.map((p) => (p.error ? new Float32Array(0) : scoreCache.get(p.entry.id)!.scores));
  };

  const summary = (p: LoadedPage, scores: Float32Array, mark: number): PageSummary => {
    let total = 0, labelled = 0, uncertain = 0, doubt = 0;
    const t = models.info.threshold;
    p.page.lines.forEach((line, i) => {
      if (!line) return;
      total++;
      if (p.labels[i] !== null) {
        labelled++;
        return;
      }
      const c = confidence(scores[i] ?? 0.5, t);
      if (c < mark) uncertain++;
      doubt += 1 - c;
    });
    return {
      id: p.entry.id, lang: p.meta.lang, kind: p.entry.pageFile || p.pageFile ? p.page.kind : 'labels', total, labelled,
      modified: p.modified, uncertain, doubt: Math.round(doubt * 1000) / 1000, error: p.error,
    };
  };

  const api = async (req: http.IncomingMessage, res: http.ServerResponse, segs: string[], query: URLSearchParams): Promise<void> => {
    const method = req.method ?? 'GET';
    const route = `${method} /${segs.map((s, i) => (i >= 1 && isParam(segs, i) ? ':' : s)).join('/')}`;
    switch (route) {
      case 'GET /api/pages': {
        const mark = clampNumber(query.get('mark'), 0.7, 0.5, 1);
        const loaded = pages.ids.map((id) => pages.load(id));
        const scores = scoresOf(loaded);
        const body: PagesResponse = { pages: loaded.map((p, i) => summary(p, scores[i]!, mark)), model: models.info, skipped: pages.skipped };
        return sendJson(res, 200, body);
      }
      case 'GET /api/pages/:': {
        const p = pages.load(segs[2]!);
        const [scores] = scoresOf([p]);
        const body: PageResponse = {
          id: p.entry.id, meta: p.meta, lang: p.page.lang, kind: p.entry.pageFile || p.pageFile ? p.page.kind : 'labels',
          lines: p.page.lines, labels: p.labels, scores: p.page.lines.map((l, i) => (l && scores!.length ? scores![i]! : null)),
          threshold: models.info.threshold, version: p.version, modified: p.modified,
          labelFile: pages.display(p.entry.labelFile), sidecar: p.sidecar, error: p.error,
        };
        return sendJson(res, 200, body);
      }
      case 'PUT /api/pages/:/labels': {
        const id = segs[2]!;
        pages.entry(id);
        const body = (await readJson(req, LABELS_BODY_LIMIT)) as { version?: unknown; labels?: unknown } | null;
        if (!body || typeof body.version !== 'string') throw new HttpError(400, 'send {"version", "labels"}');
        const r: SaveResponse = pages.save(id, body.version, body.labels);
        return sendJson(res, 200, r);
      }
      case 'GET /api/dataset': {
        const body: DatasetResponse = {
          pages: pages.ids.map((id) => pages.load(id)).filter((p) => !p.error).map((p) => ({
            id: p.entry.id, meta: p.meta, lang: p.page.lang, lines: p.page.lines, labels: p.labels,
            ...(p.page.hints ? { hints: p.page.hints } : {}),
          })),
        };
        return sendJson(res, 200, body);
      }
      case 'GET /api/model':
        return sendJson(res, 200, { model: models.info });
      case 'GET /api/model/files':
        return sendJson(res, 200, await models.files());
      case 'POST /api/model': {
        const { model } = await modelFromJson(await readJson(req, MODEL_BODY_LIMIT));
        models.replace(model, 'browser');
        scoreCache.clear();
        log(`guesses now come from the model trained in the browser (${models.info.name})`);
        return sendJson(res, 200, { model: models.info });
      }
      case 'POST /api/models/:': {
        const name = segs[2]!;
        const body = await readJson(req, MODEL_BODY_LIMIT);
        const { model, files } = await modelFromJson(body);
        // The model is named after its folder, as `chaff train` names it by default.
        const metadataJson = JSON.stringify({ ...model.metadata, name }, null, 2) + '\n';
        model.dispose();
        const saved = saveModelFiles(o.modelsDir, name, { ...files, metadataJson }, (body as { overwrite?: unknown }).overwrite === true);
        const shown = path.relative(path.dirname(path.resolve(o.modelsDir)), saved.dir).split(path.sep).join('/');
        log(`saved a model trained in the browser to ${shown}`);
        const r: SaveModelResponse = { name, dir: shown, bytes: saved.bytes };
        return sendJson(res, 200, r);
      }
    }
    throw new HttpError(segs.length > 1 && ['pages', 'models', 'model', 'dataset'].includes(segs[1]!) ? 405 : 404, 'no such API route');
  };

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, segs: string[]): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    const isIndex = segs.length === 1 && (segs[0] === '' || segs[0] === 'index.html');
    if (isIndex) {
      const html = indexHtml();
      res.writeHead(200, { ...securityHeaders(), 'Content-Type': TYPES['.html']!, 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    if (!uiRoot || segs.some((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s))) throw new HttpError(404, 'not found');
    const file = path.join(uiRoot, ...segs);
    const type = TYPES[path.extname(file).toLowerCase()];
    const real = type && isInside(uiRoot, file) ? realInside(file, [uiRoot]) : null;
    if (!real || !fs.statSync(real).isFile()) throw new HttpError(404, 'not found');
    const data = fs.readFileSync(real);
    res.writeHead(200, { ...securityHeaders(), 'Content-Type': type!, 'Content-Length': data.length, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const url = req.url ?? '';
      const q = url.indexOf('?');
      const rawPath = q < 0 ? url : url.slice(0, q);
      const isApi = rawPath === '/api' || rawPath.startsWith('/api/');
      checkRequestSource(req, port, isApi);
      if (req.method === 'OPTIONS') throw new HttpError(403, 'cross-origin requests are refused');
      const segs = pathSegments(rawPath);
      if (isApi) {
        if (!sameToken(req.headers[TOKEN_HEADER] as string | undefined, token)) throw new HttpError(403, 'missing or wrong session token; reload the page');
        await api(req, res, segs, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
      } else {
        serveStatic(req, res, segs);
      }
    } catch (e) {
      if (!(e instanceof HttpError)) log(`error: ${req.method} ${(req.url ?? '').slice(0, 200)}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
      if (e instanceof HttpError && e.status === 413) res.setHeader('Connection', 'close');
      sendError(res, e);
    }
  };

  const server = http.createServer((req, res) => void handle(req, res));
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    pages,
    closed,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => models.dispose());
      return closing;
    },
  };
}

/** Segment i of an API path is a parameter (a page id or a model name). */
function isParam(segs: readonly string[], i: number): boolean {
  return i === 2 && (segs[1] === 'pages' || segs[1] === 'models');
}

/** Page files are cached as objects by PageStore, so their keys are too. */
const contentKeys = new WeakMap<object, string>();

function contentKey(p: LoadedPage): string {
  const hit = contentKeys.get(p.page);
  if (hit) return hit;
  const key = hashPage(p);
  contentKeys.set(p.page, key);
  return key;
}

function hashPage(p: LoadedPage): string {
  const h = crypto.createHash('sha1');
  h.update(p.page.lang).update('\0').update(p.page.lines.join('\n'));
  if (p.page.hints) h.update('\0').update(JSON.stringify(p.page.hints));
  return h.digest('hex');
}

function clampNumber(v: string | null, fallback: number, min: number, max: number): number {
  const n = Number(v);
  return v !== null && Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
