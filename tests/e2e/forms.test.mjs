// Forms for people and building blocks (issue #14), through clicks in headless Chromium: labels
// in the user's language with the JSON key as a hint and no raw JSON box; an SLB listener, a
// security-group rule with the source picker, an IPSec peer, an RDS sizing and whitelist built
// with the forms; "+ Add" asking which item; the stamps (web tier, bastions, DR copy) and the
// bastion entry; a new ECS joining its module; "duplicate into the other zone"; shift-click and
// rubber-band selection with copy / paste / duplicate / delete and undo; deleting a zone with
// content (keep or delete). Each step checks the saved design JSON and the findings.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, browser, open, shot, until } from './lib.mjs';

let server, b, page;

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

/// The design as "Save JSON" writes it.
async function design() {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#file-save')]);
  return JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
}
const codes = () =>
  page.$$eval('li.finding', (l) => l.map((x) => `${x.dataset.code}@${x.dataset.target || ''}`).sort());
const node = (d, id) => d.nodes.find((n) => n.id === id);
const group = (d, id) => d.security_groups.find((g) => g.id === id);
const nodeCount = () => page.$eval('#canvas-svg', (svg) => Number(svg.dataset.nodes));

/// Clicks a node on the canvas (its top-left corner: the right edge's dot draws a link).
async function clickNode(id, modifiers = []) {
  const sel = `[id="node-${id}"]`;
  await page.locator(sel).scrollIntoViewIfNeeded();
  await page.click(sel, { position: { x: 8, y: 8 }, modifiers });
}
const selected = (id) => page.$eval(`[id="node-${id}"]`, (e) => e.classList.contains('selected'));
const title = () => page.textContent('#properties h2');

async function fresh() {
  await page.click('#file-new');
  await until(page, () => document.getElementById('canvas-svg')?.dataset.nodes === '0');
}

test('labels are words in the language with the JSON key as a hint; no raw JSON box', async () => {
  await fresh();
  const kinds = ['ecs', 'slb', 'rds', 'oss', 'vpn', 'leased_line', 'idc', 'eip', 'nat', 'dns', 'apigw'];
  for (const [i, k] of kinds.entries()) {
    await page.click(`#add-${k}`);
    await until(page, (n) => document.getElementById('canvas-svg').dataset.nodes === String(n), i + 1);
    assert.equal(await page.$$eval('#properties textarea', (t) => t.length), 0, `${k}: a raw JSON box`);
    // Every field's label has words first and the key after, apart.
    const labels = await page.$$eval('#properties label[for^="f-"]', (ls) =>
      ls.map((l) => [l.querySelector('.key')?.textContent, l.textContent]));
    assert.ok(labels.length > 0, k);
    for (const [key, text] of labels) {
      assert.ok(key, `${k}: a label without its key: ${text}`);
      assert.notEqual(text.slice(0, -key.length).trim(), '', `${k}: ${key} has no words`);
    }
  }
  await clickNode('ecs-1');
  const label = '#properties label[for="f-public_bandwidth_mbps"]';
  assert.equal(await page.textContent(label), 'Public bandwidth (Mbps)public_bandwidth_mbps');
  assert.equal(await page.textContent(`${label} .key`), 'public_bandwidth_mbps');
  await page.selectOption('#lang', 'zh');
  await until(page, (l) => document.querySelector(l)?.textContent.startsWith('公网带宽（Mbps）'), label);
  assert.equal(await page.textContent(`${label} .key`), 'public_bandwidth_mbps');
  // Choices say what they mean: the role "bastion" is 堡垒机.
  assert.equal(await page.$eval('#f-role option[value="bastion"]', (o) => o.textContent), '堡垒机 (bastion)');
  await shot(page, 'forms-01-zh-labels');
  await page.selectOption('#lang', 'en');
  await until(page, (l) => document.querySelector(l)?.textContent.startsWith('Public'), label);
});

test('the web-tier stamp, the bastion stamp and a bastion, each one undo step', async () => {
  await fresh();
  await page.click('#stamp-web');
  await page.waitForSelector('[id="node-slb-web"]');
  let d = await design();
  const slb = node(d, 'slb-web');
  assert.deepEqual(slb.backends, ['web-1', 'web-2']);
  assert.deepEqual(slb.listeners, [{ protocol: 'http', port: 80, backend_port: 80,
    health_check: { protocol: 'http', path: '/', port: 80 } }]);
  assert.notEqual(node(d, 'web-1').zone, node(d, 'web-2').zone, 'one server per zone');
  assert.equal(node(d, 'web-1').module, node(d, 'web-2').module);
  assert.deepEqual(group(d, 'sg-web').rules, [{ action: 'accept', protocol: 'tcp', ports: '80', from: 'slb-web' }]);
  assert.deepEqual(d.links, [{ from: 'internet', to: 'slb-web', port: 80, protocol: 'http' }]);
  await until(page, () => document.querySelectorAll('li.finding').length === 1);
  assert.deepEqual(await codes(), ['BH001@'], 'only the missing bastion');
  // One step back and forth.
  await page.click('#undo');
  await until(page, () => document.getElementById('canvas-svg').dataset.nodes === '0');
  await page.click('#redo');
  await page.waitForSelector('[id="node-slb-web"]');
  // The bastion pair with its SSL VPN and groups: the design lints clean.
  await page.click('#stamp-bastions');
  await page.waitForSelector('#clean');
  d = await design();
  const bastions = d.nodes.filter((n) => n.role === 'bastion');
  assert.equal(bastions.length, 2);
  assert.notEqual(bastions[0].zone, bastions[1].zone);
  assert.deepEqual(group(d, 'sg-bastion').rules, [{ action: 'accept', protocol: 'tcp', ports: '22', from: 'vpn-mgmt' }]);
  assert.equal(node(d, 'vpn-mgmt').type, 'ssl');
  assert.ok(group(d, 'sg-web').rules.some((r) => r.from === 'sg:sg-bastion' && r.ports === '22'));
  // The palette's bastion: with a bastion selected, in its zone and its group.
  const zone = node(d, bastions[0].id).zone;
  await clickNode(bastions[0].id);
  await page.click('#add-bastion');
  await page.waitForSelector('[id="node-bastion-1"]');
  d = await design();
  const b1 = node(d, 'bastion-1');
  assert.equal(b1.role, 'bastion');
  assert.equal(b1.zone, zone);
  assert.equal(b1.public_bandwidth_mbps, 0);
  assert.deepEqual(b1.security_groups, ['sg-bastion']);
  await page.waitForSelector('#clean');
  await shot(page, 'forms-02-stamps');
  await page.click('#undo');
  await until(page, () => !document.querySelector('[id="node-bastion-1"]'));
});

test('an SLB listener built with the form', async () => {
  await clickNode('slb-web');
  await page.waitForSelector('#f-listeners-add');
  // "+ Add listener…" asks for the protocol; ports and health check fit the backends.
  await page.selectOption('#f-listeners-add', 'https');
  await until(page, () => document.querySelector('#f-listeners-1-port')?.value === '443');
  let d = await design();
  assert.deepEqual(node(d, 'slb-web').listeners[1], { protocol: 'https', port: 443, backend_port: 80,
    health_check: { protocol: 'http', path: '/', port: 80 }, certificate: true });
  // Health check: switched off, LB009 says so; back to unknown, it goes.
  await page.selectOption('#f-listeners-1-health_check-enabled', 'false');
  await page.waitForSelector('li.finding[data-code="LB009"][data-target="slb-web"]');
  assert.equal(node(await design(), 'slb-web').listeners[1].health_check.enabled, false);
  await page.selectOption('#f-listeners-1-health_check-enabled', '');
  await until(page, () => !document.querySelector('li.finding[data-code="LB009"]'));
  // Sticky sessions and the path.
  await page.selectOption('#f-listeners-1-sticky', 'true');
  await page.fill('#f-listeners-1-health_check-path', '/health');
  await page.press('#f-listeners-1-health_check-path', 'Tab');
  d = await design();
  assert.equal(node(d, 'slb-web').listeners[1].sticky, true);
  assert.deepEqual(node(d, 'slb-web').listeners[1].health_check, { protocol: 'http', path: '/health', port: 80 });
  // A port out of range is refused and says why.
  await page.fill('#f-listeners-1-port', '70000');
  await page.press('#f-listeners-1-port', 'Tab');
  assert.match(await page.$eval('#f-listeners-1-port', (e) => e.validationMessage), /1–65535/);
  assert.equal(node(await design(), 'slb-web').listeners[1].port, 443);
  await shot(page, 'forms-03-listener');
  await page.click('#f-listeners-1-remove');
  await until(page, () => !document.querySelector('#f-listeners-1-port'));
  assert.equal(node(await design(), 'slb-web').listeners.length, 1);
  await page.waitForSelector('#clean');
});

test('a security-group rule with the source picker', async () => {
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'sg-web', exact: true }).click();
  await page.waitForSelector('#r0-from');
  // The picker offers the design's groups, VPN pools and nodes.
  const offered = await page.$$eval('#r0-from option', (o) => o.map((x) => x.value));
  for (const v of ['sg:sg-web', 'sg:sg-bastion', 'vpn-mgmt', 'web-1', 'slb-web']) assert.ok(offered.includes(v), v);
  assert.equal(await page.inputValue('#r0-from'), 'slb-web');
  // Picking a group writes the format's syntax; the SLB no longer reaches its backends.
  await page.selectOption('#r0-from', 'sg:sg-bastion');
  await page.waitForSelector('li.finding[data-code="SG004"]');
  assert.equal(group(await design(), 'sg-web').rules[0].from, 'sg:sg-bastion');
  await page.click('#undo');
  await until(page, () => !document.querySelector('li.finding[data-code="SG004"]'));
  // A new rule asks whom it admits: an address, checked as typed.
  const n = group(await design(), 'sg-web').rules.length;
  await page.selectOption('#add-sg-rule', { label: 'IP address or CIDR…' });
  await page.fill('#add-sg-rule-cidr', '10.0.1.7/24');
  await page.press('#add-sg-rule-cidr', 'Enter');
  assert.match(await page.$eval('#add-sg-rule-cidr', (e) => e.validationMessage), /10\.0\.1\.0\/24/);
  assert.equal(group(await design(), 'sg-web').rules.length, n);
  await page.fill('#add-sg-rule-cidr', '10.0.1.0/24');
  await page.press('#add-sg-rule-cidr', 'Enter');
  await until(page, (k) => document.querySelector(`#r${k}-from`), n);
  let d = await design();
  assert.deepEqual(group(d, 'sg-web').rules[n], { action: 'accept', protocol: 'tcp', ports: '443', from: '10.0.1.0/24' });
  assert.equal(await page.inputValue(`#r${n}-from-cidr`), '10.0.1.0/24');
  // Ports are checked too.
  await page.fill(`#r${n}-ports`, 'https');
  await page.press(`#r${n}-ports`, 'Tab');
  assert.equal(group(await design(), 'sg-web').rules[n].ports, '443');
  await page.fill(`#r${n}-ports`, '8000-8080');
  await page.press(`#r${n}-ports`, 'Tab');
  assert.equal(group(await design(), 'sg-web').rules[n].ports, '8000-8080');
  // A rule admitting the VPN pool on the management port bypasses the bastions: BH003.
  await page.selectOption('#add-sg-rule', 'vpn-mgmt');
  await page.waitForSelector('li.finding[data-code="BH003"]');
  d = await design();
  assert.deepEqual(group(d, 'sg-web').rules[n + 1], { action: 'accept', protocol: 'tcp', ports: '22', from: 'vpn-mgmt' });
  await shot(page, 'forms-04-sg-rule');
  await page.click(`#r${n + 1}-remove`);
  await page.click(`#r${n}-remove`);
  await page.waitForSelector('#clean');
});

test('"+ Add" asks which group; duplicate into the other zone; a new ECS joins its module', async () => {
  await clickNode('web-1');
  await page.waitForSelector('#dup-zone');
  const before = await codes();
  await page.click('#dup-zone');
  await page.waitForSelector('[id="node-web-3"]');
  let d = await design();
  assert.equal(node(d, 'web-3').zone, 'zone-b');
  assert.equal(node(d, 'web-3').module, 'web');
  assert.deepEqual(node(d, 'slb-web').backends, ['web-1', 'web-2', 'web-3']);
  assert.deepEqual(await codes(), before);
  // With web-1 selected, a new ECS joins web, in the zone with fewer of them.
  await clickNode('web-1');
  await page.click('#add-ecs');
  await page.waitForSelector('[id="node-ecs-1"]');
  d = await design();
  assert.equal(node(d, 'ecs-1').module, 'web');
  assert.equal(node(d, 'ecs-1').zone, 'zone-a');
  assert.ok(!(await codes()).some((c) => c.startsWith('HA001')));
  // "+ Add…" under the groups lists the groups the node is not in, and adds the one picked.
  const offered = await page.$$eval('#f-security_groups-add option', (o) => o.map((x) => x.value).filter(Boolean));
  assert.deepEqual(offered, ['sg-bastion']);
  await page.selectOption('#f-security_groups-add', 'sg-bastion');
  await page.waitForSelector('#f-security_groups-1');
  assert.deepEqual(node(await design(), 'ecs-1').security_groups, ['sg-web', 'sg-bastion']);
  await page.click('#undo');
  await page.click('#undo');
  await page.click('#undo');
  await until(page, () => !document.querySelector('[id="node-web-3"]'));
});

test('multi-select: shift-click and rubber band; copy, paste, duplicate, delete, undo', async () => {
  await clickNode('web-1');
  await clickNode('web-2', ['Shift']);
  await until(page, () => document.querySelector('#properties h2').textContent === '2 selected');
  assert.ok(await selected('web-1') && await selected('web-2'));
  const n = await nodeCount();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await until(page, (k) => document.getElementById('canvas-svg').dataset.nodes === String(k), n + 2);
  let d = await design();
  assert.equal(node(d, 'web-3').module, 'web');
  assert.ok(node(d, 'web-4'));
  assert.equal(await title(), '2 selected');
  assert.ok(await selected('web-3') && await selected('web-4'), 'the copies are selected');
  // Delete takes both, in one step.
  await page.keyboard.press('Delete');
  await until(page, (k) => document.getElementById('canvas-svg').dataset.nodes === String(k), n);
  await page.click('#undo');
  await until(page, (k) => document.getElementById('canvas-svg').dataset.nodes === String(k), n + 2);
  await page.click('#undo');
  await until(page, (k) => document.getElementById('canvas-svg').dataset.nodes === String(k), n);
  // Ctrl+D duplicates what is selected.
  await clickNode('bastion-a');
  await page.keyboard.press('Control+d');
  await until(page, (k) => document.getElementById('canvas-svg').dataset.nodes === String(k), n + 1);
  d = await design();
  assert.equal(node(d, 'bastion-a-2').role, 'bastion');
  await page.click('#undo');
  // The rubber band: shift and drag around both web servers.
  await page.keyboard.press('Escape');
  const boxes = [];
  for (const id of ['web-1', 'web-2']) {
    await page.locator(`[id="node-${id}"]`).scrollIntoViewIfNeeded();
    boxes.push(await page.locator(`[id="node-${id}"] .nbox`).boundingBox());
  }
  const x0 = Math.min(...boxes.map((r) => r.x)) - 6;
  const y0 = Math.min(...boxes.map((r) => r.y)) - 6;
  const x1 = Math.max(...boxes.map((r) => r.x + r.width)) + 6;
  const y1 = Math.max(...boxes.map((r) => r.y + r.height)) + 6;
  await page.keyboard.down('Shift');
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x1, y1, { steps: 6 });
  await shot(page, 'forms-05-rubber-band');
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await until(page, () => /selected$/.test(document.querySelector('#properties h2').textContent));
  assert.ok(await selected('web-1') && await selected('web-2'));
  await page.keyboard.press('Escape');
});

test('deleting a zone with servers asks: keep moves them, delete removes them', async () => {
  const zoneA = async () => {
    const box = '#canvas-svg .box[data-id="zone-a"]';
    await page.locator(box).scrollIntoViewIfNeeded();
    await page.click(box, { position: { x: 14, y: 14 } });
    await until(page, () => document.querySelector('#properties h2').textContent.includes('zone-a'));
  };
  const d0 = await design();
  const inA = d0.nodes.filter((x) => x.zone === 'zone-a').map((x) => x.id);
  assert.ok(inA.length >= 2);
  await zoneA();
  await page.keyboard.press('Delete');
  await page.waitForSelector('#delete-content');
  assert.match(await page.textContent('#delete-content'), /zone-b/);
  await shot(page, 'forms-06-delete-zone');
  await page.click('#delete-keep');
  await until(page, () => !document.querySelector('#canvas-svg .box[data-id="zone-a"]'));
  let d = await design();
  assert.ok(!d.regions[0].zones.some((z) => z.id === 'zone-a'));
  for (const id of inA) assert.equal(node(d, id).zone, 'zone-b', id);
  assert.ok(!(await codes()).some((c) => c.startsWith('DF')));
  await page.click('#undo');
  await page.waitForSelector('#canvas-svg .box[data-id="zone-a"]');
  await zoneA();
  await page.keyboard.press('Delete');
  await page.click('#delete-all');
  await until(page, () => !document.querySelector('#canvas-svg .box[data-id="zone-a"]'));
  d = await design();
  for (const id of inA) assert.equal(node(d, id), undefined, id);
  assert.ok(!JSON.stringify(d).includes('"web-1"'), 'nothing points at a deleted server');
  assert.ok(!(await codes()).some((c) => c.startsWith('DF')));
  await page.click('#undo');
  await page.waitForSelector('#canvas-svg .box[data-id="zone-a"]');
});

test('the DR stamp; the IPSec peer, the RDS sizing and whitelist built with the forms', async () => {
  await page.keyboard.press('Escape');
  await page.click('#stamp-dr');
  await page.waitForSelector('#canvas-svg .box[data-id="region-1-dr"]');
  let d = await design();
  assert.equal(d.regions[1].role, 'dr');
  assert.equal(d.regions[1].zones.length, 2);
  assert.equal(d.dr, 'two-region');
  assert.deepEqual(node(d, 'slb-web-dr').backends, ['web-1-dr', 'web-2-dr']);
  await page.waitForSelector('#clean');
  // An IPSec VPN: its peer gateway has fields of its own.
  await page.click('#add-vpn');
  await page.waitForSelector('#f-type');
  await page.selectOption('#f-type', 'ipsec');
  await page.fill('#f-peer-vendor', 'Cisco');
  await page.press('#f-peer-vendor', 'Tab');
  await page.waitForSelector('li.finding[data-code="VP002"]');
  await page.selectOption('#f-peer-behind_nat', 'true');
  await page.waitForSelector('li.finding[data-code="VP003"]');
  await page.fill('#f-peer-public_ip', '203.0.113.300');
  await page.press('#f-peer-public_ip', 'Tab');
  d = await design();
  const vpn = d.nodes.at(-1);
  assert.deepEqual(vpn.peer, { vendor: 'Cisco', behind_nat: true });
  await page.fill('#f-peer-public_ip', '203.0.113.10');
  await page.press('#f-peer-public_ip', 'Tab');
  assert.deepEqual(node(await design(), vpn.id).peer, { vendor: 'Cisco', behind_nat: true, public_ip: '203.0.113.10' });
  // An RDS: its sizing, then storage below it (CP001); the whitelist asks which server.
  await page.click('#add-rds');
  await page.waitForSelector('#f-sizing-daily_transactions');
  for (const [f, v] of [['daily_transactions', '2000000'], ['transaction_kb', '2'], ['retention_days', '365']]) {
    await page.fill(`#f-sizing-${f}`, v);
    await page.press(`#f-sizing-${f}`, 'Tab');
  }
  await page.fill('#f-storage_gb', '100');
  await page.press('#f-storage_gb', 'Tab');
  d = await design();
  const rds = d.nodes.at(-1);
  assert.deepEqual(rds.sizing, { daily_transactions: 2000000, transaction_kb: 2, retention_days: 365 });
  await page.waitForSelector(`li.finding[data-code="CP001"][data-target="${rds.id}"]`);
  await page.selectOption('#f-whitelist-add', 'web-1');
  await until(page, () => document.querySelector('#f-whitelist-0'));
  assert.deepEqual(node(await design(), rds.id).whitelist, ['web-1']);
  await shot(page, 'forms-07-peer-sizing');
});
