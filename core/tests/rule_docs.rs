//! Every rule's documentation has the fixed shape, and its examples are run: the failing
//! example must trigger the rule, the passing one must not (as biome's rules_check does).

use archlint_core::rule::{code_block, doc_section};
use archlint_core::{check, rules, Limits, LintOptions};

const EN_SECTIONS: [&str; 5] = [
    "What it checks",
    "Why",
    "Failing example",
    "Passing example",
    "Source",
];
const ZH_SECTIONS: [&str; 3] = ["检查内容", "原因", "依据"];

fn codes_of(text: &str) -> Vec<String> {
    // A fixed "today", so that DF009's example (an expired waiver) is expired.
    let opts = LintOptions {
        today: archlint_core::Date::parse("2026-01-01"),
        ..LintOptions::default()
    };
    match check(text, &Limits::DEFAULT, &opts) {
        Ok(r) => r.findings.iter().map(|f| f.rule.code.to_string()).collect(),
        Err(e) => panic!(
            "example does not load: {} at {}:{}",
            e.message.en, e.line, e.column
        ),
    }
}

#[test]
fn docs_have_the_fixed_shape_in_both_languages() {
    for r in rules::all() {
        for s in EN_SECTIONS {
            let body = doc_section(r.doc_en, s)
                .unwrap_or_else(|| panic!("{}: no `## {s}` section", r.code));
            assert!(!body.trim().is_empty(), "{}: `## {s}` is empty", r.code);
        }
        for s in ZH_SECTIONS {
            let body = doc_section(r.doc_zh, s)
                .unwrap_or_else(|| panic!("{}: no `## {s}` section", r.code));
            assert!(!body.trim().is_empty(), "{}: `## {s}` is empty", r.code);
            assert!(
                body.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}: `## {s}` has no Chinese",
                r.code
            );
        }
        assert!(
            !r.summary.en.is_empty() && !r.summary.zh.is_empty(),
            "{}: summary",
            r.code
        );
    }
}

#[test]
fn failing_examples_trigger_and_passing_examples_do_not() {
    for r in rules::all() {
        let fail = code_block(doc_section(r.doc_en, "Failing example").unwrap())
            .unwrap_or_else(|| panic!("{}: failing example has no ```json block", r.code));
        let pass = code_block(doc_section(r.doc_en, "Passing example").unwrap())
            .unwrap_or_else(|| panic!("{}: passing example has no ```json block", r.code));
        let got = codes_of(fail);
        assert!(
            got.iter().any(|c| c == r.code),
            "{}: failing example does not trigger it (got {got:?})",
            r.code
        );
        let got = codes_of(pass);
        assert!(
            !got.iter().any(|c| c == r.code),
            "{}: passing example triggers it",
            r.code
        );
    }
}

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let all: Vec<_> = rules::all().collect();
    for (i, r) in all.iter().enumerate() {
        assert_eq!(r.code.len(), 5, "{}", r.code);
        assert!(
            r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            r.code
        );
        assert!(
            r.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit()),
            "{}",
            r.name
        );
        for o in &all[..i] {
            assert_ne!(o.code, r.code);
            assert_ne!(o.name, r.name);
        }
    }
    for (fam, list) in rules::FAMILIES {
        for r in list.iter() {
            assert_eq!(&r.code[..2], *fam, "{} listed under {fam}", r.code);
        }
        let mut sorted: Vec<_> = list.iter().map(|r| r.code).collect();
        sorted.sort();
        assert_eq!(
            sorted,
            list.iter().map(|r| r.code).collect::<Vec<_>>(),
            "{fam} not in code order"
        );
    }
}

/// The registry is exactly the catalog of `shared/spec/rules.md` plus the rules the project
/// adds in `docs/spec-additions.md` (the spec is read-only here): codes, names, severities.
#[test]
fn registry_matches_the_spec_catalog() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/spec/rules.md");
    let Ok(spec) = std::fs::read_to_string(path) else {
        panic!("cannot read {path}: the spec must sit beside the checkout");
    };
    let added = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/spec-additions.md");
    let added = std::fs::read_to_string(added).unwrap();
    let rows = |text: &str| {
        let mut rows = Vec::new();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() > 4
                && cells[1].len() == 5
                && cells[1].as_bytes()[0].is_ascii_uppercase()
                && cells[1][2..].bytes().all(|b| b.is_ascii_digit())
            {
                let sev = if ["error", "warning", "info"].contains(&cells[3]) {
                    cells[3]
                } else {
                    ""
                };
                rows.push((cells[1].to_string(), cells[2].to_string(), sev.to_string()));
            }
        }
        rows
    };
    let mut expected = rows(&spec);
    assert_eq!(expected.len(), 76, "the spec lists 76 rules");
    let added = rows(&added);
    assert_eq!(added.len(), 6, "docs/spec-additions.md adds 6 rules");
    for a in &added {
        assert!(
            !expected.iter().any(|e| e.0 == a.0 || e.1 == a.1),
            "{a:?} is already in the spec"
        );
    }
    expected.extend(added);
    let got: Vec<_> = rules::all()
        .map(|r| {
            (
                r.code.to_string(),
                r.name.to_string(),
                r.severity.name().to_string(),
            )
        })
        .collect();
    let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
    let extra: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing from registry: {missing:?}\nnot in spec: {extra:?}"
    );
}
