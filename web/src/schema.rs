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
    /// An integer in a range.
    Int(i64, i64),
    /// A number ≥ 0.
    Num,
    Bool,
    Enum(&'static [&'static str]),
    Ref(Ref),
    TextList,
    IntList(i64, i64),
    NumList,
    RefList(Ref),
    /// Edited as JSON text (listeners, health checks, sizing, peer).
    Json,
}

pub const PORT: F = F::Int(1, 65535);

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
            ("listeners", F::Json),
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
            ("whitelist", F::TextList),
            ("public", F::Bool),
            ("storage_gb", F::Num),
            ("sizing", F::Json),
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
            ("client_ips", F::TextList),
            ("peer", F::Json),
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
pub const VPC: &[(&str, F)] = &[("region", F::Ref(Ref::Region)), ("cidr", F::Text)];
pub const VSWITCH: &[(&str, F)] = &[
    ("zone", F::Ref(Ref::Zone)),
    ("cidr", F::Text),
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
    ("ports", F::Text),
    ("from", F::Text),
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
}
