/**
 * wcxb: the Web Content Extraction Benchmark's dev split, `dev/html/<id>.html.gz`
 * with `dev/ground-truth/<id>.json` and `metadata.dev.json`. Many page types,
 * not only news; the gold was drafted by an LLM and reviewed by people.
 *
 * Gold: the title (unless main_content already starts with it), then
 * main_content. `with[]` snippets must be article: they resolve hard lines
 * that contain them; `without[]` snippets must be excluded: lines that are
 * (nearly) one of them are noise. Left out: pages without main content (SPA
 * shells), the second page of the two byte-identical HTML pairs, and, unless
 * asked for, the ids whose HTML is also in the upstream test split.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { alignTokens } from '../../../core/align/goldAlign';
import { IMPORT_POLICY, readJson, readPage, safeId, siteOf, strings, titleLines, type Source } from '../source';

interface Truth {
  readonly url?: string;
  readonly ground_truth?: {
    readonly title?: string;
    readonly author?: string;
    readonly main_content?: string;
    readonly with?: unknown;
    readonly without?: unknown;
  };
}

interface Meta {
  readonly split?: string;
  readonly domain?: string;
  readonly page_type?: string;
}

/** Byte-identical HTML with different gold: keep the first of each pair (README). */
const DUPLICATES: ReadonlySet<string> = new Set(['3035', '2863']);
/** Every page is English but these two (README). */
const LANGUAGES: Readonly<Record<string, string>> = { '4403': 'id', '2917': 'bg' };

export const wcxb: Source = function* (dir, opts = {}) {
  const metadata = readJson(path.join(dir, 'metadata.dev.json')) as Record<string, Meta>;
  const ids = fs.readdirSync(path.join(dir, 'dev', 'ground-truth')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  for (const n of ids) {
    const id = safeId('wcxb', n);
    const md = metadata[n] ?? {};
    if (DUPLICATES.has(n)) { opts.onSkip?.(id, 'same HTML as another page'); continue; }
    if (md.split === 'test' && !opts.wcxbTest) { opts.onSkip?.(id, 'HTML also in the upstream test split'); continue; }
    if (opts.pageTypes && !opts.pageTypes.includes(md.page_type ?? '')) { opts.onSkip?.(id, `page type ${md.page_type ?? 'unknown'} not asked for`); continue; }
    const t = readJson(path.join(dir, 'dev', 'ground-truth', `${n}.json`)) as Truth;
    const g = t.ground_truth ?? {};
    const body = g.main_content?.trim() ?? '';
    if (body.length === 0) { opts.onSkip?.(id, 'no main content'); continue; }
    const htmlFile = path.join(dir, 'dev', 'html', `${n}.html.gz`);
    if (!fs.existsSync(htmlFile)) { opts.onSkip?.(id, 'no HTML file'); continue; }
    const title = g.title?.trim() ?? '';
    const url = t.url ?? (md.domain ? `https://${md.domain}/` : undefined);
    yield {
      meta: { id, lang: LANGUAGES[n] ?? 'en', site: siteOf(url) ?? md.domain ?? 'unknown', source: 'wcxb', policy: IMPORT_POLICY, ...(t.url ? { url: t.url } : {}) },
      html: readPage(htmlFile),
      gold: title && !startsWith(body, title) ? `${titleLines(title)}\n${body}` : body,
      hints: { confirm: strings(g.with), exclude: strings(g.without), authors: strings([g.author]) },
    };
  }
};

function startsWith(body: string, title: string): boolean {
  const b = alignTokens(body.slice(0, title.length * 2)), t = alignTokens(title);
  return t.length > 0 && t.every((w, i) => b[i] === w);
}
