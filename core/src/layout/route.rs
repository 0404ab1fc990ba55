//! Orthogonal routing through the channels between rows and columns.
//!
//! Every node sits in a cell; between the lines of a cell, between rows, between columns and
//! along the margins of each region there is free space that holds no node. A route leaves its
//! node straight up or down into the gap next to it, reaches the channel between rows (through
//! the cell's gutter when the node is not on the cell's first or last line), runs along the
//! channel, changes rows through a column gap that no region-wide band blocks (or the region's
//! margin, which nothing blocks), or goes over the top of the regions to reach another region,
//! the top row or the data centres. Each route is O(columns).

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

/// A few points, without allocating (a route is built from pieces of at most four).
#[derive(Clone, Copy)]
struct Pts {
    p: [P; 4],
    n: usize,
}

impl Pts {
    fn of(points: &[P]) -> Pts {
        let mut p = [(0, 0); 4];
        p[..points.len()].copy_from_slice(points);
        Pts { p, n: points.len() }
    }
    fn get(&self) -> &[P] {
        &self.p[..self.n]
    }
}

/// The points from the node's border to its channel, and the channel. `t` is the edge's
/// track: a small offset that keeps parallel routes apart.
fn port(r: &Rect, p: &Place, down: bool, t: i32, geo: &Geo) -> (Pts, Ch) {
    let cx = r.cx() + 3 * t;
    let (ch, chy) = match p.ctx {
        PCtx::Idc => {
            let cy = r.cy() + t;
            return (Pts::of(&[(r.x, cy), (geo.idc_gap + t, cy)]), Ch::Idc);
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
        (Pts::of(&[(cx, edge), (cx, chy)]), ch)
    } else {
        let sg = if down {
            r.bottom() + GAP_Y / 2
        } else {
            r.y - GAP_Y / 2
        } + t;
        let gx = nearer(cx, p.gut.0, p.gut.1) + t;
        (Pts::of(&[(cx, edge), (cx, sg), (gx, sg), (gx, chy)]), ch)
    }
}

/// From a channel point up to the channel above all regions, through the region margin that
/// is on the way to `toward`.
fn lift(p: P, ch: Ch, toward: i32, t: i32, geo: &Geo) -> Pts {
    let top = geo.top_ch + t;
    match ch {
        Ch::Top => Pts::of(&[p]),
        Ch::Idc | Ch::Region(_, 0) => Pts::of(&[p, (p.0, top)]),
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
            Pts::of(&[p, (gm, p.1), (gm, top)])
        }
    }
}

/// Appends the way from channel point `pa` (on channel `ca`) to `pb` (on `cb`) to `out`.
fn connect(pa: P, ca: Ch, pb: P, cb: Ch, t: i32, geo: &Geo, out: &mut Vec<P>) {
    if ca == cb {
        out.extend_from_slice(&[pa, pb]);
        return;
    }
    if let (Ch::Region(ra, i), Ch::Region(rb, j)) = (ca, cb) {
        if ra == rb {
            let g = &geo.regions[ra];
            let (lo, hi) = (i.min(j), i.max(j));
            let bands = g.band_prefix.get(hi).copied().unwrap_or(0)
                - g.band_prefix.get(lo).copied().unwrap_or(0);
            let last = g.gutters.len().saturating_sub(1);
            // Candidates: the margins always; the column gaps nearest the two ends when no
            // band row lies between the channels (gutters are sorted left to right). The
            // first of the cheapest, in the gaps' order, wins.
            let mut cand = [0, last, 0, 0, 0, 0];
            let mut n = 2;
            if bands == 0 {
                for x in [pa.0, pb.0] {
                    let k = g.gutters.partition_point(|&gx| gx < x);
                    cand[n] = k.min(last);
                    cand[n + 1] = k.saturating_sub(1);
                    n += 2;
                }
            }
            let mut best: Option<(i32, usize, i32)> = None;
            for &k in &cand[..n] {
                let Some(&gx) = g.gutters.get(k) else {
                    continue;
                };
                let cost = (gx - pa.0).abs() + (gx - pb.0).abs();
                if best.is_none_or(|(c, bk, _)| cost < c || (cost == c && k < bk)) {
                    best = Some((cost, k, gx + t));
                }
            }
            let gx = best.map_or(pa.0, |(_, _, x)| x);
            out.extend_from_slice(&[pa, (gx, pa.1), (gx, pb.1), pb]);
            return;
        }
    }
    out.extend_from_slice(lift(pa, ca, pb.0, t, geo).get());
    out.extend(lift(pb, cb, pa.0, t, geo).get().iter().rev());
}

/// Removes repeated points and the middle of straight runs, in place.
fn simplify(points: &mut Vec<P>) {
    let mut n = 0;
    for i in 0..points.len() {
        let p = points[i];
        if n > 0 && points[n - 1] == p {
            continue;
        }
        if n >= 2 {
            let (a, b) = (points[n - 2], points[n - 1]);
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                n -= 1;
            }
        }
        points[n] = p;
        n += 1;
    }
    points.truncate(n);
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
    let (head, ca) = port(ra, pa, down_a, t, geo);
    let (tail, cb) = port(rb, pb, down_b, t, geo);
    let a_end = head.get().last().copied().unwrap_or((ra.cx(), ra.cy()));
    let b_start = tail.get().last().copied().unwrap_or((rb.cx(), rb.cy()));
    let mut path = Vec::with_capacity(16);
    path.extend_from_slice(head.get());
    connect(a_end, ca, b_start, cb, t, geo, &mut path);
    path.extend(tail.get().iter().rev());
    simplify(&mut path);
    path
}
