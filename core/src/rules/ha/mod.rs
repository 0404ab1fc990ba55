//! HA — single points of failure.

use crate::rule::RuleMeta;

pub mod ha001;

pub static RULES: &[&RuleMeta] = &[&ha001::SingleInstanceModule::META];
