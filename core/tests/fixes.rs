//! Every fix of every rule, applied alone and all together.
//!
//! Inputs: each rule's failing example, every broken and reference example, and generated
//! designs of several sizes and seeds. For every finding that offers a fix, the fix alone must
//! resolve against the text, give a design that loads, make that finding go away and add no
//! error. `fix_text` must reach a fixed point (nothing fixable left) within its bound of
//! rounds, deterministically. Every rule that has a fix must be exercised at least once.

use std::collections::BTreeMap;

use archlint_core::fix::{self, Safety};
use archlint_core::index::Ctx;
use archlint_core::rule::{code_block, doc_section, unindent_doc};
use archlint_core::{lint, rules, Finding, Limits, LintOptions, Severity};

fn inputs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for r in rules::all() {
        let doc = unindent_doc(r.doc_en);
        if let Some(ex) = doc_section(&doc, "Failing example").and_then(code_block) {
            out.push((format!("{} failing example", r.code), ex.to_string()));
        }
    }
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    for dir in [root.to_string(), format!("{root}/broken")] {
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        for p in names {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    for n in [50, 150, 400] {
        for seed in 1..=3 {
            out.push((
                format!("generated {n} nodes, seed {seed}"),
                archlint_core::gen::design(n, seed),
            ));
        }
    }
    out
}

type Key = (&'static str, Option<String>);

fn key(f: &Finding) -> Key {
    (f.rule.code, f.target.clone())
}

fn tally(fs: &[Finding], sev: Option<Severity>) -> BTreeMap<Key, usize> {
    let mut m = BTreeMap::new();
    for f in fs {
        if sev.is_none_or(|s| f.severity == s) {
            *m.entry(key(f)).or_insert(0) += 1;
        }
    }
    m
}

fn lint_text(text: &str) -> Vec<Finding> {
    let loaded = lint::load(text, &Limits::DEFAULT).expect("loads");
    lint::lint(&loaded, &LintOptions::default()).findings
}

#[test]
fn every_fix_removes_its_finding_and_adds_no_error() {
    let mut exercised: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, text) in inputs() {
        let loaded = lint::load(&text, &Limits::DEFAULT).expect("input loads");
        let mut cx = Ctx::new(&loaded.design);
        let report = lint::lint_with_ctx(&loaded, &mut cx, &LintOptions::default());
        let before = tally(&report.findings, None);
        let before_err = tally(&report.findings, Some(Severity::Error));
        for f in &report.findings {
            let Some(fx) = fix::fix_for(&cx, f) else {
                continue;
            };
            let what = format!("{name}: {} on {:?} at {}", f.rule.code, f.target, f.pointer);
            let edits = match fix::resolve(&text, &loaded.tree, &fx.edits) {
                Ok(e) if !e.is_empty() => e,
                // The fix does not apply to this text (a rename onto a key that is there).
                Err(fix::ResolveError::Exists) => continue,
                other => {
                    failures.push(format!("{what}: fix does not resolve: {other:?}"));
                    continue;
                }
            };
            let fixed = fix::apply(&text, &edits);
            if lint::load(&fixed, &Limits::DEFAULT).is_err() {
                failures.push(format!("{what}: fixed text does not load:\n{fixed}"));
                continue;
            }
            let after_fs = lint_text(&fixed);
            let after = tally(&after_fs, None);
            let k = key(f);
            if after.get(&k).copied().unwrap_or(0) >= before[&k] {
                failures.push(format!(
                    "{what}: the finding is still there after `{}`",
                    fx.title.en
                ));
            }
            for (ek, n) in tally(&after_fs, Some(Severity::Error)) {
                if n > before_err.get(&ek).copied().unwrap_or(0) {
                    failures.push(format!("{what}: `{}` adds the error {ek:?}", fx.title.en));
                }
            }
            let e = exercised.entry(f.rule.code).or_insert((0, 0));
            match fx.safety {
                Safety::Safe => e.0 += 1,
                Safety::Unsafe => e.1 += 1,
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    for r in rules::all() {
        if r.fix.is_some() {
            assert!(
                exercised.contains_key(r.code),
                "{} has a fix that no input exercises",
                r.code
            );
        }
    }
    eprintln!("fixes exercised (safe, unsafe) per rule: {exercised:?}");
}

#[test]
fn fix_text_reaches_a_fixed_point_deterministically() {
    for (name, text) in inputs() {
        for unsafe_too in [false, true] {
            let a = fix::fix_text(&text, &Limits::DEFAULT, &LintOptions::default(), unsafe_too)
                .expect("loads");
            let b = fix::fix_text(&text, &Limits::DEFAULT, &LintOptions::default(), unsafe_too)
                .expect("loads");
            assert_eq!(a, b, "{name}: two runs differ");
            assert!(
                a.rounds < fix::MAX_ROUNDS,
                "{name}: no fixed point in {} rounds",
                a.rounds
            );
            // Nothing fixable of the chosen kind is left.
            let loaded = lint::load(&a.text, &Limits::DEFAULT).expect("fixed text loads");
            let mut cx = Ctx::new(&loaded.design);
            let report = lint::lint_with_ctx(&loaded, &mut cx, &LintOptions::default());
            for (f, r) in
                report
                    .findings
                    .iter()
                    .zip(fix::resolve_all(&loaded, &cx, &report.findings))
            {
                if let Some(r) = r {
                    assert!(
                        r.fix.safety == Safety::Unsafe && !unsafe_too,
                        "{name} (unsafe: {unsafe_too}): {} on {:?} still offers `{}` after {} rounds",
                        f.rule.code,
                        f.target,
                        r.fix.title.en,
                        a.rounds
                    );
                }
            }
            // Errors never grow.
            let errs = |t: &str| {
                lint_text(t)
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count()
            };
            assert!(errs(&a.text) <= errs(&text), "{name}: fixing added errors");
        }
    }
}

#[test]
fn every_rule_says_what_its_fix_does_or_why_it_has_none() {
    for r in rules::all() {
        let (en, zh) = (r.fix_note.en, r.fix_note.zh);
        assert!(!en.is_empty() && !zh.is_empty(), "{}: no fix note", r.code);
        let kind = en.split(':').next().unwrap_or("");
        match r.fix {
            Some(_) => assert!(
                kind == "safe" || kind == "unsafe" || kind == "safe or unsafe",
                "{}: a rule with a fix starts its note with `safe:` or `unsafe:`: {en}",
                r.code
            ),
            None => assert!(
                kind == "none",
                "{}: a rule without a fix starts its note with `none:`: {en}",
                r.code
            ),
        }
    }
}
