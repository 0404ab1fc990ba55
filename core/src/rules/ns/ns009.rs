use crate::fix::{Edit, Fix};
use crate::index::{Ctx, Endpoint};
use crate::model::{Network, NodeKind};
use crate::rule::{Finding, Sink};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A link on port 22 or 3389 from `internet` or from an `idc` to an ECS that is in a VPC
    /// region and has an EIP attached: the link can only be meant to use the EIP, and the EIP
    /// will not carry it. Links without a stated port are not judged.
    ///
    /// ## Why
    /// In the VPC regions of the financial cloud, elastic public IPs block sensitive ports such
    /// as 22 (SSH) and 3389 (RDP) by default. A security group that accepts those ports changes
    /// nothing: the connection is stopped before it reaches the instance. Remote management has
    /// to come in over the management VPN and the bastions instead.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "vswitch": "vsw-a" },
    ///              { "id": "eip-1", "kind": "eip", "attached_to": "app-1" } ],
    ///   "links": [ { "from": "internet", "to": "app-1", "port": 22 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "sz", "network": "vpc", "zones": [ { "id": "sz-a" } ] } ],
    ///   "vpcs": [ { "id": "vpc-sz", "region": "sz", "cidr": "192.168.0.0/16",
    ///               "vswitches": [ { "id": "vsw-a", "zone": "sz-a", "cidr": "192.168.0.0/24" } ] } ],
    ///   "nodes": [ { "id": "app-1", "kind": "ecs", "vswitch": "vsw-a" },
    ///              { "id": "eip-1", "kind": "eip", "attached_to": "app-1" } ],
    ///   "links": [ { "from": "internet", "to": "app-1", "port": 443 } ] }
    /// ```
    ///
    /// ## Source
    /// The guide's security-group chapter ("add rules", third tip): in a VPC there are only
    /// private interfaces, and in the VPC regions (East China 2, South China 1) the EIP blocks
    /// 22, 3389 and other sensitive ports by default, so traffic on them fails even when a
    /// security group allows it.
    pub struct EipManagementPort {
        code: "NS009",
        name: "eip-management-port",
        severity: Error,
        summary: (
            "A link relies on an EIP to carry port 22 or 3389, which EIPs block",
            "连线依赖 EIP 传输 22 或 3389 端口，而 EIP 会屏蔽这些端口"
        ),
        zh: "## 检查内容\n\
从 `internet` 或 `idc` 出发、端口为 22 或 3389、指向某台 ECS 的连线，而该 ECS 位于专有网络地域并绑定了 EIP：这样的连线只能是打算经由 EIP 访问，而 EIP 不会放行它。未写明端口的连线不做判断。\n\
\n\
## 原因\n\
在金融云的专有网络地域，弹性公网 IP 默认屏蔽 22（SSH）、3389（RDP）等敏感端口。安全组放行这些端口也无济于事：连接在到达实例之前就被拦截了。远程管理需要改为经由管理 VPN 和堡垒机进入。\n\
\n\
## 依据\n\
指南安全组配置一章“添加规则”的第三条提示：专有网络下只有私网网卡；在专有网络地域（华东 2、华南 1），弹性公网 IP 默认屏蔽 22、3389 等敏感端口，即使安全组放行也无法通信。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: removes the link, which the EIP never carries (management comes in through the VPN and a bastion instead); it removes what was drawn, so review it",
            "不安全：删除这条 EIP 永远不会承载的连线（运维应改经 VPN 和堡垒机进入）；它删除了图中画出的内容，请复核"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    let d = cx.design;
    for f in &cx.flows {
        let Some(port @ (22 | 3389)) = f.port else {
            continue;
        };
        let src = match f.from {
            Endpoint::Internet => "internet",
            Endpoint::Node(j) => match d.nodes.get(j) {
                Some(n) if n.is(NodeKind::Idc) => n.id.as_str(),
                _ => continue,
            },
        };
        if !cx.is_ecs(f.to) || cx.network_of(f.to) != Some(Network::Vpc) {
            continue;
        }
        let Some(&e) = cx.eips.get(f.to).and_then(|v| v.first()) else {
            continue;
        };
        let (Some(nd), Some(eip)) = (d.nodes.get(f.to), d.nodes.get(e)) else {
            continue;
        };
        let (id, eid) = (&nd.id, &eip.id);
        out.report(
            Some(id),
            f.ptr,
            text!(
                "the link from `{src}` to `{id}` on port {port} would go through EIP `{eid}`, but EIPs in VPC regions block ports 22 and 3389 whatever the security groups allow",
                "从 `{src}` 到 `{id}` 的 {port} 端口连线只能经过 EIP `{eid}`，但专有网络地域的 EIP 会屏蔽 22 和 3389 端口，安全组放行也无效"
            ),
            text!(
                "manage `{id}` through the SSL VPN and a bastion on its private address (or over a leased line or IPSec VPN from the data centre), and drop this link",
                "改为通过 SSL VPN 和堡垒机经私网地址管理 `{id}`（数据中心则经专线或 IPSec VPN 访问），并删除这条连线"
            ),
        );
    }
}

fn fix(cx: &Ctx<'_>, f: &Finding) -> Option<Fix> {
    let link = cx.design.links.iter().find(|l| l.ptr == f.pointer)?;
    let from = &link.from.as_ref()?.id;
    let to = &link.to.as_ref()?.id;
    let port = link.port?;
    Some(Fix::unsafe_(
        text!(
            "remove the link from `{from}` to `{to}` on port {port} (manage `{to}` through the VPN and a bastion)",
            "删除从 `{from}` 到 `{to}` 的 {port} 端口连线（改经 VPN 和堡垒机管理 `{to}`）"
        ),
        alloc::vec![Edit::Remove {
            at: f.pointer.clone(),
        }],
    ))
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    let (mut ports, mut regions, mut placed) = (
        GapBuilder::new(&h::LINK_NO_PORT),
        GapBuilder::new(&h::REGION_NO_NETWORK),
        GapBuilder::new(&h::NO_REGION),
    );
    let mut any = false;
    for fl in &cx.flows {
        if !h::from_outside(cx, fl.from) || !cx.is_ecs(fl.to) || cx.node(fl.to).external {
            continue;
        }
        any = true;
        // Without an EIP nothing relies on one, whatever the port and network.
        if cx.eips[fl.to].is_empty() {
            continue;
        }
        match fl.port {
            None => h::portless_link(cx, fl, &mut ports),
            Some(22 | 3389) => h::network_unknown(cx, fl.to, &mut regions, &mut placed),
            Some(_) => {}
        }
    }
    f.push(ports);
    f.push(regions);
    f.push(placed);
    if !any {
        f.not_applicable(
            "no link from the internet or a data centre to an ECS",
            "没有从互联网或数据中心连向 ECS 的连线",
        );
    }
}
