//! Edge cases of the CP rules (capacity).

mod common;

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
