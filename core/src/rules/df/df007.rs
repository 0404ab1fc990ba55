use alloc::string::String;
use alloc::vec::Vec;

use super::show;
use crate::index::Ctx;
use crate::rule::{Phase, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Every entry of the design's `ignore` list matched at least one finding. An entry that
    /// matched nothing is reported, with the likely reason: it has no `reason` (such entries
    /// are not applied), it names no rule or a rule that does not exist, or the rule no longer
    /// finds anything for its target.
    ///
    /// ## Why
    /// An accepted finding is a decision about a real problem. When the problem is gone, or the
    /// entry never matched because of a typo, the stale entry misleads readers about what was
    /// accepted, and it would silently hide the problem if it came back.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ],
    ///   "ignore": [ { "rule": "HA001", "target": "web-1", "reason": "batch job" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ],
    ///   "ignore": [ { "rule": "HA001", "target": "web-1", "reason": "batch job" } ] }
    /// ```
    ///
    /// ## Source
    /// A rule of the design format (design-format.md, "Ignore": an ignore that matches no
    /// finding is itself reported), not a fact of the guide. It keeps the exceptions to the
    /// guide's advice honest: the guide itself allows some — a bastion host is "strongly
    /// recommended" but not required (FAQ "Is a bastion host required?") — and an accepted
    /// exception should stay tied to a problem that still exists.
    pub struct UnusedIgnore {
        code: "DF007",
        name: "unused-ignore",
        severity: Warning,
        summary: (
            "An ignore entry matched no finding",
            "ignore 条目没有匹配到任何发现"
        ),
        zh: "## 检查内容\n\
设计 `ignore` 列表中的每个条目都必须至少匹配到一条发现。没有匹配到任何发现的条目会被报告，并说明可能的原因：没有写 `reason`（这样的条目不会生效）、没有写规则或写的规则不存在，或者该规则对其目标已经不再报告任何问题。\n\
\n\
## 原因\n\
被接受的发现是针对真实问题作出的决定。问题消失后，或者条目因拼写错误从未匹配过时，过期的条目会误导读者，让人误以为某个问题已被接受；而一旦问题再次出现，它还会悄悄把问题隐藏掉。\n\
\n\
## 依据\n\
这是设计格式的规定（design-format.md 的“Ignore”一节：没有匹配任何发现的 ignore 本身会被报告），而不是指南中的事实。它让对指南建议的例外保持诚实：指南本身也允许例外（例如常见问题“堡垒机或跳板机是否是必须的？”中，堡垒机是“强烈建议”而非必须），而被接受的例外应当始终对应一个仍然存在的问题。",
        check: check,
        phase: AfterIgnores,
        fix: fix,
        fix_note: (
            "safe: removes an entry that names a rule and gives a reason but matched no finding; an entry without a rule or a reason needs the author's words",
            "安全：删除写明了规则和理由、却没有匹配到任何发现的条目；缺少规则或理由的条目需要作者补写"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (k, ig) in cx.design.ignores.iter().enumerate() {
        // An expired entry is DF009's.
        if cx.ignore_used.get(k).copied().unwrap_or(false)
            || super::df009::expired(ig.expires, cx.today)
        {
            continue;
        }
        let ptr = ig.ptr.as_str();
        let Some(rule) = ig.rule.as_deref() else {
            out.report(
                None,
                ptr,
                text!(
                    "this ignore entry names no rule, so it accepts nothing",
                    "该 ignore 条目没有写规则，因此不会忽略任何发现"
                ),
                text!(
                    "add \"rule\": the code (e.g. `HA001`) or name of the rule whose finding is accepted, or remove the entry",
                    "请添加 \"rule\"（被接受的规则代码如 `HA001`，或规则名称），或删除该条目"
                ),
            );
            continue;
        };
        let shown = show(rule);
        let Some(meta) = crate::rules::find(rule) else {
            // `suggest` lower-cases the word but not the candidates: compare lower-case codes.
            let mut names: Vec<(String, &str)> = Vec::new();
            for r in crate::rules::all() {
                for n in [r.code, r.name] {
                    names.push((n.to_ascii_lowercase(), n));
                }
            }
            let near = crate::text::suggest(rule, names.iter().map(|(l, _)| l.as_str()))
                .and_then(|l| names.iter().find(|(m, _)| m == l).map(|(_, n)| *n));
            let help = match near {
                Some(s) => text!("did you mean `{s}`?", "是否应为 `{s}`？"),
                None => text!(
                    "name a rule by its code (e.g. `HA001`) or name; `archlint rules` lists them",
                    "请用代码（如 `HA001`）或名称指明规则；`archlint rules` 可列出全部规则"
                ),
            };
            out.report(
                None,
                ptr,
                text!(
                    "this ignore entry names `{shown}`, which is not an archlint rule, so it accepts nothing",
                    "该 ignore 条目写的 `{shown}` 不是 archlint 的规则，因此不会忽略任何发现"
                ),
                help,
            );
            continue;
        };
        let code = meta.code;
        if ig.reason.is_none() {
            out.report(
                None,
                ptr,
                text!(
                    "this ignore entry for `{code}` has no \"reason\", so it is not applied",
                    "该针对 `{code}` 的 ignore 条目没有写 \"reason\"，因此不会生效"
                ),
                text!(
                    "add a \"reason\" saying why the finding is accepted",
                    "请添加 \"reason\"，说明为何接受该发现"
                ),
            );
            continue;
        }
        if meta.phase == Phase::AfterIgnores {
            out.report(
                None,
                ptr,
                text!(
                    "`{code}` findings cannot be accepted from the design: they are checked after the ignore entries",
                    "`{code}` 的发现不能在设计中忽略：它们是在应用 ignore 条目之后才检查的"
                ),
                text!(
                    "remove this entry; to silence `{code}`, use the command line's --ignore {code}",
                    "请删除该条目；如需屏蔽 `{code}`，请使用命令行参数 --ignore {code}"
                ),
            );
            continue;
        }
        match &ig.target {
            Some(t) => {
                let target = show(&t.id);
                out.report(
                    None,
                    ptr,
                    text!(
                        "the ignore entry for `{code}` on `{target}` matched no finding",
                        "针对 `{target}` 的 `{code}` ignore 条目没有匹配到任何发现"
                    ),
                    text!(
                        "remove it: `{code}` no longer reports `{target}` (or the target is misspelt)",
                        "请删除该条目：`{code}` 已不再对 `{target}` 报告问题（或者目标 id 写错了）"
                    ),
                );
            }
            None => out.report(
                None,
                ptr,
                text!(
                    "the design-wide ignore entry for `{code}` matched no finding",
                    "针对整个设计的 `{code}` ignore 条目没有匹配到任何发现"
                ),
                text!(
                    "remove it: the design no longer has a `{code}` finding",
                    "请删除该条目：设计中已不再有 `{code}` 的发现"
                ),
            ),
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix};
    let k = cx
        .design
        .ignores
        .iter()
        .position(|ig| ig.ptr == f.pointer)?;
    let ig = &cx.design.ignores[k];
    // An entry without a rule, naming no rule, or without a reason needs the author's words.
    let meta = crate::rules::find(ig.rule.as_deref()?)?;
    if ig.reason.is_none() || cx.ignore_used.get(k).copied().unwrap_or(true) {
        return None;
    }
    let code = meta.code;
    let title = match &ig.target {
        Some(t) => {
            let t = show(&t.id);
            text!(
                "remove the unused ignore entry for `{code}` on `{t}`",
                "删除未生效的 `{t}` 的 `{code}` ignore 条目"
            )
        }
        None => text!(
            "remove the unused ignore entry for `{code}`",
            "删除未生效的 `{code}` ignore 条目"
        ),
    };
    Some(Fix::safe(
        title,
        alloc::vec![Edit::Remove { at: ig.ptr.clone() }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    if cx.design.ignores.is_empty() {
        f.not_applicable("no ignore entry", "没有 ignore 条目");
    }
}
