/**
 * Page language, as an ISO 639-1 code ('vi', 'fr', …) or 'und'.
 *
 * Detected once per page with franc-min (trigram profiles of 82 languages,
 * pure JS, runs in the browser), because single lines are too short to tell.
 * Used for per-language metrics and to pick a word tokenizer.
 */
import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';

/** Below this many letters franc guesses; we would rather say 'und'. */
const MIN_LETTERS = 40;
/** Cap on text sent to franc: 2,000 characters of prose decide it (franc is a fifth of cleaning time at 4,000). */
const MAX_SAMPLE_CHARS = 2000;
/** Lines shorter than this are mostly menu words; skip them when sampling. */
const MIN_SAMPLE_LINE = 25;

export const UNDETERMINED = 'und';

/** Detect the language of a page from its lines. */
export function detectLanguage(lines: readonly string[]): string {
  let sample = '';
  for (const line of lines) {
    if (line.length < MIN_SAMPLE_LINE) continue;
    sample += line + '\n';
    if (sample.length >= MAX_SAMPLE_CHARS) break;
  }
  if (sample.length < MAX_SAMPLE_CHARS / 4) sample = lines.join('\n').slice(0, MAX_SAMPLE_CHARS);
  const letters = sample.match(/\p{L}/gu);
  if (!letters || letters.length < MIN_LETTERS) return UNDETERMINED;
  return toIso1(franc(sample, { minLength: MIN_LETTERS }));
}

/** Map an ISO 639-3 code to 639-1 where one exists; keep it otherwise. */
export function toIso1(code: string): string {
  if (code === 'und') return UNDETERMINED;
  return iso6393To1[code] ?? code;
}
