use crate::index::Ctx;
use crate::model::{ptr_join, Network, NodeKind};
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A leased line in a classic-network region whose `carrier` is China Mobile: the text is
    /// `mobile` or `cmcc`, or contains "mobile" or "移动" (letter case ignored). Other carriers
    /// and an absent carrier are not reported.
    ///
    /// ## Why
    /// Leased lines into the classic network are accepted from China Telecom and China Unicom
    /// only. A China Mobile line cannot be connected, however far its construction has gone.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "mobile",
    ///                "bandwidth_mbps": 10, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "line-hq", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 10, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Source
    /// Leased-line access chapter, section "其它说明" (other notes), "支持运营商" (supported
    /// carriers): classic-network leased lines in Hangzhou are supported from China Telecom and
    /// China Unicom only; China Mobile lines cannot be connected for now. The FAQ repeats that
    /// only Telecom and Unicom are supported.
    pub struct UnsupportedCarrier {
        code: "VP006",
        name: "unsupported-carrier",
        severity: Error,
        summary: ("A classic-network leased line from China Mobile", "经典网络专线使用了中国移动线路"),
        zh: "## 检查内容\n\
经典网络地域中 `carrier` 为中国移动的专线：取值为 `mobile` 或 `cmcc`，或包含 \"mobile\" 或“移动”（不区分大小写）。其他运营商以及未填写运营商的专线不报告。\n\
\n\
## 原因\n\
经典网络的专线只接受电信和联通线路，移动线路无论施工进行到哪一步都无法接入。\n\
\n\
## 依据\n\
专线接入一章“其它说明”中的“支持运营商”：杭州经典网络专线目前只支持电信和联通线路，暂不支持移动线路接入。常见问题中也再次说明只支持电信和联通。",
        check: check,
        fix_note: (
            "none: which of China Telecom and China Unicom to order the line from is the customer's choice",
            "无：改向电信还是联通申请专线，由客户选择"
        ),
        facts: facts,
    }
}

/// Whether a carrier text names China Mobile.
fn is_mobile(carrier: &str) -> bool {
    use crate::text::find_str;
    let c = carrier.trim().to_ascii_lowercase();
    c == "cmcc" || find_str(&c, "mobile").is_some() || find_str(&c, "移动").is_some()
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (i, n) in cx.design.nodes.iter().enumerate() {
        if !n.is(NodeKind::LeasedLine) || cx.network_of(i) != Some(Network::Classic) {
            continue;
        }
        let Some(carrier) = &n.carrier else { continue };
        if !is_mobile(carrier) {
            continue;
        }
        let id = &n.id;
        let rid = n.region.as_ref().map_or("", |r| r.id.as_str());
        out.report(
            Some(id),
            ptr_join(&n.ptr, "carrier"),
            text!(
                "leased line `{id}` in classic-network region `{rid}` uses carrier `{carrier}`: classic-network leased lines accept only China Telecom and China Unicom",
                "经典网络地域 `{rid}` 中的专线 `{id}` 使用运营商 `{carrier}`：经典网络专线只支持电信和联通"
            ),
            text!(
                "order `{id}` from China Telecom (\"telecom\") or China Unicom (\"unicom\")",
                "改为向电信（\"telecom\"）或联通（\"unicom\"）申请专线 `{id}`"
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::{GapBuilder, Lack};
    use crate::rules::helpers::facts as h;
    static CARRIER: Lack = Lack::new(
        "leased line {id} has no carrier",
        "专线 {id} 没有写运营商（carrier）",
        "{n} leased lines have no carrier",
        "{n} 条专线没有写运营商（carrier）",
    );
    use crate::model::{Network, NodeKind};
    if !h::any(cx, NodeKind::LeasedLine) {
        return f.not_applicable("no leased line", "没有专线");
    }
    let (mut regions, mut placed, mut carrier) = (
        GapBuilder::new(&h::REGION_NO_NETWORK),
        GapBuilder::new(&h::NO_REGION),
        GapBuilder::new(&CARRIER),
    );
    for (i, n) in h::nodes(cx, NodeKind::LeasedLine) {
        if cx.network_of(i) == Some(Network::Vpc) {
            continue; // only classic regions refuse a carrier
        }
        h::network_unknown(cx, i, &mut regions, &mut placed);
        if n.carrier.is_none() {
            carrier.add(&n.id, &n.ptr);
        }
    }
    f.push(regions);
    f.push(placed);
    f.push(carrier);
}
