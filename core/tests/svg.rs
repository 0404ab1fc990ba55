//! Layout, SVG and DOT: hand-written designs from the guide's figures, generated designs,
//! hostile labels, determinism and scale.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use archlint_core::index::Ctx;
use archlint_core::layout::{BoxKind, EdgeKind, Rect, Scene, ShapeKind};
use archlint_core::model::NodeKind;
use archlint_core::{
    layout, load, render_dot, render_svg, to_svg, Lang, LayoutOptions, Limits, LintOptions,
    RenderOptions, SvgOptions, Theme,
};

// ---------------------------------------------------------------- helpers

fn scene(text: &str) -> Scene {
    let loaded = load(text, &Limits::DEFAULT).expect("loads");
    let report = archlint_core::lint(&loaded, &LintOptions::default());
    let cx = Ctx::new(&loaded.design);
    layout(
        &loaded.design,
        &cx,
        &report.findings,
        &LayoutOptions::default(),
    )
}

fn svg(text: &str) -> String {
    render_svg(text, &RenderOptions::default()).expect("renders")
}

fn node<'s>(s: &'s Scene, id: &str) -> &'s archlint_core::layout::NodeShape {
    s.nodes
        .iter()
        .find(|n| n.id == id)
        .unwrap_or_else(|| panic!("node {id}"))
}

fn find_box<'s>(s: &'s Scene, kind: BoxKind, id: &str) -> &'s Rect {
    &s.boxes
        .iter()
        .find(|b| b.kind == kind && b.id == id)
        .unwrap_or_else(|| panic!("box {id}"))
        .rect
}

/// Geometric invariants of a scene.
fn check_scene(s: &Scene) {
    for nd in &s.nodes {
        assert!(nd.rect.w > 0 && nd.rect.h > 0, "{} is placed", nd.id);
        assert!(
            nd.rect.x >= 0 && nd.rect.right() <= s.width,
            "{} in width",
            nd.id
        );
        assert!(
            nd.rect.y >= 0 && nd.rect.bottom() <= s.height,
            "{} in height",
            nd.id
        );
        for b in [nd.container, nd.zone_box, nd.region_box]
            .into_iter()
            .flatten()
        {
            assert!(
                s.boxes[b].rect.contains(&nd.rect),
                "{} {:?} inside {:?} {:?}",
                nd.id,
                nd.rect,
                s.boxes[b].kind,
                s.boxes[b].rect
            );
        }
        assert!(nd.lines.len() <= 2);
    }
    for b in &s.boxes {
        if let Some(p) = b.parent {
            assert!(
                s.boxes[p].rect.contains(&b.rect),
                "{:?} {} inside {:?} {}",
                b.kind,
                b.id,
                s.boxes[p].kind,
                s.boxes[p].id
            );
        }
        if matches!(
            b.kind,
            BoxKind::Zone | BoxKind::NoZone | BoxKind::Vpc | BoxKind::Band
        ) {
            assert!(b.parent.is_some());
        }
    }
    // No two node boxes overlap: bucket by a coarse grid.
    let mut grid: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (i, nd) in s.nodes.iter().enumerate() {
        for gx in nd.rect.x / 256..=nd.rect.right() / 256 {
            for gy in nd.rect.y / 256..=nd.rect.bottom() / 256 {
                grid.entry((gx, gy)).or_default().push(i);
            }
        }
    }
    for list in grid.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                assert!(
                    !s.nodes[a].rect.overlaps(&s.nodes[b].rect),
                    "{} and {} overlap",
                    s.nodes[a].id,
                    s.nodes[b].id
                );
            }
        }
    }
    // Edges: orthogonal, from border to border, through no other node.
    for e in &s.edges {
        assert!(e.points.len() >= 2, "{} -> {}", e.from, e.to);
        let on_border = |r: &Rect, p: (i32, i32)| {
            ((p.0 == r.x || p.0 == r.right()) && p.1 >= r.y && p.1 <= r.bottom())
                || ((p.1 == r.y || p.1 == r.bottom()) && p.0 >= r.x && p.0 <= r.right())
        };
        assert!(on_border(&s.nodes[e.from_node].rect, e.points[0]));
        assert!(on_border(
            &s.nodes[e.to_node].rect,
            *e.points.last().unwrap()
        ));
        for w in e.points.windows(2) {
            assert!(w[0].0 == w[1].0 || w[0].1 == w[1].1, "orthogonal");
        }
    }
    // Segments against node boxes (bucketed).
    for e in &s.edges {
        for w in e.points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let mut seen = BTreeSet::new();
            for gx in a.0.min(b.0) / 256..=a.0.max(b.0) / 256 {
                for gy in a.1.min(b.1) / 256..=a.1.max(b.1) / 256 {
                    for &k in grid.get(&(gx, gy)).map(Vec::as_slice).unwrap_or(&[]) {
                        if k == e.from_node || k == e.to_node || !seen.insert(k) {
                            continue;
                        }
                        assert!(
                            !s.nodes[k].rect.hit_by_segment(a, b),
                            "edge {} -> {} segment {:?}-{:?} crosses {}",
                            e.from,
                            e.to,
                            a,
                            b,
                            s.nodes[k].id
                        );
                    }
                }
            }
        }
    }
}

const ELEMENTS: &[&str] = &[
    "svg", "title", "defs", "style", "marker", "path", "rect", "circle", "ellipse", "g", "text",
    "tspan",
];
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "viewBox",
    "width",
    "height",
    "role",
    "aria-labelledby",
    "x",
    "y",
    "rx",
    "ry",
    "cx",
    "cy",
    "r",
    "d",
    "transform",
    "marker-end",
    "refX",
    "refY",
    "markerWidth",
    "markerHeight",
    "orient",
    "data-id",
    "data-kind",
    "data-findings",
    "data-from",
    "data-to",
    "text-anchor",
];

/// Parses the SVG, checks the allow-lists, ids and references; returns the node ids drawn
/// (data-id of node groups, in order).
fn check_svg(text: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(text).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let prefix = root.attribute("id").expect("root id").to_string();
    let mut ids = BTreeSet::new();
    let mut nodes = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        assert!(ELEMENTS.contains(&name), "element {name} not allowed");
        assert_eq!(n.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        for a in n.attributes() {
            assert!(a.namespace().is_none(), "namespaced attribute {}", a.name());
            assert!(
                ATTRIBUTES.contains(&a.name()),
                "attribute {} not allowed",
                a.name()
            );
            if a.name() == "marker-end" {
                assert_eq!(a.value(), format!("url(#{prefix}-arrow)"));
            }
        }
        if let Some(id) = n.attribute("id") {
            assert!(
                id == prefix || id.starts_with(&format!("{prefix}-")),
                "id {id}"
            );
            assert!(ids.insert(id.to_string()), "duplicate id {id}");
        }
        if name == "style" {
            let css = n.text().unwrap_or("");
            assert!(!css.contains('<') && !css.contains("url(") && !css.contains("@import"));
        }
        if name == "g" && n.attribute("class").is_some_and(|c| c.starts_with("node ")) {
            nodes.push(n.attribute("data-id").unwrap_or("").to_string());
        }
    }
    // raw markup (text content may mention these words, but only escaped)
    assert!(!text.contains("<script") && !text.contains("<foreignObject"));
    // no reference to anything outside the diagram: `href` and `style` are not on the attribute
    // allow-list, the only url() in an attribute is the arrow marker, and the style sheet has none
    nodes
}

fn check_all(text: &str) -> (Scene, String) {
    let s = scene(text);
    check_scene(&s);
    let out = svg(text);
    let drawn = check_svg(&out);
    assert_eq!(drawn.len(), s.nodes.len(), "every node drawn once");
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &drawn {
        *counts.entry(id.as_str()).or_default() += 1;
    }
    for nd in &s.nodes {
        assert_eq!(counts.get(nd.id.as_str()), Some(&1), "node {} once", nd.id);
    }
    (s, out)
}

// ---------------------------------------------------------------- hand-written designs

const CLASSIC: &str = r#"{
  "archlint": 1,
  "name": "推荐架构（经典网络）",
  "regions": [
    { "id": "hz", "label": "华东1（杭州）", "network": "classic",
      "zones": [ { "id": "hz-b", "label": "可用区B" }, { "id": "hz-c", "label": "可用区C" } ] }
  ],
  "security_groups": [
    { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "vpn-mgmt" } ] },
    { "id": "sg-production", "rules": [
        { "ports": "22", "from": "sg:sg-bastion" },
        { "ports": "80", "from": "slb-web" } ] }
  ],
  "nodes": [
    { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
      "client_ips": ["10.200.0.2", "10.200.0.3", "10.200.0.4"] },
    { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b", "cpu": 1, "memory_gb": 1, "security_groups": ["sg-bastion"] },
    { "id": "bastion-c", "kind": "ecs", "role": "bastion", "zone": "hz-c", "cpu": 1, "memory_gb": 1, "security_groups": ["sg-bastion"] },
    { "id": "web-b1", "kind": "ecs", "module": "web", "zone": "hz-b", "cpu": 2, "memory_gb": 2,
      "autostart": true, "listens": [80], "security_groups": ["sg-production"] },
    { "id": "web-c1", "kind": "ecs", "module": "web", "zone": "hz-c", "cpu": 2, "memory_gb": 2,
      "autostart": true, "listens": [80], "security_groups": ["sg-production"] },
    { "id": "slb-web", "kind": "slb", "region": "hz", "scope": "public",
      "listeners": [ { "protocol": "http", "port": 80, "sticky": true,
                       "health_check": { "protocol": "http", "path": "/" } } ],
      "backends": ["web-b1", "web-c1"] },
    { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql", "whitelist": ["web-b1", "web-c1"] }
  ],
  "links": [
    { "from": "internet", "to": "slb-web", "port": 80 },
    { "from": "web-b1", "to": "db", "port": 3306 },
    { "from": "web-c1", "to": "db", "port": 3306 }
  ]
}"#;

const VPC: &str = r#"{
  "archlint": 1,
  "name": "VPC architecture",
  "regions": [
    { "id": "sh", "label": "华东2（上海）", "network": "vpc",
      "zones": [ { "id": "sh-a", "label": "可用区A" }, { "id": "sh-b", "label": "可用区B" } ] }
  ],
  "vpcs": [
    { "id": "vpc-1", "label": "生产 VPC", "region": "sh", "cidr": "10.1.0.0/16",
      "vswitches": [
        { "id": "vsw-a", "zone": "sh-a", "cidr": "10.1.1.0/24" },
        { "id": "vsw-b", "zone": "sh-b", "cidr": "10.1.2.0/24" } ] }
  ],
  "nodes": [
    { "id": "slb", "kind": "slb", "region": "sh", "listeners": [ { "protocol": "http", "port": 80 } ],
      "backends": ["app-a1", "app-a2", "app-b1", "app-b2"] },
    { "id": "app-a1", "kind": "ecs", "module": "app", "vswitch": "vsw-a" },
    { "id": "app-a2", "kind": "ecs", "module": "app", "vswitch": "vsw-a" },
    { "id": "app-a3", "kind": "ecs", "module": "batch", "vswitch": "vsw-a" },
    { "id": "app-b1", "kind": "ecs", "module": "app", "vswitch": "vsw-b" },
    { "id": "app-b2", "kind": "ecs", "module": "app", "vswitch": "vsw-b" },
    { "id": "eip-1", "kind": "eip", "attached_to": "app-a3" },
    { "id": "nat", "kind": "nat", "region": "sh" },
    { "id": "rds", "kind": "rds", "region": "sh", "engine": "mysql" }
  ],
  "links": [
    { "from": "internet", "to": "slb", "port": 80 },
    { "from": "app-a1", "to": "rds", "port": 3306 },
    { "from": "app-b1", "to": "rds", "port": 3306 },
    { "from": "app-a3", "to": "nat" }
  ]
}"#;

const HIGH_SECURITY: &str = r#"{
  "archlint": 1,
  "name": "高安全等级设计",
  "profile": "high-security",
  "regions": [
    { "id": "sz", "label": "华南1（深圳）", "network": "vpc",
      "zones": [ { "id": "sz-a" }, { "id": "sz-b" } ] }
  ],
  "vpcs": [
    { "id": "vpc", "region": "sz", "cidr": "10.0.0.0/16", "vswitches": [
      { "id": "mgmt-a", "zone": "sz-a", "cidr": "10.0.3.0/24", "tier": "management" },
      { "id": "intra-a", "zone": "sz-a", "cidr": "10.0.2.0/24", "tier": "intranet" },
      { "id": "dmz-a", "zone": "sz-a", "cidr": "10.0.1.0/24", "tier": "dmz" },
      { "id": "dmz-b", "zone": "sz-b", "cidr": "10.0.11.0/24", "tier": "dmz" },
      { "id": "intra-b", "zone": "sz-b", "cidr": "10.0.12.0/24", "tier": "intranet" },
      { "id": "mgmt-b", "zone": "sz-b", "cidr": "10.0.13.0/24", "tier": "management" } ] }
  ],
  "nodes": [
    { "id": "slb", "kind": "slb", "region": "sz", "listeners": [ { "protocol": "https", "port": 443, "backend_port": 8080 } ],
      "backends": ["web-a", "web-b"] },
    { "id": "web-a", "kind": "ecs", "module": "web", "vswitch": "dmz-a" },
    { "id": "web-b", "kind": "ecs", "module": "web", "vswitch": "dmz-b" },
    { "id": "app-a", "kind": "ecs", "module": "app", "vswitch": "intra-a" },
    { "id": "app-b", "kind": "ecs", "module": "app", "vswitch": "intra-b" },
    { "id": "bastion-a", "kind": "ecs", "role": "bastion", "vswitch": "mgmt-a" },
    { "id": "bastion-b", "kind": "ecs", "role": "bastion", "vswitch": "mgmt-b" },
    { "id": "vpn", "kind": "vpn", "type": "ssl", "region": "sz", "client_ips": ["10.0.3.200/29"] },
    { "id": "rds", "kind": "rds", "region": "sz", "engine": "mysql" }
  ],
  "links": [
    { "from": "internet", "to": "slb", "port": 443 },
    { "from": "web-a", "to": "app-a", "port": 8000 },
    { "from": "web-b", "to": "app-b", "port": 8000 },
    { "from": "app-a", "to": "rds", "port": 3306 },
    { "from": "app-b", "to": "rds", "port": 3306 },
    { "from": "vpn", "to": "bastion-a", "port": 22 },
    { "from": "bastion-a", "to": "app-a", "port": 22 },
    { "from": "bastion-b", "to": "web-b", "port": 22 }
  ]
}"#;

const TWO_REGION: &str = r#"{
  "archlint": 1,
  "name": "两地三中心",
  "dr": "two-region-three-center",
  "regions": [
    { "id": "hz", "label": "杭州（生产）", "network": "classic",
      "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
    { "id": "sh", "label": "上海（灾备）", "network": "classic", "role": "dr",
      "zones": [ { "id": "sh-a" } ] }
  ],
  "nodes": [
    { "id": "dns", "kind": "dns", "failover": true },
    { "id": "slb-hz", "kind": "slb", "region": "hz", "backends": ["app-b", "app-c"],
      "listeners": [ { "protocol": "http", "port": 80 } ] },
    { "id": "app-b", "kind": "ecs", "module": "app", "zone": "hz-b" },
    { "id": "app-c", "kind": "ecs", "module": "app", "zone": "hz-c" },
    { "id": "rds-hz", "kind": "rds", "region": "hz" },
    { "id": "oss-hz", "kind": "oss", "region": "hz", "replicates_to": "oss-sh" },
    { "id": "slb-sh", "kind": "slb", "region": "sh", "backends": ["app-sh"],
      "listeners": [ { "protocol": "http", "port": 80 } ] },
    { "id": "app-sh", "kind": "ecs", "module": "app", "zone": "sh-a" },
    { "id": "rds-sh", "kind": "rds", "region": "sh", "replica_of": "rds-hz" },
    { "id": "oss-sh", "kind": "oss", "region": "sh" },
    { "id": "idc", "kind": "idc", "label": "自有机房", "tps": 200 },
    { "id": "line", "kind": "leased_line", "region": "hz", "connects": "idc", "bandwidth_mbps": 100 },
    { "id": "ipsec", "kind": "vpn", "type": "ipsec", "region": "sh", "connects": "idc" }
  ],
  "links": [
    { "from": "internet", "to": "slb-hz", "port": 80 },
    { "from": "internet", "to": "slb-sh", "port": 80 },
    { "from": "app-b", "to": "rds-hz", "port": 3306 },
    { "from": "app-c", "to": "rds-hz", "port": 3306 },
    { "from": "app-sh", "to": "rds-sh", "port": 3306 },
    { "from": "rds-hz", "to": "rds-sh", "port": 3306, "label": "replication" },
    { "from": "idc", "to": "app-b", "port": 8443 },
    { "from": "app-sh", "to": "idc", "port": 9000 }
  ]
}"#;

#[test]
fn classic_dual_zone_reads_like_the_guide() {
    let (s, out) = check_all(CLASSIC);
    let internet = node(&s, "internet");
    let slb = node(&s, "slb-web");
    let web_b = node(&s, "web-b1");
    let web_c = node(&s, "web-c1");
    let db = node(&s, "db");
    let bastion = node(&s, "bastion-b");
    let vpn = node(&s, "vpn-mgmt");
    // Internet above, then SLB, web, database; management last.
    assert!(internet.rect.bottom() < slb.rect.y);
    assert!(slb.rect.bottom() < web_b.rect.y);
    assert_eq!(web_b.rect.y, web_c.rect.y);
    assert!(web_b.rect.bottom() < db.rect.y);
    assert!(db.rect.bottom() < vpn.rect.y);
    assert!(vpn.rect.bottom() < bastion.rect.y);
    // Each web server in its zone's column; SLB and RDS span both zones.
    let zb = find_box(&s, BoxKind::Zone, "hz-b");
    let zc = find_box(&s, BoxKind::Zone, "hz-c");
    assert!(zb.contains(&web_b.rect) && zc.contains(&web_c.rect));
    for n in [slb, db] {
        assert!(n.rect.overlaps(zb) && n.rect.overlaps(zc), "{} spans", n.id);
    }
    // Edges: SLB to both backends, the internet to the SLB with its port.
    let e = s
        .edges
        .iter()
        .find(|e| e.from == "internet" && e.to == "slb-web")
        .unwrap();
    assert_eq!(e.label.as_ref().unwrap().text, "80");
    assert!(e.arrow);
    assert_eq!(
        s.edges
            .iter()
            .filter(|e| e.from == "slb-web" && e.kind == EdgeKind::Backend)
            .count(),
        2
    );
    assert!(
        out.contains("<title>推荐架构（经典网络）</title>")
            || out.contains("推荐架构（经典网络）</title>")
    );
    assert!(out.contains("font-family:\"Noto Sans CJK SC\""));
}

#[test]
fn vpc_regions_draw_the_vpc_and_vswitch_bands() {
    let (s, _) = check_all(VPC);
    let vpc = find_box(&s, BoxKind::Vpc, "vpc-1");
    let va = find_box(&s, BoxKind::VSwitch, "vsw-a");
    let vb = find_box(&s, BoxKind::VSwitch, "vsw-b");
    assert!(vpc.contains(va) && vpc.contains(vb));
    for id in ["app-a1", "app-a2", "app-a3", "eip-1"] {
        assert!(va.contains(&node(&s, id).rect), "{id} in vsw-a");
    }
    for id in ["app-b1", "app-b2"] {
        assert!(vb.contains(&node(&s, id).rect), "{id} in vsw-b");
    }
    assert!(find_box(&s, BoxKind::Zone, "sh-a").contains(va));
    assert!(node(&s, "slb").rect.bottom() < vpc.y);
    assert!(node(&s, "rds").rect.y > vpc.bottom());
    assert!(s
        .edges
        .iter()
        .any(|e| e.kind == EdgeKind::Attach && e.from == "eip-1"));
}

#[test]
fn high_security_tiers_are_ordered_dmz_intranet_management() {
    let (s, _) = check_all(HIGH_SECURITY);
    let dmz = find_box(&s, BoxKind::VSwitch, "dmz-a");
    let intra = find_box(&s, BoxKind::VSwitch, "intra-a");
    let mgmt = find_box(&s, BoxKind::VSwitch, "mgmt-a");
    assert!(dmz.bottom() < intra.y && intra.bottom() < mgmt.y);
    assert_eq!(find_box(&s, BoxKind::VSwitch, "dmz-b").y, dmz.y);
    let tiers: Vec<_> = s
        .boxes
        .iter()
        .filter(|b| b.kind == BoxKind::VSwitch)
        .map(|b| b.tier)
        .collect();
    assert_eq!(tiers.len(), 6);
    // The SSL VPN (management) is below the traffic rows.
    assert!(node(&s, "vpn").rect.y > node(&s, "rds").rect.y);
    assert!(node(&s, "web-a").rect.bottom() < node(&s, "app-a").rect.y);
    let out = render_svg(
        HIGH_SECURITY,
        &RenderOptions {
            lang: Lang::Zh,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    assert!(out.contains("互联网区") && out.contains("管理区") && out.contains("内网区"));
}

#[test]
fn two_regions_side_by_side_with_the_data_centre_beside() {
    let (s, _) = check_all(TWO_REGION);
    let hz = find_box(&s, BoxKind::Region, "hz");
    let sh = find_box(&s, BoxKind::Region, "sh");
    assert_eq!(hz.y, sh.y);
    assert!(hz.right() < sh.x);
    let idc = node(&s, "idc");
    assert!(idc.rect.x > sh.right());
    assert!(node(&s, "dns").rect.bottom() < hz.y);
    assert!(hz.contains(&node(&s, "rds-hz").rect));
    assert!(sh.contains(&node(&s, "rds-sh").rect));
    let connects: Vec<_> = s
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Connects)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(connects, [("line", "idc"), ("ipsec", "idc")]);
    assert!(s
        .edges
        .iter()
        .any(|e| e.from == "rds-hz" && e.to == "rds-sh"));
    let dr = s.boxes.iter().find(|b| b.id == "sh").unwrap();
    assert!(dr.text.contains("DR"));
}

#[test]
fn findings_show_as_rings_badges_and_a_panel() {
    // A single-instance module (HA001) on web-b1.
    let text = CLASSIC.replace(
        r#""module": "web", "zone": "hz-c""#,
        r#""module": "web2", "zone": "hz-c""#,
    );
    let s = scene(&text);
    let web = node(&s, "web-c1");
    assert!(web.finding_count >= 1);
    assert!(web.findings.iter().any(|f| f.code == "HA001"));
    let out = svg(&text);
    check_svg(&out);
    assert!(out.contains("class=\"ring s-"));
    assert!(out.contains("HA001"));
    // Tooltips in the chosen language.
    let zh = render_svg(
        &text,
        &RenderOptions {
            lang: Lang::Zh,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    let f = web.findings.iter().find(|f| f.code == "HA001").unwrap();
    let doc = roxmltree::Document::parse(&zh).unwrap();
    let g = doc
        .descendants()
        .find(|n| n.attribute("data-id") == Some("web-c1"))
        .unwrap();
    assert_eq!(
        g.attribute("data-findings"),
        Some(web.finding_count.to_string().as_str())
    );
    let title = g.children().find(|n| n.has_tag_name("title")).unwrap();
    assert!(title.text().unwrap().contains(&f.message.zh));
    assert!(title.text().unwrap().contains("HA001 警告"));
    let off = render_svg(
        &text,
        &RenderOptions {
            findings: false,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    assert!(!off.contains("HA001") && !off.contains("class=\"ring"));
}

#[test]
fn design_wide_findings_go_to_the_panel() {
    let loaded = load(CLASSIC, &Limits::DEFAULT).unwrap();
    let cx = Ctx::new(&loaded.design);
    let mut report = archlint_core::lint(&loaded, &LintOptions::default());
    let meta = archlint_core::rules::all().next().unwrap();
    report.findings.push(archlint_core::Finding {
        rule: meta,
        severity: archlint_core::Severity::Error,
        target: None,
        pointer: String::new(),
        line: 1,
        column: 1,
        message: archlint_core::Text::new("design <problem>", "设计问题"),
        help: archlint_core::Text::default(),
    });
    let s = layout(
        &loaded.design,
        &cx,
        &report.findings,
        &LayoutOptions::default(),
    );
    let panel = s.panel.as_ref().expect("panel");
    assert_eq!(panel.findings.len(), 1);
    check_scene(&s);
    let out = to_svg(&s, &SvgOptions::default());
    check_svg(&out);
    assert!(out.contains("Design findings (1)"));
    assert!(out.contains("design &lt;problem&gt;"));
}

#[test]
fn output_is_deterministic_and_prefixed() {
    let a = svg(TWO_REGION);
    let b = svg(TWO_REGION);
    assert_eq!(a, b);
    let c = svg(CLASSIC);
    let pa = roxmltree::Document::parse(&a)
        .unwrap()
        .root_element()
        .attribute("id")
        .unwrap()
        .to_string();
    let pc = roxmltree::Document::parse(&c)
        .unwrap()
        .root_element()
        .attribute("id")
        .unwrap()
        .to_string();
    assert_ne!(pa, pc, "different inputs, different prefixes");
    let custom = render_svg(
        CLASSIC,
        &RenderOptions {
            id_prefix: Some("fig 1\"<".into()),
            theme: Theme::Dark,
            ..RenderOptions::default()
        },
    )
    .unwrap();
    check_svg(&custom);
    assert!(custom.contains("id=\"fig1\""));
    assert!(custom.contains("url(#fig1-arrow)"));
    assert!(custom.contains("svg.al-dark"));
}

#[test]
fn hostile_labels_render_inert() {
    let big = "长".repeat(3500) + &"x".repeat(100);
    assert!(big.len() > 10_000);
    let text = format!(
        r#"{{
  "archlint": 1,
  "name": "<script>alert(1)</script> ]]> </style>",
  "regions": [ {{ "id": "r\"><svg onload=alert(1)>", "label": "</style><style>*{{}}</style>",
                 "network": "classic", "zones": [ {{ "id": "z", "label": "javascript:alert(1)" }} ] }} ],
  "nodes": [
    {{ "id": "a", "kind": "ecs", "zone": "z", "label": "<script>alert(1)</script>" }},
    {{ "id": "b\"><svg onload=alert(1)>", "kind": "ecs", "zone": "z", "label": "\"><svg onload=alert(1)>" }},
    {{ "id": "c", "kind": "ecs", "zone": "z", "label": "javascript:alert(document.cookie)" }},
    {{ "id": "d", "kind": "ecs", "zone": "z", "label": "]]><![CDATA[ x ]]> </style>" }},
    {{ "id": "e", "kind": "ecs", "zone": "z", "label": "abc\u202Eevil\u2066\u0007 &amp; 'q'" }},
    {{ "id": "e2", "kind": "ecs", "zone": "z", "label": "nonchar \uFFFF \uFFFE \u0000 end" }},
    {{ "id": "f", "kind": "ecs", "zone": "z", "label": "{big}" }},
    {{ "id": "g", "kind": "slb", "region": "r\"><svg onload=alert(1)>", "backends": ["a", "c"],
       "listeners": [ {{ "protocol": "<b>", "port": 80 }} ] }}
  ],
  "links": [ {{ "from": "internet", "to": "g", "port": 80, "label": "<i onclick=x>" }},
             {{ "from": "a", "to": "b\"><svg onload=alert(1)>", "port": 22 }} ]
}}"#
    );
    let (s, out) = check_all(&text);
    assert!(!out.contains('\u{202E}') && !out.contains('\u{2066}') && !out.contains('\u{7}'));
    assert!(!out.contains('\u{FFFF}') && !out.contains('\u{FFFE}') && !out.contains('\u{0}'));
    let k = out.find("nonchar").unwrap();
    assert!(
        out[k..].starts_with("nonchar    end"),
        "{:?}",
        &out[k..k + 30]
    );
    assert!(!out.contains("<svg onload") && !out.contains("<script>"));
    assert!(!out.contains("]]>"));
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(out.matches("<svg").count(), 1);
    assert_eq!(out.matches("</style>").count(), 1);
    // The 10 KB label: two lines, ellipsised; the full text in the tooltip.
    let f = node(&s, "f");
    assert_eq!(f.lines.len(), 2);
    assert!(f.lines[1].ends_with('…'));
    assert!(out.contains(&big));
    let doc = roxmltree::Document::parse(&out).unwrap();
    let g = doc
        .descendants()
        .find(|n| n.attribute("data-id") == Some("b\"><svg onload=alert(1)>"))
        .expect("hostile id kept as data");
    assert_eq!(
        g.attribute("class").map(|c| c.starts_with("node")),
        Some(true)
    );
    let e = doc
        .descendants()
        .find(|n| n.has_tag_name("title") && n.text().is_some_and(|t| t.starts_with("abc")))
        .unwrap();
    assert!(e.text().unwrap().starts_with("abcevil &amp; 'q'"));
    assert!(out.contains("abcevil &amp;amp; &#39;q&#39;"));
    let dot = render_dot(&text, &RenderOptions::default()).unwrap();
    assert!(dot.contains(r#""b\"><svg onload=alert(1)>""#));
    assert!(!dot.contains('\u{202E}'));
}

#[test]
fn dot_export_has_clusters_and_ports() {
    let dot = render_dot(TWO_REGION, &RenderOptions::default()).unwrap();
    assert!(dot.starts_with("digraph \"两地三中心\" {"));
    assert!(dot.contains("subgraph cluster_r0 {"));
    assert!(dot.contains("subgraph cluster_r0_z1 {"));
    assert!(dot.contains("subgraph cluster_r1 {"));
    assert!(dot.contains("\"internet\" -> \"slb-hz\" [label=\"80\"];"));
    assert!(dot.contains("\"slb-hz\" -> \"app-b\" [label=\"80\", style=dashed];"));
    assert!(dot.contains("\"rds-sh\" [label=\"rds-sh\", shape=cylinder];"));
    assert!(dot.contains("\"line\" -> \"idc\" [style=dashed, arrowhead=none];"));
    let vpc = render_dot(HIGH_SECURITY, &RenderOptions::default()).unwrap();
    assert!(vpc.contains("subgraph cluster_r0_z0_v0_s2 {"));
    assert_eq!(vpc.matches('{').count(), vpc.matches('}').count());
}

#[test]
fn load_errors_pass_through() {
    assert!(render_svg("{", &RenderOptions::default()).is_err());
    assert!(render_dot("[]", &RenderOptions::default()).is_err());
}

#[test]
fn empty_and_degenerate_designs() {
    for text in [
        r#"{"archlint":1,"regions":[]}"#,
        r#"{"archlint":1,"regions":[{"id":"r"}]}"#,
        r#"{"archlint":1,"regions":[{"id":"r","zones":[]}],"nodes":[{"id":"x","kind":"ecs","zone":"nope"},{"id":"y","kind":"rds","region":"r"},{"id":"q"}]}"#,
        r#"{"archlint":1,"regions":[{"id":"r","network":"vpc","zones":[{"id":"z"}]}],"vpcs":[{"id":"v","region":"r","vswitches":[{"id":"s","zone":"other"}]},{"id":"w","region":"r"}],"nodes":[{"id":"x","kind":"ecs","vswitch":"s"},{"id":"x2","kind":"ecs","vswitch":"s"}],"links":[{"from":"x","to":"x"},{"from":"x","to":"x2"},{"from":"x2","to":"x"}]}"#,
    ] {
        check_all(text);
    }
}

#[test]
fn an_slb_product_other_than_clb_shows_in_the_tooltip() {
    let text = r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"}]}],"nodes":[
        {"id":"a","kind":"slb","region":"r","type":"alb"},
        {"id":"n","kind":"slb","region":"r","type":"nlb","label":"四层"},
        {"id":"c","kind":"slb","region":"r","type":"clb"},
        {"id":"d","kind":"slb","region":"r"}]}"#;
    let s = scene(text);
    assert_eq!(
        ["a", "n", "c", "d"].map(|id| node(&s, id).product.map(|t| t.name())),
        [Some("alb"), Some("nlb"), None, None]
    );
    let out = svg(text);
    assert!(out.contains("<title>a · SLB (ALB)"), "{out}");
    assert!(out.contains("<title>四层\nn · SLB (NLB)"), "{out}");
    assert!(out.contains("<title>c · SLB\n") || out.contains("<title>c · SLB<"));
    assert!(!out.contains("(CLB)"));
}

// ---------------------------------------------------------------- generated designs

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const LABELS: &[&str] = &[
    "web",
    "应用服务器",
    "a rather long label that needs wrapping onto two lines at least",
    "数据库主实例（生产环境）核心交易系统",
    "batch-job-runner-01",
    "前置机",
    "gateway",
];

/// A deterministic design of about `count` nodes.
fn generate(seed: u64, count: usize) -> String {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut out = String::new();
    let nregions = 1 + rng.below(3);
    let mut regions = Vec::new();
    let mut zones: Vec<Vec<String>> = Vec::new();
    let mut vswitches: Vec<Vec<String>> = Vec::new();
    let mut vpcs = Vec::new();
    for r in 0..nregions {
        let vpc = rng.chance(50);
        let nz = 1 + rng.below(3);
        let zs: Vec<String> = (0..nz).map(|z| format!("r{r}z{z}")).collect();
        let zjson: Vec<String> = zs
            .iter()
            .map(|z| format!(r#"{{"id":"{z}","label":"可用区 {z}"}}"#))
            .collect();
        regions.push(format!(
            r#"{{"id":"r{r}","label":"Region {r}","network":"{}","role":"{}","zones":[{}]}}"#,
            if vpc { "vpc" } else { "classic" },
            if r > 0 && rng.chance(50) {
                "dr"
            } else {
                "primary"
            },
            zjson.join(",")
        ));
        let mut sws = Vec::new();
        if vpc {
            for v in 0..1 + rng.below(2) {
                let mut list = Vec::new();
                for (zi, z) in zs.iter().enumerate() {
                    for k in 0..1 + rng.below(3) {
                        let id = format!("r{r}v{v}s{zi}{k}");
                        let tier = ["", "dmz", "intranet", "management"][rng.below(4)];
                        let zone = if rng.chance(5) { "nowhere" } else { z.as_str() };
                        let tier = if tier.is_empty() {
                            String::new()
                        } else {
                            format!(r#","tier":"{tier}""#)
                        };
                        list.push(format!(
                            r#"{{"id":"{id}","zone":"{zone}","cidr":"10.{r}.{}.0/24"{tier}}}"#,
                            v * 50 + zi * 10 + k
                        ));
                        sws.push(id);
                    }
                }
                vpcs.push(format!(
                    r#"{{"id":"r{r}v{v}","region":"r{r}","cidr":"10.{r}.0.0/16","vswitches":[{}]}}"#,
                    list.join(",")
                ));
            }
        }
        zones.push(zs);
        vswitches.push(sws);
    }
    let mut nodes = Vec::new();
    let mut ecs = Vec::new();
    let mut idcs = Vec::new();
    let mut all: Vec<String> = Vec::new();
    for i in 0..count {
        let id = format!("n{i}");
        let r = rng.below(nregions);
        let region = if rng.chance(3) {
            "nowhere".to_string()
        } else {
            format!("r{r}")
        };
        let label = if rng.chance(70) {
            format!(r#","label":"{} {i}""#, LABELS[rng.below(LABELS.len())])
        } else {
            String::new()
        };
        let roll = rng.below(100);
        let body = if roll < 60 {
            let place = if !vswitches[r].is_empty() {
                format!(
                    r#""vswitch":"{}""#,
                    vswitches[r][rng.below(vswitches[r].len())]
                )
            } else if rng.chance(3) {
                r#""zone":"nowhere""#.to_string()
            } else {
                format!(r#""zone":"{}""#, zones[r][rng.below(zones[r].len())])
            };
            let role = ["app", "app", "app", "bastion", "database", "test"][rng.below(6)];
            ecs.push(id.clone());
            format!(
                r#""kind":"ecs",{place},"role":"{role}","module":"m{}","security_groups":["sg{}"]"#,
                rng.below(20),
                rng.below(3)
            )
        } else if roll < 68 {
            let mut backends = Vec::new();
            for _ in 0..2 + rng.below(3) {
                if !ecs.is_empty() {
                    backends.push(format!("\"{}\"", ecs[rng.below(ecs.len())]));
                }
            }
            format!(
                r#""kind":"slb","region":"{region}","listeners":[{{"protocol":"http","port":80}},{{"protocol":"https","port":443,"backend_port":8443}}],"backends":[{}]"#,
                backends.join(",")
            )
        } else if roll < 74 {
            format!(r#""kind":"rds","region":"{region}","engine":"mysql""#)
        } else if roll < 77 {
            format!(r#""kind":"oss","region":"{region}""#)
        } else if roll < 80 {
            if !idcs.is_empty() && rng.chance(50) {
                format!(
                    r#""kind":"vpn","type":"ipsec","region":"{region}","connects":"{}""#,
                    idcs[rng.below(idcs.len())]
                )
            } else {
                format!(r#""kind":"vpn","type":"ssl","region":"{region}""#)
            }
        } else if roll < 82 {
            let c = if idcs.is_empty() {
                String::new()
            } else {
                format!(r#","connects":"{}""#, idcs[rng.below(idcs.len())])
            };
            format!(r#""kind":"leased_line","region":"{region}"{c}"#)
        } else if roll < 85 {
            idcs.push(id.clone());
            r#""kind":"idc""#.to_string()
        } else if roll < 89 {
            let t = if all.is_empty() {
                "none".to_string()
            } else {
                all[rng.below(all.len())].clone()
            };
            format!(r#""kind":"eip","attached_to":"{t}""#)
        } else if roll < 92 {
            format!(r#""kind":"nat","region":"{region}""#)
        } else if roll < 94 {
            r#""kind":"dns""#.to_string()
        } else if roll < 97 {
            format!(r#""kind":"apigw","region":"{region}""#)
        } else if roll < 98 {
            r#""kind":"mainframe""#.to_string()
        } else {
            r#""kind":"ecs""#.to_string()
        };
        nodes.push(format!(r#"{{"id":"{id}"{label},{body}}}"#));
        all.push(id);
    }
    let mut links = Vec::new();
    for _ in 0..count * 4 / 5 {
        let from = if rng.chance(10) {
            "internet".to_string()
        } else {
            all[rng.below(all.len())].clone()
        };
        let to = &all[rng.below(all.len())];
        let port = [22, 80, 443, 3306, 8080, 6379][rng.below(6)];
        links.push(format!(r#"{{"from":"{from}","to":"{to}","port":{port}}}"#));
    }
    let sgs: Vec<String> = (0..3)
        .map(|g| format!(r#"{{"id":"sg{g}","rules":[{{"ports":"22","from":"sg:sg0"}},{{"ports":"80","from":"0.0.0.0/0"}}]}}"#))
        .collect();
    let _ = write!(
        out,
        r#"{{"archlint":1,"name":"generated {seed}","regions":[{}],"vpcs":[{}],"security_groups":[{}],"nodes":[{}],"links":[{}]}}"#,
        regions.join(","),
        vpcs.join(","),
        sgs.join(","),
        nodes.join(",\n"),
        links.join(",\n")
    );
    out
}

#[test]
fn generated_designs_hold_the_invariants() {
    for seed in 1..=30u64 {
        let count = 50 + (seed as usize * 37) % 451;
        let text = generate(seed, count);
        let (s, out) = check_all(&text);
        assert_eq!(s.nodes.iter().filter(|n| n.index.is_some()).count(), count);
        assert_eq!(out, svg(&text), "deterministic for seed {seed}");
        let dot = render_dot(&text, &RenderOptions::default()).unwrap();
        assert_eq!(dot.matches('{').count(), dot.matches('}').count());
        // Zonal ECS sit in their zone's column.
        for n in &s.nodes {
            if let (ShapeKind::Node(NodeKind::Ecs), Some(z)) = (n.kind, n.zone_box) {
                assert!(matches!(s.boxes[z].kind, BoxKind::Zone | BoxKind::NoZone));
            }
        }
    }
}

#[test]
fn ten_thousand_nodes_lay_out_quickly() {
    let text = generate(99, 10_000);
    let loaded = load(&text, &Limits::DEFAULT).unwrap();
    let cx = Ctx::new(&loaded.design);
    let start = std::time::Instant::now();
    let s = layout(&loaded.design, &cx, &[], &LayoutOptions::default());
    let t_layout = start.elapsed();
    let start = std::time::Instant::now();
    let out = to_svg(&s, &SvgOptions::default());
    let t_svg = start.elapsed();
    println!(
        "10,000 nodes: layout {t_layout:?}, svg {t_svg:?} ({} bytes, {} edges, {}x{})",
        out.len(),
        s.edges.len(),
        s.width,
        s.height
    );
    assert_eq!(s.nodes.iter().filter(|n| n.index.is_some()).count(), 10_000);
    check_scene(&s);
}

// ---------------------------------------------------------------- the hostile-input corpus

/// Every design of `tests/hostile/` either fails to load with a positioned error (when its
/// `.expect` says so) or renders to SVG that passes the allow-list checks, keeps element ids
/// unique, never carries bidi controls or control characters, and keeps the payloads as text.
#[test]
fn hostile_corpus_renders_inert() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile");
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
        let rendered = archlint_core::render_svg(&text, &RenderOptions::default());
        if expect.contains("load error") {
            let e = rendered.expect_err(&format!("{} must not load", path.display()));
            assert!(e.line >= 1 && e.column >= 1);
            continue;
        }
        let out = rendered.unwrap_or_else(|e| panic!("{}: {}", path.display(), e.message.en));
        check_scene(&scene(&text));
        check_svg(&out);
        for c in out.chars() {
            assert!(
                !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}')
                    && (c >= ' ' || c == '\n'),
                "{}: character U+{:04X} in the SVG",
                path.display(),
                c as u32
            );
        }
        // payloads survive as text (escaped, not stripped): the parsed document reads them back
        let doc = roxmltree::Document::parse(&out).unwrap();
        let all_text: String = doc.descendants().filter_map(|n| n.text()).collect();
        if text.contains("<script>window.__pwned=1</script>") {
            assert!(
                all_text.contains("<script>window.__pwned=1</script>"),
                "{}",
                path.display()
            );
        }
    }
    assert!(seen >= 10, "the corpus has {seen} designs");
}
