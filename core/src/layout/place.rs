//! Compose: the nodes' rectangles and the container boxes, top to bottom — the top row
//! (the internet, DNS, whatever has no region), the regions row by row (bands, zone rows,
//! VPCs with their vSwitch rows), the customer data centres on the right — and, for routing,
//! each node's `Place` and the channels between rows and columns (`Geo`).

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::grid::{kind_order, Grid, RowKind};
use super::size::{grid, grid_h, Widths};
use super::text;
use super::{
    BoxKind, NodeShape, Rect, SceneBox, ShapeKind, CELL_PAD, COL_GAP, GAP_X, GAP_Y, IDC_GAP,
    LABEL_MAX_EM10, MARGIN, NODE_H, NODE_W, REGION_HEAD, REGION_PAD, ROW_GAP, SITE_HEAD, SITE_PAD,
    SITE_W, TITLE_H, TOP_GAP, VPC_FOOT, VPC_HEAD, VPC_OUT, VSW_HEAD, VSW_INSET, ZONE_HEAD,
};
use crate::index::{Ctx, Endpoint};
use crate::model::{Design, Network, NodeKind, RegionRole, SlbType, Tier};
use crate::text::Lang;

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

impl RegionGeo {
    /// Whether row `row` is a band (a region-wide row of SLBs, databases, gateways).
    pub fn is_band(&self, row: usize) -> bool {
        self.band_prefix.get(row + 1) != self.band_prefix.get(row)
    }
}

pub(crate) struct Geo {
    pub top_ch: i32,
    pub idc_gap: i32,
    pub regions: Vec<RegionGeo>,
    /// The vertical lines beside the bands' nodes that the routes of their lines take to the
    /// channels (x, room either side), left then right of each band.
    pub sides: Vec<(i32, i32)>,
}

impl Geo {
    /// The room of the line beside a band's nodes at `x`, if there is one.
    #[inline(always)]
    pub(super) fn side(&self, x: i32) -> Option<i32> {
        for &(s, room) in &self.sides {
            if s == x {
                return Some(room);
            }
        }
        None
    }
}

/// Every node and box positioned, with what routing needs.
pub(super) struct Placed {
    pub boxes: Vec<SceneBox>,
    /// The internet (when something flows from it) first, then the design's nodes in order.
    pub shapes: Vec<NodeShape>,
    /// Per shape.
    pub places: Vec<Place>,
    /// The shape of each design node.
    pub scene_of: Vec<usize>,
    /// The internet's shape.
    pub internet: Option<usize>,
    pub geo: Geo,
    /// The bottom of the top row, the regions and the data centres.
    pub content_bottom: i32,
    /// Per region, per row: the lines of nodes it needs (its height is the more of these and
    /// its `floor`; what the drawing keeps, `keep.rs`).
    #[cfg(feature = "keep")]
    pub row_lines: Vec<Vec<usize>>,
}

/// Room for the label of a node `w` pixels wide, in tenths of an em: the text starts 44 px
/// in and keeps 4 px off the right edge ([`LABEL_MAX_EM10`] for a plain node).
fn label_budget(w: i32) -> u32 {
    ((w - 48).max(60) * 10 / 12) as u32
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

/// A region's caption and its font size: the largest of 14, 13 and 12 px at which it is
/// whole within the region's header (a one-zone region is narrow, and its caption names the
/// region, its role and its network), else cut at 12 px.
fn region_caption(label: &str, rw: i32) -> (String, i32) {
    let whole = text::ellipsize(label, u32::MAX);
    for size in [14, 13] {
        let t = box_text(label, (rw - 40) * 12 / size);
        if t == whole {
            return (t, size);
        }
    }
    (box_text(label, rw - 40), 12)
}

/// Lays out items of the given widths into centred lines within `[x0, x1]`; returns each
/// item's (x, line) and the number of lines.
fn flow(widths: &[i32], x0: i32, x1: i32) -> (Vec<(i32, usize)>, usize) {
    let avail = (x1 - x0).max(NODE_W);
    let mut out: Vec<(i32, usize)> = Vec::with_capacity(widths.len());
    // Items go left-aligned on the current line; a full line is then centred.
    let centre = |line: &mut [(i32, usize)], lw: i32| {
        let by = ((avail - lw) / 2).max(0);
        for item in line {
            item.0 += by;
        }
    };
    let (mut line, mut start, mut w) = (0, 0, 0);
    for (i, &iw) in widths.iter().enumerate() {
        let add = if i == start { iw } else { GAP_X + iw };
        if i > start && w + add > avail {
            centre(&mut out[start..], w);
            line += 1;
            start = i;
            w = iw;
        } else {
            w += add;
        }
        out.push((x0 + w - iw, line));
    }
    if widths.is_empty() {
        return (out, 0);
    }
    centre(&mut out[start..], w);
    (out, line + 1)
}

/// The most room either side of the line beside a band's nodes, px. Measured on the generated
/// designs of 400 and 1,000 nodes (`layout_quality`, seeds 1-3): 40 px left 0.49 and 0.76 of
/// the edge length on shared tracks and 0.3 labels crossed at 400; 60 px 0.47 and 0.71, none
/// crossed; 80 px 0.47 and 0.64, but 0.3 and 1 label crossed again.
const BAND_ROOM: i32 = 60;

/// Positions every node and box.
pub(super) fn place(design: &Design, cx: &Ctx<'_>, g: &Grid, w: &Widths, lang: Lang) -> Placed {
    let n = design.nodes.len();
    let width = w.width;
    let has_internet = cx.flows.iter().any(|f| f.from == Endpoint::Internet);
    let mut top_items: Vec<Option<usize>> = Vec::new();
    if has_internet {
        top_items.push(None);
    }
    let mut top_nodes = g.top.clone();
    // By kind, then design order (the radix sort of the route pieces: no other sort instance
    // in the docs widget).
    let mut q: Vec<(i32, i32, i32, u32)> = Vec::with_capacity(top_nodes.len());
    for &i in &top_nodes {
        q.push((
            i32::from(kind_order(design.nodes[i].kind())),
            0,
            i as i32,
            0,
        ));
    }
    crate::sort::order_by_quads(&mut q, &mut top_nodes);
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
    for (item, &(x, line)) in top_items.iter().zip(&top_pos) {
        let si = match item {
            None => 0,
            Some(i) => scene_of[*i],
        };
        shapes[si].rect = Rect::new(x, top_y + line as i32 * (NODE_H + GAP_Y), NODE_W, NODE_H);
        places[si] = Place {
            ctx: PCtx::Top,
            row: 0,
            sub: line,
            nsub: top_lines,
            gut: (MARGIN / 2, width - MARGIN / 2),
        };
    }
    let mut p = Placed {
        boxes: Vec::new(),
        shapes,
        places,
        scene_of,
        internet: internet_scene,
        geo: Geo {
            top_ch,
            idc_gap: w.regions_right + IDC_GAP / 2,
            regions: Vec::with_capacity(g.regions.len()),
            sides: Vec::new(),
        },
        content_bottom: 0,
        #[cfg(feature = "keep")]
        row_lines: Vec::new(),
    };
    let region_bottom = regions(design, g, w, regions_top, lang, &mut p);
    let sites_bottom = sites(g, w, regions_top, lang, &mut p);
    p.content_bottom = region_bottom.max(sites_bottom).max(top_bottom);
    p
}

/// Lays the regions out top to bottom, row by row: their boxes (region, zone columns, bands,
/// VPCs, vSwitches), the nodes' rectangles and places, and each region's channels and gutters.
/// Returns the bottom of the tallest region.
fn regions(
    design: &Design,
    g: &Grid,
    w: &Widths,
    regions_top: i32,
    lang: Lang,
    p: &mut Placed,
) -> i32 {
    let nr = g.regions.len();
    let Placed {
        boxes,
        shapes,
        places,
        scene_of,
        geo,
        #[cfg(feature = "keep")]
        row_lines,
        ..
    } = p;
    let Geo {
        regions: geo_regions,
        sides,
        ..
    } = geo;
    let mut region_bottom = regions_top;
    struct RegionBoxes {
        region: usize,
        cols: Vec<usize>,
    }
    let mut rboxes: Vec<RegionBoxes> = Vec::with_capacity(nr);
    for (r, b) in g.regions.iter().enumerate() {
        let reg = &design.regions[r];
        let cw = &w.col_w[r];
        let k = w.k_per[r];
        let rx = w.region_x[r];
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
        let (text, text_size) = region_caption(&rlabel, rw);
        boxes.push(SceneBox {
            severity: None,
            findings: Vec::new(),
            kind: BoxKind::Region,
            id: reg.id.clone(),
            text,
            text_size,
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
                severity: None,
                findings: Vec::new(),
                kind,
                id,
                text: box_text(&label, cw[c]),
                text_size: 12,
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
        #[cfg(feature = "keep")]
        let mut p_lines = Vec::with_capacity(b.rows.len());
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
                    #[cfg(feature = "keep")]
                    p_lines.push(lines);
                    #[cfg(feature = "keep")]
                    let lines = lines.max(row.floor);
                    h = grid_h(lines) + 2 * CELL_PAD;
                    let bb = boxes.len();
                    boxes.push(SceneBox {
                        severity: None,
                        findings: Vec::new(),
                        kind: BoxKind::Band,
                        id: String::new(),
                        label: String::new(),
                        text: String::new(),
                        text_size: 12,
                        tier: None,
                        role: None,
                        rect: Rect::new(inner_left, top, inner_w, h),
                        parent: Some(region_box),
                    });
                    // Beside the band's nodes where there is room (a wide SLB or RDS spans a
                    // column and a half): its lines' routes reach the channels there, not in
                    // the region's margins that every route past a band takes. The lines are
                    // centred: the widest starts first, and the right line mirrors the left.
                    let mut lo = x1;
                    for &(nx, _) in &pos {
                        lo = lo.min(nx);
                    }
                    let room = ((lo - inner_left - super::route::PASS_GAP) / 2).min(BAND_ROOM);
                    let gut = if room >= super::route::GAP_ROOM {
                        let l = lo - super::route::PASS_GAP - room;
                        let r = x0 + x1 - l;
                        sides.push((l, room));
                        sides.push((r, room));
                        (l, r)
                    } else {
                        (gutters[0], gutters[gutters.len() - 1])
                    };
                    for ((&i, &(nx, line)), &nw) in nodes.iter().zip(&pos).zip(&widths) {
                        let si = scene_of[i];
                        let s = &mut shapes[si];
                        s.rect = Rect::new(
                            nx,
                            top + CELL_PAD + line as i32 * (NODE_H + GAP_Y),
                            nw,
                            NODE_H,
                        );
                        if nw > NODE_W {
                            // A wide node has room for a longer line.
                            s.lines = text::wrap(&s.label, label_budget(nw), 2);
                        }
                        s.container = Some(bb);
                        s.region_box = Some(region_box);
                        places[si] = Place {
                            ctx: PCtx::Region(r),
                            row: ri,
                            sub: line,
                            nsub: lines,
                            gut,
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
                    #[cfg(feature = "keep")]
                    p_lines.push(maxsub);
                    #[cfg(feature = "keep")]
                    let maxsub = maxsub.max(row.floor);
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
                                    severity: None,
                                    findings: Vec::new(),
                                    kind: BoxKind::Vpc,
                                    id: vp.id.clone(),
                                    text: box_text(&label, vw),
                                    text_size: 12,
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
                        let ci = b.col_index(cell.col);
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
                                severity: None,
                                findings: Vec::new(),
                                kind: BoxKind::VSwitch,
                                id: sw.id.clone(),
                                text: box_text(&label, vr.w),
                                text_size: 11,
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
                        let zone_box = col_boxes[ci];
                        let gut = (gutters[ci], gutters[ci + 1]);
                        for (j, &i) in cell.nodes.iter().enumerate() {
                            let si = scene_of[i];
                            let (sub, c) = (j / per.max(1), j % per.max(1));
                            let s = &mut shapes[si];
                            s.rect = Rect::new(
                                gx + c as i32 * (NODE_W + GAP_X),
                                gy + sub as i32 * (NODE_H + GAP_Y),
                                NODE_W,
                                NODE_H,
                            );
                            s.container = Some(container);
                            s.zone_box = Some(zone_box);
                            s.region_box = Some(region_box);
                            places[si] = Place {
                                ctx: PCtx::Region(r),
                                row: ri,
                                sub,
                                nsub,
                                gut,
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
        #[cfg(feature = "keep")]
        row_lines.push(p_lines);
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
    region_bottom
}

/// The customer data centres, in a column on the right. Returns the bottom of their box.
fn sites(g: &Grid, w: &Widths, regions_top: i32, lang: Lang, p: &mut Placed) -> i32 {
    let Placed {
        boxes,
        shapes,
        places,
        scene_of,
        geo,
        ..
    } = p;
    let idc_gap = geo.idc_gap;
    let regions_right = w.regions_right;
    let idc_nodes = &g.sites;
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
            severity: None,
            findings: Vec::new(),
            kind: BoxKind::Sites,
            id: String::new(),
            text: box_text(&label, SITE_W),
            text_size: 12,
            label,
            tier: None,
            role: None,
            rect: Rect::new(sx, regions_top, SITE_W, h),
            parent: None,
        });
        for (j, &i) in idc_nodes.iter().enumerate() {
            let si = scene_of[i];
            let s = &mut shapes[si];
            s.rect = Rect::new(
                sx + SITE_PAD,
                regions_top + SITE_HEAD + SITE_PAD + j as i32 * (NODE_H + GAP_Y),
                NODE_W,
                NODE_H,
            );
            s.container = Some(sb);
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
    sites_bottom
}
