/**
 * Lines that are noise by what they say, even where a dataset's gold keeps
 * them: teaser cues ("Read more"), bylines and date lines.
 */
import { alignTokens, contains, TOKEN } from './tokens';

/**
 * Whole lines that announce a teaser or an ad ("Read more", "Leggi anche"):
 * some golds keep them with the teaser, but they are never the article.
 */
const TEASER_CUES = new Set([
  'read more', 'read also', 'also read', 'see also', 'related', 'related articles', 'related stories', 'related content', 'more on this story',
  'advertisement', 'sponsored', 'sponsored content', 'leggi anche', 'lesen sie auch', 'mehr zum thema', 'auch interessant', 'das könnte sie auch interessieren',
  'anzeige', 'werbung', 'lire aussi', 'à lire aussi', 'a lire aussi', 'lee también', 'leer más', 'leia também', 'leia mais', 'publicidad', 'pubblicità',
].map((c) => alignTokens(c).join(' ')));
/** Longest cue, in tokens. */
const MAX_CUE_TOKENS = 5;

/** Words that open a byline, in the corpus' languages. */
const BYLINE_CUES = new Set(['by', 'von', 'par', 'por', 'di', 'door', 'av', 'af', 'autor', 'autorin', 'author', 'text', 'texto', 'reporter', 'written', 'posted', 'publicado', 'bericht', 'foto', 'fotos', 'photo', 'photos', 'bild', 'credit']);
const NAME_JOINERS = new Set(['and', 'und', 'et', 'y', 'e', 'og', 'och', 'en', 'i', 'a', 'by', 'staff', 'redaktion']);
/** Words that make a line a date line: months, weekdays, "updated", "Uhr", … */
const DATE_ANCHORS = new Set(('jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december ' +
  'januar februar märz mai juni juli oktober dezember janvier février mars avril juin juillet août septembre octobre novembre décembre ' +
  'enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre ' +
  'janeiro fevereiro março maio junho julho setembro outubro dezembro mon monday tue tuesday wed wednesday thu thursday fri friday sat saturday sun sunday ' +
  'montag dienstag mittwoch donnerstag freitag samstag sonntag uhr updated published posted modified aktualisiert veröffentlicht ago lesezeit ' +
  'actualizado publicado atualizado pubblicato aggiornato').split(' '));
/** Words that may fill out a date line around the anchors and numbers. */
const DATE_FILLERS = new Set(('am pm h on at um le el de del of the th st nd rd gmt utc cet cest est edt pst pdt bst mez mesz last update stand vor ' +
  'hours hour minutes minute mins min days day read stunden minuten tagen mis à jour').split(' '));
/** Numeric dates and times: 12.03.2024, 2024-03-12, 10:04. */
const DATE_PATTERN = /\b\d{1,4}([./-])\d{1,2}\1\d{2,4}\b|\b\d{1,2}:\d{2}\b/u;
/** Prices, percentages and ratings are data, not dates. */
const NOT_A_DATE = /[$€£¥%]|\d\s*\/\s*\d+(\.\d+)?\s*$/u;
/** Longest line that can still be a byline or a date line, in tokens. */
const MAX_BYLINE_TOKENS = 12;
/** Longest "By …" line without a known author's name in it. */
const MAX_CUED_BYLINE = 8;
/** Other capitalised words a line with an author's name may have and still be a byline. */
const MAX_NAMED_EXTRA = 3;

/** "Read more", or "RELATED: Some other story", "Lesen Sie auch | …". */
export function isTeaserCue(line: string, t: readonly string[]): boolean {
  if (TEASER_CUES.has(t.join(' '))) return true;
  for (let k = 1; k <= Math.min(MAX_CUE_TOKENS, t.length - 1); k++) {
    if (!TEASER_CUES.has(t.slice(0, k).join(' '))) continue;
    // The cue must be followed by a separator, not run on into a sentence ("Related work shows …").
    const words = line.normalize('NFKC').match(TOKEN) ?? [];
    const after = line.normalize('NFKC').indexOf(words[k - 1]!) + words[k - 1]!.length;
    if (/^\s*[:|»›>–—-]/u.test(line.normalize('NFKC').slice(after))) return true;
  }
  return false;
}

/**
 * Bylines and dates are noise by chaff's policy even where a dataset's gold
 * keeps them: "By Jane Doe", "Von Max Muster und Eva Beispiel", "Updated
 * 12 March 2024 10:04", or a short line carrying a known author's name.
 */
export function isBylineOrDate(line: string, t: readonly string[], authors: readonly (readonly string[])[]): boolean {
  if (t.length === 0 || t.length > MAX_BYLINE_TOKENS) return false;
  const dateWord = (w: string) => DATE_ANCHORS.has(w) || DATE_FILLERS.has(w) || /^\d+(st|nd|rd|th|h)?$/u.test(w);
  if (t.some((w) => /\d/u.test(w)) && t.every(dateWord) && !NOT_A_DATE.test(line) && (t.some((w) => DATE_ANCHORS.has(w)) || DATE_PATTERN.test(line))) return true;
  const named = authors.some((a) => (a.length >= 2 && contains(t, a)) || (a.length === t.length && a.every((w, k) => w === t[k])));
  if (!named && (!BYLINE_CUES.has(t[0]!) || t.length > MAX_CUED_BYLINE)) return false;
  // Besides names, cues, joiners and date words only a few capitalised words
  // (more names, "Senior Editor"): "By the Numbers" is a heading, and
  // "Jane Doe. Why I left" a title.
  const nameWords = new Set(authors.flat());
  const dated = /\d/u.test(line);
  const rest = (line.normalize('NFKC').match(TOKEN) ?? []).filter((w) => {
    const l = w.toLowerCase();
    return !nameWords.has(l) && !BYLINE_CUES.has(l) && !NAME_JOINERS.has(l) && !DATE_ANCHORS.has(l) && !/^\d/u.test(l) && !(dated && DATE_FILLERS.has(l));
  });
  return rest.every((w) => /^\p{Lu}/u.test(w)) && (!named || rest.length <= MAX_NAMED_EXTRA);
}
