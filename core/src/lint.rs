//! Loading a design from text and running the rules over it.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::json::{self, Value};
use crate::model::Design;
use crate::rule::{Finding, Phase, Severity, Sink};
use crate::text::{LineCol, LineIndex, Text};

/// Limits on what a design may be. The host (CLI flags, widget attributes) sets them; a design
/// cannot raise them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes.
    pub max_bytes: usize,
    /// Most entries in `nodes`.
    pub max_nodes: usize,
    /// Deepest nesting of arrays and objects.
    pub max_depth: u32,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        max_bytes: 64 * 1024 * 1024,
        max_nodes: 200_000,
        max_depth: 64,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// Why a text could not be loaded as a design at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub line: u32,
    pub column: u32,
    pub message: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadErrorKind {
    Syntax,
    NotAnObject,
    MissingVersion,
    UnsupportedVersion,
    TooLarge,
    TooManyNodes,
}

/// A design loaded from text: the model, the parsed tree (for positions) and the text.
pub struct Loaded<'t> {
    pub text: &'t str,
    pub tree: Value<'t>,
    pub design: Design,
    pub lines: LineIndex,
}

impl Loaded<'_> {
    /// The line:column of a JSON pointer (the deepest part of it that exists).
    pub fn position(&self, pointer: &str) -> LineCol {
        let (off, _) = self.tree.locate(pointer);
        self.lines.line_col(self.text, off)
    }
}

/// Parses and loads a design. Only the failures listed in [`LoadErrorKind`] are errors;
/// everything else the file gets wrong becomes a DF finding when linted.
pub fn load<'t>(text: &'t str, limits: &Limits) -> Result<Loaded<'t>, LoadError> {
    let lines = LineIndex::new(text);
    let at = |off: u32, kind, message| {
        let lc = lines.line_col(text, off);
        LoadError {
            kind,
            line: lc.line,
            column: lc.column,
            message,
        }
    };
    if text.len() > limits.max_bytes {
        let (n, m) = (text.len(), limits.max_bytes);
        return Err(at(
            0,
            LoadErrorKind::TooLarge,
            crate::text!(
                "the design is {n} bytes; the limit is {m} bytes",
                "设计文件有 {n} 字节，超过上限 {m} 字节"
            ),
        ));
    }
    let tree = match json::parse(text, limits.max_depth) {
        Ok(t) => t,
        Err(e) => {
            let (en, zh) = e.kind.describe();
            return Err(at(
                e.offset,
                LoadErrorKind::Syntax,
                Text {
                    en: format!("invalid JSON: {en}"),
                    zh: format!("JSON 无效：{zh}"),
                },
            ));
        }
    };
    if tree.as_object().is_none() {
        let t = tree.type_name();
        return Err(at(
            tree.start,
            LoadErrorKind::NotAnObject,
            crate::text!(
                "a design is a JSON object, not a {t}",
                "设计文件应为 JSON 对象，而不是 {t}"
            ),
        ));
    }
    match tree.get("archlint") {
        None => {
            return Err(at(
                tree.start,
                LoadErrorKind::MissingVersion,
                Text::new(
                    "not an archlint design: the \"archlint\" version field is missing (write \"archlint\": 1)",
                    "不是 archlint 设计文件：缺少版本字段 \"archlint\"（应写 \"archlint\": 1）",
                ),
            ))
        }
        Some(v) => {
            let ok = matches!(v.kind, json::Kind::Number(n) if n.value == 1.0);
            if !ok {
                let shown = text.get(v.start as usize..v.end as usize).unwrap_or("?");
                let shown: String = shown.chars().take(40).collect();
                return Err(at(
                    v.start,
                    LoadErrorKind::UnsupportedVersion,
                    crate::text!(
                        "unsupported format version {shown}: this archlint reads version 1",
                        "不支持的格式版本 {shown}：本版本 archlint 只读取版本 1"
                    ),
                ));
            }
        }
    }
    if let Some(nodes) = tree.get("nodes").and_then(Value::as_array) {
        if nodes.len() > limits.max_nodes {
            let (n, m) = (nodes.len(), limits.max_nodes);
            let start = tree.get("nodes").map_or(0, |v| v.start);
            return Err(at(
                start,
                LoadErrorKind::TooManyNodes,
                crate::text!(
                    "the design has {n} nodes; the limit is {m}",
                    "设计中有 {n} 个节点，超过上限 {m} 个"
                ),
            ));
        }
    }
    let design = crate::load_json::build(&tree);
    Ok(Loaded {
        text,
        tree,
        design,
        lines,
    })
}

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    /// Rule codes not to report (the CLI's `--ignore`).
    pub ignore_codes: Vec<String>,
    /// Today's date, for waivers with `expires` (the core has no clock). `None`: no waiver has
    /// expired.
    pub today: Option<crate::date::Date>,
}

/// Where a waiver that suppressed a finding is written (SARIF `suppressions[].kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionKind {
    /// An `ignore` entry of the design itself.
    InSource,
    /// A waiver outside the design (the project configuration).
    External,
}

/// A finding a waiver accepted: shown as suppressed, not dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppressed {
    pub finding: Finding,
    pub kind: SuppressionKind,
    /// The waiver's `reason` (its justification).
    pub reason: String,
    pub owner: Option<String>,
    pub expires: Option<crate::date::Date>,
    /// Where the waiver is: the JSON pointer of the design's `ignore` entry (`/ignore/0`), or
    /// `file:line:column` of a configuration's waiver.
    pub origin: String,
}

/// The findings of one design, sorted by line, column, rule code (then target and message).
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    /// Findings accepted by a waiver, in the same order (always empty without the `waivers`
    /// feature: the accepted findings are dropped).
    pub suppressed: Vec<Suppressed>,
    /// `(pointer, stable path)` of the findings, sorted by pointer: the pointer written with
    /// ids (see [`crate::output::stable_path`]); empty until [`crate::output::stamp`] fills it.
    /// Fingerprints read it so that moving an element in the file keeps them.
    pub stable_paths: Vec<(String, String)>,
    /// Per finding (same index), the fix it offers; empty until [`crate::fix::offer`] fills it.
    pub fixes: Vec<Option<crate::fix::Offered>>,
    /// Per rule, whether the design gave it the facts it needs; `None` until the caller fills
    /// it with [`crate::coverage::coverage`] (the lint does not compute it).
    #[cfg(feature = "coverage")]
    pub coverage: Option<crate::coverage::Coverage>,
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// Runs every rule of the registry over a loaded design.
pub fn lint(loaded: &Loaded<'_>, opts: &LintOptions) -> Report {
    lint_with_ctx(loaded, &mut Ctx::new(&loaded.design), opts)
}

/// [`lint`] with the design's index built by the caller, who can then lay the design out
/// with the same index ([`crate::layout::layout`]) instead of building it twice.
pub fn lint_with_ctx(loaded: &Loaded<'_>, cx: &mut Ctx<'_>, opts: &LintOptions) -> Report {
    let mut findings: Vec<Finding> = Vec::new();
    for rule in crate::rules::all() {
        if rule.phase != Phase::Design {
            continue;
        }
        let mut sink = Sink::new(rule);
        (rule.check)(cx, &mut sink);
        findings.extend(sink.findings);
    }
    // The design's own `ignore` entries (an expired one no longer applies: DF009).
    let ignores = &loaded.design.ignores;
    cx.today = opts.today;
    let mut suppressed: Vec<Suppressed> = Vec::new();
    if !ignores.is_empty() {
        findings.retain(|f| {
            let mut by: Option<usize> = None;
            for (k, ig) in ignores.iter().enumerate() {
                let rule_ok = ig
                    .rule
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case(f.rule.code) || r == f.rule.name);
                let target_ok = match &ig.target {
                    None => true,
                    Some(t) => f.target.as_deref() == Some(t.id.as_str()),
                };
                let live = !crate::rules::df::df009::expired(ig.expires, opts.today);
                if rule_ok && target_ok && ig.reason.is_some() && live {
                    cx.ignore_used[k] = true;
                    by = by.or(Some(k));
                }
            }
            let Some(k) = by else { return true };
            if !cfg!(feature = "waivers") {
                return false;
            }
            let ig = &ignores[k];
            suppressed.push(Suppressed {
                finding: f.clone(),
                kind: SuppressionKind::InSource,
                reason: ig.reason.clone().unwrap_or_default(),
                owner: ig.owner.clone(),
                expires: ig.expires,
                origin: ig.ptr.clone(),
            });
            false
        });
    }
    for rule in crate::rules::all() {
        if rule.phase != Phase::AfterIgnores {
            continue;
        }
        let mut sink = Sink::new(rule);
        (rule.check)(cx, &mut sink);
        findings.extend(sink.findings);
    }
    if !opts.ignore_codes.is_empty() {
        let selected = |f: &Finding| {
            !opts
                .ignore_codes
                .iter()
                .any(|c| c.eq_ignore_ascii_case(f.rule.code) || *c == f.rule.name)
        };
        findings.retain(selected);
        if cfg!(feature = "waivers") {
            suppressed.retain(|s| selected(&s.finding));
        }
    }
    for f in &mut findings {
        let lc = loaded.position(&f.pointer);
        f.line = lc.line;
        f.column = lc.column;
    }
    if cfg!(feature = "waivers") {
        for s in &mut suppressed {
            let lc = loaded.position(&s.finding.pointer);
            s.finding.line = lc.line;
            s.finding.column = lc.column;
        }
    }
    sort_findings(&mut findings);
    findings.dedup_by(|a, b| {
        a.rule.code == b.rule.code
            && a.pointer == b.pointer
            && a.message == b.message
            && a.target == b.target
    });
    if cfg!(feature = "waivers") && !suppressed.is_empty() {
        crate::sort::sort_by(&mut suppressed, |a, b| {
            finding_order(&a.finding, &b.finding)
        });
    }
    Report {
        findings,
        suppressed,
        stable_paths: Default::default(),
        fixes: Vec::new(),
        #[cfg(feature = "coverage")]
        coverage: None,
    }
}

/// The order of a report: line, column, rule code, then target, message and pointer.
pub fn finding_order(a: &Finding, b: &Finding) -> core::cmp::Ordering {
    (
        a.line,
        a.column,
        a.rule.code,
        &a.target,
        &a.message.en,
        &a.pointer,
    )
        .cmp(&(
            b.line,
            b.column,
            b.rule.code,
            &b.target,
            &b.message.en,
            &b.pointer,
        ))
}

/// Sorts findings in report order ([`finding_order`]).
pub fn sort_findings(findings: &mut [Finding]) {
    crate::sort::sort_by(findings, finding_order);
}

/// Loads and lints in one step.
pub fn check(text: &str, limits: &Limits, opts: &LintOptions) -> Result<Report, LoadError> {
    let loaded = load(text, limits)?;
    Ok(lint(&loaded, opts))
}
