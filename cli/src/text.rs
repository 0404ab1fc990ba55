//! Human-readable outputs: findings with source snippets, the summary line, the rule table,
//! and GitHub Actions workflow commands.

use std::io::{self, Write};

use archlint_core::json::Value;
use archlint_core::rule::Severity;
use archlint_core::{rules, Finding, Lang, LoadError, Loaded};
use codespan_reporting::diagnostic::{self, Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::WriteColor;
use codespan_reporting::term::{self, Config, GeneralWriteResult, Styles, WriteStyle};
use unicode_width::UnicodeWidthStr;

/// The word for a severity in `lang`.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    s.label(lang)
}

/// A codespan writer that colours through termcolor and writes the severity of the header
/// in the chosen language (codespan itself always writes `error` / `warning` / `note`).
pub struct Out<W: WriteColor> {
    w: W,
    styles: Styles,
    /// The localized word that replaces the next severity codespan writes.
    pending: Option<&'static str>,
    severity: Severity,
    lang: Lang,
}

impl<W: WriteColor> Out<W> {
    pub fn new(w: W, color: bool, lang: Lang) -> Out<W> {
        Out {
            w,
            styles: if color {
                Styles::default()
            } else {
                Styles::no_color()
            },
            pending: None,
            severity: Severity::Info,
            lang,
        }
    }
    /// Announces the severity of the diagnostic about to be emitted.
    pub fn set_severity(&mut self, s: Severity) {
        self.severity = s;
    }
    pub fn inner(&mut self) -> &mut W {
        &mut self.w
    }
}

impl<W: WriteColor> Write for Out<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(word) = self.pending.take() {
            if matches!(buf, b"error" | b"warning" | b"note" | b"help" | b"bug") {
                self.w.write_all(word.as_bytes())?;
                return Ok(buf.len());
            }
        }
        self.w.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

impl<W: WriteColor> WriteStyle for Out<W> {
    fn set_header(&mut self, severity: diagnostic::Severity) -> GeneralWriteResult {
        self.pending = Some(severity_word(self.severity, self.lang));
        self.w.set_color(self.styles.header(severity))
    }
    fn set_header_message(&mut self) -> GeneralWriteResult {
        self.pending = None;
        self.w.set_color(&self.styles.header_message)
    }
    fn set_line_number(&mut self) -> GeneralWriteResult {
        self.pending = None;
        self.w.set_color(&self.styles.line_number)
    }
    fn set_note_bullet(&mut self) -> GeneralWriteResult {
        self.pending = None;
        self.w.set_color(&self.styles.note_bullet)
    }
    fn set_source_border(&mut self) -> GeneralWriteResult {
        self.pending = None;
        self.w.set_color(&self.styles.source_border)
    }
    fn set_label(
        &mut self,
        severity: diagnostic::Severity,
        label_style: diagnostic::LabelStyle,
    ) -> GeneralWriteResult {
        self.pending = None;
        self.w.set_color(self.styles.label(severity, label_style))
    }
    fn reset(&mut self) -> GeneralWriteResult {
        self.w.reset()
    }
}

/// The byte range a JSON pointer designates: from the member's key (or the element) to the end
/// of its value, but no further than the end of its first line, so that a finding about a node
/// marks the line where the node starts instead of the whole node. The root gets only its
/// first character.
pub fn pointer_span(text: &str, tree: &Value, pointer: &str) -> (usize, usize) {
    if pointer.is_empty() {
        return (tree.start as usize, tree.start as usize + 1);
    }
    let (start, value, _) = tree.resolve(pointer);
    let (start, end) = (start as usize, value.end.max(start) as usize);
    let first_line_end = text.get(start..end).and_then(|t| t.find('\n')).map(|i| {
        let e = start + i;
        if e > start && text.as_bytes()[e - 1] == b'\r' {
            e - 1
        } else {
            e
        }
    });
    (start, first_line_end.unwrap_or(end))
}

fn help_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "help: ",
        Lang::Zh => "建议：",
    }
}

fn diag_severity(s: Severity) -> diagnostic::Severity {
    match s {
        Severity::Error => diagnostic::Severity::Error,
        Severity::Warning => diagnostic::Severity::Warning,
        Severity::Info => diagnostic::Severity::Note,
    }
}

/// Writes one block per finding of a design file.
pub fn findings<W: WriteColor>(
    out: &mut Out<W>,
    name: &str,
    loaded: &Loaded<'_>,
    found: &[Finding],
    fixes: &[Option<archlint_core::fix::Offered>],
    lang: Lang,
) -> io::Result<()> {
    findings_with(out, name, loaded.text, found, fixes, lang, |f| {
        pointer_span(loaded.text, &loaded.tree, &f.pointer)
    })
}

/// Writes one block per finding of an imported file (Terraform, ROS), each marked from its
/// line and column to the end of that line.
pub fn findings_at<W: WriteColor>(
    out: &mut Out<W>,
    name: &str,
    text: &str,
    found: &[Finding],
    lang: Lang,
) -> io::Result<()> {
    let index = archlint_core::text::LineIndex::new(text);
    findings_with(out, name, text, found, &[], lang, |f| {
        line_col_span(text, &index, f.line, f.column)
    })
}

/// The byte range from `line:column` (1-based, columns in characters) to the end of that line.
pub fn line_col_span(
    text: &str,
    index: &archlint_core::text::LineIndex,
    line: u32,
    column: u32,
) -> (usize, usize) {
    let Some((start, end)) = index.line_range(text, line) else {
        return (0, text.len().min(1));
    };
    let line_text = &text[start..end];
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    let s = start + col;
    let e = (start + line_text.trim_end().len())
        .max(s + 1)
        .min(text.len());
    (s, e.max(s))
}

fn findings_with<W: WriteColor>(
    out: &mut Out<W>,
    name: &str,
    text: &str,
    found: &[Finding],
    fixes: &[Option<archlint_core::fix::Offered>],
    lang: Lang,
    span_of: impl Fn(&Finding) -> (usize, usize),
) -> io::Result<()> {
    let file = SimpleFile::new(name, text);
    let config = Config::default();
    let len = text.len();
    for (k, f) in found.iter().enumerate() {
        let (mut s, mut e) = span_of(f);
        s = s.min(len);
        e = e.clamp(s, len);
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        while !text.is_char_boundary(e) {
            e += 1;
        }
        let diag = Diagnostic::new(diag_severity(f.severity))
            .with_code(f.rule.code)
            .with_message(f.message.get(lang))
            .with_label(Label::primary((), s..e).with_message(f.rule.name))
            .with_note(format!("{}{}", help_prefix(lang), f.help.get(lang)));
        let diag = match fixes.get(k).and_then(Option::as_ref) {
            Some(fix) => diag.with_note(fix_note(fix, lang)),
            None => diag,
        };
        out.set_severity(f.severity);
        match term::emit_to_write_style(out, &config, &file, &diag) {
            Ok(()) => {}
            Err(codespan_reporting::files::Error::Io(e)) => return Err(e),
            Err(_) => {
                // The snippet could not be drawn: fall back to one plain line.
                writeln!(
                    out.inner(),
                    "{name}:{}:{}: {}[{} {}]: {}\n  = {}{}",
                    f.line,
                    f.column,
                    severity_word(f.severity, lang),
                    f.rule.code,
                    f.rule.name,
                    f.message.get(lang),
                    help_prefix(lang),
                    f.help.get(lang)
                )?;
            }
        }
    }
    Ok(())
}

/// `file:line:column: error: message` (or `file: error: message` without a position).
/// `fix (safe): set "autostart": true on `web-1`` under a finding that offers a fix.
fn fix_note(fix: &archlint_core::fix::Offered, lang: Lang) -> String {
    use archlint_core::fix::Safety;
    let (en, zh) = match fix.safety {
        Safety::Safe => ("fix (safe, --fix)", "修复（安全，--fix）"),
        Safety::Unsafe => (
            "fix (unsafe, --unsafe-fixes)",
            "修复（不安全，--unsafe-fixes）",
        ),
    };
    match lang {
        Lang::En => format!("{en}: {}", fix.title.get(lang)),
        Lang::Zh => format!("{zh}：{}", fix.title.get(lang)),
    }
}

/// An error line on standard error: `PLACE: error: MESSAGE`, in Chinese
/// `PLACE：错误：MESSAGE`. PLACE is `archlint`, a file, `file:line:column`, or a flag or variable
/// (`archlint: --select`); the message is already in `lang`.
pub fn error_line(place: &str, message: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{place}: error: {message}"),
        Lang::Zh => format!("{place}：错误：{message}"),
    }
}

/// [`error_line`] with a message given in both languages.
pub fn error_line2(place: &str, en: &str, zh: &str, lang: Lang) -> String {
    error_line(
        place,
        match lang {
            Lang::En => en,
            Lang::Zh => zh,
        },
        lang,
    )
}

/// `file:line:column`, or `file` when there is no position (line 0).
pub fn place(file: &str, line: u32, column: u32) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}:{column}")
    }
}

/// `--fix` with standard input: nothing to write back to.
pub fn fix_stdin_line(lang: Lang) -> String {
    error_line2(
        "archlint",
        "--fix and --unsafe-fixes write the fixed design back to its file; standard input has none (use --diff)",
        "--fix 和 --unsafe-fixes 会把修复后的设计写回文件，标准输入没有文件可写（请使用 --diff）",
        lang,
    )
}

/// The fixed design could not be written.
pub fn write_error_line(name: &str, e: &str, lang: Lang) -> String {
    error_line2(
        name,
        &format!("cannot write the fixed design: {e}"),
        &format!("无法写入修复后的设计：{e}"),
        lang,
    )
}

/// A Terraform configuration or ROS template is checked, not fixed.
pub fn fix_imported_line(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{name}: note: fixes apply to design JSON files; this input is checked without fixing (`archlint import` writes a design that can be fixed)"),
        Lang::Zh => format!("{name}：提示：修复只作用于设计 JSON 文件；该输入只检查不修复（可先用 `archlint import` 生成可修复的设计）"),
    }
}

pub fn load_error_line(name: &str, e: &LoadError, lang: Lang) -> String {
    error_line(&place(name, e.line, e.column), e.message.get(lang), lang)
}

/// `3 errors, 1 warning, 0 info in 2 files`.
pub fn summary_line(c: (usize, usize, usize), files: usize, failed: usize, lang: Lang) -> String {
    let (e, w, i) = c;
    match lang {
        Lang::En => {
            let pl = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let mut s = format!(
                "{}, {}, {i} info in {}",
                pl(e, "error", "errors"),
                pl(w, "warning", "warnings"),
                pl(files, "file", "files")
            );
            if failed > 0 {
                s.push_str(&format!(
                    "; {} could not be checked",
                    pl(failed, "file", "files")
                ));
            }
            s
        }
        Lang::Zh => {
            let mut s = format!("{e} 个错误，{w} 个警告，{i} 个提示，共 {files} 个文件");
            if failed > 0 {
                s.push_str(&format!("；{failed} 个文件无法检查"));
            }
            s
        }
    }
}

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    let mut out = String::from(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// The `rules` table: code, name, severity, summary.
pub fn rules_table(lang: Lang) -> String {
    let head: [&str; 4] = match lang {
        Lang::En => ["CODE", "NAME", "SEVERITY", "SUMMARY"],
        Lang::Zh => ["代码", "名称", "级别", "说明"],
    };
    let rows: Vec<[&str; 4]> = rules::all()
        .map(|r| [r.code, r.name, r.severity.label(lang), r.summary.get(lang)])
        .collect();
    let mut widths = [0usize; 3];
    for row in std::iter::once(&head).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(UnicodeWidthStr::width(*cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&head).chain(&rows) {
        for (w, cell) in widths.iter().zip(row) {
            out.push_str(&pad(cell, *w + 2));
        }
        out.push_str(row[3]);
        out.push('\n');
    }
    out
}

/// Escapes the message of a workflow command.
pub fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
pub fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn gh_command(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// `::warning file=…,line=…,col=…,title=CODE name::message` for one finding.
pub fn github_finding(name: &str, f: &Finding, lang: Lang) -> String {
    format!(
        "::{} file={},line={},col={},title={}::{}\n",
        gh_command(f.severity),
        gh_property(name),
        f.line,
        f.column,
        gh_property(&format!("{} {}", f.rule.code, f.rule.name)),
        gh_data(&format!(
            "{}\n{}{}",
            f.message.get(lang),
            help_prefix(lang),
            f.help.get(lang)
        )),
    )
}

/// `::error file=…,line=…,col=…,title=archlint::message` for a file that could not be loaded.
pub fn github_load_error(name: &str, e: &LoadError, lang: Lang) -> String {
    let pos = if e.line == 0 {
        String::new()
    } else {
        format!(",line={},col={}", e.line, e.column)
    };
    format!(
        "::error file={}{pos},title=archlint::{}\n",
        gh_property(name),
        gh_data(e.message.get(lang))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(gh_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(gh_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn summary_lines() {
        assert_eq!(
            summary_line((3, 1, 0), 2, 0, Lang::En),
            "3 errors, 1 warning, 0 info in 2 files"
        );
        assert_eq!(
            summary_line((1, 0, 2), 1, 1, Lang::En),
            "1 error, 0 warnings, 2 info in 1 file; 1 file could not be checked"
        );
        assert_eq!(
            summary_line((0, 2, 0), 3, 0, Lang::Zh),
            "0 个错误，2 个警告，0 个提示，共 3 个文件"
        );
    }

    #[test]
    fn spans_cover_key_to_value_end() {
        let text = r#"{"a": [1, {"b/c": true}], "d": 2}"#;
        let tree = archlint_core::json::parse(text, 64).unwrap();
        let (s, e) = pointer_span(text, &tree, "/a/1/b~1c");
        assert_eq!(&text[s..e], r#""b/c": true"#);
        let (s, e) = pointer_span(text, &tree, "/a/1");
        assert_eq!(&text[s..e], r#"{"b/c": true}"#);
        let (s, e) = pointer_span(text, &tree, "/a/7");
        assert_eq!(&text[s..e], r#""a": [1, {"b/c": true}]"#);
        assert_eq!(pointer_span(text, &tree, ""), (0, 1));
        // a value over several lines is marked on its first line only
        let text = "{\"n\": {\"id\": 1,\r\n  \"x\": 2}}";
        let tree = archlint_core::json::parse(text, 64).unwrap();
        let (s, e) = pointer_span(text, &tree, "/n");
        assert_eq!(&text[s..e], "\"n\": {\"id\": 1,");
    }
}
