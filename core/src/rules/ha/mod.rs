//! HA — single points of failure.

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
