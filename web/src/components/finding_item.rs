//! One finding in the findings panel: code, message, target and help; a click reveals its node,
//! Explain opens its rule's documentation, Ignore asks for a reason. Re-rendered only when the
//! finding, its selection or the language changed (the panel's other findings are untouched
//! when an edit adds or removes one).

use std::rc::Rc;

use archlint_core::{Finding, Lang};
use yew::prelude::*;

use crate::doc::{Doc, FixInfo};
use crate::i18n::t;
use crate::state::{Action, Dialog, FixReq, Sel, State};

#[derive(Properties, Clone)]
pub struct FindingProps {
    pub doc: Rc<Doc>,
    /// Index into `doc.findings`.
    pub i: usize,
    pub selected: bool,
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<State>,
}

impl FindingProps {
    fn finding(&self) -> &Finding {
        &self.doc.findings[self.i]
    }
    fn fix(&self) -> Option<&FixInfo> {
        self.doc.fixes.get(self.i).and_then(Option::as_ref)
    }
}

impl PartialEq for FindingProps {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (self.finding(), o.finding());
        (self.selected, self.lang) == (o.selected, o.lang)
            && self.dispatch == o.dispatch
            && a.rule.code == b.rule.code
            && a.severity == b.severity
            && a.target == b.target
            && a.pointer == b.pointer
            && (a.line, a.column) == (b.line, b.column)
            && a.message == b.message
            && a.help == b.help
            && self.fix() == o.fix()
    }
}

#[function_component(FindingItem)]
pub fn finding_item(p: &FindingProps) -> Html {
    let f = p.finding();
    let lang = p.lang;
    let code = f.rule.code;
    let target = f.target.clone();
    let reveal = {
        let d = p.dispatch.clone();
        let target = target.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = &target {
                d.dispatch(Action::Reveal(Sel::Id(t.clone())));
            }
        })
    };
    let explain = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(Dialog::Explain(code))))
    };
    let ignore = {
        let d = p.dispatch.clone();
        let target = target.clone();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::Dialog(Dialog::Ignore {
                rule: code,
                target: target.clone(),
            }))
        })
    };
    let fix = p.fix().cloned();
    // A safe fix applies at once; an unsafe one first says what it adds.
    let req = FixReq {
        index: p.i,
        code,
        target: target.clone(),
        pointer: f.pointer.clone(),
        all: false,
        confirmed: false,
    };
    let fix_cb = fix_click(
        p.dispatch.clone(),
        req.clone(),
        fix.as_ref()
            .is_some_and(|x| x.safety == archlint_core::fix::Safety::Unsafe),
        [
            "li.finding",
            "button.fix",
            "section.rule-group",
            "button.group-head",
        ],
    );
    let fix_buttons = match &fix {
        Some(x) => {
            let label = match x.safety {
                archlint_core::fix::Safety::Safe => t(lang, "Fix"),
                archlint_core::fix::Safety::Unsafe => t(lang, "Fix…"),
            };
            let rest = fix_prepare(
                lang,
                req.clone(),
                x.safety == archlint_core::fix::Safety::Safe,
            );
            html! {
                <button class="fix" title={x.title.get(lang).to_string()} onclick={fix_cb}
                    onpointerenter={rest.enter} onfocus={rest.focus} onpointerleave={rest.leave}>{ label }</button>
            }
        }
        None => html! {},
    };
    html! {
        <li class={classes!("finding", format!("sev-{}", f.severity.name()), p.selected.then_some("selected"))}
            data-code={code} data-target={target.clone()}>
            <button class="finding-main" onclick={reveal}
                title={format!("{} {}:{}", t(lang, "Line:column"), f.line, f.column)}>
                <span class="code">{ code }</span>
                <span class="msg">{ f.message.get(lang).to_string() }</span>
                if let Some(tg) = &target { <span class="target">{ tg.clone() }</span> }
            </button>
            <span class="finding-actions">
                { fix_buttons }
                <button class="explain" onclick={explain}>{ t(lang, "Explain") }</button>
                <button class="ignore" onclick={ignore}>{ t(lang, "Ignore…") }</button>
            </span>
            <div class="help">{ f.help.get(lang).to_string() }</div>
        </li>
    }
}

/// What a Fix, "Fix all" or Apply button does while the pointer rests on it or it has the
/// keyboard focus: has the fix's result made ahead of the click ([`crate::state::prepare_fix`]).
/// Only for a button that applies its fix at once (`applies`: a safe fix, or one confirmed); an
/// unsafe fix's own button only opens the dialog, and gets no handlers.
pub fn fix_prepare(lang: Lang, req: FixReq, applies: bool) -> crate::ahead::OnRest {
    let go: Rc<dyn Fn()> = Rc::new(move || crate::state::prepare_fix(lang, req.clone()));
    crate::ahead::on_rest(applies.then_some(go))
}

/// The click of a Fix or "Fix all" button: an unsafe fix opens the dialog that says what it
/// adds; a safe one moves the keyboard focus off what it removes (`focus`: the item, its
/// button, the group and its heading, as [`crate::dom::focus_neighbour`] takes them) and
/// applies.
pub fn fix_click(
    d: UseReducerDispatcher<State>,
    req: FixReq,
    unsafe_: bool,
    focus: [&'static str; 4],
) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        if unsafe_ {
            d.dispatch(Action::Dialog(Dialog::ConfirmFix(req.clone())));
            return;
        }
        crate::components::canvas::mark_edit();
        if let Some(el) = e.target_dyn_into::<web_sys::Element>() {
            let [item, button, group, head] = focus;
            crate::dom::focus_neighbour(&el, item, button, group, head);
        }
        d.dispatch(Action::Fix(req.clone()));
    })
}
