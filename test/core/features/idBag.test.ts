import { expect } from 'chai';
import * as fc from 'fast-check';
import { IdBag } from '../../../src/core/features/idBag';
import { addCharNgrams, addCharNgramsForTopK } from '../../../src/core/features/ngrams';
import { DEFAULT_SETTINGS } from '../../../src/core/features/settings';

const K = 8;

function emitted(bag: IdBag, k: number): [number[], number[]] {
  const ids = new Int32Array(k);
  const w = new Float32Array(k);
  bag.emit(ids, w, 0, k);
  return [Array.from(ids), Array.from(w)];
}

describe('core/features/idBag', () => {
  it('with a rank cutoff, emits the same ids and weights as without, or says it cannot', () => {
    // Ids drawn from a small range repeat, as a line's short n-grams do.
    const arb = fc.record({
      ids: fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 300, size: 'max' }),
      distinct: fc.integer({ min: 0, max: 600 }),
    });
    let refills = 0, cut = 0;
    fc.assert(fc.property(arb, ({ ids, distinct }) => {
      const whole = new IdBag(4);
      for (const id of ids) whole.add(id);
      const limited = new IdBag(4);
      limited.limit(distinct, K);
      for (const id of ids) limited.add(id);
      if (limited.incomplete(K)) {
        refills++;
        return;
      }
      if (limited.size < whole.size) cut++;
      expect(emitted(limited, K)).to.deep.equal(emitted(whole, K));
    }), { numRuns: 500, seed: 11 });
    // Both paths were exercised: some bags were cut and still exact, some had to be refilled.
    expect(cut).to.be.greaterThan(50);
    expect(refills).to.be.greaterThan(10);
  });

  it('sets no cutoff on a bag that already holds ids, nor a second one', () => {
    const bag = new IdBag(4);
    bag.add(1);
    bag.limit(10_000, K);
    for (let id = 2; id <= 50; id++) bag.add(id);
    expect(bag.size).to.equal(50);
    const twice = new IdBag(4);
    twice.limit(10_000, K);
    twice.limit(20, K);
    for (let id = 1; id <= 50; id++) twice.add(id);
    expect(twice.size).to.be.below(50);
  });

  it('forgets the cutoff on clear()', () => {
    const bag = new IdBag(4);
    bag.limit(10_000, K);
    for (let id = 1; id <= 50; id++) bag.add(id);
    expect(bag.size).to.be.below(50);
    bag.clear();
    for (let id = 1; id <= 50; id++) bag.add(id);
    expect(bag.size).to.equal(50);
    expect(bag.incomplete(K)).to.equal(false);
  });

  it('gives long and repetitive lines the same char n-gram sample with and without the cutoff', () => {
    const s = DEFAULT_SETTINGS;
    const lines = [
      'Đại tướng Phan Văn Giang khẳng định quan hệ đặc biệt Việt Nam - Lào luôn được coi trọng. '.repeat(6),
      'ha'.repeat(400),
      'abc '.repeat(150),
      'Le Commandement de la 2e zone militaire du Vietnam et ses homologues des provinces du Nord du Laos.',
    ];
    for (const line of lines) {
      const a = new IdBag();
      addCharNgrams(a, line.toLowerCase(), s);
      const b = new IdBag();
      addCharNgramsForTopK(b, line.toLowerCase(), s, s.charSlots);
      expect(emitted(b, s.charSlots), line.slice(0, 20)).to.deep.equal(emitted(a, s.charSlots));
    }
  });
});
