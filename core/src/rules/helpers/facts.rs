//! What the rules' facts functions share ([`crate::coverage`]): the kinds of missing facts
//! several rules skip on, told the same way everywhere, and the things rules look at.
//!
//! The principle every facts function follows: a fact is *missing* when the real resource
//! necessarily has it (a link goes to some port, a listener has a protocol, an SLB in service
//! has listeners and backends, an RDS accepts clients through a whitelist, a VPN is SSL or
//! IPsec, every ECS is in some security group) but the design does not state it, the format
//! gives it no default, and the rule needs it to decide. A field with a default in the format
//! (`acl`, `network` of a bucket, `scope`, `os`, `role`, `sticky`, `public_bandwidth_mbps`,
//! `zones` of an SLB or RDS) is never missing. Things a resource may simply not have (data
//! disks, EIPs, NAT gateways, ignore entries) are not missing when absent: a rule that looks
//! only at them is not applicable. External nodes (declared outside the design) are neither
//! looked at nor missing anything.

use alloc::string::String;

use crate::coverage::{Facts, GapBuilder, Lack};
use crate::index::{Ctx, Endpoint};
use crate::model::{EcsRole, Link, Node, NodeKind, Protocol, Source, VpnType};

/// The nodes of kind `k` the design declares itself (not external).
pub(crate) fn nodes<'a>(cx: &Ctx<'a>, k: NodeKind) -> impl Iterator<Item = (usize, &'a Node)> {
    cx.design
        .nodes
        .iter()
        .enumerate()
        .filter(move |(_, n)| n.is(k) && !n.external)
}

/// The usual facts of a rule about one field of the nodes of kind `k`: not applicable without
/// such a node (`none`: what to say), else every node of the kind for which `lacks` holds is
/// added to a gap told by `lack`.
#[inline(never)]
pub(crate) fn lacking(
    cx: &Ctx<'_>,
    f: &mut Facts,
    k: NodeKind,
    none: (&'static str, &'static str),
    lack: &'static Lack,
    lacks: fn(&Node) -> bool,
) {
    let mut g = GapBuilder::new(lack);
    let mut any = false;
    for (_, n) in nodes(cx, k) {
        any = true;
        if lacks(n) {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
    if !any {
        f.not_applicable(none.0, none.1);
    }
}

/// Whether the design declares a node of kind `k`.
#[inline(never)]
pub(crate) fn any(cx: &Ctx<'_>, k: NodeKind) -> bool {
    nodes(cx, k).next().is_some()
}

/// A link as a message names it: `internet → slb-web`.
#[inline(never)]
pub(crate) fn link_name(l: &Link) -> String {
    fn end(r: &Option<crate::model::Ref>) -> &str {
        r.as_ref().map_or("?", |r| r.id.as_str())
    }
    alloc::format!("{} → {}", end(&l.from), end(&l.to))
}

// ---------------------------------------------------------------------------------------------
// Production ECS and placement
// ---------------------------------------------------------------------------------------------

pub(crate) static UNPLACED: Lack = Lack::new(
    "the region of {id} is unknown (no zone or vSwitch that exists), so whether it is production is unknown",
    "{id} 所在地域未知（没有有效的 zone 或 vswitch），无法判断是否为生产 ECS",
    "{n} ECS are in no known region (no zone or vSwitch that exists), so whether they are production is unknown",
    "{n} 台 ECS 所在地域未知（没有有效的 zone 或 vswitch），无法判断是否为生产 ECS",
);

/// ECS of role app or database whose region is unknown: whether they are production ECS
/// (which needs a primary region) is unknown, so every rule about production ECS skips them.
#[inline(never)]
pub(crate) fn unplaced(cx: &Ctx<'_>, f: &mut Facts) {
    let mut g = GapBuilder::new(&UNPLACED);
    for (i, n) in nodes(cx, NodeKind::Ecs) {
        if matches!(n.role, EcsRole::App | EcsRole::Database) && cx.node_region[i].is_none() {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}

/// Whether the design has a production ECS.
#[inline(never)]
pub(crate) fn has_production(cx: &Ctx<'_>) -> bool {
    cx.production.iter().any(|&p| p)
}

/// The usual opening of a rule about production ECS: not applicable without one, and the ECS
/// whose production status is unknown. Returns whether there is a production ECS.
#[inline(never)]
pub(crate) fn production(cx: &Ctx<'_>, f: &mut Facts) -> bool {
    unplaced(cx, f);
    let any = has_production(cx);
    if !any {
        f.not_applicable("no production ECS", "没有生产 ECS");
    }
    any
}

/// The opening of a disaster-recovery rule: not applicable unless the design claims two-region
/// disaster recovery. Returns whether it does.
#[inline(never)]
pub(crate) fn claims_dr(cx: &Ctx<'_>, f: &mut Facts) -> bool {
    let dr = crate::rules::dr::applies(cx);
    if !dr {
        f.not_applicable(
            "the design claims no two-region disaster recovery (dr)",
            "设计没有声明两地容灾（dr）",
        );
    }
    dr
}

/// The opening of a network-split rule: not applicable unless the profile is high-security.
/// Returns whether it is.
#[inline(never)]
pub(crate) fn high_security(cx: &Ctx<'_>, f: &mut Facts) -> bool {
    let hs = cx.design.profile == crate::model::Profile::HighSecurity;
    if !hs {
        f.not_applicable(
            "the profile is not high-security",
            "安全等级（profile）不是 high-security",
        );
    }
    hs
}

/// The facts of a rule about the listeners' protocols (LB003, LB004): not applicable without
/// listeners, and the listeners that state no protocol.
#[inline(never)]
pub(crate) fn listener_protocols(cx: &Ctx<'_>, f: &mut Facts) {
    if !slb_listeners(cx, f) {
        return;
    }
    let mut g = GapBuilder::new(&LISTENER_NO_PROTOCOL);
    for (_, s) in nodes(cx, NodeKind::Slb) {
        for l in &s.listeners {
            if l.protocol.is_none() {
                g.add_with(&l.ptr, &|| listener_name(s, l));
            }
        }
    }
    f.push(g);
}

pub(crate) static NO_ZONE: Lack = Lack::new(
    "the zone of {id} is unknown (its vSwitch names no zone of its region)",
    "{id} 所在可用区未知（其交换机没有写本地域的可用区）",
    "{n} ECS are in no known zone (their vSwitch names no zone of its region)",
    "{n} 台 ECS 所在可用区未知（其交换机没有写本地域的可用区）",
);

/// ECS among `members` whose region is known but whose zone is not.
#[inline(never)]
pub(crate) fn zoneless<'a>(cx: &Ctx<'a>, members: &[usize], g: &mut GapBuilder<'a>) {
    for &i in members {
        if cx.node_zone[i].is_none() && cx.node_region[i].is_some() {
            let n = cx.node(i);
            g.add(&n.id, &n.ptr);
        }
    }
}

/// Production ECS of the modules with at least `min` instances.
pub(crate) fn module_members<'c, 'a>(
    cx: &'c Ctx<'a>,
    min: usize,
) -> impl Iterator<Item = usize> + use<'c, 'a> {
    cx.modules
        .iter()
        .filter(move |(_, m)| m.len() >= min)
        .flat_map(|(_, m)| m.iter().copied())
}

pub(crate) static NO_REGION: Lack = Lack::new(
    "{id} has no region (or names none that exists)",
    "{id} 没有写地域（或写的地域不存在）",
    "{n} nodes have no region (or name none that exists)",
    "{n} 个节点没有写地域（或写的地域不存在）",
);

/// Adds node `i` to a [`NO_REGION`] gap when its region is unknown.
#[inline(never)]
pub(crate) fn regionless<'a>(cx: &Ctx<'a>, i: usize, g: &mut GapBuilder<'a>) {
    let n = cx.node(i);
    if cx.node_region[i].is_none() && !n.external {
        g.add(&n.id, &n.ptr);
    }
}

pub(crate) static REGION_NO_NETWORK: Lack = Lack::new(
    "region {id} does not say whether it is a classic or a VPC network (network)",
    "地域 {id} 没有写网络类型（network：classic 或 vpc）",
    "{n} regions do not say whether they are classic or VPC networks (network)",
    "{n} 个地域没有写网络类型（network：classic 或 vpc）",
);

/// The region of node `i` when its network is unknown, added to a [`REGION_NO_NETWORK`] gap;
/// node `i` to `unplaced` when its region itself is unknown.
#[inline(never)]
pub(crate) fn network_unknown<'a>(
    cx: &Ctx<'a>,
    i: usize,
    regions: &mut GapBuilder<'a>,
    unplaced: &mut GapBuilder<'a>,
) {
    match cx.node_region[i] {
        None => regionless(cx, i, unplaced),
        Some(r) if cx.region_network(r).is_none() => {
            let reg = &cx.design.regions[r];
            regions.add(&reg.id, &reg.ptr);
        }
        Some(_) => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------------

pub(crate) static LINK_NO_PORT: Lack = Lack::new(
    "the link {id} has no port",
    "连线 {id} 没有写端口",
    "{n} links have no port",
    "{n} 条连线没有写端口",
);

/// Adds the link of a flow to a [`LINK_NO_PORT`] gap when it states no port.
#[inline(never)]
pub(crate) fn portless_link<'a>(
    cx: &Ctx<'a>,
    flow: &crate::index::Flow<'_>,
    g: &mut GapBuilder<'a>,
) {
    if let (None, Some(li)) = (flow.port, flow.link) {
        let l = &cx.design.links[li];
        g.add_with(&l.ptr, &|| link_name(l));
    }
}

/// Whether a flow comes from the internet or an IDC.
pub(crate) fn from_outside(cx: &Ctx<'_>, from: Endpoint) -> bool {
    match from {
        Endpoint::Internet => true,
        Endpoint::Node(j) => cx.node(j).is(NodeKind::Idc),
    }
}

// ---------------------------------------------------------------------------------------------
// Load balancers
// ---------------------------------------------------------------------------------------------

pub(crate) static NO_LISTENERS: Lack = Lack::new(
    "{id} has no listeners",
    "{id} 没有监听（listeners）",
    "{n} SLBs have no listeners",
    "{n} 个 SLB 没有监听（listeners）",
);

pub(crate) static NO_BACKENDS: Lack = Lack::new(
    "{id} has no backends",
    "{id} 没有后端（backends）",
    "{n} SLBs have no backends",
    "{n} 个 SLB 没有后端（backends）",
);

/// The opening of a rule about SLB listeners: not applicable without an SLB, and the SLBs
/// without listeners. Returns whether there is an SLB.
#[inline(never)]
pub(crate) fn slb_listeners(cx: &Ctx<'_>, f: &mut Facts) -> bool {
    let mut g = GapBuilder::new(&NO_LISTENERS);
    let mut any = false;
    for (_, n) in nodes(cx, NodeKind::Slb) {
        any = true;
        if n.listeners.is_empty() {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
    if !any {
        f.not_applicable("no SLB", "没有 SLB");
    }
    any
}

/// The SLBs without backends.
#[inline(never)]
pub(crate) fn slb_backends(cx: &Ctx<'_>, f: &mut Facts) {
    let mut g = GapBuilder::new(&NO_BACKENDS);
    for (_, n) in nodes(cx, NodeKind::Slb) {
        if n.backends.as_ref().is_none_or(|b| b.is_empty()) {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}

/// A listener as a message names it: `slb-web http/80`.
#[inline(never)]
pub(crate) fn listener_name(slb: &Node, l: &crate::model::Listener) -> String {
    alloc::format!("{} {}", slb.id, crate::rules::lb::listener_name(l))
}

// ---------------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------------

pub(crate) static NO_WHITELIST: Lack = Lack::new(
    "{id} has no whitelist",
    "{id} 没有白名单（whitelist）",
    "{n} RDS have no whitelist",
    "{n} 个 RDS 没有白名单（whitelist）",
);

// ---------------------------------------------------------------------------------------------
// Security groups, addresses and VPNs
// ---------------------------------------------------------------------------------------------

pub(crate) static RULE_NO_PORTS: Lack = Lack::new(
    "a rule of {id} has no ports",
    "{id} 的一条规则没有写端口（ports）",
    "{n} security-group rules have no ports",
    "{n} 条安全组规则没有写端口（ports）",
);

pub(crate) static RULE_NO_SOURCE: Lack = Lack::new(
    "a rule of {id} has no source (from)",
    "{id} 的一条规则没有写来源（from）",
    "{n} security-group rules have no source (from)",
    "{n} 条安全组规则没有写来源（from）",
);

/// The rules of the groups `groups` (indices; repeats are taken once) whose ports (for tcp,
/// udp or all) or source are not stated: whether they match any traffic is unknown.
#[inline(never)]
pub(crate) fn sg_rules(cx: &Ctx<'_>, f: &mut Facts, groups: &[usize]) {
    let (mut ports, mut source) = (
        GapBuilder::new(&RULE_NO_PORTS),
        GapBuilder::new(&RULE_NO_SOURCE),
    );
    let mut seen = alloc::vec![false; cx.design.security_groups.len()];
    for &gi in groups {
        if core::mem::replace(&mut seen[gi], true) {
            continue;
        }
        let g = &cx.design.security_groups[gi];
        for r in &g.rules {
            if r.ports.is_none() && r.protocol != Protocol::Icmp {
                ports.add(&g.id, &r.ptr);
            }
            if r.from.is_none() {
                source.add(&g.id, &r.ptr);
            }
        }
    }
    f.push(ports);
    f.push(source);
}

/// Whether a rule of the groups `groups` names a CIDR source.
#[inline(never)]
pub(crate) fn any_cidr_rule(cx: &Ctx<'_>, groups: &[usize]) -> bool {
    groups.iter().any(|&g| {
        cx.design.security_groups[g]
            .rules
            .iter()
            .any(|r| matches!(r.from, Some(Source::Cidr(_))))
    })
}

pub(crate) static VSWITCH_NO_CIDR: Lack = Lack::new(
    "vSwitch {id} has no CIDR, so the addresses of its instances are unknown",
    "交换机 {id} 没有写网段（cidr），其中实例的地址未知",
    "{n} vSwitches have no CIDR, so the addresses of their instances are unknown",
    "{n} 个交换机没有写网段（cidr），其中实例的地址未知",
);

/// The vSwitch of node `i` when it has no valid CIDR (nor its VPC, for the vSwitches whose
/// addresses fall back on it), added to a [`VSWITCH_NO_CIDR`] gap.
#[inline(never)]
pub(crate) fn addressless<'a>(cx: &Ctx<'a>, i: usize, g: &mut GapBuilder<'a>) {
    let Some(sw) = cx.vswitch_of(i) else { return };
    if sw.cidr.as_ref().and_then(|c| c.cidr).is_none() {
        g.add(&sw.id, &sw.ptr);
    }
}

pub(crate) static POOL_UNKNOWN: Lack = Lack::new(
    "SSL VPN {id} has no client_ips, so its client pool is unknown",
    "SSL VPN {id} 没有写客户端地址池（client_ips）",
    "{n} SSL VPNs have no client_ips, so their client pools are unknown",
    "{n} 个 SSL VPN 没有写客户端地址池（client_ips）",
);

/// The SSL VPNs whose client pool is not written (or none of it parses).
#[inline(never)]
pub(crate) fn pools(cx: &Ctx<'_>, f: &mut Facts) {
    let mut g = GapBuilder::new(&POOL_UNKNOWN);
    for (_, n) in nodes(cx, NodeKind::Vpn) {
        if n.vpn_type == Some(VpnType::Ssl) && n.client_ips.iter().all(|a| a.cidr.is_none()) {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}

pub(crate) static VPN_NO_TYPE: Lack = Lack::new(
    "VPN {id} does not say whether it is SSL or IPsec (type)",
    "VPN {id} 没有写类型（type：ssl 或 ipsec）",
    "{n} VPNs do not say whether they are SSL or IPsec (type)",
    "{n} 个 VPN 没有写类型（type：ssl 或 ipsec）",
);

/// The VPNs whose type is not stated.
#[inline(never)]
pub(crate) fn untyped_vpns(cx: &Ctx<'_>, f: &mut Facts) {
    let mut g = GapBuilder::new(&VPN_NO_TYPE);
    for (_, n) in nodes(cx, NodeKind::Vpn) {
        if n.vpn_type.is_none() {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}

/// The IPsec VPNs, or `None` (with the rule not applicable) when there is none and no VPN of
/// unknown type either; the VPNs of unknown type are a gap.
#[inline(never)]
pub(crate) fn ipsec_vpns<'a>(cx: &Ctx<'a>, f: &mut Facts) -> alloc::vec::Vec<(usize, &'a Node)> {
    untyped_vpns(cx, f);
    let v: alloc::vec::Vec<(usize, &Node)> = nodes(cx, NodeKind::Vpn)
        .filter(|(_, n)| n.vpn_type == Some(VpnType::Ipsec))
        .collect();
    if v.is_empty() {
        f.not_applicable("no IPsec VPN", "没有 IPsec VPN");
    }
    v
}

/// The flows that start at an ECS and reach an RDS: (ECS, RDS).
pub(crate) fn ecs_to_rds<'c, 'a>(
    cx: &'c Ctx<'a>,
) -> impl Iterator<Item = (usize, usize)> + use<'c, 'a> {
    cx.flows.iter().filter_map(move |fl| match fl.from {
        Endpoint::Node(s) if cx.is_ecs(s) && cx.node(fl.to).is(NodeKind::Rds) => Some((s, fl.to)),
        _ => None,
    })
}

// ---------------------------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------------------------

pub(crate) static VPC_NO_REGION: Lack = Lack::new(
    "VPC {id} has no region (or names none that exists)",
    "专有网络 {id} 没有写地域（或写的地域不存在）",
    "{n} VPCs have no region (or name none that exists)",
    "{n} 个专有网络没有写地域（或写的地域不存在）",
);

pub(crate) static VPC_NO_CIDR: Lack = Lack::new(
    "VPC {id} has no CIDR",
    "专有网络 {id} 没有写网段（cidr）",
    "{n} VPCs have no CIDR",
    "{n} 个专有网络没有写网段（cidr）",
);

pub(crate) static VSWITCH_NO_ZONE: Lack = Lack::new(
    "vSwitch {id} has no zone (or names none that exists)",
    "交换机 {id} 没有写可用区（或写的可用区不存在）",
    "{n} vSwitches have no zone (or name none that exists)",
    "{n} 个交换机没有写可用区（或写的可用区不存在）",
);

pub(crate) static NO_TIER: Lack = Lack::new(
    "{id} is in no known vSwitch and its region's network is unknown, so its tier is unknown",
    "{id} 不在已知的交换机中，所在地域的网络类型也未知，无法判断其分区",
    "{n} ECS are in no known vSwitch and their region's network is unknown, so their tier is unknown",
    "{n} 台 ECS 不在已知的交换机中，所在地域的网络类型也未知，无法判断其分区",
);

/// Adds ECS `i` to a [`NO_TIER`] gap when the NS rules cannot place it in a tier.
#[inline(never)]
pub(crate) fn tierless<'a>(cx: &Ctx<'a>, i: usize, g: &mut GapBuilder<'a>) {
    let n = cx.node(i);
    if crate::rules::ns::placement(cx, i).is_none() && !n.external {
        g.add(&n.id, &n.ptr);
    }
}

// ---------------------------------------------------------------------------------------------
// Listeners, connections, peers
// ---------------------------------------------------------------------------------------------

pub(crate) static LISTENER_NO_PORT: Lack = Lack::new(
    "listener {id} has no port",
    "监听 {id} 没有写端口（port）",
    "{n} listeners have no port",
    "{n} 个监听没有写端口（port）",
);

pub(crate) static LISTENER_NO_PROTOCOL: Lack = Lack::new(
    "listener {id} has no protocol",
    "监听 {id} 没有写协议（protocol）",
    "{n} listeners have no protocol",
    "{n} 个监听没有写协议（protocol）",
);

pub(crate) static NO_CONNECTS: Lack = Lack::new(
    "{id} does not say which data centre it connects (connects)",
    "{id} 没有写连接的数据中心（connects）",
    "{n} IPsec VPNs and leased lines do not say which data centre they connect (connects)",
    "{n} 个 IPsec VPN 或专线没有写连接的数据中心（connects）",
);

/// The IPsec VPNs, VPNs of unknown type and leased lines that connect no node (when the design
/// has a data centre they could connect).
#[inline(never)]
pub(crate) fn unconnected(cx: &Ctx<'_>, f: &mut Facts) {
    let mut g = GapBuilder::new(&NO_CONNECTS);
    for n in &cx.design.nodes {
        let line_or_ipsec =
            n.is(NodeKind::LeasedLine) || (n.is(NodeKind::Vpn) && n.vpn_type != Some(VpnType::Ssl));
        if line_or_ipsec && !n.external && n.connects.is_none() {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}

pub(crate) static NO_PEER: Lack = Lack::new(
    "IPsec VPN {id} has no peer",
    "IPsec VPN {id} 没有写对端设备（peer）",
    "{n} IPsec VPNs have no peer",
    "{n} 个 IPsec VPN 没有写对端设备（peer）",
);
