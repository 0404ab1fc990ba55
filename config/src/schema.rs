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

/// One key.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// The documentation, in English and Chinese.
    pub en: &'static str,
    pub zh: &'static str,
}

const fn f(name: &'static str, ty: Ty, en: &'static str, zh: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        en,
        zh,
    }
}

const fn req(name: &'static str, ty: Ty, en: &'static str, zh: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        en,
        zh,
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
);
const EXTEND_SELECT: Field = f(
    "extend-select",
    Ty::Selectors,
    "Rules to run in addition to those of `select` (or of the configuration this one refines).",
    "在 `select`（或被本配置细化的配置）之外额外运行的规则。",
);
const IGNORE: Field = f(
    "ignore",
    Ty::Selectors,
    "Rules not to run: codes, names, families or `ALL`.",
    "不运行的规则：代码、名称、类别或 `ALL`。",
);
const SEVERITY: Field = f(
    "severity",
    Ty::SeverityMap,
    "The severity a rule's findings are reported with, instead of the rule's own: `HA001 = \"error\"`. Keys are codes, names, families or `ALL`; the most specific key wins.",
    "发现的报告级别，取代规则自身的级别：`HA001 = \"error\"`。键可以是代码、名称、类别或 `ALL`；最具体的键优先。",
);
const PROFILE: Field = f(
    "profile",
    Ty::Enum(PROFILES),
    "The profile of designs that state none (a design's own `profile` wins).",
    "未声明 `profile` 的设计所用的安全等级（设计自身的 `profile` 优先）。",
);

/// The keys of a `[[per-path]]` entry.
pub static PER_PATH: &[Field] = &[
    req(
        "path",
        Ty::Globs,
        "Which inputs the entry applies to: a glob or a list of globs, relative to the directory of this file (`legacy/**`, `designs/*.json`). A glob without `/` matches the file name in any directory. `*` and `?` do not cross `/`; `**` matches any number of directories.",
        "本条目适用的输入：一个或一组 glob，相对于本文件所在目录（`legacy/**`、`designs/*.json`）。不含 `/` 的 glob 匹配任意目录下的文件名。`*` 和 `?` 不跨越 `/`；`**` 匹配任意层目录。",
    ),
    SELECT,
    EXTEND_SELECT,
    IGNORE,
    SEVERITY,
    PROFILE,
];

/// The keys of a `[[waiver]]`.
pub static WAIVER: &[Field] = &[
    req(
        "rule",
        Ty::Selector,
        "The rule whose findings are accepted: a code or a name.",
        "被接受的发现所属的规则：代码或名称。",
    ),
    f(
        "target",
        Ty::Str,
        "The id the finding is about; absent: every finding of the rule.",
        "发现所针对的 id；省略时适用于该规则的所有发现。",
    ),
    f(
        "path",
        Ty::Globs,
        "The inputs the waiver applies to (globs as in `[[per-path]]`); absent: every input that uses this file.",
        "豁免适用的输入（glob 规则同 `[[per-path]]`）；省略时适用于使用本文件的所有输入。",
    ),
    req(
        "reason",
        Ty::Str,
        "Why the finding is accepted (required): shown as the suppression's justification.",
        "接受该发现的原因（必填），作为抑制的理由显示。",
    ),
    f(
        "owner",
        Ty::Str,
        "Who answers for the accepted finding.",
        "对被接受的发现负责的人。",
    ),
    f(
        "expires",
        Ty::Date,
        "The last day the waiver applies, `\"YYYY-MM-DD\"`. From the next day on the finding is reported again, with DF009.",
        "豁免生效的最后一天，`\"YYYY-MM-DD\"`。此后该发现会重新报告，并附 DF009。",
    ),
];

/// The keys of `[import]`.
pub static IMPORT: &[Field] = &[
    f(
        "overlay",
        Ty::Path,
        "A design (format v1) merged by id into imported Terraform / ROS designs, like `--overlay`.",
        "按 id 合并到导入的 Terraform / ROS 设计中的设计文件（格式 v1），同 `--overlay`。",
    ),
    f(
        "vars",
        Ty::StringMap,
        "Terraform variables and ROS parameters, like `--var NAME=VALUE`.",
        "Terraform 变量和 ROS 参数，同 `--var 名称=值`。",
    ),
    f(
        "var-files",
        Ty::Paths,
        "Terraform `.tfvars` / `.tfvars.json` files, like `--var-file`.",
        "Terraform `.tfvars` / `.tfvars.json` 文件，同 `--var-file`。",
    ),
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
    ),
    f(
        "format",
        Ty::Enum(FORMATS),
        "The output format of `archlint check` (`--format`).",
        "`archlint check` 的输出格式（`--format`）。",
    ),
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
