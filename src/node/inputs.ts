/**
 * Which pages a command reads: the files named, every page file under the
 * directories named, or stdin when nothing is named.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from './cli/io';

/** Extensions read as pages when walking a directory. */
export const PAGE_EXTENSIONS = ['.txt', '.html', '.htm', '.xhtml'] as const;

export function expandPageInputs(inputs: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const raw of inputs) {
    const p = path.resolve(cwd, raw);
    if (!fs.existsSync(p)) throw new UserError(`no such file or directory: ${raw}`);
    if (fs.statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

function walk(dir: string, out: string[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && (PAGE_EXTENSIONS as readonly string[]).includes(path.extname(e.name).toLowerCase())) out.push(p);
  }
}

/** All of stdin as bytes. */
export async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) throw new UserError(`stdin: more than the ${limit}-byte limit per page (use --jsonl to stream many pages)`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
