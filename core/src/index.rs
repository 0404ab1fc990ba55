//! The lookup tables every rule shares, computed once per design.

use alloc::vec;
use alloc::vec::Vec;
use core::hash::{BuildHasherDefault, Hasher};

use crate::cidr::{AddrSet, Cidr};
use crate::model::*;
use crate::ordmap::OrdMap;

/// FxHash (as in rustc): fast, fixed, good enough for identifier keys.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(26) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(26) ^ b as u64).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(26) ^ i as u64).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// A hash map with a fixed hasher (lookups only: never iterate it for output).
pub type Map<K, V> = hashbrown::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Region(usize),
    /// (region, zone)
    Zone(usize, usize),
    Vpc(usize),
    /// (vpc, vswitch)
    VSwitch(usize, usize),
    Group(usize),
    Node(usize),
}

/// One end of a traffic flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Endpoint {
    Internet,
    Node(usize),
}

/// A traffic flow: a link of the design, or one implied by an SLB's `backends`.
#[derive(Debug, Clone, PartialEq)]
pub struct Flow<'a> {
    pub from: Endpoint,
    /// The node traffic goes to.
    pub to: usize,
    pub port: Option<u16>,
    /// The link's protocol as written (compare without regard to case), if any; `tcp` or
    /// `udp` for flows implied by an SLB listener.
    pub protocol: Option<&'a str>,
    /// Pointer of the link, or of the backend entry for implied flows.
    pub ptr: &'a str,
    /// Index into `design.links`, or `None` when implied by an SLB backend.
    pub link: Option<usize>,
}

/// The lookup tables. Built once; rules only read.
pub struct Ctx<'a> {
    pub design: &'a Design,
    /// The first definition of every id.
    pub ids: Map<&'a str, Entity>,
    /// Per node: the region it is in (ECS through its zone or vSwitch).
    pub node_region: Vec<Option<usize>>,
    /// Per node: (region, zone) for ECS placed in a zone or a vSwitch.
    pub node_zone: Vec<Option<(usize, usize)>>,
    /// Per node: (vpc, vswitch) for nodes placed in a vSwitch.
    pub node_vswitch: Vec<Option<(usize, usize)>>,
    /// Per node: production ECS (role app or database, in a primary region).
    pub production: Vec<bool>,
    /// Per node: the security groups it lists that exist.
    pub node_groups: Vec<Vec<usize>>,
    /// Per group: the nodes that list it.
    pub group_members: Vec<Vec<usize>>,
    /// Production modules: module name → production ECS, in design order.
    pub modules: OrdMap<&'a str, Vec<usize>>,
    /// ECS with role `bastion`.
    pub bastions: Vec<usize>,
    /// Every traffic flow: links, then the flows implied by SLB backends.
    pub flows: Vec<Flow<'a>>,
    /// Per node: indices into `flows` of the flows that reach it.
    pub incoming: Vec<Vec<usize>>,
    /// Per node: indices into `flows` of the flows that start at it.
    pub outgoing: Vec<Vec<usize>>,
    /// Per node: the EIPs attached to it.
    pub eips: Vec<Vec<usize>>,
    /// Per vpc: its region index.
    pub vpc_region: Vec<Option<usize>>,
    /// Per region: its network as stated, or `vpc` when absent and a VPC is placed in it.
    pub region_networks: Vec<Option<Network>>,
    /// The union of every SSL VPN client pool.
    pub vpn_pool: AddrSet,
    /// Per ignore entry: whether it matched a finding (set between the phases).
    pub ignore_used: Vec<bool>,
    /// Today's date (from the lint options), for DF009.
    pub today: Option<crate::date::Date>,
}

impl<'a> Ctx<'a> {
    pub fn new(design: &'a Design) -> Ctx<'a> {
        let n = design.nodes.len();
        let mut ids: Map<&'a str, Entity> = Map::default();
        ids.reserve(n + design.security_groups.len() + design.regions.len());
        let mut add = |id: &'a str, e: Entity| {
            if !id.is_empty() {
                ids.entry(id).or_insert(e);
            }
        };
        for (ri, r) in design.regions.iter().enumerate() {
            add(&r.id, Entity::Region(ri));
            for (zi, z) in r.zones.iter().enumerate() {
                add(&z.id, Entity::Zone(ri, zi));
            }
        }
        for (vi, v) in design.vpcs.iter().enumerate() {
            add(&v.id, Entity::Vpc(vi));
            for (si, s) in v.vswitches.iter().enumerate() {
                add(&s.id, Entity::VSwitch(vi, si));
            }
        }
        for (gi, g) in design.security_groups.iter().enumerate() {
            add(&g.id, Entity::Group(gi));
        }
        for (ni, nd) in design.nodes.iter().enumerate() {
            add(&nd.id, Entity::Node(ni));
        }

        let region_of = |r: &Option<Ref>| -> Option<usize> {
            match ids.get(r.as_ref()?.id.as_str()) {
                Some(Entity::Region(i)) => Some(*i),
                _ => None,
            }
        };
        let vpc_region: Vec<Option<usize>> =
            design.vpcs.iter().map(|v| region_of(&v.region)).collect();

        let mut region_networks: Vec<Option<Network>> =
            design.regions.iter().map(|r| r.network).collect();
        for r in vpc_region.iter().flatten() {
            if region_networks[*r].is_none() {
                region_networks[*r] = Some(Network::Vpc);
            }
        }

        let mut node_region = vec![None; n];
        let mut node_zone = vec![None; n];
        let mut node_vswitch = vec![None; n];
        let mut production = vec![false; n];
        let mut bastions = Vec::new();
        for (i, nd) in design.nodes.iter().enumerate() {
            if let Some(z) = &nd.zone {
                if let Some(Entity::Zone(r, zi)) = ids.get(z.id.as_str()) {
                    node_zone[i] = Some((*r, *zi));
                    node_region[i] = Some(*r);
                }
            }
            if let Some(s) = &nd.vswitch {
                if let Some(Entity::VSwitch(v, si)) = ids.get(s.id.as_str()) {
                    node_vswitch[i] = Some((*v, *si));
                    if let Some(r) = vpc_region[*v] {
                        node_region[i] = Some(r);
                        let zone_id = design.vpcs[*v].vswitches[*si].zone.as_ref();
                        if let Some(Entity::Zone(zr, zi)) =
                            zone_id.and_then(|z| ids.get(z.id.as_str()))
                        {
                            if *zr == r {
                                node_zone[i] = Some((r, *zi));
                            }
                        }
                    }
                }
            }
            if node_region[i].is_none() {
                node_region[i] = region_of(&nd.region);
            }
            if nd.is(NodeKind::Ecs) {
                let primary =
                    node_region[i].is_some_and(|r| design.regions[r].role == RegionRole::Primary);
                production[i] = primary && matches!(nd.role, EcsRole::App | EcsRole::Database);
                if nd.role == EcsRole::Bastion {
                    bastions.push(i);
                }
            }
        }

        let mut node_groups = vec![Vec::new(); n];
        let mut group_members = vec![Vec::new(); design.security_groups.len()];
        for (i, nd) in design.nodes.iter().enumerate() {
            for g in &nd.security_groups {
                if let Some(Entity::Group(gi)) = ids.get(g.id.as_str()) {
                    if !node_groups[i].contains(gi) {
                        node_groups[i].push(*gi);
                        group_members[*gi].push(i);
                    }
                }
            }
        }

        let mut modules: OrdMap<&'a str, Vec<usize>> = OrdMap::new();
        for (i, nd) in design.nodes.iter().enumerate() {
            if production[i] {
                modules.or_default(nd.module_name()).push(i);
            }
        }

        let node_of = |id: &str| -> Option<usize> {
            match ids.get(id) {
                Some(Entity::Node(i)) => Some(*i),
                _ => None,
            }
        };
        let mut flows = Vec::new();
        for (li, l) in design.links.iter().enumerate() {
            let (Some(f), Some(t)) = (&l.from, &l.to) else {
                continue;
            };
            let from = if f.id == "internet" {
                Endpoint::Internet
            } else {
                match node_of(&f.id) {
                    Some(i) => Endpoint::Node(i),
                    None => continue,
                }
            };
            let Some(to) = node_of(&t.id) else { continue };
            flows.push(Flow {
                from,
                to,
                port: l.port,
                protocol: l.protocol.as_deref(),
                ptr: &l.ptr,
                link: Some(li),
            });
        }
        for (i, nd) in design.nodes.iter().enumerate() {
            if !nd.is(NodeKind::Slb) {
                continue;
            }
            for b in nd.backends.iter().flatten() {
                let Some(to) = node_of(&b.id) else { continue };
                let mut ports: Vec<(u16, Option<&'a str>)> = Vec::new();
                for l in &nd.listeners {
                    if let Some(p) = l.effective_backend_port() {
                        let proto = match l.protocol.as_deref() {
                            Some("udp") => Some("udp"),
                            _ => Some("tcp"),
                        };
                        if !ports.iter().any(|(q, pr)| *q == p && *pr == proto) {
                            ports.push((p, proto));
                        }
                    }
                }
                if ports.is_empty() {
                    flows.push(Flow {
                        from: Endpoint::Node(i),
                        to,
                        port: None,
                        protocol: None,
                        ptr: &b.ptr,
                        link: None,
                    });
                }
                for (p, proto) in ports {
                    flows.push(Flow {
                        from: Endpoint::Node(i),
                        to,
                        port: Some(p),
                        protocol: proto,
                        ptr: &b.ptr,
                        link: None,
                    });
                }
            }
        }

        let mut incoming = vec![Vec::new(); n];
        let mut outgoing = vec![Vec::new(); n];
        for (fi, f) in flows.iter().enumerate() {
            incoming[f.to].push(fi);
            if let Endpoint::Node(s) = f.from {
                outgoing[s].push(fi);
            }
        }

        let mut eips = vec![Vec::new(); n];
        for (i, nd) in design.nodes.iter().enumerate() {
            if nd.is(NodeKind::Eip) {
                if let Some(t) = nd.attached_to.as_ref().and_then(|a| node_of(&a.id)) {
                    eips[t].push(i);
                }
            }
        }

        let mut pools: Vec<Cidr> = Vec::new();
        for nd in &design.nodes {
            if nd.is(NodeKind::Vpn) && nd.vpn_type == Some(VpnType::Ssl) {
                pools.extend_from_slice(&client_cidrs(nd));
            }
        }
        let vpn_pool = AddrSet::from_cidrs(&pools);

        Ctx {
            design,
            ids,
            node_region,
            node_zone,
            node_vswitch,
            production,
            node_groups,
            group_members,
            modules,
            bastions,
            flows,
            incoming,
            outgoing,
            eips,
            vpc_region,
            region_networks,
            vpn_pool,
            ignore_used: vec![false; design.ignores.len()],
            today: None,
        }
    }

    pub fn node(&self, i: usize) -> &'a Node {
        &self.design.nodes[i]
    }
    /// The node an id names.
    pub fn node_index(&self, id: &str) -> Option<usize> {
        match self.ids.get(id) {
            Some(Entity::Node(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn group_index(&self, id: &str) -> Option<usize> {
        match self.ids.get(id) {
            Some(Entity::Group(i)) => Some(*i),
            _ => None,
        }
    }
    pub fn region_index(&self, id: &str) -> Option<usize> {
        match self.ids.get(id) {
            Some(Entity::Region(i)) => Some(*i),
            _ => None,
        }
    }
    /// The network type of the region node `i` is in, if known.
    pub fn network_of(&self, i: usize) -> Option<Network> {
        self.node_region[i].and_then(|r| self.region_networks[r])
    }
    /// The region's network: as stated, or `vpc` when absent and a VPC is placed in it
    /// (`None`: unknown).
    pub fn region_network(&self, r: usize) -> Option<Network> {
        self.region_networks[r]
    }
    pub fn is_primary_region(&self, r: usize) -> bool {
        self.design.regions[r].role == RegionRole::Primary
    }
    pub fn is_ecs(&self, i: usize) -> bool {
        self.design.nodes[i].is(NodeKind::Ecs)
    }
    pub fn is_bastion(&self, i: usize) -> bool {
        let nd = &self.design.nodes[i];
        nd.is(NodeKind::Ecs) && nd.role == EcsRole::Bastion
    }
    /// The vSwitch a node is placed in.
    pub fn vswitch_of(&self, i: usize) -> Option<&'a VSwitch> {
        self.node_vswitch[i].map(|(v, s)| &self.design.vpcs[v].vswitches[s])
    }
    /// The id of the zone an ECS is in.
    pub fn zone_id(&self, i: usize) -> Option<&'a str> {
        self.node_zone[i].map(|(r, z)| self.design.regions[r].zones[z].id.as_str())
    }
    /// The known address range of a node: its vSwitch CIDR (VPC), or the client pool of an
    /// SSL VPN, or `None` when unknown (classic network, or not given).
    pub fn node_addresses(&self, i: usize) -> Option<AddrSet> {
        let nd = &self.design.nodes[i];
        if nd.is(NodeKind::Vpn) && nd.vpn_type == Some(VpnType::Ssl) {
            let cidrs = client_cidrs(nd);
            return (!cidrs.is_empty()).then(|| AddrSet::from_cidrs(&cidrs));
        }
        let c = self.vswitch_of(i)?.cidr.as_ref()?.cidr?;
        Some(AddrSet::from_cidrs(&[c]))
    }
    /// Flows that reach node `i`.
    pub fn flows_to(&self, i: usize) -> impl Iterator<Item = &Flow<'a>> {
        self.incoming[i].iter().map(|&f| &self.flows[f])
    }
    /// Flows that start at node `i`.
    pub fn flows_from(&self, i: usize) -> impl Iterator<Item = &Flow<'a>> {
        self.outgoing[i].iter().map(|&f| &self.flows[f])
    }
    /// Whether a node has public bandwidth or an EIP.
    pub fn has_public_address(&self, i: usize) -> bool {
        self.design.nodes[i]
            .public_bandwidth_mbps
            .is_some_and(|b| b > 0.0)
            || !self.eips[i].is_empty()
    }
}

/// The valid CIDRs of an SSL VPN's client pool.
fn client_cidrs(nd: &Node) -> Vec<Cidr> {
    let mut out = Vec::new();
    for a in &nd.client_ips {
        if let Some(c) = a.cidr {
            out.push(c);
        }
    }
    out
}
