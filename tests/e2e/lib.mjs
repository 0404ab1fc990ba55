// Shared helpers for the browser tests: a static server for dist/ (with the page's CSP as a
// header too) and headless Chromium through playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'tools/package.json'));
const { chromium } = require('playwright-core');

export const SHOTS = path.join(ROOT, 'target/e2e');
fs.mkdirSync(SHOTS, { recursive: true });

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:";
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

// The built page: dist/, or $DIST (a build of one's own while others rebuild dist/).
export const DIST = process.env.DIST || path.join(ROOT, 'dist');
export function serve(dir = DIST) {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p === '/') p = '/index.html';
    const file = path.join(dir, path.normalize(p));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-security-policy': CSP, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({
    url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

/// A fresh browser profile; `opts` go to launchPersistentContext (e.g. `{ locale: 'zh-CN' }`).
export async function browser(opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlint-e2e-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
    ...opts,
  });
  return { ctx, close: async () => { await ctx.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

/// A page that records console errors, CSP violations and uncaught errors; `setup(page)` runs
/// before it loads (to watch its requests, say).
export async function open(ctx, url, setup) {
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  if (setup) await setup(page);
  await page.goto(url);
  await page.waitForSelector('#canvas-svg[data-ready]');
  return page;
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

export function example(name) {
  return fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
}

/// Opens a design through the paste dialog.
export async function paste(page, text) {
  await page.click('#file-paste');
  await page.fill('#paste-text', text);
  await page.click('#paste-open');
}

/// Polls `fn(arg)` in the page until it is truthy (page.waitForFunction evaluates strings,
/// which the page's CSP forbids).
export async function until(page, fn, arg, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}
