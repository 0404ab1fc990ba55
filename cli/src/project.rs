//! The project configuration on the command line: `--config`, `--isolated`, `--select`,
//! `--extend-select`, the `config` command, and what `check` takes from `archlint.toml`
//! (the configuration itself is `archlint_config`).

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use archlint_config::{ConfigError, Overrides, Resolver, Settings};
use archlint_core::{Date, Lang};
use clap::Args;

use crate::{err_line, finish_output, CheckArgs, CheckFormat, FAILURE, OK};

/// Project configuration, waivers and baseline flags of `check`.
#[derive(Args, Debug, Default)]
pub struct ProjectArgs {
    /// Use this configuration file for every input instead of the nearest archlint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file (archlint.toml, .archlint.toml)
    #[arg(long)]
    pub isolated: bool,

    /// Run only these rules: codes, names, families or ALL (replaces the configuration's
    /// `select`); comma-separated or repeated
    #[arg(long, value_name = "RULE")]
    pub select: Vec<String>,

    /// Run these rules as well: codes, names, families or ALL; comma-separated or repeated
    #[arg(long, value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// List the findings waivers accepted (text output; the other formats always carry them)
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

    /// Use this configuration file instead of the nearest archlint.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file
    #[arg(long)]
    pub isolated: bool,
}

/// The command line's part of the settings.
pub fn overrides(args: &CheckArgs, lang: Option<Lang>) -> Overrides {
    Overrides {
        config: args.project.config.clone(),
        isolated: args.project.isolated,
        select: (!args.project.select.is_empty()).then(|| args.project.select.clone()),
        extend_select: args.project.extend_select.clone(),
        ignore: args.input.ignore.clone(),
        lang,
        format: format_given().then(|| format_word(args.format)),
        overlay: args.import.overlay.clone(),
        vars: args
            .import
            .var
            .iter()
            .filter_map(|v| v.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.to_string()))
            .collect(),
        var_files: args.import.var_file.clone(),
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
/// first input, or the working directory for standard input.
fn run_path(args: &CheckArgs) -> PathBuf {
    match args.files.first() {
        Some(f) if f != "-" => PathBuf::from(f),
        _ => PathBuf::from(&args.input.stdin_filename),
    }
}

/// The configuration's `lang` for `check`, when `--lang` is not given (errors are reported
/// later, by `check` itself).
pub fn config_lang(args: &CheckArgs) -> Option<Lang> {
    let mut r = Resolver::new(overrides(args, None)).ok()?;
    r.settings(&run_path(args)).ok()?.lang.map(|(l, _)| l)
}

/// Sets `--format` from the configuration when the command line does not give it.
pub fn apply_format(args: &mut CheckArgs) {
    if format_given() {
        return;
    }
    let Ok(mut r) = Resolver::new(overrides(args, None)) else {
        return;
    };
    if let Some((f, _)) = r.settings(&run_path(args)).ok().and_then(|s| s.format) {
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
                    let ia = crate::source::ImportArgs {
                        from: args.import.from,
                        var: args.import.var.clone(),
                        var_file: args.import.var_file.clone(),
                        overlay: args.import.overlay.clone(),
                        verbose: args.import.verbose,
                    };
                    out.push((None, vec![f.clone()], ia));
                    continue;
                }
            };
            match out.last_mut() {
                Some((c, files, _)) if *c == s.config => files.push(f.clone()),
                _ => {
                    let ia = crate::source::ImportArgs {
                        from: args.import.from,
                        // A --var that is not NAME=VALUE stays, for the importer to refuse.
                        var: s
                            .vars
                            .iter()
                            .map(|(k, v, _)| format!("{k}={v}"))
                            .chain(args.import.var.iter().filter(|v| !v.contains('=')).cloned())
                            .collect(),
                        var_file: s.var_files.iter().map(|(f, _)| f.clone()).collect(),
                        overlay: s.overlay.as_ref().map(|(o, _)| o.clone()),
                        verbose: args.import.verbose,
                    };
                    out.push((s.config.clone(), vec![f.clone()], ia));
                }
            }
        }
        Ok(out.into_iter().map(|(_, f, i)| (f, i)).collect())
    }
}

/// `render`'s lint options from the project configuration of its input (rule selection,
/// `--ignore` over it, today's date for waivers' expiry). The configuration's waivers and
/// severities are `check`'s: the drawing shows the findings of the selected rules.
pub fn render_lint_options(
    file: &std::ffi::OsStr,
    input: &crate::InputArgs,
    lang: Lang,
) -> Result<archlint_core::LintOptions, u8> {
    let ov = Overrides {
        ignore: input.ignore.clone(),
        ..Overrides::default()
    };
    let path = if file == "-" {
        PathBuf::from(&input.stdin_filename)
    } else {
        PathBuf::from(file)
    };
    let settings = Resolver::new(ov)
        .and_then(|mut r| r.settings(&path))
        .map_err(|e| config_error(&e, lang))?;
    let today = archlint_config::today().map_err(|e| config_error(&e, lang))?;
    Ok(settings.lint_options(Some(today)))
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
        let ov = Overrides {
            config: args.config.clone(),
            isolated: args.isolated,
            ..Overrides::default()
        };
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
        let (word, by, owner, until) = match lang {
            Lang::En => ("suppressed", "waived by", "owner", "until"),
            Lang::Zh => ("已抑制", "豁免位置", "负责人", "有效至"),
        };
        let mut extra = String::new();
        if let Some(o) = &s.owner {
            extra.push_str(&format!("; {owner} {o}"));
        }
        if let Some(d) = s.expires {
            extra.push_str(&format!("; {until} {d}"));
        }
        let origin = match s.kind {
            archlint_core::lint::SuppressionKind::InSource => format!("{name}#{}", s.origin),
            archlint_core::lint::SuppressionKind::External => s.origin.clone(),
        };
        out.push_str(&format!(
            "{name}:{}:{}: {word}[{} {}]{target}: {}{extra} ({by} {origin})\n",
            f.line, f.column, f.rule.code, f.rule.name, s.reason
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
