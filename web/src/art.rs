//! What the canvas needs from core's SVG writer to look the same as the exported SVG: the
//! scene itself, the writer's style sheet (taken from its output, so it never drifts), and the
//! icons and kind names (copied; a test checks them against the writer's output).

use archlint_core::layout::{LayoutOptions, Scene};
use archlint_core::{Finding, Lang, Limits, RenderOptions, Theme};

/// The scene core lays out for this design text (the same the SVG export draws).
pub fn scene(text: &str, findings: &[Finding], lang: Lang) -> Option<Scene> {
    let loaded = archlint_core::load(text, &Limits::DEFAULT).ok()?;
    let cx = archlint_core::index::Ctx::new(&loaded.design);
    Some(archlint_core::layout(
        &loaded.design,
        &cx,
        findings,
        &LayoutOptions {
            lang,
            findings: true,
        },
    ))
}

/// The exported SVG: core's writer on the same design, language and theme.
pub fn export_svg(text: &str, lang: Lang, theme: Theme) -> Option<String> {
    archlint_core::render_svg(
        text,
        &RenderOptions {
            lang,
            theme,
            ..RenderOptions::default()
        },
    )
    .ok()
}

pub fn export_dot(text: &str) -> Option<String> {
    archlint_core::render_dot(text, &RenderOptions::default()).ok()
}

/// The exported draw.io file: core's writer on the scene the SVG export draws.
pub fn export_drawio(text: &str, lang: Lang) -> Option<String> {
    archlint_core::render_drawio(
        text,
        &RenderOptions {
            lang,
            ..RenderOptions::default()
        },
    )
    .ok()
}

/// The exported Mermaid `architecture-beta` diagram of the same scene.
pub fn export_mermaid(text: &str, lang: Lang) -> Option<String> {
    archlint_core::render_mermaid(
        text,
        &RenderOptions {
            lang,
            ..RenderOptions::default()
        },
    )
    .ok()
}

/// Core's SVG style sheet, icons and kind names: the canvas draws with exactly what the
/// exported file uses.
pub use archlint_core::svg::{icon, kind_name, style};
