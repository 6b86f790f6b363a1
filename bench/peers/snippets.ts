/**
 * Judging extracted text as trafilatura's own benchmark does: each page has
 * snippets that must appear in the output (with) and snippets that must not
 * (without). A with-snippet found is a true positive, missed a false
 * negative; a without-snippet found is a false positive, absent a true
 * negative. Text is compared with whitespace folded.
 */
import type { Counts } from '../../src/core/metrics';

export function fold(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function judgeSnippets(extracted: string, withSnippets: readonly string[], withoutSnippets: readonly string[], c: Counts): void {
  const text = fold(extracted);
  for (const s of withSnippets) {
    const f = fold(s);
    if (!f) continue;
    if (text.includes(f)) c.tp++;
    else c.fn++;
  }
  for (const s of withoutSnippets) {
    const f = fold(s);
    if (!f) continue;
    if (text.includes(f)) c.fp++;
    else c.tn++;
  }
}
