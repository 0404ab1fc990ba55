use alloc::vec::Vec;

use crate::cidr::AddrSet;
use crate::fix::{Edit, Fix, Json};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind, WhitelistEntry};
use crate::rule::{Finding, Sink};
use crate::rules::helpers::fix_parts::array_has_problems;
use crate::rules::helpers::quoted;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Only ECS instances may be clients of an RDS instance. Reported:
    /// - a whitelist address block wider than a /24 (prefix shorter than 24, e.g.
    ///   `0.0.0.0/0` or `10.0.0.0/16`); single addresses and blocks from /24 to /32 are fine;
    /// - a whitelist entry naming a node of the design that is not an ECS (an SLB, a VPN, an
    ///   `idc`, another RDS…);
    /// - a link to the RDS from a node that is not an ECS (links from `internet` are DB001's).
    ///
    /// Entries naming ids that do not exist are left to DF001, and nodes whose kind is unknown
    /// are not judged.
    ///
    /// ## Why
    /// The platform lets only ECS instances reach a managed database. A link from anything
    /// else will not connect, and a wide address block in the whitelist opens the database to
    /// far more than the application servers that need it.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "office", "kind": "idc" },
    ///              { "id": "db", "kind": "rds", "region": "hz",
    ///                "whitelist": [ "0.0.0.0/0", "office" ] } ],
    ///   "links": [ { "from": "office", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "office", "kind": "idc" },
    ///              { "id": "app-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "db", "kind": "rds", "region": "hz",
    ///                "whitelist": [ "app-1", "10.20.30.0/24" ] } ],
    ///   "links": [ { "from": "office", "to": "app-1", "port": 443 },
    ///              { "from": "app-1", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Source
    /// Section "金融云RDS产品特性" (features of financial-cloud RDS), item 5: the database takes no
    /// public connections and admits ECS instances as its only clients.
    pub struct NonEcsDatabaseClient {
        code: "DB002",
        name: "non-ecs-database-client",
        severity: Error,
        summary: ("An RDS instance admits a client that is not an ECS", "RDS 实例允许了非 ECS 的客户端"),
        zh: "## 检查内容\n\
RDS 实例只允许 ECS 作为客户端。以下情况会报告：\n\
- 白名单中的地址段比 /24 更宽（前缀短于 24，例如 `0.0.0.0/0` 或 `10.0.0.0/16`）；单个地址以及 /24 到 /32 的地址段不报告；\n\
- 白名单条目指向设计中一个不是 ECS 的节点（SLB、VPN、`idc`、另一个 RDS 等）；\n\
- 有连线从非 ECS 节点指向该 RDS（来自 `internet` 的连线由 DB001 负责）。\n\
\n\
指向不存在 id 的条目交给 DF001，类型未知的节点不做判断。\n\
\n\
## 原因\n\
平台只允许 ECS 实例访问云数据库。其他来源的连线无法连通；白名单里过宽的地址段则让远多于业务服务器的地址都能访问数据库。\n\
\n\
## 依据\n\
“金融云RDS产品特性”一节第 5 条：数据库不接受公网连接，只把 ECS 实例作为客户端。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: narrows the whitelist — an entry that is not an ECS, or a block wider than /24 (when some ECS link to the database), is replaced by the ECS that link to it and are not yet named; a link from another node has none",
            "安全：收窄白名单——把不是 ECS 的条目，或比 /24 更宽的地址段（在有 ECS 连接该数据库时），换成连接它且尚未列出的 ECS；来自其他节点的连线没有修复"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !n.is(NodeKind::Rds) {
            continue;
        }
        let id = &n.id;
        for e in n.whitelist.iter().flatten() {
            match e {
                WhitelistEntry::Addr(a) => {
                    let Some(c) = a.cidr else { continue };
                    if c.len >= 24 {
                        continue;
                    }
                    let block = &a.text;
                    let size = c.size();
                    out.report(
                        Some(id),
                        a.ptr.as_str(),
                        text!(
                            "the whitelist of RDS `{id}` admits `{block}` ({size} addresses), wider than a /24: only ECS instances should reach the database",
                            "RDS `{id}` 的白名单放行了 `{block}`（{size} 个地址），比 /24 更宽：数据库只应允许 ECS 实例访问"
                        ),
                        text!(
                            "replace `{block}` with the ids of the ECS clients, or with the /24 (or narrower) blocks they use",
                            "把 `{block}` 换成作为客户端的 ECS 的 id，或换成它们所在的 /24 及更小的地址段"
                        ),
                    );
                }
                WhitelistEntry::Node(r) => {
                    let Some(j) = cx.node_index(&r.id) else {
                        continue;
                    };
                    let other = cx.node(j);
                    let Some(kind) = other.kind else { continue };
                    if kind == NodeKind::Ecs {
                        continue;
                    }
                    let (oid, k) = (&other.id, kind.name());
                    out.report(
                        Some(id),
                        r.ptr.as_str(),
                        text!(
                            "the whitelist of RDS `{id}` names `{oid}`, a {k} node: only ECS instances may access RDS",
                            "RDS `{id}` 的白名单包含 `{oid}`（{k} 节点）：只有 ECS 实例可以访问 RDS"
                        ),
                        text!(
                            "remove `{oid}` from the whitelist of `{id}` and list the ECS instances that query the database",
                            "从 `{id}` 的白名单中删除 `{oid}`，改为列出实际访问数据库的 ECS 实例"
                        ),
                    );
                }
            }
        }
        for f in cx.flows_to(i) {
            if f.link.is_none() {
                continue; // implied by an SLB's backends: LB002's finding
            }
            let Endpoint::Node(j) = f.from else { continue };
            let other = cx.node(j);
            let Some(kind) = other.kind else { continue };
            if kind == NodeKind::Ecs {
                continue;
            }
            let (oid, k) = (&other.id, kind.name());
            out.report(
                Some(id),
                f.ptr,
                text!(
                    "a link goes to RDS `{id}` from `{oid}`, a {k} node: only ECS instances can connect to RDS",
                    "有一条从 `{oid}`（{k} 节点）到 RDS `{id}` 的连线：只有 ECS 实例能连接 RDS"
                ),
                text!(
                    "route the traffic of `{oid}` through an ECS application tier that connects to `{id}`",
                    "让 `{oid}` 的流量经由 ECS 应用层，再由这些 ECS 连接 `{id}`"
                ),
            );
        }
    }
}

/// Narrows the whitelist: the entry the finding is at goes; the ECS that link to the database,
/// are not named in the whitelist and were admitted by that entry (a wide block) take its
/// place, by id. Nothing is opened: a non-ECS entry admits no ECS, so it is only removed.
fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let i = cx.node_index(f.target.as_deref()?)?;
    let rds = cx.node(i);
    let list = rds.whitelist.as_deref()?;
    let entry = list.iter().find(|e| match e {
        WhitelistEntry::Node(r) => r.ptr == f.pointer,
        WhitelistEntry::Addr(a) => a.ptr == f.pointer,
    })?;
    let array = ptr_join(&rds.ptr, "whitelist");
    // (The loader left an element out: the list does not show the file's.)
    if array_has_problems(cx, &array) {
        return None;
    }
    let named = |id: &str| {
        list.iter()
            .any(|e| matches!(e, WhitelistEntry::Node(r) if r.id == id))
    };
    let mut linked = false;
    let mut clients: Vec<&str> = Vec::new();
    let (shown, block) = match entry {
        WhitelistEntry::Node(r) => (r.id.as_str(), None),
        WhitelistEntry::Addr(a) => (a.text.as_str(), Some(AddrSet::from_cidrs(&[a.cidr?]))),
    };
    if let Some(block) = &block {
        for fl in cx.flows_to(i) {
            let (Some(_), Endpoint::Node(e)) = (fl.link, fl.from) else {
                continue;
            };
            if !cx.is_ecs(e) {
                continue;
            }
            linked = true;
            let eid = cx.node(e).id.as_str();
            // An unknown address may be in the block, as DB003 reads it.
            let admitted = cx.node_addresses(e).is_none_or(|a| block.intersects(&a));
            if admitted && !named(eid) && !clients.contains(&eid) {
                clients.push(eid);
            }
        }
        // No ECS is drawn as a client: whom the block is for is not known.
        if !linked {
            return None;
        }
    }
    let id = &rds.id;
    if clients.is_empty() {
        return Some(Fix::safe(
            text!(
                "remove `{shown}` from the whitelist of `{id}`",
                "从 `{id}` 的白名单中删除 `{shown}`"
            ),
            alloc::vec![Edit::Remove {
                at: f.pointer.clone(),
            }],
        ));
    }
    let ids: Vec<Json> = clients.iter().map(|c| Json::str(c)).collect();
    let edits = if list.len() == 1 {
        alloc::vec![Edit::Set {
            at: array,
            value: Json::Arr(ids),
        }]
    } else {
        let mut e = alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }];
        for v in ids {
            e.push(Edit::Push {
                array: array.clone(),
                value: v,
            });
        }
        e
    };
    let (en, zh) = (quoted(&clients, ", "), quoted(&clients, "、"));
    Some(Fix::safe(
        text!(
            "replace `{shown}` in the whitelist of `{id}` with the ECS that connect to it: {en}",
            "把 `{id}` 白名单中的 `{shown}` 换成连接它的 ECS：{zh}"
        ),
        edits,
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    let kind = crate::model::NodeKind::Rds;
    h::lacking(
        cx,
        f,
        kind,
        ("no RDS", "没有 RDS"),
        &h::NO_WHITELIST,
        |n| n.whitelist.is_none(),
    );
}
