//! CP — capacity.

use crate::rule::RuleMeta;

pub mod cp001;
pub mod cp002;
pub mod cp003;

pub static RULES: &[&RuleMeta] = &[
    &cp001::RdsStorageUndersized::META,
    &cp002::DiskOverLimit::META,
    &cp003::NatRuleCost::META,
];

/// The smallest whole number not below `v` (`core` has no `f64::ceil` without `std`).
pub(crate) fn ceil(v: f64) -> f64 {
    // Beyond 2^52 every f64 is already whole; NaN and infinities are returned as they are.
    if !v.is_finite() || v.abs() >= 4_503_599_627_370_496.0 {
        return v;
    }
    let t = v as i64 as f64;
    if t < v {
        t + 1.0
    } else {
        t
    }
}
