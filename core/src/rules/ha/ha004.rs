use crate::index::Ctx;
use crate::model::{ptr_join, EcsRole, NodeKind};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every ECS with `"role": "database"`: a database the customer installs and runs on a
    /// virtual machine.
    ///
    /// ## Why
    /// A database on one ECS is a single point of failure holding the system's data, and making
    /// it redundant (replication, failover, backups) is left to the customer. The managed RDS
    /// service keeps two identical copies in two zones and switches over automatically.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "db-1", "kind": "ecs", "role": "database", "module": "db", "zone": "hz-b" },
    ///              { "id": "db-2", "kind": "ecs", "role": "database", "module": "db", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql" } ] }
    /// ```
    ///
    /// ## Source
    /// The financial-cloud overview ("key points of the architecture") and the VPC reference
    /// architecture: RDS replicates between two zones on its own and keeps two identical copies
    /// of the data, so the guide asks customers to prefer RDS MySQL or RDS SQL Server over a
    /// database server they build themselves.
    pub struct SelfManagedDatabase {
        code: "HA004",
        name: "self-managed-database",
        severity: Warning,
        summary: ("A database runs on an ECS instead of RDS", "数据库自建在 ECS 上而非使用 RDS"),
        zh: "## 检查内容\n\
所有 `\"role\": \"database\"` 的 ECS，即客户自己在虚拟机上安装运行的数据库。\n\
\n\
## 原因\n\
自建在 ECS 上的数据库是承载系统数据的单点，复制、切换和备份都要客户自己完成。托管的 RDS 会在两个可用区各保存一份相同的数据，并能自动切换。\n\
\n\
## 依据\n\
金融云总体介绍（“该架构的要点”）和专有网络推荐架构：RDS 会自动在两个可用区之间复制、保有两份完全相同的数据，指南因此建议优先使用 RDS MySQL 或 RDS SQL Server，不要自建数据库服务器。",
        check: check,
        fix_note: (
            "none: moving a database to RDS is a migration (engine, edition, the data and its clients), not an edit of the design",
            "无：把数据库迁到 RDS 是一次迁移（引擎、版本、数据及其访问方），不是对设计的一处修改"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Ecs) || n.role != EcsRole::Database {
            continue;
        }
        let id = &n.id;
        out.report(
            Some(id),
            ptr_join(&n.ptr, "role"),
            text!(
                "`{id}` runs its own database on an ECS: its availability and the copies of its data are left to you",
                "`{id}` 在 ECS 上自建数据库：其可用性和数据副本都需要自己保障"
            ),
            text!(
                "move the data to an RDS node (MySQL or SQL Server), which keeps two copies in two zones and fails over by itself",
                "把数据迁到 RDS 节点（MySQL 或 SQL Server），RDS 在两个可用区各存一份数据并自动切换"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    if !h::any(cx, crate::model::NodeKind::Ecs) {
        f.not_applicable("no ECS", "没有 ECS");
    }
}
