/**
 * The UI's views: the pages list, the page view, the training panel and the
 * help screen (drawn from the keymap data). State lives in the Store.
 */
import { Component } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { OpenPage, SortKey, Store } from './store';
import { KEYMAP, keysOf, showKey } from './keyboard';
import { guess, isLow, lineConfidence, range, type Label } from './lines';

const pct = (a: number, b: number) => (b === 0 ? 100 : Math.round((100 * a) / b));

function keyHint(command: string): string {
  const k = keysOf(KEYMAP, command)[0];
  return k ? ` (${showKey(k)})` : '';
}

export function App({ store }: { store: Store }) {
  const s = store.state;
  return (
    <div class="app">
      <header class="top">
        <a class="brand" href="#/">chaff label</a>
        <nav>
          <a href="#/" aria-current={s.route.view === 'list' ? 'page' : undefined}>Pages</a>
          <button type="button" class="link" onClick={() => store.toggleHelp()}>Keys (?)</button>
        </nav>
        <TrainPanel store={store} />
      </header>
      {s.flash && <div class="flash" role="status">{s.flash}</div>}
      <main>{s.route.view === 'list' ? <ListView store={store} /> : <PageView store={store} id={s.route.id} />}</main>
      {s.help && <Help store={store} />}
    </div>
  );
}

// ---------------------------------------------------------------- pages list

function ListView({ store }: { store: Store }) {
  const s = store.state;
  if (s.listError) return <p class="error" role="alert">{s.listError}</p>;
  if (!s.list) return <p class="muted">Loading pages…</p>;
  const all = s.list.pages;
  const shown = store.visiblePages();
  const lines = all.reduce((n, p) => n + p.total, 0);
  const labelled = all.reduce((n, p) => n + p.labelled, 0);
  const done = all.filter((p) => p.total > 0 && p.labelled >= p.total).length;
  const sorts: [SortKey, string][] = [['uncertain', 'most uncertain first'], ['name', 'name'], ['progress', 'least labelled first'], ['changed', 'last changed']];
  return (
    <section class="list" aria-label="Pages">
      <div class="overall">
        <strong>{labelled}</strong> of <strong>{lines}</strong> lines labelled ({pct(labelled, lines)}%) · <strong>{done}</strong> of {all.length} pages done
        <progress max={lines || 1} value={labelled} aria-label="overall progress" />
        <span class="muted"> · guesses from model <code>{s.list.model.name}</code>{s.list.model.origin === 'browser' ? ' (trained in the browser)' : ''}</span>
      </div>
      <div class="controls">
        <label>Filter <input id="filter" type="search" placeholder="page id or language (/)" value={s.filter}
          onInput={(e) => store.setFilter((e.target as HTMLInputElement).value)} /></label>
        <label>Sort <select id="sort" value={s.sort} onChange={(e) => store.setSort((e.target as HTMLSelectElement).value as SortKey)}>
          {sorts.map(([k, label]) => <option value={k}>{label}</option>)}
        </select></label>
        <MarkControl store={store} />
      </div>
      {s.list.skipped.length > 0 && (
        <details class="skipped"><summary>{s.list.skipped.length} file(s) not served</summary>
          <ul>{s.list.skipped.map((x) => <li><code>{x.file}</code>: {x.reason}</li>)}</ul>
        </details>
      )}
      <table class="pages">
        <thead><tr><th>page</th><th>lang</th><th title="non-blank lines labelled, of all non-blank lines">labelled</th><th title="unlabelled lines whose guess is less sure than the mark">unsure</th><th title="when the label file last changed">last changed</th></tr></thead>
        <tbody>
          {shown.map((p, i) => (
            <tr key={p.id} class={`${i === s.listCursor ? 'cursor' : ''} ${p.error ? 'broken' : ''}`} aria-selected={i === s.listCursor}
              data-page={p.id} onClick={() => store.go({ view: 'page', id: p.id })}>
              <td><a href={`#/page/${encodeURIComponent(p.id)}`}>{p.id}</a>{p.error && <span class="badge bad" title={p.error}> label file broken</span>}</td>
              <td>{p.lang}</td>
              <td class="num"><span class="count">{p.labelled}/{p.total}</span> <progress max={p.total || 1} value={p.labelled} aria-label={`${p.id} progress`} /></td>
              <td class="num">{p.labelled >= p.total ? '–' : p.uncertain}</td>
              <td title={p.modified ?? ''}>{p.modified ? ago(p.modified) : 'never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p class="muted">No page matches the filter.</p>}
    </section>
  );
}

function ago(iso: string): string {
  const s = (Date.now() - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s)) return iso;
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toISOString().slice(0, 10);
}

function MarkControl({ store }: { store: Store }) {
  const mark = store.state.mark;
  return (
    <label class="mark" title="Guesses less sure than this are marked unsure">
      Unsure below <input id="mark" type="range" min="0.5" max="1" step="0.01" value={mark}
        onInput={(e) => store.setMark(Number((e.target as HTMLInputElement).value))} />
      <output for="mark">{mark.toFixed(2)}</output>
    </label>
  );
}

// ---------------------------------------------------------------- page view

function PageView({ store, id }: { store: Store; id: string }) {
  const s = store.state;
  const p = s.pages.get(id);
  if (s.pageError) return <p class="error" role="alert">{s.pageError}</p>;
  if (!p) return <p class="muted">Loading {id}…</p>;
  const v = store.view(p);
  const { labelled, total } = store.progressOf(p);
  const [from, to] = range(p.caret);
  const hasGuesses = v.scores.some((x) => x !== null);
  return (
    <section class="page" aria-label={`Page ${id}`}>
      <div class="pagebar">
        <h1>{id}</h1>
        <span class="badge">{p.data.lang}</span>
        <span class="progress-text"><strong>{labelled}</strong>/{total} lines labelled</span>
        <progress max={total || 1} value={labelled} aria-label="page progress" />
        <SaveStatus page={p} store={store} />
        <span class="grow" />
        <MarkControl store={store} />
      </div>
      <div class="toolbar" role="toolbar" aria-label="Label the selected lines">
        <Cmd store={store} command="article" label="Article" />
        <Cmd store={store} command="noise" label="Noise" />
        <Cmd store={store} command="clear" label="Clear" />
        <Cmd store={store} command="acceptAll" label="Accept all guesses" disabled={!hasGuesses} />
        <Cmd store={store} command="undo" label="Undo" disabled={p.undo.length === 0} />
        <Cmd store={store} command="redo" label="Redo" disabled={p.redo.length === 0} />
        <Cmd store={store} command="next" label="Next" />
        <span class="muted sel">{to > from ? `${countText(v.lines, from, to)} lines selected` : `line ${p.caret.cursor + 1}`}</span>
      </div>
      {p.data.error && (
        <div class="banner bad" role="alert" id="page-error">
          <strong>This page cannot be labelled here:</strong> {p.data.error} Fix or move the label file, then reload; chaff label never overwrites it.
        </div>
      )}
      {p.save.conflict && (
        <div class="banner bad" role="alert" id="conflict">
          <strong>Conflict.</strong> {p.save.error} <button type="button" onClick={() => void store.reloadPage()}>Reload this page</button>
        </div>
      )}
      {!p.save.conflict && p.save.error && (
        <div class="banner warn" role="alert">
          <strong>Not saved:</strong> {p.save.error} <button type="button" onClick={() => store.retrySave()}>Retry</button>
        </div>
      )}
      <div class="lines" role="grid" aria-label="Lines" aria-multiselectable="true">
        {v.lines.map((text, i) => (
          <LineRow key={i} i={i} text={text} label={v.labels[i] ?? null}
            guess={guess(v, i)} conf={lineConfidence(v, i)} low={isLow(v, i, s.mark)}
            cursor={i === p.caret.cursor} selected={i >= from && i <= to && text.length > 0} store={store} />
        ))}
      </div>
    </section>
  );
}

/** A toolbar button for a keymap command; it never keeps the focus, so keys stay commands. */
function Cmd({ store, command, label, disabled }: { store: Store; command: string; label: string; disabled?: boolean }) {
  return (
    <button type="button" disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={() => store.run(command)}>
      {label}{keyHint(command)}
    </button>
  );
}

function countText(lines: readonly string[], from: number, to: number): number {
  let n = 0;
  for (let i = from; i <= to; i++) if (lines[i]!.length) n++;
  return n;
}

function SaveStatus({ page }: { page: OpenPage; store: Store }) {
  const st = page.save;
  const text = st.conflict ? 'conflict: not saved' : st.error ? 'not saved' : st.inFlight || st.dirty ? 'saving…' : st.savedAt ? 'saved' : page.data.modified ? 'saved' : 'no label file yet';
  return <span class={`save ${st.conflict || st.error ? 'bad' : ''}`} id="save-status" role="status" aria-live="polite" data-state={text}>{text}</span>;
}

interface RowProps {
  i: number;
  text: string;
  label: Label;
  guess: 'article' | 'noise' | null;
  conf: number | null;
  low: boolean;
  cursor: boolean;
  selected: boolean;
  store: Store;
}

/** One line; redrawn only when something it shows changes. */
class LineRow extends Component<RowProps> {
  private el: HTMLDivElement | null = null;

  shouldComponentUpdate(next: RowProps): boolean {
    const p = this.props;
    return next.text !== p.text || next.label !== p.label || next.guess !== p.guess || next.conf !== p.conf || next.low !== p.low
      || next.cursor !== p.cursor || next.selected !== p.selected;
  }

  componentDidUpdate(prev: RowProps): void {
    if (this.props.cursor && !prev.cursor) this.el?.scrollIntoView({ block: 'nearest' });
  }

  componentDidMount(): void {
    if (this.props.cursor) this.el?.scrollIntoView({ block: 'center' });
  }

  render() {
    const { i, text, label, guess: g, conf, low, cursor, selected, store } = this.props;
    if (text.length === 0) return <div class="blank" aria-hidden="true" data-line={i + 1} />;
    const disagree = label !== null && g !== null && label !== g;
    const cls = ['line', label ? `is-${label}` : 'is-none', cursor ? 'cursor' : '', selected ? 'selected' : '', low ? 'low' : ''].join(' ');
    return (
      <div ref={(e) => { this.el = e; }} class={cls} role="row" aria-selected={selected} data-line={i + 1} data-label={label ?? ''}
        onMouseDown={(e) => {
          if (e.shiftKey) e.preventDefault();
          store.click(i, e.shiftKey);
        }}>
        <span class="num" role="rowheader">{cursor ? '▶' : ''}{i + 1}</span>
        <span class={`tag tag-${label ?? 'none'}`} role="gridcell">{label ?? 'unlabelled'}</span>
        <span class="text" role="gridcell">{text}</span>
        {g !== null && conf !== null && (label === null || disagree) && (
          <span class={`guess guess-${g}`} role="gridcell" title="the model's guess and how sure it is">{label === null ? 'guess' : 'model says'} {g} {conf.toFixed(2)}</span>
        )}
        {low && (label === null
          ? <span class="unsure" role="gridcell" title="the model is less sure than the mark">⚑ unsure</span>
          : <span class="unsure faint" role="gridcell" title={`the model was unsure here (${conf?.toFixed(2)})`} aria-label="model unsure">⚑</span>)}
      </div>
    );
  }
}

// ---------------------------------------------------------------- training

function TrainPanel({ store }: { store: Store }) {
  const s = store.state;
  const t = s.train;
  const busy = t.status === 'loading' || t.status === 'training';
  const last = [...t.history].reverse().find((h) => h.validationF1 !== null);
  const stepShare = t.steps ? t.step / t.steps : 0;
  const done = t.status === 'done';
  return (
    <div class="train" id="train">
      <button type="button" id="train-button" onClick={() => void store.trainModel()} disabled={busy}>Train{keyHint('train')}</button>
      <label class="epochs">epochs ≤ <input id="train-epochs" type="number" min="1" max="500" value={s.trainEpochs}
        onChange={(e) => store.setTrainEpochs(Number((e.target as HTMLInputElement).value))} /></label>
      {busy && (
        <>
          <progress id="train-progress" max={1} value={t.maxEpochs ? (Math.max(0, t.epoch - 1) + stepShare) / t.maxEpochs : 0} aria-label="training progress" />
          <span class="muted">{t.status === 'loading' ? 'reading labels…' : `epoch ${t.epoch}/${t.maxEpochs}`}</span>
          <button type="button" onClick={() => store.stopTraining()}>Stop</button>
        </>
      )}
      {(busy || done) && (
        <span id="train-f1" class="f1" title={`validation F1 by epoch: ${t.history.map((h) => (h.validationF1 === null ? '–' : h.validationF1.toFixed(3))).join(', ')}`}>
          validation F1 {last?.validationF1 != null ? last.validationF1.toFixed(3) : '–'}
        </span>
      )}
      {done && t.summary && (
        <span class="trained">
          <span id="train-done">trained {t.summary.epochs} epochs{t.backend ? ` on ${t.backend}` : ''}; guesses updated.</span>
          <label> save as <input id="model-name" value={s.modelName} onInput={(e) => store.setModelName((e.target as HTMLInputElement).value)} /></label>
          <button type="button" id="save-model" disabled={t.saving} onClick={() => void store.saveModel()}>Save model</button>
          {t.savedAs && <span id="model-saved" class="ok">saved to <code>{t.savedAs}</code></span>}
        </span>
      )}
      {t.error && <span class="bad" role="alert" id="train-error">{t.error}</span>}
    </div>
  );
}

// ---------------------------------------------------------------- help

function Help({ store }: { store: Store }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const where: Record<string, string> = { page: 'on a page', list: 'in the pages list', any: 'anywhere' };
  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="help-title" tabIndex={-1} ref={ref} onClick={() => store.toggleHelp(false)}>
      <div class="help" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Keys</h2>
        <p class="muted">Keymap version {KEYMAP.version}. Mouse: click a line, shift-click to select a range. Esc or ? closes this.</p>
        <div class="groups">
          {KEYMAP.groups.map((g) => (
            <table class="keys">
              <caption>{g.name} <span class="muted">({where[g.context]})</span></caption>
              <tbody>
                {g.bindings.map((b) => (
                  <tr data-command={b.command}><th>{b.keys.map((k) => <kbd>{showKey(k)}</kbd>)}</th><td>{b.help}</td></tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      </div>
    </div>
  );
}
