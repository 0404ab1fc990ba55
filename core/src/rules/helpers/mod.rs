//! Helpers that several rule families share, so that a family module holds only its rules.
//!
//! - [`sg`]: reasoning about security-group rules that the BH, NS and SG rules have in
//!   common — which accept rules surely open a port, which drop rules surely cancel them (a
//!   `drop` wins over an `accept` for the same traffic, whatever their order), and how to
//!   name the bastions as a source in a help text;
//! - [`fmt`]: pieces of finding messages — lists of ids, sets of addresses (numbers are
//!   [`crate::numfmt::plain`]);
//! - [`num`]: arithmetic on sizes and counts that have no upper bound;
//! - [`zone`]: regions and zones as the ZN, LB and DB rules name them;
//! - [`fix_parts`]: ids for what a fix adds, whole numbers to write, a suggestion no other
//!   candidate equals, the replacement of one array element;
//! - `facts` (with the `coverage` feature): what the rules' facts functions share — the kinds
//!   of missing facts several rules skip on (links without a port, SLBs without listeners,
//!   security-group rules without ports, ECS in no known region), told the same way;
//! - [`additions`]: what fixes that add an ECS or a security-group rule share — ids derived
//!   from a sibling's, where a copy of an ECS goes in another zone, the JSON of both.
//!
//! The three-valued "do these groups accept that traffic" of [`crate::net`] is the other half
//! of the security-group reasoning (matching one source against one rule, the jump path).

pub(crate) mod additions;
#[cfg(feature = "coverage")]
pub(crate) mod facts;
pub(crate) mod fix_parts;
pub(crate) mod fmt;
pub(crate) mod num;
pub(crate) mod sg;
pub(crate) mod zone;

pub(crate) use fmt::{format_addrs, format_ids, quoted};
pub(crate) use num::scaled_product;
pub(crate) use sg::{accepts_tcp_port, bastion_source, Blocked, Drops};
pub(crate) use zone::{other_zones, region_name, region_zones, single_zone, zone_name};
