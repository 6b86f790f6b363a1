/**
 * chaff lines [PAGE]
 *
 * A page as chaff sees it: the lines a browser's innerText would show for
 * HTML (or the normalised lines of a text dump), one per line. Reads stdin
 * when given no file.
 */
import * as path from 'node:path';
import { parse, stringOption, flag, choiceOption } from '../args';
import { UserError, type Command } from '../io';
import { readAll } from '../../inputs';
import { pageFromBytes, readPageFile, MAX_PAGE_BYTES } from '../../pageFiles';
import type { PageKind } from '../../../core/page';

const HELP = `usage: chaff lines [PAGE] [options]

Print a page (HTML or text) as chaff sees it, one line per line. With no file,
read the page from stdin.

options:
  --format F       text (default) or jsonl (each line with its HTML hints)
  --kind K         html or text (default: by extension, else by content)
  --encoding E     read the bytes in this encoding (default: BOM, <meta>, UTF-8)
`;

export const lines: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {
    format: { type: 'string', short: 'f' }, kind: { type: 'string' }, encoding: { type: 'string' },
  }, 'lines');
  if (flag(values, 'help')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UserError('lines: give one page (or none, to read stdin)', 2);
  const format = choiceOption(stringOption(values, 'format'), 'format', ['text', 'jsonl'] as const, 'text');
  const kind = values.kind === undefined ? undefined : choiceOption<PageKind>(stringOption(values, 'kind'), 'kind', ['html', 'text'], 'text');
  const opts = { kind, encoding: stringOption(values, 'encoding') };
  const file = positionals[0];
  const page = file
    ? readPageFile(path.resolve(io.cwd, file), opts)
    : pageFromBytes(await readAll(io.stdin, MAX_PAGE_BYTES), 'stdin', opts);
  if (format === 'text') {
    io.stdout.write(page.lines.map((l) => l + '\n').join(''));
  } else {
    page.lines.forEach((text, i) => {
      const h = page.hints?.[i];
      io.stdout.write(JSON.stringify({ line: i + 1, text, ...(h ? { linkShare: round(h.linkShare), tags: h.tags, attrWords: h.attrWords } : {}) }) + '\n');
    });
  }
  if (flag(values, 'verbose')) io.stderr.write(`chaff lines: ${page.kind}, ${page.encoding}, language ${page.lang}, ${page.lines.length} lines\n`);
  return 0;
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
