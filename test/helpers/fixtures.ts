/**
 * A small trained model shared by the CLI tests, trained once per run by the
 * real `chaff train` on the synthetic pages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeLabelCsv } from '../../src/core/labels/csv';
import { syntheticPage } from './tiny';
import { spawnChaff, tmpDir } from './cli';

const WORDS = [['Alpha', 'Beta', 'bridge'], ['Gamma', 'Delta', 'harbour'], ['Epsilon', 'Zeta', 'school'], ['Eta', 'Theta', 'railway'], ['Iota', 'Kappa', 'museum'], ['Lambda', 'Mu', 'hospital']];

let cached: { dir: string; labels: string; model: string; train: ReturnType<typeof spawnChaff> } | null = null;

export function trainedFixture() {
  if (cached) return cached;
  const dir = tmpDir();
  const labels = path.join(dir, 'labels');
  fs.mkdirSync(labels);
  WORDS.forEach((w, i) => {
    const page = syntheticPage(`p${i}`, `site${i}.example`, w);
    fs.writeFileSync(path.join(labels, `p${i}.csv`), writeLabelCsv(page));
    fs.writeFileSync(path.join(labels, `p${i}.txt`), page.lines.join('\n') + '\n');
  });
  const model = path.join(dir, 'model');
  const train = spawnChaff(['train', labels, '--out', model, '--epochs', '25', '--patience', '25', '--validation', '0.34', '--batch-rows', '32']);
  cached = { dir, labels, model, train };
  return cached;
}
