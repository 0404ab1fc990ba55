// Browser tests of the docs widget: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core, under node's test runner. Run by scripts/widget-test.sh, which builds
// docs/widget/ first. Screenshots and timings go to target/widget-test/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { serve, CSP } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'target/widget-test');
const require = createRequire(join(ROOT, 'tools/package.json'));
const { chromium } = require('playwright-core');

let server, base, context, profile;
const errors = []; // uncaught page errors, all pages

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await serve(ROOT);
  base = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), 'archlint-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    viewport: { width: 1200, height: 900 },
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(path) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  const resp = await page.goto(base + path);
  assert.equal(resp.status(), 200);
  // Every widget leaves "loading".
  await poll(page, () => {
    const all = [...document.querySelectorAll('archlint-diagram')];
    return all.length > 0 && all.every((w) => ['ready', 'error'].includes(w.getAttribute('state')));
  });
  return { page, resp };
}

// page.waitForFunction evaluates strings in the page, which the CSP (rightly) refuses; poll
// with page.evaluate (a DevTools call, not subject to the page's CSP) instead.
async function poll(page, fn, arg, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

const state = (page, id) => page.getAttribute(`#${id}`, 'state');

test('test page: every widget renders or shows its error in place', async () => {
  const { page } = await open('/tests/widget/index.html');
  const expectReady = ['w-inline', 'w-src', 'w-dark', 'w-zh', 'w-hostile-src', 'w-hostile-inline', 'w-src-again'];
  for (const id of expectReady) {
    assert.equal(await state(page, id), 'ready', id);
    const n = await page.evaluate(
      (id) => document.querySelectorAll(`#${id} svg.archlint g.node`).length,
      id,
    );
    assert.ok(n > 0, `${id}: nodes drawn (${n})`);
  }
  // The broken one shows the message, line and column; the others are unaffected.
  assert.equal(await state(page, 'w-broken'), 'error');
  const broken = await page.textContent('#w-broken .archlint-error');
  assert.match(broken, /invalid JSON: expected a string key in double quotes/);
  assert.match(broken, /line 3, column 27/);
  assert.equal(await page.locator('#w-broken svg').count(), 0);
  // Limits set by the host page's attributes.
  assert.match(await page.textContent('#w-limit-nodes .archlint-error'), /the design has \d+ nodes; the limit is 3/);
  assert.match(await page.textContent('#w-limit-bytes .archlint-error'), /the design is larger than the limit of 1000 bytes/);
  assert.match(await page.textContent('#w-missing .archlint-error'), /HTTP 404/);
  // The element's own defaults when the host sets none; the host's values otherwise.
  assert.deepEqual(
    await page.evaluate(() => [document.querySelector('#w-src').options, document.querySelector('#w-limit-nodes').options]).then((x) => x.map((o) => [o.maxBytes, o.maxNodes])),
    [[4194304, 5000], [4194304, 3]],
  );
  // Languages and themes.
  assert.equal(await page.getAttribute('#w-dark svg', 'class'), 'archlint al-dark');
  assert.match(await page.textContent('#w-zh svg'), /可用区/);
  assert.equal(await page.locator('#w-zh .archlint-findings').count(), 0, 'findings="off": no table');
  assert.equal(await page.locator('#w-zh svg [data-findings]').count(), 0, 'findings="off": no badges');
  await page.screenshot({ path: join(OUT, 'test-page.png'), fullPage: true });
  await page.close();
});

test('hostile labels: no script runs, nothing but core SVG is inserted', async () => {
  const { page } = await open('/tests/widget/index.html');
  // Hover every node (tooltips) and wait a moment for anything deferred.
  for (const n of await page.locator('#w-hostile-src g.node, #w-hostile-inline g.node').all()) {
    await n.hover({ force: true }).catch(() => {});
  }
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
  const report = await page.evaluate(() => {
    const out = { scripts: 0, foreign: 0, handlers: [], hrefs: [] };
    for (const w of document.querySelectorAll('archlint-diagram')) {
      out.scripts += [...w.querySelectorAll('script')].filter((s) => s.type !== 'application/json').length;
      out.foreign += w.querySelectorAll('foreignObject, iframe, img, a, object, embed').length;
      for (const e of w.querySelectorAll('*')) {
        for (const a of e.attributes) {
          if (a.name.startsWith('on')) out.handlers.push(`${e.localName}@${a.name}`);
          if (a.name.endsWith('href')) out.hrefs.push(a.value);
        }
      }
    }
    return out;
  });
  assert.deepEqual(report, { scripts: 0, foreign: 0, handlers: [], hrefs: [] });
  // The payloads are shown as text.
  const title = await page.textContent('#w-hostile-src svg > title');
  assert.ok(title.includes('<script>window.__pwned=1</script>'), title);
  const cells = await page.locator('#w-hostile-inline .archlint-findings td').allTextContents();
  assert.ok(cells.some((c) => c.includes('"><svg onload=window.__pwned=1>')), cells.join(' | '));
  await page.close();
});

test('no duplicate ids in the document; each SVG uses its own prefix', async () => {
  const { page } = await open('/tests/widget/index.html');
  const { dupes, total, prefixes } = await page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) ?? 0) + 1);
    const prefixes = [...document.querySelectorAll('archlint-diagram svg.archlint')].map((s) => {
      const p = s.id;
      const bad = [...s.querySelectorAll('[id]')].filter((e) => !e.id.startsWith(p + '-'));
      return { p, bad: bad.length };
    });
    return { dupes: [...seen].filter(([, n]) => n > 1).map(([k]) => k), total: seen.size, prefixes };
  });
  assert.deepEqual(dupes, []);
  assert.ok(total > 100, `ids: ${total}`);
  assert.equal(new Set(prefixes.map((x) => x.p)).size, prefixes.length);
  assert.ok(prefixes.every((x) => x.bad === 0), JSON.stringify(prefixes));
  // Arrowheads point at their own SVG's marker.
  const refs = await page.evaluate(() =>
    [...document.querySelectorAll('archlint-diagram svg.archlint')].every((s) =>
      [...s.querySelectorAll('[marker-end]')].every((e) => e.getAttribute('marker-end') === `url(#${s.id}-arrow)`),
    ),
  );
  assert.ok(refs);
  await page.close();
});

test('CSP: header and meta present, inline script refused, widget still works', async () => {
  const { page, resp } = await open('/tests/widget/index.html');
  assert.equal(resp.headers()['content-security-policy'], CSP);
  assert.match(
    await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content'),
    /script-src 'self' 'wasm-unsafe-eval'/,
  );
  const violations = [];
  await page.exposeFunction('__report', (v) => violations.push(v));
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__report(e.violatedDirective));
  });
  await assert.rejects(page.addScriptTag({ content: 'window.__inline = 1' }));
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => typeof window.__inline), 'undefined');
  assert.ok(violations.some((v) => v.startsWith('script-src')), JSON.stringify(violations));
  assert.equal(await state(page, 'w-src'), 'ready');
  await page.close();
});

test('findings table: open by default, `collapsed` closes it, the summary toggles it', async () => {
  const { page } = await open('/tests/widget/index.html');
  const open_ = (id) => page.evaluate((id) => document.querySelector(`#${id} details.archlint-findings`).open, id);
  assert.equal(await open_('w-inline'), true);
  assert.equal(await open_('w-dark'), false);
  const rows = await page.locator('#w-inline .archlint-findings tbody tr').count();
  assert.ok(rows >= 1);
  assert.match(await page.textContent('#w-inline .archlint-findings summary'), /^Findings \(\d+\): \d+ warnings?/);
  await page.click('#w-dark .archlint-findings summary');
  assert.equal(await open_('w-dark'), true);
  assert.ok(await page.locator('#w-dark .archlint-findings tbody tr').first().isVisible());
  await page.click('#w-dark .archlint-findings summary');
  assert.equal(await open_('w-dark'), false);
  // The attribute toggles it too, without re-rendering.
  await page.evaluate(() => document.querySelector('#w-inline').setAttribute('collapsed', ''));
  assert.equal(await open_('w-inline'), false);
  // vpc.json is clean.
  assert.equal(await page.textContent('#w-src .archlint-findings'), '✓ No findings');
  assert.equal(await page.locator('#w-src details').count(), 0, 'nothing to toggle');
  await page.close();
});

test('re-rendering on attribute change keeps the prefix and one drawing', async () => {
  const { page } = await open('/tests/widget/index.html');
  const before_ = await page.getAttribute('#w-src svg', 'id');
  await page.evaluate(() => document.querySelector('#w-src').setAttribute('theme', 'dark'));
  await poll(page, () => document.querySelector('#w-src svg')?.classList.contains('al-dark'));
  assert.equal(await page.getAttribute('#w-src svg', 'id'), before_);
  assert.equal(await page.locator('#w-src svg.archlint').count(), 1);
  // A widget added later renders too, from inline content appended after it is connected.
  await page.evaluate(() => {
    const w = document.createElement('archlint-diagram');
    w.id = 'w-late';
    document.body.append(w);
    setTimeout(() => {
      const s = document.createElement('script');
      s.type = 'application/json';
      s.textContent = '{"archlint": 1, "nodes": [{"id": "x", "kind": "oss"}]}';
      w.append(s);
    }, 50);
  });
  await poll(page, () => document.querySelector('#w-late')?.getAttribute('state') === 'ready');
  await page.close();
});

test('JS API: init, render, lint and structured errors', async () => {
  const { page } = await open('/tests/widget/index.html');
  const r = await page.evaluate(async () => {
    const m = await import('/docs/widget/archlint-widget.js');
    await m.init();
    const text = '{"archlint": 1, "nodes": [{"id": "web", "kind": "ecs", "module": "web"}]}';
    const svg = m.render(text, { idPrefix: 'api', lang: 'zh', theme: 'dark' });
    const doc = m.lint(text, JSON.stringify({ ignore: ['HA001'], file: 'x.json' }));
    const err = (f) => {
      try {
        f();
        return null;
      } catch (e) {
        return { name: e.name, kind: e.kind, line: e.line, column: e.column, message: e.message, isError: e instanceof Error };
      }
    };
    return {
      svgStart: svg.slice(0, 100),
      hasPrefix: svg.includes('id="api-n0"'),
      file: doc.files[0].file,
      rules: doc.files[0].findings.map((f) => f.rule),
      syntax: err(() => m.render('{\n  "archlint": 1,\n  x\n}')),
      version: err(() => m.lint('{"archlint": 2}')),
      options: err(() => m.render(text, { maxNodez: 1 })),
      raise: err(() => m.render(text, { maxNodes: 1e12 })),
      tight: err(() => m.render(text, { maxNodes: 0 })),
      bytes: err(() => m.lint(text, { maxBytes: 10 })),
    };
  });
  assert.match(r.svgStart, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" id="api" class="archlint al-dark"/);
  assert.ok(r.hasPrefix);
  assert.equal(r.file, 'x.json');
  assert.ok(!r.rules.includes('HA001') && r.rules.length > 0, r.rules.join());
  assert.deepEqual(
    { ...r.syntax, message: undefined },
    { name: 'ArchlintError', kind: 'syntax', line: 3, column: 3, message: undefined, isError: true },
  );
  assert.match(r.syntax.message, /^invalid JSON/);
  assert.equal(r.version.kind, 'unsupported-version');
  assert.equal(r.options.kind, 'options');
  assert.match(r.options.message, /unknown option "maxNodez"/);
  assert.equal(r.raise, null, 'a huge limit is clamped to the default, not an error');
  assert.equal(r.tight.kind, 'too-many-nodes');
  assert.equal(r.bytes.kind, 'too-large');
  assert.match(r.bytes.message, /the design is \d+ bytes; the limit is 10 bytes/);
  await page.close();
});

test('docs/embed.html: the four reference designs, time to first diagram', async () => {
  const { page } = await open('/docs/embed.html');
  const ids = await page.evaluate(() => [...document.querySelectorAll('archlint-diagram')].map((w) => [w.getAttribute('src'), w.getAttribute('state')]));
  assert.equal(ids.length, 4, JSON.stringify(ids));
  for (const [src, st] of ids) assert.equal(st, 'ready', src);
  for (const [src] of ids) assert.ok(!src.includes('..'));
  const clean = await page.locator('.archlint-clean').allTextContents();
  assert.deepEqual(clean, ['✓ No findings', '✓ No findings', '✓ 没有发现问题', '✓ No findings'], 'the reference designs lint clean');
  await page.screenshot({ path: join(OUT, 'embed.png'), fullPage: true });
  // Time to first diagram, from navigation start, over fresh loads (no cache: no-store).
  const samples = [];
  for (let i = 0; i < 5; i++) {
    const p = await context.newPage();
    await p.goto(base + '/docs/embed.html');
    await poll(p, () => performance.getEntriesByName('archlint:first-diagram').length > 0);
    samples.push(
      await p.evaluate(() => ({
        wasm: performance.getEntriesByName('archlint:wasm-ready')[0].startTime,
        first: performance.getEntriesByName('archlint:first-diagram')[0].startTime,
      })),
    );
    await p.close();
  }
  writeFileSync(join(OUT, 'timings.json'), JSON.stringify(samples, null, 2) + '\n');
  console.log('time to first diagram (ms from navigation start):', samples.map((s) => Math.round(s.first)).join(', '));
  await page.close();
});

test('no uncaught errors on any page', () => {
  assert.deepEqual(errors, []);
});

// The shared hostile-input corpus (tests/hostile/*.json, with its written expectations) through
// the widget: each design in its own <archlint-diagram> on one page, limits raised by the host
// to the core's ceilings so every design is drawn (or refused with a positioned error when its
// .expect says "load error"); no payload runs, no handler or href is inserted, ids stay unique.
test('hostile corpus: every design drawn inert or refused in place', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const dir = join(ROOT, 'tests/hostile');
  const names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  assert.ok(names.length >= 10, `corpus has ${names.length} designs`);
  const { page } = await open('/tests/widget/index.html');
  await page.evaluate((names) => {
    for (const [i, n] of names.entries()) {
      const w = document.createElement('archlint-diagram');
      w.id = `corpus-${i}`;
      w.setAttribute('src', `/tests/hostile/${n}`);
      w.setAttribute('max-bytes', String(64 * 1024 * 1024));
      w.setAttribute('max-nodes', '200000');
      document.body.append(w);
    }
  }, names);
  await poll(page, (n) => {
    const ws = [...document.querySelectorAll('archlint-diagram[id^="corpus-"]')];
    return ws.length === n && ws.every((w) => ['ready', 'error'].includes(w.getAttribute('state')));
  }, names.length, 60000);
  for (const [i, n] of names.entries()) {
    const expect = readFileSync(join(dir, n.replace(/\.json$/, '.expect')), 'utf8');
    const st = await state(page, `corpus-${i}`);
    assert.equal(st, expect.includes('load error') ? 'error' : 'ready', `${n}: ${st}`);
  }
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
  const report = await page.evaluate(() => {
    const out = { scripts: 0, handlers: 0, hrefs: 0, dupIds: [] };
    const seen = new Set();
    for (const e of document.querySelectorAll('archlint-diagram[id^="corpus-"] *')) {
      if (e.localName === 'script' || e.localName === 'foreignObject' || e.localName === 'iframe') out.scripts++;
      for (const a of e.attributes) {
        if (a.name.startsWith('on')) out.handlers++;
        if (a.name.endsWith('href')) out.hrefs++;
      }
    }
    for (const e of document.querySelectorAll('[id]')) {
      if (seen.has(e.id)) out.dupIds.push(e.id);
      seen.add(e.id);
    }
    return out;
  });
  assert.deepEqual(report, { scripts: 0, handlers: 0, hrefs: 0, dupIds: [] });
  await page.close();
});
