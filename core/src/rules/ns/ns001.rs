use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt::Write;

use super::tier_name;
use crate::cidr::{format_ipv4, Cidr};
use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Entity};
use crate::model::{ptr_join, Network, Profile, RegionRole, Tier};
use crate::rule::{Finding, Sink};
use crate::rules::helpers::additions::zone_mark;
use crate::rules::helpers::fix_parts::fresh_id_besides;
use crate::rules::helpers::{quoted, region_zones, zone_name};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// With `"profile": "high-security"`, every primary region must offer the three network
    /// tiers: among the vSwitches of the VPCs placed in the region there must be one of tier
    /// `dmz`, one of tier `management` and one of tier `intranet`. The missing tiers are named
    /// in one finding per region. A primary region on the classic network is reported as well:
    /// it has no vSwitches, so it cannot be split into tiers at all. A region whose network is
    /// not stated is checked only when a VPC is placed in it.
    ///
    /// ## Why
    /// A high-security design separates the machines that face the internet, the machines
    /// operators log in through and the machines that hold the business logic and data into
    /// different subnets, so that routing and security groups can isolate them from each
    /// other. Without one of the tiers, its machines end up mixed with another security level.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "profile": "high-security",
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [
    ///                 { "id": "vsw-dmz", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" },
    ///                 { "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" } ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "profile": "high-security",
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [
    ///                 { "id": "vsw-dmz", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" },
    ///                 { "id": "vsw-mgmt", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "management" },
    ///                 { "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" } ] } ] }
    /// ```
    ///
    /// ## Source
    /// In its VPC architecture chapter, the guide's design for financial customers with strict
    /// security management uses separate vSwitches for an internet (DMZ) zone, a management
    /// zone and an intranet zone, one per security level, isolated by the vSwitches' routing
    /// and by security groups.
    pub struct MissingTier {
        code: "NS001",
        name: "missing-tier",
        severity: Error,
        summary: (
            "A high-security primary region lacks a DMZ, management or intranet vSwitch",
            "高安全等级设计的主地域缺少互联网区（DMZ）、管理区或内网区交换机"
        ),
        zh: "## 检查内容\n\
当 `\"profile\": \"high-security\"` 时，每个主地域都必须具备三个网络分区：部署在该地域的专有网络的交换机中，必须分别有 `tier` 为 `dmz`、`management` 和 `intranet` 的交换机。每个地域报告一次，列出缺少的分区。使用经典网络的主地域同样会被报告：经典网络没有交换机，根本无法分区。未写明网络类型的地域，只有在其中部署了专有网络时才检查。\n\
\n\
## 原因\n\
高安全等级的设计要把面向互联网的服务器、运维人员登录所经过的服务器、承载业务逻辑和数据的服务器放在不同的子网中，以便通过路由和安全组相互隔离。缺少任何一个分区，该分区的服务器就会与其他安全等级的服务器混在一起。\n\
\n\
## 依据\n\
指南在专有网络架构一章中，为安全管理要求较高的金融客户推荐的设计是：按安全等级用不同的交换机划分出互联网区（DMZ）、管理区和内网区，并通过交换机路由和安全组相互隔离。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds to the VPC the finding names a vSwitch of each missing tier in every zone its vSwitches use, on free /24 blocks of its CIDR; a classic-network region, or one without a VPC, has none (it has to be built on a VPC first)",
            "不安全：在发现所指的专有网络中，为其交换机所用的每个可用区各添加一个缺少层级的交换机，网段取该专有网络中空闲的 /24；经典网络地域或没有专有网络的地域没有修复（需先建在专有网络上）"
        ),
        facts: facts,
    }
}

const TIERS: [Tier; 3] = [Tier::Dmz, Tier::Management, Tier::Intranet];

fn bit(t: Tier) -> u8 {
    match t {
        Tier::Dmz => 1,
        Tier::Management => 2,
        Tier::Intranet => 4,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    if d.profile != Profile::HighSecurity {
        return;
    }
    let nr = d.regions.len();
    let mut present = vec![0u8; nr];
    let mut vpcs: Vec<Vec<usize>> = vec![Vec::new(); nr];
    for (vi, v) in d.vpcs.iter().enumerate() {
        let Some(r) = cx.vpc_region.get(vi).copied().flatten() else {
            continue;
        };
        let (Some(mask), Some(list)) = (present.get_mut(r), vpcs.get_mut(r)) else {
            continue;
        };
        list.push(vi);
        for s in &v.vswitches {
            if let Some(t) = s.tier {
                *mask |= bit(t);
            }
        }
    }
    for (ri, region) in d.regions.iter().enumerate() {
        if region.role != RegionRole::Primary {
            continue;
        }
        let rid = &region.id;
        let in_region = vpcs.get(ri).map_or(&[][..], Vec::as_slice);
        match region.network {
            Some(Network::Classic) => {
                out.report(
                    Some(rid),
                    ptr_join(&region.ptr, "network"),
                    text!(
                        "primary region `{rid}` uses the classic network: without vSwitches it cannot be split into the DMZ, management and intranet tiers a high-security design requires",
                        "主地域 `{rid}` 使用经典网络：没有交换机，无法划分高安全等级设计要求的互联网区（DMZ）、管理区和内网区"
                    ),
                    text!(
                        "build region `{rid}` on a VPC (\"network\": \"vpc\") with vSwitches of tier \"dmz\", \"management\" and \"intranet\", or use \"profile\": \"standard\"",
                        "将地域 `{rid}` 改为专有网络（\"network\": \"vpc\"），并建立 tier 为 \"dmz\"、\"management\"、\"intranet\" 的交换机；或改用 \"profile\": \"standard\""
                    ),
                );
                continue;
            }
            Some(Network::Vpc) => {}
            None if in_region.is_empty() => continue,
            None => {}
        }
        let mask = present.get(ri).copied().unwrap_or(0);
        let mut missing: Vec<&str> = Vec::new();
        for t in TIERS {
            if mask & bit(t) == 0 {
                missing.push(tier_name(t));
            }
        }
        if missing.is_empty() {
            continue;
        }
        let list_en = quoted(&missing, ", ");
        let list_zh = quoted(&missing, "、");
        let mut json_list = String::new();
        for (k, t) in missing.iter().enumerate() {
            if k > 0 {
                json_list.push_str(", ");
            }
            let _ = write!(json_list, "\"tier\": \"{t}\"");
        }
        match in_region {
            [] => out.report(
                Some(rid),
                region.ptr.as_str(),
                text!(
                    "primary region `{rid}` has no VPC, so it has no vSwitch of tier {list_en}",
                    "主地域 `{rid}` 没有专有网络，因此没有 tier 为 {list_zh} 的交换机"
                ),
                text!(
                    "add a VPC in region `{rid}` with vSwitches marked {json_list}",
                    "在地域 `{rid}` 中建立专有网络，并添加标注为 {json_list} 的交换机"
                ),
            ),
            [only] => {
                let Some(v) = d.vpcs.get(*only) else { continue };
                let vid = &v.id;
                out.report(
                    Some(vid),
                    v.ptr.as_str(),
                    text!(
                        "VPC `{vid}` of primary region `{rid}` has no vSwitch of tier {list_en}: a high-security design separates the DMZ, management and intranet tiers",
                        "主地域 `{rid}` 的专有网络 `{vid}` 没有 tier 为 {list_zh} 的交换机：高安全等级设计需要分开互联网区（DMZ）、管理区和内网区"
                    ),
                    text!(
                        "add to VPC `{vid}` vSwitches marked {json_list} (one per zone) and place the instances of that security level in them",
                        "在专有网络 `{vid}` 中添加标注为 {json_list} 的交换机（每个可用区一个），并把相应安全等级的实例放入其中"
                    ),
                );
            }
            [first, ..] => {
                let Some(v) = d.vpcs.get(*first) else {
                    continue;
                };
                let vid = &v.id;
                let n = in_region.len();
                out.report(
                    Some(vid),
                    v.ptr.as_str(),
                    text!(
                        "none of the {n} VPCs of primary region `{rid}` has a vSwitch of tier {list_en}: a high-security design separates the DMZ, management and intranet tiers",
                        "主地域 `{rid}` 的 {n} 个专有网络中都没有 tier 为 {list_zh} 的交换机：高安全等级设计需要分开互联网区（DMZ）、管理区和内网区"
                    ),
                    text!(
                        "add vSwitches marked {json_list} to a VPC of region `{rid}`, such as `{vid}`, and place the instances of that security level in them",
                        "在地域 `{rid}` 的专有网络（例如 `{vid}`）中添加标注为 {json_list} 的交换机，并把相应安全等级的实例放入其中"
                    ),
                );
            }
        }
    }
}

/// The first block inside `vpc` that overlaps none of `used`: a /24 (or, in a VPC of /24 or
/// narrower, the widest block below the VPC's own size), the lowest address first.
fn free_block(vpc: Cidr, used: &[Cidr]) -> Option<Cidr> {
    for len in vpc.len.saturating_add(1).max(24)..=29 {
        let step = 1u64 << (32 - u32::from(len));
        let mut a = u64::from(vpc.first());
        while a + step - 1 <= u64::from(vpc.last()) {
            let c = Cidr {
                addr: a as u32,
                len,
            };
            if !used.iter().any(|u| u.overlaps(c)) {
                return Some(c);
            }
            a += step;
        }
    }
    None
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let d = cx.design;
    // The finding names the VPC to complete (a region is named when there is none, or when it
    // is on the classic network: it has to be built on a VPC first).
    let Some(&Entity::Vpc(v)) = cx.ids.get(f.target.as_deref()?) else {
        return None;
    };
    let vpc = &d.vpcs[v];
    let r = cx.vpc_region[v]?;
    let mut mask = 0u8;
    for (vi, other) in d.vpcs.iter().enumerate() {
        if cx.vpc_region[vi] == Some(r) {
            for s in &other.vswitches {
                mask |= s.tier.map_or(0, bit);
            }
        }
    }
    // A vSwitch of each missing tier in every zone of the region the VPC's vSwitches use (in
    // the region's order), or in the region's first zone when it has none.
    let all = region_zones(cx, r);
    let mut zones: Vec<usize> = Vec::new();
    for &zi in &all {
        let name = zone_name(cx, r, zi);
        if vpc
            .vswitches
            .iter()
            .any(|s| s.zone.as_ref().is_some_and(|z| z.id == name))
        {
            zones.push(zi);
        }
    }
    if zones.is_empty() {
        zones.extend(all.first());
    }
    let mut used: Vec<Cidr> = vpc
        .vswitches
        .iter()
        .filter_map(|s| s.cidr.as_ref()?.cidr)
        .collect();
    let vpc_cidr = vpc.cidr.as_ref()?.cidr?;
    let mut ids: Vec<String> = Vec::new();
    let mut edits = Vec::new();
    let (mut en, mut zh) = (String::new(), String::new());
    for t in TIERS.into_iter().filter(|&t| mask & bit(t) == 0) {
        let tier = tier_name(t);
        for &zi in &zones {
            let block = free_block(vpc_cidr, &used)?;
            used.push(block);
            let cidr = alloc::format!("{}/{}", format_ipv4(block.addr), block.len);
            let stem = alloc::format!("vsw-{tier}-{}", zone_mark(cx, r, zi));
            let also: Vec<&str> = ids.iter().map(String::as_str).collect();
            let id = fresh_id_besides(cx, &stem, &also);
            let zone = zone_name(cx, r, zi);
            if !ids.is_empty() {
                en.push_str(", ");
                zh.push('、');
            }
            let _ = write!(en, "`{id}` ({tier}, zone `{zone}`, {cidr})");
            let _ = write!(zh, "`{id}`（{tier}，可用区 `{zone}`，{cidr}）");
            edits.push(Edit::Push {
                array: crate::model::ptr_join(&vpc.ptr, "vswitches"),
                value: Json::obj([
                    ("id", Json::str(&id)),
                    ("zone", Json::str(zone)),
                    ("cidr", Json::Str(cidr)),
                    ("tier", Json::str(tier)),
                ]),
            });
            ids.push(id);
        }
    }
    if edits.is_empty() {
        return None;
    }
    let vid = &vpc.id;
    Some(Fix::unsafe_(
        text!(
            "add to VPC `{vid}` the vSwitches {en}",
            "在专有网络 `{vid}` 中添加交换机 {zh}"
        ),
        edits,
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    if !h::high_security(cx, f) {
        return;
    }

    use crate::model::RegionRole;
    let mut vpcs = GapBuilder::new(&h::VPC_NO_REGION);
    for (vi, v) in cx.design.vpcs.iter().enumerate() {
        if cx.vpc_region[vi].is_none() {
            vpcs.add(&v.id, &v.ptr);
        }
    }
    let mut regions = GapBuilder::new(&h::REGION_NO_NETWORK);
    for (r, region) in cx.design.regions.iter().enumerate() {
        if region.role == RegionRole::Primary && cx.region_network(r).is_none() {
            regions.add(&region.id, &region.ptr);
        }
    }
    f.push(regions);
    f.push(vpcs);
}
