use super::{placement, tier_vswitch};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, Profile, Tier};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// With `"profile": "high-security"`, every bastion (an ECS with `"role": "bastion"`) must be
    /// in a vSwitch of tier `management`. A bastion in a vSwitch of another tier or without a
    /// `tier` (an untiered vSwitch is in no tier, so not the management tier), or in a
    /// classic-network region (which has no tiers), is reported.
    ///
    /// ## Why
    /// Operators enter the system through the management tier: the VPN lands there and the
    /// bastions there are the only machines allowed to open management sessions to the other
    /// tiers. A bastion placed among the DMZ or intranet machines mixes the operators' entry
    /// point with the business traffic and breaks that boundary.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "profile": "high-security",
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [
    ///                 { "id": "vsw-mgmt", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "management" },
    ///                 { "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" } ] } ],
    ///   "nodes": [ { "id": "bastion-a", "kind": "ecs", "role": "bastion", "vswitch": "vsw-app" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "profile": "high-security",
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [
    ///                 { "id": "vsw-mgmt", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "management" },
    ///                 { "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" } ] } ],
    ///   "nodes": [ { "id": "bastion-a", "kind": "ecs", "role": "bastion", "vswitch": "vsw-mgmt" } ] }
    /// ```
    ///
    /// ## Source
    /// In the guide's high-security design for financial customers (VPC architecture chapter),
    /// the VPN and the jump servers are installed in the management zone.
    pub struct ManagementOutsideManagementTier {
        code: "NS003",
        name: "management-outside-management-tier",
        severity: Warning,
        summary: (
            "In a high-security design, a bastion is not in the management tier",
            "高安全等级设计中，堡垒机不在管理区"
        ),
        zh: "## 检查内容\n\
当 `\"profile\": \"high-security\"` 时，每台堡垒机（`\"role\": \"bastion\"` 的 ECS）都必须位于 `management` 层级的交换机中。位于其他层级或未写 `tier` 的交换机中的堡垒机（未设置层级的交换机不属于任何层级，因此不是管理区），或位于经典网络地域（没有分区）的堡垒机，都会被报告。\n\
\n\
## 原因\n\
运维人员通过管理区进入系统：VPN 接入管理区，管理区的堡垒机是唯一可以向其他分区发起运维登录的机器。把堡垒机放在互联网区或内网区的服务器中间，会让运维入口与业务流量混在一起，破坏这条边界。\n\
\n\
## 依据\n\
指南在专有网络架构一章中为高安全要求的金融客户推荐的设计方案里，VPN 与跳板机都安装在管理区内。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: moves the bastion into the management vSwitch of its zone, when there is exactly one and its address keeps the same security-group and whitelist matches",
            "不安全：把堡垒机移到其可用区的管理区交换机，前提是这样的交换机恰有一个，且新地址命中的安全组规则和白名单与原来相同"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if cx.design.profile != Profile::HighSecurity {
        return;
    }
    for &b in &cx.bastions {
        let Some(p) = placement(cx, b).filter(|p| !p.in_tier(Tier::Management)) else {
            continue;
        };
        let Some(nd) = cx.design.nodes.get(b) else {
            continue;
        };
        let id = &nd.id;
        let (where_en, where_zh) = p.describe();
        out.report(
            Some(id),
            p.ptr(),
            text!(
                "bastion `{id}` is outside the management tier: {where_en}",
                "堡垒机 `{id}` 不在管理区：{where_zh}"
            ),
            text!(
                "place `{id}` in a vSwitch with \"tier\": \"management\", next to the VPN",
                "把 `{id}` 放到 \"tier\": \"management\" 的交换机中，与 VPN 同在管理区"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let sw = tier_vswitch(cx, i, Tier::Management)?;
    let nd = cx.node(i);
    let (id, sid) = (&nd.id, &sw.id);
    Some(Fix::unsafe_(
        text!(
            "move bastion `{id}` into management vSwitch `{sid}`",
            "把堡垒机 `{id}` 移到管理区交换机 `{sid}`"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&nd.ptr, "vswitch"),
            value: Json::str(sid),
        }],
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

    if cx.bastions.is_empty() {
        return f.not_applicable("no bastion", "没有堡垒机");
    }
    let mut g = GapBuilder::new(&h::NO_TIER);
    for &b in &cx.bastions {
        h::tierless(cx, b, &mut g);
    }
    f.push(g);
}
