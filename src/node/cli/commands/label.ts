/**
 * chaff label [PAGES…|DIRS…] --labels DIR --model DIR --port N
 *
 * Serves the labelling UI on http://127.0.0.1:N/ until interrupted. Opens no
 * browser by itself. See docs/labelling-ui.md.
 */
import * as path from 'node:path';
import { parse, stringOption, numberOption, flag } from '../args';
import { UserError, type Command } from '../io';
import { openModel, startBackend } from './shared';
import { startLabelServer } from '../../server/server';

const HELP = `usage: chaff label [PAGES…|DIRS…] [options]

Serve the labelling UI on http://127.0.0.1:PORT/ (it opens no browser). Pages
are .txt or .html files; label files already in the labels folder are picked
up, and every change is saved to it at once.

options:
  --labels DIR     the labels folder (default: labels)
  --model DIR      the model whose guesses are shown (default: the shipped models/default)
  --models DIR     where models trained in the browser are saved (default: models)
  --port N         port on 127.0.0.1 (default 4180; 0 picks a free one)
  --backend NAME   auto, tensorflow, wasm or cpu
  -v, --verbose    log more
`;

export const label: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {
    labels: { type: 'string', short: 'l' }, model: { type: 'string', short: 'm' }, models: { type: 'string' }, port: { type: 'string', short: 'p' },
  }, 'label');
  if (flag(values, 'help')) {
    io.stdout.write(HELP);
    return 0;
  }
  const verbose = flag(values, 'verbose');
  const port = numberOption(stringOption(values, 'port'), 'port', 4180, 0, 65535);
  if (!Number.isInteger(port)) throw new UserError('--port must be a whole number', 2);
  const labelsDir = path.resolve(io.cwd, stringOption(values, 'labels') ?? 'labels');
  const modelsDir = path.resolve(io.cwd, stringOption(values, 'models') ?? 'models');
  const inputs = positionals.map((p) => path.resolve(io.cwd, p));

  await startBackend(values, io, verbose);
  const model = await openModel(stringOption(values, 'model'), io);
  let server;
  try {
    server = await startLabelServer({
      inputs, labelsDir, modelsDir, model, port,
      log: (line) => io.stderr.write(`chaff label: ${line}\n`),
    });
  } catch (e) {
    model.dispose();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UserError(`port ${port} is in use on 127.0.0.1; pick another with --port (0 for any free one)`);
    if (err.code === 'EACCES') throw new UserError(`not allowed to listen on port ${port}; pick another with --port`);
    throw new UserError(String(err.message).split('\n')[0]!);
  }
  // Listen for the signals before saying where we serve: a script may stop us as soon as it reads the address.
  const stop = () => void server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const rel = path.relative(io.cwd, labelsDir);
  const shownLabels = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? labelsDir : rel;
  io.stdout.write(`chaff label: serving ${server.pages.size} pages on ${server.url} (labels in ${shownLabels})\n`);
  for (const s of server.pages.skipped) io.stderr.write(`chaff label: skipped ${s.file}: ${s.reason}\n`);

  try {
    await server.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  await server.close();
  return 0;
};
