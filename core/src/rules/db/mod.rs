//! DB — managed database access.

use crate::rule::RuleMeta;

pub mod db001;
pub mod db002;
pub mod db003;
pub mod db004;
pub mod db005;

pub static RULES: &[&RuleMeta] = &[
    &db001::PublicDatabase::META,
    &db002::NonEcsDatabaseClient::META,
    &db003::ClientNotWhitelisted::META,
    &db004::RdsInSecurityGroup::META,
    &db005::RdsWithoutStandby::META,
];
