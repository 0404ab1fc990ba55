//! Dragging on the canvas: a node's body moves it (into the zone, vSwitch or region under the
//! pointer, next to the sibling it is dropped beside), the dot on its right edge (or the
//! Internet node) draws a link. While the mouse moves, a preview shows where the node will land
//! (the target container outlined, the insertion slot as a bar, a ghost of the node) or the
//! line being drawn. The preview is a handful of elements the canvas renders once, empty; the
//! pointer moves them by setting attributes directly, so a drag re-renders nothing.

use archlint_core::layout::{BoxKind, Rect, Scene, ShapeKind};

use crate::dom;

/// Height of a node and the gaps between nodes in a cell (core's layout constants).
const NODE_H: i32 = 52;
const GAP_X: i32 = 24;
const GAP_Y: i32 = 28;
/// How far (screen pixels) the pointer moves before a press on a node becomes a drag.
pub const DRAG_PX: i32 = 4;

/// The gesture under way.
#[derive(Debug, Clone, PartialEq)]
pub enum Gesture {
    /// A press on a node's body: a click, unless the pointer moves past [`DRAG_PX`].
    Press {
        id: String,
        /// Where it was pressed, on the screen and in the scene.
        client: (i32, i32),
        scene: (f64, f64),
    },
    /// Moving a node: its rectangle and where it was grabbed (scene coordinates).
    Move {
        id: String,
        rect: Rect,
        grab: (f64, f64),
    },
    /// Drawing a link from a node (or `internet`).
    Link { from: String },
}

/// The preview's elements (and the rubber band of a multiple selection), drawn once, empty;
/// the pointer sets their attributes. Markup: as Yew elements they cost kilobytes of WASM.
pub const LAYER: &str = "<g class=\"drag-layer\" aria-hidden=\"true\">\
    <rect id=\"drop-target\" class=\"drop-target\" rx=\"8\"/>\
    <line id=\"drop-slot\" class=\"drop-slot\"/>\
    <rect id=\"drag-ghost\" class=\"drag-ghost\" rx=\"6\"/>\
    <rect id=\"select-band\" class=\"select-band\"/>\
    <line id=\"link-rubber\" class=\"link-rubber\"/></g>";

/// The state of the pointer, kept between events (no re-render).
#[derive(Debug, Default)]
pub struct Drag {
    pub now: Option<Gesture>,
    /// A drag just ended: the click that follows the mouse-up is not a click.
    pub swallow_click: bool,
}

/// The Internet node the editor draws when the design has no link from the internet (core
/// draws it only then): in the title row, at the right, where nothing else is drawn.
pub fn internet_stub(scene: &Scene) -> Option<Rect> {
    if scene.nodes.iter().any(|n| n.kind == ShapeKind::Internet) {
        return None;
    }
    Some(Rect::new(scene.width - 24 - STUB_W, 4, STUB_W, 40))
}

/// The stub's width.
pub const STUB_W: i32 = 150;

fn inside(r: &Rect, p: (f64, f64)) -> bool {
    p.0 >= r.x as f64 && p.0 <= r.right() as f64 && p.1 >= r.y as f64 && p.1 <= r.bottom() as f64
}

/// The container a node dropped at `p` goes into: the innermost vSwitch, else zone, else
/// region box under the point (index into `scene.boxes`).
pub fn drop_box(scene: &Scene, p: (f64, f64)) -> Option<usize> {
    let rank = |k: BoxKind| match k {
        BoxKind::VSwitch => Some(2),
        BoxKind::Zone => Some(1),
        BoxKind::Region => Some(0),
        _ => None,
    };
    scene
        .boxes
        .iter()
        .enumerate()
        .filter(|(_, b)| !b.id.is_empty() && inside(&b.rect, p))
        .filter_map(|(i, b)| Some((rank(b.kind)?, -(b.rect.w as i64 * b.rect.h as i64), i)))
        .max()
        .map(|(_, _, i)| i)
}

/// The box drawn for the container `id` nearest to `p` (a vSwitch may be drawn in several
/// rows).
pub fn box_of(scene: &Scene, id: &str, p: (f64, f64)) -> Option<usize> {
    let d = |r: &Rect| {
        let dx = (r.x as f64 - p.0).max(p.0 - r.right() as f64).max(0.0);
        let dy = (r.y as f64 - p.1).max(p.1 - r.bottom() as f64).max(0.0);
        dx + dy
    };
    scene
        .boxes
        .iter()
        .enumerate()
        .filter(|(_, b)| b.id == id)
        .min_by(|a, b| d(&a.1.rect).total_cmp(&d(&b.1.rect)))
        .map(|(i, _)| i)
}

/// The sibling a node dropped at `p` lands beside: a node in the same row of the same container
/// whose side the point is nearest to (within a gap), and whether it lands after it (index into
/// `scene.nodes`).
pub fn slot(scene: &Scene, p: (f64, f64), dragged: &str) -> Option<(usize, bool)> {
    let mut best: Option<(f64, usize)> = None;
    for (i, n) in scene.nodes.iter().enumerate() {
        if n.kind == ShapeKind::Internet || n.id == dragged {
            continue;
        }
        let r = &n.rect;
        let row = p.1 >= (r.y - GAP_Y / 2) as f64 && p.1 <= (r.bottom() + GAP_Y / 2) as f64;
        let near = p.0 >= (r.x - GAP_X) as f64 && p.0 <= (r.right() + GAP_X) as f64;
        let same_box = n
            .container
            .and_then(|c| scene.boxes.get(c))
            .is_none_or(|b| inside(&b.rect, p));
        if row && near && same_box {
            let d = (p.0 - r.cx() as f64).abs();
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, i));
            }
        }
    }
    best.map(|(_, i)| (i, p.0 > scene.nodes[i].rect.cx() as f64))
}

/// Where the insertion bar of a slot is drawn: beside the sibling, in the gap.
pub fn slot_line(r: &Rect, after: bool) -> (i32, i32, i32, i32) {
    let x = if after {
        r.right() + GAP_X / 2
    } else {
        r.x - GAP_X / 2
    };
    (x, r.y - 4, x, r.y + NODE_H.max(r.h) + 4)
}

/// The rectangle of a node of the scene, or of the Internet stub.
pub fn anchor(scene: &Scene, id: &str) -> Option<Rect> {
    scene
        .nodes
        .iter()
        .find(|n| n.id == id && (n.kind == ShapeKind::Internet) == (id == "internet"))
        .map(|n| n.rect)
        .or_else(|| (id == "internet").then(|| internet_stub(scene)).flatten())
}

/// What dropping the node `id` at `p` does.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    /// The container it goes into and the sibling it lands beside (for `Action::Move`).
    pub drop: (Option<String>, Option<(String, bool)>),
    /// The box of the container its placement changes to (index into `scene.boxes`).
    pub target: Option<usize>,
    /// The sibling (index into `scene.nodes`) and whether after it.
    pub slot: Option<(usize, bool)>,
    /// It cannot go there.
    pub refused: bool,
}

/// Where the node `id` dropped at `p` lands: the container under the pointer (what its
/// placement becomes there is [`crate::gesture::placement`]) and the sibling beside it.
pub fn plan_drop(scene: &Scene, v: &serde_json::Value, id: &str, p: (f64, f64)) -> Planned {
    let into = drop_box(scene, p).map(|b| scene.boxes[b].id.clone());
    let placed = into
        .as_deref()
        .map(|i| crate::gesture::placement(v, id, i))
        .unwrap_or(Ok(None));
    let refused = placed.is_err();
    let target = match &placed {
        Ok(Some((_, to))) => box_of(scene, to, p),
        _ => None,
    };
    let slot = if refused { None } else { slot(scene, p, id) };
    let next_to = slot.map(|(i, after)| (scene.nodes[i].id.clone(), after));
    Planned {
        drop: (into, next_to),
        target,
        slot,
        refused,
    }
}

/// Shows where the node being moved (its rectangle `rect`, grabbed at `grab`) lands if
/// dropped at `p`: its ghost under the pointer, the container it goes into, the insertion slot.
pub fn preview_move(
    scene: &Scene,
    v: &serde_json::Value,
    id: &str,
    rect: &Rect,
    grab: (f64, f64),
    p: (f64, f64),
) {
    let plan = plan_drop(scene, v, id, p);
    let ghost = Rect::new(
        rect.x + (p.0 - grab.0).round() as i32,
        rect.y + (p.1 - grab.1).round() as i32,
        rect.w,
        rect.h,
    );
    show_ghost(&ghost, plan.refused);
    show_target(
        plan.target
            .map(|b| (&scene.boxes[b].rect, scene.boxes[b].id.as_str())),
    );
    show_slot(plan.slot.map(|(i, after)| {
        let n = &scene.nodes[i];
        (&n.rect, n.id.as_str(), after)
    }));
}

fn set(id: &str, attrs: &[(&str, String)]) {
    if let Some(el) = dom::by_id(id) {
        for (k, v) in attrs {
            let _ = el.set_attribute(k, v);
        }
        let _ = el.set_attribute("data-on", "");
    }
}

fn off(id: &str) {
    if let Some(el) = dom::by_id(id) {
        if el.has_attribute("data-on") {
            let _ = el.remove_attribute("data-on");
        }
    }
}

/// Shows the node's ghost at `r`, refused (it cannot go there) or not.
pub fn show_ghost(r: &Rect, refused: bool) {
    set(
        "drag-ghost",
        &[
            ("x", r.x.to_string()),
            ("y", r.y.to_string()),
            ("width", r.w.to_string()),
            ("height", r.h.to_string()),
        ],
    );
    if let Some(el) = dom::by_id("drag-ghost") {
        let _ = if refused {
            el.set_attribute("data-refused", "")
        } else {
            el.remove_attribute("data-refused")
        };
    }
}

/// Outlines the container the node will go into (`None`: none changes).
pub fn show_target(target: Option<(&Rect, &str)>) {
    match target {
        Some((r, id)) => set(
            "drop-target",
            &[
                ("x", (r.x - 2).to_string()),
                ("y", (r.y - 2).to_string()),
                ("width", (r.w + 4).to_string()),
                ("height", (r.h + 4).to_string()),
                ("data-id", id.to_string()),
            ],
        ),
        None => off("drop-target"),
    }
}

/// Shows the insertion bar beside a sibling (`None`: no reordering).
pub fn show_slot(slot: Option<(&Rect, &str, bool)>) {
    match slot {
        Some((r, id, after)) => {
            let (x1, y1, x2, y2) = slot_line(r, after);
            set(
                "drop-slot",
                &[
                    ("x1", x1.to_string()),
                    ("y1", y1.to_string()),
                    ("x2", x2.to_string()),
                    ("y2", y2.to_string()),
                    ("data-next", id.to_string()),
                    ("data-after", after.to_string()),
                ],
            );
        }
        None => off("drop-slot"),
    }
}

/// The line being drawn, from the source node's right edge to the pointer.
pub fn show_rubber(from: &Rect, to: (f64, f64)) {
    set(
        "link-rubber",
        &[
            ("x1", from.right().to_string()),
            ("y1", from.cy().to_string()),
            ("x2", format!("{:.0}", to.0)),
            ("y2", format!("{:.0}", to.1)),
        ],
    );
}

/// Hides the whole preview.
pub fn hide() {
    for id in ["drag-ghost", "drop-target", "drop-slot", "link-rubber"] {
        off(id);
    }
    if let Some(el) = dom::by_id("canvas-scroll") {
        if el.has_attribute("data-dragging") {
            let _ = el.remove_attribute("data-dragging");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(text: &str) -> Scene {
        crate::art::scene(text, &[], archlint_core::Lang::En, &Default::default()).unwrap()
    }

    const TWO_ZONES: &str = r#"{ "archlint": 1,
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
      "nodes": [ { "id": "a", "kind": "ecs", "zone": "hz-b" }, { "id": "b", "kind": "ecs", "zone": "hz-b" },
                 { "id": "c", "kind": "ecs", "zone": "hz-c" } ] }"#;

    fn node<'a>(s: &'a Scene, id: &str) -> &'a archlint_core::layout::NodeShape {
        s.nodes.iter().find(|n| n.id == id).unwrap()
    }

    #[test]
    fn a_drop_goes_into_the_innermost_container_under_the_pointer() {
        let s = scene(TWO_ZONES);
        let c = node(&s, "c").rect;
        // Below the node in zone C: that zone.
        let p = (c.cx() as f64, (c.bottom() + 12) as f64);
        let b = drop_box(&s, p).unwrap();
        assert_eq!(s.boxes[b].id, "hz-c");
        // In the region's head, above the zones: the region.
        let r = s.boxes.iter().find(|b| b.id == "hz").unwrap().rect;
        let b = drop_box(&s, ((r.x + 10) as f64, (r.y + 5) as f64)).unwrap();
        assert_eq!(s.boxes[b].id, "hz");
        // Outside everything: nothing.
        assert_eq!(drop_box(&s, (-5.0, -5.0)), None);
    }

    #[test]
    fn a_drop_beside_a_node_lands_before_or_after_it() {
        let s = scene(TWO_ZONES);
        let (a, b) = (node(&s, "a").rect, node(&s, "b").rect);
        assert_eq!(a.y, b.y, "a and b side by side");
        let ib = s.nodes.iter().position(|n| n.id == "b").unwrap();
        let ia = s.nodes.iter().position(|n| n.id == "a").unwrap();
        // Dragging c: just right of b → after b; on a's left half → before a.
        let p = ((b.right() + 6) as f64, b.cy() as f64);
        assert_eq!(slot(&s, p, "c"), Some((ib, true)));
        let p = ((a.x + 10) as f64, a.cy() as f64);
        assert_eq!(slot(&s, p, "c"), Some((ia, false)));
        // The dragged node is not its own sibling: a dropped where it is lands beside nothing
        // (b is more than a gap away); far below the row, none either.
        let p = ((a.x + 10) as f64, a.cy() as f64);
        assert_eq!(slot(&s, p, "a"), None);
        let p = ((a.right() + 4) as f64, a.cy() as f64);
        assert_eq!(slot(&s, p, "a"), Some((ib, false)));
        assert_eq!(slot(&s, (a.x as f64, (a.bottom() + 200) as f64), "c"), None);
        // The bar sits in the gap.
        let (x1, _, x2, _) = slot_line(&b, true);
        assert_eq!((x1, x2), (b.right() + 12, b.right() + 12));
    }

    #[test]
    fn the_internet_stub_is_drawn_only_when_core_draws_no_internet() {
        let s = scene(TWO_ZONES);
        let r = internet_stub(&s).unwrap();
        assert!(s.nodes.iter().all(|n| !n.rect.overlaps(&r)));
        assert!(s.boxes.iter().all(|b| !b.rect.overlaps(&r)));
        assert!(r.right() <= s.width);
        let linked = TWO_ZONES.replace(
            "\"nodes\"",
            "\"links\": [ { \"from\": \"internet\", \"to\": \"a\" } ], \"nodes\"",
        );
        assert_eq!(internet_stub(&scene(&linked)), None);
    }
}
