use alloc::string::String;

use crate::fix::{Edit, Fix};
use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind, Source};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Security groups are for ECS instances only. Reported:
    /// - a security-group rule whose `from` is the id of an RDS node (one finding per rule);
    /// - an RDS node that lists `security_groups` (one finding per RDS).
    ///
    /// ## Why
    /// RDS does not take part in security groups: it is guarded by its own whitelist, set in
    /// the console. A group rule naming an RDS as a source, or an RDS placed in a group, has no
    /// effect, so the access control the design relies on does not exist.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [ { "id": "sg-app", "rules": [ { "ports": "8080", "from": "db" } ] },
    ///                        { "id": "sg-db", "rules": [ { "ports": "3306", "from": "sg:sg-app" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b", "security_groups": [ "sg-app" ] },
    ///              { "id": "db", "kind": "rds", "region": "hz", "security_groups": [ "sg-db" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "security_groups": [ { "id": "sg-app", "rules": [ { "ports": "8080", "from": "10.1.2.0/24" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b", "security_groups": [ "sg-app" ] },
    ///              { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1" ] } ] }
    /// ```
    ///
    /// ## Source
    /// Chapter "安全组配置", section "安全组推荐架构" (recommended security-group layout): security groups
    /// divide ECS into security domains and do not apply to other cloud products; RDS in
    /// particular uses its own whitelist, configured in the console.
    pub struct RdsInSecurityGroup {
        code: "DB004",
        name: "rds-in-security-group",
        severity: Error,
        summary: ("A security group names an RDS instance", "安全组中使用了 RDS 实例"),
        zh: "## 检查内容\n\
安全组只作用于 ECS 实例。以下情况会报告：\n\
- 安全组规则的 `from` 是某个 RDS 节点的 id（每条规则报告一次）；\n\
- RDS 节点写了 `security_groups`（每个 RDS 报告一次）。\n\
\n\
## 原因\n\
RDS 不受安全组控制，它有自己的白名单，在控制台中设置。以 RDS 作为来源的安全组规则、或把 RDS 放进安全组，都不会生效，设计所依赖的访问控制实际上并不存在。\n\
\n\
## 依据\n\
“安全组配置”一章的“安全组推荐架构”一节：安全组用来划分 ECS 的安全域，不适用于其他云产品；RDS 就不使用安全组，而是使用自己的白名单，在控制台中配置。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: removes the security-group rule whose source is the RDS (it matches no traffic), or the RDS's \"security_groups\"",
            "安全：删除以 RDS 为来源的安全组规则（它不匹配任何流量），或删除 RDS 的 \"security_groups\""
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for g in &cx.design.security_groups {
        let gid = &g.id;
        for r in &g.rules {
            let Some(Source::Node(src)) = &r.from else {
                continue;
            };
            let Some(j) = cx.node_index(src) else {
                continue;
            };
            if !cx.node(j).is(NodeKind::Rds) {
                continue;
            }
            out.report(
                Some(gid),
                ptr_join(&r.ptr, "from"),
                text!(
                    "a rule of security group `{gid}` takes RDS `{src}` as its source: RDS is not governed by security groups, so the rule matches nothing",
                    "安全组 `{gid}` 的一条规则以 RDS `{src}` 作为来源：RDS 不受安全组控制，这条规则不会匹配任何流量"
                ),
                text!(
                    "remove this rule from `{gid}`; to control who reaches `{src}`, edit the whitelist of `{src}`",
                    "从 `{gid}` 中删除这条规则；要控制谁能访问 `{src}`，请修改 `{src}` 的白名单"
                ),
            );
        }
    }
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Rds) || n.security_groups.is_empty() {
            continue;
        }
        let id = &n.id;
        let mut groups = String::new();
        for (k, g) in n.security_groups.iter().enumerate() {
            if k > 0 {
                groups.push_str(", ");
            }
            groups.push('`');
            groups.push_str(&g.id);
            groups.push('`');
        }
        out.report(
            Some(id),
            ptr_join(&n.ptr, "security_groups"),
            text!(
                "RDS `{id}` lists security groups ({groups}): security groups do not apply to RDS, which is protected by its whitelist",
                "RDS `{id}` 写了安全组（{groups}）：安全组不适用于 RDS，RDS 由白名单保护"
            ),
            text!(
                "remove \"security_groups\" from `{id}` and put its ECS clients in its \"whitelist\" instead",
                "删除 `{id}` 的 \"security_groups\"，改为把访问它的 ECS 写入 \"whitelist\""
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let d = cx.design;
    let Some(rule_ptr) = f.pointer.strip_suffix("/from") else {
        // The RDS's own `security_groups`.
        let id = f.target.as_deref()?;
        return Some(Fix::safe(
            text!(
                "remove \"security_groups\" from RDS `{id}`",
                "删除 RDS `{id}` 的 \"security_groups\""
            ),
            alloc::vec![Edit::Remove {
                at: f.pointer.clone(),
            }],
        ));
    };
    let (gi, g, rule) = d.security_groups.iter().enumerate().find_map(|(gi, g)| {
        let r = g.rules.iter().find(|r| r.ptr == rule_ptr)?;
        Some((gi, g, r))
    })?;
    let Some(Source::Node(src)) = &rule.from else {
        return None;
    };
    let rds = cx.node_index(src)?;
    // A link drawn from the RDS to a member of the group is matched by the id: the rule is not
    // inert then.
    if cx
        .flows_from(rds)
        .any(|fl| cx.group_members[gi].contains(&fl.to))
    {
        return None;
    }
    let gid = &g.id;
    Some(Fix::safe(
        text!(
            "remove the rule of `{gid}` whose source is RDS `{src}`",
            "删除 `{gid}` 中以 RDS `{src}` 为来源的规则"
        ),
        alloc::vec![Edit::Remove {
            at: alloc::string::String::from(rule_ptr),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    if !h::any(cx, crate::model::NodeKind::Rds) {
        f.not_applicable("no RDS", "没有 RDS");
    }
}
