//! Edge cases of the SG rules, and of the security-group reasoning as it shows through them:
//! SSL VPN pools written as separate addresses, /32s, overlapping ranges, `all` ports and
//! protocols, drop rules, `sg:` sources (including a group naming itself), node-id sources,
//! classic (unknown address) and VPC (vSwitch CIDR) sources.

mod common;
use common::{apply_fix, fixable, swap};

use archlint_core::Finding;

fn run(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

use common::at;

fn classic(groups: &str, nodes: &str, links: &str) -> String {
    common::classic_with(groups, nodes, links)
}

fn vpc(groups: &str, nodes: &str, links: &str) -> String {
    common::vpc_with(groups, nodes, links)
}

/// One group `g` with `rules`, one ECS `web` in it.
fn one_group(rules: &str, code: &str) -> Vec<Finding> {
    let groups = format!(r#"{{"id":"g","rules":[{rules}]}}"#);
    let nodes = r#"{"id":"web","kind":"ecs","zone":"hz-b","security_groups":["g"]}"#;
    run(&classic(&groups, nodes, ""), code)
}

// ---------------------------------------------------------------- SG001

#[test]
fn sg001_management_ports_open_to_the_world() {
    for (r, port) in [
        (r#"{"ports":"22","from":"0.0.0.0/0"}"#, "tcp 22 (SSH)"),
        (r#"{"ports":"3389","from":"0.0.0.0/0"}"#, "tcp 3389 (RDP)"),
        (r#"{"ports":"20-25","from":"0.0.0.0/0"}"#, "tcp 22 (SSH)"),
        (
            r#"{"ports":"22-3389","from":"0.0.0.0/0"}"#,
            "22 (SSH) and 3389",
        ),
        (r#"{"ports":"all","from":"0.0.0.0/0"}"#, "22 (SSH) and 3389"),
        (
            r#"{"protocol":"all","ports":"22","from":"0.0.0.0/0"}"#,
            "tcp 22 (SSH)",
        ),
        (
            r#"{"action":"accept","protocol":"tcp","ports":"3389","from":"0.0.0.0/0"}"#,
            "3389",
        ),
    ] {
        let fs = one_group(r, "SG001");
        assert_eq!(at(&fs), [(Some("g"), "/security_groups/0/rules/0")], "{r}");
        assert!(fs[0].message.en.contains(port), "{r}: {}", fs[0].message.en);
    }
}

#[test]
fn sg001_what_is_not_reported() {
    for r in [
        r#"{"ports":"80","from":"0.0.0.0/0"}"#,
        r#"{"ports":"23-3388","from":"0.0.0.0/0"}"#,
        r#"{"from":"0.0.0.0/0"}"#, // unknown ports
        r#"{"protocol":"udp","ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"protocol":"icmp","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"ports":"22","from":"0.0.0.0/1"}"#, // not exactly 0.0.0.0/0
        r#"{"ports":"22","from":"1.2.3.4"}"#,
        r#"{"ports":"22"}"#,
        // Cancelled by a drop rule of the same group.
        r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","ports":"1-1024","from":"0.0.0.0/0"}"#,
        r#"{"ports":"all","from":"0.0.0.0/0"},{"action":"drop","protocol":"all","ports":"all","from":"0.0.0.0/0"}"#,
        // Drops that together cover every address.
        r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"0.0.0.0/1"},{"action":"drop","ports":"22","from":"128.0.0.0/1"}"#,
    ] {
        assert!(one_group(r, "SG001").is_empty(), "{r}");
    }
    // Control.
    assert_eq!(
        one_group(r#"{"ports":"22","from":"0.0.0.0/0"}"#, "SG001").len(),
        1
    );
}

#[test]
fn sg001_partial_drops_and_groups_without_members() {
    // 22 dropped, 3389 still open.
    let r =
        r#"{"ports":"all","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"0.0.0.0/0"}"#;
    let fs = one_group(r, "SG001");
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("tcp 3389 (RDP)") && !fs[0].message.en.contains("22 (SSH)"));
    // A udp drop does not cancel tcp.
    let r = r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","protocol":"udp","ports":"22","from":"0.0.0.0/0"}"#;
    assert_eq!(one_group(r, "SG001").len(), 1);
    // A drop for part of the internet does not cancel it.
    let r =
        r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","ports":"22","from":"0.0.0.0/1"}"#;
    assert_eq!(one_group(r, "SG001").len(), 1);
    // A drop of another group does not cancel this group's rule.
    let groups = r#"{"id":"g","rules":[{"ports":"22","from":"0.0.0.0/0"}]},{"id":"deny","rules":[{"action":"drop","ports":"all","from":"0.0.0.0/0"}]}"#;
    assert_eq!(run(&classic(groups, "", ""), "SG001").len(), 1);
}

#[test]
fn sg001_help_depends_on_what_the_group_guards() {
    let groups = r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"}]},{"id":"sg-web","rules":[{"ports":"22","from":"0.0.0.0/0"}]}"#;
    let nodes = r#"{"id":"vpn","kind":"vpn","type":"ssl","region":"hz","client_ips":["10.200.0.2"]},
        {"id":"b","kind":"ecs","role":"bastion","zone":"hz-b","security_groups":["sg-bastion"]},
        {"id":"w","kind":"ecs","zone":"hz-b","security_groups":["sg-web"]}"#;
    let fs = run(&classic(groups, nodes, ""), "SG001");
    assert_eq!(
        at(&fs),
        [
            (Some("sg-bastion"), "/security_groups/0/rules/0"),
            (Some("sg-web"), "/security_groups/1/rules/0")
        ]
    );
    assert!(fs[0].help.en.contains("SSL VPN `vpn`"), "{}", fs[0].help.en);
    assert!(
        fs[1].help.en.contains("`sg:sg-bastion`"),
        "{}",
        fs[1].help.en
    );
}

// ---------------------------------------------------------------- SG002

#[test]
fn sg002_all_ports_from_the_world() {
    for r in [
        r#"{"ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"ports":"1-65535","from":"0.0.0.0/0"}"#,
        r#"{"protocol":"udp","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"protocol":"all","ports":"all","from":"0.0.0.0/0"}"#,
        // A tcp drop does not cancel an accept of every protocol.
        r#"{"protocol":"all","ports":"all","from":"0.0.0.0/0"},{"action":"drop","ports":"all","from":"0.0.0.0/0"}"#,
    ] {
        let fs = one_group(r, "SG002");
        assert_eq!(at(&fs), [(Some("g"), "/security_groups/0/rules/0")], "{r}");
    }
}

#[test]
fn sg002_what_is_not_reported() {
    assert_eq!(
        one_group(r#"{"ports":"all","from":"0.0.0.0/0"}"#, "SG002").len(),
        1
    );
    for r in [
        r#"{"ports":"1-65534","from":"0.0.0.0/0"}"#,
        r#"{"ports":"2-65535","from":"0.0.0.0/0"}"#,
        r#"{"ports":"all","from":"0.0.0.0/1"}"#,
        r#"{"ports":"all","from":"10.0.0.0/8"}"#,
        r#"{"ports":"all","from":"sg:g"}"#,
        r#"{"from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"ports":"all","from":"0.0.0.0/0"},{"action":"drop","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"protocol":"udp","ports":"all","from":"0.0.0.0/0"},{"action":"drop","protocol":"all","ports":"all","from":"0.0.0.0/0"}"#,
    ] {
        assert!(one_group(r, "SG002").is_empty(), "{r}");
    }
}

#[test]
fn sg001_and_sg002_both_fire_on_one_rule() {
    let r = r#"{"ports":"all","from":"0.0.0.0/0"}"#;
    assert_eq!(one_group(r, "SG001").len(), 1);
    assert_eq!(one_group(r, "SG002").len(), 1);
    // udp all ports: only SG002.
    let r = r#"{"protocol":"udp","ports":"all","from":"0.0.0.0/0"}"#;
    assert!(one_group(r, "SG001").is_empty());
    let fs = one_group(r, "SG002");
    assert!(fs[0].message.en.contains("udp"));
}

// ---------------------------------------------------------------- SG003

#[test]
fn sg003_ungrouped_production_instances() {
    let groups = r#"{"id":"g","rules":[]}"#;
    let nodes = r#"{"id":"a","kind":"ecs","module":"m","zone":"hz-b"},
        {"id":"b","kind":"ecs","module":"m","zone":"hz-b","security_groups":["nope","a"]},
        {"id":"c","kind":"ecs","module":"m","zone":"hz-b","security_groups":[]},
        {"id":"d","kind":"ecs","module":"m","zone":"hz-b","security_groups":["g"]},
        {"id":"e","kind":"ecs","role":"database","zone":"hz-c"}"#;
    let fs = run(&classic(groups, nodes, ""), "SG003");
    assert_eq!(
        at(&fs),
        [
            (Some("a"), "/nodes/0"),
            (Some("b"), "/nodes/1/security_groups"),
            (Some("c"), "/nodes/2"),
            (Some("e"), "/nodes/4"),
        ]
    );
    assert!(
        fs[1].message.en.contains("`nope`, `a`"),
        "{}",
        fs[1].message.en
    );
    // The help points at the group the rest of the module uses.
    assert!(fs[0].help.en.contains(r#"["g"]"#), "{}", fs[0].help.en);
}

#[test]
fn sg003_only_production() {
    let nodes = r#"{"id":"b","kind":"ecs","role":"bastion","zone":"hz-b"},
        {"id":"t","kind":"ecs","role":"test","zone":"hz-b"},
        {"id":"d","kind":"ecs","zone":"dr-a"},
        {"id":"s","kind":"slb","region":"hz"},
        {"id":"r","kind":"rds","region":"hz"}"#;
    assert!(run(&classic("", nodes, ""), "SG003").is_empty());
    // Control: an app ECS in the primary region.
    let nodes = r#"{"id":"a","kind":"ecs","zone":"hz-b"}"#;
    let fs = run(&classic("", nodes, ""), "SG003");
    assert_eq!(at(&fs), [(Some("a"), "/nodes/0")]);
    assert!(fs[0].help.en.contains("define a security group"));
}

// ---------------------------------------------------------------- SG004

/// `client` → `srv` on `port`, `srv` in group `g` with `rules`.
fn link(rules: &str, client: &str, link_extra: &str) -> Vec<Finding> {
    let groups = format!(r#"{{"id":"g","rules":[{rules}]}},{{"id":"other","rules":[]}}"#);
    let nodes =
        format!(r#"{{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["g"]}},{client}"#);
    let links = format!(r#"{{"from":"cli","to":"srv","port":8080{link_extra}}}"#);
    run(&classic(&groups, &nodes, &links), "SG004")
}

const CLI: &str = r#"{"id":"cli","kind":"ecs","zone":"hz-b","security_groups":["other"]}"#;

#[test]
fn sg004_blocked_link_is_reported_at_the_link() {
    let fs = link(r#"{"ports":"80","from":"cli"}"#, CLI, "");
    assert_eq!(at(&fs), [(Some("srv"), "/links/0")]);
    assert!(
        fs[0]
            .message
            .en
            .contains("from `cli` to `srv` on port 8080 (tcp)"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[0]
            .help
            .en
            .contains(r#"{ "ports": "8080", "from": "cli" }"#),
        "{}",
        fs[0].help.en
    );
}

#[test]
fn sg004_sources_that_admit() {
    assert_eq!(link(r#"{"ports":"8081","from":"cli"}"#, CLI, "").len(), 1);
    for r in [
        r#"{"ports":"8080","from":"cli"}"#,
        r#"{"ports":"8000-9000","from":"cli"}"#,
        r#"{"ports":"all","from":"cli"}"#,
        r#"{"protocol":"all","ports":"8080","from":"cli"}"#,
        r#"{"ports":"8080","from":"sg:other"}"#,
        r#"{"ports":"8080","from":"10.0.0.0/8"}"#, // classic: the address is unknown
        r#"{"ports":"8080","from":"0.0.0.0/0"}"#,
        r#"{"from":"cli"}"#,   // unknown ports
        r#"{"ports":"8080"}"#, // unknown source
        // A drop that only may match (classic: unknown address) does not block:
        r#"{"ports":"8080","from":"cli"},{"action":"drop","ports":"8080","from":"10.0.0.0/8"}"#,
    ] {
        assert!(link(r, CLI, "").is_empty(), "{r}");
    }
}

#[test]
fn sg004_sources_that_do_not_admit() {
    for r in [
        r#"{"ports":"8081","from":"cli"}"#,
        r#"{"ports":"8080","from":"srv"}"#,
        r#"{"ports":"8080","from":"sg:g"}"#, // cli is not in g
        r#"{"ports":"8080","from":"sg:nope"}"#,
        r#"{"protocol":"udp","ports":"8080","from":"cli"}"#,
        r#"{"protocol":"icmp","from":"cli"}"#,
        r#"{"action":"drop","ports":"8080","from":"cli"}"#,
        r#"{"ports":"8080","from":"300.1.1.1"}"#, // invalid address matches nothing
        // A sure drop wins over an accept.
        r#"{"ports":"8080","from":"cli"},{"action":"drop","ports":"all","from":"sg:other"}"#,
        r#"{"ports":"8080","from":"cli"},{"action":"drop","ports":"8080","from":"cli"}"#,
    ] {
        assert_eq!(link(r, CLI, "").len(), 1, "{r}");
    }
}

#[test]
fn sg004_udp_links_and_protocols() {
    assert_eq!(
        link(
            r#"{"ports":"8080","from":"cli"}"#,
            CLI,
            r#","protocol":"udp""#
        )
        .len(),
        1
    );
    assert!(link(
        r#"{"protocol":"udp","ports":"8080","from":"cli"}"#,
        CLI,
        r#","protocol":"UDP""#
    )
    .is_empty());
    assert!(link(
        r#"{"protocol":"all","ports":"8080","from":"cli"}"#,
        CLI,
        r#","protocol":"udp""#
    )
    .is_empty());
    // Any other protocol name is tcp.
    assert!(link(
        r#"{"ports":"8080","from":"cli"}"#,
        CLI,
        r#","protocol":"http""#
    )
    .is_empty());
    let fs = link(
        r#"{"ports":"80","from":"cli"}"#,
        CLI,
        r#","protocol":"udp""#,
    );
    assert!(
        fs[0].help.en.contains(r#""protocol": "udp""#),
        "{}",
        fs[0].help.en
    );
}

#[test]
fn sg004_only_checked_with_a_port_and_a_group() {
    // No port on the link.
    let groups = r#"{"id":"g","rules":[]}"#;
    let nodes = [
        r#"{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["g"]}"#,
        CLI,
    ]
    .join(",");
    assert!(run(
        &classic(groups, &nodes, r#"{"from":"cli","to":"srv"}"#),
        "SG004"
    )
    .is_empty());
    // Control: with a port.
    assert_eq!(
        run(
            &classic(groups, &nodes, r#"{"from":"cli","to":"srv","port":1}"#),
            "SG004"
        )
        .len(),
        1
    );
    // A server in no (existing) group: SG003's business.
    let nodes = [
        r#"{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["nope"]}"#,
        CLI,
    ]
    .join(",");
    assert!(run(
        &classic(groups, &nodes, r#"{"from":"cli","to":"srv","port":1}"#),
        "SG004"
    )
    .is_empty());
    // Not an ECS.
    let nodes = [
        r#"{"id":"srv","kind":"rds","region":"hz","security_groups":["g"]}"#,
        CLI,
    ]
    .join(",");
    assert!(run(
        &classic(groups, &nodes, r#"{"from":"cli","to":"srv","port":3306}"#),
        "SG004"
    )
    .is_empty());
}

#[test]
fn sg004_internet_sources() {
    let groups =
        |from: &str| format!(r#"{{"id":"g","rules":[{{"ports":"443","from":"{from}"}}]}}"#);
    let nodes = r#"{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["g"]}"#;
    let l = r#"{"from":"internet","to":"srv","port":443}"#;
    for from in ["0.0.0.0/0", "1.0.0.0/8", "8.8.8.8"] {
        assert!(
            run(&classic(&groups(from), nodes, l), "SG004").is_empty(),
            "{from}"
        );
    }
    for from in ["10.0.0.0/8", "192.168.0.0/16", "srv", "sg:g"] {
        let fs = run(&classic(&groups(from), nodes, l), "SG004");
        assert_eq!(at(&fs), [(Some("srv"), "/links/0")], "{from}");
    }
    let fs = run(&classic(&groups("10.0.0.0/8"), nodes, l), "SG004");
    assert!(fs[0].message.en.contains("from `internet`"));
    assert!(fs[0].help.en.contains("0.0.0.0/0"));
}

#[test]
fn sg004_slb_implied_links_on_the_backend_port() {
    let groups = |rules: &str| format!(r#"{{"id":"g","rules":[{rules}]}}"#);
    let nodes = r#"{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["g"]},
        {"id":"lb","kind":"slb","region":"hz","listeners":[{"protocol":"http","port":80,"backend_port":8080},{"protocol":"udp","port":53}],
         "backends":["srv"]}"#;
    // Nothing admitted: one finding per backend port, at the backend entry.
    let fs = run(&classic(&groups(""), nodes, ""), "SG004");
    assert_eq!(
        at(&fs),
        [
            (Some("srv"), "/nodes/1/backends/0"),
            (Some("srv"), "/nodes/1/backends/0")
        ]
    );
    assert!(fs.iter().any(|f| f
        .message
        .en
        .contains("SLB `lb` forwards to its backend `srv` on port 8080 (tcp)")));
    assert!(fs.iter().any(|f| f.message.en.contains("port 53 (udp)")));
    // The frontend port is not the backend port.
    let fs = run(
        &classic(
            &groups(r#"{"ports":"80","from":"lb"},{"protocol":"udp","ports":"53","from":"lb"}"#),
            nodes,
            "",
        ),
        "SG004",
    );
    assert_eq!(fs.len(), 1);
    assert!(fs[0].message.en.contains("8080"));
    // Both admitted (the SLB's addresses are unknown: a private CIDR may be it).
    let ok = groups(
        r#"{"ports":"8080","from":"lb"},{"protocol":"udp","ports":"53","from":"10.0.0.0/8"}"#,
    );
    assert!(run(&classic(&ok, nodes, ""), "SG004").is_empty());
}

#[test]
fn sg004_sg_sources_naming_their_own_group() {
    // Members of one group talking to each other through `sg:` of that same group.
    let groups = r#"{"id":"g","rules":[{"ports":"7000","from":"sg:g"}]}"#;
    let nodes = r#"{"id":"a","kind":"ecs","zone":"hz-b","security_groups":["g"]},
        {"id":"b","kind":"ecs","zone":"hz-b","security_groups":["g"]},
        {"id":"c","kind":"ecs","zone":"hz-b","security_groups":[]}"#;
    let links = r#"{"from":"a","to":"b","port":7000},{"from":"b","to":"a","port":7000},{"from":"c","to":"a","port":7000}"#;
    let fs = run(&classic(groups, nodes, links), "SG004");
    assert_eq!(at(&fs), [(Some("a"), "/links/2")]);
}

#[test]
fn sg004_vpc_addresses() {
    let groups = |from: &str| {
        format!(
            r#"{{"id":"g","rules":[{{"ports":"8080","from":"{from}"}}]}},{{"id":"other","rules":[]}}"#
        )
    };
    let nodes = r#"{"id":"srv","kind":"ecs","vswitch":"vsw-b","security_groups":["g"]},
        {"id":"cli","kind":"ecs","vswitch":"vsw-a","security_groups":["other"]}"#;
    let l = r#"{"from":"cli","to":"srv","port":8080}"#;
    // The client's vSwitch, a range holding it, one address in it (may be the client).
    for from in ["10.0.2.0/24", "10.0.0.0/16", "10.0.2.9", "10.0.2.0/23"] {
        assert!(
            run(&vpc(&groups(from), nodes, l), "SG004").is_empty(),
            "{from}"
        );
    }
    // Another vSwitch, an office range: surely not the client.
    for from in [
        "10.0.3.0/24",
        "10.0.1.0/24",
        "192.168.0.0/16",
        "10.0.4.0/22",
    ] {
        let fs = run(&vpc(&groups(from), nodes, l), "SG004");
        assert_eq!(at(&fs), [(Some("srv"), "/links/0")], "{from}");
    }
}

#[test]
fn sg004_ssl_vpn_pool_written_as_separate_addresses() {
    let vpn = r#"{"id":"vpn","kind":"vpn","type":"ssl","region":"hz","client_ips":["10.200.0.2","10.200.0.3","10.200.0.4"]}"#;
    let groups = |rules: &str| format!(r#"{{"id":"g","rules":[{rules}]}}"#);
    let nodes = [
        r#"{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["g"]}"#,
        vpn,
    ]
    .join(",");
    let l = r#"{"from":"vpn","to":"srv","port":22}"#;
    for rules in [
        r#"{"ports":"22","from":"vpn"}"#,
        r#"{"ports":"22","from":"10.200.0.2"},{"ports":"22","from":"10.200.0.3"},{"ports":"22","from":"10.200.0.4"}"#,
        r#"{"ports":"22","from":"10.200.0.3"}"#, // part of the pool: may match
        r#"{"ports":"22","from":"10.200.0.0/24"}"#,
        r#"{"ports":"22","from":"10.200.0.0/24"},{"action":"drop","ports":"22","from":"10.200.0.2"}"#,
    ] {
        assert!(
            run(&classic(&groups(rules), &nodes, l), "SG004").is_empty(),
            "{rules}"
        );
    }
    for rules in [
        r#"{"ports":"22","from":"10.200.0.5"}"#,
        r#"{"ports":"22","from":"10.201.0.0/16"}"#,
        // The whole pool surely dropped.
        r#"{"ports":"22","from":"vpn"},{"action":"drop","ports":"22","from":"10.200.0.0/29"}"#,
    ] {
        assert_eq!(
            run(&classic(&groups(rules), &nodes, l), "SG004").len(),
            1,
            "{rules}"
        );
    }
}

/// Large designs stay linear: many members of one group, each reached by a link from a member
/// of another group through an `sg:` rule (the slow path would be members × flows).
#[test]
fn sg004_scales_with_big_groups() {
    let n = 3000;
    let mut nodes = Vec::new();
    let mut links = Vec::new();
    for i in 0..n {
        nodes.push(format!(
            r#"{{"id":"a{i}","kind":"ecs","zone":"hz-b","security_groups":["ga"]}}"#
        ));
        nodes.push(format!(
            r#"{{"id":"b{i}","kind":"ecs","zone":"hz-b","security_groups":["gb"]}}"#
        ));
        links.push(format!(r#"{{"from":"a{i}","to":"b{i}","port":80}}"#));
    }
    links.push(r#"{"from":"b0","to":"b1","port":80}"#.to_string());
    let groups = r#"{"id":"ga","rules":[]},{"id":"gb","rules":[{"ports":"80","from":"sg:ga"}]}"#;
    let d = classic(groups, &nodes.join(","), &links.join(","));
    let start = std::time::Instant::now();
    let fs = run(&d, "SG004");
    assert_eq!(at(&fs), [(Some("b1"), format!("/links/{n}").as_str())]);
    // Generous even for a debug build on a busy machine.
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

// ---------------------------------------------------------------- drop wins over accept

/// The spec: a `drop` rule wins over an `accept` rule for the same traffic, whatever their
/// order, and a rule "accepts" traffic only if no drop rule of the same ECS's groups matches
/// it too.
#[test]
fn sg001_drop_wins_whatever_the_order() {
    for r in [
        r#"{"ports":"22","from":"0.0.0.0/0"},{"action":"drop","protocol":"tcp","ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","protocol":"tcp","ports":"22","from":"0.0.0.0/0"},{"ports":"22","from":"0.0.0.0/0"}"#,
        r#"{"action":"drop","ports":"3389","from":"0.0.0.0/0"},{"ports":"22-3389","from":"0.0.0.0/0"},{"action":"drop","ports":"1-1024","from":"0.0.0.0/0"}"#,
    ] {
        assert!(one_group(r, "SG001").is_empty(), "{r}");
    }
}

#[test]
fn sg001_and_sg002_drops_of_every_members_groups() {
    let groups = |members: &str| {
        let groups = r#"{"id":"g","rules":[{"ports":"all","from":"0.0.0.0/0"}]},
            {"id":"deny","rules":[{"action":"drop","protocol":"all","ports":"all","from":"0.0.0.0/0"}]}"#;
        run_both(&classic(groups, members, ""))
    };
    fn run_both(d: &str) -> (usize, usize) {
        (run(d, "SG001").len(), run(d, "SG002").len())
    }
    // Every member of `g` is also in `deny`: for each of them the drop wins.
    let both = r#"{"id":"a","kind":"ecs","zone":"hz-b","security_groups":["g","deny"]},
        {"id":"b","kind":"ecs","zone":"hz-b","security_groups":["deny","g"]}"#;
    assert_eq!(groups(both), (0, 0));
    // One member without `deny` is exposed: both rules fire.
    let one = r#"{"id":"a","kind":"ecs","zone":"hz-b","security_groups":["g","deny"]},
        {"id":"b","kind":"ecs","zone":"hz-b","security_groups":["g"]}"#;
    assert_eq!(groups(one), (1, 1));
}

#[test]
fn sg002_icmp_has_no_ports() {
    for r in [
        r#"{"protocol":"icmp","ports":"all","from":"0.0.0.0/0"}"#,
        r#"{"protocol":"icmp","ports":"1-65535","from":"0.0.0.0/0"}"#,
        r#"{"protocol":"icmp","from":"0.0.0.0/0"}"#,
    ] {
        assert!(one_group(r, "SG002").is_empty(), "{r}");
        assert!(one_group(r, "SG001").is_empty(), "{r}");
    }
}

#[test]
fn sg002_drops_taken_together() {
    // tcp and udp dropped separately cancel an accept of every protocol (icmp has no ports).
    let r = r#"{"protocol":"all","ports":"all","from":"0.0.0.0/0"},{"action":"drop","protocol":"tcp","ports":"all","from":"0.0.0.0/0"},{"action":"drop","protocol":"udp","ports":"all","from":"0.0.0.0/0"}"#;
    assert!(one_group(r, "SG002").is_empty());
    // Port ranges of several drops together.
    let r = r#"{"ports":"all","from":"0.0.0.0/0"},{"action":"drop","ports":"1-1000","from":"0.0.0.0/0"},{"action":"drop","ports":"1001-65535","from":"0.0.0.0/0"}"#;
    assert!(one_group(r, "SG002").is_empty());
    let r = r#"{"ports":"all","from":"0.0.0.0/0"},{"action":"drop","ports":"1-1000","from":"0.0.0.0/1"},{"action":"drop","ports":"1-1000","from":"128.0.0.0/1"},{"action":"drop","protocol":"all","ports":"900-65535","from":"0.0.0.0/0"}"#;
    assert!(one_group(r, "SG002").is_empty());
    // A gap (port 1001) leaves the rule open.
    let r = r#"{"ports":"all","from":"0.0.0.0/0"},{"action":"drop","ports":"1-1000","from":"0.0.0.0/0"},{"action":"drop","ports":"1002-65535","from":"0.0.0.0/0"}"#;
    assert_eq!(one_group(r, "SG002").len(), 1);
    // Only udp dropped: the message names what stays open.
    let r = r#"{"protocol":"all","ports":"all","from":"0.0.0.0/0"},{"action":"drop","protocol":"udp","ports":"all","from":"0.0.0.0/0"}"#;
    let fs = one_group(r, "SG002");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("accepts tcp on all ports"),
        "{}",
        fs[0].message.en
    );
}

#[test]
fn sg004_a_drop_of_part_of_the_internet_does_not_block_it() {
    let groups = |rules: &str| format!(r#"{{"id":"g","rules":[{rules}]}}"#);
    let nodes = r#"{"id":"srv","kind":"ecs","zone":"hz-b","security_groups":["g"]}"#;
    let l = r#"{"from":"internet","to":"srv","port":443}"#;
    for rules in [
        r#"{"ports":"443","from":"0.0.0.0/0"},{"action":"drop","ports":"443","from":"1.2.3.4"}"#,
        r#"{"action":"drop","ports":"443","from":"0.0.0.0/1"},{"ports":"443","from":"0.0.0.0/0"}"#,
    ] {
        assert!(
            run(&classic(&groups(rules), nodes, l), "SG004").is_empty(),
            "{rules}"
        );
    }
    // The whole internet dropped, by one rule or by several together.
    for rules in [
        r#"{"action":"drop","ports":"443","from":"0.0.0.0/0"},{"ports":"443","from":"0.0.0.0/0"}"#,
        r#"{"ports":"443","from":"0.0.0.0/0"},{"action":"drop","ports":"443","from":"0.0.0.0/1"},{"action":"drop","ports":"443","from":"128.0.0.0/1"}"#,
    ] {
        let fs = run(&classic(&groups(rules), nodes, l), "SG004");
        assert_eq!(at(&fs), [(Some("srv"), "/links/0")], "{rules}");
    }
}

#[test]
fn sg004_drops_that_together_hold_the_clients_vswitch() {
    let groups = |drops: &str| {
        format!(
            r#"{{"id":"g","rules":[{{"ports":"8080","from":"10.0.0.0/16"}}{drops}]}},{{"id":"other","rules":[]}}"#
        )
    };
    let nodes = r#"{"id":"srv","kind":"ecs","vswitch":"vsw-b","security_groups":["g"]},
        {"id":"cli","kind":"ecs","vswitch":"vsw-a","security_groups":["other"]}"#;
    let l = r#"{"from":"cli","to":"srv","port":8080}"#;
    // vsw-a is 10.0.2.0/24: two halves dropped separately block the client.
    let both = r#",{"action":"drop","ports":"8080","from":"10.0.2.0/25"},{"action":"drop","ports":"8080","from":"10.0.2.128/25"}"#;
    let fs = run(&vpc(&groups(both), nodes, l), "SG004");
    assert_eq!(at(&fs), [(Some("srv"), "/links/0")]);
    // One half: the client may still get in.
    let half = r#",{"action":"drop","ports":"8080","from":"10.0.2.0/25"}"#;
    assert!(run(&vpc(&groups(half), nodes, l), "SG004").is_empty());
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

const VPN: &str =
    r#"{"id":"vpn","kind":"vpn","type":"ssl","region":"hz","client_ips":["10.200.0.2"]}"#;
const BASTION: &str = r#"{"id":"bastion","kind":"ecs","role":"bastion","zone":"hz-b","security_groups":["sg-bastion"]}"#;
const SG_BASTION: &str = r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"vpn"}]}"#;

#[test]
fn sg001_fix_gives_the_port_to_the_bastions_or_the_vpn() {
    let groups =
        format!(r#"{SG_BASTION},{{"id":"g","rules":[{{"ports":"22","from":"0.0.0.0/0"}}]}}"#);
    let web = r#"{"id":"web","kind":"ecs","module":"web","zone":"hz-b","security_groups":["g"]}"#;
    let t = classic(&groups, &format!("{VPN},{BASTION},{web}"), "");
    let (safety, title, out) = apply_fix("SG001", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "replace `0.0.0.0/0` with `sg:sg-bastion` as the source of port 22 in `g`"
    );
    assert_eq!(
        out,
        swap(&t, r#""from":"0.0.0.0/0""#, r#""from":"sg:sg-bastion""#)
    );
    assert!(run(&out, "SG001").is_empty());
    assert!(run(&out, "BH003").is_empty());
    // The bastions' own group: the VPN.
    let t = classic(
        r#"{"id":"sg-bastion","rules":[{"ports":"22","from":"0.0.0.0/0"}]}"#,
        &format!("{VPN},{BASTION}"),
        "",
    );
    let (_, title, out) = apply_fix("SG001", &t);
    assert_eq!(
        title,
        "replace `0.0.0.0/0` with `vpn` as the source of port 22 in `sg-bastion`"
    );
    assert_eq!(out, swap(&t, r#""from":"0.0.0.0/0""#, r#""from":"vpn""#));
    assert!(run(&out, "SG001").is_empty());
    assert!(run(&out, "BH004").is_empty());
    // A range of ports, a group without bastions in a design without any, a link from the
    // internet that needs the rule: no fix.
    let range = classic(
        &groups.replace(
            r#""ports":"22","from":"0.0.0.0/0""#,
            r#""ports":"1-1024","from":"0.0.0.0/0""#,
        ),
        &format!("{VPN},{BASTION},{web}"),
        "",
    );
    assert!(!fixable("SG001", &range));
    let alone = classic(
        r#"{"id":"g","rules":[{"ports":"22","from":"0.0.0.0/0"}]}"#,
        web,
        "",
    );
    assert!(!fixable("SG001", &alone));
    let linked = classic(
        &groups,
        &format!("{VPN},{BASTION},{web}"),
        r#"{"from":"internet","to":"web","port":22}"#,
    );
    assert!(!run(&linked, "SG001").is_empty());
    assert!(!fixable("SG001", &linked));
}

#[test]
fn sg003_fix_puts_the_instance_in_its_siblings_groups() {
    let groups =
        r#"{"id":"sg-web","rules":[{"ports":"80","from":"slb"}]},{"id":"sg-mgmt","rules":[]}"#;
    let nodes = r#"{"id":"web-1","kind":"ecs","module":"web","zone":"hz-b","security_groups":["sg-web","sg-mgmt"]},
{"id":"web-2","kind":"ecs","module":"web","zone":"hz-c","security_groups":["sg-gone"]},
{"id":"slb","kind":"slb","region":"hz","listeners":[{"protocol":"http","port":80}],"backends":["web-1","web-2"]}"#;
    let t = classic(groups, nodes, "");
    let (safety, title, out) = apply_fix("SG003", &t);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "put `web-2` in `sg-web`, `sg-mgmt`, like the other instances of its module"
    );
    assert_eq!(
        out,
        swap(&t, r#"["sg-gone"]"#, r#"["sg-gone", "sg-web", "sg-mgmt"]"#)
    );
    assert!(run(&out, "SG003").is_empty());
    // Groups that would block the SLB's traffic to it: no fix (SG004 would report it).
    let blocked = t.replace(r#""from":"slb""#, r#""from":"sg:sg-web""#);
    assert!(!fixable("SG003", &blocked));
    // No other instance in a group: nothing to copy.
    let lone = classic(
        "",
        r#"{"id":"web-1","kind":"ecs","module":"web","zone":"hz-b"}"#,
        "",
    );
    assert!(!run(&lone, "SG003").is_empty());
    assert!(!fixable("SG003", &lone));
}

#[test]
fn sg004_fix_admits_the_blocked_flow() {
    let groups = r#"{"id":"sg-web","rules":[{"ports":"22","from":"sg:sg-web"}]}"#;
    let nodes = r#"{"id":"web-1","kind":"ecs","module":"web","zone":"hz-b","security_groups":["sg-web"]},
{"id":"slb","kind":"slb","region":"hz","listeners":[{"protocol":"http","port":80,"backend_port":8080},{"protocol":"udp","port":53}],"backends":["web-1"]}"#;
    let t = classic(groups, nodes, "");
    let (safety, title, out) = apply_fix("SG004", &t);
    assert_eq!(safety, Safety::Unsafe);
    // Both of the SLB's ports to this backend, with their protocols.
    assert_eq!(
        title,
        "add to `sg-web` 2 rules admitting the blocked traffic from `slb` to `web-1`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{"ports":"22","from":"sg:sg-web"}]"#,
            r#"{"ports":"22","from":"sg:sg-web"}, {"ports":"8080", "from":"slb"}, {"protocol":"udp", "ports":"53", "from":"slb"}]"#
        )
    );
    assert!(run(&out, "SG004").is_empty());
    // From the internet on a web port: the whole internet; on a management port: no fix.
    let t = classic(
        groups,
        r#"{"id":"web-1","kind":"ecs","module":"web","zone":"hz-b","security_groups":["sg-web"]}"#,
        r#"{"from":"internet","to":"web-1","port":443}"#,
    );
    let (_, title, out) = apply_fix("SG004", &t);
    assert_eq!(
        title,
        "add to `sg-web` the rule { \"ports\": \"443\", \"from\": \"0.0.0.0/0\" } so that the traffic reaches `web-1`"
    );
    assert!(run(&out, "SG004").is_empty());
    assert!(!fixable("SG004", &t.replace("443", "22")));
    // A drop that blocks the source wins over any accept: no fix.
    let dropped = t.replace(
        r#"{"ports":"22","from":"sg:sg-web"}"#,
        r#"{"ports":"22","from":"sg:sg-web"},{"action":"drop","ports":"all","from":"0.0.0.0/0"}"#,
    );
    assert!(!run(&dropped, "SG004").is_empty());
    assert!(!fixable("SG004", &dropped));
}
