/**
 * Where a <script> really ends. htmlparser2 ends a script at the first
 * `</script>`, but the HTML tokenizer does not when the script holds
 * `<!--` then `<script`: that "double-escaped" state, left by old ad code such
 * as `<!-- document.write('<script src=x></script>'); -->`, hides the first
 * `</script>` and the script runs on to the next one. Without this, the rest
 * of such a script shows up as lines of JavaScript.
 *
 * These are the spec's script-data states, reduced to the tokens that move
 * between them. Each scan is linear in what it reads.
 */

/** Script data states of the HTML tokenizer that matter for finding the end. */
export type ScriptState = 'data' | 'escaped' | 'double-escaped';

/** `<!--`, `-->`, and `<script` / `</script` followed by a tag-name delimiter. */
const TOKEN = /<!--|-->|<(\/?)script(?=[\t\n\f\r />])/gi;

export interface ScriptScan {
  readonly state: ScriptState;
  /** Index of the `<` of the `</script` that ends the script, or -1. */
  readonly end: number;
}

/** Run the script-data states over `text` from `from`, stopping at the end tag that closes the script. */
export function scanScript(text: string, from: number, state: ScriptState): ScriptScan {
  let s = state;
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m !== null; m = TOKEN.exec(text)) {
    const token = m[0];
    if (token === '<!--') {
      // `<!-->` opens and closes at once: the dashes are shared.
      if (s === 'data' && text.charCodeAt(m.index + 4) !== 0x3e /* > */) s = 'escaped';
    } else if (token === '-->') {
      if (s !== 'data') s = 'data';
    } else if (m[1] === '/') {
      if (s === 'double-escaped') s = 'escaped';
      else return { state: s, end: m.index };
    } else if (s === 'escaped') {
      s = 'double-escaped';
    }
  }
  return { state: s, end: -1 };
}

/**
 * Given a script's text as htmlparser2 saw it and the index just past the
 * `</script>` where htmlparser2 closed it, the index just past the tag where
 * a browser closes it; `closedAt` itself when they agree.
 */
export function browserScriptEnd(scriptText: string, html: string, closedAt: number): number {
  const inside = scanScript(scriptText, 0, 'data');
  if (inside.state !== 'double-escaped') return closedAt;
  // The `</script>` htmlparser2 stopped at only leaves the double-escaped state.
  const after = scanScript(html, closedAt, 'escaped');
  if (after.end < 0) return html.length;
  const close = html.indexOf('>', after.end);
  return close < 0 ? html.length : close + 1;
}
