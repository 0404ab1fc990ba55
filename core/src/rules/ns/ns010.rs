use alloc::vec;

use super::{drops_udp, placement, udp_drop};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, Network, NodeKind, Profile, Tier};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An ECS with `"needs_internet": true` that has no way out: no `public_bandwidth_mbps`
    /// above 0 (absent means 0), no EIP attached, and no `nat` node in its region (a NAT counts
    /// when its `region`, or the region of its `vswitch`, is the ECS's region). A NAT whose
    /// region is unknown might be the one, so it silences the rule; an ECS whose region is
    /// unknown is reported only when the design has no NAT at all.
    ///
    /// ## Why
    /// Connections the ECS opens to the internet (an SMS gateway, a payment channel, software
    /// downloads) leave through public bandwidth bought on the instance, an EIP, or a NAT.
    /// Without any of them the outbound calls time out, and the feature that needs them fails.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "sms-1", "kind": "ecs", "zone": "hz-b", "needs_internet": true } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "sms-1", "kind": "ecs", "zone": "hz-b", "needs_internet": true,
    ///                "public_bandwidth_mbps": 1 } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's classic-network ECS chapter (second listed feature, and the FAQ on what ECS
    /// public bandwidth is for): a server that must reach resources on the internet, such as
    /// downloading files or calling an SMS gateway, needs public bandwidth; otherwise the
    /// bandwidth is set to 0. The leased-line FAQ adds that a NAT service is available.
    pub struct NoOutboundPath {
        code: "NS010",
        name: "no-outbound-path",
        severity: Error,
        summary: (
            "An ECS that needs the internet has no public bandwidth, EIP or NAT",
            "需要访问互联网的 ECS 没有公网带宽、EIP 或 NAT"
        ),
        zh: "## 检查内容\n\
标记了 `\"needs_internet\": true` 却没有出口的 ECS：`public_bandwidth_mbps` 不大于 0（未写即为 0），没有绑定 EIP，所在地域也没有 `nat` 节点（NAT 的 `region`，或其 `vswitch` 所在的地域，与 ECS 所在地域相同即算）。地域未知的 NAT 可能就在该地域，因此不报告；地域未知的 ECS 只有在整个设计中没有任何 NAT 时才报告。\n\
\n\
## 原因\n\
ECS 主动访问互联网的连接（短信网关、支付通道、软件下载等）需要经由实例上购买的公网带宽、EIP 或 NAT 出去。三者都没有时，对外调用会超时，依赖它的功能随之失败。\n\
\n\
## 依据\n\
指南经典网络 ECS 一章（列出的第二条特性，以及关于 ECS 公网带宽用途的常见问题）：需要访问互联网资源（例如下载文件、调用短信网关）的服务器要购买公网带宽，否则带宽选 0。专线接入一章的常见问题还说明可以使用 NAT 服务。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: buys 1 Mbps of public bandwidth for the ECS (and, on the classic network, drops inbound UDP in its first security group), unless that would expose an ECS outside the DMZ of a high-security design",
            "不安全：为该 ECS 购买 1 Mbps 公网带宽（经典网络中同时在其第一个安全组中丢弃入方向 UDP），除非这会让高安全等级设计中 DMZ 以外的 ECS 暴露在互联网上"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    let mut nat_in = vec![false; d.regions.len()];
    let mut nat_unknown_region = false;
    let mut any_nat = false;
    for (i, nd) in d.nodes.iter().enumerate() {
        if !nd.is(NodeKind::Nat) {
            continue;
        }
        any_nat = true;
        match cx.node_region.get(i).copied().flatten() {
            Some(r) => {
                if let Some(b) = nat_in.get_mut(r) {
                    *b = true;
                }
            }
            None => nat_unknown_region = true,
        }
    }
    for (i, nd) in d.nodes.iter().enumerate() {
        if !cx.is_ecs(i) || nd.needs_internet != Some(true) {
            continue;
        }
        if nd.public_bandwidth_mbps.is_some_and(|b| b > 0.0)
            || cx.eips.get(i).is_some_and(|e| !e.is_empty())
        {
            continue;
        }
        let id = &nd.id;
        let ptr = ptr_join(&nd.ptr, "needs_internet");
        match cx.node_region.get(i).copied().flatten() {
            Some(r) => {
                if nat_unknown_region || nat_in.get(r).copied().unwrap_or(false) {
                    continue;
                }
                let rid = d.regions.get(r).map_or("?", |x| x.id.as_str());
                out.report(
                    Some(id),
                    ptr,
                    text!(
                        "`{id}` needs to reach the internet, but it has no public bandwidth, no EIP, and region `{rid}` has no NAT",
                        "`{id}` 需要访问互联网，但它没有公网带宽，没有绑定 EIP，地域 `{rid}` 也没有 NAT"
                    ),
                    text!(
                        "give `{id}` public bandwidth (\"public_bandwidth_mbps\": 1 or more), attach an EIP to it, or add a NAT in region `{rid}`",
                        "为 `{id}` 购买公网带宽（\"public_bandwidth_mbps\" 至少为 1），或为它绑定 EIP，或在地域 `{rid}` 中添加 NAT"
                    ),
                );
            }
            None => {
                if any_nat {
                    continue;
                }
                out.report(
                    Some(id),
                    ptr,
                    text!(
                        "`{id}` needs to reach the internet, but it has no public bandwidth, no EIP, and the design has no NAT",
                        "`{id}` 需要访问互联网，但它没有公网带宽，没有绑定 EIP，设计中也没有任何 NAT"
                    ),
                    text!(
                        "give `{id}` public bandwidth (\"public_bandwidth_mbps\": 1 or more), attach an EIP to it, or add a NAT in its region",
                        "为 `{id}` 购买公网带宽（\"public_bandwidth_mbps\" 至少为 1），或为它绑定 EIP，或在它所在的地域中添加 NAT"
                    ),
                );
            }
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    // A bastion has no public address (BH005); an ECS outside the DMZ of a high-security design
    // does not reach the internet itself (NS002).
    if cx.is_bastion(i)
        || (cx.design.profile == Profile::HighSecurity
            && placement(cx, i).is_some_and(|p| !p.in_tier(Tier::Dmz)))
    {
        return None;
    }
    let nd = cx.node(i);
    let id = &nd.id;
    let mut edits = alloc::vec![Edit::Set {
        at: ptr_join(&nd.ptr, "public_bandwidth_mbps"),
        value: Json::Int(1),
    }];
    // On the classic network the public side accepts all inbound UDP (NS008).
    let drop = (cx.network_of(i) == Some(Network::Classic) && !drops_udp(cx, i))
        .then(|| udp_drop(cx, i))
        .flatten();
    let title = match drop {
        Some((gid, e)) => {
            edits.push(e);
            text!(
                "buy 1 Mbps of public bandwidth for `{id}` and drop inbound UDP in its security group `{gid}`",
                "为 `{id}` 购买 1 Mbps 公网带宽，并在其安全组 `{gid}` 中丢弃入方向 UDP"
            )
        }
        None => text!(
            "buy 1 Mbps of public bandwidth for `{id}`",
            "为 `{id}` 购买 1 Mbps 公网带宽"
        ),
    };
    Some(Fix::unsafe_(title, edits))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    static NEEDS: Lack = Lack::new(
        "{id} has no way out to the internet and does not say whether it needs one (needs_internet)",
        "{id} 没有访问互联网的途径，也没有写是否需要访问互联网（needs_internet）",
        "{n} ECS have no way out to the internet and do not say whether they need one (needs_internet)",
        "{n} 台 ECS 没有访问互联网的途径，也没有写是否需要访问互联网（needs_internet）",
    );
    if !h::any(cx, NodeKind::Ecs) {
        return f.not_applicable("no ECS", "没有 ECS");
    }
    let nat_regions: alloc::vec::Vec<Option<usize>> = (0..cx.design.nodes.len())
        .filter(|&j| cx.node(j).is(NodeKind::Nat))
        .map(|j| cx.node_region[j])
        .collect();
    let mut g = GapBuilder::new(&NEEDS);
    for (i, n) in h::nodes(cx, NodeKind::Ecs) {
        if n.needs_internet.is_some() || cx.has_public_address(i) {
            continue;
        }
        // A NAT that may serve it: the verdict would be "has a way out" anyway.
        let nat = match cx.node_region[i] {
            Some(r) => nat_regions.iter().any(|x| x.is_none_or(|x| x == r)),
            None => !nat_regions.is_empty(),
        };
        if !nat {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}
