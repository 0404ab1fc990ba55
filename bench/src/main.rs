//! `cargo run --release -p archlint-bench [-- SIZES...]`: generates designs of the given node
//! counts (default 1,000, 10,000 and 100,000) and prints, for each, the time to load + lint
//! (min and median of several runs) and the peak heap used while doing it.

use archlint_bench::{measure, ms, Counting, Measured};
use archlint_core::{gen, lint, load, Limits, LintOptions};

#[global_allocator]
static A: Counting = Counting;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes = archlint_bench::sizes(&args, &[1_000, 10_000, 100_000]);
    println!("archlint load+lint benchmark (native, release build)");
    println!(
        "{:>9} {:>9} {:>10} {:>10} {:>10} {:>11} {:>9}",
        "nodes", "findings", "input MB", "min ms", "median ms", "peak heap MB", "us/node"
    );
    let mut first: Option<(f64, f64)> = None;
    for n in sizes {
        let text = gen::design(n, 42);
        let real = load(&text, &Limits::DEFAULT)
            .map(|l| l.design.nodes.len())
            .unwrap_or(0);
        let runs = (2_000_000 / n.max(1)).clamp(3, 50);
        let mut findings = 0;
        let Measured {
            min,
            median: med,
            peak,
        } = measure(runs, || {
            let l = load(&text, &Limits::DEFAULT).expect("generated design loads");
            let r = lint(&l, &LintOptions::default());
            findings = r.findings.len();
            r
        });
        let per = ms(med) * 1e3 / real as f64;
        println!(
            "{:>9} {:>9} {:>10.1} {:>10.2} {:>10.2} {:>11.1} {:>9.2}",
            real,
            findings,
            text.len() as f64 / 1e6,
            ms(min),
            ms(med),
            peak as f64 / 1e6,
            per
        );
        let nlogn = real as f64 * (real as f64).log2();
        match first {
            None => first = Some((nlogn, ms(med))),
            Some((b, t)) => println!(
                "{:>9} time ratio vs first size {:.1}x; n·log n ratio {:.1}x",
                "",
                ms(med) / t,
                nlogn / b
            ),
        }
    }
}
