use super::{field_label, holder, list_names, owner_of, place, show, zh_end, zh_mid};
use crate::index::Ctx;
use crate::model::ProblemKind;
use crate::numfmt::plain as num;
use crate::rule::Sink;
use crate::text;
use crate::text::Text;

crate::declare_rule! {
    /// ## What it checks
    /// Every field has a value the format accepts: the right JSON type (a number for `cpu`,
    /// an array for `backends`…), a value of its enumeration (`kind`, `role`, `network`,
    /// `ports`…), a number in its range (ports 1–65535, whole numbers where a count is meant),
    /// the required fields present (`id`, `kind`, `regions`, a link's `from` and `to`, an
    /// ignore's `rule` and `reason`), no key given twice in one object, and no empty id. The
    /// message names the field, the value found and what is allowed.
    ///
    /// ## Why
    /// A value the format does not accept is read as absent, so the design silently loses
    /// that fact: a listener without its port, a node without its kind, an ignore without its
    /// reason. Every rule that would have looked at it stays quiet.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "listens": [ 8080, 70000 ] },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic",
    ///                  "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b",
    ///                "listens": [ 8080, 7000 ] },
    ///              { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" } ] }
    /// ```
    ///
    /// ## Source
    /// A rule of the design format (design-format.md: every field's type and allowed values;
    /// "ports are integers 1–65535"), not a fact of the guide. The values it guards carry the
    /// guide's facts: the management ports 22 and 3389 of "Security-group configuration", the
    /// ECS roles and sizes of "Opening an ECS", the RDS engines of the database sections.
    pub struct InvalidValue {
        code: "DF005",
        name: "invalid-value",
        severity: Error,
        summary: (
            "A field has the wrong type, or a value outside its enumeration or range",
            "字段类型错误，或取值不在允许的枚举或范围内"
        ),
        zh: "## 检查内容\n\
每个字段的取值都必须为格式所接受：JSON 类型正确（`cpu` 是数字、`backends` 是数组……）；枚举字段取允许的值（`kind`、`role`、`network`、`ports`……）；数值在范围内（端口为 1–65535，计数必须是整数）；必填字段齐全（`id`、`kind`、`regions`、连线的 `from` 和 `to`、ignore 的 `rule` 和 `reason`）；同一对象中没有重复的键；id 不为空字符串。报告会写明字段、实际取值和允许的取值。\n\
\n\
## 原因\n\
格式不接受的取值会被当作未填写，设计因此悄悄丢失了这项事实：监听没有端口、节点没有类型、ignore 没有理由。所有本该检查它的规则都不会再报告。\n\
\n\
## 依据\n\
这是设计格式的规定（design-format.md 中各字段的类型和取值；“端口为 1–65535 的整数”），而不是指南中的事实。但这些取值承载着指南的事实：“安全组配置”中的管理端口 22 和 3389、“开通ECS”中的实例角色和配置、数据库章节中的 RDS 引擎。",
        check: check,
        fix: fix,
        fix_note: (
            "safe: replaces a value outside its enumeration by the one allowed value nearest to it; a wrong type, range or missing field needs the intended value",
            "安全：把不在枚举内的取值改为唯一最接近的允许取值；类型错误、超出范围或缺少字段需要写出本意的值"
        ),
        facts: none,
    }
}

/// A type name with an article (English), in Chinese, and an example value.
fn type_names(t: &str) -> (&'static str, &'static str) {
    match t {
        "string" => ("a string", "字符串"),
        "boolean" => ("a boolean (true or false)", "布尔值（true 或 false）"),
        "number" => ("a number", "数字"),
        "integer" => ("an integer", "整数"),
        "array" => ("an array", "数组"),
        "object" => ("an object", "对象"),
        "null" => ("null", "null"),
        "date" if cfg!(feature = "waivers") => (
            "a date written YYYY-MM-DD (e.g. \"2027-03-31\")",
            "YYYY-MM-DD 形式的日期（如 \"2027-03-31\"）",
        ),
        "not a date" if cfg!(feature = "waivers") => {
            ("a string that is no such date", "不是这种日期的字符串")
        }
        _ => ("another type", "其他类型"),
    }
}

/// The help for a field that is required.
fn missing_help(field: &str) -> Text {
    match field {
        "id" => text!(
            "add an \"id\" that is unique in the whole design",
            "请添加一个在整个设计中唯一的 \"id\""
        ),
        "kind" => text!(
            "add \"kind\": one of `ecs`, `slb`, `rds`, `oss`, `vpn`, `leased_line`, `idc`, `eip`, `nat`, `dns`, `apigw`",
            "请添加 \"kind\"，取值为 `ecs`、`slb`、`rds`、`oss`、`vpn`、`leased_line`、`idc`、`eip`、`nat`、`dns`、`apigw` 之一"
        ),
        "regions" => text!(
            "add \"regions\" with at least one region and its zones",
            "请添加 \"regions\"，至少包含一个地域及其可用区"
        ),
        "from" | "to" => text!(
            "add \"{field}\": the id of a node (a link's \"from\" may also be `internet`)",
            "请添加 \"{field}\"：节点的 id（连线的 \"from\" 也可以是 `internet`）"
        ),
        "rule" => text!(
            "add \"rule\": the code (e.g. `HA001`) or name of the rule whose finding is accepted",
            "请添加 \"rule\"：被接受的规则的代码（如 `HA001`）或名称"
        ),
        "reason" => text!(
            "add \"reason\": why the finding is accepted (without it the entry is not applied)",
            "请添加 \"reason\"：说明为何接受该发现（没有理由的条目不会生效）"
        ),
        _ => text!("add the \"{field}\" field", "请添加 \"{field}\" 字段"),
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for p in &cx.design.problems {
        let ptr = p.ptr.as_str();
        let target = owner_of(cx, ptr);
        let field = field_label(ptr);
        let (message, help) = match &p.kind {
            ProblemKind::WrongType { expected, found } => {
                let (where_en, where_zh) = holder(cx, ptr).describe();
                let where_zh = zh_end(&where_zh);
                let (exp_en, exp_zh) = type_names(expected);
                let (found_en, found_zh) = type_names(found);
                let (exp_zh, found_zh) = (zh_mid(exp_zh), zh_mid(found_zh));
                (
                    text!(
                        "`{field}` of {where_en} must be {exp_en}, not {found_en}",
                        "{where_zh}的 `{field}` 应为{exp_zh}，而不是{found_zh}"
                    ),
                    text!("write `{field}` as {exp_en}", "请把 `{field}` 写成{exp_zh}"),
                )
            }
            ProblemKind::NotInEnum { value, allowed } => {
                let (where_en, where_zh) = holder(cx, ptr).describe();
                let where_zh = zh_end(&where_zh);
                let v = show(value);
                let message = text!(
                    "`{field}` of {where_en} is `{v}`, which is not an allowed value",
                    "{where_zh}的 `{field}` 为 `{v}`，不是允许的取值"
                );
                let help = if allowed.contains(&"<port>") {
                    text!(
                        "write `all`, one port such as `22`, or a range such as `2800-3300` (low before high, within 1–65535)",
                        "请写 `all`、单个端口（如 `22`）或端口范围（如 `2800-3300`，小的在前，范围 1–65535）"
                    )
                } else {
                    let (en, zh) = list_names(allowed.iter().copied());
                    match crate::text::suggest(value, allowed.iter().copied()) {
                        Some(s) => {
                            let s = show(s);
                            text!(
                                "did you mean `{s}`? Allowed: {en}",
                                "是否应为 `{s}`？允许的取值：{zh}"
                            )
                        }
                        None => text!("use one of {en}", "请使用以下取值之一：{zh}"),
                    }
                };
                (message, help)
            }
            ProblemKind::OutOfRange {
                value,
                min,
                max,
                integer,
            } => {
                let (where_en, where_zh) = holder(cx, ptr).describe();
                let where_zh = zh_end(&where_zh);
                let v = show(value);
                let parsed = crate::numparse::parse_f64(value);
                let in_range = parsed.is_some_and(|x| x >= *min && x <= *max);
                let (lo, hi) = (num(*min), num(*max));
                if *integer && in_range {
                    (
                        text!(
                            "`{field}` of {where_en} is {v}, but it must be a whole number",
                            "{where_zh}的 `{field}` 为 {v}，但它必须是整数"
                        ),
                        text!("write a whole number", "请写整数"),
                    )
                } else if parsed.is_some_and(f64::is_infinite) {
                    (
                        text!(
                            "`{field}` of {where_en} is beyond the largest number there is (about 1.8e308)",
                            "{where_zh}的 `{field}` 超出了数字所能表示的最大值（约 1.8e308）"
                        ),
                        text!("write a smaller number", "请写小一些的数"),
                    )
                } else if *max == crate::load_json::NO_UPPER_BOUND {
                    (
                        text!(
                            "`{field}` of {where_en} is {v}, but it cannot be less than {lo}",
                            "{where_zh}的 `{field}` 为 {v}，但不能小于 {lo}"
                        ),
                        text!("write a number of at least {lo}", "请写不小于 {lo} 的数"),
                    )
                } else {
                    (
                        text!(
                            "`{field}` of {where_en} is {v}, outside the allowed range {lo}–{hi}",
                            "{where_zh}的 `{field}` 为 {v}，超出允许范围 {lo}–{hi}"
                        ),
                        text!(
                            "write a value from {lo} to {hi}",
                            "请写 {lo} 到 {hi} 之间的值"
                        ),
                    )
                }
            }
            ProblemKind::Missing { field } => {
                // The pointer is the object that lacks the field.
                let (where_en, where_zh) = place(cx, ptr).describe();
                let where_zh = zh_end(&where_zh);
                let f = *field;
                (
                    text!(
                        "{where_en} lacks the required field `{f}`",
                        "{where_zh}缺少必填字段 `{f}`"
                    ),
                    missing_help(f),
                )
            }
            ProblemKind::DuplicateKey { field: key } => {
                let (where_en, where_zh) = holder(cx, ptr).describe();
                let where_zh = zh_end(&where_zh);
                let k = show(key);
                (
                    text!(
                        "`{k}` is given more than once in {where_en}; only the last value is read",
                        "{where_zh}中 `{k}` 出现了不止一次，只有最后一个取值生效"
                    ),
                    text!(
                        "keep a single `{k}` with the intended value",
                        "只保留一个取值正确的 `{k}`"
                    ),
                )
            }
            ProblemKind::EmptyId => {
                let (where_en, where_zh) = holder(cx, ptr).describe();
                let where_zh = zh_end(&where_zh);
                (
                    text!(
                        "`{field}` of {where_en} is an empty string, but an id cannot be empty",
                        "{where_zh}的 `{field}` 是空字符串，而 id 不能为空"
                    ),
                    text!(
                        "write a non-empty id, or remove the entry",
                        "请写非空的 id，或删除该项"
                    ),
                )
            }
            _ => continue,
        };
        out.report(target, ptr, message, help);
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    let p = cx.design.problems.iter().find(|p| p.ptr == f.pointer)?;
    let ProblemKind::NotInEnum { value, allowed } = &p.kind else {
        return None;
    };
    // A field's value (not an element of an array), and a word: ports are no enumeration.
    let last = p.ptr.rsplit('/').next()?;
    if last.parse::<usize>().is_ok() || allowed.contains(&"<port>") {
        return None;
    }
    let s = crate::rules::helpers::fix_parts::sole_suggestion(value, allowed)?;
    let (field, v, s) = (field_label(&p.ptr), show(value), s);
    Some(Fix::safe(
        text!(
            "write `{field}` as `{s}` instead of `{v}`",
            "把 `{field}` 的取值 `{v}` 改为 `{s}`"
        ),
        alloc::vec![Edit::Set {
            at: p.ptr.clone(),
            value: Json::str(s),
        }],
    ))
}
