use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, EcsRole, NodeKind, Scope};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A link that goes straight to one instance of a business module that has two or more
    /// production ECS, when the traffic comes from `internet`, from an `idc` node or from an ECS
    /// of another module (bastions excepted: management traffic goes to each instance on
    /// purpose). Traffic that reaches the module through an SLB or an API gateway is fine, and
    /// so are the flows an SLB's `backends` imply.
    ///
    /// ## Why
    /// Replicas only remove the single point of failure when callers are spread over them by a
    /// load balancer that notices a failed instance. A caller wired to one replica stops
    /// working as soon as that replica does, however many others are healthy.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ],
    ///                "backends": [ "web-1", "web-2" ] } ],
    ///   "links": [ { "from": "internet", "to": "web-1", "port": 80 } ] }
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
    ///                "backends": [ "web-1", "web-2" ] } ],
    ///   "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }
    /// ```
    ///
    /// ## Source
    /// "Building the recommended architecture" in the classic-network ECS guide: each business
    /// module should run on at least two ECS with a public or private SLB in front of them.
    pub struct LoadBalancerBypassed {
        code: "HA002",
        name: "load-balancer-bypassed",
        severity: Warning,
        summary: (
            "A link reaches one replica of a multi-instance module directly, not through an SLB",
            "连线绕过 SLB，直接访问多实例模块中的某一台 ECS"
        ),
        zh: "## 检查内容\n\
某个业务模块有两台及以上生产 ECS，而一条连线从 `internet`、`idc` 节点或其他模块的 ECS 直接指向其中一台（堡垒机除外：运维流量本来就逐台访问）。经由 SLB 或 API 网关到达模块的流量、以及 SLB `backends` 隐含的流量都不算。\n\
\n\
## 原因\n\
多台实例只有在负载均衡把请求分摊到各台、并自动摘除故障实例时才能消除单点。直接连到某一台实例的调用方，在这台实例故障时就会中断，其他实例再健康也无济于事。\n\
\n\
## 依据\n\
经典网络 ECS 指南“搭建金融云推荐架构”一节：每个业务模块至少部署两台 ECS，并在前面放置公网或私网 SLB。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: points the link at the SLB or API gateway that already fronts the module (on the listener port that forwards to the link's port), when exactly one fits",
            "安全：当恰好有一个 SLB 或 API 网关已经位于该模块前面时，把连线改为指向它（端口改为转发到原端口的监听端口）"
        ),
        facts: facts,
    }
}

/// The SLB or API gateway to send the link at `f.pointer` to, and the port the link then uses:
/// the one front of the module that lists every instance of it among its backends (else the
/// one that lists some), not a private SLB for traffic from the internet; when several fit, the
/// public ones for traffic from the internet and the private ones for the rest.
fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let link = cx.design.links.iter().find(|l| l.ptr == f.pointer)?;
    let t = cx.node_index(&link.to.as_ref()?.id)?;
    let source = &link.from.as_ref()?.id;
    let internet = source == "internet";
    let members = cx.modules.get_str(cx.node(t).module_name())?;
    let mut fronts: Vec<(usize, bool)> = Vec::new();
    for (j, nd) in cx.design.nodes.iter().enumerate() {
        let slb = nd.is(NodeKind::Slb);
        if !(slb || nd.is(NodeKind::Apigw)) || (internet && slb && nd.scope == Scope::Private) {
            continue;
        }
        let listed = |m: &usize| nd.backends.iter().flatten().any(|b| b.id == cx.node(*m).id);
        let hits = members.iter().filter(|m| listed(m)).count();
        if hits > 0 {
            fronts.push((j, hits == members.len()));
        }
    }
    if fronts.iter().any(|&(_, all)| all) {
        fronts.retain(|&(_, all)| all);
    }
    if fronts.len() > 1 {
        let wanted = if internet {
            Scope::Public
        } else {
            Scope::Private
        };
        fronts.retain(|&(j, _)| {
            let nd = cx.node(j);
            !nd.is(NodeKind::Slb) || nd.scope == wanted
        });
    }
    let [(j, _)] = fronts[..] else {
        return None;
    };
    let front = cx.node(j);
    // The port: the listener that forwards to the link's port (or the only listener).
    let port = match (link.port, front.is(NodeKind::Slb)) {
        (Some(p), true) => {
            let ls = &front.listeners;
            let l = ls
                .iter()
                .find(|l| l.effective_backend_port() == Some(p))
                .or(if ls.len() == 1 { ls.first() } else { None })?;
            Some(l.port?)
        }
        (p, _) => p,
    };
    let mut edits = vec![Edit::Set {
        at: ptr_join(&link.ptr, "to"),
        value: Json::str(&front.id),
    }];
    let (fid, tid) = (&front.id, &cx.node(t).id);
    let title = match port {
        Some(p) if link.port != port => {
            edits.push(Edit::Set {
                at: ptr_join(&link.ptr, "port"),
                value: Json::Int(i64::from(p)),
            });
            text!(
                "point the link from `{source}` at `{fid}` (port {p}) instead of `{tid}`",
                "把从 `{source}` 出发的连线改为指向 `{fid}`（{p} 端口），不再直连 `{tid}`"
            )
        }
        _ => text!(
            "point the link from `{source}` at `{fid}` instead of `{tid}`",
            "把从 `{source}` 出发的连线改为指向 `{fid}`，不再直连 `{tid}`"
        ),
    };
    Some(Fix::safe(title, edits))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for f in &cx.flows {
        if f.link.is_none() {
            continue;
        }
        let target = cx.node(f.to);
        if !cx.production[f.to] {
            continue;
        }
        let module = target.module_name();
        let count = cx.modules.get_str(module).map_or(0, |m| m.len());
        if count < 2 {
            continue;
        }
        let source: String = match f.from {
            Endpoint::Internet => String::from("internet"),
            Endpoint::Node(s) => {
                let src = cx.node(s);
                let bypass = match src.kind() {
                    NodeKind::Idc => true,
                    NodeKind::Ecs => src.role != EcsRole::Bastion && src.module_name() != module,
                    _ => false,
                };
                if !bypass {
                    continue;
                }
                src.id.clone()
            }
        };
        let id = &target.id;
        out.report(
            Some(id),
            f.ptr,
            text!(
                "`{source}` connects straight to `{id}`, one of the {count} instances of module `{module}`: if `{id}` fails, this traffic stops although the other instances are up",
                "`{source}` 直接连到 `{id}`，它只是模块 `{module}` 的 {count} 台实例之一：`{id}` 故障时这部分流量就会中断，即使其他实例仍在运行"
            ),
            text!(
                "put an SLB (or an API gateway) in front of module `{module}` with all its instances as backends, and point this link at it",
                "在模块 `{module}` 前部署 SLB（或 API 网关），把该模块的所有实例设为后端，并让这条连线指向它"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    h::unplaced(cx, f);
    if h::module_members(cx, 2).next().is_none() {
        f.not_applicable(
            "no module has two or more production ECS",
            "没有两台及以上生产 ECS 的模块",
        );
    }
}
