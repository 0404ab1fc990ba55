//! The browser editor's importer: [`archlint_import`] behind two functions of JSON text in and
//! JSON text out, so that the editor (a separate WASM module) needs no shared types with it.
//!
//! The editor reads the files (picked, several at once, or a dropped folder, recursively) and
//! hands them over; this crate decides which of them form the configuration, serves local
//! modules from the others, imports, and names the design after where it came from.
//!
//! Results, for both functions:
//!
//! ```json
//! {"ok": {"design": "{…}", "files": 2, "skipped": 0, "unresolved": 1}}
//! {"error": {"path": "infra/main.tf", "line": 3, "column": 7, "en": "…", "zh": "…"}}
//! ```
//!
//! (`line` and `column` are 1-based; 0 when the error has no position in a file.)

#![forbid(unsafe_code)]

use archlint_core::Text;
use archlint_import::tf::join_dir;
use archlint_import::{ImportError, Imported, Options, SourceFile};
use serde_json::{json, Map, Value};

/// Imports a Terraform configuration. `request`:
///
/// ```json
/// {"files": [{"path": "infra/main.tf", "text": "…"}, …],
///  "var_files": [{"path": "prod.tfvars", "text": "…"}],
///  "dir": "infra"}
/// ```
///
/// `files` are every Terraform file read (`.tf`, `.tf.json`, `.tfvars`, with their paths
/// relative to what was opened: `main.tf` for a picked file, `infra/modules/app/main.tf` for
/// one found in a dropped folder). The configuration is the directory `dir` or, without it,
/// the shallowest directory holding a `.tf` / `.tf.json` file (the first by name of those as
/// shallow); its `terraform.tfvars` and `*.auto.tfvars` apply as Terraform applies them. Local
/// modules (`source = "./modules/app"`) are read from the other files. `var_files` are
/// variable files the user named (like `--var-file`), applied in the order given.
pub fn terraform(request: &str) -> String {
    respond(terraform_imported(request))
}

/// Imports a ROS template (YAML, or JSON with `ROSTemplateFormatVersion`) on its own.
pub fn ros(name: &str, text: &str) -> String {
    let name = norm(name);
    respond(
        archlint_import::import_ros(SourceFile::new(name.clone(), text), &Options::default()).map(
            |im| {
                let label = ros_label(&name, &im);
                (im, label)
            },
        ),
    )
}

fn terraform_imported(request: &str) -> Result<(Imported, String), ImportError> {
    let req: Value = serde_json::from_str(request).map_err(|e| ImportError {
        path: String::new(),
        line: 0,
        column: 0,
        message: archlint_core_text(
            format!("the editor sent an invalid import request: {e}"),
            format!("编辑器发出的导入请求无效：{e}"),
        ),
    })?;
    let files = source_files(&req["files"]);
    let var_files = source_files(&req["var_files"]);
    let dir = match req["dir"].as_str() {
        Some(d) => norm(d),
        None => root_dir(&files).ok_or_else(|| ImportError {
            path: files.first().map(|f| f.path.clone()).unwrap_or_default(),
            line: 0,
            column: 0,
            message: archlint_core_text(
                "none of the files opened is a Terraform configuration file (.tf or .tf.json)"
                    .into(),
                "打开的文件中没有 Terraform 配置文件（.tf 或 .tf.json）".into(),
            ),
        })?,
    };
    let root: Vec<SourceFile> = files
        .iter()
        .filter(|f| parent(&f.path) == dir)
        .cloned()
        .collect();
    let label = tf_label(&dir, &root);
    let mut load = |d: &str| -> Result<Vec<SourceFile>, String> {
        let d = norm(d);
        let found: Vec<SourceFile> = files
            .iter()
            .filter(|f| parent(&f.path) == d && is_config(&f.path))
            .cloned()
            .collect();
        if found.is_empty() {
            Err("none of its .tf files was opened (drop the configuration's whole folder to include its local modules)".into())
        } else {
            Ok(found)
        }
    };
    let opts = Options {
        var_files,
        ..Options::default()
    };
    let im = archlint_import::import_terraform(&dir, root, &mut load, &opts)?;
    Ok((im, label))
}

fn archlint_core_text(en: String, zh: String) -> Text {
    Text { en, zh }
}

/// The files of a request's list; entries without a path or text are left out.
fn source_files(v: &Value) -> Vec<SourceFile> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| {
                    Some(SourceFile::new(
                        norm(f["path"].as_str()?),
                        f["text"].as_str()?.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A path as the importer joins directories: no leading `/` or `./`, no `.` or `..` segments
/// (`.` for the top directory).
fn norm(p: &str) -> String {
    join_dir(".", p.trim_start_matches('/'))
}

/// The directory of a (normalised) path; `.` for the top.
fn parent(p: &str) -> String {
    match p.rsplit_once('/') {
        Some((d, _)) if !d.is_empty() => d.to_string(),
        _ => ".".to_string(),
    }
}

fn is_config(p: &str) -> bool {
    let p = p.to_ascii_lowercase();
    p.ends_with(".tf") || p.ends_with(".tf.json")
}

fn depth(dir: &str) -> usize {
    if dir == "." {
        0
    } else {
        dir.split('/').count()
    }
}

/// The shallowest directory with a configuration file; the first by name among equals.
fn root_dir(files: &[SourceFile]) -> Option<String> {
    files
        .iter()
        .filter(|f| is_config(&f.path))
        .map(|f| parent(&f.path))
        .min_by(|a, b| depth(a).cmp(&depth(b)).then_with(|| a.cmp(b)))
}

/// Where a Terraform design came from: its folder, or the files when they were picked.
fn tf_label(dir: &str, root: &[SourceFile]) -> String {
    if dir != "." {
        return format!("{dir} (Terraform)");
    }
    let mut names: Vec<&str> = root
        .iter()
        .filter(|f| is_config(&f.path))
        .map(|f| f.path.as_str())
        .collect();
    names.sort_unstable();
    let shown = match names.len() {
        0 => "Terraform files".to_string(),
        1..=3 => names.join(", "),
        n => format!("{}, … ({n} files)", names[..2].join(", ")),
    };
    format!("{shown} (Terraform)")
}

/// Where a ROS design came from: the file, and the template's description when it has one
/// (the importer names the design after it).
fn ros_label(file: &str, im: &Imported) -> String {
    let name = serde_json::from_str::<Value>(&im.design)
        .ok()
        .and_then(|d| d["name"].as_str().map(str::to_string))
        .unwrap_or_default();
    if name.is_empty() || name == file {
        format!("{file} (ROS)")
    } else {
        format!("{name} ({file}, ROS)")
    }
}

fn respond(r: Result<(Imported, String), ImportError>) -> String {
    let v = match r {
        Ok((im, label)) => {
            let design = match serde_json::from_str::<Value>(&im.design) {
                Ok(Value::Object(mut m)) => {
                    rename(&mut m, label);
                    serde_json::to_string_pretty(&Value::Object(m)).unwrap_or(im.design)
                }
                _ => im.design,
            };
            json!({"ok": {
                "design": design,
                "files": im.files.len(),
                "skipped": im.skipped.len(),
                "unresolved": im.unresolved.len(),
            }})
        }
        Err(e) => json!({"error": {
            "path": e.path,
            "line": e.line,
            "column": e.column,
            "en": e.message.en,
            "zh": e.message.zh,
        }}),
    };
    v.to_string()
}

/// Sets the design's `name`, keeping its place among the fields.
fn rename(m: &mut Map<String, Value>, label: String) {
    if let Some(n) = m.get_mut("name") {
        *n = Value::String(label);
    } else {
        m.insert("name".into(), Value::String(label));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIN: &str = r#"provider "alicloud" {
  region = "cn-hangzhou"
}

resource "alicloud_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "alicloud_vswitch" "web" {
  vpc_id     = alicloud_vpc.main.id
  cidr_block = "10.0.1.0/24"
  zone_id    = "cn-hangzhou-h"
}

resource "alicloud_instance" "web" {
  instance_type     = "ecs.g6.large"
  availability_zone = "cn-hangzhou-h"
  vswitch_id        = alicloud_vswitch.web.id
  security_groups   = [alicloud_security_group.web.id]
}
"#;
    const SG: &str = r#"resource "alicloud_security_group" "web" {
  vpc_id = alicloud_vpc.main.id
}

resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  cidr_ip           = "0.0.0.0/0"
  security_group_id = alicloud_security_group.web.id
}
"#;

    fn req(files: &[(&str, &str)]) -> String {
        let files: Vec<Value> = files
            .iter()
            .map(|(p, t)| json!({"path": p, "text": t}))
            .collect();
        json!({ "files": files }).to_string()
    }

    fn ok(out: &str) -> Value {
        let v: Value = serde_json::from_str(out).unwrap();
        assert!(v.get("ok").is_some(), "{out}");
        serde_json::from_str(v["ok"]["design"].as_str().unwrap()).unwrap()
    }

    fn err(out: &str) -> Value {
        let v: Value = serde_json::from_str(out).unwrap();
        assert!(v.get("error").is_some(), "{out}");
        v["error"].clone()
    }

    fn node_ids(d: &Value) -> Vec<&str> {
        d["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn picked_files_form_one_configuration() {
        let d = ok(&terraform(&req(&[("security.tf", SG), ("main.tf", MAIN)])));
        assert_eq!(node_ids(&d), ["alicloud_instance.web"]);
        assert_eq!(d["name"], "main.tf, security.tf (Terraform)");
        assert_eq!(d["security_groups"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn a_dropped_folder_is_named_after_it_and_serves_its_local_modules() {
        let caller = format!(
            "{MAIN}\nmodule \"app\" {{\n  source = \"./modules/app\"\n  vswitch = alicloud_vswitch.web.id\n}}\n"
        );
        let module = r#"variable "vswitch" {}
resource "alicloud_instance" "app" {
  instance_type = "ecs.g6.large"
  vswitch_id    = var.vswitch
}
"#;
        let d = ok(&terraform(&req(&[
            ("/infra/main.tf", &caller),
            ("/infra/security.tf", SG),
            ("/infra/modules/app/main.tf", module),
        ])));
        let ids = node_ids(&d);
        assert!(ids.contains(&"module.app.alicloud_instance.app"), "{ids:?}");
        assert_eq!(d["name"], "infra (Terraform)");
        // Without the module's files: an error at the module's source.
        let e = err(&terraform(&req(&[("infra/main.tf", &caller)])));
        assert_eq!(e["path"], "infra/main.tf");
        assert!(e["line"].as_u64().unwrap() > 20, "{e}");
        assert!(e["en"].as_str().unwrap().contains("./modules/app"), "{e}");
    }

    #[test]
    fn a_syntax_error_has_file_line_and_column_in_both_languages() {
        let e = err(&terraform(&req(&[
            (
                "main.tf",
                "resource \"alicloud_vpc\" \"v\" {\n  cidr_block = \n}\n",
            ),
            ("security.tf", SG),
        ])));
        assert_eq!(e["path"], "main.tf");
        assert!(e["line"].as_u64().unwrap() >= 2, "{e}");
        assert!(e["column"].as_u64().unwrap() >= 1, "{e}");
        assert!(!e["en"].as_str().unwrap().is_empty());
        assert!(!e["zh"].as_str().unwrap().is_empty());
    }

    #[test]
    fn no_configuration_file_is_an_error() {
        let e = err(&terraform(&req(&[("prod.tfvars", "x = 1\n")])));
        assert_eq!(e["path"], "prod.tfvars");
        assert_eq!(e["line"], 0);
        let e = err(&terraform("{"));
        assert_eq!(e["path"], "");
    }

    #[test]
    fn the_shallowest_directory_is_the_configuration() {
        let files = [
            SourceFile::new("b/x/main.tf", ""),
            SourceFile::new("b/main.tf", ""),
            SourceFile::new("a/main.tf", ""),
            SourceFile::new("terraform.tfvars", ""),
        ];
        assert_eq!(root_dir(&files).as_deref(), Some("a"));
        assert_eq!(norm("/infra/./main.tf"), "infra/main.tf");
        assert_eq!(parent("main.tf"), ".");
        assert_eq!(parent("infra/modules/app/main.tf"), "infra/modules/app");
    }

    #[test]
    fn var_files_named_by_the_user_apply() {
        let main = format!(
            "variable \"zone\" {{\n  default = \"cn-hangzhou-h\"\n}}\n{}",
            MAIN.replace("zone_id    = \"cn-hangzhou-h\"", "zone_id    = var.zone")
        );
        let files = vec![
            json!({"path": "main.tf", "text": main}),
            json!({"path": "security.tf", "text": SG}),
        ];
        let r = json!({"files": files, "var_files": [{"path": "prod.tfvars", "text": "zone = \"cn-hangzhou-i\"\n"}]});
        let d = ok(&terraform(&r.to_string()));
        assert_eq!(d["vpcs"][0]["vswitches"][0]["zone"], "cn-hangzhou-i", "{d}");
    }

    #[test]
    fn a_ros_template_imports_alone_and_says_where_it_came_from() {
        let yaml = "ROSTemplateFormatVersion: '2015-09-01'\nDescription: Web tier\nResources:\n  Web:\n    Type: ALIYUN::ECS::Instance\n    Properties:\n      ZoneId: cn-hangzhou-h\n      InstanceType: ecs.g6.large\n";
        let d = ok(&ros("stack.yaml", yaml));
        assert_eq!(d["name"], "Web tier (stack.yaml, ROS)");
        assert_eq!(node_ids(&d).len(), 1, "{d}");
        let e = err(&ros("stack.yaml", "Resources: [\n"));
        assert_eq!(e["path"], "stack.yaml");
        assert!(e["line"].as_u64().unwrap() >= 1, "{e}");
    }
}
