//! The palette: add regions, zones, VPCs, vSwitches (with tier), every node kind, a bastion,
//! security groups, the patterns of the source document (stamps, `build::Stamp`), and links
//! (pick the source, then click the target).

use yew::prelude::*;

use crate::build::Stamp;
use crate::components::app::Ctx;
use crate::i18n::{kind_name, t};
use crate::schema::kinds;
use crate::state::Action;

#[function_component(Palette)]
pub fn palette() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let btn = |id: String, label: String, make: Box<dyn Fn() -> Action>| {
        let d = s.dispatcher();
        let make = std::rc::Rc::new(make);
        // While the pointer rests on the button or it has the focus, its edit is made ahead
        // of the click (a 300-node design's add lints and lays out the design again).
        let prepare: std::rc::Rc<dyn Fn()> = {
            let (id, make) = (id.clone(), make.clone());
            std::rc::Rc::new(move || crate::state::prepare_edit(&id, make()))
        };
        let rest = crate::ahead::on_rest(Some(prepare.clone()));
        let onclick = Callback::from(move |e: MouseEvent| {
            crate::components::canvas::mark_edit();
            d.dispatch(make());
            // The pointer still on the button: the next click's edit, on the new document.
            let hovered = e.target_dyn_into::<web_sys::Element>();
            if hovered.is_some_and(|b| b.matches(":hover").unwrap_or(false)) {
                prepare();
            }
        });
        html! {
            <button id={id} class="pal" {onclick}
                onpointerenter={rest.enter} onfocus={rest.focus} onpointerleave={rest.leave}>{ label }</button>
        }
    };
    let link_mode = s.link_from.is_some();
    let on_link = {
        let d = s.dispatcher();
        let sel = s.selected_id().map(String::from);
        let active = link_mode;
        Callback::from(move |_: MouseEvent| {
            if active {
                d.dispatch(Action::LinkFrom(None));
            } else {
                d.dispatch(Action::LinkFrom(Some(
                    sel.clone().unwrap_or_else(|| "internet".into()),
                )));
            }
        })
    };
    let link_hint = match &s.link_from {
        Some(f) => format!(
            "{} `{f}` → {}",
            t(lang, "Link from"),
            t(lang, "click the target node (Esc cancels)")
        ),
        None => t(
            lang,
            "Drag a node to move it; drag from the dot on its right edge to draw a link.",
        )
        .to_string(),
    };
    html! {
        <nav class="palette" aria-label={t(lang, "Palette")}>
            <h2>{ t(lang, "Network") }</h2>
            { btn("add-region".into(), t(lang, "Region").into(), Box::new(|| Action::AddRegion)) }
            { btn("add-zone".into(), t(lang, "Zone").into(), Box::new(|| Action::AddZone)) }
            { btn("add-vpc".into(), t(lang, "VPC").into(), Box::new(|| Action::AddVpc)) }
            { btn("add-vswitch".into(), t(lang, "vSwitch").into(), Box::new(|| Action::AddVswitch(None))) }
            { btn("add-vswitch-dmz".into(), format!("{} · DMZ", t(lang, "vSwitch")), Box::new(|| Action::AddVswitch(Some("dmz")))) }
            { btn("add-vswitch-management".into(), format!("{} · {}", t(lang, "vSwitch"), t(lang, "management")), Box::new(|| Action::AddVswitch(Some("management")))) }
            { btn("add-vswitch-intranet".into(), format!("{} · {}", t(lang, "vSwitch"), t(lang, "intranet")), Box::new(|| Action::AddVswitch(Some("intranet")))) }
            { btn("add-sg".into(), t(lang, "Security group").into(), Box::new(|| Action::AddSg)) }
            <h2>{ t(lang, "Resources") }</h2>
            { for kinds().map(|k| {
                let b = btn(format!("add-{k}"), kind_name(lang, k).to_string(), Box::new(move || Action::AddNode(k)));
                if k == "ecs" {
                    // A bastion is an ECS with its role set, placed in the management tier.
                    html! { <>{ b }{ btn("add-bastion".into(), t(lang, "Bastion").into(), Box::new(|| Action::AddBastion)) }</> }
                } else {
                    b
                }
            }) }
            <h2>{ t(lang, "Patterns") }</h2>
            { btn("stamp-web".into(), t(lang, "Web tier: 2 zones + SLB").into(), Box::new(|| Action::Stamp(Stamp::Web))) }
            { btn("stamp-bastions".into(), t(lang, "Bastions + SSL VPN").into(), Box::new(|| Action::Stamp(Stamp::Bastions))) }
            { btn("stamp-dr".into(), t(lang, "DR copy of the region").into(), Box::new(|| Action::Stamp(Stamp::Dr))) }
            <h2>{ t(lang, "Traffic") }</h2>
            <button id="add-link" class={classes!("pal", link_mode.then_some("active"))}
                aria-pressed={link_mode.to_string()} onclick={on_link}>{ t(lang, "Link") }</button>
            <p class="hint">{ link_hint }</p>
            <p class="hint">{ t(lang, "Shift-click or shift-drag on the canvas selects several.") }</p>
        </nav>
    }
}
