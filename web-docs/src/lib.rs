//! The browser editor's rules documentation: core's [`TABLE`] (each rule's one-line summary,
//! Markdown documentation and fix note, in English and Chinese) as one JSON text, so that the
//! editor — a separate WASM module built without core's `docs` feature — loads the
//! documentation only when the Rules dialog or a rule's documentation is first opened.
//!
//! ```json
//! [{"code": "HA001", "summary": ["…", "…"], "doc": ["…", "…"], "fix_note": ["…", "…"]}, …]
//! ```
//!
//! Each pair is English, then Chinese; the rules are in catalog order. The table holds no
//! function pointer: none of the rules' check, fix or facts code is linked.

#![forbid(unsafe_code)]

use archlint_core::output::json::escape_into;
use archlint_core::rules::docs::TABLE;
use archlint_core::text::StaticText;

/// Every rule's documentation as JSON text (the shape above).
pub fn rule_docs() -> String {
    let mut out = String::with_capacity(256 * 1024);
    out.push('[');
    for (i, d) in TABLE.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":");
        escape_into(&mut out, d.code);
        pair(&mut out, "summary", d.summary);
        pair(&mut out, "doc", StaticText::new(d.doc_en, d.doc_zh));
        pair(&mut out, "fix_note", d.fix_note);
        out.push('}');
    }
    out.push(']');
    out
}

/// `,"key":["en","zh"]`.
fn pair(out: &mut String, key: &str, t: StaticText) {
    out.push_str(",\"");
    out.push_str(key);
    out.push_str("\":[");
    escape_into(out, t.en);
    out.push(',');
    escape_into(out, t.zh);
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn every_rule_in_both_languages() {
        let v: Value = serde_json::from_str(&rule_docs()).unwrap();
        let list = v.as_array().unwrap();
        let codes: Vec<&str> = list.iter().map(|r| r["code"].as_str().unwrap()).collect();
        let all: Vec<&str> = archlint_core::rules::all().map(|r| r.code).collect();
        assert_eq!(codes, all);
        let ha = list.iter().find(|r| r["code"] == "HA001").unwrap();
        let rule = archlint_core::rules::find("HA001").unwrap();
        assert_eq!(ha["summary"][0], rule.summary.en);
        assert_eq!(ha["summary"][1], rule.summary.zh);
        assert_eq!(ha["doc"][0], rule.doc_en);
        assert_eq!(ha["doc"][1], rule.doc_zh);
        assert_eq!(ha["fix_note"][1], rule.fix_note.zh);
        assert!(ha["doc"][0].as_str().unwrap().contains("## What it checks"));
        assert!(ha["doc"][1].as_str().unwrap().contains("## 检查内容"));
        for r in list {
            for k in ["summary", "doc"] {
                for l in 0..2 {
                    assert!(!r[k][l].as_str().unwrap().is_empty(), "{} {k}", r["code"]);
                }
            }
        }
    }
}
