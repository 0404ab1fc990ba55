//! The spanned tree a template is read into, whatever its syntax.
//!
//! Nodes are shared (`Rc`): a YAML alias is the node of its anchor, not a copy, so that a small
//! file of aliases of aliases stays small in memory. Whoever walks the tree must bound the work
//! (see [`crate::ros::eval`]), not the memory.

use std::rc::Rc;

use archlint_core::json;

use crate::ent::Loc;
use crate::source::Lines;

/// A value of the template and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub v: NodeV,
    pub at: Loc,
}

/// The kinds of value. YAML scalars are resolved with the YAML 1.2 core schema (`true`, `12`,
/// `null`); quoted scalars are always strings.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeV {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Rc<Node>>),
    /// Entries in source order; a repeated key is kept, lookups take the last one.
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    /// Where the key is written.
    pub at: Loc,
    pub value: Rc<Node>,
}

impl Node {
    pub fn new(v: NodeV, at: Loc) -> Rc<Node> {
        Rc::new(Node { v, at })
    }
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.v {
            NodeV::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&[Rc<Node>]> {
        match &self.v {
            NodeV::List(l) => Some(l),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            NodeV::Str(s) => Some(s),
            _ => None,
        }
    }
    /// The entry named `key` of a mapping (the last one when the key is repeated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().rev().find(|e| e.key == key)
    }
    /// The value named `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Rc<Node>> {
        self.entry(key).map(|e| &e.value)
    }
    /// The function call this node is, if it is one: a mapping of exactly one entry named `Ref`
    /// or `Fn::…`.
    pub fn as_call(&self) -> Option<(&str, &Rc<Node>)> {
        match self.as_map()? {
            [e] if e.key == "Ref" || e.key.starts_with("Fn::") => Some((&e.key, &e.value)),
            _ => None,
        }
    }
    /// A short English name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.v {
            NodeV::Null => "null",
            NodeV::Bool(_) => "boolean",
            NodeV::Num(_) => "number",
            NodeV::Str(_) => "string",
            NodeV::List(_) => "list",
            NodeV::Map(_) => "mapping",
        }
    }
    /// The Chinese name of the value's type, for messages.
    pub fn type_name_zh(&self) -> &'static str {
        match self.v {
            NodeV::Null => "空值",
            NodeV::Bool(_) => "布尔值",
            NodeV::Num(_) => "数字",
            NodeV::Str(_) => "字符串",
            NodeV::List(_) => "列表",
            NodeV::Map(_) => "映射",
        }
    }
}

/// Converts a value of the core's JSON parser (depth already limited by the parser).
pub fn from_json(v: &json::Value<'_>, lines: &Lines<'_>) -> Rc<Node> {
    let at = lines.loc(v.start as usize);
    let nv = match &v.kind {
        json::Kind::Null => NodeV::Null,
        json::Kind::Bool(b) => NodeV::Bool(*b),
        json::Kind::Number(n) => NodeV::Num(n.value),
        json::Kind::String(s) => NodeV::Str(s.to_string()),
        json::Kind::Array(items) => {
            NodeV::List(items.iter().map(|i| from_json(i, lines)).collect())
        }
        json::Kind::Object(members) => NodeV::Map(
            members
                .iter()
                .map(|m| Entry {
                    key: m.key.to_string(),
                    at: lines.loc(m.key_start as usize),
                    value: from_json(&m.value, lines),
                })
                .collect(),
        ),
    };
    Node::new(nv, at)
}
