/**
 * Page language, as an ISO 639-1 code ('vi', 'fr', …) or 'und'.
 *
 * Detected once per page with franc-min (trigram profiles of 82 languages,
 * pure JS, runs in the browser), because single lines are too short to tell.
 * Used for per-language metrics and to pick a word tokenizer.
 *
 * franc's cost grows with its sample, and it was a fifth of cleaning time on
 * a 2,000-character sample. So a page is first judged on a short sample of
 * its longest lines (prose, rarely menus), and only when that leaves two
 * languages nearly tied does the long sample of its first lines decide. On
 * the 1,233 pages of the import corpus this agrees with the long sample
 * alone on all but 3 pages, is as often right against the sources' declared
 * language (98.6%), and costs less than half as much.
 */
import { franc, francAll } from 'franc-min';
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';

/** Below this many letters franc guesses; we would rather say 'und'. */
const MIN_LETTERS = 40;
/** The quick sample: this many characters of the page's longest lines. */
const QUICK_SAMPLE_CHARS = 400;
/** The quick sample decides unless the runner-up scores at least this share of the winner's score. */
const QUICK_MARGIN = 0.97;
/** Cap on the long sample, taken from the page's first lines. */
const MAX_SAMPLE_CHARS = 2000;
/** Lines shorter than this are mostly menu words; skip them when sampling. */
const MIN_SAMPLE_LINE = 25;

export const UNDETERMINED = 'und';

/** Detect the language of a page from its lines. */
export function detectLanguage(lines: readonly string[]): string {
  const quick = longestLinesSample(lines, QUICK_SAMPLE_CHARS);
  if (enoughLetters(quick)) {
    const ranked = francAll(quick, { minLength: MIN_LETTERS });
    const [best, second] = ranked;
    if (best && best[0] !== 'und' && !(second && second[1] >= QUICK_MARGIN * best[1])) return toIso1(best[0]);
  }
  const sample = firstLinesSample(lines, MAX_SAMPLE_CHARS);
  if (!enoughLetters(sample)) return UNDETERMINED;
  return toIso1(franc(sample, { minLength: MIN_LETTERS }));
}

/**
 * franc-min names some languages by an individual code whose macrolanguage
 * has the 639-1 code pages declare and people expect: Mandarin (cmn) is "zh",
 * Standard Arabic (arb) "ar", Iranian Persian (pes) "fa". These are all of
 * its languages with no 639-1 code of their own but a macrolanguage with one.
 */
const MACRO_LANGUAGES: Readonly<Record<string, string>> = {
  arb: 'ar', swh: 'sw', zlm: 'ms', cmn: 'zh', azj: 'az', uzn: 'uz', pes: 'fa', plt: 'mg', pbu: 'ps', npi: 'ne',
  fuv: 'ff', ckb: 'ku', qug: 'qu', zyb: 'za', koi: 'kv',
};

/** Map an ISO 639-3 code to 639-1 where one exists (directly or through its macrolanguage); keep it otherwise. */
export function toIso1(code: string): string {
  if (code === 'und') return UNDETERMINED;
  return MACRO_LANGUAGES[code] ?? iso6393To1[code] ?? code;
}

/** franc reads no further than this many characters of what it is given. */
const FRANC_MAX_LENGTH = 2048;

/** The page's first lines of prose length, up to `max` characters (or its start, when it has too few). */
function firstLinesSample(lines: readonly string[], max: number): string {
  let sample = '';
  for (const line of lines) {
    if (line.length < MIN_SAMPLE_LINE) continue;
    // Past FRANC_MAX_LENGTH nothing counts: a 50 MB line is not copied whole.
    sample += line.slice(0, FRANC_MAX_LENGTH) + '\n';
    if (sample.length >= max) break;
  }
  return sample.length < max / 4 ? pageStart(lines, max) : sample;
}

/**
 * The page's longest lines, longest first (earlier first among equals), up to
 * `max` characters (or its start, when it has too few). One pass keeping the
 * few that can fill the sample: a page of a million lines is not sorted.
 */
function longestLinesSample(lines: readonly string[], max: number): string {
  const keep = Math.ceil(max / MIN_SAMPLE_LINE);
  const top: number[] = []; // line indices, longest first
  for (let i = 0; i < lines.length; i++) {
    const len = lines[i]!.length;
    if (len < MIN_SAMPLE_LINE || (top.length === keep && len <= lines[top[keep - 1]!]!.length)) continue;
    let at = top.length === keep ? keep - 1 : top.length;
    while (at > 0 && lines[top[at - 1]!]!.length < len) {
      if (at < keep) top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
  }
  let sample = '';
  for (const i of top) {
    sample += lines[i]!.slice(0, max) + '\n';
    if (sample.length >= max) break;
  }
  return sample.length < max / 4 ? pageStart(lines, max) : sample;
}

/** The first `max` characters of the page's lines joined by newlines, without joining them all. */
function pageStart(lines: readonly string[], max: number): string {
  let s = '';
  for (const line of lines) {
    s += (s ? '\n' : '') + line;
    if (s.length >= max) break;
  }
  return s.slice(0, max);
}

function enoughLetters(sample: string): boolean {
  let letters = 0;
  for (const _ of sample.matchAll(LETTER)) if (++letters >= MIN_LETTERS) return true;
  return false;
}

const LETTER = /\p{L}/gu;
