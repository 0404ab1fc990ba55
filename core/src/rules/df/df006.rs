use alloc::vec::Vec;

use super::{article, list_all, list_names, owner_of, parent, place, show, zh_mid, Place};
use crate::index::Ctx;
use crate::model::{NodeKind, ProblemKind};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every field name is one the format knows at that place. For a misspelt name the nearest
    /// known one is suggested ("did you mean `security_groups`?"); for a field that belongs to
    /// other node kinds (a `zone` on an SLB) the message says which kinds use it; otherwise it
    /// lists the fields allowed there.
    ///
    /// ## Why
    /// An unknown field is ignored, so what it was meant to say is lost: a misspelt
    /// `securty_groups` leaves the instance in no security group as far as every rule can tell.
    /// The file still loads, so nothing else would point at the typo.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zoen": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// A rule of the design format (design-format.md, "General": unknown field names are
    /// reported with a suggestion, never a hard failure), not a fact of the guide. It keeps the
    /// guide's facts reachable: the fields it protects are the ones that carry them, such as
    /// `security_groups` for the multi-level jump path of "Recommended security-group
    /// architecture" or `zone` for the two-zone layout of the recommended architecture.
    pub struct UnknownField {
        code: "DF006",
        name: "unknown-field",
        severity: Warning,
        summary: (
            "A field name the format does not know here",
            "格式中此处没有这个字段名"
        ),
        zh: "## 检查内容\n\
每个字段名都必须是格式在该位置定义过的。拼写错误的字段名会给出最接近的已知字段（“是否应为 `security_groups`？”）；属于其他节点类型的字段（如 SLB 上写了 `zone`）会说明哪些类型使用它；否则列出此处允许的字段。\n\
\n\
## 原因\n\
未知字段会被忽略，它想表达的内容随之丢失：拼错的 `securty_groups` 会让所有规则都认为该实例不属于任何安全组。文件照样能加载，没有别的地方会指出这个拼写错误。\n\
\n\
## 依据\n\
这是设计格式的规定（design-format.md 的“General”一节：未知字段名会被报告并给出建议，但不会导致加载失败），而不是指南中的事实。它保证指南的事实能被检查到：它所保护的正是承载这些事实的字段，例如对应“安全组推荐架构”多级跳板路径的 `security_groups`，以及对应推荐架构双可用区部署的 `zone`。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: renames a misspelt field to the known field it is nearest to, when that field is not already set",
            "安全：把拼错的字段名改为最接近的已知字段名（该字段尚未设置时）"
        ),
        facts: none,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for p in &cx.design.problems {
        let ProblemKind::UnknownField {
            field,
            suggestion,
            other_kind,
        } = &p.kind
        else {
            continue;
        };
        let ptr = p.ptr.as_str();
        let target = owner_of(cx, ptr);
        let here = place(cx, parent(ptr));
        let (where_en, where_zh) = here.describe();
        let where_zh = zh_mid(&where_zh);
        let where_pre = where_zh.trim_end();
        let f = show(field);
        let (message, help) = match (suggestion, *other_kind, &here) {
            (_, true, Place::Node(n)) => {
                let kind = n.kind().name();
                let a = article(n.kind());
                let mut users: Vec<&str> = Vec::new();
                for k in NodeKind::ALL {
                    if k.fields().contains(&field.as_str()) {
                        users.push(k.name());
                    }
                }
                let (users_en, users_zh) = list_names(users);
                let (own_en, own_zh) = list_all(n.kind().fields().iter().copied());
                (
                    text!(
                        "`{f}` does not apply to {where_en}: it is a field of {users_en} nodes",
                        "`{f}` 不适用于{where_pre}：它是 {users_zh} 节点的字段"
                    ),
                    text!(
                        "remove `{f}`; {a} {kind} node's own fields are {own_en}",
                        "请删除 `{f}`；{kind} 节点可用的字段为 {own_zh}"
                    ),
                )
            }
            (Some(s), _, _) => {
                let s = show(s);
                (
                    text!(
                        "`{f}` is not a field of {where_en}",
                        "`{f}` 不是{where_zh}的字段"
                    ),
                    text!("did you mean `{s}`?", "是否应为 `{s}`？"),
                )
            }
            _ => {
                let message = text!(
                    "`{f}` is not a field of {where_en}",
                    "`{f}` 不是{where_zh}的字段"
                );
                let help = match here.fields() {
                    Some(known) => {
                        let (en, zh) = list_all(known);
                        text!(
                            "remove it; the fields allowed here are {en}",
                            "请删除它；此处允许的字段为 {zh}"
                        )
                    }
                    None => text!("remove it", "请删除它"),
                };
                (message, help)
            }
        };
        out.report(target, ptr, message, help);
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    let p = cx.design.problems.iter().find(|p| p.ptr == f.pointer)?;
    let ProblemKind::UnknownField {
        field,
        suggestion: Some(s),
        other_kind: false,
    } = &p.kind
    else {
        return None;
    };
    // (Renaming onto a field that is already there does not resolve: `ResolveError::Exists`.)
    let (from, to) = (show(field), show(s));
    Some(Fix::safe(
        text!("rename `{from}` to `{to}`", "将 `{from}` 改名为 `{to}`"),
        alloc::vec![Edit::Rename {
            at: f.pointer.clone(),
            key: alloc::string::String::from(*s),
        }],
    ))
}
