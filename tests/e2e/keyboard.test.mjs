// Panels and keyboard (issue #14), in headless Chromium: the side panels resize (a bar, by
// pointer or arrow keys) and collapse, and remember it; the findings take the room the form
// does not need. On the canvas the arrow keys move the focus between nodes, Enter edits (the
// form's first field), Escape leaves the form for the node; the focus goes to a new node
// after adding and to a neighbour after deleting; dialogs keep the focus (Tab goes round) and
// give it back; the focus ring differs from the selection and severity rings. In 中文 the new
// design's region and zones are named in Chinese.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, open, shot, paste, until, example } from './lib.mjs';

let server, b, page;

before(async () => {
  server = await serve();
  b = await browser({ viewport: { width: 1400, height: 900 } });
  page = await open(b.ctx, server.url);
});
afterEach(() => {
  const errors = page.errors.splice(0);
  assert.deepEqual(errors, []);
});
after(async () => {
  await b?.close();
  server?.close();
});

const active = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
const width = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().width);
const centre = (id) =>
  page.$eval(`[id="${id}"] .nbox`, (r) => {
    const b = r.getBoundingClientRect();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  });

test('the side panel resizes by its bar and the panels collapse, remembered', async () => {
  await paste(page, example('classic-dual-zone.json'));
  await page.waitForSelector('#side-splitter');
  const w0 = await width('aside.side');
  assert.equal(Number(await page.getAttribute('#side-splitter', 'aria-valuenow')), Math.round(w0));
  await page.focus('#side-splitter');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await until(page, (w) => document.querySelector('aside.side').getBoundingClientRect().width >= w + 59, w0);
  // Dragging the bar to the right narrows it.
  const bar = await page.locator('#side-splitter').boundingBox();
  await page.mouse.move(bar.x + 3, bar.y + 200);
  await page.mouse.down();
  await page.mouse.move(bar.x + 103, bar.y + 200, { steps: 5 });
  await page.mouse.up();
  const w1 = await width('aside.side');
  assert.ok(Math.abs(w1 - (w0 + 60 - 100)) <= 2, `${w0} → ${w1}`);
  // Collapse both panels: the canvas takes the page.
  const canvas0 = await width('.canvas-pane');
  await page.click('#toggle-side');
  await page.click('#toggle-palette');
  assert.equal(await page.$('aside.side'), null);
  assert.equal(await page.$('.palette'), null);
  assert.ok((await width('.canvas-pane')) > canvas0 + w1 + 100);
  await shot(page, 'keyboard-01-collapsed');
  // Remembered across a reload; then opened again.
  await page.reload();
  await page.waitForSelector('#canvas-svg');
  assert.equal(await page.$('aside.side'), null);
  await page.click('#toggle-side');
  await page.click('#toggle-palette');
  await page.waitForSelector('aside.side');
  assert.ok(Math.abs((await width('aside.side')) - w1) <= 2);
});

test('the findings take the room the form does not need', async () => {
  await paste(page, example('classic-dual-zone.json'));
  await page.keyboard.press('Escape');
  await until(page, () => !document.querySelector('#canvas-svg .node.selected'));
  const h = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().height);
  const side = await h('aside.side');
  assert.ok((await h('.findings')) > side * 0.6, 'nothing selected: the findings have most of the panel');
});

test('arrow keys move between nodes, Enter edits, Escape leaves the form', async () => {
  await paste(page, example('classic-dual-zone.json'));
  const first = await page.$eval('#canvas-svg .node[data-id]', (n) => n.id);
  await page.focus(`[id="${first}"]`);
  let at = first;
  let moved = 0;
  for (const [key, axis, sign] of [['ArrowRight', 'x', 1], ['ArrowDown', 'y', 1], ['ArrowLeft', 'x', -1], ['ArrowUp', 'y', -1]]) {
    const from = await centre(at);
    await page.keyboard.press(key);
    const now = await active();
    if (now !== at) {
      assert.match(now, /^node-/, `${key}: the focus is on a node`);
      const to = await centre(now);
      assert.ok(sign * (to[axis] - from[axis]) > 0, `${key}: ${at} → ${now} goes that way`);
      moved++;
      at = now;
    }
  }
  assert.ok(moved >= 2, `${moved} moves`);
  // The arrows leave the selection alone.
  assert.equal(await page.$('#canvas-svg .node.selected'), null);
  // The focus ring: not the selection's colour, not a severity's.
  const ring = await page.$eval(`[id="${at}"] .nbox`, (r) => getComputedStyle(r).stroke);
  const warn = await page.evaluate(() => {
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('class', 'ring s-warning');
    document.getElementById('canvas-svg').appendChild(p);
    const c = [getComputedStyle(p).stroke];
    p.setAttribute('class', 'ring s-error');
    c.push(getComputedStyle(p).stroke);
    p.remove();
    return c;
  });
  // Not merely another shade: the hue is far from the warning's orange and the error's red.
  const hue = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => Number(v) / 255);
    const mx = Math.max(r, g, bl), mn = Math.min(r, g, bl), d = mx - mn;
    if (d === 0) return 0;
    const h = mx === r ? ((g - bl) / d) % 6 : mx === g ? (bl - r) / d + 2 : (r - g) / d + 4;
    return (h * 60 + 360) % 360;
  };
  for (const c of warn) {
    const diff = Math.abs(hue(ring) - hue(c));
    assert.ok(Math.min(diff, 360 - diff) > 60, `focus ${ring} too close in hue to a severity ring ${c}`);
  }
  assert.notEqual(await page.$eval(`[id="${at}"] .nbox`, (r) => getComputedStyle(r).strokeDasharray), 'none', 'the focus ring is dashed');
  await shot(page, 'keyboard-02-focus');
  // Enter: the node is selected and its form's first field has the focus.
  await page.keyboard.press('Enter');
  await until(page, (id) => document.querySelector(`[id="${id}"]`)?.classList.contains('selected'), at);
  await until(page, () => !!document.activeElement?.closest('#properties'));
  // Selected (and no longer focus-visible): a solid line; focused: a dashed one.
  const dash = await page.$eval(`[id="${at}"] .nbox`, (r) => getComputedStyle(r).strokeDasharray);
  assert.equal(dash, 'none', 'the selected node, focus in the form: solid');
  // Escape: back to the node, still selected.
  await page.keyboard.press('Escape');
  assert.equal(await active(), at);
  assert.ok(await page.$eval(`[id="${at}"]`, (n) => n.classList.contains('selected')));
});

test('the focus goes to a new node after adding and to a neighbour after deleting', async () => {
  await paste(page, example('classic-dual-zone.json'));
  const before = await page.$$eval('#canvas-svg .node[data-id]', (l) => l.map((n) => n.id));
  await page.click('#add-ecs');
  await until(page, (n) => document.querySelectorAll('#canvas-svg .node[data-id]').length > n, before.length);
  await until(page, (b) => {
    const id = document.activeElement?.id || '';
    return id.startsWith('node-') && !b.includes(id);
  }, before);
  const added = await active();
  // Delete it (it is selected): the focus goes to the nearest node left.
  await page.keyboard.press('Delete');
  await until(page, (id) => !document.getElementById(id), added);
  await until(page, () => (document.activeElement?.id || '').startsWith('node-'));
  const next = await active();
  assert.notEqual(next, added);
  assert.ok(before.includes(next));
  assert.equal(await page.$('#canvas-svg .node.selected'), null, 'the neighbour is focused, not selected');
});

test('dialogs keep the focus and give it back', async () => {
  await page.focus('#file-paste');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.dialog');
  await until(page, () => !!document.activeElement?.closest('.dialog'));
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.dialog')), `Tab ${i}: left the dialog`);
  }
  await page.keyboard.press('Escape');
  await until(page, () => !document.querySelector('.dialog'));
  assert.equal(await active(), 'file-paste');
});

test('in 中文 a new design names its region and zones in Chinese', async () => {
  await page.selectOption('#lang', 'zh');
  await page.click('#file-new');
  await until(page, () => document.getElementById('canvas-svg')?.dataset.nodes === '0');
  const texts = await page.$$eval('#canvas-svg .box text', (l) => l.map((t) => t.textContent).join(' '));
  assert.match(texts, /地域 1/);
  assert.match(texts, /可用区 A/);
  assert.doesNotMatch(texts, /Region 1|Zone A/);
  assert.equal(await page.getAttribute('#toggle-side', 'aria-label'), '收起侧栏');
  await page.selectOption('#lang', 'en');
});
