//! A tiny log-log line chart written as SVG: fixed size, decade grid, one polyline and one
//! marker per point for each series, a legend on the right. Deterministic (same input, same
//! bytes); every text escaped.

use std::fmt::Write;

/// One point: `x`, `y`, and whether `y` is only a lower bound (a run stopped at a timeout),
/// drawn as a hollow marker and not joined to the line.
#[derive(Debug, Clone, Copy)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub lower_bound: bool,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    /// A CSS colour, e.g. `#1f77b4`.
    pub color: &'static str,
    /// Dashed line (e.g. the WASM series, next to the native ones of the same colour).
    pub dashed: bool,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// Tick label of the decade `10^k` on each axis.
    pub x_tick: fn(i32) -> String,
    pub y_tick: fn(i32) -> String,
    pub series: Vec<Series>,
    /// A line of small print under the chart.
    pub note: String,
}

/// Escapes text for SVG text content and attribute values.
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

const W: f64 = 820.0;
const H: f64 = 500.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 580.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 420.0;

/// The axis range `[lo, hi]` in log10 units covering `values` (positive, finite): from the
/// decade at or below the smallest value to the largest value plus a margin (the next decade
/// when it is near); `None` if there are no values.
fn log_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.filter(|v| v.is_finite() && *v > 0.0) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return None;
    }
    let a = lo.log10().floor();
    let h = hi.log10();
    let b = if h.ceil() - h < 0.35 {
        h.ceil()
    } else {
        h + 0.15
    };
    Some((a, b.max(a + 1.0)))
}

impl Chart {
    pub fn to_svg(&self) -> String {
        let pts = || self.series.iter().flat_map(|s| s.points.iter());
        let (xa, xb) = log_range(pts().map(|p| p.x)).unwrap_or((0.0, 1.0));
        let (ya, yb) = log_range(pts().map(|p| p.y)).unwrap_or((0.0, 1.0));
        let sx = |x: f64| LEFT + (x.log10() - xa) / (xb - xa) * (RIGHT - LEFT);
        let sy = |y: f64| BOTTOM - (y.log10() - ya) / (yb - ya) * (BOTTOM - TOP);
        // Decades whose line is inside the plot: k in x0..=x1.
        let (x0, x1) = (xa as i32, (xb + 1e-9).floor() as i32);
        let (y0, y1) = (ya as i32, (yb + 1e-9).floor() as i32);
        let inside = |v: f64, a: f64, b: f64| v.log10() <= b + 1e-9 && v.log10() >= a - 1e-9;
        let mut s = String::new();
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" \
             font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\" font-size=\"12\">\n\
             <rect width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/>\n\
             <text x=\"{LEFT}\" y=\"28\" font-size=\"16\" font-weight=\"600\" fill=\"#222\">{}</text>\n",
            escape(&self.title)
        );
        // Grid: decades (solid) and 2..9 (faint), with the decade labels.
        s.push_str("<g stroke-width=\"1\">\n");
        for k in x0..=x1 {
            for m in 1..10 {
                let v = m as f64 * 10f64.powi(k);
                if !inside(v, xa, xb) {
                    break;
                }
                let x = sx(v);
                let c = if m == 1 { "#c8c8c8" } else { "#eeeeee" };
                let _ = writeln!(
                    s,
                    "<line x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{BOTTOM}\" stroke=\"{c}\"/>"
                );
            }
        }
        for k in y0..=y1 {
            for m in 1..10 {
                let v = m as f64 * 10f64.powi(k);
                if !inside(v, ya, yb) {
                    break;
                }
                let y = sy(v);
                let c = if m == 1 { "#c8c8c8" } else { "#eeeeee" };
                let _ = writeln!(
                    s,
                    "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{RIGHT}\" y2=\"{y:.1}\" stroke=\"{c}\"/>"
                );
            }
        }
        let _ = writeln!(
            s,
            "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n</g>",
            RIGHT - LEFT,
            BOTTOM - TOP
        );
        s.push_str("<g fill=\"#444\">\n");
        for k in x0..=x1 {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                sx(10f64.powi(k)),
                BOTTOM + 18.0,
                escape(&(self.x_tick)(k))
            );
        }
        for k in y0..=y1 {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                LEFT - 8.0,
                sy(10f64.powi(k)) + 4.0,
                escape(&(self.y_tick)(k))
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\">{}</text>",
            (LEFT + RIGHT) / 2.0,
            BOTTOM + 40.0,
            escape(&self.x_label)
        );
        let _ = writeln!(
            s,
            "<text transform=\"translate(22 {:.1}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{}</text>",
            (TOP + BOTTOM) / 2.0,
            escape(&self.y_label)
        );
        let _ = writeln!(
            s,
            "<text x=\"{LEFT}\" y=\"{}\" font-size=\"11\" fill=\"#666\">{}</text>\n</g>",
            H - 14.0,
            escape(&self.note)
        );
        // Series.
        for (i, se) in self.series.iter().enumerate() {
            let dash = if se.dashed {
                " stroke-dasharray=\"6 4\""
            } else {
                ""
            };
            let line: Vec<String> = se
                .points
                .iter()
                .filter(|p| !p.lower_bound && p.x > 0.0 && p.y > 0.0)
                .map(|p| format!("{:.1},{:.1}", sx(p.x), sy(p.y)))
                .collect();
            let _ = writeln!(s, "<g>");
            if line.len() > 1 {
                let _ = writeln!(
                    s,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
                    line.join(" "),
                    se.color
                );
            }
            for p in se.points.iter().filter(|p| p.x > 0.0 && p.y > 0.0) {
                let fill = if p.lower_bound { "#ffffff" } else { se.color };
                let _ = writeln!(
                    s,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"2\"/>",
                    sx(p.x),
                    sy(p.y),
                    se.color
                );
                if p.lower_bound {
                    let _ = writeln!(
                        s,
                        "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{}\" font-size=\"11\">timeout</text>",
                        sx(p.x) + 8.0,
                        sy(p.y) + 4.0,
                        se.color
                    );
                }
            }
            // Legend entry.
            let ly = TOP + 10.0 + i as f64 * 24.0;
            let _ = writeln!(
                s,
                "<line x1=\"{}\" y1=\"{ly:.1}\" x2=\"{}\" y2=\"{ly:.1}\" stroke=\"{}\" stroke-width=\"2\"{dash}/>\n\
                 <circle cx=\"{}\" cy=\"{ly:.1}\" r=\"4\" fill=\"{}\"/>\n\
                 <text x=\"{}\" y=\"{:.1}\" fill=\"#222\">{}</text>\n</g>",
                RIGHT + 20.0,
                RIGHT + 52.0,
                se.color,
                RIGHT + 36.0,
                se.color,
                RIGHT + 60.0,
                ly + 4.0,
                escape(&se.name)
            );
        }
        s.push_str("</svg>\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(name: &str) -> Chart {
        Chart {
            title: "t".into(),
            x_label: "x".into(),
            y_label: "y".into(),
            x_tick: |k| format!("1e{k}"),
            y_tick: |k| format!("1e{k}"),
            series: vec![Series {
                name: name.into(),
                color: "#000",
                dashed: false,
                points: vec![
                    Point {
                        x: 100.0,
                        y: 0.5,
                        lower_bound: false,
                    },
                    Point {
                        x: 1000.0,
                        y: 7.0,
                        lower_bound: true,
                    },
                ],
            }],
            note: String::new(),
        }
    }

    #[test]
    fn text_is_escaped_and_output_deterministic() {
        let svg = chart("<a href=\"x\">&'").to_svg();
        assert!(svg.contains("&lt;a href=&quot;x&quot;&gt;&amp;&#39;"));
        assert!(!svg.contains("<a "));
        assert_eq!(svg, chart("<a href=\"x\">&'").to_svg());
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>\n"));
    }

    #[test]
    fn range_covers_the_values() {
        assert_eq!(log_range([0.5, 7.0].into_iter()), Some((-1.0, 1.0)));
        assert_eq!(log_range([100.0].into_iter()), Some((2.0, 3.0)));
        let (a, b) = log_range([105.0, 103_289.0].into_iter()).unwrap();
        assert_eq!(a, 2.0);
        assert!(b > 103_289f64.log10() && b < 5.5, "{b}");
        assert_eq!(log_range([0.0, f64::NAN].into_iter()), None);
    }
}
