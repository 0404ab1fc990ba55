//! `cargo run --release -p archlint-bench --example gen -- N > design.json`: writes a generated design.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    print!("{}", archlint_core::gen::design(n, 42));
}
