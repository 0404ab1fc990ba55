//! draw.io (diagrams.net) export: the [`Scene`] the SVG writer draws, as an uncompressed
//! `.drawio` file that draw.io opens and edits.
//!
//! Regions, zone columns, VPCs, vSwitches, the bands of region-wide services and the box of
//! customer data centres are container cells; every cell's geometry is relative to its parent,
//! as draw.io expects, so the absolute positions are those of the SVG. A vSwitch goes in the
//! VPC box that holds it (the Scene draws it inside its zone column too; a draw.io cell has
//! one parent, and a vSwitch is part of its VPC). A node is a rounded box like the SVG's, with
//! its icon from draw.io's Alibaba Cloud library (`mxgraph.alibaba_cloud.*`) as a fixed child;
//! its tooltip lists its findings and its border takes the colour of the worst one. Links are
//! orthogonal edges pinned to the points where the SVG's route leaves and enters the nodes,
//! with the route's bends as waypoints (absolute: edges sit on the layer) and the ports as the
//! edge's label, where the SVG puts it.
//!
//! Every text is plain (`html=0`) and XML-escaped, line breaks as `&#10;`; tooltips, which
//! draw.io shows as HTML, are HTML-escaped first. Ids are the scene's indices, so identical
//! scenes give identical bytes.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::layout::text::{clean, text_width};
use crate::layout::{
    BoxKind, Edge, EdgeKind, FindingNote, NodeShape, Rect, Scene, SceneBox, ShapeKind,
};
use crate::model::{Design, EcsRole, Engine, NodeKind, RegionRole, SlbType, Tier};
use crate::rule::Severity;
use crate::svg::{escape, escape_into, kind_name};
use crate::text::Lang;

/// What [`to_drawio`] writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// Findings as tooltips, coloured node borders and the design panel.
    pub findings: bool,
    /// Language of the texts the writer adds (tooltips, the panel's title).
    pub lang: Lang,
}

impl Default for ExportOptions {
    fn default() -> ExportOptions {
        ExportOptions {
            findings: true,
            lang: Lang::En,
        }
    }
}

/// The container each box goes in when exported: the Scene's parent, except that a vSwitch
/// goes in the VPC box of its region that holds it, when there is one.
pub fn box_parents(scene: &Scene) -> Vec<Option<usize>> {
    let region_of = |mut i: usize| -> Option<usize> {
        // Parents come before children in the Scene, but a bad index must not loop.
        for _ in 0..scene.boxes.len() {
            let b = scene.boxes.get(i)?;
            if b.kind == BoxKind::Region {
                return Some(i);
            }
            i = b.parent?;
        }
        None
    };
    scene
        .boxes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let parent = b.parent.filter(|&p| p < scene.boxes.len() && p != i);
            if b.kind != BoxKind::VSwitch {
                return parent;
            }
            let region = region_of(i);
            scene
                .boxes
                .iter()
                .position(|v| {
                    v.kind == BoxKind::Vpc
                        && v.parent.is_some()
                        && v.parent == region
                        && v.rect.contains(&b.rect)
                })
                .or(parent)
        })
        .collect()
}

/// The container a node goes in: its innermost box, else its zone or region box.
pub fn node_parent(scene: &Scene, n: &NodeShape) -> Option<usize> {
    n.container
        .or(n.zone_box)
        .or(n.region_box)
        .filter(|&b| b < scene.boxes.len())
}

/// The children of each box (boxes first, then nodes, each in scene order) and the top level.
struct Tree {
    boxes: Vec<Vec<usize>>,
    nodes: Vec<Vec<usize>>,
    top_boxes: Vec<usize>,
    top_nodes: Vec<usize>,
    /// Absolute position of each box, for relative geometry.
    parent_of_box: Vec<Option<usize>>,
}

fn tree(scene: &Scene) -> Tree {
    let parent_of_box = box_parents(scene);
    let n = scene.boxes.len();
    let mut t = Tree {
        boxes: vec![Vec::new(); n],
        nodes: vec![Vec::new(); n],
        top_boxes: Vec::new(),
        top_nodes: Vec::new(),
        parent_of_box: Vec::new(),
    };
    // A box whose chain of parents does not reach the top (a cycle) goes to the top level.
    let reaches_top = |mut i: usize| {
        for _ in 0..=n {
            match parent_of_box[i] {
                None => return true,
                Some(p) => i = p,
            }
        }
        false
    };
    let mut fixed = parent_of_box.clone();
    for (i, p) in parent_of_box.iter().enumerate() {
        match p {
            Some(p) if reaches_top(i) => t.boxes[*p].push(i),
            _ => {
                fixed[i] = None;
                t.top_boxes.push(i);
            }
        }
    }
    for (i, node) in scene.nodes.iter().enumerate() {
        match node_parent(scene, node) {
            Some(b) => t.nodes[b].push(i),
            None => t.top_nodes.push(i),
        }
    }
    t.parent_of_box = fixed;
    t
}

// The SVG's light palette.
const TEXT: &str = "#1f2933";
const MUTED: &str = "#52606d";
const EDGE: &str = "#4a5568";
const NODE_STROKE: &str = "#6b7c93";

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "#d32f2f",
        Severity::Warning => "#d98200",
        Severity::Info => "#2f6fd6",
    }
}

fn box_style(b: &SceneBox) -> String {
    let (fill, stroke, extra) = match b.kind {
        BoxKind::Region => (
            "#f5f8fc",
            if b.role == Some(RegionRole::Dr) {
                "#9b6bb8"
            } else {
                "#7b93b8"
            },
            if b.role == Some(RegionRole::Dr) {
                "strokeWidth=1.5;dashed=1;dashPattern=8 4;fontStyle=1;arcSize=20;spacingLeft=24;spacingTop=2;"
            } else {
                "strokeWidth=1.5;fontStyle=1;arcSize=20;spacingLeft=24;spacingTop=2;"
            },
        ),
        BoxKind::Zone | BoxKind::NoZone => (
            "#ffffff",
            "#b8c7dc",
            "dashed=1;dashPattern=5 4;arcSize=16;spacingLeft=6;spacingTop=2;",
        ),
        BoxKind::Vpc => (
            "none",
            "#2f6fd6",
            "strokeWidth=1.5;dashed=1;dashPattern=10 4;arcSize=16;spacingLeft=8;",
        ),
        BoxKind::VSwitch => (
            match b.tier {
                Some(Tier::Dmz) => "#fff3e0",
                Some(Tier::Management) => "#eef0ff",
                Some(Tier::Intranet) => "#eaf8ef",
                None => "#f7f9fb",
            },
            "#9fb2c8",
            "fontSize=11;arcSize=12;spacingLeft=6;spacingTop=-2;",
        ),
        BoxKind::Band => ("#e8f1fd", "none", "opacity=80;arcSize=12;spacingLeft=6;"),
        BoxKind::Sites => (
            "#ffffff",
            "#7b93b8",
            "arcSize=20;spacingLeft=6;spacingTop=4;",
        ),
    };
    let mut style = alloc::format!(
        "rounded=1;absoluteArcSize=1;whiteSpace=nowrap;html=0;container=1;collapsible=0;recursiveResize=0;\
fillColor={fill};strokeColor={stroke};fontColor={TEXT};align=left;verticalAlign=top;overflow=hidden;{extra}"
    );
    // A region's caption at the size the SVG draws it (smaller where that keeps it whole).
    if b.kind == BoxKind::Region {
        let _ = write!(style, "fontSize={};", b.text_size);
    }
    style
}

/// A shape (a stencil of draw.io's Alibaba Cloud library, or one of draw.io's own) and its
/// proportions (width, height in hundredths, as draw.io's palette inserts it).
struct Stencil {
    style: &'static str,
    w: i32,
    h: i32,
}

const fn st(style: &'static str, w: i32, h: i32) -> Stencil {
    Stencil { style, w, h }
}

/// The icon of a node: an Alibaba Cloud stencil where the library has one; the internet is
/// draw.io's cloud shape, an RDS without an engine a database cylinder. Customer data
/// centres and unknown kinds get no icon (the library has none for them).
fn icon(n: &NodeShape, design: &Design) -> Option<(Stencil, &'static str)> {
    const ORANGE: &str = "fillColor=#FF6A00;strokeColor=none;";
    const PLAIN: &str = "fillColor=#ffffff;strokeColor=#2f5d9e;strokeWidth=1.5;";
    let engine = n
        .index
        .and_then(|i| design.nodes.get(i))
        .and_then(|d| d.engine);
    let s = match n.kind {
        ShapeKind::Internet => return Some((st("ellipse;shape=cloud", 160, 110), PLAIN)),
        ShapeKind::Node(k) => match k {
            NodeKind::Ecs if n.role == Some(EcsRole::Bastion) => {
                st("shape=mxgraph.alibaba_cloud.bastionhost", 168, 133)
            }
            NodeKind::Ecs => st(
                "shape=mxgraph.alibaba_cloud.ecs_elastic_compute_service",
                162,
                151,
            ),
            NodeKind::Slb => match n.product {
                None => st(
                    "shape=mxgraph.alibaba_cloud.slb_server_load_balancer_01",
                    158,
                    134,
                ),
                Some(SlbType::Clb) => st(
                    "shape=mxgraph.alibaba_cloud.clb_classic_load_balancer_01",
                    158,
                    134,
                ),
                Some(SlbType::Alb) => st(
                    "shape=mxgraph.alibaba_cloud.alb_application_load_balancer_01",
                    158,
                    134,
                ),
                Some(SlbType::Nlb) => st(
                    "shape=mxgraph.alibaba_cloud.nlb_network_load_balancer_01",
                    158,
                    134,
                ),
            },
            NodeKind::Rds => match engine {
                Some(Engine::Mysql) => st("shape=mxgraph.alibaba_cloud.mysql", 161, 150),
                Some(Engine::Postgresql) => st("shape=mxgraph.alibaba_cloud.postgresql", 160, 159),
                Some(Engine::Sqlserver) => st("shape=mxgraph.alibaba_cloud.sqlserver", 132, 183),
                Some(Engine::Ppas) => st(
                    "shape=mxgraph.alibaba_cloud.ppas_pay-as-you-go_database",
                    133,
                    182,
                ),
                None => return Some((st("shape=cylinder3;boundedLbl=1;size=6", 120, 150), PLAIN)),
            },
            NodeKind::Oss => st(
                "shape=mxgraph.alibaba_cloud.oss_object_storage_service",
                169,
                129,
            ),
            NodeKind::Vpn => st("shape=mxgraph.alibaba_cloud.vpn_gateway", 183, 183),
            NodeKind::LeasedLine => st("shape=mxgraph.alibaba_cloud.express_connect", 172, 158),
            NodeKind::Eip => st(
                "shape=mxgraph.alibaba_cloud.eip_elastic_ip_address",
                158,
                155,
            ),
            NodeKind::Nat => st("shape=mxgraph.alibaba_cloud.nat_gateway", 172, 139),
            NodeKind::Dns => st(
                "shape=mxgraph.alibaba_cloud.dns_domain_name_system",
                186,
                183,
            ),
            NodeKind::Apigw => st("shape=mxgraph.alibaba_cloud.apigateway", 144, 139),
            NodeKind::Idc | NodeKind::Unknown => return None,
        },
    };
    Some((s, ORANGE))
}

/// The side of the square the icon is fitted in.
const ICON: i32 = 30;

/// Appends an attribute value: `s` escaped, its line breaks as `&#10;` (a literal line break
/// in an attribute is read back as a space).
fn attr_into(out: &mut String, s: &str) {
    for (k, line) in s.split('\n').enumerate() {
        if k > 0 {
            out.push_str("&#10;");
        }
        escape_into(out, line);
    }
}

/// Appends a tooltip: draw.io reads tooltips as HTML, so each line is HTML-escaped, then
/// escaped again for the attribute.
fn tooltip_into(out: &mut String, s: &str) {
    for (k, line) in s.split('\n').enumerate() {
        if k > 0 {
            out.push_str("&#10;");
        }
        escape_into(out, &escape(line));
    }
}

/// A ratio as draw.io's fixed connection points take it: `num / den`, six decimals at most.
fn ratio_into(out: &mut String, num: i64, den: i64) {
    if den <= 0 {
        out.push('0');
        return;
    }
    let v = (num.clamp(0, den) * 1_000_000 + den / 2) / den;
    let (int, mut frac) = (v / 1_000_000, v % 1_000_000);
    let _ = write!(out, "{int}");
    if frac > 0 {
        let mut digits = 6;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let _ = write!(out, ".{frac:0digits$}");
    }
}

/// A length in halves of a pixel.
fn halves_into(out: &mut String, v: i64) {
    if v % 2 == 0 {
        let _ = write!(out, "{}", v / 2);
    } else {
        let _ = write!(out, "{}{}.5", if v < 0 { "-" } else { "" }, (v / 2).abs());
    }
}

fn geometry(out: &mut String, r: &Rect, origin: (i32, i32)) {
    let _ = write!(
        out,
        "<mxGeometry x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" as=\"geometry\"/>",
        r.x - origin.0,
        r.y - origin.1,
        r.w.max(0),
        r.h.max(0)
    );
}

/// The route without repeated points and without points in the middle of a straight run, so
/// that its bends alternate between horizontal and vertical runs.
fn simplify(points: &[(i32, i32)]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::with_capacity(points.len());
    for &p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let collinear = (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1);
            if collinear {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The point halfway along a polyline, in halves of a pixel (draw.io puts an edge's label
/// there, before its offset).
fn midpoint2(points: &[(i32, i32)]) -> (i64, i64) {
    let seg =
        |a: (i32, i32), b: (i32, i32)| i64::from((b.0 - a.0).abs()) + i64::from((b.1 - a.1).abs());
    let total: i64 = points.windows(2).map(|w| seg(w[0], w[1])).sum();
    // In halves: walk 'total' half-units (= total / 2 pixels).
    let mut left = total;
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let l2 = 2 * seg(a, b);
        if left <= l2 && l2 > 0 {
            let (ax, ay) = (2 * i64::from(a.0), 2 * i64::from(a.1));
            let (bx, by) = (2 * i64::from(b.0), 2 * i64::from(b.1));
            return (ax + (bx - ax) * left / l2, ay + (by - ay) * left / l2);
        }
        left -= l2;
    }
    points
        .first()
        .map(|p| (2 * i64::from(p.0), 2 * i64::from(p.1)))
        .unwrap_or((0, 0))
}

fn node_tooltip(n: &NodeShape, opts: &ExportOptions) -> String {
    let lang = opts.lang;
    let mut t = clean(&n.label);
    if n.label != n.id {
        t.push('\n');
        t.push_str(&clean(&n.id));
    }
    t.push_str(" · ");
    t.push_str(kind_name(n.kind, lang));
    if let Some(p) = n.product {
        t.push_str(p.title());
    }
    if opts.findings && n.finding_count > 0 {
        findings_lines(&mut t, &n.findings, lang);
    }
    t
}

/// The lines of a tooltip that list findings (the first 50, then how many more).
fn findings_lines(t: &mut String, findings: &[FindingNote], lang: Lang) {
    for f in findings.iter().take(50) {
        let _ = write!(
            t,
            "\n{} {}: {}",
            f.code,
            f.severity.label(lang),
            clean(f.message.get(lang))
        );
    }
    if findings.len() > 50 {
        let _ = write!(t, "\n… +{}", findings.len() - 50);
    }
}

fn node_cell(
    out: &mut String,
    i: usize,
    n: &NodeShape,
    parent: &str,
    origin: (i32, i32),
    design: &Design,
    opts: &ExportOptions,
) {
    let _ = write!(out, "<UserObject id=\"n{i}\" label=\"");
    attr_into(out, &n.lines.join("\n"));
    out.push_str("\" tooltip=\"");
    tooltip_into(out, &node_tooltip(n, opts));
    let (stroke, width) = match (opts.findings && n.finding_count > 0, n.severity) {
        (true, s) => (severity_colour(s.unwrap_or(Severity::Info)), "2.5"),
        (false, _) => (NODE_STROKE, "1"),
    };
    let dashed = if n.role == Some(EcsRole::Bastion) {
        "dashed=1;dashPattern=4 2;"
    } else {
        ""
    };
    let _ = write!(
        out,
        "\"><mxCell style=\"rounded=1;absoluteArcSize=1;arcSize=12;whiteSpace=wrap;html=0;container=1;\
collapsible=0;recursiveResize=0;dropTarget=0;fillColor=#ffffff;strokeColor={stroke};strokeWidth={width};{dashed}\
fontColor={TEXT};fontSize=12;align=left;verticalAlign=middle;spacingLeft=40;\" vertex=\"1\" parent=\"{parent}\">"
    );
    geometry(out, &n.rect, origin);
    out.push_str("</mxCell></UserObject>\n");
    if let Some((s, colours)) = icon(n, design) {
        let m = s.w.max(s.h).max(1);
        let (w, h) = ((ICON * s.w + m / 2) / m, (ICON * s.h + m / 2) / m);
        let r = Rect::new(10 + (ICON - w) / 2, (n.rect.h - h) / 2, w, h);
        let _ = write!(
            out,
            "<mxCell id=\"n{i}i\" value=\"\" style=\"{shape};{colours}aspect=fixed;html=0;\
connectable=0;movable=0;resizable=0;rotatable=0;deletable=0;editable=0;selectable=0;\" vertex=\"1\" parent=\"n{i}\">",
            shape = s.style,
        );
        geometry(out, &r, (0, 0));
        out.push_str("</mxCell>\n");
    }
}

fn edge_cell(out: &mut String, i: usize, e: &Edge, scene: &Scene) {
    let (Some(src), Some(dst)) = (scene.nodes.get(e.from_node), scene.nodes.get(e.to_node)) else {
        return;
    };
    let pts = simplify(&e.points);
    if pts.len() < 2 {
        return;
    }
    let (p0, pe) = (pts[0], pts[pts.len() - 1]);
    let _ = write!(out, "<mxCell id=\"e{i}\" value=\"");
    if let Some(l) = &e.label {
        attr_into(out, &clean(&l.text));
    }
    let _ = write!(
        out,
        "\" style=\"edgeStyle=orthogonalEdgeStyle;rounded=0;html=0;strokeColor={EDGE};strokeWidth=1.3;\
fontColor={MUTED};fontSize=10;labelBackgroundColor=#ffffff;endArrow={};endFill=1;startArrow=none;{}",
        if e.arrow { "block" } else { "none" },
        match e.kind {
            EdgeKind::Flow => "",
            EdgeKind::Backend => "dashed=1;dashPattern=2 2;",
            EdgeKind::Connects | EdgeKind::Attach => "dashed=1;dashPattern=5 3;",
        }
    );
    let r = &src.rect;
    out.push_str("exitX=");
    ratio_into(out, i64::from(p0.0 - r.x), i64::from(r.w));
    out.push_str(";exitY=");
    ratio_into(out, i64::from(p0.1 - r.y), i64::from(r.h));
    let r = &dst.rect;
    out.push_str(";exitDx=0;exitDy=0;exitPerimeter=0;entryX=");
    ratio_into(out, i64::from(pe.0 - r.x), i64::from(r.w));
    out.push_str(";entryY=");
    ratio_into(out, i64::from(pe.1 - r.y), i64::from(r.h));
    let _ = write!(
        out,
        ";entryDx=0;entryDy=0;entryPerimeter=0;\" edge=\"1\" parent=\"1\" source=\"n{}\" target=\"n{}\">\
<mxGeometry relative=\"1\" as=\"geometry\">",
        e.from_node, e.to_node
    );
    let _ = write!(
        out,
        "<mxPoint x=\"{}\" y=\"{}\" as=\"sourcePoint\"/><mxPoint x=\"{}\" y=\"{}\" as=\"targetPoint\"/>",
        p0.0, p0.1, pe.0, pe.1
    );
    if pts.len() > 2 {
        out.push_str("<Array as=\"points\">");
        for p in &pts[1..pts.len() - 1] {
            let _ = write!(out, "<mxPoint x=\"{}\" y=\"{}\"/>", p.0, p.1);
        }
        out.push_str("</Array>");
    }
    if let Some(l) = &e.label {
        // The SVG writes the ports from (x, y) on their baseline, 10 px high; draw.io centres
        // the label on the route's midpoint plus this offset.
        let w = i64::from(text_width(&l.text));
        let (cx2, cy2) = (2 * i64::from(l.x) + w, 2 * i64::from(l.y) - 7);
        let (mx2, my2) = midpoint2(&pts);
        out.push_str("<mxPoint x=\"");
        halves_into(out, cx2 - mx2);
        out.push_str("\" y=\"");
        halves_into(out, cy2 - my2);
        out.push_str("\" as=\"offset\"/>");
    }
    out.push_str("</mxGeometry></mxCell>\n");
}

fn box_cells(
    out: &mut String,
    scene: &Scene,
    t: &Tree,
    b: usize,
    design: &Design,
    opts: &ExportOptions,
) {
    let bx = &scene.boxes[b];
    let parent = match t.parent_of_box[b] {
        Some(p) => alloc::format!("b{p}"),
        None => String::from("1"),
    };
    let origin = t.parent_of_box[b]
        .map(|p| (scene.boxes[p].rect.x, scene.boxes[p].rect.y))
        .unwrap_or((0, 0));
    // A container with findings about it carries them as its tooltip (as a node does).
    let tip = opts.findings && !bx.findings.is_empty();
    if tip {
        let _ = write!(out, "<UserObject id=\"b{b}\" label=\"");
        attr_into(out, &clean(&bx.label));
        out.push_str("\" tooltip=\"");
        let mut t = clean(&bx.label);
        findings_lines(&mut t, &bx.findings, opts.lang);
        tooltip_into(out, &t);
        out.push_str("\"><mxCell style=\"");
    } else {
        let _ = write!(out, "<mxCell id=\"b{b}\" value=\"");
        attr_into(out, &clean(&bx.label));
        out.push_str("\" style=\"");
    }
    out.push_str(&box_style(bx));
    let _ = write!(out, "\" vertex=\"1\" parent=\"{parent}\">");
    geometry(out, &bx.rect, origin);
    out.push_str(if tip {
        "</mxCell></UserObject>\n"
    } else {
        "</mxCell>\n"
    });
    for &c in &t.boxes[b] {
        box_cells(out, scene, t, c, design, opts);
    }
    let here = alloc::format!("b{b}");
    for &n in &t.nodes[b] {
        node_cell(
            out,
            n,
            &scene.nodes[n],
            &here,
            (bx.rect.x, bx.rect.y),
            design,
            opts,
        );
    }
}

fn panel_cell(out: &mut String, scene: &Scene, opts: &ExportOptions) {
    let Some(panel) = scene.panel.as_ref().filter(|_| opts.findings) else {
        return;
    };
    let lang = opts.lang;
    let total = panel.findings.len() + panel.more;
    let mut text = match lang {
        Lang::En => alloc::format!("Design findings ({total})"),
        Lang::Zh => alloc::format!("设计级问题（{total}）"),
    };
    for f in &panel.findings {
        let _ = write!(text, "\n{} {}", f.code, f.severity.label(lang));
        if let Some(tg) = &f.target {
            let _ = write!(text, " `{}`", clean(tg));
        }
        let _ = write!(text, ": {}", clean(f.message.get(lang)));
    }
    if panel.more > 0 {
        let _ = write!(text, "\n… +{}", panel.more);
    }
    out.push_str("<mxCell id=\"panel\" value=\"");
    attr_into(out, &text);
    let _ = write!(
        out,
        "\" style=\"rounded=1;absoluteArcSize=1;arcSize=12;whiteSpace=nowrap;html=0;fillColor=#ffffff;\
strokeColor=#b8c7dc;fontColor={TEXT};fontSize=12;align=left;verticalAlign=top;spacingLeft=10;spacingTop=6;\
overflow=hidden;\" vertex=\"1\" parent=\"1\">"
    );
    geometry(out, &panel.rect, (0, 0));
    out.push_str("</mxCell>\n");
}

/// The scene as a `.drawio` file. `design` is the design the scene was laid out from (an
/// RDS's icon follows its engine).
pub fn to_drawio(scene: &Scene, design: &Design, opts: &ExportOptions) -> String {
    let t = tree(scene);
    let mut out = String::with_capacity(2048 + scene.nodes.len() * 900 + scene.edges.len() * 500);
    out.push_str("<mxfile host=\"archlint\" type=\"device\"><diagram id=\"archlint\" name=\"");
    attr_into(&mut out, &clean(&scene.title));
    let _ = write!(
        out,
        "\"><mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" tooltips=\"1\" connect=\"1\" arrows=\"1\" \
fold=\"1\" page=\"1\" pageScale=\"1\" pageWidth=\"{}\" pageHeight=\"{}\" background=\"#ffffff\" math=\"0\" \
shadow=\"0\"><root>\n<mxCell id=\"0\"/>\n<mxCell id=\"1\" parent=\"0\"/>\n",
        scene.width.max(1),
        scene.height.max(1)
    );
    out.push_str("<mxCell id=\"title\" value=\"");
    attr_into(&mut out, &clean(&scene.title));
    let _ = write!(
        out,
        "\" style=\"text;html=0;whiteSpace=nowrap;overflow=hidden;fontSize=18;fontStyle=1;fontColor={TEXT};\
align=left;verticalAlign=middle;\" vertex=\"1\" parent=\"1\">"
    );
    geometry(
        &mut out,
        &Rect::new(24, 12, (scene.width - 48).max(60), 28),
        (0, 0),
    );
    out.push_str("</mxCell>\n");
    for &b in &t.top_boxes {
        box_cells(&mut out, scene, &t, b, design, opts);
    }
    for &n in &t.top_nodes {
        node_cell(&mut out, n, &scene.nodes[n], "1", (0, 0), design, opts);
    }
    panel_cell(&mut out, scene, opts);
    for (i, e) in scene.edges.iter().enumerate() {
        edge_cell(&mut out, i, e, scene);
    }
    out.push_str("</root></mxGraphModel></diagram></mxfile>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let r = |n, d| {
            let mut s = String::new();
            ratio_into(&mut s, n, d);
            s
        };
        assert_eq!(r(84, 168), "0.5");
        assert_eq!(r(0, 168), "0");
        assert_eq!(r(168, 168), "1");
        assert_eq!(r(50, 168), "0.297619");
        assert_eq!(r(1, 3), "0.333333");
        assert_eq!(r(1, 0), "0");
        let h = |v| {
            let mut s = String::new();
            halves_into(&mut s, v);
            s
        };
        assert_eq!(h(7), "3.5");
        assert_eq!(h(-7), "-3.5");
        assert_eq!(h(-1), "-0.5");
        assert_eq!(h(8), "4");
    }

    #[test]
    fn routes() {
        assert_eq!(
            simplify(&[
                (0, 0),
                (0, 0),
                (0, 5),
                (0, 10),
                (10, 10),
                (20, 10),
                (20, 30)
            ]),
            vec![(0, 0), (0, 10), (20, 10), (20, 30)]
        );
        assert_eq!(midpoint2(&[(0, 0), (0, 10), (20, 10)]), (10, 20));
        assert_eq!(midpoint2(&[(0, 0), (0, 3)]), (0, 3));
    }

    #[test]
    fn attributes_keep_line_breaks() {
        let mut s = String::new();
        attr_into(&mut s, "a<\"b\"\nc&\u{202E}");
        assert_eq!(s, "a&lt;&quot;b&quot;&#10;c&amp;");
        let mut s = String::new();
        tooltip_into(&mut s, "<b>\nx");
        assert_eq!(s, "&amp;lt;b&amp;gt;&#10;x");
    }
}
