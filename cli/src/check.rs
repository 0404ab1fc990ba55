//! `archlint check`.

use std::io::{self, Write};

use archlint_core::output::{self, FileResult};
use archlint_core::rule::Severity;
use archlint_core::{lint, load, Lang};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

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

    let mut results: Vec<(String, FileResult)> = Vec::with_capacity(args.files.len());
    let mut written: io::Result<()> = Ok(());
    for path in &args.files {
        let name = args.input.display_name(path);
        let text = crate::input::read(path, limits.max_bytes);
        let result: FileResult = match &text {
            Err(e) => Err(e.clone()),
            Ok(text) => match load(text, &limits) {
                Err(e) => Err(e),
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
                    Ok(report)
                }
            },
        };
        if let Err(e) = &result {
            err_line(&text::load_error_line(&name, e, lang));
            if args.format == CheckFormat::Github && written.is_ok() {
                written = out
                    .inner()
                    .write_all(text::github_load_error(&name, e, lang).as_bytes());
            }
        }
        results.push((name, result));
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
