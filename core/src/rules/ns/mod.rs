//! NS — network segmentation and exposure.

use alloc::format;
use alloc::string::String;

use crate::index::Ctx;
use crate::model::{Network, Tier};
use crate::rule::RuleMeta;

pub mod ns001;
pub mod ns002;
pub mod ns003;
pub mod ns004;
pub mod ns005;
pub mod ns006;
pub mod ns007;
pub mod ns008;
pub mod ns009;
pub mod ns010;

pub static RULES: &[&RuleMeta] = &[
    &ns001::MissingTier::META,
    &ns002::InternetOutsideDmz::META,
    &ns003::ManagementOutsideManagementTier::META,
    &ns004::DirectInternetToEcs::META,
    &ns005::InvalidVpcCidr::META,
    &ns006::VswitchOutsideVpc::META,
    &ns007::OverlappingVswitches::META,
    &ns008::ClassicUdpExposure::META,
    &ns009::EipManagementPort::META,
    &ns010::NoOutboundPath::META,
];

/// The name of a tier as written in the format.
pub(crate) fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Dmz => "dmz",
        Tier::Management => "management",
        Tier::Intranet => "intranet",
    }
}

/// Where an ECS sits, as far as the network tiers go — only when that is known.
pub(crate) enum Placement<'a> {
    /// In a vSwitch whose `tier` is stated.
    VSwitch {
        id: &'a str,
        tier: Tier,
        /// Pointer of the node's `vswitch` field.
        ptr: &'a str,
    },
    /// In a vSwitch without a (valid) `tier`: in no tier at all.
    Untiered {
        id: &'a str,
        /// Pointer of the node's `vswitch` field.
        ptr: &'a str,
    },
    /// In a classic-network region: no vSwitch, hence no tier at all.
    Classic {
        region: &'a str,
        /// Pointer of the node's `zone` field (or the node).
        ptr: &'a str,
    },
}

impl Placement<'_> {
    pub(crate) fn ptr(&self) -> &str {
        match self {
            Placement::VSwitch { ptr, .. }
            | Placement::Untiered { ptr, .. }
            | Placement::Classic { ptr, .. } => ptr,
        }
    }
    pub(crate) fn in_tier(&self, t: Tier) -> bool {
        matches!(self, Placement::VSwitch { tier, .. } if *tier == t)
    }
    /// "is in vSwitch `x` of tier `y`" / "位于 `y` 层级的交换机 `x`".
    pub(crate) fn describe(&self) -> (String, String) {
        match self {
            Placement::VSwitch { id, tier, .. } => {
                let t = tier_name(*tier);
                (
                    format!("it is in vSwitch `{id}` of tier `{t}`"),
                    format!("它位于层级为 `{t}` 的交换机 `{id}`"),
                )
            }
            Placement::Untiered { id, .. } => (
                format!("it is in vSwitch `{id}`, which has no tier"),
                format!("它位于未设置层级（tier）的交换机 `{id}`"),
            ),
            Placement::Classic { region, .. } => (
                format!("it is in classic-network region `{region}`, which has no vSwitch tiers"),
                format!("它位于经典网络地域 `{region}`，该地域没有交换机分区"),
            ),
        }
    }
}

/// The placement of node `i` when it is known: its vSwitch and that vSwitch's tier (a
/// vSwitch without `tier` is in no tier: under the high-security profile it is neither the DMZ
/// nor the management tier), or a classic-network region. An unknown vSwitch, region or
/// network gives `None` (unknown facts never produce a finding).
pub(crate) fn placement<'a>(cx: &Ctx<'a>, i: usize) -> Option<Placement<'a>> {
    let d = cx.design;
    let nd = d.nodes.get(i)?;
    if let Some((v, s)) = cx.node_vswitch.get(i).copied().flatten() {
        let sw = d.vpcs.get(v)?.vswitches.get(s)?;
        let ptr = nd
            .vswitch
            .as_ref()
            .map_or(nd.ptr.as_str(), |r| r.ptr.as_str());
        let id = sw.id.as_str();
        return Some(match sw.tier {
            Some(tier) => Placement::VSwitch { id, tier, ptr },
            None => Placement::Untiered { id, ptr },
        });
    }
    let r = cx.node_region.get(i).copied().flatten()?;
    let region = d.regions.get(r)?;
    if region.network == Some(Network::Classic) {
        let ptr = nd.zone.as_ref().map_or(nd.ptr.as_str(), |z| z.ptr.as_str());
        return Some(Placement::Classic {
            region: region.id.as_str(),
            ptr,
        });
    }
    None
}

/// A port as text, for messages: " on port 80" / "（端口 80）", or nothing when unknown.
pub(crate) fn port_phrase(port: Option<u16>) -> (String, String) {
    match port {
        Some(p) => (format!(" on port {p}"), format!("（端口 {p}）")),
        None => (String::new(), String::new()),
    }
}
