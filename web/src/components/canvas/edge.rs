//! The canvas's edges: for each kind of edge, the lines in view as one path, all their
//! arrowheads as one filled path, the port labels in view, and the selected link drawn again
//! on top. The exported SVG draws each edge as a group with a marker for its arrowhead; this
//! draws the same lines, triangles and labels with the same style sheet, in a handful of
//! elements instead of hundreds, so an edit that reroutes many edges sets a few attributes,
//! and the browser styles and lays out a few elements. A click near a line is found in the
//! scene (`edge_at` in the canvas), so no edge needs an element of its own to catch it.

use std::fmt::Write;
use std::rc::Rc;

use yew::prelude::*;

use archlint_core::layout::{Edge, EdgeKind, Rect, Scene};

#[derive(Properties, Clone)]
pub struct EdgesProps {
    pub scene: Rc<Scene>,
    /// The part of the scene in view, with its margin; `None`: all of it.
    pub view: Option<Rect>,
    /// The selected link's edge (index into `scene.edges`) and the link it draws.
    pub selected: Option<(usize, usize)>,
}

impl PartialEq for EdgesProps {
    fn eq(&self, o: &Self) -> bool {
        self.view == o.view
            && self.selected == o.selected
            && (Rc::ptr_eq(&self.scene, &o.scene) || self.scene.edges == o.scene.edges)
    }
}

/// `M x y L x y …` appended to `d`.
pub fn push_path(d: &mut String, points: &[(i32, i32)]) {
    for (k, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{x} {y}", if k == 0 { 'M' } else { 'L' });
    }
}

/// The arrowhead the exported SVG's marker draws at the end of `points`, as a closed
/// triangle appended to `d`. The marker is the triangle (0,0) (10,5) (0,10) of a 10-unit box,
/// drawn 7 stroke widths (1.3 px) wide with its point (9,5) on the line's end and turned along
/// the last segment: its tip 0.91 px past the end, its base 8.19 px back, 9.1 px wide.
pub fn push_arrow(d: &mut String, points: &[(i32, i32)]) {
    let Some(&(ex, ey)) = points.last() else {
        return;
    };
    // The direction of the last segment that has a length.
    let Some((ux, uy)) = points.windows(2).rev().find_map(|w| {
        let (dx, dy) = ((w[1].0 - w[0].0) as f64, (w[1].1 - w[0].1) as f64);
        let len = (dx * dx + dy * dy).sqrt();
        (len > 0.0).then(|| (dx / len, dy / len))
    }) else {
        return;
    };
    let s = 0.7 * 1.3;
    let (ex, ey) = (ex as f64, ey as f64);
    let at = |a: f64, b: f64| (ex + s * (a * ux - b * uy), ey + s * (a * uy + b * ux));
    let corners = [at(1.0, 0.0), at(-9.0, 5.0), at(-9.0, -5.0)];
    for (k, (x, y)) in corners.iter().enumerate() {
        d.push(if k == 0 { 'M' } else { 'L' });
        push_num(d, *x);
        d.push(' ');
        push_num(d, *y);
    }
    d.push('z');
}

/// A coordinate to two decimals, without trailing zeros (integer arithmetic: formatting
/// floats costs more, and there are a few hundred arrowheads per edit).
fn push_num(d: &mut String, v: f64) {
    let c = (v * 100.0).round() as i64;
    if c < 0 {
        d.push('-');
    }
    let (int, frac) = (c.unsigned_abs() / 100, c.unsigned_abs() % 100);
    let _ = write!(d, "{int}");
    match frac {
        0 => {}
        f if f % 10 == 0 => {
            let _ = write!(d, ".{}", f / 10);
        }
        f => {
            let _ = write!(d, ".{f:02}");
        }
    }
}

/// Whether a polyline passes through `view`: whether one of its segments' boxes overlaps it
/// (the routes are orthogonal, so a segment is its box). A route around the view whose box
/// covers it, as long edges to a shared node often have, is not drawn.
pub fn crosses(view: &Rect, points: &[(i32, i32)]) -> bool {
    points.windows(2).any(|w| view.overlaps(&bounds(w)))
}

/// The box around some points, one pixel more each way (a straight line has an empty box,
/// which overlaps nothing).
pub fn bounds(points: &[(i32, i32)]) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    for &(x, y) in points {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    Rect::new(x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2)
}

/// Where a port label's text may be: it starts at the label's point, on the baseline, 10 px
/// high, and runs to the right.
fn label_box(l: &archlint_core::layout::EdgeLabel) -> Rect {
    let w = 6 * l.text.chars().count() as i32 + 8;
    Rect::new(l.x - 4, l.y - 12, w, 16)
}

fn drawn(e: &Edge, view: Option<&Rect>) -> bool {
    e.points.len() >= 2 && view.is_none_or(|v| crosses(v, &e.points))
}

#[function_component(Edges)]
pub fn edges(p: &EdgesProps) -> Html {
    let view = p.view.as_ref();
    let mut lines: [String; EdgeKind::ALL.len()] = Default::default();
    let mut arrows = String::new();
    let mut labels = Vec::new();
    for e in p.scene.edges.iter().filter(|e| drawn(e, view)) {
        push_path(&mut lines[e.kind as usize], &e.points);
        if e.arrow {
            push_arrow(&mut arrows, &e.points);
        }
        if let Some(l) = &e.label {
            if view.is_none_or(|v| v.overlaps(&label_box(l))) {
                labels.push(html! {
                    <text class="port" x={l.x.to_string()} y={l.y.to_string()}>{ l.text.clone() }</text>
                });
            }
        }
    }
    let groups = EdgeKind::ALL
        .iter()
        .zip(lines)
        .filter(|(_, d)| !d.is_empty())
        .map(|(k, d)| {
            html! { <g class={format!("edge e-{}", k.name())}><path {d} /></g> }
        });
    let selected = p.selected.and_then(|(i, link)| {
        let e = p.scene.edges.get(i)?;
        let mut d = String::new();
        push_path(&mut d, &e.points);
        Some(html! {
            <g class={format!("edge e-{} selected", e.kind.name())}
                data-from={e.from.clone()} data-to={e.to.clone()} data-link={link.to_string()}>
                <path {d} marker-end={e.arrow.then_some("url(#cv-arrow)")} />
            </g>
        })
    });
    html! {
        <g class="edges">
            { for groups }
            if !arrows.is_empty() {
                <path class="arrowhead" d={arrows} />
            }
            { for selected }
            <g class="ports">{ for labels }</g>
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_in_view_is_drawn_even_when_straight() {
        let view = Rect::new(100, 100, 200, 200);
        // A horizontal line through the view: its box must not be empty.
        let b = bounds(&[(0, 150), (400, 150)]);
        assert!(b.h > 0 && view.overlaps(&b));
        // A vertical one along the view's left edge, just inside.
        assert!(view.overlaps(&bounds(&[(100, 0), (100, 400)])));
        // An L-shaped route wholly above the view.
        assert!(!view.overlaps(&bounds(&[(0, 10), (300, 10), (300, 90)])));
    }

    #[test]
    fn a_route_around_the_view_is_not_drawn() {
        let view = Rect::new(100, 100, 200, 200);
        // Its box covers the view; none of its segments enters it.
        let around = [(50, 50), (350, 50), (350, 350)];
        assert!(view.overlaps(&bounds(&around)));
        assert!(!crosses(&view, &around));
        // One segment through it is enough.
        assert!(crosses(
            &view,
            &[(50, 50), (50, 150), (350, 150), (350, 350)]
        ));
        // A diagonal segment is judged by its box.
        assert!(crosses(&view, &[(0, 0), (400, 400)]));
    }

    #[test]
    fn arrowheads_are_the_markers_triangles() {
        // Pointing right, ending at (100, 50): tip 0.91 past the end, base 8.19 back,
        // 4.55 to each side.
        let mut d = String::new();
        push_arrow(&mut d, &[(0, 50), (100, 50)]);
        assert_eq!(d, "M100.91 50L91.81 54.55L91.81 45.45z");
        // Pointing up, after a zero-length last segment.
        let mut d = String::new();
        push_arrow(&mut d, &[(10, 100), (10, 20), (10, 20)]);
        assert_eq!(d, "M10 19.09L14.55 28.19L5.45 28.19z");
        // No direction at all: nothing.
        let mut d = String::new();
        push_arrow(&mut d, &[(5, 5), (5, 5)]);
        assert_eq!(d, "");
    }

    #[test]
    fn numbers_have_two_decimals_at_most() {
        for (v, want) in [
            (1.0, "1"),
            (0.91, "0.91"),
            (19.09, "19.09"),
            (4.5, "4.5"),
            (-0.5, "-0.5"),
            (-12.05, "-12.05"),
            (0.004, "0"),
            (100.999, "101"),
            (0.1, "0.1"),
        ] {
            let mut d = String::new();
            push_num(&mut d, v);
            assert_eq!(d, want, "{v}");
        }
    }

    #[test]
    fn each_kind_has_its_own_path() {
        // `lines[e.kind as usize]` is the path drawn with `EdgeKind::ALL[i]`'s class.
        for (i, k) in EdgeKind::ALL.iter().enumerate() {
            assert_eq!(*k as usize, i);
        }
    }

    #[test]
    fn paths_join_edges_as_subpaths() {
        let mut d = String::new();
        push_path(&mut d, &[(0, 0), (10, 0)]);
        push_path(&mut d, &[(5, 5), (5, 15), (20, 15)]);
        assert_eq!(d, "M0 0L10 0M5 5L5 15L20 15");
    }
}
