//! Edge cases of the OS rules (object storage exposure).

mod common;
use common::{apply_fix, fixable, swap};

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

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

#[test]
fn os001_os002_os004_fix_makes_the_bucket_private() {
    let t = buckets("");
    for (code, bucket, acl) in [
        ("OS001", "b0", "public-read"),
        ("OS002", "b1", "public-read-write"),
        ("OS004", "b3", "public-read"),
    ] {
        let (safety, title, out) = apply_fix(code, &t);
        assert_eq!(safety, Safety::Safe);
        assert_eq!(
            title,
            format!("set \"acl\": \"private\" on bucket `{bucket}`")
        );
        let from = format!(r#""id": "{bucket}", "#);
        let line = t.lines().find(|l| l.contains(&from)).unwrap();
        let fixed = line.replace(&format!(r#""acl": "{acl}""#), r#""acl": "private""#);
        assert_eq!(out, swap(&t, line, &fixed), "{code}");
        assert!(!hits(&out, code)
            .iter()
            .any(|(b, _)| b.as_deref() == Some(bucket)));
    }
}

#[test]
fn os005_fix_makes_the_bucket_zone_redundant() {
    let t = r#"{ "archlint": 1, "dr": "two-region-three-center",
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
               { "id": "qd", "network": "classic", "role": "dr", "zones": [ { "id": "qd-a" } ] } ],
  "nodes": [ { "id": "files", "kind": "oss", "region": "hz", "redundancy": "lrs" } ] }"#;
    let (safety, title, out) = apply_fix("OS005", t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "set \"redundancy\": \"zrs\" on bucket `files` (zone-redundant storage costs more)"
    );
    assert_eq!(out, swap(t, r#""lrs""#, r#""zrs""#));
    assert!(hits(&out, "OS005").is_empty());
}

#[test]
fn os003_has_no_fix() {
    let t = buckets(r#"{ "from": "internet", "to": "b2" }"#);
    assert_eq!(hits(&t, "OS003").len(), 1);
    assert!(!fixable("OS003", &t));
}
