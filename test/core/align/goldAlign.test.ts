import { expect } from 'chai';
import { alignToGold, alignTokens, ARTICLE_MIN, NOISE_MAX } from '../../../src/core/align/goldAlign';
import { splitLines } from '../../../src/core/text/lines';

const P1 = 'The city council approved the new budget on Tuesday after a long debate about school funding.';
const P2 = 'Critics said the plan cuts too deeply into public transport while raising fees for parking downtown.';
const P3 = 'The mayor promised to revisit the transport budget next spring if ridership keeps falling.';
const TITLE = 'Council passes budget after long night';

/** A page: lines separated by newlines, blank lines kept. */
function page(...lines: string[]): string[] {
  return splitLines(lines.join('\n'));
}

describe('core/align/goldAlign', () => {
  const gold = [TITLE, P1, P2, P3].join('\n');

  it('labels lines found in order in the gold as article and the rest as noise', () => {
    const lines = page('Home', 'News', 'Sign in to your account to continue reading', '', TITLE, '', P1, '', P2, '', P3, '', '© 2024 Example Media, all rights reserved');
    const a = alignToGold(lines, gold);
    const byText = new Map(lines.map((l, i) => [l, a.labels[i]]));
    expect(byText.get(TITLE)).to.equal('article');
    expect(byText.get(P1)).to.equal('article');
    expect(byText.get(P2)).to.equal('article');
    expect(byText.get(P3)).to.equal('article');
    expect(byText.get('Home')).to.equal('noise');
    expect(byText.get('Sign in to your account to continue reading')).to.equal('noise');
    expect(byText.get('© 2024 Example Media, all rights reserved')).to.equal('noise');
    expect(a.goldMatched).to.equal(a.goldTokens);
  });

  it('keeps blank lines unlabelled', () => {
    const lines = page(TITLE, '', P1, '', '');
    const a = alignToGold(lines, gold);
    lines.forEach((l, i) => {
      if (l === '') expect(a.labels[i]).to.equal(null);
    });
  });

  it('calls a teaser that repeats an article sentence later on the page noise', () => {
    const lines = page(TITLE, P1, P2, P3, 'Most read', P1, 'Another story entirely about the weather this weekend');
    const a = alignToGold(lines, gold);
    expect(a.labels[1]).to.equal('article');
    expect(a.labels[5]).to.equal('noise');
    expect(a.reasons[5]).to.equal('copy');
  });

  it('takes the copy of a repeated title that sits with the body, not the breadcrumb', () => {
    const lines = page('Home', TITLE, 'Politics', 'Share', TITLE, P1, P2, P3);
    const a = alignToGold(lines, gold);
    expect(a.labels[1]).to.equal('noise');
    expect(a.labels[4]).to.equal('article');
  });

  it('places each copy of a line the gold itself repeats', () => {
    const refrain = 'I would prefer not to, he said.';
    const g = [P1, refrain, P2, refrain, P3, refrain].join('\n');
    const lines = page(P1, refrain, P2, refrain, P3, refrain, 'More from this author');
    const a = alignToGold(lines, g);
    expect(a.labels).to.deep.equal(['article', 'article', 'article', 'article', 'article', 'article', 'noise']);
  });

  it('still labels article text that the page shows in another order than the gold', () => {
    const lines = page(TITLE, P3, P1, P2);
    const a = alignToGold(lines, gold);
    expect(a.labels).to.deep.equal(['article', 'article', 'article', 'article']);
  });

  it('labels a short line article only as a whole unit of the gold in the right place', () => {
    const g = [TITLE, P1, 'School funding', P2, P3].join('\n');
    const lines = page('Photo', 'Budget', TITLE, P1, 'School funding', P2, 'Photo', P3, 'Share');
    const a = alignToGold(lines, g);
    expect(a.labels[4]).to.equal('article');
    expect(a.reasons[4]).to.equal('unit');
    expect(a.labels[0]).to.equal('noise');
    expect(a.labels[1]).to.equal('noise'); // "budget" is in the gold, but not here and not as a unit
    expect(a.labels[6]).to.equal('noise');
    expect(a.labels[8]).to.equal('noise');
  });

  it('does not take a short heading repeated in a menu', () => {
    const g = [TITLE, P1, 'School funding', P2].join('\n');
    const lines = page('School funding', 'Transport', TITLE, P1, 'School funding', P2);
    const a = alignToGold(lines, g);
    expect(a.labels[0]).to.equal('noise');
    expect(a.labels[4]).to.equal('article');
  });

  it('takes a short title right above the body, not its copy in the menu above', () => {
    const g = ['Obituaries', P1, P2].join('\n');
    const lines = page('News', 'Obituaries', 'Sport', 'A much longer teaser line about something else entirely today', 'Obituaries', '', P1, P2);
    const a = alignToGold(lines, g);
    expect(a.labels[1]).to.equal('noise');
    expect(a.labels[4]).to.equal('article');
  });

  it('leaves a line that only partly matches the gold unlabelled (hard to call)', () => {
    const partial = 'Critics said the plan cuts too deeply, readers wrote in dozens of angry letters to the editor this week';
    const lines = page(TITLE, P1, partial, P3);
    const a = alignToGold(lines, gold);
    expect(a.coverage[2]).to.be.greaterThan(NOISE_MAX).and.lessThan(ARTICLE_MIN);
    expect(a.labels[2]).to.equal(null);
  });

  it('matches NFD page text against NFC gold', () => {
    const viGold = 'Quân đội nhân dân Việt Nam tổ chức lễ kỷ niệm tại Hà Nội vào sáng nay với hàng nghìn người tham dự.';
    const raw = ['Trang chủ', viGold.normalize('NFD')];
    const a = alignToGold(raw, viGold.normalize('NFC'));
    expect(a.labels).to.deep.equal(['noise', 'article']);
  });

  it('uses characters as tokens for scripts without spaces', () => {
    expect(alignTokens('東京都の人口は増えた')).to.have.length(10);
    expect(alignTokens('Hello, World 42')).to.deep.equal(['hello', 'world', '42']);
    const zh = '国家统计局今天发布了最新的经济数据，显示第三季度增长稳定。';
    const lines = ['首页', '新闻', zh, '版权所有'];
    expect(alignToGold(lines, zh).labels).to.deep.equal(['noise', 'noise', 'article', 'noise']);
  });

  it('calls bylines and date lines noise even when the gold has them', () => {
    const g = ['By Jane Doe', 'March 3, 2024', P1, P2].join('\n');
    const lines = page('By Jane Doe', 'March 3, 2024', P1, P2, 'Jane Doe is a reporter');
    const a = alignToGold(lines, g, { authors: ['Jane Doe'] });
    expect(a.labels.slice(0, 4)).to.deep.equal(['noise', 'noise', 'article', 'article']);
    expect(a.reasons[0]).to.equal('byline');
    expect(a.labels[4]).to.equal('noise');
  });

  it('does not take a title-case heading for a byline', () => {
    const g = [TITLE, 'By the Numbers', P1].join('\n');
    const lines = page(TITLE, 'By the Numbers', P1);
    expect(alignToGold(lines, g).labels).to.deep.equal(['article', 'article', 'article']);
  });

  it('calls teaser cues noise, alone or leading a teaser', () => {
    const teaser = 'Budget row deepens as council members trade insults';
    const g = [TITLE, P1, teaser, 'Read more', P2].join('\n');
    const lines = page(TITLE, P1, `RELATED: ${teaser}`, 'Read more', P2, 'Related work shows the budget matters to many residents');
    const a = alignToGold(lines, g, { include: [teaser] });
    expect(a.labels.slice(0, 5)).to.deep.equal(['article', 'article', 'noise', 'noise', 'article']);
    expect(a.reasons[2]).to.equal('cue');
    expect(a.reasons[5]).to.not.equal('cue');
  });

  it('applies include, exclude and confirm snippets', () => {
    const caption = 'Council members vote on the budget in the town hall';
    const lines = page(TITLE, caption, 'Photo: Jane Roe/Example Agency', P1, 'Sign up for our newsletter today', P2);
    const a = alignToGold(lines, gold, { include: [caption], exclude: ['Jane Roe/Example Agency', 'Sign up for our newsletter'] });
    expect(a.labels).to.deep.equal(['article', 'article', 'noise', 'article', 'noise', 'article']);
    expect(a.reasons[1]).to.equal('include');
    expect(a.reasons[4]).to.equal('exclude');
  });

  it('aligns a long page against a long gold quickly', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `w${(i * 7919) % 2003}`);
    const sentence = (k: number) => Array.from({ length: 12 }, (_, j) => words[(k * 13 + j * 17) % words.length]).join(' ');
    const goldParas = Array.from({ length: 700 }, (_, k) => sentence(k));
    const lines: string[] = [];
    for (let k = 0; k < 3000; k++) lines.push(k % 5 === 0 ? goldParas[k / 5]! : `menu item ${k} ${sentence(k).replace(/w/g, 'x')} ${words[k]}`);
    const g = goldParas.join('\n');
    expect(g.length).to.be.greaterThan(40_000);
    const t0 = Date.now();
    const a = alignToGold(lines, g);
    expect(Date.now() - t0).to.be.lessThan(1000);
    expect(a.labels.filter((l) => l === 'article').length).to.equal(600);
  });
});
