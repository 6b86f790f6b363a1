/**
 * Plain-text tables for reports (right-aligned numbers, left-aligned text),
 * and the other figures reports print.
 */

export type Cell = string | number;

export function formatTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: readonly string[]) => r.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n';
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(3);
}

/** A model's cut for text dumps, and for HTML pages when it has its own: "0.570 (HTML 0.412)". */
export function formatThresholds(text: number, html: number): string {
  return html === text ? text.toFixed(3) : `${text.toFixed(3)} (HTML ${html.toFixed(3)})`;
}
