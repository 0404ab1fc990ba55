//! Graphviz DOT export: regions as clusters holding their zone clusters (and, in VPC regions,
//! vSwitch clusters inside the zones), nodes with their labels and a shape per kind, flows as
//! edges labelled with their ports.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::index::{Ctx, Endpoint};
use crate::layout::text::is_hidden;
use crate::model::{Design, NodeKind};

/// Appends a DOT quoted string (with the quotes): `"` and `\` escaped, line breaks as `\n`,
/// other control and bidi-control characters dropped.
pub fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if is_hidden(c) => {}
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

fn shape(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Ecs => "box",
        NodeKind::Slb => "ellipse",
        NodeKind::Rds => "cylinder",
        NodeKind::Oss => "folder",
        NodeKind::Vpn => "hexagon",
        NodeKind::LeasedLine => "cds",
        NodeKind::Idc => "house",
        NodeKind::Eip => "circle",
        NodeKind::Nat => "trapezium",
        NodeKind::Dns => "doublecircle",
        NodeKind::Apigw => "octagon",
        NodeKind::Unknown => "note",
    }
}

fn node_line(out: &mut String, cx: &Ctx<'_>, i: usize, indent: &str) {
    let nd = cx.node(i);
    out.push_str(indent);
    quote_into(out, &nd.id);
    out.push_str(" [label=");
    let label = match &nd.label {
        Some(l) if l != &nd.id => alloc::format!("{l}\n{}", nd.id),
        _ => nd.id.clone(),
    };
    quote_into(out, &label);
    let _ = writeln!(out, ", shape={}];", shape(nd.kind()));
}

/// The design as a DOT `digraph`.
pub fn to_dot(design: &Design, cx: &Ctx<'_>) -> String {
    let n = design.nodes.len();
    let mut out = String::with_capacity(256 + n * 64 + cx.flows.len() * 48);
    out.push_str("digraph ");
    quote_into(&mut out, design.name.as_deref().unwrap_or("archlint"));
    out.push_str(" {\n  graph [rankdir=TB, compound=true, fontname=\"sans-serif\"];\n  node [fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\"];\n");
    // Group nodes: region → zone → vswitch.
    let mut in_region: Vec<Vec<usize>> = alloc::vec![Vec::new(); design.regions.len()];
    let mut in_zone: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    let mut in_vsw: BTreeMap<(usize, usize, usize, usize), Vec<usize>> = BTreeMap::new();
    let mut outside: Vec<usize> = Vec::new();
    for i in 0..n {
        match (cx.node_region[i], cx.node_zone[i], cx.node_vswitch[i]) {
            (Some(r), Some((zr, z)), Some((v, s))) if zr == r => {
                in_vsw.entry((r, z, v, s)).or_default().push(i)
            }
            (Some(r), Some((zr, z)), None) if zr == r => in_zone.entry((r, z)).or_default().push(i),
            (Some(r), _, _) => in_region[r].push(i),
            _ => outside.push(i),
        }
    }
    if cx.flows.iter().any(|f| f.from == Endpoint::Internet) {
        out.push_str("  \"internet\" [label=\"Internet\", shape=egg];\n");
    }
    for i in outside {
        node_line(&mut out, cx, i, "  ");
    }
    for (r, reg) in design.regions.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_r{r} {{");
        out.push_str("    label=");
        quote_into(&mut out, reg.label.as_deref().unwrap_or(&reg.id));
        out.push_str(";\n");
        for (z, zone) in reg.zones.iter().enumerate() {
            let _ = writeln!(out, "    subgraph cluster_r{r}_z{z} {{");
            out.push_str("      label=");
            quote_into(&mut out, zone.label.as_deref().unwrap_or(&zone.id));
            out.push_str(";\n      style=dashed;\n");
            for (&(_, _, v, s), nodes) in
                in_vsw.range((r, z, 0, 0)..=(r, z, usize::MAX, usize::MAX))
            {
                let sw = &design.vpcs[v].vswitches[s];
                let _ = writeln!(out, "      subgraph cluster_r{r}_z{z}_v{v}_s{s} {{");
                out.push_str("        label=");
                quote_into(&mut out, sw.label.as_deref().unwrap_or(&sw.id));
                out.push_str(";\n");
                for &i in nodes {
                    node_line(&mut out, cx, i, "        ");
                }
                out.push_str("      }\n");
            }
            if let Some(nodes) = in_zone.get(&(r, z)) {
                for &i in nodes {
                    node_line(&mut out, cx, i, "      ");
                }
            }
            out.push_str("    }\n");
        }
        for &i in &in_region[r] {
            node_line(&mut out, cx, i, "    ");
        }
        out.push_str("  }\n");
    }
    // Edges: one per (from, to), ports joined.
    let mut edges: BTreeMap<(Endpoint, usize), (Vec<u16>, bool)> = BTreeMap::new();
    for f in &cx.flows {
        let e = edges.entry((f.from, f.to)).or_default();
        if let Some(p) = f.port {
            if !e.0.contains(&p) {
                e.0.push(p);
            }
        }
        e.1 |= f.link.is_some();
    }
    for ((from, to), (mut ports, link)) in edges {
        out.push_str("  ");
        match from {
            Endpoint::Internet => out.push_str("\"internet\""),
            Endpoint::Node(i) => quote_into(&mut out, &design.nodes[i].id),
        }
        out.push_str(" -> ");
        quote_into(&mut out, &design.nodes[to].id);
        let mut attrs: Vec<String> = Vec::new();
        if !ports.is_empty() {
            crate::sort::sort(&mut ports);
            let text: Vec<String> = ports.iter().map(|p| alloc::format!("{p}")).collect();
            attrs.push(alloc::format!("label={}", quote(&text.join(", "))));
        }
        if !link {
            attrs.push(String::from("style=dashed"));
        }
        if !attrs.is_empty() {
            out.push_str(" [");
            out.push_str(&attrs.join(", "));
            out.push(']');
        }
        out.push_str(";\n");
    }
    for nd in &design.nodes {
        let (target, style) = match nd.kind() {
            NodeKind::Vpn | NodeKind::LeasedLine => (nd.connects.as_ref(), "dashed"),
            NodeKind::Eip => (nd.attached_to.as_ref(), "dotted"),
            _ => (None, ""),
        };
        if let Some(t) = target.and_then(|t| cx.node_index(&t.id)) {
            out.push_str("  ");
            quote_into(&mut out, &nd.id);
            out.push_str(" -> ");
            quote_into(&mut out, &design.nodes[t].id);
            let _ = writeln!(out, " [style={style}, arrowhead=none];");
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\c\nd\u{202E}"), "\"a\\\"b\\\\c\\nd\"");
    }
}
