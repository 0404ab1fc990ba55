use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::new_bastion_group;
use crate::fix::{Edit, Fix, Json};
use crate::index::Ctx;
use crate::model::{Network, Os, Profile, Tier};
use crate::net::ssl_vpns;
use crate::rule::{Finding, Sink};
use crate::rules::helpers::additions::{
    id_taken, next_id, os_name, vswitch_in_zone, zone_mark, Placement,
};
use crate::rules::helpers::{quoted, zone_name};
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// A design with at least one production ECS (role `app` or `database` in a primary
    /// region) must also have a bastion host: an ECS with `"role": "bastion"`. The finding is
    /// about the design as a whole.
    ///
    /// ## Why
    /// Without a bastion, operators log in to the production servers directly, so every server
    /// has to accept management traffic from wherever the operators are. A bastion gives one
    /// narrow, audited entry point: operators reach it, and only it reaches the servers.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1,
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "bastion-b", "kind": "ecs", "role": "bastion", "zone": "hz-b" } ] }
    /// ```
    ///
    /// ## Source
    /// In the FAQ after the recommended architecture ("is a bastion or jump host required?"),
    /// the guide answers that it is not mandatory, but strongly recommends managing the servers
    /// through a bastion because it is safer.
    pub struct MissingBastion {
        code: "BH001",
        name: "missing-bastion",
        severity: Warning,
        summary: ("Production servers but no bastion host", "有生产服务器但没有堡垒机"),
        zh: "## 检查内容\n\
设计中只要有生产 ECS（主地域中角色为 `app` 或 `database` 的 ECS），就应当有一台堡垒机，即 `\"role\": \"bastion\"` 的 ECS。该问题针对整个设计。\n\
\n\
## 原因\n\
没有堡垒机时，运维人员直接登录各台生产服务器，每台服务器都得对运维人员所在的位置开放管理端口。堡垒机提供唯一、可审计的入口：运维人员只能访问堡垒机，再由堡垒机访问服务器。\n\
\n\
## 依据\n\
指南在推荐架构之后的常见问题（“堡垒机或跳板机是否必须”）中说明：堡垒机并非必需，但强烈建议通过堡垒机管理服务器，这样更安全。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds a small bastion (1 vCPU, 1 GB, no public bandwidth, the operating system of the servers there) in each zone that holds production ECS — in the zone's management-tier vSwitch when there is one — and a security group admitting the SSL VPN on its management port; needs an SSL VPN in the design. The servers' groups still have to admit the bastions (BH009's fix)",
            "不安全：在每个有生产 ECS 的可用区增加一台低配堡垒机（1 核 1 GB，无公网带宽，操作系统与该区服务器一致），有管理层交换机时放在其中，并新建一个对 SSL VPN 放行其管理端口的安全组；设计中须已有 SSL VPN。服务器的安全组仍需放行堡垒机（见 BH009 的修复）"
        ),
        facts: facts,
    }
}

/// Where a bastion for the production ECS `model`'s zone `zi` (of region `r`) goes: the zone,
/// for an ECS placed by zone; in a VPC, a management-tier vSwitch of `model`'s VPC in that
/// zone, else (not in the high-security profile, which wants that tier) `model`'s vSwitch.
fn bastion_place<'a>(cx: &Ctx<'a>, model: usize, r: usize, zi: usize) -> Option<Placement<'a>> {
    let n = cx.node(model);
    let zone = n.zone.is_some().then(|| zone_name(cx, r, zi));
    let network = cx.region_network(r);
    match cx.node_vswitch[model] {
        Some(_) if network == Some(Network::Classic) => None,
        None if network == Some(Network::Vpc) => None,
        Some((v, _)) => {
            let sw = match vswitch_in_zone(cx, v, r, zi, Some(Tier::Management)) {
                Some(sw) => sw,
                None if cx.design.profile == Profile::HighSecurity => return None,
                None => cx.vswitch_of(model)?,
            };
            Some(Placement::VSwitch {
                vswitch: &sw.id,
                zone,
            })
        }
        None => zone.map(Placement::Zone),
    }
}

fn fix(cx: &Ctx<'_>, _: &Finding) -> Option<Fix> {
    let vpn = ssl_vpns(cx).next()?;
    let vid = &cx.node(vpn).id;
    // The zones of the production ECS, with the first production ECS of each.
    let mut zones: Vec<((usize, usize), usize)> = Vec::new();
    for (i, z) in cx.node_zone.iter().enumerate() {
        if let (true, Some(z)) = (cx.production[i], z) {
            if !zones.iter().any(|(x, _)| x == z) {
                zones.push((*z, i));
            }
        }
    }
    let mut taken: Vec<String> = Vec::new();
    let mut hosts: Vec<(String, Placement<'_>, Os)> = Vec::new();
    for &((r, zi), model) in &zones {
        let Some(place) = bastion_place(cx, model, r, zi) else {
            continue;
        };
        let want = format!("bastion-{}", zone_mark(cx, r, zi));
        let id = if id_taken(cx, &want, &taken) {
            next_id(cx, &want, &taken)
        } else {
            want
        };
        taken.push(id.clone());
        hosts.push((id, place, cx.node(model).os));
    }
    if hosts.is_empty() {
        return None;
    }
    let mut ports: Vec<u16> = Vec::new();
    for (_, _, os) in &hosts {
        if !ports.contains(&os.management_port()) {
            ports.push(os.management_port());
        }
    }
    let (gid, group) = new_bastion_group(cx, vid, &ports, &taken);
    let mut edits = vec![Edit::Push {
        array: String::from("/security_groups"),
        value: group,
    }];
    for (id, place, os) in &hosts {
        let mut m: Vec<(String, Json)> = vec![
            (String::from("id"), Json::str(id)),
            (String::from("kind"), Json::str("ecs")),
        ];
        m.extend(place.fields());
        for (k, v) in [
            ("role", Json::str("bastion")),
            ("cpu", Json::Int(1)),
            ("memory_gb", Json::Int(1)),
            ("os", Json::str(os_name(*os))),
            ("public_bandwidth_mbps", Json::Int(0)),
            ("security_groups", Json::Arr(vec![Json::str(&gid)])),
        ] {
            m.push((String::from(k), v));
        }
        edits.push(Edit::Push {
            array: String::from("/nodes"),
            value: Json::Obj(m),
        });
    }
    let (en, zh) = (quoted(&taken, ", "), quoted(&taken, "、"));
    let port = crate::text::number_list(&ports, "/");
    let title = if taken.len() == 1 {
        text!(
            "add the bastion {en} in a new security group `{gid}` that admits the SSL VPN `{vid}` on port {port}",
            "增加堡垒机 {zh}，放入新建的安全组 `{gid}`，该组对 SSL VPN `{vid}` 放行 {port} 端口"
        )
    } else {
        text!(
            "add the bastions {en}, one per zone of the production ECS, in a new security group `{gid}` that admits the SSL VPN `{vid}` on port {port}",
            "增加堡垒机 {zh}（生产 ECS 所在的每个可用区一台），放入新建的安全组 `{gid}`，该组对 SSL VPN `{vid}` 放行 {port} 端口"
        )
    };
    Some(Fix::unsafe_(title, edits))
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !cx.bastions.is_empty() {
        return;
    }
    let mut production = cx.production.iter().enumerate().filter(|(_, p)| **p);
    let Some((first, _)) = production.next() else {
        return;
    };
    let n = 1 + production.count();
    let id = &cx.node(first).id;
    out.report(
        None,
        "/nodes",
        text!(
            "the design has {n} production ECS (such as `{id}`) and no bastion host",
            "设计中有 {n} 台生产 ECS（例如 `{id}`），却没有堡垒机"
        ),
        text!(
            "add a small ECS with \"role\": \"bastion\" in each zone (1 vCPU and 1 GB are enough) and manage the servers only through it",
            "在每个可用区增加一台 \"role\": \"bastion\" 的低配 ECS（1 核 1 GB 即可），只通过它来管理服务器"
        ),
    );
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::rules::helpers::facts as h;
    h::production(cx, f);
}
