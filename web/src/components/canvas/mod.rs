//! The canvas: the scene of the design drawn as SVG elements (the same scene and classes the
//! SVG export writes), with the findings' rings and badges, selection, link picking, zoom and
//! pan.
//!
//! An edit redraws only what changed: containers and node bodies are components whose props
//! compare what they draw ([`area`], [`node`]); a node's position is a transform on its
//! wrapper; the edges are a few paths, one per kind ([`edge`]); events are handled once per
//! layer (delegation), and a click near a line is found in the scene. Only what is in view
//! (with a margin) is in the document: nodes and edges outside it are left out and containers
//! outside it are not displayed, so an edit on a large design patches, lays out and paints a
//! screenful, not the whole drawing. The `<svg>` carries the counts (`data-nodes`,
//! `data-drawn-nodes`).

mod area;
mod band;
mod drag;
mod edge;
mod groups;
mod minimap;
mod nav;
mod node;

pub use nav::nearest;

use archlint_core::index::Map as HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::dom;
use archlint_core::layout::text::ellipsize;
use archlint_core::layout::{Edge, EdgeKind, Rect, ShapeKind};
use archlint_core::Lang;

use crate::art;
use crate::i18n::t;
use crate::state::{Action, Sel, Theme};
use area::Area;
use drag::{Drag, Gesture};
use edge::Edges;
use node::NodeView;

/// `k`, or `k#2`, `k#3`… when `k` was seen before.
fn uniq(seen: &mut HashMap<String, usize>, k: String) -> String {
    let n = seen.entry(k.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        k
    } else {
        format!("{k}#{n}")
    }
}

thread_local! {
    static BODY_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// When the last edit started (performance.now), to measure edit → redraw.
    pub static EDIT_T0: RefCell<Option<f64>> = const { RefCell::new(None) };
}

/// Marks the start of an edit (called before dispatching edits that redraw).
pub fn mark_edit() {
    EDIT_T0.with(|t| *t.borrow_mut() = Some(dom::perf_now()));
}

/// The part of the scene in view in the scroll box at zoom `z`, with half a screen of margin
/// each way. Kept (`None` → measured) while the screen stays inside the old view with a
/// quarter-screen margin, so that scrolling re-renders every few hundred pixels, not per event.
fn measure_view(z: f64, old: Option<Rect>) -> Option<Rect> {
    let el = dom::by_id("canvas-scroll")?;
    let (cw, ch) = (el.client_width() as f64, el.client_height() as f64);
    let (sl, st) = (el.scroll_left() as f64, el.scroll_top() as f64);
    let m = cw.max(ch);
    let at = |margin: f64| {
        Rect::new(
            ((sl - margin) / z) as i32,
            ((st - margin) / z) as i32,
            ((cw + 2.0 * margin) / z) as i32 + 1,
            ((ch + 2.0 * margin) / z) as i32 + 1,
        )
    };
    if old.is_some_and(|o| o.contains(&at(m / 4.0))) {
        return old;
    }
    Some(at(m / 2.0))
}

/// After a design was opened (not edited): lint and lay it out again three times in the next
/// second, one run per task, so that the browser has compiled the hot WASM with its optimising
/// tier before the first edit (in the baseline tier the first edits of a 300-node design take
/// several times longer). Only for designs of 50 to 2,000 nodes: smaller ones are quick anyway,
/// larger ones would make those tasks long.
fn warm_up(doc: Rc<crate::doc::Doc>, lang: archlint_core::Lang) {
    let n = doc.scene.as_ref().map_or(0, |s| s.nodes.len());
    if !(50..=2000).contains(&n) {
        return;
    }
    for k in 1..=3 {
        let doc = doc.clone();
        gloo::timers::callback::Timeout::new(250 * k, move || {
            let _ = crate::doc::analyse(&doc.text, lang);
        })
        .forget();
    }
}

/// The step (scene pixels) the canvas's height grows by.
const SIZE_STEP: i32 = 400;

/// A height rounded up to the step.
fn snap(h: i32) -> i32 {
    (h + SIZE_STEP - 1) / SIZE_STEP * SIZE_STEP
}

/// How near (screen pixels) a click must be to a link's line to select it.
const HIT_PX: f64 = 6.0;

/// Where a mouse event is in the scene's coordinates, at zoom `z`.
fn scene_point(e: &MouseEvent, z: f64) -> Option<(f64, f64)> {
    let r = dom::by_id("canvas-svg")?.get_bounding_client_rect();
    Some((
        (e.client_x() as f64 - r.left()) / z,
        (e.client_y() as f64 - r.top()) / z,
    ))
}

/// The link drawn nearest to `p` (scene coordinates), if one passes within `tol`.
fn edge_at(edges: &[Edge], links: &[Option<usize>], p: (f64, f64), tol: f64) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    for (e, link) in edges.iter().zip(links) {
        let Some(link) = *link else { continue };
        for w in e.points.windows(2) {
            let d = seg_dist(p, w[0], w[1]);
            if d <= tol && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, link));
            }
        }
    }
    best.map(|(_, l)| l)
}

/// The distance from `p` to the segment `a`–`b`.
fn seg_dist(p: (f64, f64), a: (i32, i32), b: (i32, i32)) -> f64 {
    let (ax, ay, bx, by) = (a.0 as f64, a.1 as f64, b.0 as f64, b.1 as f64);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - ax) * dx + (p.1 - ay) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (ax + t * dx - p.0, ay + t * dy - p.1);
    (cx * cx + cy * cy).sqrt()
}

/// Why a drawn line or a drop did nothing, in the user's language.
fn notice_text(n: crate::gesture::Notice, lang: Lang) -> &'static str {
    use crate::gesture::Notice;
    match n {
        Notice::InternetOnlyFromEcs => t(lang, "Only an ECS can be linked to the internet: it then needs to reach the internet itself. Links from the internet start at the Internet node."),
        Notice::NotANode => t(lang, "A line joins two nodes."),
        Notice::CannotPlace => t(lang, "It cannot go there: that zone has no vSwitch."),
    }
}

/// The zoom factor, changed through a reducer so that the wheel listener (registered once)
/// always scales the current value.
#[derive(PartialEq)]
struct Zoom(f64);

enum ZoomBy {
    Mul(f64),
    Set(f64),
    /// Fit: any zoom that shows the whole design (the others stop at 10%, or at the zoom
    /// below that Fit chose).
    Fit(f64),
}

impl Reducible for Zoom {
    type Action = ZoomBy;
    fn reduce(self: Rc<Self>, a: ZoomBy) -> Rc<Self> {
        let lo = self.0.min(0.1);
        let (z, lo) = match a {
            ZoomBy::Mul(f) => (self.0 * f, lo),
            ZoomBy::Set(z) => (z, lo),
            ZoomBy::Fit(z) => (z, 0.001),
        };
        Rc::new(Zoom(z.clamp(lo, 4.0)))
    }
}

#[function_component(Canvas)]
pub fn canvas() -> Html {
    let body_t0 = dom::perf_now();
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let zoom = use_reducer(|| Zoom(1.0));
    let drag = use_mut_ref(|| None::<(i32, i32, i32, i32)>);
    // The part of the scene in view, with a margin of half a screen each way: nodes and edges
    // outside it are left out of the document and containers are not displayed, so neither Yew
    // nor the browser works on them when an edit or a scroll changes the drawing. `None` until
    // measured: everything drawn.
    let view = use_state_eq(|| None::<Rect>);
    // A node to focus once it is displayed (a finding revealed it).
    let pending_focus = use_mut_ref(|| None::<String>);
    // The scene the edit laid out, unless the language changed since.
    let scene = use_memo((s.doc.clone(), s.lang), |(d, lang)| {
        if d.scene_lang == *lang {
            d.scene.clone()
        } else {
            art::scene(&d.text, &d.findings, *lang, &d.kept).map(Rc::new)
        }
    });

    // After each draw: the page is interactive; report how long the edit took.
    {
        let rev = s.revision;
        let lang = s.lang;
        use_effect_with((rev, s.doc.clone()), move |(_, doc)| {
            if EDIT_T0.with(|t| t.borrow().is_none()) {
                warm_up(doc.clone(), lang);
            }
            if let Some(svg) = dom::by_id("canvas-svg") {
                let _ = svg.set_attribute("data-ready", "1");
                // When this drawing was committed (ms since navigation), for the timing test.
                let _ = svg.set_attribute("data-drawn-at", &format!("{:.1}", dom::perf_now()));
                if let Some(t0) = EDIT_T0.with(|t| t.borrow_mut().take()) {
                    let _ =
                        svg.set_attribute("data-edit-ms", &format!("{:.2}", dom::perf_now() - t0));
                    let (ser, lint) = crate::doc::TIMES.with(|t| t.get());
                    let body = BODY_MS.with(|t| t.get());
                    let reduce = crate::state::REDUCE_MS.with(|t| t.get());
                    let prepared = crate::state::PREPARED_USED.with(|p| p.get());
                    let parts = format!(
                        "reducer {reduce:.1} (serialise {ser:.1} lint-and-layout {lint:.1}) canvas-vdom {body:.1}{}",
                        if prepared { " prepared" } else { "" }
                    );
                    let _ = svg.set_attribute("data-edit-parts", &parts);
                    // And until the browser has drawn the next frame: styled, laid out and
                    // painted it (a task queued from the frame callback runs after that).
                    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
                        gloo::timers::callback::Timeout::new(0, move || {
                            if let Some(svg) = dom::by_id("canvas-svg") {
                                let ms = dom::perf_now() - t0;
                                let _ = svg.set_attribute("data-frame-ms", &format!("{ms:.2}"));
                            }
                        })
                        .forget();
                    });
                    if let Some(w) = web_sys::window() {
                        let _ = w.request_animation_frame(cb.unchecked_ref());
                    }
                }
            }
        });
    }
    // Measure the view after every zoom, resize and scroll (once per frame) and after the
    // scene changed size.
    {
        let view = view.clone();
        let z = zoom.0;
        let size = scene.as_ref().as_ref().map(|s| (s.width, s.height));
        use_effect_with((z, size), move |_| {
            let update = {
                let view = view.clone();
                let queued = Rc::new(std::cell::Cell::new(false));
                move || {
                    if queued.replace(true) {
                        return;
                    }
                    let view = view.clone();
                    let queued = queued.clone();
                    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
                        queued.set(false);
                        let next = measure_view(z, *view);
                        if next != *view {
                            view.set(next);
                        }
                    });
                    if let Some(w) = web_sys::window() {
                        let _ = w.request_animation_frame(cb.unchecked_ref());
                    }
                }
            };
            update();
            let on_scroll = {
                let update = update.clone();
                dom::by_id("canvas-scroll")
                    .map(|el| gloo::events::EventListener::new(&el, "scroll", move |_| update()))
            };
            let on_resize = web_sys::window()
                .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| update()));
            move || drop((on_scroll, on_resize))
        });
    }
    // A finding asked to reveal the selection, or the keyboard focus moves to a node (an
    // arrow key, an added or deleted node): scroll it to the middle unless it is in view
    // already (from the scene, since the node may not be displayed yet), then focus it once
    // it is.
    {
        let sel = s
            .focus
            .clone()
            .or_else(|| s.selected_id().map(String::from));
        let scene = scene.clone();
        let pending_focus = pending_focus.clone();
        let z = zoom.0;
        use_effect_with(s.reveal, move |r| {
            if *r > 0 {
                if let (Some(id), Some(sc)) = (sel, scene.as_ref()) {
                    // A node (focused once drawn), or a container (the search box finds them):
                    // its top left corner when the whole box does not fit.
                    let node = sc.nodes.iter().find(|n| n.id == id).map(|n| n.rect);
                    let rect =
                        node.or_else(|| sc.boxes.iter().find(|b| b.id == id).map(|b| b.rect));
                    if let (Some(r), Some(el)) = (rect, dom::by_id("canvas-scroll")) {
                        let (cw, ch) = (el.client_width(), el.client_height());
                        let (sl, st) = (el.scroll_left() as f64, el.scroll_top() as f64);
                        let seen = r.x as f64 * z >= sl
                            && r.y as f64 * z >= st
                            && (r.x + r.w) as f64 * z <= sl + cw as f64
                            && (r.y + r.h) as f64 * z <= st + ch as f64;
                        let at = |c: i32, lo: i32, view: i32| {
                            let c = (c as f64 * z) as i32 - view / 2;
                            c.min((lo as f64 * z) as i32 - 20)
                        };
                        if !seen {
                            el.set_scroll_left(at(r.cx(), r.x, cw));
                            el.set_scroll_top(at(r.cy(), r.y, ch));
                        }
                    }
                    if node.is_some() {
                        *pending_focus.borrow_mut() = Some(id);
                    }
                }
            }
        });
    }
    // A node was added: it takes the keyboard focus once painted, if it is in view (focusing
    // inside the edit's frame would make the browser lay the page out once more).
    {
        let id = s.selected_id().map(String::from);
        use_effect_with(s.focus_new, move |n| {
            if let (true, Some(id)) = (*n > 0, id) {
                dom::after_paint(move || {
                    let el = format!("node-{id}");
                    if dom::by_id(&el).is_some() {
                        dom::focus(&el);
                    }
                });
            }
        });
    }
    {
        let pending_focus = pending_focus.clone();
        use_effect(move || {
            let id = pending_focus.borrow().clone();
            if let Some(id) = id {
                let el = format!("node-{id}");
                // Drawn once it is in view.
                let shown = dom::by_id(&el).is_some();
                if shown {
                    pending_focus.borrow_mut().take();
                    dom::focus(&el);
                }
            }
        });
    }

    // Delegated node events: the node is the `.node` element around the event's target.
    let node_at = |e: &Event| -> Option<(String, bool)> {
        let el = e
            .target()?
            .dyn_into::<web_sys::Element>()
            .ok()?
            .closest(".node")
            .ok()??;
        if el.get_attribute("data-kind").as_deref() == Some("internet") {
            Some(("internet".to_string(), true))
        } else {
            el.get_attribute("data-id").map(|id| (id, false))
        }
    };
    // The pointer's gesture: a press on a node, a node being moved, a link being drawn
    // (`drag.rs`); kept between events, shown by setting the preview's attributes.
    let gest = use_mut_ref(Drag::default);
    // Shift and drag on the background: the rubber band's first corner (`band.rs`).
    let band_at = use_mut_ref(|| None::<(f64, f64)>);
    let z0 = zoom.0;
    // Link mode ended (a target was clicked, Escape): the line that followed the pointer goes.
    use_effect_with(s.link_from.is_some(), |linking| {
        if !*linking {
            drag::hide();
        }
    });
    let nodes_click = {
        let d = s.dispatcher();
        let linking = s.link_from.is_some();
        let gest = gest.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut gest.borrow_mut().swallow_click) {
                e.stop_propagation();
                return;
            }
            // The internet is only a link end: a click on it starts a link from it.
            if let Some((id, internet)) = node_at(&e) {
                e.stop_propagation();
                if e.shift_key() && !internet && !linking {
                    d.dispatch(Action::ToggleSelect(id));
                    return;
                }
                if internet && !linking {
                    d.dispatch(Action::LinkFrom(Some(id)));
                } else {
                    mark_edit();
                    d.dispatch(Action::Click(id));
                }
            }
        })
    };
    let nodes_key = {
        let d = s.dispatcher();
        let linking = s.link_from.is_some();
        let scene = scene.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Arrow keys: the focus goes to the nearest node that way.
            if let Some(dir) = nav::Dir::of_key(&e.key()) {
                if let (Some((id, _)), Some(sc)) = (node_at(&e), scene.as_ref()) {
                    e.prevent_default();
                    if let Some(next) = nav::neighbour(sc, &id, dir) {
                        d.dispatch(Action::Focus(next));
                    }
                }
                return;
            }
            if e.key() == "Enter" || e.key() == " " {
                if let Some((id, internet)) = node_at(&e) {
                    e.prevent_default();
                    if internet && !linking {
                        d.dispatch(Action::LinkFrom(Some(id)));
                    } else {
                        let edit = e.key() == "Enter" && !linking;
                        d.dispatch(Action::Click(id));
                        // Enter edits: the form's first field takes the focus once drawn.
                        if edit {
                            gloo::timers::callback::Timeout::new(0, || {
                                let first = dom::window()
                                    .and_then(|w| w.document())
                                    .and_then(|doc| {
                                        doc.query_selector(
                                            "#properties input:not([disabled]), #properties select:not([disabled])",
                                        )
                                        .ok()
                                        .flatten()
                                    })
                                    .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
                                if let Some(el) = first {
                                    let _ = el.focus();
                                }
                            })
                            .forget();
                        }
                    }
                }
            }
        })
    };
    // A press on a node: on the dot at its right edge (or on the internet) it starts a link,
    // on its body a press that becomes a move once the pointer goes a few pixels.
    let nodes_press = {
        let gest = gest.clone();
        let zf = zoom.0;
        let linking = s.link_from.is_some();
        Callback::from(move |e: MouseEvent| {
            if let Some((id, internet)) = node_at(&e) {
                e.stop_propagation();
                let mut g = gest.borrow_mut();
                g.swallow_click = false;
                if e.button() != 0 {
                    return;
                }
                let handle = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.get_attribute("class").as_deref() == Some("handle"));
                if linking {
                    // In link mode a press on a node only ends the link (by its click).
                    return;
                }
                g.now = Some(if handle || internet {
                    e.prevent_default();
                    Gesture::Link { from: id }
                } else {
                    Gesture::Press {
                        id,
                        client: (e.client_x(), e.client_y()),
                        scene: scene_point(&e, zf).unwrap_or_default(),
                    }
                });
            }
        })
    };
    // Pan by dragging the background; Ctrl+wheel zooms.
    let on_down = {
        let drag = drag.clone();
        let gest = gest.clone();
        let band_at = band_at.clone();
        Callback::from(move |e: MouseEvent| {
            gest.borrow_mut().swallow_click = false;
            if e.shift_key() && e.button() == 0 {
                *band_at.borrow_mut() = scene_point(&e, z0);
                return;
            }
            if let Some(el) = dom::by_id("canvas-scroll") {
                *drag.borrow_mut() = Some((
                    e.client_x(),
                    e.client_y(),
                    el.scroll_left(),
                    el.scroll_top(),
                ));
            }
        })
    };
    // Ctrl+wheel zooms: a listener of our own, not passive, so that it may cancel the
    // browser's page zoom.
    {
        let zoom = zoom.dispatcher();
        use_effect_with((), move |_| {
            let listener = dom::by_id("canvas-scroll").map(|el| {
                let opts = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&el, "wheel", opts, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else {
                        return;
                    };
                    if e.ctrl_key() {
                        e.prevent_default();
                        let f = if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 };
                        zoom.dispatch(ZoomBy::Mul(f));
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The security-group toggle (a view option, not part of the document).
    let show_sg = use_state(|| false);
    let toggle_sg = {
        let show_sg = show_sg.clone();
        Callback::from(move |_: MouseEvent| show_sg.set(!*show_sg))
    };
    let sg_marks = use_memo((s.doc.clone(), *show_sg), |(d, on)| {
        on.then(|| groups::marks(d))
    });
    let set_zoom = |f: Rc<dyn Fn(f64) -> f64>| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.dispatch(ZoomBy::Set(f(zoom.0))))
    };
    let tidy = {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Tidy))
    };
    let fit_zoom = {
        let zoom = zoom.clone();
        // The size drawn: the height rounded up to a step, as below.
        let (w, h) = scene
            .as_ref()
            .as_ref()
            .map(|s| (s.width as f64, snap(s.height) as f64))
            .unwrap_or((1.0, 1.0));
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = dom::by_id("canvas-scroll") {
                let fx = el.client_width() as f64 / w;
                let fy = el.client_height() as f64 / h;
                zoom.dispatch(ZoomBy::Fit(fx.min(fy)));
            }
        })
    };
    let z = zoom.0;
    let Some(scene) = scene.as_ref() else {
        return html! { <div id="canvas-scroll" class="canvas-scroll"><svg id="canvas-svg" data-ready="1" /></div> };
    };
    let sel = s.selected.clone();
    // Several selected (shift-click, rubber band): each is drawn selected.
    let multi: std::collections::HashSet<String> = if s.multi.len() > 1 {
        s.selection().into_iter().collect()
    } else {
        Default::default()
    };
    let link_from_now = s.link_from.clone();
    // The index of the link each flow edge draws: the first link with that source and target.
    let mut link_index: HashMap<(&str, &str), usize> = HashMap::default();
    for (i, l) in s.doc.arr("links").iter().enumerate() {
        let end = |k: &str| crate::doc::field(l, k).and_then(|v| v.as_str());
        if let (Some(f), Some(t)) = (end("from"), end("to")) {
            link_index.entry((f, t)).or_insert(i);
        }
    }
    let edge_links: Rc<Vec<Option<usize>>> = Rc::new(
        scene
            .edges
            .iter()
            .map(|e| {
                (e.kind == EdgeKind::Flow)
                    .then(|| link_index.get(&(e.from.as_str(), e.to.as_str())).copied())
                    .flatten()
            })
            .collect(),
    );
    // The pointer moves: pans when the background is dragged; turns a press on a node into a
    // move once it goes a few pixels, and shows where the node would land; draws the line of a
    // link being drawn (by a drag from a node's dot, or in link mode after picking the source).
    let on_move = {
        let drag = drag.clone();
        let gest = gest.clone();
        let scene = scene.clone();
        let doc = s.doc.clone();
        let link_from = s.link_from.clone();
        let band_at = band_at.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(a) = *band_at.borrow() {
                if let Some(p) = scene_point(&e, z) {
                    band::show(a, p);
                }
                return;
            }
            if let (Some((x, y, l, t)), Some(el)) = (*drag.borrow(), dom::by_id("canvas-scroll")) {
                if e.buttons() & 1 == 1 {
                    el.set_scroll_left(l - (e.client_x() - x));
                    el.set_scroll_top(t - (e.client_y() - y));
                    return;
                }
            }
            let Some(p) = scene_point(&e, z) else {
                return;
            };
            let mut g = gest.borrow_mut();
            let press = match &g.now {
                Some(Gesture::Press { id, client, scene }) => Some((id.clone(), *client, *scene)),
                _ => None,
            };
            if let Some((id, client, p0)) = press {
                let far = (e.client_x() - client.0)
                    .abs()
                    .max((e.client_y() - client.1).abs())
                    > drag::DRAG_PX;
                if !far || e.buttons() & 1 == 0 {
                    return;
                }
                g.now = drag::anchor(&scene, &id).map(|rect| Gesture::Move { id, rect, grab: p0 });
                if let Some(el) = dom::by_id("canvas-scroll") {
                    let _ = el.set_attribute("data-dragging", "");
                }
            }
            match &g.now {
                Some(Gesture::Move { id, rect, grab }) => {
                    drag::preview_move(&scene, &doc.value, id, rect, *grab, p);
                }
                Some(Gesture::Link { from }) => {
                    if let Some(r) = drag::anchor(&scene, from) {
                        drag::show_rubber(&r, p);
                    }
                }
                Some(Gesture::Press { .. }) => {}
                None => {
                    if let Some(r) = link_from.as_deref().and_then(|f| drag::anchor(&scene, f)) {
                        drag::show_rubber(&r, p);
                    }
                }
            }
        })
    };
    // The button goes up: ends a pan; drops a moved node (a placement edit and/or a reorder);
    // ends a drawn line on the node under the pointer.
    let on_up = {
        let drag = drag.clone();
        let gest = gest.clone();
        let scene = scene.clone();
        let doc = s.doc.clone();
        let d = s.dispatcher();
        let band_at = band_at.clone();
        Callback::from(move |e: MouseEvent| {
            // The rubber band: the nodes it touches join the selection (a mere shift-click is
            // left to the click).
            if let Some(a) = band_at.borrow_mut().take() {
                band::hide();
                if let Some(p) = scene_point(&e, z) {
                    if (p.0 - a.0).abs().max((p.1 - a.1).abs()) * z > 4.0 {
                        gest.borrow_mut().swallow_click = true;
                        d.dispatch(Action::SelectMany(band::hits(&scene, a, p), true));
                    }
                }
                return;
            }
            *drag.borrow_mut() = None;
            let now = gest.borrow_mut().now.take();
            drag::hide();
            match now {
                Some(Gesture::Move { id, .. }) => {
                    gest.borrow_mut().swallow_click = true;
                    if let Some(p) = scene_point(&e, z) {
                        let (into, next_to) = drag::plan_drop(&scene, &doc.value, &id, p).drop;
                        mark_edit();
                        d.dispatch(Action::Move { id, into, next_to });
                    }
                }
                Some(Gesture::Link { from }) => {
                    if let Some((to, _)) = node_at(&e) {
                        if to != from {
                            gest.borrow_mut().swallow_click = true;
                            mark_edit();
                            d.dispatch(Action::Draw(from, to));
                        }
                    }
                }
                _ => {}
            }
        })
    };
    // The pointer leaves the canvas: whatever was under way is dropped.
    let on_leave = {
        let drag = drag.clone();
        let gest = gest.clone();
        let band_at = band_at.clone();
        Callback::from(move |_: MouseEvent| {
            *drag.borrow_mut() = None;
            *band_at.borrow_mut() = None;
            band::hide();
            gest.borrow_mut().now = None;
            drag::hide();
        })
    };
    // The pointer over a link's line (within the click distance) shows that it can be clicked:
    // an attribute of the scroller (not managed by the view), set only when that changes.
    let on_hover = {
        let scene = scene.clone();
        let edge_links = edge_links.clone();
        Callback::from(move |e: MouseEvent| {
            let (Some(p), Some(scroll)) = (scene_point(&e, z), dom::by_id("canvas-scroll")) else {
                return;
            };
            let over =
                e.buttons() == 0 && edge_at(&scene.edges, &edge_links, p, HIT_PX / z).is_some();
            if scroll.has_attribute("data-over-link") != over {
                let _ = if over {
                    scroll.set_attribute("data-over-link", "")
                } else {
                    scroll.remove_attribute("data-over-link")
                };
            }
        })
    };
    // Clicks that no node took: the link whose line passes within a few pixels (found in the
    // scene, so that the lines need no wide invisible copies to catch the pointer), else the
    // container under the pointer, else nothing (clears the selection).
    let on_click = {
        let d = s.dispatcher();
        let scene = scene.clone();
        let edge_links = edge_links.clone();
        let gest = gest.clone();
        Callback::from(move |e: MouseEvent| {
            if std::mem::take(&mut gest.borrow_mut().swallow_click) {
                return;
            }
            let pick = scene_point(&e, z)
                .and_then(|p| edge_at(&scene.edges, &edge_links, p, HIT_PX / z))
                .map(Sel::Link)
                .or_else(|| {
                    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
                    let id = el.closest(".box").ok()??.get_attribute("data-id")?;
                    (!id.is_empty()).then_some(Sel::Id(id))
                });
            // Shift-click on a container adds it to the selection (or takes it out).
            if e.shift_key() {
                if let Some(Sel::Id(id)) = pick {
                    d.dispatch(Action::ToggleSelect(id));
                }
                return;
            }
            d.dispatch(Action::Select(pick));
        })
    };
    // The Internet, a link end in every design: core draws it once something flows from it;
    // until then the editor draws it in the title row, on the right.
    let stub_rect = drag::internet_stub(scene);
    // Written as markup (no design text in it): a dozen attributes as Yew elements cost
    // several kilobytes of WASM.
    let stub = stub_rect.map(|r| {
        let name = t(lang, "Internet");
        let source = if link_from_now.as_deref() == Some("internet") {
            " source"
        } else {
            ""
        };
        Html::from_html_unchecked(
            format!(
                "<g id=\"node-internet\" class=\"node k-internet stub{source}\" \
                 transform=\"translate({x} {y})\" data-kind=\"internet\" tabindex=\"0\" \
                 role=\"button\" aria-label=\"{name} — {hint}\"><title>{name}\n{tip}</title>\
                 <rect class=\"nbox\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" rx=\"6\"/>\
                 <g class=\"icon\" transform=\"translate(10 {iy})\">{icon}</g>\
                 <text x=\"44\" y=\"{ty}\">{name}</text>\
                 <circle class=\"handle\" cx=\"{w}\" cy=\"{cy}\" r=\"6\"/></g>",
                x = r.x,
                y = r.y,
                w = r.w,
                h = r.h,
                iy = r.h / 2 - 12,
                ty = r.h / 2 + 4,
                cy = r.h / 2,
                hint = t(lang, "Draw a link from here"),
                tip = t(
                    lang,
                    "Drag a node to move it; drag from the dot on its right edge to draw a link."
                ),
                icon = art::icon(ShapeKind::Internet),
            )
            .into(),
        )
    });
    let title_w = scene.width - 48 - stub_rect.map_or(0, |r| r.w + 16);
    let title = html! {
        <text class="title" x="24" y="30">{ ellipsize(&scene.title, (title_w.max(60) * 10 / 18) as u32) }</text>
    };
    let off = |r: &Rect| view.as_ref().is_some_and(|v| !v.overlaps(r));
    let boxes = scene.boxes.iter().enumerate().map(|(bi, b)| {
        let selected = matches!(&sel, Some(Sel::Id(id)) if *id == b.id && !b.id.is_empty())
            || (!b.id.is_empty() && multi.contains(&b.id));
        let off = off(&b.rect);
        html! { <Area key={bi} scene={scene.clone()} i={bi} {selected} {off} /> }
    });
    // Keys: stable across edits (so that inserting a node moves elements instead of patching
    // all that follow), unique even when a design repeats an id.
    let mut seen_n: HashMap<String, usize> = HashMap::default();
    let selected_edge = match &sel {
        Some(Sel::Link(l)) => edge_links
            .iter()
            .position(|x| *x == Some(*l))
            .map(|i| (i, *l)),
        _ => None,
    };
    let view_rect = *view;
    let link_from = s.link_from.clone();
    // Out of view: not in the document at all, unless it has the keyboard focus (then it
    // stays, so that the focus is not lost by scrolling it away).
    let focused = dom::focused_id();
    // Each node's security groups, when shown.
    let marks = &*sg_marks;
    let nodes = scene.nodes.iter().enumerate().filter_map(|(i, n)| {
        let selected = matches!(&sel, Some(Sel::Id(id)) if *id == n.id) || multi.contains(&n.id);
        if off(&n.rect) && focused.strip_prefix("node-") != Some(n.id.as_str()) {
            return None;
        }
        let source = link_from.as_deref() == Some(n.id.as_str());
        let groups = marks.as_ref().and_then(|m| m.get(&n.id).cloned());
        Some(html! {
            <NodeView key={uniq(&mut seen_n, format!("n>{}", n.id))} scene={scene.clone()} {i} {lang}
                {selected} {source} {groups} />
        })
    });
    let nodes: Vec<Html> = nodes.collect();
    // The design's nodes (the internet is drawn but is not one) and how many are in the document.
    let design_nodes = scene
        .nodes
        .iter()
        .filter(|n| n.kind != ShapeKind::Internet)
        .count();
    let drawn_nodes = nodes.len();
    let lg = &scene.legend;
    let per = lg.per_line.max(1);
    let mut legend = Vec::new();
    let mut k = 0usize;
    for kind in &lg.kinds {
        let x = lg.rect.x + 10 + (k % per) as i32 * 150;
        let y = lg.rect.y + 28 + (k / per) as i32 * 26;
        legend.push(html! { <>
            <g class="icon" transform={format!("translate({x} {y}) scale(.75)")}>{ Html::from_html_unchecked(art::icon(*kind).into()) }</g>
            <text x={(x + 24).to_string()} y={(y + 13).to_string()}>{ art::kind_name(*kind, lang) }</text>
        </> });
        k += 1;
    }
    for sv in &lg.severities {
        let x = lg.rect.x + 10 + (k % per) as i32 * 150;
        let y = lg.rect.y + 28 + (k / per) as i32 * 26;
        legend.push(html! { <>
            <circle class={format!("f-{}", sv.name())} cx={(x + 9).to_string()} cy={(y + 9).to_string()} r="7" />
            <text x={(x + 24).to_string()} y={(y + 13).to_string()}>{ sv.label(lang) }</text>
        </> });
        k += 1;
    }
    let legend = html! {
        <g class="legend-g">
            <rect class="legend" x={lg.rect.x.to_string()} y={lg.rect.y.to_string()} width={lg.rect.w.to_string()} height={lg.rect.h.to_string()} rx="6" />
            <text class="lt" x={(lg.rect.x + 10).to_string()} y={(lg.rect.y + 18).to_string()}>{ if lang == Lang::Zh { "图例" } else { "Legend" } }</text>
            { for legend }
        </g>
    };
    let panel = scene.panel.as_ref().map(|p| {
        let r = &p.rect;
        let total = p.findings.len() + p.more;
        let max_em = ((r.w - 40).max(60) * 10 / 12) as u32;
        let rows = p.findings.iter().enumerate().map(|(j, f)| {
            let y = r.y + 40 + j as i32 * 20;
            let mut full = format!("{} {}", f.code, f.severity.label(lang));
            if let Some(t) = &f.target {
                full.push_str(&format!(" `{t}`"));
            }
            full.push_str(": ");
            full.push_str(f.message.get(lang));
            html! {
                <g class="pf">
                    <title>{ full.clone() }</title>
                    <circle class={format!("f-{}", f.severity.name())} cx={(r.x + 16).to_string()} cy={(y - 4).to_string()} r="5" />
                    <text x={(r.x + 28).to_string()} y={y.to_string()}>{ ellipsize(&full, max_em) }</text>
                </g>
            }
        });
        html! {
            <g class="panel-g">
                <rect class="panel" x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="6" />
                <text class="lt" x={(r.x + 10).to_string()} y={(r.y + 20).to_string()}>
                    { if lang == Lang::Zh { format!("设计级问题（{total}）") } else { format!("Design findings ({total})") } }
                </text>
                { for rows }
                if p.more > 0 {
                    <text x={(r.x + 28).to_string()} y={(r.y + 40 + p.findings.len() as i32 * 20).to_string()}>{ format!("… +{}", p.more) }</text>
                }
            </g>
        }
    });
    let theme = if s.theme == Theme::Dark {
        archlint_core::Theme::Dark
    } else {
        archlint_core::Theme::Light
    };
    let style = art::style(theme);
    // The drawing's height rounded up to a step: an edit that grows the design by a row
    // seldom changes the <svg>'s size, which would make the browser lay out and paint the
    // whole drawing again rather than what changed.
    let (w, h) = (scene.width, snap(scene.height));
    let out = html! {
            <>
                <div class="canvas-tools" role="group" aria-label={t(lang, "Zoom")}>
                    <button id="zoom-in" onclick={set_zoom(Rc::new(|z| z * 1.25))} aria-label={t(lang, "Zoom in")}>{ "+" }</button>
                    <button id="zoom-out" onclick={set_zoom(Rc::new(|z| z / 1.25))} aria-label={t(lang, "Zoom out")}>{ "−" }</button>
                    <button id="zoom-reset" onclick={set_zoom(Rc::new(|_| 1.0))} aria-label={t(lang, "Actual size (100%)")} title={t(lang, "Actual size (100%)")}>{ "1:1" }</button>
                    <button id="zoom-fit" onclick={fit_zoom}>{ t(lang, "Fit") }</button>
                    <button id="tidy" onclick={tidy} disabled={!s.doc.kept.drifted()}
                        title={if s.doc.kept.drifted() {
                            t(lang, "Lay the drawing out afresh: while you edit, nodes keep their rows and removed ones leave room")
                        } else {
                            t(lang, "The drawing is laid out afresh: nothing to tidy")
                        }}>{ t(lang, "Tidy up") }</button>
                    <button id="toggle-sg" aria-pressed={show_sg.to_string()} onclick={toggle_sg}
                        title={t(lang, "Show each node's security groups")}>{ t(lang, "Security groups") }</button>
                    if *show_sg { { groups::legend(&s.doc) } }
                    <span class="zoom">{ if z < 0.1 { format!("{:.1}%", z * 100.0) } else { format!("{:.0}%", z * 100.0) } }</span>
                    <crate::components::search_box::SearchBox />
                    if let Some(n) = s.notice {
                        <span id="canvas-notice" class="notice" role="status">{ notice_text(n, lang) }</span>
                    }
                </div>
                <div id="canvas-scroll" class={classes!("canvas-scroll", link_from.is_some().then_some("linking"))}
                    onmousedown={on_down} onmousemove={on_move} onmouseup={on_up} onmouseleave={on_leave}
    >
                    <svg id="canvas-svg" xmlns="http://www.w3.org/2000/svg" class={format!("archlint al-{}", theme.name())}
                        viewBox={format!("0 0 {w} {h}")}
                        width={(w as f64 * z).to_string()} height={(h as f64 * z).to_string()} onclick={on_click} onmousemove={on_hover}
                        role="group" aria-label={t(lang, "Architecture diagram")}
                        data-nodes={design_nodes.to_string()} data-drawn-nodes={drawn_nodes.to_string()}>
                        <defs>
                            <style>{ style }</style>
                            <marker id="cv-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path class="arrowhead" d="M0 0L10 5L0 10z" />
                            </marker>
                        </defs>
                        <rect class="bg" x="0" y="0" width={w.to_string()} height={h.to_string()} />
                        { title }
                        <g class="boxes">{ for boxes }</g>
                        <Edges scene={scene.clone()} view={view_rect} selected={selected_edge} />
                        <g class="nodes" onclick={nodes_click} onkeydown={nodes_key}
                            onmousedown={nodes_press}>{ for nodes }{ stub }</g>
                        { Html::from_html_unchecked(drag::LAYER.into()) }
                        { legend }
                        { panel }
                    </svg>
                </div>
                if design_nodes >= minimap::MIN_NODES {
                    <minimap::Minimap scene={scene.clone()} zoom={z} dark={s.theme == Theme::Dark} />
                }
            </>
    };
    BODY_MS.with(|t| t.set(dom::perf_now() - body_t0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_near_a_line_finds_its_link() {
        let edge = |points: Vec<(i32, i32)>| Edge {
            from: "a".into(),
            to: "b".into(),
            from_node: 0,
            to_node: 1,
            kind: EdgeKind::Flow,
            points,
            arrow: true,
            label: None,
        };
        let edges = vec![
            edge(vec![(0, 0), (100, 0), (100, 100)]),
            edge(vec![(0, 10), (50, 10)]),
            edge(vec![(0, 50), (50, 50)]),
        ];
        // The third edge draws no link (not a flow of the design's links).
        let links = [Some(4), Some(7), None];
        assert_eq!(edge_at(&edges, &links, (100.0, 50.0), 6.0), Some(4));
        assert_eq!(edge_at(&edges, &links, (104.0, 50.0), 6.0), Some(4));
        assert_eq!(edge_at(&edges, &links, (110.0, 50.0), 6.0), None);
        // Between two lines: the nearer one.
        assert_eq!(edge_at(&edges, &links, (20.0, 3.0), 6.0), Some(4));
        assert_eq!(edge_at(&edges, &links, (20.0, 7.0), 6.0), Some(7));
        // Past a segment's end the distance is to its end point.
        assert_eq!(edge_at(&edges, &links, (57.0, 10.0), 6.0), None);
        assert_eq!(edge_at(&edges, &links, (20.0, 50.0), 6.0), None);
    }
}
