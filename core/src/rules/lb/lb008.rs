use super::slbs;
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An SLB without backends: `backends` is absent or an empty list. This rule checks a
    /// presence, so an absent `backends` counts.
    ///
    /// ## Why
    /// An SLB only forwards traffic; without a backend ECS it has nowhere to send it, and the
    /// financial cloud does not even open an SLB before at least one ECS exists to put behind
    /// it. (One backend works but is a single point of failure, which HA003 reports.)
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's list of financial-cloud SLB features (item 6): an SLB is opened only when at
    /// least one ECS exists — a single backend server works in normal operation but is a single
    /// point of failure — and the account is verified and funded.
    pub struct EmptyLoadBalancer {
        code: "LB008",
        name: "empty-load-balancer",
        severity: Error,
        summary: (
            "An SLB has no backend servers",
            "SLB 没有后端服务器"
        ),
        zh: "## 检查内容\n\
没有后端的 SLB：`backends` 未写或为空列表。本规则检查的是“是否存在”，所以未写 `backends` 也算。\n\
\n\
## 原因\n\
SLB 只负责转发流量；没有后端 ECS，流量就无处可去，而且在至少有一台 ECS 可以挂到它后面之前，金融云根本不会开通 SLB。（只有一台后端也能工作，但存在单点，由 HA003 报告。）\n\
\n\
## 依据\n\
指南列出的金融云 SLB 特性（第 6 条）：开通 SLB 的前提之一是至少有一台 ECS——正常运行时一台后端服务器也可以，只是存在单点风险；另一个前提是完成实名认证并有足够余额。",
        check: check,
        fix_note: (
            "none: which ECS serve the traffic is the design's choice",
            "无：由哪些 ECS 提供服务由设计决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (_, slb) in slbs(cx) {
        let id = &slb.id;
        let ptr = match &slb.backends {
            Some(b) if !b.is_empty() => continue,
            Some(_) => ptr_join(&slb.ptr, "backends"),
            None => slb.ptr.clone(),
        };
        out.report(
            Some(id),
            ptr,
            text!(
                "SLB `{id}` has no backend: it has nowhere to forward traffic, and an SLB is opened only with at least one ECS behind it",
                "SLB `{id}` 没有后端服务器：流量无处转发，而且至少有一台 ECS 可挂载时才能开通 SLB"
            ),
            text!(
                "list the ECS that serve this traffic in the \"backends\" of `{id}` — two or more, in different zones — or remove the SLB",
                "在 `{id}` 的 \"backends\" 中列出提供该服务的 ECS（两台或以上，分布在不同可用区），或者删除这个 SLB"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    if !h::any(cx, crate::model::NodeKind::Slb) {
        f.not_applicable("no SLB", "没有 SLB");
    }
}
