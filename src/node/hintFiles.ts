/**
 * HTML hints kept beside a label file (`<page>.hints.json`): per line, the
 * share of link text, the structural tags and the class/id words. Written by
 * `chaff import` so training sees the markup of imported HTML pages without
 * re-parsing them; generated data, like the labels it sits beside.
 */
import * as fs from 'node:fs';
import type { LineHints } from '../core/features/htmlHints';

export const HINTS_SUFFIX = '.hints.json';
const FORMAT = 'chaff-hints-1';

type Row = [number, string[], string[]];

export function hintsFileFor(labelFile: string): string {
  return labelFile.replace(/\.csv$/, '') + HINTS_SUFFIX;
}

export function serializeHints(hints: readonly LineHints[]): string {
  const rows: Row[] = hints.map((h) => [Math.round(h.linkShare * 1000) / 1000, [...h.tags], [...h.attrWords]]);
  return JSON.stringify({ format: FORMAT, lines: rows }) + '\n';
}

/** The hints beside a label file for a page of `lineCount` lines, or undefined when there are none (or they do not fit). */
export function readHintsFor(labelFile: string, lineCount: number): LineHints[] | undefined {
  const file = hintsFileFor(labelFile);
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: string; lines?: Row[] };
  if (parsed.format !== FORMAT || !Array.isArray(parsed.lines) || parsed.lines.length !== lineCount) return undefined;
  return parsed.lines.map(([linkShare, tags, attrWords]) => ({ linkShare, tags, attrWords }));
}
