/**
 * Label files: one CSV per page, written and read with papaparse.
 *
 *   # chaff-labels 1 {"id":"001","lang":"vi","site":"thoidai.com.vn","source":"seed","policy":"1"}
 *   line,text,label
 *   1,Trang chủ Hữu nghị,noise
 *   2,,
 *
 * Every line of the page has a row, blank lines included (with an empty
 * label). A sidecar file labels a page it may not copy: it has a `fp` column
 * (a fingerprint of the line's text) instead of `text`, and `page` in its
 * header names the page file. See labels/README.md.
 */
import Papa from 'papaparse';
import { isLabel, LABEL_SCHEMA_VERSION, type Label, type LabelledPage, type PageMeta } from './schema';
import { hashString } from '../features/hash';

const MAGIC = '# chaff-labels';
const FULL_HEADER = ['line', 'text', 'label'];
const SIDECAR_HEADER = ['line', 'fp', 'label'];
/** Cells starting with these are formulas to spreadsheet programs. */
const FORMULA_START = /^[=+\-@\t\r]/;
const ESCAPE = "'";

export class LabelFileError extends Error {
  constructor(public readonly file: string, public readonly row: number | null, reason: string) {
    super(`${file}${row === null ? '' : `, row ${row}`}: ${reason}`);
    this.name = 'LabelFileError';
  }
}

/** A parsed sidecar: labels and fingerprints, waiting for its page's lines. */
export interface Sidecar {
  readonly meta: PageMeta;
  readonly fingerprints: readonly string[];
  readonly labels: readonly Label[];
}

/** Fingerprint of a line, for sidecars: short, stable, not the text. */
export function fingerprint(text: string): string {
  return hashString('word', text).toString(16).padStart(8, '0');
}

export function writeLabelCsv(page: LabelledPage, opts: { sidecar?: boolean } = {}): string {
  if (page.lines.length !== page.labels.length) throw new Error('lines and labels differ in length');
  const sidecar = opts.sidecar === true;
  const rows = page.lines.map((text, i) => [String(i + 1), sidecar ? fingerprint(text) : escapeCell(text), page.labels[i] ?? '']);
  const body = Papa.unparse({ fields: sidecar ? SIDECAR_HEADER : FULL_HEADER, data: rows }, { newline: '\n' });
  return `${MAGIC} ${LABEL_SCHEMA_VERSION} ${JSON.stringify(page.meta)}\n${body}\n`;
}

export function parseLabelCsv(content: string, file: string): LabelledPage | Sidecar {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  if (!first.startsWith(MAGIC + ' ')) throw new LabelFileError(file, 1, `expected a first line starting "${MAGIC} ${LABEL_SCHEMA_VERSION}"`);
  const rest = first.slice(MAGIC.length + 1);
  const sp = rest.indexOf(' ');
  const version = Number(sp < 0 ? rest : rest.slice(0, sp));
  if (version !== LABEL_SCHEMA_VERSION) throw new LabelFileError(file, 1, `label schema version ${(sp < 0 ? rest : rest.slice(0, sp)).slice(0, 20)}; this chaff reads version ${LABEL_SCHEMA_VERSION}`);
  const meta = parseMeta(sp < 0 ? '' : rest.slice(sp + 1), file);

  const parsed = Papa.parse<string[]>(nl < 0 ? '' : text.slice(nl + 1), { skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0]!;
    throw new LabelFileError(file, e.row === undefined ? null : e.row + 2, `CSV error: ${e.message}`);
  }
  const [header, ...data] = parsed.data;
  const sidecar = sameRow(header, SIDECAR_HEADER);
  if (!header || (!sameRow(header, FULL_HEADER) && !sidecar)) {
    throw new LabelFileError(file, 2, `header must be "${FULL_HEADER.join(',')}" or "${SIDECAR_HEADER.join(',')}", found ${JSON.stringify((header ?? []).join(',').slice(0, 80))}`);
  }
  const cells: string[] = [];
  const labels: Label[] = [];
  data.forEach((row, i) => {
    const rowNo = i + 3;
    if (row.length !== 3) throw new LabelFileError(file, rowNo, `expected 3 columns, found ${row.length}`);
    const [line, cell, label] = row as [string, string, string];
    if (line !== String(i + 1)) throw new LabelFileError(file, rowNo, `line number ${JSON.stringify(line)}, expected ${i + 1}`);
    if (label !== '' && !isLabel(label)) throw new LabelFileError(file, rowNo, `label ${JSON.stringify(label)} is not article, noise or empty`);
    const value = sidecar ? cell : unescapeCell(cell);
    if (!sidecar && value.length === 0 && label !== '') throw new LabelFileError(file, rowNo, 'a blank line cannot carry a label');
    cells.push(value);
    labels.push(label === '' ? null : label);
  });
  if (sidecar) {
    if (!meta.page) throw new LabelFileError(file, 1, 'a sidecar label file must name its page in the header ("page")');
    return { meta, fingerprints: cells, labels };
  }
  return { meta, lines: cells, labels };
}

export function isSidecar(x: LabelledPage | Sidecar): x is Sidecar {
  return 'fingerprints' in x;
}

/** Pair a sidecar with its page's lines; refuses pages that changed since labelling. */
export function attachLines(s: Sidecar, lines: readonly string[], file: string): LabelledPage {
  if (lines.length !== s.fingerprints.length) {
    throw new LabelFileError(file, null, `the page has ${lines.length} lines, the sidecar ${s.fingerprints.length}`);
  }
  lines.forEach((l, i) => {
    if (fingerprint(l) !== s.fingerprints[i]) throw new LabelFileError(file, i + 3, 'line text does not match its fingerprint: the page changed');
  });
  return { meta: s.meta, lines, labels: s.labels };
}

export function escapeCell(s: string): string {
  return FORMULA_START.test(s) || s.startsWith(ESCAPE) ? ESCAPE + s : s;
}

export function unescapeCell(s: string): string {
  return s.startsWith(ESCAPE) ? s.slice(1) : s;
}

function parseMeta(json: string, file: string): PageMeta {
  let m: unknown;
  try {
    m = JSON.parse(json);
  } catch {
    throw new LabelFileError(file, 1, 'page metadata after the version is not valid JSON');
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) throw new LabelFileError(file, 1, 'page metadata must be a JSON object');
  const o = m as Record<string, unknown>;
  for (const k of ['id', 'lang', 'site', 'source', 'policy'] as const) {
    if (typeof o[k] !== 'string') throw new LabelFileError(file, 1, `page metadata needs a string "${k}"`);
  }
  for (const k of ['url', 'page'] as const) {
    if (o[k] !== undefined && typeof o[k] !== 'string') throw new LabelFileError(file, 1, `page metadata "${k}" must be a string`);
  }
  return o as unknown as PageMeta;
}

function sameRow(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return !!a && a.length === b.length && a.every((x, i) => x === b[i]);
}
