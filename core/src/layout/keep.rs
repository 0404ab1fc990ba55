//! The drawing's memory: what an editor keeps of the drawing on screen so that the layout of
//! the next edit moves as little as it can (feature `keep`; [`super::layout_keeping`]).
//!
//! A fresh layout (`archlint render`, the docs widget, the editor's "Tidy up") derives every
//! row from the design: a link that makes a path of traffic longer layers the rows again, the
//! removal of the only server of a layer takes its row away, a zone emptied of its nodes
//! narrows, and every row below or every zone to the right moves, in all zones of the region.
//! Laid out with a [`Memory`] of the drawing before the edit:
//!
//! - a node that was drawn keeps its layer (its row); only new nodes are layered afresh (an
//!   idle server still takes its module's layer);
//! - a row keeps at least the lines of nodes it had, and a row that the edit emptied stays as
//!   an empty row of the same height;
//! - a VPC keeps its place among the rows (its first layer), and a band its place between the
//!   tiers of a VPC;
//! - a region keeps its nodes per line and its columns their widths.
//!
//! [`Memory::drifted`] says whether the result differs from a fresh layout (what the editor's
//! "Tidy up" would change).
//!
//! What is left to move: the nodes after an added or removed one in its cell (one slot), and
//! the rows below a cell that outgrows its row (a new line: tiers stay rows across the zones).
//! The memory only grows roomier until the drawing is laid out afresh.

use alloc::string::String;
use alloc::vec::Vec;

use super::grid::{Grid, Row, RowId, RowKey, RowKind};
use super::place::Placed;
use super::size::Widths;
use crate::model::Design;

/// What a drawing keeps for the layout of the next edit. `Memory::default()` keeps nothing
/// (a fresh layout).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    /// Node id → layer, sorted by id.
    layers: Vec<(String, u32)>,
    /// Per region (by id, sorted): its nodes per line, its column widths, and its rows (id,
    /// sort key, lines of nodes).
    regions: Vec<KeptRegion>,
    /// Whether the drawing differs from a fresh layout of its design.
    drifted: bool,
}

/// A region's id, nodes per line, column widths and rows (id, sort key, lines of nodes).
type KeptRegion = (String, usize, Vec<i32>, Vec<(RowId, RowKey, usize)>);

impl Memory {
    /// Whether it keeps nothing.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty() && self.regions.is_empty()
    }

    /// Whether the drawing this is the memory of differs from a fresh layout of its design
    /// (what "Tidy up" would change): a node kept in a row its traffic no longer gives it, a
    /// row kept taller than its nodes need or emptied, a VPC or band kept in its place, a
    /// region's nodes per line or a column's width kept. `false` for a fresh drawing.
    pub fn drifted(&self) -> bool {
        self.drifted
    }

    /// Per design node, the layer it keeps.
    pub(super) fn layers_for(&self, design: &Design) -> Vec<Option<u32>> {
        let mut out = Vec::with_capacity(design.nodes.len());
        for nd in &design.nodes {
            let at = self
                .layers
                .binary_search_by(|(id, _)| id.as_str().cmp(nd.id.as_str()));
            out.push(at.ok().map(|k| self.layers[k].1));
        }
        out
    }

    /// Gives the grid's regions their kept nodes per line, column widths and row heights, and
    /// the rows the edit emptied back as empty rows.
    pub(super) fn apply(&self, design: &Design, g: &mut Grid) {
        for (r, b) in g.regions.iter_mut().enumerate() {
            let id = design.regions[r].id.as_str();
            let Ok(k) = self.regions.binary_search_by(|e| e.0.as_str().cmp(id)) else {
                continue;
            };
            let (_, per, widths, rows) = &self.regions[k];
            b.keep_k = *per;
            b.keep_w.clone_from(widths);
            // A VPC keeps its place among the rows (its first layer: the removal of its
            // topmost server would move it), with the bands between its tiers.
            for &(rid, key, _) in rows {
                if rid.0 == 2 {
                    for row in b.rows.iter_mut() {
                        if row.key.3 == key.3 {
                            g.drifted |= row.key.1 != key.1;
                            row.key.1 = key.1;
                        }
                    }
                }
            }
            for &(rid, key, lines) in rows {
                match b.rows.iter_mut().find(|row| row.id == rid) {
                    Some(row) => {
                        row.floor = lines;
                        // A band keeps its place: between the two tiers of a VPC it was
                        // between, even when the edit emptied the tier below.
                        if rid.0 == 0 {
                            g.drifted |= row.key != key;
                            row.key = key;
                        }
                    }
                    // A zone row or band the edit emptied: an empty row in its place (a VPC's
                    // vSwitch rows stay while its vSwitches do).
                    None if rid.0 < 2 => {
                        g.drifted = true;
                        b.rows.push(Row {
                            id: rid,
                            floor: lines,
                            key,
                            kind: RowKind::Zone,
                            cells: Vec::new(),
                        });
                    }
                    None => {}
                }
            }
            // Stable: rows of equal keys (bands between the same two tiers) keep their order.
            crate::sort::sort_by_key(&mut b.rows, |r| r.key);
        }
    }

    /// The memory of a drawing just laid out.
    pub(super) fn of(design: &Design, g: &Grid, w: &Widths, p: &Placed) -> Memory {
        let mut layers: Vec<(String, u32)> = design
            .nodes
            .iter()
            .zip(&g.layer)
            .map(|(nd, &l)| (nd.id.clone(), l))
            .collect();
        layers.sort_by(|a, b| a.0.cmp(&b.0));
        layers.dedup_by(|a, b| a.0 == b.0);
        let mut regions = Vec::with_capacity(g.regions.len());
        // A row kept taller than its nodes need is a drift too.
        let mut drifted = g.drifted || w.drifted;
        for (r, b) in g.regions.iter().enumerate() {
            let needs = &p.row_lines[r];
            let rows = b
                .rows
                .iter()
                .zip(needs)
                .map(|(row, &n)| {
                    drifted |= row.floor > n;
                    (row.id, row.key, n.max(row.floor))
                })
                .collect();
            regions.push((
                design.regions[r].id.clone(),
                w.k_per[r],
                w.col_w[r].clone(),
                rows,
            ));
        }
        regions.sort_by(|a, b| a.0.cmp(&b.0));
        regions.dedup_by(|a, b| a.0 == b.0);
        Memory {
            layers,
            regions,
            drifted,
        }
    }
}
