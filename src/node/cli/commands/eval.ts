/**
 * chaff eval [FILES|DIRS…] --model DIR
 *
 * Scores a model on labelled pages: precision, recall and F1 of the article
 * class per page, per language, per source and overall.
 */
import * as path from 'node:path';
import { parse, stringOption, numberOption, flag } from '../args';
import type { Command } from '../io';
import { openModel, reportTables, startBackend } from './shared';
import { formatTable, formatThresholds } from '../table';
import { loadLabelled } from '../../dataset';
import { toTrainPages } from '../../../core/train/session';
import { scoreAndLoss } from '../../../core/train/trainer';
import { evaluate } from '../../../core/metrics';

const HELP = `usage: chaff eval [FILES|DIRS…] [options]

Score a model on label files (default: labels/).

options:
  --model DIR      model directory (default: the shipped models/default)
  --threshold T    keep lines scoring at least T (default: the model's own, which may differ for HTML pages)
  --json           print the report as JSON
  --backend NAME   auto, tensorflow, wasm or cpu
`;

export const evalCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(argv, {
    model: { type: 'string', short: 'm' }, threshold: { type: 'string', short: 't' }, json: { type: 'boolean' },
  }, 'eval');
  if (flag(values, 'help')) {
    io.stdout.write(HELP);
    return 0;
  }
  const pages = loadLabelled((positionals.length ? positionals : ['labels']).map((p) => path.resolve(io.cwd, p)));
  await startBackend(values, io, flag(values, 'verbose'));
  const model = await openModel(stringOption(values, 'model'), io);
  try {
    const given = stringOption(values, 'threshold');
    const threshold = numberOption(given, 'threshold', model.threshold, 0, 1);
    const { scored } = scoreAndLoss(model, toTrainPages(pages, model.settings));
    // Pages imported from HTML are read with their hints, so at the model's HTML threshold unless one is given.
    const html = model.thresholdFor('html');
    const report = evaluate(given === undefined ? scored.map((s, k) => (pages[k]!.hints ? { ...s, threshold: html } : s)) : scored, threshold);
    if (flag(values, 'json')) {
      io.stdout.write(JSON.stringify({ model: model.metadata.name, ...report }, null, 2) + '\n');
      return 0;
    }
    io.stdout.write(formatTable(['page', 'lang', 'source', 'lines', 'precision', 'recall', 'F1'],
      report.perPage.map((p) => [p.page, p.lang, p.source, p.prf.lines, p.prf.precision, p.prf.recall, p.prf.f1])));
    io.stdout.write(`\n${reportTables(report)}`);
    const shown = given === undefined && pages.some((p) => p.hints) ? formatThresholds(threshold, html) : threshold.toFixed(3);
    io.stdout.write(`model ${model.metadata.name}, threshold ${shown}\n`);
    return 0;
  } finally {
    model.dispose();
  }
};
