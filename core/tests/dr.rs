//! Edge cases of the DR rules (disaster recovery).

mod common;
use common::fixed;

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

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;
use archlint_core::{Limits, LintOptions, Severity};

/// The text with `added` written after `after` (which must occur once).
fn with_after(text: &str, after: &str, added: &str) -> String {
    assert_eq!(text.matches(after).count(), 1, "{after}");
    text.replace(after, &format!("{after}{added}"))
}

const DNS: &str = r#"{ "id": "dns", "kind": "dns", "failover": true }"#;

#[test]
fn dr001_fix_adds_a_replica_in_the_dr_region() {
    let text = design(
        TWO,
        &format!(
            r#"{{ "id": "db", "kind": "rds", "region": "hz", "engine": "postgresql", "category": "high-availability", "storage_gb": 200, "whitelist": ["app"] }},
             {DNS}"#
        ),
        "",
    );
    let (safety, title, out) = fixed(&text, "DR001").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add RDS `db-qd` in DR region `qd` as the disaster-recovery copy of `db`"
    );
    assert_eq!(
        out,
        with_after(
            &text,
            DNS,
            r#",
             { "id": "db-qd", "kind": "rds", "region": "qd", "engine": "postgresql", "category": "high-availability", "storage_gb": 200, "replica_of": "db" }"#
        )
    );
    assert!(findings(&out, "DR001").is_empty());
    // Two DR regions: which one is a choice.
    let two = text.replace(
        r#"{ "id": "qd-a" } ] }"#,
        r#"{ "id": "qd-a" } ] }, { "id": "sh", "role": "dr", "zones": [ { "id": "sh-a" } ] }"#,
    );
    assert_eq!(findings(&two, "DR001").len(), 1);
    assert!(fixed(&two, "DR001").is_none());
}

#[test]
fn dr001_and_dr004_fixes_move_the_copy_made_in_the_primary_region() {
    let text = design(
        THREE,
        &format!(
            r#"{{ "id": "app", "kind": "ecs", "zone": "hz-b" }},
             {{ "id": "db", "kind": "rds", "region": "hz", "zones": ["hz-b", "hz-c"] }},
             {{ "id": "db-copy", "kind": "rds", "region": "hz", "zones": ["hz-c"], "whitelist": ["app", "10.1.0.0/24"], "replica_of": "db" }},
             {DNS}"#
        ),
        "",
    );
    let moved = text.replace(
        r#""region": "hz", "zones": ["hz-c"], "whitelist": ["app", "10.1.0.0/24"]"#,
        r#""region": "qd", "whitelist": ["10.1.0.0/24"]"#,
    );
    for code in ["DR001", "DR004"] {
        let (safety, title, out) = fixed(&text, code).unwrap();
        assert_eq!(safety, Safety::Unsafe);
        assert_eq!(
            title,
            "move RDS `db-copy` to DR region `qd`, and take the clients of other regions out of its whitelist"
        );
        assert_eq!(out, moved, "{code}");
    }
    for code in ["DR001", "DR004", "ZN003", "DF001"] {
        assert!(findings(&moved, code).is_empty(), "{code}");
    }
    // A copy used from the primary region stays: DR004 has no fix, DR001 adds a replica.
    let used = text.replace(
        r#""links": [  ]"#,
        r#""links": [ { "from": "app", "to": "db-copy", "port": 5432 } ]"#,
    );
    assert!(fixed(&used, "DR004").is_none());
    assert!(fixed(&used, "DR001")
        .unwrap()
        .1
        .starts_with("add RDS `db-qd`"));
}

#[test]
fn dr002_fix_adds_two_instances_behind_a_new_slb() {
    let groups = r#"{ "id": "sg-web", "rules": [ { "protocol": "tcp", "ports": "80", "from": "slb-web" } ] }"#;
    let text = format!(
        r#"{{ "archlint": 1, "dr": "two-region",
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }},
               {{ "id": "qd", "network": "classic", "role": "dr", "zones": [ {{ "id": "qd-a" }}, {{ "id": "qd-b" }} ] }} ],
  "security_groups": [ {groups} ],
  "nodes": [ {{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "cpu": 2, "security_groups": ["sg-web"], "listens": [80] }},
             {{ "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "cpu": 2, "security_groups": ["sg-web"], "listens": [80] }},
             {{ "id": "slb-web", "kind": "slb", "region": "hz", "listeners": [ {{ "protocol": "http", "port": 80, "sticky": true, "health_check": {{ "protocol": "http", "path": "/" }} }} ], "backends": ["web-1", "web-2"] }},
             {DNS} ],
  "links": [ {{ "from": "internet", "to": "slb-web", "port": 80 }} ] }}"#
    );
    let before = findings_all(&text);
    let (safety, title, out) = fixed(&text, "DR002").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add ECS `web-qd-1`, `web-qd-2` of module `web` in DR region `qd`, behind a new SLB `slb-web-qd` like `slb-web`"
    );
    let out_want = with_after(
        &with_after(
            &text,
            r#""from": "slb-web" }"#,
            r#", { "protocol": "tcp", "ports": "80", "from": "slb-web-qd" }"#,
        ),
        DNS,
        r#",
             { "id": "web-qd-1", "kind": "ecs", "zone": "qd-a", "role": "app", "module": "web", "cpu": 2, "os": "linux", "security_groups": ["sg-web"], "listens": [80] },
             { "id": "web-qd-2", "kind": "ecs", "zone": "qd-b", "role": "app", "module": "web", "cpu": 2, "os": "linux", "security_groups": ["sg-web"], "listens": [80] },
             { "id": "slb-web-qd", "kind": "slb", "region": "qd", "listeners": [{ "protocol": "http", "port": 80, "sticky": true, "health_check": { "protocol": "http", "path": "/" } }], "backends": ["web-qd-1", "web-qd-2"] }"#,
    );
    assert_eq!(out, out_want);
    assert!(findings(&out, "DR002").is_empty());
    // Nothing new above info: the copies are admitted, balanced and behind two backends.
    let after = findings_all(&out);
    for f in &after {
        assert!(
            f.severity == Severity::Info
                || before
                    .iter()
                    .any(|b| b.rule.code == f.rule.code && b.target == f.target),
            "new finding {} on {:?}: {}",
            f.rule.code,
            f.target,
            f.message.en
        );
    }
}

fn findings_all(text: &str) -> Vec<Finding> {
    archlint_core::check(text, &Limits::DEFAULT, &LintOptions::default())
        .unwrap()
        .findings
}

#[test]
fn dr002_fix_in_a_vpc_takes_a_vswitch_of_the_same_tier() {
    let text = r#"{ "archlint": 1, "dr": "two-region",
  "regions": [ { "id": "sh", "network": "vpc", "zones": [ { "id": "sh-a" } ] },
               { "id": "bj", "network": "vpc", "role": "dr", "zones": [ { "id": "bj-a" }, { "id": "bj-b" } ] } ],
  "vpcs": [ { "id": "v1", "region": "sh", "cidr": "10.0.0.0/16", "vswitches": [ { "id": "sw-sh", "zone": "sh-a", "cidr": "10.0.1.0/24", "tier": "dmz" } ] },
            { "id": "v2", "region": "bj", "cidr": "10.1.0.0/16", "vswitches": [
                { "id": "sw-bj-in", "zone": "bj-a", "cidr": "10.1.0.0/24", "tier": "intranet" },
                { "id": "sw-bj-dmz", "zone": "bj-b", "cidr": "10.1.1.0/24", "tier": "dmz" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "vswitch": "sw-sh" },
             { "id": "slb-web", "kind": "slb", "region": "sh", "backends": ["web-1"] },
             { "id": "dns", "kind": "dns", "failover": true } ],
  "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }"#;
    let (_, _, out) = fixed(text, "DR002").unwrap();
    assert!(
        out.contains(r#"{ "id": "web-bj-1", "kind": "ecs", "vswitch": "sw-bj-dmz","#),
        "{out}"
    );
    assert!(
        out.contains(r#"{ "id": "web-bj-2", "kind": "ecs", "vswitch": "sw-bj-dmz","#),
        "{out}"
    );
    assert!(findings(&out, "DR002").is_empty());
    // No vSwitch of that tier in the DR region: where the copies go is a choice.
    let none = text.replace(
        r#""tier": "dmz" } ] } ]"#,
        r#""tier": "management" } ] } ]"#,
    );
    assert_eq!(findings(&none, "DR002").len(), 1);
    assert!(fixed(&none, "DR002").is_none());
}

#[test]
fn dr003_fix_switches_failover_on_or_adds_a_dns_node() {
    let text = design(
        TWO,
        r#"{ "id": "dns", "kind": "dns", "failover": false }"#,
        "",
    );
    let (safety, title, out) = fixed(&text, "DR003").unwrap();
    assert_eq!(
        (safety, title.as_str()),
        (Safety::Safe, "set \"failover\": true on `dns`")
    );
    assert_eq!(
        out,
        text.replace("\"failover\": false", "\"failover\": true")
    );
    let text = design(TWO, r#"{ "id": "d1", "kind": "dns" }"#, "");
    let (_, _, out) = fixed(&text, "DR003").unwrap();
    assert_eq!(
        out,
        text.replace(r#""kind": "dns" }"#, r#""kind": "dns", "failover": true }"#)
    );
    let text = design(TWO, r#"{ "id": "dns", "kind": "idc" }"#, "");
    let (safety, title, out) = fixed(&text, "DR003").unwrap();
    assert_eq!(
        (safety, title.as_str()),
        (
            Safety::Unsafe,
            "add DNS node `dns-2` with \"failover\": true"
        )
    );
    assert_eq!(
        out,
        with_after(
            &text,
            r#""kind": "idc" }"#,
            r#", { "id": "dns-2", "kind": "dns", "failover": true }"#
        )
    );
    assert!(findings(&out, "DR003").is_empty());
}

#[test]
fn dr004_without_a_dr_region_has_no_fix() {
    let text = r#"{ "archlint": 1, "dr": "two-region",
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
               { "id": "qd", "network": "classic", "zones": [ { "id": "qd-a" } ] } ],
  "nodes": [ { "id": "dns", "kind": "dns", "failover": true } ] }"#;
    assert_eq!(findings(text, "DR004").len(), 1);
    assert!(fixed(text, "DR004").is_none());
}

#[test]
fn dr005_fix_replicates_the_end_of_the_chain() {
    let text = design(
        THREE,
        &format!(
            r#"{{ "id": "files", "kind": "oss", "region": "hz", "replicates_to": "files-b" }},
             {{ "id": "files-b", "kind": "oss", "region": "hz" }},
             {DNS}"#
        ),
        "",
    );
    assert_eq!(findings(&text, "DR005").len(), 2);
    // Both findings get the same fix: the same-city copy replicates on to the DR region.
    let (safety, title, out) = fixed(&text, "DR005").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add bucket `files-b-qd` in DR region `qd` and replicate `files-b` to it"
    );
    let want = with_after(
        &text.replace(
            r#"{ "id": "files-b", "kind": "oss", "region": "hz" }"#,
            r#"{ "id": "files-b", "kind": "oss", "region": "hz", "replicates_to": "files-b-qd" }"#,
        ),
        DNS,
        r#",
             { "id": "files-b-qd", "kind": "oss", "region": "qd" }"#,
    );
    assert_eq!(out, want);
    assert!(findings(&out, "DR005").is_empty());
    // A cycle: where to cut it is a choice.
    let cycle = text.replace(
        r#""id": "files-b", "kind": "oss", "region": "hz""#,
        r#""id": "files-b", "kind": "oss", "region": "hz", "replicates_to": "files""#,
    );
    assert_eq!(findings(&cycle, "DR005").len(), 2);
    assert!(fixed(&cycle, "DR005").is_none());
}

#[test]
fn every_dr_rule_says_what_its_fix_does_or_why_it_has_none() {
    for r in archlint_core::rules::all().filter(|r| r.family() == "DR") {
        let (en, zh) = (r.fix_note.en, r.fix_note.zh);
        let (want_en, want_zh) = match r.fix {
            Some(_) if en.starts_with("safe or unsafe: ") => ("safe or unsafe: ", "安全或不安全："),
            Some(_) if en.starts_with("safe: ") => ("safe: ", "安全："),
            Some(_) => ("unsafe: ", "不安全："),
            None => ("none: ", "无："),
        };
        assert!(
            en.starts_with(want_en) && zh.starts_with(want_zh),
            "{}: {en} / {zh}",
            r.code
        );
    }
}
