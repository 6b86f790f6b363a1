/**
 * Tables and number formats for the notebooks: rows of plain objects become a
 * small HTML table (shown with tslab's `display.html`, saved in the .ipynb).
 */
import { esc } from './plot';

export type Cell = string | number | null | undefined;

export interface TableOptions {
  /** Columns in order (default: the first row's keys). */
  readonly columns?: readonly string[];
  /** Per-column formats; numbers default to `num`. */
  readonly format?: Readonly<Record<string, (v: Cell) => string>>;
  readonly caption?: string;
}

export function htmlTable(rows: readonly Readonly<Record<string, Cell>>[], o: TableOptions = {}): string {
  const columns = o.columns ?? (rows.length > 0 ? Object.keys(rows[0]!) : []);
  const cell = (col: string, v: Cell): string => {
    const f = o.format?.[col];
    if (f) return esc(f(v));
    if (v === null || v === undefined) return '';
    return esc(typeof v === 'number' ? num(v) : v);
  };
  const right = (col: string) => rows.some((r) => typeof r[col] === 'number');
  const th = columns.map((c) => `<th style="text-align:${right(c) ? 'right' : 'left'}">${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td style="text-align:${right(c) ? 'right' : 'left'}">${cell(c, r[c])}</td>`).join('')}</tr>`).join('\n');
  const caption = o.caption ? `<caption style="caption-side:top;text-align:left">${esc(o.caption)}</caption>` : '';
  return `<table>${caption}<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** Integers with thousands separators; other numbers to 3 decimals. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toFixed(3);
}

/** A share as a percentage: 0.123 → "12.3%". */
export function pct(v: Cell, digits = 1): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '';
}

/** Three decimals, or empty. */
export function dec(v: Cell): string {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(3) : '';
}

/** One line of page text for a table cell: at most `n` characters. */
export function clip(s: string, n = 90): string {
  const cps = [...s];
  return cps.length <= n ? s : cps.slice(0, n - 1).join('') + '…';
}

/**
 * The little markdown the notebooks print (paragraphs, **bold**, *italic*,
 * `code`) as HTML: HTML outputs render everywhere a notebook is shown,
 * markdown outputs not always.
 */
export function md(s: string): string {
  return s.trim().split(/\n\s*\n/).map((para) => {
    const parts = para.split(/(`[^`]*`)/g).map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length >= 2) return `<code>${esc(part.slice(1, -1))}</code>`;
      return esc(part).replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>').replace(/\*([^*\s][^*]*)\*/g, '<i>$1</i>');
    });
    return `<p>${parts.join('').replace(/\n/g, ' ')}</p>`;
  }).join('\n');
}
