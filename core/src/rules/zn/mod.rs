//! ZN — zone placement.

use alloc::string::String;

use crate::index::Ctx;
use crate::rule::RuleMeta;

pub mod zn001;
pub mod zn002;
pub mod zn003;
pub mod zn004;

pub static RULES: &[&RuleMeta] = &[
    &zn001::ModuleInOneZone::META,
    &zn002::UnbalancedModule::META,
    &zn003::CrossRegionDependency::META,
    &zn004::VswitchesInOneZone::META,
];

/// The pointer of the field that places ECS `i` in its zone: `vswitch` when it is placed
/// through a vSwitch, else `zone`, else the node itself.
pub(crate) fn placement_ptr(cx: &Ctx<'_>, i: usize) -> String {
    let n = cx.node(i);
    match (&n.vswitch, &n.zone) {
        (Some(v), _) if cx.node_vswitch[i].is_some() => v.ptr.clone(),
        (_, Some(z)) => z.ptr.clone(),
        (Some(v), None) => v.ptr.clone(),
        (None, None) => n.ptr.clone(),
    }
}
