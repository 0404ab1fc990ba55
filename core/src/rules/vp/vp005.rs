use crate::index::Ctx;
use crate::model::Network;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An IPSec VPN (`vpn` with `"type": "ipsec"`) placed in a region whose `network` is
    /// `classic`. A region of unknown network is not judged.
    ///
    /// ## Why
    /// New classic-network VPN connections have been suspended until further notice, so a new
    /// design cannot count on getting one. VPC regions offer their own IPSec VPN.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "vpc", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" } ] }
    /// ```
    ///
    /// ## Source
    /// IPSec VPN access chapter, notice "亲爱的金融云用户" (to financial-cloud users): because
    /// the classic-network VPN product is being adjusted, access for new users of
    /// classic-network VPN is suspended until a reopening date is announced; VPC environments
    /// have their own IPSec VPN set-up.
    pub struct ClassicIpsecSuspended {
        code: "VP005",
        name: "classic-ipsec-suspended",
        severity: Warning,
        summary: ("An IPSec VPN in a classic-network region", "经典网络地域中的 IPSec VPN"),
        zh: "## 检查内容\n\
IPSec VPN（`\"type\": \"ipsec\"` 的 `vpn`）位于 `network` 为 `classic` 的地域。网络类型未知的地域不做判断。\n\
\n\
## 原因\n\
经典网络的 VPN 已暂停受理新用户接入，恢复时间另行通知，新设计不能指望开通。VPC 地域有自己的 IPSec VPN。\n\
\n\
## 依据\n\
IPSec VPN 接入一章开头的“亲爱的金融云用户”公告：由于经典网络 VPN 产品调整，暂停新用户的经典网络 VPN 接入，开放日期另行通知；VPC 环境另有 IPSec VPN 的搭建方法。",
        check: check,
        fix_note: (
            "none: moving the VPN to a VPC region or replacing it by a leased line are two different designs",
            "无：把 VPN 移到 VPC 地域和改用专线是两种不同的设计"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !super::is_ipsec(cx, i) || cx.network_of(i) != Some(Network::Classic) {
            continue;
        }
        let Some(region) = &n.region else { continue };
        let (id, rid) = (&n.id, &region.id);
        out.report(
            Some(id),
            region.ptr.as_str(),
            text!(
                "IPSec VPN `{id}` is in classic-network region `{rid}`: new classic-network VPN connections are suspended",
                "IPSec VPN `{id}` 位于经典网络地域 `{rid}`：经典网络 VPN 已暂停受理新用户接入"
            ),
            text!(
                "place `{id}` in a VPC region, or connect the data centre with a leased line",
                "把 `{id}` 放到 VPC 地域，或改用专线连接机房"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    let vpns = h::ipsec_vpns(cx, f);
    let (mut regions, mut placed) = (
        GapBuilder::new(&h::REGION_NO_NETWORK),
        GapBuilder::new(&h::NO_REGION),
    );
    for (i, _) in vpns {
        h::network_unknown(cx, i, &mut regions, &mut placed);
    }
    f.push(regions);
    f.push(placed);
}
