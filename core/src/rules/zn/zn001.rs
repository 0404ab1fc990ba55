use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

use super::placement_ptr;
use crate::rules::helpers::{other_zones, quoted, region_name, zone_name};

crate::declare_rule! {
    /// ## What it checks
    /// A business module with two or more production ECS, all of them in the same zone, while
    /// the region has at least two zones. Instances whose zone is unknown keep the module from
    /// being reported.
    ///
    /// ## Why
    /// A zone is a physical data centre. SLB and RDS already run from two zones of the region;
    /// if every instance of a module sits in one zone, losing that data centre stops the
    /// module, and the system is not the dual-centre system the platform makes possible.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }
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
    /// The classic-network ECS guide ("Opening an ECS" and the FAQ "What is a zone?"): a zone is
    /// a physical machine room, and servers with the same function should be split, half in
    /// one zone and half in another zone of the same region.
    pub struct ModuleInOneZone {
        code: "ZN001",
        name: "module-in-one-zone",
        severity: Warning,
        summary: (
            "All instances of a module are in one zone",
            "业务模块的所有实例都在同一个可用区"
        ),
        zh: "## 检查内容\n\
业务模块有两台及以上生产 ECS，全部位于同一个可用区，而所在地域有至少两个可用区。只要有一台实例的可用区未知，就不报告。\n\
\n\
## 原因\n\
可用区就是一个物理机房。SLB 和 RDS 本身已由地域内的两个可用区提供服务；如果模块的实例全在一个可用区，这个机房出问题时模块就会中断，系统也就不是平台本可以提供的同城双中心架构。\n\
\n\
## 依据\n\
经典网络 ECS 指南（“开通ECS”及常见问题“什么叫可用区”）：可用区相当于物理机房，同一功能的服务器应一半放在一个可用区，另一半放在同一地域的另一个可用区。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: moves instances of the module to the other zones of the region until the zones hold as many as they can evenly (in a VPC, to a vSwitch of the same VPC and tier whose addresses no rule tells apart)",
            "不安全：把模块的部分实例移到地域内的其他可用区，使各可用区的数量尽量相等（专有网络中移到同一 VPC、同一层级、且地址不会被任何规则区别对待的交换机）"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let module = cx.node(i).module_name();
    let moves = super::rebalance(cx, cx.modules.get_str(module)?)?;
    Some(super::moves_fix(cx, module, &moves))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (module, members) in cx.modules.iter() {
        if members.len() < 2 {
            continue;
        }
        let Some(&first) = members.first() else {
            continue;
        };
        let Some((r, zi)) = cx.node_zone[first] else {
            continue;
        };
        if !members.iter().all(|&i| cx.node_zone[i] == Some((r, zi))) {
            continue;
        }
        let others = other_zones(cx, r, zi);
        if others.is_empty() {
            continue;
        }
        let n = cx.node(first);
        let id = &n.id;
        let count = members.len();
        let zone = zone_name(cx, r, zi);
        let region = region_name(cx, r);
        let others_en = quoted(&others, ", ");
        let others_zh = quoted(&others, "、");
        let half = count / 2;
        out.report(
            Some(id),
            placement_ptr(cx, first),
            text!(
                "the {count} instances of module `{module}` are all in zone `{zone}`, although region `{region}` also has {others_en}: losing that zone stops the module",
                "模块 `{module}` 的 {count} 台实例全部在可用区 `{zone}`，而地域 `{region}` 还有 {others_zh}：这个可用区出故障时模块就会中断"
            ),
            text!(
                "move {half} of the {count} instances of `{module}` to another zone of `{region}` ({others_en})",
                "把 `{module}` 的 {count} 台实例中的 {half} 台移到 `{region}` 的另一个可用区（{others_zh}）"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    h::unplaced(cx, f);
    if h::module_members(cx, 2).next().is_none() {
        return f.not_applicable(
            "no module has two or more production ECS",
            "没有两台及以上生产 ECS 的模块",
        );
    }
    let mut g = GapBuilder::new(&h::NO_ZONE);
    let members: alloc::vec::Vec<usize> = h::module_members(cx, 2).collect();
    h::zoneless(cx, &members, &mut g);
    f.push(g);
}
