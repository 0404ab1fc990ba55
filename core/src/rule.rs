//! What a rule is, what a finding is, and the macro every rule file uses.

use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::text::{Lang, StaticText, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Severity::Info, Lang::En) => "info",
            (Severity::Warning, Lang::En) => "warning",
            (Severity::Error, Lang::En) => "error",
            (Severity::Info, Lang::Zh) => "提示",
            (Severity::Warning, Lang::Zh) => "警告",
            (Severity::Error, Lang::Zh) => "错误",
        }
    }
}

/// When a rule runs: most look at the design; a few look at the other findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Design,
    /// After the design's `ignore` entries were applied (DF007).
    AfterIgnores,
}

/// Everything archlint knows about a rule. One per rule file; the registry lists them all.
pub struct RuleMeta {
    /// Stable code, e.g. `HA001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `single-instance-module`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, for `archlint rules` and SARIF `shortDescription` (empty without the `docs`
    /// feature).
    pub summary: StaticText,
    /// The English documentation: the rule struct's doc comment, in the fixed shape
    /// `## What it checks` / `## Why` / `## Failing example` / `## Passing example` / `## Source`.
    pub doc_en: &'static str,
    /// The Chinese documentation: `## 检查内容` / `## 原因` / `## 依据` (the examples are shared).
    pub doc_zh: &'static str,
    pub phase: Phase,
    pub check: fn(&Ctx<'_>, &mut Sink),
    /// The rule's fix, if its remedy is unambiguous. Absent without the `fixes` feature: the
    /// docs widget links no fix code, and its rule table is smaller.
    #[cfg(feature = "fixes")]
    pub fix: Option<crate::fix::FixFn>,
    /// What the fix does and whether it is safe, or why the rule has none: one line for the
    /// rule catalog. Absent without the `docs` feature (the docs widget).
    #[cfg(feature = "docs")]
    pub fix_note: StaticText,
    /// What the rule needs of the design, for the coverage report ([`crate::coverage`]):
    /// `None` only when the rule file declares nothing (a test forbids it). Absent without the
    /// `coverage` feature: the docs widget links no facts code.
    #[cfg(feature = "coverage")]
    pub facts: Option<crate::coverage::FactsFn>,
}

impl core::fmt::Debug for RuleMeta {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.code)
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl RuleMeta {
    /// The family prefix, e.g. `HA`.
    pub fn family(&self) -> &'static str {
        &self.code[..2]
    }
    pub fn doc(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.doc_en,
            Lang::Zh => self.doc_zh,
        }
    }
}

/// One problem found in a design.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    /// The id the finding is about; `None` for design-wide findings.
    pub target: Option<String>,
    /// RFC 6901 pointer to the place in the file.
    pub pointer: String,
    pub line: u32,
    pub column: u32,
    pub message: Text,
    pub help: Text,
}

/// Collects the findings of the rule that is running.
pub struct Sink {
    pub(crate) rule: &'static RuleMeta,
    pub(crate) findings: Vec<Finding>,
}

impl Sink {
    pub fn new(rule: &'static RuleMeta) -> Sink {
        Sink {
            rule,
            findings: Vec::new(),
        }
    }
    /// Reports a finding about `target` (an id, or `None` for the design) at `pointer`.
    pub fn report(
        &mut self,
        target: Option<&str>,
        pointer: impl Into<String>,
        message: Text,
        help: Text,
    ) {
        self.push(target, pointer.into(), message, help);
    }
    /// The non-generic part of [`Sink::report`] (one copy in the WASM, whatever the pointer).
    #[inline(never)]
    fn push(&mut self, target: Option<&str>, pointer: String, message: Text, help: Text) {
        self.findings.push(Finding {
            rule: self.rule,
            severity: self.rule.severity,
            target: target.map(String::from),
            pointer,
            line: 0,
            column: 0,
            message,
            help,
        });
    }
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

/// Declares a rule: a unit struct carrying the doc comment, and its [`RuleMeta`] as `META`.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it checks
///     /// ...
///     pub struct SingleInstanceModule {
///         code: "HA001",
///         name: "single-instance-module",
///         severity: Warning,
///         summary: ("A business module runs on a single ECS", "业务模块只部署在一台 ECS 上"),
///         zh: "## 检查内容\n...\n## 原因\n...\n## 依据\n...",
///         check: check,
///         facts: facts, // or `facts: none` when the rule needs no optional fact
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        pub struct $name:ident {
            code: $code:literal,
            name: $rname:literal,
            severity: $sev:ident,
            summary: ($sum_en:expr, $sum_zh:expr $(,)?),
            zh: $zh:expr,
            check: $check:path
            $(, phase: $phase:ident)?
            $(, fix: $fix:path)?
            $(, fix_note: ($fix_en:expr, $fix_zh:expr $(,)?))?
            $(, facts: $facts:ident)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl $name {
            pub const META: $crate::rule::RuleMeta = $crate::rule::RuleMeta {
                code: $code,
                name: $rname,
                severity: $crate::rule::Severity::$sev,
                summary: $crate::text::StaticText::new(
                    $crate::declare_rule!(@doc $sum_en),
                    $crate::declare_rule!(@doc $sum_zh),
                ),
                doc_en: $crate::declare_rule!(@doc concat!($($doc, "\n"),*)),
                doc_zh: $crate::declare_rule!(@doc $zh),
                phase: $crate::declare_rule!(@phase $($phase)?),
                check: $check,
                #[cfg(feature = "fixes")]
                fix: $crate::declare_rule!(@fix $($fix)?),
                #[cfg(feature = "docs")]
                fix_note: $crate::text::StaticText::new(
                    $crate::declare_rule!(@doc $crate::declare_rule!(@or "" $(, $fix_en)?)),
                    $crate::declare_rule!(@doc $crate::declare_rule!(@or "" $(, $fix_zh)?)),
                ),
                #[cfg(feature = "coverage")]
                facts: $crate::declare_rule!(@facts $($facts)?),
            };
        }
        // Without the `fixes` feature the fix is still named (and type-checked) here, in a
        // constant nothing reads, so that it is not dead code; nothing of it is linked.
        #[cfg(not(feature = "fixes"))]
        const _: Option<$crate::fix::FixFn> = $crate::declare_rule!(@fix $($fix)?);
    };
    // Without the `docs` feature (the docs widget) the documentation and the summaries are left
    // out of the binary: `""` in both languages.
    (@doc $e:expr) => { if cfg!(feature = "docs") { $e } else { "" } };
    // Without the `fixes` feature the field is absent: no fix function is referenced, so
    // none is linked.
    (@fix) => { None };
    (@fix $f:path) => { Some($f as $crate::fix::FixFn) };
    // `facts: none`: the rule needs no optional fact; no `facts:` at all: undeclared (`None`).
    (@facts) => { None };
    (@facts none) => { Some($crate::coverage::needs_none as $crate::coverage::FactsFn) };
    (@facts $f:ident) => { Some($f as $crate::coverage::FactsFn) };
    (@or $d:expr) => { $d };
    (@or $d:expr, $e:expr) => { $e };
    (@phase) => { $crate::rule::Phase::Design };
    (@phase $p:ident) => { $crate::rule::Phase::$p };
}

/// A section of a rule's documentation, by its heading (without `## `).
pub fn doc_section<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let mut rest = doc;
    loop {
        let i = rest.find("## ")?;
        let after = &rest[i + 3..];
        let line_end = after.find('\n').unwrap_or(after.len());
        let title = after[..line_end].trim();
        let body_start = &after[line_end..];
        if title == heading {
            let end = find_heading(body_start).unwrap_or(body_start.len());
            return Some(body_start[..end].trim_matches(|c| c == '\n' || c == ' '));
        }
        rest = body_start;
    }
}

fn find_heading(s: &str) -> Option<usize> {
    let mut off = 0;
    for line in s.split_inclusive('\n') {
        if line.trim_start().starts_with("## ") {
            return Some(off);
        }
        off += line.len();
    }
    None
}

/// The JSON of the first ```json block of a section.
pub fn code_block(section: &str) -> Option<&str> {
    let start = section.find("```json")? + "```json".len();
    let rest = &section[start..];
    let end = rest.find("```")?;
    Some(rest[..end].trim())
}

/// Removes the one leading space rustdoc puts on every doc-comment line.
pub fn unindent_doc(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    for line in doc.split_inclusive('\n') {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
    }
    out
}
