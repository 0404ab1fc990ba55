//! Security groups on the canvas (issue #14, "everything on the canvas"): with the toggle on,
//! each node shows a small square per security group it is in, in that group's colour (its
//! tooltip names the group), and the canvas's toolbar lists the groups with their colours.
//! Groups are coloured by their place in the design's `security_groups` (eight colours, then
//! again); a group a node names that the design does not define gets no square (DF001 reports
//! it).

use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::doc::{arr, str_of, Doc};

/// How many colours the squares and chips cycle through (`sg-c0` … `sg-c7` in style.css).
pub const COLOURS: usize = 8;

/// One group's square on a node: its colour and its id (and label, for the tooltip).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub colour: usize,
    pub id: String,
    pub label: String,
}

/// The design's groups in order: id → (colour, label).
fn palette(v: &Value) -> HashMap<&str, (usize, &str)> {
    let mut m = HashMap::new();
    for (k, g) in arr(v, "security_groups").iter().enumerate() {
        let id = str_of(g, "id");
        if !id.is_empty() {
            m.entry(id).or_insert((k % COLOURS, str_of(g, "label")));
        }
    }
    m
}

/// Every node's squares, by node id (the first node of an id), for the nodes in a group.
pub fn marks(doc: &Doc) -> HashMap<String, Rc<Vec<Mark>>> {
    let groups = palette(&doc.value);
    let mut out = HashMap::new();
    for n in doc.arr("nodes") {
        let id = str_of(n, "id");
        let marks: Vec<Mark> = arr(n, "security_groups")
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|g| {
                groups.get(g).map(|&(colour, label)| Mark {
                    colour,
                    id: g.to_string(),
                    label: label.to_string(),
                })
            })
            .collect();
        if !id.is_empty() && !marks.is_empty() {
            out.entry(id.to_string()).or_insert_with(|| Rc::new(marks));
        }
    }
    out
}

/// The squares of a node `w` × `h`, in its own coordinates: along its bottom edge, under the
/// label (at most as many as fit; the tooltip of the last says how many more).
pub fn squares(marks: &[Mark], w: i32, h: i32) -> Html {
    let fit = ((w - 48 - 8) / 12).max(1) as usize;
    let shown = marks.len().min(fit);
    let items = marks[..shown].iter().enumerate().map(|(k, m)| {
        let mut tip = if m.label.is_empty() || m.label == m.id {
            m.id.clone()
        } else {
            format!("{} ({})", m.label, m.id)
        };
        if k + 1 == shown && marks.len() > shown {
            tip.push_str(&format!(" … +{}", marks.len() - shown));
        }
        html! {
            <rect class={format!("sg-mark sg-c{}", m.colour)} data-group={m.id.clone()}
                x={(44 + 12 * k as i32).to_string()} y={(h - 11).to_string()} width="8" height="8" rx="2">
                <title>{ tip }</title>
            </rect>
        }
    });
    html! { <g class="sg-marks">{ for items }</g> }
}

/// The toolbar's list of the design's groups with their colours.
pub fn legend(doc: &Doc) -> Html {
    let chips = arr(&doc.value, "security_groups")
        .iter()
        .enumerate()
        .filter_map(|(k, g)| {
            let id = str_of(g, "id");
            (!id.is_empty()).then(|| {
                html! {
                    <span class="sg-chip" data-group={id.to_string()}>
                        <i class={format!("sg-c{}", k % COLOURS)}></i>{ id.to_string() }
                    </span>
                }
            })
        });
    html! { <span id="sg-legend" class="sg-legend">{ for chips }</span> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use archlint_core::Lang;

    #[test]
    fn each_node_gets_a_square_per_defined_group_in_the_groups_colour() {
        let text = r#"{ "archlint": 1,
          "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
          "security_groups": [ { "id": "sg-web", "label": "Web" }, { "id": "sg-db" } ],
          "nodes": [
            { "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web", "sg-db", "sg-nowhere"] },
            { "id": "db-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-db"] },
            { "id": "lone", "kind": "ecs", "zone": "hz-b" } ] }"#;
        let d = Doc::parse(text, Lang::En).unwrap();
        let m = marks(&d);
        let ids = |n: &str| {
            m[n].iter()
                .map(|k| (k.colour, k.id.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("web-1"), [(0, "sg-web"), (1, "sg-db")]);
        assert_eq!(ids("db-1"), [(1, "sg-db")]);
        assert!(!m.contains_key("lone"));
        assert_eq!(m["web-1"][0].label, "Web");
    }
}
