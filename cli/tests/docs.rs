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
    for (fam, rules) in FAMILIES {
        let _ = writeln!(s, "- **{fam}** — {}", family_title(fam).get(lang));
        for r in rules.iter() {
            let _ = writeln!(
                s,
                "  - [`{}` {}](#{}) — {}",
                r.code,
                r.name,
                r.code.to_ascii_lowercase(),
                r.summary.get(lang)
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
