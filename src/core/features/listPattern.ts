/**
 * Lists of other stories repeat a small layout: a photo caption, a headline,
 * a lead; again and again ("Có thể bạn quan tâm", "Voir plus"). Each lead is
 * well-formed prose and each headline reads like a title, so line by line the
 * block looks like an article; its repetition gives it away. An article's
 * body repeats too, but one kind of line (paragraph after paragraph), so only
 * patterns mixing kinds of line count.
 */

import { endsSentence } from './sentenceEnd';

/** A line's kind, as far as list layouts go. */
type Kind = 'sentence' | 'caption' | 'headline' | 'short';

/** Pattern lengths (in non-blank lines) looked for: caption+headline+lead is 3. */
const PERIODS = [2, 3, 4] as const;
/** A pattern must repeat this many times over before its lines count as a list. */
const MIN_REPEATS = 3;
/** Lines shorter than this are labels and links ("Voir plus"), not headlines. */
const HEADLINE_CHARS = 20;
/** A caption: prose, then a credit, as a bracket group or a short tail ("… Sisoulith. Photo: VNA"). */
const CAPTION_TAIL = /(?:\([^()]{1,60}\)|[.!?\u2026]\s+[^.!?\u2026]{1,30})$/u;

/**
 * For each line, 1 when it belongs to a repeating layout of at least
 * MIN_REPEATS rounds that mixes kinds of line, else 0. Blank lines are
 * skipped: sites separate lines by them or not.
 */
export function listPattern(lines: readonly string[]): Uint8Array {
  const out = new Uint8Array(lines.length);
  const at: number[] = [];
  const kinds: Kind[] = [];
  lines.forEach((t, i) => {
    if (!t) return;
    at.push(i);
    kinds.push(kindOf(t));
  });
  for (const p of PERIODS) {
    // Walk runs of lines whose kind equals the kind p lines back.
    let k = p;
    while (k < kinds.length) {
      if (kinds[k] !== kinds[k - p]) {
        k++;
        continue;
      }
      const start = k - p;
      while (k < kinds.length && kinds[k] === kinds[k - p]) k++;
      // Lines start..k-1 repeat one pattern of p kinds.
      const rounds = (k - start) / p;
      const pattern = new Set(kinds.slice(start, start + p));
      if (rounds >= MIN_REPEATS && pattern.size > 1 && pattern.has('caption')) {
        for (let j = start; j < k; j++) out[at[j]!] = 1;
      }
    }
  }
  return out;
}

function kindOf(t: string): Kind {
  if (t.length < HEADLINE_CHARS) return 'short';
  if (CAPTION_TAIL.test(t)) return 'caption';
  if (endsSentence(t)) return 'sentence';
  return 'headline';
}
