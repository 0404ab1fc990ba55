use alloc::string::String;

use super::{applies, level_name};
use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::rules::df::show;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the design claims `dr: "two-region"` or `"two-region-three-center"`, some `dns`
    /// node must have `failover: true`. A `dns` node with `failover` absent or `false` does not
    /// count. One finding for the whole design.
    ///
    /// ## Why
    /// After the primary region is lost, users reach the DR site only if the public names
    /// are switched to its addresses. Without a DNS failover plan the standby region stays
    /// idle while the service is down.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "dns", "kind": "dns", "failover": false } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "dns", "kind": "dns", "failover": true } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's disaster-recovery sections ("two-region, two centres" and "two-region,
    /// three centres") both fail over the same way: DNS changes the application's address from
    /// the production centre to the DR centre, and the standby site takes over the service.
    /// "Financial-cloud RDS features" (item 6) likewise switches to Qingdao through DNS.
    pub struct NoDnsFailover {
        code: "DR003",
        name: "no-dns-failover",
        severity: Warning,
        summary: (
            "No DNS failover to the DR site",
            "没有切换到灾备站点的 DNS"
        ),
        zh: "## 检查内容\n\
当设计声明 `dr: \"two-region\"` 或 `\"two-region-three-center\"` 时，必须有某个 `dns` 节点写明 `failover: true`。`failover` 缺失或为 `false` 的 `dns` 节点不算。整个设计只报告一次。\n\
\n\
## 原因\n\
主地域失效后，只有把对外域名切换到灾备站点的地址，用户才能访问到灾备站点。没有 DNS 切换方案，服务中断时备用地域只能闲置。\n\
\n\
## 依据\n\
指南的两个容灾章节（“异地双中心”和“两地三中心”）都依靠 DNS 完成切换：把应用地址从生产中心指向灾备中心，由备用站点接管服务。“金融云RDS产品特性”第 6 条描述的切换到青岛，用的也是 DNS。",
        check: check,
        fix: fix,
        fix_note: (
            "safe or unsafe: sets \"failover\": true on the DNS node (safe), or adds a DNS node with failover when the design has none (unsafe); its records still have to be planned",
            "安全或不安全：在 DNS 节点上设置 \"failover\": true（安全），设计中没有 DNS 节点时增加一个带故障切换的 DNS 节点（不安全）；解析记录仍需另行规划"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !applies(cx) {
        return;
    }
    let nodes = &cx.design.nodes;
    if nodes
        .iter()
        .any(|n| n.is(NodeKind::Dns) && n.failover == Some(true))
    {
        return;
    }
    let level = level_name(cx);
    match nodes.iter().find(|n| n.is(NodeKind::Dns)) {
        Some(d) => {
            let id = show(&d.id);
            let pointer = if d.failover.is_some() {
                ptr_join(&d.ptr, "failover")
            } else {
                d.ptr.clone()
            };
            out.report(
                None,
                pointer,
                text!(
                    "the design claims dr `{level}`, but no DNS node fails over to the DR site (`{id}` has no \"failover\": true)",
                    "设计声明了容灾级别 `{level}`，但没有 DNS 节点会切换到灾备站点（`{id}` 未设置 \"failover\": true）"
                ),
                text!(
                    "set \"failover\": true on `{id}` and plan the switch of its records to the DR region",
                    "在 `{id}` 上设置 \"failover\": true，并规划把解析记录切换到灾备地域"
                ),
            );
        }
        None => out.report(
            None,
            String::new(),
            text!(
                "the design claims dr `{level}`, but has no DNS node to switch users to the DR site",
                "设计声明了容灾级别 `{level}`，但没有用于把用户切换到灾备站点的 DNS 节点"
            ),
            text!(
                "add a node {{ \"kind\": \"dns\", \"failover\": true }} whose records switch to the DR region",
                "增加一个 {{ \"kind\": \"dns\", \"failover\": true }} 节点，由它把解析切换到灾备地域"
            ),
        ),
    }
}

fn fix(cx: &Ctx<'_>, _: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let nodes = &cx.design.nodes;
    // The node the finding names: the first DNS node, as `check` reads it.
    match nodes.iter().find(|n| n.is(NodeKind::Dns)) {
        Some(d) => {
            let id = show(&d.id);
            Some(Fix::safe(
                text!(
                    "set \"failover\": true on `{id}`",
                    "将 `{id}` 设置为 \"failover\": true"
                ),
                alloc::vec![Edit::Set {
                    at: ptr_join(&d.ptr, "failover"),
                    value: Json::Bool(true),
                }],
            ))
        }
        None => {
            let id = crate::rules::helpers::fix_parts::fresh_id_besides(cx, "dns", &[]);
            let shown = show(&id);
            Some(Fix::unsafe_(
                text!(
                    "add DNS node `{shown}` with \"failover\": true",
                    "增加带 \"failover\": true 的 DNS 节点 `{shown}`"
                ),
                alloc::vec![Edit::Push {
                    array: "/nodes".into(),
                    value: Json::obj([
                        ("id", Json::Str(id)),
                        ("kind", Json::str("dns")),
                        ("failover", Json::Bool(true)),
                    ]),
                }],
            ))
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    crate::rules::helpers::facts::claims_dr(cx, f);
}
