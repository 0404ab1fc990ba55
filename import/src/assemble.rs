//! Entities → one design (format v1) and its source map.
//!
//! This is where the facts that IaC does not hold get their documented defaults (see
//! `docs/import.md`): instances of one resource block form one module unless an
//! `archlint:module` tag says otherwise; `archlint:tier` on a vSwitch gives its tier and
//! `archlint:role` on an instance its role; a region's zones are those the configuration uses
//! plus those Alibaba Cloud publishes for it ([`crate::zones`]); ids outside the configuration
//! become placeholders marked `external`; an internet-facing load balancer receives the
//! internet's traffic on its listeners' ports. Nothing is guessed from names.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::ent::{Entity, Extracted, Kind, ListenerSpec, Loc, RuleSource, Sp, Target, ZoneVal};
use crate::source::{SourceFile, SourceMap};
use crate::Format;

/// The tag keys archlint reads (documented in docs/import.md).
pub const TAG_TIER: &str = "archlint:tier";
pub const TAG_MODULE: &str = "archlint:module";
pub const TAG_ROLE: &str = "archlint:role";

/// The id of the region used when the configuration does not say which region it deploys to.
pub const UNKNOWN_REGION: &str = "?region";
/// The vSwitch of instances whose placement is known only at deploy.
pub const UNKNOWN_VSWITCH: &str = "?vswitch";
/// The VPC that holds vSwitches named by literal ids outside the configuration.
pub const EXTERNAL_VPC: &str = "?external-vpc";

/// A value and the positions of its fields (pointer suffix → position).
type Located<T> = (T, Vec<(String, Loc)>);
/// A VPC under construction: id, fields, vSwitches, position.
type VpcBuild = (String, Map<String, Value>, Vec<Located<Value>>, Loc);

/// A design document under construction, with the source position of each place.
struct Doc {
    map: SourceMap,
}

impl Doc {
    fn at(&mut self, ptr: &str, at: Loc) {
        if at != Loc::default() || self.map.get(ptr).is_none() {
            self.map.insert(ptr.to_string(), at);
        }
    }
}

/// Writes a design document as archlint writes designs: two-space indented JSON, a newline at
/// the end.
pub fn to_text(doc: &Value) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON pointer token of a key (RFC 6901).
fn tok(s: &str) -> String {
    archlint_core::json::escape_pointer_token(s)
}

/// The design id of a target: its key, or the literal external id.
fn target_id(t: &Target) -> &str {
    match t {
        Target::Key(k) | Target::External(k) => k,
    }
}

/// A zone id for the design: literal zones as written, placeholders marked with `?`.
fn zone_id(z: &ZoneVal) -> String {
    match z {
        ZoneVal::Known(s) => s.clone(),
        ZoneVal::Placeholder(o) => format!("?{o}"),
    }
}

fn num(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

struct Ctx<'a> {
    ex: &'a Extracted,
    by_key: BTreeMap<&'a str, &'a Entity>,
    /// The region every entity without its own goes to.
    default_region: String,
}

impl<'a> Ctx<'a> {
    fn kind_of(&self, t: &Target) -> Option<&'a Kind> {
        match t {
            Target::Key(k) => self.by_key.get(k.as_str()).map(|e| &e.kind),
            Target::External(_) => None,
        }
    }
    fn region_of(&self, e: &Entity) -> String {
        e.c.region
            .clone()
            .unwrap_or_else(|| self.default_region.clone())
    }
}

/// Builds the design and its source map.
pub fn assemble(ex: &Extracted, format: Format, files: &[SourceFile]) -> (Value, SourceMap) {
    let by_key: BTreeMap<&str, &Entity> =
        ex.entities.iter().map(|e| (e.c.key.as_str(), e)).collect();
    let default_region = default_region(ex);
    let cx = Ctx {
        ex,
        by_key,
        default_region,
    };
    let mut d = Doc {
        map: SourceMap::default(),
    };
    // Design-wide findings point at the top of the first file.
    // (the first file of the configuration itself, not a variables file).
    let first = files
        .iter()
        .position(|f| {
            let p = f.path.to_ascii_lowercase();
            !(p.ends_with(".tfvars") || p.ends_with(".tfvars.json"))
        })
        .unwrap_or(0);
    d.at(
        "",
        Loc {
            file: u32::try_from(first).unwrap_or(0),
            line: 1,
            col: 1,
        },
    );
    let mut root = Map::new();
    root.insert("archlint".into(), json!(1));
    let name = ex.name.clone().unwrap_or_else(|| {
        files
            .get(first)
            .map(|f| f.path.clone())
            .unwrap_or_else(|| format.name().to_string())
    });
    root.insert("name".into(), json!(name));

    // Which vSwitches, zones and groups exist, and what sits where.
    let vswitch_zone: BTreeMap<&str, Option<&Sp<ZoneVal>>> = ex
        .entities
        .iter()
        .filter_map(|e| match &e.kind {
            Kind::VSwitch { zone, .. } => Some((e.c.key.as_str(), zone.as_ref())),
            _ => None,
        })
        .collect();

    // --- regions and zones -----------------------------------------------------------------
    let mut zones_by_region: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    zones_by_region
        .entry(cx.default_region.clone())
        .or_default();
    let mut note_zone = |region: String, z: &ZoneVal| {
        zones_by_region
            .entry(region)
            .or_default()
            .insert(zone_id(z));
    };
    for e in &ex.entities {
        let r = cx.region_of(e);
        match &e.kind {
            Kind::VSwitch { zone: Some(z), .. } => note_zone(r, &z.v),
            Kind::Ecs { zone: Some(z), .. } => note_zone(r, &z.v),
            Kind::LoadBalancer { zones, .. } | Kind::Rds { zones, .. } => {
                for z in zones {
                    note_zone(r.clone(), &z.v);
                }
            }
            _ => {}
        }
    }
    let mut regions = Vec::new();
    for (rid, used) in &zones_by_region {
        let mut zones: Vec<String> = used.iter().cloned().collect();
        // The published zones tell that a region has more than the zone the configuration
        // uses (a module in one zone is still reported); when the configuration already uses
        // two or more, they would only add empty zones that a balanced module does not use.
        let published = if used.len() < 2 {
            crate::zones::published(rid)
        } else {
            None
        };
        if let Some(published) = published {
            for z in published {
                if !used.contains(*z) {
                    zones.push((*z).to_string());
                }
            }
        }
        zones.sort_by(|a, b| (a.starts_with('?'), a).cmp(&(b.starts_with('?'), b)));
        let zones: Vec<Value> = zones
            .iter()
            .map(|z| {
                let mut o = Map::new();
                o.insert("id".into(), json!(z));
                if let Some(origin) = z.strip_prefix('?') {
                    o.insert(
                        "label".into(),
                        json!(format!(
                            "? {}",
                            origin
                                .strip_prefix("data.alicloud_")
                                .or_else(|| origin.strip_prefix("data."))
                                .unwrap_or(origin)
                        )),
                    );
                }
                Value::Object(o)
            })
            .collect();
        let mut o = Map::new();
        o.insert("id".into(), json!(rid));
        if rid == UNKNOWN_REGION {
            o.insert("label".into(), json!("region known at deploy"));
        }
        o.insert("network".into(), json!("vpc"));
        o.insert("zones".into(), Value::Array(zones));
        regions.push(Value::Object(o));
    }
    if let Some(r) = &ex.region {
        d.at("/regions/0", r.at);
        d.at("/regions/0/id", r.at);
    }
    root.insert("regions".into(), Value::Array(regions));

    // --- VPCs and vSwitches ----------------------------------------------------------------
    let mut vpcs: Vec<VpcBuild> = Vec::new();
    let mut vpc_index: BTreeMap<String, usize> = BTreeMap::new();
    let mut ensure_vpc =
        |vpcs: &mut Vec<_>, id: &str, region: &str, label: Option<&str>| -> usize {
            if let Some(&i) = vpc_index.get(id) {
                return i;
            }
            let mut o = Map::new();
            o.insert("id".into(), json!(id));
            if let Some(l) = label {
                o.insert("label".into(), json!(l));
            }
            o.insert("region".into(), json!(region));
            vpcs.push((id.to_string(), o, Vec::new(), Loc::default()));
            vpc_index.insert(id.to_string(), vpcs.len() - 1);
            vpcs.len() - 1
        };
    for e in &ex.entities {
        if let Kind::Vpc { cidr } = &e.kind {
            let r = cx.region_of(e);
            let i = ensure_vpc(&mut vpcs, &e.c.key, &r, e.c.label.as_deref());
            vpcs[i].3 = e.c.at;
            if let Some(c) = cidr {
                vpcs[i].1.insert("cidr".into(), json!(c.v));
            }
        }
    }
    // vSwitches named by literal ids outside the configuration, per region.
    // (region, id) → the zone, for placeholders of instances that give only a zone.
    let mut external_vsw: BTreeMap<(String, String), Option<String>> = BTreeMap::new();
    fn note_vsw(
        map: &mut BTreeMap<(String, String), Option<String>>,
        r: String,
        t: &Option<Sp<Target>>,
    ) {
        if let Some(Sp {
            v: Target::External(id),
            ..
        }) = t
        {
            map.entry((r, id.clone())).or_insert(None);
        }
    }
    for e in &ex.entities {
        let r = cx.region_of(e);
        match &e.kind {
            Kind::Ecs {
                vswitch: None,
                zone: None,
                ..
            } => note_vsw(
                &mut external_vsw,
                r.clone(),
                &Some(Sp::new(
                    Target::External(format!("{UNKNOWN_VSWITCH}:{r}")),
                    Loc::default(),
                )),
            ),
            Kind::ScalingGroup { vswitches, .. } if vswitches.is_empty() => note_vsw(
                &mut external_vsw,
                r.clone(),
                &Some(Sp::new(
                    Target::External(format!("{UNKNOWN_VSWITCH}:{r}")),
                    Loc::default(),
                )),
            ),
            Kind::Ecs {
                vswitch: None,
                zone: Some(z),
                ..
            } => {
                let z = zone_id(&z.v);
                external_vsw.insert((r, format!("{UNKNOWN_VSWITCH}:{z}")), Some(z));
            }
            Kind::Ecs { vswitch, .. } | Kind::Nat { vswitch, .. } => {
                note_vsw(&mut external_vsw, r, vswitch)
            }
            Kind::ScalingGroup { vswitches, .. } | Kind::LoadBalancer { vswitches, .. } => {
                for v in vswitches {
                    note_vsw(&mut external_vsw, r.clone(), &Some(v.clone()));
                }
            }
            _ => {}
        }
    }
    for e in &ex.entities {
        if let Kind::VSwitch { vpc, zone, cidr } = &e.kind {
            let r = cx.region_of(e);
            let vpc_id = match vpc.as_ref().map(|v| &v.v) {
                Some(Target::Key(k)) if cx.by_key.contains_key(k.as_str()) => k.clone(),
                Some(t) => target_id(t).to_string(),
                None => format!("?vpc:{r}"),
            };
            let label = match vpc.as_ref().map(|v| &v.v) {
                Some(Target::External(_)) | None => Some("outside the configuration"),
                _ => None,
            };
            let i = ensure_vpc(&mut vpcs, &vpc_id, &r, label);
            let mut o = Map::new();
            let mut locs = vec![(String::new(), e.c.at)];
            o.insert("id".into(), json!(e.c.key));
            if let Some(l) = &e.c.label {
                o.insert("label".into(), json!(l));
            }
            if let Some(z) = zone {
                o.insert("zone".into(), json!(zone_id(&z.v)));
                locs.push(("/zone".into(), z.at));
            }
            if let Some(c) = cidr {
                o.insert("cidr".into(), json!(c.v));
                locs.push(("/cidr".into(), c.at));
            }
            if let Some(t) = e.c.tags.get(TAG_TIER) {
                o.insert("tier".into(), json!(t.v));
                locs.push(("/tier".into(), t.at));
            }
            vpcs[i].2.push((Value::Object(o), locs));
        }
    }
    for ((r, id), zone) in &external_vsw {
        let i = ensure_vpc(
            &mut vpcs,
            &format!("{EXTERNAL_VPC}:{r}"),
            r,
            Some("outside the configuration"),
        );
        let mut o = Map::new();
        o.insert("id".into(), json!(id));
        o.insert("label".into(), json!("outside the configuration"));
        if let Some(z) = zone {
            o.insert("zone".into(), json!(z));
        }
        vpcs[i].2.push((Value::Object(o), Vec::new()));
    }
    let mut vpc_values = Vec::new();
    for (vi, (_, mut o, vsws, at)) in vpcs.into_iter().enumerate() {
        d.at(&format!("/vpcs/{vi}"), at);
        let mut arr = Vec::new();
        for (si, (v, locs)) in vsws.into_iter().enumerate() {
            for (suffix, l) in locs {
                d.at(&format!("/vpcs/{vi}/vswitches/{si}{suffix}"), l);
            }
            arr.push(v);
        }
        o.insert("vswitches".into(), Value::Array(arr));
        vpc_values.push(Value::Object(o));
    }
    if !vpc_values.is_empty() {
        root.insert("vpcs".into(), Value::Array(vpc_values));
    }

    // --- security groups -------------------------------------------------------------------
    let mut groups: Vec<Value> = Vec::new();
    let mut group_ids: BTreeSet<String> = BTreeSet::new();
    let mut external_groups: BTreeSet<String> = BTreeSet::new();
    let mut rules_of: BTreeMap<&str, Vec<&crate::ent::RuleSpec>> = BTreeMap::new();
    for e in &ex.entities {
        match &e.kind {
            Kind::SecurityGroup { rules } => {
                rules_of
                    .entry(e.c.key.as_str())
                    .or_default()
                    .extend(rules.iter());
            }
            Kind::GroupRule {
                group: Some(g),
                rule,
            } => {
                rules_of.entry(target_id(&g.v)).or_default().push(rule);
                if let Target::External(id) = &g.v {
                    external_groups.insert(id.clone());
                }
            }
            _ => {}
        }
    }
    let mut note_group = |t: &Target| {
        if let Target::External(id) = t {
            external_groups.insert(id.clone());
        }
    };
    for e in &ex.entities {
        match &e.kind {
            Kind::Ecs { groups, .. }
            | Kind::ScalingGroup { groups, .. }
            | Kind::ScalingConfig { groups, .. } => groups.iter().for_each(|g| note_group(&g.v)),
            Kind::SecurityGroup { rules } => {
                for r in rules {
                    if let Some(Sp {
                        v: RuleSource::Group(t),
                        ..
                    }) = &r.source
                    {
                        note_group(t);
                    }
                }
            }
            Kind::GroupRule { rule, .. } => {
                if let Some(Sp {
                    v: RuleSource::Group(t),
                    ..
                }) = &rule.source
                {
                    note_group(t);
                }
            }
            _ => {}
        }
    }
    let declared: Vec<(&str, Option<&str>, Loc, bool)> = ex
        .entities
        .iter()
        .filter(|e| matches!(e.kind, Kind::SecurityGroup { .. }))
        .map(|e| (e.c.key.as_str(), e.c.label.as_deref(), e.c.at, false))
        .chain(external_groups.iter().map(|g| {
            (
                g.as_str(),
                Some("outside the configuration"),
                Loc::default(),
                true,
            )
        }))
        .collect();
    for (id, label, at, external) in declared {
        if !group_ids.insert(id.to_string()) {
            continue;
        }
        let gi = groups.len();
        d.at(&format!("/security_groups/{gi}"), at);
        let mut o = Map::new();
        o.insert("id".into(), json!(id));
        if let Some(l) = label {
            o.insert("label".into(), json!(l));
        }
        let mut rules = Vec::new();
        for r in rules_of.get(id).into_iter().flatten() {
            if !r.ingress {
                continue;
            }
            let Some(src) = &r.source else { continue };
            let proto = r.protocol.as_ref().map(|p| p.v.as_str());
            if proto.is_some_and(|p| !matches!(p, "tcp" | "udp" | "icmp" | "all")) {
                continue;
            }
            let ri = rules.len();
            let base = format!("/security_groups/{gi}/rules/{ri}");
            d.at(&base, r.at);
            let mut ro = Map::new();
            if let Some(a) = &r.action {
                ro.insert("action".into(), json!(a.v));
                d.at(&format!("{base}/action"), a.at);
            }
            if let Some(p) = &r.protocol {
                ro.insert("protocol".into(), json!(p.v));
                d.at(&format!("{base}/protocol"), p.at);
            }
            if let Some(p) = &r.ports {
                ro.insert("ports".into(), json!(p.v));
                d.at(&format!("{base}/ports"), p.at);
            }
            let from = match &src.v {
                RuleSource::Cidr(c) => c.clone(),
                RuleSource::Group(t) => format!("sg:{}", target_id(t)),
            };
            ro.insert("from".into(), json!(from));
            d.at(&format!("{base}/from"), src.at);
            rules.push(Value::Object(ro));
        }
        if external && rules.is_empty() {
            // A group declared outside the configuration: its rules are unknown. One rule with
            // unknown ports and source says so (it may admit anything, proves nothing), so
            // that no finding rests on rules nobody can see here.
            rules.push(Value::Object(Map::new()));
        }
        o.insert("rules".into(), Value::Array(rules));
        groups.push(Value::Object(o));
    }
    if !groups.is_empty() {
        root.insert("security_groups".into(), Value::Array(groups));
    }

    // --- nodes -----------------------------------------------------------------------------
    let mut nodes = Nodes::default();
    build_nodes(&cx, &vswitch_zone, &mut nodes);
    let mut links: Vec<(Value, Loc)> = Vec::new();
    for (n, _) in &nodes.list {
        let public_lb =
            n.get("kind") == Some(&json!("slb")) && n.get("scope").is_none_or(|s| s == "public");
        if !public_lb {
            continue;
        }
        if let Some(Value::Array(ls)) = n.get("listeners") {
            for l in ls {
                let mut o = Map::new();
                o.insert("from".into(), json!("internet"));
                o.insert("to".into(), n["id"].clone());
                if let Some(p) = l.get("port") {
                    o.insert("port".into(), p.clone());
                }
                if let Some(p) = l.get("protocol") {
                    o.insert("protocol".into(), p.clone());
                }
                let at = nodes.at_of(n["id"].as_str().unwrap_or_default());
                links.push((Value::Object(o), at));
            }
        }
    }
    let mut node_values = Vec::new();
    for (ni, (o, locs)) in nodes.list.into_iter().enumerate() {
        for (suffix, l) in locs {
            d.at(&format!("/nodes/{ni}{suffix}"), l);
        }
        node_values.push(Value::Object(o));
    }
    if !node_values.is_empty() {
        root.insert("nodes".into(), Value::Array(node_values));
    }
    if !links.is_empty() {
        let mut arr = Vec::new();
        for (li, (v, at)) in links.into_iter().enumerate() {
            d.at(&format!("/links/{li}"), at);
            arr.push(v);
        }
        root.insert("links".into(), Value::Array(arr));
    }
    // What could not be known before deploy, per file (reported once per file by DF008).
    let mut by_file: BTreeMap<u32, Vec<&crate::ent::Unresolved>> = BTreeMap::new();
    for u in &ex.unresolved {
        by_file.entry(u.at.file).or_default().push(u);
    }
    let mut notes = Vec::new();
    for (file, mut list) in by_file {
        list.sort();
        list.dedup();
        let i = notes.len();
        d.at(&format!("/unresolved/{i}"), list[0].at);
        let values: Vec<Value> = list
            .iter()
            .map(|u| json!(format!("{} ← {} (line {})", u.what, u.from, u.at.line)))
            .collect();
        let mut o = Map::new();
        if let Some(f) = files.get(file as usize) {
            o.insert("file".into(), json!(f.path));
        }
        o.insert("values".into(), Value::Array(values));
        notes.push(Value::Object(o));
    }
    if !notes.is_empty() {
        root.insert("unresolved".into(), Value::Array(notes));
    }
    (Value::Object(root), d.map)
}

/// The region the configuration deploys to: the one it says, else the one its literal zones
/// belong to, else unknown.
fn default_region(ex: &Extracted) -> String {
    if let Some(r) = &ex.region {
        return r.v.clone();
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for e in &ex.entities {
        let zones: Vec<&ZoneVal> = match &e.kind {
            Kind::VSwitch { zone: Some(z), .. } | Kind::Ecs { zone: Some(z), .. } => vec![&z.v],
            Kind::LoadBalancer { zones, .. } | Kind::Rds { zones, .. } => {
                zones.iter().map(|z| &z.v).collect()
            }
            _ => Vec::new(),
        };
        for z in zones {
            if let ZoneVal::Known(z) = z {
                if let Some(r) = crate::zones::region_of_zone(z) {
                    *counts.entry(r).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or_else(|| UNKNOWN_REGION.to_string(), |(r, _)| r)
}

/// The design's nodes, each with the positions of its fields.
#[derive(Default)]
struct Nodes {
    list: Vec<Located<Map<String, Value>>>,
    index: BTreeMap<String, usize>,
}

impl Nodes {
    fn push(&mut self, id: &str, o: Map<String, Value>, locs: Vec<(String, Loc)>) -> usize {
        self.list.push((o, locs));
        self.index.insert(id.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
    fn at_of(&self, id: &str) -> Loc {
        self.index
            .get(id)
            .and_then(|&i| self.list[i].1.first())
            .map_or(Loc::default(), |l| l.1)
    }
}

/// A node under construction: fields and their positions.
struct N {
    o: Map<String, Value>,
    locs: Vec<(String, Loc)>,
}

impl N {
    fn new(id: &str, kind: &str, at: Loc) -> N {
        let mut o = Map::new();
        o.insert("id".into(), json!(id));
        o.insert("kind".into(), json!(kind));
        N {
            o,
            locs: vec![(String::new(), at)],
        }
    }
    fn set(&mut self, key: &str, v: Value, at: Option<Loc>) {
        self.o.insert(key.into(), v);
        if let Some(at) = at {
            self.locs.push((format!("/{}", tok(key)), at));
        }
    }
    fn set_sp_str(&mut self, key: &str, v: &Option<Sp<String>>) {
        if let Some(s) = v {
            self.set(key, json!(s.v), Some(s.at));
        }
    }
    fn set_sp_num(&mut self, key: &str, v: &Option<Sp<f64>>) {
        if let Some(s) = v {
            self.set(key, num(s.v), Some(s.at));
        }
    }
    /// An array of ids with the position of each.
    fn set_ids(&mut self, key: &str, v: &[(String, Loc)]) {
        let arr: Vec<Value> = v.iter().map(|(id, _)| json!(id)).collect();
        self.o.insert(key.into(), Value::Array(arr));
        for (i, (_, at)) in v.iter().enumerate() {
            self.locs.push((format!("/{}/{i}", tok(key)), *at));
        }
    }
}

fn label(n: &mut N, e: &Entity) {
    if let Some(l) = &e.c.label {
        n.set("label", json!(l), None);
    }
}

fn build_nodes(cx: &Ctx<'_>, vswitch_zone: &BTreeMap<&str, Option<&Sp<ZoneVal>>>, out: &mut Nodes) {
    let ex = cx.ex;
    // Relations written as resources of their own, gathered per target.
    let mut extra_listeners: BTreeMap<&str, Vec<&ListenerSpec>> = BTreeMap::new();
    let mut server_groups: BTreeMap<&str, Vec<&Sp<Target>>> = BTreeMap::new(); // group → servers
    let mut group_lb: BTreeMap<&str, &str> = BTreeMap::new(); // server group → lb
    let mut lb_backends: BTreeMap<&str, Vec<(String, Loc)>> = BTreeMap::new();
    let mut whitelist_extra: BTreeMap<&str, Vec<&Sp<String>>> = BTreeMap::new();
    let mut oss_extra: BTreeMap<&str, Vec<&Kind>> = BTreeMap::new();
    let mut eip_target: BTreeMap<&str, &Sp<Target>> = BTreeMap::new();
    let mut snat_count: BTreeMap<&str, u64> = BTreeMap::new();
    let mut ssl_pool: BTreeMap<&str, Vec<&Sp<String>>> = BTreeMap::new();
    // Scaling group → the security groups and bandwidth of its scaling configurations.
    type ScalingExtras<'e> = (Vec<&'e Sp<Target>>, Option<&'e Sp<f64>>);
    let mut sc_groups: BTreeMap<&str, ScalingExtras<'_>> = BTreeMap::new();
    for e in &ex.entities {
        match &e.kind {
            Kind::Listener { lb: Some(lb), spec } => extra_listeners
                .entry(target_id(&lb.v))
                .or_default()
                .push(spec),
            Kind::ServerGroup { lb, servers } => {
                server_groups
                    .entry(e.c.key.as_str())
                    .or_default()
                    .extend(servers.iter());
                if let Some(lb) = lb {
                    group_lb.insert(e.c.key.as_str(), target_id(&lb.v));
                }
            }
            Kind::GroupServers {
                server_group,
                lb,
                servers,
            } => match (server_group, lb) {
                (Some(g), _) => server_groups
                    .entry(target_id(&g.v))
                    .or_default()
                    .extend(servers.iter()),
                (None, Some(lb)) => lb_backends
                    .entry(target_id(&lb.v))
                    .or_default()
                    .extend(servers.iter().map(|s| (target_id(&s.v).to_string(), s.at))),
                (None, None) => {}
            },
            Kind::RdsWhitelist {
                rds: Some(r),
                entries,
            } => whitelist_extra
                .entry(target_id(&r.v))
                .or_default()
                .extend(entries.iter()),
            Kind::OssSetting {
                bucket: Some(b), ..
            } => oss_extra.entry(target_id(&b.v)).or_default().push(&e.kind),
            Kind::EipAssociation {
                eip: Some(eip),
                instance: Some(i),
            } => {
                eip_target.insert(target_id(&eip.v), i);
            }
            Kind::Snat { nat: Some(n) } => *snat_count.entry(target_id(&n.v)).or_default() += 1,
            Kind::SslServer {
                vpn: Some(v),
                client_ips,
            } => ssl_pool
                .entry(target_id(&v.v))
                .or_default()
                .extend(client_ips.iter()),
            Kind::ScalingConfig {
                scaling_group: Some(g),
                groups,
                public_bandwidth,
            } => {
                let s = sc_groups.entry(target_id(&g.v)).or_default();
                s.0.extend(groups.iter());
                if s.1.is_none() {
                    s.1 = public_bandwidth.as_ref();
                }
            }
            _ => {}
        }
    }
    // Server groups whose load balancer is known through a listener.
    for e in &ex.entities {
        let (lb, spec) = match &e.kind {
            Kind::Listener { lb: Some(lb), spec } => (target_id(&lb.v), spec),
            _ => continue,
        };
        if let Some(g) = &spec.server_group {
            group_lb.entry(target_id(&g.v)).or_insert(lb);
        }
    }
    for e in &ex.entities {
        if let Kind::LoadBalancer { listeners, .. } = &e.kind {
            for l in listeners {
                if let Some(g) = &l.server_group {
                    group_lb.entry(target_id(&g.v)).or_insert(e.c.key.as_str());
                }
            }
        }
    }
    for (g, servers) in &server_groups {
        if let Some(lb) = group_lb.get(g) {
            lb_backends
                .entry(lb)
                .or_default()
                .extend(servers.iter().map(|s| (target_id(&s.v).to_string(), s.at)));
        }
    }
    // Scaling groups: their instances, and the load balancers they join.
    let mut scaled: Vec<(String, &Entity, Option<Sp<Target>>, usize)> = Vec::new();
    for e in &ex.entities {
        if let Kind::ScalingGroup {
            min_size,
            vswitches,
            load_balancers,
            server_groups: sgroups,
            ..
        } = &e.kind
        {
            let n = min_size
                .as_ref()
                .map_or(1, |m| m.v.clamp(0.0, 1000.0) as usize);
            for i in 0..n {
                let id = format!("{}/instance-{}", e.c.key, i + 1);
                let vsw = (!vswitches.is_empty()).then(|| vswitches[i % vswitches.len()].clone());
                for lb in load_balancers {
                    lb_backends
                        .entry(target_id(&lb.v))
                        .or_default()
                        .push((id.clone(), lb.at));
                }
                for g in sgroups {
                    if let Some(lb) = group_lb.get(target_id(&g.v)) {
                        lb_backends.entry(lb).or_default().push((id.clone(), g.at));
                    }
                }
                scaled.push((id, e, vsw, i));
            }
        }
    }
    // The ids of everything that becomes a node, to tell an external id from ours.
    let mut external_ecs: BTreeSet<String> = BTreeSet::new();
    for list in lb_backends.values() {
        for (id, _) in list {
            if !cx.by_key.contains_key(id.as_str()) && !scaled.iter().any(|s| &s.0 == id) {
                external_ecs.insert(id.clone());
            }
        }
    }

    // Instances of one resource block form one module; blocks whose instances are backends
    // of the same load balancer are replicas of one another and form one module too (named
    // after the block address that sorts first).
    let mut block_of: BTreeMap<&str, &str> = BTreeMap::new();
    for e in &ex.entities {
        if matches!(e.kind, Kind::Ecs { .. }) && !e.c.tags.contains_key(TAG_MODULE) {
            block_of.insert(e.c.key.as_str(), e.c.block.as_str());
        }
    }
    for (id, _, _, _) in &scaled {
        block_of.insert(id.as_str(), "");
    }
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    fn find(p: &mut BTreeMap<String, String>, x: &str) -> String {
        let mut cur = x.to_string();
        while let Some(n) = p.get(&cur).filter(|n| **n != cur) {
            cur = n.clone();
        }
        cur
    }
    let group_servers: Vec<Vec<(String, Loc)>> = server_groups
        .values()
        .map(|v| {
            v.iter()
                .map(|t| (target_id(&t.v).to_string(), t.at))
                .collect()
        })
        .collect();
    for list in lb_backends.values().chain(group_servers.iter()).chain(
        ex.entities
            .iter()
            .filter_map(|e| match &e.kind {
                Kind::LoadBalancer { backends, .. } => Some(backends),
                _ => None,
            })
            .map(|b| {
                b.iter()
                    .map(|t| (target_id(&t.v).to_string(), t.at))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
            .iter(),
    ) {
        let blocks: BTreeSet<&str> = list
            .iter()
            .filter_map(|(id, _)| block_of.get(id.as_str()).copied())
            .filter(|b| !b.is_empty())
            .collect();
        let mut it = blocks.into_iter();
        if let Some(first) = it.next() {
            // Union by root: the smaller root address stays root, so every block of the
            // set (and of sets merged earlier) reaches the same root.
            let mut r0 = find(&mut parent, first);
            for b in it {
                let r = find(&mut parent, b);
                if r == r0 {
                    continue;
                }
                let (lo, hi) = if r < r0 {
                    (r, r0.clone())
                } else {
                    (r0.clone(), r)
                };
                parent.insert(hi, lo.clone());
                r0 = lo;
            }
        }
    }
    let module_of = |e: &Entity| -> (String, Option<Loc>) {
        match e.c.tags.get(TAG_MODULE) {
            Some(t) => (t.v.clone(), Some(t.at)),
            None => {
                let mut p = parent.clone();
                (find(&mut p, &e.c.block), None)
            }
        }
    };

    for e in &ex.entities {
        let region = cx.region_of(e);
        match &e.kind {
            Kind::Ecs {
                role,
                vswitch,
                zone,
                groups,
                public_bandwidth,
                os,
                cpu,
                memory_gb,
                disks_gb,
            } => {
                let mut n = N::new(&e.c.key, "ecs", e.c.at);
                label(&mut n, e);
                let role = e.c.tags.get(TAG_ROLE).or(role.as_ref());
                if let Some(r) = role {
                    n.set("role", json!(r.v), Some(r.at));
                }
                let (m, mat) = module_of(e);
                n.set("module", json!(m), mat);
                place_ecs(&mut n, vswitch.as_ref(), zone.as_ref(), &region);
                n.set_sp_num("public_bandwidth_mbps", public_bandwidth);
                n.set_sp_str("os", os);
                n.set_sp_num("cpu", cpu);
                n.set_sp_num("memory_gb", memory_gb);
                if !disks_gb.is_empty() {
                    let arr = disks_gb.iter().map(|d| num(d.v)).collect();
                    n.set("disks_gb", Value::Array(arr), None);
                    for (i, d) in disks_gb.iter().enumerate() {
                        n.locs.push((format!("/disks_gb/{i}"), d.at));
                    }
                }
                let ids: Vec<(String, Loc)> = groups
                    .iter()
                    .map(|g| (target_id(&g.v).to_string(), g.at))
                    .collect();
                if !ids.is_empty() {
                    n.set_ids("security_groups", &ids);
                }
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::ScalingGroup { groups, .. } => {
                for (id, _, vsw, k) in scaled.iter().filter(|s| std::ptr::eq(s.1, e)) {
                    let mut n = N::new(id, "ecs", e.c.at);
                    // Each instance's own label: the group's name and its number.
                    let base = e.c.label.as_deref().unwrap_or(e.c.key.as_str());
                    n.set("label", json!(format!("{base} #{}", k + 1)), None);
                    if let Some(r) = e.c.tags.get(TAG_ROLE) {
                        n.set("role", json!(r.v), Some(r.at));
                    }
                    let (m, mat) = module_of(e);
                    n.set("module", json!(m), mat);
                    let zone = vsw.as_ref().and_then(|v| match &v.v {
                        Target::Key(k) => vswitch_zone.get(k.as_str()).copied().flatten(),
                        Target::External(_) => None,
                    });
                    place_ecs(&mut n, vsw.as_ref(), zone, &region);
                    let mut ids: Vec<(String, Loc)> = groups
                        .iter()
                        .map(|g| (target_id(&g.v).to_string(), g.at))
                        .collect();
                    if let Some((sg, bw)) = sc_groups.get(e.c.key.as_str()) {
                        for g in sg {
                            if !ids.iter().any(|(i, _)| i == target_id(&g.v)) {
                                ids.push((target_id(&g.v).to_string(), g.at));
                            }
                        }
                        n.set_sp_num("public_bandwidth_mbps", &bw.cloned());
                    }
                    if !ids.is_empty() {
                        n.set_ids("security_groups", &ids);
                    }
                    out.push(id, n.o, n.locs);
                }
            }
            Kind::LoadBalancer {
                product,
                scope,
                zones,
                bandwidth,
                listeners,
                backends,
                ..
            } => {
                let mut n = N::new(&e.c.key, "slb", e.c.at);
                label(&mut n, e);
                n.set("region", json!(region), None);
                n.set("type", json!(product), None);
                n.set_sp_str("scope", scope);
                if !zones.is_empty() {
                    let z: Vec<(String, Loc)> =
                        zones.iter().map(|z| (zone_id(&z.v), z.at)).collect();
                    n.set_ids("zones", &z);
                }
                n.set_sp_num("bandwidth_mbps", bandwidth);
                let all: Vec<&ListenerSpec> = listeners
                    .iter()
                    .chain(
                        extra_listeners
                            .get(e.c.key.as_str())
                            .into_iter()
                            .flatten()
                            .copied(),
                    )
                    .collect();
                let mut ls = Vec::new();
                for (li, l) in all.iter().enumerate() {
                    ls.push(listener(l, li, &mut n.locs));
                }
                n.o.insert("listeners".into(), Value::Array(ls));
                let mut b: Vec<(String, Loc)> = backends
                    .iter()
                    .map(|t| (target_id(&t.v).to_string(), t.at))
                    .collect();
                b.extend(
                    lb_backends
                        .get(e.c.key.as_str())
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
                let mut seen = BTreeSet::new();
                b.retain(|(id, _)| seen.insert(id.clone()));
                n.set_ids("backends", &b);
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::Rds {
                engine,
                category,
                zones,
                whitelist,
                public,
                storage_gb,
                ..
            } => {
                let mut n = N::new(&e.c.key, "rds", e.c.at);
                label(&mut n, e);
                n.set("region", json!(region), None);
                n.set_sp_str("engine", engine);
                n.set_sp_str("category", category);
                if !zones.is_empty() {
                    let z: Vec<(String, Loc)> =
                        zones.iter().map(|z| (zone_id(&z.v), z.at)).collect();
                    n.set_ids("zones", &z);
                }
                let wl: Vec<(String, Loc)> = whitelist
                    .iter()
                    .chain(
                        whitelist_extra
                            .get(e.c.key.as_str())
                            .into_iter()
                            .flatten()
                            .copied(),
                    )
                    .map(|w| (w.v.clone(), w.at))
                    .collect();
                if !wl.is_empty() {
                    n.set_ids("whitelist", &wl);
                }
                if let Some(p) = public {
                    n.set("public", json!(p.v), Some(p.at));
                }
                n.set_sp_num("storage_gb", storage_gb);
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::Oss {
                acl,
                redundancy,
                replicates_to,
            } => {
                let mut n = N::new(&e.c.key, "oss", e.c.at);
                label(&mut n, e);
                n.set("region", json!(region), None);
                // Buckets of the public cloud are reachable from the internet; those of the
                // financial cloud's regions only inside it (the format's `internal`).
                let network = if region.contains("-finance") {
                    "internal"
                } else {
                    "external"
                };
                n.set("network", json!(network), None);
                let mut acl = acl.clone();
                let mut rep = replicates_to.clone();
                for k in oss_extra.get(e.c.key.as_str()).into_iter().flatten() {
                    if let Kind::OssSetting {
                        acl: a,
                        replicates_to: r,
                        ..
                    } = k
                    {
                        if a.is_some() {
                            acl = a.clone();
                        }
                        if r.is_some() {
                            rep = r.clone();
                        }
                    }
                }
                n.set_sp_str("acl", &acl);
                n.set_sp_str("redundancy", redundancy);
                if let Some(r) = rep {
                    if cx
                        .kind_of(&r.v)
                        .is_some_and(|k| matches!(k, Kind::Oss { .. }))
                    {
                        n.set("replicates_to", json!(target_id(&r.v)), Some(r.at));
                    }
                }
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::Eip { attached_to, .. } => {
                let mut n = N::new(&e.c.key, "eip", e.c.at);
                label(&mut n, e);
                let t = attached_to
                    .as_ref()
                    .or(eip_target.get(e.c.key.as_str()).copied());
                if let Some(t) = t {
                    if matches!(t.v, Target::Key(_)) {
                        n.set("attached_to", json!(target_id(&t.v)), Some(t.at));
                    }
                }
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::Nat { vswitch, .. } => {
                let mut n = N::new(&e.c.key, "nat", e.c.at);
                label(&mut n, e);
                match vswitch {
                    Some(v) => n.set("vswitch", json!(target_id(&v.v)), Some(v.at)),
                    None => n.set("region", json!(region), None),
                }
                if let Some(c) = snat_count.get(e.c.key.as_str()) {
                    n.set("rules", json!(c), None);
                }
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::VpnGateway { ssl, ipsec, .. } => {
                let has_pool = ssl_pool.contains_key(e.c.key.as_str());
                let has_conn = ex.entities.iter().any(|c| {
                    matches!(&c.kind, Kind::IpsecConnection { vpn: Some(v), .. } if target_id(&v.v) == e.c.key)
                });
                let ssl_on = has_pool || ssl.as_ref().is_some_and(|s| s.v);
                let ipsec_on = ipsec.as_ref().is_some_and(|s| s.v);
                if ssl_on || !(has_conn || ipsec_on) {
                    let mut n = N::new(&e.c.key, "vpn", e.c.at);
                    label(&mut n, e);
                    n.set("region", json!(region), None);
                    if ssl_on {
                        n.set("type", json!("ssl"), ssl.as_ref().map(|s| s.at));
                    }
                    if let Some(pool) = ssl_pool.get(e.c.key.as_str()) {
                        let ips: Vec<(String, Loc)> =
                            pool.iter().map(|p| (p.v.clone(), p.at)).collect();
                        n.set_ids("client_ips", &ips);
                    }
                    out.push(&e.c.key, n.o, n.locs);
                } else if ipsec_on && !has_conn {
                    let mut n = N::new(&e.c.key, "vpn", e.c.at);
                    label(&mut n, e);
                    n.set("region", json!(region), None);
                    n.set("type", json!("ipsec"), ipsec.as_ref().map(|s| s.at));
                    out.push(&e.c.key, n.o, n.locs);
                }
            }
            Kind::IpsecConnection {
                vpn,
                customer_gateway,
            } => {
                let mut n = N::new(&e.c.key, "vpn", e.c.at);
                label(&mut n, e);
                n.set("region", json!(region), vpn.as_ref().map(|v| v.at));
                n.set("type", json!("ipsec"), None);
                if let Some(cg) = customer_gateway {
                    if let Some(Kind::CustomerGateway { ip }) = cx.kind_of(&cg.v) {
                        let mut peer = Map::new();
                        if let Some(ip) = ip {
                            peer.insert("public_ip".into(), json!(ip.v));
                            n.locs.push(("/peer/public_ip".into(), ip.at));
                        }
                        n.set("peer", Value::Object(peer), None);
                        n.set("connects", json!(target_id(&cg.v)), Some(cg.at));
                    }
                }
                out.push(&e.c.key, n.o, n.locs);
            }
            Kind::CustomerGateway { .. } => {
                let mut n = N::new(&e.c.key, "idc", e.c.at);
                label(&mut n, e);
                out.push(&e.c.key, n.o, n.locs);
            }
            _ => {}
        }
    }
    // Backends named by literal ids: instances declared elsewhere.
    for id in external_ecs {
        let mut n = N::new(&id, "ecs", Loc::default());
        n.set("label", json!("outside the configuration"), None);
        n.set("external", json!(true), None);
        out.push(&id, n.o, n.locs);
    }
}

/// Places an instance: in its vSwitch when the configuration names one (a literal id outside
/// the configuration is a placeholder vSwitch), else in its zone.
fn place_ecs(n: &mut N, vswitch: Option<&Sp<Target>>, zone: Option<&Sp<ZoneVal>>, region: &str) {
    match (vswitch, zone) {
        (Some(v), _) => n.set("vswitch", json!(target_id(&v.v)), Some(v.at)),
        // A VPC region places instances by vSwitch: one in the zone, outside the configuration.
        (None, Some(z)) => n.set(
            "vswitch",
            json!(format!("{UNKNOWN_VSWITCH}:{}", zone_id(&z.v))),
            Some(z.at),
        ),
        // Placement known only at deploy: a placeholder vSwitch of unknown zone.
        (None, None) => n.set(
            "vswitch",
            json!(format!("{UNKNOWN_VSWITCH}:{region}")),
            None,
        ),
    }
}

fn listener(l: &ListenerSpec, li: usize, locs: &mut Vec<(String, Loc)>) -> Value {
    let base = format!("/listeners/{li}");
    locs.push((base.clone(), l.at));
    let mut o = Map::new();
    let mut put = |k: &str, v: Value, at: Loc, o: &mut Map<String, Value>| {
        o.insert(k.into(), v);
        locs.push((format!("{base}/{k}"), at));
    };
    if let Some(p) = &l.protocol {
        put("protocol", json!(p.v), p.at, &mut o);
    }
    if let Some(p) = &l.port {
        put("port", num(p.v), p.at, &mut o);
    }
    if let Some(p) = &l.backend_port {
        put("backend_port", num(p.v), p.at, &mut o);
    }
    if let Some(p) = &l.sticky {
        put("sticky", json!(p.v), p.at, &mut o);
    }
    if let Some(p) = &l.certificate {
        put("certificate", json!(p.v), p.at, &mut o);
    }
    let mut hc = Map::new();
    let mut hc_locs = Vec::new();
    if let Some(p) = &l.health_check {
        hc.insert("enabled".into(), json!(p.v));
        hc_locs.push(("enabled", p.at));
    }
    if l.health_check.as_ref().is_none_or(|h| h.v) {
        if let Some(p) = &l.health_check_protocol {
            hc.insert("protocol".into(), json!(p.v));
            hc_locs.push(("protocol", p.at));
        }
        if let Some(p) = &l.health_check_path {
            hc.insert("path".into(), json!(p.v));
            hc_locs.push(("path", p.at));
        }
        if let Some(p) = &l.health_check_port {
            hc.insert("port".into(), num(p.v));
            hc_locs.push(("port", p.at));
        }
    }
    if !hc.is_empty() {
        let at = hc_locs.first().map_or(l.at, |x| x.1);
        locs.push((format!("{base}/health_check"), at));
        for (k, at) in hc_locs {
            locs.push((format!("{base}/health_check/{k}"), at));
        }
        o.insert("health_check".into(), Value::Object(hc));
    }
    Value::Object(o)
}
