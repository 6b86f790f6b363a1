/**
 * The chaff command line: `chaff <command> [options]`. Each command is a
 * function over (argv, io), loaded only when called so start-up stays fast.
 */
import { processIo, UserError, type Command, type Io } from './io';

interface Entry {
  readonly summary: string;
  readonly load: () => Command;
}

const COMMANDS: Record<string, Entry> = {
  clean: { summary: 'strip noise lines from pages (text or HTML)', load: () => require('./commands/clean').clean },
  train: { summary: 'train a line model from labelled pages', load: () => require('./commands/train').train },
  eval: { summary: 'score a model on labelled pages', load: () => require('./commands/eval').evalCommand },
  lines: { summary: 'print a page (HTML or text) as chaff sees it, one line per line', load: () => require('./commands/lines').lines },
  import: { summary: 'turn pages with gold article text into line labels', load: () => require('./commands/import').importCommand },
  label: { summary: 'serve the labelling UI on 127.0.0.1', load: () => require('./commands/label').label },
};

export const USAGE = `usage: chaff <command> [options]

commands:
${Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(8)} ${v.summary}`).join('\n')}

Run "chaff <command> --help" for a command's options.
`;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout.write(`${require('../../../package.json').version}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`chaff: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  const verbose = rest.includes('--verbose') || rest.includes('-v');
  try {
    return await entry.load()(rest, io);
  } catch (e) {
    io.stderr.write(`chaff ${name}: ${describe(e, verbose)}\n`);
    return e instanceof UserError ? e.code : 1;
  }
}

/** One line for the user; the stack only with --verbose. */
function describe(e: unknown, verbose: boolean): string {
  if (e instanceof UserError) return e.message;
  const err = e as Error & { code?: string; path?: string };
  if (err?.code === 'ENOENT' && err.path) return `no such file or directory: ${err.path}`;
  if (err?.code === 'EACCES' && err.path) return `permission denied: ${err.path}`;
  if (err?.code === 'EISDIR' && err.path) return `is a directory: ${err.path}`;
  const line = String(err?.message ?? e).split('\n')[0]!;
  return verbose && err?.stack ? `${line}\n${err.stack}` : line;
}

if (require.main === module) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`chaff: ${String((e as Error)?.message ?? e).split('\n')[0]}\n`);
      process.exitCode = 1;
    },
  );
}
