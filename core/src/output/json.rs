//! A tiny deterministic JSON writer, and the `archlint check --format json` document.
//!
//! The writer keeps keys in the order they are written and pretty-prints with two spaces.
//! Strings are escaped so that the output is safe to embed anywhere: control characters,
//! U+2028 / U+2029 (line breaks for JavaScript) and `</` (for an HTML `<script>`) are escaped.

use alloc::string::String;
use alloc::vec::Vec;

use super::{counts, FileResult};
use crate::text::Lang;

/// Appends `s` to `out` as a JSON string literal, quotes included.
pub fn escape_into(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut prev = '\0';
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '/' if prev == '<' => out.push_str("\\/"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{2028}' || c == '\u{2029}' => {
                push_u_escape(out, c as u32);
            }
            c => out.push(c),
        }
        prev = c;
    }
    out.push('"');
}

fn push_u_escape(out: &mut String, v: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push_str("\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX[((v >> shift) & 0xf) as usize] as char);
    }
}

/// `s` as a JSON string literal.
pub fn escape(s: &str) -> String {
    let mut out = String::new();
    escape_into(&mut out, s);
    out
}

/// Writes JSON text in order, pretty-printed with two-space indentation.
///
/// Misuse (a key outside an object, unbalanced ends) produces invalid JSON but never panics.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    /// One entry per open array/object: whether it has an item yet.
    open: Vec<bool>,
    after_key: bool,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The text written so far, with a final newline.
    pub fn finish(mut self) -> String {
        self.out.push('\n');
        self.out
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    /// Separator and indentation before a value (or a key).
    fn item(&mut self) {
        if self.after_key {
            self.after_key = false;
            return;
        }
        if let Some(has) = self.open.last_mut() {
            let had = *has;
            *has = true;
            if had {
                self.out.push(',');
            }
            self.newline();
        }
    }

    pub fn begin_object(&mut self) -> &mut Self {
        self.item();
        self.out.push('{');
        self.open.push(false);
        self
    }

    pub fn end_object(&mut self) -> &mut Self {
        self.close('}')
    }

    pub fn begin_array(&mut self) -> &mut Self {
        self.item();
        self.out.push('[');
        self.open.push(false);
        self
    }

    pub fn end_array(&mut self) -> &mut Self {
        self.close(']')
    }

    fn close(&mut self, c: char) -> &mut Self {
        self.after_key = false;
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.out.push(c);
        self
    }

    /// Writes an object key; the next call writes its value.
    pub fn key(&mut self, k: &str) -> &mut Self {
        self.item();
        escape_into(&mut self.out, k);
        self.out.push_str(": ");
        self.after_key = true;
        self
    }

    pub fn string(&mut self, s: &str) -> &mut Self {
        self.item();
        escape_into(&mut self.out, s);
        self
    }

    pub fn uint(&mut self, n: u64) -> &mut Self {
        self.item();
        crate::numfmt::uint(&mut self.out, n);
        self
    }

    pub fn bool(&mut self, b: bool) -> &mut Self {
        self.item();
        self.out.push_str(if b { "true" } else { "false" });
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.item();
        self.out.push_str("null");
        self
    }

    /// `"key": "value"`.
    pub fn field_str(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k).string(v)
    }

    /// `"key": n`.
    pub fn field_uint(&mut self, k: &str, n: u64) -> &mut Self {
        self.key(k).uint(n)
    }

    /// `"key": "value"` or `"key": null`.
    pub fn field_opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        match v {
            Some(v) => self.key(k).string(v),
            None => self.key(k).null(),
        }
    }

    /// `"key": n`, or `"key": null` when `n` is 0 (no position).
    fn field_pos(&mut self, k: &str, n: u32) -> &mut Self {
        if n == 0 {
            self.key(k).null()
        } else {
            self.field_uint(k, u64::from(n))
        }
    }
}

/// The `check --format json` document:
///
/// `{"archlint": 1, "files": [{"file", "findings": [{rule, name, severity, target, pointer,
/// line, column, message, help}], "summary": {"error", "warning", "info"}}]}`.
///
/// A file that could not be loaded gets an `"error": {"message", "line", "column"}` object
/// (line and column are `null` when the error has no position) and no findings. Messages and
/// help are in `lang`. Findings keep the report's order (line, column, rule code).
pub fn check_document<S: AsRef<str>>(files: &[(S, FileResult)], lang: Lang) -> String {
    document_with(files, lang, |_, _, _| {}, |_| {})
}

/// [`check_document`] with, per file that has some, the findings waivers accepted —
/// `"suppressed": [{…the finding…, "suppression": {"kind": "inSource" | "external", "reason", "owner", "expires",
/// "origin"}}]` after `"findings"` — and, before the document closes, what `tail` writes (the
/// CLI's `"baseline"` section).
pub fn check_document_full<S: AsRef<str>>(
    files: &[(S, FileResult)],
    lang: Lang,
    tail: impl FnOnce(&mut Writer),
) -> String {
    document_with(files, lang, suppressed, tail)
}

fn suppressed(w: &mut Writer, report: &crate::lint::Report, lang: Lang) {
    // Absent when there is none: the document keeps the shape of cli.md.
    if report.suppressed.is_empty() {
        return;
    }
    w.key("suppressed").begin_array();
    for s in &report.suppressed {
        w.begin_object();
        finding_fields(w, &s.finding, lang);
        w.key("suppression").begin_object();
        w.field_str(
            "kind",
            match s.kind {
                crate::lint::SuppressionKind::InSource => "inSource",
                crate::lint::SuppressionKind::External => "external",
            },
        );
        w.field_str("reason", &s.reason);
        w.field_opt_str("owner", s.owner.as_deref());
        match s.expires {
            Some(d) => w.field_str("expires", &alloc::format!("{d}")),
            None => w.key("expires").null(),
        };
        w.field_str("origin", &s.origin);
        w.end_object();
        w.end_object();
    }
    w.end_array();
}

/// The members of one finding object: rule, name, severity, target, pointer, line, column,
/// message, help.
fn finding_fields(w: &mut Writer, f: &crate::rule::Finding, lang: Lang) {
    w.field_str("rule", f.rule.code);
    w.field_str("name", f.rule.name);
    w.field_str("severity", f.severity.name());
    w.field_opt_str("target", f.target.as_deref());
    w.field_str("pointer", &f.pointer);
    w.field_uint("line", u64::from(f.line));
    w.field_uint("column", u64::from(f.column));
    w.field_str("message", f.message.get(lang));
    w.field_str("help", f.help.get(lang));
}

/// `"fix": {safety, title, edits: [{start: {line, column, offset}, end: {...}, text}]}`: the
/// finding's fix as replacements of the original text (byte offsets; columns in characters).
#[cfg(feature = "fixes")]
fn fix_fields(w: &mut Writer, fix: &crate::fix::Offered, lang: Lang) {
    w.key("fix").begin_object();
    w.field_str("safety", fix.safety.name());
    w.field_str("title", fix.title.get(lang));
    w.key("edits").begin_array();
    for e in &fix.edits {
        w.begin_object();
        for (k, at, off) in [("start", e.start_at, e.start), ("end", e.end_at, e.end)] {
            w.key(k).begin_object();
            w.field_uint("line", u64::from(at.line));
            w.field_uint("column", u64::from(at.column));
            w.field_uint("offset", u64::from(off));
            w.end_object();
        }
        w.field_str("text", &e.text);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

fn document_with<S: AsRef<str>>(
    files: &[(S, FileResult)],
    lang: Lang,
    per_file: impl Fn(&mut Writer, &crate::lint::Report, Lang),
    tail: impl FnOnce(&mut Writer),
) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.field_uint("archlint", 1);
    w.key("files").begin_array();
    for (name, result) in files {
        w.begin_object();
        w.field_str("file", name.as_ref());
        match result {
            Err(e) => {
                w.key("error").begin_object();
                w.field_str("message", e.message.get(lang));
                w.field_pos("line", e.line);
                w.field_pos("column", e.column);
                w.end_object();
                w.key("findings").begin_array().end_array();
                summary(&mut w, (0, 0, 0));
            }
            Ok(report) => {
                w.key("findings").begin_array();
                for (i, f) in report.findings.iter().enumerate() {
                    w.begin_object();
                    finding_fields(&mut w, f, lang);
                    #[cfg(not(feature = "fixes"))]
                    let _ = i;
                    #[cfg(feature = "fixes")]
                    if let Some(Some(fix)) = report.fixes.get(i) {
                        fix_fields(&mut w, fix, lang);
                    }
                    w.end_object();
                }
                w.end_array();
                per_file(&mut w, report, lang);
                summary(&mut w, counts(report));
                #[cfg(feature = "coverage")]
                if let Some(c) = &report.coverage {
                    coverage(&mut w, c, lang);
                }
            }
        }
        w.end_object();
    }
    w.end_array();
    tail(&mut w);
    w.end_object();
    w.finish()
}

/// `"coverage": {"total", "checked", "not_applicable", "facts_missing", "rules": [{"code",
/// "name", "state", "reason"?, "missing"?: [{"count", "message", "pointers"}]}]}`: per rule of
/// the run, in catalog order, whether the design gave it the facts it needs (`checked`,
/// `not_applicable` with the reason, or `facts_missing` with what is missing). Rules are named
/// by `"code"` as in `rules --format json` (a finding's `"rule"` stays the findings' own).
#[cfg(feature = "coverage")]
fn coverage(w: &mut Writer, c: &crate::coverage::Coverage, lang: Lang) {
    w.key("coverage").begin_object();
    coverage_fields(w, c, lang, None);
    w.end_object();
}

/// The members of a coverage object — `total`, the count of each state, `summary` when given,
/// and `rules` — shared by this document and SARIF's run properties.
#[cfg(feature = "coverage")]
pub(crate) fn coverage_fields(
    w: &mut Writer,
    c: &crate::coverage::Coverage,
    lang: Lang,
    summary: Option<&str>,
) {
    use crate::coverage::State;
    w.field_uint("total", c.total() as u64);
    for s in [State::Checked, State::NotApplicable, State::FactsMissing] {
        w.field_uint(s.name(), c.count(s) as u64);
    }
    if let Some(line) = summary {
        w.field_str("summary", line);
    }
    w.key("rules").begin_array();
    for r in &c.rules {
        w.begin_object();
        w.field_str("code", r.rule.code);
        w.field_str("name", r.rule.name);
        w.field_str("state", r.state.name());
        if let Some(why) = &r.reason {
            w.field_str("reason", why.get(lang));
        }
        if !r.gaps.is_empty() {
            w.key("missing").begin_array();
            for g in &r.gaps {
                w.begin_object();
                w.field_uint("count", g.count as u64);
                w.field_str("message", g.message.get(lang));
                w.key("pointers").begin_array();
                for p in &g.pointers {
                    w.string(p);
                }
                w.end_array();
                w.end_object();
            }
            w.end_array();
        }
        w.end_object();
    }
    w.end_array();
}

fn summary(w: &mut Writer, (e, wa, i): (usize, usize, usize)) {
    w.key("summary").begin_object();
    w.field_uint("error", e as u64);
    w.field_uint("warning", wa as u64);
    w.field_uint("info", i as u64);
    w.end_object();
}

/// The `rules --format json` document: `{"archlint": 1, "rules": [{code, name, severity,
/// family, summary}]}`, in catalog order, the summary in `lang`.
pub fn rules_document(lang: Lang) -> String {
    let mut w = Writer::new();
    w.begin_object();
    w.field_uint("archlint", 1);
    w.key("rules").begin_array();
    for r in crate::rules::all() {
        w.begin_object();
        w.field_str("code", r.code);
        w.field_str("name", r.name);
        w.field_str("severity", r.severity.name());
        w.field_str("family", r.family());
        w.field_str("summary", r.summary.get(lang));
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check, Limits, LintOptions, LoadError, LoadErrorKind};
    use crate::text::Text;
    use alloc::vec;

    #[test]
    fn escapes_everything_unsafe() {
        assert_eq!(escape(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(escape("\n\r\t\u{8}\u{c}"), r#""\n\r\t\b\f""#);
        assert_eq!(escape("\u{0}\u{1f}\u{7f}"), r#""\u0000\u001f\u007f""#);
        assert_eq!(escape("x\u{2028}y\u{2029}"), r#""x\u2028y\u2029""#);
        assert_eq!(escape("</script>"), r#""<\/script>""#);
        assert_eq!(escape("a/b <b>"), r#""a/b <b>""#);
        assert_eq!(escape("中文 🚀"), "\"中文 🚀\"");
        assert_eq!(escape(""), "\"\"");
    }

    #[test]
    fn writer_nests_and_indents() {
        let mut w = Writer::new();
        w.begin_object();
        w.field_uint("a", 1);
        w.key("b").begin_array().end_array();
        w.key("c")
            .begin_array()
            .string("x")
            .null()
            .bool(true)
            .end_array();
        w.key("d").begin_object().end_object();
        w.end_object();
        assert_eq!(
            w.finish(),
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": [\n    \"x\",\n    null,\n    true\n  ],\n  \"d\": {}\n}\n"
        );
    }

    const ONE: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "we\"b</1", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }"#;

    /// Options that keep only HA001, so the expected text does not depend on other rules.
    fn only_ha001() -> LintOptions {
        LintOptions {
            ignore_codes: crate::rules::all()
                .filter(|r| r.code != "HA001")
                .map(|r| String::from(r.code))
                .collect(),
            ..LintOptions::default()
        }
    }

    #[test]
    fn check_document_shape_and_determinism() {
        let files = vec![
            ("a.json", check(ONE, &Limits::DEFAULT, &only_ha001())),
            (
                "b.json",
                Err(LoadError {
                    kind: LoadErrorKind::Syntax,
                    line: 2,
                    column: 7,
                    message: Text::new("invalid JSON: x", "JSON 无效：x"),
                }),
            ),
        ];
        let doc = check_document(&files, Lang::En);
        assert_eq!(doc, check_document(&files, Lang::En));
        assert!(doc.starts_with("{\n  \"archlint\": 1,\n  \"files\": [\n    {\n      \"file\": \"a.json\",\n      \"findings\": [\n        {\n          \"rule\": \"HA001\",\n          \"name\": \"single-instance-module\",\n          \"severity\": \"warning\",\n          \"target\": \"we\\\"b<\\/1\",\n          \"pointer\": \"/nodes/0\",\n          \"line\": 3,\n          \"column\": 14,\n"), "{doc}");
        assert!(doc.contains("\"error\": {\n        \"message\": \"invalid JSON: x\",\n        \"line\": 2,\n        \"column\": 7\n      },\n      \"findings\": [],\n      \"summary\": {\n        \"error\": 0,\n        \"warning\": 0,\n        \"info\": 0\n      }"), "{doc}");
        assert!(doc.contains("\"summary\": {\n        \"error\": 0,\n        \"warning\": 1,\n        \"info\": 0\n      }"));
        let zh = check_document(&files, Lang::Zh);
        assert!(
            zh.contains("JSON 无效：x") && zh.contains("单点故障"),
            "{zh}"
        );
    }

    #[test]
    fn errors_without_a_position_have_null_line_and_column() {
        let files = [(
            "gone.json",
            Err(LoadError {
                kind: LoadErrorKind::Syntax,
                line: 0,
                column: 0,
                message: Text::new("cannot read", "无法读取"),
            }),
        )];
        let doc = check_document(&files, Lang::En);
        assert!(
            doc.contains("\"line\": null,\n        \"column\": null"),
            "{doc}"
        );
    }

    #[test]
    fn rules_document_lists_the_registry() {
        let doc = rules_document(Lang::En);
        for r in crate::rules::all() {
            assert!(doc.contains(&alloc::format!("\"code\": \"{}\"", r.code)));
        }
    }
}
