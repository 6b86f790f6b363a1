import { expect } from 'chai';
import fc from 'fast-check';
import { batchBytesLimit, DEFAULT_BATCH_BYTES } from '../../../src/node/stream/cleanStream';

describe('node/stream/cleanStream: batch sizes', () => {
  it('keeps batches whole when the input size is unknown (a pipe)', () => {
    expect(batchBytesLimit(DEFAULT_BATCH_BYTES, null, 0, 2)).to.equal(DEFAULT_BATCH_BYTES);
    expect(batchBytesLimit(DEFAULT_BATCH_BYTES, null, 1e12, 2)).to.equal(DEFAULT_BATCH_BYTES);
  });

  it('shrinks batches as the end of a file nears, down to about a page, so the workers finish together', () => {
    const total = 10 * 1024 * 1024;
    expect(batchBytesLimit(DEFAULT_BATCH_BYTES, total, 0, 2)).to.equal(DEFAULT_BATCH_BYTES);
    expect(batchBytesLimit(DEFAULT_BATCH_BYTES, total, total - 1024 * 1024, 2)).to.equal(128 * 1024);
    expect(batchBytesLimit(DEFAULT_BATCH_BYTES, total, total, 2)).to.equal(16 * 1024);
    expect(batchBytesLimit(DEFAULT_BATCH_BYTES, total, total + 5, 2)).to.equal(16 * 1024); // read-ahead past a file that grew
  });

  it('never exceeds the batch size asked for, and never grows as the input is read', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1 << 24 }), fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 1, max: 64 }),
      (maxBytes, total, a, b, jobs) => {
        const [early, late] = [Math.min(a, b), Math.max(a, b)];
        const x = batchBytesLimit(maxBytes, total, early, jobs);
        const y = batchBytesLimit(maxBytes, total, late, jobs);
        expect(x).to.be.at.most(maxBytes);
        expect(x).to.be.at.least(Math.min(maxBytes, 16 * 1024));
        expect(y).to.be.at.most(x);
      },
    ));
  });
});
