//! Lays a design out as a [`Scene`]: pure data (rectangles, polylines, texts) that any
//! backend can draw — the SVG writer in [`crate::svg`], or the browser editor directly.
//!
//! The picture follows the guide's figures: the internet on top; regions side by side, each
//! with its availability zones as columns; region-wide services (SLB, RDS, OSS, NAT, …) in
//! bands spanning the zones, SLB and RDS drawn wide enough to visibly span two zones; in VPC
//! regions the VPC box with its vSwitches as bands inside their zone's column, grouped by tier
//! (DMZ, untiered, intranet, management); rows ordered by the direction of traffic (a
//! longest-path layering of the flows); management (bastions, SSL VPN) and connectivity
//! (IPsec VPN, leased lines) in rows of their own at the bottom; customer data centres in a
//! column on the right. Links are orthogonal polylines routed through the gaps between rows
//! and columns, so they never cross a node box.
//!
//! Coordinates are integers (pixels at 1:1). Everything is deterministic and runs in
//! O((nodes + flows) · log) time.

mod rank;
mod route;
pub mod text;

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::index::{Ctx, Endpoint, Entity};
use crate::model::{Design, EcsRole, Network, NodeKind, RegionRole, SlbType, Tier, VpnType};
use crate::ordmap::{Key, OrdMap};
use crate::rule::{Finding, Severity};
use crate::text::{Lang, Text};

// Geometry, in pixels.
pub(crate) const NODE_W: i32 = 168;
pub(crate) const NODE_H: i32 = 52;
pub(crate) const GAP_X: i32 = 24;
pub(crate) const GAP_Y: i32 = 28;
const CELL_PAD: i32 = 14;
const VSW_INSET: i32 = 6;
const VSW_HEAD: i32 = 20;
const VPC_HEAD: i32 = 22;
const VPC_FOOT: i32 = 8;
const VPC_OUT: i32 = 10;
const COL_GAP: i32 = 28;
const REGION_PAD: i32 = 28;
const REGION_HEAD: i32 = 30;
const ZONE_HEAD: i32 = 24;
const ROW_GAP: i32 = 30;
const REGION_GAP: i32 = 40;
const MARGIN: i32 = 24;
const TITLE_H: i32 = 44;
const TOP_GAP: i32 = 40;
const IDC_GAP: i32 = 56;
const SITE_PAD: i32 = 14;
const SITE_HEAD: i32 = 26;
const MIN_WIDTH: i32 = 640;
const MIN_COL_W: i32 = 228;
/// The width of a zone column with nothing in it.
const EMPTY_COL_W: i32 = 112;
/// Room for a node's label, in tenths of an em at the node font size (12 px): 120 px.
pub const LABEL_MAX_EM10: u32 = 100;
/// The most findings listed in the design panel.
pub const PANEL_MAX: usize = 200;

/// Room for the label of a node `w` pixels wide, in tenths of an em: the text starts 44 px
/// in and keeps 4 px off the right edge ([`LABEL_MAX_EM10`] for a plain node).
fn label_budget(w: i32) -> u32 {
    u32::try_from((w - 48).max(60) * 10 / 12).unwrap_or(LABEL_MAX_EM10)
}

/// Rectangles already covered (node boxes, box captions, port labels), bucketed in a grid of
/// 128 × 64 px cells so that a query looks at its neighbourhood only. Each cell is the head
/// of a list threaded through `items` (no allocation per cell).
#[derive(Default)]
struct Occupied {
    heads: crate::index::Map<(i32, i32), u32>,
    items: Vec<(Rect, u32)>,
}

impl Occupied {
    const CW: i32 = 128;
    const CH: i32 = 64;
    const NIL: u32 = u32::MAX;
    fn with_capacity(n: usize) -> Occupied {
        let mut heads = crate::index::Map::default();
        heads.reserve(n);
        Occupied {
            heads,
            items: Vec::with_capacity(n),
        }
    }
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, x1) = (
            r.x.div_euclid(Self::CW),
            (r.right() - 1).div_euclid(Self::CW),
        );
        let (y0, y1) = (
            r.y.div_euclid(Self::CH),
            (r.bottom() - 1).div_euclid(Self::CH),
        );
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
    }
    fn add(&mut self, r: Rect) {
        if r.w <= 0 || r.h <= 0 {
            return;
        }
        for c in Self::cells_of(&r) {
            let Ok(at) = u32::try_from(self.items.len()) else {
                return;
            };
            let head = self.heads.entry(c).or_insert(Self::NIL);
            self.items.push((r, *head));
            *head = at;
        }
    }
    fn hits(&self, r: &Rect) -> bool {
        Self::cells_of(r).any(|c| {
            let mut k = self.heads.get(&c).copied().unwrap_or(Self::NIL);
            while let Some(&(o, next)) = self.items.get(k as usize) {
                if o.overlaps(r) {
                    return true;
                }
                k = next;
            }
            false
        })
    }
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub const fn new(x: i32, y: i32, w: i32, h: i32) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> i32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }
    pub fn cx(&self) -> i32 {
        self.x + self.w / 2
    }
    pub fn cy(&self) -> i32 {
        self.y + self.h / 2
    }
    /// `other` lies inside this rectangle (borders may touch).
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }
    /// The interiors intersect.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
    /// The segment from `a` to `b` (horizontal or vertical) passes through the interior.
    pub fn hit_by_segment(&self, a: (i32, i32), b: (i32, i32)) -> bool {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        if y0 == y1 {
            y0 > self.y && y0 < self.bottom() && x1 > self.x && x0 < self.right()
        } else if x0 == x1 {
            x0 > self.x && x0 < self.right() && y1 > self.y && y0 < self.bottom()
        } else {
            x1 > self.x && x0 < self.right() && y1 > self.y && y0 < self.bottom()
        }
    }
}

/// What a [`SceneBox`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BoxKind {
    Region,
    /// An availability zone: a column of its region.
    Zone,
    /// A column for things in a region whose zone is not known.
    NoZone,
    Vpc,
    /// A vSwitch: a band inside its zone's column.
    VSwitch,
    /// Region-wide services, spanning the zones.
    Band,
    /// The customer data centres, beside the regions.
    Sites,
}

impl BoxKind {
    pub fn name(self) -> &'static str {
        match self {
            BoxKind::Region => "region",
            BoxKind::Zone => "zone",
            BoxKind::NoZone => "nozone",
            BoxKind::Vpc => "vpc",
            BoxKind::VSwitch => "vswitch",
            BoxKind::Band => "band",
            BoxKind::Sites => "sites",
        }
    }
}

/// A container drawn behind the nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneBox {
    pub kind: BoxKind,
    /// The design id (empty for bands and the sites box).
    pub id: String,
    /// The full label (user text, unescaped).
    pub label: String,
    /// The label as displayed: cleaned and cut to the box's width.
    pub text: String,
    pub tier: Option<Tier>,
    /// Regions: primary or DR.
    pub role: Option<RegionRole>,
    pub rect: Rect,
    /// The box this one lies in.
    pub parent: Option<usize>,
}

/// What a node is drawn as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ShapeKind {
    Internet,
    Node(NodeKind),
}

impl ShapeKind {
    pub fn name(self) -> &'static str {
        match self {
            ShapeKind::Internet => "internet",
            ShapeKind::Node(k) => k.name(),
        }
    }
}

/// A finding shown on a node or in the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingNote {
    pub code: &'static str,
    pub severity: Severity,
    /// The id it is about (panel entries about a region, zone, group… name it).
    pub target: Option<String>,
    pub message: Text,
}

/// A node, positioned.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeShape {
    /// Index into `design.nodes` (`None` for the internet).
    pub index: Option<usize>,
    pub id: String,
    pub kind: ShapeKind,
    /// ECS role.
    pub role: Option<EcsRole>,
    /// An SLB's load-balancer product when the design names one other than the default `clb`
    /// (shown with the kind in the tooltip).
    pub product: Option<SlbType>,
    /// The label as displayed: at most two lines, cleaned, ellipsised.
    pub lines: Vec<String>,
    /// The full label (user text, unescaped), for tooltips.
    pub label: String,
    pub rect: Rect,
    pub severity: Option<Severity>,
    pub finding_count: usize,
    pub findings: Vec<FindingNote>,
    /// The innermost box the node lies in (cell, vSwitch band, zone column, band, sites).
    pub container: Option<usize>,
    /// Its zone column box, for nodes placed in a zone.
    pub zone_box: Option<usize>,
    /// Its region box.
    pub region_box: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    /// A link of the design.
    Flow,
    /// A flow implied by an SLB's backends.
    Backend,
    /// A VPN or leased line to the data centre it connects.
    Connects,
    /// An EIP to what it is attached to.
    Attach,
}

/// `(from, to, kind)` packs into `(from, to * 4 + kind)`: the same order.
impl Key for (usize, usize, EdgeKind) {
    type Raw = (usize, usize);
    fn pack(self) -> (usize, usize) {
        (self.0, self.1 * 4 + self.2 as usize)
    }
    fn unpack((a, bk): (usize, usize)) -> Self {
        (a, bk / 4, EdgeKind::ALL[bk % 4])
    }
}

impl EdgeKind {
    /// Every kind, in declaration order: `ALL[k as usize] == k`.
    pub const ALL: [EdgeKind; 4] = [
        EdgeKind::Flow,
        EdgeKind::Backend,
        EdgeKind::Connects,
        EdgeKind::Attach,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Flow => "flow",
            EdgeKind::Backend => "backend",
            EdgeKind::Connects => "connects",
            EdgeKind::Attach => "attach",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLabel {
    pub text: String,
    pub x: i32,
    pub y: i32,
}

/// A routed connection between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// Indices into `scene.nodes`.
    pub from_node: usize,
    pub to_node: usize,
    pub kind: EdgeKind,
    /// An orthogonal polyline from the border of `from` to the border of `to`.
    pub points: Vec<(i32, i32)>,
    pub arrow: bool,
    /// Ports, e.g. `80, 443`.
    pub label: Option<EdgeLabel>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub rect: Rect,
    /// The node kinds that appear, in a fixed order.
    pub kinds: Vec<ShapeKind>,
    /// The severities that appear on nodes or in the panel.
    pub severities: Vec<Severity>,
    /// Items per line.
    pub per_line: usize,
}

/// Findings about the design as a whole or about things that are not nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub rect: Rect,
    pub findings: Vec<FindingNote>,
    /// Findings not listed (beyond [`PANEL_MAX`]).
    pub more: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: i32,
    pub height: i32,
    /// The design's name (user text, unescaped), or a default.
    pub title: String,
    pub boxes: Vec<SceneBox>,
    pub nodes: Vec<NodeShape>,
    pub edges: Vec<Edge>,
    pub legend: Legend,
    pub panel: Option<Panel>,
    pub lang: Lang,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutOptions {
    /// Language of the texts the layout writes itself (the internet's label, defaults).
    pub lang: Lang,
    /// Attach findings to nodes and build the panel.
    pub findings: bool,
}

impl Default for LayoutOptions {
    fn default() -> LayoutOptions {
        LayoutOptions {
            lang: Lang::En,
            findings: true,
        }
    }
}

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
enum RowKind {
    Band,
    Zone,
    Vsw { vpc: usize, first: bool, last: bool },
}

#[derive(Debug, Clone)]
struct Cell {
    col: usize,
    vsw: Option<(usize, usize)>,
    nodes: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Row {
    key: (u8, u32, u8, usize, usize),
    kind: RowKind,
    cells: Vec<Cell>,
}

/// Where a laid-out node sits, for routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PCtx {
    Top,
    Region(usize),
    Idc,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub ctx: PCtx,
    pub row: usize,
    pub sub: usize,
    pub nsub: usize,
    /// The gutters left and right of the node's cell.
    pub gut: (i32, i32),
}

/// Routing geometry of a region.
#[derive(Debug, Clone, Default)]
pub(crate) struct RegionGeo {
    pub rect: Rect,
    /// y of the channel above row i (the last one is below the last row).
    pub ch: Vec<i32>,
    /// Number of band rows among rows 0..i.
    pub band_prefix: Vec<u32>,
    /// x of the vertical channels: the left margin, the gaps between columns, the right
    /// margin.
    pub gutters: Vec<i32>,
}

pub(crate) struct Geo {
    pub top_ch: i32,
    pub idc_gap: i32,
    pub regions: Vec<RegionGeo>,
}

fn ceil_sqrt(n: usize) -> usize {
    let mut r = 0usize;
    while r * r < n {
        r += 1;
    }
    r
}

fn kind_order(k: NodeKind) -> u8 {
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

/// Cell grid: nodes per line for `n` nodes with at most `k` per line.
fn grid(n: usize, k: usize) -> (usize, usize) {
    if n == 0 {
        return (0, 0);
    }
    let per = n.min(k.max(1));
    (per, n.div_ceil(per))
}

fn grid_w(per: usize) -> i32 {
    let per = per.max(1) as i32;
    per * NODE_W + (per - 1) * GAP_X
}

fn grid_h(sub: usize) -> i32 {
    let sub = sub as i32;
    if sub == 0 {
        16
    } else {
        sub * NODE_H + (sub - 1) * GAP_Y
    }
}

/// Lays out items of the given widths into centred lines within `[x0, x1]`; returns each
/// item's (x, line) and the number of lines.
fn flow(widths: &[i32], x0: i32, x1: i32) -> (Vec<(i32, usize)>, usize) {
    let mut out = vec![(0, 0); widths.len()];
    let avail = (x1 - x0).max(NODE_W);
    let mut lines: Vec<(usize, usize, i32)> = Vec::new(); // start, end, width
    let mut start = 0;
    let mut w = 0;
    for (i, &iw) in widths.iter().enumerate() {
        let add = if i == start { iw } else { GAP_X + iw };
        if i > start && w + add > avail {
            lines.push((start, i, w));
            start = i;
            w = iw;
        } else {
            w += add;
        }
    }
    if start < widths.len() {
        lines.push((start, widths.len(), w));
    }
    for (li, &(s, e, lw)) in lines.iter().enumerate() {
        let mut x = x0 + ((avail - lw) / 2).max(0);
        for (i, item) in out.iter_mut().enumerate().take(e).skip(s) {
            *item = (x, li);
            x += widths[i] + GAP_X;
        }
    }
    (out, lines.len())
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

fn is_connectivity(cx: &Ctx<'_>, i: usize) -> bool {
    let nd = cx.node(i);
    match nd.kind() {
        NodeKind::LeasedLine => true,
        NodeKind::Vpn => !is_management(cx, i),
        _ => false,
    }
}

fn label_or_id(label: &Option<String>, id: &str) -> String {
    match label {
        Some(l) if !l.trim().is_empty() => l.clone(),
        _ => String::from(id),
    }
}

/// Cuts a box label to a width in pixels at the 12 px label font.
fn box_text(label: &str, w: i32) -> String {
    let em10 = ((w - 16).max(24) * 10 / 12) as u32;
    text::ellipsize(label, em10)
}

/// The nodes whose slot is `slot`, in order.
fn slot_nodes(slots: &[Slot], slot: Slot) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, s) in slots.iter().enumerate() {
        if *s == slot {
            out.push(i);
        }
    }
    out
}

/// Lays a design out. `findings` are the lint findings to show (ignored when
/// `opts.findings` is false).
pub fn layout(design: &Design, cx: &Ctx<'_>, findings: &[Finding], opts: &LayoutOptions) -> Scene {
    let n = design.nodes.len();
    let lang = opts.lang;
    let (mut mgmt, mut skip) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (i, nd) in design.nodes.iter().enumerate() {
        let m = is_management(cx, i);
        mgmt.push(m);
        skip.push(m || nd.is(NodeKind::Idc));
    }
    let mut layer = rank::layers(cx, &skip);
    // Data stores nothing flows into still belong below the traffic, as in the guide.
    let deepest = layer.iter().copied().max().unwrap_or(1);
    for (i, l) in layer.iter_mut().enumerate() {
        let nd = &design.nodes[i];
        let data = matches!(nd.kind(), NodeKind::Rds | NodeKind::Oss)
            || (nd.is(NodeKind::Ecs) && nd.role == EcsRole::Database);
        if data && cx.incoming[i].is_empty() {
            *l = deepest + 1;
        }
    }

    // ---- Where every node goes.
    let section = |i: usize| -> u8 {
        if mgmt[i] {
            2
        } else if is_connectivity(cx, i) {
            1
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
        let key = (section(i), layer[i]);
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
    // Order inside a cell: by layer, kind, then design order.
    let order_key = |i: usize| (layer[i], kind_order(design.nodes[i].kind()), i);

    // ---- Per region: columns and rows.
    let nr = design.regions.len();
    let vsw_col = |r: usize, v: usize, s: usize| -> usize {
        let zone = design.vpcs[v].vswitches[s].zone.as_ref();
        match zone.and_then(|z| cx.ids.get(z.id.as_str())) {
            Some(Entity::Zone(zr, zi)) if *zr == r => *zi,
            _ => usize::MAX,
        }
    };
    struct RegionBuild {
        cols: usize,
        has_other: bool,
        rows: Vec<Row>,
    }
    let mut builds: Vec<RegionBuild> = Vec::with_capacity(nr);
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
                Slot::Band { r, key } => band[r].or_default(key).push(i),
                Slot::Zone { r, col, key } => zone[r].or_default(key).or_default(col).push(i),
                Slot::Vsw { v, s, .. } => vsw.or_default((v, s)).push(i),
                _ => {}
            }
        }
        for v in vsw.values_mut() {
            crate::sort::sort_by_key(v, |&i| order_key(i));
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
                crate::sort::sort_by_key(&mut nodes, |&i| order_key(i));
                rows.push(Row {
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
                    crate::sort::sort_by_key(&mut nodes, |&i| order_key(i));
                    cells.push(Cell {
                        col,
                        vsw: None,
                        nodes,
                    });
                }
                rows.push(Row {
                    key: (sec, l, 1, 0, 0),
                    kind: RowKind::Zone,
                    cells,
                });
            }
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
                for cols in groups.values_mut() {
                    let depth = cols.values().map(Vec::len).max().unwrap_or(0);
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
                    row.key.4 = j;
                    row.kind = RowKind::Vsw {
                        vpc: v,
                        first: j == 0,
                        last: j + 1 == count,
                    };
                }
                rows.extend(vrows);
            }
            crate::sort::sort_by_key(&mut rows, |r| r.key);
            let cols = zones + usize::from(has_other || zones == 0);
            builds.push(RegionBuild {
                cols,
                has_other: has_other || zones == 0,
                rows,
            });
        }
    }
    let col_index = |b: &RegionBuild, col: usize| -> usize {
        if col == usize::MAX {
            b.cols - 1
        } else {
            col.min(b.cols - 1)
        }
    };

    // ---- Horizontal geometry of regions.
    let mut k_per: Vec<usize> = Vec::with_capacity(nr);
    let mut col_w: Vec<Vec<i32>> = Vec::with_capacity(nr);
    for b in &builds {
        let maxc = b
            .rows
            .iter()
            .filter(|r| r.kind != RowKind::Band)
            .flat_map(|r| r.cells.iter().map(|c| c.nodes.len()))
            .max()
            .unwrap_or(1);
        let k = (ceil_sqrt(maxc) + 1).clamp(2, 6);
        let mut w = vec![MIN_COL_W; b.cols];
        let mut used = vec![false; b.cols];
        for row in &b.rows {
            if row.kind == RowKind::Band {
                continue;
            }
            for c in &row.cells {
                let (per, _) = grid(c.nodes.len(), k);
                let inset = if c.vsw.is_some() { 2 * VSW_INSET } else { 0 };
                let cw = grid_w(per) + 2 * CELL_PAD + inset;
                let ci = col_index(b, c.col);
                w[ci] = w[ci].max(cw);
                used[ci] = true;
            }
        }
        // A zone with nothing in it (a region's other zones, listed so that a module in one
        // zone is reported) is a narrow column: its header still says it exists.
        // Only beside a column in use, which keeps the region wide enough for its bands.
        if used.iter().any(|&u| u) {
            for (ci, u) in used.iter().enumerate() {
                if !u {
                    w[ci] = EMPTY_COL_W;
                }
            }
        }
        k_per.push(k);
        col_w.push(w);
    }
    let mut region_x = Vec::with_capacity(nr);
    let mut x = MARGIN;
    for w in &col_w {
        region_x.push(x);
        let inner: i32 = w.iter().sum::<i32>() + (w.len() as i32 - 1) * COL_GAP;
        x += inner + 2 * REGION_PAD + REGION_GAP;
    }
    let regions_right = if nr == 0 { MARGIN } else { x - REGION_GAP };
    let idc_nodes = slot_nodes(&slots, Slot::Idc);
    let site_w = NODE_W + 2 * SITE_PAD;
    let content_right = if idc_nodes.is_empty() {
        regions_right
    } else {
        regions_right + IDC_GAP + site_w
    };
    let width = (content_right + MARGIN).max(MIN_WIDTH);

    // ---- The top row: the internet, DNS, and whatever has no region.
    let has_internet = cx.flows.iter().any(|f| f.from == Endpoint::Internet);
    let mut top_items: Vec<Option<usize>> = Vec::new();
    if has_internet {
        top_items.push(None);
    }
    let mut top_nodes = slot_nodes(&slots, Slot::Top);
    crate::sort::sort_by_key(&mut top_nodes, |&i| (kind_order(design.nodes[i].kind()), i));
    top_items.extend(top_nodes.iter().map(|&i| Some(i)));
    let top_x0 = MARGIN + 16;
    let top_x1 = width - MARGIN - 16;
    let (top_pos, top_lines) = flow(&vec![NODE_W; top_items.len()], top_x0, top_x1);
    let top_y = TITLE_H + 8;
    let top_bottom = if top_lines == 0 {
        TITLE_H
    } else {
        top_y + grid_h(top_lines)
    };
    let top_ch = top_bottom + TOP_GAP / 2;
    let regions_top = top_bottom + TOP_GAP;

    // ---- Scene nodes (internet first, then design order) with their places.
    let mut scene_of: Vec<usize> = vec![usize::MAX; n];
    let mut shapes: Vec<NodeShape> = Vec::with_capacity(n + 1);
    let mut places: Vec<Place> = Vec::with_capacity(n + 1);
    let mut internet_scene = None;
    let blank = |index: Option<usize>| -> NodeShape {
        let (id, kind, role, product, label) = match index {
            None => (
                String::from("internet"),
                ShapeKind::Internet,
                None,
                None,
                String::from(match lang {
                    Lang::En => "Internet",
                    Lang::Zh => "互联网",
                }),
            ),
            Some(i) => {
                let nd = &design.nodes[i];
                let role = nd.is(NodeKind::Ecs).then_some(nd.role);
                let product =
                    (nd.is(NodeKind::Slb) && nd.slb_type != SlbType::Clb).then_some(nd.slb_type);
                (
                    nd.id.clone(),
                    ShapeKind::Node(nd.kind()),
                    role,
                    product,
                    label_or_id(&nd.label, &nd.id),
                )
            }
        };
        let lines = text::wrap(&label, LABEL_MAX_EM10, 2);
        NodeShape {
            index,
            id,
            kind,
            role,
            product,
            lines,
            label,
            rect: Rect::default(),
            severity: None,
            finding_count: 0,
            findings: Vec::new(),
            container: None,
            zone_box: None,
            region_box: None,
        }
    };
    if has_internet {
        internet_scene = Some(0);
        shapes.push(blank(None));
        places.push(Place {
            ctx: PCtx::Top,
            row: 0,
            sub: 0,
            nsub: 1,
            gut: (MARGIN / 2, width - MARGIN / 2),
        });
    }
    for (i, slot) in scene_of.iter_mut().enumerate() {
        *slot = shapes.len();
        shapes.push(blank(Some(i)));
        places.push(Place {
            ctx: PCtx::Top,
            row: 0,
            sub: 0,
            nsub: 1,
            gut: (MARGIN / 2, width - MARGIN / 2),
        });
    }
    for (k, item) in top_items.iter().enumerate() {
        let si = match item {
            None => 0,
            Some(i) => scene_of[*i],
        };
        let (x, line) = top_pos[k];
        shapes[si].rect = Rect::new(x, top_y + line as i32 * (NODE_H + GAP_Y), NODE_W, NODE_H);
        places[si] = Place {
            ctx: PCtx::Top,
            row: 0,
            sub: line,
            nsub: top_lines,
            gut: (MARGIN / 2, width - MARGIN / 2),
        };
    }

    // ---- Regions: vertical geometry, boxes, node positions.
    let mut boxes: Vec<SceneBox> = Vec::new();
    let mut geo_regions: Vec<RegionGeo> = Vec::with_capacity(nr);
    let mut region_bottom = regions_top;
    struct RegionBoxes {
        region: usize,
        cols: Vec<usize>,
    }
    let mut rboxes: Vec<RegionBoxes> = Vec::with_capacity(nr);
    for (r, b) in builds.iter().enumerate() {
        let reg = &design.regions[r];
        let cw = &col_w[r];
        let k = k_per[r];
        let rx = region_x[r];
        let inner_left = rx + REGION_PAD;
        let inner_w: i32 = cw.iter().sum::<i32>() + (cw.len() as i32 - 1) * COL_GAP;
        let mut col_x = Vec::with_capacity(b.cols);
        let mut cxp = inner_left;
        for w in cw {
            col_x.push(cxp);
            cxp += w + COL_GAP;
        }
        let mut gutters = Vec::with_capacity(b.cols + 1);
        gutters.push(rx + REGION_PAD / 2);
        for &c in col_x.iter().skip(1) {
            gutters.push(c - COL_GAP / 2);
        }
        gutters.push(inner_left + inner_w + REGION_PAD / 2);
        let wide_w = if b.cols >= 2 {
            (cw.iter().copied().max().unwrap_or(NODE_W) + COL_GAP + 8).min(inner_w - 2 * CELL_PAD)
        } else {
            NODE_W
        };

        // Region box first (height fixed later).
        let region_box = boxes.len();
        let mut rlabel = label_or_id(&reg.label, &reg.id);
        if reg.role == RegionRole::Dr {
            rlabel.push_str(match lang {
                Lang::En => " · DR",
                Lang::Zh => " · 灾备",
            });
        }
        if let Some(net) = reg.network {
            rlabel.push_str(match (net, lang) {
                (Network::Classic, Lang::En) => " · classic network",
                (Network::Classic, Lang::Zh) => " · 经典网络",
                (Network::Vpc, Lang::En) => " · VPC",
                (Network::Vpc, Lang::Zh) => " · 专有网络",
            });
        }
        let rw = inner_w + 2 * REGION_PAD;
        boxes.push(SceneBox {
            kind: BoxKind::Region,
            id: reg.id.clone(),
            text: box_text(&rlabel, (rw - 40) * 12 / 14),
            label: rlabel,
            tier: None,
            role: Some(reg.role),
            rect: Rect::new(rx, regions_top, rw, 0),
            parent: None,
        });
        let mut col_boxes = Vec::with_capacity(b.cols);
        for c in 0..b.cols {
            let other = b.has_other && c + 1 == b.cols;
            let (kind, id, label) = if other {
                (
                    BoxKind::NoZone,
                    String::new(),
                    String::from(match lang {
                        Lang::En => "zone unknown",
                        Lang::Zh => "可用区未知",
                    }),
                )
            } else {
                let z = &reg.zones[c];
                (BoxKind::Zone, z.id.clone(), label_or_id(&z.label, &z.id))
            };
            col_boxes.push(boxes.len());
            boxes.push(SceneBox {
                kind,
                id,
                text: box_text(&label, cw[c]),
                label,
                tier: None,
                role: None,
                rect: Rect::new(col_x[c], regions_top + REGION_HEAD, cw[c], 0),
                parent: Some(region_box),
            });
        }

        let mut y = regions_top + REGION_HEAD + ZONE_HEAD;
        let mut ch = Vec::with_capacity(b.rows.len() + 1);
        let mut band_prefix = Vec::with_capacity(b.rows.len() + 1);
        band_prefix.push(0u32);
        ch.push(y + ROW_GAP / 2);
        y += ROW_GAP;
        let mut vpc_start: Option<(usize, i32)> = None;
        for (ri, row) in b.rows.iter().enumerate() {
            let top = y;
            let h;
            match row.kind {
                RowKind::Band => {
                    let nodes = &row.cells[0].nodes;
                    let mut widths: Vec<i32> = Vec::with_capacity(nodes.len());
                    for &i in nodes {
                        let wide = matches!(design.nodes[i].kind(), NodeKind::Slb | NodeKind::Rds);
                        widths.push(if wide { wide_w } else { NODE_W });
                    }
                    let x0 = inner_left + CELL_PAD;
                    let x1 = inner_left + inner_w - CELL_PAD;
                    let (pos, lines) = flow(&widths, x0, x1);
                    h = grid_h(lines) + 2 * CELL_PAD;
                    let bb = boxes.len();
                    boxes.push(SceneBox {
                        kind: BoxKind::Band,
                        id: String::new(),
                        label: String::new(),
                        text: String::new(),
                        tier: None,
                        role: None,
                        rect: Rect::new(inner_left, top, inner_w, h),
                        parent: Some(region_box),
                    });
                    for (j, &i) in nodes.iter().enumerate() {
                        let si = scene_of[i];
                        let (nx, line) = pos[j];
                        shapes[si].rect = Rect::new(
                            nx,
                            top + CELL_PAD + line as i32 * (NODE_H + GAP_Y),
                            widths[j],
                            NODE_H,
                        );
                        if widths[j] > NODE_W {
                            // A wide node has room for a longer line.
                            shapes[si].lines =
                                text::wrap(&shapes[si].label, label_budget(widths[j]), 2);
                        }
                        shapes[si].container = Some(bb);
                        shapes[si].region_box = Some(region_box);
                        places[si] = Place {
                            ctx: PCtx::Region(r),
                            row: ri,
                            sub: line,
                            nsub: lines,
                            gut: (gutters[0], gutters[gutters.len() - 1]),
                        };
                    }
                }
                RowKind::Zone | RowKind::Vsw { .. } => {
                    let (head, foot) = match row.kind {
                        RowKind::Vsw { first, last, .. } => (
                            if first { VPC_HEAD } else { 0 },
                            if last { VPC_FOOT } else { 0 },
                        ),
                        _ => (0, 0),
                    };
                    let is_vsw = matches!(row.kind, RowKind::Vsw { .. });
                    let vhead = if is_vsw { VSW_HEAD } else { 0 };
                    let maxsub = row
                        .cells
                        .iter()
                        .map(|c| grid(c.nodes.len(), k).1)
                        .max()
                        .unwrap_or(0);
                    h = head + vhead + grid_h(maxsub) + 2 * CELL_PAD + foot;
                    if let RowKind::Vsw { vpc, first, last } = row.kind {
                        if first {
                            vpc_start = Some((vpc, top));
                        }
                        if last {
                            if let Some((v, vy)) = vpc_start.take() {
                                let vp = &design.vpcs[v];
                                let mut label = label_or_id(&vp.label, &vp.id);
                                if let Some(c) = &vp.cidr {
                                    label.push_str(" · ");
                                    label.push_str(&c.text);
                                }
                                let vw = inner_w + 2 * VPC_OUT;
                                boxes.push(SceneBox {
                                    kind: BoxKind::Vpc,
                                    id: vp.id.clone(),
                                    text: box_text(&label, vw),
                                    label,
                                    tier: None,
                                    role: None,
                                    rect: Rect::new(inner_left - VPC_OUT, vy, vw, top + h - vy),
                                    parent: Some(region_box),
                                });
                            }
                        }
                    }
                    for cell in &row.cells {
                        let ci = col_index(b, cell.col);
                        let cxl = col_x[ci];
                        let mut container = col_boxes[ci];
                        let (gx, gy) = if let Some((v, s)) = cell.vsw {
                            let sw = &design.vpcs[v].vswitches[s];
                            let mut label = label_or_id(&sw.label, &sw.id);
                            if let Some(t) = sw.tier {
                                label.push_str(match (t, lang) {
                                    (Tier::Dmz, Lang::En) => " · DMZ",
                                    (Tier::Dmz, Lang::Zh) => " · 互联网区",
                                    (Tier::Management, Lang::En) => " · management",
                                    (Tier::Management, Lang::Zh) => " · 管理区",
                                    (Tier::Intranet, Lang::En) => " · intranet",
                                    (Tier::Intranet, Lang::Zh) => " · 内网区",
                                });
                            }
                            if let Some(c) = &sw.cidr {
                                label.push_str(" · ");
                                label.push_str(&c.text);
                            }
                            let vr = Rect::new(
                                cxl + VSW_INSET,
                                top + head,
                                cw[ci] - 2 * VSW_INSET,
                                h - head - foot,
                            );
                            container = boxes.len();
                            boxes.push(SceneBox {
                                kind: BoxKind::VSwitch,
                                id: sw.id.clone(),
                                text: box_text(&label, vr.w),
                                label,
                                tier: sw.tier,
                                role: None,
                                rect: vr,
                                parent: Some(col_boxes[ci]),
                            });
                            (cxl + VSW_INSET + CELL_PAD, top + head + VSW_HEAD + CELL_PAD)
                        } else {
                            (cxl + CELL_PAD, top + CELL_PAD)
                        };
                        let (per, nsub) = grid(cell.nodes.len(), k);
                        for (j, &i) in cell.nodes.iter().enumerate() {
                            let si = scene_of[i];
                            let (sub, c) = (j / per.max(1), j % per.max(1));
                            shapes[si].rect = Rect::new(
                                gx + c as i32 * (NODE_W + GAP_X),
                                gy + sub as i32 * (NODE_H + GAP_Y),
                                NODE_W,
                                NODE_H,
                            );
                            shapes[si].container = Some(container);
                            shapes[si].zone_box = Some(col_boxes[ci]);
                            shapes[si].region_box = Some(region_box);
                            places[si] = Place {
                                ctx: PCtx::Region(r),
                                row: ri,
                                sub,
                                nsub,
                                gut: (gutters[ci], gutters[ci + 1]),
                            };
                        }
                    }
                }
            }
            y = top + h;
            ch.push(y + ROW_GAP / 2);
            let prev = band_prefix.last().copied().unwrap_or(0);
            band_prefix.push(prev + u32::from(row.kind == RowKind::Band));
            y += ROW_GAP;
        }
        if b.rows.is_empty() {
            y += 40;
        }
        region_bottom = region_bottom.max(y);
        geo_regions.push(RegionGeo {
            rect: Rect::new(rx, regions_top, rw, 0),
            ch,
            band_prefix,
            gutters,
        });
        rboxes.push(RegionBoxes {
            region: region_box,
            cols: col_boxes,
        });
    }
    // Equal heights for all regions; zone columns run to the bottom.
    for (r, rb) in rboxes.iter().enumerate() {
        let h = region_bottom - regions_top;
        boxes[rb.region].rect.h = h;
        geo_regions[r].rect.h = h;
        for &c in &rb.cols {
            let b = &mut boxes[c];
            b.rect.h = region_bottom - 8 - b.rect.y;
        }
    }

    // ---- Customer data centres on the right.
    let idc_gap = regions_right + IDC_GAP / 2;
    let mut sites_bottom = regions_top;
    if !idc_nodes.is_empty() {
        let sx = regions_right + IDC_GAP;
        let sb = boxes.len();
        let label = String::from(match lang {
            Lang::En => "Customer data centres",
            Lang::Zh => "客户数据中心",
        });
        let count = idc_nodes.len() as i32;
        let h = SITE_HEAD + 2 * SITE_PAD + count * NODE_H + (count - 1) * GAP_Y;
        boxes.push(SceneBox {
            kind: BoxKind::Sites,
            id: String::new(),
            text: box_text(&label, site_w),
            label,
            tier: None,
            role: None,
            rect: Rect::new(sx, regions_top, site_w, h),
            parent: None,
        });
        for (j, &i) in idc_nodes.iter().enumerate() {
            let si = scene_of[i];
            shapes[si].rect = Rect::new(
                sx + SITE_PAD,
                regions_top + SITE_HEAD + SITE_PAD + j as i32 * (NODE_H + GAP_Y),
                NODE_W,
                NODE_H,
            );
            shapes[si].container = Some(sb);
            places[si] = Place {
                ctx: PCtx::Idc,
                row: j,
                sub: 0,
                nsub: 1,
                gut: (idc_gap, idc_gap),
            };
        }
        sites_bottom = regions_top + h;
    }

    // ---- Findings.
    let mut panel_notes: Vec<FindingNote> = Vec::new();
    if opts.findings {
        for f in findings {
            let note = FindingNote {
                code: f.rule.code,
                severity: f.severity,
                target: f.target.clone(),
                message: f.message.clone(),
            };
            match f.target.as_deref().and_then(|t| cx.node_index(t)) {
                Some(i) => {
                    let s = &mut shapes[scene_of[i]];
                    s.finding_count += 1;
                    s.severity = s.severity.max(Some(f.severity));
                    s.findings.push(note);
                }
                None => panel_notes.push(note),
            }
        }
    }

    // ---- Edges.
    let geo = Geo {
        top_ch,
        idc_gap,
        regions: geo_regions,
    };
    let mut wanted: OrdMap<(usize, usize, EdgeKind), Vec<u16>> = OrdMap::new();
    for f in &cx.flows {
        let from = match f.from {
            Endpoint::Internet => match internet_scene {
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
    // A flow drawn once: the backend flow of a pair that also has a link is not repeated.
    // Port labels go near the end with fewer labelled edges (fan-in: near the sources).
    let mut fan_out = vec![0u32; shapes.len()];
    let mut fan_in = vec![0u32; shapes.len()];
    for ((a, b, _), ports) in wanted.iter() {
        if !ports.is_empty() && a != b {
            fan_out[a] += 1;
            fan_in[b] += 1;
        }
    }
    let mut edges: Vec<Edge> = Vec::with_capacity(wanted.len());
    let mut spots: Vec<(i32, i32)> = Vec::new();
    let mut taken = Occupied::with_capacity(shapes.len() * 4 + wanted.len());
    for s in &shapes {
        taken.add(s.rect);
    }
    // Box captions (drawn at the top left of their box, at most 14 px high).
    for b in &boxes {
        if !b.text.is_empty() {
            let w = i32::try_from(text::text_width(&b.text)).unwrap_or(0) * 14 / 10 + 30;
            taken.add(Rect::new(b.rect.x, b.rect.y + 2, w.min(b.rect.w), 20));
        }
    }
    for ((a, b, kind), ports) in wanted.iter() {
        if a == b {
            continue;
        }
        if kind == EdgeKind::Backend && wanted.contains_key((a, b, EdgeKind::Flow)) {
            continue;
        }
        let track = (edges.len() % 5) as i32 * 4 - 8;
        let points = route::route(
            &shapes[a].rect,
            &places[a],
            &shapes[b].rect,
            &places[b],
            track,
            &geo,
        );
        let label = if ports.is_empty() {
            None
        } else {
            let mut ports = ports.clone();
            crate::sort::sort(&mut ports);
            let text = crate::text::number_list(&ports, ", ");
            let near_end = fan_in[b] <= fan_out[a] || fan_in[b] <= 1;
            route::label_candidates(&points, near_end, &mut spots);
            let w = i32::try_from(text::text_width(&text)).unwrap_or(i32::MAX / 4);
            // The first place where the label covers no node box and no other label. Only
            // labels that found a free place are recorded: the rectangles of a grid cell then
            // never overlap, so a cell holds a bounded number of them.
            let rect_at = |(x, y): (i32, i32)| Rect::new(x - 1, y - 9, w + 2, 12);
            let (x, y) = match spots.iter().copied().find(|&p| !taken.hits(&rect_at(p))) {
                Some(p) => {
                    taken.add(rect_at(p));
                    p
                }
                None => spots[0],
            };
            Some(EdgeLabel { text, x, y })
        };
        edges.push(Edge {
            from: shapes[a].id.clone(),
            to: shapes[b].id.clone(),
            from_node: a,
            to_node: b,
            kind,
            points,
            arrow: matches!(kind, EdgeKind::Flow | EdgeKind::Backend),
            label,
        });
    }

    // ---- Legend and panel below everything.
    let content_bottom = region_bottom.max(sites_bottom).max(top_bottom);
    let mut kinds: Vec<ShapeKind> = Vec::with_capacity(shapes.len());
    let mut severities: Vec<Severity> = Vec::new();
    for s in &shapes {
        kinds.push(s.kind);
        severities.extend(s.severity);
    }
    for f in &panel_notes {
        severities.push(f.severity);
    }
    crate::sort::sort(&mut kinds);
    kinds.dedup();
    crate::sort::sort_by(&mut severities, |a, b| b.cmp(a));
    severities.dedup();
    let items = kinds.len() + severities.len();
    let per_line = (((width - 2 * MARGIN) / 150).max(1)) as usize;
    let legend_lines = items.div_ceil(per_line).max(1) as i32;
    let legend = Legend {
        rect: Rect::new(
            MARGIN,
            content_bottom + 24,
            width - 2 * MARGIN,
            28 + legend_lines * 26,
        ),
        kinds,
        severities,
        per_line,
    };
    let mut height = legend.rect.bottom() + MARGIN;
    let panel = if panel_notes.is_empty() {
        None
    } else {
        let more = panel_notes.len().saturating_sub(PANEL_MAX);
        panel_notes.truncate(PANEL_MAX);
        let lines = panel_notes.len() as i32 + i32::from(more > 0);
        let rect = Rect::new(
            MARGIN,
            legend.rect.bottom() + 16,
            width - 2 * MARGIN,
            36 + lines * 20,
        );
        height = rect.bottom() + MARGIN;
        Some(Panel {
            rect,
            findings: panel_notes,
            more,
        })
    };
    let title = match &design.name {
        Some(t) if !t.trim().is_empty() => t.clone(),
        _ => String::from(match lang {
            Lang::En => "Architecture",
            Lang::Zh => "架构图",
        }),
    };
    Scene {
        width,
        height,
        title,
        boxes,
        nodes: shapes,
        edges,
        legend,
        panel,
        lang,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{load, Limits};

    fn lay(text: &str) -> Scene {
        let loaded = load(text, &Limits::DEFAULT).unwrap();
        let cx = Ctx::new(&loaded.design);
        layout(&loaded.design, &cx, &[], &LayoutOptions::default())
    }

    fn y_of(s: &Scene, id: &str) -> i32 {
        s.nodes.iter().find(|n| n.id == id).unwrap().rect.y
    }

    #[test]
    fn layering_follows_traffic_and_survives_cycles() {
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"}]}],
            "nodes":[{"id":"c","kind":"ecs","zone":"z"},{"id":"b","kind":"ecs","zone":"z"},
                     {"id":"a","kind":"ecs","zone":"z"},{"id":"d","kind":"ecs","zone":"z"}],
            "links":[{"from":"a","to":"b"},{"from":"b","to":"c"},{"from":"c","to":"a"},
                     {"from":"c","to":"c"},{"from":"c","to":"d"}]}"#,
        );
        // The depth-first search starts at c (the first node) and drops the edge that closes
        // the cycle (b → c); the rest is layered by the longest path: c, then a and d, then b.
        assert!(y_of(&s, "c") < y_of(&s, "a"));
        assert!(y_of(&s, "a") < y_of(&s, "b"));
        assert!(y_of(&s, "c") < y_of(&s, "d"));
        assert_eq!(s.edges.len(), 4, "the self-loop is not drawn");
    }

    #[test]
    fn data_stores_without_flows_sit_below_the_traffic() {
        let s = lay(
            r#"{"archlint":1,"regions":[{"id":"r","zones":[{"id":"z"},{"id":"y"}]}],
            "nodes":[{"id":"db","kind":"rds","region":"r"},{"id":"o","kind":"oss","region":"r"},
                     {"id":"lb","kind":"slb","region":"r","backends":["w"]},
                     {"id":"w","kind":"ecs","zone":"z"},{"id":"v","kind":"ecs","zone":"y"}],
            "links":[{"from":"internet","to":"lb"}]}"#,
        );
        assert!(y_of(&s, "lb") < y_of(&s, "w"));
        assert!(y_of(&s, "w") < y_of(&s, "db"));
        assert_eq!(y_of(&s, "db"), y_of(&s, "o"));
        let db = s.nodes.iter().find(|n| n.id == "db").unwrap();
        let zones: Vec<_> = s.boxes.iter().filter(|b| b.kind == BoxKind::Zone).collect();
        assert_eq!(zones.len(), 2);
        assert!(
            zones.iter().all(|z| z.rect.overlaps(&db.rect)),
            "RDS spans both zones"
        );
    }

    #[test]
    fn many_nodes_in_one_zone_wrap_without_overlap() {
        let mut nodes = String::new();
        for i in 0..40 {
            if i > 0 {
                nodes.push(',');
            }
            nodes.push_str(&alloc::format!(
                r#"{{"id":"n{i}","kind":"ecs","zone":"z","label":"服务器 {i}"}}"#
            ));
        }
        let s = lay(&alloc::format!(
            r#"{{"archlint":1,"regions":[{{"id":"r","zones":[{{"id":"z"}}]}}],"nodes":[{nodes}]}}"#
        ));
        let per_line = s
            .nodes
            .iter()
            .filter(|n| n.rect.y == s.nodes[0].rect.y)
            .count();
        assert!((2..=6).contains(&per_line));
        for (i, a) in s.nodes.iter().enumerate() {
            for b in &s.nodes[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect));
            }
        }
    }

    #[test]
    fn rect_segment_hits() {
        let r = Rect::new(10, 10, 20, 20);
        assert!(r.hit_by_segment((0, 15), (40, 15)));
        assert!(!r.hit_by_segment((0, 10), (40, 10)), "along the border");
        assert!(!r.hit_by_segment((0, 5), (40, 5)));
        assert!(r.hit_by_segment((20, 0), (20, 11)));
        assert!(!r.hit_by_segment((20, 0), (20, 10)), "touching the border");
        assert!(!r.hit_by_segment((30, 0), (30, 40)));
    }
}
