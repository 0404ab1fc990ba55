//! CP — capacity.

use alloc::format;
use alloc::string::String;

use crate::rule::RuleMeta;

pub mod cp001;
pub mod cp002;
pub mod cp003;

pub static RULES: &[&RuleMeta] = &[
    &cp001::RdsStorageUndersized::META,
    &cp002::DiskOverLimit::META,
    &cp003::NatRuleCost::META,
];

/// A number as people write it: `8`, not `8.0`; `2.5` stays `2.5`.
pub(crate) fn num(v: f64) -> String {
    if crate::model::is_integral(v) {
        format!("{}", v as i64)
    } else if v.is_finite() && v.abs() >= 9e15 {
        crate::numfmt::fixed(v, 0)
    } else {
        crate::numfmt::shortest(v)
    }
}

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
