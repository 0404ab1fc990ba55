//! The file menu: new, open (picker: designs, Terraform files, ROS templates), paste, save, export SVG/PNG/DOT/draw.io/Mermaid, examples, share link.

use wasm_bindgen::{closure::Closure, JsCast};
use yew::prelude::*;

use crate::art;
use crate::components::app::Ctx;
use crate::doc::Doc;
use crate::dom;
use crate::i18n::t;
use crate::share;
use crate::state::Theme;
use crate::state::{Action, Dialog};

/// A file name from the design's title.
pub fn file_name(doc: &Doc, ext: &str) -> String {
    let base: String = doc
        .name()
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .collect();
    let base = base.trim();
    format!("{}.{ext}", if base.is_empty() { "design" } else { base })
}

/// Draws the SVG into a canvas at twice its size and downloads it as PNG.
fn export_png(svg: String, name: String) {
    let Some(doc) = dom::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(img) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let img2 = img.clone();
    let onload = Closure::once(move || {
        let (w, h) = (img2.natural_width().max(1), img2.natural_height().max(1));
        let Ok(c) = doc.create_element("canvas") else {
            return;
        };
        let c: web_sys::HtmlCanvasElement = c.unchecked_into();
        c.set_width(w * 2);
        c.set_height(h * 2);
        if let Some(ctx) = c
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|x| x.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        {
            let _ = ctx.scale(2.0, 2.0);
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
            let _ = ctx.draw_image_with_html_image_element(&img2, 0.0, 0.0);
            if let Ok(url) = c.to_data_url_with_type("image/png") {
                dom::download_url(&name, &url);
            }
        }
    });
    img.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.encode(svg.as_bytes());
    img.set_src(&format!("data:image/svg+xml;base64,{data}"));
}

#[function_component(FileMenu)]
pub fn file_menu() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let on_new = {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(Action::Open(crate::doc::to_text(&crate::doc::blank_value(
                lang,
            ))))
        })
    };
    let on_pick = {
        let d = s.dispatcher();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let files: Vec<web_sys::File> = input
                .files()
                .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
                .unwrap_or_default();
            if !files.is_empty() {
                crate::components::open::open_files(files, d.clone());
            }
            input.set_value("");
        })
    };
    let open_dialog = |dlg: Dialog| {
        let d = s.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Dialog(dlg.clone())))
    };
    let on_save = {
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            dom::download(&file_name(&doc, "json"), "application/json", &doc.text)
        })
    };
    let theme = match s.theme {
        Theme::Light => archlint_core::Theme::Light,
        Theme::Dark => archlint_core::Theme::Dark,
    };
    let on_svg = {
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(svg) = art::export_svg(&doc.text, lang, theme, &doc.kept) {
                dom::download(&file_name(&doc, "svg"), "image/svg+xml", &svg);
            }
        })
    };
    let on_png = {
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(svg) = art::export_svg(&doc.text, lang, theme, &doc.kept) {
                export_png(svg, file_name(&doc, "png"));
            }
        })
    };
    let on_dot = {
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(dot) = art::export_dot(&doc.text) {
                dom::download(&file_name(&doc, "dot"), "text/vnd.graphviz", &dot);
            }
        })
    };
    let on_drawio = {
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(x) = art::export_drawio(&doc.text, lang, &doc.kept) {
                dom::download(
                    &file_name(&doc, "drawio"),
                    "application/vnd.jgraph.mxfile",
                    &x,
                );
            }
        })
    };
    let on_mermaid = {
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(m) = art::export_mermaid(&doc.text, lang, &doc.kept) {
                dom::download(&file_name(&doc, "mmd"), "text/vnd.mermaid", &m);
            }
        })
    };
    let on_share = {
        let d = s.dispatcher();
        let doc = s.doc.clone();
        Callback::from(move |_: MouseEvent| {
            let url = format!("{}{}", dom::page_url(), share::encode(&doc.text));
            if let Some(w) = dom::window() {
                let _ = w.navigator().clipboard().write_text(&url);
            }
            d.dispatch(Action::Dialog(Dialog::Share(url)));
        })
    };
    html! {
        <nav class="group file-menu" aria-label={t(lang, "File")}>
            <button id="file-new" onclick={on_new}>{ t(lang, "New") }</button>
            // A design or a ROS template (JSON / YAML), or the Terraform files of a configuration
            // (several at once).
            <input id="file-open" class="visually-hidden" type="file" multiple={true}
                accept=".json,application/json,.yaml,.yml,.tf,.tfvars"
                onchange={on_pick} />
            <label class="button" for="file-open">{ t(lang, "Open…") }</label>
            <button id="file-paste" onclick={open_dialog(Dialog::Paste)}>{ t(lang, "Paste JSON") }</button>
            <button id="file-examples" onclick={open_dialog(Dialog::Gallery)}>{ t(lang, "Examples") }</button>
            <button id="file-save" onclick={on_save}>{ t(lang, "Save JSON") }</button>
            <button id="export-svg" onclick={on_svg}>{ "SVG" }</button>
            <button id="export-png" onclick={on_png}>{ "PNG" }</button>
            <button id="export-dot" onclick={on_dot}>{ "DOT" }</button>
            <button id="export-drawio" title={t(lang, "Export for draw.io (diagrams.net)")}
                onclick={on_drawio}>{ "draw.io" }</button>
            <button id="export-mermaid" title={t(lang, "Export as a Mermaid diagram (Markdown)")}
                onclick={on_mermaid}>{ "Mermaid" }</button>
            <button id="share" onclick={on_share}>{ t(lang, "Share link") }</button>
        </nav>
    }
}
