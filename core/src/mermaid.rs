//! Mermaid export: the [`Scene`] as an `architecture-beta` diagram, for Markdown that GitHub
//! and other Mermaid renderers draw.
//!
//! Regions, zone columns, VPCs, vSwitches and the customer data centres are groups, nested as
//! in the draw.io export ([`crate::drawio::box_parents`]); the bands of region-wide services
//! are not (their nodes sit in the region). Nodes are services with Mermaid's built-in icons;
//! links are edges whose sides (`a:R --> L:b`) are where the Scene's route leaves and enters
//! the two nodes, with the ports as the edge's title.
//!
//! Identifiers keep only `A-Z a-z 0-9 _ -` of the design's ids (the rest become `_`), start
//! with a prefix of their own (`n_` nodes, `r_` regions, `z_` zones, `v_` VPCs, `s_`
//! vSwitches, `g_` other groups, so that none is a keyword of the grammar) and get `_2`, `_3`…
//! where two would be equal. Titles that are only letters, digits, `_` and spaces are written
//! bare (every version of the grammar reads them); others are quoted, with `"` escaped as
//! `\"`, `\` written as `⧵` and `<` `>` as `‹` `›`, so that no renderer reads markup in them;
//! line breaks and hidden characters are dropped. The output is deterministic.

use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::drawio::{box_parents, node_parent};
use crate::layout::text::clean;
use crate::layout::{BoxKind, Rect, Scene, ShapeKind};
use crate::model::NodeKind;

/// Hands out identifiers that the grammar accepts (`[\w]([-\w]*\w)?`) and that are unique.
#[derive(Default)]
struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    fn make(&mut self, prefix: &str, raw: &str) -> String {
        let mut base = String::from(prefix);
        for c in raw.chars().take(48) {
            base.push(if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            });
        }
        while base.ends_with('-') {
            base.pop();
            base.push('_');
        }
        let mut id = base.clone();
        let mut k = 2u32;
        while self.used.contains(&id) {
            id = alloc::format!("{base}_{k}");
            k += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// Appends `[title]`: bare when every version of the grammar reads it so (`[\w ]+`), else
/// quoted. Nothing when the text is empty.
fn title_into(out: &mut String, s: &str) {
    let mut t = String::with_capacity(s.len());
    for c in clean(s).trim().chars() {
        match c {
            '\\' => t.push('⧵'),
            '<' => t.push('‹'),
            '>' => t.push('›'),
            c => t.push(c),
        }
    }
    if t.is_empty() {
        return;
    }
    out.push('[');
    if t.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ')
    {
        out.push_str(&t);
    } else {
        out.push('"');
        for c in t.chars() {
            if c == '"' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
    }
    out.push(']');
}

/// A built-in icon of Mermaid's architecture diagrams (`cloud`, `database`, `disk`,
/// `internet`, `server`).
fn icon(kind: ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Internet => "internet",
        ShapeKind::Node(k) => match k {
            NodeKind::Ecs | NodeKind::Slb | NodeKind::Idc => "server",
            NodeKind::Rds => "database",
            NodeKind::Oss => "disk",
            NodeKind::Dns => "internet",
            NodeKind::Vpn
            | NodeKind::LeasedLine
            | NodeKind::Eip
            | NodeKind::Nat
            | NodeKind::Apigw
            | NodeKind::Unknown => "cloud",
        },
    }
}

/// The side of `r` a route leaves by (or, `end`, enters by): where its first segment heads,
/// or the side nearest to its end point.
fn side(r: &Rect, at: (i32, i32), next: Option<(i32, i32)>) -> char {
    if let Some(n) = next {
        let (dx, dy) = (n.0 - at.0, n.1 - at.1);
        if dx == 0 && dy != 0 {
            return if dy < 0 { 'T' } else { 'B' };
        }
        if dy == 0 && dx != 0 {
            return if dx < 0 { 'L' } else { 'R' };
        }
    }
    let d = [
        ((at.0 - r.x).abs(), 'L'),
        ((r.right() - at.0).abs(), 'R'),
        ((at.1 - r.y).abs(), 'T'),
        ((r.bottom() - at.1).abs(), 'B'),
    ];
    let mut best = d[0];
    for x in &d[1..] {
        if x.0 < best.0 {
            best = *x;
        }
    }
    best.1
}

/// A group to write: its identifier, icon, title and parent group.
struct Group {
    id: String,
    icon: &'static str,
    title: String,
    parent: Option<usize>,
    used: bool,
}

/// The scene as a Mermaid `architecture-beta` diagram.
pub fn to_mermaid(scene: &Scene) -> String {
    let parents = box_parents(scene);
    let mut ids = Ids::default();
    let n = scene.boxes.len();
    let mut groups: Vec<Group> = Vec::new();
    // The group each box stands for (bands stand for none: their nodes go to the region);
    // a vSwitch in a VPC gets a group for its zone inside the VPC, so the zone is not lost.
    let mut group_of_box: Vec<Option<usize>> = alloc::vec![None; n];
    let mut zone_in_vpc: Vec<((usize, usize), usize)> = Vec::new();
    let mut done = alloc::vec![false; n];
    let mut progress = true;
    while progress {
        progress = false;
        for b in 0..n {
            let bx = &scene.boxes[b];
            if done[b] {
                continue;
            }
            // The nearest container that is not a band, which must be placed first.
            let mut p = parents[b];
            for _ in 0..=n {
                match p {
                    Some(q) if scene.boxes[q].kind == BoxKind::Band => p = parents[q],
                    _ => break,
                }
            }
            if p.is_some_and(|q| !done[q]) {
                continue;
            }
            done[b] = true;
            progress = true;
            if bx.kind == BoxKind::Band {
                continue;
            }
            let mut parent = p.and_then(|q| group_of_box[q]);
            if let (BoxKind::VSwitch, Some(v), Some(z)) = (bx.kind, p, bx.parent) {
                let zone = scene.boxes.get(z);
                if scene.boxes[v].kind == BoxKind::Vpc
                    && zone.is_some_and(|z| z.kind != BoxKind::Vpc)
                {
                    let g = match zone_in_vpc.iter().find(|(k, _)| *k == (v, z)) {
                        Some(&(_, g)) => g,
                        None => {
                            let zb = &scene.boxes[z];
                            let raw = alloc::format!("{}_{}", zb.id, scene.boxes[v].id);
                            groups.push(Group {
                                id: ids.make("z_", &raw),
                                icon: "",
                                title: zb.label.clone(),
                                parent,
                                used: false,
                            });
                            zone_in_vpc.push(((v, z), groups.len() - 1));
                            groups.len() - 1
                        }
                    };
                    parent = Some(g);
                }
            }
            let (prefix, icon) = match bx.kind {
                BoxKind::Region => ("r_", "(cloud)"),
                BoxKind::Zone => ("z_", ""),
                BoxKind::Vpc => ("v_", "(cloud)"),
                BoxKind::VSwitch => ("s_", ""),
                BoxKind::Sites => ("g_", "(server)"),
                BoxKind::NoZone | BoxKind::Band => ("g_", ""),
            };
            let raw = if bx.id.is_empty() {
                bx.kind.name()
            } else {
                &bx.id
            };
            groups.push(Group {
                id: ids.make(prefix, raw),
                icon,
                title: bx.label.clone(),
                parent,
                used: false,
            });
            group_of_box[b] = Some(groups.len() - 1);
        }
    }
    let service_group: Vec<Option<usize>> = scene
        .nodes
        .iter()
        .map(|nd| {
            let mut b = node_parent(scene, nd);
            for _ in 0..=n {
                match b {
                    Some(q) if scene.boxes[q].kind == BoxKind::Band => b = parents[q],
                    _ => break,
                }
            }
            b.and_then(|q| group_of_box[q])
        })
        .collect();
    // Only groups with a service in them are written (a zone whose vSwitches all sit in a
    // VPC is empty otherwise).
    for &g in service_group.iter().flatten() {
        let mut at = Some(g);
        for _ in 0..=groups.len() {
            let Some(k) = at else { break };
            if groups[k].used {
                break;
            }
            groups[k].used = true;
            at = groups[k].parent;
        }
    }
    let mut out = String::with_capacity(256 + scene.nodes.len() * 64 + scene.edges.len() * 48);
    out.push_str("architecture-beta\n");
    let title: String = clean(&scene.title)
        .trim()
        .chars()
        .map(|c| if c == '%' { '％' } else { c })
        .collect();
    if !title.is_empty() {
        let _ = writeln!(out, "    title {title}");
    }
    for g in groups.iter().filter(|g| g.used) {
        let _ = write!(out, "    group {}{}", g.id, g.icon);
        title_into(&mut out, &g.title);
        if let Some(p) = g.parent {
            let _ = write!(out, " in {}", groups[p].id);
        }
        out.push('\n');
    }
    let mut node_ids: Vec<String> = Vec::with_capacity(scene.nodes.len());
    for nd in &scene.nodes {
        let id = ids.make("n_", &nd.id);
        let _ = write!(out, "    service {id}({})", icon(nd.kind));
        title_into(&mut out, &nd.label);
        if let Some(g) = service_group[node_ids.len()] {
            let _ = write!(out, " in {}", groups[g].id);
        }
        out.push('\n');
        node_ids.push(id);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for e in &scene.edges {
        let (Some(a), Some(b)) = (scene.nodes.get(e.from_node), scene.nodes.get(e.to_node)) else {
            continue;
        };
        if e.points.len() < 2 || e.from_node == e.to_node {
            continue;
        }
        let pts = &e.points;
        let first = pts[0];
        let next = pts.iter().copied().find(|&p| p != first);
        let last = pts[pts.len() - 1];
        let prev = pts.iter().rev().copied().find(|&p| p != last);
        let from = side(&a.rect, first, next);
        let to = side(&b.rect, last, prev);
        let mut line = String::new();
        let _ = write!(line, "    {}:{from} -", node_ids[e.from_node]);
        match &e.label {
            Some(l) if !clean(&l.text).trim().is_empty() => {
                title_into(&mut line, &l.text);
                line.push('-');
            }
            _ => line.push('-'),
        }
        if e.arrow {
            line.push('>');
        }
        let _ = writeln!(line, " {to}:{}", node_ids[e.to_node]);
        if seen.insert(line.clone()) {
            out.push_str(&line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_grammar_ids_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.make("n_", "web-1"), "n_web-1");
        assert_eq!(ids.make("n_", "web 1"), "n_web_1");
        assert_eq!(ids.make("n_", "web\"1"), "n_web_1_2");
        assert_eq!(ids.make("n_", "a-"), "n_a_");
        assert_eq!(ids.make("n_", "数据库"), "n____");
        assert_eq!(ids.make("n_", "数据"), "n___");
    }

    #[test]
    fn titles() {
        let t = |s: &str| {
            let mut o = String::new();
            title_into(&mut o, s);
            o
        };
        assert_eq!(t("Web tier 1"), "[Web tier 1]");
        assert_eq!(t("web-1"), "[\"web-1\"]");
        assert_eq!(t("a \"b\" \\ <i>\n"), "[\"a \\\"b\\\" ⧵ ‹i›\"]");
        assert_eq!(t("数据库 · 主"), "[\"数据库 · 主\"]");
        assert_eq!(t(" \u{202E} "), "");
    }

    #[test]
    fn sides() {
        let r = Rect::new(0, 0, 100, 50);
        assert_eq!(side(&r, (100, 25), Some((120, 25))), 'R');
        assert_eq!(side(&r, (50, 0), Some((50, -20))), 'T');
        assert_eq!(side(&r, (50, 50), None), 'B');
        assert_eq!(side(&r, (0, 20), Some((0, 20))), 'L');
    }
}
