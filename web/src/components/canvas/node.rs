//! The inside of one node on the canvas — box, ring, icon, label lines, badge and tooltip — in
//! the node's own coordinates. The canvas wraps it in a `<g>` that carries the position (a
//! transform), the id and the classes, so a node that only moves costs one attribute, and a
//! node that did not change costs one comparison: the props compare what is drawn.

use std::rc::Rc;

use yew::prelude::*;

use archlint_core::layout::{NodeShape, Rect, Scene};
use archlint_core::{Lang, Severity};

use crate::art;

#[derive(Properties, Clone)]
pub struct NodeProps {
    pub scene: Rc<Scene>,
    /// Index into `scene.nodes`.
    pub i: usize,
    pub lang: Lang,
}

impl NodeProps {
    fn node(&self) -> &NodeShape {
        &self.scene.nodes[self.i]
    }
}

/// Equal when the drawing is: everything but the position.
impl PartialEq for NodeProps {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (self.node(), o.node());
        self.lang == o.lang
            && a.id == b.id
            && a.kind == b.kind
            && a.role == b.role
            && a.lines == b.lines
            && a.label == b.label
            && (a.rect.w, a.rect.h) == (b.rect.w, b.rect.h)
            && a.severity == b.severity
            && a.finding_count == b.finding_count
            && a.findings == b.findings
    }
}

/// The tooltip: the full label, the id, the kind and the node's findings.
pub fn tooltip(n: &NodeShape, lang: Lang) -> String {
    let mut tip = n.label.clone();
    if n.label != n.id {
        tip.push('\n');
        tip.push_str(&n.id);
    }
    tip.push_str(" · ");
    tip.push_str(art::kind_name(n.kind, lang));
    for f in n.findings.iter().take(50) {
        tip.push_str(&format!(
            "\n{} {}: {}",
            f.code,
            f.severity.label(lang),
            f.message.get(lang)
        ));
    }
    tip
}

#[function_component(NodeBody)]
pub fn node_body(p: &NodeProps) -> Html {
    let n = p.node();
    let lang = p.lang;
    let show = n.finding_count > 0;
    let sev = n.severity.unwrap_or(Severity::Info).name();
    let r = Rect::new(0, 0, n.rect.w, n.rect.h);
    let (tx, cy) = (r.x + 44, r.cy());
    let (bx, by) = (r.right() - 2, r.y + 2);
    let count = if n.finding_count > 99 {
        "99+".to_string()
    } else {
        n.finding_count.to_string()
    };
    html! {
        <>
            <title>{ tooltip(n, lang) }</title>
            <rect class="nbox" x="0" y="0" width={r.w.to_string()} height={r.h.to_string()} rx="6" />
            if show {
                <rect class={format!("ring s-{sev}")} x="-3" y="-3"
                    width={(r.w + 6).to_string()} height={(r.h + 6).to_string()} rx="8" />
            }
            <g class="icon" transform={format!("translate(10 {})", cy - 12)}>
                { Html::from_html_unchecked(art::icon(n.kind).into()) }
            </g>
            { match n.lines.len() {
                0 => Html::default(),
                1 => html! { <text x={tx.to_string()} y={(cy + 4).to_string()}>{ n.lines[0].clone() }</text> },
                _ => html! {
                    <text x={tx.to_string()} y={(cy - 3).to_string()}>{ n.lines[0].clone() }
                        <tspan x={tx.to_string()} y={(cy + 13).to_string()}>{ n.lines[1].clone() }</tspan>
                    </text>
                },
            } }
            if show {
                <circle class={format!("f-{sev}")} cx={bx.to_string()} cy={by.to_string()} r="9" />
                <text class="badge-t" x={bx.to_string()} y={(by + 4).to_string()} text-anchor="middle">{ count }</text>
            }
        </>
    }
}
