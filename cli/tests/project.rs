//! Project configuration (archlint.toml), baselines and waivers, through the binary.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

/// A fixed "today" for every run, so that expiry dates do not depend on the clock.
const TODAY: (&str, &str) = ("ARCHLINT_TODAY", "2026-06-01");

/// A tree of files below a temporary directory (parents created).
fn tree(list: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in list {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

fn at(dir: &Path, args: &[&str]) -> std::process::Output {
    run_in(Some(dir), args, None, &[TODAY])
}

fn json_at(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let out = at(dir, &a);
    let doc = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(&out), stderr(&out)));
    (code(&out), doc)
}

/// `(rule, target, severity)` of every finding of every file.
fn found(doc: &Value) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    for f in doc["files"].as_array().unwrap() {
        for x in f["findings"].as_array().unwrap() {
            v.push((
                x["rule"].as_str().unwrap().to_string(),
                x["target"].as_str().unwrap_or("").to_string(),
                x["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    v
}

fn rules_of(doc: &Value) -> Vec<String> {
    found(doc).into_iter().map(|f| f.0).collect()
}

#[test]
fn discovery_walks_up_and_the_nearest_file_wins() {
    let d = tree(&[
        ("archlint.toml", "ignore = [\"HA001\"]\n"),
        ("a/b/w.json", WARN),
        (
            "sub/.archlint.toml",
            "extend-select = [\"HA\"]\nlang = \"zh\"\n",
        ),
        ("sub/deep/w.json", WARN),
        ("other/w.json", WARN),
    ]);
    // a/b/w.json: the root file, two levels up.
    let (_, doc) = json_at(d.path(), &["a/b/w.json"]);
    assert!(!rules_of(&doc).contains(&"HA001".into()), "{doc}");
    // sub/deep/w.json: sub/.archlint.toml is nearer and does not ignore HA001 (no merging
    // with the root file, as in ruff).
    let (_, doc) = json_at(d.path(), &["sub/deep/w.json"]);
    assert!(rules_of(&doc).contains(&"HA001".into()), "{doc}");
    // Both in one run: each input has its own.
    let (_, doc) = json_at(d.path(), &["a/b/w.json", "sub/deep/w.json"]);
    assert_eq!(rules_of(&doc), ["HA001"]);
    // The run-wide language comes from the first input's configuration.
    let out = at(d.path(), &["check", "sub/deep/w.json"]);
    assert!(stdout(&out).contains("警告"), "{}", stdout(&out));
    // The walk starts at the input, not at the working directory.
    let out = run_in(
        Some(&d.path().join("other")),
        &["check", "--format", "json", "../a/b/w.json"],
        None,
        &[TODAY],
    );
    assert!(!stdout(&out).contains("HA001"));
}

#[test]
fn config_flag_and_isolated() {
    let d = tree(&[
        ("archlint.toml", "ignore = [\"HA001\"]\n"),
        ("elsewhere/strict.toml", "[severity]\nHA001 = \"error\"\n"),
        ("w.json", WARN),
    ]);
    let (status, doc) = json_at(d.path(), &["w.json"]);
    assert_eq!((status, rules_of(&doc).len()), (0, 0));
    let (status, doc) = json_at(d.path(), &["--isolated", "w.json"]);
    assert_eq!(
        found(&doc),
        [("HA001".into(), "web-1".into(), "warning".into())]
    );
    assert_eq!(status, 0);
    let (status, doc) = json_at(d.path(), &["--config", "elsewhere/strict.toml", "w.json"]);
    assert_eq!(
        found(&doc),
        [("HA001".into(), "web-1".into(), "error".into())]
    );
    assert_eq!(status, 1, "the severity override makes it an error");
    let out = at(d.path(), &["check", "--config", "missing.toml", "w.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("missing.toml"), "{}", stderr(&out));
}

#[test]
fn select_ignore_and_extend_select_by_code_name_and_family() {
    let cases: &[(&str, bool)] = &[
        ("ignore = [\"HA\"]", false),
        ("ignore = [\"single-instance-module\"]", false),
        ("ignore = [\"ha001\"]", false),
        ("select = [\"DF\"]", false),
        (
            "select = [\"DF\"]\nextend-select = [\"single-instance-module\"]",
            true,
        ),
        // The more specific selector wins, whichever list it is in.
        ("select = [\"HA\"]\nignore = [\"HA001\"]", false),
        ("select = [\"HA001\"]\nignore = [\"HA\"]", true),
        (
            "select = [\"ALL\"]\nignore = [\"HA\"]\nextend-select = [\"HA001\"]",
            true,
        ),
        // At equal specificity ignore wins.
        ("select = [\"HA001\"]\nignore = [\"HA001\"]", false),
    ];
    for (cfg, has) in cases {
        let d = tree(&[("archlint.toml", cfg), ("w.json", WARN)]);
        let (_, doc) = json_at(d.path(), &["w.json"]);
        assert_eq!(rules_of(&doc).contains(&"HA001".into()), *has, "{cfg}");
    }
    // Flags over the file: --select replaces the file's selection; --ignore takes families.
    let d = tree(&[("archlint.toml", "ignore = [\"HA\"]"), ("w.json", WARN)]);
    let (_, doc) = json_at(d.path(), &["--select", "HA001", "w.json"]);
    assert_eq!(rules_of(&doc), ["HA001"]);
    let (_, doc) = json_at(d.path(), &["--extend-select", "HA001", "w.json"]);
    assert_eq!(rules_of(&doc), ["HA001"]);
    let (_, doc) = json_at(d.path(), &["--isolated", "--ignore", "HA", "w.json"]);
    assert!(rules_of(&doc).is_empty());
    let out = at(d.path(), &["check", "--select", "HA01", "w.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `HA001`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn per_path_globs() {
    let cfg = r#"
[[per-path]]
path = "legacy/**"
ignore = ["HA001"]

[[per-path]]
path = ["*.strict.json"]
severity = { HA = "error" }
"#;
    let d = tree(&[
        ("archlint.toml", cfg),
        ("legacy/old/w.json", WARN),
        ("new/w.json", WARN),
        ("new/w.strict.json", WARN),
    ]);
    let (_, doc) = json_at(d.path(), &["legacy/old/w.json"]);
    assert!(rules_of(&doc).is_empty(), "{doc}");
    let (_, doc) = json_at(d.path(), &["new/w.json"]);
    assert_eq!(found(&doc)[0].2, "warning");
    let (status, doc) = json_at(d.path(), &["new/w.strict.json"]);
    assert_eq!((status, found(&doc)[0].2.as_str()), (1, "error"));
    // A directory walked: each file its own settings.
    let (_, doc) = json_at(d.path(), &["."]);
    let n = doc["files"].as_array().unwrap().len();
    assert_eq!((n, found(&doc).len()), (3, 2), "{doc}");
}

#[test]
fn config_show_says_where_each_setting_comes_from() {
    let cfg = "lang = \"zh\"\nignore = [\"HA001\"]\n\n[severity]\nDF = \"error\"\n\n[[waiver]]\nrule = \"ZN001\"\nreason = \"one zone for now\"\nowner = \"ops\"\n";
    let d = tree(&[("proj/archlint.toml", cfg), ("proj/d/w.json", WARN)]);
    let out = at(d.path(), &["config", "--show", "proj/d/w.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let line = |code: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(code))
            .unwrap_or_else(|| panic!("{code}: {text}"))
            .to_string()
    };
    assert!(line("HA001").contains(" off "), "{text}");
    assert!(
        line("HA001").contains("enabled: proj/archlint.toml:2:11"),
        "{text}"
    );
    assert!(
        line("DF001").contains("severity: proj/archlint.toml:5:1"),
        "{text}"
    );
    assert!(
        line("ZN001").contains("enabled: default; severity: default"),
        "{text}"
    );
    assert!(line("lang").contains("proj/archlint.toml:1:8"), "{text}");
    assert!(line("format").contains("# default"), "{text}");
    assert!(
        text.contains("ZN001 — one zone for now; owner ops # proj/archlint.toml:8:8"),
        "{text}"
    );
    // In Chinese, and without a file.
    let out = at(
        d.path(),
        &["config", "--show", "proj/d/w.json", "--lang", "zh"],
    );
    assert!(
        stdout(&out).contains("启用：proj/archlint.toml:2:11"),
        "{}",
        stdout(&out)
    );
    let out = at(
        d.path(),
        &["config", "--isolated", "--show", "proj/d/w.json"],
    );
    assert!(stdout(&out).contains("(none)"));
}

/// The display columns (a CJK character is two wide) at which the first `n` words of `line`
/// start, and that of its ` # ` comment.
fn columns(line: &str, n: usize) -> (Vec<usize>, Option<usize>) {
    use unicode_width::UnicodeWidthStr;
    let mut starts = Vec::new();
    let mut prev_space = true;
    for (i, ch) in line.char_indices() {
        if ch != ' ' && prev_space && starts.len() < n {
            starts.push(line[..i].width());
        }
        prev_space = ch == ' ';
    }
    (starts, line.find(" # ").map(|i| line[..i + 1].width()))
}

#[test]
fn config_show_columns_line_up_by_display_width() {
    let cfg = "ignore = [\"HA\"]\n[severity]\nDB001 = \"info\"\n[import]\noverlay = \"设计/叠加.json\"\nvars = { region = \"杭州\" }\n";
    let d = tree(&[("proj/archlint.toml", cfg), ("proj/d/w.json", WARN)]);
    for (args, rules_head) in [
        (
            &["config", "--show", "--lang", "zh", "proj/d/w.json"][..],
            "规则：",
        ),
        (
            &[
                "config",
                "--show",
                "--lang",
                "zh",
                "--isolated",
                "proj/d/w.json",
            ][..],
            "规则：",
        ),
        (&["config", "--show", "proj/d/w.json"][..], "rules:"),
        (
            &["config", "--show", "--isolated", "proj/d/w.json"][..],
            "rules:",
        ),
    ] {
        let out = at(d.path(), args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        let (settings, rest) = text.split_once(&format!("\n{rules_head}\n")).unwrap();
        let rules: Vec<&str> = rest.lines().take_while(|l| !l.is_empty()).collect();
        assert!(rules.len() >= 80, "{text}");
        // The settings: every value starts in one column, every comment in another.
        let values: Vec<usize> = settings.lines().map(|l| columns(l, 2).0[1]).collect();
        assert!(
            values.windows(2).all(|w| w[0] == w[1]),
            "{args:?} values {values:?}:\n{text}"
        );
        let comments: Vec<usize> = settings.lines().filter_map(|l| columns(l, 0).1).collect();
        assert!(comments.len() >= 3, "{text}");
        assert!(
            comments.windows(2).all(|w| w[0] == w[1]),
            "{args:?} comments {comments:?}:\n{text}"
        );
        // The rules: code, name, state, severity and comment columns.
        let cols: Vec<(Vec<usize>, Option<usize>)> = rules.iter().map(|l| columns(l, 4)).collect();
        assert!(cols.windows(2).all(|w| w[0] == w[1]), "{args:?}:\n{text}");
        // The CJK words are in it, and the Chinese separators.
        if rules_head == "规则：" {
            assert!(
                rules
                    .iter()
                    .all(|l| l.contains("；级别：") && !l.contains("; ")),
                "{text}"
            );
        }
    }
}

#[test]
fn config_show_takes_its_flags_before_or_after_the_path() {
    let d = tree(&[
        ("proj/archlint.toml", "ignore = [\"HA001\"]\n"),
        ("proj/d/w.json", WARN),
        ("other.toml", "lang = \"zh\"\n"),
    ]);
    let isolated: &[&[&str]] = &[
        &["config", "--show", "--isolated", "proj/d/w.json"],
        &["config", "--isolated", "--show", "proj/d/w.json"],
        &["config", "--show", "proj/d/w.json", "--isolated"],
        &["config", "proj/d/w.json", "--show", "--isolated"],
    ];
    for args in isolated {
        let out = at(d.path(), args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.starts_with("config") && text.contains("(none)"),
            "{args:?}: {text}"
        );
        assert!(
            text.contains(" on "),
            "HA001 is on without the file: {args:?}: {text}"
        );
    }
    let out = at(
        d.path(),
        &[
            "config",
            "--show",
            "--config",
            "other.toml",
            "proj/d/w.json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("# other.toml:1:8"),
        "{}",
        stdout(&out)
    );
    // Without --show, and without a path (the working directory).
    let out = at(d.path(), &["config", "proj/d/w.json"]);
    assert!(
        stdout(&out).contains("proj/archlint.toml"),
        "{}",
        stdout(&out)
    );
    let out = at(&d.path().join("proj"), &["config", "--show"]);
    assert!(
        stdout(&out).starts_with("config           archlint.toml"),
        "{}",
        stdout(&out)
    );
    // --schema takes no path.
    let out = at(d.path(), &["config", "--schema", "proj/d/w.json"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn unknown_keys_and_bad_values_are_errors_with_a_position() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "selct = [\"HA\"]\n",
            "1:1",
            "unknown key `selct` in the top level; did you mean `select`?",
        ),
        (
            "[import]\nvar = {}\n",
            "2:1",
            "unknown key `var` in [import]; did you mean `vars`?",
        ),
        (
            "ignore = [\"HA\", \"QQ001\"]\n",
            "1:17",
            "unknown rule `QQ001`",
        ),
        (
            "[severity]\nHA001 = \"fatal\"\n",
            "2:9",
            "`severity` is \"fatal\", which is not one of \"error\", \"warning\", \"info\"",
        ),
        (
            "format = 3\n",
            "1:10",
            "`format` must be a string, not an integer",
        ),
        (
            "[[waiver]]\nrule = \"HA001\"\n",
            "1:1",
            "[[waiver]] lacks the required key `reason`",
        ),
        (
            "[[waiver]]\nrule = \"HA001\"\nreason = \"x\"\nexpires = \"2027-02-30\"\n",
            "4:11",
            "not a date written YYYY-MM-DD",
        ),
        (
            "[[waiver]]\nrule = \"HA001\"\nreason = \"x\"\nexpires = 2027-03-31\n",
            "4:11",
            "write dates as strings",
        ),
        (
            "lang = \"en\"\nlang = \"zh\"\n",
            "2:1",
            "`lang` is given twice",
        ),
        (
            "[[per-path]]\npath = \"a[b\"\n",
            "2:8",
            "has a `[` without its `]`",
        ),
        ("select = [\"HA\"\n", "", "invalid TOML"),
    ];
    for (cfg, pos, msg) in cases {
        let d = tree(&[("archlint.toml", cfg), ("w.json", WARN)]);
        let out = at(d.path(), &["check", "w.json"]);
        assert_eq!(code(&out), 2, "{cfg}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains(msg), "{cfg}: {err}");
        assert!(
            err.contains(&format!("archlint.toml:{pos}"))
                && has_positioned_error(&err, &err[..err.find("archlint.toml").unwrap() + 13]),
            "{cfg}: {err}"
        );
    }
    // In Chinese.
    let d = tree(&[("archlint.toml", "selct = []\n"), ("w.json", WARN)]);
    let out = at(d.path(), &["check", "--lang", "zh", "w.json"]);
    assert!(
        stderr(&out).contains("顶层中的未知键 `selct`；是否指 `select`？"),
        "{}",
        stderr(&out)
    );
    // Chinese words set apart from a table's name; Chinese enumerations.
    for (cfg, want) in [
        (
            "[[waiver]]\nrule = \"HA001\"\n",
            "archlint.toml:1:1：错误：[[waiver]] 缺少必填键 `reason`",
        ),
        (
            "[import]\nvar = {}\n",
            "archlint.toml:2:1：错误：[import] 中的未知键 `var`；是否指 `vars`？",
        ),
        (
            "lang = \"fr\"\n",
            "archlint.toml:1:8：错误：`lang` 为 \"fr\"，不是 \"en\"、\"zh\" 之一",
        ),
        (
            "[import]\nzzzzzz = 1\n",
            "（可用的键：overlay、vars、var-files）",
        ),
    ] {
        std::fs::write(d.path().join("archlint.toml"), cfg).unwrap();
        let out = at(d.path(), &["check", "--lang", "zh", "w.json"]);
        assert!(stderr(&out).contains(want), "{cfg}: {}", stderr(&out));
    }
    std::fs::write(d.path().join("archlint.toml"), "selct = []\n").unwrap();
    // In JSON output, the unit the file applies to is an error with the position.
    let out = at(d.path(), &["check", "--format", "json", "w.json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["files"][0]["error"]["line"], 1);
    // `config --show` reports it too.
    let out = at(d.path(), &["config", "--show", "w.json"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn the_config_schema_is_generated_up_to_date_and_accepts_the_examples() {
    let out = run(&["config", "--schema"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../config/schema/config.schema.json");
    if std::env::var_os("ARCHLINT_BLESS").is_some() {
        std::fs::write(&file, &text).unwrap();
    }
    let on_disk = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        on_disk == text,
        "{} is stale: run ARCHLINT_BLESS=1 cargo test -p archlint-cli --test project",
        file.display()
    );
    let schema: Value = serde_json::from_str(&text).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("config.schema.json", schema).unwrap();
    let idx = compiler
        .compile("config.schema.json", &mut schemas)
        .unwrap();
    let good = [
        "",
        "select = [\"ALL\"]\nignore = [\"DF008\", \"single-instance-module\"]\nextend-select = [\"HA\"]\nlang = \"zh\"\nformat = \"sarif\"\nprofile = \"high-security\"\n[severity]\nHA001 = \"error\"\nDF = \"info\"\n[import]\noverlay = \"facts.json\"\nvar-files = [\"prod.tfvars\"]\n[import.vars]\n\"ALIYUN::Region\" = \"cn-hangzhou\"\n[[per-path]]\npath = \"legacy/**\"\nignore = [\"HA\"]\n[[waiver]]\nrule = \"HA001\"\ntarget = \"ecs-1\"\npath = [\"a/*.json\"]\nreason = \"batch\"\nowner = \"ops\"\nexpires = \"2027-03-31\"\n",
    ];
    let bad = [
        "selct = []",
        "lang = \"fr\"",
        "[severity]\nHA001 = \"fatal\"",
        "[[waiver]]\nrule = \"HA001\"",
        "[[waiver]]\nrule = \"HA\"\nreason = \"families are not waived\"",
    ];
    for (toml, ok) in good
        .iter()
        .map(|t| (t, true))
        .chain(bad.iter().map(|t| (t, false)))
    {
        let json: Value =
            serde_json::from_str(&archlint_config::toml_to_json(toml).unwrap()).unwrap();
        assert_eq!(schemas.validate(&json, idx).is_ok(), ok, "{toml}");
        // The schema and the checker agree.
        let d = tree(&[
            ("archlint.toml", toml),
            ("w.json", WARN),
            ("facts.json", "{ \"archlint\": 1, \"regions\": [] }"),
            ("prod.tfvars", ""),
        ]);
        let status = code(&at(d.path(), &["check", "w.json"]));
        assert_eq!(status != 2, ok, "{toml}");
    }
}

/// WARN with web-1 moved below the management nodes (same content, other index and line).
fn moved(design: &str) -> String {
    let line = r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },"#;
    let without = design.replacen(line, "", 1);
    without.replacen(
        r#"{ "id": "bastion-c","#,
        &format!(
            "{} {{ \"id\": \"bastion-c\",",
            line.trim_end_matches(',').to_string() + ","
        ),
        1,
    )
}

#[test]
fn baseline_hides_recorded_findings_and_reports_fixed_ones() {
    let d = tree(&[("designs/w.json", WARN), ("designs/two.json", TWO_WARN)]);
    let dir = d.path();
    let out = at(
        dir,
        &[
            "check",
            "designs/w.json",
            "designs/two.json",
            "--write-baseline",
            "base/baseline.json",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("base/baseline.json")).unwrap())
            .unwrap();
    assert_eq!(base["archlint_baseline"], 1);
    assert_eq!(base["archlint_version"], env!("CARGO_PKG_VERSION"));
    let entries = base["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[0]["file"], "../designs/two.json",
        "relative to the baseline"
    );
    // Nothing new.
    let (status, doc) = json_at(
        dir,
        &[
            "designs/w.json",
            "designs/two.json",
            "--baseline",
            "base/baseline.json",
        ],
    );
    assert_eq!((status, found(&doc).len()), (0, 0), "{doc}");
    assert_eq!(doc["baseline"]["known"], 3);
    // Moving the node within the file does not revive its finding.
    let m = moved(WARN);
    assert_ne!(m, WARN);
    std::fs::write(dir.join("designs/w.json"), &m).unwrap();
    let (_, doc) = json_at(dir, &["designs/w.json", "--baseline", "base/baseline.json"]);
    assert!(found(&doc).is_empty(), "{doc}");
    // From another working directory, the same.
    let out = run_in(
        Some(&dir.join("designs")),
        &[
            "check",
            "--format",
            "json",
            "w.json",
            "--baseline",
            "../base/baseline.json",
        ],
        None,
        &[TODAY],
    );
    assert!(
        !stdout(&out).contains("\"rule\": \"HA001\""),
        "{}",
        stdout(&out)
    );
    // A new finding is reported; a fixed one is listed. two.json becomes: web-1 still alone in
    // its module (recorded), app-1 gone (fixed), web-9 alone in a new module (new).
    std::fs::write(
        dir.join("designs/two.json"),
        CLEAN.replace("\"web-2\"", "\"web-9\"").replace(
            "\"module\": \"web\", \"zone\": \"hz-c\"",
            "\"module\": \"api\", \"zone\": \"hz-c\"",
        ),
    )
    .unwrap();
    let (status, doc) = json_at(
        dir,
        &[
            "designs/w.json",
            "designs/two.json",
            "--baseline",
            "base/baseline.json",
        ],
    );
    let f = found(&doc);
    assert!(f.iter().any(|x| x.1 == "web-9"), "{doc}");
    assert_eq!(status, 0);
    let fixed = doc["baseline"]["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{doc}");
    assert_eq!(fixed[0]["target"], "app-1");
    assert_eq!(doc["baseline"]["known"], 2);
    let out = at(
        dir,
        &[
            "check",
            "designs/w.json",
            "designs/two.json",
            "--baseline",
            "base/baseline.json",
        ],
    );
    assert!(stdout(&out).contains("2 in the baseline not shown; 1 fixed since the baseline (--prune-baseline removes them)"), "{}", stdout(&out));
    let out = at(
        dir,
        &[
            "check",
            "--lang",
            "zh",
            "designs/w.json",
            "designs/two.json",
            "--baseline",
            "base/baseline.json",
        ],
    );
    assert!(
        stdout(&out).contains("1 个自基线以来已修复"),
        "{}",
        stdout(&out)
    );
    // Pruning keeps only what is still there.
    let out = at(
        dir,
        &[
            "check",
            "designs/w.json",
            "designs/two.json",
            "--baseline",
            "base/baseline.json",
            "--prune-baseline",
        ],
    );
    assert_eq!(code(&out), 0);
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("base/baseline.json")).unwrap())
            .unwrap();
    let entries = base["findings"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|e| e["target"] == "web-1"), "{base}");
    let (_, doc) = json_at(
        dir,
        &[
            "designs/w.json",
            "designs/two.json",
            "--baseline",
            "base/baseline.json",
        ],
    );
    assert_eq!(doc["baseline"]["fixed"].as_array().unwrap().len(), 0);
}

#[test]
fn baselines_of_other_versions_and_malformed_ones() {
    let d = tree(&[("w.json", WARN)]);
    let dir = d.path();
    at(dir, &["check", "w.json", "--write-baseline", "b.json"]);
    let mine = std::fs::read_to_string(dir.join("b.json")).unwrap();
    let fp = serde_json::from_str::<Value>(&mine).unwrap()["findings"][0]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    // Format 1 written by an older archlint, with an entry of a rule this one does not know
    // and a field it does not read: loads; the unknown rule is neither matched nor "fixed".
    let older = format!(
        r#"{{ "archlint_baseline": 1, "archlint_version": "0.0.1", "note": "hand-written",
  "findings": [
    {{ "file": "w.json", "rule": "HA001", "target": "web-1", "fingerprint": "{fp}" }},
    {{ "file": "w.json", "rule": "ZZ999", "target": null, "fingerprint": "0123456789abcdef" }} ] }}"#
    );
    std::fs::write(dir.join("old.json"), older).unwrap();
    let (status, doc) = json_at(dir, &["w.json", "--baseline", "old.json"]);
    assert_eq!(status, 0);
    assert!(found(&doc).is_empty(), "{doc}");
    assert_eq!(doc["baseline"]["fixed"].as_array().unwrap().len(), 0);
    at(
        dir,
        &[
            "check",
            "w.json",
            "--baseline",
            "old.json",
            "--prune-baseline",
        ],
    );
    assert!(std::fs::read_to_string(dir.join("old.json"))
        .unwrap()
        .contains("ZZ999"));
    // A newer format: refused, saying exactly why.
    std::fs::write(
        dir.join("new.json"),
        "{\n  \"archlint_baseline\": 2,\n  \"archlint_version\": \"9.0.0\",\n  \"findings\": []\n}",
    )
    .unwrap();
    let out = at(dir, &["check", "w.json", "--baseline", "new.json"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.starts_with("new.json:2:24: error: the baseline is in format 2, written by archlint 9.0.0; this archlint"), "{err}");
    assert!(err.contains("reads format 1 only"), "{err}");
    let out = at(
        dir,
        &["check", "--lang", "zh", "w.json", "--baseline", "new.json"],
    );
    assert!(
        stderr(&out).contains("基线文件为格式 2"),
        "{}",
        stderr(&out)
    );
    // Without a version field: said so, in the language asked for.
    std::fs::write(
        dir.join("new.json"),
        "{ \"archlint_baseline\": 2, \"findings\": [] }",
    )
    .unwrap();
    let out = at(dir, &["check", "w.json", "--baseline", "new.json"]);
    assert!(
        stderr(&out).contains("format 2, written by an archlint of unknown version;"),
        "{}",
        stderr(&out)
    );
    let out = at(
        dir,
        &["check", "--lang", "zh", "w.json", "--baseline", "new.json"],
    );
    assert!(
        stderr(&out).contains("基线文件为格式 2，由未知版本的 archlint 生成；"),
        "{}",
        stderr(&out)
    );
    // Malformed ones: exit 2 with a position.
    let cases: &[(&str, &str)] = &[
        ("{ \"archlint_baseline\": 1,\n  \"findings\": [ { \"file\": \"w.json\" \"rule\": 1 } ] }", "2:36: error: the baseline is not valid JSON"),
        ("{ \"findings\": [] }", "1:1: error: not an archlint baseline"),
        ("{ \"archlint_baseline\": 1,\n  \"findings\": [ { \"file\": \"w.json\", \"rule\": \"HA001\", \"fingerprint\": \"xyz\" } ] }", "2:69: error: \"xyz\" is not a fingerprint"),
        ("{ \"archlint_baseline\": 1,\n  \"findings\": [ { \"rule\": \"HA001\", \"fingerprint\": \"0123456789abcdef\" } ] }", "2:17: error: a baseline entry lacks \"file\""),
        ("[]", "1:1: error: a baseline is a JSON object"),
    ];
    for (text, want) in cases {
        std::fs::write(dir.join("bad.json"), text).unwrap();
        let out = at(dir, &["check", "w.json", "--baseline", "bad.json"]);
        assert_eq!(code(&out), 2, "{text}");
        assert!(
            stderr(&out).starts_with(&format!("bad.json:{want}")),
            "{text}: {}",
            stderr(&out)
        );
    }
    let out = at(dir, &["check", "w.json", "--baseline", "none.json"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot read the baseline"));
}

const WAIVERS: &str = r#"
[[waiver]]
rule = "HA001"
target = "web-1"
reason = "batch job, restart is fine"
owner = "ops-team"
expires = "2027-03-31"

[[waiver]]
rule = "single-instance-module"
target = "app-1"
path = "old/*.json"
reason = "retired next quarter"
expires = "2026-01-31"
"#;

#[test]
fn config_waivers_suppress_and_expire() {
    let d = tree(&[
        ("archlint.toml", WAIVERS),
        ("w.json", TWO_WARN),
        ("old/w.json", TWO_WARN),
    ]);
    let dir = d.path();
    // w.json: web-1 waived; app-1 not (the second waiver's path does not match).
    let (status, doc) = json_at(dir, &["w.json"]);
    assert_eq!(status, 0);
    assert_eq!(
        found(&doc),
        [("HA001".into(), "app-1".into(), "warning".into())]
    );
    let sup = &doc["files"][0]["suppressed"];
    assert_eq!(sup.as_array().unwrap().len(), 1, "{doc}");
    assert_eq!(sup[0]["rule"], "HA001");
    assert_eq!(sup[0]["target"], "web-1");
    assert_eq!(sup[0]["suppression"]["kind"], "external");
    assert_eq!(
        sup[0]["suppression"]["reason"],
        "batch job, restart is fine"
    );
    assert_eq!(sup[0]["suppression"]["owner"], "ops-team");
    assert_eq!(sup[0]["suppression"]["expires"], "2027-03-31");
    assert_eq!(sup[0]["suppression"]["origin"], "archlint.toml:3:8");
    // old/w.json: app-1's waiver expired on 2026-01-31 (today is 2026-06-01): the finding is
    // back and DF009 says so, at the finding's place.
    let (_, doc) = json_at(dir, &["old/w.json"]);
    let f = found(&doc);
    assert!(
        f.contains(&("HA001".into(), "app-1".into(), "warning".into())),
        "{doc}"
    );
    let df9: Vec<&Value> = doc["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "DF009")
        .collect();
    assert_eq!(df9.len(), 1, "{doc}");
    assert_eq!(df9[0]["target"], "app-1");
    let msg = df9[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("archlint.toml:10:8") && msg.contains("expired on 2026-01-31"),
        "{msg}"
    );
    // Before its date it applies.
    let out = run_in(
        Some(dir),
        &["check", "--format", "json", "old/w.json"],
        None,
        &[("ARCHLINT_TODAY", "2026-01-31")],
    );
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(found(&doc).is_empty(), "{doc}");
    // In Chinese.
    let out = at(dir, &["check", "--lang", "zh", "old/w.json"]);
    assert!(
        stdout(&out).contains(
            "archlint.toml:10:8 中针对 `app-1` 的 `HA001` 的豁免已于 2026-01-31 过期：该发现会重新报告"
        ),
        "{}",
        stdout(&out)
    );
    // A waiver in force that accepts nothing is a warning (the exit status does not change).
    let out = at(dir, &["check", "w.json"]);
    assert!(
        !stderr(&out).contains("matched no finding"),
        "{}",
        stderr(&out)
    );
    std::fs::write(dir.join("clean.json"), CLEAN).unwrap();
    let out = at(dir, &["check", "clean.json"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stderr(&out),
        "archlint.toml:3:8: warning: the waiver for `HA001` on `web-1` matched no finding: remove it, or it will hide the finding if it comes back\n"
    );
    let out = at(dir, &["check", "--lang", "zh", "clean.json"]);
    assert!(
        stderr(&out)
            .contains("archlint.toml:3:8：警告：针对 `web-1` 的 `HA001` 豁免没有匹配到任何发现"),
        "{}",
        stderr(&out)
    );
    // A bad ARCHLINT_TODAY is an error.
    let out = run_in(
        Some(dir),
        &["check", "w.json"],
        None,
        &[("ARCHLINT_TODAY", "soon")],
    );
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("ARCHLINT_TODAY"));
}

#[test]
fn design_waivers_expire_with_the_same_clock() {
    let design = WARN.replacen(
        "\"archlint\": 1,",
        "\"archlint\": 1, \"ignore\": [ { \"rule\": \"HA001\", \"target\": \"web-1\", \"reason\": \"until the move\", \"owner\": \"ops\", \"expires\": \"2026-05-31\" } ],",
        1,
    );
    let d = tree(&[("w.json", &design)]);
    let (status, doc) = json_at(d.path(), &["w.json"]);
    assert_eq!(status, 0);
    let r = rules_of(&doc);
    assert!(
        r.contains(&"HA001".into()) && r.contains(&"DF009".into()),
        "{doc}"
    );
    // In Chinese: spaces between the code spans and the Chinese words, as elsewhere.
    let out = at(d.path(), &["check", "--lang", "zh", "w.json"]);
    assert!(
        stdout(&out).contains(
            "针对 `web-1` 的 `HA001` 的 ignore 条目已于 2026-05-31 过期（负责人：ops）：它接受的发现会重新报告"
        ),
        "{}",
        stdout(&out)
    );
    let out = run_in(
        Some(d.path()),
        &["check", "--format", "json", "w.json"],
        None,
        &[("ARCHLINT_TODAY", "2026-05-31")],
    );
    let doc: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(found(&doc).is_empty(), "{doc}");
    assert_eq!(
        doc["files"][0]["suppressed"][0]["suppression"]["kind"],
        "inSource"
    );
    assert_eq!(
        doc["files"][0]["suppressed"][0]["suppression"]["origin"],
        "/ignore/0"
    );
}

#[test]
fn every_format_shows_waived_findings_as_suppressed() {
    let d = tree(&[("archlint.toml", WAIVERS), ("w.json", TWO_WARN)]);
    let dir = d.path();
    // Text: a count, and the list on request.
    let out = at(dir, &["check", "w.json"]);
    let text = stdout(&out);
    assert!(
        text.contains("1 suppressed by waivers (--show-suppressed lists them)"),
        "{text}"
    );
    assert!(!text.contains("batch job"));
    let out = at(dir, &["check", "--show-suppressed", "w.json"]);
    let text = stdout(&out);
    assert!(
        text.contains("w.json:4:5: suppressed[HA001 single-instance-module] `web-1`: batch job, restart is fine; owner ops-team; until 2027-03-31 (waived by archlint.toml:3:8)"),
        "{text}"
    );
    let out = at(
        dir,
        &["check", "--show-suppressed", "--lang", "zh", "w.json"],
    );
    assert!(
        stdout(&out).contains("已抑制[HA001 single-instance-module]"),
        "{}",
        stdout(&out)
    );
    // SARIF: a result with suppressions, valid against the schema.
    let out = at(dir, &["check", "--format", "sarif", "w.json"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (schemas, idx) = sarif_schema();
    if let Err(e) = schemas.validate(&log, idx) {
        panic!("{e:#}");
    }
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let waived: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(waived.len(), 1);
    let s = &waived[0]["suppressions"][0];
    assert_eq!(s["kind"], "external");
    assert_eq!(s["justification"], "batch job, restart is fine");
    assert_eq!(s["properties"]["owner"], "ops-team");
    // A design's own ignore entry is inSource.
    let inline = TWO_WARN.replacen("\"archlint\": 1,", "\"archlint\": 1, \"ignore\": [ { \"rule\": \"HA001\", \"target\": \"app-1\", \"reason\": \"in the file\" } ],", 1);
    std::fs::write(dir.join("w.json"), inline).unwrap();
    let out = at(dir, &["check", "--format", "sarif", "w.json"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(schemas.validate(&log, idx).is_ok());
    let kinds: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["suppressions"][0]["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["external", "inSource"]);
    // GitHub: a notice with the count.
    let out = at(dir, &["check", "--format", "github", "w.json"]);
    assert!(
        stdout(&out).contains("::notice title=archlint::2 suppressed by waivers"),
        "{}",
        stdout(&out)
    );
}

/// An expired waiver (of the configuration or of the design) is a DF009 finding of its own,
/// next to the finding it no longer accepts, in every output format.
#[test]
fn an_expired_waiver_is_a_finding_in_every_format() {
    let inline = TWO_WARN.replacen(
        "\"archlint\": 1,",
        "\"archlint\": 1, \"ignore\": [ { \"rule\": \"HA001\", \"target\": \"web-1\", \"reason\": \"until the move\", \"expires\": \"2026-05-31\" } ],",
        1,
    );
    let cfg = "[[waiver]]\nrule = \"HA001\"\ntarget = \"app-1\"\nreason = \"retired soon\"\nowner = \"ops\"\nexpires = \"2026-01-31\"\n";
    let d = tree(&[("archlint.toml", cfg), ("w.json", &inline)]);
    let dir = d.path();
    // Text.
    let text = stdout(&at(dir, &["check", "w.json"]));
    assert_eq!(text.matches("warning[DF009]").count(), 2, "{text}");
    assert_eq!(text.matches("warning[HA001]").count(), 2, "{text}");
    assert!(
        text.contains("at archlint.toml:2:8 expired on 2026-01-31 (owner: ops)"),
        "{text}"
    );
    assert!(
        text.contains("the ignore entry for `HA001` on `web-1` expired on 2026-05-31"),
        "{text}"
    );
    // JSON.
    let (_, doc) = json_at(dir, &["w.json"]);
    let mut r = rules_of(&doc);
    r.sort();
    assert_eq!(r, ["DF009", "DF009", "HA001", "HA001"], "{doc}");
    assert!(
        doc["files"][0]["suppressed"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "{doc}"
    );
    // SARIF: results of their own, not suppressed.
    let out = at(dir, &["check", "--format", "sarif", "w.json"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let (schemas, idx) = sarif_schema();
    assert!(schemas.validate(&log, idx).is_ok());
    let results = log["runs"][0]["results"].as_array().unwrap();
    let df9: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "DF009").collect();
    assert_eq!(df9.len(), 2, "{log}");
    assert!(
        results.iter().all(|r| r.get("suppressions").is_none()),
        "{log}"
    );
    assert!(df9.iter().all(|r| r["level"] == "warning"));
    // GitHub: annotations.
    let gh = stdout(&at(dir, &["check", "--format", "github", "w.json"]));
    assert_eq!(
        gh.matches("title=DF009 expired-waiver::").count(),
        2,
        "{gh}"
    );
    assert!(!gh.contains("suppressed"), "{gh}");
}

/// The baseline's fingerprint of a finding is the one SARIF's `partialFingerprints` carries.
#[test]
fn baseline_fingerprints_are_sarifs() {
    let d = tree(&[("w.json", TWO_WARN)]);
    let dir = d.path();
    at(dir, &["check", "w.json", "--write-baseline", "b.json"]);
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap()).unwrap();
    let mut from_base: Vec<(String, String, String)> = base["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().into(),
                e["target"].as_str().unwrap().into(),
                e["fingerprint"].as_str().unwrap().into(),
            )
        })
        .collect();
    let out = at(dir, &["check", "--format", "sarif", "w.json"]);
    let log: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut from_sarif: Vec<(String, String, String)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let h = r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap();
            (
                r["ruleId"].as_str().unwrap().into(),
                r["locations"][0]["logicalLocations"][0]["name"]
                    .as_str()
                    .unwrap()
                    .into(),
                h.split(':').next().unwrap().into(),
            )
        })
        .collect();
    from_base.sort();
    from_sarif.sort();
    assert_eq!(from_base.len(), 2);
    assert_eq!(from_base, from_sarif);
}

#[test]
fn format_and_import_options_from_the_config() {
    let d = tree(&[
        (
            "archlint.toml",
            "format = \"json\"\nprofile = \"high-security\"\n",
        ),
        ("w.json", CLEAN),
    ]);
    let out = at(d.path(), &["check", "w.json"]);
    let doc: Value = serde_json::from_str(&stdout(&out)).expect("JSON from the config's format");
    // high-security demands the tier split: findings a standard design does not get.
    assert!(!found(&doc).is_empty(), "{doc}");
    // A design's own profile wins; --format wins over the file.
    let own = CLEAN.replacen(
        "\"archlint\": 1,",
        "\"archlint\": 1, \"profile\": \"standard\",",
        1,
    );
    std::fs::write(d.path().join("w.json"), own).unwrap();
    let out = at(d.path(), &["check", "--format", "text", "w.json"]);
    assert!(
        stdout(&out).starts_with("0 errors, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

/// `[import]`'s variables, var files and overlay reach the importer; the flags win.
#[test]
fn import_options_from_the_config() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let read = |p: &str| std::fs::read_to_string(fixtures.join(p)).unwrap();
    let d = tree(&[
        ("tf/main.tf", &read("vars/main.tf")),
        ("tf/six.tfvars", "web_count = 6\n"),
        ("oz/main.tf", &read("one_zone/main.tf")),
        ("oz/overlay.json", &read("overlay/overlay.json")),
    ]);
    let ecs = |args: &[&str]| -> String {
        let out = at(d.path(), args);
        let text = stdout(&out);
        let i = text
            .find(" production ECS")
            .unwrap_or_else(|| panic!("{args:?}: {text}{}", stderr(&out)));
        let n: String = text[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        n.chars().rev().collect()
    };
    assert_eq!(ecs(&["check", "tf"]), "1", "the variable's default");
    std::fs::write(
        d.path().join("tf/archlint.toml"),
        "[import]\nvars = { web_count = \"9\" }\n",
    )
    .unwrap();
    assert_eq!(ecs(&["check", "tf"]), "9");
    assert_eq!(
        ecs(&["check", "--var", "web_count=4", "tf"]),
        "4",
        "--var wins"
    );
    std::fs::write(
        d.path().join("tf/archlint.toml"),
        "[import]\nvar-files = [\"six.tfvars\"]\n",
    )
    .unwrap();
    assert_eq!(ecs(&["check", "tf"]), "6");
    // The overlay: its module name and facts join the imported design.
    let (_, doc) = json_at(d.path(), &["oz"]);
    assert!(!doc.to_string().contains("storefront"), "{doc}");
    std::fs::write(
        d.path().join("oz/archlint.toml"),
        "[import]\noverlay = \"overlay.json\"\n",
    )
    .unwrap();
    let (_, doc) = json_at(d.path(), &["oz"]);
    assert!(doc.to_string().contains("storefront"), "{doc}");
    // `config --show` of the directory itself: its path is `.`.
    let out = at(d.path(), &["config", "--show", "oz"]);
    assert!(
        stdout(&out).contains("\npath             .\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("import.overlay   \"oz/overlay.json\""),
        "{}",
        stdout(&out)
    );
}

#[test]
fn render_draws_the_findings_of_the_selected_rules() {
    let d = tree(&[("archlint.toml", "ignore = [\"HA\"]\n"), ("w.json", WARN)]);
    let out = at(d.path(), &["render", "w.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).contains("HA001"));
    std::fs::remove_file(d.path().join("archlint.toml")).unwrap();
    let out = at(d.path(), &["render", "w.json"]);
    assert!(stdout(&out).contains("HA001"));
    std::fs::write(d.path().join("archlint.toml"), "ignor = []\n").unwrap();
    let out = at(d.path(), &["render", "w.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("archlint.toml:1:1: error: unknown key `ignor`"),
        "{}",
        stderr(&out)
    );
}

/// `render` reads the configuration as `check` does: the nearest one, the one `--config`
/// names, or none with `--isolated` — its rule selection, its `lang` and its `[import]`
/// options.
#[test]
fn render_takes_config_and_isolated() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let read = |p: &str| std::fs::read_to_string(fixtures.join(p)).unwrap();
    let d = tree(&[
        ("archlint.toml", "lang = \"zh\"\nignore = [\"HA\"]\n"),
        ("elsewhere/zh.toml", "lang = \"zh\"\n"),
        ("w.json", WARN),
        ("oz/main.tf", &read("one_zone/main.tf")),
        ("oz/overlay.json", &read("overlay/overlay.json")),
        ("oz/archlint.toml", "[import]\noverlay = \"overlay.json\"\n"),
    ]);
    let dir = d.path();
    let svg = |args: &[&str]| -> String {
        let out = at(dir, args);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    const EN: &str = "that ECS is a single point of failure";
    const ZH: &str = "存在单点故障";
    // The nearest configuration: HA ignored.
    assert!(!svg(&["render", "w.json"]).contains("HA001"));
    // --isolated: every rule, in the default language.
    let s = svg(&["render", "--isolated", "w.json"]);
    assert!(
        s.contains("HA001") && s.contains(EN) && !s.contains(ZH),
        "{s}"
    );
    // --config: that file's selection (none) and its language; --lang wins over it.
    let s = svg(&["render", "--config", "elsewhere/zh.toml", "w.json"]);
    assert!(
        s.contains("HA001") && s.contains(ZH) && !s.contains(EN),
        "{s}"
    );
    let s = svg(&[
        "render",
        "--lang",
        "en",
        "--config",
        "elsewhere/zh.toml",
        "w.json",
    ]);
    assert!(s.contains(EN) && !s.contains(ZH), "{s}");
    // Standard input: the configuration of its --stdin-filename's directory.
    let out = run_in(
        Some(dir),
        &["render", "--stdin-filename", "w.json", "-"],
        Some(WARN.as_bytes()),
        &[TODAY],
    );
    assert!(!stdout(&out).contains("HA001"), "{}", stderr(&out));
    let out = run_in(
        Some(dir),
        &["render", "--isolated", "-"],
        Some(WARN.as_bytes()),
        &[TODAY],
    );
    assert!(stdout(&out).contains(EN), "{}", stderr(&out));
    // [import]: the overlay's module joins the imported design, unless --isolated.
    assert!(svg(&["render", "oz"]).contains("storefront"));
    assert!(!svg(&["render", "--isolated", "oz"]).contains("storefront"));
    // A --config that cannot be read: exit 2, the file and why, nothing drawn.
    let out = at(dir, &["render", "--config", "missing.toml", "w.json"]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).starts_with("missing.toml: error: cannot read the configuration: "),
        "{}",
        stderr(&out)
    );
    let out = at(
        dir,
        &[
            "render",
            "--lang",
            "zh",
            "--config",
            "missing.toml",
            "w.json",
        ],
    );
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("missing.toml：错误：无法读取配置文件："),
        "{}",
        stderr(&out)
    );
    // A --config with a mistake: its position.
    std::fs::write(dir.join("elsewhere/bad.toml"), "ignor = []\n").unwrap();
    let out = at(dir, &["render", "--config", "elsewhere/bad.toml", "w.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("elsewhere/bad.toml:1:1: error: unknown key `ignor`"),
        "{}",
        stderr(&out)
    );
}

/// The codes and severities (1 error, 2 warning) of the diagnostics `archlint lsp ARGS`, run
/// in `dir`, publishes for `file` when a client opens it (the coverage diagnostic left out).
fn lsp_codes(dir: &Path, args: &[&str], file: &str) -> Vec<(String, u64)> {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_archlint"))
        .arg("lsp")
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("ARCHLINT_TODAY", TODAY.1)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                match line.trim_end() {
                    "" => break,
                    l => {
                        if let Some(n) = l.strip_prefix("Content-Length: ") {
                            len = n.parse().unwrap();
                        }
                    }
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        }
    });
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let uri = format!("file://{}", dir.join(file).display());
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    send(
        serde_json::json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": null, "capabilities": {} } }),
    );
    send(serde_json::json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    send(
        serde_json::json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": { "textDocument": { "uri": uri, "languageId": "json", "version": 1, "text": text } } }),
    );
    let published = loop {
        let m = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("diagnostics published");
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
            break m;
        }
    };
    send(serde_json::json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null }));
    send(serde_json::json!({ "jsonrpc": "2.0", "method": "exit", "params": null }));
    drop(stdin);
    assert!(child.wait().unwrap().success());
    published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] != "coverage")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// `archlint lsp --config FILE` / `--isolated`, for editors that start the server with
/// arguments of their own.
#[test]
fn lsp_takes_config_and_isolated() {
    let d = tree(&[
        ("archlint.toml", "ignore = [\"HA\"]\n"),
        ("elsewhere/err.toml", "[severity]\nHA001 = \"error\"\n"),
        ("w.json", WARN),
    ]);
    let dir = d.path();
    assert!(lsp_codes(dir, &[], "w.json").is_empty());
    assert_eq!(
        lsp_codes(dir, &["--isolated"], "w.json"),
        [("HA001".to_string(), 2)]
    );
    // The named file's severity: an error.
    assert_eq!(
        lsp_codes(dir, &["--config", "elsewhere/err.toml"], "w.json"),
        [("HA001".to_string(), 1)]
    );
    // A --config that cannot be read: the server does not start.
    let out = at(dir, &["lsp", "--config", "missing.toml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("missing.toml: error: cannot read the configuration: "),
        "{}",
        stderr(&out)
    );
}

/// `--show-suppressed` with `--format github`: each finding a waiver accepted is a notice
/// annotation at its place, with the waiver; the closing notice points at the flag only when it
/// was not given. Designs and imported Terraform alike, in English and Chinese.
#[test]
fn github_format_lists_suppressed_findings_on_request() {
    let cfg = "[[waiver]]\nrule = \"HA001\"\ntarget = \"web-1\"\nreason = \"batch job, 100% safe\"\nowner = \"ops-team\"\nexpires = \"2027-03-31\"\n";
    let inline = TWO_WARN.replacen(
        "\"archlint\": 1,",
        "\"archlint\": 1, \"ignore\": [ { \"rule\": \"HA001\", \"target\": \"app-1\", \"reason\": \"in the file\" } ],",
        1,
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let tf = std::fs::read_to_string(fixtures.join("one_zone/main.tf")).unwrap();
    let d = tree(&[
        ("archlint.toml", cfg),
        ("w.json", &inline),
        (
            "oz/archlint.toml",
            "[[waiver]]\nrule = \"ZN004\"\nreason = \"one zone on purpose\"\n",
        ),
        ("oz/main.tf", &tf),
    ]);
    let dir = d.path();
    let gh = |args: &[&str]| -> String {
        let mut a = vec!["check", "--format", "github"];
        a.extend_from_slice(args);
        let out = at(dir, &a);
        assert_ne!(code(&out), 2, "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    // Without the flag: the count, and where to find the list.
    let plain = gh(&["w.json"]);
    assert_eq!(
        plain,
        "::notice title=archlint::2 suppressed by waivers (--show-suppressed lists them)\n"
    );
    // With it: one notice per accepted finding, then the count alone.
    let listed = gh(&["--show-suppressed", "w.json"]);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(
        lines,
        [
            "::notice file=w.json,line=4,col=5,title=HA001 single-instance-module (suppressed)::module `web` runs only on `web-1`: that ECS is a single point of failure%0Asuppressed: batch job, 100%25 safe; owner ops-team; until 2027-03-31 (waived by archlint.toml:2:8)",
            "::notice file=w.json,line=5,col=5,title=HA001 single-instance-module (suppressed)::module `app` runs only on `app-1`: that ECS is a single point of failure%0Asuppressed: in the file (waived by w.json#/ignore/0)",
            "::notice title=archlint::2 suppressed by waivers",
        ],
        "{listed}"
    );
    let zh = gh(&["--show-suppressed", "--lang", "zh", "w.json"]);
    assert!(
        zh.contains("::notice file=w.json,line=4,col=5,title=HA001 single-instance-module（已抑制）::模块 `web` 只部署在 `web-1` 一台 ECS 上，存在单点故障%0A已抑制：batch job, 100%25 safe; 负责人 ops-team; 有效至 2027-03-31 (豁免位置 archlint.toml:2:8)\n"),
        "{zh}"
    );
    assert!(
        zh.ends_with("::notice title=archlint::2 个发现已被豁免抑制\n"),
        "{zh}"
    );
    let zh_plain = gh(&["--lang", "zh", "w.json"]);
    assert_eq!(
        zh_plain,
        "::notice title=archlint::2 个发现已被豁免抑制（--show-suppressed 可列出）\n"
    );
    // Imported Terraform: the notice points into the .tf file.
    let tf_out = gh(&["--show-suppressed", "oz"]);
    assert!(
        tf_out.contains("::notice file=oz/main.tf,line=5,col=1,title=ZN004 vswitches-in-one-zone (suppressed)::"),
        "{tf_out}"
    );
    assert!(
        tf_out.contains("%0Asuppressed: one zone on purpose (waived by oz/archlint.toml:2:8)\n"),
        "{tf_out}"
    );
    assert!(!gh(&["oz"]).contains("ZN004"));
}
