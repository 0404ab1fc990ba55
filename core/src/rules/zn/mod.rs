//! ZN — zone placement.

use alloc::string::String;

use crate::index::Ctx;
use crate::rule::RuleMeta;

pub mod zn001;
pub mod zn002;
pub mod zn003;
pub mod zn004;

pub static RULES: &[&RuleMeta] = &[
    &zn001::ModuleInOneZone::META,
    &zn002::UnbalancedModule::META,
    &zn003::CrossRegionDependency::META,
    &zn004::VswitchesInOneZone::META,
];

/// The pointer of the field that places ECS `i` in its zone: `vswitch` when it is placed
/// through a vSwitch, else `zone`, else the node itself.
pub(crate) fn placement_ptr(cx: &Ctx<'_>, i: usize) -> String {
    let n = cx.node(i);
    match (&n.vswitch, &n.zone) {
        (Some(v), _) if cx.node_vswitch[i].is_some() => v.ptr.clone(),
        (_, Some(z)) => z.ptr.clone(),
        (Some(v), None) => v.ptr.clone(),
        (None, None) => n.ptr.clone(),
    }
}

/// Whether an ECS can move from vSwitch `a` to vSwitch `b` without any rule seeing it
/// differently: both CIDRs are known (or both unknown), and every CIDR a security-group rule
/// or an RDS whitelist names overlaps and contains both or neither.
fn addresses_alike(cx: &Ctx<'_>, a: &crate::model::VSwitch, b: &crate::model::VSwitch) -> bool {
    use crate::model::{Source, WhitelistEntry};
    let (ca, cb) = (
        a.cidr.as_ref().and_then(|c| c.cidr),
        b.cidr.as_ref().and_then(|c| c.cidr),
    );
    let (Some(ca), Some(cb)) = (ca, cb) else {
        return ca.is_none() && cb.is_none();
    };
    let alike =
        |c: crate::cidr::Cidr| c.overlaps(ca) == c.overlaps(cb) && c.contains(ca) == c.contains(cb);
    let rules = cx.design.security_groups.iter().flat_map(|g| &g.rules);
    rules
        .filter_map(|r| match r.from {
            Some(Source::Cidr(c)) => Some(c),
            _ => None,
        })
        .all(alike)
        && cx
            .design
            .nodes
            .iter()
            .flat_map(|n| n.whitelist.iter().flatten())
            .all(|e| match e {
                WhitelistEntry::Addr(a) => a.cidr.is_none_or(alike),
                WhitelistEntry::Node(_) => true,
            })
}

/// A move of one ECS: (node, zone index in its region, where it goes).
pub(crate) type Move<'a> = (
    usize,
    usize,
    crate::rules::helpers::additions::Placement<'a>,
);

/// The moves that spread the production ECS `members` of one module over the zones of their
/// region as evenly as they can go: while a zone holds two instances more than another, its
/// last instance that can go there (a zone-placed ECS anywhere; an ECS in a vSwitch to a
/// vSwitch of the same VPC and tier whose addresses no rule tells apart) moves. Instances
/// whose zone is unknown stay and are not counted. `None` when the members are in several
/// regions, or nothing needs or can move. The moves are in design order.
pub(crate) fn rebalance<'a>(cx: &Ctx<'a>, members: &[usize]) -> Option<alloc::vec::Vec<Move<'a>>> {
    use crate::rules::helpers::additions::place_like;
    use crate::rules::helpers::region_zones;
    use alloc::vec::Vec;

    let mut r = None;
    // (node, its zone now, where it goes)
    let mut at: Vec<(usize, usize, Option<Move<'a>>)> = Vec::new();
    for &i in members {
        let Some((ri, zi)) = cx.node_zone[i] else {
            continue;
        };
        if r.is_some_and(|r| r != ri) {
            return None;
        }
        r = Some(ri);
        at.push((i, zi, None));
    }
    let r = r?;
    let zones = region_zones(cx, r);
    let count =
        |at: &[(usize, usize, Option<Move<'a>>)], z: usize| at.iter().filter(|x| x.1 == z).count();
    'moves: for _ in 0..at.len() {
        // From the most crowded zones to the least crowded, ties in region order, two apart.
        let mut from: Vec<(usize, usize)> = zones.iter().map(|&z| (count(&at, z), z)).collect();
        let mut to = from.clone();
        crate::sort::sort_by(&mut from, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        crate::sort::sort(&mut to);
        for &(cs, zs) in &from {
            for &(cd, zd) in &to {
                if cs < cd + 2 {
                    break;
                }
                for k in (0..at.len()).rev() {
                    let (i, z, _) = at[k];
                    if z != zs {
                        continue;
                    }
                    let Some(p) = place_like(cx, i, r, zd) else {
                        continue;
                    };
                    let fits = match (cx.vswitch_of(i), p) {
                        (
                            Some(a),
                            crate::rules::helpers::additions::Placement::VSwitch {
                                vswitch, ..
                            },
                        ) => match cx.ids.get(vswitch) {
                            Some(&crate::index::Entity::VSwitch(v, s)) => {
                                addresses_alike(cx, a, &cx.design.vpcs[v].vswitches[s])
                            }
                            _ => false,
                        },
                        _ => true,
                    };
                    if fits {
                        at[k] = (i, zd, Some((i, zd, p)));
                        continue 'moves;
                    }
                }
            }
        }
        break;
    }
    let moves: Vec<Move<'a>> = at
        .into_iter()
        .filter_map(|(i, z, m)| m.filter(|_| cx.node_zone[i].map(|x| x.1) != Some(z)))
        .collect();
    (!moves.is_empty()).then_some(moves)
}

/// The unsafe fix that makes `moves` (see [`rebalance`]): each ECS's `zone` and `vswitch` set.
pub(crate) fn moves_fix(cx: &Ctx<'_>, module: &str, moves: &[Move<'_>]) -> crate::fix::Fix {
    use crate::fix::{Edit, Fix};
    use crate::model::ptr_join;
    use crate::rules::helpers::additions::Placement;
    use crate::rules::helpers::zone_name;
    use alloc::vec::Vec;

    let mut edits = Vec::new();
    let (mut en, mut zh) = (String::new(), String::new());
    for (k, &(i, zi, p)) in moves.iter().enumerate() {
        let n = cx.node(i);
        let zone = match p {
            Placement::Zone(z) => z,
            Placement::VSwitch { .. } => cx.node_zone[i].map_or("", |(r, _)| zone_name(cx, r, zi)),
        };
        for (key, value) in p.fields() {
            edits.push(Edit::Set {
                at: ptr_join(&n.ptr, &key),
                value,
            });
        }
        let id = &n.id;
        let vsw = match p {
            Placement::VSwitch { vswitch, .. } => Some(vswitch),
            Placement::Zone(_) => None,
        };
        if k > 0 {
            en.push_str(", ");
            zh.push('，');
        }
        match vsw {
            Some(v) => {
                en.push_str(&alloc::format!("`{id}` to zone `{zone}` (vSwitch `{v}`)"));
                zh.push_str(&alloc::format!(
                    "`{id}` 移到可用区 `{zone}`（交换机 `{v}`）"
                ));
            }
            None => {
                en.push_str(&alloc::format!("`{id}` to zone `{zone}`"));
                zh.push_str(&alloc::format!("`{id}` 移到可用区 `{zone}`"));
            }
        }
    }
    Fix::unsafe_(
        crate::text!(
            "spread module `{module}` over its zones: move {en}",
            "把模块 `{module}` 分散到各可用区：将 {zh}"
        ),
        edits,
    )
}
