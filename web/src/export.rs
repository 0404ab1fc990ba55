//! What the editor exports: SVG of the scene on the canvas, PNG of that SVG, and DOT.

use std::collections::HashMap;
use std::fmt::Write;

use archlint_core::Severity;
use serde_json::Value;

use crate::doc::{arr, str_of, Doc};
use crate::layout::{esc, AreaKind, Scene, NH, NW};

/// The stylesheet the exported SVG carries (the canvas uses the page's, with the same classes).
pub const SVG_STYLE: &str = "text{font-family:system-ui,'Noto Sans CJK SC',sans-serif;font-size:12px;fill:#1f2933}\
.area rect{fill:none;stroke:#9aa5b1;stroke-width:1}.area-region rect{fill:#f5f7fa;stroke:#52606d}\
.area-zone rect{fill:#ffffff;stroke-dasharray:4 3}.area-vswitch rect{fill:#eef6ff;stroke:#7aa7d9}\
.area-outside rect{fill:#fafafa;stroke:#cbd2d9;stroke-dasharray:2 3}.area text{font-weight:600;fill:#52606d}\
.node rect.box{fill:#ffffff;stroke:#3e4c59;stroke-width:1.2}.node text.sub{font-size:10px;fill:#616e7c}\
.edge line{stroke:#616e7c;stroke-width:1.2}.edge.implied line{stroke-dasharray:4 3}.edge text{font-size:10px;fill:#616e7c}\
.ring{fill:none;stroke-width:3}.ring-error{stroke:#d64545}.ring-warning{stroke:#e8a33d}.ring-info{stroke:#3a7bd5}\
.badge-error{fill:#d64545}.badge-warning{fill:#e8a33d}.badge-info{fill:#3a7bd5}.badge text{fill:#fff;font-size:10px;font-weight:700}";

pub fn sev_class(s: Severity) -> &'static str {
    s.name()
}

pub fn area_class(k: AreaKind) -> &'static str {
    match k {
        AreaKind::Outside => "area area-outside",
        AreaKind::Region => "area area-region",
        AreaKind::Zone => "area area-zone",
        AreaKind::Vswitch => "area area-vswitch",
    }
}

/// Cuts a label to fit a node (about 0.6 em per narrow character, 1 em per CJK character).
pub fn fit(s: &str, max_em10: u32) -> String {
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = if (c as u32) >= 0x2E80 { 10 } else { 6 };
        if w + cw > max_em10 {
            out.push('…');
            return out;
        }
        w += cw;
        out.push(c);
    }
    out
}

/// The standalone SVG of a scene, with the rings and badges of the findings.
pub fn svg(scene: &Scene, doc: &Doc) -> String {
    let marks = doc.marks();
    let mut o = String::new();
    let (w, h) = (scene.width, scene.height);
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">\
<title>{}</title><style>{SVG_STYLE}</style>\
<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#616e7c\"/></marker></defs>",
        esc(doc.name())
    );
    for a in &scene.areas {
        let _ = write!(
            o,
            "<g class=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/><text x=\"{}\" y=\"{}\">{}</text></g>",
            area_class(a.kind),
            a.x,
            a.y,
            a.w,
            a.h,
            a.x + 8.0,
            a.y + 17.0,
            esc(&fit(&a.label, 400))
        );
    }
    for e in &scene.edges {
        let cls = if e.link.is_some() { "edge" } else { "edge implied" };
        let _ = write!(
            o,
            "<g class=\"{cls}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#arrow)\"/>",
            e.x1, e.y1, e.x2, e.y2
        );
        if !e.label.is_empty() {
            let _ = write!(
                o,
                "<text x=\"{}\" y=\"{}\">{}</text>",
                (e.x1 + e.x2) / 2.0 + 3.0,
                (e.y1 + e.y2) / 2.0 - 3.0,
                esc(&e.label)
            );
        }
        o.push_str("</g>");
    }
    for n in &scene.nodes {
        let _ = write!(
            o,
            "<g class=\"node kind-{}\" transform=\"translate({},{})\"><rect class=\"box\" width=\"{NW}\" height=\"{NH}\" rx=\"5\"/>\
<text x=\"8\" y=\"19\">{}</text><text class=\"sub\" x=\"8\" y=\"36\">{}</text>",
            esc(&n.kind),
            n.x,
            n.y,
            esc(&fit(&n.label, 220)),
            esc(&fit(&n.sub, 260))
        );
        if let Some(&(sev, count)) = marks.get(n.id.as_str()) {
            let c = sev_class(sev);
            let _ = write!(
                o,
                "<rect class=\"ring ring-{c}\" x=\"-3\" y=\"-3\" width=\"{}\" height=\"{}\" rx=\"7\"/>\
<g class=\"badge badge-{c}\"><circle cx=\"{NW}\" cy=\"0\" r=\"9\"/><text x=\"{NW}\" y=\"3.5\" text-anchor=\"middle\">{count}</text></g>",
                NW + 6.0,
                NH + 6.0
            );
        }
        o.push_str("</g>");
    }
    o.push_str("</svg>\n");
    o
}

fn dot_id(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The design as a Graphviz digraph: regions and zones as clusters, links as edges.
pub fn dot(v: &Value) -> String {
    let mut o = String::from("digraph archlint {\n  rankdir=LR;\n  node [shape=box, fontname=\"sans-serif\"];\n");
    let mut zone_nodes: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut vsw_zone: HashMap<&str, &str> = HashMap::new();
    for p in arr(v, "vpcs") {
        for s in arr(p, "vswitches") {
            vsw_zone.insert(str_of(s, "id"), str_of(s, "zone"));
        }
    }
    let mut placed: std::collections::HashSet<&str> = Default::default();
    for n in arr(v, "nodes") {
        let z = n
            .get("zone")
            .and_then(Value::as_str)
            .or_else(|| n.get("vswitch").and_then(Value::as_str).and_then(|s| vsw_zone.get(s).copied()));
        if let Some(z) = z {
            zone_nodes.entry(z).or_default().push(str_of(n, "id"));
        }
    }
    for (ri, r) in arr(v, "regions").iter().enumerate() {
        let _ = writeln!(o, "  subgraph cluster_r{ri} {{\n    label={};", dot_id(str_of(r, "label")));
        for n in arr(v, "nodes") {
            if str_of(n, "region") == str_of(r, "id") {
                let _ = writeln!(o, "    {};", dot_id(str_of(n, "id")));
                placed.insert(str_of(n, "id"));
            }
        }
        for (zi, z) in arr(r, "zones").iter().enumerate() {
            let _ = writeln!(o, "    subgraph cluster_r{ri}_z{zi} {{\n      label={};", dot_id(str_of(z, "label")));
            for id in zone_nodes.get(str_of(z, "id")).map(Vec::as_slice).unwrap_or(&[]) {
                let _ = writeln!(o, "      {};", dot_id(id));
                placed.insert(id);
            }
            o.push_str("    }\n");
        }
        o.push_str("  }\n");
    }
    for n in arr(v, "nodes") {
        let id = str_of(n, "id");
        let label = if str_of(n, "label").is_empty() { id } else { str_of(n, "label") };
        let _ = writeln!(o, "  {} [label={}];", dot_id(id), dot_id(&format!("{label}\\n{}", str_of(n, "kind"))));
    }
    for l in arr(v, "links") {
        let _ = write!(o, "  {} -> {}", dot_id(str_of(l, "from")), dot_id(str_of(l, "to")));
        if let Some(p) = l.get("port").and_then(Value::as_i64) {
            let _ = write!(o, " [label={}]", dot_id(&p.to_string()));
        }
        o.push_str(";\n");
    }
    for n in arr(v, "nodes") {
        for b in arr(n, "backends") {
            let _ = writeln!(o, "  {} -> {} [style=dashed];", dot_id(str_of(n, "id")), dot_id(b.as_str().unwrap_or("")));
        }
    }
    o.push_str("}\n");
    o
}
