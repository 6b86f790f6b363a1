/**
 * fundus: news pages from flairNLP/fundus' parser tests, in
 * `<country>/<Publisher>_<YYYY_MM_DD>.html.gz`, with the gold of every parser
 * version in `<Publisher>.json` and URLs in `meta.info`.
 *
 * Pairing (README): a publisher's pages sorted by date pair one to one with
 * its version keys sorted V1 < V1_1 < V2. Gold: the title (chaff counts it as
 * article; fundus keeps it outside the body), then the body's summary and each
 * section's headline and paragraphs. Image captions are article wherever they
 * are; image credits and the authors' names are noise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headInfo, IMPORT_POLICY, pageLanguage, readJson, readPage, safeId, siteOf, strings, type GoldPage, type Source } from '../source';

interface FundusGold {
  readonly title?: string;
  readonly authors?: unknown;
  readonly body?: { summary?: unknown; sections?: { headline?: unknown; paragraphs?: unknown }[] };
  readonly images?: { caption?: unknown; authors?: unknown }[];
}

const PAGE_FILE = /^([^_]+)_(\d{4}_\d{2}_\d{2})\.html\.gz$/;

export const fundus: Source = function* (dir, opts = {}) {
  for (const country of listDirs(dir)) {
    const folder = path.join(dir, country);
    const info = readJson(path.join(folder, 'meta.info')) as Record<string, { url?: string }>;
    const byPublisher = new Map<string, string[]>();
    for (const f of fs.readdirSync(folder).sort()) {
      const m = PAGE_FILE.exec(f);
      if (m) byPublisher.set(m[1]!, [...(byPublisher.get(m[1]!) ?? []), f]);
    }
    for (const [publisher, files] of byPublisher) {
      const versions = readJson(path.join(folder, `${publisher}.json`)) as Record<string, FundusGold>;
      const keys = Object.keys(versions).sort(compareVersions);
      files.sort((a, b) => PAGE_FILE.exec(a)![2]!.localeCompare(PAGE_FILE.exec(b)![2]!));
      if (keys.length !== files.length) {
        for (const f of files) opts.onSkip?.(pageId(country, f), `${files.length} pages but ${keys.length} gold versions for ${publisher}`);
        continue;
      }
      for (let i = 0; i < files.length; i++) {
        const page = toPage(country, files[i]!, versions[keys[i]!]!, info[files[i]!]?.url, path.join(folder, files[i]!));
        if (page) yield page;
        else opts.onSkip?.(pageId(country, files[i]!), 'empty gold body');
      }
    }
  }
};

function toPage(country: string, file: string, g: FundusGold, url: string | undefined, htmlFile: string): GoldPage | undefined {
  const blocks = [...strings(g.body?.summary)];
  for (const s of g.body?.sections ?? []) blocks.push(...strings(s.headline), ...strings(s.paragraphs));
  if (blocks.length === 0) return undefined;
  const title = typeof g.title === 'string' ? g.title.trim() : '';
  const gold = [title, ...blocks].filter((b) => b.length > 0).join('\n');
  const id = pageId(country, file);
  const html = readPage(htmlFile);
  const meta = {
    id,
    lang: pageLanguage(gold, headInfo(html).lang),
    site: siteOf(url) ?? publisherSite(file),
    source: 'fundus',
    policy: IMPORT_POLICY,
    ...(url ? { url } : {}),
  };
  const images = g.images ?? [];
  return {
    meta,
    html,
    gold,
    hints: {
      authors: strings(g.authors),
      include: images.flatMap((im) => strings([im.caption])),
      exclude: images.flatMap((im) => strings(im.authors)),
    },
  };
}

function pageId(country: string, file: string): string {
  return safeId('fundus', country, file.replace(/\.html\.gz$/, ''));
}

/** Without a URL, the publisher stands in for the site (it is one site per publisher). */
function publisherSite(file: string): string {
  return file.split('_')[0]!.toLowerCase();
}

/** V1 < V1_1 < V1_2 < V2 < V2_1: compare the numbers, not the strings. */
function compareVersions(a: string, b: string): number {
  const na = a.replace(/^V/, '').split('_').map(Number), nb = b.replace(/^V/, '').split('_').map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? -1) - (nb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

function listDirs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}
