use alloc::format;
use alloc::string::String;

use super::{ecs_backends, slbs};
use crate::fix::{Edit, Fix};
use crate::index::{Ctx, Entity};
use crate::model::NodeKind;
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An entry of an SLB's `backends` that names something other than an ECS: a node of
    /// another kind (an RDS, another SLB, a bucket…), or an id that is not a node at all (a
    /// region, zone, VPC, vSwitch or security group). Ids that name nothing are left to DF001,
    /// and nodes whose kind is missing or invalid to DF005.
    ///
    /// ## Why
    /// The financial cloud's SLB forwards only to ECS instances. RDS, SLB and the other cloud
    /// products cannot be added as backend servers, so the listener would have nothing healthy
    /// to send traffic to.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "hz-c" },
    ///              { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql" },
    ///              { "id": "slb-app", "kind": "slb", "region": "hz", "scope": "private",
    ///                "listeners": [ { "protocol": "tcp", "port": 8080 } ],
    ///                "backends": [ "app-1", "app-2", "db" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "module": "app", "zone": "hz-c" },
    ///              { "id": "db", "kind": "rds", "region": "hz", "engine": "mysql" },
    ///              { "id": "slb-app", "kind": "slb", "region": "hz", "scope": "private",
    ///                "listeners": [ { "protocol": "tcp", "port": 8080 } ],
    ///                "backends": [ "app-1", "app-2" ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's list of financial-cloud SLB features (item 5, layer-4 and layer-7 load
    /// balancing): backend servers can only be ECS; RDS, SLB and other cloud products are not
    /// supported.
    pub struct NonEcsBackend {
        code: "LB002",
        name: "non-ecs-backend",
        severity: Error,
        summary: (
            "An SLB backend is not an ECS",
            "SLB 的后端服务器不是 ECS"
        ),
        zh: "## 检查内容\n\
SLB 的 `backends` 中指向 ECS 以外对象的条目：其他类型的节点（RDS、另一个 SLB、存储桶等），或者根本不是节点的 id（地域、可用区、专有网络、交换机或安全组）。不存在的 id 由 DF001 报告，类型缺失或无效的节点由 DF005 报告。\n\
\n\
## 原因\n\
金融云的 SLB 只能把流量转发给 ECS 实例。RDS、SLB 等其他云产品不能作为后端服务器加入，监听将没有可以转发的健康后端。\n\
\n\
## 依据\n\
指南列出的金融云 SLB 特性（第 5 条，四层和七层负载均衡）：后端服务器只能是 ECS，不支持 RDS、SLB 等其他云产品。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: removes the backend entry that is not an ECS when the SLB keeps two servers or more, one of them an ECS; otherwise which ECS serve the traffic is the design's choice",
            "安全：删除后 SLB 仍有两台或以上后端且其中有 ECS 时，删除不是 ECS 的后端条目；否则由哪些 ECS 提供服务由设计决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for (_, slb) in slbs(cx) {
        let id = &slb.id;
        for b in slb.backends.iter().flatten() {
            let (what_en, what_zh, is_node) = match cx.ids.get(b.id.as_str()).copied() {
                None => continue,
                Some(Entity::Node(j)) => match d.nodes.get(j).and_then(|n| n.kind) {
                    None | Some(NodeKind::Ecs) | Some(NodeKind::Unknown) => continue,
                    Some(k) => {
                        let name = k.name();
                        (
                            format!("a node of kind `{name}`"),
                            format!(" `{name}` 类型的节点"),
                            true,
                        )
                    }
                },
                Some(Entity::Region(_)) => (String::from("a region"), String::from("地域"), false),
                Some(Entity::Zone(..)) => (String::from("a zone"), String::from("可用区"), false),
                Some(Entity::Vpc(_)) => (String::from("a VPC"), String::from("专有网络"), false),
                Some(Entity::VSwitch(..)) => {
                    (String::from("a vSwitch"), String::from("交换机"), false)
                }
                Some(Entity::Group(_)) => (
                    String::from("a security group"),
                    String::from("安全组"),
                    false,
                ),
            };
            let bid = &b.id;
            let message = text!(
                "backend `{bid}` of SLB `{id}` is {what_en}, not an ECS: the SLB forwards only to ECS instances",
                "SLB `{id}` 的后端 `{bid}` 是{what_zh}，不是 ECS：SLB 只能转发到 ECS 实例"
            );
            let help = if is_node {
                text!(
                    "remove `{bid}` from the backends of `{id}` and list the ECS that serve this traffic; clients that need `{bid}` connect to it directly",
                    "从 `{id}` 的后端中删除 `{bid}`，改为列出提供该服务的 ECS；需要访问 `{bid}` 的客户端直接连接它"
                )
            } else {
                text!(
                    "list the ids of the ECS that serve this traffic in the backends of `{id}`, instead of `{bid}`",
                    "在 `{id}` 的后端中列出提供该服务的 ECS 的 id，而不是 `{bid}`"
                )
            };
            out.report(Some(id), b.ptr.as_str(), message, help);
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let slb = cx.node(cx.node_index(f.target.as_deref()?)?);
    let entry = slb.backends.iter().flatten().find(|b| b.ptr == f.pointer)?;
    // Without an ECS backend left, which ECS should serve is the design's choice (and an SLB
    // without backends is an error of its own); with one server left, the SLB would become a
    // single point of failure (HA003).
    if ecs_backends(cx, slb).is_empty() {
        return None;
    }
    let mut left: alloc::vec::Vec<&str> = alloc::vec::Vec::new();
    for b in slb.backends.iter().flatten() {
        if b.ptr != entry.ptr && !left.contains(&b.id.as_str()) {
            left.push(&b.id);
        }
    }
    if left.len() < 2 {
        return None;
    }
    let (id, bid) = (&slb.id, &entry.id);
    Some(Fix::safe(
        text!(
            "remove `{bid}`, which is not an ECS, from the backends of `{id}`",
            "从 `{id}` 的后端中删除不是 ECS 的 `{bid}`"
        ),
        alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    if !h::any(cx, crate::model::NodeKind::Slb) {
        return f.not_applicable("no SLB", "没有 SLB");
    }
    h::slb_backends(cx, f);
}
