import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnChaff, runChaff } from '../../helpers/cli';
import { trainedFixture } from '../../helpers/fixtures';
import { parseLabelCsv } from '../../../src/core/labels/csv';

describe('node/cli (spawned end to end)', function () {
  this.timeout(120000);
  let fx: ReturnType<typeof trainedFixture>;
  before(() => {
    fx = trainedFixture();
  });

  it('train writes a model with its metadata and prints the metrics table', () => {
    expect(fx.train.stderr).to.match(/6 pages, \d+ labelled lines, backend wasm/);
    expect(fx.train.code, fx.train.stderr).to.equal(0);
    expect(fx.train.stdout).to.match(/validation \(sites never trained on\)/);
    expect(fx.train.stdout).to.match(/^en\s+\d+/m);
    for (const f of ['model.json', 'weights.bin', 'metadata.json']) expect(fs.existsSync(path.join(fx.model, f))).to.equal(true);
    const meta = JSON.parse(fs.readFileSync(path.join(fx.model, 'metadata.json'), 'utf8'));
    expect(meta).to.include({ format: 'chaff-line-model', schemaVersion: 1, name: 'model', labelSchemaVersion: 1, policyVersion: '1' });
    expect(meta.training).to.include({ pages: 4, validationPages: 2, backend: 'wasm', seed: 1 });
    expect(meta.training.options.teasers).to.include({ share: 0.5 });
    expect(meta.featurizer.dense).to.include('repeat_count');
    expect(meta.validation.overall.f1).to.be.a('number');
    expect(fs.statSync(path.join(fx.model, 'weights.bin')).size).to.be.below(5 * 1024 * 1024);
  });

  it('train --leave-one-out scores each page without it and without its whole site, training shared folds once', () => {
    // p0 and p1 share site0: their page folds differ from their site fold; p2 and p3 are alone on their sites.
    const dir = path.join(fx.dir, 'loo');
    fs.mkdirSync(dir, { recursive: true });
    const sites = ['site0.example', 'site0.example', 'site1.example', 'site2.example'];
    sites.forEach((site, i) => {
      const raw = fs.readFileSync(path.join(fx.labels, `p${i}.csv`), 'utf8').replace(/"site":"[^"]*"/, `"site":"${site}"`);
      fs.writeFileSync(path.join(dir, `p${i}.csv`), raw);
    });
    const out = path.join(fx.dir, 'loo-model');
    const r = spawnChaff(['train', dir, '--out', out, '--epochs', '2', '--patience', '2', '--validation', '0.34', '--batch-rows', '32', '--leave-one-out', 'test']);
    expect(r.code, r.stderr).to.equal(0);
    // 4 page folds and 3 site folds, of which 2 are the same: 5 trainings.
    expect(r.stderr).to.match(/leave-one-out 5\/5/);
    expect(r.stderr).to.not.match(/leave-one-out 6\//);
    expect(r.stderr).to.match(/without p0, p1 \(site site0\.example\)/);
    const loo = JSON.parse(fs.readFileSync(path.join(out, 'metadata.json'), 'utf8')).notes.leaveOneOut;
    const ids = (rows: { page: string; site: string }[]) => rows.map((p) => [p.page, p.site]);
    const expected = [['p0', 'site0.example'], ['p1', 'site0.example'], ['p2', 'site1.example'], ['p3', 'site2.example']];
    expect(loo.source).to.equal('test');
    expect(ids(loo.pages)).to.deep.equal(expected);
    expect(ids(loo.bySite.pages)).to.deep.equal(expected);
    // A page alone on its site gets the same model either way, so the same figures.
    for (const k of [2, 3]) expect(loo.bySite.pages[k]).to.deep.equal(loo.pages[k]);
    for (const p of [...loo.pages, ...loo.bySite.pages]) expect(p.f1).to.be.within(0, 1);
    expect(r.stdout).to.match(/leave one page out over test pages/);
    expect(r.stdout).to.match(/leave one site out/);
  });

  it('train --leave-one-out on pages of a single site leaves pages out one at a time and skips the site folds', () => {
    const dir = path.join(fx.dir, 'loo-one-site');
    fs.mkdirSync(dir, { recursive: true });
    for (const i of [0, 1, 2]) {
      const raw = fs.readFileSync(path.join(fx.labels, `p${i}.csv`), 'utf8').replace(/"site":"[^"]*"/, '"site":"only.example"');
      fs.writeFileSync(path.join(dir, `p${i}.csv`), raw);
    }
    const out = path.join(fx.dir, 'loo-one-site-model');
    const r = spawnChaff(['train', dir, '--out', out, '--epochs', '2', '--patience', '2', '--validation', '0.34', '--batch-rows', '32', '--leave-one-out', 'test']);
    expect(r.code, r.stderr).to.equal(0);
    const loo = JSON.parse(fs.readFileSync(path.join(out, 'metadata.json'), 'utf8')).notes.leaveOneOut;
    expect(loo.pages.map((p: { page: string }) => p.page)).to.deep.equal(['p0', 'p1', 'p2']);
    expect(loo).to.not.have.property('bySite');
    expect(r.stdout).to.not.match(/leave one site out/);
  });

  it('clean with the shipped model prints the article of seed page 001 and drops its chaff (issue 2)', () => {
    const r = spawnChaff(['clean', 'labels/001_e2ca31daff265501.txt']);
    expect(r.code, r.stderr).to.equal(0);
    const kept = r.stdout.split('\n').filter(Boolean);
    expect(kept[0]).to.equal('Tổng Tham mưu trưởng Quân đội nhân dân Lào thăm chính thức Việt Nam');
    const at = (prefix: string) => kept.findIndex((l) => l.startsWith(prefix));
    expect(at('Sáng 2/6, tại Trụ sở Bộ Quốc phòng')).to.be.above(0);
    expect(at('Kết thúc hội đàm')).to.be.above(at('Sáng 2/6, tại Trụ sở Bộ Quốc phòng'));
    expect(at('Bày tỏ cảm ơn Bộ trưởng Phan Văn Giang')).to.be.above(at('Kết thúc hội đàm'));
    for (const chaff of ['Bình luận', 'Đọc nhiều', 'Multimedia', 'Xuân Ất Tỵ - 2025']) expect(kept, chaff).to.not.include(chaff);
  });

  it('clean reads stdin and prints the kept lines', () => {
    const page = fs.readFileSync(path.join(fx.labels, 'p5.txt'), 'utf8');
    const r = spawnChaff(['clean', '--model', fx.model, '--verbose'], { input: page });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/tfjs backend wasm/);
    expect(r.stdout).to.include('Lambda Mu announce a new plan for the hospital\n');
    expect(r.stdout).to.include('Officials from Mu welcomed');
    expect(r.stdout).to.not.include('Home | News');
    expect(r.stdout).to.not.include('Copyright');
  });

  it('clean writes jsonl and csv for several files into --out', () => {
    const out = path.join(fx.dir, 'out');
    const files = ['p4.txt', 'p5.txt'].map((f) => path.join(fx.labels, f));
    const r = spawnChaff(['clean', ...files, '--model', fx.model, '--format', 'csv', '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const csv = parseLabelCsv(fs.readFileSync(path.join(out, 'p4.csv'), 'utf8'), 'p4.csv');
    expect('lines' in csv && csv.lines[0]).to.equal('Home | News | Sport | Contact');
    const j = spawnChaff(['clean', files[0]!, '--model', fx.model, '--format', 'jsonl', '--threshold', '0']);
    const rows = j.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0]).to.include({ page: 'p4', line: 1, label: 'article' });
    expect(rows.find((x) => x.text === '')).to.include({ label: null, score: null });
  });

  it('eval reports per page and per language, and as JSON', () => {
    const r = spawnChaff(['eval', fx.labels, '--model', fx.model, '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const report = JSON.parse(r.stdout);
    expect(report.perPage).to.have.length(6);
    expect(report.perLanguage.en.lines).to.equal(report.overall.lines);
    const t = spawnChaff(['eval', fx.labels, '--model', fx.model]);
    expect(t.stdout).to.match(/^overall\s+\d+\s+[\d.]+\s+[\d.]+\s+[\d.]+$/m);
  });

  it('fails with one line and a non-zero exit on bad input', async () => {
    const bin = await runChaff(['clean', '--model', fx.model], { input: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe]) });
    expect(bin.code).to.equal(1);
    expect(bin.stderr.trim().split('\n')).to.have.length(1);
    const missing = await runChaff(['clean', 'no-such-page.txt']);
    expect(missing).to.include({ code: 1, stderr: 'chaff clean: no such file or directory: no-such-page.txt\n' });
    const model = await runChaff(['clean', '--model', path.join(fx.dir, 'nope')], { input: 'x\n' });
    expect(model.stderr).to.match(/^chaff clean: model: .*nope: no such model directory\n$/);
    const opt = await runChaff(['clean', '--frobnicate']);
    expect(opt.code).to.equal(2);
    const noOut = await runChaff(['train', fx.labels]);
    expect(noOut).to.include({ code: 2, stderr: 'chaff train: train: --out DIR is required\n' });
    const share = await runChaff(['train', fx.labels, '--out', path.join(fx.dir, 'never'), '--teasers', '2']);
    expect(share).to.include({ code: 2, stderr: 'chaff train: --teasers must be a number between 0 and 1, got "2"\n' });
    expect(fs.existsSync(path.join(fx.dir, 'never'))).to.equal(false);
  });
});
