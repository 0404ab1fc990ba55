//! `check`'s coverage lines: how many rules the designs gave the facts they need
//! ([`archlint_core::coverage`]), after the findings summary of the text output.

use archlint_core::coverage::{Coverage, State};
use archlint_core::output::FileResult;
use archlint_core::Lang;

/// Rules lacking facts named on the summary line without `--verbose`.
const SHOWN: usize = 3;

/// The coverage lines of a run: one per design (prefixed by its name when there are several),
/// or, with `verbose`, the headline and every rule that lacks facts with what it lacks, then the
/// rules that were not applicable and why.
pub fn lines(results: &[(String, FileResult)], verbose: bool, lang: Lang) -> Vec<String> {
    let covered: Vec<(&str, &Coverage)> = results
        .iter()
        .filter_map(|(name, r)| Some((name.as_str(), r.as_ref().ok()?.coverage.as_ref()?)))
        .collect();
    let named = covered.len() > 1;
    let mut out = Vec::new();
    for (name, c) in covered {
        let prefix = if named {
            match lang {
                Lang::En => format!("{name}: "),
                Lang::Zh => format!("{name}："),
            }
        } else {
            String::new()
        };
        if verbose {
            out.extend(verbose_lines(&prefix, c, lang));
            continue;
        }
        let mut line = prefix;
        line.push_str(&c.summary(lang, Some(SHOWN)));
        if c.count(State::FactsMissing) > SHOWN {
            line.push_str(match lang {
                Lang::En => " (--verbose lists all)",
                Lang::Zh => "（--verbose 列出全部）",
            });
        }
        out.push(line);
    }
    out
}

fn verbose_lines(prefix: &str, c: &Coverage, lang: Lang) -> Vec<String> {
    let k = c.count(State::FactsMissing);
    let mut head = format!("{prefix}{}", c.headline().get(lang));
    if k > 0 {
        head.push_str(&match lang {
            Lang::En if k == 1 => "; 1 lacks facts:".to_string(),
            Lang::En => format!("; {k} lack facts:"),
            Lang::Zh => format!("；{k} 条缺少信息："),
        });
    }
    let mut out = vec![head];
    for r in c.missing() {
        let sep = match lang {
            Lang::En => "; ",
            Lang::Zh => "；",
        };
        let what: Vec<&str> = r.gaps.iter().map(|g| g.message.get(lang)).collect();
        let colon = match lang {
            Lang::En => ": ",
            Lang::Zh => "：",
        };
        out.push(format!(
            "  {} {}{colon}{}",
            r.rule.code,
            r.rule.name,
            what.join(sep)
        ));
    }
    let na: Vec<String> = c
        .rules
        .iter()
        .filter(|r| r.state == State::NotApplicable)
        .map(|r| {
            let why = r.reason.as_ref().map_or("", |t| t.get(lang));
            match lang {
                Lang::En => format!("{} ({why})", r.rule.code),
                Lang::Zh => format!("{}（{why}）", r.rule.code),
            }
        })
        .collect();
    if !na.is_empty() {
        out.push(match lang {
            Lang::En => format!("  not applicable: {}", na.join(", ")),
            Lang::Zh => format!("  不适用：{}", na.join("，")),
        });
    }
    out
}
