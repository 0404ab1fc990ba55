//! The top bar: title, file menu, undo/redo, rule browser, language and theme.

use archlint_core::{Lang, Severity};
use yew::prelude::*;

use crate::components::{app::Ctx, file_menu::FileMenu};
use crate::i18n::t;
use crate::state::{Action, Dialog, Theme};

#[function_component(Toolbar)]
pub fn toolbar() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let act = |a: fn() -> Action| {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(a()))
    };
    let on_lang = {
        let d = s.dispatcher();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            d.dispatch(Action::Lang(Lang::parse(&v).unwrap_or(Lang::En)));
        })
    };
    let theme_label = match s.theme {
        Theme::Light => t(lang, "Dark theme"),
        Theme::Dark => t(lang, "Light theme"),
    };
    let (e, w, i) = (
        s.doc.count(Severity::Error),
        s.doc.count(Severity::Warning),
        s.doc.count(Severity::Info),
    );
    html! {
        <header class="toolbar">
            <h1 class="title">{ "archlint" }<span class="subtitle">{ t(lang, "design editor") }</span></h1>
            <FileMenu />
            <div class="group" role="group" aria-label={t(lang, "History")}>
                <button id="undo" onclick={act(|| Action::Undo)} disabled={s.undo.is_empty()}
                    title={t(lang, "Undo (Ctrl+Z)")}>{ t(lang, "Undo") }</button>
                <button id="redo" onclick={act(|| Action::Redo)} disabled={s.redo.is_empty()}
                    title={t(lang, "Redo (Ctrl+Shift+Z)")}>{ t(lang, "Redo") }</button>
            </div>
            <button id="rules" onclick={act(|| Action::Dialog(Dialog::Rules))}>{ t(lang, "Rules") }</button>
            <span class="counts" aria-live="polite" id="counts">
                <span class="sev-error">{ format!("{e} {}", Severity::Error.label(lang)) }</span>
                <span class="sev-warning">{ format!("{w} {}", Severity::Warning.label(lang)) }</span>
                <span class="sev-info">{ format!("{i} {}", Severity::Info.label(lang)) }</span>
            </span>
            <span class="spacer" />
            <label class="inline"><span class="visually-hidden">{ t(lang, "Language") }</span>
                <select id="lang" onchange={on_lang}>
                    <option value="en" selected={lang == Lang::En}>{ "English" }</option>
                    <option value="zh" selected={lang == Lang::Zh}>{ "中文" }</option>
                </select>
            </label>
            <button id="theme" onclick={act(|| Action::ToggleTheme)}>{ theme_label }</button>
        </header>
    }
}
