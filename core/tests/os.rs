//! Edge cases of the OS rules (object storage exposure).

mod common;

use archlint_core::{check, Limits, LintOptions};

fn hits(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    common::targets_of(text, code)
}

fn at(target: &str, pointer: &str) -> (Option<String>, String) {
    (Some(target.to_string()), pointer.to_string())
}

/// Six buckets: every network (absent = internal) × ACL (absent = private) combination that
/// matters, in this order:
/// 0 internal(default) public-read, 1 internal public-read-write, 2 internal private,
/// 3 external public-read, 4 external public-read-write, 5 external (default private).
fn buckets(links: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }} ] }} ],
  "nodes": [
    {{ "id": "b0", "kind": "oss", "region": "hz", "acl": "public-read" }},
    {{ "id": "b1", "kind": "oss", "region": "hz", "network": "internal", "acl": "public-read-write" }},
    {{ "id": "b2", "kind": "oss", "region": "hz", "network": "internal" }},
    {{ "id": "b3", "kind": "oss", "region": "hz", "network": "external", "acl": "public-read" }},
    {{ "id": "b4", "kind": "oss", "region": "hz", "network": "external", "acl": "public-read-write" }},
    {{ "id": "b5", "kind": "oss", "region": "hz", "network": "external" }},
    {{ "id": "app", "kind": "ecs", "zone": "hz-b" }} ],
  "links": [ {links} ] }}"#
    )
}

#[test]
fn os001_internal_buckets_with_a_public_acl() {
    assert_eq!(
        hits(&buckets(""), "OS001"),
        vec![at("b0", "/nodes/0/acl"), at("b1", "/nodes/1/acl")]
    );
}

#[test]
fn os002_any_world_writable_bucket() {
    let t = buckets("");
    assert_eq!(
        hits(&t, "OS002"),
        vec![at("b1", "/nodes/1/acl"), at("b4", "/nodes/4/acl")]
    );
    let r = check(&t, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    let msgs: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.code == "OS002")
        .map(|f| f.message.en.clone())
        .collect();
    assert!(msgs[0].contains("tenant") && msgs[1].contains("internet"));
}

#[test]
fn os003_internet_links_to_internal_buckets_only() {
    let t = buckets(
        r#"{ "from": "internet", "to": "b5", "port": 443 },
           { "from": "internet", "to": "b0", "port": 443 },
           { "from": "app", "to": "b2", "port": 443 },
           { "from": "internet", "to": "b2" },
           { "from": "internet", "to": "b3", "port": 80 }"#,
    );
    assert_eq!(
        hits(&t, "OS003"),
        vec![at("b0", "/links/1"), at("b2", "/links/3")]
    );
}

#[test]
fn os004_external_public_read_only() {
    assert_eq!(hits(&buckets(""), "OS004"), vec![at("b3", "/nodes/3/acl")]);
}

#[test]
fn os_rules_ignore_invalid_values() {
    // an ACL outside the enumeration (DF005) is read as absent, i.e. the default `private`
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "x", "kind": "oss", "region": "hz", "acl": "public" },
             { "id": "y", "kind": "oss", "region": "hz", "acl": "public-read-write" } ] }"#;
    assert_eq!(hits(t, "OS001"), vec![at("y", "/nodes/1/acl")]);
    assert_eq!(hits(t, "OS002"), vec![at("y", "/nodes/1/acl")]);
}

// ---------- OS005 ----------

/// Buckets in a primary region `hz` and a `dr` region `qd`, at DR level `dr`.
fn zoned(dr: &str) -> String {
    format!(
        r#"{{ "archlint": 1, "dr": "{dr}",
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }},
               {{ "id": "qd", "network": "classic", "role": "dr", "zones": [ {{ "id": "qd-a" }} ] }} ],
  "nodes": [
    {{ "id": "lrs", "kind": "oss", "region": "hz", "redundancy": "lrs", "replicates_to": "dr-copy" }},
    {{ "id": "zrs", "kind": "oss", "region": "hz", "redundancy": "zrs", "replicates_to": "dr-copy" }},
    {{ "id": "unsaid", "kind": "oss", "region": "hz", "replicates_to": "dr-copy" }},
    {{ "id": "nowhere", "kind": "oss", "redundancy": "lrs" }},
    {{ "id": "bad", "kind": "oss", "region": "hz", "redundancy": "grs" }},
    {{ "id": "dr-copy", "kind": "oss", "region": "qd", "redundancy": "lrs" }} ] }}"#
    )
}

#[test]
fn os005_lrs_in_the_primary_region_of_a_three_centre_design() {
    let t = zoned("two-region-three-center");
    assert_eq!(hits(&t, "OS005"), vec![at("lrs", "/nodes/0/redundancy")]);
    let r = check(&t, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    let f = r.findings.iter().find(|f| f.rule.code == "OS005").unwrap();
    assert_eq!(f.severity.name(), "warning");
    assert!(f.help.en.contains("\"zrs\""), "{}", f.help.en);
    // An unknown value is DF005's, and unknown to OS005.
    assert_eq!(hits(&t, "DF005"), vec![at("bad", "/nodes/4/redundancy")]);
}

#[test]
fn os005_is_silent_at_the_other_dr_levels() {
    for dr in ["same-city", "two-region"] {
        assert_eq!(hits(&zoned(dr), "OS005"), vec![], "{dr}");
    }
}
