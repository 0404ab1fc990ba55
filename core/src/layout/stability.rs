//! Layout stability: how far the nodes an edit did not touch move when the drawing is laid out
//! again. A scripted session of edits — the editor's kinds of edit, applied to the loaded
//! [`Design`] one after the other — is laid out after each edit as `archlint render` and the
//! editor do (linted, findings shown); every node present before and after an edit that the
//! edit did not touch is compared by its box's top-left corner, and counted in one of three
//! classes:
//!
//! - **elsewhere** — nodes in other zones or regions than the edited containers: a zone column
//!   none of the touched nodes is in, another region, the top row, the data centres;
//! - **same container** — nodes in a container (vSwitch, zone column, band) a touched node was
//!   in before or is in after the edit; measured also in *slots*: the places the node moved by
//!   in its container's reading order (left to right, top to bottom) when the container's
//!   lines keep their length, else `max(|dx| / 192, |dy| / 80)` (the node pitch across and
//!   down);
//! - **same zone** — the rest: other containers of an edited zone, and the region-wide bands
//!   of an edited region.
//!
//! The edits, in turn: an ECS added next to an existing one (same zone or vSwitch, joining its
//! module, no link — what the editor's palette adds); a label renamed; an ECS moved to another
//! zone (its region's next zone, or a vSwitch of the same VPC in another zone); a link added
//! (from an ECS to an RDS of its region, else to another ECS); a field toggled that creates or
//! removes a finding (an ECS's public bandwidth 0 ↔ 10 Mbps); an ECS removed with its links
//! and backend references. Targets are picked by a fixed pseudo-random sequence (`seed`).
//!
//! Nothing here is called by the layout, the SVG writer or the docs widget.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{layout, BoxKind, LayoutOptions, Scene, GAP_X, GAP_Y, NODE_H, NODE_W};
use crate::index::Ctx;
use crate::lint::{lint_with_ctx, load, Limits, LintOptions, LoadError};
use crate::model::{Design, NodeKind, Ref};

/// The kinds of edit of a session, in the order they take turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    AddEcs,
    Rename,
    Move,
    Link,
    Toggle,
    Remove,
}

const TURNS: [EditKind; 6] = [
    EditKind::AddEcs,
    EditKind::Rename,
    EditKind::Move,
    EditKind::Link,
    EditKind::Toggle,
    EditKind::Remove,
];

/// The displacement of the untouched nodes of one class.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moves {
    /// (node, edit) pairs measured.
    pub count: usize,
    /// Of those, the ones that moved.
    pub moved: usize,
    /// The sum of the displacements, px.
    pub sum_px: u64,
    /// The largest displacement, px.
    pub max_px: u32,
    /// The sum of the displacements in slots.
    pub sum_slots: f64,
    /// The largest displacement in slots.
    pub max_slots: f64,
}

impl Moves {
    /// A displacement of (dx, dy) px, `slots` slots.
    fn add(&mut self, dx: i32, dy: i32, slots: f64) {
        let px = isqrt((dx as i64 * dx as i64 + dy as i64 * dy as i64) as u64) as u32;
        self.count += 1;
        if px > 0 {
            self.moved += 1;
        }
        self.sum_px += px as u64;
        self.max_px = self.max_px.max(px);
        self.sum_slots += slots;
        if slots > self.max_slots {
            self.max_slots = slots;
        }
    }

    /// Adds the figures of `o`.
    pub fn merge(&mut self, o: &Moves) {
        self.count += o.count;
        self.moved += o.moved;
        self.sum_px += o.sum_px;
        self.max_px = self.max_px.max(o.max_px);
        self.sum_slots += o.sum_slots;
        if o.max_slots > self.max_slots {
            self.max_slots = o.max_slots;
        }
    }

    /// The mean displacement, px.
    pub fn mean_px(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_px as f64 / self.count as f64
        }
    }

    /// The mean displacement, slots.
    pub fn mean_slots(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.sum_slots / self.count as f64
        }
    }
}

/// One edit of a session and how far it moved the untouched nodes.
#[derive(Debug, Clone)]
pub struct EditMoves {
    pub kind: EditKind,
    /// The node the edit was about (added, renamed, moved, linked from, toggled, removed).
    pub node: String,
    pub elsewhere: Moves,
    pub same_container: Moves,
    pub same_zone: Moves,
    /// The untouched node that moved farthest, with its displacement (px), if any moved.
    pub farthest: Option<(String, u32)>,
    /// The node of the *elsewhere* class that moved farthest, with its displacement (px).
    pub farthest_elsewhere: Option<(String, u32)>,
    /// Laid out keeping the drawing ([`session_keeping`]): whether the memory says the drawing
    /// drifted from a fresh layout, and whether it does (the scene compared with a fresh one).
    pub drift: Option<(bool, bool)>,
}

/// A whole session.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub edits: Vec<EditMoves>,
    pub elsewhere: Moves,
    pub same_container: Moves,
    pub same_zone: Moves,
}

fn isqrt(v: u64) -> u64 {
    let mut r = 0u64;
    let mut bit = 1u64 << 62;
    let mut v = v;
    while bit > v {
        bit >>= 2;
    }
    while bit != 0 {
        if v >= r + bit {
            v -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    r
}

/// A small deterministic pseudo-random sequence (xorshift64*).
struct Rng(u64);

impl Rng {
    fn pick(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (v >> 33) as usize % n.max(1)
    }
}

/// Where a node is drawn: its region, zone and container, as box ids.
#[derive(Debug, Clone, PartialEq, Eq)]
struct At {
    region: String,
    /// The zone column's id, empty for none.
    zone: Option<String>,
    /// The container: (kind, id, and for a band or cell the row's y).
    container: (BoxKind, String, i32),
}

fn at_of(s: &Scene, i: usize) -> At {
    let n = &s.nodes[i];
    let id = |b: Option<usize>| b.map(|b| s.boxes[b].id.clone());
    let container = match n.container {
        Some(c) => {
            let b = &s.boxes[c];
            // Bands have no id: they are told apart by where they are.
            let y = if b.kind == BoxKind::Band { b.rect.y } else { 0 };
            (b.kind, b.id.clone(), y)
        }
        None => (BoxKind::Region, String::new(), n.rect.y),
    };
    At {
        region: id(n.region_box).unwrap_or_default(),
        zone: n.zone_box.map(|z| s.boxes[z].id.clone()),
        container,
    }
}

fn find(s: &Scene, id: &str) -> Option<usize> {
    s.nodes.iter().position(|n| n.id == id)
}

/// Lays out `text` after each of `edits` scripted edits and measures the displacement of the
/// untouched nodes (see the module documentation). Each layout is a fresh one, as `archlint
/// render` draws the design.
pub fn session(text: &str, edits: usize, seed: u64) -> Result<Session, LoadError> {
    run(text, edits, seed, false)
}

/// [`session`] laid out as the editor draws while the user edits: each layout keeps the
/// memory of the one before ([`super::layout_keeping`]).
#[cfg(feature = "keep")]
pub fn session_keeping(text: &str, edits: usize, seed: u64) -> Result<Session, LoadError> {
    run(text, edits, seed, true)
}

fn run(text: &str, edits: usize, seed: u64, keep: bool) -> Result<Session, LoadError> {
    let mut loaded = load(text, &Limits::DEFAULT)?;
    #[cfg(feature = "keep")]
    let mut memory = super::Memory::default();
    #[cfg_attr(not(feature = "keep"), allow(unused_mut))]
    let mut draw = |d: &crate::lint::Loaded<'_>| -> (Scene, Option<(bool, bool)>) {
        let mut cx = Ctx::new(&d.design);
        let findings = lint_with_ctx(d, &mut cx, &LintOptions::default()).findings;
        let opts = LayoutOptions::default();
        let fresh = layout(&d.design, &cx, &findings, &opts);
        #[cfg(feature = "keep")]
        if keep {
            let (scene, kept) = super::layout_keeping(&d.design, &cx, &findings, &opts, &memory);
            let drift = (kept.drifted(), scene != fresh);
            memory = kept;
            return (scene, Some(drift));
        }
        let _ = keep;
        (fresh, None)
    };
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut before = draw(&loaded).0;
    let mut out = Session::default();
    let mut serial = 0usize;
    for e in 0..edits {
        let kind = TURNS[e % TURNS.len()];
        serial += 1;
        let Some((node, touched)) = edit(&mut loaded.design, kind, &mut rng, serial) else {
            continue;
        };
        let (after, drift) = draw(&loaded);
        let mut m = measure(&before, &after, kind, node, &touched);
        m.drift = drift;
        out.edits.push(m);
        before = after;
    }
    for m in &out.edits {
        out.elsewhere.merge(&m.elsewhere);
        out.same_container.merge(&m.same_container);
        out.same_zone.merge(&m.same_zone);
    }
    Ok(out)
}

fn measure(
    before: &Scene,
    after: &Scene,
    kind: EditKind,
    node: String,
    touched: &[String],
) -> EditMoves {
    let ats_before: Vec<At> = (0..before.nodes.len()).map(|i| at_of(before, i)).collect();
    let ats_after: Vec<At> = (0..after.nodes.len()).map(|i| at_of(after, i)).collect();
    let mut edited: Vec<At> = Vec::new();
    for id in touched {
        for s in [before, after] {
            if let Some(i) = find(s, id) {
                edited.push(at_of(s, i));
            }
        }
    }
    let mut m = EditMoves {
        kind,
        node,
        elsewhere: Moves::default(),
        same_container: Moves::default(),
        same_zone: Moves::default(),
        farthest: None,
        farthest_elsewhere: None,
        drift: None,
    };
    // The after scene's nodes by id (sorted, for lookups in O(log n)).
    let mut ids: Vec<(&str, usize)> = after
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    ids.sort_unstable();
    for (i, n) in before.nodes.iter().enumerate() {
        if touched.contains(&n.id) {
            continue;
        }
        let Ok(k) = ids.binary_search_by(|(id, _)| (*id).cmp(n.id.as_str())) else {
            continue;
        };
        let j = ids[k].1;
        let b = &after.nodes[j];
        let (dx, dy) = (b.rect.x - n.rect.x, b.rect.y - n.rect.y);
        let at = &ats_before[i];
        let sx = dx.unsigned_abs() as f64 / (NODE_W + GAP_X) as f64;
        let sy = dy.unsigned_abs() as f64 / (NODE_H + GAP_Y) as f64;
        let mut slots = if sx > sy { sx } else { sy };
        let same_container = edited.iter().any(|e| e.container == at.container);
        let same_zone = !same_container
            && !at.region.is_empty()
            && edited
                .iter()
                .any(|e| e.region == at.region && (at.zone.is_none() || e.zone == at.zone));
        let elsewhere = !same_container && !same_zone;
        let class = if same_container {
            // In its container's reading order, while the container's lines keep their
            // length: the places it moved by.
            let (ib, pb) = reading(before, &ats_before, i);
            if ats_after[j].container == at.container {
                let (ia, pa) = reading(after, &ats_after, j);
                if pa == pb {
                    slots = ia.abs_diff(ib) as f64;
                }
            }
            &mut m.same_container
        } else if same_zone {
            &mut m.same_zone
        } else {
            &mut m.elsewhere
        };
        class.add(dx, dy, slots);
        let px = isqrt((dx as i64 * dx as i64 + dy as i64 * dy as i64) as u64) as u32;
        if px > 0 && m.farthest.as_ref().is_none_or(|f| px > f.1) {
            m.farthest = Some((n.id.clone(), px));
        }
        if elsewhere && px > 0 && m.farthest_elsewhere.as_ref().is_none_or(|f| px > f.1) {
            m.farthest_elsewhere = Some((n.id.clone(), px));
        }
    }
    m
}

/// Node `i`'s place in its container's reading order (top to bottom, left to right), and the
/// length of the container's longest line.
fn reading(s: &Scene, ats: &[At], i: usize) -> (usize, usize) {
    let key = &ats[i].container;
    let mut members: Vec<(i32, i32, usize)> = Vec::new();
    for (k, at) in ats.iter().enumerate() {
        if at.container == *key {
            let r = s.nodes[k].rect;
            members.push((r.y, r.x, k));
        }
    }
    members.sort_unstable();
    let index = members.iter().position(|m| m.2 == i).unwrap_or(0);
    let (mut longest, mut run) = (0, 0);
    for (k, m) in members.iter().enumerate() {
        run = if k > 0 && members[k - 1].0 == m.0 {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
    }
    (index, longest)
}

/// Applies one edit; returns the node it was about and the ids it touched, or `None` when the
/// design has nothing to apply it to.
fn edit(
    d: &mut Design,
    kind: EditKind,
    rng: &mut Rng,
    serial: usize,
) -> Option<(String, Vec<String>)> {
    let placed_ecs: Vec<usize> = (0..d.nodes.len())
        .filter(|&i| {
            let n = &d.nodes[i];
            n.is(NodeKind::Ecs) && (n.zone.is_some() || n.vswitch.is_some())
        })
        .collect();
    let pick_ecs = |rng: &mut Rng| -> Option<usize> {
        (!placed_ecs.is_empty()).then(|| placed_ecs[rng.pick(placed_ecs.len())])
    };
    match kind {
        EditKind::AddEcs => {
            let i = pick_ecs(rng)?;
            let mut n = d.nodes[i].clone();
            let id = format!("stable-ecs-{serial}");
            n.module = Some(String::from(d.nodes[i].module_name()));
            n.id = id.clone();
            n.label = Some(id.clone());
            n.cpu = Some(2.0);
            n.memory_gb = Some(4.0);
            d.nodes.push(n);
            Some((id.clone(), alloc::vec![id]))
        }
        EditKind::Rename => {
            let i = rng.pick(d.nodes.len());
            let n = &mut d.nodes[i];
            let label = match &n.label {
                Some(l) if l.ends_with(" (renamed)") => String::from(&l[..l.len() - 10]),
                Some(l) => format!("{l} (renamed)"),
                None => format!("{} (renamed)", n.id),
            };
            n.label = Some(label);
            Some((n.id.clone(), alloc::vec![n.id.clone()]))
        }
        EditKind::Move => {
            let i = pick_ecs(rng)?;
            if let Some(z) = d.nodes[i].zone.clone() {
                let zones = d
                    .regions
                    .iter()
                    .find(|r| r.zones.iter().any(|x| x.id == z.id))?
                    .zones
                    .clone();
                let at = zones.iter().position(|x| x.id == z.id)?;
                let to = &zones[(at + 1) % zones.len()];
                d.nodes[i].zone = Some(Ref {
                    id: to.id.clone(),
                    ptr: z.ptr,
                });
            } else {
                let v = d.nodes[i].vswitch.clone()?;
                let vpc = d
                    .vpcs
                    .iter()
                    .find(|p| p.vswitches.iter().any(|s| s.id == v.id))?;
                let from = vpc.vswitches.iter().find(|s| s.id == v.id)?;
                let zone_of = |s: &crate::model::VSwitch| s.zone.as_ref().map(|z| z.id.clone());
                // Another zone's vSwitch of the same tier, else any other vSwitch.
                let to = vpc
                    .vswitches
                    .iter()
                    .find(|s| s.tier == from.tier && zone_of(s) != zone_of(from))
                    .or_else(|| vpc.vswitches.iter().find(|s| s.id != from.id))?;
                let to = to.id.clone();
                d.nodes[i].vswitch = Some(Ref { id: to, ptr: v.ptr });
            }
            let id = d.nodes[i].id.clone();
            Some((id.clone(), alloc::vec![id]))
        }
        EditKind::Link => {
            let i = pick_ecs(rng)?;
            let region = |d: &Design, k: usize| -> Option<String> {
                let n = &d.nodes[k];
                if let Some(r) = &n.region {
                    return Some(r.id.clone());
                }
                if let Some(z) = &n.zone {
                    return d
                        .regions
                        .iter()
                        .find(|r| r.zones.iter().any(|x| x.id == z.id))
                        .map(|r| r.id.clone());
                }
                let v = n.vswitch.as_ref()?;
                d.vpcs
                    .iter()
                    .find(|p| p.vswitches.iter().any(|s| s.id == v.id))
                    .and_then(|p| p.region.as_ref().map(|r| r.id.clone()))
            };
            let r = region(d, i);
            let rds: Vec<usize> = (0..d.nodes.len())
                .filter(|&k| d.nodes[k].is(NodeKind::Rds) && region(d, k) == r)
                .collect();
            let to = if rds.is_empty() {
                let others: Vec<usize> = placed_ecs
                    .iter()
                    .copied()
                    .filter(|&k| k != i && region(d, k) == r)
                    .collect();
                *others.get(rng.pick(others.len()))?
            } else {
                rds[rng.pick(rds.len())]
            };
            let (a, b) = (d.nodes[i].id.clone(), d.nodes[to].id.clone());
            let ptr = format!("/links/{}", d.links.len());
            d.links.push(crate::model::Link {
                ptr: ptr.clone(),
                from: Some(Ref {
                    id: a.clone(),
                    ptr: format!("{ptr}/from"),
                }),
                to: Some(Ref {
                    id: b.clone(),
                    ptr: format!("{ptr}/to"),
                }),
                port: Some(3306),
                protocol: Some(String::from("tcp")),
                label: None,
            });
            Some((a.clone(), alloc::vec![a, b]))
        }
        EditKind::Toggle => {
            let i = pick_ecs(rng)?;
            let n = &mut d.nodes[i];
            n.public_bandwidth_mbps = match n.public_bandwidth_mbps {
                Some(b) if b > 0.0 => Some(0.0),
                _ => Some(10.0),
            };
            Some((n.id.clone(), alloc::vec![n.id.clone()]))
        }
        EditKind::Remove => {
            // Not the last ECS: a session goes on editing.
            if placed_ecs.len() < 2 {
                return None;
            }
            let i = pick_ecs(rng)?;
            let id = d.nodes.remove(i).id;
            d.links.retain(|l| {
                let is = |r: &Option<Ref>| r.as_ref().is_some_and(|r| r.id == id);
                !is(&l.from) && !is(&l.to)
            });
            for n in &mut d.nodes {
                if let Some(b) = &mut n.backends {
                    b.retain(|r| r.id != id);
                }
            }
            Some((id.clone(), alloc::vec![id]))
        }
    }
}
