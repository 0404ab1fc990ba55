//! Building blocks: what the palette, the forms and the keyboard add or take away in one go.
//!
//! - a bastion (an ECS with role `bastion`, in the management tier when there is one);
//! - the stamps of the source document's patterns ([`Stamp`]): a two-zone web tier behind an
//!   SLB, a bastion pair with its SSL VPN and groups, a disaster-recovery copy of a region;
//! - a new ECS joining the module of the selected or neighbouring instance ([`join_module`]);
//! - "duplicate into the other zone" ([`duplicate_to_zone`]);
//! - copy, paste and duplicate of a selection ([`copy`], [`paste`]);
//! - deleting things, containers with their content or keeping it ([`delete`]).
//!
//! Each works on the design's JSON value; the reducer makes each one undo step. New ids are
//! fresh (never an id the design uses, nor `internet`).

use std::collections::HashSet;

use archlint_core::cidr::{format_ipv4, Cidr};
use archlint_core::Lang;
use serde_json::{json, Map, Value};

use crate::doc::{self, arr, field, str_of, Kind};

/// The patterns a stamp adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    /// Two ECS of one module in two zones behind a public SLB with a listener, and a security
    /// group admitting the SLB.
    Web,
    /// A bastion per zone, an SSL VPN, `sg-bastion` admitting the VPN on the management port,
    /// and a rule on the servers' groups admitting `sg-bastion`.
    Bastions,
    /// A second region with role `dr` mirroring the zones, VPCs and the modules' ECS, SLBs,
    /// NAT gateways, EIPs, RDS (as DR replicas) and buckets (replicated to) of a region.
    Dr,
}

/// The ids taken, and new ones.
struct Names(HashSet<String>);

impl Names {
    fn of(v: &Value) -> Names {
        let mut s = HashSet::new();
        doc::each_id(v, |id| {
            s.insert(id.to_string());
        });
        s.insert("internet".to_string());
        Names(s)
    }

    fn take(&mut self, id: String) -> String {
        self.0.insert(id.clone());
        id
    }

    /// `want`, else `want-2`, `want-3`, …
    fn exact(&mut self, want: &str) -> String {
        if !self.0.contains(want) {
            return self.take(want.to_string());
        }
        let id = (2..)
            .map(|k| format!("{want}-{k}"))
            .find(|id| !self.0.contains(id))
            .unwrap_or_default();
        self.take(id)
    }

    /// `prefix-N` with the smallest free N ≥ 1.
    fn numbered(&mut self, prefix: &str) -> String {
        let id = (1..)
            .map(|k| format!("{prefix}-{k}"))
            .find(|id| !self.0.contains(id))
            .unwrap_or_default();
        self.take(id)
    }

    /// An id like `like`: its trailing number counted up, keeping its width (`web-1` →
    /// `web-2`, `app09` → `app10`), else `like-2`, `like-3`, …
    fn like(&mut self, like: &str) -> String {
        let stem = like.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = &like[stem.len()..];
        match digits.parse::<u64>() {
            Ok(n) if digits.len() <= 18 => {
                let w = digits.len();
                let id = (n + 1..)
                    .map(|k| format!("{stem}{k:0w$}"))
                    .find(|id| !self.0.contains(id))
                    .unwrap_or_default();
                self.take(id)
            }
            _ => self.exact(like),
        }
    }

    /// The id of a copy of `like` made for zone `to` from zone `from`: the zone's mark swapped
    /// where `like` ends with it, before an optional number (`web-a1` → `web-b1`, or
    /// `web-b2` when that is taken); else [`Names::like`].
    fn sibling(&mut self, like: &str, from: &str, to: &str) -> String {
        let stem = like.trim_end_matches(|c: char| c.is_ascii_digit());
        let tail = &like[stem.len()..];
        if !from.is_empty() && from != to {
            if let Some(base) = stem.strip_suffix(from).filter(|b| b.ends_with('-')) {
                let id = format!("{base}{to}{tail}");
                if !self.0.contains(&id) {
                    return self.take(id);
                }
                if !tail.is_empty() {
                    return self.like(&id);
                }
            }
        }
        self.like(like)
    }
}

fn is_ecs(n: &Value) -> bool {
    str_of(n, "kind") == "ecs"
}

/// An ECS that runs the business (role `app`, the default, or `database`).
fn is_production(n: &Value) -> bool {
    is_ecs(n) && matches!(str_of(n, "role"), "" | "app" | "database")
}

fn node<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
    arr(v, "nodes").iter().find(|n| str_of(n, "id") == id)
}

fn node_mut<'a>(v: &'a mut Value, id: &str) -> Option<&'a mut Map<String, Value>> {
    v.get_mut("nodes")?
        .as_array_mut()?
        .iter_mut()
        .find(|n| str_of(n, "id") == id)?
        .as_object_mut()
}

fn region<'a>(v: &'a Value, rid: &str) -> Option<&'a Value> {
    arr(v, "regions").iter().find(|r| str_of(r, "id") == rid)
}

fn region_zones(v: &Value, rid: &str) -> Vec<String> {
    region(v, rid)
        .map(|r| {
            arr(r, "zones")
                .iter()
                .map(|z| str_of(z, "id").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Every vSwitch: (VPC index, the vSwitch).
fn vswitches(v: &Value) -> impl Iterator<Item = (usize, &Value)> {
    arr(v, "vpcs")
        .iter()
        .enumerate()
        .flat_map(|(i, p)| arr(p, "vswitches").iter().map(move |s| (i, s)))
}

fn vswitch<'a>(v: &'a Value, id: &str) -> Option<(usize, &'a Value)> {
    vswitches(v).find(|(_, s)| str_of(s, "id") == id)
}

/// The zone an ECS (or a NAT) is in: its `zone`, or its vSwitch's.
fn zone_of(v: &Value, n: &Value) -> String {
    match field(n, "zone").and_then(Value::as_str) {
        Some(z) => z.to_string(),
        None => vswitch(v, str_of(n, "vswitch"))
            .map(|(_, s)| str_of(s, "zone").to_string())
            .unwrap_or_default(),
    }
}

/// The tier of an ECS's vSwitch.
fn tier_of(v: &Value, n: &Value) -> Option<String> {
    vswitch(v, str_of(n, "vswitch"))
        .and_then(|(_, s)| field(s, "tier"))
        .and_then(Value::as_str)
        .map(String::from)
}

/// The region a zone, vSwitch, VPC, node or region lies in.
fn region_of(v: &Value, id: &str) -> String {
    crate::state::region_of(v, id)
}

/// The region the new things go into: the selection's, else the first.
fn target_region(v: &Value, sel: Option<&str>) -> Option<String> {
    let r = sel.map(|s| region_of(v, s)).unwrap_or_default();
    if region(v, &r).is_some() {
        return Some(r);
    }
    arr(v, "regions")
        .first()
        .map(|r| str_of(r, "id").to_string())
}

/// The zone the selection lies in (a zone, a vSwitch's, an ECS's), if any.
fn selected_zone(v: &Value, sel: Option<&str>) -> Option<String> {
    let sel = sel?;
    match doc::locate(v, sel)? {
        (Kind::Zone, _) => Some(sel.to_string()),
        (Kind::Vswitch, _) => vswitch(v, sel).map(|(_, s)| str_of(s, "zone").to_string()),
        (Kind::Node, _) => Some(zone_of(v, node(v, sel)?)).filter(|z| !z.is_empty()),
        _ => None,
    }
}

/// Whether the design divides its networks into tiers (a vSwitch has one, or the profile
/// demands them).
fn uses_tiers(v: &Value) -> bool {
    str_of(v, "profile") == "high-security" || vswitches(v).any(|(_, s)| field(s, "tier").is_some())
}

/// The first `/24` (or block of the VPC's own size when smaller) inside `vpc` that overlaps
/// none of `used`, skipping the VPC's first block (as the editor's vSwitches do).
fn free_block(vpc: &str, used: &[Cidr]) -> Option<String> {
    let base = Cidr::parse(vpc).ok()?;
    let len = base.len.max(24);
    let step = 1u64 << (32 - len as u32);
    let n = base.size() / step;
    (1..n.max(1))
        .chain(std::iter::once(0))
        .map(|k| Cidr {
            addr: (base.addr as u64 + k * step) as u32,
            len,
        })
        .find(|c| used.iter().all(|u| !u.overlaps(*c)))
        .map(|c| c.to_string())
}

/// A `/16` in 10.0.0.0/8 that no VPC of the design overlaps.
fn free_vpc_block(v: &Value) -> String {
    let used: Vec<Cidr> = arr(v, "vpcs")
        .iter()
        .filter_map(|p| Cidr::parse(str_of(p, "cidr")).ok())
        .collect();
    (0..256u32)
        .map(|k| Cidr {
            addr: (10 << 24) | (k << 16),
            len: 16,
        })
        .find(|c| used.iter().all(|u| !u.overlaps(*c)))
        .map(|c| c.to_string())
        .unwrap_or_else(|| "10.0.0.0/16".into())
}

/// Where an ECS goes in `zone` of region `rid` without adding anything: the zone itself in a
/// classic region; in a VPC region a vSwitch of that zone, of `tier` when given and one
/// exists — with `strict`, only one of `tier` — else any of the zone.
fn find_place(
    v: &Value,
    rid: &str,
    zone: &str,
    tier: Option<&str>,
    strict: bool,
) -> Option<(&'static str, String)> {
    if str_of(region(v, rid)?, "network") != "vpc" {
        return Some(("zone", zone.to_string()));
    }
    let vpcs = arr(v, "vpcs");
    let all: Vec<&Value> = vswitches(v)
        .filter(|(p, s)| str_of(&vpcs[*p], "region") == rid && str_of(s, "zone") == zone)
        .map(|(_, s)| s)
        .collect();
    let of_tier = all
        .iter()
        .find(|s| tier.is_some_and(|t| str_of(s, "tier") == t));
    let s = match (of_tier, tier.is_some() && strict) {
        (Some(s), _) => Some(*s),
        (None, true) => None,
        (None, false) => all.first().copied(),
    };
    s.map(|s| ("vswitch", str_of(s, "id").to_string()))
}

/// [`find_place`]; with `create`, a missing vSwitch (of `tier`) is added to the region's
/// first VPC on a free block (and a VPC when the region has none).
fn place(
    v: &mut Value,
    names: &mut Names,
    rid: &str,
    zone: &str,
    tier: Option<&str>,
    create: bool,
) -> Option<(&'static str, String)> {
    if let Some(p) = find_place(v, rid, zone, tier, create) {
        return Some(p);
    }
    if !create {
        return None;
    }
    let vi = match arr(v, "vpcs")
        .iter()
        .position(|p| str_of(p, "region") == rid)
    {
        Some(i) => i,
        None => {
            let id = names.exact(&format!("vpc-{rid}"));
            let cidr = free_vpc_block(v);
            doc::push(
                v,
                "",
                "vpcs",
                json!({ "id": id, "label": id, "region": rid, "cidr": cidr, "vswitches": [] }),
            );
            arr(v, "vpcs").len() - 1
        }
    };
    let vpc = &arr(v, "vpcs")[vi];
    let used: Vec<Cidr> = arr(vpc, "vswitches")
        .iter()
        .filter_map(|s| Cidr::parse(str_of(s, "cidr")).ok())
        .collect();
    let cidr = free_block(str_of(vpc, "cidr"), &used).unwrap_or_default();
    let mark = zone_mark(rid, zone);
    let id = names.exact(&match tier {
        Some(t) => format!("vsw-{t}-{mark}"),
        None => format!("vsw-{mark}"),
    });
    let mut s = doc::obj(&[
        ("id", id.clone().into()),
        ("label", id.clone().into()),
        ("zone", zone.into()),
        ("cidr", cidr.into()),
    ]);
    if let (Some(t), Some(m)) = (tier, s.as_object_mut()) {
        m.insert("tier".into(), t.into());
    }
    doc::push(v, &format!("/vpcs/{vi}"), "vswitches", s);
    Some(("vswitch", id))
}

/// How ids tell a zone apart: its id without its region's and a `-` (`hz-b` in `hz` → `b`),
/// else what follows its last `-`.
fn zone_mark(rid: &str, zone: &str) -> String {
    zone.strip_prefix(rid)
        .and_then(|s| s.strip_prefix('-'))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| zone.rsplit('-').next().unwrap_or(zone))
        .to_string()
}

/// The region the stamps work in, with at least `zones` zones (added as `<region>-a`, …
/// when missing); a classic region with two zones when the design has none.
fn stamp_region(v: &mut Value, names: &mut Names, sel: Option<&str>, zones: usize) -> String {
    let rid = match target_region(v, sel) {
        Some(r) => r,
        None => {
            let id = names.numbered("region");
            doc::push(
                v,
                "",
                "regions",
                json!({ "id": id, "label": id, "network": "classic", "zones": [] }),
            );
            id
        }
    };
    let ri = arr(v, "regions")
        .iter()
        .position(|r| str_of(r, "id") == rid)
        .unwrap_or(0);
    let mut k = region_zones(v, &rid).len();
    while k < zones {
        let mark = (b'a' + (k as u8 % 26)) as char;
        let z = names.exact(&format!("{rid}-{mark}"));
        doc::push(
            v,
            &format!("/regions/{ri}"),
            "zones",
            json!({ "id": z, "label": z }),
        );
        k += 1;
    }
    rid
}

/// The two zones a pair goes into: the selection's zone first when it has one.
fn pair_zones(v: &Value, rid: &str, sel: Option<&str>) -> Vec<String> {
    let mut zones = region_zones(v, rid);
    if let Some(z) = selected_zone(v, sel) {
        if let Some(i) = zones.iter().position(|x| *x == z) {
            zones.rotate_left(i);
        }
    }
    zones.truncate(2);
    zones
}

/// The management port of the design's servers: 3389 when they run Windows, else 22.
fn management_port(v: &Value) -> &'static str {
    let windows = arr(v, "nodes")
        .iter()
        .filter(|n| is_production(n))
        .any(|n| str_of(n, "os") == "windows");
    if windows {
        "3389"
    } else {
        "22"
    }
}

/// The operating system the production servers state (a bastion runs the same).
fn production_os(v: &Value) -> Option<String> {
    arr(v, "nodes")
        .iter()
        .filter(|n| is_production(n))
        .find_map(|n| field(n, "os").and_then(Value::as_str))
        .map(String::from)
}

/// Appends a rule to group `gid` unless it has the same rule already.
fn add_rule(v: &mut Value, gid: &str, rule: Value) {
    let Some(Value::Array(groups)) = v.get_mut("security_groups") else {
        return;
    };
    if let Some(Value::Object(g)) = groups.iter_mut().find(|g| str_of(g, "id") == gid) {
        let rules = g.entry("rules").or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(rs) = rules {
            if !rs.contains(&rule) {
                rs.push(rule);
            }
        }
    }
}

/// The fields a new ECS takes from the instance whose module it joins (replicas of a module
/// are interchangeable).
const REPLICA_FIELDS: &[&str] = &[
    "module",
    "role",
    "cpu",
    "memory_gb",
    "os",
    "security_groups",
    "autostart",
    "listens",
    "paths",
    "stateful",
    "reconnect",
];

/// The instance a new ECS joins: the selected production ECS; else, when a zone or vSwitch is
/// selected, the last production ECS placed there (where the new one goes). With nothing
/// selected a new ECS is a module of its own.
fn neighbour<'a>(v: &'a Value, new: &Value, sel: Option<&str>) -> Option<&'a Value> {
    let sel = sel?;
    if let Some(n) = node(v, sel) {
        return is_production(n).then_some(n);
    }
    let (key, at) = if let Some(z) = field(new, "zone").and_then(Value::as_str) {
        ("zone", z)
    } else {
        ("vswitch", str_of(new, "vswitch"))
    };
    if at.is_empty() {
        return None;
    }
    arr(v, "nodes")
        .iter()
        .rev()
        .find(|n| is_production(n) && str_of(n, key) == at)
}

/// A new ECS (`new`, placed by the palette) joins the module of the selected or neighbouring
/// instance: it takes that instance's module (its id when it names none) and its replica
/// fields; joining a selected instance, it goes to the zone of the region where the module has
/// the fewest instances (the vSwitch there of the instance's tier, when the zone has one), so
/// that the module spreads over the zones. Returns the node.
pub fn join_module(v: &Value, mut new: Value, sel: Option<&str>) -> Value {
    let Some(n) = neighbour(v, &new, sel) else {
        return new;
    };
    let Some(m) = new.as_object_mut() else {
        return new;
    };
    for k in REPLICA_FIELDS {
        if let Some(x) = field(n, k) {
            m.insert((*k).to_string(), x.clone());
        }
    }
    let module = field(n, "module")
        .and_then(Value::as_str)
        .unwrap_or(str_of(n, "id"))
        .to_string();
    m.insert("module".into(), module.clone().into());
    if sel == Some(str_of(n, "id")) {
        let rid = region_of(v, str_of(n, "id"));
        if let Some(zone) = emptiest_zone(v, &rid, &module, None) {
            let tier = tier_of(v, n);
            if let Some((key, at)) = find_place(v, &rid, &zone, tier.as_deref(), false) {
                m.remove("zone");
                m.remove("vswitch");
                m.insert(key.into(), at.into());
            }
        }
    }
    new
}

/// The production ECS of `module` (an instance without one is its own module).
fn members<'a>(v: &'a Value, module: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    arr(v, "nodes").iter().filter(move |n| {
        is_production(n)
            && field(n, "module")
                .and_then(Value::as_str)
                .unwrap_or(str_of(n, "id"))
                == module
    })
}

/// The zone of region `rid` with the fewest instances of `module` (the first such in the
/// region's order), other than `not`.
fn emptiest_zone(v: &Value, rid: &str, module: &str, not: Option<&str>) -> Option<String> {
    let zones = region_zones(v, rid);
    let count = |z: &str| members(v, module).filter(|n| zone_of(v, n) == z).count();
    zones
        .iter()
        .filter(|z| Some(z.as_str()) != not)
        .min_by_key(|z| count(z))
        .cloned()
}

/// Where a bastion goes in `zone` without adding anything: the zone in a classic region; in a
/// VPC region the zone's management vSwitch, else the zone's vSwitch that holds a bastion.
fn bastion_place(v: &Value, rid: &str, zone: &str) -> Option<(&'static str, String)> {
    if let Some(at) = find_place(v, rid, zone, Some("management"), true) {
        return Some(at);
    }
    arr(v, "nodes")
        .iter()
        .filter(|n| is_ecs(n) && str_of(n, "role") == "bastion")
        .filter_map(|n| vswitch(v, str_of(n, "vswitch")))
        .find(|(_, s)| str_of(s, "zone") == zone)
        .map(|(_, s)| ("vswitch", str_of(s, "id").to_string()))
}

/// A bastion: an ECS with role `bastion`, 1 CPU / 1 GB, no public bandwidth, the OS of the
/// production servers and the groups of the design's other bastions, placed in the selected
/// (or the first) zone of the region — in a VPC region, in that zone's management vSwitch
/// when there is one (else the zone's vSwitch of another bastion), else in any management
/// vSwitch of the region, else in the zone's first vSwitch. Returns its id.
pub fn add_bastion(v: &mut Value, sel: Option<&str>) -> Option<String> {
    let rid = target_region(v, sel)?;
    let zones = region_zones(v, &rid);
    let zone = selected_zone(v, sel)
        .filter(|z| zones.contains(z))
        .or_else(|| zones.first().cloned())?;
    let mut names = Names::of(v);
    let at = bastion_place(v, &rid, &zone).or_else(|| {
        // No management vSwitch in that zone: one of the region's, else any of the zone.
        let vpcs = arr(v, "vpcs");
        vswitches(v)
            .find(|(p, s)| str_of(&vpcs[*p], "region") == rid && str_of(s, "tier") == "management")
            .map(|(_, s)| ("vswitch", str_of(s, "id").to_string()))
            .or_else(|| find_place(v, &rid, &zone, None, false))
    });
    let id = names.numbered("bastion");
    let mut f: Vec<(&str, Value)> = vec![
        ("id", id.clone().into()),
        ("kind", "ecs".into()),
        ("label", id.clone().into()),
    ];
    if let Some((k, s)) = at {
        f.push((k, s.into()));
    }
    f.push(("role", "bastion".into()));
    f.push(("cpu", 1.into()));
    f.push(("memory_gb", 1.into()));
    if let Some(os) = production_os(v) {
        f.push(("os", os.into()));
    }
    f.push(("public_bandwidth_mbps", 0.into()));
    let groups = arr(v, "nodes")
        .iter()
        .find(|n| is_ecs(n) && str_of(n, "role") == "bastion")
        .and_then(|n| field(n, "security_groups"))
        .cloned();
    if let Some(g) = groups {
        f.push(("security_groups", g));
    }
    doc::push(v, "", "nodes", doc::obj(&f));
    Some(id)
}

/// Adds a stamp; returns the id to select.
pub fn stamp(v: &mut Value, which: Stamp, sel: Option<&str>, lang: Lang) -> Option<String> {
    match which {
        Stamp::Web => Some(stamp_web(v, sel)),
        Stamp::Bastions => Some(stamp_bastions(v, sel)),
        Stamp::Dr => stamp_dr(v, sel, lang),
    }
}

/// The JSON of a stamp's parts: `"$name"` strings (values, or member names) are filled in by
/// [`fill`]. Data rather than code: the editor's WASM stays small.
const WEB_ECS: &str = r#"{"id":"$id","kind":"ecs","label":"$id","$place":"$at","role":"app",
"module":"$module","cpu":2,"memory_gb":4,"public_bandwidth_mbps":0,"security_groups":["$sg"],
"autostart":true,"listens":[80],"paths":["/"]}"#;
const WEB_SLB: &str = r#"{"id":"$id","kind":"slb","label":"$id","region":"$region","scope":"public",
"listeners":[{"protocol":"http","port":80,"backend_port":80,
"health_check":{"protocol":"http","path":"/","port":80}}],"backends":"$backends"}"#;
const SG: &str = r#"{"id":"$id","label":"$id","rules":"$rules"}"#;
const RULE: &str = r#"{"action":"accept","protocol":"tcp","ports":"$ports","from":"$from"}"#;
const LINK: &str = r#"{"from":"$from","to":"$to","port":"$port","protocol":"$protocol"}"#;
const VPN: &str = r#"{"id":"$id","kind":"vpn","label":"$id","region":"$region","type":"ssl",
"client_ips":["$pool"]}"#;
const BASTION: &str = r#"{"id":"$id","kind":"ecs","label":"$id","$place":"$at","role":"bastion",
"cpu":1,"memory_gb":1,"os":"$os","public_bandwidth_mbps":0,"security_groups":"$sgs"}"#;

/// A template with its `"$name"` strings replaced by the values given (a member whose value
/// becomes `null` is left out; a member named `"$name"` takes the string given as its name).
fn fill(t: &str, vars: &[(&str, Value)]) -> Value {
    fn var<'a>(vars: &'a [(&str, Value)], s: &str) -> Option<&'a Value> {
        vars.iter().find(|(k, _)| *k == s).map(|(_, v)| v)
    }
    fn walk(x: &mut Value, vars: &[(&str, Value)]) {
        match x {
            Value::String(s) => {
                if let Some(v) = var(vars, s) {
                    *x = v.clone();
                }
            }
            Value::Array(a) => a.iter_mut().for_each(|y| walk(y, vars)),
            Value::Object(m) => {
                for (k, mut y) in std::mem::take(m) {
                    walk(&mut y, vars);
                    if y.is_null() {
                        continue;
                    }
                    let k = match var(vars, &k) {
                        Some(Value::String(n)) => n.clone(),
                        _ => k,
                    };
                    m.insert(k, y);
                }
            }
            _ => {}
        }
    }
    let mut v = serde_json::from_str(t).unwrap_or(Value::Null);
    walk(&mut v, vars);
    v
}

/// The `$place` / `$at` of a template: where an ECS goes (`null`: nowhere known).
fn at(p: Option<(&'static str, String)>) -> [(&'static str, Value); 2] {
    match p {
        Some((k, s)) => [("$place", k.into()), ("$at", s.into())],
        None => [("$place", "zone".into()), ("$at", Value::Null)],
    }
}

fn sg_rule(ports: &str, from: &str) -> Value {
    fill(RULE, &[("$ports", ports.into()), ("$from", from.into())])
}

fn link(from: &str, to: &str, port: u16, protocol: &str) -> Value {
    fill(
        LINK,
        &[
            ("$from", from.into()),
            ("$to", to.into()),
            ("$port", port.into()),
            ("$protocol", protocol.into()),
        ],
    )
}

fn stamp_web(v: &mut Value, sel: Option<&str>) -> String {
    let mut names = Names::of(v);
    let rid = stamp_region(v, &mut names, sel, 2);
    let zones = pair_zones(v, &rid, sel);
    let modules: HashSet<String> = arr(v, "nodes")
        .iter()
        .filter_map(|n| field(n, "module").and_then(Value::as_str))
        .map(String::from)
        .collect();
    let module = (1..)
        .map(|k| {
            if k == 1 {
                "web".to_string()
            } else {
                format!("web-{k}")
            }
        })
        .find(|m| !modules.contains(m) && !names.0.contains(m))
        .unwrap_or_default();
    let sg = names.exact(&format!("sg-{module}"));
    let slb = names.exact(&format!("slb-{module}"));
    let tier = uses_tiers(v).then_some("dmz");
    let mut ecs = Vec::new();
    for z in &zones {
        let id = names.numbered(&module);
        let p = place(v, &mut names, &rid, z, tier, true);
        let [pk, pv] = at(p);
        let n = fill(
            WEB_ECS,
            &[
                ("$id", id.clone().into()),
                pk,
                pv,
                ("$module", module.clone().into()),
                ("$sg", sg.clone().into()),
            ],
        );
        doc::push(v, "", "nodes", n);
        ecs.push(Value::from(id));
    }
    let mut rules = vec![sg_rule("80", &slb)];
    // The bastions' group reaches the new servers, as it reaches the others.
    if let Some(g) = bastion_group(v) {
        rules.push(sg_rule(management_port(v), &format!("sg:{g}")));
    }
    let g = fill(SG, &[("$id", sg.into()), ("$rules", Value::Array(rules))]);
    doc::push(v, "", "security_groups", g);
    let n = fill(
        WEB_SLB,
        &[
            ("$id", slb.clone().into()),
            ("$region", rid.into()),
            ("$backends", Value::Array(ecs)),
        ],
    );
    doc::push(v, "", "nodes", n);
    doc::push(v, "", "links", link("internet", &slb, 80, "http"));
    slb
}

/// The group the bastions are in (the first bastion's first group).
fn bastion_group(v: &Value) -> Option<String> {
    arr(v, "nodes")
        .iter()
        .filter(|n| is_ecs(n) && str_of(n, "role") == "bastion")
        .flat_map(|n| arr(n, "security_groups"))
        .find_map(Value::as_str)
        .map(String::from)
}

/// An address pool of 16 in 10.255.0.0/16 that no VPC, vSwitch or other pool overlaps.
fn free_pool(v: &Value) -> String {
    let mut used: Vec<Cidr> = arr(v, "vpcs")
        .iter()
        .filter_map(|p| Cidr::parse(str_of(p, "cidr")).ok())
        .collect();
    for n in arr(v, "nodes") {
        used.extend(
            arr(n, "client_ips")
                .iter()
                .filter_map(|c| Cidr::parse(c.as_str()?).ok()),
        );
    }
    (0..4096u32)
        .map(|k| Cidr {
            addr: (10 << 24) | (255 << 16) | (k << 4),
            len: 28,
        })
        .find(|c| used.iter().all(|u| !u.overlaps(*c)))
        .map(|c| c.to_string())
        .unwrap_or_else(|| format!("{}/28", format_ipv4((10 << 24) | (255 << 16))))
}

fn stamp_bastions(v: &mut Value, sel: Option<&str>) -> String {
    let mut names = Names::of(v);
    let rid = stamp_region(v, &mut names, sel, 2);
    let zones = pair_zones(v, &rid, sel);
    let port = management_port(v);
    let os: Value = production_os(v).map(Value::from).unwrap_or(Value::Null);
    let vpn = names.exact("vpn-mgmt");
    let sg = names.exact("sg-bastion");
    let pool = free_pool(v);
    // The servers' groups, before the bastions join any.
    let mut server_groups: Vec<String> = Vec::new();
    for n in arr(v, "nodes").iter().filter(|n| is_production(n)) {
        for s in arr(n, "security_groups").iter().filter_map(Value::as_str) {
            if !server_groups.iter().any(|x| x == s) {
                server_groups.push(s.to_string());
            }
        }
    }
    let n = fill(
        VPN,
        &[
            ("$id", vpn.clone().into()),
            ("$region", rid.clone().into()),
            ("$pool", pool.into()),
        ],
    );
    doc::push(v, "", "nodes", n);
    let g = fill(
        SG,
        &[
            ("$id", sg.clone().into()),
            ("$rules", json!([sg_rule(port, &vpn)])),
        ],
    );
    doc::push(v, "", "security_groups", g);
    let tiers = uses_tiers(v);
    let mut first = None;
    for z in &zones {
        let id = names.exact(&format!("bastion-{}", zone_mark(&rid, z)));
        let p = match bastion_place(v, &rid, z) {
            Some(p) => Some(p),
            None if tiers => place(v, &mut names, &rid, z, Some("management"), true),
            None => place(v, &mut names, &rid, z, None, true),
        };
        let [pk, pv] = at(p);
        let n = fill(
            BASTION,
            &[
                ("$id", id.clone().into()),
                pk,
                pv,
                ("$os", os.clone()),
                ("$sgs", json!([sg])),
            ],
        );
        doc::push(v, "", "nodes", n);
        doc::push(
            v,
            "",
            "links",
            link(&vpn, &id, port.parse().unwrap_or(22), "tcp"),
        );
        first.get_or_insert(id);
    }
    for g in server_groups {
        add_rule(v, &g, sg_rule(port, &format!("sg:{sg}")));
    }
    first.unwrap_or(vpn)
}

/// A label for a copy in the DR region.
fn dr_label(label: &str, lang: Lang) -> String {
    if lang == Lang::Zh {
        format!("{label}（灾备）")
    } else {
        format!("{label} (DR)")
    }
}

/// Originals → copies.
type Ids = Vec<(String, String)>;

/// The copy of `id`, when there is one.
#[inline(never)]
fn mapped(m: &[(String, String)], id: &str) -> Option<String> {
    m.iter().find(|(a, _)| a == id).map(|(_, b)| b.clone())
}

/// Sets member `k` of an object (at the end when it is new).
#[inline(never)]
fn put(o: &mut Value, k: &str, x: Value) {
    if let Some(m) = o.as_object_mut() {
        m.insert(k.to_string(), x);
    }
}

/// Rewrites the ids in the members `keys` of object `o` (a string, or strings in an array)
/// through `m`; with `drop`, an array entry that is neither mapped nor an address goes.
#[inline(never)]
fn remap(o: &mut Value, keys: &[&str], m: &[(String, String)], drop: bool) {
    let Some(obj) = o.as_object_mut() else {
        return;
    };
    for k in keys {
        match obj.get_mut(*k) {
            Some(Value::String(s)) => {
                if let Some(n) = mapped(m, s) {
                    *s = n;
                }
            }
            Some(Value::Array(a)) => a.retain_mut(|x| {
                let Some(s) = x.as_str() else {
                    return !drop;
                };
                match mapped(m, s) {
                    Some(n) => {
                        *x = n.into();
                        true
                    }
                    None => !drop || Cidr::parse(s).is_ok(),
                }
            }),
            _ => {}
        }
    }
}

/// A copy of `o` under the id `id`: its label, when it was the old id, becomes the new one;
/// with `lang`, a label is marked as the DR copy's.
fn copy_as(o: &Value, id: &str, lang: Option<Lang>) -> Value {
    let mut c = o.clone();
    let old = str_of(o, "id");
    let label = field(o, "label").and_then(Value::as_str);
    match (label, lang) {
        (Some(l), Some(lang)) => put(&mut c, "label", dr_label(l, lang).into()),
        (Some(l), None) if l == old => put(&mut c, "label", id.into()),
        _ => {}
    }
    put(&mut c, "id", id.into());
    c
}

/// Where a node's references point: places, groups, other nodes.
const PLACES: &[&str] = &["zone", "vswitch", "zones"];
const NODE_REFS: &[&str] = &[
    "backends",
    "whitelist",
    "attached_to",
    "replica_of",
    "replicates_to",
    "connects",
];

fn stamp_dr(v: &mut Value, sel: Option<&str>, lang: Lang) -> Option<String> {
    let mut names = Names::of(v);
    // The region copied: the selection's unless that is a DR region, else the first primary.
    let rid = target_region(v, sel)
        .filter(|r| region(v, r).is_some_and(|r| str_of(r, "role") != "dr"))
        .or_else(|| {
            arr(v, "regions")
                .iter()
                .find(|r| str_of(r, "role") != "dr")
                .map(|r| str_of(r, "id").to_string())
        })?;
    let new_r = names.exact(&format!("{rid}-dr"));
    // Zones, VPCs and vSwitches (`places`), each id new.
    let mut places: Ids = Vec::new();
    let mut r = copy_as(region(v, &rid)?, &new_r, Some(lang));
    put(&mut r, "role", "dr".into());
    if let Some(Value::Array(zs)) = r.get_mut("zones") {
        for z in zs.iter_mut() {
            let zid = str_of(z, "id").to_string();
            let nz = names.exact(&format!("{new_r}-{}", zone_mark(&rid, &zid)));
            *z = copy_as(z, &nz, Some(lang));
            places.push((zid, nz));
        }
    }
    doc::push(v, "", "regions", r);
    // VPCs on a free /16, each vSwitch at the same offset in it.
    let vpcs: Vec<Value> = arr(v, "vpcs")
        .iter()
        .filter(|p| str_of(p, "region") == rid)
        .cloned()
        .collect();
    for p in vpcs {
        let pid = names.exact(&format!("{}-dr", str_of(&p, "id")));
        let old = Cidr::parse(str_of(&p, "cidr")).ok();
        let cidr = free_vpc_block(v);
        let new = Cidr::parse(&cidr).ok();
        let mut np = copy_as(&p, &pid, Some(lang));
        put(&mut np, "region", new_r.clone().into());
        put(&mut np, "cidr", cidr.into());
        if let Some(Value::Array(sws)) = np.get_mut("vswitches") {
            for s in sws.iter_mut() {
                let sid = str_of(s, "id").to_string();
                let nsid = names.exact(&format!("{sid}-dr"));
                let mut c = copy_as(s, &nsid, Some(lang));
                remap(&mut c, &["zone"], &places, false);
                if let (Some(o), Some(n), Ok(sc)) = (old, new, Cidr::parse(str_of(s, "cidr"))) {
                    if o.contains(sc) && sc.len >= n.len {
                        let moved = Cidr {
                            addr: n.addr | (sc.addr & !o.mask() & !n.mask()),
                            len: sc.len,
                        };
                        put(&mut c, "cidr", moved.to_string().into());
                    }
                }
                *s = c;
                places.push((sid, nsid));
            }
        }
        places.push((str_of(&p, "id").to_string(), pid));
        doc::push(v, "", "vpcs", np);
    }
    // The modules' ECS, the SLBs, NAT gateways, primary RDS and buckets of the region, and the
    // EIPs of what is copied.
    let mut copied: Vec<Value> = arr(v, "nodes")
        .iter()
        .filter(|n| {
            region_of(v, str_of(n, "id")) == rid
                && match str_of(n, "kind") {
                    "ecs" => is_production(n),
                    "slb" | "oss" | "nat" => true,
                    "rds" => field(n, "replica_of").is_none(),
                    _ => false,
                }
        })
        .cloned()
        .collect();
    let eips: Vec<Value> = arr(v, "nodes")
        .iter()
        .filter(|n| {
            str_of(n, "kind") == "eip"
                && copied
                    .iter()
                    .any(|c| str_of(c, "id") == str_of(n, "attached_to"))
        })
        .cloned()
        .collect();
    copied.extend(eips);
    let nodes: Ids = copied
        .iter()
        .map(|n| {
            let id = str_of(n, "id");
            (id.to_string(), names.exact(&format!("{id}-dr")))
        })
        .collect();
    // The groups of the copied ECS are copied too (each region its own groups, as in the
    // reference design): their members are the copies, their rules admit the copies.
    let mut groups: Ids = Vec::new();
    for n in copied.iter().filter(|n| is_ecs(n)) {
        for g in arr(n, "security_groups").iter().filter_map(Value::as_str) {
            if mapped(&groups, g).is_none() {
                groups.push((g.to_string(), names.exact(&format!("{g}-dr"))));
            }
        }
    }
    let sg_sources: Ids = groups
        .iter()
        .map(|(a, b)| (format!("sg:{a}"), format!("sg:{b}")))
        .chain(nodes.iter().cloned())
        .collect();
    for (g, ng) in &groups {
        let Some(orig) = arr(v, "security_groups")
            .iter()
            .find(|x| str_of(x, "id") == g)
        else {
            continue;
        };
        let mut c = copy_as(orig, ng, Some(lang));
        if let Some(Value::Array(rules)) = c.get_mut("rules") {
            rules
                .iter_mut()
                .for_each(|r| remap(r, &["from"], &sg_sources, false));
        }
        doc::push(v, "", "security_groups", c);
    }
    for n in &copied {
        let id = str_of(n, "id");
        let nid = mapped(&nodes, id).unwrap_or_default();
        let mut c = copy_as(n, &nid, Some(lang));
        remap(&mut c, PLACES, &places, false);
        remap(&mut c, &["security_groups"], &groups, false);
        // Node entries follow their copies; entries not copied go; addresses stay.
        remap(&mut c, &["backends", "whitelist"], &nodes, true);
        remap(&mut c, &["attached_to"], &nodes, false);
        if c.get("region").is_some() {
            put(&mut c, "region", new_r.clone().into());
        }
        match str_of(n, "kind") {
            "rds" => put(&mut c, "replica_of", id.into()),
            "oss" => {
                if let Some(m) = c.as_object_mut() {
                    m.remove("replicates_to");
                }
                if field(n, "replicates_to").is_none() {
                    if let Some(o) = node_mut(v, id) {
                        o.insert("replicates_to".into(), nid.clone().into());
                    }
                }
            }
            _ => {}
        }
        doc::push(v, "", "nodes", c);
    }
    let skip: Vec<String> = groups
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    mirror(v, &nodes, false, &skip);
    // DNS switches the users over.
    if !arr(v, "nodes").iter().any(|n| str_of(n, "kind") == "dns") {
        let dns = names.exact("dns");
        doc::push(
            v,
            "",
            "nodes",
            json!({ "id": dns, "kind": "dns", "label": dns, "failover": true }),
        );
    }
    if matches!(str_of(v, "dr"), "" | "same-city") {
        doc::set(v, "/dr", Some("two-region".into()));
    }
    Some(new_r)
}

/// For copies (`map`: original → copy) of nodes: the links between copied nodes (and from the
/// internet) are copied; a security-group rule admitting an original admits its copy too
/// (except in the groups `skip`). With `outside`, the copies also join what points at their
/// originals and was not copied: an SLB's or API gateway's backends, an RDS whitelist, the
/// links to and from the original.
fn mirror(v: &mut Value, map: &[(String, String)], outside: bool, skip: &[String]) {
    let copy_of = |id: &str| map.iter().find(|(a, _)| a == id).map(|(_, b)| b.clone());
    let mut links = Vec::new();
    for l in arr(v, "links") {
        let (f, t) = (str_of(l, "from"), str_of(l, "to"));
        let (cf, ct) = (copy_of(f), copy_of(t));
        let (nf, nt) = match (cf, ct) {
            (Some(a), Some(b)) => (a, b),
            (None, Some(b)) if f == "internet" || outside => {
                // Not an SLB's implied link to its backend: that one comes with the backend.
                let implied = node(v, f)
                    .is_some_and(|n| arr(n, "backends").iter().any(|x| x.as_str() == Some(t)));
                if implied {
                    continue;
                }
                (f.to_string(), b)
            }
            (Some(a), None) if outside => (a, t.to_string()),
            _ => continue,
        };
        let mut c = l.clone();
        if let Some(m) = c.as_object_mut() {
            m.insert("from".into(), nf.into());
            m.insert("to".into(), nt.into());
        }
        links.push(c);
    }
    for l in links {
        doc::push(v, "", "links", l);
    }
    let mut rules: Vec<(String, Value)> = Vec::new();
    for g in arr(v, "security_groups") {
        if skip.iter().any(|x| x == str_of(g, "id")) {
            continue;
        }
        for r in arr(g, "rules") {
            if let Some(c) = copy_of(str_of(r, "from")) {
                let mut nr = r.clone();
                if let Some(m) = nr.as_object_mut() {
                    m.insert("from".into(), c.into());
                }
                rules.push((str_of(g, "id").to_string(), nr));
            }
        }
    }
    for (g, r) in rules {
        add_rule(v, &g, r);
    }
    if outside {
        let copied: HashSet<&str> = map.iter().map(|(_, b)| b.as_str()).collect();
        if let Some(Value::Array(nodes)) = v.get_mut("nodes") {
            for n in nodes.iter_mut() {
                if copied.contains(str_of(n, "id")) {
                    continue;
                }
                for key in ["backends", "whitelist"] {
                    if let Some(Value::Array(items)) = n.get_mut(key) {
                        let add: Vec<Value> = items
                            .iter()
                            .filter_map(|x| x.as_str().and_then(copy_of))
                            .map(Value::from)
                            .collect();
                        for a in add {
                            if !items.contains(&a) {
                                items.push(a);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Whether an ECS can be duplicated into another zone of its region, and which.
pub fn other_zone(v: &Value, id: &str) -> Option<String> {
    let n = node(v, id).filter(|n| is_ecs(n))?;
    let rid = region_of(v, id);
    let own = zone_of(v, n);
    let module = field(n, "module")
        .and_then(Value::as_str)
        .unwrap_or(id)
        .to_string();
    // Among the other zones, the one with the fewest instances of the module; the zones after
    // the ECS's own first.
    let mut zones = region_zones(v, &rid);
    if let Some(i) = zones.iter().position(|z| *z == own) {
        zones.rotate_left(i);
    }
    let count = |z: &str| members(v, &module).filter(|n| zone_of(v, n) == z).count();
    zones
        .into_iter()
        .filter(|z| *z != own)
        .min_by_key(|z| count(z))
}

/// "Duplicate into the other zone": a copy of ECS `id` in another zone of its region (the one
/// with the fewest instances of its module), in the same module (its id when it names none),
/// on a vSwitch of the same tier there (added when the zone has none), behind the same SLBs,
/// on the same whitelists, with the same links and the rules admitting it. Returns the copy's id.
pub fn duplicate_to_zone(v: &mut Value, id: &str) -> Option<String> {
    let zone = other_zone(v, id)?;
    let n = node(v, id)?.clone();
    let rid = region_of(v, id);
    let own = zone_of(v, &n);
    let tier = tier_of(v, &n);
    let mut names = Names::of(v);
    let at = place(v, &mut names, &rid, &zone, tier.as_deref(), true)?;
    let nid = names.sibling(id, &zone_mark(&rid, &own), &zone_mark(&rid, &zone));
    // The copy, field by field in the original's order, placed where the original was.
    let mut out = Map::new();
    let mut placed = false;
    for (k, x) in n.as_object()? {
        match k.as_str() {
            "zone" | "vswitch" => {
                if !placed {
                    out.insert(at.0.into(), at.1.clone().into());
                    placed = true;
                }
            }
            "id" => {
                out.insert(k.clone(), nid.clone().into());
            }
            "label" if x.as_str() == Some(id) => {
                out.insert(k.clone(), nid.clone().into());
            }
            _ => {
                out.insert(k.clone(), x.clone());
            }
        }
    }
    if !placed {
        out.insert(at.0.into(), at.1.clone().into());
    }
    if !out.contains_key("module") {
        out.insert("module".into(), id.into());
    }
    doc::push(v, "", "nodes", Value::Object(out));
    mirror(v, &[(id.to_string(), nid.clone())], true, &[]);
    Some(nid)
}

/// What a copy of the selection holds: its nodes (in the design's order) and the links
/// between them. `None` when the selection has no node.
pub fn copy(v: &Value, ids: &[String]) -> Option<Value> {
    let nodes: Vec<Value> = arr(v, "nodes")
        .iter()
        .filter(|n| ids.iter().any(|i| i == str_of(n, "id")))
        .cloned()
        .collect();
    if nodes.is_empty() {
        return None;
    }
    let links: Vec<Value> = arr(v, "links")
        .iter()
        .filter(|l| {
            ids.iter().any(|i| i == str_of(l, "from")) && ids.iter().any(|i| i == str_of(l, "to"))
        })
        .cloned()
        .collect();
    Some(json!({ "nodes": nodes, "links": links }))
}

/// Pastes a copy: its nodes with fresh ids (and labels, where the label was the id), the
/// references between them and the links between them following the copies. An ECS that
/// named no module joins its original's module. Pasted with a zone, vSwitch or region
/// selected (`into`), the copies that are placed that way go there. Returns the new ids.
pub fn paste(v: &mut Value, clip: &Value, into: Option<&str>) -> Vec<String> {
    let mut names = Names::of(v);
    let nodes = arr(clip, "nodes");
    let map: Ids = nodes
        .iter()
        .map(|n| {
            let id = str_of(n, "id");
            (id.to_string(), names.like(id))
        })
        .collect();
    // The member a selected container sets: a zone's, a vSwitch's or a region's.
    let target = into.and_then(|t| match doc::locate(v, t)?.0 {
        Kind::Zone => Some(("zone", t)),
        Kind::Vswitch => Some(("vswitch", t)),
        Kind::Region => Some(("region", t)),
        _ => None,
    });
    let mut out = Vec::new();
    for n in nodes {
        let id = str_of(n, "id");
        let nid = mapped(&map, id).unwrap_or_default();
        let mut c = copy_as(n, &nid, None);
        if is_ecs(n) && field(n, "module").is_none() && node(v, id).is_some() {
            put(&mut c, "module", id.into());
        }
        if let Some((k, t)) = target.filter(|(k, _)| c.get(*k).is_some()) {
            put(&mut c, k, t.into());
        }
        remap(&mut c, NODE_REFS, &map, false);
        doc::push(v, "", "nodes", c);
        out.push(nid);
    }
    for l in arr(clip, "links") {
        if mapped(&map, str_of(l, "from")).is_some() && mapped(&map, str_of(l, "to")).is_some() {
            let mut c = l.clone();
            remap(&mut c, &["from", "to"], &map, false);
            doc::push(v, "", "links", c);
        }
    }
    out
}

/// What deleting a container takes with it: the nodes placed in it (and, for a zone, the
/// vSwitches in that zone; for a VPC, its vSwitches; for a region, its VPCs), each once.
pub fn content(v: &Value, id: &str) -> (Vec<String>, Vec<String>) {
    let mut nodes: Vec<String> = Vec::new();
    let mut boxes: Vec<String> = Vec::new();
    let Some((kind, ptr)) = doc::locate(v, id) else {
        return (nodes, boxes);
    };
    let o = v.pointer(&ptr).cloned().unwrap_or(Value::Null);
    let in_vswitch = |s: &str, nodes: &mut Vec<String>| {
        for n in arr(v, "nodes") {
            if str_of(n, "vswitch") == s {
                nodes.push(str_of(n, "id").to_string());
            }
        }
    };
    match kind {
        Kind::Vswitch => in_vswitch(id, &mut nodes),
        Kind::Vpc => {
            for s in arr(&o, "vswitches") {
                boxes.push(str_of(s, "id").to_string());
                in_vswitch(str_of(s, "id"), &mut nodes);
            }
        }
        Kind::Zone => {
            for n in arr(v, "nodes") {
                if str_of(n, "zone") == id {
                    nodes.push(str_of(n, "id").to_string());
                }
            }
            for (_, s) in vswitches(v) {
                if str_of(s, "zone") == id {
                    boxes.push(str_of(s, "id").to_string());
                    in_vswitch(str_of(s, "id"), &mut nodes);
                }
            }
        }
        Kind::Region => {
            for n in arr(v, "nodes") {
                if region_of(v, str_of(n, "id")) == id {
                    nodes.push(str_of(n, "id").to_string());
                }
            }
            for p in arr(v, "vpcs").iter().filter(|p| str_of(p, "region") == id) {
                boxes.push(str_of(p, "id").to_string());
                for s in arr(p, "vswitches") {
                    boxes.push(str_of(s, "id").to_string());
                }
            }
        }
        _ => {}
    }
    let mut seen = HashSet::new();
    nodes.retain(|n| seen.insert(n.clone()));
    (nodes, boxes)
}

/// Where the content of container `id` goes when the user keeps it: a sibling that is not
/// deleted too — another zone of the region, another vSwitch of the VPC (the same zone and
/// tier preferred), another VPC of the region, another region.
pub fn sibling(v: &Value, id: &str, deleting: &[String]) -> Option<String> {
    let gone = |x: &str| deleting.iter().any(|d| d == x);
    let (kind, _) = doc::locate(v, id)?;
    match kind {
        Kind::Zone => region_zones(v, &region_of(v, id))
            .into_iter()
            .find(|z| z != id && !gone(z)),
        Kind::Vswitch => {
            let (p, s) = vswitch(v, id)?;
            let (zone, tier) = (str_of(s, "zone"), str_of(s, "tier"));
            let others: Vec<&Value> = arr(&arr(v, "vpcs")[p], "vswitches")
                .iter()
                .filter(|o| str_of(o, "id") != id && !gone(str_of(o, "id")))
                .collect();
            let score = |o: &Value| {
                (str_of(o, "zone") != zone) as u8 * 2 + (str_of(o, "tier") != tier) as u8
            };
            others
                .into_iter()
                .min_by_key(|o| score(o))
                .map(|o| str_of(o, "id").to_string())
        }
        Kind::Vpc => {
            let rid = region_of(v, id);
            arr(v, "vpcs")
                .iter()
                .map(|p| str_of(p, "id"))
                .find(|p| *p != id && !gone(p) && region_of(v, p) == rid)
                .map(String::from)
        }
        Kind::Region => arr(v, "regions")
            .iter()
            .map(|r| str_of(r, "id"))
            .find(|r| *r != id && !gone(r))
            .map(String::from),
        _ => None,
    }
}

/// The containers among `ids` whose deletion would take content with it (nodes, or the
/// vSwitches of a zone, or a region's VPCs), with that content's size — the delete asks.
pub fn needs_asking(v: &Value, ids: &[String]) -> Vec<(String, usize)> {
    ids.iter()
        .filter_map(|id| {
            let (nodes, boxes) = content(v, id);
            let left = nodes.iter().filter(|n| !ids.contains(n)).count();
            let kind = doc::locate(v, id).map(|l| l.0);
            let boxes_count = match kind {
                Some(Kind::Zone) | Some(Kind::Region) => {
                    boxes.iter().filter(|b| !ids.contains(b)).count()
                }
                _ => 0,
            };
            (left + boxes_count > 0).then(|| (id.clone(), left + boxes_count))
        })
        .collect()
}

/// Replaces the string `from` by `to` in the `key` members (strings, or arrays of strings)
/// of the objects of `items`.
fn rename_in(items: Option<&mut Value>, keys: &[&str], from: &str, to: &str) {
    let Some(Value::Array(items)) = items else {
        return;
    };
    for it in items.iter_mut() {
        for k in keys {
            match it.get_mut(*k) {
                Some(Value::String(s)) if s == from => *s = to.to_string(),
                Some(Value::Array(a)) => {
                    for x in a.iter_mut() {
                        if x.as_str() == Some(from) {
                            *x = to.into();
                        }
                    }
                    let mut seen = HashSet::new();
                    a.retain(|x| seen.insert(x.to_string()));
                }
                _ => {}
            }
        }
    }
}

/// Moves the content of container `id` into its sibling `to` (see [`sibling`]).
fn move_content(v: &mut Value, id: &str, to: &str) {
    let Some((kind, _)) = doc::locate(v, id) else {
        return;
    };
    match kind {
        Kind::Zone => {
            rename_in(v.get_mut("nodes"), &["zone", "zones"], id, to);
            if let Some(Value::Array(ps)) = v.get_mut("vpcs") {
                for p in ps {
                    rename_in(p.get_mut("vswitches"), &["zone"], id, to);
                }
            }
        }
        Kind::Vswitch => rename_in(v.get_mut("nodes"), &["vswitch"], id, to),
        Kind::Vpc => {
            let Some((_, from)) = doc::locate(v, id) else {
                return;
            };
            let sws: Vec<Value> = v
                .pointer(&format!("{from}/vswitches"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if let Some((_, dest)) = doc::locate(v, to) {
                if let Some(p) = v.pointer_mut(&format!("{from}/vswitches")) {
                    *p = Value::Array(Vec::new());
                }
                for s in sws {
                    doc::push(v, &dest, "vswitches", s);
                }
            }
        }
        Kind::Region => {
            // Its zones map onto the other region's by position (moved over when that one has
            // none); its VPCs and regional nodes follow.
            let from = region_zones(v, id);
            let onto = region_zones(v, to);
            for (i, z) in from.iter().enumerate() {
                match onto.get(i % onto.len().max(1)) {
                    Some(nz) => move_content(v, z, nz),
                    None => {
                        if let (Some(zv), Some((_, rp))) = (
                            region(v, id).and_then(|r| arr(r, "zones").get(i)).cloned(),
                            doc::locate(v, to),
                        ) {
                            doc::push(v, &rp, "zones", zv);
                        }
                    }
                }
            }
            rename_in(v.get_mut("nodes"), &["region"], id, to);
            rename_in(v.get_mut("vpcs"), &["region"], id, to);
        }
        _ => {}
    }
}

/// Deletes `ids` (nodes, containers, security groups) as one edit. A container's content is
/// deleted with it, or, with `keep`, moved into a sibling first (see [`sibling`]); a
/// container with no sibling left takes its content with it. Returns whether anything
/// changed.
pub fn delete(v: &mut Value, ids: &[String], keep: bool) -> bool {
    let mut changed = false;
    let mut gone: Vec<String> = Vec::new();
    for id in ids {
        let Some((kind, _)) = doc::locate(v, id) else {
            continue;
        };
        if kind != Kind::Node && kind != Kind::Sg {
            let to = keep.then(|| sibling(v, id, ids)).flatten();
            match to {
                Some(to) => {
                    move_content(v, id, &to);
                    changed = true;
                }
                None => {
                    let (nodes, boxes) = content(v, id);
                    gone.extend(nodes);
                    // A region's VPCs go with it (their vSwitches with them).
                    if kind == Kind::Region || kind == Kind::Zone {
                        gone.extend(boxes);
                    }
                }
            }
        }
        gone.push(id.clone());
    }
    for id in gone {
        if let Some((kind, _)) = doc::locate(v, &id) {
            if kind == Kind::Zone {
                // References to the zone from regional services' `zones`.
                if let Some(Value::Array(nodes)) = v.get_mut("nodes") {
                    for n in nodes {
                        if let Some(Value::Array(zs)) = n.get_mut("zones") {
                            zs.retain(|z| z.as_str() != Some(id.as_str()));
                        }
                    }
                }
            }
            changed |= doc::delete_id(v, &id);
        }
    }
    changed
}

/// The ports a new rule admitting `from` opens, guessed from what `from` is: the backend
/// ports of an SLB's listeners (its backends' listening ports, else 80); the management port
/// for a VPN, a bastion, or a group of bastions; else 443.
pub fn rule_ports(v: &Value, from: &str) -> String {
    let bastion = |n: &Value| is_ecs(n) && str_of(n, "role") == "bastion";
    if let Some(g) = from.strip_prefix("sg:") {
        let members: Vec<&Value> = arr(v, "nodes")
            .iter()
            .filter(|n| {
                arr(n, "security_groups")
                    .iter()
                    .any(|x| x.as_str() == Some(g))
            })
            .collect();
        if !members.is_empty() && members.iter().all(|n| bastion(n)) {
            return management_port(v).into();
        }
        return "443".into();
    }
    match node(v, from) {
        Some(n) if str_of(n, "kind") == "slb" => {
            let port = arr(n, "listeners")
                .iter()
                .find_map(|l| {
                    field(l, "backend_port")
                        .or_else(|| field(l, "port"))
                        .and_then(Value::as_u64)
                })
                .unwrap_or(80);
            port.to_string()
        }
        Some(n) if str_of(n, "kind") == "vpn" || bastion(n) => management_port(v).into(),
        _ => "443".into(),
    }
}

/// A listener to add to an SLB, for `protocol`: HTTP on 80, HTTPS on 443 with its
/// certificate, TCP on 80, UDP on 53 — to the backends' first listening port (else the same),
/// with a health check of the backends' first path (HTTP) or a TCP one.
pub fn new_listener(v: &Value, slb: &Value, protocol: &str) -> Value {
    let backends: Vec<&Value> = arr(slb, "backends")
        .iter()
        .filter_map(|b| node(v, b.as_str()?))
        .collect();
    let listens = backends
        .iter()
        .find_map(|b| arr(b, "listens").first().and_then(Value::as_u64));
    let path = backends
        .iter()
        .find_map(|b| arr(b, "paths").first().and_then(Value::as_str))
        .unwrap_or("/");
    let port: u64 = match protocol {
        "https" => 443,
        "udp" => 53,
        _ => 80,
    };
    let backend = listens.unwrap_or(if protocol == "https" { 80 } else { port });
    let mut f: Vec<(&str, Value)> = vec![
        ("protocol", protocol.into()),
        ("port", port.into()),
        ("backend_port", backend.into()),
    ];
    match protocol {
        "http" | "https" => {
            f.push((
                "health_check",
                json!({ "protocol": "http", "path": path, "port": backend }),
            ));
        }
        "tcp" => f.push((
            "health_check",
            json!({ "protocol": "tcp", "port": backend }),
        )),
        _ => {}
    }
    if protocol == "https" {
        f.push(("certificate", true.into()));
    }
    doc::obj(&f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_fresh() {
        let v = json!({ "regions": [{ "id": "web-1", "zones": [{ "id": "hz-b" }] }],
            "nodes": [{ "id": "web-2" }, { "id": "app09" }, { "id": "web-a1" }] });
        let mut n = Names::of(&v);
        assert_eq!(n.like("web-1"), "web-3");
        assert_eq!(n.like("app09"), "app10");
        assert_eq!(n.exact("web"), "web");
        // web-2 is a node, web-3 was just taken.
        assert_eq!(n.exact("web"), "web-4");
        assert_eq!(n.numbered("web"), "web-5");
        assert_eq!(n.numbered("bastion"), "bastion-1");
        assert_eq!(n.sibling("web-a1", "a", "b"), "web-b1");
        assert_eq!(n.sibling("web-a1", "a", "b"), "web-b2");
        assert_eq!(n.exact("bastion-a"), "bastion-a");
        assert_eq!(n.sibling("bastion-a", "a", "b"), "bastion-b");
        assert_eq!(n.sibling("bastion-a", "a", "b"), "bastion-a-2");
        assert_eq!(n.exact("internet"), "internet-2");
    }

    #[test]
    fn a_free_block_overlaps_no_vswitch() {
        let used = [
            Cidr::parse("10.1.1.0/24").unwrap(),
            Cidr::parse("10.1.2.0/23").unwrap(),
        ];
        assert_eq!(
            free_block("10.1.0.0/16", &used).as_deref(),
            Some("10.1.4.0/24")
        );
        assert_eq!(
            free_block("10.1.0.0/24", &[]).as_deref(),
            Some("10.1.0.0/24")
        );
        assert_eq!(free_block("nonsense", &[]), None);
    }
}
