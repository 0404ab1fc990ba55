use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A design with at least one production ECS (role `app` or `database` in a primary
    /// region) must also have a bastion host: an ECS with `"role": "bastion"`. The finding is
    /// about the design as a whole.
    ///
    /// ## Why
    /// Without a bastion, operators log in to the production servers directly, so every server
    /// has to accept management traffic from wherever the operators are. A bastion gives one
    /// narrow, audited entry point: operators reach it, and only it reaches the servers.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" } ] }
    /// ```
    ///
    /// ## Source
    /// In the FAQ after the recommended architecture ("is a bastion or jump host required?"),
    /// the guide answers that it is not mandatory, but strongly recommends managing the servers
    /// through a bastion because it is safer.
    pub struct MissingBastion {
        code: "BH001",
        name: "missing-bastion",
        severity: Warning,
        summary: ("Production servers but no bastion host", "有生产服务器但没有堡垒机"),
        zh: "## 检查内容\n\
设计中只要有生产 ECS（主地域中角色为 `app` 或 `database` 的 ECS），就应当有一台堡垒机，即 `\"role\": \"bastion\"` 的 ECS。该问题针对整个设计。\n\
\n\
## 原因\n\
没有堡垒机时，运维人员直接登录各台生产服务器，每台服务器都得对运维人员所在的位置开放管理端口。堡垒机提供唯一、可审计的入口：运维人员只能访问堡垒机，再由堡垒机访问服务器。\n\
\n\
## 依据\n\
指南在推荐架构之后的常见问题（“堡垒机或跳板机是否必须”）中说明：堡垒机并非必需，但强烈建议通过堡垒机管理服务器，这样更安全。",
        check: check,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !cx.bastions.is_empty() {
        return;
    }
    let mut production = cx.production.iter().enumerate().filter(|(_, p)| **p);
    let Some((first, _)) = production.next() else {
        return;
    };
    let n = 1 + production.count();
    let id = &cx.node(first).id;
    out.report(
        None,
        "/nodes",
        text!(
            "the design has {n} production ECS (such as `{id}`) and no bastion host",
            "设计中有 {n} 台生产 ECS（例如 `{id}`），却没有堡垒机"
        ),
        text!(
            "add a small ECS with \"role\": \"bastion\" in each zone (1 vCPU and 1 GB are enough) and manage the servers only through it",
            "在每个可用区增加一台 \"role\": \"bastion\" 的低配 ECS（1 核 1 GB 即可），只通过它来管理服务器"
        ),
    );
}
