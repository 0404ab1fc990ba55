//! `layout_stability`: how far an edit moves the nodes it did not touch. Run by
//! `scripts/perf-report.sh`, which builds it and passes `--update docs/performance.md`.
//!
//! ```text
//! target/release/layout_stability [--edits N] [--seed N] [--size N] [--update FILE] [--verbose]
//! ```
//!
//! Designs: the four reference designs (`examples/*.json`) and a generated design of about 300
//! nodes (`archlint_core::gen::design(300, 1)`, `--size`). Each gets a scripted session of 50
//! edits (`--edits`; `archlint_core::layout::stability::session`, targets picked by `--seed`),
//! laid out after each edit as `archlint render` and the editor do. `--verbose` prints, per
//! edit, the untouched node that moved farthest.
//!
//! Prints the section "Layout stability" of `docs/performance.md` (Markdown); with `--update
//! FILE` also writes it into FILE, replacing the section if it is there.

use std::fmt::Write as _;
use std::path::PathBuf;

use archlint_bench::splice_section;
use archlint_core::gen;
use archlint_core::layout::stability::{session, Moves, Session};

#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECTION: &str = "## Layout stability";
const REFERENCE: [&str; 4] = [
    "vpc",
    "high-security",
    "classic-dual-zone",
    "two-region-three-center",
];

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let (mut edits, mut seed, mut size, mut update, mut verbose) =
        (50usize, 1u64, 300, None, false);
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .unwrap_or_else(|| panic!("{name} needs a value (see the source's doc comment)"))
        };
        match arg.as_str() {
            "--edits" => edits = value("--edits").parse().expect("a number of edits"),
            "--seed" => seed = value("--seed").parse().expect("a seed"),
            "--size" => size = value("--size").parse().expect("a node count"),
            "--update" => update = Some(PathBuf::from(value("--update"))),
            "--verbose" => verbose = true,
            other => panic!("unknown argument {other} (see the source's doc comment)"),
        }
    }
    let mut designs: Vec<(String, String)> = Vec::new();
    for name in REFERENCE {
        let path = root.join("examples").join(format!("{name}.json"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        designs.push((format!("`{name}.json`"), text));
    }
    designs.push((format!("generated {size}, seed 1"), gen::design(size, 1)));

    let mut rows: Vec<(String, Session)> = Vec::new();
    for (name, text) in &designs {
        eprintln!("layout_stability: {name}");
        let s = session(text, edits, seed).expect("the design loads");
        if verbose {
            for (i, e) in s.edits.iter().enumerate() {
                eprintln!(
                    "  {i:2} {:?} {}: elsewhere max {} px, same container max {:.2} slots, same zone max {} px; farthest {:?}",
                    e.kind, e.node, e.elsewhere.max_px, e.same_container.max_slots, e.same_zone.max_px, e.farthest
                );
            }
        }
        rows.push((name.clone(), s));
    }
    let md = section(&rows, edits, seed);
    print!("{md}");
    if let Some(path) = &update {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, splice_section(&old, SECTION, &md))
            .unwrap_or_else(|e| panic!("write {path:?}: {e}"));
        eprintln!(
            "layout_stability: wrote the section into {}",
            path.display()
        );
    }
}

fn cell_px(m: &Moves) -> String {
    if m.count == 0 {
        "–".into()
    } else {
        format!("{:.1} / {}", m.mean_px(), m.max_px)
    }
}

fn cell_slots(m: &Moves) -> String {
    if m.count == 0 {
        "–".into()
    } else {
        format!("{:.2} / {:.2}", m.mean_slots(), m.max_slots)
    }
}

fn moved(m: &Moves) -> String {
    format!("{} of {}", m.moved, m.count)
}

fn section(rows: &[(String, Session)], edits: usize, seed: u64) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{SECTION}\n");
    let _ = writeln!(
        s,
        "Written by `target/release/layout_stability --update docs/performance.md` \
         ([`bench/src/bin/layout_stability.rs`](../bench/src/bin/layout_stability.rs)). How \
         far an edit moves the nodes it did not touch: a scripted session of {edits} edits per \
         design (seed {seed}; `archlint_core::layout::stability`), each laid out as `archlint \
         render` and the editor do. The edits take turns: an ECS added beside an existing one \
         (same zone or vSwitch, joining its module, no link — what the palette adds), a label \
         renamed, an ECS moved to another zone, a link added (ECS → RDS), a field toggled that \
         makes or clears a finding (public bandwidth), an ECS removed with its links. Every node \
         present before and after an edit that the edit did not touch is compared by its box's \
         top-left corner:\n"
    );
    let _ = writeln!(
        s,
        "- *elsewhere*: in other zones or regions than the edited containers (another zone \
         column, another region, the top row, the data centres);\n\
         - *same container*: in the vSwitch, zone column or band a touched node was in or \
         went to; also in slots: the places the node moved by in its container's reading \
         order (left to right, top to bottom) while the container's lines keep their length, \
         else `max(|dx| / 192, |dy| / 80)` (the node pitch across and down);\n\
         - *same zone*: the rest — other containers of an edited zone, and the region-wide \
         bands of an edited region.\n"
    );
    let _ = writeln!(
        s,
        "Each cell: mean / largest displacement over all (node, edit) pairs, in px unless \
         said; *moved*: the pairs that moved at all.\n"
    );
    let _ = writeln!(
        s,
        "| design | edits | elsewhere px | moved | same container px | same container slots | moved | same zone px | moved |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for (name, x) in rows {
        let _ = writeln!(
            s,
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} |",
            x.edits.len(),
            cell_px(&x.elsewhere),
            moved(&x.elsewhere),
            cell_px(&x.same_container),
            cell_slots(&x.same_container),
            moved(&x.same_container),
            cell_px(&x.same_zone),
            moved(&x.same_zone),
        );
    }
    s
}
