//! `archlint check`.

use std::io::{self, Write};

use archlint_config::Settings;
use archlint_core::output::{self, FileResult};
use archlint_core::rule::Severity;
use archlint_core::{load, Date, Finding, Lang, Limits, Report};
use archlint_import::Imported;
use codespan_reporting::term::termcolor::{Buffer, BufferedStandardStream, ColorChoice};

use crate::baseline::{self, Baseline};
use crate::project::Project;
use crate::source::Unit;
use crate::text::{self, Out};
use crate::{err_line, finish_output, CheckArgs, CheckFormat, Deny, FAILURE, FINDINGS, OK};

/// The exit status of a set of results (cli.md): 2 if a file could not be loaded, else 1 if
/// a finding is at least as severe as the threshold, else 0.
fn status(results: &[(String, FileResult)], deny: Option<Deny>) -> u8 {
    let threshold = match deny {
        Some(Deny::Warnings) => Severity::Warning,
        None => Severity::Error,
    };
    let mut s = OK;
    for (_, r) in results {
        match r {
            Err(_) => return FAILURE,
            Ok(rep) if rep.worst().is_some_and(|w| w >= threshold) => s = FINDINGS,
            Ok(_) => {}
        }
    }
    s
}

pub fn run(args: &CheckArgs, lang: Lang, color: bool) -> u8 {
    // The project configuration (rules, severities, waivers, import options) is resolved per
    // input, with the command line's flags over it.
    let project = match Project::new(args, lang) {
        Ok(p) => p,
        Err(status) => return status,
    };
    let base = match &args.project.baseline {
        Some(p) => match Baseline::read(p) {
            Ok(b) => Some(b),
            Err(e) => {
                err_line(&e.line(lang));
                return FAILURE;
            }
        },
        None => None,
    };
    let ctx = RunCtx {
        project: &project,
        baseline: base.as_ref(),
        write_dir: args.project.write_baseline.as_deref().map(baseline::dir_of),
    };
    let limits = args.input.limits();
    let color = color && args.format == CheckFormat::Text;
    let stream = BufferedStandardStream::stdout(if color {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    });
    let mut out = Out::new(stream, color, lang);

    let jobs = args.jobs.unwrap_or_else(crate::jobs::default_jobs);
    let groups = match project.import_groups(args) {
        Ok(g) => g,
        Err(e) => return crate::project::config_error(&e, lang),
    };
    let mut units = Vec::new();
    for (files, import) in &groups {
        units.extend(crate::source::units_jobs(
            files,
            import,
            &args.input.stdin_filename,
            limits.max_bytes,
            true,
            jobs,
        ));
    }
    // Per baseline entry: whether a finding matched it.
    let mut used = vec![false; base.as_ref().map_or(0, |b| b.entries.len())];
    let (mut known, mut suppressed) = (0usize, 0usize);
    let mut current: Vec<baseline::Entry> = Vec::new();
    let mut checked: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut active: std::collections::BTreeMap<String, (&'static str, Option<String>)> =
        std::collections::BTreeMap::new();
    let mut waived_by: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut results: Vec<(String, FileResult)> = Vec::with_capacity(units.len());
    let mut written: io::Result<()> = Ok(());
    let mode = fix_mode(args);
    let (mut fixed, mut fixed_files, mut left, mut failed_fix) = (0, 0, (0, 0), false);
    // Each unit is linted and its text made on a worker; what it gives is printed in the
    // order of the inputs.
    crate::jobs::ordered(
        units,
        jobs,
        |unit| unit_output(unit, args, &limits, lang, color, &ctx),
        |done| {
            for line in &done.stderr {
                err_line(line);
            }
            if written.is_ok() {
                written = out.inner().write_all(&done.stdout);
            }
            results.extend(done.results);
            for i in done.used {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
            }
            known += done.known;
            suppressed += done.suppressed;
            current.extend(done.entries);
            checked.extend(done.checked);
            for (origin, rule, target) in done.waivers {
                active.entry(origin).or_insert((rule, target));
            }
            waived_by.extend(done.waived_by);
            fixed += done.fixed;
            fixed_files += done.fixed_files;
            left = (left.0 + done.left.0, left.1 + done.left.1);
            failed_fix |= done.failed_fix;
        },
    );

    let mut status = status(&results, args.deny);
    // Configuration waivers that accepted nothing (as DF007 does for a design's ignore).
    for (origin, (rule, target)) in &active {
        if !waived_by.contains(origin) {
            err_line(&crate::project::unused_waiver_line(
                origin,
                rule,
                target.as_deref(),
                lang,
            ));
        }
    }
    // The recorded findings that are gone: of a file checked in this run, of a rule this
    // archlint knows, matched by no finding.
    let gone: Vec<bool> = base.as_ref().map_or(Vec::new(), |b| {
        b.entries
            .iter()
            .zip(&used)
            .map(|(e, u)| !*u && baseline::known_rule(e) && checked.contains(&e.file))
            .collect()
    });
    let fixed_entries: Vec<baseline::Entry> = base
        .as_ref()
        .map(|b| {
            b.entries
                .iter()
                .zip(&gone)
                .filter(|(_, g)| **g)
                .map(|(e, _)| e.clone())
                .collect()
        })
        .unwrap_or_default();
    if let Some(st) = write_baselines(args, base.as_ref(), &gone, &current, lang) {
        status = st;
    }
    if failed_fix {
        status = FAILURE;
    } else if mode.diff && status != FAILURE {
        // --diff: 1 when there is something to fix (as ruff does), else 0.
        status = if fixed > 0 { FINDINGS } else { OK };
    }
    let fix_line = crate::fix::summary(mode, fixed, fixed_files, left, lang);
    if written.is_ok() {
        written = match args.format {
            CheckFormat::Text => {
                let mut c = (0, 0, 0);
                let mut failed = 0;
                for (_, r) in &results {
                    match r {
                        Ok(rep) => {
                            let (e, w, i) = output::counts(rep);
                            c = (c.0 + e, c.1 + w, c.2 + i);
                        }
                        Err(_) => failed += 1,
                    }
                }
                if mode.diff {
                    // Only the diffs go to standard output.
                    if let Some(l) = &fix_line {
                        err_line(l);
                    }
                    Ok(())
                } else {
                    let mut line = text::summary_line(c, results.len(), failed, lang);
                    for extra in crate::project::project_lines(
                        suppressed,
                        args.project.show_suppressed,
                        base.as_ref().map(|_| (known, fixed_entries.len())),
                        lang,
                    ) {
                        line.push('\n');
                        line.push_str(&extra);
                    }
                    for extra in crate::coverage::lines(&results, args.import.verbose, lang) {
                        line.push('\n');
                        line.push_str(&extra);
                    }
                    match &fix_line {
                        Some(l) => writeln!(out.inner(), "{line}\n{l}"),
                        None => writeln!(out.inner(), "{line}"),
                    }
                }
            }
            // With --diff only the diffs are printed.
            CheckFormat::Json | CheckFormat::Sarif if mode.diff => Ok(()),
            CheckFormat::Json => {
                let doc = output::json::check_document_full(&results, lang, |w| {
                    if let Some(b) = &base {
                        w.key("baseline").begin_object();
                        w.field_str("file", &b.path.to_string_lossy());
                        w.field_uint("known", known as u64);
                        w.key("fixed").begin_array();
                        for e in &fixed_entries {
                            w.begin_object();
                            w.field_str("file", &e.file);
                            w.field_str("rule", &e.rule);
                            w.field_opt_str("target", e.target.as_deref());
                            w.field_str("fingerprint", &e.fingerprint);
                            w.field_str("message", &e.message);
                            w.end_object();
                        }
                        w.end_array();
                        w.end_object();
                    }
                });
                out.inner().write_all(doc.as_bytes())
            }
            CheckFormat::Sarif => {
                let root = srcroot();
                out.inner()
                    .write_all(output::sarif::document(&results, lang, root.as_deref()).as_bytes())
            }
            CheckFormat::Github if suppressed > 0 => out.inner().write_all(
                crate::project::github_notice(
                    &crate::project::project_lines(
                        suppressed,
                        args.project.show_suppressed,
                        None,
                        lang,
                    )
                    .join(" "),
                )
                .as_bytes(),
            ),
            CheckFormat::Github => Ok(()),
        };
        // The other formats keep standard output to their document; the fix summary goes
        // to standard error when a fix flag was given.
        if args.format != CheckFormat::Text && mode.any() {
            if let Some(l) = &fix_line {
                err_line(l);
            }
        }
    }
    if written.is_ok() {
        written = out.flush();
    }
    finish_output(written, status)
}

/// What one unit gives: its results, what to print for it on standard output (text with
/// colours when `color`, or GitHub workflow commands; nothing for JSON and SARIF, which are
/// one document at the end) and its lines for standard error.
struct UnitOut {
    results: Vec<(String, FileResult)>,
    stdout: Vec<u8>,
    stderr: Vec<String>,
    /// Fixes applied (with --diff: that would be), and in how many files.
    fixed: usize,
    fixed_files: usize,
    /// Findings left that offer a fix: (safe, unsafe).
    left: (usize, usize),
    /// A fix could not be written (or was asked of standard input).
    failed_fix: bool,
    /// Baseline entries its findings matched, and how many findings that hid.
    used: Vec<usize>,
    known: usize,
    /// Findings waivers accepted.
    suppressed: usize,
    /// Its findings as baseline entries (with --write-baseline).
    entries: Vec<baseline::Entry>,
    /// The files it checked, as the baseline names them.
    checked: Vec<String>,
    /// The configuration waivers in force for its inputs (not expired): (origin, rule,
    /// target); and the origins of those that accepted a finding.
    waivers: Vec<(String, &'static str, Option<String>)>,
    waived_by: Vec<String>,
}

/// What every unit of a `check` run shares: the project configuration and the baseline.
pub struct RunCtx<'a> {
    pub project: &'a Project,
    pub baseline: Option<&'a Baseline>,
    /// The directory of the --write-baseline file (entries' files are relative to it).
    pub write_dir: Option<std::path::PathBuf>,
}

impl RunCtx<'_> {
    /// After linting a file: the baseline's recorded findings leave the report; what is left
    /// is recorded for --write-baseline (with the recorded ones, which are still there).
    fn settle(&self, name: &str, report: &mut Report, done: &mut UnitOut) {
        let all = report.findings.clone();
        done.suppressed += report.suppressed.len();
        done.waived_by.extend(
            report
                .suppressed
                .iter()
                .filter(|s| s.kind == archlint_core::lint::SuppressionKind::External)
                .map(|s| s.origin.clone()),
        );
        if let Some(b) = self.baseline {
            let key = baseline::file_key(&b.dir, name);
            done.checked.push(key.clone());
            let mut used = vec![false; b.entries.len()];
            done.known += b.filter(&key, report, &mut used);
            done.used
                .extend(used.iter().enumerate().filter(|(_, u)| **u).map(|(i, _)| i));
        }
        if let Some(dir) = &self.write_dir {
            let key = baseline::file_key(dir, name);
            done.entries
                .extend(baseline::entries_of(&key, report, &all));
        }
    }
}

/// --write-baseline and --prune-baseline; a status when a file could not be written.
fn write_baselines(
    args: &CheckArgs,
    base: Option<&Baseline>,
    gone: &[bool],
    current: &[baseline::Entry],
    lang: Lang,
) -> Option<u8> {
    let mut jobs: Vec<(&std::path::Path, String)> = Vec::new();
    if let Some(p) = &args.project.write_baseline {
        jobs.push((p, baseline::write_text(current)));
    }
    if let (true, Some(b)) = (args.project.prune_baseline, base) {
        let kept: Vec<baseline::Entry> = b
            .entries
            .iter()
            .zip(gone)
            .filter(|(_, g)| !**g)
            .map(|(e, _)| e.clone())
            .collect();
        jobs.push((&b.path, baseline::write_text(&kept)));
    }
    for (p, text) in jobs {
        let dir = p.parent().filter(|d| !d.as_os_str().is_empty());
        let r = dir
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(p, text));
        if let Err(e) = r {
            let name = p.to_string_lossy();
            err_line(&text::error_line2(
                &name,
                &format!("cannot write the baseline: {e}"),
                &format!("无法写入基线文件：{e}"),
                lang,
            ));
            return Some(FAILURE);
        }
    }
    None
}

fn fix_mode(args: &CheckArgs) -> crate::fix::Mode {
    crate::fix::Mode {
        fix: args.fix,
        unsafe_too: args.unsafe_fixes,
        diff: args.diff,
    }
}

/// Whether a design unit is standard input (which --fix cannot write back).
fn is_stdin(args: &CheckArgs, name: &str) -> bool {
    name == args.input.stdin_filename && args.files.iter().any(|f| f == "-")
}

fn unit_output(
    unit: Unit,
    args: &CheckArgs,
    limits: &Limits,
    lang: Lang,
    color: bool,
    ctx: &RunCtx<'_>,
) -> UnitOut {
    let buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let mut out = Out::new(buf, color, lang);
    let mut done = UnitOut {
        results: Vec::new(),
        stdout: Vec::new(),
        stderr: Vec::new(),
        fixed: 0,
        fixed_files: 0,
        left: (0, 0),
        failed_fix: false,
        used: Vec::new(),
        known: 0,
        suppressed: 0,
        entries: Vec::new(),
        checked: Vec::new(),
        waivers: Vec::new(),
        waived_by: Vec::new(),
    };
    // (name, text of the file, its findings) to write for this unit.
    let mut shown: Vec<(String, String, FileResult)> = Vec::new();
    // Writing to memory does not fail; the results are kept either way.
    let mut written: io::Result<()> = Ok(());
    match unit {
        Unit::Failed { name, error } => shown.push((name, String::new(), Err(error))),
        Unit::Design { name, text } => 'design: {
            let settings = match ctx.project.settings(&name) {
                Ok(s) => s,
                Err(e) => {
                    shown.push(config_failure(e));
                    break 'design;
                }
            };
            crate::project::active_waivers(&settings, ctx.project.today, &mut done.waivers);
            let unit_opts = settings.lint_options(Some(ctx.project.today));
            let opts = &unit_opts;
            let mode = fix_mode(args);
            let text = if mode.any() {
                if mode.fix_in_place() && is_stdin(args, &name) {
                    done.stderr.push(text::fix_stdin_line(lang));
                    done.failed_fix = true;
                    text
                } else {
                    let r = crate::fix::run(&name, text, mode, limits, opts);
                    if let Some(e) = &r.write_error {
                        done.stderr.push(text::write_error_line(&name, e, lang));
                        done.failed_fix = true;
                    }
                    if r.applied > 0 {
                        done.fixed += r.applied;
                        done.fixed_files += 1;
                    }
                    if let Some(d) = r.diff {
                        written = out.inner().write_all(d.as_bytes());
                    }
                    r.text
                }
            } else {
                text
            };
            match load(&text, limits) {
                Err(e) => shown.push((name, String::new(), Err(e))),
                Ok(mut loaded) => {
                    settings.prepare(&mut loaded);
                    let mut cx = archlint_core::index::Ctx::new(&loaded.design);
                    let mut report = archlint_core::lint::lint_with_ctx(&loaded, &mut cx, opts);
                    // What the rules could check: the text summary's and the JSON's "coverage".
                    report.coverage = Some(archlint_core::coverage::coverage(&cx, opts));
                    output::stamp(&mut report, &loaded);
                    settings.finish(&mut report, Some(ctx.project.today));
                    ctx.settle(&name, &mut report, &mut done);
                    archlint_core::fix::offer(&loaded, &cx, &mut report);
                    let (s, u) = crate::fix::fixable(&report);
                    done.left = (done.left.0 + s, done.left.1 + u);
                    written = match args.format {
                        // With --diff only the diffs are printed.
                        _ if mode.diff => Ok(()),
                        CheckFormat::Text => text::findings(
                            &mut out,
                            &name,
                            &loaded,
                            &report.findings,
                            &report.fixes,
                            lang,
                        )
                        .and_then(|()| show_suppressed(&mut out, args, &name, &report, lang)),
                        CheckFormat::Github => report
                            .findings
                            .iter()
                            .try_for_each(|f| {
                                out.inner()
                                    .write_all(text::github_finding(&name, f, lang).as_bytes())
                            })
                            .and_then(|()| show_suppressed(&mut out, args, &name, &report, lang)),
                        CheckFormat::Json | CheckFormat::Sarif => Ok(()),
                    };
                    done.results.push((name, Ok(report)));
                }
            }
        }
        Unit::Imported { name, imported } => {
            if fix_mode(args).any() {
                done.stderr.push(text::fix_imported_line(&name, lang));
            }
            if args.import.verbose {
                done.stderr
                    .extend(crate::source::verbose_lines(&name, &imported, lang));
            }
            match ctx.project.settings(&name) {
                Ok(settings) => {
                    let today = ctx.project.today;
                    crate::project::active_waivers(&settings, today, &mut done.waivers);
                    for (n, src, mut r) in
                        imported_results(&name, &imported, limits, &settings, today)
                    {
                        if let Ok(rep) = &mut r {
                            ctx.settle(&n, rep, &mut done);
                        }
                        shown.push((n, src, r));
                    }
                }
                Err(e) => shown.push(config_failure(e)),
            }
        }
    }
    for (name, src, result) in shown {
        match &result {
            Ok(report) if written.is_ok() => {
                written = match args.format {
                    CheckFormat::Text => {
                        text::findings_at(&mut out, &name, &src, &report.findings, lang)
                            .and_then(|()| show_suppressed(&mut out, args, &name, report, lang))
                    }
                    CheckFormat::Github => report
                        .findings
                        .iter()
                        .try_for_each(|f| {
                            out.inner()
                                .write_all(text::github_finding(&name, f, lang).as_bytes())
                        })
                        .and_then(|()| show_suppressed(&mut out, args, &name, report, lang)),
                    CheckFormat::Json | CheckFormat::Sarif => Ok(()),
                };
            }
            Ok(_) => {}
            Err(e) => {
                done.stderr.push(text::load_error_line(&name, e, lang));
                if args.format == CheckFormat::Github && written.is_ok() {
                    written = out
                        .inner()
                        .write_all(text::github_load_error(&name, e, lang).as_bytes());
                }
            }
        }
        done.results.push((name, result));
    }
    if written.is_ok() {
        done.stdout = out.inner().as_slice().to_vec();
    }
    done
}

/// With `--show-suppressed`, the findings of a report that waivers accepted: lines of text, or
/// notice annotations with `--format github` (JSON and SARIF always carry them).
fn show_suppressed(
    out: &mut Out<Buffer>,
    args: &CheckArgs,
    name: &str,
    report: &Report,
    lang: Lang,
) -> io::Result<()> {
    if !args.project.show_suppressed || report.suppressed.is_empty() {
        return Ok(());
    }
    let lines = match args.format {
        CheckFormat::Text => crate::project::suppressed_lines(name, &report.suppressed, lang),
        CheckFormat::Github => crate::project::github_suppressed(name, &report.suppressed, lang),
        CheckFormat::Json | CheckFormat::Sarif => return Ok(()),
    };
    out.inner().write_all(lines.as_bytes())
}

/// The working directory as a `file:` URI ending in `/`, for SARIF's `%SRCROOT%`.
fn srcroot() -> Option<String> {
    let dir = std::env::current_dir().ok()?;
    let mut s = dir.to_string_lossy().into_owned();
    if !s.ends_with(['/', '\\']) {
        s.push('/');
    }
    output::sarif::file_uri(&s)
}

/// A configuration file that cannot be used, as the failed result of the unit it applies to
/// (exit status 2, with its position in every output format).
fn config_failure(e: archlint_config::ConfigError) -> (String, String, FileResult) {
    (
        e.file,
        String::new(),
        Err(archlint_core::LoadError {
            kind: archlint_core::LoadErrorKind::Syntax,
            line: e.line,
            column: e.column,
            message: e.message,
        }),
    )
}

/// Lints an imported configuration with the project settings and splits its findings (kept
/// and suppressed) by the file they point into: one result per file with findings (the
/// configuration's name when there are none), each finding's line and column those of the
/// user's file.
pub fn imported_results(
    name: &str,
    im: &Imported,
    limits: &Limits,
    settings: &Settings,
    today: Date,
) -> Vec<(String, String, FileResult)> {
    let mut loaded = match load(&im.design, limits) {
        Ok(l) => l,
        Err(e) => return vec![(name.to_string(), String::new(), Err(e))],
    };
    let report = settings.lint(&mut loaded, Some(today));
    // The coverage of the whole configuration, given with its first file's result.
    let coverage = archlint_core::coverage::coverage(
        &archlint_core::index::Ctx::new(&loaded.design),
        &settings.lint_options(Some(today)),
    );
    let n = im.files.len().max(1);
    let mut per_file: Vec<Report> = vec![Report::default(); n];
    let locate = |f: &mut Finding| -> usize {
        let at = im.map.locate(&f.pointer).unwrap_or_default();
        f.line = at.line.max(1);
        f.column = at.col.max(1);
        (at.file as usize).min(n - 1)
    };
    for mut f in report.findings {
        let i = locate(&mut f);
        per_file[i].findings.push(f);
    }
    for mut s in report.suppressed {
        let i = locate(&mut s.finding);
        per_file[i].suppressed.push(s);
    }
    let mut out = Vec::new();
    for (i, mut r) in per_file.into_iter().enumerate() {
        if r.findings.is_empty() && r.suppressed.is_empty() {
            continue;
        }
        archlint_core::lint::sort_findings(&mut r.findings);
        r.suppressed
            .sort_by(|a, b| archlint_core::lint::finding_order(&a.finding, &b.finding));
        r.stable_paths = report.stable_paths.clone();
        let (fname, text) = im
            .files
            .get(i)
            .map_or((name.to_string(), String::new()), |f| {
                (f.path.clone(), f.text.clone())
            });
        out.push((fname, text, Ok(r)));
    }
    if out.is_empty() {
        out.push((name.to_string(), String::new(), Ok(Report::default())));
    }
    if let Some((_, _, Ok(first))) = out.first_mut() {
        first.coverage = Some(coverage);
    }
    out
}
