//! The findings panel: by severity, filtered; a click selects and reveals the node; each
//! finding opens its rule's documentation or is ignored with a reason.

use archlint_core::Severity;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::components::coverage::CoverageSummary;
use crate::components::finding_item::FindingItem;
use crate::i18n::t;
use crate::state::{sev_index, Action};

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
    let seen = std::cell::RefCell::new(archlint_core::index::Map::<String, usize>::default());
    let groups = sevs.iter().filter(|sv| s.show[sev_index(**sv)] && s.doc.count(**sv) > 0).map(|&sv| {
        let items = s.doc.findings.iter().enumerate().filter(|(_, f)| f.severity == sv).map(|(i, f)| {
            let target = f.target.as_deref();
            let selected = target.is_some() && s.selected_id() == target;
            // A stable key (so that one new finding does not re-patch all that follow), made
            // unique if two findings look alike.
            let base = format!("{}|{}|{}", f.rule.code, f.pointer, target.unwrap_or(""));
            let n = seen.borrow_mut().entry(base.clone()).and_modify(|n| *n += 1).or_insert(1).to_owned();
            let key = if n == 1 { base } else { format!("{base}#{n}") };
            html! {
                <FindingItem {key} doc={s.doc.clone()} {i} {selected} {lang} dispatch={s.dispatcher()} />
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
            <CoverageSummary doc={s.doc.clone()} {lang} dispatch={s.dispatcher()} />
            <div class="filters" role="group" aria-label={t(lang, "Severity filter")}>{ for filters }</div>
            if empty {
                <p class="clean" id="clean">{ t(lang, "No findings: the design lints clean.") }</p>
            } else {
                { for groups }
            }
        </section>
    }
}
