//! Draws a [`Scene`] as one self-contained SVG document.
//!
//! The output is inert: no script, no `foreignObject`, no event attributes, no external
//! references (the only reference is the arrowhead marker, `url(#<prefix>-arrow)`), a static
//! style sheet, and every user string escaped with hidden and bidi-control characters
//! removed. Element ids all start with a per-diagram prefix. Identical scenes give identical
//! bytes.

use alloc::string::String;
use core::fmt::Write;

use crate::layout::text::{ellipsize, is_hidden};
use crate::layout::{BoxKind, FindingNote, NodeShape, Rect, Scene, SceneBox, ShapeKind};
use crate::model::{EcsRole, NodeKind};
use crate::numfmt::{int, uint};
use crate::rule::Severity;
use crate::text::Lang;

/// Colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Theme> {
        match s {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SvgOptions {
    /// Draw finding rings, badges, finding tooltips and the design panel.
    pub findings: bool,
    /// Language of the texts the writer adds (legend, panel title, finding messages).
    pub lang: Lang,
    pub theme: Theme,
    /// Prefix of every element id; `None`: derived from a hash of the scene. Only ASCII
    /// letters, digits, `-` and `_` are kept.
    pub id_prefix: Option<String>,
}

impl Default for SvgOptions {
    fn default() -> SvgOptions {
        SvgOptions {
            findings: true,
            lang: Lang::En,
            theme: Theme::Light,
            id_prefix: None,
        }
    }
}

/// FNV-1a, 32 bits.
pub fn hash32(bytes: &[u8], mut h: u32) -> u32 {
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

pub const FNV_OFFSET: u32 = 0x811c_9dc5;

/// A prefix safe in ids and selectors: ASCII letters, digits, `-`, `_`; starts with a letter.
pub fn sanitize_prefix(p: &str) -> String {
    // A loop, not `chars().filter().take().collect()` (its instance cost the docs widget).
    let mut out = String::new();
    for c in p.chars() {
        if out.len() == 40 {
            break;
        }
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'a');
    }
    out
}

fn scene_prefix(scene: &Scene) -> String {
    let mut h = hash32(scene.title.as_bytes(), FNV_OFFSET);
    for n in &scene.nodes {
        h = hash32(n.id.as_bytes(), h);
        h = hash32(&[0], h);
    }
    h = hash32(&scene.width.to_le_bytes(), h);
    h = hash32(&scene.height.to_le_bytes(), h);
    h = hash32(&(scene.edges.len() as u64).to_le_bytes(), h);
    let mut s = String::from("al");
    let _ = write!(s, "{h:08x}");
    s
}

/// Appends `s` escaped for XML text and attribute values; drops control and bidi-control
/// characters.
pub fn escape_into(out: &mut String, s: &str) {
    // Runs of plain characters are copied whole: most texts have nothing to escape. Printable
    // ASCII is told apart by its byte; other characters are decoded to see whether they are
    // hidden.
    let bytes = s.as_bytes();
    let (mut from, mut i) = (0, 0);
    while i < bytes.len() {
        let (with, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b' '..=b'~' => {
                i += 1;
                continue;
            }
            _ => {
                let c = s.get(i..).and_then(|t| t.chars().next()).unwrap_or(' ');
                if !is_hidden(c) {
                    i += c.len_utf8();
                    continue;
                }
                ("", c.len_utf8())
            }
        };
        out.push_str(s.get(from..i).unwrap_or_default());
        out.push_str(with);
        i += len;
        from = i;
    }
    out.push_str(s.get(from..).unwrap_or_default());
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

struct Palette {
    bg: &'static str,
    text: &'static str,
    muted: &'static str,
    region_fill: &'static str,
    region_stroke: &'static str,
    dr_stroke: &'static str,
    zone_fill: &'static str,
    zone_stroke: &'static str,
    vpc_stroke: &'static str,
    band_fill: &'static str,
    dmz_fill: &'static str,
    mgmt_fill: &'static str,
    intra_fill: &'static str,
    vsw_fill: &'static str,
    vsw_stroke: &'static str,
    node_fill: &'static str,
    node_stroke: &'static str,
    icon: &'static str,
    edge: &'static str,
    error: &'static str,
    warning: &'static str,
    info: &'static str,
}

const LIGHT: Palette = Palette {
    bg: "#ffffff",
    text: "#1f2933",
    muted: "#52606d",
    region_fill: "#f5f8fc",
    region_stroke: "#7b93b8",
    dr_stroke: "#9b6bb8",
    zone_fill: "#ffffff",
    zone_stroke: "#b8c7dc",
    vpc_stroke: "#2f6fd6",
    band_fill: "#e8f1fd",
    dmz_fill: "#fff3e0",
    mgmt_fill: "#eef0ff",
    intra_fill: "#eaf8ef",
    vsw_fill: "#f7f9fb",
    vsw_stroke: "#9fb2c8",
    node_fill: "#ffffff",
    node_stroke: "#6b7c93",
    icon: "#2f5d9e",
    edge: "#4a5568",
    error: "#d32f2f",
    warning: "#d98200",
    info: "#2f6fd6",
};

const DARK: Palette = Palette {
    bg: "#0f1724",
    text: "#e3e8ef",
    muted: "#9aa8b8",
    region_fill: "#152033",
    region_stroke: "#46628c",
    dr_stroke: "#8a5fae",
    zone_fill: "#101a2a",
    zone_stroke: "#34496a",
    vpc_stroke: "#5b9bff",
    band_fill: "#1a2b45",
    dmz_fill: "#3a2a14",
    mgmt_fill: "#24254a",
    intra_fill: "#15332a",
    vsw_fill: "#172235",
    vsw_stroke: "#4a5f7d",
    node_fill: "#1b2638",
    node_stroke: "#7f93ad",
    icon: "#8cb8ff",
    edge: "#a9b6c8",
    error: "#ff6b6b",
    warning: "#ffb547",
    info: "#6aa8ff",
};

const FONTS: &str = "\"Noto Sans CJK SC\",\"Noto Sans SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif";

/// The static style sheet of a diagram (no user text ever goes in it); the editor's canvas
/// uses it too, so the canvas and the exported file look the same.
pub fn style(theme: Theme) -> String {
    let p = match theme {
        Theme::Light => &LIGHT,
        Theme::Dark => &DARK,
    };
    let t = match theme {
        Theme::Light => "svg.al-light",
        Theme::Dark => "svg.al-dark",
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "{t}{{font-family:{FONTS};font-size:12px}}\
{t} .bg{{fill:{bg}}}\
{t} text{{fill:{text}}}\
{t} .title{{font-size:18px;font-weight:bold}}\
{t} .b-region{{fill:{rf};stroke:{rs};stroke-width:1.5}}\
{t} .b-region.dr{{stroke:{dr};stroke-dasharray:8 4}}\
{t} .b-zone,{t} .b-nozone{{fill:{zf};stroke:{zs};stroke-dasharray:5 4}}\
{t} .b-vpc{{fill:none;stroke:{vpc};stroke-width:1.5;stroke-dasharray:10 4}}\
{t} .b-band{{fill:{band};stroke:none;opacity:.8}}\
{t} .b-sites{{fill:{zf};stroke:{rs}}}\
{t} .b-vswitch{{fill:{vsw};stroke:{vsws}}}\
{t} .b-vswitch.t-dmz{{fill:{dmz}}}\
{t} .b-vswitch.t-management{{fill:{mgmt}}}\
{t} .b-vswitch.t-intranet{{fill:{intra}}}\
{t} .bl{{font-size:12px;fill:{muted}}}\
{t} .bl-region{{font-size:14px;font-weight:bold;fill:{text}}}\
{t} .bl-region.fs13{{font-size:13px}}{t} .bl-region.fs12{{font-size:12px}}\
{t} .bl-vswitch{{font-size:11px}}\
{t} .captions text{{paint-order:stroke;stroke-width:4;stroke-linejoin:round;stroke:{zf}}}\
{t} .captions .c-region{{stroke:{rf}}}\
{t} .captions .c-vswitch{{stroke:{vsw}}}\
{t} .captions .c-vswitch.t-dmz{{stroke:{dmz}}}\
{t} .captions .c-vswitch.t-management{{stroke:{mgmt}}}\
{t} .captions .c-vswitch.t-intranet{{stroke:{intra}}}\
{t} .nbox{{fill:{nf};stroke:{ns};stroke-width:1}}\
{t} .r-bastion .nbox{{stroke-dasharray:4 2}}\
{t} .icon{{fill:none;stroke:{icon};stroke-width:1.6;stroke-linecap:round;stroke-linejoin:round}}\
{t} .edge path{{fill:none;stroke:{edge};stroke-width:1.3}}\
{t} .e-connects path,{t} .e-attach path{{stroke-dasharray:5 3}}\
{t} .e-backend path{{stroke-dasharray:2 2}}\
{t} .arrowhead{{fill:{edge}}}\
{t} .port{{font-size:10px;fill:{muted};paint-order:stroke;stroke:{bg};stroke-width:3}}\
{t} .ring{{fill:none;stroke-width:2.5}}\
{t} .s-error{{stroke:{err}}}\
{t} .s-warning{{stroke:{warn}}}\
{t} .s-info{{stroke:{info}}}\
{t} .f-error{{fill:{err}}}\
{t} .f-warning{{fill:{warn}}}\
{t} .f-info{{fill:{info}}}\
{t} .badge-t{{fill:#ffffff;font-size:10px;font-weight:bold}}\
{t} .legend,{t} .panel{{fill:{zf};stroke:{zs}}}\
{t} .lt{{font-size:12px;font-weight:bold}}",
        bg = p.bg,
        text = p.text,
        muted = p.muted,
        rf = p.region_fill,
        rs = p.region_stroke,
        dr = p.dr_stroke,
        zf = p.zone_fill,
        zs = p.zone_stroke,
        vpc = p.vpc_stroke,
        band = p.band_fill,
        vsw = p.vsw_fill,
        vsws = p.vsw_stroke,
        dmz = p.dmz_fill,
        mgmt = p.mgmt_fill,
        intra = p.intra_fill,
        nf = p.node_fill,
        ns = p.node_stroke,
        icon = p.icon,
        edge = p.edge,
        err = p.error,
        warn = p.warning,
        info = p.info,
    );
    s
}

/// The icon of a kind, drawn in a 24×24 box (static SVG path data).
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

/// The name of a kind, as the legend and the tooltips write it.
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

/// The class suffix of an ECS role (`r-app`, …), shared with the editor's canvas.
pub fn role_name(role: EcsRole) -> &'static str {
    match role {
        EcsRole::App => "app",
        EcsRole::Bastion => "bastion",
        EcsRole::Database => "database",
        EcsRole::Test => "test",
    }
}

/// ` x="x" y="y">`: the end of a `<text>` or `<tspan>` start tag.
fn at_xy(out: &mut String, x: i32, y: i32) {
    out.push_str(" x=\"");
    int(out, x);
    out.push_str("\" y=\"");
    int(out, y);
    out.push_str("\">");
}

fn rect_attrs(out: &mut String, r: &Rect) {
    out.push_str("x=\"");
    int(out, r.x);
    out.push_str("\" y=\"");
    int(out, r.y);
    out.push_str("\" width=\"");
    int(out, r.w);
    out.push_str("\" height=\"");
    int(out, r.h);
    out.push('"');
}

fn finding_line(out: &mut String, f: &FindingNote, lang: Lang, with_target: bool) {
    escape_into(out, f.code);
    out.push(' ');
    out.push_str(f.severity.label(lang));
    if with_target {
        if let Some(t) = &f.target {
            out.push_str(" `");
            escape_into(out, t);
            out.push('`');
        }
    }
    out.push_str(": ");
    escape_into(out, f.message.get(lang));
}

/// A tooltip's lines that list findings (the first 50, then how many more).
fn finding_lines(out: &mut String, findings: &[FindingNote], lang: Lang) {
    for f in findings.iter().take(50) {
        out.push('\n');
        finding_line(out, f, lang, false);
    }
    if findings.len() > 50 {
        let _ = write!(out, "\n… +{}", findings.len() - 50);
    }
}

fn node(out: &mut String, p: &str, i: usize, n: &NodeShape, opts: &SvgOptions) {
    let show = opts.findings && n.finding_count > 0;
    out.push_str("<g class=\"node k-");
    out.push_str(n.kind.name());
    if let Some(role) = n.role {
        out.push_str(" r-");
        out.push_str(role_name(role));
    }
    if show {
        if let Some(s) = n.severity {
            out.push_str(" sev-");
            out.push_str(s.name());
        }
    }
    out.push_str("\" id=\"");
    out.push_str(p);
    out.push_str("-n");
    uint(out, i as u64);
    out.push_str("\" data-id=\"");
    escape_into(out, &n.id);
    out.push_str("\" data-kind=\"");
    out.push_str(n.kind.name());
    out.push('"');
    if show {
        let _ = write!(out, " data-findings=\"{}\"", n.finding_count);
    }
    out.push_str("><title>");
    escape_into(out, &n.label);
    if n.label != n.id {
        out.push('\n');
        escape_into(out, &n.id);
    }
    out.push_str(" · ");
    out.push_str(kind_name(n.kind, opts.lang));
    if let Some(t) = n.product {
        out.push_str(t.title());
    }
    if show {
        finding_lines(out, &n.findings, opts.lang);
    }
    out.push_str("</title><rect class=\"nbox\" ");
    rect_attrs(out, &n.rect);
    out.push_str(" rx=\"6\"/>");
    if show {
        let s = n.severity.unwrap_or(Severity::Info).name();
        let ring = Rect::new(n.rect.x - 3, n.rect.y - 3, n.rect.w + 6, n.rect.h + 6);
        let _ = write!(out, "<rect class=\"ring s-{s}\" ");
        rect_attrs(out, &ring);
        out.push_str(" rx=\"8\"/>");
    }
    out.push_str("<g class=\"icon\" transform=\"translate(");
    int(out, n.rect.x + 10);
    out.push(' ');
    int(out, n.rect.cy() - 12);
    out.push_str(")\">");
    out.push_str(icon(n.kind));
    out.push_str("</g>");
    let tx = n.rect.x + 44;
    let cy = n.rect.cy();
    match n.lines.len() {
        0 => {}
        1 => {
            out.push_str("<text");
            at_xy(out, tx, cy + 4);
            escape_into(out, &n.lines[0]);
            out.push_str("</text>");
        }
        _ => {
            out.push_str("<text");
            at_xy(out, tx, cy - 3);
            escape_into(out, &n.lines[0]);
            out.push_str("<tspan");
            at_xy(out, tx, cy + 13);
            escape_into(out, &n.lines[1]);
            out.push_str("</tspan></text>");
        }
    }
    if show {
        badge(
            out,
            n.severity,
            n.finding_count,
            n.rect.right() - 2,
            n.rect.y + 2,
        );
    }
    out.push_str("</g>\n");
}

/// A findings badge's text: the count, 99+ above 99.
pub fn badge_count(count: usize) -> String {
    if count > 99 {
        String::from("99+")
    } else {
        alloc::format!("{count}")
    }
}

/// A findings badge centred at (`bx`, `by`): a disc in the worst severity's colour with the
/// count ([`badge_count`]).
fn badge(out: &mut String, severity: Option<Severity>, count: usize, bx: i32, by: i32) {
    let s = severity.unwrap_or(Severity::Info).name();
    let count = badge_count(count);
    let _ = write!(
        out,
        "<circle class=\"f-{s}\" cx=\"{bx}\" cy=\"{by}\" r=\"9\"/><text class=\"badge-t\" x=\"{bx}\" y=\"{}\" text-anchor=\"middle\">{count}</text>",
        by + 4
    );
}

/// Where a container's caption is drawn: (x, baseline, font size in px). The SVG writer, the
/// editor's canvas, the layout's routes and labels (which keep clear of it) and the quality
/// measure (which counts lines through it) all take it from here.
pub fn caption_at(b: &SceneBox) -> (i32, i32, i32) {
    let r = &b.rect;
    let (x, y) = match b.kind {
        BoxKind::Region => (r.x + 30, r.y + 20),
        BoxKind::VSwitch => (r.x + 8, r.y + 14),
        BoxKind::Vpc => (r.x + 10, r.y + 15),
        _ => (r.x + 8, r.y + 17),
    };
    (x, y, b.text_size)
}

/// The classes of a container's caption: its kind's, and for a region whose caption is drawn
/// smaller to stay whole, the size (the style sheet's `fs13` / `fs12`).
pub fn caption_class(b: &SceneBox) -> &'static str {
    match (b.kind, b.text_size) {
        (BoxKind::Region, 13) => "bl bl-region fs13",
        (BoxKind::Region, s) if s <= 12 => "bl bl-region fs12",
        (BoxKind::Region, _) => "bl bl-region",
        (BoxKind::VSwitch, _) => "bl bl-vswitch",
        _ => "bl",
    }
}

/// Where a container's findings badge is centred: inside its top right corner.
pub fn box_badge_at(r: &Rect) -> (i32, i32) {
    (r.right() - 14, r.y + 13)
}

/// The findings about containers: a badge at each one's top right corner, with the findings
/// as its tooltip.
fn box_badges(out: &mut String, scene: &Scene, opts: &SvgOptions) {
    if scene.boxes.iter().all(|b| b.findings.is_empty()) {
        return;
    }
    out.push_str("<g class=\"box-findings\">\n");
    for b in scene.boxes.iter().filter(|b| !b.findings.is_empty()) {
        out.push_str("<g class=\"bf\" data-id=\"");
        escape_into(out, &b.id);
        let _ = write!(out, "\" data-findings=\"{}\"><title>", b.findings.len());
        escape_into(out, &b.label);
        finding_lines(out, &b.findings, opts.lang);
        out.push_str("</title>");
        let (bx, by) = box_badge_at(&b.rect);
        badge(out, b.severity, b.findings.len(), bx, by);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// Draws the scene.
pub fn to_svg(scene: &Scene, opts: &SvgOptions) -> String {
    let p = match &opts.id_prefix {
        Some(x) => sanitize_prefix(x),
        None => scene_prefix(scene),
    };
    let lang = opts.lang;
    let mut out = String::with_capacity(4096 + scene.nodes.len() * 700 + scene.edges.len() * 160);
    let (w, h) = (scene.width, scene.height);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{p}\" class=\"archlint al-{theme}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{p}-title\">\n<title id=\"{p}-title\">",
        theme = opts.theme.name()
    );
    escape_into(&mut out, &scene.title);
    out.push_str("</title>\n<defs><style>");
    out.push_str(&style(opts.theme));
    let _ = writeln!(
        out,
        "</style><marker id=\"{p}-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path class=\"arrowhead\" d=\"M0 0L10 5L0 10z\"/></marker></defs>"
    );
    let _ = writeln!(
        out,
        "<rect class=\"bg\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"/>"
    );
    out.push_str("<text class=\"title\" x=\"24\" y=\"30\">");
    escape_into(
        &mut out,
        &ellipsize(&scene.title, ((w - 48).max(60) * 10 / 18) as u32),
    );
    out.push_str("</text>\n");

    // Containers.
    out.push_str("<g class=\"boxes\">\n");
    for (i, b) in scene.boxes.iter().enumerate() {
        let kind = b.kind.name();
        let _ = write!(out, "<g class=\"box\" id=\"{p}-b{i}\"");
        if !b.id.is_empty() {
            out.push_str(" data-id=\"");
            escape_into(&mut out, &b.id);
            out.push('"');
        }
        out.push_str("><rect class=\"b-");
        out.push_str(kind);
        if let Some(t) = b.tier {
            out.push_str(match t {
                crate::model::Tier::Dmz => " t-dmz",
                crate::model::Tier::Management => " t-management",
                crate::model::Tier::Intranet => " t-intranet",
            });
        }
        if b.role == Some(crate::model::RegionRole::Dr) {
            out.push_str(" dr");
        }
        out.push_str("\" ");
        rect_attrs(&mut out, &b.rect);
        let rx = match b.kind {
            BoxKind::Region | BoxKind::Sites => 10,
            BoxKind::Band | BoxKind::VSwitch => 6,
            _ => 8,
        };
        let _ = write!(out, " rx=\"{rx}\"/>");
        if b.text != b.label && !b.label.is_empty() {
            out.push_str("<title>");
            escape_into(&mut out, &b.label);
            out.push_str("</title>");
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");

    // Edges.
    out.push_str("<g class=\"edges\">\n");
    for (i, e) in scene.edges.iter().enumerate() {
        if e.points.len() < 2 {
            continue;
        }
        out.push_str("<g class=\"edge e-");
        out.push_str(e.kind.name());
        out.push_str("\" id=\"");
        out.push_str(&p);
        out.push_str("-e");
        uint(&mut out, i as u64);
        out.push_str("\" data-from=\"");
        escape_into(&mut out, &e.from);
        out.push_str("\" data-to=\"");
        escape_into(&mut out, &e.to);
        out.push_str("\"><path d=\"");
        for (k, &(x, y)) in e.points.iter().enumerate() {
            out.push(if k == 0 { 'M' } else { 'L' });
            int(&mut out, x);
            out.push(' ');
            int(&mut out, y);
        }
        out.push('"');
        if e.arrow {
            let _ = write!(out, " marker-end=\"url(#{p}-arrow)\"");
        }
        out.push_str("/>");
        if let Some(l) = &e.label {
            out.push_str("<text class=\"port\"");
            at_xy(&mut out, l.x, l.y);
            escape_into(&mut out, &l.text);
            out.push_str("</text>");
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");

    // Box captions, over the edges, each with a halo in its box's colour so that a line
    // passing under a caption does not strike it through.
    out.push_str("<g class=\"captions\">\n");
    for b in &scene.boxes {
        if b.text.is_empty() {
            continue;
        }
        let (tx, ty, _) = caption_at(b);
        let class = caption_class(b);
        let _ = write!(
            out,
            "<text class=\"{class} c-{}{}\" x=\"{tx}\" y=\"{ty}\">",
            b.kind.name(),
            match b.tier {
                Some(crate::model::Tier::Dmz) => " t-dmz",
                Some(crate::model::Tier::Management) => " t-management",
                Some(crate::model::Tier::Intranet) => " t-intranet",
                None => "",
            }
        );
        escape_into(&mut out, &b.text);
        out.push_str("</text>\n");
    }
    out.push_str("</g>\n");

    if opts.findings {
        box_badges(&mut out, scene, opts);
    }

    // Nodes.
    out.push_str("<g class=\"nodes\">\n");
    for (i, n) in scene.nodes.iter().enumerate() {
        node(&mut out, &p, i, n, opts);
    }
    out.push_str("</g>\n");

    // Legend.
    let lg = &scene.legend;
    let _ = write!(
        out,
        "<g class=\"legend-g\" id=\"{p}-legend\"><rect class=\"legend\" "
    );
    rect_attrs(&mut out, &lg.rect);
    let _ = write!(
        out,
        " rx=\"6\"/><text class=\"lt\" x=\"{}\" y=\"{}\">{}</text>",
        lg.rect.x + 10,
        lg.rect.y + 18,
        match lang {
            Lang::En => "Legend",
            Lang::Zh => "图例",
        }
    );
    let per = lg.per_line.max(1);
    let mut k = 0usize;
    for kind in &lg.kinds {
        let x = lg.rect.x + 10 + (k % per) as i32 * 150;
        let y = lg.rect.y + 28 + (k / per) as i32 * 26;
        let _ = write!(
            out,
            "<g class=\"icon\" transform=\"translate({x} {y}) scale(.75)\">{}</g><text x=\"{}\" y=\"{}\">{}</text>",
            icon(*kind),
            x + 24,
            y + 13,
            kind_name(*kind, lang)
        );
        k += 1;
    }
    if opts.findings {
        for s in &lg.severities {
            let x = lg.rect.x + 10 + (k % per) as i32 * 150;
            let y = lg.rect.y + 28 + (k / per) as i32 * 26;
            let _ = write!(
                out,
                "<circle class=\"f-{}\" cx=\"{}\" cy=\"{}\" r=\"7\"/><text x=\"{}\" y=\"{}\">{}</text>",
                s.name(),
                x + 9,
                y + 9,
                x + 24,
                y + 13,
                s.label(lang)
            );
            k += 1;
        }
    }
    out.push_str("</g>\n");

    // Design-wide findings.
    if let (true, Some(panel)) = (opts.findings, &scene.panel) {
        let r = &panel.rect;
        let _ = write!(
            out,
            "<g class=\"panel-g\" id=\"{p}-panel\"><rect class=\"panel\" "
        );
        rect_attrs(&mut out, r);
        let total = panel.findings.len() + panel.more;
        let _ = write!(
            out,
            " rx=\"6\"/><text class=\"lt\" x=\"{}\" y=\"{}\">",
            r.x + 10,
            r.y + 20
        );
        let _ = match lang {
            Lang::En => write!(out, "Design findings ({total})"),
            Lang::Zh => write!(out, "设计级问题（{total}）"),
        };
        out.push_str("</text>");
        let max_em = ((r.w - 40).max(60) * 10 / 12) as u32;
        for (j, f) in panel.findings.iter().enumerate() {
            let y = r.y + 40 + j as i32 * 20;
            let mut full = String::new();
            full.push_str(f.code);
            full.push(' ');
            full.push_str(f.severity.label(lang));
            if let Some(t) = &f.target {
                full.push_str(" `");
                full.push_str(t);
                full.push('`');
            }
            full.push_str(": ");
            full.push_str(f.message.get(lang));
            let _ = write!(out, "<g class=\"pf\"><title>",);
            finding_line(&mut out, f, lang, true);
            let _ = write!(
                out,
                "</title><circle class=\"f-{}\" cx=\"{}\" cy=\"{}\" r=\"5\"/><text x=\"{}\" y=\"{}\">",
                f.severity.name(),
                r.x + 16,
                y - 4,
                r.x + 28,
                y
            );
            escape_into(&mut out, &ellipsize(&full, max_em));
            out.push_str("</text></g>");
        }
        if panel.more > 0 {
            let y = r.y + 40 + panel.findings.len() as i32 * 20;
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\">… +{}</text>",
                r.x + 28,
                y,
                panel.more
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_strips() {
        assert_eq!(
            escape("<a href=\"x\">&'\u{202E}\u{0000}ok</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;ok&lt;/a&gt;"
        );
        assert_eq!(sanitize_prefix("9x y\"<"), "a9xy");
        assert_eq!(sanitize_prefix(""), "a");
        assert_eq!(sanitize_prefix("diagram-1"), "diagram-1");
        // Runs between the escaped characters are kept whole, multi-byte ones included.
        assert_eq!(escape("杭州 & 青岛\u{200F}·<"), "杭州 &amp; 青岛·&lt;");
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
    }
}
