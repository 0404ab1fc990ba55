//! The handlers of a button whose result the editor makes ahead of its click
//! ([`crate::state::prepare_fix`], [`crate::state::prepare_edit`]): the pointer entering it or
//! the keyboard focus reaching it asks for the result; the pointer leaving it before the result
//! is started cancels that ([`crate::state::cancel_prepare`]). The palette's buttons and the
//! Fix, "Fix all" and Apply buttons use the same three.

use std::rc::Rc;

use yew::prelude::*;

/// `onpointerenter`, `onfocus` and `onpointerleave` of such a button; `None`s for a button
/// whose click makes nothing ahead.
pub struct OnRest {
    pub enter: Option<Callback<PointerEvent>>,
    pub focus: Option<Callback<FocusEvent>>,
    pub leave: Option<Callback<PointerEvent>>,
}

/// The handlers that call `prepare` (nothing when `None`).
pub fn on_rest(prepare: Option<Rc<dyn Fn()>>) -> OnRest {
    let Some(go) = prepare else {
        return OnRest {
            enter: None,
            focus: None,
            leave: None,
        };
    };
    let hover = go.clone();
    OnRest {
        enter: Some(Callback::from(move |_: PointerEvent| hover())),
        focus: Some(Callback::from(move |_: FocusEvent| go())),
        leave: Some(Callback::from(|_: PointerEvent| {
            crate::state::cancel_prepare()
        })),
    }
}
