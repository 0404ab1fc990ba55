//! Edge cases of the AG rules (API gateway).

mod common;
use common::{apply_fix, fixable, swap};

use archlint_core::{check, Limits, LintOptions};

fn hits(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    common::targets_of(text, code)
}

fn at(target: &str, pointer: &str) -> (Option<String>, String) {
    (Some(target.to_string()), pointer.to_string())
}

const DESIGN: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [
    { "id": "g0", "kind": "apigw", "region": "hz", "auth": "none", "rate_limit": false },
    { "id": "g1", "kind": "apigw", "region": "hz", "auth": "jwt", "rate_limit": true },
    { "id": "g2", "kind": "apigw", "region": "hz" },
    { "id": "g3", "kind": "apigw", "region": "hz", "auth": "aksk", "rate_limit": false },
    { "id": "g4", "kind": "apigw", "region": "hz", "auth": "basic" },
    { "id": "g5", "kind": "apigw", "region": "hz", "auth": "NONE", "rate_limit": "no" },
    { "id": "g6", "kind": "apigw", "region": "hz", "auth": "none" } ] }"#;

#[test]
fn ag001_auth_none_only() {
    // absent (g2) and invalid values (g5: reported by DF005) are unknown
    assert_eq!(
        hits(DESIGN, "AG001"),
        vec![at("g0", "/nodes/0/auth"), at("g6", "/nodes/6/auth")]
    );
}

#[test]
fn ag002_rate_limit_false_only() {
    // absent (g2, g4, g6) and a non-boolean (g5) never trigger
    assert_eq!(
        hits(DESIGN, "AG002"),
        vec![
            at("g0", "/nodes/0/rate_limit"),
            at("g3", "/nodes/3/rate_limit")
        ]
    );
}

#[test]
fn ag_messages_name_the_gateway_in_both_languages() {
    let r = check(DESIGN, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    for f in r.findings.iter().filter(|f| f.rule.family() == "AG") {
        let id = f.target.as_deref().unwrap();
        let tick = format!("`{id}`");
        assert!(f.message.en.contains(&tick) && f.message.zh.contains(&tick));
        assert!(f.help.en.contains(&tick) && f.help.zh.contains(&tick));
    }
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule.family() == "AG")
            .count(),
        4
    );
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

#[test]
fn ag002_fix_turns_flow_control_on() {
    let (safety, title, out) = apply_fix("AG002", DESIGN);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "set \"rate_limit\": true on API gateway `g0`");
    assert_eq!(
        out,
        swap(
            DESIGN,
            r#""auth": "none", "rate_limit": false }"#,
            r#""auth": "none", "rate_limit": true }"#
        )
    );
    assert!(!hits(&out, "AG002")
        .iter()
        .any(|(g, _)| g.as_deref() == Some("g0")));
    // AG001 has none: which authentication fits is the API's choice.
    assert!(!fixable("AG001", DESIGN));
}
