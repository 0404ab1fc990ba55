//! Terraform import never panics: the input as one `main.tf` of a directory, and again as
//! `main.tf.json`; a local module's directory (`source = "./m"`) reads as the same file, a few
//! times, then as missing. What imports is a design the core loads (never refused), lints
//! without panicking, deterministically, and every finding's place maps into the user's files.
#![no_main]
use archlint_core::{lint, load, Limits, LintOptions};
use archlint_import::{import_terraform, Options, SourceFile};
use libfuzzer_sys::fuzz_target;

/// Module directories read per import before the rest are missing.
const MODULE_READS: usize = 4;

fn check(name: &str, text: &str) {
    let opts = Options::default();
    let run = || {
        let mut reads = 0;
        let mut load_dir = |d: &str| -> Result<Vec<SourceFile>, String> {
            reads += 1;
            if reads > MODULE_READS {
                return Err(format!("{d}: no such directory"));
            }
            Ok(vec![SourceFile::new(format!("{d}/{name}"), text)])
        };
        import_terraform(
            "fuzz",
            vec![SourceFile::new(format!("fuzz/{name}"), text)],
            &mut load_dir,
            &opts,
        )
    };
    let im = match run() {
        Ok(im) => im,
        Err(e) => {
            assert!(!e.message.en.is_empty() && !e.message.zh.is_empty());
            return;
        }
    };
    let again = run().expect("the import is deterministic");
    assert_eq!(im.design, again.design, "the import is deterministic");
    let loaded = match load(&im.design, &Limits::DEFAULT) {
        Ok(l) => l,
        Err(e) => panic!(
            "the imported design does not load: {}:{}: {}\n{}",
            e.line, e.column, e.message.en, im.design
        ),
    };
    let report = lint(&loaded, &LintOptions::default());
    for f in &report.findings {
        if let Some(at) = im.map.locate(&f.pointer) {
            let file = im.files.get(at.file as usize).unwrap_or_else(|| {
                panic!("{}: file {} of {}", f.rule.code, at.file, im.files.len())
            });
            let lines = file.text.split('\n').count() as u32;
            assert!(
                at.line <= lines,
                "{}: line {} of {lines} in {}",
                f.rule.code,
                at.line,
                file.path
            );
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check("main.tf", text);
    check("main.tf.json", text);
});
