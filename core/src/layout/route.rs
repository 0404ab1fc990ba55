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

/// Removes repeated points and the middle of straight runs (also where a route doubles back
/// on itself), so that the segments of the result turn at every point.
fn simplify(points: Vec<P>) -> Vec<P> {
    let mut out: Vec<P> = Vec::with_capacity(points.len());
    for p in points {
        loop {
            if out.last() == Some(&p) {
                break;
            }
            if out.len() >= 2 {
                let a = out[out.len() - 2];
                let b = out[out.len() - 1];
                if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                    out.pop();
                    continue;
                }
            }
            out.push(p);
            break;
        }
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
        0,
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
const ORDER_MAX: usize = 48;

/// The free room either side of a piece's line: half the gap it runs in, less a margin.
fn room_of(vert: bool, base: i32, stub: Option<&Rect>, geo: &Geo) -> i32 {
    if let Some(r) = stub {
        // A piece that leaves a node's side moves along it.
        return if vert { r.w / 2 - 14 } else { r.h / 2 - 8 };
    }
    if vert {
        if base == geo.idc_gap {
            return super::IDC_GAP / 2 - 4;
        }
        return super::COL_GAP.min(super::REGION_PAD) / 2 - 3;
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
pub(super) fn assign_tracks(routes: &mut [Vec<P>], ends_at: &[(usize, usize)], p: &Placed) {
    let mut pieces: Vec<Piece> = Vec::new();
    for (e, pts) in routes.iter().enumerate() {
        let last = pts.len().saturating_sub(2);
        for (k, w) in pts.windows(2).enumerate() {
            let vert = w[0].0 == w[1].0;
            if w[0] == w[1] || (!vert && w[0].1 != w[1].1) {
                continue;
            }
            let (base, a, b) = if vert {
                (w[0].0, w[0].1, w[1].1)
            } else {
                (w[0].1, w[0].0, w[1].0)
            };
            let stub = if k == 0 {
                Some(&p.shapes[ends_at[e].0].rect)
            } else if k == last {
                Some(&p.shapes[ends_at[e].1].rect)
            } else {
                None
            };
            pieces.push(Piece {
                e: e as u32,
                k: k as u32,
                vert,
                base,
                lo: a.min(b),
                hi: a.max(b),
                room: room_of(vert, base, stub, &p.geo).max(0),
            });
        }
    }
    crate::sort::sort_by_key(&mut pieces, |q| (q.vert, q.base, q.lo, q.hi, q.e, q.k));
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
    // Horizontal lines, vertical lines, and the horizontal ones again with the vertical
    // pieces in place.
    for pass in [false, true, false] {
        for &(s, t) in &bundles {
            let group = &pieces[s..t];
            if group[0].vert != pass {
                continue;
            }
            let n = group.len();
            let room = group.iter().map(|q| q.room).min().unwrap_or(0);
            offs.clear();
            offs.resize(n, 0);
            ends_of.clear();
            ends_of.extend(
                group
                    .iter()
                    .map(|q| ends(&routes[q.e as usize], q.k as usize, q.vert)),
            );
            order.clear();
            order.extend(0..n);
            crate::sort::sort_by_key(&mut order, |&m| (order_key(&ends_of[m]), m));
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
