//! Helpers shared by the rule tests.

#![allow(dead_code)]

use archlint_core::{check, Finding, Limits, LintOptions};

/// The findings of rule `code` in a design that must load.
pub fn findings_of(text: &str, code: &str) -> Vec<Finding> {
    match check(text, &Limits::DEFAULT, &LintOptions::default()) {
        Ok(r) => r
            .findings
            .into_iter()
            .filter(|f| f.rule.code == code)
            .collect(),
        Err(e) => panic!(
            "design does not load: {} at {}:{}",
            e.message.en, e.line, e.column
        ),
    }
}

/// (target, pointer) of every finding of rule `code`, in report order.
pub fn targets_of(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    findings_of(text, code)
        .into_iter()
        .map(|f| (f.target, f.pointer))
        .collect()
}
