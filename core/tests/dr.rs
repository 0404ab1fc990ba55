//! Edge cases of the DR rules (disaster recovery).

mod common;

use archlint_core::Finding;

fn findings(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

/// (target, pointer) of every finding of `code`.
fn hits(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    findings(text, code)
        .into_iter()
        .map(|f| (f.target, f.pointer))
        .collect()
}

fn t(id: &str, ptr: &str) -> (Option<String>, String) {
    (Some(id.to_string()), ptr.to_string())
}

fn design(level: &str, nodes: &str, links: &str) -> String {
    format!(
        r#"{{ "archlint": 1, "dr": "{level}",
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }},
               {{ "id": "qd", "network": "classic", "role": "dr", "zones": [ {{ "id": "qd-a" }} ] }} ],
  "nodes": [ {nodes} ],
  "links": [ {links} ] }}"#
    )
}

const TWO: &str = "two-region";
const THREE: &str = "two-region-three-center";
const SAME: &str = "same-city";

// ---------------------------------------------------------------- DR001

#[test]
fn dr001_only_for_two_region_levels() {
    let nodes = r#"{ "id": "db", "kind": "rds", "region": "hz" }"#;
    assert_eq!(
        hits(&design(TWO, nodes, ""), "DR001"),
        [t("db", "/nodes/0")]
    );
    assert_eq!(
        hits(&design(THREE, nodes, ""), "DR001"),
        [t("db", "/nodes/0")]
    );
    assert!(hits(&design(SAME, nodes, ""), "DR001").is_empty());
    // `dr` absent is same-city.
    let text = design(TWO, nodes, "").replace(r#""dr": "two-region","#, "");
    assert!(hits(&text, "DR001").is_empty());
}

#[test]
fn dr001_copy_must_be_in_a_dr_region() {
    let in_dr = r#"{ "id": "db", "kind": "rds", "region": "hz" },
                   { "id": "db-qd", "kind": "rds", "region": "qd", "replica_of": "db" }"#;
    assert!(hits(&design(TWO, in_dr, ""), "DR001").is_empty());
    let in_primary = r#"{ "id": "db", "kind": "rds", "region": "hz" },
                        { "id": "db-2", "kind": "rds", "region": "hz", "replica_of": "db" }"#;
    assert_eq!(
        hits(&design(TWO, in_primary, ""), "DR001"),
        [t("db", "/nodes/0")]
    );
    let f = &findings(&design(TWO, in_primary, ""), "DR001")[0];
    assert!(f.message.en.contains("`db`") && f.message.en.contains("`hz`"));
    assert!(f.help.en.contains("`qd`") && f.help.en.contains(r#""replica_of": "db""#));
}

#[test]
fn dr001_cascaded_copy_counts() {
    // production → same-city copy → remote copy (two-region, three centres).
    let nodes = r#"{ "id": "db", "kind": "rds", "region": "hz" },
                   { "id": "db-2", "kind": "rds", "region": "hz", "replica_of": "db" },
                   { "id": "db-3", "kind": "rds", "region": "qd", "replica_of": "db-2" }"#;
    assert!(hits(&design(THREE, nodes, ""), "DR001").is_empty());
    let broken = nodes.replace(r#""region": "qd""#, r#""region": "hz""#);
    assert_eq!(
        hits(&design(THREE, &broken, ""), "DR001"),
        [t("db", "/nodes/0")]
    );
}

#[test]
fn dr001_unknown_never_triggers() {
    // An RDS of unknown region is not judged; a copy of unknown region may be remote.
    let nodes = r#"{ "id": "db", "kind": "rds" },
                   { "id": "db2", "kind": "rds", "region": "hz" },
                   { "id": "db2-copy", "kind": "rds", "replica_of": "db2" }"#;
    assert!(hits(&design(TWO, nodes, ""), "DR001").is_empty());
    // A copy whose `replica_of` names nothing is still a copy, not an original.
    let nodes = r#"{ "id": "c", "kind": "rds", "region": "hz", "replica_of": "nothing" },
                   { "id": "o", "kind": "rds", "region": "hz" }"#;
    assert_eq!(hits(&design(TWO, nodes, ""), "DR001"), [t("o", "/nodes/1")]);
}

#[test]
fn dr001_ignores_non_rds_and_dr_region_rds() {
    let nodes = r#"{ "id": "db", "kind": "rds", "region": "hz" },
                   { "id": "e", "kind": "oss", "region": "qd", "replica_of": "db" },
                   { "id": "dr-db", "kind": "rds", "region": "qd" }"#;
    // The oss cannot carry replica_of (DF006) and is no copy; the dr-region RDS needs none.
    assert_eq!(
        hits(&design(TWO, nodes, ""), "DR001"),
        [t("db", "/nodes/0")]
    );
}

#[test]
fn dr001_cycles_terminate() {
    let nodes = r#"{ "id": "a", "kind": "rds", "region": "hz", "replica_of": "b" },
                   { "id": "b", "kind": "rds", "region": "hz", "replica_of": "a" },
                   { "id": "s", "kind": "rds", "region": "hz", "replica_of": "s" },
                   { "id": "o", "kind": "rds", "region": "hz" }"#;
    assert_eq!(hits(&design(TWO, nodes, ""), "DR001"), [t("o", "/nodes/3")]);
}

#[test]
fn dr001_long_chain_is_fast() {
    let mut nodes = String::from(r#"{ "id": "db0", "kind": "rds", "region": "hz" }"#);
    for i in 1..3000 {
        let region = if i == 2999 { "qd" } else { "hz" };
        nodes.push_str(&format!(
            r#", {{ "id": "db{i}", "kind": "rds", "region": "{region}", "replica_of": "db{}" }}"#,
            i - 1
        ));
    }
    assert!(hits(&design(TWO, &nodes, ""), "DR001").is_empty());
    let local = nodes.replace(r#""region": "qd""#, r#""region": "hz""#);
    assert_eq!(
        hits(&design(TWO, &local, ""), "DR001"),
        [t("db0", "/nodes/0")]
    );
}

// ---------------------------------------------------------------- DR002

const PUBLIC_WEB: &str = r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
    { "id": "slb", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"] }"#;
const FROM_INTERNET: &str = r#"{ "from": "internet", "to": "slb", "port": 80 }"#;

#[test]
fn dr002_public_module_without_dr_instances() {
    let text = design(TWO, PUBLIC_WEB, FROM_INTERNET);
    // One finding per module, at the first backend's `module` field.
    assert_eq!(hits(&text, "DR002"), [t("web-1", "/nodes/0/module")]);
    let f = &findings(&text, "DR002")[0];
    assert!(f.message.en.contains("`web`") && f.message.en.contains("`slb`"));
    assert!(f.help.en.contains("`qd`"));
    assert!(hits(&design(SAME, PUBLIC_WEB, FROM_INTERNET), "DR002").is_empty());
}

#[test]
fn dr002_dr_instance_must_be_behind_an_slb() {
    let behind = format!(
        r#"{PUBLIC_WEB}, {{ "id": "web-qd", "kind": "ecs", "module": "web", "zone": "qd-a" }},
        {{ "id": "slb-qd", "kind": "slb", "region": "qd", "backends": ["web-qd"] }}"#
    );
    assert!(hits(&design(TWO, &behind, FROM_INTERNET), "DR002").is_empty());
    let bare = format!(
        r#"{PUBLIC_WEB}, {{ "id": "web-qd", "kind": "ecs", "module": "web", "zone": "qd-a" }}"#
    );
    assert_eq!(
        hits(&design(TWO, &bare, FROM_INTERNET), "DR002"),
        [t("web-1", "/nodes/0/module")]
    );
    let other_module = format!(
        r#"{PUBLIC_WEB}, {{ "id": "api-qd", "kind": "ecs", "module": "api", "zone": "qd-a" }},
        {{ "id": "slb-qd", "kind": "slb", "region": "qd", "backends": ["api-qd"] }}"#
    );
    assert_eq!(
        hits(&design(TWO, &other_module, FROM_INTERNET), "DR002"),
        [t("web-1", "/nodes/0/module")]
    );
}

#[test]
fn dr002_needs_a_flow_from_the_internet() {
    assert!(hits(&design(TWO, PUBLIC_WEB, ""), "DR002").is_empty());
    // Any flow from the internet counts, whatever the SLB's scope.
    let private = PUBLIC_WEB.replace(
        r#""region": "hz","#,
        r#""region": "hz", "scope": "private","#,
    );
    assert_eq!(
        hits(&design(TWO, &private, FROM_INTERNET), "DR002"),
        [t("web-1", "/nodes/0/module")]
    );
}

#[test]
fn dr002_module_defaults_to_the_id() {
    let nodes = r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
                   { "id": "slb", "kind": "slb", "region": "hz", "backends": ["app"] },
                   { "id": "tool", "kind": "ecs", "role": "test", "zone": "hz-b" },
                   { "id": "slb2", "kind": "slb", "region": "hz", "backends": ["tool"] }"#;
    let links = r#"{ "from": "internet", "to": "slb" }, { "from": "internet", "to": "slb2" }"#;
    // `tool` is a test instance, not production.
    assert_eq!(
        hits(&design(TWO, nodes, links), "DR002"),
        [t("app", "/nodes/0")]
    );
}

#[test]
fn dr002_unknown_region_never_triggers() {
    let nodes = format!(
        r#"{PUBLIC_WEB}, {{ "id": "web-x", "kind": "ecs", "module": "web", "zone": "nowhere" }},
        {{ "id": "slb-x", "kind": "slb", "region": "qd", "backends": ["web-x"] }}"#
    );
    assert!(hits(&design(TWO, &nodes, FROM_INTERNET), "DR002").is_empty());
    let known = nodes.replace(r#""zone": "nowhere""#, r#""zone": "hz-b""#);
    assert_eq!(
        hits(&design(TWO, &known, FROM_INTERNET), "DR002"),
        [t("web-1", "/nodes/0/module")]
    );
}

#[test]
fn dr002_one_finding_per_module_across_slbs() {
    let nodes = format!(
        r#"{PUBLIC_WEB}, {{ "id": "slb2", "kind": "slb", "region": "hz", "backends": ["web-2"] }}"#
    );
    let links = r#"{ "from": "internet", "to": "slb" }, { "from": "internet", "to": "slb2" }"#;
    assert_eq!(
        hits(&design(TWO, &nodes, links), "DR002"),
        [t("web-1", "/nodes/0/module")]
    );
}

// ---------------------------------------------------------------- DR003

#[test]
fn dr003_one_design_wide_finding() {
    let none = design(TWO, r#"{ "id": "db", "kind": "rds", "region": "hz" }"#, "");
    assert_eq!(hits(&none, "DR003"), [(None, String::new())]);
    let off = design(
        TWO,
        r#"{ "id": "d1", "kind": "dns", "failover": false }, { "id": "d2", "kind": "dns" }"#,
        "",
    );
    assert_eq!(
        hits(&off, "DR003"),
        [(None, "/nodes/0/failover".to_string())]
    );
    let absent = design(TWO, r#"{ "id": "d2", "kind": "dns" }"#, "");
    assert_eq!(hits(&absent, "DR003"), [(None, "/nodes/0".to_string())]);
    let f = &findings(&absent, "DR003")[0];
    assert!(f.message.en.contains("`two-region`") && f.help.en.contains("`d2`"));
}

#[test]
fn dr003_one_failover_dns_is_enough() {
    let ok = design(
        THREE,
        r#"{ "id": "d1", "kind": "dns", "failover": false }, { "id": "d2", "kind": "dns", "failover": true }"#,
        "",
    );
    assert!(hits(&ok, "DR003").is_empty());
    let off = ok.replace("true", "false");
    assert_eq!(
        hits(&off, "DR003"),
        [(None, "/nodes/0/failover".to_string())]
    );
    assert!(hits(&design(SAME, "", ""), "DR003").is_empty());
}

// ---------------------------------------------------------------- DR004

#[test]
fn dr004_no_dr_region() {
    let text = design(TWO, "", "").replace(r#""role": "dr", "#, "");
    assert_eq!(hits(&text, "DR004"), [(None, "/dr".to_string())]);
    assert!(hits(&design(TWO, "", ""), "DR004").is_empty());
    let same_city = design(SAME, "", "").replace(r#""role": "dr", "#, "");
    assert!(hits(&same_city, "DR004").is_empty());
}

#[test]
fn dr004_copy_in_its_primarys_region() {
    let nodes = r#"{ "id": "db", "kind": "rds", "region": "hz" },
                   { "id": "db-copy", "kind": "rds", "region": "hz", "replica_of": "db" },
                   { "id": "db-remote", "kind": "rds", "region": "qd", "replica_of": "db" },
                   { "id": "db-unknown", "kind": "rds", "replica_of": "db" },
                   { "id": "self", "kind": "rds", "region": "hz", "replica_of": "self" }"#;
    assert_eq!(
        hits(&design(TWO, nodes, ""), "DR004"),
        [t("db-copy", "/nodes/1/replica_of")]
    );
    let f = &findings(&design(TWO, nodes, ""), "DR004")[0];
    assert!(f.message.en.contains("`db`") && f.message.en.contains("`hz`"));
    assert!(hits(&design(SAME, nodes, ""), "DR004").is_empty());
}

// ---------------------------------------------------------------- DR005

#[test]
fn dr005_bucket_without_replication() {
    let nodes = r#"{ "id": "files", "kind": "oss", "region": "hz" },
                   { "id": "files-qd", "kind": "oss", "region": "qd" },
                   { "id": "nowhere", "kind": "oss" }"#;
    // The dr-region bucket and the bucket of unknown region are not judged.
    assert_eq!(
        hits(&design(TWO, nodes, ""), "DR005"),
        [t("files", "/nodes/0")]
    );
    assert!(hits(&design(SAME, nodes, ""), "DR005").is_empty());
}

#[test]
fn dr005_replication_must_reach_a_dr_region() {
    let direct = r#"{ "id": "a", "kind": "oss", "region": "hz", "replicates_to": "b" },
                    { "id": "b", "kind": "oss", "region": "qd" }"#;
    assert!(hits(&design(TWO, direct, ""), "DR005").is_empty());
    let local = r#"{ "id": "a", "kind": "oss", "region": "hz", "replicates_to": "b" },
                   { "id": "b", "kind": "oss", "region": "hz" }"#;
    assert_eq!(
        hits(&design(TWO, local, ""), "DR005"),
        [t("a", "/nodes/0/replicates_to"), t("b", "/nodes/1")]
    );
    let cascade = r#"{ "id": "a", "kind": "oss", "region": "hz", "replicates_to": "b" },
                     { "id": "b", "kind": "oss", "region": "hz", "replicates_to": "c" },
                     { "id": "c", "kind": "oss", "region": "qd" }"#;
    assert!(hits(&design(THREE, cascade, ""), "DR005").is_empty());
}

#[test]
fn dr005_unknown_targets_never_trigger() {
    let nodes = r#"{ "id": "a", "kind": "oss", "region": "hz", "replicates_to": "ghost" },
                   { "id": "b", "kind": "oss", "region": "hz", "replicates_to": "c" },
                   { "id": "c", "kind": "oss" },
                   { "id": "d", "kind": "oss", "region": "hz", "replicates_to": "db" },
                   { "id": "db", "kind": "rds", "region": "hz" },
                   { "id": "z", "kind": "oss", "region": "hz" }"#;
    assert_eq!(hits(&design(TWO, nodes, ""), "DR005"), [t("z", "/nodes/5")]);
}

#[test]
fn dr005_cycles_terminate() {
    let nodes = r#"{ "id": "a", "kind": "oss", "region": "hz", "replicates_to": "b" },
                   { "id": "b", "kind": "oss", "region": "hz", "replicates_to": "a" },
                   { "id": "s", "kind": "oss", "region": "hz", "replicates_to": "s" },
                   { "id": "x", "kind": "oss", "region": "hz", "replicates_to": "y" },
                   { "id": "y", "kind": "oss", "region": "qd", "replicates_to": "x" }"#;
    assert_eq!(
        hits(&design(TWO, nodes, ""), "DR005"),
        [
            t("a", "/nodes/0/replicates_to"),
            t("b", "/nodes/1/replicates_to"),
            t("s", "/nodes/2/replicates_to"),
        ]
    );
}

#[test]
fn dr005_long_chain_is_linear() {
    let mut nodes = String::new();
    for i in 0..5000 {
        if i > 0 {
            nodes.push_str(", ");
        }
        let region = if i == 4999 { "qd" } else { "hz" };
        nodes.push_str(&format!(
            r#"{{ "id": "o{i}", "kind": "oss", "region": "{region}", "replicates_to": "o{}" }}"#,
            (i + 1) % 5000
        ));
    }
    assert!(hits(&design(TWO, &nodes, ""), "DR005").is_empty());
    let local = nodes.replace(r#""region": "qd""#, r#""region": "hz""#);
    assert_eq!(hits(&design(TWO, &local, ""), "DR005").len(), 5000);
}
