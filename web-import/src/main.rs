//! The importer module of the browser editor: two functions exported to JavaScript, each taking
//! and returning JSON text (see the library, `archlint_web_import`, for the shapes).

/// `{"files": [{"path", "text"}], "var_files": [...], "dir"?}` → `{"ok": ...}` / `{"error": ...}`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn import_terraform(request: &str) -> String {
    archlint_web_import::terraform(request)
}

/// A ROS template (YAML or JSON) → `{"ok": ...}` / `{"error": ...}`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn import_ros(name: &str, text: &str) -> String {
    archlint_web_import::ros(name, text)
}

fn main() {}
