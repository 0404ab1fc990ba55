//! Edge cases of the LB rules (load balancer configuration).

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

/// A classic region `hz` with zones `hz-b`, `hz-c`, a VPC `vpc-hz`, and the given nodes.
fn design(nodes: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }} ],
  "vpcs": [ {{ "id": "vpc-hz", "region": "hz" }} ],
  "security_groups": [ {{ "id": "sg-web" }} ],
  "nodes": [ {nodes} ] }}"#
    )
}

const WEB: &str = r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b" }"#;

// ---------------------------------------------------------------- LB001

#[test]
fn lb001_port_boundaries() {
    let ports = [
        (79, false),
        (80, true),
        (81, false),
        (443, true),
        (2799, false),
        (2800, true),
        (3300, true),
        (3301, false),
        (4999, false),
        (5000, true),
        (10000, true),
        (10001, false),
        (12999, false),
        (13000, true),
        (14000, true),
        (14001, false),
    ];
    let listeners: Vec<String> = ports
        .iter()
        .map(|(p, _)| format!(r#"{{ "protocol": "tcp", "port": {p}, "backend_port": 22 }}"#))
        .collect();
    let slb = format!(
        r#"{WEB}, {{ "id": "slb", "kind": "slb", "region": "hz", "listeners": [ {}, {{ "protocol": "tcp" }} ], "backends": [ "web-1" ] }}"#,
        listeners.join(", ")
    );
    let t = design(&slb);
    let mut expected: Vec<(String, String)> = ports
        .iter()
        .enumerate()
        .filter(|(_, (_, ok))| !ok)
        .map(|(i, _)| hit("slb", &format!("/nodes/1/listeners/{i}/port")))
        .collect();
    expected.sort();
    assert_eq!(hits("LB001", &t), expected);
    // The backend port is not judged, and the help keeps it.
    let f = findings("LB001", &t);
    assert!(
        f[0].help.en.contains("\"backend_port\": 22"),
        "{}",
        f[0].help.en
    );
}

// ---------------------------------------------------------------- LB002

#[test]
fn lb002_backends_that_are_not_ecs() {
    let nodes = format!(
        r#"{WEB},
      {{ "id": "db", "kind": "rds", "region": "hz" }},
      {{ "id": "slb-in", "kind": "slb", "region": "hz", "backends": [ "web-1" ] }},
      {{ "id": "odd", "kind": "router" }},
      {{ "id": "slb", "kind": "slb", "region": "hz",
         "backends": [ "web-1", "db", "slb-in", "nowhere", "odd", "vpc-hz", "sg-web", "hz-b" ] }}"#
    );
    let t = design(&nodes);
    assert_eq!(
        hits("LB002", &t),
        vec![
            hit("slb", "/nodes/4/backends/1"),
            hit("slb", "/nodes/4/backends/2"),
            hit("slb", "/nodes/4/backends/5"),
            hit("slb", "/nodes/4/backends/6"),
            hit("slb", "/nodes/4/backends/7"),
        ]
    );
    let f = findings("LB002", &t);
    assert!(f.iter().any(|f| f.message.en.contains("`rds`")));
    assert!(f.iter().any(|f| f.message.en.contains("a VPC")));
    assert!(f.iter().any(|f| f.message.en.contains("a zone")));
}

// ---------------------------------------------------------------- LB003

#[test]
fn lb003_protocols() {
    let slb = format!(
        r#"{WEB}, {{ "id": "slb", "kind": "slb", "region": "hz", "backends": [ "web-1" ], "listeners": [
        {{ "protocol": "ftp", "port": 2821 }},
        {{ "protocol": "HTTP", "port": 80 }},
        {{ "protocol": "Tcp", "port": 5000 }},
        {{ "protocol": "udp", "port": 5001 }},
        {{ "protocol": "https", "port": 443, "certificate": true }},
        {{ "protocol": "SFTP", "port": 2822 }},
        {{ "protocol": "quic", "port": 443 }},
        {{ "port": 5002 }} ] }}"#
    );
    let t = design(&slb);
    assert_eq!(
        hits("LB003", &t),
        vec![
            hit("slb", "/nodes/1/listeners/0/protocol"),
            hit("slb", "/nodes/1/listeners/5/protocol"),
            hit("slb", "/nodes/1/listeners/6/protocol"),
        ]
    );
    let f = findings("LB003", &t);
    let sftp = f
        .iter()
        .find(|f| f.pointer.ends_with("/5/protocol"))
        .unwrap();
    assert!(sftp.message.en.contains("`sftp`") && sftp.help.en.contains("sftp"));
    let quic = f
        .iter()
        .find(|f| f.pointer.ends_with("/6/protocol"))
        .unwrap();
    assert!(quic.help.en.contains("\"tcp\""));
}

// ---------------------------------------------------------------- LB004

#[test]
fn lb004_certificates() {
    let slb = format!(
        r#"{WEB}, {{ "id": "slb", "kind": "slb", "region": "hz", "backends": [ "web-1" ], "listeners": [
        {{ "protocol": "https", "port": 443 }},
        {{ "protocol": "https", "port": 8443, "certificate": false }},
        {{ "protocol": "https", "port": 9443, "certificate": true }},
        {{ "protocol": "HTTPS", "port": 5443 }},
        {{ "protocol": "http", "port": 80 }},
        {{ "protocol": "tcp", "port": 443 }} ] }}"#
    );
    let t = design(&slb);
    assert_eq!(
        hits("LB004", &t),
        vec![
            hit("slb", "/nodes/1/listeners/0"),
            hit("slb", "/nodes/1/listeners/1/certificate"),
            hit("slb", "/nodes/1/listeners/3"),
        ]
    );
}

// ---------------------------------------------------------------- LB005

fn hc_design(listeners: &str, backends_paths: &[Option<&str>]) -> String {
    let mut nodes = Vec::new();
    let mut ids = Vec::new();
    for (i, p) in backends_paths.iter().enumerate() {
        let paths = p.map_or(String::new(), |p| format!(r#", "paths": {p}"#));
        nodes.push(format!(
            r#"{{ "id": "b{i}", "kind": "ecs", "zone": "hz-b"{paths} }}"#
        ));
        ids.push(format!("\"b{i}\""));
    }
    nodes.push(format!(
        r#"{{ "id": "slb", "kind": "slb", "region": "hz", "listeners": [ {listeners} ], "backends": [ {} ] }}"#,
        ids.join(", ")
    ));
    design(&nodes.join(",\n"))
}

fn http_check(path: &str) -> String {
    format!(
        r#"{{ "protocol": "http", "port": 80, "health_check": {{ "protocol": "http", "path": "{path}" }} }}"#
    )
}

#[test]
fn lb005_prefix_matching() {
    let ptr = "/nodes/1/listeners/0/health_check/path";
    for (path, served) in [
        ("/", false),
        ("/app/", true),
        ("/app", true),
        ("/app/health", true),
        ("/app?probe=1", true),
        ("/application", false),
        ("/api/", false),
    ] {
        let t = hc_design(&http_check(path), &[Some(r#"["/app/"]"#)]);
        let expected = if served {
            vec![]
        } else {
            vec![hit("slb", ptr)]
        };
        assert_eq!(hits("LB005", &t), expected, "path {path}");
    }
    // The prefix "/" serves everything.
    let t = hc_design(&http_check("/anything"), &[Some(r#"["/"]"#)]);
    assert!(hits("LB005", &t).is_empty());
    // An empty `paths` serves nothing.
    let t = hc_design(&http_check("/"), &[Some("[]")]);
    assert_eq!(hits("LB005", &t), vec![hit("slb", ptr)]);
    assert!(findings("LB005", &t)[0].message.en.contains("no path"));
}

#[test]
fn lb005_per_backend_and_only_when_declared() {
    // b0 serves /app/, b1 serves /, b2 declares nothing, b3 serves /api/ only.
    let t = hc_design(
        &http_check("/app/health"),
        &[
            Some(r#"["/app/"]"#),
            Some(r#"["/"]"#),
            None,
            Some(r#"["/api/", "/static/"]"#),
        ],
    );
    assert_eq!(
        hits("LB005", &t),
        vec![hit("slb", "/nodes/4/listeners/0/health_check/path")]
    );
    let f = &findings("LB005", &t)[0];
    assert!(f.message.en.contains("`b3`") && f.message.en.contains("`/api/`, `/static/`"));
    assert!(f.help.en.contains("\"/api/\""));
}

#[test]
fn lb005_which_health_checks_are_http() {
    let paths = [Some(r#"["/app/"]"#)];
    let ptr = |i: usize| format!("/nodes/1/listeners/{i}/health_check/path");
    let listeners = r#"
      { "protocol": "https", "port": 443, "certificate": true, "health_check": { "path": "/" } },
      { "protocol": "tcp", "port": 5000, "health_check": { "path": "/" } },
      { "protocol": "tcp", "port": 5001, "health_check": { "protocol": "http", "path": "/" } },
      { "protocol": "http", "port": 80, "health_check": { "protocol": "tcp", "path": "/" } },
      { "protocol": "http", "port": 81, "health_check": { "protocol": "http" } },
      { "protocol": "http", "port": 82 }"#;
    let t = hc_design(listeners, &paths);
    assert_eq!(
        hits("LB005", &t),
        vec![hit("slb", &ptr(0)), hit("slb", &ptr(2))]
    );
}

// ---------------------------------------------------------------- LB006

#[test]
fn lb006_health_check_port_defaults() {
    let nodes = r#"{ "id": "b0", "kind": "ecs", "zone": "hz-b", "listens": [8080] },
      { "id": "b1", "kind": "ecs", "zone": "hz-c", "listens": [8080, 9000] },
      { "id": "b2", "kind": "ecs", "zone": "hz-c" },
      { "id": "slb", "kind": "slb", "region": "hz", "backends": [ "b0", "b1", "b2" ], "listeners": [
        { "protocol": "tcp", "port": 8080 },
        { "protocol": "tcp", "port": 8081, "health_check": { "protocol": "tcp", "port": 8080 } },
        { "protocol": "tcp", "port": 5000, "backend_port": 9000 },
        { "protocol": "tcp", "port": 5001, "backend_port": 8080, "health_check": { "port": 9000 } },
        { "protocol": "tcp", "port": 7000 },
        { "protocol": "tcp" } ] }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB006", &t),
        vec![
            // b0 does not listen on 9000 (backend_port), on 9000 (health check port), nor 7000.
            hit("slb", "/nodes/3/listeners/2/backend_port"),
            hit("slb", "/nodes/3/listeners/3/health_check/port"),
            hit("slb", "/nodes/3/listeners/4/port"),
            // b1 does not listen on 7000 either.
            hit("slb", "/nodes/3/listeners/4/port"),
        ]
    );
    let f = findings("LB006", &t);
    assert!(f
        .iter()
        .any(|f| f.message.en.contains("`b1`") && f.message.en.contains("8080, 9000")));
    assert!(!f.iter().any(|f| f.message.en.contains("`b2`")));
}

#[test]
fn lb006_empty_listens() {
    let nodes = r#"{ "id": "b0", "kind": "ecs", "zone": "hz-b", "listens": [] },
      { "id": "slb", "kind": "slb", "region": "hz", "backends": [ "b0" ],
        "listeners": [ { "protocol": "tcp", "port": 8080 } ] }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB006", &t),
        vec![hit("slb", "/nodes/1/listeners/0/port")]
    );
    assert!(findings("LB006", &t)[0].message.en.contains("no port"));
}

// ---------------------------------------------------------------- LB007

#[test]
fn lb007_per_listener_and_stateful_backend() {
    let nodes = r#"
      { "id": "s0", "kind": "ecs", "zone": "hz-b", "stateful": true },
      { "id": "s1", "kind": "ecs", "zone": "hz-c", "stateful": true },
      { "id": "n0", "kind": "ecs", "zone": "hz-c", "stateful": false },
      { "id": "n1", "kind": "ecs", "zone": "hz-c" },
      { "id": "slb", "kind": "slb", "region": "hz", "backends": [ "s0", "s1", "n0", "n1", "s0" ], "listeners": [
        { "protocol": "http", "port": 80 },
        { "protocol": "http", "port": 8080, "sticky": true },
        { "protocol": "tcp", "port": 5000, "sticky": false } ] },
      { "id": "slb-ok", "kind": "slb", "region": "hz", "backends": [ "s0" ],
        "listeners": [ { "protocol": "http", "port": 80, "sticky": true } ] },
      { "id": "slb-plain", "kind": "slb", "region": "hz", "backends": [ "n0", "n1" ],
        "listeners": [ { "protocol": "http", "port": 80 } ] }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB007", &t),
        vec![
            hit("slb", "/nodes/4/listeners/0"),
            hit("slb", "/nodes/4/listeners/0"),
            hit("slb", "/nodes/4/listeners/2"),
            hit("slb", "/nodes/4/listeners/2"),
        ]
    );
    let f = findings("LB007", &t);
    assert_eq!(f[0].severity.name(), "warning");
    assert!(f.iter().any(|f| f.message.en.contains("`s0`")));
    assert!(f.iter().any(|f| f.message.en.contains("`s1`")));
}

// ---------------------------------------------------------------- LB008

#[test]
fn lb008_absent_or_empty_backends() {
    let nodes = r#"
      { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
      { "id": "slb-absent", "kind": "slb", "region": "hz" },
      { "id": "slb-empty", "kind": "slb", "region": "hz", "backends": [] },
      { "id": "slb-ok", "kind": "slb", "region": "hz", "backends": [ "web-1" ] },
      { "id": "slb-unknown", "kind": "slb", "region": "hz", "backends": [ "ghost" ] },
      { "id": "gw", "kind": "apigw", "region": "hz" }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB008", &t),
        vec![
            hit("slb-absent", "/nodes/1"),
            hit("slb-empty", "/nodes/2/backends"),
        ]
    );
}

// ---------------------------------------------------------------- LB009

#[test]
fn lb009_only_an_explicit_false() {
    let nodes = r#"
      { "id": "web-1", "kind": "ecs", "zone": "hz-b", "listens": [ 80 ], "paths": [ "/app/" ] },
      { "id": "slb", "kind": "slb", "region": "hz", "backends": [ "web-1" ], "listeners": [
          { "protocol": "http", "port": 80 },
          { "protocol": "http", "port": 80, "health_check": { "path": "/app/" } },
          { "protocol": "http", "port": 80, "health_check": { "enabled": true, "path": "/app/" } },
          { "protocol": "http", "port": 80, "health_check": { "enabled": false } },
          { "protocol": "http", "port": 80, "health_check": { "enabled": "no" } } ] }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB009", &t),
        vec![hit("slb", "/nodes/1/listeners/3/health_check/enabled")]
    );
    let f = findings("LB009", &t);
    assert_eq!(f[0].severity.name(), "warning");
    assert!(f[0].message.en.contains("`http/80`"), "{}", f[0].message.en);
    // A value of the wrong type is DF005's and counts as absent: enabled.
    assert_eq!(
        hits("DF005", &t),
        vec![hit("slb", "/nodes/1/listeners/4/health_check/enabled")]
    );
}

#[test]
fn lb009_a_switched_off_check_is_not_judged_by_lb005_or_lb006() {
    let nodes = r#"
      { "id": "web-1", "kind": "ecs", "zone": "hz-b", "listens": [ 8080 ], "paths": [ "/app/" ] },
      { "id": "slb", "kind": "slb", "region": "hz", "backends": [ "web-1" ], "listeners": [
          { "protocol": "http", "port": 80, "backend_port": 8081,
            "health_check": { "enabled": false, "path": "/", "port": 9000 } },
          { "protocol": "http", "port": 80, "backend_port": 8081,
            "health_check": { "path": "/", "port": 9000 } } ] }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB005", &t),
        vec![hit("slb", "/nodes/1/listeners/1/health_check/path")]
    );
    assert_eq!(
        hits("LB006", &t),
        vec![hit("slb", "/nodes/1/listeners/1/health_check/port")]
    );
    assert_eq!(
        hits("LB009", &t),
        vec![hit("slb", "/nodes/1/listeners/0/health_check/enabled")]
    );
}

// ---------------------------------------------------------------- LB010

#[test]
fn lb010_one_zone_of_a_region_that_has_two() {
    let nodes = r#"
      { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
      { "id": "one", "kind": "slb", "region": "hz", "zones": [ "hz-b" ], "backends": [ "web-1" ] },
      { "id": "twice", "kind": "slb", "region": "hz", "zones": [ "hz-c", "hz-c" ], "backends": [ "web-1" ] },
      { "id": "two", "kind": "slb", "region": "hz", "zones": [ "hz-b", "hz-c" ], "backends": [ "web-1" ] },
      { "id": "absent", "kind": "slb", "region": "hz", "backends": [ "web-1" ] },
      { "id": "empty", "kind": "slb", "region": "hz", "zones": [], "backends": [ "web-1" ] },
      { "id": "typo", "kind": "slb", "region": "hz", "zones": [ "hz-x" ], "backends": [ "web-1" ] },
      { "id": "no-region", "kind": "slb", "zones": [ "hz-b" ], "backends": [ "web-1" ] },
      { "id": "alb", "kind": "slb", "type": "alb", "region": "hz", "zones": [ "hz-b", "hz-c" ], "backends": [ "web-1" ] }"#;
    let t = design(nodes);
    assert_eq!(
        hits("LB010", &t),
        vec![hit("one", "/nodes/1/zones"), hit("twice", "/nodes/2/zones")]
    );
    let f = findings("LB010", &t);
    assert_eq!(f[0].severity.name(), "warning");
    assert!(
        f[0].message.en.contains("zone `hz-b` only") && f[0].message.en.contains("`hz-c`"),
        "{}",
        f[0].message.en
    );
    assert!(f[0].help.zh.contains("`hz-c`"), "{}", f[0].help.zh);
    // The unknown zone is DF001's.
    assert_eq!(hits("DF001", &t), vec![hit("typo", "/nodes/6/zones/0")]);
}

#[test]
fn lb010_one_zone_regions_and_dr_sites_are_fine() {
    let t = r#"{ "archlint": 1, "regions": [
        { "id": "sz", "network": "classic", "zones": [ { "id": "sz-a" } ] },
        { "id": "qd", "network": "classic", "role": "dr", "zones": [ { "id": "qd-a" }, { "id": "qd-b" } ] } ],
      "nodes": [
        { "id": "web-1", "kind": "ecs", "zone": "sz-a" },
        { "id": "slb-sz", "kind": "slb", "region": "sz", "zones": [ "sz-a" ], "backends": [ "web-1" ] },
        { "id": "slb-qd", "kind": "slb", "region": "qd", "zones": [ "qd-a" ], "backends": [ "web-1" ] } ] }"#;
    assert_eq!(hits("LB010", t), vec![]);
}

#[test]
fn slb_type_is_an_enumeration_and_zones_names_zones() {
    let nodes = r#"
      { "id": "web-1", "kind": "ecs", "zone": "hz-b" },
      { "id": "a", "kind": "slb", "region": "hz", "type": "clb", "backends": [ "web-1" ] },
      { "id": "b", "kind": "slb", "region": "hz", "type": "ipsec", "backends": [ "web-1" ] },
      { "id": "c", "kind": "slb", "region": "hz", "zones": [ "hz", "web-1" ], "backends": [ "web-1" ] }"#;
    let t = design(nodes);
    assert_eq!(hits("DF005", &t), vec![hit("b", "/nodes/2/type")]);
    assert_eq!(
        hits("DF001", &t),
        vec![hit("c", "/nodes/3/zones/0"), hit("c", "/nodes/3/zones/1")]
    );
    assert_eq!(hits("DF006", &t), vec![]);
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::Safety;

#[test]
fn lb002_fix_removes_the_entry_that_is_not_an_ecs() {
    let t = design(&format!(
        r#"{WEB}, {{ "id": "web-2", "kind": "ecs", "zone": "hz-c" }},
  {{ "id": "db", "kind": "rds", "region": "hz" }},
  {{ "id": "slb", "kind": "slb", "region": "hz", "scope": "private",
    "listeners": [ {{ "protocol": "tcp", "port": 8080 }} ], "backends": [ "web-1", "web-2", "db" ] }}"#
    ));
    let (safety, title, out) = apply_fix("LB002", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "remove `db`, which is not an ECS, from the backends of `slb`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#""backends": [ "web-1", "web-2", "db" ]"#,
            r#""backends": [ "web-1", "web-2" ]"#
        )
    );
    assert!(hits("LB002", &out).is_empty());
    // One server left would be a single point of failure (HA003); none, a guess.
    assert!(!fixable(
        "LB002",
        &t.replace(r#""web-1", "web-2", "db""#, r#""web-1", "db""#)
    ));
    assert!(!fixable(
        "LB002",
        &t.replace(r#""web-1", "web-2", "db""#, r#""db""#)
    ));
}

#[test]
fn lb004_fix_sets_the_certificate() {
    let t = design(&format!(
        r#"{WEB}, {{ "id": "slb", "kind": "slb", "region": "hz",
    "listeners": [ {{ "protocol": "https", "port": 443 }},
                   {{ "protocol": "https", "port": 8443, "certificate": false }} ], "backends": [ "web-1" ] }}"#
    ));
    let (safety, title, out) = apply_fix("LB004", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "set \"certificate\": true on https listener `https/443` of `slb`"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{ "protocol": "https", "port": 443 }"#,
            r#"{ "protocol": "https", "port": 443, "certificate": true }"#
        )
    );
    let (_, _, out) = apply_fix("LB004", &out);
    assert!(out.contains(r#"{ "protocol": "https", "port": 8443, "certificate": true }"#));
    assert!(hits("LB004", &out).is_empty());
}

#[test]
fn lb005_fix_checks_a_path_every_backend_serves() {
    let nodes = |p1: &str, p2: &str| {
        design(&format!(
            r#"{{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "paths": {p1} }},
  {{ "id": "web-2", "kind": "ecs", "zone": "hz-c", "paths": {p2} }},
  {{ "id": "slb", "kind": "slb", "region": "hz",
    "listeners": [ {{ "protocol": "http", "port": 80, "health_check": {{ "path": "/health" }} }} ],
    "backends": [ "web-1", "web-2" ] }}"#
        ))
    };
    // `/` is served by web-1 only; `/app/` by both.
    let t = nodes(r#"[ "/" ]"#, r#"[ "/app/" ]"#);
    let (safety, title, out) = apply_fix("LB005", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "check \"/app/\" in the health check of listener `http/80` of `slb`"
    );
    assert_eq!(out, swap(&t, r#""path": "/health""#, r#""path": "/app/""#));
    assert!(hits("LB005", &out).is_empty());
    // No path that both serve.
    assert!(!fixable("LB005", &nodes(r#"[ "/a/" ]"#, r#"[ "/b/" ]"#)));
}

#[test]
fn lb006_fix_probes_the_port_traffic_goes_to() {
    let t = design(
        r#"{ "id": "api-1", "kind": "ecs", "zone": "hz-b", "listens": [8080] },
  { "id": "slb", "kind": "slb", "region": "hz",
    "listeners": [ { "protocol": "tcp", "port": 8080, "health_check": { "port": 8081 } } ],
    "backends": [ "api-1" ] }"#,
    );
    let (safety, title, out) = apply_fix("LB006", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "let the health check of listener `tcp/8080` of `slb` probe port 8080, the port it forwards to"
    );
    assert_eq!(out, swap(&t, r#""port": 8081"#, r#""port": 8080"#));
    assert!(hits("LB006", &out).is_empty());
}

#[test]
fn lb006_fix_forwards_to_the_one_port_the_backends_listen_on() {
    let t = design(
        r#"{ "id": "api-1", "kind": "ecs", "zone": "hz-b", "listens": [9000] },
  { "id": "slb", "kind": "slb", "region": "hz",
    "listeners": [ { "protocol": "tcp", "port": 8080 } ], "backends": [ "api-1" ] }"#,
    );
    let (safety, title, out) = apply_fix("LB006", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "forward listener `tcp/8080` of `slb` to port 9000, the port its backends listen on (\"backend_port\": 9000)"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{ "protocol": "tcp", "port": 8080 }"#,
            r#"{ "protocol": "tcp", "port": 8080, "backend_port": 9000 }"#
        )
    );
    assert!(hits("LB006", &out).is_empty());
    // Two open ports: which one serves this listener is a guess.
    assert!(!fixable("LB006", &t.replace("[9000]", "[9000, 9001]")));
    // A security group that admits the SLB on 8080 only: forwarding to 9000 would be blocked.
    let sg = t
        .replace(
            r#"{ "id": "sg-web" }"#,
            r#"{ "id": "sg-web", "rules": [ { "ports": "8080", "from": "slb" } ] }"#,
        )
        .replace(
            r#""listens": [9000] }"#,
            r#""listens": [9000], "security_groups": [ "sg-web" ] }"#,
        );
    assert_eq!(hits("LB006", &sg).len(), 1);
    assert!(!fixable("LB006", &sg));
}

#[test]
fn lb007_fix_turns_session_persistence_on() {
    let t = design(
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "stateful": true },
  { "id": "slb", "kind": "slb", "region": "hz",
    "listeners": [ { "protocol": "http", "port": 80 } ], "backends": [ "web-1" ] }"#,
    );
    let (safety, title, out) = apply_fix("LB007", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "set \"sticky\": true on listener `http/80` of `slb`");
    assert_eq!(
        out,
        swap(
            &t,
            r#"{ "protocol": "http", "port": 80 }"#,
            r#"{ "protocol": "http", "port": 80, "sticky": true }"#
        )
    );
    assert!(hits("LB007", &out).is_empty());
}

#[test]
fn lb009_fix_switches_the_health_check_on_when_it_would_pass() {
    let t = design(
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "paths": [ "/app/" ] },
  { "id": "slb", "kind": "slb", "region": "hz",
    "listeners": [ { "protocol": "http", "port": 80,
                     "health_check": { "path": "/app/", "enabled": false } } ], "backends": [ "web-1" ] }"#,
    );
    let (safety, title, out) = apply_fix("LB009", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(
        title,
        "switch the health check of listener `http/80` of `slb` on (remove \"enabled\": false)"
    );
    assert_eq!(
        out,
        swap(
            &t,
            r#"{ "path": "/app/", "enabled": false }"#,
            r#"{ "path": "/app/" }"#
        )
    );
    assert!(hits("LB009", &out).is_empty());
    // Switched on, a check of `/` would fail on web-1 (LB005): point it elsewhere first.
    let wrong = t.replace(r#""path": "/app/", "enabled""#, r#""path": "/", "enabled""#);
    assert_eq!(hits("LB009", &wrong).len(), 1);
    assert!(!fixable("LB009", &wrong));
}

#[test]
fn lb010_fix_adds_the_zone_of_the_backends() {
    let t = design(
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b" },
  { "id": "web-2", "kind": "ecs", "zone": "hz-c" },
  { "id": "slb", "kind": "slb", "region": "hz", "zones": [ "hz-b" ],
    "listeners": [ { "protocol": "http", "port": 80 } ], "backends": [ "web-1", "web-2" ] }"#,
    );
    let (safety, title, out) = apply_fix("LB010", &t);
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "serve `slb` from zone `hz-c` too");
    assert_eq!(
        out,
        swap(
            &t,
            r#""zones": [ "hz-b" ]"#,
            r#""zones": [ "hz-b", "hz-c" ]"#
        )
    );
    assert!(hits("LB010", &out).is_empty());
    // Three zones: the one a backend runs in, else no guess.
    let three = |backends: &str| {
        format!(
            r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic",
                 "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }}, {{ "id": "hz-d" }} ] }} ],
  "nodes": [ {{ "id": "web-1", "kind": "ecs", "zone": "hz-b" }},
             {{ "id": "web-2", "kind": "ecs", "zone": "hz-d" }},
             {{ "id": "slb", "kind": "slb", "region": "hz", "zones": [ "hz-b" ],
               "listeners": [ {{ "protocol": "http", "port": 80 }} ], "backends": {backends} }} ] }}"#
        )
    };
    let (_, _, out) = apply_fix("LB010", &three(r#"[ "web-1", "web-2" ]"#));
    assert!(out.contains(r#""zones": [ "hz-b", "hz-d" ]"#));
    assert!(!fixable("LB010", &three(r#"[ "web-1" ]"#)));
}
