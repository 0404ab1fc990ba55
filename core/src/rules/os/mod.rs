//! OS — object storage exposure.

use crate::rule::RuleMeta;

pub mod os001;
pub mod os002;
pub mod os003;
pub mod os004;
pub mod os005;

pub static RULES: &[&RuleMeta] = &[
    &os001::InternalBucketPublic::META,
    &os002::BucketWorldWritable::META,
    &os003::InternetToInternalBucket::META,
    &os004::ExternalBucketPublicRead::META,
    &os005::BucketSingleZone::META,
];
