//! What drawing on the canvas means in the design format (`design-format.md`): a line drawn
//! from one node to another, and a node dropped into a container or between its siblings.
//! Plain functions over the design's JSON value; the reducer (`state.rs`) makes each one undo
//! step, the canvas draws the previews with [`placement`].
//!
//! A line means what the format says such a relation is:
//! - SLB → ECS: the ECS becomes a backend (`backends`; the format says an SLB's backends imply
//!   the links, so no link is added); API gateway → ECS or SLB: the same with its `backends`;
//! - ECS → RDS: a link, and the reducer first asks whether to add the ECS to the RDS's
//!   `whitelist` (a whitelist does not imply links, nor a link a whitelist entry);
//! - IPSec VPN or leased line ↔ data centre (either way): the VPN's or line's `connects`;
//! - SSL VPN → ECS: a link on the ECS's management port (22, or 3389 for Windows): the
//!   operators' VPN clients log in to it;
//! - EIP → ECS, SLB or NAT: `attached_to`;
//! - from the internet: a link whose `from` is `internet`; to the internet: an ECS that must
//!   reach the internet itself (`needs_internet`); nothing else can be a link's end there;
//! - anything else: a link, traffic from the first node to the second.

use serde_json::Value;

use crate::doc::{self, Kind};
use crate::state::Sel;

/// What a drawn line did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawn {
    /// The design was edited; select this.
    Edited(Sel),
    /// Nothing changed: the relation is already there (select it).
    Exists(Sel),
    /// An ECS to an RDS whose whitelist lacks it: ask whether to add it.
    AskWhitelist,
    /// Nothing drawn, and why.
    Refused(Notice),
}

/// Why a gesture did nothing (the canvas says it in the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// A line to the internet from something other than an ECS.
    InternetOnlyFromEcs,
    /// The ends are not both nodes (or the internet).
    NotANode,
    /// The node cannot be placed in that container (e.g. no vSwitch in that zone).
    CannotPlace,
}

fn kind_of<'a>(v: &'a Value, id: &str) -> Option<(&'a str, String)> {
    match doc::locate(v, id)? {
        (Kind::Node, p) => Some((doc::str_of(v.pointer(&p)?, "kind"), p)),
        _ => None,
    }
}

/// Adds `item` to the string array `key` of the object at `ptr`, unless it is there; returns
/// whether it was added.
fn add_to(v: &mut Value, ptr: &str, key: &str, item: &str) -> bool {
    let has = v
        .pointer(ptr)
        .map(|o| doc::arr(o, key).iter().any(|x| x.as_str() == Some(item)))
        .unwrap_or(true);
    !has && doc::push(v, ptr, key, item.into())
}

/// The index of the first link from `from` to `to`.
pub fn link_index(v: &Value, from: &str, to: &str) -> Option<usize> {
    doc::arr(v, "links")
        .iter()
        .position(|l| doc::str_of(l, "from") == from && doc::str_of(l, "to") == to)
}

/// Adds a link (with a port, if given) unless one from `from` to `to` exists.
pub fn add_link(v: &mut Value, from: &str, to: &str, port: Option<u16>) -> Drawn {
    if let Some(i) = link_index(v, from, to) {
        return Drawn::Exists(Sel::Link(i));
    }
    let mut fields: Vec<(&str, Value)> = vec![("from", from.into()), ("to", to.into())];
    if let Some(p) = port {
        fields.push(("port", p.into()));
    }
    doc::push(v, "", "links", doc::obj(&fields));
    Drawn::Edited(Sel::Link(doc::arr(v, "links").len() - 1))
}

/// The meaning of a line drawn from `from` to `to`, applied to `v` (which is left as it was
/// unless the result is [`Drawn::Edited`]).
pub fn draw(v: &mut Value, from: &str, to: &str) -> Drawn {
    const NET: &str = "internet";
    if from == to {
        return Drawn::Refused(Notice::NotANode);
    }
    if to == NET {
        return match kind_of(v, from) {
            Some(("ecs", p)) => {
                let ptr = format!("{p}/needs_internet");
                if v.pointer(&ptr) == Some(&Value::Bool(true)) {
                    Drawn::Exists(Sel::Id(from.into()))
                } else {
                    doc::set(v, &ptr, Some(true.into()));
                    Drawn::Edited(Sel::Id(from.into()))
                }
            }
            Some(_) => Drawn::Refused(Notice::InternetOnlyFromEcs),
            None => Drawn::Refused(Notice::NotANode),
        };
    }
    let Some((tk, tp)) = kind_of(v, to) else {
        return Drawn::Refused(Notice::NotANode);
    };
    let tk = tk.to_string();
    if from == NET {
        return add_link(v, from, to, None);
    }
    let Some((fk, fp)) = kind_of(v, from) else {
        return Drawn::Refused(Notice::NotANode);
    };
    let fk = fk.to_string();
    let vpn_type = |p: &str| {
        v.pointer(p)
            .map(|n| doc::str_of(n, "type").to_string())
            .unwrap_or_default()
    };
    // A relation field of one end naming the other.
    let relate = |v: &mut Value, ptr: &str, key: &str, target: &str, owner: &str| {
        let at = format!("{ptr}/{key}");
        if v.pointer(&at).and_then(Value::as_str) == Some(target) {
            Drawn::Exists(Sel::Id(owner.into()))
        } else {
            doc::set(v, &at, Some(target.into()));
            Drawn::Edited(Sel::Id(owner.into()))
        }
    };
    match (fk.as_str(), tk.as_str()) {
        ("slb", "ecs") | ("apigw", "ecs" | "slb") => {
            if add_to(v, &fp, "backends", to) {
                Drawn::Edited(Sel::Id(from.into()))
            } else {
                Drawn::Exists(Sel::Id(from.into()))
            }
        }
        ("ecs", "rds") => {
            let listed = v.pointer(&tp).is_some_and(|r| {
                doc::arr(r, "whitelist")
                    .iter()
                    .any(|x| x.as_str() == Some(from))
            });
            if listed {
                add_link(v, from, to, None)
            } else {
                Drawn::AskWhitelist
            }
        }
        ("vpn", "idc") if vpn_type(&fp) == "ipsec" => relate(v, &fp, "connects", to, from),
        ("leased_line", "idc") => relate(v, &fp, "connects", to, from),
        ("idc", "vpn") if vpn_type(&tp) == "ipsec" => relate(v, &tp, "connects", from, to),
        ("idc", "leased_line") => relate(v, &tp, "connects", from, to),
        ("eip", "ecs" | "slb" | "nat") => relate(v, &fp, "attached_to", to, from),
        ("vpn", "ecs") if vpn_type(&fp) == "ssl" => {
            let windows = v
                .pointer(&tp)
                .is_some_and(|n| doc::str_of(n, "os") == "windows");
            add_link(v, from, to, Some(if windows { 3389 } else { 22 }))
        }
        _ => add_link(v, from, to, None),
    }
}

/// ECS → RDS after the question: a link, and the ECS in the RDS's whitelist when `whitelist`.
pub fn link_database(v: &mut Value, ecs: &str, rds: &str, whitelist: bool) -> Drawn {
    let added = whitelist
        && match kind_of(v, rds) {
            Some(("rds", p)) => add_to(v, &p, "whitelist", ecs),
            _ => false,
        };
    match add_link(v, ecs, rds, None) {
        Drawn::Exists(s) if added => Drawn::Edited(s),
        d => d,
    }
}

/// The region a zone lies in, and the zone of a vSwitch with its VPC's region.
fn zone_region(v: &Value, zone: &str) -> Option<String> {
    doc::arr(v, "regions")
        .iter()
        .find(|r| {
            doc::arr(r, "zones")
                .iter()
                .any(|z| doc::str_of(z, "id") == zone)
        })
        .map(|r| doc::str_of(r, "id").to_string())
}

/// Every vSwitch of the VPCs of `region` as (id, zone, tier), in design order.
fn region_vswitches<'a>(v: &'a Value, region: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    doc::arr(v, "vpcs")
        .iter()
        .filter(|p| doc::str_of(p, "region") == region)
        .flat_map(|p| doc::arr(p, "vswitches"))
        .map(|s| {
            (
                doc::str_of(s, "id"),
                doc::str_of(s, "zone"),
                doc::str_of(s, "tier"),
            )
        })
        .collect()
}

/// Where the node `id` goes when dropped into the container `into` (a zone, vSwitch or region
/// id): the placement field to set and its value; `Ok(None)` when it stays where it is (it is
/// there already, or it is not placed by containers: a data centre, DNS, an EIP); `Err` when
/// it cannot go there (an ECS into a zone of a VPC region that has no vSwitch in that zone).
///
/// An ECS dropped on a zone of a VPC region goes into that zone's vSwitch of its current tier,
/// else the zone's first vSwitch; on a vSwitch, into it; on another region, into the first
/// zone there that can take it. A region-wide service (SLB, RDS, OSS, VPN, leased line, NAT,
/// API gateway) takes the region of wherever it is dropped; a NAT dropped on a vSwitch goes
/// into it.
pub fn placement(
    v: &Value,
    id: &str,
    into: &str,
) -> Result<Option<(&'static str, String)>, Notice> {
    let Some((kind, p)) = kind_of(v, id) else {
        return Err(Notice::NotANode);
    };
    let Some(node) = v.pointer(&p) else {
        return Err(Notice::NotANode);
    };
    let cur_vsw = doc::str_of(node, "vswitch");
    let cur_zone = doc::str_of(node, "zone");
    let cur_region = crate::state::region_of(v, id);
    let Some((what, _)) = doc::locate(v, into) else {
        return Ok(None);
    };
    let target_region = crate::state::region_of(v, into);
    // An instance placed in a zone or vSwitch (an ECS; a NAT in a vSwitch).
    let zoned = kind == "ecs" || (kind == "nat" && !cur_vsw.is_empty());
    if zoned {
        // The tier it is in now, kept when the target zone has a vSwitch of that tier.
        let tier = region_vswitches(v, &cur_region)
            .iter()
            .find(|s| s.0 == cur_vsw)
            .map(|s| s.2)
            .unwrap_or("");
        let in_zone = |zone: &str| -> Result<Option<(&'static str, String)>, Notice> {
            let Some(region) = zone_region(v, zone) else {
                return Ok(None);
            };
            let sws = region_vswitches(v, &region);
            let vpc = doc::arr(v, "regions")
                .iter()
                .find(|r| doc::str_of(r, "id") == region)
                .is_some_and(|r| doc::str_of(r, "network") == "vpc")
                || !sws.is_empty();
            if vpc {
                // Already in a vSwitch of that zone: it stays.
                if sws.iter().any(|s| s.0 == cur_vsw && s.1 == zone) {
                    return Ok(None);
                }
                let here: Vec<_> = sws.iter().filter(|s| s.1 == zone).collect();
                let pick = here
                    .iter()
                    .find(|s| s.2 == tier)
                    .or(here.first())
                    .ok_or(Notice::CannotPlace)?;
                Ok(Some(("vswitch", pick.0.to_string())))
            } else if kind == "ecs" && (cur_zone != zone || !cur_vsw.is_empty()) {
                Ok(Some(("zone", zone.to_string())))
            } else {
                Ok(None)
            }
        };
        return match what {
            Kind::Vswitch => Ok((cur_vsw != into).then(|| ("vswitch", into.to_string()))),
            Kind::Zone => in_zone(into),
            Kind::Region if target_region != cur_region => {
                if kind == "nat" {
                    return Ok(Some(("region", into.to_string())));
                }
                let first = doc::arr(v, "regions")
                    .iter()
                    .filter(|r| doc::str_of(r, "id") == into)
                    .flat_map(|r| doc::arr(r, "zones"))
                    .find_map(|z| in_zone(doc::str_of(z, "id")).ok().flatten());
                first.map(Some).ok_or(Notice::CannotPlace)
            }
            _ => Ok(None),
        };
    }
    let regional = matches!(
        kind,
        "slb" | "rds" | "oss" | "vpn" | "leased_line" | "nat" | "apigw"
    );
    if regional {
        if kind == "nat" && what == Kind::Vswitch {
            return Ok(Some(("vswitch", into.to_string())));
        }
        if matches!(what, Kind::Vswitch | Kind::Zone | Kind::Region)
            && !target_region.is_empty()
            && target_region != cur_region
        {
            return Ok(Some(("region", target_region)));
        }
    }
    Ok(None)
}

/// Drops the node `id` into `into` (placement, see [`placement`]) and, when `next_to` names a
/// sibling, moves it just before (or after, when `.1`) that sibling in `nodes`. Returns whether
/// anything changed, or why it cannot go there.
pub fn move_node(
    v: &mut Value,
    id: &str,
    into: Option<&str>,
    next_to: Option<(&str, bool)>,
) -> Result<bool, Notice> {
    let mut changed = false;
    if let Some(into) = into {
        if let Some((field, value)) = placement(v, id, into)? {
            let Some((_, p)) = kind_of(v, id) else {
                return Err(Notice::NotANode);
            };
            // The other ways of saying where it is go: a vSwitch gives the zone and region.
            let drop: &[&str] = match field {
                "vswitch" => &["zone", "region"],
                "zone" => &["vswitch"],
                _ => &["vswitch", "zone"],
            };
            for k in drop {
                doc::set(v, &format!("{p}/{k}"), None);
            }
            doc::set(v, &format!("{p}/{field}"), Some(value.into()));
            changed = true;
        }
    }
    if let Some((sib, after)) = next_to.filter(|(s, _)| *s != id) {
        let Some(Value::Array(nodes)) = v.get_mut("nodes") else {
            return Ok(changed);
        };
        let at = |nodes: &[Value], x: &str| nodes.iter().position(|n| doc::str_of(n, "id") == x);
        if let (Some(i), Some(_)) = (at(nodes, id), at(nodes, sib)) {
            let n = nodes.remove(i);
            let j = at(nodes, sib).unwrap_or(nodes.len()) + usize::from(after);
            if j != i {
                changed = true;
            }
            nodes.insert(j, n);
        }
    }
    Ok(changed)
}
