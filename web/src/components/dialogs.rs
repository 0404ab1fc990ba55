//! The modal dialogs: rule documentation and browser, paste JSON, example gallery, share
//! link, ignore with a reason.

use yew::prelude::*;

use crate::components::app::Ctx;
use crate::components::rule_browser::{Explain, RuleBrowser};
use crate::i18n::t;
use crate::state::{Action, Dialog};

/// The example gallery: the reference designs and the broken ones.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "classic-dual-zone",
        include_str!("../../../examples/classic-dual-zone.json"),
    ),
    ("vpc", include_str!("../../../examples/vpc.json")),
    (
        "high-security",
        include_str!("../../../examples/high-security.json"),
    ),
    (
        "two-region-three-center",
        include_str!("../../../examples/two-region-three-center.json"),
    ),
    (
        "broken/ha",
        include_str!("../../../examples/broken/ha.json"),
    ),
    (
        "broken/zn",
        include_str!("../../../examples/broken/zn.json"),
    ),
    (
        "broken/bh",
        include_str!("../../../examples/broken/bh.json"),
    ),
    (
        "broken/bh-no-bastion",
        include_str!("../../../examples/broken/bh-no-bastion.json"),
    ),
    (
        "broken/ns",
        include_str!("../../../examples/broken/ns.json"),
    ),
    (
        "broken/lb",
        include_str!("../../../examples/broken/lb.json"),
    ),
    (
        "broken/db",
        include_str!("../../../examples/broken/db.json"),
    ),
    (
        "broken/os",
        include_str!("../../../examples/broken/os.json"),
    ),
    (
        "broken/vp",
        include_str!("../../../examples/broken/vp.json"),
    ),
    (
        "broken/cp",
        include_str!("../../../examples/broken/cp.json"),
    ),
    (
        "broken/dr",
        include_str!("../../../examples/broken/dr.json"),
    ),
    (
        "broken/sg",
        include_str!("../../../examples/broken/sg.json"),
    ),
    (
        "broken/ag",
        include_str!("../../../examples/broken/ag.json"),
    ),
    (
        "broken/df",
        include_str!("../../../examples/broken/df.json"),
    ),
];

#[function_component(Dialogs)]
pub fn dialogs() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let close = {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(Dialog::None)))
    };
    // Move the keyboard focus into a dialog when it opens, and give it back to what had it
    // (the button that opened it) when the dialog closes.
    let open = s.dialog != Dialog::None;
    let which = std::mem::discriminant(&s.dialog);
    let before = use_mut_ref(|| None::<web_sys::HtmlElement>);
    use_effect_with((open, which), move |(open, _)| {
        if !*open {
            if let Some(el) = before.borrow_mut().take() {
                if el.is_connected() {
                    let _ = el.focus();
                }
            }
            return;
        }
        let active = crate::dom::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .filter(|e| e.closest(".dialog").ok().flatten().is_none())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if active.is_some() {
            *before.borrow_mut() = active;
        }
        {
            if let Some(el) = crate::dom::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(".dialog-body input, .dialog-body textarea, .dialog-body button, .dialog .close")
                        .ok()
                        .flatten()
                })
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        }
    });
    let paste_ref = use_node_ref();
    let reason_ref = use_node_ref();
    let (title, body) = match &s.dialog {
        Dialog::None => return Html::default(),
        Dialog::Explain(code) => (t(lang, "Rule"), html! { <Explain code={*code} /> }),
        Dialog::Rules => (t(lang, "Rules"), html! { <RuleBrowser /> }),
        Dialog::Paste => {
            let d = s.dispatcher();
            let r = paste_ref.clone();
            let open = Callback::from(move |_: MouseEvent| {
                if let Some(ta) = r.cast::<web_sys::HtmlTextAreaElement>() {
                    d.dispatch(Action::Open(ta.value()));
                }
            });
            (
                t(lang, "Paste JSON"),
                html! { <>
                    <label for="paste-text">{ t(lang, "Design JSON") }</label>
                    <textarea id="paste-text" ref={paste_ref.clone()} rows="16" spellcheck="false" />
                    <button id="paste-open" onclick={open}>{ t(lang, "Open") }</button>
                </> },
            )
        }
        Dialog::Gallery => {
            let items = EXAMPLES.iter().map(|(name, text)| {
                let d = s.dispatcher();
                let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Open(text.to_string())));
                let title = serde_json::from_str::<serde_json::Value>(text)
                    .ok()
                    .and_then(|v| v.get("name").and_then(|n| n.as_str()).map(String::from))
                    .unwrap_or_default();
                html! {
                    <li><button class="link" id={format!("example-{}", name.replace('/', "-"))} {onclick}>
                        <b>{ *name }</b>{ " " }{ title }
                    </button></li>
                }
            });
            (
                t(lang, "Examples"),
                html! { <ul class="gallery">{ for items }</ul> },
            )
        }
        Dialog::Share(url) => (
            t(lang, "Share link"),
            html! { <>
                <p>{ t(lang, "The link carries the whole design; it was copied to the clipboard.") }</p>
                <label for="share-url">{ t(lang, "Link") }</label>
                <input id="share-url" type="text" readonly=true value={url.clone()} />
            </> },
        ),
        Dialog::ConfirmFix(req) => {
            let d = s.dispatcher();
            let req = req.clone();
            // What the fix (or each fix of the rule) will do.
            let titles: Vec<String> = if req.all {
                s.doc
                    .findings
                    .iter()
                    .zip(&s.doc.fixes)
                    .filter(|(f, _)| f.rule.code == req.code)
                    .filter_map(|(_, x)| x.as_ref().map(|x| x.title.get(lang).to_string()))
                    .collect()
            } else {
                s.doc
                    .fix_of(&req)
                    .map(|x| x.title.get(lang).to_string())
                    .into_iter()
                    .collect()
            };
            let req = crate::state::FixReq {
                confirmed: true,
                ..req
            };
            let rest = crate::components::finding_item::fix_prepare(lang, req.clone(), true);
            let apply = Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                crate::components::canvas::mark_edit();
                d.dispatch(Action::Fix(req.clone()));
            });
            (
                t(lang, "Apply a fix that adds or moves resources?"),
                html! {
                    <form onsubmit={apply}>
                        <p>{ t(lang, "This fix changes the architecture, not only a setting: review what it does.") }</p>
                        <ul class="fix-list">{ for titles.iter().map(|x| html! { <li>{ x.clone() }</li> }) }</ul>
                        <button id="fix-ok" type="submit"
                            onpointerenter={rest.enter} onfocus={rest.focus} onpointerleave={rest.leave}>{ t(lang, "Apply") }</button>
                    </form>
                },
            )
        }
        Dialog::Whitelist { ecs, rds } => {
            let answer = |whitelist: bool| {
                let d = s.dispatcher();
                let (ecs, rds) = (ecs.clone(), rds.clone());
                Callback::from(move |_: MouseEvent| {
                    crate::components::canvas::mark_edit();
                    d.dispatch(Action::LinkDatabase {
                        ecs: ecs.clone(),
                        rds: rds.clone(),
                        whitelist,
                    })
                })
            };
            (
                t(lang, "Add the ECS to the database's whitelist?"),
                html! { <>
                    <p>{ format!("`{ecs}` → `{rds}`") }</p>
                    <p>{ t(lang, "The RDS accepts connections only from the addresses on its whitelist.") }</p>
                    <button id="whitelist-add" onclick={answer(true)}>{ t(lang, "Add to the whitelist and link") }</button>
                    { " " }
                    <button id="whitelist-link" onclick={answer(false)}>{ t(lang, "Just link") }</button>
                </> },
            )
        }
        Dialog::DeleteContent(ids) => {
            // Each container with content: what it holds, and where "keep" moves it.
            let v = &s.doc.value;
            let asks = crate::build::needs_asking(v, ids);
            let mut can_keep = false;
            let lines: Vec<Html> = asks
                .iter()
                .map(|(id, _)| {
                    let (nodes, boxes) = crate::build::content(v, id);
                    let mut held: Vec<String> = nodes.into_iter().chain(boxes).filter(|x| !ids.contains(x)).collect();
                    let more = held.len().saturating_sub(6);
                    held.truncate(6);
                    let mut what = held.join(", ");
                    if more > 0 {
                        what.push_str(&format!(" (+{more})"));
                    }
                    let to = crate::build::sibling(v, id, ids);
                    can_keep |= to.is_some();
                    let whither = match to {
                        Some(to) => format!("{} `{to}`", t(lang, "kept: moves to")),
                        None => t(lang, "nowhere to move it: deleted either way").to_string(),
                    };
                    html! { <li><b>{ format!("`{id}`") }</b>{ format!(": {what} — {whither}") }</li> }
                })
                .collect();
            let answer = |keep: bool| {
                let d = s.dispatcher();
                let ids = ids.clone();
                Callback::from(move |_: MouseEvent| {
                    crate::components::canvas::mark_edit();
                    d.dispatch(Action::DeleteContent {
                        ids: ids.clone(),
                        keep,
                    })
                })
            };
            (
                t(lang, "Delete it with its content?"),
                html! { <>
                    <p>{ t(lang, "What you delete holds resources. Keep them (they move to a sibling: a zone's to another zone of its region, a vSwitch's to another vSwitch of its VPC, a VPC's vSwitches to another VPC of its region, a region's to another region), or delete them with it.") }</p>
                    <ul class="fix-list" id="delete-content">{ for lines }</ul>
                    <button id="delete-keep" onclick={answer(true)} disabled={!can_keep}>{ t(lang, "Keep the content") }</button>
                    { " " }
                    <button id="delete-all" class="danger" onclick={answer(false)}>{ t(lang, "Delete the content too") }</button>
                </> },
            )
        }
        Dialog::Ignore { rule, target } => {
            let d = s.dispatcher();
            let r = reason_ref.clone();
            let (rule, target) = (*rule, target.clone());
            let tdesc = target.clone().map(|t| format!("`{t}`")).unwrap_or_default();
            let ok = Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                if let Some(i) = r.cast::<web_sys::HtmlInputElement>() {
                    let reason = i.value();
                    if reason.trim().is_empty() {
                        i.report_validity();
                        return;
                    }
                    d.dispatch(Action::Ignore {
                        rule,
                        target: target.clone(),
                        reason,
                    });
                }
            });
            (
                t(lang, "Ignore a finding"),
                html! {
                    <form onsubmit={ok}>
                        <p>{ format!("{rule} {tdesc}") }</p>
                        <label for="ignore-reason">{ t(lang, "Reason (required)") }</label>
                        <input id="ignore-reason" ref={reason_ref.clone()} type="text" required=true />
                        <button id="ignore-ok" type="submit">{ t(lang, "Ignore") }</button>
                    </form>
                },
            )
        }
    };
    // Tab and Shift+Tab go round the dialog's controls: the focus stays in the dialog.
    let keep_focus = Callback::from(|e: KeyboardEvent| {
        if e.key() != "Tab" {
            return;
        }
        let Some(doc) = crate::dom::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(list) = doc.query_selector_all(
            ".dialog button:not([disabled]), .dialog input:not([disabled]), .dialog select:not([disabled]), .dialog textarea:not([disabled]), .dialog a[href], .dialog [tabindex]:not([tabindex='-1'])",
        ) else {
            return;
        };
        let n = list.length();
        let (Some(first), Some(last)) = (list.item(0), n.checked_sub(1).and_then(|i| list.item(i)))
        else {
            return;
        };
        let active = doc.active_element().map(wasm_bindgen::JsValue::from);
        let is =
            |x: &web_sys::Node| active.as_ref() == Some(&wasm_bindgen::JsValue::from(x.clone()));
        let to = if e.shift_key() && is(&first) {
            Some(last)
        } else if !e.shift_key() && is(&last) {
            Some(first)
        } else {
            None
        };
        if let Some(el) =
            to.and_then(|x| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(x).ok())
        {
            e.prevent_default();
            let _ = el.focus();
        }
    });
    html! {
        <div class="backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-label={title} onkeydown={keep_focus}>
                <header>
                    <h2>{ title }</h2>
                    <button class="close" onclick={close} aria-label={t(lang, "Close (Esc)")}>{ "×" }</button>
                </header>
                <div class="dialog-body">{ body }</div>
            </div>
        </div>
    }
}
