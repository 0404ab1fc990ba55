//! `archlint check --fix`, `--unsafe-fixes`, `--diff`: the fixes of design JSON files.
//!
//! The core does the work ([`archlint_core::fix::fix_text`]: apply the non-overlapping fixes,
//! re-lint, repeat to a fixed point); here the fixed text is written back in place, or shown
//! as a unified diff.

use std::path::Path;

use archlint_core::fix::{self, Safety};
use archlint_core::{Lang, Limits, LintOptions, Report};

/// What the fix flags ask for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mode {
    /// `--fix`: write the fixed design back.
    pub fix: bool,
    /// `--unsafe-fixes`: the unsafe fixes too (with `--fix` or `--diff`, or alone: then as
    /// `--fix`).
    pub unsafe_too: bool,
    /// `--diff`: print what would change; write nothing.
    pub diff: bool,
}

impl Mode {
    pub fn any(&self) -> bool {
        self.fix || self.unsafe_too || self.diff
    }
    /// Whether the fixed design is written back (not only shown).
    pub fn fix_in_place(&self) -> bool {
        self.any() && !self.diff
    }
}

/// What fixing one design did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The design's text after fixing (the input's when nothing applied).
    pub text: String,
    /// Findings that the fixes removed (or, with `--diff`, would remove).
    pub applied: usize,
    /// The unified diff, with `--diff` when something changes.
    pub diff: Option<String>,
    /// Why the fixed text could not be written, if it could not.
    pub write_error: Option<String>,
}

/// Fixes the design `text` read from `name` (a path, or `-` for standard input, which is
/// never written: use `--diff`).
pub fn run(name: &str, text: String, mode: Mode, limits: &Limits, opts: &LintOptions) -> Outcome {
    let Ok(done) = fix::fix_text(&text, limits, opts, mode.unsafe_too) else {
        // Not a design: the caller reports the load error as for any check.
        return Outcome {
            text,
            ..Outcome::default()
        };
    };
    if done.applied == 0 || done.text == text {
        return Outcome {
            text,
            ..Outcome::default()
        };
    }
    // What the summary counts: findings that went away (one fix can remove several, e.g. an
    // ACL set to private ends both OS001 and OS002), by rule and target.
    let mut out = Outcome {
        applied: gone(&text, &done.text, limits, opts),
        ..Outcome::default()
    };
    if mode.diff {
        out.diff = Some(unified_diff(name, &text, &done.text));
        // The report is of the file as it is.
        out.text = text;
    } else {
        if let Err(e) = std::fs::write(Path::new(name), done.text.as_bytes()) {
            out.write_error = Some(e.to_string());
            out.text = text;
            out.applied = 0;
            return out;
        }
        out.text = done.text;
    }
    out
}

/// How many findings of `before` are not in `after`, counted by rule and target.
fn gone(before: &str, after: &str, limits: &Limits, opts: &LintOptions) -> usize {
    use std::collections::BTreeMap;
    let tally = |t: &str| {
        let mut m: BTreeMap<(&'static str, Option<String>), usize> = BTreeMap::new();
        if let Ok(r) = archlint_core::check(t, limits, opts) {
            for f in r.findings {
                *m.entry((f.rule.code, f.target)).or_insert(0) += 1;
            }
        }
        m
    };
    let (a, b) = (tally(before), tally(after));
    a.iter()
        .map(|(k, n)| n.saturating_sub(b.get(k).copied().unwrap_or(0)))
        .sum()
}

/// A unified diff of one file, `a/NAME` → `b/NAME` as git writes it.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let name = name.trim_start_matches("./").trim_start_matches('/');
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// How many of a report's findings offer a fix of each kind: `(safe, unsafe)`.
pub fn fixable(report: &Report) -> (usize, usize) {
    let mut c = (0, 0);
    for f in report.fixes.iter().flatten() {
        match f.safety {
            Safety::Safe => c.0 += 1,
            Safety::Unsafe => c.1 += 1,
        }
    }
    c
}

/// The line after the summary: what was fixed, and what more could be.
pub fn summary(
    mode: Mode,
    applied: usize,
    files: usize,
    left: (usize, usize),
    lang: Lang,
) -> Option<String> {
    let (safe_left, unsafe_left) = left;
    let hidden = if mode.unsafe_too { 0 } else { unsafe_left };
    let pl = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts: Vec<String> = Vec::new();
    match lang {
        Lang::En => {
            if mode.any() {
                let verb = if mode.diff { "would fix" } else { "fixed" };
                parts.push(format!(
                    "{verb} {} in {}",
                    pl(applied, "finding", "findings"),
                    pl(files, "file", "files")
                ));
            } else if safe_left > 0 {
                parts.push(format!(
                    "{} can be fixed with --fix",
                    pl(safe_left, "finding", "findings")
                ));
            }
            if hidden > 0 {
                parts.push(format!(
                    "{} more {} with --unsafe-fixes (they add or move resources: review them with --diff)",
                    pl(hidden, "finding", "findings"),
                    if hidden == 1 { "has a fix" } else { "have fixes" }
                ));
            }
        }
        Lang::Zh => {
            if mode.any() {
                let verb = if mode.diff { "可修复" } else { "已修复" };
                parts.push(format!("{verb} {applied} 个发现（{files} 个文件）"));
            } else if safe_left > 0 {
                parts.push(format!("{safe_left} 个发现可用 --fix 修复"));
            }
            if hidden > 0 {
                parts.push(format!(
                    "另有 {hidden} 个发现可用 --unsafe-fixes 修复（会新增或移动资源：请先用 --diff 查看）"
                ));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(if lang == Lang::Zh { "；" } else { "; " }))
}
