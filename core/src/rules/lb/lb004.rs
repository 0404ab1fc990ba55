use super::{finding_listener, listener_name, slbs};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An SLB listener with protocol `https` whose `certificate` is not `true`. Here an absent
    /// `certificate` counts as missing: an HTTPS listener cannot exist without one.
    ///
    /// ## Why
    /// An HTTPS listener terminates TLS on the load balancer, so the site's certificate must be
    /// uploaded to and managed on the SLB. Without it the listener cannot be created. To keep TLS
    /// on the ECS instead, balance port 443 as plain TCP.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "https", "port": 443, "backend_port": 80 } ],
    ///                "backends": [ "web-1" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "https", "port": 443, "backend_port": 80,
    ///                                 "certificate": true } ],
    ///                "backends": [ "web-1" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's list of financial-cloud SLB features (item 5): layer-7 balancing supports HTTP
    /// and HTTPS, and for HTTPS the security certificate has to be hosted on the SLB. Its FAQ on
    /// HTTPS offers the alternative of a TCP listener on port 443.
    pub struct HttpsWithoutCertificate {
        code: "LB004",
        name: "https-without-certificate",
        severity: Error,
        summary: (
            "An HTTPS listener has no certificate hosted on the SLB",
            "HTTPS 监听没有在 SLB 上托管证书"
        ),
        zh: "## 检查内容\n\
协议为 `https`、而 `certificate` 不为 `true` 的 SLB 监听。这里未写 `certificate` 也视为缺少证书：HTTPS 监听离不开证书。\n\
\n\
## 原因\n\
HTTPS 监听在负载均衡上终止 TLS，因此网站证书必须上传并托管在 SLB 上，否则监听无法创建。如果想在 ECS 上终止 TLS，应把 443 端口按普通 TCP 做负载均衡。\n\
\n\
## 依据\n\
指南列出的金融云 SLB 特性（第 5 条）：七层负载均衡支持 HTTP 和 HTTPS，使用 HTTPS 时安全证书需要托管在 SLB 上。关于 HTTPS 的常见问题还给出了另一种做法：使用 TCP 协议的 443 端口监听。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets \"certificate\": true (the site's certificate still has to be uploaded to the SLB)",
            "安全：设置 \"certificate\": true（网站证书仍需上传到 SLB）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (_, slb) in slbs(cx) {
        let id = &slb.id;
        for l in &slb.listeners {
            if l.protocol.as_deref() != Some("https") || l.certificate == Some(true) {
                continue;
            }
            let name = listener_name(l);
            let (ptr, message) = match l.certificate {
                Some(_) => (
                    ptr_join(&l.ptr, "certificate"),
                    text!(
                        "https listener `{name}` of SLB `{id}` has \"certificate\": false: an HTTPS listener needs its certificate hosted on the SLB",
                        "SLB `{id}` 的 https 监听 `{name}` 写明 \"certificate\": false：HTTPS 监听需要把证书托管在 SLB 上"
                    ),
                ),
                None => (
                    l.ptr.clone(),
                    text!(
                        "https listener `{name}` of SLB `{id}` has no certificate: an HTTPS listener needs its certificate hosted on the SLB",
                        "SLB `{id}` 的 https 监听 `{name}` 没有证书：HTTPS 监听需要把证书托管在 SLB 上"
                    ),
                ),
            };
            out.report(
                Some(id),
                ptr,
                message,
                text!(
                    "upload the site's certificate to `{id}` and set \"certificate\": true, or use a \"tcp\" listener on port 443 to terminate TLS on the ECS",
                    "把网站证书上传到 `{id}` 并设置 \"certificate\": true；或者改用 443 端口的 \"tcp\" 监听，在 ECS 上终止 TLS"
                ),
            );
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let (_, slb, l) = finding_listener(cx, f)?;
    let (id, name) = (&slb.id, listener_name(l));
    Some(Fix::safe(
        text!(
            "set \"certificate\": true on https listener `{name}` of `{id}`",
            "在 `{id}` 的 https 监听 `{name}` 上设置 \"certificate\": true"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&l.ptr, "certificate"),
            value: Json::Bool(true),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    crate::rules::helpers::facts::listener_protocols(cx, f);
}
