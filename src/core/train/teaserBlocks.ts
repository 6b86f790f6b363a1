/**
 * Synthetic "other stories" blocks for training.
 *
 * News pages follow the article with teasers of other stories: a headline
 * and its lead, repeated ("Có thể bạn quan tâm", "Voir plus"). The lead is
 * well-formed prose, so line by line it reads like the article; only the
 * page's structure gives it away. Owner-labelled pages show that pattern,
 * but five pages from three sites are too few to learn it from, and the
 * corpus's teasers are mostly bare headlines.
 *
 * So some training pages get a copy with such a block inserted after their
 * last article line: headlines and leads taken from other training pages of
 * the same language, laid out the way the page lays out its lines, labelled
 * noise. Copies are plain text (their HTML hints would be made up), so they
 * teach the text-dump path, which is where the owner's pages are cleaned.
 * Only training pages are used, as hosts and as donors: validation stays as
 * the sites wrote it.
 */
import type { Label, LabelledPage } from '../labels/schema';
import { Rng } from '../random';

export interface TeaserOptions {
  /** Share of training pages that get a copy with a synthetic block; 0 turns it off. */
  readonly share: number;
  readonly minItems: number;
  readonly maxItems: number;
}

/** A donor's headline, the lead that follows it, and a sentence that can stand as a photo caption. */
interface Story {
  readonly headline: string;
  readonly lead: string;
  readonly caption: string;
}

export const DEFAULT_TEASERS: TeaserOptions = { share: 0.5, minItems: 3, maxItems: 8 };

/** Headlines are one short line; leads are a real paragraph. */
const HEADLINE_CHARS = { min: 20, max: 200 };
const LEAD_MIN_CHARS = 80;
/** Pages with at least this share of blank lines separate every line by one. */
const BLANK_SEPARATED_SHARE = 0.3;
const UNKNOWN_LANGUAGE = 'und';
/**
 * A photo credit closing a line: a bracket group with a colon or a slash,
 * "(Ảnh: TTXVN)", "(AP Photo/Evan Vucci)", "(Foto: dpa)". Captions in teaser
 * lists carry one, so credits found on training pages of the block's
 * language close its captions.
 */
const CREDIT = /\([^():/]{1,30}[:/][^()]{1,40}\)$/u;
const CREDIT_LINE_MIN_CHARS = 40;
/** Cut of a truncated lead, as some sites show them. */
const CUT_CHARS = { min: 90, max: 160 };

/** The synthetic copies only (callers train on pages + these). Deterministic for a seed. */
export function teaserCopies(pages: readonly LabelledPage[], o: TeaserOptions, seed: number): LabelledPage[] {
  if (o.share <= 0) return [];
  const rng = new Rng(seed);
  const donors = new Map<string, { page: number; story: Story }[]>();
  const credits = new Map<string, string[]>();
  pages.forEach((p, i) => {
    const found = creditsOf(p);
    if (found.length > 0) {
      const list = credits.get(p.meta.lang) ?? [];
      list.push(...found);
      credits.set(p.meta.lang, list);
    }
    // Pages of no known language would mix languages in one block.
    const story = p.meta.lang === UNKNOWN_LANGUAGE ? null : storyOf(p);
    if (story) {
      const list = donors.get(p.meta.lang) ?? [];
      list.push({ page: i, story });
      donors.set(p.meta.lang, list);
    }
  });
  const out: LabelledPage[] = [];
  pages.forEach((p, i) => {
    if (rng.next() >= o.share) return;
    const pool = (donors.get(p.meta.lang) ?? []).filter((d) => d.page !== i);
    if (pool.length === 0) return;
    const n = Math.min(pool.length, o.minItems + rng.int(o.maxItems - o.minItems + 1));
    const stories = rng.shuffle([...pool]).slice(0, n).map((d) => d.story);
    const copy = withBlock(p, stories, credits.get(p.meta.lang) ?? [], rng);
    if (copy) out.push(copy);
  });
  return out;
}

/** A page's headline (its first article line, if short) and lead (the next long one). */
function storyOf(p: LabelledPage): Story | null {
  let headline: string | null = null;
  for (let i = 0; i < p.lines.length; i++) {
    if (p.labels[i] !== 'article') continue;
    const text = p.lines[i]!.trim();
    if (headline === null) {
      if (text.length < HEADLINE_CHARS.min || text.length > HEADLINE_CHARS.max) return null;
      headline = text;
    } else if (text.length >= LEAD_MIN_CHARS) {
      return { headline, lead: text, caption: firstSentence(text) };
    }
  }
  return null;
}

/** `p` with a block of teasers after its last article line (and after the short line heading the block, if any). */
function withBlock(p: LabelledPage, stories: readonly Story[], credits: readonly string[], rng: Rng): LabelledPage | null {
  const last = p.labels.lastIndexOf('article');
  if (last < 0) return null;
  let at = last + 1;
  while (at < p.lines.length && p.lines[at]!.trim() === '') at++;
  // Keep a heading such as "Voir plus" above the block it introduces.
  if (at < p.lines.length && p.labels[at] === 'noise' && p.lines[at]!.trim().length <= HEADLINE_CHARS.min * 2) at++;
  const blanks = p.lines.filter((l) => l.trim() === '').length / Math.max(1, p.lines.length);
  const separated = blanks >= BLANK_SEPARATED_SHARE;
  // One layout per block, as a site's template repeats one: whole leads or
  // cut ones, with or without a photo caption above the headline.
  const cutLeads = rng.next() < 0.5;
  const captions = rng.next() < 0.5;
  const block: string[] = [];
  for (const s of stories) {
    const lead = cutLeads ? cut(s.lead, CUT_CHARS.min + rng.int(CUT_CHARS.max - CUT_CHARS.min)) : s.lead;
    const caption = captions && credits.length > 0 ? `${s.caption} ${credits[rng.int(credits.length)]}` : s.caption;
    for (const line of captions ? [caption, s.headline, lead] : [s.headline, lead]) {
      if (separated) block.push('');
      block.push(line);
    }
  }
  const lines = [...p.lines.slice(0, at), ...block, ...p.lines.slice(at)];
  const labels: Label[] = [...p.labels.slice(0, at), ...block.map((l): Label => (l === '' ? null : 'noise')), ...p.labels.slice(at)];
  return { meta: { ...p.meta, id: `${p.meta.id}+teasers` }, lines, labels };
}

/** The photo credits closing the page's longer lines. */
function creditsOf(p: LabelledPage): string[] {
  return p.lines.flatMap((line) => {
    const text = line.trim();
    const m = text.length >= CREDIT_LINE_MIN_CHARS ? CREDIT.exec(text) : null;
    return m ? [m[0]] : [];
  });
}

/** The first sentence of a paragraph (all of it when no sentence ends early). */
function firstSentence(text: string): string {
  const m = /^.{20,}?[.!?](?=\s)/u.exec(text);
  return m ? m[0] : text;
}

/** The lead cut at a word boundary near `chars`, with an ellipsis. */
function cut(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const space = text.lastIndexOf(' ', chars);
  return `${text.slice(0, space > 0 ? space : chars).trimEnd()}…`;
}
