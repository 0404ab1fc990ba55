//! Edge cases of the NS rules (network segmentation and exposure).

mod common;
use common::{apply_fix, fixable, swap};

use archlint_core::Finding;

fn findings(code: &str, text: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

/// (target, pointer) of each finding of `code`, sorted.
fn hits(code: &str, text: &str) -> Vec<(String, String)> {
    let mut v = common::pairs_of(text, code);
    v.sort();
    v
}

use common::pair as hit;

// ---------------------------------------------------------------- NS001

const VPC_REGION: &str = r#"{ "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] }"#;

fn ns001_design(profile: &str, region: &str, vpcs: &str) -> String {
    format!(
        r#"{{ "archlint": 1, "profile": "{profile}", "regions": [ {region} ], "vpcs": [ {vpcs} ] }}"#
    )
}

fn vsw(id: &str, cidr: &str, tier: Option<&str>) -> String {
    match tier {
        Some(t) => {
            format!(r#"{{ "id": "{id}", "zone": "sz-a", "cidr": "{cidr}", "tier": "{t}" }}"#)
        }
        None => format!(r#"{{ "id": "{id}", "zone": "sz-a", "cidr": "{cidr}" }}"#),
    }
}

fn vpc(id: &str, region: &str, cidr: &str, vswitches: &[String]) -> String {
    format!(
        r#"{{ "id": "{id}", "region": "{region}", "cidr": "{cidr}", "vswitches": [ {} ] }}"#,
        vswitches.join(", ")
    )
}

#[test]
fn ns001_names_the_missing_tiers_of_the_vpc() {
    let v = vpc(
        "vpc-sz",
        "sz",
        "192.168.0.0/16",
        &[
            vsw("a", "192.168.0.0/24", Some("dmz")),
            vsw("b", "192.168.1.0/24", Some("intranet")),
            vsw("c", "192.168.2.0/24", None),
        ],
    );
    let t = ns001_design("high-security", VPC_REGION, &v);
    assert_eq!(hits("NS001", &t), vec![hit("vpc-sz", "/vpcs/0")]);
    let f = &findings("NS001", &t)[0];
    assert!(f.message.en.contains("`management`"), "{}", f.message.en);
    assert!(!f.message.en.contains("`dmz`"), "{}", f.message.en);
    assert!(!f.message.en.contains("`intranet`"), "{}", f.message.en);
    assert!(f.message.zh.contains("`management`"));
    // Standard profile: nothing.
    let t = ns001_design("standard", VPC_REGION, &v);
    assert!(hits("NS001", &t).is_empty());
}

#[test]
fn ns001_takes_the_union_of_the_region_vpcs() {
    let a = vpc(
        "vpc-1",
        "sz",
        "192.168.0.0/16",
        &[
            vsw("a", "192.168.0.0/24", Some("dmz")),
            vsw("b", "192.168.1.0/24", Some("management")),
        ],
    );
    let b = vpc(
        "vpc-2",
        "sz",
        "10.0.0.0/16",
        &[vsw("c", "10.0.0.0/24", Some("intranet"))],
    );
    let t = ns001_design("high-security", VPC_REGION, &format!("{a}, {b}"));
    assert!(hits("NS001", &t).is_empty());
    // Two VPCs that both lack intranet: one finding for the region, on the first VPC.
    let b = vpc(
        "vpc-2",
        "sz",
        "10.0.0.0/16",
        &[vsw("c", "10.0.0.0/24", Some("dmz"))],
    );
    let t = ns001_design("high-security", VPC_REGION, &format!("{a}, {b}"));
    assert_eq!(hits("NS001", &t), vec![hit("vpc-1", "/vpcs/0")]);
    let f = &findings("NS001", &t)[0];
    assert!(f.message.en.contains("2 VPCs") && f.message.en.contains("`intranet`"));
}

#[test]
fn ns001_classic_primary_region_is_reported_dr_region_is_not() {
    let t = r#"{ "archlint": 1, "profile": "high-security",
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
                   { "id": "qd", "network": "classic", "role": "dr", "zones": [ { "id": "qd-a" } ] } ] }"#;
    assert_eq!(hits("NS001", t), vec![hit("hz", "/regions/0/network")]);
}

#[test]
fn ns001_vpc_region_without_vpc_and_unknown_network() {
    // A VPC region with no VPC at all: all three tiers missing, reported on the region.
    let t = ns001_design("high-security", VPC_REGION, "");
    assert_eq!(hits("NS001", &t), vec![hit("sz", "/regions/0")]);
    let f = &findings("NS001", &t)[0];
    for tier in ["`dmz`", "`management`", "`intranet`"] {
        assert!(f.message.en.contains(tier), "{}", f.message.en);
    }
    // Network not stated and no VPC: unknown, nothing.
    let region = r#"{ "id": "sz", "zones": [ { "id": "sz-a" } ] }"#;
    let t = ns001_design("high-security", region, "");
    assert!(hits("NS001", &t).is_empty());
    // Network not stated but a VPC is placed there: checked.
    let v = vpc(
        "vpc-sz",
        "sz",
        "192.168.0.0/16",
        &[vsw("a", "192.168.0.0/24", Some("dmz"))],
    );
    let t = ns001_design("high-security", region, &v);
    assert_eq!(hits("NS001", &t), vec![hit("vpc-sz", "/vpcs/0")]);
}

// ---------------------------------------------------------------- NS002 / NS003

fn tiered(profile: &str, nodes: &str, links: &str) -> String {
    format!(
        r#"{{ "archlint": 1, "profile": "{profile}",
  "regions": [ {{ "id": "sz", "network": "vpc", "zones": [ {{ "id": "sz-a" }} ] }} ],
  "vpcs": [ {{ "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
              "vswitches": [
                {{ "id": "vsw-dmz", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" }},
                {{ "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" }},
                {{ "id": "vsw-mgmt", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "management" }},
                {{ "id": "vsw-none", "zone": "sz-a", "cidr": "192.168.3.0/24" }} ] }} ],
  "nodes": [ {nodes} ],
  "links": [ {links} ] }}"#
    )
}

#[test]
fn ns002_reports_each_cause_at_its_place() {
    let nodes = r#"
      { "id": "app-1", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 5 },
      { "id": "eip-1", "kind": "eip", "attached_to": "app-1" },
      { "id": "slb-pub", "kind": "slb", "region": "sz", "listeners": [ { "protocol": "tcp", "port": 8080 } ],
        "backends": [ "app-1", "app-1" ] },
      { "id": "slb-priv", "kind": "slb", "region": "sz", "scope": "private",
        "listeners": [ { "protocol": "tcp", "port": 8080 } ], "backends": [ "app-1" ] }"#;
    let links = r#"{ "from": "internet", "to": "app-1", "port": 443 }"#;
    let t = tiered("high-security", nodes, links);
    assert_eq!(
        hits("NS002", &t),
        vec![
            hit("app-1", "/links/0"),
            hit("app-1", "/nodes/0/public_bandwidth_mbps"),
            hit("app-1", "/nodes/1/attached_to"),
            hit("app-1", "/nodes/2/backends/0"),
        ]
    );
    let f = findings("NS002", &t);
    assert!(f
        .iter()
        .any(|f| f.message.en.contains("vsw-app") && f.message.en.contains("`intranet`")));
    // Standard profile: nothing.
    let t = tiered("standard", nodes, links);
    assert!(hits("NS002", &t).is_empty());
}

#[test]
fn ns002_dmz_and_zero_bandwidth_are_fine() {
    let nodes = r#"
      { "id": "web-1", "kind": "ecs", "vswitch": "vsw-dmz", "public_bandwidth_mbps": 5 },
      { "id": "eip-1", "kind": "eip", "attached_to": "web-1" },
      { "id": "app-1", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 0 },
      { "id": "odd-1", "kind": "ecs", "vswitch": "vsw-none", "public_bandwidth_mbps": 0 },
      { "id": "app-2", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 0.1 },
      { "id": "slb-pub", "kind": "slb", "region": "sz", "listeners": [ { "protocol": "tcp", "port": 8080 } ],
        "backends": [ "web-1" ] }"#;
    let links = r#"{ "from": "internet", "to": "web-1", "port": 443 },
                   { "from": "web-1", "to": "app-1", "port": 8080 }"#;
    let t = tiered("high-security", nodes, links);
    // Only the control instance, with a little bandwidth in the intranet tier.
    assert_eq!(
        hits("NS002", &t),
        vec![hit("app-2", "/nodes/4/public_bandwidth_mbps")]
    );
}

#[test]
fn ns002_classic_region_instances_are_outside_the_dmz() {
    let t = r#"{ "archlint": 1, "profile": "high-security",
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
      "nodes": [ { "id": "app-1", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 1 },
                 { "id": "app-2", "kind": "ecs", "zone": "hz-b" } ] }"#;
    assert_eq!(
        hits("NS002", t),
        vec![hit("app-1", "/nodes/0/public_bandwidth_mbps")]
    );
    assert!(findings("NS002", t)[0].message.en.contains("classic"));
}

#[test]
fn ns003_bastion_outside_management() {
    let nodes = r#"
      { "id": "b-app", "kind": "ecs", "role": "bastion", "vswitch": "vsw-app" },
      { "id": "b-mgmt", "kind": "ecs", "role": "bastion", "vswitch": "vsw-mgmt" },
      { "id": "b-none", "kind": "ecs", "role": "bastion", "vswitch": "vsw-none" },
      { "id": "app-1", "kind": "ecs", "vswitch": "vsw-app" }"#;
    let t = tiered("high-security", nodes, "");
    assert_eq!(
        hits("NS003", &t),
        vec![
            hit("b-app", "/nodes/0/vswitch"),
            hit("b-none", "/nodes/2/vswitch")
        ]
    );
    assert_eq!(findings("NS003", &t)[0].severity.name(), "warning");
    let t = tiered("standard", nodes, "");
    assert!(hits("NS003", &t).is_empty());
}

/// The spec: under `high-security`, a vSwitch without a tier is neither `dmz` nor
/// `management`, so what sits in it is outside both.
#[test]
fn ns002_an_untiered_vswitch_is_outside_the_dmz() {
    let nodes = r#"
      { "id": "odd-1", "kind": "ecs", "vswitch": "vsw-none", "public_bandwidth_mbps": 5 },
      { "id": "odd-2", "kind": "ecs", "vswitch": "vsw-none" },
      { "id": "eip-2", "kind": "eip", "attached_to": "odd-2" },
      { "id": "slb-pub", "kind": "slb", "region": "sz", "listeners": [ { "protocol": "tcp", "port": 8080 } ],
        "backends": [ "odd-2" ] }"#;
    let links = r#"{ "from": "internet", "to": "odd-2", "port": 443 }"#;
    let t = tiered("high-security", nodes, links);
    assert_eq!(
        hits("NS002", &t),
        vec![
            hit("odd-1", "/nodes/0/public_bandwidth_mbps"),
            hit("odd-2", "/links/0"),
            hit("odd-2", "/nodes/2/attached_to"),
            hit("odd-2", "/nodes/3/backends/0"),
        ]
    );
    let f = findings("NS002", &t);
    assert!(
        f[0].message
            .en
            .contains("vSwitch `vsw-none`, which has no tier"),
        "{}",
        f[0].message.en
    );
    assert!(
        f[0].message.zh.contains("未设置层级"),
        "{}",
        f[0].message.zh
    );
    // Standard profile: tiers are not asked for.
    assert!(hits("NS002", &tiered("standard", nodes, links)).is_empty());
}

#[test]
fn ns003_an_untiered_vswitch_is_not_the_management_tier() {
    let nodes = r#"{ "id": "b-none", "kind": "ecs", "role": "bastion", "vswitch": "vsw-none" }"#;
    let t = tiered("high-security", nodes, "");
    assert_eq!(hits("NS003", &t), vec![hit("b-none", "/nodes/0/vswitch")]);
    assert!(findings("NS003", &t)[0]
        .message
        .en
        .contains("vSwitch `vsw-none`, which has no tier"));
    assert!(hits("NS003", &tiered("standard", nodes, "")).is_empty());
}

#[test]
fn ns003_bastion_in_classic_region() {
    let t = r#"{ "archlint": 1, "profile": "high-security",
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
      "nodes": [ { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" },
                 { "id": "bastion-x", "kind": "ecs", "role": "bastion" } ] }"#;
    assert_eq!(hits("NS003", t), vec![hit("bastion-b", "/nodes/0/zone")]);
}

// ---------------------------------------------------------------- NS004

const MIXED: &str = r#"
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
               { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] },
               { "id": "xx", "zones": [ { "id": "xx-a" } ] } ],
  "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
              "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ]"#;

fn mixed(nodes: &str, links: &str) -> String {
    format!(r#"{{ "archlint": 1, {MIXED}, "nodes": [ {nodes} ], "links": [ {links} ] }}"#)
}

#[test]
fn ns004_direct_internet_links() {
    let nodes = r#"
      { "id": "c-1", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 10 },
      { "id": "v-noeip", "kind": "ecs", "vswitch": "vsw-a" },
      { "id": "v-eip", "kind": "ecs", "vswitch": "vsw-a" },
      { "id": "eip-1", "kind": "eip", "attached_to": "v-eip" },
      { "id": "u-1", "kind": "ecs", "zone": "xx-a" },
      { "id": "slb", "kind": "slb", "region": "hz", "listeners": [ { "protocol": "http", "port": 80 } ],
        "backends": [ "c-1" ] },
      { "id": "db", "kind": "rds", "region": "hz" }"#;
    let links = r#"
      { "from": "internet", "to": "c-1", "port": 80 },
      { "from": "internet", "to": "v-noeip" },
      { "from": "internet", "to": "v-eip", "port": 443 },
      { "from": "internet", "to": "u-1", "port": 80 },
      { "from": "internet", "to": "slb", "port": 80 },
      { "from": "internet", "to": "db", "port": 3306 },
      { "from": "slb", "to": "c-1", "port": 80 },
      { "from": "v-eip", "to": "v-noeip", "port": 80 }"#;
    let t = mixed(nodes, links);
    assert_eq!(
        hits("NS004", &t),
        vec![hit("c-1", "/links/0"), hit("v-noeip", "/links/1")]
    );
    let f = findings("NS004", &t);
    assert!(f[0].message.en.contains("port 80") && f[0].message.en.contains("classic"));
    assert!(f[1].message.en.contains("no EIP"));
}

// ---------------------------------------------------------------- NS005 / NS006 / NS007

fn vpcs_only(vpcs: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "sz", "network": "vpc", "zones": [ {{ "id": "sz-a" }}, {{ "id": "sz-b" }} ] }},
               {{ "id": "sh", "network": "vpc", "zones": [ {{ "id": "sh-a" }} ] }} ],
  "vpcs": [ {vpcs} ] }}"#
    )
}

#[test]
fn ns005_vpc_cidr_must_be_private() {
    let t = vpcs_only(
        r#"{ "id": "v0", "region": "sz", "cidr": "100.64.0.0/16" },
           { "id": "v1", "region": "sz", "cidr": "10.0.0.0/7" },
           { "id": "v2", "region": "sz", "cidr": "172.16.0.0/12" },
           { "id": "v3", "region": "sz", "cidr": "172.32.0.0/16" },
           { "id": "v4", "region": "sz", "cidr": "192.168.0.0/16" },
           { "id": "v5", "region": "sz", "cidr": "10.0.0.0/8" },
           { "id": "v6", "region": "sz", "cidr": "10.0.0.0/33" },
           { "id": "v7", "region": "sz" }"#,
    );
    assert_eq!(
        hits("NS005", &t),
        vec![
            hit("v0", "/vpcs/0/cidr"),
            hit("v1", "/vpcs/1/cidr"),
            hit("v3", "/vpcs/3/cidr"),
        ]
    );
    assert!(findings("NS005", &t)[0]
        .message
        .en
        .contains("100.64.0.0/16"));
}

#[test]
fn ns006_cidr_and_zone_of_the_vswitch() {
    let t = vpcs_only(
        r#"{ "id": "v0", "region": "sz", "cidr": "10.0.0.0/16", "vswitches": [
              { "id": "s-out", "zone": "sz-a", "cidr": "10.1.0.0/24" },
              { "id": "s-eq", "zone": "sz-a", "cidr": "10.0.0.0/16" },
              { "id": "s-in", "zone": "sz-b", "cidr": "10.0.255.0/24" },
              { "id": "s-zone", "zone": "sh-a", "cidr": "10.0.1.0/24" },
              { "id": "s-both", "zone": "sh-a", "cidr": "192.168.0.0/24" },
              { "id": "s-unknown", "zone": "nowhere", "cidr": "10.0.2.0/24" },
              { "id": "s-wide", "zone": "sz-a", "cidr": "10.0.0.0/15" } ] },
           { "id": "v1", "region": "sz", "vswitches": [ { "id": "t-nocidr", "zone": "sz-a", "cidr": "1.2.3.0/24" } ] },
           { "id": "v2", "vswitches": [ { "id": "t-noregion", "zone": "sh-a", "cidr": "1.2.3.0/24" } ] }"#,
    );
    assert_eq!(
        hits("NS006", &t),
        vec![
            hit("s-both", "/vpcs/0/vswitches/4/cidr"),
            hit("s-both", "/vpcs/0/vswitches/4/zone"),
            hit("s-out", "/vpcs/0/vswitches/0/cidr"),
            hit("s-wide", "/vpcs/0/vswitches/6/cidr"),
            hit("s-zone", "/vpcs/0/vswitches/3/zone"),
        ]
    );
}

#[test]
fn ns007_overlaps_are_reported_once_per_vswitch() {
    let t = vpcs_only(
        r#"{ "id": "v0", "region": "sz", "cidr": "10.0.0.0/8", "vswitches": [
              { "id": "inner-b", "zone": "sz-a", "cidr": "10.0.1.0/24" },
              { "id": "outer", "zone": "sz-a", "cidr": "10.0.0.0/16" },
              { "id": "inner-c", "zone": "sz-a", "cidr": "10.0.5.0/24" },
              { "id": "deep", "zone": "sz-a", "cidr": "10.0.5.128/25" },
              { "id": "apart", "zone": "sz-a", "cidr": "10.1.0.0/24" },
              { "id": "next", "zone": "sz-a", "cidr": "10.1.1.0/24" },
              { "id": "nocidr", "zone": "sz-a" } ] },
           { "id": "v1", "region": "sz", "cidr": "10.0.0.0/8", "vswitches": [
              { "id": "other", "zone": "sz-a", "cidr": "10.0.1.0/24" } ] }"#,
    );
    assert_eq!(
        hits("NS007", &t),
        vec![
            hit("deep", "/vpcs/0/vswitches/3/cidr"),
            hit("inner-b", "/vpcs/0/vswitches/0/cidr"),
            hit("inner-c", "/vpcs/0/vswitches/2/cidr"),
        ]
    );
    let f = findings("NS007", &t);
    let deep = f
        .iter()
        .find(|f| f.target.as_deref() == Some("deep"))
        .unwrap();
    assert!(deep.message.en.contains("`inner-c`"), "{}", deep.message.en);
    let c = f
        .iter()
        .find(|f| f.target.as_deref() == Some("inner-c"))
        .unwrap();
    assert!(c.message.en.contains("`outer`"), "{}", c.message.en);
}

#[test]
fn ns007_identical_cidrs() {
    let t = vpcs_only(
        r#"{ "id": "v0", "region": "sz", "cidr": "10.0.0.0/16", "vswitches": [
              { "id": "a", "zone": "sz-a", "cidr": "10.0.0.0/24" },
              { "id": "b", "zone": "sz-b", "cidr": "10.0.0.0/24" },
              { "id": "c", "zone": "sz-b", "cidr": "10.0.0.0/24" } ] }"#,
    );
    assert_eq!(
        hits("NS007", &t),
        vec![
            hit("b", "/vpcs/0/vswitches/1/cidr"),
            hit("c", "/vpcs/0/vswitches/2/cidr"),
        ]
    );
}

#[test]
fn ns007_many_vswitches_stay_linear() {
    // 20,000 identical vSwitches: one finding each but the first, without a quadratic blow-up.
    let sw: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{ "id": "s{i}", "zone": "sz-a", "cidr": "10.0.0.0/24" }}"#))
        .collect();
    let t = vpcs_only(&format!(
        r#"{{ "id": "v0", "region": "sz", "cidr": "10.0.0.0/16", "vswitches": [ {} ] }}"#,
        sw.join(",")
    ));
    assert_eq!(findings("NS007", &t).len(), 19_999);
}

// ---------------------------------------------------------------- NS008

fn classic_sg(groups: &str, nodes: &str) -> String {
    format!(
        r#"{{ "archlint": 1, {MIXED}, "security_groups": [ {groups} ], "nodes": [ {nodes} ] }}"#
    )
}

#[test]
fn ns008_udp_drop_rules() {
    let groups = r#"
      { "id": "g-none", "rules": [ { "ports": "22", "from": "10.0.0.1" },
                                   { "protocol": "udp", "ports": "53", "from": "0.0.0.0/0" } ] },
      { "id": "g-udp", "rules": [ { "action": "drop", "protocol": "udp", "ports": "1-1024", "from": "1.2.3.4" } ] },
      { "id": "g-all", "rules": [ { "action": "drop", "protocol": "all", "ports": "all", "from": "0.0.0.0/0" } ] },
      { "id": "g-tcp", "rules": [ { "action": "drop", "protocol": "tcp", "ports": "all", "from": "0.0.0.0/0" } ] }"#;
    let nodes = r#"
      { "id": "n-none", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2, "security_groups": [ "g-none" ] },
      { "id": "n-udp", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2, "security_groups": [ "g-none", "g-udp" ] },
      { "id": "n-all", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2, "security_groups": [ "g-all" ] },
      { "id": "n-tcp", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2, "security_groups": [ "g-tcp" ] },
      { "id": "n-nogroup", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 0.5 },
      { "id": "n-zero", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 0 },
      { "id": "n-absent", "kind": "ecs", "zone": "hz-b" },
      { "id": "n-vpc", "kind": "ecs", "vswitch": "vsw-a", "public_bandwidth_mbps": 2 },
      { "id": "n-unknown", "kind": "ecs", "zone": "xx-a", "public_bandwidth_mbps": 2 }"#;
    let t = classic_sg(groups, nodes);
    assert_eq!(
        hits("NS008", &t),
        vec![
            hit("n-nogroup", "/nodes/4/public_bandwidth_mbps"),
            hit("n-none", "/nodes/0/public_bandwidth_mbps"),
            hit("n-tcp", "/nodes/3/public_bandwidth_mbps"),
        ]
    );
    let f = findings("NS008", &t);
    let ng = f
        .iter()
        .find(|f| f.target.as_deref() == Some("n-nogroup"))
        .unwrap();
    assert!(ng.message.en.contains("0.5 Mbps") && ng.message.en.contains("no security group"));
}

// ---------------------------------------------------------------- NS009

#[test]
fn ns009_management_ports_through_an_eip() {
    let nodes = r#"
      { "id": "v-eip", "kind": "ecs", "vswitch": "vsw-a", "os": "windows" },
      { "id": "eip-1", "kind": "eip", "attached_to": "v-eip" },
      { "id": "v-noeip", "kind": "ecs", "vswitch": "vsw-a" },
      { "id": "c-eip", "kind": "ecs", "zone": "hz-b" },
      { "id": "eip-2", "kind": "eip", "attached_to": "c-eip" },
      { "id": "idc", "kind": "idc" },
      { "id": "peer", "kind": "ecs", "vswitch": "vsw-a" }"#;
    let links = r#"
      { "from": "internet", "to": "v-eip", "port": 22 },
      { "from": "idc", "to": "v-eip", "port": 3389 },
      { "from": "internet", "to": "v-eip", "port": 443 },
      { "from": "internet", "to": "v-eip" },
      { "from": "peer", "to": "v-eip", "port": 22 },
      { "from": "internet", "to": "v-noeip", "port": 22 },
      { "from": "internet", "to": "c-eip", "port": 22 }"#;
    let t = mixed(nodes, links);
    assert_eq!(
        hits("NS009", &t),
        vec![hit("v-eip", "/links/0"), hit("v-eip", "/links/1")]
    );
    let f = findings("NS009", &t);
    assert!(f.iter().any(|f| f.message.en.contains("`idc`")
        && f.message.en.contains("3389")
        && f.message.en.contains("`eip-1`")));
}

// ---------------------------------------------------------------- NS010

#[test]
fn ns010_outbound_paths() {
    let nodes = r#"
      { "id": "c-none", "kind": "ecs", "zone": "hz-b", "needs_internet": true },
      { "id": "c-bw", "kind": "ecs", "zone": "hz-b", "needs_internet": true, "public_bandwidth_mbps": 1 },
      { "id": "c-zero", "kind": "ecs", "zone": "hz-b", "needs_internet": true, "public_bandwidth_mbps": 0 },
      { "id": "c-eip", "kind": "ecs", "zone": "hz-b", "needs_internet": true },
      { "id": "eip-1", "kind": "eip", "attached_to": "c-eip" },
      { "id": "c-false", "kind": "ecs", "zone": "hz-b", "needs_internet": false },
      { "id": "c-absent", "kind": "ecs", "zone": "hz-b" },
      { "id": "v-nat", "kind": "ecs", "vswitch": "vsw-a", "needs_internet": true },
      { "id": "nat-sz", "kind": "nat", "vswitch": "vsw-a" }"#;
    let t = mixed(nodes, "");
    assert_eq!(
        hits("NS010", &t),
        vec![
            hit("c-none", "/nodes/0/needs_internet"),
            hit("c-zero", "/nodes/2/needs_internet"),
        ]
    );
    assert!(findings("NS010", &t)[0].message.en.contains("`hz`"));
    // A NAT placed by region in hz covers the classic instances.
    let with_nat = format!(r#"{nodes}, {{ "id": "nat-hz", "kind": "nat", "region": "hz" }}"#);
    assert!(hits("NS010", &mixed(&with_nat, "")).is_empty());
    // A NAT whose region is unknown might be in hz: nothing.
    let with_nat = format!(r#"{nodes}, {{ "id": "nat-x", "kind": "nat" }}"#);
    assert!(hits("NS010", &mixed(&with_nat, "")).is_empty());
}

#[test]
fn ns010_instance_with_unknown_region() {
    let t = mixed(
        r#"{ "id": "lost", "kind": "ecs", "needs_internet": true }"#,
        "",
    );
    assert_eq!(
        hits("NS010", &t),
        vec![hit("lost", "/nodes/0/needs_internet")]
    );
    let t = mixed(
        r#"{ "id": "lost", "kind": "ecs", "needs_internet": true },
           { "id": "nat-sz", "kind": "nat", "region": "sz" }"#,
        "",
    );
    assert!(hits("NS010", &t).is_empty());
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

const HS_HEAD: &str = r#"{ "archlint": 1, "profile": "high-security",
  "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" }, { "id": "sz-b" } ] } ],"#;

#[test]
fn ns001_fix_adds_the_missing_tier_in_each_zone_on_free_blocks() {
    let vswitches = r#"[
                { "id": "vsw-dmz-a", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" },
                { "id": "vsw-app-a", "zone": "sz-a", "cidr": "192.168.2.0/23", "tier": "intranet" },
                { "id": "vsw-app-b", "zone": "sz-b", "cidr": "192.168.4.0/24", "tier": "intranet" } ]"#;
    let t = format!(
        r#"{HS_HEAD}
  "vpcs": [ {{ "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
              "vswitches": {vswitches} }} ] }}"#
    );
    let (safety, title, out) = apply_fix("NS001", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add to VPC `vpc-sz` the vSwitches `vsw-management-a` (management, zone `sz-a`, 192.168.1.0/24), `vsw-management-b` (management, zone `sz-b`, 192.168.5.0/24)"
    );
    let last =
        r#"{ "id": "vsw-app-b", "zone": "sz-b", "cidr": "192.168.4.0/24", "tier": "intranet" }"#;
    let want = swap(
        &t,
        last,
        &format!(
            r#"{last},
                {{ "id": "vsw-management-a", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "management" }},
                {{ "id": "vsw-management-b", "zone": "sz-b", "cidr": "192.168.5.0/24", "tier": "management" }}"#
        ),
    );
    assert_eq!(out, want);
    assert!(hits("NS001", &out).is_empty());
    // A VPC whose CIDR is unknown has no room to count on; a classic region has no VPC.
    assert!(!fixable(
        "NS001",
        &t.replace(r#""cidr": "192.168.0.0/16","#, "")
    ));
    let classic = r#"{ "archlint": 1, "profile": "high-security",
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ] }"#;
    assert!(!fixable("NS001", classic));
}

fn ns002_design(nodes: &str, groups: &str) -> String {
    format!(
        r#"{HS_HEAD}
  "vpcs": [ {{ "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
              "vswitches": [
                {{ "id": "vsw-dmz", "zone": "sz-a", "cidr": "192.168.0.0/24", "tier": "dmz" }},
                {{ "id": "vsw-mgmt", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "management" }},
                {{ "id": "vsw-app", "zone": "sz-a", "cidr": "192.168.1.0/24", "tier": "intranet" }} ] }} ],
  "security_groups": [ {groups} ],
  "nodes": [ {nodes} ] }}"#
    )
}

#[test]
fn ns002_fix_zeroes_bandwidth_the_instance_can_do_without() {
    let t = ns002_design(
        r#"{ "id": "sms-1", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 5 }"#,
        "",
    );
    let (safety, title, out) = apply_fix("NS002", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "set \"public_bandwidth_mbps\": 0 on `sms-1`");
    assert_eq!(
        out,
        swap(
            &t,
            r#""public_bandwidth_mbps": 5"#,
            r#""public_bandwidth_mbps": 0"#
        )
    );
    assert!(hits("NS002", &out).is_empty());
}

#[test]
fn ns002_fix_moves_an_instance_that_needs_the_internet_into_the_dmz() {
    let t = ns002_design(
        r#"{ "id": "sms-1", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 5,
             "needs_internet": true }"#,
        "",
    );
    let (safety, title, out) = apply_fix("NS002", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(title, "move `sms-1` into DMZ vSwitch `vsw-dmz`");
    assert_eq!(
        out,
        swap(&t, r#""vswitch": "vsw-app""#, r#""vswitch": "vsw-dmz""#)
    );
    assert!(hits("NS002", &out).is_empty());
    // With a NAT in the region the bandwidth can go instead.
    let t = ns002_design(
        r#"{ "id": "sms-1", "kind": "ecs", "vswitch": "vsw-app", "public_bandwidth_mbps": 5,
             "needs_internet": true },
           { "id": "nat", "kind": "nat", "region": "sz" }"#,
        "",
    );
    assert_eq!(apply_fix("NS002", &t).0, Safety::Safe);
}

#[test]
fn ns002_fix_detaches_an_eip_nobody_comes_through() {
    let t = ns002_design(
        r#"{ "id": "app-1", "kind": "ecs", "vswitch": "vsw-app" },
           { "id": "eip-1", "kind": "eip", "attached_to": "app-1" }"#,
        "",
    );
    let (safety, title, out) = apply_fix("NS002", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "detach EIP `eip-1` from `app-1`");
    assert_eq!(
        out,
        swap(
            &t,
            r#"{ "id": "eip-1", "kind": "eip", "attached_to": "app-1" }"#,
            r#"{ "id": "eip-1", "kind": "eip" }"#
        )
    );
    assert!(hits("NS002", &out).is_empty());
}

#[test]
fn ns002_fix_moves_only_where_the_target_is_unambiguous() {
    let backend = r#"{ "id": "app-1", "kind": "ecs", "vswitch": "vsw-app" },
           { "id": "slb", "kind": "slb", "region": "sz", "listeners": [ { "protocol": "tcp", "port": 80 } ],
             "backends": [ "app-1" ] }"#;
    let t = ns002_design(backend, "");
    let (safety, _, out) = apply_fix("NS002", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        out,
        swap(&t, r#""vswitch": "vsw-app""#, r#""vswitch": "vsw-dmz""#)
    );
    // Two DMZ vSwitches in the zone: which one is a guess.
    let two = t.replace(
        r#"{ "id": "vsw-mgmt", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "management" }"#,
        r#"{ "id": "vsw-dmz-2", "zone": "sz-a", "cidr": "192.168.2.0/24", "tier": "dmz" }"#,
    );
    assert!(!fixable("NS002", &two));
    // A security-group source that matches the intranet block but not the DMZ one: the move
    // would change what the instance may reach.
    let sg = ns002_design(
        backend,
        r#"{ "id": "sg-db", "rules": [ { "ports": "3306", "from": "192.168.1.0/24" } ] }"#,
    );
    assert!(!fixable("NS002", &sg));
}

#[test]
fn ns003_fix_moves_the_bastion_into_the_management_vswitch() {
    let t = ns002_design(
        r#"{ "id": "bastion-a", "kind": "ecs", "role": "bastion", "vswitch": "vsw-app" }"#,
        "",
    );
    let (safety, title, out) = apply_fix("NS003", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "move bastion `bastion-a` into management vSwitch `vsw-mgmt`"
    );
    assert_eq!(
        out,
        swap(&t, r#""vswitch": "vsw-app""#, r#""vswitch": "vsw-mgmt""#)
    );
    assert!(hits("NS003", &out).is_empty());
    let none = t.replace(r#""tier": "management""#, r#""tier": "intranet""#);
    assert!(!fixable("NS003", &none));
}

const NS004_VPC: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
  "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
              "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "vswitch": "vsw-a" },
             { "id": "eip-web-1", "kind": "oss", "region": "sz" } ],
  "links": [ { "from": "internet", "to": "web-1", "port": 443 } ] }"#;

#[test]
fn ns004_fix_attaches_a_new_eip_in_a_vpc_region() {
    let (safety, title, out) = apply_fix("NS004", NS004_VPC);
    assert_eq!(safety, Safety::Unsafe);
    // `eip-web-1` is taken.
    assert_eq!(title, "attach a new EIP `eip-web-1-2` to `web-1`");
    let last = r#"{ "id": "eip-web-1", "kind": "oss", "region": "sz" }"#;
    assert_eq!(
        out,
        swap(
            NS004_VPC,
            last,
            &format!(
                r#"{last},
             {{ "id": "eip-web-1-2", "kind": "eip", "attached_to": "web-1" }}"#
            )
        )
    );
    assert!(hits("NS004", &out).is_empty());
    // On port 22 the EIP would block the link (NS009); a classic region needs an SLB.
    assert!(!fixable(
        "NS004",
        &NS004_VPC.replace(r#""port": 443"#, r#""port": 22"#)
    ));
    let classic = r#"{ "archlint": 1,
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
      "nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-b" } ],
      "links": [ { "from": "internet", "to": "web-1", "port": 80 } ] }"#;
    assert!(!fixable("NS004", classic));
}

const NS008_DESIGN: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "security_groups": [ { "id": "sg-sms", "rules": [ { "ports": "22", "from": "10.200.0.2" } ] } ],
  "nodes": [ { "id": "sms-1", "kind": "ecs", "zone": "hz-b", "public_bandwidth_mbps": 2,
               "security_groups": [ "sg-sms" ] } ] }"#;

#[test]
fn ns008_fix_adds_a_udp_drop_rule_to_the_first_group() {
    let (safety, title, out) = apply_fix("NS008", NS008_DESIGN);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "drop inbound UDP in `sg-sms`, the security group of `sms-1`"
    );
    assert_eq!(
        out,
        swap(
            NS008_DESIGN,
            r#"{ "ports": "22", "from": "10.200.0.2" } ]"#,
            r#"{ "ports": "22", "from": "10.200.0.2" }, { "action": "drop", "protocol": "udp", "ports": "all", "from": "0.0.0.0/0" } ]"#
        )
    );
    assert!(hits("NS008", &out).is_empty());
    // UDP traffic drawn to a member of the group would be cut.
    let udp = NS008_DESIGN.replace(
        r#""security_groups": [ "sg-sms" ] } ] }"#,
        r#""security_groups": [ "sg-sms" ] },
             { "id": "log-1", "kind": "ecs", "zone": "hz-b" } ],
  "links": [ { "from": "log-1", "to": "sms-1", "port": 514, "protocol": "udp" } ] }"#,
    );
    assert_eq!(hits("NS008", &udp).len(), 1);
    assert!(!fixable("NS008", &udp));
}

#[test]
fn ns009_fix_removes_the_link() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
  "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
              "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ],
  "nodes": [ { "id": "app-1", "kind": "ecs", "vswitch": "vsw-a" },
             { "id": "eip-1", "kind": "eip", "attached_to": "app-1" } ],
  "links": [ { "from": "internet", "to": "app-1", "port": 443 },
             { "from": "internet", "to": "app-1", "port": 22 } ] }"#;
    let (safety, title, out) = apply_fix("NS009", t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "remove the link from `internet` to `app-1` on port 22 (manage `app-1` through the VPN and a bastion)"
    );
    assert_eq!(
        out,
        swap(
            t,
            r#",
             { "from": "internet", "to": "app-1", "port": 22 }"#,
            ""
        )
    );
}

#[test]
fn ns010_fix_buys_bandwidth_and_drops_udp_on_the_classic_network() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "security_groups": [ { "id": "sg-sms", "rules": [ { "ports": "22", "from": "10.200.0.2" } ] } ],
  "nodes": [ { "id": "sms-1", "kind": "ecs", "zone": "hz-b", "needs_internet": true,
               "security_groups": [ "sg-sms" ] } ] }"#;
    let (safety, title, out) = apply_fix("NS010", t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "buy 1 Mbps of public bandwidth for `sms-1` and drop inbound UDP in its security group `sg-sms`"
    );
    let want = swap(
        t,
        r#""security_groups": [ "sg-sms" ] } ]"#,
        r#""security_groups": [ "sg-sms" ],
               "public_bandwidth_mbps": 1 } ]"#,
    );
    let want = swap(
        &want,
        r#"{ "ports": "22", "from": "10.200.0.2" } ]"#,
        r#"{ "ports": "22", "from": "10.200.0.2" }, { "action": "drop", "protocol": "udp", "ports": "all", "from": "0.0.0.0/0" } ]"#,
    );
    assert_eq!(out, want);
    assert!(hits("NS010", &out).is_empty());
    assert!(hits("NS008", &out).is_empty());
    // Outside the DMZ of a high-security design the instance may not reach out itself.
    let hs = ns002_design(
        r#"{ "id": "sms-1", "kind": "ecs", "vswitch": "vsw-app", "needs_internet": true }"#,
        "",
    );
    assert_eq!(hits("NS010", &hs).len(), 1);
    assert!(!fixable("NS010", &hs));
}
