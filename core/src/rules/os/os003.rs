use crate::index::{Ctx, Endpoint};
use crate::model::{NodeKind, OssNetwork};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A link from `internet` to an `internal` bucket (the default `network`). One finding per
    /// link.
    ///
    /// ## Why
    /// An internal bucket is physically separated from the public network: internet clients
    /// cannot reach it at all, whatever its ACL. The flow the design draws cannot happen.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "static", "kind": "oss", "region": "hz" } ],
    ///   "links": [ { "from": "internet", "to": "static", "port": 443 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "static", "kind": "oss", "region": "hz", "network": "external" } ],
    ///   "links": [ { "from": "internet", "to": "static", "port": 443 } ] }
    /// ```
    ///
    /// ## Source
    /// OSS chapter, the list of characteristics of OSS in financial-cloud regions, item 1: by
    /// default a bucket can be accessed only inside the financial cloud and is physically
    /// isolated from the public network; serving the public needs a bucket of the external type.
    pub struct InternetToInternalBucket {
        code: "OS003",
        name: "internet-to-internal-bucket",
        severity: Error,
        summary: ("The internet links to an internal bucket", "互联网连线指向内网 Bucket"),
        zh: "## 检查内容\n\
从 `internet` 指向 `internal` 类型 Bucket（`network` 的默认值）的连线，每条连线报告一次。\n\
\n\
## 原因\n\
内网 Bucket 与公网物理隔离：无论 ACL 如何设置，互联网客户端都无法访问它。设计中画出的这条访问路径不可能实现。\n\
\n\
## 依据\n\
OSS 一章中“金融云地域 OSS 服务的特点”列表第 1 条：默认 Bucket 只能在金融云内部访问，与公网物理隔离；需要面向公网提供服务时，要创建外网类型的 Bucket。",
        check: check,
        fix_note: (
            "none: no setting lets the internet reach an internal bucket; whether to create an external bucket or serve the files through ECS behind an SLB is the design's choice",
            "无：没有任何设置能让互联网访问内网 Bucket；是新建外网 Bucket，还是经 SLB 后的 ECS 提供文件，由设计决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !n.is(NodeKind::Oss) || n.oss_network != OssNetwork::Internal {
            continue;
        }
        let id = &n.id;
        for f in cx.flows_to(i) {
            if f.from != Endpoint::Internet {
                continue;
            }
            out.report(
                Some(id),
                f.ptr,
                text!(
                    "a link goes from `internet` to bucket `{id}`, but `{id}` is internal: internal buckets are isolated from the public network",
                    "有一条从 `internet` 到 Bucket `{id}` 的连线，但 `{id}` 是内网 Bucket：内网 Bucket 与公网隔离"
                ),
                text!(
                    "make `{id}` an \"external\" bucket, or let internet users reach ECS behind an SLB that fetch from `{id}`",
                    "把 `{id}` 改为 \"external\" 类型，或让互联网用户访问 SLB 后的 ECS，由 ECS 从 `{id}` 读取"
                ),
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    if !h::any(cx, crate::model::NodeKind::Oss) {
        f.not_applicable("no OSS bucket", "没有 OSS 存储桶");
    }
}
