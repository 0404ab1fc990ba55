//! Sizes: how wide each zone column is (the widest cell's grid of nodes), where each region
//! starts, and how wide the drawing is with the data centres' column on the right.

use alloc::vec;
use alloc::vec::Vec;

use super::grid::{Grid, RowKind};
use super::{
    CELL_PAD, COL_GAP, EMPTY_COL_W, GAP_X, GAP_Y, IDC_GAP, MARGIN, MIN_COL_W, MIN_WIDTH, NODE_H,
    NODE_W, REGION_GAP, REGION_PAD, SITE_W, VSW_INSET,
};

/// The horizontal geometry of the drawing.
pub(super) struct Widths {
    /// Per region: nodes per line in a zone cell and in a vSwitch cell.
    pub k_per: Vec<(usize, usize)>,
    /// Per region: the width of each column.
    pub col_w: Vec<Vec<i32>>,
    /// Per region: its left edge.
    pub region_x: Vec<i32>,
    /// The right edge of the last region.
    pub regions_right: i32,
    /// The drawing's width.
    pub width: i32,
}

fn ceil_sqrt(n: usize) -> usize {
    let mut r = 0usize;
    while r * r < n {
        r += 1;
    }
    r
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
    let mut k_per: Vec<(usize, usize)> = Vec::with_capacity(nr);
    let mut col_w: Vec<Vec<i32>> = Vec::with_capacity(nr);
    for b in &g.regions {
        // The most nodes in a zone cell and in a vSwitch cell, and the columns in use.
        let (mut zmax, mut vmax) = (0usize, 0usize);
        let (mut zones, mut vsws) = (false, false);
        let mut used = vec![false; b.cols];
        for row in &b.rows {
            if row.kind == RowKind::Band {
                continue;
            }
            for c in &row.cells {
                if c.vsw.is_some() {
                    vsws = true;
                    vmax = vmax.max(c.nodes.len());
                } else {
                    zones = true;
                    zmax = zmax.max(c.nodes.len());
                }
                used[b.col_index(c.col)] = true;
            }
        }
        // Nodes per line. A zone cell holds one layer of the traffic: k per line for up to
        // k + 1 lines, so k changes only when the fullest cell crosses 6 → 7, 12 → 13, 20 → 21
        // or 30 → 31 nodes (a new line in a zone cell moves the rows below; a new k moves every
        // zone of the region sideways). A vSwitch cell holds the layers of a whole tier (web
        // and app servers): one node more per line than lines, 2 below 3; k changes when the
        // fullest crosses 2 → 3, 4 → 5, 9 → 10 or 16 → 17.
        let mut kz = 2;
        while kz < 6 && kz * (kz + 1) < zmax {
            kz += 1;
        }
        let kv = if vmax <= 2 {
            2
        } else {
            (ceil_sqrt(vmax) + 1).min(6)
        };
        // Every column in use is as wide as a full line, however many nodes its cells hold: a
        // node added to one zone wraps inside it and never pushes the zones on its right
        // sideways.
        let mut full = MIN_COL_W;
        if zones {
            full = full.max(grid_w(kz) + 2 * CELL_PAD);
        }
        if vsws {
            full = full.max(grid_w(kv) + 2 * CELL_PAD + 2 * VSW_INSET);
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
        k_per.push((kz, kv));
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
    }
}
