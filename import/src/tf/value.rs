//! Terraform values as the importer knows them before deploy.

use std::collections::BTreeMap;
use std::fmt::Write;

/// A value: known, a reference to a resource instance, or unknown until deploy.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Val>),
    /// Objects and maps (ordered by key, as Terraform iterates them).
    Map(BTreeMap<String, Val>),
    /// The `id` (or another identifying attribute) of a resource instance of the
    /// configuration: its full address (`module.app.alicloud_vswitch.a[0]`).
    Ref(String),
    Unknown(Unknown),
}

/// A value known only at deploy. `origin` names where it comes from, narrowed by the first
/// literal index applied to it, so that `data.alicloud_zones.z.zones[0].id` and
/// `data.alicloud_zones.z.ids[0]` are the same unknown and `…[1]` another one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub origin: String,
    /// A literal index has been applied.
    pub indexed: bool,
    /// Derived through an operation that loses identity (arithmetic, an unknown index, a
    /// conditional on an unknown): such a value is never a placeholder zone or id.
    pub opaque: bool,
}

impl Val {
    pub fn unknown(origin: impl Into<String>) -> Val {
        Val::Unknown(Unknown {
            origin: origin.into(),
            indexed: false,
            opaque: false,
        })
    }
    pub fn opaque(origin: impl Into<String>) -> Val {
        Val::Unknown(Unknown {
            origin: origin.into(),
            indexed: false,
            opaque: true,
        })
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self, Val::Unknown(_))
    }
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "bool",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
            Val::List(_) => "list",
            Val::Map(_) => "object",
            Val::Ref(_) => "reference",
            Val::Unknown(_) => "unknown",
        }
    }
    /// The value as a string, as Terraform converts primitives.
    pub fn as_string(&self) -> Option<String> {
        match self {
            Val::Str(s) => Some(s.clone()),
            Val::Num(n) => Some(fmt_num(*n)),
            Val::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            Val::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            Val::Str(s) if s == "true" => Some(true),
            Val::Str(s) if s == "false" => Some(false),
            _ => None,
        }
    }
    /// The member `name` of an object; of an unknown, the unknown narrowed.
    pub fn attr(&self, name: &str) -> Val {
        match self {
            Val::Map(m) => m.get(name).cloned().unwrap_or(Val::Null),
            Val::Unknown(u) => Val::Unknown(u.attr(name)),
            // A splat over references: the attribute of each.
            Val::List(items) => Val::List(items.iter().map(|v| v.attr(name)).collect()),
            Val::Ref(_) => self.clone(),
            _ => Val::Null,
        }
    }
    /// Element `key` of a list or map.
    pub fn index(&self, key: &Val) -> Val {
        match (self, key) {
            (Val::Unknown(u), k) => match k.as_num() {
                Some(i) if !k.is_unknown() => Val::Unknown(u.index(&fmt_num(i))),
                _ => match k.as_string() {
                    Some(s) => Val::Unknown(u.index(&format!("{s:?}"))),
                    None => Val::Unknown(Unknown {
                        opaque: true,
                        ..u.clone()
                    }),
                },
            },
            (_, Val::Unknown(u)) => Val::Unknown(Unknown {
                opaque: true,
                ..u.clone()
            }),
            (Val::List(items), k) => match k.as_num() {
                Some(i) if i >= 0.0 && (i as usize) < items.len() => items[i as usize].clone(),
                _ => Val::Null,
            },
            (Val::Map(m), k) => match k.as_string() {
                Some(s) => m.get(&s).cloned().unwrap_or(Val::Null),
                None => Val::Null,
            },
            _ => Val::Null,
        }
    }
    /// A short rendering for messages.
    pub fn describe(&self) -> String {
        match self {
            Val::Str(s) => format!("{s:?}"),
            Val::Num(n) => fmt_num(*n),
            Val::Bool(b) => b.to_string(),
            Val::Null => "null".into(),
            Val::Ref(r) => r.clone(),
            Val::Unknown(u) => u.origin.clone(),
            Val::List(l) => format!("[{} items]", l.len()),
            Val::Map(m) => format!("{{{} keys}}", m.len()),
        }
    }
}

impl Unknown {
    fn attr(&self, name: &str) -> Unknown {
        let mut u = self.clone();
        // A data source's attributes name one value: `ids[0]` and `zones[0].id` are the same
        // zone. Past an index, attribute names add nothing either.
        let is_data = self.origin.starts_with("data.") && self.origin.split('.').count() >= 3;
        if !self.indexed && !is_data {
            let _ = write!(u.origin, ".{name}");
        }
        u
    }
    fn index(&self, key: &str) -> Unknown {
        let mut u = self.clone();
        if !self.indexed {
            let _ = write!(u.origin, "[{key}]");
            u.indexed = true;
        }
        u
    }
}

/// A number as Terraform prints it: integers without a fraction.
pub fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
