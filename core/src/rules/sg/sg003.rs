use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::rules::helpers::{format_ids, quoted};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every production ECS must be in at least one security group that exists in the design.
    /// An ECS without `security_groups`, with an empty list, or listing only ids that are not
    /// security groups of the design, is reported.
    ///
    /// ## Why
    /// A security group admits nothing by default, and an instance in none at all is reachable
    /// by nobody: not its load balancer, not its callers, not the bastion. The design promises
    /// a service that cannot work, or leaves the real rules to be improvised at deployment.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "security_groups": [ { "id": "sg-production", "rules": [] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "security_groups": ["sg-production"] },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "security_groups": [ { "id": "sg-production", "rules": [] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "security_groups": ["sg-production"] },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c",
    ///                "security_groups": ["sg-production"] } ] }
    /// ```
    ///
    /// ## Source
    /// The FAQ on connecting over a leased line or VPN stresses that ECS security groups by
    /// default let no source in, so the groups have to be opened explicitly; the ECS FAQ
    /// ("I cannot log in to my ECS") says the same for logins.
    pub struct UngroupedInstance {
        code: "SG003",
        name: "ungrouped-instance",
        severity: Warning,
        summary: (
            "A production server is in no security group",
            "生产服务器不属于任何安全组"
        ),
        zh: "## 检查内容\n\
每台生产 ECS 都必须至少属于一个设计中存在的安全组。没有 `security_groups`、列表为空，或列出的 id 都不是设计中的安全组时，都会被报告。\n\
\n\
## 原因\n\
安全组默认不放行任何访问，不属于任何安全组的实例谁也访问不了：负载均衡、调用方、堡垒机都不行。设计承诺的服务无法工作，或者真正的规则只能在部署时临时拼凑。\n\
\n\
## 依据\n\
专线/VPN 接入的常见问题强调：ECS 安全组默认不允许任何源访问，必须显式放行；ECS 常见问题“我无法登陆我的ECS”对登录也有同样的说明。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: puts the ECS in the security groups of the first other instance of its module that is in some, when they admit every flow of the design to it",
            "不安全：把该 ECS 加入同模块中第一台有安全组的其他实例所在的安全组，前提是这些安全组放行设计中到达它的每一条流量"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::net::{flow_protocol, groups_accept, From, Verdict};
    let i = cx.node_index(f.target.as_deref()?)?;
    let nd = cx.node(i);
    let groups = cx
        .modules
        .get_str(nd.module_name())?
        .iter()
        .map(|&m| &cx.node_groups[m])
        .find(|gs| !gs.is_empty())?;
    for fl in cx.flows_to(i) {
        let Some(port) = fl.port else { continue };
        let proto = flow_protocol(fl.protocol);
        if groups_accept(cx, groups, proto, port, From::of(fl.from)) == Verdict::No {
            return None;
        }
    }
    let names: Vec<&str> = groups
        .iter()
        .map(|&g| cx.design.security_groups[g].id.as_str())
        .collect();
    let id = &nd.id;
    let (en, zh) = (quoted(&names, ", "), quoted(&names, "、"));
    Some(Fix::unsafe_(
        text!(
            "put `{id}` in {en}, like the other instances of its module",
            "与同模块的其他实例一样，把 `{id}` 加入 {zh}"
        ),
        names
            .iter()
            .map(|g| Edit::Push {
                array: ptr_join(&nd.ptr, "security_groups"),
                value: Json::str(g),
            })
            .collect(),
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    // A group some production ECS already uses, to suggest.
    let mut suggestion: Option<&str> = None;
    for (i, gs) in cx.node_groups.iter().enumerate() {
        if cx.production[i] {
            if let Some(&g) = gs.first() {
                suggestion = Some(&cx.design.security_groups[g].id);
                break;
            }
        }
    }
    for (i, nd) in cx.design.nodes.iter().enumerate() {
        if !cx.production[i] || !cx.node_groups[i].is_empty() {
            continue;
        }
        let id = &nd.id;
        // A group of another instance of the same module fits best.
        let sibling = cx.modules.get_str(nd.module_name()).and_then(|ms| {
            ms.iter()
                .find_map(|&m| cx.node_groups[m].first())
                .map(|&g| cx.design.security_groups[g].id.as_str())
        });
        let help = match sibling.or(suggestion) {
            Some(g) => text!(
                "add `{id}` to a security group that admits what it serves, e.g. \"security_groups\": [\"{g}\"]",
                "把 `{id}` 加入放行其服务的安全组，例如 \"security_groups\": [\"{g}\"]"
            ),
            None => text!(
                "define a security group that admits what `{id}` serves (its callers, and the bastion on its management port) and list it in \"security_groups\"",
                "定义一个放行 `{id}` 所提供服务的安全组（放行其调用方，并允许堡垒机访问其管理端口），并写入 \"security_groups\""
            ),
        };
        if nd.security_groups.is_empty() {
            out.report(
                Some(id),
                nd.ptr.as_str(),
                text!(
                    "production ECS `{id}` is in no security group: security groups admit nothing by default, so nothing can reach it",
                    "生产 ECS `{id}` 不属于任何安全组：安全组默认不放行任何访问，因此没有任何来源能访问它"
                ),
                help,
            );
        } else {
            let listed: Vec<&str> = nd.security_groups.iter().map(|r| r.id.as_str()).collect();
            let names = format_ids(listed.iter().copied());
            out.report(
                Some(id),
                ptr_join(&nd.ptr, "security_groups"),
                text!(
                    "none of the security groups production ECS `{id}` lists ({names}) exists in the design, so nothing can reach it",
                    "生产 ECS `{id}` 列出的安全组（{names}）在设计中都不存在，因此没有任何来源能访问它"
                ),
                help,
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    h::production(cx, f);
}
