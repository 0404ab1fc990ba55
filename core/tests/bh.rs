//! Edge cases of the BH rules (bastion hosts and management access).

mod common;
use common::{apply_fix, fixable, swap};

use archlint_core::{check, Finding, Limits, LintOptions};

/// The findings of rule `code` for a design.
fn run(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

use common::at;

/// A classic-network design in region `hz` (zones `hz-b`, `hz-c`).
fn classic(groups: &str, nodes: &str) -> String {
    classic_links(groups, nodes, "")
}

fn classic_links(groups: &str, nodes: &str, links: &str) -> String {
    common::classic_with(groups, nodes, links)
}

/// A VPC design in region `sh` (see [`common::vpc_with`]), without links.
fn vpc(groups: &str, nodes: &str) -> String {
    common::vpc_with(groups, nodes, "")
}

const VPN: &str = r#"{"id":"vpn","kind":"vpn","type":"ssl","region":"hz","client_ips":["10.200.0.2","10.200.0.3","10.200.0.4"]}"#;
const SG_BASTION: &str = r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"vpn"}]}"#;
const BASTION: &str = r#"{"id":"bastion","kind":"ecs","role":"bastion","zone":"hz-b","security_groups":["sg-bastion"]}"#;

fn ecs(id: &str, extra: &str) -> String {
    format!(r#"{{"id":"{id}","kind":"ecs","module":"web","zone":"hz-b"{extra}}}"#)
}

fn prod(id: &str, groups: &str) -> String {
    ecs(id, &format!(r#","security_groups":[{groups}]"#))
}

// ---------------------------------------------------------------- BH001

#[test]
fn bh001_production_without_bastion_is_one_design_wide_finding() {
    let d = classic("", &[ecs("web-1", ""), ecs("web-2", "")].join(","));
    let fs = run(&d, "BH001");
    assert_eq!(at(&fs), [(None, "/nodes")]);
    assert!(
        fs[0].message.en.contains("2 production ECS"),
        "{}",
        fs[0].message.en
    );
    assert!(fs[0].message.zh.contains("2 台生产 ECS"));
}

#[test]
fn bh001_needs_production_and_any_bastion_silences_it() {
    // Only a test ECS and a DR-region app: nothing in production.
    let d = classic(
        "",
        r#"{"id":"t","kind":"ecs","role":"test","zone":"hz-b"},{"id":"d","kind":"ecs","zone":"dr-a"}"#,
    );
    assert!(run(&d, "BH001").is_empty());
    // A database ECS is production.
    let d = classic(
        "",
        r#"{"id":"db","kind":"ecs","role":"database","zone":"hz-b"}"#,
    );
    assert_eq!(run(&d, "BH001").len(), 1);
    // A bastion, even one in the DR region, is a bastion.
    let d = classic(
        "",
        &[
            ecs("web-1", ""),
            r#"{"id":"b","kind":"ecs","role":"bastion","zone":"dr-a"}"#.into(),
        ]
        .join(","),
    );
    assert!(run(&d, "BH001").is_empty());
    // An unplaced app ECS has no known region: not production.
    let d = classic("", r#"{"id":"x","kind":"ecs"}"#);
    assert!(run(&d, "BH001").is_empty());
}

// ---------------------------------------------------------------- BH002

#[test]
fn bh002_single_bastion_zone_with_two_production_zones() {
    let nodes = [
        ecs("web-b", ""),
        r#"{"id":"web-c","kind":"ecs","module":"web","zone":"hz-c"}"#.into(),
        r#"{"id":"b1","kind":"ecs","role":"bastion","zone":"hz-b"}"#.into(),
        r#"{"id":"b2","kind":"ecs","role":"bastion","zone":"hz-b"}"#.into(),
    ]
    .join(",");
    let fs = run(&classic("", &nodes), "BH002");
    assert_eq!(at(&fs), [(None, "/nodes/2/zone")]);
    assert!(
        fs[0].message.en.contains("all 2 bastions"),
        "{}",
        fs[0].message.en
    );
    assert!(fs[0].message.en.contains("`hz-b`"));
    assert!(fs[0].help.en.contains("`hz-c`"), "{}", fs[0].help.en);
}

#[test]
fn bh002_boundaries_and_unknown_zones() {
    let web_c = r#"{"id":"web-c","kind":"ecs","module":"web","zone":"hz-c"}"#;
    // Bastions in both zones.
    let nodes = [
        ecs("web-b", ""),
        web_c.into(),
        r#"{"id":"b1","kind":"ecs","role":"bastion","zone":"hz-b"}"#.into(),
        r#"{"id":"b2","kind":"ecs","role":"bastion","zone":"hz-c"}"#.into(),
    ]
    .join(",");
    assert!(run(&classic("", &nodes), "BH002").is_empty());
    // Control: the second bastion moved to hz-b is reported.
    assert_eq!(
        run(
            &classic(
                "",
                &nodes
                    .replace(r#""zone":"hz-c"}"#, r#""zone":"hz-b"}"#)
                    .replacen(r#""zone":"hz-b"}"#, r#""zone":"hz-c"}"#, 1)
            ),
            "BH002"
        )
        .len(),
        1
    );
    // Production in one zone only.
    let nodes = [
        ecs("web-b", ""),
        ecs("web-b2", ""),
        r#"{"id":"b1","kind":"ecs","role":"bastion","zone":"hz-b"}"#.into(),
    ]
    .join(",");
    assert!(run(&classic("", &nodes), "BH002").is_empty());
    // A second bastion whose zone is unknown may be in the other zone.
    let nodes = [
        ecs("web-b", ""),
        web_c.into(),
        r#"{"id":"b1","kind":"ecs","role":"bastion","zone":"hz-b"}"#.into(),
        r#"{"id":"b2","kind":"ecs","role":"bastion"}"#.into(),
    ]
    .join(",");
    assert!(run(&classic("", &nodes), "BH002").is_empty());
    // No bastion at all: BH001's business.
    let nodes = [ecs("web-b", ""), web_c.into()].join(",");
    assert!(run(&classic("", &nodes), "BH002").is_empty());
}

#[test]
fn bh002_zone_through_vswitch() {
    let nodes = r#"{"id":"a","kind":"ecs","vswitch":"vsw-a"},{"id":"b","kind":"ecs","vswitch":"vsw-b"},
        {"id":"bas","kind":"ecs","role":"bastion","vswitch":"vsw-mgmt"}"#;
    let fs = run(&vpc("", nodes), "BH002");
    assert_eq!(at(&fs), [(None, "/nodes/2/vswitch")]);
    assert!(fs[0].message.en.contains("`sh-a`"));
}

// ---------------------------------------------------------------- BH003

/// A design with the bastion setup and one production group with `rule`.
fn bh003(rule: &str, extra_nodes: &str) -> Vec<Finding> {
    let groups = format!(r#"{SG_BASTION},{{"id":"sg-prod","rules":[{rule}]}}"#);
    let mut nodes = vec![
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod""#),
    ];
    if !extra_nodes.is_empty() {
        nodes.push(extra_nodes.to_string());
    }
    run(&classic(&groups, &nodes.join(",")), "BH003")
}

#[test]
fn bh003_jump_path_sources_pass() {
    // Control: the same design with the VPN as source is reported.
    assert_eq!(bh003(r#"{"ports":"22","from":"vpn"}"#, "").len(), 1);
    for from in [
        "sg:sg-bastion",
        "bastion",
        "web-1",
        "sg:sg-prod",
        "192.168.0.0/16",
    ] {
        let r = format!(r#"{{"ports":"22","from":"{from}"}}"#);
        assert!(bh003(&r, "").is_empty(), "{from}");
    }
    // A production ECS of another group is on the layered path.
    let r = r#"{"ports":"22","from":"app-1"}"#;
    assert!(bh003(r, &ecs("app-1", "")).is_empty());
    // Unknown group, empty group, unknown node: not judged.
    for from in ["sg:nope", "nobody"] {
        let r = format!(r#"{{"ports":"22","from":"{from}"}}"#);
        assert!(bh003(&r, "").is_empty(), "{from}");
    }
}

#[test]
fn bh003_vpn_node_source_is_reported_at_the_rule() {
    let fs = bh003(r#"{"ports":"22","from":"vpn"}"#, "");
    assert_eq!(at(&fs), [(Some("sg-prod"), "/security_groups/1/rules/0")]);
    assert!(
        fs[0].message.en.contains("SSL VPN `vpn`"),
        "{}",
        fs[0].message.en
    );
    assert!(fs[0].message.en.contains("port 22"));
    assert!(
        fs[0].help.en.contains("`sg:sg-bastion`"),
        "{}",
        fs[0].help.en
    );
}

#[test]
fn bh003_other_nodes_and_mixed_groups_are_reported() {
    let test =
        r#"{"id":"t1","kind":"ecs","role":"test","zone":"hz-b","security_groups":["sg-mixed"]}"#;
    assert_eq!(bh003(r#"{"ports":"22","from":"t1"}"#, test).len(), 1);
    // A group that holds a test ECS besides production ones.
    let groups = format!(
        r#"{SG_BASTION},{{"id":"sg-mixed","rules":[]}},{{"id":"sg-prod","rules":[{{"ports":"22","from":"sg:sg-mixed"}}]}}"#
    );
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod""#),
        test.to_string(),
    ]
    .join(",");
    let fs = run(&classic(&groups, &nodes), "BH003");
    assert_eq!(at(&fs), [(Some("sg-prod"), "/security_groups/2/rules/0")]);
    assert!(fs[0].message.en.contains("`t1`"));
    // An empty group (no members): nothing known.
    let groups = format!(
        r#"{SG_BASTION},{{"id":"sg-mixed","rules":[]}},{{"id":"sg-prod","rules":[{{"ports":"22","from":"sg:sg-mixed"}}]}}"#
    );
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod""#),
    ]
    .join(",");
    assert!(run(&classic(&groups, &nodes), "BH003").is_empty());
    // An SLB, an IDC.
    let slb = r#"{"id":"lb","kind":"slb","region":"hz"}"#;
    assert_eq!(bh003(r#"{"ports":"22","from":"lb"}"#, slb).len(), 1);
    let idc = r#"{"id":"office","kind":"idc"}"#;
    assert_eq!(bh003(r#"{"ports":"22","from":"office"}"#, idc).len(), 1);
}

#[test]
fn bh003_cidr_sources() {
    // Internet.
    let fs = bh003(r#"{"ports":"22","from":"0.0.0.0/0"}"#, "");
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("internet"));
    // The VPN pool written as one /32 of it, or as a CIDR overlapping it.
    for from in ["10.200.0.3", "10.200.0.0/24", "10.0.0.0/8"] {
        let r = format!(r#"{{"ports":"22","from":"{from}"}}"#);
        let fs = bh003(&r, "");
        assert_eq!(fs.len(), 1, "{from}");
        assert!(
            fs[0].message.en.contains("SSL VPN client addresses"),
            "{from}"
        );
    }
    // Next to the pool but not in it: in a classic network it may be the bastions.
    assert!(bh003(r#"{"ports":"22","from":"10.200.0.5"}"#, "").is_empty());
}

#[test]
fn bh003_ports_protocols_and_os() {
    for r in [
        r#"{"ports":"all","from":"vpn"}"#,
        r#"{"ports":"20-30","from":"vpn"}"#,
        r#"{"protocol":"all","ports":"22","from":"vpn"}"#,
    ] {
        assert_eq!(bh003(r, "").len(), 1, "{r}");
    }
    for r in [
        r#"{"from":"vpn"}"#, // unknown ports
        r#"{"ports":"80","from":"vpn"}"#,
        r#"{"protocol":"udp","ports":"22","from":"vpn"}"#,
        r#"{"protocol":"icmp","from":"vpn"}"#,
        r#"{"ports":"3389","from":"vpn"}"#, // the member is Linux
        r#"{"action":"drop","ports":"22","from":"vpn"}"#,
        r#"{"ports":"22"}"#, // unknown source
    ] {
        assert!(bh003(r, "").is_empty(), "{r}");
    }
    // A Windows member: 3389 is its management port.
    let groups =
        format!(r#"{SG_BASTION},{{"id":"sg-prod","rules":[{{"ports":"3389","from":"vpn"}}]}}"#);
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod""#),
        ecs("win-1", r#","os":"windows","security_groups":["sg-prod"]"#),
    ]
    .join(",");
    let fs = run(&classic(&groups, &nodes), "BH003");
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("`win-1`") && fs[0].message.en.contains("3389"));
}

#[test]
fn bh003_drop_rules_cancel_only_what_they_cover() {
    let r =
        r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#;
    assert!(bh003(r, "").is_empty());
    let r = r#"{"ports":"22","from":"vpn"},{"action":"drop","ports":"1-1024","from":"vpn"}"#;
    assert!(bh003(r, "").is_empty());
    let r = r#"{"ports":"22","from":"10.200.0.0/24"},{"action":"drop","ports":"22","from":"10.200.0.0/16"}"#;
    assert!(bh003(r, "").is_empty());
    // A drop for a narrower range (one that leaves pool addresses in), another port, or udp
    // leaves the accept effective.
    for drop in [
        r#"{"action":"drop","ports":"22","from":"10.200.0.128/25"}"#,
        r#"{"action":"drop","ports":"23","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","protocol":"udp","ports":"22","from":"0.0.0.0/0"}"#,
    ] {
        let r = format!(r#"{{"ports":"22","from":"10.200.0.0/24"}},{drop}"#);
        assert_eq!(bh003(&r, "").len(), 1, "{drop}");
    }
    // A drop in another group of the member counts for that member.
    let groups = format!(
        r#"{SG_BASTION},{{"id":"sg-prod","rules":[{{"ports":"22","from":"0.0.0.0/0"}}]}},
        {{"id":"sg-deny","rules":[{{"action":"drop","ports":"all","from":"0.0.0.0/0"}}]}}"#
    );
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod","sg-deny""#),
    ];
    assert!(run(&classic(&groups, &nodes.join(",")), "BH003").is_empty());
    // …but not for a member without it.
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod","sg-deny""#),
        prod("web-2", r#""sg-prod""#),
    ];
    let fs = run(&classic(&groups, &nodes.join(",")), "BH003");
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("`web-2`"));
}

#[test]
fn bh003_groups_without_production_members_are_not_judged() {
    let groups =
        format!(r#"{SG_BASTION},{{"id":"sg-test","rules":[{{"ports":"22","from":"vpn"}}]}}"#);
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        r#"{"id":"t1","kind":"ecs","role":"test","zone":"hz-b","security_groups":["sg-test"]}"#
            .into(),
        r#"{"id":"d1","kind":"ecs","zone":"dr-a","security_groups":["sg-test"]}"#.into(),
    ];
    assert!(run(&classic(&groups, &nodes.join(",")), "BH003").is_empty());
    // One finding per rule however many members it has.
    let groups =
        format!(r#"{SG_BASTION},{{"id":"sg-prod","rules":[{{"ports":"22","from":"vpn"}}]}}"#);
    let nodes: Vec<String> = [VPN.to_string(), BASTION.to_string()]
        .into_iter()
        .chain((0..50).map(|i| prod(&format!("w{i}"), r#""sg-prod""#)))
        .collect();
    assert_eq!(run(&classic(&groups, &nodes.join(",")), "BH003").len(), 1);
}

#[test]
fn bh003_vpc_ranges_outside_every_vswitch() {
    let groups = |from: &str| {
        format!(
            r#"{{"id":"sg-bastion","rules":[]}},{{"id":"sg-prod","rules":[{{"ports":"22","from":"{from}"}}]}}"#
        )
    };
    let nodes = r#"{"id":"bas","kind":"ecs","role":"bastion","vswitch":"vsw-mgmt","security_groups":["sg-bastion"]},
        {"id":"app","kind":"ecs","vswitch":"vsw-a","security_groups":["sg-prod"]}"#;
    // An office range outside the VPC.
    let fs = run(&vpc(&groups("192.168.10.0/24"), nodes), "BH003");
    assert_eq!(at(&fs), [(Some("sg-prod"), "/security_groups/1/rules/0")]);
    assert!(
        fs[0].message.en.contains("outside every vSwitch"),
        "{}",
        fs[0].message.en
    );
    // Inside the VPC but in no vSwitch.
    assert_eq!(run(&vpc(&groups("10.0.9.0/24"), nodes), "BH003").len(), 1);
    // The management vSwitch (where the bastion is), or a /32 in it: may be the bastion.
    assert!(run(&vpc(&groups("10.0.1.0/24"), nodes), "BH003").is_empty());
    assert!(run(&vpc(&groups("10.0.1.7"), nodes), "BH003").is_empty());
    // A bastion in a classic region: its address is unknown, the range may be it.
    let mixed = String::from(
        r#"{"archlint":1,"regions":[{"id":"sh","network":"vpc","zones":[{"id":"sh-a"}]},
        {"id":"hz","network":"classic","zones":[{"id":"hz-b"}]}],
        "vpcs":[{"id":"vpc1","region":"sh","cidr":"10.0.0.0/16","vswitches":[{"id":"vsw-a","zone":"sh-a","cidr":"10.0.2.0/24"}]}],
        "security_groups":[{"id":"sg-prod","rules":[{"ports":"22","from":"192.168.10.0/24"}]}],
        "nodes":[{"id":"bas","kind":"ecs","role":"bastion","zone":"hz-b"},
        {"id":"app","kind":"ecs","vswitch":"vsw-a","security_groups":["sg-prod"]}]}"#,
    );
    assert!(run(&mixed, "BH003").is_empty());
    // A vSwitch with no CIDR in a VPC with none either: its range is unknown.
    let unknown = vpc(&groups("192.168.10.0/24"), nodes)
        .replace(r#""cidr":"10.0.0.0/16","#, "")
        .replace(r#""zone":"sh-b","cidr":"10.0.3.0/24""#, r#""zone":"sh-b""#);
    assert!(run(&unknown, "BH003").is_empty());
}

// ---------------------------------------------------------------- BH004

fn bh004(rules: &str, vpn: &str) -> Vec<Finding> {
    let groups = format!(r#"{{"id":"sg-bastion","rules":[{rules}]}}"#);
    let mut nodes = vec![BASTION.to_string()];
    if !vpn.is_empty() {
        nodes.push(vpn.to_string());
    }
    run(&classic(&groups, &nodes.join(",")), "BH004")
}

#[test]
fn bh004_internet_and_office_ranges() {
    let fs = bh004(r#"{"ports":"22","from":"0.0.0.0/0"}"#, VPN);
    assert_eq!(
        at(&fs),
        [(Some("sg-bastion"), "/security_groups/0/rules/0")]
    );
    assert!(fs[0].message.en.contains("`bastion`") && fs[0].message.en.contains("internet"));
    assert!(fs[0].help.en.contains("`vpn`"));
    let fs = bh004(r#"{"ports":"22","from":"192.168.1.0/24"}"#, VPN);
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0]
            .message
            .en
            .contains("192.168.1.0-192.168.1.255 are outside"),
        "{}",
        fs[0].message.en
    );
}

#[test]
fn bh004_ranges_inside_the_pool_pass() {
    // Each pool address as a /32, or a /31 inside the pool, or the VPN id.
    let r = r#"{"ports":"22","from":"10.200.0.2"},{"ports":"22","from":"10.200.0.3"},{"ports":"22","from":"10.200.0.4"}"#;
    assert!(bh004(r, VPN).is_empty());
    assert!(bh004(r#"{"ports":"22","from":"10.200.0.2/31"}"#, VPN).is_empty());
    assert!(bh004(r#"{"ports":"22","from":"vpn"}"#, VPN).is_empty());
    // A CIDR overlapping the pool but reaching past it.
    let fs = bh004(r#"{"ports":"22","from":"10.200.0.0/30"}"#, VPN);
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0]
            .message
            .en
            .contains("(10.200.0.0-10.200.0.1 are outside"),
        "{}",
        fs[0].message.en
    );
}

#[test]
fn bh004_without_ssl_vpn() {
    let fs = bh004(r#"{"ports":"22","from":"10.200.0.2"}"#, "");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("no SSL VPN"),
        "{}",
        fs[0].message.en
    );
    // An IPsec VPN is not an operators' pool.
    let ipsec = r#"{"id":"v2","kind":"vpn","type":"ipsec","region":"hz"}"#;
    assert_eq!(
        bh004(r#"{"ports":"22","from":"10.200.0.2"}"#, ipsec).len(),
        1
    );
    // An SSL VPN whose pool is not written: a private range may be it, a public one is not.
    let unknown = r#"{"id":"v3","kind":"vpn","type":"ssl","region":"hz"}"#;
    assert!(bh004(r#"{"ports":"22","from":"10.200.0.2"}"#, unknown).is_empty());
    assert_eq!(
        bh004(r#"{"ports":"22","from":"0.0.0.0/0"}"#, unknown).len(),
        1
    );
}

#[test]
fn bh004_what_is_not_judged() {
    for r in [
        r#"{"ports":"80","from":"0.0.0.0/0"}"#,
        r#"{"from":"0.0.0.0/0"}"#,
        r#"{"protocol":"udp","ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"ports":"22","from":"sg:sg-x"}"#,
        r#"{"ports":"22","from":"web"}"#,
        r#"{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#,
        // Cancelled by a drop rule of the same group.
        r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#,
        // The drops together block everything outside the pool.
        r#"{"ports":"22","from":"10.200.0.0/30"},{"action":"drop","ports":"22","from":"10.200.0.0/31"}"#,
    ] {
        assert!(bh004(r, VPN).is_empty(), "{r}");
    }
    // A partial drop leaves the rest exposed.
    let r = r#"{"ports":"22","from":"10.200.0.0/29"},{"action":"drop","ports":"22","from":"10.200.0.0/31"}"#;
    let fs = bh004(r, VPN);
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("10.200.0.5-10.200.0.7"),
        "{}",
        fs[0].message.en
    );
}

#[test]
fn bh004_one_finding_per_rule_naming_every_bastion() {
    let groups = r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"}]}"#;
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        r#"{"id":"bastion-2","kind":"ecs","role":"bastion","zone":"hz-c","security_groups":["sg-bastion"]}"#.into(),
        prod("web-1", r#""sg-bastion""#),
    ];
    let fs = run(&classic(groups, &nodes.join(",")), "BH004");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("`bastion`, `bastion-2`"),
        "{}",
        fs[0].message.en
    );
    // A group with no bastion is not judged.
    let nodes = [VPN.to_string(), prod("web-1", r#""sg-bastion""#)];
    assert!(run(&classic(groups, &nodes.join(",")), "BH004").is_empty());
    // A Windows bastion is judged on 3389 only.
    let groups = r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"},{"ports":"3389","from":"0.0.0.0/0"}]}"#;
    let nodes = [
        VPN.to_string(),
        r#"{"id":"wb","kind":"ecs","role":"bastion","os":"windows","zone":"hz-b","security_groups":["sg-bastion"]}"#.into(),
    ];
    let fs = run(&classic(groups, &nodes.join(",")), "BH004");
    assert_eq!(
        at(&fs),
        [(Some("sg-bastion"), "/security_groups/0/rules/1")]
    );
}

// ---------------------------------------------------------------- BH005

#[test]
fn bh005_bandwidth_and_eips() {
    let nodes = r#"{"id":"b","kind":"ecs","role":"bastion","zone":"hz-b","public_bandwidth_mbps":5},
        {"id":"ip1","kind":"eip","attached_to":"b"},
        {"id":"ip2","kind":"eip","attached_to":"web"},
        {"id":"web","kind":"ecs","zone":"hz-b","public_bandwidth_mbps":5}"#;
    let fs = run(&classic("", nodes), "BH005");
    assert_eq!(
        at(&fs),
        [
            (Some("b"), "/nodes/0/public_bandwidth_mbps"),
            (Some("b"), "/nodes/1/attached_to")
        ]
    );
    assert!(fs[0].message.en.contains("5 Mbps"));
    assert!(fs[1].message.en.contains("`ip1`"));
}

#[test]
fn bh005_zero_or_absent_bandwidth_passes() {
    for bw in [r#","public_bandwidth_mbps":0"#, ""] {
        let nodes = format!(r#"{{"id":"b","kind":"ecs","role":"bastion","zone":"hz-b"{bw}}}"#);
        assert!(run(&classic("", &nodes), "BH005").is_empty(), "{bw}");
    }
    let nodes =
        r#"{"id":"b","kind":"ecs","role":"bastion","zone":"hz-b","public_bandwidth_mbps":0.5}"#;
    assert_eq!(run(&classic("", nodes), "BH005").len(), 1);
}

// ---------------------------------------------------------------- BH006

fn bh006(rules: &str, bastion_extra: &str, vpn: &str) -> Vec<Finding> {
    let groups = format!(r#"{{"id":"sg-bastion","rules":[{rules}]}}"#);
    let mut nodes = vec![format!(
        r#"{{"id":"bastion","kind":"ecs","role":"bastion","zone":"hz-b","security_groups":["sg-bastion"]{bastion_extra}}}"#
    )];
    if !vpn.is_empty() {
        nodes.push(vpn.to_string());
    }
    run(&classic(&groups, &nodes.join(",")), "BH006")
}

#[test]
fn bh006_reachable_from_the_pool() {
    assert_eq!(bh006(r#"{"ports":"23","from":"vpn"}"#, "", VPN).len(), 1);
    for r in [
        r#"{"ports":"22","from":"vpn"}"#,
        r#"{"ports":"22","from":"10.200.0.4"}"#, // one address of the pool is enough here (BH007 judges the rest)
        r#"{"ports":"20-25","from":"10.200.0.0/16"}"#,
        r#"{"protocol":"all","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"from":"vpn"}"#, // unknown ports
        r#"{"ports":"22"}"#, // unknown source
        r#"{"ports":"22","from":"vpn"},{"action":"drop","ports":"22","from":"10.200.0.2"}"#,
    ] {
        assert!(bh006(r, "", VPN).is_empty(), "{r}");
    }
    // A Windows bastion on 3389.
    assert!(bh006(
        r#"{"ports":"3389","from":"vpn"}"#,
        r#","os":"windows""#,
        VPN
    )
    .is_empty());
}

#[test]
fn bh006_unreachable_cases() {
    for r in [
        r#"{"ports":"3389","from":"vpn"}"#,
        r#"{"protocol":"udp","ports":"22","from":"vpn"}"#,
        r#"{"ports":"22","from":"10.200.1.0/24"}"#,
        r#"{"ports":"22","from":"sg:sg-bastion"}"#,
        r#"{"ports":"22","from":"bastion"}"#,
        r#"{"action":"drop","ports":"22","from":"vpn"}"#,
        // Drops that block the whole pool.
        r#"{"ports":"22","from":"vpn"},{"action":"drop","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"ports":"22","from":"vpn"},{"action":"drop","ports":"22","from":"vpn"}"#,
        r#"{"ports":"22","from":"10.200.0.0/24"},{"action":"drop","ports":"22","from":"10.200.0.2/31"},{"action":"drop","ports":"22","from":"10.200.0.4"}"#,
    ] {
        let fs = bh006(r, "", VPN);
        assert_eq!(
            at(&fs),
            [(Some("bastion"), "/nodes/0/security_groups")],
            "{r}"
        );
    }
    // Windows bastion with only 22.
    let fs = bh006(r#"{"ports":"22","from":"vpn"}"#, r#","os":"windows""#, VPN);
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("tcp 3389 (Windows)"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[0].help.en.contains(r#""ports": "3389", "from": "vpn""#),
        "{}",
        fs[0].help.en
    );
}

#[test]
fn bh006_no_vpn_no_group_unknown_pool() {
    let fs = bh006(r#"{"ports":"22","from":"10.200.0.2"}"#, "", "");
    assert_eq!(at(&fs), [(Some("bastion"), "/nodes/0")]);
    assert!(fs[0].message.en.contains("no SSL VPN"));
    // In no security group.
    let nodes = [
        VPN,
        r#"{"id":"b","kind":"ecs","role":"bastion","zone":"hz-b"}"#,
    ]
    .join(",");
    let fs = run(&classic("", &nodes), "BH006");
    assert_eq!(at(&fs), [(Some("b"), "/nodes/1")]);
    assert!(fs[0].message.en.contains("in no security group"));
    // A group id that does not exist is no group.
    let nodes = [
        VPN,
        r#"{"id":"b","kind":"ecs","role":"bastion","zone":"hz-b","security_groups":["nope"]}"#,
    ]
    .join(",");
    assert_eq!(run(&classic("", &nodes), "BH006").len(), 1);
    // An SSL VPN without a written pool: a CIDR may be it; its id always is.
    let unknown = r#"{"id":"vpn","kind":"vpn","type":"ssl","region":"hz"}"#;
    assert!(bh006(r#"{"ports":"22","from":"10.9.0.0/24"}"#, "", unknown).is_empty());
    assert!(bh006(r#"{"ports":"22","from":"vpn"}"#, "", unknown).is_empty());
    assert_eq!(
        bh006(r#"{"ports":"80","from":"vpn"}"#, "", unknown).len(),
        1
    );
    // No bastion, nothing to reach.
    assert!(run(&classic("", VPN), "BH006").is_empty());
}

// ---------------------------------------------------------------- BH007

fn bh007(rules: &str, vpns: &str) -> Vec<Finding> {
    let groups = format!(r#"{{"id":"sg-bastion","rules":[{rules}]}}"#);
    run(&classic(&groups, &[BASTION, vpns].join(",")), "BH007")
}

fn from(addrs: &[&str], ports: &str) -> String {
    addrs
        .iter()
        .map(|a| format!(r#"{{"ports":"{ports}","from":"{a}"}}"#))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn bh007_missing_addresses_are_named() {
    let fs = bh007(&from(&["10.200.0.2", "10.200.0.3"], "22"), VPN);
    assert_eq!(
        at(&fs),
        [(Some("sg-bastion"), "/security_groups/0/rules/0")]
    );
    assert!(
        fs[0]
            .message
            .en
            .contains("1 of its 3 addresses are missing (10.200.0.4)"),
        "{}",
        fs[0].message.en
    );
    assert!(fs[0].message.en.contains("tcp port 22"));
    assert!(fs[0].help.en.contains("`vpn`"));
    // Missing addresses in the middle, and collapsed ranges.
    let fs = bh007(&from(&["10.200.0.3"], "22"), VPN);
    assert!(
        fs[0].message.en.contains("(10.200.0.2, 10.200.0.4)"),
        "{}",
        fs[0].message.en
    );
    let big =
        r#"{"id":"vpn","kind":"vpn","type":"ssl","region":"hz","client_ips":["10.200.0.0/28"]}"#;
    let fs = bh007(&from(&["10.200.0.0/30"], "22"), big);
    assert!(
        fs[0]
            .message
            .en
            .contains("12 of its 16 addresses are missing (10.200.0.4-10.200.0.15)"),
        "{}",
        fs[0].message.en
    );
}

#[test]
fn bh007_complete_pools_pass() {
    assert_eq!(
        bh007(&from(&["10.200.0.2", "10.200.0.3"], "22"), VPN).len(),
        1
    );
    for r in [
        from(&["10.200.0.2", "10.200.0.3", "10.200.0.4"], "22"),
        from(&["10.200.0.4", "10.200.0.2/31"], "22"),
        from(&["10.200.0.0/24"], "22"),
        from(&["10.200.0.2", "vpn"], "22"),
        from(&["10.200.0.2"], "22") + "," + &from(&["10.200.0.0/24"], "1-1024"),
        from(&["10.200.1.2"], "22"),            // not the pool at all
        r#"{"from":"10.200.0.2"}"#.to_string(), // unknown ports
    ] {
        assert!(bh007(&r, VPN).is_empty(), "{r}");
    }
}

#[test]
fn bh007_per_port_range_and_protocol() {
    // 22 complete, 3389 not.
    let r = from(&["10.200.0.2", "10.200.0.3", "10.200.0.4"], "22")
        + ","
        + &from(&["10.200.0.2"], "3389");
    let fs = bh007(&r, VPN);
    assert_eq!(
        at(&fs),
        [(Some("sg-bastion"), "/security_groups/0/rules/3")]
    );
    assert!(fs[0].message.en.contains("port 3389"));
    // A wide rule counts for a narrow one, not the other way round.
    let r = from(&["10.200.0.2"], "22") + "," + &from(&["10.200.0.3", "10.200.0.4"], "all");
    let fs = bh007(&r, VPN);
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("all ports") && fs[0].message.en.contains("(10.200.0.2)"),
        "{}",
        fs[0].message.en
    );
    // udp does not complete tcp; protocol all completes tcp but not the reverse.
    let r = r#"{"protocol":"udp","ports":"22","from":"10.200.0.2"},{"ports":"22","from":"10.200.0.3"},{"ports":"22","from":"10.200.0.4"}"#;
    assert_eq!(bh007(r, VPN).len(), 2);
    let r = r#"{"protocol":"all","ports":"22","from":"10.200.0.2"},{"ports":"22","from":"10.200.0.3"},{"ports":"22","from":"10.200.0.4"}"#;
    let fs = bh007(r, VPN);
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("all protocols"));
    // Drop rules are not accepts.
    let r =
        r#"{"ports":"22","from":"10.200.0.2"},{"action":"drop","ports":"22","from":"10.200.0.3"}"#;
    assert_eq!(bh007(r, VPN).len(), 1);
}

/// Ports mean nothing to icmp: an icmp rule for part of the pool opens no port.
#[test]
fn bh007_icmp_rules_open_no_port() {
    for r in [
        r#"{"protocol":"icmp","ports":"all","from":"10.200.0.2"}"#,
        r#"{"protocol":"icmp","ports":"22","from":"10.200.0.2"}"#,
        r#"{"protocol":"icmp","from":"10.200.0.2"}"#,
    ] {
        assert!(bh007(r, VPN).is_empty(), "{r}");
    }
    // Control: the same with tcp.
    let r = r#"{"ports":"all","from":"10.200.0.2"}"#;
    assert_eq!(bh007(r, VPN).len(), 1);
}

#[test]
fn bh007_each_ssl_vpn_pool_separately() {
    let two = [
        VPN,
        r#"{"id":"vpn2","kind":"vpn","type":"ssl","region":"hz","client_ips":["10.201.0.2","10.201.0.3"]}"#,
    ]
    .join(",");
    let r = from(
        &["10.200.0.2", "10.200.0.3", "10.200.0.4", "10.201.0.3"],
        "22",
    );
    let fs = bh007(&r, &two);
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("`vpn2`") && fs[0].message.en.contains("(10.201.0.2)"));
    // An IPsec VPN has no client pool.
    let ipsec = r#"{"id":"v","kind":"vpn","type":"ipsec","region":"hz","client_ips":["10.200.0.2","10.200.0.3"]}"#;
    assert!(bh007(&from(&["10.200.0.2"], "22"), ipsec).is_empty());
}

// ---------------------------------------------------------------- BH008

#[test]
fn bh008_whitelisted_bastion() {
    let nodes = [
        BASTION,
        r#"{"id":"app","kind":"ecs","zone":"hz-b"}"#,
        r#"{"id":"db","kind":"rds","region":"hz","whitelist":["app","10.0.0.1","nobody","bastion"]}"#,
        r#"{"id":"db2","kind":"rds","region":"hz"}"#,
    ]
    .join(",");
    let fs = run(&classic("", &nodes), "BH008");
    assert_eq!(at(&fs), [(Some("db"), "/nodes/2/whitelist/3")]);
    assert!(fs[0].message.en.contains("`bastion`") && fs[0].message.en.contains("`db`"));
    let nodes = [
        BASTION,
        r#"{"id":"db","kind":"rds","region":"hz","whitelist":["10.0.0.0/8"]}"#,
    ]
    .join(",");
    assert!(run(&classic("", &nodes), "BH008").is_empty());
}

// ---------------------------------------------------------------- BH009

#[test]
fn bh009_only_with_a_bastion() {
    let d = classic("", &ecs("web-1", ""));
    assert!(run(&d, "BH009").is_empty());
    let d = classic(SG_BASTION, &[VPN, BASTION, &ecs("web-1", "")].join(","));
    assert_eq!(at(&run(&d, "BH009")), [(Some("web-1"), "/nodes/2")]);
}

#[test]
fn bh009_unreached_instance_with_an_evident_group() {
    let groups = format!(
        r#"{SG_BASTION},{{"id":"sg-prod","rules":[{{"ports":"22","from":"sg:sg-bastion"}}]}},{{"id":"sg-web","rules":[{{"ports":"80","from":"0.0.0.0/0"}}]}}"#
    );
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-prod""#),
        prod("web-2", r#""sg-web""#),
        ecs("web-3", ""),
    ];
    let fs = run(&classic(&groups, &nodes.join(",")), "BH009");
    assert_eq!(
        at(&fs),
        [(Some("web-2"), "/nodes/3"), (Some("web-3"), "/nodes/4")]
    );
    assert!(fs[0].help.en.contains("add `sg-prod`"), "{}", fs[0].help.en);
    assert!(fs[0].message.en.contains("port 22"));
}

#[test]
fn bh009_serial_path_and_breaks() {
    // G1 (bastion) → G2 → G3 → G4 by groups.
    let chain = |g4_from: &str| {
        format!(
            r#"{SG_BASTION},{{"id":"g2","rules":[{{"ports":"22","from":"sg:sg-bastion"}}]}},
            {{"id":"g3","rules":[{{"ports":"22","from":"sg:g2"}}]}},
            {{"id":"g4","rules":[{{"ports":"22","from":"{g4_from}"}}]}}"#
        )
    };
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("w2", r#""g2""#),
        prod("w3", r#""g3""#),
        prod("w4", r#""g4""#),
    ]
    .join(",");
    assert!(run(&classic(&chain("sg:g3"), &nodes), "BH009").is_empty());
    assert!(run(&classic(&chain("w3"), &nodes), "BH009").is_empty());
    // A group that only admits itself: a cycle with no way in.
    let fs = run(&classic(&chain("sg:g4"), &nodes), "BH009");
    assert_eq!(at(&fs), [(Some("w4"), "/nodes/4")]);
    // From a test ECS: not on the path.
    let nodes2 = nodes.clone() + r#",{"id":"t","kind":"ecs","role":"test","zone":"hz-b"}"#;
    assert_eq!(run(&classic(&chain("t"), &nodes2), "BH009").len(), 1);
    // Unknown ports or a CIDR in a classic network: may reach.
    assert!(run(&classic(&chain("10.0.0.0/8"), &nodes), "BH009").is_empty());
    let unknown_ports = chain("x").replace(r#"{"ports":"22","from":"x"}"#, r#"{"from":"sg:g3"}"#);
    assert!(run(&classic(&unknown_ports, &nodes), "BH009").is_empty());
}

#[test]
fn bh009_addresses_in_a_vpc_and_windows() {
    let groups = |from: &str| {
        format!(
            r#"{{"id":"sg-bastion","rules":[]}},{{"id":"sg-prod","rules":[{{"ports":"22","from":"{from}"}}]}}"#
        )
    };
    let nodes = r#"{"id":"bas","kind":"ecs","role":"bastion","vswitch":"vsw-mgmt","security_groups":["sg-bastion"]},
        {"id":"app","kind":"ecs","vswitch":"vsw-a","security_groups":["sg-prod"]}"#;
    assert!(run(&vpc(&groups("10.0.1.0/24"), nodes), "BH009").is_empty());
    let fs = run(&vpc(&groups("10.0.3.0/24"), nodes), "BH009");
    assert_eq!(at(&fs), [(Some("app"), "/nodes/1")]);
    assert!(fs[0].help.en.contains("sg:sg-bastion"), "{}", fs[0].help.en);
    // A Windows server needs 3389.
    let win = nodes.replace(
        r#""id":"app","kind":"ecs""#,
        r#""id":"app","kind":"ecs","os":"windows""#,
    );
    let fs = run(&vpc(&groups("10.0.1.0/24"), &win), "BH009");
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("3389"));
}

// ---------------------------------------------------------------- the whole family

/// The recommended architecture of the design-format page lints clean for BH.
#[test]
fn the_recommended_architecture_is_clean() {
    let d = common::spec_example();
    let r = check(&d, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    let ours: Vec<_> = r
        .findings
        .iter()
        .filter(|f| matches!(f.rule.family(), "BH" | "SG"))
        .map(|f| (f.rule.code, f.message.en.clone()))
        .collect();
    assert!(ours.is_empty(), "{ours:?}");
}

/// Every message and help has both languages, and the ids in backticks.
#[test]
fn messages_are_bilingual() {
    let groups = r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"},{"ports":"3389","from":"10.200.0.2"}]},
        {"id":"sg-prod","rules":[{"ports":"22","from":"vpn"}]}"#;
    let nodes = [
        VPN.to_string(),
        r#"{"id":"bastion","kind":"ecs","role":"bastion","zone":"hz-b","security_groups":["sg-bastion"],"public_bandwidth_mbps":1}"#.into(),
        prod("web-1", r#""sg-prod""#),
        r#"{"id":"web-2","kind":"ecs","module":"web","zone":"hz-c"}"#.into(),
        r#"{"id":"db","kind":"rds","region":"hz","whitelist":["bastion"]}"#.into(),
    ];
    let d = classic(groups, &nodes.join(","));
    let r = check(&d, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    let mut codes: Vec<&str> = Vec::new();
    for f in r.findings.iter().filter(|f| f.rule.family() == "BH") {
        codes.push(f.rule.code);
        for t in [&f.message, &f.help] {
            assert!(
                !t.en.is_empty() && t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{t:?}"
            );
        }
        assert!(f.message.en.contains('`') && f.message.zh.contains('`'));
    }
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        ["BH002", "BH003", "BH004", "BH005", "BH007", "BH008", "BH009"]
    );
}

// ---------------------------------------------------------------- drop wins over accept

/// The spec: when rules disagree about the same traffic, a `drop` rule wins over an `accept`
/// rule, whatever their order; every BH rule reasons that way.
#[test]
fn bh003_a_cidr_source_is_judged_by_what_the_drops_leave_of_it() {
    // The /25 that holds the whole pool (10.200.0.2-4) is dropped: what is left of the /24
    // is a private range off the pool, which in a classic network may be the bastions.
    for (accept, drop) in [
        ("10.200.0.0/24", "10.200.0.0/25"),
        ("10.200.0.0/24", "10.200.0.0/30"), // 10.200.0.0-3, and .4 below
    ] {
        let mut r = format!(
            r#"{{"action":"drop","ports":"22","from":"{drop}"}},{{"ports":"22","from":"{accept}"}}"#
        );
        if drop.ends_with("/30") {
            r.push_str(r#",{"action":"drop","ports":"22","from":"10.200.0.4"}"#);
        }
        assert!(bh003(&r, "").is_empty(), "{r}");
    }
    // Dropping the internet part of 0.0.0.0/0 but not the pool: still the VPN pool.
    let r = r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"0.0.0.0/5"},{"action":"drop","ports":"22","from":"11.0.0.0/8"},{"action":"drop","ports":"22","from":"12.0.0.0/6"},{"action":"drop","ports":"22","from":"16.0.0.0/4"},{"action":"drop","ports":"22","from":"32.0.0.0/3"},{"action":"drop","ports":"22","from":"64.0.0.0/2"},{"action":"drop","ports":"22","from":"128.0.0.0/1"},{"action":"drop","ports":"22","from":"8.0.0.0/7"}"#;
    let fs = bh003(r, "");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("SSL VPN client addresses"),
        "{}",
        fs[0].message.en
    );
}

#[test]
fn bh006_an_accept_of_unknown_source_loses_to_drops_of_the_whole_pool() {
    for r in [
        r#"{"ports":"22"},{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","ports":"22","from":"0.0.0.0/0"},{"ports":"22"}"#,
        r#"{"ports":"22"},{"action":"drop","ports":"22","from":"vpn"}"#,
        r#"{"ports":"22"},{"action":"drop","ports":"22","from":"10.200.0.0/29"}"#,
    ] {
        let fs = bh006(r, "", VPN);
        assert_eq!(
            at(&fs),
            [(Some("bastion"), "/nodes/0/security_groups")],
            "{r}"
        );
    }
    // A drop of part of the pool leaves the rest: may reach.
    let r = r#"{"ports":"22"},{"action":"drop","ports":"22","from":"10.200.0.2"}"#;
    assert!(bh006(r, "", VPN).is_empty());
}

#[test]
fn bh007_what_the_drops_block_is_not_admitted() {
    // The only pool address admitted is dropped again: none of the pool gets in (BH006's
    // business), so no partial pool.
    let r =
        r#"{"ports":"22","from":"10.200.0.2"},{"action":"drop","ports":"22","from":"10.200.0.2"}"#;
    assert!(bh007(r, VPN).is_empty());
    let r = r#"{"action":"drop","ports":"22","from":"10.200.0.0/24"},{"ports":"22","from":"10.200.0.2"}"#;
    assert!(bh007(r, VPN).is_empty());
    // The whole pool written as a range, part of it dropped: the rest is a partial pool.
    let r = r#"{"ports":"22","from":"10.200.0.0/24"},{"action":"drop","ports":"22","from":"10.200.0.3"}"#;
    let fs = bh007(r, VPN);
    assert_eq!(
        at(&fs),
        [(Some("sg-bastion"), "/security_groups/0/rules/0")]
    );
    assert!(
        fs[0]
            .message
            .en
            .contains("1 of its 3 addresses are missing (10.200.0.3)"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[0]
            .help
            .en
            .contains("remove the drop rules that block some of them"),
        "{}",
        fs[0].help.en
    );
    assert!(fs[0].help.zh.contains("删除挡住其中部分地址的拒绝规则"));
    // A drop of another port or protocol changes nothing.
    let r = r#"{"ports":"22","from":"10.200.0.0/24"},{"action":"drop","ports":"23","from":"10.200.0.3"},{"action":"drop","protocol":"udp","ports":"22","from":"10.200.0.3"}"#;
    assert!(bh007(r, VPN).is_empty());
}

#[test]
fn bh009_a_drop_breaks_the_jump_path() {
    let groups =
        |prod_rules: &str| format!(r#"{SG_BASTION},{{"id":"sg-prod","rules":[{prod_rules}]}}"#);
    let b2 = r#"{"id":"bastion-2","kind":"ecs","role":"bastion","zone":"hz-c","security_groups":["sg-bastion"]}"#;
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        b2.to_string(),
        prod("web-1", r#""sg-prod""#),
    ]
    .join(",");
    let accept = r#"{"ports":"22","from":"sg:sg-bastion"}"#;
    assert!(run(&classic(&groups(accept), &nodes), "BH009").is_empty());
    // Drops that match every bastion, before or after the accept.
    for drop in [
        r#"{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","ports":"all","from":"sg:sg-bastion"}"#,
        r#"{"action":"drop","protocol":"all","ports":"1-1024","from":"0.0.0.0/0"}"#,
    ] {
        for rules in [format!("{accept},{drop}"), format!("{drop},{accept}")] {
            let fs = run(&classic(&groups(&rules), &nodes), "BH009");
            assert_eq!(at(&fs), [(Some("web-1"), "/nodes/3")], "{rules}");
        }
    }
    // A drop of one bastion leaves the other; a drop of another port or of a range that may
    // not hold the bastions (classic network: addresses unknown) changes nothing.
    for drop in [
        r#"{"action":"drop","ports":"22","from":"bastion"}"#,
        r#"{"action":"drop","ports":"23","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","ports":"22","from":"10.0.0.0/8"}"#,
    ] {
        let rules = format!("{drop},{accept}");
        assert!(
            run(&classic(&groups(&rules), &nodes), "BH009").is_empty(),
            "{rules}"
        );
    }
    // Both bastions dropped by name.
    let rules = format!(
        r#"{accept},{{"action":"drop","ports":"22","from":"bastion"}},{{"action":"drop","ports":"22","from":"bastion-2"}}"#
    );
    assert_eq!(run(&classic(&groups(&rules), &nodes), "BH009").len(), 1);
}

#[test]
fn bh009_a_drop_in_the_middle_of_a_serial_path() {
    // bastion → w2 (g2) → w3 (g3); g3 drops w2 by name, so w3 is cut off; w2 stays managed.
    let groups = |g3_extra: &str| {
        format!(
            r#"{SG_BASTION},{{"id":"g2","rules":[{{"ports":"22","from":"sg:sg-bastion"}}]}},
            {{"id":"g3","rules":[{{"ports":"22","from":"sg:g2"}}{g3_extra}]}}"#
        )
    };
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("w2", r#""g2""#),
        prod("w3", r#""g3""#),
    ]
    .join(",");
    assert!(run(&classic(&groups(""), &nodes), "BH009").is_empty());
    let d = classic(
        &groups(r#",{"action":"drop","ports":"22","from":"w2"}"#),
        &nodes,
    );
    assert_eq!(at(&run(&d, "BH009")), [(Some("w3"), "/nodes/3")]);
    // With a second member of g2 the drop of w2 alone does not cut w3 off.
    let nodes2 = nodes.clone() + "," + &prod("w2b", r#""g2""#);
    let d = classic(
        &groups(r#",{"action":"drop","ports":"22","from":"w2"}"#),
        &nodes2,
    );
    assert!(run(&d, "BH009").is_empty());
}

#[test]
fn bh009_the_suggested_group_is_one_whose_accept_is_not_dropped() {
    let groups = format!(
        r#"{SG_BASTION},{{"id":"sg-dead","rules":[{{"ports":"22","from":"sg:sg-bastion"}},{{"action":"drop","ports":"22","from":"0.0.0.0/0"}}]}},
        {{"id":"sg-prod","rules":[{{"ports":"22","from":"sg:sg-bastion"}}]}}"#
    );
    let nodes = [
        VPN.to_string(),
        BASTION.to_string(),
        prod("web-1", r#""sg-dead""#),
        prod("web-2", r#""sg-prod""#),
    ];
    let fs = run(&classic(&groups, &nodes.join(",")), "BH009");
    assert_eq!(at(&fs), [(Some("web-1"), "/nodes/2")]);
    assert!(fs[0].help.en.contains("add `sg-prod`"), "{}", fs[0].help.en);
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

#[test]
fn bh001_fix_adds_a_bastion_per_production_zone_in_a_new_group() {
    let sg_prod = r#"{"id":"sg-prod","rules":[{"ports":"22","from":"vpn"}]}"#;
    let web_c = r#"{"id":"web-c","kind":"ecs","module":"web","zone":"hz-c","os":"windows","security_groups":["sg-prod"]}"#;
    let t = classic(
        sg_prod,
        &format!("{VPN},{},{web_c}", prod("web-b", r#""sg-prod""#)),
    );
    let (safety, title, out) = apply_fix("BH001", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add the bastions `bastion-b`, `bastion-c`, one per zone of the production ECS, in a new security group `sg-bastion` that admits the SSL VPN `vpn` on port 22/3389"
    );
    // Each bastion runs the operating system of the servers of its zone; the group admits the
    // VPN on both management ports.
    let out_want = swap(
        &swap(
            &t,
            r#"{"ports":"22","from":"vpn"}]}],"#,
            r#"{"ports":"22","from":"vpn"}]}, {"id":"sg-bastion", "rules":[{"ports":"22", "from":"vpn"}, {"ports":"3389", "from":"vpn"}]}],"#,
        ),
        r#""os":"windows","security_groups":["sg-prod"]}],"#,
        r#""os":"windows","security_groups":["sg-prod"]}, {"id":"bastion-b", "kind":"ecs", "zone":"hz-b", "role":"bastion", "cpu":1, "memory_gb":1, "os":"linux", "public_bandwidth_mbps":0, "security_groups":["sg-bastion"]}, {"id":"bastion-c", "kind":"ecs", "zone":"hz-c", "role":"bastion", "cpu":1, "memory_gb":1, "os":"windows", "public_bandwidth_mbps":0, "security_groups":["sg-bastion"]}],"#,
    );
    assert_eq!(out, out_want);
    for code in ["BH001", "BH002", "BH004", "BH005", "BH006"] {
        assert!(run(&out, code).is_empty(), "{code}");
    }
    // Without an SSL VPN, a bastion could not be reached: no fix.
    let no_vpn = classic(sg_prod, &prod("web-b", r#""sg-prod""#));
    assert!(!fixable("BH001", &no_vpn));
}

#[test]
fn bh001_fix_in_a_vpc_uses_the_management_tier() {
    let t = r#"{"archlint":1,"regions":[{"id":"sh","network":"vpc","zones":[{"id":"sh-a"},{"id":"sh-b"}]}],
"vpcs":[{"id":"vpc1","region":"sh","cidr":"10.0.0.0/16","vswitches":[
 {"id":"vsw-a","zone":"sh-a","cidr":"10.0.1.0/24","tier":"intranet"},
 {"id":"vsw-a-mgmt","zone":"sh-a","cidr":"10.0.2.0/24","tier":"management"}]}],
"nodes":[{"id":"vpn","kind":"vpn","type":"ssl","region":"sh","client_ips":["10.200.0.2"]},
 {"id":"app","kind":"ecs","vswitch":"vsw-a"}]}"#;
    let (_, title, out) = apply_fix("BH001", t);
    assert_eq!(
        title,
        "add the bastion `bastion-a` in a new security group `sg-bastion` that admits the SSL VPN `vpn` on port 22"
    );
    // The design had no `security_groups`: the list is added (written over several lines, as
    // the other multi-line members of the design are).
    let want = swap(
        t,
        r#"{"id":"app","kind":"ecs","vswitch":"vsw-a"}]}"#,
        r#"{"id":"app","kind":"ecs","vswitch":"vsw-a"},
 {"id":"bastion-a", "kind":"ecs", "vswitch":"vsw-a-mgmt", "role":"bastion", "cpu":1, "memory_gb":1, "os":"linux", "public_bandwidth_mbps":0, "security_groups":["sg-bastion"]}],
"security_groups":[
  {
    "id":"sg-bastion",
    "rules":[
      {
        "ports":"22",
        "from":"vpn"
      }
    ]
  }
]}"#,
    );
    assert_eq!(out, want);
    // The high-security profile wants bastions in the management tier (NS003): without such
    // a vSwitch in the zone, no fix.
    let high = t.replace(
        r#"{"archlint":1,"#,
        r#"{"archlint":1,"profile":"high-security","#,
    );
    let (_, _, out) = apply_fix("BH001", &high);
    assert!(run(&out, "NS003").is_empty());
    let untiered = high.replace(r#""tier":"management""#, r#""tier":"dmz""#);
    assert!(!fixable("BH001", &untiered));
    assert!(fixable(
        "BH001",
        &t.replace(r#""tier":"management""#, r#""tier":"dmz""#)
    ));
}

#[test]
fn bh002_fix_adds_a_bastion_like_the_reachable_one() {
    let t = classic(
        SG_BASTION,
        &format!(
            r#"{VPN},{BASTION},{},{}"#,
            ecs("web-b", ""),
            ecs("web-c", "").replace("hz-b", "hz-c")
        ),
    );
    let (safety, title, out) = apply_fix("BH002", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add the bastion `bastion-2`, like `bastion`, in zone `hz-c`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#""zone":"hz-c"}],"#,
            r#""zone":"hz-c"}, {"id":"bastion-2", "kind":"ecs", "zone":"hz-c", "role":"bastion", "os":"linux", "security_groups":["sg-bastion"]}],"#
        )
    );
    assert!(run(&out, "BH002").is_empty());
    // A bastion the VPN does not reach is no model.
    let t = t.replace(r#""from":"vpn""#, r#""from":"10.9.9.9""#);
    assert!(!run(&t, "BH002").is_empty());
    assert!(!fixable("BH002", &t));
}

#[test]
fn bh003_fix_replaces_the_source_with_the_bastions_group() {
    let sg_prod =
        r#"{"id":"sg-prod","rules":[{"ports":"22","from":"vpn"},{"ports":"80","from":"vpn"}]}"#;
    let nodes = format!("{VPN},{BASTION},{}", prod("web-1", r#""sg-prod""#));
    let t = classic(&format!("{SG_BASTION},{sg_prod}"), &nodes);
    let (safety, title, out) = apply_fix("BH003", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "replace the source `vpn` of the rule of `sg-prod` with `sg:sg-bastion`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{"ports":"22","from":"vpn"},{"ports":"80""#,
            r#"{"ports":"22","from":"sg:sg-bastion"},{"ports":"80""#
        )
    );
    assert!(run(&out, "BH003").is_empty());
    // A link from the VPN to the server's port 22 needs the rule as it is.
    let link = r#"{"from":"vpn","to":"web-1","port":22}"#;
    let linked = classic_links(&format!("{SG_BASTION},{sg_prod}"), &nodes, link);
    assert!(!run(&linked, "BH003").is_empty());
    assert!(!fixable("BH003", &linked));
    // A group holding the bastions too would cut them off from the VPN.
    let shared = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"vpn"}]}"#,
        &format!("{VPN},{BASTION},{}", prod("web-1", r#""sg-bastion""#)),
    );
    assert!(!run(&shared, "BH003").is_empty());
    assert!(!fixable("BH003", &shared));
    // A rule of a port range: narrowing it would close its other ports too.
    let range = classic(
        &format!(r#"{SG_BASTION},{{"id":"sg-prod","rules":[{{"ports":"1-1024","from":"vpn"}}]}}"#),
        &nodes,
    );
    assert!(!run(&range, "BH003").is_empty());
    assert!(!fixable("BH003", &range));
}

#[test]
fn bh004_fix_writes_the_vpn_or_removes_the_rule() {
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"}]}"#,
        &format!("{VPN},{BASTION}"),
    );
    let (safety, title, out) = apply_fix("BH004", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "replace the source `0.0.0.0/0` of the rule of `sg-bastion` with the SSL VPN `vpn`"
    );
    assert_eq!(out, swap(&t, r#""from":"0.0.0.0/0""#, r#""from":"vpn""#));
    assert!(run(&out, "BH004").is_empty());
    // The VPN already admitted: the rule goes.
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"vpn"},{"ports":"22","from":"192.168.0.0/16"}]}"#,
        &format!("{VPN},{BASTION}"),
    );
    let (_, title, out) = apply_fix("BH004", &t);
    assert_eq!(
        title,
        "remove the rule of `sg-bastion` that admits `192.168.0.0/16`: the group admits the SSL VPN `vpn` already"
    );
    assert_eq!(
        out,
        swap(&t, r#",{"ports":"22","from":"192.168.0.0/16"}"#, "")
    );
    // No SSL VPN to write: no fix.
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"}]}"#,
        BASTION,
    );
    assert!(!run(&t, "BH004").is_empty());
    assert!(!fixable("BH004", &t));
}

#[test]
fn bh005_fix_sets_bandwidth_to_zero_or_detaches_the_eip() {
    let bastion =
        r#"{"id":"bastion","kind":"ecs","role":"bastion","zone":"hz-b","public_bandwidth_mbps":5}"#;
    let eip = r#"{"id":"eip-1","kind":"eip","attached_to":"bastion"}"#;
    let t = classic("", &format!("{bastion},{eip}"));
    let (safety, title, out) = apply_fix("BH005", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "set \"public_bandwidth_mbps\" of `bastion` to 0");
    assert_eq!(
        out,
        swap(
            &t,
            r#""public_bandwidth_mbps":5"#,
            r#""public_bandwidth_mbps":0"#
        )
    );
    let (_, title, out) = apply_fix("BH005", &out);
    assert_eq!(
        title,
        "detach `eip-1` from `bastion` (remove its \"attached_to\")"
    );
    assert!(out.contains(r#"{"id":"eip-1","kind":"eip"}"#), "{out}");
    assert!(run(&out, "BH005").is_empty());
    // A bastion that says it needs the internet keeps its way out.
    let t = t.replace(
        r#""public_bandwidth_mbps":5"#,
        r#""public_bandwidth_mbps":5,"needs_internet":true"#,
    );
    assert!(!fixable("BH005", &t));
}

#[test]
fn bh006_fix_opens_the_management_port_to_the_vpn() {
    // A rule for the wrong port: the right one is added to the bastion's own group.
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"3389","from":"vpn"}]}"#,
        &format!("{VPN},{BASTION}"),
    );
    let (safety, title, out) = apply_fix("BH006", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add to `sg-bastion` the rule { \"ports\": \"22\", \"from\": \"vpn\" }"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{"ports":"3389","from":"vpn"}]"#,
            r#"{"ports":"3389","from":"vpn"}, {"ports":"22", "from":"vpn"}]"#
        )
    );
    assert!(run(&out, "BH006").is_empty());
    // A bastion in no group joins the group through which the VPN reaches another one.
    let lone = r#"{"id":"bastion-2","kind":"ecs","role":"bastion","zone":"hz-c"}"#;
    let t = classic(SG_BASTION, &format!("{VPN},{BASTION},{lone}"));
    let (_, title, out) = apply_fix("BH006", &t);
    assert_eq!(
        title,
        "put `bastion-2` in `sg-bastion`, the group through which the SSL VPN reaches another bastion"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#""zone":"hz-c"}"#,
            r#""zone":"hz-c", "security_groups":["sg-bastion"]}"#
        )
    );
    // ... or a new group, when there is none to join; a group shared with servers is not
    // opened to the VPN.
    let t = classic(
        r#"{"id":"sg-all","rules":[]}"#,
        &format!(
            "{VPN},{},{}",
            BASTION.replace("sg-bastion", "sg-all"),
            prod("web-1", r#""sg-all""#)
        ),
    );
    let (_, title, out) = apply_fix("BH006", &t);
    assert_eq!(
        title,
        "put `bastion` in a new security group `sg-bastion` that admits the SSL VPN `vpn` on port 22"
    );
    let out_want = swap(
        &swap(
            &t,
            r#"{"id":"sg-all","rules":[]}"#,
            r#"{"id":"sg-all","rules":[]}, {"id":"sg-bastion", "rules":[{"ports":"22", "from":"vpn"}]}"#,
        ),
        r#""role":"bastion","zone":"hz-b","security_groups":["sg-all"]"#,
        r#""role":"bastion","zone":"hz-b","security_groups":["sg-all", "sg-bastion"]"#,
    );
    assert_eq!(out, out_want);
    assert!(run(&out, "BH006").is_empty());
    // A drop of the VPN wins over any accept: no fix.
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"action":"drop","ports":"22","from":"vpn"}]}"#,
        &format!("{VPN},{BASTION}"),
    );
    assert!(!run(&t, "BH006").is_empty());
    assert!(!fixable("BH006", &t));
}

#[test]
fn bh007_fix_writes_the_pool_as_the_vpn() {
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"10.200.0.2"},{"ports":"22","from":"10.200.0.3"}]}"#,
        &format!("{VPN},{BASTION}"),
    );
    let (safety, title, out) = apply_fix("BH007", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "write the source `10.200.0.2` of the rule of `sg-bastion` as the SSL VPN `vpn`, which admits its whole client pool"
    );
    assert_eq!(out, swap(&t, r#""from":"10.200.0.2""#, r#""from":"vpn""#));
    assert!(run(&out, "BH007").is_empty());
}

#[test]
fn bh008_fix_removes_the_bastion_from_the_whitelist() {
    let rds = r#"{"id":"db","kind":"rds","region":"hz","whitelist":["app-1","bastion"]}"#;
    let nodes = format!("{BASTION},{},{rds}", ecs("app-1", ""));
    let t = classic(SG_BASTION, &nodes);
    let (safety, title, out) = apply_fix("BH008", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "remove `bastion` from the whitelist of `db`");
    assert_eq!(out, swap(&t, r#"["app-1","bastion"]"#, r#"["app-1"]"#));
    // A bastion that links to the database keeps its entry (DB003 would report the link).
    let linked = classic_links(
        SG_BASTION,
        &nodes,
        r#"{"from":"bastion","to":"db","port":3306}"#,
    );
    assert!(!fixable("BH008", &linked));
}

#[test]
fn bh009_fix_admits_the_bastions_group() {
    let sg_web = r#"{"id":"sg-web","rules":[{"ports":"80","from":"0.0.0.0/0"}]}"#;
    let t = classic(
        &format!("{SG_BASTION},{sg_web}"),
        &format!("{VPN},{BASTION},{}", prod("web-1", r#""sg-web""#)),
    );
    let (safety, title, out) = apply_fix("BH009", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add to `sg-web` the rule { \"ports\": \"22\", \"from\": \"sg:sg-bastion\" } so that the bastions can manage `web-1`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{"ports":"80","from":"0.0.0.0/0"}]"#,
            r#"{"ports":"80","from":"0.0.0.0/0"}, {"ports":"22", "from":"sg:sg-bastion"}]"#
        )
    );
    assert!(run(&out, "BH009").is_empty());
    // A drop of the bastions' group wins over any accept: no fix.
    let t = t.replace(
        r#"{"ports":"80","from":"0.0.0.0/0"}"#,
        r#"{"ports":"80","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"sg:sg-bastion"}"#,
    );
    assert!(!run(&t, "BH009").is_empty());
    assert!(!fixable("BH009", &t));
}
