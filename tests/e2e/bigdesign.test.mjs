// Big designs (issue #14): a generated design of about 3,000 nodes with about 2,000 findings.
// Search finds a node by its label and selects it; the findings are grouped by rule with the
// counts the CLI reports for the same design; filters by severity, rule and node; the minimap
// scrolls the canvas; Fit shows the whole design.
// DIST=<dir> serves another build than dist/.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, browser, open, shot, paste, until, ROOT, SHOTS } from './lib.mjs';

const ARCHLINT = process.env.ARCHLINT_BIN || path.join(ROOT, 'target/debug/archlint');
const RENDER = process.env.ARCHLINT_RENDER || path.join(ROOT, 'target/debug/archlint-web-render');

let server, b, page;
// The design, the node given a label to search for, and the CLI's findings for the design.
let big, labelled, cli;
const LABEL = '订单服务 Orders Seven';

before(async () => {
  big = JSON.parse(execFileSync(RENDER, ['--gen', '3000'], { encoding: 'utf8' }));
  // Findings of several rules and all three severities: servers that do not start at boot
  // (HA005, warning), of a module of their own on large instances (HA001 warning, HA006 info),
  // with a disk over the limit (CP002, error).
  const apps = big.nodes.filter((n) => n.kind === 'ecs' && (n.role ?? 'app') === 'app');
  apps.forEach((n, i) => {
    if (i % 3 === 0) n.autostart = false;
    if (i % 7 === 0) {
      delete n.module;
      n.cpu = 16;
    }
    if (i % 5 === 0) n.disks_gb = [4096];
  });
  // A server far down the design, with a label to search for (not its id).
  labelled = apps[Math.floor(apps.length * 0.8)];
  labelled.label = LABEL;
  const file = path.join(SHOTS, 'bigdesign.json');
  fs.writeFileSync(file, JSON.stringify(big, null, 2));
  let out;
  try {
    out = execFileSync(ARCHLINT, ['check', '--format', 'json', '--isolated', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    out = e.stdout; // exit status 1: there are errors
  }
  cli = JSON.parse(out).files[0].findings;
  assert.ok(cli.length > 1000, `${cli.length} findings`);
  server = await serve(process.env.DIST || undefined);
  b = await browser();
  page = await open(b.ctx, server.url);
  await paste(page, JSON.stringify(big));
  await until(page, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n, big.nodes.length, 60000);
});
afterEach(() => {
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, []);
});
after(async () => {
  await b?.close();
  server?.close();
});

/// Whether the element's box lies inside the canvas's visible area.
const inView = (sel) => page.evaluate((s) => {
  const r = document.querySelector(s)?.getBoundingClientRect();
  const v = document.getElementById('canvas-scroll').getBoundingClientRect();
  return !!r && r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom;
}, sel);

test('search finds a node by its label, selects and reveals it; Escape closes the list', async () => {
  const id = labelled.id;
  assert.equal(await page.$(`#node-${id}`), null, 'the node is out of view at first');
  // "/" focuses the search box when the focus is not in a text field.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
  await page.keyboard.type('orders SEVEN');
  await page.waitForSelector('#search-results:not([hidden]) .hit');
  const hits = await page.$$eval('#search-results:not([hidden]) .hit', (l) => l.map((x) => x.dataset.id));
  assert.deepEqual(hits, [id]);
  await shot(page, 'bigdesign-01-search');
  await page.click(`#search-results:not([hidden]) .hit[data-id="${id}"]`);
  // Its form shows, it is selected and scrolled into view.
  await page.waitForSelector('#f-label');
  assert.equal(await page.inputValue('#f-id'), id);
  assert.equal(await page.inputValue('#f-label'), LABEL);
  await until(page, (s) => document.querySelector(s)?.classList.contains('selected'), `#node-${id}`);
  assert.ok(await inView(`#node-${id}`), 'the node is in view');
  assert.equal(await page.$('#search-results:not([hidden])'), null, 'the list closed');
  // By id, case-insensitively, and in Chinese; containers too; Ctrl+F focuses the box.
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press('Control+f');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
  await page.fill('#search', '订单');
  await page.waitForSelector(`#search-results:not([hidden]) .hit[data-id="${id}"]`);
  await page.fill('#search', 'R0-Z1');
  await page.waitForSelector('#search-results:not([hidden]) .hit[data-id="r0-z1"]');
  const first = await page.$eval('#search-results:not([hidden]) .hit', (x) => x.dataset.id);
  assert.equal(first, 'r0-z1', 'the exact match first');
  await page.keyboard.press('Escape');
  assert.equal(await page.$('#search-results:not([hidden])'), null);
  assert.equal(await page.inputValue('#f-id'), id, 'Escape in the search box keeps the selection');
  // Enter takes the first match: a container, selected (its form) and scrolled to.
  await page.focus('#search');
  await page.keyboard.press('Enter');
  await until(page, () => document.getElementById('f-id')?.value === 'r0-z1');
  // The zone is taller than the view: its top left corner is shown.
  const corner = await page.evaluate(() => {
    const r = document.querySelector('#canvas-svg .box[data-id="r0-z1"]').getBoundingClientRect();
    const v = document.getElementById('canvas-scroll').getBoundingClientRect();
    return r.left >= v.left && r.left < v.right && r.top >= v.top && r.top < v.bottom;
  });
  assert.ok(corner, 'the zone is in view');
  await page.fill('#search', 'no such thing anywhere');
  await page.waitForSelector('#search-results:not([hidden]) .none');
  await page.keyboard.press('Escape');
});

/// Per rule, how many of `list` (the CLI's findings).
const byRule = (list) => {
  const m = {};
  for (const f of list) m[f.rule] = (m[f.rule] || 0) + 1;
  return m;
};
const groups = () => page.$$eval('.rule-group', (l) => l.map((g) => ({
  code: g.dataset.code,
  count: Number(g.dataset.count),
  head: g.querySelector('.group-head').textContent,
  open: g.querySelector('.group-head').getAttribute('aria-expanded') === 'true',
  items: [...g.querySelectorAll('li.finding')].map((x) => x.dataset.target || ''),
})));
const SEV = { error: 0, warning: 1, info: 2 };

test('findings are grouped by rule with the counts the CLI reports; large groups start collapsed', async () => {
  const want = byRule(cli);
  assert.ok(Object.keys(want).length >= 4, JSON.stringify(want));
  const got = await groups();
  assert.deepEqual(Object.fromEntries(got.map((g) => [g.code, g.count])), want);
  const sev = (code) => SEV[cli.find((f) => f.rule === code).severity];
  for (const g of got) {
    const name = cli.find((f) => f.rule === g.code).name;
    assert.ok(g.head.endsWith(`${g.code} ${name} (${g.count})`), g.head);
    // Every group here has more than 50 findings: collapsed, none of its findings rendered.
    assert.equal(g.open, false, g.code);
    assert.equal(g.items.length, 0, g.code);
  }
  // Errors first, then warnings, then information.
  const order = got.map((g) => sev(g.code));
  assert.deepEqual(order, [...order].sort());
  assert.equal(await page.$$eval('li.finding', (l) => l.length), 0);
  // Opening a group shows its first hundred, "Show more" a hundred more.
  const code = got[0].code;
  const shown = (c) => document.querySelectorAll(`.rule-group[data-code="${c}"] li.finding`).length;
  await page.click(`.rule-group[data-code="${code}"] .group-head`);
  await until(page, (c) => document.querySelectorAll(`.rule-group[data-code="${c}"] li.finding`).length === 100, code);
  await shot(page, 'bigdesign-02-groups');
  await page.click(`.rule-group[data-code="${code}"] .more`);
  await until(page, (c) => document.querySelectorAll(`.rule-group[data-code="${c}"] li.finding`).length === 200, code);
  const codes = await page.$$eval(`.rule-group[data-code="${code}"] li.finding`, (l) => [...new Set(l.map((x) => x.dataset.code))]);
  assert.deepEqual(codes, [code]);
  await page.click(`.rule-group[data-code="${code}"] .group-head`);
  await until(page, (c) => document.querySelectorAll(`.rule-group[data-code="${c}"] li.finding`).length === 0, code);
  assert.equal(await page.evaluate(shown, code), 0);
});

test('filters by severity, rule and node change the list', async () => {
  const all = byRule(cli);
  const counts = async () => Object.fromEntries((await groups()).map((g) => [g.code, g.count]));
  // Severity: without warnings.
  await page.click('#show-warning');
  const noWarn = byRule(cli.filter((f) => f.severity !== 'warning'));
  await until(page, (n) => document.querySelectorAll('.rule-group').length === n, Object.keys(noWarn).length);
  assert.deepEqual(await counts(), noWarn);
  await page.click('#show-warning');
  await until(page, (n) => document.querySelectorAll('.rule-group').length === n, Object.keys(all).length);
  // Rule: one rule's group only (the choices say their counts).
  const options = await page.$$eval('#rule-filter option', (l) => l.map((o) => [o.value, o.textContent]));
  assert.equal(options.length, Object.keys(all).length + 1);
  const rule = 'HA006';
  assert.ok(options.some(([v, t]) => v === rule && t.endsWith(`(${all[rule]})`)), JSON.stringify(options));
  await page.selectOption('#rule-filter', rule);
  await until(page, () => document.querySelectorAll('.rule-group').length === 1);
  assert.deepEqual(await counts(), { [rule]: all[rule] });
  await page.selectOption('#rule-filter', '');
  await until(page, (n) => document.querySelectorAll('.rule-group').length === n, Object.keys(all).length);
  // Node: the findings of the node with the most, selected through the search box.
  const per = byRule(cli.map((f) => ({ rule: f.target || '' })));
  const id = Object.keys(per).filter(Boolean).sort((a, z) => per[z] - per[a])[0];
  assert.ok(per[id] >= 2, `${id}: ${per[id]}`);
  await page.fill('#search', id);
  await page.waitForSelector(`#search-results:not([hidden]) .hit[data-id="${id}"]`);
  await page.press('#search', 'Enter');
  await until(page, (x) => document.getElementById('f-id')?.value === x, id);
  await page.check('#only-selected');
  const mine = byRule(cli.filter((f) => f.target === id));
  await until(page, (n) => document.querySelectorAll('.rule-group').length === n, Object.keys(mine).length);
  // A group collapsed by hand (above) stays so: open them all.
  for (const h of await page.$$('.group-head[aria-expanded="false"]')) await h.click();
  await until(page, () => !document.querySelector('.group-head[aria-expanded="false"]'));
  const got = await groups();
  assert.deepEqual(Object.fromEntries(got.map((g) => [g.code, g.count])), mine);
  // Small groups are open: every finding listed is about the node.
  const items = got.flatMap((g) => g.items);
  assert.equal(items.length, cli.filter((f) => f.target === id).length);
  assert.ok(items.every((t) => t === id), items.join());
  await shot(page, 'bigdesign-03-node-filter');
  await page.uncheck('#only-selected');
  await until(page, (n) => document.querySelectorAll('.rule-group').length === n, Object.keys(all).length);
});

test('the minimap shows the whole design; a click or drag on it scrolls the canvas there', async () => {
  await until(page, () => Number(document.getElementById('minimap')?.dataset.nodes) > 0);
  assert.ok(await page.$eval('#minimap', (c) => Number(c.dataset.nodes)) >= big.nodes.length);
  // Something is drawn: the node dots and container outlines.
  const painted = await page.$eval('#minimap', (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n / (c.width * c.height);
  });
  assert.ok(painted > 0.05, `painted ${painted}`);
  const box = await page.$eval('#minimap', (c) => {
    const r = c.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  });
  const where = () => page.evaluate(() => {
    const s = document.getElementById('canvas-scroll');
    const h = document.getElementById('canvas-svg').getBoundingClientRect().height;
    const v = document.getElementById('minimap-view').getBoundingClientRect();
    return { top: s.scrollTop, mid: (s.scrollTop + s.clientHeight / 2) / h, view: v.top + v.height / 2 };
  });
  const before = await where();
  for (const f of [0.75, 0.3]) {
    await page.mouse.click(box.x + box.w / 2, box.y + box.h * f);
    // The view rectangle moves on the canvas's scroll event.
    const y = box.y + box.h * f;
    await until(page, (y) => {
      const v = document.getElementById('minimap-view').getBoundingClientRect();
      return Math.abs(v.top + v.height / 2 - y) < 3;
    }, y);
    const at = await where();
    // The view's middle is where the minimap was clicked (the drawn height is rounded up to a
    // step, hence the tolerance), and the view rectangle is drawn there.
    assert.ok(Math.abs(at.mid - f) < 0.03, `${f}: ${JSON.stringify(at)}`);
    assert.ok(Math.abs(at.view - (box.y + box.h * f)) < 3, `${f}: ${JSON.stringify(at)} ${JSON.stringify(box)}`);
  }
  assert.notEqual((await where()).top, before.top);
  // A drag follows the pointer.
  await page.mouse.move(box.x + box.w / 2, box.y + box.h * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.w / 2, box.y + box.h * 0.5, { steps: 4 });
  await page.mouse.up();
  assert.ok(Math.abs((await where()).mid - 0.5) < 0.03);
  // The nodes there are drawn on the canvas.
  await until(page, () => document.querySelectorAll('#canvas-svg .node').length > 0);
  await shot(page, 'bigdesign-04-minimap');
});

test('Fit shows the whole design, below 10% when it must', async () => {
  const fits = () => page.evaluate(() => {
    const s = document.getElementById('canvas-scroll');
    const r = document.getElementById('canvas-svg').getBoundingClientRect();
    return r.width <= s.clientWidth + 0.5 && r.height <= s.clientHeight + 0.5;
  });
  assert.equal(await fits(), false);
  await page.click('#zoom-fit');
  await until(page, () => {
    const s = document.getElementById('canvas-scroll');
    const r = document.getElementById('canvas-svg').getBoundingClientRect();
    return r.width <= s.clientWidth + 0.5 && r.height <= s.clientHeight + 0.5;
  }, undefined, 60000);
  const zoom = async () => parseFloat(await page.textContent('.canvas-tools .zoom'));
  const z = await zoom();
  assert.ok(z < 10, `zoom ${z}%`);
  // Nothing left to scroll to.
  assert.ok(await page.evaluate(() => {
    const s = document.getElementById('canvas-scroll');
    return s.scrollHeight <= s.clientHeight + 1 && s.scrollWidth <= s.clientWidth + 1;
  }));
  await shot(page, 'bigdesign-05-fit');
  // Zooming out stops at Fit's zoom; zooming in works from there.
  await page.click('#zoom-out');
  assert.equal(await zoom(), z);
  assert.ok(await fits());
  await page.click('#zoom-in');
  await until(page, (z0) => parseFloat(document.querySelector('.canvas-tools .zoom').textContent) > z0, z);
  await page.click('#zoom-reset');
  await until(page, () => document.querySelector('.canvas-tools .zoom').textContent === '100%');
});
