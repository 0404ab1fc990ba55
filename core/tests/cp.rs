//! Edge cases of the CP rules (capacity).

mod common;
use common::fixed;

use archlint_core::{Finding, Severity};

fn run(text: &str, code: &str) -> Vec<Finding> {
    common::findings_of(text, code)
}

use common::{pair, pairs_of as at};

fn design(nodes: &str) -> String {
    format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }}, {{ "id": "hz-c" }} ] }} ],
  "nodes": [ {nodes} ] }}"#
    )
}

fn rds(id: &str, storage: &str, sizing: &str) -> String {
    let storage = if storage.is_empty() {
        String::new()
    } else {
        format!(r#", "storage_gb": {storage}"#)
    };
    let sizing = if sizing.is_empty() {
        String::new()
    } else {
        format!(r#", "sizing": {{ {sizing} }}"#)
    };
    format!(r#"{{ "id": "{id}", "kind": "rds", "region": "hz"{storage}{sizing} }}"#)
}

// ---------------------------------------------------------------- CP001

/// 1048576 transactions × 1 KB × 10 days = exactly 10 GB.
const TEN_GB: &str = r#""daily_transactions": 1048576, "transaction_kb": 1, "retention_days": 10"#;

#[test]
fn cp001_boundary_is_exact() {
    let n = [
        rds("equal", "10", TEN_GB),
        rds("under", "9.99", TEN_GB),
        rds("over", "11", TEN_GB),
    ]
    .join(",\n");
    let t = design(&n);
    assert_eq!(at(&t, "CP001"), vec![pair("under", "/nodes/1/storage_gb")]);
    let f = &run(&t, "CP001")[0];
    assert!(f.message.en.contains("9.99 GB"), "{}", f.message.en);
    assert!(f.message.en.contains("need 10 GB"), "{}", f.message.en);
    assert!(f.help.en.contains("at least 10"), "{}", f.help.en);
}

#[test]
fn cp001_needed_size_is_rounded_up() {
    // 1000 × 1 KB × 1 day ≈ 0.00095 GB → 1 GB; 1000000 × 2 × 365 ≈ 696.18 GB → 697 GB.
    let n = [
        rds(
            "tiny",
            "0",
            r#""daily_transactions": 1000, "transaction_kb": 1, "retention_days": 1"#,
        ),
        rds(
            "year",
            "500",
            r#""daily_transactions": 1000000, "transaction_kb": 2, "retention_days": 365"#,
        ),
    ]
    .join(",\n");
    let fs = run(&design(&n), "CP001");
    assert_eq!(fs.len(), 2);
    assert!(
        fs[0].message.en.contains("need 1 GB"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[1].message.en.contains("need 697 GB"),
        "{}",
        fs[1].message.en
    );
    assert!(fs[1].message.zh.contains("697 GB"), "{}", fs[1].message.zh);
    assert_eq!(fs[1].severity, Severity::Error);
}

#[test]
fn cp001_unknown_figures_never_trigger() {
    let n = [
        rds("no-storage", "", TEN_GB),
        rds("no-sizing", "1", ""),
        rds(
            "no-days",
            "1",
            r#""daily_transactions": 1048576, "transaction_kb": 1"#,
        ),
        rds(
            "no-kb",
            "1",
            r#""daily_transactions": 1048576, "retention_days": 10"#,
        ),
        rds(
            "no-daily",
            "1",
            r#""transaction_kb": 1, "retention_days": 10"#,
        ),
        rds("bad-type", "\"big\"", TEN_GB),
        // control
        rds("known", "1", TEN_GB),
    ]
    .join(",\n");
    assert_eq!(
        at(&design(&n), "CP001"),
        vec![pair("known", "/nodes/6/storage_gb")]
    );
}

// ---------------------------------------------------------------- CP002

#[test]
fn cp002_each_disk_over_2048_gb_at_its_entry() {
    let n = r#"{ "id": "a", "kind": "ecs", "zone": "hz-b", "disks_gb": [2048, 2048.5, 100, 5000] },
        { "id": "b", "kind": "ecs", "zone": "hz-c", "disks_gb": [2048] },
        { "id": "c", "kind": "ecs", "zone": "hz-c" },
        { "id": "d", "kind": "ecs", "zone": "hz-c", "disks_gb": ["huge", -1, 4096] }"#;
    let t = design(n);
    assert_eq!(
        at(&t, "CP002"),
        vec![
            pair("a", "/nodes/0/disks_gb/1"),
            pair("a", "/nodes/0/disks_gb/3"),
            pair("d", "/nodes/3/disks_gb/2"),
        ]
    );
    let fs = run(&t, "CP002");
    assert!(
        fs[0].message.en.contains("2048.5 GB"),
        "{}",
        fs[0].message.en
    );
    assert!(fs[0].help.en.contains("2 disks"), "{}", fs[0].help.en);
    assert!(fs[1].help.en.contains("3 disks"), "{}", fs[1].help.en);
}

// ---------------------------------------------------------------- CP003

#[test]
fn cp003_states_the_daily_and_monthly_cost() {
    let n = r#"{ "id": "nat-4", "kind": "nat", "region": "hz", "rules": 4 },
        { "id": "nat-0", "kind": "nat", "region": "hz", "rules": 0 },
        { "id": "nat-x", "kind": "nat", "region": "hz" },
        { "id": "nat-1", "kind": "nat", "region": "hz", "rules": 1 },
        { "id": "nat-f", "kind": "nat", "region": "hz", "rules": 2.5 }"#;
    let t = design(n);
    assert_eq!(
        at(&t, "CP003"),
        vec![
            pair("nat-4", "/nodes/0/rules"),
            pair("nat-1", "/nodes/3/rules")
        ]
    );
    let fs = run(&t, "CP003");
    assert_eq!(fs[0].severity, Severity::Info);
    assert!(
        fs[0].message.en.contains("200 CNY a day"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[0].message.en.contains("6000 CNY per 30-day month"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[0].message.zh.contains("每天 200 元"),
        "{}",
        fs[0].message.zh
    );
    assert!(
        fs[1].message.en.contains("50 CNY a day"),
        "{}",
        fs[1].message.en
    );
    assert!(
        fs[1].message.en.contains("1500 CNY"),
        "{}",
        fs[1].message.en
    );
}

// ---------------------------------------------------------------- sizes without an upper bound

/// The spec: any finite number is valid in a size; the checks neither overflow nor print
/// hundreds of digits.
#[test]
fn cp_huge_sizes() {
    // 1e308 transactions × 1 KB × 30 days ≈ 2.9e303 GB: 1e308 GB is enough (the product
    // overflows when multiplied left to right).
    let sizing = r#""daily_transactions": 1e308, "transaction_kb": 1, "retention_days": 30"#;
    assert!(run(&design(&rds("d", "1e308", sizing)), "CP001").is_empty());
    let fs = run(&design(&rds("d", "1e303", sizing)), "CP001");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("has 1e303 GB of storage")
            && fs[0].message.en.contains("1e308 transactions")
            && fs[0].message.en.contains("need 2.86102294921875e303 GB"),
        "{}",
        fs[0].message.en
    );
    // A 1e16 GB disk.
    let t = design(r#"{ "id": "e", "kind": "ecs", "zone": "hz-b", "disks_gb": [1e16] }"#);
    let fs = run(&t, "CP002");
    assert_eq!(fs.len(), 1);
    assert!(
        fs[0].message.en.contains("a 1e16 GB data disk"),
        "{}",
        fs[0].message.en
    );
    assert!(
        fs[0].help.en.contains("4882812500000 disks"),
        "{}",
        fs[0].help.en
    );
    // 1e16 NAT rules.
    let t = design(r#"{ "id": "n", "kind": "nat", "region": "hz", "rules": 1e16 }"#);
    let fs = run(&t, "CP003");
    assert!(
        fs[0].message.en.contains("has 1e16 rule(s)")
            && fs[0].message.en.contains("5e17 CNY a day"),
        "{}",
        fs[0].message.en
    );
}

// ---------------------------------------------------------------- fixes

use archlint_core::fix::{self, Safety};
use archlint_core::{Limits, LintOptions};

#[test]
fn cp001_fix_raises_the_storage_to_the_sizing() {
    // 1048576 × 1.5 × 10 / 1024² = 15 GB; 1048577 × … is a little more: 16 GB.
    let text = design(&rds(
        "db",
        "10",
        r#""daily_transactions": 1048577, "transaction_kb": 1.5, "retention_days": 10"#,
    ));
    let (safety, title, out) = fixed(&text, "CP001").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(title, "raise \"storage_gb\" of `db` to 16");
    assert_eq!(
        out,
        text.replace("\"storage_gb\": 10", "\"storage_gb\": 16")
    );
    assert!(run(&out, "CP001").is_empty());
    // Beyond what a design holds as a whole number: no fix.
    let huge = design(&rds(
        "db",
        "1",
        r#""daily_transactions": 1e300, "transaction_kb": 1, "retention_days": 1"#,
    ));
    assert_eq!(run(&huge, "CP001").len(), 1);
    assert!(fixed(&huge, "CP001").is_none());
}

#[test]
fn cp002_fix_splits_the_disk() {
    // The last disk: its entry goes, the parts follow the others.
    let text = design(r#"{ "id": "e", "kind": "ecs", "zone": "hz-b", "disks_gb": [ 500, 5000 ] }"#);
    let (safety, title, out) = fixed(&text, "CP002").unwrap();
    assert_eq!(safety, Safety::Unsafe);
    assert_eq!(
        title,
        "replace the 5000 GB disk of `e` by 3 disks: 2048 GB each, 904 GB in the last"
    );
    assert_eq!(
        out,
        text.replace("[ 500, 5000 ]", "[ 500, 2048, 2048, 904 ]")
    );
    assert!(run(&out, "CP002").is_empty());
    // A disk before others: the parts join the end of the list.
    let text = design(r#"{ "id": "e", "kind": "ecs", "zone": "hz-b", "disks_gb": [4096, 100] }"#);
    let (_, title, out) = fixed(&text, "CP002").unwrap();
    assert_eq!(
        title,
        "replace the 4096 GB disk of `e` by 2 disks of 2048 GB"
    );
    assert_eq!(out, text.replace("[4096, 100]", "[100, 2048, 2048]"));
    // The only disk: the list is written anew.
    let text = design(r#"{ "id": "e", "kind": "ecs", "zone": "hz-b", "disks_gb": [ 2048.5 ] }"#);
    let (_, _, out) = fixed(&text, "CP002").unwrap();
    assert_eq!(out, text.replace("[ 2048.5 ]", "[2048, 1]"));
    // Two oversized disks: each has its fix; applied one after the other, none is left.
    let text = design(r#"{ "id": "e", "kind": "ecs", "zone": "hz-b", "disks_gb": [3000, 3000] }"#);
    let out = fix::fix_text(&text, &Limits::DEFAULT, &LintOptions::default(), true)
        .unwrap()
        .text;
    assert!(
        out.contains(r#""disks_gb": [2048, 952, 2048, 952]"#),
        "{out}"
    );
    // More than 16 disks, or an entry the format did not read: no fix.
    for disks in ["[40000]", "[3000, \"x\"]"] {
        let text = design(&format!(
            r#"{{ "id": "e", "kind": "ecs", "zone": "hz-b", "disks_gb": {disks} }}"#
        ));
        assert_eq!(run(&text, "CP002").len(), 1, "{disks}");
        assert!(fixed(&text, "CP002").is_none(), "{disks}");
    }
}

#[test]
fn every_cp_rule_says_what_its_fix_does_or_why_it_has_none() {
    for r in archlint_core::rules::all().filter(|r| r.family() == "CP") {
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
