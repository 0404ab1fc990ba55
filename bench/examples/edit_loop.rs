//! What the editor does on every edit, in a loop (for profilers): load, index, lint and lay
//! out a generated design of about N nodes, R times. `edit_loop N R`.
use archlint_core::layout::LayoutOptions;
use archlint_core::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(300);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let text = gen::design(n, 7);
    let t = std::time::Instant::now();
    let mut phases = [0f64; 4];
    for _ in 0..runs {
        let t0 = std::time::Instant::now();
        let loaded = load(&text, &Limits::DEFAULT).unwrap();
        let t1 = std::time::Instant::now();
        let mut cx = index::Ctx::new(&loaded.design);
        let t2 = std::time::Instant::now();
        let findings = lint::lint_with_ctx(&loaded, &mut cx, &LintOptions::default()).findings;
        let t3 = std::time::Instant::now();
        let opts = LayoutOptions {
            lang: Lang::Zh,
            findings: true,
        };
        let scene = layout(&loaded.design, &cx, &findings, &opts);
        let t4 = std::time::Instant::now();
        std::hint::black_box(scene);
        for (k, (a, b)) in [(t0, t1), (t1, t2), (t2, t3), (t3, t4)]
            .into_iter()
            .enumerate()
        {
            phases[k] += (b - a).as_secs_f64() * 1e3 / runs as f64;
        }
    }
    println!(
        "{runs} runs, {:.3} ms each: load {:.3} index {:.3} lint {:.3} layout {:.3}",
        t.elapsed().as_secs_f64() * 1e3 / runs as f64,
        phases[0],
        phases[1],
        phases[2],
        phases[3]
    );
}
