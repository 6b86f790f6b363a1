/**
 * A child process for test/node/atomicWrite.test.ts, bundled by the test
 * with esbuild so it starts in milliseconds. Modes:
 *
 *   rewrite label|raw FILE   once a line arrives on stdin (so the test can
 *                            start the next writer while this one works),
 *                            rewrite FILE with two label files in turn,
 *                            forever, through writeLabelFile or
 *                            writeFileAtomicSync; "ready <ms>" after the first write, with its time
 *   hold FILE                take FILE's lock and keep it; "locked"
 *   count FILE N             N times: read FILE, write it back with one more
 *                            article label, conditional on the version read
 *                            (a conflict or a busy lock: read again)
 */
import * as fs from 'node:fs';
import { writeFileAtomicSync } from '../../src/node/atomicWrite';
import { labelFileVersion, LabelFileBusyError, LabelFileConflictError, readLabelFile, withLabelLock, writeLabelFile } from '../../src/node/labelFiles';
import { writeLabelCsv } from '../../src/core/labels/csv';
import type { LabelledPage } from '../../src/core/labels/schema';

/** The two versions a rewriter alternates between (and the test expects to find). */
export function versions(lines = 3000): [LabelledPage, LabelledPage] {
  const text = Array.from({ length: lines }, (_, i) => (i % 7 === 3 ? '' : `Line ${i}, with "quotes", commas, and =formulas ${'x'.repeat(i % 40)}`));
  const page = (label: 'article' | 'noise'): LabelledPage => ({
    meta: { id: 'kill', lang: 'en', site: 'example.com', source: 'test', policy: '1' },
    lines: text,
    labels: text.map((l) => (l ? label : null)),
  });
  return [page('article'), page('noise')];
}

function main(): void {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'rewrite') {
    const file = b!;
    const pages = versions();
    const bytes = pages.map((p) => Buffer.from(writeLabelCsv(p)));
    fs.readSync(0, Buffer.alloc(3)); // "go\n"
    for (let i = 0; ; i++) {
      const t = Date.now();
      if (a === 'label') writeLabelFile(file, pages[i % 2]!);
      else writeFileAtomicSync(file, bytes[i % 2]!);
      if (i === 0) process.stdout.write(`ready ${Date.now() - t}\n`);
    }
  }
  if (mode === 'hold') {
    withLabelLock(a!, () => {
      process.stdout.write('locked\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    });
  }
  if (mode === 'count') {
    const file = a!;
    let conflicts = 0;
    for (let done = 0; done < Number(b); ) {
      const bytes = fs.readFileSync(file);
      const page = readLabelFile(file);
      const n = page.labels.filter((l) => l === 'article').length;
      let give = n + 1;
      const labels = page.lines.map((l) => (!l ? null : give-- > 0 ? 'article' : 'noise'));
      try {
        writeLabelFile(file, { ...page, labels }, { expect: labelFileVersion(bytes) });
        done++;
      } catch (e) {
        if (!(e instanceof LabelFileConflictError || e instanceof LabelFileBusyError)) throw e;
        conflicts++;
      }
    }
    process.stdout.write(`${conflicts}\n`);
  }
  void c;
}

if (require.main === module) main();
