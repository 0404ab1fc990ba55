//! The rule browser (every rule of the registry by family) and a rule's documentation.

use archlint_core::Lang;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::i18n::t;
use crate::state::{Action, Dialog};

/// Renders a rule's Markdown documentation: headings, code blocks, paragraphs.
pub fn markdown(doc: &str) -> Html {
    let mut out = Vec::new();
    let mut code: Option<String> = None;
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut Vec<Html>| {
        if !para.trim().is_empty() {
            out.push(html! { <p>{ para.trim().to_string() }</p> });
        }
        para.clear();
    };
    for line in doc.lines() {
        let l = line.strip_prefix(' ').unwrap_or(line);
        if let Some(c) = code.as_mut() {
            if l.starts_with("```") {
                out.push(html! { <pre><code>{ std::mem::take(c) }</code></pre> });
                code = None;
            } else {
                c.push_str(l);
                c.push('\n');
            }
        } else if l.starts_with("```") {
            flush(&mut para, &mut out);
            code = Some(String::new());
        } else if let Some(h) = l.strip_prefix("## ") {
            flush(&mut para, &mut out);
            out.push(html! { <h4>{ h.to_string() }</h4> });
        } else if l.trim().is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push_str(l);
            para.push(' ');
        }
    }
    flush(&mut para, &mut out);
    html! { <div class="markdown">{ for out }</div> }
}

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub code: &'static str,
}

#[function_component(Explain)]
pub fn explain(p: &ExplainProps) -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let Some(r) = archlint_core::rules::find(p.code) else {
        return html! { <p>{ p.code }</p> };
    };
    // The Chinese doc has no examples: show them from the English one.
    let examples = if lang == Lang::Zh {
        let ex = r
            .doc_en
            .find("## Failing example")
            .map(|i| &r.doc_en[i..])
            .unwrap_or("");
        let ex = ex.find("## Source").map(|j| &ex[..j]).unwrap_or(ex);
        markdown(
            &ex.replace("## Failing example", "## 反例（触发本规则）")
                .replace("## Passing example", "## 正例（不触发）"),
        )
    } else {
        Html::default()
    };
    let back = {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(Dialog::Rules)))
    };
    html! {
        <article class="explain" id="explain">
            <h3>{ format!("{} {} — {}", r.code, r.name, r.severity.label(lang)) }</h3>
            <p class="summary">{ r.summary.get(lang) }</p>
            { markdown(r.doc(lang)) }
            { examples }
            <button onclick={back}>{ t(lang, "All rules") }</button>
        </article>
    }
}

#[function_component(RuleBrowser)]
pub fn rule_browser() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let rows = archlint_core::rules::FAMILIES.iter().map(|(fam, rules)| {
        let items = rules.iter().map(|r| {
            let d = s.dispatcher();
            let code = r.code;
            let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(Dialog::Explain(code))));
            html! {
                <li>
                    <button class="link" {onclick}>
                        <span class="code">{ r.code }</span>
                        <span class={format!("sev-{}", r.severity.name())}>{ r.severity.label(lang) }</span>
                        { format!(" {} — {}", r.name, r.summary.get(lang)) }
                    </button>
                </li>
            }
        });
        html! {
            <section>
                <h4>{ format!("{fam} · {}", archlint_core::rules::family_title(fam).get(lang)) }</h4>
                <ul class="rules">{ for items }</ul>
            </section>
        }
    });
    html! {
        <div class="rule-browser" id="rule-browser">
            <h3>{ format!("{} ({})", t(lang, "Rules"), archlint_core::rules::all().count()) }</h3>
            { for rows }
        </div>
    }
}
