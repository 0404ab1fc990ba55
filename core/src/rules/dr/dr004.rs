use super::{applies, level_name, region_id};
use crate::index::Ctx;
use crate::model::{NodeKind, RegionRole};
use crate::rule::Sink;
use crate::rules::df::show;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the design claims `dr: "two-region"` or `"two-region-three-center"`:
    /// - no region has `role: "dr"` (one finding for the design, at its `dr` field); or
    /// - an RDS with `replica_of` sits in the same region as the RDS it copies.
    ///
    /// ## Why
    /// Two-region disaster recovery means a standby site in another city. A copy in the same
    /// region fails together with its primary when that region is lost, and a design without
    /// a DR region has nowhere to fail over to. Within one region the platform already keeps
    /// RDS in two zones by itself.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz" },
    ///              { "id": "db-copy", "kind": "rds", "region": "hz", "replica_of": "db" },
    ///              { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz" },
    ///              { "id": "db-copy", "kind": "rds", "region": "qd", "replica_of": "db" },
    ///              { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's disaster-recovery sections put the two centres of "two-region, two centres"
    /// in two cities (Hangzhou for production, Qingdao standby), and the remote centre of
    /// "two-region, three centres" in Qingdao, while same-city active/standby across zones is
    /// the platform's default ("same-city active-active / DR"). "Financial-cloud RDS features"
    /// (item 2) notes that RDS already has same-city DR with automatic switch-over.
    pub struct DrInSameRegion {
        code: "DR004",
        name: "dr-in-same-region",
        severity: Error,
        summary: (
            "The DR copy is not in another region",
            "灾备副本不在另一个地域"
        ),
        zh: "## 检查内容\n\
当设计声明 `dr: \"two-region\"` 或 `\"two-region-three-center\"` 时：\n\
- 没有任何地域的 `role` 为 `\"dr\"`（整个设计报告一次，位置在 `dr` 字段）；或\n\
- 某个写了 `replica_of` 的 RDS 与它所复制的 RDS 位于同一地域。\n\
\n\
## 原因\n\
两地容灾意味着在另一个城市有备用站点。同一地域内的副本会与主实例一起随地域失效而失效；没有灾备地域的设计则根本无处切换。在同一地域内，平台本身就已把 RDS 部署在两个可用区。\n\
\n\
## 依据\n\
指南的容灾章节里，“异地双中心”的两个中心分处两座城市（生产在杭州，备用在青岛），“两地三中心”的异地中心也在青岛；跨可用区的同城双活/灾备则是平台本来就有的能力。“金融云RDS产品特性”第 2 条同样说明，RDS 出厂即带同城灾备，出故障时会自动切换。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: moves the copy to the design's one DR region (a design without a DR region has none: which region becomes the DR site is a choice)",
            "不安全：把副本移到设计中唯一的灾备地域（没有灾备地域的设计无此修复：哪个地域作为灾备站点需要自行选择）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !applies(cx) {
        return;
    }
    let d = cx.design;
    if !d.regions.iter().any(|r| r.role == RegionRole::Dr) {
        let level = level_name(cx);
        out.report(
            None,
            "/dr",
            text!(
                "the design claims dr `{level}`, but no region has \"role\": \"dr\"",
                "设计声明了容灾级别 `{level}`，但没有任何地域的 \"role\" 为 \"dr\""
            ),
            text!(
                "add the remote disaster-recovery region with \"role\": \"dr\" (in another city than the primary region)",
                "增加异地灾备地域并设置 \"role\": \"dr\"（与主地域位于不同城市）"
            ),
        );
    }
    for (j, nd) in d.nodes.iter().enumerate() {
        if !nd.is(NodeKind::Rds) {
            continue;
        }
        let Some(r) = &nd.replica_of else { continue };
        let Some(p) = cx.node_index(&r.id) else {
            continue;
        };
        if p == j || !cx.node(p).is(NodeKind::Rds) {
            continue;
        }
        let (Some(rj), Some(rp)) = (cx.node_region[j], cx.node_region[p]) else {
            continue;
        };
        if rj != rp {
            continue;
        }
        let (id, primary) = (show(&nd.id), show(&r.id));
        let region = show(region_id(cx, j).unwrap_or_default());
        out.report(
            Some(&nd.id),
            r.ptr.as_str(),
            text!(
                "RDS `{id}` is the copy of `{primary}`, but both are in region `{region}`: losing the region loses both",
                "RDS `{id}` 是 `{primary}` 的副本，但两者都在地域 `{region}`：地域失效时会同时失效"
            ),
            text!(
                "place `{id}` in a region with \"role\": \"dr\" (same-city copies across zones are automatic)",
                "把 `{id}` 放到 \"role\" 为 \"dr\" 的地域（同城跨可用区的副本由平台自动提供）"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    let j = cx.node_index(f.target.as_deref()?)?;
    super::move_copy(cx, j, super::the_dr_region(cx)?)
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    if !h::claims_dr(cx, f) {
        return;
    }

    use crate::model::NodeKind;
    let mut g = GapBuilder::new(&h::NO_REGION);
    for (j, n) in h::nodes(cx, NodeKind::Rds) {
        let Some(p) = n.replica_of.as_ref().and_then(|r| cx.node_index(&r.id)) else {
            continue;
        };
        if p != j && cx.node(p).is(NodeKind::Rds) {
            h::regionless(cx, j, &mut g);
            h::regionless(cx, p, &mut g);
        }
    }
    f.push(g);
}
