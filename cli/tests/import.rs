//! Terraform directories and ROS templates through the CLI: `check`, `render` and `import`
//! read them, findings point into the user's `.tf` / `.yaml` / overlay files in every output
//! format, variables change the result, modules and walking, bad input exits 2 with a
//! position. The fixtures are under `tests/fixtures/import/`; every run happens in that
//! directory so that file names in the output are the short relative ones.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use serde_json::Value;

/// The fixtures directory.
fn fx() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// Runs `archlint` in the fixtures directory.
fn at_fx(args: &[&str]) -> Output {
    run_in(Some(&fx()), args, None, &[])
}

/// The text of a fixture file.
fn fixture(rel: &str) -> String {
    let p = fx().join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `check --format json ARGS` in the fixtures directory: exit status and document.
fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = at_fx(&all);
    let text = stdout(&out);
    let doc = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\nstderr: {}", stderr(&out)));
    (code(&out), doc)
}

/// One finding of a JSON document, flattened.
#[derive(Debug, Clone, PartialEq)]
struct F {
    file: String,
    rule: String,
    target: Option<String>,
    line: u64,
    column: u64,
    message: String,
}

fn findings(doc: &Value) -> Vec<F> {
    let mut out = Vec::new();
    for file in doc["files"].as_array().expect("files") {
        let name = file["file"].as_str().unwrap().to_string();
        for f in file["findings"].as_array().expect("findings") {
            out.push(F {
                file: name.clone(),
                rule: f["rule"].as_str().unwrap().to_string(),
                target: f["target"].as_str().map(str::to_string),
                line: f["line"].as_u64().unwrap(),
                column: f["column"].as_u64().unwrap(),
                message: f["message"].as_str().unwrap().to_string(),
            });
        }
    }
    out
}

/// The findings of `rule`.
fn of<'a>(all: &'a [F], rule: &str) -> Vec<&'a F> {
    all.iter().filter(|f| f.rule == rule).collect()
}

/// The one finding of `rule`.
fn one<'a>(all: &'a [F], rule: &str) -> &'a F {
    let v = of(all, rule);
    assert_eq!(v.len(), 1, "one {rule} expected: {all:#?}");
    v[0]
}

/// The names of the files a JSON document reports.
fn file_names(doc: &Value) -> Vec<String> {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

/// Line `n` (1-based) of `text`.
fn line_of(text: &str, n: u64) -> &str {
    text.lines().nth(n as usize - 1).unwrap_or("")
}

/// The `line:column` of a `NAME:LINE:COLUMN: error:` message on stderr about `name`.
fn error_position(err: &str, name: &str) -> (u32, u32) {
    assert!(
        has_positioned_error(err, name),
        "{name}:L:C: error: …\n{err}"
    );
    let l = err
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
        .unwrap();
    let mut parts = l.splitn(3, ':');
    let line = parts.next().unwrap().parse().unwrap();
    let col = parts.next().unwrap().parse().unwrap();
    (line, col)
}

/// How many ECS nodes `archlint import ARGS` writes.
fn imported_ecs(args: &[&str]) -> usize {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let out = at_fx(&all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    doc["nodes"]
        .as_array()
        .map_or(0, |n| n.iter().filter(|n| n["kind"] == "ecs").count())
}

// ----------------------------------------------------------------------------------------
// One Terraform directory, every output format
// ----------------------------------------------------------------------------------------

/// `one_zone/main.tf`: the security group rule is the block at 21:1, the instance the block
/// at 29:1.
const RULE_AT: (u64, u64) = (21, 1);
const ECS_AT: (u64, u64) = (29, 1);

#[test]
fn terraform_dir_findings_point_into_main_tf() {
    let (status, doc) = check_json(&["one_zone"]);
    assert_eq!(status, 1, "SG001 is an error");
    assert_eq!(file_names(&doc), ["one_zone/main.tf"]);
    let all = findings(&doc);
    let main = fixture("one_zone/main.tf");

    let sg = one(&all, "SG001");
    assert_eq!((sg.line, sg.column), RULE_AT, "{sg:?}");
    assert_eq!(sg.file, "one_zone/main.tf");
    assert_eq!(sg.target.as_deref(), Some("alicloud_security_group.web"));
    assert!(sg.message.contains("0.0.0.0/0"), "{}", sg.message);
    assert!(line_of(&main, sg.line).starts_with(r#"resource "alicloud_security_group_rule" "ssh""#));

    let ha = one(&all, "HA001");
    assert_eq!((ha.line, ha.column), ECS_AT, "{ha:?}");
    assert_eq!(ha.target.as_deref(), Some("alicloud_instance.web"));
    assert!(line_of(&main, ha.line).starts_with(r#"resource "alicloud_instance" "web""#));

    // Sorted by line, then column, then code (cli.md).
    let keys: Vec<(u64, u64, &str)> = all
        .iter()
        .map(|f| (f.line, f.column, f.rule.as_str()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// (ruleId, uri, startLine, startColumn) of every result.
fn sarif_results(log: &Value) -> Vec<(String, String, u64, u64)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let pl = &r["locations"][0]["physicalLocation"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                pl["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                pl["region"]["startLine"].as_u64().unwrap(),
                pl["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn terraform_dir_in_sarif() {
    let out = at_fx(&["check", "--format", "sarif", "one_zone"]);
    assert_eq!(code(&out), 1);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (schemas, idx) = sarif_schema();
    if let Err(e) = schemas.validate(&log, idx) {
        panic!("not valid SARIF 2.1.0: {e:#}");
    }
    let results = sarif_results(&log);
    let find = |rule: &str| {
        results
            .iter()
            .find(|r| r.0 == rule)
            .unwrap_or_else(|| panic!("no {rule}: {results:?}"))
    };
    let sg = find("SG001");
    assert!(sg.1.ends_with("main.tf"), "{sg:?}");
    assert_eq!(sg.1, "one_zone/main.tf");
    assert_eq!((sg.2, sg.3), RULE_AT);
    let ha = find("HA001");
    assert_eq!(ha.1, "one_zone/main.tf");
    assert_eq!((ha.2, ha.3), ECS_AT);
    let level = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "SG001")
        .unwrap()["level"]
        .clone();
    assert_eq!(level, "error");
    // The artifact is the .tf file, relative to %SRCROOT% (the working directory).
    let artifacts = log["runs"][0]["artifacts"].as_array().unwrap();
    assert!(
        artifacts
            .iter()
            .any(|a| a["location"]["uri"] == "one_zone/main.tf"),
        "{artifacts:?}"
    );
}

#[test]
fn terraform_dir_in_github_format() {
    let out = at_fx(&["check", "--format", "github", "one_zone"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let (l, c) = RULE_AT;
    assert!(
        text.lines().any(|x| x.starts_with(&format!(
            "::error file=one_zone/main.tf,line={l},col={c},title=SG001 "
        ))),
        "{text}"
    );
    let (l, c) = ECS_AT;
    assert!(
        text.lines().any(|x| x.starts_with(&format!(
            "::warning file=one_zone/main.tf,line={l},col={c},title=HA001 "
        ))),
        "{text}"
    );
}

#[test]
fn terraform_dir_in_text_format() {
    let out = at_fx(&["check", "one_zone"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let block = |code: &str| -> String {
        let start = text
            .find(&format!("[{code}]"))
            .unwrap_or_else(|| panic!("no {code}: {text}"));
        let end = text[start..].find("\n\n").map_or(text.len(), |e| start + e);
        text[start..end].to_string()
    };
    let sg = block("SG001");
    assert!(sg.contains("one_zone/main.tf:21:1"), "{sg}");
    assert!(
        sg.contains(r#"21 │ resource "alicloud_security_group_rule" "ssh" {"#),
        "{sg}"
    );
    assert!(sg.contains("^^^"), "{sg}");
    let ha = block("HA001");
    assert!(ha.contains("one_zone/main.tf:29:1"), "{ha}");
    assert!(
        ha.contains(r#"29 │ resource "alicloud_instance" "web" {"#),
        "{ha}"
    );
    assert!(text.contains("in 1 file\n"), "{text}");
    assert_eq!(stderr(&out), "");
}

// ----------------------------------------------------------------------------------------
// Several files, variables, modules
// ----------------------------------------------------------------------------------------

#[test]
fn findings_in_other_files_point_into_them() {
    let (status, doc) = check_json(&["two_files"]);
    assert_eq!(status, 1);
    let all = findings(&doc);
    // The rule is in security.tf, its source 0.0.0.0/0 the default of a variable in
    // variables.tf, the region too.
    let sg = one(&all, "SG001");
    assert_eq!(
        (sg.file.as_str(), sg.line, sg.column),
        ("two_files/security.tf", 7, 1)
    );
    assert!(sg.message.contains("3389"), "{}", sg.message);
    let ha = one(&all, "HA001");
    assert_eq!(
        (ha.file.as_str(), ha.line, ha.column),
        ("two_files/compute.tf", 1, 1)
    );
    // Nothing about the instance or the rule lands in main.tf or variables.tf.
    assert!(
        all.iter().all(|f| f.file != "two_files/variables.tf"),
        "{all:#?}"
    );
    assert!(
        all.iter().all(|f| f.file != "two_files/main.tf"
            || !matches!(f.rule.as_str(), "SG001" | "HA001" | "BH003")),
        "{all:#?}"
    );

    // The text output shows the line of the file the finding is in.
    let out = at_fx(&["check", "two_files"]);
    let text = stdout(&out);
    assert!(text.contains("two_files/security.tf:7:1"), "{text}");
    assert!(
        text.contains(r#"7 │ resource "alicloud_security_group_rule" "rdp" {"#),
        "{text}"
    );

    // The .tf files of one directory named on the command line are one configuration.
    let named = [
        "two_files/compute.tf",
        "two_files/main.tf",
        "two_files/security.tf",
        "two_files/variables.tf",
    ];
    let (status2, doc2) = check_json(&named);
    assert_eq!(status2, status);
    assert_eq!(findings(&doc2), all);
    // Without variables.tf, `var.region` is not declared: the configuration fails, at the
    // reference in main.tf.
    let out = at_fx(&["check", "two_files/main.tf", "two_files/security.tf"]);
    assert_eq!(code(&out), 2);
    assert_eq!(error_position(&stderr(&out), "two_files/main.tf"), (2, 12));
}

#[test]
fn variables_in_terraform_precedence() {
    // vars/: web_count defaults to 1; terraform.tfvars says 2, a.auto.tfvars 5,
    // b.auto.tfvars 3 (read after a.auto.tfvars), extra.tfvars 4, later.tfvars 7.
    let main = fixture("vars/main.tf");
    let only_main = files(&[("main.tf", main.as_bytes())]);
    let dir = only_main.path().to_string_lossy().into_owned();
    let out = run(&["import", &dir]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["nodes"].as_array().unwrap().len(), 1, "the default");

    let with_tfvars = files(&[
        ("main.tf", main.as_bytes()),
        ("terraform.tfvars", b"web_count = 2\n"),
    ]);
    let out = run(&["import", &with_tfvars.path().to_string_lossy()]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["nodes"].as_array().unwrap().len(),
        2,
        "terraform.tfvars"
    );

    // *.auto.tfvars over terraform.tfvars, in name order.
    assert_eq!(imported_ecs(&["vars"]), 3);
    // --var-file over the auto-loaded files; later --var-file over earlier.
    assert_eq!(
        imported_ecs(&["vars", "--var-file", "vars/extra.tfvars"]),
        4
    );
    assert_eq!(
        imported_ecs(&[
            "vars",
            "--var-file",
            "vars/extra.tfvars",
            "--var-file",
            "vars/later.tfvars"
        ]),
        7
    );
    assert_eq!(
        imported_ecs(&[
            "vars",
            "--var-file",
            "vars/later.tfvars",
            "--var-file",
            "vars/extra.tfvars"
        ]),
        4
    );
    // --var over everything; the last --var of a name wins.
    assert_eq!(
        imported_ecs(&[
            "vars",
            "--var-file",
            "vars/extra.tfvars",
            "--var",
            "web_count=6"
        ]),
        6
    );
    assert_eq!(
        imported_ecs(&["vars", "--var", "web_count=6", "--var", "web_count=2"]),
        2
    );

    // The variables change the findings: one instance is a single point of failure …
    let (_, doc) = check_json(&["vars", "--var", "web_count=1"]);
    let all = findings(&doc);
    let ha = one(&all, "HA001");
    assert_eq!((ha.file.as_str(), ha.line), ("vars/main.tf", 26));
    // … two in two zones are not …
    let (_, doc) = check_json(&["vars", "--var", "web_count=2"]);
    let all = findings(&doc);
    assert!(of(&all, "HA001").is_empty(), "{all:#?}");
    assert!(of(&all, "ZN001").is_empty(), "{all:#?}");
    // … and a list-valued --var puts both in one zone.
    let (_, doc) = check_json(&[
        "vars",
        "--var",
        "web_count=2",
        "--var",
        r#"zones=["cn-hangzhou-h", "cn-hangzhou-h"]"#,
    ]);
    let all = findings(&doc);
    let zn = one(&all, "ZN001");
    assert!(zn.message.contains("cn-hangzhou-h"), "{}", zn.message);
    assert_eq!(zn.file, "vars/main.tf");

    // A --var that is not NAME=VALUE is a usage error.
    let out = at_fx(&["check", "vars", "--var", "web_count"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("NAME=VALUE"), "{}", stderr(&out));
    // A --var-file that cannot be read too.
    let out = at_fx(&["check", "vars", "--var-file", "vars/missing.tfvars"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("vars/missing.tfvars"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn count_for_each_and_local_modules() {
    let out = at_fx(&["import", "modules"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids = |key: &str| -> Vec<String> {
        doc[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    let nodes = ids("nodes");
    for id in [
        "alicloud_instance.web[0]",
        "alicloud_instance.web[1]",
        "module.app.alicloud_instance.app",
    ] {
        assert!(nodes.iter().any(|n| n == id), "{id} in {nodes:?}");
    }
    assert_eq!(nodes.len(), 3, "{nodes:?}");
    assert!(ids("security_groups")
        .iter()
        .any(|g| g == "module.app.alicloud_security_group.app"));
    let vswitches: Vec<(String, String)> = doc["vpcs"][0]["vswitches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["zone"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        vswitches,
        [
            (
                r#"alicloud_vswitch.zone["b"]"#.to_string(),
                "cn-hangzhou-b".to_string()
            ),
            (
                r#"alicloud_vswitch.zone["h"]"#.to_string(),
                "cn-hangzhou-h".to_string()
            ),
        ]
    );
    // The module's instance sits in the vSwitch its caller passed.
    let app = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "module.app.alicloud_instance.app")
        .unwrap();
    assert_eq!(app["vswitch"], r#"alicloud_vswitch.zone["h"]"#);

    let (status, doc) = check_json(&["modules"]);
    assert_eq!(status, 1);
    let all = findings(&doc);
    let module_file = "modules/modules/app/main.tf";
    let sg = one(&all, "SG001");
    assert_eq!((sg.file.as_str(), sg.line, sg.column), (module_file, 13, 1));
    assert_eq!(
        sg.target.as_deref(),
        Some("module.app.alicloud_security_group.app")
    );
    let ha = one(&all, "HA001");
    assert_eq!((ha.file.as_str(), ha.line, ha.column), (module_file, 21, 1));
    assert_eq!(
        ha.target.as_deref(),
        Some("module.app.alicloud_instance.app")
    );
    // The root's two instances in two zones are no single point of failure.
    assert!(all
        .iter()
        .all(|f| !f.message.contains("`alicloud_instance.web`")));

    // The text output shows the module's line.
    let out = at_fx(&["check", "modules"]);
    let text = stdout(&out);
    assert!(text.contains("modules/modules/app/main.tf:13:1"), "{text}");
    assert!(
        text.contains(r#"13 │ resource "alicloud_security_group_rule" "ssh" {"#),
        "{text}"
    );
}

#[test]
fn unknown_zone_is_a_placeholder_and_invents_nothing() {
    let (status, doc) = check_json(&["unknown_zone"]);
    assert_eq!(status, 0, "{doc:#}");
    let all = findings(&doc);
    for rule in ["ZN001", "ZN002", "ZN004", "HA001", "DF004", "DF001"] {
        assert!(of(&all, rule).is_empty(), "{rule}: {all:#?}");
    }
    // The unresolved values are reported once for the file (info), at the first of them.
    let df = one(&all, "DF008");
    assert_eq!(
        (df.file.as_str(), df.line, df.column),
        ("unknown_zone/main.tf", 17, 16)
    );
    assert!(df.message.contains("var.zones[0]") && df.message.contains("var.zones[1]"));

    // Two placeholder zones, one per value.
    let out = at_fx(&["import", "unknown_zone"]);
    let design: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let zones: Vec<&str> = design["regions"][0]["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["id"].as_str().unwrap())
        .filter(|z| z.contains("var.zones"))
        .collect();
    assert_eq!(zones.len(), 2, "{zones:?}");
    let vsw: Vec<&str> = design["vpcs"][0]["vswitches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["zone"].as_str().unwrap())
        .collect();
    assert_eq!(vsw.len(), 2);
    assert_ne!(vsw[0], vsw[1]);

    // Quiet without --verbose; with it, what could not be resolved, with positions.
    let out = at_fx(&["check", "unknown_zone"]);
    assert_eq!(stderr(&out), "");
    let out = at_fx(&["check", "--verbose", "--format", "json", "unknown_zone"]);
    let err = stderr(&out);
    assert!(
        err.contains("unknown_zone/main.tf:17:16: unresolved `zone_id` ← var.zones[0]"),
        "{err}"
    );
    assert!(
        err.contains("unknown_zone/main.tf:23:16: unresolved `zone_id` ← var.zones[1]"),
        "{err}"
    );
    assert!(
        err.contains("2 value(s) cannot be known before deploy"),
        "{err}"
    );
    // Standard output is still the one JSON document.
    let _: Value = serde_json::from_str(&stdout(&out)).unwrap();

    // Given the same zone twice, the module is in one zone: the test can tell.
    let (_, doc) = check_json(&[
        "unknown_zone",
        "--var",
        r#"zones=["cn-hangzhou-h","cn-hangzhou-h"]"#,
    ]);
    let all = findings(&doc);
    let zn = one(&all, "ZN001");
    assert!(zn.message.contains("module `web`"), "{}", zn.message);
    assert!(of(&all, "DF008").is_empty());
}

/// A `count` from a variable without a default is not known before deploy: it must not turn
/// into one instance and a "single point of failure".
#[test]
fn unknown_count_invents_no_single_instance() {
    let d = files(&[(
        "main.tf",
        br#"variable "n" {
  type = number
}

resource "alicloud_instance" "web" {
  count         = var.n
  instance_type = "ecs.g6.large"
}
"#,
    )]);
    let dir = d.path().to_string_lossy().into_owned();
    let out = run(&["check", "--format", "json", "--verbose", &dir]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let all = findings(&doc);
    assert!(of(&all, "HA001").is_empty(), "{all:#?}");
    assert!(
        stderr(&out).contains("var.n"),
        "the unknown count is listed: {}",
        stderr(&out)
    );
}

// ----------------------------------------------------------------------------------------
// ROS templates and design files
// ----------------------------------------------------------------------------------------

#[test]
fn ros_yaml_and_json_templates_are_recognised() {
    // YAML with !Ref, !GetAtt and Fn::GetAtt: the rule and the instance are found, their
    // positions those of the template.
    let (status, doc) = check_json(&["ros/stack.yaml"]);
    assert_eq!(status, 1);
    assert_eq!(file_names(&doc), ["ros/stack.yaml"]);
    let all = findings(&doc);
    let yaml = fixture("ros/stack.yaml");
    let sg = one(&all, "SG001");
    assert_eq!((sg.line, sg.column), (24, 11));
    assert!(line_of(&yaml, sg.line).contains("- IpProtocol: tcp"));
    assert_eq!(sg.target.as_deref(), Some("WebSg"));
    let ha = one(&all, "HA001");
    assert_eq!((ha.line, ha.column), (27, 3));
    assert_eq!(line_of(&yaml, ha.line), "  Web:");
    // !Ref Vsw placed the instance in the vSwitch, whose zone is the parameter's default.
    let out = at_fx(&["import", "ros/stack.yaml"]);
    let design: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(design["nodes"][0]["vswitch"], "Vsw");
    assert_eq!(design["vpcs"][0]["vswitches"][0]["zone"], "cn-hangzhou-h");
    assert_eq!(
        design["security_groups"][0]["rules"][0]["from"],
        "0.0.0.0/0"
    );

    // JSON: recognised from its content, not taken for a design.
    let (status, doc) = check_json(&["ros/stack.json"]);
    assert_eq!(status, 1);
    let all = findings(&doc);
    let sg = one(&all, "SG001");
    assert_eq!(
        (sg.file.as_str(), sg.line, sg.column),
        ("ros/stack.json", 21, 11)
    );
    assert!(sg.message.contains("3389"), "{}", sg.message);
    assert_eq!(
        (one(&all, "HA001").line, one(&all, "HA001").column),
        (25, 5)
    );

    // Whatever the name: a template under another extension, and on standard input.
    let d = files(&[
        ("stack.template", yaml.as_bytes()),
        ("stack.txt", fixture("ros/stack.json").as_bytes()),
    ]);
    for name in ["stack.template", "stack.txt"] {
        let out = run(&["check", "--format", "json", &path(&d, name)]);
        assert_eq!(code(&out), 1, "{name}: {}", stderr(&out));
        let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(of(&findings(&doc), "SG001").len(), 1, "{name}");
    }
    let out = run_stdin(&["check", "--format", "json", "-"], yaml.as_bytes());
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let sg = findings(&doc)
        .into_iter()
        .find(|f| f.rule == "SG001")
        .unwrap();
    assert_eq!((sg.file.as_str(), sg.line, sg.column), ("<stdin>", 24, 11));
}

#[test]
fn from_forces_the_format() {
    // Without ROSTemplateFormatVersion the JSON is taken for a design, and refused.
    let out = at_fx(&["check", "ros/unversioned.json"]);
    assert_eq!(code(&out), 2);
    assert!(has_positioned_error(&stderr(&out), "ros/unversioned.json"));
    // --from ros reads it as a template.
    let (status, doc) = check_json(&["--from", "ros", "ros/unversioned.json"]);
    assert_eq!(status, 1);
    let all = findings(&doc);
    assert_eq!(one(&all, "SG001").file, "ros/unversioned.json");
    // --from design reads a template as a design (and refuses it).
    let out = at_fx(&["check", "--from", "design", "ros/stack.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("archlint"), "{}", stderr(&out));
    // --from terraform reads standard input as HCL.
    let out = run_stdin(
        &["check", "--format", "json", "--from", "terraform", "-"],
        fixture("one_zone/main.tf").as_bytes(),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let sg = findings(&doc)
        .into_iter()
        .find(|f| f.rule == "SG001")
        .unwrap();
    assert_eq!((sg.line, sg.column), RULE_AT);
    // … and a --stdin-filename that names a .tf file is kept as it is.
    let out = run_stdin(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "main.tf",
            "-",
        ],
        fixture("one_zone/main.tf").as_bytes(),
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(file_names(&doc), ["main.tf"]);
}

#[test]
fn a_json_design_still_works() {
    let d = files(&[("warn.json", WARN.as_bytes())]);
    let p = path(&d, "warn.json");
    let out = run(&["check", "--format", "json", &p]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let all = findings(&doc);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(
        (all[0].rule.as_str(), all[0].line, all[0].column),
        ("HA001", 4, 14)
    );
    assert_eq!(all[0].file, p);
    // Beside a Terraform directory, in order.
    let out = run(&[
        "check",
        "--format",
        "json",
        &p,
        &fx().join("one_zone").to_string_lossy(),
    ]);
    assert_eq!(code(&out), 1);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names = file_names(&doc);
    assert_eq!(names.len(), 2);
    assert_eq!(names[0], p);
    assert!(names[1].ends_with("one_zone/main.tf"), "{names:?}");
    // `import` refuses a design.
    let out = run(&["import", &p]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("already a design"),
        "{}",
        stderr(&out)
    );
}

// ----------------------------------------------------------------------------------------
// Bad input
// ----------------------------------------------------------------------------------------

/// `check ARG` fails with exit 2 and `FILE:LINE:COLUMN: error: …` on stderr.
fn fails_at(arg: &str, file: &str) -> ((u32, u32), String) {
    let out = at_fx(&["check", arg]);
    assert_eq!(code(&out), 2, "{arg}: {}", stdout(&out));
    let err = stderr(&out);
    assert!(
        stdout(&out).contains("1 file could not be checked"),
        "{}",
        stdout(&out)
    );
    (error_position(&err, file), err)
}

#[test]
fn invalid_hcl_exits_2_with_a_position() {
    let ((line, _), err) = fails_at("bad/hcl", "bad/hcl/main.tf");
    assert_eq!(line, 8, "the unterminated string is on line 8: {err}");
    assert!(err.contains("HCL"), "{err}");
}

#[test]
fn invalid_yaml_and_json_templates_exit_2_with_a_position() {
    let ((line, _), err) = fails_at("bad/yaml/stack.yaml", "bad/yaml/stack.yaml");
    assert!((6..=7).contains(&line), "the open bracket of line 6: {err}");
    assert!(err.contains("YAML"), "{err}");
    let ((line, _), err) = fails_at("bad/json/stack.json", "bad/json/stack.json");
    assert_eq!(
        line, 7,
        "the trailing comma ends at the brace of line 7: {err}"
    );
    assert!(err.contains("JSON"), "{err}");
}

#[test]
fn huge_count_exits_2_with_a_position() {
    let (at, err) = fails_at("bad/count", "bad/count/main.tf");
    assert_eq!(at, (2, 19), "the count's value: {err}");
    assert!(err.contains("1000000000"), "{err}");
}

#[test]
fn cyclic_local_exits_2_with_a_position() {
    let (at, err) = fails_at("bad/cycle", "bad/cycle/main.tf");
    assert_eq!(at.0, 2, "{err}");
    assert!(err.contains("cycle"), "{err}");
}

#[test]
fn undeclared_variable_exits_2_with_a_position() {
    let (at, err) = fails_at("bad/undeclared", "bad/undeclared/main.tf");
    assert_eq!(at, (8, 16), "{err}");
    assert!(err.contains("var.x"), "{err}");
}

#[test]
fn modules_that_call_each_other_exit_2() {
    // Walked, as in CI: the error is reported, not swallowed because the directory is also
    // a module.
    let (at, err) = fails_at("bad/self", "bad/self/main.tf");
    assert_eq!(at, (2, 12), "{err}");
    let out = at_fx(&["check", "bad/loop"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(has_positioned_error(&err, "bad/loop/x/main.tf"), "{err}");
    assert!(has_positioned_error(&err, "bad/loop/y/main.tf"), "{err}");
    // A module source that does not exist: at the `source`.
    let (at, err) = fails_at("bad/nomodule", "bad/nomodule/main.tf");
    assert_eq!(at, (2, 12), "{err}");
}

#[test]
fn a_directory_with_nothing_to_read_exits_2() {
    let empty = files(&[("notes.txt", b"nothing here")]);
    let dir = empty.path().to_string_lossy().into_owned();
    for args in [
        &["check", &dir][..],
        &["check", "--from", "terraform", &dir],
        &["import", &dir],
        &["render", &dir],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stdout(&out));
        assert!(stderr(&out).contains("directory"), "{}", stderr(&out));
    }
    // A directory of configurations is not one configuration to render or import.
    for cmd in ["render", "import"] {
        let out = at_fx(&[cmd, "walk"]);
        assert_eq!(code(&out), 2, "{cmd}");
    }
}

// ----------------------------------------------------------------------------------------
// Import, determinism
// ----------------------------------------------------------------------------------------

#[test]
fn import_writes_a_design_that_check_loads() {
    let d = tempfile::tempdir().unwrap();
    let a = d.path().join("a.json");
    let b = d.path().join("b.json");
    for out in [&a, &b] {
        let o = at_fx(&["import", "one_zone", "-o", &out.to_string_lossy()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
    }
    let first = std::fs::read(&a).unwrap();
    assert_eq!(first, std::fs::read(&b).unwrap(), "two imports, same bytes");
    // The same bytes on standard output.
    assert_eq!(
        stdout(&at_fx(&["import", "one_zone"])).as_bytes(),
        &first[..]
    );

    let p = a.to_string_lossy().into_owned();
    let out = run(&["check", "--format", "json", &p]);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    assert_eq!(code(&out), 1, "SG001 is still there");
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let all = findings(&doc);
    let sg = one(&all, "SG001");
    assert_eq!(sg.file, p);
    assert_eq!(sg.target.as_deref(), Some("alicloud_security_group.web"));
    assert!(of(&all, "DF005").is_empty() && of(&all, "DF006").is_empty());
    // The design renders.
    let out = run(&["render", &p]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("<svg"));

    // Every fixture configuration imports to a design check loads.
    for src in [
        "two_files",
        "vars",
        "modules",
        "unknown_zone",
        "ros/stack.yaml",
    ] {
        let o = at_fx(&["import", src, "-o", &p]);
        assert_eq!(code(&o), 0, "{src}: {}", stderr(&o));
        let out = run(&["check", &p]);
        assert!(matches!(code(&out), 0 | 1), "{src}: {}", stderr(&out));
    }
}

#[test]
fn check_output_is_byte_identical_across_runs() {
    for format in ["json", "sarif", "text", "github"] {
        let args = ["check", "--format", format, "walk", "one_zone", "modules"];
        let a = at_fx(&args);
        let b = at_fx(&args);
        assert_eq!(code(&a), 1);
        assert!(!a.stdout.is_empty());
        assert_eq!(a.stdout, b.stdout, "{format}");
        assert_eq!(a.stderr, b.stderr, "{format}");
    }
}

#[test]
fn render_takes_a_terraform_directory() {
    let out = at_fx(&["render", "one_zone"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let svg = stdout(&out);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("SG001"), "the findings are drawn");
    let out = at_fx(&["render", "--no-findings", "ros/stack.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).contains("SG001"));
    let out = at_fx(&["render", "bad/hcl"]);
    assert_eq!(code(&out), 2);
    assert!(has_positioned_error(&stderr(&out), "bad/hcl/main.tf"));
}

// ----------------------------------------------------------------------------------------
// Overlay
// ----------------------------------------------------------------------------------------

#[test]
fn overlay_adds_by_id_and_its_findings_point_into_it() {
    let ov = "overlay/overlay.json";
    let out = at_fx(&["import", "one_zone", "--overlay", ov]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let design: Value = serde_json::from_str(&stdout(&out)).unwrap();
    // Merged into the imported objects by id, nothing duplicated.
    assert_eq!(design["vpcs"].as_array().unwrap().len(), 1);
    let vsw = &design["vpcs"][0]["vswitches"];
    assert_eq!(vsw.as_array().unwrap().len(), 1);
    assert_eq!(vsw[0]["tier"], "dmz");
    assert_eq!(vsw[0]["zone"], "cn-hangzhou-h", "imported fields stay");
    assert_eq!(design["nodes"].as_array().unwrap().len(), 1);
    assert_eq!(design["nodes"][0]["module"], "storefront");
    assert_eq!(design["nodes"][0]["vswitch"], "alicloud_vswitch.web");
    assert_eq!(design["links"][0]["to"], "alicloud_instance.web");

    let (_, plain) = check_json(&["one_zone"]);
    let plain = findings(&plain);
    assert!(of(&plain, "NS004").is_empty());
    let (status, doc) = check_json(&["one_zone", "--overlay", ov]);
    assert_eq!(status, 1);
    assert_eq!(file_names(&doc), ["one_zone/main.tf", ov]);
    let all = findings(&doc);
    // The module name comes from the overlay; the instance stays where Terraform has it.
    let ha = one(&all, "HA001");
    assert!(ha.message.contains("`storefront`"), "{}", ha.message);
    assert_eq!(
        (ha.file.as_str(), ha.line, ha.column),
        ("one_zone/main.tf", 29, 1)
    );
    // The link is the overlay's: its findings point at it.
    let ns = one(&all, "NS004");
    assert_eq!((ns.file.as_str(), ns.line, ns.column), (ov, 12, 5));
    // So does a bad value the overlay gives to an imported node.
    let df = one(&all, "DF005");
    assert_eq!((df.file.as_str(), df.line, df.column), (ov, 9, 7));
    assert!(df.message.contains("autostart"), "{}", df.message);
    // Findings of the Terraform file are where they were.
    assert_eq!(
        (one(&all, "SG001").file.as_str(), one(&all, "SG001").line),
        ("one_zone/main.tf", 21)
    );

    // The text output shows the overlay's line.
    let out = at_fx(&["check", "one_zone", "--overlay", ov]);
    let text = stdout(&out);
    assert!(text.contains("overlay/overlay.json:12:5"), "{text}");
    assert!(
        text.contains(
            r#"12 │     { "from": "internet", "to": "alicloud_instance.web", "port": 443 }"#
        ),
        "{text}"
    );

    // An overlay that is not JSON: exit 2 at its position.
    let d = files(&[("bad.json", b"{ \"archlint\": 1,\n  \"nodes\": [ }\n")]);
    let out = at_fx(&["check", "one_zone", "--overlay", &path(&d, "bad.json")]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        error_position(&stderr(&out), &path(&d, "bad.json")),
        (2, 14),
        "{}",
        stderr(&out)
    );
}

// ----------------------------------------------------------------------------------------
// Walking directories
// ----------------------------------------------------------------------------------------

#[test]
fn walking_finds_every_configuration_but_not_called_modules() {
    let (status, doc) = check_json(&["walk"]);
    // Warnings only: the ECS of stack.yaml gives only a zone, so it sits in a placeholder
    // vSwitch of that zone (no DF004 error).
    assert_eq!(status, 0, "{doc:#}");
    assert_eq!(
        file_names(&doc),
        [
            "walk/app/main.tf",
            "walk/app/modules/svc/main.tf",
            "walk/net/main.tf",
            "walk/stack.yaml",
        ]
    );
    let all = findings(&doc);
    // net/: its VPC in one zone.
    assert!(all
        .iter()
        .any(|f| f.file == "walk/net/main.tf" && f.rule == "ZN004"));
    // app/: the module's instance is found through the call, under its module address …
    let svc: Vec<&F> = all
        .iter()
        .filter(|f| f.file == "walk/app/modules/svc/main.tf")
        .collect();
    assert!(!svc.is_empty());
    assert!(
        svc.iter().all(|f| f
            .target
            .as_deref()
            .is_some_and(|t| t.starts_with("module.svc."))),
        "the module is not a configuration of its own: {svc:#?}"
    );
    let ha: Vec<&F> = svc.iter().copied().filter(|f| f.rule == "HA001").collect();
    assert_eq!(ha.len(), 1, "{svc:#?}");
    assert_eq!(
        ha[0].target.as_deref(),
        Some("module.svc.alicloud_instance.svc")
    );
    // … the ROS template …
    assert!(all
        .iter()
        .any(|f| f.file == "walk/stack.yaml" && f.target.as_deref() == Some("Web")));
    // … and nothing else: no second copy of the module's instance, package.json ignored.
    assert!(all
        .iter()
        .all(|f| f.target.as_deref() != Some("alicloud_instance.svc")));

    // Named on its own, the module directory is linted as a configuration.
    let (_, doc) = check_json(&["walk/app/modules/svc"]);
    let all = findings(&doc);
    assert_eq!(
        one(&all, "HA001").target.as_deref(),
        Some("alicloud_instance.svc")
    );

    // The text summary counts every file with findings.
    let out = at_fx(&["check", "walk"]);
    assert!(stdout(&out).contains("in 4 files\n"), "{}", stdout(&out));
}

// ----------------------------------------------------------------------------------------
// Known bugs outside the CLI
// ----------------------------------------------------------------------------------------

/// A design-wide finding (BH001, on `/nodes`) of a Terraform directory points at the first
/// file by name — here `a.auto.tfvars` — and the design is named after it.
#[test]
fn design_wide_findings_point_into_a_tf_file() {
    let (_, doc) = check_json(&["vars"]);
    let all = findings(&doc);
    let bh = one(&all, "BH001");
    assert!(bh.file.ends_with(".tf"), "{bh:?}");
    let out = at_fx(&["import", "vars"]);
    let design: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(!design["name"].as_str().unwrap().ends_with(".tfvars"));
}

/// SARIF artifacts carry a MIME type; a `.tf` or `.yaml` file is not `application/json`.
#[test]
fn sarif_artifacts_of_imported_files_have_their_own_type() {
    let out = at_fx(&["check", "--format", "sarif", "one_zone", "ros/stack.yaml"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let arts = log["runs"][0]["artifacts"].as_array().unwrap();
    for a in arts {
        assert_ne!(a["mimeType"], "application/json", "{a}");
    }
    assert!(
        arts.iter().any(|a| a["mimeType"] == "text/plain"),
        "{arts:?}"
    );
    assert!(
        arts.iter().any(|a| a["mimeType"] == "application/yaml"),
        "{arts:?}"
    );
}

/// Four instances, two in each of two zones, are the guide's balanced deployment
/// ("在两个可用区分别购买数量相等的多台"). The importer lists every published zone of the
/// region (eight for cn-hangzhou), and ZN002 counts the six unused ones as 0: "the counts
/// differ by 2".
#[test]
fn balanced_two_zone_module_is_not_unbalanced() {
    let (_, doc) = check_json(&["vars", "--var", "web_count=4"]);
    let all = findings(&doc);
    assert!(of(&all, "ZN002").is_empty(), "{all:#?}");
    // Three in two zones (2 + 1) are balanced too, give or take one.
    let (_, doc) = check_json(&["vars", "--var", "web_count=3"]);
    let all = findings(&doc);
    assert!(of(&all, "ZN002").is_empty(), "{all:#?}");
}
