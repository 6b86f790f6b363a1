import { expect } from 'chai';
import { readRecords, type RawRecord, type ChunkEnd } from '../../../src/node/stream/reader';
import { parseRecord, cleanBatch, isBad } from '../../../src/node/stream/records';

async function* chunks(parts: readonly (string | Uint8Array)[]): AsyncGenerator<Uint8Array | string> {
  for (const p of parts) yield p;
}

async function records(parts: readonly (string | Uint8Array)[], maxRecordBytes = 1000): Promise<{ seq: number; text: string | null; size: number }[]> {
  const out: { seq: number; text: string | null; size: number }[] = [];
  for await (const r of readRecords(chunks(parts), { maxRecordBytes })) {
    const rec = r as RawRecord;
    out.push({ seq: rec.seq, text: rec.bytes ? Buffer.from(rec.bytes).toString('utf8') : null, size: rec.size });
  }
  return out;
}

/** cleanBatch's output, one JSON object per line. */
const jsonLines = (out: string) => out.trimEnd().split('\n').map((l) => JSON.parse(l));

describe('node/stream/reader', () => {
  it('splits records on newlines across chunk boundaries, dropping CR and blank lines', async () => {
    const got = await records(['{"a":1}\n{"b"', ':2}\r\n\n  \n{"c":', '3}', '\n{"d":4}']);
    expect(got.map((r) => r.text)).to.deep.equal(['{"a":1}', '{"b":2}', '{"c":3}', '{"d":4}']);
    expect(got.map((r) => r.seq)).to.deep.equal([1, 2, 3, 4]);
  });

  it('keeps multi-byte characters whole when a chunk ends inside one', async () => {
    const bytes = Buffer.from('{"t":"Đọc nhiều 東京"}\n', 'utf8');
    const parts = Array.from(bytes).map((b) => new Uint8Array([b]));
    const got = await records(parts);
    expect(got).to.have.length(1);
    expect(JSON.parse(got[0]!.text!)).to.deep.equal({ t: 'Đọc nhiều 東京' });
  });

  it('skips an oversized record without buffering it and goes on', async () => {
    const big = 'x'.repeat(50);
    const got = await records(['{"a":1}\n{"big":"', big.slice(0, 20), big.slice(20), '"}\n{"c":3}\n', `{"tail":"${big}"}`], 40);
    expect(got.map((r) => r.text)).to.deep.equal(['{"a":1}', null, '{"c":3}', null]);
    expect(got[1]!.size).to.equal(`{"big":"${big}"}`.length);
    expect(got[3]!.size).to.equal(`{"tail":"${big}"}`.length);
    expect(got.map((r) => r.seq)).to.deep.equal([1, 2, 3, 4]);
  });

  it('marks the end of each chunk when asked', async () => {
    const seen: string[] = [];
    for await (const r of readRecords(chunks(['{"a":1}\n{"b"', ':2}\n']), { maxRecordBytes: 100, markChunks: true })) {
      seen.push('chunkEnd' in (r as ChunkEnd) ? '|' : String((r as RawRecord).seq));
    }
    expect(seen.join('')).to.equal('1|2|');
  });
});

describe('node/stream/records', () => {
  const parse = (s: string | Uint8Array, seq = 7) => parseRecord(seq, typeof s === 'string' ? Buffer.from(s) : s, 10, 100);

  it('reads text and html records with an optional language', () => {
    const t = parse('{"id":"a","text":"Hello\\nworld","lang":"en"}');
    expect(isBad(t)).to.equal(false);
    expect(!isBad(t) && t.page).to.include({ kind: 'text', lang: 'en' });
    const h = parse('{"id":3,"html":"<p>Hello</p><p>world</p>"}');
    expect(!isBad(h) && h.page.kind).to.equal('html');
    expect(!isBad(h) && h.id).to.equal(3);
  });

  it('says what is wrong with a bad record, naming its id when it has one', () => {
    const errors = [
      ['not json', null, /not valid JSON/],
      ['[1,2]', null, /not a JSON object/],
      ['{"text":"x"}', null, /no "id"/],
      ['{"id":{},"text":"x"}', null, /"id" must be/],
      ['{"id":"a"}', 'a', /no "text" or "html"/],
      ['{"id":"a","text":"x","html":"y"}', 'a', /both/],
      ['{"id":"a","text":5}', 'a', /"text" must be a string/],
      ['{"id":"a","text":"x","lang":"English"}', 'a', /"lang"/],
    ] as const;
    for (const [input, id, message] of errors) {
      const r = parse(input);
      expect(isBad(r), input).to.equal(true);
      expect(isBad(r) && r.error, input).to.match(message);
      expect(r.id, input).to.equal(id);
    }
    const utf8 = parse(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]));
    expect(isBad(utf8) && utf8.error).to.equal('not valid UTF-8');
    const big = parseRecord(9, null, 123, 100);
    expect(isBad(big) && big.error).to.match(/123 bytes is over the 100-byte limit/);
  });

  it('turns every record of a batch into one output line, in order, with counts', () => {
    const fake = {
      model: {
        // HTML pages have their own, higher cut: line "two" (0.9) is kept from text, not from HTML.
        thresholdFor: (kind: string) => (kind === 'html' ? 0.95 : 0.5),
        featurize: (p: { lines: readonly string[] }) => ({ n: p.lines.length }),
        score: (fs: { n: number }[]) => fs.map((f) => Float32Array.from({ length: f.n }, (_, i) => (i % 2 ? 0.9 : 0.1))),
      },
    } as never;
    const recs = [
      parse('{"id":"a","text":"one\\ntwo\\n\\nthree\\nfour"}', 1), parse('oops', 2), parse('{"id":"b","text":""}', 3),
      parse('{"id":"c","html":"<p>one<br>two</p>","lang":"en"}', 4),
    ];
    const { out, stats } = cleanBatch(fake, recs, undefined);
    const lines = jsonLines(out);
    expect(lines.slice(0, 3)).to.deep.equal([
      { id: 'a', text: 'two\n\nthree\n', lang: 'und', lines: 4, kept: 2 },
      { id: null, error: lines[1].error },
      { id: 'b', text: '', lang: 'und', lines: 0, kept: 0 },
    ]);
    expect(lines[3]).to.include({ id: 'c', text: '', kept: 0 });
    expect(lines[3].lines).to.equal(2);
    expect(stats).to.deep.equal({ pages: 3, lines: 6, kept: 2, errors: 1 });
    // A threshold given applies to both kinds.
    expect(jsonLines(cleanBatch(fake, recs, 0.5).out)[3]).to.include({ text: 'two\n', kept: 1 });
  });
});
