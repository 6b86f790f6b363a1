import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GoldPage, Source } from '../../../src/node/corpus/source';
import { headInfo, headline, siteOf } from '../../../src/node/corpus/source';
import { fundus } from '../../../src/node/corpus/sources/fundus';
import { readability } from '../../../src/node/corpus/sources/readability';
import { scrapinghub } from '../../../src/node/corpus/sources/scrapinghub';
import { wcxb } from '../../../src/node/corpus/sources/wcxb';

const DATA = process.env.CHAFF_DATA ?? '/work/shared/data';
const SAFE_ID = /^[A-Za-z0-9._-]+$/;

function firstPages(source: Source, dir: string, n: number, opts = {}): GoldPage[] {
  const out: GoldPage[] = [];
  for (const p of source(dir, opts)) {
    out.push(p);
    if (out.length >= n) break;
  }
  return out;
}

/** The page with this id, reading no further than needed. */
function find(pages: Iterable<GoldPage>, id: string): GoldPage | undefined {
  for (const p of pages) if (p.meta.id === id) return p;
  return undefined;
}

describe('node/corpus/sources', () => {
  describe('helpers', () => {
    it('takes the site from a URL without www', () => {
      expect(siteOf('https://www.br.de/nachrichten/x')).to.equal('br.de');
      expect(siteOf('http://blog.example.com:8080/a')).to.equal('blog.example.com');
      expect(siteOf('not a url')).to.equal(undefined);
    });

    it('finds the canonical URL and the headline that agrees with og:title', () => {
      const html = `<html><head><title>Big news | Daily</title><link rel="canonical" href="https://www.daily.example/a">
        <meta property="og:title" content="Big news today"></head><body><h1>Daily</h1><h1>Big news today</h1></body></html>`;
      const head = headInfo(html);
      expect(head.canonical).to.equal('https://www.daily.example/a');
      expect(head.h1).to.deep.equal(['Daily', 'Big news today']);
      expect(headline(head)).to.equal('Big news today');
      expect(headline(headInfo('<title>Only a title — Site</title>'))).to.equal('Only a title');
    });
  });

  const cases: [string, Source, number][] = [['fundus', fundus, 5], ['readability', readability, 5], ['scrapinghub', scrapinghub, 5], ['wcxb', wcxb, 5]];
  for (const [name, source, n] of cases) {
    it(`${name}: yields pages with HTML, gold text, a site and a safe id`, function () {
      const dir = path.join(DATA, name);
      if (!fs.existsSync(dir)) this.skip();
      const pages = firstPages(source, dir, n);
      expect(pages).to.have.length(n);
      const ids = new Set<string>();
      for (const p of pages) {
        expect(p.meta.id).to.match(SAFE_ID);
        expect(p.meta.id.startsWith(`${name}-`)).to.equal(true);
        expect(p.meta.source).to.equal(name);
        expect(p.meta.policy).to.equal('import-1');
        expect(p.meta.site).to.match(/^[a-z0-9.-]+$/);
        expect(p.meta.lang).to.match(/^[a-z]{2,3}$/);
        expect(p.html.length).to.be.greaterThan(500);
        expect(p.gold.trim().length).to.be.greaterThan(100);
        ids.add(p.meta.id);
      }
      expect(ids.size).to.equal(n);
    });
  }

  it('fundus: pairs pages with gold versions by date (BR_2024_08_27 is V1_1, the news ticker)', function () {
    const dir = path.join(DATA, 'fundus');
    if (!fs.existsSync(dir)) this.skip();
    const br = find(fundus(dir), 'fundus-de-BR_2024_08_27');
    expect(br, 'BR_2024_08_27').to.not.equal(undefined);
    expect(br!.meta.site).to.equal('br.de');
    expect(br!.gold).to.include('Ultraorthodoxe jüdische Zeitung lehnt Tempelberg-Aussagen');
  });

  it('readability: leaves out the synthetic fixtures unless asked', function () {
    const dir = path.join(DATA, 'readability');
    if (!fs.existsSync(dir)) this.skip();
    const skipped: string[] = [];
    const ids = [...readability(dir, { onSkip: (id) => skipped.push(id) })].map((p) => p.meta.id);
    expect(ids).to.include('readability-ars-1');
    expect(ids).to.not.include('readability-rtl-1');
    expect(skipped).to.include('readability-rtl-1');
    const ars = find(readability(dir), 'readability-ars-1')!;
    expect(ars.meta.site).to.equal('arstechnica.com');
    expect(ars.gold.split('\n')[0]).to.equal('Just-released Minecraft exploit makes it easy to crash game servers');
  });

  it('wcxb: passes the with/without snippets on and skips pages without main content', function () {
    const dir = path.join(DATA, 'wcxb');
    if (!fs.existsSync(dir)) this.skip();
    const reasons = new Set<string>();
    let withSnippets = 0, n = 0;
    for (const p of wcxb(dir, { onSkip: (_id, reason) => reasons.add(reason) })) {
      if ((p.hints.confirm?.length ?? 0) > 0 && (p.hints.exclude?.length ?? 0) > 0) withSnippets++;
      if (++n >= 30) break;
    }
    expect(withSnippets).to.be.greaterThan(10);
    // 0585 is the first SPA shell without main content.
    const skipped: string[] = [];
    for (const p of wcxb(dir, { onSkip: (id, reason) => skipped.push(`${id}: ${reason}`) })) if (p.meta.id >= 'wcxb-0586') break;
    expect(skipped).to.include('wcxb-0585: no main content');
  });
});
