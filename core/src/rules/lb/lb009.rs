use super::{finding_listener, health_check_fails, listener_name, slbs};
use crate::fix::{Edit, Fix};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A listener whose health check is switched off: `"health_check": { "enabled": false }`.
    /// A listener without `health_check`, or with `enabled` absent or `true`, is checked (the
    /// default). LB005 and LB006 leave such a listener alone: there is no check to misdirect.
    ///
    /// ## Why
    /// The load balancer only notices a failed backend through its health check: with the
    /// check on, it takes the failed ECS out of rotation and puts it back once it recovers.
    /// With the check off, it keeps sending a share of the users to a dead server, and the
    /// second instance in the other zone no longer hides the failure.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "tcp", "port": 80,
    ///                                 "health_check": { "enabled": false } } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
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
    ///                "listeners": [ { "protocol": "tcp", "port": 80,
    ///                                 "health_check": { "protocol": "tcp" } } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's list of financial-cloud SLB features, item 4: the health check, once on,
    /// isolates a failed server automatically and adds it back to the SLB when it recovers.
    pub struct HealthCheckDisabled {
        code: "LB009",
        name: "health-check-disabled",
        severity: Warning,
        summary: (
            "A listener's health check is switched off",
            "监听关闭了健康检查"
        ),
        zh: "## 检查内容\n\
健康检查被关闭的监听：`\"health_check\": { \"enabled\": false }`。没有 `health_check`，或 `enabled` 未写、为 `true` 的监听都视为开启（默认）。LB005 和 LB006 不检查这样的监听：没有健康检查，也就谈不上检查路径或端口写错。\n\
\n\
## 原因\n\
负载均衡只能通过健康检查发现后端故障：开启时，它会把故障的 ECS 摘除，恢复后再自动加回。关闭后，它会继续把一部分用户转发到已经故障的服务器上，另一个可用区的实例也就掩盖不了这次故障。\n\
\n\
## 依据\n\
指南列出的金融云 SLB 特性第 4 条：健康检查功能开启后会自动隔离故障服务器，故障恢复后自动重新加入 SLB。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: removes \"enabled\": false, when the health check then probes a path and a port that every backend serves",
            "安全：删除 \"enabled\": false（前提是开启后的健康检查所探测的路径和端口所有后端都在提供服务）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (_, slb) in slbs(cx) {
        let id = &slb.id;
        for l in &slb.listeners {
            let Some(hc) = l.health_check.as_ref().filter(|h| !h.enabled) else {
                continue;
            };
            let name = listener_name(l);
            out.report(
                Some(id),
                ptr_join(&hc.ptr, "enabled"),
                text!(
                    "the health check of listener `{name}` of SLB `{id}` is switched off: a failed backend keeps receiving its share of the traffic",
                    "SLB `{id}` 的监听 `{name}` 关闭了健康检查：出故障的后端仍会收到分给它的流量"
                ),
                text!(
                    "remove \"enabled\": false from the health check, so that `{id}` takes a failed backend out of rotation",
                    "去掉健康检查中的 \"enabled\": false，让 `{id}` 自动摘除故障的后端"
                ),
            );
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let (_, slb, l) = finding_listener(cx, f)?;
    // Switched on, a check that asks a backend for what it does not serve takes it out of
    // service (LB005, LB006): the check has to be pointed elsewhere first.
    if health_check_fails(cx, slb, l) {
        return None;
    }
    let (id, name) = (&slb.id, listener_name(l));
    Some(Fix::safe(
        text!(
            "switch the health check of listener `{name}` of `{id}` on (remove \"enabled\": false)",
            "开启 `{id}` 的监听 `{name}` 的健康检查（删除 \"enabled\": false）"
        ),
        alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    h::slb_listeners(cx, f);
}
