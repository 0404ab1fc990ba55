//! The canvas: the scene of the design drawn as SVG elements (the same scene and classes the
//! SVG export writes), with the findings' rings and badges, selection, link picking, zoom and
//! pan.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::app::Ctx;
use crate::dom;
use crate::export::{area_class, fit, sev_class};
use crate::i18n::t;
use crate::layout::{self, AreaKind, NH, NW};
use crate::state::{Action, Sel};

thread_local! {
    /// When the last edit started (performance.now), to measure edit → redraw.
    pub static EDIT_T0: RefCell<Option<f64>> = const { RefCell::new(None) };
}

/// Marks the start of an edit (called before dispatching edits that redraw).
pub fn mark_edit() {
    EDIT_T0.with(|t| *t.borrow_mut() = Some(dom::perf_now()));
}

#[function_component(Canvas)]
pub fn canvas() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let zoom = use_state(|| 1.0f64);
    let drag = use_mut_ref(|| None::<(i32, i32, i32, i32)>);
    let scene = use_memo(s.doc.clone(), |d| layout::layout(&d.value));
    let marks = s.doc.marks();

    // After each draw: the page is interactive; report how long the edit took.
    {
        let rev = s.revision;
        use_effect_with((rev, s.doc.clone()), move |_| {
            if let Some(svg) = dom::by_id("canvas-svg") {
                let _ = svg.set_attribute("data-ready", "1");
                if let Some(t0) = EDIT_T0.with(|t| t.borrow_mut().take()) {
                    let _ = svg.set_attribute("data-edit-ms", &format!("{:.2}", dom::perf_now() - t0));
                }
            }
        });
    }
    // A finding asked to reveal the selection.
    {
        let sel = s.selected_id().map(String::from);
        use_effect_with(s.reveal, move |r| {
            if *r > 0 {
                if let Some(id) = sel {
                    dom::reveal(&format!("node-{id}"));
                    dom::focus(&format!("node-{id}"));
                }
            }
        });
    }

    let click_node = |id: String| {
        let d = s.dispatcher();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            mark_edit();
            d.dispatch(Action::Click(id.clone()));
        })
    };
    let key_node = |id: String| {
        let d = s.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                d.dispatch(Action::Click(id.clone()));
            }
        })
    };
    let select = |sel: Sel| {
        let d = s.dispatcher();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            d.dispatch(Action::Select(Some(sel.clone())));
        })
    };

    // Pan by dragging the background; Ctrl+wheel zooms.
    let on_down = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(el) = dom::by_id("canvas-scroll") {
                *drag.borrow_mut() = Some((e.client_x(), e.client_y(), el.scroll_left(), el.scroll_top()));
            }
        })
    };
    let on_move = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if let (Some((x, y, l, t)), Some(el)) = (*drag.borrow(), dom::by_id("canvas-scroll")) {
                if e.buttons() & 1 == 1 {
                    el.set_scroll_left(l - (e.client_x() - x));
                    el.set_scroll_top(t - (e.client_y() - y));
                }
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };
    let on_wheel = {
        let zoom = zoom.clone();
        Callback::from(move |e: WheelEvent| {
            if e.ctrl_key() {
                e.prevent_default();
                let f = if e.delta_y() < 0.0 { 1.1 } else { 1.0 / 1.1 };
                zoom.set((*zoom * f).clamp(0.1, 4.0));
            }
        })
    };
    let set_zoom = |f: Rc<dyn Fn(f64) -> f64>| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(f(*zoom).clamp(0.1, 4.0)))
    };
    let fit_zoom = {
        let zoom = zoom.clone();
        let (w, h) = (scene.width, scene.height);
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = dom::by_id("canvas-scroll") {
                let fx = el.client_width() as f64 / w;
                let fy = el.client_height() as f64 / h;
                zoom.set(fx.min(fy).clamp(0.1, 4.0));
            }
        })
    };
    let bg_click = {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Select(None)))
    };

    let z = *zoom;
    let sel = s.selected.clone();
    let areas = scene.areas.iter().map(|a| {
        let selected = matches!(&sel, Some(Sel::Id(id)) if *id == a.id && !a.id.is_empty());
        let onclick = (a.kind != AreaKind::Outside).then(|| select(Sel::Id(a.id.clone())));
        html! {
            <g class={classes!(area_class(a.kind), selected.then_some("selected"))} {onclick}
                data-id={a.id.clone()}>
                <rect x={a.x.to_string()} y={a.y.to_string()} width={a.w.to_string()} height={a.h.to_string()} rx="6" />
                <text x={(a.x + 8.0).to_string()} y={(a.y + 17.0).to_string()}>{ fit(&a.label, 400) }</text>
            </g>
        }
    });
    let edges = scene.edges.iter().map(|e| {
        let selected = matches!((&sel, e.link), (Some(Sel::Link(i)), Some(j)) if *i == j);
        let onclick = e.link.map(|i| select(Sel::Link(i)));
        html! {
            <g class={classes!("edge", e.link.is_none().then_some("implied"), selected.then_some("selected"))}
                {onclick} data-link={e.link.map(|i| i.to_string())}>
                <line class="hit" x1={e.x1.to_string()} y1={e.y1.to_string()} x2={e.x2.to_string()} y2={e.y2.to_string()} />
                <line x1={e.x1.to_string()} y1={e.y1.to_string()} x2={e.x2.to_string()} y2={e.y2.to_string()} marker-end="url(#arrow)" />
                if !e.label.is_empty() {
                    <text x={((e.x1 + e.x2) / 2.0 + 3.0).to_string()} y={((e.y1 + e.y2) / 2.0 - 3.0).to_string()}>{ e.label.clone() }</text>
                }
            </g>
        }
    });
    let link_from = s.link_from.clone();
    let nodes = scene.nodes.iter().map(|n| {
        let selected = matches!(&sel, Some(Sel::Id(id)) if *id == n.id);
        let source = link_from.as_deref() == Some(n.id.as_str());
        let mark = marks.get(n.id.as_str()).copied();
        let label = format!("{} ({}){}", n.label, n.kind,
            mark.map(|(sv, c)| format!(", {c} {}", sv.label(lang))).unwrap_or_default());
        html! {
            <g id={format!("node-{}", n.id)} class={classes!("node", format!("kind-{}", n.kind),
                    selected.then_some("selected"), source.then_some("source"),
                    mark.map(|(sv, _)| format!("sev-{}", sev_class(sv))))}
                transform={format!("translate({},{})", n.x, n.y)} data-id={n.id.clone()}
                tabindex="0" role="button" aria-label={label} aria-pressed={selected.to_string()}
                onclick={click_node(n.id.clone())} onkeydown={key_node(n.id.clone())}
                onmousedown={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <rect class="box" width={NW.to_string()} height={NH.to_string()} rx="5" />
                <text x="8" y="19">{ fit(&n.label, 220) }</text>
                <text class="sub" x="8" y="36">{ fit(&n.sub, 260) }</text>
                if let Some((sv, count)) = mark {
                    <rect class={classes!("ring", format!("ring-{}", sev_class(sv)))} x="-3" y="-3"
                        width={(NW + 6.0).to_string()} height={(NH + 6.0).to_string()} rx="7" />
                    <g class={classes!("badge", format!("badge-{}", sev_class(sv)))}>
                        <circle cx={NW.to_string()} cy="0" r="9" />
                        <text x={NW.to_string()} y="3.5" text-anchor="middle">{ count }</text>
                    </g>
                }
            </g>
        }
    });
    let (w, h) = (scene.width, scene.height);
    html! {
        <>
            <div class="canvas-tools" role="group" aria-label={t(lang, "Zoom")}>
                <button id="zoom-in" onclick={set_zoom(Rc::new(|z| z * 1.25))} aria-label={t(lang, "Zoom in")}>{ "+" }</button>
                <button id="zoom-out" onclick={set_zoom(Rc::new(|z| z / 1.25))} aria-label={t(lang, "Zoom out")}>{ "−" }</button>
                <button id="zoom-reset" onclick={set_zoom(Rc::new(|_| 1.0))}>{ "100%" }</button>
                <button id="zoom-fit" onclick={fit_zoom}>{ t(lang, "Fit") }</button>
                <span class="zoom">{ format!("{:.0}%", z * 100.0) }</span>
            </div>
            <div id="canvas-scroll" class={classes!("canvas-scroll", link_from.is_some().then_some("linking"))}
                onmousedown={on_down} onmousemove={on_move} onmouseup={on_up.clone()} onmouseleave={on_up}
                onwheel={on_wheel}>
                <svg id="canvas-svg" xmlns="http://www.w3.org/2000/svg" viewBox={format!("0 0 {w} {h}")}
                    width={(w * z).to_string()} height={(h * z).to_string()} onclick={bg_click}
                    role="img" aria-label={t(lang, "Architecture diagram")}>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0 0L10 5L0 10z" class="arrowhead" />
                        </marker>
                    </defs>
                    { for areas }
                    { for edges }
                    { for nodes }
                </svg>
            </div>
        </>
    }
}
