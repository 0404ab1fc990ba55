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
use crate::ordmap::OrdMap;

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
    wanted: OrdMap<(usize, usize, EdgeKind), Vec<u16>>,
    fan_out: Vec<u32>,
    fan_in: Vec<u32>,
}

/// Collects the connections of the placed drawing.
pub(super) fn plan(design: &Design, cx: &Ctx<'_>, p: &Placed) -> Channels {
    let scene_of = &p.scene_of;
    let mut wanted: OrdMap<(usize, usize, EdgeKind), Vec<u16>> = OrdMap::new();
    for f in &cx.flows {
        let from = match f.from {
            Endpoint::Internet => match p.internet {
                Some(s) => s,
                None => continue,
            },
            Endpoint::Node(i) => scene_of[i],
        };
        let to = scene_of[f.to];
        let kind = if f.link.is_some() {
            EdgeKind::Flow
        } else {
            EdgeKind::Backend
        };
        let ports = wanted.or_default((from, to, kind));
        if let Some(p) = f.port {
            if !ports.contains(&p) && ports.len() < 8 {
                ports.push(p);
            }
        }
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
        wanted.or_default((scene_of[i], scene_of[t], kind));
    }
    for ports in wanted.values_mut() {
        crate::sort::sort(ports);
    }
    // Port labels go near the end with fewer labelled edges (fan-in: near the sources).
    let mut fan_out = vec![0u32; p.shapes.len()];
    let mut fan_in = vec![0u32; p.shapes.len()];
    for ((a, b, _), ports) in wanted.iter() {
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
        for ((a, b, kind), ports) in self.wanted.iter() {
            if a == b {
                continue;
            }
            if kind == EdgeKind::Backend && self.wanted.contains_key((a, b, EdgeKind::Flow)) {
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
