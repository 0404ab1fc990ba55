use crate::index::Ctx;
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::text;

use crate::numfmt::plain as num;

/// What one NAT rule costs per day, in CNY.
const CNY_PER_RULE_PER_DAY: f64 = 50.0;

crate::declare_rule! {
    /// ## What it checks
    /// Every `nat` node with one or more `rules`: the finding states what they cost, 50 CNY
    /// per rule per day, and the total for a 30-day month.
    ///
    /// ## Why
    /// NAT is billed per rule and per day, so the cost grows with every rule kept and is easy
    /// to overlook in a design. Knowing it helps decide which rules are worth keeping.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "nat-1", "kind": "nat", "region": "hz", "rules": 4 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "nat-1", "kind": "nat", "region": "hz", "rules": 0 } ] }
    /// ```
    ///
    /// ## Source
    /// The leased-line FAQ ("Is NAT supported?"): NAT is available, and each NAT rule is
    /// charged 50 CNY per day; four rules, for example, cost 200 CNY a day.
    pub struct NatRuleCost {
        code: "CP003",
        name: "nat-rule-cost",
        severity: Info,
        summary: (
            "NAT rules cost 50 CNY each per day",
            "每条 NAT 规则每天收费 50 元"
        ),
        zh: "## 检查内容\n\
每个 `rules` 大于 0 的 `nat` 节点：报告其费用，每条规则每天 50 元，并给出按 30 天计的月费用。\n\
\n\
## 原因\n\
NAT 按规则条数、按天计费，规则越多费用越高，在设计中很容易被忽略。了解费用有助于判断哪些规则值得保留。\n\
\n\
## 依据\n\
专线接入常见问题“是否支持NAT服务”：支持 NAT，每条 NAT 规则每天收费 50 元；例如 4 条规则每天 200 元。",
        check: check,
        fix_note: (
            "none: the finding states a cost; which NAT rules are worth keeping is the owner's decision",
            "无：该发现只说明费用；哪些 NAT 规则值得保留由使用方决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for n in &cx.design.nodes {
        if !n.is(NodeKind::Nat) {
            continue;
        }
        let Some(rules) = n.nat_rules else {
            continue;
        };
        if rules <= 0.0 {
            continue;
        }
        let id = &n.id;
        let daily = rules * CNY_PER_RULE_PER_DAY;
        let monthly = num(daily * 30.0);
        let (rules, daily) = (num(rules), num(daily));
        out.report(
            Some(id),
            ptr_join(&n.ptr, "rules"),
            text!(
                "NAT `{id}` has {rules} rule(s): at 50 CNY per rule per day that is {daily} CNY a day, {monthly} CNY per 30-day month",
                "NAT `{id}` 有 {rules} 条规则：每条每天 50 元，合计每天 {daily} 元，每月（30 天）{monthly} 元"
            ),
            text!(
                "keep only the NAT rules `{id}` really needs; each one removed saves 50 CNY a day",
                "只保留 `{id}` 确实需要的 NAT 规则；每删除一条每天节省 50 元"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::Lack;
    use crate::rules::helpers::facts as h;
    static RULES: Lack = Lack::new(
        "NAT gateway {id} does not say how many rules it has (rules)",
        "NAT 网关 {id} 没有写规则数量（rules）",
        "{n} NAT gateways do not say how many rules they have (rules)",
        "{n} 个 NAT 网关没有写规则数量（rules）",
    );
    let kind = crate::model::NodeKind::Nat;
    h::lacking(
        cx,
        f,
        kind,
        ("no NAT gateway", "没有 NAT 网关"),
        &RULES,
        |n| n.nat_rules.is_none(),
    );
}
