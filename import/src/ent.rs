//! What an importer reads out of a configuration: the resources archlint has a use for, as
//! typed entities with the position of every value in the user's files.
//!
//! Terraform and ROS each map their own resource types and attribute names onto these
//! entities (`tf::map`, `ros::map`); [`crate::assemble`] turns the entities of either into one
//! design (format v1) and its source map. Nothing here knows which format a value came from.

use std::collections::BTreeMap;

/// A position in one of the input files: the file's index in [`crate::Imported::files`],
/// 1-based line and column (columns count Unicode scalar values, as the core's do).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

/// A value and where the user wrote it.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub v: T,
    pub at: Loc,
}

impl<T> Sp<T> {
    pub fn new(v: T, at: Loc) -> Sp<T> {
        Sp { v, at }
    }
}

/// How an entity names another one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// An entity of this configuration, by its key.
    Key(String),
    /// A literal id of something outside the configuration (`vsw-bp1…`, `lb-123`).
    External(String),
}

/// An availability zone as the configuration gives it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ZoneVal {
    /// A literal zone id, e.g. `cn-hangzhou-h`.
    Known(String),
    /// A zone known only at deploy time; the text names where it comes from, one per distinct
    /// source and index (`data.alicloud_zones.default[0]`, `var.zone_id`).
    Placeholder(String),
}

/// Facts shared by every entity.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Common {
    /// Unique within the configuration: the resource's address (`alicloud_instance.web[0]`,
    /// `module.app.alicloud_vpc.main`, ROS `WebServer`, `WebGroup[1]`).
    pub key: String,
    /// The resource block the entity comes from, without an instance key: instances of one
    /// block form one module unless a tag says otherwise.
    pub block: String,
    /// A human name (`instance_name`, `vpc_name`, ROS `InstanceName`), when literal.
    pub label: Option<String>,
    /// Where the resource is declared.
    pub at: Loc,
    /// `tags` / ROS `Tags`, with their positions (`archlint:tier`, `archlint:module`, …).
    pub tags: BTreeMap<String, Sp<String>>,
    /// The region the resource is created in, when known (provider, ROS parameter).
    pub region: Option<String>,
}

/// One ingress rule of a security group.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RuleSpec {
    pub at: Loc,
    /// `false` for egress rules (skipped: egress is unrestricted on this platform).
    pub ingress: bool,
    /// `"accept"` or `"drop"`; absent: accept.
    pub action: Option<Sp<String>>,
    /// `tcp`, `udp`, `icmp`, `all` (as the design format spells them); other protocols (gre)
    /// are kept as written and skipped.
    pub protocol: Option<Sp<String>>,
    /// `22`, `80-90`, `all`.
    pub ports: Option<Sp<String>>,
    /// The source: a CIDR, or another group.
    pub source: Option<Sp<RuleSource>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleSource {
    Cidr(String),
    Group(Target),
}

/// A load balancer listener.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ListenerSpec {
    pub at: Loc,
    pub protocol: Option<Sp<String>>,
    pub port: Option<Sp<f64>>,
    pub backend_port: Option<Sp<f64>>,
    pub sticky: Option<Sp<bool>>,
    pub certificate: Option<Sp<bool>>,
    /// `Some(false)`: health checks switched off.
    pub health_check: Option<Sp<bool>>,
    pub health_check_protocol: Option<Sp<String>>,
    pub health_check_path: Option<Sp<String>>,
    pub health_check_port: Option<Sp<f64>>,
    /// The server group whose servers receive this listener's traffic.
    pub server_group: Option<Sp<Target>>,
}

/// The kinds of entity, with what each kind holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Vpc {
        cidr: Option<Sp<String>>,
    },
    VSwitch {
        vpc: Option<Sp<Target>>,
        zone: Option<Sp<ZoneVal>>,
        cidr: Option<Sp<String>>,
    },
    SecurityGroup {
        /// Rules written inside the group (ROS `SecurityGroupIngress`).
        rules: Vec<RuleSpec>,
    },
    /// A rule written as a resource of its own (Terraform `alicloud_security_group_rule`).
    GroupRule {
        group: Option<Sp<Target>>,
        rule: RuleSpec,
    },
    Ecs {
        /// `bastion` for bastion hosts; otherwise from the `archlint:role` tag.
        role: Option<Sp<String>>,
        vswitch: Option<Sp<Target>>,
        zone: Option<Sp<ZoneVal>>,
        groups: Vec<Sp<Target>>,
        public_bandwidth: Option<Sp<f64>>,
        /// `linux` / `windows`, when the image says so.
        os: Option<Sp<String>>,
        cpu: Option<Sp<f64>>,
        memory_gb: Option<Sp<f64>>,
        disks_gb: Vec<Sp<f64>>,
    },
    /// An auto-scaling group: `min_size` instances spread over its vSwitches.
    ScalingGroup {
        min_size: Option<Sp<f64>>,
        vswitches: Vec<Sp<Target>>,
        groups: Vec<Sp<Target>>,
        /// Load balancers whose backends the group's instances become.
        load_balancers: Vec<Sp<Target>>,
        server_groups: Vec<Sp<Target>>,
    },
    /// An ECS scaling configuration: the groups its instances join.
    ScalingConfig {
        scaling_group: Option<Sp<Target>>,
        groups: Vec<Sp<Target>>,
        public_bandwidth: Option<Sp<f64>>,
    },
    LoadBalancer {
        /// `clb`, `alb`, `nlb`.
        product: &'static str,
        /// `public` / `private`.
        scope: Option<Sp<String>>,
        zones: Vec<Sp<ZoneVal>>,
        vswitches: Vec<Sp<Target>>,
        bandwidth: Option<Sp<f64>>,
        listeners: Vec<ListenerSpec>,
        /// Backends attached directly (default server group).
        backends: Vec<Sp<Target>>,
    },
    /// A listener written as a resource of its own.
    Listener {
        lb: Option<Sp<Target>>,
        spec: ListenerSpec,
    },
    /// A server group (CLB VServer group, ALB / NLB server group, attachment resources).
    ServerGroup {
        lb: Option<Sp<Target>>,
        servers: Vec<Sp<Target>>,
    },
    /// Servers added to a server group by a resource of its own.
    GroupServers {
        server_group: Option<Sp<Target>>,
        lb: Option<Sp<Target>>,
        servers: Vec<Sp<Target>>,
    },
    Rds {
        engine: Option<Sp<String>>,
        /// `basic`, `high-availability`, `cluster`, `finance`.
        category: Option<Sp<String>>,
        zones: Vec<Sp<ZoneVal>>,
        vswitch: Option<Sp<Target>>,
        whitelist: Vec<Sp<String>>,
        public: Option<Sp<bool>>,
        storage_gb: Option<Sp<f64>>,
    },
    /// Whitelist entries added by a resource of their own.
    RdsWhitelist {
        rds: Option<Sp<Target>>,
        entries: Vec<Sp<String>>,
    },
    Oss {
        acl: Option<Sp<String>>,
        redundancy: Option<Sp<String>>,
        replicates_to: Option<Sp<Target>>,
    },
    /// An ACL or replication rule written as a resource of its own.
    OssSetting {
        bucket: Option<Sp<Target>>,
        acl: Option<Sp<String>>,
        replicates_to: Option<Sp<Target>>,
    },
    Eip {
        bandwidth: Option<Sp<f64>>,
        attached_to: Option<Sp<Target>>,
    },
    EipAssociation {
        eip: Option<Sp<Target>>,
        instance: Option<Sp<Target>>,
    },
    Nat {
        vpc: Option<Sp<Target>>,
        vswitch: Option<Sp<Target>>,
    },
    Snat {
        nat: Option<Sp<Target>>,
    },
    VpnGateway {
        vpc: Option<Sp<Target>>,
        ssl: Option<Sp<bool>>,
        ipsec: Option<Sp<bool>>,
    },
    /// An SSL-VPN server: the client address pool of a VPN gateway.
    SslServer {
        vpn: Option<Sp<Target>>,
        client_ips: Vec<Sp<String>>,
    },
    CustomerGateway {
        ip: Option<Sp<String>>,
    },
    IpsecConnection {
        vpn: Option<Sp<Target>>,
        customer_gateway: Option<Sp<Target>>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    pub c: Common,
    pub kind: Kind,
}

/// A resource read but not used, counted and listed with `--verbose`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// The resource type (`alicloud_ram_role`, `ALIYUN::RAM::Role`).
    pub ty: String,
    pub key: String,
    pub at: Loc,
}

/// Something the importer could not know before deploy.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unresolved {
    pub at: Loc,
    /// The attribute (`zone_id`), or the expression when it has no name.
    pub what: String,
    /// Where the value would come from (`data.alicloud_zones.default`, `var.password`).
    pub from: String,
}

/// All an importer reads from one configuration.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    pub entities: Vec<Entity>,
    pub skipped: Vec<Skipped>,
    pub unresolved: Vec<Unresolved>,
    /// The region the configuration deploys to, when known, and where it is said.
    pub region: Option<Sp<String>>,
    /// A name for the design.
    pub name: Option<String>,
}
