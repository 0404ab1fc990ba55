//! Security-group reasoning shared by the BH and SG rules.
//!
//! A `drop` rule wins over an `accept` rule for the same traffic (same protocol, port and a
//! matching source), whatever their order: an accept counts only for what no drop rule of the
//! same ECS's groups surely blocks. [`Drops`] answers "is this accept cancelled?" cheaply; the
//! three-valued [`crate::net::node_accepts`] applies the same precedence to one flow.

use alloc::string::String;
use alloc::vec::Vec;

use crate::cidr::{AddrSet, Cidr};
use crate::index::Ctx;
use crate::model::{Action, PortRange, Protocol, SgRule, Source};

/// An accept rule that surely lets tcp traffic reach `port`: protocol tcp or all, and ports
/// stated and containing `port` (unknown ports prove nothing). Drop rules are not consulted:
/// combine with [`Drops`].
pub(crate) fn accepts_tcp_port(rule: &SgRule, port: u16) -> bool {
    rule.action == Action::Accept
        && rule.protocol.covers(Protocol::Tcp)
        && rule.ports.is_some_and(|r| r.contains(port))
}

/// The drop rules of every security group, indexed by group, so that the question "is this
/// accept cancelled by a drop?" costs only as much as the drops there are.
pub(crate) struct Drops<'a> {
    per_group: Vec<Vec<&'a SgRule>>,
}

/// What the drop rules of some groups surely block for one protocol and port range.
pub(crate) struct Blocked<'a> {
    /// Addresses of CIDR sources.
    pub addrs: AddrSet,
    /// Node ids named as sources.
    pub nodes: Vec<&'a str>,
    /// Group ids named as `sg:` sources.
    pub groups: Vec<&'a str>,
}

impl Blocked<'_> {
    pub fn is_empty(&self) -> bool {
        self.addrs.is_empty() && self.nodes.is_empty() && self.groups.is_empty()
    }
}

impl<'a> Drops<'a> {
    pub fn new(cx: &Ctx<'a>) -> Drops<'a> {
        let per_group = cx
            .design
            .security_groups
            .iter()
            .map(|g| {
                g.rules
                    .iter()
                    .filter(|r| r.action == Action::Drop)
                    .collect()
            })
            .collect();
        Drops { per_group }
    }

    /// What the drop rules of `groups` surely block: drops whose protocol covers `proto` and
    /// whose stated ports contain all of `ports`.
    pub fn blocked(&self, groups: &[usize], proto: Protocol, ports: PortRange) -> Blocked<'a> {
        let mut cidrs: Vec<Cidr> = Vec::new();
        let mut b = Blocked {
            addrs: AddrSet::new(),
            nodes: Vec::new(),
            groups: Vec::new(),
        };
        for &g in groups {
            for d in self.per_group.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                let applies = d.protocol.covers(proto)
                    && d.ports
                        .is_some_and(|r| r.lo <= ports.lo && ports.hi <= r.hi);
                if !applies {
                    continue;
                }
                match &d.from {
                    Some(Source::Cidr(c)) => cidrs.push(*c),
                    Some(Source::Node(id)) => b.nodes.push(id),
                    Some(Source::Group(id)) => b.groups.push(id),
                    _ => {}
                }
            }
        }
        b.addrs = AddrSet::from_cidrs(&cidrs);
        b
    }

    /// Whether the drop rules of `groups` surely block everything an accept rule with source
    /// `src` lets in on `proto`/`ports`. Several drops may share the work: their port ranges
    /// are taken together (`1-1000` and `1001-65535` block all ports), and so are their
    /// addresses. An accept of protocol `all` is cancelled when both its tcp and its udp
    /// traffic are (ports mean nothing to icmp).
    pub fn cancels(
        &self,
        cx: &Ctx<'_>,
        groups: &[usize],
        proto: Protocol,
        ports: PortRange,
        src: &Source,
    ) -> bool {
        if groups
            .iter()
            .all(|&g| self.per_group.get(g).is_none_or(Vec::is_empty))
        {
            return false;
        }
        if proto == Protocol::All {
            return self.cancels(cx, groups, Protocol::Tcp, ports, src)
                && self.cancels(cx, groups, Protocol::Udp, ports, src);
        }
        self.segments(groups, proto, ports)
            .iter()
            .all(|&seg| self.cancels_one(cx, groups, proto, seg, src))
    }

    /// `ports` cut where the port range of a drop of `groups` for `proto` starts or ends, so
    /// that each piece is either wholly inside or wholly outside every such drop.
    fn segments(&self, groups: &[usize], proto: Protocol, ports: PortRange) -> Vec<PortRange> {
        let mut cuts: Vec<u32> = Vec::new();
        for &g in groups {
            for d in self.per_group.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                let Some(r) = d.ports.filter(|_| d.protocol.covers(proto)) else {
                    continue;
                };
                for c in [u32::from(r.lo), u32::from(r.hi) + 1] {
                    if u32::from(ports.lo) < c && c <= u32::from(ports.hi) {
                        cuts.push(c);
                    }
                }
            }
        }
        // The shared small-code sort (core/src/sort.rs): `sort_unstable` links the standard
        // library's own, about 2 KB gzip of the docs widget's WASM.
        crate::sort::sort(&mut cuts);
        cuts.dedup();
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut lo = u32::from(ports.lo);
        for c in cuts.into_iter().chain([u32::from(ports.hi) + 1]) {
            // Both ends lie within `ports`, so they fit in a u16.
            out.push(PortRange {
                lo: lo as u16,
                hi: (c - 1) as u16,
            });
            lo = c;
        }
        out
    }

    /// [`Drops::cancels`] for one protocol and a port range no drop's range cuts.
    fn cancels_one(
        &self,
        cx: &Ctx<'_>,
        groups: &[usize],
        proto: Protocol,
        ports: PortRange,
        src: &Source,
    ) -> bool {
        let b = self.blocked(groups, proto, ports);
        if b.is_empty() {
            return false;
        }
        if b.addrs.contains_cidr(Cidr::ALL) {
            return true;
        }
        match src {
            Source::Cidr(c) => b.addrs.contains_cidr(*c),
            Source::Node(id) => {
                if b.nodes.contains(&id.as_str()) {
                    return true;
                }
                let Some(j) = cx.node_index(id) else {
                    return false;
                };
                let in_group = cx.node_groups[j]
                    .iter()
                    .any(|&g| b.groups.contains(&cx.design.security_groups[g].id.as_str()));
                in_group
                    || cx
                        .node_addresses(j)
                        .is_some_and(|a| !a.is_empty() && b.addrs.contains_set(&a))
            }
            Source::Group(id) => b.groups.contains(&id.as_str()),
            Source::Invalid => true,
        }
    }

    /// [`Drops::cancels`] for an accept rule of group `gi`: the rule is cancelled when, for
    /// every instance in the group, the drops of that instance's groups cancel it (a drop
    /// applies to the ECS whose groups hold it). A group without members has only its own
    /// drops.
    pub fn cancels_in_group(
        &self,
        cx: &Ctx<'_>,
        gi: usize,
        proto: Protocol,
        ports: PortRange,
        src: &Source,
    ) -> bool {
        let members = cx.group_members.get(gi).map_or(&[][..], Vec::as_slice);
        if members.is_empty() {
            return self.cancels(cx, &[gi], proto, ports, src);
        }
        members
            .iter()
            .all(|&m| self.cancels(cx, &cx.node_groups[m], proto, ports, src))
    }

    /// What the drop rules surely block, for an accept rule of group `gi`: one [`Blocked`] per
    /// member of the group (from the member's groups), or the group's own when it has none.
    /// Traffic is blocked for the rule as a whole only when every one of them blocks it.
    pub fn blocked_in_group(
        &self,
        cx: &Ctx<'_>,
        gi: usize,
        proto: Protocol,
        ports: PortRange,
    ) -> Vec<Blocked<'a>> {
        let members = cx.group_members.get(gi).map_or(&[][..], Vec::as_slice);
        if members.is_empty() {
            return alloc::vec![self.blocked(&[gi], proto, ports)];
        }
        members
            .iter()
            .map(|&m| self.blocked(&cx.node_groups[m], proto, ports))
            .collect()
    }
}

/// How to name the bastions as a source in a help text (English, Chinese): the group of the
/// first bastion that has one, else the first bastion, else a placeholder.
pub(crate) fn bastion_source(cx: &Ctx<'_>) -> (String, String) {
    for &b in &cx.bastions {
        if let Some(&g) = cx.node_groups[b].first() {
            let gid = &cx.design.security_groups[g].id;
            return (
                alloc::format!("the bastions' group `sg:{gid}`"),
                alloc::format!("堡垒机所在的安全组 `sg:{gid}`"),
            );
        }
    }
    if let Some(&b) = cx.bastions.first() {
        let id = &cx.node(b).id;
        return (
            alloc::format!("the bastion `{id}`"),
            alloc::format!("堡垒机 `{id}`"),
        );
    }
    (
        String::from("the security group of a bastion (`sg:<id>`; add a bastion first)"),
        String::from("堡垒机所在的安全组（`sg:<id>`，需先增加堡垒机）"),
    )
}
