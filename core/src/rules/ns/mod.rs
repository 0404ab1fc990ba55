//! NS — network segmentation and exposure.

use alloc::format;
use alloc::string::String;

use crate::cidr::Cidr;
use crate::fix::{Edit, Json};
use crate::index::{Ctx, Entity};
use crate::model::{
    ptr_join, Action, Network, NodeKind, Protocol, Source, Tier, VSwitch, WhitelistEntry,
};
use crate::net::flow_protocol;
use crate::rule::RuleMeta;

pub mod ns001;
pub mod ns002;
pub mod ns003;
pub mod ns004;
pub mod ns005;
pub mod ns006;
pub mod ns007;
pub mod ns008;
pub mod ns009;
pub mod ns010;

pub static RULES: &[&RuleMeta] = &[
    &ns001::MissingTier::META,
    &ns002::InternetOutsideDmz::META,
    &ns003::ManagementOutsideManagementTier::META,
    &ns004::DirectInternetToEcs::META,
    &ns005::InvalidVpcCidr::META,
    &ns006::VswitchOutsideVpc::META,
    &ns007::OverlappingVswitches::META,
    &ns008::ClassicUdpExposure::META,
    &ns009::EipManagementPort::META,
    &ns010::NoOutboundPath::META,
];

/// The name of a tier as written in the format.
pub(crate) fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Dmz => "dmz",
        Tier::Management => "management",
        Tier::Intranet => "intranet",
    }
}

/// Where an ECS sits, as far as the network tiers go — only when that is known.
pub(crate) enum Placement<'a> {
    /// In a vSwitch whose `tier` is stated.
    VSwitch {
        id: &'a str,
        tier: Tier,
        /// Pointer of the node's `vswitch` field.
        ptr: &'a str,
    },
    /// In a vSwitch without a (valid) `tier`: in no tier at all.
    Untiered {
        id: &'a str,
        /// Pointer of the node's `vswitch` field.
        ptr: &'a str,
    },
    /// In a classic-network region: no vSwitch, hence no tier at all.
    Classic {
        region: &'a str,
        /// Pointer of the node's `zone` field (or the node).
        ptr: &'a str,
    },
}

impl Placement<'_> {
    pub(crate) fn ptr(&self) -> &str {
        match self {
            Placement::VSwitch { ptr, .. }
            | Placement::Untiered { ptr, .. }
            | Placement::Classic { ptr, .. } => ptr,
        }
    }
    pub(crate) fn in_tier(&self, t: Tier) -> bool {
        matches!(self, Placement::VSwitch { tier, .. } if *tier == t)
    }
    /// "is in vSwitch `x` of tier `y`" / "位于 `y` 层级的交换机 `x`".
    pub(crate) fn describe(&self) -> (String, String) {
        match self {
            Placement::VSwitch { id, tier, .. } => {
                let t = tier_name(*tier);
                (
                    format!("it is in vSwitch `{id}` of tier `{t}`"),
                    format!("它位于层级为 `{t}` 的交换机 `{id}`"),
                )
            }
            Placement::Untiered { id, .. } => (
                format!("it is in vSwitch `{id}`, which has no tier"),
                format!("它位于未设置层级（tier）的交换机 `{id}`"),
            ),
            Placement::Classic { region, .. } => (
                format!("it is in classic-network region `{region}`, which has no vSwitch tiers"),
                format!("它位于经典网络地域 `{region}`，该地域没有交换机分区"),
            ),
        }
    }
}

/// The placement of node `i` when it is known: its vSwitch and that vSwitch's tier (a
/// vSwitch without `tier` is in no tier: under the high-security profile it is neither the DMZ
/// nor the management tier), or a classic-network region. An unknown vSwitch, region or
/// network gives `None` (unknown facts never produce a finding).
pub(crate) fn placement<'a>(cx: &Ctx<'a>, i: usize) -> Option<Placement<'a>> {
    let d = cx.design;
    let nd = d.nodes.get(i)?;
    if let Some((v, s)) = cx.node_vswitch.get(i).copied().flatten() {
        let sw = d.vpcs.get(v)?.vswitches.get(s)?;
        let ptr = nd
            .vswitch
            .as_ref()
            .map_or(nd.ptr.as_str(), |r| r.ptr.as_str());
        let id = sw.id.as_str();
        return Some(match sw.tier {
            Some(tier) => Placement::VSwitch { id, tier, ptr },
            None => Placement::Untiered { id, ptr },
        });
    }
    let r = cx.node_region.get(i).copied().flatten()?;
    let region = d.regions.get(r)?;
    if region.network == Some(Network::Classic) {
        let ptr = nd.zone.as_ref().map_or(nd.ptr.as_str(), |z| z.ptr.as_str());
        return Some(Placement::Classic {
            region: region.id.as_str(),
            ptr,
        });
    }
    None
}

/// A port as text, for messages: " on port 80" / "（端口 80）", or nothing when unknown.
pub(crate) fn port_phrase(port: Option<u16>) -> (String, String) {
    match port {
        Some(p) => (format!(" on port {p}"), format!("（端口 {p}）")),
        None => (String::new(), String::new()),
    }
}

// ---------------------------------------------------------------------------------------------
// What the fixes share
// ---------------------------------------------------------------------------------------------

/// Whether the blocks `a` and `b` are matched alike by every address block the design grants
/// access to (security-group sources, RDS whitelist entries): moving an ECS from a vSwitch of
/// one to a vSwitch of the other changes no verdict on its traffic.
fn matched_alike(cx: &Ctx<'_>, a: Cidr, b: Cidr) -> bool {
    let alike = |c: Cidr| c.contains(a) == c.contains(b) && c.overlaps(a) == c.overlaps(b);
    let groups = cx.design.security_groups.iter().flat_map(|g| &g.rules);
    let sg_ok = groups.into_iter().all(|r| match &r.from {
        Some(Source::Cidr(c)) => alike(*c),
        _ => true,
    });
    let wl_ok = cx
        .design
        .nodes
        .iter()
        .flat_map(|n| n.whitelist.iter().flatten())
        .all(|e| match e {
            WhitelistEntry::Addr(x) => x.cidr.is_none_or(alike),
            WhitelistEntry::Node(_) => true,
        });
    sg_ok && wl_ok
}

/// For a fix that moves ECS `i` into tier `t`: the one vSwitch of that tier in the ECS's VPC
/// and zone. `None` when there is none or more than one (the choice would be a guess), or when
/// the move would change which security-group sources or whitelist blocks match the ECS.
pub(crate) fn tier_vswitch<'a>(cx: &Ctx<'a>, i: usize, t: Tier) -> Option<&'a VSwitch> {
    let (v, s) = cx.node_vswitch.get(i).copied().flatten()?;
    let vpc = cx.design.vpcs.get(v)?;
    let cur = vpc.vswitches.get(s)?;
    let zone = &cur.zone.as_ref()?.id;
    let mut found = None;
    for (si, sw) in vpc.vswitches.iter().enumerate() {
        let own = cx.ids.get(sw.id.as_str()) == Some(&Entity::VSwitch(v, si));
        if own && sw.tier == Some(t) && sw.zone.as_ref().is_some_and(|z| z.id == *zone) {
            if found.is_some() {
                return None;
            }
            found = Some(sw);
        }
    }
    let to = found?;
    let cidr = |sw: &VSwitch| sw.cidr.as_ref().and_then(|c| c.cidr);
    match (cidr(cur), cidr(to)) {
        (None, None) => Some(to),
        (Some(a), Some(b)) if matched_alike(cx, a, b) => Some(to),
        _ => None,
    }
}

/// Whether a NAT may serve ECS `i` (as NS010 reads it): one in its region, one whose region is
/// unknown, or any NAT when the ECS's region is unknown.
fn nat_serves(cx: &Ctx<'_>, i: usize) -> bool {
    let r = cx.node_region.get(i).copied().flatten();
    cx.design.nodes.iter().enumerate().any(|(j, n)| {
        n.is(NodeKind::Nat) && {
            let nr = cx.node_region.get(j).copied().flatten();
            r.is_none() || nr.is_none() || nr == r
        }
    })
}

/// Whether ECS `i` keeps the way out to the internet it needs (`needs_internet`, NS010) once
/// its public bandwidth is gone (unless `bandwidth`) and EIP `eip` is detached.
pub(crate) fn keeps_way_out(cx: &Ctx<'_>, i: usize, bandwidth: bool, eip: Option<usize>) -> bool {
    let n = cx.node(i);
    n.needs_internet != Some(true)
        || (bandwidth && n.public_bandwidth_mbps.is_some_and(|b| b > 0.0))
        || cx.eips[i].iter().any(|&e| Some(e) != eip)
        || nat_serves(cx, i)
}

/// Whether a security group of ECS `i` has a drop rule for UDP (NS008).
pub(crate) fn drops_udp(cx: &Ctx<'_>, i: usize) -> bool {
    cx.node_groups[i].iter().any(|&g| {
        cx.design.security_groups[g].rules.iter().any(|r| {
            r.action == Action::Drop && matches!(r.protocol, Protocol::Udp | Protocol::All)
        })
    })
}

/// The edit that adds `{ "action": "drop", "protocol": "udp", "ports": "all", "from":
/// "0.0.0.0/0" }` to the first security group of ECS `i`, with that group's id. `None` when the
/// ECS is in no group, or when UDP traffic to a member of that group is drawn (a link or an SLB
/// listener) or accepted by a rule of a member's groups: the drop would cut it.
pub(crate) fn udp_drop<'a>(cx: &Ctx<'a>, i: usize) -> Option<(&'a str, Edit)> {
    let g = *cx.node_groups[i].first()?;
    let members = &cx.group_members[g];
    for &m in members {
        if cx
            .flows_to(m)
            .any(|fl| flow_protocol(fl.protocol) == Protocol::Udp)
        {
            return None;
        }
        for &h in &cx.node_groups[m] {
            let rules = &cx.design.security_groups[h].rules;
            if rules
                .iter()
                .any(|r| r.action == Action::Accept && r.protocol == Protocol::Udp)
            {
                return None;
            }
        }
    }
    let group = &cx.design.security_groups[g];
    let rule = Json::obj([
        ("action", Json::str("drop")),
        ("protocol", Json::str("udp")),
        ("ports", Json::str("all")),
        ("from", Json::str("0.0.0.0/0")),
    ]);
    Some((
        group.id.as_str(),
        Edit::Push {
            array: ptr_join(&group.ptr, "rules"),
            value: rule,
        },
    ))
}
