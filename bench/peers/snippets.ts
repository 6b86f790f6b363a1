/**
 * Judging extracted text as trafilatura's own benchmark does: each page has
 * snippets that must appear in the output (with) and snippets that must not
 * (without). A with-snippet found is a true positive, missed a false
 * negative; a without-snippet found is a false positive, absent a true
 * negative.
 *
 * Two ways of comparing text, both reported:
 * - strict: Unicode NFC and whitespace runs folded to one space (the
 *   snippet must appear as the page spells it);
 * - folded: also typographic quotes and dashes read as ASCII, and whitespace
 *   ignored. WCXB's gold was written with straight quotes and with spaces
 *   the page does not have ("( sorry, Solo Leveling ," for "(sorry, Solo
 *   Leveling,"), so under the strict rule even keeping every line of the
 *   page misses one with-snippet in ten. Folding judges which text was kept,
 *   not how the gold spells it; it applies to every tool alike. Ignoring
 *   whitespace can let a short must-not snippet match across words: on the
 *   133 held-out wcxb pages it adds one false positive to each tool (15 to
 *   keep-all), so both rules are reported.
 */
import type { Counts } from '../../src/core/metrics';

export type Fold = (s: string) => string;

export function fold(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Typographic punctuation the gold spells in ASCII. */
const ASCII_PUNCTUATION: readonly [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u00B4\u0060]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
];

export function foldLoose(s: string): string {
  let t = s.normalize('NFC');
  for (const [re, to] of ASCII_PUNCTUATION) t = t.replace(re, to);
  return t.replace(/\s+/g, '');
}

export function judgeSnippets(extracted: string, withSnippets: readonly string[], withoutSnippets: readonly string[], c: Counts, f: Fold = fold): void {
  const text = f(extracted);
  for (const s of withSnippets) {
    const x = f(s);
    if (!x) continue;
    if (text.includes(x)) c.tp++;
    else c.fn++;
  }
  for (const s of withoutSnippets) {
    const x = f(s);
    if (!x) continue;
    if (text.includes(x)) c.fp++;
    else c.tn++;
  }
}
