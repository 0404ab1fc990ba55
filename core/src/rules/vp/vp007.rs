use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// An `idc` connected to the cloud by exactly one leased line and by nothing else: one
    /// `leased_line` has `connects` naming it, and no other leased line nor any VPN does.
    ///
    /// ## Why
    /// A single line is a single point of failure between the data centre and the cloud. With
    /// two lines from two carriers both carry traffic, and when one fails its addresses and
    /// traffic move to the other automatically.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "line-ct", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 10, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "hq", "kind": "idc" },
    ///              { "id": "line-ct", "kind": "leased_line", "region": "hz", "carrier": "telecom",
    ///                "bandwidth_mbps": 10, "connects": "hq" },
    ///              { "id": "line-cu", "kind": "leased_line", "region": "hz", "carrier": "unicom",
    ///                "bandwidth_mbps": 10, "connects": "hq" } ] }
    /// ```
    ///
    /// ## Source
    /// Leased-line access chapter, section "线路备份" (line backup): when line redundancy is
    /// required, lines of two carriers can be connected at once; both carry traffic, and on a
    /// failure the traffic of one switches to the other automatically (the cloud side merges
    /// the failed line's addresses onto the healthy one). A failover drill is advised once both
    /// are in.
    pub struct SingleLeasedLine {
        code: "VP007",
        name: "single-leased-line",
        severity: Warning,
        summary: ("A data centre hangs on a single leased line", "机房只通过一条专线接入"),
        zh: "## 检查内容\n\
`idc` 与云之间只有一条专线、没有任何其他连接：恰好一条 `leased_line` 的 `connects` 指向它，没有其他专线，也没有任何 VPN 指向它。\n\
\n\
## 原因\n\
只有一条线路时，它就是机房与云之间的单点故障。两家运营商各一条线路时，两条线路同时承载业务，一条故障后其地址和流量会自动转移到另一条。\n\
\n\
## 依据\n\
专线接入一章的“线路备份”一节：如对线路备份有要求，可以同时接入两家运营商的线路；两条线路同时承担流量，故障时一条线路的流量自动切换到另一条（云端会把故障线路的地址合并到健康线路上）。双线接入后建议做一次故障演练。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds a second leased line to the data centre from the other of China Telecom and China Unicom, with the same region and bandwidth as the first",
            "不安全：为机房增加第二条专线，运营商为电信和联通中的另一家，地域和带宽与第一条相同"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for (idc, c) in super::idc_connections(cx).into_entries() {
        let [line] = c.lines[..] else { continue };
        if c.total() != 1 {
            continue;
        }
        let n = cx.node(idc);
        let (id, lid) = (&n.id, &cx.node(line).id);
        out.report(
            Some(id),
            n.ptr.as_str(),
            text!(
                "data centre `{id}` is connected only by leased line `{lid}`: that line is a single point of failure",
                "机房 `{id}` 只通过专线 `{lid}` 接入：这条线路是单点故障"
            ),
            text!(
                "add a second leased line with \"connects\": \"{id}\", from another carrier than `{lid}`",
                "再增加一条 \"connects\": \"{id}\" 的专线，选用与 `{lid}` 不同的运营商"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::rules::df::show;
    use crate::rules::helpers::fix_parts::{fresh_id_besides, whole};
    let idc = cx.node_index(f.target.as_deref()?)?;
    let conns = super::idc_connections(cx);
    let [line] = conns.get(idc)?.lines[..] else {
        return None;
    };
    let ln = cx.node(line);
    // The guide's pair is one line from each of the two carriers the classic network accepts.
    let other = match ln.carrier.as_deref()?.trim().to_ascii_lowercase().as_str() {
        "telecom" => "unicom",
        "unicom" => "telecom",
        _ => return None,
    };
    let region = ln.region.as_ref()?;
    cx.region_index(&region.id)?;
    let n = cx.node(idc);
    let id = fresh_id_besides(cx, &alloc::format!("line-{}-{other}", n.id), &[]);
    let mut fields = alloc::vec![
        (alloc::string::String::from("id"), Json::str(&id)),
        ("kind".into(), Json::str("leased_line")),
        ("region".into(), Json::str(&region.id)),
        ("carrier".into(), Json::str(other)),
    ];
    if let Some(b) = ln.bandwidth_mbps {
        fields.push(("bandwidth_mbps".into(), Json::Int(whole(b)?)));
    }
    fields.push(("connects".into(), Json::str(&n.id)));
    let (idc_id, line_id, new_id) = (show(&n.id), show(&ln.id), show(&id));
    Some(Fix::unsafe_(
        text!(
            "add leased line `{new_id}` from {other} to data centre `{idc_id}`, beside `{line_id}`",
            "为机房 `{idc_id}` 增加 {other} 专线 `{new_id}`，与 `{line_id}` 互为备份"
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
    use crate::model::NodeKind;
    use crate::rules::helpers::facts as h;
    if !h::any(cx, NodeKind::Idc) {
        return f.not_applicable("no data centre (idc)", "没有数据中心（idc）");
    }
    h::unconnected(cx, f);
}
