use crate::index::Ctx;
use crate::model::{ptr_join, Acl, NodeKind, OssNetwork};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An `external` bucket whose `acl` is `public-read`. (`public-read-write` is OS002's.)
    ///
    /// ## Why
    /// An external bucket is on the internet; with `public-read` anyone who learns or guesses
    /// an object's name can download it, with no credentials and no log of who did. That is
    /// right for a static website and wrong for anything else, so the choice deserves a
    /// second look (and an `ignore` entry with the reason when intended).
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "reports", "kind": "oss", "region": "hz", "network": "external",
    ///                "acl": "public-read" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "reports", "kind": "oss", "region": "hz", "network": "external",
    ///                "acl": "private" } ] }
    /// ```
    ///
    /// ## Source
    /// OSS chapter, the list of characteristics of OSS in financial-cloud regions, item 1: a
    /// bucket that must be accessed from the public network has to be created with the external
    /// type, which faces the internet.
    pub struct ExternalBucketPublicRead {
        code: "OS004",
        name: "external-bucket-public-read",
        severity: Warning,
        summary: ("An external bucket is readable by anyone on the internet", "外网 Bucket 允许互联网上任何人读取"),
        zh: "## 检查内容\n\
`external` 类型 Bucket 的 `acl` 为 `public-read`（`public-read-write` 由 OS002 检查）。\n\
\n\
## 原因\n\
外网 Bucket 直接面向互联网；设为 `public-read` 后，任何知道或猜到对象名的人都能下载，无需凭证，也不会留下是谁下载的记录。这适合静态网站，其他用途则不合适，因此值得再确认一次（确属有意时，用 `ignore` 条目写明理由）。\n\
\n\
## 依据\n\
OSS 一章中“金融云地域 OSS 服务的特点”列表第 1 条：需要从公网访问的 Bucket 必须创建为外网类型，它直接面向互联网。",
        check: check,
        fix: super::acl_private,
        fix_note: (
            "safe: sets \"acl\": \"private\" (downloads then need signed URLs; a static website keeps \"public-read\" with an ignore entry instead)",
            "安全：设置 \"acl\": \"private\"（之后下载需要签名 URL；静态网站应保留 \"public-read\" 并添加 ignore 条目）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Oss) || n.oss_network != OssNetwork::External || n.acl != Acl::PublicRead
        {
            continue;
        }
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "acl"),
            text!(
                "external bucket `{id}` is `public-read`: anyone on the internet can download its objects without credentials",
                "外网 Bucket `{id}` 的权限是 `public-read`：互联网上的任何人都可以不经认证下载其中的对象"
            ),
            text!(
                "set \"acl\" of `{id}` to \"private\" and hand out signed URLs, unless it is a static website (then add an ignore entry saying so)",
                "把 `{id}` 的 \"acl\" 改为 \"private\" 并使用签名 URL 分发；如果它是静态网站，请添加 ignore 条目说明原因"
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
