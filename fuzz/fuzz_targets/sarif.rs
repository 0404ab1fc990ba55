//! The SARIF writer never panics and always writes one JSON document with the run's results.
#![no_main]
use archlint_core::output::sarif;
use archlint_core::{check, Lang, LintOptions, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let result = check(text, &Limits::DEFAULT, &LintOptions::default());
    let files = vec![("fuzz/input.json", result)];
    let doc = sarif::document(&files, Lang::Zh, Some("file:///src/"));
    assert!(doc.starts_with('{') && doc.trim_end().ends_with('}'));
    assert!(doc.contains("\"version\": \"2.1.0\""));
    // no raw control characters escape into the document
    assert!(!doc.chars().any(|c| c < ' ' && c != '\n'));
});
