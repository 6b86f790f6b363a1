/**
 * The UI's state and everything that changes it: routing, the pages list,
 * each open page with its labels, cursor, undo and redo, saving, and the
 * training worker. Views read `store.state` and call commands; every change
 * calls the listeners, and Preact redraws.
 */
import { api, ApiError } from './api';
import { DEFAULT_MARK } from './confidence';
import {
  acceptGuesses, advance, apply, firstText, lastText, leastSureRun, nextLow, PAGE_STEP, progress, range, setLabels, step,
  type Caret, type Change, type Label, type PageLines,
} from './lines';
import type {
  DatasetResponse, ModelFilesJson, ModelInfo, PageResponse, PageSummary, PagesResponse, SaveModelRequest, SaveModelResponse,
  SaveRequest, SaveResponse,
} from './protocol';
import { base64ToBytes, bytesToBase64 } from './protocol';
import type { FromWorker, ModelFilesMessage, ScorePage, TrainSummary } from '../worker/messages';

export type Route = { readonly view: 'list' } | { readonly view: 'page'; readonly id: string };
export type SortKey = 'uncertain' | 'name' | 'progress' | 'changed';

interface Edit {
  readonly changes: readonly Change[];
  readonly before: Caret;
  readonly after: Caret;
}

export interface SaveState {
  readonly inFlight: boolean;
  /** Changes made while a save was in flight, not sent yet. */
  readonly dirty: boolean;
  readonly error: string | null;
  /** The label file changed under us: edits stop until the page is reloaded. */
  readonly conflict: boolean;
  readonly savedAt: string | null;
}

export interface OpenPage {
  readonly data: PageResponse;
  readonly labels: readonly Label[];
  readonly version: string;
  readonly caret: Caret;
  readonly undo: readonly Edit[];
  readonly redo: readonly Edit[];
  readonly save: SaveState;
}

export interface TrainState {
  readonly status: 'idle' | 'loading' | 'training' | 'done' | 'error';
  readonly backend: string | null;
  readonly epoch: number;
  readonly maxEpochs: number;
  readonly step: number;
  readonly steps: number;
  readonly history: readonly { epoch: number; trainLoss: number; validationF1: number | null }[];
  readonly summary: TrainSummary | null;
  readonly error: string | null;
  readonly savedAs: string | null;
  readonly saving: boolean;
}

/** A model trained in this tab: its files and its scores for every page. */
interface BrowserModel {
  readonly name: string;
  readonly threshold: number;
  readonly scores: Record<string, number[]>;
  readonly files: ModelFilesMessage;
}

export interface State {
  readonly route: Route;
  readonly list: PagesResponse | null;
  readonly listError: string | null;
  readonly listCursor: number;
  readonly filter: string;
  readonly sort: SortKey;
  readonly mark: number;
  readonly pages: ReadonlyMap<string, OpenPage>;
  readonly pageError: string | null;
  readonly help: boolean;
  readonly flash: string | null;
  readonly train: TrainState;
  readonly trainEpochs: number;
  readonly modelName: string;
  readonly browserModel: BrowserModel | null;
}

const IDLE_TRAIN: TrainState = {
  status: 'idle', backend: null, epoch: 0, maxEpochs: 0, step: 0, steps: 0, history: [], summary: null, error: null, savedAs: null, saving: false,
};

const SAVED: SaveState = { inFlight: false, dirty: false, error: null, conflict: false, savedAt: null };

export const CONFLICT_MESSAGE = 'This page was changed in another tab or by another program, so your last change was not saved. Reload to see the latest labels.';

export class Store {
  state: State;
  private listeners = new Set<() => void>();
  private worker: Worker | null = null;
  private jobs = new Map<number, (m: FromWorker) => void>();
  private nextJob = 1;
  private flashTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(route: Route) {
    this.state = {
      route, list: null, listError: null, listCursor: 0, filter: '', sort: 'uncertain', mark: storedMark(), pages: new Map(),
      pageError: null, help: false, flash: null, train: IDLE_TRAIN, trainEpochs: 40, modelName: defaultModelName(), browserModel: null,
    };
  }

  subscribe(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  private set(patch: Partial<State>): void {
    this.state = { ...this.state, ...patch };
    for (const f of this.listeners) f();
  }

  private setPage(id: string, f: (p: OpenPage) => OpenPage): void {
    const p = this.state.pages.get(id);
    if (!p) return;
    const pages = new Map(this.state.pages);
    pages.set(id, f(p));
    this.set({ pages });
  }

  flash(message: string): void {
    clearTimeout(this.flashTimer);
    this.set({ flash: message });
    this.flashTimer = setTimeout(() => this.set({ flash: null }), 4000);
  }

  // ---- routing and loading ----

  go(route: Route): void {
    const hash = route.view === 'list' ? '#/' : `#/page/${encodeURIComponent(route.id)}`;
    if (location.hash !== hash) location.hash = hash;
    else this.navigate(route);
  }

  /** Follow a route (called on hash changes). */
  navigate(route: Route): void {
    this.set({ route, pageError: null });
    if (route.view === 'list') void this.loadList();
    else void this.loadPage(route.id);
  }

  async loadList(): Promise<void> {
    try {
      const list = await api<PagesResponse>('GET', `/api/pages?mark=${this.state.mark}`);
      this.set({ list, listError: null, listCursor: Math.min(this.state.listCursor, Math.max(0, list.pages.length - 1)) });
    } catch (e) {
      this.set({ listError: (e as Error).message });
    }
  }

  async loadPage(id: string): Promise<void> {
    const old = this.state.pages.get(id);
    if (old && (old.save.inFlight || old.save.dirty || old.save.conflict)) return;
    let data: PageResponse;
    try {
      data = await api<PageResponse>('GET', `/api/pages/${encodeURIComponent(id)}`);
    } catch (e) {
      this.set({ pageError: (e as Error).message });
      return;
    }
    const pages = new Map(this.state.pages);
    const keep = old && old.version === data.version && old.data.lines.length === data.lines.length;
    const view: PageLines = { lines: data.lines, labels: data.labels, scores: data.scores, threshold: data.threshold };
    const start = data.labels.some((l, i) => l === null && data.lines[i]!.length > 0) ? advance(view, data.lines.length - 1) : firstText(view);
    pages.set(id, {
      data, labels: data.labels, version: data.version,
      caret: keep ? old.caret : { cursor: start, anchor: start },
      undo: keep ? old.undo : [], redo: keep ? old.redo : [],
      save: SAVED,
    });
    this.set({ pages });
  }

  /** The page as the commands see it, with the newest guesses (a model trained in this tab wins). */
  view(p: OpenPage): PageLines {
    const b = this.state.browserModel;
    const s = b?.scores[p.data.id];
    if (b && s && s.length === p.data.lines.length) {
      return { lines: p.data.lines, labels: p.labels, scores: s.map((x, i) => (p.data.lines[i]!.length ? x : null)), threshold: b.threshold };
    }
    return { lines: p.data.lines, labels: p.labels, scores: p.data.scores, threshold: p.data.threshold };
  }

  currentPage(): OpenPage | null {
    const r = this.state.route;
    return r.view === 'page' ? this.state.pages.get(r.id) ?? null : null;
  }

  // ---- settings ----

  setMark(mark: number): void {
    const m = Math.min(1, Math.max(0.5, mark));
    try {
      localStorage.setItem('chaff.mark', String(m));
    } catch {
      // storage may be off; the mark then lasts for the session
    }
    this.set({ mark: m });
    if (this.state.route.view === 'list') void this.loadList();
  }

  setFilter(filter: string): void {
    this.set({ filter, listCursor: 0 });
  }

  setSort(sort: SortKey): void {
    this.set({ sort, listCursor: 0 });
  }

  setTrainEpochs(n: number): void {
    if (Number.isFinite(n) && n >= 1) this.set({ trainEpochs: Math.min(500, Math.round(n)) });
  }

  setModelName(name: string): void {
    this.set({ modelName: name });
  }

  toggleHelp(open?: boolean): void {
    this.set({ help: open ?? !this.state.help });
  }

  // ---- the pages list ----

  /** The list as shown: filtered and sorted. */
  visiblePages(): PageSummary[] {
    const list = this.state.list?.pages ?? [];
    const f = this.state.filter.trim().toLowerCase();
    const shown = f ? list.filter((p) => p.id.toLowerCase().includes(f) || p.lang.toLowerCase() === f) : [...list];
    const share = (p: PageSummary) => (p.total ? p.labelled / p.total : 1);
    const done = (p: PageSummary) => (p.labelled >= p.total ? 1 : 0);
    const by: Record<SortKey, (a: PageSummary, b: PageSummary) => number> = {
      name: (a, b) => a.id.localeCompare(b.id),
      progress: (a, b) => share(a) - share(b) || a.id.localeCompare(b.id),
      changed: (a, b) => (b.modified ?? '').localeCompare(a.modified ?? '') || a.id.localeCompare(b.id),
      uncertain: (a, b) => done(a) - done(b) || b.uncertain - a.uncertain || b.doubt - a.doubt || a.id.localeCompare(b.id),
    };
    return shown.sort(by[this.state.sort]);
  }

  // ---- commands (the keymap names them) ----

  run(command: string): boolean {
    const s = this.state;
    switch (command) {
      case 'help': this.toggleHelp(); return true;
      case 'train': void this.trainModel(); return true;
      case 'back': this.go({ view: 'list' }); return true;
      case 'next': void this.next(); return true;
    }
    if (s.route.view === 'list') return this.runList(command);
    return this.runPage(command);
  }

  private runList(command: string): boolean {
    const shown = this.visiblePages();
    const at = this.state.listCursor;
    switch (command) {
      case 'listDown': this.set({ listCursor: Math.min(shown.length - 1, at + 1) }); return true;
      case 'listUp': this.set({ listCursor: Math.max(0, at - 1) }); return true;
      case 'open': {
        const p = shown[at];
        if (p) this.go({ view: 'page', id: p.id });
        return true;
      }
      case 'filter': document.getElementById('filter')?.focus(); return true;
    }
    return false;
  }

  private runPage(command: string): boolean {
    const p = this.currentPage();
    if (!p) return false;
    const id = p.data.id;
    const v = this.view(p);
    const { cursor, anchor } = p.caret;
    const move = (to: number, extend = false) => this.setPage(id, (q) => ({ ...q, caret: { cursor: to, anchor: extend ? anchor : to } }));
    const [from, to] = range(p.caret);
    switch (command) {
      case 'down': move(step(v, cursor, 1)); return true;
      case 'up': move(step(v, cursor, -1)); return true;
      case 'pageDown': move(step(v, cursor, 1, PAGE_STEP)); return true;
      case 'pageUp': move(step(v, cursor, -1, PAGE_STEP)); return true;
      case 'top': move(firstText(v)); return true;
      case 'bottom': move(lastText(v)); return true;
      case 'nextLow': move(nextLow(v, cursor, this.state.mark, 1)); return true;
      case 'prevLow': move(nextLow(v, cursor, this.state.mark, -1)); return true;
      case 'extendDown': move(step(v, cursor, 1), true); return true;
      case 'extendUp': move(step(v, cursor, -1), true); return true;
      case 'collapse':
        if (this.state.help) this.toggleHelp(false);
        else move(cursor);
        return true;
      case 'article':
      case 'noise':
        return this.edit(id, setLabels(v, from, to, command), 'advance', to);
      case 'clear':
        return this.edit(id, setLabels(v, from, to, null), 'stay', to);
      case 'acceptLine':
        return this.edit(id, acceptGuesses(v, from, to, false), 'advance', to);
      case 'acceptAll': {
        const changes = acceptGuesses(v, 0, v.lines.length - 1, true);
        if (changes.length === 0) this.flash(v.scores.some((x) => x !== null) ? 'Every line already has a label.' : 'No model guesses for this page.');
        return this.edit(id, changes, 'stay', cursor);
      }
      case 'undo': return this.undoRedo(id, 'undo');
      case 'redo': return this.undoRedo(id, 'redo');
    }
    return false;
  }

  /** Apply an edit: record it for undo, move the cursor, save. */
  private edit(id: string, changes: readonly Change[], then: 'advance' | 'stay', end: number): boolean {
    const p = this.state.pages.get(id)!;
    if (!this.editable(p)) return true;
    if (changes.length === 0) {
      if (then === 'advance') {
        const next = advance(this.view(p), end);
        this.setPage(id, (q) => ({ ...q, caret: { cursor: next, anchor: next } }));
      }
      return true;
    }
    const labels = apply(p.labels, changes, 'do');
    const next = then === 'advance' ? advance({ ...this.view(p), labels }, end) : p.caret.cursor;
    const after: Caret = then === 'advance' ? { cursor: next, anchor: next } : p.caret;
    this.setPage(id, (q) => ({ ...q, labels, caret: after, undo: [...q.undo, { changes, before: q.caret, after }], redo: [] }));
    void this.save(id);
    return true;
  }

  private undoRedo(id: string, which: 'undo' | 'redo'): boolean {
    const p = this.state.pages.get(id)!;
    if (!this.editable(p)) return true;
    const stack = which === 'undo' ? p.undo : p.redo;
    const e = stack[stack.length - 1];
    if (!e) {
      this.flash(which === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.');
      return true;
    }
    const labels = apply(p.labels, e.changes, which === 'undo' ? 'undo' : 'do');
    this.setPage(id, (q) => ({
      ...q, labels,
      caret: which === 'undo' ? e.before : e.after,
      undo: which === 'undo' ? q.undo.slice(0, -1) : [...q.undo, e],
      redo: which === 'undo' ? [...q.redo, e] : q.redo.slice(0, -1),
    }));
    void this.save(id);
    return true;
  }

  private editable(p: OpenPage): boolean {
    if (p.data.error) {
      this.flash('This page cannot be labelled until its label file is fixed (see above).');
      return false;
    }
    if (p.save.conflict) {
      this.flash(CONFLICT_MESSAGE);
      return false;
    }
    return true;
  }

  /** Click: move the cursor; shift-click: select from the anchor to the line. */
  click(line: number, shift: boolean): void {
    const p = this.currentPage();
    if (!p || p.data.lines[line]?.length === 0) return;
    this.setPage(p.data.id, (q) => ({ ...q, caret: { cursor: line, anchor: shift ? q.caret.anchor : line } }));
  }

  /** "Next": the least sure run of this page, else the page the model is least sure of. */
  async next(): Promise<void> {
    const p = this.currentPage();
    if (p) {
      const run = leastSureRun(this.view(p), this.state.mark);
      if (run) {
        this.setPage(p.data.id, (q) => ({ ...q, caret: { cursor: run[0], anchor: run[1] } }));
        return;
      }
    }
    await this.loadList();
    const here = p?.data.id;
    const candidates = (this.state.list?.pages ?? []).filter((x) => x.id !== here && !x.error && x.labelled < x.total);
    candidates.sort((a, b) => b.uncertain - a.uncertain || b.doubt - a.doubt || a.id.localeCompare(b.id));
    const target = candidates[0];
    if (!target) {
      this.flash('Every page is fully labelled.');
      return;
    }
    this.go({ view: 'page', id: target.id });
    await this.loadPage(target.id);
    const q = this.state.pages.get(target.id);
    const run = q && leastSureRun(this.view(q), this.state.mark);
    if (q && run) this.setPage(target.id, (x) => ({ ...x, caret: { cursor: run[0], anchor: run[1] } }));
  }

  // ---- saving ----

  /** Send the page's labels; one request in flight per page, the newest state wins. */
  async save(id: string): Promise<void> {
    const p = this.state.pages.get(id);
    if (!p || p.save.conflict) return;
    if (p.save.inFlight) {
      this.setPage(id, (q) => ({ ...q, save: { ...q.save, dirty: true } }));
      return;
    }
    const sent = p.labels;
    this.setPage(id, (q) => ({ ...q, save: { ...q.save, inFlight: true, dirty: false } }));
    try {
      const body: SaveRequest = { version: p.version, labels: sent };
      const r = await api<SaveResponse>('PUT', `/api/pages/${encodeURIComponent(id)}/labels`, body);
      this.setPage(id, (q) => ({ ...q, version: r.version, save: { ...q.save, inFlight: false, error: null, savedAt: r.modified } }));
      this.updateSummary(id, { labelled: r.labelled, total: r.total, modified: r.modified });
    } catch (e) {
      const conflict = e instanceof ApiError && e.conflict;
      this.setPage(id, (q) => ({ ...q, save: { ...q.save, inFlight: false, conflict, error: conflict ? CONFLICT_MESSAGE : (e as Error).message } }));
      return;
    }
    const q = this.state.pages.get(id)!;
    if (q.save.dirty || q.labels !== sent) await this.save(id);
  }

  /** Retry a failed (not conflicting) save. */
  retrySave(): void {
    const p = this.currentPage();
    if (p && !p.save.conflict) void this.save(p.data.id);
  }

  /** Drop this tab's copy of the page and read it again from the server. */
  async reloadPage(): Promise<void> {
    const p = this.currentPage();
    if (!p) return;
    const pages = new Map(this.state.pages);
    pages.delete(p.data.id);
    this.set({ pages });
    await this.loadPage(p.data.id);
  }

  pendingSaves(): boolean {
    for (const p of this.state.pages.values()) if (p.save.inFlight || p.save.dirty) return true;
    return false;
  }

  private updateSummary(id: string, patch: Partial<PageSummary>): void {
    const list = this.state.list;
    if (!list) return;
    this.set({ list: { ...list, pages: list.pages.map((x) => (x.id === id ? { ...x, ...patch } : x)) } });
  }

  // ---- the model: training in a Web Worker ----

  private getWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker('/worker.js');
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.type === 'ready') {
        this.set({ train: { ...this.state.train, backend: m.backend } });
        return;
      }
      this.jobs.get(m.job)?.(m);
    };
    w.onerror = (e) => {
      e.preventDefault();
      for (const [, f] of this.jobs) f({ type: 'error', job: 0, message: e.message || 'the training worker failed to start' });
    };
    this.worker = w;
    return w;
  }

  /** Run one job in the worker; `onMessage` sees its progress, the promise its last message. */
  private job(message: Record<string, unknown>, onMessage?: (m: FromWorker) => void, transfer: Transferable[] = []): Promise<FromWorker> {
    const job = this.nextJob++;
    return new Promise((resolve, reject) => {
      this.jobs.set(job, (m) => {
        if (m.type === 'progress' || m.type === 'epoch') {
          onMessage?.(m);
          return;
        }
        this.jobs.delete(job);
        if (m.type === 'error') reject(new Error(m.message));
        else resolve(m);
      });
      this.getWorker().postMessage({ ...message, job }, transfer);
    });
  }

  async trainModel(): Promise<void> {
    const t = this.state.train;
    if (t.status === 'loading' || t.status === 'training') {
      this.flash('Training is already running.');
      return;
    }
    this.set({ train: { ...IDLE_TRAIN, backend: t.backend, status: 'loading', maxEpochs: this.state.trainEpochs } });
    try {
      const { pages } = await api<DatasetResponse>('GET', '/api/dataset');
      if (!pages.some((p) => p.labels.some((l) => l !== null))) throw new Error('no labelled lines yet: label some lines first');
      this.set({ train: { ...this.state.train, status: 'training' } });
      const settings = { name: this.state.modelName || 'browser', maxEpochs: this.state.trainEpochs, patience: 6, seed: 1 };
      const m = await this.job({ type: 'train', pages, settings }, (msg) => {
        const tr = this.state.train;
        if (msg.type === 'progress') this.set({ train: { ...tr, epoch: msg.epoch, maxEpochs: msg.maxEpochs, step: msg.step, steps: msg.steps } });
        if (msg.type === 'epoch') this.set({ train: { ...tr, history: [...tr.history, { epoch: msg.epoch, trainLoss: msg.trainLoss, validationF1: msg.validationF1 }] } });
      });
      if (m.type !== 'trained') throw new Error('the worker answered out of turn');
      this.set({
        browserModel: { name: settings.name, threshold: m.summary.threshold, scores: m.scores, files: m.files },
        train: { ...this.state.train, status: 'done', summary: m.summary },
      });
      await this.adoptModel(m.files);
    } catch (e) {
      this.set({ train: { ...this.state.train, status: 'error', error: (e as Error).message } });
    }
  }

  stopTraining(): void {
    this.worker?.postMessage({ type: 'stop' });
  }

  /** Let the server guess with the new model too (pages list, reloads), without saving it. */
  private async adoptModel(files: ModelFilesMessage): Promise<void> {
    try {
      await api<{ model: ModelInfo }>('POST', '/api/model', filesJson(files));
    } catch (e) {
      this.flash(`The server kept its model: ${(e as Error).message}`);
    }
    if (this.state.route.view === 'list') await this.loadList();
  }

  async saveModel(overwrite = false): Promise<void> {
    const b = this.state.browserModel;
    const name = this.state.modelName.trim();
    if (!b) return;
    this.set({ train: { ...this.state.train, saving: true, error: null } });
    try {
      const body: SaveModelRequest = { ...filesJson(b.files), overwrite };
      const r = await api<SaveModelResponse>('POST', `/api/models/${encodeURIComponent(name)}`, body);
      this.set({ train: { ...this.state.train, saving: false, savedAs: r.dir } });
      this.flash(`Saved the model to ${r.dir}.`);
    } catch (e) {
      this.set({ train: { ...this.state.train, saving: false } });
      if (e instanceof ApiError && e.status === 409 && !overwrite && confirm(`${e.message}\nReplace it?`)) return this.saveModel(true);
      this.set({ train: { ...this.state.train, error: (e as Error).message } });
    }
  }

  // ---- hooks for tests and for checking parity with Node ----

  /** Feature ids, weights and dense values of a page, computed in the worker. */
  async featurize(page: ScorePage): Promise<FromWorker> {
    return this.job({ type: 'featurize', page });
  }

  /** Scores of pages under the server's current model, computed in this browser. */
  async scoreWithServerModel(pages: readonly ScorePage[]): Promise<Record<string, number[]>> {
    const f = await api<ModelFilesJson>('GET', '/api/model/files');
    const weights = base64ToBytes(f.weights).buffer as ArrayBuffer;
    const m = await this.job({ type: 'score', pages, files: { modelJson: f.modelJson, metadataJson: f.metadataJson, weights } }, undefined, [weights]);
    if (m.type !== 'scored') throw new Error('the worker answered out of turn');
    return m.scores;
  }

  progressOf(p: OpenPage): { labelled: number; total: number } {
    return progress({ lines: p.data.lines, labels: p.labels });
  }
}

function filesJson(f: ModelFilesMessage): ModelFilesJson {
  return { modelJson: f.modelJson, metadataJson: f.metadataJson, weights: bytesToBase64(new Uint8Array(f.weights)) };
}

function storedMark(): number {
  try {
    const v = Number(localStorage.getItem('chaff.mark'));
    return v >= 0.5 && v <= 1 ? v : DEFAULT_MARK;
  } catch {
    return DEFAULT_MARK;
  }
}

function defaultModelName(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `browser-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

export function routeFromHash(hash: string): Route {
  const m = /^#\/page\/(.+)$/.exec(hash);
  if (!m) return { view: 'list' };
  try {
    return { view: 'page', id: decodeURIComponent(m[1]!) };
  } catch {
    return { view: 'list' };
  }
}
