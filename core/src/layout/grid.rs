//! Collect: which row and cell of which region every node goes in.
//!
//! Nodes are layered by the direction of traffic (`rank.rs`); each gets a [`Slot`] (the
//! top row, the data centres, a region-wide band, a zone column, or a vSwitch); per region the
//! slots become rows of cells, sorted top to bottom: bands and zone rows by section (traffic,
//! management, connectivity) and layer, VPCs as groups of vSwitch rows by tier. No geometry yet.

use alloc::vec;
use alloc::vec::Vec;

use super::rank;
use crate::index::{Ctx, Entity};
use crate::model::{Design, EcsRole, NodeKind, Tier, VpnType};
use crate::ordmap::OrdMap;

/// Where a node goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Top,
    Idc,
    Band {
        r: usize,
        key: (u8, u32),
    },
    Zone {
        r: usize,
        col: usize,
        key: (u8, u32),
    },
    Vsw {
        r: usize,
        v: usize,
        s: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKind {
    Band,
    Zone,
    Vsw { vpc: usize, first: bool, last: bool },
}

#[derive(Debug, Clone)]
pub(super) struct Cell {
    /// The zone column (`usize::MAX`: the column for an unknown zone, or the whole band).
    pub col: usize,
    /// The vSwitch the cell draws, as (VPC, vSwitch).
    pub vsw: Option<(usize, usize)>,
    /// The design nodes in it, in order.
    pub nodes: Vec<usize>,
}

/// A VPC (its index and layer) and its tier groups (each group's first row and layer).
type VpcTiers = (usize, u32, Vec<(usize, u32)>);

/// See [`Row::key`].
pub(super) type RowKey = (u8, u32, u8, usize, usize);

/// A row's name that outlives an edit (the drawing's memory, `keep.rs`): (0 band, 1 zone
/// row, 2 vSwitch row; section or VPC; layer or the row's place in its VPC).
#[cfg(feature = "keep")]
pub(super) type RowId = (u8, u32, u32);

#[derive(Debug, Clone)]
pub(super) struct Row {
    /// See [`RowId`]. (The fields of `keep.rs` are left out of the docs widget's build: with
    /// them it was 157 bytes of gzip larger, measured, with 180 to spare.)
    #[cfg(feature = "keep")]
    pub id: RowId,
    /// The fewest lines of nodes the row has room for (0: as many as it holds; more when the
    /// drawing keeps the height it had before an edit, `keep.rs`).
    #[cfg(feature = "keep")]
    pub floor: usize,
    /// The sort key: (section, layer, band 0 / zone 1, 1 + VPC, place in the VPC: twice its
    /// vSwitch row, or for a band between two tiers of a VPC, one less than twice the first
    /// row of the tier below; the stable sort keeps such bands in layer order).
    pub key: RowKey,
    pub kind: RowKind,
    pub cells: Vec<Cell>,
}

/// A region's columns and rows.
pub(super) struct RegionBuild {
    /// Zone columns, plus one for nodes whose zone is unknown when `has_other`.
    pub cols: usize,
    pub has_other: bool,
    pub rows: Vec<Row>,
    /// The nodes per line the drawing keeps from before an edit, and the widths of its
    /// columns (0 and none: measured afresh; `keep.rs`).
    #[cfg(feature = "keep")]
    pub keep_k: usize,
    #[cfg(feature = "keep")]
    pub keep_w: Vec<i32>,
}

impl RegionBuild {
    /// The column index of a cell's `col` (`usize::MAX`, a zone the region does not list:
    /// the last column).
    pub fn col_index(&self, col: usize) -> usize {
        col.min(self.cols - 1)
    }
}

/// Where every node goes.
pub(super) struct Grid {
    /// The design nodes of the top row (DNS, EIPs not attached in a region, whatever has no
    /// region), in design order.
    pub top: Vec<usize>,
    /// The customer data centres, in design order.
    pub sites: Vec<usize>,
    /// Per region of the design.
    pub regions: Vec<RegionBuild>,
    /// Per design node: its layer (what the drawing keeps, `keep.rs`).
    #[cfg(feature = "keep")]
    pub layer: Vec<u32>,
    /// Whether what the drawing keeps made the grid differ from a fresh one (a node in
    /// another row than its traffic gives it, an emptied row kept, a VPC or band kept in its
    /// place; `keep.rs`).
    #[cfg(feature = "keep")]
    pub drifted: bool,
}

pub(super) fn kind_order(k: NodeKind) -> u8 {
    match k {
        NodeKind::Dns => 0,
        NodeKind::Apigw => 1,
        NodeKind::Slb => 2,
        NodeKind::Eip => 3,
        NodeKind::Nat => 4,
        NodeKind::Ecs => 5,
        NodeKind::Oss => 6,
        NodeKind::Rds => 7,
        NodeKind::Vpn => 8,
        NodeKind::LeasedLine => 9,
        NodeKind::Idc => 10,
        NodeKind::Unknown => 11,
    }
}

fn tier_order(t: Option<Tier>) -> usize {
    match t {
        Some(Tier::Dmz) => 0,
        None => 1,
        Some(Tier::Intranet) => 2,
        Some(Tier::Management) => 3,
    }
}

fn is_management(cx: &Ctx<'_>, i: usize) -> bool {
    let nd = cx.node(i);
    match nd.kind() {
        NodeKind::Ecs => nd.role == EcsRole::Bastion,
        NodeKind::Vpn => {
            nd.vpn_type == Some(VpnType::Ssl) || (nd.vpn_type.is_none() && nd.connects.is_none())
        }
        _ => false,
    }
}

/// The layer of every node from `layer`, its layer by the direction of traffic (`rank.rs`):
/// data stores nothing flows into below the rest, `kept` layers kept (`keep.rs`; empty: none),
/// an idle server in its module's layer.
#[inline(always)]
fn layers(
    design: &Design,
    cx: &Ctx<'_>,
    mgmt: &[bool],
    mut layer: Vec<u32>,
    kept: &[Option<u32>],
) -> Vec<u32> {
    #[cfg(not(feature = "keep"))]
    let _ = kept;
    // Data stores nothing flows into still belong below the traffic, as in the guide.
    let deepest = layer.iter().copied().max().unwrap_or(1);
    for (i, l) in layer.iter_mut().enumerate() {
        let nd = &design.nodes[i];
        let data = matches!(nd.kind(), NodeKind::Rds | NodeKind::Oss)
            || (nd.is(NodeKind::Ecs) && nd.role == EcsRole::Database);
        if data && cx.incoming[i].is_empty() {
            *l = deepest + 1;
        }
        // A node the drawing had before the edit stays in its row: a link that makes a path
        // longer, or the removal of the only server of a layer, moves no row.
        #[cfg(feature = "keep")]
        if let Some(&Some(k)) = kept.get(i) {
            *l = k;
        }
    }
    // An instance without any flow (an ECS just added to a module) sits in the row of its
    // module's instances that have flows, not in a row of its own at the top: adding one does
    // not insert a row above the others.
    let idle = |i: usize| cx.incoming[i].is_empty() && cx.outgoing[i].is_empty();
    let app = |i: usize| {
        let nd = &design.nodes[i];
        nd.is(NodeKind::Ecs) && !mgmt[i] && nd.role != EcsRole::Database
    };
    let mut module_layer: OrdMap<&str, u32> = OrdMap::new();
    for (i, nd) in design.nodes.iter().enumerate() {
        if app(i) && !idle(i) {
            let l = module_layer.or_insert(nd.module_name(), layer[i]);
            *l = (*l).min(layer[i]);
        }
    }
    for (i, nd) in design.nodes.iter().enumerate() {
        if app(i) && idle(i) {
            if let Some(&l) = module_layer.get(nd.module_name()) {
                layer[i] = l;
            }
        }
    }
    layer
}

/// Layers the nodes and puts each in its slot, then each region's slots in rows. `kept`: per
/// design node, the layer it keeps from before an edit (`keep.rs`; empty: all afresh).
pub(super) fn collect(design: &Design, cx: &Ctx<'_>, kept: &[Option<u32>]) -> Grid {
    let n = design.nodes.len();
    let (mut mgmt, mut skip) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (i, nd) in design.nodes.iter().enumerate() {
        let m = is_management(cx, i);
        mgmt.push(m);
        skip.push(m || nd.is(NodeKind::Idc));
    }
    let traffic = rank::layers(cx, &skip);
    // Whether a kept layer differs from what a fresh layout gives (after the module rule:
    // an idle server takes its module's layer either way); the ranking is done once.
    #[cfg(feature = "keep")]
    let fresh = kept
        .iter()
        .any(Option::is_some)
        .then(|| layers(design, cx, &mgmt, traffic.clone(), &[]));
    let layer = layers(design, cx, &mgmt, traffic, kept);
    #[cfg(feature = "keep")]
    let drifted = fresh.is_some_and(|f| f != layer);

    // ---- Where every node goes.
    // Traffic 0, management 1 (the operators' SSL VPN, right below the traffic, nearer the
    // bastions it reaches), connectivity 2 (VPN gateways and leased lines that are not
    // management: last, their lines go out to the data centres beside the regions and cross
    // nothing on the way).
    let section = |i: usize, kind: NodeKind| -> u8 {
        if mgmt[i] {
            1
        } else if matches!(kind, NodeKind::LeasedLine | NodeKind::Vpn) {
            2
        } else {
            0
        }
    };
    let base_slot = |i: usize| -> Slot {
        let nd = &design.nodes[i];
        match nd.kind() {
            NodeKind::Idc => return Slot::Idc,
            NodeKind::Dns | NodeKind::Eip => return Slot::Top,
            _ => {}
        }
        let Some(r) = cx.node_region[i] else {
            return Slot::Top;
        };
        let key = (section(i, nd.kind()), layer[i]);
        if let Some((v, s)) = cx.node_vswitch[i] {
            if cx.vpc_region.get(v).copied().flatten() == Some(r) {
                return Slot::Vsw { r, v, s };
            }
        }
        if let Some((zr, z)) = cx.node_zone[i] {
            if zr == r {
                return Slot::Zone { r, col: z, key };
            }
        }
        if nd.is(NodeKind::Ecs) {
            return Slot::Zone {
                r,
                col: usize::MAX,
                key,
            };
        }
        Slot::Band { r, key }
    };
    let mut slots: Vec<Slot> = Vec::with_capacity(n);
    for i in 0..n {
        slots.push(base_slot(i));
    }
    // An EIP goes with what it is attached to.
    for i in 0..n {
        let nd = &design.nodes[i];
        if !nd.is(NodeKind::Eip) {
            continue;
        }
        let Some(t) = nd.attached_to.as_ref().and_then(|a| cx.node_index(&a.id)) else {
            continue;
        };
        if design.nodes[t].is(NodeKind::Eip) {
            continue;
        }
        let s = slots[t];
        if !matches!(s, Slot::Top | Slot::Idc) {
            slots[i] = s;
        }
    }
    // Order inside a cell: by layer, kind, then design order; management (a bastion in a
    // server's vSwitch) last, so that adding one moves none of the servers.
    let order_key = |i: usize| {
        let l = if mgmt[i] { u32::MAX } else { layer[i] };
        (l, kind_order(design.nodes[i].kind()), i)
    };
    // One sort for the three uses, the radix sort of the route pieces (no instance of the
    // generic sort for it in the docs widget).
    let sort_nodes = |v: &mut [usize]| {
        let mut q: Vec<(i32, i32, i32, u32)> = Vec::with_capacity(v.len());
        for &i in v.iter() {
            let (l, k, _) = order_key(i);
            let l = i32::try_from(l).unwrap_or(i32::MAX);
            q.push((l, i32::from(k), i as i32, 0));
        }
        crate::sort::order_by_quads(&mut q, v);
    };

    // ---- Per region: columns and rows.
    let nr = design.regions.len();
    let vsw_col = |r: usize, v: usize, s: usize| -> usize {
        let zone = design.vpcs[v].vswitches[s].zone.as_ref();
        match zone.and_then(|z| cx.ids.get(z.id.as_str())) {
            Some(Entity::Zone(zr, zi)) if *zr == r => *zi,
            _ => usize::MAX,
        }
    };
    let mut builds: Vec<RegionBuild> = Vec::with_capacity(nr);
    let (mut top, mut sites) = (Vec::new(), Vec::new());
    {
        // Bucket nodes per region.
        type ZoneRows = OrdMap<(u8, u32), OrdMap<usize, Vec<usize>>>;
        let mut band: Vec<OrdMap<(u8, u32), Vec<usize>>> = Vec::with_capacity(nr);
        let mut zone: Vec<ZoneRows> = Vec::with_capacity(nr);
        for _ in 0..nr {
            band.push(OrdMap::new());
            zone.push(OrdMap::new());
        }
        let mut vsw: OrdMap<(usize, usize), Vec<usize>> = OrdMap::new();
        for (i, slot) in slots.iter().enumerate() {
            match *slot {
                Slot::Top => top.push(i),
                Slot::Idc => sites.push(i),
                Slot::Band { r, key } => band[r].or_default(key).push(i),
                Slot::Zone { r, col, key } => zone[r].or_default(key).or_default(col).push(i),
                Slot::Vsw { v, s, .. } => vsw.or_default((v, s)).push(i),
            }
        }
        for v in vsw.values_mut() {
            sort_nodes(v);
        }
        let mut region_vpcs: Vec<Vec<usize>> = vec![Vec::new(); nr];
        for (v, r) in cx.vpc_region.iter().enumerate() {
            if let Some(list) = r.and_then(|r| region_vpcs.get_mut(r)) {
                list.push(v);
            }
        }
        for r in 0..nr {
            let zones = design.regions[r].zones.len();
            let mut has_other = false;
            let mut rows: Vec<Row> = Vec::new();
            for ((sec, l), nodes) in band[r].iter() {
                let mut nodes = nodes.clone();
                sort_nodes(&mut nodes);
                rows.push(Row {
                    #[cfg(feature = "keep")]
                    id: (0, u32::from(sec), l),
                    #[cfg(feature = "keep")]
                    floor: 0,
                    key: (sec, l, 0, 0, 0),
                    kind: RowKind::Band,
                    cells: vec![Cell {
                        col: usize::MAX,
                        vsw: None,
                        nodes,
                    }],
                });
            }
            for ((sec, l), cols) in zone[r].iter() {
                let mut cells = Vec::new();
                for (col, nodes) in cols.iter() {
                    let col = if col < zones {
                        col
                    } else {
                        has_other = true;
                        usize::MAX
                    };
                    let mut nodes = nodes.clone();
                    sort_nodes(&mut nodes);
                    cells.push(Cell {
                        col,
                        vsw: None,
                        nodes,
                    });
                }
                rows.push(Row {
                    #[cfg(feature = "keep")]
                    id: (1, u32::from(sec), l),
                    #[cfg(feature = "keep")]
                    floor: 0,
                    key: (sec, l, 1, 0, 0),
                    kind: RowKind::Zone,
                    cells,
                });
            }
            // Per VPC of the region: its tier groups' first rows and layers.
            let mut vpc_tiers: Vec<VpcTiers> = Vec::new();
            for &v in &region_vpcs[r] {
                let vpc = &design.vpcs[v];
                // Tier group → column → vSwitches.
                let mut groups: OrdMap<usize, OrdMap<usize, Vec<(u32, usize)>>> = OrdMap::new();
                let mut min_layer = u32::MAX;
                let mut min_any = u32::MAX;
                for (s, sw) in vpc.vswitches.iter().enumerate() {
                    let mut col = vsw_col(r, v, s);
                    if col >= zones {
                        has_other = true;
                        col = usize::MAX;
                    }
                    let nodes = vsw.get((v, s));
                    let l = nodes
                        .and_then(|ns| ns.iter().filter(|&&i| !mgmt[i]).map(|&i| layer[i]).min())
                        .unwrap_or(u32::MAX);
                    min_layer = min_layer.min(l);
                    if let Some(m) = nodes.and_then(|ns| ns.iter().map(|&i| layer[i]).min()) {
                        min_any = min_any.min(m);
                    }
                    groups
                        .or_default(tier_order(sw.tier))
                        .or_default(col)
                        .push((l, s));
                }
                let vl = if min_layer != u32::MAX {
                    min_layer
                } else if min_any != u32::MAX {
                    min_any
                } else {
                    u32::MAX / 2
                };
                let mut vrows: Vec<Row> = Vec::new();
                let mut tiers: Vec<(usize, u32)> = Vec::new();
                for cols in groups.values_mut() {
                    let depth = cols.values().map(Vec::len).max().unwrap_or(0);
                    let gl = cols
                        .values()
                        .flatten()
                        .map(|e| e.0)
                        .min()
                        .unwrap_or(u32::MAX);
                    if depth > 0 {
                        tiers.push((vrows.len(), gl));
                    }
                    for list in cols.values_mut() {
                        crate::sort::sort(list);
                    }
                    for j in 0..depth {
                        let mut cells = Vec::new();
                        for (col, list) in cols.iter() {
                            if let Some(&(_, s)) = list.get(j) {
                                cells.push(Cell {
                                    col,
                                    vsw: Some((v, s)),
                                    nodes: vsw.get((v, s)).cloned().unwrap_or_default(),
                                });
                            }
                        }
                        vrows.push(Row {
                            #[cfg(feature = "keep")]
                            id: (2, v as u32, 0),
                            #[cfg(feature = "keep")]
                            floor: 0,
                            key: (0, vl, 1, 1 + v, 0),
                            kind: RowKind::Vsw {
                                vpc: v,
                                first: false,
                                last: false,
                            },
                            cells,
                        });
                    }
                }
                if vrows.is_empty() {
                    vrows.push(Row {
                        #[cfg(feature = "keep")]
                        id: (2, v as u32, 0),
                        #[cfg(feature = "keep")]
                        floor: 0,
                        key: (0, vl, 1, 1 + v, 0),
                        kind: RowKind::Vsw {
                            vpc: v,
                            first: false,
                            last: false,
                        },
                        cells: Vec::new(),
                    });
                }
                let count = vrows.len();
                for (j, row) in vrows.iter_mut().enumerate() {
                    row.key.4 = 2 * j;
                    #[cfg(feature = "keep")]
                    {
                        row.id.2 = j as u32;
                    }
                    row.kind = RowKind::Vsw {
                        vpc: v,
                        first: j == 0,
                        last: j + 1 == count,
                    };
                }
                rows.extend(vrows);
                vpc_tiers.push((v, vl, tiers));
            }
            // A traffic band whose layer lies between two tiers of the VPC its nodes send
            // traffic to (a private SLB between the web and the application servers) goes
            // between those tiers, inside the VPC's box, not below the whole VPC: the lines
            // into it and out of it cross one channel instead of running down and back up
            // past every tier of the VPC.
            for row in rows.iter_mut() {
                if row.kind != RowKind::Band || row.key.0 != 0 {
                    continue;
                }
                let Some(v) = reached_vpc(cx, r, &row.cells[0].nodes) else {
                    continue;
                };
                let Some((_, vl, tiers)) = vpc_tiers.iter().find(|e| e.0 == v) else {
                    continue;
                };
                let l = row.key.1;
                let between = tiers
                    .windows(2)
                    .find(|w| w[0].1 < l && l < w[1].1 && w[1].1 != u32::MAX);
                if let Some(w) = between {
                    row.key = (0, *vl, 1, 1 + v, 2 * w[1].0 - 1);
                }
            }
            crate::sort::sort_by_key(&mut rows, |r| r.key);
            let cols = zones + usize::from(has_other || zones == 0);
            builds.push(RegionBuild {
                cols,
                has_other: has_other || zones == 0,
                rows,
                #[cfg(feature = "keep")]
                keep_k: 0,
                #[cfg(feature = "keep")]
                keep_w: Vec::new(),
            });
        }
    }
    Grid {
        top,
        sites,
        regions: builds,
        #[cfg(feature = "keep")]
        layer,
        #[cfg(feature = "keep")]
        drifted,
    }
}

/// The VPC of region `r` whose vSwitches hold the first node (in flow order) that `nodes`
/// send traffic to, if any.
fn reached_vpc(cx: &Ctx<'_>, r: usize, nodes: &[usize]) -> Option<usize> {
    for &i in nodes {
        for &f in &cx.outgoing[i] {
            if let Some((v, _)) = cx.node_vswitch[cx.flows[f].to] {
                if cx.vpc_region.get(v).copied().flatten() == Some(r) {
                    return Some(v);
                }
            }
        }
    }
    None
}
