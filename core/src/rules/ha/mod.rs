//! HA — single points of failure.

use crate::rule::RuleMeta;

pub mod ha001;
pub mod ha002;
pub mod ha003;
pub mod ha004;
pub mod ha005;
pub mod ha006;
pub mod ha007;

pub static RULES: &[&RuleMeta] = &[
    &ha001::SingleInstanceModule::META,
    &ha002::LoadBalancerBypassed::META,
    &ha003::SingleBackendSlb::META,
    &ha004::SelfManagedDatabase::META,
    &ha005::NoAutostart::META,
    &ha006::FewLargeInstances::META,
    &ha007::NoReconnect::META,
];

/// The unsafe fix that gives ECS `i` a second instance: an ECS like it (see
/// [`ecs_like`](crate::rules::helpers::additions::ecs_like)) in the first other zone of its
/// region where it can be placed (a vSwitch of the same VPC and tier, in a VPC) — in its own
/// zone when there is none — made a backend of every SLB and API gateway that lists `i`.
/// `None` when `i` is not an ECS or its zone is unknown, or when an SLB's traffic to `i` is
/// blocked by `i`'s security groups: the copy, in the same groups, would be blocked too (SG004's
/// fix opens that first).
pub(crate) fn replica_fix(cx: &crate::index::Ctx<'_>, i: usize) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::model::{ptr_join, NodeKind};
    use crate::net::{flow_protocol, node_accepts, From, Verdict};
    use crate::rules::helpers::additions::{
        ecs_like, place_like, sibling_id, zone_mark, Placement,
    };
    use crate::rules::helpers::{quoted, region_zones, zone_name};
    use alloc::vec::Vec;

    if !cx.is_ecs(i) {
        return None;
    }
    let n = cx.node(i);
    let (r, zi) = cx.node_zone[i]?;
    if !cx.node_groups[i].is_empty() {
        for &fi in &cx.incoming[i] {
            let f = &cx.flows[fi];
            let Some(port) = f.port.filter(|_| f.link.is_none()) else {
                continue;
            };
            let proto = flow_protocol(f.protocol);
            if node_accepts(cx, i, proto, port, From::of(f.from)) == Verdict::No {
                return None;
            }
        }
    }
    let (z, place) = region_zones(cx, r)
        .into_iter()
        .filter(|&z| z != zi)
        .find_map(|z| place_like(cx, i, r, z).map(|p| (z, p)))
        .or_else(|| place_like(cx, i, r, zi).map(|p| (zi, p)))?;
    let id = sibling_id(cx, &n.id, zone_mark(cx, r, zi), zone_mark(cx, r, z), &[]);
    // `paths` and `listens` that a health check of an SLB in front of `i` misses would make
    // the copy fail it too (LB005, LB006): such a field is left for the author to write.
    let (bad_paths, bad_listens) = health_checks_miss(cx, i);
    let mut value = ecs_like(cx, i, &id, &place);
    if let Json::Obj(m) = &mut value {
        m.retain(|(k, _)| !(bad_paths && k == "paths" || bad_listens && k == "listens"));
    }
    let mut edits = alloc::vec![Edit::Push {
        array: alloc::string::String::from("/nodes"),
        value,
    }];
    let mut fronts: Vec<&str> = Vec::new();
    for nd in &cx.design.nodes {
        if (nd.is(NodeKind::Slb) || nd.is(NodeKind::Apigw))
            && nd.backends.iter().flatten().any(|b| b.id == n.id)
            && !fronts.contains(&nd.id.as_str())
        {
            edits.push(Edit::Push {
                array: ptr_join(&nd.ptr, "backends"),
                value: Json::str(&id),
            });
            fronts.push(&nd.id);
        }
    }
    let module = n.module_name();
    let zone = zone_name(cx, r, z);
    let (at, at_zh) = match place {
        Placement::VSwitch { vswitch, .. } => (
            alloc::format!("zone `{zone}` (vSwitch `{vswitch}`)"),
            alloc::format!("可用区 `{zone}`（交换机 `{vswitch}`）"),
        ),
        Placement::Zone(_) => (
            alloc::format!("zone `{zone}`"),
            alloc::format!("可用区 `{zone}`"),
        ),
    };
    let title = if fronts.is_empty() {
        crate::text!(
            "add `{id}`, a second ECS of module `{module}`, in {at}",
            "在{at_zh}增加 `{id}`，作为模块 `{module}` 的第二台 ECS"
        )
    } else {
        let (en, zh) = (quoted(&fronts, ", "), quoted(&fronts, "、"));
        crate::text!(
            "add `{id}`, a second ECS of module `{module}`, in {at}, and make it a backend of {en}",
            "在{at_zh}增加 `{id}`，作为模块 `{module}` 的第二台 ECS，并加入 {zh} 的后端"
        )
    };
    Some(Fix::unsafe_(title, edits))
}

/// Whether a health check of an SLB that lists ECS `i` as a backend requests a path outside
/// its `paths` (LB005), and whether one checks a port outside its `listens` (LB006).
fn health_checks_miss(cx: &crate::index::Ctx<'_>, i: usize) -> (bool, bool) {
    use crate::model::NodeKind;
    use crate::rules::lb::lb005::under;
    let n = cx.node(i);
    let (mut paths, mut listens) = (false, false);
    let fronts = cx
        .design
        .nodes
        .iter()
        .filter(|s| s.is(NodeKind::Slb) && s.backends.iter().flatten().any(|b| b.id == n.id));
    for l in fronts.flat_map(|s| &s.listeners) {
        let hc = l.health_check.as_ref();
        if hc.is_some_and(|h| !h.enabled) {
            continue;
        }
        let http = match hc.and_then(|h| h.protocol.as_deref()) {
            Some(p) => p == "http",
            None => matches!(l.protocol.as_deref(), Some("http" | "https")),
        };
        if let (true, Some(path), Some(ps)) = (http, hc.and_then(|h| h.path.as_deref()), &n.paths) {
            paths |= !ps.iter().any(|q| under(path, q));
        }
        let port = hc.and_then(|h| h.port).or(l.backend_port).or(l.port);
        if let (Some(p), Some(ls)) = (port, &n.listens) {
            listens |= !ls.contains(&p);
        }
    }
    (paths, listens)
}
