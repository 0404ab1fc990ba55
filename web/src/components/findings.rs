//! The findings panel: grouped by rule with counts ("HA001 single-instance-module (12)"),
//! filtered by severity, rule and node (the selection's findings only); a click selects and
//! reveals the node; each finding opens its rule's documentation, is fixed or is ignored with a
//! reason. A design of thousands of findings stays cheap: a group of more than [`OPEN_MAX`]
//! findings starts collapsed, and an open group shows [`PAGE`] findings at a time, so only
//! what is open is rendered.

use archlint_core::{Finding, Severity};
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::components::coverage::CoverageSummary;
use crate::components::finding_item::FindingItem;
use crate::i18n::t;
use crate::state::{sev_index, Action, FixReq};

/// A rule's group with more findings than this starts collapsed.
pub const OPEN_MAX: usize = 50;
/// How many findings of an open group are shown at a time ("Show more" adds as many).
pub const PAGE: usize = 100;

/// One rule's findings that pass the filters: indexes into the findings, in their order.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub items: Vec<usize>,
}

/// The findings whose severity is shown (`show`: error, warning, info), of `rule` (any when
/// `None`) and about `node` (any when `None`), by rule: errors first, then warnings, then
/// information, each severity by code.
pub fn group(
    findings: &[Finding],
    show: [bool; 3],
    rule: Option<&str>,
    node: Option<&str>,
) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let code = f.rule.code;
        if !show[sev_index(f.severity)]
            || rule.is_some_and(|r| r != code)
            || node.is_some_and(|n| f.target.as_deref() != Some(n))
        {
            continue;
        }
        // Kept in order as they come (a few dozen rules at most; no sort's code in the editor).
        let key = (sev_index(f.severity), code);
        match out
            .iter()
            .position(|g| (sev_index(g.severity), g.code) >= key)
        {
            Some(at) if out[at].code == code => out[at].items.push(i),
            at => out.insert(
                at.unwrap_or(out.len()),
                Group {
                    code,
                    name: f.rule.name,
                    severity: f.severity,
                    items: vec![i],
                },
            ),
        }
    }
    out
}

/// Every rule that has findings, by code, with its count (the rule filter's choices).
pub fn rules(findings: &[Finding]) -> Vec<(&'static str, &'static str, usize)> {
    let mut out: Vec<(&'static str, &'static str, usize)> = Vec::new();
    for f in findings {
        let code = f.rule.code;
        match out.iter().position(|r| r.0 >= code) {
            Some(at) if out[at].0 == code => out[at].2 += 1,
            at => out.insert(at.unwrap_or(out.len()), (code, f.rule.name, 1)),
        }
    }
    out
}

#[function_component(Findings)]
pub fn findings() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    // The rule filter, the node filter, and per rule how many of its findings are shown (0:
    // collapsed; a rule not in it: by its size).
    let rule = use_state(|| None::<&'static str>);
    let only_sel = use_state(|| false);
    let open = use_state(Vec::<(&'static str, usize)>::new);
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
    let all_rules = rules(&s.doc.findings);
    let on_rule = {
        let (rule, all) = (rule.clone(), all_rules.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            rule.set(all.iter().find(|r| r.0 == v).map(|r| r.0));
        })
    };
    // A rule chosen whose findings are all gone (fixed, say) stays chosen, and shown as such
    // with its count 0: the list is empty because of the filter, not because nothing is wrong.
    let gone = rule
        .filter(|r| !all_rules.iter().any(|x| x.0 == *r))
        .map(|r| (r, archlint_core::rules::find(r).map_or("", |m| m.name), 0));
    let rule_options = all_rules.iter().chain(gone.as_ref()).map(|(code, name, n)| {
        html! { <option value={*code} selected={*rule == Some(*code)}>{ format!("{code} {name} ({n})") }</option> }
    });
    let sel = s.selected_id();
    let on_sel = {
        let only_sel = only_sel.clone();
        Callback::from(move |e: Event| {
            only_sel.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            )
        })
    };
    let node = if *only_sel { sel } else { None };
    let groups = group(&s.doc.findings, s.show, *rule, node);
    let seen = std::cell::RefCell::new(archlint_core::index::Map::<String, usize>::default());
    let sections = groups.iter().map(|g| {
        let n = g.items.len();
        let shown = open
            .iter()
            .find(|o| o.0 == g.code)
            .map_or(if n <= OPEN_MAX { n } else { 0 }, |o| o.1)
            .min(n);
        let set = |to: usize| {
            let (open, code) = (open.clone(), g.code);
            Callback::from(move |_: MouseEvent| {
                let mut m = (*open).clone();
                m.retain(|o| o.0 != code);
                m.push((code, to));
                open.set(m);
            })
        };
        let toggle = set(if shown > 0 { 0 } else { n.min(PAGE) });
        let fix_all = fix_all(&s, g);
        let more = set(shown + PAGE);
        let items = g.items[..shown].iter().map(|&i| {
            let f = &s.doc.findings[i];
            let target = f.target.as_deref();
            let selected = target.is_some() && sel == target;
            // A stable key (so that one new finding does not re-patch all that follow), made
            // unique if two findings look alike.
            let base = format!("{}|{}", f.pointer, target.unwrap_or(""));
            let k = seen.borrow_mut().entry(base.clone()).and_modify(|k| *k += 1).or_insert(1).to_owned();
            let key = if k == 1 { base } else { format!("{base}#{k}") };
            html! {
                <FindingItem {key} doc={s.doc.clone()} {i} {selected} {lang} dispatch={s.dispatcher()} />
            }
        });
        html! {
            <section key={g.code} class="rule-group" data-code={g.code} data-count={n.to_string()}>
                <h3 class={format!("sev-{}", g.severity.name())}>
                    <button class="group-head" aria-expanded={(shown > 0).to_string()} onclick={toggle}>
                        { format!("{} {} {} ({n})", if shown > 0 { "▾" } else { "▸" }, g.code, g.name) }
                    </button>
                    { fix_all }
                </h3>
                if shown > 0 { <ul>{ for items }</ul> }
                if shown > 0 && shown < n {
                    <button class="more" onclick={more}>{ format!("{} ({})", t(lang, "Show more"), n - shown) }</button>
                }
            </section>
        }
    });
    let empty = s.doc.findings.is_empty();
    html! {
        <section class="findings" aria-label={t(lang, "Findings")} id="findings">
            // Focusable by script: where the focus goes when a fix removes the last finding.
            <h2 tabindex="-1">{ t(lang, "Findings") }</h2>
            <CoverageSummary doc={s.doc.clone()} {lang} dispatch={s.dispatcher()} />
            <div class="filters" role="group" aria-label={t(lang, "Severity filter")}>{ for filters }</div>
            if empty {
                <p class="clean" id="clean">{ t(lang, "No findings: the design lints clean.") }</p>
            } else {
                <div class="filters">
                    <select id="rule-filter" onchange={on_rule} aria-label={t(lang, "Rule filter")}>
                        <option value="" selected={rule.is_none()}>{ t(lang, "All rules") }</option>
                        { for rule_options }
                    </select>
                    <label class="inline">
                        <input type="checkbox" id="only-selected" checked={*only_sel} disabled={sel.is_none()} onchange={on_sel} />
                        { t(lang, "Only the selection's findings") }
                    </label>
                </div>
                { for sections }
            }
        </section>
    }
}

/// The rule group's "Fix all N" button, when more than one of the rule's findings offers a fix
/// (in the group's heading, once: the findings' own rows do not change when the count does, so
/// fixing one of 300 re-renders only what it changed). A safe fix applies at once; when one of
/// the rule's fixes is unsafe, the dialog first lists what they add.
fn fix_all(s: &Ctx, g: &Group) -> Html {
    let n = s
        .doc
        .fixable
        .iter()
        .find(|(c, _)| *c == g.code)
        .map_or(0, |(_, n)| *n);
    let first = g.items.iter().copied().find(|&i| s.doc.fixes[i].is_some());
    let (Some(i), true) = (first, n > 1) else {
        return html! {};
    };
    let unsafe_ = s.doc.findings.iter().zip(&s.doc.fixes).any(|(f, x)| {
        f.rule.code == g.code
            && x.as_ref()
                .is_some_and(|x| x.safety == archlint_core::fix::Safety::Unsafe)
    });
    let f = &s.doc.findings[i];
    let req = FixReq {
        index: i,
        code: g.code,
        target: f.target.clone(),
        pointer: f.pointer.clone(),
        all: true,
        confirmed: false,
    };
    // The group goes with its findings: the focus goes to the next rule's heading.
    let rest = crate::components::finding_item::fix_prepare(s.lang, req.clone(), !unsafe_);
    let onclick = crate::components::finding_item::fix_click(
        s.dispatcher(),
        req,
        unsafe_,
        [
            "section.rule-group",
            "button.group-head",
            "section.rule-group",
            "button.group-head",
        ],
    );
    let label = if unsafe_ { "Fix all…" } else { "Fix all" };
    html! {
        <button class="fix-all" data-code={g.code} {onclick}
            onpointerenter={rest.enter} onfocus={rest.focus} onpointerleave={rest.leave}>{ format!("{} {n}", t(s.lang, label)) }</button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<Finding> {
        crate::doc::analyse(text, archlint_core::Lang::En)
            .expect("loads")
            .0
    }

    /// Three servers each of its own module (HA001, warning) that do not start at boot (HA005,
    /// warning), one with a disk over the limit (CP002, error).
    const DESIGN: &str = r#"{ "archlint": 1,
      "regions": [ { "id": "hz", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
      "nodes": [
        { "id": "a", "kind": "ecs", "zone": "hz-b", "autostart": false, "disks_gb": [4096] },
        { "id": "b", "kind": "ecs", "zone": "hz-c", "autostart": false },
        { "id": "c", "kind": "ecs", "zone": "hz-b", "autostart": false } ] }"#;

    fn count(f: &[Finding], code: &str, target: Option<&str>) -> usize {
        f.iter()
            .filter(|x| x.rule.code == code && (target.is_none() || x.target.as_deref() == target))
            .count()
    }

    #[test]
    fn groups_by_rule_with_counts_errors_first() {
        let f = findings(DESIGN);
        let g = group(&f, [true; 3], None, None);
        let codes: Vec<_> = g.iter().map(|g| (g.code, g.items.len())).collect();
        assert_eq!(codes[0], ("CP002", 1), "{codes:?}");
        for gr in &g {
            assert_eq!(gr.items.len(), count(&f, gr.code, None), "{}", gr.code);
            assert!(gr.items.iter().all(|&i| f[i].rule.code == gr.code));
            assert!(
                gr.items.windows(2).all(|w| w[0] < w[1]),
                "in the findings' order"
            );
            assert_eq!(gr.name, f[gr.items[0]].rule.name);
        }
        // Every finding is in exactly one group.
        assert_eq!(g.iter().map(|g| g.items.len()).sum::<usize>(), f.len());
        assert!(
            g.windows(2)
                .all(|w| (sev_index(w[0].severity), w[0].code)
                    < (sev_index(w[1].severity), w[1].code))
        );
        assert!(count(&f, "HA005", None) == 3 && count(&f, "HA001", None) >= 1);
        let r = rules(&f);
        assert!(r.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(r.iter().map(|r| r.2).sum::<usize>(), f.len());
    }

    #[test]
    fn filters_by_severity_rule_and_node() {
        let f = findings(DESIGN);
        let only = |show, rule, node| {
            group(&f, show, rule, node)
                .iter()
                .map(|g| (g.code, g.items.len()))
                .collect::<Vec<_>>()
        };
        // No errors shown: CP002 goes.
        assert!(only([false, true, true], None, None)
            .iter()
            .all(|g| g.0 != "CP002"));
        assert_eq!(only([true; 3], Some("HA005"), None), [("HA005", 3)]);
        assert_eq!(only([true; 3], Some("HA005"), Some("b")), [("HA005", 1)]);
        let a = only([true; 3], None, Some("a"));
        assert_eq!(a[0], ("CP002", 1));
        assert!(a.iter().all(|g| g.1 == count(&f, g.0, Some("a"))));
        assert!(only([true; 3], None, Some("nobody")).is_empty());
        assert!(only([false; 3], None, None).is_empty());
    }
}
