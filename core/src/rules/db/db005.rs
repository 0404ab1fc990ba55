use alloc::vec::Vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind, RdsCategory};
use crate::rule::{Finding, Sink};
use crate::rules::helpers::{other_zones, quoted, region_name, single_zone, zone_name};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An RDS instance without a standby in a second zone: its `category` is `basic` (one
    /// node, no standby), or its `zones` name a single zone of its region while that region has
    /// at least two zones (the standby sits beside the primary). An RDS in a `dr` region — the
    /// remote copy, itself on standby — is not checked; an absent `category` or `zones` never
    /// triggers the rule.
    ///
    /// ## Why
    /// The recommended architecture survives the loss of a data centre because RDS keeps a
    /// second, identical copy of the data in the other zone of the region and fails over to it
    /// by itself. A basic-edition instance has no such copy, and a standby in the primary's own
    /// zone goes down with it: either way a zone failure stops the database, and with it every
    /// module, however well the ECS are spread.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql",
    ///                "category": "basic" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql",
    ///                "category": "high-availability", "zones": [ "hz-b", "hz-c" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The recommended architecture (classic and VPC network alike): RDS replicates
    /// automatically between two zones and so always holds two identical copies of the data,
    /// which is why the guide prefers it to a database built on ECS; and the notes on building
    /// on the financial cloud: SLB and RDS are dual-centre in the same city by default, served
    /// by clusters spread over two or more zones.
    pub struct RdsWithoutStandby {
        code: "DB005",
        name: "rds-without-standby",
        severity: Warning,
        summary: (
            "An RDS instance has no standby in a second zone",
            "RDS 实例在第二个可用区没有备节点"
        ),
        zh: "## 检查内容\n\
RDS 实例在第二个可用区没有备节点：`category` 为 `basic`（单节点、无备节点），或者 `zones` 只写了地域中的一个可用区而该地域至少有两个可用区（备节点与主节点在同一可用区）。位于 `dr` 地域的 RDS（异地灾备副本，本身处于备用状态）不检查；未写 `category` 或 `zones` 时不会触发。\n\
\n\
## 原因\n\
推荐架构之所以能承受一个机房的故障，是因为 RDS 在地域的另一个可用区保存一份完全相同的数据副本，并自动切换过去。基础版实例没有这份副本，与主节点同在一个可用区的备节点也会随之一起故障：两种情况下，一个可用区出问题数据库就会中断，无论 ECS 分布得多好，所有模块都会随之停止。\n\
\n\
## 依据\n\
推荐架构（经典网络与专有网络相同）：RDS 自动在两个可用区之间复制，始终保有两份完全相同的数据副本，因此指南建议优先使用 RDS 而不是在 ECS 上自建数据库；以及在金融云上搭建应用的注意事项：SLB 和 RDS 默认是同城双中心，由分布在两个或多个可用区的服务集群提供服务。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: makes a basic RDS \"high-availability\" and puts its standby in another zone of its region (the one its ECS clients use, or the only other one) — a standby costs more",
            "不安全：把基础版 RDS 改为 \"high-availability\"，并把备节点放在地域内的另一个可用区（其 ECS 客户端所在的，或唯一的另一个）——备节点会增加费用"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !n.is(NodeKind::Rds) {
            continue;
        }
        let region = cx.node_region[i];
        if region.is_some_and(|r| !cx.is_primary_region(r)) {
            continue;
        }
        let id = &n.id;
        if n.category == Some(RdsCategory::Basic) {
            out.report(
                Some(id),
                ptr_join(&n.ptr, "category"),
                text!(
                    "RDS `{id}` is of category `basic`: a single node without a standby, so a failure of its zone stops the database",
                    "RDS `{id}` 为基础版（`basic`）：单节点、没有备节点，所在可用区故障时数据库就会中断"
                ),
                text!(
                    "choose the category \"high-availability\" (or \"cluster\", \"finance\") for `{id}`, with the standby in another zone of its region",
                    "把 `{id}` 改为高可用版 \"high-availability\"（或 \"cluster\"、\"finance\"），备节点放在地域内的另一个可用区"
                ),
            );
            continue;
        }
        let Some(r) = region else { continue };
        let Some(zi) = single_zone(cx, n, r) else {
            continue;
        };
        let others = other_zones(cx, r, zi);
        if others.is_empty() {
            continue;
        }
        let zone = zone_name(cx, r, zi);
        let region = region_name(cx, r);
        let others_en = quoted(&others, ", ");
        let others_zh = quoted(&others, "、");
        out.report(
            Some(id),
            ptr_join(&n.ptr, "zones"),
            text!(
                "RDS `{id}` keeps its primary and standby in zone `{zone}` only, although region `{region}` also has {others_en}: losing that zone stops the database",
                "RDS `{id}` 的主备节点都在可用区 `{zone}`，而地域 `{region}` 还有 {others_zh}：该可用区故障时数据库就会中断"
            ),
            text!(
                "add a standby zone of `{region}` ({others_en}) to the \"zones\" of `{id}`",
                "在 `{id}` 的 \"zones\" 中加入 `{region}` 的另一个可用区作为备可用区（{others_zh}）"
            ),
        );
    }
}

/// The zone for the standby of RDS `i`, whose `zones` name zone `zi` of region `r` only: the
/// region's other zone where an ECS that links to it runs (the first in the region's order),
/// else the region's only other zone.
fn standby_zone<'a>(cx: &Ctx<'a>, i: usize, r: usize, zi: usize) -> Option<&'a str> {
    let others = other_zones(cx, r, zi);
    let clients: Vec<&str> = cx
        .flows_to(i)
        .filter_map(|fl| match fl.from {
            Endpoint::Node(e) if cx.is_ecs(e) => cx.zone_id(e),
            _ => None,
        })
        .collect();
    match others.iter().find(|z| clients.contains(z)) {
        Some(z) => Some(*z),
        None => match others[..] {
            [z] => Some(z),
            _ => None,
        },
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let n = cx.node(i);
    let id = &n.id;
    // A single zone of a region with others: the standby goes to another one.
    let single = cx.node_region[i].and_then(|r| {
        let zi = single_zone(cx, n, r)?;
        (!other_zones(cx, r, zi).is_empty()).then_some((r, zi))
    });
    let standby = match single {
        Some((r, zi)) => Some(standby_zone(cx, i, r, zi)?),
        None => None,
    };
    let zones = ptr_join(&n.ptr, "zones");
    let push = |z: &str| Edit::Push {
        array: zones.clone(),
        value: Json::str(z),
    };
    if f.pointer == zones {
        let z = standby?;
        return Some(Fix::unsafe_(
            text!(
                "put the standby of RDS `{id}` in zone `{z}`",
                "把 RDS `{id}` 的备节点放到可用区 `{z}`"
            ),
            alloc::vec![push(z)],
        ));
    }
    let mut edits = alloc::vec![Edit::Set {
        at: f.pointer.clone(),
        value: Json::str("high-availability"),
    }];
    let title = match standby {
        Some(z) => {
            edits.push(push(z));
            text!(
                "make RDS `{id}` \"high-availability\", with its standby in zone `{z}` (a standby costs more)",
                "把 RDS `{id}` 改为 \"high-availability\"，备节点放在可用区 `{z}`（备节点会增加费用）"
            )
        }
        None => text!(
            "make RDS `{id}` \"high-availability\" (a standby costs more)",
            "把 RDS `{id}` 改为 \"high-availability\"（备节点会增加费用）"
        ),
    };
    Some(Fix::unsafe_(title, edits))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    if !h::any(cx, NodeKind::Rds) {
        return f.not_applicable("no RDS", "没有 RDS");
    }

    static CATEGORY: Lack = Lack::new(
        "{id} does not say its edition (category), so whether it has a standby is unknown",
        "{id} 没有写实例系列（category），无法判断是否有备库",
        "{n} RDS do not say their edition (category), so whether they have a standby is unknown",
        "{n} 个 RDS 没有写实例系列（category），无法判断是否有备库",
    );
    let (mut region, mut category) = (GapBuilder::new(&h::NO_REGION), GapBuilder::new(&CATEGORY));
    for (i, n) in h::nodes(cx, NodeKind::Rds) {
        if cx.node_region[i].is_some_and(|r| !cx.is_primary_region(r)) {
            continue; // a DR copy: not judged
        }
        h::regionless(cx, i, &mut region);
        if n.category.is_none() {
            category.add(&n.id, &n.ptr);
        }
    }
    f.push(region);
    f.push(category);
}
