//! Machine-readable outputs of `archlint check` and the rule documentation as Markdown.
//!
//! Everything here is deterministic: the same input gives byte-identical output (no maps with
//! random order, no timestamps). The CLI, the web editor and the docs build all use it.
//!
//! The writers take a list of `(file name, result)` pairs. A [`LoadError`] whose `line` is 0
//! has no position in the file (the file could not be read at all); it is written without a
//! line and column.

use alloc::format;
use alloc::string::String;

use crate::lint::{LoadError, Report};
use crate::rule::{code_block, doc_section, unindent_doc, Finding, RuleMeta, Severity};
use crate::text::Lang;

pub mod json;
pub mod sarif;

/// The outcome of checking one file: its findings, or why it could not be loaded.
pub type FileResult = Result<Report, LoadError>;

/// The version of archlint, as written into SARIF logs.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Counts of findings by severity: `(errors, warnings, infos)`.
pub fn counts(report: &Report) -> (usize, usize, usize) {
    let mut c = (0, 0, 0);
    for f in &report.findings {
        match f.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => c.2 += 1,
        }
    }
    c
}

/// 64-bit FNV-1a, for stable fingerprints.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A JSON pointer written so that it does not change when elements move within their array:
/// each array index becomes `#id` when the element is an object with a string `id` (a node, a
/// zone, a security group…), else `@` and a hash of the element's text without whitespace
/// (a link, a security-group rule). Tokens that do not resolve are kept as written.
///
/// `text` is the design's text, `tree` its parse.
pub fn stable_path(text: &str, tree: &crate::json::Value<'_>, pointer: &str) -> String {
    use crate::json::Kind;
    let mut out = String::new();
    let mut cur = Some(tree);
    for raw in pointer.split('/').skip(1) {
        out.push('/');
        let next = match cur.map(|v| &v.kind) {
            Some(Kind::Array(items)) => raw.parse::<usize>().ok().and_then(|i| items.get(i)),
            Some(Kind::Object(_)) => {
                let token = crate::text::unescape_pointer_token(raw);
                cur.and_then(|v| v.get(&token))
            }
            _ => None,
        };
        let in_array = matches!(cur.map(|v| &v.kind), Some(Kind::Array(_)));
        match next {
            Some(v) if in_array => match v.get("id").and_then(|i| i.as_str()) {
                Some(id) => {
                    out.push('#');
                    out.push_str(&crate::json::escape_pointer_token(id));
                }
                None => {
                    let src = text.get(v.start as usize..v.end as usize).unwrap_or("");
                    out.push_str(&format!("@{:016x}", fnv1a64(&compact(src))));
                }
            },
            _ => out.push_str(raw),
        }
        cur = next;
    }
    out
}

/// JSON text without the whitespace outside strings.
fn compact(src: &str) -> alloc::vec::Vec<u8> {
    let mut out = alloc::vec::Vec::with_capacity(src.len());
    let (mut in_str, mut esc) = (false, false);
    for &b in src.as_bytes() {
        if in_str {
            out.push(b);
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            out.push(b);
            in_str = b == b'"';
        }
    }
    out
}

/// Fills `report.stable_paths` for the pointers of its findings (kept and suppressed), from
/// the design they were found in. The fingerprints of [`fingerprint`] then survive moving a
/// node, a link or any other element within the file.
pub fn stamp(report: &mut Report, loaded: &crate::lint::Loaded<'_>) {
    let pointers: alloc::vec::Vec<String> = report
        .findings
        .iter()
        .chain(report.suppressed.iter().map(|s| &s.finding))
        .map(|f| f.pointer.clone())
        .collect();
    for p in pointers {
        if let Err(i) = report
            .stable_paths
            .binary_search_by(|(k, _)| k.as_str().cmp(&p))
        {
            let sp = stable_path(loaded.text, &loaded.tree, &p);
            report.stable_paths.insert(i, (p, sp));
        }
    }
}

/// The content fingerprint of a finding: its rule, its target and where it is, written with
/// ids instead of array positions ([`stable_path`], when the report was [`stamp`]ed; the plain
/// pointer otherwise), as 16 hex digits. Not the line: editing elsewhere in the file, or
/// moving the node, keeps it. SARIF's `partialFingerprints` and the baseline carry it.
pub fn fingerprint(f: &Finding, report: &Report) -> String {
    let at = match report
        .stable_paths
        .binary_search_by(|(k, _)| k.as_str().cmp(&f.pointer))
    {
        Ok(i) => report.stable_paths[i].1.as_str(),
        Err(_) => f.pointer.as_str(),
    };
    let mut key = String::new();
    key.push_str(f.rule.code);
    key.push('\0');
    key.push_str(f.target.as_deref().unwrap_or(""));
    key.push('\0');
    key.push_str(at);
    format!("{:016x}", fnv1a64(key.as_bytes()))
}

struct Headings {
    what: &'static str,
    why: &'static str,
    failing: &'static str,
    passing: &'static str,
    source: &'static str,
    fix: &'static str,
    severity: &'static str,
    family: &'static str,
}

fn headings(lang: Lang) -> Headings {
    match lang {
        Lang::En => Headings {
            what: "What it checks",
            why: "Why",
            failing: "Failing example",
            passing: "Passing example",
            source: "Source",
            fix: "Fix",
            severity: "Severity: ",
            family: "Family: ",
        },
        Lang::Zh => Headings {
            what: "检查内容",
            why: "原因",
            failing: "违规示例",
            passing: "合规示例",
            source: "依据",
            fix: "修复",
            severity: "级别：",
            family: "类别：",
        },
    }
}

/// The rule's fix note in `lang` (none without the `docs` feature).
fn fix_note(rule: &RuleMeta, lang: Lang) -> &'static str {
    #[cfg(feature = "docs")]
    return rule.fix_note.get(lang);
    #[cfg(not(feature = "docs"))]
    {
        let _ = (rule, lang);
        ""
    }
}

/// One section of a rule's doc in `lang` (the English heading names the section).
fn section(rule: &RuleMeta, lang: Lang, en: &str, zh: &str) -> Option<String> {
    let body = match lang {
        Lang::En => doc_section(&unindent_doc(rule.doc_en), en).map(String::from),
        Lang::Zh => doc_section(rule.doc_zh, zh).map(String::from),
    };
    body.filter(|b| !b.trim().is_empty())
}

/// The first ```json block of an English example section.
fn example(rule: &RuleMeta, heading: &str) -> Option<String> {
    let doc = unindent_doc(rule.doc_en);
    let sec = doc_section(&doc, heading)?;
    code_block(sec).map(String::from)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

/// Joins the lines of each paragraph (doc comments wrap at 100 columns), keeping blank lines
/// between paragraphs. No space is put between two CJK characters.
pub fn unwrap_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push_str("\n\n");
            blank = false;
        } else if let (Some(a), Some(b)) = (out.chars().last(), line.chars().next()) {
            if !(is_cjk(a) && is_cjk(b)) {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

/// The "What it checks" section alone, in `lang`, as unwrapped plain text (SARIF
/// `fullDescription`).
pub fn rule_description(rule: &RuleMeta, lang: Lang) -> String {
    section(rule, lang, "What it checks", "检查内容")
        .map(|s| unwrap_lines(&s))
        .unwrap_or_else(|| rule.summary.get(lang).into())
}

/// A rule's full documentation in `lang`, as Markdown: title, summary, severity and family,
/// what it checks, why, the failing and passing examples (shared by both languages, taken from
/// the English doc) and the source.
pub fn rule_doc(rule: &RuleMeta, lang: Lang) -> String {
    let h = headings(lang);
    let fam = rule.family();
    let mut out = format!(
        "# {} {}\n\n{}\n\n{}{} · {}{} — {}\n",
        rule.code,
        rule.name,
        rule.summary.get(lang),
        h.severity,
        rule.severity.label(lang),
        h.family,
        fam,
        crate::rules::family_title(fam).get(lang),
    );
    let mut push = |title: &str, body: Option<String>| {
        if let Some(body) = body {
            out.push_str("\n## ");
            out.push_str(title);
            out.push_str("\n\n");
            out.push_str(body.trim_end());
            out.push('\n');
        }
    };
    push(h.what, section(rule, lang, "What it checks", "检查内容"));
    push(h.why, section(rule, lang, "Why", "原因"));
    let block = |b: String| format!("```json\n{b}\n```");
    push(h.failing, example(rule, "Failing example").map(block));
    push(h.passing, example(rule, "Passing example").map(block));
    push(h.source, section(rule, lang, "Source", "依据"));
    let note = fix_note(rule, lang);
    push(h.fix, (!note.is_empty()).then(|| String::from(note)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_unwrapped() {
        assert_eq!(unwrap_lines("a b\nc\n\n d\n"), "a b c\n\nd");
        assert_eq!(unwrap_lines("中文\n句子 x\ny"), "中文句子 x y");
        assert_eq!(unwrap_lines(""), "");
    }

    #[test]
    fn fnv_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn rule_docs_have_every_part_in_both_languages() {
        for rule in crate::rules::all() {
            let en = rule_doc(rule, Lang::En);
            for part in [
                "## What it checks",
                "## Why",
                "## Failing example\n\n```json\n{",
                "## Passing example\n\n```json\n{",
                "## Source",
            ] {
                assert!(en.contains(part), "{}: {part}", rule.code);
            }
            assert!(en.starts_with(&format!("# {} {}\n", rule.code, rule.name)));
            let zh = rule_doc(rule, Lang::Zh);
            for part in [
                "## 检查内容",
                "## 原因",
                "## 违规示例",
                "## 合规示例",
                "## 依据",
                "级别：",
            ] {
                assert!(zh.contains(part), "{}: {part}", rule.code);
            }
            assert!(!zh.contains("## Why"));
            // The doc comment's leading spaces are gone.
            assert!(!en.contains("\n ## "));
        }
    }
}
