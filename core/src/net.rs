//! Security-group reasoning: does a group accept a port from a source?
//!
//! Answers are three-valued because addresses are often unknown: an ECS in a classic region
//! has no address in the design, so a CIDR rule *may* match it. Rules that report a missing
//! permission treat [`Verdict::Maybe`] as allowed; rules that report an excess permission treat
//! it as not proven. Either way an unknown fact never produces a finding.

use alloc::vec::Vec;

use crate::cidr::AddrSet;
use crate::index::{Ctx, Endpoint};
use crate::model::{Action, NodeKind, Protocol, SgRule, Source, VpnType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    No,
    Maybe,
    Yes,
}

impl Verdict {
    /// Yes or Maybe.
    pub fn possible(self) -> bool {
        self != Verdict::No
    }
    fn and(self, o: Verdict) -> Verdict {
        self.min(o)
    }
}

/// Where traffic comes from, for matching against a rule's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum From<'s> {
    Internet,
    Node(usize),
    /// Some addresses, e.g. the SSL VPN client pool.
    Addresses(&'s AddrSet),
}

impl From<'_> {
    pub fn of(e: Endpoint) -> From<'static> {
        match e {
            Endpoint::Internet => From::Internet,
            Endpoint::Node(i) => From::Node(i),
        }
    }
}

/// Whether a rule's `from` matches traffic from `src`.
pub fn source_matches(cx: &Ctx<'_>, from: &Source, src: From<'_>) -> Verdict {
    match (from, src) {
        (Source::Invalid, _) => Verdict::No,
        (Source::Node(id), From::Node(i)) => {
            if cx.node(i).id == *id {
                Verdict::Yes
            } else {
                Verdict::No
            }
        }
        (Source::Node(id), From::Addresses(set)) => {
            match cx.node_index(id).and_then(|j| cx.node_addresses(j)) {
                Some(a) if a.contains_set(set) => Verdict::Yes,
                Some(a) if a.intersects(set) => Verdict::Maybe,
                _ => Verdict::No,
            }
        }
        (Source::Node(_), From::Internet) => Verdict::No,
        (Source::Group(g), From::Node(i)) => match cx.group_index(g) {
            Some(gi) if cx.node_groups[i].contains(&gi) => Verdict::Yes,
            _ => Verdict::No,
        },
        (Source::Group(_), _) => Verdict::No,
        (Source::Cidr(c), From::Internet) => {
            if c.is_private() {
                Verdict::No
            } else {
                Verdict::Yes
            }
        }
        (Source::Cidr(c), From::Addresses(set)) => {
            let cs = AddrSet::from_cidrs(&[*c]);
            if cs.contains_set(set) {
                Verdict::Yes
            } else if cs.intersects(set) {
                Verdict::Maybe
            } else {
                Verdict::No
            }
        }
        (Source::Cidr(c), From::Node(i)) => match cx.node_addresses(i) {
            Some(a) => {
                let cs = AddrSet::from_cidrs(&[*c]);
                if cs.contains_set(&a) {
                    Verdict::Yes
                } else if cs.intersects(&a) {
                    Verdict::Maybe
                } else {
                    Verdict::No
                }
            }
            None => {
                // Nodes with no address in the design: an idc is outside the cloud and
                // reaches it over private lines, anything else is unknown.
                Verdict::Maybe
            }
        },
    }
}

/// Whether a rule's protocol and ports cover traffic of `proto` on `port`.
pub fn rule_covers(rule: &SgRule, proto: Protocol, port: u16) -> Verdict {
    if !rule.protocol.covers(proto) && !(proto == Protocol::All) {
        return Verdict::No;
    }
    match rule.ports {
        Some(r) if r.contains(port) => Verdict::Yes,
        Some(_) => Verdict::No,
        None => Verdict::Maybe,
    }
}

/// Whether a rule matches traffic from `src` on `proto`/`port`.
pub fn rule_matches(
    cx: &Ctx<'_>,
    rule: &SgRule,
    proto: Protocol,
    port: u16,
    src: From<'_>,
) -> Verdict {
    let Some(from) = &rule.from else {
        return Verdict::Maybe.and(rule_covers(rule, proto, port));
    };
    rule_covers(rule, proto, port).and(source_matches(cx, from, src))
}

/// Whether the groups `groups` together accept `proto`/`port` from `src`. A drop rule that
/// surely matches wins over accepts (same-priority drop wins on this platform).
pub fn groups_accept(
    cx: &Ctx<'_>,
    groups: &[usize],
    proto: Protocol,
    port: u16,
    src: From<'_>,
) -> Verdict {
    let mut accept = Verdict::No;
    let mut drop = Verdict::No;
    for &g in groups {
        for rule in &cx.design.security_groups[g].rules {
            let m = rule_matches(cx, rule, proto, port, src);
            match rule.action {
                Action::Accept => accept = accept.max(m),
                Action::Drop => drop = drop.max(m),
            }
        }
    }
    match (accept, drop) {
        (_, Verdict::Yes) => Verdict::No,
        (Verdict::Yes, Verdict::Maybe) => Verdict::Maybe,
        (a, _) => a,
    }
}

/// Whether node `i` (through its security groups) accepts `proto`/`port` from `src`.
/// A node in no group accepts nothing.
pub fn node_accepts(cx: &Ctx<'_>, i: usize, proto: Protocol, port: u16, src: From<'_>) -> Verdict {
    groups_accept(cx, &cx.node_groups[i], proto, port, src)
}

/// The protocol of a link as written (`udp` → udp, otherwise tcp).
pub fn flow_protocol(p: Option<&str>) -> Protocol {
    match p {
        Some(p) if p.eq_ignore_ascii_case("udp") => Protocol::Udp,
        _ => Protocol::Tcp,
    }
}

/// The SSL VPN nodes of the design.
pub fn ssl_vpns<'a>(cx: &'a Ctx<'_>) -> impl Iterator<Item = usize> + 'a {
    cx.design
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is(NodeKind::Vpn) && n.vpn_type == Some(VpnType::Ssl))
        .map(|(i, _)| i)
}

/// The management jump path: the production ECS that can be reached on their management port
/// from some bastion, directly or through a chain of production ECS each reachable from the
/// previous one. `Maybe` counts as reachable (unknown facts never produce a finding).
///
/// Each round looks at the accept rules of the ECS not reached yet and asks whether their source
/// may be a node reached so far (by id, by group, or by address), so a round is linear in the
/// number of rules.
pub fn managed_from_bastions(cx: &Ctx<'_>) -> Vec<bool> {
    let n = cx.design.nodes.len();
    let mut reached = alloc::vec![false; n];
    let mut group_reached = alloc::vec![false; cx.design.security_groups.len()];
    let mut unknown_addr_reached = false;
    let mut addrs = AddrSet::new();
    let mut newly: Vec<usize> = cx.bastions.clone();
    let mut pending: Vec<usize> = (0..n).filter(|&i| cx.production[i]).collect();
    while !newly.is_empty() {
        for &s in &newly {
            reached[s] = true;
            for &g in &cx.node_groups[s] {
                group_reached[g] = true;
            }
            match cx.node_addresses(s) {
                Some(a) => addrs = addrs.union(&a),
                None => unknown_addr_reached = true,
            }
        }
        newly.clear();
        pending.retain(|&e| {
            let port = cx.node(e).os.management_port();
            let hit = cx.node_groups[e].iter().any(|&g| {
                cx.design.security_groups[g].rules.iter().any(|r| {
                    r.action == Action::Accept
                        && rule_covers(r, Protocol::Tcp, port).possible()
                        && match &r.from {
                            None => true,
                            Some(Source::Invalid) => false,
                            Some(Source::Node(id)) => cx.node_index(id).is_some_and(|j| reached[j]),
                            Some(Source::Group(g)) => {
                                cx.group_index(g).is_some_and(|gi| group_reached[gi])
                            }
                            Some(Source::Cidr(c)) => {
                                unknown_addr_reached || addrs.intersects_cidr(*c)
                            }
                        }
                })
            });
            if hit {
                newly.push(e);
            }
            !hit
        });
    }
    reached
}
