//! The positioned picture of a design that the canvas draws and the SVG export writes: boxes
//! for regions, zones and vSwitches; nodes; edges for links and SLB backends.
//!
//! Linear in nodes + links. Everything that cannot be placed (unknown zone, no region) goes to
//! the "outside" column on the left with the internet, data centres and DNS.

use std::collections::HashMap;

use serde_json::Value;

use crate::doc::{arr, str_of};

pub const NW: f64 = 150.0;
pub const NH: f64 = 46.0;
const GAP: f64 = 14.0;
const PAD: f64 = 14.0;
const HEAD: f64 = 26.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaKind {
    Outside,
    Region,
    Zone,
    Vswitch,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub id: String,
    pub kind: AreaKind,
    pub label: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SNode {
    pub id: String,
    pub kind: String,
    pub label: String,
    /// A second line: role/module for ECS, type for VPN, and so on.
    pub sub: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SEdge {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub label: String,
    /// The index in `links`; `None` for edges implied by SLB backends.
    pub link: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub areas: Vec<Area>,
    pub nodes: Vec<SNode>,
    pub edges: Vec<SEdge>,
}

fn label_of(o: &Value) -> String {
    let l = str_of(o, "label");
    if l.is_empty() {
        str_of(o, "id").to_string()
    } else {
        l.to_string()
    }
}

fn sub_of(n: &Value) -> String {
    let kind = str_of(n, "kind");
    let extra = match kind {
        "ecs" => {
            let role = str_of(n, "role");
            let module = str_of(n, "module");
            match (role, module) {
                ("", "") => String::new(),
                (r, "") => r.to_string(),
                ("", m) => m.to_string(),
                (r, m) => format!("{r} · {m}"),
            }
        }
        "vpn" => str_of(n, "type").to_string(),
        "slb" => str_of(n, "scope").to_string(),
        "rds" => str_of(n, "engine").to_string(),
        "leased_line" => str_of(n, "carrier").to_string(),
        _ => String::new(),
    };
    if extra.is_empty() {
        kind.to_string()
    } else {
        format!("{kind} · {extra}")
    }
}

/// Lays out nodes in a column starting at (x, y); returns the height used.
fn stack(nodes: &mut Vec<SNode>, items: &[&Value], x: f64, y: f64) -> f64 {
    for (k, n) in items.iter().enumerate() {
        nodes.push(SNode {
            id: str_of(n, "id").to_string(),
            kind: str_of(n, "kind").to_string(),
            label: label_of(n),
            sub: sub_of(n),
            x,
            y: y + k as f64 * (NH + GAP),
        });
    }
    if items.is_empty() {
        0.0
    } else {
        items.len() as f64 * (NH + GAP) - GAP
    }
}

/// Where a line from the centre of a node towards (tx, ty) leaves its box.
fn clip(cx: f64, cy: f64, tx: f64, ty: f64) -> (f64, f64) {
    let (dx, dy) = (tx - cx, ty - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let sx = if dx != 0.0 { (NW / 2.0) / dx.abs() } else { f64::INFINITY };
    let sy = if dy != 0.0 { (NH / 2.0) / dy.abs() } else { f64::INFINITY };
    let s = sx.min(sy).min(1.0);
    (cx + dx * s, cy + dy * s)
}

pub fn layout(v: &Value) -> Scene {
    let nodes_in = arr(v, "nodes");
    let regions = arr(v, "regions");
    let mut zone_region: HashMap<&str, usize> = HashMap::new();
    for (ri, r) in regions.iter().enumerate() {
        for z in arr(r, "zones") {
            zone_region.insert(str_of(z, "id"), ri);
        }
    }
    // vSwitch id → (zone id, region index through its VPC)
    let mut region_index: HashMap<&str, usize> = HashMap::new();
    for (ri, r) in regions.iter().enumerate() {
        region_index.insert(str_of(r, "id"), ri);
    }
    let mut vsw: HashMap<&str, (&str, &Value)> = HashMap::new();
    let mut zone_vsws: HashMap<&str, Vec<&Value>> = HashMap::new();
    for p in arr(v, "vpcs") {
        for s in arr(p, "vswitches") {
            vsw.insert(str_of(s, "id"), (str_of(s, "zone"), s));
            zone_vsws.entry(str_of(s, "zone")).or_default().push(s);
        }
    }
    let node_region: HashMap<&str, usize> = nodes_in
        .iter()
        .filter_map(|n| {
            let ri = if let Some(r) = n.get("region").and_then(Value::as_str) {
                region_index.get(r).copied()
            } else if let Some(z) = n.get("zone").and_then(Value::as_str) {
                zone_region.get(z).copied()
            } else if let Some(s) = n.get("vswitch").and_then(Value::as_str) {
                vsw.get(s).and_then(|(z, _)| zone_region.get(z).copied())
            } else {
                None
            };
            ri.map(|ri| (str_of(n, "id"), ri))
        })
        .collect();

    // Sort every node into one bucket.
    let mut outside: Vec<&Value> = Vec::new();
    let mut regional: Vec<Vec<&Value>> = vec![Vec::new(); regions.len()];
    let mut in_zone: HashMap<&str, Vec<&Value>> = HashMap::new();
    let mut in_vsw: HashMap<&str, Vec<&Value>> = HashMap::new();
    for n in nodes_in {
        let kind = str_of(n, "kind");
        let id = str_of(n, "id");
        if kind == "ecs" {
            if let Some(z) = n.get("zone").and_then(Value::as_str) {
                if zone_region.contains_key(z) {
                    in_zone.entry(z).or_default().push(n);
                    continue;
                }
            }
            if let Some(s) = n.get("vswitch").and_then(Value::as_str) {
                if let Some((z, _)) = vsw.get(s) {
                    if zone_region.contains_key(z) {
                        in_vsw.entry(s).or_default().push(n);
                        continue;
                    }
                }
            }
            outside.push(n);
        } else if kind == "eip" {
            let at = str_of(n, "attached_to");
            match node_region.get(at) {
                Some(&ri) => regional[ri].push(n),
                None => outside.push(n),
            }
        } else {
            match node_region.get(id) {
                Some(&ri) if kind != "idc" && kind != "dns" => regional[ri].push(n),
                _ => outside.push(n),
            }
        }
    }
    let internet = arr(v, "links")
        .iter()
        .any(|l| str_of(l, "from") == "internet" || str_of(l, "to") == "internet");

    let mut s = Scene::default();
    let top = PAD;
    let mut x = PAD;
    // Outside column.
    let mut col: Vec<&Value> = Vec::new();
    let inet = serde_json::json!({ "id": "internet", "kind": "internet", "label": "Internet" });
    if internet {
        col.push(&inet);
    }
    col.extend(outside.iter().copied());
    let mut max_h: f64 = 0.0;
    if !col.is_empty() {
        let h = stack(&mut s.nodes, &col, x + PAD, top + HEAD);
        s.areas.push(Area {
            id: String::new(),
            kind: AreaKind::Outside,
            label: String::new(),
            x,
            y: top,
            w: NW + 2.0 * PAD,
            h: h + HEAD + PAD,
        });
        max_h = max_h.max(h + HEAD + PAD);
        x += NW + 2.0 * PAD + GAP * 2.0;
    }
    // Regions, left to right.
    let col_w = NW + 4.0 * PAD;
    for (ri, r) in regions.iter().enumerate() {
        let zones = arr(r, "zones");
        let ncols = zones.len().max(1);
        let inner_w = (ncols as f64 * col_w + (ncols - 1) as f64 * GAP).max(NW * 2.0 + GAP);
        let per_row = (((inner_w + GAP) / (NW + GAP)).floor() as usize).max(1);
        let rx = x;
        let mut y = top + HEAD + PAD;
        // Region-wide services in rows.
        let svc = &regional[ri];
        for (k, n) in svc.iter().enumerate() {
            s.nodes.push(SNode {
                id: str_of(n, "id").to_string(),
                kind: str_of(n, "kind").to_string(),
                label: label_of(n),
                sub: sub_of(n),
                x: rx + PAD + (k % per_row) as f64 * (NW + GAP),
                y: y + (k / per_row) as f64 * (NH + GAP),
            });
        }
        if !svc.is_empty() {
            y += svc.len().div_ceil(per_row) as f64 * (NH + GAP) + GAP;
        }
        // Zone columns.
        let mut zone_h: f64 = 40.0;
        let zone_areas_start = s.areas.len();
        for (zi, z) in zones.iter().enumerate() {
            let zid = str_of(z, "id");
            let zx = rx + PAD + zi as f64 * (col_w + GAP);
            let mut zy = y + HEAD;
            if let Some(items) = in_zone.get(zid) {
                zy += stack(&mut s.nodes, items, zx + 2.0 * PAD, zy) + GAP;
            }
            for sw in zone_vsws.get(zid).map(Vec::as_slice).unwrap_or(&[]) {
                let sid = str_of(sw, "id");
                let items = in_vsw.get(sid).map(Vec::as_slice).unwrap_or(&[]);
                let h = stack(&mut s.nodes, items, zx + 2.0 * PAD, zy + HEAD);
                let tier = str_of(sw, "tier");
                let mut label = label_of(sw);
                if !tier.is_empty() {
                    label = format!("{label} [{tier}]");
                }
                s.areas.push(Area {
                    id: sid.to_string(),
                    kind: AreaKind::Vswitch,
                    label,
                    x: zx + PAD,
                    y: zy,
                    w: NW + 2.0 * PAD,
                    h: h + HEAD + PAD,
                });
                zy += h + HEAD + PAD + GAP;
            }
            zone_h = zone_h.max(zy - y);
            s.areas.insert(
                zone_areas_start,
                Area {
                    id: zid.to_string(),
                    kind: AreaKind::Zone,
                    label: label_of(z),
                    x: zx,
                    y,
                    w: col_w,
                    h: 0.0,
                },
            );
        }
        for a in &mut s.areas[zone_areas_start..] {
            if a.kind == AreaKind::Zone {
                a.h = zone_h;
            }
        }
        let rh = y + zone_h + PAD - top;
        let mut rlabel = label_of(r);
        let net = str_of(r, "network");
        if !net.is_empty() {
            rlabel = format!("{rlabel} ({net})");
        }
        if str_of(r, "role") == "dr" {
            rlabel.push_str(" · DR");
        }
        s.areas.insert(
            zone_areas_start,
            Area {
                id: str_of(r, "id").to_string(),
                kind: AreaKind::Region,
                label: rlabel,
                x: rx,
                y: top,
                w: inner_w + 2.0 * PAD,
                h: rh,
            },
        );
        max_h = max_h.max(rh);
        x += inner_w + 2.0 * PAD + GAP * 2.0;
    }
    // Edges.
    let centre: HashMap<&str, (f64, f64)> = s
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), (n.x + NW / 2.0, n.y + NH / 2.0)))
        .collect();
    let mut edges = Vec::new();
    let mut edge = |from: &str, to: &str, label: String, link: Option<usize>| {
        if let (Some(&(ax, ay)), Some(&(bx, by))) = (centre.get(from), centre.get(to)) {
            if from == to {
                return;
            }
            let (x1, y1) = clip(ax, ay, bx, by);
            let (x2, y2) = clip(bx, by, ax, ay);
            edges.push(SEdge {
                x1,
                y1,
                x2,
                y2,
                label,
                link,
            });
        }
    };
    for (i, l) in arr(v, "links").iter().enumerate() {
        let mut label = str_of(l, "label").to_string();
        if label.is_empty() {
            if let Some(p) = l.get("port").and_then(Value::as_i64) {
                label = p.to_string();
            }
        }
        edge(str_of(l, "from"), str_of(l, "to"), label, Some(i));
    }
    for n in nodes_in {
        if str_of(n, "kind") == "slb" {
            for b in arr(n, "backends") {
                edge(str_of(n, "id"), b.as_str().unwrap_or(""), String::new(), None);
            }
        }
    }
    s.edges = edges;
    s.width = x.max(400.0);
    s.height = (max_h + 2.0 * PAD).max(300.0);
    s
}

/// Escapes text for XML content and attributes.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_node_of_the_examples_is_placed_once() {
        for t in [
            include_str!("../../examples/classic-dual-zone.json"),
            include_str!("../../examples/vpc.json"),
            include_str!("../../examples/two-region-three-center.json"),
        ] {
            let v: Value = serde_json::from_str(t).unwrap();
            let s = layout(&v);
            let n = arr(&v, "nodes").len();
            let placed = s.nodes.iter().filter(|x| x.kind != "internet").count();
            assert_eq!(placed, n);
            assert!(!s.edges.is_empty());
            assert!(s.width > 0.0 && s.height > 0.0);
        }
    }
}
