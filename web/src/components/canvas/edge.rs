//! One edge of the canvas: the routed polyline (with a wider invisible copy to click on), its
//! arrowhead and its port label. Re-rendered only when its route, label or selection changed.

use std::rc::Rc;

use yew::prelude::*;

use archlint_core::layout::{Edge, Scene};

#[derive(Properties, Clone)]
pub struct EdgeProps {
    pub scene: Rc<Scene>,
    /// Index into `scene.edges`.
    pub i: usize,
    /// The index of the design link it draws (flows only).
    pub link: Option<usize>,
    pub selected: bool,
}

impl EdgeProps {
    fn edge(&self) -> &Edge {
        &self.scene.edges[self.i]
    }
}

impl PartialEq for EdgeProps {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (self.edge(), o.edge());
        self.link == o.link
            && self.selected == o.selected
            && a.kind == b.kind
            && a.from == b.from
            && a.to == b.to
            && a.arrow == b.arrow
            && a.points == b.points
            && a.label == b.label
    }
}

/// `M x y L x y …`
pub fn path_data(points: &[(i32, i32)]) -> String {
    let mut d = String::with_capacity(points.len() * 10);
    for (k, (x, y)) in points.iter().enumerate() {
        d.push(if k == 0 { 'M' } else { 'L' });
        d.push_str(&x.to_string());
        d.push(' ');
        d.push_str(&y.to_string());
    }
    d
}

#[function_component(EdgeView)]
pub fn edge_view(p: &EdgeProps) -> Html {
    let e = p.edge();
    let class = classes!(
        "edge",
        format!("e-{}", e.kind.name()),
        p.selected.then_some("selected")
    );
    let d = path_data(&e.points);
    html! {
        <g {class}
            data-from={e.from.clone()} data-to={e.to.clone()} data-link={p.link.map(|i| i.to_string())}>
            <path class="hit" d={d.clone()} />
            <path d={d} marker-end={e.arrow.then_some("url(#cv-arrow)")} />
            if let Some(l) = &e.label {
                <text class="port" x={l.x.to_string()} y={l.y.to_string()}>{ l.text.clone() }</text>
            }
        </g>
    }
}
