// archlint docs widget: the <archlint-diagram> element and the JS API (init, render, lint).
//
// This file is bundled by scripts/widget-build.sh with the wasm-bindgen glue into one ES
// module, `archlint-widget.js`, served next to `archlint-widget.wasm`. The WASM module is
// loaded once, lazily, when the first widget renders (or on `init()`), and shared by every
// widget on the page.
//
// Safety: the only markup inserted is the SVG produced by the core (escaped, allow-listed
// elements), parsed as image/svg+xml and imported node by node; a second allow-list pass
// here drops anything else. Everything else (findings table, errors) is built with
// createElement and textContent. Limits come from the element's attributes only.

// @bundle-strip-start
// (the bundle defines these names: the glue's init, exports and a reset helper)
import __wbg_init, { render as wasm_render, lint as wasm_lint, draw as wasm_draw, __archlint_reset } from './archlint_widget_glue.js';
// @bundle-strip-end

const SVG_NS = 'http://www.w3.org/2000/svg';
// The element's default limits, lower than the core's (64 MiB, 200,000 nodes): a docs page
// draws on the main thread. The host page raises or lowers them with max-bytes / max-nodes
// (never above the core's); the design cannot.
const MAX_BYTES = 4 * 1024 * 1024;
const MAX_NODES = 5000;
const DEFAULT_WASM = new URL('archlint-widget.wasm', import.meta.url);

let loading; // Promise of the shared instance
let loaded = false;

/** Loads the shared WASM instance (once). `wasm`: URL, Response or bytes; default: next to this script. */
export function init(wasm) {
  if (!loading) {
    loading = __wbg_init({ module_or_path: wasm ?? DEFAULT_WASM }).then(
      () => {
        loaded = true;
        mark('archlint:wasm-ready');
      },
      (e) => {
        loading = undefined;
        throw e;
      },
    );
  }
  return loading;
}

function ready() {
  if (!loaded) throw new Error('archlint: call `await init()` before render() or lint()');
}

// A panic (a bug in the core) throws an Error "archlint widget: internal error: …", or traps
// (RuntimeError); either way the instance is replaced by a fresh one before rethrowing, so the
// other widgets keep working.
function guarded(f, text, options) {
  ready();
  try {
    return f(String(text), options ?? null);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || /^archlint widget: internal error/.test(e?.message)) {
      try {
        __archlint_reset();
      } catch {
        /* keep the old instance */
      }
    }
    throw e;
  }
}

/** The SVG of a design. Throws an `ArchlintError` (kind, line, column) when it cannot be loaded. */
export function render(designText, options) {
  return guarded(wasm_render, designText, options);
}

/** The findings, as the `archlint check --format json` document. Throws like render(). */
export function lint(designText, options) {
  return JSON.parse(guarded(wasm_lint, designText, options));
}

function mark(name) {
  try {
    if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
  } catch {
    /* no performance API */
  }
}

// --- the element ---------------------------------------------------------------------------

const TEXT = {
  en: {
    findings: 'Findings',
    none: 'No findings',
    error: 'error',
    errors: 'errors',
    warning: 'warning',
    warnings: 'warnings',
    info: 'info',
    infos: 'info',
    cols: ['Severity', 'Rule', 'Target', 'Message', 'Line'],
    failed: 'The design could not be drawn',
    at: (l, c) => `line ${l}, column ${c}`,
    loading: 'Loading design…',
    noSource: 'no design: set src or add a <script type="application/json"> child',
    fetchFailed: (s, u) => `HTTP ${s} fetching ${u}`,
    tooLarge: (m) => `the design is larger than the limit of ${m} bytes`,
  },
  zh: {
    findings: '检查结果',
    none: '没有发现问题',
    error: '错误',
    errors: '错误',
    warning: '警告',
    warnings: '警告',
    info: '提示',
    infos: '提示',
    cols: ['级别', '规则', '对象', '说明', '行'],
    failed: '无法绘制该设计',
    at: (l, c) => `第 ${l} 行，第 ${c} 列`,
    loading: '正在加载设计…',
    noSource: '没有设计：请设置 src 或添加 <script type="application/json"> 子元素',
    fetchFailed: (s, u) => `获取 ${u} 失败（HTTP ${s}）`,
    tooLarge: (m) => `设计文件超过上限 ${m} 字节`,
  },
};

const STYLE = `
:where(archlint-diagram){display:block;margin:1em 0;font:14px/1.45 system-ui,sans-serif}
:where(archlint-diagram) :where(.archlint-svg){overflow:auto}
:where(archlint-diagram) :where(.archlint-svg svg){max-width:100%;height:auto;display:block}
:where(archlint-diagram) :where(.archlint-error){border:1px solid #d32f2f;border-left-width:4px;padding:.5em .75em;color:#8e1c1c;background:#fdecea;white-space:pre-wrap}
:where(archlint-diagram) :where(.archlint-loading){color:#52606d;padding:.5em 0}
:where(archlint-diagram) :where(.archlint-findings summary){cursor:pointer;padding:.25em 0;font-weight:600}
:where(archlint-diagram) :where(.archlint-clean){margin:.25em 0;color:#2e7d32;font-weight:600}
:where(archlint-diagram) :where(.archlint-findings table){border-collapse:collapse;width:100%;font-size:13px}
:where(archlint-diagram) :where(.archlint-findings th,.archlint-findings td){border-top:1px solid #c8d2de;padding:.25em .5em;text-align:left;vertical-align:top}
:where(archlint-diagram) :where(.sev-error){color:#c62828;font-weight:600}
:where(archlint-diagram) :where(.sev-warning){color:#a15c00;font-weight:600}
:where(archlint-diagram) :where(.sev-info){color:#2f6fd6}
:where(archlint-diagram) :where(.archlint-dark){background:#0f1724;color:#e3e8ef;padding:.5em}
:where(archlint-diagram) :where(.archlint-dark .sev-error){color:#ff6b6b}
:where(archlint-diagram) :where(.archlint-dark .sev-warning){color:#ffb547}
:where(archlint-diagram) :where(.archlint-dark .sev-info){color:#6aa8ff}
`;

let styled = false;
function addStyle() {
  if (styled) return;
  styled = true;
  // A constructed sheet: no <style> element, nothing inline for a CSP to refuse.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    /* old browser: unstyled but working */
  }
}

// A unique id prefix per widget (and per copy of this module on the page).
const SESSION = Math.random().toString(36).slice(2, 7);
let counter = 0;
function newPrefix() {
  let p;
  do p = `al${SESSION}w${++counter}`;
  while (document.getElementById(p));
  return p;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = String(text);
  return e;
}

function nonNegInt(v) {
  if (v == null || !/^\s*\d+\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

// Defence in depth: the core already writes only these, escaped; anything else is dropped.
const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'style', 'title', 'desc', 'rect', 'circle', 'ellipse', 'line', 'path',
  'polyline', 'polygon', 'text', 'tspan', 'marker',
]);
function clean(node) {
  for (const child of [...node.children]) {
    if (child.namespaceURI !== SVG_NS || !ELEMENTS.has(child.localName)) {
      child.remove();
      continue;
    }
    for (const a of [...child.attributes]) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on') || n === 'href' || n.endsWith(':href') || /javascript:/i.test(a.value)) {
        child.removeAttribute(a.name);
      }
    }
    clean(child);
  }
}

function parseSvg(text) {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) {
    throw new Error('archlint: the drawing is not valid SVG');
  }
  const svg = document.importNode(root, true);
  for (const a of [...svg.attributes]) if (a.name.toLowerCase().startsWith('on')) svg.removeAttribute(a.name);
  clean(svg);
  return svg;
}

export class ArchlintDiagram extends HTMLElement {
  static get observedAttributes() {
    return ['src', 'lang', 'theme', 'findings', 'max-bytes', 'max-nodes', 'collapsed'];
  }

  constructor() {
    super();
    this._gen = 0;
    this._prefix = undefined;
    this._out = undefined;
    this._observer = undefined;
    this._queued = false;
  }

  connectedCallback() {
    addStyle();
    this._queue();
  }

  disconnectedCallback() {
    this._observer?.disconnect();
    this._observer = undefined;
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === 'collapsed') {
      const d = this._out?.querySelector('.archlint-findings');
      if (d) d.open = value === null;
    } else {
      this._queue();
    }
  }

  /** The options passed to render() and lint(): from the attributes only, never the design. */
  get options() {
    const findings = (this.getAttribute('findings') ?? 'on').trim().toLowerCase() !== 'off';
    let theme = (this.getAttribute('theme') ?? 'light').trim().toLowerCase();
    if (theme === 'auto') theme = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    if (theme !== 'dark') theme = 'light';
    return {
      lang: this._lang(),
      theme,
      findings,
      idPrefix: (this._prefix ??= newPrefix()),
      maxBytes: nonNegInt(this.getAttribute('max-bytes')) ?? MAX_BYTES,
      maxNodes: nonNegInt(this.getAttribute('max-nodes')) ?? MAX_NODES,
    };
  }

  _lang() {
    const l = (this.closest('[lang]')?.getAttribute('lang') ?? 'en').trim().toLowerCase();
    return l.startsWith('zh') ? 'zh' : 'en';
  }

  _queue() {
    if (this._queued) return;
    this._queued = true;
    queueMicrotask(() => {
      this._queued = false;
      if (this.isConnected) this._update();
    });
  }

  _inline() {
    for (const c of this.children) {
      if (c.localName === 'script' && (c.getAttribute('type') ?? '').trim().toLowerCase() === 'application/json') {
        return c;
      }
    }
    return null;
  }

  // The text of the design. Over the byte limit, it is refused here before it is read (by its
  // Content-Length) or copied into the WASM memory (a string of more UTF-16 units than the
  // limit has more UTF-8 bytes too); the core checks the exact byte count.
  async _source(maxBytes, t) {
    const src = this.getAttribute('src');
    let text = null;
    if (src) {
      const url = new URL(src, document.baseURI);
      const resp = await fetch(url, { credentials: 'same-origin' });
      if (!resp.ok) throw new Error(t.fetchFailed(resp.status, url.pathname));
      if (Number(resp.headers.get('content-length')) > maxBytes) {
        resp.body?.cancel().catch(() => {});
        throw new Error(t.tooLarge(maxBytes));
      }
      text = await resp.text();
    } else {
      text = this._inline()?.textContent ?? null;
    }
    if (text != null && text.length > maxBytes) throw new Error(t.tooLarge(maxBytes));
    return text;
  }

  _show(node) {
    this._out?.remove();
    this._out = node;
    this.append(node);
  }

  async _update() {
    const gen = ++this._gen;
    const t = TEXT[this._lang()];
    this.setAttribute('state', 'loading');
    if (!this._out) this._show(el('div', 'archlint-loading', t.loading));
    let text;
    try {
      const o = this.options;
      text = await this._source(o.maxBytes, t);
      if (gen !== this._gen) return;
      if (text == null) {
        // Children may still be arriving (element defined before its content was parsed).
        this._observer ??= new MutationObserver(() => this._inline() && this._queue());
        this._observer.observe(this, { childList: true });
        throw new Error(t.noSource);
      }
      this._observer?.disconnect();
      this._observer = undefined;
      await init();
      if (gen !== this._gen) return;
      // With findings: load and lint once for both the drawing and the table.
      const [svgText, docText] = o.findings ? guarded(wasm_draw, text, o) : [render(text, o)];
      const out = el('div', o.theme === 'dark' ? 'archlint archlint-dark' : 'archlint');
      const pic = el('div', 'archlint-svg');
      pic.append(parseSvg(svgText));
      out.append(pic);
      let count = 0;
      if (docText) {
        const file = JSON.parse(docText).files?.[0] ?? {};
        const findings = file.findings ?? [];
        count = findings.length;
        out.append(this._table(findings, file.summary, t));
      }
      this._show(out);
      this.setAttribute('state', 'ready');
      mark('archlint:first-diagram');
      this.dispatchEvent(new CustomEvent('archlint-render', { bubbles: true, detail: { findings: count } }));
    } catch (e) {
      if (gen !== this._gen) return;
      this._error(e, t);
    }
  }

  _error(e, t) {
    const box = el('div', 'archlint-error');
    box.setAttribute('role', 'alert');
    const msg = e && typeof e.message === 'string' ? e.message : String(e);
    box.append(el('strong', null, t.failed), document.createTextNode(': ' + msg));
    if (e && e.line > 0) box.append(document.createTextNode(` (${t.at(e.line, e.column)})`));
    this._show(box);
    this.setAttribute('state', 'error');
    this.dispatchEvent(
      new CustomEvent('archlint-error', {
        bubbles: true,
        detail: { message: msg, kind: e?.kind, line: e?.line ?? 0, column: e?.column ?? 0 },
      }),
    );
  }

  _table(findings, summary, t) {
    if (!findings.length) return el('p', 'archlint-findings archlint-clean', '✓ ' + t.none);
    const d = el('details', 'archlint-findings');
    d.open = !this.hasAttribute('collapsed');
    const s = summary ?? {};
    const parts = [];
    if (s.error) parts.push(`${s.error} ${s.error === 1 ? t.error : t.errors}`);
    if (s.warning) parts.push(`${s.warning} ${s.warning === 1 ? t.warning : t.warnings}`);
    if (s.info) parts.push(`${s.info} ${s.info === 1 ? t.info : t.infos}`);
    d.append(el('summary', null, `${t.findings} (${findings.length}): ${parts.join(', ')}`));
    const table = el('table');
    const head = el('tr');
    for (const c of t.cols) head.append(el('th', null, c));
    table.append(el('thead'));
    table.tHead.append(head);
    const body = el('tbody');
    for (const f of findings) {
      const tr = el('tr');
      tr.append(
        el('td', `sev-${f.severity}`, t[f.severity] ?? f.severity),
        el('td', null, `${f.rule} ${f.name}`),
        el('td', null, f.target ?? '—'),
        el('td', null, f.message),
        el('td', null, f.line),
      );
      tr.lastChild.title = f.pointer;
      tr.children[3].title = f.help;
      body.append(tr);
    }
    table.append(body);
    d.append(table);
    return d;
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('archlint-diagram')) {
  customElements.define('archlint-diagram', ArchlintDiagram);
}
