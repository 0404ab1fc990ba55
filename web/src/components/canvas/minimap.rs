//! The minimap: the whole scene small — regions, zones and VPCs as outlines, nodes as dots in
//! the colour of their worst finding — with the canvas's view as a rectangle; a click or a drag
//! on it scrolls the canvas there. Drawn from core's scene on a `<canvas>`, again only when the
//! scene or the theme changed (a moment after the edit's frame); the view rectangle is an element whose
//! position the canvas's scroll sets directly, so scrolling re-renders nothing.

use std::rc::Rc;

use archlint_core::layout::{BoxKind, Scene};
use archlint_core::Severity;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::dom;

/// The least nodes a design has for the minimap to be shown: it lies over a corner of the
/// canvas, which a small design's drawing may need.
pub const MIN_NODES: usize = 100;

/// How long after a change of the scene the minimap is drawn again (ms).
const DELAY_MS: u32 = 150;

/// The largest size of the minimap (CSS pixels).
const MAX_W: f64 = 180.0;
const MAX_H: f64 = 200.0;

/// The least width of the minimap: a tall narrow design is widened to it.
const MIN_W: f64 = 48.0;

/// The minimap's scales (x, y) for a scene of this size: the same both ways, unless the
/// scene is so tall and narrow that it would be thinner than [`MIN_W`].
pub fn scale(w: i32, h: i32) -> (f64, f64) {
    let (w, h) = (w.max(1) as f64, h.max(1) as f64);
    let s = (MAX_W / w).min(MAX_H / h);
    (s.max(MIN_W / w).min(MAX_W / w), s)
}

#[derive(Properties, Clone)]
pub struct MinimapProps {
    pub scene: Rc<Scene>,
    /// The canvas's zoom.
    pub zoom: f64,
    pub dark: bool,
}

impl PartialEq for MinimapProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.scene, &o.scene) && self.zoom == o.zoom && self.dark == o.dark
    }
}

/// Places the view rectangle where the canvas's scroll box shows (scene × zoom × scale).
fn place_view(z: f64, (sx, sy): (f64, f64)) {
    let (Some(el), Some(v)) = (dom::by_id("canvas-scroll"), dom::by_id("minimap-view")) else {
        return;
    };
    let px = |n: i32, s: f64| format!("{:.1}px", n as f64 * s / z);
    let style = format!(
        "left:{};top:{};width:{};height:{}",
        px(el.scroll_left(), sx),
        px(el.scroll_top(), sy),
        px(el.client_width(), sx),
        px(el.client_height(), sy)
    );
    let _ = v.set_attribute("style", &style);
}

/// Draws the scene on the minimap's canvas.
fn draw(sc: &Scene, dark: bool) {
    let Some(c) =
        dom::by_id("minimap").and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
    else {
        return;
    };
    let (sx, sy) = scale(sc.width, sc.height);
    c.set_width((sc.width as f64 * sx).ceil() as u32);
    c.set_height((sc.height as f64 * sy).ceil() as u32);
    let Some(g) = c
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|x| x.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    g.set_stroke_style_str(if dark { "#616e7c" } else { "#9aa5b1" });
    g.set_line_width(1.0);
    for b in &sc.boxes {
        if matches!(
            b.kind,
            BoxKind::Region | BoxKind::Zone | BoxKind::Vpc | BoxKind::Sites
        ) {
            let r = b.rect;
            g.stroke_rect(
                r.x as f64 * sx + 0.5,
                r.y as f64 * sy + 0.5,
                r.w as f64 * sx,
                r.h as f64 * sy,
            );
        }
    }
    // Nodes without findings first, the worst on top.
    let passes = [
        (None, if dark { "#9aa5b1" } else { "#7b8794" }),
        (Some(Severity::Info), "#3b82f6"),
        (Some(Severity::Warning), "#e8a33d"),
        (Some(Severity::Error), "#e12d39"),
    ];
    for (sev, colour) in passes {
        g.set_fill_style_str(colour);
        for n in sc.nodes.iter().filter(|n| n.severity == sev) {
            let r = n.rect;
            g.fill_rect(
                r.x as f64 * sx,
                r.y as f64 * sy,
                (r.w as f64 * sx).max(2.0),
                (r.h as f64 * sy).max(2.0),
            );
        }
    }
    let _ = c.set_attribute("data-nodes", &sc.nodes.len().to_string());
}

#[function_component(Minimap)]
pub fn minimap(p: &MinimapProps) -> Html {
    let s = scale(p.scene.width, p.scene.height);
    let z = p.zoom;
    // The drawing: a moment after the edit's frame, so that it is not on the edit's path (and
    // once for a burst of edits).
    use_effect_with((p.scene.clone(), p.dark), |(sc, dark)| {
        let (sc, dark) = (sc.clone(), *dark);
        let t = gloo::timers::callback::Timeout::new(DELAY_MS, move || draw(&sc, dark));
        move || drop(t)
    });
    // The view rectangle follows the canvas's scroll, zoom and size. The map lets the pointer
    // through (CSS `pointer-events: none`: a node or a line dragged on the canvas may end under
    // it), so its presses are taken on the window, capturing: a press on it and a drag from
    // there put the middle of the canvas's view where the pointer is.
    use_effect_with((z, s.0, s.1), move |_| {
        place_view(z, s);
        let scroll = dom::by_id("canvas-scroll")
            .map(|el| gloo::events::EventListener::new(&el, "scroll", move |_| place_view(z, s)));
        let w = dom::window();
        let resize = w
            .as_ref()
            .map(|w| gloo::events::EventListener::new(w, "resize", move |_| place_view(z, s)));
        // A press began on the map (until its click).
        let held = Rc::new(std::cell::Cell::new(false));
        let on = |name: &'static str, f: Box<Press>| {
            let held = held.clone();
            let opts = gloo::events::EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: false,
            };
            w.as_ref().map(|w| {
                gloo::events::EventListener::new_with_options(w, name, opts, move |e| {
                    if let Some(m) = e.dyn_ref::<web_sys::MouseEvent>() {
                        if f(m, &held) {
                            e.prevent_default();
                            e.stop_propagation();
                        }
                    }
                })
            })
        };
        let listeners = [
            on(
                "mousedown",
                Box::new(move |e, held| {
                    let hit = e.button() == 0 && go(e, z, s, true);
                    held.set(hit);
                    hit
                }),
            ),
            on(
                "mousemove",
                Box::new(move |e, held| held.get() && e.buttons() & 1 == 1 && go(e, z, s, false)),
            ),
            on("mouseup", Box::new(|_, held| held.get())),
            on("click", Box::new(|_, held| held.replace(false))),
        ];
        move || drop((scroll, resize, listeners))
    });
    html! {
        <div class="minimap" aria-hidden="true">
            <canvas id="minimap" />
            <div id="minimap-view" />
        </div>
    }
}

/// What the map does with a mouse event (and whether a press began on it): whether it took it.
type Press = dyn Fn(&web_sys::MouseEvent, &std::cell::Cell<bool>) -> bool;

/// Puts the middle of the canvas's view where the pointer is on the map; with `inside`, only
/// when it is on the map. Whether it did.
fn go(e: &web_sys::MouseEvent, z: f64, s: (f64, f64), inside: bool) -> bool {
    let (Some(el), Some(m)) = (dom::by_id("canvas-scroll"), dom::by_id("minimap")) else {
        return false;
    };
    let r = m.get_bounding_client_rect();
    let (px, py) = (
        e.client_x() as f64 - r.left(),
        e.client_y() as f64 - r.top(),
    );
    if inside && !(px >= 0.0 && py >= 0.0 && px < r.width() && py < r.height()) {
        return false;
    }
    el.set_scroll_left((px / s.0 * z) as i32 - el.client_width() / 2);
    el.set_scroll_top((py / s.1 * z) as i32 - el.client_height() / 2);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimap_keeps_proportions_unless_too_thin() {
        // Wide: as wide as allowed, the same scale both ways.
        let (sx, sy) = scale(3600, 1800);
        assert_eq!((sx, sy), (0.05, 0.05));
        // Tall: as tall as allowed.
        let (sx, sy) = scale(1000, 4000);
        assert_eq!((sx, sy), (0.05, 0.05));
        // Very tall and narrow (a generated design of 3,000 nodes): widened to the least width.
        let (sx, sy) = scale(2468, 72400);
        assert!((2468.0 * sx - MIN_W).abs() < 1e-9 && sy < sx);
        assert!(72400.0 * sy <= MAX_H + 1e-9);
    }
}
