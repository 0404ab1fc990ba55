//! What the canvas needs from core's SVG writer to look the same as the exported SVG: the
//! scene itself, the writer's style sheet (taken from its output, so it never drifts), and the
//! icons and kind names (copied; a test checks them against the writer's output).

use std::cell::RefCell;

use archlint_core::layout::{LayoutOptions, Scene, ShapeKind};
use archlint_core::model::NodeKind;
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

const MINIMAL: &str = r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"}]}]}"#;

thread_local! {
    static STYLES: RefCell<[Option<String>; 2]> = const { RefCell::new([None, None]) };
}

/// Core's SVG style sheet for a theme (scoped to `svg.al-light` / `svg.al-dark`).
pub fn style(theme: Theme) -> String {
    let i = usize::from(theme == Theme::Dark);
    STYLES.with(|s| {
        s.borrow_mut()[i]
            .get_or_insert_with(|| {
                let svg = export_svg(MINIMAL, Lang::En, theme).unwrap_or_default();
                let a = svg.find("<style>").map(|i| i + 7).unwrap_or(0);
                let b = svg[a..].find("</style>").map(|j| a + j).unwrap_or(a);
                svg[a..b].to_string()
            })
            .clone()
    })
}

/// The icon of a kind in a 24×24 box, as core's writer draws it.
pub fn icon(kind: ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Internet => {
            "<path d=\"M7 19h11a4 4 0 0 0 .5-8 6 6 0 0 0-11.5-1.5A4.5 4.5 0 0 0 7 19z\"/>"
        }
        ShapeKind::Node(k) => match k {
            NodeKind::Ecs => "<rect x=\"2\" y=\"3\" width=\"20\" height=\"8\" rx=\"1.5\"/><rect x=\"2\" y=\"13\" width=\"20\" height=\"8\" rx=\"1.5\"/><path d=\"M6 7h.01M6 17h.01M10 7h8M10 17h8\"/>",
            NodeKind::Slb => "<circle cx=\"12\" cy=\"12\" r=\"10\"/><path d=\"M5 12h6M11 12l6-5M11 12l6 5M15 6h2.5v2.5M15 18h2.5v-2.5\"/>",
            NodeKind::Rds => "<ellipse cx=\"12\" cy=\"6\" rx=\"8\" ry=\"3\"/><path d=\"M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3\"/>",
            NodeKind::Oss => "<ellipse cx=\"12\" cy=\"6\" rx=\"9\" ry=\"3\"/><path d=\"M3 6l2.5 13.5c.3 1.5 3 2.5 6.5 2.5s6.2-1 6.5-2.5L21 6\"/>",
            NodeKind::Vpn => "<path d=\"M12 2l8 3v6c0 5-3.5 9-8 11-4.5-2-8-6-8-11V5z\"/><rect x=\"9\" y=\"11\" width=\"6\" height=\"5\" rx=\"1\"/><path d=\"M10 11V9.5a2 2 0 0 1 4 0V11\"/>",
            NodeKind::LeasedLine => "<circle cx=\"5\" cy=\"12\" r=\"3\"/><circle cx=\"19\" cy=\"12\" r=\"3\"/><path d=\"M8 11h8M8 13h8M12 4v5M12 15v5\"/>",
            NodeKind::Idc => "<rect x=\"4\" y=\"3\" width=\"16\" height=\"19\"/><path d=\"M8 7h2M14 7h2M8 11h2M14 11h2M8 15h2M14 15h2M11 22v-4h2v4\"/>",
            NodeKind::Eip => "<path d=\"M12 22s-7-7-7-12a7 7 0 0 1 14 0c0 5-7 12-7 12z\"/><circle cx=\"12\" cy=\"10\" r=\"2.5\"/>",
            NodeKind::Nat => "<rect x=\"2\" y=\"4\" width=\"20\" height=\"16\" rx=\"2\"/><path d=\"M6 10h11l-3-3M18 14H7l3 3\"/>",
            NodeKind::Dns => "<circle cx=\"12\" cy=\"12\" r=\"9\"/><ellipse cx=\"12\" cy=\"12\" rx=\"4\" ry=\"9\"/><path d=\"M3 12h18\"/>",
            NodeKind::Apigw => "<path d=\"M7 3h10l5 9-5 9H7l-5-9z\"/><path d=\"M8 12h7M12 9l3 3-3 3\"/>",
            NodeKind::Unknown => "<rect x=\"3\" y=\"3\" width=\"18\" height=\"18\" rx=\"3\"/><path d=\"M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1 .8-1 1.5v1M12 17.5h.01\"/>",
        },
    }
}

/// The kind names core's writer puts in tooltips and the legend.
pub fn kind_name(kind: ShapeKind, lang: Lang) -> &'static str {
    let (en, zh) = match kind {
        ShapeKind::Internet => ("Internet", "互联网"),
        ShapeKind::Node(k) => match k {
            NodeKind::Ecs => ("ECS", "云服务器 ECS"),
            NodeKind::Slb => ("SLB", "负载均衡 SLB"),
            NodeKind::Rds => ("RDS", "云数据库 RDS"),
            NodeKind::Oss => ("OSS", "对象存储 OSS"),
            NodeKind::Vpn => ("VPN", "VPN"),
            NodeKind::LeasedLine => ("Leased line", "专线"),
            NodeKind::Idc => ("Data centre", "客户机房"),
            NodeKind::Eip => ("EIP", "弹性公网 IP"),
            NodeKind::Nat => ("NAT gateway", "NAT 网关"),
            NodeKind::Dns => ("DNS", "DNS"),
            NodeKind::Apigw => ("API gateway", "API 网关"),
            NodeKind::Unknown => ("Unknown", "未知类型"),
        },
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A design with every kind, so that core's legend draws every icon and name.
    const ALL: &str = r#"{"archlint":1,"regions":[{"id":"r","network":"classic","zones":[{"id":"z"}]}],
      "nodes":[{"id":"e","kind":"ecs","zone":"z"},{"id":"s","kind":"slb","region":"r"},
      {"id":"d","kind":"rds","region":"r"},{"id":"o","kind":"oss","region":"r"},
      {"id":"v","kind":"vpn","region":"r"},{"id":"l","kind":"leased_line","region":"r","connects":"i"},
      {"id":"i","kind":"idc"},{"id":"p","kind":"eip","attached_to":"e"},{"id":"n","kind":"nat","region":"r"},
      {"id":"dn","kind":"dns"},{"id":"a","kind":"apigw","region":"r"}],
      "links":[{"from":"internet","to":"s","port":80}]}"#;

    #[test]
    fn icons_and_names_match_the_svg_writer() {
        for lang in [Lang::En, Lang::Zh] {
            let svg = export_svg(ALL, lang, Theme::Light).unwrap();
            let mut kinds: Vec<ShapeKind> =
                NodeKind::ALL.iter().map(|k| ShapeKind::Node(*k)).collect();
            kinds.push(ShapeKind::Internet);
            for k in kinds {
                assert!(svg.contains(icon(k)), "icon of {k:?} differs from core's");
                assert!(
                    svg.contains(&format!(">{}</text>", kind_name(k, lang))),
                    "name of {k:?}"
                );
            }
        }
        assert!(style(Theme::Light).contains("svg.al-light"));
        assert!(style(Theme::Dark).contains("svg.al-dark"));
    }
}
