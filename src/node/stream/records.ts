/**
 * The JSON-lines contract of `chaff clean --jsonl`, record by record.
 *
 * In:  {"id": "a1", "text": "page text…"}        a text dump, one block per line
 *      {"id": "a2", "html": "<html>…</html>"}     an HTML page
 *      optional "lang": an ISO 639-1 code, to skip language detection
 * Out: {"id": "a1", "text": "the article…", "lang": "en", "lines": 120, "kept": 31}
 *      lines: non-blank lines on the page; kept: article lines among them
 * Bad: {"id": "a3", "error": "…"}                  one per bad record (id null when it has none); the stream goes on
 *
 * Output line i answers input record i (blank input lines are no record), and
 * depends only on that record: sharding the input and concatenating the
 * outputs in order gives the same bytes.
 */
import { Classifier, keptText, labelLines, type LineResult } from '../../core/classifier';
import { pageFromHtml, pageFromText, type Page } from '../../core/page';
import { DEFAULT_MAX_RECORD_LINES } from './limits';
import { FeatureArena } from '../../core/features/featurize';

/** Features of the batch being cleaned: reused batch after batch, so cleaning allocates little. */
const arena = new FeatureArena();

export interface CleanRecord {
  readonly seq: number;
  readonly id: string | number;
  readonly page: Page;
}

export interface BadRecord {
  readonly seq: number;
  readonly id: string | number | null;
  readonly error: string;
}

/** Counts a batch of records adds to the run's summary. */
export interface BatchStats {
  pages: number;
  lines: number;
  kept: number;
  errors: number;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Parse one record's bytes into a page, or say what is wrong with it. */
export function parseRecord(seq: number, bytes: Uint8Array | null, size: number, maxRecordBytes: number, maxRecordLines = DEFAULT_MAX_RECORD_LINES): CleanRecord | BadRecord {
  if (bytes === null) return { seq, id: null, error: `record of ${size} bytes is over the ${maxRecordBytes}-byte limit (--max-record-bytes)` };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { seq, id: null, error: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { seq, id: null, error: `not valid JSON (${firstLine(e)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { seq, id: null, error: 'not a JSON object' };
  const r = value as Record<string, unknown>;
  const id = typeof r.id === 'string' || (typeof r.id === 'number' && Number.isFinite(r.id)) ? r.id : null;
  const bad = (error: string): BadRecord => ({ seq, id, error });
  if (id === null) return bad(r.id === undefined ? 'no "id"' : '"id" must be a string or a number');
  const hasText = r.text !== undefined, hasHtml = r.html !== undefined;
  if (hasText === hasHtml) return bad(hasText ? 'both "text" and "html": give one' : 'no "text" or "html"');
  const body = hasText ? r.text : r.html;
  if (typeof body !== 'string') return bad(`"${hasText ? 'text' : 'html'}" must be a string`);
  if (r.lang !== undefined && (typeof r.lang !== 'string' || !/^[a-z]{2,3}$/.test(r.lang))) return bad('"lang" must be a language code such as "en"');
  const lang = r.lang as string | undefined;
  try {
    const page = hasText ? pageFromText(body, lang) : pageFromHtml(body, lang);
    if (page.lines.length > maxRecordLines) return bad(`${page.lines.length} lines is over the ${maxRecordLines}-line limit per page`);
    return { seq, id, page };
  } catch (e) {
    return bad(firstLine(e));
  }
}

export function isBad(r: CleanRecord | BadRecord): r is BadRecord {
  return 'error' in r;
}

/** The output line of a cleaned page (with its newline). */
export function resultLine(r: CleanRecord, results: readonly LineResult[], stats: BatchStats): string {
  let lines = 0, kept = 0;
  for (const x of results) {
    if (x.label === null) continue;
    lines++;
    if (x.label === 'article') kept++;
  }
  stats.pages++;
  stats.lines += lines;
  stats.kept += kept;
  return JSON.stringify({ id: r.id, text: keptText(results), lang: r.page.lang, lines, kept }) + '\n';
}

/** The output line of a bad record (with its newline). */
export function errorLine(r: BadRecord, stats: BatchStats): string {
  stats.errors++;
  return JSON.stringify({ id: r.id, error: r.error }) + '\n';
}

/**
 * Clean a batch of records: parse each, score all good pages in one pass
 * (batching across pages changes no score), and render every record's output
 * line, in order. A failure while scoring falls back to one page at a time,
 * so only the page at fault gets an error record.
 */
export function cleanBatch(classifier: Classifier, records: readonly (CleanRecord | BadRecord)[], threshold: number | undefined): { out: string; stats: BatchStats } {
  const stats: BatchStats = { pages: 0, lines: 0, kept: 0, errors: 0 };
  const good = records.filter((r): r is CleanRecord => !isBad(r));
  const results = new Map<number, LineResult[] | BadRecord>();
  try {
    arena.reset();
    const scores = classifier.model.score(good.map((r) => classifier.model.featurize(r.page, arena)));
    good.forEach((r, k) => results.set(r.seq, labelLines(r.page.lines, scores[k]!, threshold ?? classifier.model.thresholdFor(r.page.kind))));
  } catch {
    for (const r of good) {
      try {
        results.set(r.seq, classifier.classifyPage(r.page, { threshold }));
      } catch (e) {
        results.set(r.seq, { seq: r.seq, id: r.id, error: firstLine(e) });
      }
    }
  }
  let out = '';
  for (const r of records) {
    if (isBad(r)) {
      out += errorLine(r, stats);
      continue;
    }
    const res = results.get(r.seq)!;
    out += Array.isArray(res) ? resultLine(r, res, stats) : errorLine(res, stats);
  }
  return { out, stats };
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}
