//! SG — security groups. (The security-group reasoning the BH and SG rules share is in
//! [`crate::rules::helpers::sg`].)

use crate::rule::RuleMeta;

pub mod sg001;
pub mod sg002;
pub mod sg003;
pub mod sg004;

pub static RULES: &[&RuleMeta] = &[
    &sg001::WorldOpenManagement::META,
    &sg002::WorldOpenAllPorts::META,
    &sg003::UngroupedInstance::META,
    &sg004::LinkBlocked::META,
];
