// Opening Terraform configurations and ROS templates in the editor (headless Chromium, the built
// page in dist/): the importer is a WASM module of its own (web-import/), fetched only when a
// Terraform or ROS file is first opened. Also the bundle sizes: what loads on first paint must
// stay under 600 KB gzip; the importer is measured on its own. Figures go to target/e2e/.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, browser, open, shot, example, until, ROOT, SHOTS, DIST } from './lib.mjs';

const FIX = path.join(ROOT, 'tests/e2e/fixtures');
const BUDGET = 600 * 1000; // bytes gzip, on first paint

let server, b, page;
// Every request of the page, in order: [phase, path].
const requests = [];
let phase = 'first paint';

before(async () => {
  server = await serve();
  b = await browser();
  page = await open(b.ctx, server.url, (p) => {
    p.on('request', (r) => requests.push([phase, new URL(r.url()).pathname]));
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

const importer = () => requests.filter(([, p]) => p.includes('archlint-web-import'));
const nodes = () => page.$eval('#canvas-svg', (svg) => Number(svg.dataset.nodes));
const codes = () => page.$$eval('li.finding', (l) => l.map((x) => x.dataset.code));
async function saved() {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#file-save')]);
  return fs.readFileSync(await d.path(), 'utf8');
}
const gzip = (file) => zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length;

test('first paint stays under 600 KB gzip and fetches no importer', async () => {
  await page.waitForTimeout(300);
  const first = [...new Set(requests.filter(([ph]) => ph === 'first paint').map(([, p]) => p))]
    .map((p) => (p === '/' ? 'index.html' : p.slice(1)))
    .filter((f) => fs.existsSync(path.join(DIST, f)));
  assert.ok(first.some((f) => f.endsWith('_bg.wasm')), first.join(' '));
  assert.deepEqual(importer(), [], 'the importer is not fetched on first paint');
  const sizes = Object.fromEntries(first.map((f) => [f, gzip(f)]));
  const total = Object.values(sizes).reduce((a, z) => a + z, 0);
  const imp = ['archlint-web-import.js', 'archlint-web-import_bg.wasm'];
  const impSizes = Object.fromEntries(imp.map((f) => [f, gzip(f)]));
  const impTotal = Object.values(impSizes).reduce((a, z) => a + z, 0);
  const fig = { budget_gzip: BUDGET, first_paint: { files: sizes, gzip_total: total },
    importer_on_demand: { files: impSizes, gzip_total: impTotal } };
  fs.writeFileSync(path.join(SHOTS, 'size.json'), JSON.stringify(fig, null, 2));
  console.log('sizes', JSON.stringify(fig));
  assert.ok(total < BUDGET, `first paint ${total} B gzip, over the ${BUDGET} B budget`);
  // Opening a design does not fetch it either.
  await page.setInputFiles('#file-open', path.join(ROOT, 'examples/vpc.json'));
  await until(page, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n,
    JSON.parse(example('vpc.json')).nodes.length);
  assert.deepEqual(importer(), []);
});

test('a Terraform configuration opens from several files: the ECS, SG001 and HA001', async () => {
  const before = await saved();
  phase = 'import';
  await page.setInputFiles('#file-open', ['main.tf', 'security.tf'].map((f) => path.join(FIX, 'terraform', f)));
  await page.waitForSelector('#canvas-svg .node[data-kind="ecs"][data-id="alicloud_instance.web"]');
  await page.waitForSelector('li.finding[data-code="SG001"]');
  const c = await codes();
  assert.ok(c.includes('HA001'), c.join(' '));
  assert.equal(await nodes(), 1);
  assert.equal(await page.$('#refused'), null);
  await shot(page, 'import-01-terraform');
  // The importer was fetched now, once: its JS and its WASM.
  assert.deepEqual(importer().map(([ph, p]) => [ph, p]),
    [['import', '/archlint-web-import.js'], ['import', '/archlint-web-import_bg.wasm']]);
  // The document says where it came from; opening it is one undoable step.
  const design = JSON.parse(await saved());
  assert.equal(design.name, 'main.tf, security.tf (Terraform)');
  await page.click('#undo');
  await until(page, (t) => document.getElementById('canvas-svg')?.dataset.nodes === t,
    String(JSON.parse(before).nodes.length));
  assert.equal(await saved(), before);
  await page.click('#redo');
  await page.waitForSelector('#canvas-svg .node[data-id="alicloud_instance.web"]');
});

test('a ROS template opens on its own', async () => {
  await page.setInputFiles('#file-open', path.join(FIX, 'ros/stack.yaml'));
  await page.waitForSelector('#canvas-svg .node[data-kind="ecs"][data-id="Web"]');
  assert.equal(await nodes(), 1);
  const design = JSON.parse(await saved());
  assert.equal(design.name, 'One web server (stack.yaml, ROS)');
  await shot(page, 'import-02-ros');
  // The module was loaded once and is kept.
  assert.equal(importer().length, 2);
});

test('a broken .tf is refused at main.tf:line:column, in both languages; the design stays', async () => {
  const before = await saved();
  await page.setInputFiles('#file-open', path.join(FIX, 'broken/main.tf'));
  await page.waitForSelector('#refused');
  let msg = await page.textContent('#refused');
  assert.match(msg, /main\.tf:3:16/);
  assert.match(msg, /invalid HCL/);
  assert.match(msg, /the design is unchanged/);
  await shot(page, 'import-03-broken');
  await page.selectOption('#lang', 'zh');
  await until(page, () => document.querySelector('#undo').textContent === '撤销');
  msg = await page.textContent('#refused');
  assert.match(msg, /main\.tf:3:16/);
  assert.match(msg, /HCL 语法错误/);
  await shot(page, 'import-04-broken-zh');
  await page.selectOption('#lang', 'en');
  assert.equal(await saved(), before);
  await page.click('#refused button');
  await until(page, () => !document.querySelector('#refused'));
});

test('Terraform files mixed with a design are refused; several designs too', async () => {
  const before = await saved();
  await page.setInputFiles('#file-open', [path.join(FIX, 'terraform/main.tf'), path.join(ROOT, 'examples/vpc.json')]);
  await page.waitForSelector('#refused');
  assert.match(await page.textContent('#refused'), /vpc\.json — Terraform files open together with other Terraform files only/);
  assert.equal(await saved(), before);
  await page.click('#refused button');
  await page.setInputFiles('#file-open', ['vpc.json', 'high-security.json'].map((f) => path.join(ROOT, 'examples', f)));
  await page.waitForSelector('#refused');
  assert.match(await page.textContent('#refused'), /high-security\.json — open one design or ROS template at a time/);
  assert.equal(await saved(), before);
  await page.click('#refused button');
});

test('files dropped on the page open like picked ones', async () => {
  const texts = Object.fromEntries(['main.tf', 'security.tf']
    .map((f) => [f, fs.readFileSync(path.join(FIX, 'terraform', f), 'utf8')]));
  await page.click('#file-new');
  await until(page, () => document.getElementById('canvas-svg')?.dataset.nodes === '0');
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of Object.entries(files)) dt.items.add(new File([text], name));
    const target = document.querySelector('.app');
    for (const type of ['dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, texts);
  await page.waitForSelector('#canvas-svg .node[data-id="alicloud_instance.web"]');
  await page.waitForSelector('li.finding[data-code="SG001"]');
});

test('a dropped folder is read recursively: its local module comes along', async () => {
  // A real drop of a directory (Chromium's DevTools protocol), which only the browser's
  // file-system entries (webkitGetAsEntry) can read.
  const cdp = await b.ctx.newCDPSession(page);
  const data = { items: [], files: [path.join(FIX, 'infra')], dragOperationsMask: 1 };
  const box = await page.locator('#canvas-scroll').boundingBox();
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: box.x + box.width / 2, y: box.y + box.height / 2, data });
  }
  await page.waitForSelector('#canvas-svg .node[data-kind="ecs"][data-id="module.app.alicloud_instance.app"]');
  assert.equal(await nodes(), 1);
  assert.equal(JSON.parse(await saved()).name, 'infra (Terraform)');
  await shot(page, 'import-05-folder');
  await cdp.detach();
});
