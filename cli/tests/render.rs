//! `archlint render`: SVG, PNG and DOT of every reference and broken design, Graphviz layout,
//! determinism, standard input, errors, and snapshots of the reference drawings.
//!
//! Snapshots live in `tests/snapshots/<design>.svg`; `ARCHLINT_BLESS=1 cargo test -p
//! archlint-cli --test render` rewrites them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use resvg::tiny_skia::Pixmap;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

fn reference() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(examples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    assert_eq!(v.len(), 4, "{v:?}");
    v
}

fn broken() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(examples().join("broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    v.sort();
    assert!(v.len() >= 10, "{v:?}");
    v
}

fn all_designs() -> Vec<PathBuf> {
    let mut v = reference();
    v.extend(broken());
    v
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stem(p: &Path) -> String {
    p.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The SVG parses as XML, with one `<svg>` root that has a viewBox.
fn assert_svg<'a>(text: &'a str, what: &str) -> roxmltree::Document<'a> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{what}");
    assert!(root.attribute("viewBox").is_some(), "{what}");
    doc
}

fn assert_dot(text: &str, what: &str) -> graphviz_rust::dot_structures::Graph {
    graphviz_rust::parse(text).unwrap_or_else(|e| panic!("{what}: DOT does not parse: {e}\n{text}"))
}

fn decode_png(bytes: &[u8], what: &str) -> Pixmap {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{what}: not a PNG");
    Pixmap::decode_png(bytes).unwrap_or_else(|e| panic!("{what}: PNG does not decode: {e}"))
}

#[test]
fn every_design_renders_as_svg() {
    for p in all_designs() {
        for extra in [
            &[][..],
            &["--lang", "zh", "--theme", "dark"],
            &["--no-findings"],
        ] {
            let mut args = vec!["render", s(&p)];
            args.extend_from_slice(extra);
            let out = run(&args);
            assert_eq!(code(&out), 0, "{p:?} {extra:?}: {}", stderr(&out));
            assert!(out.stderr.is_empty(), "{}", stderr(&out));
            let text = stdout(&out);
            let doc = assert_svg(&text, s(&p));
            // Every node of the design is drawn.
            let design: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let ids: Vec<&str> = doc
                .descendants()
                .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
                .filter_map(|n| n.attribute("data-id"))
                .collect();
            for node in design["nodes"].as_array().into_iter().flatten() {
                if let Some(id) = node["id"].as_str() {
                    assert!(ids.contains(&id), "{p:?}: node {id} not drawn");
                }
            }
        }
    }
}

#[test]
fn options_reach_the_drawing() {
    let p = examples().join("broken/ha.json");
    let plain = stdout(&run(&["render", s(&p)]));
    assert!(plain.contains("class=\"archlint al-light\""));
    assert!(
        plain.contains("class=\"ring "),
        "findings are drawn by default"
    );
    assert!(plain.contains(">Legend<"));

    let dark = stdout(&run(&["render", s(&p), "--theme", "dark"]));
    assert!(dark.contains("class=\"archlint al-dark\""));

    let zh = stdout(&run(&["render", s(&p), "--lang", "zh"]));
    assert!(zh.contains(">图例<"));
    assert!(
        zh.contains("设计级问题") || zh.contains("单实例"),
        "Chinese messages"
    );

    let bare = stdout(&run(&["render", s(&p), "--no-findings"]));
    assert!(!bare.contains("class=\"ring "));
    assert!(!bare.contains("data-findings"));

    let pre = stdout(&run(&["render", s(&p), "--id-prefix", "fig-2"]));
    let doc = assert_svg(&pre, "prefix");
    let ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert!(ids.len() > 5);
    assert!(ids.iter().all(|i| i.starts_with("fig-2")), "{ids:?}");
    assert!(pre.contains("url(#fig-2-arrow)"));

    // Ignored rules are not drawn.
    let ign = stdout(&run(&["render", s(&p), "--ignore", "HA001"]));
    assert!(!ign.contains("HA001"));
    assert!(plain.contains("HA001"));
}

#[test]
fn every_design_renders_as_png() {
    let dir = files(&[]);
    for p in all_designs() {
        let out_path = path(&dir, &format!("{}.png", stem(&p)));
        let out = run(&["render", s(&p), "-o", &out_path, "--scale", "1"]);
        assert_eq!(code(&out), 0, "{p:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let bytes = std::fs::read(&out_path).unwrap();
        let px = decode_png(&bytes, s(&p));
        assert!(
            px.width() >= 600 && px.height() >= 150,
            "{p:?}: {}×{}",
            px.width(),
            px.height()
        );
        // Not a blank image: the drawing has ink.
        let ink = px.pixels().iter().filter(|c| c.red() < 128).count();
        assert!(ink > 1000, "{p:?}: {ink} dark pixels");
    }
}

#[test]
fn png_size_follows_the_scale_and_goes_to_a_pipe() {
    let p = examples().join("classic-dual-zone.json");
    let one = run(&["render", s(&p), "--format", "png", "--scale", "1"]);
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    let one = decode_png(&one.stdout, "scale 1");
    let two = run(&["render", s(&p), "--format", "png"]);
    assert_eq!(code(&two), 0, "{}", stderr(&two));
    let two = decode_png(&two.stdout, "scale 2");
    assert_eq!(two.width(), one.width() * 2);
    assert_eq!(two.height(), one.height() * 2);
    for bad in ["0", "-1", "nan", "100"] {
        let out = run(&["render", s(&p), "--format", "png", "--scale", bad]);
        assert_eq!(code(&out), 2, "--scale {bad}");
    }
}

/// Dark pixels in the title band (the top 44 px of the drawing, at scale 1).
fn title_ink(png: &Pixmap) -> (usize, Vec<u8>) {
    let w = png.width() as usize;
    let band = &png.pixels()[..w * 44];
    let ink = band.iter().filter(|c| c.red() < 128).count();
    (ink, band.iter().map(|c| c.red()).collect())
}

#[test]
fn chinese_text_is_drawn_in_the_png() {
    let render = |name: &str| {
        let design = format!("{{ \"archlint\": 1, \"name\": \"{name}\", \"regions\": [] }}");
        let out = run_stdin(
            &[
                "render",
                "-",
                "--format",
                "png",
                "--scale",
                "1",
                "--no-findings",
            ],
            design.as_bytes(),
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        decode_png(&out.stdout, name)
    };
    let (ink_a, band_a) = title_ink(&render("金融云灾备架构"));
    let (ink_b, band_b) = title_ink(&render("测试网络拓扑图"));
    // The SVG of a name of spaces has the default title; build the empty case from the
    // first drawing instead: its band without the title is background only.
    assert!(ink_a > 300, "the Chinese title left {ink_a} dark pixels");
    assert!(ink_b > 300, "the Chinese title left {ink_b} dark pixels");
    // Real glyphs, not the same missing-glyph box repeated.
    assert_ne!(
        band_a, band_b,
        "two different Chinese titles draw the same pixels"
    );
    // An empty design's title band (an ASCII one-letter title) has far less ink.
    let (ink_x, _) = title_ink(&render("x"));
    assert!(ink_x * 5 < ink_a, "x: {ink_x}, Chinese: {ink_a}");
}

#[test]
fn every_design_exports_dot_with_zone_clusters() {
    use graphviz_rust::dot_structures::{Graph, Stmt, Subgraph};
    fn clusters(stmts: &[Stmt], out: &mut Vec<String>) {
        for st in stmts {
            if let Stmt::Subgraph(Subgraph { id, stmts }) = st {
                out.push(format!("{id:?}"));
                clusters(stmts, out);
            }
        }
    }
    for p in all_designs() {
        let out = run(&["render", s(&p), "--format", "dot"]);
        assert_eq!(code(&out), 0, "{p:?}: {}", stderr(&out));
        let text = stdout(&out);
        let g = assert_dot(&text, s(&p));
        let Graph::DiGraph { stmts, .. } = g else {
            panic!("{p:?}: not a digraph")
        };
        let mut names = Vec::new();
        clusters(&stmts, &mut names);
        let design: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let zones: usize = design["regions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| r["zones"].as_array().map_or(0, Vec::len))
            .sum();
        let zone_clusters = names
            .iter()
            .filter(|n| n.contains("cluster_r") && n.contains("_z") && !n.contains("_v"))
            .count();
        assert_eq!(zone_clusters, zones, "{p:?}: {names:?}");
    }
    // -o with the .dot extension gives the same text.
    let dir = files(&[]);
    let p = examples().join("vpc.json");
    let o = path(&dir, "vpc.dot");
    assert_eq!(code(&run(&["render", s(&p), "-o", &o])), 0);
    let file = std::fs::read_to_string(&o).unwrap();
    assert_eq!(file, stdout(&run(&["render", s(&p), "--format", "dot"])));
}

fn dot_installed() -> bool {
    Command::new("dot").arg("-V").output().is_ok()
}

#[test]
fn graphviz_layout() {
    if !dot_installed() {
        eprintln!("note: Graphviz `dot` is not installed; skipping the --layout graphviz test");
        return;
    }
    for p in reference() {
        let out = run(&["render", s(&p), "--layout", "graphviz"]);
        assert_eq!(code(&out), 0, "{p:?}: {}", stderr(&out));
        let text = stdout(&out);
        // Graphviz writes a DOCTYPE.
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(&text, opts)
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        // Graphviz's drawing: one `<g class="cluster">` per region, zone and vSwitch.
        let clusters = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("cluster"))
            .count();
        assert!(clusters >= 3, "{p:?}: {clusters} clusters");
    }
    let dir = files(&[]);
    let o = path(&dir, "g.png");
    let p = examples().join("vpc.json");
    let out = run(&[
        "render",
        s(&p),
        "--layout",
        "graphviz",
        "-o",
        &o,
        "--scale",
        "1",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    decode_png(&std::fs::read(&o).unwrap(), "graphviz png");
}

#[test]
fn graphviz_layout_without_dot_says_how_to_install_it() {
    let empty = files(&[]);
    let p = examples().join("vpc.json");
    let out = run_in(
        None,
        &["render", s(&p), "--layout", "graphviz"],
        None,
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("not installed"), "{err}");
    assert!(err.contains("apt-get install graphviz"), "{err}");
    // DOT output has nothing to lay out.
    let out = run(&["render", s(&p), "--layout", "graphviz", "--format", "dot"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn output_is_byte_identical_across_runs() {
    for p in reference() {
        for fmt in ["svg", "dot"] {
            let a = run(&["render", s(&p), "--format", fmt]);
            let b = run(&["render", s(&p), "--format", fmt]);
            assert_eq!(code(&a), 0);
            assert!(a.stdout == b.stdout, "{p:?} {fmt} differs between runs");
        }
    }
    let p = examples().join("high-security.json");
    let a = run(&["render", s(&p), "--format", "png", "--scale", "1"]);
    let b = run(&["render", s(&p), "--format", "png", "--scale", "1"]);
    assert!(a.stdout == b.stdout, "PNG differs between runs");
}

#[test]
fn standard_input_and_output_files() {
    let p = examples().join("two-region-three-center.json");
    let text = std::fs::read(&p).unwrap();
    let from_file = run(&["render", s(&p)]);
    let from_stdin = run_stdin(&["render", "-"], &text);
    assert_eq!(code(&from_stdin), 0, "{}", stderr(&from_stdin));
    assert_eq!(stdout(&from_stdin), stdout(&from_file));
    // `-o -` is standard output too.
    let dash = run_stdin(&["render", "-", "-o", "-"], &text);
    assert_eq!(dash.stdout, from_file.stdout);

    let dir = files(&[]);
    for (name, magic) in [
        ("d.svg", &b"<svg"[..]),
        ("d.SVG", b"<svg"),
        ("d.png", b"\x89PNG"),
        ("d.dot", b"digraph"),
        ("d.gv", b"digraph"),
    ] {
        let o = path(&dir, name);
        let out = run_stdin(&["render", "-", "-o", &o, "--scale", "0.5"], &text);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        let bytes = std::fs::read(&o).unwrap();
        assert!(bytes.starts_with(magic), "{name}");
    }
    // --format wins over the extension.
    let o = path(&dir, "forced.svg");
    let out = run_stdin(&["render", "-", "-o", &o, "--format", "dot"], &text);
    assert_eq!(code(&out), 0);
    assert!(std::fs::read(&o).unwrap().starts_with(b"digraph"));
}

#[test]
fn errors_exit_2_with_a_position() {
    let dir = files(&[
        ("bad.json", b"{ \"archlint\": 1,\n  \"nodes\": [ }"),
        ("v2.json", b"{ \"archlint\": 2 }"),
        ("ok.json", br#"{ "archlint": 1, "regions": [] }"#),
    ]);
    for fmt in ["svg", "png", "dot"] {
        let bad = path(&dir, "bad.json");
        let out = run(&["render", &bad, "--format", fmt]);
        assert_eq!(code(&out), 2, "{fmt}");
        assert!(out.stdout.is_empty());
        assert!(
            has_positioned_error(&stderr(&out), &bad),
            "{}",
            stderr(&out)
        );
    }
    let out = run_stdin(
        &["render", "-", "--stdin-filename", "piped.json"],
        b"{\n  \"archlint\": 1,\n  \"regions\": [,]\n}",
    );
    assert_eq!(code(&out), 2);
    assert!(
        has_positioned_error(&stderr(&out), "piped.json"),
        "{}",
        stderr(&out)
    );

    let out = run(&["render", &path(&dir, "v2.json")]);
    assert_eq!(code(&out), 2);
    let out = run(&["render", &path(&dir, "missing.json")]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read the file"),
        "{}",
        stderr(&out)
    );
    let out = run(&["render", &path(&dir, "ok.json"), "--max-bytes", "10"]);
    assert_eq!(code(&out), 2);

    // An extension that names no format.
    let out = run(&["render", &path(&dir, "ok.json"), "-o", &path(&dir, "x.txt")]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--format"), "{}", stderr(&out));
    assert!(!dir.path().join("x.txt").exists());
    // An unknown rule to ignore, an unknown format.
    let out = run(&["render", &path(&dir, "ok.json"), "--ignore", "HA0001"]);
    assert_eq!(code(&out), 2);
    let out = run(&["render", &path(&dir, "ok.json"), "--format", "pdf"]);
    assert_eq!(code(&out), 2);
    // An output file that cannot be written.
    let out = run(&[
        "render",
        &path(&dir, "ok.json"),
        "-o",
        &path(&dir, "no/such/dir.svg"),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    // Chinese messages.
    let out = run(&[
        "render",
        &path(&dir, "ok.json"),
        "-o",
        &path(&dir, "x.txt"),
        "--lang",
        "zh",
    ]);
    assert!(stderr(&out).contains("无法"), "{}", stderr(&out));
}

#[test]
fn snapshots_of_the_reference_designs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let bless = std::env::var_os("ARCHLINT_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for p in reference() {
        let out = run(&["render", s(&p), "--id-prefix", "snap"]);
        assert_eq!(code(&out), 0, "{p:?}: {}", stderr(&out));
        let actual = stdout(&out);
        let file = dir.join(format!("{}.svg", stem(&p)));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &actual).unwrap();
            continue;
        }
        let expected = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!(
                    "{}: cannot read the snapshot ({e}); run with ARCHLINT_BLESS=1 to write it",
                    file.display()
                ));
                continue;
            }
        };
        if expected != actual {
            let longest = expected.lines().count().max(actual.lines().count());
            let (n, (e, a)) = expected
                .lines()
                .chain(std::iter::repeat("<end of file>"))
                .zip(actual.lines().chain(std::iter::repeat("<end of file>")))
                .take(longest)
                .enumerate()
                .find(|(_, (e, a))| e != a)
                .unwrap_or((longest, ("(line ends differ)", "(line ends differ)")));
            failures.push(format!(
                "{}: differs from the snapshot at line {}\n  expected: {e}\n  actual:   {a}\n(if the change is intended, rerun with ARCHLINT_BLESS=1)",
                file.display(),
                n + 1
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Labels and ids that try to break out of DOT strings, XML or the style sheet.
const HOSTILE: &str = r#"{
  "archlint": 1,
  "name": "<script>alert(1)</script> \" } digraph x { ",
  "regions": [ { "id": "r\" -> \"x", "label": "</style><style>*{}</style>",
                 "network": "classic", "zones": [ { "id": "z\\", "label": "ends with a backslash \\" } ] } ],
  "nodes": [
    { "id": "a", "kind": "ecs", "zone": "z\\", "label": "<script>alert(1)</script>" },
    { "id": "b\"><svg onload=alert(1)>", "kind": "ecs", "zone": "z\\", "label": "line\nbreak \"quoted\" {braces} ]]>" },
    { "id": "c", "kind": "ecs", "zone": "z\\", "label": "abc\u202Eevil\u2066 \\\" 中文标签" },
    { "id": "d // comment", "kind": "ecs", "zone": "z\\", "label": "/* not a comment */ # nor this" },
    { "id": "g", "kind": "slb", "region": "r\" -> \"x", "backends": ["a", "c"] }
  ],
  "links": [ { "from": "internet", "to": "g", "port": 80 },
             { "from": "a", "to": "b\"><svg onload=alert(1)>", "port": 22 },
             { "from": "d // comment", "to": "c", "port": 8080 } ]
}"#;

#[test]
fn hostile_labels_stay_inert_in_every_format() {
    let svg = run_stdin(&["render", "-"], HOSTILE.as_bytes());
    assert_eq!(code(&svg), 0, "{}", stderr(&svg));
    let svg = stdout(&svg);
    let doc = assert_svg(&svg, "hostile");
    assert!(!svg.contains("<script") && !svg.contains("<svg onload"));
    assert_eq!(svg.matches("</style>").count(), 1);
    let drawn: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .filter_map(|n| n.attribute("data-id"))
        .collect();
    for id in ["a", "b\"><svg onload=alert(1)>", "c", "d // comment", "g"] {
        assert!(drawn.contains(&id), "{id} not drawn: {drawn:?}");
    }

    let dot = run_stdin(&["render", "-", "--format", "dot"], HOSTILE.as_bytes());
    assert_eq!(code(&dot), 0, "{}", stderr(&dot));
    let dot = stdout(&dot);
    assert_dot(&dot, "hostile");
    assert!(!dot.contains('\u{202E}'));
    if dot_installed() {
        let gv = run_stdin(&["render", "-", "--layout", "graphviz"], HOSTILE.as_bytes());
        assert_eq!(code(&gv), 0, "{}", stderr(&gv));
        let text = stdout(&gv);
        // Graphviz sees exactly the design's nodes (and the internet), no injected ones.
        let nodes = text.matches("class=\"node\"").count();
        assert_eq!(nodes, 6, "{text}");
    }

    let png = run_stdin(
        &["render", "-", "--format", "png", "--scale", "1"],
        HOSTILE.as_bytes(),
    );
    assert_eq!(code(&png), 0, "{}", stderr(&png));
    decode_png(&png.stdout, "hostile");
}

#[test]
fn no_png_on_a_terminal() {
    // `script` runs the command with a pseudo-terminal as its standard output.
    let script = Command::new("script").arg("--version").output();
    if !script.is_ok_and(|o| o.status.success()) {
        eprintln!("note: `script` (util-linux) is not installed; skipping the terminal test");
        return;
    }
    let p = examples().join("vpc.json");
    let cmd = format!(
        "'{}' render '{}' --format png",
        env!("CARGO_BIN_EXE_archlint"),
        s(&p)
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("will not write a PNG to a terminal"),
        "{text}"
    );
    assert!(!text.contains("PNG\r\n"), "PNG bytes reached the terminal");
}
