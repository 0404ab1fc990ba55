//! The lint worker: one thread that lints the latest version of each queued unit (a design, a
//! ROS template, a Terraform directory) and publishes its diagnostics.
//!
//! The main thread queues a job per unit; a job queued for a unit that already has one waiting
//! replaces it, so that of several changes made while a lint runs only the latest is linted.
//! A result whose unit got a newer job while it was being computed is not published.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use archlint_core::coverage::{Coverage, State};
use archlint_core::index::Ctx;
use archlint_core::json::{Kind as JKind, Value};
use archlint_core::rule::Severity;
use archlint_core::{
    fix, lint, load, Finding, Lang, LintOptions, LoadError, Loaded, Report, RuleMeta, Text,
};
use archlint_import::{ImportError, Imported, SourceFile};
use lsp_server::{Message, Notification};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Range, TextEdit, Uri,
};
use serde_json::json;

use crate::docs::is_configuration_file;
use crate::pos::{Encoding, Lines};
use crate::server::Event;
use crate::{texts, uri, Options, Settings};

/// One thing to lint.
pub enum Unit {
    Design {
        uri: Uri,
        path: Option<PathBuf>,
        version: i32,
        text: Arc<String>,
    },
    /// A template; `open`: the open buffers (path, URI, version, text), for its overlay.
    Ros {
        uri: Uri,
        path: Option<PathBuf>,
        version: i32,
        text: Arc<String>,
        open: Vec<(PathBuf, Uri, i32, Arc<String>)>,
    },
    /// The configuration of a directory; `open`: every open buffer with a path (path, URI,
    /// version, text), which replace the files on disk (configuration files, modules, var
    /// files, the overlay).
    Terraform {
        dir: PathBuf,
        open: Vec<(PathBuf, Uri, i32, Arc<String>)>,
    },
    /// Forget the unit: clear what it published.
    Close,
}

pub struct Job {
    pub unit: Unit,
    /// The editor's language (initializationOptions / configuration), else the command line's.
    pub lang: Option<Lang>,
    pub ready: Instant,
}

#[derive(Default)]
struct Queue {
    jobs: BTreeMap<String, Job>,
    stop: bool,
    /// The editor turned the coverage diagnostic off (`coverage: false`).
    no_coverage: bool,
}

/// The queue shared by the main thread and the worker.
#[derive(Default, Clone)]
pub struct Shared(Arc<(Mutex<Queue>, Condvar)>);

impl Shared {
    /// Queues a job for `key`, replacing the one waiting for it.
    pub fn push(&self, key: String, unit: Unit, lang: Option<Lang>, delay: Duration) {
        let (m, cv) = &*self.0;
        let mut q = m.lock().unwrap_or_else(|e| e.into_inner());
        q.jobs.insert(
            key,
            Job {
                unit,
                lang,
                ready: Instant::now() + delay,
            },
        );
        cv.notify_one();
    }

    pub fn stop(&self) {
        let (m, cv) = &*self.0;
        m.lock().unwrap_or_else(|e| e.into_inner()).stop = true;
        cv.notify_one();
    }

    /// The next job that is ready, waiting for one; `None` once stopped.
    fn take(&self) -> Option<(String, Job)> {
        let (m, cv) = &*self.0;
        let mut q = m.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if q.stop {
                return None;
            }
            let now = Instant::now();
            let next = q
                .jobs
                .iter()
                .min_by_key(|(_, j)| j.ready)
                .map(|(k, j)| (k.clone(), j.ready));
            match next {
                Some((k, ready)) if ready <= now => {
                    let job = q.jobs.remove(&k)?;
                    return Some((k, job));
                }
                Some((_, ready)) => {
                    q = cv
                        .wait_timeout(q, ready - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
                None => q = cv.wait(q).unwrap_or_else(|e| e.into_inner()),
            }
        }
    }

    /// Whether designs get the coverage diagnostic (the editor's `coverage` setting).
    pub fn set_coverage(&self, on: bool) {
        let (m, _) = &*self.0;
        m.lock().unwrap_or_else(|e| e.into_inner()).no_coverage = !on;
    }

    fn coverage(&self) -> bool {
        let (m, _) = &*self.0;
        !m.lock().unwrap_or_else(|e| e.into_inner()).no_coverage
    }

    fn has(&self, key: &str) -> bool {
        let (m, _) = &*self.0;
        m.lock()
            .unwrap_or_else(|e| e.into_inner())
            .jobs
            .contains_key(key)
    }
}

/// A finding as the server keeps it for hover and code actions.
#[derive(Debug, Clone)]
pub struct Found {
    pub range: Range,
    pub rule: &'static RuleMeta,
    pub target: Option<String>,
    /// The rule's fix of it, as edits of the text that was linted (designs only).
    pub fix: Option<FixAction>,
}

/// A finding's fix (`archlint_core::fix`) as LSP text edits.
#[derive(Debug, Clone)]
pub struct FixAction {
    pub title: Text,
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

/// What one lint found in one file.
pub struct FileResult {
    pub uri: Uri,
    /// The version of the document linted, when it is open.
    pub version: Option<i32>,
    pub diagnostics: Vec<Diagnostic>,
    pub found: Vec<Found>,
}

/// Sent to the main thread after a lint was published.
pub struct Linted {
    /// The unit linted.
    pub key: String,
    pub files: Vec<FileResult>,
    /// URIs whose diagnostics were cleared.
    pub cleared: Vec<Uri>,
}

pub struct Worker {
    pub opts: Arc<Options>,
    pub enc: Encoding,
    pub out: Sender<String>,
    pub events: Sender<Event>,
    pub shared: Shared,
    /// What each unit published last (URIs), to clear files that have no findings any more.
    published: BTreeMap<String, BTreeSet<String>>,
    /// Per URI, the diagnostics of each unit that reports into it: a file can belong to
    /// several units (a module two configurations call, an overlay that is a design too), and
    /// what is published for it is their union.
    by_uri: BTreeMap<String, BTreeMap<String, Vec<Diagnostic>>>,
}

impl Worker {
    pub fn new(
        opts: Arc<Options>,
        enc: Encoding,
        out: Sender<String>,
        events: Sender<Event>,
        shared: Shared,
    ) -> Worker {
        Worker {
            opts,
            enc,
            out,
            events,
            shared,
            published: BTreeMap::new(),
            by_uri: BTreeMap::new(),
        }
    }

    pub fn run(mut self) {
        while let Some((key, job)) = self.shared.take() {
            // A bug in a rule must not end the server: the unit is reported as not linted.
            let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.lint(&job)));
            let (files, versions) = match linted {
                Ok(r) => r,
                Err(_) => (self.internal_error(&job), BTreeMap::new()),
            };
            if self.shared.has(&key) {
                continue; // a newer version is queued: this result is out of date
            }
            self.publish(&key, files, &versions);
        }
    }

    fn publish(&mut self, key: &str, files: Vec<FileResult>, versions: &BTreeMap<String, i32>) {
        let now: BTreeSet<String> = files.iter().map(|f| f.uri.as_str().to_string()).collect();
        let before = self.published.remove(key).unwrap_or_default();
        let mut touched: BTreeSet<String> = now.clone();
        let mut cleared = Vec::new();
        for gone in before.difference(&now) {
            if let Some(m) = self.by_uri.get_mut(gone) {
                m.remove(key);
            }
            touched.insert(gone.clone());
            if let Ok(u) = gone.parse::<Uri>() {
                cleared.push(u);
            }
        }
        let mut files = files;
        for f in &mut files {
            f.version = versions.get(f.uri.as_str()).copied();
            let m = self.by_uri.entry(f.uri.as_str().to_string()).or_default();
            if f.diagnostics.is_empty() {
                m.remove(key);
            } else {
                m.insert(key.to_string(), f.diagnostics.clone());
            }
        }
        // Only files with diagnostics are remembered (the others are published empty now).
        let keep: BTreeSet<String> = files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .map(|f| f.uri.as_str().to_string())
            .collect();
        if !keep.is_empty() {
            self.published.insert(key.to_string(), keep);
        }
        let mut notes: Vec<(Uri, Vec<Diagnostic>, Option<i32>)> = Vec::new();
        for u in touched {
            let all: Vec<Diagnostic> = self
                .by_uri
                .get(&u)
                .map(|m| m.values().flatten().cloned().collect())
                .unwrap_or_default();
            if all.is_empty() {
                self.by_uri.remove(&u);
            }
            if let Ok(uri) = u.parse::<Uri>() {
                notes.push((uri, all, versions.get(&u).copied()));
            }
        }
        // The main thread has the results before the client sees the diagnostics, so that a
        // request the client sends on seeing them finds them.
        let _ = self.events.send(Event::Linted(Linted {
            key: key.to_string(),
            files,
            cleared,
        }));
        for (uri, diagnostics, version) in notes {
            self.send_diagnostics(uri, diagnostics, version);
        }
    }

    fn send_diagnostics(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let n = Notification::new("textDocument/publishDiagnostics".into(), params);
        let _ = self
            .out
            .send(crate::transport::message_text(&Message::Notification(n)));
    }

    /// One error on each open document of a unit whose lint panicked.
    fn internal_error(&self, job: &Job) -> Vec<FileResult> {
        let uris: Vec<Uri> = match &job.unit {
            Unit::Design { uri, .. } | Unit::Ros { uri, .. } => vec![uri.clone()],
            Unit::Terraform { dir, open } => open
                .iter()
                .filter(|(p, ..)| p.parent() == Some(dir.as_path()))
                .filter(|(p, ..)| p.to_str().is_some_and(crate::docs::is_terraform_name))
                .map(|(_, u, ..)| u.clone())
                .collect(),
            Unit::Close => Vec::new(),
        };
        let lang = job.lang.or(self.opts.lang).unwrap_or(self.opts.env_lang);
        uris.iter()
            .map(|u| {
                let msg = texts::internal_error(lang).to_string();
                only(
                    u,
                    diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
                )
            })
            .collect()
    }

    /// The language of a unit's texts.
    fn lang(&self, job: &Job, settings: &Settings) -> Lang {
        job.lang
            .or(self.opts.lang)
            .or(settings.lang)
            .unwrap_or(self.opts.env_lang)
    }

    /// Lints a job: the diagnostics per file, and the version of each open file linted.
    fn lint(&self, job: &Job) -> (Vec<FileResult>, BTreeMap<String, i32>) {
        let mut versions = BTreeMap::new();
        let files = match &job.unit {
            Unit::Close => Vec::new(),
            Unit::Design {
                uri,
                path,
                version,
                text,
            } => {
                versions.insert(uri.as_str().to_string(), *version);
                vec![self.lint_design(job, uri, path.as_deref(), text)]
            }
            Unit::Ros {
                uri,
                path,
                version,
                text,
                open,
            } => {
                versions.insert(uri.as_str().to_string(), *version);
                self.lint_ros(job, uri, path.as_deref(), text, open)
            }
            Unit::Terraform { dir, open } => {
                for (_, u, v, _) in open {
                    versions.insert(u.as_str().to_string(), *v);
                }
                self.lint_terraform(job, dir, open)
            }
        };
        (files, versions)
    }

    /// The settings of a file, or the diagnostic that says why the configuration is wrong.
    fn settings(&self, path: Option<&Path>) -> Result<Settings, Box<Diagnostic>> {
        self.opts.settings(path).map_err(|e| {
            let lang = self.opts.lang.unwrap_or(self.opts.env_lang);
            let msg = texts::config_error(
                &e.path.to_string_lossy(),
                e.line,
                e.column,
                e.message.get(lang),
                lang,
            );
            Box::new(diagnostic(
                Range::default(),
                DiagnosticSeverity::ERROR,
                None,
                msg,
            ))
        })
    }

    fn lint_design(&self, job: &Job, uri: &Uri, path: Option<&Path>, text: &str) -> FileResult {
        let mut out = FileResult {
            uri: uri.clone(),
            version: None,
            diagnostics: Vec::new(),
            found: Vec::new(),
        };
        let settings = match self.settings(path) {
            Ok(s) => s,
            Err(d) => {
                out.diagnostics.push(*d);
                return out;
            }
        };
        let lang = self.lang(job, &settings);
        let limits = settings.limits.unwrap_or(self.opts.limits);
        let mut loaded = match load(text, &limits) {
            Ok(l) => l,
            Err(e) => {
                out.diagnostics.push(load_error(text, self.enc, &e, lang));
                return out;
            }
        };
        let lines = Lines::new(text, self.enc);
        let mut report = run_lint(&settings, &mut loaded);
        let cx = Ctx::new(&loaded.design);
        fix::offer(&loaded, &cx, &mut report);
        // What the rules could not check, when some rule lacks facts: one information
        // diagnostic on the `"archlint"` key, each gap a related location.
        let coverage = self.shared.coverage().then(|| {
            let c = archlint_core::coverage::coverage(&cx, &lint_options(&settings));
            coverage_diagnostic(
                &c,
                finding_range(&lines, &loaded.tree, "/archlint"),
                |ptr| Some((uri.clone(), finding_range(&lines, &loaded.tree, ptr))),
                lang,
            )
        });
        let mut fixes = std::mem::take(&mut report.fixes).into_iter();
        for f in report.findings {
            let range = finding_range(&lines, &loaded.tree, &f.pointer);
            let fix = fixes.next().flatten().map(|o| FixAction {
                title: o.title,
                safe: o.safety == fix::Safety::Safe,
                edits: o
                    .edits
                    .into_iter()
                    .map(|e| TextEdit {
                        range: lines.range(e.start as usize, e.end as usize),
                        new_text: e.text,
                    })
                    .collect(),
            });
            out.diagnostics.push(finding_diagnostic(&f, range, lang));
            out.found.push(Found {
                range,
                rule: f.rule,
                target: f.target,
                fix,
            });
        }
        out.diagnostics.extend(coverage.flatten());
        out
    }

    fn import_options(
        &self,
        settings: &Settings,
        lang: Lang,
        max: usize,
        open: &[(PathBuf, Uri, i32, Arc<String>)],
    ) -> Result<archlint_import::Options, String> {
        let mut o = archlint_import::Options {
            vars: settings.vars.clone(),
            ..Default::default()
        };
        for f in &settings.var_files {
            o.var_files.push(read_file(f, max, open, lang)?);
        }
        if let Some(f) = &settings.overlay {
            o.overlay = Some(read_file(f, max, open, lang)?);
        }
        Ok(o)
    }

    fn lint_ros(
        &self,
        job: &Job,
        uri: &Uri,
        path: Option<&Path>,
        text: &str,
        open: &[(PathBuf, Uri, i32, Arc<String>)],
    ) -> Vec<FileResult> {
        let settings = match self.settings(path) {
            Ok(s) => s,
            Err(d) => return vec![only(uri, *d)],
        };
        let lang = self.lang(job, &settings);
        let limits = settings.limits.unwrap_or(self.opts.limits);
        if text.len() > limits.max_bytes {
            let msg = texts::too_large(text.len(), limits.max_bytes, lang);
            return vec![only(
                uri,
                diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
            )];
        }
        let opts = match self.import_options(&settings, lang, limits.max_bytes, open) {
            Ok(o) => o,
            Err(msg) => {
                return vec![only(
                    uri,
                    diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
                )]
            }
        };
        let name = crate::docs::name_of(uri, path);
        let file = SourceFile::new(name.clone(), text.to_string());
        let mut uris = BTreeMap::new();
        uris.insert(file.path.clone(), uri.clone());
        match archlint_import::import_ros(file, &opts) {
            Ok(im) => self.imported(&im, &uris, uri, &settings, lang),
            Err(e) => {
                let open = [(
                    PathBuf::from(&name),
                    uri.clone(),
                    0,
                    Arc::new(text.to_string()),
                )];
                vec![import_error(&e, &uris, uri, self.enc, lang, &open)]
            }
        }
    }

    fn lint_terraform(
        &self,
        job: &Job,
        dir: &Path,
        open: &[(PathBuf, Uri, i32, Arc<String>)],
    ) -> Vec<FileResult> {
        let first_open = open
            .iter()
            .filter(|(p, ..)| p.to_str().is_some_and(crate::docs::is_terraform_name))
            .find(|(p, ..)| p.parent() == Some(dir))
            .map(|(_, u, ..)| u.clone());
        let Some(anchor) = first_open else {
            return Vec::new();
        };
        let settings = match self.settings(Some(dir)) {
            Ok(s) => s,
            Err(d) => return vec![only(&anchor, *d)],
        };
        let lang = self.lang(job, &settings);
        let limits = settings.limits.unwrap_or(self.opts.limits);
        let max = limits.max_bytes;
        // path → URI of every file that may be reported on.
        let mut uris: BTreeMap<String, Uri> = BTreeMap::new();
        for (p, u, ..) in open {
            uris.insert(p.to_string_lossy().into_owned(), u.clone());
        }
        let mut big = Vec::new();
        let files = match dir_files(dir, max, open, lang, &mut big) {
            Ok(f) => f,
            Err(msg) => {
                return vec![only(
                    &anchor,
                    diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
                )]
            }
        };
        if !big.is_empty() {
            return big
                .into_iter()
                .map(|(p, msg)| {
                    let u = uris
                        .get(&p)
                        .cloned()
                        .or_else(|| uri::from_path(Path::new(&p)))
                        .unwrap_or_else(|| anchor.clone());
                    only(
                        &u,
                        diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
                    )
                })
                .collect();
        }
        let opts = match self.import_options(&settings, lang, max, open) {
            Ok(o) => o,
            Err(msg) => {
                return vec![only(
                    &anchor,
                    diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
                )]
            }
        };
        let mut load_dir = |d: &str| -> Result<Vec<SourceFile>, String> {
            let mut ignored = Vec::new();
            dir_files(Path::new(d), max, open, lang, &mut ignored)
        };
        let dir_s = dir.to_string_lossy().into_owned();
        match archlint_import::import_terraform(&dir_s, files, &mut load_dir, &opts) {
            Ok(im) => self.imported(&im, &uris, &anchor, &settings, lang),
            Err(e) => vec![import_error(&e, &uris, &anchor, self.enc, lang, open)],
        }
    }

    /// Lints an imported design and sends each finding to the file it comes from.
    fn imported(
        &self,
        im: &Imported,
        uris: &BTreeMap<String, Uri>,
        anchor: &Uri,
        settings: &Settings,
        lang: Lang,
    ) -> Vec<FileResult> {
        let limits = settings.limits.unwrap_or(self.opts.limits);
        let mut loaded = match load(&im.design, &limits) {
            Ok(l) => l,
            Err(e) => {
                let msg = e.message.get(lang).to_string();
                return vec![only(
                    anchor,
                    diagnostic(Range::default(), DiagnosticSeverity::ERROR, None, msg),
                )];
            }
        };
        let report = run_lint(settings, &mut loaded);
        // File index → (URI, its lines).
        let mut by_file: BTreeMap<u32, FileResult> = BTreeMap::new();
        let mut lines_of: BTreeMap<u32, Lines<'_>> = BTreeMap::new();
        // Where a pointer of the imported design comes from: a file's URI and the line.
        let mut locate = |ptr: &str| -> (u32, Uri, Range) {
            let at = im.map.locate(ptr).unwrap_or_default();
            let file = im.files.get(at.file as usize);
            let u = file
                .and_then(|sf| {
                    uris.get(&sf.path)
                        .cloned()
                        .or_else(|| uri::from_path(Path::new(&sf.path)))
                })
                .unwrap_or_else(|| anchor.clone());
            let range = match file {
                Some(sf) => {
                    let lines = lines_of
                        .entry(at.file)
                        .or_insert_with(|| Lines::new(&sf.text, self.enc));
                    line_range(lines, at.line.max(1), at.col.max(1))
                }
                None => Range::default(),
            };
            (at.file, u, range)
        };
        // The configuration's coverage, on the file the unit is anchored to (the template, or
        // the first open `.tf` file of the directory), each gap at the line it comes from.
        let coverage = self
            .shared
            .coverage()
            .then(|| {
                let cx = Ctx::new(&loaded.design);
                let c = archlint_core::coverage::coverage(&cx, &lint_options(settings));
                coverage_diagnostic(
                    &c,
                    Range::default(),
                    |ptr| {
                        let (_, u, r) = locate(ptr);
                        Some((u, r))
                    },
                    lang,
                )
            })
            .flatten();
        for f in report.findings {
            let (file, u, range) = locate(&f.pointer);
            let entry = by_file.entry(file).or_insert_with(|| FileResult {
                uri: u,
                version: None,
                diagnostics: Vec::new(),
                found: Vec::new(),
            });
            entry.diagnostics.push(finding_diagnostic(&f, range, lang));
            entry.found.push(Found {
                range,
                rule: f.rule,
                target: f.target,
                fix: None,
            });
        }
        let mut out: Vec<FileResult> = by_file.into_values().collect();
        for r in &mut out {
            // Sorted by position, as the CLI lists them.
            let mut pairs: Vec<(Diagnostic, Found)> =
                r.diagnostics.drain(..).zip(r.found.drain(..)).collect();
            pairs.sort_by(|a, b| {
                (a.0.range.start, a.1.rule.code).cmp(&(b.0.range.start, b.1.rule.code))
            });
            for (d, f) in pairs {
                r.diagnostics.push(d);
                r.found.push(f);
            }
        }
        // Open files of the unit without findings are published empty.
        for (p, u) in uris {
            if !im.files.iter().any(|f| &f.path == p) {
                continue; // open, but not part of this configuration
            }
            if !out.iter().any(|r| &r.uri == u) {
                out.push(FileResult {
                    uri: u.clone(),
                    version: None,
                    diagnostics: Vec::new(),
                    found: Vec::new(),
                });
            }
        }
        if let Some(d) = coverage {
            match out.iter_mut().find(|r| &r.uri == anchor) {
                Some(r) => r.diagnostics.push(d),
                None => out.push(only(anchor, d)),
            }
        }
        out
    }
}

/// The lint options a unit is linted with (the rules switched off, today): what its coverage
/// leaves out.
fn lint_options(settings: &Settings) -> LintOptions {
    match &settings.project {
        Some(p) => p.lint_options(settings.today),
        None => settings.lint.clone(),
    }
}

/// The information diagnostic saying which rules could not check everything, and what the
/// design does not say (`checked 78 of 82 rules (24 of them not applicable); 4 lack facts:
/// LB007 (2 backends do not say whether they keep per-user state (stateful)), …`); each gap is
/// a related location at the first thing lacking it (`at` gives a pointer's place). `None`
/// when no rule lacks facts.
fn coverage_diagnostic(
    c: &Coverage,
    range: Range,
    mut at: impl FnMut(&str) -> Option<(Uri, Range)>,
    lang: Lang,
) -> Option<Diagnostic> {
    if c.count(State::FactsMissing) == 0 {
        return None;
    }
    let mut related = Vec::new();
    for r in c.missing() {
        for g in &r.gaps {
            let Some((uri, range)) = g.pointers.first().and_then(|p| at(p)) else {
                continue;
            };
            related.push(DiagnosticRelatedInformation {
                location: Location { uri, range },
                message: format!("{} {}: {}", r.rule.code, r.rule.name, g.message.get(lang)),
            });
        }
    }
    let mut d = diagnostic(
        range,
        DiagnosticSeverity::INFORMATION,
        Some(COVERAGE_CODE),
        c.summary(lang, None),
    );
    d.related_information = (!related.is_empty()).then_some(related);
    d.data = Some(json!({
        "coverage": {
            "total": c.total(),
            "checked": c.count(State::Checked),
            "not_applicable": c.count(State::NotApplicable),
            "facts_missing": c.count(State::FactsMissing),
            "rules": c.missing().map(|r| r.rule.code).collect::<Vec<_>>(),
        }
    }));
    Some(d)
}

/// The code of the coverage diagnostic (not a rule's).
pub const COVERAGE_CODE: &str = "coverage";

/// Lints with the project configuration (profile, rule selection, waivers, severities) when
/// there is one, else with the lint options alone.
fn run_lint(settings: &Settings, loaded: &mut Loaded<'_>) -> Report {
    match &settings.project {
        Some(p) => p.lint(loaded, settings.today),
        None => lint(loaded, &settings.lint),
    }
}

fn only(uri: &Uri, d: Diagnostic) -> FileResult {
    FileResult {
        uri: uri.clone(),
        version: None,
        diagnostics: vec![d],
        found: Vec::new(),
    }
}

/// A file's text: the open buffer if there is one, else the file on disk (bounded).
fn read_file(
    path: &Path,
    max: usize,
    open: &[(PathBuf, Uri, i32, Arc<String>)],
    lang: Lang,
) -> Result<SourceFile, String> {
    let name = path.to_string_lossy().into_owned();
    if let Some((_, _, _, t)) = open.iter().find(|(p, ..)| p == path) {
        return Ok(SourceFile::new(name, t.as_str()));
    }
    let meta =
        std::fs::metadata(path).map_err(|e| texts::cannot_read(&name, &e.to_string(), lang))?;
    if meta.len() > max as u64 {
        return Err(texts::too_large(
            usize::try_from(meta.len()).unwrap_or(usize::MAX),
            max,
            lang,
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| texts::cannot_read(&name, &e.to_string(), lang))?;
    Ok(SourceFile::new(name, text))
}

/// The configuration files of a directory: on disk, replaced or added to by the open buffers
/// of that directory; sorted by path. Files over `max` bytes go to `big` (path, message).
fn dir_files(
    dir: &Path,
    max: usize,
    open: &[(PathBuf, Uri, i32, Arc<String>)],
    lang: Lang,
    big: &mut Vec<(String, String)>,
) -> Result<Vec<SourceFile>, String> {
    let mut paths: BTreeSet<PathBuf> = BTreeSet::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            let ok = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(is_configuration_file);
            if ok && p.is_file() {
                paths.insert(p);
            }
        }
    }
    for (p, ..) in open {
        let ok = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_configuration_file);
        if ok && p.parent() == Some(dir) {
            paths.insert(p.clone());
        }
    }
    if paths.is_empty() {
        return Err(texts::cannot_read(
            &dir.to_string_lossy(),
            "no Terraform files (.tf, .tf.json)",
            lang,
        ));
    }
    let mut out = Vec::new();
    for p in paths {
        let name = p.to_string_lossy().into_owned();
        if let Some((_, _, _, t)) = open.iter().find(|(q, ..)| *q == p) {
            if t.len() > max {
                big.push((name, texts::too_large(t.len(), max, lang)));
                continue;
            }
            out.push(SourceFile::new(name, t.as_str()));
            continue;
        }
        match read_file(&p, max, &[], lang) {
            Ok(f) => out.push(f),
            Err(msg) => big.push((name, msg)),
        }
    }
    Ok(out)
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

pub fn diagnostic(
    range: Range,
    sev: DiagnosticSeverity,
    code: Option<&str>,
    message: String,
) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(sev),
        code: code.map(|c| NumberOrString::String(c.to_string())),
        code_description: None,
        source: Some("archlint".into()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}

fn finding_diagnostic(f: &Finding, range: Range, lang: Lang) -> Diagnostic {
    let help = f.help.get(lang);
    let mut message = f.message.get(lang).to_string();
    if !help.is_empty() {
        message.push('\n');
        message.push_str(help);
    }
    let mut d = diagnostic(range, severity(f.severity), Some(f.rule.code), message);
    d.data = Some(json!({ "rule": f.rule.code, "target": f.target, "pointer": f.pointer }));
    d
}

fn load_error(text: &str, enc: Encoding, e: &LoadError, lang: Lang) -> Diagnostic {
    // (A text over the size limit is not scanned: its error is at the start.)
    let range = if e.line == 0 || e.kind == archlint_core::LoadErrorKind::TooLarge {
        Range::default()
    } else {
        line_range(&Lines::new(text, enc), e.line, e.column)
    };
    diagnostic(
        range,
        DiagnosticSeverity::ERROR,
        None,
        e.message.get(lang).to_string(),
    )
}

fn import_error(
    e: &ImportError,
    uris: &BTreeMap<String, Uri>,
    anchor: &Uri,
    enc: Encoding,
    lang: Lang,
    open: &[(PathBuf, Uri, i32, Arc<String>)],
) -> FileResult {
    let u = uris
        .get(&e.path)
        .cloned()
        .or_else(|| uri::from_path(Path::new(&e.path)))
        .unwrap_or_else(|| anchor.clone());
    // The position is in the file's text as the importer read it: the open buffer or the disk.
    let range = if e.line == 0 {
        Range::default()
    } else {
        let text = match open
            .iter()
            .find(|(p, ..)| p.to_string_lossy() == e.path.as_str())
        {
            Some((.., t)) => t.as_str().to_string(),
            None => std::fs::read_to_string(&e.path).unwrap_or_default(),
        };
        let lines = Lines::new(&text, enc);
        line_range(&lines, e.line, e.column)
    };
    let msg = e.message.get(lang).to_string();
    only(&u, diagnostic(range, DiagnosticSeverity::ERROR, None, msg))
}

/// From a 1-based line and column (in characters) to the end of that line, trailing blanks
/// left out (at least one character when the line has one).
fn line_range(lines: &Lines<'_>, line: u32, column: u32) -> Range {
    let start = lines.offset_of_line_col(line, column);
    let (_, e) = lines.line_span(line.saturating_sub(1) as usize);
    let text = lines.text();
    let mut end = e.max(start);
    while end > start && text.as_bytes()[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end == start {
        end = text[start..]
            .chars()
            .next()
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(start, |c| start + c.len_utf8());
    }
    lines.range(start, end)
}

/// The range of a finding in a design: from the place its pointer reaches (a member's key, an
/// array item) to the end of that value, or to the end of its first line when the value spans
/// several lines (a whole node object is not underlined).
pub fn finding_range(lines: &Lines<'_>, tree: &Value<'_>, pointer: &str) -> Range {
    let (at, v, _) = tree.resolve(pointer);
    let at = at as usize;
    let end = v.end as usize;
    let text = lines.text();
    let first_line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end <= first_line_end {
        return lines.range(at, end);
    }
    // A container over several lines: its first line, or up to its `id` when that is on it.
    if let JKind::Object(members) = &v.kind {
        if let Some(m) = members.iter().find(|m| m.key == "id") {
            if (m.value.end as usize) <= first_line_end {
                return lines.range(at, m.value.end as usize);
            }
        }
    }
    let mut e = first_line_end;
    while e > at && text.as_bytes()[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    lines.range(at, e.max(at + 1).min(text.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use archlint_core::json;

    fn range_of(text: &str, pointer: &str) -> (Position, Position) {
        let tree = json::parse(text, 64).unwrap();
        let lines = Lines::new(text, Encoding::Utf16);
        let r = finding_range(&lines, &tree, pointer);
        (r.start, r.end)
    }

    use lsp_types::Position;
    fn p(l: u32, c: u32) -> Position {
        Position::new(l, c)
    }

    #[test]
    fn ranges_end_with_the_value_or_its_first_line() {
        let t = "{\n  \"nodes\": [\n    { \"id\": \"a\", \"kind\": \"ecs\" },\n    {\n      \"id\": \"b\",\n      \"kind\": \"ecs\"\n    }\n  ]\n}";
        // A member: from its key to the end of its value.
        assert_eq!(range_of(t, "/nodes/0/kind"), (p(2, 17), p(2, 30)));
        // An object on one line: all of it.
        assert_eq!(range_of(t, "/nodes/0"), (p(2, 4), p(2, 32)));
        // An object over several lines: its first line (the `{`).
        assert_eq!(range_of(t, "/nodes/1"), (p(3, 4), p(3, 5)));
        // A field that does not exist: the deepest place reached.
        assert_eq!(range_of(t, "/nodes/0/zone"), (p(2, 4), p(2, 32)));
        // Up to the `id` when it is on the object's first line.
        let t2 = "{ \"nodes\": [ { \"id\": \"c\",\n  \"kind\": \"ecs\" } ] }";
        assert_eq!(range_of(t2, "/nodes/0"), (p(0, 13), p(0, 24)));
    }

    #[test]
    fn line_ranges_skip_trailing_blanks() {
        let t = "resource \"x\" \"y\" {   \n  a = 1\n}\n";
        let lines = Lines::new(t, Encoding::Utf16);
        let r = line_range(&lines, 1, 1);
        assert_eq!((r.start, r.end), (p(0, 0), p(0, 18)));
        let r = line_range(&lines, 2, 3);
        assert_eq!((r.start, r.end), (p(1, 2), p(1, 7)));
    }
}
