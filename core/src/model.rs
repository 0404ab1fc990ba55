//! The design model (format version 1): the types every loader produces and the rules, the
//! layout and the drawing read.
//!
//! The JSON loader is [`crate::load_json`]; [`build`] is re-exported here for the callers that
//! used it by this path. Every place in the model carries the JSON pointer (RFC 6901) of where it
//! comes from — [`ptr_join`] and [`ptr_index`] build them — and [`Design::problems`] holds what
//! a loader found wrong with its input (reported by the DF rules).

use alloc::string::String;
use alloc::vec::Vec;

use crate::cidr::{Cidr, CidrError};
use crate::json::escape_pointer_token;

pub use crate::load_json::build;

/// A reference to an id, with the pointer of the place that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub id: String,
    pub ptr: String,
}

/// An address field: the text as written and, when it parses, the CIDR (normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addr {
    pub text: String,
    pub ptr: String,
    pub cidr: Option<Cidr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    #[default]
    Standard,
    HighSecurity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DrLevel {
    #[default]
    SameCity,
    TwoRegion,
    TwoRegionThreeCenter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    Classic,
    Vpc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionRole {
    #[default]
    Primary,
    Dr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    Dmz,
    Management,
    Intranet,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub name: Option<String>,
    pub profile: Profile,
    pub dr: DrLevel,
    pub regions: Vec<Region>,
    pub vpcs: Vec<Vpc>,
    pub security_groups: Vec<SecurityGroup>,
    pub nodes: Vec<Node>,
    pub links: Vec<Link>,
    pub ignores: Vec<Ignore>,
    /// What an importer could not know before deploy, per file of the configuration.
    pub unresolved: Vec<UnresolvedNote>,
    /// What the loader found wrong with the file itself (reported by DF rules).
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub ptr: String,
    pub id: String,
    pub label: Option<String>,
    pub network: Option<Network>,
    pub role: RegionRole,
    pub zones: Vec<Zone>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub ptr: String,
    pub id: String,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Vpc {
    pub ptr: String,
    pub id: String,
    pub label: Option<String>,
    pub region: Option<Ref>,
    pub cidr: Option<Addr>,
    pub vswitches: Vec<VSwitch>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VSwitch {
    pub ptr: String,
    pub id: String,
    pub label: Option<String>,
    pub zone: Option<Ref>,
    pub cidr: Option<Addr>,
    pub tier: Option<Tier>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroup {
    pub ptr: String,
    pub id: String,
    pub label: Option<String>,
    pub rules: Vec<SgRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Action {
    #[default]
    Accept,
    Drop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    #[default]
    Tcp,
    Udp,
    Icmp,
    All,
}

impl Protocol {
    /// A rule of this protocol applies to traffic of protocol `p` (`all` covers everything).
    pub fn covers(self, p: Protocol) -> bool {
        self == Protocol::All || self == p
    }
}

/// An inclusive port range; `all` is 1–65535.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortRange {
    pub lo: u16,
    pub hi: u16,
}

impl PortRange {
    pub const ALL: PortRange = PortRange { lo: 1, hi: 65535 };
    pub fn single(p: u16) -> PortRange {
        PortRange { lo: p, hi: p }
    }
    pub fn contains(self, p: u16) -> bool {
        self.lo <= p && p <= self.hi
    }
    pub fn is_all(self) -> bool {
        self == PortRange::ALL
    }
}

/// The `from` of a security-group rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An address or CIDR.
    Cidr(Cidr),
    /// `sg:<id>`: the members of a security group.
    Group(String),
    /// A node id.
    Node(String),
    /// An address that does not parse (reported by DF003); matches nothing.
    Invalid,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SgRule {
    pub ptr: String,
    pub action: Action,
    pub protocol: Protocol,
    /// `None`: not given or invalid — the rule's ports are unknown.
    pub ports: Option<PortRange>,
    pub from: Option<Source>,
    /// The `from` text as written.
    pub from_text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    Ecs,
    Slb,
    Rds,
    Oss,
    Vpn,
    LeasedLine,
    Idc,
    Eip,
    Nat,
    Dns,
    Apigw,
    /// Missing or not one of the format's kinds (reported by DF005).
    Unknown,
}

impl NodeKind {
    pub const ALL: [NodeKind; 11] = [
        NodeKind::Ecs,
        NodeKind::Slb,
        NodeKind::Rds,
        NodeKind::Oss,
        NodeKind::Vpn,
        NodeKind::LeasedLine,
        NodeKind::Idc,
        NodeKind::Eip,
        NodeKind::Nat,
        NodeKind::Dns,
        NodeKind::Apigw,
    ];
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Ecs => "ecs",
            NodeKind::Slb => "slb",
            NodeKind::Rds => "rds",
            NodeKind::Oss => "oss",
            NodeKind::Vpn => "vpn",
            NodeKind::LeasedLine => "leased_line",
            NodeKind::Idc => "idc",
            NodeKind::Eip => "eip",
            NodeKind::Nat => "nat",
            NodeKind::Dns => "dns",
            NodeKind::Apigw => "apigw",
            NodeKind::Unknown => "unknown",
        }
    }
    pub fn from_name(s: &str) -> Option<NodeKind> {
        NodeKind::ALL.iter().copied().find(|k| k.name() == s)
    }
    /// Region-wide services placed with `region`.
    pub fn is_regional(self) -> bool {
        matches!(
            self,
            NodeKind::Slb
                | NodeKind::Rds
                | NodeKind::Oss
                | NodeKind::Vpn
                | NodeKind::LeasedLine
                | NodeKind::Nat
                | NodeKind::Apigw
        )
    }
    /// The fields a node of this kind may have, besides `id`, `kind` and `label`.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            NodeKind::Ecs => &[
                "zone",
                "vswitch",
                "role",
                "module",
                "cpu",
                "memory_gb",
                "os",
                "public_bandwidth_mbps",
                "security_groups",
                "autostart",
                "disks_gb",
                "listens",
                "paths",
                "stateful",
                "needs_internet",
                "reconnect",
            ],
            NodeKind::Slb => &[
                "region",
                "scope",
                "bandwidth_mbps",
                "listeners",
                "backends",
                "type",
                "zones",
            ],
            // `security_groups` is read on an RDS so that DB004 can name it.
            NodeKind::Rds => &[
                "region",
                "engine",
                "whitelist",
                "public",
                "storage_gb",
                "sizing",
                "replica_of",
                "security_groups",
                "category",
                "zones",
            ],
            NodeKind::Oss => &["region", "network", "acl", "replicates_to", "redundancy"],
            NodeKind::Vpn => &["region", "type", "client_ips", "peer", "connects"],
            NodeKind::LeasedLine => &["region", "carrier", "bandwidth_mbps", "connects", "nat_ips"],
            NodeKind::Idc => &["tps", "transaction_kb"],
            NodeKind::Eip => &["attached_to"],
            NodeKind::Nat => &["region", "vswitch", "rules"],
            NodeKind::Dns => &["failover"],
            NodeKind::Apigw => &["region", "auth", "rate_limit", "backends"],
            NodeKind::Unknown => &[],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EcsRole {
    #[default]
    App,
    Bastion,
    Database,
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Os {
    #[default]
    Linux,
    Windows,
}

impl Os {
    /// The management port: 22 for Linux, 3389 for Windows.
    pub fn management_port(self) -> u16 {
        match self {
            Os::Linux => 22,
            Os::Windows => 3389,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    #[default]
    Public,
    Private,
}

/// The Alibaba Cloud load-balancer product of an SLB node (`type`; informational).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SlbType {
    /// Classic Load Balancer.
    #[default]
    Clb,
    /// Application Load Balancer (layer 7).
    Alb,
    /// Network Load Balancer (layer 4).
    Nlb,
}

impl SlbType {
    pub fn name(self) -> &'static str {
        match self {
            SlbType::Clb => "clb",
            SlbType::Alb => "alb",
            SlbType::Nlb => "nlb",
        }
    }
    /// How a diagram's tooltip adds it to the kind: `SLB (ALB)`.
    pub fn title(self) -> &'static str {
        match self {
            SlbType::Clb => " (CLB)",
            SlbType::Alb => " (ALB)",
            SlbType::Nlb => " (NLB)",
        }
    }
}

/// The RDS edition (`category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdsCategory {
    /// One node, no standby.
    Basic,
    /// A primary and a standby.
    HighAvailability,
    /// A primary and several secondaries.
    Cluster,
    /// Three nodes.
    Finance,
}

/// How an OSS bucket stores its data (`redundancy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redundancy {
    /// Locally redundant: copies in one zone.
    Lrs,
    /// Zone-redundant: copies in several zones of the region.
    Zrs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Mysql,
    Sqlserver,
    Postgresql,
    Ppas,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OssNetwork {
    #[default]
    Internal,
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Acl {
    #[default]
    Private,
    PublicRead,
    PublicReadWrite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VpnType {
    Ssl,
    Ipsec,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    None,
    Jwt,
    Aksk,
    Basic,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HealthCheck {
    pub ptr: String,
    /// `enabled` (default true): `false` = the listener's health checks are switched off.
    pub enabled: bool,
    pub protocol: Option<String>,
    pub path: Option<String>,
    pub port: Option<u16>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    pub ptr: String,
    /// As written, lower-cased (any string is allowed by the format; LB003 judges it).
    pub protocol: Option<String>,
    pub port: Option<u16>,
    pub backend_port: Option<u16>,
    pub sticky: bool,
    pub certificate: Option<bool>,
    pub health_check: Option<HealthCheck>,
}

impl Listener {
    /// The port traffic reaches the backends on (`backend_port`, default `port`).
    pub fn effective_backend_port(&self) -> Option<u16> {
        self.backend_port.or(self.port)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sizing {
    pub ptr: String,
    pub daily_transactions: Option<f64>,
    pub transaction_kb: Option<f64>,
    pub retention_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub ptr: String,
    pub vendor: Option<String>,
    pub model: Option<String>,
    pub public_ip: Option<Addr>,
    pub behind_nat: Option<bool>,
}

/// An entry of an RDS whitelist: a node id or an address.
#[derive(Debug, Clone, PartialEq)]
pub enum WhitelistEntry {
    Node(Ref),
    Addr(Addr),
}

/// A resource. Fields that do not belong to the node's kind are never set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    pub ptr: String,
    pub id: String,
    pub kind: Option<NodeKind>,
    pub label: Option<String>,
    /// Declared outside this design (an importer's placeholder for a literal id): rules about
    /// the node's own configuration and placement skip it.
    pub external: bool,
    // placement
    pub zone: Option<Ref>,
    pub vswitch: Option<Ref>,
    pub region: Option<Ref>,
    // ecs
    pub role: EcsRole,
    pub module: Option<String>,
    pub cpu: Option<f64>,
    pub memory_gb: Option<f64>,
    pub os: Os,
    pub public_bandwidth_mbps: Option<f64>,
    pub security_groups: Vec<Ref>,
    pub autostart: Option<bool>,
    pub disks_gb: Vec<(String, f64)>,
    pub listens: Option<Vec<u16>>,
    pub paths: Option<Vec<String>>,
    pub stateful: Option<bool>,
    pub needs_internet: Option<bool>,
    pub reconnect: Option<bool>,
    // slb / rds: the zones it is served from (rds: the primary's first)
    pub zones: Option<Vec<Ref>>,
    // slb (`type`)
    pub slb_type: SlbType,
    // slb / apigw
    pub scope: Scope,
    pub bandwidth_mbps: Option<f64>,
    pub listeners: Vec<Listener>,
    pub backends: Option<Vec<Ref>>,
    // rds
    pub engine: Option<Engine>,
    pub whitelist: Option<Vec<WhitelistEntry>>,
    pub public: Option<bool>,
    pub storage_gb: Option<f64>,
    pub sizing: Option<Sizing>,
    pub replica_of: Option<Ref>,
    pub category: Option<RdsCategory>,
    // oss
    pub oss_network: OssNetwork,
    pub acl: Acl,
    pub replicates_to: Option<Ref>,
    pub redundancy: Option<Redundancy>,
    // vpn / leased line
    pub vpn_type: Option<VpnType>,
    pub client_ips: Vec<Addr>,
    pub peer: Option<Peer>,
    pub connects: Option<Ref>,
    pub carrier: Option<String>,
    pub nat_ips: Option<f64>,
    // idc
    pub tps: Option<f64>,
    pub transaction_kb: Option<f64>,
    // eip
    pub attached_to: Option<Ref>,
    // nat
    pub nat_rules: Option<f64>,
    // dns
    pub failover: Option<bool>,
    // apigw
    pub auth: Option<Auth>,
    pub rate_limit: Option<bool>,
}

impl Node {
    pub fn kind(&self) -> NodeKind {
        self.kind.unwrap_or(NodeKind::Unknown)
    }
    pub fn is(&self, k: NodeKind) -> bool {
        self.kind == Some(k)
    }
    /// The module this instance serves (default: its own id).
    pub fn module_name(&self) -> &str {
        self.module.as_deref().unwrap_or(&self.id)
    }
    /// The text to show for the node: its label, else its id.
    pub fn display(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub ptr: String,
    pub from: Option<Ref>,
    pub to: Option<Ref>,
    pub port: Option<u16>,
    pub protocol: Option<String>,
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnresolvedNote {
    pub ptr: String,
    /// The file of the configuration the values are written in.
    pub file: Option<String>,
    /// Each value: what it is and where it would come from (`zone_id ← data.alicloud_zones.z`).
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ignore {
    pub ptr: String,
    pub rule: Option<String>,
    pub target: Option<Ref>,
    pub reason: Option<String>,
    /// Who answers for the accepted finding.
    pub owner: Option<String>,
    /// The last day the entry applies (`"YYYY-MM-DD"`); after it, DF009.
    pub expires: Option<crate::date::Date>,
}

/// What the loader found wrong with the file itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub ptr: String,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProblemKind {
    /// DF006: a field the format does not know here.
    UnknownField {
        field: String,
        suggestion: Option<&'static str>,
        /// The field belongs to another node kind (e.g. `zone` on an SLB).
        other_kind: bool,
    },
    /// DF005: wrong JSON type.
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// DF005: a string outside its enumeration.
    NotInEnum {
        value: String,
        allowed: &'static [&'static str],
    },
    /// DF005: a number outside its range, or not an integer where one is needed.
    OutOfRange {
        value: String,
        min: f64,
        max: f64,
        integer: bool,
    },
    /// DF005: a required field is absent.
    Missing { field: &'static str },
    /// DF005: a key is given twice in one object.
    DuplicateKey { field: String },
    /// DF005: an id or reference that is the empty string.
    EmptyId,
    /// DF003: an address or CIDR that does not parse.
    BadAddress { value: String, error: CidrError },
    /// DF003: an address is a valid one but not of the kind expected (e.g. a CIDR where an
    /// address is needed).
    NotAnAddress { value: String },
}

/// Builds a child pointer (one allocation; `~` and `/` escaped as RFC 6901 says).
pub fn ptr_join(base: &str, token: &str) -> String {
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    s.push('/');
    // (Bytes, not `contains([..])`: the char searcher was a tenth of loading a design.)
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        s.push_str(&escape_pointer_token(token));
    } else {
        s.push_str(token);
    }
    s
}

pub fn ptr_index(base: &str, i: usize) -> String {
    let mut s = String::with_capacity(base.len() + 8);
    s.push_str(base);
    s.push('/');
    crate::numfmt::uint(&mut s, i as u64);
    s
}

// The format's field names, per place: what the JSON loader accepts and DF006 suggests from
// (a node's own fields are `NodeKind::fields`).
pub const TOP_FIELDS: &[&str] = &[
    "archlint",
    "name",
    "profile",
    "dr",
    "regions",
    "vpcs",
    "security_groups",
    "nodes",
    "links",
    "ignore",
    "unresolved",
];
pub const REGION_FIELDS: &[&str] = &["id", "label", "network", "role", "zones"];
pub const ZONE_FIELDS: &[&str] = &["id", "label"];
pub const VPC_FIELDS: &[&str] = &["id", "label", "region", "cidr", "vswitches"];
pub const VSWITCH_FIELDS: &[&str] = &["id", "label", "zone", "cidr", "tier"];
pub const SG_FIELDS: &[&str] = &["id", "label", "rules"];
pub const SG_RULE_FIELDS: &[&str] = &["action", "protocol", "ports", "from"];
pub const NODE_COMMON_FIELDS: &[&str] = &["id", "kind", "label", "external"];
pub const LISTENER_FIELDS: &[&str] = &[
    "protocol",
    "port",
    "backend_port",
    "sticky",
    "certificate",
    "health_check",
];
pub const HEALTH_CHECK_FIELDS: &[&str] = &["protocol", "path", "port", "enabled"];
pub const SIZING_FIELDS: &[&str] = &["daily_transactions", "transaction_kb", "retention_days"];
pub const PEER_FIELDS: &[&str] = &["vendor", "model", "public_ip", "behind_nat"];
pub const LINK_FIELDS: &[&str] = &["from", "to", "port", "protocol", "label"];
pub const IGNORE_FIELDS: &[&str] = &["rule", "target", "reason", "owner", "expires"];
pub const UNRESOLVED_FIELDS: &[&str] = &["file", "values"];

/// Every field name any node kind may have.
pub fn all_node_fields() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = NODE_COMMON_FIELDS.to_vec();
    for k in NodeKind::ALL {
        for f in k.fields() {
            if !v.contains(f) {
                v.push(f);
            }
        }
    }
    v
}

/// Whether a finite number has no fractional part. From 2^52 on every `f64` is whole (its
/// last significant bit is worth 1 or more), `1e16` and `1e308` included.
pub fn is_integral(v: f64) -> bool {
    const WHOLE_FROM: f64 = 4_503_599_627_370_496.0; // 2^52
    v.is_finite() && (v.abs() >= WHOLE_FROM || (v as i64) as f64 == v)
}
