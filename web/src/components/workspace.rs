//! The page's working area: the palette, the canvas and the side panel (form and findings),
//! with the panels' own state — which are collapsed and how wide the side panel is — kept
//! apart from the document and remembered in `localStorage`. The side panel is resized by
//! dragging the bar between it and the canvas, or with the arrow keys on that bar.

use yew::prelude::*;

use crate::components::app::Ctx;
use crate::components::{
    canvas::Canvas, findings::Findings, palette::Palette, properties::Properties,
};
use crate::dom;
use crate::i18n::t;

const PANES_KEY: &str = "archlint.panes";
/// The side panel's width: its default, and the range the bar allows (px).
pub const SIDE_DEFAULT: i32 = 360;
pub const SIDE_MIN: i32 = 260;
pub const SIDE_MAX: i32 = 900;
/// One arrow-key press on the bar (px).
const SIDE_STEP: i32 = 20;

/// Which panels show, and the side panel's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub palette: bool,
    pub side: bool,
    pub side_w: i32,
}

impl Default for Panes {
    fn default() -> Panes {
        Panes {
            palette: true,
            side: true,
            side_w: SIDE_DEFAULT,
        }
    }
}

impl Panes {
    /// As stored: `palette side width`, e.g. `1 0 420`; anything else is the default.
    pub fn parse(s: &str) -> Panes {
        let mut it = s.split(' ');
        let flag = |x: Option<&str>| match x {
            Some("1") => Some(true),
            Some("0") => Some(false),
            _ => None,
        };
        match (
            flag(it.next()),
            flag(it.next()),
            it.next().and_then(|w| w.parse::<i32>().ok()),
        ) {
            (Some(palette), Some(side), Some(w)) if it.next().is_none() => Panes {
                palette,
                side,
                side_w: w.clamp(SIDE_MIN, SIDE_MAX),
            },
            _ => Panes::default(),
        }
    }
    pub fn to_text(self) -> String {
        format!(
            "{} {} {}",
            u8::from(self.palette),
            u8::from(self.side),
            self.side_w
        )
    }
    /// The width `w` kept within the bar's range.
    pub fn with_width(self, w: i32) -> Panes {
        Panes {
            side_w: w.clamp(SIDE_MIN, SIDE_MAX),
            ..self
        }
    }
}

#[function_component(Workspace)]
pub fn workspace() -> Html {
    let s = use_context::<Ctx>().expect("context");
    let lang = s.lang;
    let panes =
        use_state(|| dom::get_item(PANES_KEY).map_or_else(Panes::default, |v| Panes::parse(&v)));
    use_effect_with(*panes, |p| {
        let _ = dom::set_item(PANES_KEY, &p.to_text());
    });
    // Dragging the bar: the pointer's x when the press began and the width then.
    let drag = use_mut_ref(|| None::<(i32, i32)>);

    let toggle = |palette: bool| {
        let panes = panes.clone();
        Callback::from(move |_: MouseEvent| {
            let mut p = *panes;
            if palette {
                p.palette = !p.palette;
            } else {
                p.side = !p.side;
            }
            panes.set(p);
        })
    };
    let bar_down = {
        let drag = drag.clone();
        let panes = panes.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            e.prevent_default();
            if let Some(el) = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            *drag.borrow_mut() = Some((e.client_x(), panes.side_w));
        })
    };
    let bar_move = {
        let drag = drag.clone();
        let panes = panes.clone();
        Callback::from(move |e: PointerEvent| {
            let at = *drag.borrow();
            if let Some((x0, w0)) = at {
                // The bar is on the side panel's left: moving it left widens the panel.
                let p = panes.with_width(w0 + x0 - e.client_x());
                if p != *panes {
                    panes.set(p);
                }
            }
        })
    };
    let bar_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| {
            drag.borrow_mut().take();
        })
    };
    let bar_key = {
        let panes = panes.clone();
        Callback::from(move |e: KeyboardEvent| {
            let w = match e.key().as_str() {
                "ArrowLeft" => panes.side_w + SIDE_STEP,
                "ArrowRight" => panes.side_w - SIDE_STEP,
                "Home" => SIDE_MAX,
                "End" => SIDE_MIN,
                _ => return,
            };
            e.prevent_default();
            panes.set(panes.with_width(w));
        })
    };

    let p = *panes;
    let style = format!("--side-w: {}px", p.side_w);
    let (pal_label, side_label) = (
        if p.palette {
            t(lang, "Hide the palette")
        } else {
            t(lang, "Show the palette")
        },
        if p.side {
            t(lang, "Hide the side panel")
        } else {
            t(lang, "Show the side panel")
        },
    );
    html! {
        <main class="workspace" {style}
            data-palette={if p.palette { "open" } else { "closed" }}
            data-side={if p.side { "open" } else { "closed" }}>
            if p.palette { <Palette /> } else { <div class="palette-closed" /> }
            <section class="canvas-pane" aria-label={t(lang, "Canvas")}>
                <Canvas />
                <button id="toggle-palette" class="pane-toggle left" onclick={toggle(true)}
                    aria-pressed={(!p.palette).to_string()} title={pal_label} aria-label={pal_label}>
                    { if p.palette { "⟨" } else { "⟩" } }
                </button>
                <button id="toggle-side" class="pane-toggle right" onclick={toggle(false)}
                    aria-pressed={(!p.side).to_string()} title={side_label} aria-label={side_label}>
                    { if p.side { "⟩" } else { "⟨" } }
                </button>
            </section>
            if p.side {
                <div id="side-splitter" class="splitter" role="separator" tabindex="0"
                    aria-orientation="vertical" aria-label={t(lang, "Side panel width")}
                    aria-valuemin={SIDE_MIN.to_string()} aria-valuemax={SIDE_MAX.to_string()}
                    aria-valuenow={p.side_w.to_string()}
                    onpointerdown={bar_down} onpointermove={bar_move} onpointerup={bar_up.clone()}
                    onpointercancel={bar_up} onkeydown={bar_key} />
                <aside class="side">
                    <Properties />
                    <Findings />
                </aside>
            }
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_round_trip_and_bad_records_are_the_default() {
        let p = Panes {
            palette: false,
            side: true,
            side_w: 420,
        };
        assert_eq!(Panes::parse(&p.to_text()), p);
        for bad in ["", "1 1", "1 1 x", "2 1 300", "1 1 300 4", "yes no 300"] {
            assert_eq!(Panes::parse(bad), Panes::default(), "{bad:?}");
        }
        assert_eq!(Panes::parse("1 0 5").side_w, SIDE_MIN);
        assert_eq!(Panes::parse("1 0 5000").side_w, SIDE_MAX);
        assert_eq!(p.with_width(10).side_w, SIDE_MIN);
    }
}
