//! Edge cases of the DB rules (managed database access).

mod common;
use common::{apply_fix, fixable, swap};

use archlint_core::{check, Limits, LintOptions};

/// (target, pointer) of every finding of `code`, in report order.
fn hits(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    common::targets_of(text, code)
}

fn one(target: &str, pointer: &str) -> Vec<(Option<String>, String)> {
    vec![(Some(target.to_string()), pointer.to_string())]
}

fn messages(text: &str, code: &str) -> Vec<(String, String)> {
    let r = check(text, &Limits::DEFAULT, &LintOptions::default()).expect("design loads");
    r.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .map(|f| (f.message.en.clone(), f.message.zh.clone()))
        .collect()
}

const CLASSIC: &str =
    r#""regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ]"#;

fn classic(nodes: &str, links: &str) -> String {
    format!(r#"{{ "archlint": 1, {CLASSIC}, "nodes": [ {nodes} ], "links": [ {links} ] }}"#)
}

// ---------- DB001 ----------

#[test]
fn db001_public_true_points_at_the_field() {
    let t = classic(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "public": true }"#,
        "",
    );
    assert_eq!(hits(&t, "DB001"), one("db", "/nodes/0/public"));
    let (en, zh) = &messages(&t, "DB001")[0];
    assert!(en.contains("`db`") && zh.contains("`db`"));
}

#[test]
fn db001_public_false_or_absent_is_fine() {
    for f in [r#", "public": false"#, ""] {
        let t = classic(
            &format!(r#"{{ "id": "db", "kind": "rds", "region": "hz"{f} }}"#),
            "",
        );
        assert!(hits(&t, "DB001").is_empty(), "{f}");
    }
    let t = classic(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "public": true }"#,
        "",
    );
    assert_eq!(hits(&t, "DB001").len(), 1);
}

#[test]
fn db001_one_finding_per_internet_link() {
    let t = classic(
        r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "public": true }"#,
        r#"{ "from": "app", "to": "db", "port": 3306 },
           { "from": "internet", "to": "db", "port": 3306 },
           { "from": "internet", "to": "db" }"#,
    );
    assert_eq!(
        hits(&t, "DB001"),
        vec![
            (Some("db".into()), "/nodes/1/public".into()),
            (Some("db".into()), "/links/1".into()),
            (Some("db".into()), "/links/2".into()),
        ]
    );
    assert!(messages(&t, "DB001")[1].0.contains("port 3306"));
}

#[test]
fn db001_internet_to_something_else_is_not_its_business() {
    let t = classic(
        r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz" }"#,
        r#"{ "from": "internet", "to": "app", "port": 80 },
           { "from": "internet", "to": "db", "port": 3306 }"#,
    );
    assert_eq!(hits(&t, "DB001"), one("db", "/links/1"));
}

// ---------- DB002 ----------

#[test]
fn db002_whitelist_prefix_boundary_is_24() {
    let t = classic(
        r#"{ "id": "db", "kind": "rds", "region": "hz",
             "whitelist": [ "0.0.0.0/0", "10.0.0.0/23", "10.0.0.0/24", "10.0.1.0/25",
                            "10.0.2.7", "10.0.3.0/32", "10.8.0.0/16" ] }"#,
        "",
    );
    assert_eq!(
        hits(&t, "DB002"),
        vec![
            (Some("db".into()), "/nodes/0/whitelist/0".into()),
            (Some("db".into()), "/nodes/0/whitelist/1".into()),
            (Some("db".into()), "/nodes/0/whitelist/6".into()),
        ]
    );
    let m = messages(&t, "DB002");
    assert!(m[1].0.contains("10.0.0.0/23") && m[1].0.contains("512"));
}

#[test]
fn db002_invalid_address_is_left_to_df003() {
    let t = classic(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "10.0.0.0/33", "300.0.0.0/8", "10.0.0.0/8" ] }"#,
        "",
    );
    assert_eq!(hits(&t, "DB002"), one("db", "/nodes/0/whitelist/2"));
}

#[test]
fn db002_whitelist_nodes_must_be_ecs() {
    let t = classic(
        r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "lb", "kind": "slb", "region": "hz" },
           { "id": "hq", "kind": "idc" },
           { "id": "odd", "kind": "router" },
           { "id": "db", "kind": "rds", "region": "hz",
             "whitelist": [ "app", "lb", "ghost", "odd", "hq" ] }"#,
        "",
    );
    assert_eq!(
        hits(&t, "DB002"),
        vec![
            (Some("db".into()), "/nodes/4/whitelist/1".into()),
            (Some("db".into()), "/nodes/4/whitelist/4".into()),
        ]
    );
    let m = messages(&t, "DB002");
    assert!(m[0].0.contains("`lb`") && m[0].0.contains("slb"));
}

#[test]
fn db002_links_from_non_ecs_nodes() {
    let t = classic(
        r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "hq", "kind": "idc" },
           { "id": "gw", "kind": "apigw", "region": "hz" },
           { "id": "odd", "kind": "router" },
           { "id": "db", "kind": "rds", "region": "hz" }"#,
        r#"{ "from": "app", "to": "db", "port": 3306 },
           { "from": "hq", "to": "db", "port": 3306 },
           { "from": "internet", "to": "db", "port": 3306 },
           { "from": "gw", "to": "db" },
           { "from": "odd", "to": "db" }"#,
    );
    assert_eq!(
        hits(&t, "DB002"),
        vec![
            (Some("db".into()), "/links/1".into()),
            (Some("db".into()), "/links/3".into()),
        ]
    );
}

#[test]
fn db002_slb_backend_flows_are_lb002s() {
    let t = classic(
        r#"{ "id": "lb", "kind": "slb", "region": "hz",
             "listeners": [ { "protocol": "tcp", "port": 3306 } ], "backends": [ "db" ] },
           { "id": "db", "kind": "rds", "region": "hz" }"#,
        r#"{ "from": "lb", "to": "db", "port": 3306 }"#,
    );
    // only the drawn link, not the flow implied by `backends`
    assert_eq!(hits(&t, "DB002"), one("db", "/links/0"));
}

// ---------- DB003 ----------

#[test]
fn db003_client_missing_from_named_whitelist() {
    let t = classic(
        r#"{ "id": "app-1", "kind": "ecs", "zone": "hz-b" },
           { "id": "app-2", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1" ] }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 },
           { "from": "app-2", "to": "db", "port": 3306 },
           { "from": "app-2", "to": "db", "port": 3307 }"#,
    );
    // one finding per ECS and RDS, at the first link
    assert_eq!(hits(&t, "DB003"), one("app-2", "/links/1"));
    let (en, zh) = &messages(&t, "DB003")[0];
    assert!(en.contains("`app-2`") && en.contains("`db`") && zh.contains("`app-2`"));
}

#[test]
fn db003_absent_whitelist_is_unknown_and_empty_one_is_not() {
    let nodes = |wl: &str| {
        format!(
            r#"{{ "id": "app", "kind": "ecs", "zone": "hz-b" }},
               {{ "id": "db", "kind": "rds", "region": "hz"{wl} }}"#
        )
    };
    let link = r#"{ "from": "app", "to": "db", "port": 3306 }"#;
    assert!(hits(&classic(&nodes(""), link), "DB003").is_empty());
    assert_eq!(
        hits(&classic(&nodes(r#", "whitelist": []"#), link), "DB003"),
        one("app", "/links/0")
    );
}

#[test]
fn db003_classic_address_is_unknown_so_any_cidr_may_cover_it() {
    let t = classic(
        r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "192.168.7.7" ] }"#,
        r#"{ "from": "app", "to": "db", "port": 3306 }"#,
    );
    assert!(hits(&t, "DB003").is_empty());
    // an entry that does not parse covers nothing
    let t = classic(
        r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "10.0.0.0/33" ] }"#,
        r#"{ "from": "app", "to": "db", "port": 3306 }"#,
    );
    assert_eq!(hits(&t, "DB003"), one("app", "/links/0"));
}

fn vpc(whitelist: &str, vsw_cidr: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "bj", "network": "vpc", "zones": [ {{ "id": "bj-a" }} ] }} ],
  "vpcs": [ {{ "id": "v", "region": "bj", "cidr": "10.1.0.0/16",
              "vswitches": [ {{ "id": "vs", "zone": "bj-a"{vsw_cidr} }} ] }} ],
  "nodes": [ {{ "id": "app", "kind": "ecs", "vswitch": "vs" }},
             {{ "id": "db", "kind": "rds", "region": "bj", "whitelist": [ {whitelist} ] }} ],
  "links": [ {{ "from": "app", "to": "db", "port": 3306 }} ] }}"#
    )
}

#[test]
fn db003_vpc_address_lies_in_the_vswitch_cidr() {
    let c = r#", "cidr": "10.1.1.0/24""#;
    assert_eq!(
        hits(&vpc(r#""10.1.2.0/24""#, c), "DB003"),
        one("app", "/links/0")
    );
    assert!(messages(&vpc(r#""10.1.2.0/24""#, c), "DB003")[0]
        .0
        .contains("10.1.1.0/24"));
    for covering in [
        r#""10.1.1.128/25""#,
        r#""10.1.0.0/16""#,
        r#""10.1.1.9""#,
        r#""app""#,
    ] {
        assert!(hits(&vpc(covering, c), "DB003").is_empty(), "{covering}");
    }
    // no vSwitch CIDR: the address is unknown
    assert!(hits(&vpc(r#""10.9.0.0/24""#, ""), "DB003").is_empty());
}

#[test]
fn db003_only_ecs_clients_are_checked() {
    let t = classic(
        r#"{ "id": "hq", "kind": "idc" },
           { "id": "app", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [] }"#,
        r#"{ "from": "hq", "to": "db", "port": 3306 },
           { "from": "internet", "to": "db", "port": 3306 },
           { "from": "app", "to": "db", "port": 3306 }"#,
    );
    assert_eq!(hits(&t, "DB003"), one("app", "/links/2"));
}

// ---------- DB004 ----------

#[test]
fn db004_group_rule_naming_an_rds() {
    let t = format!(
        r#"{{ "archlint": 1, {CLASSIC},
  "security_groups": [ {{ "id": "sg-app", "rules": [
      {{ "ports": "22", "from": "sg:sg-app" }},
      {{ "ports": "8080", "from": "app" }},
      {{ "ports": "8080", "from": "10.0.0.0/8" }},
      {{ "ports": "8080", "from": "db" }},
      {{ "ports": "8080", "from": "ghost" }} ] }} ],
  "nodes": [ {{ "id": "app", "kind": "ecs", "zone": "hz-b", "security_groups": [ "sg-app" ] }},
             {{ "id": "db", "kind": "rds", "region": "hz" }} ] }}"#
    );
    assert_eq!(
        hits(&t, "DB004"),
        one("sg-app", "/security_groups/0/rules/3/from")
    );
}

#[test]
fn db004_rds_listing_security_groups() {
    let t = format!(
        r#"{{ "archlint": 1, {CLASSIC},
  "security_groups": [ {{ "id": "sg-a", "rules": [] }}, {{ "id": "sg-b", "rules": [] }} ],
  "nodes": [ {{ "id": "db", "kind": "rds", "region": "hz", "security_groups": [ "sg-a", "sg-b" ] }},
             {{ "id": "db2", "kind": "rds", "region": "hz", "security_groups": [] }},
             {{ "id": "app", "kind": "ecs", "zone": "hz-b", "security_groups": [ "sg-a" ] }} ] }}"#
    );
    assert_eq!(hits(&t, "DB004"), one("db", "/nodes/0/security_groups"));
    let (en, _) = &messages(&t, "DB004")[0];
    assert!(en.contains("`sg-a`, `sg-b`"));
}

// ---------- DB005 ----------

/// A primary region `hz` (zones `hz-b`, `hz-c`), a one-zone primary region `sz` (`sz-a`), a
/// `dr` region `qd` (`qd-a`, `qd-b`), and the given nodes.
fn regions3(nodes: &str) -> String {
    format!(
        r#"{{ "archlint": 1, "regions": [
  {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }},
  {{ "id": "sz", "network": "classic", "zones": [ {{ "id": "sz-a" }} ] }},
  {{ "id": "qd", "network": "classic", "role": "dr", "zones": [ {{ "id": "qd-a" }}, {{ "id": "qd-b" }} ] }} ],
  "nodes": [ {nodes} ] }}"#
    )
}

#[test]
fn db005_basic_category_fires_whatever_the_zones() {
    let t = regions3(
        r#"{ "id": "a", "kind": "rds", "region": "hz", "category": "basic" },
           { "id": "b", "kind": "rds", "region": "hz", "category": "basic", "zones": [ "hz-b", "hz-c" ] },
           { "id": "c", "kind": "rds", "region": "sz", "category": "basic" },
           { "id": "d", "kind": "rds", "category": "basic" }"#,
    );
    assert_eq!(
        hits(&t, "DB005"),
        vec![
            (Some("a".into()), "/nodes/0/category".into()),
            (Some("b".into()), "/nodes/1/category".into()),
            (Some("c".into()), "/nodes/2/category".into()),
            (Some("d".into()), "/nodes/3/category".into()),
        ]
    );
    let m = messages(&t, "DB005");
    assert!(
        m[0].0.contains("`basic`") && m[0].1.contains("基础版"),
        "{m:?}"
    );
}

#[test]
fn db005_one_zone_fires_only_when_the_region_has_another() {
    let t = regions3(
        r#"{ "id": "one", "kind": "rds", "region": "hz", "category": "high-availability", "zones": [ "hz-b" ] },
           { "id": "twice", "kind": "rds", "region": "hz", "zones": [ "hz-c", "hz-c" ] },
           { "id": "two", "kind": "rds", "region": "hz", "zones": [ "hz-b", "hz-c" ] },
           { "id": "empty", "kind": "rds", "region": "hz", "zones": [] },
           { "id": "absent", "kind": "rds", "region": "hz", "category": "finance" },
           { "id": "lonely", "kind": "rds", "region": "sz", "zones": [ "sz-a" ] },
           { "id": "unknown-zone", "kind": "rds", "region": "hz", "zones": [ "hz-x" ] },
           { "id": "other-region", "kind": "rds", "region": "hz", "zones": [ "sz-a" ] },
           { "id": "no-region", "kind": "rds", "zones": [ "hz-b" ] }"#,
    );
    assert_eq!(
        hits(&t, "DB005"),
        vec![
            (Some("one".into()), "/nodes/0/zones".into()),
            (Some("twice".into()), "/nodes/1/zones".into()),
        ]
    );
    let m = messages(&t, "DB005");
    assert!(
        m[0].0.contains("zone `hz-b` only") && m[0].0.contains("`hz-c`"),
        "{}",
        m[0].0
    );
    assert!(m[0].1.contains("`hz-c`"), "{}", m[0].1);
}

#[test]
fn db005_leaves_the_dr_copy_alone() {
    let t = regions3(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "category": "high-availability", "zones": [ "hz-b", "hz-c" ] },
           { "id": "db-dr", "kind": "rds", "region": "qd", "category": "basic", "replica_of": "db" },
           { "id": "db-dr2", "kind": "rds", "region": "qd", "zones": [ "qd-a" ], "replica_of": "db" }"#,
    );
    assert_eq!(hits(&t, "DB005"), vec![]);
}

#[test]
fn db005_new_fields_are_validated_by_the_df_rules() {
    let t = regions3(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "category": "ha", "zones": [ "hz-b", "hz-q", 3 ] },
           { "id": "db2", "kind": "rds", "region": "hz", "catgory": "basic", "zones": "hz-b" }"#,
    );
    assert_eq!(
        hits(&t, "DF005"),
        vec![
            (Some("db".into()), "/nodes/0/category".into()),
            (Some("db".into()), "/nodes/0/zones/2".into()),
            (Some("db2".into()), "/nodes/1/zones".into()),
        ]
    );
    assert_eq!(
        hits(&t, "DF001"),
        vec![(Some("db".into()), "/nodes/0/zones/1".into())]
    );
    let f = common::findings_of(&t, "DF006");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].pointer, "/nodes/1/catgory");
    assert!(f[0].help.en.contains("category"), "{}", f[0].help.en);
    // None of it is DB005's: the values are unknown.
    assert_eq!(hits(&t, "DB005"), vec![]);
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

#[test]
fn db001_fix_removes_the_public_endpoint() {
    let t = classic(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "public": true }"#,
        r#"{ "from": "internet", "to": "db", "port": 3306 }"#,
    );
    let (safety, title, out) = apply_fix("DB001", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "remove \"public\": true from RDS `db`");
    assert_eq!(
        out,
        swap(
            &t,
            r#""region": "hz", "public": true }"#,
            r#""region": "hz" }"#
        )
    );
    // The link from the internet is left: which tier takes it is the design's choice.
    assert_eq!(hits(&out, "DB001"), one("db", "/links/0"));
    assert!(!fixable("DB001", &out));
}

#[test]
fn db002_fix_narrows_a_wide_block_to_the_ecs_it_admitted() {
    let t = common::vpc_with(
        "",
        r#"{ "id": "app-1", "kind": "ecs", "vswitch": "vsw-a" },
           { "id": "app-2", "kind": "ecs", "vswitch": "vsw-b" },
           { "id": "app-3", "kind": "ecs", "vswitch": "vsw-b" },
           { "id": "db", "kind": "rds", "region": "sh", "whitelist": [ "10.0.0.0/16", "app-3" ] }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 },
           { "from": "app-2", "to": "db", "port": 3306 },
           { "from": "app-3", "to": "db", "port": 3306 }"#,
    );
    let (safety, title, out) = apply_fix("DB002", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "replace `10.0.0.0/16` in the whitelist of `db` with the ECS that connect to it: `app-1`, `app-2`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"[ "10.0.0.0/16", "app-3" ]"#,
            r#"[ "app-3", "app-1", "app-2" ]"#
        )
    );
    assert!(hits(&out, "DB002").is_empty());
    assert!(hits(&out, "DB003").is_empty());
}

#[test]
fn db002_fix_of_a_whitelist_of_one_block() {
    let t = classic(
        r#"{ "id": "app-1", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "0.0.0.0/0" ] }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 }"#,
    );
    let (_, _, out) = apply_fix("DB002", &t);
    assert_eq!(
        out,
        swap(
            &t,
            r#""whitelist": [ "0.0.0.0/0" ]"#,
            r#""whitelist": ["app-1"]"#
        )
    );
    // Nobody is drawn as a client: whom the block is for is not known.
    let t = classic(
        r#"{ "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "0.0.0.0/0" ] }"#,
        "",
    );
    assert!(!fixable("DB002", &t));
}

#[test]
fn db002_fix_removes_an_entry_that_is_not_an_ecs() {
    let t = classic(
        r#"{ "id": "office", "kind": "idc" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "10.1.2.0/24", "office" ] }"#,
        "",
    );
    let (safety, title, out) = apply_fix("DB002", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "remove `office` from the whitelist of `db`");
    assert_eq!(
        out,
        swap(&t, r#"[ "10.1.2.0/24", "office" ]"#, r#"[ "10.1.2.0/24" ]"#)
    );
    assert!(hits(&out, "DB002").is_empty());
}

#[test]
fn db003_fix_adds_the_client_to_the_whitelist() {
    let t = classic(
        r#"{ "id": "app-1", "kind": "ecs", "zone": "hz-b" },
           { "id": "app-2", "kind": "ecs", "zone": "hz-b" },
           { "id": "db", "kind": "rds", "region": "hz", "whitelist": [ "app-1" ] }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 },
           { "from": "app-2", "to": "db", "port": 3306 }"#,
    );
    let (safety, title, out) = apply_fix("DB003", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add `app-2` to the whitelist of `db` (it may then connect to the database)"
    );
    assert_eq!(out, swap(&t, r#"[ "app-1" ]"#, r#"[ "app-1", "app-2" ]"#));
    assert!(hits(&out, "DB003").is_empty());
}

#[test]
fn db004_fix_removes_the_rule_and_the_groups() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "security_groups": [ { "id": "sg-app", "rules": [ { "ports": "22", "from": "10.0.0.1" },
                                                    { "ports": "8080", "from": "db" } ] } ],
  "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b", "security_groups": [ "sg-app" ] },
             { "id": "db", "kind": "rds", "region": "hz", "security_groups": [ "sg-app" ] } ] }"#;
    let (safety, title, out) = apply_fix("DB004", t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "remove the rule of `sg-app` whose source is RDS `db`"
    );
    assert_eq!(
        out,
        swap(
            t,
            r#",
                                                    { "ports": "8080", "from": "db" }"#,
            ""
        )
    );
    let (safety, title, out) = apply_fix("DB004", &out);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "remove \"security_groups\" from RDS `db`");
    assert!(out.contains(r#"{ "id": "db", "kind": "rds", "region": "hz" }"#));
    assert!(hits(&out, "DB004").is_empty());
    // A link drawn from the RDS to a member matches the rule by its id: it stays.
    let linked = t
        .replace(r#", "security_groups": [ "sg-app" ] } ] }"#, " } ],")
        .replace(
            r#"{ "id": "db", "kind": "rds", "region": "hz" } ],"#,
            r#"{ "id": "db", "kind": "rds", "region": "hz" } ],
  "links": [ { "from": "db", "to": "app-1", "port": 8080 } ] }"#,
        );
    assert_eq!(hits(&linked, "DB004").len(), 1);
    assert!(!fixable("DB004", &linked));
}

fn db005_design(zones: &str, rds: &str, links: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {zones} ] }} ],
  "nodes": [ {{ "id": "app-1", "kind": "ecs", "zone": "hz-d" }},
             {rds} ],
  "links": [ {links} ] }}"#
    )
}

#[test]
fn db005_fix_buys_a_standby_in_another_zone() {
    let three = r#"{ "id": "hz-b" }, { "id": "hz-c" }, { "id": "hz-d" }"#;
    // Basic: the category changes; with a single zone the standby goes to the clients' zone.
    let t = db005_design(
        three,
        r#"{ "id": "db", "kind": "rds", "region": "hz", "category": "basic", "zones": [ "hz-b" ] }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 }"#,
    );
    let (safety, title, out) = apply_fix("DB005", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "make RDS `db` \"high-availability\", with its standby in zone `hz-d` (a standby costs more)"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#""category": "basic", "zones": [ "hz-b" ]"#,
            r#""category": "high-availability", "zones": [ "hz-b", "hz-d" ]"#
        )
    );
    assert!(hits(&out, "DB005").is_empty());
    // A single zone only.
    let t = db005_design(
        three,
        r#"{ "id": "db", "kind": "rds", "region": "hz", "zones": [ "hz-b" ] }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 }"#,
    );
    let (_, title, out) = apply_fix("DB005", &t);
    assert_eq!(title, "put the standby of RDS `db` in zone `hz-d`");
    assert_eq!(
        out,
        swap(
            &t,
            r#""zones": [ "hz-b" ]"#,
            r#""zones": [ "hz-b", "hz-d" ]"#
        )
    );
    // Three zones and no client to follow: no guess.
    assert!(!fixable(
        "DB005",
        &db005_design(
            three,
            r#"{ "id": "db", "kind": "rds", "region": "hz", "zones": [ "hz-b" ] }"#,
            ""
        )
    ));
    // Basic without zones: the category only.
    let t = db005_design(
        three,
        r#"{ "id": "db", "kind": "rds", "region": "hz", "category": "basic" }"#,
        "",
    );
    let (_, _, out) = apply_fix("DB005", &t);
    assert_eq!(out, swap(&t, r#""basic""#, r#""high-availability""#));
}
