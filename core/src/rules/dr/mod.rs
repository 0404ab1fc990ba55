//! DR — disaster recovery. Checked only when the design claims `two-region` or
//! `two-region-three-center`.

use alloc::string::String;

use crate::index::Ctx;
use crate::model::{DrLevel, RegionRole};
use crate::rule::RuleMeta;

pub mod dr001;
pub mod dr002;
pub mod dr003;
pub mod dr004;
pub mod dr005;

pub static RULES: &[&RuleMeta] = &[
    &dr001::MissingDrDatabase::META,
    &dr002::MissingDrCompute::META,
    &dr003::NoDnsFailover::META,
    &dr004::DrInSameRegion::META,
    &dr005::MissingOssReplication::META,
];

/// Whether the design claims a two-region DR level (the DR rules apply).
pub(crate) fn applies(cx: &Ctx<'_>) -> bool {
    matches!(
        cx.design.dr,
        DrLevel::TwoRegion | DrLevel::TwoRegionThreeCenter
    )
}

/// The name of the design's DR level, as written in the file.
pub(crate) fn level_name(cx: &Ctx<'_>) -> &'static str {
    match cx.design.dr {
        DrLevel::SameCity => "same-city",
        DrLevel::TwoRegion => "two-region",
        DrLevel::TwoRegionThreeCenter => "two-region-three-center",
    }
}

/// Whether node `i` is in a `dr` region: `None` when its region is unknown.
pub(crate) fn in_dr_region(cx: &Ctx<'_>, i: usize) -> Option<bool> {
    let r = (*cx.node_region.get(i)?)?;
    Some(cx.design.regions.get(r)?.role == RegionRole::Dr)
}

/// Whether node `i` is in a `primary` region (known).
pub(crate) fn in_primary_region(cx: &Ctx<'_>, i: usize) -> bool {
    in_dr_region(cx, i) == Some(false)
}

/// The id of the region node `i` is in, if known.
pub(crate) fn region_id<'a>(cx: &Ctx<'a>, i: usize) -> Option<&'a str> {
    let r = (*cx.node_region.get(i)?)?;
    cx.design.regions.get(r).map(|r| r.id.as_str())
}

/// The `dr` regions, as "`qd`, `sh`" (empty when there is none).
pub(crate) fn dr_regions(cx: &Ctx<'_>) -> String {
    let mut s = String::new();
    for r in cx
        .design
        .regions
        .iter()
        .filter(|r| r.role == RegionRole::Dr && !r.id.is_empty())
    {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push('`');
        s.push_str(&crate::rules::df::show(&r.id));
        s.push('`');
    }
    s
}
