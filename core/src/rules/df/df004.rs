use crate::ordmap::{OrdMap, OrdSet};

use super::show;
use crate::index::{Ctx, Entity};
use crate::model::{ptr_join, Network, Node, NodeKind};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every node has the placement its kind needs:
    /// - an ECS gives `zone` (classic region) or `vswitch` (VPC region);
    /// - an `slb`, `rds`, `oss`, `vpn`, `leased_line` or `apigw` gives `region`;
    /// - a `nat` gives `region` or `vswitch`.
    ///
    /// And an ECS's placement fits its region's network: no `zone` alone in a region with
    /// `network: "vpc"`, no `vswitch` in a region with `network: "classic"` (the vSwitch's VPC's
    /// region), and when both `zone` and `vswitch` are given they name the same zone. A field
    /// that is present but invalid is reported by DF005 or DF001 instead; a region whose
    /// network is not stated is not judged.
    ///
    /// ## Why
    /// Placement is what the zone, region and network rules reason about: a node without one
    /// is left out of every high-availability and segmentation check. A classic region has no
    /// subnets, so an instance in a vSwitch there cannot exist; in a VPC region an instance
    /// always sits in a vSwitch, whose zone decides the instance's.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's VPC walkthrough explains that the Hangzhou and Qingdao financial-cloud
    /// regions use the classic network, where the system hands addresses to products directly,
    /// while Shenzhen offers VPC; there an ECS is bought by choosing the region, the zone, the
    /// network type "VPC", the VPC and the vSwitch ("Creating an ECS instance"). For the
    /// classic network, "Opening an ECS" has the buyer choose the region and the zone (a
    /// physical machine room).
    pub struct MissingPlacement {
        code: "DF004",
        name: "missing-placement",
        severity: Error,
        summary: (
            "A node lacks the placement its kind needs, or it does not fit the region's network",
            "节点缺少其类型所需的位置信息，或与地域的网络类型不符"
        ),
        zh: "## 检查内容\n\
每个节点都要给出其类型所需的位置信息：\n\
- ECS 给出 `zone`（经典网络地域）或 `vswitch`（专有网络地域）；\n\
- `slb`、`rds`、`oss`、`vpn`、`leased_line`、`apigw` 给出 `region`；\n\
- `nat` 给出 `region` 或 `vswitch`。\n\
\n\
并且 ECS 的位置要与地域的网络类型相符：`network: \"vpc\"` 的地域中不能只写 `zone`；`network: \"classic\"` 的地域中（以交换机所属 VPC 的地域为准）不能写 `vswitch`；同时给出 `zone` 和 `vswitch` 时二者须指向同一个可用区。字段存在但取值无效的情况由 DF005 或 DF001 报告；未写明网络类型的地域不作判断。\n\
\n\
## 原因\n\
可用区、地域和网络类规则都依据位置信息进行分析：没有位置的节点会被所有高可用和分区检查遗漏。经典网络没有子网，其中不可能存在位于交换机中的实例；专有网络中的实例总是位于某个交换机中，由交换机决定其可用区。\n\
\n\
## 依据\n\
指南的 VPC 示例提到：杭州和青岛两个金融云地域是经典网络，地址由系统直接分给各云产品；深圳地域提供 VPC，在那里购买 ECS 要依次选定地域、可用区、网络类型“专有网络”、VPC 和交换机（“创建ECS实例”）。经典网络下，“开通ECS”一节让购买者选择地域和可用区（可用区即物理机房）。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: gives a regional node the design's only region, and drops the `zone` of an ECS whose vSwitch is in another zone (the vSwitch decides it); where an ECS goes otherwise is a choice",
            "安全：为区域级节点填上设计中唯一的地域；ECS 的 `zone` 与其交换机所在可用区不一致时删除 `zone`（由交换机决定）；其他情况下 ECS 放在哪里需要自行选择"
        ),
        facts: none,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    // Fields present but invalid are someone else's finding.
    let mut troubled: OrdSet<&str> = OrdSet::new();
    for p in &d.problems {
        troubled.add(p.ptr.as_str());
    }
    let present = |n: &Node, f: &str| troubled.contains_str(ptr_join(&n.ptr, f).as_str());
    // Zone id → the first vSwitch in it, for help texts.
    let mut vswitch_in_zone: Option<OrdMap<&str, &str>> = None;
    for (i, n) in d.nodes.iter().enumerate() {
        let Some(kind) = n.kind else { continue };
        if n.external {
            // Declared elsewhere: its placement is not this design's to give.
            continue;
        }
        let id = show(&n.id);
        let target = Some(n.id.as_str()).filter(|s| !s.is_empty());
        match kind {
            NodeKind::Ecs => {
                if n.zone.is_none()
                    && n.vswitch.is_none()
                    && !present(n, "zone")
                    && !present(n, "vswitch")
                {
                    out.report(
                        target,
                        n.ptr.as_str(),
                        text!(
                            "ECS `{id}` has no placement: neither \"zone\" nor \"vswitch\" is given",
                            "ECS `{id}` 没有位置信息：既没有 \"zone\" 也没有 \"vswitch\""
                        ),
                        text!(
                            "give \"zone\" in a classic-network region, or \"vswitch\" in a VPC region",
                            "经典网络地域请写 \"zone\"，专有网络地域请写 \"vswitch\""
                        ),
                    );
                    continue;
                }
                check_ecs_network(cx, i, n, out, &mut vswitch_in_zone);
            }
            NodeKind::Nat => {
                let placed = n.region.is_some()
                    || n.vswitch.is_some()
                    || present(n, "region")
                    || present(n, "vswitch");
                if !placed {
                    out.report(
                        target,
                        n.ptr.as_str(),
                        text!(
                            "NAT `{id}` has no placement: neither \"region\" nor \"vswitch\" is given",
                            "NAT `{id}` 没有位置信息：既没有 \"region\" 也没有 \"vswitch\""
                        ),
                        text!(
                            "give the \"region\" (or, in a VPC region, the \"vswitch\") the NAT is opened in",
                            "请写出 NAT 所在的 \"region\"（专有网络地域也可写 \"vswitch\"）"
                        ),
                    );
                }
            }
            k if k.is_regional() => {
                let placed = n.region.is_some() || present(n, "region");
                if !placed {
                    let kind = k.name();
                    out.report(
                        target,
                        n.ptr.as_str(),
                        text!(
                            "{kind} node `{id}` has no \"region\"",
                            "{kind} 节点 `{id}` 没有 \"region\""
                        ),
                        text!(
                            "give the \"region\" this {kind} is opened in",
                            "请写出该 {kind} 所在的 \"region\""
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

/// An ECS's `zone` / `vswitch` against its region's network, and against each other.
fn check_ecs_network<'a>(
    cx: &Ctx<'a>,
    i: usize,
    n: &Node,
    out: &mut Sink,
    vswitch_in_zone: &mut Option<OrdMap<&'a str, &'a str>>,
) {
    let d = cx.design;
    let id = show(&n.id);
    let target = Some(n.id.as_str()).filter(|s| !s.is_empty());
    let zone = n
        .zone
        .as_ref()
        .and_then(|z| match cx.ids.get(z.id.as_str()) {
            Some(Entity::Zone(r, zi)) => Some((z, *r, *zi)),
            _ => None,
        });
    let vsw = cx.node_vswitch.get(i).copied().flatten();
    // `vswitch` in a classic region.
    if let (Some(vr), Some(sref)) = (vsw, &n.vswitch) {
        let (v, _) = vr;
        if let Some(r) = cx.vpc_region.get(v).copied().flatten() {
            if cx.region_network(r) == Some(Network::Classic) {
                let (sw, vpc) = (show(&sref.id), show(&d.vpcs[v].id));
                let region = show(&d.regions[r].id);
                out.report(
                    target,
                    sref.ptr.as_str(),
                    text!(
                        "ECS `{id}` is placed in vSwitch `{sw}` of VPC `{vpc}`, but region `{region}` uses the classic network, which has no vSwitches",
                        "ECS `{id}` 位于 VPC `{vpc}` 的交换机 `{sw}` 中，但地域 `{region}` 使用经典网络，没有交换机"
                    ),
                    text!(
                        "in a classic region place the ECS with \"zone\"; if `{region}` is a VPC region, set its \"network\" to \"vpc\"",
                        "经典网络地域中请用 \"zone\" 指定 ECS 位置；如果 `{region}` 其实是专有网络地域，请把其 \"network\" 改为 \"vpc\""
                    ),
                );
            }
        }
    }
    let Some((zref, zr, zi)) = zone else { return };
    let zone_id = show(&zref.id);
    match (vsw, &n.vswitch) {
        // Both given: they must agree.
        (Some((v, s)), Some(sref)) => {
            let sz = d.vpcs[v].vswitches[s].zone.as_ref().and_then(|z| {
                match cx.ids.get(z.id.as_str()) {
                    Some(Entity::Zone(r2, z2)) => Some((z, *r2, *z2)),
                    _ => None,
                }
            });
            if let Some((sz, r2, z2)) = sz {
                if (r2, z2) != (zr, zi) {
                    let (sw, other) = (show(&sref.id), show(&sz.id));
                    out.report(
                        target,
                        zref.ptr.as_str(),
                        text!(
                            "ECS `{id}` names zone `{zone_id}`, but its vSwitch `{sw}` is in zone `{other}`",
                            "ECS `{id}` 写的可用区是 `{zone_id}`，但其交换机 `{sw}` 位于可用区 `{other}`"
                        ),
                        text!(
                            "remove \"zone\" (the vSwitch decides it), or choose a vSwitch of zone `{zone_id}`",
                            "删除 \"zone\"（可用区由交换机决定），或改选可用区 `{zone_id}` 中的交换机"
                        ),
                    );
                }
            }
        }
        // `zone` alone in a VPC region.
        (_, None) => {
            if cx.region_network(zr) != Some(Network::Vpc) {
                return;
            }
            let region = show(&d.regions[zr].id);
            let map = vswitch_in_zone.get_or_insert_with(|| {
                let mut m = OrdMap::new();
                for v in &d.vpcs {
                    for s in &v.vswitches {
                        if let Some(z) = &s.zone {
                            if !s.id.is_empty() {
                                m.or_insert(z.id.as_str(), s.id.as_str());
                            }
                        }
                    }
                }
                m
            });
            let help = match map.get_str(zref.id.as_str()) {
                Some(s) => {
                    let s = show(s);
                    text!(
                        "replace \"zone\" with a \"vswitch\" of zone `{zone_id}`, e.g. \"vswitch\": \"{s}\"",
                        "请把 \"zone\" 换成可用区 `{zone_id}` 中的 \"vswitch\"，例如 \"vswitch\": \"{s}\""
                    )
                }
                None => text!(
                    "create a vSwitch in zone `{zone_id}` and place the ECS in it with \"vswitch\" instead of \"zone\"",
                    "请在可用区 `{zone_id}` 中创建交换机，并用 \"vswitch\" 代替 \"zone\" 指定 ECS 位置"
                ),
            };
            out.report(
                target,
                zref.ptr.as_str(),
                text!(
                    "ECS `{id}` is placed with \"zone\" in region `{region}`, whose network is VPC: an instance there sits in a vSwitch",
                    "ECS `{id}` 用 \"zone\" 放在地域 `{region}` 中，但该地域是专有网络，实例必须位于交换机中"
                ),
                help,
            );
        }
        // A `vswitch` that does not resolve: DF001's finding.
        (None, Some(_)) => {}
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let i = cx.node_index(f.target.as_deref()?)?;
    let n = cx.node(i);
    let id = show(&n.id);
    // A regional node without a region, in a design of one region.
    if n.kind().is_regional() {
        if f.pointer != n.ptr || n.region.is_some() || n.vswitch.is_some() {
            return None;
        }
        let [region] = &cx.design.regions[..] else {
            return None;
        };
        if cx.region_index(&region.id) != Some(0) {
            return None;
        }
        let r = show(&region.id);
        return Some(Fix::safe(
            text!(
                "place `{id}` in region `{r}`, the design's only region",
                "把 `{id}` 放在设计中唯一的地域 `{r}`"
            ),
            alloc::vec![Edit::Set {
                at: ptr_join(&n.ptr, "region"),
                value: Json::str(&region.id),
            }],
        ));
    }
    // An ECS whose `zone` disagrees with its vSwitch's: the vSwitch decides (as it already does
    // for every other rule), so the `zone` goes.
    let z = n.zone.as_ref()?;
    if !n.is(NodeKind::Ecs) || f.pointer != z.ptr {
        return None;
    }
    let (v, s) = cx.node_vswitch[i]?;
    let sw = &cx.design.vpcs[v].vswitches[s];
    let sz = sw.zone.as_ref()?;
    if sz.id == z.id || !matches!(cx.ids.get(sz.id.as_str()), Some(Entity::Zone(..))) {
        return None;
    }
    let (zone, other, sw) = (show(&z.id), show(&sz.id), show(&sw.id));
    Some(Fix::safe(
        text!(
            "remove \"zone\": \"{zone}\" from `{id}`: its vSwitch `{sw}` puts it in `{other}`",
            "删除 `{id}` 的 \"zone\": \"{zone}\"：其交换机 `{sw}` 决定它位于 `{other}`"
        ),
        alloc::vec![Edit::Remove {
            at: ptr_join(&n.ptr, "zone"),
        }],
    ))
}
