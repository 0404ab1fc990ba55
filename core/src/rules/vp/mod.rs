//! VP — VPN, IPSec and leased lines.

use crate::ordmap::OrdMap;
use alloc::string::String;
use alloc::vec::Vec;

use crate::index::Ctx;
use crate::model::{NodeKind, VpnType};
use crate::rule::RuleMeta;

pub mod vp001;
pub mod vp002;
pub mod vp003;
pub mod vp004;
pub mod vp005;
pub mod vp006;
pub mod vp007;
pub mod vp008;
pub mod vp009;

pub static RULES: &[&RuleMeta] = &[
    &vp001::IpsecTooFewEcs::META,
    &vp002::IpsecUnsupportedGateway::META,
    &vp003::IpsecPeerBehindNat::META,
    &vp004::IpsecWithoutBackup::META,
    &vp005::ClassicIpsecSuspended::META,
    &vp006::UnsupportedCarrier::META,
    &vp007::SingleLeasedLine::META,
    &vp008::LeasedLineUndersized::META,
    &vp009::TooManyInterconnectIps::META,
];

/// The connections of one `idc` node: the VPN and leased-line nodes whose `connects` names it.
#[derive(Default)]
pub(crate) struct IdcConnections {
    /// VPN nodes of type `ipsec`.
    pub ipsec: Vec<usize>,
    /// VPN nodes of another or unknown type.
    pub other_vpn: Vec<usize>,
    /// Leased lines.
    pub lines: Vec<usize>,
}

impl IdcConnections {
    pub fn total(&self) -> usize {
        self.ipsec.len() + self.other_vpn.len() + self.lines.len()
    }
}

/// Per `idc` node (by index): its connections. Idc nodes with none are absent.
pub(crate) fn idc_connections(cx: &Ctx<'_>) -> OrdMap<usize, IdcConnections> {
    let mut map: OrdMap<usize, IdcConnections> = OrdMap::new();
    for (i, n) in cx.design.nodes.iter().enumerate() {
        let is_vpn = n.is(NodeKind::Vpn);
        if !is_vpn && !n.is(NodeKind::LeasedLine) {
            continue;
        }
        let Some(idc) = n.connects.as_ref().and_then(|r| cx.node_index(&r.id)) else {
            continue;
        };
        if !cx.node(idc).is(NodeKind::Idc) {
            continue;
        }
        let c = map.or_default(idc);
        if !is_vpn {
            c.lines.push(i);
        } else if n.vpn_type == Some(VpnType::Ipsec) {
            c.ipsec.push(i);
        } else {
            c.other_vpn.push(i);
        }
    }
    map
}

/// The ids of some nodes, each in backticks, separated by commas.
pub(crate) fn id_list(cx: &Ctx<'_>, nodes: &[usize]) -> String {
    let mut s = String::new();
    for (k, &i) in nodes.iter().enumerate() {
        if k > 0 {
            s.push_str(", ");
        }
        s.push('`');
        s.push_str(&cx.node(i).id);
        s.push('`');
    }
    s
}

/// A number for a message: at most two decimals, without trailing zeros (from 10^16 on,
/// [`crate::numfmt::plain`]'s scientific notation).
pub(crate) fn num(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e16 {
        return crate::numfmt::plain(x);
    }
    let mut s = crate::numfmt::fixed(x, 2);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = String::from("0");
    }
    s
}

/// Whether node `i` is a VPN of type `ipsec`.
pub(crate) fn is_ipsec(cx: &Ctx<'_>, i: usize) -> bool {
    let n = cx.node(i);
    n.is(NodeKind::Vpn) && n.vpn_type == Some(VpnType::Ipsec)
}
