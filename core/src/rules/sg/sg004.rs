use crate::index::{Ctx, Endpoint};
use crate::model::{PortRange, Protocol};
use crate::net::{flow_protocol, node_accepts, From, Verdict};
use crate::rule::Sink;
use crate::rules::helpers::{format_ids, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every traffic flow that reaches an ECS on a stated port must be admitted by the ECS's
    /// security groups. The flows are the design's links (protocol `udp` is udp, anything else
    /// tcp) and the links an SLB implies to each of its backends, on each listener's backend
    /// port, coming from the SLB itself. A flow is reported when no accept rule of the ECS's
    /// groups can match it — its protocol, port and source (by node id, `sg:` membership, or a
    /// CIDR that may contain the source's address; `internet` only by a CIDR that is not
    /// wholly private) — or when a drop rule surely matches it. Only checked when the port is
    /// stated and the ECS is in at least one existing group; a rule that may match (unknown
    /// addresses or ports) counts as admitting.
    ///
    /// ## Why
    /// Security groups admit nothing unless a rule says so. A link the design draws but the
    /// groups block is a service that will not answer: health checks fail, the SLB takes the
    /// backends out, and callers time out.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-web", "rules": [ { "ports": "22", "from": "sg:sg-web" } ] } ],
    ///   "nodes": [
    ///     { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-web"] },
    ///     { "id": "slb-web", "kind": "slb", "region": "hz",
    ///       "listeners": [ { "protocol": "http", "port": 80, "backend_port": 8080 } ],
    ///       "backends": ["web-1"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-web", "rules": [ { "ports": "22", "from": "sg:sg-web" },
    ///                                 { "ports": "8080", "from": "slb-web" } ] } ],
    ///   "nodes": [
    ///     { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-web"] },
    ///     { "id": "slb-web", "kind": "slb", "region": "hz",
    ///       "listeners": [ { "protocol": "http", "port": 80, "backend_port": 8080 } ],
    ///       "backends": ["web-1"] } ] }
    /// ```
    ///
    /// ## Source
    /// The FAQ on leased-line and VPN connectivity points out that ECS security groups let no
    /// source in by default. "Recommended security group architecture" accordingly gives the
    /// web group G2 an explicit rule admitting the SLB's private addresses on port 80.
    pub struct LinkBlocked {
        code: "SG004",
        name: "link-blocked",
        severity: Error,
        summary: (
            "A link to a server is blocked by its security groups",
            "到服务器的访问被其安全组拦截"
        ),
        zh: "## 检查内容\n\
每条以明确端口到达 ECS 的流量，都必须被该 ECS 的安全组放行。流量包括设计中的连线（协议为 `udp` 时按 udp，其余按 tcp），以及 SLB 隐含的、从 SLB 自身发往每个后端、使用各监听后端端口的连线。当 ECS 所在安全组中没有任何允许规则可能匹配该流量——协议、端口和来源（按节点 id、`sg:` 成员关系，或可能包含来源地址的 CIDR；`internet` 只被不完全属于私网的 CIDR 匹配）——或有拒绝规则一定匹配它时，就会报告。仅在端口已写明、且 ECS 至少属于一个存在的安全组时检查；可能匹配的规则（地址或端口未知）视为放行。\n\
\n\
## 原因\n\
安全组只放行规则明确允许的访问。设计中画出、却被安全组拦截的连线，意味着服务不会响应：健康检查失败，SLB 把后端摘除，调用方超时。\n\
\n\
## 依据\n\
专线/VPN 接入的常见问题指出：ECS 安全组默认不允许任何源访问。“安全组推荐架构”因此为 Web 组 G2 明确配置了允许 SLB 内网地址访问 80 端口的规则。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds to the first security group of the ECS an accept rule for the blocked port from the flow's source (the node's id, or `0.0.0.0/0` for the internet); none when a drop rule blocks that source, for a management port from outside the jump path or from the internet, for an RDS source, or for internet traffic to a bastion",
            "不安全：在该 ECS 的第一个安全组中添加一条允许规则，对流量来源（节点 id，来自互联网时为 `0.0.0.0/0`）放行被拦截的端口；拒绝规则挡住该来源、来自跳转路径之外或互联网的管理端口流量、来源为 RDS、或来自互联网到堡垒机的流量时不修复"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    use crate::model::{ptr_join, NodeKind};
    use crate::rules::helpers::additions::sg_rule;
    use alloc::string::String;
    use alloc::vec::Vec;
    let t = cx.node_index(f.target.as_deref()?)?;
    let groups = &cx.node_groups[t];
    let &g0 = groups.first()?;
    let drops = Drops::new(cx);
    let mgmt = cx.node(t).os.management_port();
    // Every flow at this place that the groups block: one rule each.
    let mut rules: Vec<(Protocol, u16, String)> = Vec::new();
    for fl in cx.flows_to(t).filter(|fl| fl.ptr == f.pointer) {
        let Some(port) = fl.port else { continue };
        let proto = flow_protocol(fl.protocol);
        let from = From::of(fl.from);
        if node_accepts(cx, t, proto, port, from) != Verdict::No {
            continue;
        }
        if drops
            .blocked(groups, proto, PortRange::single(port))
            .blocks(cx, from)
        {
            return None;
        }
        let src = match fl.from {
            Endpoint::Internet => {
                if matches!(port, 22 | 3389) || cx.is_bastion(t) {
                    return None;
                }
                String::from("0.0.0.0/0")
            }
            Endpoint::Node(s) => {
                let sn = cx.node(s);
                let on_path = cx.is_bastion(s) || cx.production[s];
                if sn.is(NodeKind::Rds) || (port == mgmt && !on_path) {
                    return None;
                }
                sn.id.clone()
            }
        };
        if !rules
            .iter()
            .any(|(p, q, s)| *p == proto && *q == port && *s == src)
        {
            rules.push((proto, port, src));
        }
    }
    let [(proto, port, src), ..] = &rules[..] else {
        return None;
    };
    let g = &cx.design.security_groups[g0];
    let (gid, tid, n) = (&g.id, &cx.node(t).id, rules.len());
    let title = if n == 1 {
        let (proto_field, port, src) = (
            if *proto == Protocol::Udp {
                "\"protocol\": \"udp\", "
            } else {
                ""
            },
            *port,
            src.as_str(),
        );
        text!(
            "add to `{gid}` the rule {{ {proto_field}\"ports\": \"{port}\", \"from\": \"{src}\" }} so that the traffic reaches `{tid}`",
            "在 `{gid}` 中添加规则 {{ {proto_field}\"ports\": \"{port}\", \"from\": \"{src}\" }}，让这一流量能到达 `{tid}`"
        )
    } else {
        text!(
            "add to `{gid}` {n} rules admitting the blocked traffic from `{src}` to `{tid}`",
            "在 `{gid}` 中添加 {n} 条规则，放行从 `{src}` 到 `{tid}` 的被拦截流量"
        )
    };
    Some(Fix::unsafe_(
        title,
        rules
            .iter()
            .map(|(p, q, s)| Edit::Push {
                array: ptr_join(&g.ptr, "rules"),
                value: sg_rule(*p, *q, s),
            })
            .collect(),
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let drops = Drops::new(cx);
    for f in &cx.flows {
        let to = f.to;
        let Some(port) = f.port else { continue };
        if !cx.is_ecs(to) || cx.node_groups[to].is_empty() {
            continue;
        }
        let proto = flow_protocol(f.protocol);
        if node_accepts(cx, to, proto, port, From::of(f.from)) != Verdict::No {
            continue;
        }
        let tid = &cx.node(to).id;
        let groups = &cx.node_groups[to];
        let names = format_ids(
            groups
                .iter()
                .map(|&g| cx.design.security_groups[g].id.as_str()),
        );
        let g0 = &cx.design.security_groups[groups[0]].id;
        let p = match proto {
            Protocol::Udp => "udp",
            _ => "tcp",
        };
        let proto_field = if proto == Protocol::Udp {
            "\"protocol\": \"udp\", "
        } else {
            ""
        };
        let (src, src_rule) = match f.from {
            Endpoint::Internet => ("internet", "0.0.0.0/0"),
            Endpoint::Node(s) => (cx.node(s).id.as_str(), cx.node(s).id.as_str()),
        };
        let no_drops = drops
            .blocked(groups, proto, PortRange::single(port))
            .is_empty();
        let (note, note_zh) = if no_drops {
            ("", "")
        } else {
            (" (check the drop rules too)", "（也请检查拒绝规则）")
        };
        let msg = if f.link.is_none() {
            text!(
                "SLB `{src}` forwards to its backend `{tid}` on port {port} ({p}), but the security groups of `{tid}` ({names}) do not admit that traffic from the SLB",
                "SLB `{src}` 通过 {port} 端口（{p}）把流量转发给后端 `{tid}`，但 `{tid}` 的安全组（{names}）不放行来自该 SLB 的这一流量"
            )
        } else {
            text!(
                "the link from `{src}` to `{tid}` on port {port} ({p}) is blocked: the security groups of `{tid}` ({names}) do not admit it",
                "从 `{src}` 到 `{tid}` 的 {port} 端口（{p}）的连线被拦截：`{tid}` 的安全组（{names}）不放行它"
            )
        };
        let help = text!(
            "add to `{g0}` the rule {{ {proto_field}\"ports\": \"{port}\", \"from\": \"{src_rule}\" }}{note}",
            "在 `{g0}` 中添加规则 {{ {proto_field}\"ports\": \"{port}\", \"from\": \"{src_rule}\" }}{note_zh}"
        );
        out.report(Some(tid), f.ptr, msg, help);
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static SLB_PORT: Lack = Lack::new(
        "{id} has no listener with a port, so the port of its traffic to its backends is unknown",
        "{id} 没有写了端口的监听，发往后端的流量端口未知",
        "{n} SLBs have no listener with a port, so the port of their traffic to their backends is unknown",
        "{n} 个 SLB 没有写了端口的监听，发往后端的流量端口未知",
    );
    static NO_GROUP: Lack = Lack::new(
        "{id} receives traffic but is in no security group",
        "{id} 有流量进入，但不属于任何安全组",
        "{n} ECS receive traffic but are in no security group",
        "{n} 台有流量进入的 ECS 不属于任何安全组",
    );
    use crate::index::Endpoint;
    let (mut links, mut slbs, mut ungrouped, mut addrs) = (
        GapBuilder::new(&h::LINK_NO_PORT),
        GapBuilder::new(&SLB_PORT),
        GapBuilder::new(&NO_GROUP),
        GapBuilder::new(&h::VSWITCH_NO_CIDR),
    );
    let mut groups: alloc::vec::Vec<usize> = alloc::vec::Vec::new();
    let mut any = false;
    for fl in &cx.flows {
        let to = cx.node(fl.to);
        if !cx.is_ecs(fl.to) || to.external {
            continue;
        }
        any = true;
        let gs = &cx.node_groups[fl.to];
        if gs.is_empty() {
            ungrouped.add(&to.id, &to.ptr);
            continue;
        }
        groups.extend_from_slice(gs);
        match (fl.port, fl.link, fl.from) {
            (None, Some(_), _) => h::portless_link(cx, fl, &mut links),
            (None, None, Endpoint::Node(s)) => {
                let slb = cx.node(s);
                slbs.add(&slb.id, &slb.ptr);
            }
            (Some(_), _, Endpoint::Node(s)) if h::any_cidr_rule(cx, gs) => {
                // An address rule admits the source by its vSwitch's range.
                h::addressless(cx, s, &mut addrs);
            }
            _ => {}
        }
    }
    if !any {
        return f.not_applicable(
            "no link or SLB backend reaches an ECS",
            "没有连线或 SLB 后端指向 ECS",
        );
    }
    f.push(links);
    f.push(slbs);
    f.push(ungrouped);
    h::sg_rules(cx, f, &groups);
    f.push(addrs);
}
