import { expect } from 'chai';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { CELL_SEPARATOR, htmlToLines } from '../../../src/core/html/htmlLines';
import { decodePage } from '../../../src/core/text/decode';
import { normalizeLine } from '../../../src/core/text/normalize';

const lines = (html: string): string[] => htmlToLines(html).lines;
const READABILITY = path.join(__dirname, '../../../../shared/data/readability');

describe('core/html/htmlLines', () => {
  describe('text', () => {
    it('decodes entities and folds whitespace like white-space: normal', () => {
      expect(lines('<p>  Caf&eacute;\n\t&amp; cr&#232;me &lt;b&gt; &#x20AC;5&nbsp;&nbsp;net </p>')).to.deep.equal(['Café & crème <b> €5 net']);
      expect(lines('<b>a</b> <i>b</i><i>c</i>\n<span> d</span>')).to.deep.equal(['a bc d']);
    });

    it('normalises every line (NFC, invisible characters)', () => {
      expect(lines('<p>Vie\u0302\u0323t\u200B Nam</p>')).to.deep.equal(['Việt Nam']);
    });

    it('keeps line breaks in <pre>, dropping the newline right after the tag', () => {
      expect(lines('<p>x</p><pre>\n  int a;\n\n\n  return a;\n</pre>after')).to.deep.equal(['x', '', 'int a;', '', 'return a;', 'after']);
      expect(lines('<pre><code>a\r\nb</code></pre>')).to.deep.equal(['a', 'b']);
    });

    it('ignores <img alt>, as innerText does', () => {
      expect(lines('<p>Photo: <img alt="a cat" src="c.jpg">AFP</p>')).to.deep.equal(['Photo: AFP']);
    });
  });

  describe('lines and blocks', () => {
    it('puts each block on its own line: nested blocks, text after a nested block', () => {
      expect(lines('<div><div>a</div>b</div>')).to.deep.equal(['a', 'b']);
      expect(lines('<div>x<div>y<section>z</section></div>w</div>v')).to.deep.equal(['x', 'y', 'z', 'w', 'v']);
      expect(lines('<div><span>inline</span> <em>run</em></div>')).to.deep.equal(['inline run']);
    });

    it('follows paragraphs and headings with one blank line, like the seed dumps', () => {
      expect(lines('<h1>Title</h1><div class="sapo">Lead</div><p>One</p><p>Two</p><div>Tail</div>')).to.deep.equal(['Title', '', 'Lead', '', 'One', '', 'Two', '', 'Tail']);
    });

    it('collapses blank runs, and never starts or ends with a blank line', () => {
      expect(lines('<br><p></p><p>a</p><p> </p><p>&nbsp;</p><br><br><div></div><p>b</p><br><br>')).to.deep.equal(['a', '', 'b']);
      expect(lines('')).to.deep.equal([]);
      expect(lines('<p> </p>')).to.deep.equal([]);
    });

    it('ends a line at <br>, inside inline elements too; two leave a blank line', () => {
      expect(lines('a<br>b')).to.deep.equal(['a', 'b']);
      expect(lines('a<br><br>b<br/><br />c')).to.deep.equal(['a', '', 'b', '', 'c']);
      expect(lines('<span>a<b>b<br>c</b>d</span>')).to.deep.equal(['ab', 'cd']);
      expect(lines('<div>a<br></div><div>b</div>')).to.deep.equal(['a', 'b']);
      expect(lines('a</br>b')).to.deep.equal(['a', 'b']);
    });

    it('puts list items on their own lines', () => {
      expect(lines('<ul><li>one<li>two <a href="#">more</a><ol><li>nested</li></ol></ul>after')).to.deep.equal(['one', 'two more', 'nested', 'after']);
      expect(lines('<dl><dt>Term</dt><dd>Definition</dd></dl>')).to.deep.equal(['Term', 'Definition']);
    });

    it(`puts a table row on one line, non-empty cells joined by "${CELL_SEPARATOR.trim()}"`, () => {
      const table = `<table><caption>Results</caption>
        <tr><th>Team</th> <th>Pts</th><th></th></tr>
        <tr><td>Hà Nội</td><td> 12 </td><td></td></tr>
        <tr><td></td><td>7</td></tr></table>`;
      expect(lines(table)).to.deep.equal(['Results', 'Team | Pts', 'Hà Nội | 12', '7']);
    });

    it('breaks a layout table at the blocks its cells hold', () => {
      expect(lines('<table><tr><td><a>Home</a> <a>News</a></td><td><p>Article text.</p><p>More.</p></td></tr></table>'))
        .to.deep.equal(['Home News', '', 'Article text.', '', 'More.']);
    });
  });

  describe('what is not shown', () => {
    it('drops scripts, styles, templates, noscript, svg, iframes, comments and head content', () => {
      const html = `<html><head><meta charset="utf-8"><style>p{color:red}</style><script>var a = "<p>no</p>";</script>
        <link rel="x"></head><body><!-- comment <p>no</p> --><noscript>Enable JS</noscript><template><p>tpl</p></template>
        <svg><title>icon</title><text>svg text</text></svg><iframe>frame</iframe><textarea>typed</textarea>
        <p>visible<script>document.write("x")</script> text</p><![CDATA[cdata]]><object>fallback</object></body></html>`;
      expect(lines(html)).to.deep.equal(['visible text']);
    });

    it('drops elements hidden by attributes: hidden, aria-hidden, inline display:none or visibility:hidden', () => {
      const html = `<p>a</p><div hidden>h1</div><div aria-hidden="TRUE">h2</div><div aria-hidden="false">shown</div>
        <div style="color: red; DISPLAY : none !important">h3</div><div style="visibility:hidden">h4</div>
        <div style="display:none-ish">odd but shown</div><dialog>closed</dialog><dialog open>open dialog</dialog>
        <input type="hidden" value="secret"><p>b<span hidden> h5</span>c<br hidden>d</p>`;
      expect(lines(html)).to.deep.equal(['a', '', 'shown', 'odd but shown', 'open dialog', '', 'bcd']);
    });

    it('keeps a hidden subtree that holds a lot of prose (content a script would reveal), and React streamed segments', () => {
      const prose = '<p>' + 'This sentence is article prose. '.repeat(40) + '</p>';
      const menu = '<ul>' + '<li><a href="#">Menu entry</a></li>'.repeat(120) + '</ul>';
      expect(lines(`<p>a</p><div style="visibility:hidden">${prose}</div>`)).to.have.length(3);
      expect(lines(`<p>a</p><div style="display:none">${menu}</div>`)).to.deep.equal(['a']);
      expect(lines('<p>a</p><div hidden id="S:1"><p>Streamed byline</p></div>')).to.deep.equal(['a', '', 'Streamed byline']);
    });

    it('keeps the title apart and reports <html lang>', () => {
      const r = htmlToLines('<html lang=" vi "><head><title> Tin &amp; tức </title></head><body><title>second</title>Body</body></html>');
      expect(r).to.deep.include({ lines: ['Body'], title: 'Tin & tức', lang: 'vi' });
      const bare = htmlToLines('<p>x</p>');
      expect(bare.title).to.equal(undefined);
      expect(bare.lang).to.equal(undefined);
    });

    it('ends a script where a browser does when old ad code hides the first </script>', () => {
      const adCode = `<p>a</p><script>\n<!--\ndocument.write('<script src="ad.js"></script>');\nvar slot = 'x';\n-->\n</script><p>b</p>`;
      expect(lines(adCode)).to.deep.equal(['a', '', 'b']);
      expect(lines('<p>a</p><script><!-- hide\nvar x = 1; //--></script><p>b</p>')).to.deep.equal(['a', '', 'b']);
    });
  });

  describe('hints', () => {
    it('gives one hint per line, and empty hints to blank lines', () => {
      const r = htmlToLines('<h2>Head</h2><p>Para</p>');
      expect(r.lines).to.deep.equal(['Head', '', 'Para']);
      expect(r.hints).to.have.length(3);
      expect(r.hints[1]).to.deep.equal({ linkShare: 0, tags: [], attrWords: [] });
    });

    it('measures the share of a line inside links', () => {
      const r = htmlToLines('<p><a href="/">Home</a></p><p>Read <a href="/x">more</a></p><p>No links</p>');
      expect(r.hints.map((h) => h.linkShare)).to.deep.equal([1, 0, 0.5, 0, 0]);
    });

    it('lists the structural ancestors of the line text', () => {
      const r = htmlToLines(`<nav><ul><li><a href="#">Nav</a></li></ul></nav><article><header><h1>H</h1><time>Today</time></header>
        <figure><figcaption>Cap</figcaption></figure><table><tr><td>cell</td></tr></table><footer><form><label>Email</label> <button>Go</button></form></footer></article>`);
      const tagsOf = (line: string) => [...r.hints[r.lines.indexOf(line)]!.tags].sort();
      expect(tagsOf('Nav')).to.deep.equal(['a', 'li', 'nav', 'ul']);
      expect(tagsOf('H')).to.deep.equal(['article', 'h1', 'header']);
      expect(tagsOf('Today')).to.deep.equal(['article', 'header', 'time']);
      expect(tagsOf('Cap')).to.deep.equal(['article', 'figcaption', 'figure']);
      expect(tagsOf('cell')).to.deep.equal(['article', 'table', 'td']);
      expect(tagsOf('Email Go')).to.deep.equal(['article', 'button', 'footer', 'form', 'label']);
    });

    it('takes class and id words of the ancestors, nearest first, split at camelCase, deduplicated', () => {
      const r = htmlToLines(`<div id="mainContent" class="page"><div class="article-body__text col-md-8 x">
        <p class="lead HTMLParser">Lead <a class="btnShare share">share</a></p></div></div>`);
      expect(r.hints[0]!.attrWords).to.deep.equal(['lead', 'html', 'parser', 'article', 'body', 'text', 'col', 'md', 'page', 'main', 'content', 'btn', 'share']);
    });

    it('keeps at most 16 words per line and drops words outside 2..20 letters', () => {
      const classes = Array.from({ length: 30 }, (_, i) => `<div class="w${String.fromCharCode(97 + (i % 26)).repeat(2 + (i % 3))}${i}">`).join('');
      const r = htmlToLines(`${classes}<span class="a ${'z'.repeat(21)} ok">t</span>`);
      expect(r.hints[0]!.attrWords).to.have.length(16);
      expect(r.hints[0]!.attrWords[0]).to.equal('ok');
    });
  });

  describe('robustness', () => {
    it('reads broken markup: unclosed tags, stray end tags, unclosed comments', () => {
      expect(lines('<div><p>a<p>b<div>c')).to.deep.equal(['a', '', 'b', '', 'c']);
      expect(lines('</div></span>a</p>b</td></table>c')).to.deep.equal(['a', '', 'bc']);
      expect(lines('<p class=x"y id=>a</p>')).to.deep.equal(['a']);
      expect(lines('<p>a</p><p class="never closed>b</p>')).to.deep.equal(['a']); // as in browsers
      expect(lines('<p>a</p><!-- never closed <p>b</p>')).to.deep.equal(['a']);
      expect(lines('<p>a <b>bold <i>both</b> italic?</i></p>')).to.deep.equal(['a bold both italic?']);
    });

    it('handles 10,000 nested divs fast, without recursion', () => {
      const n = 10_000;
      const html = '<div class="wrap">'.repeat(n) + 'deep' + '</div>'.repeat(n) + '<p>after</p>' + '<span>'.repeat(n) + 'open';
      const start = Date.now();
      const r = htmlToLines(html);
      expect(Date.now() - start).to.be.below(2000);
      expect(r.lines).to.deep.equal(['deep', '', 'after', '', 'open']);
      expect(r.hints[0]!.attrWords).to.deep.equal(['wrap']);
    });

    it('builds a line of 100,000 classed inline elements in linear time', () => {
      const html = '<p class="story">' + '<span class="word-item">word</span> '.repeat(100_000) + '</p>';
      const start = Date.now();
      const r = htmlToLines(html);
      expect(Date.now() - start).to.be.below(3000);
      expect(r.lines).to.have.length(1);
      expect(r.lines[0]!.length).to.equal(100_000 * 5 - 1);
      expect(r.hints[0]!.attrWords).to.deep.equal(['word', 'item', 'story']);
    });

    it('skips a huge inline script in linear time', () => {
      const script = '<script>' + 'var x = "<p>not text</p>"; if (a < b) {}\n'.repeat(200_000) + '</script>';
      const start = Date.now();
      expect(lines(`<p>before</p>${script}<p>after</p>`)).to.deep.equal(['before', '', 'after']);
      expect(Date.now() - start).to.be.below(2000);
    });
  });

  it('keeps its invariants on any tag soup: one hint per line, normalised lines, single inner blank lines', () => {
    const token = fc.constantFrom(
      '<p>', '</p>', '<div class="a-b">', '</div>', '<br>', '<a href=x>', '</a>', '<td>', '<tr>', '</table>', '<table>',
      '<li>', '<pre>', '</pre>', '\n', ' ', 'word', '&amp;', '&nbsp;', '<script>', '</script>', '<!--', '-->',
      '<span hidden>', '</span>', '<h2>', '<div style="display:none">', '<title>', 'Việt', '\u200B', '<', '>',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        const r = htmlToLines(tokens.join(''));
        expect(r.hints).to.have.length(r.lines.length);
        if (r.lines.length > 0) expect(r.lines[0]).to.not.equal('');
        expect(r.lines[r.lines.length - 1] ?? 'x').to.not.equal('');
        r.lines.forEach((l, i) => {
          expect(normalizeLine(l)).to.equal(l);
          if (l === '') expect(r.lines[i - 1]).to.not.equal('');
          expect(r.hints[i]!.linkShare).to.be.within(0, 1);
        });
      }),
      { numRuns: 500 },
    );
  });

  describe('a real page', () => {
    it('keeps article sentences on one line and no script text (readability/guardian-1)', function () {
      const dir = path.join(READABILITY, 'guardian-1');
      if (!fs.existsSync(dir)) this.skip();
      const sentence = 'was just seven years old when he attended his first mass stranding, a beaching of porpoises';
      expect(fs.readFileSync(path.join(dir, 'expected.html'), 'utf8')).to.include(sentence);
      const page = decodePage(new Uint8Array(fs.readFileSync(path.join(dir, 'source.html'))), { kind: 'html' });
      expect(page.text).to.include('window.guardian');
      const r = htmlToLines(page.text);
      // The drop cap "W" sits in its own span: innerText joins it to the rest.
      expect(r.lines.filter((l) => l.includes('Whale whisperer Hori Parata ' + sentence))).to.have.length(1);
      expect(r.lines.some((l) => /window\.guardian|isModernBrowser|function\s*\(/.test(l))).to.equal(false);
      expect(r.title).to.match(/^'What is the sea telling us\?'/);
      expect(r.lang).to.equal('en');
      expect(r.hints).to.have.length(r.lines.length);
    });
  });
});
