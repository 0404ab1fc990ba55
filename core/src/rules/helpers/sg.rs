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
use crate::net::From;

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

impl<'a> Blocked<'a> {
    /// Nothing blocked yet.
    pub fn new() -> Blocked<'a> {
        Blocked {
            addrs: AddrSet::new(),
            nodes: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// Takes in `rule` when it is a drop that surely applies to `proto` on all of `ports`: its
    /// protocol covers `proto` and its stated ports contain them.
    pub fn add(&mut self, rule: &'a SgRule, proto: Protocol, ports: PortRange) {
        let applies = rule.action == Action::Drop
            && rule.protocol.covers(proto)
            && rule
                .ports
                .is_some_and(|r| r.lo <= ports.lo && ports.hi <= r.hi);
        if !applies {
            return;
        }
        match &rule.from {
            Some(Source::Cidr(c)) => self.addrs.insert(*c),
            Some(Source::Node(id)) => self.nodes.push(id),
            Some(Source::Group(id)) => self.groups.push(id),
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.addrs.is_empty() && self.nodes.is_empty() && self.groups.is_empty()
    }

    /// Whether these drops surely block all traffic from `src`: by its id, a group it is in,
    /// or addresses that hold all of its own (`internet` only by every address).
    pub fn blocks(&self, cx: &Ctx<'_>, src: From) -> bool {
        self.addrs.contains_cidr(Cidr::ALL)
            || match src {
                From::Internet => false,
                From::Node(i) => {
                    self.nodes.contains(&cx.node(i).id.as_str())
                        || cx.node_groups[i].iter().any(|&g| {
                            self.groups
                                .contains(&cx.design.security_groups[g].id.as_str())
                        })
                        || cx
                            .node_addresses(i)
                            .is_some_and(|a| !a.is_empty() && self.addrs.contains_set(&a))
                }
            }
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
        let mut b = Blocked::new();
        for &g in groups {
            for d in self.per_group.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                b.add(d, proto, ports);
            }
        }
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
        // The drops that apply stay the same between the ports where a drop's range starts or
        // ends: one port of each such stretch (its first) stands for all of it.
        let (lo, hi) = (u32::from(ports.lo), u32::from(ports.hi));
        if !self.cancels_at(cx, groups, proto, ports.lo, src) {
            return false;
        }
        for &g in groups {
            for d in self.per_group.get(g).map(Vec::as_slice).unwrap_or(&[]) {
                let Some(r) = d.ports.filter(|_| d.protocol.covers(proto)) else {
                    continue;
                };
                for c in [u32::from(r.lo), u32::from(r.hi) + 1] {
                    // `c` lies within `ports`, so it fits in a u16.
                    if lo < c && c <= hi && !self.cancels_at(cx, groups, proto, c as u16, src) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// [`Drops::cancels`] for one protocol and one port.
    fn cancels_at(
        &self,
        cx: &Ctx<'_>,
        groups: &[usize],
        proto: Protocol,
        port: u16,
        src: &Source,
    ) -> bool {
        let b = self.blocked(groups, proto, PortRange::single(port));
        if b.is_empty() {
            return false;
        }
        match src {
            Source::Cidr(c) => b.addrs.contains_cidr(*c),
            Source::Node(id) => {
                b.nodes.contains(&id.as_str())
                    || cx
                        .node_index(id)
                        .is_some_and(|j| b.blocks(cx, From::Node(j)))
            }
            Source::Group(id) => {
                b.addrs.contains_cidr(Cidr::ALL) || b.groups.contains(&id.as_str())
            }
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
