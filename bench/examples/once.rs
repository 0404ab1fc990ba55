//! One load+lint of a generated design (for profilers): `once N`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let text = archlint_core::gen::design(n, 42);
    let t = std::time::Instant::now();
    let l = archlint_core::load(&text, &archlint_core::Limits::DEFAULT).unwrap();
    let r = archlint_core::lint(&l, &Default::default());
    println!("{} findings in {:?}", r.findings.len(), t.elapsed());
}
