import { expect } from 'chai';
import { browserScriptEnd, scanScript } from '../../../src/core/html/scriptEnd';

describe('core/html/scriptEnd', () => {
  it('follows the script-data states: <!-- escapes, <script inside it double-escapes, --> returns', () => {
    expect(scanScript('var a = 1;', 0, 'data').state).to.equal('data');
    expect(scanScript('<!-- var a;', 0, 'data').state).to.equal('escaped');
    expect(scanScript('<!-- w("<script>", 1)', 0, 'data').state).to.equal('double-escaped');
    expect(scanScript('<!-- w("<script></script>") -->', 0, 'data').state).to.equal('data');
    expect(scanScript('<!--> <script>', 0, 'data').state).to.equal('data');
    expect(scanScript('if (a<scripts) {}', 0, 'data').state).to.equal('data');
  });

  it('finds where a browser ends a script that htmlparser2 ended too early', () => {
    const html = '<script><!--\nw("<script src=x>");\n</script>\nrest();\n-->\n</script><p>after</p>';
    const closedAt = html.indexOf('</script>') + '</script>'.length;
    expect(html.slice(browserScriptEnd(html.slice(8, closedAt - 9), html, closedAt))).to.equal('<p>after</p>');
    expect(browserScriptEnd('var a;', '<script>var a;</script>x', 23)).to.equal(23);
    expect(browserScriptEnd('<!--<script>', '<script><!--<script></script> no end', 29)).to.equal(36);
  });
});
