//! `archlint check`: exit statuses, the text, JSON and GitHub formats, languages.

mod common;

use archlint_core::rule::{code_block, doc_section, unindent_doc, Severity};
use archlint_core::rules;
use common::*;
use serde_json::Value;

#[test]
fn clean_design_exits_0_with_a_summary() {
    let d = files(&[("clean.json", CLEAN.as_bytes())]);
    let out = run(&["check", &path(&d, "clean.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // The counts, then what the rules could check (cli/tests/coverage.rs).
    let text = stdout(&out);
    assert!(
        text.starts_with("0 errors, 0 warnings, 0 info in 1 file\nchecked "),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2, "{text}");
    assert_eq!(stderr(&out), "");
}

#[test]
fn warnings_exit_0_unless_denied() {
    let d = files(&[("warn.json", WARN.as_bytes())]);
    let p = path(&d, "warn.json");
    let out = run(&["check", &p]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.contains("warning[HA001]: module `web` runs only on `web-1`"),
        "{text}"
    );
    assert!(text.contains(&format!("{p}:4:14")), "{text}");
    assert!(text.contains("single-instance-module"), "{text}");
    // The offending line, with a marker under it.
    assert!(
        text.contains(r#"4 │   "nodes": [ { "id": "web-1""#),
        "{text}"
    );
    assert!(text.contains("^^^^"), "{text}");
    assert!(text.contains("= help: add a second ECS"), "{text}");
    assert!(
        text.contains("0 errors, 1 warning, 0 info in 1 file\nchecked "),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );

    let out = run(&["check", "--deny", "warnings", &p]);
    assert_eq!(code(&out), 1);
    let out = run(&["check", &p, "--deny", "warnings", "--format", "json"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn colour_only_on_request_when_not_a_terminal() {
    let d = files(&[("warn.json", WARN.as_bytes())]);
    let p = path(&d, "warn.json");
    let out = run(&["check", "--color", "always", &p]);
    assert!(stdout(&out).contains("\u{1b}["));
    let out = run_in(None, &["check", &p], None, &[("NO_COLOR", "1")]);
    assert!(!stdout(&out).contains('\u{1b}'));
    // Machine formats are never coloured.
    let out = run(&["check", "--color", "always", "--format", "json", &p]);
    assert!(!stdout(&out).contains('\u{1b}'));
}

/// An error-level finding exits 1. Uses the failing example of the first error-level rule of
/// the registry (none exists while only HA001 is written: then there is nothing to check).
#[test]
fn error_findings_exit_1() {
    let Some(rule) = rules::all().find(|r| r.severity == Severity::Error) else {
        eprintln!("no error-level rule in the registry yet");
        return;
    };
    let doc = unindent_doc(rule.doc_en);
    let example = code_block(doc_section(&doc, "Failing example").unwrap()).unwrap();
    let d = files(&[("e.json", example.as_bytes())]);
    let out = run(&["check", &path(&d, "e.json")]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let out = run(&[
        "check",
        "--ignore",
        rule.code,
        "--format",
        "json",
        &path(&d, "e.json"),
    ]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = doc["files"][0]["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["rule"] != rule.code));
}

#[test]
fn load_errors_exit_2_with_a_position_on_stderr() {
    let d = files(&[("bad.json", b"{\n  \"archlint\": 1,\n  \"regions\": [\n}")]);
    let p = path(&d, "bad.json");
    let out = run(&["check", &p]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!("{p}:4:1: error: invalid JSON")),
        "{err}"
    );
    assert!(stdout(&out).contains("1 file could not be checked"));
}

#[test]
fn unsupported_version_exits_2() {
    let d = files(&[("v2.json", br#"{ "archlint": 2, "regions": [] }"#)]);
    let p = path(&d, "v2.json");
    let out = run(&["check", &p]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with(&format!("{p}:1:15: error: unsupported format version 2")));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "a.json"],
        &["check", "--lang", "fr", "a.json"],
        &["check", "--deny", "everything", "a.json"],
        &["check", "--max-bytes", "lots", "a.json"],
        &["frobnicate"],
        &[],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = run(&["--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("check"));
    let out = run(&["--version"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("archlint "));
}

#[test]
fn unknown_ignore_code_is_a_usage_error_with_a_suggestion() {
    let d = files(&[("warn.json", WARN.as_bytes())]);
    let out = run(&["check", "--ignore", "HA01", &path(&d, "warn.json")]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `HA001`?"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "check",
        "--ignore",
        "single-instance-modul",
        &path(&d, "warn.json"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("`single-instance-module`"));
}

#[test]
fn ignore_accepts_codes_and_names() {
    let d = files(&[("warn.json", WARN.as_bytes())]);
    let p = path(&d, "warn.json");
    for word in ["HA001", "ha001", "single-instance-module"] {
        let out = run(&["check", "--deny", "warnings", "--ignore", word, &p]);
        assert_eq!(code(&out), 0, "{word}");
        let text = stdout(&out);
        assert!(
            text.starts_with("0 errors, 0 warnings, 0 info in 1 file\n"),
            "{text}"
        );
        assert!(!text.contains("HA001"), "{text}");
    }
}

#[test]
fn missing_file_exits_2() {
    let d = files(&[]);
    let p = path(&d, "nope.json");
    let out = run(&["check", &p]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with(&format!("{p}: error: cannot read the file")));
    let out = run(&["check", "--format", "json", &p]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let e = &doc["files"][0]["error"];
    assert!(e["message"].as_str().unwrap().contains("cannot read"));
    assert!(e["line"].is_null() && e["column"].is_null());
}

#[test]
fn directory_exits_2() {
    let d = files(&[]);
    let out = run(&["check", &d.path().to_string_lossy()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("directory"));
}

#[test]
fn stdin_is_read_with_dash() {
    let out = run_stdin(&["check", "-"], WARN.as_bytes());
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("<stdin>:4:14"), "{}", stdout(&out));
    let out = run_stdin(
        &[
            "check",
            "-",
            "--stdin-filename",
            "ci/design.json",
            "--format",
            "github",
        ],
        WARN.as_bytes(),
    );
    assert!(stdout(&out).starts_with("::warning file=ci/design.json,line=4,col=14,"));
    let out = run_stdin(&["check", "--deny", "warnings", "-"], CLEAN.as_bytes());
    assert_eq!(code(&out), 0);
}

#[test]
fn several_files_are_checked_in_order() {
    let d = files(&[
        ("a.json", CLEAN.as_bytes()),
        ("b.json", TWO_WARN.as_bytes()),
        ("c.json", b"nope"),
    ]);
    let (a, b, c) = (path(&d, "a.json"), path(&d, "b.json"), path(&d, "c.json"));
    let out = run(&["check", &a, &b]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("0 errors, 2 warnings, 0 info in 2 files\n"));
    let out = run(&["check", "--deny", "warnings", &a, &b]);
    assert_eq!(code(&out), 1);
    // A load error wins over findings.
    let out = run(&[
        "check", "--deny", "warnings", "--format", "json", &a, &b, &c,
    ]);
    assert_eq!(code(&out), 2);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(names, [a.as_str(), b.as_str(), c.as_str()]);
    assert!(has_positioned_error(&stderr(&out), &c), "{}", stderr(&out));
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// A finding's `fix`: `{"safety": "safe"|"unsafe", "title", "edits": [{"start": {"line",
/// "column", "offset"}, "end": {…}, "text"}]}`, each position naming the same place of `source`
/// three ways (byte offset; 1-based line and column, columns in characters).
fn fix_shape(fix: &Value, source: &str) {
    assert_eq!(keys(fix), ["safety", "title", "edits"], "{fix}");
    assert!(
        matches!(fix["safety"].as_str(), Some("safe" | "unsafe")),
        "{fix}"
    );
    assert!(!fix["title"].as_str().unwrap().is_empty(), "{fix}");
    let edits = fix["edits"].as_array().unwrap();
    assert!(!edits.is_empty(), "{fix}");
    for e in edits {
        assert_eq!(keys(e), ["start", "end", "text"], "{e}");
        assert!(e["text"].is_string(), "{e}");
        let mut offsets = [0usize; 2];
        for (i, end) in ["start", "end"].iter().enumerate() {
            let p = &e[*end];
            assert_eq!(keys(p), ["line", "column", "offset"], "{e}");
            let line = p["line"].as_u64().unwrap() as usize;
            let column = p["column"].as_u64().unwrap() as usize;
            let offset = p["offset"].as_u64().unwrap() as usize;
            assert!(line >= 1 && column >= 1 && offset <= source.len(), "{e}");
            let before = &source[..offset];
            assert_eq!(before.matches('\n').count() + 1, line, "{e}");
            let line_start = before.rfind('\n').map_or(0, |n| n + 1);
            assert_eq!(before[line_start..].chars().count() + 1, column, "{e}");
            offsets[i] = offset;
        }
        assert!(offsets[0] <= offsets[1], "{e}");
    }
}

#[test]
fn json_document_shape() {
    let d = files(&[
        ("b.json", TWO_WARN.as_bytes()),
        ("bad.json", b"{\"archlint\": 1,}"),
    ]);
    let b = path(&d, "b.json");
    let out = run(&["check", "--format", "json", &b, &path(&d, "bad.json")]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(keys(&doc), ["archlint", "files"]);
    assert_eq!(doc["archlint"], 1);
    let file = &doc["files"][0];
    assert_eq!(keys(file), ["file", "findings", "summary", "coverage"]);
    assert_eq!(file["file"], b.as_str());
    assert_eq!(keys(&file["summary"]), ["error", "warning", "info"]);
    assert_eq!(file["summary"]["warning"], 2);
    assert_eq!(file["summary"]["error"], 0);
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    for f in findings {
        // The members in this order; a finding with a fix ends with `fix` (docs/spec-additions.md,
        // "Command line: fixes"). Nothing else.
        let k = keys(f);
        let base = [
            "rule", "name", "severity", "target", "pointer", "line", "column", "message", "help",
        ];
        match k.len() {
            9 => assert_eq!(k, base),
            10 => {
                assert_eq!(k[..9], base);
                assert_eq!(k[9], "fix");
                fix_shape(&f["fix"], TWO_WARN);
            }
            _ => panic!("unexpected members: {k:?}"),
        }
        assert_eq!(f["rule"], "HA001");
        assert_eq!(f["name"], "single-instance-module");
        assert_eq!(f["severity"], "warning");
        assert!(f["target"].is_string());
        assert!(f["pointer"].as_str().unwrap().starts_with("/nodes/"));
        assert!(f["line"].as_u64().unwrap() >= 1);
        assert!(f["column"].as_u64().unwrap() >= 1);
        assert!(!f["message"].as_str().unwrap().is_empty());
        assert!(!f["help"].as_str().unwrap().is_empty());
    }
    // Sorted by line, then column, then rule.
    let pos: Vec<(u64, u64)> = findings
        .iter()
        .map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(pos, [(4, 5), (5, 5)]);
    assert_eq!(findings[0]["target"], "web-1");
    assert_eq!(findings[1]["target"], "app-1");
    let bad = &doc["files"][1];
    assert_eq!(keys(bad), ["file", "error", "findings", "summary"]);
    assert_eq!(keys(&bad["error"]), ["message", "line", "column"]);
    assert_eq!(bad["error"]["line"], 1);
    assert_eq!(bad["error"]["column"], 16);
    assert_eq!(bad["findings"].as_array().unwrap().len(), 0);

    // Byte-identical across runs.
    let again = run(&["check", "--format", "json", &b, &path(&d, "bad.json")]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn json_in_chinese() {
    let out = run_stdin(
        &["check", "--format", "json", "--lang", "zh", "-"],
        WARN.as_bytes(),
    );
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = &doc["files"][0]["findings"][0];
    assert_eq!(f["severity"], "warning", "severity stays a stable key");
    assert!(f["message"].as_str().unwrap().contains("单点故障"));
    assert!(f["help"].as_str().unwrap().contains("可用区"));
}

#[test]
fn lang_zh_gives_chinese_text() {
    let d = files(&[("warn.json", WARN.as_bytes())]);
    let p = path(&d, "warn.json");
    let out = run(&["check", "--lang", "zh", &p]);
    let text = stdout(&out);
    assert!(
        text.contains("警告[HA001]: 模块 `web` 只部署在 `web-1`"),
        "{text}"
    );
    assert!(text.contains("= 建议："), "{text}");
    assert!(
        text.contains("0 个错误，1 个警告，0 个提示，共 1 个文件\n已检查 "),
        "{text}"
    );
    // From the environment: LC_ALL, then LC_MESSAGES, then LANG.
    let out = run_in(None, &["check", &p], None, &[("LANG", "zh_CN.UTF-8")]);
    assert!(stdout(&out).contains("警告[HA001]"));
    let out = run_in(
        None,
        &["check", &p],
        None,
        &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")],
    );
    assert!(stdout(&out).contains("warning[HA001]"));
    let out = run_in(
        None,
        &["check", &p],
        None,
        &[("LC_MESSAGES", "zh_TW"), ("LANG", "en_US")],
    );
    assert!(stdout(&out).contains("警告[HA001]"));
    let out = run_in(None, &["check", &p], None, &[("LANG", "fr_FR.UTF-8")]);
    assert!(stdout(&out).contains("warning[HA001]"));
    // The flag wins over the environment.
    let out = run_in(
        None,
        &["check", "--lang", "en", &p],
        None,
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert!(stdout(&out).contains("warning[HA001]"));
    // Load errors too.
    let out = run_stdin(&["check", "--lang", "zh", "-"], b"");
    assert!(
        stderr(&out).contains("<stdin>:1:1：错误：JSON 无效：文件为空"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn github_format_and_escaping() {
    // An id with a newline, a colon, a comma and a percent sign; a file name with them too.
    let design = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
  "nodes": [ { "id": "w\neb:1,50%", "kind": "ecs", "zone": "hz-b" } ] }"#;
    let d = files(&[("a,b:c%.json", design.as_bytes()), ("bad.json", b"[")]);
    let p = path(&d, "a,b:c%.json");
    // Only HA001 matters here; the design lacks bastions and groups on purpose.
    let out = run(&[
        "check",
        "--format",
        "github",
        "--ignore",
        "BH001",
        "--ignore",
        "SG003",
        &p,
        &path(&d, "bad.json"),
    ]);
    assert_eq!(code(&out), 2);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one command per line: {text}");
    let file = p
        .replace('%', "%25")
        .replace(':', "%3A")
        .replace(',', "%2C");
    let expected = format!(
        "::warning file={file},line=3,col=14,title=HA001 single-instance-module::module `w%0Aeb:1,50%25` runs only on `w%0Aeb:1,50%25`: that ECS is a single point of failure%0Ahelp: "
    );
    assert!(lines[0].starts_with(&expected), "{}\n{expected}", lines[0]);
    let bad = path(&d, "bad.json").replace(':', "%3A");
    assert!(
        lines[1].starts_with(&format!(
            "::error file={bad},line=1,col=2,title=archlint::invalid JSON"
        )),
        "{}",
        lines[1]
    );
}

#[test]
fn limits_come_from_the_flags() {
    let d = files(&[("b.json", TWO_WARN.as_bytes())]);
    let p = path(&d, "b.json");
    let out = run(&["check", "--max-nodes", "1", &p]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("the design has 5 nodes; the limit is 1"),
        "{}",
        stderr(&out)
    );
    assert!(has_positioned_error(&stderr(&out), &p));
    let out = run(&["check", "--max-bytes", "100", &p]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("the limit is 100 bytes"),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", "--max-bytes", "1k", &p]);
    assert_eq!(code(&out), 0);
    let out = run_stdin(&["check", "--max-bytes", "100", "-"], TWO_WARN.as_bytes());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("standard input is larger than the limit of 100 bytes"));
}

/// Every error on standard error has one form: `PLACE: error: MESSAGE`, in Chinese
/// `PLACE：错误：MESSAGE`, where PLACE is `archlint`, a file, `file:line:column`, or
/// `archlint: --flag` / a variable.
#[test]
fn every_error_line_has_the_same_prefix_in_both_languages() {
    let d = files(&[
        ("w.json", WARN.as_bytes()),
        ("bad.json", b"{ \"archlint\": 1,\n  nope }"),
        ("base.json", b"[]"),
        ("cfg.toml", b"selct = []\n"),
    ]);
    let p = |n: &str| path(&d, n);
    let under_a_file = |n: &str| format!("{}/{n}", p("w.json"));
    type Case<'a> = (Vec<String>, Option<&'a [u8]>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (vec!["check".into(), p("bad.json")], None, vec![]),
        (vec!["check".into(), p("none.json")], None, vec![]),
        (
            vec![
                "check".into(),
                "--baseline".into(),
                p("none.json"),
                p("w.json"),
            ],
            None,
            vec![],
        ),
        (
            vec![
                "check".into(),
                "--baseline".into(),
                p("base.json"),
                p("w.json"),
            ],
            None,
            vec![],
        ),
        (
            vec![
                "check".into(),
                "--config".into(),
                p("cfg.toml"),
                p("w.json"),
            ],
            None,
            vec![],
        ),
        (
            vec!["config".into(), "--config".into(), p("cfg.toml")],
            None,
            vec![],
        ),
        (
            vec!["check".into(), "--select".into(), "QQ".into(), p("w.json")],
            None,
            vec![],
        ),
        (vec!["explain".into(), "QQ".into()], None, vec![]),
        (
            vec!["check".into(), "--fix".into(), "-".into()],
            Some(WARN.as_bytes()),
            vec![],
        ),
        (
            vec!["check".into(), p("w.json")],
            None,
            vec![("ARCHLINT_TODAY", "soon")],
        ),
        (
            vec![
                "check".into(),
                "--write-baseline".into(),
                under_a_file("b.json"),
                p("w.json"),
            ],
            None,
            vec![],
        ),
        (
            vec![
                "render".into(),
                p("w.json"),
                "-o".into(),
                under_a_file("w.svg"),
            ],
            None,
            vec![],
        ),
        (
            vec!["man".into(), "--dir".into(), under_a_file("man")],
            None,
            vec![],
        ),
    ];
    for (args, stdin, env) in &cases {
        for (lang, good, bad) in [
            ("en", ": error: ", ["：", "错误"]),
            ("zh", "：错误：", [": error", ": 错误"]),
        ] {
            let mut a: Vec<&str> = vec!["--lang", lang];
            a.extend(args.iter().map(String::as_str));
            let out = run_in(None, &a, *stdin, env);
            assert_eq!(code(&out), 2, "{a:?}: {}", stderr(&out));
            let err = stderr(&out);
            let lines: Vec<&str> = err.lines().collect();
            assert!(!lines.is_empty(), "{a:?}: no error");
            for l in lines {
                let (place, _) = l
                    .split_once(good)
                    .unwrap_or_else(|| panic!("{a:?}: not `PLACE{good}MESSAGE`: {l}"));
                assert!(!place.is_empty(), "{a:?}: {l}");
                assert!(!bad.iter().any(|b| place.contains(b)), "{a:?}: {l}");
                if lang == "zh" {
                    assert!(!place.contains("error"), "{a:?}: {l}");
                }
            }
        }
    }
}
