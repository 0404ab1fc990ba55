//! Completion in design JSON: field names and enum values from the schema, ids in reference
//! positions. The text being typed is rarely valid JSON, so the place of the cursor is found
//! by a tolerant scan (strings, brackets, colons and commas) rather than by the parser.

use archlint_core::json::{self, Value as JValue};
use archlint_core::model::{NodeKind, NODE_COMMON_FIELDS};
use archlint_core::{rules, Lang};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use crate::pos::Lines;
use crate::schema::{self, Seg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Key,
    Colon,
    Value,
    Comma,
}

#[derive(Debug, Clone)]
struct Frame {
    object: bool,
    expect: Expect,
    /// The current member's key (objects).
    key: Option<String>,
    /// Every key seen in the object, and the string values of its members.
    keys: Vec<String>,
    strings: Vec<(String, String)>,
}

impl Frame {
    fn new(object: bool) -> Frame {
        Frame {
            object,
            expect: if object { Expect::Key } else { Expect::Value },
            key: None,
            keys: Vec::new(),
            strings: Vec::new(),
        }
    }
}

/// Where the cursor is.
#[derive(Debug, Clone)]
pub struct Place {
    /// The path from the root to the container the cursor is in.
    pub path: Vec<Seg>,
    /// In an object: a key is expected (or being typed) there.
    pub key_position: bool,
    /// A value is expected (or being typed) there.
    pub value_position: bool,
    /// The member key whose value is at the cursor (objects), if any.
    pub key: Option<String>,
    /// The string the cursor is in: byte range of its content (up to the closing quote or
    /// the end of the line).
    pub string: Option<(usize, usize)>,
    /// Keys and string members of the object the cursor is in (objects only).
    pub keys: Vec<String>,
    pub strings: Vec<(String, String)>,
}

/// Scans `text` and describes the place of byte `cursor`; `None` outside the root value.
pub fn place(text: &str, cursor: usize) -> Option<Place> {
    let b = text.as_bytes();
    let cursor = cursor.min(b.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut found: Option<(Place, usize)> = None; // the place and the stack depth at the cursor
    let mut i = 0;
    let snapshot = |stack: &[Frame], string: Option<(usize, usize)>| -> Option<Place> {
        let top = stack.last()?;
        let mut path = Vec::new();
        for f in &stack[..stack.len() - 1] {
            if f.object {
                path.push(Seg::Key(f.key.clone().unwrap_or_default()));
            } else {
                path.push(Seg::Index);
            }
        }
        Some(Place {
            path,
            key_position: top.object && top.expect == Expect::Key,
            value_position: top.expect == Expect::Value,
            key: if top.object && top.expect == Expect::Value {
                top.key.clone()
            } else {
                None
            },
            string,
            keys: top.keys.clone(),
            strings: top.strings.clone(),
        })
    };
    while i < b.len() {
        if found.is_none() && i >= cursor {
            let depth = stack.len();
            found = snapshot(&stack, None).map(|p| (p, depth));
        }
        match b[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                    if b[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                let end = j.min(b.len());
                let closed = j < b.len() && b[j] == b'"';
                if found.is_none() && cursor >= start && cursor <= end {
                    let depth = stack.len();
                    // An unclosed string is replaced only up to the cursor.
                    let e = if closed { end } else { cursor };
                    found = snapshot(&stack, Some((start, e))).map(|p| (p, depth));
                }
                let s = String::from_utf8_lossy(&b[start..end]).into_owned();
                if let Some(top) = stack.last_mut() {
                    if top.object {
                        match top.expect {
                            Expect::Key => {
                                top.keys.push(s.clone());
                                top.key = Some(s);
                                top.expect = Expect::Colon;
                            }
                            Expect::Value => {
                                if let Some(k) = &top.key {
                                    top.strings.push((k.clone(), s));
                                }
                                top.expect = Expect::Comma;
                            }
                            _ => {}
                        }
                    } else {
                        top.expect = Expect::Comma;
                    }
                }
                // Members found after the cursor fill in the cursor's object (its `kind`).
                if let Some((p, depth)) = &mut found {
                    if stack.len() == *depth {
                        if let Some(top) = stack.last() {
                            p.keys = top.keys.clone();
                            p.strings = top.strings.clone();
                        }
                    }
                }
                i = end + 1;
                continue;
            }
            b'{' | b'[' => {
                if let Some(top) = stack.last_mut() {
                    top.expect = Expect::Comma;
                }
                stack.push(Frame::new(b[i] == b'{'));
            }
            b'}' | b']' => {
                if let Some((_, depth)) = &found {
                    if stack.len() == *depth {
                        break;
                    }
                }
                stack.pop();
                if stack.is_empty() && found.is_some() {
                    break;
                }
            }
            b':' => {
                if let Some(top) = stack.last_mut() {
                    if top.object {
                        top.expect = Expect::Value;
                    }
                }
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    if top.object {
                        top.expect = Expect::Key;
                        top.key = None;
                    } else {
                        top.expect = Expect::Value;
                    }
                }
            }
            _ => {
                // Numbers, literals: a value.
                if !b[i].is_ascii_whitespace() {
                    if let Some(top) = stack.last_mut() {
                        if top.expect == Expect::Value {
                            top.expect = Expect::Comma;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    if found.is_none() {
        let depth = stack.len();
        found = snapshot(&stack, None).map(|p| (p, depth));
    }
    found.map(|(p, _)| p)
}

/// What kind of id a reference field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdKind {
    Region,
    Zone,
    VSwitch,
    SecurityGroup,
    Node,
    Any,
}

/// The reference fields of the format (by the object they are in) and what they name.
fn id_kind(def: Option<&str>, field: &str) -> Option<IdKind> {
    Some(match (def?, field) {
        ("Node", "zone" | "zones") | ("VSwitch", "zone") => IdKind::Zone,
        ("Node", "vswitch") => IdKind::VSwitch,
        ("Node", "region") | ("Vpc", "region") => IdKind::Region,
        ("Node", "security_groups") => IdKind::SecurityGroup,
        ("Node", "backends" | "replica_of" | "replicates_to" | "whitelist")
        | ("Link", "from" | "to")
        | ("SgRule", "from") => IdKind::Node,
        ("Ignore", "target") => IdKind::Any,
        _ => return None,
    })
}

/// The ids of a design, by kind (from a successful parse of its text).
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub regions: Vec<String>,
    pub zones: Vec<String>,
    pub vswitches: Vec<String>,
    pub groups: Vec<String>,
    pub nodes: Vec<(String, String)>,
}

impl Ids {
    pub fn of(text: &str, max_depth: u32) -> Option<Ids> {
        let tree = json::parse(text, max_depth).ok()?;
        let mut ids = Ids::default();
        let id = |v: &JValue<'_>| v.get("id").and_then(JValue::as_str).map(String::from);
        fn each<'a, 'b>(v: Option<&'b JValue<'a>>) -> &'b [JValue<'a>] {
            v.and_then(JValue::as_array).unwrap_or(&[])
        }
        for r in each(tree.get("regions")) {
            ids.regions.extend(id(r));
            for z in each(r.get("zones")) {
                ids.zones.extend(id(z));
            }
        }
        for v in each(tree.get("vpcs")) {
            for s in each(v.get("vswitches")) {
                ids.vswitches.extend(id(s));
            }
        }
        for g in each(tree.get("security_groups")) {
            ids.groups.extend(id(g));
        }
        for n in each(tree.get("nodes")) {
            if let Some(i) = id(n) {
                let kind = n.get("kind").and_then(JValue::as_str).unwrap_or("");
                ids.nodes.push((i, kind.to_string()));
            }
        }
        Some(ids)
    }
}

/// The completion items at byte `cursor` of a design text.
pub fn complete(
    text: &str,
    cursor: usize,
    ids: &Ids,
    lines: &Lines<'_>,
    lang: Lang,
) -> Vec<CompletionItem> {
    let Some(place) = place(text, cursor) else {
        return Vec::new();
    };
    if !place.key_position && !place.value_position {
        return Vec::new();
    }
    // What the completion replaces: the string's content around the cursor, or nothing.
    let (quoted, replace) = match place.string {
        Some((s, e)) => (true, lines.range(s, e.max(cursor))),
        None => (false, lines.range(cursor, cursor)),
    };
    let item = |label: String,
                kind: CompletionItemKind,
                detail: Option<String>,
                doc: &str,
                insert: String| {
        CompletionItem {
            label,
            kind: Some(kind),
            detail,
            documentation: (!doc.is_empty()).then(|| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: doc.to_string(),
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: insert,
            })),
            ..Default::default()
        }
    };
    let mut out = Vec::new();
    if place.key_position {
        let Some(at) = schema::at_path(&place.path) else {
            return out;
        };
        // A node offers the fields of its kind.
        let kind_fields = (at.def == Some("Node"))
            .then(|| {
                place
                    .strings
                    .iter()
                    .rev()
                    .find(|(k, _)| k == "kind")
                    .and_then(|(_, v)| NodeKind::from_name(v))
                    .map(NodeKind::fields)
            })
            .flatten();
        for (name, desc) in schema::properties(at) {
            if place.keys.iter().any(|k| k == name)
                && place
                    .string
                    .is_none_or(|(s, e)| text.get(s..e) != Some(name))
            {
                continue;
            }
            if let Some(fields) = kind_fields {
                if !fields.contains(&name) && !NODE_COMMON_FIELDS.contains(&name) {
                    continue;
                }
            }
            let insert = if quoted {
                name.to_string()
            } else {
                format!("\"{name}\": ")
            };
            out.push(item(
                name.to_string(),
                CompletionItemKind::FIELD,
                None,
                desc,
                insert,
            ));
        }
        return out;
    }
    // A value: of the member `key`, or an item of the array the cursor is in.
    let (path, field) = match &place.key {
        Some(k) => {
            let mut p = place.path.clone();
            p.push(Seg::Key(k.clone()));
            (p, k.clone())
        }
        None => {
            let field = match place.path.last() {
                Some(Seg::Key(k)) => k.clone(),
                _ => String::new(),
            };
            let mut p = place.path.clone();
            p.push(Seg::Index);
            (p, field)
        }
    };
    let Some(at) = schema::at_path(&path) else {
        return out;
    };
    let quote = |s: &str| {
        if quoted {
            s.to_string()
        } else {
            serde_json::to_string(s).unwrap_or_default()
        }
    };
    for v in schema::enum_values(at) {
        let (label, insert) = match v.as_str() {
            Some(s) => (s.to_string(), quote(s)),
            None if quoted => continue,
            None => (v.to_string(), v.to_string()),
        };
        let default = schema::default_of(at) == Some(v);
        out.push(item(
            label,
            CompletionItemKind::ENUM_MEMBER,
            default.then(|| "default".to_string()),
            "",
            insert,
        ));
    }
    if at.def == Some("Ignore") && field == "rule" {
        for r in rules::all() {
            out.push(item(
                r.code.to_string(),
                CompletionItemKind::CONSTANT,
                Some(format!("{} · {}", r.name, r.severity.label(lang))),
                r.summary.get(lang),
                quote(r.code),
            ));
        }
        return out;
    }
    let def = at.def;
    let Some(kind) = id_kind(def, &field) else {
        return out;
    };
    let mut push_ids = |list: &mut dyn Iterator<Item = (String, String)>| {
        for (id, detail) in list {
            let insert = if def == Some("SgRule") && detail == "security group" {
                quote(&format!("sg:{id}"))
            } else {
                quote(&id)
            };
            let label = if def == Some("SgRule") && detail == "security group" {
                format!("sg:{id}")
            } else {
                id
            };
            out.push(item(
                label,
                CompletionItemKind::REFERENCE,
                Some(detail),
                "",
                insert,
            ));
        }
    };
    let tag = |v: &[String], what: &str| -> Vec<(String, String)> {
        v.iter().map(|i| (i.clone(), what.to_string())).collect()
    };
    let nodes: Vec<(String, String)> = ids.nodes.clone();
    match kind {
        IdKind::Region => push_ids(&mut tag(&ids.regions, "region").into_iter()),
        IdKind::Zone => push_ids(&mut tag(&ids.zones, "zone").into_iter()),
        IdKind::VSwitch => push_ids(&mut tag(&ids.vswitches, "vswitch").into_iter()),
        IdKind::SecurityGroup => push_ids(&mut tag(&ids.groups, "security group").into_iter()),
        IdKind::Node => {
            if field == "from" && def == Some("Link") {
                push_ids(&mut std::iter::once(("internet".into(), "internet".into())));
            }
            if def == Some("SgRule") {
                push_ids(&mut tag(&ids.groups, "security group").into_iter());
            }
            push_ids(&mut nodes.into_iter());
        }
        IdKind::Any => {
            let all = tag(&ids.regions, "region")
                .into_iter()
                .chain(tag(&ids.zones, "zone"))
                .chain(tag(&ids.vswitches, "vswitch"))
                .chain(tag(&ids.groups, "security group"))
                .chain(nodes);
            push_ids(&mut all.into_iter());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pos::Encoding;

    fn labels(text_with_cursor: &str) -> Vec<String> {
        let cursor = text_with_cursor.find('|').unwrap();
        let text = text_with_cursor.replacen('|', "", 1);
        let ids = Ids {
            regions: vec!["hz".into()],
            zones: vec!["hz-b".into(), "hz-c".into()],
            vswitches: vec!["vsw-1".into()],
            groups: vec!["sg-web".into()],
            nodes: vec![("web-1".into(), "ecs".into()), ("db".into(), "rds".into())],
        };
        let lines = Lines::new(&text, Encoding::Utf16);
        complete(&text, cursor, &ids, &lines, Lang::En)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn keys_by_kind_and_schema() {
        let l = labels(r#"{ "archlint": 1, "nodes": [ { "id": "a", "kind": "slb", "| } ] }"#);
        assert!(l.contains(&"backends".to_string()), "{l:?}");
        assert!(l.contains(&"label".to_string()));
        assert!(
            !l.contains(&"cpu".to_string()),
            "ecs field offered on an slb: {l:?}"
        );
        assert!(!l.contains(&"id".to_string()), "already there: {l:?}");
        // Kind given after the cursor, no quote typed yet.
        let l = labels(r#"{ "archlint": 1, "nodes": [ { "id": "a", | "kind": "ecs" } ] }"#);
        assert!(l.contains(&"cpu".to_string()), "{l:?}");
        assert!(!l.contains(&"backends".to_string()));
        let l = labels(r#"{ "archlint": 1, | }"#);
        assert!(l.contains(&"nodes".to_string()) && l.contains(&"links".to_string()));
        assert!(!l.contains(&"archlint".to_string()));
    }

    #[test]
    fn enum_values_and_ids() {
        let l = labels(r#"{ "nodes": [ { "kind": "|" } ] }"#);
        assert!(l.contains(&"ecs".to_string()) && l.contains(&"apigw".to_string()));
        let l = labels(r#"{ "nodes": [ { "kind": "ecs", "zone": | } ] }"#);
        assert_eq!(l, ["hz-b", "hz-c"]);
        let l = labels(r#"{ "nodes": [ { "kind": "ecs", "security_groups": ["|"] } ] }"#);
        assert_eq!(l, ["sg-web"]);
        let l = labels(r#"{ "links": [ { "from": "w|eb", "to": "db" } ] }"#);
        assert_eq!(l, ["internet", "web-1", "db"]);
        let l = labels(r#"{ "ignore": [ { "rule": "|" } ] }"#);
        assert!(l.contains(&"HA001".to_string()));
        let l = labels(r#"{ "security_groups": [ { "rules": [ { "from": "|" } ] } ] }"#);
        assert!(l.contains(&"sg:sg-web".to_string()) && l.contains(&"web-1".to_string()));
    }
}
