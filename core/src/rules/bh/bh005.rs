use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A bastion must have no public address: `public_bandwidth_mbps` above 0 is reported (at
    /// that field), and so is every EIP attached to the bastion (at the EIP's `attached_to`).
    ///
    /// ## Why
    /// Operators reach the bastion through the SSL VPN over private addresses; it never needs
    /// the internet. Public bandwidth or an EIP only adds a way in (or out) that bypasses the
    /// VPN, on the one machine that can reach every server.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///                "public_bandwidth_mbps": 5 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b",
    ///                "public_bandwidth_mbps": 0 } ] }
    /// ```
    ///
    /// ## Source
    /// Step 2 of "Building the recommended architecture" (ECS, classic network) buys each
    /// bastion as a 1 vCPU / 1 GB instance with the same operating system as the production
    /// servers and the public bandwidth set to 0.
    pub struct BastionPublicBandwidth {
        code: "BH005",
        name: "bastion-public-bandwidth",
        severity: Warning,
        summary: (
            "A bastion has public bandwidth or an EIP",
            "堡垒机配置了公网带宽或弹性公网 IP"
        ),
        zh: "## 检查内容\n\
堡垒机不应有公网地址：`public_bandwidth_mbps` 大于 0 会被报告（指向该字段），绑定到堡垒机的每个 EIP 也会被报告（指向 EIP 的 `attached_to`）。\n\
\n\
## 原因\n\
运维人员通过 SSL VPN 以私网地址访问堡垒机，堡垒机本身不需要互联网。公网带宽或 EIP 只会在这台能访问所有服务器的机器上，多出一条绕过 VPN 的进出通道。\n\
\n\
## 依据\n\
ECS（经典网络）“搭建金融云推荐架构”第 2 步购买堡垒机时：1 核 1 GB 内存，操作系统与生产服务器一致，公网带宽选择为 0。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: sets \"public_bandwidth_mbps\" to 0, or removes the EIP's \"attached_to\" (the EIP stays, detached); none when the bastion says it needs the internet, or when a link from the internet reaches it",
            "安全：把 \"public_bandwidth_mbps\" 设为 0，或删除 EIP 的 \"attached_to\"（EIP 保留，只是解绑）；堡垒机写明需要访问互联网、或有来自互联网的连线到达它时不修复"
        ),
        facts: facts,
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::index::Endpoint;
    let b = cx.node_index(f.target.as_deref()?)?;
    let nd = cx.node(b);
    let from_internet = cx.flows_to(b).any(|fl| fl.from == Endpoint::Internet);
    if nd.needs_internet == Some(true) || from_internet {
        return None;
    }
    let id = &nd.id;
    if f.pointer == ptr_join(&nd.ptr, "public_bandwidth_mbps") {
        return Some(Fix::safe(
            text!(
                "set \"public_bandwidth_mbps\" of `{id}` to 0",
                "把 `{id}` 的 \"public_bandwidth_mbps\" 设为 0"
            ),
            alloc::vec![Edit::Set {
                at: f.pointer.clone(),
                value: Json::Int(0),
            }],
        ));
    }
    let e = cx.eips[b].iter().copied().find(|&e| {
        cx.node(e)
            .attached_to
            .as_ref()
            .is_some_and(|r| r.ptr == f.pointer)
    })?;
    let eid = &cx.node(e).id;
    Some(Fix::safe(
        text!(
            "detach `{eid}` from `{id}` (remove its \"attached_to\")",
            "将 `{eid}` 从 `{id}` 上解绑（删除其 \"attached_to\"）"
        ),
        alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }],
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for &b in &cx.bastions {
        let nd = cx.node(b);
        let id = &nd.id;
        if let Some(mbps) = nd.public_bandwidth_mbps.filter(|&m| m > 0.0) {
            let mbps = crate::numfmt::shortest(mbps);
            out.report(
                Some(id),
                ptr_join(&nd.ptr, "public_bandwidth_mbps"),
                text!(
                    "bastion `{id}` has {mbps} Mbps of public bandwidth",
                    "堡垒机 `{id}` 配置了 {mbps} Mbps 公网带宽"
                ),
                text!(
                    "set \"public_bandwidth_mbps\" of `{id}` to 0: operators reach the bastion through the SSL VPN",
                    "把 `{id}` 的 \"public_bandwidth_mbps\" 设为 0：运维人员通过 SSL VPN 访问堡垒机"
                ),
            );
        }
        for &e in &cx.eips[b] {
            let eip = cx.node(e);
            let eid = &eip.id;
            let ptr = eip
                .attached_to
                .as_ref()
                .map_or(eip.ptr.as_str(), |r| r.ptr.as_str());
            out.report(
                Some(id),
                ptr,
                text!(
                    "bastion `{id}` has the elastic IP `{eid}` attached",
                    "堡垒机 `{id}` 绑定了弹性公网 IP `{eid}`"
                ),
                text!(
                    "detach `{eid}` from `{id}`: operators reach the bastion through the SSL VPN",
                    "将 `{eid}` 从 `{id}` 上解绑：运维人员通过 SSL VPN 访问堡垒机"
                ),
            );
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    if cx.bastions.is_empty() {
        f.not_applicable("no bastion", "没有堡垒机");
    }
}
