//! What the rules could check: per rule, whether the design gave it the facts it needs.
//!
//! A field that is absent is unknown, and a rule never reports on an unknown fact (the
//! format's contract). So a design can lint clean because it says little: a public SLB without
//! listeners, an RDS without a whitelist and links without ports give the LB, DB and SG rules
//! nothing to judge. The coverage report says so, per rule, in one of three states:
//!
//! - [`State::Checked`] — the design has something the rule looks at, and every fact the rule
//!   reads about it is stated: the rule's verdict (findings or none) is complete.
//! - [`State::NotApplicable`] — the design has nothing the rule looks at (no SLB for the LB
//!   rules, no production ECS for HA001, a `dr` level that does not ask for the DR rules):
//!   nothing could be missing, and nothing was skipped. The reason says what is absent.
//! - [`State::FactsMissing`] — some of what the rule looks at lacks a fact it needs, so the
//!   rule skipped it (in part or in whole): the gaps say what, counted (`3 links have no
//!   port`), with the pointers of each thing that lacks it.
//!
//! Checked and not applicable are both complete verdicts; "checked N of M rules" counts them
//! together, and the rules that lack facts are the rest.
//!
//! Each rule says what it needs in one place: the `facts` function registered beside its
//! `check` in [`crate::declare_rule!`] (`facts: facts`), or `facts: none` when the design always
//! gives it everything (the DF rules, which check the file itself). A facts function reads the
//! same index as the rule and mirrors where its `check` skips on an absent field; the shared
//! pieces are in `rules/helpers/facts.rs`.
//!
//! Without the `coverage` feature (the docs widget) none of this is compiled and no rule
//! references its facts function. [`crate::lint::lint`] does not compute it: callers that
//! show it (the CLI, the editor) call [`coverage`] with the index they linted with.

use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::lint::LintOptions;
use crate::rule::RuleMeta;
use crate::text::{replace_str, Lang, Text};

/// A rule's facts function: fills `Facts` with what the design lacks for the rule.
pub type FactsFn = fn(&Ctx<'_>, &mut Facts);

/// The facts function of a rule that needs no optional fact (`facts: none`): always checked.
pub fn needs_none(_: &Ctx<'_>, _: &mut Facts) {}

/// Whether a rule could judge the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Something to look at, and every fact the rule reads about it stated.
    Checked,
    /// Nothing the rule looks at is in the design.
    NotApplicable,
    /// Something the rule looks at lacks a fact it needs: the rule skipped it.
    FactsMissing,
}

impl State {
    /// The JSON name: `checked`, `not_applicable`, `facts_missing`.
    pub fn name(self) -> &'static str {
        match self {
            State::Checked => "checked",
            State::NotApplicable => "not_applicable",
            State::FactsMissing => "facts_missing",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (State::Checked, Lang::En) => "checked",
            (State::NotApplicable, Lang::En) => "not applicable",
            (State::FactsMissing, Lang::En) => "facts missing",
            (State::Checked, Lang::Zh) => "已检查",
            (State::NotApplicable, Lang::Zh) => "不适用",
            (State::FactsMissing, Lang::Zh) => "缺少信息",
        }
    }
}

/// One kind of missing fact of a rule: how many things lack it, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub count: usize,
    /// `3 links have no port` / `3 条连线没有端口`; with one thing, it is named:
    /// `` `rds-1` has no whitelist ``.
    pub message: Text,
    /// JSON pointers of the things that lack it, in the order found.
    pub pointers: Vec<String>,
}

/// How a missing fact is told: with one thing (`{id}` is its name) and with several (`{n}`
/// is their number), in English and Chinese.
#[derive(Debug, Clone, Copy)]
pub struct Lack {
    pub one: (&'static str, &'static str),
    pub many: (&'static str, &'static str),
}

impl Lack {
    pub const fn new(
        one_en: &'static str,
        one_zh: &'static str,
        many_en: &'static str,
        many_zh: &'static str,
    ) -> Lack {
        Lack {
            one: (one_en, one_zh),
            many: (many_en, many_zh),
        }
    }
}

/// A gap being collected: [`GapBuilder::add`] each thing that lacks the fact (a thing added
/// twice counts once), then [`Facts::push`].
pub struct GapBuilder<'a> {
    lack: &'static Lack,
    first: String,
    pointers: Vec<&'a str>,
    seen: crate::index::Map<&'a str, ()>,
}

impl<'a> GapBuilder<'a> {
    #[inline(never)]
    pub fn new(lack: &'static Lack) -> GapBuilder<'a> {
        GapBuilder {
            lack,
            first: String::new(),
            pointers: Vec::new(),
            seen: crate::index::Map::default(),
        }
    }
    /// A thing named `id`, at `ptr`, lacks the fact.
    #[inline(never)]
    pub fn add(&mut self, id: &str, ptr: &'a str) {
        if self.seen.insert(ptr, ()).is_none() {
            if self.pointers.is_empty() {
                self.first = String::from(id);
            }
            self.pointers.push(ptr);
        }
    }
    /// [`GapBuilder::add`] for a thing whose name takes work to write (a link): `name` is
    /// called for the first one only.
    #[inline(never)]
    pub fn add_with(&mut self, ptr: &'a str, name: &dyn Fn() -> String) {
        if self.seen.insert(ptr, ()).is_none() {
            if self.pointers.is_empty() {
                self.first = name();
            }
            self.pointers.push(ptr);
        }
    }
    /// Whether the thing at `ptr` was added already.
    pub fn has(&self, ptr: &str) -> bool {
        self.seen.contains_key(ptr)
    }
    pub fn is_empty(&self) -> bool {
        self.pointers.is_empty()
    }
    fn finish(self) -> Option<Gap> {
        let count = self.pointers.len();
        let (en, zh) = match count {
            0 => return None,
            1 => {
                let (en, zh) = self.lack.one;
                let id = alloc::format!("`{}`", self.first);
                (replace_str(en, "{id}", &id), replace_str(zh, "{id}", &id))
            }
            _ => {
                let (en, zh) = self.lack.many;
                let n = alloc::format!("{count}");
                (replace_str(en, "{n}", &n), replace_str(zh, "{n}", &n))
            }
        };
        Some(Gap {
            count,
            message: Text { en, zh },
            pointers: self.pointers.into_iter().map(String::from).collect(),
        })
    }
}

/// What a facts function fills: the gaps, or that there was nothing to look at.
pub struct Facts {
    nothing: Option<Text>,
    gaps: Vec<Gap>,
    today: Option<crate::date::Date>,
}

impl Facts {
    fn new(today: Option<crate::date::Date>) -> Facts {
        Facts {
            nothing: None,
            gaps: Vec::new(),
            today,
        }
    }
    /// The design has nothing the rule looks at; `en` / `zh` say what is absent (`no SLB`).
    #[inline(never)]
    pub fn not_applicable(&mut self, en: &'static str, zh: &'static str) {
        self.nothing = Some(Text::new(en, zh));
    }
    /// A kind of missing fact (nothing happens when no thing was added).
    #[inline(never)]
    pub fn push(&mut self, g: GapBuilder<'_>) {
        if let Some(g) = g.finish() {
            self.gaps.push(g);
        }
    }
    /// The lint's date (for waivers' expiry): `None` when the caller gave none.
    pub fn today(&self) -> Option<crate::date::Date> {
        self.today
    }
}

/// The coverage of one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleCoverage {
    pub rule: &'static RuleMeta,
    pub state: State,
    /// Not applicable: what the design lacks for the rule to apply (`no SLB`).
    pub reason: Option<Text>,
    /// Facts missing: each kind, counted.
    pub gaps: Vec<Gap>,
}

/// The coverage of a design: one entry per rule run, in catalog order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    pub rules: Vec<RuleCoverage>,
}

impl Coverage {
    /// Rules run.
    pub fn total(&self) -> usize {
        self.rules.len()
    }
    pub fn count(&self, s: State) -> usize {
        self.rules.iter().filter(|r| r.state == s).count()
    }
    /// Rules whose verdict is complete: checked or not applicable.
    pub fn complete(&self) -> usize {
        self.total() - self.count(State::FactsMissing)
    }
    /// The rules that lack facts, the most severe first (errors, warnings, then info; in
    /// catalog order within a severity): what a summary names first.
    pub fn missing(&self) -> impl Iterator<Item = &RuleCoverage> {
        let mut v: Vec<&RuleCoverage> = self
            .rules
            .iter()
            .filter(|r| r.state == State::FactsMissing)
            .collect();
        // A stable sort: catalog order is kept within a severity.
        crate::sort::sort_by(&mut v, |a, b| b.rule.severity.cmp(&a.rule.severity));
        v.into_iter()
    }
    pub fn get(&self, code: &str) -> Option<&RuleCoverage> {
        self.rules.iter().find(|r| r.rule.code == code)
    }

    /// `checked 58 of 82 rules (12 of them not applicable)` / `已检查 82 条规则中的 58 条（其中
    /// 12 条不适用）`.
    pub fn headline(&self) -> Text {
        let (n, m, na) = (
            self.complete(),
            self.total(),
            self.count(State::NotApplicable),
        );
        // `checked 0 of 1 rule` (one rule run: `--select HA001`).
        let rules = if m == 1 { "rule" } else { "rules" };
        match (na, m) {
            (0, _) => crate::text!("checked {n} of {m} {rules}", "已检查 {m} 条规则中的 {n} 条"),
            (1, 1) => crate::text!(
                "checked 1 of 1 rule (not applicable)",
                "已检查 1 条规则中的 1 条（不适用）"
            ),
            _ => crate::text!(
                "checked {n} of {m} {rules} ({na} of them not applicable)",
                "已检查 {m} 条规则中的 {n} 条（其中 {na} 条不适用）"
            ),
        }
    }

    /// The one-line summary: the headline, then the rules that lack facts with what they
    /// lack (`SG004 (3 links have no port)`), at most `shown` of them followed by a note of the
    /// rest; all of them when `shown` is `None`.
    pub fn summary(&self, lang: Lang, shown: Option<usize>) -> String {
        let mut s = String::from(self.headline().get(lang));
        let k = self.count(State::FactsMissing);
        if k == 0 {
            return s;
        }
        let limit = shown.unwrap_or(usize::MAX);
        let (sep, list_sep) = match lang {
            Lang::En => ("; ", ", "),
            Lang::Zh => ("；", "，"),
        };
        s.push_str(sep);
        s.push_str(&match lang {
            Lang::En if k == 1 => String::from("1 lacks facts: "),
            Lang::En => alloc::format!("{k} lack facts: "),
            Lang::Zh => alloc::format!("{k} 条缺少信息："),
        });
        for (i, r) in self.missing().enumerate() {
            if i == limit {
                s.push_str(list_sep);
                s.push('…');
                break;
            }
            if i > 0 {
                s.push_str(list_sep);
            }
            s.push_str(r.rule.code);
            s.push_str(match lang {
                Lang::En => " (",
                Lang::Zh => "（",
            });
            for (j, g) in r.gaps.iter().enumerate() {
                if j > 0 {
                    s.push_str(match lang {
                        Lang::En => "; ",
                        Lang::Zh => "；",
                    });
                }
                s.push_str(g.message.get(lang));
            }
            s.push_str(match lang {
                Lang::En => ")",
                Lang::Zh => "）",
            });
        }
        s
    }
}

/// The coverage of every rule of the registry over an indexed design, leaving out the rules
/// the options switch off (`ignore_codes`); `opts.today` is the date DF009 judges expiry by.
pub fn coverage(cx: &Ctx<'_>, opts: &LintOptions) -> Coverage {
    let mut rules = Vec::new();
    for rule in crate::rules::all() {
        let off = opts
            .ignore_codes
            .iter()
            .any(|c| c.eq_ignore_ascii_case(rule.code) || *c == rule.name);
        if off {
            continue;
        }
        rules.push(of_rule(cx, rule, opts.today));
    }
    Coverage { rules }
}

/// The coverage of one rule.
pub fn of_rule(
    cx: &Ctx<'_>,
    rule: &'static RuleMeta,
    today: Option<crate::date::Date>,
) -> RuleCoverage {
    let mut f = Facts::new(today);
    if let Some(facts) = rule.facts {
        facts(cx, &mut f);
    }
    let state = if !f.gaps.is_empty() {
        State::FactsMissing
    } else if f.nothing.is_some() {
        State::NotApplicable
    } else {
        State::Checked
    };
    RuleCoverage {
        rule,
        state,
        reason: if state == State::NotApplicable {
            f.nothing
        } else {
            None
        },
        gaps: f.gaps,
    }
}
