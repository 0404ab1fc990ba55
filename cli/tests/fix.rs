//! `check --fix`, `--unsafe-fixes` and `--diff`, and the fixes in the JSON and SARIF outputs.

mod common;

use common::*;

/// CLEAN with `"autostart": false` on `web-1`: one HA005 finding, with a safe fix.
fn autostart_off() -> String {
    let s = CLEAN.replacen(
        r#""zone": "hz-b", "security_groups""#,
        r#""zone": "hz-b", "autostart": false, "security_groups""#,
        1,
    );
    assert_ne!(s, CLEAN);
    s
}

fn read(dir: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(dir.path().join(name)).unwrap()
}

#[test]
fn fix_rewrites_only_the_span_it_must() {
    let text = autostart_off();
    let dir = files(&[("d.json", text.as_bytes())]);
    let out = run_in(Some(dir.path()), &["check", "--fix", "d.json"], None, &[]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let fixed = read(&dir, "d.json");
    // Byte for byte the input, but for the one value.
    assert_eq!(
        fixed,
        text.replacen(r#""autostart": false"#, r#""autostart": true"#, 1)
    );
    let o = stdout(&out);
    assert!(o.contains("0 errors, 0 warnings, 0 info in 1 file"), "{o}");
    assert!(o.trim_end().ends_with("fixed 1 finding in 1 file"), "{o}");
    // A second run has nothing to fix and changes nothing.
    let again = run_in(Some(dir.path()), &["check", "--fix", "d.json"], None, &[]);
    assert_eq!(code(&again), 0);
    assert!(stdout(&again).contains("fixed 0 findings in 0 files"));
    assert_eq!(read(&dir, "d.json"), fixed);
}

#[test]
fn without_fix_the_text_output_offers_it() {
    let out = run_stdin(&["check", "-"], autostart_off().as_bytes());
    let o = stdout(&out);
    assert!(
        o.contains("= fix (safe, --fix): set \"autostart\": true on `web-1`"),
        "{o}"
    );
    assert!(o.contains("1 finding can be fixed with --fix"), "{o}");
    let zh = run_stdin(&["--lang", "zh", "check", "-"], autostart_off().as_bytes());
    let z = stdout(&zh);
    assert!(
        z.contains("修复（安全，--fix）：将 `web-1` 设置为 \"autostart\": true"),
        "{z}"
    );
    assert!(z.contains("1 个发现可用 --fix 修复"), "{z}");
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let text = autostart_off();
    let dir = files(&[("d.json", text.as_bytes())]);
    let out = run_in(Some(dir.path()), &["check", "--diff", "d.json"], None, &[]);
    assert_no_panic(&out);
    assert_eq!(code(&out), 1, "--diff exits 1 when there is a fix");
    let o = stdout(&out);
    assert!(o.starts_with("--- a/d.json\n+++ b/d.json\n@@ "), "{o}");
    let minus: Vec<&str> = o
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    let plus: Vec<&str> = o
        .lines()
        .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
        .collect();
    assert_eq!(minus.len(), 1, "{o}");
    assert_eq!(plus.len(), 1, "{o}");
    assert_eq!(
        minus[0][1..].replacen("false", "true", 1),
        plus[0][1..],
        "one value changes"
    );
    assert!(stderr(&out).contains("would fix 1 finding in 1 file"));
    assert_eq!(read(&dir, "d.json"), text, "--diff writes nothing");

    // Nothing to fix: no diff, exit 0.
    let clean = files(&[("c.json", CLEAN.as_bytes())]);
    let out = run_in(
        Some(clean.path()),
        &["check", "--diff", "c.json"],
        None,
        &[],
    );
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "");
    // Standard input can be diffed.
    let out = run_stdin(&["check", "--diff", "-"], text.as_bytes());
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).starts_with("--- a/<stdin>\n"));
}

#[test]
fn fix_refuses_standard_input() {
    let out = run_stdin(&["check", "--fix", "-"], autostart_off().as_bytes());
    assert_no_panic(&out);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("standard input has none (use --diff)"));
}

#[test]
fn json_carries_the_fix_as_edits_of_the_original_text() {
    let text = autostart_off();
    let out = run_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = &doc["files"][0]["findings"][0];
    assert_eq!(f["rule"], "HA005");
    let fix = &f["fix"];
    assert_eq!(fix["safety"], "safe");
    assert_eq!(fix["title"], "set \"autostart\": true on `web-1`");
    let edits = fix["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let (s, e) = (
        edits[0]["start"]["offset"].as_u64().unwrap() as usize,
        edits[0]["end"]["offset"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "false");
    assert_eq!(edits[0]["text"], "true");
    // Line and column agree with the offset.
    let line = edits[0]["start"]["line"].as_u64().unwrap() as usize;
    let col = edits[0]["start"]["column"].as_u64().unwrap() as usize;
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    assert_eq!(text[line_start..s].chars().count() + 1, col);
    // Findings without a fix have no "fix" member.
    let out = run_stdin(&["check", "--format", "json", "-"], WARN.as_bytes());
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    for f in doc["files"][0]["findings"].as_array().unwrap() {
        if f["rule"] != "HA001" {
            continue;
        }
        // HA001's fix is unsafe: it is offered, marked so.
        if let Some(fix) = f.get("fix") {
            assert_eq!(fix["safety"], "unsafe");
        }
    }
}

#[test]
fn sarif_carries_the_fix_as_replacements() {
    let text = autostart_off();
    let dir = files(&[("d.json", text.as_bytes())]);
    let out = run_in(
        Some(dir.path()),
        &["check", "--format", "sarif", "d.json"],
        None,
        &[],
    );
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (schemas, index) = sarif_schema();
    if let Err(e) = schemas.validate(&log, index) {
        panic!("SARIF does not validate: {e:#}");
    }
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "HA005");
    let fix = &result["fixes"][0];
    assert_eq!(
        fix["description"]["text"],
        "set \"autostart\": true on `web-1`"
    );
    assert_eq!(fix["properties"]["safety"], "safe");
    let change = &fix["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "d.json");
    let r = &change["replacements"][0];
    assert_eq!(r["insertedContent"]["text"], "true");
    let region = &r["deletedRegion"];
    let line = region["startLine"].as_u64().unwrap() as usize;
    let (c0, c1) = (
        region["startColumn"].as_u64().unwrap() as usize,
        region["endColumn"].as_u64().unwrap() as usize,
    );
    assert_eq!(region["endLine"], region["startLine"]);
    let l: Vec<char> = text.lines().nth(line - 1).unwrap().chars().collect();
    assert_eq!(l[c0 - 1..c1 - 1].iter().collect::<String>(), "false");
}

#[test]
fn imported_inputs_are_checked_not_fixed() {
    let dir = files(&[(
        "main.tf",
        br#"resource "alicloud_instance" "web" {
  availability_zone = "cn-hangzhou-b"
  instance_type     = "ecs.g6.large"
}
"#,
    )]);
    let before = read(&dir, "main.tf");
    let out = run_in(Some(dir.path()), &["check", "--fix", "main.tf"], None, &[]);
    assert_no_panic(&out);
    assert!(
        stderr(&out).contains("fixes apply to design JSON files"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&dir, "main.tf"), before);
}

#[test]
fn unsafe_fixes_wait_for_their_flag() {
    // One web server: HA001, whose fix adds a second ECS (unsafe).
    let dir = files(&[("d.json", WARN.as_bytes())]);
    let out = run_in(Some(dir.path()), &["check", "--fix", "d.json"], None, &[]);
    assert_no_panic(&out);
    assert_eq!(read(&dir, "d.json"), WARN, "--fix applies no unsafe fix");
    let o = stdout(&out);
    assert!(o.contains("HA001"), "{o}");
    assert!(o.contains("with --unsafe-fixes"), "{o}");

    let out = run_in(
        Some(dir.path()),
        &["check", "--unsafe-fixes", "--diff", "d.json"],
        None,
        &[],
    );
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("+"), "a diff");
    assert_eq!(read(&dir, "d.json"), WARN, "--diff writes nothing");

    let out = run_in(
        Some(dir.path()),
        &["check", "--unsafe-fixes", "d.json"],
        None,
        &[],
    );
    assert_no_panic(&out);
    let fixed = read(&dir, "d.json");
    assert_ne!(fixed, WARN);
    let o = stdout(&out);
    assert!(!o.contains("HA001"), "HA001 is fixed:\n{o}\n{fixed}");
    // The result is a design that loads, and the run is idempotent.
    let again = run_in(
        Some(dir.path()),
        &["check", "--unsafe-fixes", "d.json"],
        None,
        &[],
    );
    assert_eq!(read(&dir, "d.json"), fixed);
    assert!(stdout(&again).contains("fixed 0 findings"));
}
