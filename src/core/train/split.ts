/**
 * Train/validation split by site: every page of a site lands on the same side,
 * so validation measures what chaff promises, pages from sites it has never
 * seen. Deterministic for a given seed.
 */
import { Rng } from '../random';

export interface Sited {
  readonly meta: { readonly site: string };
}

/**
 * Hold out about `fraction` of the pages, whole sites at a time. With a single
 * site there is nothing to split by, so validation falls back to whole pages.
 */
export function splitBySite<T extends Sited>(pages: readonly T[], fraction: number, seed: number): { train: T[]; validation: T[] } {
  if (fraction <= 0 || pages.length < 2) return { train: [...pages], validation: [] };
  const sites = [...new Set(pages.map((p) => p.meta.site))].sort();
  const rng = new Rng(seed);
  if (sites.length < 2) {
    const order = rng.shuffle(pages.map((_, i) => i));
    const nVal = Math.max(1, Math.round(pages.length * fraction));
    const val = new Set(order.slice(0, nVal));
    return { train: pages.filter((_, i) => !val.has(i)), validation: pages.filter((_, i) => val.has(i)) };
  }
  rng.shuffle(sites);
  const target = Math.max(1, Math.round(pages.length * fraction));
  const held = new Set<string>();
  let count = 0;
  for (const s of sites) {
    if (count >= target || held.size === sites.length - 1) break;
    held.add(s);
    count += pages.filter((p) => p.meta.site === s).length;
  }
  return { train: pages.filter((p) => !held.has(p.meta.site)), validation: pages.filter((p) => held.has(p.meta.site)) };
}

export interface Fold<T> {
  readonly site: string;
  /** Pages of `source` scored by the fold's model. */
  readonly held: T[];
  /** What the fold's model trains on. */
  readonly train: T[];
}

/** Leave-one-page-out folds over the pages of one source: each page held out alone, training on every other page. */
export function pageFolds<T extends Sited & { readonly meta: { readonly source: string } }>(pages: readonly T[], source: string): Fold<T>[] {
  return pages.filter((p) => p.meta.source === source).map((p) => ({ site: p.meta.site, held: [p], train: pages.filter((q) => q !== p) }));
}

/**
 * Leave-one-site-out folds over the pages of one source: one fold per site
 * of those pages, training on every page from any other site (pages of other
 * sources from the same site leave too). Holding out one page only would let
 * a second page of the same site, its menus and teaser lists, into training,
 * and measure the model on a site it has seen.
 */
export function siteFolds<T extends Sited & { readonly meta: { readonly source: string } }>(pages: readonly T[], source: string): Fold<T>[] {
  const held = pages.filter((p) => p.meta.source === source);
  const sites = [...new Set(held.map((p) => p.meta.site))];
  return sites.map((site) => ({
    site,
    held: held.filter((p) => p.meta.site === site),
    train: pages.filter((p) => p.meta.site !== site),
  }));
}
