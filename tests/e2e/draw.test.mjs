// Drawing means meaning (issue #14), with the mouse in headless Chromium: a line drawn from an
// SLB to an ECS makes it a backend (LB008 goes away), from an ECS to an RDS offers the
// whitelist, from the Internet (on the canvas of every design) is a link from `internet`;
// dragging a node's body moves it into the zone under the pointer or beside a sibling, with a
// preview of where it lands; each is one undo step.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, browser, open, shot, paste, until } from './lib.mjs';

let server, b, page;

before(async () => {
  server = await serve();
  b = await browser({ viewport: { width: 1600, height: 1000 } });
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

const DESIGN = {
  archlint: 1,
  name: 'drawing',
  regions: [
    {
      id: 'hz', label: 'Hangzhou', network: 'classic',
      zones: [{ id: 'hz-b', label: 'Zone B' }, { id: 'hz-c', label: 'Zone C' }],
    },
  ],
  nodes: [
    { id: 'web-1', kind: 'ecs', module: 'web', zone: 'hz-b', autostart: true },
    { id: 'web-2', kind: 'ecs', module: 'web', zone: 'hz-c', autostart: true },
    { id: 'app-2', kind: 'ecs', module: 'app', zone: 'hz-c', autostart: true },
    { id: 'slb-web', kind: 'slb', region: 'hz', scope: 'public' },
    { id: 'db', kind: 'rds', region: 'hz', engine: 'mysql', whitelist: ['web-2'] },
  ],
  links: [],
};

async function save() {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#file-save')]);
  return JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
}
const has = (code, target) =>
  page.$(`li.finding[data-code="${code}"][data-target="${target}"]`).then((x) => !!x);
const box = (sel) => page.locator(sel).boundingBox();
const node = (id) => box(`[id="node-${id}"] .nbox`);

/// Presses at `a`, moves to `b` in steps, runs `during` (the button still down), releases.
async function drag(a, bpt, during) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + bpt.x) / 2, (a.y + bpt.y) / 2, { steps: 4 });
  await page.mouse.move(bpt.x, bpt.y, { steps: 4 });
  const seen = during ? await during() : undefined;
  await page.mouse.up();
  return seen;
}
/// The dot on a node's right edge, where a link is drawn from.
const dot = (r) => ({ x: r.x + r.width - 1, y: r.y + r.height / 2 });
const mid = (r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

test('the Internet is on the canvas of a design that has no link from it', async () => {
  await paste(page, JSON.stringify(DESIGN, null, 2));
  await page.waitForSelector('li.finding[data-code="LB008"][data-target="slb-web"]');
  await page.waitForSelector('#node-internet.stub');
  // It does not cover the drawing.
  const net = await node('internet');
  const region = await box('#canvas-svg .box[data-id="hz"] rect');
  assert.ok(net.y + net.height < region.y, 'above the regions');
  await shot(page, 'draw-01-start');
});

test('a line from an SLB to an ECS makes it a backend, and LB008 goes away', async () => {
  const before = await save();
  const seen = await drag(dot(await node('slb-web')), mid(await node('web-1')), () =>
    page.$eval('#link-rubber', (l) => l.hasAttribute('data-on')),
  );
  assert.ok(seen, 'a line follows the pointer while drawing');
  await until(page, () => !document.querySelector('li.finding[data-code="LB008"]'));
  let d = await save();
  assert.deepEqual(d.nodes.find((n) => n.id === 'slb-web').backends, ['web-1']);
  assert.deepEqual(d.links, [], 'the backend implies the link');
  assert.equal(await page.$eval('#link-rubber', (l) => l.hasAttribute('data-on')), false);
  // The backend edge is drawn.
  await until(page, () => !!document.querySelector('#canvas-svg .edge.e-backend path'));
  await shot(page, 'draw-02-backend');
  // One undo step.
  await page.click('#undo');
  await page.waitForSelector('li.finding[data-code="LB008"][data-target="slb-web"]');
  assert.deepEqual(await save(), before);
  await page.click('#redo');
  await until(page, () => !document.querySelector('li.finding[data-code="LB008"]'));
  d = await save();
  assert.deepEqual(d.nodes.find((n) => n.id === 'slb-web').backends, ['web-1']);
});

test('a line from an ECS to an RDS offers to add it to the whitelist', async () => {
  const before = await save();
  await drag(dot(await node('web-1')), mid(await node('db')));
  await page.waitForSelector('#whitelist-add');
  // Nothing changes before the answer (the dialog is modal: the design is read after it).
  assert.equal(await page.$('#canvas-svg .edge.e-flow path'), null);
  await shot(page, 'draw-03-whitelist-offer');
  await page.click('#whitelist-add');
  await until(page, () => !document.querySelector('#whitelist-add'));
  const d = await save();
  assert.deepEqual(d.nodes.find((n) => n.id === 'db').whitelist, ['web-2', 'web-1']);
  assert.deepEqual(d.links, [{ from: 'web-1', to: 'db' }]);
  assert.equal(await has('DB003', 'web-1'), false);
  // Both in one step; "Just link" links without the whitelist, and DB003 says so.
  await page.click('#undo');
  await until(page, () => !document.querySelector('#canvas-svg .edge.e-flow path'));
  assert.deepEqual(await save(), before);
  await drag(dot(await node('web-1')), mid(await node('db')));
  await page.click('#whitelist-link');
  await page.waitForSelector('li.finding[data-code="DB003"]');
  const j = await save();
  assert.deepEqual(j.nodes.find((n) => n.id === 'db').whitelist, ['web-2']);
  assert.deepEqual(j.links, [{ from: 'web-1', to: 'db' }]);
  await page.click('#undo');
  await until(page, () => !document.querySelector('li.finding[data-code="DB003"]'));
  await drag(dot(await node('web-1')), mid(await node('db')));
  await page.click('#whitelist-add');
  await until(page, () => !document.querySelector('#whitelist-add'));
});

test('a line from the Internet is a link from `internet`; then core draws the Internet', async () => {
  await drag(mid(await node('internet')), mid(await node('slb-web')));
  await until(page, () => !document.querySelector('#node-internet.stub') && !!document.querySelector('#node-internet'));
  const d = await save();
  assert.deepEqual(d.links.at(-1), { from: 'internet', to: 'slb-web' });
  // A line from an SLB to the Internet means nothing in the format: refused, with the reason.
  const before = await save();
  await drag(dot(await node('slb-web')), mid(await node('internet')));
  await page.waitForSelector('#canvas-notice');
  assert.deepEqual(await save(), before);
  await shot(page, 'draw-04-internet');
});

test('lines to and from a VPN, a leased line or a data centre do what the format says', async () => {
  const design = {
    archlint: 1,
    name: 'connections',
    regions: [{ id: 'sh', network: 'classic', zones: [{ id: 'sh-a' }, { id: 'sh-b' }] }],
    nodes: [
      { id: 'app-1', kind: 'ecs', module: 'app', zone: 'sh-a' },
      { id: 'vpn-ops', kind: 'vpn', region: 'sh', type: 'ssl', client_ips: ['10.200.0.0/29'] },
      { id: 'vpn-s2s', kind: 'vpn', region: 'sh', type: 'ipsec' },
      { id: 'line', kind: 'leased_line', region: 'sh', carrier: 'telecom' },
      { id: 'idc', kind: 'idc' },
    ],
    links: [],
  };
  const restore = await save();
  await paste(page, JSON.stringify(design, null, 2));
  await page.waitForSelector('[id="node-idc"]');
  const saved = (d, id) => d.nodes.find((n) => n.id === id);
  // A line drawn, and the canvas drawn again with its edit.
  const drawn = () => page.getAttribute('#canvas-svg', 'data-drawn-at');
  const drawLine = async (from, to) => {
    const at = await drawn();
    await drag(dot(await node(from)), mid(await node(to)));
    await until(page, (t) => document.getElementById('canvas-svg').getAttribute('data-drawn-at') !== t, at);
  };
  // An IPsec VPN to the data centre, and the data centre to a leased line: `connects`, no link.
  await drawLine('vpn-s2s', 'idc');
  await drawLine('idc', 'line');
  let d = await save();
  assert.equal(saved(d, 'vpn-s2s').connects, 'idc');
  assert.equal(saved(d, 'line').connects, 'idc');
  assert.deepEqual(d.links, []);
  // The operators' SSL VPN to a server: a link on its management port.
  await drawLine('vpn-ops', 'app-1');
  d = await save();
  assert.deepEqual(d.links, [{ from: 'vpn-ops', to: 'app-1', port: 22 }]);
  await shot(page, 'draw-04b-connections');
  // Each was one undo step.
  for (let i = 0; i < 3; i++) await page.click('#undo');
  await until(page, () => !document.querySelector('#canvas-svg .edge'));
  d = await save();
  assert.equal(saved(d, 'vpn-s2s').connects, undefined);
  assert.equal(saved(d, 'line').connects, undefined);
  assert.deepEqual(d.links, []);
  // Back to the design the next tests draw on.
  await paste(page, JSON.stringify(restore, null, 2));
  await page.waitForSelector('[id="node-slb-web"]');
});

test('dragging a node onto another zone moves it there, with a preview', async () => {
  const zone = await box('#canvas-svg .box[data-id="hz-c"] rect');
  // Just under the zone's caption: inside the zone, beside no node.
  const to = { x: zone.x + zone.width / 2, y: zone.y + 12 };
  const preview = await drag(mid(await node('web-1')), to, () =>
    page.evaluate(() => ({
      target: document.querySelector('#drop-target[data-on]')?.getAttribute('data-id'),
      ghost: !!document.querySelector('#drag-ghost[data-on]'),
      slot: !!document.querySelector('#drop-slot[data-on]'),
    })),
  );
  assert.deepEqual(preview, { target: 'hz-c', ghost: true, slot: false });
  await until(page, () => !document.querySelector('#drag-ghost[data-on]'));
  let d = await save();
  assert.equal(d.nodes.find((n) => n.id === 'web-1').zone, 'hz-c');
  // Drawn in the new zone.
  const inside = async (id, zid) => {
    const [n, z] = [await node(id), await box(`#canvas-svg .box[data-id="${zid}"] rect`)];
    return n.x >= z.x && n.x + n.width <= z.x + z.width && n.y >= z.y && n.y + n.height <= z.y + z.height;
  };
  await until(page, () => document.querySelector('#node-web-1')?.getAttribute('transform'));
  assert.ok(await inside('web-1', 'hz-c'), 'web-1 is drawn in zone C');
  await shot(page, 'draw-05-moved');
  // The move was not a click: the selection is the moved node, not the zone.
  assert.ok(await page.$eval('#node-web-1', (n) => n.classList.contains('selected')));
  // One undo step.
  await page.click('#undo');
  d = await save();
  assert.equal(d.nodes.find((n) => n.id === 'web-1').zone, 'hz-b');
  assert.ok(await inside('web-1', 'hz-b'));
  await page.click('#redo');
  d = await save();
  assert.equal(d.nodes.find((n) => n.id === 'web-1').zone, 'hz-c');
});

test('dropping a node beside a sibling reorders them', async () => {
  // web-1 (moved into zone C above) and web-2: one module, so one row, in design order.
  const [w, a] = [await node('web-1'), await node('web-2')];
  assert.ok(Math.abs(w.y - a.y) <= 2, `side by side: ${w.y} ${a.y}`);
  assert.ok(w.x < a.x, 'web-1 first, in design order');
  // web-2 dropped just left of web-1.
  const to = { x: w.x + 10, y: w.y + w.height / 2 };
  const slot = await drag(mid(a), to, () =>
    page.evaluate(() => {
      const s = document.querySelector('#drop-slot[data-on]');
      return s && { next: s.getAttribute('data-next'), after: s.getAttribute('data-after') };
    }),
  );
  assert.deepEqual(slot, { next: 'web-1', after: 'false' });
  const d = await save();
  const ids = d.nodes.map((n) => n.id);
  assert.ok(ids.indexOf('web-2') < ids.indexOf('web-1'), ids.join(' '));
  const [w2, a2] = [await node('web-1'), await node('web-2')];
  assert.ok(a2.x < w2.x, 'web-2 is drawn first now');
  await shot(page, 'draw-06-reordered');
  await page.click('#undo');
  const u = (await save()).nodes.map((n) => n.id);
  assert.ok(u.indexOf('web-1') < u.indexOf('web-2'));
});

test('link mode draws a line that follows the pointer; a click on a node is still a selection', async () => {
  // A plain click (no movement) selects.
  const r = await node('web-2');
  await page.mouse.click(r.x + 30, r.y + 10);
  await until(page, () => document.querySelector('#node-web-2')?.classList.contains('selected'));
  await page.click('#add-link');
  const z = await box('#canvas-scroll');
  await page.mouse.move(z.x + 200, z.y + 200);
  await page.mouse.move(z.x + 220, z.y + 210, { steps: 3 });
  await until(page, () => !!document.querySelector('#link-rubber[data-on]'));
  await page.keyboard.press('Escape');
  await until(page, () => !document.querySelector('.canvas-scroll.linking'));
  const d = await save();
  assert.ok(!d.nodes.some((n) => n.id === 'slb-web' && n.backends?.length !== 1));
  assert.equal(await has('LB008', 'slb-web'), false);
});

test('findings about a container are drawn on its box, with their messages as its tooltip', async () => {
  // A vSwitch outside its VPC's block (NS006): a badge on the vSwitch's box, not a line in
  // the design panel under the drawing; fixing the block takes the badge away.
  const design = {
    archlint: 1,
    regions: [{ id: 'sz', network: 'vpc', zones: [{ id: 'sz-a' }, { id: 'sz-b' }] }],
    vpcs: [{
      id: 'vpc-sz', region: 'sz', cidr: '10.0.0.0/16',
      vswitches: [{ id: 'vsw-a', zone: 'sz-a', cidr: '192.168.0.0/24' }],
    }],
    nodes: [], links: [],
  };
  await paste(page, JSON.stringify(design));
  await until(page, () => !!document.querySelector('#canvas-svg g.box[data-id="vsw-a"] g.bf'));
  const badge = await page.$eval('#canvas-svg g.box[data-id="vsw-a"] g.bf', (g) => ({
    n: Number(g.dataset.findings),
    cls: g.getAttribute('class'),
    tip: g.querySelector('title').textContent,
    text: g.querySelector('text').textContent,
  }));
  assert.ok(badge.n >= 1, JSON.stringify(badge));
  assert.equal(badge.text, String(badge.n));
  assert.match(badge.tip, /NS006/);
  assert.match(badge.cls, /sev-(error|warning)/);
  // The same finding is listed in the findings panel, and no longer in the drawing's panel.
  assert.ok(await has('NS006', 'vsw-a'));
  const panel = await page.$$eval('#canvas-svg g.pf title', (l) => l.map((t) => t.textContent));
  assert.ok(panel.every((t) => !t.includes('vsw-a')), panel.join('\n'));
  await shot(page, 'draw-08-container-badge');
  design.vpcs[0].vswitches[0].cidr = '10.0.1.0/24';
  await paste(page, JSON.stringify(design));
  await until(page, () => !document.querySelector('li.finding[data-code="NS006"]'));
  const tips = await page.$$eval('#canvas-svg g.box[data-id="vsw-a"] g.bf title', (l) => l.map((t) => t.textContent));
  assert.ok(tips.every((t) => !t.includes('NS006')), tips.join('\n'));
});

test('the security-group toggle marks each node with its groups, in colours the toolbar lists', async () => {
  const design = {
    archlint: 1,
    regions: [{ id: 'hz', network: 'classic', zones: [{ id: 'hz-b' }, { id: 'hz-c' }] }],
    security_groups: [
      { id: 'sg-web', label: 'Web <tier>', rules: [] },
      { id: 'sg-mgmt', rules: [] },
    ],
    nodes: [
      { id: 'web-1', kind: 'ecs', module: 'web', zone: 'hz-b', autostart: true, security_groups: ['sg-web', 'sg-mgmt'] },
      { id: 'web-2', kind: 'ecs', module: 'web', zone: 'hz-c', autostart: true, security_groups: ['sg-web'] },
      { id: 'db', kind: 'rds', region: 'hz', engine: 'mysql' },
    ],
    links: [],
  };
  await paste(page, JSON.stringify(design));
  await until(page, () => !!document.querySelector('#canvas-svg [id="node-web-1"]'));
  assert.equal(await page.$('#canvas-svg .sg-mark'), null, 'off by default');
  await page.click('#toggle-sg');
  await until(page, () => document.querySelectorAll('#canvas-svg .sg-mark').length === 3);
  const marks = (id) => page.$$eval(`#canvas-svg [id="node-${id}"] .sg-mark`, (l) =>
    l.map((m) => [m.dataset.group, m.getAttribute('class'), m.querySelector('title').textContent]));
  const w1 = await marks('web-1');
  assert.deepEqual(w1.map((m) => m[0]), ['sg-web', 'sg-mgmt']);
  assert.match(w1[0][1], /sg-c0/);
  assert.match(w1[1][1], /sg-c1/);
  assert.equal(w1[0][2], 'Web <tier> (sg-web)', 'the label is text, not markup');
  assert.deepEqual((await marks('web-2')).map((m) => m[0]), ['sg-web']);
  assert.deepEqual(await marks('db'), []);
  // The toolbar lists the groups with the same colours.
  const chips = await page.$$eval('#sg-legend .sg-chip', (l) => l.map((c) => [c.dataset.group, c.querySelector('i').className]));
  assert.deepEqual(chips, [['sg-web', 'sg-c0'], ['sg-mgmt', 'sg-c1']]);
  assert.equal(await page.getAttribute('#toggle-sg', 'aria-pressed'), 'true');
  await shot(page, 'draw-09-security-groups');
  // Editing keeps them in step: web-2 joins sg-mgmt.
  design.nodes[1].security_groups.push('sg-mgmt');
  await paste(page, JSON.stringify(design));
  await until(page, () => document.querySelectorAll('#canvas-svg [id="node-web-2"] .sg-mark').length === 2);
  await page.click('#toggle-sg');
  await until(page, () => !document.querySelector('#canvas-svg .sg-mark') && !document.querySelector('#sg-legend'));
});

test('an edit keeps the drawing still; "Tidy up" lays it out afresh', async () => {
  // The app server is the only node of its row: deleting it leaves its row empty instead of
  // moving the database and zone B up; "Tidy up" (no undo step) closes the gap.
  const design = {
    archlint: 1, name: 'kept',
    regions: [{ id: 'r', network: 'classic', zones: [{ id: 'za' }, { id: 'zb' }] }],
    nodes: [
      { id: 'web', kind: 'ecs', module: 'web', zone: 'za' },
      { id: 'app', kind: 'ecs', module: 'app', zone: 'za' },
      { id: 'b1', kind: 'ecs', module: 'b', zone: 'zb' },
      { id: 'db', kind: 'rds', region: 'r' },
    ],
    links: [
      { from: 'internet', to: 'web', port: 443 }, { from: 'web', to: 'app', port: 8080 },
      { from: 'app', to: 'db', port: 3306 }, { from: 'internet', to: 'b1', port: 443 },
    ],
  };
  await paste(page, JSON.stringify(design, null, 2));
  await page.waitForSelector('#node-app');
  const at = (id) => page.getAttribute(`#node-${id}`, 'transform');
  const [db, b1] = [await at('db'), await at('b1')];
  assert.ok(await page.isDisabled('#tidy'), 'a design just opened has nothing to tidy');
  await page.click('[id="node-app"] .nbox');
  await page.keyboard.press('Delete');
  await until(page, () => !document.querySelector('#node-app'));
  assert.equal(await at('db'), db, 'the database stayed');
  assert.equal(await at('b1'), b1, 'zone B stayed');
  await shot(page, 'draw-09-kept');
  const undoable = await page.isEnabled('#undo');
  assert.ok(await page.isEnabled('#tidy'), 'the kept room can be tidied');
  await page.click('#tidy');
  await until(page, (db) => document.querySelector('#node-db')?.getAttribute('transform') !== db, db);
  const y = (t) => Number(/translate\(\S+\s+([-\d.]+)\)/.exec(t)[1]);
  assert.ok(y(await at('db')) < y(db), 'afresh the database moved up');
  assert.equal(await at('b1'), b1);
  assert.equal(await page.isEnabled('#undo'), undoable);
  assert.ok(await page.isDisabled('#tidy'));
  await shot(page, 'draw-10-tidy');
  // The design itself did not change.
  const d = await save();
  assert.deepEqual(d.nodes.map((n) => n.id), ['web', 'b1', 'db']);
  // Undo brings back the very picture before the deletion.
  await page.click('#undo');
  await page.waitForSelector('#node-app');
  assert.equal(await at('db'), db);
  assert.equal(await at('b1'), b1);
});
