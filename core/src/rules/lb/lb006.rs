use super::{ecs_backends, ecs_backends_with, finding_listener, listener_name, port_list, slbs};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::ptr_join;
use crate::net::{node_accepts, From, Verdict};
use crate::rule::{Finding, Sink};
use crate::text;
use alloc::format;

crate::declare_rule! {
    /// ## What it checks
    /// A listener whose health-check port is not among the `listens` ports of one of its backend
    /// ECS. The health-check port is the health check's `port`; without it, the listener's
    /// `backend_port`, and without that, its `port` (the SLB checks a listener even when no
    /// `health_check` is written). Each backend that declares `listens` is judged on its own;
    /// backends without `listens` are not judged. A listener whose health check is switched
    /// off (`"enabled": false`, LB009) is not judged either.
    ///
    /// ## Why
    /// The SLB considers a backend healthy only when its health check can connect to the
    /// checked port. If the software listens elsewhere, every check fails, the SLB stops
    /// forwarding to that ECS, and with all backends failing the service is down although the
    /// instances run fine.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api-1", "kind": "ecs", "zone": "hz-b", "listens": [8080] },
    ///              { "id": "slb-api", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "tcp", "port": 8080,
    ///                                 "health_check": { "protocol": "tcp", "port": 8081 } } ],
    ///                "backends": [ "api-1" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "api-1", "kind": "ecs", "zone": "hz-b", "listens": [8080] },
    ///              { "id": "slb-api", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "tcp", "port": 8080,
    ///                                 "health_check": { "protocol": "tcp", "port": 8080 } } ],
    ///                "backends": [ "api-1" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's SLB configuration section (TCP health-check settings): the key setting is the
    /// checked port, which must be the right port on the backend ECS, or the SLB considers the
    /// backend unavailable and stops forwarding requests to it. The same table says the backend
    /// port is the port the backend service listens on.
    pub struct HealthCheckPortClosed {
        code: "LB006",
        name: "health-check-port-closed",
        severity: Error,
        summary: (
            "A health check probes a port a backend does not listen on",
            "健康检查探测的端口后端并未监听"
        ),
        zh: "## 检查内容\n\
监听的健康检查端口不在某台后端 ECS 的 `listens` 端口之中。健康检查端口取健康检查的 `port`；未写时取监听的 `backend_port`，再未写时取监听的 `port`（即使没有写 `health_check`，SLB 也会检查监听）。声明了 `listens` 的后端逐台判断；未声明 `listens` 的后端不做判断。健康检查已关闭（`\"enabled\": false`，见 LB009）的监听也不做判断。\n\
\n\
## 原因\n\
只有当健康检查能连上被检查的端口时，SLB 才认为后端健康。如果软件监听的是别的端口，每次检查都会失败，SLB 就不再向这台 ECS 转发；所有后端都失败时，即使实例运行正常，服务也会中断。\n\
\n\
## 依据\n\
指南的 SLB 配置一节（TCP 健康检查设置）：最关键的是端口检查，必须确认后端 ECS 上的端口是正确的，否则 SLB 会认为后端服务不可用，不再向它转发请求。同一张配置表还说明，后端端口应选择后端服务的监听端口。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: points the health check at a port the backends listen on — its \"port\" becomes the port the listener forwards to, or, without one, the listener's \"backend_port\" becomes the only port every backend listens on",
            "安全：让健康检查指向后端实际监听的端口——把其 \"port\" 改为监听转发到的端口；未写 \"port\" 时，把监听的 \"backend_port\" 改为所有后端都监听的唯一端口"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for (_, slb) in slbs(cx) {
        let declaring = ecs_backends_with(cx, slb, |n| n.listens.is_some());
        if declaring.is_empty() {
            continue;
        }
        let id = &slb.id;
        for l in &slb.listeners {
            if l.health_check.as_ref().is_some_and(|h| !h.enabled) {
                continue;
            }
            let hc_port = l.health_check.as_ref().and_then(|h| h.port.map(|p| (h, p)));
            let (port, ptr) = match (hc_port, l.backend_port, l.port) {
                (Some((h, p)), _, _) => (p, ptr_join(&h.ptr, "port")),
                (None, Some(p), _) => (p, ptr_join(&l.ptr, "backend_port")),
                (None, None, Some(p)) => (p, ptr_join(&l.ptr, "port")),
                (None, None, None) => continue,
            };
            let name = listener_name(l);
            for &j in &declaring {
                let Some(b) = d.nodes.get(j) else { continue };
                let Some(listens) = b.listens.as_deref() else {
                    continue;
                };
                if listens.contains(&port) {
                    continue;
                }
                let bid = &b.id;
                let (open_en, open_zh) = if listens.is_empty() {
                    (
                        alloc::string::String::from("listens on no port"),
                        alloc::string::String::from("没有监听任何端口"),
                    )
                } else {
                    let (en, zh) = port_list(listens);
                    (format!("listens only on {en}"), format!("只监听 {zh} 端口"))
                };
                out.report(
                    Some(id),
                    ptr.as_str(),
                    text!(
                        "the health check of listener `{name}` of SLB `{id}` probes port {port}, but backend `{bid}` {open_en}: the check fails and the SLB stops sending it traffic",
                        "SLB `{id}` 的监听 `{name}` 的健康检查探测 {port} 端口，但后端 `{bid}` {open_zh}：健康检查会失败，SLB 将不再向它转发流量"
                    ),
                    text!(
                        "point the health check (its \"port\", or the listener's \"backend_port\") at a port `{bid}` listens on, or add {port} to its \"listens\" if the software does listen there",
                        "让健康检查（其 \"port\"，或监听的 \"backend_port\"）指向 `{bid}` 实际监听的端口；如果软件确实监听 {port}，则把它加入 \"listens\""
                    ),
                );
            }
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let (si, slb, l) = finding_listener(cx, f)?;
    let declaring = ecs_backends_with(cx, slb, |n| n.listens.is_some());
    let all_listen = |p: u16| {
        declaring.iter().all(|&j| {
            cx.node(j)
                .listens
                .as_deref()
                .is_some_and(|ls| ls.contains(&p))
        })
    };
    let (id, name) = (&slb.id, listener_name(l));
    let forward = l.effective_backend_port()?;
    if let Some(hc) = l.health_check.as_ref().filter(|h| h.port.is_some()) {
        // The check probes another port than the one traffic goes to: probe that one.
        if !all_listen(forward) {
            return None;
        }
        return Some(Fix::safe(
            text!(
                "let the health check of listener `{name}` of `{id}` probe port {forward}, the port it forwards to",
                "让 `{id}` 的监听 `{name}` 的健康检查探测它转发到的 {forward} 端口"
            ),
            alloc::vec![Edit::Set {
                at: ptr_join(&hc.ptr, "port"),
                value: Json::Int(i64::from(forward)),
            }],
        ));
    }
    // The traffic itself goes to a closed port: forward to the one port every backend that
    // says what it listens on has open.
    let first = declaring
        .first()
        .and_then(|&j| cx.node(j).listens.as_deref())?;
    let mut common: alloc::vec::Vec<u16> = alloc::vec::Vec::new();
    for &p in first {
        if all_listen(p) && !common.contains(&p) {
            common.push(p);
        }
    }
    let [port] = common[..] else {
        return None;
    };
    // The SLB's traffic to each backend on the new port must be admitted where it was before
    // (SG004).
    let proto = match l.protocol.as_deref() {
        Some("udp") => crate::model::Protocol::Udp,
        _ => crate::model::Protocol::Tcp,
    };
    let admitted = |j: usize, p: u16| {
        cx.node_groups[j].is_empty() || node_accepts(cx, j, proto, p, From::Node(si)) != Verdict::No
    };
    if !ecs_backends(cx, slb)
        .into_iter()
        .all(|j| admitted(j, port) || !admitted(j, forward))
    {
        return None;
    }
    Some(Fix::safe(
        text!(
            "forward listener `{name}` of `{id}` to port {port}, the port its backends listen on (\"backend_port\": {port})",
            "让 `{id}` 的监听 `{name}` 转发到后端监听的 {port} 端口（\"backend_port\": {port}）"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&l.ptr, "backend_port"),
            value: Json::Int(i64::from(port)),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static LISTENS: Lack = Lack::new(
        "backend {id} declares no listens, so whether the health-check port is open is unknown",
        "后端 {id} 没有写监听的端口（listens），无法判断健康检查端口是否开放",
        "{n} backends declare no listens, so whether the health-check port is open is unknown",
        "{n} 台后端没有写监听的端口（listens），无法判断健康检查端口是否开放",
    );
    use crate::model::NodeKind;
    if !h::slb_listeners(cx, f) {
        return;
    }
    h::slb_backends(cx, f);
    let (mut port, mut listens) = (
        GapBuilder::new(&h::LISTENER_NO_PORT),
        GapBuilder::new(&LISTENS),
    );
    for (_, s) in h::nodes(cx, NodeKind::Slb) {
        let mut checked = false;
        for l in &s.listeners {
            let hc = l.health_check.as_ref();
            if hc.is_some_and(|h| !h.enabled) {
                continue;
            }
            checked = true;
            if hc
                .and_then(|h| h.port)
                .or(l.backend_port)
                .or(l.port)
                .is_none()
            {
                port.add_with(&l.ptr, &|| h::listener_name(s, l));
            }
        }
        if !checked {
            continue;
        }
        for j in crate::rules::lb::ecs_backends(cx, s) {
            let b = cx.node(j);
            if b.listens.is_none() {
                listens.add(&b.id, &b.ptr);
            }
        }
    }
    f.push(port);
    f.push(listens);
}
