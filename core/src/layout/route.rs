//! Orthogonal routing through the channels between rows and columns, then a track of its own
//! for every piece of every route.
//!
//! Every node sits in a cell; between the lines of a cell, between rows, between columns and
//! along the margins of each region there is free space that holds no node. A route leaves its
//! node straight up or down into the gap next to it (clear of the box captions it would run
//! through), reaches the channel between rows (through the cell's gutter when the node is not
//! on the cell's first or last line), runs along the channel, changes rows through a column
//! gap that no region-wide band blocks (or the region's margin, which nothing blocks), or goes
//! over the top of the regions to reach another region or the top row (through a gap clear of
//! the region's and zones' captions); the data centres beside the last region are reached
//! straight along the channel. Each route is O(columns).
//!
//! With the core feature `bends`, in drawings of up to [`THOROUGH_MAX`] edges, a route between
//! two nodes of one region is then replaced by one of fewer bends and at most a tenth more
//! length where one runs clear of every node and caption ([`Router::fewer_bends`]). Such a
//! route goes out of a side and along a vertical line (a column gap, a margin, a band's side
//! line) into a side, or out of a side into the top or bottom, or the other way round. The
//! channels give one route for every edge; this search finds, for the edges that have one,
//! the clear shortcut that the channels pass by.
//!
//! [`assign_tracks`] then spreads the pieces that share a line across the room of their
//! channel, in the order that crosses least.

use alloc::vec;
use alloc::vec::Vec;

use super::channels::Planned;
use super::place::{Geo, PCtx, Place, Placed};
use super::{text, Rect, GAP_X, GAP_Y};

type P = (i32, i32);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ch {
    Top,
    Region(usize, usize),
    Idc,
}

fn nearer(x: i32, a: i32, b: i32) -> i32 {
    if (x - a).abs() <= (b - x).abs() {
        a
    } else {
        b
    }
}

/// Routes edges through the channels of a placed drawing, clear of the box captions.
pub(super) struct Router<'p> {
    p: &'p Placed,
    /// The boxes' captions, as the SVG draws them (sorted by top).
    captions: Vec<Rect>,
    /// The right edge of the last region (the data centres are beside it).
    last_right: i32,
    /// The lanes between a caption and the nodes under it (y, room either side).
    pub lanes: Vec<(i32, i32)>,
    /// Per region and row, the x spans its nodes cover, sorted and disjoint.
    rows: Vec<Vec<Vec<(i32, i32)>>>,
}

/// How many of the routes of fewer bends [`Router::fewer_bends`] tries, best first (on the
/// reference and generated designs, a route that is clear is nearly always among the first).
#[cfg(feature = "bends")]
const TRIES: usize = 8;

/// Drawings of up to this many edges look for routes of fewer bends. Each try checks its
/// pieces against every node, and the routes of fewer bends that run clear get rarer as a
/// drawing grows. Measured natively with `layout_quality`: on the generated designs of about 50
/// nodes (84-88 edges) the search saves 3.5 % of the bends, on 150 nodes (261-288 edges) 1.5 %
/// for 0.3 ms (0.59 → 0.89 ms), and on 230 nodes (391 edges) 0.7 % for 0.65 ms
/// (0.88 → 1.53 ms). On 1,038 nodes (1,707 edges) it took 2.5 ms even with the nodes looked
/// up by row, where layout and SVG take 4 and must stay under 5. Since a route of fewer bends
/// that lands on another line's track is routed again (`layout::compose`, up to three rounds
/// of routing), the layout of 150 nodes takes 1.2–1.6 ms (best of 500, seeds 1–3; seed 1
/// 0.83 → 1.55 ms).
#[cfg(feature = "bends")]
pub(super) const THOROUGH_MAX: usize = 300;

/// How far a line passing a row keeps from its nodes, px.
pub(super) const PASS_GAP: i32 = 14;

/// A route, and the room either side of its first and last pieces (where they leave a node's
/// side).
pub(super) struct Route {
    pub points: Vec<P>,
    pub ends_room: (i32, i32),
}

impl<'p> Router<'p> {
    pub(super) fn new(p: &'p Placed) -> Router<'p> {
        // By top, then left: sorted as (y, x, w, h) quads by the radix sort of the route
        // pieces (a sort of `Rect`s was an instance of the generic sort of its own in the docs
        // widget; the order of two captions at one place does not matter).
        let mut q: Vec<(i32, i32, i32, u32)> = Vec::new();
        for b in &p.boxes {
            if b.text.is_empty() {
                continue;
            }
            let (x, y, size) = crate::svg::caption_at(b);
            let w = i32::try_from(text::text_width(&b.text)).unwrap_or(0) * size / 10;
            q.push((y - size, x - 2, w + 4, (size + 2) as u32));
        }
        crate::sort::sort_quads(&mut q);
        let mut captions: Vec<Rect> = Vec::with_capacity(q.len());
        for &(y, x, w, h) in &q {
            captions.push(Rect::new(x, y, w, h as i32));
        }
        let mut last_right = i32::MIN;
        let mut rows: Vec<Vec<Vec<(i32, i32)>>> = Vec::with_capacity(p.geo.regions.len());
        for g in &p.geo.regions {
            last_right = last_right.max(g.rect.right());
            rows.push(vec![Vec::new(); g.ch.len()]);
        }
        // By region, row and left edge (the radix sort of the route pieces, not a generic
        // sort of pairs of its own in the docs widget).
        let mut q: Vec<(i32, i32, i32, u32)> = Vec::new();
        for (s, pl) in p.shapes.iter().zip(&p.places) {
            if let PCtx::Region(r) = pl.ctx {
                q.push((r as i32, pl.row as i32, s.rect.x, s.rect.right() as u32));
            }
        }
        crate::sort::sort_quads(&mut q);
        for &(r, row, a, b) in &q {
            if let Some(row) = rows
                .get_mut(r as usize)
                .and_then(|v| v.get_mut(row as usize))
            {
                // The union: the lines of a row (a band's wide and narrow nodes) overlap.
                let b = b as i32;
                match row.last_mut() {
                    Some(m) if a <= m.1 => m.1 = m.1.max(b),
                    _ => row.push((a, b)),
                }
            }
        }
        Router {
            p,
            captions,
            last_right,
            lanes: Vec::new(),
            rows,
        }
    }

    /// The rightmost right edge and the lowest bottom of the captions a vertical line at `x`
    /// from `y0` to `y1` runs through; `None` when it runs through none.
    fn captions_at(&self, x: i32, y0: i32, y1: i32) -> Option<(i32, i32)> {
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        // Captions are at most 16 px high.
        let from = self.captions.partition_point(|r| r.y < y0 - 16);
        let mut reach: Option<(i32, i32)> = None;
        for r in &self.captions[from..] {
            if r.y >= y1 {
                break;
            }
            if r.bottom() > y0 && r.x < x && r.right() > x {
                let (e, b) = reach.unwrap_or((i32::MIN, i32::MIN));
                reach = Some((e.max(r.right()), b.max(r.bottom())));
            }
        }
        reach
    }

    /// The node span of row `row` of region `r` that a vertical line at `x` passes closer
    /// than [`PASS_GAP`] (less a pixel), if any (binary search: the spans of a row are
    /// disjoint).
    fn blocker(&self, r: usize, row: usize, x: i32) -> Option<(i32, i32)> {
        let spans = self.rows.get(r)?.get(row)?;
        let k = spans.partition_point(|&(_, b)| b + PASS_GAP - 1 <= x);
        spans.get(k).copied().filter(|&(a, _)| a - PASS_GAP + 1 < x)
    }

    /// Whether a vertical line at `x` crosses rows `rows` of region `r` clear of their nodes
    /// and of captions from `y0` to `y1`.
    fn clear(&self, r: usize, rows: core::ops::Range<usize>, x: i32, y0: i32, y1: i32) -> bool {
        let g = &self.p.geo.regions[r];
        let gap = g.gutters.contains(&x);
        for i in rows {
            // Nothing stands in a column gap or margin but a band's nodes.
            if (g.is_band(i) || !gap) && self.blocker(r, i, x).is_some() {
                return false;
            }
        }
        self.captions_at(x, y0, y1).is_none()
    }

    /// The x of a vertical line from channel `i` to channel `j` of region `r` (from `y0` to
    /// `y1`), clear of the nodes of the rows between and of captions, nearest to `xa` and
    /// `xb` together: one of them, beside a node of those rows in their way, or a column gap
    /// or margin (the margins are always clear of nodes).
    fn pass(&self, r: usize, i: usize, j: usize, ends: (i32, i32), ys: (i32, i32)) -> i32 {
        let (xa, xb) = ends;
        let g = &self.p.geo.regions[r];
        let rows = i.min(j)..i.max(j);
        let mut cand: Vec<i32> = vec![xa, xb];
        cand.extend_from_slice(&g.gutters);
        for row in rows.clone() {
            for x in [xa, xb] {
                if let Some((a, b)) = self.blocker(r, row, x) {
                    cand.push(a - PASS_GAP);
                    cand.push(b + PASS_GAP);
                }
            }
        }
        let (left, right) = (
            g.gutters.first().copied().unwrap_or(xa),
            g.gutters.last().copied().unwrap_or(xa),
        );
        // A band's node is costed from the margin on its side, not from the line beside the
        // band that its route takes only when no margin is the way on (`straight_on`).
        let mut ends = [xa, xb];
        for x in &mut ends {
            if self.p.geo.side(*x).is_some() {
                *x = if *x < g.rect.cx() { left } else { right };
            }
        }
        let [xa, xb] = ends;
        // A straight line first, then the cheaper, then a gap or margin: the candidates in
        // that order, tried until one is clear (picked one by one, the first is nearly always
        // clear: no sort).
        let mut keyed: Vec<(i32, bool, i32)> = Vec::with_capacity(cand.len());
        for x in cand {
            if x >= left && x <= right {
                keyed.push(((x - xa).abs() + (x - xb).abs(), !g.gutters.contains(&x), x));
            }
        }
        while !keyed.is_empty() {
            let mut best = 0;
            for k in 1..keyed.len() {
                if keyed[k] < keyed[best] {
                    best = k;
                }
            }
            let x = keyed.swap_remove(best).2;
            if self.clear(r, rows.clone(), x, ys.0, ys.1) {
                return x;
            }
        }
        left
    }

    /// The span of a node's top or bottom that routes may leave it from: clear of the
    /// captions a line up to `up_to` would run through. Its middle, its half-width less 2 px,
    /// and, when no part of the side is clear, the bottom of the lowest caption in the way.
    fn side(&self, r: &Rect, up_to: Option<i32>) -> (i32, i32, Option<i32>) {
        let (mut lo, hi) = (r.x + 10, r.right() - 10);
        let mut blocked = None;
        if let Some(y) = up_to {
            // Captions start at their box's left: move right past each one in the way.
            for _ in 0..4 {
                let mid = (lo + hi) / 2;
                let in_way = match (self.captions_at(mid, y, r.y), self.captions_at(lo, y, r.y)) {
                    (Some(a), Some(b)) => Some((a.0.max(b.0), a.1.max(b.1))),
                    (a, b) => a.or(b),
                };
                let Some((end, bottom)) = in_way else {
                    break;
                };
                if end + 4 > hi - 12 {
                    lo = r.x + 10;
                    blocked = Some(bottom);
                    break;
                }
                lo = end + 4;
            }
        }
        ((lo + hi) / 2, ((hi - lo) / 2 - 2).max(0), blocked)
    }

    /// The points from the node's border to its channel, the channel, and the room either
    /// side of the first piece. A node whose top is under a caption wider than it is entered
    /// from a lane between the caption and the node, reached through the cell's gutter.
    fn port(&mut self, r: &Rect, p: &Place, down: bool, toward: i32) -> (Vec<P>, Ch, i32) {
        let geo = &self.p.geo;
        // A band's lines (between the region's margins) are rounded on the side of the other
        // end, a cell's through the gutter nearer the node.
        // The other end's middle (`toward` becomes the line to round a band's lines on).
        let other = toward;
        let (ch, chy, toward, band_node) = match p.ctx {
            PCtx::Idc => {
                let cy = r.cy();
                return (vec![(r.x, cy), (geo.idc_gap, cy)], Ch::Idc, r.h / 2 - 8);
            }
            PCtx::Top => (Ch::Top, geo.top_ch, r.cx(), false),
            PCtx::Region(ri) => {
                let g = &geo.regions[ri];
                let i = if down { p.row + 1 } else { p.row };
                let band = g.is_band(p.row);
                (
                    Ch::Region(ri, i),
                    g.ch.get(i).copied().unwrap_or(geo.top_ch),
                    if band { (r.cx() + toward) / 2 } else { r.cx() },
                    band,
                )
            }
        };
        let edge = if down { r.bottom() } else { r.y };
        let direct = if down {
            p.sub + 1 >= p.nsub
        } else {
            p.sub == 0
        };
        let (gut0, gut1) = p.gut;
        if direct {
            let (mut cx, mut room, blocked) = self.side(r, (!down).then_some(chy));
            // A band's node (a region-wide SLB, database, gateway, often wider than a server)
            // is entered over the way to the other end: its lines spread over its width and
            // drop straight from the nodes above it, not all into its middle. Measured with
            // `layout_quality`: two-region-three-center.json 40 -> 20 bends, generated designs
            // of about 50 nodes no shared track left (seed 2: 423 px down one column gap into
            // a database's middle), 150 nodes 5,617 -> 5,472 crossings.
            if band_node && blocked.is_none() && room > 2 * PASS_GAP {
                let (lo, hi) = (cx - room, cx + room);
                // On steps of two passing gaps from the middle: lines into nearby places
                // share one, where they are spread on tracks of their own.
                let q = 2 * PASS_GAP;
                let x = cx + (other.clamp(lo + PASS_GAP, hi - PASS_GAP) - cx) / q * q;
                room = (x - lo).min(hi - x).min(PASS_GAP - 2);
                cx = x;
            }
            match blocked {
                Some(bottom) if r.y - bottom >= 8 => {
                    let lane = (bottom + r.y) / 2;
                    let lane_room = ((r.y - bottom) / 2 - 3).max(0);
                    if !self.lanes.iter().any(|&(y, _)| y == lane) {
                        self.lanes.push((lane, lane_room));
                    }
                    let gx = nearer(toward, gut0, gut1);
                    (
                        vec![(cx, edge), (cx, lane), (gx, lane), (gx, chy)],
                        ch,
                        room,
                    )
                }
                _ => (vec![(cx, edge), (cx, chy)], ch, room),
            }
        } else {
            let sg = if down {
                r.bottom() + GAP_Y / 2
            } else {
                r.y - GAP_Y / 2
            };
            let (cx, room, _) = self.side(r, (!down).then_some(sg));
            let gx = nearer(toward, gut0, gut1);
            (vec![(cx, edge), (cx, sg), (gx, sg), (gx, chy)], ch, room)
        }
    }

    /// From a channel point up to the channel above all regions, through the region margin
    /// that is on the way to `toward`, or from the first channel of a region through a gap
    /// clear of the region's and zones' captions.
    fn lift(&self, p: P, ch: Ch, toward: i32) -> Vec<P> {
        let geo = &self.p.geo;
        let top = geo.top_ch;
        match ch {
            Ch::Top => vec![p],
            Ch::Idc => vec![p, (p.0, top)],
            Ch::Region(r, 0) => {
                let g = &geo.regions[r];
                let clear = |x: i32| self.captions_at(x, top, p.1).is_none();
                // Right of the captions in the way at the route's own x.
                let mut past = p.0;
                for _ in 0..3 {
                    match self.captions_at(past, top, p.1) {
                        Some((end, _)) if end + 6 < g.rect.right() => past = end + 6,
                        _ => break,
                    }
                }
                let mut best: Option<(i32, i32)> = None;
                let mut xs = vec![p.0, past];
                xs.extend_from_slice(&g.gutters);
                for x in xs {
                    let cost = (x - p.0).abs() + (x - toward).abs();
                    if clear(x) && best.is_none_or(|(c, _)| cost < c) {
                        best = Some((cost, x));
                    }
                }
                let x = best.map_or(p.0, |(_, x)| x);
                vec![p, (x, p.1), (x, top)]
            }
            Ch::Region(r, i) => {
                let gx = self.pass(r, 0, i, (p.0, toward), (top, p.1));
                vec![p, (gx, p.1), (gx, top)]
            }
        }
    }

    fn connect(&self, pa: P, ca: Ch, pb: P, cb: Ch) -> Vec<P> {
        let geo = &self.p.geo;
        if ca == cb {
            return vec![pa, pb];
        }
        match (ca, cb) {
            (Ch::Region(ra, i), Ch::Region(rb, j)) if ra == rb => {
                let gx = self.pass(ra, i, j, (pa.0, pb.0), (pa.1, pb.1));
                return vec![pa, (gx, pa.1), (gx, pb.1), pb];
            }
            // The data centres beside the last region: straight along the channel.
            (Ch::Region(r, _), Ch::Idc) if geo.regions[r].rect.right() == self.last_right => {
                return vec![pa, (pb.0, pa.1), pb];
            }
            (Ch::Idc, Ch::Region(r, _)) if geo.regions[r].rect.right() == self.last_right => {
                return vec![pa, (pa.0, pb.1), pb];
            }
            _ => {}
        }
        let mut path = self.lift(pa, ca, pb.0);
        let mut back = self.lift(pb, cb, pa.0);
        back.reverse();
        path.extend(back);
        path
    }

    /// The route of a planned edge.
    pub(super) fn route_edge(&mut self, e: &Planned) -> Route {
        let p = self.p;
        let (a, b) = (e.from, e.to);
        let (ra, pa, rb, pb) = (
            &p.shapes[a].rect,
            &p.places[a],
            &p.shapes[b].rect,
            &p.places[b],
        );
        self.route(ra, pa, rb, pb)
    }

    /// Whether an axis-aligned segment from `p` to `q` runs clear of every node (by
    /// `PASS_GAP` less a pixel; of its own two nodes `ends`, of their insides) and of every
    /// caption. Every node is looked at: only drawings of up to [`THOROUGH_MAX`] edges ask.
    #[cfg(feature = "bends")]
    fn seg_clear(&self, p: P, q: P, ends: (usize, usize)) -> bool {
        let m = PASS_GAP - 1;
        for (i, s) in self.p.shapes.iter().enumerate() {
            let n = &s.rect;
            let g = if i == ends.0 || i == ends.1 { 0 } else { m };
            if Rect::new(n.x - g, n.y - g, n.w + 2 * g, n.h + 2 * g).hit_by_segment(p, q) {
                return false;
            }
        }
        let (x0, x1) = (p.0.min(q.0), p.0.max(q.0));
        let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
        !self
            .captions
            .iter()
            .any(|c| x1 >= c.x && x0 <= c.right() && y1 >= c.y && y0 <= c.bottom())
    }

    /// A route of fewer bends and at most a tenth longer than `r` between nodes `a` and `b` of
    /// one region, where one is clear of nodes and captions: out of a side and into a side along
    /// a vertical line (a column gap, a margin, a band's side line), out of a side and into
    /// the top or bottom, or out of the top or bottom and into a side. The fewest bends, then
    /// the shortest, of those that are clear.
    #[cfg(feature = "bends")]
    pub(super) fn fewer_bends(&self, a: usize, b: usize, r: &Route) -> Option<Route> {
        let old_bends = r.points.len() as i32 - 2;
        let p = self.p;
        let ri = match (p.places[a].ctx, p.places[b].ctx) {
            (PCtx::Region(ri), PCtx::Region(rj)) if ri == rj && old_bends >= 2 => ri,
            _ => return None,
        };
        let (ra, rb) = (p.shapes[a].rect, p.shapes[b].rect);
        let old_len = path_len(&r.points);
        let g = &p.geo.regions[ri];
        // The candidates' points one after another, and per candidate (bends, length, first
        // point, points).
        let mut pts: Vec<P> = Vec::new();
        let mut cands: Vec<(i32, i32, i32, u32)> = Vec::new();
        let mut add = |route: &[P]| {
            let bends = route.len() as i32 - 2;
            let len = path_len(route);
            // A tenth longer at most (measured on the generated designs of about 50 nodes:
            // 392.7 → 378 crossings and 3 bends fewer than with no more length; the reference
            // designs the same; a third longer let 150 nodes cross more).
            if bends < old_bends && len <= old_len + old_len / 10 {
                cands.push((bends, len, pts.len() as i32, route.len() as u32));
                pts.extend_from_slice(route);
            }
        };
        let (ya, yb, ax, bx) = (ra.cy(), rb.cy(), ra.cx(), rb.cx());
        // The vertical lines: the column gaps and margins, and the bands' side lines in this
        // region.
        let mut lines: Vec<i32> = g.gutters.clone();
        for &(x, _) in &p.geo.sides {
            if x > g.rect.x && x < g.rect.right() {
                lines.push(x);
            }
        }
        let within = |x: i32, side: i32, out: i32| (x - side) * out >= PASS_GAP;
        // The place on a wide node's top or bottom nearest a passing gap out of a side (at
        // `side`, facing `out`), a port's margin in from its corners; a server's middle.
        let near = |r: &Rect, side: i32, out: i32| match r.w > super::NODE_W {
            true => (side + out * PASS_GAP).clamp(r.cx() - port_half(r), r.cx() + port_half(r)),
            false => r.cx(),
        };
        for (sa, out_a) in [(ra.x, -1), (ra.right(), 1)] {
            // Side to side along a vertical line.
            for (sb, out_b) in [(rb.x, -1), (rb.right(), 1)] {
                for &v in &lines {
                    if old_bends > 2 && within(v, sa, out_a) && within(v, sb, out_b) {
                        add(&[(sa, ya), (v, ya), (v, yb), (sb, yb)]);
                    }
                }
            }
            // Side to top or bottom: into the middle, or as near the side as a wide node
            // lets it.
            for x in [bx, near(&rb, sa, out_a)] {
                if within(x, sa, out_a) && (ya < rb.y - PASS_GAP || ya > rb.bottom() + PASS_GAP) {
                    let end = if ya < rb.y { rb.y } else { rb.bottom() };
                    add(&[(sa, ya), (x, ya), (x, end)]);
                }
            }
        }
        // Top or bottom to side.
        for (sb, out_b) in [(rb.x, -1), (rb.right(), 1)] {
            for x in [ax, near(&ra, sb, out_b)] {
                if within(x, sb, out_b) && (yb < ra.y - PASS_GAP || yb > ra.bottom() + PASS_GAP) {
                    let start = if yb < ra.y { ra.y } else { ra.bottom() };
                    add(&[(x, start), (x, yb), (sb, yb)]);
                }
            }
        }
        // The fewest bends, then the shortest, then in the order made: the first clear one
        // (a candidate tried is marked with i32::MAX bends).
        for _ in 0..TRIES {
            let mut best = None;
            for (k, c) in cands.iter().enumerate() {
                if c.0 < i32::MAX
                    && best.is_none_or(|b: usize| (c.0, c.1) < (cands[b].0, cands[b].1))
                {
                    best = Some(k);
                }
            }
            let k = best?;
            cands[k].0 = i32::MAX;
            let (from, n) = (cands[k].2 as usize, cands[k].3 as usize);
            let route = &pts[from..from + n];
            let mut clear = true;
            for w in route.windows(2) {
                clear = clear && self.seg_clear(w[0], w[1], (a, b));
            }
            if clear {
                // Out of a side: the room of a side; out of the top or bottom: a gap's.
                let room = |rect: &Rect, pt: P| {
                    if pt.1 == rect.cy() {
                        side_room(rect)
                    } else {
                        GAP_ROOM
                    }
                };
                return Some(Route {
                    points: route.to_vec(),
                    ends_room: (room(&ra, route[0]), room(&rb, route[n - 1])),
                });
            }
        }
        None
    }

    /// Routes an edge from node `a` to node `b`.
    fn route(&mut self, ra: &Rect, pa: &Place, rb: &Rect, pb: &Place) -> Route {
        // Two nodes side by side on a line of one cell that is not its last, or next to each
        // other on a line of the top row (the internet beside a DNS): along the gap under that
        // line, not down to the row's channel and round the lines below (in the top row: 14 px
        // down and back, a 1.15x detour between two neighbours).
        if (pa.ctx, pa.row, pa.sub, pa.gut) == (pb.ctx, pb.row, pb.sub, pb.gut)
            && (matches!(pa.ctx, PCtx::Region(_)) && pa.sub + 1 < pa.nsub
                // Top-row nodes are all as wide.
                || matches!(pa.ctx, PCtx::Top) && (ra.x - rb.x).abs() <= ra.w + GAP_X)
        {
            // Close under the line (a wider loop would be a detour: the two are side by side).
            let y = ra.bottom() + 8;
            let (xa, room_a, _) = self.side(ra, None);
            let (xb, room_b, _) = self.side(rb, None);
            return Route {
                // Two nodes of one line: xa != xb, four points that all turn.
                points: vec![(xa, ra.bottom()), (xa, y), (xb, y), (xb, rb.bottom())],
                ends_room: (room_a, room_b),
            };
        }
        let (down_a, down_b) = match (pa.ctx, pb.ctx) {
            (PCtx::Region(x), PCtx::Region(y)) if x == y => {
                if pa.row < pb.row {
                    (true, false)
                } else if pa.row > pb.row {
                    (false, true)
                } else {
                    (true, true)
                }
            }
            _ => (
                !matches!(pa.ctx, PCtx::Region(_)),
                !matches!(pb.ctx, PCtx::Region(_)),
            ),
        };
        let (mut path, ca, mut room_a) = self.port(ra, pa, down_a, rb.cx());
        let (mut tail, cb, mut room_b) = self.port(rb, pb, down_b, ra.cx());
        let (plain_a, plain_b) = (path.len() == 2, tail.len() == 2);
        let (drop_a, drop_b) = (seg_len(&path, 0), seg_len(&tail, 0));
        let a_end = path.last().copied().unwrap_or((ra.cx(), ra.cy()));
        let b_start = tail.last().copied().unwrap_or((rb.cx(), rb.cy()));
        let mid = self.connect(a_end, ca, b_start, cb);
        self.straight_on(&mut path, mid.get(1), pa);
        self.straight_on(&mut tail, mid.get(mid.len().wrapping_sub(2)), pb);
        tail.reverse();
        path.extend(mid);
        path.extend(tail);
        let mut points = simplify(path);
        // Each end: straight on from a line that passes over the node's side, else out of the
        // node's side to a line beside it.
        let end_a = self.end(&mut points, ra, pa, plain_a, room_a, drop_a);
        points.reverse();
        let end_b = self.end(&mut points, rb, pb, plain_b, room_b, drop_b);
        points.reverse();
        // A first or last piece that runs on past its node's drop to the channel (straight on
        // through the rows between) passes other nodes: it may move only as far as a line in
        // a column gap may.
        let last = points.len().saturating_sub(2);
        room_a = end_room(end_a, room_a, seg_len(&points, 0) > drop_a);
        room_b = end_room(end_b, room_b, seg_len(&points, last) > drop_b);
        Route {
            points,
            ends_room: (room_a, room_b),
        }
    }

    /// A band's node on a line below its first is left through the line beside the band's
    /// nodes (`port`): where the route then turns along the channel to another vertical line
    /// (a margin) that passes the band's lines clear of their nodes, the node is left through
    /// that line instead, without the jog: `port` is the node's way out to its channel (node,
    /// gap between the band's lines, gutter, channel), `next` the point the route goes on to
    /// from there along the channel.
    fn straight_on(&self, port: &mut [P], next: Option<&P>, p: &Place) {
        let (PCtx::Region(r), [_, _, a, b], Some(&(x, y))) = (p.ctx, port, next) else {
            return;
        };
        if y == b.1
            && self.p.geo.side(b.0).is_some()
            && self.blocker(r, p.row, x).is_none()
            && self.captions_at(x, b.1, a.1).is_none()
        {
            a.0 = x;
            b.0 = x;
        }
    }

    /// Fewer bends at the first end of a route (the caller reverses the route for the last).
    ///
    /// A route that drops from its node to the channel (`plain`: straight, no lane or gutter;
    /// `drop` long), turns along it to a vertical line that is over the node's side (within
    /// `room` of the port) and goes on along that line away from the node leaves the node on
    /// that line instead: two bends fewer. Not for the internet and the data centres, whose
    /// routes fan out from one port: a straight one would cross those that turn toward it.
    ///
    /// Else, a route that leaves its node's top or bottom, turns along the channel (or the
    /// gap between the cell's lines) to a vertical line beside the node and runs on along that
    /// line leaves the node's side instead, straight across to that line: one bend fewer (two
    /// where the line ends at the other node's side). Only where the way across is clear: no
    /// other node of the row between the node and the line (nor closer to the line than a
    /// passing line keeps), no caption on the new vertical piece.
    ///
    /// Returns the room either side of the new first piece and whether it leaves the node's
    /// side, or `None` (the route unchanged).
    fn end(
        &self,
        pts: &mut Vec<P>,
        r: &Rect,
        p: &Place,
        plain: bool,
        room: i32,
        drop: i32,
    ) -> Option<(i32, bool)> {
        let PCtx::Region(ri) = p.ctx else {
            return None;
        };
        let (p0, p1, p2, p3) = match pts.as_slice() {
            [a, b, c, d, ..] => (*a, *b, *c, *d),
            _ => return None,
        };
        let shape = p0.0 == p1.0 && p1.1 == p2.1 && p2.0 == p3.0;
        if !shape || (p0.1 != r.y && p0.1 != r.bottom()) {
            return None;
        }
        let away = (p3.1 - p1.1).signum() == (p1.1 - p0.1).signum();
        let g = &self.p.geo.regions[ri];
        // A band's node (entered over the way to the other end) may be entered anywhere over
        // its width, as its port's line may be.
        let (room, off) = match g.is_band(p.row) {
            true => (port_half(r), (p2.0 - r.cx()).abs()),
            false => (room, (p2.0 - p0.0).abs()),
        };
        if plain && away && seg_len(pts, 0) == drop && off <= room {
            // Point 2 becomes the new first point; points 0 and 1 go.
            pts[2] = (p2.0, p0.1);
            drop_front(pts, 2);
            return Some((room - off, false));
        }
        // The turn is in the node's row or a channel next to it (not further on, past other
        // rows, where the route went straight down or up before turning).
        let (top, bottom) = (*g.ch.get(p.row)?, *g.ch.get(p.row + 1)?);
        if p1.1 < top || p1.1 > bottom {
            return None;
        }
        let gx = p2.0;
        let sx = if gx <= r.x - PASS_GAP {
            r.x
        } else if gx >= r.right() + PASS_GAP {
            r.right()
        } else {
            return None;
        };
        let cy = r.cy();
        if p3.1 == cy {
            return None;
        }
        // The row's node spans (the union of its lines): none but the node's own may lie
        // between its side and the line, nor within PASS_GAP of the line.
        let spans = self.rows.get(ri)?.get(p.row)?;
        let (lo, hi) = (sx.min(gx), sx.max(gx));
        for &(a, b) in spans {
            // The node's own span (a wider one holds another node of the row above or below
            // it: that one is in the way too).
            if (a, b) != (r.x, r.right()) && a - PASS_GAP < hi && b + PASS_GAP > lo {
                return None;
            }
        }
        if self.captions_at(gx, cy, p1.1).is_some() {
            return None;
        }
        // Points 1 and 2 become the side and the line; point 0 goes.
        pts[1] = (sx, cy);
        pts[2] = (gx, cy);
        drop_front(pts, 1);
        Some((side_room(r), true))
    }
}

/// The room either side of a route's end piece: what [`Router::end`] gave (a piece out of the
/// node's side keeps it; a slid one runs on through the rows between and keeps no more than a
/// line in a column gap), else the port's, as little as a column gap's where the piece runs
/// on past the node's drop.
fn end_room(end: Option<(i32, bool)>, port: i32, runs_on: bool) -> i32 {
    match end {
        Some((r, true)) => r,
        Some((r, false)) => r.min(GAP_ROOM),
        None if runs_on => port.min(GAP_ROOM),
        None => port,
    }
}

/// Removes the first `n` points of a path (a loop: `Vec::remove` and `copy_within` each cost
/// the docs widget their own code).
fn drop_front(pts: &mut Vec<P>, n: usize) {
    for k in n..pts.len() {
        pts[k - n] = pts[k];
    }
    pts.truncate(pts.len().saturating_sub(n));
}

/// The room either side of a line in a column gap or margin.
pub(super) const GAP_ROOM: i32 = if super::COL_GAP < super::REGION_PAD {
    super::COL_GAP / 2 - 3
} else {
    super::REGION_PAD / 2 - 3
};

/// Half the part of a node's top or bottom that routes may leave it from, when no caption is
/// in the way (what [`Router::side`] gives then): a port's margin in from the corners.
fn port_half(r: &Rect) -> i32 {
    (r.w / 2 - 12).max(0)
}

/// The room either side of a route's piece out of a node's side (at its middle).
fn side_room(r: &Rect) -> i32 {
    (r.h / 2 - 8).max(0)
}

/// The edges of `taken` (ascending) whose route shares a track with another route: a piece
/// within 1 px of a parallel piece of another edge and running along it for more than 0 px
/// (what `quality` counts as shared track). Of two listed routes that share one, only the first
/// is listed: the second is clear once the first is routed again.
#[cfg(feature = "bends")]
pub(super) fn on_shared_track(routes: &[Vec<P>], taken: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &k in taken {
        let clash = routes[k]
            .windows(2)
            .filter_map(|w| straight(w[0], w[1]))
            .any(|(v, at, lo, hi)| {
                routes.iter().enumerate().any(|(j, other)| {
                    j != k
                        && !out.contains(&j)
                        && other.windows(2).filter_map(|w| straight(w[0], w[1])).any(
                            |(v2, at2, lo2, hi2)| {
                                v == v2 && (at - at2).abs() <= 1 && lo.max(lo2) < hi.min(hi2)
                            },
                        )
                })
            });
        if clash {
            out.push(k);
        }
    }
    out
}

/// A straight piece from `a` to `b`: whether it is vertical, the line it lies on (its x if
/// vertical, else its y) and its span along that line; `None` for a point or a slanted piece.
fn straight(a: P, b: P) -> Option<(bool, i32, i32, i32)> {
    match (a.0 == b.0, a.1 == b.1) {
        (true, false) => Some((true, a.0, a.1.min(b.1), a.1.max(b.1))),
        (false, true) => Some((false, a.1, a.0.min(b.0), a.0.max(b.0))),
        _ => None,
    }
}

/// The length of a path.
#[cfg(feature = "bends")]
fn path_len(pts: &[P]) -> i32 {
    let mut len = 0;
    for w in pts.windows(2) {
        len += (w[0].0 - w[1].0).abs() + (w[0].1 - w[1].1).abs();
    }
    len
}

/// The length of segment `k` of a path (0 when there is none).
fn seg_len(pts: &[P], k: usize) -> i32 {
    match (pts.get(k), pts.get(k + 1)) {
        (Some(a), Some(b)) => (a.0 - b.0).abs() + (a.1 - b.1).abs(),
        _ => 0,
    }
}

/// Removes repeated points and the middle of straight runs (also where a route doubles back
/// on itself), so that the segments of the result turn at every point.
fn simplify(mut pts: Vec<P>) -> Vec<P> {
    // In place: the points kept are written over the front (never past the one read).
    let mut n = 0;
    for r in 0..pts.len() {
        let p = pts[r];
        loop {
            if n > 0 && pts[n - 1] == p {
                break;
            }
            if n >= 2 {
                let (a, b) = (pts[n - 2], pts[n - 1]);
                if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                    n -= 1;
                    continue;
                }
            }
            pts[n] = p;
            n += 1;
            break;
        }
    }
    pts.truncate(n);
    pts
}

/// A straight piece of a route, for track assignment: segment `k` (points `k`, `k + 1`) of
/// route `e`, on the line `base` (x of a vertical piece, y of a horizontal one), spanning
/// `lo..hi` along it, with `room` pixels free either side of the line.
#[derive(Debug, Clone, Copy)]
struct Piece {
    e: u32,
    k: u32,
    vert: bool,
    base: i32,
    lo: i32,
    hi: i32,
    room: i32,
}

/// Pieces closer than this along their line are kept on different tracks (the pieces that
/// meet them across move by up to a channel's half-width).
const TRACK_PAD: i32 = 14;
/// The widest spacing of tracks, px.
const TRACK_MAX: i32 = 6;
/// The narrowest spacing of tracks (two lines 2 px apart are still two lines), px.
const TRACK_MIN: i32 = 2;
/// Bundles up to this size are ordered to cross less.
const ORDER_MAX: usize = 16;

/// The free room either side of a piece's line: half the gap it runs in, less a margin.
fn room_of(vert: bool, base: i32, geo: &Geo, lanes: &[(i32, i32)]) -> i32 {
    if let Some(&(_, room)) = lanes.iter().find(|&&(y, _)| !vert && y == base) {
        return room;
    }
    if vert {
        if base == geo.idc_gap {
            return super::IDC_GAP / 2 - 4;
        }
        if let Some(room) = geo.side(base) {
            return room;
        }
        return GAP_ROOM;
    }
    if base == geo.top_ch {
        return super::TOP_GAP / 2 - 4;
    }
    if geo.regions.iter().any(|g| g.ch.contains(&base)) {
        return super::ROW_GAP / 2 - 3;
    }
    GAP_Y / 2 - 3
}

/// One end of a piece: its position along the piece's line and the way the route goes on
/// from it across the line (-1, +1, or 0 where the route ends).
fn ends(route: &[P], k: usize, vert: bool) -> [(i32, i32); 2] {
    let along = |p: P| if vert { p.1 } else { p.0 };
    let across = |p: P| if vert { p.0 } else { p.1 };
    let (a, b) = (route[k], route[k + 1]);
    let dir = |from: P, next: Option<&P>| next.map_or(0, |n| (across(*n) - across(from)).signum());
    [
        (
            along(a),
            dir(a, k.checked_sub(1).and_then(|j| route.get(j))),
        ),
        (along(b), dir(b, route.get(k + 2))),
    ]
}

/// Crossings between pieces `a` and `b` of one line when `a` takes the lower track: the ends
/// of `b` inside `a`'s span that turn toward `a`, and those of `a` inside `b`'s that turn
/// toward `b`.
fn order_cost(a: &[(i32, i32); 2], b: &[(i32, i32); 2]) -> u32 {
    let span = |e: &[(i32, i32); 2]| (e[0].0.min(e[1].0), e[0].0.max(e[1].0));
    let (sa, sb) = (span(a), span(b));
    let inside = |x: i32, s: (i32, i32)| x > s.0 && x < s.1;
    let mut c = 0;
    for &(x, d) in b {
        c += u32::from(d < 0 && inside(x, sa));
    }
    for &(x, d) in a {
        c += u32::from(d > 0 && inside(x, sb));
    }
    c
}

/// Where a piece goes in its bundle, lowest track first, before the swaps: pieces that turn
/// toward the low side at both ends first (the shortest first: it nests inside), then those
/// that turn low at their low end and high at their high end (the later starting first),
/// then the opposite (the earlier starting first), then those that turn high at both ends
/// (the longest first). Each order crosses least among the pieces of its class.
fn order_key(e: &[(i32, i32); 2]) -> (u8, i32) {
    let (lo, hi) = if e[0].0 <= e[1].0 {
        (e[0], e[1])
    } else {
        (e[1], e[0])
    };
    // An end where the route stops turns neither way: like the other end.
    let dl = if lo.1 == 0 { hi.1 } else { lo.1 };
    let dh = if hi.1 == 0 { lo.1 } else { hi.1 };
    let len = hi.0 - lo.0;
    match (dl, dh) {
        (-1, -1) => (0, len),
        (-1, 1) => (1, -lo.0),
        (1, -1) => (3, lo.0),
        (1, 1) => (4, -len),
        _ => (2, lo.0),
    }
}

/// Gives every piece of every route a track of its own in its channel: the pieces of one
/// line whose spans overlap (within [`TRACK_PAD`]) are spread across the room the line has,
/// 2 to 6 px apart, in the order that crosses least; where a line holds more pieces than
/// tracks, the pieces that do not overlap share tracks (left-edge first fit). Routes keep
/// their shape: a piece moves across its line and the pieces next to it stretch.
pub(super) fn assign_tracks(
    routes: &mut [Vec<P>],
    ends_room: &[(i32, i32)],
    lanes: &[(i32, i32)],
    p: &Placed,
) {
    let mut pieces: Vec<Piece> = Vec::new();
    for (e, pts) in routes.iter().enumerate() {
        let last = pts.len().saturating_sub(2);
        for (k, w) in pts.windows(2).enumerate() {
            let Some((vert, base, lo, hi)) = straight(w[0], w[1]) else {
                continue;
            };
            // A piece that leaves a node's side moves along it.
            let room = if k == 0 && k == last {
                ends_room[e].0.min(ends_room[e].1)
            } else if k == 0 {
                ends_room[e].0
            } else if k == last {
                ends_room[e].1
            } else {
                room_of(vert, base, &p.geo, lanes)
            };
            pieces.push(Piece {
                e: e as u32,
                k: k as u32,
                vert,
                base,
                lo,
                hi,
                room: room.max(0),
            });
        }
    }
    // By line, then start: pieces are made route by route, so (line, start, piece) orders
    // them deterministically. The tuple is the one `labels.rs` sorts too (one sort in the
    // binary); a line is its base doubled, plus one for a vertical line.
    let mut keys: Vec<(i32, i32, i32, u32)> = Vec::with_capacity(pieces.len());
    for (m, q) in pieces.iter().enumerate() {
        let line = q.base.saturating_mul(2).saturating_add(i32::from(q.vert));
        keys.push((line, q.lo, q.hi, m as u32));
    }
    crate::sort::sort_quads(&mut keys);
    let mut sorted: Vec<Piece> = Vec::with_capacity(pieces.len());
    for k in &keys {
        sorted.push(pieces[k.3 as usize]);
    }
    let pieces = sorted;
    drop(keys);
    // Bundles: runs of pieces of one line whose spans overlap.
    let mut bundles: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let (vert, base) = (pieces[i].vert, pieces[i].base);
        let mut hi = pieces[i].hi;
        let mut j = i + 1;
        while j < pieces.len()
            && pieces[j].vert == vert
            && pieces[j].base == base
            && pieces[j].lo <= hi + TRACK_PAD
        {
            hi = hi.max(pieces[j].hi);
            j += 1;
        }
        if j - i > 1 {
            bundles.push((i, j));
        }
        i = j;
    }
    let mut offs: Vec<i32> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let mut ends_of: Vec<[(i32, i32); 2]> = Vec::new();
    let mut keys: Vec<(u8, i32)> = Vec::new();
    // Horizontal lines, vertical lines, and (in a drawing of at most 400 routes) the
    // horizontal ones again with the vertical pieces in place.
    let passes: &[bool] = if routes.len() > 400 {
        &[false, true]
    } else {
        &[false, true, false]
    };
    for &pass in passes {
        for &(s, t) in &bundles {
            let group = &pieces[s..t];
            if group[0].vert != pass {
                continue;
            }
            let n = group.len();
            let mut room = i32::MAX;
            offs.clear();
            offs.resize(n, 0);
            ends_of.clear();
            order.clear();
            keys.clear();
            for (m, q) in group.iter().enumerate() {
                room = room.min(q.room);
                let e = ends(&routes[q.e as usize], q.k as usize, q.vert);
                keys.push(order_key(&e));
                ends_of.push(e);
                order.push(m);
            }
            // Insertion sort for a small bundle ((key, index) orders them totally).
            if n > 32 {
                // By (key, index), with the sort of the pieces (one sort in the binary).
                let mut q: Vec<(i32, i32, i32, u32)> = Vec::with_capacity(n);
                for &m in order.iter() {
                    q.push((i32::from(keys[m].0), keys[m].1, m as i32, 0));
                }
                crate::sort::order_by_quads(&mut q, &mut order);
            }
            for a in 1..n.min(33) {
                let mut b = a;
                while b > 0 && (keys[order[b]], order[b]) < (keys[order[b - 1]], order[b - 1]) {
                    order.swap(b, b - 1);
                    b -= 1;
                }
            }
            if (n as i32 - 1) * TRACK_MIN <= 2 * room {
                let step = (2 * room / (n as i32 - 1)).min(TRACK_MAX);
                if n <= ORDER_MAX {
                    // Adjacent swaps while they cross less.
                    for _ in 0..n {
                        let mut swapped = false;
                        for m in 0..n - 1 {
                            let (a, b) = (&ends_of[order[m]], &ends_of[order[m + 1]]);
                            if order_cost(b, a) < order_cost(a, b) {
                                order.swap(m, m + 1);
                                swapped = true;
                            }
                        }
                        if !swapped {
                            break;
                        }
                    }
                }
                let first = -((n as i32 - 1) * step) / 2;
                for (rank, &m) in order.iter().enumerate() {
                    offs[m] = first + rank as i32 * step;
                }
            } else {
                // More pieces than tracks (2 px apart): pieces that do not overlap share a
                // track. In the order of their spans, each piece takes the free track nearest
                // its place in the crossing order (or, none free, the one that ends first).
                let tracks = (room / TRACK_MIN * 2 + 1).max(1) as usize;
                let mut want = vec![0usize; n];
                for (rank, &m) in order.iter().enumerate() {
                    want[m] = rank * tracks / n;
                }
                let mut end_of = vec![i32::MIN; tracks];
                for (m, q) in group.iter().enumerate() {
                    let mut best: Option<(bool, i64, usize)> = None;
                    for (tr, &h) in end_of.iter().enumerate() {
                        let busy = h >= q.lo - TRACK_PAD;
                        let far = if busy {
                            i64::from(h)
                        } else {
                            tr.abs_diff(want[m]) as i64
                        };
                        if best.is_none_or(|b| (busy, far) < (b.0, b.1)) {
                            best = Some((busy, far, tr));
                        }
                    }
                    let tr = best.map_or(0, |b| b.2);
                    end_of[tr] = end_of[tr].max(q.hi);
                    offs[m] = (2 * tr as i32 - (tracks as i32 - 1)) * TRACK_MIN / 2;
                }
            }
            for (q, &o) in group.iter().zip(&offs) {
                let pts = &mut routes[q.e as usize];
                let k = q.k as usize;
                let v = q.base + o;
                if q.vert {
                    pts[k].0 = v;
                    pts[k + 1].0 = v;
                } else {
                    pts[k].1 = v;
                    pts[k + 1].1 = v;
                }
            }
        }
    }
}
