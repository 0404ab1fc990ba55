use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every business module (the production ECS that share a `module` value; an ECS without
    /// `module` is a module of its own) must run on at least two instances.
    ///
    /// ## Why
    /// A module on one ECS stops the whole system when that instance, its host or its zone
    /// fails. Two or more interchangeable instances behind a load balancer survive the loss of
    /// any one of them.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// The guide recommends deploying every business module on at least two ECS instances,
    /// fronted by a public or private SLB; otherwise the system as a whole has a single point
    /// of failure.
    pub struct SingleInstanceModule {
        code: "HA001",
        name: "single-instance-module",
        severity: Warning,
        summary: ("A business module runs on a single ECS", "业务模块只部署在一台 ECS 上"),
        zh: "## 检查内容\n\
每个业务模块（`module` 相同的生产 ECS；未写 `module` 的 ECS 自成一个模块）至少要部署在两台实例上。\n\
\n\
## 原因\n\
只有一台 ECS 的模块，在这台实例、其宿主机或所在可用区出现故障时会导致整个系统中断。两台及以上可互相替代的实例放在负载均衡之后，任何一台失效都不影响服务。\n\
\n\
## 依据\n\
指南建议每个业务模块至少部署在两台 ECS 上，并在前端部署公网或私网 SLB，否则整个系统存在单点。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds a second ECS of the module, like the first (size, groups, software settings), in another zone of its region (in its own zone when it has no other place: a single zone, or a VPC without a vSwitch of its tier elsewhere), and makes it a backend of the SLBs in front of the first; its links are not copied; none while an SLB's traffic to the first is blocked",
            "不安全：增加该模块的第二台 ECS，配置与第一台相同（规格、安全组、软件设置），放在所在地域的另一个可用区（没有别处可放时——只有一个可用区，或专有网络在别处没有同层级的交换机——放在同一可用区），并加入第一台所在 SLB 的后端；连线不会复制；SLB 到第一台的流量被拦截时不修复"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    super::replica_fix(cx, cx.node_index(f.target.as_deref()?)?)
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (module, members) in cx.modules.iter() {
        if let [only] = members[..] {
            let n = cx.node(only);
            let id = &n.id;
            out.report(
                Some(id),
                n.ptr.as_str(),
                text!(
                    "module `{module}` runs only on `{id}`: that ECS is a single point of failure",
                    "模块 `{module}` 只部署在 `{id}` 一台 ECS 上，存在单点故障"
                ),
                text!(
                    "add a second ECS with \"module\": \"{module}\", in another zone, behind an SLB",
                    "再增加一台 \"module\": \"{module}\" 的 ECS，放在另一个可用区，并通过 SLB 接入"
                ),
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    h::production(cx, f);
}
