use crate::index::{Ctx, Entity};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A vSwitch that does not fit its VPC: its `cidr` is not wholly inside the VPC's `cidr`, or
    /// its `zone` is a zone of another region than the VPC's. Each of the two is reported on its
    /// own field. Nothing is reported when a CIDR, the zone or the VPC's region is not known.
    ///
    /// ## Why
    /// A vSwitch is a subnet of its VPC: its addresses are carved out of the VPC's block, and it
    /// lives in one availability zone of the VPC's region. A block outside the VPC or a zone of
    /// another region cannot be created, and the instances planned in it would get neither the
    /// addresses nor the zone the design assumes.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "10.0.0.0/16",
    ///               "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "10.0.0.0/16",
    ///               "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "10.0.0.0/24" } ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's VPC walkthrough ("create the vSwitch" step) picks an availability zone of the
    /// VPC's region for the vSwitch and fills in a subnet of the VPC's block as its address
    /// range (192.168.0.0/25 inside 192.168.0.0/16 in its example).
    pub struct VswitchOutsideVpc {
        code: "NS006",
        name: "vswitch-outside-vpc",
        severity: Error,
        summary: (
            "A vSwitch lies outside its VPC's CIDR or region",
            "交换机超出了所属专有网络的网段或地域"
        ),
        zh: "## 检查内容\n\
与所属专有网络不匹配的交换机：它的 `cidr` 没有完全落在专有网络的 `cidr` 之内，或者它的 `zone` 属于专有网络所在地域以外的地域。两种情况分别在对应字段上报告。网段、可用区或专有网络所在地域未知时不报告。\n\
\n\
## 原因\n\
交换机是专有网络的子网：它的地址从专有网络的网段中划分，并位于专有网络所在地域的某个可用区。超出专有网络网段的地址或其他地域的可用区都无法创建，计划放在其中的实例也得不到设计所设想的地址和可用区。\n\
\n\
## 依据\n\
指南的专有网络操作示例在“创建交换机”一步中，为交换机选择专有网络所在地域的可用区，并填写专有网络网段的一个子网（示例中是 192.168.0.0/16 之内的 192.168.0.0/25）。",
        check: check,
        fix_note: (
            "none: which subnet of the VPC, or which zone of its region, the vSwitch takes is the network plan's choice",
            "无：交换机改用专有网络的哪个子网、或其地域的哪个可用区，由网络规划决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for (vi, v) in d.vpcs.iter().enumerate() {
        let vid = &v.id;
        let vpc_cidr = v.cidr.as_ref().and_then(|a| a.cidr.map(|c| (a, c)));
        let vpc_region = cx.vpc_region.get(vi).copied().flatten();
        for sw in &v.vswitches {
            let sid = &sw.id;
            if let (Some((va, vc)), Some(sa)) = (vpc_cidr, &sw.cidr) {
                if let Some(sc) = sa.cidr {
                    if !vc.contains(sc) {
                        let (scidr, vcidr) = (&sa.text, &va.text);
                        out.report(
                            Some(sid),
                            sa.ptr.as_str(),
                            text!(
                                "vSwitch `{sid}` has CIDR {scidr}, which is not inside {vcidr}, the CIDR of its VPC `{vid}`",
                                "交换机 `{sid}` 的网段 {scidr} 不在所属专有网络 `{vid}` 的网段 {vcidr} 之内"
                            ),
                            text!(
                                "give `{sid}` a subnet of {vcidr}",
                                "为 `{sid}` 选择 {vcidr} 的一个子网"
                            ),
                        );
                    }
                }
            }
            let (Some(r), Some(z)) = (vpc_region, &sw.zone) else {
                continue;
            };
            let Some(Entity::Zone(zr, _)) = cx.ids.get(z.id.as_str()).copied() else {
                continue;
            };
            if zr == r {
                continue;
            }
            let (Some(region), Some(other)) = (d.regions.get(r), d.regions.get(zr)) else {
                continue;
            };
            let (zid, rid, oid) = (&z.id, &region.id, &other.id);
            out.report(
                Some(sid),
                z.ptr.as_str(),
                text!(
                    "vSwitch `{sid}` is in zone `{zid}` of region `{oid}`, but its VPC `{vid}` is in region `{rid}`",
                    "交换机 `{sid}` 位于地域 `{oid}` 的可用区 `{zid}`，但所属专有网络 `{vid}` 位于地域 `{rid}`"
                ),
                text!(
                    "choose a zone of region `{rid}` for `{sid}`, or create the vSwitch in a VPC of region `{oid}`",
                    "为 `{sid}` 选择地域 `{rid}` 中的可用区，或者把这个交换机建在地域 `{oid}` 的专有网络中"
                ),
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::index::Entity;
    use crate::rules::helpers::facts as h;
    let (mut vpc_cidr, mut vpc_region) = (
        GapBuilder::new(&h::VPC_NO_CIDR),
        GapBuilder::new(&h::VPC_NO_REGION),
    );
    let (mut sw_cidr, mut sw_zone) = (
        GapBuilder::new(&h::VSWITCH_NO_CIDR),
        GapBuilder::new(&h::VSWITCH_NO_ZONE),
    );
    let mut any = false;
    for (vi, v) in cx.design.vpcs.iter().enumerate() {
        if v.vswitches.is_empty() {
            continue;
        }
        any = true;
        if v.cidr.is_none() {
            vpc_cidr.add(&v.id, &v.ptr);
        }
        if cx.vpc_region[vi].is_none() {
            vpc_region.add(&v.id, &v.ptr);
        }
        for s in &v.vswitches {
            if s.cidr.is_none() {
                sw_cidr.add(&s.id, &s.ptr);
            }
            let zone = s.zone.as_ref().and_then(|z| cx.ids.get(z.id.as_str()));
            if !matches!(zone, Some(Entity::Zone(..))) {
                sw_zone.add(&s.id, &s.ptr);
            }
        }
    }
    f.push(vpc_cidr);
    f.push(vpc_region);
    f.push(sw_cidr);
    f.push(sw_zone);
    if !any {
        f.not_applicable("no vSwitch", "没有交换机");
    }
}
