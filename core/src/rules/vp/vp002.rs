use crate::index::Ctx;
use crate::model::ptr_join;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An IPSec VPN whose `peer.vendor` is given and is not Juniper (the vendor text does not
    /// contain "juniper", in any letter case). When the vendor is Juniper, any model is
    /// accepted (ISG, SSG and SRX are the recommended series). An absent vendor is not judged.
    ///
    /// ## Why
    /// The financial cloud's IPSec endpoint is tuned to Juniper firewalls and every parameter
    /// of the tunnel is dictated by the cloud side. Gateways of other brands are not
    /// guaranteed to interoperate; a failed joint test after weeks of set-up is a real risk.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq",
    ///                "peer": { "vendor": "Cisco", "model": "ASA 5506", "public_ip": "203.0.113.10" } } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq",
    ///                "peer": { "vendor": "Juniper", "model": "SRX345", "public_ip": "203.0.113.10" } } ] }
    /// ```
    ///
    /// ## Source
    /// IPSec VPN access chapter, section "1.IPSEC VPN对接条件" (prerequisites), item 2: the
    /// organisation needs a gateway that supports IPSec VPN; Juniper firewalls (ISG, SSG, SRX)
    /// are recommended, and gateways of other brands are not guaranteed to connect — the
    /// customer must then involve the reseller or maker.
    pub struct IpsecUnsupportedGateway {
        code: "VP002",
        name: "ipsec-unsupported-gateway",
        severity: Warning,
        summary: ("An IPSec peer gateway is not a Juniper device", "IPSec 对端网关不是 Juniper 设备"),
        zh: "## 检查内容\n\
IPSec VPN 的 `peer.vendor` 已填写且不是 Juniper（厂商文本中不含 \"juniper\"，不区分大小写）。厂商是 Juniper 时任何型号都接受（推荐 ISG、SSG、SRX 系列）。未填写厂商时不做判断。\n\
\n\
## 原因\n\
金融云的 IPSec 接入端按 Juniper 防火墙调校，隧道的所有参数都由云端规定。其他品牌的网关不保证能够对接，花费数周配置后联调失败是实际存在的风险。\n\
\n\
## 依据\n\
IPSec VPN 接入一章“1.IPSEC VPN对接条件”一节第 2 条：机构需要一台支持 IPSec VPN 的网关设备，推荐使用 Juniper 防火墙（ISG、SSG、SRX），其他品牌的网关不保证能对接成功，需要客户自行联系代理商或厂商配合。",
        check: check,
        fix_note: (
            "none: the gateway is a device in the customer's data centre; replacing it, or planning a joint test with its maker, happens outside the design",
            "无：网关是客户机房里的设备；更换设备或与厂商安排联调都发生在设计之外"
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
        let Some(vendor) = &peer.vendor else { continue };
        if crate::text::find_str(&vendor.to_ascii_lowercase(), "juniper").is_some() {
            continue;
        }
        let id = &n.id;
        let model = match &peer.model {
            Some(m) => alloc::format!(" {m}"),
            None => alloc::string::String::new(),
        };
        out.report(
            Some(id),
            ptr_join(&peer.ptr, "vendor"),
            text!(
                "the peer gateway of IPSec VPN `{id}` is a {vendor}{model}: only Juniper firewalls are known to interoperate, other brands are not guaranteed to connect",
                "IPSec VPN `{id}` 的对端网关是 {vendor}{model}：只有 Juniper 防火墙确认可以对接，其他品牌不保证能对接成功"
            ),
            text!(
                "use a Juniper ISG, SSG or SRX firewall as the peer of `{id}`, or plan a joint test with the {vendor} reseller before relying on it",
                "请用 Juniper ISG、SSG 或 SRX 防火墙作为 `{id}` 的对端，否则先与 {vendor} 的代理商安排联调再使用"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static VENDOR: Lack = Lack::new(
        "the peer of IPsec VPN {id} has no vendor",
        "IPsec VPN {id} 的对端设备没有写厂商（vendor）",
        "the peers of {n} IPsec VPNs have no vendor",
        "{n} 个 IPsec VPN 的对端设备没有写厂商（vendor）",
    );
    let vpns = h::ipsec_vpns(cx, f);
    let (mut peer, mut vendor) = (GapBuilder::new(&h::NO_PEER), GapBuilder::new(&VENDOR));
    for (_, n) in vpns {
        match &n.peer {
            None => peer.add(&n.id, &n.ptr),
            Some(p) if p.vendor.is_none() => vendor.add(&n.id, &p.ptr),
            Some(_) => {}
        }
    }
    f.push(peer);
    f.push(vendor);
}
