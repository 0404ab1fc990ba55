use alloc::vec;
use alloc::vec::Vec;

use super::{applies, dr_regions, in_dr_region, in_primary_region, region_id};
use crate::index::Ctx;
use crate::model::NodeKind;
use crate::rule::Sink;
use crate::rules::df::show;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the design claims `dr: "two-region"` or `"two-region-three-center"`, every RDS in a
    /// `primary` region (that is not itself a copy) must have a disaster-recovery copy in a `dr`
    /// region: an RDS whose `replica_of` names it — directly, or through a chain of copies
    /// (production → same-city copy → remote copy).
    ///
    /// ## Why
    /// RDS already keeps two copies in two zones of its region, but that does not survive the
    /// loss of the whole region. Only a copy in the remote region keeps the data when the
    /// primary region is gone, and the design's DR level promises exactly that.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql" },
    ///              { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql" },
    ///              { "id": "db-qd", "kind": "rds", "region": "qd", "engine": "mysql",
    ///                "replica_of": "db" },
    ///              { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Source
    /// In "Financial-cloud RDS features" (item 6), the guide says that for the data tier of a
    /// two-region, three-centre setup it is enough to open an RDS disaster-recovery instance in
    /// the Qingdao region, and to switch to it by hand once Hangzhou is unavailable. The
    /// "two-region" DR section adds that RDS ships the data one way, near-real-time, from the
    /// production centre to the DR centre.
    pub struct MissingDrDatabase {
        code: "DR001",
        name: "missing-dr-database",
        severity: Error,
        summary: (
            "A primary-region RDS has no copy in a DR region",
            "主地域的 RDS 在灾备地域没有灾备实例"
        ),
        zh: "## 检查内容\n\
当设计声明 `dr: \"two-region\"` 或 `\"two-region-three-center\"` 时，`primary` 地域中的每个 RDS（本身不是副本的）都必须在 `dr` 地域有一个灾备实例：即 `replica_of` 指向它的 RDS，可以是直接指向，也可以经过一串副本（生产 → 同城副本 → 异地副本）。\n\
\n\
## 原因\n\
RDS 在本地域的两个可用区之间已自动保留两份数据，但这抵御不了整个地域不可用。只有异地灾备地域中的副本能在主地域整体失效时保住数据，而设计声明的容灾级别正是这一承诺。\n\
\n\
## 依据\n\
据指南“金融云RDS产品特性”第 6 条，在两地三中心方案里，就数据层而言，在青岛开一个 RDS 灾备实例就够了；杭州整个地域不可用时，再人工切到青岛的实例。“异地双中心”一节补充说明：RDS 数据沿单一方向异地复制到灾备中心，延迟在秒级。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds a disaster-recovery RDS with \"replica_of\" in the design's one DR region, of the same engine, edition and storage (or moves there the copy that sits in the primary's own region)",
            "不安全：在设计中唯一的灾备地域增加一个 \"replica_of\" 指向它的 RDS 灾备实例，引擎、规格系列和存储与原实例相同（或把建在原实例同一地域的副本移过去）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !applies(cx) {
        return;
    }
    let nodes = &cx.design.nodes;
    // Copies of each RDS (RDS whose `replica_of` names it).
    let mut copies: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (j, nd) in nodes.iter().enumerate() {
        if !nd.is(NodeKind::Rds) {
            continue;
        }
        let Some(p) = nd.replica_of.as_ref().and_then(|r| cx.node_index(&r.id)) else {
            continue;
        };
        if p != j && cx.node(p).is(NodeKind::Rds) {
            copies[p].push(j);
        }
    }
    let mut seen = vec![false; nodes.len()];
    let mut stack: Vec<usize> = Vec::new();
    let dr = dr_regions(cx);
    for (i, nd) in nodes.iter().enumerate() {
        if !nd.is(NodeKind::Rds) || nd.replica_of.is_some() || !in_primary_region(cx, i) {
            continue;
        }
        // Every copy down the chain; the chains of different originals are disjoint.
        let (mut found, mut unknown) = (false, false);
        stack.clear();
        stack.extend_from_slice(&copies[i]);
        while let Some(c) = stack.pop() {
            if core::mem::replace(&mut seen[c], true) {
                continue;
            }
            match in_dr_region(cx, c) {
                Some(true) => found = true,
                None => unknown = true,
                Some(false) => {}
            }
            stack.extend_from_slice(&copies[c]);
        }
        if found || unknown {
            continue;
        }
        let id = show(&nd.id);
        let region = show(region_id(cx, i).unwrap_or_default());
        let help = if dr.is_empty() {
            text!(
                "add a region with \"role\": \"dr\" and an RDS there with \"replica_of\": \"{id}\"",
                "增加一个 \"role\": \"dr\" 的地域，并在其中开通 \"replica_of\": \"{id}\" 的 RDS 灾备实例"
            )
        } else {
            text!(
                "open a disaster-recovery RDS in {dr} with \"replica_of\": \"{id}\"",
                "在 {dr} 开通 \"replica_of\": \"{id}\" 的 RDS 灾备实例"
            )
        };
        out.report(
            Some(&nd.id),
            nd.ptr.as_str(),
            text!(
                "RDS `{id}` in primary region `{region}` has no disaster-recovery copy in a dr region",
                "主地域 `{region}` 中的 RDS `{id}` 在灾备地域没有灾备实例"
            ),
            help,
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::model::{Engine, RdsCategory};
    use crate::rules::helpers::fix_parts::{fresh_id_besides, whole};
    let i = cx.node_index(f.target.as_deref()?)?;
    let dr = super::the_dr_region(cx)?;
    let n = cx.node(i);
    // Its one copy in its own region (DR004's finding) is moved: the fix of both findings.
    let mut same = cx.design.nodes.iter().enumerate().filter(|&(j, m)| {
        j != i
            && m.is(NodeKind::Rds)
            && m.replica_of.as_ref().is_some_and(|r| r.id == n.id)
            && cx.node_region[j].is_some()
            && cx.node_region[j] == cx.node_region[i]
    });
    if let (Some((j, _)), None) = (same.next(), same.next()) {
        if let Some(fix) = super::move_copy(cx, j, dr) {
            return Some(fix);
        }
    }
    let to = &cx.design.regions[dr].id;
    let id = fresh_id_besides(cx, &alloc::format!("{}-{to}", n.id), &[]);
    let mut fields = alloc::vec![
        (alloc::string::String::from("id"), Json::str(&id)),
        ("kind".into(), Json::str("rds")),
        ("region".into(), Json::str(to)),
    ];
    if let Some(e) = n.engine {
        let e = match e {
            Engine::Mysql => "mysql",
            Engine::Sqlserver => "sqlserver",
            Engine::Postgresql => "postgresql",
            Engine::Ppas => "ppas",
        };
        fields.push(("engine".into(), Json::str(e)));
    }
    if let Some(c) = n.category {
        let c = match c {
            RdsCategory::Basic => "basic",
            RdsCategory::HighAvailability => "high-availability",
            RdsCategory::Cluster => "cluster",
            RdsCategory::Finance => "finance",
        };
        fields.push(("category".into(), Json::str(c)));
    }
    if let Some(gb) = n.storage_gb.and_then(whole) {
        fields.push(("storage_gb".into(), Json::Int(gb)));
    }
    fields.push(("replica_of".into(), Json::str(&n.id)));
    let (id, of, to) = (show(&id), show(&n.id), show(to));
    Some(Fix::unsafe_(
        text!(
            "add RDS `{id}` in DR region `{to}` as the disaster-recovery copy of `{of}`",
            "在灾备地域 `{to}` 增加 RDS `{id}`，作为 `{of}` 的灾备实例"
        ),
        alloc::vec![Edit::Push {
            array: "/nodes".into(),
            value: Json::Obj(fields),
        }],
    ))
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
    if !h::any(cx, NodeKind::Rds) {
        return f.not_applicable("no RDS", "没有 RDS");
    }
    let mut g = GapBuilder::new(&h::NO_REGION);
    for (i, _) in h::nodes(cx, NodeKind::Rds) {
        h::regionless(cx, i, &mut g);
    }
    f.push(g);
}
