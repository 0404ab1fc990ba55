//! HA — single points of failure.

use alloc::format;
use alloc::string::String;

use crate::rule::RuleMeta;

pub mod ha001;
pub mod ha002;
pub mod ha003;
pub mod ha004;
pub mod ha005;
pub mod ha006;
pub mod ha007;

pub static RULES: &[&RuleMeta] = &[
    &ha001::SingleInstanceModule::META,
    &ha002::LoadBalancerBypassed::META,
    &ha003::SingleBackendSlb::META,
    &ha004::SelfManagedDatabase::META,
    &ha005::NoAutostart::META,
    &ha006::FewLargeInstances::META,
    &ha007::NoReconnect::META,
];

/// A number as people write it: `8`, not `8.0`; `2.5` stays `2.5`.
pub(crate) fn num(v: f64) -> String {
    if crate::model::is_integral(v) {
        format!("{}", v as i64)
    } else {
        crate::numfmt::shortest(v)
    }
}
