//! The design's JSON Schema (`archlint schema`, `archlint_core::SCHEMA`), walked for completion
//! and hover: the fields of an object, their descriptions and enum values.

use std::sync::OnceLock;

use serde_json::Value;

/// One step into a design: an object member or an array item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index,
}

/// The schema, parsed once.
pub fn schema() -> &'static Value {
    static S: OnceLock<Value> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(archlint_core::SCHEMA).unwrap_or(Value::Null))
}

/// A place in the schema: the subschema and the `$defs` name it was reached through.
#[derive(Debug, Clone, Copy)]
pub struct At<'s> {
    pub node: &'s Value,
    /// The nearest `$defs` entry on the way (`Node`, `Link`, …); `None` at the root.
    pub def: Option<&'s str>,
}

/// Follows `$ref`s (`#/$defs/Name`).
fn deref<'s>(mut at: At<'s>) -> At<'s> {
    for _ in 0..8 {
        let Some(r) = at.node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(name) = r.strip_prefix("#/$defs/") else {
            break;
        };
        match schema().get("$defs").and_then(|d| d.get(name)) {
            Some(n) => {
                // A field's own `$ref` to a scalar type (Ref, Id, Port) keeps the def of the
                // object it belongs to; only object types become the def.
                let def = if n.get("properties").is_some() {
                    Some(name)
                } else {
                    at.def
                };
                at = At { node: n, def };
            }
            None => break,
        }
    }
    at
}

/// The subschema at a path from the root, and the def of the object holding it.
pub fn at_path(path: &[Seg]) -> Option<At<'static>> {
    let mut at = deref(At {
        node: schema(),
        def: None,
    });
    for seg in path {
        let next = match seg {
            Seg::Key(k) => at.node.get("properties")?.get(k)?,
            Seg::Index => at.node.get("items")?,
        };
        at = deref(At {
            node: next,
            def: at.def,
        });
    }
    Some(at)
}

/// The properties of an object schema: name and description, in schema order.
pub fn properties(at: At<'static>) -> Vec<(&'static str, &'static str)> {
    at.node
        .get("properties")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .map(|(k, v)| {
                    (
                        k.as_str(),
                        v.get("description").and_then(Value::as_str).unwrap_or(""),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The description of a subschema (before following its `$ref`).
pub fn description(path: &[Seg]) -> Option<&'static str> {
    let (last, parent) = path.split_last()?;
    let holder = at_path(parent)?;
    let raw = match last {
        Seg::Key(k) => holder.node.get("properties")?.get(k)?,
        Seg::Index => holder.node.get("items")?,
    };
    raw.get("description").and_then(Value::as_str).or_else(|| {
        deref(At {
            node: raw,
            def: None,
        })
        .node
        .get("description")?
        .as_str()
    })
}

/// The values a subschema allows by `enum` / `const`.
pub fn enum_values(at: At<'static>) -> Vec<&'static Value> {
    let mut out: Vec<&Value> = Vec::new();
    if let Some(e) = at.node.get("enum").and_then(Value::as_array) {
        out.extend(e.iter());
    }
    if let Some(c) = at.node.get("const") {
        out.push(c);
    }
    out
}

/// The default of a subschema, if it states one.
pub fn default_of(at: At<'static>) -> Option<&'static Value> {
    at.node.get("default")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &[&str]) -> Vec<Seg> {
        s.iter()
            .map(|x| {
                if *x == "[]" {
                    Seg::Index
                } else {
                    Seg::Key(x.to_string())
                }
            })
            .collect()
    }

    #[test]
    fn walks_refs() {
        let node = at_path(&p(&["nodes", "[]"])).unwrap();
        assert_eq!(node.def, Some("Node"));
        assert!(properties(node)
            .iter()
            .any(|(k, _)| *k == "security_groups"));
        let kind = at_path(&p(&["nodes", "[]", "kind"])).unwrap();
        assert!(enum_values(kind).iter().any(|v| v.as_str() == Some("slb")));
        // A Ref field keeps its object's def.
        let zone = at_path(&p(&["nodes", "[]", "zone"])).unwrap();
        assert_eq!(zone.def, Some("Node"));
        let sg = at_path(&p(&["nodes", "[]", "security_groups", "[]"])).unwrap();
        assert_eq!(sg.def, Some("Node"));
        assert!(description(&p(&["links", "[]", "from"]))
            .unwrap()
            .contains("client"));
        assert_eq!(
            enum_values(at_path(&p(&["archlint"])).unwrap())[0],
            &Value::from(1)
        );
    }
}
