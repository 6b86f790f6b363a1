/**
 * Entry point of the labelling UI: mounts the app, follows the URL hash,
 * turns key presses into keymap commands, and warns before a reload that
 * would drop an unacknowledged save.
 */
import { render } from 'preact';
import { App } from './views';
import { Store, routeFromHash } from './store';
import { KEYMAP, commandFor, keyName } from './keyboard';
import type { ScorePage } from '../worker/messages';
import './styles.css';

const store = new Store(routeFromHash(location.hash));
const root = document.getElementById('app')!;
const draw = () => render(<App store={store} />, root);
store.subscribe(draw);
root.textContent = '';
draw();
store.navigate(store.state.route);

window.addEventListener('hashchange', () => store.navigate(routeFromHash(location.hash)));

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

window.addEventListener('keydown', (e) => {
  if (e.defaultPrevented || e.isComposing) return;
  const key = keyName(e);
  const target = e.target as HTMLElement | null;
  if (target && (TYPING.has(target.tagName) || target.isContentEditable)) {
    if (key === 'Escape' || (key === 'Enter' && target.id === 'filter')) target.blur();
    return;
  }
  if (store.state.help && (key === 'Escape' || key === '?')) {
    e.preventDefault();
    store.toggleHelp(false);
    return;
  }
  const command = commandFor(KEYMAP, store.state.route.view, key);
  if (command && store.run(command)) e.preventDefault();
});

window.addEventListener('beforeunload', (e) => {
  if (store.pendingSaves()) e.preventDefault();
});

/** Hooks for tests and parity checks with Node; they change nothing. */
(window as unknown as { __chaff: unknown }).__chaff = {
  state: () => store.state,
  featurize: (page: ScorePage) => store.featurize(page),
  scoreWithServerModel: (pages: ScorePage[]) => store.scoreWithServerModel(pages),
  browserScores: (id: string) => store.state.browserModel?.scores[id] ?? null,
  caret: () => store.currentPage()?.caret ?? null,
  view: () => {
    const p = store.currentPage();
    return p ? { ...store.view(p), mark: store.state.mark } : null;
  },
  idle: () => !store.pendingSaves(),
};
