//! `archlint`: lints cloud-architecture designs from the command line.
//!
//! The contract (commands, output formats, exit statuses) is `shared/spec/cli.md`.

extern crate alloc;

mod baseline;
mod check;
mod completions;
mod coverage;
mod fix;
mod input;
mod jobs;
mod project;
mod render;
mod source;
mod text;
mod watch;

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use archlint_core::text::suggest;
use archlint_core::{rules, Lang, Limits};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

/// Exit statuses (cli.md).
pub const OK: u8 = 0;
pub const FINDINGS: u8 = 1;
pub const FAILURE: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "archlint",
    version,
    about = "Lints cloud-architecture designs against the practices of a financial cloud",
    propagate_version = true,
    disable_help_subcommand = true
)]
struct Cli {
    /// Language of every human-readable text: en or zh [default: from LC_ALL, LC_MESSAGES or
    /// LANG, else en]
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    lang: Option<Lang>,

    /// When to colour the text output
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    color: ColorWhen,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint designs (`-` reads standard input)
    Check(CheckArgs),
    /// Draw a design as SVG, PNG, Graphviz DOT, draw.io or Mermaid (`-` reads standard input)
    Render(RenderArgs),
    /// List the rule catalog: code, name, severity, summary
    Rules {
        /// Output format
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Show a rule's documentation, with a failing and a passing example
    Explain {
        /// A rule code (HA001) or name (single-instance-module)
        code: String,
    },
    /// Print the JSON Schema of the design format
    Schema,
    /// Show the project configuration (archlint.toml) in effect for a path, or its JSON Schema
    Config(project::ConfigCmd),
    /// Import a Terraform directory or a ROS template as a design (format v1), to refine it in
    /// the editor
    Import(ImportCmd),
    /// Run the language server (LSP over standard input and output) for code editors
    Lsp(project::LspCmd),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::CompletionsArgs),
    /// Print the manual page archlint(1), or write one page per command with --dir
    Man(completions::ManArgs),
}

#[derive(Args, Debug)]
pub struct ImportCmd {
    /// A Terraform directory, `.tf` / `.tf.json` files, or a ROS template; `-` reads standard
    /// input
    #[arg(required = true, value_name = "SRC")]
    pub src: Vec<OsString>,

    /// Where to write the design [default: standard output]
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub import: source::ImportArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Design files, Terraform directories or files, ROS templates; directories are walked
    /// for configurations; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<OsString>,

    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    /// Also fail (exit 1) on warnings
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// Check this many inputs at a time [default: the number of CPUs]; the output is the
    /// same whatever N is
    #[arg(long, short = 'j', value_name = "N", value_parser = jobs::parse_jobs)]
    pub jobs: Option<usize>,

    /// Check again whenever a file that was read changes, until Ctrl-C
    #[arg(long)]
    pub watch: bool,

    /// Apply the safe fixes to design JSON files in place, then report what is left
    #[arg(long)]
    pub fix: bool,

    /// Apply the unsafe fixes too (they add or move resources); implies --fix unless --diff
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print the fixes as a unified diff instead of writing them (exit 1 when there is one)
    #[arg(long)]
    pub diff: bool,

    #[command(flatten)]
    pub project: project::ProjectArgs,

    #[command(flatten)]
    pub import: source::ImportArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The design file, Terraform directory or ROS template; `-` reads standard input
    #[arg(value_name = "FILE")]
    pub file: OsString,

    /// Where to write the drawing; its extension (.svg, .png, .dot, .drawio, .mmd) gives the
    /// format [default: standard output]
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<std::path::PathBuf>,

    /// Output format [default: from OUT's extension, else svg]
    #[arg(long, value_enum)]
    pub format: Option<render::RenderFormat>,

    /// Colour theme
    #[arg(long, value_enum, default_value_t = render::ThemeArg::Light)]
    pub theme: render::ThemeArg,

    /// Draw the design without its findings (no rings, badges or findings panel)
    #[arg(long)]
    pub no_findings: bool,

    /// Prefix of every element id in the SVG [default: derived from the input]
    #[arg(long, value_name = "PREFIX")]
    pub id_prefix: Option<String>,

    /// Who lays the diagram out: archlint itself, or the Graphviz `dot` program
    #[arg(long, value_enum, default_value_t = render::LayoutEngine::Builtin)]
    pub layout: render::LayoutEngine,

    /// PNG pixels per SVG pixel
    #[arg(long, value_name = "FACTOR", default_value_t = 2.0)]
    pub scale: f32,

    /// Draw again whenever a file that was read changes, until Ctrl-C
    #[arg(long)]
    pub watch: bool,

    #[command(flatten)]
    pub source: project::ConfigSource,

    #[command(flatten)]
    pub import: source::ImportArgs,

    #[command(flatten)]
    pub input: InputArgs,
}

/// Options shared by the commands that read designs: suppressions, limits, the name of
/// standard input.
#[derive(Args, Debug)]
pub struct InputArgs {
    /// Do not report this rule (a code or a name); repeatable
    #[arg(long = "ignore", value_name = "CODE")]
    pub ignore: Vec<String>,

    /// Largest design accepted, in bytes (suffixes k, M, G allowed)
    #[arg(long, value_name = "BYTES", value_parser = parse_size, default_value_t = Limits::DEFAULT.max_bytes)]
    pub max_bytes: usize,

    /// Most nodes a design may have
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT.max_nodes)]
    pub max_nodes: usize,

    /// The file name to report for standard input
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

impl InputArgs {
    /// The lint options of `--ignore`, or a usage error for an unknown rule.
    pub fn lint_options(&self, lang: Lang) -> Result<archlint_core::LintOptions, u8> {
        let mut opts = archlint_core::LintOptions::default();
        for word in &self.ignore {
            opts.ignore_codes
                .push(find_rule(word, lang)?.code.to_string());
        }
        Ok(opts)
    }

    pub fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_bytes,
            max_nodes: self.max_nodes,
            ..Limits::DEFAULT
        }
    }

    /// The name reported for a path (`-` is standard input).
    pub fn display_name(&self, path: &std::ffi::OsStr) -> String {
        if path == "-" {
            self.stdin_filename.clone()
        } else {
            path.to_string_lossy().into_owned()
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    Github,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum RulesFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    match s {
        "en" => Ok(Lang::En),
        "zh" => Ok(Lang::Zh),
        _ => Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (use en or zh)")),
    }
}

fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (digits, mult) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 1usize << 10),
        Some((i, 'm' | 'M')) => (&t[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&t[..i], 1 << 30),
        _ => (t, 1),
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("`{s}` is not a size in bytes (e.g. 1048576, 512k, 64M)"))
}

/// The language from the environment: the first set of LC_ALL, LC_MESSAGES, LANG.
fn env_lang() -> Lang {
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Some(v) = std::env::var_os(var) {
            let v = v.to_string_lossy();
            if !v.trim().is_empty() {
                return Lang::parse(&v).unwrap_or(Lang::En);
            }
        }
    }
    Lang::En
}

/// Whether to colour standard output.
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Writes to standard error, ignoring failures (a closed stderr must not abort the run).
pub fn err_line(line: &str) {
    let mut e = io::stderr().lock();
    let _ = e.write_all(line.as_bytes());
    let _ = e.write_all(b"\n");
}

/// A usage error: message on stderr, exit status 2.
pub fn usage_error(lang: Lang, en: &str, zh: &str) -> u8 {
    err_line(&text::error_line2("archlint", en, zh, lang));
    FAILURE
}

/// The rule named by a code or a name, or a usage error with a "did you mean".
pub fn find_rule(word: &str, lang: Lang) -> Result<&'static archlint_core::RuleMeta, u8> {
    if let Some(r) =
        rules::find(word).or_else(|| rules::all().find(|r| r.name.eq_ignore_ascii_case(word)))
    {
        return Ok(r);
    }
    // `suggest` compares against lower-case candidates.
    let lower: Vec<String> = rules::all()
        .flat_map(|r| [r.code.to_ascii_lowercase(), r.name.to_string()])
        .collect();
    let hint = suggest(word, lower.iter().map(String::as_str)).map(|h| {
        rules::all()
            .find(|r| r.code.eq_ignore_ascii_case(h))
            .map_or(h.to_string(), |r| r.code.to_string())
    });
    let (en, zh) = match hint {
        Some(h) => (
            format!("unknown rule `{word}`; did you mean `{h}`? (`archlint rules` lists them all)"),
            format!("未知规则 `{word}`；是否指 `{h}`？（`archlint rules` 列出全部规则）"),
        ),
        None => (
            format!("unknown rule `{word}` (`archlint rules` lists them all)"),
            format!("未知规则 `{word}`（`archlint rules` 列出全部规则）"),
        ),
    };
    Err(usage_error(lang, &en, &zh))
}

/// The language of the run, for the few messages written far from where it is known.
static RUN_LANG: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Result of writing to standard output: a closed pipe ends the run quietly.
pub fn finish_output(r: io::Result<()>, status: u8) -> u8 {
    match r {
        Ok(()) => status,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => usage_error(
            RUN_LANG.get().copied().unwrap_or(Lang::En),
            &format!("cannot write the output: {e}"),
            &format!("无法写入输出：{e}"),
        ),
    }
}

/// mimalloc: the loader builds many small values; it is several times faster at that than
/// the system allocator here.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(FAILURE));
        }
    };
    // `check` and `render` take the language from the project configuration when --lang is
    // not given.
    let lang = cli
        .lang
        .or_else(|| project::config_lang(&cli.command))
        .unwrap_or_else(env_lang);
    let _ = RUN_LANG.set(lang);
    let color = use_color(cli.color);
    let status = match cli.command {
        Command::Config(args) => project::config_cmd(&args, lang),
        Command::Check(mut args) => {
            project::apply_format(&mut args);
            watch::maybe(args.watch, &args.files, lang, || {
                check::run(&args, lang, color)
            })
        }
        Command::Render(args) => {
            watch::maybe(args.watch, std::slice::from_ref(&args.file), lang, || {
                render::run(&args, lang)
            })
        }
        Command::Import(args) => import_cmd(&args, lang),
        Command::Lsp(args) => match project::lsp_options(&args.source, cli.lang, env_lang()) {
            Ok(opts) => archlint_lsp::run_stdio(opts),
            Err(status) => status,
        },
        Command::Rules { format } => rules_cmd(format, lang),
        Command::Explain { code } => explain_cmd(&code, lang),
        Command::Completions(args) => completions::completions(Cli::command(), &args),
        Command::Man(args) => completions::man(Cli::command(), &args, lang),
        Command::Schema => {
            let mut out = io::stdout().lock();
            let r = out
                .write_all(archlint_core::SCHEMA.as_bytes())
                .and_then(|()| {
                    if archlint_core::SCHEMA.ends_with('\n') {
                        Ok(())
                    } else {
                        out.write_all(b"\n")
                    }
                })
                .and_then(|()| out.flush());
            finish_output(r, OK)
        }
    };
    ExitCode::from(status)
}

fn rules_cmd(format: RulesFormat, lang: Lang) -> u8 {
    let text = match format {
        RulesFormat::Json => archlint_core::output::json::rules_document(lang),
        RulesFormat::Text => text::rules_table(lang),
    };
    let mut out = io::stdout().lock();
    finish_output(
        out.write_all(text.as_bytes()).and_then(|()| out.flush()),
        OK,
    )
}

fn explain_cmd(code: &str, lang: Lang) -> u8 {
    let rule = match find_rule(code, lang) {
        Ok(r) => r,
        Err(status) => return status,
    };
    let doc = archlint_core::output::rule_doc(rule, lang);
    let mut out = io::stdout().lock();
    finish_output(out.write_all(doc.as_bytes()).and_then(|()| out.flush()), OK)
}

fn import_cmd(args: &ImportCmd, lang: Lang) -> u8 {
    let limits = args.input.limits();
    let units = source::units(
        &args.src,
        &args.import,
        &args.input.stdin_filename,
        limits.max_bytes,
        false,
    );
    let mut designs = Vec::new();
    for u in units {
        match u {
            source::Unit::Failed { name, error } => {
                err_line(&text::load_error_line(&name, &error, lang));
                return FAILURE;
            }
            source::Unit::Design { name, .. } => {
                return usage_error(
                    lang,
                    &format!("`{name}` is already a design; `import` reads Terraform and ROS (use --from to force one)"),
                    &format!("`{name}` 已经是设计文件；`import` 读取 Terraform 和 ROS（可用 --from 指定格式）"),
                );
            }
            source::Unit::Imported { name, imported } => {
                if args.import.verbose {
                    source::verbose(&name, &imported, lang);
                }
                designs.push(imported.design);
            }
        }
    }
    if designs.len() != 1 {
        return usage_error(
            lang,
            "`import` makes one design: name one Terraform directory (or its .tf files) or one ROS template",
            "`import` 只生成一个设计：请指定一个 Terraform 目录（或其 .tf 文件）或一个 ROS 模板",
        );
    }
    let design = designs.remove(0);
    match args.output.as_deref().filter(|p| p.as_os_str() != "-") {
        Some(p) => match std::fs::write(p, design.as_bytes()) {
            Ok(()) => OK,
            Err(e) => {
                let shown = p.display();
                usage_error(
                    lang,
                    &format!("cannot write {shown}: {e}"),
                    &format!("无法写入 {shown}：{e}"),
                )
            }
        },
        None => {
            let mut out = io::stdout().lock();
            finish_output(
                out.write_all(design.as_bytes()).and_then(|()| out.flush()),
                OK,
            )
        }
    }
}
