//! archlint's importer: Terraform (provider `alicloud`) configurations and ROS templates in,
//! a design in format v1 out, with a source map that takes every place of the design back to
//! the place in the user's files it came from.
//!
//! The importer is a sibling of the core's design-JSON loader: [`tf`] and [`ros`] each read
//! their format into the same typed [`ent`]ities, and [`assemble`] turns those into one design
//! document. The core then loads, lints and draws that document like any other; a finding's
//! JSON pointer goes through [`SourceMap::locate`] to a file, line and column of the user's.
//!
//! Like the core, nothing here does I/O: the caller (the CLI, the editor) reads the files and
//! hands over their text. Unlike the core this crate needs `std` (its HCL and YAML parsers), so
//! it stays out of the docs widget.

#![forbid(unsafe_code)]

pub mod assemble;
pub mod ecs;
pub mod ent;
pub mod overlay;
pub mod ros;
pub mod source;
pub mod tf;
pub mod zones;

pub use ent::{Loc, Skipped, Unresolved};
pub use source::{SourceFile, SourceMap};

use archlint_core::Text;

/// The formats archlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// archlint's own design JSON (format v1).
    Design,
    /// A Terraform configuration: `.tf` and `.tf.json` files of one directory.
    Terraform,
    /// A ROS template (YAML or JSON with `ROSTemplateFormatVersion`).
    Ros,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Design => "design",
            Format::Terraform => "terraform",
            Format::Ros => "ros",
        }
    }
}

/// The format of one file, from its name and, for `.json` / `.yaml`, its content.
pub fn detect(path: &str, text: &str) -> Format {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".tf") || lower.ends_with(".tf.json") || lower.ends_with(".tfvars") {
        return Format::Terraform;
    }
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return Format::Ros;
    }
    if looks_like_ros(text) {
        return Format::Ros;
    }
    Format::Design
}

/// A JSON or YAML text whose top level names `ROSTemplateFormatVersion` (looked for among the
/// first top-level keys, without parsing the whole file).
pub fn looks_like_ros(text: &str) -> bool {
    text.contains("ROSTemplateFormatVersion")
}

/// What the importer is told besides the files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `-var NAME=VALUE`, in the order given (later wins).
    pub vars: Vec<(String, String)>,
    /// `-var-file` files (`.tfvars`, HCL syntax, or `.tfvars.json`), in the order given.
    pub var_files: Vec<SourceFile>,
    /// An overlay design (format v1) merged by id into the imported design.
    pub overlay: Option<SourceFile>,
}

/// An imported configuration.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    /// The user's files that positions refer to, by index ([`Loc::file`]): the configuration's
    /// files, then var files, then the overlay.
    pub files: Vec<SourceFile>,
    /// The design, format v1, pretty-printed JSON.
    pub design: String,
    /// Design JSON pointer → position in the user's files.
    pub map: SourceMap,
    /// Resources read but not used.
    pub skipped: Vec<Skipped>,
    /// Values that cannot be known before deploy.
    pub unresolved: Vec<Unresolved>,
}

/// Why an import failed: the file, line and column, and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub path: String,
    /// 1-based; 0 when the error has no position in the file.
    pub line: u32,
    pub column: u32,
    pub message: Text,
}

impl ImportError {
    pub fn at(file: &SourceFile, line: u32, column: u32, message: Text) -> ImportError {
        ImportError {
            path: file.path.clone(),
            line,
            column,
            message,
        }
    }
}

/// Imports a Terraform configuration: the `.tf` / `.tf.json` files of directory `dir` (with
/// its `terraform.tfvars` / `*.auto.tfvars`). `load_dir` reads the files of a local module's
/// directory when a `module` block names one (`source = "./modules/app"`).
pub fn import_terraform(
    dir: &str,
    files: Vec<SourceFile>,
    load_dir: &mut tf::LoadDir<'_>,
    opts: &Options,
) -> Result<Imported, ImportError> {
    let (all, ex) = tf::extract(dir, files, &opts.var_files, &opts.vars, load_dir)?;
    finish(Format::Terraform, all, ex, opts)
}

/// Imports a ROS template (YAML or JSON).
pub fn import_ros(file: SourceFile, opts: &Options) -> Result<Imported, ImportError> {
    let all = vec![file];
    let ex = ros::extract(&all[0], 0, &opts.vars)?;
    finish(Format::Ros, all, ex, opts)
}

fn finish(
    format: Format,
    mut files: Vec<SourceFile>,
    ex: ent::Extracted,
    opts: &Options,
) -> Result<Imported, ImportError> {
    let (mut doc, mut map) = assemble::assemble(&ex, format, &files);
    if let Some(ov) = &opts.overlay {
        let idx = u32::try_from(files.len()).unwrap_or(u32::MAX);
        files.push(ov.clone());
        overlay::merge(&mut doc, &mut map, ov, idx)?;
    }
    let design = assemble::to_text(&doc);
    Ok(Imported {
        format,
        files,
        design,
        map,
        skipped: ex.skipped,
        unresolved: ex.unresolved,
    })
}
