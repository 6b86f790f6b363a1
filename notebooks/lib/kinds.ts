/**
 * A coarse "kind" for each line, to group the model's mistakes: dates,
 * bylines, headings, menu links, short lines, prose... Read off the featurizer's
 * own dense features (by name, from the model's settings) and, for the byline
 * cue only, the text. The first rule that matches wins, in the order of KINDS.
 */
import type { PageFeatures } from '../../dist/core/features/featurize';
import type { FeaturizerSettings } from '../../dist/core/features/settings';

export const KINDS = [
  'copyright / legal',
  'URL or e-mail',
  'date or time',
  'credit or byline cue',
  'heading (h1-h3)',
  'caption (figcaption)',
  'in nav/header/footer/aside',
  'mostly link text',
  'button or form',
  'repeated on the page',
  'list item (li)',
  '1-3 words',
  'prose sentence (8+ words)',
  'title-like (4+ words, no final stop)',
  'other',
] as const;

export type Kind = (typeof KINDS)[number];

/** A line starting with one of these words is a credit or byline cue (many languages). */
const CREDIT_CUE = /^(by|von|par|di|por|door|av|af|photo|photos|foto|fotos|bild|image|images|ảnh|nguồn|theo|source|sources|crédit|crédits|credit|credits|author|autor|auteur|tác giả|pv|video)(?=[\s:：,.|/-]|$)/iu;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function wordCount(text: string): number {
  return (text.match(WORD) ?? []).length;
}

/** Kinds of every line of a page, from its features (featurised with hints where the page has them). */
export function kindsOf(lines: readonly string[], f: PageFeatures, s: FeaturizerSettings): Kind[] {
  const at = new Map(s.dense.map((name, i) => [name, i]));
  const col = (name: string) => {
    const i = at.get(name);
    if (i === undefined) throw new Error(`the model has no dense feature ${name}`);
    return i;
  };
  const c = {
    copyright: col('copyright'), url: col('url_like'), email: col('email_like'), date: col('date_like'), time: col('time_like'),
    h1: col('in_h1'), h2: col('in_h2'), h3: col('in_h3'), fig: col('in_figcaption'), nav: col('in_nav'), header: col('in_header'),
    footer: col('in_footer'), aside: col('in_aside'), link: col('link_share'), button: col('in_button'), form: col('in_form'),
    repeat: col('repeat_count'), li: col('in_li'), sentence: col('ends_sentence'), alnum: col('ends_alnum'),
  };
  return lines.map((text, i) => {
    const d = (k: number) => f.dense[i * f.denseSize + k]!;
    const words = wordCount(text);
    if (d(c.copyright) > 0) return 'copyright / legal';
    if (d(c.url) > 0 || d(c.email) > 0) return 'URL or e-mail';
    if ((d(c.date) > 0 || d(c.time) > 0) && words <= 10) return 'date or time';
    if (words <= 12 && CREDIT_CUE.test(text.trim())) return 'credit or byline cue';
    if (d(c.h1) > 0 || d(c.h2) > 0 || d(c.h3) > 0) return 'heading (h1-h3)';
    if (d(c.fig) > 0) return 'caption (figcaption)';
    if (d(c.nav) > 0 || d(c.header) > 0 || d(c.footer) > 0 || d(c.aside) > 0) return 'in nav/header/footer/aside';
    if (d(c.link) >= 0.5) return 'mostly link text';
    if (d(c.button) > 0 || d(c.form) > 0) return 'button or form';
    if (d(c.repeat) > 0) return 'repeated on the page';
    if (d(c.li) > 0) return 'list item (li)';
    if (words <= 3) return '1-3 words';
    if (d(c.sentence) > 0 && words >= 8) return 'prose sentence (8+ words)';
    if (d(c.alnum) > 0 && words >= 4) return 'title-like (4+ words, no final stop)';
    return 'other';
  });
}
