// TypeScript declarations of the archlint docs widget (archlint-widget.js).

/** Options of render() and lint(). Limits can only be tightened below the defaults. */
export interface Options {
  /** Language of messages and labels: "en" (default), "zh", or a locale such as "zh-CN". */
  lang?: string;
  /** Colour scheme of the SVG. Default "light". */
  theme?: 'light' | 'dark';
  /** Draw finding rings, badges and the findings panel. Default true. */
  findings?: boolean | 'on' | 'off';
  /** Prefix of every element id in the SVG (letters, digits, "-", "_"). Default: a hash of the text. */
  idPrefix?: string;
  /** Largest design accepted, in bytes (UTF-8). Default and maximum 64 MiB. */
  maxBytes?: number;
  /** Most entries in "nodes". Default and maximum 200,000. */
  maxNodes?: number;
  /** Rule codes or names not to report. */
  ignore?: string[];
  /** File name written into the lint document. Default "design.json". */
  file?: string;
}

/** Thrown by render() and lint() when the design cannot be loaded or the options are invalid. */
export interface ArchlintError extends Error {
  name: 'ArchlintError';
  kind:
    | 'syntax'
    | 'not-an-object'
    | 'missing-version'
    | 'unsupported-version'
    | 'too-large'
    | 'too-many-nodes'
    | 'options';
  /** 1-based; 0 when the error has no position. */
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** One finding, as in `archlint check --format json`. */
export interface Finding {
  rule: string;
  name: string;
  severity: Severity;
  target: string | null;
  /** JSON pointer to the most precise place in the design. */
  pointer: string;
  line: number;
  column: number;
  message: string;
  help: string;
}

/** The `archlint check --format json` document (one file). */
export interface LintDocument {
  archlint: 1;
  files: Array<{
    file: string;
    findings: Finding[];
    summary: { error: number; warning: number; info: number };
  }>;
}

/**
 * Loads the shared WASM instance, once; later calls return the same promise.
 * `wasm`: where to load it from (default: archlint-widget.wasm next to the script).
 */
export function init(
  wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

/** The SVG text of a design (call `await init()` first). Throws an {@link ArchlintError}. */
export function render(designText: string, options?: Options | string | null): string;

/** The findings of a design (call `await init()` first). Throws an {@link ArchlintError}. */
export function lint(designText: string, options?: Options | string | null): LintDocument;

/**
 * `<archlint-diagram>`: attributes `src`, `lang`, `theme` ("light" | "dark" | "auto"),
 * `findings` ("on" | "off"), `max-bytes` (default 4 MiB), `max-nodes` (default 5,000),
 * `collapsed`. The design comes from `src`
 * or from a `<script type="application/json">` child. The element's `state` attribute is
 * "loading", "ready" or "error"; it fires `archlint-render` (detail: `{ findings }`) and
 * `archlint-error` (detail: `{ message, kind, line, column }`), both bubbling.
 */
export class ArchlintDiagram extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The options the element passes to render() and lint(), from its attributes. */
  readonly options: Options & { idPrefix: string; maxBytes: number; maxNodes: number };
}

export interface ArchlintRenderEvent extends CustomEvent<{ findings: number }> {}
export interface ArchlintErrorEvent
  extends CustomEvent<{ message: string; kind?: ArchlintError['kind']; line: number; column: number }> {}

declare global {
  interface HTMLElementTagNameMap {
    'archlint-diagram': ArchlintDiagram;
  }
  interface HTMLElementEventMap {
    'archlint-render': ArchlintRenderEvent;
    'archlint-error': ArchlintErrorEvent;
  }
  // The events bubble: listeners on the document see them too.
  interface DocumentEventMap {
    'archlint-render': ArchlintRenderEvent;
    'archlint-error': ArchlintErrorEvent;
  }
}
