/**
 * The readable features behind a line's hashed ids: which character n-gram,
 * word, word pair, first or last word, HTML tag or class word each id came from.
 *
 * The featurizer never builds these strings (it hashes code units on the fly).
 * Here each one is spelled out and hashed with the featurizer's own functions
 * (`hashString` and `bucket` from hash.ts, `tokenizerFor` from tokenize.ts),
 * over exactly the code units the featurizer feeds: the lower-cased line with
 * ASCII digits read as '0', between its start and end sentinels. `checkPage`
 * proves the two agree on real pages: every id the featurizer put in a slot
 * has a spelled-out feature here (notebooks and tests run it).
 */
import { bucket, hashString, type Namespace } from '../../dist/core/features/hash';
import { featurizePage } from '../../dist/core/features/featurize';
import type { FeaturizerSettings } from '../../dist/core/features/settings';
import type { LineHints } from '../../dist/core/features/htmlHints';
import { tokenizerFor } from '../../dist/core/text/tokenize';

/** The featurizer's sentinels around a line (ngrams.ts). */
const LINE_START = '\u0002';
const LINE_END = '\u0003';

export interface LineFeature {
  readonly ns: Namespace;
  /** The feature as hashed (sentinels, '0' for digits, lower case). */
  readonly key: string;
  /** Table row. */
  readonly id: number;
  /** 0: the char n-gram slots; 1: the word-level slots. */
  readonly group: 0 | 1;
}

function foldDigits(s: string): string {
  return s.replace(/[0-9]/g, '0');
}

/** The line's code units as its char n-grams are cut from them: sentinels, lower case, digits as '0'. */
export function charUnits(text: string): string {
  return LINE_START + foldDigits(text.toLowerCase()) + LINE_END;
}

/** The line's words as its word-level ids are hashed: the language's tokenizer, lower case, digits as '0'. */
export function lineWords(text: string, lang: string, s: FeaturizerSettings): string[] {
  return tokenizerFor(lang, s.naturalLanguages)(text.toLowerCase()).map(foldDigits);
}

/** Every distinct feature of one line, as the featurizer would hash it (before its bottom-k sampling). */
export function lineFeatures(text: string, lang: string, hints: LineHints | undefined, s: FeaturizerSettings): LineFeature[] {
  const out = new Map<string, LineFeature>();
  const add = (ns: Namespace, key: string, group: 0 | 1) => {
    const k = `${ns}\u0000${key}`;
    if (!out.has(k)) out.set(k, { ns, key, id: bucket(hashString(ns, key), s.bucketBits), group });
  };
  if (text.length > 0) {
    const units = charUnits(text);
    for (let i = 0; i < units.length; i++) {
      for (let n = s.minN; n <= s.maxN && i + n <= units.length; n++) add('char', units.slice(i, i + n), 0);
    }
    const words = lineWords(text, lang, s);
    words.forEach((w, i) => {
      add('word', w, 1);
      if (i > 0) add('bigram', `${words[i - 1]} ${w}`, 1);
    });
    if (words.length > 0) {
      add('first', words[0]!, 1);
      add('last', words[words.length - 1]!, 1);
    }
  }
  for (const t of hints?.tags ?? []) add('tag', foldDigits(t), 1);
  for (const t of hints?.attrWords ?? []) add('attr', foldDigits(t), 1);
  return [...out.values()];
}

/** A feature for people: in n-grams the line's start as ^, its end as $ and spaces as ␣; words with their family. */
export function showFeature(f: { readonly ns: Namespace; readonly key: string }): string {
  if (f.ns === 'char') return `"${f.key.replace(LINE_START, '^').replace(LINE_END, '$').replace(/ /g, '␣')}"`;
  const label: Record<Namespace, string> = { char: '', word: 'word', bigram: 'word pair', first: 'first word', last: 'last word', tag: 'HTML tag', attr: 'class/id word' };
  return `${f.key} (${label[f.ns]})`;
}

export interface CheckResult {
  readonly lines: number;
  /** Slot ids the featurizer wrote. */
  readonly slotIds: number;
  /** Slot ids with no spelled-out feature of the same group here (must be 0). */
  readonly unexplained: number;
  /** Lines whose slots were not all full, where the two id sets must be equal, and how many were not. */
  readonly exactLines: number;
  readonly exactMismatches: number;
}

/**
 * Featurise a page with the real featurizer and check every slot id against
 * `lineFeatures`. Lines whose group kept fewer ids than it has slots (no
 * bottom-k sampling) must match exactly; longer lines must be a subset.
 */
export function checkPage(page: { lines: readonly string[]; lang: string; hints?: readonly (LineHints | undefined)[] }, s: FeaturizerSettings): CheckResult {
  const f = featurizePage(page, s);
  let slotIds = 0, unexplained = 0, exactLines = 0, exactMismatches = 0;
  page.lines.forEach((text, i) => {
    const mine = lineFeatures(text, page.lang, page.hints?.[i], s);
    for (const group of [0, 1] as const) {
      const from = i * f.slots + (group === 0 ? 0 : s.charSlots);
      const k = group === 0 ? s.charSlots : s.wordSlots;
      const theirs = new Set<number>();
      for (let j = from; j < from + k; j++) if (f.weights[j]! > 0) theirs.add(f.ids[j]!);
      const ours = new Set(mine.filter((m) => m.group === group).map((m) => m.id));
      slotIds += theirs.size;
      for (const id of theirs) if (!ours.has(id)) unexplained++;
      if (theirs.size < k) {
        exactLines++;
        if (ours.size !== theirs.size) exactMismatches++;
      }
    }
  });
  return { lines: page.lines.length, slotIds, unexplained, exactLines, exactMismatches };
}
