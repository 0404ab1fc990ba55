use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::text;

use super::num;

crate::declare_rule! {
    /// ## What it checks
    /// A leased line whose `nat_ips` (interconnect addresses requested) is above the allowance
    /// for the number n of ECS instances in the whole design (any role, any region):
    /// - n < 10: 8 addresses (the initial /29);
    /// - 10 ≤ n < 100: 8 more for each full ten ECS, i.e. 8 + 8 × ⌊n / 10⌋ (10 → 16, 19 → 16,
    ///   20 → 24, 99 → 80);
    /// - n ≥ 100: 88 (the value at 100) plus 64 for each full hundred beyond the first, i.e.
    ///   88 + 64 × ⌊(n − 100) / 100⌋ (100 → 88, 199 → 88, 200 → 152, 300 → 216);
    /// - never more than 254 (reached at 400 ECS).
    ///
    /// Each step is granted when the count reaches it (the guide's ranges leave exactly 10 and
    /// 100 open; they are read as the start of the next step). An absent `nat_ips` is not
    /// judged.
    ///
    /// ## Why
    /// In the classic network the cloud plans every address. A customer starts with a /29 (8
    /// addresses) for its leased-line interconnect and can grow it only in step with the number
    /// of ECS it runs. A request above the allowance will be turned down, and any NAT plan that
    /// counts on those addresses will not work.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "hq", "kind": "idc" },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 10, "connects": "hq", "nat_ips": 16 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "app-2", "kind": "ecs", "zone": "hz-b" },
    ///              { "id": "hq", "kind": "idc" },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 10, "connects": "hq", "nat_ips": 8 } ] }
    /// ```
    ///
    /// ## Source
    /// Leased-line access chapter, section "地址规划" (address planning) and its "扩容规则"
    /// (expansion rules): the cloud plans classic-network addresses and first gives each
    /// customer a /29 of 8 addresses; below 10 ECS only those 8; between 10 and 100 ECS, 8 more
    /// per further 10 ECS; between 100 and 1000 ECS, 64 more per further 100 ECS; at most 254
    /// addresses can be requested.
    pub struct TooManyInterconnectIps {
        code: "VP009",
        name: "too-many-interconnect-ips",
        severity: Warning,
        summary: ("A leased line requests more interconnect addresses than the ECS count allows", "专线申请的互联地址超过 ECS 数量对应的额度"),
        zh: "## 检查内容\n\
专线的 `nat_ips`（申请的互联地址数）超过整个设计中 ECS 实例数 n（任何角色、任何地域）对应的额度：\n\
- n < 10：8 个（初始的 /29）；\n\
- 10 ≤ n < 100：每满 10 台增加 8 个，即 8 + 8 × ⌊n / 10⌋（10 台 → 16，19 → 16，20 → 24，99 → 80）；\n\
- n ≥ 100：100 台时的 88 个，再加上超出第一个一百台后每满 100 台 64 个，即 88 + 64 × ⌊(n − 100) / 100⌋（100 → 88，199 → 88，200 → 152，300 → 216）；\n\
- 最多 254 个（400 台时达到）。\n\
\n\
每一级在台数达到时即可获得（指南中的区间没有包含恰好 10 台和 100 台，这里视为下一级的起点）。未写 `nat_ips` 时不做判断。\n\
\n\
## 原因\n\
经典网络中所有地址都由云端统一规划。客户的专线互联地址起初是一个 /29（8 个地址），只能随所运行的 ECS 数量逐级扩容。超出额度的申请会被拒绝，依赖这些地址的 NAT 方案也就无法实施。\n\
\n\
## 依据\n\
专线接入一章的“地址规划”一节及其“扩容规则”：经典网络的地址由云端统一规划，每个客户初始分配一个 /29 地址段，共 8 个地址；ECS 少于 10 台时只有这 8 个；10 到 100 台之间，每多 10 台可增加 8 个；100 到 1000 台之间，每多 100 台可增加 64 个；最多只能申请 254 个地址。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: lowers \"nat_ips\" to the allowance for the design's ECS count (services beyond it then share addresses by port translation)",
            "安全：把 \"nat_ips\" 降到设计中 ECS 数量对应的额度（超出的服务改用端口转换共用地址）"
        ),
        facts: facts,
    }
}

/// The interconnect addresses a customer with `ecs` ECS instances may request.
fn allowance(ecs: usize) -> u64 {
    let n = ecs as u64;
    let a = if n < 10 {
        8
    } else if n < 100 {
        8 + 8 * (n / 10)
    } else {
        88u64.saturating_add(64u64.saturating_mul((n - 100) / 100))
    };
    a.min(254)
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let mut ecs: Option<usize> = None;
    for n in &cx.design.nodes {
        if !n.is(NodeKind::LeasedLine) {
            continue;
        }
        let Some(asked) = n.nat_ips else { continue };
        let count = *ecs.get_or_insert_with(|| {
            cx.design
                .nodes
                .iter()
                .filter(|n| n.is(NodeKind::Ecs))
                .count()
        });
        let allowed = allowance(count);
        if asked <= allowed as f64 {
            continue;
        }
        let (id, asked) = (&n.id, num(asked));
        out.report(
            Some(id),
            ptr_join(&n.ptr, "nat_ips"),
            text!(
                "leased line `{id}` requests {asked} interconnect addresses, but with {count} ECS in the design the allowance is {allowed}",
                "专线 `{id}` 申请 {asked} 个互联地址，而设计中有 {count} 台 ECS，对应额度只有 {allowed} 个"
            ),
            text!(
                "lower \"nat_ips\" of `{id}` to {allowed} or less, and map more services per address with port translation",
                "把 `{id}` 的 \"nat_ips\" 降到 {allowed} 个以内，必要时通过端口转换让一个地址对应多个服务"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let i = cx.node_index(f.target.as_deref()?)?;
    let n = cx.node(i);
    if f.pointer != ptr_join(&n.ptr, "nat_ips") {
        return None;
    }
    let count = cx
        .design
        .nodes
        .iter()
        .filter(|n| n.is(NodeKind::Ecs))
        .count();
    let allowed = allowance(count);
    let id = crate::rules::df::show(&n.id);
    Some(Fix::safe(
        text!(
            "lower \"nat_ips\" of `{id}` to {allowed}",
            "把 `{id}` 的 \"nat_ips\" 降为 {allowed}"
        ),
        alloc::vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::Int(allowed as i64),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::Lack;
    use crate::rules::helpers::facts as h;
    static NAT_IPS: Lack = Lack::new(
        "leased line {id} does not say how many interconnect addresses it asks for (nat_ips)",
        "专线 {id} 没有写申请的互联地址数量（nat_ips）",
        "{n} leased lines do not say how many interconnect addresses they ask for (nat_ips)",
        "{n} 条专线没有写申请的互联地址数量（nat_ips）",
    );
    let kind = crate::model::NodeKind::LeasedLine;
    h::lacking(
        cx,
        f,
        kind,
        ("no leased line", "没有专线"),
        &NAT_IPS,
        |n| n.nat_ips.is_none(),
    );
}
