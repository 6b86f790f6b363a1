/**
 * The input the streaming tests share: about 200 JSON-lines records of every
 * kind, with bad ones at known places.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, syntheticPage } from '../../helpers/tiny';

/** The seed pages' text files, in order: record `seed-<10·k>` is SEED_FILES[k mod 5]. */
export const SEED_FILES = fs.readdirSync(path.join(REPO, 'labels')).filter((f) => f.endsWith('.txt')).sort();
const WORDS = ['harbour', 'bridge', 'school', 'railway', 'museum', 'hospital', 'library', 'stadium'];

/** ~200 records: the seed pages, synthetic pages, an HTML page, and bad records at known places. */
export function mixedInput(): { input: string; ids: (string | number | null)[]; bad: number[] } {
  const lines: string[] = [];
  const ids: (string | number | null)[] = [];
  const bad: number[] = [];
  for (let i = 0; i < 200; i++) {
    if (i % 37 === 5) {
      lines.push(i % 2 ? '{"id": "broken", "text": ' : '{"text": "no id"}');
      ids.push(null);
      bad.push(i + 1);
      continue;
    }
    if (i % 50 === 7) {
      lines.push(JSON.stringify({ id: `h${i}`, html: `<html><body><nav><a href="/">Home</a> | <a href="/n">News</a></nav><article><h1>Page ${i}</h1><p>The ${WORDS[i % 8]} reopened on Monday after three years of work, officials said.</p></article><footer>© 2024</footer></body></html>` }));
      ids.push(`h${i}`);
      continue;
    }
    if (i % 10 === 0) {
      const f = SEED_FILES[(i / 10) % SEED_FILES.length]!;
      lines.push(JSON.stringify({ id: `seed-${i}`, text: fs.readFileSync(path.join(REPO, 'labels', f), 'utf8') }));
      ids.push(`seed-${i}`);
      continue;
    }
    const page = syntheticPage(`p${i}`, 'x', [`Name${i}`, `Town${i % 13}`, WORDS[i % WORDS.length]!]);
    lines.push(JSON.stringify({ id: i, text: page.lines.join('\n') }));
    ids.push(i);
  }
  return { input: lines.join('\n') + '\n', ids, bad };
}

