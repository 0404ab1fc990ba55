use alloc::vec::Vec;

use crate::cidr::Cidr;
use crate::index::Ctx;
use crate::model::Vpc;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// Two vSwitches of the same VPC whose CIDRs overlap (for CIDRs, overlapping means one
    /// contains the other, or they are equal). Each vSwitch that overlaps another is reported
    /// once, naming the narrowest earlier vSwitch that contains it; with several identical
    /// CIDRs, each repeat names the previous one. vSwitches without a known CIDR are skipped.
    ///
    /// ## Why
    /// Each vSwitch is a distinct subnet of its VPC. Two subnets with common addresses cannot
    /// both be created, and if they were, routing could not tell to which one an address
    /// belongs, so the instances of one of them would be unreachable.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" }, { "id": "sz-b" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/23" },
    ///                              { "id": "vsw-b", "zone": "sz-b", "cidr": "192.168.1.0/24" } ] } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" }, { "id": "sz-b" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" },
    ///                              { "id": "vsw-b", "zone": "sz-b", "cidr": "192.168.1.0/24" } ] } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's VPC walkthrough ("create the vSwitch" step) gives every vSwitch its own subnet
    /// of the VPC's block (192.168.0.0/25 in the example); subnets of one network must not share
    /// addresses, which is general IP addressing rather than a sentence of the guide.
    pub struct OverlappingVswitches {
        code: "NS007",
        name: "overlapping-vswitches",
        severity: Error,
        summary: (
            "Two vSwitches of one VPC have overlapping CIDRs",
            "同一专有网络中两个交换机的网段重叠"
        ),
        zh: "## 检查内容\n\
同一专有网络中网段重叠的两个交换机（对 CIDR 而言，重叠就是一个包含另一个，或二者相同）。每个与其他交换机重叠的交换机只报告一次，并指出包含它的、范围最小的前一个交换机；多个交换机网段完全相同时，每个重复者指出它前面的那一个。网段未知的交换机不参与检查。\n\
\n\
## 原因\n\
每个交换机都是专有网络中一个独立的子网。有公共地址的两个子网无法同时创建；即使建成，路由也无法判断某个地址属于哪个子网，其中一个子网的实例将无法访问。\n\
\n\
## 依据\n\
指南的专有网络操作示例在“创建交换机”一步中，为每个交换机填写专有网络网段中属于它自己的子网（示例为 192.168.0.0/25）；同一网络的子网之间不能共用地址，这是一般的 IP 地址规划常识，而非指南原文。",
        check: check,
        fix_note: (
            "none: which of the two vSwitches is renumbered, and to which block, is the network plan's choice",
            "无：两个交换机中由哪个重新编址、改用哪个网段，由网络规划决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for v in &cx.design.vpcs {
        // (first address, prefix length, index): a container sorts before what it contains,
        // identical CIDRs in file order.
        let mut items: Vec<(u32, u8, usize, Cidr)> = Vec::new();
        for (si, s) in v.vswitches.iter().enumerate() {
            if let Some(c) = s.cidr.as_ref().and_then(|c| c.cidr) {
                items.push((c.first(), c.len, si, c));
            }
        }
        if items.len() < 2 {
            continue;
        }
        crate::sort::sort_by_key(&mut items, |&(first, len, si, _)| (first, len, si));
        // CIDRs are nested or disjoint, so the ones still open form a chain of containers;
        // the top of the stack is the narrowest one containing the current CIDR.
        let mut open: Vec<(usize, Cidr)> = Vec::new();
        for &(first, _, si, c) in &items {
            while open.last().is_some_and(|&(_, o)| o.last() < first) {
                open.pop();
            }
            if let Some(&(oi, oc)) = open.last() {
                if oc.contains(c) {
                    report(out, v, oi, si);
                }
            }
            open.push((si, c));
        }
    }
}

fn report(out: &mut Sink, v: &Vpc, outer: usize, inner: usize) {
    let (Some(a), Some(b)) = (v.vswitches.get(outer), v.vswitches.get(inner)) else {
        return;
    };
    let (Some(aa), Some(ba)) = (&a.cidr, &b.cidr) else {
        return;
    };
    let (aid, bid, vid) = (&a.id, &b.id, &v.id);
    let (acidr, bcidr) = (&aa.text, &ba.text);
    out.report(
        Some(bid),
        ba.ptr.as_str(),
        text!(
            "vSwitch `{bid}` ({bcidr}) overlaps vSwitch `{aid}` ({acidr}) in VPC `{vid}`",
            "专有网络 `{vid}` 中，交换机 `{bid}`（{bcidr}）与交换机 `{aid}`（{acidr}）的网段重叠"
        ),
        text!(
            "give `{bid}` and `{aid}` disjoint subnets of the VPC's block",
            "为 `{bid}` 和 `{aid}` 分配专有网络网段中互不重叠的子网"
        ),
    );
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    let mut g = GapBuilder::new(&h::VSWITCH_NO_CIDR);
    let mut any = false;
    for v in &cx.design.vpcs {
        if v.vswitches.len() < 2 {
            continue;
        }
        any = true;
        for s in &v.vswitches {
            if s.cidr.is_none() {
                g.add(&s.id, &s.ptr);
            }
        }
    }
    f.push(g);
    if !any {
        f.not_applicable(
            "no VPC has two vSwitches",
            "没有含两个及以上交换机的专有网络",
        );
    }
}
