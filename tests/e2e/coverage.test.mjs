// What was checked (issue #14): the findings panel says "checked N of M rules", and a toggle
// opens the list of what the design does not say, per rule that lacks facts. Giving a missing
// fact — through the form (reached from the list's "Show" button) or by pasting a changed
// design — raises the count on that edit.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, open, shot, paste, until } from './lib.mjs';

let server, b, page;

before(async () => {
  // E2E_DIST: a build of the editor elsewhere than dist/ (default: dist/).
  server = await serve(process.env.E2E_DIST || undefined);
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

// Lints without a finding about its database, yet says nothing of the RDS's whitelist,
// public endpoint or edition: the DB rules had nothing to go on.
const DESIGN = {
  archlint: 1,
  name: 'silent database',
  regions: [
    { id: 'hz', network: 'classic', zones: [{ id: 'hz-b' }, { id: 'hz-c' }] },
  ],
  nodes: [
    { id: 'web-1', kind: 'ecs', module: 'web', zone: 'hz-b' },
    { id: 'web-2', kind: 'ecs', module: 'web', zone: 'hz-c' },
    { id: 'rds-1', kind: 'rds', region: 'hz', engine: 'mysql' },
  ],
  links: [
    { from: 'web-1', to: 'rds-1', port: 3306 },
    { from: 'web-2', to: 'rds-1', port: 3306 },
  ],
};

/// [checked, total] as the panel shows them.
const counts = () =>
  page.evaluate(() => {
    const c = document.getElementById('coverage');
    return c ? [Number(c.dataset.checked), Number(c.dataset.total)] : null;
  });
const rule = (code) => page.$(`#coverage-list li.coverage-rule[data-code="${code}"]`);

test('the panel says how many rules were checked and lists what is missing', async () => {
  await paste(page, JSON.stringify(DESIGN, null, 2));
  // The panel also reads 82 rules for the empty design it showed before the paste: wait for
  // the pasted design's own report (its database leaves rules without facts), as a person
  // would, instead of reading the previous one on a busy machine.
  await until(page, () => {
    const c = document.getElementById('coverage');
    return c?.dataset.total === '82' && Number(c.dataset.checked) < 82;
  });
  const [n, m] = await counts();
  assert.equal(m, 82);
  assert.ok(n < m, `${n} of ${m}`);
  const head = await page.textContent('#coverage-count');
  assert.match(head, new RegExp(`^checked ${n} of 82 rules`));
  // The list is closed until asked for.
  const toggle = page.locator('#coverage-toggle');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await toggle.textContent(), `${m - n} rules lack facts`);
  assert.equal(await page.$('#coverage-list'), null);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.waitForSelector('#coverage-list');
  assert.equal((await page.$$('#coverage-list li.coverage-rule')).length, m - n);
  const db3 = await rule('DB003');
  assert.ok(db3, 'DB003 lacks facts');
  assert.match(await db3.textContent(), /`rds-1` has no whitelist/);
  assert.match(await (await rule('DB001')).textContent(), /`rds-1` does not say whether it asks for a public endpoint/);
  assert.match(await (await rule('HA007')).textContent(), /2 ECS link to an RDS but do not say whether they reconnect/);
  await shot(page, 'coverage-list');
});

test('giving a fact through the form raises the count at once', async () => {
  const [n0] = await counts();
  // "Show" selects the RDS that lacks the fact; its form gives it.
  await (await rule('DB001')).$('button.coverage-show').then((x) => x.click());
  await page.waitForSelector('#f-public');
  await page.selectOption('#f-public', 'false');
  await until(page, (n) => Number(document.getElementById('coverage').dataset.checked) > n, n0);
  const [n1, m] = await counts();
  assert.equal(n1, n0 + 1);
  // The list stays open and no longer names DB001.
  assert.equal(await page.locator('#coverage-toggle').getAttribute('aria-expanded'), 'true');
  assert.equal(await rule('DB001'), null);
  assert.equal(await page.locator('#coverage-toggle').textContent(), `${m - n1} rules lack facts`);
  await page.selectOption('#f-category', 'high-availability');
  await until(page, (n) => Number(document.getElementById('coverage').dataset.checked) > n, n1);
  assert.equal(await rule('DB005'), null);
});

test('pasting a design that says more raises the count', async () => {
  const [n0] = await counts();
  const told = structuredClone(DESIGN);
  Object.assign(told.nodes[0], { reconnect: true });
  Object.assign(told.nodes[1], { reconnect: true });
  Object.assign(told.nodes[2], { whitelist: ['web-1', 'web-2'], public: false, category: 'high-availability' });
  await paste(page, JSON.stringify(told, null, 2));
  await until(page, () => !document.querySelector('#coverage-list li.coverage-rule[data-code="DB003"]'));
  const [n1] = await counts();
  assert.ok(n1 > n0, `${n0} → ${n1}`);
  for (const code of ['DB001', 'DB002', 'DB003', 'DB005', 'HA007']) {
    assert.equal(await rule(code), null, `${code} no longer lacks facts`);
  }
  // Undo brings the gaps back (the report follows every step).
  await page.click('#undo');
  await until(page, (n) => Number(document.getElementById('coverage').dataset.checked) < n, n1);
  assert.ok(await rule('DB003'));
});

test('in Chinese', async () => {
  await page.selectOption('#lang', 'zh');
  await until(page, () => document.getElementById('coverage-count')?.textContent.startsWith('已检查 82 条规则中的'));
  const [n, m] = await counts();
  assert.equal(await page.locator('#coverage-toggle').textContent(), `${m - n} 条规则缺少信息`);
  assert.match(await (await rule('DB003')).textContent(), /`rds-1` 没有白名单（whitelist）/);
  assert.match(await page.textContent('#coverage-list .hint'), /以下规则跳过了设计中没有写明的内容/);
  await page.selectOption('#lang', 'en');
});
