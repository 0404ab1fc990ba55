use alloc::string::String;

use super::show;
use crate::date::Date;
use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A waiver — an entry of the design's `ignore` list, or a `[[waiver]]` of the project's
    /// `archlint.toml` — whose `expires` date has passed. From the day after that date the
    /// waiver no longer applies: the finding it accepted is reported again, and this rule says
    /// which waiver expired, when, and who owns it.
    ///
    /// ## Why
    /// A finding accepted "until the migration is done" should not stay accepted forever. An
    /// expiry date turns the acceptance into a decision that is looked at again; when the date
    /// passes, the problem is back in front of its owner instead of silently hidden.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ],
    ///   "ignore": [ { "rule": "HA001", "target": "web-1", "reason": "until the second zone opens",
    ///                 "owner": "ops-team", "expires": "2020-06-30" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ],
    ///   "ignore": [ { "rule": "HA001", "target": "web-1", "reason": "until the second zone opens",
    ///                 "owner": "ops-team", "expires": "2999-12-31" } ] }
    /// ```
    ///
    /// ## Source
    /// A rule of archlint's waivers (docs/spec-additions.md), not a fact of the guide, in the
    /// manner of policy-as-code tools whose waivers carry an owner and an end date. The date is
    /// today's date of the machine running archlint (UTC), or `ARCHLINT_TODAY`.
    pub struct ExpiredWaiver {
        code: "DF009",
        name: "expired-waiver",
        severity: Warning,
        summary: (
            "A waiver's expiry date has passed",
            "豁免已过期"
        ),
        zh: "## 检查内容\n\
`expires` 日期已过的豁免：设计 `ignore` 列表中的条目，或项目 `archlint.toml` 中的 `[[waiver]]`。过了该日期后豁免不再生效：它曾接受的发现会重新报告，本规则说明是哪条豁免、何时过期、由谁负责。\n\
\n\
## 原因\n\
“在迁移完成前”接受的问题不应被永远接受。到期日使接受成为需要重新审视的决定；日期一过，问题会重新回到负责人面前，而不是被悄悄隐藏。\n\
\n\
## 依据\n\
这是 archlint 豁免功能的规定（docs/spec-additions.md），不是指南中的事实，做法与为豁免记录负责人和到期日的策略即代码工具相同。日期取运行 archlint 的机器的当天日期（UTC），或 `ARCHLINT_TODAY`。",
        check: check,
        phase: AfterIgnores,
        fix_note: (
            "none: whether to fix the finding or renew the waiver with a new date and a reason that still holds is its owner's decision",
            "无：修复该问题，还是以新的日期和仍然成立的理由续期豁免，应由其负责人决定"
        ),
        facts: facts,
    }
}

/// Whether a waiver that applies up to and including `expires` has expired on `today`.
pub fn expired(expires: Option<Date>, today: Option<Date>) -> bool {
    // Without the `waivers` feature (the docs widget) nothing expires.
    cfg!(feature = "waivers") && matches!((expires, today), (Some(e), Some(t)) if t > e)
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    // Without the `waivers` feature (the docs widget) nothing expires.
    if !cfg!(feature = "waivers") {
        return;
    }
    for ig in &cx.design.ignores {
        let Some(date) = ig.expires.filter(|_| expired(ig.expires, cx.today)) else {
            continue;
        };
        let rule = show(ig.rule.as_deref().unwrap_or("?"));
        let what = match &ig.target {
            Some(t) => {
                let t = show(&t.id);
                text!("`{rule}` on `{t}`", "`{t}` 的 `{rule}`")
            }
            None => text!("`{rule}`", "`{rule}`"),
        };
        let (what_en, what_zh) = (what.en, what.zh);
        let owner = owner_text(ig.owner.as_deref());
        let (owner_en, owner_zh) = (owner.en, owner.zh);
        out.report(
            ig.target.as_ref().map(|t| t.id.as_str()),
            crate::model::ptr_join(&ig.ptr, "expires"),
            text!(
                "the ignore entry for {what_en} expired on {date}{owner_en}: the finding it accepted is reported again",
                "针对 {what_zh} 的 ignore 条目已于 {date} 过期{owner_zh}：它接受的发现会重新报告"
            ),
            renew_help(),
        );
    }
}

fn owner_text(owner: Option<&str>) -> text::Text {
    match owner {
        Some(o) => {
            let o = show(o);
            text!(" (owner: {o})", "（负责人：{o}）")
        }
        None => text::Text::new("", ""),
    }
}

fn renew_help() -> text::Text {
    text!(
        "fix the finding, or renew the waiver: a new \"expires\" date and a \"reason\" that still holds",
        "请修复该问题，或续期豁免：写新的 \"expires\" 日期和仍然成立的 \"reason\""
    )
}

/// Reports that a waiver outside the design (written at `origin`, `file:line:column`) expired
/// on `date`: at the place of the finding it would have accepted, which is reported again.
pub fn report_external(
    out: &mut Sink,
    finding: &crate::rule::Finding,
    origin: &str,
    date: Date,
    owner: Option<&str>,
) {
    let code = finding.rule.code;
    let what = match &finding.target {
        Some(t) => {
            let t = show(t);
            text!("`{code}` on `{t}`", "`{t}` 的 `{code}`")
        }
        None => text!("`{code}`", "`{code}`"),
    };
    let (what_en, what_zh) = (what.en, what.zh);
    let owner = owner_text(owner);
    let (owner_en, owner_zh) = (owner.en, owner.zh);
    let origin: String = show(origin).into_owned();
    out.report(
        finding.target.as_deref(),
        finding.pointer.clone(),
        text!(
            "the waiver for {what_en} at {origin} expired on {date}{owner_en}: the finding is reported again",
            "{origin} 中针对 {what_zh} 的豁免已于 {date} 过期{owner_zh}：该发现会重新报告"
        ),
        renew_help(),
    );
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    static TODAY: Lack = Lack::new(
        "no date was given to judge the expiry of the waiver of {id}",
        "没有给出日期，无法判断 {id} 豁免是否过期",
        "no date was given to judge the expiry of {n} waivers",
        "没有给出日期，无法判断 {n} 条豁免是否过期",
    );
    let mut g = GapBuilder::new(&TODAY);
    let mut any = false;
    for ig in &cx.design.ignores {
        if ig.expires.is_none() {
            continue;
        }
        any = true;
        if f.today().is_none() {
            g.add(ig.rule.as_deref().unwrap_or("?"), &ig.ptr);
        }
    }
    f.push(g);
    if !any {
        f.not_applicable("no waiver has an expiry date", "没有设置过期日期的豁免");
    }
}
