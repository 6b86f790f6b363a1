import { expect } from 'chai';
import fc from 'fast-check';
import { teaserCopies, DEFAULT_TEASERS } from '../../../src/core/train/teaserBlocks';
import type { Label, LabelledPage } from '../../../src/core/labels/schema';

const ALL = { ...DEFAULT_TEASERS, share: 1 };

function page(id: string, lang: string, rows: [string, Label][]): LabelledPage {
  return { meta: { id, lang, site: `${id}.example`, source: 'seed', policy: '1' }, lines: rows.map((r) => r[0]), labels: rows.map((r) => r[1]) };
}

const lead = (topic: string) => `${topic} happened on Tuesday, and officials said the consequences would be felt for many months to come.`;

function story(id: string, lang = 'en', blankSeparated = false): LabelledPage {
  const rows: [string, Label][] = [
    ['Home | World | Sport', 'noise'],
    [`Headline about ${id} and what followed`, 'article'],
    [lead(`The ${id} event`), 'article'],
    [lead(`A second paragraph on ${id}`), 'article'],
    ['Read more', 'noise'],
    ['© 2025 Example News', 'noise'],
  ];
  if (!blankSeparated) return page(id, lang, rows);
  return page(id, lang, rows.flatMap((r, i) => (i === 0 ? [r] : [['', null], r] as [string, Label][])));
}

/** The host's own lines, in order, once the synthetic ones are taken out. */
function withoutBlock(copy: LabelledPage, host: LabelledPage): { lines: string[]; labels: Label[] } {
  const extra = copy.lines.length - host.lines.length;
  const at = copy.lines.findIndex((l, i) => l !== host.lines[i]);
  return {
    lines: [...copy.lines.slice(0, at), ...copy.lines.slice(at + extra)],
    labels: [...copy.labels.slice(0, at), ...copy.labels.slice(at + extra)],
  };
}

describe('core/train/teaserBlocks', () => {
  const pages = ['a', 'b', 'c', 'd', 'e'].map((id) => story(id));

  it('adds nothing when the share is 0', () => {
    expect(teaserCopies(pages, { ...ALL, share: 0 }, 1)).to.deep.equal([]);
  });

  it("inserts other pages' headlines and leads, labelled noise, after the last article line and its heading", () => {
    const copies = teaserCopies(pages, ALL, 1);
    expect(copies).to.have.length(pages.length);
    for (const c of copies) {
      const host = pages.find((p) => `${p.meta.id}+teasers` === c.meta.id)!;
      expect(c.meta.lang).to.equal(host.meta.lang);
      expect(withoutBlock(c, host)).to.deep.equal({ lines: host.lines, labels: host.labels });
      // After the article (line 3) and the short "Read more" heading.
      const extra = c.lines.length - host.lines.length;
      expect(c.lines.slice(0, 5)).to.deep.equal(host.lines.slice(0, 5));
      const block = c.lines.slice(5, 5 + extra);
      expect(c.labels.slice(5, 5 + extra).every((l) => l === 'noise')).to.equal(true);
      // Each item: [caption,] headline, lead, all from one other page.
      const donorOf = (line: string) => pages.find((p) => p.lines[1] === line);
      const width = donorOf(block[0]!) ? 2 : 3;
      expect(block.length % width).to.equal(0);
      expect(block.length / width).to.be.within(DEFAULT_TEASERS.minItems, Math.min(DEFAULT_TEASERS.maxItems, pages.length - 1));
      for (let i = 0; i < block.length; i += width) {
        const [caption, headline, lead] = width === 3 ? block.slice(i, i + 3) : [null, ...block.slice(i, i + 2)];
        const donor = donorOf(headline!)!;
        expect(donor, headline!).to.not.equal(undefined);
        expect(donor.meta.id).to.not.equal(host.meta.id);
        const full = donor.lines[2]!;
        expect(lead === full || (lead!.endsWith('…') && full.startsWith(lead!.slice(0, -1)))).to.equal(true);
        // The caption is the lead's first sentence.
        if (caption !== null) expect(caption).to.equal(full.slice(0, full.indexOf('.') + 1));
      }
    }
  });

  it('closes each caption with a photo credit found on a page of its language, when there is one', () => {
    const credited = (id: string, lang: string) => {
      const p = story(id, lang);
      return { ...p, lines: p.lines.map((l, i) => (i === 3 ? `${l.slice(0, -1)} (Photo: ${id} Agency/${lang})` : l)) };
    };
    const pages = [credited('a', 'en'), story('b'), story('c'), credited('d', 'de'), story('e', 'de'), story('f', 'de'), story('g', 'fr'), story('h', 'fr')];
    const byLang = new Map<string, string[]>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      for (const c of teaserCopies(pages, ALL, seed)) {
        const host = pages.find((p) => `${p.meta.id}+teasers` === c.meta.id)!;
        const added = c.lines.filter((l) => !host.lines.includes(l));
        byLang.set(host.meta.lang, [...(byLang.get(host.meta.lang) ?? []), ...added]);
      }
    }
    const credits = (lang: string) => (byLang.get(lang) ?? []).filter((l) => / \(Photo: \w Agency\/\w+\)$/u.test(l));
    // Every credit in an English block is the English page's, after a first sentence; none crosses languages.
    expect(credits('en')).to.not.be.empty;
    for (const l of credits('en')) expect(l).to.match(/^The [abc] event happened on Tuesday, .* come\. \(Photo: a Agency\/en\)$/u);
    expect(credits('de')).to.not.be.empty;
    for (const l of credits('de')) expect(l).to.match(/\(Photo: d Agency\/de\)$/u);
    // No credit in French: the French pages have none, so their captions stay plain sentences.
    expect(credits('fr')).to.deep.equal([]);
  });

  it('varies the layout between blocks: captions or none, whole leads or cut ones', () => {
    const copies = teaserCopies(pages, ALL, 11).concat(teaserCopies(pages, ALL, 12), teaserCopies(pages, ALL, 13));
    const layouts = new Set(copies.map((c) => {
      const host = pages.find((p) => `${p.meta.id}+teasers` === c.meta.id)!;
      const block = c.lines.slice(5, 5 + c.lines.length - host.lines.length);
      const captioned = !pages.some((p) => p.lines[1] === block[0]);
      const cut = block.some((l) => l.endsWith('…'));
      return `${captioned}/${cut}`;
    }));
    expect(layouts.size).to.be.greaterThan(2);
  });

  it('takes donors from the same language only', () => {
    const mixed = [story('a', 'en'), story('b', 'en'), story('c', 'fr'), story('d', 'fr'), story('e', 'vi'), story('f', 'und'), story('g', 'und')];
    const copies = teaserCopies(mixed, ALL, 3);
    // The only Vietnamese page has no other to borrow from; pages of unknown language are never mixed.
    expect(copies.map((c) => c.meta.id)).to.deep.equal(['a+teasers', 'b+teasers', 'c+teasers', 'd+teasers']);
    for (const c of copies) {
      for (const line of c.lines) {
        const from = mixed.find((p) => p.lines.includes(line) && p.labels[p.lines.indexOf(line)] === 'article');
        if (from) expect(from.meta.lang).to.equal(c.meta.lang);
      }
    }
  });

  it('lays the block out as the page does: blank lines between lines when the page has them', () => {
    const spaced = ['a', 'b', 'c', 'd'].map((id) => story(id, 'en', true));
    for (const c of teaserCopies(spaced, ALL, 5)) {
      const host = spaced.find((p) => `${p.meta.id}+teasers` === c.meta.id)!;
      const extra = c.lines.length - host.lines.length;
      // After the last article line (6), its blank, "Read more" (8): at 9.
      const at = 9;
      expect([...c.lines.slice(0, at), ...c.lines.slice(at + extra)]).to.deep.equal(host.lines);
      const block = c.lines.slice(at, at + extra);
      block.forEach((l, i) => expect(l === '', `line ${i} of the block`).to.equal(i % 2 === 0));
      expect(c.labels.slice(at, at + extra).map((l, i) => (i % 2 === 0 ? l === null : l === 'noise')).every(Boolean)).to.equal(true);
    }
  });

  it('is deterministic for a seed and varies with it', () => {
    expect(teaserCopies(pages, ALL, 7)).to.deep.equal(teaserCopies(pages, ALL, 7));
    const seeds = [1, 2, 3, 4, 5, 6].map((s) => JSON.stringify(teaserCopies(pages, ALL, s)));
    expect(new Set(seeds).size).to.be.greaterThan(1);
  });

  it('skips pages with no article line and donors with no headline or lead', () => {
    const none = page('n', 'en', [['Menu', 'noise'], ['Footer', 'noise']]);
    const noLead = page('x', 'en', [['A headline that is long enough', 'article'], ['Short.', 'article']]);
    const copies = teaserCopies([none, noLead, ...pages.slice(0, 3)], ALL, 1);
    expect(copies.map((c) => c.meta.id)).to.not.include('n+teasers');
    for (const c of copies) if (c.meta.id !== 'x+teasers') expect(c.lines).to.not.include('A headline that is long enough');
  });

  it('copies about the given share of pages (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, share) => {
      const many = Array.from({ length: 200 }, (_, i) => story(`p${i}`));
      const n = teaserCopies(many, { ...ALL, share }, seed).length;
      return Math.abs(n - share * many.length) <= 40;
    }), { numRuns: 20 });
  });
});
