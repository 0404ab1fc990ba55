// The journey of issue #14, as a new user would take it: a two-zone web application with an
// SLB, an RDS, bastions and security groups, built from an empty design with the palette, the
// stamps, lines drawn on the canvas and the forms — counting every interaction (a click, a
// drag, a choice in a list, typing into a field, a key). The review that filed the issue took
// about 53; it must take under 25. At the end the design lints clean and every part is there,
// in both zones. The coverage panel then still lists four rules that lack facts the journey does
// not state (whether the servers need the internet, keep per-user state and reconnect after a
// failover; the RDS's storage and sizing): the count is printed and written to
// target/e2e/journey.json with the steps.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, browser, open, shot, until } from './lib.mjs';

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

/// Every interaction the user makes goes through one of these, which count it.
const steps = [];
async function click(sel, why) {
  steps.push(`click ${sel}: ${why}`);
  await page.click(sel);
}
async function choose(sel, value, why) {
  steps.push(`choose ${value} in ${sel}: ${why}`);
  await page.selectOption(sel, value);
}
async function type(sel, text, why) {
  steps.push(`type ${text} into ${sel}: ${why}`);
  await page.fill(sel, text);
}
async function key(sel, k, why) {
  steps.push(`press ${k}: ${why}`);
  await page.press(sel, k);
}
const box = (sel) => page.locator(sel).boundingBox();
const nodeBox = (id) => box(`[id="node-${id}"] .nbox`);
/// Draws a line from the dot on `from`'s right edge to the middle of `to` (one drag).
async function drawLine(from, to, why) {
  steps.push(`drag ${from} → ${to}: ${why}`);
  await page.locator(`[id="node-${from}"]`).scrollIntoViewIfNeeded();
  const a = await nodeBox(from);
  const z = await nodeBox(to);
  const p = { x: a.x + a.width - 1, y: a.y + a.height / 2 };
  const q = { x: z.x + z.width / 2, y: z.y + z.height / 2 };
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  await page.mouse.move((p.x + q.x) / 2, (p.y + q.y) / 2, { steps: 4 });
  await page.mouse.move(q.x, q.y, { steps: 4 });
  await page.mouse.up();
}

async function design() {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#file-save')]);
  return JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
}
const nodes = () => page.$eval('#canvas-svg', (svg) => Number(svg.dataset.nodes));

test('a two-zone web application with SLB, RDS, bastions and security groups in under 25 interactions', async () => {
  await click('#file-new', 'start from an empty design');
  await until(page, () => document.getElementById('canvas-svg')?.dataset.nodes === '0');

  await click('#stamp-web', 'a web tier behind a public SLB, one server per zone');
  await page.waitForSelector('[id="node-slb-web"]');
  await click('#stamp-bastions', 'a bastion per zone, their SSL VPN and security groups');
  await page.waitForSelector('#clean');

  await click('#add-rds', 'the database');
  await page.waitForSelector('#f-category');
  const rds = await page.$eval('#f-id', (i) => i.value);
  await choose('#f-category', 'high-availability', 'an RDS with a standby in the other zone');
  await page.waitForSelector('#f-public');
  await choose('#f-public', 'false', 'no public endpoint');

  for (const web of ['web-1', 'web-2']) {
    await drawLine(web, rds, 'the server uses the database');
    await page.waitForSelector('#whitelist-add');
    await click('#whitelist-add', 'and may connect to it: its whitelist');
    await until(page, () => !document.querySelector('#whitelist-add'));
    // The new link is selected: its form says on which port.
    await page.waitForSelector('#f-port');
    await type('#f-port', '3306', 'MySQL');
    await key('#f-port', 'Enter', 'done');
  }
  await page.waitForSelector('#clean');
  await shot(page, 'journey-done');

  const d = await design();
  const by = (k) => d.nodes.filter((n) => n.kind === k);
  const zoneOf = (n) => n.zone;
  // Two zones, each with a web server and a bastion.
  const webs = d.nodes.filter((n) => n.kind === 'ecs' && n.role !== 'bastion');
  const bastions = d.nodes.filter((n) => n.role === 'bastion');
  assert.equal(webs.length, 2);
  assert.equal(bastions.length, 2);
  assert.equal(new Set(webs.map(zoneOf)).size, 2, 'web servers in both zones');
  assert.equal(new Set(bastions.map(zoneOf)).size, 2, 'bastions in both zones');
  // The SLB serves both servers, from the internet.
  const [slb] = by('slb');
  assert.deepEqual([...slb.backends].sort(), webs.map((n) => n.id).sort());
  assert.ok(d.links.some((l) => l.from === 'internet' && l.to === slb.id));
  // The RDS: a standby, no public endpoint, both servers on its whitelist, linked on 3306.
  const [db] = by('rds');
  assert.equal(db.id, rds);
  assert.equal(db.category, 'high-availability');
  assert.equal(db.public, false);
  assert.deepEqual([...db.whitelist].sort(), webs.map((n) => n.id).sort());
  for (const w of webs) {
    assert.ok(d.links.some((l) => l.from === w.id && l.to === rds && l.port === 3306), `${w.id} → ${rds} on 3306`);
  }
  // Security groups: the web servers admit the SLB on 80 and the bastions on 22.
  const groups = Object.fromEntries(d.security_groups.map((g) => [g.id, g]));
  for (const w of webs) {
    const rules = w.security_groups.flatMap((g) => groups[g].rules);
    assert.ok(rules.some((r) => r.action === 'accept' && r.ports === '80' && r.from === slb.id), `${w.id}: port 80 from the SLB`);
    assert.ok(rules.some((r) => r.action === 'accept' && r.ports === '22' && r.from === 'sg:sg-bastion'), `${w.id}: ssh from the bastions`);
  }
  // Clean: no finding at all, and everything built is drawn.
  assert.equal(await page.$$eval('li.finding', (l) => l.length), 0);
  assert.equal(await nodes(), d.nodes.length);
  const { checked, total } = await page.$eval('#coverage', (c) => ({ ...c.dataset }));
  console.log(`journey: ${steps.length} interactions; coverage: checked ${checked} of ${total} rules`);
  for (const s of steps) console.log(`  ${s}`);
  fs.mkdirSync('target/e2e', { recursive: true });
  fs.writeFileSync('target/e2e/journey.json',
    JSON.stringify({ interactions: steps.length, checked: Number(checked), total: Number(total), steps }, null, 2));
  assert.ok(steps.length < 25, `${steps.length} interactions`);
});
