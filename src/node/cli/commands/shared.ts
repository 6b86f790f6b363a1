/**
 * Pieces several commands share: backend start-up, model loading with
 * one-line errors, and metric tables.
 */
import { initBackend, BACKENDS, type BackendChoice } from '../../backend';
import { DEFAULT_MODEL_DIR, loadModelDir } from '../../modelDir';
import { ModelFileError } from '../../../core/model/artifacts';
import type { LineModel } from '../../../core/model/lineModel';
import type { EvalReport, Prf } from '../../../core/metrics';
import { choiceOption } from '../args';
import { UserError, type Io } from '../io';
import { formatTable } from '../table';
import * as path from 'node:path';

export async function startBackend(values: Record<string, unknown>, io: Io, verbose: boolean): Promise<string> {
  const choice = choiceOption<BackendChoice>(values.backend as string | undefined, 'backend', BACKENDS, (io.env.CHAFF_BACKEND as BackendChoice) ?? 'auto');
  let name: string;
  try {
    name = await initBackend(choice);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  if (verbose) io.stderr.write(`chaff: tfjs backend ${name}\n`);
  return name;
}

export async function openModel(dir: string | undefined, io: Io): Promise<LineModel> {
  const resolved = dir ? path.resolve(io.cwd, dir) : DEFAULT_MODEL_DIR;
  try {
    return await loadModelDir(resolved);
  } catch (e) {
    if (e instanceof ModelFileError) throw new UserError(`model: ${e.message}`);
    throw e;
  }
}

/** Precision / recall / F1 of the article class, one row per group. */
export function metricsTable(groups: Record<string, Prf>, overall: Prf, firstColumn: string): string {
  const rows = Object.entries(groups).map(([k, m]) => row(k, m));
  rows.push(row('overall', overall));
  return formatTable([firstColumn, 'lines', 'precision', 'recall', 'F1'], rows);
}

export function reportTables(r: EvalReport): string {
  return `${metricsTable(r.perLanguage, r.overall, 'language')}\n${metricsTable(r.perSource, r.overall, 'source')}`;
}

function row(name: string, m: Prf): (string | number)[] {
  return [name, m.lines, m.precision, m.recall, m.f1];
}
