//! The project configuration on the command line: `--config`, `--isolated` (every command
//! that reads `archlint.toml`: `check`, `render`, `config`, `lsp`), `--select`,
//! `--extend-select`, the `config` command, and what `check` and `render` take from
//! `archlint.toml` (the configuration itself is `archlint_config`).

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use archlint_config::{ConfigError, Overrides, Resolver, Settings};
use archlint_core::{Date, Lang};
use clap::Args;

use crate::source::ImportArgs;
use crate::{err_line, finish_output, CheckArgs, CheckFormat, InputArgs, RenderArgs, FAILURE, OK};

/// Which configuration applies: the nearest `archlint.toml`, the one `--config` names, or
/// none (`--isolated`). Every command that reads the project configuration takes these.
#[derive(Args, Debug, Default, Clone)]
pub struct ConfigSource {
    /// Use this configuration file for every input instead of the nearest archlint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file (archlint.toml, .archlint.toml)
    #[arg(long)]
    pub isolated: bool,
}

impl ConfigSource {
    /// The settings' overrides of these flags alone.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            isolated: self.isolated,
            ..Overrides::default()
        }
    }

    /// The overrides of a command that reads designs: these flags, `--ignore`, `--lang` and
    /// the import flags (`--overlay`, `--var`, `--var-file`).
    fn with_inputs(&self, input: &InputArgs, import: &ImportArgs, lang: Option<Lang>) -> Overrides {
        Overrides {
            ignore: input.ignore.clone(),
            lang,
            overlay: import.overlay.clone(),
            vars: import
                .var
                .iter()
                .filter_map(|v| v.split_once('='))
                .map(|(k, v)| (k.trim().to_string(), v.to_string()))
                .collect(),
            var_files: import.var_file.clone(),
            ..self.overrides()
        }
    }
}

/// Project configuration, waivers and baseline flags of `check`.
#[derive(Args, Debug, Default)]
pub struct ProjectArgs {
    #[command(flatten)]
    pub source: ConfigSource,

    /// Run only these rules: codes, names, families or ALL (replaces the configuration's
    /// `select`); comma-separated or repeated
    #[arg(long, value_name = "RULE")]
    pub select: Vec<String>,

    /// Run these rules as well: codes, names, families or ALL; comma-separated or repeated
    #[arg(long, value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// List the findings waivers accepted (text output, and notice annotations with --format
    /// github; JSON and SARIF always carry them)
    #[arg(long)]
    pub show_suppressed: bool,

    /// Report only the findings that are not in this baseline file
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in this baseline file (JSON)
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Rewrite the --baseline file without the findings that are gone
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
}

/// `archlint config`.
#[derive(Args, Debug)]
pub struct ConfigCmd {
    /// Print the settings in effect for PATH and where each came from (the default)
    #[arg(long)]
    pub show: bool,

    /// The file or directory whose settings are shown [default: .]; the flags may come before
    /// or after it (`config --show --isolated PATH`)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Print the JSON Schema of archlint.toml
    #[arg(long, conflicts_with_all = ["show", "path"])]
    pub schema: bool,

    #[command(flatten)]
    pub source: ConfigSource,
}

/// `archlint lsp`.
#[derive(Args, Debug)]
pub struct LspCmd {
    #[command(flatten)]
    pub source: ConfigSource,
}

/// The command line's part of the settings.
pub fn overrides(args: &CheckArgs, lang: Option<Lang>) -> Overrides {
    Overrides {
        select: (!args.project.select.is_empty()).then(|| args.project.select.clone()),
        extend_select: args.project.extend_select.clone(),
        format: format_given().then(|| format_word(args.format)),
        ..args
            .project
            .source
            .with_inputs(&args.input, &args.import, lang)
    }
}

fn format_word(f: CheckFormat) -> &'static str {
    match f {
        CheckFormat::Text => "text",
        CheckFormat::Json => "json",
        CheckFormat::Sarif => "sarif",
        CheckFormat::Github => "github",
    }
}

/// Whether `--format` is on the command line (clap fills the field with its default either
/// way).
fn format_given() -> bool {
    std::env::args_os()
        .skip(1)
        .take_while(|a| a != "--")
        .any(|a| {
            let a = a.to_string_lossy();
            a == "--format" || a.starts_with("--format=")
        })
}

/// The path whose configuration gives the run-wide settings (language, output format): the
/// first input, or the `--stdin-filename` (in the working directory) for standard input.
fn run_path(file: Option<&std::ffi::OsStr>, input: &InputArgs) -> PathBuf {
    match file {
        Some(f) if f != "-" => PathBuf::from(f),
        _ => PathBuf::from(&input.stdin_filename),
    }
}

/// The configuration's `lang` for `check` and `render`, when `--lang` is not given (errors
/// are reported later, by the command itself).
pub fn config_lang(command: &crate::Command) -> Option<Lang> {
    let (ov, path) = match command {
        crate::Command::Check(a) => (
            overrides(a, None),
            run_path(a.files.first().map(|f| f.as_os_str()), &a.input),
        ),
        crate::Command::Render(a) => (
            a.source.with_inputs(&a.input, &a.import, None),
            run_path(Some(&a.file), &a.input),
        ),
        _ => return None,
    };
    let mut r = Resolver::new(ov).ok()?;
    r.settings(&path).ok()?.lang.map(|(l, _)| l)
}

/// Sets `--format` from the configuration when the command line does not give it.
pub fn apply_format(args: &mut CheckArgs) {
    if format_given() {
        return;
    }
    let Ok(mut r) = Resolver::new(overrides(args, None)) else {
        return;
    };
    let path = run_path(args.files.first().map(|f| f.as_os_str()), &args.input);
    if let Some((f, _)) = r.settings(&path).ok().and_then(|s| s.format) {
        args.format = match f {
            "json" => CheckFormat::Json,
            "sarif" => CheckFormat::Sarif,
            "github" => CheckFormat::Github,
            _ => CheckFormat::Text,
        };
    }
}

/// Prints a configuration error (`file:line:column: error: …`); exit status 2.
pub fn config_error(e: &ConfigError, lang: Lang) -> u8 {
    let prefix = match lang {
        Lang::En => "archlint: ",
        Lang::Zh => "archlint：",
    };
    let line = e.line(lang);
    if e.line == 0 && e.file.starts_with("--") {
        err_line(&format!("{prefix}{line}"));
    } else {
        err_line(&line);
    }
    FAILURE
}

/// What `check` shares between its workers: the resolver (one read per configuration file)
/// and today's date.
pub struct Project {
    resolver: Mutex<Resolver>,
    pub today: Date,
    stdin_name: String,
}

impl Project {
    pub fn new(args: &CheckArgs, lang: Lang) -> Result<Project, u8> {
        let resolver =
            Resolver::new(overrides(args, Some(lang))).map_err(|e| config_error(&e, lang))?;
        let today = archlint_config::today().map_err(|e| config_error(&e, lang))?;
        Ok(Project {
            resolver: Mutex::new(resolver),
            today,
            stdin_name: args.input.stdin_filename.clone(),
        })
    }

    /// The settings of a unit named `name` (standard input: its `--stdin-filename`).
    pub fn settings(&self, name: &str) -> Result<Settings, ConfigError> {
        let path = if name.is_empty() {
            &self.stdin_name
        } else {
            name
        };
        let mut r = match self.resolver.lock() {
            Ok(r) => r,
            Err(p) => p.into_inner(),
        };
        let s = r.settings(Path::new(path));
        // `--watch` runs again when the configuration changes.
        if let Ok(Settings {
            config: Some(c), ..
        }) = &s
        {
            crate::watch::note(c);
        }
        s
    }

    /// The inputs grouped by the configuration that applies to them (consecutive runs, in
    /// order), each with the import options of that configuration and the command line.
    pub fn import_groups(
        &self,
        args: &CheckArgs,
    ) -> Result<Vec<(Vec<OsString>, crate::source::ImportArgs)>, ConfigError> {
        let mut out: Vec<(Option<PathBuf>, Vec<OsString>, crate::source::ImportArgs)> = Vec::new();
        for f in &args.files {
            let p = if f == "-" {
                PathBuf::from(&self.stdin_name)
            } else {
                PathBuf::from(f)
            };
            // A configuration that cannot be read is reported by the units it applies to.
            let s = match self.settings(&p.to_string_lossy()) {
                Ok(s) => s,
                Err(_) => {
                    out.push((None, vec![f.clone()], args.import.clone()));
                    continue;
                }
            };
            match out.last_mut() {
                Some((c, files, _)) if *c == s.config => files.push(f.clone()),
                _ => out.push((
                    s.config.clone(),
                    vec![f.clone()],
                    import_args(&s, &args.import),
                )),
            }
        }
        Ok(out.into_iter().map(|(_, f, i)| (f, i)).collect())
    }
}

/// The import options of an input: the configuration's `[import]` with the command line's
/// flags over it (`settings` were resolved with them), and `--from`, `--verbose`.
fn import_args(settings: &Settings, cli: &ImportArgs) -> ImportArgs {
    ImportArgs {
        from: cli.from,
        // A --var that is not NAME=VALUE stays, for the importer to refuse.
        var: settings
            .vars
            .iter()
            .map(|(k, v, _)| format!("{k}={v}"))
            .chain(cli.var.iter().filter(|v| !v.contains('=')).cloned())
            .collect(),
        var_file: settings.var_files.iter().map(|(f, _)| f.clone()).collect(),
        overlay: settings.overlay.as_ref().map(|(o, _)| o.clone()),
        verbose: cli.verbose,
    }
}

/// What `render` takes from the project configuration of its input (`--config`,
/// `--isolated`): the rule selection with `--ignore` over it, today's date for waivers'
/// expiry, and the `[import]` options with the import flags over them. (Its `lang` is taken
/// in `main`, with `check`'s.) The configuration's waivers and severities are `check`'s: the
/// drawing shows the findings of the selected rules.
pub fn render_settings(
    args: &RenderArgs,
    lang: Lang,
) -> Result<(archlint_core::LintOptions, ImportArgs), u8> {
    let ov = args
        .source
        .with_inputs(&args.input, &args.import, Some(lang));
    let settings = Resolver::new(ov)
        .and_then(|mut r| r.settings(&run_path(Some(&args.file), &args.input)))
        .map_err(|e| config_error(&e, lang))?;
    // `--watch` draws again when the configuration changes.
    if let Some(c) = &settings.config {
        crate::watch::note(c);
    }
    let today = archlint_config::today().map_err(|e| config_error(&e, lang))?;
    Ok((
        settings.lint_options(Some(today)),
        import_args(&settings, &args.import),
    ))
}

/// The options of `archlint lsp`: with `--config` or `--isolated`, each file's settings come
/// from that file (read again for every lint, so that edits to it apply) or from none. A
/// `--config` file that cannot be read at all is exit status 2 at once; one with a mistake in
/// it is reported on each document, as a configuration found by the search is.
pub fn lsp_options(
    source: &ConfigSource,
    lang: Option<Lang>,
    env_lang: Lang,
) -> Result<archlint_lsp::Options, u8> {
    let mut opts = archlint_lsp::Options {
        lang,
        env_lang,
        ..archlint_lsp::Options::default()
    };
    if source.config.is_none() && !source.isolated {
        return Ok(opts);
    }
    let ov = source.overrides();
    if let Err(e) = Resolver::new(ov.clone()) {
        if e.line == 0 {
            return Err(config_error(&e, lang.unwrap_or(env_lang)));
        }
    }
    opts.config = Some(Box::new(move |path: &Path| {
        Resolver::new(ov.clone())
            .and_then(|mut r| r.settings(path))
            .map(archlint_lsp::Settings::from_project)
            .map_err(|e| archlint_lsp::ConfigError {
                path: PathBuf::from(&e.file),
                line: e.line,
                column: e.column,
                message: e.message,
            })
    }));
    Ok(opts)
}

/// Adds the configuration waivers in force for an input (not expired) to `out`.
pub fn active_waivers(
    settings: &Settings,
    today: Date,
    out: &mut Vec<(String, &'static str, Option<String>)>,
) {
    for a in &settings.waivers {
        if !archlint_core::rules::df::df009::expired(a.waiver.expires, Some(today)) {
            out.push((
                a.origin.clone(),
                a.waiver.rule.code,
                a.waiver.target.clone(),
            ));
        }
    }
}

/// `archlint.toml:12:8: warning: the waiver for `HA001` on `ecs-1` matched no finding …`
pub fn unused_waiver_line(origin: &str, rule: &str, target: Option<&str>, lang: Lang) -> String {
    match (lang, target) {
        (Lang::En, Some(t)) => format!(
            "{origin}: warning: the waiver for `{rule}` on `{t}` matched no finding: remove it, or it will hide the finding if it comes back"
        ),
        (Lang::En, None) => format!(
            "{origin}: warning: the waiver for `{rule}` matched no finding: remove it, or it will hide the findings if they come back"
        ),
        (Lang::Zh, Some(t)) => format!(
            "{origin}：警告：针对 `{t}` 的 `{rule}` 豁免没有匹配到任何发现：请删除它，否则问题再次出现时会被它隐藏"
        ),
        (Lang::Zh, None) => format!(
            "{origin}：警告：`{rule}` 的豁免没有匹配到任何发现：请删除它，否则问题再次出现时会被它隐藏"
        ),
    }
}

/// `archlint config --show [PATH]` / `--schema`.
pub fn config_cmd(args: &ConfigCmd, lang: Lang) -> u8 {
    let text = if args.schema {
        archlint_config::schema::json_schema()
    } else {
        let ov = args.source.overrides();
        let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
        let settings = Resolver::new(ov).and_then(|mut r| r.settings(&path));
        match settings {
            Ok(s) => s.show(lang),
            Err(e) => return config_error(&e, lang),
        }
    };
    let mut out = io::stdout().lock();
    finish_output(
        out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        OK,
    )
}

/// What a waiver says of the finding it accepted: its reason, owner, end date and where it is
/// written (`batch job; owner ops-team; until 2027-03-31 (waived by archlint.toml:3:8)`).
fn waiver_note(name: &str, s: &archlint_core::lint::Suppressed, lang: Lang) -> String {
    let (by, owner, until) = match lang {
        Lang::En => ("waived by", "owner", "until"),
        Lang::Zh => ("豁免位置", "负责人", "有效至"),
    };
    let mut note = s.reason.clone();
    if let Some(o) = &s.owner {
        note.push_str(&format!("; {owner} {o}"));
    }
    if let Some(d) = s.expires {
        note.push_str(&format!("; {until} {d}"));
    }
    let origin = match s.kind {
        archlint_core::lint::SuppressionKind::InSource => format!("{name}#{}", s.origin),
        archlint_core::lint::SuppressionKind::External => s.origin.clone(),
    };
    note.push_str(&format!(" ({by} {origin})"));
    note
}

fn suppressed_word(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "suppressed",
        Lang::Zh => "已抑制",
    }
}

/// `--show-suppressed`: one line per finding a waiver accepted, with the waiver's reason,
/// owner, end date and where it is written.
pub fn suppressed_lines(
    name: &str,
    list: &[archlint_core::lint::Suppressed],
    lang: Lang,
) -> String {
    let mut out = String::new();
    for s in list {
        let f = &s.finding;
        let target = f
            .target
            .as_deref()
            .map(|t| format!(" `{t}`"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{name}:{}:{}: {}[{} {}]{target}: {}\n",
            f.line,
            f.column,
            suppressed_word(lang),
            f.rule.code,
            f.rule.name,
            waiver_note(name, s, lang)
        ));
    }
    out
}

/// `--show-suppressed` with `--format github`: a notice annotation at each finding a waiver
/// accepted — `::notice file=…,line=…,col=…,title=CODE name (suppressed)::message` with the
/// waiver's reason, owner, end date and place on a line of its own.
pub fn github_suppressed(
    name: &str,
    list: &[archlint_core::lint::Suppressed],
    lang: Lang,
) -> String {
    let mut out = String::new();
    for s in list {
        let f = &s.finding;
        let title = match lang {
            Lang::En => format!("{} {} (suppressed)", f.rule.code, f.rule.name),
            Lang::Zh => format!("{} {}（已抑制）", f.rule.code, f.rule.name),
        };
        let colon = match lang {
            Lang::En => ": ",
            Lang::Zh => "：",
        };
        out.push_str(&format!(
            "::notice file={},line={},col={},title={}::{}\n",
            crate::text::gh_property(name),
            f.line,
            f.column,
            crate::text::gh_property(&title),
            crate::text::gh_data(&format!(
                "{}\n{}{colon}{}",
                f.message.get(lang),
                suppressed_word(lang),
                waiver_note(name, s, lang)
            )),
        ));
    }
    out
}

/// The lines after the summary: findings waivers accepted, and with a baseline the findings
/// it hid and those gone since it was written (`known`, `fixed`).
pub fn project_lines(
    suppressed: usize,
    listed: bool,
    baseline: Option<(usize, usize)>,
    lang: Lang,
) -> Vec<String> {
    let mut out = Vec::new();
    if suppressed > 0 {
        out.push(match (lang, listed) {
            (Lang::En, true) => format!("{suppressed} suppressed by waivers"),
            (Lang::En, false) => {
                format!("{suppressed} suppressed by waivers (--show-suppressed lists them)")
            }
            (Lang::Zh, true) => format!("{suppressed} 个发现已被豁免抑制"),
            (Lang::Zh, false) => {
                format!("{suppressed} 个发现已被豁免抑制（--show-suppressed 可列出）")
            }
        });
    }
    if let Some((known, fixed)) = baseline {
        out.push(match lang {
            Lang::En => format!(
                "{known} in the baseline not shown; {fixed} fixed since the baseline{}",
                if fixed > 0 {
                    " (--prune-baseline removes them)"
                } else {
                    ""
                }
            ),
            Lang::Zh => format!(
                "{known} 个基线中已记录的发现未显示；{fixed} 个自基线以来已修复{}",
                if fixed > 0 {
                    "（--prune-baseline 可将其从基线中删除）"
                } else {
                    ""
                }
            ),
        });
    }
    out
}

/// `::notice::message`.
pub fn github_notice(message: &str) -> String {
    format!(
        "::notice title=archlint::{}\n",
        crate::text::gh_data(message)
    )
}
