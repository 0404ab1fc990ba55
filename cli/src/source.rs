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
#[derive(Args, Debug, Default)]
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

    /// List the resources an import skipped and the values it could not resolve
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
    let opts = match args.options(max) {
        Ok(o) => o,
        Err((name, error)) => return vec![Unit::Failed { name, error }],
    };
    let forced = args.forced();
    let mut out = Vec::new();
    let mut modules: BTreeSet<PathBuf> = BTreeSet::new();
    // `.tf` files named directly, grouped by directory (in the order first named).
    let mut tf_groups: Vec<(PathBuf, Vec<SourceFile>, usize)> = Vec::new();
    let mut tf_slot: BTreeMap<PathBuf, usize> = BTreeMap::new();
    let mut walked: Vec<(usize, PathBuf)> = Vec::new();
    for p in paths {
        if p == "-" {
            let text = match input::read(p, max) {
                Ok(t) => t,
                Err(error) => {
                    out.push(Unit::Failed {
                        name: stdin_name.to_string(),
                        error,
                    });
                    continue;
                }
            };
            let f = forced.unwrap_or_else(|| archlint_import::detect(stdin_name, &text));
            out.push(match f {
                Format::Ros => ros(stdin_name.to_string(), text, &opts),
                Format::Terraform => terraform(
                    Path::new("."),
                    vec![SourceFile::new(
                        if is_tf_name(stdin_name) {
                            stdin_name.to_string()
                        } else {
                            format!("{stdin_name}.tf")
                        },
                        text,
                    )],
                    &opts,
                    max,
                    &mut modules,
                ),
                Format::Design => Unit::Design {
                    name: stdin_name.to_string(),
                    text,
                },
            });
            continue;
        }
        let path = Path::new(p);
        if path.is_dir() {
            if walk && forced != Some(Format::Terraform) {
                walked.push((out.len(), path.to_path_buf()));
                continue;
            }
            match tf_files(path, max) {
                Ok(files) if !files.iter().any(|f| is_tf_name(&f.path)) => out.push(Unit::Failed {
                    name: display(path),
                    error: nothing_found(
                        "no Terraform files (.tf, .tf.json)",
                        "Terraform 文件（.tf、.tf.json）",
                    ),
                }),
                Ok(files) => out.push(terraform(path, files, &opts, max, &mut modules)),
                Err(error) => out.push(Unit::Failed {
                    name: display(path),
                    error,
                }),
            }
            continue;
        }
        let name = display(path);
        let text = match input::read(p, max) {
            Ok(t) => t,
            Err(error) => {
                out.push(Unit::Failed { name, error });
                continue;
            }
        };
        match forced.unwrap_or_else(|| archlint_import::detect(&name, &text)) {
            Format::Design => out.push(Unit::Design { name, text }),
            Format::Ros => out.push(ros(name, text, &opts)),
            Format::Terraform => {
                let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let g = *tf_slot.entry(dir.clone()).or_insert_with(|| {
                    tf_groups.push((dir, Vec::new(), out.len()));
                    // Holds the configuration's place in the output until it is imported.
                    out.push(Unit::Design {
                        name: String::new(),
                        text: String::new(),
                    });
                    tf_groups.len() - 1
                });
                tf_groups[g].1.push(SourceFile::new(name, text));
            }
        }
    }
    for (dir, files, at) in tf_groups {
        out[at] = terraform(&dir, files, &opts, max, &mut modules);
    }
    // Walked directories: every configuration below, except the local modules others call.
    let mut inserts: Vec<(usize, Vec<Unit>)> = Vec::new();
    for (at, root) in walked {
        let mut found = Vec::new();
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        walk_dir(&root, &mut dirs, &mut files, max, &mut 0);
        for d in dirs {
            match tf_files(&d, max) {
                Ok(tf) if tf.iter().any(|f| is_tf_name(&f.path)) => {
                    let canon = d.canonicalize().unwrap_or(d.clone());
                    found.push((canon, terraform(&d, tf, &opts, max, &mut modules)));
                }
                Ok(_) => {}
                Err(error) => found.push((
                    d.clone(),
                    Unit::Failed {
                        name: display(&d),
                        error,
                    },
                )),
            }
        }
        for f in files {
            let name = display(&f);
            let text = match input::read(f.as_os_str(), max) {
                Ok(t) => t,
                Err(error) => {
                    found.push((f.clone(), Unit::Failed { name, error }));
                    continue;
                }
            };
            let lower = name.to_ascii_lowercase();
            let unit = if archlint_import::looks_like_ros(&text) {
                ros(name, text, &opts)
            } else if lower.ends_with(".json") && text.contains("\"archlint\"") {
                Unit::Design { name, text }
            } else {
                continue;
            };
            found.push((f.clone(), unit));
        }
        let mut units: Vec<Unit> = found
            .into_iter()
            .filter(|(p, _)| !modules.contains(p))
            .map(|(_, u)| u)
            .collect();
        if units.is_empty() {
            units.push(Unit::Failed {
                name: display(&root),
                error: nothing_found(
                    "no Terraform configuration, ROS template or design",
                    "Terraform 配置、ROS 模板或设计文件",
                ),
            });
        }
        inserts.push((at, units));
    }
    for (at, units) in inserts.into_iter().rev() {
        let tail = out.split_off(at);
        out.extend(units);
        out.extend(tail);
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
    crate::err_line(&if zh {
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
    });
    for s in &im.skipped {
        crate::err_line(&format!(
            "  {}: {} {} {}",
            pos(s.at),
            if zh { "跳过" } else { "skipped" },
            s.ty,
            s.key
        ));
    }
    for u in &im.unresolved {
        crate::err_line(&format!(
            "  {}: {} `{}` ← {}",
            pos(u.at),
            if zh { "未解析" } else { "unresolved" },
            u.what,
            u.from
        ));
    }
}
