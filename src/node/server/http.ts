/**
 * Small HTTP helpers on node:http: JSON bodies with a size limit, JSON
 * answers, one-line errors that never carry file contents.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, securityHeaders } from './security';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
    'Cache-Control': 'no-store',
  });
  res.end(data);
}

export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = e instanceof HttpError ? e.status : 500;
  const message = e instanceof HttpError ? e.message : 'internal error (see the server log)';
  const extra = e instanceof HttpError ? e.extra : {};
  sendJson(res, status, { ...extra, error: message.split('\n')[0] });
}

/** Read a JSON body of at most `limit` bytes; refuses other content types. */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new HttpError(415, 'send JSON (Content-Type: application/json)');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, `request body over the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, `request body over the ${limit}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
}
