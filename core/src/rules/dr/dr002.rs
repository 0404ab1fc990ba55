use crate::ordmap::OrdSet;

use super::{applies, dr_regions, in_dr_region};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::rules::df::show;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the design claims `dr: "two-region"` or `"two-region-three-center"`: every business
    /// module reachable from the internet through an SLB (a link from `internet` to an SLB whose
    /// `backends` include production ECS of the module) must also have at least one ECS of the
    /// same `module` in a `dr` region that is the backend of an SLB.
    ///
    /// ## Why
    /// A database copy alone does not bring the service back after the loss of the primary
    /// region: something has to answer the users. The DR region needs its own load balancer
    /// and instances of each public module, ready for DNS to switch traffic to them.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz", "backends": ["web-1"] },
    ///              { "id": "dns", "kind": "dns", "failover": true } ],
    ///   "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz", "backends": ["web-1"] },
    ///              { "id": "web-qd", "kind": "ecs", "module": "web", "zone": "qd-a" },
    ///              { "id": "slb-web-qd", "kind": "slb", "region": "qd", "backends": ["web-qd"] },
    ///              { "id": "dns", "kind": "dns", "failover": true } ],
    ///   "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }
    /// ```
    ///
    /// ## Source
    /// In "Financial-cloud RDS features" (item 6), the guide says that to keep the business
    /// system available, not just the data, one must also deploy SLB and ECS in Qingdao — the
    /// same or a reduced configuration and number — and, after a disaster that takes out the
    /// Hangzhou region, switch to Qingdao through DNS.
    pub struct MissingDrCompute {
        code: "DR002",
        name: "missing-dr-compute",
        severity: Warning,
        summary: (
            "A public module has no instances behind an SLB in the DR region",
            "对外服务的模块在灾备地域没有挂在 SLB 后的实例"
        ),
        zh: "## 检查内容\n\
当设计声明 `dr: \"two-region\"` 或 `\"two-region-three-center\"` 时：凡是能经 SLB 从互联网访问到的业务模块（存在从 `internet` 指向某个 SLB 的连线，且该 SLB 的 `backends` 含有该模块的生产 ECS），都必须在 `dr` 地域中至少有一台同一 `module` 的 ECS，并且作为某个 SLB 的后端。\n\
\n\
## 原因\n\
只有数据库副本并不能在主地域失效后恢复服务：还需要有实例来响应用户。灾备地域需要自己的负载均衡和每个对外模块的实例，随时可以通过 DNS 把流量切换过去。\n\
\n\
## 依据\n\
据指南“金融云RDS产品特性”第 6 条，要让整个业务系统（而不只是数据）在地域级灾难后继续可用，除了青岛的 RDS 灾备实例，还得在青岛准备 SLB 和 ECS，规模和配置可以与杭州相同，也可以缩减；杭州出现地域级灾难时，用 DNS 把用户引到青岛。",
        check: check,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !applies(cx) {
        return;
    }
    let nodes = &cx.design.nodes;
    // Modules with an ECS behind an SLB in a dr region; and those whose region is unknown.
    let mut covered: OrdSet<&str> = OrdSet::new();
    let mut unknown: OrdSet<&str> = OrdSet::new();
    for nd in nodes.iter().filter(|n| n.is(NodeKind::Slb)) {
        for b in nd.backends.iter().flatten() {
            let Some(e) = cx.node_index(&b.id) else {
                continue;
            };
            let en = cx.node(e);
            if !en.is(NodeKind::Ecs) {
                continue;
            }
            match in_dr_region(cx, e) {
                Some(true) => {
                    covered.add(en.module_name());
                }
                None => {
                    unknown.add(en.module_name());
                }
                Some(false) => {}
            }
        }
    }
    let dr = dr_regions(cx);
    let mut reported: OrdSet<&str> = OrdSet::new();
    for (s, slb) in nodes.iter().enumerate() {
        if !slb.is(NodeKind::Slb) || !cx.flows_to(s).any(|f| f.from == Endpoint::Internet) {
            continue;
        }
        for b in slb.backends.iter().flatten() {
            let Some(e) = cx.node_index(&b.id) else {
                continue;
            };
            if !cx.production.get(e).copied().unwrap_or(false) {
                continue;
            }
            let en = cx.node(e);
            let m = en.module_name();
            if covered.contains(m) || unknown.contains(m) || !reported.add(m) {
                continue;
            }
            let (module, slb_id) = (show(m), show(&slb.id));
            let pointer = if en.module.is_some() {
                ptr_join(&en.ptr, "module")
            } else {
                en.ptr.clone()
            };
            let help = if dr.is_empty() {
                text!(
                    "add a region with \"role\": \"dr\" and deploy ECS with \"module\": \"{module}\" there (same or reduced size and number) behind an SLB, for DNS to switch to",
                    "增加一个 \"role\": \"dr\" 的地域，在其中部署 \"module\": \"{module}\" 的 ECS（配置和数量可相同或降低）并挂到 SLB 后，供 DNS 切换"
                )
            } else {
                text!(
                    "deploy ECS with \"module\": \"{module}\" in {dr} (same or reduced size and number) behind an SLB there, for DNS to switch to",
                    "在 {dr} 部署 \"module\": \"{module}\" 的 ECS（配置和数量可相同或降低）并挂到那里的 SLB 后，供 DNS 切换"
                )
            };
            out.report(
                Some(&en.id),
                pointer,
                text!(
                    "module `{module}` is reachable from the internet through SLB `{slb_id}`, but no ECS of `{module}` sits behind an SLB in a dr region",
                    "模块 `{module}` 经 SLB `{slb_id}` 对互联网提供服务，但灾备地域中没有挂在 SLB 后的 `{module}` ECS"
                ),
                help,
            );
        }
    }
}
