//! `cargo run --release -p archlint-bench [-- SIZES...]`: generates designs of the given node
//! counts (default 1,000, 10,000 and 100,000) and prints, for each, the time to load + lint
//! (min and median of several runs) and the peak heap used while doing it.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use archlint_core::{gen, lint, load, Limits, LintOptions};

/// Counts live and peak heap bytes, over mimalloc (the CLI's allocator).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { mimalloc::MiMalloc.realloc(p, l, new) };
        if !q.is_null() {
            if new > l.size() {
                let now = LIVE.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Runs `f` `runs` times; returns (min, median) wall time and the peak heap above the
/// starting point during one run.
fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    drop(std::hint::black_box(f()));
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let r = f();
            let e = t.elapsed();
            drop(std::hint::black_box(r));
            e
        })
        .collect();
    times.sort();
    (times[0], times[times.len() / 2], peak)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.replace('_', "").parse().ok())
            .collect();
        if args.is_empty() {
            vec![1_000, 10_000, 100_000]
        } else {
            args
        }
    };
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
        let (min, med, peak) = measure(runs, || {
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
