/**
 * Corpus sources: folders of real pages that come with their gold article
 * text (see /work/shared/data/README.md). Each source is a generator over its
 * folder that reads one page at a time, so a 1,500-page source never sits in
 * memory at once. The pages are read from the data folder only; nothing of
 * them is copied into the repository.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { Parser } from 'htmlparser2';
import type { PageMeta } from '../../core/labels/schema';
import { alignTokens, type AlignOptions } from '../../core/align/goldAlign';
import { decodePage } from '../../core/text/decode';
import { detectLanguage, UNDETERMINED } from '../../core/text/language';

/** One page and what the dataset says its article is. */
export interface GoldPage {
  readonly meta: PageMeta;
  readonly html: string;
  /** The article text: title first, then blocks separated by newlines. */
  readonly gold: string;
  /** What else the dataset knows: captions, snippets in and out, authors. */
  readonly hints: Pick<AlignOptions, 'include' | 'confirm' | 'exclude' | 'authors'>;
}

export interface SourceOptions {
  /** readability: also the 37 synthetic unit-test fixtures (Lorem ipsum). */
  readonly fixtures?: boolean;
  /** wcxb: also the 139 ids whose HTML is in the upstream test split. */
  readonly wcxbTest?: boolean;
  /** wcxb: page types to keep (its metadata's page_type); all when absent. */
  readonly pageTypes?: readonly string[];
  /** Told about every page left out, with a one-line reason. */
  readonly onSkip?: (id: string, reason: string) => void;
}

export type Source = (dir: string, opts?: SourceOptions) => Generator<GoldPage>;

export const SOURCE_NAMES = ['fundus', 'readability', 'scrapinghub', 'wcxb'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** Word overlap (Dice) with og:title / <title> that makes an <h1> the headline. */
const MIN_HEADLINE_AGREEMENT = 0.5;
/** An <h1> this long is a headline even when og:title words it differently. */
const MIN_HEADLINE_TOKENS = 4;

/** Separators between a title and its site name or section. */
const TITLE_SEPARATOR = /\s+[|–—-]\s+|\s+::\s+/;

/** Gold text used to tell the language. */
const LANGUAGE_SAMPLE_CHARS = 20_000;
/** ISO 639-1 codes franc-min can answer (its 82 languages, where they have one). */
const FRANC_LANGUAGES: ReadonlySet<string> = new Set(('ar az be bn bs bg ce cs de el en es fa fr gu ha hi hr hu ig id it ja jv kk kn ko ' +
  'ku mg ml mr ms my ne nl ny pa pl ps pt ro ru rw sd si so sr su sv sw ta te th tl tr uk ur uz vi yo zh zu am').split(' '));
/** Languages franc confuses with each other; the page's own declaration decides between them. */
const KIN: readonly (readonly string[])[] = [['id', 'ms'], ['no', 'nb', 'nn', 'da', 'sv', 'is'], ['hr', 'bs', 'sr']];
const KANA = /[\p{sc=Hiragana}\p{sc=Katakana}]/gu;
const HAN = /\p{sc=Han}/gu;
/** Japanese prose is a third kana or more; Chinese has a stray one at most. */
const MIN_KANA_SHARE = 0.05;
/** Codes for the same language, to one spelling: Bokmål is what Norwegian pages declare. */
const ALIASES: Readonly<Record<string, string>> = { nb: 'no' };

/** Label policy tag of imported labels: machine-made from gold, version 1. */
export const IMPORT_POLICY = 'import-1';

/** What the <head> (and the first <h1>s) of a page say about it. */
export interface HeadInfo {
  readonly canonical?: string;
  readonly ogUrl?: string;
  readonly ogTitle?: string;
  readonly title?: string;
  readonly h1: readonly string[];
  /** The <html lang> attribute. */
  readonly lang?: string;
}

/** Read a file that may be gzipped, as UTF-8 (every page in the corpus is UTF-8, whatever it declares). */
export function readPage(file: string): string {
  let bytes: Uint8Array = fs.readFileSync(file);
  if (file.endsWith('.gz')) bytes = zlib.gunzipSync(bytes);
  return decodePage(bytes, { kind: 'html', encoding: 'utf-8' }).text;
}

export function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The URL's host without "www.", or undefined for a missing or bad URL. */
export function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.replace(/^www\d?\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/** A name made safe as a file's base name on every platform. */
export function safeId(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** "en-US" → "en". */
export function primaryLang(tag: string | undefined | null): string | undefined {
  const m = /^([a-z]{2,3})(?:[-_]|$)/i.exec(tag?.trim() ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * A title as gold lines: "Sudo - ArchWiki" becomes "Sudo" and "ArchWiki", so
 * the page's <h1> "Sudo" matches a whole unit of the gold (see goldAlign).
 */
export function titleLines(title: string): string {
  return title.split(TITLE_SEPARATOR).map((t) => t.trim()).filter((t) => t.length > 0).join('\n');
}

/**
 * A page's language from its gold text (franc, via detectLanguage) and its
 * <html lang>. Content wins over markup (isiZulu pages marked "en"), except
 * where franc cannot tell: languages it does not know (Norwegian, Danish,
 * Lithuanian, … come back as a neighbour or a guess), and close kin it mixes
 * up (Indonesian and Malay). Chinese with a stray kana is not Japanese.
 */
export function pageLanguage(gold: string, htmlLang: string | undefined): string {
  const text = gold.slice(0, LANGUAGE_SAMPLE_CHARS);
  let detected = detectLanguage(text.split('\n'));
  if (detected === 'ja' && (text.match(KANA)?.length ?? 0) < MIN_KANA_SHARE * (text.match(HAN)?.length ?? 0)) detected = 'zh';
  detected = ALIASES[detected] ?? detected;
  const declared = primaryLang(htmlLang) && (ALIASES[primaryLang(htmlLang)!] ?? primaryLang(htmlLang));
  if (!declared || declared === detected) return detected;
  if (!FRANC_LANGUAGES.has(declared) || KIN.some((k) => k.includes(declared) && k.includes(detected))) return declared;
  return detected === UNDETERMINED ? declared : detected;
}

/** Strings only, trimmed, empty ones dropped. */
export function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string').map((s) => s.trim()).filter((s) => s.length > 0) : [];
}

/** Canonical URL, og: tags, <title> and <h1> texts, from one pass of a streaming parser. */
export function headInfo(html: string): HeadInfo {
  let canonical: string | undefined, ogUrl: string | undefined, ogTitle: string | undefined, title: string | undefined, lang: string | undefined;
  const h1: string[] = [];
  let inTitle = false, inH1 = 0, depthSvg = 0, text = '';
  const parser = new Parser(
    {
      onopentag(name, a) {
        if (name === 'svg') depthSvg++;
        else if (name === 'html' && a.lang) lang ??= a.lang;
        else if (name === 'link' && /\bcanonical\b/i.test(a.rel ?? '') && a.href) canonical ??= a.href;
        else if (name === 'meta' && (a.property ?? a.name) === 'og:url' && a.content) ogUrl ??= a.content;
        else if (name === 'meta' && (a.property ?? a.name) === 'og:title' && a.content) ogTitle ??= a.content;
        else if (name === 'title' && depthSvg === 0 && title === undefined) { inTitle = true; text = ''; }
        else if (name === 'h1') { if (inH1++ === 0) text = ''; }
      },
      ontext(t) {
        if (inTitle || inH1 > 0) text += t;
      },
      onclosetag(name) {
        if (name === 'svg') depthSvg = Math.max(0, depthSvg - 1);
        else if (name === 'title' && inTitle) { inTitle = false; title = clean(text); }
        else if (name === 'h1' && inH1 > 0 && --inH1 === 0 && clean(text)) h1.push(clean(text));
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return { canonical: absolute(canonical), ogUrl: absolute(ogUrl), ogTitle: ogTitle && clean(ogTitle), title, h1, ...(lang ? { lang } : {}) };
}

/**
 * The page's headline, for sources whose gold leaves it out: the <h1> that
 * best agrees with og:title / <title> (a logo in an <h1> does not), else the
 * longest <h1> of 4+ words, else the longest part of og:title or <title>
 * once " | Site" is cut off.
 */
export function headline(head: HeadInfo): string | undefined {
  const ref = head.ogTitle ?? head.title;
  if (!ref) return head.h1.length === 1 ? head.h1[0] : undefined;
  const refTokens = new Set(alignTokens(ref));
  let best: string | undefined, bestScore = MIN_HEADLINE_AGREEMENT;
  for (const h of head.h1) {
    // Dice overlap: a one-word <h1> ("Reviews") that happens to be in the title does not agree with it.
    const t = new Set(alignTokens(h));
    const shared = [...t].filter((w) => refTokens.has(w)).length;
    const score = (2 * shared) / (t.size + refTokens.size || 1);
    if (score > bestScore) { best = h; bestScore = score; }
  }
  if (best) return best;
  // Headlines are often rewritten for sharing; a long <h1> is still the headline, a short one a logo.
  const long = head.h1.filter((h) => alignTokens(h).length >= MIN_HEADLINE_TOKENS);
  if (long.length > 0) return long.reduce((a, b) => (b.length > a.length ? b : a));
  return ref.split(TITLE_SEPARATOR).reduce((a, b) => (b.length > a.length ? b : a));
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function absolute(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}
