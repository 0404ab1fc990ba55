//! Edge cases of the DF rules (the design file itself), including hostile content.

mod common;
use common::fixed_at;

use archlint_core::Finding;

fn findings(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

/// (target, pointer) of every finding of `code`, sorted by pointer.
fn hits(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    let mut v: Vec<_> = findings(text, code)
        .into_iter()
        .map(|f| (f.target, f.pointer))
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

fn t(id: &str, ptr: &str) -> (Option<String>, String) {
    (Some(id.to_string()), ptr.to_string())
}

fn n(ptr: &str) -> (Option<String>, String) {
    (None, ptr.to_string())
}

/// The one finding of `code` at `ptr`.
fn at(text: &str, code: &str, ptr: &str) -> Finding {
    let mut v: Vec<_> = findings(text, code)
        .into_iter()
        .filter(|f| f.pointer == ptr)
        .collect();
    assert_eq!(v.len(), 1, "{code} at {ptr}: {v:#?}");
    v.remove(0)
}

const REGIONS: &str = r#""regions": [
    { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
    { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" }, { "id": "sz-b" } ] },
    { "id": "bj", "zones": [ { "id": "bj-a" } ] } ]"#;

fn design(rest: &str) -> String {
    format!(r#"{{ "archlint": 1, {REGIONS}, {rest} }}"#)
}

// ---------------------------------------------------------------- DF001

#[test]
fn df001_every_kind_of_reference() {
    let text = design(
        r#""vpcs": [ { "id": "v", "region": "szz",
                     "vswitches": [ { "id": "s", "zone": "sz-x" } ] } ],
        "security_groups": [ { "id": "g", "rules": [ { "ports": "22", "from": "sg:gg" },
                                                     { "ports": "22", "from": "bastoin" } ] } ],
        "nodes": [
          { "id": "e", "kind": "ecs", "zone": "hz-q", "security_groups": ["g", "g2"] },
          { "id": "e2", "kind": "ecs", "vswitch": "s2" },
          { "id": "lb", "kind": "slb", "region": "hzz", "backends": ["e", "e9"] },
          { "id": "gw", "kind": "apigw", "region": "hz", "backends": ["lb2"] },
          { "id": "db", "kind": "rds", "region": "hz", "whitelist": ["e", "e7", "10.0.0.1"],
            "replica_of": "db0" },
          { "id": "o", "kind": "oss", "region": "hz", "replicates_to": "o2" },
          { "id": "vpn", "kind": "vpn", "region": "hz", "connects": "idc" },
          { "id": "ll", "kind": "leased_line", "region": "hz", "connects": "idc" },
          { "id": "ip", "kind": "eip", "attached_to": "e5" },
          { "id": "nat", "kind": "nat", "vswitch": "s3" } ],
        "links": [ { "from": "internet", "to": "lb" }, { "from": "x1", "to": "x2" } ],
        "ignore": [ { "rule": "HA001", "target": "nobody", "reason": "r" } ]"#,
    );
    assert_eq!(
        hits(&text, "DF001"),
        [
            n("/ignore/0/target"),
            n("/links/1/from"),
            n("/links/1/to"),
            t("e", "/nodes/0/security_groups/1"),
            t("e", "/nodes/0/zone"),
            t("e2", "/nodes/1/vswitch"),
            t("lb", "/nodes/2/backends/1"),
            t("lb", "/nodes/2/region"),
            t("gw", "/nodes/3/backends/0"),
            t("db", "/nodes/4/replica_of"),
            t("db", "/nodes/4/whitelist/1"),
            t("o", "/nodes/5/replicates_to"),
            t("vpn", "/nodes/6/connects"),
            t("ll", "/nodes/7/connects"),
            t("ip", "/nodes/8/attached_to"),
            t("nat", "/nodes/9/vswitch"),
            t("g", "/security_groups/0/rules/0/from"),
            t("g", "/security_groups/0/rules/1/from"),
            t("v", "/vpcs/0/region"),
            t("s", "/vpcs/0/vswitches/0/zone"),
        ]
    );
}

#[test]
fn df001_valid_references_are_quiet() {
    let text = design(
        r#""vpcs": [ { "id": "v", "region": "sz", "vswitches": [ { "id": "s", "zone": "sz-a" } ] } ],
        "security_groups": [ { "id": "g", "rules": [ { "ports": "22", "from": "sg:g" },
                                                     { "ports": "80", "from": "lb" },
                                                     { "ports": "80", "from": "0.0.0.0/0" } ] } ],
        "nodes": [
          { "id": "e", "kind": "ecs", "vswitch": "s", "security_groups": ["g"] },
          { "id": "lb", "kind": "slb", "region": "sz", "backends": ["e"] },
          { "id": "db", "kind": "rds", "region": "sz", "whitelist": ["e"] },
          { "id": "db2", "kind": "rds", "region": "hz", "replica_of": "db" },
          { "id": "idc", "kind": "idc" },
          { "id": "vpn", "kind": "vpn", "region": "sz", "connects": "idc" },
          { "id": "ip", "kind": "eip", "attached_to": "lb" } ],
        "links": [ { "from": "internet", "to": "lb" }, { "from": "e", "to": "db" } ],
        "ignore": [ { "rule": "HA001", "target": "sz", "reason": "any defined id" } ]"#,
    );
    assert!(hits(&text, "DF001").is_empty());
    // The same design with one typo is not.
    let broken = text.replace(r#""to": "db""#, r#""to": "bd""#);
    assert_eq!(hits(&broken, "DF001"), [n("/links/1/to")]);
}

#[test]
fn df001_suggests_the_nearest_id_of_the_right_type() {
    let text = design(
        r#""nodes": [ { "id": "web-1", "kind": "ecs", "zone": "hz-x" },
                      { "id": "hz-d", "kind": "ecs", "zone": "hz-c" } ]"#,
    );
    let f = at(&text, "DF001", "/nodes/0/zone");
    assert!(f.message.en.contains("zone `hz-x`"), "{}", f.message.en);
    assert!(f.message.en.contains("not defined"));
    // A zone, not the node `hz-d` (which is closer in spelling order but of the wrong type).
    assert!(f.help.en.contains("did you mean `hz-b`?"), "{}", f.help.en);
    assert!(f.help.zh.contains("`hz-b`"));
}

#[test]
fn df001_wrong_kind_of_thing() {
    let text = design(
        r#""security_groups": [ { "id": "g", "rules": [ { "ports": "22", "from": "sg:e" },
                                                       { "ports": "22", "from": "g" } ] } ],
        "nodes": [ { "id": "e", "kind": "ecs", "zone": "hz" },
                   { "id": "lb", "kind": "slb", "region": "hz-b", "backends": ["hz-c"] },
                   { "id": "r", "kind": "rds", "region": "hz", "replica_of": "e" },
                   { "id": "ip", "kind": "eip", "attached_to": "r" } ]"#,
    );
    let f = at(&text, "DF001", "/nodes/0/zone");
    assert!(
        f.message.en.contains("names a region, not a zone"),
        "{}",
        f.message.en
    );
    assert!(f.help.en.contains("`hz-b` or `hz-c`"), "{}", f.help.en);
    let f = at(&text, "DF001", "/nodes/1/region");
    assert!(f.message.en.contains("names a zone, not a region"));
    assert!(f.help.en.contains("`hz`"));
    let f = at(&text, "DF001", "/nodes/1/backends/0");
    assert!(f.message.en.contains("names a zone, not a node"));
    let f = at(&text, "DF001", "/nodes/2/replica_of");
    assert!(f.message.en.contains("names an ecs node, not an rds node"));
    let f = at(&text, "DF001", "/nodes/3/attached_to");
    assert!(f.message.en.contains("not an ecs, slb or nat node"));
    let f = at(&text, "DF001", "/security_groups/0/rules/0/from");
    assert!(f
        .message
        .en
        .contains("names an ecs node, not a security group"));
    assert!(f.help.en.contains(r#""from": "e""#));
    let f = at(&text, "DF001", "/security_groups/0/rules/1/from");
    assert!(f.message.en.contains("names a security group, not a node"));
    assert!(f.help.en.contains(r#""from": "sg:g""#));
    assert_eq!(findings(&text, "DF001").len(), 7);
}

#[test]
fn df001_security_group_naming_itself_is_fine() {
    let text = design(
        r#""security_groups": [ { "id": "g", "rules": [ { "ports": "all", "from": "sg:g" } ] },
                               { "id": "h", "rules": [ { "ports": "all", "from": "sg:" },
                                                       { "ports": "all", "from": "internet" } ] } ],
        "nodes": [ { "id": "e", "kind": "ecs", "zone": "hz-b", "security_groups": ["g", "h"] } ]"#,
    );
    assert_eq!(
        hits(&text, "DF001"),
        [
            t("h", "/security_groups/1/rules/0/from"),
            t("h", "/security_groups/1/rules/1/from"),
        ]
    );
    let f = at(&text, "DF001", "/security_groups/1/rules/1/from");
    assert!(f.help.en.contains("0.0.0.0/0"), "{}", f.help.en);
}

#[test]
fn df001_internet_only_as_a_links_from() {
    let text = design(
        r#""nodes": [ { "id": "e", "kind": "ecs", "zone": "hz-b" } ],
        "links": [ { "from": "internet", "to": "e" }, { "from": "e", "to": "internet" } ]"#,
    );
    assert_eq!(hits(&text, "DF001"), [n("/links/1/to")]);
    let f = at(&text, "DF001", "/links/1/to");
    assert!(f.message.en.contains("`internet`") && f.message.en.contains("\"from\""));
}

#[test]
fn df001_vswitch_zone_of_another_region() {
    let text = design(
        r#""vpcs": [ { "id": "v", "region": "sz",
                     "vswitches": [ { "id": "s", "zone": "hz-b" }, { "id": "s2", "zone": "sz-b" } ] } ]"#,
    );
    assert_eq!(hits(&text, "DF001"), [t("s", "/vpcs/0/vswitches/0/zone")]);
    let f = at(&text, "DF001", "/vpcs/0/vswitches/0/zone");
    assert!(f.message.en.contains("`hz`") && f.message.en.contains("`sz`"));
    assert!(f.help.en.contains("`sz-a` or `sz-b`"));
}

#[test]
fn df001_replica_cycles_do_not_hang() {
    let text = design(
        r#""nodes": [ { "id": "a", "kind": "rds", "region": "hz", "replica_of": "b" },
                      { "id": "b", "kind": "rds", "region": "hz", "replica_of": "a" },
                      { "id": "c", "kind": "rds", "region": "hz", "replica_of": "c" },
                      { "id": "d", "kind": "rds", "region": "hz", "replica_of": "dd" } ]"#,
    );
    assert_eq!(hits(&text, "DF001"), [t("d", "/nodes/3/replica_of")]);
}

#[test]
fn df001_empty_whitelist_entry() {
    let text =
        design(r#""nodes": [ { "id": "db", "kind": "rds", "region": "hz", "whitelist": [""] } ]"#);
    assert_eq!(hits(&text, "DF001"), [t("db", "/nodes/0/whitelist/0")]);
    let f = at(&text, "DF001", "/nodes/0/whitelist/0");
    assert!(f.message.en.contains("empty entry"), "{}", f.message.en);
}

#[test]
fn df001_hostile_ids() {
    let long = "x".repeat(5000);
    let text = design(&format!(
        r#""nodes": [ {{ "id": "a\"b<c>", "kind": "ecs", "zone": "line\nbreak" }},
                      {{ "id": "🚀", "kind": "ecs", "zone": "🚀-zone" }},
                      {{ "id": "{long}", "kind": "ecs", "zone": "{long}" }},
                      {{ "id": "z", "kind": "slb", "region": "hz", "backends": ["a\"b<c>", "🚀", "{long}"] }} ]"#
    ));
    assert_eq!(
        hits(&text, "DF001"),
        [
            t("a\"b<c>", "/nodes/0/zone"),
            t("🚀", "/nodes/1/zone"),
            t(&long, "/nodes/2/zone"),
        ]
    );
    let f = at(&text, "DF001", "/nodes/0/zone");
    // Control characters are escaped, not printed raw.
    assert!(f.message.en.contains("`line\\nbreak`"), "{}", f.message.en);
    assert!(!f.message.en.contains('\n') && !f.message.zh.contains('\n'));
    assert!(f.message.en.contains("a\"b<c>"));
    let f = at(&text, "DF001", "/nodes/2/zone");
    // Very long ids are clipped in messages (the target keeps the whole id).
    assert!(f.message.en.len() < 1000, "{}", f.message.en.len());
    assert!(f.message.en.contains('…'));
}

#[test]
fn df001_many_typos_stay_fast() {
    let mut nodes = String::new();
    for i in 0..3000 {
        if i > 0 {
            nodes.push_str(", ");
        }
        nodes.push_str(&format!(
            r#"{{ "id": "web-{i}", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-{i}"] }}"#
        ));
    }
    let links: Vec<String> = (0..3000)
        .map(|i| format!(r#"{{ "from": "web-{i}", "to": "wbe-{i}" }}"#))
        .collect();
    let text = design(&format!(
        r#""nodes": [ {nodes} ], "links": [ {} ]"#,
        links.join(", ")
    ));
    let start = std::time::Instant::now();
    assert_eq!(findings(&text, "DF001").len(), 6000);
    assert!(start.elapsed().as_secs() < 20);
}

// ---------------------------------------------------------------- DF002

#[test]
fn df002_second_and_later_definitions() {
    let text = design(
        r#""nodes": [ { "id": "web", "kind": "ecs", "zone": "hz-b" },
                      { "id": "web", "kind": "ecs", "zone": "hz-c" },
                      { "id": "web", "kind": "ecs", "zone": "hz-c" },
                      { "id": "hz-b", "kind": "idc" } ],
        "security_groups": [ { "id": "sz" } ]"#,
    );
    assert_eq!(
        hits(&text, "DF002"),
        [
            t("web", "/nodes/1/id"),
            t("web", "/nodes/2/id"),
            t("hz-b", "/nodes/3/id"),
            t("sz", "/security_groups/0/id"),
        ]
    );
    let f = at(&text, "DF002", "/nodes/2/id");
    assert!(f.message.en.contains("`/nodes/0`"), "{}", f.message.en);
    let f = at(&text, "DF002", "/nodes/3/id");
    assert!(
        f.message.en.contains("zone at `/regions/0/zones/0`"),
        "{}",
        f.message.en
    );
    let f = at(&text, "DF002", "/security_groups/0/id");
    assert!(f.message.en.contains("region at `/regions/1`"));
}

#[test]
fn df002_internet_is_reserved() {
    let text = design(r#""nodes": [ { "id": "internet", "kind": "idc" } ]"#);
    assert_eq!(hits(&text, "DF002"), [t("internet", "/nodes/0/id")]);
    assert!(at(&text, "DF002", "/nodes/0/id")
        .message
        .en
        .contains("reserved"));
}

#[test]
fn df002_positions_follow_the_file_not_the_model() {
    // Entries that are not objects are skipped by the model; pointers must still be exact.
    let text = design(
        r#""nodes": [ "junk", { "id": "a", "kind": "idc" }, 7, { "id": "a", "kind": "idc" },
                      { "id": "", "kind": "idc" }, { "id": "", "kind": "idc" } ]"#,
    );
    assert_eq!(hits(&text, "DF002"), [t("a", "/nodes/3/id")]);
    assert!(at(&text, "DF002", "/nodes/3/id")
        .message
        .en
        .contains("`/nodes/1`"));
}

// ---------------------------------------------------------------- DF003

#[test]
fn df003_explains_each_error() {
    let text = design(
        r#""vpcs": [ { "id": "v", "region": "sz", "cidr": "10.0.0.1/8",
                     "vswitches": [ { "id": "s", "zone": "sz-a", "cidr": "10.1.0.0/40" } ] } ],
        "security_groups": [ { "id": "g", "rules": [ { "ports": "22", "from": "10.0.0.256" } ] } ],
        "nodes": [ { "id": "db", "kind": "rds", "region": "hz",
                     "whitelist": ["10.0.0.1", "10.0.01.1", "1.2.3", "10.0.0.0/24"] },
                   { "id": "vpn", "kind": "vpn", "region": "hz", "type": "ipsec",
                     "peer": { "public_ip": "203.0.113.0/24" } },
                   { "id": "ssl", "kind": "vpn", "region": "hz", "type": "ssl",
                     "client_ips": ["10.200.0.2", "10.200.0.3/31"] } ]"#,
    );
    assert_eq!(
        hits(&text, "DF003"),
        [
            t("db", "/nodes/0/whitelist/1"),
            t("db", "/nodes/0/whitelist/2"),
            t("vpn", "/nodes/1/peer/public_ip"),
            t("ssl", "/nodes/2/client_ips/1"),
            t("g", "/security_groups/0/rules/0/from"),
            t("v", "/vpcs/0/cidr"),
            t("s", "/vpcs/0/vswitches/0/cidr"),
        ]
    );
    let host = at(&text, "DF003", "/vpcs/0/cidr");
    assert!(host.help.en.contains("`10.0.0.0/8`"), "{}", host.help.en);
    assert!(host.help.zh.contains("`10.0.0.0/8`"));
    let pool = at(&text, "DF003", "/nodes/2/client_ips/1");
    assert!(pool.help.en.contains("`10.200.0.2/31`"), "{}", pool.help.en);
    let prefix = at(&text, "DF003", "/vpcs/0/vswitches/0/cidr");
    assert!(prefix.message.en.contains("`/40`"));
    let big = at(&text, "DF003", "/security_groups/0/rules/0/from");
    assert!(big.message.en.contains("`256` is greater than 255"));
    let zero = at(&text, "DF003", "/nodes/0/whitelist/1");
    assert!(zero.message.en.contains("`01` has a leading zero"));
    let parts = at(&text, "DF003", "/nodes/0/whitelist/2");
    assert!(parts.message.en.contains("3 dot-separated parts"));
    let net = at(&text, "DF003", "/nodes/1/peer/public_ip");
    assert!(net.message.en.contains("single address"));
}

// ---------------------------------------------------------------- DF004

#[test]
fn df004_missing_placement_by_kind() {
    let text = design(
        r#""nodes": [
          { "id": "e", "kind": "ecs" },
          { "id": "slb", "kind": "slb" }, { "id": "rds", "kind": "rds" },
          { "id": "oss", "kind": "oss" }, { "id": "vpn", "kind": "vpn" },
          { "id": "ll", "kind": "leased_line" }, { "id": "gw", "kind": "apigw" },
          { "id": "nat", "kind": "nat" },
          { "id": "nat2", "kind": "nat", "vswitch": "nowhere" },
          { "id": "idc", "kind": "idc" }, { "id": "dns", "kind": "dns" },
          { "id": "ip", "kind": "eip" }, { "id": "odd", "kind": "router" },
          { "id": "e2", "kind": "ecs", "zone": 3 },
          { "id": "e3", "kind": "ecs", "vswitch": "" } ]"#,
    );
    assert_eq!(
        hits(&text, "DF004"),
        [
            t("e", "/nodes/0"),
            t("slb", "/nodes/1"),
            t("rds", "/nodes/2"),
            t("oss", "/nodes/3"),
            t("vpn", "/nodes/4"),
            t("ll", "/nodes/5"),
            t("gw", "/nodes/6"),
            t("nat", "/nodes/7"),
        ]
    );
    // The present-but-invalid fields are DF005's.
    assert_eq!(
        hits(&text, "DF005")
            .into_iter()
            .filter(|(_, p)| p == "/nodes/13/zone" || p == "/nodes/14/vswitch")
            .count(),
        2
    );
}

#[test]
fn df004_placement_must_fit_the_network() {
    let text = design(
        r#""vpcs": [ { "id": "v", "region": "sz",
                     "vswitches": [ { "id": "sa", "zone": "sz-a" }, { "id": "sb", "zone": "sz-b" } ] },
                   { "id": "c", "region": "hz", "vswitches": [ { "id": "ch", "zone": "hz-b" } ] },
                   { "id": "u", "region": "bj", "vswitches": [ { "id": "ub", "zone": "bj-a" } ] } ],
        "nodes": [
          { "id": "zone-in-vpc", "kind": "ecs", "zone": "sz-a" },
          { "id": "vsw-in-classic", "kind": "ecs", "vswitch": "ch" },
          { "id": "both-differ", "kind": "ecs", "zone": "sz-a", "vswitch": "sb" },
          { "id": "both-agree", "kind": "ecs", "zone": "sz-b", "vswitch": "sb" },
          { "id": "ok-vpc", "kind": "ecs", "vswitch": "sa" },
          { "id": "ok-classic", "kind": "ecs", "zone": "hz-c" },
          { "id": "unknown-net-zone", "kind": "ecs", "zone": "bj-a" },
          { "id": "unknown-net-vsw", "kind": "ecs", "vswitch": "ub" } ]"#,
    );
    assert_eq!(
        hits(&text, "DF004"),
        [
            t("zone-in-vpc", "/nodes/0/zone"),
            t("vsw-in-classic", "/nodes/1/vswitch"),
            t("both-differ", "/nodes/2/zone"),
            // region `bj` states no network, but a VPC is placed in it: a VPC region
            t("unknown-net-zone", "/nodes/6/zone"),
        ]
    );
    let f = at(&text, "DF004", "/nodes/0/zone");
    assert!(f.help.en.contains(r#""vswitch": "sa""#), "{}", f.help.en);
    let f = at(&text, "DF004", "/nodes/1/vswitch");
    assert!(f.message.en.contains("classic"));
    let f = at(&text, "DF004", "/nodes/2/zone");
    assert!(f.message.en.contains("`sz-a`") && f.message.en.contains("`sz-b`"));
}

// ---------------------------------------------------------------- DF005

#[test]
fn df005_each_kind_of_bad_value() {
    let text = r#"{ "archlint": 1, "dr": "far-away",
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "" } ] } ],
      "nodes": [
        { "id": "e", "kind": "ecs", "zone": "hz-b", "cpu": "two", "cpu": 2, "memory_gb": "4", "listens": [80, 70000, 8.5],
          "role": "bastoin" },
        { "kind": "ecs", "zone": "hz-b" },
        { "id": "k" },
        { "id": "lb", "kind": "slb", "region": "hz", "backends": ["e", ""],
          "listeners": [ { "port": 0 } ] },
        { "id": "nat", "kind": "nat", "region": "hz", "rules": 1.5 } ],
      "links": [ { "to": "e" } ],
      "ignore": [ { "rule": "HA001" } ] }"#;
    assert_eq!(
        hits(text, "DF005"),
        [
            n("/dr"),
            n("/ignore/0"),
            n("/links/0"),
            t("e", "/nodes/0/cpu"),
            t("e", "/nodes/0/listens/1"),
            t("e", "/nodes/0/listens/2"),
            t("e", "/nodes/0/memory_gb"),
            t("e", "/nodes/0/role"),
            n("/nodes/1"),
            t("k", "/nodes/2"),
            t("lb", "/nodes/3/backends/1"),
            t("lb", "/nodes/3/listeners/0/port"),
            t("nat", "/nodes/4/rules"),
            n("/regions/0/zones/1/id"),
        ]
    );
    let all = findings(text, "DF005");
    let msg = |ptr: &str, needle: &str| {
        assert!(
            all.iter().any(|f| f.pointer == ptr
                && (f.message.en.contains(needle) || f.help.en.contains(needle))),
            "{ptr}: no `{needle}` in {all:#?}"
        )
    };
    msg("/dr", "`two-region-three-center`");
    msg("/nodes/0/memory_gb", "must be a number, not a string");
    msg("/nodes/0/cpu", "given more than once");
    msg("/nodes/0/listens/1", "outside the allowed range 1–65535");
    msg("/nodes/0/listens/2", "whole number");
    msg("/nodes/0/role", "did you mean `bastion`?");
    msg("/nodes/1", "`id`");
    msg("/nodes/2", "`kind`");
    msg("/nodes/3/backends/1", "empty string");
    msg("/nodes/3/listeners/0/port", "1–65535");
    msg("/nodes/4/rules", "whole number");
    msg("/links/0", "`from`");
    msg("/ignore/0", "`reason`");
    msg("/regions/0/zones/1/id", "empty string");
}

#[test]
fn df005_ports_and_counts() {
    let text = design(
        r#""security_groups": [ { "id": "g", "rules": [ { "ports": "80-22" }, { "ports": "22-80" } ] } ],
        "nodes": [ { "id": "ll", "kind": "leased_line", "region": "hz", "nat_ips": -1 } ]"#,
    );
    assert_eq!(
        hits(&text, "DF005"),
        [
            t("ll", "/nodes/0/nat_ips"),
            t("g", "/security_groups/0/rules/0/ports")
        ]
    );
    let f = at(&text, "DF005", "/security_groups/0/rules/0/ports");
    assert!(f.help.en.contains("2800-3300"));
    let f = at(&text, "DF005", "/nodes/0/nat_ips");
    assert!(
        f.message.en.contains("cannot be less than 0"),
        "{}",
        f.message.en
    );
}

/// The spec: sizes, counts and capacities have no upper bound; any finite JSON number
/// (`1e16`, `1e308`) is valid there.
#[test]
fn df005_sizes_and_counts_have_no_upper_bound() {
    for big in [
        "1e16",
        "1E16",
        "10000000000000000",
        "9007199254740993",
        "1e300",
        "1e308",
        "1.7976931348623157e308",
    ] {
        let text = design(&format!(
            r#""nodes": [
            {{ "id": "e", "kind": "ecs", "zone": "hz-b", "cpu": {big}, "memory_gb": {big},
               "public_bandwidth_mbps": {big}, "disks_gb": [ {big}, 1 ] }},
            {{ "id": "d", "kind": "rds", "region": "hz", "storage_gb": {big},
               "sizing": {{ "daily_transactions": {big}, "transaction_kb": {big}, "retention_days": {big} }} }},
            {{ "id": "lb", "kind": "slb", "region": "hz", "bandwidth_mbps": {big} }},
            {{ "id": "ll", "kind": "leased_line", "region": "hz", "bandwidth_mbps": {big}, "nat_ips": {big} }},
            {{ "id": "hq", "kind": "idc", "tps": {big}, "transaction_kb": {big} }},
            {{ "id": "nat", "kind": "nat", "region": "hz", "rules": {big} }} ]"#
        ));
        let fs = findings(&text, "DF005");
        assert!(fs.is_empty(), "{big}: {:#?}", fs);
    }
}

#[test]
fn df005_what_stays_out_of_range_for_sizes_and_counts() {
    let text = design(
        r#""nodes": [
        { "id": "d", "kind": "rds", "region": "hz", "storage_gb": -1e20 },
        { "id": "e", "kind": "ecs", "zone": "hz-b", "cpu": 1e309 },
        { "id": "ll", "kind": "leased_line", "region": "hz", "nat_ips": 1.5 } ]"#,
    );
    let f = at(&text, "DF005", "/nodes/0/storage_gb");
    assert!(
        f.message
            .en
            .contains("is -1e20, but it cannot be less than 0"),
        "{}",
        f.message.en
    );
    let f = at(&text, "DF005", "/nodes/1/cpu");
    assert!(
        f.message.en.contains("beyond the largest number"),
        "{}",
        f.message.en
    );
    assert!(f.message.zh.contains("1.8e308"), "{}", f.message.zh);
    let f = at(&text, "DF005", "/nodes/2/nat_ips");
    assert!(f.message.en.contains("whole number"), "{}", f.message.en);
}

// ---------------------------------------------------------------- DF006

#[test]
fn df006_suggestions_and_other_kinds() {
    let text = r#"{ "archlint": 1, "nodez": [],
      "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b", "colour": "red" } ] } ],
      "nodes": [
        { "id": "e", "kind": "ecs", "zone": "hz-b", "securty_groups": [] },
        { "id": "lb", "kind": "slb", "region": "hz", "zone": "hz-b",
          "listeners": [ { "port": 80, "helth_check": {} } ] },
        { "id": "q", "kind": "queue", "zone": "hz-b", "flavour": 1 } ],
      "links": [ { "from": "e", "to": "lb", "weight": 3 } ] }"#;
    assert_eq!(
        hits(text, "DF006"),
        [
            n("/links/0/weight"),
            t("e", "/nodes/0/securty_groups"),
            t("lb", "/nodes/1/listeners/0/helth_check"),
            t("lb", "/nodes/1/zone"),
            t("q", "/nodes/2/flavour"),
            n("/nodez"),
            t("hz-b", "/regions/0/zones/0/colour"),
        ]
    );
    let f = at(text, "DF006", "/nodes/0/securty_groups");
    assert!(f.help.en.contains("did you mean `security_groups`?"));
    let f = at(text, "DF006", "/nodes/1/zone");
    assert!(
        f.message.en.contains("it is a field of `ecs` nodes"),
        "{}",
        f.message.en
    );
    assert!(f.help.en.contains("`region`"));
    let f = at(text, "DF006", "/nodes/1/listeners/0/helth_check");
    assert!(f.help.en.contains("`health_check`"));
    let f = at(text, "DF006", "/nodez");
    assert!(f.help.en.contains("`nodes`"));
    let f = at(text, "DF006", "/links/0/weight");
    assert!(f
        .help
        .en
        .contains("`from`, `to`, `port`, `protocol` and `label`"));
    assert!(hits(text, "DF006")
        .iter()
        .all(|(_, p)| p != "/nodes/2/zone"));
}

// ---------------------------------------------------------------- DF007

const SINGLE: &str =
    r#""nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ]"#;

#[test]
fn df007_used_ignores_are_quiet() {
    for rule in ["HA001", "ha001", "single-instance-module"] {
        for target in [r#", "target": "web-1""#, ""] {
            let text = design(&format!(
                r#"{SINGLE}, "ignore": [ {{ "rule": "{rule}"{target}, "reason": "batch" }} ]"#
            ));
            assert!(hits(&text, "DF007").is_empty(), "{rule} {target}");
            assert!(hits(&text, "HA001").is_empty());
        }
    }
    // Control: the same entry aimed at another target is unused.
    let text = design(&format!(
        r#"{SINGLE}, "ignore": [ {{ "rule": "HA001", "target": "web-2", "reason": "batch" }} ]"#
    ));
    assert_eq!(hits(&text, "DF007"), [n("/ignore/0")]);
}

#[test]
fn df007_unused_ignores() {
    let text = design(&format!(
        r#"{SINGLE}, "ignore": [
          {{ "rule": "HA001", "target": "web-2", "reason": "typo in target" }},
          {{ "rule": "DR003", "reason": "nothing to accept" }},
          {{ "rule": "HA001", "target": "web-1" }},
          {{ "rule": "HA01", "reason": "no such rule" }},
          {{ "target": "web-1", "reason": "no rule" }},
          {{ "rule": "DF007", "reason": "cannot be ignored" }} ]"#
    ));
    assert_eq!(
        hits(&text, "DF007"),
        [
            n("/ignore/0"),
            n("/ignore/1"),
            n("/ignore/2"),
            n("/ignore/3"),
            n("/ignore/4"),
            n("/ignore/5"),
        ]
    );
    assert!(at(&text, "DF007", "/ignore/0")
        .message
        .en
        .contains("`web-2`"));
    assert!(at(&text, "DF007", "/ignore/1")
        .message
        .en
        .contains("design-wide"));
    // Without a reason the entry is not applied, so HA001 is still reported.
    assert!(at(&text, "DF007", "/ignore/2")
        .message
        .en
        .contains("\"reason\""));
    assert_eq!(hits(&text, "HA001"), [t("web-1", "/nodes/0")]);
    assert!(at(&text, "DF007", "/ignore/3")
        .help
        .en
        .contains("did you mean `HA001`?"));
    assert!(at(&text, "DF007", "/ignore/4")
        .message
        .en
        .contains("no rule"));
    assert!(at(&text, "DF007", "/ignore/5")
        .help
        .en
        .contains("--ignore DF007"));
}

#[test]
fn df001_suggestions_ignore_case() {
    let text = design(
        r#""nodes": [ { "id": "Web-Main", "kind": "ecs", "zone": "hz-b" },
                      { "id": "lb", "kind": "slb", "region": "hz", "backends": ["wbe-main"] } ]"#,
    );
    let f = at(&text, "DF001", "/nodes/1/backends/0");
    assert!(
        f.help.en.contains("did you mean `Web-Main`?"),
        "{}",
        f.help.en
    );
}

#[test]
fn hostile_keys_and_ids_in_every_df_rule() {
    let text = design(
        r#""nodes": [ { "id": "🚀\u0000x", "kind": "ecs", "zone": "hz-b", "a/b~c\n": 1 },
                      { "id": "🚀\u0000x", "kind": "ecs", "zone": "hz-b" },
                      { "id": "<script>", "kind": "rds", "region": "hz",
                        "whitelist": ["🚀\u0000x", "</script>", "999.1.1.1"] } ]"#,
    );
    assert_eq!(hits(&text, "DF006"), [t("🚀\u{0}x", "/nodes/0/a~1b~0c\n")]);
    let f = at(&text, "DF006", "/nodes/0/a~1b~0c\n");
    assert!(f.message.en.contains("`a/b~c\\n`"), "{}", f.message.en);
    assert!(f.message.en.contains("\\u{0}"), "{}", f.message.en);
    assert_eq!(hits(&text, "DF002"), [t("🚀\u{0}x", "/nodes/1/id")]);
    assert_eq!(
        hits(&text, "DF001"),
        [t("<script>", "/nodes/2/whitelist/1")]
    );
    assert_eq!(
        hits(&text, "DF003"),
        [t("<script>", "/nodes/2/whitelist/2")]
    );
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

/// The fixed text of [`fixed_at`], asserting a safe fix.
fn safe_fix(text: &str, code: &str, ptr: &str) -> String {
    let (safety, _, out) =
        fixed_at(text, code, ptr).unwrap_or_else(|| panic!("{code} at {ptr}: no fix"));
    assert_eq!(safety, Safety::Safe, "{code} at {ptr}");
    out
}

#[test]
fn df001_fix_writes_the_one_nearest_id() {
    let text = design(
        r#""security_groups": [ { "id": "sg-web", "rules": [ { "ports": "22", "from": "sg:sg-bastoin" } ] },
                               { "id": "sg-bastion" }, { "id": "sg-mgmt" } ],
        "nodes": [
          { "id": "web-1", "kind": "ecs", "zone": "hz-bb", "security_groups": [ "sg-wbe", "sg-mgmt" ] },
          { "id": "app-1", "kind": "ecs", "zone": "hz-c", "security_groups": [ "sg-web", "sg-mgnt" ] },
          { "id": "lb", "kind": "slb", "region": "hz-b", "backends": [ "web-l" ] },
          { "id": "x", "kind": "ecs", "zone": "hz-x" } ]"#,
    );
    // A member: the value is replaced, `sg:` kept.
    let (_, title, out) = fixed_at(&text, "DF001", "/security_groups/0/rules/0/from").unwrap();
    assert_eq!(title, "refer to `sg-bastion` instead of `sg-bastoin`");
    assert_eq!(out, text.replace("\"sg:sg-bastoin\"", "\"sg:sg-bastion\""));
    assert_eq!(
        safe_fix(&text, "DF001", "/nodes/0/zone"),
        text.replace("\"hz-bb\"", "\"hz-b\"")
    );
    // The last element of an array: replaced where it is.
    assert_eq!(
        safe_fix(&text, "DF001", "/nodes/1/security_groups/1"),
        text.replace(r#"[ "sg-web", "sg-mgnt" ]"#, r#"[ "sg-web", "sg-mgmt" ]"#)
    );
    // Another element: it moves to the end (a pointer edit cannot replace it in place).
    assert_eq!(
        safe_fix(&text, "DF001", "/nodes/0/security_groups/0"),
        text.replace(r#"[ "sg-wbe", "sg-mgmt" ]"#, r#"[ "sg-mgmt", "sg-web" ]"#)
    );
    // The only element: the array is written anew.
    assert_eq!(
        safe_fix(&text, "DF001", "/nodes/2/backends/0"),
        text.replace(r#"[ "web-l" ]"#, r#"["web-1"]"#)
    );
    // A region named by one of its zones: that region.
    assert_eq!(
        safe_fix(&text, "DF001", "/nodes/2/region"),
        text.replace(r#""region": "hz-b""#, r#""region": "hz""#)
    );
    // `hz-x` is as near to `hz-b` as to `hz-c`: no fix.
    assert!(fixed_at(&text, "DF001", "/nodes/3/zone").is_none());
}

#[test]
fn df003_fix_writes_the_network_of_a_range() {
    let text = design(
        r#""vpcs": [ { "id": "v", "region": "sz", "cidr": "10.0.0.0/16",
                     "vswitches": [ { "id": "s", "zone": "sz-a", "cidr": "10.0.1.7/24" } ] } ],
        "nodes": [ { "id": "db", "kind": "rds", "region": "sz", "whitelist": ["10.0.1.7/24"] } ]"#,
    );
    let (safety, title, out) = fixed_at(&text, "DF003", "/vpcs/0/vswitches/0/cidr").unwrap();
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "write `10.0.1.7/24` as its network address `10.0.1.0/24`"
    );
    assert_eq!(out, text.replacen("\"10.0.1.7/24\"", "\"10.0.1.0/24\"", 1));
    // In a whitelist the single host may be meant.
    assert!(fixed_at(&text, "DF003", "/nodes/0/whitelist/0").is_none());
}

#[test]
fn df004_fixes_a_region_and_a_zone_the_vswitch_contradicts() {
    let one = r#"{ "archlint": 1,
  "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" }, { "id": "sz-b" } ] } ],
  "vpcs": [ { "id": "v", "region": "sz", "vswitches": [ { "id": "s", "zone": "sz-a" } ] } ],
  "nodes": [ { "id": "e", "kind": "ecs", "vswitch": "s", "zone": "sz-b" },
             { "id": "b", "kind": "oss" } ] }"#;
    let (safety, title, out) = fixed_at(one, "DF004", "/nodes/1").unwrap();
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "place `b` in region `sz`, the design's only region");
    assert_eq!(
        out,
        one.replace(r#""kind": "oss" }"#, r#""kind": "oss", "region": "sz" }"#)
    );
    let (_, title, out) = fixed_at(one, "DF004", "/nodes/0/zone").unwrap();
    assert_eq!(
        title,
        "remove \"zone\": \"sz-b\" from `e`: its vSwitch `s` puts it in `sz-a`"
    );
    assert_eq!(out, one.replace(r#", "zone": "sz-b" }"#, " }"));
    assert!(findings(&out, "DF004")
        .iter()
        .all(|f| f.pointer != "/nodes/0/zone"));
    // Several regions: where the bucket goes is a choice; so is the zone of an ECS.
    let text = design(r#""nodes": [ { "id": "b", "kind": "oss" }, { "id": "e", "kind": "ecs" } ]"#);
    assert!(fixed_at(&text, "DF004", "/nodes/0").is_none());
    assert!(fixed_at(&text, "DF004", "/nodes/1").is_none());
}

#[test]
fn df005_fix_writes_the_one_nearest_allowed_value() {
    let text = design(
        r#""nodes": [ { "id": "e", "kind": "ecs", "zone": "hz-b", "os": "Linux" },
                   { "id": "lb", "kind": "slb", "region": "hz", "scope": "pubic" },
                   { "id": "db", "kind": "rds", "region": "hz", "engine": "oracle" } ]"#,
    );
    let (safety, title, out) = fixed_at(&text, "DF005", "/nodes/0/os").unwrap();
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "write `os` as `linux` instead of `Linux`");
    assert_eq!(out, text.replace("\"Linux\"", "\"linux\""));
    assert_eq!(
        safe_fix(&text, "DF005", "/nodes/1/scope"),
        text.replace("\"pubic\"", "\"public\"")
    );
    assert!(fixed_at(&text, "DF005", "/nodes/2/engine").is_none());
}

#[test]
fn df007_fix_removes_an_entry_that_names_a_rule_and_a_reason() {
    let text = design(
        r#""nodes": [ { "id": "e", "kind": "ecs", "zone": "hz-b" } ],
        "ignore": [ { "rule": "HA002", "target": "e", "reason": "old" },
                    { "rule": "HA002" },
                    { "rule": "HA0002", "reason": "typo" },
                    { "rule": "DF007", "reason": "quiet" } ]"#,
    );
    let (safety, title, out) = fixed_at(&text, "DF007", "/ignore/0").unwrap();
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "remove the unused ignore entry for `HA002` on `e`");
    assert_eq!(
        out,
        text.replace(
            r#"{ "rule": "HA002", "target": "e", "reason": "old" },
                    "#,
            ""
        )
    );
    // Without a reason, or naming no rule: the author has to say what was meant.
    assert!(fixed_at(&text, "DF007", "/ignore/1").is_none());
    assert!(fixed_at(&text, "DF007", "/ignore/2").is_none());
    // An entry for a rule the design cannot silence goes too.
    assert_eq!(
        safe_fix(&text, "DF007", "/ignore/3"),
        text.replace(
            r#",
                    { "rule": "DF007", "reason": "quiet" }"#,
            ""
        )
    );
}

#[test]
fn every_df_rule_says_what_its_fix_does_or_why_it_has_none() {
    for r in archlint_core::rules::all().filter(|r| r.family() == "DF") {
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
