//! DF — the design file itself: references, ids, addresses, placement, values, field names,
//! and the file's own `ignore` entries.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::{self, Node, NodeKind};
use crate::rule::RuleMeta;
use crate::text::sub;

pub mod df001;
pub mod df002;
pub mod df003;
pub mod df004;
pub mod df005;
pub mod df006;
pub mod df007;
pub mod df008;
pub mod df009;

pub static RULES: &[&RuleMeta] = &[
    &df001::UnknownReference::META,
    &df002::DuplicateId::META,
    &df003::InvalidAddress::META,
    &df004::MissingPlacement::META,
    &df005::InvalidValue::META,
    &df006::UnknownField::META,
    &df007::UnusedIgnore::META,
    &df008::UnresolvedValues::META,
    &df009::ExpiredWaiver::META,
];

/// Most characters of an id or value shown in a message.
const SHOW_MAX: usize = 80;

/// An id or value as shown in a message: control characters (newlines, tabs…) escaped, and
/// clipped to 80 characters.
pub(crate) fn show(s: &str) -> alloc::borrow::Cow<'_, str> {
    // Most ids are short printable ASCII, shown as they are (the rules call this for every
    // node they look at, before they know whether they report it).
    if s.len() <= SHOW_MAX && s.bytes().all(|b| matches!(b, b' '..=b'~')) {
        return alloc::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(SHOW_MAX * 4));
    for (n, c) in s.chars().enumerate() {
        if n == SHOW_MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    alloc::borrow::Cow::Owned(out)
}

/// Whether a character needs a space between it and Chinese text (Latin letters, digits,
/// code in backticks).
fn latinish(c: char) -> bool {
    c.is_ascii_graphic()
}

/// A Chinese phrase followed by more Chinese: a space after it when it ends in Latin text or
/// code (`ecs 节点 \`web-1\`` + `的` → `ecs 节点 \`web-1\` 的`).
pub(crate) fn zh_end(s: &str) -> String {
    let mut out = String::from(s);
    if s.chars().last().is_some_and(latinish) {
        out.push(' ');
    }
    out
}

/// A Chinese phrase between Chinese text: spaces on the sides that are Latin text or code.
pub(crate) fn zh_mid(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    if s.chars().next().is_some_and(latinish) {
        out.push(' ');
    }
    out.push_str(&zh_end(s));
    out
}

/// The unescaped reference tokens of a JSON pointer.
pub(crate) fn tokens(ptr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in ptr.split('/').skip(1) {
        out.push(if t.contains('~') {
            crate::text::unescape_pointer_token(t)
        } else {
            t.to_owned()
        });
    }
    out
}

/// The pointer without its last token.
pub(crate) fn parent(ptr: &str) -> &str {
    ptr.rfind('/').map_or("", |i| sub(ptr, 0, i))
}

/// How a pointer names its place, for messages: the last field (`cpu`), or an array item
/// with its array (`listens[1]`).
pub(crate) fn field_label(ptr: &str) -> String {
    let t = tokens(ptr);
    match t.as_slice() {
        [] => String::new(),
        [.., a, i] if i.parse::<usize>().is_ok() => show(&format!("{a}[{i}]")).into_owned(),
        [.., f] => show(f).into_owned(),
    }
}

/// The element of `items` whose pointer ends in `/k` (list items skip entries that are not
/// objects, so vector positions and file positions can differ).
fn by_index<T>(items: &[T], k: &str, ptr_of: impl Fn(&T) -> &str) -> Option<usize> {
    let k: usize = k.parse().ok()?;
    let pos = |t: &T| -> usize {
        let p = ptr_of(t);
        p.rfind('/')
            .and_then(|i| sub(p, i + 1, p.len()).parse().ok())
            .unwrap_or(usize::MAX)
    };
    let i = items.partition_point(|t| pos(t) < k);
    (i < items.len() && pos(&items[i]) == k).then_some(i)
}

/// An object of the design that a pointer lies in.
pub(crate) enum Place<'a> {
    Top,
    Region(&'a str),
    Zone(&'a str),
    Vpc(&'a str),
    VSwitch(&'a str),
    Group(&'a str),
    SgRule(&'a str),
    Node(&'a Node),
    Listener(&'a Node),
    HealthCheck(&'a Node),
    Sizing(&'a Node),
    Peer(&'a Node),
    Link,
    Ignore,
    /// Inside an array or a value the format does not structure further.
    Other,
}

/// The object that `obj_ptr` points at.
pub(crate) fn place<'a>(cx: &Ctx<'a>, obj_ptr: &str) -> Place<'a> {
    let d = cx.design;
    let t = tokens(obj_ptr);
    let t: Vec<&str> = t.iter().map(String::as_str).collect();
    let found = match t.as_slice() {
        [] => Some(Place::Top),
        ["regions", k, rest @ ..] => by_index(&d.regions, k, |r| &r.ptr)
            .and_then(|i| d.regions.get(i))
            .and_then(|r| match rest {
                [] => Some(Place::Region(&r.id)),
                ["zones", z] => by_index(&r.zones, z, |z| &z.ptr)
                    .and_then(|j| r.zones.get(j))
                    .map(|z| Place::Zone(&z.id)),
                _ => None,
            }),
        ["vpcs", k, rest @ ..] => by_index(&d.vpcs, k, |v| &v.ptr)
            .and_then(|i| d.vpcs.get(i))
            .and_then(|v| match rest {
                [] => Some(Place::Vpc(&v.id)),
                ["vswitches", s] => by_index(&v.vswitches, s, |s| &s.ptr)
                    .and_then(|j| v.vswitches.get(j))
                    .map(|s| Place::VSwitch(&s.id)),
                _ => None,
            }),
        ["security_groups", k, rest @ ..] => by_index(&d.security_groups, k, |g| &g.ptr)
            .and_then(|i| d.security_groups.get(i))
            .and_then(|g| match rest {
                [] => Some(Place::Group(&g.id)),
                ["rules", _] => Some(Place::SgRule(&g.id)),
                _ => None,
            }),
        ["nodes", k, rest @ ..] => by_index(&d.nodes, k, |n| &n.ptr)
            .and_then(|i| d.nodes.get(i))
            .and_then(|n| match rest {
                [] => Some(Place::Node(n)),
                ["listeners", _] => Some(Place::Listener(n)),
                ["listeners", _, "health_check"] => Some(Place::HealthCheck(n)),
                ["sizing"] => Some(Place::Sizing(n)),
                ["peer"] => Some(Place::Peer(n)),
                _ => None,
            }),
        ["links", _] => Some(Place::Link),
        ["ignore", _] => Some(Place::Ignore),
        _ => None,
    };
    found.unwrap_or(Place::Other)
}

impl Place<'_> {
    /// How to name the place in a message, in English and Chinese.
    pub(crate) fn describe(&self) -> (String, String) {
        let named = |en: &str, zh: &str, id: &str| -> (String, String) {
            if id.is_empty() {
                (format!("a {en}"), format!("某个{}", zh_mid(zh).trim_end()))
            } else {
                let id = show(id);
                (format!("{en} `{id}`"), format!("{zh} `{id}`"))
            }
        };
        let of_node = |en: &str, zh: &str, n: &Node| -> (String, String) {
            if n.id.is_empty() {
                let zh = zh_mid(zh);
                (
                    format!("{en} of a node"),
                    format!("某个节点的{}", zh.trim_end()),
                )
            } else {
                let id = show(&n.id);
                let zh = zh_mid(zh);
                (
                    format!("{en} of `{id}`"),
                    format!("`{id}` 的{}", zh.trim_end()),
                )
            }
        };
        match self {
            Place::Top => ("the design".into(), "设计文件顶层".into()),
            Place::Region(id) => named("region", "地域", id),
            Place::Zone(id) => named("zone", "可用区", id),
            Place::Vpc(id) => named("VPC", "VPC", id),
            Place::VSwitch(id) => named("vSwitch", "交换机", id),
            Place::Group(id) => named("security group", "安全组", id),
            Place::SgRule(id) => {
                let (en, zh) = named("security group", "安全组", id);
                (format!("a rule of {en}"), format!("{}的规则", zh_end(&zh)))
            }
            Place::Node(n) => match n.kind {
                Some(k) if n.id.is_empty() => {
                    let (a, k) = (article(k), k.name());
                    (format!("{a} {k} node"), format!("某个 {k} 节点"))
                }
                Some(k) => {
                    let k = k.name();
                    named(&format!("{k} node"), &format!("{k} 节点"), &n.id)
                }
                None => named("node", "节点", &n.id),
            },
            Place::Listener(n) => of_node("a listener", "监听", n),
            Place::HealthCheck(n) => of_node("the health check of a listener", "监听健康检查", n),
            Place::Sizing(n) => of_node("the sizing", "sizing", n),
            Place::Peer(n) => of_node("the peer", "peer", n),
            Place::Link => ("a link".into(), "连线".into()),
            Place::Ignore => ("an ignore entry".into(), "ignore 条目".into()),
            Place::Other => ("the design".into(), "设计文件".into()),
        }
    }

    /// The fields the format allows here, when the place is an object the format structures.
    pub(crate) fn fields(&self) -> Option<Vec<&'static str>> {
        let fixed = |f: &[&'static str]| Some(f.to_vec());
        match self {
            Place::Top => fixed(model::TOP_FIELDS),
            Place::Region(_) => fixed(model::REGION_FIELDS),
            Place::Zone(_) => fixed(model::ZONE_FIELDS),
            Place::Vpc(_) => fixed(model::VPC_FIELDS),
            Place::VSwitch(_) => fixed(model::VSWITCH_FIELDS),
            Place::Group(_) => fixed(model::SG_FIELDS),
            Place::SgRule(_) => fixed(model::SG_RULE_FIELDS),
            Place::Node(n) => match n.kind {
                Some(k) => {
                    let mut v = model::NODE_COMMON_FIELDS.to_vec();
                    v.extend_from_slice(k.fields());
                    Some(v)
                }
                None => Some(model::all_node_fields()),
            },
            Place::Listener(_) => fixed(model::LISTENER_FIELDS),
            Place::HealthCheck(_) => fixed(model::HEALTH_CHECK_FIELDS),
            Place::Sizing(_) => fixed(model::SIZING_FIELDS),
            Place::Peer(_) => fixed(model::PEER_FIELDS),
            Place::Link => fixed(model::LINK_FIELDS),
            Place::Ignore => fixed(model::IGNORE_FIELDS),
            Place::Other => None,
        }
    }
}

/// The object a value at `ptr` belongs to: the nearest enclosing object the format
/// structures (for `/nodes/3/listens/1`, node 3).
pub(crate) fn holder<'a>(cx: &Ctx<'a>, ptr: &str) -> Place<'a> {
    let mut p = parent(ptr);
    loop {
        match place(cx, p) {
            Place::Other if !p.is_empty() => p = parent(p),
            found => return found,
        }
    }
}

/// The id a pointer's finding is about: the region, zone, VPC, vSwitch, security group or
/// node the pointer lies in (the innermost one), if it has an id.
pub(crate) fn owner_of<'a>(cx: &Ctx<'a>, ptr: &str) -> Option<&'a str> {
    // Walk up from the pointer to the nearest object that carries an id.
    let mut p = ptr;
    loop {
        let id = match place(cx, p) {
            Place::Region(id)
            | Place::Zone(id)
            | Place::Vpc(id)
            | Place::VSwitch(id)
            | Place::Group(id)
            | Place::SgRule(id) => Some(id),
            Place::Node(n)
            | Place::Listener(n)
            | Place::HealthCheck(n)
            | Place::Sizing(n)
            | Place::Peer(n) => Some(n.id.as_str()),
            Place::Top | Place::Link | Place::Ignore => return None,
            Place::Other => None,
        };
        if let Some(id) = id {
            return (!id.is_empty()).then_some(id);
        }
        if p.is_empty() {
            return None;
        }
        p = parent(p);
    }
}

/// `a` or `an` before a node kind's name.
pub(crate) fn article(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Ecs
        | NodeKind::Slb
        | NodeKind::Rds
        | NodeKind::Oss
        | NodeKind::Idc
        | NodeKind::Eip
        | NodeKind::Apigw
        | NodeKind::Unknown => "an",
        NodeKind::Vpn | NodeKind::LeasedLine | NodeKind::Nat | NodeKind::Dns => "a",
    }
}

/// `a`, `b` or `c` / `a`、`b` 或 `c` — a list of names in backticks.
pub(crate) fn list_names<'s>(names: impl IntoIterator<Item = &'s str>) -> (String, String) {
    join_names(names, (" or ", " 或 "))
}

/// `a`, `b` and `c` / `a`、`b` 和 `c`.
pub(crate) fn list_all<'s>(names: impl IntoIterator<Item = &'s str>) -> (String, String) {
    join_names(names, (" and ", " 和 "))
}

fn join_names<'s>(
    names: impl IntoIterator<Item = &'s str>,
    last: (&str, &str),
) -> (String, String) {
    // Collected by a loop, joined by a non-generic function: each caller's iterator type
    // makes an instance of this loop only (the docs widget's size).
    let mut v: Vec<&str> = Vec::new();
    for n in names {
        v.push(n);
    }
    join_slice(&v, last)
}

fn join_slice(names: &[&str], (last_en, last_zh): (&str, &str)) -> (String, String) {
    let mut en = String::new();
    let mut zh = String::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            let last = i + 1 == names.len();
            en.push_str(if last { last_en } else { ", " });
            zh.push_str(if last { last_zh } else { "、" });
        }
        let n = show(n);
        en.push('`');
        en.push_str(&n);
        en.push('`');
        zh.push('`');
        zh.push_str(&n);
        zh.push('`');
    }
    (en, zh)
}
