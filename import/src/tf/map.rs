//! Terraform resource types of provider `alicloud` → entities. The table of what is read is
//! `docs/import.md`; every other resource type is skipped and counted.

use std::collections::BTreeMap;

use super::eval::{Evaluator, IAttr, IBody, Inst};
use super::value::Val;
use crate::ent::{
    Common, Entity, Extracted, Kind, ListenerSpec, Loc, RuleSource, RuleSpec, Skipped, Sp, Target,
    Unresolved, ZoneVal,
};
use crate::ImportError;

/// Reads every resource instance of every module.
pub fn map_all(ev: &mut Evaluator<'_>, ex: &mut Extracted) -> Result<(), ImportError> {
    let mut insts: Vec<Inst> = Vec::new();
    for m in 0..ev.modules.len() {
        for bi in 0..ev.modules[m].resources.len() {
            insts.extend(ev.instances(m, bi)?.iter().cloned());
        }
    }
    // Names by which resources are referred to when not by id (an OSS bucket's name).
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for i in &insts {
        if i.ty == "alicloud_oss_bucket" {
            if let Some(Val::Str(b)) = i.body.attrs.get("bucket").map(|a| &a.v) {
                names.insert(b.clone(), i.addr.clone());
            }
        }
    }
    let mut mp = Mapper {
        ex,
        names,
        alb_health: BTreeMap::new(),
        later: Later::default(),
    };
    // ALB / NLB server groups carry the health check of the listeners that forward to them.
    for i in &insts {
        let key = match i.ty.as_str() {
            "alicloud_alb_server_group" => "health_check_config",
            "alicloud_nlb_server_group" => "health_check",
            _ => continue,
        };
        if let Some(b) = block(&i.body, key) {
            let enabled = b
                .attrs
                .get("health_check_enabled")
                .and_then(|a| a.v.as_bool().map(|v| Sp::new(v, a.at)));
            mp.alb_health.insert(i.addr.clone(), (enabled, b.clone()));
        }
    }
    for i in &insts {
        mp.map(i);
    }
    mp.ex.unresolved.append(&mut ev.unknowns);
    mp.finish();
    Ok(())
}

/// Relations written as resources of their own that amend other entities, applied once every
/// resource is read.
#[derive(Default)]
struct Later {
    /// `alicloud_ess_server_group_attachment`: scaling group → the server group it joins.
    ess_groups: Vec<(String, Sp<Target>)>,
    /// `alicloud_vpc_ipv4_cidr_block`: VPCs with a secondary CIDR.
    secondary_cidr: Vec<String>,
    /// EDAS: application → its cluster; cluster → the ECS instances added to it; an
    /// application bound to a load balancer.
    edas_app: BTreeMap<String, String>,
    edas_cluster: BTreeMap<String, Vec<Sp<Target>>>,
    edas_slb: Vec<(Common, String, Sp<Target>)>,
}

struct Mapper<'x> {
    ex: &'x mut Extracted,
    names: BTreeMap<String, String>,
    alb_health: BTreeMap<String, (Option<Sp<bool>>, IBody)>,
    later: Later,
}

fn block<'b>(body: &'b IBody, name: &str) -> Option<&'b IBody> {
    body.blocks
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, b, _)| b)
}

fn blocks<'b>(body: &'b IBody, name: &'b str) -> impl Iterator<Item = (&'b IBody, Loc)> + 'b {
    body.blocks
        .iter()
        .filter(move |(n, _, _)| n == name)
        .map(|(_, b, at)| (b, *at))
}

impl Mapper<'_> {
    fn unresolved(&mut self, at: Loc, what: &str, v: &Val) {
        let from = match v {
            Val::Unknown(u) => u.origin.clone(),
            other => other.describe(),
        };
        self.ex.unresolved.push(Unresolved {
            at,
            what: what.to_string(),
            from,
        });
    }

    fn common(&self, i: &Inst, name_attrs: &[&str]) -> Common {
        let label = name_attrs
            .iter()
            .find_map(|n| match i.body.attrs.get(*n).map(|a| &a.v) {
                Some(Val::Str(s)) if !s.is_empty() => Some(s.clone()),
                _ => None,
            });
        let mut tags = BTreeMap::new();
        if let Some(t) = i.body.attrs.get("tags") {
            if let Val::Map(m) = &t.v {
                for (k, v) in m {
                    if let Some(s) = v.as_string() {
                        let at = t
                            .parts
                            .iter()
                            .find(|(n, _)| n == k)
                            .map_or(t.at, |(_, a)| *a);
                        tags.insert(k.clone(), Sp::new(s, at));
                    }
                }
            }
        }
        Common {
            key: i.addr.clone(),
            block: i.block.clone(),
            label,
            at: i.at,
            tags,
            region: i.region.clone(),
        }
    }

    fn str_of(&mut self, b: &IBody, name: &str) -> Option<Sp<String>> {
        let a = b.attrs.get(name)?;
        match a.v.as_string() {
            Some(s) => Some(Sp::new(s, a.at)),
            None => {
                if a.v.is_unknown() {
                    self.unresolved(a.at, name, &a.v);
                }
                None
            }
        }
    }
    fn lower_of(&mut self, b: &IBody, name: &str) -> Option<Sp<String>> {
        self.str_of(b, name)
            .map(|s| Sp::new(s.v.to_ascii_lowercase(), s.at))
    }
    fn num_of(&mut self, b: &IBody, name: &str) -> Option<Sp<f64>> {
        let a = b.attrs.get(name)?;
        match a.v.as_num() {
            Some(n) => Some(Sp::new(n, a.at)),
            None => {
                if a.v.is_unknown() {
                    self.unresolved(a.at, name, &a.v);
                }
                None
            }
        }
    }
    /// A health-check port: `0` (the provider's default) means the backend port, as absent.
    fn port_of(&mut self, b: &IBody, name: &str) -> Option<Sp<f64>> {
        self.num_of(b, name).filter(|p| p.v != 0.0)
    }
    fn bool_of(&mut self, b: &IBody, name: &str) -> Option<Sp<bool>> {
        let a = b.attrs.get(name)?;
        let v = match &a.v {
            Val::Str(s) if s.eq_ignore_ascii_case("on") => Some(true),
            Val::Str(s) if s.eq_ignore_ascii_case("off") => Some(false),
            v => v.as_bool(),
        };
        match v {
            Some(x) => Some(Sp::new(x, a.at)),
            None => {
                if a.v.is_unknown() {
                    self.unresolved(a.at, name, &a.v);
                }
                None
            }
        }
    }

    fn target_val(&self, v: &Val) -> Option<Target> {
        match v {
            Val::Ref(addr) => Some(Target::Key(addr.clone())),
            Val::Str(s) if self.names.contains_key(s) => Some(Target::Key(self.names[s].clone())),
            Val::Str(s) if !s.is_empty() => Some(Target::External(s.clone())),
            Val::List(l) if l.len() == 1 => self.target_val(&l[0]),
            _ => None,
        }
    }
    fn target_of(&mut self, b: &IBody, name: &str) -> Option<Sp<Target>> {
        let a = b.attrs.get(name)?;
        match self.target_val(&a.v) {
            Some(t) => Some(Sp::new(t, a.at)),
            None => {
                if a.v.is_unknown() {
                    self.unresolved(a.at, name, &a.v);
                }
                None
            }
        }
    }
    /// A list of targets (or a comma-separated string of ids), each with its position.
    fn targets_of(&mut self, b: &IBody, name: &str) -> Vec<Sp<Target>> {
        let Some(a) = b.attrs.get(name) else {
            return Vec::new();
        };
        self.targets_in(a, name)
    }
    fn targets_in(&mut self, a: &IAttr, name: &str) -> Vec<Sp<Target>> {
        let items: Vec<Val> = match &a.v {
            Val::List(l) => l.clone(),
            Val::Str(s) if s.contains(',') => {
                s.split(',').map(|x| Val::Str(x.trim().into())).collect()
            }
            Val::Unknown(_) => {
                self.unresolved(a.at, name, &a.v);
                return Vec::new();
            }
            Val::Null => Vec::new(),
            other => vec![other.clone()],
        };
        let mut out = Vec::new();
        for (k, v) in items.iter().enumerate() {
            let at = a.parts.get(k).map_or(a.at, |p| p.1);
            match self.target_val(v) {
                Some(t) => out.push(Sp::new(t, at)),
                None if v.is_unknown() => self.unresolved(at, name, v),
                None => {}
            }
        }
        out
    }
    fn strings_of(&mut self, b: &IBody, name: &str, split_commas: bool) -> Vec<Sp<String>> {
        let Some(a) = b.attrs.get(name) else {
            return Vec::new();
        };
        let items: Vec<(Val, Loc)> = match &a.v {
            Val::List(l) => l
                .iter()
                .enumerate()
                .map(|(k, v)| (v.clone(), a.parts.get(k).map_or(a.at, |p| p.1)))
                .collect(),
            Val::Str(s) if split_commas => s
                .split(',')
                .map(|x| (Val::Str(x.trim().into()), a.at))
                .filter(|(v, _)| v.as_string().is_some_and(|s| !s.is_empty()))
                .collect(),
            Val::Unknown(_) => {
                self.unresolved(a.at, name, &a.v);
                return Vec::new();
            }
            other => vec![(other.clone(), a.at)],
        };
        let mut out = Vec::new();
        for (v, at) in items {
            match v.as_string() {
                Some(s) => out.push(Sp::new(s, at)),
                None if v.is_unknown() => self.unresolved(at, name, &v),
                None => {}
            }
        }
        out
    }
    /// A zone: a literal id, a placeholder for a zone known at deploy, or nothing when the
    /// value cannot stand for one zone.
    fn zone_of(&mut self, b: &IBody, name: &str) -> Option<Sp<ZoneVal>> {
        let a = b.attrs.get(name)?;
        match &a.v {
            Val::Str(s) if !s.is_empty() => Some(Sp::new(ZoneVal::Known(s.clone()), a.at)),
            Val::Unknown(u) => {
                self.unresolved(a.at, name, &a.v);
                (!u.opaque).then(|| Sp::new(ZoneVal::Placeholder(u.origin.clone()), a.at))
            }
            _ => None,
        }
    }

    /// The key of the entity a reference names (a reference, not a literal id).
    fn key_of(&mut self, b: &IBody, name: &str) -> Option<String> {
        match self.target_of(b, name)?.v {
            Target::Key(k) => Some(k),
            Target::External(_) => None,
        }
    }

    fn finish(&mut self) {
        let later = std::mem::take(&mut self.later);
        for (key, group) in later.ess_groups {
            for e in self.ex.entities.iter_mut().filter(|e| e.c.key == key) {
                if let Kind::ScalingGroup { server_groups, .. } = &mut e.kind {
                    server_groups.push(group.clone());
                }
            }
        }
        // The format holds one CIDR per VPC: a VPC with a secondary block has its vSwitches
        // in either, so its CIDR is left unknown rather than judged against the first alone.
        for key in later.secondary_cidr {
            for e in self.ex.entities.iter_mut().filter(|e| e.c.key == key) {
                if let Kind::Vpc { cidr } = &mut e.kind {
                    *cidr = None;
                }
            }
        }
        // An EDAS application bound to a load balancer runs on the instances of its cluster.
        for (c, app, lb) in later.edas_slb {
            let servers = later
                .edas_app
                .get(&app)
                .and_then(|cluster| later.edas_cluster.get(cluster))
                .cloned()
                .unwrap_or_default();
            let kind = Kind::GroupServers {
                server_group: None,
                lb: Some(lb),
                servers,
            };
            self.push(c, kind);
        }
    }

    fn push(&mut self, c: Common, kind: Kind) {
        self.ex.entities.push(Entity { c, kind });
    }

    fn skip(&mut self, i: &Inst) {
        self.ex.skipped.push(Skipped {
            ty: i.ty.clone(),
            key: i.addr.clone(),
            at: i.at,
        });
    }

    fn map(&mut self, i: &Inst) {
        let b = &i.body;
        match i.ty.as_str() {
            "alicloud_vpc" | "alicloud_vpc_vpc" => {
                let c = self.common(i, &["vpc_name", "name"]);
                let cidr = self.str_of(b, "cidr_block");
                self.push(c, Kind::Vpc { cidr });
            }
            "alicloud_vswitch" | "alicloud_vpc_vswitch" => {
                let c = self.common(i, &["vswitch_name", "name"]);
                let vpc = self.target_of(b, "vpc_id");
                let zone = self
                    .zone_of(b, "zone_id")
                    .or_else(|| self.zone_of(b, "availability_zone"));
                let cidr = self.str_of(b, "cidr_block");
                self.push(c, Kind::VSwitch { vpc, zone, cidr });
            }
            "alicloud_security_group" => {
                let c = self.common(i, &["security_group_name", "name"]);
                self.push(c, Kind::SecurityGroup { rules: Vec::new() });
            }
            "alicloud_security_group_rule" => {
                let c = self.common(i, &["description"]);
                let group = self.target_of(b, "security_group_id");
                let rule = self.rule(b, i.at);
                self.push(c, Kind::GroupRule { group, rule });
            }
            "alicloud_instance" => {
                let c = self.common(i, &["instance_name", "host_name"]);
                let kind = self.ecs(b, None);
                self.push(c, kind);
            }
            "alicloud_ecs_instance_set" => {
                let c = self.common(i, &["instance_name", "host_name"]);
                let amount = self
                    .num_of(b, "amount")
                    .map_or(1, |a| a.v.clamp(1.0, 1000.0) as usize);
                for k in 0..amount {
                    let mut ck = c.clone();
                    ck.key = format!("{}/{}", c.key, k + 1);
                    let kind = self.ecs(b, None);
                    self.push(ck, kind);
                }
            }
            "alicloud_bastionhost_instance" | "alicloud_yundun_bastionhost_instance" => {
                let c = self.common(i, &["description"]);
                let kind = self.ecs(b, Some(Sp::new("bastion".to_string(), i.at)));
                self.push(c, kind);
            }
            "alicloud_slb_load_balancer" | "alicloud_slb" => {
                let c = self.common(i, &["load_balancer_name", "name"]);
                let scope = self.scope(b, "address_type");
                let mut zones = Vec::new();
                zones.extend(self.zone_of(b, "master_zone_id"));
                zones.extend(self.zone_of(b, "slave_zone_id"));
                let vswitches = self.target_of(b, "vswitch_id").into_iter().collect();
                let bandwidth = self.num_of(b, "bandwidth");
                self.push(
                    c,
                    Kind::LoadBalancer {
                        product: "clb",
                        scope,
                        zones,
                        vswitches,
                        bandwidth,
                        listeners: Vec::new(),
                        backends: Vec::new(),
                    },
                );
            }
            "alicloud_alb_load_balancer" | "alicloud_nlb_load_balancer" => {
                let product = if i.ty.contains("_alb_") { "alb" } else { "nlb" };
                let c = self.common(i, &["load_balancer_name"]);
                let scope = self.scope(b, "address_type");
                let mut zones = Vec::new();
                let mut vswitches = Vec::new();
                for (zm, _) in blocks(b, "zone_mappings") {
                    zones.extend(self.zone_of(zm, "zone_id"));
                    vswitches.extend(self.target_of(zm, "vswitch_id"));
                }
                self.push(
                    c,
                    Kind::LoadBalancer {
                        product,
                        scope,
                        zones,
                        vswitches,
                        bandwidth: None,
                        listeners: Vec::new(),
                        backends: Vec::new(),
                    },
                );
            }
            "alicloud_slb_listener" => {
                let c = self.common(i, &["description"]);
                let lb = self.target_of(b, "load_balancer_id");
                let mut spec = ListenerSpec {
                    at: i.at,
                    protocol: self.lower_of(b, "protocol"),
                    port: self.num_of(b, "frontend_port"),
                    backend_port: self.num_of(b, "backend_port"),
                    sticky: self.bool_of(b, "sticky_session"),
                    health_check: self.bool_of(b, "health_check"),
                    health_check_protocol: self.lower_of(b, "health_check_type"),
                    health_check_path: self.str_of(b, "health_check_uri"),
                    health_check_port: self.port_of(b, "health_check_connect_port"),
                    server_group: self.target_of(b, "server_group_id"),
                    certificate: None,
                };
                if spec.protocol.as_ref().is_some_and(|p| p.v == "https") {
                    let cert = b
                        .attrs
                        .get("server_certificate_id")
                        .or_else(|| b.attrs.get("ca_certificate_id"));
                    spec.certificate = Some(Sp::new(
                        cert.is_some_and(|a| !matches!(a.v, Val::Null)),
                        cert.map_or(i.at, |a| a.at),
                    ));
                }
                // An http listener checks over http unless it says tcp.
                if spec.health_check_protocol.is_none() && spec.health_check_path.is_some() {
                    spec.health_check_protocol = Some(Sp::new("http".into(), i.at));
                }
                self.push(c, Kind::Listener { lb, spec });
            }
            "alicloud_alb_listener" | "alicloud_nlb_listener" => {
                let c = self.common(i, &["listener_description"]);
                let lb = self.target_of(b, "load_balancer_id");
                let mut server_group = self.target_of(b, "server_group_id");
                for (da, _) in blocks(b, "default_actions") {
                    for (fg, _) in blocks(da, "forward_group_config") {
                        for (t, _) in blocks(fg, "server_group_tuples") {
                            if server_group.is_none() {
                                server_group = self.target_of(t, "server_group_id");
                            }
                        }
                    }
                }
                let protocol = self.lower_of(b, "listener_protocol");
                let mut spec = ListenerSpec {
                    at: i.at,
                    protocol,
                    port: self.num_of(b, "listener_port"),
                    server_group: server_group.clone(),
                    ..ListenerSpec::default()
                };
                if spec.protocol.as_ref().is_some_and(|p| p.v == "https") {
                    let has = !b.blocks.iter().all(|(n, _, _)| n != "certificates")
                        || b.attrs.contains_key("certificate_ids");
                    spec.certificate = Some(Sp::new(has, i.at));
                }
                if let Some(Sp {
                    v: Target::Key(g), ..
                }) = &server_group
                {
                    if let Some((enabled, hc)) = self.alb_health.get(g).cloned() {
                        spec.health_check = enabled;
                        spec.health_check_path = self.str_of(&hc, "health_check_path");
                        spec.health_check_protocol = self
                            .lower_of(&hc, "health_check_protocol")
                            .or_else(|| self.lower_of(&hc, "health_check_type"));
                        spec.health_check_port = self.port_of(&hc, "health_check_connect_port");
                    }
                }
                self.push(c, Kind::Listener { lb, spec });
            }
            "alicloud_slb_backend_server" | "alicloud_slb_attachment" => {
                let c = self.common(i, &[]);
                let lb = self.target_of(b, "load_balancer_id");
                let mut servers = self.targets_of(b, "instance_ids");
                for (bs, _) in blocks(b, "backend_servers") {
                    servers.extend(self.target_of(bs, "server_id"));
                }
                self.push(
                    c,
                    Kind::GroupServers {
                        server_group: None,
                        lb,
                        servers,
                    },
                );
            }
            "alicloud_slb_server_group"
            | "alicloud_alb_server_group"
            | "alicloud_nlb_server_group" => {
                let c = self.common(i, &["name", "server_group_name"]);
                let lb = self.target_of(b, "load_balancer_id");
                let mut servers = Vec::new();
                for (s, _) in blocks(b, "servers") {
                    servers.extend(self.targets_of(s, "server_ids"));
                    servers.extend(self.target_of(s, "server_id"));
                }
                self.push(c, Kind::ServerGroup { lb, servers });
            }
            "alicloud_slb_server_group_server_attachment"
            | "alicloud_alb_server_group_server_attachment"
            | "alicloud_nlb_server_group_server_attachment" => {
                let c = self.common(i, &[]);
                let server_group = self.target_of(b, "server_group_id");
                let servers = self.target_of(b, "server_id").into_iter().collect();
                self.push(
                    c,
                    Kind::GroupServers {
                        server_group,
                        lb: None,
                        servers,
                    },
                );
            }
            "alicloud_db_instance" | "alicloud_rds_instance" => {
                let c = self.common(i, &["instance_name", "db_instance_description"]);
                let engine = self.lower_of(b, "engine").map(|e| {
                    let v = match e.v.as_str() {
                        "postgresql" | "pg" => "postgresql".to_string(),
                        other => other.to_string(),
                    };
                    Sp::new(v, e.at)
                });
                let category = self.str_of(b, "category").map(|c| {
                    let v = match c.v.to_ascii_lowercase().as_str() {
                        "basic" | "serverless_basic" => "basic",
                        "highavailability" | "high_availability" | "serverless_standard" => {
                            "high-availability"
                        }
                        "alwayson" | "cluster" => "cluster",
                        "finance" | "serverless_ha" => "finance",
                        // Another edition: kept as written (DF005 names it), not guessed.
                        other => return Sp::new(other.to_string(), c.at),
                    };
                    Sp::new(v.to_string(), c.at)
                });
                let zones = self.rds_zones(b, &i.addr);
                let vswitch = self.target_of(b, "vswitch_id");
                let whitelist = self.strings_of(b, "security_ips", true);
                let storage_gb = self.num_of(b, "instance_storage");
                self.push(
                    c,
                    Kind::Rds {
                        engine,
                        category,
                        zones,
                        vswitch,
                        whitelist,
                        public: None,
                        storage_gb,
                    },
                );
            }
            "alicloud_db_connection" => {
                let c = self.common(i, &[]);
                let rds = self.target_of(b, "instance_id");
                // A connection resource is a public endpoint.
                self.push(
                    c,
                    Kind::RdsWhitelist {
                        rds,
                        entries: Vec::new(),
                    },
                );
                if let Some(Entity {
                    kind: Kind::RdsWhitelist { rds: Some(r), .. },
                    ..
                }) = self.ex.entities.last()
                {
                    let key = match &r.v {
                        Target::Key(k) => k.clone(),
                        Target::External(_) => return,
                    };
                    let at = r.at;
                    self.ex.entities.pop();
                    if let Some(e) = self.ex.entities.iter_mut().find(|e| e.c.key == key) {
                        if let Kind::Rds { public, .. } = &mut e.kind {
                            *public = Some(Sp::new(true, at));
                        }
                    }
                }
            }
            "alicloud_db_instance_security_ips" | "alicloud_rds_whitelist" => {
                let c = self.common(i, &[]);
                let rds = self
                    .target_of(b, "db_instance_id")
                    .or_else(|| self.target_of(b, "instance_id"));
                let entries = self.strings_of(b, "security_ips", true);
                self.push(c, Kind::RdsWhitelist { rds, entries });
            }
            "alicloud_oss_bucket" => {
                let c = self.common(i, &["bucket"]);
                let acl = self.lower_of(b, "acl");
                let redundancy = self.lower_of(b, "redundancy_type");
                self.push(
                    c,
                    Kind::Oss {
                        acl,
                        redundancy,
                        replicates_to: None,
                    },
                );
            }
            "alicloud_oss_bucket_acl" => {
                let c = self.common(i, &[]);
                let bucket = self.target_of(b, "bucket");
                let acl = self.lower_of(b, "acl");
                self.push(
                    c,
                    Kind::OssSetting {
                        bucket,
                        acl,
                        replicates_to: None,
                    },
                );
            }
            "alicloud_oss_bucket_replication" => {
                let c = self.common(i, &[]);
                let bucket = self.target_of(b, "bucket");
                let dest = block(b, "destination").cloned();
                let replicates_to = dest.and_then(|d| self.target_of(&d, "bucket"));
                self.push(
                    c,
                    Kind::OssSetting {
                        bucket,
                        acl: None,
                        replicates_to,
                    },
                );
            }
            "alicloud_ess_server_group_attachment" | "alicloud_ess_alb_server_group_attachment" => {
                let group = self.key_of(b, "scaling_group_id");
                let sg = self
                    .target_of(b, "server_group_id")
                    .or_else(|| self.target_of(b, "alb_server_group_id"));
                match (group, sg) {
                    (Some(g), Some(sg)) => self.later.ess_groups.push((g, sg)),
                    _ => self.skip(i),
                }
            }
            "alicloud_vpc_ipv4_cidr_block" => match self.key_of(b, "vpc_id") {
                Some(vpc) => self.later.secondary_cidr.push(vpc),
                None => self.skip(i),
            },
            "alicloud_edas_application" => match self.key_of(b, "cluster_id") {
                Some(cluster) => {
                    self.later.edas_app.insert(i.addr.clone(), cluster);
                }
                None => self.skip(i),
            },
            "alicloud_edas_instance_cluster_attachment" => match self.key_of(b, "cluster_id") {
                Some(cluster) => {
                    let servers = self.targets_of(b, "instance_ids");
                    self.later
                        .edas_cluster
                        .entry(cluster)
                        .or_default()
                        .extend(servers);
                }
                None => self.skip(i),
            },
            "alicloud_edas_slb_attachment" => {
                let app = self.key_of(b, "app_id");
                let lb = self.target_of(b, "slb_id");
                match (app, lb) {
                    (Some(app), Some(lb)) => {
                        let c = self.common(i, &[]);
                        self.later.edas_slb.push((c, app, lb));
                    }
                    _ => self.skip(i),
                }
            }
            "alicloud_eip" | "alicloud_eip_address" => {
                let c = self.common(i, &["address_name", "name"]);
                let bandwidth = self.num_of(b, "bandwidth");
                self.push(
                    c,
                    Kind::Eip {
                        bandwidth,
                        attached_to: None,
                    },
                );
            }
            "alicloud_eip_association" => {
                let c = self.common(i, &[]);
                let eip = self.target_of(b, "allocation_id");
                let instance = self.target_of(b, "instance_id");
                self.push(c, Kind::EipAssociation { eip, instance });
            }
            "alicloud_nat_gateway" => {
                let c = self.common(i, &["nat_gateway_name", "name"]);
                let vpc = self.target_of(b, "vpc_id");
                let vswitch = self.target_of(b, "vswitch_id");
                self.push(c, Kind::Nat { vpc, vswitch });
            }
            "alicloud_snat_entry" => {
                let c = self.common(i, &["snat_entry_name"]);
                let nat = self.target_of(b, "snat_table_id");
                self.push(c, Kind::Snat { nat });
            }
            // A DNAT entry is a NAT rule too (CP003 counts them).
            "alicloud_forward_entry" => {
                let c = self.common(i, &["forward_entry_name"]);
                let nat = self.target_of(b, "forward_table_id");
                self.push(c, Kind::Snat { nat });
            }
            "alicloud_vpn_gateway" => {
                let c = self.common(i, &["vpn_gateway_name", "name"]);
                let vpc = self.target_of(b, "vpc_id");
                let ssl = self.bool_of(b, "enable_ssl");
                let ipsec = self.bool_of(b, "enable_ipsec");
                self.push(c, Kind::VpnGateway { vpc, ssl, ipsec });
            }
            "alicloud_ssl_vpn_server" => {
                let c = self.common(i, &["name"]);
                let vpn = self.target_of(b, "vpn_gateway_id");
                let client_ips = self.strings_of(b, "client_ip_pool", true);
                self.push(c, Kind::SslServer { vpn, client_ips });
            }
            "alicloud_vpn_customer_gateway" => {
                let c = self.common(i, &["customer_gateway_name", "name"]);
                let ip = self.str_of(b, "ip_address");
                self.push(c, Kind::CustomerGateway { ip });
            }
            "alicloud_vpn_connection" => {
                let c = self.common(i, &["vpn_connection_name", "name"]);
                let vpn = self.target_of(b, "vpn_gateway_id");
                let customer_gateway = self.target_of(b, "customer_gateway_id");
                self.push(
                    c,
                    Kind::IpsecConnection {
                        vpn,
                        customer_gateway,
                    },
                );
            }
            "alicloud_ess_scaling_group" => {
                let c = self.common(i, &["scaling_group_name"]);
                let min_size = self.num_of(b, "min_size");
                let mut vswitches = self.targets_of(b, "vswitch_ids");
                vswitches.extend(self.target_of(b, "vswitch_id"));
                let load_balancers = self.targets_of(b, "loadbalancer_ids");
                let mut server_groups = Vec::new();
                for (g, _) in blocks(b, "alb_server_group") {
                    server_groups.extend(self.target_of(g, "alb_server_group_id"));
                }
                self.push(
                    c,
                    Kind::ScalingGroup {
                        min_size,
                        vswitches,
                        groups: Vec::new(),
                        load_balancers,
                        server_groups,
                    },
                );
            }
            "alicloud_ess_scaling_configuration" => {
                let c = self.common(i, &["scaling_configuration_name"]);
                let scaling_group = self.target_of(b, "scaling_group_id");
                let mut groups = self.targets_of(b, "security_group_ids");
                groups.extend(self.target_of(b, "security_group_id"));
                let public_bandwidth = self.num_of(b, "internet_max_bandwidth_out");
                self.push(
                    c,
                    Kind::ScalingConfig {
                        scaling_group,
                        groups,
                        public_bandwidth,
                    },
                );
            }
            _ => self.skip(i),
        }
    }

    /// The zones of an RDS instance, the primary's first: `zone_id` may be a multi-zone id
    /// (`cn-hangzhou-MAZ5(h,g)`); a standby zone `Auto` is chosen at deploy; standby zones
    /// without the primary's keep a placeholder for it in first place.
    fn rds_zones(&mut self, b: &IBody, addr: &str) -> Vec<Sp<ZoneVal>> {
        let mut zones = Vec::new();
        if let Some(z) = self.zone_of(b, "zone_id") {
            match &z.v {
                ZoneVal::Known(id) => match crate::ros::map::multi_zone(id) {
                    Some(list) => {
                        zones.extend(list.into_iter().map(|x| Sp::new(ZoneVal::Known(x), z.at)))
                    }
                    None => zones.push(z),
                },
                ZoneVal::Placeholder(_) => zones.push(z),
            }
        }
        for name in ["zone_id_slave_a", "zone_id_slave_b"] {
            let Some(mut z) = self.zone_of(b, name) else {
                continue;
            };
            if matches!(&z.v, ZoneVal::Known(id) if id.eq_ignore_ascii_case("auto")) {
                z.v = ZoneVal::Placeholder(format!("{addr}.{name}"));
            }
            if zones.is_empty() {
                let at = z.at;
                zones.push(Sp::new(ZoneVal::Placeholder(format!("{addr}.zone_id")), at));
            }
            if !zones.iter().any(|x| x.v == z.v) {
                zones.push(z);
            }
        }
        zones
    }

    fn scope(&mut self, b: &IBody, name: &str) -> Option<Sp<String>> {
        self.lower_of(b, name).map(|s| {
            let v = if s.v == "internet" {
                "public"
            } else {
                "private"
            };
            Sp::new(v.to_string(), s.at)
        })
    }

    /// An ECS instance (or a bastion host) from its attributes.
    fn ecs(&mut self, b: &IBody, role: Option<Sp<String>>) -> Kind {
        let vswitch = self.target_of(b, "vswitch_id");
        let zone = if vswitch.is_none() {
            self.zone_of(b, "availability_zone")
                .or_else(|| self.zone_of(b, "zone_id"))
        } else {
            None
        };
        let mut groups = self.targets_of(b, "security_groups");
        groups.extend(self.targets_of(b, "security_group_ids"));
        let public_bandwidth = self.num_of(b, "internet_max_bandwidth_out");
        let os = self
            .str_of(b, "image_id")
            .and_then(|s| crate::ecs::os_of_image(&s.v).map(|o| Sp::new(o.to_string(), s.at)));
        let (cpu, memory_gb) = match self.str_of(b, "instance_type") {
            Some(t) => crate::ecs::instance_size(&t.v).map_or((None, None), |(c, m)| {
                (Some(Sp::new(c, t.at)), m.map(|m| Sp::new(m, t.at)))
            }),
            None => (None, None),
        };
        let mut disks_gb = Vec::new();
        for (d, _) in blocks(b, "data_disks") {
            disks_gb.extend(self.num_of(d, "size"));
        }
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
        }
    }

    /// An `alicloud_security_group_rule`.
    fn rule(&mut self, b: &IBody, at: Loc) -> RuleSpec {
        let ingress = b
            .attrs
            .get("type")
            .and_then(|a| a.v.as_string())
            .is_none_or(|t| t == "ingress");
        let action = self.lower_of(b, "policy");
        let protocol = self.lower_of(b, "ip_protocol");
        let ports = self
            .str_of(b, "port_range")
            .map(|p| Sp::new(port_range(&p.v), p.at));
        let source = match self.str_of(b, "cidr_ip") {
            Some(c) => Some(Sp::new(RuleSource::Cidr(c.v), c.at)),
            None => self
                .target_of(b, "source_security_group_id")
                .map(|t| Sp::new(RuleSource::Group(t.v), t.at)),
        };
        RuleSpec {
            at,
            ingress,
            action,
            protocol,
            ports,
            source,
        }
    }
}

/// `22/22` → `22`, `80/90` → `80-90`, `-1/-1` and `1/65535` → `all`.
pub fn port_range(s: &str) -> String {
    let s = s.trim();
    match s.split_once('/') {
        Some(("-1", "-1")) | Some(("1", "65535")) => "all".into(),
        Some((a, b)) if a == b => a.to_string(),
        Some((a, b)) => format!("{a}-{b}"),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_and_sizes() {
        assert_eq!(port_range("22/22"), "22");
        assert_eq!(port_range("-1/-1"), "all");
        assert_eq!(port_range("1/65535"), "all");
        assert_eq!(port_range("8000/9000"), "8000-9000");
    }

    fn extract(tf: &str) -> Extracted {
        let files = vec![crate::SourceFile::new("main.tf", tf)];
        let mut load = |d: &str| -> Result<Vec<crate::SourceFile>, String> { Err(d.into()) };
        match super::super::extract(".", files, &[], &[], &mut load) {
            Ok((_, ex)) => ex,
            Err(e) => panic!("{}:{}: {}", e.line, e.column, e.message.en),
        }
    }

    fn kind<'a>(ex: &'a Extracted, key: &str) -> &'a Kind {
        &ex.entities
            .iter()
            .find(|e| e.c.key == key)
            .unwrap_or_else(|| panic!("no entity {key}"))
            .kind
    }

    #[test]
    fn attachments_written_as_resources_of_their_own() {
        let ex = extract(
            r#"
resource "alicloud_vpc" "v" { cidr_block = "192.168.0.0/16" }
resource "alicloud_vpc_ipv4_cidr_block" "s" {
  vpc_id               = alicloud_vpc.v.id
  secondary_cidr_block = "172.16.0.0/12"
}
resource "alicloud_nlb_server_group" "g" {
  health_check { health_check_connect_port = 0 }
}
resource "alicloud_nlb_listener" "l" {
  load_balancer_id = "nlb-1"
  server_group_id  = alicloud_nlb_server_group.g.id
}
resource "alicloud_ess_scaling_group" "sg" { min_size = 2 }
resource "alicloud_ess_server_group_attachment" "a" {
  scaling_group_id = alicloud_ess_scaling_group.sg.id
  server_group_id  = alicloud_nlb_server_group.g.id
}
resource "alicloud_instance" "i" {}
resource "alicloud_edas_cluster" "c" {}
resource "alicloud_edas_instance_cluster_attachment" "ca" {
  cluster_id   = alicloud_edas_cluster.c.id
  instance_ids = [alicloud_instance.i.id]
}
resource "alicloud_edas_application" "app" { cluster_id = alicloud_edas_cluster.c.id }
resource "alicloud_slb_load_balancer" "lb" {}
resource "alicloud_edas_slb_attachment" "sa" {
  app_id = alicloud_edas_application.app.id
  slb_id = alicloud_slb_load_balancer.lb.id
}
resource "alicloud_nat_gateway" "n" {}
resource "alicloud_forward_entry" "f" { forward_table_id = alicloud_nat_gateway.n.forward_table_ids }
resource "alicloud_db_instance" "maz" { zone_id = "cn-hangzhou-MAZ5(h,g)" }
resource "alicloud_db_instance" "standby_only" { zone_id_slave_a = "cn-hangzhou-h" }
resource "alicloud_db_instance" "auto" {
  zone_id         = "cn-hangzhou-h"
  zone_id_slave_a = "Auto"
}
"#,
        );
        // A secondary CIDR leaves the VPC's CIDR unknown (the format holds one).
        assert!(matches!(
            kind(&ex, "alicloud_vpc.v"),
            Kind::Vpc { cidr: None }
        ));
        // Health-check port 0 is the backend port: absent.
        match kind(&ex, "alicloud_nlb_listener.l") {
            Kind::Listener { spec, .. } => assert_eq!(spec.health_check_port, None),
            k => panic!("{k:?}"),
        }
        match kind(&ex, "alicloud_ess_scaling_group.sg") {
            Kind::ScalingGroup { server_groups, .. } => assert_eq!(
                server_groups.iter().map(|g| &g.v).collect::<Vec<_>>(),
                [&Target::Key("alicloud_nlb_server_group.g".into())]
            ),
            k => panic!("{k:?}"),
        }
        match kind(&ex, "alicloud_edas_slb_attachment.sa") {
            Kind::GroupServers { lb, servers, .. } => {
                assert_eq!(
                    lb.as_ref().map(|l| &l.v),
                    Some(&Target::Key("alicloud_slb_load_balancer.lb".into()))
                );
                assert_eq!(
                    servers.iter().map(|s| &s.v).collect::<Vec<_>>(),
                    [&Target::Key("alicloud_instance.i".into())]
                );
            }
            k => panic!("{k:?}"),
        }
        for (key, want) in [
            (
                "alicloud_db_instance.maz",
                vec!["cn-hangzhou-h", "cn-hangzhou-g"],
            ),
            (
                "alicloud_db_instance.standby_only",
                vec![
                    "?alicloud_db_instance.standby_only.zone_id",
                    "cn-hangzhou-h",
                ],
            ),
            (
                "alicloud_db_instance.auto",
                vec![
                    "cn-hangzhou-h",
                    "?alicloud_db_instance.auto.zone_id_slave_a",
                ],
            ),
        ] {
            match kind(&ex, key) {
                Kind::Rds { zones, .. } => {
                    let got: Vec<String> = zones
                        .iter()
                        .map(|z| match &z.v {
                            ZoneVal::Known(k) => k.clone(),
                            ZoneVal::Placeholder(p) => format!("?{p}"),
                        })
                        .collect();
                    assert_eq!(got, want, "{key}");
                }
                k => panic!("{k:?}"),
            }
        }
        match kind(&ex, "alicloud_forward_entry.f") {
            Kind::Snat { nat } => assert_eq!(
                nat.as_ref().map(|n| &n.v),
                Some(&Target::Key("alicloud_nat_gateway.n".into()))
            ),
            k => panic!("{k:?}"),
        }
    }
}
