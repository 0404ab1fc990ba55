//! One container of the canvas — region, zone, VPC, vSwitch, tier band, data centres — with
//! its label and, when findings are about it, a badge at its top right corner that lists them
//! (as the SVG export draws it). Re-rendered only when its box, label, findings or selection
//! changed.

use std::rc::Rc;

use yew::prelude::*;

use archlint_core::layout::{BoxKind, Scene, SceneBox};
use archlint_core::model::{RegionRole, Tier};
use archlint_core::{Lang, Severity};

#[derive(Properties, Clone)]
pub struct AreaProps {
    pub scene: Rc<Scene>,
    /// Index into `scene.boxes`.
    pub i: usize,
    pub selected: bool,
    /// Out of view: not displayed (containers are few and large; they stay in the document).
    pub off: bool,
}

impl AreaProps {
    fn area(&self) -> &SceneBox {
        &self.scene.boxes[self.i]
    }
}

impl PartialEq for AreaProps {
    fn eq(&self, o: &Self) -> bool {
        let (a, b) = (self.area(), o.area());
        self.selected == o.selected
            && self.off == o.off
            && a.kind == b.kind
            && a.id == b.id
            && a.label == b.label
            && a.text == b.text
            && a.text_size == b.text_size
            && a.tier == b.tier
            && a.role == b.role
            && a.rect == b.rect
            && a.severity == b.severity
            && a.findings == b.findings
    }
}

#[function_component(Area)]
pub fn area(p: &AreaProps) -> Html {
    let b = p.area();
    let mut class = format!("b-{}", b.kind.name());
    if let Some(t) = b.tier {
        class.push_str(match t {
            Tier::Dmz => " t-dmz",
            Tier::Management => " t-management",
            Tier::Intranet => " t-intranet",
        });
    }
    if b.role == Some(RegionRole::Dr) {
        class.push_str(" dr");
    }
    let rx = match b.kind {
        BoxKind::Region | BoxKind::Sites => 10,
        BoxKind::Band | BoxKind::VSwitch => 6,
        _ => 8,
    };
    let (tx, ty, _) = archlint_core::svg::caption_at(b);
    let tclass = archlint_core::svg::caption_class(b);
    html! {
        <g class={classes!("box", p.selected.then_some("selected"), p.off.then_some("off"))} data-id={(!b.id.is_empty()).then(|| b.id.clone())}>
            <rect class={class} x={b.rect.x.to_string()} y={b.rect.y.to_string()} width={b.rect.w.to_string()} height={b.rect.h.to_string()} rx={rx.to_string()} />
            if !b.text.is_empty() {
                // Placed by a transform: moving it does not lay its text out again.
                <text class={tclass} transform={format!("translate({tx} {ty})")}>{ b.text.clone() }</text>
            }
            if b.text != b.label && !b.label.is_empty() {
                <title>{ b.label.clone() }</title>
            }
            { badge(b, p.scene.lang) }
        </g>
    }
}

/// The container's findings badge: the count in its worst severity's colour; the findings,
/// in the drawing's language, as its tooltip.
fn badge(b: &SceneBox, lang: Lang) -> Html {
    if b.findings.is_empty() {
        return html! {};
    }
    let (bx, by) = archlint_core::svg::box_badge_at(&b.rect);
    let sev = b.severity.unwrap_or(Severity::Info).name();
    let n = b.findings.len();
    let mut tip = b.label.clone();
    super::node::findings_tip(&mut tip, &b.findings, lang);
    html! {
        <g class={format!("bf sev-{sev}")} data-findings={n.to_string()}>
            <title>{ tip }</title>
            { super::node::badge(b.severity, n, bx, by) }
        </g>
    }
}
