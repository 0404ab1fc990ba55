//! `layout_quality`: how readable archlint's drawings are, beside Graphviz `dot` and the
//! Eclipse Layout Kernel (ELK) on the same graphs. Run by `scripts/perf-report.sh`, which
//! builds it and passes `--update docs/performance.md`.
//!
//! ```text
//! target/release/layout_quality [--no-peers] [--tools DIR] [--elkjs DIR] [--timeout SECONDS]
//!     [--sizes N,N,…] [--seeds N] [--check-all] [--keep DIR] [--update FILE]
//! ```
//!
//! Designs: the four reference designs (`examples/*.json`) and generated designs
//! (`archlint_core::gen::design(n, seed)`) of about 50, 150, 400 and 1,000 nodes (`--sizes`),
//! seeds 1 to 3 (`--seeds`). Each is loaded, linted and laid out as `archlint render` does
//! (findings shown, English).
//!
//! - **archlint**: the figures of `archlint_core::layout::quality` computed on the Scene.
//! - **dot** and **ELK**: the design's DOT export (`archlint_core::dot::to_dot`, what
//!   `archlint render -o x.dot` writes) drawn by `dot -Tsvg` and by `node elk_layout.mjs`
//!   (elkjs: layered, orthogonal routing, hierarchy included), each SVG measured by
//!   `diagram_metrics.py` — the commands `diagram_metrics.py --compare DESIGN --elk DIR` runs,
//!   so the peers' figures come from the very code that measured them for issue #12. Needs
//!   python3, Graphviz `dot`, node and elkjs (`npm install elkjs --prefix target/elk`); the
//!   scripts are looked for in `--tools DIR` (default `../shared/tools`). What is missing is
//!   reported as not run. Each tool (and each run of the script) is stopped after `--timeout`
//!   seconds (default 300): the script takes minutes on a drawing with 100,000s of crossings.
//! - The script also measures archlint's own SVG of the same Scene, to check that the Rust
//!   figures and the script's agree (the section's last table): for the designs of at most
//!   200 nodes, or all with `--check-all`.
//!
//! Prints the section "Layout quality" of `docs/performance.md` (Markdown); with `--update
//! FILE` also writes it into FILE, replacing the section if it is there. The SVG and DOT files
//! go to `--keep DIR` (default `$TMPDIR/archlint-layout-quality`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use archlint_bench::{splice_section, thousands};
use archlint_core::index::Ctx;
use archlint_core::json::{self, Kind};
use archlint_core::layout::quality::{self, Quality};
use archlint_core::{
    dot, gen, layout, load, to_svg, LayoutOptions, Limits, LintOptions, SvgOptions,
};

#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECTION: &str = "## Layout quality";
const REFERENCE: [&str; 4] = [
    "vpc",
    "high-security",
    "classic-dual-zone",
    "two-region-three-center",
];

struct Args {
    peers: bool,
    tools: PathBuf,
    elkjs: PathBuf,
    timeout: Duration,
    sizes: Vec<usize>,
    seeds: u64,
    check_all: bool,
    keep: PathBuf,
    update: Option<PathBuf>,
}

fn args(root: &Path) -> Args {
    let mut a = Args {
        peers: true,
        tools: root.join("../shared/tools"),
        elkjs: root.join("target/elk"),
        timeout: Duration::from_secs(300),
        sizes: vec![50, 150, 400, 1000],
        seeds: 3,
        check_all: false,
        keep: std::env::temp_dir().join("archlint-layout-quality"),
        update: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .unwrap_or_else(|| panic!("{name} needs a value (see the source's doc comment)"))
        };
        match arg.as_str() {
            "--no-peers" => a.peers = false,
            "--check-all" => a.check_all = true,
            "--tools" => a.tools = PathBuf::from(value("--tools")),
            "--elkjs" => a.elkjs = PathBuf::from(value("--elkjs")),
            "--timeout" => {
                a.timeout = Duration::from_secs_f64(value("--timeout").parse().expect("seconds"))
            }
            "--sizes" => {
                a.sizes = value("--sizes")
                    .split(',')
                    .map(|s| s.replace('_', "").parse().expect("node counts: 50,150"))
                    .collect()
            }
            "--seeds" => a.seeds = value("--seeds").parse().expect("a number of seeds"),
            "--keep" => a.keep = PathBuf::from(value("--keep")),
            "--update" => a.update = Some(PathBuf::from(value("--update"))),
            other => panic!("unknown argument {other} (see the source's doc comment)"),
        }
    }
    a
}

/// The figures `diagram_metrics.py` printed for one SVG.
#[derive(Debug, Clone, Default)]
struct Script {
    nodes: f64,
    edges: f64,
    crossings: f64,
    crossing_pairs: f64,
    shared: f64,
    shared_len: f64,
    length: f64,
    bends: f64,
    labels_crossed: f64,
    through_nodes: f64,
    detour_l1: f64,
    area_per_node: f64,
    /// Wall time of the tool that drew it (dot, node), s.
    seconds: f64,
}

/// One design measured.
struct Row {
    name: String,
    q: Quality,
    /// The script on archlint's own SVG of the same Scene.
    svg: Result<Script, String>,
    dot: Result<Script, String>,
    elk: Result<Script, String>,
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let a = args(&root);
    std::fs::create_dir_all(&a.keep).expect("the --keep directory");
    let metrics = a.tools.join("diagram_metrics.py");
    let elk_script = a.tools.join("elk_layout.mjs");
    let have_script = a.peers && metrics.is_file() && archlint_bench::installed("python3", "-V");
    let have_dot = have_script && archlint_bench::installed("dot", "-V");
    let have_elk = have_script
        && elk_script.is_file()
        && archlint_bench::installed("node", "--version")
        && a.elkjs
            .join("node_modules/elkjs/lib/elk.bundled.js")
            .is_file();
    let not_run = |what: &str| Err(format!("not run: {what}"));

    let mut designs: Vec<(String, String)> = Vec::new();
    for name in REFERENCE {
        let path = root.join("examples").join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        designs.push((format!("{name}.json"), text));
    }
    for &n in &a.sizes {
        for seed in 1..=a.seeds {
            designs.push((format!("generated {n}, seed {seed}"), gen::design(n, seed)));
        }
    }

    let mut rows: Vec<Row> = Vec::new();
    for (name, text) in &designs {
        eprintln!("layout_quality: {name}");
        let loaded = load(text, &Limits::DEFAULT).expect("the design loads");
        let mut cx = Ctx::new(&loaded.design);
        let findings =
            archlint_core::lint::lint_with_ctx(&loaded, &mut cx, &LintOptions::default()).findings;
        let scene = layout(&loaded.design, &cx, &findings, &LayoutOptions::default());
        let q = quality::measure(&scene);
        let base = a
            .keep
            .join(name.replace([' ', ','], "-").replace("--", "-"));
        let file = |ext: &str| PathBuf::from(format!("{}{ext}", base.display()));
        let svg_path = file(".archlint.svg");
        let svg = to_svg(
            &scene,
            &SvgOptions {
                id_prefix: Some("q".into()),
                ..SvgOptions::default()
            },
        );
        std::fs::write(&svg_path, svg).expect("write the SVG");
        let dot_path = file(".dot");
        std::fs::write(&dot_path, dot::to_dot(&loaded.design, &cx)).expect("write the DOT");
        let measure = |svg: &Path, format: &str| script(&metrics, svg, format, a.timeout);
        let svg = if have_script && (a.check_all || q.nodes <= 200) {
            measure(&svg_path, "archlint")
        } else if have_script {
            not_run("over 200 nodes (--check-all)")
        } else {
            not_run("python3 or diagram_metrics.py missing")
        };
        let dot = if have_dot {
            let out = file(".dot.svg");
            let mut cmd = Command::new("dot");
            cmd.arg("-Tsvg").arg(&dot_path).arg("-o").arg(&out);
            timed(&mut cmd, &out, a.timeout)
                .and_then(|secs| measure(&out, "dot").map(|s| Script { seconds: secs, ..s }))
        } else {
            not_run("dot, python3 or diagram_metrics.py missing")
        };
        let elk = if have_elk {
            let out = file(".elk.svg");
            let mut cmd = Command::new("node");
            cmd.arg(&elk_script)
                .arg(&dot_path)
                .arg(&out)
                .arg("--elkjs")
                .arg(&a.elkjs);
            timed(&mut cmd, &out, a.timeout)
                .and_then(|secs| measure(&out, "elk").map(|s| Script { seconds: secs, ..s }))
        } else {
            not_run("node, elkjs or elk_layout.mjs missing")
        };
        rows.push(Row {
            name: name.clone(),
            q,
            svg,
            dot,
            elk,
        });
    }

    let md = section(&rows, &a);
    print!("{md}");
    if let Some(path) = &a.update {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, splice_section(&old, SECTION, &md))
            .unwrap_or_else(|e| panic!("write {path:?}: {e}"));
        eprintln!("layout_quality: wrote the section into {}", path.display());
    }
}

/// Runs `cmd`, which must write `out`, within `timeout`; its wall time in seconds.
fn timed(cmd: &mut Command, out: &Path, timeout: Duration) -> Result<f64, String> {
    let _ = std::fs::remove_file(out);
    let name = cmd.get_program().to_string_lossy().into_owned();
    match archlint_bench::run_process(cmd, timeout) {
        Ok(d) if out.is_file() => Ok(d.as_secs_f64()),
        Ok(_) | Err(archlint_bench::ProcessError::Failed) => Err(format!("{name} failed")),
        Err(archlint_bench::ProcessError::Timeout) => {
            Err(format!("{name} stopped after {} s", timeout.as_secs()))
        }
    }
}

/// `python3 diagram_metrics.py SVG --format FORMAT`: its JSON line.
fn script(metrics: &Path, svg: &Path, format: &str, timeout: Duration) -> Result<Script, String> {
    let json_path = PathBuf::from(format!("{}.metrics.json", svg.display()));
    let out = std::fs::File::create(&json_path).map_err(|e| e.to_string())?;
    let mut child = Command::new("python3")
        .arg(metrics)
        .arg(svg)
        .arg("--format")
        .arg(format)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("python3: {e}"))?;
    let t = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(s)) if s.success() => break,
            Ok(Some(_)) | Err(_) => return Err("diagram_metrics.py failed".into()),
            Ok(None) if t.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "diagram_metrics.py stopped after {} s",
                    timeout.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    let text = std::fs::read_to_string(&json_path).map_err(|e| e.to_string())?;
    let v = json::parse(text.trim(), 16).map_err(|_| "diagram_metrics.py: no JSON".to_string())?;
    let num = |k: &str| match v.get(k).map(|x| &x.kind) {
        Some(Kind::Number(n)) => n.value,
        _ => f64::NAN,
    };
    Ok(Script {
        nodes: num("nodes"),
        edges: num("edges"),
        crossings: num("crossings"),
        crossing_pairs: num("crossing_edge_pairs"),
        shared: num("overlap_fraction"),
        shared_len: num("overlap_len"),
        length: num("edge_length_total"),
        bends: num("bends_mean"),
        labels_crossed: num("labels_crossed_by_edges"),
        through_nodes: num("edges_through_nodes"),
        detour_l1: num("detour_ratio_l1"),
        area_per_node: num("area_per_node_px2"),
        seconds: 0.0,
    })
}

/// The figures compared across tools, from the Rust measure (archlint) or the script.
#[derive(Debug, Clone, Copy, Default)]
struct Figures {
    nodes: f64,
    crossings: f64,
    shared: f64,
    bends: f64,
    labels: f64,
    detour_l1: f64,
    area: f64,
}

impl Figures {
    fn of_quality(q: &Quality) -> Figures {
        Figures {
            nodes: q.nodes as f64,
            crossings: q.crossings as f64,
            shared: q.shared_fraction(),
            bends: q.bends_mean(),
            labels: q.labels_crossed as f64,
            detour_l1: q.detour_l1(),
            area: q.area_per_node(),
        }
    }
    fn of_script(s: &Script) -> Figures {
        Figures {
            nodes: s.nodes,
            crossings: s.crossings,
            shared: s.shared,
            bends: s.bends,
            labels: s.labels_crossed,
            detour_l1: s.detour_l1,
            area: s.area_per_node,
        }
    }
    fn mean(all: &[Figures]) -> Figures {
        let n = all.len().max(1) as f64;
        let sum = |f: fn(&Figures) -> f64| all.iter().map(f).sum::<f64>() / n;
        Figures {
            nodes: sum(|f| f.nodes),
            crossings: sum(|f| f.crossings),
            shared: sum(|f| f.shared),
            bends: sum(|f| f.bends),
            labels: sum(|f| f.labels),
            detour_l1: sum(|f| f.detour_l1),
            area: sum(|f| f.area),
        }
    }
}

/// A count: whole, or with one decimal when it is a mean.
fn count(v: f64) -> String {
    if v.is_nan() {
        "–".into()
    } else if v.fract() == 0.0 {
        thousands(v as usize)
    } else {
        format!("{v:.1}")
    }
}

fn fixed(v: f64, digits: usize) -> String {
    if v.is_nan() {
        "–".into()
    } else {
        format!("{v:.digits$}")
    }
}

/// archlint / dot / ELK in one cell.
fn trio(
    a: &Figures,
    d: Option<&Figures>,
    e: Option<&Figures>,
    f: impl Fn(&Figures) -> String,
) -> String {
    let peer = |p: Option<&Figures>| p.map_or_else(|| "–".to_string(), &f);
    format!("{} / {} / {}", f(a), peer(d), peer(e))
}

/// The Markdown section.
fn section(rows: &[Row], a: &Args) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{SECTION}\n");
    let _ = writeln!(
        s,
        "Written by `target/release/layout_quality --update docs/performance.md` \
         ([`bench/src/bin/layout_quality.rs`](../bench/src/bin/layout_quality.rs)), which \
         `scripts/perf-report.sh` runs last. How readable the drawings are, archlint beside \
         Graphviz `dot` and ELK on the same graphs. Each design is loaded, linted and laid out \
         as `archlint render` does (findings shown). **archlint**'s figures are computed on its \
         Scene by `archlint_core::layout::quality` (no SVG parsing); **dot**'s and **ELK**'s on \
         the SVG that `dot -Tsvg` and `node elk_layout.mjs` (elkjs: layered, top-down, \
         orthogonal routing, hierarchy included) draw from the design's DOT export, by \
         `../shared/tools/diagram_metrics.py` — the commands of `diagram_metrics.py --compare \
         DESIGN --elk DIR`. The metrics are defined in the script's docstring and in \
         `core/src/layout/quality.rs`:\n"
    );
    let _ = writeln!(
        s,
        "- *crossings*: points where two edges cross (touching, overlapping and meeting at a \
         shared end node are not crossings);\n\
         - *shared track*: the fraction of edge length that runs within 1 px of another edge \
         on the same line;\n\
         - *bends / edge*: turns over 20° after Douglas–Peucker simplification (2 px), mean;\n\
         - *labels crossed*: texts (node labels, captions, port labels) a line of another edge \
         runs through;\n\
         - *length / Manhattan*: total edge length over the total `|dx| + |dy|` between each \
         edge's two ends (1.0: no detour);\n\
         - *area / node*: drawing width × height (rendered px) over the nodes.\n"
    );
    let gen_rows: Vec<&Row> = rows
        .iter()
        .filter(|r| r.name.starts_with("generated"))
        .collect();
    let peer = |r: &Result<Script, String>| r.as_ref().ok().map(Figures::of_script);

    let _ = writeln!(
        s,
        "### The reference designs\n\n`examples/*.json`. Each cell: archlint / dot / ELK.\n"
    );
    let header = "| design | nodes | crossings | shared track | bends / edge | labels crossed | length / Manhattan | area / node (px²) |\n|---|---:|---:|---:|---:|---:|---:|---:|";
    let _ = writeln!(s, "{header}");
    let line = |s: &mut String, name: &str, a: Figures, d: Option<Figures>, e: Option<Figures>| {
        let (d, e) = (d.as_ref(), e.as_ref());
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} | {} | {} |",
            count(a.nodes),
            trio(&a, d, e, |f| count(f.crossings)),
            trio(&a, d, e, |f| fixed(f.shared, 2)),
            trio(&a, d, e, |f| fixed(f.bends, 1)),
            trio(&a, d, e, |f| count(f.labels)),
            trio(&a, d, e, |f| fixed(f.detour_l1, 2)),
            trio(&a, d, e, |f| count(f.area.round())),
        );
    };
    for r in rows.iter().filter(|r| !r.name.starts_with("generated")) {
        line(
            &mut s,
            &format!("`{}`", r.name),
            Figures::of_quality(&r.q),
            peer(&r.dot),
            peer(&r.elk),
        );
    }
    let _ = writeln!(
        s,
        "\n### Generated designs\n\n`archlint_core::gen::design(n, seed)`, seeds 1 to {}: the \
         mean over the seeds (a peer's mean only over the seeds it finished). Each cell: \
         archlint / dot / ELK.\n",
        a.seeds
    );
    let _ = writeln!(s, "{header}");
    for &n in &a.sizes {
        let group: Vec<&&Row> = gen_rows
            .iter()
            .filter(|r| r.name.starts_with(&format!("generated {n},")))
            .collect();
        let mine: Vec<Figures> = group.iter().map(|r| Figures::of_quality(&r.q)).collect();
        let of = |pick: fn(&Row) -> &Result<Script, String>| {
            let v: Vec<Figures> = group.iter().filter_map(|r| peer(pick(r))).collect();
            (!v.is_empty()).then(|| Figures::mean(&v))
        };
        line(
            &mut s,
            &format!("about {n}"),
            Figures::mean(&mine),
            of(|r| &r.dot),
            of(|r| &r.elk),
        );
    }

    let _ = writeln!(
        s,
        "\n### archlint's own figures\n\nWhat the next layout work is measured against \
         (`core/tests/layout_quality.rs` pins them for the reference designs). *detours*: routes \
         longer than 1.1× the Manhattan distance of their ends, and in brackets those whose two \
         ends lie in the same innermost box (a vSwitch, cell, band, zone column, the data \
         centres or the top row), which need not leave a container; *worst*: the largest route \
         length / Manhattan distance.\n"
    );
    let _ = writeln!(
        s,
        "| design | nodes | edges | crossings (edge pairs) | shared track px / total px | bends | labels crossed | edges through a node | detours (within a box) | worst |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for r in rows {
        let q = &r.q;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} ({}) | {} / {} | {} | {} | {} | {} ({}) | {:.2} |",
            r.name,
            thousands(q.nodes),
            thousands(q.edges),
            thousands(q.crossings),
            thousands(q.crossing_pairs),
            thousands(q.shared_length as usize),
            thousands(q.length as usize),
            thousands(q.bends),
            thousands(q.labels_crossed),
            q.edges_through_nodes,
            thousands(q.detours),
            thousands(q.detours_within),
            q.worst_detour_ratio(),
        );
    }

    let _ = writeln!(
        s,
        "\n### The Rust figures against `diagram_metrics.py`\n\nThe script run on archlint's \
         SVG of the same Scene (what `archlint render` writes), for the designs of at most 200 \
         nodes. Each cell: Rust (Scene) / script (SVG); they should be equal.\n"
    );
    let _ = writeln!(
        s,
        "| design | edges | crossings | edge pairs crossing | shared-track px | total length px | bends / edge | labels crossed | edges through a node | length / Manhattan |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let unchecked = |r: &&Row| matches!(&r.svg, Err(e) if e.contains("--check-all"));
    for r in rows.iter().filter(|r| !unchecked(r)) {
        let q = &r.q;
        match &r.svg {
            Ok(p) => {
                let _ = writeln!(
                    s,
                    "| {} | {} / {} | {} / {} | {} / {} | {} / {} | {} / {} | {:.3} / {:.3} | {} / {} | {} / {} | {:.3} / {:.3} |",
                    r.name,
                    thousands(q.edges),
                    count(p.edges),
                    thousands(q.crossings),
                    count(p.crossings),
                    thousands(q.crossing_pairs),
                    count(p.crossing_pairs),
                    thousands(q.shared_length as usize),
                    count(p.shared_len.round()),
                    thousands(q.length as usize),
                    count(p.length.round()),
                    q.bends_mean(),
                    p.bends,
                    thousands(q.labels_crossed),
                    count(p.labels_crossed),
                    q.edges_through_nodes,
                    count(p.through_nodes),
                    q.detour_l1(),
                    p.detour_l1,
                );
            }
            Err(e) => {
                let _ = writeln!(s, "| {} | {e} | | | | | | | | |", r.name);
            }
        }
    }
    let mut notes: Vec<String> = Vec::new();
    for r in rows {
        for (tool, res) in [("script", &r.svg), ("dot", &r.dot), ("ELK", &r.elk)] {
            if tool == "script" && unchecked(&r) {
                continue;
            }
            if let Err(e) = res {
                notes.push(format!("{}: {tool}: {e}", r.name));
            }
        }
    }
    let secs = |pick: fn(&Row) -> &Result<Script, String>| {
        rows.iter()
            .filter_map(|r| pick(r).as_ref().ok().map(|p| p.seconds))
            .sum::<f64>()
    };
    let _ = writeln!(
        s,
        "\nWall time of the peers over all {} designs: dot {:.1} s, ELK (node, with start-up) \
         {:.1} s; archlint's layout of each takes milliseconds (see above).",
        rows.len(),
        secs(|r| &r.dot),
        secs(|r| &r.elk)
    );
    if !notes.is_empty() {
        let _ = writeln!(s, "\nNot measured:\n");
        for n in notes {
            let _ = writeln!(s, "- {n}");
        }
    }
    s
}
