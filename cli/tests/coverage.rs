//! `archlint check` says how much was checked: the text summary's coverage line (both
//! languages, `--verbose` listing every rule that lacks facts) and the JSON `"coverage"` member.

mod common;

use common::*;
use serde_json::Value;

/// Lints clean, yet its public SLB has no listener, its RDS no whitelist, and the web servers'
/// group admits port 22 only (from the bastions): the rules that would judge those had nothing
/// to go on.
const SILENT: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "security_groups": [
    { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "vpn-1" } ] },
    { "id": "sg-web", "rules": [ { "ports": "22", "from": "sg:sg-bastion" } ] } ],
  "nodes": [
    { "id": "vpn-1", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.200.0.2", "10.200.0.3"] },
    { "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "hz-b", "security_groups": ["sg-bastion"] },
    { "id": "b-2", "kind": "ecs", "role": "bastion", "zone": "hz-c", "security_groups": ["sg-bastion"] },
    { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },
    { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "security_groups": ["sg-web"] },
    { "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"] },
    { "id": "rds-1", "kind": "rds", "region": "hz" }
  ],
  "links": [
    { "from": "internet", "to": "slb-1" },
    { "from": "web-1", "to": "rds-1" },
    { "from": "web-2", "to": "rds-1" }
  ] }"#;

/// `SILENT` with the listener, the whitelist and the ports given.
fn told() -> String {
    SILENT
        .replace(
            r#""backends": ["web-1", "web-2"] }"#,
            r#""backends": ["web-1", "web-2"], "listeners": [ { "protocol": "http", "port": 80 } ] }"#,
        )
        .replace(
            r#""region": "hz" }"#,
            r#""region": "hz", "whitelist": ["web-1", "web-2"] }"#,
        )
        .replace(r#""to": "slb-1" }"#, r#""to": "slb-1", "port": 80 }"#)
        .replace(r#""to": "rds-1" }"#, r#""to": "rds-1", "port": 3306 }"#)
}

/// The coverage line of a single-file text output (the line after the counts).
fn coverage_line(text: &str) -> &str {
    text.lines()
        .find(|l| l.starts_with("checked ") || l.starts_with("已检查 "))
        .unwrap_or_else(|| panic!("no coverage line in\n{text}"))
}

/// "checked N of M rules": (N, M).
fn checked_of(line: &str) -> (usize, usize) {
    let words: Vec<&str> = line.split_whitespace().collect();
    (words[1].parse().unwrap(), words[3].parse().unwrap())
}

#[test]
fn a_clean_design_says_what_it_did_not_check() {
    let d = files(&[("silent.json", SILENT.as_bytes())]);
    let out = run(&["check", &path(&d, "silent.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let (counts, rest) = text.split_once('\n').unwrap();
    assert_eq!(counts, "0 errors, 0 warnings, 0 info in 1 file");
    let line = coverage_line(rest);
    let (n, m) = checked_of(line);
    assert_eq!(m, 82, "{line}");
    assert!(n < m, "{line}");
    let k = m - n;
    assert!(line.contains(&format!("; {k} lack facts: ")), "{line}");
    // The first three are named, with what they lack; the rest behind --verbose.
    assert!(line.contains("LB001 (`slb-1` has no listeners)"), "{line}");
    assert!(line.ends_with(", … (--verbose lists all)"), "{line}");
    assert!(!line.contains("DB003"), "only three named:\n{line}");
}

#[test]
fn verbose_lists_every_rule_that_lacks_facts_and_why_others_did_not_apply() {
    let d = files(&[("silent.json", SILENT.as_bytes())]);
    let out = run(&["check", "--verbose", &path(&d, "silent.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let head = coverage_line(&text);
    let (n, m) = checked_of(head);
    assert!(
        head.ends_with(&format!("; {} lack facts:", m - n)),
        "{head}"
    );
    let listed: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("  not applicable"))
        .collect();
    assert_eq!(listed.len(), m - n, "{text}");
    assert!(
        listed.contains(&"  DB003 client-not-whitelisted: `rds-1` has no whitelist"),
        "{text}"
    );
    assert!(
        listed.contains(
            &"  SG004 link-blocked: `slb-1` has no listener with a port, so the port of its traffic to its backends is unknown"
        ),
        "{text}"
    );
    assert!(
        listed
            .iter()
            .any(|l| l.starts_with("  HA007 no-reconnect: 2 ECS link to an RDS")),
        "{text}"
    );
    let na = text
        .lines()
        .find(|l| l.starts_with("  not applicable: "))
        .expect("not-applicable line");
    assert!(na.contains("OS001 (no OSS bucket)"), "{na}");
    assert!(
        na.contains("DR001 (the design claims no two-region disaster recovery (dr))"),
        "{na}"
    );
}

#[test]
fn chinese_summary() {
    let d = files(&[("silent.json", SILENT.as_bytes())]);
    let out = run(&["check", "--lang", "zh", &path(&d, "silent.json")]);
    let text = stdout(&out);
    let line = coverage_line(&text);
    assert!(line.starts_with("已检查 82 条规则中的 "), "{line}");
    assert!(line.contains(" 条缺少信息："), "{line}");
    assert!(
        line.contains("LB001（`slb-1` 没有监听（listeners））"),
        "{line}"
    );
    assert!(line.ends_with("，…（--verbose 列出全部）"), "{line}");
    let out = run(&["check", "--lang", "zh", "-v", &path(&d, "silent.json")]);
    let text = stdout(&out);
    assert!(
        text.contains("  DB003 client-not-whitelisted：`rds-1` 没有白名单（whitelist）"),
        "{text}"
    );
    assert!(
        text.contains(
            "\n  不适用：ZN004（没有专有网络），NS001（安全等级（profile）不是 high-security），"
        ),
        "{text}"
    );
}

#[test]
fn giving_the_facts_raises_the_count() {
    let told = told();
    let d = files(&[
        ("silent.json", SILENT.as_bytes()),
        ("told.json", told.as_bytes()),
    ]);
    let before = stdout(&run(&["check", &path(&d, "silent.json")]));
    let after = stdout(&run(&["check", &path(&d, "told.json")]));
    let (b, _) = checked_of(coverage_line(&before));
    let (a, _) = checked_of(coverage_line(&after));
    assert!(a > b, "{b} → {a}\n{after}");
    let after_line = coverage_line(&after);
    for code in ["LB001", "DB003", "SG004"] {
        assert!(
            !after_line.contains(code),
            "{code} still lacks facts:\n{after_line}"
        );
    }
    // With the port stated, SG004 judges the link: the group admits only port 22.
    assert!(after.contains("error[SG004]"), "{after}");
}

#[test]
fn several_files_get_a_line_each() {
    let told = told();
    let d = files(&[
        ("silent.json", SILENT.as_bytes()),
        ("told.json", told.as_bytes()),
    ]);
    let (s, t) = (path(&d, "silent.json"), path(&d, "told.json"));
    let text = stdout(&run(&["check", &s, &t]));
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("checked ")).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with(&format!("{s}: checked ")), "{text}");
    assert!(lines[1].starts_with(&format!("{t}: checked ")), "{text}");
}

#[test]
fn ignored_rules_are_left_out() {
    let d = files(&[("silent.json", SILENT.as_bytes())]);
    let p = path(&d, "silent.json");
    let out = run(&[
        "check",
        "--ignore",
        "LB001",
        "--ignore",
        "client-not-whitelisted",
        &p,
    ]);
    let line = coverage_line(&stdout(&out)).to_string();
    assert_eq!(checked_of(&line).1, 80, "{line}");
    assert!(!line.contains("LB001"), "{line}");
    let doc: Value = serde_json::from_str(&stdout(&run(&[
        "check", "--format", "json", "--ignore", "LB001", &p,
    ])))
    .unwrap();
    let rules = doc["files"][0]["coverage"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 81);
    assert!(rules.iter().all(|r| r["code"] != "LB001"));
}

#[test]
fn one_rule_is_said_in_the_singular() {
    let d = files(&[("silent.json", SILENT.as_bytes())]);
    let p = path(&d, "silent.json");
    let line = |args: &[&str]| {
        let mut a = vec!["check", "--isolated"];
        a.extend_from_slice(args);
        a.push(&p);
        coverage_line(&stdout(&run(&a))).to_string()
    };
    assert_eq!(
        line(&["--select", "LB001"]),
        "checked 0 of 1 rule; 1 lacks facts: LB001 (`slb-1` has no listeners)"
    );
    assert_eq!(
        line(&["--select", "LB001", "--verbose"]),
        "checked 0 of 1 rule; 1 lacks facts:"
    );
    assert_eq!(
        line(&["--select", "LB001,DB003"]),
        "checked 0 of 2 rules; 2 lack facts: LB001 (`slb-1` has no listeners), DB003 (`rds-1` has no whitelist)"
    );
    assert_eq!(
        line(&["--select", "HA001,LB001"]),
        "checked 1 of 2 rules; 1 lacks facts: LB001 (`slb-1` has no listeners)"
    );
    // No IPSec VPN: VP001 does not apply.
    assert_eq!(
        line(&["--select", "VP001"]),
        "checked 1 of 1 rule (not applicable)"
    );
    assert_eq!(
        line(&["--select", "VP001", "--lang", "zh"]),
        "已检查 1 条规则中的 1 条（不适用）"
    );
}

#[test]
fn json_has_a_coverage_member_per_file() {
    let d = files(&[("silent.json", SILENT.as_bytes()), ("bad.json", b"{ nope")]);
    let out = run(&[
        "check",
        "--format",
        "json",
        &path(&d, "silent.json"),
        &path(&d, "bad.json"),
    ]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let file = &doc["files"][0];
    let keys: Vec<&str> = file
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["file", "findings", "summary", "coverage"]);
    let c = &file["coverage"];
    let ckeys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        ckeys,
        [
            "total",
            "checked",
            "not_applicable",
            "facts_missing",
            "rules"
        ]
    );
    let n = |k: &str| c[k].as_u64().unwrap();
    assert_eq!(n("total"), 82);
    assert_eq!(n("checked") + n("not_applicable") + n("facts_missing"), 82);
    let rules = c["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 82);
    let rule = |code: &str| rules.iter().find(|r| r["code"] == code).unwrap();
    assert_eq!(
        rule("DB003"),
        &serde_json::json!({
            "code": "DB003", "name": "client-not-whitelisted", "state": "facts_missing",
            "missing": [ { "count": 1, "message": "`rds-1` has no whitelist", "pointers": ["/nodes/6"] } ]
        })
    );
    assert_eq!(
        rule("OS001"),
        &serde_json::json!({ "code": "OS001", "name": "internal-bucket-public", "state": "not_applicable", "reason": "no OSS bucket" })
    );
    assert_eq!(
        rule("LB008"),
        &serde_json::json!({ "code": "LB008", "name": "empty-load-balancer", "state": "checked" })
    );
    assert_eq!(
        rule("HA007")["missing"][0]["pointers"],
        serde_json::json!(["/nodes/3", "/nodes/4"])
    );
    // A file that could not be loaded has none.
    assert!(doc["files"][1].get("coverage").is_none());
    // In Chinese.
    let out = run(&[
        "check",
        "--format",
        "json",
        "--lang",
        "zh",
        &path(&d, "silent.json"),
    ]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rules = doc["files"][0]["coverage"]["rules"].as_array().unwrap();
    let db = rules.iter().find(|r| r["code"] == "DB003").unwrap();
    assert_eq!(
        db["missing"][0]["message"],
        "`rds-1` 没有白名单（whitelist）"
    );
}

#[test]
fn the_output_is_the_same_every_time() {
    let d = files(&[("silent.json", SILENT.as_bytes())]);
    let p = path(&d, "silent.json");
    for format in ["text", "json"] {
        let a = stdout(&run(&["check", "--format", format, "-v", &p]));
        let b = stdout(&run(&["check", "--format", format, "-v", &p]));
        assert_eq!(a, b, "{format}");
    }
}
