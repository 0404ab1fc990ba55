//! OS — object storage exposure.

use alloc::vec;

use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::rule::{Finding, RuleMeta};
use crate::text;

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

/// The fix of OS001, OS002 and OS004, whose findings sit at a bucket's `acl`: make it private.
pub(crate) fn acl_private(_: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let id = f.target.as_deref()?;
    Some(Fix::safe(
        text!(
            "set \"acl\": \"private\" on bucket `{id}`",
            "将 Bucket `{id}` 设置为 \"acl\": \"private\""
        ),
        vec![Edit::Set {
            at: f.pointer.clone(),
            value: Json::str("private"),
        }],
    ))
}
