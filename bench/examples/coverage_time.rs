//! The coverage report's cost on generated designs, against the lint it accompanies and the
//! editor's per-edit core work (index, lint, layout):
//! `cargo run --release -p archlint-bench --example coverage_time -- 300 3000` (`--rules`: also
//! the five costliest rules' facts functions per size).
use std::time::{Duration, Instant};

use archlint_core::layout::LayoutOptions;
use archlint_core::{coverage, gen, index::Ctx, lint, load, Lang, Limits, LintOptions};

/// The median of `runs` timings of `f`, after one warm-up run.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[t.len() / 2]
}

fn main() {
    let per_rule = std::env::args().any(|a| a == "--rules");
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![300, 3000]
    } else {
        sizes
    };
    let opts = LintOptions::default();
    for n in sizes {
        let text = gen::design(n, 42);
        let loaded = load(&text, &Limits::DEFAULT).unwrap();
        let nodes = loaded.design.nodes.len();
        let runs = if n <= 1000 { 201 } else { 41 };
        let t_lint = median(runs, || {
            let mut cx = Ctx::new(&loaded.design);
            std::hint::black_box(lint::lint_with_ctx(&loaded, &mut cx, &opts));
        });
        let t_edit = median(runs, || {
            let mut cx = Ctx::new(&loaded.design);
            let f = lint::lint_with_ctx(&loaded, &mut cx, &opts).findings;
            let lo = LayoutOptions {
                lang: Lang::En,
                findings: true,
            };
            std::hint::black_box(archlint_core::layout(&loaded.design, &cx, &f, &lo));
        });
        let cx = Ctx::new(&loaded.design);
        let t_cov = median(runs, || {
            std::hint::black_box(coverage::coverage(&cx, &opts));
        });
        let c = coverage::coverage(&cx, &opts);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{nodes} nodes: index + lint {:.3} ms, + layout {:.3} ms; coverage {:.3} ms \
             ({:.1}% of the lint, {:.1}% of lint + layout); {}",
            ms(t_lint),
            ms(t_edit),
            ms(t_cov),
            100.0 * ms(t_cov) / ms(t_lint),
            100.0 * ms(t_cov) / ms(t_edit),
            c.summary(Lang::En, Some(3)),
        );
        if per_rule {
            let mut t: Vec<(Duration, &str)> = archlint_core::rules::all()
                .map(|r| {
                    let d = median(runs, || {
                        std::hint::black_box(coverage::of_rule(&cx, r, None));
                    });
                    (d, r.code)
                })
                .collect();
            t.sort();
            t.reverse();
            for (d, code) in t.iter().take(5) {
                println!("  {code} {:.3} ms", ms(*d));
            }
        }
    }
}
