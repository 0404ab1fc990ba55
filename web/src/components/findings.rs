//! The findings panel: by severity, filtered; a click selects and reveals the node; each
//! finding opens its rule's documentation or is ignored with a reason.

use archlint_core::Severity;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::i18n::t;
use crate::state::{sev_index, Action, Dialog, Sel};

#[function_component(Findings)]
pub fn findings() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let sevs = [Severity::Error, Severity::Warning, Severity::Info];
    let filters = sevs.iter().map(|&sv| {
        let d = s.dispatcher();
        let on = s.show[sev_index(sv)];
        let onchange = Callback::from(move |e: Event| {
            let c = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            d.dispatch(Action::Show(sv, c));
        });
        html! {
            <label class={classes!("inline", format!("sev-{}", sv.name()))}>
                <input type="checkbox" id={format!("show-{}", sv.name())} checked={on} {onchange} />
                { format!("{} ({})", sv.label(lang), s.doc.count(sv)) }
            </label>
        }
    });
    let seen = std::cell::RefCell::new(std::collections::HashMap::<String, usize>::new());
    let groups = sevs.iter().filter(|sv| s.show[sev_index(**sv)] && s.doc.count(**sv) > 0).map(|&sv| {
        let items = s.doc.findings.iter().filter(|f| f.severity == sv).map(|f| {
            let code = f.rule.code;
            let target = f.target.clone();
            let reveal = {
                let d = s.dispatcher();
                let target = target.clone();
                Callback::from(move |_: MouseEvent| {
                    if let Some(t) = &target {
                        d.dispatch(Action::Reveal(Sel::Id(t.clone())));
                    }
                })
            };
            let explain = {
                let d = s.dispatcher();
                Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(Dialog::Explain(code))))
            };
            let ignore = {
                let d = s.dispatcher();
                let target = target.clone();
                Callback::from(move |_: MouseEvent| {
                    d.dispatch(Action::Dialog(Dialog::Ignore { rule: code, target: target.clone() }))
                })
            };
            let selected = target.is_some() && s.selected_id() == target.as_deref();
            // A stable key (so that one new finding does not re-patch all that follow), made
            // unique if two findings look alike.
            let base = format!("{code}|{}|{}", f.pointer, target.as_deref().unwrap_or(""));
            let n = seen.borrow_mut().entry(base.clone()).and_modify(|n| *n += 1).or_insert(1).to_owned();
            let key = if n == 1 { base } else { format!("{base}#{n}") };
            html! {
                <li key={key}
                    class={classes!("finding", format!("sev-{}", sv.name()), selected.then_some("selected"))}
                    data-code={code} data-target={target.clone()}>
                    <button class="finding-main" onclick={reveal}
                        title={format!("{} {}:{}", t(lang, "Line:column"), f.line, f.column)}>
                        <span class="code">{ code }</span>
                        <span class="msg">{ f.message.get(lang).to_string() }</span>
                        if let Some(tg) = &target { <span class="target">{ tg.clone() }</span> }
                    </button>
                    <span class="finding-actions">
                        <button class="explain" onclick={explain}>{ t(lang, "Explain") }</button>
                        <button class="ignore" onclick={ignore}>{ t(lang, "Ignore…") }</button>
                    </span>
                    <div class="help">{ f.help.get(lang).to_string() }</div>
                </li>
            }
        });
        html! {
            <section class="sev-group">
                <h3 class={format!("sev-{}", sv.name())}>{ sv.label(lang) }</h3>
                <ul>{ for items }</ul>
            </section>
        }
    });
    let empty = s.doc.findings.is_empty();
    html! {
        <section class="findings" aria-label={t(lang, "Findings")} id="findings">
            <h2>{ t(lang, "Findings") }</h2>
            <div class="filters" role="group" aria-label={t(lang, "Severity filter")}>{ for filters }</div>
            if empty {
                <p class="clean" id="clean">{ t(lang, "No findings: the design lints clean.") }</p>
            } else {
                { for groups }
            }
        </section>
    }
}
