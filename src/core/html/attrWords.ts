/**
 * Words from an element's class and id attributes ("article-body__text",
 * "mainContent", "sidebarWidget") for the per-line `attrWords` hint. Sites
 * name their boilerplate (nav, footer, share, related, comment...) and their
 * content (article, body, story...) in these words, in every language.
 */
import type { Attributes } from './blocks';

/** Shortest and longest word kept: one letter says nothing, long ones are hashes. */
export const MIN_WORD_CHARS = 2;
export const MAX_WORD_CHARS = 20;

/** Most words taken from one element (utility-class soups can hold hundreds). */
export const MAX_WORDS_PER_ELEMENT = 16;

/**
 * Words: an upper-case run not followed by lower case (HTML in HTMLParser), a
 * capitalised or lower-case word (Parser, main), or a run of caseless letters
 * (CJK). Digits, dashes and underscores separate words.
 */
const WORD = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lo}+/gu;

/**
 * Attribute values remembered with their words. Class strings repeat within a
 * page and across a site's pages, and splitting is the costly part; the cache
 * is simply emptied when full.
 */
const CACHE_SIZE = 20_000;
const cache = new Map<string, readonly string[]>();

const NO_WORDS: readonly string[] = Object.freeze([]);

/**
 * Lower-case, deduplicated words of an element's class then id, at most
 * MAX_WORDS_PER_ELEMENT. Returns a shared empty array when there are none.
 */
export function elementWords(attribs: Attributes): readonly string[] {
  const cls = attribs['class'];
  const id = attribs['id'];
  const hasCls = cls !== undefined && cls.length > 0;
  const hasId = id !== undefined && id.length > 0;
  if (!hasCls && !hasId) return NO_WORDS;
  if (!hasId) return cachedWords(cls!);
  if (!hasCls) return cachedWords(id);
  const a = cachedWords(cls!);
  const b = cachedWords(id);
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out = a.slice();
  for (const w of b) {
    if (out.length >= MAX_WORDS_PER_ELEMENT) break;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

/** Split one attribute value into words (exported for tests). */
export function splitAttrWords(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(WORD)) {
    const w = m[0];
    if (w.length < MIN_WORD_CHARS || w.length > MAX_WORD_CHARS) continue;
    const lower = w.toLowerCase();
    if (!out.includes(lower)) out.push(lower);
    if (out.length >= MAX_WORDS_PER_ELEMENT) break;
  }
  return out;
}

function cachedWords(value: string): readonly string[] {
  let words = cache.get(value);
  if (words === undefined) {
    const split = splitAttrWords(value);
    words = split.length === 0 ? NO_WORDS : Object.freeze(split);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(value, words);
  }
  return words;
}
