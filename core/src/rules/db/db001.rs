use crate::fix::{Edit, Fix};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An RDS instance must not be reachable from the internet: it is reported when it sets
    /// `"public": true`, and for every link that comes to it from `internet`.
    ///
    /// ## Why
    /// A managed database of the financial cloud has no public endpoint. A design that expects
    /// internet clients to connect to it cannot work, and asking for such exposure puts the
    /// data at risk. Internet users reach an application tier (SLB and ECS), and only that tier
    /// talks to the database.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "public": true } ],
    ///   "links": [ { "from": "internet", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "db", "kind": "rds", "region": "hz", "public": false,
    ///                "whitelist": [ "app-1" ] } ],
    ///   "links": [ { "from": "app-1", "to": "db", "port": 3306 } ] }
    /// ```
    ///
    /// ## Source
    /// Section "金融云RDS产品特性" (features of financial-cloud RDS), item 5: RDS on the financial cloud
    /// accepts no connections from the public network; only ECS instances may connect to it.
    pub struct PublicDatabase {
        code: "DB001",
        name: "public-database",
        severity: Error,
        summary: ("An RDS instance is exposed to the internet", "RDS 实例暴露在互联网上"),
        zh: "## 检查内容\n\
RDS 实例不得从互联网访问：设置了 `\"public\": true` 时报告，每条从 `internet` 指向它的连线也各报告一次。\n\
\n\
## 原因\n\
金融云的云数据库没有公网地址。期望互联网客户端直接连接数据库的设计无法实现，申请这种暴露也会让数据面临风险。互联网用户应访问应用层（SLB 与 ECS），只由应用层访问数据库。\n\
\n\
## 依据\n\
“金融云RDS产品特性”一节第 5 条：金融云上的 RDS 不接受来自公网的连接，只有 ECS 实例可以连接它。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: removes \"public\": true; a link from the internet has none, because which application tier should take that traffic is the design's choice",
            "安全：删除 \"public\": true；来自互联网的连线没有修复，因为由哪个应用层承接这些流量由设计决定"
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
        if n.public == Some(true) {
            out.report(
                Some(id),
                ptr_join(&n.ptr, "public"),
                text!(
                    "RDS `{id}` asks for a public endpoint (\"public\": true): the financial cloud's RDS accepts no connections from the internet",
                    "RDS `{id}` 申请了公网访问（\"public\": true）：金融云 RDS 不接受来自互联网的连接"
                ),
                text!(
                    "remove \"public\": true from `{id}` and let internet users reach an SLB and ECS tier that connects to the database",
                    "去掉 `{id}` 的 \"public\": true，让互联网用户访问 SLB 与 ECS 组成的应用层，由应用层连接数据库"
                ),
            );
        }
        for f in cx.flows_to(i) {
            if f.from != Endpoint::Internet {
                continue;
            }
            let port = match f.port {
                Some(p) => alloc::format!(" on port {p}"),
                None => alloc::string::String::new(),
            };
            let port_zh = match f.port {
                Some(p) => alloc::format!("（端口 {p}）"),
                None => alloc::string::String::new(),
            };
            out.report(
                Some(id),
                f.ptr,
                text!(
                    "a link goes from `internet` to RDS `{id}`{port}: the financial cloud's RDS cannot be reached from the internet",
                    "有一条从 `internet` 到 RDS `{id}` 的连线{port_zh}：金融云 RDS 无法从互联网访问"
                ),
                text!(
                    "send internet traffic to an SLB in front of ECS instances, and link those ECS to `{id}` instead",
                    "把互联网流量接到 SLB 及其后端 ECS，再由这些 ECS 连接 `{id}`"
                ),
            );
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let n = cx.node(cx.node_index(f.target.as_deref()?)?);
    // Only the `public` field: which tier takes a link from the internet is the design's choice.
    if f.pointer != ptr_join(&n.ptr, "public") {
        return None;
    }
    let id = &n.id;
    Some(Fix::safe(
        text!(
            "remove \"public\": true from RDS `{id}`",
            "删除 RDS `{id}` 的 \"public\": true"
        ),
        alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::Lack;
    use crate::rules::helpers::facts as h;
    static PUBLIC: Lack = Lack::new(
        "{id} does not say whether it asks for a public endpoint (public)",
        "{id} 没有写是否申请外网地址（public）",
        "{n} RDS do not say whether they ask for a public endpoint (public)",
        "{n} 个 RDS 没有写是否申请外网地址（public）",
    );
    let kind = crate::model::NodeKind::Rds;
    h::lacking(cx, f, kind, ("no RDS", "没有 RDS"), &PUBLIC, |n| {
        n.public.is_none()
    });
}
