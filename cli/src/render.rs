//! `archlint render`: draws a design as SVG, PNG (rasterised by resvg), Graphviz DOT, a draw.io
//! file or a Mermaid diagram, with the built-in layout or, on request (SVG, PNG), Graphviz's
//! `dot`.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use resvg::usvg::fontdb;

use archlint_core::{
    render_dot, render_drawio, render_mermaid, render_svg, Lang, RenderOptions, Theme,
};

use crate::text::load_error_line;
use crate::{err_line, finish_output, usage_error, RenderArgs, FAILURE, OK};

/// What `render` writes.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderFormat {
    Svg,
    Png,
    Dot,
    /// An uncompressed draw.io (diagrams.net) file, positions as in the SVG
    Drawio,
    /// A Mermaid `architecture-beta` diagram, for Markdown
    Mermaid,
}

impl RenderFormat {
    fn from_extension(path: &Path) -> Option<RenderFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(RenderFormat::Svg),
            "png" => Some(RenderFormat::Png),
            "dot" | "gv" => Some(RenderFormat::Dot),
            "drawio" => Some(RenderFormat::Drawio),
            "mmd" | "mermaid" => Some(RenderFormat::Mermaid),
            _ => None,
        }
    }
}

/// Who lays the diagram out.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutEngine {
    /// archlint's own layout (regions, zone columns, tiers, findings)
    Builtin,
    /// The Graphviz `dot` program, run on the DOT export
    Graphviz,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeArg {
    Light,
    Dark,
}

/// The most pixels a PNG may have (256 MB of RGBA); larger drawings are scaled down.
const MAX_PIXELS: f64 = 64.0 * 1024.0 * 1024.0;
/// The longest side tiny-skia accepts comfortably.
const MAX_SIDE: f64 = 32_000.0;

pub fn run(args: &RenderArgs, lang: Lang) -> u8 {
    let out_path = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let format = match (args.format, out_path) {
        (Some(f), _) => f,
        (None, None) => RenderFormat::Svg,
        (None, Some(p)) => match RenderFormat::from_extension(p) {
            Some(f) => f,
            None => {
                let shown = p.display();
                return usage_error(
                    lang,
                    &format!("cannot tell the format from `{shown}`: name it .svg, .png, .dot, .drawio or .mmd, or pass --format svg|png|dot|drawio|mermaid"),
                    &format!("无法从 `{shown}` 判断输出格式：请使用 .svg、.png、.dot、.drawio 或 .mmd 扩展名，或指定 --format svg|png|dot|drawio|mermaid"),
                );
            }
        },
    };
    if args.layout == LayoutEngine::Graphviz && format == RenderFormat::Dot {
        return usage_error(
            lang,
            "--layout graphviz draws SVG or PNG; the DOT export is what Graphviz reads (drop --layout)",
            "--layout graphviz 用于输出 SVG 或 PNG；DOT 导出本身就是 Graphviz 的输入（请去掉 --layout）",
        );
    }
    if args.layout == LayoutEngine::Graphviz
        && matches!(format, RenderFormat::Drawio | RenderFormat::Mermaid)
    {
        return usage_error(
            lang,
            "--layout graphviz draws SVG or PNG; the draw.io and Mermaid exports carry archlint's own layout (drop --layout)",
            "--layout graphviz 用于输出 SVG 或 PNG；draw.io 和 Mermaid 导出使用 archlint 自己的布局（请去掉 --layout）",
        );
    }
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 16.0) {
        return usage_error(
            lang,
            &format!(
                "--scale must be a number above 0 and at most 16, not {}",
                args.scale
            ),
            &format!(
                "--scale 必须是大于 0、不超过 16 的数，而不是 {}",
                args.scale
            ),
        );
    }
    if format == RenderFormat::Png && out_path.is_none() && io::stdout().is_terminal() {
        return usage_error(
            lang,
            "will not write a PNG to a terminal: pass -o FILE.png or redirect standard output",
            "不会把 PNG 写到终端：请指定 -o 文件.png 或重定向标准输出",
        );
    }

    let (lint, import) = match crate::project::render_settings(args, lang) {
        Ok(o) => o,
        Err(status) => return status,
    };
    let limits = args.input.limits();
    let name = args.input.display_name(&args.file);
    let mut units = crate::source::units(
        std::slice::from_ref(&args.file),
        &import,
        &args.input.stdin_filename,
        limits.max_bytes,
        false,
    );
    let text = match units.pop() {
        Some(crate::source::Unit::Design { text, .. }) if units.is_empty() => text,
        Some(crate::source::Unit::Imported { name, imported }) if units.is_empty() => {
            if args.import.verbose {
                crate::source::verbose(&name, &imported, lang);
            }
            imported.design
        }
        Some(crate::source::Unit::Failed { name, error }) => {
            err_line(&load_error_line(&name, &error, lang));
            return FAILURE;
        }
        _ => {
            return usage_error(
                lang,
                &format!("`{name}` holds more than one configuration: render one at a time"),
                &format!("`{name}` 包含多个配置：请逐个绘制"),
            )
        }
    };
    let opts = RenderOptions {
        limits,
        lint,
        findings: !args.no_findings,
        lang,
        theme: match args.theme {
            ThemeArg::Light => Theme::Light,
            ThemeArg::Dark => Theme::Dark,
        },
        id_prefix: args.id_prefix.clone(),
    };

    let drawn = match (format, args.layout) {
        (RenderFormat::Dot, _) => render_dot(&text, &opts).map(|d| through_graphviz_rust(&d)),
        (RenderFormat::Drawio, _) => render_drawio(&text, &opts),
        (RenderFormat::Mermaid, _) => render_mermaid(&text, &opts),
        (_, LayoutEngine::Builtin) => render_svg(&text, &opts),
        (_, LayoutEngine::Graphviz) => {
            match render_dot(&text, &opts).map(|d| through_graphviz_rust(&d)) {
                Ok(dot) => match graphviz_svg(&dot, lang) {
                    Ok(svg) => Ok(svg),
                    Err(status) => return status,
                },
                Err(e) => Err(e),
            }
        }
    };
    let drawn = match drawn {
        Ok(s) => s,
        Err(e) => {
            err_line(&load_error_line(&name, &e, lang));
            return FAILURE;
        }
    };
    let bytes = match format {
        RenderFormat::Svg | RenderFormat::Dot | RenderFormat::Drawio | RenderFormat::Mermaid => {
            drawn.into_bytes()
        }
        RenderFormat::Png => match png(&drawn, args.scale, lang) {
            Ok(b) => b,
            Err(status) => return status,
        },
    };
    write_out(out_path, &bytes, lang)
}

/// Core writes the DOT text (it is `no_std` and shared with the browser); the CLI passes it
/// through graphviz-rust's parser and printer, so what leaves the CLI is DOT that a DOT
/// parser independent of ours accepts, laid out by graphviz-rust's printer. Core's text is
/// kept if graphviz-rust cannot parse it (that would be a bug, caught by the tests).
fn through_graphviz_rust(dot: &str) -> String {
    match graphviz_rust::parse(dot) {
        Ok(graph) => {
            let mut out = graphviz_rust::print(
                graph,
                &mut graphviz_rust::printer::PrinterContext::default(),
            );
            out.push('\n');
            out
        }
        Err(_) => dot.to_string(),
    }
}

/// Writes the result to the file or to standard output.
fn write_out(path: Option<&Path>, bytes: &[u8], lang: Lang) -> u8 {
    match path {
        None => {
            let mut out = io::stdout().lock();
            finish_output(out.write_all(bytes).and_then(|()| out.flush()), OK)
        }
        Some(p) => match std::fs::write(p, bytes) {
            Ok(()) => OK,
            Err(e) => {
                let shown = p.display();
                usage_error(
                    lang,
                    &format!("cannot write `{shown}`: {e}"),
                    &format!("无法写入 `{shown}`：{e}"),
                )
            }
        },
    }
}

/// Runs Graphviz `dot -Tsvg` on a DOT text; a clear message when it is not installed.
fn graphviz_svg(dot: &str, lang: Lang) -> Result<String, u8> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(usage_error(
                lang,
                "--layout graphviz needs the Graphviz `dot` program, which is not installed (not found on PATH); install it with `apt-get install graphviz` (Debian, Ubuntu), or drop --layout to use archlint's own layout",
                "--layout graphviz 需要 Graphviz 的 `dot` 程序，但它没有安装（PATH 中找不到）；请用 `apt-get install graphviz`（Debian、Ubuntu）安装，或去掉 --layout 使用 archlint 自带的布局",
            ));
        }
        Err(e) => {
            return Err(usage_error(
                lang,
                &format!("cannot run Graphviz `dot`: {e}"),
                &format!("无法运行 Graphviz `dot`：{e}"),
            ));
        }
    };
    // Feed the input from another thread: `dot` may fill its output pipe before reading all.
    let feeder = child.stdin.take().map(|mut pipe| {
        let input = dot.as_bytes().to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        })
    });
    let output = child.wait_with_output();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            return Err(usage_error(
                lang,
                &format!("Graphviz `dot` failed: {e}"),
                &format!("Graphviz `dot` 运行失败：{e}"),
            ))
        }
    };
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.trim();
        return Err(usage_error(
            lang,
            &format!("Graphviz `dot` failed ({}): {why}", output.status),
            &format!("Graphviz `dot` 运行失败（{}）：{why}", output.status),
        ));
    }
    String::from_utf8(output.stdout).map_err(|_| {
        usage_error(
            lang,
            "Graphviz `dot` wrote output that is not UTF-8",
            "Graphviz `dot` 的输出不是 UTF-8",
        )
    })
}

/// Families tried, in order, as the default and generic (`sans-serif`) font: the first
/// installed one wins. All but the last cover Chinese; resvg drops text whose family it
/// cannot resolve, so the default must be a font that is actually there.
const CJK_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "DejaVu Sans",
    "Liberation Sans",
];

/// The system font database with a CJK-capable font as the sans-serif family.
pub fn font_db() -> fontdb::Database {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    // A font directory of the user's own (e.g. fonts not installed system-wide).
    if let Some(dir) = std::env::var_os("ARCHLINT_FONT_DIR") {
        db.load_fonts_dir(dir);
    }
    let installed = |family: &str| {
        db.faces().any(|f| {
            f.families
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(family))
        })
    };
    if let Some(family) = CJK_FAMILIES.iter().find(|f| installed(f)) {
        let family = family.to_string();
        db.set_sans_serif_family(family.clone());
    }
    db
}

/// Rasterises an SVG at `scale` (shrunk if the picture would be unreasonably large).
fn png(svg: &str, scale: f32, lang: Lang) -> Result<Vec<u8>, u8> {
    let db = font_db();
    let family = db.family_name(&fontdb::Family::SansSerif).to_string();
    let opts = resvg::usvg::Options {
        font_family: family,
        fontdb: Arc::new(db),
        ..resvg::usvg::Options::default()
    };
    let tree = match resvg::usvg::Tree::from_str(svg, &opts) {
        Ok(t) => t,
        Err(e) => {
            return Err(usage_error(
                lang,
                &format!("cannot rasterise the drawing: {e}"),
                &format!("无法栅格化图形：{e}"),
            ))
        }
    };
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let mut s = f64::from(scale);
    let fit = (MAX_PIXELS / (w * h * s * s))
        .sqrt()
        .min(MAX_SIDE / (w.max(h) * s));
    if fit < 1.0 {
        s *= fit;
        err_line(&match lang {
            Lang::En => format!(
                "archlint: note: the drawing is large; the PNG is scaled by {s:.2} instead of {scale}"
            ),
            Lang::Zh => format!("archlint：提示：图形过大，PNG 按 {s:.2} 倍而不是 {scale} 倍缩放"),
        });
    }
    let pw = ((w * s).ceil() as u32).max(1);
    let ph = ((h * s).ceil() as u32).max(1);
    let Some(mut pixmap) = resvg::tiny_skia::Pixmap::new(pw, ph) else {
        return Err(usage_error(
            lang,
            &format!("cannot allocate a {pw}×{ph} image"),
            &format!("无法分配 {pw}×{ph} 的图像"),
        ));
    };
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(s as f32, s as f32),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| {
        usage_error(
            lang,
            &format!("cannot encode the PNG: {e}"),
            &format!("无法编码 PNG：{e}"),
        )
    })
}
