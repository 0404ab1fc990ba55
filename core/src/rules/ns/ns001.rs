use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt::Write;

use super::tier_name;
use crate::index::Ctx;
use crate::model::{ptr_join, Network, Profile, RegionRole, Tier};
use crate::rule::Sink;
use crate::rules::helpers::quoted;
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
