//! Generates valid, realistic designs of any size, for benchmarks and scale tests.
//!
//! The proportions follow the guide's recommended architecture, repeated: VPC regions with two
//! or three zones and DMZ / management / intranet vSwitches per zone; business modules of two to
//! six ECS spread evenly over the zones; a public SLB in front of each web module; an RDS per
//! few application modules with a whitelist; bastions and an SSL VPN per region; layered
//! security groups; web → app → database links. Deterministic for a given size and seed.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// A small deterministic PRNG (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// A design of about `nodes` nodes (never fewer), as JSON text.
pub fn design(nodes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    // One region per ~4,000 nodes; the last one is the DR site when there are several.
    let region_count = nodes.div_ceil(4000).max(1);
    let per_region = nodes.div_ceil(region_count);
    let mut out = String::with_capacity(nodes * 260);
    out.push_str("{\n  \"archlint\": 1,\n");
    let _ = writeln!(out, "  \"name\": \"生成的设计 generated {nodes}\",");

    let mut regions = Vec::new();
    let mut vpcs = Vec::new();
    let mut groups = Vec::new();
    let mut node_list = Vec::new();
    let mut links = Vec::new();

    for r in 0..region_count {
        let rid = format!("r{r}");
        let zones = 2 + (rng.below(4) == 0) as usize; // mostly two zones, sometimes three
        let zone_ids: Vec<String> = (0..zones).map(|z| format!("{rid}-z{z}")).collect();
        let zlist: Vec<String> = zone_ids
            .iter()
            .enumerate()
            .map(|(z, id)| {
                format!(
                    "{{ \"id\": \"{id}\", \"label\": \"可用区{}\" }}",
                    (b'B' + z as u8) as char
                )
            })
            .collect();
        regions.push(format!(
            "    {{ \"id\": \"{rid}\", \"label\": \"区域 {r}\", \"network\": \"vpc\", \"zones\": [ {} ] }}",
            zlist.join(", ")
        ));
        // VPC 10.r.0.0/16 split into /22 vSwitches: per zone dmz, mgmt, intranet (x several)
        let vpc = format!("{rid}-vpc");
        let tiers_per_zone = 2 + per_region / 1500; // intranet bands scale with size
        let mut vsw = Vec::new();
        let mut vsw_ids: Vec<(String, &str, usize)> = Vec::new(); // (id, tier, zone)
        let mut block = 0u32;
        for (z, zid) in zone_ids.iter().enumerate() {
            let mut add = |tier: &'static str, k: usize, vsw: &mut Vec<String>, block: &mut u32| {
                let id = format!("{zid}-{tier}{k}");
                let cidr = format!("10.{}.{}.0/22", r % 256, (*block * 4) % 256);
                *block += 1;
                vsw.push(format!(
                    "{{ \"id\": \"{id}\", \"zone\": \"{zid}\", \"cidr\": \"{cidr}\", \"tier\": \"{tier}\" }}"
                ));
                vsw_ids.push((id, tier, z));
            };
            add("dmz", 0, &mut vsw, &mut block);
            add("management", 0, &mut vsw, &mut block);
            for k in 0..tiers_per_zone.min(19) {
                add("intranet", k, &mut vsw, &mut block);
            }
        }
        vpcs.push(format!(
            "    {{ \"id\": \"{vpc}\", \"region\": \"{rid}\", \"cidr\": \"10.{}.0.0/16\", \"vswitches\": [\n      {}\n    ] }}",
            r % 256,
            vsw.join(",\n      ")
        ));
        let dmz = |z: usize| format!("{}-dmz0", zone_ids[z]);
        let mgmt = |z: usize| format!("{}-management0", zone_ids[z]);
        let intranet: Vec<Vec<String>> = (0..zones)
            .map(|z| {
                vsw_ids
                    .iter()
                    .filter(|(_, t, zz)| *t == "intranet" && *zz == z)
                    .map(|(id, _, _)| id.clone())
                    .collect()
            })
            .collect();

        // management: SSL VPN + a bastion per zone
        let vpn = format!("{rid}-vpn");
        node_list.push(format!(
            "{{ \"id\": \"{vpn}\", \"kind\": \"vpn\", \"type\": \"ssl\", \"region\": \"{rid}\", \"client_ips\": [\"192.168.{}.0/28\"] }}",
            r % 256
        ));
        let sg_bastion = format!("{rid}-sg-bastion");
        groups.push(format!(
            "    {{ \"id\": \"{sg_bastion}\", \"rules\": [ {{ \"ports\": \"22\", \"from\": \"{vpn}\" }} ] }}"
        ));
        for z in 0..zones {
            node_list.push(format!(
                "{{ \"id\": \"{rid}-bastion{z}\", \"kind\": \"ecs\", \"role\": \"bastion\", \"vswitch\": \"{}\", \"cpu\": 1, \"memory_gb\": 1, \"security_groups\": [\"{sg_bastion}\"] }}",
                mgmt(z)
            ));
        }
        let mut count = 1 + zones;
        let mut m = 0usize;
        let mut dbs: Vec<(String, Vec<String>)> = Vec::new();
        while count < per_region {
            // a web module behind a public SLB, an app module, a database every 3 modules
            let web = format!("{rid}-web{m}");
            let app = format!("{rid}-app{m}");
            let sg_web = format!("{rid}-sg-web{m}");
            let sg_app = format!("{rid}-sg-app{m}");
            let slb = format!("{rid}-slb{m}");
            let ilb = format!("{rid}-ilb{m}");
            let per_zone = 1 + rng.below(3) as usize;
            groups.push(format!(
                "    {{ \"id\": \"{sg_web}\", \"rules\": [ {{ \"ports\": \"22\", \"from\": \"sg:{sg_bastion}\" }}, {{ \"ports\": \"80\", \"from\": \"{slb}\" }} ] }}"
            ));
            groups.push(format!(
                "    {{ \"id\": \"{sg_app}\", \"rules\": [ {{ \"ports\": \"22\", \"from\": \"sg:{sg_bastion}\" }}, {{ \"ports\": \"8080\", \"from\": \"{ilb}\" }} ] }}"
            ));
            let mut web_ids = Vec::new();
            let mut app_ids = Vec::new();
            for z in 0..zones {
                for k in 0..per_zone {
                    let id = format!("{web}-{z}{k}");
                    node_list.push(format!(
                        "{{ \"id\": \"{id}\", \"kind\": \"ecs\", \"label\": \"Web 服务器 {m}-{z}{k}\", \"module\": \"{web}\", \"vswitch\": \"{}\", \"cpu\": 2, \"memory_gb\": 4, \"autostart\": true, \"listens\": [80], \"paths\": [\"/\"], \"security_groups\": [\"{sg_web}\"] }}",
                        dmz(z)
                    ));
                    web_ids.push(id);
                    let id = format!("{app}-{z}{k}");
                    let band = &intranet[z][m % intranet[z].len()];
                    node_list.push(format!(
                        "{{ \"id\": \"{id}\", \"kind\": \"ecs\", \"label\": \"应用服务器 {m}-{z}{k}\", \"module\": \"{app}\", \"vswitch\": \"{band}\", \"cpu\": 4, \"memory_gb\": 8, \"autostart\": true, \"listens\": [8080], \"reconnect\": true, \"security_groups\": [\"{sg_app}\"] }}"
                    ));
                    app_ids.push(id);
                    count += 2;
                }
            }
            let backends: Vec<String> = web_ids.iter().map(|i| format!("\"{i}\"")).collect();
            node_list.push(format!(
                "{{ \"id\": \"{slb}\", \"kind\": \"slb\", \"region\": \"{rid}\", \"scope\": \"public\", \"listeners\": [ {{ \"protocol\": \"http\", \"port\": 80, \"sticky\": true, \"health_check\": {{ \"protocol\": \"http\", \"path\": \"/\" }} }} ], \"backends\": [{}] }}",
                backends.join(", ")
            ));
            count += 1;
            links.push(format!(
                "{{ \"from\": \"internet\", \"to\": \"{slb}\", \"port\": 80 }}"
            ));
            // the app tier sits behind a private SLB, as the guide recommends for every module
            let app_backends: Vec<String> = app_ids.iter().map(|i| format!("\"{i}\"")).collect();
            node_list.push(format!(
                "{{ \"id\": \"{ilb}\", \"kind\": \"slb\", \"region\": \"{rid}\", \"scope\": \"private\", \"listeners\": [ {{ \"protocol\": \"tcp\", \"port\": 8080, \"health_check\": {{ \"protocol\": \"tcp\" }} }} ], \"backends\": [{}] }}",
                app_backends.join(", ")
            ));
            count += 1;
            for w in &web_ids {
                links.push(format!(
                    "{{ \"from\": \"{w}\", \"to\": \"{ilb}\", \"port\": 8080 }}"
                ));
            }
            if m.is_multiple_of(3) {
                dbs.push((format!("{rid}-db{m}"), Vec::new()));
            }
            if let Some((db, clients)) = dbs.last_mut() {
                for a in &app_ids {
                    links.push(format!(
                        "{{ \"from\": \"{a}\", \"to\": \"{db}\", \"port\": 3306 }}"
                    ));
                    clients.push(a.clone());
                }
            }
            m += 1;
        }
        for (db, clients) in dbs {
            let wl: Vec<String> = clients.iter().map(|c| format!("\"{c}\"")).collect();
            node_list.push(format!(
                "{{ \"id\": \"{db}\", \"kind\": \"rds\", \"region\": \"{rid}\", \"engine\": \"mysql\", \"whitelist\": [{}] }}",
                wl.join(", ")
            ));
        }
    }

    let _ = writeln!(out, "  \"regions\": [\n{}\n  ],", regions.join(",\n"));
    let _ = writeln!(out, "  \"vpcs\": [\n{}\n  ],", vpcs.join(",\n"));
    let _ = writeln!(
        out,
        "  \"security_groups\": [\n{}\n  ],",
        groups.join(",\n")
    );
    out.push_str("  \"nodes\": [\n");
    for (i, n) in node_list.iter().enumerate() {
        out.push_str("    ");
        out.push_str(n);
        out.push_str(if i + 1 < node_list.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ],\n  \"links\": [\n");
    for (i, l) in links.iter().enumerate() {
        out.push_str("    ");
        out.push_str(l);
        out.push_str(if i + 1 < links.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_designs_load_and_are_deterministic() {
        for n in [10, 300, 5000] {
            let a = design(n, 7);
            assert_eq!(a, design(n, 7));
            let l = crate::load(&a, &crate::Limits::DEFAULT).unwrap();
            assert!(l.design.nodes.len() >= n, "{} < {n}", l.design.nodes.len());
            assert!(
                l.design.problems.is_empty(),
                "{:?}",
                &l.design.problems[..3.min(l.design.problems.len())]
            );
        }
    }
}
