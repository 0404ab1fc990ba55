use crate::index::Ctx;
use crate::model::{NodeKind, WhitelistEntry};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An RDS `whitelist` must not name a bastion (an ECS with `"role": "bastion"`). Each such
    /// entry is reported, at the entry. Address entries are not judged: which ECS an address
    /// belongs to is not written in the design.
    ///
    /// ## Why
    /// The bastion is where operators land with interactive shells. Whitelisting it on the
    /// database turns every operator session into direct database access, outside the layered
    /// path. Database administration normally happens in the RDS web console; when a client is
    /// needed, it runs from a business server reached through the bastion.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" },
    ///     { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b" },
    ///     { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql",
    ///       "whitelist": ["app-1", "bastion-b"] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [
    ///     { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" },
    ///     { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b" },
    ///     { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql",
    ///       "whitelist": ["app-1"] } ] }
    /// ```
    ///
    /// ## Source
    /// "Recommended security group architecture" notes that RDS is not governed by security
    /// groups but by its own whitelist, and advises against putting the jump host's address in
    /// that whitelist: RDS is usually administered from the web console, or else by logging in
    /// to the jump host and then hopping through a business server (multi-level jump).
    pub struct BastionInRdsWhitelist {
        code: "BH008",
        name: "bastion-in-rds-whitelist",
        severity: Warning,
        summary: ("An RDS whitelist contains a bastion", "RDS 白名单中包含堡垒机"),
        zh: "## 检查内容\n\
RDS 的 `whitelist` 中不应出现堡垒机（`\"role\": \"bastion\"` 的 ECS）。每个这样的条目都会被报告，指向该条目。地址条目不作判断：设计中没有写明地址属于哪台 ECS。\n\
\n\
## 原因\n\
堡垒机是运维人员登录后进行交互操作的地方。把它加入数据库白名单，每个运维会话都能直接访问数据库，脱离了分层运维路径。数据库运维通常在 RDS 的 Web 控制台进行；确需客户端时，应经堡垒机登录业务服务器后再从那里连接。\n\
\n\
## 依据\n\
“安全组推荐架构”一节指出 RDS 不适用安全组，而是使用自己的白名单，并且不建议把跳板机的 IP 加入 RDS 白名单：RDS 运维通常在 Web 控制台进行，否则建议先登录跳板机，再以业务服务器作跳板（多级跳板）来运维 RDS。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: removes the bastion from the whitelist, unless it has a link to that RDS",
            "安全：把堡垒机从白名单中删除，除非它有连向该 RDS 的连线"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    let d = cx.node_index(f.target.as_deref()?)?;
    let bid = cx
        .node(d)
        .whitelist
        .iter()
        .flatten()
        .find_map(|e| match e {
            WhitelistEntry::Node(r) if r.ptr == f.pointer => Some(r.id.as_str()),
            _ => None,
        })?;
    let b = cx.node_index(bid)?;
    if cx.flows_from(b).any(|fl| fl.to == d) {
        return None;
    }
    let rid = &cx.node(d).id;
    Some(Fix::safe(
        text!(
            "remove `{bid}` from the whitelist of `{rid}`",
            "把 `{bid}` 从 `{rid}` 的白名单中删除"
        ),
        alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for nd in &cx.design.nodes {
        if !nd.is(NodeKind::Rds) {
            continue;
        }
        let rid = &nd.id;
        for e in nd.whitelist.iter().flatten() {
            let WhitelistEntry::Node(r) = e else { continue };
            let Some(j) = cx.node_index(&r.id) else {
                continue;
            };
            if !cx.is_bastion(j) {
                continue;
            }
            let bid = &r.id;
            out.report(
                Some(rid),
                r.ptr.as_str(),
                text!(
                    "the whitelist of RDS `{rid}` contains the bastion `{bid}`",
                    "RDS `{rid}` 的白名单中包含堡垒机 `{bid}`"
                ),
                text!(
                    "remove `{bid}` from the whitelist of `{rid}`: administer the database in the RDS console, or from a business server reached through the bastion",
                    "把 `{bid}` 从 `{rid}` 的白名单中移除：在 RDS 控制台运维数据库，或经堡垒机登录业务服务器后再连接数据库"
                ),
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    if cx.bastions.is_empty() {
        return f.not_applicable("no bastion", "没有堡垒机");
    }
    if !h::any(cx, NodeKind::Rds) {
        return f.not_applicable("no RDS", "没有 RDS");
    }
    let mut g = GapBuilder::new(&h::NO_WHITELIST);
    for (_, n) in h::nodes(cx, NodeKind::Rds) {
        if n.whitelist.is_none() {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}
