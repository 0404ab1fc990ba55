//! Small browser helpers: local storage, downloads, time, focus and scrolling.

use wasm_bindgen::JsCast;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn get_item(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores a value; `Err` carries whether storage exists at all (`false`: unavailable).
pub fn set_item(key: &str, value: &str) -> Result<(), bool> {
    let s = storage().ok_or(false)?;
    s.set_item(key, value).map_err(|_| true)
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn perf_now() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

pub fn navigator_language() -> String {
    window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default()
}

/// Offers `data` as a file download.
pub fn download(name: &str, mime: &str, data: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(data));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    download_url(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Clicks a temporary link that downloads `url` as `name`.
pub fn download_url(name: &str, url: &str) {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let a: web_sys::HtmlAnchorElement = a.unchecked_into();
    a.set_href(url);
    a.set_download(name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}

pub fn by_id(id: &str) -> Option<web_sys::Element> {
    window()?.document()?.get_element_by_id(id)
}

/// The id of the element that has the keyboard focus (empty when none has an id).
pub fn focused_id() -> String {
    window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .map(|e| e.id())
        .unwrap_or_default()
}

/// Runs `f` after the next frame is painted (a task queued from the frame callback runs after
/// the browser has styled, laid out and painted that frame).
pub fn after_paint(f: impl FnOnce() + 'static) {
    let cb = wasm_bindgen::closure::Closure::once_into_js(move || {
        gloo::timers::callback::Timeout::new(0, f).forget();
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// Focuses an HTML or SVG element (the canvas's nodes are SVG).
pub fn focus(id: &str) {
    match by_id(id).map(|e| e.dyn_into::<web_sys::HtmlElement>()) {
        Some(Ok(e)) => {
            let _ = e.focus();
        }
        Some(Err(e)) => {
            if let Ok(e) = e.dyn_into::<web_sys::SvgElement>() {
                let _ = e.focus();
            }
        }
        None => {}
    }
}

/// Moves the keyboard focus off `from` (inside an item matching `item`, in a group matching
/// `group`) before an edit removes that item: to the `button` of the next item, else of the
/// previous one, else (the item was its group's last, and the group goes too) to the `head` of
/// the next group, else of the previous one, else (nothing of the list stays) to the findings
/// panel's heading. An applied fix removes its finding, so the focus goes to the next
/// finding's Fix button (Enter fixes that one). Also cheaper: Chromium's fix-up of a removed
/// focused element (the focus dropped to the page) took 1–2 ms of a fix's frame on a 300-node
/// design.
pub fn focus_neighbour(from: &web_sys::Element, item: &str, button: &str, group: &str, head: &str) {
    let within = |e: Option<web_sys::Element>, sel: &str| {
        e.and_then(|e| e.query_selector(sel).ok().flatten())
    };
    let Ok(Some(li)) = from.closest(item) else {
        return;
    };
    let g = li.closest(group).ok().flatten();
    let to = within(li.next_element_sibling(), button)
        .or_else(|| within(li.previous_element_sibling(), button))
        .or_else(|| within(g.as_ref().and_then(|g| g.next_element_sibling()), head))
        .or_else(|| within(g.as_ref().and_then(|g| g.previous_element_sibling()), head))
        .or_else(|| within(from.closest("section.findings").ok().flatten(), "h2"));
    if let Some(Ok(e)) = to.map(|e| e.dyn_into::<web_sys::HtmlElement>()) {
        let _ = e.focus();
    }
}

/// A random id for this tab (to tell our saves from another tab's).
pub fn tab_id() -> String {
    format!("{:x}", (js_sys::Math::random() * 1e15) as u64)
}

pub fn location_hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Drops the fragment from the address bar without reloading.
pub fn clear_hash() {
    if let Some(w) = window() {
        if let Ok(h) = w.history() {
            let path = w.location().pathname().unwrap_or_default();
            let search = w.location().search().unwrap_or_default();
            let _ = h.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
}

pub fn page_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

pub fn set_root_attr(name: &str, value: &str) {
    if let Some(e) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = e.set_attribute(name, value);
    }
}

/// Calls the Terraform / ROS importer (web-import/, a WASM module of its own that
/// `web/boot.js` fetches the first time it is needed): `fun` is `import_terraform` or
/// `import_ros`, its answer JSON text. `Err` when the module cannot be loaded or fails.
pub async fn import(fun: &str, args: &[&str]) -> Result<String, String> {
    call_module("archlintImport", fun, args).await
}

/// Every rule's documentation as JSON text, from the rules documentation module (web-docs/,
/// fetched by `web/boot.js` the first time the Rules dialog or a rule's documentation opens).
pub async fn rule_docs() -> Result<String, String> {
    call_module("archlintDocs", "rule_docs", &[]).await
}

/// Calls `fun` of a module `web/boot.js` loads on demand through its loader `loader`
/// (`archlintImport`, `archlintDocs`), with text arguments; the answer is text.
async fn call_module(loader: &str, fun: &str, args: &[&str]) -> Result<String, String> {
    let describe = |e: wasm_bindgen::JsValue| -> String {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| format!("{e:?}"))
    };
    let loader = window()
        .and_then(|w| js_sys::Reflect::get(&w, &loader.into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| format!("the page has no loader {loader} (web/boot.js)"))?;
    let list = js_sys::Array::of1(&fun.into());
    for a in args {
        list.push(&(*a).into());
    }
    let promise = loader
        .apply(&wasm_bindgen::JsValue::NULL, &list)
        .map_err(describe)?;
    let v = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(describe)?;
    v.as_string().ok_or_else(|| format!("{fun} gave no answer"))
}
