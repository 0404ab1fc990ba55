//! archlint core: loads a cloud-architecture design, lints it against the facts and practices
//! of a financial cloud, and lays it out and draws it.
//!
//! No I/O happens here: text goes in; findings, SVG and DOT text come out. The crate is
//! `#![no_std]` with `alloc` so that the same code runs natively, in the browser editor and in
//! the docs widget.

#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(test)]
extern crate std;

pub mod cidr;
#[cfg(feature = "coverage")]
pub mod coverage;
pub mod date;
pub mod dot;
pub mod drawio;
pub mod fix;
pub mod gen;
pub mod index;
pub mod json;
pub mod layout;
pub mod lint;
pub mod load_json;
pub mod mermaid;
pub mod model;
pub mod net;
pub mod numfmt;
pub mod numparse;
pub mod ordmap;
pub mod output;
pub mod rule;
pub mod rules;
pub mod sort;
pub mod svg;
pub mod text;

pub use date::Date;
pub use layout::{layout, LayoutOptions, Scene};
pub use lint::{check, lint, load, Limits, LintOptions, LoadError, LoadErrorKind, Loaded, Report};
pub use rule::{Finding, RuleMeta, Severity};
pub use svg::{to_svg, SvgOptions, Theme};
pub use text::{Lang, Text};

/// The JSON Schema (draft 2020-12) of the design format, version 1 (`archlint schema`).
pub const SCHEMA: &str = include_str!("../schema/design.schema.json");

/// What [`render_svg`] and [`render_dot`] do.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub limits: Limits,
    pub lint: LintOptions,
    /// Show findings (rings, badges, tooltips, the design panel).
    pub findings: bool,
    pub lang: Lang,
    pub theme: Theme,
    /// Prefix of every element id; `None`: derived from a hash of the input text.
    pub id_prefix: Option<alloc::string::String>,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            limits: Limits::DEFAULT,
            lint: LintOptions::default(),
            findings: true,
            lang: Lang::En,
            theme: Theme::Light,
            id_prefix: None,
        }
    }
}

/// How the exporters lay a design out: [`layout::layout`], or keeping an editor's drawing
/// (generic: the docs widget's `render_svg` is the plain layout, with nothing in between).
trait Lay: Fn(&model::Design, &index::Ctx<'_>, &[Finding], &LayoutOptions) -> Scene {}
impl<F: Fn(&model::Design, &index::Ctx<'_>, &[Finding], &LayoutOptions) -> Scene> Lay for F {}

/// The layout of an editor's drawing: [`layout::layout_keeping`] with `kept`.
#[cfg(feature = "keep")]
fn keeping(kept: &layout::Memory) -> impl Lay + '_ {
    move |d: &model::Design, cx: &index::Ctx<'_>, f: &[Finding], o: &LayoutOptions| {
        layout::layout_keeping(d, cx, f, o, kept).0
    }
}

/// Loads, lints, lays out and draws a design.
pub fn render_svg(text: &str, opts: &RenderOptions) -> Result<alloc::string::String, LoadError> {
    svg_by(text, opts, layout::layout)
}

/// [`render_svg`], laid out keeping what `kept` keeps of an editor's drawing
/// ([`layout::layout_keeping`]): the file shows what the editor shows.
#[cfg(feature = "keep")]
pub fn render_svg_keeping(
    text: &str,
    opts: &RenderOptions,
    kept: &layout::Memory,
) -> Result<alloc::string::String, LoadError> {
    svg_by(text, opts, keeping(kept))
}

#[inline(always)]
fn svg_by(
    text: &str,
    opts: &RenderOptions,
    lay: impl Lay,
) -> Result<alloc::string::String, LoadError> {
    let loaded = load(text, &opts.limits)?;
    let mut cx = index::Ctx::new(&loaded.design);
    let findings = if opts.findings {
        lint::lint_with_ctx(&loaded, &mut cx, &opts.lint).findings
    } else {
        alloc::vec::Vec::new()
    };
    let scene = lay(
        &loaded.design,
        &cx,
        &findings,
        &LayoutOptions {
            lang: opts.lang,
            findings: opts.findings,
        },
    );
    let prefix = match &opts.id_prefix {
        Some(p) => p.clone(),
        None => {
            let h = svg::hash32(text.as_bytes(), svg::FNV_OFFSET);
            alloc::format!("al{h:08x}")
        }
    };
    Ok(svg::to_svg(
        &scene,
        &SvgOptions {
            findings: opts.findings,
            lang: opts.lang,
            theme: opts.theme,
            id_prefix: Some(prefix),
        },
    ))
}

/// Loads, lints and lays out a design: the scene the SVG writer draws, for the exporters.
fn export_scene<'t>(
    text: &'t str,
    opts: &RenderOptions,
    lay: impl Lay,
) -> Result<(Loaded<'t>, Scene), LoadError> {
    let loaded = load(text, &opts.limits)?;
    let scene = {
        let mut cx = index::Ctx::new(&loaded.design);
        let findings = if opts.findings {
            lint::lint_with_ctx(&loaded, &mut cx, &opts.lint).findings
        } else {
            alloc::vec::Vec::new()
        };
        lay(
            &loaded.design,
            &cx,
            &findings,
            &LayoutOptions {
                lang: opts.lang,
                findings: opts.findings,
            },
        )
    };
    Ok((loaded, scene))
}

/// Loads, lints and lays out a design and writes it as an uncompressed draw.io file, with
/// the positions of [`render_svg`]'s drawing (`opts.theme` and `opts.id_prefix` play no part).
pub fn render_drawio(text: &str, opts: &RenderOptions) -> Result<alloc::string::String, LoadError> {
    drawio_by(text, opts, layout::layout)
}

/// [`render_drawio`] keeping what `kept` keeps of an editor's drawing (see
/// [`render_svg_keeping`]).
#[cfg(feature = "keep")]
pub fn render_drawio_keeping(
    text: &str,
    opts: &RenderOptions,
    kept: &layout::Memory,
) -> Result<alloc::string::String, LoadError> {
    drawio_by(text, opts, keeping(kept))
}

fn drawio_by(
    text: &str,
    opts: &RenderOptions,
    lay: impl Lay,
) -> Result<alloc::string::String, LoadError> {
    let (loaded, scene) = export_scene(text, opts, lay)?;
    Ok(drawio::to_drawio(
        &scene,
        &loaded.design,
        &drawio::ExportOptions {
            findings: opts.findings,
            lang: opts.lang,
        },
    ))
}

/// Loads and lays out a design and writes it as a Mermaid `architecture-beta` diagram (the
/// layout's nesting and link sides; `opts.theme` and `opts.id_prefix` play no part).
pub fn render_mermaid(
    text: &str,
    opts: &RenderOptions,
) -> Result<alloc::string::String, LoadError> {
    let (_, scene) = export_scene(text, opts, layout::layout)?;
    Ok(mermaid::to_mermaid(&scene))
}

/// [`render_mermaid`] keeping what `kept` keeps of an editor's drawing (see
/// [`render_svg_keeping`]).
#[cfg(feature = "keep")]
pub fn render_mermaid_keeping(
    text: &str,
    opts: &RenderOptions,
    kept: &layout::Memory,
) -> Result<alloc::string::String, LoadError> {
    let (_, scene) = export_scene(text, opts, keeping(kept))?;
    Ok(mermaid::to_mermaid(&scene))
}

/// Loads a design and writes it as Graphviz DOT.
pub fn render_dot(text: &str, opts: &RenderOptions) -> Result<alloc::string::String, LoadError> {
    let loaded = load(text, &opts.limits)?;
    let cx = index::Ctx::new(&loaded.design);
    Ok(dot::to_dot(&loaded.design, &cx))
}
