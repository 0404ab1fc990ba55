//! `archlint lsp`: a scripted LSP client drives the built binary over pipes with
//! Content-Length framing — the life cycle, diagnostics with ranges, hover, code actions whose
//! edits are applied and re-linted, completion, Terraform directories with unsaved buffers, and
//! a client that misbehaves (garbage, a huge document, messages out of order, floods of
//! changes).

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages received and not yet taken by a wait.
    pending: VecDeque<Value>,
    next_id: i64,
}

/// Reads framed messages from the server until its output ends.
fn read_frames(out: impl Read, tx: mpsc::Sender<Value>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len: Option<usize> = None;
        loop {
            let mut line = String::new();
            match r.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            assert!(line.ends_with("\r\n"), "header line without CRLF: {line:?}");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = Some(v.parse().expect("a length"));
            }
        }
        let mut body = vec![0; len.expect("a Content-Length header")];
        if r.read_exact(&mut body).is_err() {
            return;
        }
        let v: Value = serde_json::from_slice(&body).expect("the server sends JSON");
        assert_eq!(v["jsonrpc"], "2.0", "{v}");
        if tx.send(v).is_err() {
            return;
        }
    }
}

impl Client {
    fn start() -> Client {
        Client::start_in(None)
    }

    fn start_in(dir: Option<&Path>) -> Client {
        // ARCHLINT_LSP_BIN: another build to drive (the timing test on a release build).
        let bin = std::env::var_os("ARCHLINT_LSP_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_archlint").into());
        let mut cmd = Command::new(bin);
        cmd.arg("lsp")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(d) = dir {
            cmd.current_dir(d);
        }
        let mut child = cmd.spawn().expect("archlint lsp starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || read_frames(stdout, tx));
        Client {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            next_id: 1,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let w = self.stdin.as_mut().expect("stdin open");
        w.write_all(bytes).expect("the server reads");
        w.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        let body = v.to_string();
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body.as_bytes());
        self.send_raw(&frame);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id.
    fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// A request's whole response message.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The result of a request that must succeed.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    fn try_wait_for(&mut self, pred: impl Fn(&Value) -> bool, limit: Duration) -> Option<Value> {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i);
        }
        let end = Instant::now() + limit;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if pred(&m) => return Some(m),
                Ok(m) => self.pending.push_back(m),
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            }
        }
    }

    fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        match self.try_wait_for(pred, WAIT) {
            Some(m) => m,
            None => panic!("no such message; received: {:#?}", self.pending),
        }
    }

    /// Every diagnostic published for `uri` at document version `version`.
    fn published(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && (version.is_none() || m["params"]["version"] == json!(version))
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The diagnostics of the findings and errors published for `uri` at document version
    /// `version`: all but the coverage diagnostic (`coverage_is_an_information_diagnostic`).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let mut d = self.published(uri, version);
        d.retain(|d| d["code"] != "coverage");
        d
    }

    fn initialize(&mut self, options: Value) -> Value {
        let r = self.call(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": {},
                    "initializationOptions": options }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
    }

    fn exit_status(&mut self) -> ExitStatus {
        let end = Instant::now() + WAIT;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                if let Some(mut e) = self.child.stderr.take() {
                    let _ = e.read_to_string(&mut err);
                }
                assert!(!err.contains("panicked"), "the server panicked: {err}");
                return s;
            }
            assert!(Instant::now() < end, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// shutdown, exit: the server ends with status 0.
    fn finish(mut self) {
        assert_eq!(self.call("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        assert_eq!(self.exit_status().code(), Some(0));
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The byte offset of an LSP position (UTF-16 columns).
fn offset(text: &str, pos: &Value) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let ch = pos["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= ch || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

fn position(text: &str, off: usize) -> Value {
    let before = &text[..off];
    let line = before.matches('\n').count();
    let col: usize = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .map(char::len_utf16)
        .sum();
    json!({ "line": line, "character": col })
}

/// Applies a list of LSP text edits (non-overlapping) to a text.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (s, e, t) in spans {
        out.replace_range(s..e, &t);
    }
    out
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("-").to_string())
        .collect()
}

/// The rule codes `archlint check` reports on a text.
fn check_codes(text: &str) -> Vec<String> {
    let out = common::run_stdin(&["check", "--format", "json", "-"], text.as_bytes());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check --format json");
    doc["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_none())
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

const URI: &str = "file:///nowhere/design.json";

#[test]
fn diagnostics_hover_waiver_completion_and_shutdown() {
    let mut c = Client::start();
    let init = c.initialize(json!({ "lang": "en" }));
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["completionProvider"].is_object());
    assert!(caps["codeActionProvider"].is_object());
    assert_eq!(init["serverInfo"]["name"], "archlint");

    // didOpen → HA001 on web-1, its range the node object (one line: the whole of it).
    let text = common::WARN;
    c.open(URI, "json", text);
    let diags = c.diagnostics(URI, Some(1));
    assert_eq!(codes(&diags), ["HA001"], "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["severity"], 2, "a warning");
    assert_eq!(d["source"], "archlint");
    let node_start = text.find(r#"{ "id": "web-1""#).unwrap();
    let node_end = node_start + text[node_start..].find('}').unwrap() + 1;
    assert_eq!(d["range"]["start"], position(text, node_start));
    assert_eq!(d["range"]["start"], json!({ "line": 3, "character": 13 }));
    assert_eq!(d["range"]["end"], position(text, node_end));
    assert!(d["message"].as_str().unwrap().contains("web-1"));
    assert_eq!(d["data"]["target"], "web-1");

    // Hover on the finding: the rule's documentation.
    let h = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 3, "character": 20 } }),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(md.starts_with("# HA001 single-instance-module"), "{md}");
    assert!(md.contains("## What it checks"), "{md}");
    // Hover on a field name (outside any finding): its schema description.
    let at = text.find("\"client_ips\"").unwrap() + 3;
    let h = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": position(text, at) }),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("client address pool"),
        "{h}"
    );

    // Code action: waive HA001 for web-1; the edit applied gives valid JSON that lints clean.
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": d["range"],
                "context": { "diagnostics": [d] } }),
    );
    let waive = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Waive HA001 for web-1")
        .unwrap_or_else(|| panic!("no waiver action: {actions:#}"))
        .clone();
    assert_eq!(waive["kind"], "quickfix");
    let edits = waive["edit"]["changes"][URI].as_array().unwrap().clone();
    let waived = apply_edits(text, &edits);
    let v: Value = serde_json::from_str(&waived).expect("the waived design is JSON");
    let entry = v["ignore"].as_array().unwrap().last().unwrap();
    assert_eq!(entry["rule"], "HA001");
    assert_eq!(entry["target"], "web-1");
    assert!(entry["reason"].as_str().unwrap().starts_with("TODO"));
    assert_eq!(check_codes(text), ["HA001"]);
    assert!(check_codes(&waived).is_empty(), "{waived}");

    // didChange (incremental: the edit itself) → the server's diagnostics are updated.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": edits.iter().map(|e| json!({ "range": e["range"], "text": e["newText"] })).collect::<Vec<_>>() }),
    );
    assert!(c.diagnostics(URI, Some(2)).is_empty());
    // A full-text change that breaks the JSON: one error at the place.
    let broken = waived.replacen("\"kind\": \"ecs\"", "\"kind\" \"ecs\"", 1);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 3 }, "contentChanges": [ { "text": broken } ] }),
    );
    let diags = c.diagnostics(URI, Some(3));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["severity"], 1);
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("invalid JSON"));
    let at = position(&broken, broken.find("\"kind\" \"ecs\"").unwrap() + 7);
    assert_eq!(diags[0]["range"]["start"], at);

    // Completion: a zone id in a node's `zone`, node fields by kind, enum values.
    let typed = waived.replacen(
        r#""zone": "hz-b", "security_groups": ["sg-web"] }"#,
        r#""zone": "", "security_groups": ["sg-web"] }"#,
        1,
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 4 }, "contentChanges": [ { "text": typed } ] }),
    );
    let cursor = typed.find(r#""zone": """#).unwrap() + 9;
    let items = c.call(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": position(&typed, cursor) }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["hz-b", "hz-c"]);
    let cursor = typed.find(r#"{ "id": "vpn", "#).unwrap() + 15;
    let items = c.call(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": position(&typed, cursor) }),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"client_ips") || labels.contains(&"peer"),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"cpu"),
        "an ECS field offered on a VPN: {labels:?}"
    );
    // Inserted with quotes and a colon where none was typed.
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "peer")
        .unwrap();
    assert_eq!(item["textEdit"]["newText"], "\"peer\": ");

    // Requests after shutdown are refused; exit ends the server with status 0.
    assert_eq!(c.call("shutdown", Value::Null), Value::Null);
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_status().code(), Some(0));
}

#[test]
fn fix_actions_apply_the_rules_fixes() {
    let mut c = Client::start();
    c.initialize(json!({}));
    // `modul`: DF006 (unknown field) with a rename fix.
    let text = common::CLEAN.replacen("\"module\": \"web\"", "\"modul\": \"web\"", 1);
    c.open(URI, "json", &text);
    let diags = c.diagnostics(URI, Some(1));
    let d = diags
        .iter()
        .find(|d| d["code"] == "DF006")
        .unwrap_or_else(|| panic!("{diags:#?}"))
        .clone();
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": URI }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Fix: "))
        .unwrap_or_else(|| panic!("no fix: {actions:#}"))
        .clone();
    assert!(fix["title"].as_str().unwrap().contains("module"), "{fix}");
    let fixed = apply_edits(&text, fix["edit"]["changes"][URI].as_array().unwrap());
    assert!(check_codes(&text).contains(&"DF006".to_string()));
    assert!(
        !check_codes(&fixed).contains(&"DF006".to_string()),
        "{fixed}"
    );
    // After an edit the fix (computed on the old text) is no longer offered until re-linted.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 },
                "contentChanges": [ { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": " " } ] }),
    );
    c.diagnostics(URI, Some(2));
    c.finish();
}

#[test]
fn garbage_unknown_methods_and_early_requests_get_errors_not_an_exit() {
    let mut c = Client::start();
    // A request before initialize: ServerNotInitialized.
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    // Garbage: lines that are not headers, a bad length, a body that is not JSON, an array,
    // a message that is neither request nor notification, a header line of 1 MB.
    c.send_raw(b"hello there\r\nthis is not LSP\n\n");
    c.send_raw(b"Content-Length: many\r\n\r\n");
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    c.send_raw(b"Content-Length: 5\r\n\r\n[1,2]");
    c.send_raw(b"Content-Length: 20\r\n\r\n{\"id\":7,\"method\":12}");
    c.send_raw(&[b'x'; 1 << 20]);
    c.send_raw(b"\r\n\xff\xfe\x00binary\r\n");
    let errors: Vec<Value> = (0..5)
        .map(|_| c.wait_for(|m| m.get("error").is_some() && m["id"] != json!(1)))
        .collect();
    let got: Vec<(i64, Value)> = errors
        .iter()
        .map(|e| (e["error"]["code"].as_i64().unwrap(), e["id"].clone()))
        .collect();
    assert!(got.contains(&(-32700, Value::Null)), "{got:?}");
    assert!(got.contains(&(-32600, json!(7))), "{got:?}");
    assert!(got.contains(&(-32600, Value::Null)), "{got:?}");
    // Still alive: initialize works, an unknown method is MethodNotFound, bad params
    // InvalidParams, an unknown notification nothing.
    c.initialize(json!({ "lang": "zh" }));
    let r = c.request("archlint/whatever", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    assert!(
        r["error"]["message"].as_str().unwrap().contains("未知方法"),
        "{r}"
    );
    let r = c.request("textDocument/hover", json!({ "textDocument": 5 }));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    c.notify("archlint/unknownNotification", json!({ "x": 1 }));
    let r = c.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(r["error"]["code"], -32600, "a second initialize: {r}");
    // Messages in Chinese with lang = zh.
    c.open(URI, "json", common::WARN);
    let diags = c.diagnostics(URI, Some(1));
    assert!(
        diags[0]["message"].as_str().unwrap().contains("单点"),
        "{diags:#?}"
    );
    // The editor's setting changes: the findings again, in English; a change that does not
    // name the language keeps it.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "archlint": { "lang": "en", "path": "archlint" } } }),
    );
    let diags = c.diagnostics(URI, Some(1));
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("single point of failure"),
        "{diags:#?}"
    );
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    let diags = c.diagnostics(URI, Some(1));
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("single point of failure"),
        "{diags:#?}"
    );
    c.finish();
}

#[test]
fn a_64_mib_document_gives_one_diagnostic_and_the_server_goes_on() {
    let mut c = Client::start();
    c.initialize(json!({}));
    // Valid JSON, just over the 64 MiB limit.
    let mut text = String::from("{ \"archlint\": 1, \"name\": \"");
    text.push_str(&"x".repeat(64 * 1024 * 1024));
    text.push_str("\" }");
    let started = Instant::now();
    c.open(URI, "json", &text);
    let sent = started.elapsed();
    let diags = c.diagnostics(URI, Some(1));
    let took = started.elapsed();
    eprintln!("64 MiB didOpen: sent in {sent:?}, its diagnostic after {took:?}");
    assert_eq!(diags.len(), 1, "{:?}", codes(&diags));
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("the limit is 67108864 bytes"), "{msg}");
    assert!(took < Duration::from_secs(120), "{took:?}");
    // Requests on it answer at once (nothing is done with an oversized text).
    let h = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 3 } }),
    );
    assert_eq!(h, Value::Null);
    // A body over the transport's limit is skipped and answered with an error.
    c.send_raw(b"Content-Length: 400000000\r\n\r\n");
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..381 {
        c.send_raw(&chunk);
    }
    c.send_raw(&vec![b' '; 400_000_000 - 381 * (1 << 20)]);
    let e = c.wait_for(|m| m.get("error").is_some());
    assert_eq!(e["error"]["code"], -32600, "{e}");
    // Replaced by a small design: its findings.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 2 }, "contentChanges": [ { "text": common::WARN } ] }),
    );
    assert_eq!(codes(&c.diagnostics(URI, Some(2))), ["HA001"]);
    c.finish();
}

#[test]
fn messages_out_of_order() {
    let mut c = Client::start();
    // Notifications before initialize are dropped (no diagnostics for this open).
    c.open("file:///early.json", "json", common::WARN);
    c.initialize(json!({}));
    // didChange before didOpen with the whole text: taken as the document.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 5 }, "contentChanges": [ { "text": common::WARN } ] }),
    );
    assert_eq!(codes(&c.diagnostics(URI, Some(5))), ["HA001"]);
    // An incremental change to an unknown document, a stale version, a close of something
    // never opened, a response nobody asked for: ignored.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": "file:///other.json", "version": 2 },
                "contentChanges": [ { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 1 } }, "text": "x" } ] }),
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 4 }, "contentChanges": [ { "text": "{" } ] }),
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": "file:///never.json" } }),
    );
    c.send(&json!({ "jsonrpc": "2.0", "id": 99, "result": null }));
    // The stale change was not applied: the document still has HA001 for hover.
    let h = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 3, "character": 20 } }),
    );
    assert!(
        h["contents"]["value"].as_str().unwrap().contains("HA001"),
        "{h}"
    );
    // Version 6 after 5 applies; didClose clears the diagnostics.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 6 }, "contentChanges": [ { "text": common::CLEAN } ] }),
    );
    assert!(c.diagnostics(URI, Some(6)).is_empty());
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": URI, "version": 7 }, "contentChanges": [ { "text": common::WARN } ] }),
    );
    assert_eq!(codes(&c.diagnostics(URI, Some(7))), ["HA001"]);
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    assert!(c.published(URI, None).is_empty());
    assert!(
        c.try_wait_for(
            |m| m["params"]["uri"] == "file:///early.json",
            Duration::from_millis(300)
        )
        .is_none(),
        "a didOpen before initialize was linted"
    );
    // exit without shutdown: status 1.
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_status().code(), Some(1));
}

#[test]
fn changes_during_a_lint_only_the_latest_is_linted() {
    let mut c = Client::start();
    c.initialize(json!({}));
    // A design big enough that a lint takes a while in a debug build.
    let big = archlint_core_design(3000);
    c.open(URI, "json", &big);
    // 40 changes while that lint runs, each a whole text; the last has HA001.
    for v in 2..=41 {
        let t = if v == 41 { common::WARN } else { common::CLEAN };
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": v }, "contentChanges": [ { "text": t } ] }),
        );
    }
    // A request is answered before the lints are done.
    let started = Instant::now();
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(r.get("error").is_none());
    let answered = started.elapsed();
    assert_eq!(codes(&c.diagnostics(URI, Some(41))), ["HA001"]);
    let published: Vec<Value> = c
        .pending
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .cloned()
        .collect();
    // At most the first version and the last; none of the 39 in between.
    let versions: Vec<i64> = published
        .iter()
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.iter().all(|v| *v == 1), "{versions:?}");
    assert!(answered < Duration::from_secs(5), "{answered:?}");
    c.finish();
}

/// A generated design of `n` nodes (the benchmarks' generator).
fn archlint_core_design(n: usize) -> String {
    archlint_core::gen::design(n, 1)
}

#[test]
fn didchange_to_diagnostics_time_on_300_nodes() {
    let mut c = Client::start();
    c.initialize(json!({}));
    let text = archlint_core_design(300);
    c.open(URI, "json", &text);
    c.diagnostics(URI, Some(1));
    let mut times = Vec::new();
    for v in 2..=11 {
        // One character changed in a label, as typing does.
        let t = text.replacen(
            "\"archlint\": 1",
            &format!("\"archlint\": 1, \"name\": \"v{v}\""),
            1,
        );
        let started = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": v }, "contentChanges": [ { "text": t } ] }),
        );
        c.diagnostics(URI, Some(v));
        times.push(started.elapsed());
    }
    times.sort();
    eprintln!(
        "didChange → publishDiagnostics, 300 nodes ({} bytes): median {:?}, max {:?} (includes the 30 ms debounce)",
        text.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );
    assert!(times[times.len() / 2] < Duration::from_secs(10));
    c.finish();
}

/// `one_zone/main.tf` copied to a temporary directory: SG001 (SSH open to the internet) at
/// the rule's block, HA001 at the instance's.
#[test]
fn terraform_findings_point_into_tf_files_and_buffers_override_disk() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/one_zone/main.tf");
    let main = std::fs::read_to_string(src).unwrap();
    let path = dir.path().join("main.tf");
    std::fs::write(&path, &main).unwrap();
    let uri = format!("file://{}", path.display());
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({}));
    c.open(&uri, "terraform", &main);
    let diags = c.diagnostics(&uri, Some(1));
    let mut got: Vec<(String, u64)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    // Lines 21 and 29 (1-based) of main.tf: the rule block and the instance block.
    assert!(got.contains(&("SG001".into(), 20)), "{got:?}");
    assert!(got.contains(&("HA001".into(), 28)), "{got:?}");
    let ha = diags.iter().find(|d| d["code"] == "HA001").unwrap();
    assert_eq!(ha["range"]["start"]["character"], 0);
    assert_eq!(
        ha["range"]["end"]["character"].as_u64().unwrap() as usize,
        "resource \"alicloud_instance\" \"web\" {"
            .encode_utf16()
            .count()
    );
    // An unsaved change (SSH from a private range only): SG001 goes, from the buffer, while
    // the file on disk still has 0.0.0.0/0.
    let edited = main.replace(
        "cidr_ip           = \"0.0.0.0/0\"",
        "cidr_ip           = \"10.0.0.0/8\"",
    );
    assert_ne!(edited, main);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [ { "text": edited } ] }),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert!(!codes(&diags).contains(&"SG001".to_string()), "{diags:#?}");
    assert!(codes(&diags).contains(&"HA001".to_string()));
    // A second, unsaved file of the directory joins the configuration: its syntax error is
    // reported in it.
    let extra_uri = format!("file://{}", dir.path().join("extra.tf").display());
    c.open(
        &extra_uri,
        "terraform",
        "resource \"alicloud_instance\" \"broken\" {\n  instance_type = \n}\n",
    );
    let diags = c.diagnostics(&extra_uri, Some(1));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(diags[0]["range"]["start"]["line"], 1, "{diags:#?}");
    // No waiver action without an overlay to write it to.
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": ha["range"], "context": { "diagnostics": [ha] } }),
    );
    assert_eq!(actions, json!([]));
    c.finish();
}

/// The project configuration of the file: rule selection and language from `archlint.toml`,
/// a waiver of an imported finding written into it (no overlay), a broken configuration
/// reported with its position.
#[test]
fn project_configuration_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/one_zone/main.tf");
    let main = std::fs::read_to_string(src).unwrap();
    let path = dir.path().join("main.tf");
    std::fs::write(&path, &main).unwrap();
    let toml_path = dir.path().join("archlint.toml");
    let toml = "lang = \"zh\"\nselect = [\"HA\"]\n";
    std::fs::write(&toml_path, toml).unwrap();
    let uri = format!("file://{}", path.display());
    let toml_uri = format!("file://{}", toml_path.display());
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({}));
    c.open(&uri, "terraform", &main);
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(codes(&diags), ["HA001"], "{diags:#?}");
    let ha = diags[0].clone();
    assert!(ha["message"].as_str().unwrap().contains("单点"), "{ha}");
    // Waive it: the waiver goes into archlint.toml.
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": ha["range"], "context": { "diagnostics": [ha] } }),
    );
    let a = &actions[0];
    assert!(
        a["title"].as_str().unwrap().starts_with("豁免 HA001"),
        "{actions:#}"
    );
    let edits = a["edit"]["changes"][&toml_uri].as_array().unwrap();
    let waived = apply_edits(toml, edits);
    assert!(
        waived.starts_with(toml) && waived.contains("[[waiver]]\nrule = \"HA001\"\ntarget = "),
        "{waived}"
    );
    std::fs::write(&toml_path, &waived).unwrap();
    // Saving the configuration re-lints the open files: HA001 is waived now.
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": toml_uri } }),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert!(diags.is_empty(), "{diags:#?}");
    // A configuration with an unknown key: one error on the file, naming the key's position.
    std::fs::write(&toml_path, "lang = \"en\"\nnot-a-key = 1\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": toml_uri } }),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("archlint.toml:2:1"), "{msg}");
    // A design in the same directory follows the same configuration (HA001 ignored).
    std::fs::write(&toml_path, "ignore = [\"HA001\"]\n").unwrap();
    let design = dir.path().join("design.json");
    let design_uri = format!("file://{}", design.display());
    c.open(&design_uri, "json", common::TWO_WARN);
    assert!(c.diagnostics(&design_uri, Some(1)).is_empty());
    c.finish();
}

/// A ROS template (YAML): its findings at the lines of its resources, from the buffer.
#[test]
fn ros_template_findings() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ros/stack.yaml");
    let yaml = std::fs::read_to_string(src).unwrap();
    let uri = "file:///nowhere/stack.yaml";
    let mut c = Client::start();
    c.initialize(json!({}));
    c.open(uri, "yaml", &yaml);
    let diags = c.diagnostics(uri, Some(1));
    let ha = diags
        .iter()
        .find(|d| d["code"] == "HA001")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    // `Web:` at 27:3.
    assert_eq!(ha["range"]["start"], json!({ "line": 26, "character": 2 }));
    assert_eq!(ha["range"]["end"], json!({ "line": 26, "character": 6 }));
    // A YAML file that is no ROS template gets nothing (an empty publish at most).
    c.open("file:///nowhere/other.yaml", "yaml", "a: 1\n");
    assert!(c
        .try_wait_for(
            |m| m["params"]["uri"] == "file:///nowhere/other.yaml"
                && !m["params"]["diagnostics"].as_array().unwrap().is_empty(),
            Duration::from_millis(300)
        )
        .is_none());
    c.finish();
}

/// Positions in UTF-8 bytes when the client offers them, in UTF-16 units otherwise.
#[test]
fn position_encodings() {
    // A label with CJK characters (3 bytes, 1 UTF-16 unit each) and an astral one (4 bytes,
    // 2 units) before the finding on its line.
    let text = common::WARN.replacen(
        r#"{ "id": "web-1", "#,
        r#"{ "label": "网站𝄞", "id": "web-1", "#,
        1,
    );
    for (offer, unit_len) in [(json!(["utf-8", "utf-16"]), 10), (json!(["utf-16"]), 4)] {
        let mut c = Client::start();
        let init = c.call(
            "initialize",
            json!({ "capabilities": { "general": { "positionEncodings": offer } } }),
        );
        let enc = init["capabilities"]["positionEncoding"].clone();
        c.notify("initialized", json!({}));
        c.open(URI, "json", &text);
        let diags = c.diagnostics(URI, Some(1));
        let d = diags.iter().find(|d| d["code"] == "HA001").unwrap();
        let line = text.lines().nth(3).unwrap();
        let node_end = line.find('}').unwrap() + 1;
        // The end of the node: its byte column less what the label's characters save.
        let expected = node_end - (10 - unit_len);
        assert_eq!(
            d["range"]["end"],
            json!({ "line": 3, "character": expected }),
            "{enc}"
        );
        c.finish();
    }
}

/// A Terraform configuration whose project configuration names an overlay: the waiver of an
/// imported finding is written into the overlay's `ignore` array.
#[test]
fn terraform_waiver_goes_into_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/one_zone/main.tf");
    let main = std::fs::read_to_string(src).unwrap();
    let path = dir.path().join("main.tf");
    std::fs::write(&path, &main).unwrap();
    std::fs::write(
        dir.path().join("archlint.toml"),
        "[import]\noverlay = \"facts.json\"\n",
    )
    .unwrap();
    let overlay = dir.path().join("facts.json");
    let facts = "{\n  \"archlint\": 1\n}\n";
    std::fs::write(&overlay, facts).unwrap();
    let uri = format!("file://{}", path.display());
    let overlay_uri = format!("file://{}", overlay.display());
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({ "lang": "en" }));
    c.open(&uri, "terraform", &main);
    let diags = c.diagnostics(&uri, Some(1));
    let ha = diags
        .iter()
        .find(|d| d["code"] == "HA001")
        .unwrap_or_else(|| panic!("{diags:#?}"))
        .clone();
    let target = ha["data"]["target"].as_str().unwrap().to_string();
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": ha["range"], "context": { "diagnostics": [ha] } }),
    );
    let a = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == format!("Waive HA001 for {target} (in facts.json)"))
        .unwrap_or_else(|| panic!("{actions:#}"));
    let edited = apply_edits(
        facts,
        a["edit"]["changes"][&overlay_uri].as_array().unwrap(),
    );
    let v: Value = serde_json::from_str(&edited).expect("the overlay stays JSON");
    assert_eq!(v["ignore"][0]["target"], json!(target));
    // The overlay open in the editor with the waiver, not saved: its buffer counts at the
    // next lint of the configuration.
    c.open(&overlay_uri, "json", &edited);
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [ { "text": main } ] }),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert!(!codes(&diags).contains(&"HA001".to_string()), "{diags:#?}");
    c.finish();
}

/// A local module that two configurations call: its file gets the findings of both (the
/// union of what each configuration reports into it); closing one configuration leaves the
/// other's.
#[test]
fn a_module_shared_by_two_configurations_gets_both_findings() {
    let dir = tempfile::tempdir().unwrap();
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/modules");
    let root = std::fs::read_to_string(fx.join("main.tf"))
        .unwrap()
        .replace("./modules/app", "../modules/app");
    let module = std::fs::read_to_string(fx.join("modules/app/main.tf")).unwrap();
    std::fs::create_dir_all(dir.path().join("modules/app")).unwrap();
    std::fs::write(dir.path().join("modules/app/main.tf"), &module).unwrap();
    let mut uris = Vec::new();
    for name in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        let p = dir.path().join(name).join("main.tf");
        std::fs::write(&p, &root).unwrap();
        uris.push(format!("file://{}", p.display()));
    }
    let module_uri = format!(
        "file://{}",
        dir.path().join("modules/app/main.tf").display()
    );
    let sg001 = |m: &Value| -> usize {
        m["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "SG001")
            .count()
    };
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({}));
    c.open(&uris[0], "terraform", &root);
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == module_uri.as_str()
    });
    assert_eq!(sg001(&m), 1, "{m:#}");
    c.open(&uris[1], "terraform", &root);
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == module_uri.as_str()
    });
    assert_eq!(sg001(&m), 2, "both configurations' findings: {m:#}");
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uris[1] } }),
    );
    let m = c.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == module_uri.as_str()
    });
    assert_eq!(sg001(&m), 1, "the open configuration's only: {m:#}");
    c.finish();
}

/// The coverage diagnostic of a published list.
fn coverage_of(diags: &[Value]) -> Option<Value> {
    let mut c = diags.iter().filter(|d| d["code"] == "coverage");
    let first = c.next().cloned();
    assert!(c.next().is_none(), "one coverage diagnostic: {diags:#?}");
    first
}

/// What the rules could not check shows as one information diagnostic on the `"archlint"` key
/// (the text output's coverage line, every rule lacking facts named), each gap a related
/// location at the first thing lacking the fact; giving the facts lowers it and then removes
/// it; the project configuration's rule selection and the editor's language apply; the
/// editor's `coverage: false` turns it off.
#[test]
fn coverage_is_an_information_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("design.json");
    std::fs::write(&path, common::CLEAN).unwrap();
    let uri = format!("file://{}", path.display());
    let text = common::CLEAN;
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({ "lang": "en" }));
    c.open(&uri, "json", text);
    let diags = c.published(&uri, Some(1));
    let cov = coverage_of(&diags).unwrap_or_else(|| panic!("{diags:#?}"));
    assert_eq!(cov["severity"], 3, "information");
    assert_eq!(cov["source"], "archlint");
    // On the version key.
    assert_eq!(
        cov["range"]["start"],
        position(text, text.find("\"archlint\"").unwrap())
    );
    // What `check` says of the same design.
    let out = common::run_in(
        Some(dir.path()),
        &["check", "--format", "json", "design.json"],
        None,
        &[],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cc = &doc["files"][0]["coverage"];
    let msg = cov["message"].as_str().unwrap();
    let (n, m) = (
        cc["checked"].as_u64().unwrap() + cc["not_applicable"].as_u64().unwrap(),
        cc["total"].as_u64().unwrap(),
    );
    assert!(
        msg.starts_with(&format!("checked {n} of {m} rules")),
        "{msg}"
    );
    let lacking: Vec<&Value> = cc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "facts_missing")
        .collect();
    assert!(lacking.len() >= 2, "{cc}");
    assert!(
        msg.contains(&format!("; {} lack facts: ", lacking.len())),
        "{msg}"
    );
    // Each gap: a related location at the first thing lacking it.
    let design: Value = serde_json::from_str(text).unwrap();
    let related = cov["relatedInformation"].as_array().unwrap();
    let mut n_gaps = 0;
    for r in &lacking {
        let code = r["code"].as_str().unwrap();
        assert!(msg.contains(&format!("{code} (")), "{code}: {msg}");
        for g in r["missing"].as_array().unwrap() {
            n_gaps += 1;
            let want = format!(
                "{code} {}: {}",
                r["name"].as_str().unwrap(),
                g["message"].as_str().unwrap()
            );
            let rel = related
                .iter()
                .find(|x| x["message"] == want.as_str())
                .unwrap_or_else(|| panic!("{want}: {related:#?}"));
            assert_eq!(rel["location"]["uri"], uri.as_str());
            let ptr = g["pointers"][0].as_str().unwrap();
            let id = design.pointer(ptr).unwrap()["id"].as_str().unwrap();
            let at = text.find(&format!("{{ \"id\": \"{id}\"")).unwrap();
            assert_eq!(
                rel["location"]["range"]["start"],
                position(text, at),
                "{want}"
            );
        }
    }
    assert_eq!(related.len(), n_gaps);
    // Hover and code actions do not take it for a finding.
    let actions = c.call(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": cov["range"], "context": { "diagnostics": [cov] } }),
    );
    assert_eq!(actions, json!([]), "{actions:#}");

    // Give the web servers the facts HA005 and HA006 lack: NS010 alone is left.
    let told = text.replace(
        r#""security_groups": ["sg-web"] }"#,
        r#""security_groups": ["sg-web"], "autostart": true, "cpu": 4 }"#,
    );
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [ { "text": told } ] }),
    );
    let cov = coverage_of(&c.published(&uri, Some(2))).unwrap();
    let msg = cov["message"].as_str().unwrap();
    assert!(msg.contains("; 1 lacks facts: NS010 ("), "{msg}");
    // The project configuration's selection: without NS010, nothing lacks facts.
    std::fs::write(dir.path().join("archlint.toml"), "ignore = [\"NS010\"]\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": format!("file://{}", dir.path().join("archlint.toml").display()) } }),
    );
    let diags = c.published(&uri, Some(2));
    assert!(diags.is_empty(), "{diags:#?}");
    std::fs::remove_file(dir.path().join("archlint.toml")).unwrap();
    // In Chinese, from the editor's setting.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "archlint": { "lang": "zh" } } }),
    );
    let cov = coverage_of(&c.published(&uri, Some(2))).unwrap();
    let msg = cov["message"].as_str().unwrap();
    assert!(
        msg.starts_with("已检查 82 条规则中的 81 条") && msg.contains("1 条缺少信息：NS010（"),
        "{msg}"
    );
    // Turned off by the editor, and on again.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "archlint": { "coverage": false } } }),
    );
    assert!(c.published(&uri, Some(2)).is_empty());
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "archlint": { "coverage": true } } }),
    );
    assert!(coverage_of(&c.published(&uri, Some(2))).is_some());
    c.finish();

    // Off from the start.
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({ "coverage": false }));
    c.open(&uri, "json", text);
    assert!(c.published(&uri, Some(1)).is_empty());
    c.finish();
}

/// A Terraform configuration's coverage: on the file the unit is anchored to, at its start,
/// each gap at the line of the resource it comes from.
#[test]
fn terraform_coverage_points_into_the_tf_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/one_zone/main.tf");
    let main = std::fs::read_to_string(src).unwrap();
    let path = dir.path().join("main.tf");
    std::fs::write(&path, &main).unwrap();
    let uri = format!("file://{}", path.display());
    let mut c = Client::start_in(Some(dir.path()));
    c.initialize(json!({}));
    c.open(&uri, "terraform", &main);
    let cov = coverage_of(&c.published(&uri, Some(1))).expect("a coverage diagnostic");
    assert_eq!(cov["range"]["start"], json!({ "line": 0, "character": 0 }));
    let msg = cov["message"].as_str().unwrap();
    assert!(msg.contains("HA005 (`alicloud_instance.web`"), "{msg}");
    let rel = cov["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["message"]
                .as_str()
                .unwrap()
                .starts_with("HA005 no-autostart: ")
        })
        .unwrap_or_else(|| panic!("{cov:#}"))
        .clone();
    assert_eq!(rel["location"]["uri"], uri.as_str());
    // Line 29 (1-based): the instance block.
    assert_eq!(rel["location"]["range"]["start"]["line"], 28, "{rel:#}");
    c.finish();
}
