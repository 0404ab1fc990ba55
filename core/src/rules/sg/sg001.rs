use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::cidr::Cidr;
use crate::index::Ctx;
use crate::model::{Action, PortRange, Protocol, Source};
use crate::net::ssl_vpns;
use crate::rule::Sink;
use crate::rules::helpers::{bastion_source, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A security-group accept rule must not open a management port — tcp 22 (SSH) or 3389
    /// (RDP), alone, inside a range, or through `all` ports — to exactly `0.0.0.0/0`. The rule's
    /// protocol must be `tcp` or `all`. Rules with unknown ports are not reported, nor are rules
    /// whose management ports are all dropped for `0.0.0.0/0` — a drop wins over an accept,
    /// whatever their order — by the group itself or, for every instance in the group, by one
    /// of that instance's groups.
    ///
    /// ## Why
    /// SSH and RDP are the most scanned and brute-forced ports on the internet. Management
    /// belongs behind the SSL VPN and the bastion, on a multi-level jump path; a rule open to
    /// the whole internet skips every layer of it.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" },
    ///                                  { "ports": "22", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "security_groups": ["sg-web"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "security_groups": ["sg-web"] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide opens management ports only to known sources: the bastion group admits the
    /// VPN client addresses on 22 or 3389, and "Recommended security group architecture" builds
    /// a multi-level jump path (VPN → G1 → G2 → G3) in which each layer admits only the one
    /// before it. A management port open to every address is the opposite of that design.
    pub struct WorldOpenManagement {
        code: "SG001",
        name: "world-open-management",
        severity: Error,
        summary: (
            "A security group opens SSH or RDP to 0.0.0.0/0",
            "安全组向 0.0.0.0/0 开放 SSH 或 RDP 端口"
        ),
        zh: "## 检查内容\n\
安全组的允许规则不得向恰好为 `0.0.0.0/0` 的来源开放管理端口——tcp 22（SSH）或 3389（RDP），无论是单独写出、包含在端口范围内，还是通过 `all` 全部端口。规则协议须为 `tcp` 或 `all`。端口未知的规则不报告；所涉管理端口对 `0.0.0.0/0` 都被拒绝规则丢弃的规则也不报告——拒绝规则优先于允许规则，与先后顺序无关——拒绝规则可以在该安全组本身，也可以在组内每个实例各自所属的安全组中。\n\
\n\
## 原因\n\
SSH 和 RDP 是互联网上被扫描、被暴力破解最多的端口。运维访问应当位于 SSL VPN 和堡垒机之后，走多级跳板路径；向整个互联网开放的规则跳过了其中每一层。\n\
\n\
## 依据\n\
指南只向已知来源开放管理端口：堡垒机安全组只对 VPN 客户端地址放行 22 或 3389；“安全组推荐架构”建立了多级跳板路径（VPN → G1 → G2 → G3），每一层只允许上一层访问。向所有地址开放管理端口与这一设计背道而驰。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: for a rule of the one port 22 or 3389, replaces `0.0.0.0/0` with the SSL VPN in a group of bastions only, else with the bastions' group (`sg:<id>`) or the bastion, when no link of the design needs the rule as it is; a rule of a port range is left to the author",
            "安全：对只开放 22 或 3389 一个端口的规则，若所在安全组只含堡垒机就把 `0.0.0.0/0` 改为 SSL VPN，否则改为堡垒机所在的安全组（`sg:<id>`）或堡垒机本身，前提是设计中没有连线依赖这条规则的原样；端口范围的规则留给作者处理"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::model::ptr_join;
    use crate::net::{source_matches, From, Verdict};
    use crate::rules::helpers::additions::carries_a_flow;
    let gi = cx.group_index(f.target.as_deref()?)?;
    let g = &cx.design.security_groups[gi];
    let rule = g.rules.iter().find(|r| r.ptr == f.pointer)?;
    let ports = rule.ports?;
    if ports.lo != ports.hi || !matches!(ports.lo, 22 | 3389) {
        return None;
    }
    let members = &cx.group_members[gi];
    let bastions = members.iter().filter(|&&m| cx.is_bastion(m)).count();
    let (src, new) = if bastions > 0 {
        if bastions < members.len() {
            return None;
        }
        let v = ssl_vpns(cx).next()?;
        let vid = cx.node(v).id.clone();
        (vid.clone(), Source::Node(vid))
    } else {
        let s = crate::rules::bh::bastion_from(cx)?;
        let new = match s.strip_prefix("sg:") {
            Some(b) => Source::Group(String::from(b)),
            None => Source::Node(s.clone()),
        };
        (s, new)
    };
    let keep = |s: From| match s {
        From::Node(i) => source_matches(cx, &new, From::Node(i)) == Verdict::Yes,
        From::Internet => false,
    };
    if carries_a_flow(cx, gi, rule, keep) {
        return None;
    }
    let gid = &g.id;
    let port = ports.lo;
    Some(Fix::safe(
        text!(
            "replace `0.0.0.0/0` with `{src}` as the source of port {port} in `{gid}`",
            "把 `{gid}` 中 {port} 端口规则的来源 `0.0.0.0/0` 改为 `{src}`"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&rule.ptr, "from"),
            value: Json::str(&src),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let drops = Drops::new(cx);
    let world = Source::Cidr(Cidr::ALL);
    let vpn = ssl_vpns(cx).next().map(|i| cx.node(i).id.as_str());
    let (bsrc_en, bsrc_zh) = bastion_source(cx);
    for (gi, g) in cx.design.security_groups.iter().enumerate() {
        for rule in &g.rules {
            if rule.action != Action::Accept
                || !rule.protocol.covers(Protocol::Tcp)
                || rule.from != Some(Source::Cidr(Cidr::ALL))
            {
                continue;
            }
            let Some(range) = rule.ports else { continue };
            let mut open: Vec<u16> = Vec::new();
            for p in [22u16, 3389] {
                if range.contains(p)
                    && !drops.cancels_in_group(cx, gi, Protocol::Tcp, PortRange::single(p), &world)
                {
                    open.push(p);
                }
            }
            let gid = &g.id;
            let (what, what_zh) = match open[..] {
                [] => continue,
                [22] => ("tcp 22 (SSH)", "tcp 22（SSH）"),
                [_] => ("tcp 3389 (RDP)", "tcp 3389（RDP）"),
                _ => ("tcp 22 (SSH) and 3389 (RDP)", "tcp 22（SSH）和 3389（RDP）"),
            };
            let written = if range.is_all() {
                String::from("all")
            } else if range.lo == range.hi {
                format!("{}", range.lo)
            } else {
                format!("{}-{}", range.lo, range.hi)
            };
            let guards_bastion = cx.group_members[gi].iter().any(|&i| cx.is_bastion(i));
            let help = match (guards_bastion, vpn) {
                (true, Some(vpn)) => text!(
                    "`{gid}` guards a bastion: change the source of this rule to the SSL VPN `{vpn}`, so that only operators logged in to the VPN reach it",
                    "`{gid}` 保护的是堡垒机：把这条规则的来源改为 SSL VPN `{vpn}`，只让登录了 VPN 的运维人员访问"
                ),
                (true, None) => text!(
                    "`{gid}` guards a bastion: give the operators an SSL VPN and change the source of this rule to it",
                    "`{gid}` 保护的是堡垒机：为运维人员配置 SSL VPN，并把这条规则的来源改为它"
                ),
                (false, _) => text!(
                    "change the source of this rule to {bsrc_en}, so that management goes through the SSL VPN and the bastion; or remove the rule",
                    "把这条规则的来源改为{bsrc_zh}，让运维经由 SSL VPN 和堡垒机进行；或删除这条规则"
                ),
            };
            out.report(
                Some(gid),
                rule.ptr.as_str(),
                text!(
                    "a rule of security group `{gid}` (ports \"{written}\") opens {what} to `0.0.0.0/0`: anyone on the internet can try to log in",
                    "安全组 `{gid}` 中端口为 \"{written}\" 的规则向 `0.0.0.0/0` 开放了 {what_zh}：互联网上任何人都能尝试登录"
                ),
                help,
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::cidr::Cidr;
    use crate::coverage::GapBuilder;
    use crate::model::{Action, Protocol, Source};
    use crate::rules::helpers::facts as h;
    if cx.design.security_groups.iter().all(|g| g.rules.is_empty()) {
        return f.not_applicable("no security-group rule", "没有安全组规则");
    }
    let (mut ports, mut source) = (
        GapBuilder::new(&h::RULE_NO_PORTS),
        GapBuilder::new(&h::RULE_NO_SOURCE),
    );
    for g in &cx.design.security_groups {
        for r in &g.rules {
            if r.action != Action::Accept || !r.protocol.covers(Protocol::Tcp) {
                continue;
            }
            let world = r.from == Some(Source::Cidr(Cidr::ALL));
            if world && r.ports.is_none() {
                ports.add(&g.id, &r.ptr);
            }
            if r.from.is_none() && r.ports.is_none_or(|p| p.contains(22) || p.contains(3389)) {
                source.add(&g.id, &r.ptr);
            }
        }
    }
    f.push(ports);
    f.push(source);
}
