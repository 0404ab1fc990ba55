//! `docs/rules.md` and `docs/rules.zh.md` are generated from the rule registry (the same text
//! `archlint explain` prints). A stale file fails this test; `ARCHLINT_BLESS=1 cargo test -p
//! archlint-cli --test docs` rewrites them.

use std::fmt::Write;
use std::path::PathBuf;

use archlint_core::output::rule_doc;
use archlint_core::rules::{family_title, FAMILIES};
use archlint_core::Lang;

fn catalog(lang: Lang) -> String {
    let mut s = String::new();
    let (title, intro) = match lang {
        Lang::En => (
            "# archlint rule catalog",
            "Generated from the rule registry (`archlint explain CODE` prints the same text). Do not edit by hand: run `ARCHLINT_BLESS=1 cargo test -p archlint-cli --test docs`.",
        ),
        Lang::Zh => (
            "# archlint 规则目录",
            "由规则注册表生成（与 `archlint explain CODE --lang zh` 输出相同）。请勿手工修改：运行 `ARCHLINT_BLESS=1 cargo test -p archlint-cli --test docs` 重新生成。",
        ),
    };
    let _ = writeln!(s, "{title}\n\n{intro}\n");
    // How many rules have a fix of each kind (`archlint check --fix` applies the safe ones,
    // `--unsafe-fixes` the others; each rule's "Fix" section says what its fix does, or why it
    // has none).
    let all: Vec<_> = archlint_core::rules::all().collect();
    let safe = all
        .iter()
        .filter(|r| r.fix.is_some() && r.fix_note.en.starts_with("safe:"))
        .count();
    let unsafe_ = all
        .iter()
        .filter(|r| r.fix.is_some() && !r.fix_note.en.starts_with("safe:"))
        .count();
    let none = all.len() - safe - unsafe_;
    let _ = match lang {
        Lang::En => writeln!(
            s,
            "Fixes: {safe} rules have a safe fix (`archlint check --fix`), {unsafe_} an unsafe one (`--unsafe-fixes`: it adds or moves resources), {none} none (each rule's \"Fix\" section says why).\n"
        ),
        Lang::Zh => writeln!(
            s,
            "修复：{safe} 条规则有安全修复（`archlint check --fix`），{unsafe_} 条有不安全修复（`--unsafe-fixes`：会新增或移动资源），{none} 条没有修复（各规则的“修复”一节说明原因）。\n"
        ),
    };
    for (fam, rules) in FAMILIES {
        let _ = writeln!(s, "- **{fam}** — {}", family_title(fam).get(lang));
        for r in rules.iter() {
            // The kind of fix: the fix note's first word (`safe:`, `unsafe:`, `none:`).
            let note = r.fix_note.get(lang);
            let kind = note
                .split([':', '：'])
                .next()
                .filter(|k| !k.is_empty() && k.len() < note.len())
                .unwrap_or("");
            let _ = writeln!(
                s,
                "  - [`{}` {}](#{}) — {}{}",
                r.code,
                r.name,
                r.code.to_ascii_lowercase(),
                r.summary.get(lang),
                if kind.is_empty() {
                    String::new()
                } else {
                    match lang {
                        Lang::En => format!(" (fix: {kind})"),
                        Lang::Zh => format!("（修复：{kind}）"),
                    }
                }
            );
        }
    }
    for (_, rules) in FAMILIES {
        for r in rules.iter() {
            let doc = rule_doc(r, lang);
            // one level down: the rule title becomes ##, its sections ###
            let _ = writeln!(s, "\n<a id=\"{}\"></a>\n", r.code.to_ascii_lowercase());
            for line in doc.lines() {
                if line.starts_with('#') {
                    let _ = writeln!(s, "#{line}");
                } else {
                    let _ = writeln!(s, "{line}");
                }
            }
        }
    }
    s
}

#[test]
fn rule_docs_are_generated_from_the_registry() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs");
    for (lang, name) in [(Lang::En, "rules.md"), (Lang::Zh, "rules.zh.md")] {
        let want = catalog(lang);
        let path = dir.join(name);
        if std::env::var_os("ARCHLINT_BLESS").is_some() {
            std::fs::write(&path, &want).unwrap();
            continue;
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            let line = have
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(have.lines().count().min(want.lines().count()));
            panic!("{} is stale (first difference at line {}): run ARCHLINT_BLESS=1 cargo test -p archlint-cli --test docs", path.display(), line + 1);
        }
    }
}
