use super::{ecs_backends_with, finding_listener, listener_name, slbs};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A backend ECS that declares `"stateful": true` behind a listener that is not `sticky`
    /// (absent `sticky` means off). Reported once per listener and stateful backend. Backends
    /// that do not state `stateful` are not judged.
    ///
    /// ## Why
    /// Without session persistence the SLB spreads a user's requests over all backends. A
    /// program that keeps per-user state in memory (a login session, a shopping cart) then sees
    /// users whose state lives on another instance, and they are logged out or lose their work
    /// at random. Session persistence sends each user back to the same ECS: by source IP at
    /// layer 4, by cookie at layer 7.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "stateful": true },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "stateful": true },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ], "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "stateful": true },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "stateful": true },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80, "sticky": true } ],
    ///                "backends": [ "web-1", "web-2" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's SLB configuration table (session persistence row): it decides whether one
    /// user's requests go to the same ECS, and must be turned on if the backend program cannot
    /// be made fully stateless. The recommended architecture's SLB steps turn it on, and the
    /// SLB feature list explains that persistence follows the source IP at layer 4 and a cookie
    /// at layer 7.
    pub struct StatefulWithoutPersistence {
        code: "LB007",
        name: "stateful-without-persistence",
        severity: Warning,
        summary: (
            "A stateful backend sits behind a listener without session persistence",
            "有状态的后端服务器所在的监听没有开启会话保持"
        ),
        zh: "## 检查内容\n\
声明了 `\"stateful\": true` 的后端 ECS，所在监听却没有开启 `sticky`（未写 `sticky` 即为关闭）。每个监听与每台有状态后端的组合报告一次。未写 `stateful` 的后端不做判断。\n\
\n\
## 原因\n\
没有会话保持时，SLB 会把同一用户的请求分散到所有后端。在内存中保存用户状态（登录会话、购物车）的程序，会遇到状态保存在另一台实例上的用户，这些用户会随机地被登出或丢失操作结果。会话保持会把每个用户送回同一台 ECS：四层按源 IP，七层按 Cookie。\n\
\n\
## 依据\n\
指南的 SLB 配置说明表（会话保持一行）：该选项决定是否把同一用户的请求转发到同一台 ECS，后台程序无法做到完全无状态时需要打开。推荐架构的 SLB 搭建步骤中也打开了会话保持；SLB 特性列表说明，四层会话保持基于源 IP，七层基于 Cookie。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets \"sticky\": true on the listener",
            "安全：在监听上设置 \"sticky\": true"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for (_, slb) in slbs(cx) {
        if slb.listeners.iter().all(|l| l.sticky) {
            continue;
        }
        let stateful = ecs_backends_with(cx, slb, |n| n.stateful == Some(true));
        if stateful.is_empty() {
            continue;
        }
        let id = &slb.id;
        for l in slb.listeners.iter().filter(|l| !l.sticky) {
            let name = listener_name(l);
            for &j in &stateful {
                let Some(b) = d.nodes.get(j) else { continue };
                let bid = &b.id;
                out.report(
                    Some(id),
                    l.ptr.as_str(),
                    text!(
                        "backend `{bid}` of SLB `{id}` keeps per-user state, but listener `{name}` has no session persistence: a user's requests will land on other instances that do not know them",
                        "SLB `{id}` 的后端 `{bid}` 保存用户状态，但监听 `{name}` 没有开启会话保持：同一用户的请求会落到不认识该用户的其他实例上"
                    ),
                    text!(
                        "set \"sticky\": true on listener `{name}`, or make `{bid}` stateless (keep sessions in a shared store) and drop \"stateful\"",
                        "在监听 `{name}` 上设置 \"sticky\": true；或者让 `{bid}` 变为无状态（把会话放到共享存储中），并去掉 \"stateful\""
                    ),
                );
            }
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let (_, slb, l) = finding_listener(cx, f)?;
    let (id, name) = (&slb.id, listener_name(l));
    Some(Fix::safe(
        text!(
            "set \"sticky\": true on listener `{name}` of `{id}`",
            "在 `{id}` 的监听 `{name}` 上设置 \"sticky\": true"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&l.ptr, "sticky"),
            value: Json::Bool(true),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static STATEFUL: Lack = Lack::new(
        "backend {id} does not say whether it keeps per-user state (stateful)",
        "后端 {id} 没有写是否在内存中保存用户状态（stateful）",
        "{n} backends do not say whether they keep per-user state (stateful)",
        "{n} 台后端没有写是否在内存中保存用户状态（stateful）",
    );
    use crate::model::NodeKind;
    if !h::slb_listeners(cx, f) {
        return;
    }
    h::slb_backends(cx, f);
    let mut g = GapBuilder::new(&STATEFUL);
    for (_, s) in h::nodes(cx, NodeKind::Slb) {
        // Sticky listeners, or none: nothing depends on the backends' state.
        if s.listeners.iter().all(|l| l.sticky) {
            continue;
        }
        for j in crate::rules::lb::ecs_backends(cx, s) {
            let b = cx.node(j);
            if b.stateful.is_none() {
                g.add(&b.id, &b.ptr);
            }
        }
    }
    f.push(g);
}
