use archlint_core::*;
use std::time::Instant;
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() {
    let text = gen::design(10_000, 42);
    for _ in 0..12 {
        let t = Instant::now();
        let tree = json::parse(&text, 64).unwrap();
        let t1 = t.elapsed();
        let d = model::build(&tree);
        let t2 = t.elapsed();
        let cx = index::Ctx::new(&d);
        let t3 = t.elapsed();
        let li = text::LineIndex::new(&text);
        let t4 = t.elapsed();
        drop(cx);
        drop(li);
        println!(
            "parse {:?} build {:?} ctx {:?} lines {:?}",
            t1,
            t2 - t1,
            t3 - t2,
            t4 - t3
        );
    }
}
