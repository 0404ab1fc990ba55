//! Hostile inputs: never a panic (status never 101), always a message with line:column.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Checks `content` as a file in every format: status 2 and a positioned message.
fn refused(content: &[u8]) -> String {
    let d = files(&[("x.json", content)]);
    let p = path(&d, "x.json");
    let mut first = String::new();
    for format in ["text", "json", "sarif", "github"] {
        let out = run(&["check", "--format", format, &p]);
        assert_eq!(code(&out), 2, "{format}");
        let err = stderr(&out);
        assert!(has_positioned_error(&err, &p), "{format}: {err}");
        if format == "json" || format == "sarif" {
            let _: Value = serde_json::from_str(&stdout(&out)).expect("a valid document");
        }
        if first.is_empty() {
            first = err;
        }
    }
    first
}

#[test]
fn empty_file() {
    let err = refused(b"");
    assert!(
        err.contains(":1:1: error: invalid JSON: the file is empty"),
        "{err}"
    );
    let err = refused(b"   \n\n");
    assert!(err.contains("error: invalid JSON"), "{err}");
}

#[test]
fn binary_garbage() {
    // Deterministic pseudo-random bytes.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    refused(&bytes);
    refused(b"\0\0\0\0");
    refused(b"\x7fELF\x02\x01\x01");
}

#[test]
fn deep_nesting() {
    let deep = "[".repeat(100_000);
    let err = refused(deep.as_bytes());
    assert!(
        err.contains(":1:65: error: invalid JSON: nesting deeper than 64 levels"),
        "{err}"
    );
    let deep = format!("{{\"archlint\": 1, \"x\": {}", "{\"a\":".repeat(100_000));
    refused(deep.as_bytes());
}

#[test]
fn non_utf8() {
    let err = refused(b"{\n  \"archlint\": 1,\n  \"name\": \"caf\xE9\"\n}");
    assert!(
        err.contains(":3:15: error: the file is not UTF-8: byte 0xE9 at offset 33"),
        "{err}"
    );
    // UTF-16 (with its byte-order mark) is not UTF-8 either.
    let err = refused(b"\xFF\xFE{\0}\0");
    assert!(err.contains(":1:1: error: the file is not UTF-8"), "{err}");
    // An overlong encoding and a lone surrogate.
    refused(b"{\"a\": \"\xC0\xAF\"}");
    refused(b"{\"a\": \"\xED\xA0\x80\"}");
}

#[test]
fn byte_order_mark_is_accepted() {
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), WARN.as_bytes()].concat();
    let d = files(&[("bom.json", &with_bom)]);
    let out = run(&["check", "--format", "json", &path(&d, "bom.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let f = &doc["files"][0]["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(4), Some(14))
    );
    // A byte-order mark alone is an empty file.
    let err = refused(b"\xEF\xBB\xBF");
    assert!(err.contains("the file is empty"), "{err}");
}

#[test]
fn a_100_mb_file_is_refused_without_reading_it() {
    let d = files(&[]);
    let p = d.path().join("big.json");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(100 * 1024 * 1024).unwrap(); // sparse: instant to create
    drop(f);
    let p = p.to_string_lossy().into_owned();
    let start = Instant::now();
    let out = run(&["check", &p]);
    let took = start.elapsed();
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{p}:1:1: error: the design is 104857600 bytes; the limit is 67108864 bytes"
        )),
        "{err}"
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    // The limit can be raised, or lowered.
    let out = run(&["check", "--max-bytes", "1M", &p]);
    assert!(stderr(&out).contains("the limit is 1048576 bytes"));
}

#[test]
fn a_large_stdin_is_cut_off() {
    let big = vec![b' '; 3 * 1024 * 1024];
    let start = Instant::now();
    let out = run_stdin(&["check", "--max-bytes", "1M", "-"], &big);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out)
        .contains("<stdin>:1:1: error: standard input is larger than the limit of 1048576 bytes"));
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn ids_with_quotes_angles_newlines_and_emoji() {
    let weird = r#"we\"b</script>\n\u2028🚀,%:"#;
    let design = format!(
        r#"{{ "archlint": 1,
  "regions": [ {{ "id": "hz", "network": "classic", "zones": [ {{ "id": "hz-b" }} ] }} ],
  "nodes": [ {{ "id": "{weird}", "kind": "ecs", "zone": "hz-b" }} ] }}"#
    );
    let id = "we\"b</script>\n\u{2028}🚀,%:";
    let d = files(&[("w.json", design.as_bytes())]);
    let p = path(&d, "w.json");
    for format in ["text", "json", "sarif", "github"] {
        let out = run(&[
            "check", "--format", format, "--ignore", "BH001", "--ignore", "SG003", &p,
        ]);
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        let text = stdout(&out);
        match format {
            "json" => {
                assert!(!text.contains("</"), "`</` is escaped");
                assert!(!text.contains('\u{2028}'), "U+2028 is escaped");
                let doc: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(doc["files"][0]["findings"][0]["target"], id);
            }
            "sarif" => {
                let doc: Value = serde_json::from_str(&text).unwrap();
                let r = &doc["runs"][0]["results"][0];
                assert_eq!(r["locations"][0]["logicalLocations"][0]["name"], id);
            }
            "github" => assert_eq!(text.lines().count(), 1, "{text}"),
            _ => assert!(text.contains("🚀"), "{text}"),
        }
    }
    // Emoji before the finding count as one column each.
    let design = String::from(
        "{ \"archlint\": 1, \"name\": \"🚀🚀\",\n  \"regions\": [ { \"id\": \"hz\", \"network\": \"classic\", \"zones\": [ { \"id\": \"hz-b\" } ] } ],\n  \"nodes\": [ { \"id\": \"🚀\", \"kind\": \"ecs\", \"zone\": \"hz-b\" } ] }"
    );
    let d = files(&[("e.json", design.as_bytes())]);
    let out = run(&["check", "--format", "github", &path(&d, "e.json")]);
    assert!(stdout(&out).contains(",line=3,col=14,"), "{}", stdout(&out));
}

#[test]
fn odd_but_valid_json_never_panics() {
    for text in [
        "{}",
        "null",
        "\"archlint\"",
        r#"{"archlint": 1}"#,
        r#"{"archlint": 1.0, "regions": 5, "nodes": {}}"#,
        r#"{"archlint": 1, "nodes": [1, "x", null, {"id": 7}, {"kind": "ecs"}]}"#,
        r#"{"archlint": 1e400}"#,
        r#"{"archlint": -0, "archlint": 1}"#,
        r#"{"archlint": 1, "regions": [{"id": "hz", "zones": [{"id": "hz"}]}], "nodes": [{"id": "hz", "kind": "ecs", "zone": "hz"}]}"#,
    ] {
        let d = files(&[("o.json", text.as_bytes())]);
        let p = path(&d, "o.json");
        for format in ["text", "json", "sarif", "github"] {
            let out = run(&["check", "--format", format, &p]);
            if code(&out) == 2 {
                assert!(
                    has_positioned_error(&stderr(&out), &p),
                    "{text}: {}",
                    stderr(&out)
                );
            }
        }
    }
}

/// A closed standard output ends the run quietly: no panic, no error message.
#[test]
fn broken_pipe_is_quiet() {
    let mut nodes = Vec::new();
    for i in 0..3000 {
        nodes.push(format!(
            "{{ \"id\": \"n{i}\", \"kind\": \"ecs\", \"module\": \"m{i}\", \"zone\": \"hz-b\" }}"
        ));
    }
    let design = format!(
        "{{ \"archlint\": 1,\n  \"regions\": [ {{ \"id\": \"hz\", \"network\": \"classic\", \"zones\": [ {{ \"id\": \"hz-b\" }} ] }} ],\n  \"nodes\": [\n{} ] }}",
        nodes.join(",\n")
    );
    let d = files(&[("many.json", design.as_bytes())]);
    let p = path(&d, "many.json");
    for format in ["text", "json", "sarif", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archlint"))
            .args(["check", "--format", format, &p])
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = [0u8; 16];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut head)
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_no_panic(&out);
        assert_eq!(stderr(&out), "", "{format}");
    }
    for args in [&["rules"][..], &["explain", "HA001"], &["schema"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archlint"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_no_panic(&out);
        assert_eq!(code(&out), 0, "{args:?}");
    }
}

/// The corpus of `tests/hostile/` through the CLI: every output format is produced without a
/// panic and parses; designs the `.expect` file calls a load error exit 2 with a position.
#[test]
fn hostile_corpus_through_every_format() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/hostile");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut seen = 0;
    for path in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        seen += 1;
        let p = path.to_str().unwrap();
        let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
        for format in ["text", "json", "sarif", "github"] {
            let out = run(&["check", "--format", format, p]);
            assert_no_panic(&out);
            if expect.contains("load error") {
                assert_eq!(code(&out), 2, "{p} {format}");
                assert!(has_positioned_error(&stderr(&out), p), "{}", stderr(&out));
            } else {
                assert!(code(&out) <= 1, "{p} {format}: {}", stderr(&out));
            }
            if format == "json" || format == "sarif" {
                let doc: Value = serde_json::from_str(&stdout(&out))
                    .unwrap_or_else(|e| panic!("{p} {format}: {e}"));
                assert!(doc.is_object());
            }
            if format == "github" {
                for line in stdout(&out).lines() {
                    assert!(
                        line.starts_with("::"),
                        "one workflow command per line: {line}"
                    );
                }
            }
        }
    }
    assert!(seen >= 10);
}
