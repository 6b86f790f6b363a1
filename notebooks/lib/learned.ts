/**
 * Which n-grams, words and HTML tokens push the model toward each label:
 * every filled id slot of every labelled line gets its first-order push
 * (attribution.ts), credited to the readable feature(s) of that line that hash
 * to the slot's id (ngrams.ts), and summed per language.
 */
import type { Namespace } from '../../dist/core/features/hash';
import type { PageFeatures } from '../../dist/core/features/featurize';
import type { LineModel } from '../../dist/core/model/lineModel';
import type { LabelledFile } from '../../dist/node/dataset';
import { logitGradients, slotPushes, type Batch } from './attribution';
import { charUnits, lineFeatures, lineWords, type LineFeature } from './ngrams';

export interface PushStats {
  readonly lang: string;
  readonly ns: Namespace;
  readonly key: string;
  /** Summed push over the lines where the feature had a slot. */
  sum: number;
  /** Labelled lines where the feature had a slot, and how many of them are article. */
  lines: number;
  article: number;
}

export interface Pushes {
  /** Keyed by lang, namespace and key; lang '*' sums every language. */
  readonly stats: Map<string, PushStats>;
  /** Filled slots seen, and those whose id no spelled-out feature of the line explained (must be 0). */
  readonly slots: number;
  readonly unexplained: number;
}

const statKey = (lang: string, ns: string, key: string) => `${lang}\u0000${ns}\u0000${key}`;

/**
 * Pushes of every slot of every labelled line. `features[i]` must be page i's
 * features (as packed into `batches`), made with hints iff `hints`.
 */
export function collectPushes(model: LineModel, pages: readonly LabelledFile[], features: readonly PageFeatures[], batches: readonly Batch[], hints: boolean): Pushes {
  const stats = new Map<string, PushStats>();
  let slots = 0, unexplained = 0;
  const credit = (lang: string, f: LineFeature, push: number, article: boolean, firstInLine: boolean) => {
    for (const l of [lang, '*']) {
      const k = statKey(l, f.ns, f.key);
      let s = stats.get(k);
      if (!s) stats.set(k, (s = { lang: l, ns: f.ns, key: f.key, sum: 0, lines: 0, article: 0 }));
      s.sum += push;
      if (firstInLine) {
        s.lines++;
        if (article) s.article++;
      }
    }
  };
  for (const b of batches) {
    const grads = logitGradients(model, b);
    b.pages.forEach((p, k) => {
      const page = pages[p]!;
      const lang = page.meta.lang;
      let line = -1;
      let byId = new Map<string, LineFeature[]>();
      const seen = new Set<string>();
      slotPushes(model, features[p]!, grads, b.starts[k]!, (i, _slot, id, group, push) => {
        const label = page.labels[i];
        if (label === null || label === undefined) return;
        if (i !== line) {
          line = i;
          byId = new Map();
          seen.clear();
          for (const f of lineFeatures(page.lines[i]!, lang, hints ? page.hints?.[i] : undefined, model.settings)) {
            const key = `${f.group}:${f.id}`;
            const list = byId.get(key);
            if (list) list.push(f);
            else byId.set(key, [f]);
          }
        }
        slots++;
        const owners = byId.get(`${group}:${id}`);
        if (!owners) {
          unexplained++;
          return;
        }
        // Features of one line sharing a row share its push.
        for (const f of owners) {
          const fk = `${f.ns}\u0000${f.key}`;
          credit(lang, f, push / owners.length, label === 'article', !seen.has(fk));
          seen.add(fk);
        }
      });
    });
  }
  return { stats, slots, unexplained };
}

export type FeatureGroup = 'char' | 'word';

/**
 * The features of `lang` with the largest mean push per line, toward article
 * (positive) and toward noise (negative), among those seen on `minLines`+
 * labelled lines. For char n-grams, one that overlaps an n-gram already listed
 * on the same side (one contains the other) is skipped, so the list is not ten
 * slices of one word.
 */
export function topPushes(p: Pushes, lang: string, group: FeatureGroup, minLines: number, n: number): { article: PushStats[]; noise: PushStats[] } {
  const pool = [...p.stats.values()].filter((s) => s.lang === lang && s.lines >= minLines && (group === 'char') === (s.ns === 'char'));
  const mean = (s: PushStats) => s.sum / s.lines;
  const pick = (sorted: PushStats[]) => {
    const out: PushStats[] = [];
    for (const s of sorted) {
      if (out.length >= n) break;
      if (group === 'char' && out.some((o) => o.key.includes(s.key) || s.key.includes(o.key))) continue;
      out.push(s);
    }
    return out;
  };
  return {
    article: pick(pool.filter((s) => mean(s) > 0).sort((a, b) => mean(b) - mean(a))),
    noise: pick(pool.filter((s) => mean(s) < 0).sort((a, b) => mean(a) - mean(b))),
  };
}

/**
 * Lines (per page index) where `f` is one of the line's features as the
 * featurizer hashes it: a char n-gram is in the line's units, a word-level
 * feature among its words, an HTML token among its hints.
 */
export function occurrences(pages: readonly LabelledFile[], f: { ns: Namespace; key: string }, model: LineModel, hints: boolean): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  const s = model.settings;
  const has = (page: LabelledFile, i: number): boolean => {
    const text = page.lines[i]!;
    switch (f.ns) {
      case 'char': return text.length > 0 && charUnits(text).includes(f.key);
      case 'tag': return hints && (page.hints?.[i]?.tags ?? []).some((t) => t.replace(/[0-9]/g, '0') === f.key);
      case 'attr': return hints && (page.hints?.[i]?.attrWords ?? []).some((t) => t.replace(/[0-9]/g, '0') === f.key);
      default: {
        if (text.length === 0 || !text.toLowerCase().replace(/[0-9]/g, '0').includes(f.ns === 'bigram' ? f.key.split(' ')[0]! : f.key)) return false;
        const w = lineWords(text, page.meta.lang, s);
        if (f.ns === 'word') return w.includes(f.key);
        if (f.ns === 'first') return w[0] === f.key;
        if (f.ns === 'last') return w[w.length - 1] === f.key;
        return w.some((x, j) => j > 0 && `${w[j - 1]} ${x}` === f.key);
      }
    }
  };
  pages.forEach((page, p) => {
    for (let i = 0; i < page.lines.length; i++) {
      if (!has(page, i)) continue;
      const set = out.get(p) ?? new Set<number>();
      set.add(i);
      out.set(p, set);
    }
  });
  return out;
}
