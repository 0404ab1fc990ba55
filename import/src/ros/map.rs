//! ROS resource types and property names → [entities](crate::ent).
//!
//! Each mapped type reads the properties archlint has a use for, on demand; every other type is
//! listed in [`Extracted::skipped`]. A property whose value is known only at deploy is recorded
//! in [`Extracted::unresolved`] under its name, with where it would come from; an unknown zone
//! becomes a [`ZoneVal::Placeholder`] of that origin.
//!
//! After all resources: ALB / NLB listeners take the health check (and session persistence) of
//! the server group they forward to, where ROS writes it; an instance group cloned from an
//! instance of the template takes that instance's placement when it does not give its own.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::eval::{fmt_num, is_instance_group, Eval, Scope, Val, V};
use super::template::ResDecl;
use crate::ent::{
    Common, Entity, Extracted, Kind, ListenerSpec, Loc, RuleSource, RuleSpec, Skipped, Sp, Target,
    Unresolved, ZoneVal,
};
use crate::ImportError;

/// Whether a resource type becomes an entity.
pub fn is_mapped(ty: &str) -> bool {
    matches!(
        ty,
        "ALIYUN::ECS::VPC"
            | "ALIYUN::ECS::VSwitch"
            | "ALIYUN::ECS::SecurityGroup"
            | "ALIYUN::ECS::SecurityGroupIngress"
            | "ALIYUN::ECS::SecurityGroupEgress"
            | "ALIYUN::ECS::Instance"
            | "ALIYUN::ECS::InstanceGroup"
            | "ALIYUN::ECS::InstanceGroupClone"
            | "ALIYUN::BastionHost::Instance"
            | "ALIYUN::SLB::LoadBalancer"
            | "ALIYUN::SLB::Listener"
            | "ALIYUN::SLB::BackendServerAttachment"
            | "ALIYUN::SLB::BackendServerToVServerGroupAddition"
            | "ALIYUN::SLB::VServerGroup"
            | "ALIYUN::ALB::LoadBalancer"
            | "ALIYUN::ALB::ServerGroup"
            | "ALIYUN::ALB::Listener"
            | "ALIYUN::ALB::BackendServerAttachment"
            | "ALIYUN::NLB::LoadBalancer"
            | "ALIYUN::NLB::ServerGroup"
            | "ALIYUN::NLB::Listener"
            | "ALIYUN::NLB::BackendServerAttachment"
            | "ALIYUN::RDS::DBInstance"
            | "ALIYUN::RDS::DBInstanceSecurityIps"
            | "ALIYUN::OSS::Bucket"
            | "ALIYUN::VPC::EIP"
            | "ALIYUN::VPC::EIPAssociation"
            | "ALIYUN::VPC::NatGateway"
            | "ALIYUN::VPC::SnatEntry"
            | "ALIYUN::VPC::VpnGateway"
            | "ALIYUN::VPC::SslVpnServer"
            | "ALIYUN::VPC::CustomerGateway"
            | "ALIYUN::VPC::VpnConnection"
            | "ALIYUN::ESS::ScalingGroup"
            | "ALIYUN::ESS::ScalingConfiguration"
    )
}

/// The property holding a resource's human name.
fn label_property(ty: &str) -> &'static str {
    match ty {
        "ALIYUN::ECS::VPC" => "VpcName",
        "ALIYUN::ECS::VSwitch" => "VSwitchName",
        "ALIYUN::ECS::SecurityGroup" => "SecurityGroupName",
        "ALIYUN::ECS::Instance"
        | "ALIYUN::ECS::InstanceGroup"
        | "ALIYUN::ECS::InstanceGroupClone" => "InstanceName",
        "ALIYUN::BastionHost::Instance" => "Description",
        "ALIYUN::SLB::LoadBalancer" | "ALIYUN::ALB::LoadBalancer" | "ALIYUN::NLB::LoadBalancer" => {
            "LoadBalancerName"
        }
        "ALIYUN::SLB::VServerGroup" => "VServerGroupName",
        "ALIYUN::ALB::ServerGroup" | "ALIYUN::NLB::ServerGroup" => "ServerGroupName",
        "ALIYUN::SLB::Listener" => "Description",
        "ALIYUN::ALB::Listener" | "ALIYUN::NLB::Listener" => "ListenerDescription",
        "ALIYUN::RDS::DBInstance" => "DBInstanceDescription",
        "ALIYUN::OSS::Bucket" => "BucketName",
        "ALIYUN::VPC::NatGateway" => "NatGatewayName",
        "ALIYUN::VPC::SnatEntry" => "SnatEntryName",
        "ALIYUN::ESS::ScalingGroup" => "ScalingGroupName",
        "ALIYUN::ESS::ScalingConfiguration" => "ScalingConfigurationName",
        _ => "Name",
    }
}

/// Health check and session persistence of an ALB / NLB server group, for its listeners.
#[derive(Default)]
struct GroupHealth {
    enabled: Option<Sp<bool>>,
    protocol: Option<Sp<String>>,
    path: Option<Sp<String>>,
    port: Option<Sp<f64>>,
    sticky: Option<Sp<bool>>,
}

struct Mapper<'e, 'a> {
    ev: &'e Eval<'a>,
    out: Extracted,
    seen: HashSet<(Loc, String, String)>,
    /// Server group key → its health check.
    health: HashMap<String, GroupHealth>,
    /// Entity index of an instance-group clone → the instance it clones.
    clones: Vec<(usize, Target)>,
}

/// Maps every resource of the evaluated template.
pub fn map_all(ev: &Eval<'_>) -> Result<Extracted, ImportError> {
    let mut m = Mapper {
        ev,
        out: Extracted::default(),
        seen: HashSet::new(),
        health: HashMap::new(),
        clones: Vec::new(),
    };
    let early: Vec<Unresolved> = ev.early_unresolved.borrow_mut().drain(..).collect();
    for u in early {
        m.unresolved(u.at, &u.what, &u.from);
    }
    for (ri, r) in ev.t.resources.iter().enumerate() {
        if !ev.enabled.get(ri).copied().unwrap_or(true) {
            continue;
        }
        if !is_mapped(&r.ty) {
            m.out.skipped.push(Skipped {
                ty: r.ty.clone(),
                key: r.name.clone(),
                at: r.at,
            });
            continue;
        }
        for (key, sc) in ev.keys(ri) {
            m.resource(r, key, sc)?;
        }
    }
    m.finish();
    m.out.name = ev.t.description();
    m.out.region = ev.region.clone().map(|r| {
        Sp::new(
            r,
            Loc {
                file: ev.file_idx,
                line: 1,
                col: 1,
            },
        )
    });
    Ok(m.out)
}

impl Mapper<'_, '_> {
    fn unresolved(&mut self, at: Loc, what: &str, from: &str) {
        if self.seen.insert((at, what.to_string(), from.to_string())) {
            self.out.unresolved.push(Unresolved {
                at,
                what: what.to_string(),
                from: from.to_string(),
            });
        }
    }

    /// A text value (numbers and booleans written out).
    fn text(&mut self, v: Option<&Val>, what: &str) -> Option<Sp<String>> {
        let v = v?;
        match &v.v {
            V::Str(s) => Some(Sp::new(s.clone(), v.at)),
            V::Num(x) => Some(Sp::new(fmt_num(*x), v.at)),
            V::Bool(b) => Some(Sp::new(b.to_string(), v.at)),
            V::Unknown(o) => {
                self.unresolved(v.at, what, o);
                None
            }
            _ => None,
        }
    }

    /// A text value, lower-cased.
    fn lower(&mut self, v: Option<&Val>, what: &str) -> Option<Sp<String>> {
        self.text(v, what)
            .map(|s| Sp::new(s.v.to_ascii_lowercase(), s.at))
    }

    fn num(&mut self, v: Option<&Val>, what: &str) -> Option<Sp<f64>> {
        let v = v?;
        match &v.v {
            V::Num(x) => Some(Sp::new(*x, v.at)),
            V::Str(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(|x| Sp::new(x, v.at)),
            V::Unknown(o) => {
                self.unresolved(v.at, what, o);
                None
            }
            _ => None,
        }
    }

    /// A boolean: `true` / `false`, or `on` / `off` as SLB writes its switches.
    fn boolean(&mut self, v: Option<&Val>, what: &str) -> Option<Sp<bool>> {
        let v = v?;
        match &v.v {
            V::Bool(b) => Some(Sp::new(*b, v.at)),
            V::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "on" | "enable" | "enabled" => Some(Sp::new(true, v.at)),
                "false" | "off" | "disable" | "disabled" => Some(Sp::new(false, v.at)),
                _ => None,
            },
            V::Unknown(o) => {
                self.unresolved(v.at, what, o);
                None
            }
            _ => None,
        }
    }

    /// What a property names: a resource of the template, or a literal id outside it.
    fn target(&mut self, v: Option<&Val>, what: &str) -> Option<Sp<Target>> {
        let v = v?;
        match &v.v {
            V::Str(s) if !s.trim().is_empty() => {
                Some(Sp::new(Target::External(s.trim().into()), v.at))
            }
            V::Res(k) => Some(Sp::new(Target::Key(k.clone()), v.at)),
            V::List(l) if l.len() == 1 => self.target(l.first(), what),
            V::Unknown(o) => {
                self.unresolved(v.at, what, o);
                None
            }
            _ => None,
        }
    }

    /// A list of targets (a single one is a list of one; nested lists are flattened).
    fn targets(&mut self, v: Option<&Val>, what: &str, out: &mut Vec<Sp<Target>>) {
        let Some(v) = v else { return };
        match &v.v {
            V::List(l) => {
                for x in l {
                    self.targets(Some(x), what, out);
                }
            }
            _ => out.extend(self.target(Some(v), what)),
        }
    }

    /// An availability zone: literal, or a placeholder named after where it comes from.
    fn zone(&mut self, v: Option<&Val>, what: &str) -> Option<Sp<ZoneVal>> {
        let v = v?;
        match &v.v {
            V::Str(s) if !s.trim().is_empty() => {
                Some(Sp::new(ZoneVal::Known(s.trim().into()), v.at))
            }
            V::Unknown(o) => {
                self.unresolved(v.at, what, o);
                Some(Sp::new(ZoneVal::Placeholder(o.clone()), v.at))
            }
            V::List(l) if l.len() == 1 => self.zone(l.first(), what),
            _ => None,
        }
    }

    /// Texts from a list, or from one comma-separated text.
    fn texts(&mut self, v: Option<&Val>, what: &str) -> Vec<Sp<String>> {
        let mut out = Vec::new();
        let Some(v) = v else { return out };
        for item in v.items() {
            if let Some(s) = self.text(Some(item), what) {
                out.extend(
                    s.v.split(',')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(|x| Sp::new(x.to_string(), s.at)),
                );
            }
        }
        out
    }

    /// `Tags`: a list of `{Key, Value}` or a mapping.
    fn tags(&mut self, v: Option<&Val>) -> BTreeMap<String, Sp<String>> {
        let mut out = BTreeMap::new();
        let Some(v) = v else { return out };
        match &v.v {
            V::List(items) => {
                for item in items {
                    let Some(k) = item.get("Key").and_then(|k| self.text(Some(k), "Tags.Key"))
                    else {
                        continue;
                    };
                    let value = match item.get("Value") {
                        Some(x) => self
                            .text(Some(x), "Tags.Value")
                            .unwrap_or(Sp::new(String::new(), x.at)),
                        None => Sp::new(String::new(), item.at),
                    };
                    out.insert(k.v, value);
                }
            }
            V::Map(m) => {
                for (k, at, x) in m {
                    let value = self
                        .text(Some(x), "Tags")
                        .unwrap_or(Sp::new(String::new(), *at));
                    out.insert(k.clone(), value);
                }
            }
            _ => {}
        }
        out
    }

    fn resource(&mut self, r: &ResDecl, key: String, sc: Scope) -> Result<(), ImportError> {
        let ev = self.ev;
        let p = |name: &str| ev.prop(r, name, sc);
        let label = match p(label_property(&r.ty))? {
            Some(Val { v: V::Str(s), .. }) if !s.trim().is_empty() => Some(s),
            _ => None,
        };
        let tags = self.tags(p("Tags")?.as_ref());
        let c = Common {
            key: key.clone(),
            block: r.name.clone(),
            label,
            at: r.at,
            tags,
            region: ev.region.clone(),
        };
        let kind = match r.ty.as_str() {
            "ALIYUN::ECS::VPC" => Kind::Vpc {
                cidr: self.text(p("CidrBlock")?.as_ref(), "CidrBlock"),
            },
            "ALIYUN::ECS::VSwitch" => Kind::VSwitch {
                vpc: self.target(p("VpcId")?.as_ref(), "VpcId"),
                zone: self.zone(p("ZoneId")?.as_ref(), "ZoneId"),
                cidr: self.text(p("CidrBlock")?.as_ref(), "CidrBlock"),
            },
            "ALIYUN::ECS::SecurityGroup" => {
                let mut rules = Vec::new();
                if let Some(list) = p("SecurityGroupIngress")? {
                    for item in list.items() {
                        rules.push(self.rule(item, true));
                    }
                }
                if let Some(list) = p("SecurityGroupEgress")? {
                    for item in list.items() {
                        rules.push(self.rule(item, false));
                    }
                }
                Kind::SecurityGroup { rules }
            }
            "ALIYUN::ECS::SecurityGroupIngress" | "ALIYUN::ECS::SecurityGroupEgress" => {
                let all = ev.props(r, sc)?;
                let ingress = r.ty.ends_with("Ingress");
                let mut rule = self.rule(&all, ingress);
                rule.at = r.at;
                Kind::GroupRule {
                    group: self.target(all.get("SecurityGroupId"), "SecurityGroupId"),
                    rule,
                }
            }
            "ALIYUN::ECS::Instance"
            | "ALIYUN::ECS::InstanceGroup"
            | "ALIYUN::ECS::InstanceGroupClone"
            | "ALIYUN::BastionHost::Instance" => self.ecs(r, sc)?,
            "ALIYUN::SLB::LoadBalancer" => {
                let mut zones = Vec::new();
                zones.extend(self.zone(p("MasterZoneId")?.as_ref(), "MasterZoneId"));
                zones.extend(self.zone(p("SlaveZoneId")?.as_ref(), "SlaveZoneId"));
                let mut vswitches = Vec::new();
                self.targets(p("VSwitchId")?.as_ref(), "VSwitchId", &mut vswitches);
                Kind::LoadBalancer {
                    product: "clb",
                    scope: self.scope(p("AddressType")?.as_ref()),
                    zones,
                    vswitches,
                    bandwidth: self.num(p("Bandwidth")?.as_ref(), "Bandwidth"),
                    listeners: Vec::new(),
                    backends: Vec::new(),
                }
            }
            "ALIYUN::ALB::LoadBalancer" | "ALIYUN::NLB::LoadBalancer" => {
                let mut zones = Vec::new();
                let mut vswitches = Vec::new();
                if let Some(maps) = p("ZoneMappings")? {
                    for zm in maps.items() {
                        zones.extend(self.zone(zm.get("ZoneId"), "ZoneMappings.ZoneId"));
                        self.targets(
                            zm.get("VSwitchId"),
                            "ZoneMappings.VSwitchId",
                            &mut vswitches,
                        );
                    }
                }
                Kind::LoadBalancer {
                    product: if r.ty.contains("::ALB::") {
                        "alb"
                    } else {
                        "nlb"
                    },
                    scope: self.scope(p("AddressType")?.as_ref()),
                    zones,
                    vswitches,
                    bandwidth: None,
                    listeners: Vec::new(),
                    backends: Vec::new(),
                }
            }
            "ALIYUN::SLB::Listener" => {
                let hc = p("HealthCheck")?;
                let hc = hc.as_ref();
                let health_check = match hc {
                    Some(h) if matches!(h.v, V::Map(_)) => match h.get("Switch") {
                        Some(s) => self.boolean(Some(s), "HealthCheck.Switch"),
                        None => Some(Sp::new(true, h.at)),
                    },
                    _ => None,
                };
                let sticky = match p("Persistence")? {
                    Some(per) => {
                        self.boolean(per.get("StickySession"), "Persistence.StickySession")
                    }
                    None => self.boolean(p("StickySession")?.as_ref(), "StickySession"),
                };
                let mut server_group = self.target(p("VServerGroupId")?.as_ref(), "VServerGroupId");
                if server_group.is_none() {
                    server_group = self.target(
                        p("MasterSlaveServerGroupId")?.as_ref(),
                        "MasterSlaveServerGroupId",
                    );
                }
                let spec = ListenerSpec {
                    at: r.at,
                    protocol: self.lower(p("Protocol")?.as_ref(), "Protocol"),
                    port: self.num(p("ListenerPort")?.as_ref(), "ListenerPort"),
                    backend_port: self.num(p("BackendServerPort")?.as_ref(), "BackendServerPort"),
                    sticky,
                    certificate: self.present(p("ServerCertificateId")?.as_ref()),
                    health_check,
                    health_check_protocol: self.lower(
                        hc.and_then(|h| h.get("HealthCheckType")),
                        "HealthCheck.HealthCheckType",
                    ),
                    health_check_path: self.text(hc.and_then(|h| h.get("URI")), "HealthCheck.URI"),
                    health_check_port: self.num(hc.and_then(|h| h.get("Port")), "HealthCheck.Port"),
                    server_group,
                };
                Kind::Listener {
                    lb: self.target(p("LoadBalancerId")?.as_ref(), "LoadBalancerId"),
                    spec,
                }
            }
            "ALIYUN::ALB::Listener" => {
                let mut server_group = None;
                if let Some(actions) = p("DefaultActions")? {
                    'found: for a in actions.items() {
                        let tuples = a
                            .get("ForwardGroupConfig")
                            .and_then(|f| f.get("ServerGroupTuples"));
                        for t in tuples.map(Val::items).unwrap_or(&[]) {
                            server_group = self.target(t.get("ServerGroupId"), "ServerGroupId");
                            if server_group.is_some() {
                                break 'found;
                            }
                        }
                    }
                }
                let spec = ListenerSpec {
                    at: r.at,
                    protocol: self.lower(p("ListenerProtocol")?.as_ref(), "ListenerProtocol"),
                    port: self.num(p("ListenerPort")?.as_ref(), "ListenerPort"),
                    certificate: self.present(p("Certificates")?.as_ref()),
                    server_group,
                    ..ListenerSpec::default()
                };
                Kind::Listener {
                    lb: self.target(p("LoadBalancerId")?.as_ref(), "LoadBalancerId"),
                    spec,
                }
            }
            "ALIYUN::NLB::Listener" => {
                let spec = ListenerSpec {
                    at: r.at,
                    protocol: self.lower(p("ListenerProtocol")?.as_ref(), "ListenerProtocol"),
                    port: self.num(p("ListenerPort")?.as_ref(), "ListenerPort"),
                    certificate: self.present(p("CertificateIds")?.as_ref()),
                    server_group: self.target(p("ServerGroupId")?.as_ref(), "ServerGroupId"),
                    ..ListenerSpec::default()
                };
                Kind::Listener {
                    lb: self.target(p("LoadBalancerId")?.as_ref(), "LoadBalancerId"),
                    spec,
                }
            }
            "ALIYUN::SLB::VServerGroup" => {
                let servers =
                    self.servers(p("BackendServers")?.as_ref(), "BackendServers.ServerId");
                Kind::ServerGroup {
                    lb: self.target(p("LoadBalancerId")?.as_ref(), "LoadBalancerId"),
                    servers,
                }
            }
            "ALIYUN::ALB::ServerGroup" | "ALIYUN::NLB::ServerGroup" => {
                let alb = r.ty.contains("::ALB::");
                let hc = p("HealthCheckConfig")?;
                let hc = hc.as_ref();
                let h = GroupHealth {
                    enabled: self.boolean(
                        hc.and_then(|h| h.get("HealthCheckEnabled")),
                        "HealthCheckConfig.HealthCheckEnabled",
                    ),
                    protocol: self.lower(
                        hc.and_then(|h| {
                            h.get(if alb {
                                "HealthCheckProtocol"
                            } else {
                                "HealthCheckType"
                            })
                        }),
                        "HealthCheckConfig.HealthCheckProtocol",
                    ),
                    path: self.text(
                        hc.and_then(|h| {
                            h.get(if alb {
                                "HealthCheckPath"
                            } else {
                                "HealthCheckUrl"
                            })
                        }),
                        "HealthCheckConfig.HealthCheckPath",
                    ),
                    port: self
                        .num(
                            hc.and_then(|h| h.get("HealthCheckConnectPort")),
                            "HealthCheckConfig.HealthCheckConnectPort",
                        )
                        .filter(|x| x.v > 0.0),
                    sticky: if alb {
                        let s = p("StickySessionConfig")?;
                        self.boolean(
                            s.as_ref().and_then(|s| s.get("StickySessionEnabled")),
                            "StickySessionConfig.StickySessionEnabled",
                        )
                    } else {
                        self.boolean(p("PersistenceEnabled")?.as_ref(), "PersistenceEnabled")
                    },
                };
                self.health.insert(key.clone(), h);
                let servers = self.servers(p("Servers")?.as_ref(), "Servers.ServerId");
                Kind::ServerGroup { lb: None, servers }
            }
            "ALIYUN::SLB::BackendServerAttachment" => {
                let mut servers =
                    self.servers(p("BackendServers")?.as_ref(), "BackendServers.ServerId");
                self.targets(
                    p("BackendServerList")?.as_ref(),
                    "BackendServerList",
                    &mut servers,
                );
                Kind::GroupServers {
                    server_group: None,
                    lb: self.target(p("LoadBalancerId")?.as_ref(), "LoadBalancerId"),
                    servers,
                }
            }
            "ALIYUN::SLB::BackendServerToVServerGroupAddition" => Kind::GroupServers {
                server_group: self.target(p("VServerGroupId")?.as_ref(), "VServerGroupId"),
                lb: None,
                servers: self.servers(p("BackendServers")?.as_ref(), "BackendServers.ServerId"),
            },
            "ALIYUN::ALB::BackendServerAttachment" | "ALIYUN::NLB::BackendServerAttachment" => {
                Kind::GroupServers {
                    server_group: self.target(p("ServerGroupId")?.as_ref(), "ServerGroupId"),
                    lb: None,
                    servers: self.servers(p("Servers")?.as_ref(), "Servers.ServerId"),
                }
            }
            "ALIYUN::RDS::DBInstance" => self.rds(r, sc)?,
            "ALIYUN::RDS::DBInstanceSecurityIps" => Kind::RdsWhitelist {
                rds: self.target(p("DBInstanceId")?.as_ref(), "DBInstanceId"),
                entries: self.texts(p("SecurityIps")?.as_ref(), "SecurityIps"),
            },
            "ALIYUN::OSS::Bucket" => Kind::Oss {
                acl: self.lower(p("AccessControl")?.as_ref(), "AccessControl"),
                redundancy: self.lower(p("RedundancyType")?.as_ref(), "RedundancyType"),
                replicates_to: None,
            },
            "ALIYUN::VPC::EIP" => Kind::Eip {
                bandwidth: self.num(p("Bandwidth")?.as_ref(), "Bandwidth"),
                attached_to: None,
            },
            "ALIYUN::VPC::EIPAssociation" => Kind::EipAssociation {
                eip: self.target(p("AllocationId")?.as_ref(), "AllocationId"),
                instance: self.target(p("InstanceId")?.as_ref(), "InstanceId"),
            },
            "ALIYUN::VPC::NatGateway" => Kind::Nat {
                vpc: self.target(p("VpcId")?.as_ref(), "VpcId"),
                vswitch: self.target(p("VSwitchId")?.as_ref(), "VSwitchId"),
            },
            "ALIYUN::VPC::SnatEntry" => Kind::Snat {
                nat: self.target(p("SNatTableId")?.as_ref(), "SNatTableId"),
            },
            "ALIYUN::VPC::VpnGateway" => Kind::VpnGateway {
                vpc: self.target(p("VpcId")?.as_ref(), "VpcId"),
                ssl: self.boolean(p("EnableSsl")?.as_ref(), "EnableSsl"),
                ipsec: self.boolean(p("EnableIpsec")?.as_ref(), "EnableIpsec"),
            },
            "ALIYUN::VPC::SslVpnServer" => Kind::SslServer {
                vpn: self.target(p("VpnGatewayId")?.as_ref(), "VpnGatewayId"),
                client_ips: self.texts(p("ClientIpPool")?.as_ref(), "ClientIpPool"),
            },
            "ALIYUN::VPC::CustomerGateway" => Kind::CustomerGateway {
                ip: self.text(p("IpAddress")?.as_ref(), "IpAddress"),
            },
            "ALIYUN::VPC::VpnConnection" => Kind::IpsecConnection {
                vpn: self.target(p("VpnGatewayId")?.as_ref(), "VpnGatewayId"),
                customer_gateway: self
                    .target(p("CustomerGatewayId")?.as_ref(), "CustomerGatewayId"),
            },
            "ALIYUN::ESS::ScalingGroup" => {
                let mut vswitches = Vec::new();
                self.targets(p("VSwitchIds")?.as_ref(), "VSwitchIds", &mut vswitches);
                self.targets(p("VSwitchId")?.as_ref(), "VSwitchId", &mut vswitches);
                let mut load_balancers = Vec::new();
                self.targets(
                    p("LoadBalancerIds")?.as_ref(),
                    "LoadBalancerIds",
                    &mut load_balancers,
                );
                let mut server_groups = Vec::new();
                if let Some(sgs) = p("ServerGroups")? {
                    for g in sgs.items() {
                        self.targets(
                            g.get("ServerGroupId"),
                            "ServerGroups.ServerGroupId",
                            &mut server_groups,
                        );
                    }
                }
                if let Some(vgs) = p("VServerGroups")? {
                    for g in vgs.items() {
                        let attrs = g.get("VServerGroupAttributes");
                        for a in attrs.map(Val::items).unwrap_or(&[]) {
                            self.targets(
                                a.get("VServerGroupId"),
                                "VServerGroups.VServerGroupAttributes.VServerGroupId",
                                &mut server_groups,
                            );
                        }
                    }
                }
                Kind::ScalingGroup {
                    min_size: self.num(p("MinSize")?.as_ref(), "MinSize"),
                    vswitches,
                    groups: Vec::new(),
                    load_balancers,
                    server_groups,
                }
            }
            "ALIYUN::ESS::ScalingConfiguration" => {
                let mut groups = Vec::new();
                self.targets(
                    p("SecurityGroupId")?.as_ref(),
                    "SecurityGroupId",
                    &mut groups,
                );
                self.targets(
                    p("SecurityGroupIds")?.as_ref(),
                    "SecurityGroupIds",
                    &mut groups,
                );
                Kind::ScalingConfig {
                    scaling_group: self.target(p("ScalingGroupId")?.as_ref(), "ScalingGroupId"),
                    groups,
                    public_bandwidth: self.num(
                        p("InternetMaxBandwidthOut")?.as_ref(),
                        "InternetMaxBandwidthOut",
                    ),
                }
            }
            _ => return Ok(()),
        };
        if r.ty == "ALIYUN::ECS::InstanceGroupClone" {
            if let Some(src) = self.target(p("SourceInstanceId")?.as_ref(), "SourceInstanceId") {
                self.clones.push((self.out.entities.len(), src.v));
            }
        }
        self.out.entities.push(Entity { c, kind });
        Ok(())
    }

    /// `true` at the value when a property is given (a certificate id, a non-empty list).
    fn present(&mut self, v: Option<&Val>) -> Option<Sp<bool>> {
        let v = v?;
        match &v.v {
            V::Null | V::NoValue => None,
            V::Str(s) if s.trim().is_empty() => None,
            V::List(l) if l.is_empty() => None,
            _ => Some(Sp::new(true, v.at)),
        }
    }

    /// `AddressType`: internet → public, intranet → private.
    fn scope(&mut self, v: Option<&Val>) -> Option<Sp<String>> {
        let s = self.text(v, "AddressType")?;
        let scope = match s.v.to_ascii_lowercase().as_str() {
            "internet" => "public",
            "intranet" => "private",
            _ => return None,
        };
        Some(Sp::new(scope.to_string(), s.at))
    }

    /// The `ServerId` of each server of a list (`BackendServers`, `Servers`).
    fn servers(&mut self, v: Option<&Val>, what: &str) -> Vec<Sp<Target>> {
        let mut out = Vec::new();
        let Some(v) = v else { return out };
        for s in v.items() {
            self.targets(s.get("ServerId"), what, &mut out);
        }
        out
    }

    /// One inline rule of a security group (or a rule resource's properties).
    fn rule(&mut self, v: &Val, ingress: bool) -> RuleSpec {
        let (group, cidr) = if ingress {
            ("SourceGroupId", "SourceCidrIp")
        } else {
            ("DestGroupId", "DestCidrIp")
        };
        let source = match self.target(v.get(group), group) {
            Some(t) => Some(Sp::new(RuleSource::Group(t.v), t.at)),
            None => self
                .text(v.get(cidr), cidr)
                .map(|c| Sp::new(RuleSource::Cidr(c.v), c.at)),
        };
        let ports = self
            .text(v.get("PortRange"), "PortRange")
            .map(|s| Sp::new(port_range(&s.v), s.at));
        RuleSpec {
            at: v.at,
            ingress,
            action: self.lower(v.get("Policy"), "Policy"),
            protocol: self.lower(v.get("IpProtocol"), "IpProtocol"),
            ports,
            source,
        }
    }

    fn ecs(&mut self, r: &ResDecl, sc: Scope) -> Result<Kind, ImportError> {
        let ev = self.ev;
        let p = |name: &str| ev.prop(r, name, sc);
        let role =
            (r.ty == "ALIYUN::BastionHost::Instance").then(|| Sp::new("bastion".to_string(), r.at));
        // An instance in a vSwitch is in the vSwitch's zone: `ZoneId` is read only without one.
        let vswitch = self.target(p("VSwitchId")?.as_ref(), "VSwitchId");
        let mut zone = if vswitch.is_none() {
            self.zone(p("ZoneId")?.as_ref(), "ZoneId")
        } else {
            None
        };
        if zone.is_none() && vswitch.is_none() && is_instance_group(&r.ty) {
            if let Some(zs) = p("ZoneIds")? {
                match zs.items() {
                    [one] => zone = self.zone(Some(one), "ZoneIds"),
                    many if many.len() > 1 => self.unresolved(
                        zs.at,
                        "ZoneIds",
                        "ZoneIds (instances spread over the zones at deploy)",
                    ),
                    _ => {}
                }
            }
        }
        let mut groups = Vec::new();
        self.targets(
            p("SecurityGroupId")?.as_ref(),
            "SecurityGroupId",
            &mut groups,
        );
        self.targets(
            p("SecurityGroupIds")?.as_ref(),
            "SecurityGroupIds",
            &mut groups,
        );
        let os = self
            .text(p("ImageId")?.as_ref(), "ImageId")
            .and_then(|img| {
                crate::ecs::os_of_image(&img.v).map(|o| Sp::new(o.to_string(), img.at))
            });
        let (cpu, memory_gb) = match self.text(p("InstanceType")?.as_ref(), "InstanceType") {
            Some(t) => crate::ecs::instance_size(&t.v).map_or((None, None), |(c, m)| {
                (Some(Sp::new(c, t.at)), m.map(|m| Sp::new(m, t.at)))
            }),
            None => (None, None),
        };
        let mut disks_gb = Vec::new();
        if let Some(disks) = p("DiskMappings")? {
            for d in disks.items() {
                disks_gb.extend(self.num(d.get("Size"), "DiskMappings.Size"));
            }
        }
        Ok(Kind::Ecs {
            role,
            vswitch,
            zone,
            groups,
            public_bandwidth: self.num(
                p("InternetMaxBandwidthOut")?.as_ref(),
                "InternetMaxBandwidthOut",
            ),
            os,
            cpu,
            memory_gb,
            disks_gb,
        })
    }

    fn rds(&mut self, r: &ResDecl, sc: Scope) -> Result<Kind, ImportError> {
        let ev = self.ev;
        let p = |name: &str| ev.prop(r, name, sc);
        let mut zones = Vec::new();
        if let Some(z) = self.zone(p("ZoneId")?.as_ref(), "ZoneId") {
            match &z.v {
                // `cn-hangzhou-MAZ5(h,g)`: a multi-zone id names its zones.
                ZoneVal::Known(id) => match multi_zone(id) {
                    Some(list) => {
                        zones.extend(list.into_iter().map(|x| Sp::new(ZoneVal::Known(x), z.at)))
                    }
                    None => zones.push(z),
                },
                ZoneVal::Placeholder(_) => zones.push(z),
            }
        }
        for slave in ["ZoneIdSlave1", "ZoneIdSlave2"] {
            if let Some(z) = self.zone(p(slave)?.as_ref(), slave) {
                if zones.is_empty() {
                    // A standby zone without `ZoneId`: the primary's zone is chosen at deploy
                    // (never the standby's own), so it is a zone of its own, unknown here.
                    let origin = format!("{}.ZoneId", r.name);
                    self.unresolved(z.at, "ZoneId", &origin);
                    zones.push(Sp::new(ZoneVal::Placeholder(origin), z.at));
                }
                if !zones.iter().any(|x| x.v == z.v) {
                    zones.push(z);
                }
            }
        }
        let multi = self.boolean(p("MultiAZ")?.as_ref(), "MultiAZ");
        if let Some(m) = multi.filter(|m| m.v) {
            if zones.len() < 2 {
                let origin = format!("{}.MultiAZ", r.name);
                self.unresolved(m.at, "ZoneIdSlave1", &origin);
                zones.push(Sp::new(ZoneVal::Placeholder(origin), m.at));
            }
        }
        let category = self.text(p("Category")?.as_ref(), "Category").map(|c| {
            let v = match c.v.to_ascii_lowercase().as_str() {
                "basic" => "basic".to_string(),
                "highavailability" | "high-availability" => "high-availability".to_string(),
                "alwayson" | "cluster" => "cluster".to_string(),
                "finance" => "finance".to_string(),
                other => other.to_string(),
            };
            Sp::new(v, c.at)
        });
        Ok(Kind::Rds {
            engine: self.lower(p("Engine")?.as_ref(), "Engine"),
            category,
            zones,
            // A multi-zone instance lists one vSwitch per zone, comma-separated: the first is
            // the primary's.
            vswitch: self
                .target(p("VSwitchId")?.as_ref(), "VSwitchId")
                .map(|t| match t.v {
                    Target::External(s) => {
                        let first = s.split(',').next().unwrap_or_default().trim().to_string();
                        Sp::new(Target::External(first), t.at)
                    }
                    other => Sp::new(other, t.at),
                }),
            whitelist: self.texts(p("SecurityIPList")?.as_ref(), "SecurityIPList"),
            public: self.boolean(
                p("AllocatePublicConnection")?.as_ref(),
                "AllocatePublicConnection",
            ),
            storage_gb: self.num(p("DBInstanceStorage")?.as_ref(), "DBInstanceStorage"),
        })
    }

    /// The passes that need every entity.
    fn finish(&mut self) {
        // Listeners take the health check of the server group they forward to.
        for e in &mut self.out.entities {
            let Kind::Listener { spec, .. } = &mut e.kind else {
                continue;
            };
            let Some(Target::Key(g)) = spec.server_group.as_ref().map(|s| &s.v) else {
                continue;
            };
            let Some(h) = self.health.get(g) else {
                continue;
            };
            if spec.health_check.is_none() {
                spec.health_check = h.enabled.clone();
            }
            if spec.health_check_protocol.is_none() {
                spec.health_check_protocol = h.protocol.clone();
            }
            if spec.health_check_path.is_none() {
                spec.health_check_path = h.path.clone();
            }
            if spec.health_check_port.is_none() {
                spec.health_check_port = h.port.clone();
            }
            if spec.sticky.is_none() {
                spec.sticky = h.sticky.clone();
            }
        }
        // Instance-group clones take the placement of the instance they clone.
        let keys: HashMap<String, usize> = self
            .out
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.c.key.clone(), i))
            .collect();
        for (i, src) in std::mem::take(&mut self.clones) {
            let Target::Key(k) = src else { continue };
            let Some(&j) = keys.get(&k) else { continue };
            let Some(Kind::Ecs {
                vswitch: sv,
                zone: sz,
                groups: sg,
                os: so,
                ..
            }) = self.out.entities.get(j).map(|e| e.kind.clone())
            else {
                continue;
            };
            if let Some(Kind::Ecs {
                vswitch,
                zone,
                groups,
                os,
                ..
            }) = self.out.entities.get_mut(i).map(|e| &mut e.kind)
            {
                if vswitch.is_none() && zone.is_none() {
                    *vswitch = sv;
                    *zone = sz;
                }
                if groups.is_empty() {
                    *groups = sg;
                }
                if os.is_none() {
                    *os = so;
                }
            }
        }
    }
}

/// `22/22` → `22`, `80/90` → `80-90`, `-1/-1` and `1/65535` → `all`; anything else as written.
pub fn port_range(s: &str) -> String {
    let t = s.trim();
    let Some((a, b)) = t.split_once('/') else {
        return t.to_string();
    };
    let (a, b) = (a.trim(), b.trim());
    match (a, b) {
        ("-1", "-1") | ("1", "65535") | ("0", "65535") => "all".to_string(),
        _ if a == b => a.to_string(),
        _ => format!("{a}-{b}"),
    }
}

/// The zones of a multi-zone id: `cn-hangzhou-MAZ5(h,g)` → `cn-hangzhou-h`, `cn-hangzhou-g`.
pub fn multi_zone(id: &str) -> Option<Vec<String>> {
    let i = id.find("-MAZ")?;
    let prefix = &id[..=i];
    let open = id[i..].find('(')? + i;
    let close = id[open..].find(')')? + open;
    let letters: Vec<String> = id[open + 1..close]
        .split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| format!("{prefix}{l}"))
        .collect();
    (!letters.is_empty()).then_some(letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_ranges() {
        assert_eq!(port_range("22/22"), "22");
        assert_eq!(port_range("80/90"), "80-90");
        assert_eq!(port_range("-1/-1"), "all");
        assert_eq!(port_range("1/65535"), "all");
        assert_eq!(port_range("8080"), "8080");
    }

    #[test]
    fn multi_zones() {
        assert_eq!(
            multi_zone("cn-hangzhou-MAZ5(h,g)"),
            Some(vec![
                "cn-hangzhou-h".to_string(),
                "cn-hangzhou-g".to_string()
            ])
        );
        assert_eq!(multi_zone("cn-hangzhou-h"), None);
        assert_eq!(multi_zone("x-MAZ("), None);
    }
}
