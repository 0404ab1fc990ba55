use alloc::vec::Vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind, Protocol};
use crate::net::{flow_protocol, node_accepts, From, Verdict};
use crate::rule::{Finding, Sink};
use crate::rules::helpers::quoted;
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
        fix: fix,
        fix_note: (
            "safe or unsafe: adds the other ECS of the backend's module (same region, admitted by their security groups) to the backends — safe; when the module has no other, adds a second ECS like the backend in another zone and makes it a backend — unsafe",
            "安全或不安全：把后端所在模块的其他 ECS（同一地域、其安全组放行该 SLB）加入后端——安全；模块没有其他 ECS 时，在另一个可用区增加一台与后端相同的 ECS 并加入后端——不安全"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let s = cx.node_index(f.target.as_deref()?)?;
    let slb = cx.node(s);
    let b = cx.node_index(&slb.backends.as_ref()?.first()?.id)?;
    if !cx.is_ecs(b) {
        return None;
    }
    let bn = cx.node(b);
    let region = cx.node_region[b]?;
    // What the SLB sends to each backend: (protocol, port) of every listener.
    let ports: Vec<(Protocol, u16)> = slb
        .listeners
        .iter()
        .filter_map(|l| {
            Some((
                flow_protocol(l.protocol.as_deref()),
                l.effective_backend_port()?,
            ))
        })
        .collect();
    let admits = |j: usize| {
        cx.node_groups[j].is_empty()
            || ports
                .iter()
                .all(|&(pr, p)| node_accepts(cx, j, pr, p, From::Node(s)) != Verdict::No)
    };
    let others: Vec<&str> = (0..cx.design.nodes.len())
        .filter(|&j| {
            let n = cx.node(j);
            j != b
                && cx.is_ecs(j)
                && n.role == bn.role
                && n.module_name() == bn.module_name()
                && n.id != bn.id
                && cx.node_region[j] == Some(region)
                && cx.node_index(&n.id) == Some(j)
                && admits(j)
        })
        .map(|j| cx.node(j).id.as_str())
        .collect();
    if others.is_empty() {
        return super::replica_fix(cx, b);
    }
    let id = &slb.id;
    let (en, zh) = (quoted(&others, ", "), quoted(&others, "、"));
    let at = ptr_join(&slb.ptr, "backends");
    Some(Fix::safe(
        text!(
            "add {en} to the backends of `{id}`",
            "把 {zh} 加入 `{id}` 的后端"
        ),
        others
            .iter()
            .map(|o| Edit::Push {
                array: at.clone(),
                value: Json::str(o),
            })
            .collect(),
    ))
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

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    if !h::any(cx, crate::model::NodeKind::Slb) {
        return f.not_applicable("no SLB", "没有 SLB");
    }
    h::slb_backends(cx, f);
}
