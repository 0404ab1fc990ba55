//! Load + lint never panics, is deterministic, and every finding points inside the file.
#![no_main]
use archlint_core::{check, LintOptions, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(a) = check(text, &Limits::DEFAULT, &LintOptions::default()) else { return };
    let b = check(text, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    assert_eq!(a.findings, b.findings, "lint is deterministic");
    let lines: Vec<&str> = text.split('\n').collect();
    for f in &a.findings {
        assert!(f.line >= 1 && (f.line as usize) <= lines.len(), "{} line {}", f.rule.code, f.line);
        let width = lines[f.line as usize - 1].chars().count() as u32;
        assert!(f.column >= 1 && f.column <= width + 1, "{} column {} > {}", f.rule.code, f.column, width + 1);
        assert!(f.pointer.is_empty() || f.pointer.starts_with('/'));
        assert!(!f.message.en.is_empty() && !f.message.zh.is_empty());
    }
});
