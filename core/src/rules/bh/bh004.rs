use crate::text::number_list;
use alloc::vec;
use alloc::vec::Vec;

use crate::fix::{Edit, Fix, Json};
use crate::model::ptr_join;
use crate::net::From;
use crate::rule::Finding;
use crate::rules::helpers::additions::carries_a_flow;

use super::vpn_pool_unknown;
use crate::cidr::AddrSet;
use crate::index::Ctx;
use crate::model::{PortRange, Protocol, Source};
use crate::net::ssl_vpns;
use crate::rule::Sink;
use crate::rules::helpers::{accepts_tcp_port, format_addrs, format_ids, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every accept rule of a bastion's security groups that opens the bastion's management
    /// port (tcp 22 on Linux, 3389 on Windows) from a CIDR must stay inside the SSL VPN client
    /// pools of the design. A CIDR with any address outside them (`0.0.0.0/0`, an office
    /// range, …) is reported; when the design has no SSL VPN, every CIDR is outside (and when
    /// an SSL VPN's pool is not written, only CIDRs with internet addresses are). Sources
    /// written as a node id or `sg:` group are not judged here, nor are rules with unknown
    /// ports, nor addresses that a drop rule of the bastion's groups blocks for the same port.
    /// One finding per rule, about its group, naming the bastions it exposes.
    ///
    /// ## Why
    /// The bastion is the one door to every server. Opening it to addresses other than the
    /// operators' VPN sessions puts that door in front of people who never authenticated to the
    /// VPN — on the internet, when the range is public.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3"] },
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
    ///                                      { "ports": "22", "from": "10.200.0.3" } ] } ],
    ///   "nodes": [
    ///     { "id": "vpn-mgmt", "kind": "vpn", "type": "ssl", "region": "hz",
    ///       "client_ips": ["10.200.0.2", "10.200.0.3"] },
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] } ] }
    /// ```
    ///
    /// ## Source
    /// Step 4 of "Building the recommended architecture" (ECS, classic network) creates the
    /// `sg-bastion` group with rules for exactly the client addresses listed under "My VPN",
    /// on port 22 (Linux bastion) or 3389 (Windows bastion), and assigns it to the two
    /// bastions. The "Security group configuration" section's first tip repeats that every
    /// client address of the VPN pool is the source to allow.
    pub struct BastionExposed {
        code: "BH004",
        name: "bastion-exposed",
        severity: Error,
        summary: (
            "A bastion's management port is open beyond the SSL VPN client pool",
            "堡垒机的管理端口对 SSL VPN 客户端地址池以外的地址开放"
        ),
        zh: "## 检查内容\n\
堡垒机所在安全组中，凡是以 CIDR 为来源放行堡垒机管理端口（Linux 为 tcp 22，Windows 为 3389）的允许规则，其地址都必须落在设计中 SSL VPN 的客户端地址池之内。只要有地址在地址池之外（`0.0.0.0/0`、办公网段等）就会报告；设计中没有 SSL VPN 时，任何 CIDR 都算在外（某个 SSL VPN 未写地址池时，只报告含互联网地址的 CIDR）。来源写成节点 id 或 `sg:` 安全组的规则不在此检查，端口未知的规则、以及被堡垒机安全组中针对同一端口的拒绝规则挡住的地址也不算。每条规则报告一次，指向其所在安全组，并列出暴露的堡垒机。\n\
\n\
## 原因\n\
堡垒机是通往所有服务器的唯一入口。把它开放给运维人员 VPN 会话以外的地址，等于把入口摆在没有经过 VPN 认证的人面前；若网段是公网地址，就是直接暴露在互联网上。\n\
\n\
## 依据\n\
ECS（经典网络）“搭建金融云推荐架构”第 4 步创建安全组 `sg-bastion`，规则中加入“我的VPN”里列出的全部客户端 IP，端口为 22（Linux 堡垒机）或 3389（Windows 堡垒机），并关联两台堡垒机。“安全组配置”一节的第一条提示也强调要放行的源就是 VPN 地址池中的全部客户端地址。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: removes the rule when the group already admits the SSL VPN by its id on the bastions' management ports, else writes the VPN's id as its source; none without an SSL VPN, or when a link of the design needs the range",
            "安全：若该安全组已按 id 对 SSL VPN 放行堡垒机的管理端口，就删除这条规则，否则把其来源改为 VPN 的 id；没有 SSL VPN、或设计中有连线依赖该网段时不修复"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let gi = cx.group_index(f.target.as_deref()?)?;
    let g = &cx.design.security_groups[gi];
    let rule = g.rules.iter().find(|r| r.ptr == f.pointer)?;
    let v = ssl_vpns(cx).next()?;
    let vid = &cx.node(v).id;
    if carries_a_flow(cx, gi, rule, |s| s == From::Node(v)) {
        return None;
    }
    let (gid, c) = (&g.id, rule.from_text.as_deref().unwrap_or(""));
    // Does another rule of the group already admit the VPN on every bastion's port?
    let admitted = cx.group_members[gi]
        .iter()
        .filter(|&&m| cx.is_bastion(m))
        .all(|&m| {
            let port = cx.node(m).os.management_port();
            g.rules.iter().any(|r| {
                r.ptr != rule.ptr
                    && accepts_tcp_port(r, port)
                    && matches!(&r.from, Some(Source::Node(id)) if id == vid)
            })
        });
    Some(if admitted {
        Fix::safe(
            text!(
                "remove the rule of `{gid}` that admits `{c}`: the group admits the SSL VPN `{vid}` already",
                "删除 `{gid}` 中放行 `{c}` 的规则：该安全组已经放行 SSL VPN `{vid}`"
            ),
            vec![Edit::Remove {
                at: rule.ptr.clone(),
            }],
        )
    } else {
        Fix::safe(
            text!(
                "replace the source `{c}` of the rule of `{gid}` with the SSL VPN `{vid}`",
                "把 `{gid}` 中该规则的来源 `{c}` 改为 SSL VPN `{vid}`"
            ),
            vec![Edit::Set {
                at: ptr_join(&rule.ptr, "from"),
                value: Json::str(vid),
            }],
        )
    })
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if cx.bastions.is_empty() {
        return;
    }
    let drops = Drops::new(cx);
    let vpn = ssl_vpns(cx).next().map(|i| cx.node(i).id.as_str());
    // A pool that is not written may be any private range.
    let unknown_pool = vpn_pool_unknown(cx);
    for (gi, g) in cx.design.security_groups.iter().enumerate() {
        let mut bastions: Vec<usize> = Vec::new();
        for &i in &cx.group_members[gi] {
            if cx.is_bastion(i) {
                bastions.push(i);
            }
        }
        if bastions.is_empty() {
            continue;
        }
        let gid = &g.id;
        for rule in &g.rules {
            let Some(Source::Cidr(c)) = rule.from else {
                continue;
            };
            if unknown_pool && c.is_private() {
                continue;
            }
            let mut exposed: Vec<&str> = Vec::new();
            let mut ports: Vec<u16> = Vec::new();
            let mut outside = AddrSet::new();
            for &b in &bastions {
                let port = cx.node(b).os.management_port();
                if !accepts_tcp_port(rule, port) {
                    continue;
                }
                let blocked =
                    drops.blocked(&cx.node_groups[b], Protocol::Tcp, PortRange::single(port));
                let o = AddrSet::from_cidrs(&[c])
                    .difference(&cx.vpn_pool)
                    .difference(&blocked.addrs);
                if o.is_empty() {
                    continue;
                }
                exposed.push(&cx.node(b).id);
                if !ports.contains(&port) {
                    ports.push(port);
                }
                outside = outside.union(&o);
            }
            if exposed.is_empty() {
                continue;
            }
            let ids = format_ids(exposed.iter().copied());
            let port = number_list(&ports, "/");
            let (msg, help) = if !c.is_private() {
                (
                    text!(
                        "security group `{gid}` opens management port {port} of bastion {ids} to `{c}`, which includes internet addresses",
                        "安全组 `{gid}` 向 `{c}` 开放了堡垒机 {ids} 的管理端口 {port}，其中包含互联网地址"
                    ),
                    help_text(gid, &c, vpn, &port),
                )
            } else if cx.vpn_pool.is_empty() {
                (
                    text!(
                        "security group `{gid}` opens management port {port} of bastion {ids} to `{c}`, but the design has no SSL VPN client pool that this range could be",
                        "安全组 `{gid}` 向 `{c}` 开放了堡垒机 {ids} 的管理端口 {port}，但设计中没有 SSL VPN 客户端地址池，这个网段不属于运维 VPN"
                    ),
                    help_text(gid, &c, vpn, &port),
                )
            } else {
                let extra = format_addrs(&outside);
                (
                    text!(
                        "security group `{gid}` opens management port {port} of bastion {ids} to `{c}`, which reaches beyond the SSL VPN client pool ({extra} are outside it)",
                        "安全组 `{gid}` 向 `{c}` 开放了堡垒机 {ids} 的管理端口 {port}，超出了 SSL VPN 客户端地址池（{extra} 不在池内）"
                    ),
                    help_text(gid, &c, vpn, &port),
                )
            };
            out.report(Some(gid), rule.ptr.as_str(), msg, help);
        }
    }
}

fn help_text(gid: &str, c: &crate::cidr::Cidr, vpn: Option<&str>, port: &str) -> crate::text::Text {
    match vpn {
        Some(vpn) => text!(
            "remove `{c}` and let `{gid}` accept port {port} only from the SSL VPN: its id `{vpn}` or each of its client addresses",
            "删除 `{c}`，让 `{gid}` 的 {port} 端口只允许来自 SSL VPN：写它的 id `{vpn}`，或逐一写出它的客户端地址"
        ),
        None => text!(
            "remove `{c}`, give the operators an SSL VPN (a `vpn` node with \"type\": \"ssl\" and its \"client_ips\") and let `{gid}` accept port {port} only from it",
            "删除 `{c}`，为运维人员配置 SSL VPN（\"type\": \"ssl\" 并写出 \"client_ips\" 的 `vpn` 节点），让 `{gid}` 的 {port} 端口只允许来自它"
        ),
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::model::Source;
    use crate::rules::helpers::facts as h;
    use alloc::vec::Vec;
    if cx.bastions.is_empty() {
        return f.not_applicable("no bastion", "没有堡垒机");
    }
    let mut groups: Vec<usize> = Vec::new();
    for &b in &cx.bastions {
        groups.extend_from_slice(&cx.node_groups[b]);
    }
    if groups.is_empty() {
        return f.not_applicable(
            "no bastion is in a security group",
            "没有属于安全组的堡垒机",
        );
    }
    h::sg_rules(cx, f, &groups);
    let private = groups.iter().any(|&g| {
        cx.design.security_groups[g]
            .rules
            .iter()
            .any(|r| matches!(r.from, Some(Source::Cidr(c)) if c.is_private()))
    });
    if private {
        // A private range is judged against the SSL VPN client pools.
        h::pools(cx, f);
        h::untyped_vpns(cx, f);
    }
}
