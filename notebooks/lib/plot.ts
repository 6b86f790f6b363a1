/**
 * A tiny SVG plotting kit for the notebooks: horizontal bar charts (grouped,
 * stacked or diverging), histograms drawn as steps, and line charts. Every
 * function returns a standalone SVG document as a string; the notebooks show it
 * with tslab's `display.svg`, so the plots are saved in the .ipynb and render on
 * GitHub without any JavaScript. Pure functions, no I/O, no dependencies.
 */

export const PALETTE = ['#2f6db5', '#d9622b', '#7a7a7a', '#3c9a5f', '#8e5bb8', '#c4a21a', '#1fa3a8', '#b8456b'] as const;
/** Colours of the two labels, the same in every chart. */
export const LABEL_COLORS = { article: '#2f6db5', noise: '#d9622b', unlabelled: '#a8a8a8' } as const;

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const CHAR_W = 6.2; // rough width of one character at 11px, for layout only
const TITLE_H = 28;

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
  readonly color?: string;
}

export interface BarChartSpec {
  readonly title?: string;
  /** One row per category, top to bottom. */
  readonly categories: readonly string[];
  readonly series: readonly Series[];
  /** Stack the series in each row (values ≥ 0); otherwise they are grouped. */
  readonly stacked?: boolean;
  /** One series, coloured by the sign of each value (negative bars go left). */
  readonly diverging?: { readonly negative: string; readonly positive: string; readonly negativeColor?: string; readonly positiveColor?: string };
  readonly xLabel?: string;
  /** Value labels at the end of each bar. */
  readonly format?: (v: number) => string;
  readonly width?: number;
  /** Fixed value axis; default from the data (always including 0). */
  readonly domain?: readonly [number, number];
  /** Stacked bars: print each row's total at its end (default true). */
  readonly totals?: boolean;
}

/** Horizontal bars: categories down the side, values along the bottom. */
export function barChart(spec: BarChartSpec): string {
  const width = spec.width ?? 640;
  const cats = spec.categories.map((c) => truncate(c, 48));
  const series = spec.series.filter((s) => s.values.length > 0);
  const groups = spec.stacked || spec.diverging ? 1 : Math.max(1, series.length);
  const barH = groups === 1 ? 16 : Math.max(7, 18 - 3 * groups);
  const rowH = barH * groups + 6;
  const labelW = Math.min(300, Math.max(40, ...cats.map((c) => c.length * CHAR_W))) + 10;
  const legend = spec.diverging ? [
    { name: `← ${spec.diverging.negative}`, color: spec.diverging.negativeColor ?? LABEL_COLORS.noise },
    { name: `${spec.diverging.positive} →`, color: spec.diverging.positiveColor ?? LABEL_COLORS.article },
  ] : series.length > 1 ? series.map((s, i) => ({ name: s.name, color: colorOf(s, i) })) : [];
  const top = (spec.title ? TITLE_H : 8) + (legend.length > 0 ? 18 : 0);
  const plotH = Math.max(rowH, cats.length * rowH);
  const height = top + plotH + 40;
  const totals = cats.map((_, r) => spec.stacked ? sum(series.map((s) => finite(s.values[r]))) : 0);
  const all = spec.stacked ? totals : series.flatMap((s) => s.values.map(finite));
  const [lo, hi] = spec.domain ?? niceDomain(Math.min(0, ...all), Math.max(0, ...all));
  // Room for the value labels of negative bars, left of the axis.
  const x0 = labelW + (lo < 0 ? 36 : 0), x1 = width - 48;
  const ticks = niceTicks(lo, hi, 5);
  const sx = linear(lo, hi, x0, x1);
  const fmt = spec.format ?? shortNumber;

  const out: string[] = [];
  out.push(header(width, height), title(spec.title, width), legendRow(legend, x0, top - 12));
  for (const t of ticks) {
    out.push(`<line x1="${r1(sx(t))}" y1="${top}" x2="${r1(sx(t))}" y2="${top + plotH}" stroke="#e3e3e3"/>`);
    out.push(text(sx(t), top + plotH + 14, shortNumber(t), { anchor: 'middle', size: 10, color: '#555' }));
  }
  out.push(`<line x1="${r1(sx(0))}" y1="${top}" x2="${r1(sx(0))}" y2="${top + plotH}" stroke="#888"/>`);
  cats.forEach((c, r) => {
    const y = top + r * rowH + 3;
    out.push(text(x0 - 6, y + (barH * groups) / 2 + 4, c, { anchor: 'end', size: 11 }));
    if (spec.stacked) {
      let acc = 0;
      series.forEach((s, i) => {
        const v = Math.max(0, finite(s.values[r]));
        if (v > 0) out.push(rect(sx(acc), y, sx(acc + v) - sx(acc), barH, colorOf(s, i), `${c} · ${s.name}: ${fmt(v)}`));
        acc += v;
      });
      if (spec.totals !== false) out.push(text(sx(acc) + 4, y + barH / 2 + 4, fmt(acc), { size: 10, color: '#444' }));
      return;
    }
    series.forEach((s, i) => {
      const v = finite(s.values[r]);
      const color = spec.diverging ? (v < 0 ? spec.diverging.negativeColor ?? LABEL_COLORS.noise : spec.diverging.positiveColor ?? LABEL_COLORS.article) : colorOf(s, i);
      const yy = y + i * barH;
      const a = sx(Math.min(0, v)), b = sx(Math.max(0, v));
      out.push(rect(a, yy, b - a, barH - 1, color, `${c}${series.length > 1 ? ` · ${s.name}` : ''}: ${fmt(v)}`));
      const label = fmt(v);
      out.push(v < 0
        ? text(a - 3, yy + barH / 2 + 3, label, { anchor: 'end', size: 9, color: '#444' })
        : text(b + 3, yy + barH / 2 + 3, label, { size: 9, color: '#444' }));
    });
  });
  if (spec.xLabel) out.push(text((x0 + x1) / 2, height - 8, spec.xLabel, { anchor: 'middle', size: 11 }));
  out.push('</svg>');
  return out.join('\n');
}

export interface HistogramSpec {
  readonly title?: string;
  readonly series: readonly Series[];
  /** Bin edges, increasing; values outside [first, last) go to the first or last bin. */
  readonly edges: readonly number[];
  /** 'share': each series sums to 1 (compares shapes); 'count': raw counts. */
  readonly normalize?: 'share' | 'count';
  /** Log-scaled x axis (edges must be > 0). */
  readonly logX?: boolean;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Counts of `values` in the bins [edges[i], edges[i+1]); the ends are open. NaN is skipped. */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(0, edges.length - 1)).fill(0);
  if (counts.length === 0) return counts;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    let i = upperBound(edges, v) - 1;
    i = Math.max(0, Math.min(counts.length - 1, i));
    counts[i]!++;
  }
  return counts;
}

/** Log-spaced bin edges from `min` to `max` (> 0), `perDecade` bins per factor of 10. */
export function logEdges(min: number, max: number, perDecade = 5): number[] {
  const a = Math.log10(min), b = Math.log10(max);
  const n = Math.max(1, Math.ceil((b - a) * perDecade));
  return Array.from({ length: n + 1 }, (_, i) => 10 ** (a + ((b - a) * i) / n));
}

/** Several distributions over the same bins, drawn as outlined steps so they can overlap. */
export function histogram(spec: HistogramSpec): string {
  const width = spec.width ?? 640, height = spec.height ?? 300;
  const norm = spec.normalize ?? 'share';
  const counts = spec.series.map((s) => {
    const c = binCounts(s.values, spec.edges);
    const total = sum(c);
    return norm === 'share' && total > 0 ? c.map((x) => x / total) : c;
  });
  const ymax = Math.max(1e-9, ...counts.flat());
  const [ylo, yhi] = niceDomain(0, ymax);
  const edges = spec.edges;
  const xDomain: [number, number] = [edges[0]!, edges[edges.length - 1]!];
  const frame = axes({
    width, height, title: spec.title, xDomain, yDomain: [ylo, yhi], logX: spec.logX,
    xLabel: spec.xLabel, yLabel: spec.yLabel ?? (norm === 'share' ? 'share of lines' : 'lines'),
    yFormat: norm === 'share' ? (v) => `${Math.round(v * 100)}%` : shortNumber,
    legend: spec.series.map((s, i) => ({ name: `${s.name} (${s.values.filter((v) => !Number.isNaN(v)).length})`, color: colorOf(s, i) })),
  });
  const out = [frame.open];
  spec.series.forEach((s, i) => {
    const c = counts[i]!;
    const pts: string[] = [`${r1(frame.sx(edges[0]!))},${r1(frame.sy(0))}`];
    c.forEach((v, b) => {
      pts.push(`${r1(frame.sx(edges[b]!))},${r1(frame.sy(v))}`, `${r1(frame.sx(edges[b + 1]!))},${r1(frame.sy(v))}`);
    });
    pts.push(`${r1(frame.sx(edges[edges.length - 1]!))},${r1(frame.sy(0))}`);
    const color = colorOf(s, i);
    out.push(`<polygon points="${pts.join(' ')}" fill="${color}" fill-opacity="0.12" stroke="${color}" stroke-width="1.8"/>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly color?: string;
  readonly dashed?: boolean;
}

export interface LineChartSpec {
  readonly title?: string;
  readonly series: readonly LineSeries[];
  /** Labelled dots, e.g. the operating point of a threshold. */
  readonly markers?: readonly { readonly x: number; readonly y: number; readonly label: string; readonly color?: string }[];
  /** Shaded x ranges behind the lines, e.g. the article lines of a page. */
  readonly bands?: readonly { readonly from: number; readonly to: number; readonly color?: string }[];
  /** Dashed vertical lines. */
  readonly rules?: readonly { readonly x: number; readonly label: string; readonly color?: string }[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly xDomain?: readonly [number, number];
  readonly yDomain?: readonly [number, number];
  /** Log-scaled x axis (x values must be > 0). */
  readonly logX?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 640, height = spec.height ?? 320;
  const xs = spec.series.flatMap((s) => s.points.map((p) => p[0])).filter(Number.isFinite);
  const ys = spec.series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const xDomain = spec.xDomain ?? (spec.logX && xs.length
    ? [10 ** Math.floor(Math.log10(Math.min(...xs))), 10 ** Math.ceil(Math.log10(Math.max(...xs)))] as const
    : niceDomain(xs.length ? Math.min(...xs) : 0, xs.length ? Math.max(...xs) : 1));
  const yDomain = spec.yDomain ?? niceDomain(ys.length ? Math.min(0, ...ys) : 0, ys.length ? Math.max(...ys) : 1);
  const frame = axes({
    width, height, title: spec.title, xDomain, yDomain, xLabel: spec.xLabel, yLabel: spec.yLabel, logX: spec.logX,
    legend: spec.series.length > 1 ? spec.series.map((s, i) => ({ name: s.name, color: s.color ?? PALETTE[i % PALETTE.length]! })) : [],
  });
  const out = [frame.open];
  for (const b of spec.bands ?? []) {
    const a = frame.sx(b.from), c = frame.sx(b.to);
    out.push(`<rect x="${r1(a)}" y="${r1(frame.sy(yDomain[1]))}" width="${r1(Math.max(0.5, c - a))}" height="${r1(frame.sy(yDomain[0]) - frame.sy(yDomain[1]))}" fill="${b.color ?? LABEL_COLORS.article}" fill-opacity="0.16"/>`);
  }
  for (const r of spec.rules ?? []) {
    const x = r1(frame.sx(r.x));
    out.push(`<line x1="${x}" y1="${r1(frame.sy(yDomain[0]))}" x2="${x}" y2="${r1(frame.sy(yDomain[1]))}" stroke="${r.color ?? '#555'}" stroke-dasharray="4 3"/>`);
    out.push(text(frame.sx(r.x) + 3, frame.sy(yDomain[1]) + 10, r.label, { size: 10, color: r.color ?? '#555' }));
  }
  spec.series.forEach((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => `${r1(frame.sx(p[0]))},${r1(frame.sy(p[1]))}`);
    if (pts.length === 0) return;
    const color = s.color ?? PALETTE[i % PALETTE.length]!;
    out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${esc(s.name)}</title></polyline>`);
  });
  for (const m of spec.markers ?? []) {
    const x = frame.sx(m.x), y = frame.sy(m.y);
    out.push(`<circle cx="${r1(x)}" cy="${r1(y)}" r="4" fill="${m.color ?? '#000'}"/>`);
    out.push(text(x + 6, y - 6, m.label, { size: 10, color: m.color ?? '#000' }));
  }
  out.push('</svg>');
  return out.join('\n');
}

// ---- shared pieces -------------------------------------------------------

interface Frame {
  readonly open: string;
  readonly sx: (v: number) => number;
  readonly sy: (v: number) => number;
}

function axes(o: {
  width: number; height: number; title?: string; xDomain: readonly [number, number]; yDomain: readonly [number, number];
  logX?: boolean; xLabel?: string; yLabel?: string; yFormat?: (v: number) => string; legend: { name: string; color: string }[];
}): Frame {
  const top = (o.title ? TITLE_H : 10) + (o.legend.length > 0 ? 18 : 0);
  const left = 56, right = 16, bottom = 42;
  const x0 = left, x1 = o.width - right, y0 = o.height - bottom, y1 = top;
  const [xa, xb] = o.xDomain, [ya, yb] = o.yDomain;
  const sx = o.logX ? logScale(xa, xb, x0, x1) : linear(xa, xb, x0, x1);
  const sy = linear(ya, yb, y0, y1);
  const parts = [header(o.width, o.height), title(o.title, o.width), legendRow(o.legend, left, top - 12)];
  const yf = o.yFormat ?? shortNumber;
  for (const t of niceTicks(ya, yb, 5)) {
    parts.push(`<line x1="${x0}" y1="${r1(sy(t))}" x2="${x1}" y2="${r1(sy(t))}" stroke="#e3e3e3"/>`);
    parts.push(text(x0 - 5, sy(t) + 3, yf(t), { anchor: 'end', size: 10, color: '#555' }));
  }
  const xt = o.logX ? logTicks(xa, xb) : niceTicks(xa, xb, 6);
  for (const t of xt) {
    parts.push(`<line x1="${r1(sx(t))}" y1="${y0}" x2="${r1(sx(t))}" y2="${y0 + 4}" stroke="#888"/>`);
    parts.push(text(sx(t), y0 + 15, shortNumber(t), { anchor: 'middle', size: 10, color: '#555' }));
  }
  parts.push(`<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="#888"/><line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="#888"/>`);
  if (o.xLabel) parts.push(text((x0 + x1) / 2, o.height - 8, o.xLabel, { anchor: 'middle', size: 11 }));
  if (o.yLabel) parts.push(`<text ${FONT} font-size="11" text-anchor="middle" transform="translate(13 ${r1((y0 + y1) / 2)}) rotate(-90)">${esc(o.yLabel)}</text>`);
  return { open: parts.join('\n'), sx, sy };
}

function header(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${r1(height)}" viewBox="0 0 ${width} ${r1(height)}">\n<rect width="100%" height="100%" fill="#fff"/>`;
}

function title(t: string | undefined, width: number): string {
  return t ? text(width / 2, 18, t, { anchor: 'middle', size: 13, weight: 'bold' }) : '';
}

function legendRow(items: readonly { name: string; color: string }[], x: number, y: number): string {
  let at = x;
  return items.map((it) => {
    const s = `<rect x="${r1(at)}" y="${r1(y - 8)}" width="10" height="10" fill="${it.color}"/>` + text(at + 14, y + 1, it.name, { size: 11 });
    at += 24 + it.name.length * CHAR_W;
    return s;
  }).join('');
}

function rect(x: number, y: number, w: number, h: number, fill: string, tip: string): string {
  return `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(Math.max(0, w))}" height="${r1(h)}" fill="${fill}"><title>${esc(tip)}</title></rect>`;
}

function text(x: number, y: number, s: string, o: { anchor?: 'start' | 'middle' | 'end'; size?: number; color?: string; weight?: string } = {}): string {
  return `<text ${FONT} x="${r1(x)}" y="${r1(y)}" font-size="${o.size ?? 11}"${o.anchor && o.anchor !== 'start' ? ` text-anchor="${o.anchor}"` : ''}${o.color ? ` fill="${o.color}"` : ''}${o.weight ? ` font-weight="${o.weight}"` : ''}>${esc(s)}</text>`;
}

/** Escape text for SVG/XML, dropping characters XML 1.0 forbids. */
export function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function truncate(s: string, n: number): string {
  const cps = [...s];
  return cps.length <= n ? s : cps.slice(0, n - 1).join('') + '…';
}

/** A short label for a number: 12, 0.35, 1.2k, 3.4M. */
export function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  if (a >= 100 || Number.isInteger(v)) return String(Math.round(v));
  if (a >= 1) return trim(v);
  if (a === 0) return '0';
  return String(Number(v.toPrecision(2)));
}

function trim(v: number): string {
  return String(Number(v.toFixed(1)));
}

/** A domain rounded out to nice numbers; never empty. */
export function niceDomain(lo: number, hi: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-12) return lo === 0 ? [0, 1] : [Math.min(0, lo), Math.max(0, hi) || 1];
  const step = niceStep((hi - lo) / 8);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** About `count` round-numbered ticks within [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const step = niceStep((hi - lo) / count);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 3]) {
      const t = m * 10 ** e;
      if (t >= lo * 0.999 && t <= hi * 1.001) out.push(t);
    }
  }
  return out;
}

function linear(a: number, b: number, p: number, q: number): (v: number) => number {
  const k = b === a ? 0 : (q - p) / (b - a);
  return (v) => p + (v - a) * k;
}

function logScale(a: number, b: number, p: number, q: number): (v: number) => number {
  const la = Math.log10(a), lb = Math.log10(b);
  return (v) => p + ((Math.log10(Math.max(v, a)) - la) * (q - p)) / (lb - la || 1);
}

function colorOf(s: Series | LineSeries, i: number): string {
  return s.color ?? PALETTE[i % PALETTE.length]!;
}

function upperBound(a: readonly number[], v: number): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (a[m]! <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function finite(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v : 0;
}

function sum(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

function r1(v: number): number {
  return Math.round(v * 10) / 10;
}
