//! What the canvas needs from core's SVG writer to look the same as the exported SVG: the
//! scene itself, the writer's style sheet (taken from its output, so it never drifts), and the
//! icons and kind names (copied; a test checks them against the writer's output).

use archlint_core::layout::{layout_keeping, LayoutOptions, Memory, Scene};
use archlint_core::{Finding, Lang, Limits, RenderOptions, Theme};

/// The scene core lays out for this design text (the same the SVG export draws), keeping
/// what `kept` keeps of the drawing (`Memory::default()`: afresh).
pub fn scene(text: &str, findings: &[Finding], lang: Lang, kept: &Memory) -> Option<Scene> {
    let loaded = archlint_core::load(text, &Limits::DEFAULT).ok()?;
    let cx = archlint_core::index::Ctx::new(&loaded.design);
    let opts = LayoutOptions {
        lang,
        findings: true,
    };
    Some(layout_keeping(&loaded.design, &cx, findings, &opts, kept).0)
}

/// The exported SVG: core's writer on the same design, language and theme, laid out keeping
/// what `kept` keeps of the drawing on screen (the file shows what the canvas shows).
pub fn export_svg(text: &str, lang: Lang, theme: Theme, kept: &Memory) -> Option<String> {
    archlint_core::render_svg_keeping(
        text,
        &RenderOptions {
            lang,
            theme,
            ..RenderOptions::default()
        },
        kept,
    )
    .ok()
}

pub fn export_dot(text: &str) -> Option<String> {
    archlint_core::render_dot(text, &RenderOptions::default()).ok()
}

/// The exported draw.io file: core's writer on the scene the SVG export draws.
pub fn export_drawio(text: &str, lang: Lang, kept: &Memory) -> Option<String> {
    archlint_core::render_drawio_keeping(
        text,
        &RenderOptions {
            lang,
            ..RenderOptions::default()
        },
        kept,
    )
    .ok()
}

/// The exported Mermaid `architecture-beta` diagram of the same scene.
pub fn export_mermaid(text: &str, lang: Lang, kept: &Memory) -> Option<String> {
    archlint_core::render_mermaid_keeping(
        text,
        &RenderOptions {
            lang,
            ..RenderOptions::default()
        },
        kept,
    )
    .ok()
}

/// Core's SVG style sheet, icons and kind names: the canvas draws with exactly what the
/// exported file uses.
pub use archlint_core::svg::{icon, kind_name, style};
