use crate::index::Ctx;
use crate::model::{ptr_join, Acl, NodeKind, OssNetwork};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An `internal` bucket (the default `network`) whose `acl` is `public-read` or
    /// `public-read-write`.
    ///
    /// ## Why
    /// A public ACL on an internal bucket does not do what it seems to: internet users still
    /// cannot reach the bucket, yet every other tenant of the financial cloud now can. If the
    /// content is meant for the internet, the design is broken; if it is not, it is exposed to
    /// strangers inside the cloud.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files", "kind": "oss", "region": "hz", "acl": "public-read" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "files", "kind": "oss", "region": "hz", "acl": "private" } ] }
    /// ```
    ///
    /// ## Source
    /// OSS chapter, the list of characteristics of OSS in financial-cloud regions, item 2:
    /// setting a default (internal-only) bucket to public only opens it to other users inside the
    /// financial cloud, not to internet users; serving it to the internet needs ECS forwarding
    /// behind an SLB (e.g. Nginx) or the public cloud's OSS.
    pub struct InternalBucketPublic {
        code: "OS001",
        name: "internal-bucket-public",
        severity: Warning,
        summary: ("An internal bucket has a public ACL", "内网 Bucket 设置了公共读写权限"),
        zh: "## 检查内容\n\
`internal` 类型的 Bucket（`network` 的默认值）的 `acl` 为 `public-read` 或 `public-read-write`。\n\
\n\
## 原因\n\
内网 Bucket 的公共权限达不到看上去的效果：互联网用户依然无法访问，而金融云里的其他租户却都可以访问。如果内容本来要给互联网用户，设计就行不通；如果不是，数据就暴露给了云内的陌生人。\n\
\n\
## 依据\n\
OSS 一章中“金融云地域 OSS 服务的特点”列表第 2 条：把默认的纯内网 Bucket 设为公共权限，只是让金融云内部的其他用户可以访问，互联网用户仍不能访问；要对互联网提供服务，需要由 ECS 转发（如 Nginx）并通过 SLB 提供，或直接使用公共云 OSS。",
        check: check,
        fix: super::acl_private,
        fix_note: (
            "safe: sets \"acl\": \"private\" (files meant for internet users belong in an external bucket, or behind ECS and an SLB)",
            "安全：设置 \"acl\": \"private\"（要给互联网用户的文件应放在外网 Bucket，或经 SLB 后的 ECS 提供）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Oss) || n.oss_network != OssNetwork::Internal {
            continue;
        }
        let acl = match n.acl {
            Acl::Private => continue,
            Acl::PublicRead => "public-read",
            Acl::PublicReadWrite => "public-read-write",
        };
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "acl"),
            text!(
                "internal bucket `{id}` is `{acl}`: every tenant of the financial cloud can access it, while internet users still cannot",
                "内网 Bucket `{id}` 的权限是 `{acl}`：金融云内的所有租户都能访问它，而互联网用户仍然无法访问"
            ),
            text!(
                "set \"acl\": \"private\" on `{id}`; to publish its files on the internet, use an \"external\" bucket or serve them through ECS behind an SLB",
                "把 `{id}` 设为 \"acl\": \"private\"；如需向互联网发布文件，请使用 \"external\" 类型的 Bucket，或通过 SLB 后的 ECS 转发"
            ),
        );
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
