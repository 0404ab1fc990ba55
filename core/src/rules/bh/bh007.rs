use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::cidr::{AddrSet, Cidr};
use crate::index::Ctx;
use crate::model::{Action, PortRange, Protocol, SgRule, Source};
use crate::net::ssl_vpns;
use crate::rule::Sink;
use crate::rules::helpers::{format_addrs, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When a security group admits an SSL VPN's client pool by writing addresses or CIDRs (rather
    /// than the VPN node's id), its accept rules must cover the whole pool. For each group, each
    /// SSL VPN and each protocol and port range that some accept rule opens to a CIDR overlapping
    /// the pool (tcp, udp or all: icmp has no ports), the CIDRs of all accept rules covering that
    /// protocol and range are put together, less what the group's drop rules surely block for them
    /// (a drop wins over an accept, whatever their order); if what is left covers some of the pool
    /// but not all of it, the missing addresses are reported. A rule naming the VPN node itself
    /// covers the whole pool.
    ///
    /// ## Why
    /// The SSL VPN hands each login a client address picked at random from the pool, with no
    /// fixed tie between an operator and an address. A rule set that lists only some of the
    /// addresses works on one login and fails on the next.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "10.200.0.2" },
    ///                                      { "ports": "22", "from": "10.200.0.3" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3", "10.200.0.4"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "10.200.0.2" },
    ///                                      { "ports": "22", "from": "10.200.0.3" },
    ///                                      { "ports": "22", "from": "10.200.0.4" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3", "10.200.0.4"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] } ] }
    /// ```
    ///
    /// ## Source
    /// The first tip under "Adding rules" in "Security group configuration" explains that a
    /// management VPN user gets up to five client addresses, not bound to the user: every login
    /// draws one of the pool's addresses at random, so every source address of the pool must
    /// be added to the rules.
    pub struct IncompleteVpnPool {
        code: "BH007",
        name: "incomplete-vpn-pool",
        severity: Error,
        summary: (
            "Security group rules admit only part of an SSL VPN client pool",
            "安全组规则只放行了 SSL VPN 客户端地址池的一部分"
        ),
        zh: "## 检查内容\n\
安全组以地址或 CIDR（而不是 VPN 节点 id）放行 SSL VPN 客户端地址池时，其允许规则必须覆盖整个地址池。对每个安全组、每个 SSL VPN、以及某条允许规则向与地址池重叠的 CIDR 开放的每种协议和端口范围（tcp、udp 或 all；icmp 没有端口），把覆盖该协议和端口范围的全部允许规则的 CIDR 合在一起；再减去该安全组的拒绝规则对它们一定丢弃的地址（拒绝规则优先于允许规则，与先后顺序无关）；如果剩下的覆盖了地址池的一部分而不是全部，就报告缺少的地址。以 VPN 节点本身为来源的规则覆盖整个地址池。\n\
\n\
## 原因\n\
SSL VPN 每次登录都从地址池中随机分配一个客户端地址，运维人员与地址之间没有固定对应关系。只列出部分地址的规则，这次登录能用，下次登录就可能不通。\n\
\n\
## 依据\n\
“安全组配置”一节“添加规则”下的第一条提示说明：管理 VPN 用户会分配到最多 5 个客户端 IP，且与用户没有严格对应关系，每次登录都从客户端 IP 列表中随机选取一个，因此需要把地址池中所有的源 IP 都加入规则。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: writes the SSL VPN's id as the source of the first rule that names part of its pool (the pool written as the VPN's id admits all of it), when that rule's range overlaps one pool only and no link of the design needs the range",
            "安全：把写出部分地址池的第一条规则的来源改为该 SSL VPN 的 id（写成 VPN 的 id 即放行整个地址池），前提是该规则的网段只与一个地址池重叠，且设计中没有连线依赖该网段"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::model::ptr_join;
    use crate::net::From;
    use crate::rules::helpers::additions::carries_a_flow;
    let gi = cx.group_index(f.target.as_deref()?)?;
    let g = &cx.design.security_groups[gi];
    let rule = g.rules.iter().find(|r| r.ptr == f.pointer)?;
    let Some(Source::Cidr(c)) = rule.from else {
        return None;
    };
    let mut vpns =
        ssl_vpns(cx).filter(|&v| cx.node_addresses(v).is_some_and(|p| p.intersects_cidr(c)));
    let (Some(v), None) = (vpns.next(), vpns.next()) else {
        return None;
    };
    if carries_a_flow(cx, gi, rule, |s| s == From::Node(v)) {
        return None;
    }
    let (gid, vid) = (&g.id, &cx.node(v).id);
    Some(Fix::safe(
        text!(
            "write the source `{c}` of the rule of `{gid}` as the SSL VPN `{vid}`, which admits its whole client pool",
            "把 `{gid}` 中该规则的来源 `{c}` 写成 SSL VPN `{vid}`，即放行其整个客户端地址池"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&rule.ptr, "from"),
            value: Json::str(vid),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    // (vpn id, its pool)
    let mut pools: Vec<(&str, AddrSet)> = Vec::new();
    for v in ssl_vpns(cx) {
        if let Some(pool) = cx.node_addresses(v) {
            pools.push((cx.node(v).id.as_str(), pool));
        }
    }
    if pools.is_empty() {
        return;
    }
    let drops = Drops::new(cx);
    for (gi, g) in cx.design.security_groups.iter().enumerate() {
        let mut accepts: Vec<&SgRule> = Vec::new();
        for r in &g.rules {
            // Ports mean nothing to icmp: an icmp rule opens no port, whatever it says.
            if r.action == Action::Accept && r.protocol != Protocol::Icmp && r.ports.is_some() {
                accepts.push(r);
            }
        }
        for (vid, pool) in &pools {
            // The (protocol, ports) opened to part of this pool, with the first rule doing so.
            let mut keys: Vec<(Protocol, PortRange, &SgRule)> = Vec::new();
            for r in &accepts {
                let (Some(Source::Cidr(c)), Some(ports)) = (&r.from, r.ports) else {
                    continue;
                };
                if pool.intersects_cidr(*c)
                    && !keys.iter().any(|(p, q, _)| *p == r.protocol && *q == ports)
                {
                    keys.push((r.protocol, ports, r));
                }
            }
            for (proto, range, first) in keys {
                let covering = accepts.iter().filter(|r| {
                    r.protocol.covers(proto)
                        && r.ports
                            .is_some_and(|q| q.lo <= range.lo && range.hi <= q.hi)
                });
                let mut cidrs: Vec<Cidr> = Vec::new();
                let mut whole = false;
                for r in covering {
                    match &r.from {
                        Some(Source::Cidr(c)) => cidrs.push(*c),
                        Some(Source::Node(id)) if id == vid => whole = true,
                        _ => {}
                    }
                }
                if whole {
                    continue;
                }
                // What the group's drop rules surely block of the pool: a drop wins over an
                // accept, whatever their order.
                let b = drops.blocked(&[gi], proto, range);
                if b.nodes.contains(vid) {
                    continue; // the whole pool dropped: none of it gets in (BH006's business)
                }
                let dropped = pool.intersection(&b.addrs);
                let admitted = pool
                    .intersection(&AddrSet::from_cidrs(&cidrs))
                    .difference(&dropped);
                if admitted.is_empty() {
                    continue; // none of the pool gets in: BH006's business
                }
                let missing = pool.difference(&admitted);
                if missing.is_empty() {
                    continue;
                }
                let (note, note_zh) = if missing.intersects(&dropped) {
                    (
                        ", and remove the drop rules that block some of them",
                        "，并删除挡住其中部分地址的拒绝规则",
                    )
                } else {
                    ("", "")
                };
                let gid = &g.id;
                let list = format_addrs(&missing);
                let k = missing.size();
                let n = pool.size();
                let (what, what_zh) = describe(proto, range);
                out.report(
                    Some(gid),
                    first.ptr.as_str(),
                    text!(
                        "security group `{gid}` admits {what} from only part of the client pool of SSL VPN `{vid}`: {k} of its {n} addresses are missing ({list})",
                        "安全组 `{gid}` 只对 SSL VPN `{vid}` 客户端地址池的一部分放行 {what_zh}：池中 {n} 个地址缺少 {k} 个（{list}）"
                    ),
                    text!(
                        "each login gets a random address of the pool: add {list} to the rules of `{gid}`, or write the source as `{vid}` to admit the whole pool{note}",
                        "每次登录都会随机分配池中的一个地址：把 {list} 也加入 `{gid}` 的规则，或直接把来源写成 `{vid}` 以放行整个地址池{note_zh}"
                    ),
                );
            }
        }
    }
}

/// What the rules open, for messages: (`tcp port 22`, `tcp 22 端口`), ….
fn describe(proto: Protocol, range: PortRange) -> (String, String) {
    let (en, zh) = match proto {
        Protocol::Tcp => ("tcp", "tcp "),
        Protocol::Udp => ("udp", "udp "),
        Protocol::Icmp => ("icmp", "icmp "),
        Protocol::All => ("all protocols", "所有协议的"),
    };
    if range.is_all() {
        (format!("{en}, all ports"), format!("{zh}全部端口"))
    } else if range.lo == range.hi {
        (
            format!("{en} port {}", range.lo),
            format!("{zh}{} 端口", range.lo),
        )
    } else {
        (
            format!("{en} ports {}-{}", range.lo, range.hi),
            format!("{zh}{}-{} 端口", range.lo, range.hi),
        )
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::model::{Action, NodeKind, Protocol, Source, VpnType};
    use crate::rules::helpers::facts as h;
    h::untyped_vpns(cx, f);
    let ssl = h::nodes(cx, NodeKind::Vpn).any(|(_, n)| n.vpn_type != Some(VpnType::Ipsec));
    if !ssl {
        return f.not_applicable("no SSL VPN", "没有 SSL VPN");
    }
    h::pools(cx, f);
    let mut g = GapBuilder::new(&h::RULE_NO_PORTS);
    for sg in &cx.design.security_groups {
        for r in &sg.rules {
            let cidr = matches!(r.from, Some(Source::Cidr(_)));
            if cidr
                && r.action == Action::Accept
                && r.protocol != Protocol::Icmp
                && r.ports.is_none()
            {
                g.add(&sg.id, &r.ptr);
            }
        }
    }
    f.push(g);
}
