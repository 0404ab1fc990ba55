//! The properties panel: a form for the selected thing (node of each kind, region, zone, VPC,
//! vSwitch, security group with its rules, link), or the design's own fields. Enumerations are
//! choices, numbers are validated, arrays are lists; an empty field is removed (unknown).

use serde_json::Value;
use yew::prelude::*;

use crate::components::app::Ctx;
use crate::doc::{self, arr, str_of, Kind};
use crate::i18n::{field_label, kind_name, t};
use crate::schema::{self, Ref, F};
use crate::state::{Action, Sel, State};
use archlint_core::Lang;

type D = UseReducerDispatcher<State>;

fn set(d: &D, ptr: String, v: Option<Value>) {
    crate::components::canvas::mark_edit();
    d.dispatch(Action::Set(ptr, v));
}

/// The ids a reference field may take.
fn choices(v: &Value, r: Ref) -> Vec<String> {
    let ids = |items: Vec<&Value>| items.iter().map(|o| str_of(o, "id").to_string()).collect();
    match r {
        Ref::Region => ids(arr(v, "regions").iter().collect()),
        Ref::Zone => ids(arr(v, "regions")
            .iter()
            .flat_map(|r| arr(r, "zones"))
            .collect()),
        Ref::Vswitch => ids(arr(v, "vpcs")
            .iter()
            .flat_map(|p| arr(p, "vswitches"))
            .collect()),
        Ref::Sg => ids(arr(v, "security_groups").iter().collect()),
        Ref::Node(k) => ids(arr(v, "nodes")
            .iter()
            .filter(|n| k.is_none_or(|k| str_of(n, "kind") == k))
            .collect()),
        Ref::Endpoint => {
            let mut o = vec!["internet".to_string()];
            o.extend(choices(v, Ref::Node(None)));
            o
        }
    }
}

fn invalid(e: &Event, msg: &str) {
    let el = e.target_unchecked_into::<web_sys::HtmlInputElement>();
    el.set_custom_validity(msg);
    el.report_validity();
}

fn valid(e: &Event) {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .set_custom_validity("");
}

/// Parses a number field: `Ok(None)` when empty.
fn parse_num(s: &str, f: F) -> Result<Option<Value>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match f {
        F::Int(lo, hi) | F::IntList(lo, hi) => {
            let n: i64 = s.parse().map_err(|_| ())?;
            if n < lo || n > hi {
                return Err(());
            }
            Ok(Some(n.into()))
        }
        _ => {
            let n: f64 = s.parse().map_err(|_| ())?;
            if !n.is_finite() || n < 0.0 {
                return Err(());
            }
            if n.fract() == 0.0 && n.abs() < 9e15 {
                Ok(Some((n as i64).into()))
            } else {
                Ok(serde_json::Number::from_f64(n).map(Value::Number))
            }
        }
    }
}

fn num_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn range_msg(lang: Lang, f: F) -> String {
    match f {
        F::Int(lo, hi) | F::IntList(lo, hi) => {
            format!("{} {lo}–{hi}", t(lang, "Enter a whole number in"))
        }
        _ => t(lang, "Enter a number ≥ 0").to_string(),
    }
}

/// One scalar input (text, number, choice, reference) for the value at `ptr`.
fn scalar(s: &State, d: &D, ptr: String, f: F, cur: Option<&Value>, id: String) -> Html {
    let lang = s.lang;
    match f {
        F::Text | F::TextList => {
            let d = d.clone();
            let onchange = Callback::from(move |e: Event| {
                let v = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value();
                set(&d, ptr.clone(), (!v.is_empty()).then(|| Value::String(v)));
            });
            let val = cur
                .and_then(Value::as_str)
                .map(String::from)
                .unwrap_or_else(|| num_text(cur));
            html! { <input id={id} type="text" value={val} {onchange} /> }
        }
        F::Int(..) | F::Num | F::IntList(..) | F::NumList => {
            let d = d.clone();
            let msg = range_msg(lang, f);
            let onchange = Callback::from(move |e: Event| {
                let v = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value();
                match parse_num(&v, f) {
                    Ok(n) => {
                        valid(&e);
                        set(&d, ptr.clone(), n);
                    }
                    Err(()) => invalid(&e, &msg),
                }
            });
            let (min, max, step) = match f {
                F::Int(lo, hi) | F::IntList(lo, hi) => (lo.to_string(), hi.to_string(), "1"),
                _ => ("0".to_string(), String::new(), "any"),
            };
            html! {
                <input id={id} type="number" inputmode="decimal" min={min} max={(!max.is_empty()).then_some(max)}
                    step={step} value={num_text(cur)} {onchange} />
            }
        }
        F::Bool => {
            let d = d.clone();
            let onchange = Callback::from(move |e: Event| {
                let v = e
                    .target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value();
                set(
                    &d,
                    ptr.clone(),
                    match v.as_str() {
                        "true" => Some(true.into()),
                        "false" => Some(false.into()),
                        _ => None,
                    },
                );
            });
            let cur = cur.and_then(Value::as_bool);
            html! {
                <select id={id} {onchange}>
                    <option value="" selected={cur.is_none()}>{ t(lang, "(unknown)") }</option>
                    <option value="true" selected={cur == Some(true)}>{ t(lang, "yes") }</option>
                    <option value="false" selected={cur == Some(false)}>{ t(lang, "no") }</option>
                </select>
            }
        }
        F::Enum(opts) => select(
            lang,
            d,
            ptr,
            opts.iter().map(|o| o.to_string()).collect(),
            cur,
            id,
        ),
        F::Ref(r) | F::RefList(r) => select(lang, d, ptr, choices(&s.doc.value, r), cur, id),
        F::Json => {
            let d = d.clone();
            let msg = t(lang, "Not valid JSON").to_string();
            let onchange = Callback::from(move |e: Event| {
                let el = e.target_unchecked_into::<web_sys::HtmlTextAreaElement>();
                let v = el.value();
                if v.trim().is_empty() {
                    el.set_custom_validity("");
                    set(&d, ptr.clone(), None);
                    return;
                }
                match serde_json::from_str::<Value>(&v) {
                    Ok(j) => {
                        el.set_custom_validity("");
                        set(&d, ptr.clone(), Some(j));
                    }
                    Err(err) => {
                        el.set_custom_validity(&format!("{msg}: {err}"));
                        el.report_validity();
                    }
                }
            });
            let text = cur
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
                .unwrap_or_default();
            let rows = (text.lines().count() + 1).clamp(2, 14).to_string();
            html! { <textarea id={id} class="json" rows={rows} spellcheck="false" value={text} {onchange} /> }
        }
    }
}

fn select(
    lang: Lang,
    d: &D,
    ptr: String,
    mut opts: Vec<String>,
    cur: Option<&Value>,
    id: String,
) -> Html {
    let cur = cur.and_then(Value::as_str).map(String::from);
    if let Some(c) = &cur {
        if !opts.contains(c) {
            opts.push(c.clone());
        }
    }
    let d = d.clone();
    let onchange = Callback::from(move |e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        set(&d, ptr.clone(), (!v.is_empty()).then(|| Value::String(v)));
    });
    html! {
        <select id={id} {onchange}>
            <option value="" selected={cur.is_none()}>{ t(lang, "(unset)") }</option>
            { for opts.into_iter().map(|o| {
                let sel = cur.as_deref() == Some(o.as_str());
                html! { <option value={o.clone()} selected={sel}>{ o }</option> }
            }) }
        </select>
    }
}

/// A field with its label: scalars directly, arrays as a list of items with add and remove.
fn field(s: &State, d: &D, base: &str, name: &str, f: F) -> Html {
    let lang = s.lang;
    let ptr = format!("{base}/{name}");
    let cur = s.doc.value.pointer(&ptr);
    let fid = format!("f-{}", name);
    let is_list = matches!(f, F::TextList | F::IntList(..) | F::NumList | F::RefList(_));
    if !is_list {
        return html! {
            <div class="field">
                <label for={fid.clone()}>{ field_label(lang, name) }</label>
                { scalar(s, d, ptr, f, cur, fid) }
            </div>
        };
    }
    let items = cur.and_then(Value::as_array).cloned().unwrap_or_default();
    let n = items.len();
    let rows = items.iter().enumerate().map(|(i, it)| {
        let remove = {
            let d = d.clone();
            let p = format!("{ptr}/{i}");
            Callback::from(move |_: MouseEvent| set(&d, p.clone(), None))
        };
        html! {
            <li>
                { scalar(s, d, format!("{ptr}/{i}"), f, Some(it), format!("{fid}-{i}")) }
                <button type="button" class="remove" onclick={remove} aria-label={format!("{} {name} {}", t(lang, "Remove"), i + 1)}>{ "×" }</button>
            </li>
        }
    });
    let add = {
        let d = d.clone();
        let ptr = ptr.clone();
        let exists = cur.is_some();
        let first: Value = match f {
            F::IntList(lo, _) => lo.max(80).into(),
            F::NumList => 100.into(),
            F::RefList(r) => choices(&s.doc.value, r)
                .into_iter()
                .next()
                .unwrap_or_default()
                .into(),
            _ => "".into(),
        };
        Callback::from(move |_: MouseEvent| {
            if exists {
                set(&d, format!("{ptr}/{n}"), Some(first.clone()));
            } else {
                set(&d, ptr.clone(), Some(Value::Array(vec![first.clone()])));
            }
        })
    };
    html! {
        <div class="field list">
            <span class="label" id={format!("{fid}-label")}>{ field_label(lang, name) }</span>
            <ul aria-labelledby={format!("{fid}-label")}>{ for rows }</ul>
            <button type="button" class="add" onclick={add}>{ format!("+ {}", t(lang, "Add")) }</button>
        </div>
    }
}

fn id_label(s: &State, d: &D, base: &str) -> Html {
    html! {
        <>
            { field(s, d, base, "id", F::Text) }
            { field(s, d, base, "label", F::Text) }
        </>
    }
}

fn sg_rules(s: &State, d: &D, base: &str) -> Html {
    let lang = s.lang;
    let rules = s
        .doc
        .value
        .pointer(&format!("{base}/rules"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let items = rules.iter().enumerate().map(|(i, _)| {
        let rb = format!("{base}/rules/{i}");
        let remove = {
            let d = d.clone();
            let p = rb.clone();
            Callback::from(move |_: MouseEvent| set(&d, p.clone(), None))
        };
        html! {
            <li class="sg-rule">
                { for schema::SG_RULE.iter().map(|(n, f)| html! {
                    <div class="field">
                        <label for={format!("r{i}-{n}")}>{ field_label(lang, n) }</label>
                        { scalar(s, d, format!("{rb}/{n}"), *f, s.doc.value.pointer(&format!("{rb}/{n}")), format!("r{i}-{n}")) }
                    </div>
                }) }
                <button type="button" class="remove" onclick={remove}>{ t(lang, "Remove rule") }</button>
            </li>
        }
    });
    let add = {
        let d = d.clone();
        let b = base.to_string();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::AddSgRule(b.clone())))
    };
    html! {
        <div class="field list">
            <span class="label">{ t(lang, "Ingress rules") }</span>
            <ol>{ for items }</ol>
            <button type="button" class="add" id="add-sg-rule" onclick={add}>{ format!("+ {}", t(lang, "Add rule")) }</button>
        </div>
    }
}

#[function_component(Properties)]
pub fn properties() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let d = s.dispatcher();
    let lang = s.lang;
    let v = &s.doc.value;
    let del = |sel: Sel| {
        let d = d.clone();
        let onclick = Callback::from(move |_: MouseEvent| d.dispatch(Action::Delete(sel.clone())));
        html! { <button type="button" id="delete" class="danger" {onclick}>{ t(lang, "Delete (Del)") }</button> }
    };
    let (title, body) = match &s.selected {
        Some(Sel::Id(id)) => match doc::locate(v, id) {
            Some((Kind::Node, base)) => {
                let kind = str_of(v.pointer(&base).unwrap_or(&Value::Null), "kind").to_string();
                let fields = schema::node_fields(&kind);
                // The node's links, each a button that selects it: how a keyboard reaches a
                // link (on the canvas a link is selected by clicking near its line).
                let links = doc::arr(v, "links").iter().enumerate().filter_map(|(i, l)| {
                    let (from, to) = (str_of(l, "from"), str_of(l, "to"));
                    let text = if from == id.as_str() {
                        format!("→ {to}")
                    } else if to == id.as_str() {
                        format!("← {from}")
                    } else {
                        return None;
                    };
                    let d = d.clone();
                    let onclick = Callback::from(move |_: MouseEvent| {
                        d.dispatch(Action::Select(Some(Sel::Link(i))))
                    });
                    Some(html! {
                        <li><button type="button" class="link" data-link={i.to_string()} {onclick}>{ text }</button></li>
                    })
                });
                let links: Vec<Html> = links.collect();
                (
                    format!("{} `{id}`", kind_name(lang, &kind)),
                    html! { <>
                        { id_label(&s, &d, &base) }
                        { for fields.iter().map(|(n, f)| field(&s, &d, &base, n, *f)) }
                        if !links.is_empty() {
                            <div class="field list" id="node-links">
                                <span class="label">{ t(lang, "Links") }</span>
                                <ul>{ for links }</ul>
                            </div>
                        }
                        { del(Sel::Id(id.clone())) }
                    </> },
                )
            }
            Some((Kind::Region, base)) => (
                format!("{} `{id}`", t(lang, "Region")),
                html! { <>
                    { id_label(&s, &d, &base) }
                    { for schema::REGION.iter().map(|(n, f)| field(&s, &d, &base, n, *f)) }
                    { del(Sel::Id(id.clone())) }
                </> },
            ),
            Some((Kind::Zone, base)) => (
                format!("{} `{id}`", t(lang, "Zone")),
                html! { <>{ id_label(&s, &d, &base) }{ del(Sel::Id(id.clone())) }</> },
            ),
            Some((Kind::Vpc, base)) => (
                format!("VPC `{id}`"),
                html! { <>
                    { id_label(&s, &d, &base) }
                    { for schema::VPC.iter().map(|(n, f)| field(&s, &d, &base, n, *f)) }
                    { del(Sel::Id(id.clone())) }
                </> },
            ),
            Some((Kind::Vswitch, base)) => (
                format!("{} `{id}`", t(lang, "vSwitch")),
                html! { <>
                    { id_label(&s, &d, &base) }
                    { for schema::VSWITCH.iter().map(|(n, f)| field(&s, &d, &base, n, *f)) }
                    { del(Sel::Id(id.clone())) }
                </> },
            ),
            Some((Kind::Sg, base)) => (
                format!("{} `{id}`", t(lang, "Security group")),
                html! { <>
                    { id_label(&s, &d, &base) }
                    { sg_rules(&s, &d, &base) }
                    { del(Sel::Id(id.clone())) }
                </> },
            ),
            None => (t(lang, "Design").to_string(), Html::default()),
        },
        Some(Sel::Link(i)) => {
            let base = format!("/links/{i}");
            (
                format!("{} #{}", t(lang, "Link"), i + 1),
                html! { <>
                    { for schema::LINK.iter().map(|(n, f)| field(&s, &d, &base, n, *f)) }
                    { del(Sel::Link(*i)) }
                </> },
            )
        }
        None => {
            let sgs = arr(v, "security_groups").iter().map(|g| {
                let id = str_of(g, "id").to_string();
                let d = d.clone();
                let onclick = {
                    let id = id.clone();
                    Callback::from(move |_: MouseEvent| {
                        d.dispatch(Action::Select(Some(Sel::Id(id.clone()))))
                    })
                };
                html! { <li><button type="button" class="link" {onclick}>{ id }</button></li> }
            });
            (
                t(lang, "Design").to_string(),
                html! { <>
                    { for schema::TOP.iter().map(|(n, f)| field(&s, &d, "", n, *f)) }
                    <div class="field list">
                        <span class="label">{ t(lang, "Security groups") }</span>
                        <ul>{ for sgs }</ul>
                    </div>
                    <p class="hint">{ t(lang, "Select something on the canvas to edit it.") }</p>
                </> },
            )
        }
    };
    html! {
        <section class="properties" aria-label={t(lang, "Properties")} id="properties">
            <h2>{ title }</h2>
            <form class="form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>{ body }</form>
        </section>
    }
}
