use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An IPSec VPN whose peer gateway is behind NAT: `peer.behind_nat` is `true`, or
    /// `peer.public_ip` is a private address (inside 10.0.0.0/8, 172.16.0.0/12 or
    /// 192.168.0.0/16). Each of the two is its own finding.
    ///
    /// ## Why
    /// The cloud side builds the tunnel to the one public address the organisation submits.
    /// It does not support a peer behind network address translation, and a private address
    /// cannot be reached over the internet at all.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq",
    ///                "peer": { "vendor": "Juniper", "public_ip": "192.168.1.1", "behind_nat": true } } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq",
    ///                "peer": { "vendor": "Juniper", "public_ip": "203.0.113.10", "behind_nat": false } } ] }
    /// ```
    ///
    /// ## Source
    /// IPSec VPN access chapter, section "1.IPSEC VPN对接条件" (prerequisites), the item after
    /// the gateway one: the gateway must have a public address of its own, and a NAT
    /// environment is not supported. Section "2.IPSEC VPN对接说明" adds that the organisation
    /// only submits that public address; the cloud side sets every other tunnel parameter.
    pub struct IpsecPeerBehindNat {
        code: "VP003",
        name: "ipsec-peer-behind-nat",
        severity: Error,
        summary: ("An IPSec peer gateway has no public address of its own", "IPSec 对端网关没有独立的公网地址"),
        zh: "## 检查内容\n\
IPSec VPN 的对端网关位于 NAT 之后：`peer.behind_nat` 为 `true`，或 `peer.public_ip` 是私网地址（位于 10.0.0.0/8、172.16.0.0/12 或 192.168.0.0/16 内）。两种情况分别报告。\n\
\n\
## 原因\n\
云端只会与机构提交的那个公网地址建立隧道，不支持经过地址转换的对端；私网地址更是无法通过互联网到达。\n\
\n\
## 依据\n\
IPSec VPN 接入一章“1.IPSEC VPN对接条件”一节中紧接网关设备的那一条：网关必须有独立的公网地址，不支持 NAT 环境。“2.IPSEC VPN对接说明”一节还说明，机构只需提交这个公网地址，其他隧道参数都由云端设定。",
        check: check,
        fix_note: (
            "none: only the customer knows the public address of its gateway, and taking it out from behind NAT is work on its network",
            "无：网关的公网地址只有客户知道，把网关移出 NAT 也是客户网络上的工作"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !super::is_ipsec(cx, i) {
            continue;
        }
        let Some(peer) = &n.peer else { continue };
        let id = &n.id;
        if peer.behind_nat == Some(true) {
            out.report(
                Some(id),
                ptr_join(&peer.ptr, "behind_nat"),
                text!(
                    "the peer gateway of IPSec VPN `{id}` is behind NAT: IPSec VPN on the financial cloud does not support NAT environments",
                    "IPSec VPN `{id}` 的对端网关位于 NAT 之后：金融云 IPSec VPN 不支持 NAT 环境"
                ),
                text!(
                    "give the gateway of `{id}` a public address of its own, with no NAT in front of it",
                    "为 `{id}` 的对端网关配置独立的公网地址，前面不要有 NAT"
                ),
            );
        }
        if let Some(a) = &peer.public_ip {
            if a.cidr.is_some_and(|c| c.is_private()) {
                let ip = &a.text;
                out.report(
                    Some(id),
                    a.ptr.as_str(),
                    text!(
                        "the peer public_ip `{ip}` of IPSec VPN `{id}` is a private address: the gateway has no public address of its own and must sit behind NAT",
                        "IPSec VPN `{id}` 的对端 public_ip `{ip}` 是私网地址：网关没有独立的公网地址，只能位于 NAT 之后"
                    ),
                    text!(
                        "set \"public_ip\" of `{id}`'s peer to the gateway's own public address",
                        "把 `{id}` 对端的 \"public_ip\" 改为网关自己的公网地址"
                    ),
                );
            }
        }
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static NAT: Lack = Lack::new(
        "the peer of IPsec VPN {id} does not say whether it is behind NAT (behind_nat)",
        "IPsec VPN {id} 的对端设备没有写是否位于 NAT 之后（behind_nat）",
        "the peers of {n} IPsec VPNs do not say whether they are behind NAT (behind_nat)",
        "{n} 个 IPsec VPN 的对端设备没有写是否位于 NAT 之后（behind_nat）",
    );
    static IP: Lack = Lack::new(
        "the peer of IPsec VPN {id} has no public_ip",
        "IPsec VPN {id} 的对端设备没有写公网地址（public_ip）",
        "the peers of {n} IPsec VPNs have no public_ip",
        "{n} 个 IPsec VPN 的对端设备没有写公网地址（public_ip）",
    );
    let vpns = h::ipsec_vpns(cx, f);
    let (mut peer, mut nat, mut ip) = (
        GapBuilder::new(&h::NO_PEER),
        GapBuilder::new(&NAT),
        GapBuilder::new(&IP),
    );
    for (_, n) in vpns {
        let Some(p) = &n.peer else {
            peer.add(&n.id, &n.ptr);
            continue;
        };
        if p.behind_nat.is_none() {
            nat.add(&n.id, &p.ptr);
        }
        if p.public_ip.is_none() {
            ip.add(&n.id, &p.ptr);
        }
    }
    f.push(peer);
    f.push(nat);
    f.push(ip);
}
