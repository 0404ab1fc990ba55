//! What fixes that add an ECS or a security-group rule share. Only fix functions call these,
//! so the docs widget (built without the `fixes` feature, which references no fix function)
//! links none of it.
//!
//! - [`next_id`] and [`sibling_id`]: the id of something a fix adds, derived from an existing
//!   sibling's and new to the design;
//! - [`place_like`]: where an ECS like another one goes in another zone of its region;
//! - [`ecs_like`]: the JSON of a new ECS modelled on an existing one;
//! - [`sg_rule`]: the JSON of a security-group accept rule;
//! - [`carries_a_flow`]: whether a fix may take a security-group rule away.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::fix::Json;
use crate::index::{Ctx, Entity};
use crate::model::{is_integral, Action, EcsRole, Network, Os, Protocol, SgRule, Tier, VSwitch};
use crate::net::{flow_protocol, node_accepts, rule_matches, From, Verdict};
use crate::rules::helpers::{region_name, zone_name};

/// Whether `id` is already used: by the design, by `taken` (ids the same fix adds), or as the
/// reserved `internet`.
pub(crate) fn id_taken(cx: &Ctx<'_>, id: &str, taken: &[String]) -> bool {
    id == "internet" || cx.ids.contains_key(id) || taken.iter().any(|t| t == id)
}

/// A new id like `like`: its trailing number counted up, keeping its width (`web-1` →
/// `web-2`, `app09` → `app10`), or else `-2`, `-3`, … appended (`web` → `web-2`); the first
/// such id that neither the design nor `taken` uses.
pub(crate) fn next_id(cx: &Ctx<'_>, like: &str, taken: &[String]) -> String {
    let stem = like.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &like[stem.len()..];
    let (stem, mut k, width) = match digits.parse::<u64>() {
        Ok(n) if digits.len() <= 18 => (stem.to_string(), n + 1, digits.len()),
        _ => (format!("{like}-"), 2, 0),
    };
    loop {
        let id = format!("{stem}{k:0width$}");
        if !id_taken(cx, &id, taken) {
            return id;
        }
        k += 1;
    }
}

/// How ids tell zone `zi` of region `r` apart: the zone's id without its region's id and a
/// `-` (`cn-hangzhou-fin-b` in `cn-hangzhou-fin` → `b`), else what follows its last `-`.
pub(crate) fn zone_mark<'a>(cx: &Ctx<'a>, r: usize, zi: usize) -> &'a str {
    let z = zone_name(cx, r, zi);
    z.strip_prefix(region_name(cx, r))
        .and_then(|s| s.strip_prefix('-'))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| z.rsplit('-').next().unwrap_or(z))
}

/// The id of a copy of `like`, which sits in the zone marked `from` (see [`zone_mark`]), for
/// the zone marked `to`: the mark swapped when `like` ends with it, before an optional number
/// (`report-b1` → `report-c1`, `bastion-b` → `bastion-c`); else, or when that id is used,
/// [`next_id`].
pub(crate) fn sibling_id(
    cx: &Ctx<'_>,
    like: &str,
    from: &str,
    to: &str,
    taken: &[String],
) -> String {
    let swapped = (!from.is_empty() && from != to)
        .then(|| {
            let stem = like.trim_end_matches(|c: char| c.is_ascii_digit());
            let tail = &like[stem.len()..];
            let cut = |s: &str| {
                s.strip_suffix(from)
                    .filter(|b| b.ends_with('-'))
                    .map(String::from)
            };
            cut(like).map(|b| format!("{b}{to}")).or_else(|| {
                (!tail.is_empty())
                    .then(|| cut(stem))
                    .flatten()
                    .map(|b| format!("{b}{to}{tail}"))
            })
        })
        .flatten();
    match swapped {
        Some(id) if !id_taken(cx, &id, taken) => id,
        Some(id) => next_id(cx, &id, taken),
        None => next_id(cx, like, taken),
    }
}

/// The format's name of an ECS role.
pub(crate) fn role_name(r: EcsRole) -> &'static str {
    match r {
        EcsRole::App => "app",
        EcsRole::Bastion => "bastion",
        EcsRole::Database => "database",
        EcsRole::Test => "test",
    }
}

/// The format's name of an operating system.
pub(crate) fn os_name(o: Os) -> &'static str {
    match o {
        Os::Linux => "linux",
        Os::Windows => "windows",
    }
}

/// The first vSwitch of VPC `v` (in the VPC's order) that is in zone `zi` of region `r` and has
/// tier `tier`.
pub(crate) fn vswitch_in_zone<'a>(
    cx: &Ctx<'a>,
    v: usize,
    r: usize,
    zi: usize,
    tier: Option<Tier>,
) -> Option<&'a VSwitch> {
    let vpc = cx.design.vpcs.get(v)?;
    vpc.vswitches.iter().enumerate().find_map(|(si, s)| {
        let own = cx.ids.get(s.id.as_str()) == Some(&Entity::VSwitch(v, si));
        let zone = s.zone.as_ref().and_then(|z| cx.ids.get(z.id.as_str()));
        (own && zone == Some(&Entity::Zone(r, zi)) && s.tier == tier).then_some(s)
    })
}

/// Where a new or moved ECS goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement<'a> {
    /// `"zone"`: an ECS of a classic network.
    Zone(&'a str),
    /// `"vswitch"` (and `"zone"` too, when the model writes both).
    VSwitch {
        vswitch: &'a str,
        zone: Option<&'a str>,
    },
}

impl Placement<'_> {
    /// The placement fields of a node, in the format's order.
    pub(crate) fn fields(&self) -> Vec<(String, Json)> {
        let mut out = Vec::new();
        match *self {
            Placement::Zone(z) => out.push((String::from("zone"), Json::str(z))),
            Placement::VSwitch { vswitch, zone } => {
                if let Some(z) = zone {
                    out.push((String::from("zone"), Json::str(z)));
                }
                out.push((String::from("vswitch"), Json::str(vswitch)));
            }
        }
        out
    }
}

/// Where an ECS like `model` goes in zone `zi` of its region `r`: that zone when `model` is
/// placed by its zone; a vSwitch of the same VPC, in that zone and of the same tier, when it is
/// placed in a vSwitch (`None` when there is none, when `model`'s placement is unknown, or
/// when it does not fit the region's network: DF004's business).
pub(crate) fn place_like<'a>(
    cx: &Ctx<'a>,
    model: usize,
    r: usize,
    zi: usize,
) -> Option<Placement<'a>> {
    let n = cx.node(model);
    let network = cx.region_network(r);
    match cx.node_vswitch[model] {
        Some(_) if network == Some(Network::Classic) => None,
        None if network == Some(Network::Vpc) => None,
        Some((v, s)) => {
            let tier = cx.design.vpcs[v].vswitches[s].tier;
            let sw = vswitch_in_zone(cx, v, r, zi, tier)?;
            Some(Placement::VSwitch {
                vswitch: &sw.id,
                zone: n.zone.is_some().then(|| zone_name(cx, r, zi)),
            })
        }
        None if n.zone.is_some() && cx.node_zone[model].is_some_and(|(mr, _)| mr == r) => {
            Some(Placement::Zone(zone_name(cx, r, zi)))
        }
        None => None,
    }
}

fn number(v: f64) -> Option<Json> {
    (is_integral(v) && v.abs() < 1e15).then_some(Json::Int(v as i64))
}

/// The JSON of a new ECS `id` modelled on ECS `model`: its role, module, size, operating
/// system, security groups (those that exist) and the settings of its software (`autostart`,
/// `reconnect`, `listens`, `paths`, `stateful`), placed by `place`. Its label, disks, public
/// bandwidth and EIPs are not copied: they belong to the one instance. A module is written
/// for `app` and `database` instances (an instance without `module` is a module of its own,
/// so its copy names it).
pub(crate) fn ecs_like(cx: &Ctx<'_>, model: usize, id: &str, place: &Placement<'_>) -> Json {
    let n = cx.node(model);
    let mut m: Vec<(String, Json)> = Vec::new();
    let mut put = |k: &str, v: Json| m.push((String::from(k), v));
    put("id", Json::str(id));
    put("kind", Json::str("ecs"));
    for (k, v) in place.fields() {
        put(&k, v);
    }
    put("role", Json::str(role_name(n.role)));
    match (n.role, &n.module) {
        (EcsRole::App | EcsRole::Database, _) => put("module", Json::str(n.module_name())),
        (_, Some(module)) => put("module", Json::str(module)),
        _ => {}
    }
    if let Some(c) = n.cpu.and_then(number) {
        put("cpu", c);
    }
    if let Some(c) = n.memory_gb.and_then(number) {
        put("memory_gb", c);
    }
    put("os", Json::str(os_name(n.os)));
    let groups: Vec<Json> = cx.node_groups[model]
        .iter()
        .map(|&g| Json::str(&cx.design.security_groups[g].id))
        .collect();
    if !groups.is_empty() {
        put("security_groups", Json::Arr(groups));
    }
    if let Some(b) = n.autostart {
        put("autostart", Json::Bool(b));
    }
    if let Some(b) = n.reconnect {
        put("reconnect", Json::Bool(b));
    }
    if let Some(ports) = &n.listens {
        put(
            "listens",
            Json::Arr(ports.iter().map(|&p| Json::Int(i64::from(p))).collect()),
        );
    }
    if let Some(paths) = &n.paths {
        put(
            "paths",
            Json::Arr(paths.iter().map(|p| Json::str(p)).collect()),
        );
    }
    if let Some(b) = n.stateful {
        put("stateful", Json::Bool(b));
    }
    Json::Obj(m)
}

/// The JSON of a security-group accept rule for one port from `from` (a node id, `sg:<id>` or
/// a CIDR). The protocol is written only when it is not the default, tcp.
pub(crate) fn sg_rule(proto: Protocol, port: u16, from: &str) -> Json {
    let mut m: Vec<(String, Json)> = Vec::new();
    match proto {
        Protocol::Tcp => {}
        Protocol::Udp => m.push((String::from("protocol"), Json::str("udp"))),
        Protocol::Icmp => m.push((String::from("protocol"), Json::str("icmp"))),
        Protocol::All => m.push((String::from("protocol"), Json::str("all"))),
    }
    m.push((String::from("ports"), Json::Str(format!("{port}"))));
    m.push((String::from("from"), Json::str(from)));
    Json::Obj(m)
}

/// Whether `rule`, an accept rule of group `gi`, is what lets some flow of the design in: a
/// flow with a stated port into a member of `gi`, admitted now, that no other accept rule of
/// the member's groups may admit. A fix that takes the rule away, or narrows its source, would
/// block that flow. Flows from sources that `keep` accepts (those the narrowed rule still
/// admits) do not count.
pub(crate) fn carries_a_flow(
    cx: &Ctx<'_>,
    gi: usize,
    rule: &SgRule,
    keep: impl Fn(From) -> bool,
) -> bool {
    let Some(members) = cx.group_members.get(gi) else {
        return false;
    };
    members.iter().any(|&m| {
        cx.incoming[m].iter().any(|&fi| {
            let f = &cx.flows[fi];
            let (Some(port), src) = (f.port, From::of(f.from)) else {
                return false;
            };
            let proto = flow_protocol(f.protocol);
            if keep(src)
                || !rule_matches(cx, rule, proto, port, src).possible()
                || node_accepts(cx, m, proto, port, src) == Verdict::No
            {
                return false;
            }
            !cx.node_groups[m]
                .iter()
                .flat_map(|&g| &cx.design.security_groups[g].rules)
                .any(|r| {
                    r.action == Action::Accept
                        && r.ptr != rule.ptr
                        && rule_matches(cx, r, proto, port, src).possible()
                })
        })
    })
}
