//! Renders a design file the way the editor exports it:
//! `archlint-web-render FILE [svg|dot|drawio|mermaid] [en|zh] [light|dark]` prints core's SVG (default), DOT,
//! draw.io or Mermaid. The browser
//! tests used to compare the editor's download with this (they now use `archlint render`); `archlint-web-render --gen N` prints a generated design.

use archlint_core::{Lang, Theme};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `render --gen N`: a generated design of about N nodes (core's generator), for timing.
    if args.first().map(String::as_str) == Some("--gen") {
        let n = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(300);
        print!("{}", archlint_core::gen::design(n, 7));
        return;
    }
    let Some(path) = args.first() else {
        eprintln!("usage: archlint-web-render FILE [svg|dot|drawio|mermaid] [en|zh] [light|dark]");
        std::process::exit(2);
    };
    let format = args.get(1).map(String::as_str).unwrap_or("svg");
    let lang = args.get(2).and_then(|s| Lang::parse(s)).unwrap_or(Lang::En);
    let theme = args
        .get(3)
        .and_then(|s| Theme::parse(s))
        .unwrap_or(Theme::Light);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    // A design as opened: laid out afresh, as the editor draws it then.
    let kept = Default::default();
    let out = match format {
        "dot" => archlint_web::art::export_dot(&text),
        "drawio" => archlint_web::art::export_drawio(&text, lang, &kept),
        "mermaid" => archlint_web::art::export_mermaid(&text, lang, &kept),
        _ => archlint_web::art::export_svg(&text, lang, theme, &kept),
    };
    match out {
        Some(s) => print!("{s}"),
        None => {
            eprintln!("{path}: not a design");
            std::process::exit(1);
        }
    }
}
