use crate::index::Ctx;
use crate::model::{ptr_join, Auth, NodeKind};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An API gateway (`apigw`) with `"auth": "none"`. An absent `auth` is not judged.
    ///
    /// ## Why
    /// The gateway is the entry point of every client request. Without authentication any
    /// caller who finds an API can invoke the business services behind it; the gateway's JWT,
    /// AK/SK signing or Basic authentication stops anonymous calls before they reach the
    /// backends.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api", "kind": "apigw", "region": "hz", "auth": "none", "rate_limit": true } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api", "kind": "apigw", "region": "hz", "auth": "jwt", "rate_limit": true } ] }
    /// ```
    ///
    /// ## Source
    /// The API gateway article (`003_fc32869f8239349d.txt`), section "4.2、鉴权"
    /// (authentication) among the gateway's core capabilities: it can verify JWTs against a
    /// hosted public JWK, require requests signed with an AK/SK pair bound to the API, or use
    /// Basic authentication.
    pub struct GatewayWithoutAuth {
        code: "AG001",
        name: "gateway-without-auth",
        severity: Warning,
        summary: ("An API gateway does not authenticate callers", "API 网关未对调用方鉴权"),
        zh: "## 检查内容\n\
`\"auth\": \"none\"` 的 API 网关（`apigw`）。未写 `auth` 时不做判断。\n\
\n\
## 原因\n\
网关是所有客户端请求的入口。不鉴权时，任何找到 API 的调用方都能调用其后的业务服务；网关提供的 JWT、AK/SK 签名或 Basic 认证可以在请求到达后端之前拦下匿名调用。\n\
\n\
## 依据\n\
API 网关一文（`003_fc32869f8239349d.txt`）在网关核心能力中的“4.2、鉴权”一节：网关可以用托管的公钥 JWK 校验 JWT，可以要求请求使用与 API 绑定授权的 AK/SK 签名，也支持 Basic 认证。",
        check: check,
        fix_note: (
            "none: which authentication fits the callers — JWT, AK/SK signatures or Basic — is the API's choice",
            "无：采用哪种鉴权（JWT、AK/SK 签名或 Basic）取决于调用方，由 API 决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Apigw) || n.auth != Some(Auth::None) {
            continue;
        }
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "auth"),
            text!(
                "API gateway `{id}` has \"auth\": \"none\": anyone who finds its APIs can call the services behind it",
                "API 网关 `{id}` 设置了 \"auth\": \"none\"：任何找到其 API 的人都能调用其后的服务"
            ),
            text!(
                "set \"auth\" of `{id}` to \"jwt\", \"aksk\" or \"basic\"",
                "把 `{id}` 的 \"auth\" 设为 \"jwt\"、\"aksk\" 或 \"basic\""
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::Lack;
    use crate::rules::helpers::facts as h;
    static AUTH: Lack = Lack::new(
        "API gateway {id} does not say how it authenticates callers (auth)",
        "API 网关 {id} 没有写调用方认证方式（auth）",
        "{n} API gateways do not say how they authenticate callers (auth)",
        "{n} 个 API 网关没有写调用方认证方式（auth）",
    );
    let kind = crate::model::NodeKind::Apigw;
    h::lacking(
        cx,
        f,
        kind,
        ("no API gateway", "没有 API 网关"),
        &AUTH,
        |n| n.auth.is_none(),
    );
}
