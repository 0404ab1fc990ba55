//! `check --format sarif`: valid SARIF 2.1.0 (against the OASIS schema) with everything
//! GitHub code scanning reads.

mod common;

use archlint_core::rules;
use common::*;
use serde_json::Value;

fn validate(log: &Value) {
    let (schemas, idx) = sarif_schema();
    if let Err(e) = schemas.validate(log, idx) {
        panic!("not valid SARIF 2.1.0: {e:#}");
    }
}

fn sarif(dir: &tempfile::TempDir, args: &[&str]) -> (i32, String, Value) {
    let mut all = vec!["check", "--format", "sarif"];
    all.extend_from_slice(args);
    let out = run_in(Some(dir.path()), &all, None, &[]);
    let text = stdout(&out);
    let log: Value = serde_json::from_str(&text).unwrap();
    (code(&out), text, log)
}

#[test]
fn sarif_is_valid_and_has_what_github_requires() {
    let d = files(&[
        ("b.json", TWO_WARN.as_bytes()),
        ("clean.json", CLEAN.as_bytes()),
    ]);
    let (status, text, log) = sarif(&d, &["b.json", "./clean.json"]);
    assert_eq!(status, 0);
    validate(&log);

    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"]
        .as_str()
        .unwrap()
        .contains("sarif-schema-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "archlint");
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(driver["semanticVersion"], env!("CARGO_PKG_VERSION"));

    // The whole catalog, in registry order.
    let rules_json = driver["rules"].as_array().unwrap();
    let registry: Vec<_> = rules::all().collect();
    assert_eq!(rules_json.len(), registry.len());
    for (r, meta) in rules_json.iter().zip(&registry) {
        assert_eq!(r["id"], meta.code);
        assert_eq!(r["name"], meta.name);
        assert_eq!(r["shortDescription"]["text"], meta.summary.en);
        assert!(!r["fullDescription"]["text"].as_str().unwrap().is_empty());
        let help = r["help"]["markdown"].as_str().unwrap();
        assert!(help.contains("## Failing example") && help.contains("```json"));
        assert!(!r["help"]["text"].as_str().unwrap().is_empty());
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
        assert_eq!(r["properties"]["tags"][0], meta.family());
    }

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules_json[index]["id"], id, "ruleIndex points at the rule");
        assert_eq!(res["level"], "warning");
        assert!(!res["message"]["text"].as_str().unwrap().is_empty());
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "b.json");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
        let logical = &res["locations"][0]["logicalLocations"][0];
        assert!(logical["fullyQualifiedName"]
            .as_str()
            .unwrap()
            .starts_with("/nodes/"));
        let fp = res["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        let (hash, n) = fp.split_once(':').unwrap();
        assert_eq!(hash.len(), 16);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(n, "1");
    }
    assert_eq!(
        results[0]["locations"][0]["logicalLocations"][0]["name"],
        "web-1"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_ne!(
        results[0]["partialFingerprints"],
        results[1]["partialFingerprints"]
    );

    // Relative names are relative to %SRCROOT%, the working directory.
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let arts: Vec<&str> = run["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(arts, ["b.json", "clean.json"]);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    // Byte-identical across runs.
    let (_, again, _) = sarif(&d, &["b.json", "./clean.json"]);
    assert_eq!(text, again);
}

#[test]
fn fingerprints_do_not_move_with_the_line() {
    let shifted = TWO_WARN.replacen("{ \"archlint\": 1,", "{ \"archlint\": 1,\n\n\n", 1);
    let d = files(&[
        ("a.json", TWO_WARN.as_bytes()),
        ("b.json", shifted.as_bytes()),
    ]);
    let (_, _, a) = sarif(&d, &["a.json"]);
    let (_, _, b) = sarif(&d, &["b.json"]);
    let fps = |log: &Value| -> Vec<Value> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(fps(&a), fps(&b));
    assert_ne!(
        a["runs"][0]["results"][0]["locations"],
        b["runs"][0]["results"][0]["locations"]
    );
}

#[test]
fn load_errors_become_tool_notifications() {
    let d = files(&[
        ("ok.json", TWO_WARN.as_bytes()),
        ("bad.json", b"{\n  \"archlint\": 1\n  \"x\": 2 }"),
    ]);
    let missing = path(&d, "missing.json");
    let (status, _, log) = sarif(&d, &["ok.json", "bad.json", &missing]);
    assert_eq!(status, 2);
    validate(&log);
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["level"], "error");
    let loc = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "bad.json");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 3);
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    // An absolute path is a file: URI; an unreadable file has no region.
    let loc = &notes[1]["locations"][0]["physicalLocation"];
    assert!(loc["artifactLocation"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
    assert!(loc["artifactLocation"].get("uriBaseId").is_none());
    assert!(loc.get("region").is_none());
    // The findings of the good file are still there.
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn sarif_in_chinese_and_with_awkward_names() {
    let d = files(&[("设计 1.json", TWO_WARN.as_bytes())]);
    let (_, _, log) = sarif(&d, &["--lang", "zh", "设计 1.json"]);
    validate(&log);
    let run = &log["runs"][0];
    assert_eq!(run["language"], "zh-CN");
    assert!(run["results"][0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("单点故障"));
    assert!(run["tool"]["driver"]["rules"][0]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## 检查内容"));
    assert_eq!(
        run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E8%AE%BE%E8%AE%A1%201.json"
    );
    // Standard input.
    let out = run_stdin(&["check", "--format", "sarif", "-"], TWO_WARN.as_bytes());
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    validate(&log);
}

/// The schema check is real: a log with a bad level or a missing message is rejected.
#[test]
fn the_validator_rejects_broken_logs() {
    let d = files(&[("b.json", TWO_WARN.as_bytes())]);
    let (_, _, log) = sarif(&d, &["b.json"]);
    let (schemas, idx) = sarif_schema();
    assert!(schemas.validate(&log, idx).is_ok());
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]["level"] = "warn".into();
    assert!(schemas.validate(&bad, idx).is_err());
    let mut bad = log.clone();
    bad["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(schemas.validate(&bad, idx).is_err());
    let mut bad = log;
    bad["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
    assert!(schemas.validate(&bad, idx).is_err());
}

/// The run's `properties.coverage`: per file linted, what the rules could check — the same
/// counts, states and gaps as the JSON document's `coverage`, and the text summary's line.
#[test]
fn coverage_is_a_run_property() {
    let d = files(&[
        ("b.json", TWO_WARN.as_bytes()),
        ("bad.json", b"{ nope"),
        ("clean.json", CLEAN.as_bytes()),
    ]);
    let (_, _, log) = sarif(&d, &["--isolated", "b.json", "bad.json", "clean.json"]);
    validate(&log);
    let cov = log["runs"][0]["properties"]["coverage"].as_array().unwrap();
    // One entry per file linted (not the one that could not be loaded), in order.
    let uris: Vec<&str> = cov
        .iter()
        .map(|c| c["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris, ["b.json", "clean.json"]);
    let arts = log["runs"][0]["artifacts"].as_array().unwrap();
    for c in cov {
        let i = c["artifactLocation"]["index"].as_u64().unwrap() as usize;
        assert_eq!(arts[i]["location"]["uri"], c["artifactLocation"]["uri"]);
    }
    // The same as the JSON document's.
    let out = run_in(
        Some(d.path()),
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            "b.json",
            "clean.json",
        ],
        None,
        &[],
    );
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    for (c, f) in cov.iter().zip(doc["files"].as_array().unwrap()) {
        let j = &f["coverage"];
        for k in [
            "total",
            "checked",
            "not_applicable",
            "facts_missing",
            "rules",
        ] {
            assert_eq!(c[k], j[k], "{k}");
        }
        assert_eq!(c["total"], 82);
    }
    // The text output's coverage line, with every rule lacking facts named.
    let out = run_in(
        Some(d.path()),
        &["check", "--isolated", "b.json"],
        None,
        &[],
    );
    let line = stdout(&out)
        .lines()
        .find(|l| l.starts_with("checked "))
        .unwrap()
        .to_string();
    let summary = cov[0]["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(
            line.trim_end_matches(" (--verbose lists all)")
                .trim_end_matches(", …")
        ),
        "{summary}\n{line}"
    );
    let lacking: Vec<&str> = cov[0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "facts_missing")
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        lacking.len() as u64,
        cov[0]["facts_missing"].as_u64().unwrap()
    );
    assert!(!lacking.is_empty());
    for code in lacking {
        assert!(summary.contains(&format!("{code} (")), "{code}: {summary}");
    }
    // In Chinese; a run of ignored rules leaves them out.
    let (_, _, log) = sarif(
        &d,
        &["--isolated", "--lang", "zh", "--ignore", "HA", "b.json"],
    );
    validate(&log);
    let c = &log["runs"][0]["properties"]["coverage"][0];
    assert!(
        c["summary"]
            .as_str()
            .unwrap()
            .starts_with("已检查 75 条规则中的"),
        "{c}"
    );
    assert!(c["rules"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| !r["code"].as_str().unwrap().starts_with("HA")));
    // Nothing linted: no property.
    let (_, _, log) = sarif(&d, &["bad.json"]);
    validate(&log);
    assert!(log["runs"][0].get("properties").is_none(), "{log}");
}
