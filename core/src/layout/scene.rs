//! The laid-out picture: pure data (rectangles, polylines, texts) that any backend draws —
//! the SVG writer in [`crate::svg`], the browser editor, the exporters. Re-exported from
//! [`crate::layout`], where every type keeps its path (`crate::layout::Scene`, …).

use alloc::string::String;
use alloc::vec::Vec;

use crate::model::{EcsRole, NodeKind, RegionRole, SlbType, Tier};
use crate::rule::Severity;
use crate::text::{Lang, Text};

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
    /// The font size `text` is drawn at, px: 14 for a region (13 or 12 when that keeps its
    /// caption whole), 11 for a vSwitch, 12 for the others.
    pub text_size: i32,
    pub tier: Option<Tier>,
    /// Regions: primary or DR.
    pub role: Option<RegionRole>,
    pub rect: Rect,
    /// The box this one lies in.
    pub parent: Option<usize>,
    /// The worst severity of the findings about this container (a region, zone, VPC or
    /// vSwitch), drawn as a badge at its top right corner, and those findings (its tooltip).
    pub severity: Option<Severity>,
    pub findings: Vec<FindingNote>,
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
    /// Findings not listed (beyond [`PANEL_MAX`](super::PANEL_MAX)).
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
