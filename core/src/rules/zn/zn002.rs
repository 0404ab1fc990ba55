use crate::ordmap::OrdMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

use super::placement_ptr;
use crate::rules::helpers::{region_zones, zone_name};

crate::declare_rule! {
    /// ## What it checks
    /// A business module whose production ECS use two or more zones, and whose instance counts
    /// per zone differ by more than one. Every zone of the regions the module uses is counted,
    /// a zone without any of its instances as 0 (a module in a single zone is ZN001's concern,
    /// not this rule's). Instances whose zone is unknown are left out of the counts.
    ///
    /// ## Why
    /// The point of spreading a module over zones is that losing any one zone leaves enough
    /// capacity. With 3 instances in one zone and 1 in the other, losing the first zone takes
    /// away three quarters of the module.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-3", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-4", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-3", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "web-4", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// The financial-cloud overview ("key points of the architecture") and the VPC reference
    /// architecture: buy the same number of ECS in each of the two zones.
    pub struct UnbalancedModule {
        code: "ZN002",
        name: "unbalanced-module",
        severity: Warning,
        summary: (
            "A module's instances are unevenly spread over the zones",
            "业务模块的实例在各可用区之间分布不均"
        ),
        zh: "## 检查内容\n\
业务模块的生产 ECS 用到两个及以上可用区，且各可用区的实例数相差超过 1。模块所在地域的每个可用区都参与计数，没有实例的可用区记为 0（只在一个可用区的模块由 ZN001 负责）。可用区未知的实例不计入。\n\
\n\
## 原因\n\
把模块分布到多个可用区，是为了任何一个可用区失效后仍有足够的处理能力。如果一个可用区放 3 台、另一个只放 1 台，前者失效时模块就失去了四分之三的能力。\n\
\n\
## 依据\n\
金融云总体介绍（“该架构的要点”）和专有网络推荐架构：ECS 应在两个可用区分别购买数量相等的多台。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: moves instances from the crowded zones to the others until the counts differ by one at most (in a VPC, to a vSwitch of the same VPC and tier whose addresses no rule tells apart), when they can all get there",
            "不安全：把实例从较多的可用区移到其他可用区，直到各可用区的数量最多相差 1 台（专有网络中移到同一 VPC、同一层级、且地址不会被任何规则区别对待的交换机），前提是能做到"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let module = cx.node(i).module_name();
    let members = cx.modules.get_str(module)?;
    let moves = super::rebalance(cx, members)?;
    // Only a fix that leaves every zone within one of the others (zones without vSwitches
    // of the VPC cannot receive any).
    let (r, _) = cx.node_zone[i]?;
    let mut counts: Vec<usize> = region_zones(cx, r).iter().map(|_| 0).collect();
    let zones = region_zones(cx, r);
    for &m in members {
        let z = match moves.iter().find(|mv| mv.0 == m) {
            Some(mv) => mv.1,
            None => cx.node_zone[m]?.1,
        };
        let k = zones.iter().position(|&x| x == z)?;
        counts[k] += 1;
    }
    let (lo, hi) = (counts.iter().min()?, counts.iter().max()?);
    (hi - lo <= 1).then(|| super::moves_fix(cx, module, &moves))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (module, members) in cx.modules.iter() {
        // zone → (count, first instance there)
        let mut used: OrdMap<(usize, usize), (usize, usize)> = OrdMap::new();
        for &i in members {
            if let Some(z) = cx.node_zone[i] {
                used.or_insert(z, (0, i)).0 += 1;
            }
        }
        if used.len() < 2 {
            continue;
        }
        let mut counts: OrdMap<(usize, usize), usize> = OrdMap::new();
        for (z, &(c, _)) in used.iter() {
            counts.insert(z, c);
        }
        let mut regions: Vec<usize> = Vec::new();
        for (r, _) in used.keys() {
            if regions.last() != Some(&r) {
                regions.push(r);
            }
        }
        for &r in &regions {
            for zi in region_zones(cx, r) {
                counts.or_insert((r, zi), 0);
            }
        }
        // Most crowded zone first, then least crowded; ties go to the earlier zone.
        let mut max: Option<((usize, usize), usize)> = None;
        let mut min: Option<((usize, usize), usize)> = None;
        for (z, &c) in counts.iter() {
            if max.is_none_or(|(_, m)| c > m) {
                max = Some((z, c));
            }
            if min.is_none_or(|(_, m)| c < m) {
                min = Some((z, c));
            }
        }
        let (Some((zmax, cmax)), Some((zmin, cmin))) = (max, min) else {
            continue;
        };
        if cmax - cmin <= 1 {
            continue;
        }
        let Some(&(_, at)) = used.get(zmax) else {
            continue;
        };
        let n = cx.node(at);
        let id = &n.id;
        let (mut list_en, mut list_zh) = (String::new(), String::new());
        for (k, ((r, zi), c)) in counts.iter().enumerate() {
            if k > 0 {
                list_en.push_str(", ");
                list_zh.push('、');
            }
            let z = zone_name(cx, r, zi);
            let _ = write!(list_en, "`{z}` {c}");
            let _ = write!(list_zh, "`{z}` {c} 台");
        }
        let from = zone_name(cx, zmax.0, zmax.1);
        let to = zone_name(cx, zmin.0, zmin.1);
        let diff = cmax - cmin;
        out.report(
            Some(id),
            placement_ptr(cx, at),
            text!(
                "module `{module}` is unevenly spread over its zones ({list_en}): the counts differ by {diff}",
                "模块 `{module}` 的实例在各可用区分布不均（{list_zh}）：数量相差 {diff} 台"
            ),
            text!(
                "move instances such as `{id}` from `{from}` to `{to}`, or add instances in `{to}`, until every zone holds the same number (give or take one)",
                "把 `{id}` 等实例从 `{from}` 移到 `{to}`，或在 `{to}` 增加实例，使各可用区的数量相同（最多相差 1 台）"
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
