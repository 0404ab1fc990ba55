//! Bad input never panics or hangs: every case either loads (and lints) or gives a load error
//! with a line and column.

use archlint_core::{check, Limits, LintOptions, LoadErrorKind};

fn run(text: &str) -> Result<usize, (LoadErrorKind, u32, u32)> {
    check(text, &Limits::DEFAULT, &LintOptions::default())
        .map(|r| r.findings.len())
        .map_err(|e| {
            assert!(e.line >= 1 && e.column >= 1);
            assert!(!e.message.en.is_empty() && !e.message.zh.is_empty());
            (e.kind, e.line, e.column)
        })
}

#[test]
fn empty_and_whitespace() {
    assert_eq!(run("").unwrap_err().0, LoadErrorKind::Syntax);
    assert_eq!(run(" \n\t\n").unwrap_err(), (LoadErrorKind::Syntax, 3, 1));
}

#[test]
fn not_a_design() {
    assert_eq!(run("[]").unwrap_err().0, LoadErrorKind::NotAnObject);
    assert_eq!(run("{}").unwrap_err().0, LoadErrorKind::MissingVersion);
    assert_eq!(
        run("{\"archlint\": 2}").unwrap_err(),
        (LoadErrorKind::UnsupportedVersion, 1, 14)
    );
    assert_eq!(
        run("{\"archlint\": \"1\"}").unwrap_err().0,
        LoadErrorKind::UnsupportedVersion
    );
    assert_eq!(
        run("{\"archlint\": 1.5}").unwrap_err().0,
        LoadErrorKind::UnsupportedVersion
    );
}

#[test]
fn syntax_errors_say_where() {
    let (k, l, c) = run("{\n  \"archlint\": 1,\n  \"regions\": [,]\n}").unwrap_err();
    assert_eq!((k, l, c), (LoadErrorKind::Syntax, 3, 15));
    // a multibyte label before the error: columns count characters
    let (_, l, c) = run("{\"name\": \"杭州\" x}").unwrap_err();
    assert_eq!((l, c), (1, 15));
}

#[test]
fn binary_garbage() {
    let mut x: u64 = 0x1234_5678;
    for len in [1usize, 7, 100, 5000] {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        assert!(run(&text).is_err());
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = format!("{{\"archlint\":1,\"regions\":{}", "[".repeat(1_000_000));
    assert_eq!(run(&deep).unwrap_err().0, LoadErrorKind::Syntax);
    let obj = "{\"a\":".repeat(100_000);
    assert_eq!(run(&obj).unwrap_err().0, LoadErrorKind::Syntax);
}

#[test]
fn too_large_is_refused_before_parsing() {
    let limits = Limits {
        max_bytes: 1000,
        ..Limits::DEFAULT
    };
    let text = format!(
        "{{\"archlint\":1,\"name\":\"{}\",\"regions\":[]}}",
        "x".repeat(2000)
    );
    let e = check(&text, &limits, &LintOptions::default()).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::TooLarge);
}

fn many_nodes(n: usize) -> String {
    let mut s = String::from("{\"archlint\":1,\"regions\":[{\"id\":\"r\",\"network\":\"classic\",\"zones\":[{\"id\":\"a\"},{\"id\":\"b\"}]}],\"nodes\":[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "{{\"id\":\"n{i}\",\"kind\":\"ecs\",\"module\":\"m{}\",\"zone\":\"{}\"}}",
            i / 2,
            if i % 2 == 0 { "a" } else { "b" }
        ));
    }
    s.push_str("]}");
    s
}

#[test]
fn node_limit_admits_200000_and_refuses_more() {
    let text = many_nodes(200_000);
    assert!(run(&text).is_ok());
    let limits = Limits {
        max_nodes: 199_999,
        ..Limits::DEFAULT
    };
    let e = check(&text, &limits, &LintOptions::default()).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::TooManyNodes);
}

#[test]
fn hostile_ids_and_cycles() {
    let text = r#"{"archlint":1,
      "regions":[{"id":"r\"<x>\n😀","network":"vpc","zones":[{"id":"z&'"}]}],
      "vpcs":[{"id":"v","region":"r\"<x>\n😀","cidr":"10.0.0.0/16","vswitches":[{"id":"s","zone":"z&'","cidr":"10.0.0.0/24"}]}],
      "security_groups":[{"id":"g","rules":[{"ports":"22","from":"sg:g"},{"ports":"all","from":"sg:h"}]},
                         {"id":"h","rules":[{"ports":"22","from":"sg:g"}]}],
      "nodes":[
        {"id":"a\u202e<script>","kind":"ecs","vswitch":"s","security_groups":["g","h"]},
        {"id":"d1","kind":"rds","region":"r\"<x>\n😀","replica_of":"d2"},
        {"id":"d2","kind":"rds","region":"r\"<x>\n😀","replica_of":"d1"},
        {"id":"d3","kind":"rds","region":"r\"<x>\n😀","replica_of":"d3"},
        {"id":"o1","kind":"oss","region":"r\"<x>\n😀","replicates_to":"o1"},
        {"id":"","kind":"ecs"},
        {"kind":"ecs"},
        {"id":"x","kind":42,"zone":null}
      ],
      "links":[{"from":"a\u202e<script>","to":"a\u202e<script>","port":22},{"from":"internet","to":"internet"}]}"#;
    assert!(run(text).is_ok());
}

#[test]
fn every_field_with_every_wrong_type() {
    // each field of each kind gets a value of every JSON type: never a panic
    let values = [
        "null",
        "true",
        "-1",
        "0",
        "1e308",
        "70000",
        "\"\"",
        "\"x\"",
        "[]",
        "[1,\"a\",null]",
        "{}",
        "{\"a\":1}",
    ];
    let mut fields: Vec<&str> = archlint_core::model::all_node_fields();
    fields.sort();
    for kind in [
        "ecs",
        "slb",
        "rds",
        "oss",
        "vpn",
        "leased_line",
        "idc",
        "eip",
        "nat",
        "dns",
        "apigw",
    ] {
        for f in &fields {
            for v in values {
                let text = format!(
                    r#"{{"archlint":1,"regions":[{{"id":"r","zones":[{{"id":"z"}}]}}],"security_groups":[{{"id":"g","rules":[{{"from":{v},"ports":{v},"protocol":{v},"action":{v}}}]}}],"nodes":[{{"id":"n","kind":"{kind}","{f}":{v}}}],"links":[{{"from":{v},"to":"n","port":{v}}}],"ignore":[{{"rule":{v},"target":{v},"reason":{v}}}]}}"#
                );
                let _ = run(&text);
            }
        }
    }
}

/// A serial jump path 20,000 instances long (each group admits the previous instance): the
/// reachability of BH009 is a worklist, not rounds over every instance.
#[test]
fn a_very_long_jump_chain_does_not_go_quadratic() {
    let n = 20_000;
    let mut groups = String::from(r#"{"id":"g0","rules":[{"ports":"22","from":"bastion"}]}"#);
    let mut nodes = String::from(
        r#"{"id":"bastion","kind":"ecs","role":"bastion","zone":"a"},{"id":"vpn","kind":"vpn","type":"ssl","region":"r","client_ips":["10.9.0.1"]}"#,
    );
    for i in 0..n {
        if i > 0 {
            groups.push_str(&format!(
                r#",{{"id":"g{i}","rules":[{{"ports":"22","from":"e{}"}}]}}"#,
                i - 1
            ));
        }
        nodes.push_str(&format!(
            r#",{{"id":"e{i}","kind":"ecs","module":"m","zone":"a","security_groups":["g{i}"]}}"#
        ));
    }
    let text = format!(
        r#"{{"archlint":1,"regions":[{{"id":"r","network":"classic","zones":[{{"id":"a"}}]}}],"security_groups":[{groups}],"nodes":[{nodes}]}}"#
    );
    let r = check(&text, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    assert!(
        !r.findings.iter().any(|f| f.rule.code == "BH009"),
        "every link of the chain is reachable"
    );
    // break the chain in the middle: everything after it is unmanaged
    let broken = text.replace(r#""from":"e9999""#, r#""from":"nobody""#);
    let r = check(&broken, &Limits::DEFAULT, &LintOptions::default()).unwrap();
    assert_eq!(
        r.findings.iter().filter(|f| f.rule.code == "BH009").count(),
        n - 10_000
    );
}
