//! Per-rule time on a generated design: `cargo run --release -p archlint-bench --example rules_time -- 10000`.
use std::time::Instant;

use archlint_core::{gen, index::Ctx, load, rule::Sink, rules, Limits};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let text = gen::design(n, 42);
    let t = Instant::now();
    let loaded = load(&text, &Limits::DEFAULT).unwrap();
    let tl = t.elapsed();
    let t = Instant::now();
    let cx = Ctx::new(&loaded.design);
    let tc = t.elapsed();
    println!("load {tl:?}  ctx {tc:?}");
    let mut times: Vec<(std::time::Duration, &str)> = rules::all()
        .map(|r| {
            let t = Instant::now();
            for _ in 0..5 {
                let mut s = Sink::new(r);
                (r.check)(&cx, &mut s);
            }
            (t.elapsed() / 5, r.code)
        })
        .collect();
    let total: std::time::Duration = times.iter().map(|t| t.0).sum();
    times.sort();
    times.reverse();
    println!("all rules {total:?}");
    for (d, c) in times.iter().take(12) {
        println!("{c} {d:?}");
    }
}
