/**
 * The public face of a line model: pages in, labelled lines or cleaned text out.
 */
import { LineModel } from './model/lineModel';
import { pageFromText, type Page } from './page';
import { normalizeLine } from './text/normalize';
import { detectLanguage } from './text/language';

export type LineLabel = 'article' | 'noise';

export interface LineResult {
  /** 1-based line number in the page. */
  readonly line: number;
  /** The line's text after normalisation. */
  readonly text: string;
  /** Probability that the line is article; null for blank lines. */
  readonly score: number | null;
  /** null for blank lines. */
  readonly label: LineLabel | null;
}

export interface ClassifyOptions {
  /** Keep lines scoring at least this; defaults to the model's own threshold for the page's kind (text or HTML). */
  readonly threshold?: number;
  /** ISO 639-1 language of the page; detected when absent. */
  readonly lang?: string;
}

export class Classifier {
  constructor(readonly model: LineModel) {}

  get threshold(): number {
    return this.model.threshold;
  }

  /** Label each line of one page given as lines (each is normalised first). */
  classify(lines: readonly string[], opts: ClassifyOptions = {}): LineResult[] {
    const norm = lines.map(normalizeLine);
    return this.classifyPage({ kind: 'text', lines: norm, lang: opts.lang ?? detectLanguage(norm) }, opts);
  }

  /** Label each line of a page. */
  classifyPage(page: Page, opts: ClassifyOptions = {}): LineResult[] {
    return this.classifyPages([page], opts)[0]!;
  }

  /** Label many pages in one pass; batching across pages changes no score. */
  classifyPages(pages: readonly Page[], opts: ClassifyOptions = {}): LineResult[][] {
    const scores = this.model.score(pages.map((p) => this.model.featurize(p)));
    return pages.map((p, k) => labelLines(p.lines, scores[k]!, opts.threshold ?? this.model.thresholdFor(p.kind)));
  }

  /** The article of a plain-text page: its kept lines, with blank lines kept between paragraphs. */
  clean(text: string, opts: ClassifyOptions = {}): string {
    return keptText(this.classifyPage(pageFromText(text, opts.lang), opts));
  }

  dispose(): void {
    this.model.dispose();
  }
}

export function labelLines(lines: readonly string[], scores: ArrayLike<number>, threshold: number): LineResult[] {
  return lines.map((text, i) => {
    if (text.length === 0) return { line: i + 1, text, score: null, label: null };
    const score = scores[i]!;
    return { line: i + 1, text, score, label: score >= threshold ? 'article' : 'noise' };
  });
}

/**
 * Kept lines joined as text. A blank line of the page that falls between two
 * kept lines is kept once, so paragraphs stay apart; nothing else is added.
 */
export function keptText(results: readonly LineResult[]): string {
  const out: string[] = [];
  let blankSince = false;
  for (const r of results) {
    if (r.label === null) {
      blankSince = true;
    } else if (r.label === 'article') {
      if (blankSince && out.length > 0) out.push('');
      out.push(r.text);
      blankSince = false;
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}
