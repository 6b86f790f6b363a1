/**
 * The benchmark's table: every chaff figure next to fastText's, as a ratio,
 * with its target and whether the run met it.
 */
import type { Stat } from './measure';

export interface Target {
  /** chaff / fastText must be at least this (for "higher is better" figures). */
  readonly ratio?: number;
  /** chaff's median must be at most this, in the metric's unit. */
  readonly max?: number;
}

export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly better: 'higher' | 'lower';
  readonly chaff: Stat;
  readonly fasttext: Stat | null;
  readonly baseline?: Stat;
  readonly target?: Target;
  readonly detail?: string;
}

export interface Results {
  readonly generatedAt: string;
  readonly seconds: number;
  readonly smoke: boolean;
  readonly machine: Record<string, unknown>;
  readonly peers: Record<string, unknown>;
  readonly corpus: Record<string, unknown>;
  readonly runs: Record<string, number>;
  readonly metrics: readonly Metric[];
  readonly notes: readonly string[];
}

/** chaff's median over fastText's, or null. */
export function ratioOf(m: Metric): number | null {
  if (!m.fasttext || !(m.fasttext.median > 0) || !Number.isFinite(m.chaff.median)) return null;
  return m.chaff.median / m.fasttext.median;
}

/** Whether chaff met the target (null: no target, or nothing to compare with). */
export function metOf(m: Metric): boolean | null {
  if (!m.target) return null;
  if (m.target.max !== undefined) return Number.isFinite(m.chaff.median) ? m.chaff.median <= m.target.max : null;
  if (m.target.ratio !== undefined) {
    const r = ratioOf(m);
    return r === null ? null : r >= m.target.ratio;
  }
  return null;
}

function num(x: number, unit: string): string {
  if (!Number.isFinite(x)) return '–';
  if (unit === '') return x.toFixed(3);
  if (unit === 's') return x < 10 ? x.toFixed(2) : x.toFixed(1);
  if (unit === 'MB' || unit === 'MB/s') return x < 10 ? x.toFixed(2) : x.toFixed(1);
  if (unit === 'pages/s') return x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en');
  return Math.round(x).toLocaleString('en');
}

function cell(s: Stat | null | undefined, unit: string): string {
  if (!s) return '';
  if (s.runs.length <= 1 || s.min === s.max) return num(s.median, unit);
  return `${num(s.median, unit)} [${num(s.min, unit)}–${num(s.max, unit)}]`;
}

function targetText(m: Metric): string {
  if (!m.target) return '';
  if (m.target.max !== undefined) return `≤ ${m.target.max}${m.unit && m.unit !== '' ? ' ' + m.unit : ''}`;
  if (m.target.ratio !== undefined) return `≥ ${m.target.ratio.toFixed(1)}×`;
  return '';
}

export function formatReport(r: Results): string {
  const head = ['metric', 'chaff median [min–max]', 'fastText', 'keep-all', 'chaff / fastText', 'target', 'met'];
  const rows = r.metrics.map((m) => {
    const ratio = ratioOf(m);
    const met = metOf(m);
    return [m.label, cell(m.chaff, m.unit), cell(m.fasttext, m.unit), cell(m.baseline, m.unit), ratio === null ? '' : `${ratio.toFixed(2)}×`, targetText(m), met === null ? '' : met ? 'yes' : 'NO'];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [
    `chaff vs fastText${r.smoke ? ' (smoke run: tiny corpus, one run each; not a measurement)' : ''}`,
    `corpus: ${describeCorpus(r.corpus)}`,
    `machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), node ${r.machine.node}, load average at the end ${(r.machine.loadAverage as number[]).map((x) => x.toFixed(1)).join(' ')}; peer: ${r.peers.fasttext ?? 'fasttext not installed'}`,
    `runs: ${r.runs.fast} of each fast measure, ${r.runs.train} of each training; medians [min–max]`,
    '',
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    ...r.metrics.filter((m) => m.detail).map((m) => `- ${m.label}: ${m.detail}`),
    ...r.notes.map((n) => `- note: ${n}`),
    '',
  ];
  return out.join('\n');
}

function describeCorpus(c: Record<string, unknown>): string {
  const t = c.train as { pages: number; labelled: number; sites: number };
  const s = c.test as { pages: number; nonBlank: number; labelled: number; sites: number; bytes: number };
  const sources = Object.entries(c.sources as Record<string, number>).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${c.origin}; train ${t.pages} pages / ${t.sites} sites / ${t.labelled} labelled lines; test ${s.pages} pages / ${s.sites} sites / ${s.nonBlank} lines (${s.labelled} labelled, ${(s.bytes / 1e6).toFixed(1)} MB); pages by source: ${sources}`;
}
