/**
 * The page view's logic (no browser): movement skips blank lines, labelling
 * advances to the next unlabelled line, undo restores exactly, the least sure
 * run, the confidence scale, and the keymap data.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  acceptGuesses, advance, apply, leastSureRun, nextLow, progress, setLabels, step, type Label, type PageLines,
} from '../../src/browser/app/lines';
import { confidence } from '../../src/browser/app/confidence';
import { checkKeymap, commandFor, KEYMAP, keyName, showKey } from '../../src/browser/app/keyboard';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/tiny';
import keymapJson from '../../src/browser/app/keymap.json';

function page(lines: string[], scores: (number | null)[], labels?: Label[]): PageLines {
  return { lines, labels: labels ?? lines.map(() => null), scores, threshold: 0.5 };
}

describe('browser/app/lines', () => {
  const p = page(['a', '', 'b', 'c', '', '', 'd'], [0.9, null, 0.45, 0.1, null, null, 0.6]);

  it('moves over blank lines and stops at the ends', () => {
    expect(step(p, 0, 1)).to.equal(2);
    expect(step(p, 3, 1)).to.equal(6);
    expect(step(p, 6, 1)).to.equal(6);
    expect(step(p, 2, -1)).to.equal(0);
    expect(step(p, 0, 1, 10)).to.equal(6);
  });

  it('labels a range without touching blank lines, and undo restores it', () => {
    const changes = setLabels(p, 0, 6, 'noise');
    expect(changes.map((c) => c.line)).to.deep.equal([0, 2, 3, 6]);
    const after = apply(p.labels, changes, 'do');
    expect(after).to.deep.equal(['noise', null, 'noise', 'noise', null, null, 'noise']);
    expect(apply(after, changes, 'undo')).to.deep.equal(p.labels);
  });

  it('advances to the next unlabelled line, wrapping, else to the next line', () => {
    const labels: Label[] = ['article', null, 'noise', null, null, null, 'noise'];
    expect(advance({ ...p, labels }, 0)).to.equal(3);
    expect(advance({ ...p, labels }, 6)).to.equal(3);
    const all: Label[] = ['article', null, 'noise', 'noise', null, null, 'noise'];
    expect(advance({ ...p, labels: all }, 2)).to.equal(3);
  });

  it('accepts guesses for unlabelled lines only', () => {
    const labels: Label[] = [null, null, 'article', null, null, null, null];
    const changes = acceptGuesses({ ...p, labels }, 0, 6, true);
    expect(apply(labels, changes, 'do')).to.deep.equal(['article', null, 'article', 'noise', null, null, 'article']);
  });

  it('finds unsure lines and the least sure run', () => {
    // confidences: a 0.9, b 0.55, c 0.9, d 0.6
    expect(nextLow(p, 0, 0.7, 1)).to.equal(2);
    expect(nextLow(p, 2, 0.7, 1)).to.equal(6);
    expect(nextLow(p, 6, 0.7, 1)).to.equal(2);
    expect(nextLow(p, 2, 0.7, -1)).to.equal(6);
    expect(leastSureRun(p, 0.7)).to.deep.equal([2, 2]);
    const q = page(['x', 'y', '', 'z', 'w'], [0.45, 0.55, null, 0.4, 0.99]);
    expect(leastSureRun(q, 0.7)).to.deep.equal([0, 3]);
    expect(leastSureRun({ ...q, labels: ['noise', 'noise', null, 'noise', 'noise'] }, 0.7)).to.equal(null);
  });

  it('counts non-blank lines for progress', () => {
    expect(progress({ lines: p.lines, labels: ['article', null, null, 'noise', null, null, null] })).to.deep.equal({ labelled: 2, total: 4 });
  });

  it('undoing any sequence of edits in reverse restores the labels', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.constantFrom<Label>('article', 'noise', null)), { maxLength: 20 }), (edits) => {
      let labels: Label[] = p.labels.slice();
      const history = [];
      for (const [a, b, l] of edits) {
        const c = setLabels({ ...p, labels }, Math.min(a, b), Math.max(a, b), l);
        history.push(c);
        labels = apply(labels, c, 'do');
      }
      for (const c of history.reverse()) labels = apply(labels, c, 'undo');
      expect(labels).to.deep.equal(p.labels);
    }));
  });
});

describe('browser/app/confidence', () => {
  it('is 0.5 at the threshold and 1 at the extremes, for any threshold', () => {
    for (const t of [0.2, 0.5, 0.514, 0.9]) {
      expect(confidence(t, t)).to.be.closeTo(0.5, 1e-9);
      expect(confidence(1, t)).to.be.closeTo(1, 1e-9);
      expect(confidence(0, t)).to.be.closeTo(1, 1e-9);
    }
    expect(confidence(0.75, 0.5)).to.be.closeTo(0.75, 1e-9);
  });
});

describe('browser/app/keyboard', () => {
  it('is versioned data with no key bound twice in a context', () => {
    expect(KEYMAP.version).to.equal(1);
    expect(() => checkKeymap(keymapJson)).not.to.throw();
    const clash = JSON.parse(JSON.stringify(keymapJson));
    clash.groups[0].bindings[1].keys.push('j');
    expect(() => checkKeymap(clash)).to.throw(/j is bound to both/);
    expect(() => checkKeymap({ ...keymapJson, version: 99 })).to.throw(/version 99/);
  });

  it('names key events the way keymap.json writes them', () => {
    expect(keyName({ key: 'a' })).to.equal('a');
    expect(keyName({ key: 'A', shiftKey: true })).to.equal('A');
    expect(keyName({ key: '?', shiftKey: true })).to.equal('?');
    expect(keyName({ key: 'ArrowDown', shiftKey: true })).to.equal('Shift+ArrowDown');
    expect(keyName({ key: 'Z', ctrlKey: true, shiftKey: true })).to.equal('Ctrl+Shift+z');
    expect(keyName({ key: 'z', metaKey: true })).to.equal('Ctrl+z');
  });

  it('binds the commands the issue asks for', () => {
    const page = (k: string) => commandFor(KEYMAP, 'page', k);
    expect([page('j'), page('k'), page('a'), page('n'), page('x'), page('J'), page('A'), page('u'), page('Ctrl+y'), page('?')])
      .to.deep.equal(['down', 'up', 'article', 'noise', 'clear', 'extendDown', 'acceptAll', 'undo', 'redo', 'help']);
    expect(commandFor(KEYMAP, 'list', 'Enter')).to.equal('open');
    expect(commandFor(KEYMAP, 'list', '}')).to.equal('next');
  });

  it('is documented: docs/labelling-ui.md names every key', () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'labelling-ui.md'), 'utf8');
    for (const g of KEYMAP.groups) {
      for (const b of g.bindings) {
        for (const k of b.keys) expect(doc.includes(`\`${k}\``) || doc.includes(`\`${showKey(k)}\``), `${k} (${b.command})`).to.equal(true);
      }
    }
  });
});
