//! Autosave: the design and its undo history in local storage, as one JSON record that says
//! which tab wrote it and when.
//!
//! The history is stored as differences (version 2): each step is the text it restores,
//! written as what changed against its neighbour on the way back from the current design
//! (`[prefix bytes kept, suffix bytes kept, "the middle"]`). An edit changes a few lines of a
//! text that may be 100 KB, so 200 steps of a 300-node design take kilobytes, not the 20 MB
//! that full copies would (more than a browser's storage quota holds), and a save writes and
//! reads back little more than the design itself. Records of version 1 (full copies) still
//! restore.

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::{json, Value};

pub const KEY: &str = "archlint.autosave";
pub const LANG_KEY: &str = "archlint.lang";
pub const THEME_KEY: &str = "archlint.theme";
/// Undo steps saved with the design: all that the editor keeps in memory.
pub const SAVED_STEPS: usize = crate::state::UNDO_LIMIT;

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub tab: String,
    pub at: f64,
    pub text: String,
    pub undo: Vec<String>,
    pub redo: Vec<String>,
}

/// `to` written against `base`: the bytes of `base` kept at the start and at the end, and what
/// goes between them. Both lengths fall on character boundaries of both texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    pub prefix: usize,
    pub suffix: usize,
    pub middle: String,
}

impl Delta {
    pub fn between(base: &str, to: &str) -> Delta {
        let (a, b) = (base.as_bytes(), to.as_bytes());
        let mut p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        while !(base.is_char_boundary(p) && to.is_char_boundary(p)) {
            p -= 1;
        }
        let room = a.len().min(b.len()) - p;
        let mut s = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(room)
            .take_while(|(x, y)| x == y)
            .count();
        while !(base.is_char_boundary(a.len() - s) && to.is_char_boundary(b.len() - s)) {
            s -= 1;
        }
        Delta {
            prefix: p,
            suffix: s,
            middle: to[p..b.len() - s].to_string(),
        }
    }

    /// The text this delta makes of `base`; `None` when it does not fit (a damaged record).
    pub fn apply(&self, base: &str) -> Option<String> {
        let end = base.len().checked_sub(self.suffix)?;
        if self.prefix > end || !base.is_char_boundary(self.prefix) || !base.is_char_boundary(end) {
            return None;
        }
        let mut out = String::with_capacity(self.prefix + self.middle.len() + self.suffix);
        out.push_str(&base[..self.prefix]);
        out.push_str(&self.middle);
        out.push_str(&base[end..]);
        Some(out)
    }

    fn to_json(&self) -> Value {
        json!([self.prefix, self.suffix, self.middle])
    }

    fn from_json(v: &Value) -> Option<Delta> {
        let a = v.as_array()?;
        Some(Delta {
            prefix: usize::try_from(a.first()?.as_u64()?).ok()?,
            suffix: usize::try_from(a.get(1)?.as_u64()?).ok()?,
            middle: a.get(2)?.as_str()?.to_string(),
        })
    }
}

type Key = (usize, usize, usize, usize);

/// Deltas already computed, by the two texts' addresses: each save only computes the steps
/// added since the last. The cache holds the texts it has deltas for, so an address in it
/// always belongs to the same text (a freed one could be reused by another).
#[derive(Default)]
pub struct DeltaCache {
    map: HashMap<Key, (Rc<str>, Rc<str>, Delta)>,
}

fn key(base: &str, to: &str) -> Key {
    (
        base.as_ptr() as usize,
        base.len(),
        to.as_ptr() as usize,
        to.len(),
    )
}

/// A stack of texts walked from `current` outwards (its last element first), as deltas in
/// the stack's own order: element `i` written against element `i + 1`, the last against
/// `current`.
fn chain(
    current: &Rc<str>,
    stack: &[Rc<str>],
    steps: usize,
    cache: &mut DeltaCache,
    used: &mut HashMap<Key, (Rc<str>, Rc<str>, Delta)>,
) -> Vec<Value> {
    let stack = &stack[stack.len().saturating_sub(steps)..];
    let mut out = Vec::with_capacity(stack.len());
    let mut base = current;
    for to in stack.iter().rev() {
        let k = key(base, to);
        let entry = match cache.map.remove(&k) {
            Some(e) => e,
            None => (base.clone(), to.clone(), Delta::between(base, to)),
        };
        out.push(entry.2.to_json());
        used.insert(k, entry);
        base = to;
    }
    out.reverse();
    out
}

/// Undoes [`chain`]: the texts, oldest first. A delta that does not fit ends the chain there
/// (the steps beyond it are lost, the rest kept).
fn unchain(current: &str, deltas: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(deltas.len());
    for v in deltas.iter().rev() {
        let base = out.last().map_or(current, String::as_str);
        let Some(t) = Delta::from_json(v).and_then(|d| d.apply(base)) else {
            break;
        };
        out.push(t);
    }
    out.reverse();
    out
}

impl Record {
    /// The record (version 2) with the last `steps` undo and redo steps. `cache` keeps the
    /// deltas between calls (only those still in use).
    pub fn to_json(
        tab: &str,
        at: f64,
        text: &Rc<str>,
        (undo, redo): (&[Rc<str>], &[Rc<str>]),
        steps: usize,
        cache: &mut DeltaCache,
    ) -> String {
        let mut used = HashMap::new();
        let u = chain(text, undo, steps, cache, &mut used);
        let r = chain(text, redo, steps, cache, &mut used);
        cache.map = used;
        json!({
            "v": 2,
            "tab": tab,
            "at": at,
            "text": &**text,
            "undo": u,
            "redo": r,
        })
        .to_string()
    }

    /// Reads a record of version 1 (full texts) or 2 (deltas).
    pub fn parse(s: &str) -> Option<Record> {
        Record::read(s, true)
    }

    /// Reads who wrote a record, when, and its design, leaving its history empty: what a
    /// save checks before it writes (rebuilding 200 steps of a large design each time costs
    /// milliseconds).
    pub fn head(s: &str) -> Option<Record> {
        Record::read(s, false)
    }

    fn read(s: &str, history: bool) -> Option<Record> {
        let v: Value = serde_json::from_str(s).ok()?;
        let text = v.get("text")?.as_str()?.to_string();
        let version = v.get("v").and_then(Value::as_u64).unwrap_or(1);
        let list = |k: &str| -> Vec<String> {
            if !history {
                return Vec::new();
            }
            let items = v.get(k).and_then(Value::as_array);
            let items = items.map(Vec::as_slice).unwrap_or_default();
            if version >= 2 {
                unchain(&text, items)
            } else {
                items
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            }
        };
        Some(Record {
            tab: v.get("tab")?.as_str()?.to_string(),
            at: v.get("at")?.as_f64()?,
            undo: list("undo"),
            redo: list("redo"),
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rcs(v: &[String]) -> Vec<Rc<str>> {
        v.iter().map(|s| Rc::from(s.as_str())).collect()
    }

    fn save(undo: &[String], redo: &[String], text: &str, steps: usize) -> String {
        Record::to_json(
            "t1",
            5.0,
            &Rc::from(text),
            (&rcs(undo), &rcs(redo)),
            steps,
            &mut DeltaCache::default(),
        )
    }

    #[test]
    fn round_trip_keeps_the_last_steps() {
        let undo: Vec<String> = (0..260).map(|i| format!("{{\"n\":{i}}}")).collect();
        let s = save(&undo, &[], "{}", SAVED_STEPS);
        let r = Record::parse(&s).unwrap();
        assert_eq!(r.tab, "t1");
        assert_eq!(r.text, "{}");
        assert_eq!(r.undo.len(), SAVED_STEPS);
        assert_eq!(r.undo, undo[260 - SAVED_STEPS..]);
        assert!(Record::parse("nope").is_none());
    }

    #[test]
    fn undo_and_redo_chains_restore_every_text() {
        // Texts that share starts and ends, differ in the middle, in length, in non-ASCII
        // characters that share leading bytes (é and ê), and one that is empty.
        let undo: Vec<String> = [
            "",
            "{\"a\":\"é\"}",
            "{\"a\":\"ê\"}",
            "{\"a\":\"ê\",\"b\":1}",
        ]
        .map(String::from)
        .to_vec();
        let redo: Vec<String> = ["{\"a\":\"中文\"}", "{\"a\":\"中\"}", "{\"a\":1}"]
            .map(String::from)
            .to_vec();
        let r = Record::parse(&save(&undo, &redo, "{\"a\":\"ê\",\"b\":2}", 10)).unwrap();
        assert_eq!(r.undo, undo);
        assert_eq!(r.redo, redo);
    }

    #[test]
    fn a_small_edit_of_a_large_text_is_stored_small() {
        let big: String = (0..2000).map(|i| format!("{{\"id\":\"n{i}\"}},")).collect();
        let edited = big.replacen("\"n1000\"", "\"renamed\"", 1);
        let undo = vec![big.clone(), edited.clone()];
        let s = save(&undo, &[], &big, 10);
        assert!(s.len() < big.len() * 2 + 1000, "{} bytes", s.len());
        assert_eq!(Record::parse(&s).unwrap().undo, undo);
    }

    #[test]
    fn delta_lengths_fall_on_character_boundaries() {
        for (a, b) in [
            ("é", "ê"),
            ("aé", "aê"),
            ("éa", "êa"),
            ("中", "丰"),
            ("", "中"),
            ("x中", "x"),
        ] {
            let d = Delta::between(a, b);
            assert_eq!(d.apply(a).as_deref(), Some(b), "{a} → {b}");
        }
    }

    #[test]
    fn a_damaged_delta_loses_only_the_steps_beyond_it() {
        let rec = json!({"v": 2, "tab": "t", "at": 1.0, "text": "abc",
            "undo": [[0, 0, "old"], [99, 0, "x"], [1, 1, "Z"]]})
        .to_string();
        let r = Record::parse(&rec).unwrap();
        // The last step (aZc) applies; the one before does not fit, so the oldest is lost too.
        assert_eq!(r.undo, vec!["aZc".to_string()]);
    }

    #[test]
    fn the_head_leaves_out_the_history() {
        let undo = vec!["{\"a\":1}".to_string()];
        let h = Record::head(&save(&undo, &undo, "{}", 10)).unwrap();
        assert_eq!((h.tab.as_str(), h.at, h.text.as_str()), ("t1", 5.0, "{}"));
        assert!(h.undo.is_empty() && h.redo.is_empty());
    }

    #[test]
    fn version_1_records_still_restore() {
        let rec = json!({"v": 1, "tab": "t", "at": 1.0, "text": "{}",
            "undo": ["{\"a\":1}"], "redo": []})
        .to_string();
        let r = Record::parse(&rec).unwrap();
        assert_eq!(r.undo, vec!["{\"a\":1}".to_string()]);
    }

    #[test]
    fn the_cache_is_reused_and_pruned() {
        let undo = rcs(&(0..5).map(|i| format!("text {i}")).collect::<Vec<_>>());
        let now: Rc<str> = Rc::from("now");
        let mut cache = DeltaCache::default();
        let a = Record::to_json("t", 1.0, &now, (&undo, &[]), 10, &mut cache);
        assert_eq!(cache.map.len(), 5);
        // Every delta is reused: the entries are the same allocations.
        let before: Vec<*const u8> = cache.map.values().map(|e| e.2.middle.as_ptr()).collect();
        let b = Record::to_json("t", 1.0, &now, (&undo, &[]), 10, &mut cache);
        assert_eq!(a, b);
        let mut after: Vec<*const u8> = cache.map.values().map(|e| e.2.middle.as_ptr()).collect();
        let mut before = before;
        before.sort();
        after.sort();
        assert_eq!(before, after);
        // Steps no longer saved leave the cache.
        let _ = Record::to_json("t", 1.0, &now, (&undo[3..], &[]), 10, &mut cache);
        assert_eq!(cache.map.len(), 2);
    }
}
