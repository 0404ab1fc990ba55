use crate::index::Ctx;
use crate::model::{ptr_join, Acl, NodeKind, OssNetwork};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Any bucket, internal or external, whose `acl` is `public-read-write`.
    ///
    /// ## Why
    /// Anyone who can reach such a bucket can overwrite or delete its objects and store
    /// anything in it, at the owner's cost: for an external bucket that is the whole internet,
    /// for an internal one every tenant of the financial cloud. Writes belong to the
    /// application, with credentials.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "uploads", "kind": "oss", "region": "hz", "network": "external",
    ///                "acl": "public-read-write" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "uploads", "kind": "oss", "region": "hz", "network": "external",
    ///                "acl": "private" } ] }
    /// ```
    ///
    /// ## Source
    /// OSS chapter, the list of characteristics of OSS in financial-cloud regions: a default
    /// bucket is reachable only inside the financial cloud, a public one by other tenants, and an
    /// external one from the internet. A bucket that every such party may write to is an exposure
    /// in any of these cases.
    pub struct BucketWorldWritable {
        code: "OS002",
        name: "bucket-world-writable",
        severity: Error,
        summary: ("A bucket can be written by anyone", "Bucket 允许任何人写入"),
        zh: "## 检查内容\n\
任何 Bucket（内网或外网类型）的 `acl` 为 `public-read-write`。\n\
\n\
## 原因\n\
能访问到这个 Bucket 的任何人都可以覆盖、删除其中的对象，或往里面存放任意内容，费用由拥有者承担：外网 Bucket 面对整个互联网，内网 Bucket 面对金融云的所有租户。写入应当由应用程序凭密钥完成。\n\
\n\
## 依据\n\
OSS 一章中“金融云地域 OSS 服务的特点”列表：默认 Bucket 只能在金融云内部访问，设为公共权限后其他租户可以访问，外网类型的 Bucket 则面向互联网。无论哪种情况，允许所有这些访问者写入的 Bucket 都是一种暴露。",
        check: check,
        fix: super::acl_private,
        fix_note: (
            "safe: sets \"acl\": \"private\" (if the objects must stay readable, choose \"public-read\" yourself)",
            "安全：设置 \"acl\": \"private\"（对象必须保持可读时，请自行改为 \"public-read\"）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Oss) || n.acl != Acl::PublicReadWrite {
            continue;
        }
        let id = &n.id;
        let (who_en, who_zh) = match n.oss_network {
            OssNetwork::External => ("anyone on the internet", "互联网上的任何人"),
            OssNetwork::Internal => ("any tenant of the financial cloud", "金融云内的任何租户"),
        };
        out.report(
            Some(id),
            ptr_join(&n.ptr, "acl"),
            text!(
                "bucket `{id}` is `public-read-write`: {who_en} can overwrite, delete or add its objects",
                "Bucket `{id}` 的权限是 `public-read-write`：{who_zh}都可以覆盖、删除或添加其中的对象"
            ),
            text!(
                "set \"acl\" of `{id}` to \"private\" (or \"public-read\" if it must be readable) and let the application write with its credentials",
                "把 `{id}` 的 \"acl\" 改为 \"private\"（必须公开读取时用 \"public-read\"），由应用程序凭密钥写入"
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
