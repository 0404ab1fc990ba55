//! The rule browser (every rule of the registry by family) and a rule's documentation.
//!
//! The editor is built without core's `docs` feature: the summaries, documentation and fix
//! notes come from the rules documentation module (web-docs/, `dom::rule_docs`), which
//! `web/boot.js` fetches the first time either dialog opens; until then the dialog says it is
//! loading, and if the fetch fails it says so (opening the dialog again retries). Once loaded
//! they are kept for the page's life.

use std::cell::RefCell;
use std::rc::Rc;

use archlint_core::Lang;
use serde_json::Value;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::i18n::t;
use crate::state::{Action, Dialog};

/// One rule's documentation: (English, Chinese) pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDoc {
    pub code: String,
    pub summary: [String; 2],
    /// Markdown, as core's `RuleMeta::doc_en` / `doc_zh`.
    pub doc: [String; 2],
    pub fix_note: [String; 2],
}

/// Every rule's documentation, as the rules documentation module gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Docs(pub Vec<RuleDoc>);

impl Docs {
    /// Reads the module's answer: `[{"code", "summary": [en, zh], "doc": [...], "fix_note":
    /// [...]}, ...]`.
    pub fn parse(json: &str) -> Result<Docs, String> {
        let v: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let list = v
            .as_array()
            .ok_or("the rules' documentation is not a list")?;
        let mut out = Vec::with_capacity(list.len());
        for r in list {
            out.push(RuleDoc {
                code: text(&r["code"]),
                summary: pair(&r["summary"]),
                doc: pair(&r["doc"]),
                fix_note: pair(&r["fix_note"]),
            });
        }
        Ok(Docs(out))
    }

    pub fn get(&self, code: &str) -> Option<&RuleDoc> {
        self.0.iter().find(|d| d.code == code)
    }

    /// The rule's one-line summary in `lang` (empty for a rule the module does not know).
    pub fn summary(&self, code: &str, lang: Lang) -> &str {
        self.get(code).map_or("", |d| in_lang(&d.summary, lang))
    }
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

fn pair(v: &Value) -> [String; 2] {
    [text(&v[0]), text(&v[1])]
}

fn in_lang(p: &[String; 2], lang: Lang) -> &str {
    &p[(lang == Lang::Zh) as usize]
}

/// The documentation's state in a dialog.
#[derive(Debug, Clone, PartialEq)]
enum Loading {
    Pending,
    Ready(Rc<Docs>),
    Failed(String),
}

thread_local! {
    /// The documentation once loaded.
    static LOADED: RefCell<Option<Rc<Docs>>> = const { RefCell::new(None) };
}

/// The rules' documentation: loaded (from the module) when the component first renders, unless
/// it already was.
#[hook]
fn use_docs() -> Loading {
    let state = use_state(|| {
        LOADED
            .with(|l| l.borrow().clone())
            .map_or(Loading::Pending, Loading::Ready)
    });
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            if *state == Loading::Pending {
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = crate::dom::rule_docs()
                        .await
                        .and_then(|json| Docs::parse(&json));
                    state.set(match loaded {
                        Ok(d) => {
                            let d = Rc::new(d);
                            LOADED.with(|l| *l.borrow_mut() = Some(d.clone()));
                            Loading::Ready(d)
                        }
                        Err(e) => Loading::Failed(e),
                    });
                });
            }
        });
    }
    (*state).clone()
}

/// What a dialog shows while the documentation loads or when it could not be loaded.
fn waiting(lang: Lang, state: &Loading) -> Html {
    match state {
        Loading::Failed(e) => html! {
            <p class="docs-error" id="docs-error">
                { format!("{} {e}", t(lang, "The rules' documentation could not be loaded (close this and open it again to retry):")) }
            </p>
        },
        _ => {
            html! { <p class="docs-loading" id="docs-loading">{ t(lang, "Loading the rules' documentation…") }</p> }
        }
    }
}

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
    let docs = use_docs();
    let lang = s.lang;
    let Some(r) = archlint_core::rules::find(p.code) else {
        return html! { <p>{ p.code }</p> };
    };
    let back = {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(Dialog::Rules)))
    };
    let title =
        html! { <h3>{ format!("{} {} — {}", r.code, r.name, r.severity.label(lang)) }</h3> };
    let Loading::Ready(docs) = &docs else {
        return html! {
            <article class="explain">
                { title }
                { waiting(lang, &docs) }
                <button onclick={back}>{ t(lang, "All rules") }</button>
            </article>
        };
    };
    let Some(d) = docs.get(r.code) else {
        return html! { <p>{ p.code }</p> };
    };
    // The Chinese doc has no examples: show them from the English one.
    let examples = if lang == Lang::Zh {
        let en = &d.doc[0];
        let ex = en
            .find("## Failing example")
            .map(|i| &en[i..])
            .unwrap_or("");
        let ex = ex.find("## Source").map(|j| &ex[..j]).unwrap_or(ex);
        markdown(
            &ex.replace("## Failing example", "## 反例（触发本规则）")
                .replace("## Passing example", "## 正例（不触发）"),
        )
    } else {
        Html::default()
    };
    let note = in_lang(&d.fix_note, lang);
    let fix = if note.is_empty() {
        Html::default()
    } else {
        html! { <><h4>{ t(lang, "Fix") }</h4><p class="fix-note">{ note.to_string() }</p></> }
    };
    html! {
        <article class="explain" id="explain">
            { title }
            <p class="summary">{ in_lang(&d.summary, lang).to_string() }</p>
            { markdown(in_lang(&d.doc, lang)) }
            { examples }
            { fix }
            <button onclick={back}>{ t(lang, "All rules") }</button>
        </article>
    }
}

#[function_component(RuleBrowser)]
pub fn rule_browser() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let docs = use_docs();
    let lang = s.lang;
    let title = html! {
        <h3>{ format!("{} ({})", t(lang, "Rules"), archlint_core::rules::all().count()) }</h3>
    };
    let Loading::Ready(docs) = &docs else {
        return html! { <div class="rule-browser">{ title }{ waiting(lang, &docs) }</div> };
    };
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
                        { format!(" {} — {}", r.name, docs.summary(r.code, lang)) }
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
            { title }
            { for rows }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the editor reads of the rules documentation module's answer.
    #[test]
    fn reads_the_docs_module() {
        let docs = Docs::parse(&archlint_web_docs::rule_docs()).unwrap();
        let codes: Vec<&str> = docs.0.iter().map(|d| d.code.as_str()).collect();
        let all: Vec<&str> = archlint_core::rules::all().map(|r| r.code).collect();
        assert_eq!(codes, all);
        let d = docs.get("HA001").unwrap();
        let r = archlint_core::rules::find("HA001").unwrap();
        assert_eq!(docs.summary("HA001", Lang::En), r.summary.en);
        assert_eq!(docs.summary("HA001", Lang::Zh), r.summary.zh);
        assert!(!r.summary.en.is_empty());
        assert_eq!(in_lang(&d.doc, Lang::Zh), r.doc_zh);
        assert!(in_lang(&d.doc, Lang::En).contains("## What it checks"));
        assert_eq!(docs.summary("XX999", Lang::En), "");
        assert!(Docs::parse("{").is_err());
        assert!(Docs::parse("{}").is_err());
    }
}
