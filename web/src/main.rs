//! The archlint browser design editor.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Shows a visible banner when the program panics (Yew can no longer render then).
#[cfg(target_arch = "wasm32")]
fn panic_banner(info: &std::panic::PanicHookInfo<'_>) {
    console_error_panic_hook::hook(info);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(div) = doc.create_element("div") else {
        return;
    };
    div.set_id("crash");
    div.set_class_name("banner error crash");
    let _ = div.set_attribute("role", "alert");
    div.set_text_content(Some(&format!(
        "archlint stopped because of an internal error; reload the page (your last autosave is kept). / 编辑器内部错误，请刷新页面（自动保存的设计仍在）。 {info}"
    )));
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&div);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    std::panic::set_hook(Box::new(panic_banner));
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        yew::Renderer::<archlint_web::components::app::App>::with_root(root).render();
    } else {
        yew::Renderer::<archlint_web::components::app::App>::new().render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("archlint-web runs in the browser: build it with `trunk build --release` (see scripts/serve.sh)");
}
