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
    /// When the design claims `dr: "two-region"` or `"two-region-three-center"`, every `oss`
    /// bucket in a `primary` region must replicate its objects to a bucket in a `dr` region:
    /// its `replicates_to` names such a bucket, directly or through a chain of buckets
    /// (production → same-city copy → remote copy). Absent `replicates_to` counts as missing;
    /// a chain that leads to an undefined id or a bucket of unknown region is not judged.
    ///
    /// ## Why
    /// Files (images, documents, static content) are business data too. If they stay only in
    /// the primary region, the DR site comes up with its database but without its files.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "files", "kind": "oss", "region": "hz" },
    ///              { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "files", "kind": "oss", "region": "hz", "replicates_to": "files-qd" },
    ///              { "id": "files-qd", "kind": "oss", "region": "qd" },
    ///              { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's "two-region, two centres" section says OSS copies file data one way from the
    /// production centre to the DR centre, with a delay of minutes; in "two-region, three
    /// centres" OSS replicates in a cascade from Hangzhou production to the Hangzhou same-city
    /// centre and on to Qingdao.
    pub struct MissingOssReplication {
        code: "DR005",
        name: "missing-oss-replication",
        severity: Warning,
        summary: (
            "A primary-region bucket is not replicated to the DR region",
            "主地域的 OSS Bucket 没有复制到灾备地域"
        ),
        zh: "## 检查内容\n\
当设计声明 `dr: \"two-region\"` 或 `\"two-region-three-center\"` 时，`primary` 地域中的每个 `oss` Bucket 都必须把对象复制到 `dr` 地域的 Bucket：其 `replicates_to` 直接指向这样的 Bucket，或经过一串 Bucket（生产 → 同城副本 → 异地副本）到达。未写 `replicates_to` 视为缺失；链条指向未定义的 id 或地域未知的 Bucket 时不作判断。\n\
\n\
## 原因\n\
文件（图片、文档、静态内容）同样是业务数据。如果它们只保存在主地域，灾备站点启用时只有数据库而没有文件。\n\
\n\
## 依据\n\
指南“异地双中心”一节说明，文件数据由 OSS 单向复制到灾备中心，延迟为分钟级；在“两地三中心”一节中，复制是逐级进行的：先到杭州的同城灾备中心，再到青岛。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds a bucket in the design's one DR region and makes the last bucket of the chain replicate to it",
            "不安全：在设计中唯一的灾备地域增加一个 Bucket，并让复制链上的最后一个 Bucket 复制到它"
        ),
        facts: facts,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Not computed yet.
    Todo,
    /// On the walk being resolved (a cycle if met again).
    Walking,
    Yes,
    No,
    Unknown,
}

/// Whether the data of each bucket reaches a bucket in a dr region, following `replicates_to`.
fn reach(cx: &Ctx<'_>) -> Vec<Reach> {
    let nodes = &cx.design.nodes;
    let mut memo = vec![Reach::Todo; nodes.len()];
    let mut walk: Vec<usize> = Vec::new();
    for start in 0..nodes.len() {
        if !nodes[start].is(NodeKind::Oss) || memo[start] != Reach::Todo {
            continue;
        }
        walk.clear();
        let mut cur = start;
        // Follow the chain until its end, a resolved bucket or a cycle.
        let mut tail = loop {
            memo[cur] = Reach::Walking;
            walk.push(cur);
            let next = nodes[cur].replicates_to.as_ref().map(|r| {
                cx.node_index(&r.id)
                    .filter(|&t| cx.node(t).is(NodeKind::Oss))
            });
            match next {
                None => break Reach::No,
                Some(None) => break Reach::Unknown,
                Some(Some(t)) => match memo[t] {
                    Reach::Todo => cur = t,
                    // A cycle: what lies beyond `t` is already on this walk.
                    Reach::Walking => break step(cx, t, Reach::No),
                    done => break step(cx, t, done),
                },
            }
        };
        // Resolve backwards: each bucket's answer comes from its target's.
        for (k, &b) in walk.iter().enumerate().rev() {
            memo[b] = tail;
            if k > 0 {
                tail = step(cx, b, tail);
            }
        }
    }
    memo
}

/// The answer for a bucket whose target is `t`, given `t`'s own answer.
fn step(cx: &Ctx<'_>, t: usize, downstream: Reach) -> Reach {
    match (in_dr_region(cx, t), downstream) {
        (Some(true), _) | (_, Reach::Yes) => Reach::Yes,
        (None, _) => Reach::Unknown,
        (Some(false), r) => r,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !applies(cx) {
        return;
    }
    let memo = reach(cx);
    let dr = dr_regions(cx);
    for (i, nd) in cx.design.nodes.iter().enumerate() {
        if !nd.is(NodeKind::Oss) || !in_primary_region(cx, i) || memo[i] != Reach::No {
            continue;
        }
        let id = show(&nd.id);
        let region = show(region_id(cx, i).unwrap_or_default());
        let help = if dr.is_empty() {
            text!(
                "add a region with \"role\": \"dr\", a bucket there, and \"replicates_to\" naming it on `{id}`",
                "增加一个 \"role\": \"dr\" 的地域并在其中创建 Bucket，再在 `{id}` 上用 \"replicates_to\" 指向它"
            )
        } else {
            text!(
                "set \"replicates_to\" on `{id}` to a bucket in {dr} (or to a bucket that replicates there)",
                "在 `{id}` 上设置 \"replicates_to\"，指向 {dr} 中的 Bucket（或指向会再复制到那里的 Bucket）"
            )
        };
        match &nd.replicates_to {
            None => out.report(
                Some(&nd.id),
                nd.ptr.as_str(),
                text!(
                    "bucket `{id}` in primary region `{region}` is not replicated to a dr region (no \"replicates_to\")",
                    "主地域 `{region}` 中的 Bucket `{id}` 没有复制到灾备地域（未设置 \"replicates_to\"）"
                ),
                help,
            ),
            Some(r) => {
                let target = show(&r.id);
                out.report(
                    Some(&nd.id),
                    r.ptr.as_str(),
                    text!(
                        "bucket `{id}` in primary region `{region}` replicates to `{target}`, but its objects never reach a bucket in a dr region",
                        "主地域 `{region}` 中的 Bucket `{id}` 复制到 `{target}`，但其对象始终到不了灾备地域的 Bucket"
                    ),
                    help,
                );
            }
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::model::ptr_join;
    let dr = super::the_dr_region(cx)?;
    let mut end = cx.node_index(f.target.as_deref()?)?;
    // The chain's last bucket gets the replication: the copies before it keep theirs.
    let mut steps = 0;
    while let Some(r) = &cx.node(end).replicates_to {
        end = cx
            .node_index(&r.id)
            .filter(|&t| cx.node(t).is(NodeKind::Oss))?;
        steps += 1;
        if steps > cx.design.nodes.len() {
            return None; // a cycle: where it should be cut is a choice
        }
    }
    let last = cx.node(end);
    let to = &cx.design.regions[dr].id;
    let id = crate::rules::helpers::fix_parts::fresh_id_besides(
        cx,
        &alloc::format!("{}-{to}", last.id),
        &[],
    );
    let (new, from, to) = (show(&id), show(&last.id), show(to));
    Some(Fix::unsafe_(
        text!(
            "add bucket `{new}` in DR region `{to}` and replicate `{from}` to it",
            "在灾备地域 `{to}` 增加 Bucket `{new}`，并让 `{from}` 复制到它"
        ),
        vec![
            Edit::Set {
                at: ptr_join(&last.ptr, "replicates_to"),
                value: Json::str(&id),
            },
            Edit::Push {
                array: "/nodes".into(),
                value: Json::obj([
                    ("id", Json::Str(id.clone())),
                    ("kind", Json::str("oss")),
                    ("region", Json::Str(cx.design.regions[dr].id.clone())),
                ]),
            },
        ],
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
    if !h::any(cx, NodeKind::Oss) {
        return f.not_applicable("no OSS bucket", "没有 OSS 存储桶");
    }
    let mut g = GapBuilder::new(&h::NO_REGION);
    for (i, _) in h::nodes(cx, NodeKind::Oss) {
        h::regionless(cx, i, &mut g);
    }
    f.push(g);
}
