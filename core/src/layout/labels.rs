//! Port labels: each labelled edge's ports (`80, 443`) go at the first of its candidate
//! places — beside the middle, then the quarter points, of its segments, from the end with
//! fewer labelled edges — where the text covers no node box, no box caption and no label
//! placed before it; at the first candidate when every one is taken.

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

/// Places for an edge's label, best first: beside the middle, then the quarter points, of
/// each segment at least 24 px long, from the last segment (`near_end`) or from the first;
/// the first point of the line when no segment is long enough. Returns the first place and
/// the first one `free` accepts (looked at in order, and no further than that one).
fn label_place(points: &[P], near_end: bool, mut free: impl FnMut(P) -> bool) -> (P, Option<P>) {
    let mut first = None;
    let mut try_seg = |a: P, b: P| -> Option<P> {
        let len = (a.0 - b.0).abs() + (a.1 - b.1).abs();
        if len < 24 {
            return None;
        }
        for (num, den) in [(1, 2), (1, 4), (3, 4)] {
            let m = (a.0 + (b.0 - a.0) * num / den, a.1 + (b.1 - a.1) * num / den);
            let p = if a.1 == b.1 {
                (m.0, m.1 - 4)
            } else {
                (m.0 + 4, m.1)
            };
            first.get_or_insert(p);
            if free(p) {
                return Some(p);
            }
        }
        None
    };
    let found = if near_end {
        points.windows(2).rev().find_map(|w| try_seg(w[0], w[1]))
    } else {
        points.windows(2).find_map(|w| try_seg(w[0], w[1]))
    };
    match first {
        Some(f) => (f, found),
        None => {
            let p = points.first().copied().unwrap_or((0, 0));
            (p, free(p).then_some(p))
        }
    }
}

/// Where port labels may go: what is already covered.
pub(super) struct Labels {
    taken: Occupied,
}

impl Labels {
    /// Node boxes and box captions covered; room for `edges` labels.
    pub(super) fn new(p: &Placed, edges: usize) -> Labels {
        // The extent of what is placed: labels go beside the edges between these.
        let extent = p
            .shapes
            .iter()
            .map(|s| s.rect)
            .chain(p.boxes.iter().map(|b| b.rect))
            .reduce(|a, b| {
                let (x, y) = (a.x.min(b.x), a.y.min(b.y));
                Rect::new(
                    x,
                    y,
                    a.right().max(b.right()) - x,
                    a.bottom().max(b.bottom()) - y,
                )
            })
            .unwrap_or(Rect::new(0, 0, 1, 1));
        let mut taken = Occupied::new(extent, p.shapes.len() * 4 + edges);
        for s in &p.shapes {
            taken.add(s.rect);
        }
        // Box captions (drawn at the top left of their box, at most 14 px high).
        for b in &p.boxes {
            if !b.text.is_empty() {
                let w = i32::try_from(text::text_width(&b.text)).unwrap_or(0) * 14 / 10 + 30;
                taken.add(Rect::new(b.rect.x, b.rect.y + 2, w.min(b.rect.w), 20));
            }
        }
        Labels { taken }
    }

    /// The port label of edge `e`, routed along `points` (none when it has no ports).
    pub(super) fn label(&mut self, e: &Planned, points: &[P]) -> Option<EdgeLabel> {
        if e.ports.is_empty() {
            return None;
        }
        let text = crate::text::number_list(e.ports, ", ");
        let w = i32::try_from(text::text_width(&text)).unwrap_or(i32::MAX / 4);
        // The first place where the label covers no node box and no other label. Only
        // labels that found a free place are recorded: the rectangles of a grid cell then
        // never overlap, so a cell holds a bounded number of them.
        let rect_at = |(x, y): (i32, i32)| Rect::new(x - 1, y - 9, w + 2, 12);
        let taken = &self.taken;
        let (x, y) = match label_place(points, e.near_end, |p| !taken.hits(&rect_at(p))) {
            (_, Some(p)) => {
                self.taken.add(rect_at(p));
                p
            }
            (first, None) => first,
        };
        Some(EdgeLabel { text, x, y })
    }
}
