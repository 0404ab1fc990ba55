//! BH — bastion hosts and management access.

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

/// Some SSL VPN of the design has no (valid) client address: its pool is unknown.
pub(crate) fn vpn_pool_unknown(cx: &crate::index::Ctx<'_>) -> bool {
    crate::net::ssl_vpns(cx).any(|i| cx.node(i).client_ips.iter().all(|a| a.cidr.is_none()))
}
