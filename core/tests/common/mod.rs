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

/// The JSON of the example in `shared/spec/design-format.md` ("the recommended
/// classic-network architecture"), which the spec says must lint clean.
pub fn spec_example() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/spec/design-format.md"
    );
    let spec = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("cannot read {path}: the spec must sit beside the checkout"));
    let start = spec
        .find("## Example: the recommended classic-network architecture")
        .and_then(|i| spec[i..].find("```json").map(|j| i + j + 7))
        .expect("example in the format page");
    let end = spec[start..]
        .find("```")
        .map(|j| start + j)
        .expect("end of the example");
    spec[start..end].to_string()
}

/// (target, pointer) of findings, borrowed.
pub fn at(fs: &[Finding]) -> Vec<(Option<&str>, &str)> {
    fs.iter()
        .map(|f| (f.target.as_deref(), f.pointer.as_str()))
        .collect()
}

/// A design with a primary classic region `hz` (zones `hz-b`, `hz-c`) and a classic `dr`
/// region (zone `dr-a`), and the given groups, nodes and links.
pub fn classic_with(groups: &str, nodes: &str, links: &str) -> String {
    with_parts(
        r#"{"archlint":1,"regions":[{"id":"hz","network":"classic","zones":[{"id":"hz-b"},{"id":"hz-c"}]},
        {"id":"dr","network":"classic","role":"dr","zones":[{"id":"dr-a"}]}],"#,
        groups,
        nodes,
        links,
    )
}

/// A VPC design in region `sh`: vSwitches `vsw-mgmt` 10.0.1.0/24 (sh-a), `vsw-a` 10.0.2.0/24
/// (sh-a), `vsw-b` 10.0.3.0/24 (sh-b); and the given groups, nodes and links.
pub fn vpc_with(groups: &str, nodes: &str, links: &str) -> String {
    with_parts(
        r#"{"archlint":1,"regions":[{"id":"sh","network":"vpc","zones":[{"id":"sh-a"},{"id":"sh-b"}]}],
        "vpcs":[{"id":"vpc1","region":"sh","cidr":"10.0.0.0/16","vswitches":[
          {"id":"vsw-mgmt","zone":"sh-a","cidr":"10.0.1.0/24"},
          {"id":"vsw-a","zone":"sh-a","cidr":"10.0.2.0/24"},
          {"id":"vsw-b","zone":"sh-b","cidr":"10.0.3.0/24"}]}],"#,
        groups,
        nodes,
        links,
    )
}

/// `head` (the design up to its security groups) followed by the groups, nodes and links.
fn with_parts(head: &str, groups: &str, nodes: &str, links: &str) -> String {
    format!(r#"{head}"security_groups":[{groups}],"nodes":[{nodes}],"links":[{links}]}}"#)
}

/// (target or "", pointer) of every finding of rule `code`, in report order.
pub fn pairs_of(text: &str, code: &str) -> Vec<(String, String)> {
    findings_of(text, code)
        .into_iter()
        .map(|f| (f.target.unwrap_or_default(), f.pointer))
        .collect()
}

/// An expected (target, pointer) pair.
pub fn pair(target: &str, pointer: &str) -> (String, String) {
    (target.to_string(), pointer.to_string())
}

// ---------------------------------------------------------------- fixes

/// A fix applied alone: its safety, its English title and the fixed text.
pub type Applied = (archlint_core::fix::Safety, String, String);

/// The fix of the first finding `pick` chooses that offers one, applied alone (`None` when
/// none of them offers a fix). The fix must resolve against the text.
pub fn fix_where(text: &str, pick: impl Fn(&Finding) -> bool) -> Option<Applied> {
    use archlint_core::{fix, index::Ctx, lint};
    let loaded = lint::load(text, &Limits::DEFAULT).expect("design loads");
    let mut cx = Ctx::new(&loaded.design);
    let report = lint::lint_with_ctx(&loaded, &mut cx, &LintOptions::default());
    report.findings.iter().filter(|f| pick(f)).find_map(|f| {
        let fx = fix::fix_for(&cx, f)?;
        let edits = fix::resolve(text, &loaded.tree, &fx.edits).expect("the fix resolves");
        Some((fx.safety, fx.title.en, fix::apply(text, &edits)))
    })
}

/// The fix of the first finding of `code` that offers one, applied alone (`None` when no
/// finding of `code` offers a fix).
pub fn fixed(text: &str, code: &str) -> Option<Applied> {
    fix_where(text, |f| f.rule.code == code)
}

/// The fix of the finding of `code` at `ptr` (which must be reported), applied alone.
pub fn fixed_at(text: &str, code: &str, ptr: &str) -> Option<Applied> {
    assert!(
        findings_of(text, code).iter().any(|f| f.pointer == ptr),
        "no {code} at {ptr}"
    );
    fix_where(text, |f| f.rule.code == code && f.pointer == ptr)
}

/// [`fixed`] for a finding that must offer a fix, whose result must load.
pub fn apply_fix(code: &str, text: &str) -> Applied {
    let done = fixed(text, code).unwrap_or_else(|| panic!("no finding of {code} offers a fix"));
    archlint_core::lint::load(&done.2, &Limits::DEFAULT).expect("the fixed design loads");
    done
}

/// Whether some finding of `code` offers a fix.
pub fn fixable(code: &str, text: &str) -> bool {
    use archlint_core::{fix, index::Ctx, lint};
    let loaded = lint::load(text, &Limits::DEFAULT).expect("design loads");
    let mut cx = Ctx::new(&loaded.design);
    let report = lint::lint_with_ctx(&loaded, &mut cx, &LintOptions::default());
    report
        .findings
        .iter()
        .any(|f| f.rule.code == code && fix::fix_for(&cx, f).is_some())
}

/// `t` with the one occurrence of `from` replaced by `to`: the expected text of a fix.
pub fn swap(t: &str, from: &str, to: &str) -> String {
    assert_eq!(t.matches(from).count(), 1, "`{from}` occurs once");
    t.replacen(from, to, 1)
}
