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

/// The source naming the bastions in a rule that a fix writes: `sg:<id>` of the first group of
/// the first bastion that is in one, when every member of that group is a bastion or a
/// production ECS (so the source is on the jump path); else, when no bastion is in a group, the
/// first bastion's id. `None` without bastions, or when the bastions' group holds other
/// instances.
pub(crate) fn bastion_from(cx: &crate::index::Ctx<'_>) -> Option<alloc::string::String> {
    for &b in &cx.bastions {
        if let Some(&g) = cx.node_groups[b].first() {
            let on_path = cx.group_members[g]
                .iter()
                .all(|&m| cx.is_bastion(m) || cx.production[m]);
            let gid = &cx.design.security_groups[g].id;
            return on_path.then(|| alloc::format!("sg:{gid}"));
        }
    }
    cx.bastions.first().map(|&b| cx.node(b).id.clone())
}

/// A new security group for bastions, admitting the SSL VPN `vpn` on each of `ports` (tcp):
/// its id (`sg-bastion`, else `sg-bastion-2`, …, none of `taken`) and its JSON.
pub(crate) fn new_bastion_group(
    cx: &crate::index::Ctx<'_>,
    vpn: &str,
    ports: &[u16],
    taken: &[alloc::string::String],
) -> (alloc::string::String, crate::fix::Json) {
    use crate::fix::Json;
    use crate::model::Protocol;
    use crate::rules::helpers::additions::{id_taken, next_id, sg_rule};
    let id = if id_taken(cx, "sg-bastion", taken) {
        next_id(cx, "sg-bastion", taken)
    } else {
        alloc::string::String::from("sg-bastion")
    };
    let rules = ports
        .iter()
        .map(|&p| sg_rule(Protocol::Tcp, p, vpn))
        .collect();
    let json = Json::obj([("id", Json::str(&id)), ("rules", Json::Arr(rules))]);
    (id, json)
}
