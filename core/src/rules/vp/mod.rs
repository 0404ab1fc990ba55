use crate::rule::RuleMeta;

pub static RULES: &[&RuleMeta] = &[];
