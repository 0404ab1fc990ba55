//! Settings resolution without the binary: layers (file, per-path, flags), sources, waivers.

use std::path::Path;

use archlint_config::{Overrides, Resolver, Source};
use archlint_core::rule::Severity;

fn dir_with(cfg: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("archlint.toml"), cfg).unwrap();
    std::fs::create_dir_all(d.path().join("legacy/x")).unwrap();
    d
}

fn rule<'a>(s: &'a archlint_config::Settings, code: &str) -> &'a archlint_config::RuleSetting {
    s.rules.iter().find(|r| r.rule.code == code).unwrap()
}

const CFG: &str = r#"select = ["HA", "ZN001"]
[severity]
HA = "error"
HA002 = "info"

[[per-path]]
path = "legacy/**"
ignore = ["HA001"]
severity = { ALL = "warning" }

[[waiver]]
rule = "single-instance-module"
path = "legacy/**"
reason = "old"
"#;

#[test]
fn layers_apply_in_order_and_remember_their_source() {
    let d = dir_with(CFG);
    let cfg = d.path().join("archlint.toml");
    let mut r = Resolver::new(Overrides::default()).unwrap();
    let top = r.settings(&d.path().join("new.json")).unwrap();
    assert!(rule(&top, "HA001").enabled && rule(&top, "ZN001").enabled);
    assert!(
        !rule(&top, "ZN002").enabled,
        "select replaces the default set"
    );
    assert_eq!(rule(&top, "HA001").severity, Severity::Error);
    assert_eq!(
        rule(&top, "HA002").severity,
        Severity::Info,
        "code beats family"
    );
    assert_eq!(
        rule(&top, "HA001").enabled_from,
        Source::File {
            path: cfg.clone(),
            line: 1,
            column: 11
        }
    );
    // A rule left out of `select` is off because of it.
    assert!(rule(&top, "ZN002")
        .enabled_from
        .show(archlint_core::Lang::En)
        .ends_with("archlint.toml:1:11"));
    assert!(top.waivers.is_empty(), "the waiver's path does not match");

    let legacy = r.settings(&d.path().join("legacy/x/old.json")).unwrap();
    assert_eq!(legacy.relative_path.as_deref(), Some("legacy/x/old.json"));
    assert!(!rule(&legacy, "HA001").enabled);
    assert_eq!(
        rule(&legacy, "HA003").severity,
        Severity::Warning,
        "a later layer wins"
    );
    assert_eq!(legacy.waivers.len(), 1);
    assert!(legacy.waivers[0].origin.ends_with("archlint.toml:12:8"));

    // Flags last: --extend-select brings HA001 back, --ignore takes a family.
    let mut r = Resolver::new(Overrides {
        extend_select: vec!["HA001".into()],
        ignore: vec!["ZN".into()],
        ..Overrides::default()
    })
    .unwrap();
    let s = r.settings(&d.path().join("legacy/x/old.json")).unwrap();
    assert!(rule(&s, "HA001").enabled);
    assert_eq!(
        rule(&s, "HA001").enabled_from,
        Source::Flag("--extend-select")
    );
    assert!(!rule(&s, "ZN001").enabled);
    let opts = s.lint_options(None);
    assert!(opts.ignore_codes.contains(&"ZN001".to_string()));
    assert!(!opts.ignore_codes.contains(&"HA001".to_string()));
}

#[test]
fn isolated_and_explicit_configurations() {
    let d = dir_with("ignore = [\"ALL\"]\n");
    let mut r = Resolver::new(Overrides {
        isolated: true,
        ..Overrides::default()
    })
    .unwrap();
    let s = r.settings(&d.path().join("a.json")).unwrap();
    assert!(s.config.is_none() && s.rules.iter().all(|r| r.enabled));
    let other = d.path().join("legacy/strict.toml");
    std::fs::write(&other, "[severity]\nALL = \"error\"\n").unwrap();
    let mut r = Resolver::new(Overrides {
        config: Some(other.clone()),
        ..Overrides::default()
    })
    .unwrap();
    let s = r.settings(Path::new("/somewhere/else.json")).unwrap();
    assert_eq!(s.config.as_deref(), Some(other.as_path()));
    assert!(s
        .rules
        .iter()
        .all(|r| r.enabled && r.severity == Severity::Error));
    // Unknown selectors on the command line are errors naming the flag.
    let e = Resolver::new(Overrides {
        select: Some(vec!["HA01".into()]),
        ..Overrides::default()
    })
    .err()
    .unwrap();
    assert_eq!(e.file, "--select");
    assert!(
        e.message.en.contains("did you mean `HA001`?"),
        "{}",
        e.message.en
    );
}

#[test]
fn toml_to_json_keeps_the_values() {
    let j = archlint_config::toml_to_json("a = [\"x\", 2, true]\n[t]\nb = \"c\"\n").unwrap();
    assert_eq!(
        j,
        "{\n  \"a\": [\n    \"x\",\n    2,\n    true\n  ],\n  \"t\": {\n    \"b\": \"c\"\n  }\n}\n"
    );
    assert!(archlint_config::toml_to_json("a = ").is_err());
}
