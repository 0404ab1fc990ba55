//! `cargo build --release -p archlint-cli -p archlint-bench && target/release/render [SIZES...]`
//!
//! For generated designs of the given node counts (default 100, 1,000, 3,000 and 10,000),
//! prints:
//! - in-process, min and median of several runs: layout + SVG (the design already loaded,
//!   linted and indexed), the whole `render_svg` (load + lint + layout + SVG), and the DOT
//!   export;
//! - the wall time of the whole `archlint render FILE -o OUT.svg` process (the release binary
//!   next to this one, or `$ARCHLINT`);
//! - the wall time of Graphviz `dot -Tsvg` on the same design's DOT export, side by side, and
//!   the ratio to the archlint process. The dot column is skipped when `dot` is not installed,
//!   and `dot` runs are stopped after `--dot-timeout SECONDS` (default 300).
//!
//! The design, DOT and SVG files are left in `$TMPDIR/archlint-render-bench/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use archlint_bench::{installed, measure, measure_process, ms};
use archlint_core::{
    gen, index::Ctx, layout, lint, load, render_svg, to_svg, LayoutOptions, Limits, LintOptions,
    RenderOptions, SvgOptions,
};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn archlint_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ARCHLINT") {
        return PathBuf::from(p);
    }
    let me = std::env::current_exe().unwrap_or_default();
    me.with_file_name("archlint")
}

fn main() {
    let mut sizes: Vec<usize> = Vec::new();
    let mut dot_timeout = Duration::from_secs(300);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--dot-timeout" {
            let secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(300.0);
            dot_timeout = Duration::from_secs_f64(secs);
        } else if let Ok(n) = a.replace('_', "").parse() {
            sizes.push(n);
        }
    }
    if sizes.is_empty() {
        sizes = vec![100, 1_000, 3_000, 10_000];
    }
    let dir = std::env::temp_dir().join("archlint-render-bench");
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let archlint = archlint_binary();
    let have_archlint = archlint.is_file();
    let have_dot = installed("dot", "-V");

    println!("archlint render benchmark (native, release build)");
    if !have_archlint {
        println!(
            "note: {} not found (build it: cargo build --release -p archlint-cli, or set ARCHLINT); process column skipped",
            archlint.display()
        );
    }
    if !have_dot {
        println!(
            "note: Graphviz `dot` is not installed (apt-get install graphviz); dot column skipped"
        );
    }
    println!(
        "{:>6} {:>6} {:>17} {:>17} {:>15} {:>8} {:>17} {:>12} {:>9}",
        "nodes",
        "edges",
        "layout+svg ms",
        "render_svg ms",
        "dot export ms",
        "svg KB",
        "archlint proc ms",
        "dot -Tsvg ms",
        "dot/proc"
    );
    println!(
        "{:>6} {:>6} {:>17} {:>17} {:>15} {:>8} {:>17} {:>12} {:>9}",
        "", "", "min / median", "min / median", "median", "", "min / median", "wall", ""
    );
    for n in sizes {
        let text = gen::design(n, 42);
        let loaded = load(&text, &Limits::DEFAULT).expect("generated design loads");
        let findings = lint(&loaded, &LintOptions::default()).findings;
        let cx = Ctx::new(&loaded.design);
        let nodes = loaded.design.nodes.len();
        let lopts = LayoutOptions::default();
        let sopts = SvgOptions {
            id_prefix: Some("bench".into()),
            ..SvgOptions::default()
        };
        let runs = (200_000 / nodes.max(1)).clamp(5, 200);

        let l = measure(runs, || {
            let scene = layout(&loaded.design, &cx, &findings, &lopts);
            to_svg(&scene, &sopts)
        });
        let scene = layout(&loaded.design, &cx, &findings, &lopts);
        let edges = scene.edges.len();
        let svg = to_svg(&scene, &sopts);
        drop(scene);

        let ropts = RenderOptions::default();
        let r = measure(runs, || render_svg(&text, &ropts).expect("renders"));
        let d = measure(runs, || archlint_core::dot::to_dot(&loaded.design, &cx));
        let dot_text = archlint_core::dot::to_dot(&loaded.design, &cx);

        let design_path = dir.join(format!("design-{n}.json"));
        let dot_path = dir.join(format!("design-{n}.dot"));
        let svg_out = dir.join(format!("design-{n}.archlint.svg"));
        let gv_out = dir.join(format!("design-{n}.graphviz.svg"));
        std::fs::write(&design_path, &text).expect("write design");
        std::fs::write(&dot_path, &dot_text).expect("write dot");

        let proc_runs = (20_000 / nodes.max(1)).clamp(3, 20);
        let proc = have_archlint
            .then(|| {
                measure_process(proc_runs, Duration::from_secs(60), || {
                    let mut c = Command::new(&archlint);
                    c.arg("render").arg(&design_path).arg("-o").arg(&svg_out);
                    c
                })
                .ok()
            })
            .flatten();
        let gv = have_dot
            .then(|| {
                measure_process(1, dot_timeout, || {
                    let mut c = Command::new("dot");
                    c.arg("-Tsvg").arg(&dot_path).arg("-o").arg(&gv_out);
                    c
                })
                .ok()
            })
            .flatten();

        let proc_cell = proc.map_or("-".to_string(), |(a, b)| {
            format!("{:.1} / {:.1}", ms(a), ms(b))
        });
        let gv_cell = match (have_dot, gv) {
            (false, _) => "-".to_string(),
            (true, None) => format!(">{}s", dot_timeout.as_secs()),
            (true, Some((_, m))) => format!("{:.0}", ms(m)),
        };
        let ratio = match (proc, gv) {
            (Some((_, p)), Some((_, g))) => format!("{:.0}x", g.as_secs_f64() / p.as_secs_f64()),
            _ => "-".to_string(),
        };
        println!(
            "{:>6} {:>6} {:>17} {:>17} {:>15.2} {:>8} {:>17} {:>12} {:>9}",
            nodes,
            edges,
            format!("{:.2} / {:.2}", ms(l.min), ms(l.median)),
            format!("{:.2} / {:.2}", ms(r.min), ms(r.median)),
            ms(d.median),
            svg.len() / 1024,
            proc_cell,
            gv_cell,
            ratio
        );
    }
    println!("files: {}", display(&dir));
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
