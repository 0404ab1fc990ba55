use alloc::string::String;

use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

/// At most this many values are named in a message.
const SHOWN: usize = 6;

crate::declare_rule! {
    /// ## What it checks
    /// An imported design (from Terraform or a ROS template) lists, per file of the
    /// configuration, the values that cannot be known before deploy: zones taken from
    /// `data.alicloud_zones`, variables and parameters without a default, attributes the cloud
    /// computes. This rule reports each such file once, with what could not be resolved.
    ///
    /// ## Why
    /// archlint never invents a fact: a zone known only at deploy becomes a placeholder, other
    /// unknown values leave their field absent, and the rules that need them say nothing. A
    /// clean result on such a design means "nothing wrong with what is known"; this finding
    /// says how much was not known, so that the reader can give the values (`--var`, a tfvars
    /// file, an overlay) and check again.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "unresolved": [ { "file": "main.tf",
    ///                     "values": [ "zone_id ← data.alicloud_zones.default[0]" ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "unresolved": [] }
    /// ```
    ///
    /// ## Source
    /// A rule of archlint's import (docs/import.md), not a fact of the guide: it keeps the
    /// principle of the design format — an unknown fact never produces a finding — visible to
    /// the reader of an imported configuration.
    pub struct UnresolvedValues {
        code: "DF008",
        name: "unresolved-values",
        severity: Info,
        summary: (
            "Values of an imported file that cannot be known before deploy",
            "导入文件中部署前无法确定的值"
        ),
        zh: "## 检查内容\n\
从 Terraform 或 ROS 模板导入的设计，会按配置中的文件列出部署前无法确定的值：取自 `data.alicloud_zones` 的可用区、没有默认值的变量和参数、由云平台计算的属性。本规则对每个这样的文件报告一次，说明哪些值无法解析。\n\
\n\
## 原因\n\
archlint 从不臆造事实：部署时才知道的可用区会成为占位可用区，其他未知的值对应的字段留空，依赖它们的规则不会报告任何问题。因此这类设计检查结果干净，只表示“已知的部分没有问题”；本提示说明有多少内容未知，读者可以补上这些值（`--var`、tfvars 文件或覆盖文件）后再检查。\n\
\n\
## 依据\n\
这是 archlint 导入功能的规定（docs/import.md），不是指南中的事实：它让设计格式的原则——未知的事实不产生发现——对导入配置的读者可见。",
        check: check,
        phase: Design,
        fix_note: (
            "none: the values are known only at deploy, or from the variables and overlay the author gives",
            "无：这些值只有在部署时才能确定，或者需要作者给出变量和覆盖设计"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for note in &cx.design.unresolved {
        if note.values.is_empty() {
            continue;
        }
        let n = note.values.len();
        let mut listed = String::new();
        for (k, v) in note.values.iter().take(SHOWN).enumerate() {
            if k > 0 {
                listed.push_str("; ");
            }
            listed.push_str(v);
        }
        if n > SHOWN {
            listed.push_str("; …");
        }
        let file = note.file.as_deref().unwrap_or("?");
        out.report(
            None,
            note.ptr.as_str(),
            text!(
                "{n} value(s) of `{file}` cannot be known before deploy, so the checks that need them were skipped: {listed}",
                "`{file}` 中有 {n} 个值在部署前无法确定，依赖它们的检查已跳过：{listed}"
            ),
            text!(
                "give them with --var or a tfvars file, or state the facts in an overlay design (--overlay), and check again",
                "可用 --var 或 tfvars 文件给出这些值，或在覆盖设计（--overlay）中写明相应事实，然后重新检查"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    if cx.design.unresolved.iter().all(|u| u.values.is_empty()) {
        f.not_applicable(
            "no value left unknown by an import",
            "没有导入时无法确定的值",
        );
    }
}
