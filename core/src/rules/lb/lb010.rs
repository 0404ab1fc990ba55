use super::{ecs_backends, slbs};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::{Finding, Sink};
use crate::rules::helpers::{other_zones, quoted, region_name, single_zone, zone_name};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An SLB whose `zones` name a single zone of its region while that region has at least
    /// two zones. An SLB without `zones` is served from two zones of its region, as the
    /// platform does by default, and is not reported; nor is an SLB in a `dr` region (the
    /// remote site, on standby).
    ///
    /// ## Why
    /// Spreading the ECS over two zones protects the service only if the load balancer in
    /// front of them survives the loss of a zone too. The financial cloud's SLB normally runs
    /// from two data centres of the city and moves between them without changing its address;
    /// served from one zone, it becomes the single point of failure of the whole system.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz", "zones": [ "hz-b" ],
    ///                "listeners": [ { "protocol": "http", "port": 80 } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz", "zones": [ "hz-b", "hz-c" ],
    ///                "listeners": [ { "protocol": "http", "port": 80 } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's list of financial-cloud SLB features, item 2: the SLB service is dual-centre
    /// in the same city by default, and a failure may move it to the other machine room while
    /// its public address stays the same; and the notes on building on the financial cloud: SLB
    /// and RDS are served by clusters spread over two or more zones.
    pub struct SlbSingleZone {
        code: "LB010",
        name: "slb-single-zone",
        severity: Warning,
        summary: (
            "An SLB is served from a single zone",
            "SLB 只在一个可用区提供服务"
        ),
        zh: "## 检查内容\n\
SLB 的 `zones` 只写了所在地域的一个可用区，而该地域至少有两个可用区。未写 `zones` 的 SLB 按平台默认由地域内的两个可用区提供服务，不报告；位于 `dr` 地域（异地灾备站点，处于备用状态）的 SLB 也不报告。\n\
\n\
## 原因\n\
把 ECS 分布到两个可用区，只有在前面的负载均衡也能承受一个可用区的故障时才有意义。金融云的 SLB 通常由同城两个机房提供服务，机房切换时地址不变；只在一个可用区提供服务时，它就成了整个系统的单点。\n\
\n\
## 依据\n\
指南列出的金融云 SLB 特性第 2 条：SLB 服务默认是同城双中心，故障可能使提供服务的机房发生变化，但公网地址不变；以及在金融云上搭建应用的注意事项：SLB 和 RDS 由分布在两个或多个可用区的服务集群提供。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: adds to \"zones\" the other zone where its backends run, or the region's only other zone (two zones are the platform's default: nothing is bought)",
            "安全：在 \"zones\" 中加入其后端所在的另一个可用区，或地域中唯一的另一个可用区（双可用区是平台默认，不产生额外购买）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, slb) in slbs(cx) {
        let Some(r) = cx.node_region[i].filter(|&r| cx.is_primary_region(r)) else {
            continue;
        };
        let Some(zi) = single_zone(cx, slb, r) else {
            continue;
        };
        let others = other_zones(cx, r, zi);
        if others.is_empty() {
            continue;
        }
        let id = &slb.id;
        let zone = zone_name(cx, r, zi);
        let region = region_name(cx, r);
        let others_en = quoted(&others, ", ");
        let others_zh = quoted(&others, "、");
        out.report(
            Some(id),
            ptr_join(&slb.ptr, "zones"),
            text!(
                "SLB `{id}` is served from zone `{zone}` only, although region `{region}` also has {others_en}: losing that zone stops the load balancer and every backend behind it",
                "SLB `{id}` 只在可用区 `{zone}` 提供服务，而地域 `{region}` 还有 {others_zh}：该可用区故障时负载均衡及其后的所有后端都会中断"
            ),
            text!(
                "add another zone of `{region}` ({others_en}) to the \"zones\" of `{id}`",
                "在 `{id}` 的 \"zones\" 中加入 `{region}` 的另一个可用区（{others_zh}）"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let slb = cx.node(i);
    let r = cx.node_region[i]?;
    let zi = single_zone(cx, slb, r)?;
    let others = other_zones(cx, r, zi);
    // The other zone where a backend runs (the first in the region's order), else the only
    // other zone of the region.
    let backends = ecs_backends(cx, slb);
    let zone = match others
        .iter()
        .find(|z| backends.iter().any(|&j| cx.zone_id(j) == Some(**z)))
    {
        Some(z) => *z,
        None => match others[..] {
            [z] => z,
            _ => return None,
        },
    };
    let id = &slb.id;
    Some(Fix::safe(
        text!(
            "serve `{id}` from zone `{zone}` too",
            "让 `{id}` 同时在可用区 `{zone}` 提供服务"
        ),
        alloc::vec![Edit::Push {
            array: f.pointer.clone(),
            value: Json::str(zone),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    if !h::any(cx, NodeKind::Slb) {
        return f.not_applicable("no SLB", "没有 SLB");
    }
    let mut g = GapBuilder::new(&h::NO_REGION);
    for (i, _) in h::nodes(cx, NodeKind::Slb) {
        h::regionless(cx, i, &mut g);
    }
    f.push(g);
}
