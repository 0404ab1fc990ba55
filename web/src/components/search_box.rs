//! The canvas's search box: finds nodes and containers by id or label (`crate::search`) and
//! lists them; choosing one selects it and scrolls the canvas to it (the findings' reveal).
//! Ctrl+F or "/" focuses it, Enter takes the first match, Escape closes the list.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::i18n::t;
use crate::state::{Action, Sel};

/// Most matches listed.
const LIMIT: usize = 50;

#[function_component(SearchBox)]
pub fn search_box() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let q = use_state(String::new);
    let open = use_state(|| false);
    let hits = use_memo((s.doc.scene.clone(), (*q).clone()), |(sc, q)| {
        sc.as_ref()
            .map(|sc| crate::search::find(sc, q, LIMIT))
            .unwrap_or_default()
    });
    let pick = {
        let d = s.dispatcher();
        let open = open.clone();
        move |id: String| {
            open.set(false);
            d.dispatch(Action::Reveal(Sel::Id(id)));
        }
    };
    let oninput = {
        let (q, open) = (q.clone(), open.clone());
        Callback::from(move |e: InputEvent| {
            q.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
            open.set(true);
        })
    };
    // Ctrl+F or "/" (outside text fields) focuses the box; Escape in the box or its list
    // closes the list and leaves the box, the selection staying (so it is taken before the
    // page's shortcuts see it: on the window, capturing).
    {
        let open = open.setter();
        use_effect_with((), move |_| {
            let opts = gloo::events::EventListenerOptions {
                phase: gloo::events::EventListenerPhase::Capture,
                passive: false,
            };
            let l = crate::dom::window().map(|w| {
                gloo::events::EventListener::new_with_options(&w, "keydown", opts, move |e| {
                    let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let el = k
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
                    let id = el.as_ref().map(|e| e.id()).unwrap_or_default();
                    let tag = el.as_ref().map(|e| e.tag_name()).unwrap_or_default();
                    let key = k.key();
                    if key == "Escape" && (id == "search" || id.starts_with("hit-")) {
                        k.stop_propagation();
                        open.set(false);
                        if let Some(el) = el {
                            let _ = el.blur();
                        }
                    } else if !matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        && (key == "/"
                            || ((k.ctrl_key() || k.meta_key()) && key.eq_ignore_ascii_case("f")))
                    {
                        k.prevent_default();
                        crate::dom::focus("search");
                    }
                })
            });
            move || drop(l)
        });
    }
    let onkeydown = {
        let (hits, pick) = (hits.clone(), pick.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                if let Some(h) = hits.0.first() {
                    pick(h.id.clone());
                }
            }
            "ArrowDown" => {
                e.prevent_default();
                crate::dom::focus("hit-0");
            }
            _ => {}
        })
    };
    let onfocus = {
        let open = open.clone();
        Callback::from(move |_: FocusEvent| open.set(true))
    };
    // The list is always there (hidden when closed, and then empty): an element that comes
    // and goes beside the input made Yew create the input again, which lost the focus.
    let shown = *open && !q.trim().is_empty();
    let (found, total) = (&hits.0, hits.1);
    let items = found.iter().enumerate().filter(|_| shown).map(|(i, h)| {
        let pick = pick.clone();
        let id = h.id.clone();
        let onclick = Callback::from(move |_: MouseEvent| pick(id.clone()));
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowDown" => format!("hit-{}", i + 1),
                "ArrowUp" if i == 0 => "search".into(),
                "ArrowUp" => format!("hit-{}", i - 1),
                _ => return,
            };
            e.prevent_default();
            crate::dom::focus(&to);
        });
        html! {
            <li><button id={format!("hit-{i}")} class="hit" data-id={h.id.clone()} {onclick} {onkeydown}>
                { h.label.clone() }<small>{ format!(" {} · {}", h.id, crate::i18n::kind_name(lang, h.kind)) }</small>
            </button></li>
        }
    });
    let list = html! {
        <ul id="search-results" role="listbox" aria-label={t(lang, "Search results")} hidden={!shown}>
            { for items }
            if shown && total == 0 {
                <li class="none">{ t(lang, "Nothing matches.") }</li>
            } else if shown && total > found.len() {
                <li class="none">{ format!("… +{}", total - found.len()) }</li>
            }
        </ul>
    };
    html! {
        <span class="search" role="search">
            <input id="search" type="search" value={(*q).clone()} {oninput} {onkeydown} {onfocus}
                placeholder={t(lang, "Search by id or label (Ctrl+F)")}
                aria-label={t(lang, "Search by id or label (Ctrl+F)")} autocomplete="off" />
            { list }
        </span>
    }
}
