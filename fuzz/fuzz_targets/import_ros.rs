//! ROS import never panics: the input as a template (`template.yaml`, or `template.json` when
//! it starts with `{`). What imports is a design the core loads (never refused), lints without
//! panicking, deterministically, and every finding's place maps into the template.
#![no_main]
use archlint_core::{lint, load, Limits, LintOptions};
use archlint_import::{import_ros, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let name = if text.trim_start().starts_with('{') {
        "template.json"
    } else {
        "template.yaml"
    };
    let opts = Options::default();
    let im = match import_ros(SourceFile::new(name, text), &opts) {
        Ok(im) => im,
        Err(e) => {
            assert!(!e.message.en.is_empty() && !e.message.zh.is_empty());
            return;
        }
    };
    let again =
        import_ros(SourceFile::new(name, text), &opts).expect("the import is deterministic");
    assert_eq!(im.design, again.design, "the import is deterministic");
    let loaded = match load(&im.design, &Limits::DEFAULT) {
        Ok(l) => l,
        Err(e) => panic!(
            "the imported design does not load: {}:{}: {}\n{}",
            e.line, e.column, e.message.en, im.design
        ),
    };
    let report = lint(&loaded, &LintOptions::default());
    // YAML's line breaks: "\n", "\r\n" and a lone "\r" (the importer's positions count them so;
    // the CLI's text output counts only "\n", and shows a finding past its last line at 1:1).
    let lines = 1 + text.replace("\r\n", "\n").matches(['\n', '\r']).count() as u32;
    for f in &report.findings {
        if let Some(at) = im.map.locate(&f.pointer) {
            assert!(
                (at.file as usize) < im.files.len(),
                "{}: file {}",
                f.rule.code,
                at.file
            );
            assert!(
                at.line <= lines,
                "{}: line {} of {lines}",
                f.rule.code,
                at.line
            );
        }
    }
});
