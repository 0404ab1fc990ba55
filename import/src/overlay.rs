//! `--overlay FILE`: a design (format v1) that adds what IaC does not hold — tiers, modules,
//! roles, links between applications, ignores — merged into the imported design by id.
//!
//! Objects with an `id` in `regions`, `zones`, `vpcs`, `vswitches`, `security_groups` and
//! `nodes` are merged member by member (the overlay's members win); new ids are added;
//! `links` and `ignore` entries are appended; `name`, `profile` and `dr` are set. Every value
//! taken from the overlay keeps its position in the overlay file.

use serde_json::{Map, Value};

use archlint_core::json::{self, escape_pointer_token, Kind as JKind, Value as JValue};
use archlint_core::Text;

use crate::ent::Loc;
use crate::source::{Lines, SourceFile, SourceMap};
use crate::ImportError;

/// Arrays whose elements are merged by `id`.
const BY_ID: &[&str] = &[
    "regions",
    "zones",
    "vpcs",
    "vswitches",
    "security_groups",
    "nodes",
];

fn to_serde(v: &JValue<'_>) -> Value {
    match &v.kind {
        JKind::Null => Value::Null,
        JKind::Bool(b) => Value::Bool(*b),
        JKind::Number(n) => {
            if n.integer && n.value.abs() < 9.0e15 {
                Value::from(n.value as i64)
            } else {
                serde_json::Number::from_f64(n.value).map_or(Value::Null, Value::Number)
            }
        }
        JKind::String(s) => Value::String(s.to_string()),
        JKind::Array(a) => Value::Array(a.iter().map(to_serde).collect()),
        JKind::Object(m) => {
            let mut o = Map::new();
            for mem in m {
                o.insert(mem.key.to_string(), to_serde(&mem.value));
            }
            Value::Object(o)
        }
    }
}

/// Records the position of `v` and of everything inside it under `ptr`.
fn record(v: &JValue<'_>, ptr: &str, lines: &Lines<'_>, map: &mut SourceMap) {
    map.insert(ptr.to_string(), lines.loc(v.start as usize));
    match &v.kind {
        JKind::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                record(x, &format!("{ptr}/{i}"), lines, map);
            }
        }
        JKind::Object(m) => {
            for mem in m {
                let p = format!("{ptr}/{}", escape_pointer_token(&mem.key));
                map.insert(p.clone(), lines.loc(mem.key_start as usize));
                record_inner(&mem.value, &p, lines, map);
            }
        }
        _ => {}
    }
}

/// Like [`record`], but the value's own pointer keeps the key's position.
fn record_inner(v: &JValue<'_>, ptr: &str, lines: &Lines<'_>, map: &mut SourceMap) {
    let keep = map.get(ptr);
    record(v, ptr, lines, map);
    if let Some(k) = keep {
        map.insert(ptr.to_string(), k);
    }
}

fn merge_object(
    target: &mut Map<String, Value>,
    src: &[json::Member<'_>],
    ptr: &str,
    lines: &Lines<'_>,
    map: &mut SourceMap,
) {
    for mem in src {
        let key = mem.key.to_string();
        let p = format!("{ptr}/{}", escape_pointer_token(&key));
        match (&mem.value.kind, target.get_mut(&key)) {
            (JKind::Array(items), Some(Value::Array(existing)))
                if BY_ID.contains(&key.as_str()) =>
            {
                merge_by_id(existing, items, &p, lines, map);
            }
            _ => {
                target.insert(key, to_serde(&mem.value));
                map.insert(p.clone(), lines.loc(mem.key_start as usize));
                record_inner(&mem.value, &p, lines, map);
            }
        }
    }
}

fn merge_by_id(
    existing: &mut Vec<Value>,
    items: &[JValue<'_>],
    ptr: &str,
    lines: &Lines<'_>,
    map: &mut SourceMap,
) {
    for it in items {
        let id = it.get("id").and_then(|v| v.as_str());
        let found = id.and_then(|id| {
            existing
                .iter()
                .position(|e| e.get("id").and_then(Value::as_str) == Some(id))
        });
        match (found, it.as_object()) {
            (Some(i), Some(members)) => {
                if let Some(Value::Object(o)) = existing.get_mut(i) {
                    merge_object(o, members, &format!("{ptr}/{i}"), lines, map);
                }
            }
            _ => {
                let i = existing.len();
                existing.push(to_serde(it));
                record(it, &format!("{ptr}/{i}"), lines, map);
            }
        }
    }
}

/// Merges the overlay file (index `idx` among the inputs) into `doc`.
pub fn merge(
    doc: &mut Value,
    map: &mut SourceMap,
    ov: &SourceFile,
    idx: u32,
) -> Result<(), ImportError> {
    let lines = Lines::new(&ov.text, idx);
    let tree = json::parse(&ov.text, 128).map_err(|e| {
        let at: Loc = lines.loc(e.offset as usize);
        let (en, zh) = e.kind.describe();
        ImportError::at(
            ov,
            at.line,
            at.col,
            Text {
                en: format!("invalid JSON in the overlay: {en}"),
                zh: format!("覆盖文件的 JSON 无效：{zh}"),
            },
        )
    })?;
    let Some(members) = tree.as_object() else {
        return Err(ImportError::at(
            ov,
            1,
            1,
            Text::new(
                "the overlay must be a design object (format v1)",
                "覆盖文件必须是一个设计对象（格式 v1）",
            ),
        ));
    };
    let Value::Object(root) = doc else {
        return Ok(());
    };
    for mem in members {
        let key = mem.key.to_string();
        let p = format!("/{}", escape_pointer_token(&key));
        match key.as_str() {
            "archlint" => {}
            "links" | "ignore" => {
                let arr = root
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let (Value::Array(existing), Some(items)) = (arr, mem.value.as_array()) {
                    for it in items {
                        let i = existing.len();
                        existing.push(to_serde(it));
                        record(it, &format!("{p}/{i}"), &lines, map);
                    }
                }
            }
            k if BY_ID.contains(&k) => {
                let arr = root
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let (Value::Array(existing), Some(items)) = (arr, mem.value.as_array()) {
                    merge_by_id(existing, items, &p, &lines, map);
                }
            }
            _ => {
                root.insert(key.clone(), to_serde(&mem.value));
                map.insert(p.clone(), lines.loc(mem.key_start as usize));
                record_inner(&mem.value, &p, &lines, map);
            }
        }
    }
    Ok(())
}
