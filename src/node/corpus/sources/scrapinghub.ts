/**
 * scrapinghub: scrapinghub/article-extraction-benchmark, `html/<id>.html.gz`
 * with `ground-truth.json` {<id>: {articleBody, url}}.
 *
 * The gold body leaves out the headline, and chaff's policy counts the
 * headline as article, so the page's own headline goes first: the <h1> that
 * agrees with og:title / <title>, else og:title without its " | Site" part.
 * Taking it from the page is safe: it is the one text the page itself marks
 * as the article's heading, and the chain in goldAlign keeps only the copy of
 * it that sits right before the body.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headInfo, headline, IMPORT_POLICY, pageLanguage, readJson, readPage, safeId, siteOf, type Source } from '../source';

interface Truth {
  readonly articleBody?: string;
  readonly url?: string;
}

/** Ids are 64 hex digits; 16 are unique across the benchmark and keep file names short. */
const ID_CHARS = 16;

export const scrapinghub: Source = function* (dir, opts = {}) {
  const truth = readJson(path.join(dir, 'ground-truth.json')) as Record<string, Truth>;
  for (const key of Object.keys(truth).sort()) {
    const id = safeId('scrapinghub', key.slice(0, ID_CHARS));
    const file = path.join(dir, 'html', `${key}.html.gz`);
    const body = truth[key]!.articleBody?.trim() ?? '';
    if (!fs.existsSync(file) || body.length === 0) {
      opts.onSkip?.(id, fs.existsSync(file) ? 'empty articleBody' : 'no HTML file');
      continue;
    }
    const html = readPage(file);
    const head = headInfo(html);
    const title = headline(head);
    const url = truth[key]!.url;
    yield {
      meta: {
        id,
        lang: pageLanguage(body, head.lang),
        site: siteOf(url) ?? 'unknown',
        source: 'scrapinghub',
        policy: IMPORT_POLICY,
        ...(url ? { url } : {}),
      },
      html,
      gold: title ? `${title}\n${body}` : body,
      hints: {},
    };
  }
};
