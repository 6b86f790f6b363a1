/**
 * Calls to the chaff label server. Every request carries the session token
 * the server wrote into index.html; a page from another origin cannot read it.
 */
import { TOKEN_HEADER, type ErrorResponse } from './protocol';

export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly conflict = false) {
    super(message);
    this.name = 'ApiError';
  }
}

function token(): string {
  return document.querySelector('meta[name="chaff-token"]')?.getAttribute('content') ?? '';
}

export async function api<T>(method: 'GET' | 'PUT' | 'POST', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { [TOKEN_HEADER]: token() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'cannot reach the chaff label server (is it still running?)');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(res.status, `the server answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const e = json as ErrorResponse;
    throw new ApiError(res.status, e.error ?? `the server answered ${res.status}`, e.conflict === true);
  }
  return json as T;
}
