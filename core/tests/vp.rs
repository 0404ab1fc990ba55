//! Edge cases of the VP rules (VPN, IPSec and leased lines).

mod common;
use common::fixed;

use archlint_core::{check, Limits, LintOptions};

fn hits(text: &str, code: &str) -> Vec<(Option<String>, String)> {
    common::targets_of(text, code)
}

fn messages(text: &str, code: &str) -> Vec<(String, String)> {
    let r = check(text, &Limits::DEFAULT, &LintOptions::default()).expect("design loads");
    r.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .map(|f| (f.message.en.clone(), f.message.zh.clone()))
        .collect()
}

fn at(target: &str, pointer: &str) -> (Option<String>, String) {
    (Some(target.to_string()), pointer.to_string())
}

/// A design with a classic region `hz`, a VPC region `bj`, a region `sz` of unknown network and
/// a `dr` region `qd`; `n_ecs` app ECS in `hz-b` come first, then `nodes`.
fn design(n_ecs: usize, nodes: &str) -> String {
    let mut all: Vec<String> = (0..n_ecs)
        .map(|i| format!(r#"{{ "id": "e{i}", "kind": "ecs", "zone": "hz-b" }}"#))
        .collect();
    if !nodes.trim().is_empty() {
        all.push(nodes.to_string());
    }
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }} ] }},
               {{ "id": "bj", "network": "vpc", "zones": [ {{ "id": "bj-a" }} ] }},
               {{ "id": "sz", "zones": [ {{ "id": "sz-a" }} ] }},
               {{ "id": "qd", "network": "classic", "role": "dr", "zones": [ {{ "id": "qd-a" }} ] }} ],
  "nodes": [ {} ] }}"#,
        all.join(",\n")
    )
}

// ---------- VP001 ----------

#[test]
fn vp001_five_ecs_is_enough_four_is_not() {
    let vpns = r#"{ "id": "hq", "kind": "idc" },
      { "id": "v1", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" },
      { "id": "v2", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.9.0.2"] },
      { "id": "v3", "kind": "vpn", "region": "hz", "connects": "hq" },
      { "id": "v4", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "hq" }"#;
    assert_eq!(
        hits(&design(4, vpns), "VP001"),
        vec![at("v1", "/nodes/5"), at("v4", "/nodes/8")]
    );
    let (en, zh) = &messages(&design(4, vpns), "VP001")[0];
    assert!(en.contains("has 4") && zh.contains("只有 4 台"));
    assert!(hits(&design(5, vpns), "VP001").is_empty());
    assert_eq!(hits(&design(0, vpns), "VP001").len(), 2);
}

#[test]
fn vp001_counts_ecs_of_every_role_and_region_but_nothing_else() {
    let nodes = r#"{ "id": "bastion", "kind": "ecs", "role": "bastion", "zone": "hz-b" },
      { "id": "dr-1", "kind": "ecs", "zone": "qd-a" },
      { "id": "test", "kind": "ecs", "role": "test", "zone": "hz-b" },
      { "id": "db", "kind": "rds", "region": "hz" },
      { "id": "odd", "kind": "router" },
      { "id": "v", "kind": "vpn", "type": "ipsec", "region": "hz" }"#;
    // 1 + 3 ECS = 4: too few; 2 + 3 = 5: enough
    assert_eq!(hits(&design(1, nodes), "VP001"), vec![at("v", "/nodes/6")]);
    assert!(hits(&design(2, nodes), "VP001").is_empty());
}

// ---------- VP002 ----------

#[test]
fn vp002_vendor_must_be_juniper() {
    let nodes = r#"
      { "id": "a", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "vendor": "Cisco", "model": "ASA" } },
      { "id": "b", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "vendor": "JUNIPER Networks", "model": "MX" } },
      { "id": "c", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "vendor": "juniper" } },
      { "id": "d", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "model": "SRX345" } },
      { "id": "e", "kind": "vpn", "type": "ipsec", "region": "bj" },
      { "id": "f", "kind": "vpn", "type": "ssl", "region": "bj", "peer": { "vendor": "Cisco" } },
      { "id": "g", "kind": "vpn", "region": "bj", "peer": { "vendor": "Cisco" } },
      { "id": "h", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "vendor": "Huawei" } }"#;
    let t = design(0, nodes);
    assert_eq!(
        hits(&t, "VP002"),
        vec![
            at("a", "/nodes/0/peer/vendor"),
            at("h", "/nodes/7/peer/vendor")
        ]
    );
    let m = messages(&t, "VP002");
    assert!(m[0].0.contains("Cisco ASA") && m[1].0.contains("Huawei"));
}

// ---------- VP003 ----------

#[test]
fn vp003_behind_nat_and_private_addresses() {
    let nodes = r#"
      { "id": "a", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "behind_nat": true } },
      { "id": "b", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "10.1.2.3" } },
      { "id": "c", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "172.31.255.255" } },
      { "id": "d", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "172.32.0.1" } },
      { "id": "e", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "192.168.0.1", "behind_nat": true } },
      { "id": "f", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "203.0.113.9", "behind_nat": false } },
      { "id": "g", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "10.1.2" } },
      { "id": "h", "kind": "vpn", "type": "ssl", "region": "bj", "peer": { "public_ip": "10.1.2.3", "behind_nat": true } },
      { "id": "i", "kind": "vpn", "type": "ipsec", "region": "bj" },
      { "id": "j", "kind": "vpn", "type": "ipsec", "region": "bj", "peer": { "public_ip": "9.255.255.255" } }"#;
    let t = design(0, nodes);
    assert_eq!(
        hits(&t, "VP003"),
        vec![
            at("a", "/nodes/0/peer/behind_nat"),
            at("b", "/nodes/1/peer/public_ip"),
            at("c", "/nodes/2/peer/public_ip"),
            at("e", "/nodes/4/peer/public_ip"),
            at("e", "/nodes/4/peer/behind_nat"),
        ]
    );
    assert!(messages(&t, "VP003")[1].0.contains("10.1.2.3"));
}

// ---------- VP004 / VP007 ----------

/// idc connections, by idc:
/// i0: one IPSec; i1: IPSec + line; i2: two IPSec; i3: IPSec + VPN of unknown type;
/// i4: nothing; i5: one line; i6: two lines; i7: one line + SSL VPN; i8: one line + IPSec.
const CONNECTIONS: &str = r#"
  { "id": "i0", "kind": "idc" }, { "id": "i1", "kind": "idc" }, { "id": "i2", "kind": "idc" },
  { "id": "i3", "kind": "idc" }, { "id": "i4", "kind": "idc" }, { "id": "i5", "kind": "idc" },
  { "id": "i6", "kind": "idc" }, { "id": "i7", "kind": "idc" }, { "id": "i8", "kind": "idc" },
  { "id": "e0", "kind": "ecs", "zone": "hz-b" },
  { "id": "v0", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "i0" },
  { "id": "v1", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "i1" },
  { "id": "l1", "kind": "leased_line", "region": "hz", "connects": "i1" },
  { "id": "v2a", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "i2" },
  { "id": "v2b", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "i2" },
  { "id": "v3a", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "i3" },
  { "id": "v3b", "kind": "vpn", "region": "bj", "connects": "i3" },
  { "id": "l5", "kind": "leased_line", "region": "hz", "connects": "i5" },
  { "id": "l6a", "kind": "leased_line", "region": "hz", "connects": "i6" },
  { "id": "l6b", "kind": "leased_line", "region": "hz", "connects": "i6" },
  { "id": "l7", "kind": "leased_line", "region": "hz", "connects": "i7" },
  { "id": "v7", "kind": "vpn", "type": "ssl", "region": "hz", "connects": "i7" },
  { "id": "l8", "kind": "leased_line", "region": "hz", "connects": "i8" },
  { "id": "v8", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "i8" },
  { "id": "vx", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "e0" },
  { "id": "lx", "kind": "leased_line", "region": "hz", "connects": "ghost" }"#;

#[test]
fn vp004_only_ipsec_connections() {
    let t = design(0, CONNECTIONS);
    assert_eq!(
        hits(&t, "VP004"),
        vec![at("i0", "/nodes/0"), at("i2", "/nodes/2")]
    );
    assert!(messages(&t, "VP004")[1].0.contains("`v2a`, `v2b`"));
}

#[test]
fn vp007_exactly_one_leased_line_and_nothing_else() {
    let t = design(0, CONNECTIONS);
    assert_eq!(hits(&t, "VP007"), vec![at("i5", "/nodes/5")]);
    let (en, zh) = &messages(&t, "VP007")[0];
    assert!(en.contains("`l5`") && zh.contains("`l5`"));
}

// ---------- VP005 ----------

#[test]
fn vp005_ipsec_in_classic_regions_only() {
    let nodes = r#"
      { "id": "a", "kind": "vpn", "type": "ipsec", "region": "hz" },
      { "id": "b", "kind": "vpn", "type": "ipsec", "region": "bj" },
      { "id": "c", "kind": "vpn", "type": "ipsec", "region": "sz" },
      { "id": "d", "kind": "vpn", "type": "ssl", "region": "hz" },
      { "id": "e", "kind": "vpn", "region": "hz" },
      { "id": "f", "kind": "vpn", "type": "ipsec", "region": "qd" },
      { "id": "g", "kind": "vpn", "type": "ipsec" },
      { "id": "h", "kind": "vpn", "type": "ipsec", "region": "ghost" }"#;
    assert_eq!(
        hits(&design(0, nodes), "VP005"),
        vec![at("a", "/nodes/0/region"), at("f", "/nodes/5/region")]
    );
}

// ---------- VP006 ----------

#[test]
fn vp006_mobile_lines_in_classic_regions() {
    let nodes = r#"
      { "id": "a", "kind": "leased_line", "region": "hz", "carrier": "mobile" },
      { "id": "b", "kind": "leased_line", "region": "hz", "carrier": "China Mobile" },
      { "id": "c", "kind": "leased_line", "region": "hz", "carrier": "CMCC" },
      { "id": "d", "kind": "leased_line", "region": "hz", "carrier": "中国移动" },
      { "id": "e", "kind": "leased_line", "region": "hz", "carrier": "telecom" },
      { "id": "f", "kind": "leased_line", "region": "hz" },
      { "id": "g", "kind": "leased_line", "region": "bj", "carrier": "mobile" },
      { "id": "h", "kind": "leased_line", "region": "sz", "carrier": "mobile" },
      { "id": "i", "kind": "leased_line", "region": "hz", "carrier": "unicom" }"#;
    let t = design(0, nodes);
    assert_eq!(
        hits(&t, "VP006"),
        vec![
            at("a", "/nodes/0/carrier"),
            at("b", "/nodes/1/carrier"),
            at("c", "/nodes/2/carrier"),
            at("d", "/nodes/3/carrier"),
        ]
    );
    assert!(messages(&t, "VP006")[1].0.contains("China Mobile"));
}

// ---------- VP008 ----------

fn bandwidth(idc: &str, lines: &[Option<&str>]) -> String {
    let mut nodes = vec![format!(r#"{{ "id": "hq", "kind": "idc"{idc} }}"#)];
    for (k, b) in lines.iter().enumerate() {
        let bw = b.map_or(String::new(), |b| format!(r#", "bandwidth_mbps": {b}"#));
        nodes.push(format!(
            r#"{{ "id": "l{k}", "kind": "leased_line", "region": "hz", "connects": "hq"{bw} }}"#
        ));
    }
    nodes.push(
        r#"{ "id": "v", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "hq" }"#.into(),
    );
    design(0, &nodes.join(",\n"))
}

#[test]
fn vp008_boundary_is_inclusive() {
    let idc = r#", "tps": 500, "transaction_kb": 8"#; // needs 32 Mbps
    assert!(hits(&bandwidth(idc, &[Some("20"), Some("12")]), "VP008").is_empty());
    let t = bandwidth(idc, &[Some("20"), Some("11.9")]);
    assert_eq!(hits(&t, "VP008"), vec![at("hq", "/nodes/0")]);
    let (en, zh) = &messages(&t, "VP008")[0];
    assert!(en.contains("31.9 Mbps") && en.contains("32 Mbps") && en.contains("500 TPS"));
    assert!(en.contains("`l0`, `l1`") && zh.contains("31.9 Mbps"));
}

#[test]
fn vp008_rounding_noise_is_not_a_shortfall() {
    // 3 × 0.1 × 8 / 1000 is 0.0024000000000000002 in floating point
    let idc = r#", "tps": 3, "transaction_kb": 0.1"#;
    assert!(hits(&bandwidth(idc, &[Some("0.0024")]), "VP008").is_empty());
    assert_eq!(
        hits(&bandwidth(idc, &[Some("0.0023")]), "VP008"),
        vec![at("hq", "/nodes/0")]
    );
}

#[test]
fn vp008_unknowns_never_trigger() {
    let idc = r#", "tps": 500, "transaction_kb": 8"#;
    // one line's bandwidth unknown
    assert!(hits(&bandwidth(idc, &[Some("1"), None]), "VP008").is_empty());
    // no leased line at all (the VPN does not count)
    assert!(hits(&bandwidth(idc, &[]), "VP008").is_empty());
    // tps or transaction size unknown
    assert!(hits(&bandwidth(r#", "tps": 500"#, &[Some("1")]), "VP008").is_empty());
    assert!(hits(
        &bandwidth(r#", "transaction_kb": 8"#, &[Some("1")]),
        "VP008"
    )
    .is_empty());
    // control: all known
    assert_eq!(hits(&bandwidth(idc, &[Some("1")]), "VP008").len(), 1);
}

// ---------- VP009 ----------

fn nat(n_ecs: usize, nat_ips: &str) -> String {
    design(
        n_ecs,
        &format!(
            r#"{{ "id": "line", "kind": "leased_line", "region": "hz", "nat_ips": {nat_ips} }}"#
        ),
    )
}

#[test]
fn vp009_allowance_steps() {
    let table: &[(usize, u32)] = &[
        (0, 8),
        (1, 8),
        (9, 8),
        (10, 16),
        (19, 16),
        (20, 24),
        (99, 80),
        (100, 88),
        (101, 88),
        (199, 88),
        (200, 152),
        (299, 152),
        (300, 216),
        (399, 216),
        (400, 254),
        (2000, 254),
    ];
    for &(n, allowed) in table {
        let ptr = format!("/nodes/{n}/nat_ips");
        assert!(
            hits(&nat(n, &allowed.to_string()), "VP009").is_empty(),
            "{n} ECS may have {allowed}"
        );
        let t = nat(n, &(allowed + 1).to_string());
        assert_eq!(
            hits(&t, "VP009"),
            vec![at("line", &ptr)],
            "{n} ECS may not have {}",
            allowed + 1
        );
        let (en, _) = &messages(&t, "VP009")[0];
        assert!(
            en.contains(&format!("with {n} ECS")) && en.contains(&format!("is {allowed}")),
            "{en}"
        );
    }
}

#[test]
fn vp009_unknown_or_invalid_nat_ips_is_not_judged() {
    let line = r#"{ "id": "line", "kind": "leased_line", "region": "hz" }"#;
    assert!(hits(&design(0, line), "VP009").is_empty());
    assert!(hits(&nat(0, "8.5"), "VP009").is_empty());
    assert!(hits(&nat(0, "\"many\""), "VP009").is_empty());
    assert_eq!(hits(&nat(0, "9"), "VP009").len(), 1);
}

// ---------- sizes without an upper bound ----------

/// The spec: any finite number is valid in a size or count (`1e308`).
#[test]
fn vp_huge_figures() {
    // 1e308 TPS × 1 KB × 8 / 1000 = 8e305 Mbps: a 1e308 Mbps line is enough (the product
    // overflows when multiplied left to right).
    let idc = r#", "tps": 1e308, "transaction_kb": 1"#;
    assert!(hits(&bandwidth(idc, &[Some("1e308")]), "VP008").is_empty());
    let t = bandwidth(idc, &[Some("1e305")]);
    assert_eq!(hits(&t, "VP008"), vec![at("hq", "/nodes/0")]);
    let (en, _) = &messages(&t, "VP008")[0];
    assert!(
        en.contains("add up to 1e305 Mbps") && en.contains("needs 8e305 Mbps"),
        "{en}"
    );
    // 1e308 interconnect addresses requested.
    let t = design(
        1,
        r#"{ "id": "ll", "kind": "leased_line", "region": "hz", "nat_ips": 1e308 }"#,
    );
    assert_eq!(hits(&t, "VP009"), vec![at("ll", "/nodes/1/nat_ips")]);
    let (en, _) = &messages(&t, "VP009")[0];
    assert!(en.contains("requests 1e308 interconnect"), "{en}");
}

// ---------- fixes ----------

use archlint_core::fix::Safety;

const LINES: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "hq", "kind": "idc", "tps": 500, "transaction_kb": 8 },
             { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom", "bandwidth_mbps": 20, "connects": "hq", "nat_ips": 16 } ] }"#;

#[test]
fn vp004_fix_adds_a_line_sized_for_the_traffic() {
    let text = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "hq", "kind": "idc", "tps": 500, "transaction_kb": 8 },
             { "id": "line-hq", "kind": "ecs", "zone": "hz-b" },
             { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" } ] }"#;
    let (safety, title, out) = fixed(text, "VP004").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add leased line `line-hq-2` from data centre `hq` to region `hz` (choose its carrier)"
    );
    let vpn = r#""connects": "hq" }"#;
    assert_eq!(
        out,
        text.replace(
            vpn,
            &format!(
                "{vpn},\n             {}",
                r#"{ "id": "line-hq-2", "kind": "leased_line", "region": "hz", "bandwidth_mbps": 32, "connects": "hq" }"#
            )
        )
    );
    assert!(hits(&out, "VP004").is_empty());
    // VPNs of two regions: where the line goes is a choice.
    let two = design(
        5,
        r#"{ "id": "hq", "kind": "idc" },
      { "id": "v1", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" },
      { "id": "v2", "kind": "vpn", "type": "ipsec", "region": "bj", "connects": "hq" }"#,
    );
    assert_eq!(hits(&two, "VP004").len(), 1);
    assert!(fixed(&two, "VP004").is_none());
}

#[test]
fn vp007_fix_adds_a_line_of_the_other_carrier() {
    let (safety, title, out) = fixed(LINES, "VP007").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "add leased line `line-hq-unicom` from unicom to data centre `hq`, beside `line-hq`"
    );
    let last = r#""nat_ips": 16 }"#;
    assert_eq!(
        out,
        LINES.replace(
            last,
            &format!(
                "{last},\n             {}",
                r#"{ "id": "line-hq-unicom", "kind": "leased_line", "region": "hz", "carrier": "unicom", "bandwidth_mbps": 20, "connects": "hq" }"#
            )
        )
    );
    assert!(hits(&out, "VP007").is_empty());
    // A unicom line gets a telecom one; other carriers leave the choice open.
    let cu = LINES.replace("\"telecom\"", "\"Unicom\"");
    assert!(fixed(&cu, "VP007")
        .unwrap()
        .2
        .contains(r#""carrier": "telecom""#));
    for other in ["\"mobile\"", "\"cmcc\"", "\"local isp\""] {
        assert!(fixed(&LINES.replace("\"telecom\"", other), "VP007").is_none());
    }
}

#[test]
fn vp008_fix_raises_the_lines_to_an_equal_share() {
    let (safety, title, out) = fixed(LINES, "VP008").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(title, "raise \"bandwidth_mbps\" of `line-hq` to 32");
    assert_eq!(
        out,
        LINES.replace("\"bandwidth_mbps\": 20", "\"bandwidth_mbps\": 32")
    );
    // Two lines need 16.5 each (33 Mbps): the narrow one is raised to 17, the wide one kept.
    let two = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "hq", "kind": "idc", "tps": 412.5, "transaction_kb": 10 },
             { "id": "a", "kind": "leased_line", "region": "hz", "bandwidth_mbps": 10, "connects": "hq" },
             { "id": "b", "kind": "leased_line", "region": "hz", "bandwidth_mbps": 20, "connects": "hq" } ] }"#;
    let (_, title, out) = fixed(two, "VP008").unwrap();
    assert_eq!(
        title,
        "raise \"bandwidth_mbps\" of each leased line of `hq` to at least 17"
    );
    assert_eq!(
        out,
        two.replace("\"bandwidth_mbps\": 10", "\"bandwidth_mbps\": 17")
    );
    assert!(hits(&out, "VP008").is_empty());
}

#[test]
fn vp009_fix_lowers_the_request_to_the_allowance() {
    let (safety, title, out) = fixed(LINES, "VP009").unwrap();
    assert_eq!(safety, Safety::Safe);
    assert_eq!(title, "lower \"nat_ips\" of `line-hq` to 8");
    assert_eq!(out, LINES.replace("\"nat_ips\": 16", "\"nat_ips\": 8"));
    assert!(hits(&out, "VP009").is_empty());
}

#[test]
fn every_vp_rule_says_what_its_fix_does_or_why_it_has_none() {
    for r in archlint_core::rules::all().filter(|r| r.family() == "VP") {
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
