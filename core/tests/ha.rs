//! Edge cases of the HA rules (single points of failure).

mod common;
use common::{apply_fix, fixable};

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

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

/// A classic design: `web-b1` alone behind `slb-web`, whose health check path `web-b1`'s
/// `paths` miss (LB005).
const SINGLE: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "security_groups": [ { "id": "sg-web", "rules": [ { "ports": "80", "from": "slb-web" } ] } ],
  "nodes": [
    { "id": "web-b1", "kind": "ecs", "module": "web", "zone": "hz-b", "cpu": 2, "memory_gb": 4,
      "security_groups": ["sg-web"], "autostart": true, "listens": [80], "paths": ["/api/"] },
    { "id": "slb-web", "kind": "slb", "region": "hz",
      "listeners": [ { "protocol": "http", "port": 80, "health_check": { "path": "/health" } } ],
      "backends": ["web-b1"] } ] }"#;

#[test]
fn ha001_fix_adds_a_second_instance_in_the_other_zone_behind_the_slb() {
    let (safety, title, out) = apply_fix("HA001", SINGLE);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add `web-c1`, a second ECS of module `web`, in zone `hz-c`, and make it a backend of `slb-web`"
    );
    // Named after `web-b1` with the zone swapped; like it in all but its label and `paths`
    // (which the SLB's health check misses: a copy would fail it too).
    let want = SINGLE.replace(
        r#""backends": ["web-b1"] } ] }"#,
        r#""backends": ["web-b1", "web-c1"] },
    {
      "id": "web-c1",
      "kind": "ecs",
      "zone": "hz-c",
      "role": "app",
      "module": "web",
      "cpu": 2,
      "memory_gb": 4,
      "os": "linux",
      "security_groups": ["sg-web"],
      "autostart": true,
      "listens": [80]
    } ] }"#,
    );
    assert_eq!(out, want);
    assert_eq!(at(&out, "HA001"), vec![]);
    assert_eq!(at(&out, "HA003"), vec![]);
    assert_eq!(at(&out, "ZN001"), vec![]);
}

#[test]
fn ha001_fix_in_a_vpc_takes_a_vswitch_of_the_same_tier() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "sh", "network": "vpc", "zones": [ { "id": "sh-a" }, { "id": "sh-b" } ] } ],
  "vpcs": [ { "id": "vpc1", "region": "sh", "cidr": "10.0.0.0/16", "vswitches": [
    { "id": "vsw-a", "zone": "sh-a", "cidr": "10.0.1.0/24", "tier": "intranet" },
    { "id": "vsw-b-dmz", "zone": "sh-b", "cidr": "10.0.2.0/24", "tier": "dmz" },
    { "id": "vsw-b", "zone": "sh-b", "cidr": "10.0.3.0/24", "tier": "intranet" } ] } ],
  "nodes": [ { "id": "app", "kind": "ecs", "vswitch": "vsw-a", "os": "windows", "reconnect": true } ] }"#;
    let (_, title, out) = apply_fix("HA001", t);
    assert_eq!(
        title,
        "add `app-2`, a second ECS of module `app`, in zone `sh-b` (vSwitch `vsw-b`)"
    );
    // `app` has no `module`: it is a module of its own, which its copy names.
    let want = t.replace(
        r#""reconnect": true } ] }"#,
        r#""reconnect": true }, { "id": "app-2", "kind": "ecs", "vswitch": "vsw-b", "role": "app", "module": "app", "os": "windows", "reconnect": true } ] }"#,
    );
    assert_eq!(out, want);
    assert_eq!(at(&out, "HA001"), vec![]);
}

#[test]
fn ha001_fix_stays_in_the_zone_when_the_region_has_no_other() {
    let t = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }"#;
    let (_, title, out) = apply_fix("HA001", t);
    assert_eq!(
        title,
        "add `web-2`, a second ECS of module `web`, in zone `hz-b`"
    );
    assert_eq!(
        out,
        t.replace(
            r#""zone": "hz-b" } ] }"#,
            r#""zone": "hz-b" }, { "id": "web-2", "kind": "ecs", "zone": "hz-b", "role": "app", "module": "web", "os": "linux" } ] }"#
        )
    );
}

#[test]
fn ha001_no_fix_while_the_slb_cannot_reach_the_instance() {
    // sg-web does not admit the SLB (SG004): a copy in the same group would be blocked too.
    let t = SINGLE.replace(r#""from": "slb-web""#, r#""from": "sg:sg-web""#);
    assert!(!fixable("HA001", &t));
    assert!(!fixable("HA003", &t));
    assert!(fixable("HA001", SINGLE));
}

#[test]
fn ha002_fix_points_the_link_at_the_slb_on_its_listener_port() {
    let t = design(
        r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
  { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
  { "id": "slb-web", "kind": "slb", "region": "hz",
    "listeners": [ { "protocol": "http", "port": 80, "backend_port": 8080 } ], "backends": ["web-1", "web-2"] }"#,
        r#"{ "from": "internet", "to": "web-2", "port": 8080 }"#,
    );
    let (safety, title, out) = apply_fix("HA002", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "point the link from `internet` at `slb-web` (port 80) instead of `web-2`"
    );
    assert_eq!(
        out,
        t.replace(
            r#"{ "from": "internet", "to": "web-2", "port": 8080 }"#,
            r#"{ "from": "internet", "to": "slb-web", "port": 80 }"#
        )
    );
    assert_eq!(at(&out, "HA002"), vec![]);
}

#[test]
fn ha002_fix_needs_one_front_that_fits() {
    let web = r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
  { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" }"#;
    let slb = |id: &str, scope: &str| {
        format!(
            r#"{{ "id": "{id}", "kind": "slb", "region": "hz", "scope": "{scope}",
    "listeners": [ {{ "protocol": "http", "port": 80 }} ], "backends": ["web-1", "web-2"] }}"#
        )
    };
    let link = r#"{ "from": "internet", "to": "web-1", "port": 80 }"#;
    // No SLB, only a private one (not for the internet), two public ones: no fix.
    assert!(!fixable("HA002", &design(web, link)));
    let private = slb("ilb", "private");
    assert!(!fixable(
        "HA002",
        &design(&format!("{web}, {private}"), link)
    ));
    let two = format!(
        "{web}, {}, {}",
        slb("slb-1", "public"),
        slb("slb-2", "public")
    );
    assert!(!fixable("HA002", &design(&two, link)));
    // A public and a private one: the internet goes to the public one, a caller inside to the
    // private one.
    let both = format!("{web}, {}, {private}, {{ \"id\": \"job\", \"kind\": \"ecs\", \"module\": \"job\", \"zone\": \"hz-b\" }}", slb("slb-1", "public"));
    let (_, title, _) = apply_fix("HA002", &design(&both, link));
    assert!(title.contains("at `slb-1`"), "{title}");
    let inner = r#"{ "from": "job", "to": "web-1", "port": 80 }"#;
    let (_, title, _) = apply_fix("HA002", &design(&both, inner));
    assert!(title.contains("at `ilb`"), "{title}");
}

#[test]
fn ha003_fix_adds_the_other_instances_of_the_module_to_the_backends() {
    let t = design(
        r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
  { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" },
  { "id": "web-dr", "kind": "ecs", "module": "web", "zone": "qd-a" },
  { "id": "slb-web", "kind": "slb", "region": "hz",
    "listeners": [ { "protocol": "http", "port": 80 } ], "backends": ["web-1"] }"#,
        "",
    );
    let (safety, title, out) = apply_fix("HA003", &t);
    assert_eq!(safety, Safety::Safe);
    // Not `web-dr`: it is in another region.
    assert_eq!(title, "add `web-2` to the backends of `slb-web`");
    assert_eq!(
        out,
        t.replace(
            r#""backends": ["web-1"]"#,
            r#""backends": ["web-1", "web-2"]"#
        )
    );
    assert_eq!(at(&out, "HA003"), vec![]);
}

#[test]
fn ha003_fix_adds_a_second_instance_when_the_module_has_none() {
    let (safety, title, out) = apply_fix("HA003", SINGLE);
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!((title, out), {
        let (_, t, o) = apply_fix("HA001", SINGLE);
        (t, o)
    });
}

#[test]
fn ha007_fix_sets_reconnect() {
    let t = design(
        r#"{ "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-b", "reconnect": false },
  { "id": "db", "kind": "rds", "region": "hz" }"#,
        r#"{ "from": "app-1", "to": "db", "port": 3306 }"#,
    );
    let (safety, title, out) = apply_fix("HA007", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "set \"reconnect\": true on `app-1`");
    assert_eq!(
        out,
        t.replace(r#""reconnect": false"#, r#""reconnect": true"#)
    );
}
