/**
 * The keymap is data (keymap.json): this module checks it, turns key events
 * into key names, and finds the command bound to a key. The help screen is
 * drawn from the same data.
 */
import KEYMAP_JSON from './keymap.json';

export type Context = 'page' | 'list' | 'any';

export interface Binding {
  readonly command: string;
  readonly keys: readonly string[];
  readonly help: string;
}

export interface Group {
  readonly name: string;
  readonly context: Context;
  readonly bindings: readonly Binding[];
}

export interface Keymap {
  readonly format: 'chaff-keymap';
  readonly version: number;
  readonly groups: readonly Group[];
}

export const KEYMAP_VERSION = 1;

/** Check a keymap: known format and version, no key bound twice in one context. */
export function checkKeymap(k: unknown): Keymap {
  const m = k as Keymap;
  if (!m || m.format !== 'chaff-keymap') throw new Error('keymap: format must be "chaff-keymap"');
  if (m.version !== KEYMAP_VERSION) throw new Error(`keymap: version ${m.version}, this chaff reads ${KEYMAP_VERSION}`);
  const seen = new Map<string, string>();
  for (const g of m.groups) {
    if (!['page', 'list', 'any'].includes(g.context)) throw new Error(`keymap: group ${g.name} has unknown context ${g.context}`);
    for (const b of g.bindings) {
      for (const key of b.keys) {
        const contexts = g.context === 'any' ? ['page', 'list'] : [g.context];
        for (const c of contexts) {
          const id = `${c} ${key}`;
          if (seen.has(id)) throw new Error(`keymap: ${key} is bound to both ${seen.get(id)} and ${b.command} in ${c}`);
          seen.set(id, b.command);
        }
      }
    }
  }
  return m;
}

export const KEYMAP: Keymap = checkKeymap(KEYMAP_JSON);

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
  readonly shiftKey?: boolean;
}

/** The keymap's name for a key event (see keymap.json's notes). */
export function keyName(e: KeyLike): string {
  const ctrl = !!(e.ctrlKey || e.metaKey);
  const alt = !!e.altKey;
  const printable = e.key.length === 1;
  if (printable && !ctrl && !alt) return e.key === ' ' ? 'Space' : e.key;
  const mods = `${ctrl ? 'Ctrl+' : ''}${alt ? 'Alt+' : ''}${e.shiftKey ? 'Shift+' : ''}`;
  return mods + (printable ? e.key.toLowerCase() : e.key);
}

/** The command a key runs in a context, or null. */
export function commandFor(map: Keymap, context: 'page' | 'list', key: string): string | null {
  for (const g of map.groups) {
    if (g.context !== context && g.context !== 'any') continue;
    for (const b of g.bindings) if (b.keys.includes(key)) return b.command;
  }
  return null;
}

/** The keys bound to a command, for labels like "Accept all (A)". */
export function keysOf(map: Keymap, command: string): readonly string[] {
  for (const g of map.groups) for (const b of g.bindings) if (b.command === command) return b.keys;
  return [];
}

/** How a key name is shown to people. */
export function showKey(key: string): string {
  const names: Record<string, string> = { ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc', Backspace: '⌫', Delete: 'Del', PageDown: 'PgDn', PageUp: 'PgUp', Enter: '⏎' };
  return key.split('+').map((k) => names[k] ?? k).join('+');
}
