//! AG — API gateway.

use crate::rule::RuleMeta;

pub mod ag001;
pub mod ag002;

pub static RULES: &[&RuleMeta] = &[
    &ag001::GatewayWithoutAuth::META,
    &ag002::GatewayWithoutRateLimit::META,
];
