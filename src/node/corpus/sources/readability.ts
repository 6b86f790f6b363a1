/**
 * readability: mozilla/readability's test pages, `<name>/source.html` with the
 * gold `expected.html` (Readability.js' own output, cleaned HTML) and
 * `expected-metadata.json` (title, byline, lang, …).
 *
 * Gold: the metadata title (Readability takes the headline out of the body,
 * chaff counts it as article), then the text of expected.html as chaff's own
 * HTML reader turns it into lines. The byline names the authors. The site is
 * the host of the page's canonical link or og:url, else the folder name.
 * The 37 synthetic fixtures (Lorem ipsum, placeholders) are left out unless
 * asked for: they would teach the model that Lorem ipsum is an article.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { htmlToLines } from '../../../core/html/htmlLines';
import { detectLanguage } from '../../../core/text/language';
import { headInfo, IMPORT_POLICY, primaryLang, readJson, readPage, safeId, siteOf, titleLines, type GoldPage, type Source } from '../source';

interface Metadata {
  readonly title?: string | null;
  readonly byline?: string | null;
  readonly lang?: string | null;
}

/** Synthetic unit-test fixtures, as listed in the data README. */
export const READABILITY_FIXTURES: ReadonlySet<string> = new Set([
  '003-metadata-preferred', '004-metadata-space-separated-properties', 'base-url', 'base-url-base-element', 'base-url-base-element-relative',
  'basic-tags-cleaning', 'comment-inside-script-parsing', 'data-url-image', 'dev418', 'embedded-videos', 'hidden-nodes', 'invalid-attributes',
  'metadata-content-missing', 'missing-paragraphs', 'normalize-spaces', 'parsely-metadata', 'remove-aria-hidden', 'remove-extra-brs',
  'remove-extra-paragraphs', 'remove-script-tags', 'replace-brs', 'replace-font-tags', 'rtl-1', 'rtl-2', 'rtl-3', 'rtl-4', 'social-buttons',
  'style-tags-removal', 'svg-parsing', 'title-and-h1-discrepancy', 'title-en-dash', 'visibility-hidden',
  '005-unescape-html-entities', 'js-link-replacement', 'lazy-image-3', 'ol', 'reordering-paragraphs',
]);

/** Real pages not in English (data README, detected on the gold); the rest are English. */
const LANGUAGES: Readonly<Record<string, string>> = {
  gmw: 'zh', pixnet: 'zh', qq: 'zh', youth: 'zh', 'cnet-svg-classes': 'es', 'la-nacion': 'es', 'nytimes-5': 'es',
  hukumusume: 'ja', 'yahoo-4': 'ja', aktualne: 'cs', heise: 'de', folha: 'pt',
};

/** Words before a name in a byline ("By Jane Doe"): not part of the name. */
const BYLINE_LEAD = /^(by|von|par|por|di|door)\s+/i;

export const readability: Source = function* (dir, opts = {}) {
  const names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const name of names) {
    const id = safeId('readability', name);
    const fixture = READABILITY_FIXTURES.has(name);
    if (fixture && !opts.fixtures) {
      opts.onSkip?.(id, 'synthetic fixture');
      continue;
    }
    const folder = path.join(dir, name);
    if (!fs.existsSync(path.join(folder, 'expected.html'))) {
      opts.onSkip?.(id, 'no expected.html');
      continue;
    }
    const page = toPage(name, folder, fixture);
    if (page) yield page;
    else opts.onSkip?.(id, 'empty gold');
  }
};

function toPage(name: string, folder: string, fixture: boolean): GoldPage | undefined {
  const md = (fs.existsSync(path.join(folder, 'expected-metadata.json')) ? readJson(path.join(folder, 'expected-metadata.json')) : {}) as Metadata;
  const body = htmlToLines(fs.readFileSync(path.join(folder, 'expected.html'), 'utf8')).lines.filter((l) => l.length > 0);
  if (body.length === 0) return undefined;
  const title = typeof md.title === 'string' ? md.title.trim() : '';
  const gold = [titleLines(title), ...body].filter((b) => b.length > 0).join('\n');
  const html = readPage(path.join(folder, 'source.html'));
  const head = headInfo(html);
  const url = head.canonical ?? head.ogUrl;
  const lang = LANGUAGES[name] ?? (fixture ? primaryLang(md.lang) ?? detectLanguage(body) : 'en');
  const byline = typeof md.byline === 'string' ? md.byline.trim().replace(BYLINE_LEAD, '') : '';
  return {
    meta: { id: safeId('readability', name), lang, site: siteOf(url) ?? name, source: 'readability', policy: IMPORT_POLICY, ...(url ? { url } : {}) },
    html,
    gold,
    hints: { authors: byline ? [byline] : [] },
  };
}
