//! Edge cases of the ZN rules (zone placement).

mod common;
use common::{apply_fix, fixable};

use archlint_core::{check, Finding, Limits, LintOptions};

fn run(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

use common::{pair, pairs_of as at};

/// Classic regions: `hz` (hz-b, hz-c, hz-d), `one` (a single zone one-a), `sh` (sh-a, sh-b).
fn design(nodes: &str, links: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic",
                  "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }}, {{ "id": "hz-d" }} ] }},
               {{ "id": "one", "network": "classic", "zones": [ {{ "id": "one-a" }} ] }},
               {{ "id": "sh", "network": "classic", "zones": [ {{ "id": "sh-a" }}, {{ "id": "sh-b" }} ] }} ],
  "nodes": [ {nodes} ],
  "links": [ {links} ] }}"#
    )
}

fn ecs(id: &str, module: &str, zone: &str) -> String {
    format!(r#"{{ "id": "{id}", "kind": "ecs", "module": "{module}", "zone": "{zone}" }}"#)
}

fn nodes(list: &[String]) -> String {
    list.join(",\n")
}

// ---------------------------------------------------------------- ZN001

#[test]
fn zn001_module_in_one_zone_of_a_multi_zone_region() {
    let n = nodes(&[
        ecs("a-1", "a", "hz-c"),
        ecs("a-2", "a", "hz-c"),
        ecs("a-3", "a", "hz-c"),
        // one zone only in its region: nothing to spread to
        ecs("b-1", "b", "one-a"),
        ecs("b-2", "b", "one-a"),
        // a single instance is HA001's concern
        ecs("c-1", "c", "hz-b"),
        // already spread
        ecs("d-1", "d", "sh-a"),
        ecs("d-2", "d", "sh-b"),
    ]);
    let t = design(&n, "");
    assert_eq!(at(&t, "ZN001"), vec![pair("a-1", "/nodes/0/zone")]);
    let f = &run(&t, "ZN001")[0];
    assert!(f.message.en.contains("`hz-c`"), "{}", f.message.en);
    assert!(f.message.en.contains("`hz-b`, `hz-d`"), "{}", f.message.en);
    assert!(f.message.en.contains("3 instances"), "{}", f.message.en);
    assert!(f.message.zh.contains("`hz-b`、`hz-d`"), "{}", f.message.zh);
}

#[test]
fn zn001_unknown_zone_keeps_the_module_from_being_reported() {
    let n = nodes(&[
        ecs("a-1", "a", "hz-c"),
        r#"{ "id": "a-2", "kind": "ecs", "module": "a" }"#.to_string(),
        ecs("a-3", "a", "nowhere"),
    ]);
    assert_eq!(at(&design(&n, ""), "ZN001"), vec![]);
    // Control: with the unknown ones placed in the same zone, it is reported.
    let n = nodes(&[
        ecs("a-1", "a", "hz-c"),
        ecs("a-2", "a", "hz-c"),
        ecs("a-3", "a", "hz-c"),
    ]);
    assert_eq!(
        at(&design(&n, ""), "ZN001"),
        vec![pair("a-1", "/nodes/0/zone")]
    );
}

#[test]
fn zn001_points_at_the_vswitch_in_a_vpc_and_ignores_duplicate_zones() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "vpc", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
               { "id": "bj", "network": "vpc", "zones": [ { "id": "bj-a" }, { "id": "bj-a" } ] } ],
  "vpcs": [ { "id": "v", "region": "hz", "cidr": "10.0.0.0/16",
              "vswitches": [ { "id": "s1", "zone": "hz-b", "cidr": "10.0.1.0/24" },
                             { "id": "s2", "zone": "hz-c", "cidr": "10.0.2.0/24" } ] },
            { "id": "w", "region": "bj", "cidr": "10.1.0.0/16",
              "vswitches": [ { "id": "t1", "zone": "bj-a", "cidr": "10.1.1.0/24" } ] } ],
  "nodes": [ { "id": "a-1", "kind": "ecs", "module": "a", "vswitch": "s1" },
             { "id": "a-2", "kind": "ecs", "module": "a", "vswitch": "s1" },
             { "id": "b-1", "kind": "ecs", "module": "b", "vswitch": "t1" },
             { "id": "b-2", "kind": "ecs", "module": "b", "vswitch": "t1" } ] }"#;
    assert_eq!(at(t, "ZN001"), vec![pair("a-1", "/nodes/0/vswitch")]);
}

// ---------------------------------------------------------------- ZN002

#[test]
fn zn002_three_to_one_is_reported_at_the_crowded_zone() {
    let n = nodes(&[
        ecs("w-1", "w", "sh-b"),
        ecs("w-2", "w", "sh-a"),
        ecs("w-3", "w", "sh-a"),
        ecs("w-4", "w", "sh-a"),
    ]);
    let t = design(&n, "");
    assert_eq!(at(&t, "ZN002"), vec![pair("w-2", "/nodes/1/zone")]);
    let f = &run(&t, "ZN002")[0];
    assert!(
        f.message.en.contains("`sh-a` 3, `sh-b` 1"),
        "{}",
        f.message.en
    );
    assert!(f.message.en.contains("differ by 2"), "{}", f.message.en);
    assert!(f.help.en.contains("from `sh-a` to `sh-b`"), "{}", f.help.en);
}

#[test]
fn zn002_a_difference_of_one_is_fine() {
    let n = nodes(&[
        ecs("w-1", "w", "sh-a"),
        ecs("w-2", "w", "sh-a"),
        ecs("w-3", "w", "sh-b"),
    ]);
    assert_eq!(at(&design(&n, ""), "ZN002"), vec![]);
    // Control: one more in sh-a makes it 3 to 1.
    let n = format!("{n},\n{}", ecs("w-4", "w", "sh-a"));
    assert_eq!(
        at(&design(&n, ""), "ZN002"),
        vec![pair("w-1", "/nodes/0/zone")]
    );
}

#[test]
fn zn002_empty_zones_count_only_when_two_zones_are_used() {
    // 2 / 2 / 0 over hz's three zones: the empty hz-d counts.
    let n = nodes(&[
        ecs("w-1", "w", "hz-b"),
        ecs("w-2", "w", "hz-b"),
        ecs("w-3", "w", "hz-c"),
        ecs("w-4", "w", "hz-c"),
        // 2 in one zone of hz: ZN001, not ZN002.
        ecs("x-1", "x", "hz-b"),
        ecs("x-2", "x", "hz-b"),
        // 1 / 1 / 0: within one.
        ecs("y-1", "y", "hz-b"),
        ecs("y-2", "y", "hz-d"),
    ]);
    let t = design(&n, "");
    assert_eq!(at(&t, "ZN002"), vec![pair("w-1", "/nodes/0/zone")]);
    let f = &run(&t, "ZN002")[0];
    assert!(
        f.message.en.contains("`hz-b` 2, `hz-c` 2, `hz-d` 0"),
        "{}",
        f.message.en
    );
    assert!(f.help.en.contains("to `hz-d`"), "{}", f.help.en);
    assert_eq!(at(&t, "ZN001"), vec![pair("x-1", "/nodes/4/zone")]);
}

#[test]
fn zn002_instances_with_unknown_zones_are_left_out() {
    let n = nodes(&[
        ecs("w-1", "w", "sh-a"),
        ecs("w-2", "w", "sh-b"),
        ecs("w-3", "w", "atlantis"),
        ecs("w-4", "w", "atlantis"),
        r#"{ "id": "w-5", "kind": "ecs", "module": "w" }"#.to_string(),
    ]);
    assert_eq!(at(&design(&n, ""), "ZN002"), vec![]);
    // Control: the same two placed in sh-a make it 3 to 1.
    let n = n.replace("atlantis", "sh-a");
    assert_eq!(
        at(&design(&n, ""), "ZN002"),
        vec![pair("w-1", "/nodes/0/zone")]
    );
}

// ---------------------------------------------------------------- ZN003

#[test]
fn zn003_slb_backend_in_another_region() {
    let n = nodes(&[
        ecs("w-1", "w", "hz-b"),
        ecs("w-2", "w", "sh-a"),
        r#"{ "id": "slb", "kind": "slb", "region": "hz", "backends": ["w-1", "w-2", "ghost"] }"#
            .to_string(),
        r#"{ "id": "slb2", "kind": "slb", "backends": ["w-2"] }"#.to_string(),
    ]);
    let t = design(&n, "");
    assert_eq!(at(&t, "ZN003"), vec![pair("slb", "/nodes/2/backends/1")]);
    let f = &run(&t, "ZN003")[0];
    assert!(f.message.en.contains("`hz`") && f.message.en.contains("`sh`"));
    assert!(f.message.en.contains("`w-2`"), "{}", f.message.en);
}

#[test]
fn zn003_rds_whitelist_and_links_from_another_region() {
    let n = nodes(&[
        ecs("a", "a", "hz-b"),
        ecs("b", "b", "sh-a"),
        r#"{ "id": "idc", "kind": "idc" }"#.to_string(),
        r#"{ "id": "lost", "kind": "ecs" }"#.to_string(),
        r#"{ "id": "db", "kind": "rds", "region": "hz",
             "whitelist": ["a", "b", "10.0.0.0/8", "idc", "lost"] }"#
            .to_string(),
    ]);
    let links = r#"{ "from": "a", "to": "db", "port": 3306 },
        { "from": "b", "to": "db", "port": 3306 },
        { "from": "idc", "to": "db", "port": 3306 },
        { "from": "lost", "to": "db", "port": 3306 },
        { "from": "internet", "to": "db", "port": 3306 }"#;
    let t = design(&n, links);
    assert_eq!(
        at(&t, "ZN003"),
        vec![pair("db", "/nodes/4/whitelist/1"), pair("db", "/links/1")]
    );
}

#[test]
fn zn003_unknown_rds_region_never_triggers_and_slb_to_rds_is_reported_once() {
    let n = nodes(&[
        ecs("b", "b", "sh-a"),
        r#"{ "id": "db", "kind": "rds", "whitelist": ["b"] }"#.to_string(),
        r#"{ "id": "db2", "kind": "rds", "region": "hz" }"#.to_string(),
        r#"{ "id": "slb", "kind": "slb", "region": "sh", "listeners": [ { "port": 3306 } ],
             "backends": ["db2"] }"#
            .to_string(),
    ]);
    let links = r#"{ "from": "b", "to": "db", "port": 3306 }"#;
    assert_eq!(
        at(&design(&n, links), "ZN003"),
        vec![pair("slb", "/nodes/3/backends/0")]
    );
}

// ---------------------------------------------------------------- ZN004

fn vpc_design(zones: &str, vswitches: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "vpc", "zones": [ {zones} ] }} ],
  "vpcs": [ {{ "id": "v", "region": "hz", "cidr": "10.0.0.0/16", "vswitches": [ {vswitches} ] }} ] }}"#
    )
}

const TWO_ZONES: &str = r#"{ "id": "hz-b" }, { "id": "hz-c" }"#;

#[test]
fn zn004_vswitches_in_one_zone() {
    let one = r#"{ "id": "s1", "zone": "hz-b", "cidr": "10.0.1.0/24" },
                 { "id": "s2", "zone": "hz-b", "cidr": "10.0.2.0/24" }"#;
    let t = vpc_design(TWO_ZONES, one);
    assert_eq!(at(&t, "ZN004"), vec![pair("v", "/vpcs/0/vswitches")]);
    let f = &run(&t, "ZN004")[0];
    assert!(f.message.en.contains("2 vSwitch"), "{}", f.message.en);
    assert!(f.message.en.contains("`hz-c`"), "{}", f.message.en);
    let two = r#"{ "id": "s1", "zone": "hz-b", "cidr": "10.0.1.0/24" },
                 { "id": "s2", "zone": "hz-c", "cidr": "10.0.2.0/24" }"#;
    assert_eq!(at(&vpc_design(TWO_ZONES, two), "ZN004"), vec![]);
}

#[test]
fn zn004_unknown_zones_and_single_zone_regions() {
    // A vSwitch without a known zone is left out: the known one is alone in hz-b.
    let partly = r#"{ "id": "s1", "zone": "hz-b", "cidr": "10.0.1.0/24" },
                    { "id": "s2", "cidr": "10.0.2.0/24" },
                    { "id": "s3", "zone": "mars", "cidr": "10.0.3.0/24" }"#;
    assert_eq!(
        at(&vpc_design(TWO_ZONES, partly), "ZN004"),
        vec![pair("v", "/vpcs/0/vswitches")]
    );
    // No known zone at all, or no vSwitch: nothing is known.
    let none = r#"{ "id": "s2", "cidr": "10.0.2.0/24" }"#;
    assert_eq!(at(&vpc_design(TWO_ZONES, none), "ZN004"), vec![]);
    assert_eq!(at(&vpc_design(TWO_ZONES, ""), "ZN004"), vec![]);
    // A region with one zone: nothing to spread to.
    let one = r#"{ "id": "s1", "zone": "hz-b", "cidr": "10.0.1.0/24" }"#;
    assert_eq!(at(&vpc_design(r#"{ "id": "hz-b" }"#, one), "ZN004"), vec![]);
}

#[test]
fn zn004_unknown_vpc_region_never_triggers() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "vpc", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "vpcs": [ { "id": "v", "cidr": "10.0.0.0/16",
              "vswitches": [ { "id": "s1", "zone": "hz-b", "cidr": "10.0.1.0/24" } ] },
            { "id": "w", "region": "hz", "cidr": "10.1.0.0/16",
              "vswitches": [ { "id": "t1", "zone": "hz-b", "cidr": "10.1.1.0/24" } ] } ] }"#;
    assert_eq!(at(t, "ZN004"), vec![pair("w", "/vpcs/1/vswitches")]);
}

// ---------------------------------------------------------------- all

/// The recommended classic architecture of the format page lints clean for HA, ZN and CP
/// (apart from info findings).
#[test]
fn recommended_architecture_is_clean() {
    let example = common::spec_example();
    let report = check(&example, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    let mine: Vec<_> = report
        .findings
        .iter()
        .filter(|f| ["HA", "ZN", "CP"].contains(&&f.rule.code[..2]))
        .filter(|f| f.severity != archlint_core::Severity::Info)
        .map(|f| (f.rule.code, f.pointer.clone()))
        .collect();
    assert_eq!(mine, vec![]);
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

#[test]
fn zn001_fix_spreads_the_instances_over_every_zone() {
    let t = design(
        &nodes(&[
            ecs("a-1", "a", "hz-c"),
            ecs("a-2", "a", "hz-c"),
            ecs("a-3", "a", "hz-c"),
            ecs("a-4", "a", "hz-c"),
        ]),
        "",
    );
    let (safety, title, out) = apply_fix("ZN001", &t);
    assert_eq!(safety, Safety::Unsafe);
    // hz has three zones: 4 instances go 2 / 1 / 1, the last ones moving.
    assert_eq!(
        title,
        "spread module `a` over its zones: move `a-3` to zone `hz-d`, `a-4` to zone `hz-b`"
    );
    let want = design(
        &nodes(&[
            ecs("a-1", "a", "hz-c"),
            ecs("a-2", "a", "hz-c"),
            ecs("a-3", "a", "hz-d"),
            ecs("a-4", "a", "hz-b"),
        ]),
        "",
    );
    assert_eq!(out, want);
    assert_eq!(at(&out, "ZN001"), vec![]);
    assert_eq!(at(&out, "ZN002"), vec![]);
}

/// A VPC region `sh` whose VPC has an intranet vSwitch in each zone and a DMZ one in sh-a, the
/// given groups and nodes.
fn vpc(groups: &str, nodes: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "sh", "network": "vpc", "zones": [ {{ "id": "sh-a" }}, {{ "id": "sh-b" }} ] }} ],
  "vpcs": [ {{ "id": "vpc1", "region": "sh", "cidr": "10.0.0.0/16", "vswitches": [
    {{ "id": "vsw-a", "zone": "sh-a", "cidr": "10.0.1.0/24", "tier": "intranet" }},
    {{ "id": "vsw-a-dmz", "zone": "sh-a", "cidr": "10.0.2.0/24", "tier": "dmz" }},
    {{ "id": "vsw-b", "zone": "sh-b", "cidr": "10.0.3.0/24", "tier": "intranet" }} ] }} ],
  "security_groups": [ {groups} ],
  "nodes": [ {nodes} ] }}"#
    )
}

#[test]
fn zn001_fix_in_a_vpc_moves_to_a_vswitch_of_the_same_tier() {
    let n = r#"{ "id": "app-1", "kind": "ecs", "module": "app", "vswitch": "vsw-a" },
    { "id": "app-2", "kind": "ecs", "module": "app", "zone": "sh-a", "vswitch": "vsw-a" }"#;
    let t = vpc("", n);
    let (_, title, out) = apply_fix("ZN001", &t);
    assert_eq!(
        title,
        "spread module `app` over its zones: move `app-2` to zone `sh-b` (vSwitch `vsw-b`)"
    );
    // Both of the fields that place it change.
    assert_eq!(
        out,
        t.replace(
            r#""zone": "sh-a", "vswitch": "vsw-a""#,
            r#""zone": "sh-b", "vswitch": "vsw-b""#
        )
    );
    assert_eq!(at(&out, "ZN001"), vec![]);
    // The DMZ vSwitch is not a place for them; nor is a vSwitch whose addresses a rule tells
    // apart from theirs.
    let dmz = n.replace("vsw-a", "vsw-a-dmz");
    assert!(!fixable("ZN001", &vpc("", &dmz)));
    let rule = r#"{ "id": "sg-app", "rules": [ { "ports": "8080", "from": "10.0.1.0/25" } ] }"#;
    assert!(!fixable("ZN001", &vpc(rule, n)));
    let wide = r#"{ "id": "sg-app", "rules": [ { "ports": "8080", "from": "10.0.0.0/16" } ] }"#;
    assert!(fixable("ZN001", &vpc(wide, n)));
}

#[test]
fn zn002_fix_moves_from_the_crowded_zones() {
    let t = design(
        &nodes(&[
            ecs("w-1", "w", "hz-b"),
            ecs("w-2", "w", "hz-b"),
            ecs("w-3", "w", "hz-b"),
            ecs("w-4", "w", "hz-b"),
            ecs("w-5", "w", "hz-c"),
        ]),
        "",
    );
    let (safety, title, out) = apply_fix("ZN002", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "spread module `w` over its zones: move `w-3` to zone `hz-c`, `w-4` to zone `hz-d`"
    );
    let want = design(
        &nodes(&[
            ecs("w-1", "w", "hz-b"),
            ecs("w-2", "w", "hz-b"),
            ecs("w-3", "w", "hz-c"),
            ecs("w-4", "w", "hz-d"),
            ecs("w-5", "w", "hz-c"),
        ]),
        "",
    );
    assert_eq!(out, want);
    assert_eq!(at(&out, "ZN002"), vec![]);
}

#[test]
fn zn002_no_fix_when_a_zone_cannot_take_instances() {
    // Three in sh-a, one in sh-b; a DMZ instance cannot go to sh-b, which has no DMZ vSwitch.
    let ecs = |id: &str, vsw: &str| {
        format!(r#"{{ "id": "{id}", "kind": "ecs", "module": "m", "vswitch": "{vsw}" }}"#)
    };
    let n = [
        ecs("m-1", "vsw-a-dmz"),
        ecs("m-2", "vsw-a-dmz"),
        ecs("m-3", "vsw-a-dmz"),
        ecs("m-4", "vsw-b"),
    ]
    .join(", ");
    assert_eq!(at(&vpc("", &n), "ZN002").len(), 1);
    assert!(!fixable("ZN002", &vpc("", &n)));
    let n = n.replace("vsw-a-dmz", "vsw-a");
    assert!(fixable("ZN002", &vpc("", &n)));
}

#[test]
fn zn004_fix_adds_vswitches_in_the_next_zone_on_free_ranges() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "vpc",
                 "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "vpcs": [ { "id": "vpc-1", "region": "hz", "cidr": "10.0.0.0/16",
              "vswitches": [ { "id": "vsw-b1", "zone": "hz-b", "cidr": "10.0.0.0/24", "tier": "dmz" },
                             { "id": "vsw-b2", "zone": "hz-b", "cidr": "10.0.2.0/23" } ] } ] }"#;
    let (safety, title, out) = apply_fix("ZN004", t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add the vSwitches `vsw-c1`, `vsw-c2` to `vpc-1` in zone `hz-c`"
    );
    // Same size and tier; the first free blocks: 10.0.1.0/24, then 10.0.4.0/23.
    let want = t.replace(
        r#""cidr": "10.0.2.0/23" } ] } ] }"#,
        r#""cidr": "10.0.2.0/23" },
                             { "id": "vsw-c1", "zone": "hz-c", "cidr": "10.0.1.0/24", "tier": "dmz" },
                             { "id": "vsw-c2", "zone": "hz-c", "cidr": "10.0.4.0/23" } ] } ] }"#,
    );
    assert_eq!(out, want);
    assert_eq!(at(&out, "ZN004"), vec![]);
    assert_eq!(at(&out, "NS007"), vec![]);
}
