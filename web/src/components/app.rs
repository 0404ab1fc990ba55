//! The application shell: the reducer, autosave and the other tab, keyboard shortcuts, the
//! page grid and the banners.

use std::cell::Cell;
use std::rc::Rc;

use archlint_core::Lang;
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::{dialogs::Dialogs, open, toolbar::Toolbar, workspace::Workspace};
use crate::dom;
use crate::i18n::t;
use crate::share;
use crate::state::{Action, State, Storage, Theme};
use crate::storage::{DeltaCache, Record, KEY, LANG_KEY, SAVED_STEPS, THEME_KEY};

/// What every component gets: the state and its dispatcher.
pub type Ctx = UseReducerHandle<State>;

fn initial_lang() -> Lang {
    dom::get_item(LANG_KEY)
        .and_then(|s| Lang::parse(&s))
        .or_else(|| Lang::parse(&dom::navigator_language()))
        .unwrap_or(Lang::En)
}

fn initial_theme() -> Theme {
    match dom::get_item(THEME_KEY).as_deref() {
        Some("dark") => Theme::Dark,
        _ => Theme::Light,
    }
}

/// Saves the state; returns the storage health. `last_seen` is the time of the newest record
/// this tab knows; a newer record from another tab is a conflict, not something to overwrite.
fn autosave(
    s: &State,
    tab: &str,
    last_seen: &Cell<f64>,
    cache: &mut DeltaCache,
) -> Result<Storage, Rc<str>> {
    if let Some(raw) = dom::get_item(KEY) {
        if let Some(r) = Record::head(&raw) {
            if r.tab != tab
                && r.at > last_seen.get()
                && r.text != s.doc.text
                && s.overwrite_rev != s.revision
            {
                return Err(Rc::from(r.text.as_str()));
            }
        }
    }
    let at = dom::now_ms().max(last_seen.get() + 1.0);
    let text: Rc<str> = Rc::from(s.doc.text.as_str());
    for (steps, health) in [(SAVED_STEPS, Storage::Ok), (0, Storage::Trimmed)] {
        let rec = Record::to_json(tab, at, &text, (&s.undo, &s.redo), steps, cache);
        match dom::set_item(KEY, &rec) {
            Ok(()) => {
                // Read back and verify.
                if dom::get_item(KEY).as_deref() == Some(rec.as_str()) {
                    last_seen.set(at);
                    return Ok(health);
                }
            }
            Err(false) => return Ok(Storage::Unavailable),
            Err(true) => {}
        }
    }
    Ok(Storage::Full)
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State::new(initial_lang(), initial_theme()));
    let tab = use_memo((), |_| dom::tab_id());
    let last_seen = use_memo((), |_| Cell::new(0.0f64));

    // Start: restore the autosave, then open a shared design from the fragment (undoable).
    {
        let d = state.dispatcher();
        let last_seen = last_seen.clone();
        use_effect_with((), move |_| {
            if let Some(r) = dom::get_item(KEY).and_then(|s| Record::parse(&s)) {
                last_seen.set(r.at);
                d.dispatch(Action::Restore {
                    text: r.text,
                    undo: r.undo,
                    redo: r.redo,
                });
            }
            if let Some(text) = share::decode(&dom::location_hash()) {
                d.dispatch(Action::Open(text));
                dom::clear_hash();
            }
            || ()
        });
    }

    // Autosave, debounced.
    {
        let s = state.clone();
        let tab = tab.clone();
        let last_seen = last_seen.clone();
        let cache = use_mut_ref(DeltaCache::default);
        use_effect_with(
            (state.revision, state.conflict.is_none()),
            move |(rev, free)| {
                let timer = (*rev > 0 && *free).then(|| {
                    Timeout::new(300, move || {
                        let health = autosave(&s, &tab, &last_seen, &mut cache.borrow_mut());
                        match health {
                            Ok(h) => {
                                if h != s.storage {
                                    s.dispatch(Action::Storage(h));
                                }
                            }
                            Err(theirs) => s.dispatch(Action::Conflict(Some(theirs))),
                        }
                    })
                });
                move || drop(timer)
            },
        );
    }

    // A share link opened in this tab (only the fragment changes: no reload).
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = dom::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    if let Some(text) = share::decode(&dom::location_hash()) {
                        d.dispatch(Action::Open(text));
                        dom::clear_hash();
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Another tab's save.
    {
        let d = state.dispatcher();
        let tab = tab.clone();
        use_effect_with((), move |_| {
            let listener = dom::window().map(|w| {
                EventListener::new(&w, "storage", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    if e.key().as_deref() != Some(KEY) {
                        return;
                    }
                    if let Some(r) = e.new_value().and_then(|v| Record::head(&v)) {
                        if r.tab != *tab {
                            d.dispatch(Action::Conflict(Some(Rc::from(r.text.as_str()))));
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Keyboard shortcuts.
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = dom::window().and_then(|w| w.document()).map(|doc| {
                let opts = gloo::events::EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&doc, "keydown", opts, move |e| {
                    let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let editing = k
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
                        .unwrap_or(false);
                    let ctrl = k.ctrl_key() || k.meta_key();
                    let key = k.key();
                    if key == "Escape" {
                        // Leaving the form: the focus goes back to the selected node on the
                        // canvas (the selection stays).
                        let in_form = k
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|el| el.closest("#properties").ok().flatten())
                            .is_some();
                        if editing && in_form {
                            let node = dom::window()
                                .and_then(|w| w.document())
                                .and_then(|doc| {
                                    doc.query_selector("#canvas-svg .node.selected")
                                        .ok()
                                        .flatten()
                                })
                                .and_then(|el| el.dyn_into::<web_sys::SvgElement>().ok());
                            if let Some(node) = node {
                                let _ = node.focus();
                                return;
                            }
                        }
                        d.dispatch(Action::Escape);
                        return;
                    }
                    if editing {
                        return;
                    }
                    match (ctrl, k.shift_key(), key.as_str()) {
                        (false, _, "Delete") | (false, _, "Backspace") => {
                            k.prevent_default();
                            d.dispatch(Action::DeleteSelected);
                        }
                        (true, false, "z") | (true, false, "Z") => {
                            k.prevent_default();
                            d.dispatch(Action::Undo);
                        }
                        (true, true, "z") | (true, true, "Z") | (true, _, "y") | (true, _, "Y") => {
                            k.prevent_default();
                            d.dispatch(Action::Redo);
                        }
                        // The selection: copy, paste, duplicate (not the browser's bookmark).
                        (true, false, "c") | (true, false, "C") => d.dispatch(Action::Copy),
                        (true, false, "v") | (true, false, "V") => {
                            k.prevent_default();
                            crate::components::canvas::mark_edit();
                            d.dispatch(Action::Paste);
                        }
                        (true, false, "d") | (true, false, "D") => {
                            k.prevent_default();
                            crate::components::canvas::mark_edit();
                            d.dispatch(Action::Duplicate);
                        }
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Language and theme: remembered; the page's lang and theme attributes follow.
    use_effect_with(state.lang, |lang| {
        let _ = dom::set_item(LANG_KEY, lang.code());
        dom::set_root_attr("lang", if *lang == Lang::Zh { "zh-CN" } else { "en" });
    });
    use_effect_with(state.theme, |theme| {
        let name = if *theme == Theme::Dark {
            "dark"
        } else {
            "light"
        };
        let _ = dom::set_item(THEME_KEY, name);
        dom::set_root_attr("data-theme", name);
    });

    // Drag and drop files or a folder anywhere on the page (what the drop carries is taken
    // during the event: the browser invalidates it afterwards).
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let d = state.dispatcher();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let items = e.data_transfer().map(|dt| open::dropped(&dt));
            if let Some(items) = items.filter(|i| !i.is_empty()) {
                open::open_dropped(items, d.clone());
            }
        })
    };

    let banners = banners(&state, &last_seen);
    html! {
        <ContextProvider<Ctx> context={state.clone()}>
            <div class="app" {ondragover} {ondrop}>
                <Toolbar />
                { banners }
                <Workspace />
                <Dialogs />
            </div>
        </ContextProvider<Ctx>>
    }
}

/// Marks the record now in storage as seen (the user chose between it and this tab's design).
fn seen_stored(last_seen: &Cell<f64>) {
    if let Some(r) = dom::get_item(KEY).and_then(|s| Record::head(&s)) {
        last_seen.set(last_seen.get().max(r.at));
    }
}

fn banners(state: &Ctx, last_seen: &Rc<Cell<f64>>) -> Html {
    let lang = state.lang;
    let mut out = Vec::new();
    if let Some(r) = &state.refused {
        let d = state.dispatcher();
        let cause = if lang == Lang::Zh { &r.zh } else { &r.en };
        out.push(html! {
            <div class="banner error" role="alert" id="refused">
                <span>
                    { t(lang, "The file was not opened; the design is unchanged.") }
                    { " " }
                    <b>{ if r.path.is_empty() {
                        format!("{} {} — {}", t(lang, "Line:column"), crate::import::position(r), cause)
                    } else {
                        format!("{} — {}", crate::import::position(r), cause)
                    } }</b>
                </span>
                <button onclick={Callback::from(move |_| d.dispatch(Action::DismissRefused))}>
                    { t(lang, "Dismiss") }
                </button>
            </div>
        });
    }
    if state.importing {
        out.push(html! {
            <div class="banner info" role="status" id="importing">
                { t(lang, "Importing the Terraform / ROS files…") }
            </div>
        });
    }
    match state.storage {
        Storage::Ok => {}
        Storage::Trimmed => out.push(html! {
            <div class="banner warn" role="status" id="storage-warning">
                { t(lang, "Local storage is almost full: the design is saved, its undo history is not.") }
            </div>
        }),
        Storage::Full => out.push(html! {
            <div class="banner error" role="alert" id="storage-warning">
                { t(lang, "Local storage is full: changes are NOT saved. Save the design as a file.") }
            </div>
        }),
        Storage::Unavailable => out.push(html! {
            <div class="banner error" role="alert" id="storage-warning">
                { t(lang, "Local storage is unavailable: changes are NOT saved. Save the design as a file.") }
            </div>
        }),
    }
    if let Some(theirs) = &state.conflict {
        let load = {
            let d = state.dispatcher();
            let theirs = theirs.clone();
            let last_seen = last_seen.clone();
            Callback::from(move |_| {
                seen_stored(&last_seen);
                d.dispatch(Action::Open(theirs.to_string()));
                d.dispatch(Action::Conflict(None));
            })
        };
        let keep = {
            let d = state.dispatcher();
            let last_seen = last_seen.clone();
            Callback::from(move |_| {
                seen_stored(&last_seen);
                d.dispatch(Action::KeepMine)
            })
        };
        out.push(html! {
            <div class="banner warn" role="alert" id="conflict">
                <span>{ t(lang, "Another tab saved a newer version of the design. Autosave is paused.") }</span>
                <button onclick={load}>{ t(lang, "Load the other tab's version") }</button>
                <button onclick={keep}>{ t(lang, "Keep mine and overwrite") }</button>
            </div>
        });
    }
    html! { <>{ for out }</> }
}
