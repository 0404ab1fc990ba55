use crate::ordmap::OrdSet;
use alloc::string::String;
use alloc::vec::Vec;

use crate::fix::{Edit, Fix};
use crate::index::Ctx;
use crate::rule::{Finding, Sink};
use crate::rules::helpers::additions::{ecs_like, place_like, sibling_id, zone_mark};
use crate::rules::helpers::{format_ids, quoted, zone_name};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the production ECS are spread over two or more zones, the bastions must not all sit
    /// in a single zone. Only checked when every bastion's zone is known (from its `zone`, or
    /// from the zone of its `vswitch`).
    ///
    /// ## Why
    /// Zones are separate data centres. If the only bastions are in the zone that fails, the
    /// servers that survive in the other zone can no longer be managed, exactly when operators
    /// need to reach them most.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-b1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-c1", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-b1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-c1", "kind": "ecs", "module": "web", "zone": "hz-c" },
    ///              { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" },
    ///              { "id": "bastion-c", "kind": "ecs", "role": "bastion", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// The key points of the recommended architecture (section "Using the financial cloud
    /// products", repeated in step 2 of "Building the recommended architecture" for ECS) call
    /// for one small ECS (1 vCPU, 1 GB) in each of the two zones, used as bastions.
    pub struct BastionInOneZone {
        code: "BH002",
        name: "bastion-in-one-zone",
        severity: Warning,
        summary: ("All bastions are in one zone", "所有堡垒机都在同一个可用区"),
        zh: "## 检查内容\n\
生产 ECS 分布在两个及以上可用区时，堡垒机不能全部位于同一个可用区。仅当每台堡垒机的可用区都已知（来自 `zone`，或其 `vswitch` 所在的可用区）时才检查。\n\
\n\
## 原因\n\
可用区是相互独立的机房。如果堡垒机全部位于发生故障的那个可用区，另一个可用区中幸存的服务器就无法再被管理，而这正是运维人员最需要登录的时候。\n\
\n\
## 依据\n\
指南“使用金融云产品”一节的推荐架构要点（以及 ECS 章节“搭建金融云推荐架构”第 2 步）要求在两个可用区各购买一台低配置（1 核 1 GB）的 ECS，用作堡垒机。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds, in each zone of the production ECS that has no bastion, a bastion like the first one the SSL VPN reaches (size, operating system, security groups; in a VPC, a vSwitch of the same tier)",
            "不安全：在每个有生产 ECS 却没有堡垒机的可用区，增加一台与 SSL VPN 可达的第一台堡垒机相同的堡垒机（规格、操作系统、安全组；专有网络中放在同一层级的交换机）"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, _: &Finding) -> Option<Fix> {
    // The model: the first bastion the VPN reaches (a copy of one it does not reach would be
    // unreachable too).
    let model = cx
        .bastions
        .iter()
        .copied()
        .find(|&b| super::bh006::bastion_reachable(cx, b))?;
    let (r, zb) = cx.node_zone[model]?;
    let mut taken: Vec<String> = Vec::new();
    let mut edits = Vec::new();
    let mut zones: Vec<&str> = Vec::new();
    for (i, z) in cx.node_zone.iter().enumerate() {
        let Some((zr, zi)) = *z else { continue };
        if !cx.production[i] || zr != r || zi == zb || zones.contains(&zone_name(cx, r, zi)) {
            continue;
        }
        let Some(place) = place_like(cx, model, r, zi) else {
            continue;
        };
        let id = sibling_id(
            cx,
            &cx.node(model).id,
            zone_mark(cx, r, zb),
            zone_mark(cx, r, zi),
            &taken,
        );
        edits.push(Edit::Push {
            array: String::from("/nodes"),
            value: ecs_like(cx, model, &id, &place),
        });
        taken.push(id);
        zones.push(zone_name(cx, r, zi));
    }
    if taken.is_empty() {
        return None;
    }
    let like = &cx.node(model).id;
    let (en, zh) = (quoted(&taken, ", "), quoted(&taken, "、"));
    let (zen, zzh) = (quoted(&zones, ", "), quoted(&zones, "、"));
    let title = if taken.len() == 1 {
        text!(
            "add the bastion {en}, like `{like}`, in zone {zen}",
            "仿照 `{like}` 在可用区 {zzh} 增加堡垒机 {zh}"
        )
    } else {
        text!(
            "add the bastions {en}, like `{like}`, in the zones {zen}",
            "仿照 `{like}` 在可用区 {zzh} 各增加一台堡垒机：{zh}"
        )
    };
    Some(Fix::unsafe_(title, edits))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let Some(&first) = cx.bastions.first() else {
        return;
    };
    let mut bastion_zones: OrdSet<(usize, usize)> = OrdSet::new();
    for &b in &cx.bastions {
        match cx.node_zone[b] {
            Some(z) => {
                bastion_zones.add(z);
            }
            None => return, // a bastion whose zone is unknown may be in another zone
        }
    }
    let (1, Some(zone)) = (bastion_zones.len(), bastion_zones.keys().next()) else {
        return;
    };
    let mut prod_zones: Vec<(usize, usize)> = Vec::new();
    let mut seen: OrdSet<(usize, usize)> = OrdSet::new();
    for (i, z) in cx.node_zone.iter().enumerate() {
        if let (true, Some(z)) = (cx.production[i], z) {
            if seen.add(*z) {
                prod_zones.push(*z);
            }
        }
    }
    if prod_zones.len() < 2 {
        return;
    }
    let zid = |(r, z): (usize, usize)| cx.design.regions[r].zones[z].id.as_str();
    let zone_id = zid(zone);
    let other = prod_zones
        .iter()
        .copied()
        .find(|z| *z != zone)
        .map_or("", zid);
    let n = cx.bastions.len();
    let m = prod_zones.len();
    let bastions = format_ids(cx.bastions.iter().map(|&b| cx.node(b).id.as_str()));
    let zones = format_ids(prod_zones.iter().map(|&z| zid(z)));
    let nd = cx.node(first);
    let ptr = nd
        .zone
        .as_ref()
        .or(nd.vswitch.as_ref())
        .map_or(nd.ptr.as_str(), |r| r.ptr.as_str());
    let msg = if n == 1 {
        text!(
            "the only bastion, {bastions}, is in zone `{zone_id}`, while the production ECS use {m} zones ({zones})",
            "唯一的堡垒机 {bastions} 位于可用区 `{zone_id}`，而生产 ECS 分布在 {m} 个可用区（{zones}）"
        )
    } else {
        text!(
            "all {n} bastions ({bastions}) are in zone `{zone_id}`, while the production ECS use {m} zones ({zones})",
            "全部 {n} 台堡垒机（{bastions}）都在可用区 `{zone_id}`，而生产 ECS 分布在 {m} 个可用区（{zones}）"
        )
    };
    out.report(
        None,
        ptr,
        msg,
        text!(
            "add a bastion in zone `{other}` so that the servers there can still be managed when zone `{zone_id}` fails",
            "在可用区 `{other}` 再部署一台堡垒机，这样 `{zone_id}` 故障时仍能管理那里的服务器"
        ),
    );
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    if cx.bastions.is_empty() {
        return f.not_applicable("no bastion", "没有堡垒机");
    }
    h::unplaced(cx, f);
    let mut g = GapBuilder::new(&h::NO_ZONE);
    for &b in &cx.bastions {
        let n = cx.node(b);
        if cx.node_zone[b].is_none() && !n.external {
            g.add(&n.id, &n.ptr);
        }
    }
    let prod: alloc::vec::Vec<usize> = (0..cx.design.nodes.len())
        .filter(|&i| cx.production[i])
        .collect();
    h::zoneless(cx, &prod, &mut g);
    f.push(g);
}
