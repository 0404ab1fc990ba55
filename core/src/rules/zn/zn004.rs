use alloc::vec::Vec;

use crate::cidr::Cidr;
use crate::index::{Ctx, Entity};
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

use crate::rules::helpers::{other_zones, quoted, region_name, zone_name};

crate::declare_rule! {
    /// ## What it checks
    /// A VPC whose vSwitches (those with a known zone of the VPC's region) all sit in one zone,
    /// while that region has at least two zones.
    ///
    /// ## Why
    /// In a VPC an ECS takes its zone from its vSwitch. With vSwitches in one zone only, no
    /// instance can be placed in the second data centre, and the whole network goes down with
    /// the first one.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "vpc",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "vpcs": [ { "id": "vpc-1", "region": "hz", "cidr": "10.0.0.0/16",
    ///               "vswitches": [ { "id": "vsw-1", "zone": "hz-b", "cidr": "10.0.1.0/24" },
    ///                              { "id": "vsw-2", "zone": "hz-b", "cidr": "10.0.2.0/24" } ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "vpc",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "vpcs": [ { "id": "vpc-1", "region": "hz", "cidr": "10.0.0.0/16",
    ///               "vswitches": [ { "id": "vsw-1", "zone": "hz-b", "cidr": "10.0.1.0/24" },
    ///                              { "id": "vsw-2", "zone": "hz-c", "cidr": "10.0.2.0/24" } ] } ] }
    /// ```
    ///
    /// ## Source
    /// The standard recommended VPC architecture in the financial-cloud overview: users build
    /// one set of virtual switches in each of two zones.
    pub struct VswitchesInOneZone {
        code: "ZN004",
        name: "vswitches-in-one-zone",
        severity: Warning,
        summary: (
            "All vSwitches of a VPC are in one zone",
            "专有网络的所有虚拟交换机都在同一个可用区"
        ),
        zh: "## 检查内容\n\
专有网络中（可用区已知、且属于该 VPC 所在地域的）虚拟交换机全部位于同一个可用区，而该地域有至少两个可用区。\n\
\n\
## 原因\n\
在专有网络中，ECS 的可用区由其虚拟交换机决定。虚拟交换机只在一个可用区时，任何实例都无法放到第二个机房，整个网络会随第一个机房一起失效。\n\
\n\
## 依据\n\
金融云总体介绍中专有网络的标准推荐架构：用户需要在两个可用区各建一套虚拟交换机。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds, for each vSwitch of the VPC, one of the same tier and size in the next zone of the region, on the first free range of the VPC's CIDR; no instance moves",
            "不安全：为该专有网络的每个虚拟交换机，在地域的下一个可用区增加一个层级和大小相同的交换机，网段取 VPC 网段中第一个空闲的范围；不移动任何实例"
        ),
        facts: facts,
    }
}

/// The first block of `len` bits' prefix inside `within` that overlaps none of `used`.
fn free_block(within: Cidr, len: u8, used: &[Cidr]) -> Option<Cidr> {
    if len < within.len || len > 32 {
        return None;
    }
    let size = 1u64 << (32 - u32::from(len));
    let align = |a: u64| a.div_ceil(size) * size;
    let mut starts: Vec<u64> = alloc::vec![u64::from(within.first())];
    starts.extend(used.iter().map(|u| align(u64::from(u.last()) + 1)));
    crate::sort::sort(&mut starts);
    starts.into_iter().find_map(|a| {
        let c = Cidr {
            addr: u32::try_from(a).ok()?,
            len,
        };
        (within.contains(c) && !used.iter().any(|u| u.overlaps(c))).then_some(c)
    })
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::rules::helpers::additions::{sibling_id, zone_mark};
    use alloc::string::String;

    let Some(&Entity::Vpc(vi)) = cx.ids.get(f.target.as_deref()?) else {
        return None;
    };
    let v = &cx.design.vpcs[vi];
    let r = cx.vpc_region.get(vi).copied().flatten()?;
    let within = v.cidr.as_ref()?.cidr?;
    // Every vSwitch's range must be known for the new ones to overlap none.
    let mut used: Vec<Cidr> = Vec::new();
    for s in &v.vswitches {
        used.push(s.cidr.as_ref()?.cidr?);
    }
    let in_region =
        |s: &crate::model::VSwitch| match s.zone.as_ref().and_then(|z| cx.ids.get(z.id.as_str())) {
            Some(&Entity::Zone(zr, zi)) if zr == r => Some(zi),
            _ => None,
        };
    let zi = v.vswitches.iter().find_map(in_region)?;
    let to = other_zones(cx, r, zi).first().copied()?;
    let Some(&Entity::Zone(_, ti)) = cx.ids.get(to) else {
        return None;
    };
    let (from_mark, to_mark) = (zone_mark(cx, r, zi), zone_mark(cx, r, ti));
    let mut taken: Vec<String> = Vec::new();
    let mut edits = Vec::new();
    let at = ptr_join(&v.ptr, "vswitches");
    for s in &v.vswitches {
        if in_region(s) != Some(zi) {
            continue;
        }
        let c = free_block(within, s.cidr.as_ref()?.cidr?.len, &used)?;
        used.push(c);
        let id = sibling_id(cx, &s.id, from_mark, to_mark, &taken);
        let mut m = alloc::vec![
            (String::from("id"), Json::str(&id)),
            (String::from("zone"), Json::str(to)),
            (String::from("cidr"), Json::Str(alloc::format!("{c}"))),
        ];
        if let Some(t) = s.tier {
            let t = match t {
                crate::model::Tier::Dmz => "dmz",
                crate::model::Tier::Management => "management",
                crate::model::Tier::Intranet => "intranet",
            };
            m.push((String::from("tier"), Json::str(t)));
        }
        edits.push(Edit::Push {
            array: at.clone(),
            value: Json::Obj(m),
        });
        taken.push(id);
    }
    let id = &v.id;
    let (en, zh) = (quoted(&taken, ", "), quoted(&taken, "、"));
    Some(Fix::unsafe_(
        text!(
            "add the vSwitches {en} to `{id}` in zone `{to}`",
            "在可用区 `{to}` 为 `{id}` 增加交换机 {zh}"
        ),
        edits,
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (vi, v) in cx.design.vpcs.iter().enumerate() {
        let Some(r) = cx.vpc_region.get(vi).copied().flatten() else {
            continue;
        };
        let mut zones: Vec<usize> = Vec::new();
        let mut switches = 0usize;
        for s in &v.vswitches {
            let Some(z) = &s.zone else { continue };
            if let Some(Entity::Zone(zr, zi)) = cx.ids.get(z.id.as_str()) {
                if *zr == r {
                    switches += 1;
                    if !zones.contains(zi) {
                        zones.push(*zi);
                    }
                }
            }
        }
        let [zi] = zones[..] else {
            continue;
        };
        let others = other_zones(cx, r, zi);
        if others.is_empty() {
            continue;
        }
        let id = &v.id;
        let zone = zone_name(cx, r, zi);
        let region = region_name(cx, r);
        let others_en = quoted(&others, ", ");
        let others_zh = quoted(&others, "、");
        out.report(
            Some(id),
            ptr_join(&v.ptr, "vswitches"),
            text!(
                "the {switches} vSwitch(es) of VPC `{id}` are all in zone `{zone}`, although region `{region}` also has {others_en}: no instance of this VPC can run in a second zone",
                "专有网络 `{id}` 的 {switches} 个虚拟交换机都在可用区 `{zone}`，而地域 `{region}` 还有 {others_zh}：这个专有网络中的实例无法部署到第二个可用区"
            ),
            text!(
                "for each vSwitch of `{id}` in `{zone}`, add one in another zone of `{region}` ({others_en}) and place half of the instances there",
                "对 `{id}` 位于 `{zone}` 的每个虚拟交换机，在 `{region}` 的另一个可用区（{others_zh}）对应新建一个，并把一半实例放到那里"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::index::Entity;
    use crate::rules::helpers::facts as h;
    if cx.design.vpcs.is_empty() {
        return f.not_applicable("no VPC", "没有专有网络");
    }
    let (mut regionless, mut zoneless) = (
        GapBuilder::new(&h::VPC_NO_REGION),
        GapBuilder::new(&h::VSWITCH_NO_ZONE),
    );
    for (vi, v) in cx.design.vpcs.iter().enumerate() {
        if cx.vpc_region[vi].is_none() {
            regionless.add(&v.id, &v.ptr);
            continue;
        }
        for s in &v.vswitches {
            let zone = s.zone.as_ref().and_then(|z| cx.ids.get(z.id.as_str()));
            if !matches!(zone, Some(Entity::Zone(..))) {
                zoneless.add(&s.id, &s.ptr);
            }
        }
    }
    f.push(regionless);
    f.push(zoneless);
}
