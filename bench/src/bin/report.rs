//! `scripts/perf-report.sh` (which builds what this needs, then runs
//! `target/release/report`): measures archlint and writes `docs/performance.md` and
//! `docs/performance.svg` (the chart, drawn by [`archlint_bench::chart`]).
//!
//! For designs from `archlint_core::gen::design(n, 42)` of 100 / 1,000 / 10,000 / 100,000
//! nodes (or the sizes given as arguments):
//! - native, in this process (release build, mimalloc with a counting wrapper): load + lint,
//!   layout + SVG of the loaded design, and the whole `render_svg` — min / median times and
//!   peak heap;
//! - WASM: the docs widget (`docs/widget/`, built by `scripts/widget-build.sh`) under Node,
//!   `lint()` and `render()` (`bench/wasm-bench.mjs`, one fresh Node process per size);
//! - the `archlint render` process (`target/release/archlint`) and Graphviz `dot -Tsvg` on
//!   the design's DOT export, side by side; `dot` is stopped after `--dot-timeout` seconds
//!   (default 60) and not run on larger sizes after that;
//! - the editor (`dist/*.wasm`, `dist/archlint-web-*.js`) and widget bundle sizes, raw and gzip;
//! - the machine.
//!
//! Options: `--dot-timeout SECONDS`, `--no-wasm`, `--no-dot`, `--out DIR` (default `docs`).
//! Work files (designs, DOT, SVG) go to `target/perf/`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use archlint_bench::chart::{Chart, Point, Series};
use archlint_bench::{measure, measure_process, ms, thousands, Counting, Measured, ProcessError};
use archlint_core::{
    gen, index::Ctx, layout, lint, load, render_svg, to_svg, LayoutOptions, Limits, LintOptions,
    RenderOptions, SvgOptions,
};

#[global_allocator]
static A: Counting = Counting;

/// The WASM figures of one size.
struct Wasm {
    lint: (f64, f64),
    render: (f64, f64),
    memory: Option<f64>,
}

struct Row {
    nodes: usize,
    input_bytes: usize,
    findings: usize,
    svg_bytes: usize,
    lint: Measured,
    layout: Measured,
    render: Measured,
    wasm: Result<Wasm, String>,
    process: Result<(Duration, Duration), String>,
    dot: Result<Duration, String>,
}

/// The kinds of edit `bench/web/edit.mjs` times, in the report's order.
const EDIT_KINDS: [&str; 3] = ["add", "label", "fix"];
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// First line of a command's stdout (or stderr), trimmed; `None` if it cannot run.
fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(program).args(args).output().ok()?;
    let text = if o.stdout.is_empty() {
        o.stderr
    } else {
        o.stdout
    };
    let s = String::from_utf8_lossy(&text);
    s.lines().next().map(|l| l.trim().to_string())
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn machine() -> Vec<(String, String)> {
    let cpuinfo = read("/proc/cpuinfo");
    let field = |name: &str| {
        cpuinfo
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
    };
    let cpu = field("model name").unwrap_or_else(|| "unknown".into());
    let logical = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let usable = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or("unknown".into(), |kb| {
            format!("{:.1} GiB", kb / 1024.0 / 1024.0)
        });
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| std::env::consts::OS.into());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let load = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let na = || "not found".to_string();
    vec![
        (
            "CPU".into(),
            format!("{cpu} — {logical} logical CPUs ({usable} usable by this process)"),
        ),
        ("Memory".into(), mem),
        (
            "OS".into(),
            format!("{os}, Linux {kernel}, {}", std::env::consts::ARCH),
        ),
        (
            "Rust".into(),
            first_line("rustc", &["-V"]).unwrap_or_else(na),
        ),
        (
            "Node".into(),
            first_line("node", &["-v"]).unwrap_or_else(na),
        ),
        (
            "Graphviz".into(),
            first_line("dot", &["-V"]).unwrap_or_else(na),
        ),
        (
            "Date".into(),
            first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_else(na),
        ),
        (
            "Load average at start".into(),
            format!("{load} (1, 5, 15 min)"),
        ),
    ]
}

/// Runs the widget benchmark under Node on one design file.
fn wasm_bench(widget: &Path, design: &Path, runs: usize) -> Result<Wasm, String> {
    let out = Command::new("node")
        .arg(root().join("bench/wasm-bench.mjs"))
        .arg(widget)
        .arg(design)
        .arg(runs.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(format!("failed: {}", last.trim()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let v = archlint_core::json::parse(text.trim(), 8).map_err(|_| "bad output".to_string())?;
    let nums = |key: &str| -> Vec<f64> {
        v.get(key)
            .and_then(|a| a.as_array())
            .map(|a| a.iter().filter_map(number).collect())
            .unwrap_or_default()
    };
    let stats = |mut t: Vec<f64>| -> Result<(f64, f64), String> {
        if t.is_empty() {
            return Err("no times".into());
        }
        t.sort_by(f64::total_cmp);
        Ok((t[0], t[t.len() / 2]))
    };
    Ok(Wasm {
        lint: stats(nums("lintMs"))?,
        render: stats(nums("renderMs"))?,
        memory: v.get("memoryBytes").and_then(number),
    })
}

/// The editor's 300-node edit in headless Chromium (`bench/web/edit.mjs --json`): one row per
/// measure, (name, median, min, max) in ms, plus the design's node and displayed-element counts.
struct Editor {
    nodes: f64,
    drawn: f64,
    elements: f64,
    edits: f64,
    steady: f64,
    within_16ms: f64,
    /// Counted edits that committed a result the editor made ahead of the click.
    prepared: f64,
    rows: Vec<(&'static str, f64, f64, f64)>,
}

fn editor_bench(root: &Path, kind: &str) -> Result<Editor, String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        return Err(format!("not run: {chromium} not found"));
    }
    if !root.join("dist/index.html").is_file() {
        return Err("not run: the editor is not built (dist/)".into());
    }
    let out = Command::new("node")
        .arg(root.join("bench/web/edit.mjs"))
        .args(["300", "30", "--edit", kind, "--json"])
        .env(
            "ARCHLINT_RENDER",
            root.join("target/release/archlint-web-render"),
        )
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("node: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().rev().find(|l| l.starts_with('{'));
    let (true, Some(last)) = (out.status.success(), last) else {
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err.lines().rev().find(|l| !l.trim().is_empty());
        return Err(format!("failed: {}", line.unwrap_or("no message").trim()));
    };
    let v = archlint_core::json::parse(last, 8).map_err(|_| "bad output".to_string())?;
    let num = |k: &str| v.get(k).and_then(number).unwrap_or(f64::NAN);
    let stat = |k: &str| {
        let o = v.get(k);
        let f = |q: &str| {
            o.and_then(|o| o.get(q))
                .and_then(number)
                .unwrap_or(f64::NAN)
        };
        (f("median"), f("min"), f("max"))
    };
    let mut rows = Vec::new();
    for (k, label) in [
        ("edit", "click → canvas updated in the DOM (reducer: serialise, lint, layout; render; DOM patch)"),
        ("frame", "click → the frame showing it painted (main-thread busy time)"),
        ("style", "… of which the browser's style"),
        ("layout", "… layout"),
        ("prepaint", "… pre-paint"),
        ("paint", "… paint"),
        ("layerize", "… layerize"),
    ] {
        let (m, lo, hi) = stat(k);
        rows.push((label, m, lo, hi));
    }
    Ok(Editor {
        nodes: num("nodes"),
        drawn: num("drawn_nodes"),
        elements: num("elements"),
        edits: num("edits"),
        steady: num("steady"),
        within_16ms: num("within_16ms"),
        prepared: num("prepared"),
        rows,
    })
}

fn number(v: &archlint_core::json::Value<'_>) -> Option<f64> {
    match v.kind {
        archlint_core::json::Kind::Number(n) => Some(n.value),
        _ => None,
    }
}

fn gzip_size(path: &Path) -> Option<usize> {
    let o = Command::new("gzip")
        .arg("-9")
        .arg("-c")
        .arg(path)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    o.status.success().then_some(o.stdout.len())
}

/// Milliseconds, with as many decimals as make sense.
fn fms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        thousands(v.round() as usize)
    }
}

fn mb(bytes: f64) -> String {
    let v = bytes / 1e6;
    if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

fn min_med(m: &Measured) -> String {
    format!("{} / {}", fms(ms(m.min)), fms(ms(m.median)))
}

fn ratio(a: f64, b: f64) -> String {
    let r = a / b;
    if r < 10.0 {
        format!("{r:.1}×")
    } else {
        format!("{}×", thousands(r.round() as usize))
    }
}

fn main() {
    let mut sizes: Vec<usize> = Vec::new();
    let mut dot_timeout = Duration::from_secs(60);
    let mut use_wasm = true;
    let mut use_dot = true;
    let root = root();
    let mut out_dir = root.join("docs");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dot-timeout" => {
                let secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(60.0);
                dot_timeout = Duration::from_secs_f64(secs);
            }
            "--no-wasm" => use_wasm = false,
            "--no-dot" => use_dot = false,
            "--out" => out_dir = args.next().map(PathBuf::from).unwrap_or(out_dir),
            _ => match a.replace('_', "").parse() {
                Ok(n) => sizes.push(n),
                Err(_) => {
                    eprintln!("report: unknown argument {a:?}");
                    std::process::exit(2);
                }
            },
        }
    }
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 10_000, 100_000];
    }
    let work = root.join("target/perf");
    std::fs::create_dir_all(&work).expect("create target/perf");
    std::fs::create_dir_all(&out_dir).expect("create the output directory");
    let archlint = root.join("target/release/archlint");
    let widget = root.join("docs/widget");
    let have_archlint = archlint.is_file();
    let have_dot = use_dot && archlint_bench::installed("dot", "-V");
    let have_node = archlint_bench::installed("node", "-v");
    let have_widget = widget.join("archlint-widget.wasm").is_file();
    let machine = machine();
    let dot_secs = dot_timeout.as_secs_f64();
    let over = format!("> {dot_secs:.0} s");

    let mut rows = Vec::new();
    let mut dot_gave_up: Option<usize> = None;
    for &n in &sizes {
        eprintln!("report: {n} nodes: generating");
        let text = gen::design(n, 42);
        let loaded = load(&text, &Limits::DEFAULT).expect("generated design loads");
        let nodes = loaded.design.nodes.len();
        let findings = lint(&loaded, &LintOptions::default()).findings;
        let cx = Ctx::new(&loaded.design);
        let lopts = LayoutOptions::default();
        let sopts = SvgOptions {
            id_prefix: Some("bench".into()),
            ..SvgOptions::default()
        };
        let ropts = RenderOptions {
            id_prefix: Some("bench".into()),
            ..RenderOptions::default()
        };

        eprintln!("report: {n} nodes: native");
        let lint_m = measure((2_000_000 / nodes.max(1)).clamp(5, 50), || {
            let l = load(&text, &Limits::DEFAULT).expect("generated design loads");
            lint(&l, &LintOptions::default())
        });
        let runs = (200_000 / nodes.max(1)).clamp(5, 50);
        let layout_m = measure(runs, || {
            let scene = layout(&loaded.design, &cx, &findings, &lopts);
            to_svg(&scene, &sopts)
        });
        let render_m = measure(runs, || render_svg(&text, &ropts).expect("renders"));
        let svg = render_svg(&text, &ropts).expect("renders");
        let dot_text = archlint_core::dot::to_dot(&loaded.design, &cx);
        let design_path = work.join(format!("design-{n}.json"));
        let dot_path = work.join(format!("design-{n}.dot"));
        std::fs::write(&design_path, &text).expect("write the design");
        std::fs::write(&dot_path, &dot_text).expect("write the DOT export");
        let findings_count = findings.len();
        let svg_bytes = svg.len();
        drop((svg, dot_text, findings));
        drop(cx);
        drop(loaded);

        let wasm = if !use_wasm {
            Err("not run (--no-wasm)".to_string())
        } else if !have_node {
            Err("not run: node not found".to_string())
        } else if !have_widget {
            Err("not run: docs/widget not built (scripts/widget-build.sh)".to_string())
        } else {
            eprintln!("report: {n} nodes: WASM (node)");
            wasm_bench(&widget, &design_path, (20_000 / nodes.max(1)).clamp(3, 20))
        };

        eprintln!("report: {n} nodes: archlint render process");
        let svg_out = work.join(format!("design-{n}.archlint.svg"));
        let process = if have_archlint {
            measure_process(
                (20_000 / nodes.max(1)).clamp(3, 10),
                Duration::from_secs(600),
                || {
                    let mut c = Command::new(&archlint);
                    c.arg("render").arg(&design_path).arg("-o").arg(&svg_out);
                    c
                },
            )
            .map_err(|e| format!("{e:?}"))
        } else {
            Err("not run: target/release/archlint not built".to_string())
        };

        let gv_out = work.join(format!("design-{n}.graphviz.svg"));
        let dot = if !have_dot {
            Err("not run: Graphviz not installed".to_string())
        } else if let Some(m) = dot_gave_up {
            Err(format!(
                "{over} (not run: {} nodes already took longer)",
                thousands(m)
            ))
        } else {
            eprintln!("report: {n} nodes: dot -Tsvg (timeout {dot_secs:.0} s)");
            let mut c = Command::new("dot");
            c.arg("-Tsvg").arg(&dot_path).arg("-o").arg(&gv_out);
            match archlint_bench::run_process(&mut c, dot_timeout) {
                Ok(t) => Ok(t),
                Err(ProcessError::Timeout) => {
                    dot_gave_up = Some(nodes);
                    Err(over.clone())
                }
                Err(ProcessError::Failed) => Err("failed".to_string()),
            }
        };

        rows.push(Row {
            nodes,
            input_bytes: text.len(),
            findings: findings_count,
            svg_bytes,
            lint: lint_m,
            layout: layout_m,
            render: render_m,
            wasm,
            process,
            dot,
        });
    }

    let editor: Vec<Result<Editor, String>> = EDIT_KINDS
        .iter()
        .map(|kind| {
            if have_node {
                eprintln!("report: the editor's 300-node edit, {kind} (headless Chromium)");
                editor_bench(&root, kind)
            } else {
                Err("not run: node not found".to_string())
            }
        })
        .collect();
    let bundles = bundle_sizes(&root);
    let chart = chart(&rows, dot_secs);
    std::fs::write(out_dir.join("performance.svg"), chart.to_svg()).expect("write the chart");
    let mut md = markdown(&rows, &machine, &bundles, &editor, dot_secs);
    // The import and layout-quality sections are written by `import_corpus` and
    // `layout_quality` (run after this by perf-report.sh); until then the ones already in the
    // file are kept.
    let old = std::fs::read_to_string(out_dir.join("performance.md")).unwrap_or_default();
    let kept = ["\n## Terraform / ROS import", "\n## Layout quality"]
        .iter()
        .filter_map(|h| old.find(h))
        .min();
    if let Some(i) = kept {
        md = format!("{}\n{}", md.trim_end(), &old[i..]);
    }
    std::fs::write(out_dir.join("performance.md"), &md).expect("write the report");
    print!("{md}");
}

/// (label, file, (raw, gzip) bytes) of one bundle file.
type Bundle = (String, String, Option<(usize, usize)>);

/// (label, file, raw, gzip) of the editor and widget files; a missing bundle is one row with
/// no sizes.
fn bundle_sizes(root: &Path) -> Vec<Bundle> {
    let mut v = Vec::new();
    let size = |p: &Path| {
        let raw = std::fs::metadata(p).ok()?.len() as usize;
        Some((raw, gzip_size(p)?))
    };
    let mut dist: Vec<PathBuf> = std::fs::read_dir(root.join("dist"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dist.sort();
    let editor: Vec<&PathBuf> = dist
        .iter()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".wasm") || (name.starts_with("archlint-web") && name.ends_with(".js"))
        })
        .collect();
    if editor.is_empty() {
        v.push(("editor".into(), "dist/ (not built)".into(), None));
    }
    for p in editor {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        v.push(("editor".into(), format!("dist/{name}"), size(p)));
    }
    for f in ["archlint-widget.wasm", "archlint-widget.js"] {
        let p = root.join("docs/widget").join(f);
        v.push(("docs widget".into(), format!("docs/widget/{f}"), size(&p)));
    }
    v
}

fn chart(rows: &[Row], dot_secs: f64) -> Chart {
    let pts = |f: &dyn Fn(&Row) -> Option<(f64, bool)>| -> Vec<Point> {
        rows.iter()
            .filter_map(|r| {
                f(r).map(|(y, lower_bound)| Point {
                    x: r.nodes as f64,
                    y,
                    lower_bound,
                })
            })
            .collect()
    };
    let mut dot_timed_out = false;
    let dot_points = pts(&|r| match &r.dot {
        Ok(t) => Some((ms(*t), false)),
        Err(e) if e.starts_with('>') && !e.contains("not run") => Some((dot_secs * 1e3, true)),
        Err(_) => None,
    });
    if dot_points.iter().any(|p| p.lower_bound) {
        dot_timed_out = true;
    }
    Chart {
        title: "archlint: time by design size (log-log; median)".into(),
        x_label: "nodes (archlint_core::gen::design(n, 42))".into(),
        y_label: "median time".into(),
        x_tick: |k| match k {
            i32::MIN..=-1 => format!("{}", 10f64.powi(k)),
            0..=3 => thousands(10usize.pow(k as u32)),
            _ => format!("{}k", thousands(10usize.pow(k as u32 - 3))),
        },
        y_tick: |k| match k {
            i32::MIN..=-1 => format!("{} ms", 10f64.powi(k)),
            0..=2 => format!("{} ms", 10usize.pow(k as u32)),
            _ => format!("{} s", thousands(10usize.pow(k as u32 - 3))),
        },
        series: vec![
            Series {
                name: "native load+lint".into(),
                color: "#1f77b4",
                dashed: false,
                points: pts(&|r| Some((ms(r.lint.median), false))),
            },
            Series {
                name: "native render_svg".into(),
                color: "#2ca02c",
                dashed: false,
                points: pts(&|r| Some((ms(r.render.median), false))),
            },
            Series {
                name: "WASM lint()".into(),
                color: "#1f77b4",
                dashed: true,
                points: pts(&|r| r.wasm.as_ref().ok().map(|w| (w.lint.1, false))),
            },
            Series {
                name: "WASM render()".into(),
                color: "#2ca02c",
                dashed: true,
                points: pts(&|r| r.wasm.as_ref().ok().map(|w| (w.render.1, false))),
            },
            Series {
                name: "archlint render (process)".into(),
                color: "#9467bd",
                dashed: false,
                points: pts(&|r| r.process.as_ref().ok().map(|p| (ms(p.1), false))),
            },
            Series {
                name: "Graphviz dot -Tsvg".into(),
                color: "#d62728",
                dashed: false,
                points: dot_points,
            },
        ],
        note: if dot_timed_out {
            format!("Hollow marker: dot stopped at the {dot_secs:.0} s timeout (it would take longer). Dashed: WASM (Node). Figures: performance.md.")
        } else {
            "Dashed: WASM (Node). Figures: performance.md.".into()
        },
    }
}

fn markdown(
    rows: &[Row],
    machine: &[(String, String)],
    bundles: &[Bundle],
    editor: &[Result<Editor, String>],
    dot_secs: f64,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Performance\n");
    let _ = writeln!(
        s,
        "Generated by `scripts/perf-report.sh` (it builds what is needed, then runs \
         `target/release/report`, [`bench/src/bin/report.rs`](../bench/src/bin/report.rs), and \
         for the last two sections `target/release/import_corpus` and \
         `target/release/layout_quality`). Every figure below comes from \
         that one run; run it again to reproduce them on your machine. Do not edit this file by \
         hand.\n"
    );
    let _ = writeln!(s, "![Time by design size, log-log](performance.svg)\n");
    let _ = writeln!(s, "## Machine\n");
    for (k, v) in machine {
        let _ = writeln!(s, "- {k}: {v}");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "## Designs\n");
    let _ = writeln!(
        s,
        "`archlint_core::gen::design(n, 42)`: VPC regions of two or three zones, modules behind \
         public and private SLBs, layered security groups, RDS with whitelists. Written to \
         `target/perf/design-N.json` (and `.dot`, the DOT export).\n"
    );
    let _ = writeln!(s, "| nodes | JSON MB | findings | SVG MB |");
    let _ = writeln!(s, "|---:|---:|---:|---:|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            thousands(r.nodes),
            mb(r.input_bytes as f64),
            r.findings,
            mb(r.svg_bytes as f64)
        );
    }
    let _ = writeln!(s, "\n## Native (release build)\n");
    let _ = writeln!(
        s,
        "In process; times in ms, min / median of 5–50 runs after one warm-up run; peak heap = \
         the most heap live above the starting point during the warm-up run (counting \
         allocator over mimalloc, the CLI's allocator).\n"
    );
    let _ = writeln!(
        s,
        "| nodes | load + lint ms | peak heap MB | layout + SVG ms | peak heap MB | render_svg (all) ms | peak heap MB | µs / node (render_svg) |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            thousands(r.nodes),
            min_med(&r.lint),
            mb(r.lint.peak as f64),
            min_med(&r.layout),
            mb(r.layout.peak as f64),
            min_med(&r.render),
            mb(r.render.peak as f64),
            ms(r.render.median) * 1e3 / r.nodes.max(1) as f64
        );
    }
    let _ = writeln!(
        s,
        "\n*layout + SVG*: the design already loaded, linted and indexed. *render_svg*: load + \
         lint + layout + SVG from the JSON text, what the widget's `render()` and `archlint \
         render` do.\n"
    );
    let _ = writeln!(s, "## WASM (the docs widget under Node)\n");
    let _ = writeln!(
        s,
        "The shipped bundle `docs/widget/archlint-widget.{{js,wasm}}` (`scripts/widget-build.sh`: \
         `opt-level = \"z\"`, `panic = \"abort\"`, wasm-opt, the widget's own small allocator), \
         driven by [`bench/wasm-bench.mjs`](../bench/wasm-bench.mjs) in a fresh Node process per \
         size, with the limits raised to the core's ceilings (`maxBytes` 64 MiB, `maxNodes` \
         200,000; the widget's defaults are 4 MiB and 5,000). Times from `performance.now()`, min \
         / median of 3–20 runs after a warm-up. `lint()` = load + lint + the JSON findings \
         document (parsed by JS); `render()` = load + lint + layout + SVG, returned as a JS \
         string. Memory = the WASM linear memory at the end (it only grows: the peak).\n"
    );
    let _ = writeln!(
        s,
        "| nodes | lint() ms | render() ms | linear memory MB | render(): WASM / native |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|");
    for r in rows {
        match &r.wasm {
            Ok(w) => {
                let _ = writeln!(
                    s,
                    "| {} | {} / {} | {} / {} | {} | {} |",
                    thousands(r.nodes),
                    fms(w.lint.0),
                    fms(w.lint.1),
                    fms(w.render.0),
                    fms(w.render.1),
                    w.memory.map_or("-".into(), mb),
                    ratio(w.render.1, ms(r.render.median))
                );
            }
            Err(e) => {
                let _ = writeln!(s, "| {} | {e} | | | |", thousands(r.nodes));
            }
        }
    }
    let _ = writeln!(s, "\n## Graphviz, side by side\n");
    let _ = writeln!(
        s,
        "Wall time of whole processes on the same design: `archlint render design.json -o \
         out.svg` (read, load, lint, layout, SVG, write; min / median of 3–10 runs) and \
         `dot -Tsvg design.dot -o out.svg` on the design's DOT export (`archlint_core::dot::to_dot`, \
         as `archlint render design.json -o design.dot` writes it: the same nodes, links and nested region / zone / VPC / vSwitch clusters; one run, \
         stopped after {dot_secs:.0} s, and not started on larger designs once a size timed \
         out).\n"
    );
    let _ = writeln!(
        s,
        "| nodes | archlint render ms | dot -Tsvg ms | dot / archlint |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|");
    for r in rows {
        let p = match &r.process {
            Ok((a, b)) => format!("{} / {}", fms(ms(*a)), fms(ms(*b))),
            Err(e) => e.clone(),
        };
        let d = match &r.dot {
            Ok(t) => fms(ms(*t)),
            Err(e) => e.clone(),
        };
        let q = match (&r.process, &r.dot) {
            (Ok((_, b)), Ok(t)) => ratio(t.as_secs_f64(), b.as_secs_f64()),
            (Ok((_, b)), Err(e)) if e.starts_with('>') => {
                format!("> {}", ratio(dot_secs, b.as_secs_f64()))
            }
            _ => "-".into(),
        };
        let _ = writeln!(s, "| {} | {p} | {d} | {q} |", thousands(r.nodes));
    }
    let _ = writeln!(s, "\n## The editor: an edit on a 300-node design\n");
    let _ = writeln!(
        s,
        "`node bench/web/edit.mjs 300 30 --edit KIND` against the release build in headless \
         Chromium (software rendering), on a generated design. Three kinds of edit, 30 of each: \
         **add** clicks \"add ECS\" (the new ECS goes into the first zone, which moves the \
         nodes and edges after it, and is selected, so the form changes too); **label** renames \
         the selected ECS in its form (types a new label, then Enter); **fix** clicks the Fix \
         button of one HA005 finding in the findings panel (30 servers were given \
         `\"autostart\": false` first; the fix sets it back: a fix, a re-lint, a redraw). \
         The clicks come at once (the pointer from elsewhere), but Playwright's pointer stays \
         on \"add ECS\" after a click long enough for the editor to make the next add's result \
         (it makes an edit's result while the pointer rests on its button, or a moment after a \
         field is typed in): the line under each table says how many edits committed a result \
         made ahead. Statistics over the last 20 edits \
         (the first ones run before V8 has optimised the WASM). The frame's busy time leaves \
         out waiting for the frame. Only what is in view (with half a screen of margin) is in the \
         document.\n"
    );
    for (kind, e) in EDIT_KINDS.iter().zip(editor) {
        match e {
            Ok(e) => {
                let _ = writeln!(
                    s,
                    "**{kind}** — {:.0} nodes, {:.0} of them in view ({:.0} SVG elements in the \
                     canvas), {:.0} edits ({:.0} counted):\n",
                    e.nodes, e.drawn, e.elements, e.edits, e.steady
                );
                let _ = writeln!(s, "| ms | median | min | max |");
                let _ = writeln!(s, "|---|---:|---:|---:|");
                for (label, m, lo, hi) in &e.rows {
                    let _ = writeln!(s, "| {label} | {m:.1} | {lo:.1} | {hi:.1} |");
                }
                let _ = writeln!(
                    s,
                    "\n{:.0} of the {:.0} counted edits reached the painted frame within 16 ms \
                     (one frame at 60 Hz); {:.0} committed a result the editor made ahead of the \
                     click.\n",
                    e.within_16ms, e.steady, e.prepared
                );
            }
            Err(e) => {
                let _ = writeln!(s, "**{kind}**: {e}\n");
            }
        }
    }
    let _ = writeln!(
        s,
        "Builds compared by hand (alternating runs, CPU profiles), what each change bought and \
         what was tried and dropped: [performance-notes.md](performance-notes.md).\n"
    );
    let _ = writeln!(s, "\n## Bundle sizes\n");
    let _ = writeln!(
        s,
        "The browser editor (`trunk build --release --offline` → `dist/`) and the docs widget \
         (`scripts/widget-build.sh` → `docs/widget/`). gzip = `gzip -9`.\n"
    );
    let _ = writeln!(s, "| bundle | file | raw KB | gzip KB |");
    let _ = writeln!(s, "|---|---|---:|---:|");
    let mut totals: Vec<(String, usize, usize)> = Vec::new();
    for (label, file, size) in bundles {
        match size {
            Some((raw, gz)) => {
                let _ = writeln!(
                    s,
                    "| {label} | `{file}` | {:.1} | {:.1} |",
                    *raw as f64 / 1024.0,
                    *gz as f64 / 1024.0
                );
                match totals.iter_mut().find(|t| &t.0 == label) {
                    Some(t) => {
                        t.1 += raw;
                        t.2 += gz;
                    }
                    None => totals.push((label.clone(), *raw, *gz)),
                }
            }
            None => {
                let _ = writeln!(s, "| {label} | `{file}` | not built | |");
            }
        }
    }
    for (label, raw, gz) in totals {
        let _ = writeln!(
            s,
            "| **{label} total** | | **{:.1}** | **{:.1}** |",
            raw as f64 / 1024.0,
            gz as f64 / 1024.0
        );
    }
    s
}
