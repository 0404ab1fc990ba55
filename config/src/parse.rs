//! Reading `archlint.toml`: TOML with spans (toml-span), validated against [`crate::schema`];
//! every error has a line and a column.

use std::path::{Path, PathBuf};

use archlint_core::model::Profile;
use archlint_core::rule::Severity;
use archlint_core::text::{suggest, LineIndex};
use archlint_core::{rules, Date, Lang, RuleMeta, Text};
use toml_span::value::{Table, ValueInner};
use toml_span::{Span, Value};

use crate::glob::Glob;
use crate::schema::{Field, Ty, FORMATS, TOP};
use crate::ConfigError;

/// A line and column (1-based, columns in characters) in a configuration file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// What a selector names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selector {
    All,
    Family(&'static str),
    Rule(&'static RuleMeta),
}

impl Selector {
    /// Reads `ALL`, a family (`HA`, any case), a code (`HA001`, any case) or a name.
    pub fn parse(word: &str) -> Option<Selector> {
        if word == "ALL" {
            return Some(Selector::All);
        }
        if let Some(r) = rules::find(word) {
            return Some(Selector::Rule(r));
        }
        rules::FAMILIES
            .iter()
            .find(|(fam, _)| fam.eq_ignore_ascii_case(word))
            .map(|(fam, _)| Selector::Family(fam))
    }
    /// ALL < family < rule.
    pub fn specificity(self) -> u8 {
        match self {
            Selector::All => 0,
            Selector::Family(_) => 1,
            Selector::Rule(_) => 2,
        }
    }
    pub fn matches(self, r: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Family(f) => r.family() == f,
            Selector::Rule(m) => m.code == r.code,
        }
    }
    pub fn show(self) -> String {
        match self {
            Selector::All => "ALL".into(),
            Selector::Family(f) => f.into(),
            Selector::Rule(r) => r.code.into(),
        }
    }
}

/// A selector and where it is written.
#[derive(Debug, Clone, Copy)]
pub struct Sel {
    pub sel: Selector,
    pub at: Pos,
}

/// Rule settings of one layer: the top level of a file, or a `[[per-path]]` entry.
#[derive(Debug, Clone, Default)]
pub struct RuleLayer {
    pub select: Option<Vec<Sel>>,
    pub extend_select: Vec<Sel>,
    pub ignore: Vec<Sel>,
    pub severity: Vec<(Sel, Severity)>,
    pub profile: Option<(Profile, Pos)>,
}

/// A `[[per-path]]` entry.
#[derive(Debug, Clone)]
pub struct PerPath {
    pub globs: Vec<Glob>,
    pub at: Pos,
    pub rules: RuleLayer,
}

/// A `[[waiver]]`.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: &'static RuleMeta,
    pub target: Option<String>,
    pub globs: Vec<Glob>,
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Option<Date>,
    pub at: Pos,
}

/// `[import]`: paths already made absolute (relative to the file's directory).
#[derive(Debug, Clone, Default)]
pub struct ImportSettings {
    pub overlay: Option<(PathBuf, Pos)>,
    pub vars: Vec<(String, String, Pos)>,
    pub var_files: Vec<(PathBuf, Pos)>,
}

/// One configuration file, read and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file as found or named (absolute when discovered).
    pub path: PathBuf,
    /// Its directory: paths and globs are relative to it.
    pub dir: PathBuf,
    pub rules: RuleLayer,
    pub lang: Option<(Lang, Pos)>,
    pub format: Option<(&'static str, Pos)>,
    pub import: ImportSettings,
    pub per_path: Vec<PerPath>,
    pub waivers: Vec<Waiver>,
}

struct Cx<'a> {
    name: String,
    text: &'a str,
    lines: LineIndex,
}

impl Cx<'_> {
    fn pos(&self, span: Span) -> Pos {
        // toml-span's spans of strings (values and quoted keys) start after the quotes: point
        // at the opening quote instead.
        let b = self.text.as_bytes();
        let mut start = span.start.min(b.len());
        let mut quotes = 0;
        while start > 0 && quotes < 3 && matches!(b[start - 1], b'"' | b'\'') {
            start -= 1;
            quotes += 1;
        }
        let lc = self
            .lines
            .line_col(self.text, u32::try_from(start).unwrap_or(u32::MAX));
        Pos {
            line: lc.line,
            column: lc.column,
        }
    }
    fn err(&self, span: Span, message: Text) -> ConfigError {
        let p = self.pos(span);
        ConfigError {
            file: self.name.clone(),
            line: p.line,
            column: p.column,
            message,
        }
    }
}

/// Reads and checks the configuration file at `path`.
pub fn read(path: &Path) -> Result<Config, ConfigError> {
    let name = crate::display_path(path);
    let bytes = std::fs::read(path).map_err(|e| ConfigError {
        file: name.clone(),
        line: 0,
        column: 0,
        message: Text {
            en: format!("cannot read the configuration: {e}"),
            zh: format!("无法读取配置文件：{e}"),
        },
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..good]).into_owned();
            let cx = Cx {
                name,
                lines: LineIndex::new(&prefix),
                text: &prefix,
            };
            return Err(cx.err(
                Span::new(good, good),
                Text::new("the configuration is not UTF-8", "配置文件不是 UTF-8 编码"),
            ));
        }
    };
    let dir = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    parse(&text, name, path.to_path_buf(), dir)
}

/// Checks the text of a configuration file named `name`, at `path` in directory `dir`.
pub fn parse(text: &str, name: String, path: PathBuf, dir: PathBuf) -> Result<Config, ConfigError> {
    let cx = Cx {
        name,
        text,
        lines: LineIndex::new(text),
    };
    let mut root = toml_span::parse(text).map_err(|e| syntax_error(&cx, &e))?;
    let span = root.span;
    let ValueInner::Table(table) = root.take() else {
        return Err(cx.err(span, Text::new("not a TOML table", "不是 TOML 表")));
    };
    check_table(&cx, &table, TOP, span, "")?;
    build(&cx, &table, path, dir)
}

fn syntax_error(cx: &Cx<'_>, e: &toml_span::Error) -> ConfigError {
    use toml_span::ErrorKind as K;
    let at = &cx.text[e.span.start.min(cx.text.len())..];
    let looks_like_date = at.len() >= 10 && Date::parse(&at[..10]).is_some();
    let (en, zh) = match &e.kind {
        _ if looks_like_date => (
            "invalid TOML here: write dates as strings, e.g. expires = \"2027-03-31\"".to_string(),
            "此处 TOML 无效：日期请写成字符串，例如 expires = \"2027-03-31\"".to_string(),
        ),
        K::DuplicateKey { key, .. } => (
            format!("`{key}` is given twice"),
            format!("`{key}` 出现了两次"),
        ),
        K::DuplicateTable { name, .. } => (
            format!("the table `[{name}]` is defined twice"),
            format!("表 `[{name}]` 被定义了两次"),
        ),
        K::UnterminatedString => ("unterminated string".into(), "字符串没有结束引号".into()),
        K::UnquotedString => (
            "invalid TOML value: strings are written in quotes".into(),
            "TOML 值无效：字符串需要加引号".into(),
        ),
        K::Unexpected(c) => (
            format!(
                "invalid TOML: unexpected character `{}`",
                c.escape_default()
            ),
            format!("TOML 无效：意外的字符 `{}`", c.escape_default()),
        ),
        K::Wanted { expected, found } => (
            format!("invalid TOML: expected {expected}, found {found}"),
            format!("TOML 无效：此处应为 {expected}，实际为 {found}"),
        ),
        K::UnexpectedEof => (
            "invalid TOML: the file ends too early".into(),
            "TOML 无效：文件提前结束".into(),
        ),
        _ => (format!("invalid TOML: {e}"), format!("TOML 无效：{e}")),
    };
    cx.err(e.span, Text { en, zh })
}

/// The name of the table a key is in, for messages: `top level`, `[import]`, `[[waiver]]`.
/// A table as a message names it, in English and in Chinese (a table's name is set apart from
/// the Chinese words that follow it by a space: `[[waiver]] 缺少必填键`).
fn place(table: &str) -> (String, String) {
    if table.is_empty() {
        ("the top level".into(), "顶层".into())
    } else {
        (table.to_string(), format!("{table} "))
    }
}

fn check_table(
    cx: &Cx<'_>,
    table: &Table<'_>,
    fields: &'static [Field],
    span: Span,
    name: &str,
) -> Result<(), ConfigError> {
    let (where_en, where_zh) = place(name);
    // In file order, so that the first mistake is the one reported.
    let mut keys: Vec<_> = table.iter().collect();
    keys.sort_by_key(|(k, _)| k.span.start);
    for (k, v) in keys {
        let Some(field) = fields.iter().find(|f| f.name == k.name) else {
            let key = k.name.as_ref();
            let hint = suggest(key, fields.iter().map(|f| f.name));
            let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
            let (known, known_zh) = (known.join(", "), known.join("、"));
            let (en, zh) = match hint {
                Some(h) => (
                    format!("unknown key `{key}` in {where_en}; did you mean `{h}`?"),
                    format!("{where_zh}中的未知键 `{key}`；是否指 `{h}`？"),
                ),
                None => (
                    format!("unknown key `{key}` in {where_en} (known: {known})"),
                    format!("{where_zh}中的未知键 `{key}`（可用的键：{known_zh}）"),
                ),
            };
            return Err(cx.err(k.span, Text { en, zh }));
        };
        let sub = match name {
            "" => match field.ty {
                Ty::Tables(_) => format!("[[{}]]", field.name),
                _ => format!("[{}]", field.name),
            },
            _ => format!("{name}.{}", field.name),
        };
        check_value(cx, v, field, &sub)?;
    }
    for f in fields.iter().filter(|f| f.required) {
        if !table.contains_key(f.name) {
            let n = f.name;
            return Err(cx.err(
                span,
                Text {
                    en: format!("{where_en} lacks the required key `{n}`"),
                    zh: format!("{where_zh}缺少必填键 `{n}`"),
                },
            ));
        }
    }
    Ok(())
}

fn type_word(ty: Ty) -> (&'static str, &'static str) {
    match ty {
        Ty::Str | Ty::Path | Ty::Enum(_) | Ty::Selector => ("a string", "字符串"),
        Ty::Date => ("a date string \"YYYY-MM-DD\"", "日期字符串 \"YYYY-MM-DD\""),
        Ty::Paths | Ty::Selectors => ("an array of strings", "字符串数组"),
        Ty::Globs => ("a string or an array of strings", "字符串或字符串数组"),
        Ty::SeverityMap | Ty::StringMap | Ty::Table(_) => ("a table", "表"),
        Ty::Tables(_) => ("an array of tables ([[…]])", "表数组（[[…]]）"),
    }
}

fn found_word(v: &Value<'_>) -> (&'static str, &'static str) {
    if v.as_str().is_some() {
        ("a string", "字符串")
    } else if v.as_integer().is_some() {
        ("an integer", "整数")
    } else if v.as_float().is_some() {
        ("a float", "浮点数")
    } else if v.as_bool().is_some() {
        ("a boolean", "布尔值")
    } else if v.as_array().is_some() {
        ("an array", "数组")
    } else {
        ("a table", "表")
    }
}

fn wrong_type(cx: &Cx<'_>, v: &Value<'_>, key: &str, ty: Ty) -> ConfigError {
    let (exp_en, exp_zh) = type_word(ty);
    let (found_en, found_zh) = found_word(v);
    cx.err(
        v.span,
        Text {
            en: format!("`{key}` must be {exp_en}, not {found_en}"),
            zh: format!("`{key}` 应为{exp_zh}，而不是{found_zh}"),
        },
    )
}

fn string_of<'a>(v: &'a Value<'_>) -> Option<&'a str> {
    v.as_str()
}

fn check_string(cx: &Cx<'_>, v: &Value<'_>, key: &str, ty: Ty) -> Result<(), ConfigError> {
    let Some(s) = string_of(v) else {
        return Err(wrong_type(cx, v, key, ty));
    };
    if s.is_empty() {
        return Err(cx.err(
            v.span,
            Text {
                en: format!("`{key}` must not be empty"),
                zh: format!("`{key}` 不能为空"),
            },
        ));
    }
    Ok(())
}

fn selector_error(cx: &Cx<'_>, v: &Value<'_>, word: &str, rules_only: bool) -> ConfigError {
    let mut words: Vec<String> = Vec::new();
    if !rules_only {
        words.push("all".into());
        words.extend(rules::FAMILIES.iter().map(|(f, _)| f.to_ascii_lowercase()));
    }
    words.extend(rules::all().map(|r| r.code.to_ascii_lowercase()));
    words.extend(rules::all().map(|r| r.name.to_string()));
    let hint = suggest(word, words.iter().map(String::as_str)).map(|h| {
        if h == "all" {
            "ALL".to_string()
        } else if h.len() <= 5 && !h.contains('-') {
            h.to_ascii_uppercase()
        } else {
            h.to_string()
        }
    });
    let what_en = if rules_only {
        "a rule code or name"
    } else {
        "a rule code, name, family or ALL"
    };
    let what_zh = if rules_only {
        "规则代码或名称"
    } else {
        "规则代码、名称、类别或 ALL"
    };
    let (en, zh) = match hint {
        Some(h) => (
            format!("unknown rule `{word}` (expected {what_en}); did you mean `{h}`?"),
            format!("未知规则 `{word}`（应为{what_zh}）；是否指 `{h}`？"),
        ),
        None => (
            format!("unknown rule `{word}` (expected {what_en}; `archlint rules` lists them)"),
            format!("未知规则 `{word}`（应为{what_zh}；`archlint rules` 列出全部规则）"),
        ),
    };
    cx.err(v.span, Text { en, zh })
}

fn check_value(cx: &Cx<'_>, v: &Value<'_>, field: &Field, key: &str) -> Result<(), ConfigError> {
    let key_short = field.name;
    match field.ty {
        Ty::Str | Ty::Path => check_string(cx, v, key_short, field.ty),
        Ty::Enum(allowed) => {
            check_string(cx, v, key_short, field.ty)?;
            let s = string_of(v).unwrap_or("");
            if allowed.contains(&s) {
                return Ok(());
            }
            let quoted: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
            let (list_en, list_zh) = (quoted.join(", "), quoted.join("、"));
            Err(cx.err(
                v.span,
                Text {
                    en: format!("`{key_short}` is \"{s}\", which is not one of {list_en}"),
                    zh: format!("`{key_short}` 为 \"{s}\"，不是 {list_zh} 之一"),
                },
            ))
        }
        Ty::Date => {
            let Some(s) = string_of(v) else {
                return Err(wrong_type(cx, v, key_short, field.ty));
            };
            if Date::parse(s).is_some() {
                Ok(())
            } else {
                Err(cx.err(
                    v.span,
                    Text {
                        en: format!("`{key_short}` is \"{s}\", which is not a date written YYYY-MM-DD (e.g. \"2027-03-31\")"),
                        zh: format!("`{key_short}` 为 \"{s}\"，不是 YYYY-MM-DD 形式的日期（如 \"2027-03-31\"）"),
                    },
                ))
            }
        }
        Ty::Selector => {
            check_string(cx, v, key_short, field.ty)?;
            let s = string_of(v).unwrap_or("");
            match rules::find(s) {
                Some(_) => Ok(()),
                None => Err(selector_error(cx, v, s, true)),
            }
        }
        Ty::Selectors | Ty::Paths => {
            let Some(items) = v.as_array() else {
                return Err(wrong_type(cx, v, key_short, field.ty));
            };
            for item in items {
                check_string(cx, item, key_short, Ty::Str)?;
                if matches!(field.ty, Ty::Selectors) {
                    let s = string_of(item).unwrap_or("");
                    if Selector::parse(s).is_none() {
                        return Err(selector_error(cx, item, s, false));
                    }
                }
            }
            Ok(())
        }
        Ty::Globs => {
            let list: Vec<&Value<'_>> = match (v.as_str(), v.as_array()) {
                (Some(_), _) => vec![v],
                (None, Some(items)) if !items.is_empty() => items.iter().collect(),
                (None, Some(_)) => {
                    return Err(cx.err(
                        v.span,
                        Text {
                            en: format!("`{key_short}` must list at least one glob"),
                            zh: format!("`{key_short}` 至少要列出一个 glob"),
                        },
                    ))
                }
                _ => return Err(wrong_type(cx, v, key_short, field.ty)),
            };
            for item in list {
                check_string(cx, item, key_short, Ty::Str)?;
                if let Err((en, zh)) = Glob::new(string_of(item).unwrap_or("")) {
                    return Err(cx.err(item.span, Text { en, zh }));
                }
            }
            Ok(())
        }
        Ty::SeverityMap => {
            let Some(t) = v.as_table() else {
                return Err(wrong_type(cx, v, key_short, field.ty));
            };
            let mut keys: Vec<_> = t.iter().collect();
            keys.sort_by_key(|(k, _)| k.span.start);
            for (k, sv) in keys {
                if Selector::parse(&k.name).is_none() {
                    let kv = Value::with_span(ValueInner::Boolean(false), k.span);
                    return Err(selector_error(cx, &kv, &k.name, false));
                }
                let f = Field::bare("severity", Ty::Enum(crate::schema::SEVERITIES));
                check_value(cx, sv, &f, key)?;
            }
            Ok(())
        }
        Ty::StringMap => {
            let Some(t) = v.as_table() else {
                return Err(wrong_type(cx, v, key_short, field.ty));
            };
            for (k, sv) in t {
                if sv.as_str().is_none() {
                    return Err(wrong_type(cx, sv, &k.name, Ty::Str));
                }
            }
            Ok(())
        }
        Ty::Table(fields) => {
            let Some(t) = v.as_table() else {
                return Err(wrong_type(cx, v, key_short, field.ty));
            };
            check_table(cx, t, fields, v.span, key)
        }
        Ty::Tables(fields) => {
            let Some(items) = v.as_array() else {
                return Err(wrong_type(cx, v, key_short, field.ty));
            };
            for item in items {
                let Some(t) = item.as_table() else {
                    return Err(wrong_type(cx, item, key_short, field.ty));
                };
                check_table(cx, t, fields, item.span, key)?;
            }
            Ok(())
        }
    }
}

// Building the typed configuration from a checked table: every value has the right type here.

fn get<'a, 'de>(t: &'a Table<'de>, key: &str) -> Option<&'a Value<'de>> {
    t.get(key)
}

fn sels(cx: &Cx<'_>, t: &Table<'_>, key: &str) -> Option<Vec<Sel>> {
    let items = get(t, key)?.as_array()?;
    Some(
        items
            .iter()
            .filter_map(|i| {
                Some(Sel {
                    sel: Selector::parse(i.as_str()?)?,
                    at: cx.pos(i.span),
                })
            })
            .collect(),
    )
}

fn severity_of(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    }
}

fn rule_layer(cx: &Cx<'_>, t: &Table<'_>) -> RuleLayer {
    let mut severity = Vec::new();
    if let Some(map) = get(t, "severity").and_then(|v| v.as_table()) {
        let mut keys: Vec<_> = map.iter().collect();
        keys.sort_by_key(|(k, _)| k.span.start);
        for (k, v) in keys {
            if let (Some(sel), Some(s)) = (Selector::parse(&k.name), v.as_str()) {
                severity.push((
                    Sel {
                        sel,
                        at: cx.pos(k.span),
                    },
                    severity_of(s),
                ));
            }
        }
    }
    RuleLayer {
        select: sels(cx, t, "select"),
        extend_select: sels(cx, t, "extend-select").unwrap_or_default(),
        ignore: sels(cx, t, "ignore").unwrap_or_default(),
        severity,
        profile: get(t, "profile").and_then(|v| {
            let p = match v.as_str()? {
                "high-security" => Profile::HighSecurity,
                _ => Profile::Standard,
            };
            Some((p, cx.pos(v.span)))
        }),
    }
}

fn globs(t: &Table<'_>) -> Vec<Glob> {
    let Some(v) = get(t, "path") else {
        return Vec::new();
    };
    let words: Vec<&str> = match (v.as_str(), v.as_array()) {
        (Some(s), _) => vec![s],
        (None, Some(items)) => items.iter().filter_map(|i| i.as_str()).collect(),
        _ => Vec::new(),
    };
    words
        .into_iter()
        .filter_map(|w| Glob::new(w).ok())
        .collect()
}

fn tables<'a, 'de>(t: &'a Table<'de>, key: &str) -> Vec<&'a Value<'de>> {
    get(t, key)
        .and_then(|v| v.as_array())
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn build(cx: &Cx<'_>, t: &Table<'_>, path: PathBuf, dir: PathBuf) -> Result<Config, ConfigError> {
    let str_at = |t: &Table<'_>, key: &str| -> Option<(String, Pos)> {
        let v = get(t, key)?;
        Some((v.as_str()?.to_string(), cx.pos(v.span)))
    };
    let lang = str_at(t, "lang").map(|(s, p)| (if s == "zh" { Lang::Zh } else { Lang::En }, p));
    let format =
        str_at(t, "format").and_then(|(s, p)| FORMATS.iter().find(|f| **f == s).map(|f| (*f, p)));
    let mut import = ImportSettings::default();
    if let Some(it) = get(t, "import").and_then(|v| v.as_table()) {
        import.overlay = str_at(it, "overlay").map(|(s, p)| (dir.join(s), p));
        if let Some(vars) = get(it, "vars").and_then(|v| v.as_table()) {
            let mut keys: Vec<_> = vars.iter().collect();
            keys.sort_by_key(|(k, _)| k.span.start);
            for (k, v) in keys {
                if let Some(s) = v.as_str() {
                    import
                        .vars
                        .push((k.name.to_string(), s.to_string(), cx.pos(k.span)));
                }
            }
        }
        if let Some(files) = get(it, "var-files").and_then(|v| v.as_array()) {
            for f in files {
                if let Some(s) = f.as_str() {
                    import.var_files.push((dir.join(s), cx.pos(f.span)));
                }
            }
        }
    }
    let per_path = tables(t, "per-path")
        .into_iter()
        .filter_map(|v| {
            let pt = v.as_table()?;
            Some(PerPath {
                globs: globs(pt),
                at: cx.pos(get(pt, "path").map_or(v.span, |p| p.span)),
                rules: rule_layer(cx, pt),
            })
        })
        .collect();
    let mut waivers = Vec::new();
    for v in tables(t, "waiver") {
        let Some(wt) = v.as_table() else { continue };
        let Some(rule) = get(wt, "rule")
            .and_then(|r| r.as_str())
            .and_then(rules::find)
        else {
            continue;
        };
        let at = cx.pos(get(wt, "rule").map_or(v.span, |r| r.span));
        waivers.push(Waiver {
            rule,
            target: str_at(wt, "target").map(|(s, _)| s),
            globs: globs(wt),
            reason: str_at(wt, "reason").map(|(s, _)| s).unwrap_or_default(),
            owner: str_at(wt, "owner").map(|(s, _)| s),
            expires: str_at(wt, "expires").and_then(|(s, _)| Date::parse(&s)),
            at,
        });
    }
    Ok(Config {
        path,
        dir,
        rules: rule_layer(cx, t),
        lang,
        format,
        import,
        per_path,
        waivers,
    })
}

/// The JSON form of a TOML text (tables as objects, in key order), or its syntax error: what
/// editors validate against the JSON Schema, and what the tests do.
pub fn toml_to_json(text: &str) -> Result<String, ConfigError> {
    let cx = Cx {
        name: "<toml>".into(),
        text,
        lines: LineIndex::new(text),
    };
    let root = toml_span::parse(text).map_err(|e| syntax_error(&cx, &e))?;
    let mut w = archlint_core::output::json::Writer::new();
    fn value(w: &mut archlint_core::output::json::Writer, v: &Value<'_>) {
        if let Some(s) = v.as_str() {
            w.string(s);
        } else if let Some(i) = v.as_integer() {
            if i >= 0 {
                w.uint(i as u64);
            } else {
                // The writer has no signed integers; configurations have none.
                w.string(&i.to_string());
            }
        } else if let Some(f) = v.as_float() {
            w.string(&f.to_string());
        } else if let Some(b) = v.as_bool() {
            w.bool(b);
        } else if let Some(a) = v.as_array() {
            w.begin_array();
            for i in a {
                value(w, i);
            }
            w.end_array();
        } else if let Some(t) = v.as_table() {
            w.begin_object();
            for (k, i) in t {
                w.key(&k.name);
                value(w, i);
            }
            w.end_object();
        }
    }
    value(&mut w, &root);
    Ok(w.finish())
}
