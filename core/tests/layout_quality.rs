//! The readability figures of the reference drawings (`archlint_core::layout::quality`), pinned
//! in `tests/snapshots/layout-quality.txt`: more crossings, more shared track, more bends,
//! more labels crossed by a line (any figure that got worse) fail with "worse"; a figure that
//! got better fails too, until the improvement is pinned with `ARCHLINT_BLESS=1 cargo test -p
//! archlint-core --test layout_quality`, so that the next change is measured against it.
//!
//! The designs are laid out as `archlint render` draws them (lint findings shown, English).

use std::path::PathBuf;

use archlint_core::index::Ctx;
use archlint_core::layout::quality::{measure, Quality};
use archlint_core::lint::lint_with_ctx;
use archlint_core::{layout, load, LayoutOptions, Limits, LintOptions};

const DESIGNS: [&str; 4] = [
    "vpc",
    "high-security",
    "classic-dual-zone",
    "two-region-three-center",
];

fn quality_of(name: &str) -> Quality {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let loaded = load(&text, &Limits::DEFAULT).expect("the reference design loads");
    let mut cx = Ctx::new(&loaded.design);
    let findings = lint_with_ctx(&loaded, &mut cx, &LintOptions::default()).findings;
    measure(&layout(
        &loaded.design,
        &cx,
        &findings,
        &LayoutOptions::default(),
    ))
}

/// Whether a smaller value is better.
#[derive(Clone, Copy, PartialEq)]
enum Better {
    Lower,
    /// Neither (the number of nodes, the total length…): any change is reported as a change.
    Neither,
}

/// (key, value, which way is better).
type Figure = (&'static str, String, Better);

/// The pinned figures of one design, in file order.
fn figures(q: &Quality) -> Vec<Figure> {
    use Better::*;
    vec![
        ("nodes", q.nodes.to_string(), Neither),
        ("edges", q.edges.to_string(), Neither),
        ("crossings", q.crossings.to_string(), Lower),
        ("crossing_pairs", q.crossing_pairs.to_string(), Lower),
        ("shared_length", q.shared_length.to_string(), Lower),
        ("length", q.length.to_string(), Neither),
        ("bends", q.bends.to_string(), Lower),
        ("labels_crossed", q.labels_crossed.to_string(), Lower),
        (
            "edges_through_nodes",
            q.edges_through_nodes.to_string(),
            Lower,
        ),
        ("manhattan", q.manhattan.to_string(), Neither),
        ("detours", q.detours.to_string(), Lower),
        ("detours_within", q.detours_within.to_string(), Lower),
        (
            "worst_detour",
            format!("{}/{}", q.worst_detour.0, q.worst_detour.1),
            Lower,
        ),
        ("area", q.area.to_string(), Lower),
        ("diagonal_segments", q.diagonal_segments.to_string(), Lower),
    ]
}

/// A pinned value as a number to compare (`a/b` as its ratio).
fn number(v: &str) -> f64 {
    match v.split_once('/') {
        Some((a, b)) => {
            let (a, b): (f64, f64) = (a.parse().unwrap_or(f64::NAN), b.parse().unwrap_or(1.0));
            if b == 0.0 {
                0.0
            } else {
                a / b
            }
        }
        None => v.parse().unwrap_or(f64::NAN),
    }
}

const HEADER: &str = "\
# The readability figures of the reference drawings, pinned by core/tests/layout_quality.rs
# (archlint_core::layout::quality; see core/src/layout/quality.rs for what each one counts).
# Lower is better for all but nodes, edges, length and manhattan. Any change fails the test;
# pin an improvement with: ARCHLINT_BLESS=1 cargo test -p archlint-core --test layout_quality
";

#[test]
fn the_reference_drawings_are_no_less_readable_than_pinned() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/layout-quality.txt");
    let mut actual = String::from(HEADER);
    let measured: Vec<(&str, Vec<Figure>)> = DESIGNS
        .iter()
        .map(|&name| (name, figures(&quality_of(name))))
        .collect();
    for (name, figs) in &measured {
        let pairs: Vec<String> = figs.iter().map(|(k, v, _)| format!("{k}={v}")).collect();
        actual.push_str(&format!("{name}.json {}\n", pairs.join(" ")));
    }
    if std::env::var_os("ARCHLINT_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &actual).unwrap();
        return;
    }
    let pinned = std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: cannot read the pinned figures ({e}); run with ARCHLINT_BLESS=1 to write them",
            file.display()
        )
    });
    let mut worse = Vec::new();
    let mut better = Vec::new();
    for (name, figs) in &measured {
        let key = format!("{name}.json ");
        let Some(line) = pinned.lines().find(|l| l.starts_with(&key)) else {
            worse.push(format!("{name}.json: not pinned"));
            continue;
        };
        for (k, v, way) in figs {
            let was = line
                .split_whitespace()
                .find_map(|kv| kv.strip_prefix(k).and_then(|r| r.strip_prefix('=')))
                .unwrap_or("(none)");
            if was == v {
                continue;
            }
            let msg = format!("{name}.json: {k} {was} -> {v}");
            let (a, b) = (number(was), number(v));
            match way {
                Better::Lower if b < a => better.push(msg),
                Better::Lower => worse.push(msg),
                Better::Neither => better.push(format!("{msg} (changed)")),
            }
        }
    }
    assert!(
        worse.is_empty() && better.is_empty(),
        "the layout-quality figures changed.\n{}{}",
        if worse.is_empty() {
            String::new()
        } else {
            format!("Worse (a regression):\n  {}\n", worse.join("\n  "))
        },
        if better.is_empty() {
            String::new()
        } else {
            format!(
                "Better or changed: if that is intended, pin it with ARCHLINT_BLESS=1 cargo test -p archlint-core --test layout_quality\n  {}\n",
                better.join("\n  ")
            )
        }
    );
}

#[test]
fn the_figures_see_what_is_drawn() {
    // The reference designs are drawn without a line through a node box and without a
    // diagonal; their ports are labelled.
    for name in DESIGNS {
        let q = quality_of(name);
        assert_eq!(q.edges_through_nodes, 0, "{name}");
        assert_eq!(q.diagonal_segments, 0, "{name}");
        assert!(q.edges > 10 && q.length > 0 && q.manhattan > 0, "{name}");
        assert!(
            q.detours <= q.edges && q.detours_within <= q.detours,
            "{name}"
        );
    }
}
