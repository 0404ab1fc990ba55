//! The server driven in process (`archlint_lsp::serve` over in-memory pipes) by clients that
//! send broken designs, edits at random places (positions past the ends of lines and texts)
//! and requests at random positions: every request gets one response, none is an internal
//! error, and the server ends with status 0 after shutdown and exit. Deterministic (a fixed
//! xorshift seed).

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

const DESIGN: &str = r#"{ "archlint": 1,
  "name": "云上 𝄞 design",
  "regions": [ { "id": "hz", "network": "classic",
                 "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },
    { "id": "vpn", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.200.0.0/29"] } ],
  "links": [ { "from": "internet", "to": "web-1", "port": 443 } ],
  "ignore": [ { "rule": "HA001", "target": "nobody", "reason": "r" } ],
  "security_groups": [ { "id": "sg-web", "rules": [ { "ports": "22", "from": "0.0.0.0/0" } ] } ] }
"#;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn frame(out: &mut Vec<u8>, v: &Value) {
    let body = v.to_string();
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    out.extend_from_slice(body.as_bytes());
}

fn frames(bytes: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let end = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = std::str::from_utf8(&rest[..end]).unwrap();
        let n: usize = head
            .strip_prefix("Content-Length: ")
            .unwrap()
            .parse()
            .unwrap();
        let body = &rest[end + 4..end + 4 + n];
        out.push(serde_json::from_slice(body).unwrap());
        rest = &rest[end + 4 + n..];
    }
    out
}

/// A text cut from the design at random: prefixes, a slice removed, a slice repeated.
fn mangle(rng: &mut Rng) -> String {
    let chars: Vec<char> = DESIGN.chars().collect();
    let n = chars.len() as u64;
    let (a, b) = {
        let x = rng.below(n);
        let y = rng.below(n);
        (x.min(y) as usize, x.max(y) as usize)
    };
    match rng.below(4) {
        0 => chars[..b].iter().collect(),
        1 => chars[..a].iter().chain(&chars[b..]).collect(),
        2 => chars[..b].iter().chain(&chars[a..]).collect(),
        _ => DESIGN.to_string(),
    }
}

fn position(rng: &mut Rng) -> Value {
    // Mostly inside the text, sometimes far past it.
    let (line, ch) = if rng.below(5) == 0 {
        (rng.below(1 << 31), rng.below(1 << 31))
    } else {
        (rng.below(12), rng.below(140))
    };
    json!({ "line": line, "character": ch })
}

#[test]
fn random_edits_and_requests_never_break_the_server() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut input = Vec::new();
    let mut requests = 0;
    let mut id = 0;
    let mut req = |input: &mut Vec<u8>, method: &str, params: Value| {
        id += 1;
        frame(
            input,
            &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        );
        id
    };
    req(&mut input, "initialize", json!({ "capabilities": {} }));
    requests += 1;
    for doc in 0..20 {
        let uri = format!("file:///nowhere/d{doc}.json");
        frame(
            &mut input,
            &json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen",
                     "params": { "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": mangle(&mut rng) } } }),
        );
        for v in 2..12 {
            let change = if rng.below(3) == 0 {
                json!({ "text": mangle(&mut rng) })
            } else {
                let s = position(&mut rng);
                let e = position(&mut rng);
                let t = ["", "\"", "{", "}", ",", "云", "𝄞", "\n", "\"zone\": \""]
                    [rng.below(9) as usize];
                json!({ "range": { "start": s, "end": e }, "text": t })
            };
            frame(
                &mut input,
                &json!({ "jsonrpc": "2.0", "method": "textDocument/didChange",
                         "params": { "textDocument": { "uri": uri, "version": v }, "contentChanges": [change] } }),
            );
            let pos = position(&mut rng);
            let which = rng.below(3);
            let params = match which {
                0 => json!({ "textDocument": { "uri": uri }, "position": pos }),
                1 => json!({ "textDocument": { "uri": uri }, "position": pos }),
                _ => {
                    json!({ "textDocument": { "uri": uri }, "range": { "start": pos, "end": position(&mut rng) },
                             "context": { "diagnostics": [] } })
                }
            };
            let method = [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/codeAction",
            ][which as usize];
            req(&mut input, method, params);
            requests += 1;
        }
    }
    let shutdown = req(&mut input, "shutdown", Value::Null);
    requests += 1;
    frame(&mut input, &json!({ "jsonrpc": "2.0", "method": "exit" }));

    let sink = Sink::default();
    let status = archlint_lsp::serve(
        std::io::Cursor::new(input),
        sink.clone(),
        archlint_lsp::Options::default(),
    );
    assert_eq!(status, 0);
    let out = frames(&sink.0.lock().unwrap());
    let responses: Vec<&Value> = out.iter().filter(|m| m.get("id").is_some()).collect();
    assert_eq!(responses.len(), requests, "one response per request");
    for r in &responses {
        assert!(r.get("error").is_none(), "{r}");
    }
    assert!(responses.iter().any(|r| r["id"] == shutdown));
    // Diagnostics were published along the way, for the versions that were linted.
    assert!(out
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics"));
}
