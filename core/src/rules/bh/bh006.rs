use alloc::string::String;
use alloc::vec;

use super::{new_bastion_group, vpn_pool_unknown};
use crate::cidr::{AddrSet, Cidr};
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{ptr_join, Action, NodeKind, Os, PortRange, Protocol, Source, VpnType};
use crate::net::ssl_vpns;
use crate::rule::Finding;
use crate::rule::Sink;
use crate::rules::helpers::additions::sg_rule;
use crate::rules::helpers::{format_ids, Blocked, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every bastion must be reachable from the operators' SSL VPN: some accept rule of its
    /// security groups must cover tcp on the bastion's management port (22 for Linux, 3389 for
    /// Windows) from the VPN client pool — a source naming an SSL VPN node, or a CIDR that
    /// overlaps a client pool. Addresses blocked by a drop rule of the same groups for that
    /// port do not count. Also reported: a bastion in no security group, and a design with
    /// bastions but no SSL VPN at all. Rules with unknown ports or source count as reaching
    /// it (unknown facts never produce a finding), unless drop rules surely block the whole
    /// pool on that port: a drop wins over an accept, whatever their order.
    ///
    /// ## Why
    /// Security groups deny everything that no rule accepts. A bastion without such a rule
    /// cannot be logged in to, so the servers behind it cannot be managed either — operators
    /// end up opening shortcuts around it under pressure.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "3389", "from": "vpn-mgmt" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "os": "linux", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "vpn-mgmt" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "os": "linux", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] } ] }
    /// ```
    ///
    /// ## Source
    /// Step 4 of "Building the recommended architecture" (ECS, classic network) gives the
    /// bastions a group admitting the VPN client addresses on port 22 for a Linux bastion or
    /// 3389 for a Windows one. The FAQ "I cannot log in to my ECS" adds that an ECS accepts no
    /// login by default: SSH (tcp 22) or RDP (tcp 3389) must be allowed from the VPN's client
    /// address list.
    pub struct BastionUnreachable {
        code: "BH006",
        name: "bastion-unreachable",
        severity: Error,
        summary: (
            "A bastion's management port is not open to the SSL VPN",
            "堡垒机的管理端口没有向 SSL VPN 开放"
        ),
        zh: "## 检查内容\n\
每台堡垒机都必须能从运维 SSL VPN 访问：其安全组中要有一条允许规则，以 tcp 协议放行堡垒机的管理端口（Linux 为 22，Windows 为 3389），来源是 VPN 客户端地址池——即指向 SSL VPN 节点的来源，或与客户端地址池重叠的 CIDR。被同一组安全组中针对该端口的拒绝规则挡住的地址不算。不在任何安全组中的堡垒机、以及有堡垒机却完全没有 SSL VPN 的设计，也会被报告。端口或来源未知的规则视为可以访问（未知信息不产生问题），除非拒绝规则一定会在该端口上挡住整个地址池：拒绝规则优先于允许规则，与先后顺序无关。\n\
\n\
## 原因\n\
安全组默认拒绝所有未被规则放行的访问。没有这条规则，堡垒机就无法登录，它后面的服务器也就无法管理，运维人员在紧急时往往会开出绕过堡垒机的捷径。\n\
\n\
## 依据\n\
ECS（经典网络）“搭建金融云推荐架构”第 4 步为堡垒机创建安全组，放行 VPN 客户端地址，端口为 22（Linux 堡垒机）或 3389（Windows 堡垒机）。常见问题“我无法登陆我的ECS”也指出：ECS 默认不允许登录，需要对 VPN 的客户端 IP 列表放行 SSH（tcp 22）或 RDP（tcp 3389）。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: opens the bastion's management port to the first SSL VPN — a rule in one of its groups that holds only bastions, else the group of another bastion that the VPN reaches, else a new group; none without an SSL VPN, or when drop rules block the VPN",
            "不安全：向第一个 SSL VPN 开放堡垒机的管理端口——在其只含堡垒机的安全组中加一条规则，否则加入 VPN 可达的另一台堡垒机的安全组，否则新建安全组；没有 SSL VPN 或拒绝规则挡住 VPN 时不修复"
        ),
        facts: facts,
    }
}

/// Whether the SSL VPN can reach bastion `b`'s management port through its security groups
/// (what this rule checks, for one bastion that is in a group).
pub(crate) fn bastion_reachable(cx: &Ctx<'_>, b: usize) -> bool {
    let groups = &cx.node_groups[b];
    let port = cx.node(b).os.management_port();
    if ssl_vpns(cx).next().is_none() || groups.is_empty() {
        return false;
    }
    let blocked = Drops::new(cx).blocked(groups, Protocol::Tcp, PortRange::single(port));
    reachable(cx, groups, port, &blocked, vpn_pool_unknown(cx))
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let b = cx.node_index(f.target.as_deref()?)?;
    let vpn = ssl_vpns(cx).next()?;
    let nd = cx.node(b);
    let (id, vid) = (&nd.id, &cx.node(vpn).id);
    let port = nd.os.management_port();
    let groups = &cx.node_groups[b];
    let join = |gid: &str| Edit::Push {
        array: ptr_join(&nd.ptr, "security_groups"),
        value: Json::str(gid),
    };
    if groups.is_empty() {
        // The group of another bastion, when the VPN reaches this one through it alone.
        let unknown_pool = vpn_pool_unknown(cx);
        let drops = Drops::new(cx);
        let other = cx
            .bastions
            .iter()
            .flat_map(|&o| &cx.node_groups[o])
            .find(|&&g| {
                let blocked = drops.blocked(&[g], Protocol::Tcp, PortRange::single(port));
                reachable(cx, &[g], port, &blocked, unknown_pool)
            });
        if let Some(&g) = other {
            let gid = &cx.design.security_groups[g].id;
            return Some(Fix::unsafe_(
                text!(
                    "put `{id}` in `{gid}`, the group through which the SSL VPN reaches another bastion",
                    "把 `{id}` 加入 `{gid}`，SSL VPN 经由该安全组可访问另一台堡垒机"
                ),
                vec![join(gid)],
            ));
        }
    } else {
        // A drop that blocks the VPN would cancel any accept.
        let blocked = Drops::new(cx).blocked(groups, Protocol::Tcp, PortRange::single(port));
        let pool = cx.node_addresses(vpn);
        if blocked.nodes.contains(&vid.as_str())
            || blocked.addrs.contains_cidr(Cidr::ALL)
            || pool.is_some_and(|p| blocked.addrs.contains_set(&p))
        {
            return None;
        }
        let own = groups
            .iter()
            .find(|&&g| cx.group_members[g].iter().all(|&m| cx.is_bastion(m)));
        if let Some(&g) = own {
            let sg = &cx.design.security_groups[g];
            let gid = &sg.id;
            return Some(Fix::unsafe_(
                text!(
                    "add to `{gid}` the rule {{ \"ports\": \"{port}\", \"from\": \"{vid}\" }}",
                    "在 `{gid}` 中添加规则 {{ \"ports\": \"{port}\", \"from\": \"{vid}\" }}"
                ),
                vec![Edit::Push {
                    array: ptr_join(&sg.ptr, "rules"),
                    value: sg_rule(Protocol::Tcp, port, vid),
                }],
            ));
        }
    }
    let (gid, group) = new_bastion_group(cx, vid, &[port], &[]);
    Some(Fix::unsafe_(
        text!(
            "put `{id}` in a new security group `{gid}` that admits the SSL VPN `{vid}` on port {port}",
            "把 `{id}` 加入新建的安全组 `{gid}`，该组对 SSL VPN `{vid}` 放行 {port} 端口"
        ),
        vec![
            Edit::Push {
                array: String::from("/security_groups"),
                value: group,
            },
            join(&gid),
        ],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if cx.bastions.is_empty() {
        return;
    }
    let first_vpn = ssl_vpns(cx).next();
    let unknown_pool = vpn_pool_unknown(cx);
    let drops = Drops::new(cx);
    for &b in &cx.bastions {
        let nd = cx.node(b);
        let id = &nd.id;
        let port = nd.os.management_port();
        let os = match nd.os {
            Os::Linux => "Linux",
            Os::Windows => "Windows",
        };
        let groups = &cx.node_groups[b];
        let Some(vpn) = first_vpn else {
            out.report(
                Some(id),
                nd.ptr.as_str(),
                text!(
                    "bastion `{id}` cannot be reached by operators: the design has no SSL VPN to log in from",
                    "运维人员无法访问堡垒机 `{id}`：设计中没有可供登录的 SSL VPN"
                ),
                text!(
                    "add a `vpn` node with \"type\": \"ssl\" and its \"client_ips\", and let the bastion's security group accept tcp port {port} from it",
                    "增加一个 \"type\": \"ssl\" 并写出 \"client_ips\" 的 `vpn` 节点，并让堡垒机的安全组对它放行 tcp {port} 端口"
                ),
            );
            continue;
        };
        let vid = &cx.node(vpn).id;
        if groups.is_empty() {
            out.report(
                Some(id),
                nd.ptr.as_str(),
                text!(
                    "bastion `{id}` is in no security group, so even the SSL VPN cannot reach its management port {port} ({os})",
                    "堡垒机 `{id}` 不属于任何安全组，连 SSL VPN 也无法访问它的管理端口 {port}（{os}）"
                ),
                text!(
                    "put `{id}` in a security group (e.g. `sg-bastion`) with a rule {{ \"ports\": \"{port}\", \"from\": \"{vid}\" }}",
                    "把 `{id}` 加入一个安全组（例如 `sg-bastion`），并添加规则 {{ \"ports\": \"{port}\", \"from\": \"{vid}\" }}"
                ),
            );
            continue;
        }
        let blocked = drops.blocked(groups, Protocol::Tcp, PortRange::single(port));
        if reachable(cx, groups, port, &blocked, unknown_pool) {
            continue;
        }
        let names = format_ids(
            groups
                .iter()
                .map(|&g| cx.design.security_groups[g].id.as_str()),
        );
        let g0 = &cx.design.security_groups[groups[0]].id;
        let ptr = ptr_join(&nd.ptr, "security_groups");
        out.report(
            Some(id),
            ptr,
            text!(
                "no rule of the security groups of bastion `{id}` ({names}) lets the SSL VPN client pool reach its management port: tcp {port} ({os})",
                "堡垒机 `{id}` 的安全组（{names}）中没有规则让 SSL VPN 客户端地址池访问其管理端口 tcp {port}（{os}）"
            ),
            text!(
                "add to `{g0}` the rule {{ \"ports\": \"{port}\", \"from\": \"{vid}\" }} (and make sure no drop rule blocks it)",
                "在 `{g0}` 中添加规则 {{ \"ports\": \"{port}\", \"from\": \"{vid}\" }}（并确认没有拒绝规则挡住它）"
            ),
        );
    }
}

/// Whether some accept rule of `groups` may let the VPN client pool in on tcp `port`.
fn reachable(
    cx: &Ctx<'_>,
    groups: &[usize],
    port: u16,
    blocked: &Blocked<'_>,
    unknown_pool: bool,
) -> bool {
    groups.iter().any(|&g| {
        cx.design.security_groups[g].rules.iter().any(|r| {
            if r.action != Action::Accept
                || !r.protocol.covers(Protocol::Tcp)
                || r.ports.is_some_and(|pr| !pr.contains(port))
            {
                return false;
            }
            match &r.from {
                // Any source, the pool among them, unless the drops surely block all of it.
                None => {
                    let pool_dropped = !unknown_pool
                        && !cx.vpn_pool.is_empty()
                        && blocked.addrs.contains_set(&cx.vpn_pool);
                    let vpns_dropped =
                        ssl_vpns(cx).all(|v| blocked.nodes.contains(&cx.node(v).id.as_str()));
                    !(blocked.addrs.contains_cidr(Cidr::ALL) || pool_dropped || vpns_dropped)
                }
                Some(Source::Node(vid)) => {
                    let Some(j) = cx.node_index(vid) else {
                        return false;
                    };
                    let vn = cx.node(j);
                    if !(vn.is(NodeKind::Vpn) && vn.vpn_type == Some(VpnType::Ssl))
                        || blocked.nodes.contains(&vid.as_str())
                    {
                        return false;
                    }
                    match cx.node_addresses(j) {
                        Some(pool) => !pool.difference(&blocked.addrs).is_empty(),
                        None => !blocked.addrs.contains_cidr(Cidr::ALL),
                    }
                }
                Some(Source::Cidr(c)) => {
                    let hit = AddrSet::from_cidrs(&[*c])
                        .intersection(&cx.vpn_pool)
                        .difference(&blocked.addrs);
                    !hit.is_empty() || (unknown_pool && !blocked.addrs.contains_cidr(*c))
                }
                Some(Source::Group(_)) | Some(Source::Invalid) => false,
            }
        })
    })
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    use alloc::vec::Vec;
    if cx.bastions.is_empty() {
        return f.not_applicable("no bastion", "没有堡垒机");
    }
    let groups: Vec<usize> = cx
        .bastions
        .iter()
        .flat_map(|&b| cx.node_groups[b].iter().copied())
        .collect();
    h::sg_rules(cx, f, &groups);
    h::pools(cx, f);
    h::untyped_vpns(cx, f);
}
