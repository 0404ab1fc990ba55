//! The rule catalog: one file per rule, one module per family, one registry.
//!
//! `archlint rules`, `archlint explain`, SARIF `tool.driver.rules`, the editor's rule browser and
//! the docs all read [`all`].

use crate::rule::RuleMeta;

pub mod ag;
pub mod bh;
pub mod cp;
pub mod db;
pub mod df;
/// The rules' documentation as a table without the rules' code (the `docs` feature).
#[cfg(feature = "docs")]
pub mod docs;
pub mod dr;
pub mod ha;
pub(crate) mod helpers;
pub mod lb;
pub mod ns;
pub mod os;
pub mod sg;
pub mod vp;
pub mod zn;

/// The families in catalog order, each with its rules in code order.
pub static FAMILIES: &[(&str, &[&RuleMeta])] = &[
    ("HA", ha::RULES),
    ("ZN", zn::RULES),
    ("BH", bh::RULES),
    ("NS", ns::RULES),
    ("LB", lb::RULES),
    ("DB", db::RULES),
    ("OS", os::RULES),
    ("VP", vp::RULES),
    ("CP", cp::RULES),
    ("DR", dr::RULES),
    ("SG", sg::RULES),
    ("AG", ag::RULES),
    ("DF", df::RULES),
];

/// Every rule, in catalog order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    FAMILIES.iter().flat_map(|(_, rules)| rules.iter().copied())
}

/// The rule with this code (case-insensitive) or name.
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    all().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// A family's title in English and Chinese.
pub fn family_title(prefix: &str) -> crate::text::StaticText {
    use crate::text::StaticText as T;
    match prefix {
        "HA" => T::new("Single points of failure", "单点故障"),
        "ZN" => T::new("Zone placement", "可用区部署"),
        "BH" => T::new("Bastion hosts and management access", "堡垒机与运维访问"),
        "NS" => T::new("Network segmentation and exposure", "网络分区与暴露面"),
        "LB" => T::new("Load balancer configuration", "负载均衡配置"),
        "DB" => T::new("Managed database access", "云数据库访问"),
        "OS" => T::new("Object storage exposure", "对象存储暴露"),
        "VP" => T::new("VPN, IPSec and leased lines", "VPN、IPSec 与专线"),
        "CP" => T::new("Capacity", "容量"),
        "DR" => T::new("Disaster recovery", "容灾"),
        "SG" => T::new("Security groups", "安全组"),
        "AG" => T::new("API gateway", "API 网关"),
        "DF" => T::new("The design file itself", "设计文件本身"),
        _ => T::new("", ""),
    }
}
