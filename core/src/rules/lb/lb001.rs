use super::{listener_name, slbs};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An SLB listener whose `port` is not one the financial cloud opens on its load balancers:
    /// 80, 443, 2800–3300, 5000–10000 or 13000–14000. Only the front-end `port` is checked; the
    /// `backend_port` the ECS listen on may be anything.
    ///
    /// ## Why
    /// For security and compliance the financial cloud restricts the ports its SLBs may listen
    /// on. A listener on another port cannot be created, so clients would have nothing to
    /// connect to. The service behind it can keep its own port: the listener forwards to any
    /// `backend_port`.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api-1", "kind": "ecs", "zone": "hz-b", "listens": [4000] },
    ///              { "id": "slb-api", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "tcp", "port": 4000 } ], "backends": [ "api-1" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api-1", "kind": "ecs", "zone": "hz-b", "listens": [4000] },
    ///              { "id": "slb-api", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "tcp", "port": 5000, "backend_port": 4000 } ],
    ///                "backends": [ "api-1" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's SLB configuration table (the SLB protocol row) and the FAQ on which ports an
    /// SLB can open: the financial cloud's SLB allows 80, 443, 2800–3300, 5000–10000 and
    /// 13000–14000, and other ports are not supported for now.
    pub struct PortNotAllowed {
        code: "LB001",
        name: "port-not-allowed",
        severity: Error,
        summary: (
            "An SLB listener uses a port the financial cloud does not open",
            "SLB 监听使用了金融云不开放的端口"
        ),
        zh: "## 检查内容\n\
SLB 监听的 `port` 不是金融云负载均衡开放的端口：80、443、2800–3300、5000–10000、13000–14000。只检查前端的 `port`；ECS 实际监听的 `backend_port` 不受限制。\n\
\n\
## 原因\n\
出于安全和合规要求，金融云限制了 SLB 可以监听的端口。其他端口上的监听无法创建，客户端也就无处可连。后端服务可以保留自己的端口：监听可以转发到任意 `backend_port`。\n\
\n\
## 依据\n\
指南的 SLB 配置说明表（SLB 协议一行）以及关于 SLB 可开放端口的常见问题：金融云 SLB 允许 80、443、2800–3300、5000–10000、13000–14000 端口，其他端口暂不支持。",
        check: check,
        fix_note: (
            "none: which allowed port clients should connect to is the application's choice (the backends keep theirs through \"backend_port\")",
            "无：客户端改连哪个允许的端口由应用决定（后端可通过 \"backend_port\" 保留原端口）"
        ),
        facts: facts,
    }
}

/// A port an SLB of the financial cloud may listen on.
pub(crate) fn allowed(p: u16) -> bool {
    matches!(p, 80 | 443 | 2800..=3300 | 5000..=10000 | 13000..=14000)
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (_, slb) in slbs(cx) {
        let id = &slb.id;
        for l in &slb.listeners {
            let Some(port) = l.port else { continue };
            if allowed(port) {
                continue;
            }
            let name = listener_name(l);
            let backend = l.effective_backend_port().unwrap_or(port);
            out.report(
                Some(id),
                ptr_join(&l.ptr, "port"),
                text!(
                    "listener `{name}` of SLB `{id}` uses port {port}, which the financial cloud's SLB does not open (allowed: 80, 443, 2800–3300, 5000–10000, 13000–14000)",
                    "SLB `{id}` 的监听 `{name}` 使用端口 {port}，金融云 SLB 不开放该端口（允许：80、443、2800–3300、5000–10000、13000–14000）"
                ),
                text!(
                    "listen on an allowed port (e.g. 5000, or 80/443 for web traffic) and keep the backends on port {backend} with \"backend_port\": {backend}",
                    "改为监听允许的端口（例如 5000，网站流量用 80/443），并通过 \"backend_port\": {backend} 让后端保持在 {backend} 端口"
                ),
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    if !h::slb_listeners(cx, f) {
        return;
    }
    let mut g = GapBuilder::new(&h::LISTENER_NO_PORT);
    for (_, s) in h::nodes(cx, crate::model::NodeKind::Slb) {
        for l in &s.listeners {
            if l.port.is_none() {
                g.add_with(&l.ptr, &|| h::listener_name(s, l));
            }
        }
    }
    f.push(g);
}
