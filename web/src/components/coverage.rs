//! "checked N of M rules" at the top of the findings panel, and, behind a toggle, what the
//! design does not say to check the rest: per rule that lacks facts, each missing fact counted
//! (core's coverage report, which the document recomputes on every edit), with a button that
//! shows the first thing lacking it. Re-rendered only when the report or the language changed.
//! The report of a new document is made after the edit's frame is painted ([`Doc::coverage`]):
//! the line shows the previous report until then (a frame or so), not a blank.

use std::rc::Rc;

use archlint_core::coverage::{Coverage, State as Cov};
use archlint_core::Lang;
use serde_json::Value;
use yew::prelude::*;

use crate::doc::{arr, field, Doc};
use crate::i18n::t;
use crate::state::{Action, Sel, State};

#[derive(Properties, Clone)]
pub struct CoverageProps {
    pub doc: Rc<Doc>,
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<State>,
}

impl PartialEq for CoverageProps {
    fn eq(&self, o: &Self) -> bool {
        let same = match (self.doc.coverage_if_made(), o.doc.coverage_if_made()) {
            (Some(a), Some(b)) => Rc::ptr_eq(&a, &b) || a == b,
            _ => Rc::ptr_eq(&self.doc, &o.doc),
        };
        self.lang == o.lang && self.dispatch == o.dispatch && same
    }
}

/// What a pointer of a coverage gap names, for the selection: a node, a link, a vSwitch, a
/// VPC, a security group, a zone or a region (the nearest enclosing one that has an id).
pub fn target(v: &Value, ptr: &str) -> Option<Sel> {
    let t: Vec<&str> = ptr.split('/').skip(1).collect();
    let at = |key: &str, i: &str| arr(v, key).get(i.parse::<usize>().ok()?);
    let id = |o: &Value| field(o, "id").and_then(Value::as_str).map(String::from);
    match t.as_slice() {
        ["links", i, ..] => {
            let i: usize = i.parse().ok()?;
            (i < arr(v, "links").len()).then_some(Sel::Link(i))
        }
        ["vpcs", i, "vswitches", j, ..] => {
            let s = arr(at("vpcs", i)?, "vswitches").get(j.parse::<usize>().ok()?)?;
            id(s).map(Sel::Id)
        }
        ["regions", i, "zones", j, ..] => {
            let z = arr(at("regions", i)?, "zones").get(j.parse::<usize>().ok()?)?;
            id(z).map(Sel::Id)
        }
        [key @ ("nodes" | "vpcs" | "security_groups" | "regions"), i, ..] => {
            id(at(key, i)?).map(Sel::Id)
        }
        _ => None,
    }
}

#[function_component(CoverageSummary)]
pub fn coverage_summary(p: &CoverageProps) -> Html {
    let open = use_state(|| false);
    // The report shown: the document's when it is made, else the last one shown while the
    // document's is made after the frame.
    let shown = use_state(|| None::<Rc<Coverage>>);
    let made = p.doc.coverage_if_made();
    {
        let (doc, shown) = (p.doc.clone(), shown.clone());
        let wait = made.is_none();
        use_effect(move || {
            if wait {
                crate::dom::after_paint(move || shown.set(Some(doc.coverage())));
            }
        });
    }
    let Some(c) = made.or_else(|| (*shown).clone()) else {
        return html! {};
    };
    let c: &Coverage = &c;
    let lang = p.lang;
    if c.total() == 0 {
        return html! {};
    }
    let k = c.count(Cov::FactsMissing);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let lacking = match (k, lang) {
        (1, Lang::En) => format!("1 {}", t(lang, "rule lacks facts")),
        (_, Lang::En) => format!("{k} {}", t(lang, "rules lack facts")),
        (_, Lang::Zh) => format!("{k} {}", t(lang, "rules lack facts")),
    };
    let rules = c.missing().map(|r| {
        let gaps = r.gaps.iter().map(|g| {
            let show = g.pointers.first().and_then(|ptr| target(&p.doc.value, ptr)).map(|sel| {
                let d = p.dispatch.clone();
                let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Reveal(sel.clone())));
                html! { <button type="button" class="link coverage-show" {onclick}>{ t(lang, "Show") }</button> }
            });
            html! {
                <li class="coverage-gap" data-count={g.count.to_string()}>
                    <span class="msg">{ g.message.get(lang).to_string() }</span>
                    { for show }
                </li>
            }
        });
        html! {
            <li class="coverage-rule" data-code={r.rule.code}>
                <span class="code">{ r.rule.code }</span>
                <span class="name">{ r.rule.name }</span>
                <ul>{ for gaps }</ul>
            </li>
        }
    });
    html! {
        <div class="coverage" id="coverage" data-checked={c.complete().to_string()} data-total={c.total().to_string()}>
            <span id="coverage-count">{ c.headline().get(lang).to_string() }</span>
            if k > 0 {
                <button type="button" class="link" id="coverage-toggle" aria-controls="coverage-list"
                    aria-expanded={(*open).to_string()} onclick={toggle}>
                    { lacking }
                </button>
                if *open {
                    <div id="coverage-list">
                        <p class="hint">{ t(lang, "These rules skipped what the design does not say. Add it to check the rest:") }</p>
                        <ul>{ for rules }</ul>
                    </div>
                }
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_pointers_name_what_to_select() {
        let v = serde_json::json!({
            "regions": [ { "id": "hz", "zones": [ { "id": "hz-b" } ] } ],
            "vpcs": [ { "id": "vpc-1", "vswitches": [ { "id": "vsw-a" } ] } ],
            "security_groups": [ { "id": "sg-web", "rules": [ {} ] } ],
            "nodes": [ { "id": "web-1" }, { "id": "vpn-1", "peer": {} } ],
            "links": [ { "from": "internet", "to": "web-1" } ]
        });
        let id = |s: &str| Some(Sel::Id(s.into()));
        assert_eq!(target(&v, "/nodes/0"), id("web-1"));
        assert_eq!(target(&v, "/nodes/1/peer"), id("vpn-1"));
        assert_eq!(target(&v, "/links/0"), Some(Sel::Link(0)));
        assert_eq!(target(&v, "/vpcs/0/vswitches/0"), id("vsw-a"));
        assert_eq!(target(&v, "/vpcs/0"), id("vpc-1"));
        assert_eq!(target(&v, "/security_groups/0/rules/0"), id("sg-web"));
        assert_eq!(target(&v, "/regions/0/zones/0"), id("hz-b"));
        assert_eq!(target(&v, "/regions/0"), id("hz"));
        assert_eq!(target(&v, "/ignore/0"), None);
        assert_eq!(target(&v, "/links/7"), None);
        assert_eq!(target(&v, "/nodes/9"), None);
    }

    /// Every edit recomputes the report: opening a design that lacks facts, then giving one
    /// through the form (`Action::Set`, as the properties form does) raises the count; undo
    /// lowers it again.
    #[test]
    fn every_edit_recomputes_the_report() {
        use crate::state::Theme;
        use yew::Reducible;
        let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
             { "id": "rds-1", "kind": "rds", "region": "hz" } ],
  "links": [ { "from": "web-1", "to": "rds-1", "port": 3306 } ] }"#;
        let s = Rc::new(State::new(Lang::En, Theme::Light));
        let s = s.reduce(Action::Open(text.into()));
        let c = s.doc.coverage();
        assert_eq!(c.total(), 82);
        assert_eq!(c.get("DB003").unwrap().state, Cov::FactsMissing);
        assert_eq!(
            c.get("DB003").unwrap().gaps[0].message.en,
            "`rds-1` has no whitelist"
        );
        let before = c.complete();
        let s = s.reduce(Action::Set(
            "/nodes/1/whitelist".into(),
            Some(serde_json::json!(["web-1"])),
        ));
        let after = s.doc.coverage();
        assert_eq!(after.get("DB003").unwrap().state, Cov::Checked);
        assert!(after.complete() > before, "{before} → {}", after.complete());
        let s = s.reduce(Action::Undo);
        assert_eq!(s.doc.coverage().complete(), before);
        assert_eq!(
            target(&s.doc.value, &c.get("DB003").unwrap().gaps[0].pointers[0]),
            Some(Sel::Id("rds-1".into()))
        );
    }
}
