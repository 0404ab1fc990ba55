//! ROS (Alibaba Cloud Resource Orchestration Service) templates, YAML or JSON, read into
//! archlint's [entities](crate::ent).
//!
//! The work is split in four steps, one module each:
//!
//! 1. [`yaml`] and [`tree`]: the text becomes a spanned [`tree::Node`] tree — every value and
//!    every key keeps its line and column. YAML short-form tags (`!Ref X`, `!GetAtt A.B`,
//!    `!Join [..]`) become the long form (`{Ref: X}`, `{Fn::GetAtt: A.B}`), so that the rest of
//!    the importer sees one shape whatever the syntax. Anchors and aliases share nodes.
//! 2. [`template`]: the sections of the template (`Parameters`, `Conditions`, `Mappings`,
//!    `Resources`) are checked and indexed; references between resources are checked for cycles.
//! 3. [`eval`]: parameters (with their `Default` and the caller's overrides), pseudo parameters,
//!    conditions and the intrinsic functions (`Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Select`,
//!    `Fn::Sub`, `Fn::If`, …) are evaluated, on demand, into [`eval::Val`]ues that keep the
//!    position where the user wrote them. What cannot be known before deploy stays unknown,
//!    with the place it would come from (`Parameters.ZoneId`, `Fn::GetAZs[0]`).
//! 4. [`map`]: each resource type archlint has a use for becomes an [`ent::Entity`]; the others
//!    are listed as skipped.
//!
//! Nothing here panics or recurses without bound on any input: nesting, size, the number of
//! instances a `Count` expands to and the work of evaluation are all limited, and every failure
//! is an [`ImportError`] with a line and column.
//!
//! [`ent::Entity`]: crate::ent::Entity

pub mod eval;
pub mod map;
pub mod template;
pub mod tree;
pub mod yaml;

use archlint_core::Text;

use crate::ent::{Extracted, Loc};
use crate::source::Lines;
use crate::{ImportError, SourceFile};

/// The largest template read, in bytes.
pub const MAX_BYTES: usize = 64 << 20;
/// The deepest nesting of lists and mappings in a template (a template never needs 20).
pub const MAX_DEPTH: u32 = 64;
/// The most values (scalars, lists, mappings) a template may hold.
pub const MAX_NODES: usize = 4_000_000;
/// The most resource instances `Count`, `MaxAmount` and `MinAmount` may expand to, in total.
pub const MAX_INSTANCES: u64 = 10_000;
/// The most evaluation steps (one per value visited) spent on a template: aliases of aliases can
/// make a small file describe an exponentially large one.
pub const MAX_STEPS: u64 = 5_000_000;
/// The deepest recursion of evaluation: a value's nesting, plus what `Fn::GetAtt`, conditions
/// and `Locals` read through (a template never needs 30).
pub const MAX_EVAL_DEPTH: u32 = 160;
/// The longest chain of conditions naming conditions, or of `Fn::GetAtt` read through to the
/// property of another resource.
pub const MAX_CHAIN: u32 = 64;

/// Reads one ROS template (YAML or JSON) into entities.
///
/// `params` are parameter overrides (`NAME=VALUE`), later ones winning; the pseudo parameter
/// `ALIYUN::Region` may be given too. A parameter that has neither an override nor a `Default`
/// stays unknown.
pub fn extract(
    file: &SourceFile,
    file_idx: u32,
    params: &[(String, String)],
) -> Result<Extracted, ImportError> {
    let root = parse(file, file_idx)?;
    let t = template::Template::read(&root, file)?;
    t.check_cycles(file)?;
    let ev = eval::Eval::new(&t, file, file_idx, params)?;
    map::map_all(&ev)
}

/// Parses the file's text into a spanned tree: JSON when the file is named `.json` or its text
/// starts with `{`, YAML otherwise.
pub fn parse(file: &SourceFile, file_idx: u32) -> Result<std::rc::Rc<tree::Node>, ImportError> {
    let text = file.text.as_str();
    if text.len() > MAX_BYTES {
        return Err(error(
            file,
            Loc {
                file: file_idx,
                line: 1,
                col: 1,
            },
            format!(
                "the template is {} bytes; the limit is {} bytes",
                text.len(),
                MAX_BYTES
            ),
            format!("模板有 {} 字节，上限为 {} 字节", text.len(), MAX_BYTES),
        ));
    }
    let lower = file.path.to_ascii_lowercase();
    let is_yaml_name = lower.ends_with(".yaml") || lower.ends_with(".yml");
    let starts_json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    if lower.ends_with(".json") || (!is_yaml_name && starts_json) {
        parse_json(file, file_idx)
    } else {
        yaml::parse(file, file_idx)
    }
}

fn parse_json(file: &SourceFile, file_idx: u32) -> Result<std::rc::Rc<tree::Node>, ImportError> {
    let text = file.text.as_str();
    let lines = Lines::new(text, file_idx);
    match archlint_core::json::parse(text, MAX_DEPTH) {
        Ok(v) => Ok(tree::from_json(&v, &lines)),
        Err(e) => {
            let (en, zh) = e.kind.describe();
            let at = lines.loc(e.offset as usize);
            Err(error(
                file,
                at,
                format!("invalid JSON: {en}"),
                format!("JSON 格式错误：{zh}"),
            ))
        }
    }
}

/// An [`ImportError`] at `at` in `file`.
pub(crate) fn error(
    file: &SourceFile,
    at: Loc,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> ImportError {
    ImportError::at(file, at.line, at.col, Text::new(en, zh))
}
