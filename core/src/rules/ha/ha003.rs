use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An SLB whose `backends` name exactly one server (an id listed twice counts once).
    ///
    /// ## Why
    /// The load balancer itself is served from two zones, but with a single backend every
    /// request still ends on one ECS: when it fails, the SLB has nowhere to send traffic.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ],
    ///                "backends": [ "web-1" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Source
    /// "Financial cloud SLB features": an SLB can be opened with a single backend server and
    /// will run normally, but the guide points out that this leaves a single point of failure.
    pub struct SingleBackendSlb {
        code: "HA003",
        name: "single-backend-slb",
        severity: Warning,
        summary: ("An SLB has only one backend server", "SLB 只有一台后端服务器"),
        zh: "## 检查内容\n\
SLB 的 `backends` 中只有一台服务器（同一个 id 重复出现只算一次）。\n\
\n\
## 原因\n\
SLB 本身由两个可用区提供服务，但只有一台后端时，所有请求最终都落在同一台 ECS 上：它一旦故障，SLB 就无处转发流量。\n\
\n\
## 依据\n\
“金融云SLB特性”一节：SLB 只挂一台后端服务器也能正常运行，但指南指出这样存在单点风险。",
        check: check,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Slb) {
            continue;
        }
        let Some(backends) = &n.backends else {
            continue;
        };
        let mut ids: Vec<&str> = backends.iter().map(|b| b.id.as_str()).collect();
        crate::sort::sort(&mut ids);
        ids.dedup();
        let [only] = ids[..] else {
            continue;
        };
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "backends"),
            text!(
                "SLB `{id}` has a single backend, `{only}`: when that server fails the load balancer has nowhere to send traffic",
                "SLB `{id}` 只有一台后端服务器 `{only}`：这台服务器故障时负载均衡无处转发流量"
            ),
            text!(
                "add at least one more ECS of the same module, in another zone, to the backends of `{id}`",
                "在 `{id}` 的后端中再加入至少一台同模块的 ECS，并放在另一个可用区"
            ),
        );
    }
}
