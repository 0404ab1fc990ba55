// The editor's edit → redraw time on a generated design, in headless Chromium (/usr/bin/chromium).
//   node bench/web/edit.mjs [NODES=300] [EDITS=12] [--edit add|label|fix|fix-all] [--hover MS] [--json]
// Needs the built page (`trunk build --release --offline` → dist/) and `target/debug/archlint-web-render`
// (`cargo build -p archlint-web --bin archlint-web-render`). Each edit either clicks "add ECS"
// (`--edit add`, the default: the new ECS goes into the first zone, which moves the nodes and
// reroutes the edges after it, and is selected) or renames the selected ECS in its form
// (`--edit label`: type a new label, Enter), or applies a finding's safe fix from the findings
// panel (`--edit fix`: EDITS servers of the design are given `"autostart": false` first, and each
// edit clicks the Fix button of one HA005 finding: a fix, a re-lint, a redraw; `--edit fix-all`:
// each edit clicks "Fix all" of the HA005 group, which fixes the EDITS servers at once, and
// Ctrl+Z then brings them back for the next, unmeasured), and reports:
//   edit   click → the canvas updated in the DOM: reducer (serialise, lint, layout) + render
//          + DOM patch (the page's own measure, `data-edit-ms`);
//   frame  the main thread's busy time from the click until the frame that shows the edit is
//          painted and handed to the compositor (script + style + layout + paint + layerize),
//          from Chromium's trace; idle time waiting for the frame's vsync is left out;
//   wall   click → that frame handed over, idle time included.
// The first edits run before V8 has optimised the WASM (tier-up); the summary uses the last
// two thirds. --json: the summary as one JSON line at the end (the performance report reads it).
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, browser, open, paste, until, ROOT } from '../../tests/e2e/lib.mjs';

const argv = process.argv.slice(2);
const JSON_OUT = argv.includes('--json');
const EDIT = argv.includes('--edit') ? argv[argv.indexOf('--edit') + 1] : 'add';
if (!['add', 'label', 'fix', 'fix-all'].includes(EDIT)) throw new Error(`--edit add|label|fix|fix-all, not ${EDIT}`);
const FIXING = EDIT === 'fix' || EDIT === 'fix-all';
// --hover MS: the pointer rests on the button ("ECS" in the palette, Fix, "Fix all") for MS ms
// before the click, as a person's does, or the label edit waits MS ms between typing and Enter
// (the editor makes the edit's result meanwhile); 0, the default: it clicks (or presses Enter)
// at once, so the click makes the result itself.
const HOVER = argv.includes('--hover') ? Number(argv[argv.indexOf('--hover') + 1]) : 0;
const args = argv.filter((a, i) => !['--json', '--edit', '--hover'].includes(a) && !['--edit', '--hover'].includes(argv[i - 1]));
const N = Number(args[0] || 300);
const EDITS = Number(args[1] || 12);
const RENDER = process.env.ARCHLINT_RENDER || path.join(ROOT, 'target/debug/archlint-web-render');
const server = await serve(process.env.DIST || undefined);
const b = await browser();
const page = await open(b.ctx, server.url);
const big = JSON.parse(execFileSync(RENDER, ['--gen', String(N)], { encoding: 'utf8' }));
if (FIXING) {
  // Production servers that do not start at boot: one HA005 finding (safe fix) each.
  const servers = big.nodes.filter((n) => n.kind === 'ecs' && (n.role ?? 'app') === 'app');
  if (servers.length < EDITS) throw new Error(`only ${servers.length} app servers for ${EDITS} fixes`);
  for (const n of servers.slice(0, EDITS)) n.autostart = false;
}
await paste(page, JSON.stringify(big));
const nodes = () => page.$eval('#canvas-svg', (svg) => Number(svg.dataset.nodes));
await until(page, (n) => Number(document.getElementById('canvas-svg')?.dataset.nodes) === n, big.nodes.length);

// The view: the middle of the design, where a screenful of nodes is drawn (at the top there
// are only the region's first rows); if no ECS is in view there (a tall band of SLBs between
// two tiers), a screen higher, then lower, and so on, until one is. The canvas draws what is in
// view a moment after a scroll, so each place waits until the drawn nodes stop changing (an ECS
// of the previous view may still be drawn for a moment). For the label edit, the ECS must be
// inside the visible part (not in the margin drawn beyond it): the click must not scroll the
// canvas, which redraws what is in view; one in the margin is brought to the middle first.
const settle = async () => {
  let last = '';
  for (let t = 0; t < 40; t++) {
    await page.waitForTimeout(150);
    const now = await page.$$eval('#canvas-svg .node', (ns) => ns.map((n) => n.id).join(' '));
    if (now === last) return;
    last = now;
  }
};
const inside = () => page.$$eval('#canvas-svg .node[data-kind="ecs"]', (ns) => {
  const v = document.getElementById('canvas-scroll').getBoundingClientRect();
  const n = ns.find((n) => {
    const r = n.getBoundingClientRect();
    return r.top >= v.top && r.bottom <= v.bottom && r.left >= v.left && r.right <= v.right;
  });
  return n ? n.id : null;
});
let id = null;
for (let k = 0; k < 40 && !id; k++) {
  await page.evaluate((k) => {
    const el = document.getElementById('canvas-scroll');
    const step = Math.ceil(k / 2) * (k % 2 ? -1 : 1) * el.clientHeight;
    el.scrollTop = el.scrollHeight / 2 + step;
  }, k);
  await settle();
  id = await inside();
  if (!id && (await page.$('#canvas-svg .node[data-kind="ecs"]'))) {
    await page.$eval('#canvas-svg .node[data-kind="ecs"]', (n) => n.scrollIntoView({ block: 'center', inline: 'center' }));
    await settle();
    id = await inside();
  }
}
if (!id) throw new Error('no ECS in view to edit');
if (EDIT === 'label') {
  // Select it: its form is what each edit changes.
  await page.click(`#${id}`, { position: { x: 8, y: 8 } });
  await page.waitForSelector('#f-label');
}
const elements = await page.$$eval('#canvas-svg *', (l) => l.length);
const drawnNodes = await page.$eval('#canvas-svg', (svg) => Number(svg.dataset.drawnNodes));
console.log(`design: ${big.nodes.length} nodes, ${drawnNodes} of them in view (in the document), ${elements} SVG elements`);
const cdp = await page.context().newCDPSession(page);
const rows = [];
for (let i = 0; i < EDITS; i++) {
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await page.evaluate(() => document.getElementById('canvas-svg').removeAttribute('data-frame-ms'));
  const target = { add: '#add-ecs', fix: 'li.finding[data-code="HA005"] button.fix', 'fix-all': 'button.fix-all[data-code="HA005"]' }[EDIT];
  if (target && HOVER > 0) {
    await page.hover(target);
    await page.waitForTimeout(HOVER);
  }
  // Without --hover, the pointer comes from elsewhere and clicks at once (page.click waits for
  // the element to be stable between moving the pointer and pressing, long enough for the
  // editor to prepare the fix).
  let at = null;
  if (target && !(HOVER > 0)) {
    await page.mouse.move(1, 1);
    await page.locator(target).first().scrollIntoViewIfNeeded();
    const r = await page.locator(target).first().boundingBox();
    at = [r.x + r.width / 2, r.y + r.height / 2];
  }
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline', transferMode: 'ReportEvents' });
  if (at) {
    await page.mouse.click(at[0], at[1]);
    // Away at once, before the next button comes under the pointer.
    await page.mouse.move(1, 1);
  }
  else if (target) await page.click(target);
  else {
    await page.fill('#f-label', `renamed ${i}`);
    // --hover: the pause between the last key and Enter, in which the editor makes the edit.
    if (HOVER > 0) await page.waitForTimeout(HOVER);
    await page.press('#f-label', 'Enter');
  }
  if (EDIT === 'fix') {
    // A fix of a server out of view may leave the drawn part of the canvas as it was: wait for
    // the finding to leave the panel, then for two frames (the trace has the frame itself).
    await until(page, (n) => document.querySelectorAll('li.finding[data-code="HA005"]').length === n, EDITS - 1 - i);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  } else if (EDIT === 'add' && HOVER > 0) {
    await until(page, () => document.getElementById('canvas-svg').hasAttribute('data-frame-ms'));
    // Away, to come back and rest on the button for the next.
    await page.mouse.move(1, 1);
  } else if (EDIT === 'fix-all') {
    await until(page, () => document.querySelectorAll('li.finding[data-code="HA005"]').length === 0);
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  } else {
    await until(page, () => document.getElementById('canvas-svg').hasAttribute('data-frame-ms'));
  }
  await cdp.send('Tracing.end');
  await done;
  cdp.removeAllListeners('Tracing.dataCollected');
  const count = await nodes();
  if (EDIT === 'add' && count !== big.nodes.length + 1 + i) throw new Error(`edit ${i}: ${count} nodes laid out, expected ${big.nodes.length + 1 + i}`);
  if (EDIT === 'fix') {
    const left = await page.$$eval('li.finding[data-code="HA005"]', (l) => l.length);
    if (left !== EDITS - 1 - i) throw new Error(`fix ${i}: ${left} HA005 findings left, expected ${EDITS - 1 - i}`);
  }
  if (EDIT === 'fix-all') {
    // Back to EDITS findings for the next "Fix all" (not measured), the pointer away from
    // where the button comes back unless it is to rest there.
    if (!(HOVER > 0)) await page.mouse.move(1, 1);
    await page.keyboard.press('Control+z');
    await until(page, (n) => document.querySelectorAll('li.finding[data-code="HA005"]').length === n, EDITS);
    await page.waitForTimeout(50);
  }
  const click = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === (EDIT === 'label' ? 'change' : 'click'));
  const tid = click.tid;
  const t0 = click.ts;
  const on = events.filter((e) => e.tid === tid && e.ph === 'X');
  // The first compositor hand-over after the canvas changed.
  const committed = on.filter((e) => e.name === 'Layerize' && e.ts > t0).sort((a, z) => a.ts - z.ts);
  const paintEnd = committed.length ? committed[0].ts + committed[0].dur : NaN;
  // Busy: top-level tasks on the main thread within [t0, paintEnd].
  const tasks = on.filter((e) => (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') && e.ts + e.dur > t0 && e.ts < paintEnd);
  let busy = 0;
  for (const e of tasks) busy += Math.min(e.ts + e.dur, paintEnd) - Math.max(e.ts, t0);
  const by = {};
  const phases = on.filter((e) => e.ts >= t0 && e.ts < paintEnd);
  for (const e of phases) {
    const k = { UpdateLayoutTree: 'style', Layout: 'layout', PrePaint: 'prepaint', Paint: 'paint', Layerize: 'layerize' }[e.name];
    // An event inside another of the same name (Chromium nests Paint events) is counted once.
    const nested = phases.some((o) => o !== e && o.name === e.name && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && (o.ts < e.ts || o.dur > e.dur));
    if (k && !nested) by[k] = (by[k] || 0) + e.dur / 1000;
  }
  rows.push({
    edit: Number(await page.getAttribute('#canvas-svg', 'data-edit-ms')),
    frame: +(busy / 1000).toFixed(2),
    wall: +((paintEnd - t0) / 1000).toFixed(2),
    browser: Object.fromEntries(Object.entries(by).map(([k, v]) => [k, +v.toFixed(2)])),
    parts: await page.getAttribute('#canvas-svg', 'data-edit-parts'),
  });
}
for (const r of rows) console.log(JSON.stringify(r));
const steady = rows.slice(Math.floor(rows.length / 3));
const stat = (f) => {
  const v = steady.map(f).sort((a, z) => a - z);
  return { median: v[Math.floor(v.length / 2)], min: v[0], max: v.at(-1) };
};
const summary = { edit_kind: EDIT, nodes: big.nodes.length, drawn_nodes: drawnNodes, elements, edits: rows.length, steady: steady.length,
  edit: stat((r) => r.edit), frame: stat((r) => r.frame), wall: stat((r) => r.wall),
  // How many of the counted edits reached the painted frame within one 60 Hz frame.
  within_16ms: steady.filter((r) => r.frame <= 16).length,
  // How many of the counted edits committed a result the editor made ahead of the click (the
  // pointer rested on the button, the button had the keyboard focus, the field was typed in
  // a moment before Enter).
  prepared: steady.filter((r) => / prepared$/.test(r.parts || '')).length };
for (const k of ['style', 'layout', 'prepaint', 'paint', 'layerize']) summary[k] = stat((r) => r.browser[k] || 0);
console.log(`summary over the last ${steady.length} of ${rows.length} edits (${EDIT}${HOVER ? `, the pointer resting ${HOVER} ms on the button first` : ""}, ${big.nodes.length} nodes), ms:`);
for (const [k, v] of Object.entries(summary)) {
  if (typeof v === 'object') console.log(`  ${k.padEnd(9)} median ${v.median.toFixed(1)}, min ${v.min.toFixed(1)}, max ${v.max.toFixed(1)}`);
}
console.log(`  ${summary.within_16ms} of ${steady.length} edits reached the painted frame within 16 ms`);
console.log(`  ${summary.prepared} of ${steady.length} edits used a result made ahead of the click`);
// The two kinds apart: an edit that made its own result (what a click from elsewhere, at once,
// costs) and one whose result was made ahead (the pointer rested on the button, or stayed on it
// after the last click: Playwright's pointer stays on a button for up to some 400 ms after
// clicking it, long enough for the editor to make the next add's result).
for (const [name, made] of [['made ahead', true], ['made on the click', false]]) {
  const v = steady.filter((r) => / prepared$/.test(r.parts || '') === made).map((r) => r.frame).sort((a, z) => a - z);
  if (v.length) console.log(`  frame, ${name}: median ${v[Math.floor(v.length / 2)].toFixed(1)} over ${v.length} edits, ${v.filter((x) => x <= 16).length} within 16 ms`);
}
if (JSON_OUT) console.log(JSON.stringify(summary));
await b.close();
server.close();
