use crate::index::Ctx;
use crate::rule::Sink;
use crate::rules::df::show;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An `idc` whose only connections to the cloud are IPSec VPNs: at least one `vpn` of type
    /// `ipsec` has `connects` naming it, and no leased line nor any other VPN (of another or
    /// unknown type) does. An `idc` with no connection at all is not reported.
    ///
    /// ## Why
    /// An IPSec VPN has no line redundancy: only one tunnel can be built to the cloud, over the
    /// internet. When that tunnel or the internet path fails, the data centre is cut off.
    /// A leased line next to it (or two lines) gives a path that survives.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "vpn-hq", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "hq" },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 10, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Source
    /// IPSec VPN access chapter, section "其它说明" (other notes), "线路备份" (line backup): a VPN
    /// has no line-backup capability and only one VPN tunnel can be set up with the cloud.
    pub struct IpsecWithoutBackup {
        code: "VP004",
        name: "ipsec-without-backup",
        severity: Warning,
        summary: ("A data centre is connected only through IPSec VPN", "机房只通过 IPSec VPN 接入"),
        zh: "## 检查内容\n\
`idc` 与云之间只有 IPSec VPN 连接：至少有一个 `ipsec` 类型的 `vpn` 的 `connects` 指向它，而没有专线，也没有其他（类型不同或未知的）VPN 指向它。完全没有连接的 `idc` 不报告。\n\
\n\
## 原因\n\
IPSec VPN 没有线路备份能力：与云之间只能建立一条经由互联网的隧道。隧道或互联网线路一旦故障，机房就与云断开。再配一条专线（或两条专线）才能提供可以存活的路径。\n\
\n\
## 依据\n\
IPSec VPN 接入一章“其它说明”中的“线路备份”：VPN 没有线路备份能力，只能与云端建立一条 VPN 隧道。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds a leased line to the data centre, in the region of its VPN and sized for its traffic when that is known (the carrier is left to choose)",
            "不安全：为机房增加一条专线，位于其 VPN 所在地域，已知流量时按流量确定带宽（运营商留待选择）"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (idc, c) in super::idc_connections(cx).into_entries() {
        if c.ipsec.is_empty() || c.ipsec.len() != c.total() {
            continue;
        }
        let n = cx.node(idc);
        let id = &n.id;
        let vpns = super::id_list(cx, &c.ipsec);
        out.report(
            Some(id),
            n.ptr.as_str(),
            text!(
                "data centre `{id}` is connected to the cloud only through IPSec VPN ({vpns}): a VPN has no line backup, so one failure cuts it off",
                "机房 `{id}` 只通过 IPSec VPN（{vpns}）接入云：VPN 没有线路备份，一处故障就会断开"
            ),
            text!(
                "add a leased line with \"connects\": \"{id}\" (ideally two, from different carriers)",
                "增加一条 \"connects\": \"{id}\" 的专线（最好是两家运营商各一条）"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::rules::helpers::fix_parts::fresh_id_besides;
    let idc = cx.node_index(f.target.as_deref()?)?;
    let conns = super::idc_connections(cx);
    let c = conns.get(idc)?;
    // The line joins the region the VPNs join (one region: else where it goes is a choice).
    let region = cx.node(*c.ipsec.first()?).region.as_ref()?;
    if cx.region_index(&region.id).is_none()
        || c.ipsec
            .iter()
            .any(|&v| cx.node(v).region.as_ref().map(|r| r.id.as_str()) != Some(&region.id))
    {
        return None;
    }
    let n = cx.node(idc);
    let line = fresh_id_besides(cx, &alloc::format!("line-{}", n.id), &[]);
    let mut fields = alloc::vec![
        (alloc::string::String::from("id"), Json::str(&line)),
        ("kind".into(), Json::str("leased_line")),
        ("region".into(), Json::str(&region.id)),
    ];
    if let Some(need) = super::vp008::needed_mbps(n) {
        fields.push((
            "bandwidth_mbps".into(),
            Json::Int(crate::rules::helpers::fix_parts::whole_at_least(need)?),
        ));
    }
    fields.push(("connects".into(), Json::str(&n.id)));
    let (id, line, rid) = (show(&n.id), show(&line), show(&region.id));
    Some(Fix::unsafe_(
        text!(
            "add leased line `{line}` from data centre `{id}` to region `{rid}` (choose its carrier)",
            "增加从机房 `{id}` 到地域 `{rid}` 的专线 `{line}`（运营商待定）"
        ),
        alloc::vec![Edit::Push {
            array: "/nodes".into(),
            value: Json::Obj(fields),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    if !h::any(cx, NodeKind::Idc) {
        return f.not_applicable("no data centre (idc)", "没有数据中心（idc）");
    }
    h::unconnected(cx, f);

    // A VPN of unknown type that joins a data centre may be IPsec or not.
    let mut g = GapBuilder::new(&h::VPN_NO_TYPE);
    for (_, n) in h::nodes(cx, NodeKind::Vpn) {
        let joins = n.connects.as_ref().and_then(|r| cx.node_index(&r.id));
        if n.vpn_type.is_none() && joins.is_some_and(|j| cx.node(j).is(NodeKind::Idc)) {
            g.add(&n.id, &n.ptr);
        }
    }
    f.push(g);
}
