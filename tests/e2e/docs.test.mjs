// The rules' documentation in the editor (headless Chromium, the built page in dist/): the
// editor is built without core's `docs` feature, and the Rules dialog and a rule's
// documentation load it from a WASM module of its own (web-docs/), fetched only when one of
// them first opens: "loading…" until it arrives, then the summaries and the documentation in
// English and Chinese; an error message when it cannot be fetched. Its size goes to
// target/e2e/docs-size.json.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, browser, open, shot, example, until, ROOT, SHOTS } from './lib.mjs';

const DIST = path.join(ROOT, 'dist');
const MODULE = ['archlint-web-docs.js', 'archlint-web-docs_bg.wasm'];

let server, b, page;
// Every request of the page, in order: [phase, path].
const requests = [];
let phase = 'first paint';
// Holds the docs module's WASM back until released (to see the dialog while it loads).
let release;
let gate = new Promise((ok) => { release = ok; });

before(async () => {
  server = await serve();
  b = await browser();
  page = await open(b.ctx, server.url, async (p) => {
    p.on('request', (r) => requests.push([phase, new URL(r.url()).pathname]));
    await p.route('**/archlint-web-docs_bg.wasm', async (route) => {
      await gate;
      await route.continue();
    });
  });
});
afterEach(() => {
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, []);
});
after(async () => {
  await b?.close();
  server?.close();
});

const fetched = () => requests.filter(([, p]) => p.includes('archlint-web-docs'));
const text = (sel) => page.textContent(sel);
// HA001's summary in both languages, as its rule file declares it.
const [, SUMMARY_EN, SUMMARY_ZH] = fs.readFileSync(path.join(ROOT, 'core/src/rules/ha/ha001.rs'), 'utf8')
  .match(/summary: \("([^"]+)", "([^"]+)"\)/);

test('first paint fetches no rules documentation, nor does opening a design', async () => {
  await page.waitForTimeout(300);
  assert.deepEqual(fetched(), []);
  await page.setInputFiles('#file-open', path.join(ROOT, 'examples/vpc.json'));
  await until(page, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n,
    JSON.parse(example('vpc.json')).nodes.length);
  assert.deepEqual(fetched(), []);
  const gz = Object.fromEntries(MODULE.map((f) =>
    [f, zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length]));
  const total = Object.values(gz).reduce((a, z) => a + z, 0);
  fs.writeFileSync(path.join(SHOTS, 'docs-size.json'),
    JSON.stringify({ docs_on_demand: { files: gz, gzip_total: total } }, null, 2));
  console.log('docs module', JSON.stringify(gz), total);
});

test('the Rules dialog fetches the module, says it is loading, then lists the rules', async () => {
  phase = 'rules';
  await page.click('#rules');
  await page.waitForSelector('#docs-loading');
  assert.match(await text('#docs-loading'), /Loading the rules' documentation/);
  assert.equal(await page.$('#rule-browser'), null);
  await shot(page, 'docs-01-loading');
  release();
  await page.waitForSelector('#rule-browser');
  assert.equal(await page.$('#docs-loading'), null);
  assert.deepEqual(fetched(), [['rules', '/archlint-web-docs.js'], ['rules', '/archlint-web-docs_bg.wasm']]);
  const list = await text('#rule-browser');
  assert.ok(list.includes(`single-instance-module — ${SUMMARY_EN}`), list.slice(0, 400));
  await shot(page, 'docs-02-rules');
});

test("a rule's documentation in English and Chinese; the language switches in place", async () => {
  await page.click('#rule-browser button.link:has(.code:text-is("HA001"))');
  await page.waitForSelector('#explain');
  assert.equal(await text('#explain .summary'), SUMMARY_EN);
  const heads = await page.$$eval('#explain h4', (h) => h.map((x) => x.textContent));
  for (const h of ['What it checks', 'Why', 'Failing example', 'Passing example', 'Fix']) {
    assert.ok(heads.includes(h), heads.join(' | '));
  }
  assert.ok((await text('#explain .fix-note')).length > 0);
  await shot(page, 'docs-03-explain-en');
  await page.selectOption('#lang', 'zh');
  await until(page, (s) => document.querySelector('#explain .summary')?.textContent === s, SUMMARY_ZH);
  const zh = await page.$$eval('#explain h4', (h) => h.map((x) => x.textContent));
  for (const h of ['检查内容', '原因', '反例（触发本规则）', '正例（不触发）', '修复']) {
    assert.ok(zh.includes(h), zh.join(' | '));
  }
  assert.match(await text('#explain .fix-note'), /[\u4e00-\u9fff]/);
  await shot(page, 'docs-04-explain-zh');
  // Back to the list, in Chinese.
  await page.click('#explain > button');
  await page.waitForSelector('#rule-browser');
  assert.ok((await text('#rule-browser')).includes(`single-instance-module — ${SUMMARY_ZH}`));
  await page.selectOption('#lang', 'en');
  await until(page, (s) => document.querySelector('#rule-browser')?.textContent.includes(s), SUMMARY_EN);
  // The module was fetched once and is kept: closing and opening again fetches nothing.
  await page.keyboard.press('Escape');
  await until(page, () => !document.querySelector('#rule-browser'));
  await page.click('#rules');
  await page.waitForSelector('#rule-browser');
  assert.equal(fetched().length, 2);
});

test('a finding\'s Explain opens its documentation once loaded', async () => {
  await page.keyboard.press('Escape');
  await page.setInputFiles('#file-open', path.join(ROOT, 'examples/broken/ha.json'));
  await page.waitForSelector('li.finding[data-code="HA001"]');
  await page.click('li.finding[data-code="HA001"] .explain');
  await page.waitForSelector('#explain');
  assert.equal(await text('#explain .summary'), SUMMARY_EN);
  await page.keyboard.press('Escape');
});

test('when the module cannot be fetched, the dialog says so, in both languages, and retries', async () => {
  const p = await open(b.ctx, server.url, (pg) =>
    pg.route('**/archlint-web-docs*', (route) => route.abort()));
  await p.click('#rules');
  await p.waitForSelector('#docs-error');
  assert.match(await p.textContent('#docs-error'), /The rules' documentation could not be loaded/);
  await p.selectOption('#lang', 'zh');
  await until(p, () => /无法加载规则说明/.test(document.querySelector('#docs-error')?.textContent));
  await shot(p, 'docs-05-error-zh');
  // Fetchable again: closing and opening the dialog loads it.
  await p.unroute('**/archlint-web-docs*');
  await p.keyboard.press('Escape');
  await until(p, () => !document.querySelector('#docs-error'));
  await p.click('#rules');
  await p.waitForSelector('#rule-browser');
  assert.ok((await p.textContent('#rule-browser')).includes(SUMMARY_ZH));
  await p.close();
});
