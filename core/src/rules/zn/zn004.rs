use alloc::vec::Vec;

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
    }
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
