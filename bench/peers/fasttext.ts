/**
 * fastText as a line-classifier peer: Debian's `fasttext` trained on the
 * same labelled lines as chaff (char n-grams 2–5, as the issue specifies),
 * each line judged alone. Weighted pages are repeated, since fastText has no
 * example weights.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabelledPage } from '../../src/core/labels/schema';

export const FASTTEXT_ARGS = ['-minn', '2', '-maxn', '5', '-dim', '32', '-wordNgrams', '2', '-bucket', '262144', '-thread', '1', '-epoch', '5'];

export function haveFastText(): boolean {
  return spawnSync('fasttext', [], { stdio: 'pipe' }).error === undefined;
}

function text(line: string): string {
  return line.replace(/\s+/g, ' ');
}

/** Train on `pages` (each repeated `repeat(page)` times); returns the model path. */
export function trainFastText(pages: readonly LabelledPage[], repeat: (p: LabelledPage) => number, dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const input = path.join(dir, `${name}.train.txt`);
  const out: string[] = [];
  for (const p of pages) {
    const rows = p.lines.flatMap((l, i) => (l && p.labels[i] ? [`__label__${p.labels[i]} ${text(l)}`] : []));
    for (let r = 0; r < repeat(p); r++) out.push(...rows);
  }
  fs.writeFileSync(input, out.join('\n') + '\n');
  const model = path.join(dir, name);
  const r = spawnSync('fasttext', ['supervised', '-input', input, '-output', model, ...FASTTEXT_ARGS], { stdio: 'pipe', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`fasttext supervised failed: ${r.stderr.toString().slice(-500)}`);
  return `${model}.bin`;
}

/** Keep decisions (label article with probability ≥ 0.5) for every line of each page; blank lines false. */
export function predictFastText(model: string, pages: readonly (readonly string[])[], dir: string): boolean[][] {
  const input = path.join(dir, 'predict.txt');
  const flat = pages.flatMap((lines) => lines.filter((l) => l).map(text));
  fs.writeFileSync(input, flat.join('\n') + '\n');
  const r = spawnSync('fasttext', ['predict-prob', model, input], { stdio: 'pipe', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`fasttext predict failed: ${r.stderr.toString().slice(-500)}`);
  const preds = r.stdout.toString().trim().split('\n').map((row) => {
    const [label, p] = row.split(' ');
    return label === '__label__article' ? Number(p) >= 0.5 : Number(p) < 0.5;
  });
  let k = 0;
  return pages.map((lines) => lines.map((l) => (l ? preds[k++]! : false)));
}
