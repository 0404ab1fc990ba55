// Fixes in the editor (issue #13): a finding with a fix has a "Fix" button (and "Fix all N"
// for its rule), an unsafe fix asks first and lists what it adds, every fix is one undo step,
// and fixing everything fixable in a broken example leaves only findings without a fix.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser, open, shot, example, paste, until } from './lib.mjs';

let server, b, page;

before(async () => {
  server = await serve();
  b = await browser();
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

const codes = () =>
  page.$$eval('li.finding', (l) => l.map((x) => `${x.dataset.code}@${x.dataset.target || ''}`).sort());
const fixButtons = () => page.$$eval('li.finding button.fix', (l) => l.length);

async function openText(text) {
  await paste(page, text);
  await page.waitForSelector('li.finding');
}

test('a safe fix applies at once and is one undo step', async () => {
  const design = JSON.parse(example('vpc.json'));
  // Two servers that do not start their software at boot: HA005 with a safe fix, each.
  const [ecs, other] = design.nodes.filter((n) => n.kind === 'ecs' && (n.role ?? 'app') === 'app');
  ecs.autostart = false;
  other.autostart = false;
  await openText(JSON.stringify(design, null, 2));
  const before = await codes();
  const sel = `li.finding[data-code="HA005"][data-target="${ecs.id}"]`;
  const title = await page.getAttribute(`${sel} button.fix`, 'title');
  assert.equal(title, `set "autostart": true on \`${ecs.id}\``);
  await shot(page, 'fix-01-offered');
  await page.click(`${sel} button.fix`);
  await until(page, (s) => !document.querySelector(s), sel);
  // The keyboard focus left the fixed finding for its neighbour's Fix button (Enter fixes that
  // one), not for the top of the page.
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    return a?.matches('li.finding button.fix') ? a.closest('li').dataset.target : a?.outerHTML.slice(0, 80);
  });
  assert.equal(focused, other.id);
  const after = await codes();
  assert.deepEqual(after, before.filter((c) => c !== `HA005@${ecs.id}`));
  await page.keyboard.press('Control+z');
  await until(page, (s) => !!document.querySelector(s), sel);
  assert.deepEqual(await codes(), before);
});

test('"Fix all" leaves the keyboard focus in the findings panel', async () => {
  // Two servers that do not start at boot (HA005, safe fix) and are in no group, without a
  // bastion (BH001, SG003: no fix).
  const zone = (id) => ({ id });
  const design = {
    archlint: 1,
    regions: [{ id: 'hz', zones: [zone('hz-b'), zone('hz-c')] }],
    nodes: ['b', 'c'].map((z) => ({ id: `web-${z}`, kind: 'ecs', zone: `hz-${z}`, module: 'web', autostart: false })),
  };
  const focused = () => page.evaluate(() => {
    const a = document.activeElement;
    if (a?.matches('button.group-head')) return `head ${a.closest('section.rule-group').dataset.code}`;
    if (a?.matches('#findings > h2')) return 'panel heading';
    return a?.outerHTML.slice(0, 80);
  });
  for (const filtered of [false, true]) {
    await openText(JSON.stringify(design, null, 2));
    if (filtered) await page.selectOption('#rule-filter', 'HA005');
    await page.click('button.fix-all[data-code="HA005"]');
    await until(page, () => !document.querySelector('li.finding[data-code="HA005"]'));
    // The group went with its findings: the focus is on the next rule's heading, or, when
    // nothing of the list is left (the rule filter showed only HA005), on the panel's heading;
    // never dropped to the page.
    assert.equal(await focused(), filtered ? 'panel heading' : 'head SG003');
    if (filtered) {
      // The filter still says what it shows: HA005, none left.
      assert.equal(await page.$eval('#rule-filter', (s) => s.selectedOptions[0].textContent), 'HA005 no-autostart (0)');
      await page.selectOption('#rule-filter', '');
    }
    await page.keyboard.press('Control+z');
    await page.waitForSelector('li.finding[data-code="HA005"]');
  }
});

test('a fix is made while the pointer rests on its button, and the click commits it', async () => {
  const design = JSON.parse(example('vpc.json'));
  const servers = design.nodes.filter((n) => n.kind === 'ecs' && (n.role ?? 'app') === 'app');
  for (const n of servers) n.autostart = false;
  await openText(JSON.stringify(design, null, 2));
  const parts = () => page.getAttribute('#canvas-svg', 'data-edit-parts');
  // Clicked at once (the pointer coming from elsewhere): the click makes the result itself.
  await page.mouse.move(1, 1);
  const box = await page.locator('button.fix-all[data-code="HA005"]').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(1, 1);
  await until(page, () => !document.querySelector('li.finding[data-code="HA005"]'));
  assert.doesNotMatch(await parts(), / prepared$/);
  const direct = await codes();
  await page.keyboard.press('Control+z');
  await page.waitForSelector('button.fix-all[data-code="HA005"]');
  // The pointer rests on "Fix all" first: the click commits what was made meanwhile, the
  // same design.
  await page.hover('button.fix-all[data-code="HA005"]');
  await page.waitForTimeout(150);
  await page.click('button.fix-all[data-code="HA005"]');
  await until(page, () => !document.querySelector('li.finding[data-code="HA005"]'));
  assert.match(await parts(), / prepared$/);
  const fixedAhead = await page.$$eval('li.finding', (l) => l.map((x) => `${x.dataset.code}@${x.dataset.target || ''}`).sort());
  await page.keyboard.press('Control+z');
  await page.waitForSelector('button.fix-all[data-code="HA005"]');
  await page.mouse.move(1, 1);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(1, 1);
  await until(page, () => !document.querySelector('li.finding[data-code="HA005"]'));
  assert.deepEqual(await codes(), fixedAhead);
  assert.deepEqual(fixedAhead, direct);
});

test('fixing everything fixable in a broken example leaves only findings without a fix', async () => {
  for (const name of ['broken/ha.json', 'broken/bh.json', 'broken/os.json', 'broken/df.json']) {
    await openText(example(name));
    const start = (await codes()).length;
    let rounds = 0;
    let confirmed = 0;
    while ((await fixButtons()) > 0) {
      assert.ok(rounds++ < 200, `${name}: fixes do not converge`);
      const n = (await codes()).join('|');
      // "Fix all" where there is one, else the finding's own fix.
      const all = await page.$('section.rule-group button.fix-all');
      await (all ?? (await page.$('li.finding button.fix'))).click();
      const dialog = await page.$('#fix-ok');
      if (dialog) {
        // An unsafe fix says what it will add before it does.
        const items = await page.$$eval('.fix-list li', (l) => l.map((x) => x.textContent));
        assert.ok(items.length > 0 && items.every((t) => t.length > 10), items.join('\n'));
        if (confirmed === 0) await shot(page, 'fix-02-confirm');
        confirmed++;
        await page.click('#fix-ok');
      }
      await until(page, (prev) => {
        const now = [...document.querySelectorAll('li.finding')]
          .map((x) => `${x.dataset.code}@${x.dataset.target || ''}`)
          .sort()
          .join('|');
        return now !== prev || !!document.querySelector('#clean');
      }, n);
    }
    const left = (await codes()).length;
    assert.ok(left < start, `${name}: ${start} findings before, ${left} after`);
    assert.equal(await fixButtons(), 0);
    await shot(page, `fix-03-${name.replace('/', '-')}`);
  }
});
