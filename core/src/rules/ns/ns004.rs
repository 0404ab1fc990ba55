use super::{placement, port_phrase};
use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Endpoint};
use crate::model::{Network, NodeKind, Profile, Tier};
use crate::rule::{Finding, Sink};
use crate::rules::helpers::fix_parts::fresh_id_besides;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A link from `internet` straight to an ECS, when the platform cannot deliver it: the ECS is
    /// in a classic-network region (where public bandwidth is outbound only), or it is in a VPC
    /// region and has no EIP attached. An ECS whose region's network is not stated is not judged.
    ///
    /// ## Why
    /// On the financial cloud an ECS's public address does not accept inbound TCP from the
    /// internet, even when public bandwidth was bought on the instance: that bandwidth only
    /// serves connections the ECS opens itself. Internet users reach ECS through an SLB (or, in
    /// a VPC, through an EIP), so a design that expects them to connect to the instance directly
    /// will not work.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 5 } ],
    ///   "links": [ { "from": "internet", "to": "web-1", "port": 80 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz",
    ///                "listeners": [ { "protocol": "http", "port": 80 } ], "backends": [ "web-1" ] } ],
    ///   "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's classic-network ECS chapter ("building the recommended architecture", point
    /// on internet bandwidth and port restrictions) states that an ECS cannot be reached over TCP
    /// from the internet directly and that internet users reach ECS through an SLB; its FAQ adds
    /// that public bandwidth bought on an ECS does not let internet users reach it. For VPC
    /// regions, the recommended architecture lets internet users in through an SLB or an EIP.
    pub struct DirectInternetToEcs {
        code: "NS004",
        name: "direct-internet-to-ecs",
        severity: Error,
        summary: (
            "Internet traffic is sent straight to an ECS that cannot accept it",
            "互联网流量直接发往无法接受它的 ECS"
        ),
        zh: "## 检查内容\n\
来自 `internet`、直接指向某台 ECS 的连线，而平台无法送达：该 ECS 位于经典网络地域（公网带宽只用于出方向），或位于专有网络地域却没有绑定 EIP。所在地域未写明网络类型的 ECS 不做判断。\n\
\n\
## 原因\n\
在金融云上，即使为 ECS 购买了公网带宽，互联网也无法通过其公网地址以 TCP 方式主动访问它：这部分带宽只服务于 ECS 自己发起的连接。互联网用户需要通过 SLB（在专有网络中也可以通过 EIP）访问 ECS，指望用户直接连接实例的设计无法工作。\n\
\n\
## 依据\n\
指南经典网络 ECS 一章的“搭建金融云推荐架构”中，关于互联网带宽及端口限制的一条指出：ECS 的外网 TCP 不能被外网直接访问，互联网用户可通过 SLB 访问 ECS；常见问题中也说明，即使为 ECS 选择了公网带宽，互联网用户仍无法通过它访问 ECS。对于专有网络地域，推荐架构让互联网用户通过 SLB 或 EIP 访问服务。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: attaches a new EIP to the ECS in a VPC region, when the EIP would carry the link; in a classic region none: the SLB to put in front, its listener and the security-group rule for it are the design's choice",
            "不安全：在专有网络地域为该 ECS 绑定一个新的 EIP（前提是 EIP 能承载这条连线）；经典网络地域没有修复：前置 SLB、其监听以及相应的安全组规则由设计决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for f in &cx.flows {
        if f.from != Endpoint::Internet || !cx.is_ecs(f.to) {
            continue;
        }
        let Some(r) = cx.node_region.get(f.to).copied().flatten() else {
            continue;
        };
        let (Some(nd), Some(region)) = (d.nodes.get(f.to), d.regions.get(r)) else {
            continue;
        };
        let id = &nd.id;
        let rid = &region.id;
        let (port_en, port_zh) = port_phrase(f.port);
        match region.network {
            Some(Network::Classic) => out.report(
                Some(id),
                f.ptr,
                text!(
                    "a link sends internet traffic{port_en} straight to `{id}`, but an ECS in classic-network region `{rid}` cannot be reached from the internet, whatever public bandwidth it has",
                    "有连线把互联网流量{port_zh}直接发往 `{id}`，但经典网络地域 `{rid}` 中的 ECS 无法被互联网直接访问，无论它有没有公网带宽"
                ),
                text!(
                    "put a public SLB in region `{rid}` with `{id}` as a backend and link `internet` to the SLB instead",
                    "在地域 `{rid}` 建一个公网 SLB，把 `{id}` 作为其后端服务器，并把来自 `internet` 的连线改为指向该 SLB"
                ),
            ),
            Some(Network::Vpc) if cx.eips.get(f.to).is_none_or(|e| e.is_empty()) => out.report(
                Some(id),
                f.ptr,
                text!(
                    "a link sends internet traffic{port_en} straight to `{id}`, but that ECS in VPC region `{rid}` has no EIP, so the internet cannot reach it",
                    "有连线把互联网流量{port_zh}直接发往 `{id}`，但该 ECS 位于专有网络地域 `{rid}` 且没有绑定 EIP，互联网无法访问它"
                ),
                text!(
                    "put a public SLB in front of `{id}` and link `internet` to the SLB, or attach an EIP to `{id}`",
                    "在 `{id}` 前面放一个公网 SLB 并把来自 `internet` 的连线改为指向它，或为 `{id}` 绑定 EIP"
                ),
            ),
            _ => {}
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let d = cx.design;
    let i = cx.node_index(f.target.as_deref()?)?;
    let r = cx.node_region[i]?;
    // In a classic region the way in is an SLB: its listener and the rule that admits it are
    // the design's choice.
    if d.regions[r].network != Some(Network::Vpc) || cx.is_bastion(i) {
        return None;
    }
    // The EIP would expose an ECS outside the DMZ of a high-security design (NS002) ...
    if d.profile == Profile::HighSecurity && placement(cx, i).is_some_and(|p| !p.in_tier(Tier::Dmz))
    {
        return None;
    }
    // ... or be expected to carry port 22 or 3389, which EIPs block (NS009).
    let managed = cx.flows_to(i).any(|fl| {
        let outside = match fl.from {
            Endpoint::Internet => true,
            Endpoint::Node(j) => cx.node(j).is(NodeKind::Idc),
        };
        outside && matches!(fl.port, Some(22 | 3389))
    });
    if managed {
        return None;
    }
    let nd = cx.node(i);
    let id = &nd.id;
    let eid = fresh_id_besides(cx, &alloc::format!("eip-{id}"), &[]);
    // The array the ECS is an element of.
    let nodes = &nd.ptr[..nd.ptr.rfind('/')?];
    Some(Fix::unsafe_(
        text!(
            "attach a new EIP `{eid}` to `{id}`",
            "为 `{id}` 绑定新的 EIP `{eid}`"
        ),
        alloc::vec![Edit::Push {
            array: alloc::string::String::from(nodes),
            value: Json::obj([
                ("id", Json::str(&eid)),
                ("kind", Json::str("eip")),
                ("attached_to", Json::str(id)),
            ]),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::index::Endpoint;
    use crate::rules::helpers::facts as h;
    let (mut regions, mut placed) = (
        GapBuilder::new(&h::REGION_NO_NETWORK),
        GapBuilder::new(&h::NO_REGION),
    );
    let mut any = false;
    for fl in &cx.flows {
        if fl.from == Endpoint::Internet && cx.is_ecs(fl.to) && !cx.node(fl.to).external {
            any = true;
            h::network_unknown(cx, fl.to, &mut regions, &mut placed);
        }
    }
    f.push(regions);
    f.push(placed);
    if !any {
        f.not_applicable(
            "no link from the internet to an ECS",
            "没有从互联网连向 ECS 的连线",
        );
    }
}
