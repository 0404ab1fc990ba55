//! A stable drawing: an edit moves the nodes it did not touch as little as it can. A scripted
//! session of 50 edits (`archlint_core::layout::stability::session`: ECS added, label renamed,
//! ECS moved to another zone, link added, finding toggled, ECS removed) on the reference designs
//! and a generated 300-node design; the displacement of the untouched nodes is pinned in
//! `tests/snapshots/layout-stability.txt`: a figure that got worse fails with "worse"; one
//! that got better fails too, until pinned with `ARCHLINT_BLESS=1 cargo test -p archlint-core
//! --test layout_stability`.

use std::path::PathBuf;

use archlint_core::gen;
use archlint_core::layout::stability::{session, session_keeping, EditKind, Session};

const DESIGNS: [&str; 4] = [
    "vpc",
    "high-security",
    "classic-dual-zone",
    "two-region-three-center",
];

fn designs() -> Vec<(String, String)> {
    let mut v = Vec::new();
    for name in DESIGNS {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../examples")
            .join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        v.push((format!("{name}.json"), text));
    }
    v.push(("generated-300".to_string(), gen::design(300, 1)));
    v
}

fn sessions() -> Vec<(String, Session)> {
    designs()
        .into_iter()
        .map(|(name, text)| {
            let s = session(&text, 50, 1).expect("the design loads");
            (name, s)
        })
        .collect()
}

/// The same sessions laid out as the editor draws while editing (each layout keeping the
/// memory of the one before), named `kept:NAME`.
fn kept_sessions() -> Vec<(String, Session)> {
    designs()
        .into_iter()
        .map(|(name, text)| {
            let s = session_keeping(&text, 50, 1).expect("the design loads");
            (format!("kept:{name}"), s)
        })
        .collect()
}

/// (key, value in hundredths) of one session, all lower is better.
fn figures(s: &Session) -> Vec<(&'static str, i64)> {
    let h = |v: f64| (v * 100.0).round() as i64;
    vec![
        ("elsewhere_mean_px", h(s.elsewhere.mean_px())),
        ("elsewhere_max_px", s.elsewhere.max_px as i64 * 100),
        ("elsewhere_moved", s.elsewhere.moved as i64 * 100),
        (
            "same_container_mean_slots",
            h(s.same_container.mean_slots()),
        ),
        ("same_container_max_slots", h(s.same_container.max_slots)),
        ("same_container_moved", s.same_container.moved as i64 * 100),
        ("same_zone_mean_px", h(s.same_zone.mean_px())),
        ("same_zone_max_px", s.same_zone.max_px as i64 * 100),
    ]
}

const HEADER: &str = "\
# The displacement of untouched nodes over a scripted session of 50 edits, pinned by
# core/tests/layout_stability.rs (archlint_core::layout::stability). Values in hundredths
# (px or slots); lower is better. Any change fails the test; pin an improvement with:
# ARCHLINT_BLESS=1 cargo test -p archlint-core --test layout_stability
";

#[test]
fn untouched_nodes_move_no_more_than_pinned() {
    let file =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/layout-stability.txt");
    let mut all = sessions();
    all.extend(kept_sessions());
    let measured: Vec<(String, Vec<(&str, i64)>)> =
        all.iter().map(|(n, s)| (n.clone(), figures(s))).collect();
    let mut actual = String::from(HEADER);
    for (name, figs) in &measured {
        let pairs: Vec<String> = figs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        actual.push_str(&format!("{name} {}\n", pairs.join(" ")));
    }
    if std::env::var_os("ARCHLINT_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&file, &actual).unwrap();
        return;
    }
    let pinned = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: cannot read the pinned figures ({e}); run with ARCHLINT_BLESS=1 to write them",
            file.display()
        )
    });
    let (mut worse, mut better) = (Vec::new(), Vec::new());
    for (name, figs) in &measured {
        let key = format!("{name} ");
        let Some(line) = pinned.lines().find(|l| l.starts_with(&key)) else {
            worse.push(format!("{name}: not pinned"));
            continue;
        };
        for (k, v) in figs {
            let was: Option<i64> = line
                .split_whitespace()
                .find_map(|kv| kv.strip_prefix(k).and_then(|r| r.strip_prefix('=')))
                .and_then(|v| v.parse().ok());
            match was {
                Some(w) if w == *v => {}
                Some(w) if *v < w => better.push(format!("{name}: {k} {w} -> {v}")),
                _ => worse.push(format!("{name}: {k} {was:?} -> {v}")),
            }
        }
    }
    assert!(
        worse.is_empty() && better.is_empty(),
        "the layout-stability figures changed.\nWorse: {worse:#?}\nBetter (pin with ARCHLINT_BLESS=1): {better:#?}"
    );
}

#[test]
fn the_session_measures_what_moves() {
    // The session edits something every turn, and a rename or a toggled finding moves nothing:
    // a label is wrapped inside a node box of a fixed size, findings are drawn on the boxes.
    let mut all = sessions();
    all.extend(kept_sessions());
    for (name, s) in all {
        assert_eq!(s.edits.len(), 50, "{name}");
        for e in &s.edits {
            if matches!(e.kind, EditKind::Rename | EditKind::Toggle) {
                assert_eq!(e.farthest, None, "{name}: {:?} {}", e.kind, e.node);
            }
        }
        assert!(
            s.elsewhere.count > 0 && s.same_container.count > 0,
            "{name}"
        );
    }
}

/// The top-left corner of every node of `text`'s drawing, by id.
fn corners(text: &str) -> Vec<(String, (i32, i32))> {
    use archlint_core::index::Ctx;
    use archlint_core::{layout, load, LayoutOptions, Limits};
    let loaded = load(text, &Limits::DEFAULT).expect("the design loads");
    let cx = Ctx::new(&loaded.design);
    let scene = layout(&loaded.design, &cx, &[], &LayoutOptions::default());
    scene
        .nodes
        .iter()
        .map(|n| (n.id.clone(), (n.rect.x, n.rect.y)))
        .collect()
}

fn corner(all: &[(String, (i32, i32))], id: &str) -> (i32, i32) {
    all.iter().find(|(i, _)| i == id).unwrap().1
}

/// Asserts that each node of `ids` has the same corner before and after (`what`: the case).
fn stayed<S: AsRef<str>>(
    before: &[(String, (i32, i32))],
    after: &[(String, (i32, i32))],
    ids: impl IntoIterator<Item = S>,
    what: &str,
) {
    for id in ids {
        let id = id.as_ref();
        assert_eq!(corner(before, id), corner(after, id), "{id} moved ({what})");
    }
}

/// A two-zone web tier behind an SLB, one server per zone — in vSwitches (`vpc`) or directly
/// in the zones — with `extra` nodes added.
fn two_zones(vpc: bool, extra: &str) -> String {
    let (place_a, place_b, vpcs) = if vpc {
        (
            r#""vswitch":"vsw-a""#,
            r#""vswitch":"vsw-b""#,
            r#","vpcs":[{"id":"vpc","region":"r","cidr":"10.0.0.0/16","vswitches":[
                {"id":"vsw-a","zone":"za","cidr":"10.0.1.0/24"},
                {"id":"vsw-b","zone":"zb","cidr":"10.0.2.0/24"}]}]"#,
        )
    } else {
        (r#""zone":"za""#, r#""zone":"zb""#, "")
    };
    format!(
        r#"{{"archlint":1,"regions":[{{"id":"r","network":"{net}","zones":[{{"id":"za"}},{{"id":"zb"}}]}}]{vpcs},
        "nodes":[{{"id":"slb","kind":"slb","region":"r","backends":["web-a","web-b"]}},
                 {{"id":"web-a","kind":"ecs","module":"web",{place_a}}},
                 {{"id":"web-b","kind":"ecs","module":"web",{place_b}}},
                 {{"id":"db","kind":"rds","region":"r"}}{extra}],
        "links":[{{"from":"internet","to":"slb","port":443}},
                 {{"from":"web-a","to":"db","port":3306}},{{"from":"web-b","to":"db","port":3306}}]}}"#,
        net = if vpc { "vpc" } else { "classic" },
    )
}

/// [`two_zones`] with a node (`fields`: its members but its placement) added in zone A — in
/// vSwitch `vsw-a` of a VPC region, in zone `za` of a classic one: asserts that the nodes that
/// were there stayed, and returns the corners after.
fn added_in_zone_a(vpc: bool, fields: &str) -> Vec<(String, (i32, i32))> {
    let place = if vpc {
        r#""vswitch":"vsw-a""#
    } else {
        r#""zone":"za""#
    };
    let before = corners(&two_zones(vpc, ""));
    let after = corners(&two_zones(vpc, &format!(",{{{fields},{place}}}")));
    stayed(
        &before,
        &after,
        ["web-a", "web-b", "slb", "db", "internet"],
        &format!("vpc: {vpc}"),
    );
    after
}

#[test]
fn a_bastion_added_in_one_zone_moves_nothing_in_the_other() {
    // The review's case: a bastion added next to the server of zone A pushed the server of
    // zone B sideways (zone A's column grew to hold two nodes side by side).
    for vpc in [true, false] {
        let after = added_in_zone_a(vpc, r#""id":"bastion","kind":"ecs","role":"bastion""#);
        // In the server's vSwitch the bastion goes after it; in a classic zone, in the
        // management row below.
        let (a, b) = (corner(&after, "web-a"), corner(&after, "bastion"));
        assert!(b > a, "the bastion after the server (vpc: {vpc})");
    }
}

#[test]
fn an_ecs_added_to_a_module_joins_its_row_and_moves_nothing() {
    // What the editor's palette adds: an ECS in zone A joining the module of the server there,
    // with no link yet. It goes after its module's server in the same row (not in a row of
    // its own above everything, nor before the server), so nothing else moves.
    for vpc in [true, false] {
        let after = added_in_zone_a(vpc, r#""id":"web-a2","kind":"ecs","module":"web""#);
        let (a, a2) = (corner(&after, "web-a"), corner(&after, "web-a2"));
        assert_eq!(a.1, a2.1, "the new server sits in its module's row");
        assert!(a2.0 > a.0, "after the server it joined");
    }
}

#[test]
fn the_rule_holds_where_the_nodes_per_line_do_not_change() {
    // On the generated 300-node design (whose nodes per line 50 edits do not change) the rule
    // holds for every edit: nothing outside the edited containers moves, and a node
    // of an edited container moves by at most one slot. On every design, adding an ECS moves
    // the nodes of its container by at most one slot (it goes after its module's servers).
    for (name, s) in sessions() {
        for e in &s.edits {
            let what = format!("{name}: {:?} {}", e.kind, e.node);
            if name == "generated-300" {
                assert_eq!(e.elsewhere.max_px, 0, "{what}");
                assert_eq!(e.same_zone.max_px, 0, "{what}");
                assert!(e.same_container.max_slots <= 1.0, "{what}");
            }
            if e.kind == EditKind::AddEcs {
                assert!(e.same_container.max_slots <= 1.0, "{what}");
            }
        }
    }
}

/// A VPC region of two zones with `a` servers in zone A's vSwitch and one in zone B's, a
/// second region on its right and a customer data centre, with `extra` nodes added.
fn two_regions(a: usize, extra: &str) -> String {
    let mut nodes = String::new();
    for i in 0..a {
        nodes.push_str(&format!(
            r#"{{"id":"web-a{i}","kind":"ecs","module":"web","vswitch":"vsw-a"}},"#
        ));
    }
    format!(
        r#"{{"archlint":1,"regions":[
            {{"id":"r","network":"vpc","zones":[{{"id":"za"}},{{"id":"zb"}}]}},
            {{"id":"r2","network":"classic","zones":[{{"id":"zc"}}]}}],
        "vpcs":[{{"id":"vpc","region":"r","cidr":"10.0.0.0/16","vswitches":[
            {{"id":"vsw-a","zone":"za","cidr":"10.0.1.0/24"}},
            {{"id":"vsw-b","zone":"zb","cidr":"10.0.2.0/24"}}]}}],
        "nodes":[{nodes}
            {{"id":"web-b","kind":"ecs","module":"web","vswitch":"vsw-b"}},
            {{"id":"db","kind":"rds","region":"r"}},
            {{"id":"far","kind":"ecs","zone":"zc"}},
            {{"id":"idc","kind":"idc"}}{extra}],
        "links":[{{"from":"web-b","to":"db","port":3306}}]}}"#
    )
}

#[test]
fn a_cell_that_outgrows_its_line_wraps_without_moving_other_zones_or_regions() {
    // The nodes per line are a function of the region's nodes per zone, not of its fullest
    // cell: zone A's vSwitch going from 2 to 3 servers (where the nodes per line of vSwitch
    // cells used to go from 2 to 3, widening every zone column) and from 4 to 5 (3 to 4)
    // wraps the new server onto a line of its own; zone B, the other region, the data centre
    // and the internet stay where they were.
    for a in [2, 4] {
        let before = corners(&two_regions(a, ""));
        let after = corners(&two_regions(
            a,
            r#",{"id":"new","kind":"ecs","module":"web","vswitch":"vsw-a"}"#,
        ));
        let what = format!("a = {a}");
        stayed(&before, &after, ["web-b", "far", "idc"], &what);
        stayed(&before, &after, (0..a).map(|i| format!("web-a{i}")), &what);
        let (first, new) = (corner(&after, "web-a0"), corner(&after, "new"));
        assert_eq!(first.0, new.0, "the new server starts a line (a = {a})");
        assert!(new.1 > first.1, "below the others (a = {a})");
    }
}

#[test]
fn a_server_moved_to_the_other_zone_moves_nothing_sideways() {
    // Moving a server between the zones of a region keeps its nodes per zone, so the zone
    // columns keep their width: in the old rule, zone A's vSwitch going from 3 servers to 2
    // narrowed every column of the region and moved the region on its right.
    let text = two_regions(3, "");
    let moved = text.replacen(
        r#""id":"web-a2","kind":"ecs","module":"web","vswitch":"vsw-a""#,
        r#""id":"web-a2","kind":"ecs","module":"web","vswitch":"vsw-b""#,
        1,
    );
    assert_ne!(text, moved);
    let (before, after) = (corners(&text), corners(&moved));
    stayed(
        &before,
        &after,
        ["web-a0", "web-a1", "far", "idc"],
        "moved to zone B",
    );
    // The server it joined moves by one slot at most (the moved one comes first in design
    // order), on its line.
    let (b0, b1) = (corner(&before, "web-b"), corner(&after, "web-b"));
    assert_eq!(b0.1, b1.1, "web-b stays on its line");
    assert!(
        (b1.0 - b0.0).abs() <= 192,
        "web-b moved by more than one slot"
    );
}

#[test]
fn kept_drawings_move_nothing_elsewhere_but_for_a_row_that_grows() {
    // Laid out as the editor draws while editing, no edit moves a node of another zone or
    // region, and none moves a node of its own container by more than one slot — except an
    // added server whose cell outgrows its row: the rows below get a line lower in every zone
    // of the region (tiers stay rows), by one line (80 px) at most.
    let (fresh, kept) = (sessions(), kept_sessions());
    let mut fresh_moves = 0;
    for ((name, f), (_, k)) in fresh.iter().zip(&kept) {
        for e in &k.edits {
            let what = format!("{name}: {:?} {}", e.kind, e.node);
            assert!(e.same_container.max_slots <= 1.0, "{what}");
            if e.kind == EditKind::AddEcs {
                assert!(e.elsewhere.max_px <= 80, "{what}");
            } else {
                assert_eq!(e.elsewhere.max_px, 0, "{what}");
            }
        }
        fresh_moves += f
            .edits
            .iter()
            .filter(|e| e.kind != EditKind::AddEcs && e.elsewhere.max_px > 0)
            .count();
    }
    // Laid out afresh, the same edits do move other zones (what the memory is for).
    assert!(fresh_moves > 0);
}

#[test]
fn the_memory_knows_when_the_drawing_drifted() {
    // After every kept edit, `Memory::drifted` (what enables "Tidy up") says exactly whether
    // the kept drawing differs from a fresh layout of the same design; some edits drift, and
    // renaming a label or toggling a finding never makes a drawing drift.
    let mut drifted = 0;
    for (name, s) in kept_sessions() {
        for (i, e) in s.edits.iter().enumerate() {
            let (says, is) = e.drift.expect("a kept session");
            assert_eq!(says, is, "{name}: edit {i} {:?} {}", e.kind, e.node);
            drifted += usize::from(says);
        }
    }
    assert!(drifted > 0);
}

/// The corners of the nodes of `before`'s drawing and of `after`'s, `after` laid out keeping
/// the memory of `before` (`keep`) or afresh.
type Corners = Vec<(String, (i32, i32))>;
fn redrawn(before: &str, after: &str, keep: bool) -> (Corners, Corners) {
    use archlint_core::index::Ctx;
    use archlint_core::layout::{layout_keeping, Memory};
    use archlint_core::{load, LayoutOptions, Limits};
    let draw = |text: &str, m: &Memory| {
        let loaded = load(text, &Limits::DEFAULT).expect("the design loads");
        let cx = Ctx::new(&loaded.design);
        layout_keeping(&loaded.design, &cx, &[], &LayoutOptions::default(), m)
    };
    let (s0, m) = draw(before, &Memory::default());
    let none = Memory::default();
    let (s1, _) = draw(after, if keep { &m } else { &none });
    let c = |s: &archlint_core::layout::Scene| {
        s.nodes
            .iter()
            .map(|n| (n.id.clone(), (n.rect.x, n.rect.y)))
            .collect()
    };
    (c(&s0), c(&s1))
}

#[test]
fn a_fresh_memory_lays_out_as_render_does() {
    use archlint_core::index::Ctx;
    use archlint_core::layout::{layout_keeping, Memory};
    use archlint_core::svg::{to_svg, SvgOptions};
    use archlint_core::{layout, load, LayoutOptions, Limits};
    for (name, text) in designs() {
        let loaded = load(&text, &Limits::DEFAULT).expect("the design loads");
        let cx = Ctx::new(&loaded.design);
        let opts = LayoutOptions::default();
        let a = layout(&loaded.design, &cx, &[], &opts);
        let (b, m) = layout_keeping(&loaded.design, &cx, &[], &opts, &Memory::default());
        let o = SvgOptions::default();
        assert_eq!(to_svg(&a, &o), to_svg(&b, &o), "{name}");
        assert!(!m.is_empty(), "{name}");
        assert!(!m.drifted(), "{name}");
        // Laid out again with its own memory, an unedited design is drawn the same.
        let (c, m2) = layout_keeping(&loaded.design, &cx, &[], &opts, &m);
        assert_eq!(to_svg(&a, &o), to_svg(&c, &o), "{name}");
        assert_eq!(m, m2, "{name}");
    }
}

/// Three zones in a classic region: zone A's web server sends to an app server, which sends
/// to the database; zones B and C hold servers of their own rows.
fn three_tiers(extra_nodes: &str, extra_links: &str) -> String {
    format!(
        r#"{{"archlint":1,"regions":[{{"id":"r","network":"classic","zones":[{{"id":"za"}},{{"id":"zb"}},{{"id":"zc"}}]}}],
        "nodes":[{{"id":"web","kind":"ecs","module":"web","zone":"za"}},
                 {{"id":"app","kind":"ecs","module":"app","zone":"za"}},
                 {{"id":"b1","kind":"ecs","module":"b","zone":"zb"}},
                 {{"id":"b2","kind":"ecs","module":"b2","zone":"zb"}},
                 {{"id":"c1","kind":"ecs","module":"c","zone":"zc"}},
                 {{"id":"db","kind":"rds","region":"r"}}{extra_nodes}],
        "links":[{{"from":"internet","to":"web","port":443}},{{"from":"web","to":"app","port":8080}},
                 {{"from":"app","to":"db","port":3306}},{{"from":"internet","to":"b1","port":443}},
                 {{"from":"b1","to":"b2","port":8080}},{{"from":"internet","to":"c1","port":443}}{extra_links}]}}"#
    )
}

#[test]
fn kept_rows_stay_when_a_link_lengthens_a_path_or_a_layer_empties() {
    // A link from c1 to b1 makes b1's path longer: afresh, b1 and b2 go a row lower (zone B
    // moves for an edit between zones C and B, and the rows below in zone A move too); kept,
    // nothing moves. Removing the app server (the only one of its row in zone A, with the row
    // shared with b2) and then b2: afresh the rows below move up; kept, they stay.
    let base = three_tiers("", "");
    let linked = three_tiers("", r#",{"from":"c1","to":"b1","port":80}"#);
    moves_afresh_not_kept(
        &base,
        &linked,
        "b1",
        &["web", "app", "b1", "b2", "c1", "db"],
        "a link",
    );
    let emptied = base
        .replacen(
            r#"{"id":"app","kind":"ecs","module":"app","zone":"za"},"#,
            "",
            1,
        )
        .replacen(
            r#"{"id":"b2","kind":"ecs","module":"b2","zone":"zb"},"#,
            "",
            1,
        )
        .replacen(r#",{"from":"web","to":"app","port":8080}"#, "", 1)
        .replacen(r#"{"from":"app","to":"db","port":3306},"#, "", 1)
        .replacen(r#",{"from":"b1","to":"b2","port":8080}"#, "", 1);
    assert_ne!(emptied, base);
    moves_afresh_not_kept(
        &base,
        &emptied,
        "db",
        &["web", "b1", "c1", "db"],
        "an emptied row",
    );
}

/// `after` laid out afresh moves `mover` from where `before` drew it; laid out keeping
/// `before`'s drawing, it moves none of `kept` (`what`: the case).
fn moves_afresh_not_kept(before: &str, after: &str, mover: &str, kept: &[&str], what: &str) {
    let (b, fresh) = redrawn(before, after, false);
    assert_ne!(
        corner(&b, mover),
        corner(&fresh, mover),
        "afresh {mover} moves ({what})"
    );
    let (b, k) = redrawn(before, after, true);
    stayed(&b, &k, kept.iter().copied(), what);
}
