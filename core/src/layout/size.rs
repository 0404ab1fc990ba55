//! Sizes: how wide each zone column is (a line of the region's nodes per line, [`per_line`]:
//! a function of the region's size, so that an edit does not move the zones sideways), where
//! each region starts, and how wide the drawing is with the data centres' column on the right.

use alloc::vec;
use alloc::vec::Vec;

use super::grid::{Grid, RowKind};
use super::{
    CELL_PAD, COL_GAP, EMPTY_COL_W, GAP_X, GAP_Y, IDC_GAP, MARGIN, MIN_COL_W, MIN_WIDTH, NODE_H,
    NODE_W, REGION_GAP, REGION_PAD, SITE_W, VSW_INSET,
};

/// The horizontal geometry of the drawing.
pub(super) struct Widths {
    /// Per region: the nodes per line of its zone and vSwitch cells ([`per_line`]).
    pub k_per: Vec<usize>,
    /// Per region: the width of each column.
    pub col_w: Vec<Vec<i32>>,
    /// Per region: its left edge.
    pub region_x: Vec<i32>,
    /// The right edge of the last region.
    pub regions_right: i32,
    /// The drawing's width.
    pub width: i32,
    /// Whether a region kept nodes per line or a column width a fresh layout would not give
    /// it (`keep.rs`).
    #[cfg(feature = "keep")]
    pub drifted: bool,
}

/// The nodes per line of a region's cells, from its nodes per zone column in use (`m`: the
/// nodes of its zone and vSwitch cells over the columns that hold any, rounded up): 2 up to
/// 12, 3 up to 24, 4 up to 40, 5 up to 60, 6 beyond. A function of the region's size, not of
/// any one cell: an edit that adds, removes or moves a node changes `m` by at most one (moving
/// a node between zones of a region not at all), so the zone columns keep their width (and
/// the regions on the right their place) unless `m` crosses 12 → 13, 24 → 25, 40 → 41 or
/// 60 → 61 — a dozen nodes per zone apart or more; a cell that outgrows its line wraps
/// downward.
pub(super) fn per_line(m: usize) -> usize {
    match m {
        0..=12 => 2,
        13..=24 => 3,
        25..=40 => 4,
        41..=60 => 5,
        _ => 6,
    }
}

/// Cell grid: nodes per line for `n` nodes with at most `k` per line.
pub(super) fn grid(n: usize, k: usize) -> (usize, usize) {
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

/// The height of `sub` lines of nodes (16 px for an empty cell).
pub(super) fn grid_h(sub: usize) -> i32 {
    let sub = sub as i32;
    if sub == 0 {
        16
    } else {
        sub * NODE_H + (sub - 1) * GAP_Y
    }
}

/// Measures the columns of every region and the drawing's width.
pub(super) fn widths(g: &Grid) -> Widths {
    let nr = g.regions.len();
    let mut k_per: Vec<usize> = Vec::with_capacity(nr);
    #[cfg(feature = "keep")]
    let mut drifted = false;
    let mut col_w: Vec<Vec<i32>> = Vec::with_capacity(nr);
    for b in &g.regions {
        // The nodes in the region's zone and vSwitch cells, and the columns in use.
        let (mut cells_n, mut zones, mut vsws) = (0usize, false, false);
        let mut used = vec![false; b.cols];
        for row in &b.rows {
            if row.kind == RowKind::Band {
                continue;
            }
            for c in &row.cells {
                if c.vsw.is_some() {
                    vsws = true;
                } else {
                    zones = true;
                }
                cells_n += c.nodes.len();
                used[b.col_index(c.col)] = true;
            }
        }
        let in_use = used.iter().filter(|&&u| u).count().max(1);
        let k = per_line(cells_n.div_ceil(in_use));
        #[cfg(feature = "keep")]
        let k = match b.keep_k {
            0 => k,
            kept => {
                drifted |= kept != k;
                kept
            }
        };
        // Every column in use is as wide as a full line, however many nodes its cells hold: a
        // node added to one zone wraps inside it and never pushes the zones on its right
        // sideways.
        let mut full = MIN_COL_W;
        if zones {
            full = full.max(grid_w(k) + 2 * CELL_PAD);
        }
        if vsws {
            full = full.max(grid_w(k) + 2 * CELL_PAD + 2 * VSW_INSET);
        }
        let mut w = vec![full; b.cols];
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
        // A column the drawing keeps stays as wide as it was (an emptied zone, `keep.rs`).
        #[cfg(feature = "keep")]
        if b.keep_w.len() == w.len() {
            for (w, &kw) in w.iter_mut().zip(&b.keep_w) {
                drifted |= kw > *w;
                *w = (*w).max(kw);
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
    let content_right = if g.sites.is_empty() {
        regions_right
    } else {
        regions_right + IDC_GAP + SITE_W
    };
    let width = (content_right + MARGIN).max(MIN_WIDTH);

    Widths {
        k_per,
        col_w,
        region_x,
        regions_right,
        width,
        #[cfg(feature = "keep")]
        drifted,
    }
}
