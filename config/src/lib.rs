//! archlint's project configuration: `archlint.toml` (or `.archlint.toml`).
//!
//! - Discovery as ruff does it: for each input, the nearest configuration file walking up from
//!   the input's directory wins (in one directory `.archlint.toml` before `archlint.toml`);
//!   the walk stops at the filesystem root. `--config FILE` names one for every input,
//!   `--isolated` ignores them all.
//! - Every key is checked against one definition ([`schema`]); unknown keys and bad values are
//!   errors with the file, line and column ([`ConfigError`]).
//! - The settings in effect for an input, with where each came from ([`Settings`],
//!   [`Source`]): the default, a line of a configuration file, or a command-line flag (flags
//!   win over the file).
//! - Rule selection follows ruff: `select` replaces the set of rules, `extend-select` adds to
//!   it, `ignore` removes from it; a more specific selector wins over a less specific one (code
//!   or name > family > `ALL`); at equal specificity `ignore` wins. Layers are applied in
//!   order: the file's top level, each matching `[[per-path]]` entry, the command line; a layer
//!   with `select` starts the set afresh.
//! - Waivers (`[[waiver]]`) suppress matching findings, which stay in the report as
//!   suppressed; after `expires` they stop applying and DF009 says so.
//!
//! The core stays free of I/O: this crate reads the files and the core lints.

pub mod glob;
pub mod parse;
pub mod schema;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use archlint_core::lint::{Suppressed, SuppressionKind};
use archlint_core::model::Profile;
use archlint_core::rule::{Severity, Sink};
use archlint_core::{rules, Date, Lang, LintOptions, Loaded, Report, RuleMeta, Text};

pub use parse::{toml_to_json, Config, Pos, Selector, Waiver};

/// The names of a configuration file, in the order they are looked for in each directory.
pub const FILE_NAMES: [&str; 2] = [".archlint.toml", "archlint.toml"];

/// A configuration that cannot be used: the file (or the flag) and the position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as named, or the command-line flag (`--select`).
    pub file: String,
    /// 1-based; 0 when there is no position (an unreadable file, a flag).
    pub line: u32,
    pub column: u32,
    pub message: Text,
}

impl ConfigError {
    /// `file:line:column: error: message` (without the position when there is none); in
    /// Chinese `file:line:column：错误：message`, as every error of the command line.
    pub fn line(&self, lang: Lang) -> String {
        let at = if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        };
        match lang {
            Lang::En => format!("{at}: error: {}", self.message.en),
            Lang::Zh => format!("{at}：错误：{}", self.message.zh),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Lang::En))
    }
}

impl std::error::Error for ConfigError {}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    /// A line of a configuration file.
    File {
        path: PathBuf,
        line: u32,
        column: u32,
    },
    /// A command-line flag.
    Flag(&'static str),
}

impl Source {
    fn file(c: &Config, p: Pos) -> Source {
        Source::File {
            path: c.path.clone(),
            line: p.line,
            column: p.column,
        }
    }
    /// `default`, `path:line:column` or `--flag`, in `lang`.
    pub fn show(&self, lang: Lang) -> String {
        match self {
            Source::Default => match lang {
                Lang::En => "default".into(),
                Lang::Zh => "默认值".into(),
            },
            Source::File { path, line, column } => {
                format!("{}:{line}:{column}", display_path(path))
            }
            Source::Flag(f) => match lang {
                Lang::En => format!("flag {f}"),
                Lang::Zh => format!("参数 {f}"),
            },
        }
    }
}

/// A path as shown to the user: relative to the working directory when it is below it.
pub fn display_path(p: &Path) -> String {
    if let Ok(cwd) = std::env::current_dir() {
        if let Ok(rel) = p.strip_prefix(&cwd) {
            if !rel.as_os_str().is_empty() {
                return rel.to_string_lossy().into_owned();
            }
        }
    }
    p.to_string_lossy().into_owned()
}

/// What the command line says; every field overrides the configuration.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--config FILE`: this file for every input, no discovery.
    pub config: Option<PathBuf>,
    /// `--isolated`: no configuration file at all.
    pub isolated: bool,
    /// `--select` (replaces the file's selection).
    pub select: Option<Vec<String>>,
    /// `--extend-select`.
    pub extend_select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    pub lang: Option<Lang>,
    pub format: Option<&'static str>,
    pub overlay: Option<PathBuf>,
    pub vars: Vec<(String, String)>,
    pub var_files: Vec<PathBuf>,
}

/// One rule's state for an input.
#[derive(Debug, Clone)]
pub struct RuleSetting {
    pub rule: &'static RuleMeta,
    pub enabled: bool,
    pub enabled_from: Source,
    pub severity: Severity,
    pub severity_from: Source,
}

/// A configuration waiver that applies to an input.
#[derive(Debug, Clone)]
pub struct ActiveWaiver {
    pub waiver: Waiver,
    /// `file:line:column` of the waiver (its `rule`).
    pub origin: String,
}

/// The settings in effect for one input.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration file used, if any.
    pub config: Option<PathBuf>,
    /// The input's path relative to the configuration's directory (`/`-separated), which
    /// `[[per-path]]` and waiver globs are matched against.
    pub relative_path: Option<String>,
    /// Every rule of the registry, in catalog order.
    pub rules: Vec<RuleSetting>,
    pub lang: Option<(Lang, Source)>,
    pub format: Option<(&'static str, Source)>,
    /// The profile of designs that state none.
    pub profile: Option<(Profile, Source)>,
    pub overlay: Option<(PathBuf, Source)>,
    pub vars: Vec<(String, String, Source)>,
    pub var_files: Vec<(PathBuf, Source)>,
    pub waivers: Vec<ActiveWaiver>,
}

/// A layer of rule settings, with the sources of its selectors.
struct Layer {
    select: Option<Vec<(Selector, Source)>>,
    extend_select: Vec<(Selector, Source)>,
    ignore: Vec<(Selector, Source)>,
    severity: Vec<(Selector, Severity, Source)>,
}

impl Layer {
    fn from_file(c: &Config, l: &parse::RuleLayer) -> Layer {
        let conv = |v: &[parse::Sel]| -> Vec<(Selector, Source)> {
            v.iter().map(|s| (s.sel, Source::file(c, s.at))).collect()
        };
        Layer {
            select: l.select.as_deref().map(conv),
            extend_select: conv(&l.extend_select),
            ignore: conv(&l.ignore),
            severity: l
                .severity
                .iter()
                .map(|(s, sev)| (s.sel, *sev, Source::file(c, s.at)))
                .collect(),
        }
    }
}

/// Reads the selectors of a flag, or says which word is no rule.
fn flag_selectors(
    words: &[String],
    flag: &'static str,
) -> Result<Vec<(Selector, Source)>, ConfigError> {
    words
        .iter()
        .flat_map(|w| w.split(','))
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| match Selector::parse(w) {
            Some(s) => Ok((s, Source::Flag(flag))),
            None => {
                let lower: Vec<String> = std::iter::once("all".to_string())
                    .chain(rules::FAMILIES.iter().map(|(f, _)| f.to_ascii_lowercase()))
                    .chain(rules::all().map(|r| r.code.to_ascii_lowercase()))
                    .chain(rules::all().map(|r| r.name.to_string()))
                    .collect();
                let hint = archlint_core::text::suggest(w, lower.iter().map(String::as_str))
                    .map(|h| match Selector::parse(h) {
                        // A name stays a name; a code or family is shown in capitals.
                        Some(Selector::Rule(r)) if h == r.name => r.name.to_string(),
                        Some(s) => s.show(),
                        None => h.to_string(),
                    });
                let (en, zh) = match hint {
                    Some(h) => (
                        format!("unknown rule `{w}`; did you mean `{h}`? (`archlint rules` lists them all)"),
                        format!("未知规则 `{w}`；是否指 `{h}`？（`archlint rules` 列出全部规则）"),
                    ),
                    None => (
                        format!("unknown rule `{w}` (`archlint rules` lists them all)"),
                        format!("未知规则 `{w}`（`archlint rules` 列出全部规则）"),
                    ),
                };
                Err(ConfigError {
                    file: flag.to_string(),
                    line: 0,
                    column: 0,
                    message: Text { en, zh },
                })
            }
        })
        .collect()
}

/// Finds and reads configuration files, once per directory, and gives the settings of each
/// input.
pub struct Resolver {
    ov: Overrides,
    flags: Layer,
    explicit: Option<Arc<Config>>,
    cwd: PathBuf,
    /// Per directory: the configuration that applies there.
    cache: BTreeMap<PathBuf, Option<Arc<Config>>>,
}

/// `p` made absolute against `cwd`, with `.` and `..` resolved in the text (no symlinks
/// followed).
pub fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Resolver {
    /// Reads `--config` (if given) and checks the flags' selectors.
    pub fn new(ov: Overrides) -> Result<Resolver, ConfigError> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let flags = Layer {
            select: match &ov.select {
                Some(s) => Some(flag_selectors(s, "--select")?),
                None => None,
            },
            extend_select: flag_selectors(&ov.extend_select, "--extend-select")?,
            ignore: flag_selectors(&ov.ignore, "--ignore")?,
            severity: Vec::new(),
        };
        let explicit = match (&ov.config, ov.isolated) {
            (Some(p), false) => {
                let mut c = parse::read(p)?;
                c.dir = absolute(&cwd, &c.dir);
                Some(Arc::new(c))
            }
            _ => None,
        };
        Ok(Resolver {
            ov,
            flags,
            explicit,
            cwd,
            cache: BTreeMap::new(),
        })
    }

    /// The configuration that applies to `input` (a file or a directory; `-` is not a path:
    /// pass the `--stdin-filename`).
    pub fn config_for(&mut self, input: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if self.ov.isolated {
            return Ok(None);
        }
        if let Some(c) = &self.explicit {
            return Ok(Some(c.clone()));
        }
        let abs = absolute(&self.cwd, input);
        let start = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or(abs)
        };
        self.discover(&start)
    }

    fn discover(&mut self, dir: &Path) -> Result<Option<Arc<Config>>, ConfigError> {
        if let Some(c) = self.cache.get(dir) {
            return Ok(c.clone());
        }
        let mut found = None;
        for name in FILE_NAMES {
            let p = dir.join(name);
            if p.is_file() {
                found = Some(Arc::new(parse::read(&p)?));
                break;
            }
        }
        let found = match found {
            Some(c) => Some(c),
            None => match dir.parent() {
                Some(up) if up != dir => self.discover(up)?,
                _ => None,
            },
        };
        self.cache.insert(dir.to_path_buf(), found.clone());
        Ok(found)
    }

    /// The settings in effect for `input`.
    pub fn settings(&mut self, input: &Path) -> Result<Settings, ConfigError> {
        let config = self.config_for(input)?;
        let abs = absolute(&self.cwd, input);
        Ok(self.settings_with(config.as_deref(), &abs))
    }

    fn settings_with(&self, config: Option<&Config>, abs: &Path) -> Settings {
        let rel = config.map(|c| relative(&c.dir, abs));
        let mut layers: Vec<Layer> = Vec::new();
        let mut profile: Option<(Profile, Source)> = None;
        let mut waivers = Vec::new();
        if let (Some(c), Some(rel)) = (config, rel.as_deref()) {
            layers.push(Layer::from_file(c, &c.rules));
            if let Some((p, at)) = c.rules.profile {
                profile = Some((p, Source::file(c, at)));
            }
            for pp in &c.per_path {
                if pp.globs.iter().any(|g| g.matches(rel)) {
                    layers.push(Layer::from_file(c, &pp.rules));
                    if let Some((p, at)) = pp.rules.profile {
                        profile = Some((p, Source::file(c, at)));
                    }
                }
            }
            for w in &c.waivers {
                if w.globs.is_empty() || w.globs.iter().any(|g| g.matches(rel)) {
                    waivers.push(ActiveWaiver {
                        waiver: w.clone(),
                        origin: format!("{}:{}:{}", display_path(&c.path), w.at.line, w.at.column),
                    });
                }
            }
        }
        let rules = select_rules(&layers, &self.flags);
        let file_src = |p: Pos| config.map_or(Source::Default, |c| Source::file(c, p));
        let lang = match self.ov.lang {
            Some(l) => Some((l, Source::Flag("--lang"))),
            None => config.and_then(|c| c.lang).map(|(l, p)| (l, file_src(p))),
        };
        let format = match self.ov.format {
            Some(f) => Some((f, Source::Flag("--format"))),
            None => config.and_then(|c| c.format).map(|(f, p)| (f, file_src(p))),
        };
        let overlay = match &self.ov.overlay {
            Some(o) => Some((o.clone(), Source::Flag("--overlay"))),
            None => config
                .and_then(|c| c.import.overlay.clone())
                .map(|(o, p)| (o, file_src(p))),
        };
        let mut vars: Vec<(String, String, Source)> = config
            .map(|c| {
                c.import
                    .vars
                    .iter()
                    .map(|(k, v, p)| (k.clone(), v.clone(), Source::file(c, *p)))
                    .collect()
            })
            .unwrap_or_default();
        for (k, v) in &self.ov.vars {
            vars.retain(|(name, _, _)| name != k);
            vars.push((k.clone(), v.clone(), Source::Flag("--var")));
        }
        let mut var_files: Vec<(PathBuf, Source)> = config
            .map(|c| {
                c.import
                    .var_files
                    .iter()
                    .map(|(f, p)| (f.clone(), Source::file(c, *p)))
                    .collect()
            })
            .unwrap_or_default();
        var_files.extend(
            self.ov
                .var_files
                .iter()
                .map(|f| (f.clone(), Source::Flag("--var-file"))),
        );
        Settings {
            config: config.map(|c| c.path.clone()),
            relative_path: rel,
            rules,
            lang,
            format,
            profile,
            overlay,
            vars,
            var_files,
            waivers,
        }
    }
}

/// `abs` relative to `dir`, `/`-separated; `abs` itself (with `/`) when it is not below.
fn relative(dir: &Path, abs: &Path) -> String {
    let p = abs.strip_prefix(dir).unwrap_or(abs);
    let parts: Vec<String> = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// The rule table after the layers and the flags, as ruff resolves it.
fn select_rules(layers: &[Layer], flags: &Layer) -> Vec<RuleSetting> {
    let mut table: Vec<RuleSetting> = rules::all()
        .map(|r| RuleSetting {
            rule: r,
            enabled: true,
            enabled_from: Source::Default,
            severity: r.severity,
            severity_from: Source::Default,
        })
        .collect();
    for layer in layers.iter().chain(std::iter::once(flags)) {
        // (selector, enable?, source), applied from the least to the most specific; at equal
        // specificity the ignores after the selects, so that they win.
        let mut updates: Vec<(Selector, bool, &Source)> = Vec::new();
        for spec in 0..=2u8 {
            for (s, src) in layer.select.iter().flatten().chain(&layer.extend_select) {
                if s.specificity() == spec {
                    updates.push((*s, true, src));
                }
            }
            for (s, src) in &layer.ignore {
                if s.specificity() == spec {
                    updates.push((*s, false, src));
                }
            }
        }
        let mut decided: Vec<Option<(bool, Source)>> = vec![None; table.len()];
        for (s, on, src) in updates {
            for (i, r) in table.iter().enumerate() {
                if s.matches(r.rule) {
                    decided[i] = Some((on, src.clone()));
                }
            }
        }
        let fresh = layer.select.is_some();
        for (r, d) in table.iter_mut().zip(decided) {
            match d {
                Some((on, src)) => {
                    r.enabled = on;
                    r.enabled_from = src;
                }
                None if fresh => {
                    r.enabled = false;
                    r.enabled_from = layer
                        .select
                        .as_ref()
                        .and_then(|s| s.first())
                        .map_or(Source::Default, |(_, src)| src.clone());
                }
                None => {}
            }
        }
        // Severities: the most specific key of the layer wins; a later layer wins.
        for spec in 0..=2u8 {
            for (s, sev, src) in &layer.severity {
                if s.specificity() != spec {
                    continue;
                }
                for r in table.iter_mut() {
                    if s.matches(r.rule) {
                        r.severity = *sev;
                        r.severity_from = src.clone();
                    }
                }
            }
        }
    }
    table
}

/// The settings of `input` with no command-line flags: the nearest configuration file (or
/// none). For the language server and other hosts.
pub fn resolve_config(input: &Path) -> Result<Settings, ConfigError> {
    Resolver::new(Overrides::default())?.settings(input)
}

impl Settings {
    /// Whether a rule runs.
    pub fn enabled(&self, code: &str) -> bool {
        self.rules
            .iter()
            .find(|r| r.rule.code == code)
            .is_none_or(|r| r.enabled)
    }

    /// The core's options: the rules not selected, and today's date.
    pub fn lint_options(&self, today: Option<Date>) -> LintOptions {
        LintOptions {
            ignore_codes: self
                .rules
                .iter()
                .filter(|r| !r.enabled)
                .map(|r| r.rule.code.to_string())
                .collect(),
            today,
        }
    }

    /// Before linting: the configured profile for a design that states none.
    pub fn prepare(&self, loaded: &mut Loaded<'_>) {
        if let Some((p, _)) = self.profile {
            if loaded.tree.get("profile").is_none() {
                loaded.design.profile = p;
            }
        }
    }

    /// After linting: the configuration's waivers (matching findings become suppressed; an
    /// expired waiver leaves the finding and adds DF009), then the severity overrides.
    pub fn finish(&self, report: &mut Report, today: Option<Date>) {
        if !self.waivers.is_empty() {
            let df009 = rules::find("DF009").filter(|_| self.enabled("DF009"));
            let mut kept = Vec::with_capacity(report.findings.len());
            let mut expired_notes = Vec::new();
            for f in std::mem::take(&mut report.findings) {
                let w = self.waivers.iter().find(|a| {
                    let w = &a.waiver;
                    w.rule.code == f.rule.code
                        && w.target
                            .as_deref()
                            .is_none_or(|t| f.target.as_deref() == Some(t))
                });
                match w {
                    Some(a)
                        if archlint_core::rules::df::df009::expired(a.waiver.expires, today) =>
                    {
                        if let (Some(meta), Some(date)) = (df009, a.waiver.expires) {
                            let mut sink = Sink::new(meta);
                            archlint_core::rules::df::df009::report_external(
                                &mut sink,
                                &f,
                                &a.origin,
                                date,
                                a.waiver.owner.as_deref(),
                            );
                            for mut n in sink.into_findings() {
                                n.line = f.line;
                                n.column = f.column;
                                expired_notes.push(n);
                            }
                        }
                        kept.push(f);
                    }
                    Some(a) => report.suppressed.push(Suppressed {
                        finding: f,
                        kind: SuppressionKind::External,
                        reason: a.waiver.reason.clone(),
                        owner: a.waiver.owner.clone(),
                        expires: a.waiver.expires,
                        origin: a.origin.clone(),
                    }),
                    None => kept.push(f),
                }
            }
            kept.extend(expired_notes);
            archlint_core::lint::sort_findings(&mut kept);
            report.findings = kept;
            let mut sup = std::mem::take(&mut report.suppressed);
            sup.sort_by(|a, b| archlint_core::lint::finding_order(&a.finding, &b.finding));
            report.suppressed = sup;
        }
        for f in report
            .findings
            .iter_mut()
            .chain(report.suppressed.iter_mut().map(|s| &mut s.finding))
        {
            if let Some(r) = self.rules.iter().find(|r| r.rule.code == f.rule.code) {
                f.severity = r.severity;
            }
        }
    }

    /// Lints a loaded design with these settings: profile, rule selection, waivers,
    /// severities; the report's fingerprints stamped ([`archlint_core::output::stamp`]).
    pub fn lint(&self, loaded: &mut Loaded<'_>, today: Option<Date>) -> Report {
        self.prepare(loaded);
        let mut report = archlint_core::lint(loaded, &self.lint_options(today));
        archlint_core::output::stamp(&mut report, loaded);
        self.finish(&mut report, today);
        report
    }

    /// `archlint config --show`: every setting in effect and where it came from, in columns
    /// aligned by display width (a CJK character takes two columns of a terminal).
    pub fn show(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        // (key, value, where it came from): the settings, then the rules.
        let mut rows: Vec<(String, String, Option<String>)> = Vec::new();
        let cfg = match &self.config {
            Some(p) => display_path(p),
            None => (if zh { "（无）" } else { "(none)" }).into(),
        };
        rows.push(((if zh { "配置文件" } else { "config" }).into(), cfg, None));
        if let Some(rel) = &self.relative_path {
            // The configuration's own directory is `.`.
            let rel = if rel.is_empty() { "." } else { rel.as_str() };
            rows.push((
                (if zh { "相对路径" } else { "path" }).into(),
                rel.into(),
                None,
            ));
        }
        let dflt = Source::Default;
        let mut line = |k: &str, v: String, src: &Source| {
            rows.push((k.into(), v, Some(src.show(lang))));
        };
        match &self.lang {
            Some((l, s)) => line("lang", format!("\"{}\"", lang_word(*l)), s),
            None => line(
                "lang",
                (if zh {
                    "（环境变量 LANG 等）"
                } else {
                    "(from LC_ALL / LC_MESSAGES / LANG)"
                })
                .into(),
                &dflt,
            ),
        }
        match &self.format {
            Some((f, s)) => line("format", format!("\"{f}\""), s),
            None => line("format", "\"text\"".into(), &dflt),
        }
        match &self.profile {
            Some((p, s)) => line("profile", format!("\"{}\"", profile_word(*p)), s),
            None => line("profile", "\"standard\"".into(), &dflt),
        }
        if let Some((o, s)) = &self.overlay {
            line("import.overlay", format!("\"{}\"", display_path(o)), s);
        }
        for (k, v, s) in &self.vars {
            line("import.vars", format!("{k} = \"{v}\""), s);
        }
        for (f, s) in &self.var_files {
            line("import.var-files", format!("\"{}\"", display_path(f)), s);
        }
        let key_w = rows.iter().map(|r| width(&r.0)).max().unwrap_or(0).max(16);
        let val_w = rows
            .iter()
            .filter(|r| r.2.is_some())
            .map(|r| width(&r.1))
            .max()
            .unwrap_or(0)
            .max(28);
        let mut out = String::new();
        for (k, v, src) in &rows {
            out.push_str(&pad(k, key_w + 1));
            match src {
                Some(src) => {
                    out.push_str(&pad(v, val_w + 1));
                    out.push_str("# ");
                    out.push_str(src);
                }
                None => out.push_str(v),
            }
            out.push('\n');
        }

        out.push_str(if zh { "\n规则：\n" } else { "\nrules:\n" });
        let state = |on: bool| match (on, zh) {
            (true, false) => "on",
            (false, false) => "off",
            (true, true) => "启用",
            (false, true) => "停用",
        };
        let name_w = self
            .rules
            .iter()
            .map(|r| width(r.rule.name))
            .max()
            .unwrap_or(0)
            .max(34);
        let state_w = [true, false]
            .map(|on| width(state(on)))
            .into_iter()
            .max()
            .unwrap_or(0)
            .max(4);
        let sev_w = [Severity::Error, Severity::Warning, Severity::Info]
            .map(|s| width(s.label(lang)))
            .into_iter()
            .max()
            .unwrap_or(0)
            .max(8);
        let (enabled, severity, sep) = if zh {
            ("启用：", "级别：", "；")
        } else {
            ("enabled: ", "severity: ", "; ")
        };
        for r in &self.rules {
            out.push_str(&format!(
                "  {} {}{}{}# {enabled}{}{sep}{severity}{}\n",
                r.rule.code,
                pad(r.rule.name, name_w + 1),
                pad(state(r.enabled), state_w + 1),
                pad(r.severity.label(lang), sev_w + 1),
                r.enabled_from.show(lang),
                r.severity_from.show(lang),
            ));
        }
        if !self.waivers.is_empty() {
            out.push_str(if zh { "\n豁免：\n" } else { "\nwaivers:\n" });
            for a in &self.waivers {
                let w = &a.waiver;
                out.push_str(&format!(
                    "  {}{} — {}{}{} # {}\n",
                    w.rule.code,
                    w.target
                        .as_deref()
                        .map(|t| format!(" {t}"))
                        .unwrap_or_default(),
                    w.reason,
                    w.owner
                        .as_deref()
                        .map(|o| if zh {
                            format!("；负责人 {o}")
                        } else {
                            format!("; owner {o}")
                        })
                        .unwrap_or_default(),
                    w.expires
                        .map(|d| if zh {
                            format!("；到期 {d}")
                        } else {
                            format!("; expires {d}")
                        })
                        .unwrap_or_default(),
                    a.origin,
                ));
            }
        }
        out
    }
}

/// The columns `s` takes in a terminal: two for a wide (CJK) character.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` followed by spaces up to `w` columns.
fn pad(s: &str, w: usize) -> String {
    let mut out = String::from(s);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(s))));
    out
}

fn lang_word(l: Lang) -> &'static str {
    match l {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

fn profile_word(p: Profile) -> &'static str {
    match p {
        Profile::Standard => "standard",
        Profile::HighSecurity => "high-security",
    }
}

/// Today's date from the environment: `ARCHLINT_TODAY` (`YYYY-MM-DD`) when set, else the
/// system clock (UTC). An `ARCHLINT_TODAY` that is not a date is an error.
pub fn today() -> Result<Date, ConfigError> {
    if let Some(v) = std::env::var_os("ARCHLINT_TODAY") {
        let v = v.to_string_lossy();
        return Date::parse(v.trim()).ok_or_else(|| ConfigError {
            file: "ARCHLINT_TODAY".into(),
            line: 0,
            column: 0,
            message: Text {
                en: format!("`{v}` is not a date written YYYY-MM-DD"),
                zh: format!("`{v}` 不是 YYYY-MM-DD 形式的日期"),
            },
        });
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Ok(Date::from_unix_days((secs / 86_400) as i64))
}
