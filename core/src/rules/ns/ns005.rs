use crate::index::Ctx;
use crate::rule::Sink;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A VPC whose `cidr` is not wholly inside one of the private ranges 10.0.0.0/8,
    /// 172.16.0.0/12 and 192.168.0.0/16 — a public range, or a block wider than the private
    /// range it starts in (such as 10.0.0.0/7).
    ///
    /// ## Why
    /// A VPC is a private network: the console only offers address blocks from the private
    /// ranges. A design that plans other addresses cannot be built as drawn, and addresses
    /// taken from public space would hide the real internet hosts that own them.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "100.64.0.0/16" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16" } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's VPC walkthrough ("create the VPC" step) says the VPC's block is chosen from the
    /// private ranges 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16, and uses 192.168.0.0/16 as
    /// its example.
    pub struct InvalidVpcCidr {
        code: "NS005",
        name: "invalid-vpc-cidr",
        severity: Error,
        summary: (
            "A VPC CIDR is outside the private address ranges",
            "专有网络网段不在私有地址范围内"
        ),
        zh: "## 检查内容\n\
专有网络的 `cidr` 没有完全落在私有网段 10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 之一内：例如使用了公网网段，或者网段比它起始处的私有网段还大（如 10.0.0.0/7）。\n\
\n\
## 原因\n\
专有网络是私有网络，控制台只提供私有网段供选择。规划了其他地址的设计无法按图建成；而从公网地址空间中取用的地址，还会遮蔽真正拥有这些地址的互联网主机。\n\
\n\
## 依据\n\
指南的专有网络操作示例在“创建专有网络”一步中说明，专有网络的网段从私有网段 10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 中选择，示例选用了 192.168.0.0/16。",
        check: check,
        fix_note: (
            "none: which private block the VPC takes, and how its vSwitches are renumbered, is the network plan's choice",
            "无：专有网络改用哪个私有网段、其交换机如何重新编址，由网络规划决定"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    for v in &cx.design.vpcs {
        let Some(addr) = &v.cidr else { continue };
        let Some(c) = addr.cidr else { continue };
        if c.is_private() {
            continue;
        }
        let id = &v.id;
        let cidr = &addr.text;
        out.report(
            Some(id),
            addr.ptr.as_str(),
            text!(
                "VPC `{id}` uses {cidr}, which is not inside the private ranges 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
                "专有网络 `{id}` 使用的网段 {cidr} 不在私有网段 10.0.0.0/8、172.16.0.0/12、192.168.0.0/16 之内"
            ),
            text!(
                "give `{id}` a block inside one of the private ranges, e.g. \"192.168.0.0/16\" or \"10.0.0.0/16\"",
                "为 `{id}` 选择私有网段内的网段，例如 \"192.168.0.0/16\" 或 \"10.0.0.0/16\""
            ),
        );
    }
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    if cx.design.vpcs.is_empty() {
        return f.not_applicable("no VPC", "没有专有网络");
    }
    let mut g = GapBuilder::new(&h::VPC_NO_CIDR);
    for v in &cx.design.vpcs {
        if v.cidr.is_none() {
            g.add(&v.id, &v.ptr);
        }
    }
    f.push(g);
}
