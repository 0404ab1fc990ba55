use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::cidr::{AddrSet, Cidr, PRIVATE};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind, PortRange, Protocol, Source, VpnType};
use crate::net::{source_matches, From, Verdict};
use crate::rule::{Finding, Sink};
use crate::rules::helpers::additions::carries_a_flow;
use crate::rules::helpers::{accepts_tcp_port, bastion_source, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// For every security group with production ECS among its members, every accept rule that
    /// opens a member's management port (tcp 22 on Linux, 3389 on Windows) must come from the
    /// jump path: a bastion (by id), a group whose members are all bastions or production ECS
    /// (`sg:` source; the layered path G1 → G2 → G3), or a production ECS. It is reported when
    /// the source is:
    ///
    /// - any other node, e.g. the SSL VPN itself (operators straight from the VPN pool), a
    ///   test ECS, an SLB or a customer data centre;
    /// - a group with a member that is neither a bastion nor a production ECS;
    /// - a CIDR that is not wholly private (internet addresses), or that overlaps an SSL VPN
    ///   client pool;
    /// - in a design where every bastion and production ECS sits in a vSwitch, a CIDR that
    ///   overlaps no vSwitch (an office or data-centre range).
    ///
    /// Rules with unknown ports or source are not reported. A drop wins over an accept for the
    /// same traffic, whatever their order: a rule whose traffic the drops of the member's
    /// groups surely block is not reported, and a CIDR source is judged by the part of it that
    /// no drop blocks. In a classic network a private CIDR may be the bastions' addresses, so
    /// it is not reported either.
    ///
    /// ## Why
    /// The bastion is only a control if it cannot be walked around. A rule that lets operators
    /// (or anything else) reach the servers' management port directly skips the login audit
    /// and the single point where access can be revoked.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "vpn-mgmt" } ] },
    ///     { "id": "sg-production", "rules": [ { "ports": "22", "from": "vpn-mgmt" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] },
    ///     { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-production"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "vpn-mgmt" } ] },
    ///     { "id": "sg-production", "rules": [ { "ports": "22", "from": "sg:sg-bastion" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] },
    ///     { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-production"] } ] }
    /// ```
    ///
    /// ## Source
    /// The recommended architecture ("Using the financial cloud products") has operators log
    /// in to the VPN, then to a bastion, and manage the servers behind it only from there.
    /// Step 5 of "Building the recommended architecture" (ECS, classic network) opens the
    /// production group's port 22 or 3389 to the two bastions only, and "Recommended security
    /// group architecture" extends this to a layered path: G1 (bastions) admits the VPN
    /// addresses, G2 admits G1, G3 admits G2.
    pub struct BastionBypassed {
        code: "BH003",
        name: "bastion-bypassed",
        severity: Warning,
        summary: (
            "A production server's management port is open to something other than the bastions",
            "生产服务器的管理端口向堡垒机以外的来源开放"
        ),
        zh: "## 检查内容\n\
对每个成员中含有生产 ECS 的安全组，凡是放行成员管理端口（Linux 为 tcp 22，Windows 为 3389）的允许规则，来源都必须在跳转路径上：堡垒机（节点 id）、成员全部是堡垒机或生产 ECS 的安全组（`sg:` 来源，即 G1 → G2 → G3 的分层路径），或生产 ECS。以下来源会被报告：\n\
\n\
- 其他任何节点，例如 SSL VPN 本身（运维人员直接从 VPN 地址池登录）、测试 ECS、SLB 或客户机房；\n\
- 含有既非堡垒机也非生产 ECS 成员的安全组；\n\
- 不完全属于私网地址（含互联网地址）的 CIDR，或与 SSL VPN 客户端地址池重叠的 CIDR；\n\
- 当所有堡垒机和生产 ECS 都位于交换机中时，与任何交换机网段都不重叠的 CIDR（办公网或机房网段）。\n\
\n\
端口或来源未知的规则不报告。对同一流量，拒绝规则优先于允许规则，与先后顺序无关：其流量一定被该成员所属安全组的拒绝规则挡住的规则不报告；CIDR 来源只按未被任何拒绝规则挡住的部分判断。经典网络中私网 CIDR 可能正是堡垒机的地址，因此也不报告。\n\
\n\
## 原因\n\
堡垒机只有在无法被绕过时才起作用。允许运维人员（或其他任何来源）直接访问服务器管理端口的规则，会跳过登录审计，也失去了统一收回权限的入口。\n\
\n\
## 依据\n\
“使用金融云产品”中的推荐架构要求管理用户先登录 VPN，再登录堡垒机，只通过堡垒机管理后面的服务器。ECS（经典网络）“搭建金融云推荐架构”第 5 步只向两台堡垒机开放生产安全组的 22 或 3389 端口；“安全组推荐架构”将其扩展为分层路径：G1（堡垒机）允许 VPN 地址，G2 允许 G1，G3 允许 G2。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: replaces the source of a rule of the one port 22 or 3389 with the bastions' group (`sg:<id>`, or the bastion when it is in no group), when that group holds only bastions and production ECS, the rule's group holds no bastion, and no link of the design needs the old source; a rule of a port range is left to the author",
            "安全：对只开放 22 或 3389 一个端口的规则，把来源改为堡垒机所在的安全组（`sg:<id>`；堡垒机不在任何安全组时改为堡垒机本身），前提是该组只含堡垒机和生产 ECS、规则所在的安全组不含堡垒机，且设计中没有连线依赖原来源；端口范围的规则留给作者处理"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let gi = cx.group_index(f.target.as_deref()?)?;
    if cx.group_members[gi].iter().any(|&m| cx.is_bastion(m)) {
        return None; // the bastions' own group: they would lose the VPN
    }
    let g = &cx.design.security_groups[gi];
    let rule = g.rules.iter().find(|r| r.ptr == f.pointer)?;
    // Only a rule of the management port alone: narrowing a range would close its other ports
    // too (splitting it is the author's call).
    let ports = rule.ports?;
    if ports.lo != ports.hi || !matches!(ports.lo, 22 | 3389) {
        return None;
    }
    let src = super::bastion_from(cx)?;
    let new = match src.strip_prefix("sg:") {
        Some(b) => Source::Group(String::from(b)),
        None => Source::Node(src.clone()),
    };
    let keep = |s: From| match s {
        From::Node(i) => source_matches(cx, &new, From::Node(i)) == Verdict::Yes,
        From::Internet => false,
    };
    if carries_a_flow(cx, gi, rule, keep) {
        return None;
    }
    let (gid, old) = (&g.id, rule.from_text.as_deref().unwrap_or(""));
    Some(Fix::safe(
        text!(
            "replace the source `{old}` of the rule of `{gid}` with `{src}`",
            "把 `{gid}` 中该规则的来源 `{old}` 改为 `{src}`"
        ),
        alloc::vec![Edit::Set {
            at: ptr_join(&rule.ptr, "from"),
            value: Json::str(&src),
        }],
    ))
}

/// Why a source is off the jump path, in both languages.
struct Why {
    en: String,
    zh: String,
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let groups = &cx.design.security_groups;
    if groups.is_empty() {
        return;
    }
    let drops = Drops::new(cx);
    let jump = |i: usize| cx.is_bastion(i) || cx.production[i];
    // Per group: a member that is neither a bastion nor a production ECS.
    let outsider: Vec<Option<usize>> = cx
        .group_members
        .iter()
        .map(|m| m.iter().copied().find(|&i| !jump(i)))
        .collect();
    // Where ECS in vSwitches can have addresses; `None` when some vSwitch's range is unknown.
    let vpc_space = vswitch_space(cx);
    let all_in_vpc = (0..cx.design.nodes.len())
        .filter(|&i| jump(i))
        .all(|i| cx.node_vswitch[i].is_some());
    let outside_check = if all_in_vpc { vpc_space.as_ref() } else { None };
    let (bsrc_en, bsrc_zh) = bastion_source(cx);

    for (gi, g) in groups.iter().enumerate() {
        let mut prod: Vec<usize> = Vec::new();
        for &i in &cx.group_members[gi] {
            if cx.production[i] {
                prod.push(i);
            }
        }
        if prod.is_empty() {
            continue;
        }
        let gid = &g.id;
        for rule in &g.rules {
            let Some(src) = &rule.from else { continue };
            let covers = |m: usize| accepts_tcp_port(rule, cx.node(m).os.management_port());
            if !prod.iter().any(|&m| covers(m)) {
                continue;
            }
            // A node or group source is off the jump path whatever the member; a CIDR is
            // judged by what is left of it once the member's drops are taken out.
            let mut fixed = match src {
                Source::Cidr(_) => None,
                _ => match classify(cx, src, &outsider, outside_check) {
                    Some(why) => Some(why),
                    None => continue,
                },
            };
            let mut found = None;
            for &m in &prod {
                if !covers(m) {
                    continue;
                }
                let groups = &cx.node_groups[m];
                let ports = PortRange::single(cx.node(m).os.management_port());
                let why = match src {
                    Source::Cidr(c) => {
                        let b = drops.blocked(groups, Protocol::Tcp, ports);
                        let left = AddrSet::from_cidrs(&[*c]).difference(&b.addrs);
                        classify_cidr(cx, c, &left, outside_check)
                    }
                    _ if drops.cancels(cx, groups, Protocol::Tcp, ports, src) => None,
                    _ => fixed.take(),
                };
                if let Some(why) = why {
                    found = Some((m, why));
                    break;
                }
            }
            let Some((victim, why)) = found else { continue };
            let vid = &cx.node(victim).id;
            let port = cx.node(victim).os.management_port();
            let from = rule.from_text.as_deref().unwrap_or("");
            let (why_en, why_zh) = (&why.en, &why.zh);
            out.report(
                Some(gid),
                rule.ptr.as_str(),
                text!(
                    "security group `{gid}` opens management port {port} of production ECS `{vid}` to {why_en}, bypassing the bastion",
                    "安全组 `{gid}` 向{why_zh}开放了生产 ECS `{vid}` 的管理端口 {port}，绕过了堡垒机"
                ),
                text!(
                    "replace the source `{from}` with {bsrc_en}, or with a production group on the jump path, so that operators log in through the bastion",
                    "把来源 `{from}` 改为{bsrc_zh}，或跳转路径上的某个生产安全组，让运维人员经由堡垒机登录"
                ),
            );
        }
    }
}

/// Why `src` is not on the jump path, or `None` when it is (or when that is unknown).
fn classify(
    cx: &Ctx<'_>,
    src: &Source,
    outsider: &[Option<usize>],
    outside_check: Option<&AddrSet>,
) -> Option<Why> {
    match src {
        Source::Invalid => None,
        Source::Node(id) => {
            let j = cx.node_index(id)?;
            if cx.is_bastion(j) || cx.production[j] {
                return None;
            }
            let nd = cx.node(j);
            Some(
                if nd.is(NodeKind::Vpn) && nd.vpn_type == Some(VpnType::Ssl) {
                    Why {
                        en: format!("SSL VPN `{id}` (operators straight from the VPN client pool)"),
                        zh: format!(" SSL VPN `{id}`（相当于直接来自 VPN 客户端地址池）"),
                    }
                } else {
                    let kind = describe(cx, j);
                    Why {
                        en: format!(
                            "`{id}` ({}; neither a bastion nor a production ECS)",
                            kind.0
                        ),
                        zh: format!(" `{id}`（{}，既不是堡垒机也不是生产 ECS）", kind.1),
                    }
                },
            )
        }
        Source::Group(g) => {
            let gi = cx.group_index(g)?;
            let x = (*outsider.get(gi)?)?;
            let xid = &cx.node(x).id;
            Some(Why {
                en: format!(
                    "`sg:{g}` (its member `{xid}` is neither a bastion nor a production ECS)"
                ),
                zh: format!("安全组 `sg:{g}`（其成员 `{xid}` 既不是堡垒机也不是生产 ECS）"),
            })
        }
        Source::Cidr(c) => classify_cidr(cx, c, &AddrSet::from_cidrs(&[*c]), outside_check),
    }
}

/// Why the CIDR source `c` is not on the jump path, judged by `left`: the part of it that no
/// drop rule blocks. `None` when it is on the path, unknown, or wholly dropped.
fn classify_cidr(
    cx: &Ctx<'_>,
    c: &Cidr,
    left: &AddrSet,
    outside_check: Option<&AddrSet>,
) -> Option<Why> {
    if left.is_empty() {
        None
    } else if left
        .ranges()
        .iter()
        .any(|&(lo, hi)| !PRIVATE.iter().any(|p| p.first() <= lo && hi <= p.last()))
    {
        Some(Why {
            en: format!("`{c}` (it includes internet addresses)"),
            zh: format!(" `{c}`（包含互联网地址）"),
        })
    } else if cx.vpn_pool.intersects(left) {
        Some(Why {
            en: format!(
                "`{c}` (it covers SSL VPN client addresses: operators straight from the VPN)"
            ),
            zh: format!(" `{c}`（包含 SSL VPN 客户端地址，运维人员可直接从 VPN 登录）"),
        })
    } else if outside_check.is_some_and(|s| !s.intersects(left)) {
        Some(Why {
            en: format!("`{c}` (a range outside every vSwitch of the design: an office or data-centre network)"),
            zh: format!(" `{c}`（不属于设计中任何交换机的网段，是办公网或机房网段）"),
        })
    } else {
        None
    }
}

/// A short description of a node's kind (and role for an ECS).
fn describe(cx: &Ctx<'_>, j: usize) -> (String, String) {
    let nd = cx.node(j);
    if nd.is(NodeKind::Ecs) {
        let role = match nd.role {
            crate::model::EcsRole::App => "app",
            crate::model::EcsRole::Bastion => "bastion",
            crate::model::EcsRole::Database => "database",
            crate::model::EcsRole::Test => "test",
        };
        (
            format!("an ECS with role `{role}` outside the production set"),
            format!("角色为 `{role}` 的非生产 ECS"),
        )
    } else {
        let k = nd.kind().name();
        (format!("a `{k}` node"), format!("`{k}` 节点"))
    }
}

/// The addresses ECS placed in vSwitches can have: every vSwitch's CIDR, or its VPC's CIDR
/// when the vSwitch's is not given. `None` when some vSwitch has neither, or there is none.
pub(crate) fn vswitch_space(cx: &Ctx<'_>) -> Option<AddrSet> {
    let mut cidrs: Vec<Cidr> = Vec::new();
    for v in &cx.design.vpcs {
        for s in &v.vswitches {
            let c = s
                .cidr
                .as_ref()
                .and_then(|a| a.cidr)
                .or_else(|| v.cidr.as_ref().and_then(|a| a.cidr))?;
            cidrs.push(c);
        }
    }
    (!cidrs.is_empty()).then(|| AddrSet::from_cidrs(&cidrs))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    use alloc::vec::Vec;
    h::unplaced(cx, f);
    let groups: Vec<usize> = (0..cx.design.security_groups.len())
        .filter(|&g| cx.group_members[g].iter().any(|&i| cx.production[i]))
        .collect();
    if groups.is_empty() {
        return f.not_applicable(
            "no security group holds a production ECS",
            "没有包含生产 ECS 的安全组",
        );
    }
    h::sg_rules(cx, f, &groups);
    if h::any_cidr_rule(cx, &groups) {
        // An address range is judged against the VPN pools and the vSwitches' ranges.
        h::pools(cx, f);
        h::untyped_vpns(cx, f);
        let mut g = GapBuilder::new(&h::VSWITCH_NO_CIDR);
        for v in &cx.design.vpcs {
            let vpc_known = v.cidr.as_ref().and_then(|c| c.cidr).is_some();
            for s in &v.vswitches {
                if s.cidr.as_ref().and_then(|c| c.cidr).is_none() && !vpc_known {
                    g.add(&s.id, &s.ptr);
                }
            }
        }
        f.push(g);
    }
}
