//! Moving the keyboard focus between the canvas's nodes with the arrow keys: from a node, the
//! nearest node in that direction, read from core's scene (the nodes outside the view are not
//! in the document, so the DOM cannot answer).

use archlint_core::layout::Scene;

/// An arrow key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Left,
    Right,
    Up,
    Down,
}

impl Dir {
    /// The direction of a `KeyboardEvent.key`, if it is an arrow.
    pub fn of_key(key: &str) -> Option<Dir> {
        match key {
            "ArrowLeft" => Some(Dir::Left),
            "ArrowRight" => Some(Dir::Right),
            "ArrowUp" => Some(Dir::Up),
            "ArrowDown" => Some(Dir::Down),
            _ => None,
        }
    }
}

/// The node to go to from `from` in direction `dir`: among the nodes whose centre lies ahead
/// (in the open half-plane that way), the one nearest when going sideways counts twice as much
/// as going ahead, so that the next node of the same row (or column) wins over a nearer one on
/// a neighbouring row. `None` when nothing lies that way. The internet is left out (it is a
/// link end, not part of the design).
pub fn neighbour(scene: &Scene, from: &str, dir: Dir) -> Option<String> {
    let at = scene.nodes.iter().find(|n| n.id == from)?;
    let (cx, cy) = centre(&at.rect);
    let mut best: Option<(i64, &str)> = None;
    for n in &scene.nodes {
        if n.id == from || n.index.is_none() {
            continue;
        }
        let (x, y) = centre(&n.rect);
        let (dx, dy) = (x - cx, y - cy);
        let (ahead, side) = match dir {
            Dir::Left => (-dx, dy),
            Dir::Right => (dx, dy),
            Dir::Up => (-dy, dx),
            Dir::Down => (dy, dx),
        };
        if ahead <= 0 {
            continue;
        }
        let cost = ahead + 2 * side.abs();
        if best.is_none_or(|(c, id)| cost < c || (cost == c && n.id.as_str() < id)) {
            best = Some((cost, n.id.as_str()));
        }
    }
    best.map(|(_, id)| id.to_string())
}

/// The node nearest `from` among the others that `keep` accepts (where the focus goes when
/// `from` is deleted): the nearest centre, ties by id.
pub fn nearest(scene: &Scene, from: &str, keep: impl Fn(&str) -> bool) -> Option<String> {
    let at = scene.nodes.iter().find(|n| n.id == from)?;
    let (cx, cy) = centre(&at.rect);
    let mut best: Option<(i64, &str)> = None;
    for n in &scene.nodes {
        if n.id == from || n.index.is_none() || !keep(&n.id) {
            continue;
        }
        let (x, y) = centre(&n.rect);
        let d = (x - cx).pow(2) + (y - cy).pow(2);
        if best.is_none_or(|(c, id)| d < c || (d == c && n.id.as_str() < id)) {
            best = Some((d, n.id.as_str()));
        }
    }
    best.map(|(_, id)| id.to_string())
}

fn centre(r: &archlint_core::layout::Rect) -> (i64, i64) {
    (
        i64::from(r.x) + i64::from(r.w) / 2,
        i64::from(r.y) + i64::from(r.h) / 2,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(text: &str) -> Scene {
        crate::art::scene(text, &[], archlint_core::Lang::En, &Default::default()).expect("scene")
    }
    fn centre_of(s: &Scene, id: &str) -> (i64, i64) {
        centre(&s.nodes.iter().find(|n| n.id == id).unwrap().rect)
    }

    #[test]
    fn arrows_go_to_the_nearest_node_that_way_and_stop_at_the_edge() {
        let s = scene(include_str!("../../../../examples/classic-dual-zone.json"));
        let mut checked = 0;
        for n in &s.nodes {
            let (x, y) = centre(&n.rect);
            for dir in [Dir::Left, Dir::Right, Dir::Up, Dir::Down] {
                // What lies ahead, computed the slow way.
                let ahead: Vec<&str> = s
                    .nodes
                    .iter()
                    .filter(|m| {
                        if m.index.is_none() {
                            return false;
                        }
                        let (mx, my) = centre(&m.rect);
                        match dir {
                            Dir::Left => mx < x,
                            Dir::Right => mx > x,
                            Dir::Up => my < y,
                            Dir::Down => my > y,
                        }
                    })
                    .map(|m| m.id.as_str())
                    .collect();
                match neighbour(&s, &n.id, dir) {
                    None => assert!(ahead.is_empty(), "{} {dir:?}: {ahead:?} lie ahead", n.id),
                    Some(to) => {
                        assert!(ahead.contains(&to.as_str()), "{} {dir:?} → {to}", n.id);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > s.nodes.len(), "{checked} moves");
    }

    #[test]
    fn the_same_row_wins_over_a_nearer_node_on_another_row() {
        let s = scene(include_str!("../../../../examples/classic-dual-zone.json"));
        // From each node, Right goes to a node whose centre is as high as can be among those
        // ahead at the least cost: never to one further off the row than another ahead.
        for n in &s.nodes {
            if let Some(to) = neighbour(&s, &n.id, Dir::Right) {
                let (x, y) = centre_of(&s, &n.id);
                let (tx, ty) = centre_of(&s, &to);
                let cost = (tx - x) + 2 * (ty - y).abs();
                for m in s.nodes.iter().filter(|m| m.index.is_some()) {
                    let (mx, my) = centre(&m.rect);
                    if mx > x {
                        assert!(
                            (mx - x) + 2 * (my - y).abs() >= cost,
                            "{} → {to}, not {}",
                            n.id,
                            m.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn nearest_skips_what_is_deleted_and_the_internet() {
        let s = scene(include_str!("../../../../examples/classic-dual-zone.json"));
        let ids: Vec<&str> = s
            .nodes
            .iter()
            .filter(|n| n.index.is_some())
            .map(|n| n.id.as_str())
            .collect();
        let first = ids[0];
        let to = nearest(&s, first, |id| id != ids[1]).expect("a neighbour");
        assert_ne!(to, first);
        assert_ne!(to, ids[1]);
        assert_ne!(to, "internet");
        assert_eq!(nearest(&s, first, |_| false), None);
    }
}
