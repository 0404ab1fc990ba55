use alloc::string::String;

use super::{show, zh_mid};
use crate::index::{Ctx, Entity};
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every id — of regions, zones, VPCs, vSwitches, security groups and nodes — is defined
    /// once in the whole design. The second and later definitions of an id are reported, each
    /// pointing back at the first one. The id `internet` is reserved for the public internet
    /// and cannot be defined at all.
    ///
    /// ## Why
    /// References name things by id. When two things share one, every reference silently goes
    /// to the first, and the second — its zone, its security groups, its links — disappears
    /// from the analysis.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
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
    /// A rule of the design format (design-format.md, "General": ids are unique across the
    /// whole document and `internet` is reserved), not a fact of the guide. The guide's own
    /// advice relies on telling instances apart: "Opening an ECS" recommends giving every
    /// instance a meaningful name to ease later management, and the recommended architecture
    /// puts half of a module's servers in one zone and half in the other — which cannot be
    /// checked when two of them share one name.
    pub struct DuplicateId {
        code: "DF002",
        name: "duplicate-id",
        severity: Error,
        summary: ("An id is defined more than once", "id 重复定义"),
        zh: "## 检查内容\n\
地域、可用区、VPC、交换机、安全组和节点的每个 id 在整个设计中只能定义一次。同一 id 的第二次及以后的定义都会被报告，并指出第一次定义的位置。id `internet` 保留给公网使用，不能定义。\n\
\n\
## 原因\n\
引用是按 id 指向对象的。两个对象同名时，所有引用都会悄悄指向第一个，第二个对象（它的可用区、安全组、连线）就从分析中消失了。\n\
\n\
## 依据\n\
这是设计格式的规定（design-format.md 的“General”一节：id 在整个文件中唯一，`internet` 为保留字），而不是指南中的事实。指南自己的建议也依赖于能区分各个实例：“开通ECS”一节建议给实例设置有意义的名称以便日后管理；推荐架构要求同一功能的服务器一半放在一个可用区、另一半放在另一个可用区，两台服务器同名时就无从检查。",
        check: check,
        fix_note: (
            "none: which of the things sharing an id the references meant, and what the other should be called, only the author knows",
            "无：引用指的是同名对象中的哪一个、另一个该叫什么，只有作者知道"
        ),
        facts: none,
    }
}

/// The pointer and type name (English, Chinese) of an id's definition.
fn definition(cx: &Ctx<'_>, e: Entity) -> Option<(&'static str, &'static str, String)> {
    let d = cx.design;
    Some(match e {
        Entity::Region(r) => ("region", "地域", d.regions.get(r)?.ptr.clone()),
        Entity::Zone(r, z) => (
            "zone",
            "可用区",
            d.regions.get(r)?.zones.get(z)?.ptr.clone(),
        ),
        Entity::Vpc(v) => ("VPC", "VPC", d.vpcs.get(v)?.ptr.clone()),
        Entity::VSwitch(v, s) => (
            "vSwitch",
            "交换机",
            d.vpcs.get(v)?.vswitches.get(s)?.ptr.clone(),
        ),
        Entity::Group(g) => (
            "security group",
            "安全组",
            d.security_groups.get(g)?.ptr.clone(),
        ),
        Entity::Node(n) => ("node", "节点", d.nodes.get(n)?.ptr.clone()),
    })
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    let mut defs: alloc::vec::Vec<(&str, Entity)> = alloc::vec::Vec::new();
    for (ri, r) in d.regions.iter().enumerate() {
        defs.push((&r.id, Entity::Region(ri)));
        for (zi, z) in r.zones.iter().enumerate() {
            defs.push((&z.id, Entity::Zone(ri, zi)));
        }
    }
    for (vi, v) in d.vpcs.iter().enumerate() {
        defs.push((&v.id, Entity::Vpc(vi)));
        for (si, s) in v.vswitches.iter().enumerate() {
            defs.push((&s.id, Entity::VSwitch(vi, si)));
        }
    }
    for (gi, g) in d.security_groups.iter().enumerate() {
        defs.push((&g.id, Entity::Group(gi)));
    }
    for (ni, n) in d.nodes.iter().enumerate() {
        defs.push((&n.id, Entity::Node(ni)));
    }
    for (raw, e) in defs {
        if raw.is_empty() {
            continue;
        }
        let first = cx.ids.get(raw).copied();
        if raw != "internet" && first == Some(e) {
            continue;
        }
        let Some((this_en, this_zh, this_ptr)) = definition(cx, e) else {
            continue;
        };
        let this_zh = zh_mid(this_zh);
        let pointer = ptr_join(&this_ptr, "id");
        let id = show(raw);
        if raw == "internet" {
            out.report(
                Some(raw),
                pointer.as_str(),
                text!(
                    "the id `internet` is reserved for the public internet; this {this_en} cannot use it",
                    "id `internet` 保留表示公网，该{this_zh}不能使用"
                ),
                text!(
                    "rename this {this_en} (and the references to it)",
                    "请给该{this_zh}换一个 id（并同步修改引用它的地方）"
                ),
            );
        }
        let Some(first) = first.filter(|&f| f != e) else {
            continue;
        };
        let Some((first_en, first_zh, first_ptr)) = definition(cx, first) else {
            continue;
        };
        let first_zh = zh_mid(first_zh);
        let first_ptr = show(&first_ptr);
        out.report(
            Some(raw),
            pointer,
            text!(
                "id `{id}` is defined twice: this {this_en} reuses the id of the {first_en} at `{first_ptr}`",
                "id `{id}` 重复定义：该{this_zh}与 `{first_ptr}` 处的{first_zh}使用了同一个 id"
            ),
            text!(
                "give this {this_en} a unique id: ids must be unique across regions, zones, VPCs, vSwitches, security groups and nodes",
                "请给该{this_zh}换一个唯一的 id：地域、可用区、VPC、交换机、安全组和节点的 id 在全文件中不能重复"
            ),
        );
    }
}
