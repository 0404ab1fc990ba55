use alloc::vec;

use crate::index::Ctx;
use crate::model::{PortRange, Protocol, Source};
use crate::net::managed_from_bastions;
use crate::rule::Sink;
use crate::rules::helpers::{accepts_tcp_port, Drops};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the design has a bastion, every production ECS must be manageable from it: some
    /// bastion reaches the ECS's management port (tcp 22 on Linux, 3389 on Windows) through
    /// the ECS's security groups, either directly (the star path) or through a chain of
    /// production ECS, each reachable on its management port from the previous one (the
    /// serial path G1 → G2 → G3). A source matches by node id, by `sg:` group membership, or by
    /// a CIDR that may contain the previous hop's address; unknown ports or sources count as
    /// reaching. A drop wins over an accept, whatever their order: a hop whose traffic a drop
    /// rule of the ECS's groups surely matches (by node id, `sg:` membership, or a CIDR holding
    /// all of the hop's addresses; `0.0.0.0/0` blocks every hop) does not count.
    ///
    /// ## Why
    /// Security groups admit nothing by default. A server added later and never put in the
    /// right group cannot be managed through the bastion, and the usual "quick fix" is a rule
    /// that bypasses the bastion altogether.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [] },
    ///     { "id": "sg-production", "rules": [ { "ports": "22", "from": "sg:sg-bastion" } ] },
    ///     { "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] },
    ///     { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-production"] },
    ///     { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-web"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [
    ///     { "id": "sg-bastion", "rules": [] },
    ///     { "id": "sg-production", "rules": [ { "ports": "22", "from": "sg:sg-bastion" } ] },
    ///     { "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" } ] } ],
    ///   "nodes": [
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///       "security_groups": ["sg-bastion"] },
    ///     { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-production"] },
    ///     { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///       "security_groups": ["sg-web", "sg-production"] } ] }
    /// ```
    ///
    /// ## Source
    /// Step 6 of "Building the recommended architecture" (ECS, classic network) warns that a
    /// newly created server has to be added by hand to the right security group before the
    /// bastion can reach it. "Recommended security group architecture" describes the two
    /// management paths this rule follows: serial (G1 bastions → G2 → G3, one hop per layer)
    /// and star (every group admits G1).
    pub struct UnmanagedInstance {
        code: "BH009",
        name: "unmanaged-instance",
        severity: Warning,
        summary: (
            "A production server cannot be managed from any bastion",
            "生产服务器无法通过任何堡垒机管理"
        ),
        zh: "## 检查内容\n\
设计中有堡垒机时，每台生产 ECS 都必须能由堡垒机管理：某台堡垒机可以经由该 ECS 的安全组访问其管理端口（Linux 为 tcp 22，Windows 为 3389），可以是直接访问（星型路径），也可以经过一串生产 ECS，每一台都能从上一台访问其管理端口（串行路径 G1 → G2 → G3）。来源按节点 id、`sg:` 安全组成员关系，或可能包含上一跳地址的 CIDR 匹配；端口或来源未知时视为可以访问。拒绝规则优先于允许规则，与先后顺序无关：该 ECS 安全组中的拒绝规则一定匹配的那一跳（按节点 id、`sg:` 成员关系，或包含上一跳全部地址的 CIDR；`0.0.0.0/0` 挡住所有跳）不算。\n\
\n\
## 原因\n\
安全组默认不放行任何访问。后来新建、却没有加入相应安全组的服务器无法通过堡垒机管理，而常见的“临时办法”就是加一条绕过堡垒机的规则。\n\
\n\
## 依据\n\
ECS（经典网络）“搭建金融云推荐架构”第 6 步提醒：新建的服务器需要手工加入相应的安全组后，才能被堡垒机访问。“安全组推荐架构”描述了本规则遵循的两种运维路径：串行（G1 堡垒机 → G2 → G3，逐层跳转）和星型（各组都允许 G1 访问）。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds to the first security group of the ECS a rule admitting the bastions (their group, `sg:<id>`, or the bastion) on its management port; none for an ECS in no group (SG003's fix), when the bastions' group holds other instances, or when a drop rule would block the bastions",
            "不安全：在该 ECS 的第一个安全组中添加一条规则，对堡垒机（其安全组 `sg:<id>`，或堡垒机本身）放行其管理端口；ECS 不在任何安全组中（见 SG003 的修复）、堡垒机的安全组含其他实例、或拒绝规则会挡住堡垒机时不修复"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    use crate::model::ptr_join;
    use crate::rules::helpers::additions::sg_rule;
    let i = cx.node_index(f.target.as_deref()?)?;
    let &g0 = cx.node_groups[i].first()?;
    let src = super::bastion_from(cx)?;
    let source = match src.strip_prefix("sg:") {
        Some(g) => Source::Group(alloc::string::String::from(g)),
        None => Source::Node(src.clone()),
    };
    let port = cx.node(i).os.management_port();
    if Drops::new(cx).cancels(
        cx,
        &cx.node_groups[i],
        Protocol::Tcp,
        PortRange::single(port),
        &source,
    ) {
        return None;
    }
    let g = &cx.design.security_groups[g0];
    let (id, gid) = (&cx.node(i).id, &g.id);
    Some(Fix::unsafe_(
        text!(
            "add to `{gid}` the rule {{ \"ports\": \"{port}\", \"from\": \"{src}\" }} so that the bastions can manage `{id}`",
            "在 `{gid}` 中添加规则 {{ \"ports\": \"{port}\", \"from\": \"{src}\" }}，让堡垒机可以管理 `{id}`"
        ),
        vec![Edit::Push {
            array: ptr_join(&g.ptr, "rules"),
            value: sg_rule(Protocol::Tcp, port, &src),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if cx.bastions.is_empty() {
        return;
    }
    let reached = managed_from_bastions(cx);
    let drops = Drops::new(cx);
    let mut has_bastion = vec![false; cx.design.security_groups.len()];
    for &b in &cx.bastions {
        for &g in &cx.node_groups[b] {
            has_bastion[g] = true;
        }
    }
    // A group that evidently admits management from the bastions, per management port.
    let evident = |port: u16| -> Option<&str> {
        cx.design
            .security_groups
            .iter()
            .enumerate()
            .find_map(|(gi, g)| {
                g.rules
                    .iter()
                    .any(|r| {
                        accepts_tcp_port(r, port)
                            && r.from.as_ref().is_some_and(|src| {
                                !drops.cancels(
                                    cx,
                                    &[gi],
                                    Protocol::Tcp,
                                    PortRange::single(port),
                                    src,
                                )
                            })
                            && match &r.from {
                                Some(Source::Node(id)) => {
                                    cx.node_index(id).is_some_and(|j| cx.is_bastion(j))
                                }
                                Some(Source::Group(s)) => {
                                    cx.group_index(s).is_some_and(|gi| has_bastion[gi])
                                }
                                _ => false,
                            }
                    })
                    .then_some(g.id.as_str())
            })
    };
    let evident_22 = evident(22);
    let evident_3389 = evident(3389);
    let bastion_group = cx
        .bastions
        .iter()
        .find_map(|&b| cx.node_groups[b].first())
        .map(|&g| cx.design.security_groups[g].id.as_str());
    for (i, nd) in cx.design.nodes.iter().enumerate() {
        if !cx.production[i] || reached.get(i).copied().unwrap_or(true) {
            continue;
        }
        let id = &nd.id;
        let port = nd.os.management_port();
        let msg = text!(
            "production ECS `{id}` cannot be reached on its management port {port} from any bastion, neither directly nor through other production ECS",
            "生产 ECS `{id}` 的管理端口 {port} 无法从任何堡垒机访问，既不能直接访问，也不能经由其他生产 ECS 跳转"
        );
        let fit = if port == 22 { evident_22 } else { evident_3389 };
        let help = match (fit, bastion_group) {
            (Some(g), _) => text!(
                "add `{g}` to the \"security_groups\" of `{id}`: that group accepts port {port} from the bastions",
                "把 `{g}` 加入 `{id}` 的 \"security_groups\"：该安全组允许堡垒机访问 {port} 端口"
            ),
            (None, Some(bg)) => text!(
                "put `{id}` in a security group with the rule {{ \"ports\": \"{port}\", \"from\": \"sg:{bg}\" }} (or one admitting a production group the bastions reach)",
                "把 `{id}` 加入一个含规则 {{ \"ports\": \"{port}\", \"from\": \"sg:{bg}\" }} 的安全组（或允许堡垒机可达的某个生产安全组访问）"
            ),
            (None, None) => {
                let b = &cx.node(cx.bastions[0]).id;
                text!(
                    "put `{id}` in a security group with the rule {{ \"ports\": \"{port}\", \"from\": \"{b}\" }}",
                    "把 `{id}` 加入一个含规则 {{ \"ports\": \"{port}\", \"from\": \"{b}\" }} 的安全组"
                )
            }
        };
        out.report(Some(id), nd.ptr.as_str(), msg, help);
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    use alloc::vec::Vec;
    if cx.bastions.is_empty() {
        return f.not_applicable("no bastion", "没有堡垒机");
    }
    if !h::production(cx, f) {
        return;
    }
    let prod: Vec<usize> = (0..cx.design.nodes.len())
        .filter(|&i| cx.production[i])
        .collect();
    let mut groups: Vec<usize> = Vec::new();
    for &i in &prod {
        groups.extend_from_slice(&cx.node_groups[i]);
    }
    h::sg_rules(cx, f, &groups);
    if h::any_cidr_rule(cx, &groups) {
        // An address rule admits a bastion or an ECS on the path by its vSwitch's range.
        let mut g = GapBuilder::new(&h::VSWITCH_NO_CIDR);
        for &i in cx.bastions.iter().chain(&prod) {
            h::addressless(cx, i, &mut g);
        }
        f.push(g);
    }
}
