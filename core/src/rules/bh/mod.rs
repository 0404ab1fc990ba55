//! BH — bastion hosts and management access.

use alloc::string::String;

use crate::cidr::{format_ipv4, AddrSet};
use crate::rule::RuleMeta;

pub mod bh001;
pub mod bh002;
pub mod bh003;
pub mod bh004;
pub mod bh005;
pub mod bh006;
pub mod bh007;
pub mod bh008;
pub mod bh009;

pub static RULES: &[&RuleMeta] = &[
    &bh001::MissingBastion::META,
    &bh002::BastionInOneZone::META,
    &bh003::BastionBypassed::META,
    &bh004::BastionExposed::META,
    &bh005::BastionPublicBandwidth::META,
    &bh006::BastionUnreachable::META,
    &bh007::IncompleteVpnPool::META,
    &bh008::BastionInRdsWhitelist::META,
    &bh009::UnmanagedInstance::META,
];

/// At most this many ranges are written out in a message.
const SHOWN_RANGES: usize = 8;

/// A set of addresses for a message: single addresses and `first-last` ranges, comma
/// separated, with `…` when there are more than a few ranges.
pub(crate) fn format_addrs(set: &AddrSet) -> String {
    let mut s = String::new();
    for (k, &(lo, hi)) in set.ranges().iter().enumerate() {
        if k == SHOWN_RANGES {
            s.push_str(", …");
            break;
        }
        if k > 0 {
            s.push_str(", ");
        }
        s.push_str(&format_ipv4(lo));
        if hi != lo {
            s.push('-');
            s.push_str(&format_ipv4(hi));
        }
    }
    s
}

/// A list of ids for a message: `` `a`, `b` ``, with `…` after a few.
pub(crate) fn format_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for (k, id) in ids.into_iter().enumerate() {
        if k == SHOWN_RANGES {
            s.push_str(", …");
            break;
        }
        if k > 0 {
            s.push_str(", ");
        }
        s.push('`');
        s.push_str(id);
        s.push('`');
    }
    s
}

/// Some SSL VPN of the design has no (valid) client address: its pool is unknown.
pub(crate) fn vpn_pool_unknown(cx: &crate::index::Ctx<'_>) -> bool {
    crate::net::ssl_vpns(cx).any(|i| cx.node(i).client_ips.iter().all(|a| a.cidr.is_none()))
}

/// How to name the bastions as a source in a help text.
pub(crate) fn bastion_source(cx: &crate::index::Ctx<'_>) -> (String, String) {
    for &b in &cx.bastions {
        if let Some(&g) = cx.node_groups[b].first() {
            let gid = &cx.design.security_groups[g].id;
            return (
                alloc::format!("the bastions' group `sg:{gid}`"),
                alloc::format!("堡垒机所在的安全组 `sg:{gid}`"),
            );
        }
    }
    if let Some(&b) = cx.bastions.first() {
        let id = &cx.node(b).id;
        return (
            alloc::format!("the bastion `{id}`"),
            alloc::format!("堡垒机 `{id}`"),
        );
    }
    (
        String::from("the security group of a bastion (`sg:<id>`; add a bastion first)"),
        String::from("堡垒机所在的安全组（`sg:<id>`，需先增加堡垒机）"),
    )
}
