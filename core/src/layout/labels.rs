//! Port labels: each labelled edge's ports (`80, 443`) go at the first of its candidate
//! places — beside the middle, then the quarter and eighth points, of its segments, from the
//! end with fewer labelled edges, on either side, 4 px from the line — where the text covers
//! no node box, no finding badge, no box caption, no line of another edge and no label placed
//! before it; when none of these is free, the same places 6, 12, 18, 24, 32, 40, 56 and 80 px
//! further out (other lines run beside this one in a crowded gutter or channel: with the
//! places at 4 px only, every one tried, the generated designs of about 400 and 1,000 nodes
//! had 77 and 257 labels crossed by a line; with these up to 40 px, 0.3 and 0; the lines
//! beside a band, up to 80 px wide, took that to 0.7 and 2.7, and 56 and 80 px back to 0.3
//! and 0; 0 and 0 with those lines 120 px wide); at the first candidate when every one is
//! taken. Every edge is routed before any is labelled.

use alloc::vec::Vec;

use super::channels::Planned;
use super::place::Placed;
use super::{text, EdgeLabel, Rect};

type P = (i32, i32);

/// Rectangles already covered (node boxes, box captions, port labels), bucketed in a grid of
/// 128 × 64 px cells so that a query looks at its neighbourhood only. Each cell is the head
/// of a list threaded through `items` (no allocation per cell). The grid is dense over the
/// drawing's extent (one `u32` per cell: 8 KB for a 300-node design); a rectangle reaching
/// past it goes into the border cells, which only makes those lists longer. (It was a hash
/// map of cells: hashing was a fifth of placing the labels, and labels 40 % of a layout.)
struct Occupied {
    /// The first cell's column and row, and the number of columns and rows.
    x0: i32,
    y0: i32,
    cols: i32,
    rows: i32,
    heads: Vec<u32>,
    items: Vec<(Rect, u32)>,
}

impl Occupied {
    const CW: i32 = 128;
    const CH: i32 = 64;
    const NIL: u32 = u32::MAX;
    /// A grid over `extent`, with room for `n` rectangles.
    fn new(extent: Rect, n: usize) -> Occupied {
        let x0 = extent.x.div_euclid(Self::CW);
        let y0 = extent.y.div_euclid(Self::CH);
        let cols = ((extent.right() - 1).div_euclid(Self::CW) - x0 + 1).clamp(1, 4096);
        // At most a million cells (4 MB): a taller drawing shares its last row.
        let rows = ((extent.bottom() - 1).div_euclid(Self::CH) - y0 + 1).clamp(1, (1 << 20) / cols);
        Occupied {
            x0,
            y0,
            cols,
            rows,
            heads: alloc::vec![Self::NIL; (cols * rows) as usize],
            items: Vec::with_capacity(n),
        }
    }
    /// The cells `r` covers (clamped to the grid), as index ranges of columns and rows.
    fn span(&self, r: &Rect) -> (core::ops::Range<i32>, core::ops::Range<i32>) {
        let col = |x: i32| (x.div_euclid(Self::CW) - self.x0).clamp(0, self.cols - 1);
        let row = |y: i32| (y.div_euclid(Self::CH) - self.y0).clamp(0, self.rows - 1);
        (
            col(r.x)..col(r.right() - 1) + 1,
            row(r.y)..row(r.bottom() - 1) + 1,
        )
    }
    fn add(&mut self, r: Rect) {
        if r.w <= 0 || r.h <= 0 {
            return;
        }
        let (xs, ys) = self.span(&r);
        for y in ys {
            for x in xs.clone() {
                let Ok(at) = u32::try_from(self.items.len()) else {
                    return;
                };
                let head = &mut self.heads[(y * self.cols + x) as usize];
                self.items.push((r, *head));
                *head = at;
            }
        }
    }
    fn hits(&self, r: &Rect) -> bool {
        let (xs, ys) = self.span(r);
        for y in ys {
            for x in xs.clone() {
                let mut k = self.heads[(y * self.cols + x) as usize];
                while let Some(&(o, next)) = self.items.get(k as usize) {
                    if o.overlaps(r) {
                        return true;
                    }
                    k = next;
                }
            }
        }
        false
    }
}

/// The routes' segments of one direction, for "does a line of another edge run through this
/// rectangle": sorted by their line (`base`) and start, each with the furthest end among the
/// segments of its line up to it, so that a query looks at the few lines across it and, on
/// each, only the segments that reach into it.
#[derive(Default)]
struct Axis {
    /// (base, first segment, end), sorted by base.
    lines: Vec<(i32, u32, u32)>,
    /// (start, end, furthest end so far on the line, edge).
    segs: Vec<(i32, i32, i32, u32)>,
    /// The first line at or after each `1 << shift` px step from `lo`: a query starts there
    /// instead of a binary search over every line (which, missing the cache, was most of
    /// the time a label's place took).
    starts: Vec<u32>,
    lo: i32,
    shift: u32,
}

impl Axis {
    fn build(mut all: Vec<(i32, i32, i32, u32)>) -> Axis {
        crate::sort::sort_quads(&mut all);
        let mut a = Axis {
            lines: Vec::new(),
            segs: Vec::with_capacity(all.len()),
            ..Axis::default()
        };
        for (base, lo, hi, e) in all {
            let n = a.segs.len() as u32;
            match a.lines.last_mut() {
                Some(l) if l.0 == base => {
                    let far = a.segs.last().map_or(hi, |s| s.2.max(hi));
                    l.2 = n + 1;
                    a.segs.push((lo, hi, far, e));
                }
                _ => {
                    a.lines.push((base, n, n + 1));
                    a.segs.push((lo, hi, hi, e));
                }
            }
        }
        if let (Some(first), Some(last)) = (a.lines.first(), a.lines.last()) {
            a.lo = first.0;
            // At most 65,536 steps.
            let span = last.0.wrapping_sub(first.0) as u32;
            a.shift = 3.max(32 - (span >> 16).leading_zeros());
            for (l, line) in a.lines.iter().enumerate() {
                let step = (line.0.wrapping_sub(a.lo) as u32 >> a.shift) as usize;
                while a.starts.len() <= step {
                    a.starts.push(l as u32);
                }
            }
        }
        a
    }

    /// A segment of an edge other than `own` on a line in `b0..=b1` that reaches into
    /// `a0..=a1` along it.
    fn hits(&self, (b0, b1): (i32, i32), (a0, a1): (i32, i32), own: u32) -> bool {
        let step = if b0 > self.lo {
            (b0.wrapping_sub(self.lo) as u32 >> self.shift) as usize
        } else {
            0
        };
        let Some(&start) = self.starts.get(step) else {
            return false; // past the last line
        };
        let mut from = start as usize;
        while from < self.lines.len() && self.lines[from].0 < b0 {
            from += 1;
        }
        for &(base, s, t) in &self.lines[from..] {
            if base > b1 {
                break;
            }
            let segs = &self.segs[s as usize..t as usize];
            let mut k = segs.partition_point(|g| g.0 <= a1);
            while k > 0 && segs[k - 1].2 >= a0 {
                k -= 1;
                if segs[k].1 >= a0 && segs[k].3 != own {
                    return true;
                }
            }
        }
        false
    }
}

/// Where port labels may go: what is already covered.
pub(super) struct Labels {
    taken: Occupied,
    /// The lines: horizontal segments by y, vertical ones by x.
    across: Axis,
    down: Axis,
}

impl Labels {
    /// Node boxes, finding badges, box captions and the lines of every route covered.
    pub(super) fn new(p: &Placed, routes: &[Vec<P>]) -> Labels {
        let mut segs = 0;
        for r in routes {
            segs += r.len();
        }
        // The extent of what is placed: most labels go beside the edges between these.
        let mut extent: Option<Rect> = None;
        let rects = p.shapes.iter().map(|s| &s.rect);
        for b in rects.chain(p.boxes.iter().map(|b| &b.rect)) {
            extent = Some(match extent {
                None => *b,
                Some(a) => {
                    let (x, y) = (a.x.min(b.x), a.y.min(b.y));
                    Rect::new(
                        x,
                        y,
                        a.right().max(b.right()) - x,
                        a.bottom().max(b.bottom()) - y,
                    )
                }
            });
        }
        let extent = extent.unwrap_or(Rect::new(0, 0, 1, 1));
        let mut taken = Occupied::new(extent, p.shapes.len() * 4 + routes.len());
        for s in &p.shapes {
            taken.add(s.rect);
            if s.finding_count > 0 {
                // The badge's count, drawn at the top right corner (10 px, anchored at its end).
                let w = if s.finding_count > 99 { 18 } else { 12 };
                taken.add(Rect::new(s.rect.right() - 3 - w, s.rect.y - 3, w + 2, 12));
            }
        }
        // Box captions (drawn at the top left of their box, at most 14 px high).
        for b in &p.boxes {
            if !b.text.is_empty() {
                let w = i32::try_from(text::text_width(&b.text)).unwrap_or(0) * 14 / 10 + 30;
                taken.add(Rect::new(b.rect.x, b.rect.y + 2, w.min(b.rect.w), 20));
            }
        }
        // The lines.
        let (mut hs, mut vs) = (Vec::with_capacity(segs), Vec::with_capacity(segs));
        for (e, pts) in routes.iter().enumerate() {
            let e = u32::try_from(e).unwrap_or(u32::MAX);
            for w in pts.windows(2) {
                let (a, b) = (w[0], w[1]);
                if a.1 == b.1 {
                    hs.push((a.1, a.0.min(b.0), a.0.max(b.0), e));
                } else {
                    vs.push((a.0, a.1.min(b.1), a.1.max(b.1), e));
                }
            }
        }
        Labels {
            taken,
            across: Axis::build(hs),
            down: Axis::build(vs),
        }
    }

    /// Whether `r` covers something: a node box, caption or label, or a line (within 1 px)
    /// of an edge other than `own`.
    fn covers(&self, r: &Rect, own: u32) -> bool {
        let (xs, ys) = ((r.x, r.right()), (r.y, r.bottom()));
        self.across.hits(ys, xs, own) || self.down.hits(xs, ys, own) || self.taken.hits(r)
    }

    /// Whether a line of an edge other than `own` runs through the whole length of `r`:
    /// across it when `across`, else down it.
    fn blocked(&self, r: &Rect, across: bool, own: u32) -> bool {
        let (xs, ys) = ((r.x, r.right()), (r.y, r.bottom()));
        // `hits` with the interval reversed: a segment from before its start to past its end.
        if across {
            self.across.hits(ys, (xs.1, xs.0), own)
        } else {
            self.down.hits(xs, (ys.1, ys.0), own)
        }
    }

    /// The port label of edge `e` (the `k`th route), routed along `points` (none when it has
    /// no ports).
    pub(super) fn label(&mut self, e: &Planned, k: usize, points: &[P]) -> Option<EdgeLabel> {
        if e.ports.is_empty() {
            return None;
        }
        let text = crate::text::number_list(e.ports, ", ");
        let w = i32::try_from(text::text_width(&text)).unwrap_or(i32::MAX / 4);
        let own = u32::try_from(k).unwrap_or(u32::MAX);
        let rect_at = |(x, y): (i32, i32)| Rect::new(x - 1, y - 9, w + 2, 12);
        let mut first = None;
        let mut found = None;
        let n = points.len().saturating_sub(1);
        // Beside the line first, anywhere along it; then a little further out, up to 80 px
        // (a gutter or channel where other lines run close beside this one).
        'search: for off in [0, 6, 12, 18, 24, 32, 40, 56, 80] {
            for s in 0..n {
                let s = if e.near_end { n - 1 - s } else { s };
                let (a, b) = (points[s], points[s + 1]);
                if (a.0 - b.0).abs() + (a.1 - b.1).abs() < 20 {
                    continue;
                }
                for side in [false, true] {
                    let at = |num: i32, den: i32| {
                        let m = (a.0 + (b.0 - a.0) * num / den, a.1 + (b.1 - a.1) * num / den);
                        match (a.1 == b.1, side) {
                            (true, false) => (m.0 - w / 2, m.1 - 4 - off),
                            (true, true) => (m.0 - w / 2, m.1 + 13 + off),
                            (false, false) => (m.0 + 4 + off, m.1 + 4),
                            (false, true) => (m.0 - 4 - w - off, m.1 + 4),
                        }
                    };
                    first.get_or_insert(at(1, 2));
                    // The seven places lie on one strip along the segment, between its eighth
                    // points: when one line of another edge runs through the whole strip, none
                    // is free (most places tried in a crowded channel or gutter; one query
                    // instead of seven).
                    let (r1, r7) = (rect_at(at(1, 8)), rect_at(at(7, 8)));
                    let (x0, y0) = (r1.x.min(r7.x), r1.y.min(r7.y));
                    let strip = Rect::new(
                        x0,
                        y0,
                        r1.right().max(r7.right()) - x0,
                        r1.bottom().max(r7.bottom()) - y0,
                    );
                    if self.blocked(&strip, a.1 == b.1, own) {
                        continue;
                    }
                    for (num, den) in [(1, 2), (1, 4), (3, 4), (1, 8), (3, 8), (5, 8), (7, 8)] {
                        let p = at(num, den);
                        if !self.covers(&rect_at(p), own) {
                            found = Some(p);
                            break 'search;
                        }
                    }
                }
            }
        }
        let (x, y) = match found {
            Some(p) => {
                self.taken.add(rect_at(p));
                p
            }
            None => first.unwrap_or(points.first().copied().unwrap_or((0, 0))),
        };
        Some(EdgeLabel { text, x, y })
    }
}
