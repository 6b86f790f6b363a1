/**
 * Word tokenizers for word-level features.
 *
 * Where natural has a tokenizer for the page's language we use it: its
 * character classes are written per language (Vietnamese's 134 tone-marked
 * letters, French elisions). Other languages get a Unicode-aware splitter.
 * Tokenizers are deep-imported: natural's index pulls in databases and
 * network clients and takes a second to load.
 */
import AggressiveTokenizerVi from 'natural/lib/natural/tokenizers/aggressive_tokenizer_vi';
import AggressiveTokenizerFr from 'natural/lib/natural/tokenizers/aggressive_tokenizer_fr';
import AggressiveTokenizerDe from 'natural/lib/natural/tokenizers/aggressive_tokenizer_de';
import AggressiveTokenizerEs from 'natural/lib/natural/tokenizers/aggressive_tokenizer_es';
import AggressiveTokenizerIt from 'natural/lib/natural/tokenizers/aggressive_tokenizer_it';
import AggressiveTokenizerPt from 'natural/lib/natural/tokenizers/aggressive_tokenizer_pt';
import AggressiveTokenizerNl from 'natural/lib/natural/tokenizers/aggressive_tokenizer_nl';
import AggressiveTokenizerRu from 'natural/lib/natural/tokenizers/aggressive_tokenizer_ru';

export type Tokenize = (text: string) => string[];

interface NaturalTokenizer { tokenize(text: string): string[] }

/** Languages whose natural tokenizer we trust; the list is saved with a model. */
const NATURAL_TOKENIZERS: Record<string, new () => NaturalTokenizer> = {
  vi: AggressiveTokenizerVi,
  fr: AggressiveTokenizerFr,
  de: AggressiveTokenizerDe,
  es: AggressiveTokenizerEs,
  it: AggressiveTokenizerIt,
  pt: AggressiveTokenizerPt,
  nl: AggressiveTokenizerNl,
  ru: AggressiveTokenizerRu,
};

export const NATURAL_LANGUAGES: readonly string[] = Object.keys(NATURAL_TOKENIZERS);

/** Letters, marks and digits: a word in any script that separates words by spaces. */
const UNICODE_WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function unicodeTokenize(text: string): string[] {
  return text.match(UNICODE_WORD) ?? [];
}

const cache = new Map<string, Tokenize>();

/**
 * The tokenizer for a language. `enabled` lists the languages for which the
 * model was trained with natural's tokenizer (it is part of the featurizer's
 * saved settings, so old models keep their tokenization).
 */
export function tokenizerFor(lang: string, enabled: readonly string[]): Tokenize {
  if (!enabled.includes(lang) || !(lang in NATURAL_TOKENIZERS)) return unicodeTokenize;
  let t = cache.get(lang);
  if (!t) {
    const tok = new NATURAL_TOKENIZERS[lang]!();
    // natural splits on anything outside the language's letters; it can leave
    // empty strings at the edges, which are not words.
    t = (text: string) => tok.tokenize(text).filter((w) => w.length > 0);
    cache.set(lang, t);
  }
  return t;
}
