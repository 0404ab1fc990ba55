//! Terraform (provider `alicloud`): the files of one directory → entities.
//!
//! `parse` reads `.tf` (hcl-edit, with spans) and `.tf.json`; `eval` evaluates what can be
//! known before deploy; `map` reads the resource types archlint has a use for.

pub mod eval;
pub mod funcs;
pub mod map;
pub mod parse;
pub mod value;

use archlint_core::Text;

use crate::ent::{Extracted, Sp};
use crate::source::SourceFile;
use crate::ImportError;
use eval::{Evaluator, Module};
use parse::{Attr, Blk};
use value::Val;

/// Deepest chain of local module calls followed.
pub const MAX_MODULE_DEPTH: usize = 16;
/// Most module instances a configuration may expand to (calls of calls multiply: two calls
/// of a directory that calls itself twice would otherwise make 2^16 before the depth limit).
pub const MAX_MODULES: usize = 256;

/// Reads the `.tf` / `.tf.json` files of a directory that a `module` block's `source` names
/// (`./modules/app`, resolved against the calling directory): the caller does the I/O.
pub type LoadDir<'l> = dyn FnMut(&str) -> Result<Vec<SourceFile>, String> + 'l;

/// Joins a module source onto the calling directory and removes `.` and `..` segments.
pub fn join_dir(dir: &str, source: &str) -> String {
    let mut parts: Vec<&str> = if source.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect()
    };
    let absolute = source.starts_with('/') || dir.starts_with('/');
    for p in source.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let s = parts.join("/");
    if absolute {
        format!("/{s}")
    } else if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

fn is_tf(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    p.ends_with(".tf") || p.ends_with(".tf.json")
}

fn is_auto_tfvars(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name == "terraform.tfvars"
        || name == "terraform.tfvars.json"
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
}

/// A variable definitions file: its index among the inputs and its `name = value` lines.
type TfVars = (u32, Vec<Attr>);

/// The blocks of a module's files, sorted into their kinds.
fn module_from(
    files: &mut Vec<SourceFile>,
    new_files: Vec<SourceFile>,
    prefix: String,
    dir: String,
    parent: Option<(usize, usize)>,
) -> Result<(Module, Vec<TfVars>), ImportError> {
    let mut m = Module::new(prefix, dir, parent);
    let mut tfvars = Vec::new();
    let mut sorted = new_files;
    // Files are read in name order, as Terraform does.
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for f in sorted {
        let idx = u32::try_from(files.len()).unwrap_or(u32::MAX);
        files.push(f);
        let f = &files[idx as usize];
        if is_auto_tfvars(&f.path) {
            if parent.is_none() {
                tfvars.push((idx, parse::parse_tfvars(f, idx)?));
            }
            continue;
        }
        if !is_tf(&f.path) {
            continue;
        }
        let (blocks, attrs) = if f.path.to_ascii_lowercase().ends_with(".json") {
            parse::parse_json(f, idx)?
        } else {
            parse::parse_hcl(f, idx)?
        };
        if let Some(a) = attrs.first() {
            return Err(ImportError::at(
                f,
                a.at.line,
                a.at.col,
                Text {
                    en: format!("`{}` is an attribute outside any block: a Terraform file holds blocks (`resource`, `variable`, …)", a.name),
                    zh: format!("`{}` 是块之外的属性：Terraform 文件只包含块（`resource`、`variable` 等）", a.name),
                },
            ));
        }
        for b in blocks {
            let label = |i: usize| b.labels.get(i).cloned();
            let need = |n: usize, b: &Blk| -> Result<(), ImportError> {
                if b.labels.len() < n {
                    Err(ImportError::at(
                        f,
                        b.at.line,
                        b.at.col,
                        Text {
                            en: format!("a `{}` block needs {n} label(s)", b.ty),
                            zh: format!("`{}` 块需要 {n} 个标签", b.ty),
                        },
                    ))
                } else {
                    Ok(())
                }
            };
            match b.ty.as_str() {
                "variable" => {
                    need(1, &b)?;
                    m.variables.insert(label(0).unwrap_or_default(), b);
                }
                "locals" => {
                    for a in b.attrs {
                        m.locals.insert(a.name.clone(), a);
                    }
                }
                "resource" => {
                    need(2, &b)?;
                    m.resources.push(b);
                }
                "data" => {
                    need(2, &b)?;
                    m.data.push(b);
                }
                "module" => {
                    need(1, &b)?;
                    m.calls.push(b);
                }
                "output" => {
                    need(1, &b)?;
                    if let Some(v) = b.attr("value") {
                        m.outputs.insert(label(0).unwrap_or_default(), v.clone());
                    }
                }
                "provider" => {
                    need(1, &b)?;
                    m.providers.push(b);
                }
                _ => {}
            }
        }
    }
    Ok((m, tfvars))
}

/// A `-var` value: HCL when it looks like a list or an object, else the string itself.
fn cli_value(raw: &str) -> Val {
    let t = raw.trim_start();
    if t.starts_with('[') || t.starts_with('{') {
        if let Ok(e) = hcl_edit::parser::parse_expr(raw) {
            let files: [SourceFile; 0] = [];
            let mut ev = Evaluator::new(&files, Vec::new());
            if let Ok(v) = literal(&mut ev, &e) {
                return v;
            }
        }
    }
    Val::Str(raw.to_string())
}

/// A value written without references (tfvars, `-var`).
fn literal(ev: &mut Evaluator<'_>, e: &hcl_edit::expr::Expression) -> Result<Val, ImportError> {
    if ev.modules.is_empty() {
        ev.modules
            .push(Module::new(String::new(), ".".into(), None));
    }
    ev.eval_in(0, 0, e)
}

/// Reads a configuration. `root` are the files of its directory `dir` (`.tf`, `.tf.json`,
/// `terraform.tfvars`, `*.auto.tfvars`); `var_files` the `-var-file`s; `vars` the `-var`s.
pub fn extract(
    dir: &str,
    root: Vec<SourceFile>,
    var_files: &[SourceFile],
    vars: &[(String, String)],
    load_dir: &mut LoadDir<'_>,
) -> Result<(Vec<SourceFile>, Extracted), ImportError> {
    let mut files: Vec<SourceFile> = Vec::new();
    let (root_mod, mut tfvars) =
        module_from(&mut files, root, String::new(), dir.to_string(), None)?;
    let mut modules = vec![root_mod];
    // Local modules, breadth first.
    let mut k = 0;
    while k < modules.len() {
        let calls: Vec<Blk> = modules[k].calls.clone();
        let depth = modules[k].prefix.matches("module.").count();
        for (ci, call) in calls.iter().enumerate() {
            let Some(src) = call.attr("source") else {
                continue;
            };
            let Some(source) = src.expr.as_str().map(str::to_string) else {
                continue;
            };
            if !(source.starts_with("./") || source.starts_with("../")) {
                continue; // registry and remote modules are not read
            }
            if depth + 1 > MAX_MODULE_DEPTH {
                return Err(ImportError::at(
                    &files[call.file as usize],
                    src.val_at.line,
                    src.val_at.col,
                    Text {
                        en: format!("local modules call each other more than {MAX_MODULE_DEPTH} deep (a module that calls itself?)"),
                        zh: format!("本地模块相互调用超过 {MAX_MODULE_DEPTH} 层（模块调用了自身？）"),
                    },
                ));
            }
            if modules.len() >= MAX_MODULES {
                return Err(ImportError::at(
                    &files[call.file as usize],
                    src.val_at.line,
                    src.val_at.col,
                    Text {
                        en: format!("the configuration calls more than {MAX_MODULES} local modules (modules that call each other?)"),
                        zh: format!("该配置调用的本地模块超过 {MAX_MODULES} 个（模块之间相互调用？）"),
                    },
                ));
            }
            let child_dir = join_dir(&modules[k].dir, &source);
            let loaded = load_dir(&child_dir).map_err(|why| {
                ImportError::at(
                    &files[call.file as usize],
                    src.val_at.line,
                    src.val_at.col,
                    Text {
                        en: format!("cannot read module `{source}` ({child_dir}): {why}"),
                        zh: format!("无法读取模块 `{source}`（{child_dir}）：{why}"),
                    },
                )
            })?;
            let name = call.labels[0].clone();
            let prefix = format!("{}module.{name}.", modules[k].prefix);
            let (child, _) = module_from(&mut files, loaded, prefix, child_dir, Some((k, ci)))?;
            modules.push(child);
        }
        k += 1;
    }
    // Variable values of the root: tfvars files (name order), -var-file, then -var.
    let mut var_file_attrs = Vec::new();
    for vf in var_files {
        let idx = u32::try_from(files.len()).unwrap_or(u32::MAX);
        files.push(vf.clone());
        var_file_attrs.push((idx, parse::parse_tfvars(&files[idx as usize], idx)?));
    }
    tfvars.sort_by(|a, b| files[a.0 as usize].path.cmp(&files[b.0 as usize].path));
    // `terraform.tfvars` comes before `*.auto.tfvars`.
    tfvars.sort_by_key(|(i, _)| {
        let p = files[*i as usize]
            .path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        !p.starts_with("terraform.tfvars")
    });
    let mut ev = Evaluator::new(&files, modules);
    for (_, attrs) in tfvars.iter().chain(var_file_attrs.iter()) {
        for a in attrs {
            let v = ev.eval_in(0, a.at.file, &a.expr)?;
            ev.modules[0].inputs.insert(a.name.clone(), v);
        }
    }
    for (k, v) in vars {
        ev.modules[0].inputs.insert(k.clone(), cli_value(v));
    }
    // Child modules' inputs: the call's arguments evaluated in the parent.
    for m in 1..ev.modules.len() {
        let Some((p, ci)) = ev.modules[m].parent else {
            continue;
        };
        let call = ev.modules[p].calls[ci].clone();
        for a in &call.attrs {
            if matches!(
                a.name.as_str(),
                "source" | "version" | "count" | "for_each" | "providers" | "depends_on"
            ) {
                continue;
            }
            let v = ev.eval_in(p, call.file, &a.expr)?;
            ev.modules[m].inputs.insert(a.name.clone(), v);
        }
    }
    let mut ex = Extracted::default();
    // The region of the root provider, with where it is said.
    let region = ev.region_for(0, None)?;
    if let Some(r) = region {
        let at = ev.modules[0]
            .providers
            .iter()
            .find_map(|p| {
                p.attr("region")
                    .filter(|_| p.attr("alias").is_none())
                    .map(|a| a.val_at)
            })
            .unwrap_or_default();
        ex.region = Some(Sp::new(r, at));
    }
    map::map_all(&mut ev, &mut ex)?;
    // The design's name: the configuration's directory.
    let base = dir.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if !base.is_empty() && base != "." && base != ".." {
        ex.name = Some(base.to_string());
    }
    drop(ev);
    Ok((files, ex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_join() {
        assert_eq!(join_dir("infra", "./modules/app"), "infra/modules/app");
        assert_eq!(
            join_dir("infra/envs/prod", "../../modules/net"),
            "infra/modules/net"
        );
        assert_eq!(join_dir(".", "./m"), "m");
        assert_eq!(join_dir("/abs/x", "../y"), "/abs/y");
        assert_eq!(join_dir(".", "../shared"), "../shared");
    }
}
