//! Lays a design out as a [`Scene`]: pure data (rectangles, polylines, texts) that any
//! backend can draw — the SVG writer in [`crate::svg`], or the browser editor directly.
//!
//! The picture follows the guide's figures: the internet on top; regions side by side, each
//! with its availability zones as columns; region-wide services (SLB, RDS, OSS, NAT, …) in
//! bands spanning the zones, SLB and RDS drawn wide enough to visibly span two zones; in VPC
//! regions the VPC box with its vSwitches as bands inside their zone's column, grouped by tier
//! (DMZ, untiered, intranet, management); rows ordered by the direction of traffic (a
//! longest-path layering of the flows), a band whose layer lies between two tiers of the VPC
//! it serves (a private SLB between the web and the application servers) between those
//! tiers, inside the VPC's box; the management SSL VPN and then connectivity (IPsec VPN,
//! leased lines) in rows of their own at the bottom; customer data centres in a column on
//! the right. Links are orthogonal polylines routed through the gaps between rows
//! and columns, so they never cross a node box.
//!
//! Coordinates are integers (pixels at 1:1). Everything is deterministic and runs in
//! O((nodes + flows) · log) time.
//!
//! A stable drawing (issue #14; measured by [`stability`]): an edit should move as little as
//! it can of what it did not touch. The rules, as a user sees them:
//!
//! - **Zone columns keep their width.** Every zone column in use of a region is as wide as a
//!   line of k nodes, k from the region's nodes per zone (the nodes of its zone and vSwitch
//!   cells over its columns in use, rounded up): 2 up to 12, 3 up to 24, 4 up to 40, 5 up to
//!   60, 6 beyond (`size::per_line`). Not from its fullest cell: adding or removing a node
//!   changes the nodes per zone by at most one, moving it to another zone of the region not
//!   at all, so the zones, the regions on the right, the data centres and the top row stay
//!   where they are unless the nodes per zone cross one of those bounds (a dozen or more
//!   apart); a cell that outgrows its line wraps downward, and the nodes of a cell keep their
//!   lines' length (an edit moves them by one slot at most).
//! - **Tiers stay rows aligned across zones**: a cell that gains or loses a line moves the
//!   rows below it, in every zone of its region, by one line (80 px), as a table's rows do;
//!   the nodes above and beside it stay. Routing runs along the channels between these rows.
//! - **A new ECS joins its module's row**, after its module's servers; a bastion goes last in
//!   its cell. Edits that change the traffic (a link that makes a path longer, the removal of
//!   the only server of a layer) layer the rows again.
//! - **An editor keeps its drawing** ([`layout_keeping`] with the [`Memory`] of the drawing on
//!   screen, `keep.rs`): drawn nodes keep their rows, rows their lines (an emptied row stays
//!   as room), VPCs and bands their places, regions their nodes per line and column widths.
//!   Then only an added server that opens a line in its cell moves other zones (the rows
//!   below, one line); a fresh layout ("Tidy up") closes the room.
//!
//! The work is done in phases, each in a file of its own with its own data, passed on
//! explicitly:
//!
//! 1. `grid.rs` — *collect*: the layer of every node (`rank.rs`), its slot (top row, data
//!    centres, a region's band, zone column or vSwitch), and per region the rows of cells
//!    (`keep.rs` then gives them what an editor's drawing keeps);
//! 2. `size.rs` — the width of every zone column and region, and of the drawing;
//! 3. `place.rs` — *compose*: boxes and node rectangles top to bottom, each node's place and
//!    the channels between rows and columns for routing;
//! 4. `legend.rs` — findings onto their nodes (the rest to the panel);
//! 5. `channels.rs` — the edges to draw and their tracks;
//! 6. `route.rs` — each edge's orthogonal polyline through the channels (with feature
//!    `bends`, one of fewer bends where a clear one exists);
//! 7. `labels.rs` — each edge's port label, where it covers nothing;
//! 8. `legend.rs` — the legend and the panel below the content.
//!
//! The types of the result ([`Scene`] and its parts) are in `scene.rs`, re-exported here;
//! [`quality`] measures a Scene's readability (crossings, shared tracks, bends, …).

mod channels;
mod grid;
#[cfg(feature = "keep")]
mod keep;
mod labels;
mod legend;
mod place;
pub mod quality;
mod rank;
mod route;
mod scene;
mod size;
pub mod stability;
pub mod text;

use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::Design;
use crate::rule::Finding;
use crate::text::Lang;

#[cfg(feature = "keep")]
pub use keep::Memory;
pub use scene::{
    BoxKind, Edge, EdgeKind, EdgeLabel, FindingNote, LayoutOptions, Legend, NodeShape, Panel, Rect,
    Scene, SceneBox, ShapeKind,
};

// Geometry, in pixels.
pub(crate) const NODE_W: i32 = 168;
pub(crate) const NODE_H: i32 = 52;
pub(crate) const GAP_X: i32 = 24;
pub(crate) const GAP_Y: i32 = 28;
const CELL_PAD: i32 = 14;
const VSW_INSET: i32 = 6;
const VSW_HEAD: i32 = 20;
const VPC_HEAD: i32 = 22;
const VPC_FOOT: i32 = 8;
const VPC_OUT: i32 = 10;
const COL_GAP: i32 = 28;
const REGION_PAD: i32 = 28;
const REGION_HEAD: i32 = 30;
const ZONE_HEAD: i32 = 24;
const ROW_GAP: i32 = 30;
const REGION_GAP: i32 = 40;
const MARGIN: i32 = 24;
const TITLE_H: i32 = 44;
const TOP_GAP: i32 = 40;
const IDC_GAP: i32 = 56;
const SITE_PAD: i32 = 14;
/// The width of the customer data centres' box.
const SITE_W: i32 = NODE_W + 2 * SITE_PAD;
const SITE_HEAD: i32 = 26;
const MIN_WIDTH: i32 = 640;
const MIN_COL_W: i32 = 228;
/// The width of a zone column with nothing in it.
const EMPTY_COL_W: i32 = 112;
/// Room for a node's label, in tenths of an em at the node font size (12 px): 120 px.
pub const LABEL_MAX_EM10: u32 = 100;
/// The most findings listed in the design panel.
pub const PANEL_MAX: usize = 200;

/// Lays a design out. `findings` are the lint findings to show (ignored when
/// `opts.findings` is false).
pub fn layout(design: &Design, cx: &Ctx<'_>, findings: &[Finding], opts: &LayoutOptions) -> Scene {
    let grid = grid::collect(design, cx, &[]);
    let widths = size::widths(&grid);
    let placed = place::place(design, cx, &grid, &widths, opts.lang);
    let width = widths.width;
    // Dropped as soon as they are done with: besides freeing the memory, the shorter lives
    // keep the inlined code of the docs widget smaller (measured).
    drop((grid, widths));
    compose(design, cx, findings, opts, placed, width)
}

/// Lays a design out as [`layout`] does, keeping what `memory` keeps of the drawing before an
/// edit (see [`Memory`]; `Memory::default()`: a fresh layout, the same scene as [`layout`]);
/// returns the scene and the memory of it for the next edit.
#[cfg(feature = "keep")]
pub fn layout_keeping(
    design: &Design,
    cx: &Ctx<'_>,
    findings: &[Finding],
    opts: &LayoutOptions,
    memory: &Memory,
) -> (Scene, Memory) {
    let mut grid = grid::collect(design, cx, &memory.layers_for(design));
    memory.apply(design, &mut grid);
    let widths = size::widths(&grid);
    let placed = place::place(design, cx, &grid, &widths, opts.lang);
    let kept = Memory::of(design, &grid, &widths, &placed);
    let width = widths.width;
    drop((grid, widths));
    (compose(design, cx, findings, opts, placed, width), kept)
}

/// Every planned edge routed, its pieces on tracks of their own. With `bends`, edge `k` takes a
/// route of fewer bends where one runs clear unless `plain[k]`; the second value lists the
/// edges that took one.
fn route_all(
    placed: &place::Placed,
    planned: &[channels::Planned<'_>],
    plain: &[bool],
) -> (Vec<Vec<(i32, i32)>>, Vec<usize>) {
    let mut router = route::Router::new(placed);
    let mut routes: Vec<Vec<(i32, i32)>> = Vec::with_capacity(planned.len());
    let mut ends_room: Vec<(i32, i32)> = Vec::with_capacity(planned.len());
    #[cfg_attr(not(feature = "bends"), allow(unused_mut))]
    let mut taken = Vec::new();
    for (k, e) in planned.iter().enumerate() {
        let r = router.route_edge(e);
        #[cfg(feature = "bends")]
        let r = match plain.get(k).is_some_and(|p| !p) {
            true => match router.fewer_bends(e.from, e.to, &r) {
                Some(f) => {
                    taken.push(k);
                    f
                }
                None => r,
            },
            false => r,
        };
        #[cfg(not(feature = "bends"))]
        let _ = (k, plain);
        routes.push(r.points);
        ends_room.push(r.ends_room);
    }
    let lanes = core::mem::take(&mut router.lanes);
    drop(router);
    route::assign_tracks(&mut routes, &ends_room, &lanes, placed);
    (routes, taken)
}

/// Routes, labels, the legend and the panel of placed nodes: the scene.
#[inline(always)]
fn compose(
    design: &Design,
    cx: &Ctx<'_>,
    findings: &[Finding],
    opts: &LayoutOptions,
    mut placed: place::Placed,
    width: i32,
) -> Scene {
    let lang = opts.lang;
    let panel_notes = legend::attach_findings(cx, findings, opts.findings, &mut placed);
    let channels = channels::plan(design, cx, &placed);
    // Every edge routed, its pieces on tracks of their own, then labelled where its label
    // covers nothing and no line runs.
    let mut planned = Vec::with_capacity(channels.len());
    channels.each(|e| planned.push(e));
    #[cfg(not(feature = "bends"))]
    let routes = route_all(&placed, &planned, &[]).0;
    // Routes of fewer bends run clear of nodes and captions, not of the other lines: one that
    // ends up on another line's track (a line into the same node's top, a trunk down the same
    // column) is routed through the channels again, and all the routes with it (the channels'
    // tracks are assigned together). Each round keeps more edges plain; three rounds at most.
    #[cfg(feature = "bends")]
    let routes = {
        let mut plain = alloc::vec![planned.len() > route::THOROUGH_MAX; planned.len()];
        let mut round = 0;
        loop {
            let (routes, taken) = route_all(&placed, &planned, &plain);
            let clashes = route::on_shared_track(&routes, &taken);
            round += 1;
            if clashes.is_empty() || round == 3 {
                break routes;
            }
            for k in clashes {
                plain[k] = true;
            }
        }
    };
    let mut labels = labels::Labels::new(&placed, &routes);
    let mut edges: Vec<Edge> = Vec::with_capacity(planned.len());
    for (k, (e, points)) in planned.iter().zip(routes).enumerate() {
        let label = labels.label(e, k, &points);
        let (a, b) = (e.from, e.to);
        edges.push(Edge {
            from: placed.shapes[a].id.clone(),
            to: placed.shapes[b].id.clone(),
            from_node: a,
            to_node: b,
            kind: e.kind,
            points,
            arrow: matches!(e.kind, EdgeKind::Flow | EdgeKind::Backend),
            label,
        });
    }
    drop((planned, labels));
    drop(channels);
    let (legend, panel, height) = legend::legend_and_panel(&placed, panel_notes, width);
    let title = match &design.name {
        Some(t) if !t.trim().is_empty() => t.clone(),
        _ => String::from(match lang {
            Lang::En => "Architecture",
            Lang::Zh => "架构图",
        }),
    };
    Scene {
        width,
        height,
        title,
        boxes: placed.boxes,
        nodes: placed.shapes,
        edges,
        legend,
        panel,
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{load, Limits};

    fn lay(text: &str) -> Scene {
        let loaded = load(text, &Limits::DEFAULT).unwrap();
        let cx = Ctx::new(&loaded.design);
        layout(&loaded.design, &cx, &[], &LayoutOptions::default())
    }

    fn y_of(s: &Scene, id: &str) -> i32 {
        s.nodes.iter().find(|n| n.id == id).unwrap().rect.y
    }

    #[test]
    fn layering_follows_traffic_and_survives_cycles() {
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"}]}],
            "nodes":[{"id":"c","kind":"ecs","zone":"z"},{"id":"b","kind":"ecs","zone":"z"},
                     {"id":"a","kind":"ecs","zone":"z"},{"id":"d","kind":"ecs","zone":"z"}],
            "links":[{"from":"a","to":"b"},{"from":"b","to":"c"},{"from":"c","to":"a"},
                     {"from":"c","to":"c"},{"from":"c","to":"d"}]}"#,
        );
        // The depth-first search starts at c (the first node) and drops the edge that closes
        // the cycle (b → c); the rest is layered by the longest path: c, then a and d, then b.
        assert!(y_of(&s, "c") < y_of(&s, "a"));
        assert!(y_of(&s, "a") < y_of(&s, "b"));
        assert!(y_of(&s, "c") < y_of(&s, "d"));
        assert_eq!(s.edges.len(), 4, "the self-loop is not drawn");
    }

    #[test]
    fn data_stores_without_flows_sit_below_the_traffic() {
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"},{"id":"y"}]}],
            "nodes":[{"id":"db","kind":"rds","region":"r"},{"id":"o","kind":"oss","region":"r"},
                     {"id":"lb","kind":"slb","region":"r","backends":["w"]},
                     {"id":"w","kind":"ecs","zone":"z"},{"id":"v","kind":"ecs","zone":"y"}],
            "links":[{"from":"internet","to":"lb"}]}"#,
        );
        assert!(y_of(&s, "lb") < y_of(&s, "w"));
        assert!(y_of(&s, "w") < y_of(&s, "db"));
        assert_eq!(y_of(&s, "db"), y_of(&s, "o"));
        let db = s.nodes.iter().find(|n| n.id == "db").unwrap();
        let zones: Vec<_> = s.boxes.iter().filter(|b| b.kind == BoxKind::Zone).collect();
        assert_eq!(zones.len(), 2);
        assert!(
            zones.iter().all(|z| z.rect.overlaps(&db.rect)),
            "RDS spans both zones"
        );
    }

    #[test]
    fn many_nodes_in_one_zone_wrap_without_overlap() {
        let mut nodes = String::new();
        for i in 0..40 {
            if i > 0 {
                nodes.push(',');
            }
            nodes.push_str(&alloc::format!(
                r#"{{"id":"n{i}","kind":"ecs","zone":"z","label":"服务器 {i}"}}"#
            ));
        }
        let s = lay(&alloc::format!(
            r#"{{"archlint":1,"regions":[{{"id":"r","zones":[{{"id":"z"}}]}}],"nodes":[{nodes}]}}"#
        ));
        let per_line = s
            .nodes
            .iter()
            .filter(|n| n.rect.y == s.nodes[0].rect.y)
            .count();
        assert!((2..=6).contains(&per_line));
        for (i, a) in s.nodes.iter().enumerate() {
            for b in &s.nodes[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect));
            }
        }
    }

    #[test]
    fn a_narrow_regions_caption_is_drawn_smaller_to_stay_whole() {
        let caption = |label: &str| {
            let s = lay(&alloc::format!(
                r#"{{"archlint":1,"regions":[{{"id":"r","label":"{label}","role":"dr",
                "network":"classic","zones":[{{"id":"z"}}]}}],
                "nodes":[{{"id":"a","kind":"ecs","zone":"z"}}]}}"#
            ));
            let b = s.boxes.iter().find(|b| b.kind == BoxKind::Region).unwrap();
            let svg = crate::svg::to_svg(&s, &crate::svg::SvgOptions::default());
            (b.text.clone(), b.label.clone(), b.text_size, svg)
        };
        // Short: whole at 14 px.
        let (text, label, size, svg) = caption("青岛");
        assert_eq!((text.as_str(), size), (label.as_str(), 14));
        assert!(svg.contains("class=\"bl bl-region c-region\""));
        // Too long for 14 px in one zone's width, whole at a smaller size: the SVG says which.
        let (text, label, size, svg) = caption("华北1（青岛）金融云 · 异地灾备中心");
        assert_eq!(text, label);
        assert!(size == 12 || size == 13, "{size}");
        assert!(svg.contains(&alloc::format!("class=\"bl bl-region fs{size} c-region\"")));
        assert!(svg.contains(&alloc::format!(".bl-region.fs{size}{{font-size:{size}px}}")));
        // Too long even at 12 px: cut at 12 px, the whole label in the tooltip.
        let (text, label, size, _) = caption(&"金融云".repeat(12));
        assert_eq!(size, 12);
        assert!(text.ends_with(text::ELLIPSIS) && text.len() < label.len());
    }

    #[test]
    fn a_private_slb_between_two_tiers_sits_between_them_inside_the_vpc() {
        // Web servers (DMZ) → private SLB → application servers (intranet) → RDS, and a
        // management vSwitch with a bastion: the SLB's layer lies between the DMZ and the
        // intranet tier, so its band goes between those rows, inside the VPC's box; the RDS
        // (deeper than every tier but management) stays below the VPC.
        let design = r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"},{"id":"y"}]}],
            "vpcs":[{"id":"v","region":"r","cidr":"10.0.0.0/16","vswitches":[
              {"id":"dz","zone":"z","tier":"dmz","cidr":"10.0.1.0/24"},
              {"id":"dy","zone":"y","tier":"dmz","cidr":"10.0.2.0/24"},
              {"id":"iz","zone":"z","tier":"intranet","cidr":"10.0.3.0/24"},
              {"id":"iy","zone":"y","tier":"intranet","cidr":"10.0.4.0/24"},
              {"id":"mz","zone":"z","tier":"management","cidr":"10.0.5.0/24"}]}],
            "nodes":[{"id":"web1","kind":"ecs","vswitch":"dz"},{"id":"web2","kind":"ecs","vswitch":"dy"},
                     {"id":"lb","kind":"slb","region":"r","scope":"private","backends":["app1","app2"]},
                     {"id":"app1","kind":"ecs","vswitch":"iz"},{"id":"app2","kind":"ecs","vswitch":"iy"},
                     {"id":"bastion","kind":"ecs","role":"bastion","vswitch":"mz"},
                     {"id":"db","kind":"rds","region":"r"}],
            "links":[{"from":"web1","to":"lb","port":8080},{"from":"web2","to":"lb","port":8080},
                     {"from":"app1","to":"db","port":3306},{"from":"app2","to":"db","port":3306}]}"#;
        let s = lay(design);
        let (web, lb, app, bastion, db) = (
            y_of(&s, "web1"),
            y_of(&s, "lb"),
            y_of(&s, "app1"),
            y_of(&s, "bastion"),
            y_of(&s, "db"),
        );
        assert!(
            web < lb && lb < app && app < bastion && bastion < db,
            "{web} {lb} {app} {bastion} {db}"
        );
        let vpc = s
            .boxes
            .iter()
            .find(|b| b.kind == BoxKind::Vpc)
            .unwrap()
            .rect;
        let lb_rect = s.nodes.iter().find(|n| n.id == "lb").unwrap().rect;
        assert!(
            vpc.y < lb_rect.y && lb_rect.bottom() < vpc.bottom(),
            "inside the VPC's box"
        );
        let db_rect = s.nodes.iter().find(|n| n.id == "db").unwrap().rect;
        assert!(db_rect.y > vpc.bottom(), "the RDS stays below the VPC");
        // Without the links into the SLB it is layered first (nothing flows into it) and
        // stays above the VPC, a band of its own.
        let lone = lay(&design.replace(
            r#"{"from":"web1","to":"lb","port":8080},{"from":"web2","to":"lb","port":8080},"#,
            "",
        ));
        let vpc = lone
            .boxes
            .iter()
            .find(|b| b.kind == BoxKind::Vpc)
            .unwrap()
            .rect;
        assert!(
            lone.nodes
                .iter()
                .find(|n| n.id == "lb")
                .unwrap()
                .rect
                .bottom()
                < vpc.y
        );
    }

    #[test]
    fn the_management_vpn_sits_above_the_leased_lines() {
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"}]}],
            "vpcs":[{"id":"v","region":"r","cidr":"10.0.0.0/16","vswitches":[
              {"id":"m","zone":"z","tier":"management","cidr":"10.0.5.0/24"}]}],
            "nodes":[{"id":"bastion","kind":"ecs","role":"bastion","vswitch":"m"},
                     {"id":"line","kind":"leased_line","region":"r","connects":"idc"},
                     {"id":"ssl","kind":"vpn","type":"ssl","region":"r"},
                     {"id":"idc","kind":"idc"}],
            "links":[{"from":"ssl","to":"bastion","port":22}]}"#,
        );
        assert!(y_of(&s, "bastion") < y_of(&s, "ssl"));
        assert!(
            y_of(&s, "ssl") < y_of(&s, "line"),
            "the leased line goes last"
        );
    }

    #[test]
    fn two_nodes_side_by_side_on_a_line_above_another_are_linked_under_their_line() {
        // EIP and NAT gateway on the first line of a band whose second line holds the RDS:
        // the attachment runs along the gap close under their line (two bends, 8 px down: a
        // wider loop would be a detour), not down to the channel below the band and round the
        // RDS.
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"}]}],
            "nodes":[{"id":"a","kind":"ecs","zone":"z"},
                     {"id":"nat","kind":"nat","region":"r"},
                     {"id":"eip","kind":"eip","attached_to":"nat"},
                     {"id":"db","kind":"rds","region":"r"}],
            "links":[{"from":"a","to":"nat","port":443},{"from":"a","to":"db","port":3306}]}"#,
        );
        let rect = |id: &str| s.nodes.iter().find(|n| n.id == id).unwrap().rect;
        let (eip, nat, db) = (rect("eip"), rect("nat"), rect("db"));
        assert_eq!(eip.y, nat.y, "one line");
        assert!(db.y > nat.bottom(), "the RDS on the line below");
        let e = s
            .edges
            .iter()
            .find(|e| e.from == "eip" && e.to == "nat")
            .unwrap();
        assert_eq!(e.points.len(), 4, "{:?}", e.points);
        assert_eq!(e.points[1].1, nat.bottom() + 8, "{:?}", e.points);
        assert!(
            e.points.iter().all(|p| p.1 >= nat.bottom() && p.1 < db.y),
            "{:?}",
            e.points
        );
    }

    #[test]
    fn a_route_to_a_line_beside_its_node_leaves_the_side_and_one_over_it_goes_straight() {
        // A public SLB spanning two zones above two servers per zone: the servers under the
        // SLB are reached straight down, the outer ones from the SLB's side (one bend), not
        // down to the channel, along it and down again (two more).
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"a"},{"id":"b"}]}],
            "nodes":[{"id":"lb","kind":"slb","region":"r","public":true,
                      "backends":["a1","a2","b1","b2"]},
                     {"id":"a1","kind":"ecs","zone":"a"},{"id":"a2","kind":"ecs","zone":"a"},
                     {"id":"b1","kind":"ecs","zone":"b"},{"id":"b2","kind":"ecs","zone":"b"}]}"#,
        );
        let lb = s.nodes.iter().find(|n| n.id == "lb").unwrap().rect;
        let mut straight = 0;
        for e in s.edges.iter().filter(|e| e.from == "lb") {
            let (first, second) = (e.points[0], e.points[1]);
            match e.points.len() {
                2 => {
                    assert_eq!(
                        (first.1, first.0),
                        (lb.bottom(), second.0),
                        "{:?}",
                        e.points
                    );
                    straight += 1;
                }
                3 => {
                    assert!(first.0 == lb.x || first.0 == lb.right(), "{:?}", e.points);
                    assert_eq!(first.1, second.1, "across from the side: {:?}", e.points);
                }
                _ => panic!("{} -> {}: {:?}", e.from, e.to, e.points),
            }
        }
        assert_eq!(straight, 2, "{:?}", s.edges);
    }

    #[cfg(feature = "bends")]
    #[test]
    fn routes_take_fewer_bends_where_a_clear_way_has_them() {
        // In the reference VPC design, through the channels alone the web server B2 reaches
        // the internal SLB round the right margin (3 bends) and the app server B1 the NAT
        // gateway through its cell's gutter and the margin (4). Straight down from B2 into the
        // SLB's side, and out of B1's side down a line into the gateway's side, are clear.
        let s = lay(include_str!("../../../examples/vpc.json"));
        let bends = |from: &str, to: &str| {
            let e = s
                .edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .unwrap();
            e.points.len() - 2
        };
        assert_eq!(bends("web-b2", "slb-app"), 1);
        assert_eq!(bends("app-b1", "nat-gw"), 2);
        for e in &s.edges {
            assert!(
                e.points.len() - 2 <= 3,
                "{} -> {}: {:?}",
                e.from,
                e.to,
                e.points
            );
            // Through no node but its own two.
            for n in s.nodes.iter().filter(|n| n.id != e.from && n.id != e.to) {
                for w in e.points.windows(2) {
                    assert!(
                        !n.rect.hit_by_segment(w[0], w[1]),
                        "{} -> {} through {}",
                        e.from,
                        e.to,
                        n.id
                    );
                }
            }
        }
    }

    #[test]
    fn a_band_node_is_entered_over_the_way_to_the_other_end() {
        // In two-region-three-center.json the SLBs span their zones' columns. Entered through
        // their middles, the lines to and from the Qingdao servers under them took two bends
        // each (out of the middle, along the channel, down to the server); entered over the
        // servers, they drop straight.
        let s = lay(include_str!(
            "../../../examples/two-region-three-center.json"
        ));
        for (from, to) in [
            ("slb-web-qd", "web-qd1"),
            ("slb-web-qd", "web-qd2"),
            ("web-qd1", "slb-app-qd"),
            ("web-qd2", "slb-app-qd"),
            ("slb-app-qd", "app-qd1"),
            ("slb-app-qd", "app-qd2"),
            ("web-b2", "slb-app"),
            ("web-c1", "slb-app"),
        ] {
            let e = s
                .edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .unwrap();
            assert_eq!(e.points.len(), 2, "{from} -> {to}: {:?}", e.points);
            assert_eq!(
                e.points[0].0, e.points[1].0,
                "{from} -> {to}: {:?}",
                e.points
            );
        }
    }

    #[cfg(feature = "bends")]
    #[test]
    fn routes_of_fewer_bends_keep_off_other_lines_tracks() {
        // In the generated design of about 20 nodes, seed 10, app servers 0-00 and 0-10 sit
        // either side of a column gap over database 0. Each has a route of fewer bends out of
        // its side and down into the database's top, the same place for both: 423 px of one
        // track. One of them is routed through the channels again, and they share none.
        let text = crate::gen::design(20, 10);
        let loaded = load(&text, &Limits::DEFAULT).unwrap();
        let mut cx = Ctx::new(&loaded.design);
        let findings = crate::lint::lint_with_ctx(&loaded, &mut cx, &Default::default()).findings;
        let s = layout(&loaded.design, &cx, &findings, &LayoutOptions::default());
        for (from, to) in [("r0-app0-00", "r0-db0"), ("r0-app0-10", "r0-db0")] {
            let e = s
                .edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .unwrap();
            for other in s.edges.iter().filter(|o| !core::ptr::eq(*o, e)) {
                let mut two = s.clone();
                two.edges = alloc::vec![e.clone(), other.clone()];
                let q = quality::measure(&two);
                assert_eq!(
                    q.shared_length, 0,
                    "{from} -> {to} on the track of {} -> {}",
                    other.from, other.to
                );
            }
        }
    }

    #[test]
    fn rect_segment_hits() {
        let r = Rect::new(10, 10, 20, 20);
        assert!(r.hit_by_segment((0, 15), (40, 15)));
        assert!(!r.hit_by_segment((0, 10), (40, 10)), "along the border");
        assert!(!r.hit_by_segment((0, 5), (40, 5)));
        assert!(r.hit_by_segment((20, 0), (20, 11)));
        assert!(!r.hit_by_segment((20, 0), (20, 10)), "touching the border");
        assert!(!r.hit_by_segment((30, 0), (30, 40)));
    }

    #[test]
    fn findings_about_a_container_go_on_its_box_and_the_svg_draws_them() {
        // NS006: vSwitch `vsw-a` lies outside its VPC's block. The finding is about the
        // vSwitch, drawn as a box: it goes on that box (badge and tooltip), not into the
        // design panel.
        let text = r#"{ "archlint": 1,
          "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
          "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "10.0.0.0/16",
                      "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ] }"#;
        let loaded = load(text, &Limits::DEFAULT).unwrap();
        let mut cx = Ctx::new(&loaded.design);
        let findings =
            crate::lint::lint_with_ctx(&loaded, &mut cx, &crate::LintOptions::default()).findings;
        let about = |id: &str| {
            findings
                .iter()
                .filter(|f| f.target.as_deref() == Some(id))
                .count()
        };
        assert!(about("vsw-a") >= 1, "{findings:?}");
        let scene = layout(&loaded.design, &cx, &findings, &LayoutOptions::default());
        let b = scene.boxes.iter().find(|b| b.id == "vsw-a").unwrap();
        assert_eq!(b.findings.len(), about("vsw-a"));
        assert!(b.findings.iter().any(|f| f.code == "NS006"));
        assert_eq!(b.severity, b.findings.iter().map(|f| f.severity).max());
        let panel: Vec<_> = scene.panel.iter().flat_map(|p| &p.findings).collect();
        assert!(panel.iter().all(|f| f.target.as_deref() != Some("vsw-a")));
        assert!(scene.legend.severities.contains(&b.severity.unwrap()));
        // Without findings shown, no box carries any.
        let bare = layout(
            &loaded.design,
            &cx,
            &findings,
            &LayoutOptions {
                findings: false,
                ..LayoutOptions::default()
            },
        );
        assert!(bare
            .boxes
            .iter()
            .all(|b| b.findings.is_empty() && b.severity.is_none()));
        // The SVG: one badge group for the vSwitch, its tooltip naming the rule.
        let svg = crate::svg::to_svg(&scene, &crate::svg::SvgOptions::default());
        let at = svg
            .find("<g class=\"bf\" data-id=\"vsw-a\"")
            .expect("the vSwitch's badge");
        let end = at + svg[at..].find("</g>").unwrap();
        assert!(svg[at..end].contains("NS006"), "{}", &svg[at..end]);
        assert_eq!(svg.matches("<g class=\"bf\"").count(), 1);
    }
}
