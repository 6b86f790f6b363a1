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
