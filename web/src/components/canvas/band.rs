//! The rubber band: shift and drag on the canvas's background draws a box; the nodes it
//! touches are added to the selection. (A plain drag on the background pans, a drag on a node
//! moves it or draws a link: `drag.rs`.) The box is one `<rect id="select-band">` whose
//! attributes are set directly, so that drawing it does not render the canvas again.

use archlint_core::layout::{Scene, ShapeKind};

use crate::dom;

/// The box between two scene points, as (x, y, width, height).
fn rect(a: (f64, f64), b: (f64, f64)) -> (f64, f64, f64, f64) {
    (
        a.0.min(b.0),
        a.1.min(b.1),
        (a.0 - b.0).abs(),
        (a.1 - b.1).abs(),
    )
}

/// Shows the box from `a` to `b`.
pub fn show(a: (f64, f64), b: (f64, f64)) {
    let (x, y, w, h) = rect(a, b);
    if let Some(el) = dom::by_id("select-band") {
        for (k, v) in [("x", x), ("y", y), ("width", w), ("height", h)] {
            let _ = el.set_attribute(k, &format!("{v:.0}"));
        }
        let _ = el.set_attribute("data-on", "");
    }
}

pub fn hide() {
    if let Some(el) = dom::by_id("select-band") {
        if el.has_attribute("data-on") {
            let _ = el.remove_attribute("data-on");
        }
    }
}

/// The ids of the design's nodes (not the internet) whose box the band from `a` to `b`
/// touches, in the scene's order.
pub fn hits(scene: &Scene, a: (f64, f64), b: (f64, f64)) -> Vec<String> {
    let (x, y, w, h) = rect(a, b);
    scene
        .nodes
        .iter()
        .filter(|n| n.kind != ShapeKind::Internet && !n.id.is_empty())
        .filter(|n| {
            let r = &n.rect;
            (r.x as f64) < x + w
                && (r.right() as f64) > x
                && (r.y as f64) < y + h
                && (r.bottom() as f64) > y
        })
        .map(|n| n.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_takes_the_nodes_it_touches() {
        let text = include_str!("../../../../examples/classic-dual-zone.json");
        let d = crate::doc::Doc::parse(text, archlint_core::Lang::En).unwrap();
        let scene = d.scene.unwrap();
        let r = |id: &str| scene.nodes.iter().find(|n| n.id == id).unwrap().rect;
        let (a, b) = (r("web-b1"), r("web-b2"));
        // From inside one to inside the other, dragged either way: both, and what lies between.
        let p = (a.cx() as f64, a.cy() as f64);
        let q = (b.cx() as f64, b.cy() as f64);
        let got = hits(&scene, p, q);
        assert!(
            got.contains(&"web-b1".to_string()) && got.contains(&"web-b2".to_string()),
            "{got:?}"
        );
        assert_eq!(hits(&scene, q, p), got);
        for id in &got {
            let n = r(id);
            let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
            let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
            assert!(
                (n.x as f64) < x1
                    && (n.right() as f64) > x0
                    && (n.y as f64) < y1
                    && (n.bottom() as f64) > y0
            );
        }
        // Empty space takes nothing; the whole drawing takes every node of the design.
        assert!(hits(&scene, (0.0, 0.0), (2.0, 2.0)).is_empty());
        let all = hits(
            &scene,
            (0.0, 0.0),
            (scene.width as f64, scene.height as f64),
        );
        let design: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(all.len(), design["nodes"].as_array().unwrap().len());
    }
}
