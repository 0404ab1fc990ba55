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
