/**
 * What reads as a sentence for the page features that look at the page's
 * layout: the runs of sentences that make an article's body (pageContext) and
 * the lists of other stories that interleave leads with headlines
 * (listPattern). One definition, so the two agree on what a lead is.
 */

/** A line this long or longer that ends a sentence is a lead or a paragraph. */
const SENTENCE_CHARS = 25;
/** Ends a sentence: terminal punctuation, then closing quotes or brackets. */
const SENTENCE_END = /[.!?\u2026\u3002\uFF01\uFF1F]["'\u201D\u2019\u00BB\])]*$/u;

/** A line long enough to be prose that ends a sentence. */
export function endsSentence(t: string): boolean {
  return t.length >= SENTENCE_CHARS && SENTENCE_END.test(t);
}
