//! Helpers shared by the CLI tests: run the binary in a clean environment.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The management part every fixture shares: an SSL VPN, a bastion per zone, and the
/// security groups of the jump path (VPN → bastions → servers).
macro_rules! managed {
    () => {
        r#"
    { "id": "vpn", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.200.0.0/29"] },
    { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b", "security_groups": ["sg-bastion"] },
    { "id": "bastion-c", "kind": "ecs", "role": "bastion", "zone": "hz-c", "security_groups": ["sg-bastion"] } ],
  "security_groups": [
    { "id": "sg-bastion", "rules": [ { "ports": "22", "from": "vpn" } ] },
    { "id": "sg-web", "rules": [ { "ports": "22", "from": "sg:sg-bastion" } ] } ] }
"#
    };
}

/// Two web servers in two zones, managed through bastions: lints clean.
pub const CLEAN: &str = concat!(
    r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic",
                 "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },
             { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "security_groups": ["sg-web"] },"#,
    managed!()
);

/// One web server: HA001 (warning) on `web-1` at 4:14, nothing else.
pub const WARN: &str = concat!(
    r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic",
                 "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },"#,
    managed!()
);

/// Two single-instance modules: two HA001 findings, on lines 4 and 5, nothing else.
pub const TWO_WARN: &str = concat!(
    r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [
    { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },
    { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-c", "security_groups": ["sg-web"] },"#,
    managed!()
);

/// Runs `archlint` with `args`, standard input from `stdin`, and no locale or colour settings
/// from the environment of the test run.
pub fn run_in(
    dir: Option<&Path>,
    args: &[&str],
    stdin: Option<&[u8]>,
    env: &[(&str, &str)],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_archlint"));
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd.spawn().expect("the archlint binary runs");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        // A child that stops reading early closes the pipe: that is fine.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    let out = child.wait_with_output().expect("archlint finishes");
    assert_no_panic(&out);
    out
}

pub fn run(args: &[&str]) -> Output {
    run_in(None, args, None, &[])
}

pub fn run_stdin(args: &[&str], stdin: &[u8]) -> Output {
    run_in(None, args, Some(stdin), &[])
}

/// Never a panic: the status is 0, 1 or 2 and stderr has no panic message.
pub fn assert_no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "status {:?}; stderr:\n{err}",
        out.status
    );
    assert!(!err.contains("panicked"), "panic: {err}");
}

pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// A temporary directory with the given files.
pub fn files(list: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in list {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    dir
}

pub fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).to_string_lossy().into_owned()
}

/// Whether `text` has a `name:line:column: error:` message.
pub fn has_positioned_error(text: &str, name: &str) -> bool {
    text.lines().any(|l| {
        let Some(rest) = l.strip_prefix(name).and_then(|r| r.strip_prefix(':')) else {
            return false;
        };
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let col = parts.next().unwrap_or("");
        let tail = parts.next().unwrap_or("");
        !line.is_empty()
            && line.bytes().all(|b| b.is_ascii_digit())
            && !col.is_empty()
            && col.bytes().all(|b| b.is_ascii_digit())
            && tail.starts_with(" error: ")
    })
}

/// The OASIS SARIF 2.1.0 schema (shared/schemas), compiled with format assertions.
pub fn sarif_schema() -> (boon::Schemas, boon::SchemaIndex) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/schemas/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("cannot read {path}: {e} (shared/ must sit beside the checkout)")
    });
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler
        .add_resource("sarif-schema-2.1.0.json", schema)
        .unwrap();
    let idx = compiler
        .compile("sarif-schema-2.1.0.json", &mut schemas)
        .unwrap();
    (schemas, idx)
}
