//! `archlint rules`, `explain`, `schema`.

mod common;

use archlint_core::rules;
use common::*;
use serde_json::Value;

#[test]
fn rules_lists_every_registry_entry() {
    let out = run(&["rules"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rules::all().count() + 1);
    assert!(lines[0].starts_with("CODE") && lines[0].contains("SUMMARY"));
    for (line, r) in lines[1..].iter().zip(rules::all()) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[0], r.code);
        assert_eq!(cells[1], r.name);
        assert_eq!(cells[2], r.severity.name());
        assert!(line.ends_with(r.summary.en), "{line}");
    }
    let zh = stdout(&run(&["rules", "--lang", "zh"]));
    assert!(zh.starts_with("代码"));
    for r in rules::all() {
        assert!(zh.contains(r.summary.zh));
    }
}

#[test]
fn rules_as_json() {
    let out = run(&["rules", "--format", "json"]);
    assert_eq!(code(&out), 0);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["archlint"], 1);
    let list = doc["rules"].as_array().unwrap();
    assert_eq!(list.len(), rules::all().count());
    for (j, r) in list.iter().zip(rules::all()) {
        assert_eq!(j["code"], r.code);
        assert_eq!(j["name"], r.name);
        assert_eq!(j["severity"], r.severity.name());
        assert_eq!(j["family"], r.family());
        assert_eq!(j["summary"], r.summary.en);
    }
}

/// The first ```json block after a heading.
fn block_after<'a>(doc: &'a str, heading: &str) -> &'a str {
    let at = doc.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let rest = &doc[at..];
    let start = rest.find("```json\n").unwrap() + "```json\n".len();
    let end = rest[start..].find("\n```").unwrap();
    &rest[start..start + end]
}

#[test]
fn explain_in_english() {
    let out = run(&["explain", "HA001"]);
    assert_eq!(code(&out), 0);
    let doc = stdout(&out);
    assert!(doc.starts_with("# HA001 single-instance-module\n"), "{doc}");
    for part in [
        "A business module runs on a single ECS",
        "Severity: warning",
        "## What it checks",
        "## Why",
        "## Failing example",
        "## Passing example",
        "## Source",
    ] {
        assert!(doc.contains(part), "{part}");
    }
    // The examples are complete designs: the failing one triggers the rule, the passing one
    // does not.
    let d = files(&[
        (
            "fail.json",
            block_after(&doc, "## Failing example").as_bytes(),
        ),
        (
            "pass.json",
            block_after(&doc, "## Passing example").as_bytes(),
        ),
    ]);
    let out = run(&["check", "--format", "json", &path(&d, "fail.json")]);
    assert!(stdout(&out).contains("\"rule\": \"HA001\""));
    let out = run(&["check", "--format", "json", &path(&d, "pass.json")]);
    assert_eq!(code(&out), 0);
    assert!(!stdout(&out).contains("\"rule\": \"HA001\""));
    // Names and lower case work too.
    assert_eq!(
        run(&["explain", "single-instance-module"]).stdout,
        out_of(&["explain", "ha001"])
    );
}

fn out_of(args: &[&str]) -> Vec<u8> {
    run(args).stdout
}

#[test]
fn explain_in_chinese() {
    let out = run(&["explain", "HA001", "--lang", "zh"]);
    assert_eq!(code(&out), 0);
    let doc = stdout(&out);
    for part in [
        "# HA001 single-instance-module",
        "业务模块只部署在一台 ECS 上",
        "级别：警告",
        "## 检查内容",
        "## 原因",
        "## 违规示例",
        "## 合规示例",
        "## 依据",
    ] {
        assert!(doc.contains(part), "{part}\n{doc}");
    }
    assert!(!doc.contains("## Why"));
    // The examples are the English doc's.
    let en = stdout(&run(&["explain", "HA001"]));
    assert_eq!(
        block_after(&doc, "## 违规示例"),
        block_after(&en, "## Failing example")
    );
}

#[test]
fn explain_unknown_suggests() {
    let out = run(&["explain", "HA01"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `HA001`?"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out), "");
    let out = run(&["explain", "single-instanse-module", "--lang", "zh"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("是否指 `single-instance-module`"));
    let out = run(&["explain", "QQ999"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("unknown rule `QQ999`"));
    let out = run(&["explain"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn schema_prints_valid_json() {
    let out = run(&["schema"]);
    assert_eq!(code(&out), 0);
    let schema: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(schema["$schema"]
        .as_str()
        .unwrap()
        .contains("json-schema.org"));
    assert_eq!(stdout(&out), {
        let mut s = archlint_core::SCHEMA.to_string();
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s
    });
}

/// The printed schema compiles and accepts the designs the tests lint.
#[test]
fn schema_accepts_valid_designs() {
    let schema: Value = serde_json::from_str(&stdout(&run(&["schema"]))).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("design.schema.json", schema).unwrap();
    let idx = compiler
        .compile("design.schema.json", &mut schemas)
        .unwrap();
    for text in [CLEAN, WARN, TWO_WARN] {
        let design: Value = serde_json::from_str(text).unwrap();
        if let Err(e) = schemas.validate(&design, idx) {
            panic!("{e:#}\n{text}");
        }
    }
    let not_a_design: Value = serde_json::from_str(r#"{"nodes": []}"#).unwrap();
    assert!(schemas.validate(&not_a_design, idx).is_err());
}
