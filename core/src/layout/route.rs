//! Orthogonal routing through the channels between rows and columns.
//!
//! Every node sits in a cell; between the lines of a cell, between rows, between columns and
//! along the margins of each region there is free space that holds no node. A route leaves its
//! node straight up or down into the gap next to it, reaches the channel between rows (through
//! the cell's gutter when the node is not on the cell's first or last line), runs along the
//! channel, changes rows through a column gap that no region-wide band blocks (or the region's
//! margin, which nothing blocks), or goes over the top of the regions to reach another region,
//! the top row or the data centres. Each route is O(columns).

use alloc::vec;
use alloc::vec::Vec;

use super::channels::Planned;
use super::place::{Geo, PCtx, Place, Placed};
use super::{Rect, GAP_Y};

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

/// The points from the node's border to its channel, and the channel. `t` is the edge's
/// track: a small offset that keeps parallel routes apart.
fn port(r: &Rect, p: &Place, down: bool, t: i32, geo: &Geo) -> (Vec<P>, Ch) {
    let cx = r.cx() + 3 * t;
    let (ch, chy) = match p.ctx {
        PCtx::Idc => {
            let cy = r.cy() + t;
            return (vec![(r.x, cy), (geo.idc_gap + t, cy)], Ch::Idc);
        }
        PCtx::Top => (Ch::Top, geo.top_ch + t),
        PCtx::Region(ri) => {
            let g = &geo.regions[ri];
            let i = if down { p.row + 1 } else { p.row };
            (
                Ch::Region(ri, i),
                g.ch.get(i).copied().unwrap_or(geo.top_ch) + t,
            )
        }
    };
    let edge = if down { r.bottom() } else { r.y };
    let direct = if down {
        p.sub + 1 >= p.nsub
    } else {
        p.sub == 0
    };
    if direct {
        (vec![(cx, edge), (cx, chy)], ch)
    } else {
        let sg = if down {
            r.bottom() + GAP_Y / 2
        } else {
            r.y - GAP_Y / 2
        } + t;
        let gx = nearer(cx, p.gut.0, p.gut.1) + t;
        (vec![(cx, edge), (cx, sg), (gx, sg), (gx, chy)], ch)
    }
}

/// From a channel point up to the channel above all regions, through the region margin that
/// is on the way to `toward`.
fn lift(p: P, ch: Ch, toward: i32, t: i32, geo: &Geo) -> Vec<P> {
    let top = geo.top_ch + t;
    match ch {
        Ch::Top => vec![p],
        Ch::Idc | Ch::Region(_, 0) => vec![p, (p.0, top)],
        Ch::Region(r, _) => {
            let g = &geo.regions[r];
            let first = g.gutters.first().copied().unwrap_or(p.0) + t;
            let last = g.gutters.last().copied().unwrap_or(p.0) + t;
            let cost = |x: i32| (x - p.0).abs() + (x - toward).abs();
            let gm = if cost(first) <= cost(last) {
                first
            } else {
                last
            };
            vec![p, (gm, p.1), (gm, top)]
        }
    }
}

fn connect(pa: P, ca: Ch, pb: P, cb: Ch, t: i32, geo: &Geo) -> Vec<P> {
    if ca == cb {
        return vec![pa, pb];
    }
    if let (Ch::Region(ra, i), Ch::Region(rb, j)) = (ca, cb) {
        if ra == rb {
            let g = &geo.regions[ra];
            let (lo, hi) = (i.min(j), i.max(j));
            let bands = g.band_prefix.get(hi).copied().unwrap_or(0)
                - g.band_prefix.get(lo).copied().unwrap_or(0);
            let last = g.gutters.len().saturating_sub(1);
            // Candidates: the margins always; the column gaps nearest the two ends when no
            // band row lies between the channels (gutters are sorted left to right).
            let mut cand: Vec<usize> = vec![0, last];
            if bands == 0 {
                for x in [pa.0, pb.0] {
                    let k = g.gutters.partition_point(|&gx| gx < x);
                    cand.push(k.min(last));
                    cand.push(k.saturating_sub(1));
                }
            }
            crate::sort::sort(&mut cand);
            cand.dedup();
            let mut best: Option<(i32, i32)> = None;
            for k in cand {
                let Some(&gx) = g.gutters.get(k) else {
                    continue;
                };
                let cost = (gx - pa.0).abs() + (gx - pb.0).abs();
                if best.is_none_or(|(c, _)| cost < c) {
                    best = Some((cost, gx + t));
                }
            }
            let gx = best.map_or(pa.0, |(_, x)| x);
            return vec![pa, (gx, pa.1), (gx, pb.1), pb];
        }
    }
    let mut path = lift(pa, ca, pb.0, t, geo);
    let mut back = lift(pb, cb, pa.0, t, geo);
    back.reverse();
    path.extend(back);
    path
}

/// Removes repeated points and the middle of straight runs.
fn simplify(points: Vec<P>) -> Vec<P> {
    let mut out: Vec<P> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// The polyline of a planned edge, through the channels of the placed drawing.
pub(super) fn route_edge(e: &Planned, p: &Placed) -> Vec<P> {
    let (a, b) = (e.from, e.to);
    route(
        &p.shapes[a].rect,
        &p.places[a],
        &p.shapes[b].rect,
        &p.places[b],
        e.track,
        &p.geo,
    )
}

/// Routes an edge from node `a` to node `b` on track `t` (a few pixels either way).
fn route(ra: &Rect, pa: &Place, rb: &Rect, pb: &Place, t: i32, geo: &Geo) -> Vec<P> {
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
    let (mut path, ca) = port(ra, pa, down_a, t, geo);
    let (mut tail, cb) = port(rb, pb, down_b, t, geo);
    tail.reverse();
    let a_end = path.last().copied().unwrap_or((ra.cx(), ra.cy()));
    let b_start = tail.first().copied().unwrap_or((rb.cx(), rb.cy()));
    path.extend(connect(a_end, ca, b_start, cb, t, geo));
    path.extend(tail);
    simplify(path)
}
