// Times the docs widget's WASM under Node, for `target/release/report` (bench/src/bin/report.rs).
// Usage: node bench/wasm-bench.mjs WIDGET_DIR DESIGN.json RUNS
// Loads the shipped bundle WIDGET_DIR/archlint-widget.js with WIDGET_DIR/archlint-widget.wasm
// (a stub HTMLElement lets the custom-element class be defined outside a browser), then times
// lint() (load + lint + the JSON document, parsed) and render() (load + lint + layout + SVG)
// with performance.now(): one warm-up call each, then RUNS timed calls. Prints one JSON line:
// {"lintMs": [...], "renderMs": [...], "svgBytes": n, "memoryBytes": n}
// memoryBytes is the WASM linear memory at the end: it only grows, so it is the peak of this
// fresh instance.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const [dir, designFile, runsArg] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg) || 3);
globalThis.HTMLElement ??= class {};
let memory;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const r = await instantiate(...args);
  const inst = r.instance ?? r;
  // (Node instantiates WASM of its own too, e.g. undici's HTTP parser: take the widget's.)
  if (inst.exports.render && inst.exports.lint) memory = inst.exports.memory;
  return r;
};
const widget = await import(pathToFileURL(resolve(join(dir, 'archlint-widget.js'))).href);
await widget.init(readFileSync(join(dir, 'archlint-widget.wasm')));
const text = readFileSync(designFile, 'utf8');
// The core's ceilings (the widget's defaults, 4 MiB and 5,000 nodes, are for docs pages).
const options = { maxBytes: 64 * 1024 * 1024, maxNodes: 200000, idPrefix: 'bench' };

function time(f) {
  let r = f(); // warm-up
  const t = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    r = f();
    t.push(performance.now() - a);
  }
  return [t, r];
}
const [lintMs] = time(() => widget.lint(text, options));
const [renderMs, svg] = time(() => widget.render(text, options));
console.log(
  JSON.stringify({
    lintMs,
    renderMs,
    svgBytes: Buffer.byteLength(svg),
    memoryBytes: memory ? memory.buffer.byteLength : null,
  }),
);
