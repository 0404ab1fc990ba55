//! The rules documentation module of the browser editor: one function exported to JavaScript
//! (see the library, `archlint_web_docs`, for the answer's shape).

/// Every rule's summary, documentation and fix note in English and Chinese, as JSON text.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rule_docs() -> String {
    archlint_web_docs::rule_docs()
}

fn main() {}
