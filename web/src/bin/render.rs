//! Renders a design file the way the editor exports it: `render FILE [svg|dot]` prints the SVG
//! (default) or DOT. The browser tests compare the editor's download with this.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: render FILE [svg|dot]");
        std::process::exit(2);
    };
    let format = args.next().unwrap_or_else(|| "svg".into());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let doc = match archlint_web::doc::Doc::parse(&text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}:{}:{}: {}", e.line, e.column, e.en);
            std::process::exit(1);
        }
    };
    let out = match format.as_str() {
        "dot" => archlint_web::export::dot(&doc.value),
        _ => archlint_web::export::svg(&archlint_web::layout::layout(&doc.value), &doc),
    };
    print!("{out}");
}
