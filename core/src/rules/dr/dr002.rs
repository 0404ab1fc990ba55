use crate::ordmap::OrdSet;

use super::{applies, dr_regions, in_dr_region};
use crate::index::{Ctx, Endpoint};
use crate::model::{ptr_join, NodeKind};
use crate::rule::Sink;
use crate::rules::df::show;
use crate::text;

crate::declare_rule! {
    /// ## What it checks
    /// When the design claims `dr: "two-region"` or `"two-region-three-center"`: every business
    /// module reachable from the internet through an SLB (a link from `internet` to an SLB whose
    /// `backends` include production ECS of the module) must also have at least one ECS of the
    /// same `module` in a `dr` region that is the backend of an SLB.
    ///
    /// ## Why
    /// A database copy alone does not bring the service back after the loss of the primary
    /// region: something has to answer the users. The DR region needs its own load balancer
    /// and instances of each public module, ready for DNS to switch traffic to them.
    ///
    /// ## Failing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz", "backends": ["web-1"] },
    ///              { "id": "dns", "kind": "dns", "failover": true } ],
    ///   "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }
    /// ```
    ///
    /// ## Passing example
    /// ```json
    /// { "archlint": 1, "dr": "two-region",
    ///   "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" } ] },
    ///                { "id": "qd", "network": "classic", "role": "dr",
    ///                  "zones": [ { "id": "qd-a" } ] } ],
    ///   "nodes": [ { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    ///              { "id": "slb-web", "kind": "slb", "region": "hz", "backends": ["web-1"] },
    ///              { "id": "web-qd", "kind": "ecs", "module": "web", "zone": "qd-a" },
    ///              { "id": "slb-web-qd", "kind": "slb", "region": "qd", "backends": ["web-qd"] },
    ///              { "id": "dns", "kind": "dns", "failover": true } ],
    ///   "links": [ { "from": "internet", "to": "slb-web", "port": 80 } ] }
    /// ```
    ///
    /// ## Source
    /// In "Financial-cloud RDS features" (item 6), the guide says that to keep the business
    /// system available, not just the data, one must also deploy SLB and ECS in Qingdao — the
    /// same or a reduced configuration and number — and, after a disaster that takes out the
    /// Hangzhou region, switch to Qingdao through DNS.
    pub struct MissingDrCompute {
        code: "DR002",
        name: "missing-dr-compute",
        severity: Warning,
        summary: (
            "A public module has no instances behind an SLB in the DR region",
            "对外服务的模块在灾备地域没有挂在 SLB 后的实例"
        ),
        zh: "## 检查内容\n\
当设计声明 `dr: \"two-region\"` 或 `\"two-region-three-center\"` 时：凡是能经 SLB 从互联网访问到的业务模块（存在从 `internet` 指向某个 SLB 的连线，且该 SLB 的 `backends` 含有该模块的生产 ECS），都必须在 `dr` 地域中至少有一台同一 `module` 的 ECS，并且作为某个 SLB 的后端。\n\
\n\
## 原因\n\
只有数据库副本并不能在主地域失效后恢复服务：还需要有实例来响应用户。灾备地域需要自己的负载均衡和每个对外模块的实例，随时可以通过 DNS 把流量切换过去。\n\
\n\
## 依据\n\
据指南“金融云RDS产品特性”第 6 条，要让整个业务系统（而不只是数据）在地域级灾难后继续可用，除了青岛的 RDS 灾备实例，还得在青岛准备 SLB 和 ECS，规模和配置可以与杭州相同，也可以缩减；杭州出现地域级灾难时，用 DNS 把用户引到青岛。",
        check: check,
        fix: fix,
        fix_note: (
            "unsafe: adds, in the design's one DR region, two ECS like the module's (spread over its zones) behind a new SLB like the public one, and lets the module's security groups admit that SLB as they admit the public one",
            "不安全：在设计中唯一的灾备地域增加两台与该模块相同的 ECS（分布在其各可用区），挂到仿照对外 SLB 新建的 SLB 后，并让该模块的安全组像放行原 SLB 一样放行新 SLB"
        ),
        facts: facts,
    }
}

fn check(cx: &Ctx<'_>, out: &mut Sink) {
    if !applies(cx) {
        return;
    }
    let nodes = &cx.design.nodes;
    // Modules with an ECS behind an SLB in a dr region; and those whose region is unknown.
    let mut covered: OrdSet<&str> = OrdSet::new();
    let mut unknown: OrdSet<&str> = OrdSet::new();
    for nd in nodes.iter().filter(|n| n.is(NodeKind::Slb)) {
        for b in nd.backends.iter().flatten() {
            let Some(e) = cx.node_index(&b.id) else {
                continue;
            };
            let en = cx.node(e);
            if !en.is(NodeKind::Ecs) {
                continue;
            }
            match in_dr_region(cx, e) {
                Some(true) => {
                    covered.add(en.module_name());
                }
                None => {
                    unknown.add(en.module_name());
                }
                Some(false) => {}
            }
        }
    }
    let dr = dr_regions(cx);
    let mut reported: OrdSet<&str> = OrdSet::new();
    for (s, slb) in nodes.iter().enumerate() {
        if !slb.is(NodeKind::Slb) || !cx.flows_to(s).any(|f| f.from == Endpoint::Internet) {
            continue;
        }
        for b in slb.backends.iter().flatten() {
            let Some(e) = cx.node_index(&b.id) else {
                continue;
            };
            if !cx.production.get(e).copied().unwrap_or(false) {
                continue;
            }
            let en = cx.node(e);
            let m = en.module_name();
            if covered.contains(m) || unknown.contains(m) || !reported.add(m) {
                continue;
            }
            let (module, slb_id) = (show(m), show(&slb.id));
            let pointer = if en.module.is_some() {
                ptr_join(&en.ptr, "module")
            } else {
                en.ptr.clone()
            };
            let help = if dr.is_empty() {
                text!(
                    "add a region with \"role\": \"dr\" and deploy ECS with \"module\": \"{module}\" there (same or reduced size and number) behind an SLB, for DNS to switch to",
                    "增加一个 \"role\": \"dr\" 的地域，在其中部署 \"module\": \"{module}\" 的 ECS（配置和数量可相同或降低）并挂到 SLB 后，供 DNS 切换"
                )
            } else {
                text!(
                    "deploy ECS with \"module\": \"{module}\" in {dr} (same or reduced size and number) behind an SLB there, for DNS to switch to",
                    "在 {dr} 部署 \"module\": \"{module}\" 的 ECS（配置和数量可相同或降低）并挂到那里的 SLB 后，供 DNS 切换"
                )
            };
            out.report(
                Some(&en.id),
                pointer,
                text!(
                    "module `{module}` is reachable from the internet through SLB `{slb_id}`, but no ECS of `{module}` sits behind an SLB in a dr region",
                    "模块 `{module}` 经 SLB `{slb_id}` 对互联网提供服务，但灾备地域中没有挂在 SLB 后的 `{module}` ECS"
                ),
                help,
            );
        }
    }
}

fn fix(cx: &Ctx<'_>, f: &crate::rule::Finding) -> Option<crate::fix::Fix> {
    use crate::fix::{Edit, Fix, Json};
    use crate::model::{Action, Protocol, Source};
    use crate::rules::helpers::additions::{ecs_like, vswitch_in_zone, Placement};
    use crate::rules::helpers::fix_parts::fresh_id_besides;
    use crate::rules::helpers::quoted;
    use crate::rules::helpers::region_zones;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;
    let e = cx.node_index(f.target.as_deref()?)?;
    let dr = super::the_dr_region(cx)?;
    let nodes = &cx.design.nodes;
    let module = cx.node(e).module_name();
    // The public SLB the finding names: the first one with a production ECS of the module.
    let s = nodes.iter().enumerate().position(|(s, slb)| {
        slb.is(NodeKind::Slb)
            && cx.flows_to(s).any(|fl| fl.from == Endpoint::Internet)
            && slb.backends.iter().flatten().any(|b| {
                cx.node_index(&b.id).is_some_and(|b| {
                    cx.production.get(b).copied().unwrap_or(false)
                        && cx.node(b).module_name() == module
                })
            })
    })?;
    let slb = cx.node(s);
    // Where copies of the module's ECS go in the DR region, zone by zone: the zone itself in a
    // classic network, a vSwitch of the same tier (in a VPC of the region) in a VPC network.
    let mut places: Vec<Placement<'_>> = Vec::new();
    for z in region_zones(cx, dr) {
        match cx.node_vswitch[e] {
            Some((v, sw)) => {
                let tier = cx.design.vpcs[v].vswitches[sw].tier;
                let found = (0..cx.design.vpcs.len())
                    .filter(|&w| cx.vpc_region[w] == Some(dr))
                    .find_map(|w| vswitch_in_zone(cx, w, dr, z, tier));
                if let Some(x) = found {
                    places.push(Placement::VSwitch {
                        vswitch: &x.id,
                        zone: None,
                    });
                }
            }
            None => places.push(Placement::Zone(&cx.design.regions[dr].zones[z].id)),
        }
    }
    if places.is_empty() {
        return None;
    }
    // Two copies: the guide allows fewer instances than in production, and one would be a
    // single point of failure behind its SLB (HA003).
    let to = &cx.design.regions[dr].id;
    let mut ids: Vec<String> = Vec::new();
    let mut edits = Vec::new();
    for k in 0..2 {
        let taken: Vec<&str> = ids.iter().map(String::as_str).collect();
        let id = fresh_id_besides(cx, &format!("{module}-{to}-{}", k + 1), &taken);
        edits.push(Edit::Push {
            array: "/nodes".into(),
            value: ecs_like(cx, e, &id, &places[k % places.len()]),
        });
        ids.push(id);
    }
    let taken: Vec<&str> = ids.iter().map(String::as_str).collect();
    let slb_id = fresh_id_besides(cx, &format!("{}-{to}", slb.id), &taken);
    let mut m: Vec<(String, Json)> = Vec::new();
    let mut put = |k: &str, v: Json| m.push((k.into(), v));
    put("id", Json::str(&slb_id));
    put("kind", Json::str("slb"));
    put("region", Json::str(to));
    if slb.scope == crate::model::Scope::Private {
        put("scope", Json::str("private"));
    }
    if slb.slb_type != crate::model::SlbType::Clb {
        put("type", Json::str(slb.slb_type.name()));
    }
    if let Some(b) = slb
        .bandwidth_mbps
        .and_then(crate::rules::helpers::fix_parts::whole)
    {
        put("bandwidth_mbps", Json::Int(b));
    }
    if !slb.listeners.is_empty() {
        put(
            "listeners",
            Json::Arr(slb.listeners.iter().map(listener).collect()),
        );
    }
    put(
        "backends",
        Json::Arr(ids.iter().map(|id| Json::str(id)).collect()),
    );
    edits.push(Edit::Push {
        array: "/nodes".into(),
        value: Json::Obj(m),
    });
    // The groups of the ECS admit its SLB by id: they admit the new SLB the same way.
    for &g in &cx.node_groups[e] {
        let group = &cx.design.security_groups[g];
        for r in &group.rules {
            let admits_slb = matches!(&r.from, Some(Source::Node(id)) if *id == slb.id);
            if r.action != Action::Accept || !admits_slb {
                continue;
            }
            let mut rule: Vec<(String, Json)> = Vec::new();
            let proto = match r.protocol {
                Protocol::Tcp => "tcp",
                Protocol::Udp => "udp",
                Protocol::Icmp => "icmp",
                Protocol::All => "all",
            };
            rule.push(("protocol".into(), Json::str(proto)));
            let p = r.ports?;
            let ports = if p.is_all() {
                String::from("all")
            } else if p.lo == p.hi {
                format!("{}", p.lo)
            } else {
                format!("{}-{}", p.lo, p.hi)
            };
            rule.push(("ports".into(), Json::Str(ports)));
            rule.push(("from".into(), Json::str(&slb_id)));
            edits.push(Edit::Push {
                array: ptr_join(&group.ptr, "rules"),
                value: Json::Obj(rule),
            });
        }
    }
    let shown: Vec<String> = ids.iter().map(|i| show(i).into_owned()).collect();
    let (en, zh) = (quoted(&shown, ", "), quoted(&shown, "、"));
    let (new_slb, to, module, old) = (show(&slb_id), show(to), show(module), show(&slb.id));
    Some(Fix::unsafe_(
        text!(
            "add ECS {en} of module `{module}` in DR region `{to}`, behind a new SLB `{new_slb}` like `{old}`",
            "在灾备地域 `{to}` 增加模块 `{module}` 的 ECS {zh}，挂到仿照 `{old}` 新建的 SLB `{new_slb}` 后"
        ),
        edits,
    ))
}

/// The JSON of a copy of a listener.
fn listener(l: &crate::model::Listener) -> crate::fix::Json {
    use crate::fix::Json;
    use alloc::string::String;
    use alloc::vec::Vec;
    let mut m: Vec<(String, Json)> = Vec::new();
    let mut put = |k: &str, v: Json| m.push((k.into(), v));
    if let Some(p) = &l.protocol {
        put("protocol", Json::str(p));
    }
    if let Some(p) = l.port {
        put("port", Json::Int(i64::from(p)));
    }
    if let Some(p) = l.backend_port {
        put("backend_port", Json::Int(i64::from(p)));
    }
    if l.sticky {
        put("sticky", Json::Bool(true));
    }
    if let Some(c) = l.certificate {
        put("certificate", Json::Bool(c));
    }
    if let Some(h) = &l.health_check {
        let mut hm: Vec<(String, Json)> = Vec::new();
        if let Some(p) = &h.protocol {
            hm.push(("protocol".into(), Json::str(p)));
        }
        if let Some(p) = &h.path {
            hm.push(("path".into(), Json::str(p)));
        }
        if let Some(p) = h.port {
            hm.push(("port".into(), Json::Int(i64::from(p))));
        }
        if !h.enabled {
            hm.push(("enabled".into(), Json::Bool(false)));
        }
        put("health_check", Json::Obj(hm));
    }
    Json::Obj(m)
}

/// What the rule needs of the design (the coverage report).
#[cfg(feature = "coverage")]
fn facts(cx: &crate::index::Ctx<'_>, f: &mut crate::coverage::Facts) {
    use crate::coverage::GapBuilder;
    use crate::rules::helpers::facts as h;
    if !h::claims_dr(cx, f) {
        return;
    }

    use crate::index::Endpoint;
    use crate::model::NodeKind;
    let public = |s: usize| cx.flows_to(s).any(|fl| fl.from == Endpoint::Internet);
    if !h::nodes(cx, NodeKind::Slb).any(|(s, _)| public(s)) {
        return f.not_applicable(
            "no SLB is reached from the internet",
            "没有从互联网访问的 SLB",
        );
    }
    // Where each backend is decides which modules have a DR copy.
    let mut g = GapBuilder::new(&h::NO_REGION);
    for (_, s) in h::nodes(cx, NodeKind::Slb) {
        for j in crate::rules::lb::ecs_backends(cx, s) {
            h::regionless(cx, j, &mut g);
        }
    }
    f.push(g);
}
