//! Edge cases of the HA rules (single points of failure).

mod common;

use archlint_core::{check, Finding, Limits, LintOptions};

fn run(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

use common::{pair, pairs_of as at};

/// A design with a primary classic region `hz` (zones hz-b, hz-c), a `dr` region `qd`
/// (zones qd-a, qd-b), the given nodes and links.
fn design(nodes: &str, links: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }},
               {{ "id": "qd", "network": "classic", "role": "dr", "zones": [ {{ "id": "qd-a" }}, {{ "id": "qd-b" }} ] }} ],
  "nodes": [ {nodes} ],
  "links": [ {links} ] }}"#
    )
}

const WEB: &str = r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
  { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" }"#;

// ---------------------------------------------------------------- HA002

#[test]
fn ha002_internet_idc_and_other_module_trigger_at_the_link() {
    let nodes = format!(
        r#"{WEB},
        {{ "id": "idc-1", "kind": "idc" }},
        {{ "id": "job-1", "kind": "ecs", "module": "job", "zone": "hz-b" }}"#
    );
    let links = r#"{ "from": "internet", "to": "web-1", "port": 80 },
        { "from": "idc-1", "to": "web-2", "port": 80 },
        { "from": "job-1", "to": "web-1", "port": 8080 }"#;
    let t = design(&nodes, links);
    assert_eq!(
        at(&t, "HA002"),
        vec![
            pair("web-1", "/links/0"),
            pair("web-2", "/links/1"),
            pair("web-1", "/links/2"),
        ]
    );
    let f = &run(&t, "HA002")[0];
    assert!(f.message.en.contains("`internet`"), "{}", f.message.en);
    assert!(f.message.en.contains("2 instances"), "{}", f.message.en);
    assert!(f.message.en.contains("`web`"), "{}", f.message.en);
    assert!(f.message.zh.contains("`web-1`"), "{}", f.message.zh);
}

#[test]
fn ha002_same_module_bastion_slb_apigw_and_vpn_do_not_trigger() {
    let nodes = format!(
        r#"{WEB},
        {{ "id": "bastion", "kind": "ecs", "role": "bastion", "zone": "hz-b" }},
        {{ "id": "slb", "kind": "slb", "region": "hz", "listeners": [ {{ "protocol": "http", "port": 80 }} ],
           "backends": ["web-1", "web-2"] }},
        {{ "id": "gw", "kind": "apigw", "region": "hz", "backends": ["web-1"] }},
        {{ "id": "vpn", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.200.0.0/30"] }}"#
    );
    let links = r#"{ "from": "web-2", "to": "web-1", "port": 80 },
        { "from": "bastion", "to": "web-1", "port": 22 },
        { "from": "slb", "to": "web-1", "port": 80 },
        { "from": "gw", "to": "web-2", "port": 80 },
        { "from": "vpn", "to": "web-1", "port": 22 },
        { "from": "internet", "to": "slb", "port": 80 },
        { "from": "gw", "to": "bastion", "port": 22 },
        { "from": "bastion", "to": "web-2", "port": 22 }"#;
    assert_eq!(at(&design(&nodes, links), "HA002"), vec![]);
    // Control: the one link that does bypass the SLB.
    let links = format!(r#"{links}, {{ "from": "internet", "to": "web-2", "port": 80 }}"#);
    assert_eq!(
        at(&design(&nodes, &links), "HA002"),
        vec![pair("web-2", "/links/8")]
    );
}

#[test]
fn ha002_needs_a_production_module_of_two_or_more() {
    // A module of one (HA001's concern), a test instance and a DR-region module.
    let nodes = r#"{ "id": "solo", "kind": "ecs", "zone": "hz-b" },
        { "id": "t-1", "kind": "ecs", "role": "test", "module": "t", "zone": "hz-b" },
        { "id": "t-2", "kind": "ecs", "role": "test", "module": "t", "zone": "hz-c" },
        { "id": "dr-1", "kind": "ecs", "module": "web", "zone": "qd-a" },
        { "id": "dr-2", "kind": "ecs", "module": "web", "zone": "qd-b" }"#;
    let links = r#"{ "from": "internet", "to": "solo" },
        { "from": "internet", "to": "t-1" },
        { "from": "internet", "to": "dr-1" }"#;
    assert_eq!(at(&design(nodes, links), "HA002"), vec![]);
    // The same link to a two-instance production module does trigger.
    let t = design(WEB, r#"{ "from": "internet", "to": "web-2" }"#);
    assert_eq!(at(&t, "HA002"), vec![pair("web-2", "/links/0")]);
}

// ---------------------------------------------------------------- HA003

#[test]
fn ha003_one_backend_even_listed_twice() {
    let nodes = format!(
        r#"{WEB},
        {{ "id": "s1", "kind": "slb", "region": "hz", "backends": ["web-1"] }},
        {{ "id": "s2", "kind": "slb", "region": "hz", "backends": ["web-2", "web-2"] }},
        {{ "id": "s3", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"] }},
        {{ "id": "s4", "kind": "slb", "region": "hz", "backends": [] }},
        {{ "id": "s5", "kind": "slb", "region": "hz" }}"#
    );
    let t = design(&nodes, "");
    assert_eq!(
        at(&t, "HA003"),
        vec![
            pair("s1", "/nodes/2/backends"),
            pair("s2", "/nodes/3/backends")
        ]
    );
    let f = &run(&t, "HA003")[1];
    assert!(f.message.en.contains("`web-2`"), "{}", f.message.en);
}

// ---------------------------------------------------------------- HA004

#[test]
fn ha004_every_database_ecs_at_its_role() {
    let nodes = r#"{ "id": "app", "kind": "ecs", "zone": "hz-b" },
        { "id": "db-1", "kind": "ecs", "role": "database", "module": "db", "zone": "hz-b" },
        { "id": "db-dr", "kind": "ecs", "role": "database", "zone": "qd-a" },
        { "id": "rds", "kind": "rds", "region": "hz" }"#;
    assert_eq!(
        at(&design(nodes, ""), "HA004"),
        vec![
            pair("db-1", "/nodes/1/role"),
            pair("db-dr", "/nodes/2/role")
        ]
    );
}

// ---------------------------------------------------------------- HA005

#[test]
fn ha005_only_an_explicit_false_on_a_production_ecs() {
    let nodes = r#"{ "id": "a", "kind": "ecs", "zone": "hz-b", "autostart": false },
        { "id": "b", "kind": "ecs", "zone": "hz-b", "autostart": true },
        { "id": "c", "kind": "ecs", "zone": "hz-b" },
        { "id": "d", "kind": "ecs", "role": "database", "zone": "hz-c", "autostart": false },
        { "id": "e", "kind": "ecs", "role": "test", "zone": "hz-c", "autostart": false },
        { "id": "f", "kind": "ecs", "role": "bastion", "zone": "hz-c", "autostart": false },
        { "id": "g", "kind": "ecs", "zone": "qd-a", "autostart": false }"#;
    assert_eq!(
        at(&design(nodes, ""), "HA005"),
        vec![
            pair("a", "/nodes/0/autostart"),
            pair("d", "/nodes/3/autostart")
        ]
    );
}

// ---------------------------------------------------------------- HA006

#[test]
fn ha006_boundary_at_eight_cpus_and_two_instances() {
    let nodes = r#"{ "id": "a-1", "kind": "ecs", "module": "a", "zone": "hz-b", "cpu": 8 },
        { "id": "a-2", "kind": "ecs", "module": "a", "zone": "hz-c", "cpu": 32 },
        { "id": "b-1", "kind": "ecs", "module": "b", "zone": "hz-b", "cpu": 7.5 },
        { "id": "b-2", "kind": "ecs", "module": "b", "zone": "hz-c", "cpu": 8 },
        { "id": "c-1", "kind": "ecs", "module": "c", "zone": "hz-b", "cpu": 16 },
        { "id": "c-2", "kind": "ecs", "module": "c", "zone": "hz-c", "cpu": 16 },
        { "id": "c-3", "kind": "ecs", "module": "c", "zone": "hz-c", "cpu": 16 },
        { "id": "d", "kind": "ecs", "zone": "hz-b", "cpu": 12 }"#;
    let t = design(nodes, "");
    assert_eq!(
        at(&t, "HA006"),
        vec![pair("a-1", "/nodes/0/cpu"), pair("d", "/nodes/7/cpu")]
    );
    let f = &run(&t, "HA006")[0];
    assert!(f.message.en.contains("8 + 32"), "{}", f.message.en);
    assert_eq!(f.severity, archlint_core::Severity::Info);
}

#[test]
fn ha006_unknown_cpu_never_triggers() {
    let nodes = r#"{ "id": "a-1", "kind": "ecs", "module": "a", "zone": "hz-b", "cpu": 16 },
        { "id": "a-2", "kind": "ecs", "module": "a", "zone": "hz-c" },
        { "id": "t", "kind": "ecs", "role": "test", "zone": "hz-c", "cpu": 64 }"#;
    assert_eq!(at(&design(nodes, ""), "HA006"), vec![]);
    // Control: once a-2's size is known to be large, the module is reported.
    let nodes = nodes.replace(r#""zone": "hz-c" }"#, r#""zone": "hz-c", "cpu": 8 }"#);
    assert_eq!(
        at(&design(&nodes, ""), "HA006"),
        vec![pair("a-1", "/nodes/0/cpu")]
    );
}

// ---------------------------------------------------------------- HA007

#[test]
fn ha007_once_per_ecs_naming_every_rds() {
    let nodes = r#"{ "id": "app", "kind": "ecs", "zone": "hz-b", "reconnect": false },
        { "id": "ok", "kind": "ecs", "zone": "hz-b", "reconnect": true },
        { "id": "unk", "kind": "ecs", "zone": "hz-b" },
        { "id": "peer", "kind": "ecs", "zone": "hz-c", "reconnect": false },
        { "id": "db1", "kind": "rds", "region": "hz" },
        { "id": "db2", "kind": "rds", "region": "hz" }"#;
    let links = r#"{ "from": "app", "to": "db1", "port": 3306 },
        { "from": "app", "to": "db1", "port": 3307 },
        { "from": "app", "to": "db2", "port": 3306 },
        { "from": "ok", "to": "db1", "port": 3306 },
        { "from": "unk", "to": "db1", "port": 3306 },
        { "from": "peer", "to": "app", "port": 80 }"#;
    let t = design(nodes, links);
    assert_eq!(at(&t, "HA007"), vec![pair("app", "/nodes/0/reconnect")]);
    let f = &run(&t, "HA007")[0];
    assert!(f.message.en.contains("`db1`, `db2`"), "{}", f.message.en);
}

#[test]
fn ha007_a_whitelist_alone_is_not_a_link() {
    let nodes = r#"{ "id": "app", "kind": "ecs", "zone": "hz-b", "reconnect": false },
        { "id": "db1", "kind": "rds", "region": "hz", "whitelist": ["app"] }"#;
    assert_eq!(at(&design(nodes, ""), "HA007"), vec![]);
    let links = r#"{ "from": "app", "to": "db1", "port": 3306 }"#;
    assert_eq!(
        at(&design(nodes, links), "HA007"),
        vec![pair("app", "/nodes/0/reconnect")]
    );
}

/// A large design goes through every HA rule without trouble (the rules use per-node tables,
/// never pairwise scans): 20,000 instances of one module, each linked from the internet.
#[test]
fn large_design() {
    let count = 20_000;
    let mut nodes = Vec::with_capacity(count + 1);
    let mut links = Vec::with_capacity(count);
    for i in 0..count {
        let zone = if i % 3 == 0 { "hz-b" } else { "hz-c" };
        nodes.push(format!(
            r#"{{ "id": "w{i}", "kind": "ecs", "module": "web", "zone": "{zone}", "cpu": 16, "autostart": false, "reconnect": false }}"#
        ));
        links.push(format!(r#"{{ "from": "internet", "to": "w{i}" }}"#));
        links.push(format!(r#"{{ "from": "w{i}", "to": "db" }}"#));
    }
    nodes.push(r#"{ "id": "db", "kind": "rds", "region": "hz" }"#.to_string());
    let t = design(&nodes.join(",\n"), &links.join(",\n"));
    let start = std::time::Instant::now();
    let report = check(&t, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    let took = start.elapsed();
    let n = |c: &str| report.findings.iter().filter(|f| f.rule.code == c).count();
    assert_eq!(n("HA002"), count);
    assert_eq!(n("HA005"), count);
    assert_eq!(n("HA007"), count);
    assert_eq!(n("HA006"), 0);
    eprintln!("{count} nodes linted in {took:?}");
}
