/**
 * jusText (Pomikálek, 2011) as a peer, on chaff's lines: each line is one of
 * jusText's paragraphs. Context-free classes from length, stopword density
 * and link density, then the context-sensitive pass that settles short and
 * near-good paragraphs by their neighbours, and the heading rules. Parameters
 * are jusText's defaults. Stoplists come from stopwords-iso (jusText's own
 * lists are not on npm), split into whitespace tokens, since jusText matches
 * one token at a time: Vietnamese entries are phrases of syllables, and its
 * frequent function syllables are what jusText's own list holds.
 *
 * jusText is Python; neither PyPI nor a JS port is reachable here, so this
 * is a faithful re-implementation of justext/core.py's classifier, not the
 * package itself.
 */
import stopwordsIso from 'stopwords-iso';
import type { LineHints } from '../../src/core/features/htmlHints';

type Class = 'good' | 'bad' | 'short' | 'neargood';

export const JUSTEXT_DEFAULTS = {
  lengthLow: 70,
  lengthHigh: 200,
  stopwordsLow: 0.3,
  stopwordsHigh: 0.32,
  maxLinkDensity: 0.2,
  maxHeadingDistance: 200,
} as const;

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const lists = new Map<string, Set<string>>();

function stoplist(lang: string): Set<string> {
  let s = lists.get(lang);
  if (!s) {
    const words = (stopwordsIso as Record<string, string[]>)[lang] ?? [];
    s = new Set(words.flatMap((w) => w.toLowerCase().split(/\s+/)).filter(Boolean));
    lists.set(lang, s);
  }
  return s;
}

interface Paragraph {
  readonly text: string;
  readonly heading: boolean;
  readonly cf: Class;
  cls: Class;
}

/** jusText's decision for every line: true = keep (good). Blank lines are false. */
export function justext(lines: readonly string[], lang: string, hints?: readonly (LineHints | undefined)[]): boolean[] {
  const stop = stoplist(lang);
  const p = JUSTEXT_DEFAULTS;
  const idx: number[] = [];
  const paras: Paragraph[] = [];
  lines.forEach((text, i) => {
    if (!text) return;
    const h = hints?.[i];
    const words = text.split(/\s+/).filter(Boolean);
    const stopDensity = words.length ? words.filter((w) => stop.has(w.toLowerCase())).length / words.length : 0;
    const linkDensity = h?.linkShare ?? 0;
    let cf: Class;
    if (linkDensity > p.maxLinkDensity) cf = 'bad';
    else if (text.includes('\u00a9') || text.includes('&copy')) cf = 'bad';
    else if (h?.tags.includes('select')) cf = 'bad';
    else if (text.length < p.lengthLow) cf = linkDensity > 0 ? 'bad' : 'short';
    else if (stopDensity >= p.stopwordsHigh) cf = text.length > p.lengthHigh ? 'good' : 'neargood';
    else if (stopDensity >= p.stopwordsLow) cf = 'neargood';
    else cf = 'bad';
    idx.push(i);
    paras.push({ text, heading: !!h && h.tags.some((t) => HEADINGS.has(t)), cf, cls: cf });
  });
  revise(paras);
  const keep = lines.map(() => false);
  paras.forEach((q, k) => (keep[idx[k]!] = q.cls === 'good'));
  return keep;
}

function revise(ps: Paragraph[]): void {
  const p = JUSTEXT_DEFAULTS;
  const headingsNearGood = (from: Class, to: Class, cond: (q: Paragraph) => boolean) => {
    ps.forEach((q, i) => {
      if (!(q.heading && q.cls === from && cond(q))) return;
      let distance = 0;
      for (let j = i + 1; j < ps.length && distance <= p.maxHeadingDistance; j++) {
        if (ps[j]!.cls === 'good') {
          q.cls = to;
          break;
        }
        distance += ps[j]!.text.length;
      }
    });
  };
  headingsNearGood('short', 'neargood', () => true);
  const updates = new Map<number, Class>();
  ps.forEach((q, i) => {
    if (q.cls !== 'short') return;
    const prev = neighbour(ps, i, -1, true), next = neighbour(ps, i, 1, true);
    if (prev === 'good' && next === 'good') updates.set(i, 'good');
    else if (prev === 'bad' && next === 'bad') updates.set(i, 'bad');
    else if (prev === 'bad' && neighbour(ps, i, -1, false) === 'neargood') updates.set(i, 'good');
    else if (next === 'bad' && neighbour(ps, i, 1, false) === 'neargood') updates.set(i, 'good');
    else updates.set(i, 'bad');
  });
  for (const [i, c] of updates) ps[i]!.cls = c;
  ps.forEach((q, i) => {
    if (q.cls !== 'neargood') return;
    const prev = neighbour(ps, i, -1, true), next = neighbour(ps, i, 1, true);
    q.cls = prev === 'bad' && next === 'bad' ? 'bad' : 'good';
  });
  headingsNearGood('bad', 'good', (q) => q.cf !== 'bad');
}

function neighbour(ps: readonly Paragraph[], i: number, step: 1 | -1, ignoreNearGood: boolean): Class {
  for (let j = i + step; j >= 0 && j < ps.length; j += step) {
    const c = ps[j]!.cls;
    if (c === 'good' || c === 'bad') return c;
    if (c === 'neargood' && !ignoreNearGood) return c;
  }
  return 'bad';
}
