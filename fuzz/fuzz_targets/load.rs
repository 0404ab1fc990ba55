//! Loading never panics; a load error points inside the text.
#![no_main]
use archlint_core::{load, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match load(text, &Limits::DEFAULT) {
        Ok(l) => assert!(l.design.nodes.len() <= Limits::DEFAULT.max_nodes),
        Err(e) => {
            let lines = text.split('\n').count() as u32;
            assert!(e.line >= 1 && e.line <= lines.max(1), "line {} of {lines}", e.line);
            assert!(e.column >= 1);
        }
    }
});
