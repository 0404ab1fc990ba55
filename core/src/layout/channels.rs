//! Which connections are drawn, and on which track: the design's flows (links, and the flows
//! implied by SLB backends), VPN and leased-line connections and EIP attachments become one
//! edge per (from, to, kind), each with its ports. `route.rs` then draws each edge through the
//! channels and gives every piece of every route a track of its own, and `labels.rs` places
//! the port labels where no line runs.

use alloc::vec;
use alloc::vec::Vec;

use super::place::Placed;
use super::EdgeKind;
use crate::index::{Ctx, Endpoint};
use crate::model::{Design, NodeKind};

/// An edge to draw, between two scene nodes.
pub(super) struct Planned<'a> {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// Its ports, sorted (at most eight).
    pub ports: &'a [u16],
    /// The port label goes near the `to` end (else near `from`).
    pub near_end: bool,
}

/// The connections to draw, with the number of labelled edges at each node.
pub(super) struct Channels {
    /// One per (from, to, kind), in that order, with its ports.
    wanted: Vec<((usize, usize, EdgeKind), Vec<u16>)>,
    fan_out: Vec<u32>,
    fan_in: Vec<u32>,
}

/// Collects the connections of the placed drawing.
pub(super) fn plan(design: &Design, cx: &Ctx<'_>, p: &Placed) -> Channels {
    let scene_of = &p.scene_of;
    // Every connection as (from, to, kind, its port + 1 or 0), in the order met; one sort
    // (radix, packed) groups them by (from, to, kind) and keeps that order within a group.
    let mut all: Vec<(i32, i32, i32, u32)> = Vec::with_capacity(cx.flows.len());
    let mut ports: Vec<u32> = Vec::with_capacity(cx.flows.len());
    let mut add = |from: usize, to: usize, kind: EdgeKind, port: Option<u16>| {
        let n = |x: usize| i32::try_from(x).unwrap_or(i32::MAX);
        all.push((n(from), n(to), kind as i32, ports.len() as u32));
        ports.push(port.map_or(0, |p| u32::from(p) + 1));
    };
    for f in &cx.flows {
        let from = match f.from {
            Endpoint::Internet => match p.internet {
                Some(s) => s,
                None => continue,
            },
            Endpoint::Node(i) => scene_of[i],
        };
        let kind = if f.link.is_some() {
            EdgeKind::Flow
        } else {
            EdgeKind::Backend
        };
        add(from, scene_of[f.to], kind, f.port);
    }
    for (i, nd) in design.nodes.iter().enumerate() {
        let target = match nd.kind() {
            NodeKind::Vpn | NodeKind::LeasedLine => nd.connects.as_ref(),
            NodeKind::Eip => nd.attached_to.as_ref(),
            _ => None,
        };
        let Some(t) = target.and_then(|t| cx.node_index(&t.id)) else {
            continue;
        };
        let kind = if nd.is(NodeKind::Eip) {
            EdgeKind::Attach
        } else {
            EdgeKind::Connects
        };
        add(scene_of[i], scene_of[t], kind, None);
    }
    crate::sort::sort_quads(&mut all);
    let mut wanted: Vec<((usize, usize, EdgeKind), Vec<u16>)> = Vec::new();
    let mut i = 0;
    while i < all.len() {
        let (a, b, k, _) = all[i];
        // The first eight distinct ports met, sorted.
        let mut ps: Vec<u16> = Vec::new();
        while i < all.len() && (all[i].0, all[i].1, all[i].2) == (a, b, k) {
            if let Some(p) = ports[all[i].3 as usize].checked_sub(1) {
                let p = p as u16;
                if !ps.contains(&p) && ps.len() < 8 {
                    ps.push(p);
                }
            }
            i += 1;
        }
        crate::sort::sort(&mut ps);
        let kind = EdgeKind::ALL[k as usize & 3];
        wanted.push(((a as usize, b as usize, kind), ps));
    }
    // Port labels go near the end with fewer labelled edges (fan-in: near the sources).
    let mut fan_out = vec![0u32; p.shapes.len()];
    let mut fan_in = vec![0u32; p.shapes.len()];
    for &((a, b, _), ref ports) in &wanted {
        if !ports.is_empty() && a != b {
            fan_out[a] += 1;
            fan_in[b] += 1;
        }
    }
    Channels {
        wanted,
        fan_out,
        fan_in,
    }
}

impl Channels {
    /// An upper bound of the number of edges.
    pub(super) fn len(&self) -> usize {
        self.wanted.len()
    }

    /// Calls `f` with each edge to draw, in (from, to, kind) order. A flow is drawn once: the
    /// backend flow of a pair that also has a link is not repeated; a self-loop is not drawn.
    pub(super) fn each<'s>(&'s self, mut f: impl FnMut(Planned<'s>)) {
        for (n, ((a, b, kind), ports)) in self.wanted.iter().enumerate() {
            let (a, b, kind) = (*a, *b, *kind);
            if a == b {
                continue;
            }
            // (a, b, Flow) sorts just before (a, b, Backend).
            if kind == EdgeKind::Backend && n > 0 && self.wanted[n - 1].0 == (a, b, EdgeKind::Flow)
            {
                continue;
            }
            f(Planned {
                from: a,
                to: b,
                kind,
                ports,
                near_end: self.fan_in[b] <= self.fan_out[a] || self.fan_in[b] <= 1,
            });
        }
    }
}
