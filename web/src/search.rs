//! Finding a node or container of a big design by its id or label (the canvas's search box):
//! matched in core's scene, ignoring the case of ASCII letters, anywhere in the id or the label
//! (CJK labels match as typed). Exact matches come first, then those that start with the query, then the
//! rest, each in the scene's order.

use archlint_core::layout::{Scene, ShapeKind};

/// One match: what it is and where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: String,
    pub label: String,
    /// The node kind (`ecs`…) or the container kind (`zone`…).
    pub kind: &'static str,
}

/// How well `q` (lower case) matches `s`: 0 equal, 1 a prefix, 2 inside, none otherwise.
/// Case is folded for ASCII letters only (ids are ASCII; std's full Unicode tables would add
/// kilobytes to the editor), other letters match as typed.
fn rank(s: &str, q: &str) -> Option<u8> {
    let s = s.to_ascii_lowercase();
    if s == q {
        Some(0)
    } else if s.starts_with(q) {
        Some(1)
    } else if s.contains(q) {
        Some(2)
    } else {
        None
    }
}

/// The nodes and containers of `scene` whose id or label contains `query` (ignoring case and
/// the spaces around it): at most `limit` of them, best first, and how many matched in all.
pub fn find(scene: &Scene, query: &str, limit: usize) -> (Vec<Hit>, usize) {
    let q = query.trim().to_ascii_lowercase();
    // By rank, each in the scene's order (no sort: it would add a sort's code to the editor).
    let mut found: [Vec<Hit>; 3] = Default::default();
    if q.is_empty() {
        return (Vec::new(), 0);
    }
    let mut take = |id: &str, label: &str, kind: &'static str| {
        if id.is_empty() {
            return;
        }
        let r = match (rank(id, &q), rank(label, &q)) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return,
        };
        let hit = Hit {
            id: id.to_string(),
            label: label.to_string(),
            kind,
        };
        found[r as usize].push(hit);
    };
    for b in &scene.boxes {
        take(&b.id, &b.label, b.kind.name());
    }
    for n in &scene.nodes {
        if n.kind != ShapeKind::Internet {
            take(&n.id, &n.label, n.kind.name());
        }
    }
    let total = found.iter().map(Vec::len).sum();
    let mut out: Vec<Hit> = found.into_iter().flatten().collect();
    out.truncate(limit);
    (out, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(text: &str) -> Scene {
        crate::doc::analyse(text, archlint_core::Lang::En)
            .expect("loads")
            .2
    }

    const DESIGN: &str = r#"{ "archlint": 1,
      "regions": [ { "id": "hz", "label": "杭州 Hangzhou", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
      "nodes": [
        { "id": "web-1", "kind": "ecs", "zone": "hz-b", "label": "Web Front 1", "module": "web" },
        { "id": "web-2", "kind": "ecs", "zone": "hz-c", "label": "前端服务器", "module": "web" },
        { "id": "db", "kind": "rds", "region": "hz", "label": "Orders WEB database" } ] }"#;

    fn ids(q: &str) -> (Vec<String>, usize) {
        let (hits, n) = find(&scene(DESIGN), q, 10);
        (hits.into_iter().map(|h| h.id).collect(), n)
    }

    #[test]
    fn matches_ids_and_labels_ignoring_case() {
        // `db` matches by its label; the exact and prefix matches come before it.
        assert_eq!(ids("WEB").0, ["web-1", "web-2", "db"]);
        assert_eq!(ids("  web-2 ").0, ["web-2"]);
        assert_eq!(ids("orders").0, ["db"]);
        assert_eq!(ids("front 1").0, ["web-1"]);
        assert_eq!(ids("nothing like it"), (vec![], 0));
        assert_eq!(ids(""), (vec![], 0));
    }

    #[test]
    fn matches_cjk_labels_and_containers() {
        assert_eq!(ids("服务器").0, ["web-2"]);
        assert_eq!(ids("杭州").0, ["hz"]);
        // The zones and the region, by id; an exact id first.
        let (hits, n) = find(&scene(DESIGN), "hz-b", 10);
        assert_eq!(n, 1);
        assert_eq!((hits[0].id.as_str(), hits[0].kind), ("hz-b", "zone"));
        let (found, n) = ids("hz");
        assert_eq!(found[0], "hz");
        assert!(n >= 3, "{found:?}");
    }

    #[test]
    fn at_most_the_limit_with_the_total() {
        let (hits, n) = find(&scene(DESIGN), "e", 2);
        assert_eq!(hits.len(), 2);
        assert!(n > 2);
    }
}
