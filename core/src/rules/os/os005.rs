use alloc::vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, DrLevel, NodeKind, Redundancy};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A design that claims two regions and three centres (`"dr":
    /// "two-region-three-center"`) with a bucket in a primary region whose `redundancy` is
    /// `lrs`: its data is kept in one zone only. A bucket without `redundancy`, or in a `dr`
    /// region, is not reported; at the other DR levels the source asks nothing of a bucket's
    /// zones, and the rule is silent.
    ///
    /// ## Why
    /// Of the three centres, two are data centres (zones) of the production city: the
    /// production centre and the same-city DR centre, both active. The scheme copies the
    /// files in object storage from the production centre to the same-city centre before
    /// the copy to the remote region. Locally redundant storage keeps every copy in one zone,
    /// so the same-city centre has no files of its own and the loss of one data centre
    /// leaves the application without them until the remote site takes over.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region-three-center",
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "files", "kind": "oss", "region": "hz", "redundancy": "lrs" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region-three-center",
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "files", "kind": "oss", "region": "hz", "redundancy": "zrs" } ] }
    /// ```
    ///
    /// ## Source
    /// The disaster-recovery chapter, "two regions, three centres", item 2 (data replication):
    /// OSS copies the data one way and in series, from the Hangzhou production centre to the
    /// Hangzhou same-city DR centre and on to the Qingdao remote DR centre; item 1 places the
    /// production and the same-city centre in two machine rooms of Hangzhou.
    pub struct BucketSingleZone {
        code: "OS005",
        name: "bucket-single-zone",
        severity: Warning,
        summary: (
            "A bucket of a two-region three-centre design keeps its data in one zone",
            "两地三中心设计中的 Bucket 只在一个可用区保存数据"
        ),
        zh: "## 检查内容\n\
设计声称两地三中心（`\"dr\": \"two-region-three-center\"`），而主地域中某个 Bucket 的 `redundancy` 为 `lrs`：其数据只保存在一个可用区。未写 `redundancy` 或位于 `dr` 地域的 Bucket 不报告；在其他容灾级别下，依据并未对 Bucket 的可用区提出要求，本规则不检查。\n\
\n\
## 原因\n\
三个中心中有两个是生产城市的机房（可用区）：生产中心和同城灾备中心，两者都处于运行状态。该方案先把对象存储中的文件从生产中心复制到同城中心，再复制到异地。本地冗余存储把所有副本放在一个可用区，同城中心没有自己的文件副本，一个机房故障时应用就会失去这些文件，直到异地站点接管。\n\
\n\
## 依据\n\
容灾一章“两地三中心”第 2 条（数据复制方式）：OSS 实现从杭州生产中心到杭州同城灾备中心、再到青岛异地灾备中心的单向串级数据复制；第 1 条说明生产中心与同城灾备中心是杭州的两个机房。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: sets \"redundancy\": \"zrs\" — zone-redundant storage costs more than \"lrs\"",
            "不安全：设置 \"redundancy\": \"zrs\"——同城冗余存储的费用高于 \"lrs\""
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    if d.dr != DrLevel::TwoRegionThreeCenter {
        return;
    }
    for (i, n) in d.nodes.iter().enumerate() {
        if !n.is(NodeKind::Oss)
            || n.redundancy != Some(Redundancy::Lrs)
            || !cx.node_region[i].is_some_and(|r| cx.is_primary_region(r))
        {
            continue;
        }
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "redundancy"),
            text!(
                "bucket `{id}` keeps its data in one zone (`lrs`), but the design claims two regions and three centres, where the files are also kept in the second centre of the city",
                "Bucket `{id}` 的数据只保存在一个可用区（`lrs`），而设计声称两地三中心，文件还应保存在同城的第二个中心"
            ),
            text!(
                "set the \"redundancy\" of `{id}` to \"zrs\" (zone-redundant storage)",
                "把 `{id}` 的 \"redundancy\" 改为 \"zrs\"（同城冗余存储）"
            ),
        );
    }
}

fn fix(_: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let id = f.target.as_deref()?;
    Some(Fix::unsafe_(
        text!(
            "set \"redundancy\": \"zrs\" on bucket `{id}` (zone-redundant storage costs more)",
            "将 Bucket `{id}` 设置为 \"redundancy\": \"zrs\"（同城冗余存储费用更高）"
        ),
        vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::str("zrs"),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static REDUNDANCY: Lack = Lack::new(
        "{id} does not say how it stores its copies (redundancy: lrs or zrs)",
        "{id} 没有写存储冗余类型（redundancy：lrs 或 zrs）",
        "{n} buckets do not say how they store their copies (redundancy: lrs or zrs)",
        "{n} 个存储桶没有写存储冗余类型（redundancy：lrs 或 zrs）",
    );
    use crate::model::{DrLevel, NodeKind};
    if cx.design.dr != DrLevel::TwoRegionThreeCenter {
        return f.not_applicable(
            "the design does not claim two-region-three-center (dr)",
            "设计没有声明两地三中心（dr）",
        );
    }
    if !h::any(cx, NodeKind::Oss) {
        return f.not_applicable("no OSS bucket", "没有 OSS 存储桶");
    }
    let (mut region, mut redundancy) =
        (GapBuilder::new(&h::NO_REGION), GapBuilder::new(&REDUNDANCY));
    for (i, n) in h::nodes(cx, NodeKind::Oss) {
        if cx.node_region[i].is_some_and(|r| !cx.is_primary_region(r)) {
            continue;
        }
        h::regionless(cx, i, &mut region);
        if n.redundancy.is_none() {
            redundancy.add(&n.id, &n.ptr);
        }
    }
    f.push(region);
    f.push(redundancy);
}
