//! What `check`, `render` and `import` read: design JSON, Terraform directories and files, ROS
//! templates; directories walked for configurations. The reading is here; the importing is
//! `archlint_import`.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

use archlint_core::{LoadError, LoadErrorKind, Text};
use archlint_import::{Format, ImportError, Imported, Options, SourceFile};
use clap::{Args, ValueEnum};

use crate::input;

/// Most files read below one directory given to `check`.
const MAX_WALK_FILES: usize = 20_000;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    Design,
    Terraform,
    Ros,
}

/// Options for Terraform and ROS inputs.
#[derive(Args, Debug, Default, Clone)]
pub struct ImportArgs {
    /// Read inputs as this format instead of telling it from the name and content
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    pub from: Option<From>,

    /// Set a Terraform variable or ROS parameter: NAME=VALUE; repeatable
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub var: Vec<String>,

    /// Read Terraform variable values from a .tfvars file; repeatable
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_file: Vec<PathBuf>,

    /// A design (format v1) merged by id into imported designs: tiers, modules, roles, links
    #[arg(long, value_name = "FILE")]
    pub overlay: Option<PathBuf>,

    /// List the resources an import skipped and the values it could not resolve; `check`: list
    /// every rule that lacks facts, and what it lacks
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// One thing to lint or draw.
pub enum Unit {
    /// A design JSON file (or standard input).
    Design { name: String, text: String },
    /// An imported Terraform configuration or ROS template.
    Imported {
        name: String,
        imported: Box<Imported>,
    },
    /// Something that could not be read or imported: the file named and why.
    Failed { name: String, error: LoadError },
}

fn load_error(e: ImportError) -> (String, LoadError) {
    (
        e.path,
        LoadError {
            kind: LoadErrorKind::Syntax,
            line: e.line,
            column: e.column,
            message: e.message,
        },
    )
}

fn io_error(what: &str, e: &std::io::Error) -> LoadError {
    LoadError {
        kind: LoadErrorKind::Syntax,
        line: 0,
        column: 0,
        message: Text {
            en: format!("cannot read {what}: {e}"),
            zh: format!("无法读取{what}：{e}"),
        },
    }
}

/// A directory given on the command line that holds nothing to read.
fn nothing_found(en: &str, zh: &str) -> LoadError {
    LoadError {
        kind: LoadErrorKind::Syntax,
        line: 0,
        column: 0,
        message: Text {
            en: format!("the directory holds {en}"),
            zh: format!("该目录中没有 {zh}"),
        },
    }
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn is_tf_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".tf") || n.ends_with(".tf.json")
}

fn is_tfvars_auto(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "terraform.tfvars"
        || n == "terraform.tfvars.json"
        || n.ends_with(".auto.tfvars")
        || n.ends_with(".auto.tfvars.json")
}

/// The `.tf`, `.tf.json` and auto-loaded `.tfvars` files of a directory, by name.
fn tf_files(dir: &Path, max: usize) -> Result<Vec<SourceFile>, LoadError> {
    crate::watch::note(dir);
    let rd = std::fs::read_dir(dir).map_err(|e| io_error(&display(dir), &e))?;
    let mut paths: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(OsStr::to_str)
                    .is_some_and(|n| is_tf_name(n) || is_tfvars_auto(n))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = input::read(p.as_os_str(), max)?;
            Ok(SourceFile::new(display(&p), text))
        })
        .collect()
}

impl ImportArgs {
    /// The import options: `--var`, `--var-file`, `--overlay`.
    pub fn options(&self, max: usize) -> Result<Options, (String, LoadError)> {
        let mut o = Options::default();
        for v in &self.var {
            match v.split_once('=') {
                Some((k, val)) if !k.trim().is_empty() => {
                    o.vars.push((k.trim().to_string(), val.to_string()))
                }
                _ => {
                    return Err((
                        "--var".into(),
                        LoadError {
                            kind: LoadErrorKind::Syntax,
                            line: 0,
                            column: 0,
                            message: Text {
                                en: format!("`{v}` is not NAME=VALUE"),
                                zh: format!("`{v}` 不是 名称=值 的形式"),
                            },
                        },
                    ))
                }
            }
        }
        for f in &self.var_file {
            let text = input::read(f.as_os_str(), max).map_err(|e| (display(f), e))?;
            o.var_files.push(SourceFile::new(display(f), text));
        }
        if let Some(f) = &self.overlay {
            let text = input::read(f.as_os_str(), max).map_err(|e| (display(f), e))?;
            o.overlay = Some(SourceFile::new(display(f), text));
        }
        Ok(o)
    }

    fn forced(&self) -> Option<Format> {
        self.from.map(|f| match f {
            From::Design => Format::Design,
            From::Terraform => Format::Terraform,
            From::Ros => Format::Ros,
        })
    }
}

/// Imports the Terraform configuration made of `files` in directory `dir`.
fn terraform(
    dir: &Path,
    files: Vec<SourceFile>,
    opts: &Options,
    max: usize,
    modules: &mut BTreeSet<PathBuf>,
) -> Unit {
    let name = display(dir);
    // The local modules this configuration calls; they count as modules (not linted on their
    // own when walking) only if the import succeeds, and never the configuration's own
    // directory: a configuration that calls itself reports its error.
    let own = dir.canonicalize().ok();
    let mut called = BTreeSet::new();
    let mut load = |d: &str| -> Result<Vec<SourceFile>, String> {
        let p = PathBuf::from(d);
        if let Ok(c) = p.canonicalize() {
            if own.as_ref() != Some(&c) {
                called.insert(c);
            }
        }
        tf_files(&p, max).map_err(|e| e.message.en)
    };
    let dir_s = if name.is_empty() {
        ".".to_string()
    } else {
        name.clone()
    };
    match archlint_import::import_terraform(&dir_s, files, &mut load, opts) {
        Ok(im) => {
            modules.append(&mut called);
            Unit::Imported {
                name,
                imported: Box::new(im),
            }
        }
        Err(e) => {
            let (name, error) = load_error(e);
            Unit::Failed { name, error }
        }
    }
}

fn ros(name: String, text: String, opts: &Options) -> Unit {
    match archlint_import::import_ros(SourceFile::new(name.clone(), text), opts) {
        Ok(im) => Unit::Imported {
            name,
            imported: Box::new(im),
        },
        Err(e) => {
            let (name, error) = load_error(e);
            Unit::Failed { name, error }
        }
    }
}

/// The units named on a command line. Directories are walked (`walk`) or taken as one
/// Terraform configuration; `.tf` files given together in one directory form one
/// configuration.
pub fn units(
    paths: &[OsString],
    args: &ImportArgs,
    stdin_name: &str,
    max: usize,
    walk: bool,
) -> Vec<Unit> {
    units_jobs(paths, args, stdin_name, max, walk, 1)
}

/// What is left to do for one place in the list of units, once the command line has been
/// read and the directories walked.
enum Task {
    Ready(Unit),
    Ros {
        name: String,
        text: String,
    },
    /// Terraform files named directly (or standard input), grouped by directory.
    Terraform {
        dir: PathBuf,
        files: Vec<SourceFile>,
    },
    /// A directory named on the command line, taken as one Terraform configuration.
    TfDir(PathBuf),
    /// A directory found by walking: a configuration if it holds `.tf` files.
    WalkedDir(PathBuf),
    /// A file found by walking: a ROS template or a design, else nothing.
    WalkedFile(PathBuf),
}

/// A task's place: for walked entries, which directory given on the command line they come
/// from (by index of that directory among the walked ones).
struct Slot {
    task: Task,
    walked: Option<usize>,
}

/// What a task became: at most one unit, the path by which it is left out when another
/// configuration calls it as a module, and the local modules it called.
struct Done {
    unit: Option<Unit>,
    key: Option<PathBuf>,
    modules: BTreeSet<PathBuf>,
}

impl Task {
    fn run(self, opts: &Options, max: usize) -> Done {
        let mut modules = BTreeSet::new();
        let mut key = None;
        let unit = match self {
            Task::Ready(u) => Some(u),
            Task::Ros { name, text } => Some(ros(name, text, opts)),
            Task::Terraform { dir, files } => Some(terraform(&dir, files, opts, max, &mut modules)),
            Task::TfDir(path) => Some(match tf_files(&path, max) {
                Ok(files) if !files.iter().any(|f| is_tf_name(&f.path)) => Unit::Failed {
                    name: display(&path),
                    error: nothing_found(
                        "no Terraform files (.tf, .tf.json)",
                        "Terraform 文件（.tf、.tf.json）",
                    ),
                },
                Ok(files) => terraform(&path, files, opts, max, &mut modules),
                Err(error) => Unit::Failed {
                    name: display(&path),
                    error,
                },
            }),
            Task::WalkedDir(d) => match tf_files(&d, max) {
                Ok(tf) if tf.iter().any(|f| is_tf_name(&f.path)) => {
                    key = Some(d.canonicalize().unwrap_or(d.clone()));
                    Some(terraform(&d, tf, opts, max, &mut modules))
                }
                Ok(_) => None,
                Err(error) => {
                    key = Some(d.clone());
                    Some(Unit::Failed {
                        name: display(&d),
                        error,
                    })
                }
            },
            Task::WalkedFile(f) => {
                let name = display(&f);
                key = Some(f.clone());
                match input::read(f.as_os_str(), max) {
                    Err(error) => Some(Unit::Failed { name, error }),
                    Ok(text) => {
                        let lower = name.to_ascii_lowercase();
                        if archlint_import::looks_like_ros(&text) {
                            Some(ros(name, text, opts))
                        } else if lower.ends_with(".json") && text.contains("\"archlint\"") {
                            Some(Unit::Design { name, text })
                        } else {
                            None
                        }
                    }
                }
            }
        };
        Done { unit, key, modules }
    }
}

/// `units`, with the imports (Terraform evaluation, ROS) spread over `jobs` threads; the
/// units come back in the same order whatever `jobs` is.
pub fn units_jobs(
    paths: &[OsString],
    args: &ImportArgs,
    stdin_name: &str,
    max: usize,
    walk: bool,
    jobs: usize,
) -> Vec<Unit> {
    let opts = match args.options(max) {
        Ok(o) => o,
        Err((name, error)) => return vec![Unit::Failed { name, error }],
    };
    let forced = args.forced();
    let mut slots: Vec<Slot> = Vec::new();
    let ready = |u: Unit| Slot {
        task: Task::Ready(u),
        walked: None,
    };
    // `.tf` files named directly: the slot of their directory's configuration.
    let mut tf_slot: BTreeMap<PathBuf, usize> = BTreeMap::new();
    // Directories walked: their path, by the index the slots below them carry.
    let mut roots: Vec<PathBuf> = Vec::new();
    for p in paths {
        if p == "-" {
            let text = match input::read(p, max) {
                Ok(t) => t,
                Err(error) => {
                    slots.push(ready(Unit::Failed {
                        name: stdin_name.to_string(),
                        error,
                    }));
                    continue;
                }
            };
            let f = forced.unwrap_or_else(|| archlint_import::detect(stdin_name, &text));
            let task = match f {
                Format::Ros => Task::Ros {
                    name: stdin_name.to_string(),
                    text,
                },
                Format::Terraform => Task::Terraform {
                    dir: PathBuf::from("."),
                    files: vec![SourceFile::new(
                        if is_tf_name(stdin_name) {
                            stdin_name.to_string()
                        } else {
                            format!("{stdin_name}.tf")
                        },
                        text,
                    )],
                },
                Format::Design => Task::Ready(Unit::Design {
                    name: stdin_name.to_string(),
                    text,
                }),
            };
            slots.push(Slot { task, walked: None });
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            if walk && forced != Some(Format::Terraform) {
                let root = roots.len();
                roots.push(path.to_path_buf());
                let mut dirs = Vec::new();
                let mut files = Vec::new();
                walk_dir(path, &mut dirs, &mut files, max, &mut 0);
                let tasks = dirs
                    .into_iter()
                    .map(Task::WalkedDir)
                    .chain(files.into_iter().map(Task::WalkedFile));
                slots.extend(tasks.map(|task| Slot {
                    task,
                    walked: Some(root),
                }));
                // The place of a walk that finds nothing (its error goes there).
                slots.push(Slot {
                    task: Task::Ready(Unit::Failed {
                        name: display(path),
                        error: nothing_found(
                            "no Terraform configuration, ROS template or design",
                            "Terraform 配置、ROS 模板或设计文件",
                        ),
                    }),
                    walked: Some(root),
                });
                continue;
            }
            slots.push(Slot {
                task: Task::TfDir(path.to_path_buf()),
                walked: None,
            });
            continue;
        }
        let name = display(path);
        let text = match input::read(p, max) {
            Ok(t) => t,
            Err(error) => {
                slots.push(ready(Unit::Failed { name, error }));
                continue;
            }
        };
        match forced.unwrap_or_else(|| archlint_import::detect(&name, &text)) {
            Format::Design => slots.push(ready(Unit::Design { name, text })),
            Format::Ros => slots.push(Slot {
                task: Task::Ros { name, text },
                walked: None,
            }),
            Format::Terraform => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let g = *tf_slot.entry(dir.clone()).or_insert_with(|| {
                    slots.push(Slot {
                        task: Task::Terraform {
                            dir,
                            files: Vec::new(),
                        },
                        walked: None,
                    });
                    slots.len() - 1
                });
                if let Task::Terraform { files, .. } = &mut slots[g].task {
                    files.push(SourceFile::new(name, text));
                }
            }
        }
    }

    let walked: Vec<Option<usize>> = slots.iter().map(|s| s.walked).collect();
    let tasks: Vec<Task> = slots.into_iter().map(|s| s.task).collect();
    let done = crate::jobs::map(tasks, jobs, |t| t.run(&opts, max));
    let mut modules: BTreeSet<PathBuf> = BTreeSet::new();
    for d in &done {
        modules.extend(d.modules.iter().cloned());
    }
    // Walked directories: every configuration below, except the local modules others call;
    // a walk that finds nothing keeps its error (the last slot of the walk).
    let mut found = vec![false; roots.len()];
    let mut out = Vec::new();
    for (d, w) in done.into_iter().zip(walked) {
        let Some(unit) = d.unit else { continue };
        match w {
            None => out.push(unit),
            Some(root) => {
                if d.key.is_none() {
                    if !found[root] {
                        out.push(unit);
                    }
                } else if !d.key.as_ref().is_some_and(|k| modules.contains(k)) {
                    found[root] = true;
                    out.push(unit);
                }
            }
        }
    }
    out
}

/// Directories holding `.tf` files and candidate template / design files below `dir`, sorted;
/// hidden directories and `.terraform` are skipped.
fn walk_dir(
    dir: &Path,
    dirs: &mut Vec<PathBuf>,
    files: &mut Vec<PathBuf>,
    max: usize,
    seen: &mut usize,
) {
    crate::watch::note(dir);
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut has_tf = false;
    let mut subdirs = Vec::new();
    for p in entries {
        *seen += 1;
        if *seen > MAX_WALK_FILES {
            return;
        }
        let name = p
            .file_name()
            .and_then(OsStr::to_str)
            .unwrap_or("")
            .to_string();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let ft = std::fs::symlink_metadata(&p).map(|m| m.file_type());
        if ft.as_ref().is_ok_and(|t| t.is_dir()) {
            subdirs.push(p);
        } else if ft.as_ref().is_ok_and(|t| t.is_file()) {
            let lower = name.to_ascii_lowercase();
            if is_tf_name(&lower) {
                has_tf = true;
            } else if lower.ends_with(".yaml")
                || lower.ends_with(".yml")
                || lower.ends_with(".json")
            {
                files.push(p);
            }
        }
    }
    if has_tf {
        dirs.push(dir.to_path_buf());
    }
    let _ = max;
    for s in subdirs {
        walk_dir(&s, dirs, files, max, seen);
    }
}

/// `--verbose`: the resources an import skipped and the values it could not resolve, on
/// standard error.
pub fn verbose(name: &str, im: &Imported, lang: archlint_core::Lang) {
    for line in verbose_lines(name, im, lang) {
        crate::err_line(&line);
    }
}

/// The lines `verbose` writes.
pub fn verbose_lines(name: &str, im: &Imported, lang: archlint_core::Lang) -> Vec<String> {
    let zh = lang == archlint_core::Lang::Zh;
    let pos = |l: archlint_import::Loc| {
        let f = im
            .files
            .get(l.file as usize)
            .map_or("?", |f| f.path.as_str());
        format!("{f}:{}:{}", l.line, l.col)
    };
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &im.skipped {
        *by_type.entry(s.ty.as_str()).or_default() += 1;
    }
    let mut lines = vec![if zh {
        format!(
            "{name}：跳过 {} 个 archlint 不使用的资源，{} 个值在部署前无法确定",
            im.skipped.len(),
            im.unresolved.len()
        )
    } else {
        format!(
            "{name}: skipped {} resource(s) archlint has no use for; {} value(s) cannot be known before deploy",
            im.skipped.len(),
            im.unresolved.len()
        )
    }];
    for s in &im.skipped {
        lines.push(format!(
            "  {}: {} {} {}",
            pos(s.at),
            if zh { "跳过" } else { "skipped" },
            s.ty,
            s.key
        ));
    }
    for u in &im.unresolved {
        lines.push(format!(
            "  {}: {} `{}` ← {}",
            pos(u.at),
            if zh { "未解析" } else { "unresolved" },
            u.what,
            u.from
        ));
    }
    lines
}
