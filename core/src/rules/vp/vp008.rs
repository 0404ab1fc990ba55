use crate::index::Ctx;
use crate::model::{ptr_join, Node};
use crate::rule::Sink;
use crate::rules::helpers::scaled_product;
use crate::text;

use super::num;

crate::declare_rule! {
    /// ## What it checks
    /// For an `idc` with `tps` and `transaction_kb` given and at least one leased line whose
    /// `connects` names it: the lines' `bandwidth_mbps` added together must reach
    /// `tps` × `transaction_kb` × 8 / 1000 Mbps (kilobytes per second to megabits per second).
    /// Checked only when every one of those lines states its bandwidth; VPNs are not counted.
    ///
    /// ## Why
    /// The leased lines carry the business traffic between the data centre and the cloud. Below
    /// the bandwidth the peak transaction rate needs, requests queue and time out exactly when
    /// the load is highest.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc", "tps": 500, "transaction_kb": 8 },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 20, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc", "tps": 500, "transaction_kb": 8 },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 40, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Source
    /// Leased-line access chapter, FAQ on the bandwidth a leased line needs: compute it from
    /// the actual workload as transactions per second times the size of a transaction in KB
    /// times 8/1000; MSTP is recommended from 2 Mbps up.
    pub struct LeasedLineUndersized {
        code: "VP008",
        name: "leased-line-undersized",
        severity: Error,
        summary: ("The leased lines of a data centre are too narrow for its traffic", "机房专线带宽不足以承载其交易流量"),
        zh: "## 检查内容\n\
对写了 `tps` 和 `transaction_kb`、且至少有一条专线的 `connects` 指向它的 `idc`：这些专线的 `bandwidth_mbps` 之和必须达到 `tps` × `transaction_kb` × 8 / 1000 Mbps（把每秒千字节换算为每秒兆比特）。只有当这些专线都写明了带宽时才检查；VPN 不计入。\n\
\n\
## 原因\n\
专线承载机房与云之间的业务流量。带宽低于峰值交易量所需时，请求会在负载最高的时候排队、超时。\n\
\n\
## 依据\n\
专线接入一章关于专线带宽要求的常见问题：按实际业务计算所需带宽，即每秒交易笔数 × 每笔交易大小（KB）× 8/1000；2M 及以上推荐使用 MSTP。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: raises the bandwidth of the data centre's leased lines to what its traffic needs, shared equally between the lines (more bandwidth is bought)",
            "不安全：把机房专线的带宽提高到流量所需，由各条专线平均分担（需要购买更多带宽）"
        ),
        facts: facts,
    }
}

/// The bandwidth, in Mbps, that a data centre's traffic needs (`tps` × `transaction_kb` × 8 /
/// 1000), when both are given.
pub(crate) fn needed_mbps(idc: &Node) -> Option<f64> {
    Some(scaled_product(
        &[idc.tps?, idc.transaction_kb?, 8.0],
        1000.0,
    ))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (idc, c) in super::idc_connections(cx).into_entries() {
        let n = cx.node(idc);
        let (Some(tps), Some(kb)) = (n.tps, n.transaction_kb) else {
            continue;
        };
        if c.lines.is_empty() {
            continue;
        }
        let mut sum = 0.0;
        let mut known = true;
        for &l in &c.lines {
            match cx.node(l).bandwidth_mbps {
                Some(b) => sum += b,
                None => known = false,
            }
        }
        if !known {
            continue;
        }
        let Some(need) = needed_mbps(n) else { continue };
        // A relative tolerance keeps rounding noise (0.1 + 0.2) from producing a finding.
        if sum >= need * (1.0 - 1e-9) {
            continue;
        }
        let id = &n.id;
        let lines = super::id_list(cx, &c.lines);
        let (have, need, tps, kb) = (num(sum), num(need), num(tps), num(kb));
        out.report(
            Some(id),
            n.ptr.as_str(),
            text!(
                "the leased lines of data centre `{id}` ({lines}) add up to {have} Mbps, but {tps} TPS × {kb} KB × 8 / 1000 needs {need} Mbps",
                "机房 `{id}` 的专线（{lines}）带宽合计 {have} Mbps，而 {tps} TPS × {kb} KB × 8 / 1000 需要 {need} Mbps"
            ),
            text!(
                "raise the \"bandwidth_mbps\" of the lines of `{id}` to at least {need} Mbps in total",
                "把 `{id}` 各条专线的 \"bandwidth_mbps\" 提高到合计至少 {need} Mbps"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::rules::helpers::fix_parts::whole_at_least;
    let idc = cx.node_index(f.target.as_deref()?)?;
    let need = needed_mbps(cx.node(idc))?;
    let conns = super::idc_connections(cx);
    let lines = &conns.get(idc)?.lines;
    // Each line carries an equal share; lines already above it keep their bandwidth.
    let share = need / lines.len() as f64;
    let each = whole_at_least(share)?;
    let mut edits = alloc::vec::Vec::new();
    for &l in lines {
        let n = cx.node(l);
        if n.bandwidth_mbps? >= share {
            continue;
        }
        edits.push(Edit::Set {
            at: ptr_join(&n.ptr, "bandwidth_mbps"),
            value: Json::Int(each),
        });
    }
    let title = match lines[..] {
        [l] => {
            let line = crate::rules::df::show(&cx.node(l).id);
            text!(
                "raise \"bandwidth_mbps\" of `{line}` to {each}",
                "把 `{line}` 的 \"bandwidth_mbps\" 提高到 {each}"
            )
        }
        _ => {
            let id = crate::rules::df::show(&cx.node(idc).id);
            text!(
                "raise \"bandwidth_mbps\" of each leased line of `{id}` to at least {each}",
                "把 `{id}` 每条专线的 \"bandwidth_mbps\" 提高到至少 {each}"
            )
        }
    };
    (!edits.is_empty()).then(|| Fix::unsafe_(title, edits))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static TRAFFIC: Lack = Lack::new(
        "data centre {id} has no tps or transaction_kb, so the bandwidth it needs is unknown",
        "数据中心 {id} 没有写 tps 或 transaction_kb，无法计算所需带宽",
        "{n} data centres have no tps or transaction_kb, so the bandwidth they need is unknown",
        "{n} 个数据中心没有写 tps 或 transaction_kb，无法计算所需带宽",
    );
    static BANDWIDTH: Lack = Lack::new(
        "leased line {id} has no bandwidth_mbps",
        "专线 {id} 没有写带宽（bandwidth_mbps）",
        "{n} leased lines have no bandwidth_mbps",
        "{n} 条专线没有写带宽（bandwidth_mbps）",
    );
    use crate::model::NodeKind;
    if !h::any(cx, NodeKind::Idc) || !h::any(cx, NodeKind::LeasedLine) {
        return f.not_applicable(
            "no data centre joined by a leased line",
            "没有通过专线接入的数据中心",
        );
    }
    h::unconnected(cx, f);
    let (mut traffic, mut bandwidth) = (GapBuilder::new(&TRAFFIC), GapBuilder::new(&BANDWIDTH));
    for (idc, c) in crate::rules::vp::idc_connections(cx).into_entries() {
        if c.lines.is_empty() {
            continue;
        }
        let n = cx.node(idc);
        if (n.tps.is_none() || n.transaction_kb.is_none()) && !n.external {
            traffic.add(&n.id, &n.ptr);
        }
        for &l in &c.lines {
            let line = cx.node(l);
            if line.bandwidth_mbps.is_none() && !line.external {
                bandwidth.add(&line.id, &line.ptr);
            }
        }
    }
    f.push(traffic);
    f.push(bandwidth);
}
