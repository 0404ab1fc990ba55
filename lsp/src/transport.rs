//! The wire: `Content-Length` framed JSON-RPC messages on a byte stream.
//!
//! lsp-server's own stdio transport stops reading at the first malformed message (its reader
//! thread returns an error and the server sees the end of its input) and allocates whatever
//! `Content-Length` says. A client that sends garbage must not end the server, so the reading
//! is done here: header lines are bounded, a body larger than the limit is skipped without
//! being held in memory, and everything that is not a message becomes an [`Incoming::Bad`]
//! that the server answers with a JSON-RPC error before reading on.

use std::io::{self, BufRead, Read, Write};

use lsp_server::{ErrorCode, Message};
use serde_json::Value;

/// Longest header line kept; the rest of a longer line is skipped.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// What the reader produces.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// Something that is not a message: the error to answer with (`id` when the payload had a
    /// usable one, else `null`).
    Bad {
        id: Option<Value>,
        code: ErrorCode,
        message: String,
    },
}

/// Reads framed messages until the end of the input.
pub struct Reader<R> {
    r: R,
    /// Largest body accepted, in bytes.
    max_body: usize,
    /// In a run of lines that are not headers (one error is reported per run).
    in_garbage: bool,
}

enum Line {
    Eof,
    /// The line without its end of line; `true` when it was cut at [`MAX_HEADER_LINE`].
    Text(Vec<u8>, bool),
}

impl<R: BufRead> Reader<R> {
    pub fn new(r: R, max_body: usize) -> Reader<R> {
        Reader {
            r,
            max_body,
            in_garbage: false,
        }
    }

    /// One header line (bytes up to `\n`, without `\r\n` / `\n`), bounded.
    fn line(&mut self) -> io::Result<Line> {
        let mut out = Vec::new();
        let mut cut = false;
        loop {
            let buf = match self.r.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(if out.is_empty() && !cut {
                    Line::Eof
                } else {
                    Line::Text(out, cut)
                });
            }
            let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            let room = MAX_HEADER_LINE.saturating_sub(out.len());
            if chunk.len() > room {
                cut = true;
            }
            out.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let used = done.unwrap_or(buf.len());
            self.r.consume(used);
            if done.is_some() {
                if out.last() == Some(&b'\r') {
                    out.pop();
                }
                return Ok(Line::Text(out, cut));
            }
        }
    }

    fn garbage(&mut self, what: String) -> Option<Incoming> {
        let first = !self.in_garbage;
        self.in_garbage = true;
        first.then(|| Incoming::Bad {
            id: None,
            code: ErrorCode::ParseError,
            message: what,
        })
    }

    /// The next message or bad input; `None` at the end of the input.
    pub fn next_message(&mut self) -> io::Result<Option<Incoming>> {
        // The header block: lines up to an empty line once a Content-Length was seen.
        let mut length: Option<usize> = None;
        let mut bad: Option<String> = None;
        loop {
            let (line, cut) = match self.line()? {
                Line::Eof => return Ok(None),
                Line::Text(l, cut) => (l, cut),
            };
            if line.is_empty() && !cut {
                if length.is_some() {
                    break;
                }
                continue;
            }
            let text = String::from_utf8_lossy(&line);
            let header = if cut {
                None
            } else {
                text.split_once(':')
                    .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
                    .filter(|(n, _)| {
                        !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    })
            };
            match header {
                Some((name, value)) if name.eq_ignore_ascii_case("content-length") => {
                    match value.parse::<usize>() {
                        Ok(n) => {
                            length = Some(n);
                            bad = None;
                        }
                        Err(_) => bad = Some(format!("invalid Content-Length header: {value:?}")),
                    }
                }
                // Other headers (Content-Type) are allowed and ignored.
                Some(_) => {}
                _ => {
                    let shown: String = text.chars().take(60).collect();
                    if let Some(b) = self.garbage(format!("not an LSP header line: {shown:?}")) {
                        return Ok(Some(b));
                    }
                    length = None;
                }
            }
            if let Some(msg) = bad.take() {
                if let Some(b) = self.garbage(msg) {
                    return Ok(Some(b));
                }
            }
        }
        self.in_garbage = false;
        let n = length.unwrap_or(0);
        if n > self.max_body {
            // Skip the body without holding it.
            let skipped = io::copy(&mut (&mut self.r).take(n as u64), &mut io::sink())?;
            if (skipped as usize) < n {
                return Ok(None);
            }
            return Ok(Some(Incoming::Bad {
                id: None,
                code: ErrorCode::InvalidRequest,
                message: format!(
                    "message of {n} bytes refused: the limit is {} bytes",
                    self.max_body
                ),
            }));
        }
        let mut body = Vec::new();
        let got = (&mut self.r).take(n as u64).read_to_end(&mut body)?;
        if got < n {
            return Ok(None);
        }
        Ok(Some(parse_body(&body)))
    }
}

/// A message body as a message, or the JSON-RPC error it deserves.
pub fn parse_body(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Bad {
                id: None,
                code: ErrorCode::ParseError,
                message: format!("the message is not JSON: {e}"),
            }
        }
    };
    let id = value.get("id").cloned().filter(|v| !v.is_null());
    if !value.is_object() {
        return Incoming::Bad {
            id: None,
            code: ErrorCode::InvalidRequest,
            message: "a message is a JSON object (batches are not part of LSP)".into(),
        };
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Bad {
            id,
            code: ErrorCode::InvalidRequest,
            message: format!("not a JSON-RPC request, response or notification: {e}"),
        },
    }
}

/// Writes one framed message.
pub fn write_frame(w: &mut impl Write, json: &str) -> io::Result<()> {
    write!(w, "Content-Length: {}\r\n\r\n", json.len())?;
    w.write_all(json.as_bytes())?;
    w.flush()
}

/// A message as the JSON text sent (with `"jsonrpc": "2.0"`).
pub fn message_text(m: &Message) -> String {
    let mut v = serde_json::to_value(m).unwrap_or(Value::Null);
    if let Value::Object(o) = &mut v {
        o.insert("jsonrpc".into(), Value::from("2.0"));
    }
    v.to_string()
}

/// An error response whose id could not be read (JSON-RPC: `"id": null`).
pub fn error_text(id: Option<Value>, code: ErrorCode, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": { "code": code as i32, "message": message },
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<Incoming> {
        let mut r = Reader::new(input, 1000);
        let mut out = Vec::new();
        while let Some(m) = r.next_message().unwrap() {
            out.push(m);
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn messages_garbage_and_resync() {
        let ok = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "hello\r\nworld\r\n{}{}Content-Length: nope\r\n\r\n{}{}",
            frame("{not json"),
            frame("[1,2]"),
            frame(r#"{"id":7,"method":12}"#),
            frame(ok)
        );
        let got = all(input.as_bytes());
        let kinds: Vec<String> = got
            .iter()
            .map(|m| match m {
                Incoming::Message(Message::Request(r)) => format!("req {}", r.method),
                Incoming::Message(_) => "other".into(),
                Incoming::Bad { id, code, .. } => format!("bad {} {:?}", *code as i32, id),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "bad -32700 None",
                "bad -32700 None",
                "bad -32600 None",
                "bad -32700 None",
                "bad -32600 Some(Number(7))",
                "req shutdown"
            ],
            "{input}"
        );
    }

    #[test]
    fn oversized_body_is_skipped_and_long_lines_are_cut() {
        let big = "x".repeat(5000);
        let ok = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let long_line = "y".repeat(100_000);
        let input = format!("{}{long_line}\n{}", frame(&big), frame(ok));
        let got = all(input.as_bytes());
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            matches!(&got[0], Incoming::Bad { code: ErrorCode::InvalidRequest, message, .. } if message.contains("5000 bytes"))
        );
        assert!(matches!(
            &got[1],
            Incoming::Bad {
                code: ErrorCode::ParseError,
                ..
            }
        ));
        assert!(
            matches!(&got[2], Incoming::Message(Message::Notification(n)) if n.method == "exit")
        );
    }

    #[test]
    fn random_bytes_never_panic_and_end() {
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let pieces: [&[u8]; 8] = [
            b"Content-Length: 12\r\n",
            b"\r\n",
            b"{\"id\":1}",
            b"Content-Length: 99999999999999999999\r\n\r\n",
            b"\xff\xfe\x00",
            b"Content-Type: x\r\n",
            b"{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}",
            b":::\n",
        ];
        for _ in 0..500 {
            let mut input = Vec::new();
            for _ in 0..20 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                if x % 3 == 0 {
                    input.push((x >> 8) as u8);
                } else {
                    input.extend_from_slice(pieces[(x >> 16) as usize % pieces.len()]);
                }
            }
            let mut r = Reader::new(&input[..], 1000);
            let mut n = 0;
            while r.next_message().unwrap().is_some() {
                n += 1;
                assert!(n <= input.len() + 1, "no progress");
            }
        }
    }

    #[test]
    fn truncated_body_is_the_end() {
        let got = all(b"Content-Length: 50\r\n\r\n{\"id\":");
        assert!(got.is_empty());
    }
}
