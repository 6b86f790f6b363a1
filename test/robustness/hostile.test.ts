/**
 * Hostile inputs through the real CLI (issue 6, part 1). Every input is
 * generated here, written to a temporary folder, and given to a spawned
 * `node bin/chaff.js`. Each must get sensible output, or one line on stderr
 * and a non-zero exit: never a stack trace, a hang (SIGKILL at the time
 * limit) or runaway memory (peak RSS measured in the child).
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tmpDir } from '../helpers/cli';
import { contractBreach, count, expectOneLineError, expectSuccess, newTally, pool, runCli, type CliRun } from './run';
import { encodeWindows1258, FR_LINES, html, jsonlStream, randomBytes, utf16, VI_LINES, viHtml, viText } from './inputs';

const MB = 1024 * 1024;

interface Case {
  readonly name: string;
  /** Files to write (name → bytes), made when the suite starts. */
  readonly files?: Record<string, () => Buffer | string>;
  /** The command line; `f(name)` is the path of a file written above. */
  readonly args: (f: (name: string) => string) => string[];
  readonly stdin?: () => Buffer | string;
  readonly check: (r: CliRun, f: (name: string) => string) => void;
  readonly maxMs?: number;
  readonly maxRssMb?: number;
}

const lines = (r: CliRun) => (r.stdout === '' ? [] : r.stdout.replace(/\n$/, '').split('\n'));
const jsonl = (r: CliRun) => lines(r).map((l) => JSON.parse(l) as Record<string, unknown>);

const expectedViHtmlLines = VI_LINES.filter((l) => l).flatMap((l, i, a) => (i < a.length - 1 ? [l, ''] : [l]));

const CASES: Case[] = [
  // Empty and blank.
  { name: 'an empty file', files: { 'empty.txt': () => '' }, args: (f) => ['clean', f('empty.txt')], check: (r) => (expectSuccess(r), expect(r.stdout).to.equal('')) },
  { name: 'an empty stdin', args: () => ['clean'], stdin: () => '', check: (r) => (expectSuccess(r), expect(r.stdout).to.equal('')) },
  { name: 'only whitespace (clean)', files: { 'blank.txt': () => ' \n\t\t\n\u00a0\u3000\r\n   \n' }, args: (f) => ['clean', f('blank.txt')], check: (r) => (expectSuccess(r), expect(r.stdout).to.equal('')) },
  { name: 'only whitespace (lines)', files: { 'blank.txt': () => ' \n\t\t\n\u00a0\u3000\r\n   \n' }, args: (f) => ['lines', f('blank.txt')], check: (r) => (expectSuccess(r), expect(r.stdout).to.equal('\n\n\n\n')) },
  { name: 'only whitespace, as HTML', files: { 'blank.html': () => '   \n\n  \t ' }, args: (f) => ['clean', '--format', 'jsonl', f('blank.html')], check: (r) => (expectSuccess(r), expect(r.stdout).to.equal('')) },

  // Binary data and broken encodings.
  { name: 'binary data', files: { 'random.bin': () => randomBytes(200_000, 1) }, args: (f) => ['clean', f('random.bin')], check: (r) => expectOneLineError(r, 'clean', /random\.bin: binary data, not text \(NUL byte at offset \d+/) },
  { name: 'binary data named .html', files: { 'image.html': () => Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1'), randomBytes(5000, 2)]) }, args: (f) => ['clean', f('image.html')], check: (r) => expectOneLineError(r, 'clean', /binary data/) },
  { name: 'binary data without NUL bytes', files: { 'controls.txt': () => randomBytes(50_000, 3, 1, 32) }, args: (f) => ['lines', f('controls.txt')], check: (r) => expectOneLineError(r, 'lines', /binary data, not text \(\d+% control bytes/) },
  { name: 'one NUL byte in a text', files: { 'nul.txt': () => 'A line.\nAnother\u0000line.\n' }, args: (f) => ['clean', f('nul.txt')], check: (r) => expectOneLineError(r, 'clean', /nul\.txt: binary data, not text \(NUL byte at offset 15\)$/) },
  { name: 'binary data on stdin', args: () => ['clean'], stdin: () => randomBytes(100_000, 4), check: (r) => expectOneLineError(r, 'clean', /^chaff clean: stdin: binary data/) },
  { name: 'invalid UTF-8 text', files: { 'bad.txt': () => Buffer.concat([Buffer.from('Dòng một\nDòng hai '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')]) }, args: (f) => ['clean', f('bad.txt')], check: (r) => expectOneLineError(r, 'clean', /bad\.txt: invalid UTF-8 at byte 22; pass --encoding/) },
  { name: 'invalid UTF-8 text on stdin', args: () => ['lines'], stdin: () => Buffer.from([0x61, 0x0a, 0xe0, 0x80, 0x80, 0x0a]), check: (r) => expectOneLineError(r, 'lines', /^chaff lines: stdin: invalid UTF-8 at byte 2/) },
  {
    name: 'HTML that is UTF-8 but for one broken byte', files: { 'cut.html': () => Buffer.concat([Buffer.from(viHtml('utf-8')), Buffer.from([0xe1, 0xbb])]) },
    args: (f) => ['lines', f('cut.html')], check: (r) => (expectSuccess(r), expect(lines(r).slice(0, expectedViHtmlLines.length)).to.deep.equal(expectedViHtmlLines)),
  },
  { name: 'UTF-16LE with a BOM', files: { 'le.txt': () => utf16(viText, 'le') }, args: (f) => ['lines', f('le.txt')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(VI_LINES)) },
  { name: 'UTF-16BE with a BOM', files: { 'be.txt': () => utf16(viText, 'be') }, args: (f) => ['lines', f('be.txt')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(VI_LINES)) },
  {
    name: 'UTF-16LE with a BOM, cleaned', files: { 'le.html': () => utf16(viHtml('utf-16'), 'le') },
    args: (f) => ['clean', '--format', 'jsonl', f('le.html')], check: (r) => (expectSuccess(r), expect(jsonl(r).map((x) => x.text)).to.deep.equal(expectedViHtmlLines)),
  },
  { name: 'UTF-16LE without a BOM', files: { 'nobom.txt': () => utf16(viText, 'le', false) }, args: (f) => ['clean', f('nobom.txt')], check: (r) => expectOneLineError(r, 'clean', /UTF-16LE without a BOM\? pass --encoding utf-16le/) },
  { name: 'Vietnamese in windows-1258, as text', files: { 'vi1258.txt': () => encodeWindows1258(viText) }, args: (f) => ['clean', f('vi1258.txt')], check: (r) => expectOneLineError(r, 'clean', /vi1258\.txt: invalid UTF-8 at byte \d+; pass --encoding/) },
  { name: 'Vietnamese in windows-1258, with --encoding', files: { 'vi1258.txt': () => encodeWindows1258(viText) }, args: (f) => ['lines', '--encoding', 'windows-1258', f('vi1258.txt')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(VI_LINES)) },
  { name: 'Vietnamese in windows-1258, declared by <meta charset>', files: { 'vi1258.html': () => encodeWindows1258(viHtml('windows-1258')) }, args: (f) => ['lines', f('vi1258.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(expectedViHtmlLines)) },
  { name: 'an unknown --encoding', files: { 'vi.txt': () => viText }, args: (f) => ['lines', '--encoding', 'x-klingon', f('vi.txt')], check: (r) => expectOneLineError(r, 'lines', /unknown encoding "x-klingon"/) },
  {
    name: 'Vietnamese in NFD gives the NFC lines, labels and scores', files: { 'nfc.txt': () => viText, 'nfd.txt': () => viText.normalize('NFD') },
    args: (f) => ['clean', '--format', 'jsonl', '--out', f('nfd-out'), f('nfc.txt'), f('nfd.txt')],
    check: (r, f) => {
      expectSuccess(r);
      const rows = (name: string) => fs.readFileSync(path.join(f('nfd-out'), `${name}.jsonl`), 'utf8').trim().split('\n').map((l) => ({ ...JSON.parse(l), page: undefined }));
      expect(rows('nfd')).to.deep.equal(rows('nfc'));
      expect(rows('nfd').map((x) => x.text)).to.deep.equal(VI_LINES);
    },
  },
  {
    name: 'Vietnamese HTML in NFD', files: { 'nfd.html': () => viHtml('utf-8').normalize('NFD') },
    args: (f) => ['lines', f('nfd.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(expectedViHtmlLines)),
  },

  // Size.
  {
    name: 'a 50 MB single line', files: { 'oneline.txt': () => Buffer.alloc(50 * MB, 'a') }, maxMs: 15_000, maxRssMb: 600,
    args: (f) => ['clean', f('oneline.txt')], check: (r) => expectOneLineError(r, 'clean', /oneline\.txt: line 1 is 52428800 characters long; the limit is 1000000$/),
  },
  {
    name: 'a 50 MB single line on stdin', stdin: () => Buffer.alloc(50 * MB, 'word '), maxMs: 15_000, maxRssMb: 800,
    args: () => ['clean'], check: (r) => expectOneLineError(r, 'clean', /^chaff clean: stdin: line 1 is 52428800 characters long/),
  },
  {
    name: 'a 50 MB single line of HTML text', files: { 'oneline.html': () => html(`<p>${'mot hai ba '.repeat(Math.ceil((50 * MB) / 11))}</p>`) }, maxMs: 15_000, maxRssMb: 800,
    args: (f) => ['clean', f('oneline.html')], check: (r) => expectOneLineError(r, 'clean', /oneline\.html: line 1 is more than \d+ characters long; the limit is 1000000$/),
  },
  {
    name: '1,000,000 short lines', files: { 'million.txt': () => Array.from({ length: 1_000_000 }, (_, i) => `line ${i}`).join('\n') + '\n' }, maxMs: 10_000, maxRssMb: 600,
    args: (f) => ['clean', f('million.txt')], check: (r) => expectOneLineError(r, 'clean', /million\.txt: the page has 1000000 lines, more than the 100000-line limit per page$/),
  },
  {
    name: '50,000,000 empty lines', files: { 'newlines.txt': () => Buffer.alloc(50_000_000, '\n') }, maxMs: 15_000, maxRssMb: 700,
    args: (f) => ['lines', f('newlines.txt')], check: (r) => expectOneLineError(r, 'lines', /the page has 50000000 lines, more than the 100000-line limit/),
  },
  {
    name: '1,000,000 lines of HTML', files: { 'million.html': () => html('<p>line</p>'.repeat(1_000_000)) }, maxMs: 10_000, maxRssMb: 600,
    args: (f) => ['clean', f('million.html')], check: (r) => expectOneLineError(r, 'clean', /million\.html: the page has more than 100000 lines, the limit per page$/),
  },
  {
    name: '100,000 lines: the limit itself is allowed', files: { 'limit.txt': () => Array.from({ length: 100_000 }, (_, i) => `line ${i}`).join('\n') },
    args: (f) => ['lines', f('limit.txt')], check: (r) => (expectSuccess(r), expect(lines(r)).to.have.length(100_000)),
  },
  {
    name: 'a file over the page size limit', files: { 'sparse.txt': () => Buffer.alloc(0) },
    args: (f) => (fs.truncateSync(f('sparse.txt'), 300 * MB), ['clean', f('sparse.txt')]), check: (r) => expectOneLineError(r, 'clean', /sparse\.txt: 314572800 bytes is more than the 268435456-byte limit per page/),
  },

  // Unicode.
  {
    name: 'zero-width and bidi controls, right-to-left text, emoji',
    files: { 'unicode.txt': () => 'Zero\u200Bwidth\u2060joiner\uFEFF soft\u00ADhyphen\n\u202Eevil\u202C and \u2066isolated\u2069 \u200Emarks\u200F\nمرحبا بالعالم، هذا نص عربي طويل\nשלום עולם\n😀 👍🏽 👨‍👩‍👧‍👦 🇻🇳 emoji\n\u0007bell\u001b[31mred\n' },
    args: (f) => ['lines', f('unicode.txt')],
    check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['Zerowidthjoiner softhyphen', 'evil and isolated marks', 'مرحبا بالعالم، هذا نص عربي طويل', 'שלום עולם', '😀 👍🏽 👨‍👩‍👧‍👦 🇻🇳 emoji', 'bell[31mred'])),
  },
  {
    name: 'right-to-left and emoji pages are cleaned', files: { 'rtl.txt': () => 'مرحبا بالعالم\n\u202Bنص\u202C\n😀😀😀\n' },
    args: (f) => ['clean', '--format', 'jsonl', f('rtl.txt')], check: (r) => (expectSuccess(r), expect(jsonl(r).map((x) => x.text)).to.deep.equal(['مرحبا بالعالم', 'نص', '😀😀😀'])),
  },
  {
    name: 'lone surrogates and noncharacters', files: { 'surrogates.txt': () => Buffer.from('a\uD800b\n\uFFFF\uFFFE\n\uDC00\n', 'utf8') },
    args: (f) => ['clean', '--format', 'jsonl', f('surrogates.txt')], check: (r) => (expectSuccess(r), expect(jsonl(r)).to.have.length(3)),
  },

  // HTML.
  {
    name: 'HTML with unclosed tags', files: { 'unclosed.html': () => '<html><body><div><p>First paragraph <b>bold <i>italic<div>Second <a href=x>link<table><tr><td>cell<td>cell two<p>Third <span' },
    args: (f) => ['lines', f('unclosed.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['First paragraph bold italic', 'Second link', 'cell | cell two', '', 'Third'])),
  },
  {
    name: 'HTML with stray and mismatched end tags, unclosed comment', files: { 'stray.html': () => '</div></p></table><p>One</b></i></p></div></div><p>Two</span><!-- never closed <p>Three' },
    args: (f) => ['lines', f('stray.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['One', '', 'Two'])),
  },
  {
    name: 'HTML with 10,000 levels of nesting', files: { 'deep.html': () => html(`${'<div>'.repeat(10_000)}deep text${'</div>'.repeat(10_000)}<p>after</p>`) }, maxMs: 10_000,
    args: (f) => ['clean', '--format', 'jsonl', f('deep.html')], check: (r) => (expectSuccess(r), expect(jsonl(r).map((x) => x.text)).to.deep.equal(['deep text', '', 'after'])),
  },
  {
    name: 'HTML with 10,000 unclosed inline elements', files: { 'spans.html': () => html(`${'<span><b>'.repeat(5_000)}deep text`) }, maxMs: 10_000,
    args: (f) => ['lines', f('spans.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['deep text'])),
  },
  {
    name: 'HTML with 100,000 levels of nesting', files: { 'deeper.html': () => html(`${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`) }, maxMs: 10_000,
    args: (f) => ['clean', f('deeper.html')], check: (r) => expectOneLineError(r, 'clean', /deeper\.html: HTML nested more than \d+ elements deep in a page of \d+ tags \(the limit is depth × tags ≤ 4000000000\)$/),
  },
  {
    name: 'a huge inline script', files: { 'script.html': () => html(`<p>Before script.</p><script>${'var a = "<p>not text</p>"; '.repeat(2_000_000)}</script><p>After script.</p>`) }, maxMs: 15_000, maxRssMb: 900,
    args: (f) => ['lines', f('script.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['Before script.', '', 'After script.'])),
  },
  {
    name: 'an unclosed huge inline script', files: { 'script2.html': () => html(`<p>Before.</p><script>${'x = 1; '.repeat(3_000_000)}`) }, maxMs: 15_000,
    args: (f) => ['lines', f('script2.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['Before.'])),
  },
  {
    name: 'a huge <title>', files: { 'title.html': () => html('<p>Body.</p>', `<title>${'T'.repeat(20 * MB)}</title>`) }, maxMs: 15_000,
    args: (f) => ['lines', f('title.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(['Body.'])),
  },
  {
    name: 'a wrong <meta charset>: says UTF-8, is windows-1252', files: { 'wrong.html': () => Buffer.from(html(FR_LINES.filter((l) => l).map((l) => `<p>${l.replaceAll('’', "'")}</p>`).join(''), '<meta charset="utf-8">'), 'latin1') },
    args: (f) => ['lines', f('wrong.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.include("Déjà vu : les habitués sont revenus dès le premier matin, à l'heure où la ville s'éveille.")),
  },
  {
    name: 'a wrong <meta charset>: says windows-1252, is UTF-8 Vietnamese', files: { 'wrong2.html': () => viHtml('windows-1252') },
    args: (f) => ['lines', f('wrong2.html')], check: (r) => (expectSuccess(r), expect(lines(r)).to.deep.equal(expectedViHtmlLines)),
  },
  {
    name: 'a <meta charset> naming no encoding, or UTF-16 on single bytes', files: { 'bogus.html': () => viHtml('x-bogus-42'), 'u16.html': () => viHtml('utf-16') },
    args: (f) => ['clean', '--format', 'jsonl', '--out', f('bogus-out'), f('bogus.html'), f('u16.html')],
    check: (r, f) => {
      expectSuccess(r);
      for (const id of ['bogus', 'u16']) expect(fs.readFileSync(path.join(f('bogus-out'), `${id}.jsonl`), 'utf8')).to.contain('Hà Nội: Người dân đổ về phố cổ đón Tết Nguyên đán');
    },
  },

  // Files that are not pages.
  { name: 'a directory named as the page', files: { 'dir/x.txt': () => 'x' }, args: (f) => ['lines', f('dir')], check: (r) => expectOneLineError(r, 'lines', /dir: is a directory$/) },
  { name: 'a device that never ends', args: () => ['lines', '/dev/zero'], check: (r) => expectOneLineError(r, 'lines', /\/dev\/zero: not a regular file$/) },
  { name: 'a folder without pages', files: { 'nopages/readme.md': () => '#' }, args: (f) => ['clean', f('nopages')], check: (r) => expectOneLineError(r, 'clean', /no pages \(\*\.txt, \*\.html\) in/) },
  { name: 'a missing file', args: () => ['clean', '/nonexistent/page.txt'], check: (r) => expectOneLineError(r, 'clean', /no such file or directory: \/nonexistent\/page\.txt/) },
  {
    name: 'a bad page among good ones leaves no output file behind', files: { 'batch/a.txt': () => viText, 'batch/b.txt': () => randomBytes(1000, 5), 'batch/c.txt': () => viText },
    args: (f) => ['clean', '--out', f('batch-out'), f('batch')],
    check: (r, f) => {
      expectOneLineError(r, 'clean', /b\.txt: binary data/);
      expect(fs.existsSync(f('batch-out')) ? fs.readdirSync(f('batch-out')) : []).to.deep.equal([]);
    },
  },

  // Label files.
  {
    name: 'a label file that does not parse stops training, and no model is written',
    files: { 'badlabels/p.csv': () => `# chaff-labels 1 {"id":"p","lang":"en","site":"s","source":"user","policy":"1"}\nline,text,label\n1,A line,article\n2,Another,maybe\n`, 'badlabels/p.txt': () => 'A line\nAnother\n' },
    args: (f) => ['train', f('badlabels'), '--out', f('badmodel')],
    check: (r, f) => (expectOneLineError(r, 'train', /badlabels\/p\.csv, row 4: label "maybe" is not article, noise or empty$/), expect(fs.existsSync(f('badmodel'))).to.equal(false)),
  },
  {
    name: 'a label file that is not UTF-8 stops eval', files: { 'latin1.csv': () => Buffer.from(`# chaff-labels 1 {"id":"p","lang":"fr","site":"s","source":"user","policy":"1"}\nline,text,label\n1,Le café,article\n`, 'latin1') },
    args: (f) => ['eval', f('latin1.csv')], check: (r) => expectOneLineError(r, 'eval', /latin1\.csv: not valid UTF-8$/),
  },
  {
    name: 'folders of label files linked in a loop',
    files: { 'loop/a/seed.csv': () => fs.readFileSync(path.join(__dirname, '..', '..', 'labels', '004_9a32b6d7f5a07658.csv')) },
    args: (f) => {
      for (const [from, to] of [['loop/a/up', 'loop'], ['loop/a/up2', 'loop'], ['loop/self', 'loop/a']]) if (!fs.existsSync(f(from))) fs.symlinkSync(f(to), f(from));
      return ['eval', '--json', f('loop')];
    },
    check: (r) => (expectSuccess(r), expect((JSON.parse(r.stdout) as { perPage: unknown[] }).perPage).to.have.length(1)),
  },
  { name: 'bad usage', args: () => ['clean', '--threshold', 'lots'], check: (r) => expectOneLineError(r, 'clean', /--threshold must be a number/, 2) },
  { name: 'an unknown option', args: () => ['lines', '--frobnicate'], check: (r) => expectOneLineError(r, 'lines', /Unknown option '--frobnicate'/, 2) },
];

const JSONL_IDS = ['good-1', null, 'good-2', null, null, null, 'both', 'number-text', 'too-many-lines', 'too-deep', null, null, 'nfd', 'good-3'];

export const HOSTILE_FIGURES = newTally();

describe('robustness: hostile inputs through the CLI', function () {
  this.timeout(300_000);
  let dir: string;
  const results = new Map<string, CliRun>();
  const f = (name: string) => path.join(dir, name);

  before(async function () {
    dir = tmpDir('chaff-hostile-');
    for (const c of CASES) {
      for (const [name, make] of Object.entries(c.files ?? {})) {
        fs.mkdirSync(path.dirname(f(name)), { recursive: true });
        if (!fs.existsSync(f(name))) fs.writeFileSync(f(name), make());
      }
    }
    fs.writeFileSync(f('stream.jsonl'), jsonlStream());
    const runs: { name: string; args: string[]; stdin?: Buffer | string; maxMs: number }[] = CASES.map((c) => ({ name: c.name, args: c.args(f), stdin: c.stdin?.(), maxMs: c.maxMs ?? 20_000 }));
    if (fs.existsSync('/dev/zero') === false) runs.splice(runs.findIndex((r) => r.name === 'a device that never ends'), 1);
    runs.push({ name: 'jsonl', args: ['clean', '--jsonl', '-q', '--max-record-bytes', String(2 * MB), f('stream.jsonl')], maxMs: 30_000 });
    runs.push({ name: 'jsonl-stdin', args: ['clean', '--jsonl', '-q', '--max-record-bytes', String(2 * MB)], stdin: jsonlStream(), maxMs: 30_000 });
    await pool(runs, 2, async (r) => {
      const run = await runCli(r.args, { input: r.stdin, timeoutMs: Math.max(60_000, 3 * r.maxMs) });
      results.set(r.name, run);
      count(HOSTILE_FIGURES, run);
    });
  });

  after(() => {
    const rows = [...results.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5).map(([n, r]) => `${n}: ${r.ms} ms, ${r.rssMb} MB`);
    console.log(`\n  hostile inputs: ${HOSTILE_FIGURES.tried} runs, ${HOSTILE_FIGURES.crashes} crashes, ${HOSTILE_FIGURES.hangs} hangs, `
      + `peak RSS ${HOSTILE_FIGURES.peakRssMb} MB, slowest ${HOSTILE_FIGURES.slowestMs} ms\n  slowest: ${rows.join('; ')}`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, function () {
      const r = results.get(c.name);
      if (!r) this.skip();
      const breach = contractBreach(r, { maxMs: c.maxMs ?? 20_000, maxRssMb: c.maxRssMb ?? 1024 });
      expect(breach, c.name).to.equal(null);
      c.check(r, f);
    });
  }

  for (const name of ['jsonl', 'jsonl-stdin']) {
    it(`a JSON-lines stream with broken records in the middle (${name === 'jsonl' ? 'file' : 'stdin'})`, function () {
      const r = results.get(name)!;
      expect(contractBreach(r, { maxMs: 30_000, maxRssMb: 1024 })).to.equal(null);
      expectSuccess(r);
      const out = jsonl(r);
      // One output line per record (blank lines are no record), in input order.
      expect(out.map((o) => o.id ?? null)).to.deep.equal(JSONL_IDS);
      const byId = (id: string) => out.find((o) => o.id === id)!;
      for (const id of ['good-1', 'good-2', 'good-3', 'nfd']) {
        expect(byId(id), id).to.include.keys('text', 'lines', 'kept');
        expect(byId(id)).not.to.have.key('error');
      }
      expect(byId('nfd')).to.deep.equal({ ...byId('good-1'), id: 'nfd' });
      expect(out[1]!.error).to.match(/^not valid JSON/);
      expect(out[3]!.error).to.equal('not a JSON object');
      expect(out[4]!.error).to.equal('no "id"');
      expect(out[5]!.error).to.equal('not valid UTF-8');
      expect(byId('both').error).to.match(/both "text" and "html"/);
      expect(byId('number-text').error).to.match(/"text" must be a string/);
      expect(byId('too-many-lines').error).to.equal('the page has 200000 lines, more than the 100000-line limit per page');
      expect(byId('too-deep').error).to.match(/^HTML nested more than \d+ elements deep/);
      expect(out[10]!.error).to.match(/^record of \d+ bytes is over the 2097152-byte limit/);
      expect(out[11]!.error).to.be.a('string');
    });
  }
});
