use alloc::vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An API gateway (`apigw`) with `"rate_limit": false`. An absent `rate_limit` is not
    /// judged.
    ///
    /// ## Why
    /// Flow control is what keeps a burst of requests, a misbehaving client or an attack from
    /// overloading the services behind the gateway. Without it every request is passed on, and
    /// the backends fail under load they could have been shielded from.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api", "kind": "apigw", "region": "hz", "auth": "aksk", "rate_limit": false } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api", "kind": "apigw", "region": "hz", "auth": "aksk", "rate_limit": true } ] }
    /// ```
    ///
    /// ## Source
    /// The API gateway article (`003_fc32869f8239349d.txt`), section "4.1、流控" (flow control):
    /// flow control is a basic gateway capability that protects backend services from
    /// overload; limits can be set per API, per second, minute, hour or day, per app or user,
    /// or by request parameters such as the user id or the client IP.
    pub struct GatewayWithoutRateLimit {
        code: "AG002",
        name: "gateway-without-rate-limit",
        severity: Warning,
        summary: ("An API gateway has no flow control", "API 网关没有开启流控"),
        zh: "## 检查内容\n\
`\"rate_limit\": false` 的 API 网关（`apigw`）。未写 `rate_limit` 时不做判断。\n\
\n\
## 原因\n\
流控能防止突发请求、异常客户端或攻击压垮网关后面的服务。没有流控时所有请求都会被转发，后端会在本可以挡住的负载下失效。\n\
\n\
## 依据\n\
API 网关一文（`003_fc32869f8239349d.txt`）的“4.1、流控”一节：流控是网关的基本能力，用来保护后端服务免受过载请求；可以按 API、按秒/分钟/小时/天、按应用或用户，或按用户 ID、客户端 IP 等请求参数设置限制。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets \"rate_limit\": true (the limits still have to be sized to what the backends can serve)",
            "安全：设置 \"rate_limit\": true（限流阈值仍需按后端的处理能力设定）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Apigw) || n.rate_limit != Some(false) {
            continue;
        }
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "rate_limit"),
            text!(
                "API gateway `{id}` has \"rate_limit\": false: nothing protects its backends from request floods",
                "API 网关 `{id}` 设置了 \"rate_limit\": false：没有任何机制保护其后端免受请求洪峰冲击"
            ),
            text!(
                "set \"rate_limit\": true on `{id}` and size the limits to what its backends can serve",
                "为 `{id}` 设置 \"rate_limit\": true，并按后端的处理能力设定限流阈值"
            ),
        );
    }
}

fn fix(_: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let id = f.target.as_deref()?;
    Some(Fix::safe(
        text!(
            "set \"rate_limit\": true on API gateway `{id}`",
            "将 API 网关 `{id}` 设置为 \"rate_limit\": true"
        ),
        vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::Bool(true),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::Lack;
    use crate::rules::helpers::facts as h;
    static RATE: Lack = Lack::new(
        "API gateway {id} does not say whether it limits the request rate (rate_limit)",
        "API 网关 {id} 没有写是否开启流量控制（rate_limit）",
        "{n} API gateways do not say whether they limit the request rate (rate_limit)",
        "{n} 个 API 网关没有写是否开启流量控制（rate_limit）",
    );
    let kind = crate::model::NodeKind::Apigw;
    h::lacking(
        cx,
        f,
        kind,
        ("no API gateway", "没有 API 网关"),
        &RATE,
        |n| n.rate_limit.is_none(),
    );
}
