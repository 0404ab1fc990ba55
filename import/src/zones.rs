//! The availability zones Alibaba Cloud publishes for each region.
//!
//! # What the table is for
//!
//! A Terraform configuration or ROS template names only the zones it uses. A module whose
//! vSwitches all sit in `cn-hangzhou-h` says nothing about `cn-hangzhou-i` or `cn-hangzhou-j`,
//! yet Hangzhou has eight zones, and placing everything in one of them is exactly the
//! single-zone risk archlint reports. So when the importer builds a design it gives each
//! region the zones the configuration uses *plus* the zones published here: a module placed
//! in one zone of a multi-zone region is still reported, although the configuration names
//! only that zone. The table also lets the importer tell which region a bare zone id belongs
//! to ([`region_of_zone`]) when a configuration sets zones but no region.
//!
//! The lists are what the documentation consulted shows; they are a floor, not a promise of
//! capacity. A zone missing from a list is not an error anywhere: [`region_of_zone`] falls
//! back to the shape of the id, and the importer keeps every zone a configuration names.
//!
//! # Source and date
//!
//! Zone ids are taken from Alibaba Cloud's own documentation, cross-checked page against page:
//!
//! - ECS, "地域可用区选择指南与支持列表" (help.aliyun.com, ECS user guide, "Regions and zones":
//!   the table "支持地域和可用区列表", which says it lists every region and zone ECS supports).
//!   Consulted as a stored Markdown copy of the page that shows no update date. It is the only
//!   source for `cn-beijing-a`, `cn-beijing-b` (the Elastic GPU Service page "リージョンとゾーン",
//!   last updated 2024-11-05, agrees that Beijing has twelve zones, A and B among them),
//!   `cn-shanghai-o`, `cn-nanjing-a`, `cn-fuzhou-a`, `cn-wuhan-lr-a`, `ap-southeast-6b`,
//!   `me-east-1a`, `me-east-1b` and `na-south-1a`.
//! - Key Management Service, "Regions and zones"
//!   (<https://www.alibabacloud.com/help/en/kms/product-overview/supported-regions>,
//!   as published on 2025-08-02; the Chinese page at help.aliyun.com shows the same ids):
//!   region, zone and zone-id columns for the Chinese regions, Singapore, Kuala Lumpur and
//!   Riyadh.
//! - Elastic Container Instance, "Regions and zones supported by ECI"
//!   (<https://www.alibabacloud.com/help/en/elastic-container-instance/latest/regions-and-zones>,
//!   as published on 2025-12-19; <https://help.aliyun.com/en/eci/product-overview/regions-and-zones>
//!   adds `cn-hangzhou-k` and `cn-shanghai-k`): zone ids for the Chinese regions, Tokyo and
//!   Singapore.
//! - Security Center, "Perform an image security scan", appendix "Supported regions and zones"
//!   (alibabacloud.com/help/en/security-center/user-guide, consulted as a stored copy that
//!   shows no date): zone ids for the regions outside China and the only source found for the
//!   Finance Cloud and Gov Cloud zones. That table lists the zones the scan supports, so for
//!   `cn-shanghai-finance-1` (4 of the 6 zones the Finance Cloud overview counts),
//!   `cn-shenzhen-finance-1` (2 of 4) and `cn-beijing-finance-1` (2 of 3) the lists here are
//!   known to be partial.
//!
//! [`AS_OF`] is the date of the newest dated page consulted; checked 2026-12-06.
//!
//! Left out because no Alibaba page consulted gives their zone ids: `cn-hangzhou-finance`,
//! `ap-southeast-8` (Johor), `us-southeast-1` (Atlanta), `sa-east-1` (São Paulo), and the
//! decommissioned `ap-southeast-2` (Sydney) and `ap-south-1` (Mumbai). Zones some product pages
//! name by letter only (Ulanqab Zone D, Tokyo Zones D and E, Singapore Zone D) are left out too:
//! the ECS page does not list them.
//!
//! # Updating
//!
//! 1. Open the ECS page "地域和可用区" / "Regions and zones" on help.aliyun.com or
//!    alibabacloud.com (or run `aliyun ecs DescribeZones --RegionId <region>` per region).
//! 2. Edit `TABLE` below: regions sorted by id (byte order), zones sorted within a region, ids
//!    copied verbatim. Chinese-mainland style ids end in `-<letter>` (`cn-hangzhou-h`); the
//!    others append the letter to the region id (`ap-southeast-1a`).
//! 3. Set [`AS_OF`] to the page's "last updated" date and name the page above.
//! 4. `cargo test -p archlint-import zones` checks order, duplicates and id shapes.

/// The date of the table (`YYYY-MM-DD`), shown in docs/import.md.
pub const AS_OF: &str = "2025-12-19";

/// The table: `(region id, zone ids)`, sorted by region id, zones sorted within a region.
static TABLE: &[(&str, &[&str])] = &[
    // Japan (Tokyo)
    (
        "ap-northeast-1",
        &["ap-northeast-1a", "ap-northeast-1b", "ap-northeast-1c"],
    ),
    // South Korea (Seoul)
    ("ap-northeast-2", &["ap-northeast-2a", "ap-northeast-2b"]),
    // Singapore
    (
        "ap-southeast-1",
        &["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
    ),
    // Malaysia (Kuala Lumpur)
    (
        "ap-southeast-3",
        &["ap-southeast-3a", "ap-southeast-3b", "ap-southeast-3c"],
    ),
    // Indonesia (Jakarta)
    (
        "ap-southeast-5",
        &["ap-southeast-5a", "ap-southeast-5b", "ap-southeast-5c"],
    ),
    // Philippines (Manila)
    ("ap-southeast-6", &["ap-southeast-6a", "ap-southeast-6b"]),
    // Thailand (Bangkok)
    ("ap-southeast-7", &["ap-southeast-7a", "ap-southeast-7b"]),
    // China North 2 (Beijing)
    (
        "cn-beijing",
        &[
            "cn-beijing-a",
            "cn-beijing-b",
            "cn-beijing-c",
            "cn-beijing-d",
            "cn-beijing-e",
            "cn-beijing-f",
            "cn-beijing-g",
            "cn-beijing-h",
            "cn-beijing-i",
            "cn-beijing-j",
            "cn-beijing-k",
            "cn-beijing-l",
        ],
    ),
    // China North 2 Finance Cloud (invitational preview); partial, see the module doc
    (
        "cn-beijing-finance-1",
        &["cn-beijing-finance-1k", "cn-beijing-finance-1l"],
    ),
    // China Southwest 1 (Chengdu)
    ("cn-chengdu", &["cn-chengdu-a", "cn-chengdu-b"]),
    // China East 6 (Fuzhou, local region, being shut down)
    ("cn-fuzhou", &["cn-fuzhou-a"]),
    // China South 3 (Guangzhou)
    ("cn-guangzhou", &["cn-guangzhou-a", "cn-guangzhou-b"]),
    // China East 1 (Hangzhou)
    (
        "cn-hangzhou",
        &[
            "cn-hangzhou-b",
            "cn-hangzhou-e",
            "cn-hangzhou-f",
            "cn-hangzhou-g",
            "cn-hangzhou-h",
            "cn-hangzhou-i",
            "cn-hangzhou-j",
            "cn-hangzhou-k",
        ],
    ),
    // China South 2 (Heyuan)
    ("cn-heyuan", &["cn-heyuan-a", "cn-heyuan-b"]),
    // China (Hong Kong)
    (
        "cn-hongkong",
        &["cn-hongkong-b", "cn-hongkong-c", "cn-hongkong-d"],
    ),
    // China North 5 (Hohhot)
    ("cn-huhehaote", &["cn-huhehaote-a", "cn-huhehaote-b"]),
    // China East 5 (Nanjing, local region, being shut down)
    ("cn-nanjing", &["cn-nanjing-a"]),
    // China (Beijing) Gov Cloud 1; from the Security Center table only
    (
        "cn-north-2-gov-1",
        &[
            "cn-north-2-gov-1b",
            "cn-north-2-gov-1c",
            "cn-north-2-gov-1d",
        ],
    ),
    // China North 1 (Qingdao)
    ("cn-qingdao", &["cn-qingdao-b", "cn-qingdao-c"]),
    // China East 2 (Shanghai)
    (
        "cn-shanghai",
        &[
            "cn-shanghai-a",
            "cn-shanghai-b",
            "cn-shanghai-c",
            "cn-shanghai-d",
            "cn-shanghai-e",
            "cn-shanghai-f",
            "cn-shanghai-g",
            "cn-shanghai-k",
            "cn-shanghai-l",
            "cn-shanghai-m",
            "cn-shanghai-n",
            "cn-shanghai-o",
        ],
    ),
    // China East 2 Finance Cloud; partial, see the module doc
    (
        "cn-shanghai-finance-1",
        &[
            "cn-shanghai-finance-1f",
            "cn-shanghai-finance-1g",
            "cn-shanghai-finance-1k",
            "cn-shanghai-finance-1z",
        ],
    ),
    // China South 1 (Shenzhen)
    (
        "cn-shenzhen",
        &[
            "cn-shenzhen-a",
            "cn-shenzhen-b",
            "cn-shenzhen-c",
            "cn-shenzhen-d",
            "cn-shenzhen-e",
            "cn-shenzhen-f",
        ],
    ),
    // China South 1 Finance Cloud; partial, see the module doc
    (
        "cn-shenzhen-finance-1",
        &["cn-shenzhen-finance-1d", "cn-shenzhen-finance-1e"],
    ),
    // China Central 1 (Wuhan, local region)
    ("cn-wuhan-lr", &["cn-wuhan-lr-a"]),
    // China North 6 (Ulanqab)
    (
        "cn-wulanchabu",
        &["cn-wulanchabu-a", "cn-wulanchabu-b", "cn-wulanchabu-c"],
    ),
    // China North 3 (Zhangjiakou)
    (
        "cn-zhangjiakou",
        &["cn-zhangjiakou-a", "cn-zhangjiakou-b", "cn-zhangjiakou-c"],
    ),
    // Germany (Frankfurt)
    (
        "eu-central-1",
        &["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    ),
    // UK (London)
    ("eu-west-1", &["eu-west-1a", "eu-west-1b"]),
    // Saudi Arabia (Riyadh, partner region)
    ("me-central-1", &["me-central-1a", "me-central-1b"]),
    // UAE (Dubai)
    ("me-east-1", &["me-east-1a", "me-east-1b"]),
    // Mexico
    ("na-south-1", &["na-south-1a"]),
    // US (Virginia)
    ("us-east-1", &["us-east-1a", "us-east-1b"]),
    // US (Silicon Valley)
    ("us-west-1", &["us-west-1a", "us-west-1b"]),
];

/// The zones Alibaba Cloud publishes for `region`, or `None` for a region not in the table.
pub fn published(region: &str) -> Option<&'static [&'static str]> {
    TABLE
        .binary_search_by(|(r, _)| (*r).cmp(region))
        .ok()
        .map(|i| TABLE[i].1)
}

/// The region of a zone id (`cn-hangzhou-h` → `cn-hangzhou`), from the table first, else by
/// dropping the last `-x` suffix when the rest looks like a region id. `None` when it does not
/// look like a zone id.
///
/// The fallback knows both shapes Alibaba Cloud uses: `<region>-<letter>` (`cn-hangzhou-h`,
/// `cn-wuhan-lr-a`) and, for region ids ending in a number, `<region><letter>`
/// (`ap-southeast-1a`, `cn-shanghai-finance-1f`). "Looks like a region id" means at least two
/// `-`-separated parts of lowercase ASCII letters and digits, the first two letters (`cn`,
/// `ap`, `eu`, …), the second starting with a letter. A region id itself (`cn-hangzhou`,
/// `ap-southeast-1`) is not a zone id.
pub fn region_of_zone(zone: &str) -> Option<String> {
    if let Some((region, _)) = TABLE.iter().find(|(_, zones)| zones.contains(&zone)) {
        return Some((*region).to_string());
    }
    region_by_shape(zone).map(str::to_string)
}

/// Every region in the table, in table order (for docs).
pub fn regions() -> &'static [(&'static str, &'static [&'static str])] {
    TABLE
}

/// The region a zone id names by its shape alone (see [`region_of_zone`]).
fn region_by_shape(zone: &str) -> Option<&str> {
    let bytes = zone.as_bytes();
    let n = bytes.len();
    if n < 2 || !bytes[n - 1].is_ascii_lowercase() {
        return None;
    }
    let rest = if bytes[n - 2] == b'-' {
        // `cn-hangzhou-h`
        &zone[..n - 2]
    } else if bytes[n - 2].is_ascii_digit() {
        // `ap-southeast-1a`
        &zone[..n - 1]
    } else {
        return None;
    };
    looks_like_region(rest).then_some(rest)
}

/// Whether `s` has the shape of an Alibaba Cloud region id.
fn looks_like_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() < 2 {
        return false;
    }
    let part_ok = |p: &&str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    parts.iter().all(part_ok)
        && parts[0].len() == 2
        && parts[0].bytes().all(|b| b.is_ascii_lowercase())
        && parts[1].as_bytes()[0].is_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn table_is_sorted_by_region_without_repeats() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} must come before {}", w[0].0, w[1].0);
        }
    }

    #[test]
    fn zones_are_sorted_within_a_region() {
        for (region, zones) in TABLE {
            assert!(!zones.is_empty(), "{region} has no zones");
            for w in zones.windows(2) {
                assert!(w[0] < w[1], "{region}: {} must come before {}", w[0], w[1]);
            }
        }
    }

    #[test]
    fn no_zone_is_listed_twice() {
        let mut seen = BTreeSet::new();
        for (_, zones) in TABLE {
            for z in *zones {
                assert!(seen.insert(*z), "{z} is listed twice");
            }
        }
    }

    #[test]
    fn every_zone_is_its_region_and_one_letter() {
        for (region, zones) in TABLE {
            assert!(looks_like_region(region), "{region} is not a region id");
            for z in *zones {
                let suffix = z
                    .strip_prefix(region)
                    .unwrap_or_else(|| panic!("{z} does not start with {region}"));
                let ok = match suffix.as_bytes() {
                    // `cn-hangzhou-h`
                    [b'-', l] => l.is_ascii_lowercase(),
                    // `ap-southeast-1a`: only after a region id ending in a number
                    [l] => {
                        l.is_ascii_lowercase()
                            && region.as_bytes().last().is_some_and(u8::is_ascii_digit)
                    }
                    _ => false,
                };
                assert!(
                    ok,
                    "{z}: `{suffix}` after {region} is not `-<letter>` or `<letter>`"
                );
            }
        }
    }

    #[test]
    fn the_shape_alone_finds_every_listed_region() {
        for (region, zones) in TABLE {
            for z in *zones {
                assert_eq!(region_by_shape(z), Some(*region), "{z}");
                assert_eq!(region_of_zone(z).as_deref(), Some(*region), "{z}");
            }
        }
    }

    #[test]
    fn published_finds_listed_regions_only() {
        assert_eq!(published("cn-hangzhou").map(<[_]>::len), Some(8));
        assert!(published("cn-hangzhou").unwrap().contains(&"cn-hangzhou-h"));
        assert_eq!(
            published("ap-southeast-1"),
            Some(&["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"][..])
        );
        for (region, zones) in regions() {
            assert_eq!(published(region), Some(*zones));
        }
        assert_eq!(published("cn-hangzhou-h"), None);
        assert_eq!(published("us-west-2"), None);
        assert_eq!(published(""), None);
        assert_eq!(regions().len(), TABLE.len());
    }

    #[test]
    fn region_of_zone_cases() {
        let r = |z: &str| region_of_zone(z);
        // From the table.
        assert_eq!(r("cn-hangzhou-h").as_deref(), Some("cn-hangzhou"));
        assert_eq!(r("ap-southeast-1a").as_deref(), Some("ap-southeast-1"));
        assert_eq!(r("cn-wuhan-lr-a").as_deref(), Some("cn-wuhan-lr"));
        assert_eq!(
            r("cn-shanghai-finance-1f").as_deref(),
            Some("cn-shanghai-finance-1")
        );
        assert_eq!(r("cn-north-2-gov-1b").as_deref(), Some("cn-north-2-gov-1"));
        // By shape: a zone the table does not list, in a known or an unknown region.
        assert_eq!(r("cn-hangzhou-z").as_deref(), Some("cn-hangzhou"));
        assert_eq!(r("ap-southeast-8a").as_deref(), Some("ap-southeast-8"));
        assert_eq!(
            r("cn-hangzhou-finance-b").as_deref(),
            Some("cn-hangzhou-finance")
        );
        assert_eq!(r("us-southeast-1b").as_deref(), Some("us-southeast-1"));
        // Not zone ids.
        assert_eq!(r("zone-a"), None);
        assert_eq!(r("a"), None);
        assert_eq!(r(""), None);
        assert_eq!(r("-a"), None);
        assert_eq!(r("cn-hangzhou"), None);
        assert_eq!(r("cn-wuhan-lr"), None);
        assert_eq!(r("ap-southeast-1"), None);
        assert_eq!(r("cn-hangzhou-"), None);
        assert_eq!(r("cn--a"), None);
        assert_eq!(r("CN-HANGZHOU-H"), None);
        assert_eq!(r("cn-hangzhou-hh"), None);
        assert_eq!(r("cn-hangzhou-MAZ10(h,i)"), None);
        assert_eq!(r("1-hangzhou-a"), None);
        assert_eq!(r("cn-1-a"), None);
        assert_eq!(r("${var.zone}"), None);
    }

    #[test]
    fn as_of_is_a_date() {
        let b = AS_OF.as_bytes();
        assert_eq!(b.len(), 10);
        for (i, c) in b.iter().enumerate() {
            if i == 4 || i == 7 {
                assert_eq!(*c, b'-');
            } else {
                assert!(c.is_ascii_digit());
            }
        }
    }
}
