//! The archlint docs widget: a thin wasm-bindgen API over the core.
//!
//! Two functions are exported to JavaScript:
//!
//! - `render(designText, options)` → the SVG of the design (escaped, allow-listed, every id
//!   starting with `options.idPrefix`), drawn by [`archlint_core::render_svg`];
//! - `lint(designText, options)` → the findings as the `archlint check --format json`
//!   document ([`archlint_core::output::json::check_document`]).
//!
//! `options` is `undefined`/`null`, a plain object or its JSON text, with the keys `lang`
//! (`"en"`, `"zh"` or a locale such as `"zh-CN"`), `theme` (`"light"` / `"dark"`), `findings`
//! (boolean, or `"on"` / `"off"`), `idPrefix`, `maxBytes`, `maxNodes` (limits can only be
//! tightened below the core's defaults), `ignore` (rule codes or names) and `file` (the file
//! name written into the lint document). An unknown key is an error, so that a misspelt limit
//! never goes unnoticed.
//!
//! A design that cannot be loaded, and invalid options, throw a JavaScript `Error` named
//! `ArchlintError` with the properties `kind`, `line` and `column` (1-based; 0 when the error
//! has no position). A panic (a bug) throws an `Error` with the panic message instead of
//! trapping with `unreachable`.
//!
//! Everything but the JavaScript glue is plain Rust ([`parse_options`], [`render_text`],
//! [`lint_text`]) and is tested natively.

// On wasm32 the widget is `no_std`: the core is, and without std's panic machinery (hooks,
// the panic count, `PanicHookInfo`'s formatting) the WASM + JS are 956 B gzip smaller
// (measured 2026-12-07: widget/README.md, fifth round). Its own panic handler below throws the message to
// JavaScript. Build it on its own (`-p archlint-widget`, as scripts/widget-build.sh does): in
// a build of the whole workspace for wasm32 the editor turns on wasm-bindgen's `std` feature,
// std's panic handler is linked too, and the two clash.
#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

#[cfg(target_arch = "wasm32")]
mod heap;

use alloc::string::String;
use alloc::vec::Vec;
use alloc::{format, vec};

use archlint_core::json::{self, Kind};
use archlint_core::output::json::check_document;
use archlint_core::{Lang, Limits, LintOptions, LoadError, LoadErrorKind, RenderOptions, Theme};
use wasm_bindgen::prelude::*;

/// What the caller asked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub render: RenderOptions,
    /// The file name written into the lint document.
    pub file: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            render: RenderOptions::default(),
            file: String::from("design.json"),
        }
    }
}

/// Why a call failed: the design could not be loaded, or the options are invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// `syntax`, `not-an-object`, `missing-version`, `unsupported-version`, `too-large`,
    /// `too-many-nodes` or `options`.
    pub kind: &'static str,
    pub message: String,
    /// 1-based; 0 when there is no position (options errors).
    pub line: u32,
    pub column: u32,
}

impl Error {
    fn options(message: String) -> Error {
        Error {
            kind: "options",
            message,
            line: 0,
            column: 0,
        }
    }

    fn load(e: &LoadError, lang: Lang) -> Error {
        Error {
            kind: match e.kind {
                LoadErrorKind::Syntax => "syntax",
                LoadErrorKind::NotAnObject => "not-an-object",
                LoadErrorKind::MissingVersion => "missing-version",
                LoadErrorKind::UnsupportedVersion => "unsupported-version",
                LoadErrorKind::TooLarge => "too-large",
                LoadErrorKind::TooManyNodes => "too-many-nodes",
            },
            message: String::from(e.message.get(lang)),
            line: e.line,
            column: e.column,
        }
    }
}

/// Largest option text accepted (the options are a handful of short fields).
const MAX_OPTIONS_BYTES: usize = 64 * 1024;

fn limit(v: &json::Value<'_>, key: &str, default: usize) -> Result<usize, Error> {
    match v.kind {
        Kind::Number(n) if n.integer && n.value >= 0.0 => {
            // Saturating: anything above the default is the default (limits only tighten).
            let d = default as f64;
            Ok(if n.value >= d {
                default
            } else {
                n.value as usize
            })
        }
        _ => Err(Error::options(format!(
            "option {key} must be a non-negative integer"
        ))),
    }
}

fn string<'v>(v: &'v json::Value<'_>, key: &str) -> Result<&'v str, Error> {
    v.as_str()
        .ok_or_else(|| Error::options(format!("option {key} must be a string")))
}

/// `format!("{s:?}")`: `char::escape_debug` of every character but `'`, which `str`'s `Debug`
/// leaves as it is. `str`'s `Debug` itself links `str::slice_error_fail` and its helpers.
pub fn quoted(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        if c == '\'' {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out.push('"');
    out
}

/// Parses the options' JSON text (`None`: the defaults).
pub fn parse_options(text: Option<&str>) -> Result<Options, Error> {
    let mut o = Options::default();
    let Some(text) = text else {
        return Ok(o);
    };
    if text.len() > MAX_OPTIONS_BYTES {
        return Err(Error::options(String::from("the options are too large")));
    }
    let tree = json::parse(text, 8).map_err(|e| {
        let (en, _) = e.kind.describe();
        Error::options(format!("the options are not valid JSON: {en}"))
    })?;
    let members = match &tree.kind {
        Kind::Object(m) => m,
        Kind::Null => return Ok(o),
        _ => {
            return Err(Error::options(String::from(
                "the options must be an object",
            )))
        }
    };
    let r = &mut o.render;
    for m in members {
        let key: &str = &m.key;
        let v = &m.value;
        if matches!(v.kind, Kind::Null) {
            continue; // `{lang: undefined}` and `null` mean "the default"
        }
        match key {
            "lang" => {
                let s = string(v, key)?;
                r.lang = Lang::parse(s).ok_or_else(|| {
                    Error::options(format!("unknown lang {}: en or zh", quoted(s)))
                })?;
            }
            "theme" => {
                let s = string(v, key)?;
                r.theme = Theme::parse(s).ok_or_else(|| {
                    Error::options(format!("unknown theme {}: light or dark", quoted(s)))
                })?;
            }
            "findings" => {
                r.findings = match &v.kind {
                    Kind::Bool(b) => *b,
                    Kind::String(s) if s == "on" || s == "true" => true,
                    Kind::String(s) if s == "off" || s == "false" => false,
                    _ => {
                        return Err(Error::options(String::from(
                            "option findings must be true, false, \"on\" or \"off\"",
                        )))
                    }
                };
            }
            "idPrefix" => {
                let s = string(v, key)?;
                r.id_prefix = Some(archlint_core::svg::sanitize_prefix(s));
            }
            "maxBytes" => r.limits.max_bytes = limit(v, key, Limits::DEFAULT.max_bytes)?,
            "maxNodes" => r.limits.max_nodes = limit(v, key, Limits::DEFAULT.max_nodes)?,
            "ignore" => {
                let items = v.as_array().ok_or_else(|| {
                    Error::options(String::from("option ignore must be an array of rule codes"))
                })?;
                let mut codes = Vec::with_capacity(items.len());
                for item in items {
                    codes.push(String::from(string(item, "ignore[]")?));
                }
                r.lint = LintOptions {
                    ignore_codes: codes,
                    ..LintOptions::default()
                };
            }
            "file" => o.file = String::from(string(v, key)?),
            _ => {
                let shown: String = key.chars().take(40).collect();
                return Err(Error::options(format!(
                    "unknown option {} (known: lang, theme, findings, idPrefix, maxBytes, maxNodes, ignore, file)",
                    quoted(&shown)
                )));
            }
        }
    }
    Ok(o)
}

/// Loads, lints and draws a design.
pub fn render_text(design: &str, o: &Options) -> Result<String, Error> {
    archlint_core::render_svg(design, &o.render).map_err(|e| Error::load(&e, o.render.lang))
}

/// Loads and lints a design; the `check --format json` document of one file.
pub fn lint_text(design: &str, o: &Options) -> Result<String, Error> {
    let r = &o.render;
    let report =
        archlint_core::check(design, &r.limits, &r.lint).map_err(|e| Error::load(&e, r.lang))?;
    Ok(check_document(&[(o.file.as_str(), Ok(report))], r.lang))
}

/// Both at once, loading and linting the design once: `(svg, lint document)`. The same bytes as
/// [`render_text`] and [`lint_text`] (with findings drawn).
pub fn render_and_lint_text(design: &str, o: &Options) -> Result<(String, String), Error> {
    use archlint_core::{index::Ctx, layout, svg};
    let r = &o.render;
    let loaded = archlint_core::load(design, &r.limits).map_err(|e| Error::load(&e, r.lang))?;
    let report = archlint_core::lint(&loaded, &r.lint);
    let cx = Ctx::new(&loaded.design);
    let scene = layout::layout(
        &loaded.design,
        &cx,
        &report.findings,
        &layout::LayoutOptions {
            lang: r.lang,
            findings: true,
        },
    );
    let prefix = match &r.id_prefix {
        Some(p) => p.clone(),
        None => format!("al{:08x}", svg::hash32(design.as_bytes(), svg::FNV_OFFSET)),
    };
    let drawing = svg::to_svg(
        &scene,
        &svg::SvgOptions {
            findings: true,
            lang: r.lang,
            theme: r.theme,
            id_prefix: Some(prefix),
        },
    );
    let doc = check_document(&[(o.file.as_str(), Ok(report))], r.lang);
    Ok((drawing, doc))
}

// --- JavaScript glue ---------------------------------------------------------------------

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn json_stringify(v: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &str, value: &JsValue) -> bool;
}

fn to_js(e: Error) -> JsValue {
    let err: JsValue = JsError::new(&e.message).into();
    reflect_set(&err, "name", &JsValue::from_str("ArchlintError"));
    reflect_set(&err, "kind", &JsValue::from_str(e.kind));
    reflect_set(&err, "line", &JsValue::from(e.line));
    reflect_set(&err, "column", &JsValue::from(e.column));
    err
}

fn js_options(options: &JsValue) -> Result<Options, Error> {
    if options.is_undefined() || options.is_null() {
        return parse_options(None);
    }
    if let Some(s) = options.as_string() {
        return parse_options(Some(&s));
    }
    if options.is_object() {
        let text = json_stringify(options)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| Error::options(String::from("the options cannot be read as JSON")))?;
        return parse_options(Some(&text));
    }
    Err(Error::options(String::from(
        "the options must be an object or its JSON text",
    )))
}

/// `render(designText, options) → string`: the SVG of the design.
#[wasm_bindgen]
pub fn render(design_text: &str, options: JsValue) -> Result<String, JsValue> {
    let o = js_options(&options).map_err(to_js)?;
    render_text(design_text, &o).map_err(to_js)
}

/// `lint(designText, options) → string`: the `archlint check --format json` document.
#[wasm_bindgen]
pub fn lint(design_text: &str, options: JsValue) -> Result<String, JsValue> {
    let o = js_options(&options).map_err(to_js)?;
    lint_text(design_text, &o).map_err(to_js)
}

/// `draw(designText, options) → [svg, lintDocument]`: what the element shows, loading and
/// linting once (findings are always drawn; use `render` for `findings: false`).
#[wasm_bindgen]
pub fn draw(design_text: &str, options: JsValue) -> Result<Vec<String>, JsValue> {
    let o = js_options(&options).map_err(to_js)?;
    let (svg, doc) = render_and_lint_text(design_text, &o).map_err(to_js)?;
    Ok(vec![svg, doc])
}

/// A panic throws a JavaScript `Error` carrying the panic message (instead of an opaque
/// `RuntimeError: unreachable`).
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    let msg = format!("archlint widget: internal error: {}", info.message());
    wasm_bindgen::throw_str(&msg)
}
