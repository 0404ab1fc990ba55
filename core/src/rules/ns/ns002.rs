use crate::ordmap::OrdSet;
use alloc::vec::Vec;

use super::{keeps_way_out, placement, port_phrase, tier_vswitch};
use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind, Profile, Scope, Tier};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// With `"profile": "high-security"`, an ECS that is not in a vSwitch of tier `dmz` must not
    /// touch the internet: it is reported when it has `public_bandwidth_mbps` > 0, has an EIP
    /// attached, is a backend of a public SLB, or receives a link from `internet`. Each cause is
    /// reported on its own, at the field, EIP, backend entry or link that creates it. An ECS is
    /// outside the DMZ when its vSwitch has another `tier` or no `tier` at all (an untiered
    /// vSwitch is in no tier, so not in the DMZ), or when it is in a classic-network region.
    ///
    /// ## Why
    /// In the high-security layout only the internet (DMZ) tier talks to the internet, in either
    /// direction. An application or database server that can be reached from, or reaches out
    /// to, the internet directly skips the isolation the tiers are there to provide.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "profile": "high-security",
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [
    ///                 { "id": "vsw-dmz", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" },
    ///                 { "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" } ] } ],
    ///   "nodes": [ { "id": "sms-1", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 5 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "profile": "high-security",
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [
    ///                 { "id": "vsw-dmz", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" },
    ///                 { "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" } ] } ],
    ///   "nodes": [ { "id": "sms-1", "kind": "ecs", "vswitch": "vsw-dmz", "public_bandwidth_mbps": 5 } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's high-security design for financial customers (VPC architecture chapter)
    /// recommends that only the internet zone may access the internet and accept access from
    /// internet users.
    pub struct InternetOutsideDmz {
        code: "NS002",
        name: "internet-outside-dmz",
        severity: Error,
        summary: (
            "In a high-security design, an ECS outside the DMZ tier is exposed to the internet",
            "高安全等级设计中，互联网区（DMZ）以外的 ECS 与互联网相通"
        ),
        zh: "## 检查内容\n\
当 `\"profile\": \"high-security\"` 时，不在 `dmz` 层级交换机中的 ECS 不得与互联网相通：只要它的 `public_bandwidth_mbps` 大于 0、绑定了 EIP、是公网 SLB 的后端服务器，或者有来自 `internet` 的连线，就会被报告。每个原因单独报告，位置指向造成该原因的字段、EIP、后端条目或连线。ECS 所在交换机的 `tier` 为其他层级或未写 `tier`（未设置层级的交换机不属于任何层级，因此不在互联网区），或者 ECS 位于经典网络地域，即视为在互联网区之外。\n\
\n\
## 原因\n\
在高安全等级的布局中，只有互联网区（DMZ）与互联网双向相通。应用或数据库服务器如果能直接被互联网访问，或直接访问互联网，就绕过了分区本应提供的隔离。\n\
\n\
## 依据\n\
指南在专有网络架构一章中为高安全要求的金融客户推荐的设计方案里，建议只有互联网区可以访问互联网，并接受来自互联网用户的访问。",
        check: check,
        fix: fix,
        fix_note: (
            "safe or unsafe: sets \"public_bandwidth_mbps\": 0 or detaches the EIP (safe) when the ECS keeps any way out it needs; otherwise moves the ECS into the DMZ vSwitch of its zone (unsafe), when there is exactly one and its address keeps the same security-group and whitelist matches",
            "安全或不安全：若 ECS 仍保有所需的出口，设置 \"public_bandwidth_mbps\": 0 或解绑 EIP（安全）；否则把 ECS 移到其可用区的互联网区（DMZ）交换机（不安全），前提是这样的交换机恰有一个，且新地址命中的安全组规则和白名单与原来相同"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    if d.profile != Profile::HighSecurity {
        return;
    }
    let outside = |i: usize| {
        if !cx.is_ecs(i) {
            return None;
        }
        placement(cx, i).filter(|p| !p.in_tier(Tier::Dmz))
    };
    for (i, nd) in d.nodes.iter().enumerate() {
        let Some(p) = outside(i) else { continue };
        let id = &nd.id;
        let (where_en, where_zh) = p.describe();
        if let Some(bw) = nd.public_bandwidth_mbps.filter(|b| *b > 0.0) {
            let bw = crate::numfmt::shortest(bw);
            out.report(
                Some(id),
                ptr_join(&nd.ptr, "public_bandwidth_mbps"),
                text!(
                    "`{id}` has {bw} Mbps of public bandwidth, but {where_en}: in a high-security design only the DMZ tier reaches the internet",
                    "`{id}` 有 {bw} Mbps 公网带宽，但{where_zh}：高安全等级设计中只有互联网区（DMZ）可以访问互联网"
                ),
                text!(
                    "set \"public_bandwidth_mbps\": 0 on `{id}` and let a DMZ instance or a NAT reach the internet for it, or move it into a vSwitch with \"tier\": \"dmz\"",
                    "将 `{id}` 的 \"public_bandwidth_mbps\" 设为 0，改由互联网区的实例或 NAT 代为访问互联网；或把它移到 \"tier\": \"dmz\" 的交换机中"
                ),
            );
        }
        for &e in cx.eips.get(i).map_or(&[][..], Vec::as_slice) {
            let Some(eip) = d.nodes.get(e) else { continue };
            let eid = &eip.id;
            out.report(
                Some(id),
                ptr_join(&eip.ptr, "attached_to"),
                text!(
                    "EIP `{eid}` is attached to `{id}`, but {where_en}: in a high-security design only the DMZ tier is reachable from the internet",
                    "EIP `{eid}` 绑定在 `{id}` 上，但{where_zh}：高安全等级设计中只有互联网区（DMZ）可以接受互联网访问"
                ),
                text!(
                    "detach EIP `{eid}` from `{id}` and publish the service through a DMZ instance or an SLB in front of the DMZ, or move `{id}` into a vSwitch with \"tier\": \"dmz\"",
                    "解除 EIP `{eid}` 与 `{id}` 的绑定，通过互联网区的实例或前置 SLB 对外提供服务；或把 `{id}` 移到 \"tier\": \"dmz\" 的交换机中"
                ),
            );
        }
        for f in cx.flows_to(i) {
            if f.from != Endpoint::Internet {
                continue;
            }
            let (port_en, port_zh) = port_phrase(f.port);
            out.report(
                Some(id),
                f.ptr,
                text!(
                    "`{id}` receives traffic from `internet`{port_en}, but {where_en}: in a high-security design only the DMZ tier accepts internet users",
                    "`{id}` 接收来自 `internet` 的访问{port_zh}，但{where_zh}：高安全等级设计中只有互联网区（DMZ）接受互联网用户的访问"
                ),
                text!(
                    "let internet users reach a DMZ instance (or an SLB whose backends are in the DMZ) that calls `{id}` on the private network",
                    "让互联网用户访问互联网区的实例（或后端位于互联网区的 SLB），再由它通过内网调用 `{id}`"
                ),
            );
        }
    }
    for nd in &d.nodes {
        if !nd.is(NodeKind::Slb) || nd.scope != Scope::Public {
            continue;
        }
        let sid = &nd.id;
        let mut seen: OrdSet<usize> = OrdSet::new();
        for b in nd.backends.iter().flatten() {
            let Some(j) = cx.node_index(&b.id) else {
                continue;
            };
            if !seen.add(j) {
                continue;
            }
            let Some(p) = outside(j) else { continue };
            let id = &b.id;
            let (where_en, where_zh) = p.describe();
            out.report(
                Some(id),
                b.ptr.as_str(),
                text!(
                    "`{id}` is a backend of public SLB `{sid}`, but {where_en}: in a high-security design only the DMZ tier accepts internet users",
                    "`{id}` 是公网 SLB `{sid}` 的后端服务器，但{where_zh}：高安全等级设计中只有互联网区（DMZ）接受互联网用户的访问"
                ),
                text!(
                    "put DMZ instances behind `{sid}` and let them call `{id}` (through a private SLB if needed), or move `{id}` into a vSwitch with \"tier\": \"dmz\"",
                    "在 `{sid}` 后面放互联网区的实例，再由它们调用 `{id}`（需要时经过私网 SLB）；或把 `{id}` 移到 \"tier\": \"dmz\" 的交换机中"
                ),
            );
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let nd = cx.node(i);
    let id = &nd.id;
    // Public bandwidth the ECS can do without: none.
    if f.pointer == ptr_join(&nd.ptr, "public_bandwidth_mbps") && keeps_way_out(cx, i, false, None)
    {
        return Some(Fix::safe(
            text!(
                "set \"public_bandwidth_mbps\": 0 on `{id}`",
                "将 `{id}` 的 \"public_bandwidth_mbps\" 设为 0"
            ),
            alloc::vec![Edit::Set {
                at: f.pointer.clone(),
                value: Json::Int(0),
            }],
        ));
    }
    // An EIP that no drawn internet traffic comes through and the ECS can do without: detached.
    let eip = cx.eips[i]
        .iter()
        .copied()
        .find(|&e| ptr_join(&cx.node(e).ptr, "attached_to") == f.pointer);
    if let Some(e) = eip {
        let reached = cx.flows_to(i).any(|fl| fl.from == Endpoint::Internet);
        if !reached && keeps_way_out(cx, i, true, Some(e)) {
            let eid = &cx.node(e).id;
            return Some(Fix::safe(
                text!(
                    "detach EIP `{eid}` from `{id}`",
                    "解除 EIP `{eid}` 与 `{id}` 的绑定"
                ),
                alloc::vec![Edit::Remove {
                    at: f.pointer.clone(),
                }],
            ));
        }
    }
    // Otherwise the ECS moves into the DMZ of its zone (a bastion belongs elsewhere: NS003).
    if cx.is_bastion(i) {
        return None;
    }
    let sw = tier_vswitch(cx, i, Tier::Dmz)?;
    let sid = &sw.id;
    Some(Fix::unsafe_(
        text!(
            "move `{id}` into DMZ vSwitch `{sid}`",
            "把 `{id}` 移到互联网区（DMZ）交换机 `{sid}`"
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

    use crate::index::Endpoint;
    use crate::model::{NodeKind, Scope};
    let mut exposed = alloc::vec![false; cx.design.nodes.len()];
    for (i, n) in h::nodes(cx, NodeKind::Ecs) {
        exposed[i] = n.public_bandwidth_mbps.is_some_and(|b| b > 0.0)
            || !cx.eips[i].is_empty()
            || cx.flows_to(i).any(|fl| fl.from == Endpoint::Internet);
    }
    for (_, s) in h::nodes(cx, NodeKind::Slb) {
        if s.scope == Scope::Public {
            for b in s.backends.iter().flatten() {
                if let Some(j) = cx.node_index(&b.id).filter(|&j| cx.is_ecs(j)) {
                    exposed[j] = true;
                }
            }
        }
    }
    if !exposed.contains(&true) {
        return f.not_applicable("no ECS faces the internet", "没有面向互联网的 ECS");
    }
    let mut g = GapBuilder::new(&h::NO_TIER);
    for (i, _) in exposed.iter().enumerate().filter(|(_, e)| **e) {
        h::tierless(cx, i, &mut g);
    }
    f.push(g);
}
