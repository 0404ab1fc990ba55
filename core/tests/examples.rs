//! The reference designs of `examples/` lint clean; each broken design of `examples/broken/`
//! triggers every rule listed in its `.expect` file.

mod common;

use std::path::PathBuf;

use archlint_core::{check, Limits, LintOptions, Severity};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn lint(path: &std::path::Path) -> archlint_core::Report {
    let text = std::fs::read_to_string(path).unwrap();
    // A fixed "today": the DF example's waiver has expired (DF009).
    let opts = LintOptions {
        today: archlint_core::Date::parse("2026-01-01"),
        ..LintOptions::default()
    };
    check(&text, &Limits::DEFAULT, &opts).unwrap_or_else(|e| {
        panic!(
            "{}: {}:{} {}",
            path.display(),
            e.line,
            e.column,
            e.message.en
        )
    })
}

#[test]
fn reference_designs_lint_clean() {
    let mut n = 0;
    for entry in std::fs::read_dir(examples()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            n += 1;
            let r = lint(&path);
            let bad: Vec<String> = r
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| {
                    format!(
                        "{} {}:{} {} {}",
                        f.rule.code,
                        f.line,
                        f.column,
                        f.target.as_deref().unwrap_or("-"),
                        f.message.en
                    )
                })
                .collect();
            assert!(
                bad.is_empty(),
                "{} is not clean:\n{}",
                path.display(),
                bad.join("\n")
            );
        }
    }
    assert!(n >= 4, "expected the four reference designs, found {n}");
}

#[test]
fn broken_designs_trigger_their_rules() {
    let dir = examples().join("broken");
    let mut n = 0;
    let mut covered = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            n += 1;
            let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
            let r = lint(&path);
            let got: std::collections::BTreeSet<&str> =
                r.findings.iter().map(|f| f.rule.code).collect();
            for code in expect.split_whitespace() {
                assert!(
                    got.contains(code),
                    "{}: expected {code}, got {got:?}",
                    path.display()
                );
                covered.insert(code.to_string());
            }
        }
    }
    assert!(n >= 13, "expected a broken design per family, found {n}");
    let all: Vec<_> = archlint_core::rules::all()
        .map(|r| r.code.to_string())
        .filter(|c| !covered.contains(c))
        .collect();
    assert!(all.is_empty(), "rules no broken design shows: {all:?}");
}

/// The format page says of its example: "This design must lint clean (no error, no warning)".
#[test]
fn the_spec_example_lints_clean() {
    let r = check(
        &common::spec_example(),
        &Limits::DEFAULT,
        &LintOptions::default(),
    )
    .unwrap();
    let bad: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| (f.rule.code, f.message.en.clone()))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
}
