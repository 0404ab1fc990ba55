//! Regions and zones as findings name them: the zones of a region, the id of a zone or a
//! region, the one zone a regional service names, the other zones of its region (ZN, LB and
//! DB rules).

use alloc::vec::Vec;

use crate::index::{Ctx, Entity};

/// The zones of region `r`, as indices into its `zones`, leaving out a zone whose id was
/// already defined elsewhere (a duplicate, reported by DF002).
pub(crate) fn region_zones(cx: &Ctx<'_>, r: usize) -> Vec<usize> {
    let Some(region) = cx.design.regions.get(r) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (zi, z) in region.zones.iter().enumerate() {
        if cx.ids.get(z.id.as_str()) == Some(&Entity::Zone(r, zi)) {
            out.push(zi);
        }
    }
    out
}

/// The id of zone `zi` of region `r`.
pub(crate) fn zone_name<'a>(cx: &Ctx<'a>, r: usize, zi: usize) -> &'a str {
    cx.design
        .regions
        .get(r)
        .and_then(|reg| reg.zones.get(zi))
        .map_or("", |z| z.id.as_str())
}

/// The id of region `r`.
pub(crate) fn region_name<'a>(cx: &Ctx<'a>, r: usize) -> &'a str {
    cx.design.regions.get(r).map_or("", |reg| reg.id.as_str())
}

/// The zone of region `r` that the `zones` of an SLB or RDS names, when it names exactly one
/// (however often): its index in the region. `None` when `zones` is absent or empty, names two
/// zones or more, or names something that is not a zone of `r` (DF001's and ZN's business).
pub(crate) fn single_zone(cx: &Ctx<'_>, n: &crate::model::Node, r: usize) -> Option<usize> {
    let zones = n.zones.as_deref()?;
    let first = zones.first()?;
    if zones.iter().any(|z| z.id != first.id) {
        return None;
    }
    match cx.ids.get(first.id.as_str()) {
        Some(&Entity::Zone(zr, zi)) if zr == r => Some(zi),
        _ => None,
    }
}

/// The other zones of region `r` than `zi`, by id.
pub(crate) fn other_zones<'a>(cx: &Ctx<'a>, r: usize, zi: usize) -> Vec<&'a str> {
    let mut out = Vec::new();
    for z in region_zones(cx, r) {
        if z != zi {
            out.push(zone_name(cx, r, z));
        }
    }
    out
}
