//! The properties panel: a form for the selected thing (node of each kind, region, zone, VPC,
//! vSwitch, security group with its rules, link), for several selected things, or the
//! design's own fields. Labels are in the user's language with the JSON key beside them as a
//! hint. Enumerations are choices, numbers, ports and addresses are validated, lists are
//! lists; objects of the format (an SLB's listeners with their health check, an IPSec peer, a
//! database's sizing) have fields of their own; a security-group rule's source and an RDS
//! whitelist entry are picked from the design's groups, nodes and VPN pools, or typed as an
//! address. Adding to a list asks which item. An empty field is removed (unknown).

use serde_json::Value;
use yew::prelude::*;

use crate::build;
use crate::components::app::Ctx;
use crate::doc::{self, arr, str_of, Kind};
use crate::i18n::{field_label, kind_name, t, value_label};
use crate::schema::{self, Ref, F};
use crate::state::{Action, Sel, State};
use archlint_core::cidr::{Cidr, CidrError};
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

/// The label of a field: its name in the language, and its JSON key, small, as a hint.
fn label(lang: Lang, key: &str, for_id: &str) -> Html {
    html! {
        <label for={for_id.to_string()}>
            { field_label(lang, key) }
            <span class="key" aria-hidden="true">{ key.to_string() }</span>
        </label>
    }
}

fn input_of(e: &Event) -> web_sys::HtmlInputElement {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
}

fn invalid(el: &web_sys::HtmlInputElement, msg: &str) {
    el.set_custom_validity(msg);
    el.report_validity();
}

/// Parses a number field: `Ok(None)` when empty.
fn parse_num(s: &str, f: F) -> Result<Option<Value>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match f {
        F::Int(lo, hi) => {
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
        F::Int(lo, hi) => format!("{} {lo}–{hi}", t(lang, "Enter a whole number in")),
        _ => t(lang, "Enter a number ≥ 0").to_string(),
    }
}

/// Checks an address or CIDR as typed: the value to store, or why it is refused.
pub fn check_cidr(lang: Lang, s: &str) -> Result<String, String> {
    let s = s.trim();
    match Cidr::parse(s) {
        Ok(_) => Ok(s.to_string()),
        Err(CidrError::HostBitsSet) => {
            let (a, l) = s.split_once('/').unwrap_or((s, "32"));
            let net = archlint_core::cidr::parse_ipv4(a)
                .zip(l.parse::<u8>().ok())
                .map(|(a, l)| Cidr {
                    addr: a & Cidr { addr: 0, len: l }.mask(),
                    len: l,
                });
            Err(match net {
                Some(n) => format!(
                    "{} {n}",
                    t(lang, "Host bits are set below the prefix; the block is")
                ),
                None => t(
                    lang,
                    "Enter an IPv4 address or CIDR block, e.g. 10.0.1.0/24",
                )
                .to_string(),
            })
        }
        Err(_) => Err(t(
            lang,
            "Enter an IPv4 address or CIDR block, e.g. 10.0.1.0/24",
        )
        .to_string()),
    }
}

/// Checks a rule's ports: `22`, `2800-3300` or `all`.
fn check_ports(lang: Lang, s: &str) -> Result<String, String> {
    let s = s.trim();
    match archlint_core::load_json::parse_ports(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(t(lang, "Enter a port (22), a range (2800-3300) or all").to_string()),
    }
}

/// A value typed into an input, checked for field `f`: `Ok(None)` when empty.
fn typed(lang: Lang, f: F, s: &str) -> Result<Option<Value>, String> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    match f {
        F::Int(..) | F::Num => parse_num(s, f).map_err(|_| range_msg(lang, f)),
        F::Cidr => check_cidr(lang, s).map(|c| Some(c.into())),
        F::Ports => check_ports(lang, s).map(|p| Some(p.into())),
        _ => Ok(Some(Value::String(s.to_string()))),
    }
}

/// One input (text, number, choice, reference, address, ports, source) for the value at
/// `ptr`.
fn scalar(s: &State, d: &D, ptr: String, f: F, cur: Option<&Value>, id: String) -> Html {
    let lang = s.lang;
    match f {
        F::Text | F::Suggest(_) | F::Cidr | F::Ports | F::Int(..) | F::Num => {
            let d = d.clone();
            // What the field will set is made ahead while it is typed in (a moment after the
            // last key): Enter or leaving the field then commits it.
            let oninput = {
                let (ptr, id) = (ptr.clone(), id.clone());
                Callback::from(move |e: InputEvent| {
                    if let Ok(v) = typed(lang, f, &input_of(&e).value()) {
                        crate::state::prepare_typed(&id, Action::Set(ptr.clone(), v));
                    }
                })
            };
            let onchange = Callback::from(move |e: Event| {
                let el = input_of(&e);
                match typed(lang, f, &el.value()) {
                    Ok(v) => {
                        el.set_custom_validity("");
                        set(&d, ptr.clone(), v);
                    }
                    Err(msg) => invalid(&el, &msg),
                }
            });
            let val = cur
                .and_then(Value::as_str)
                .map(String::from)
                .unwrap_or_else(|| num_text(cur));
            match f {
                F::Int(..) | F::Num => {
                    let (min, max, step) = match f {
                        F::Int(lo, hi) => (lo.to_string(), Some(hi.to_string()), "1"),
                        _ => ("0".to_string(), None, "any"),
                    };
                    html! {
                        <input id={id} type="number" inputmode="decimal" min={min} max={max}
                            step={step} value={val} {oninput} {onchange} />
                    }
                }
                F::Suggest(opts) => {
                    let list = format!("{id}-list");
                    html! { <>
                        <input id={id} type="text" list={list.clone()} value={val} {oninput} {onchange} />
                        <datalist id={list}>{ for opts.iter().map(|o| html! { <option value={*o} /> }) }</datalist>
                    </> }
                }
                F::Cidr => html! {
                    <input id={id} type="text" inputmode="decimal" spellcheck="false"
                        placeholder="10.0.1.0/24" value={val} {oninput} {onchange} />
                },
                F::Ports => html! {
                    <input id={id} type="text" spellcheck="false" placeholder="22, 2800-3300, all"
                        value={val} {oninput} {onchange} />
                },
                _ => html! { <input id={id} type="text" value={val} {oninput} {onchange} /> },
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
            true,
        ),
        F::Ref(r) => select(lang, d, ptr, choices(&s.doc.value, r), cur, id, false),
        F::Source(groups) => {
            let d = d.clone();
            let on_pick = Callback::from(move |v: String| set(&d, ptr.clone(), Some(v.into())));
            html! {
                <SourcePicker id={id} cur={cur.and_then(Value::as_str).map(AttrValue::from)}
                    {groups} {on_pick} add={false} />
            }
        }
        // Lists and objects are fields of their own (see `field`).
        _ => Html::default(),
    }
}

fn select(
    lang: Lang,
    d: &D,
    ptr: String,
    mut opts: Vec<String>,
    cur: Option<&Value>,
    id: String,
    words: bool,
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
                let text = if words { value_label(lang, &o) } else { o.clone() };
                html! { <option value={o} selected={sel}>{ text }</option> }
            }) }
        </select>
    }
}

#[derive(Properties, PartialEq)]
pub struct SourceProps {
    pub id: AttrValue,
    /// The value now (`None`: unset, or the add picker).
    pub cur: Option<AttrValue>,
    /// Security groups may be picked (a rule's source); else only ECS and addresses (an RDS
    /// whitelist).
    pub groups: bool,
    pub on_pick: Callback<String>,
    /// The picker under a list that adds an item: starts on "+ Add…" and returns to it.
    pub add: bool,
}

/// A source picker: the design's security groups (`sg:<id>`), SSL VPN client pools, ECS and
/// other nodes, or an address / CIDR typed into a field that checks it (the format's syntax
/// is written for the user).
#[function_component(SourcePicker)]
pub fn source_picker(p: &SourceProps) -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let v = &s.doc.value;
    let cur = p.cur.as_ref().map(|c| c.to_string());
    let is_addr = cur.as_deref().is_some_and(|c| {
        c.split('/')
            .next()
            .is_some_and(|a| archlint_core::cidr::parse_ipv4(a).is_some())
    });
    let typing = use_state(|| false);
    let addr_mode = is_addr || *typing;
    let nodes = arr(v, "nodes");
    let of_kind = |k: &'static str| {
        nodes
            .iter()
            .filter(move |n| str_of(n, "kind") == k)
            .map(|n| str_of(n, "id").to_string())
    };
    let mut known: Vec<String> = Vec::new();
    let option = |value: String, text: String, known: &mut Vec<String>| {
        let sel = !addr_mode && cur.as_deref() == Some(value.as_str());
        known.push(value.clone());
        html! { <option value={value} selected={sel}>{ text }</option> }
    };
    let mut groups_html = Vec::new();
    if p.groups {
        let sgs: Vec<Html> = arr(v, "security_groups")
            .iter()
            .map(|g| {
                let id = str_of(g, "id");
                option(format!("sg:{id}"), format!("sg:{id}"), &mut known)
            })
            .collect();
        if !sgs.is_empty() {
            groups_html.push(
                html! { <optgroup label={t(lang, "Security groups")}>{ for sgs }</optgroup> },
            );
        }
        let pools: Vec<Html> = nodes
            .iter()
            .filter(|n| str_of(n, "kind") == "vpn" && str_of(n, "type") != "ipsec")
            .map(|n| {
                let id = str_of(n, "id");
                let ips: Vec<&str> = arr(n, "client_ips")
                    .iter()
                    .filter_map(Value::as_str)
                    .collect();
                let text = if ips.is_empty() {
                    id.to_string()
                } else {
                    format!("{id} ({})", ips.join(", "))
                };
                option(id.to_string(), text, &mut known)
            })
            .collect();
        if !pools.is_empty() {
            groups_html.push(
                html! { <optgroup label={t(lang, "VPN client pools")}>{ for pools }</optgroup> },
            );
        }
    }
    let ecs: Vec<Html> = of_kind("ecs")
        .map(|id| option(id.clone(), id, &mut known))
        .collect();
    if !ecs.is_empty() {
        groups_html.push(html! { <optgroup label={kind_name(lang, "ecs")}>{ for ecs }</optgroup> });
    }
    if p.groups {
        let rest: Vec<(String, String)> = nodes
            .iter()
            .filter(|n| str_of(n, "kind") != "ecs" && !known.iter().any(|k| k == str_of(n, "id")))
            .map(|n| {
                let id = str_of(n, "id").to_string();
                let text = format!("{id} ({})", kind_name(lang, str_of(n, "kind")));
                (id, text)
            })
            .collect();
        let others: Vec<Html> = rest
            .into_iter()
            .map(|(id, text)| option(id, text, &mut known))
            .collect();
        if !others.is_empty() {
            groups_html
                .push(html! { <optgroup label={t(lang, "Other nodes")}>{ for others }</optgroup> });
        }
    }
    // A value that names nothing of the design stays visible.
    let stray = cur
        .as_ref()
        .filter(|c| !addr_mode && !known.contains(c))
        .map(|c| html! { <option value={c.clone()} selected=true>{ c.clone() }</option> });
    let onchange = {
        let on_pick = p.on_pick.clone();
        let typing = typing.clone();
        let add = p.add;
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let v = el.value();
            match v.as_str() {
                "" => {}
                "\u{1}addr" => typing.set(true),
                _ => {
                    typing.set(false);
                    on_pick.emit(v);
                    if add {
                        el.set_value("");
                    }
                }
            }
        })
    };
    let addr_id = format!("{}-cidr", p.id);
    let on_addr = {
        let on_pick = p.on_pick.clone();
        let add = p.add;
        let typing = typing.clone();
        Callback::from(move |e: Event| {
            let el = input_of(&e);
            if el.value().trim().is_empty() {
                el.set_custom_validity("");
                return;
            }
            match check_cidr(lang, &el.value()) {
                Ok(c) => {
                    el.set_custom_validity("");
                    on_pick.emit(c);
                    if add {
                        el.set_value("");
                        typing.set(false);
                    }
                }
                Err(msg) => invalid(&el, &msg),
            }
        })
    };
    let first = if p.add {
        format!("+ {}", t(lang, "Add…"))
    } else {
        t(lang, "(unset)").to_string()
    };
    html! {
        <span class="source">
            <select id={p.id.clone()} {onchange} aria-label={p.add.then(|| t(lang, "Add…"))}>
                <option value="" selected={cur.is_none() && !addr_mode}>{ first }</option>
                { for groups_html }
                { for stray }
                <option value={"\u{1}addr"} selected={addr_mode}>{ t(lang, "IP address or CIDR…") }</option>
            </select>
            if addr_mode {
                <input id={addr_id} type="text" inputmode="decimal" spellcheck="false" placeholder="10.0.1.0/24"
                    aria-label={t(lang, "IP address or CIDR…")}
                    value={if is_addr { cur.clone().unwrap_or_default() } else { String::new() }} onchange={on_addr} />
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct AddValueProps {
    pub id: AttrValue,
    pub f: F,
    pub on_add: Callback<Value>,
}

/// The row under a list of typed values: a field for the new item (checked as its kind) and
/// its Add button; Enter adds too.
#[function_component(AddValue)]
pub fn add_value(p: &AddValueProps) -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let input = use_node_ref();
    let add = {
        let input = input.clone();
        let on_add = p.on_add.clone();
        let f = p.f;
        move || {
            let Some(el) = input.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            match typed(lang, f, &el.value()) {
                Ok(Some(v)) => {
                    el.set_custom_validity("");
                    el.set_value("");
                    on_add.emit(v);
                }
                Ok(None) => {}
                Err(msg) => invalid(&el, &msg),
            }
        }
    };
    let onclick = {
        let add = add.clone();
        Callback::from(move |_: MouseEvent| add())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            add();
        }
    });
    let (kind, placeholder) = match p.f {
        F::Int(..) | F::Num => ("number", ""),
        F::Cidr => ("text", "10.0.1.0/24"),
        _ => ("text", ""),
    };
    html! {
        <div class="add-row">
            <input id={p.id.clone()} ref={input} type={kind} {placeholder} {onkeydown}
                aria-label={t(lang, "New item")} />
            <button type="button" class="add" id={format!("{}-btn", p.id)} {onclick}>{ format!("+ {}", t(lang, "Add")) }</button>
        </div>
    }
}

/// A field with its label: scalars directly, lists as items with remove and an add row that
/// asks which item, objects as a group of their fields, lists of objects as such groups.
/// `prefix` makes the element ids (`f` → `f-cpu`, `f-listeners-0-port`).
fn field(s: &State, d: &D, base: &str, name: &str, f: F, prefix: &str) -> Html {
    let lang = s.lang;
    let ptr = format!("{base}/{name}");
    let cur = s.doc.value.pointer(&ptr);
    let fid = format!("{prefix}-{name}");
    match f {
        F::Obj(fields) => {
            return html! {
                <fieldset class="obj" id={fid.clone()}>
                    <legend>{ field_label(lang, name) }<span class="key" aria-hidden="true">{ name.to_string() }</span></legend>
                    { for fields.iter().map(|(n, f)| field(s, d, &ptr, n, *f, &fid)) }
                </fieldset>
            };
        }
        F::ObjList(fields) => return listeners(s, d, base, name, fields, &fid),
        _ => {}
    }
    if !f.is_list() {
        return html! {
            <div class="field">
                { label(lang, name, &fid) }
                { scalar(s, d, ptr, f, cur, fid.clone()) }
            </div>
        };
    }
    let items = cur.and_then(Value::as_array).cloned().unwrap_or_default();
    let n = items.len();
    let item = f.item();
    let rows = items.iter().enumerate().map(|(i, it)| {
        let remove = {
            let d = d.clone();
            let p = format!("{ptr}/{i}");
            Callback::from(move |_: MouseEvent| set(&d, p.clone(), None))
        };
        html! {
            <li>
                { scalar(s, d, format!("{ptr}/{i}"), item, Some(it), format!("{fid}-{i}")) }
                <button type="button" class="remove" onclick={remove}
                    aria-label={format!("{} {} {}", t(lang, "Remove"), field_label(lang, name), i + 1)}>{ "×" }</button>
            </li>
        }
    });
    // Adding asks which item: a reference or source is picked (only those not listed yet), a
    // value is typed and checked.
    let push = {
        let d = d.clone();
        let at = format!("{ptr}/{n}");
        move |v: Value| set(&d, at.clone(), Some(v))
    };
    let add_id = format!("{fid}-add");
    let adder = match item {
        F::Ref(r) => {
            let have: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            let left: Vec<String> = choices(&s.doc.value, r)
                .into_iter()
                .filter(|c| !have.contains(&c.as_str()))
                .collect();
            let onchange = Callback::from(move |e: Event| {
                let el = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
                let v = el.value();
                if !v.is_empty() {
                    el.set_value("");
                    push(Value::String(v));
                }
            });
            html! {
                <select id={add_id} class="add" {onchange} disabled={left.is_empty()}
                    aria-label={format!("{} — {}", t(lang, "Add…"), field_label(lang, name))}>
                    <option value="" selected=true>{ format!("+ {}", t(lang, "Add…")) }</option>
                    { for left.into_iter().map(|o| html! { <option value={o.clone()}>{ o }</option> }) }
                </select>
            }
        }
        F::Source(groups) => {
            let on_pick = Callback::from(move |v: String| push(Value::String(v)));
            html! { <SourcePicker id={add_id} cur={None::<AttrValue>} {groups} {on_pick} add=true /> }
        }
        _ => {
            let on_add = Callback::from(push);
            html! { <AddValue id={add_id} f={item} {on_add} /> }
        }
    };
    html! {
        <div class="field list">
            <span class="label" id={format!("{fid}-label")}>
                { field_label(lang, name) }<span class="key" aria-hidden="true">{ name.to_string() }</span>
            </span>
            <ul aria-labelledby={format!("{fid}-label")}>{ for rows }</ul>
            <div class="adder">{ adder }</div>
        </div>
    }
}

/// An SLB's listeners: each a group of its fields (the health check within), removable; "+ Add
/// listener…" asks for the protocol and fills in ports and a health check that fit the
/// backends.
fn listeners(
    s: &State,
    d: &D,
    base: &str,
    name: &str,
    fields: &'static [(&'static str, F)],
    fid: &str,
) -> Html {
    let lang = s.lang;
    let ptr = format!("{base}/{name}");
    let items = s
        .doc
        .value
        .pointer(&ptr)
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    let rows = (0..items).map(|i| {
        let ib = format!("{ptr}/{i}");
        let iid = format!("{fid}-{i}");
        let remove = {
            let d = d.clone();
            let p = ib.clone();
            Callback::from(move |_: MouseEvent| set(&d, p.clone(), None))
        };
        html! {
            <li class="item">
                <fieldset class="obj" id={iid.clone()}>
                    <legend>{ format!("{} {}", t(lang, "Listener"), i + 1) }</legend>
                    { for fields.iter().map(|(n, f)| field(s, d, &ib, n, *f, &iid)) }
                    <button type="button" class="remove-item" id={format!("{iid}-remove")} onclick={remove}>{ t(lang, "Remove listener") }</button>
                </fieldset>
            </li>
        }
    });
    // What each protocol's listener would be, fitted to the backends.
    let protocols = ["http", "https", "tcp", "udp"];
    let slb = s.doc.value.pointer(base).unwrap_or(&Value::Null);
    let made: Vec<Value> = protocols
        .iter()
        .map(|p| build::new_listener(&s.doc.value, slb, p))
        .collect();
    let add = {
        let d = d.clone();
        let at = format!("{ptr}/{items}");
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let proto = el.value();
            el.set_value("");
            if let Some(i) = protocols.iter().position(|p| *p == proto) {
                set(&d, at.clone(), Some(made[i].clone()));
            }
        })
    };
    html! {
        <div class="field objlist">
            <span class="label">{ field_label(lang, name) }<span class="key" aria-hidden="true">{ name.to_string() }</span></span>
            <ol>{ for rows }</ol>
            <select id={format!("{fid}-add")} class="add" onchange={add} aria-label={t(lang, "Add listener…")}>
                <option value="" selected=true>{ format!("+ {}", t(lang, "Add listener…")) }</option>
                { for protocols.iter().map(|p| html! {
                    <option value={*p}>{ p.to_uppercase() }</option>
                }) }
            </select>
        </div>
    }
}

fn id_label(s: &State, d: &D, base: &str) -> Html {
    html! {
        <>
            { field(s, d, base, "id", F::Text, "f") }
            { field(s, d, base, "label", F::Text, "f") }
        </>
    }
}

fn sg_rules(s: &State, d: &D, base: &str) -> Html {
    let lang = s.lang;
    let n = s
        .doc
        .value
        .pointer(&format!("{base}/rules"))
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    let items = (0..n).map(|i| {
        let rb = format!("{base}/rules/{i}");
        let remove = {
            let d = d.clone();
            let p = rb.clone();
            Callback::from(move |_: MouseEvent| set(&d, p.clone(), None))
        };
        html! {
            <li class="sg-rule">
                { for schema::SG_RULE.iter().map(|(n, f)| {
                    let id = format!("r{i}-{n}");
                    html! {
                        <div class="field">
                            { label(lang, n, &id) }
                            { scalar(s, d, format!("{rb}/{n}"), *f, s.doc.value.pointer(&format!("{rb}/{n}")), id) }
                        </div>
                    }
                }) }
                <button type="button" class="remove" id={format!("r{i}-remove")} onclick={remove}>{ t(lang, "Remove rule") }</button>
            </li>
        }
    });
    // A new rule asks whom it admits; its ports follow from that (build::rule_ports).
    let on_pick = {
        let d = d.clone();
        let b = base.to_string();
        Callback::from(move |from: String| {
            crate::components::canvas::mark_edit();
            d.dispatch(Action::AddSgRuleFrom(b.clone(), from));
        })
    };
    html! {
        <div class="field list">
            <span class="label">{ t(lang, "Ingress rules") }<span class="key" aria-hidden="true">{ "rules" }</span></span>
            <ol>{ for items }</ol>
            <div class="adder">
                <label for="add-sg-rule" class="hint">{ t(lang, "Add a rule admitting") }</label>
                <SourcePicker id="add-sg-rule" cur={None::<AttrValue>} groups=true {on_pick} add=true />
            </div>
        </div>
    }
}

/// The buttons that act on the selection: copy, duplicate, delete.
fn selection_actions(d: &D, lang: Lang, n: usize) -> Html {
    let act = |a: fn() -> Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            crate::components::canvas::mark_edit();
            d.dispatch(a())
        })
    };
    html! {
        <div class="sel-actions">
            <button type="button" id="copy" onclick={act(|| Action::Copy)} title="Ctrl+C">{ t(lang, "Copy") }</button>
            <button type="button" id="duplicate" onclick={act(|| Action::Duplicate)} title="Ctrl+D">{ t(lang, "Duplicate") }</button>
            if n > 1 {
                <button type="button" id="delete" class="danger" onclick={act(|| Action::DeleteSelected)}>{ t(lang, "Delete (Del)") }</button>
            }
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
    let selection = s.selection();
    let (title, body) = if selection.len() > 1 {
        let items = selection.iter().map(|id| {
            let d = d.clone();
            let id = id.clone();
            let text = id.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                d.dispatch(Action::Select(Some(Sel::Id(id.clone()))))
            });
            html! { <li><button type="button" class="link" {onclick}>{ text }</button></li> }
        });
        (
            format!("{} {}", selection.len(), t(lang, "selected")),
            html! { <>
                <ul class="selection" id="selection">{ for items }</ul>
                { selection_actions(&d, lang, selection.len()) }
                <p class="hint">{ t(lang, "Shift-click adds or removes; Ctrl+C, Ctrl+V, Ctrl+D and Delete act on them all.") }</p>
            </> },
        )
    } else {
        match &s.selected {
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
                    let dup = (kind == "ecs").then(|| {
                        let other = build::other_zone(v, id);
                        let d = d.clone();
                        let of = id.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            crate::components::canvas::mark_edit();
                            d.dispatch(Action::DuplicateToZone(of.clone()))
                        });
                        let tip = match &other {
                            Some(z) => format!("→ {z}"),
                            None => t(lang, "Its region has no other zone.").to_string(),
                        };
                        html! {
                            <button type="button" id="dup-zone" {onclick} disabled={other.is_none()} title={tip}>
                                { t(lang, "Duplicate into the other zone") }
                            </button>
                        }
                    });
                    (
                        format!("{} `{id}`", kind_name(lang, &kind)),
                        html! { <>
                            { id_label(&s, &d, &base) }
                            { for fields.iter().map(|(n, f)| field(&s, &d, &base, n, *f, "f")) }
                            if !links.is_empty() {
                                <div class="field list" id="node-links">
                                    <span class="label">{ t(lang, "Links") }</span>
                                    <ul>{ for links }</ul>
                                </div>
                            }
                            <div class="sel-actions">{ for dup }</div>
                            { selection_actions(&d, lang, 1) }
                            { del(Sel::Id(id.clone())) }
                        </> },
                    )
                }
                Some((Kind::Region, base)) => (
                    format!("{} `{id}`", t(lang, "Region")),
                    html! { <>
                        { id_label(&s, &d, &base) }
                        { for schema::REGION.iter().map(|(n, f)| field(&s, &d, &base, n, *f, "f")) }
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
                        { for schema::VPC.iter().map(|(n, f)| field(&s, &d, &base, n, *f, "f")) }
                        { del(Sel::Id(id.clone())) }
                    </> },
                ),
                Some((Kind::Vswitch, base)) => (
                    format!("{} `{id}`", t(lang, "vSwitch")),
                    html! { <>
                        { id_label(&s, &d, &base) }
                        { for schema::VSWITCH.iter().map(|(n, f)| field(&s, &d, &base, n, *f, "f")) }
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
                        { for schema::LINK.iter().map(|(n, f)| field(&s, &d, &base, n, *f, "f")) }
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
                        { for schema::TOP.iter().map(|(n, f)| field(&s, &d, "", n, *f, "f")) }
                        <div class="field list">
                            <span class="label">{ t(lang, "Security groups") }</span>
                            <ul>{ for sgs }</ul>
                        </div>
                        <p class="hint">{ t(lang, "Select something on the canvas to edit it.") }</p>
                    </> },
                )
            }
        }
    };
    html! {
        <section class="properties" aria-label={t(lang, "Properties")} id="properties">
            <h2>{ title }</h2>
            <form class="form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>{ body }</form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_ports_are_checked_as_typed() {
        assert_eq!(
            check_cidr(Lang::En, " 10.0.1.0/24 "),
            Ok("10.0.1.0/24".into())
        );
        assert_eq!(check_cidr(Lang::En, "10.10.1.7"), Ok("10.10.1.7".into()));
        let e = check_cidr(Lang::En, "10.0.1.7/24").unwrap_err();
        assert!(e.ends_with("10.0.1.0/24"), "{e}");
        assert!(check_cidr(Lang::Zh, "10.0.1.0/24").is_ok());
        for bad in ["10.0.1", "10.0.1.0/33", "sg:x", "256.0.0.1", "10.0.01.0"] {
            assert!(check_cidr(Lang::En, bad).is_err(), "{bad}");
        }
        for ok in ["22", "2800-3300", "all", "ALL"] {
            assert!(check_ports(Lang::En, ok).is_ok(), "{ok}");
        }
        for bad in ["0", "22-", "3300-2800", "http", "65536"] {
            assert!(check_ports(Lang::En, bad).is_err(), "{bad}");
        }
        assert_eq!(
            typed(Lang::En, F::Int(1, 65535), "8080"),
            Ok(Some(8080.into()))
        );
        assert!(typed(Lang::En, F::Int(1, 65535), "0").is_err());
        assert_eq!(typed(Lang::En, F::Num, ""), Ok(None));
    }
}
