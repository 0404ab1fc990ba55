//! Autosave: the design and its undo history in local storage, as one JSON record that says
//! which tab wrote it and when.

use serde_json::{json, Value};

pub const KEY: &str = "archlint.autosave";
pub const LANG_KEY: &str = "archlint.lang";
pub const THEME_KEY: &str = "archlint.theme";
/// Undo steps saved with the design (the in-memory history can be longer).
pub const SAVED_STEPS: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub tab: String,
    pub at: f64,
    pub text: String,
    pub undo: Vec<String>,
    pub redo: Vec<String>,
}

fn tail<T: AsRef<str>>(v: &[T], n: usize) -> Vec<&str> {
    v[v.len().saturating_sub(n)..]
        .iter()
        .map(|s| s.as_ref())
        .collect()
}

impl Record {
    pub fn to_json<T: AsRef<str>>(
        tab: &str,
        at: f64,
        text: &str,
        undo: &[T],
        redo: &[T],
        steps: usize,
    ) -> String {
        json!({
            "v": 1,
            "tab": tab,
            "at": at,
            "text": text,
            "undo": tail(undo, steps),
            "redo": tail(redo, steps),
        })
        .to_string()
    }

    pub fn parse(s: &str) -> Option<Record> {
        let v: Value = serde_json::from_str(s).ok()?;
        let list = |k: &str| -> Vec<String> {
            v.get(k)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(Record {
            tab: v.get("tab")?.as_str()?.to_string(),
            at: v.get("at")?.as_f64()?,
            text: v.get("text")?.as_str()?.to_string(),
            undo: list("undo"),
            redo: list("redo"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_the_last_steps() {
        let undo: Vec<String> = (0..60).map(|i| i.to_string()).collect();
        let s = Record::to_json("t1", 5.0, "{}", &undo, &[], SAVED_STEPS);
        let r = Record::parse(&s).unwrap();
        assert_eq!(r.tab, "t1");
        assert_eq!(r.text, "{}");
        assert_eq!(r.undo.len(), SAVED_STEPS);
        assert_eq!(r.undo.last().map(String::as_str), Some("59"));
        assert!(Record::parse("nope").is_none());
    }
}
