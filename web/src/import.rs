//! Opening files other than a design: which of the files picked or dropped form a design, a
//! ROS template or a Terraform configuration (told by [`archlint_import::detect`]), the
//! request the importer gets, and what its answer means for the editor.
//!
//! The importer itself (`web-import/`, archlint-import compiled to WASM) is a module of its
//! own, fetched by `web/boot.js` the first time a Terraform or ROS file is opened
//! (`dom::import`): the editor links none of it but `detect`. Reading the files is in
//! `components::file_menu`. Plain Rust, tested natively.

use archlint_import::Format;
use serde_json::{json, Value};

use crate::doc::Refused;

/// A file read from the picker or a drop: its path relative to what was opened (`main.tf`
/// for a picked or dropped file, `infra/modules/app/main.tf` for one found in a dropped
/// folder) and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub path: String,
    pub text: String,
    /// Named by the user (picked, or dropped by itself), not found in a dropped folder.
    pub named: bool,
}

impl Picked {
    pub fn new(path: impl Into<String>, text: impl Into<String>, named: bool) -> Picked {
        Picked {
            path: path.into(),
            text: text.into(),
            named,
        }
    }
}

/// What opening a set of files does.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    Nothing,
    /// A design: opened as it is.
    Design(String),
    /// A ROS template, imported on its own.
    Ros {
        name: String,
        text: String,
    },
    /// Terraform files, imported as one configuration: the importer's request (JSON).
    Terraform(String),
    Refuse(Refused),
}

/// Files a folder drop reads: Terraform's (configurations, modules, variables).
pub fn is_terraform_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".tf")
        || n.ends_with(".tf.json")
        || n.ends_with(".tfvars")
        || n.ends_with(".tfvars.json")
}

/// Variables files Terraform reads by itself (`terraform.tfvars`, `*.auto.tfvars`).
fn is_auto_tfvars(path: &str) -> bool {
    let n = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    n == "terraform.tfvars"
        || n == "terraform.tfvars.json"
        || n.ends_with(".auto.tfvars")
        || n.ends_with(".auto.tfvars.json")
}

fn is_var_file(path: &str) -> bool {
    let n = path.to_ascii_lowercase();
    (n.ends_with(".tfvars") || n.ends_with(".tfvars.json")) && !is_auto_tfvars(path)
}

fn refused(path: &str, en: String, zh: String) -> Refused {
    Refused {
        path: path.to_string(),
        line: 0,
        column: 0,
        en,
        zh,
    }
}

/// Decides what the files opened together are. The Terraform files among them are one
/// configuration (the importer takes the shallowest folder holding `.tf` files as its root and
/// serves local modules from the others); `.tfvars` files the user named that Terraform does
/// not read by itself are applied as `-var-file`s would be. Anything else opens alone: a design
/// or a ROS template.
pub fn plan(files: Vec<Picked>) -> Plan {
    let (tf, other): (Vec<Picked>, Vec<Picked>) = files.into_iter().partition(|f| {
        // (`detect` does not know `.tfvars.json`.)
        archlint_import::detect(&f.path, &f.text) == Format::Terraform || is_terraform_name(&f.path)
    });
    if !tf.is_empty() {
        if let Some(o) = other.first() {
            return Plan::Refuse(refused(
                &o.path,
                format!("Terraform files open together with other Terraform files only: `{}` is not one (open a design or a ROS template by itself)", o.path),
                format!("Terraform 文件只能与其他 Terraform 文件一起打开：`{}` 不是 Terraform 文件（设计或 ROS 模板请单独打开）", o.path),
            ));
        }
        let entry = |f: &Picked| json!({"path": f.path, "text": f.text});
        let var_files: Vec<Value> = tf
            .iter()
            .filter(|f| f.named && is_var_file(&f.path))
            .map(entry)
            .collect();
        let config: Vec<Value> = tf
            .iter()
            .filter(|f| !(f.named && is_var_file(&f.path)))
            .map(entry)
            .collect();
        return Plan::Terraform(json!({"files": config, "var_files": var_files}).to_string());
    }
    let mut other = other.into_iter();
    let Some(first) = other.next() else {
        return Plan::Nothing;
    };
    if let Some(second) = other.next() {
        return Plan::Refuse(refused(
            &second.path,
            "open one design or ROS template at a time (files open together only as the Terraform files of one configuration)".into(),
            "一次只能打开一个设计或 ROS 模板（只有同一 Terraform 配置的文件可以一起打开）".into(),
        ));
    }
    match archlint_import::detect(&first.path, &first.text) {
        Format::Ros => Plan::Ros {
            name: first.path,
            text: first.text,
        },
        _ => Plan::Design(first.text),
    }
}

/// A dropped folder without any Terraform file.
pub fn empty_folder(name: &str) -> Refused {
    refused(
        name,
        "the folder holds no Terraform file (.tf, .tf.json, .tfvars); open a design or a ROS template as a file".into(),
        "该文件夹中没有 Terraform 文件（.tf、.tf.json、.tfvars）；设计或 ROS 模板请作为文件打开".into(),
    )
}

/// The importer module could not be loaded or failed.
pub fn unavailable(why: &str) -> Refused {
    refused(
        "",
        format!("the Terraform / ROS importer failed: {why}"),
        format!("Terraform / ROS 导入模块出错：{why}"),
    )
}

/// The importer's answer: the design's text, or why the files were refused (file, line,
/// column, in both languages).
pub fn answer(text: &str) -> Result<String, Refused> {
    let v: Value = serde_json::from_str(text).map_err(|e| unavailable(&e.to_string()))?;
    if let Some(d) = v["ok"]["design"].as_str() {
        return Ok(d.to_string());
    }
    let e = &v["error"];
    let num = |k: &str| u32::try_from(e[k].as_u64().unwrap_or(0)).unwrap_or(u32::MAX);
    match (e["en"].as_str(), e["zh"].as_str()) {
        (Some(en), Some(zh)) => Err(Refused {
            path: e["path"].as_str().unwrap_or("").to_string(),
            line: num("line"),
            column: num("column"),
            en: en.to_string(),
            zh: zh.to_string(),
        }),
        _ => Err(unavailable("an answer it does not understand")),
    }
}

/// Where a refusal points: `main.tf:3:7`, `main.tf` (no position) or `3:7` (a design).
pub fn position(r: &Refused) -> String {
    match (r.path.is_empty(), r.line) {
        (true, _) => format!("{}:{}", r.line, r.column),
        (false, 0) => r.path.clone(),
        (false, _) => format!("{}:{}:{}", r.path, r.line, r.column),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(p: &Plan) -> Value {
        match p {
            Plan::Terraform(r) => serde_json::from_str(r).unwrap(),
            other => panic!("not Terraform: {other:?}"),
        }
    }

    fn paths(v: &Value) -> Vec<&str> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn terraform_files_are_one_configuration_and_named_tfvars_are_var_files() {
        let p = plan(vec![
            Picked::new("main.tf", "resource \"x\" \"y\" {}", true),
            Picked::new("security.tf", "", true),
            Picked::new("prod.tfvars", "a = 1", true),
            Picked::new("terraform.tfvars", "b = 1", true),
        ]);
        let r = request(&p);
        assert_eq!(
            paths(&r["files"]),
            ["main.tf", "security.tf", "terraform.tfvars"]
        );
        assert_eq!(paths(&r["var_files"]), ["prod.tfvars"]);
        // In a dropped folder, only the files Terraform reads by itself apply.
        let r = request(&plan(vec![
            Picked::new("infra/main.tf", "", false),
            Picked::new("infra/dev.tfvars", "", false),
        ]));
        assert_eq!(paths(&r["files"]), ["infra/main.tf", "infra/dev.tfvars"]);
        assert_eq!(paths(&r["var_files"]), Vec::<&str>::new());
    }

    #[test]
    fn a_design_or_a_ros_template_opens_alone() {
        let design = "{\"archlint\": 1}";
        assert_eq!(
            plan(vec![Picked::new("d.json", design, true)]),
            Plan::Design(design.into())
        );
        let ros = "{\"ROSTemplateFormatVersion\": \"2015-09-01\"}";
        assert!(matches!(
            plan(vec![Picked::new("stack.json", ros, true)]),
            Plan::Ros { .. }
        ));
        assert!(matches!(
            plan(vec![Picked::new("stack.yml", "x: 1", true)]),
            Plan::Ros { .. }
        ));
        assert_eq!(plan(Vec::new()), Plan::Nothing);
        let Plan::Refuse(r) = plan(vec![
            Picked::new("a.json", design, true),
            Picked::new("b.yaml", "x: 1", true),
        ]) else {
            panic!()
        };
        assert_eq!(r.path, "b.yaml");
        assert!(!r.zh.is_empty());
        let Plan::Refuse(r) = plan(vec![
            Picked::new("main.tf", "", true),
            Picked::new("b.yaml", "x: 1", true),
        ]) else {
            panic!()
        };
        assert_eq!(r.path, "b.yaml");
    }

    #[test]
    fn answers() {
        let ok = r#"{"ok": {"design": "{}", "files": 1}}"#;
        assert_eq!(answer(ok).unwrap(), "{}");
        let err =
            r#"{"error": {"path": "main.tf", "line": 3, "column": 7, "en": "bad", "zh": "坏"}}"#;
        let r = answer(err).unwrap_err();
        assert_eq!(position(&r), "main.tf:3:7");
        assert_eq!((r.en.as_str(), r.zh.as_str()), ("bad", "坏"));
        assert!(answer("nonsense").is_err());
        assert!(answer("{}").is_err());
        assert_eq!(position(&empty_folder("infra")), "infra");
        let design = Refused {
            path: String::new(),
            line: 2,
            column: 5,
            en: String::new(),
            zh: String::new(),
        };
        assert_eq!(position(&design), "2:5");
    }
}
