//! The configuration reference in `docs/project.md` and `docs/project.zh.md` — the part between
//! the `archlint:config-reference` marker comments — is generated from the one definition of
//! `archlint.toml` (`archlint_config::schema`: every key, its type, default, documentation in
//! English and Chinese, and an example), which the parser checks files against and
//! `archlint config --schema` turns into the JSON Schema. A stale page fails this test;
//! `ARCHLINT_BLESS=1 cargo test -p archlint-cli --test project_docs` rewrites the reference
//! (the rest of each page is written by hand). Every example of the reference is checked here
//! against the parser and the JSON Schema.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use archlint_config::schema::{self, DefaultValue, Field, Ty};
use archlint_core::rules::FAMILIES;
use archlint_core::Lang;
use serde_json::Value;

const BEGIN: &str = "<!-- archlint:config-reference:begin — generated from archlint_config::schema by cli/tests/project_docs.rs; do not edit: ARCHLINT_BLESS=1 cargo test -p archlint-cli --test project_docs rewrites it -->";
const END: &str = "<!-- archlint:config-reference:end -->";

/// Where a key lives: at the top level, or in the table (`[import]`) or array of tables
/// (`[[per-path]]`) of a top-level key.
#[derive(Clone, Copy)]
struct Place {
    field: &'static Field,
    parent: Option<&'static Field>,
}

impl Place {
    /// `select`, `import.overlay`, `per-path.path`.
    fn dotted(&self) -> String {
        match self.parent {
            None => self.field.name.to_string(),
            Some(p) => format!("{}.{}", p.name, self.field.name),
        }
    }
    /// The HTML anchor of the key's entry.
    fn anchor(&self) -> String {
        format!("config-{}", self.dotted().replace('.', "-"))
    }
    /// The heading of the key: `[import]` and `[[per-path]]` for tables, else the dotted name.
    fn title(&self) -> String {
        match (self.parent, self.field.ty) {
            (None, Ty::Table(_)) => format!("[{}]", self.field.name),
            (None, Ty::Tables(_)) => format!("[[{}]]", self.field.name),
            _ => self.dotted(),
        }
    }
}

fn children(f: &Field) -> &'static [Field] {
    match f.ty {
        Ty::Table(fields) | Ty::Tables(fields) => fields,
        _ => &[],
    }
}

/// Every key in reference order: each top-level key, and after a table its keys.
fn places() -> Vec<Place> {
    let mut v = Vec::new();
    for f in schema::TOP {
        v.push(Place {
            field: f,
            parent: None,
        });
        for c in children(f) {
            v.push(Place {
                field: c,
                parent: Some(f),
            });
        }
    }
    v
}

fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn example_of(f: &Field, lang: Lang) -> &'static str {
    f.example[match lang {
        Lang::En => 0,
        Lang::Zh => 1,
    }]
}

/// Whether a key is written as a table of its own (`[severity]`, `[import.vars]`).
fn is_map(ty: Ty) -> bool {
    matches!(ty, Ty::SeverityMap | Ty::StringMap)
}

/// The lines of a table's body: `key = value` for the plain keys (each key in `only`, or all),
/// then each table of names as `[header.key]` with its lines.
fn table_body(out: &mut String, header: &str, fields: &[Field], only: &[&str], lang: Lang) {
    let wanted = |f: &&Field| only.is_empty() || only.contains(&f.name);
    for f in fields.iter().filter(wanted).filter(|f| !is_map(f.ty)) {
        let _ = writeln!(out, "{} = {}", f.name, example_of(f, lang));
    }
    for f in fields.iter().filter(wanted).filter(|f| is_map(f.ty)) {
        let _ = writeln!(out, "[{header}.{}]\n{}", f.name, example_of(f, lang));
    }
}

/// The example of a key, as a complete `archlint.toml`: the key's own example, inside its
/// table's header with the table's required keys; a table's example is every one of its keys.
fn example(p: Place, lang: Lang) -> String {
    let mut s = String::new();
    let f = p.field;
    match (p.parent, f.ty) {
        (None, Ty::Table(fields)) => {
            let _ = writeln!(s, "[{}]", f.name);
            table_body(&mut s, f.name, fields, &[], lang);
        }
        (None, Ty::Tables(fields)) => {
            let _ = writeln!(s, "[[{}]]", f.name);
            table_body(&mut s, f.name, fields, &[], lang);
        }
        (None, ty) if is_map(ty) => {
            let _ = writeln!(s, "[{}]\n{}", f.name, example_of(f, lang));
        }
        (None, _) => {
            let _ = writeln!(s, "{} = {}", f.name, example_of(f, lang));
        }
        (Some(parent), _) => {
            let fields = children(parent);
            let mut only: Vec<&str> = fields
                .iter()
                .filter(|c| c.required)
                .map(|c| c.name)
                .collect();
            only.push(f.name);
            match parent.ty {
                Ty::Tables(_) => {
                    let _ = writeln!(s, "[[{}]]", parent.name);
                }
                // `[import.vars]` alone needs no `[import]` above it.
                _ if only.len() > 1 || !is_map(f.ty) => {
                    let _ = writeln!(s, "[{}]", parent.name);
                }
                _ => {}
            }
            table_body(&mut s, parent.name, fields, &only, lang);
        }
    }
    s
}

/// Every key at once: the plain top-level keys, then the tables.
fn full_example(lang: Lang) -> String {
    let mut s = String::new();
    let top = schema::TOP;
    for f in top
        .iter()
        .filter(|f| children(f).is_empty() && !is_map(f.ty))
    {
        let _ = writeln!(s, "{} = {}", f.name, example_of(f, lang));
    }
    for f in top
        .iter()
        .filter(|f| !children(f).is_empty() || is_map(f.ty))
    {
        s.push('\n');
        s.push_str(&example(
            Place {
                field: f,
                parent: None,
            },
            lang,
        ));
    }
    s
}

fn type_name(ty: Ty, lang: Lang) -> &'static str {
    match ty {
        Ty::Str => pick(lang, "string", "字符串"),
        Ty::Path => pick(lang, "string (a path)", "字符串（路径）"),
        Ty::Paths => pick(lang, "array of strings (paths)", "字符串数组（路径）"),
        Ty::Enum(_) => pick(lang, "string", "字符串"),
        Ty::Date => pick(lang, "string (a date)", "字符串（日期）"),
        Ty::Selector => pick(lang, "string (a rule)", "字符串（规则）"),
        Ty::Selectors => pick(
            lang,
            "array of strings (rule selectors)",
            "字符串数组（规则选择器）",
        ),
        Ty::Globs => pick(
            lang,
            "string or array of strings (globs)",
            "字符串或字符串数组（glob）",
        ),
        Ty::SeverityMap => pick(
            lang,
            "table: rule selector → severity",
            "表：规则选择器 → 级别",
        ),
        Ty::StringMap => pick(lang, "table: name → string", "表：名称 → 字符串"),
        Ty::Table(_) => pick(lang, "table", "表"),
        Ty::Tables(_) => pick(lang, "array of tables", "表数组"),
    }
}

fn default_text(d: DefaultValue, lang: Lang) -> String {
    match d {
        DefaultValue::Required => pick(lang, "none: required", "无（必填）").to_string(),
        DefaultValue::Str(v) => format!("`\"{v}\"`"),
        DefaultValue::Strs(vs) => {
            let items: Vec<String> = vs.iter().map(|v| format!("\"{v}\"")).collect();
            format!("`[{}]`", items.join(", "))
        }
        DefaultValue::Text { en, zh } => pick(lang, en, zh).to_string(),
    }
}

/// A list in the page's language: `a`, `b` or `a`、`b`.
fn list(items: impl Iterator<Item = String>, lang: Lang) -> String {
    items.collect::<Vec<_>>().join(pick(lang, ", ", "、"))
}

fn quoted(values: &[&str], lang: Lang) -> String {
    list(values.iter().map(|v| format!("`\"{v}\"`")), lang)
}

fn families(lang: Lang) -> String {
    list(FAMILIES.iter().map(|(f, _)| format!("`{f}`")), lang)
}

fn allowed(ty: Ty, lang: Lang) -> String {
    let selectors = || {
        match lang {
        Lang::En => format!("`ALL`; a family: {}; a rule code (`HA001`) or name (`single-instance-module`) of the [catalog](rules.md)", families(lang)),
        Lang::Zh => format!("`ALL`；类别：{}；[规则目录](rules.zh.md)中的规则代码（`HA001`）或名称（`single-instance-module`）", families(lang)),
    }
    };
    match ty {
        Ty::Str => pick(lang, "any non-empty string", "任意非空字符串").to_string(),
        Ty::Path => pick(
            lang,
            "a path, relative to the directory of this file",
            "路径，相对于本文件所在目录",
        )
        .to_string(),
        Ty::Paths => pick(
            lang,
            "paths, relative to the directory of this file",
            "路径，相对于本文件所在目录",
        )
        .to_string(),
        Ty::Enum(values) => quoted(values, lang),
        Ty::Date => pick(
            lang,
            "a day of the calendar written `\"YYYY-MM-DD\"`",
            "写成 `\"YYYY-MM-DD\"` 的日历日期",
        )
        .to_string(),
        Ty::Selector => pick(
            lang,
            "a rule code (`HA001`) or name (`single-instance-module`) of the [catalog](rules.md); not a family, not `ALL`",
            "[规则目录](rules.zh.md)中的规则代码（`HA001`）或名称（`single-instance-module`）；不能是类别或 `ALL`",
        )
        .to_string(),
        Ty::Selectors => selectors(),
        Ty::Globs => pick(
            lang,
            "globs of `/`-separated paths: `*` and `?` within a name, `**` for any number of directories",
            "以 `/` 分隔路径的 glob：`*` 和 `?` 只匹配一个名称之内，`**` 匹配任意层目录",
        )
        .to_string(),
        Ty::SeverityMap => match lang {
            Lang::En => format!(
                "keys: {}; values: {}",
                selectors(),
                quoted(schema::SEVERITIES, lang)
            ),
            Lang::Zh => format!(
                "键：{}；值：{}",
                selectors(),
                quoted(schema::SEVERITIES, lang)
            ),
        },
        Ty::StringMap => pick(
            lang,
            "any names (quote those with `:` or `.`); string values",
            "任意名称（含 `:` 或 `.` 的需加引号）；值为字符串",
        )
        .to_string(),
        Ty::Table(_) | Ty::Tables(_) => {
            pick(lang, "the keys below", "见下列各键").to_string()
        }
    }
}

/// The generated reference, markers included.
fn reference(lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{BEGIN}\n");
    let (intro, h_key, h_type, h_default) = match lang {
        Lang::En => (
            "Every key `archlint.toml` accepts — the parser's own definition, which `archlint config --schema` also turns into the JSON Schema. Anything else is an error with its line and column. Each example is a complete file, checked by the test that generates this section.",
            "key",
            "type",
            "default",
        ),
        Lang::Zh => (
            "`archlint.toml` 接受的全部键——即解析器自身使用的定义，`archlint config --schema` 也由它生成 JSON Schema。其他任何键都是错误，并给出行号和列号。每个示例都是一个完整的文件，由生成本节的测试逐一检查。",
            "键",
            "类型",
            "默认值",
        ),
    };
    let _ = writeln!(s, "{intro}\n");
    let _ = writeln!(s, "| {h_key} | {h_type} | {h_default} |\n|---|---|---|");
    for p in places() {
        let _ = writeln!(
            s,
            "| [`{}`](#{}) | {} | {} |",
            p.title(),
            p.anchor(),
            type_name(p.field.ty, lang),
            default_text(p.field.default, lang)
        );
    }
    let (l_type, l_default, l_allowed, l_example, top_heading) = match lang {
        Lang::En => (
            "Type",
            "Default",
            "Allowed values",
            "Example",
            "Top-level keys",
        ),
        Lang::Zh => ("类型", "默认值", "可选值", "示例", "顶层键"),
    };
    let _ = writeln!(s, "\n### {top_heading}");
    for p in places() {
        let f = p.field;
        let heading = if p.parent.is_none() && !children(f).is_empty() {
            "###"
        } else {
            "####"
        };
        let _ = writeln!(s, "\n<a id=\"{}\"></a>\n", p.anchor());
        let _ = writeln!(s, "{heading} `{}`\n", p.title());
        let _ = writeln!(s, "{}\n", pick(lang, f.en, f.zh));
        let colon = pick(lang, ":", "：");
        let _ = writeln!(s, "- **{l_type}{colon}** {}", type_name(f.ty, lang));
        let _ = writeln!(
            s,
            "- **{l_default}{colon}** {}",
            default_text(f.default, lang)
        );
        let _ = writeln!(s, "- **{l_allowed}{colon}** {}", allowed(f.ty, lang));
        let _ = writeln!(s, "- **{l_example}{colon}**\n");
        let _ = writeln!(s, "```toml\n{}```", example(p, lang));
    }
    let (all_heading, all_intro) = match lang {
        Lang::En => (
            "Every key at once",
            "The examples above together, as one file:",
        ),
        Lang::Zh => ("全部键的示例", "把上面的示例合在一起，成为一个文件："),
    };
    let _ = writeln!(s, "\n### {all_heading}\n\n{all_intro}\n");
    let _ = writeln!(s, "```toml\n{}```\n", full_example(lang));
    s.push_str(END);
    s
}

fn docs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

/// The page with its reference section replaced by `section`; `None` without the markers.
fn with_section(page: &str, section: &str) -> Option<String> {
    let start = page.find(BEGIN)?;
    let end = page[start..].find(END)? + start + END.len();
    Some(format!("{}{section}{}", &page[..start], &page[end..]))
}

#[test]
fn the_config_reference_is_generated_from_the_schema() {
    for (lang, name) in [(Lang::En, "project.md"), (Lang::Zh, "project.zh.md")] {
        let path = docs_dir().join(name);
        let page =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let want = with_section(&page, &reference(lang)).unwrap_or_else(|| {
            panic!(
                "{} lacks the marker comments of the reference ({BEGIN} … {END})",
                path.display()
            )
        });
        if std::env::var_os("ARCHLINT_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        if page != want {
            let line = page
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(page.lines().count().min(want.lines().count()));
            panic!(
                "{}: the configuration reference is stale (first difference at line {}): run ARCHLINT_BLESS=1 cargo test -p archlint-cli --test project_docs",
                path.display(),
                line + 1
            );
        }
    }
}

fn compiled_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: Value = serde_json::from_str(&schema::json_schema()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("config.schema.json", schema).unwrap();
    let idx = compiler
        .compile("config.schema.json", &mut schemas)
        .unwrap();
    (schemas, idx)
}

/// The parser and the JSON Schema both accept `toml`.
fn assert_valid(toml: &str, schemas: &boon::Schemas, idx: boon::SchemaIndex) -> Value {
    if let Err(e) = archlint_config::parse::parse(
        toml,
        "archlint.toml".into(),
        PathBuf::from("archlint.toml"),
        PathBuf::from("."),
    ) {
        panic!("the parser rejects the example:\n{toml}\n{e}");
    }
    let json: Value = serde_json::from_str(&archlint_config::toml_to_json(toml).unwrap()).unwrap();
    if let Err(e) = schemas.validate(&json, idx) {
        panic!("the JSON Schema rejects the example:\n{toml}\n{e}");
    }
    json
}

#[test]
fn every_example_is_a_valid_configuration_that_sets_its_key() {
    let (schemas, idx) = compiled_schema();
    for lang in [Lang::En, Lang::Zh] {
        for p in places() {
            let toml = example(p, lang);
            let json = assert_valid(&toml, &schemas, idx);
            // The key is where the reference says it is.
            let at = match p.parent {
                None => json.get(p.field.name),
                Some(parent) => {
                    let t = &json[parent.name];
                    let t = if matches!(parent.ty, Ty::Tables(_)) {
                        &t[0]
                    } else {
                        t
                    };
                    t.get(p.field.name)
                }
            };
            assert!(
                at.is_some(),
                "{} is not set by its example:\n{toml}",
                p.dotted()
            );
        }
        let full = full_example(lang);
        let json = assert_valid(&full, &schemas, idx);
        for f in schema::TOP {
            assert!(
                json.get(f.name).is_some(),
                "{} missing from:\n{full}",
                f.name
            );
        }
    }
}

#[test]
fn every_key_is_documented_with_a_default_and_an_example() {
    let (schemas, idx) = compiled_schema();
    for p in places() {
        let f = p.field;
        assert!(!f.en.is_empty() && !f.zh.is_empty(), "{}", p.dotted());
        // Required keys, and only they, have no default.
        assert_eq!(
            f.required,
            matches!(f.default, DefaultValue::Required),
            "{}",
            p.dotted()
        );
        // A table's example is made of its keys'; every other key has its own.
        let has_example = !f.example[0].is_empty() && !f.example[1].is_empty();
        assert_eq!(has_example, children(f).is_empty(), "{}", p.dotted());
        // A default that is a value is a value of the key.
        let value = match f.default {
            DefaultValue::Str(v) => format!("\"{v}\""),
            DefaultValue::Strs(vs) => {
                let items: Vec<String> = vs.iter().map(|v| format!("\"{v}\"")).collect();
                format!("[{}]", items.join(", "))
            }
            DefaultValue::Required | DefaultValue::Text { .. } => continue,
        };
        let toml = match p.parent {
            None => format!("{} = {value}\n", f.name),
            Some(parent) => {
                let mut s = match parent.ty {
                    Ty::Tables(_) => format!("[[{}]]\n", parent.name),
                    _ => format!("[{}]\n", parent.name),
                };
                for c in children(parent).iter().filter(|c| c.required) {
                    let _ = writeln!(s, "{} = {}", c.name, c.example[0]);
                }
                let _ = writeln!(s, "{} = {value}", f.name);
                s
            }
        };
        assert_valid(&toml, &schemas, idx);
    }
}

#[test]
fn the_pages_link_each_other_and_every_link_target_exists() {
    // The reference's own anchors, and the relative links of both pages, lead somewhere.
    for name in ["project.md", "project.zh.md"] {
        let path = docs_dir().join(name);
        let page = std::fs::read_to_string(&path).unwrap();
        let anchors: Vec<String> = page
            .match_indices("<a id=\"")
            .map(|(i, m)| {
                let rest = &page[i + m.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect();
        let mut rest = page.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let target = &rest[..rest.find(')').unwrap()];
            if target.starts_with("http") {
                continue;
            }
            let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
            if file.is_empty() {
                assert!(
                    anchors.iter().any(|a| a == anchor) || heading_anchor(&page, anchor),
                    "{name}: no anchor #{anchor}"
                );
            } else {
                let p: &Path = &docs_dir().join(file);
                assert!(p.exists(), "{name}: {file} does not exist");
            }
        }
    }
}

/// Whether `page` has a heading whose GitHub anchor is `anchor` (lower case, spaces to `-`,
/// punctuation other than `-` and `_` dropped).
fn heading_anchor(page: &str, anchor: &str) -> bool {
    page.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            l.trim_start_matches('#')
                .trim()
                .to_lowercase()
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                    _ => None,
                })
                .collect::<String>()
        })
        .any(|a| a == anchor)
}
