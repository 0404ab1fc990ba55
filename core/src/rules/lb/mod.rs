//! LB — load balancer configuration.

use crate::text::number_list;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::{Listener, Node, NodeKind};
use crate::rule::{Finding, RuleMeta};

pub mod lb001;
pub mod lb002;
pub mod lb003;
pub mod lb004;
pub mod lb005;
pub mod lb006;
pub mod lb007;
pub mod lb008;
pub mod lb009;
pub mod lb010;

pub static RULES: &[&RuleMeta] = &[
    &lb001::PortNotAllowed::META,
    &lb002::NonEcsBackend::META,
    &lb003::UnsupportedProtocol::META,
    &lb004::HttpsWithoutCertificate::META,
    &lb005::HealthCheckPathNotServed::META,
    &lb006::HealthCheckPortClosed::META,
    &lb007::StatefulWithoutPersistence::META,
    &lb008::EmptyLoadBalancer::META,
    &lb009::HealthCheckDisabled::META,
    &lb010::SlbSingleZone::META,
];

/// How a listener is named in messages: `protocol/port`, with `?` for what is not given.
pub(crate) fn listener_name(l: &Listener) -> String {
    let proto = l.protocol.as_deref().unwrap_or("?");
    match l.port {
        Some(p) => format!("{proto}/{p}"),
        None => format!("{proto}/?"),
    }
}

/// The SLBs of the design, with their index.
pub(crate) fn slbs<'a>(cx: &Ctx<'a>) -> impl Iterator<Item = (usize, &'a Node)> + 'a {
    cx.design
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is(NodeKind::Slb))
}

/// The distinct backends of an SLB that are ECS, as node indices, in the order first listed.
pub(crate) fn ecs_backends(cx: &Ctx<'_>, slb: &Node) -> Vec<usize> {
    let mut seen: crate::ordmap::OrdSet<usize> = crate::ordmap::OrdSet::new();
    let mut out = Vec::new();
    for b in slb.backends.iter().flatten() {
        if let Some(j) = cx.node_index(&b.id) {
            if cx.is_ecs(j) && seen.add(j) {
                out.push(j);
            }
        }
    }
    out
}

/// [`ecs_backends`] whose node passes `keep` (a function pointer: one copy for every rule).
pub(crate) fn ecs_backends_with(cx: &Ctx<'_>, slb: &Node, keep: fn(&Node) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    for j in ecs_backends(cx, slb) {
        if cx.design.nodes.get(j).is_some_and(keep) {
            out.push(j);
        }
    }
    out
}

/// A list of ports for messages: `80, 8080` / `80、8080`.
pub(crate) fn port_list(ports: &[u16]) -> (String, String) {
    (number_list(ports, ", "), number_list(ports, "、"))
}

/// For a fix: the SLB a finding is about (its target), with its index, and the listener the
/// finding's pointer lies in.
pub(crate) fn finding_listener<'a>(
    cx: &Ctx<'a>,
    f: &Finding,
) -> Option<(usize, &'a Node, &'a Listener)> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let slb = cx.node(i);
    let l = slb.listeners.iter().find(|l| {
        f.pointer
            .strip_prefix(l.ptr.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })?;
    Some((i, slb, l))
}

/// Whether the health check of listener `l`, when on, fails on an ECS backend that says what
/// it serves: an HTTP check path outside its `paths` (LB005) or a checked port outside its
/// `listens` (LB006).
pub(crate) fn health_check_fails(cx: &Ctx<'_>, slb: &Node, l: &Listener) -> bool {
    let hc = l.health_check.as_ref();
    let path = hc.and_then(|h| {
        let http = match h.protocol.as_deref() {
            Some(p) => p == "http",
            None => matches!(l.protocol.as_deref(), Some("http" | "https")),
        };
        h.path.as_deref().filter(|_| http)
    });
    let port = hc.and_then(|h| h.port).or(l.backend_port).or(l.port);
    ecs_backends(cx, slb).into_iter().any(|j| {
        let b = cx.node(j);
        let bad_path = path.is_some_and(|p| {
            b.paths
                .as_deref()
                .is_some_and(|ps| !ps.iter().any(|q| lb005::under(p, q)))
        });
        let bad_port =
            port.is_some_and(|p| b.listens.as_deref().is_some_and(|ls| !ls.contains(&p)));
        bad_path || bad_port
    })
}
