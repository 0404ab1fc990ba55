//! The one definition of `archlint.toml`: every key, its type and its documentation. The
//! parser validates against it and the JSON Schema (`archlint config --schema`) is generated
//! from it.

use archlint_core::output::json::Writer;
use archlint_core::rules;

/// The type of a key's value.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Any non-empty string.
    Str,
    /// A path, relative to the directory of the configuration file.
    Path,
    /// An array of paths.
    Paths,
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// A date written `"YYYY-MM-DD"`.
    Date,
    /// A rule selector: a rule code (`HA001`), a rule name (`single-instance-module`), a family
    /// (`HA`) or `ALL`.
    Selector,
    /// An array of rule selectors.
    Selectors,
    /// A glob, or an array of globs.
    Globs,
    /// A table from rule selectors to a severity.
    SeverityMap,
    /// A table from names to strings.
    StringMap,
    /// A table with these keys.
    Table(&'static [Field]),
    /// An array of tables with these keys.
    Tables(&'static [Field]),
}

/// What a key's absence means.
#[derive(Debug, Clone, Copy)]
pub enum DefaultValue {
    /// The key is required: there is no default.
    Required,
    /// This string (in the JSON Schema as `"default"`).
    Str(&'static str),
    /// This array of strings (in the JSON Schema as `"default"`).
    Strs(&'static [&'static str]),
    /// No value stands for it; what absence means, in English and Chinese.
    Text { en: &'static str, zh: &'static str },
}

/// One key.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// The documentation, in English and Chinese.
    pub en: &'static str,
    pub zh: &'static str,
    /// What leaving the key out means.
    pub default: DefaultValue,
    /// An example value, written as in the file, for the English and the Chinese
    /// documentation (they differ only in free text such as a waiver's reason): a TOML value
    /// (`["HA", "DF001"]`), or for a table of names (`SeverityMap`, `StringMap`) the lines of
    /// the table (`HA001 = "error"`). Empty for `Table` and `Tables`, whose example is made of
    /// their keys' examples. The documentation (`docs/project.md`) is generated from these and
    /// its test checks every example against the parser and the JSON Schema.
    pub example: [&'static str; 2],
}

const fn f(name: &'static str, ty: Ty, en: &'static str, zh: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        en,
        zh,
        default: DefaultValue::Text {
            en: "none",
            zh: "无",
        },
        example: ["", ""],
    }
}

const fn req(name: &'static str, ty: Ty, en: &'static str, zh: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        en,
        zh,
        default: DefaultValue::Required,
        example: ["", ""],
    }
}

impl Field {
    /// A field with no documentation, default or example: for checking a value by type alone.
    pub const fn bare(name: &'static str, ty: Ty) -> Field {
        f(name, ty, "", "")
    }

    const fn or(mut self, default: DefaultValue) -> Field {
        self.default = default;
        self
    }

    /// What leaving the key out means, when it is no value.
    const fn or_text(self, en: &'static str, zh: &'static str) -> Field {
        self.or(DefaultValue::Text { en, zh })
    }

    /// The example, the same in both languages.
    const fn eg(mut self, example: &'static str) -> Field {
        self.example = [example, example];
        self
    }

    /// The example, in English and in Chinese.
    const fn eg2(mut self, en: &'static str, zh: &'static str) -> Field {
        self.example = [en, zh];
        self
    }
}

pub const LANGS: &[&str] = &["en", "zh"];
pub const FORMATS: &[&str] = &["text", "json", "sarif", "github"];
pub const PROFILES: &[&str] = &["standard", "high-security"];
pub const SEVERITIES: &[&str] = &["error", "warning", "info"];

const SELECT: Field = f(
    "select",
    Ty::Selectors,
    "The rules to run, replacing the default (every rule): codes (`HA001`), names (`single-instance-module`), families (`HA`) or `ALL`. When a rule is both selected and ignored, the more specific selector wins (a code or name is more specific than a family, a family than `ALL`); at equal specificity `ignore` wins.",
    "要运行的规则，取代默认值（全部规则）：规则代码（`HA001`）、名称（`single-instance-module`）、类别（`HA`）或 `ALL`。同一规则既被选中又被忽略时，更具体的选择器优先（代码或名称比类别具体，类别比 `ALL` 具体）；具体程度相同时 `ignore` 优先。",
)
.or(DefaultValue::Strs(&["ALL"]))
.eg(r#"["HA", "ZN", "SG", "DF"]"#);
const EXTEND_SELECT: Field = f(
    "extend-select",
    Ty::Selectors,
    "Rules to run in addition to those of `select` (or of the configuration this one refines).",
    "在 `select`（或被本配置细化的配置）之外额外运行的规则。",
)
.or(DefaultValue::Strs(&[]))
.eg(r#"["OS001", "public-database"]"#);
const IGNORE: Field = f(
    "ignore",
    Ty::Selectors,
    "Rules not to run: codes, names, families or `ALL`.",
    "不运行的规则：代码、名称、类别或 `ALL`。",
)
.or(DefaultValue::Strs(&[]))
.eg(r#"["DF008", "single-backend-slb"]"#);
const SEVERITY: Field = f(
    "severity",
    Ty::SeverityMap,
    "The severity a rule's findings are reported with, instead of the rule's own: `HA001 = \"error\"`. Keys are codes, names, families or `ALL`; the most specific key wins.",
    "发现的报告级别，取代规则自身的级别：`HA001 = \"error\"`。键可以是代码、名称、类别或 `ALL`；最具体的键优先。",
)
.or_text("each rule's own severity", "各规则自身的级别")
.eg("HA001 = \"error\"\nDR = \"info\"");
const PROFILE: Field = f(
    "profile",
    Ty::Enum(PROFILES),
    "The profile of designs that state none (a design's own `profile` wins).",
    "未声明 `profile` 的设计所用的安全等级（设计自身的 `profile` 优先）。",
)
.or(DefaultValue::Str("standard"))
.eg(r#""high-security""#);

/// The keys of a `[[per-path]]` entry.
pub static PER_PATH: &[Field] = &[
    req(
        "path",
        Ty::Globs,
        "Which inputs the entry applies to: a glob or a list of globs, relative to the directory of this file (`legacy/**`, `designs/*.json`). A glob without `/` matches the file name in any directory. `*` and `?` do not cross `/`; `**` matches any number of directories.",
        "本条目适用的输入：一个或一组 glob，相对于本文件所在目录（`legacy/**`、`designs/*.json`）。不含 `/` 的 glob 匹配任意目录下的文件名。`*` 和 `?` 不跨越 `/`；`**` 匹配任意层目录。",
    )
    .eg(r#"["legacy/**", "drafts/*.json"]"#),
    SELECT.or_text(
        "the selection so far (the top level's, then earlier matching entries')",
        "此前的选择（顶层设置，再依次叠加前面匹配的条目）",
    ),
    EXTEND_SELECT,
    IGNORE,
    SEVERITY.or_text(
        "the severities so far (the top level's, then earlier matching entries')",
        "此前的级别（顶层设置，再依次叠加前面匹配的条目）",
    ),
    PROFILE.or_text(
        "the profile so far (the top level's, or an earlier matching entry's)",
        "此前的安全等级（顶层设置，或前面匹配的条目的设置）",
    ),
];

/// The keys of a `[[waiver]]`.
pub static WAIVER: &[Field] = &[
    req(
        "rule",
        Ty::Selector,
        "The rule whose findings are accepted: a code or a name.",
        "被接受的发现所属的规则：代码或名称。",
    )
    .eg(r#""HA001""#),
    f(
        "target",
        Ty::Str,
        "The id the finding is about; absent: every finding of the rule.",
        "发现所针对的 id；省略时适用于该规则的所有发现。",
    )
    .or_text("every finding of the rule", "该规则的所有发现")
    .eg(r#""app-1""#),
    f(
        "path",
        Ty::Globs,
        "The inputs the waiver applies to (globs as in `[[per-path]]`); absent: every input that uses this file.",
        "豁免适用的输入（glob 规则同 `[[per-path]]`）；省略时适用于使用本文件的所有输入。",
    )
    .or_text("every input that uses this file", "使用本文件的所有输入")
    .eg(r#""designs/batch/*.json""#),
    req(
        "reason",
        Ty::Str,
        "Why the finding is accepted (required): shown as the suppression's justification.",
        "接受该发现的原因（必填），作为抑制的理由显示。",
    )
    .eg2(
        r#""nightly batch job: a restart is fine""#,
        r#""夜间批处理任务，重启无妨""#,
    ),
    f(
        "owner",
        Ty::Str,
        "Who answers for the accepted finding.",
        "对被接受的发现负责的人。",
    )
    .eg2(r#""ops-team""#, r#""运维组""#),
    f(
        "expires",
        Ty::Date,
        "The last day the waiver applies, `\"YYYY-MM-DD\"`. From the next day on the finding is reported again, with DF009.",
        "豁免生效的最后一天，`\"YYYY-MM-DD\"`。此后该发现会重新报告，并附 DF009。",
    )
    .or_text("never: the waiver does not expire", "永不过期")
    .eg(r#""2027-03-31""#),
];

/// The keys of `[import]`.
pub static IMPORT: &[Field] = &[
    f(
        "overlay",
        Ty::Path,
        "A design (format v1) merged by id into imported Terraform / ROS designs, like `--overlay`.",
        "按 id 合并到导入的 Terraform / ROS 设计中的设计文件（格式 v1），同 `--overlay`。",
    )
    .eg(r#""infra/facts.json""#),
    f(
        "vars",
        Ty::StringMap,
        "Terraform variables and ROS parameters, like `--var NAME=VALUE`.",
        "Terraform 变量和 ROS 参数，同 `--var 名称=值`。",
    )
    .eg("env = \"prod\"\n\"ALIYUN::Region\" = \"cn-shanghai-finance-1\""),
    f(
        "var-files",
        Ty::Paths,
        "Terraform `.tfvars` / `.tfvars.json` files, like `--var-file`.",
        "Terraform `.tfvars` / `.tfvars.json` 文件，同 `--var-file`。",
    )
    .or(DefaultValue::Strs(&[]))
    .eg(r#"["infra/prod.tfvars"]"#),
];

/// The top-level keys of `archlint.toml`.
pub static TOP: &[Field] = &[
    SELECT,
    EXTEND_SELECT,
    IGNORE,
    SEVERITY,
    f(
        "lang",
        Ty::Enum(LANGS),
        "The language of every human-readable text (`--lang`).",
        "所有可读文本的语言（`--lang`）。",
    )
    .or_text(
        "from `LC_ALL`, `LC_MESSAGES` or `LANG` (Chinese when the first one set starts with `zh`), else `\"en\"`",
        "取自 `LC_ALL`、`LC_MESSAGES` 或 `LANG`（第一个有值的以 `zh` 开头时为中文），否则为 `\"en\"`",
    )
    .eg(r#""zh""#),
    f(
        "format",
        Ty::Enum(FORMATS),
        "The output format of `archlint check` (`--format`).",
        "`archlint check` 的输出格式（`--format`）。",
    )
    .or(DefaultValue::Str("text"))
    .eg(r#""sarif""#),
    PROFILE,
    f(
        "import",
        Ty::Table(IMPORT),
        "Options for Terraform and ROS inputs.",
        "Terraform 与 ROS 输入的选项。",
    ),
    f(
        "per-path",
        Ty::Tables(PER_PATH),
        "Settings for some inputs only, applied in order after the top-level ones (a later entry wins).",
        "仅对部分输入生效的设置，按顺序在顶层设置之后应用（后面的条目优先）。",
    ),
    f(
        "waiver",
        Ty::Tables(WAIVER),
        "Accepted findings, each with a reason and optionally an owner and an expiry date. Waived findings are shown as suppressed, not dropped.",
        "被接受的发现，每条须写原因，可写负责人和到期日。被豁免的发现显示为已抑制，而不是被丢弃。",
    ),
];

/// Every selector a configuration may write: `ALL`, the families, the codes, the names.
pub fn selectors() -> Vec<&'static str> {
    let mut v = vec!["ALL"];
    v.extend(rules::FAMILIES.iter().map(|(fam, _)| *fam));
    v.extend(rules::all().map(|r| r.code));
    v.extend(rules::all().map(|r| r.name));
    v
}

fn type_schema(w: &mut Writer, ty: Ty) {
    match ty {
        Ty::Str => {
            w.field_str("type", "string");
            w.field_uint("minLength", 1);
        }
        Ty::Path => {
            w.field_str("type", "string");
            w.field_uint("minLength", 1);
        }
        Ty::Paths => {
            w.field_str("type", "array");
            w.key("items").begin_object();
            type_schema(w, Ty::Path);
            w.end_object();
        }
        Ty::Enum(values) => {
            w.field_str("type", "string");
            w.key("enum").begin_array();
            for v in values {
                w.string(v);
            }
            w.end_array();
        }
        Ty::Date => {
            w.field_str("type", "string");
            w.field_str("pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
        }
        Ty::Selector => {
            w.field_str("type", "string");
            w.key("enum").begin_array();
            for v in rules::all()
                .map(|r| r.code)
                .chain(rules::all().map(|r| r.name))
            {
                w.string(v);
            }
            w.end_array();
        }
        Ty::Selectors => {
            w.field_str("type", "array");
            w.key("items").begin_object();
            w.field_str("$ref", "#/$defs/selector");
            w.end_object();
        }
        Ty::Globs => {
            w.key("oneOf").begin_array();
            w.begin_object();
            type_schema(w, Ty::Str);
            w.end_object();
            w.begin_object();
            w.field_str("type", "array");
            w.field_uint("minItems", 1);
            w.key("items").begin_object();
            type_schema(w, Ty::Str);
            w.end_object();
            w.end_object();
            w.end_array();
        }
        Ty::SeverityMap => {
            w.field_str("type", "object");
            w.key("propertyNames").begin_object();
            w.field_str("$ref", "#/$defs/selector");
            w.end_object();
            w.key("additionalProperties").begin_object();
            type_schema(w, Ty::Enum(SEVERITIES));
            w.end_object();
        }
        Ty::StringMap => {
            w.field_str("type", "object");
            w.key("additionalProperties").begin_object();
            w.field_str("type", "string");
            w.end_object();
        }
        Ty::Table(fields) => table_schema(w, fields),
        Ty::Tables(fields) => {
            w.field_str("type", "array");
            w.key("items").begin_object();
            table_schema(w, fields);
            w.end_object();
        }
    }
}

fn table_schema(w: &mut Writer, fields: &[Field]) {
    w.field_str("type", "object");
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    if !required.is_empty() {
        w.key("required").begin_array();
        for r in required {
            w.string(r);
        }
        w.end_array();
    }
    w.key("properties").begin_object();
    for f in fields {
        w.key(f.name).begin_object();
        w.field_str("description", f.en);
        match f.default {
            DefaultValue::Str(v) => {
                w.field_str("default", v);
            }
            DefaultValue::Strs(vs) => {
                w.key("default").begin_array();
                for v in vs {
                    w.string(v);
                }
                w.end_array();
            }
            DefaultValue::Required | DefaultValue::Text { .. } => {}
        }
        type_schema(w, f.ty);
        w.end_object();
    }
    w.end_object();
    w.key("additionalProperties").bool(false);
}

/// The JSON Schema (draft 2020-12) of `archlint.toml`, generated from [`TOP`] and the rule
/// registry.
pub fn json_schema() -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.field_str("$schema", "https://json-schema.org/draft/2020-12/schema");
    w.field_str("$id", "https://archlint.dev/schema/archlint.toml.json");
    w.field_str("title", "archlint project configuration (archlint.toml)");
    w.field_str(
        "description",
        "archlint.toml or .archlint.toml, found by walking up from each input; generated by `archlint config --schema`.",
    );
    table_schema(&mut w, TOP);
    w.key("$defs").begin_object();
    w.key("selector").begin_object();
    w.field_str("description", "A rule code, a rule name, a family or ALL.");
    w.field_str("type", "string");
    w.key("enum").begin_array();
    for s in selectors() {
        w.string(s);
    }
    w.end_array();
    w.end_object();
    w.end_object();
    w.end_object();
    w.finish()
}
