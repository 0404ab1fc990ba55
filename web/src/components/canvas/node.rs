//! One node on the canvas: a wrapper `<g>` that carries the position (a transform), the id,
//! the classes and the accessible name ([`NodeView`]), around the drawing — box, ring, icon,
//! label lines, badge and tooltip — in the node's own coordinates ([`NodeBody`]). Both compare
//! what they draw: a node that did not change costs one comparison, a node that only moved
//! one attribute.

use std::rc::Rc;

use yew::prelude::*;

use archlint_core::layout::{FindingNote, NodeShape, Rect, Scene};
use archlint_core::svg::role_name;
use archlint_core::{Lang, Severity};

use crate::art;

#[derive(Properties, Clone)]
pub struct NodeViewProps {
    pub scene: Rc<Scene>,
    /// Index into `scene.nodes`.
    pub i: usize,
    pub lang: Lang,
    pub selected: bool,
    /// The source of the link being drawn.
    pub source: bool,
    /// The node's security groups, when the canvas shows them.
    #[prop_or_default]
    pub groups: Option<Rc<Vec<super::groups::Mark>>>,
}

impl NodeViewProps {
    fn body(&self) -> NodeProps {
        NodeProps {
            scene: self.scene.clone(),
            i: self.i,
            lang: self.lang,
        }
    }
}

impl PartialEq for NodeViewProps {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (&self.scene.nodes[self.i], &o.scene.nodes[o.i]);
        (self.selected, self.source) == (o.selected, o.source)
            && self.groups == o.groups
            && (a.rect.x, a.rect.y) == (b.rect.x, b.rect.y)
            && self.body() == o.body()
    }
}

#[function_component(NodeView)]
pub fn node_view(p: &NodeViewProps) -> Html {
    let n = &p.scene.nodes[p.i];
    let lang = p.lang;
    let show = n.finding_count > 0;
    let sev = n.severity.unwrap_or(Severity::Info);
    let kind = art::kind_name(n.kind, lang);
    let aria = if show {
        format!(
            "{} ({kind}), {} {}",
            n.label,
            n.finding_count,
            sev.label(lang)
        )
    } else {
        format!("{} ({kind})", n.label)
    };
    let body = p.body();
    html! {
        <g id={format!("node-{}", n.id)}
            class={classes!("node", format!("k-{}", n.kind.name()),
                n.role.map(|r| format!("r-{}", role_name(r))),
                show.then(|| format!("sev-{}", sev.name())),
                p.selected.then_some("selected"), p.source.then_some("source"))}
            transform={format!("translate({} {})", n.rect.x, n.rect.y)}
            data-id={n.id.clone()} data-kind={n.kind.name()}
            data-findings={show.then(|| n.finding_count.to_string())}
            tabindex="0" role="button" aria-label={aria} aria-pressed={if p.selected { "true" } else { "false" }}>
            <NodeBody ..body />
            if let Some(g) = &p.groups { { super::groups::squares(g, n.rect.w, n.rect.h) } }
        </g>
    }
}

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
            && a.product == b.product
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
    if let Some(t) = n.product {
        tip.push_str(t.title());
    }
    findings_tip(&mut tip, &n.findings, lang);
    tip
}

/// A tooltip's lines that list findings (a node's or a container's): the first 50, then how
/// many more.
pub fn findings_tip(tip: &mut String, findings: &[FindingNote], lang: Lang) {
    for f in findings.iter().take(50) {
        tip.push_str(&format!(
            "\n{} {}: {}",
            f.code,
            f.severity.label(lang),
            f.message.get(lang)
        ));
    }
    if findings.len() > 50 {
        tip.push_str(&format!("\n… +{}", findings.len() - 50));
    }
}

#[function_component(NodeBody)]
pub fn node_body(p: &NodeProps) -> Html {
    let n = p.node();
    let lang = p.lang;
    let show = n.finding_count > 0;
    let sev = n.severity.unwrap_or(Severity::Info).name();
    let r = Rect::new(0, 0, n.rect.w, n.rect.h);
    let (tx, cy) = (r.x + 44, r.cy());
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
            if show { { badge(n.severity, n.finding_count, r.right() - 2, r.y + 2) } }
            // Drag from this dot to draw a link (dragging the body moves the node).
            <circle class="handle" cx={r.w.to_string()} cy={cy.to_string()} r="6" />
        </>
    }
}

/// A findings badge centred at (`bx`, `by`), as core's SVG draws it: a disc in the worst
/// severity's colour with the count (a node's at its corner, a container's inside its own).
pub fn badge(severity: Option<Severity>, count: usize, bx: i32, by: i32) -> Html {
    let sev = severity.unwrap_or(Severity::Info).name();
    html! { <>
        <circle class={format!("f-{sev}")} cx={bx.to_string()} cy={by.to_string()} r="9" />
        <text class="badge-t" x={bx.to_string()} y={(by + 4).to_string()} text-anchor="middle">{ archlint_core::svg::badge_count(count) }</text>
    </> }
}
