use alloc::vec::Vec;

use super::udp_drop;
use crate::fix::Fix;
use crate::index::Ctx;
use crate::model::{ptr_join, Action, Network, Protocol};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An ECS in a classic-network region that has `public_bandwidth_mbps` > 0 while none of its
    /// security groups has a `drop` rule of protocol `udp` or `all` (whatever its source and
    /// ports). An ECS in no security group counts as having no such rule.
    ///
    /// ## Why
    /// On the classic network the public interface of an ECS drops inbound TCP and ICMP by
    /// default but accepts all inbound UDP. Buying public bandwidth gives the instance that
    /// public interface, so every UDP service it runs (DNS, NTP, SNMP, syslog…) becomes reachable
    /// from the whole internet unless a security group drops UDP explicitly.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [ { "id": "sg-sms", "rules": [ { "ports": "22", "from": "10.200.0.2" } ] } ],
    ///   "nodes": [ { "id": "sms-1", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2,
    ///                "security_groups": [ "sg-sms" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [ { "id": "sg-sms", "rules": [
    ///       { "ports": "22", "from": "10.200.0.2" },
    ///       { "action": "drop", "protocol": "udp", "ports": "all", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [ { "id": "sms-1", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2,
    ///                "security_groups": [ "sg-sms" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The first feature listed in the guide's classic-network ECS chapter: the inbound policy of
    /// the public side accepts all UDP by default and drops TCP, ICMP and the other protocols;
    /// outbound traffic is not restricted. The security-group chapter ("add rules", second tip)
    /// repeats that the classic network lets inbound public UDP through by default.
    pub struct ClassicUdpExposure {
        code: "NS008",
        name: "classic-udp-exposure",
        severity: Warning,
        summary: (
            "A classic-network ECS with public bandwidth accepts all inbound UDP",
            "有公网带宽的经典网络 ECS 对所有入方向 UDP 放行"
        ),
        zh: "## 检查内容\n\
位于经典网络地域、`public_bandwidth_mbps` 大于 0 的 ECS，其安全组中没有任何协议为 `udp` 或 `all` 的 `drop` 规则（不论该规则的来源和端口）。不属于任何安全组的 ECS 视为没有这样的规则。\n\
\n\
## 原因\n\
在经典网络中，ECS 公网网卡的入方向默认丢弃 TCP 和 ICMP，却放行所有 UDP。购买公网带宽会让实例拥有公网网卡，于是它运行的每个 UDP 服务（DNS、NTP、SNMP、syslog 等）都会暴露给整个互联网，除非安全组明确丢弃 UDP。\n\
\n\
## 依据\n\
指南经典网络 ECS 一章列出的第一条特性：公网入方向默认放行全部 UDP，TCP、ICMP 等其他协议默认丢弃，出方向不做限制。安全组配置一章“添加规则”的第二条提示也重申了经典网络公网入方向默认放行 UDP。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: adds { \"action\": \"drop\", \"protocol\": \"udp\", \"ports\": \"all\", \"from\": \"0.0.0.0/0\" } to the ECS's first security group, when no UDP traffic to that group's members is drawn or accepted; an ECS in no group has none",
            "安全：在该 ECS 的第一个安全组中加入 { \"action\": \"drop\", \"protocol\": \"udp\", \"ports\": \"all\", \"from\": \"0.0.0.0/0\" }（前提是设计中没有发往该组成员、或被放行的 UDP 流量）；不属于任何安全组的 ECS 没有修复"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    let drops_udp: Vec<bool> = d
        .security_groups
        .iter()
        .map(|g| {
            g.rules.iter().any(|r| {
                r.action == Action::Drop && matches!(r.protocol, Protocol::Udp | Protocol::All)
            })
        })
        .collect();
    for (i, nd) in d.nodes.iter().enumerate() {
        if !cx.is_ecs(i) || cx.network_of(i) != Some(Network::Classic) {
            continue;
        }
        let Some(bw) = nd.public_bandwidth_mbps.filter(|b| *b > 0.0) else {
            continue;
        };
        let groups = cx.node_groups.get(i).map_or(&[][..], Vec::as_slice);
        if groups
            .iter()
            .any(|&g| drops_udp.get(g).copied().unwrap_or(false))
        {
            continue;
        }
        let id = &nd.id;
        let rid = cx
            .node_region
            .get(i)
            .copied()
            .flatten()
            .and_then(|r| d.regions.get(r))
            .map_or("?", |r| r.id.as_str());
        let (why_en, why_zh) = if groups.is_empty() {
            ("it is in no security group", "它不属于任何安全组")
        } else {
            (
                "none of its security groups drops UDP",
                "它的安全组都没有丢弃 UDP 的规则",
            )
        };
        let bw = crate::numfmt::shortest(bw);
        out.report(
            Some(id),
            ptr_join(&nd.ptr, "public_bandwidth_mbps"),
            text!(
                "`{id}` has {bw} Mbps of public bandwidth in classic-network region `{rid}`, where inbound UDP from the internet is accepted by default, and {why_en}",
                "`{id}` 在经典网络地域 `{rid}` 中有 {bw} Mbps 公网带宽，而该地域公网入方向默认放行 UDP，且{why_zh}"
            ),
            text!(
                "add a rule {{ \"action\": \"drop\", \"protocol\": \"udp\", \"ports\": \"all\", \"from\": \"0.0.0.0/0\" }} to a security group of `{id}`, or set its public bandwidth to 0 if it does not need the internet",
                "在 `{id}` 的安全组中加入规则 {{ \"action\": \"drop\", \"protocol\": \"udp\", \"ports\": \"all\", \"from\": \"0.0.0.0/0\" }}；如果它不需要访问互联网，则把公网带宽设为 0"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let (gid, edit) = udp_drop(cx, i)?;
    let id = &cx.node(i).id;
    Some(Fix::safe(
        text!(
            "drop inbound UDP in `{gid}`, the security group of `{id}`",
            "在 `{id}` 的安全组 `{gid}` 中丢弃入方向 UDP"
        ),
        alloc::vec![edit],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    let (mut regions, mut placed) = (
        GapBuilder::new(&h::REGION_NO_NETWORK),
        GapBuilder::new(&h::NO_REGION),
    );
    let mut any = false;
    for (i, n) in h::nodes(cx, NodeKind::Ecs) {
        if n.public_bandwidth_mbps.is_some_and(|b| b > 0.0) {
            any = true;
            h::network_unknown(cx, i, &mut regions, &mut placed);
        }
    }
    f.push(regions);
    f.push(placed);
    if !any {
        f.not_applicable("no ECS has public bandwidth", "没有购买公网带宽的 ECS");
    }
}
