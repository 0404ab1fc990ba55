use crate::cidr::Cidr;
use crate::index::Ctx;
use crate::model::{Action, PortRange, Protocol, Source};
use crate::rule::Sink;
use crate::rules::helpers::Drops;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A security-group accept rule of protocol `tcp`, `udp` or `all` must not open all ports
    /// (`"ports": "all"`, or 1-65535) to exactly `0.0.0.0/0`. An `icmp` rule has no ports and is
    /// not reported. Nor is a rule whose tcp and udp traffic (as far as it accepts them) is
    /// dropped for `0.0.0.0/0` on every port — a drop wins over an accept, whatever their
    /// order; several drops may cover the ports between them — by the group itself or, for
    /// every instance in the group, by one of that instance's groups. A rule that also opens
    /// SSH or RDP is reported by SG001 as well.
    ///
    /// ## Why
    /// Security groups deny by default so that each service is opened on purpose, to the
    /// sources that need it. A rule accepting every port from every address undoes that for
    /// all of the group's instances, including ports nobody meant to publish (databases,
    /// caches, admin consoles).
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-web", "rules": [ { "protocol": "udp", "ports": "all", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "security_groups": ["sg-web"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-web", "rules": [ { "protocol": "udp", "ports": "53", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "security_groups": ["sg-web"] } ] }
    /// ```
    ///
    /// ## Source
    /// In the guide's security-group setup every rule names one port and the source that
    /// needs it: VPN addresses on 22/3389 for the bastions, the bastions on 22/3389 for the
    /// production group, the SLB's private addresses on port 80 for the web group
    /// ("Recommended security group architecture"). Nothing in it opens every port to every
    /// address.
    pub struct WorldOpenAllPorts {
        code: "SG002",
        name: "world-open-all-ports",
        severity: Error,
        summary: (
            "A security group opens all ports to 0.0.0.0/0",
            "安全组向 0.0.0.0/0 开放全部端口"
        ),
        zh: "## 检查内容\n\
协议为 `tcp`、`udp` 或 `all` 的安全组允许规则，不得向恰好为 `0.0.0.0/0` 的来源开放全部端口（`\"ports\": \"all\"` 或 1-65535）。`icmp` 规则没有端口，不报告。规则所放行的 tcp 和 udp 流量在所有端口上都对 `0.0.0.0/0` 被拒绝规则丢弃时也不报告——拒绝规则优先于允许规则，与先后顺序无关，多条拒绝规则可以合起来覆盖全部端口——拒绝规则可以在该安全组本身，也可以在组内每个实例各自所属的安全组中。同时开放了 SSH 或 RDP 的规则还会被 SG001 报告。\n\
\n\
## 原因\n\
安全组默认拒绝，是为了让每个服务都有意识地只向需要它的来源开放。向所有地址放行全部端口的规则，使该安全组的所有实例失去这层保护，连本不打算公开的端口（数据库、缓存、管理控制台）也一并暴露。\n\
\n\
## 依据\n\
指南配置安全组时，每条规则都只写一个端口及需要它的来源：堡垒机放行 VPN 地址的 22/3389，生产组放行堡垒机的 22/3389，Web 组放行 SLB 内网地址的 80 端口（“安全组推荐架构”）。其中没有任何规则向所有地址开放全部端口。",
        check: check,
        fix_note: (
            "none: which ports the instances must serve, and to whom, is the application's choice; the design's links need not list all of it",
            "无：实例要对谁开放哪些端口由应用决定，设计中的连线不一定列全"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let drops = Drops::new(cx);
    let world = Source::Cidr(Cidr::ALL);
    for (gi, g) in cx.design.security_groups.iter().enumerate() {
        for rule in &g.rules {
            if rule.action != Action::Accept
                || rule.ports != Some(PortRange::ALL)
                || rule.from != Some(Source::Cidr(Cidr::ALL))
            {
                continue;
            }
            // Ports mean nothing to icmp; `all` opens the ports of tcp and udp.
            let open = |p: Protocol| !drops.cancels_in_group(cx, gi, p, PortRange::ALL, &world);
            let gid = &g.id;
            let (proto, proto_zh) = match rule.protocol {
                Protocol::Icmp => continue,
                Protocol::Tcp if open(Protocol::Tcp) => ("tcp", " tcp 协议的"),
                Protocol::Udp if open(Protocol::Udp) => ("udp", " udp 协议的"),
                Protocol::All => match (open(Protocol::Tcp), open(Protocol::Udp)) {
                    (true, true) => ("every protocol", "所有协议的"),
                    (true, false) => ("tcp", " tcp 协议的"),
                    (false, true) => ("udp", " udp 协议的"),
                    (false, false) => continue,
                },
                Protocol::Tcp | Protocol::Udp => continue,
            };
            out.report(
                Some(gid),
                rule.ptr.as_str(),
                text!(
                    "security group `{gid}` accepts {proto} on all ports from `0.0.0.0/0`: every service of its instances is open to the internet",
                    "安全组 `{gid}` 向 `0.0.0.0/0` 放行{proto_zh}全部端口：其实例上的所有服务都暴露在互联网上"
                ),
                text!(
                    "replace this rule of `{gid}` with rules for the ports that must be reached, each from the source that needs it (e.g. the SLB for port 80)",
                    "把 `{gid}` 中的这条规则换成只针对必需端口的规则，每条只写需要它的来源（例如对 SLB 放行 80 端口）"
                ),
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
            if r.action != Action::Accept || !(r.protocol != Protocol::Icmp) {
                continue;
            }
            let world = r.from == Some(Source::Cidr(Cidr::ALL));
            if world && r.ports.is_none() {
                ports.add(&g.id, &r.ptr);
            }
            if r.from.is_none() && r.ports.is_none_or(|p| p.is_all()) {
                source.add(&g.id, &r.ptr);
            }
        }
    }
    f.push(ports);
    f.push(source);
}
