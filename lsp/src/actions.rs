//! Waivers as text edits: an `ignore` entry added to a design (or an overlay) JSON text in the
//! style of the file — into its `ignore` array if it has one, else as a new `ignore` member.

use archlint_core::json::{self, Kind, Value};

/// A replacement of the byte range `start..end` by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[cfg(test)]
impl Edit {
    pub fn apply(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + self.text.len());
        out.push_str(&s[..self.start]);
        out.push_str(&self.text);
        out.push_str(&s[self.end..]);
        out
    }
}

/// The indentation (spaces and tabs) of the line holding byte `at`.
fn indent_at(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[start..];
    let n = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..n]
}

/// Whether bytes `a` and `b` are on the same line.
fn same_line(text: &str, a: usize, b: usize) -> bool {
    let (a, b) = (a.min(b), a.max(b));
    !text[a..b].contains('\n')
}

/// The line break the text uses.
fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The members of a new entry: `"rule": …, "target": …, "reason": …`.
fn members(rule: &str, target: Option<&str>, reason: &str) -> Vec<String> {
    let mut m = vec![format!("\"rule\": {}", quote(rule))];
    if let Some(t) = target {
        m.push(format!("\"target\": {}", quote(t)));
    }
    m.push(format!("\"reason\": {}", quote(reason)));
    m
}

/// The edit that adds the waiver, or `None` when the text is not a JSON object.
pub fn add_waiver(text: &str, rule: &str, target: Option<&str>, reason: &str) -> Option<Edit> {
    let tree = json::parse(text, archlint_core::Limits::DEFAULT.max_depth).ok()?;
    let root = tree.as_object()?;
    let nl = newline(text);
    let one_line = format!("{{ {} }}", members(rule, target, reason).join(", "));
    // The indentation step: that of the first member relative to the root, else two spaces.
    let root_indent = indent_at(text, tree.start as usize);
    let step = root
        .first()
        .filter(|m| !same_line(text, tree.start as usize, m.key_start as usize))
        .map(|m| indent_at(text, m.key_start as usize))
        .and_then(|i| i.strip_prefix(root_indent))
        .filter(|s| !s.is_empty())
        .unwrap_or("  ")
        .to_string();
    if let Some(Value {
        kind: Kind::Array(items),
        start,
        end,
    }) = tree.get("ignore")
    {
        let (start, end) = (*start as usize, *end as usize);
        let Some(last) = items.last() else {
            // `[]`: the entry on a line of its own unless the array sits on one line in a
            // compact file.
            let ind = indent_at(text, start);
            let compact = root
                .first()
                .is_some_and(|m| same_line(text, tree.start as usize, m.key_start as usize));
            let t = if compact {
                format!("[ {one_line} ]")
            } else {
                format!("[{nl}{ind}{step}{one_line}{nl}{ind}]")
            };
            return Some(Edit {
                start,
                end,
                text: t,
            });
        };
        let (ls, le) = (last.start as usize, last.end as usize);
        // After the last entry, in its style: on the same line or a line of its own, one
        // line or one member per line.
        let sep = if same_line(text, start, ls) {
            " ".to_string()
        } else {
            format!("{nl}{}", indent_at(text, ls))
        };
        let entry = if same_line(text, ls, le) {
            one_line
        } else {
            let ind = indent_at(text, ls);
            let inner = last
                .as_object()
                .and_then(|m| m.first())
                .map(|m| indent_at(text, m.key_start as usize).to_string())
                .unwrap_or_else(|| format!("{ind}{step}"));
            let body: Vec<String> = members(rule, target, reason)
                .into_iter()
                .map(|m| format!("{inner}{m}"))
                .collect();
            format!("{{{nl}{}{nl}{ind}}}", body.join(&format!(",{nl}")))
        };
        return Some(Edit {
            start: le,
            end: le,
            text: format!(",{sep}{entry}"),
        });
    }
    if tree.get("ignore").is_some() {
        return None; // an `ignore` that is not an array: DF reports it; no edit guesses
    }
    // A new `ignore` member after the last one.
    let last = root.last()?;
    let at = last.value.end as usize;
    let compact = same_line(text, tree.start as usize, last.key_start as usize)
        && same_line(text, tree.start as usize, tree.end as usize);
    let t = if compact {
        format!(", \"ignore\": [ {one_line} ]")
    } else {
        let ind = indent_at(text, last.key_start as usize);
        format!(",{nl}{ind}\"ignore\": [{nl}{ind}{step}{one_line}{nl}{ind}]")
    };
    Some(Edit {
        start: at,
        end: at,
        text: t,
    })
}

/// The edit that appends a `[[waiver]]` table to a project configuration (`archlint.toml`).
/// The strings are written as TOML basic strings (JSON's escapes are TOML's).
pub fn add_config_waiver(text: &str, rule: &str, target: Option<&str>, reason: &str) -> Edit {
    let nl = newline(text);
    let mut t = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        t.push_str(nl);
    }
    if !text.trim().is_empty() {
        t.push_str(nl);
    }
    t.push_str("[[waiver]]");
    t.push_str(nl);
    t.push_str(&format!("rule = {}{nl}", quote(rule)));
    if let Some(target) = target {
        t.push_str(&format!("target = {}{nl}", quote(target)));
    }
    t.push_str(&format!("reason = {}{nl}", quote(reason)));
    Edit {
        start: text.len(),
        end: text.len(),
        text: t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waive(text: &str, target: Option<&str>) -> String {
        let e = add_waiver(text, "HA001", target, "why").unwrap();
        let out = e.apply(text);
        let v: serde_json::Value = serde_json::from_str(&out).expect(&out);
        let ig = v["ignore"].as_array().unwrap();
        let last = ig.last().unwrap();
        assert_eq!(last["rule"], "HA001");
        assert_eq!(last["reason"], "why");
        assert_eq!(last.get("target").and_then(|t| t.as_str()), target);
        out
    }

    #[test]
    fn new_ignore_member_pretty_and_compact() {
        let out = waive(
            "{\n    \"archlint\": 1,\n    \"nodes\": []\n}\n",
            Some("web-1"),
        );
        assert_eq!(
            out,
            "{\n    \"archlint\": 1,\n    \"nodes\": [],\n    \"ignore\": [\n        { \"rule\": \"HA001\", \"target\": \"web-1\", \"reason\": \"why\" }\n    ]\n}\n"
        );
        let out = waive("{ \"archlint\": 1, \"nodes\": [] }", None);
        assert_eq!(
            out,
            "{ \"archlint\": 1, \"nodes\": [], \"ignore\": [ { \"rule\": \"HA001\", \"reason\": \"why\" } ] }"
        );
    }

    #[test]
    fn config_waiver() {
        let e = add_config_waiver("select = [\"ALL\"]", "SG001", Some("a\"b"), "why");
        assert_eq!(
            e.apply("select = [\"ALL\"]"),
            "select = [\"ALL\"]\n\n[[waiver]]\nrule = \"SG001\"\ntarget = \"a\\\"b\"\nreason = \"why\"\n"
        );
        assert_eq!(
            add_config_waiver("", "HA001", None, "x").text,
            "[[waiver]]\nrule = \"HA001\"\nreason = \"x\"\n"
        );
    }

    #[test]
    fn into_existing_arrays() {
        let out = waive(
            "{\n  \"archlint\": 1,\n  \"ignore\": [\n    { \"rule\": \"X\", \"reason\": \"r\" }\n  ]\n}",
            Some("a\"b"),
        );
        assert!(
            out.contains("\"reason\": \"r\" },\n    { \"rule\": \"HA001\", \"target\": \"a\\\"b\""),
            "{out}"
        );
        let out = waive(
            "{\r\n  \"archlint\": 1,\r\n  \"ignore\": [\r\n    {\r\n      \"rule\": \"X\",\r\n      \"reason\": \"r\"\r\n    }\r\n  ]\r\n}",
            Some("w"),
        );
        assert!(out.contains("    },\r\n    {\r\n      \"rule\": \"HA001\",\r\n      \"target\": \"w\",\r\n      \"reason\": \"why\"\r\n    }\r\n  ]"), "{out}");
        let out = waive("{\n  \"archlint\": 1,\n  \"ignore\": []\n}", None);
        assert!(out.contains("\"ignore\": [\n    { \"rule\""), "{out}");
        assert!(add_waiver("{\"ignore\": 3}", "HA001", None, "x").is_none());
        assert!(add_waiver("[1]", "HA001", None, "x").is_none());
        assert!(add_waiver("{", "HA001", None, "x").is_none());
    }
}
