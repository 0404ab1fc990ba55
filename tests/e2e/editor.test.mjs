// End-to-end tests of the editor in headless Chromium, against the built page (dist/) served
// on localhost. Screenshots of every step go to target/e2e/.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { serve, browser, open, shot, example, paste, until, ROOT, SHOTS } from './lib.mjs';

let server, b, page;
// The CLI (`archlint render`) the exported SVG is compared with, and the web crate's helper
// binary that prints core's generated designs.
const ARCHLINT = process.env.ARCHLINT_BIN || path.join(ROOT, 'target/debug/archlint');
const RENDER = process.env.ARCHLINT_RENDER || path.join(ROOT, 'target/debug/archlint-web-render');

before(async () => {
  server = await serve();
  b = await browser();
  page = await open(b.ctx, server.url);
});
// No console error, uncaught exception or CSP violation in any step.
afterEach(() => {
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, []);
});
after(async () => {
  await b?.close();
  server?.close();
});

// The design's nodes the canvas has laid out (only those in view are in the document).
const nodes = () => page.$eval('#canvas-svg', (svg) => Number(svg.dataset.nodes));
const codes = () => page.$$eval('li.finding', (l) => l.map((x) => `${x.dataset.code}@${x.dataset.target || ''}`));
async function download(selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return fs.readFileSync(await d.path(), 'utf8');
}

test('the page loads under its CSP with no error', async () => {
  await shot(page, '01-start');
  assert.deepEqual(page.errors, []);
});

test('an example loads and lints clean', async () => {
  await page.click('#file-examples');
  await shot(page, '02-gallery');
  await page.click('#example-classic-dual-zone');
  await page.waitForSelector('#clean');
  const want = JSON.parse(example('classic-dual-zone.json')).nodes.length;
  assert.equal(await nodes(), want);
  assert.match(await page.textContent('#counts'), /0 error.*0 warning/);
  await shot(page, '03-example-clean');
});

test('a lone ECS shows HA001 on the node and in the panel', async () => {
  await page.click('#add-ecs');
  await page.waitForSelector('li.finding[data-code="HA001"][data-target="ecs-1"]');
  const node = await page.$('#node-ecs-1');
  assert.ok(node, 'the new node is drawn');
  assert.match(await node.getAttribute('class'), /sev-warning/);
  assert.equal(await node.getAttribute('data-findings') !== null, true);
  assert.ok(await page.$('#node-ecs-1 .ring'), 'the node carries a ring');
  assert.equal(await page.inputValue('#f-id'), 'ecs-1', 'the properties panel shows the new node');
  await shot(page, '04-lone-ecs-ha001');
  // Clicking the finding selects the node.
  await page.click('li.finding[data-code="HA001"] .finding-main');
  assert.match(await page.getAttribute('#node-ecs-1', 'class'), /selected/);
});

test('undo removes it, redo brings it back, undo again', async () => {
  await page.keyboard.press('Control+z');
  await page.waitForSelector('#clean');
  assert.equal(await page.$('#node-ecs-1'), null);
  await shot(page, '05-undo');
  await page.keyboard.press('Control+Shift+z');
  await page.waitForSelector('#node-ecs-1');
  await page.click('#undo');
  await page.waitForSelector('#clean');
});

test('the design and its history survive a reload', async () => {
  const before = await page.textContent('#counts');
  await page.waitForTimeout(700); // autosave is debounced
  await page.reload();
  await page.waitForSelector('#canvas-svg[data-ready]');
  await page.waitForSelector('#clean');
  const want = JSON.parse(example('classic-dual-zone.json')).nodes.length;
  assert.equal(await nodes(), want);
  assert.equal(await page.textContent('#counts'), before);
  assert.equal(await page.isDisabled('#undo'), false, 'undo history restored');
  assert.equal(await page.isDisabled('#redo'), false, 'redo history restored');
  await shot(page, '06-after-reload');
});

test('a broken file is refused with line and column; the design stays', async () => {
  const before = await download('#file-save');
  await page.setInputFiles('#file-open', { name: 'broken.json', mimeType: 'application/json',
    buffer: Buffer.from('{\n  "archlint": 1,\n  "regions": [,]\n}\n') });
  await page.waitForSelector('#refused');
  const msg = await page.textContent('#refused');
  assert.match(msg, /3:15/);
  assert.match(msg, /invalid JSON/);
  assert.equal(await download('#file-save'), before);
  await shot(page, '07-broken-file-refused');
  await page.click('#refused button');
});

test('the exported SVG is what `archlint render` writes for the same design', async () => {
  const json = await download('#file-save');
  const svg = await download('#export-svg');
  const file = path.join(SHOTS, 'design.json');
  fs.writeFileSync(file, json);
  fs.writeFileSync(path.join(SHOTS, 'export.svg'), svg);
  const native = execFileSync(ARCHLINT, ['render', file, '--lang', 'en', '--theme', 'light'], { encoding: 'utf8' });
  assert.equal(svg, native);
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
  const pngBytes = fs.readFileSync(await png.path());
  assert.equal(pngBytes.subarray(1, 4).toString(), 'PNG');
  fs.writeFileSync(path.join(SHOTS, 'export.png'), pngBytes);
  const dot = await download('#export-dot');
  assert.match(dot, /^digraph/);
  // The canvas draws the same scene: the same nodes at the same places.
  const rects = await page.$$eval('#canvas-svg .node', (g) => g.map((e) => {
    const [, tx, ty] = e.getAttribute('transform').match(/translate\((-?\d+) (-?\d+)\)/);
    const b = e.querySelector('.nbox');
    return [+tx + +b.getAttribute('x'), +ty + +b.getAttribute('y'), b.getAttribute('width'), b.getAttribute('height')].join(',');
  }));
  assert.ok(rects.length > 0);
  for (const r of rects) {
    const [x, y, w, h] = r.split(',');
    assert.ok(native.includes(`<rect class="nbox" x="${x}" y="${y}" width="${w}" height="${h}"`), r);
  }
});

test('another tab\'s newer save is not silently overwritten', async () => {
  const other = await open(b.ctx, server.url);
  await other.click('#add-rds');
  await other.waitForTimeout(700);
  // A page in the background gets no animation frames (Playwright's waits poll on them).
  await page.bringToFront();
  await page.waitForSelector('#conflict');
  await shot(page, '08-other-tab-conflict');
  await page.click('#conflict button:first-of-type');
  await page.waitForSelector('#node-rds-1');
  await other.close();
  await page.click('#undo');
});

test('forms move an ECS to the other zone; dragging from node to node draws a link', async () => {
  await page.click('#add-ecs');
  await page.waitForSelector('#node-ecs-1');
  const zones = await page.$$eval('#f-zone option', (o) => o.map((x) => x.value).filter(Boolean));
  const before = await page.inputValue('#f-zone');
  const other = zones.find((z) => z !== before);
  await page.selectOption('#f-zone', other);
  await until(page, (z) => document.querySelector('#f-zone').value === z, other);
  await page.fill('#f-cpu', '-1');
  await page.press('#f-cpu', 'Tab');
  let json = JSON.parse(await download('#file-save'));
  const node = json.nodes.find((n) => n.id === 'ecs-1');
  assert.equal(node.zone, other);
  assert.equal(node.cpu, 2, 'an invalid number is refused');
  // Enter in a text field commits it and nothing else (the form's buttons are not submit
  // buttons: Enter once clicked the first of them, adding or removing a list entry).
  await page.fill('#f-label', 'web 1');
  await page.press('#f-label', 'Enter');
  await until(page, () => document.querySelector('#node-ecs-1 title')?.textContent.startsWith('web 1'));
  const renamed = JSON.parse(await download('#file-save')).nodes.find((n) => n.id === 'ecs-1');
  assert.deepEqual(renamed, { ...node, label: 'web 1' });
  // Drag from the dot on the new ECS's right edge to the first SLB (dragging its body would
  // move it).
  // The SLBs are drawn at the top of the design.
  await page.$eval('#canvas-scroll', (el) => { el.scrollTop = 0; });
  const slb = await page.getAttribute('#canvas-svg .node[data-kind="slb"]', 'data-id');
  const a = await page.locator('#node-ecs-1 .nbox').boundingBox();
  await page.locator(`[id="node-${slb}"]`).scrollIntoViewIfNeeded();
  await page.locator('#node-ecs-1').scrollIntoViewIfNeeded();
  const a2 = await page.locator('#node-ecs-1 .nbox').boundingBox();
  const b2 = await page.locator(`[id="node-${slb}"] .nbox`).boundingBox();
  await page.mouse.move(a2.x + a2.width - 1, a2.y + a2.height / 2);
  await page.mouse.down();
  await page.mouse.move(b2.x + 20, b2.y + 10, { steps: 5 });
  await page.mouse.up();
  json = JSON.parse(await download('#file-save'));
  assert.deepEqual(json.links.at(-1), { from: 'ecs-1', to: slb });
  assert.ok(a);
  await shot(page, '08a-forms-and-link');
  // Keyboard: Enter selects the focused node and edits it (the focus goes into its form),
  // Escape goes back to the node, Delete removes it, Escape clears the selection.
  await page.focus('#node-ecs-1');
  await page.keyboard.press('Enter');
  await until(page, () => document.querySelector('#node-ecs-1').classList.contains('selected'));
  await until(page, () => !!document.activeElement?.closest('#properties'));
  await page.keyboard.press('Escape');
  await until(page, () => document.activeElement?.id === 'node-ecs-1');
  await page.keyboard.press('Delete');
  await until(page, () => !document.querySelector('#node-ecs-1'));
  await page.keyboard.press('Control+z');
  await page.waitForSelector('#node-ecs-1');
  await page.keyboard.press('Escape');
  // Undo the link, the label, the zone and the new ECS.
  for (let i = 0; i < 4; i++) await page.click('#undo');
  await page.waitForSelector('#clean');
});

test('a full storage is reported, not ignored', async () => {
  await page.evaluate(() => {
    // Another app of the origin used up the quota; our own record is gone too.
    localStorage.removeItem('archlint.autosave');
    let i = 0;
    for (const size of [512 * 1024, 32 * 1024, 1024, 16]) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try { localStorage.setItem(`fill-${i++}`, chunk); } catch { break; }
      }
    }
  });
  await page.click('#add-oss');
  await page.waitForSelector('#storage-warning');
  await shot(page, '08b-storage-full');
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fill-')).forEach((k) => localStorage.removeItem(k)));
  await page.click('#undo');
  await until(page, () => !document.querySelector('#storage-warning'));
});

test('Chinese UI and Chinese messages', async () => {
  await paste(page, example('broken/ha.json'));
  await page.waitForSelector('li.finding');
  await page.selectOption('#lang', 'zh');
  await until(page, () => document.querySelector('#undo').textContent === '撤销');
  const msgs = await page.$$eval('li.finding .msg', (m) => m.map((x) => x.textContent));
  assert.ok(msgs.length > 0);
  assert.ok(msgs.every((m) => /[\u4e00-\u9fff]/.test(m)), msgs.join('\n'));
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  await shot(page, '09-chinese');
  await page.click('li.finding .explain');
  await page.waitForSelector('#explain');
  assert.match(await page.textContent('#explain'), /检查内容/);
  await shot(page, '10-explain-zh');
  await page.keyboard.press('Escape');
  await page.click('#theme');
  await shot(page, '11-dark');
  await page.click('#theme');
  await page.selectOption('#lang', 'en');
});

test('ignore a finding with a reason writes an ignore entry', async () => {
  await page.click('li.finding[data-code="HA001"] .ignore');
  await page.fill('#ignore-reason', 'batch job, a restart is fine');
  const target = await page.getAttribute('li.finding[data-code="HA001"]', 'data-target');
  await page.click('#ignore-ok');
  await until(page, (t) => !document.querySelector(`li.finding[data-code="HA001"][data-target="${t}"]`), target);
  const json = JSON.parse(await download('#file-save'));
  assert.deepEqual(json.ignore.at(-1), { rule: 'HA001', target, reason: 'batch job, a restart is fine' });
});

test('a share link opens the design', async () => {
  const text = example('vpc.json');
  const frag = zlib.deflateRawSync(Buffer.from(text)).toString('base64url');
  const p2 = await open(b.ctx, `${server.url}#d=${frag}`);
  await until(p2, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n && document.querySelector('#canvas-svg .node'),
    JSON.parse(text).nodes.length);
  assert.equal(p2.url(), server.url, 'the fragment is dropped once opened');
  await p2.close();
});

test('the palette adds every kind of thing; links by picking; zoom, pan and the severity filter', async () => {
  const save = async () => JSON.parse(await download('#file-save'));
  await page.click('#file-new');
  await until(page, () => document.getElementById('canvas-svg')?.dataset.nodes === '0');
  // Containers: a region, a zone in it, a VPC in it, a vSwitch of each tier in the VPC.
  await page.click('#add-region');
  await page.click('#add-zone');
  await page.click('#add-vpc');
  for (const t of ['', '-dmz', '-management', '-intranet']) await page.click(`#add-vswitch${t}`);
  let d = await save();
  assert.equal(d.regions.length, 2);
  assert.equal(d.regions[1].zones.length, 3);
  assert.equal(d.regions[1].network, 'vpc');
  assert.equal(d.vpcs.length, 1);
  assert.deepEqual(d.vpcs[0].vswitches.map((s) => s.tier ?? null), [null, 'dmz', 'management', 'intranet']);
  // Every node kind of the format, each drawn.
  const kinds = ['ecs', 'slb', 'rds', 'oss', 'vpn', 'leased_line', 'idc', 'eip', 'nat', 'dns', 'apigw'];
  for (const [i, k] of kinds.entries()) {
    await page.click(`#add-${k}`);
    await until(page, (n) => document.getElementById('canvas-svg').dataset.nodes === String(n), i + 1);
  }
  d = await save();
  assert.deepEqual(d.nodes.map((n) => n.kind), kinds);
  // A security group, with a rule added from its form.
  await page.click('#add-sg');
  // "Add a rule admitting…" asks whom: the first source offered (the group itself).
  await page.selectOption('#add-sg-rule', { index: 1 });
  d = await save();
  assert.equal(d.security_groups.length, 1);
  assert.equal(d.security_groups[0].rules.length, 1);
  // A link by picking: select the source, Link, click the target.
  const ecs = d.nodes.find((n) => n.kind === 'ecs').id;
  const slb = d.nodes.find((n) => n.kind === 'slb').id;
  await page.locator(`[id="node-${ecs}"]`).scrollIntoViewIfNeeded();
  await page.click(`[id="node-${ecs}"]`, { position: { x: 8, y: 8 } });
  await page.click('#add-link');
  await page.locator(`[id="node-${slb}"]`).scrollIntoViewIfNeeded();
  await page.click(`[id="node-${slb}"]`, { position: { x: 8, y: 8 } });
  d = await save();
  assert.deepEqual(d.links.at(-1), { from: ecs, to: slb });
  // A click near its line (not on a node, not exactly on the 1.3-pixel stroke) selects it.
  await page.keyboard.press('Escape');
  await until(page, () => !document.querySelector('#canvas-svg .edge.selected'));
  const edge = `#canvas-svg .edge[data-from="${ecs}"][data-to="${slb}"]`;
  // Its route, from the exported SVG (the canvas draws the lines of all edges as one path).
  const exported = await download('#export-svg');
  const route = exported.match(new RegExp(`data-from="${ecs}" data-to="${slb}"><path d="([^"]+)"`))[1];
  const at = await page.evaluate((d) => {
    // The middle of its longest segment, 3 pixels to the side, scrolled into view.
    const pts = d.match(/-?\d+/g).map(Number);
    let best = null;
    for (let k = 0; k + 3 < pts.length; k += 2) {
      const [x0, y0, x1, y1] = pts.slice(k, k + 4);
      const len = Math.abs(x1 - x0) + Math.abs(y1 - y0);
      if (!best || len > best.len) best = { len, x: (x0 + x1) / 2 + (x0 === x1 ? 3 : 0), y: (y0 + y1) / 2 + (y0 === y1 ? 3 : 0) };
    }
    const svg = document.getElementById('canvas-svg');
    const z = Number(svg.getAttribute('width')) / svg.viewBox.baseVal.width;
    const scroll = document.getElementById('canvas-scroll');
    scroll.scrollLeft = best.x * z - scroll.clientWidth / 2;
    scroll.scrollTop = best.y * z - scroll.clientHeight / 2;
    const r = svg.getBoundingClientRect();
    return { x: r.left + best.x * z, y: r.top + best.y * z };
  }, route);
  // The pointer over it shows that it can be clicked.
  await page.mouse.move(at.x, at.y);
  await until(page, () => document.getElementById('canvas-scroll').hasAttribute('data-over-link'));
  await page.mouse.click(at.x, at.y);
  await until(page, (sel) => document.querySelector(sel)?.classList.contains('selected'), edge);
  assert.equal(await page.getAttribute(edge, 'data-link'), String(d.links.length - 1));
  // From the keyboard: the node's form lists its links; Enter on one selects it.
  await page.keyboard.press('Escape');
  await until(page, () => !document.querySelector('#canvas-svg .edge.selected'));
  await page.locator(`[id="node-${ecs}"]`).scrollIntoViewIfNeeded();
  await page.click(`[id="node-${ecs}"]`, { position: { x: 8, y: 8 } });
  const linkButton = `#node-links button[data-link="${d.links.length - 1}"]`;
  assert.equal(await page.textContent(linkButton), `→ ${slb}`);
  await page.focus(linkButton);
  await page.keyboard.press('Enter');
  await until(page, (sel) => document.querySelector(sel)?.classList.contains('selected'), edge);
  // Zoom in and back; pan by dragging the background.
  const width = () => page.$eval('#canvas-svg', (s) => Number(s.getAttribute('width')));
  const w0 = await width();
  await page.click('#zoom-in');
  await until(page, (w) => Number(document.getElementById('canvas-svg').getAttribute('width')) > w, w0);
  assert.ok(Math.abs((await width()) / w0 - 1.25) < 0.01);
  await page.click('#zoom-in');
  await page.click('#zoom-in');
  const box = await page.locator('#canvas-scroll').boundingBox();
  const left0 = await page.$eval('#canvas-scroll', (e) => e.scrollLeft);
  await page.mouse.move(box.x + box.width - 40, box.y + box.height - 40);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width - 240, box.y + box.height - 40, { steps: 4 });
  await page.mouse.up();
  assert.ok((await page.$eval('#canvas-scroll', (e) => e.scrollLeft)) > left0, 'the drag panned the canvas');
  await page.click('#zoom-reset');
  await until(page, (w) => Number(document.getElementById('canvas-svg').getAttribute('width')) === w, w0);
  // The severity filter hides and shows a severity's findings.
  const warnings = () => page.$$eval('li.finding.sev-warning', (l) => l.length);
  assert.ok((await warnings()) > 0);
  await page.click('#show-warning');
  await until(page, () => !document.querySelector('li.finding.sev-warning'));
  await page.click('#show-warning');
  await until(page, () => document.querySelector('li.finding.sev-warning'));
  await shot(page, '12c-palette');
});

test('an add is made while the pointer rests on its palette button, a field edit while typing; what is committed is the same', async () => {
  await paste(page, example('vpc.json'));
  const want = JSON.parse(example('vpc.json')).nodes.length;
  await until(page, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n, want);
  const parts = () => page.getAttribute('#canvas-svg', 'data-edit-parts');
  const drawn = () => page.$$eval('#canvas-svg .node', (l) => l.map((n) => `${n.id}@${n.getAttribute('transform') || ''}`).sort());
  const state = async () => ({ nodes: await drawn(), findings: (await codes()).sort() });
  // Clicked at once, the pointer coming from elsewhere: the click makes the result itself
  // (unless the page was too busy to take the press within 30 ms of the pointer's arrival, so
  // that is not asserted; the unit test in state.rs compares a result made ahead with one
  // made fresh).
  await page.waitForTimeout(300);
  await page.mouse.move(1, 1);
  await page.locator('#add-ecs').scrollIntoViewIfNeeded();
  const box = await page.locator('#add-ecs').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(1, 1);
  await until(page, (n) => Number(document.getElementById('canvas-svg').dataset.nodes) === n, want + 1);
  const direct = await state();
  await page.keyboard.press('Control+z');
  await until(page, (n) => Number(document.getElementById('canvas-svg').dataset.nodes) === n, want);
  // The pointer rests on "ECS" first: the click commits what was made meanwhile, the same.
  await page.hover('#add-ecs');
  await page.waitForTimeout(150);
  await page.click('#add-ecs');
  await until(page, (n) => Number(document.getElementById('canvas-svg').dataset.nodes) === n, want + 1);
  assert.match(await parts(), / prepared$/);
  assert.deepEqual(await state(), direct);
  await page.mouse.move(1, 1);
  // The new server's label, typed and then Enter a moment later: made while typing.
  await page.waitForSelector('#f-label');
  await page.fill('#f-label', 'web ahead');
  await page.waitForTimeout(150);
  await page.press('#f-label', 'Enter');
  await until(page, () => [...document.querySelectorAll('#canvas-svg .node text')].some((t) => t.textContent === 'web ahead'));
  assert.match(await parts(), / prepared$/);
  // Typed on: what was made for "web ahead" is not what "web ahead 2" gives.
  await page.fill('#f-label', 'web ahead 2');
  await page.press('#f-label', 'Enter');
  await until(page, () => [...document.querySelectorAll('#canvas-svg .node text')].some((t) => t.textContent === 'web ahead 2'));
  await shot(page, '09b-made-ahead');
  await page.keyboard.press('Escape');
});

test('usable at 1280×720 and on a 4K screen; keyboard focus is visible', async () => {
  // The page fills the window without a horizontal scroll bar, the canvas taking the room.
  const fits = (p) => p.evaluate(() => ({
    overflow: document.documentElement.scrollWidth > innerWidth,
    canvas: document.getElementById('canvas-scroll').clientWidth,
  }));
  let f = await fits(page);
  assert.equal(f.overflow, false);
  assert.ok(f.canvas > 600, `canvas ${f.canvas} px wide at 1280×720`);
  const big = await b.ctx.newPage();
  await big.setViewportSize({ width: 3840, height: 2160 });
  await big.goto(server.url);
  await big.waitForSelector('#canvas-svg[data-ready]');
  f = await fits(big);
  assert.equal(f.overflow, false);
  assert.ok(f.canvas > 2500, `canvas ${f.canvas} px wide at 3840×2160`);
  await shot(big, '13-4k');
  await big.close();
  // Every control has a name a screen reader can say.
  const unnamed = await page.$$eval('button, input, select, textarea', (l) => l
    .filter((e) => !(e.getAttribute('aria-label') || e.labels?.length || e.textContent.trim() || e.title
      || e.getAttribute('aria-labelledby')))
    .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  // Tab reaches the controls, and the focused one is outlined.
  await page.click('#canvas-scroll', { position: { x: 5, y: 5 } });
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const e = document.activeElement;
    // A canvas node shows its focus on its box; every other control has an outline.
    const node = e.closest('#canvas-svg .node');
    const st = getComputedStyle(node ? node.querySelector('.nbox') : e);
    return node
      ? { tag: e.tagName, shown: parseFloat(st.strokeWidth) >= 4 }
      : { tag: e.tagName, shown: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0 };
  });
  assert.notEqual(focus.tag, 'BODY');
  assert.ok(focus.shown, JSON.stringify(focus));
});

test('language and theme: from the browser, remembered over a reload; opening an example is undoable', async () => {
  // A browser set to Chinese, never seen before: the editor starts in Chinese.
  const zh = await browser({ locale: 'zh-CN' });
  try {
    const p = await open(zh.ctx, server.url);
    assert.equal(await p.textContent('#undo'), '撤销');
    assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
    assert.deepEqual(p.errors, []);
  } finally {
    await zh.close();
  }
  // Chosen language and theme survive a reload.
  await page.selectOption('#lang', 'zh');
  await page.click('#theme');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.reload();
  await page.waitForSelector('#canvas-svg[data-ready]');
  assert.equal(await page.textContent('#undo'), '撤销');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.click('#theme');
  await page.selectOption('#lang', 'en');
  await until(page, () => document.querySelector('#undo').textContent === 'Undo');
  // Opening an example replaces the design; one undo brings the previous one back.
  const before = await download('#file-save');
  await page.click('#file-examples');
  await page.click('#example-vpc');
  await until(page, (n) => document.getElementById('canvas-svg').dataset.nodes === String(n), JSON.parse(example('vpc.json')).nodes.length);
  await page.click('#undo');
  await until(page, (n) => document.getElementById('canvas-svg').dataset.nodes === String(n), JSON.parse(before).nodes.length);
  assert.equal(await download('#file-save'), before);
});

test('figures: interactive time with the largest example; 300-node edit', async () => {
  const names = ['classic-dual-zone.json', 'vpc.json', 'high-security.json', 'two-region-three-center.json'];
  const largest = names.map((n) => [n, example(n)]).sort((a, z) => z[1].length - a[1].length)[0];
  const frag = zlib.deflateRawSync(Buffer.from(largest[1])).toString('base64url');
  const want = JSON.parse(largest[1]).nodes.length;
  const times = [];
  for (let i = 0; i < 3; i++) {
    const p = await b.ctx.newPage();
    await p.goto(`${server.url}#d=${frag}`);
    await until(p, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n && document.querySelector('#canvas-svg .node'), want);
    times.push(Number(await p.getAttribute('#canvas-svg', 'data-drawn-at')));
    await p.close();
  }
  // A generated design of 300 nodes (core's generator, the benchmark's designs).
  const big = JSON.parse(execFileSync(RENDER, ['--gen', '300'], { encoding: 'utf8' }));
  // Servers that do not start at boot, at both ends of the design: HA005 findings about nodes
  // the view will not show (new servers join a module, so adding them makes no HA001).
  const apps = big.nodes.filter((n) => n.kind === 'ecs' && (n.role ?? 'app') === 'app');
  for (const n of [...apps.slice(0, 3), ...apps.slice(-3)]) n.autostart = false;
  await paste(page, JSON.stringify(big));
  const drawn = (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n;
  await until(page, drawn, big.nodes.length);
  const findings = await page.$$eval('li.finding', (l) => l.length);
  const edits = [];
  const parts = [];
  const frames = [];
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => document.getElementById('canvas-svg').removeAttribute('data-frame-ms'));
    await page.click('#add-ecs');
    await until(page, drawn, big.nodes.length + 1 + i);
    await until(page, () => document.getElementById('canvas-svg').hasAttribute('data-frame-ms'));
    edits.push(Number(await page.getAttribute('#canvas-svg', 'data-edit-ms')));
    frames.push(Number(await page.getAttribute('#canvas-svg', 'data-frame-ms')));
    parts.push(await page.getAttribute('#canvas-svg', 'data-edit-parts'));
  }
  await shot(page, '12-300-nodes');
  // Only what is in view (with a margin) is in the document; scrolling brings in the rest.
  const ids = () => page.$$eval('#canvas-svg .node', (l) => l.map((n) => n.id));
  const before = await ids();
  const all = await nodes();
  assert.ok(before.length > 0 && before.length < all, `${before.length} of ${all} nodes drawn`);
  await page.evaluate(() => {
    const e = document.getElementById('canvas-scroll');
    e.scrollTop = e.scrollHeight;
  });
  await until(page, (b) => [...document.querySelectorAll('#canvas-svg .node')].some((n) => !b.includes(n.id)), before);
  await shot(page, '12b-300-nodes-scrolled');
  // A finding about a node now out of view brings it back, drawn and focused.
  // (Any finding about a node: new servers join a module, so the edits above add no HA001.)
  const nodeIds = big.nodes.map((n) => n.id);
  const pick = () =>
    page.evaluate((ids) => {
      const known = new Set(ids);
      for (const li of document.querySelectorAll('li.finding[data-target]')) {
        const t = li.dataset.target;
        if (known.has(t) && !document.getElementById(`node-${t}`)) return t;
      }
      return null;
    }, nodeIds);
  let target = await pick();
  if (!target) {
    // None about the nodes above the view: look from the top, at those below it.
    await page.evaluate(() => {
      document.getElementById('canvas-scroll').scrollTop = 0;
    });
    await until(page, (ids) => !ids.every((id) => document.getElementById(`node-${id}`)), nodeIds);
    target = await pick();
  }
  assert.ok(target, 'a finding about a node out of view');
  await page.click(`li.finding[data-target="${target}"] .finding-main`);
  await until(page, (t) => document.activeElement?.id === `node-${t}`, target);
  // The 300-node design's undo history fits in storage (saved as differences) and survives a
  // reload: the five edits undo one by one, then the paste.
  await page.waitForTimeout(700); // autosave is debounced
  assert.equal(await page.$('#storage-warning'), null, 'saved with its history');
  const [stored, design] = await page.evaluate(() => {
    const raw = localStorage.getItem('archlint.autosave');
    return [raw.length, JSON.stringify(JSON.parse(raw).text).length];
  });
  // Six steps (the paste and five edits) as full copies would take six times the design.
  assert.ok(stored < 1.5 * design, `${stored - design} bytes of history for 6 steps of a ${design}-byte design`);
  await page.reload();
  await until(page, drawn, big.nodes.length + 5);
  for (let i = 4; i >= 0; i--) {
    await page.click('#undo');
    await until(page, drawn, big.nodes.length + i);
  }
  assert.equal(await page.isDisabled('#undo'), false, 'the paste is undoable too');
  const fig = { largest: largest[0], interactive_ms: times, autosave_300_nodes_bytes: stored, design_300: { nodes: big.nodes.length, findings }, edit_300_nodes_ms: edits, edit_to_frame_ms: frames, edit_parts: parts };
  fs.writeFileSync(path.join(SHOTS, 'figures.json'), JSON.stringify(fig, null, 2));
  console.log('figures', JSON.stringify(fig));
});
