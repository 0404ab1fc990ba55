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

/// Places for an edge's label, best first: beside the middle, then the quarter points, of
/// each segment at least 24 px long, from the last segment (`near_end`) or from the first;
/// the first point of the line when no segment is long enough.
fn label_candidates(points: &[P], near_end: bool, out: &mut Vec<P>) {
    out.clear();
    let mut push_seg = |a: P, b: P| {
        let len = (a.0 - b.0).abs() + (a.1 - b.1).abs();
        if len < 24 {
            return;
        }
        for (num, den) in [(1, 2), (1, 4), (3, 4)] {
            let m = (a.0 + (b.0 - a.0) * num / den, a.1 + (b.1 - a.1) * num / den);
            out.push(if a.1 == b.1 {
                (m.0, m.1 - 4)
            } else {
                (m.0 + 4, m.1)
            });
        }
    };
    if near_end {
        points.windows(2).rev().for_each(|w| push_seg(w[0], w[1]));
    } else {
        points.windows(2).for_each(|w| push_seg(w[0], w[1]));
    }
    if out.is_empty() {
        out.push(points.first().copied().unwrap_or((0, 0)));
    }
}

/// Where port labels may go: what is already covered.
pub(super) struct Labels {
    taken: Occupied,
    /// Candidate places (reused).
    spots: Vec<P>,
}

impl Labels {
    /// Node boxes and box captions covered; room for `edges` labels.
    pub(super) fn new(p: &Placed, edges: usize) -> Labels {
        let mut taken = Occupied::with_capacity(p.shapes.len() * 4 + edges);
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
        Labels {
            taken,
            spots: Vec::new(),
        }
    }

    /// The port label of edge `e`, routed along `points` (none when it has no ports).
    pub(super) fn label(&mut self, e: &Planned, points: &[P]) -> Option<EdgeLabel> {
        if e.ports.is_empty() {
            return None;
        }
        let text = crate::text::number_list(e.ports, ", ");
        let spots = &mut self.spots;
        label_candidates(points, e.near_end, spots);
        let w = i32::try_from(text::text_width(&text)).unwrap_or(i32::MAX / 4);
        // The first place where the label covers no node box and no other label. Only
        // labels that found a free place are recorded: the rectangles of a grid cell then
        // never overlap, so a cell holds a bounded number of them.
        let rect_at = |(x, y): (i32, i32)| Rect::new(x - 1, y - 9, w + 2, 12);
        let (x, y) = match spots
            .iter()
            .copied()
            .find(|&p| !self.taken.hits(&rect_at(p)))
        {
            Some(p) => {
                self.taken.add(rect_at(p));
                p
            }
            None => spots[0],
        };
        Some(EdgeLabel { text, x, y })
    }
}
