//! The GitHub Action (`action.yml`) and the pre-commit hooks (`.pre-commit-hooks.yaml`) at the
//! repository root: their YAML is read as GitHub and pre-commit read it, and their shell runs
//! for real against the binary built here, so the command lines they hold are real and exit
//! as documented. (The pre-commit framework itself runs the hooks in
//! `scripts/precommit-test.sh`.)

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use yaml_rust2::{Yaml, YamlLoader};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn yaml(name: &str) -> Yaml {
    let text = std::fs::read_to_string(root().join(name)).unwrap();
    let mut docs = YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

fn s<'a>(y: &'a Yaml, key: &str) -> &'a str {
    y[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string: {y:?}"))
}

/// Values for a GitHub expression: `inputs.*`, `steps.*.outputs.*`, `runner.*`, `github.*`.
struct Context {
    values: BTreeMap<String, String>,
}

impl Context {
    /// Evaluates the subset of GitHub's expression language the action uses: names, string
    /// literals, `==`, `!=`, `&&`, `||` (which yield an operand, as in GitHub), parentheses-free.
    fn eval(&self, e: &str) -> String {
        let e = e.trim();
        if let Some((a, b)) = split_top(e, "||") {
            let a = self.eval(a);
            return if truthy(&a) { a } else { self.eval(b) };
        }
        if let Some((a, b)) = split_top(e, "&&") {
            let a = self.eval(a);
            return if truthy(&a) { self.eval(b) } else { a };
        }
        for (op, eq) in [("==", true), ("!=", false)] {
            if let Some((a, b)) = split_top(e, op) {
                let same = self.eval(a).eq_ignore_ascii_case(&self.eval(b));
                return if same == eq {
                    "true".into()
                } else {
                    String::new()
                };
            }
        }
        if let Some(lit) = e.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            return lit.replace("''", "'");
        }
        assert!(
            e.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)),
            "unsupported expression `{e}`"
        );
        self.values.get(e).cloned().unwrap_or_default()
    }

    /// A string with `${{ … }}` expressions replaced.
    fn expand(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(i) = rest.find("${{") {
            out.push_str(&rest[..i]);
            let end = rest[i..].find("}}").expect("closed expression") + i;
            out.push_str(&self.eval(&rest[i + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }
}

fn truthy(v: &str) -> bool {
    !v.is_empty() && v != "false" && v != "0"
}

/// `e` split at the last top-level `op` outside string literals (left-associative).
fn split_top<'a>(e: &'a str, op: &str) -> Option<(&'a str, &'a str)> {
    let mut in_str = false;
    let mut found = None;
    let b = e.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\'' {
            in_str = !in_str;
        } else if !in_str && e[i..].starts_with(op) {
            found = Some(i);
            i += op.len();
            continue;
        }
        i += 1;
    }
    found.map(|i| (&e[..i], &e[i + op.len()..]))
}

/// What a run of the action's steps gave.
struct ActionRun {
    /// The step ids that ran (`uses:` steps are listed by their action).
    ran: Vec<String>,
    /// The outputs of the action.
    outputs: BTreeMap<String, String>,
    /// The exit status of the last step that ran (the action stops at a failing step).
    status: i32,
    log: String,
    /// Every expression value at the end (inputs and step outputs).
    values: BTreeMap<String, String>,
}

/// Runs the composite action's `run:` steps as the runner would (`bash --noprofile --norc
/// -eo pipefail`, `${{ }}` expanded, `env:` set, `$GITHUB_OUTPUT` read back), in `workdir`
/// with `inputs` (defaults from action.yml), HOME set to `home`. `uses:` steps are not run.
fn run_action(workdir: &Path, home: &Path, inputs: &[(&str, &str)]) -> ActionRun {
    let action = yaml("action.yml");
    assert_eq!(s(&action["runs"], "using"), "composite");
    let mut ctx = Context {
        values: BTreeMap::new(),
    };
    let declared = action["inputs"].as_hash().expect("inputs");
    for (k, v) in declared {
        let k = k.as_str().unwrap();
        let default = match &v["default"] {
            Yaml::String(d) => d.clone(),
            Yaml::BadValue => String::new(),
            other => panic!("default of {k}: {other:?}"),
        };
        ctx.values.insert(format!("inputs.{k}"), default);
    }
    for (k, v) in inputs {
        assert!(
            ctx.values.contains_key(&format!("inputs.{k}")),
            "action.yml declares no input `{k}`"
        );
        ctx.values.insert(format!("inputs.{k}"), v.to_string());
    }
    ctx.values
        .insert("github.action_path".into(), root().display().to_string());
    let mut ran = Vec::new();
    let mut log = String::new();
    let mut status = 0;
    for step in action["runs"]["steps"].as_vec().unwrap() {
        if let Some(cond) = step["if"].as_str() {
            if !truthy(&ctx.eval(cond)) {
                continue;
            }
        }
        if let Some(uses) = step["uses"].as_str() {
            ran.push(uses.to_string());
            continue;
        }
        let id = step["id"].as_str().unwrap_or("").to_string();
        assert_eq!(s(step, "shell"), "bash", "step {id}");
        let script = ctx.expand(s(step, "run"));
        let out_file = workdir.join(".github_output");
        std::fs::write(&out_file, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(workdir)
            .env("HOME", home)
            .env("GITHUB_OUTPUT", &out_file)
            .env("GITHUB_ACTION_PATH", root())
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
        if let Some(env) = step["env"].as_hash() {
            for (k, v) in env {
                cmd.env(k.as_str().unwrap(), ctx.expand(v.as_str().unwrap()));
            }
        }
        let out = cmd.output().expect("bash runs");
        log.push_str(&String::from_utf8_lossy(&out.stdout));
        log.push_str(&String::from_utf8_lossy(&out.stderr));
        ran.push(id.clone());
        for line in std::fs::read_to_string(&out_file).unwrap().lines() {
            let (k, v) = line.split_once('=').expect("name=value in GITHUB_OUTPUT");
            ctx.values
                .insert(format!("steps.{id}.outputs.{k}"), v.to_string());
        }
        status = out.status.code().unwrap_or(-1);
        if status != 0 {
            break;
        }
    }
    let mut outputs = BTreeMap::new();
    for (k, v) in action["outputs"].as_hash().unwrap() {
        outputs.insert(k.as_str().unwrap().to_string(), ctx.expand(s(v, "value")));
    }
    ActionRun {
        ran,
        outputs,
        status,
        log,
        values: ctx.values,
    }
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_archlint")
}

/// A work directory with two designs: one clean, one with a warning and, if `broken`, a file
/// that is not JSON.
fn workspace(broken: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("designs")).unwrap();
    std::fs::write(dir.path().join("designs/clean.json"), CLEAN).unwrap();
    std::fs::write(dir.path().join("designs/warn.json"), WARN).unwrap();
    if broken {
        std::fs::write(dir.path().join("designs/half.json"), "{ \"archlint\": 1, ").unwrap();
    }
    dir
}

fn sarif_results(path: &Path) -> Vec<serde_json::Value> {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    doc["runs"][0]["results"].as_array().unwrap().clone()
}

#[test]
fn action_declares_its_inputs_and_pins_its_actions() {
    let action = yaml("action.yml");
    for input in ["paths", "args", "sarif-file", "annotations", "archlint"] {
        assert!(
            !action["inputs"][input]["description"].is_badvalue(),
            "input {input}"
        );
    }
    assert_eq!(
        s(&action["inputs"]["sarif-file"], "default"),
        "archlint.sarif"
    );
    for step in action["runs"]["steps"].as_vec().unwrap() {
        if let Some(uses) = step["uses"].as_str() {
            let (_, tag) = uses.split_once('@').expect("an action is pinned");
            assert!(
                tag.starts_with('v') && tag[1..].chars().all(|c| c.is_ascii_digit() || c == '.'),
                "{uses} is pinned by a tag"
            );
        }
    }
}

#[test]
fn action_writes_sarif_then_fails_by_the_exit_status() {
    let home = tempfile::tempdir().unwrap();
    // Findings at the failing severity (--deny warnings): SARIF written, status 1.
    let ws = workspace(false);
    let run = run_action(
        ws.path(),
        home.path(),
        &[
            ("paths", "designs/*.json"),
            ("args", "--deny warnings"),
            ("archlint", bin()),
        ],
    );
    assert_eq!(run.status, 1, "{}", run.log);
    assert_eq!(
        run.ran,
        ["check"],
        "the build steps are skipped with a binary"
    );
    assert_eq!(run.outputs["exit-code"], "1");
    assert_eq!(run.outputs["sarif-file"], "archlint.sarif");
    let results = sarif_results(&ws.path().join("archlint.sarif"));
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "HA001");
    assert!(
        run.log.contains("HA001"),
        "text report in the log: {}",
        run.log
    );
    assert!(run.log.contains("::error title=archlint::findings"));

    // Without --deny: a warning does not fail; annotations in the log instead of the text;
    // the SARIF file's directory is made.
    let run = run_action(
        ws.path(),
        home.path(),
        &[
            ("paths", "designs/clean.json designs/warn.json"),
            ("sarif-file", "out/report.sarif"),
            ("annotations", "true"),
            ("archlint", bin()),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.log);
    assert_eq!(run.outputs["exit-code"], "0");
    assert_eq!(sarif_results(&ws.path().join("out/report.sarif")).len(), 1);
    assert!(
        run.log
            .lines()
            .any(|l| l.starts_with("::warning file=designs/warn.json,line=")),
        "{}",
        run.log
    );

    // A SARIF file that cannot be written: status 2 before anything runs.
    std::fs::write(ws.path().join("blocker"), "").unwrap();
    let run = run_action(
        ws.path(),
        home.path(),
        &[
            ("paths", "designs"),
            ("sarif-file", "blocker/x.sarif"),
            ("archlint", bin()),
        ],
    );
    assert_eq!(run.status, 2, "{}", run.log);
    assert!(run.log.contains("::error title=archlint::"), "{}", run.log);
    assert_eq!(run.outputs["exit-code"], "");

    // A file that cannot be loaded: status 2, and the SARIF is still written first.
    let ws = workspace(true);
    let run = run_action(
        ws.path(),
        home.path(),
        &[("paths", "designs"), ("archlint", bin())],
    );
    assert_eq!(run.status, 2, "{}", run.log);
    assert_eq!(run.outputs["exit-code"], "2");
    assert!(ws.path().join("archlint.sarif").is_file());
    assert!(run.log.contains("half.json:1:"), "{}", run.log);
    assert!(run.log.contains("exit status 2"));
}

#[test]
fn action_on_the_examples_writes_what_archlint_writes() {
    // The examples (good and broken designs): the SARIF the action writes is byte for byte what
    // `archlint check --format sarif` prints, and the step's status is archlint's.
    let home = tempfile::tempdir().unwrap();
    let ws = tempfile::tempdir().unwrap();
    let examples = root().join("examples");
    let run = run_action(
        ws.path(),
        home.path(),
        &[("paths", examples.to_str().unwrap()), ("archlint", bin())],
    );
    let direct = run_in(
        Some(ws.path()),
        &["check", "--format", "sarif", examples.to_str().unwrap()],
        None,
        &[],
    );
    assert_eq!(run.status, code(&direct), "{}", run.log);
    assert_eq!(run.outputs["exit-code"], code(&direct).to_string());
    let written = std::fs::read(ws.path().join("archlint.sarif")).unwrap();
    assert!(written == direct.stdout, "the action's SARIF differs");
    assert!(!sarif_results(&ws.path().join("archlint.sarif")).is_empty());
}

#[test]
fn action_builds_once_and_reuses_the_cached_binary() {
    // No `archlint` input: the key step hashes the source, the cache step restores, the build
    // step installs unless the binary is there. Seed the cached install so that no build
    // runs here; the check then uses that binary.
    let home = tempfile::tempdir().unwrap();
    let cached = home.path().join(".cache/archlint-action/bin");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::copy(bin(), cached.join("archlint")).unwrap();
    let ws = workspace(false);
    let run = run_action(ws.path(), home.path(), &[("paths", "designs/warn.json")]);
    assert_eq!(run.status, 0, "{}", run.log);
    assert_eq!(run.ran, ["key", "actions/cache@v4", "install", "check"]);
    assert!(
        run.log.contains("archlint "),
        "--version printed: {}",
        run.log
    );
    assert_eq!(sarif_results(&ws.path().join("archlint.sarif")).len(), 1);
    // The cache key is the source's content: the same twice, and names the platform.
    let again = run_action(ws.path(), home.path(), &[("paths", "designs/warn.json")]);
    assert_eq!(again.status, 0);
    let key = &run.values["steps.key.outputs.key"];
    assert!(
        key.starts_with("archlint-Linux-X64-") && key.len() > 25,
        "{key}"
    );
    assert_eq!(key, &again.values["steps.key.outputs.key"]);
}

/// The hooks of `.pre-commit-hooks.yaml`, by id.
fn hooks() -> BTreeMap<String, Yaml> {
    let doc = yaml(".pre-commit-hooks.yaml");
    doc.as_vec()
        .expect("a list of hooks")
        .iter()
        .map(|h| (s(h, "id").to_string(), h.clone()))
        .collect()
}

#[test]
fn pre_commit_hooks_follow_the_manifest_schema() {
    let hooks = hooks();
    assert_eq!(
        hooks.keys().collect::<Vec<_>>(),
        ["archlint", "archlint-terraform"]
    );
    // pre-commit's manifest keys (pre_commit/clientlib.py, MANIFEST_HOOK_DICT).
    let known = [
        "id",
        "name",
        "entry",
        "language",
        "alias",
        "files",
        "exclude",
        "types",
        "types_or",
        "exclude_types",
        "additional_dependencies",
        "args",
        "always_run",
        "fail_fast",
        "pass_filenames",
        "description",
        "language_version",
        "log_file",
        "require_serial",
        "stages",
        "verbose",
        "minimum_pre_commit_version",
    ];
    for (id, h) in &hooks {
        for (k, _) in h.as_hash().unwrap() {
            let k = k.as_str().unwrap();
            assert!(known.contains(&k), "{id}: unknown key {k}");
        }
        for required in ["id", "name", "entry", "language"] {
            assert!(!h[required].is_badvalue(), "{id}: {required}");
        }
        assert_eq!(h["pass_filenames"].as_bool(), Some(true), "{id}");
        assert_eq!(s(h, "language"), "script", "{id}");
        let script = s(h, "entry").split_whitespace().next().unwrap();
        assert!(root().join(script).is_file(), "{id}: entry {script}");
    }
}

/// Whether a hook's `files` pattern selects `path` (pre-commit uses Python's `re.search`;
/// these patterns are in the subset `grep -E` reads the same way).
fn selects(pattern: &str, path: &str) -> bool {
    Command::new("grep")
        .args(["-qE", pattern])
        .stdin({
            let f = tempfile::tempfile().unwrap();
            std::io::Write::write_all(&mut &f, path.as_bytes()).unwrap();
            std::io::Seek::rewind(&mut &f).unwrap();
            f
        })
        .status()
        .unwrap()
        .success()
}

#[test]
fn pre_commit_hook_patterns_pick_designs_and_terraform() {
    let hooks = hooks();
    let design = s(&hooks["archlint"], "files");
    for yes in [
        "designs/prod.json",
        "infra/design/a/b.json",
        "prod.archlint.json",
    ] {
        assert!(selects(design, yes), "{yes}");
    }
    for no in ["package.json", "designs.json", "designs/readme.md"] {
        assert!(!selects(design, no), "{no}");
    }
    let tf = s(&hooks["archlint-terraform"], "files");
    for yes in ["main.tf", "infra/prod/vars.tf.json"] {
        assert!(selects(tf, yes), "{yes}");
    }
    for no in ["main.tfvars", "terraform.tfstate", "main.tf.bak"] {
        assert!(!selects(tf, no), "{no}");
    }
}

/// Runs a hook's entry as pre-commit does: the entry's words, the hook's args, the file names.
fn run_hook(id: &str, dir: &Path, files: &[&str]) -> std::process::Output {
    let hooks = hooks();
    let entry = s(&hooks[id], "entry");
    let mut words = entry.split_whitespace();
    let script = root().join(words.next().unwrap());
    let out = Command::new(script)
        .args(words)
        .args(files)
        .current_dir(dir)
        .env("ARCHLINT", bin())
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .output()
        .unwrap();
    assert_no_panic(&out);
    out
}

#[test]
fn pre_commit_entries_run_archlint() {
    let ws = workspace(false);
    let out = run_hook("archlint", ws.path(), &["designs/clean.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = run_hook("archlint", ws.path(), &["designs/warn.json"]);
    assert_eq!(code(&out), 0, "a warning passes");
    assert!(stdout(&out).contains("HA001"));
    let ws = workspace(true);
    let out = run_hook("archlint", ws.path(), &["designs/half.json"]);
    assert_eq!(code(&out), 2);
    assert!(has_positioned_error(&stderr(&out), "designs/half.json"));

    // Terraform: a changed file stands for its directory's configuration, whose variables
    // live in another file.
    let tf = tempfile::tempdir().unwrap();
    let infra = tf.path().join("infra");
    std::fs::create_dir(&infra).unwrap();
    std::fs::write(
        infra.join("variables.tf"),
        "variable \"zone\" {\n  default = \"cn-hangzhou-b\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        infra.join("main.tf"),
        r#"resource "alicloud_vpc" "v" {
  cidr_block = "10.0.0.0/8"
}
resource "alicloud_vswitch" "s" {
  vpc_id     = alicloud_vpc.v.id
  cidr_block = "10.1.0.0/16"
  zone_id    = var.zone
}
resource "alicloud_instance" "web" {
  vswitch_id    = alicloud_vswitch.s.id
  instance_type = "ecs.g6.large"
}
"#,
    )
    .unwrap();
    let out = run_hook("archlint-terraform", tf.path(), &["infra/main.tf"]);
    let text = stdout(&out);
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    assert!(text.contains("infra/main.tf:"), "{text}");
    // The same as checking the directory itself (both files read).
    let whole = run_in(
        Some(tf.path()),
        &["check", "--from", "terraform", "infra"],
        None,
        &[],
    );
    assert_eq!(stdout(&whole), text);
    assert_eq!(code(&whole), code(&out));
    let alone = run_in(Some(tf.path()), &["check", "infra/main.tf"], None, &[]);
    assert_ne!(
        stdout(&alone),
        text,
        "main.tf alone lacks the variable: the hook must read the whole directory"
    );
}
