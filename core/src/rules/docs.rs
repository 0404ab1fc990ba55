//! The rules' documentation without the rules: [`TABLE`] holds, per rule in catalog order, its
//! code, one-line summary, documentation and fix note — copied out of the registry
//! ([`super::FAMILIES`]) at compile time, so that the table holds no function pointer and a
//! program that reads only it links none of the rules' check, fix or facts code.
//!
//! The browser editor's rules documentation module (`web-docs/`, loaded when the Rules dialog
//! first opens) reads it; the editor itself is built without the `docs` feature.

use crate::rule::RuleMeta;
use crate::text::StaticText;

/// One rule's documentation: what [`RuleMeta`] has of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    pub code: &'static str,
    /// One line (`archlint rules`, SARIF `shortDescription`).
    pub summary: StaticText,
    /// The English documentation ([`RuleMeta::doc_en`]).
    pub doc_en: &'static str,
    /// The Chinese documentation ([`RuleMeta::doc_zh`]).
    pub doc_zh: &'static str,
    /// What the fix does, or why the rule has none.
    pub fix_note: StaticText,
}

impl RuleDoc {
    const EMPTY: RuleDoc = RuleDoc {
        code: "",
        summary: StaticText::new("", ""),
        doc_en: "",
        doc_zh: "",
        fix_note: StaticText::new("", ""),
    };

    const fn of(r: &RuleMeta) -> RuleDoc {
        RuleDoc {
            code: r.code,
            summary: r.summary,
            doc_en: r.doc_en,
            doc_zh: r.doc_zh,
            fix_note: r.fix_note,
        }
    }

    /// The documentation in `lang`.
    pub fn doc(&self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::En => self.doc_en,
            crate::Lang::Zh => self.doc_zh,
        }
    }
}

/// How many rules the registry has.
pub const COUNT: usize = {
    let mut n = 0;
    let mut f = 0;
    while f < super::FAMILIES.len() {
        n += super::FAMILIES[f].1.len();
        f += 1;
    }
    n
};

/// Every rule's documentation, in catalog order (the order of [`super::all`]).
pub static TABLE: [RuleDoc; COUNT] = {
    let mut out = [RuleDoc::EMPTY; COUNT];
    let (mut k, mut f) = (0, 0);
    while f < super::FAMILIES.len() {
        let rules = super::FAMILIES[f].1;
        let mut i = 0;
        while i < rules.len() {
            out[k] = RuleDoc::of(rules[i]);
            k += 1;
            i += 1;
        }
        f += 1;
    }
    out
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_the_registry_in_order() {
        let all: alloc::vec::Vec<&RuleMeta> = super::super::all().collect();
        assert_eq!(all.len(), COUNT);
        assert_eq!(TABLE.len(), COUNT);
        for (d, r) in TABLE.iter().zip(all) {
            assert_eq!(d.code, r.code);
            assert_eq!(d.summary, r.summary);
            assert_eq!(d.doc_en, r.doc_en);
            assert_eq!(d.doc_zh, r.doc_zh);
            assert_eq!(d.fix_note, r.fix_note);
            assert!(
                !d.summary.en.is_empty() && !d.summary.zh.is_empty(),
                "{}",
                d.code
            );
            assert!(
                d.doc(crate::Lang::En).contains("## What it checks"),
                "{}",
                d.code
            );
            assert!(d.doc(crate::Lang::Zh).contains("## 检查内容"), "{}", d.code);
        }
    }
}
