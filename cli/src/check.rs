//! `archlint check`.

use std::io::{self, Write};

use archlint_core::output::{self, FileResult};
use archlint_core::rule::Severity;
use archlint_core::{lint, load, Finding, Lang, Limits, LintOptions, Report};
use archlint_import::Imported;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

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
    let opts = match args.input.lint_options(lang) {
        Ok(o) => o,
        Err(status) => return status,
    };
    let limits = args.input.limits();
    let color = color && args.format == CheckFormat::Text;
    let stream = BufferedStandardStream::stdout(if color {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    });
    let mut out = Out::new(stream, color, lang);

    let units = crate::source::units(
        &args.files,
        &args.import,
        &args.input.stdin_filename,
        limits.max_bytes,
        true,
    );
    let mut results: Vec<(String, FileResult)> = Vec::with_capacity(units.len());
    let mut written: io::Result<()> = Ok(());
    for unit in units {
        // (name, text of the file, its findings) to write for this unit.
        let mut shown: Vec<(String, String, FileResult)> = Vec::new();
        match unit {
            Unit::Failed { name, error } => shown.push((name, String::new(), Err(error))),
            Unit::Design { name, text } => match load(&text, &limits) {
                Err(e) => shown.push((name, String::new(), Err(e))),
                Ok(loaded) => {
                    let report = lint(&loaded, &opts);
                    if written.is_ok() {
                        written = match args.format {
                            CheckFormat::Text => {
                                text::findings(&mut out, &name, &loaded, &report.findings, lang)
                            }
                            CheckFormat::Github => report.findings.iter().try_for_each(|f| {
                                out.inner()
                                    .write_all(text::github_finding(&name, f, lang).as_bytes())
                            }),
                            CheckFormat::Json | CheckFormat::Sarif => Ok(()),
                        };
                    }
                    results.push((name, Ok(report)));
                }
            },
            Unit::Imported { name, imported } => {
                if args.import.verbose {
                    crate::source::verbose(&name, &imported, lang);
                }
                shown.extend(imported_results(&name, &imported, &limits, &opts));
            }
        }
        for (name, src, result) in shown {
            match &result {
                Ok(report) if written.is_ok() => {
                    written = match args.format {
                        CheckFormat::Text => {
                            text::findings_at(&mut out, &name, &src, &report.findings, lang)
                        }
                        CheckFormat::Github => report.findings.iter().try_for_each(|f| {
                            out.inner()
                                .write_all(text::github_finding(&name, f, lang).as_bytes())
                        }),
                        CheckFormat::Json | CheckFormat::Sarif => Ok(()),
                    };
                }
                Ok(_) => {}
                Err(e) => {
                    err_line(&text::load_error_line(&name, e, lang));
                    if args.format == CheckFormat::Github && written.is_ok() {
                        written = out
                            .inner()
                            .write_all(text::github_load_error(&name, e, lang).as_bytes());
                    }
                }
            }
            results.push((name, result));
        }
    }

    let status = status(&results, args.deny);
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
                let line = text::summary_line(c, results.len(), failed, lang);
                writeln!(out.inner(), "{line}")
            }
            CheckFormat::Json => out
                .inner()
                .write_all(output::json::check_document(&results, lang).as_bytes()),
            CheckFormat::Sarif => {
                let root = srcroot();
                out.inner()
                    .write_all(output::sarif::document(&results, lang, root.as_deref()).as_bytes())
            }
            CheckFormat::Github => Ok(()),
        };
    }
    if written.is_ok() {
        written = out.flush();
    }
    finish_output(written, status)
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

/// Lints an imported configuration and splits its findings by the file they point into: one
/// result per file with findings (the configuration's name when there are none), each finding's
/// line and column those of the user's file.
pub fn imported_results(
    name: &str,
    im: &Imported,
    limits: &Limits,
    opts: &LintOptions,
) -> Vec<(String, String, FileResult)> {
    let loaded = match load(&im.design, limits) {
        Ok(l) => l,
        Err(e) => return vec![(name.to_string(), String::new(), Err(e))],
    };
    let report = lint(&loaded, opts);
    let mut per_file: Vec<Vec<Finding>> = vec![Vec::new(); im.files.len().max(1)];
    for mut f in report.findings {
        let at = im.map.locate(&f.pointer).unwrap_or_default();
        let file = (at.file as usize).min(per_file.len() - 1);
        f.line = at.line.max(1);
        f.column = at.col.max(1);
        per_file[file].push(f);
    }
    let mut out = Vec::new();
    for (i, mut found) in per_file.into_iter().enumerate() {
        if found.is_empty() {
            continue;
        }
        found.sort_by(|a, b| (a.line, a.column, a.rule.code).cmp(&(b.line, b.column, b.rule.code)));
        let (fname, text) = im
            .files
            .get(i)
            .map_or((name.to_string(), String::new()), |f| {
                (f.path.clone(), f.text.clone())
            });
        out.push((fname, text, Ok(Report { findings: found })));
    }
    if out.is_empty() {
        out.push((
            name.to_string(),
            String::new(),
            Ok(Report {
                findings: Vec::new(),
            }),
        ));
    }
    out
}
