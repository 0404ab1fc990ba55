use alloc::string::String;

use crate::index::{Ctx, Endpoint};
use crate::model::{EcsRole, NodeKind};
use crate::rule::Sink;
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
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ],
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
    }
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
