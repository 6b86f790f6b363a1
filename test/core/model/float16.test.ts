import { expect } from 'chai';
import { decodeHalf, encodeHalf, roundToHalf, toHalfBits } from '../../../src/core/model/float16';
import { referenceHalf } from '../reference';

describe('core/model/float16', () => {
  it('decodes every one of the 65,536 float16 bit patterns to its exact value', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const out = decodeHalf(all);
    for (let h = 0; h < 65536; h++) {
      const want = referenceHalf(h);
      if (Number.isNaN(want)) expect(out[h], `bits ${h}`).to.be.NaN;
      else expect(Object.is(out[h], want), `bits ${h}: ${out[h]} vs ${want}`).to.equal(true);
    }
  });

  it('round-trips every finite float16 through encodeHalf', () => {
    const finite = Array.from({ length: 65536 }, (_, h) => h).filter((h) => (h & 0x7c00) !== 0x7c00);
    const bits = Uint16Array.from(finite);
    expect(Array.from(encodeHalf(decodeHalf(bits)))).to.deep.equal(finite);
    expect(toHalfBits(65520)).to.equal(0x7c00); // rounds past the largest half: infinity
  });

  it('rounds values in place to the nearest float16', () => {
    const v = Float32Array.from([1 / 3, -2.5, 1e-7, 70000, 0]);
    roundToHalf(v);
    expect(Array.from(v)).to.deep.equal([0.333251953125, -2.5, 1.1920928955078125e-7, Infinity, 0]);
  });
});
