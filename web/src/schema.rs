//! The fields the properties panel shows for each thing of the format, with their types.

/// What a reference field may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    Region,
    Zone,
    Vswitch,
    Sg,
    /// Any node, or nodes of one kind.
    Node(Option<&'static str>),
    /// A node id or the word `internet`.
    Endpoint,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum F {
    Text,
    /// Text with suggestions (a data list), any text allowed: a peer's vendor.
    Suggest(&'static [&'static str]),
    /// An integer in a range.
    Int(i64, i64),
    /// A number ≥ 0.
    Num,
    Bool,
    Enum(&'static [&'static str]),
    Ref(Ref),
    /// An IPv4 address or CIDR block, checked as typed.
    Cidr,
    /// A security-group rule's ports: `22`, `2800-3300` or `all`.
    Ports,
    /// Who traffic comes from: a node, a security group (`sg:<id>`, when `true`) or an
    /// address / CIDR — picked from the design's groups, nodes and VPN pools, or typed.
    /// Without groups (`false`: an RDS whitelist) only ECS instances and addresses.
    Source(bool),
    TextList,
    IntList(i64, i64),
    NumList,
    RefList(Ref),
    CidrList,
    SourceList(bool),
    /// An object with these fields (an IPSec peer, a workload's sizing, a health check).
    Obj(&'static [(&'static str, F)]),
    /// A list of such objects (an SLB's listeners).
    ObjList(&'static [(&'static str, F)]),
}

impl F {
    /// Whether the field holds a list of values.
    pub fn is_list(self) -> bool {
        matches!(
            self,
            F::TextList
                | F::IntList(..)
                | F::NumList
                | F::RefList(_)
                | F::CidrList
                | F::SourceList(_)
        )
    }

    /// The field of one item of a list field.
    pub fn item(self) -> F {
        match self {
            F::TextList => F::Text,
            F::IntList(lo, hi) => F::Int(lo, hi),
            F::NumList => F::Num,
            F::RefList(r) => F::Ref(r),
            F::CidrList => F::Cidr,
            F::SourceList(g) => F::Source(g),
            f => f,
        }
    }
}

pub const PORT: F = F::Int(1, 65535);

/// A listener of an SLB (the format's Listener, with `health_check.enabled` of the additions).
pub const LISTENER: &[(&str, F)] = &[
    ("protocol", F::Enum(&["http", "https", "tcp", "udp"])),
    ("port", PORT),
    ("backend_port", PORT),
    ("health_check", F::Obj(HEALTH_CHECK)),
    ("sticky", F::Bool),
    ("certificate", F::Bool),
];
pub const HEALTH_CHECK: &[(&str, F)] = &[
    ("enabled", F::Bool),
    ("protocol", F::Enum(&["http", "tcp"])),
    ("path", F::Text),
    ("port", PORT),
];
/// The customer's IPSec gateway.
pub const PEER: &[(&str, F)] = &[
    (
        "vendor",
        F::Suggest(&["Juniper", "Cisco", "Huawei", "H3C", "Hillstone", "Fortinet"]),
    ),
    ("model", F::Text),
    ("public_ip", F::Cidr),
    ("behind_nat", F::Bool),
];
/// An RDS's workload, for the storage check.
pub const SIZING: &[(&str, F)] = &[
    ("daily_transactions", F::Num),
    ("transaction_kb", F::Num),
    ("retention_days", F::Num),
];

pub fn node_fields(kind: &str) -> &'static [(&'static str, F)] {
    match kind {
        "ecs" => &[
            ("zone", F::Ref(Ref::Zone)),
            ("vswitch", F::Ref(Ref::Vswitch)),
            ("role", F::Enum(&["app", "bastion", "database", "test"])),
            ("module", F::Text),
            ("cpu", F::Num),
            ("memory_gb", F::Num),
            ("os", F::Enum(&["linux", "windows"])),
            ("public_bandwidth_mbps", F::Num),
            ("security_groups", F::RefList(Ref::Sg)),
            ("autostart", F::Bool),
            ("disks_gb", F::NumList),
            ("listens", F::IntList(1, 65535)),
            ("paths", F::TextList),
            ("stateful", F::Bool),
            ("needs_internet", F::Bool),
            ("reconnect", F::Bool),
        ],
        "slb" => &[
            ("region", F::Ref(Ref::Region)),
            ("scope", F::Enum(&["public", "private"])),
            ("bandwidth_mbps", F::Num),
            ("listeners", F::ObjList(LISTENER)),
            ("backends", F::RefList(Ref::Node(None))),
            ("type", F::Enum(&["clb", "alb", "nlb"])),
            ("zones", F::RefList(Ref::Zone)),
        ],
        "rds" => &[
            ("region", F::Ref(Ref::Region)),
            (
                "engine",
                F::Enum(&["mysql", "sqlserver", "postgresql", "ppas"]),
            ),
            ("whitelist", F::SourceList(false)),
            ("public", F::Bool),
            ("storage_gb", F::Num),
            ("sizing", F::Obj(SIZING)),
            ("replica_of", F::Ref(Ref::Node(Some("rds")))),
            (
                "category",
                F::Enum(&["basic", "high-availability", "cluster", "finance"]),
            ),
            ("zones", F::RefList(Ref::Zone)),
        ],
        "oss" => &[
            ("region", F::Ref(Ref::Region)),
            ("network", F::Enum(&["internal", "external"])),
            (
                "acl",
                F::Enum(&["private", "public-read", "public-read-write"]),
            ),
            ("replicates_to", F::Ref(Ref::Node(Some("oss")))),
            ("redundancy", F::Enum(&["lrs", "zrs"])),
        ],
        "vpn" => &[
            ("region", F::Ref(Ref::Region)),
            ("type", F::Enum(&["ssl", "ipsec"])),
            ("client_ips", F::CidrList),
            ("peer", F::Obj(PEER)),
            ("connects", F::Ref(Ref::Node(Some("idc")))),
        ],
        "leased_line" => &[
            ("region", F::Ref(Ref::Region)),
            ("carrier", F::Enum(&["telecom", "unicom", "mobile"])),
            ("bandwidth_mbps", F::Num),
            ("connects", F::Ref(Ref::Node(Some("idc")))),
            ("nat_ips", F::Int(0, 1_000_000)),
        ],
        "idc" => &[("tps", F::Num), ("transaction_kb", F::Num)],
        "eip" => &[("attached_to", F::Ref(Ref::Node(None)))],
        "nat" => &[
            ("region", F::Ref(Ref::Region)),
            ("vswitch", F::Ref(Ref::Vswitch)),
            ("rules", F::Int(0, 1_000_000)),
        ],
        "dns" => &[("failover", F::Bool)],
        "apigw" => &[
            ("region", F::Ref(Ref::Region)),
            ("auth", F::Enum(&["none", "jwt", "aksk", "basic"])),
            ("rate_limit", F::Bool),
            ("backends", F::RefList(Ref::Node(None))),
        ],
        _ => &[],
    }
}

/// The node kinds of the format, in the palette's order: core's list.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    archlint_core::model::NodeKind::ALL.iter().map(|k| k.name())
}

pub const REGION: &[(&str, F)] = &[
    ("network", F::Enum(&["classic", "vpc"])),
    ("role", F::Enum(&["primary", "dr"])),
];
pub const VPC: &[(&str, F)] = &[("region", F::Ref(Ref::Region)), ("cidr", F::Cidr)];
pub const VSWITCH: &[(&str, F)] = &[
    ("zone", F::Ref(Ref::Zone)),
    ("cidr", F::Cidr),
    ("tier", F::Enum(&["dmz", "management", "intranet"])),
];
pub const LINK: &[(&str, F)] = &[
    ("from", F::Ref(Ref::Endpoint)),
    ("to", F::Ref(Ref::Node(None))),
    ("port", PORT),
    ("protocol", F::Text),
    ("label", F::Text),
];
pub const TOP: &[(&str, F)] = &[
    ("name", F::Text),
    ("profile", F::Enum(&["standard", "high-security"])),
    (
        "dr",
        F::Enum(&["same-city", "two-region", "two-region-three-center"]),
    ),
];
pub const SG_RULE: &[(&str, F)] = &[
    ("action", F::Enum(&["accept", "drop"])),
    ("protocol", F::Enum(&["tcp", "udp", "icmp", "all"])),
    ("ports", F::Ports),
    ("from", F::Source(true)),
];

#[cfg(test)]
mod tests {
    /// Every field core knows for a kind has a form field, and no more.
    #[test]
    fn forms_cover_the_format() {
        for k in archlint_core::model::NodeKind::ALL {
            let mut ours: Vec<&str> = super::node_fields(k.name()).iter().map(|f| f.0).collect();
            let mut core: Vec<&str> = k
                .fields()
                .iter()
                .copied()
                .filter(|f| !(k.name() == "rds" && *f == "security_groups"))
                .collect();
            ours.sort();
            core.sort();
            assert_eq!(ours, core, "{}", k.name());
        }
    }

    /// The structured editors (listener, health check, IPSec peer, sizing, security-group
    /// rule) edit exactly the fields core reads and the JSON Schema (`archlint schema`)
    /// describes: no field is left to a raw JSON box.
    #[test]
    fn structured_editors_cover_the_objects_of_the_format() {
        use archlint_core::model as m;
        let schema: serde_json::Value = serde_json::from_str(archlint_core::SCHEMA).unwrap();
        for (name, ours, core) in [
            ("Listener", super::LISTENER, m::LISTENER_FIELDS),
            ("HealthCheck", super::HEALTH_CHECK, m::HEALTH_CHECK_FIELDS),
            ("Peer", super::PEER, m::PEER_FIELDS),
            ("Sizing", super::SIZING, m::SIZING_FIELDS),
            ("SgRule", super::SG_RULE, m::SG_RULE_FIELDS),
        ] {
            let mut ours: Vec<&str> = ours.iter().map(|f| f.0).collect();
            let mut core = core.to_vec();
            ours.sort();
            core.sort();
            assert_eq!(ours, core, "{name}");
            let mut theirs: Vec<&str> = schema["$defs"][name]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            theirs.sort();
            assert_eq!(ours, theirs, "{name} vs the JSON Schema");
        }
        let mut all: Vec<super::F> = Vec::new();
        for k in super::kinds() {
            all.extend(super::node_fields(k).iter().map(|f| f.1));
        }
        for list in [
            super::REGION,
            super::VPC,
            super::VSWITCH,
            super::LINK,
            super::TOP,
        ] {
            all.extend(list.iter().map(|f| f.1));
        }
        assert!(all.contains(&super::F::ObjList(super::LISTENER)));
        assert!(all.contains(&super::F::Obj(super::PEER)));
        assert!(all.contains(&super::F::Obj(super::SIZING)));
    }
}
