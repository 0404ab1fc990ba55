//! A small JSON parser that keeps the byte span of every value and key.
//!
//! serde_json throws positions away once a value is built; archlint needs them for every
//! finding (a JSON pointer and a line:column in the original text). The parser is strict RFC
//! 8259 JSON, iterative-depth-limited (no unbounded recursion), and never panics on any input.

use crate::text::sub;
use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

/// A parsed JSON value with the byte range it occupies in the source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value<'a> {
    pub kind: Kind<'a>,
    /// Byte offset of the first character of the value.
    pub start: u32,
    /// Byte offset one past the last character of the value.
    pub end: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    Number(Number),
    /// Borrowed from the source text unless it contained escapes.
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Vec<Member<'a>>),
}

/// A JSON number: its value as f64 and whether it was written as an integer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    /// Written without fraction or exponent.
    pub integer: bool,
}

/// One `"key": value` pair of an object, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub key: Cow<'a, str>,
    /// Byte offset of the key's opening quote.
    pub key_start: u32,
    pub value: Value<'a>,
}

impl<'a> Value<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            Kind::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }
    /// The member named `key` (the last one, if the key is repeated).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }
    /// A short English name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "boolean",
            Kind::Number(_) => "number",
            Kind::String(_) => "string",
            Kind::Array(_) => "array",
            Kind::Object(_) => "object",
        }
    }
    /// Follows an RFC 6901 JSON pointer; returns the offset of the deepest place reached and
    /// whether the whole pointer resolved. For an object member the key's offset is given, so
    /// that a finding about a field points at its name.
    pub fn locate(&self, pointer: &str) -> (u32, bool) {
        let (at, _, whole) = self.resolve(pointer);
        (at, whole)
    }
    /// Like [`Value::locate`], with the deepest value reached.
    pub fn resolve(&self, pointer: &str) -> (u32, &Value<'a>, bool) {
        let mut cur: &Value<'a> = self;
        let mut at = self.start;
        if pointer.is_empty() {
            return (at, cur, true);
        }
        for raw in pointer.split('/').skip(1) {
            let token = unescape_pointer_token(raw);
            let next = match &cur.kind {
                Kind::Object(members) => members
                    .iter()
                    .rev()
                    .find(|m| m.key == token)
                    .map(|m| (m.key_start, &m.value)),
                Kind::Array(items) => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| (v.start, v)),
                _ => None,
            };
            match next {
                Some((s, v)) => {
                    at = s;
                    cur = v;
                }
                None => return (at, cur, false),
            }
        }
        (at, cur, true)
    }
}

fn unescape_pointer_token(raw: &str) -> String {
    if raw.contains('~') {
        crate::text::unescape_pointer_token(raw)
    } else {
        String::from(raw)
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901).
pub fn escape_pointer_token(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        String::from(token)
    }
}

/// Why the text is not JSON, and where (byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: u32,
    pub kind: SyntaxErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    Empty,
    UnexpectedEnd,
    UnexpectedChar(char),
    TrailingCharacters,
    BadEscape,
    BadUnicodeEscape,
    ControlCharacterInString,
    BadNumber,
    ExpectedColon,
    ExpectedCommaOrEnd,
    ExpectedKey,
    TooDeep(u32),
    TooLong,
}

impl SyntaxErrorKind {
    /// The cause in English and Chinese.
    pub fn describe(&self) -> (String, String) {
        use alloc::format;
        match *self {
            Self::Empty => ("the file is empty".into(), "文件为空".into()),
            Self::UnexpectedEnd => (
                "the text ends before the JSON value is complete".into(),
                "JSON 尚未结束文本就已结束".into(),
            ),
            Self::UnexpectedChar(c) => (
                format!("unexpected character {}", show_char(c)),
                format!("意外的字符 {}", show_char(c)),
            ),
            Self::TrailingCharacters => (
                "text after the end of the JSON value".into(),
                "JSON 值结束后还有多余内容".into(),
            ),
            Self::BadEscape => (
                "invalid escape in string".into(),
                "字符串中的转义无效".into(),
            ),
            Self::BadUnicodeEscape => (
                "invalid \\u escape in string".into(),
                "字符串中的 \\u 转义无效".into(),
            ),
            Self::ControlCharacterInString => (
                "control character inside a string (escape it)".into(),
                "字符串中含有控制字符（需要转义）".into(),
            ),
            Self::BadNumber => ("invalid number".into(), "数字格式无效".into()),
            Self::ExpectedColon => (
                "expected ':' after an object key".into(),
                "对象的键后应为 ':'".into(),
            ),
            Self::ExpectedCommaOrEnd => (
                "expected ',' or the end of the array/object".into(),
                "应为 ',' 或数组/对象的结尾".into(),
            ),
            Self::ExpectedKey => (
                "expected a string key in double quotes".into(),
                "应为双引号括起的字符串键".into(),
            ),
            Self::TooDeep(n) => (
                format!("nesting deeper than {n} levels"),
                format!("嵌套超过 {n} 层"),
            ),
            Self::TooLong => (
                "the text is longer than 4 GiB".into(),
                "文本超过 4 GiB".into(),
            ),
        }
    }
}

fn show_char(c: char) -> String {
    use alloc::format;
    if c.is_control() || c == '\u{feff}' {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

/// Parses `text` as one JSON value, allowing at most `max_depth` nested arrays/objects.
pub fn parse(text: &str, max_depth: u32) -> Result<Value<'_>, SyntaxError> {
    if text.len() >= u32::MAX as usize {
        return Err(SyntaxError {
            offset: 0,
            kind: SyntaxErrorKind::TooLong,
        });
    }
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        i: 0,
        max_depth,
        member_stack: Vec::new(),
        item_stack: Vec::new(),
    };
    p.ws();
    if p.i >= p.s.len() {
        return Err(p.err(SyntaxErrorKind::Empty));
    }
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err(SyntaxErrorKind::TrailingCharacters));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
    max_depth: u32,
    /// Members of the objects being parsed, innermost last; each object takes its own off
    /// the top when it closes, into a vector of exactly the right size.
    member_stack: Vec<Member<'a>>,
    /// The same for array items.
    item_stack: Vec<Value<'a>>,
}

impl<'a> Parser<'a> {
    fn err(&self, kind: SyntaxErrorKind) -> SyntaxError {
        SyntaxError {
            offset: self.i as u32,
            kind,
        }
    }
    fn unexpected(&self) -> SyntaxError {
        match self.text.get(self.i..).and_then(|r| r.chars().next()) {
            Some(c) => self.err(SyntaxErrorKind::UnexpectedChar(c)),
            None => self.err(SyntaxErrorKind::UnexpectedEnd),
        }
    }
    fn ws(&mut self) {
        while let Some(&b) = self.s.get(self.i) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }
    fn value(&mut self, depth: u32) -> Result<Value<'a>, SyntaxError> {
        let start = self.i as u32;
        let kind = match self.s.get(self.i) {
            None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
            Some(b'{') => {
                if depth >= self.max_depth {
                    return Err(self.err(SyntaxErrorKind::TooDeep(self.max_depth)));
                }
                self.i += 1;
                Kind::Object(self.object(depth + 1)?)
            }
            Some(b'[') => {
                if depth >= self.max_depth {
                    return Err(self.err(SyntaxErrorKind::TooDeep(self.max_depth)));
                }
                self.i += 1;
                Kind::Array(self.array(depth + 1)?)
            }
            Some(b'"') => Kind::String(self.string()?),
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(_) => return Err(self.unexpected()),
        };
        Ok(Value {
            kind,
            start,
            end: self.i as u32,
        })
    }
    fn literal(&mut self, word: &str, kind: Kind<'a>) -> Result<Kind<'a>, SyntaxError> {
        for &b in word.as_bytes() {
            if self.s.get(self.i) != Some(&b) {
                return Err(self.unexpected());
            }
            self.i += 1;
        }
        Ok(kind)
    }
    fn object(&mut self, depth: u32) -> Result<Vec<Member<'a>>, SyntaxError> {
        let base = self.member_stack.len();
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Vec::new());
        }
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b'"') => {}
                None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(SyntaxErrorKind::ExpectedKey)),
            }
            let key_start = self.i as u32;
            let key = self.string()?;
            self.ws();
            match self.s.get(self.i) {
                Some(b':') => self.i += 1,
                None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(SyntaxErrorKind::ExpectedColon)),
            }
            self.ws();
            let value = self.value(depth)?;
            self.member_stack.push(Member {
                key,
                key_start,
                value,
            });
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    let mut members = Vec::with_capacity(self.member_stack.len() - base);
                    members.extend(self.member_stack.drain(base..));
                    return Ok(members);
                }
                None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(SyntaxErrorKind::ExpectedCommaOrEnd)),
            }
        }
    }
    fn array(&mut self, depth: u32) -> Result<Vec<Value<'a>>, SyntaxError> {
        let base = self.item_stack.len();
        self.ws();
        if self.s.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Vec::new());
        }
        loop {
            self.ws();
            let v = self.value(depth)?;
            self.item_stack.push(v);
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    let mut items = Vec::with_capacity(self.item_stack.len() - base);
                    items.extend(self.item_stack.drain(base..));
                    return Ok(items);
                }
                None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(SyntaxErrorKind::ExpectedCommaOrEnd)),
            }
        }
    }
    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.s.get(self.i) {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                Some(_) => return Err(self.err(SyntaxErrorKind::BadUnicodeEscape)),
            };
            v = v * 16 + d as u32;
            self.i += 1;
        }
        Ok(v)
    }
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        // at the opening quote
        self.i += 1;
        let first = self.i;
        while let Some(&b) = self.s.get(self.i) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&b'"') {
            let text: &'a str = self.text;
            self.i += 1;
            // stopped on an ASCII byte: a char boundary
            return Ok(Cow::Borrowed(sub(text, first, self.i - 1)));
        }
        let mut out = String::from(sub(self.text, first, self.i));
        loop {
            // copy the plain run in one go
            let run_start = self.i;
            while let Some(&b) = self.s.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // the input is a &str and we only stop on ASCII bytes, so this is a char boundary
            out.push_str(sub(self.text, run_start, self.i));
            match self.s.get(self.i) {
                None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.s.get(self.i) {
                        None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let at = self.i;
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.s.get(self.i) == Some(&b'\\')
                                    && self.s.get(self.i + 1) == Some(&b'u')
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..0xE000).contains(&lo) {
                                        self.i = at;
                                        return Err(self.err(SyntaxErrorKind::BadUnicodeEscape));
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                } else {
                                    self.i = at;
                                    return Err(self.err(SyntaxErrorKind::BadUnicodeEscape));
                                }
                            } else if (0xDC00..0xE000).contains(&hi) {
                                self.i = at;
                                return Err(self.err(SyntaxErrorKind::BadUnicodeEscape));
                            } else {
                                hi
                            };
                            match char::from_u32(code) {
                                Some(c) => out.push(c),
                                None => return Err(self.err(SyntaxErrorKind::BadUnicodeEscape)),
                            }
                            continue;
                        }
                        Some(_) => return Err(self.err(SyntaxErrorKind::BadEscape)),
                    };
                    out.push(c);
                    self.i += 1;
                }
                Some(_) => return Err(self.err(SyntaxErrorKind::ControlCharacterInString)),
            }
        }
    }
    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.i;
        let mut integer = true;
        if self.s.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.s.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            None => return Err(self.err(SyntaxErrorKind::UnexpectedEnd)),
            Some(_) => return Err(self.err(SyntaxErrorKind::BadNumber)),
        }
        if self.s.get(self.i) == Some(&b'.') {
            integer = false;
            self.i += 1;
            if !matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                return Err(self.err(SyntaxErrorKind::BadNumber));
            }
            while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            integer = false;
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                return Err(self.err(SyntaxErrorKind::BadNumber));
            }
            while matches!(self.s.get(self.i), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        let value = crate::numparse::parse_f64(sub(self.text, start, self.i)).unwrap_or(f64::NAN);
        Ok(Number { value, integer })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_with_spans() {
        let t = r#"{"a": [1, 2.5, "x\u00e9\ud83d\ude00"], "b": {"c": null, "d": true}}"#;
        let v = parse(t, 8).unwrap();
        let a = v.get("a").unwrap().as_array().unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a[2].as_str(), Some("xé😀"));
        assert_eq!(&t[a[1].start as usize..a[1].end as usize], "2.5");
        assert_eq!(v.locate("/b/d"), (t.find("\"d\"").unwrap() as u32, true));
        assert_eq!(v.locate("/a/1").0, a[1].start);
        assert!(!v.locate("/a/9").1);
    }

    #[test]
    fn errors_have_offsets() {
        assert_eq!(parse("", 8).unwrap_err().kind, SyntaxErrorKind::Empty);
        assert_eq!(parse("  \n", 8).unwrap_err().kind, SyntaxErrorKind::Empty);
        let e = parse("{\"a\": 1,}", 8).unwrap_err();
        assert_eq!((e.offset, e.kind), (8, SyntaxErrorKind::ExpectedKey));
        let e = parse("[1 2]", 8).unwrap_err();
        assert_eq!((e.offset, e.kind), (3, SyntaxErrorKind::ExpectedCommaOrEnd));
        assert_eq!(
            parse("[1] x", 8).unwrap_err().kind,
            SyntaxErrorKind::TrailingCharacters
        );
        assert_eq!(
            parse("\"a\nb\"", 8).unwrap_err().kind,
            SyntaxErrorKind::ControlCharacterInString
        );
        assert_eq!(
            parse("01", 8).unwrap_err().kind,
            SyntaxErrorKind::TrailingCharacters
        );
        assert_eq!(
            parse("-", 8).unwrap_err().kind,
            SyntaxErrorKind::UnexpectedEnd
        );
        assert_eq!(parse("1.", 8).unwrap_err().kind, SyntaxErrorKind::BadNumber);
        assert_eq!(
            parse("\"\\ud800\"", 8).unwrap_err().kind,
            SyntaxErrorKind::BadUnicodeEscape
        );
        assert_eq!(
            parse("\u{feff}{}", 8).unwrap_err().kind,
            SyntaxErrorKind::UnexpectedChar('\u{feff}')
        );
        assert_eq!(
            parse("tru", 8).unwrap_err().kind,
            SyntaxErrorKind::UnexpectedEnd
        );
    }

    #[test]
    fn depth_is_limited_without_recursion_blowup() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep, 64).unwrap_err().kind,
            SyntaxErrorKind::TooDeep(64)
        );
        let ok = alloc::format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&ok, 64).is_ok());
        let bad = alloc::format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert!(parse(&bad, 64).is_err());
    }

    #[test]
    fn numbers() {
        let v = parse("[0, -1, 1e400, 12.0]", 4).unwrap();
        let a = v.as_array().unwrap();
        let n = |i: usize| match a[i].kind {
            Kind::Number(n) => n,
            _ => panic!(),
        };
        assert!(n(0).integer && n(0).value == 0.0);
        assert!(n(1).integer && n(1).value == -1.0);
        assert!(!n(2).integer && n(2).value.is_infinite());
        assert!(!n(3).integer);
    }

    #[test]
    fn pointer_escapes() {
        let v = parse(r#"{"a/b": {"m~n": 1}}"#, 4).unwrap();
        assert!(v.locate("/a~1b/m~0n").1);
        assert_eq!(escape_pointer_token("a/b~"), "a~1b~0");
    }
}
