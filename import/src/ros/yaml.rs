//! YAML templates: `yaml_rust2`'s event parser, pulled one event at a time, builds the spanned
//! [tree](super::tree) without recursion.
//!
//! - Positions come from the events' marks (line, and column counted in characters); a block
//!   mapping starts at its first key.
//! - ROS short-form tags become the long form: `!Ref X` → `{Ref: X}`, `!Condition C` →
//!   `{Condition: C}`, any other `!Name arg` → `{Fn::Name: arg}`. The argument of a tag is taken
//!   as written (`!Ref 12` names `"12"`). Standard tags (`!!str`, `!!int`, …) retype a scalar.
//! - Anchors and aliases share the anchored node; an alias inside its own anchor is refused.
//!   Merge keys (`<<: *base`) copy the entries the mapping does not have.
//! - Only the first document of a stream is read.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::tree::{Entry, Node, NodeV};
use super::{error, MAX_DEPTH, MAX_NODES};
use crate::ent::Loc;
use crate::{ImportError, SourceFile};

/// Parses the file's text as YAML.
pub fn parse(file: &SourceFile, file_idx: u32) -> Result<Rc<Node>, ImportError> {
    // The parser is not known to panic; should it ever, the user gets an error, not a crash.
    match catch_unwind(AssertUnwindSafe(|| build(file, file_idx))) {
        Ok(r) => r,
        Err(_) => Err(error(
            file,
            Loc {
                file: file_idx,
                line: 1,
                col: 1,
            },
            "the YAML parser failed on this file",
            "YAML 解析器无法处理此文件",
        )),
    }
}

/// A collection being read.
struct Frame {
    at: Loc,
    anchor: usize,
    tag: Option<Tag>,
    /// Levels of nesting of the collection so far (1 + its deepest child's), aliases included.
    height: u32,
    items: Items,
}

enum Items {
    Seq(Vec<Rc<Node>>),
    Map {
        entries: Vec<Entry>,
        /// The key read, waiting for its value.
        key: Option<(String, Loc)>,
    },
}

struct Builder<'a> {
    file: &'a SourceFile,
    file_idx: u32,
    /// Byte offset of the start of each line (for the position of tags).
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    /// Anchored nodes and their height (levels of nesting).
    anchors: HashMap<usize, (Rc<Node>, u32)>,
    root: Option<Rc<Node>>,
    nodes: usize,
}

fn build(file: &SourceFile, file_idx: u32) -> Result<Rc<Node>, ImportError> {
    let line_starts = std::iter::once(0)
        .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut b = Builder {
        file,
        file_idx,
        line_starts,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        nodes: 0,
    };
    let mut parser = Parser::new_from_str(&file.text);
    loop {
        let (ev, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                let at = b.loc(*e.marker());
                return Err(error(
                    file,
                    at,
                    format!("invalid YAML: {}", e.info()),
                    format!("YAML 格式错误：{}", e.info()),
                ));
            }
        };
        let at = b.loc(mark);
        match ev {
            Event::Nothing | Event::StreamStart | Event::DocumentStart => {}
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Alias(id) => {
                let Some((node, height)) = b.anchors.get(&id).cloned() else {
                    return Err(error(
                        file,
                        at,
                        "this alias refers to a collection that contains it",
                        "此别名引用了包含它自身的集合",
                    ));
                };
                b.count(at)?;
                if b.wants_key() {
                    let Some(key) = scalar_text(&node) else {
                        return Err(key_error(file, at));
                    };
                    b.set_key(key, at);
                } else {
                    // An alias nests its anchor's levels where it is used.
                    if b.stack.len() as u64 + u64::from(height) > u64::from(MAX_DEPTH) {
                        return Err(too_deep(file, at));
                    }
                    b.complete(node, 0, height);
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                b.count(at)?;
                if b.wants_key() {
                    if anchor > 0 {
                        b.anchors
                            .insert(anchor, (Node::new(NodeV::Str(value.clone()), at), 0));
                    }
                    b.set_key(value, at);
                } else {
                    let at = b.tag_start(at, tag.as_ref());
                    let height = u32::from(is_call_tag(tag.as_ref()));
                    let node = scalar(value, style, tag, at);
                    b.complete(node, anchor, height);
                }
            }
            Event::SequenceStart(anchor, tag) => {
                b.open(at)?;
                let at = b.tag_start(at, tag.as_ref());
                b.stack.push(Frame {
                    at,
                    anchor,
                    tag,
                    height: 1,
                    items: Items::Seq(Vec::new()),
                });
            }
            Event::MappingStart(anchor, tag) => {
                b.open(at)?;
                let at = b.tag_start(at, tag.as_ref());
                b.stack.push(Frame {
                    at,
                    anchor,
                    tag,
                    height: 1,
                    items: Items::Map {
                        entries: Vec::new(),
                        key: None,
                    },
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = b.stack.pop() else {
                    continue;
                };
                let height = frame.height + u32::from(is_call_tag(frame.tag.as_ref()));
                let node = match frame.items {
                    Items::Seq(items) => Node::new(NodeV::List(items), frame.at),
                    Items::Map { entries, .. } => {
                        // A block mapping's start mark is after its first key: start at the key.
                        let at = match entries.first() {
                            Some(e) if (e.at.line, e.at.col) < (frame.at.line, frame.at.col) => {
                                e.at
                            }
                            _ => frame.at,
                        };
                        Node::new(NodeV::Map(merge_keys(entries)), at)
                    }
                };
                let node = tagged(frame.tag, node);
                b.complete(node, frame.anchor, height);
            }
        }
        if b.root.is_some() && b.stack.is_empty() {
            break;
        }
    }
    match b.root {
        Some(r) => Ok(r),
        None => Ok(Node::new(
            NodeV::Null,
            Loc {
                file: file_idx,
                line: 1,
                col: 1,
            },
        )),
    }
}

impl Builder<'_> {
    fn loc(&self, m: Marker) -> Loc {
        Loc {
            file: self.file_idx,
            line: u32::try_from(m.line()).unwrap_or(u32::MAX).max(1),
            col: u32::try_from(m.col())
                .unwrap_or(u32::MAX - 1)
                .saturating_add(1),
        }
    }

    /// Where a local tag written just before a node on the same line starts (`!Ref X`: at `!`),
    /// so that the function call is placed at its name; `at` otherwise.
    fn tag_start(&self, at: Loc, tag: Option<&Tag>) -> Loc {
        let Some(t) = tag.filter(|t| t.handle == "!") else {
            return at;
        };
        let text = self.file.text.as_str();
        let Some(&start) = self.line_starts.get(at.line.saturating_sub(1) as usize) else {
            return at;
        };
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let Some(byte) = line
            .char_indices()
            .nth(at.col.saturating_sub(1) as usize)
            .map(|(i, _)| i)
        else {
            return at;
        };
        let before = line[..byte].trim_end();
        let Some(head) = before
            .strip_suffix(t.suffix.as_str())
            .and_then(|b| b.strip_suffix('!'))
        else {
            return at;
        };
        Loc {
            col: u32::try_from(head.chars().count() + 1).unwrap_or(at.col),
            ..at
        }
    }

    fn count(&mut self, at: Loc) -> Result<(), ImportError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(error(
                self.file,
                at,
                format!("the template holds more than {MAX_NODES} values"),
                format!("模板包含的值超过 {MAX_NODES} 个"),
            ));
        }
        Ok(())
    }

    /// A list or mapping starts at `at`.
    fn open(&mut self, at: Loc) -> Result<(), ImportError> {
        if self.wants_key() {
            return Err(key_error(self.file, at));
        }
        self.count(at)?;
        if self.stack.len() >= MAX_DEPTH as usize {
            return Err(too_deep(self.file, at));
        }
        Ok(())
    }

    /// Whether the next node is a mapping key.
    fn wants_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                items: Items::Map { key: None, .. },
                ..
            })
        )
    }

    fn set_key(&mut self, k: String, at: Loc) {
        if let Some(Frame {
            items: Items::Map { key, .. },
            ..
        }) = self.stack.last_mut()
        {
            *key = Some((k, at));
        }
    }

    /// A node of `height` levels is read: it becomes its anchor's node and its parent's next
    /// item.
    fn complete(&mut self, node: Rc<Node>, anchor: usize, height: u32) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), height));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        frame.height = frame.height.max(height.saturating_add(1));
        match &mut frame.items {
            Items::Seq(items) => items.push(node),
            Items::Map { entries, key } => {
                if let Some((k, at)) = key.take() {
                    // An empty value (`key:` or `key: !GetAZs`) has the mark of whatever follows:
                    // it is placed at its key instead.
                    let node = if node.at.line > at.line && is_empty(&node) {
                        relocate(&node, at)
                    } else {
                        node
                    };
                    entries.push(Entry {
                        key: k,
                        at,
                        value: node,
                    });
                }
            }
        }
    }
}

fn too_deep(file: &SourceFile, at: Loc) -> ImportError {
    error(
        file,
        at,
        format!("nesting deeper than {MAX_DEPTH} levels"),
        format!("嵌套超过 {MAX_DEPTH} 层"),
    )
}

/// Whether a tag turns its node into a function call (one more level).
fn is_call_tag(tag: Option<&Tag>) -> bool {
    tag.is_some_and(|t| t.handle == "!" && !t.suffix.is_empty())
}

fn key_error(file: &SourceFile, at: Loc) -> ImportError {
    error(
        file,
        at,
        "a mapping key must be a plain value, not a list or mapping",
        "映射的键必须是简单值，不能是列表或映射",
    )
}

/// The text of a scalar node used as a key.
fn scalar_text(n: &Node) -> Option<String> {
    match &n.v {
        NodeV::Null => Some(String::new()),
        NodeV::Bool(b) => Some(b.to_string()),
        NodeV::Num(x) => Some(x.to_string()),
        NodeV::Str(s) => Some(s.clone()),
        NodeV::List(_) | NodeV::Map(_) => None,
    }
}

/// An empty value: null, or a function whose argument is an empty string.
fn is_empty(n: &Node) -> bool {
    match &n.v {
        NodeV::Null => true,
        NodeV::Str(s) => s.is_empty(),
        NodeV::Map(m) => matches!(m.as_slice(), [e] if is_empty(&e.value)),
        _ => false,
    }
}

/// A copy of a small node placed at `at`.
fn relocate(n: &Node, at: Loc) -> Rc<Node> {
    let v = match &n.v {
        NodeV::Map(m) => NodeV::Map(
            m.iter()
                .map(|e| Entry {
                    key: e.key.clone(),
                    at,
                    value: relocate(&e.value, at),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node::new(v, at)
}

const CORE: &str = "tag:yaml.org,2002:";

/// A scalar event as a node.
fn scalar(value: String, style: TScalarStyle, tag: Option<Tag>, at: Loc) -> Rc<Node> {
    match &tag {
        Some(t) if t.handle == CORE => {
            let v = match t.suffix.as_str() {
                "str" => NodeV::Str(value),
                "null" => NodeV::Null,
                "bool" | "int" | "float" => resolve_plain(value),
                _ => NodeV::Str(value),
            };
            Node::new(v, at)
        }
        Some(t) if t.handle == "!" => tagged(tag, Node::new(NodeV::Str(value), at)),
        _ => {
            let v = if matches!(style, TScalarStyle::Plain) {
                resolve_plain(value)
            } else {
                NodeV::Str(value)
            };
            Node::new(v, at)
        }
    }
}

/// The YAML 1.2 core schema: null, booleans, integers (decimal, `0x`, `0o`) and finite floats;
/// anything else is a string.
fn resolve_plain(s: String) -> NodeV {
    match s.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return NodeV::Null,
        "true" | "True" | "TRUE" => return NodeV::Bool(true),
        "false" | "False" | "FALSE" => return NodeV::Bool(false),
        _ => {}
    }
    if let Some(x) = parse_number(&s) {
        return NodeV::Num(x);
    }
    NodeV::Str(s)
}

fn parse_number(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let radix = |digits: &str, r: u32| -> Option<f64> {
        if digits.is_empty() {
            return None;
        }
        let v = u64::from_str_radix(digits, r).ok()? as f64;
        Some(if neg { -v } else { v })
    };
    if let Some(h) = body.strip_prefix("0x") {
        return radix(h, 16);
    }
    if let Some(o) = body.strip_prefix("0o") {
        return radix(o, 8);
    }
    // [0-9]+ ( . [0-9]* )? ( [eE] [-+]? [0-9]+ )?   or   . [0-9]+ ( … )?
    let b = body.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let exp = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp == 0 {
            return None;
        }
        i += exp;
    }
    if i != b.len() {
        return None;
    }
    let x: f64 = s.parse().ok()?;
    x.is_finite().then_some(x)
}

/// Applies a local tag (`!Ref`, `!GetAtt`, …): the node becomes a function call.
fn tagged(tag: Option<Tag>, node: Rc<Node>) -> Rc<Node> {
    let Some(t) = tag else {
        return node;
    };
    if t.handle != "!" || t.suffix.is_empty() {
        return node;
    }
    let name = match t.suffix.as_str() {
        "Ref" | "Condition" => t.suffix,
        s if s.starts_with("Fn::") => t.suffix,
        s => format!("Fn::{s}"),
    };
    let at = node.at;
    Node::new(
        NodeV::Map(vec![Entry {
            key: name,
            at,
            value: node,
        }]),
        at,
    )
}

/// Resolves merge keys: `<<: *base` (or a list of them) adds the entries of the merged
/// mappings that this mapping does not have.
fn merge_keys(entries: Vec<Entry>) -> Vec<Entry> {
    if !entries.iter().any(|e| e.key == "<<") {
        return entries;
    }
    let (merges, mut own): (Vec<Entry>, Vec<Entry>) =
        entries.into_iter().partition(|e| e.key == "<<");
    for m in merges {
        let sources: Vec<Rc<Node>> = match &m.value.v {
            NodeV::Map(_) => vec![m.value.clone()],
            NodeV::List(l) => l.clone(),
            _ => Vec::new(),
        };
        for s in sources {
            if let NodeV::Map(es) = &s.v {
                for e in es {
                    if !own.iter().any(|o| o.key == e.key) {
                        own.push(e.clone());
                    }
                }
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Rc<Node>, ImportError> {
        parse(&SourceFile::new("t.yaml", text), 0)
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("-1.5e3"), Some(-1500.0));
        assert_eq!(parse_number("0x1F"), Some(31.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("1."), Some(1.0));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("1e"), None);
        assert_eq!(parse_number("22/22"), None);
        assert_eq!(parse_number("-"), None);
        assert_eq!(parse_number("."), None);
    }

    #[test]
    fn tags_become_calls() {
        let n = p("a: !Ref X\nb: !Join [',', [x, !GetAtt A.B]]\nc: !GetAZs\n").unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(a.as_call().unwrap().0, "Ref");
        assert_eq!((a.at.line, a.at.col), (1, 4));
        let b = n.get("b").unwrap();
        assert_eq!(b.as_call().unwrap().0, "Fn::Join");
        assert_eq!((b.at.line, b.at.col), (2, 4));
        let c = n.get("c").unwrap();
        assert_eq!(c.as_call().unwrap().0, "Fn::GetAZs");
        assert_eq!((c.at.line, c.at.col), (3, 1));
    }

    #[test]
    fn aliases_and_merges() {
        let n = p("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n").unwrap();
        let d = n.get("d").unwrap();
        assert_eq!(d.get("x").unwrap().v, NodeV::Num(1.0));
        assert_eq!(d.get("y").unwrap().v, NodeV::Num(3.0));
        assert!(p("a: &x [*x]\n").is_err());
    }

    #[test]
    fn positions() {
        let n = p("R:\n  Properties:\n    ZoneId:\n      Ref: Z\n").unwrap();
        let z = n
            .get("R")
            .unwrap()
            .get("Properties")
            .unwrap()
            .get("ZoneId")
            .unwrap();
        assert_eq!((z.at.line, z.at.col), (4, 7));
    }
}
