/**
 * Labelled pages for training and evaluation, read from label files and
 * directories, with one-line errors naming the file and row at fault.
 */
import { findLabelFiles, readLabelFile } from './labelFiles';
import { readHintsFor } from './hintFiles';
import { LabelFileError } from '../core/labels/csv';
import type { LabelledPage } from '../core/labels/schema';
import { UserError } from './cli/io';

export interface LabelledFile extends LabelledPage {
  readonly file: string;
}

export function loadLabelled(inputs: readonly string[]): LabelledFile[] {
  try {
    const files = findLabelFiles(inputs);
    if (files.length === 0) throw new UserError(`no label files (*.csv) in ${inputs.join(', ')}`);
    return files.map((file) => {
      const page = readLabelFile(file);
      const hints = readHintsFor(file, page.lines.length);
      return { ...page, ...(hints ? { hints } : {}), file };
    });
  } catch (e) {
    if (e instanceof LabelFileError) throw new UserError(e.message);
    throw e;
  }
}
