/**
 * What the labelling server refuses, in one place:
 *
 * - requests whose Host is not this server's own address (DNS rebinding),
 *   or whose Origin is another site;
 * - API calls without the per-session token (written into index.html, which
 *   another origin cannot read);
 * - writes without Origin or without a JSON content type;
 * - ids and URL paths that could name a file outside the served folders
 *   (`..`, encoded dots, slashes or backslashes, absolute paths), and files
 *   whose real path (symlinks resolved) leaves their folder.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IncomingMessage } from 'node:http';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function sameToken(given: string | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given), b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Origins this server answers to: its own address under 127.0.0.1 and localhost. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Throws unless Host (and Origin, when sent) name this server. */
export function checkRequestSource(req: IncomingMessage, port: number, isApi: boolean): void {
  const host = req.headers.host;
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (typeof host !== 'string' || !hosts.includes(host.toLowerCase())) {
    throw new HttpError(403, 'this server only answers requests for its own address (Host header refused)');
  }
  const origin = req.headers.origin;
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  if (origin !== undefined && !ownOrigins(port).includes(String(origin).toLowerCase())) {
    throw new HttpError(403, 'requests from other origins are refused');
  }
  if (write && origin === undefined) throw new HttpError(403, 'writes must come from the labelling page (no Origin header)');
  const site = req.headers['sec-fetch-site'];
  if (isApi && (site === 'cross-site' || site === 'same-site')) throw new HttpError(403, 'requests from other sites are refused');
}

/** Page and model ids: a safe file base name, nothing that walks or hides. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isSafeId(id: string): boolean {
  return ID.test(id) && !id.includes('..');
}

/** A file base name turned into an id (unsafe characters become "_"). */
export function idFromName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/\.{2,}/g, '_').replace(/^[^A-Za-z0-9]+/, '');
  return base.slice(0, 128) || 'page';
}

/**
 * The decoded segments of a URL path, or an error for anything that could
 * walk out of a folder: "..", ".", empty segments, encoded slashes,
 * backslashes, NUL, a "%" left after decoding (double encoding).
 */
export function pathSegments(rawPath: string): string[] {
  if (!rawPath.startsWith('/')) throw new HttpError(400, 'bad request path');
  if (rawPath === '/') return [''];
  const parts = rawPath.split('/').slice(1);
  return parts.map((raw, i) => {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, 'bad request path');
    }
    if (seg === '' && i === parts.length - 1 && i > 0) return seg;
    if (seg === '' || seg === '.' || seg === '..' || /[/\\\0%]/.test(seg) || /^\.\.?$/.test(seg.trim())) {
      throw new HttpError(400, 'bad request path');
    }
    return seg;
  });
}

/** True when `p` is `root` or inside it (both already absolute and resolved). */
export function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of an existing file, required to stay inside one of `roots` (real paths). */
export function realInside(file: string, roots: readonly string[]): string | null {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return null;
  }
  return roots.some((r) => isInside(r, real)) ? real : null;
}

/** Every security header the server sends. */
export function securityHeaders(): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "worker-src 'self'",
      "connect-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}
