use crate::index::Ctx;
use crate::model::NodeKind;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An IPSec VPN (`vpn` with `"type": "ipsec"`) while the whole design has fewer than five
    /// ECS instances (of any role, in any region). One finding per IPSec VPN.
    ///
    /// ## Why
    /// The financial cloud grants an IPSec VPN connection only to an organisation that runs at
    /// least five ECS instances on it. With fewer, the application will be refused, and the
    /// design needs another way to join its data centre (a leased line).
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-3", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-4", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-5", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" } ] }
    /// ```
    ///
    /// ## Source
    /// IPSec VPN access chapter, section "1.IPSEC VPN对接条件" (prerequisites), item 1: the
    /// applying organisation must own five or more ECS servers on the financial cloud.
    pub struct IpsecTooFewEcs {
        code: "VP001",
        name: "ipsec-too-few-ecs",
        severity: Error,
        summary: ("An IPSec VPN with fewer than five ECS in the design", "使用 IPSec VPN，但设计中的 ECS 少于五台"),
        zh: "## 检查内容\n\
设计中有 IPSec VPN（`\"type\": \"ipsec\"` 的 `vpn`），而整个设计中的 ECS 实例（任何角色、任何地域）少于五台。每个 IPSec VPN 报告一次。\n\
\n\
## 原因\n\
金融云只为在云上拥有至少五台 ECS 的机构开通 IPSec VPN 接入。不足五台时申请会被拒绝，设计需要改用其他方式连接机构机房（例如专线）。\n\
\n\
## 依据\n\
IPSec VPN 接入一章“1.IPSEC VPN对接条件”一节第 1 条：申请单位在金融云上拥有的 ECS 服务器须不少于五台。",
        check: check,
        fix_note: (
            "none: whether to run more ECS or to join the data centre by a leased line instead is a choice of the design",
            "无：是增加 ECS 还是改用专线连接机房，属于设计上的选择"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let ecs = cx
        .design
        .nodes
        .iter()
        .filter(|n| n.is(NodeKind::Ecs))
        .count();
    if ecs >= 5 {
        return;
    }
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !super::is_ipsec(cx, i) {
            continue;
        }
        let id = &n.id;
        let missing = 5 - ecs;
        out.report(
            Some(id),
            n.ptr.as_str(),
            text!(
                "IPSec VPN `{id}` needs at least 5 ECS instances on the financial cloud, but the design has {ecs}",
                "IPSec VPN `{id}` 要求在金融云上至少有 5 台 ECS，但设计中只有 {ecs} 台"
            ),
            text!(
                "add at least {missing} more ECS instance(s), or connect the data centre with a leased line instead of `{id}`",
                "至少再增加 {missing} 台 ECS，或改用专线代替 `{id}` 连接机房"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    let ecs = cx
        .design
        .nodes
        .iter()
        .filter(|n| n.is(NodeKind::Ecs))
        .count();
    if ecs >= 5 {
        // Enough ECS: whatever the VPNs are, nothing to report.
        if !h::any(cx, NodeKind::Vpn) {
            f.not_applicable("no IPsec VPN", "没有 IPsec VPN");
        }
        return;
    }
    h::ipsec_vpns(cx, f);
}
