//! Findings, legend and panel: each finding goes on the node it is about (its ring, badge and
//! tooltip), on the container it is about (a region, zone, VPC or vSwitch: its badge and
//! tooltip), or, when it is about neither, into the design panel; the legend lists the node
//! kinds and severities that appear; legend and panel sit below everything else.

use alloc::vec::Vec;

use super::place::Placed;
use super::{FindingNote, Legend, Panel, Rect, ShapeKind, MARGIN, PANEL_MAX};
use crate::index::Ctx;
use crate::rule::{Finding, Severity};

/// Puts the findings on their nodes and containers; returns those about neither, for the
/// panel.
pub(super) fn attach_findings(
    cx: &Ctx<'_>,
    findings: &[Finding],
    show: bool,
    p: &mut Placed,
) -> Vec<FindingNote> {
    let mut panel_notes: Vec<FindingNote> = Vec::new();
    if show {
        for f in findings {
            let note = FindingNote {
                code: f.rule.code,
                severity: f.severity,
                target: f.target.clone(),
                message: f.message.clone(),
            };
            match f.target.as_deref().and_then(|t| cx.node_index(t)) {
                Some(i) => {
                    let s = &mut p.shapes[p.scene_of[i]];
                    s.finding_count += 1;
                    s.severity = s.severity.max(Some(f.severity));
                    s.findings.push(note);
                }
                None => {
                    // The container it is about: the first box of that id (containers are
                    // few, and findings about them fewer).
                    let at = f
                        .target
                        .as_deref()
                        .and_then(|t| p.boxes.iter().position(|b| !b.id.is_empty() && b.id == t));
                    match at {
                        Some(k) => {
                            let b = &mut p.boxes[k];
                            b.severity = b.severity.max(Some(f.severity));
                            b.findings.push(note);
                        }
                        None => panel_notes.push(note),
                    }
                }
            }
        }
    }
    panel_notes
}

/// The legend and the panel below the content; returns them with the drawing's height.
pub(super) fn legend_and_panel(
    p: &Placed,
    mut panel_notes: Vec<FindingNote>,
    width: i32,
) -> (Legend, Option<Panel>, i32) {
    let content_bottom = p.content_bottom;
    let mut kinds: Vec<ShapeKind> = Vec::with_capacity(p.shapes.len());
    let mut severities: Vec<Severity> = Vec::new();
    for s in &p.shapes {
        kinds.push(s.kind);
        severities.extend(s.severity);
    }
    for b in &p.boxes {
        severities.extend(b.severity);
    }
    for f in &panel_notes {
        severities.push(f.severity);
    }
    crate::sort::sort(&mut kinds);
    kinds.dedup();
    crate::sort::sort_by(&mut severities, |a, b| b.cmp(a));
    severities.dedup();
    let items = kinds.len() + severities.len();
    let per_line = (((width - 2 * MARGIN) / 150).max(1)) as usize;
    let legend_lines = items.div_ceil(per_line).max(1) as i32;
    let legend = Legend {
        rect: Rect::new(
            MARGIN,
            content_bottom + 24,
            width - 2 * MARGIN,
            28 + legend_lines * 26,
        ),
        kinds,
        severities,
        per_line,
    };
    let mut height = legend.rect.bottom() + MARGIN;
    let panel = if panel_notes.is_empty() {
        None
    } else {
        let more = panel_notes.len().saturating_sub(PANEL_MAX);
        panel_notes.truncate(PANEL_MAX);
        let lines = panel_notes.len() as i32 + i32::from(more > 0);
        let rect = Rect::new(
            MARGIN,
            legend.rect.bottom() + 16,
            width - 2 * MARGIN,
            36 + lines * 20,
        );
        height = rect.bottom() + MARGIN;
        Some(Panel {
            rect,
            findings: panel_notes,
            more,
        })
    };
    (legend, panel, height)
}
