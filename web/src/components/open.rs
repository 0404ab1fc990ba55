//! Reading what the user opens — files picked (several at once), files and folders dropped —
//! and opening it: a design as it is, Terraform and ROS through the importer module
//! (`crate::import` decides, `dom::import` calls the module, loaded on first use).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::dom;
use crate::import::{self, Picked, Plan};
use crate::state::{Action, State};

/// Something dropped on the page, taken from the drop event while it is still valid.
pub enum Dropped {
    /// A file, with its path (`/main.tf`, or its name when the browser gives no entry).
    File(web_sys::File, String),
    Folder(web_sys::FileSystemEntry),
}

/// What a drop carries: files, and folders where the browser gives entries for them.
pub fn dropped(dt: &web_sys::DataTransfer) -> Vec<Dropped> {
    let mut out = Vec::new();
    let items = dt.items();
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        let entry = item.webkit_get_as_entry().ok().flatten();
        match (entry, item.get_as_file().ok().flatten()) {
            (Some(e), _) if e.is_directory() => out.push(Dropped::Folder(e)),
            (e, Some(f)) => {
                let path = e.map(|e| e.full_path()).unwrap_or_else(|| f.name());
                out.push(Dropped::File(f, path));
            }
            _ => {}
        }
    }
    if out.is_empty() {
        if let Some(files) = dt.files() {
            out.extend((0..files.length()).filter_map(|i| files.get(i)).map(|f| {
                let name = f.name();
                Dropped::File(f, name)
            }));
        }
    }
    out
}

/// A file's text (empty when it cannot be read: then it is refused as a design would be).
async fn text_of(f: &web_sys::File) -> String {
    JsFuture::from(f.text())
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The file of a file entry.
async fn file_of(e: &web_sys::FileSystemFileEntry) -> Option<web_sys::File> {
    let p = js_sys::Promise::new(&mut |ok, err| e.file_with_callback_and_callback(&ok, &err));
    JsFuture::from(p).await.ok()?.dyn_into().ok()
}

/// Every entry of a folder (`readEntries` gives them in batches until an empty one).
async fn entries_of(d: &web_sys::FileSystemDirectoryEntry) -> Vec<web_sys::FileSystemEntry> {
    let reader = d.create_reader();
    let mut out = Vec::new();
    loop {
        let p = js_sys::Promise::new(&mut |ok, err| {
            if let Err(e) = reader.read_entries_with_callback_and_callback(&ok, &err) {
                let _ = err.call1(&JsValue::NULL, &e);
            }
        });
        let Ok(batch) = JsFuture::from(p).await else {
            break;
        };
        let batch: js_sys::Array = batch.unchecked_into();
        if batch.length() == 0 {
            break;
        }
        out.extend(batch.iter().map(|e| e.unchecked_into()));
    }
    out
}

fn trimmed(full_path: &str) -> String {
    full_path.trim_start_matches('/').to_string()
}

/// Reads a drop: dropped files as they are, dropped folders' Terraform files recursively
/// (folders whose name starts with `.`, like `.terraform` and `.git`, are left out).
async fn read_dropped(items: Vec<Dropped>) -> Result<Vec<Picked>, crate::doc::Refused> {
    let mut out = Vec::new();
    let mut folders = Vec::new();
    for item in items {
        match item {
            Dropped::File(f, path) => {
                out.push(Picked::new(trimmed(&path), text_of(&f).await, true))
            }
            Dropped::Folder(e) => folders.push(e),
        }
    }
    let first_folder = folders.first().map(|f| trimmed(&f.full_path()));
    let mut stack = folders;
    while let Some(dir) = stack.pop() {
        for e in entries_of(dir.unchecked_ref()).await {
            if e.name().starts_with('.') {
                continue;
            }
            if e.is_directory() {
                stack.push(e);
            } else if import::is_terraform_name(&e.name()) {
                if let Some(f) = file_of(e.unchecked_ref()).await {
                    out.push(Picked::new(
                        trimmed(&e.full_path()),
                        text_of(&f).await,
                        false,
                    ));
                }
            }
        }
    }
    match first_folder {
        Some(name) if out.is_empty() => Err(import::empty_folder(&name)),
        _ => Ok(out),
    }
}

/// Opens files picked in the file input.
pub fn open_files(files: Vec<web_sys::File>, d: UseReducerDispatcher<State>) {
    wasm_bindgen_futures::spawn_local(async move {
        let mut picked = Vec::with_capacity(files.len());
        for f in &files {
            picked.push(Picked::new(f.name(), text_of(f).await, true));
        }
        open(picked, &d).await;
    });
}

/// Opens what was dropped on the page.
pub fn open_dropped(items: Vec<Dropped>, d: UseReducerDispatcher<State>) {
    wasm_bindgen_futures::spawn_local(async move {
        match read_dropped(items).await {
            Ok(picked) => open(picked, &d).await,
            Err(r) => d.dispatch(Action::Refuse(r)),
        }
    });
}

async fn open(files: Vec<Picked>, d: &UseReducerDispatcher<State>) {
    match import::plan(files) {
        Plan::Nothing => {}
        Plan::Design(text) => d.dispatch(Action::Open(text)),
        Plan::Refuse(r) => d.dispatch(Action::Refuse(r)),
        Plan::Ros { name, text } => run(d, "import_ros", &[&name, &text]).await,
        Plan::Terraform(request) => run(d, "import_terraform", &[&request]).await,
    }
}

/// Runs the importer and opens its design (an undoable open) or shows why it refused.
async fn run(d: &UseReducerDispatcher<State>, fun: &str, args: &[&str]) {
    d.dispatch(Action::Importing(true));
    let answer = match dom::import(fun, args).await {
        Ok(text) => import::answer(&text),
        Err(why) => Err(import::unavailable(&why)),
    };
    d.dispatch(match answer {
        Ok(design) => Action::Open(design),
        Err(r) => Action::Refuse(r),
    });
}
