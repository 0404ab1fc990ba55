//! `archlint render -o design.drawio` and `-o design.mmd`: the draw.io and Mermaid exports of
//! every reference, broken and hostile design, a generated one, a Terraform configuration and
//! a ROS template — checked against the file formats (every cell's id, parent and geometry;
//! the Mermaid grammar's identifiers, titles and references) and against the SVG the same
//! design draws (same node boxes, same routes). The Mermaid files are also parsed by Mermaid's
//! own parser, and the draw.io files opened by draw.io's viewer, in tests/e2e/export.test.mjs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn jsons(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    v
}

/// Every design the exports are checked on: the reference and broken examples, the hostile
/// designs, and a generated design of about 400 nodes (written to `dir`).
fn designs(dir: &tempfile::TempDir) -> Vec<PathBuf> {
    let mut v = jsons(&root().join("examples"));
    assert_eq!(v.len(), 4, "{v:?}");
    let broken = jsons(&root().join("examples/broken"));
    assert!(broken.len() >= 10, "{broken:?}");
    v.extend(broken);
    v.extend(hostile());
    let generated = dir.path().join("generated.json");
    std::fs::write(&generated, archlint_core::gen::design(400, 7)).unwrap();
    v.push(generated);
    v
}

fn hostile() -> Vec<PathBuf> {
    let v = jsons(&root().join("tests/hostile"));
    assert!(v.len() >= 8, "{v:?}");
    v
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `archlint render` with these arguments: its standard output (exit 0 or 1: findings are
/// not a failure of the drawing).
fn render(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        matches!(code(&out), 0 | 1),
        "{args:?}: exit {}: {}",
        code(&out),
        stderr(&out)
    );
    assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// An absolute rectangle.
/// `archlint render FILE args…`, or `None` for a hostile design that its `.expect` file says
/// is refused (exit 2, a positioned message, nothing drawn).
fn draw(p: &Path, args: &[&str]) -> Option<String> {
    let mut all = vec!["render", s(p)];
    all.extend_from_slice(args);
    let out = run(&all);
    if code(&out) == 2 {
        let expect = std::fs::read_to_string(p.with_extension("expect")).unwrap_or_default();
        assert!(expect.contains("refused"), "{all:?}: {}", stderr(&out));
        assert!(
            stdout(&out).is_empty() && stderr(&out).contains(":1:"),
            "{all:?}"
        );
        return None;
    }
    Some(render(&all))
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct R {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl R {
    fn contains(&self, o: &R) -> bool {
        o.x >= self.x
            && o.y >= self.y
            && o.x + o.w <= self.x + self.w
            && o.y + o.h <= self.y + self.h
    }
}

/// One cell of a draw.io file, with the attributes of its `UserObject` wrapper if any.
#[derive(Debug, Clone)]
struct Cell {
    id: String,
    parent: Option<String>,
    style: String,
    value: String,
    tooltip: Option<String>,
    vertex: bool,
    edge: bool,
    source: Option<String>,
    target: Option<String>,
    /// The geometry as written (relative to the parent).
    geo: Option<R>,
    points: Vec<(f64, f64)>,
}

fn num(n: roxmltree::Node, a: &str, what: &str) -> f64 {
    let v: f64 = n
        .attribute(a)
        .unwrap_or("0")
        .parse()
        .unwrap_or_else(|e| panic!("{what}: {a}: {e}"));
    assert!(v.is_finite(), "{what}: {a} = {v}");
    v
}

/// Parses a draw.io file and checks its structure: the mxfile / diagram / mxGraphModel / root
/// frame, unique ids, parents that exist and are containers (or the root layer), vertices
/// with finite, non-negative geometry inside their parent's, edges between existing vertices.
/// Returns the cells by id, with absolute rectangles for the vertices.
fn drawio(text: &str, what: &str) -> (BTreeMap<String, Cell>, BTreeMap<String, R>) {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let file = doc.root_element();
    assert_eq!(file.tag_name().name(), "mxfile", "{what}");
    let diagrams: Vec<_> = file.children().filter(|n| n.is_element()).collect();
    assert_eq!(diagrams.len(), 1, "{what}");
    assert_eq!(diagrams[0].tag_name().name(), "diagram", "{what}");
    let model = diagrams[0]
        .first_element_child()
        .unwrap_or_else(|| panic!("{what}: the diagram is compressed or empty"));
    assert_eq!(model.tag_name().name(), "mxGraphModel", "{what}");
    let root = model.first_element_child().unwrap();
    assert_eq!(root.tag_name().name(), "root", "{what}");
    let mut cells: BTreeMap<String, Cell> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for el in root.children().filter(|n| n.is_element()) {
        let (wrapper, cell) = match el.tag_name().name() {
            "mxCell" => (None, el),
            "UserObject" | "object" => (
                Some(el),
                el.children()
                    .find(|c| c.has_tag_name("mxCell"))
                    .unwrap_or_else(|| panic!("{what}: a UserObject without its mxCell")),
            ),
            other => panic!("{what}: unexpected <{other}> in <root>"),
        };
        let id = match wrapper {
            Some(w) => {
                assert!(cell.attribute("id").is_none(), "{what}: two ids");
                w.attribute("id")
            }
            None => cell.attribute("id"),
        }
        .unwrap_or_else(|| panic!("{what}: a cell without an id"))
        .to_string();
        let geo_el = cell
            .children()
            .find(|c| c.has_tag_name("mxGeometry") && c.attribute("as") == Some("geometry"));
        let geo = geo_el
            .filter(|g| g.attribute("relative") != Some("1"))
            .map(|g| R {
                x: num(g, "x", what),
                y: num(g, "y", what),
                w: num(g, "width", what),
                h: num(g, "height", what),
            });
        let points = geo_el
            .and_then(|g| {
                g.children()
                    .find(|c| c.has_tag_name("Array") && c.attribute("as") == Some("points"))
            })
            .map(|a| {
                a.children()
                    .filter(|c| c.has_tag_name("mxPoint"))
                    .map(|p| (num(p, "x", what), num(p, "y", what)))
                    .collect()
            })
            .unwrap_or_default();
        let c = Cell {
            id: id.clone(),
            parent: cell.attribute("parent").map(str::to_string),
            style: cell.attribute("style").unwrap_or("").to_string(),
            value: wrapper
                .and_then(|w| w.attribute("label"))
                .or(cell.attribute("value"))
                .unwrap_or("")
                .to_string(),
            tooltip: wrapper
                .and_then(|w| w.attribute("tooltip"))
                .map(str::to_string),
            vertex: cell.attribute("vertex") == Some("1"),
            edge: cell.attribute("edge") == Some("1"),
            source: cell.attribute("source").map(str::to_string),
            target: cell.attribute("target").map(str::to_string),
            geo,
            points,
        };
        assert!(
            cells.insert(id.clone(), c).is_none(),
            "{what}: duplicate id {id}"
        );
        order.push(id);
    }
    assert_eq!(order.first().map(String::as_str), Some("0"), "{what}");
    assert_eq!(cells["0"].parent, None, "{what}");
    assert_eq!(order.get(1).map(String::as_str), Some("1"), "{what}");
    assert_eq!(cells["1"].parent.as_deref(), Some("0"), "{what}");
    // Parents come first, exist, and are the layer or containers.
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut abs: BTreeMap<String, R> = BTreeMap::new();
    for id in &order {
        let c = &cells[id];
        seen.insert(id);
        if id == "0" || id == "1" {
            continue;
        }
        let p = c
            .parent
            .as_deref()
            .unwrap_or_else(|| panic!("{what}: {id} has no parent"));
        assert!(
            seen.contains(p),
            "{what}: {id}'s parent {p} is not before it"
        );
        assert!(
            p == "1" || cells[p].style.contains("container=1"),
            "{what}: {id}'s parent {p} is not a container"
        );
        assert!(
            c.vertex != c.edge,
            "{what}: {id} is not one of vertex, edge"
        );
        if c.vertex {
            let g = c
                .geo
                .unwrap_or_else(|| panic!("{what}: vertex {id} has no geometry"));
            assert!(g.w >= 0.0 && g.h >= 0.0, "{what}: {id}: {g:?}");
            let r = match abs.get(p) {
                Some(pr) => {
                    let r = R {
                        x: pr.x + g.x,
                        y: pr.y + g.y,
                        ..g
                    };
                    assert!(
                        pr.contains(&r),
                        "{what}: {id} {r:?} is not inside {p} {pr:?}"
                    );
                    r
                }
                None => g,
            };
            abs.insert(id.clone(), r);
        } else {
            assert_eq!(p, "1", "{what}: edge {id} is not on the layer");
            for end in [&c.source, &c.target] {
                let end = end
                    .as_deref()
                    .unwrap_or_else(|| panic!("{what}: {id} lacks an end"));
                assert!(
                    cells.get(end).is_some_and(|e| e.vertex),
                    "{what}: {id} ends at {end}, which is no vertex"
                );
            }
        }
    }
    (cells, abs)
}

/// The SVG's node boxes (`id` suffix `-n<i>` → rect) and routes (`-e<i>` → points).
#[allow(clippy::type_complexity)]
fn svg_shapes(svg: &str) -> (BTreeMap<usize, R>, BTreeMap<usize, Vec<(f64, f64)>>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let mut nodes = BTreeMap::new();
    let mut edges = BTreeMap::new();
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let Some(id) = g.attribute("id") else {
            continue;
        };
        let class = g.attribute("class").unwrap_or("");
        let index = |tag: &str| -> Option<usize> { id.rsplit_once(tag)?.1.parse().ok() };
        if class.starts_with("node ") {
            let r = g
                .children()
                .find(|c| c.attribute("class") == Some("nbox"))
                .unwrap();
            let f = |a| r.attribute(a).unwrap().parse::<f64>().unwrap();
            nodes.insert(
                index("-n").unwrap(),
                R {
                    x: f("x"),
                    y: f("y"),
                    w: f("width"),
                    h: f("height"),
                },
            );
        } else if class.starts_with("edge ") {
            let d = g.children().find(|c| c.has_tag_name("path")).unwrap();
            let d = d.attribute("d").unwrap();
            let pts: Vec<(f64, f64)> = d
                .split(['M', 'L'])
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (x, y) = p.split_once(' ').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            edges.insert(index("-e").unwrap(), pts);
        }
    }
    (nodes, edges)
}

/// A route's bends: no repeated point, no point in the middle of a straight run.
fn bends(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut s: Vec<(f64, f64)> = Vec::new();
    for &p in points {
        if s.last() == Some(&p) {
            continue;
        }
        if s.len() >= 2 {
            let (a, b) = (s[s.len() - 2], s[s.len() - 1]);
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                s.pop();
            }
        }
        s.push(p);
    }
    if s.len() >= 2 {
        s[1..s.len() - 1].to_vec()
    } else {
        Vec::new()
    }
}

#[test]
fn drawio_files_are_well_formed_and_placed_as_the_svg() {
    let dir = files(&[]);
    for p in designs(&dir) {
        let what = format!("{p:?}");
        let Some(text) = draw(&p, &["--format", "drawio"]) else {
            continue;
        };
        let (cells, abs) = drawio(&text, &what);
        let svg = render(&["render", s(&p)]);
        let (nodes, routes) = svg_shapes(&svg);
        assert!(!nodes.is_empty(), "{what}");
        // The same node boxes at the same places.
        for (i, r) in &nodes {
            let id = format!("n{i}");
            assert_eq!(abs.get(&id), Some(r), "{what}: node {i}");
            let c = &cells[&id];
            assert!(c.tooltip.is_some(), "{what}: {id} has no tooltip");
            assert!(c.style.contains("container=1"), "{what}: {id}");
        }
        // The same routes: the SVG's bends are the edge's waypoints, between the same nodes.
        let edges: Vec<&Cell> = cells.values().filter(|c| c.edge).collect();
        assert_eq!(edges.len(), routes.len(), "{what}");
        for (i, pts) in &routes {
            let c = &cells[&format!("e{i}")];
            assert_eq!(c.points, bends(pts), "{what}: edge {i}");
            assert!(c.style.contains("edgeStyle=orthogonalEdgeStyle"), "{what}");
            let (src, dst) = (
                &abs[c.source.as_ref().unwrap()],
                &abs[c.target.as_ref().unwrap()],
            );
            let on_border = |r: &R, p: (f64, f64)| {
                (p.0 == r.x || p.0 == r.x + r.w || p.1 == r.y || p.1 == r.y + r.h)
                    && r.x <= p.0
                    && p.0 <= r.x + r.w
                    && r.y <= p.1
                    && p.1 <= r.y + r.h
            };
            assert!(
                on_border(src, pts[0]),
                "{what}: edge {i} does not leave its source"
            );
            assert!(
                on_border(dst, pts[pts.len() - 1]),
                "{what}: edge {i} does not enter its target"
            );
        }
        // The containers: every region, zone, VPC and vSwitch of the SVG.
        let containers = cells
            .values()
            .filter(|c| c.style.contains("container=1") && !c.id.starts_with('n'))
            .count();
        let svg_boxes = svg.matches("<g class=\"box\"").count();
        assert_eq!(containers, svg_boxes, "{what}");
    }
}

#[test]
fn drawio_nodes_use_the_alibaba_cloud_shapes_and_show_findings() {
    let p = root().join("examples/vpc.json");
    let text = render(&["render", s(&p), "--format", "drawio"]);
    let (cells, _) = drawio(&text, "vpc");
    let shapes: BTreeSet<&str> = cells
        .values()
        .filter_map(|c| c.style.split(';').find_map(|kv| kv.strip_prefix("shape=")))
        .collect();
    for want in [
        "mxgraph.alibaba_cloud.ecs_elastic_compute_service",
        "mxgraph.alibaba_cloud.bastionhost",
        "mxgraph.alibaba_cloud.slb_server_load_balancer_01",
        "mxgraph.alibaba_cloud.mysql",
        "mxgraph.alibaba_cloud.nat_gateway",
        "mxgraph.alibaba_cloud.eip_elastic_ip_address",
        "mxgraph.alibaba_cloud.express_connect",
        "mxgraph.alibaba_cloud.vpn_gateway",
    ] {
        assert!(shapes.contains(want), "{want} missing: {shapes:?}");
    }
    // A broken design: its findings are the nodes' tooltips, in the language asked for, and
    // the border takes the severity's colour.
    let p = root().join("examples/broken/ha.json");
    let expect = std::fs::read_to_string(root().join("examples/broken/ha.expect")).unwrap();
    let code = expect
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| w.len() == 5 && w.starts_with("HA"))
        .unwrap()
        .to_string();
    for (lang, word) in [("en", "warning"), ("zh", "警告")] {
        let text = render(&["render", s(&p), "--format", "drawio", "--lang", lang]);
        let (cells, _) = drawio(&text, "ha");
        let flagged: Vec<&Cell> = cells
            .values()
            .filter(|c| c.tooltip.as_deref().is_some_and(|t| t.contains(&code)))
            .collect();
        assert!(!flagged.is_empty(), "{lang}: no tooltip names {code}");
        assert!(
            flagged
                .iter()
                .any(|c| c.tooltip.as_deref().unwrap().contains(word)),
            "{lang}"
        );
        for c in flagged {
            assert!(
                ["#d32f2f", "#d98200", "#2f6fd6"].iter().any(|col| c
                    .style
                    .contains(&format!("strokeColor={col};strokeWidth=2.5"))),
                "{}",
                c.style
            );
        }
    }
    // Without findings: no finding in any tooltip, plain borders.
    let text = render(&["render", s(&p), "--format", "drawio", "--no-findings"]);
    assert!(!text.contains(&code));
    assert!(!text.contains("strokeWidth=2.5"));
}

#[test]
fn drawio_escapes_hostile_strings() {
    for p in hostile() {
        let what = format!("{p:?}");
        let Some(text) = draw(&p, &["--format", "drawio"]) else {
            continue;
        };
        let (cells, _) = drawio(&text, &what);
        // No markup, script or hidden character reaches the file unescaped.
        for bad in [
            "<script",
            "<img",
            "<svg",
            "javascript:\"",
            "\u{202E}",
            "\u{200F}",
        ] {
            assert!(!text.contains(bad), "{what}: {bad:?}");
        }
        for c in cells.values() {
            // Tooltips are HTML to draw.io: after the XML is read they still hold no tag.
            if let Some(t) = &c.tooltip {
                assert!(!t.contains('<') && !t.contains('>'), "{what}: {t}");
            }
            assert!(
                !c.value.chars().any(|ch| ch.is_control() && ch != '\n'),
                "{what}"
            );
        }
    }
}

#[test]
fn exports_are_deterministic() {
    let dir = files(&[]);
    // The reference designs, the generated one, and hostile labels (huge, bidi, markup).
    let some: Vec<PathBuf> = designs(&dir)
        .into_iter()
        .filter(|p| {
            let name = p.file_stem().unwrap().to_string_lossy();
            !p.starts_with(root().join("examples/broken"))
                && (!p.starts_with(root().join("tests/hostile"))
                    || ["huge-labels", "bidi-and-controls", "html-in-labels"].contains(&&*name))
        })
        .collect();
    assert_eq!(some.len(), 8, "{some:?}");
    for p in some {
        for f in ["drawio", "mermaid"] {
            let a = draw(&p, &["--format", f]);
            let b = draw(&p, &["--format", f]);
            assert!(a == b, "{p:?}: {f} differs between two runs");
        }
    }
}

/// A Mermaid identifier as the grammar's `ID` terminal reads it: `[\w]([-\w]*\w)?`.
fn mermaid_id(s: &str) -> bool {
    let w = |c: char| c.is_ascii_alphanumeric() || c == '_';
    s.starts_with(w) && s.ends_with(w) && s.chars().all(|c| w(c) || c == '-')
}

/// Splits `rest` after a `[title]`: bare `[\w ]+` or quoted with only escaped quotes.
fn mermaid_title<'a>(rest: &'a str, what: &str) -> &'a str {
    let Some(r) = rest.strip_prefix('[') else {
        return rest;
    };
    if let Some(q) = r.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in q.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    return q[i + 1..]
                        .strip_prefix(']')
                        .unwrap_or_else(|| panic!("{what}: {rest}"));
                }
                _ => {}
            }
        }
        panic!("{what}: unterminated title: {rest}");
    }
    let end = r.find(']').unwrap_or_else(|| panic!("{what}: {rest}"));
    assert!(
        r[..end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' ')
            && end > 0,
        "{what}: bare title {rest}"
    );
    &r[end + 1..]
}

#[test]
fn mermaid_files_follow_the_grammar() {
    let dir = files(&[]);
    for p in designs(&dir) {
        let what = format!("{p:?}");
        let Some(text) = draw(&p, &["--format", "mermaid"]) else {
            continue;
        };
        let svg = render(&["render", s(&p)]);
        let (svg_nodes, svg_edges) = svg_shapes(&svg);
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("architecture-beta"), "{what}");
        let mut groups: BTreeSet<String> = BTreeSet::new();
        let mut services: BTreeSet<String> = BTreeSet::new();
        let mut edges = 0;
        for line in lines {
            let l = line.trim_start();
            assert!(!l.contains('\r') && !l.contains('\t'), "{what}: {l}");
            if let Some(t) = l.strip_prefix("title ") {
                assert!(!t.contains("%%"), "{what}");
                continue;
            }
            let (kw, rest) = l.split_once(' ').unwrap();
            match kw {
                "group" | "service" => {
                    let end = rest.find(['(', '[', ' ']).unwrap_or(rest.len());
                    let id = &rest[..end];
                    assert!(mermaid_id(id), "{what}: id {id:?}");
                    assert!(
                        !groups.contains(id) && !services.contains(id),
                        "{what}: {id} twice"
                    );
                    let mut r = &rest[end..];
                    if let Some(x) = r.strip_prefix('(') {
                        let close = x.find(')').unwrap();
                        assert!(matches!(
                            &x[..close],
                            "cloud" | "database" | "disk" | "internet" | "server"
                        ));
                        r = &x[close + 1..];
                    }
                    r = mermaid_title(r, &what);
                    if let Some(parent) = r.strip_prefix(" in ") {
                        assert!(groups.contains(parent), "{what}: {parent} undeclared");
                    } else {
                        assert_eq!(r, "", "{what}: {l}");
                    }
                    if kw == "group" {
                        groups.insert(id.to_string());
                    } else {
                        services.insert(id.to_string());
                    }
                }
                _ => {
                    // `a:R -[title]-> L:b`
                    let (a, r) = l.split_once(':').unwrap();
                    assert!(services.contains(a), "{what}: {a} in {l}");
                    let side = |c: Option<char>| matches!(c, Some('L' | 'R' | 'T' | 'B'));
                    assert!(side(r.chars().next()), "{what}: {l}");
                    let r = r[1..].strip_prefix(" -").unwrap();
                    let r = mermaid_title(r, &what);
                    let r = r.strip_prefix('-').unwrap();
                    let r = r.strip_prefix('>').unwrap_or(r);
                    let (sd, b) = r.trim_start().split_once(':').unwrap();
                    assert!(side(sd.chars().next()) && sd.len() == 1, "{what}: {l}");
                    assert!(services.contains(b), "{what}: {b} in {l}");
                    edges += 1;
                }
            }
        }
        assert_eq!(services.len(), svg_nodes.len(), "{what}");
        assert!(
            edges <= svg_edges.len() && (edges > 0) != svg_edges.is_empty(),
            "{what}"
        );
    }
}

#[test]
fn mermaid_sides_follow_the_routes() {
    // vpc.json: the internet sits above the public SLB, so the link leaves the internet at
    // its bottom and enters the SLB at its top, as the SVG draws it.
    let p = root().join("examples/vpc.json");
    let text = render(&["render", s(&p), "--format", "mermaid"]);
    assert!(text.contains("n_internet:B -[443]-> T:n_slb-web"), "{text}");
    // The groups nest region > VPC > zone > vSwitch.
    assert!(text.contains(" in v_vpc-prod\n"), "{text}");
}

#[test]
fn format_from_the_extension_and_flag() {
    let dir = files(&[]);
    let p = root().join("examples/classic-dual-zone.json");
    let drawio_out = render(&["render", s(&p), "--format", "drawio"]);
    let mermaid_out = render(&["render", s(&p), "--format", "mermaid"]);
    for (name, want) in [
        ("d.drawio", &drawio_out),
        ("D.DRAWIO", &drawio_out),
        ("d.mmd", &mermaid_out),
        ("d.mermaid", &mermaid_out),
    ] {
        let o = path(&dir, name);
        render(&["render", s(&p), "-o", &o]);
        assert_eq!(&std::fs::read_to_string(&o).unwrap(), want, "{name}");
    }
    // --format wins over the extension.
    let o = path(&dir, "x.svg");
    render(&["render", s(&p), "-o", &o, "--format", "mermaid"]);
    assert_eq!(std::fs::read_to_string(&o).unwrap(), mermaid_out);
    // Graphviz lays out SVG and PNG only.
    let out = run(&[
        "render",
        s(&p),
        "-o",
        &path(&dir, "g.drawio"),
        "--layout",
        "graphviz",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("draw.io"), "{}", stderr(&out));
    let out = run(&["render", s(&p), "-o", &path(&dir, "x.vsdx")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains(".drawio"), "{}", stderr(&out));
    assert!(stdout(&run(&["render", "--help"])).contains("drawio"));
}

#[test]
fn terraform_and_ros_render_to_both() {
    let e2e = root().join("tests/e2e/fixtures");
    for src in [e2e.join("terraform"), e2e.join("ros/stack.yaml")] {
        let what = format!("{src:?}");
        let text = render(&["render", s(&src), "--format", "drawio"]);
        let (cells, _) = drawio(&text, &what);
        assert!(
            cells.values().any(|c| c.edge || c.id.starts_with('n')),
            "{what}"
        );
        let m = render(&["render", s(&src), "--format", "mermaid"]);
        assert!(
            m.starts_with("architecture-beta\n") && m.contains("\n    service "),
            "{what}"
        );
    }
}
