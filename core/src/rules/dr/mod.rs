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

/// The one region with `"role": "dr"` (its id defined once), when the design has exactly one:
/// where a fix puts what the DR site lacks. With several, which one is a choice.
pub(crate) fn the_dr_region(cx: &Ctx<'_>) -> Option<usize> {
    let mut found = None;
    for (r, region) in cx.design.regions.iter().enumerate() {
        if region.role != RegionRole::Dr {
            continue;
        }
        if found.is_some() || cx.region_index(&region.id) != Some(r) {
            return None;
        }
        found = Some(r);
    }
    found
}

/// The fix that moves RDS `j`, a copy in the same region as the RDS it copies, to the DR region
/// `dr`: its `region` set, its `zones` (of the old region) removed, and the nodes of other
/// regions taken out of its whitelist (an RDS admits clients of its own region only; the DR
/// site's clients are still to be added). `None` when a copy of `j` is in `dr` already (it
/// would then sit in its own primary's region), when nodes of another region link to `j`, or
/// when its whitelist has entries the format did not read.
pub(crate) fn move_copy(cx: &Ctx<'_>, j: usize, dr: usize) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::index::Endpoint;
    use crate::model::{ptr_join, NodeKind, WhitelistEntry};
    use crate::rules::df::show;
    let n = cx.node(j);
    let region = n.region.as_ref()?;
    if cx.node_region[j] == Some(dr) {
        return None;
    }
    let copied_there = cx.design.nodes.iter().enumerate().any(|(k, m)| {
        m.is(NodeKind::Rds)
            && cx.node_region[k] == Some(dr)
            && m.replica_of.as_ref().is_some_and(|r| r.id == n.id)
    });
    let elsewhere = |k: usize| cx.node_region[k].is_some_and(|r| r != dr);
    let used_from_elsewhere = cx.flows_to(j).any(|fl| match fl.from {
        Endpoint::Node(k) => elsewhere(k),
        Endpoint::Internet => false,
    });
    if copied_there || used_from_elsewhere {
        return None;
    }
    let to = &cx.design.regions[dr].id;
    let mut edits = alloc::vec![Edit::Set {
        at: region.ptr.clone(),
        value: Json::str(to),
    }];
    if n.zones.is_some() {
        edits.push(Edit::Remove {
            at: ptr_join(&n.ptr, "zones"),
        });
    }
    let mut trimmed = false;
    if let Some(list) = &n.whitelist {
        let at = ptr_join(&n.ptr, "whitelist");
        let mut kept = alloc::vec::Vec::new();
        for e in list {
            match e {
                WhitelistEntry::Node(r) if cx.node_index(&r.id).is_some_and(elsewhere) => {}
                WhitelistEntry::Node(r) => kept.push(Json::str(&r.id)),
                WhitelistEntry::Addr(a) => kept.push(Json::str(&a.text)),
            }
        }
        if kept.len() < list.len() {
            if crate::rules::helpers::fix_parts::array_has_problems(cx, &at) {
                return None;
            }
            edits.push(Edit::Set {
                at,
                value: Json::Arr(kept),
            });
            trimmed = true;
        }
    }
    let (id, to) = (show(&n.id), show(to));
    let title = if trimmed {
        crate::text!(
            "move RDS `{id}` to DR region `{to}`, and take the clients of other regions out of its whitelist",
            "把 RDS `{id}` 移到灾备地域 `{to}`，并从其白名单中去掉其他地域的客户端"
        )
    } else {
        crate::text!(
            "move RDS `{id}` to DR region `{to}`",
            "把 RDS `{id}` 移到灾备地域 `{to}`"
        )
    };
    Some(Fix::unsafe_(title, edits))
}
