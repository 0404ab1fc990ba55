//! Security-group reasoning: does a group accept a port from a source?
//!
//! Answers are three-valued because addresses are often unknown: an ECS in a classic region
//! has no address in the design, so a CIDR rule *may* match it. Rules that report a missing
//! permission treat [`Verdict::Maybe`] as allowed; rules that report an excess permission treat
//! it as not proven. Either way an unknown fact never produces a finding.

use alloc::vec::Vec;

use crate::cidr::{AddrSet, Cidr};
use crate::index::{Ctx, Endpoint};
use crate::model::{Action, NodeKind, PortRange, Protocol, SgRule, Source, VpnType};
use crate::rules::helpers::{Blocked, Drops};

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
pub enum From {
    Internet,
    Node(usize),
}

impl From {
    pub fn of(e: Endpoint) -> From {
        match e {
            Endpoint::Internet => From::Internet,
            Endpoint::Node(i) => From::Node(i),
        }
    }
}

/// Whether a rule's `from` matches traffic from `src`.
pub fn source_matches(cx: &Ctx<'_>, from: &Source, src: From) -> Verdict {
    match (from, src) {
        (Source::Invalid, _) => Verdict::No,
        (Source::Node(id), From::Node(i)) => {
            if cx.node(i).id == *id {
                Verdict::Yes
            } else {
                Verdict::No
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
pub fn rule_matches(cx: &Ctx<'_>, rule: &SgRule, proto: Protocol, port: u16, src: From) -> Verdict {
    let Some(from) = &rule.from else {
        return Verdict::Maybe.and(rule_covers(rule, proto, port));
    };
    rule_covers(rule, proto, port).and(source_matches(cx, from, src))
}

/// Whether the groups `groups` together accept `proto`/`port` from `src`. A drop rule wins
/// over accept rules for the traffic it matches, whatever their order: when the drops surely
/// match all of the traffic (one drop, or several together), nothing is accepted; when they
/// may match it, an accept is no longer sure.
pub fn groups_accept(
    cx: &Ctx<'_>,
    groups: &[usize],
    proto: Protocol,
    port: u16,
    src: From,
) -> Verdict {
    let mut accept = Verdict::No;
    let mut may_drop = false;
    let mut dropped = Blocked::new();
    for &g in groups {
        for rule in &cx.design.security_groups[g].rules {
            let m = rule_matches(cx, rule, proto, port, src);
            match rule.action {
                Action::Accept => accept = accept.max(m),
                Action::Drop => {
                    may_drop |= m.possible();
                    dropped.add(rule, proto, PortRange::single(port));
                }
            }
        }
    }
    if accept == Verdict::No || dropped.blocks(cx, src) {
        Verdict::No
    } else if may_drop {
        Verdict::Maybe
    } else {
        accept
    }
}

/// Whether node `i` (through its security groups) accepts `proto`/`port` from `src`.
/// A node in no group accepts nothing.
pub fn node_accepts(cx: &Ctx<'_>, i: usize, proto: Protocol, port: u16, src: From) -> Verdict {
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
/// previous one. `Maybe` counts as reachable (unknown facts never produce a finding). A drop
/// rule wins over the accepts: an ECS whose groups surely drop its management port from a
/// source is not reached from that source (from anywhere, for a drop of `0.0.0.0/0`).
///
/// A worklist over the accept rules of the production ECS, indexed by what they name (a node,
/// a group, an address range), so the cost is linear in rules and reached nodes, whatever the
/// length of the chain; address rules are rescanned only when a new distinct address range is
/// reached. An ECS whose drops block some sources but not all is kept apart and tried (with
/// [`groups_accept`], which lets a drop win) against each reached source until it is reached;
/// ECS with the same groups and management port are tried once, together (they share the
/// verdict), so the cost is that of reached sources × such distinct group lists.
pub fn managed_from_bastions(cx: &Ctx<'_>) -> Vec<bool> {
    let n = cx.design.nodes.len();
    let drops = Drops::new(cx);
    let mut by_node: Vec<Vec<usize>> = alloc::vec![Vec::new(); n];
    let mut by_group: Vec<Vec<usize>> = alloc::vec![Vec::new(); cx.design.security_groups.len()];
    let mut by_cidr: Vec<(crate::cidr::Cidr, usize)> = Vec::new();
    let mut any_source: Vec<usize> = Vec::new();
    // ECS whose drops surely block some sources but not all.
    let mut pending: Vec<usize> = Vec::new();
    for e in 0..n {
        if !cx.production[e] {
            continue;
        }
        let port = cx.node(e).os.management_port();
        let b = drops.blocked(&cx.node_groups[e], Protocol::Tcp, PortRange::single(port));
        if b.addrs.contains_cidr(Cidr::ALL) {
            continue; // dropped from everywhere
        }
        if !b.is_empty() {
            pending.push(e);
            continue;
        }
        for &g in &cx.node_groups[e] {
            for r in &cx.design.security_groups[g].rules {
                if r.action != Action::Accept || !rule_covers(r, Protocol::Tcp, port).possible() {
                    continue;
                }
                match &r.from {
                    None => any_source.push(e),
                    Some(Source::Invalid) => {}
                    Some(Source::Node(id)) => {
                        if let Some(j) = cx.node_index(id) {
                            by_node[j].push(e);
                        }
                    }
                    Some(Source::Group(g)) => {
                        if let Some(gi) = cx.group_index(g) {
                            by_group[gi].push(e);
                        }
                    }
                    Some(Source::Cidr(c)) => by_cidr.push((*c, e)),
                }
            }
        }
    }
    // … in runs of the same groups and management port: (first, end) in `pending`.
    let key = |e: usize| {
        (
            cx.node_groups[e].as_slice(),
            cx.node(e).os.management_port(),
        )
    };
    crate::sort::sort_by(&mut pending, |&a, &b| key(a).cmp(&key(b)));
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for k in 0..pending.len() {
        match runs.last_mut() {
            Some(r) if key(pending[r.0]) == key(pending[k]) => r.1 = k + 1,
            _ => runs.push((k, k + 1)),
        }
    }
    let mut reached = alloc::vec![false; n];
    let mut group_seen = alloc::vec![false; cx.design.security_groups.len()];
    let mut seen_sets: Vec<AddrSet> = Vec::new();
    let mut unknown_seen = false;
    let mut cidr_fired = alloc::vec![false; by_cidr.len()];
    let mut queue: Vec<usize> = Vec::new();
    for &b in &cx.bastions {
        if !reached[b] {
            reached[b] = true;
            queue.push(b);
        }
    }
    if !queue.is_empty() {
        for &e in &any_source {
            if !reached[e] {
                reached[e] = true;
                queue.push(e);
            }
        }
    }
    let push = |e: usize, reached: &mut Vec<bool>, queue: &mut Vec<usize>| {
        if !reached[e] {
            reached[e] = true;
            queue.push(e);
        }
    };
    while let Some(s) = queue.pop() {
        for &e in &by_node[s] {
            push(e, &mut reached, &mut queue);
        }
        for &g in &cx.node_groups[s] {
            if !group_seen[g] {
                group_seen[g] = true;
                for &e in &by_group[g] {
                    push(e, &mut reached, &mut queue);
                }
            }
        }
        match cx.node_addresses(s) {
            None if !unknown_seen => {
                unknown_seen = true;
                for (k, &(_, e)) in by_cidr.iter().enumerate() {
                    cidr_fired[k] = true;
                    push(e, &mut reached, &mut queue);
                }
            }
            None => {}
            Some(a) if !unknown_seen && !seen_sets.contains(&a) => {
                for (k, &(c, e)) in by_cidr.iter().enumerate() {
                    if !cidr_fired[k] && a.intersects_cidr(c) {
                        cidr_fired[k] = true;
                        push(e, &mut reached, &mut queue);
                    }
                }
                seen_sets.push(a);
            }
            Some(_) => {}
        }
        let mut k = 0;
        while k < runs.len() {
            let (first, end) = runs[k];
            let (groups, port) = key(pending[first]);
            if groups_accept(cx, groups, Protocol::Tcp, port, From::Node(s)).possible() {
                for &e in &pending[first..end] {
                    push(e, &mut reached, &mut queue);
                }
                runs.swap_remove(k);
            } else {
                k += 1;
            }
        }
    }
    reached
}
