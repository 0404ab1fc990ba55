use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::rules::helpers::quoted;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An ECS with `"reconnect": false` that has a link to an RDS node. One finding per ECS,
    /// naming every RDS it connects to. An ECS that does not say is not reported.
    ///
    /// ## Why
    /// RDS switches to its standby automatically when it fails, and the switch may drop the
    /// open connections. Software that does not reconnect by itself keeps failing on dead
    /// connections although the database is available again.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b", "reconnect": false },
    ///              { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b", "reconnect": true },
    ///              { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Source
    /// "Financial cloud RDS features": after a failover the network connection may be broken,
    /// so the guide recommends that business programs contain fault-tolerant logic that
    /// reconnects automatically.
    pub struct NoReconnect {
        code: "HA007",
        name: "no-reconnect",
        severity: Info,
        summary: (
            "An ECS that uses RDS does not reconnect after a failover",
            "使用 RDS 的 ECS 在故障切换后不会自动重连"
        ),
        zh: "## 检查内容\n\
写明了 `\"reconnect\": false` 且有连线指向 RDS 节点的 ECS。每台 ECS 报告一次，列出它连接的所有 RDS。没有写该字段的 ECS 不报告。\n\
\n\
## 原因\n\
RDS 故障时会自动切换到备用实例，切换可能断开已建立的连接。不会自行重连的程序会一直在失效的连接上出错，即使数据库早已恢复可用。\n\
\n\
## 依据\n\
“金融云RDS产品特性”一节：故障切换后网络连接可能断开，指南建议业务程序中加入自动重连的容错逻辑。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets \"reconnect\": true (the software still has to reconnect when a connection breaks)",
            "安全：设置 \"reconnect\": true（程序仍需在连接断开时自动重连）"
        ),
        facts: facts,
    }
}

fn fix(_: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let id = f.target.as_deref()?;
    Some(Fix::safe(
        text!(
            "set \"reconnect\": true on `{id}`",
            "将 `{id}` 设置为 \"reconnect\": true"
        ),
        alloc::vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::Bool(true),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !n.is(NodeKind::Ecs) || n.reconnect != Some(false) {
            continue;
        }
        let mut rds: Vec<&str> = Vec::new();
        for f in cx.flows_from(i) {
            let to = cx.node(f.to);
            if to.is(NodeKind::Rds) && !rds.contains(&to.id.as_str()) {
                rds.push(&to.id);
            }
        }
        if rds.is_empty() {
            continue;
        }
        let id = &n.id;
        let (list_en, list_zh) = (quoted(&rds, ", "), quoted(&rds, "、"));
        out.report(
            Some(id),
            ptr_join(&n.ptr, "reconnect"),
            text!(
                "`{id}` uses {list_en} but does not reconnect: an RDS failover can drop its connections for good",
                "`{id}` 使用 {list_zh}，但不会自动重连：RDS 故障切换可能使它的连接一直处于断开状态"
            ),
            text!(
                "make the software of `{id}` reconnect to the database when a connection breaks, then set \"reconnect\": true",
                "让 `{id}` 上的程序在连接断开时自动重连数据库，然后设置 \"reconnect\": true"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static RECONNECT: Lack = Lack::new(
        "{id} links to an RDS but does not say whether it reconnects after a failover (reconnect)",
        "{id} 连接 RDS，但没有写故障切换后是否自动重连（reconnect）",
        "{n} ECS link to an RDS but do not say whether they reconnect after a failover (reconnect)",
        "{n} 台连接 RDS 的 ECS 没有写故障切换后是否自动重连（reconnect）",
    );
    let mut g = GapBuilder::new(&RECONNECT);
    let mut any = false;
    for (e, _) in h::ecs_to_rds(cx) {
        any = true;
        let n = cx.node(e);
        if n.reconnect.is_none() && !n.external {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
    if !any {
        f.not_applicable("no ECS links to an RDS", "没有连接 RDS 的 ECS");
    }
}
