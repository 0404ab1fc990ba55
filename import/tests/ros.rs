//! The ROS importer: every template of the shared corpus, the fixtures of
//! `tests/fixtures/ros/`, and small templates for positions, evaluation, and inputs that must
//! fail cleanly (invalid YAML, cycles, huge `Count`, deep nesting, alias bombs).

use std::path::{Path, PathBuf};

use archlint_import::ent::{Entity, Extracted, Kind, Loc, RuleSource, Target, ZoneVal};
use archlint_import::{ros, ImportError, SourceFile};

fn run(path: &str, text: &str, params: &[(&str, &str)]) -> Result<Extracted, ImportError> {
    let params: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ros::extract(&SourceFile::new(path, text), 0, &params)
}

fn yaml(text: &str) -> Extracted {
    match run("t.yaml", text, &[]) {
        Ok(x) => x,
        Err(e) => panic!("{}:{}: {}", e.line, e.column, e.message.en),
    }
}

fn yaml_err(text: &str) -> ImportError {
    match run("t.yaml", text, &[]) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

fn fixture(name: &str) -> (String, String) {
    let path = format!("{}/tests/fixtures/ros/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    (path, text)
}

fn entity<'a>(ex: &'a Extracted, key: &str) -> &'a Entity {
    ex.entities
        .iter()
        .find(|e| e.c.key == key)
        .unwrap_or_else(|| panic!("no entity {key}"))
}

/// The 1-based line and column of the first occurrence of `needle` in `text` (plus `skip`
/// characters).
fn pos(text: &str, needle: &str, skip: usize) -> (u32, u32) {
    let i = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let before = &text[..i];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col + skip as u32)
}

fn lc(l: Loc) -> (u32, u32) {
    (l.line, l.col)
}

fn key(k: &str) -> Target {
    Target::Key(k.to_string())
}

fn ext(k: &str) -> Target {
    Target::External(k.to_string())
}

// ----------------------------------------------------------------------------------------
// The corpus
// ----------------------------------------------------------------------------------------

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_corpus_template_extracts() {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"));
    assert!(
        root.is_dir(),
        "{} is missing (shared/ must sit beside the checkout)",
        root.display()
    );
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut n = 0;
    let mut entities = 0;
    for f in files {
        let name = f.to_string_lossy().to_string();
        let lower = name.to_ascii_lowercase();
        let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
        if !is_yaml && !lower.ends_with(".json") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        if !text.contains("ROSTemplateFormatVersion") {
            continue;
        }
        match run(&name, &text, &[]) {
            Ok(ex) => {
                assert!(
                    !ex.entities.is_empty() || !ex.skipped.is_empty(),
                    "{name}: nothing read"
                );
                for e in &ex.entities {
                    assert!(e.c.at.line >= 1 && e.c.at.col >= 1, "{name}: {}", e.c.key);
                }
                entities += ex.entities.len();
            }
            Err(e) => panic!("{name}:{}:{}: {}", e.line, e.column, e.message.en),
        }
        n += 1;
    }
    assert!(n >= 41, "only {n} ROS templates found in the corpus");
    assert!(entities >= 60, "only {entities} entities");
}

#[test]
fn corpus_alb_health_check_comes_from_the_server_group() {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/infraguard/rules/alb-all-listener-health-check-enabled/ros/"
    );
    for (file, want) in [("compliant.yaml", true), ("violation.yaml", false)] {
        let text = std::fs::read_to_string(format!("{root}{file}")).unwrap();
        let ex = yaml(&text);
        let Kind::Listener { spec, .. } = &entity(&ex, "ALBListener").kind else {
            panic!("not a listener")
        };
        let hc = spec.health_check.as_ref().expect("health check");
        assert_eq!(hc.v, want, "{file}");
        assert_eq!(lc(hc.at), pos(&text, "HealthCheckEnabled: ", 20));
        assert_eq!(spec.server_group.as_ref().unwrap().v, key("MyServerGroup"));
    }
}

// ----------------------------------------------------------------------------------------
// The fixtures
// ----------------------------------------------------------------------------------------

#[test]
fn web_fixture_maps_every_resource() {
    let (path, text) = fixture("web.yaml");
    let ex = run(&path, &text, &[])
        .unwrap_or_else(|e| panic!("{}:{} {}", e.line, e.column, e.message.en));
    assert_eq!(ex.name.as_deref(), Some("Two-zone web application"));
    let keys: Vec<&str> = ex.entities.iter().map(|e| e.c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "Vpc",
            "VswA",
            "VswB",
            "WebSg",
            "Web[0]",
            "Web[1]",
            "Workers[0]",
            "Workers[1]",
            "Workers[2]",
            "Slb",
            "Listener",
            "Attach",
            "AttachWorker",
            "Db",
            "Backups",
            "Ip",
            "Nat",
            "Snat",
            "NatIp",
            "Vpn",
            "SslServer",
            "Bastion"
        ]
    );
    assert_eq!(ex.skipped.len(), 1);
    assert_eq!(ex.skipped[0].ty, "ALIYUN::RAM::Role");
    assert_eq!(ex.skipped[0].key, "Role");
    assert_eq!(lc(ex.skipped[0].at), pos(&text, "  Role:", 2));

    // VPC: label, CIDR, tags with positions.
    let vpc = entity(&ex, "Vpc");
    assert_eq!(vpc.c.label.as_deref(), Some("web-vpc"));
    assert_eq!(lc(vpc.c.at), pos(&text, "  Vpc:", 2));
    let tier = &vpc.c.tags["archlint:tier"];
    assert_eq!(tier.v, "intranet");
    assert_eq!(lc(tier.at), pos(&text, "Value: intranet", 7));
    let Kind::Vpc { cidr } = &vpc.kind else {
        panic!()
    };
    assert_eq!(cidr.as_ref().unwrap().v, "192.168.0.0/16");

    // vSwitches: Ref to a resource, GetAtt of its own id, Join, parameters with and without
    // a default.
    let Kind::VSwitch { vpc, zone, cidr } = &entity(&ex, "VswA").kind else {
        panic!()
    };
    assert_eq!(vpc.as_ref().unwrap().v, key("Vpc"));
    let zone = zone.as_ref().unwrap();
    assert_eq!(zone.v, ZoneVal::Known("cn-hangzhou-h".into()));
    assert_eq!(lc(zone.at), pos(&text, "ZoneId: !Ref ZoneA", 8));
    assert_eq!(cidr.as_ref().unwrap().v, "192.168.1.0/24");
    let Kind::VSwitch { vpc, zone, cidr } = &entity(&ex, "VswB").kind else {
        panic!()
    };
    assert_eq!(vpc.as_ref().unwrap().v, key("Vpc"));
    assert_eq!(
        zone.as_ref().unwrap().v,
        ZoneVal::Placeholder("Parameters.ZoneB".into())
    );
    assert_eq!(cidr.as_ref().unwrap().v, "192.168.2.0/24");
    assert_eq!(lc(cidr.as_ref().unwrap().at), pos(&text, "!Join ['.'", 0));

    // Security group rules.
    let Kind::SecurityGroup { rules } = &entity(&ex, "WebSg").kind else {
        panic!()
    };
    assert_eq!(rules.len(), 4);
    let r0 = &rules[0];
    assert!(r0.ingress);
    assert_eq!(r0.protocol.as_ref().unwrap().v, "tcp");
    assert_eq!(r0.ports.as_ref().unwrap().v, "80");
    assert_eq!(
        r0.source.as_ref().unwrap().v,
        RuleSource::Cidr("0.0.0.0/0".into())
    );
    assert_eq!(
        lc(r0.ports.as_ref().unwrap().at),
        pos(&text, "PortRange: 80/80", 11)
    );
    let r1 = &rules[1];
    assert_eq!(r1.action.as_ref().unwrap().v, "accept");
    assert_eq!(
        r1.source.as_ref().unwrap().v,
        RuleSource::Cidr("10.1.0.0/24".into())
    );
    let r2 = &rules[2];
    assert_eq!(r2.protocol.as_ref().unwrap().v, "all");
    assert_eq!(r2.ports.as_ref().unwrap().v, "all");
    assert_eq!(r2.action.as_ref().unwrap().v, "drop");
    assert_eq!(
        r2.source.as_ref().unwrap().v,
        RuleSource::Group(ext("sg-bp1external"))
    );
    assert!(!rules[3].ingress);
    assert_eq!(rules[3].ports.as_ref().unwrap().v, "443");

    // Count: one entity per instance, ALIYUN::Index in Select and Sub, one placeholder zone
    // per index.
    for i in 0..2 {
        let web = entity(&ex, &format!("Web[{i}]"));
        assert_eq!(web.c.block, "Web");
        assert_eq!(web.c.label.as_deref(), Some(format!("web-{i}").as_str()));
        assert_eq!(web.c.tags["archlint:module"].v, "web");
        let Kind::Ecs {
            vswitch,
            zone,
            groups,
            os,
            disks_gb,
            public_bandwidth,
            ..
        } = &web.kind
        else {
            panic!()
        };
        let want_vsw = if i == 0 { "VswA" } else { "VswB" };
        assert_eq!(vswitch.as_ref().unwrap().v, key(want_vsw));
        // In a vSwitch, the instance's zone is the vSwitch's: its own ZoneId is not read.
        assert!(zone.is_none(), "{zone:?}");
        assert_eq!(
            groups.iter().map(|g| g.v.clone()).collect::<Vec<_>>(),
            [key("WebSg")]
        );
        assert_eq!(os.as_ref().unwrap().v, "linux");
        assert_eq!(disks_gb.iter().map(|d| d.v).collect::<Vec<_>>(), [100.0]);
        assert_eq!(public_bandwidth.as_ref().unwrap().v, 0.0);
    }

    // Instance group: MaxAmount instances, Windows image, GetAtt of the group's id.
    for i in 0..3 {
        let w = entity(&ex, &format!("Workers[{i}]"));
        assert_eq!(w.c.block, "Workers");
        let Kind::Ecs {
            vswitch,
            groups,
            os,
            ..
        } = &w.kind
        else {
            panic!()
        };
        assert_eq!(vswitch.as_ref().unwrap().v, key("VswB"));
        assert_eq!(groups[0].v, key("WebSg"));
        assert_eq!(os.as_ref().unwrap().v, "windows");
    }

    // SLB: zones read through the vSwitches' ZoneId.
    let Kind::LoadBalancer {
        product,
        scope,
        zones,
        vswitches,
        bandwidth,
        ..
    } = &entity(&ex, "Slb").kind
    else {
        panic!()
    };
    assert_eq!(*product, "clb");
    assert_eq!(scope.as_ref().unwrap().v, "public");
    assert_eq!(
        zones.iter().map(|z| z.v.clone()).collect::<Vec<_>>(),
        [
            ZoneVal::Known("cn-hangzhou-h".into()),
            ZoneVal::Placeholder("Parameters.ZoneB".into())
        ]
    );
    assert_eq!(lc(zones[0].at), pos(&text, "!GetAtt VswA.ZoneId", 0));
    assert_eq!(vswitches[0].v, key("VswA"));
    assert_eq!(bandwidth.as_ref().unwrap().v, 10.0);

    let Kind::Listener { lb, spec } = &entity(&ex, "Listener").kind else {
        panic!()
    };
    assert_eq!(lb.as_ref().unwrap().v, key("Slb"));
    assert_eq!(spec.protocol.as_ref().unwrap().v, "https");
    assert_eq!(spec.port.as_ref().unwrap().v, 443.0);
    assert_eq!(spec.backend_port.as_ref().unwrap().v, 80.0);
    assert!(spec.certificate.as_ref().unwrap().v);
    assert!(spec.health_check.as_ref().unwrap().v);
    assert_eq!(spec.health_check_path.as_ref().unwrap().v, "/health");
    assert_eq!(spec.health_check_port.as_ref().unwrap().v, 80.0);
    assert!(spec.sticky.as_ref().unwrap().v);

    let Kind::GroupServers {
        lb,
        servers,
        server_group,
    } = &entity(&ex, "Attach").kind
    else {
        panic!()
    };
    assert!(server_group.is_none());
    assert_eq!(lb.as_ref().unwrap().v, key("Slb"));
    assert_eq!(
        servers.iter().map(|s| s.v.clone()).collect::<Vec<_>>(),
        [key("Web[0]"), key("Web[1]")]
    );
    let Kind::GroupServers { servers, .. } = &entity(&ex, "AttachWorker").kind else {
        panic!()
    };
    assert_eq!(servers[0].v, key("Workers[0]"));

    // RDS: condition true, category, zones, whitelist split on commas.
    let Kind::Rds {
        engine,
        category,
        zones,
        vswitch,
        whitelist,
        public,
        storage_gb,
    } = &entity(&ex, "Db").kind
    else {
        panic!()
    };
    assert_eq!(engine.as_ref().unwrap().v, "mysql");
    assert_eq!(category.as_ref().unwrap().v, "high-availability");
    assert_eq!(
        zones.iter().map(|z| z.v.clone()).collect::<Vec<_>>(),
        [
            ZoneVal::Known("cn-hangzhou-h".into()),
            ZoneVal::Known("cn-hangzhou-g".into())
        ]
    );
    assert_eq!(vswitch.as_ref().unwrap().v, key("VswA"));
    assert_eq!(
        whitelist.iter().map(|w| w.v.as_str()).collect::<Vec<_>>(),
        ["192.168.1.0/24", "192.168.2.0/24"]
    );
    assert!(!public.as_ref().unwrap().v);
    assert_eq!(storage_gb.as_ref().unwrap().v, 100.0);

    let Kind::Oss {
        acl, redundancy, ..
    } = &entity(&ex, "Backups").kind
    else {
        panic!()
    };
    assert_eq!(acl.as_ref().unwrap().v, "private");
    assert_eq!(redundancy.as_ref().unwrap().v, "zrs");

    let Kind::Snat { nat } = &entity(&ex, "Snat").kind else {
        panic!()
    };
    assert_eq!(nat.as_ref().unwrap().v, key("Nat"));
    let Kind::EipAssociation { eip, instance } = &entity(&ex, "NatIp").kind else {
        panic!()
    };
    assert_eq!(eip.as_ref().unwrap().v, key("Ip"));
    assert_eq!(instance.as_ref().unwrap().v, key("Nat"));
    let Kind::VpnGateway { vpc, ssl, ipsec } = &entity(&ex, "Vpn").kind else {
        panic!()
    };
    assert_eq!(vpc.as_ref().unwrap().v, key("Vpc"));
    assert!(ssl.as_ref().unwrap().v);
    assert!(!ipsec.as_ref().unwrap().v);
    let Kind::SslServer { vpn, client_ips } = &entity(&ex, "SslServer").kind else {
        panic!()
    };
    assert_eq!(vpn.as_ref().unwrap().v, key("Vpn"));
    assert_eq!(client_ips[0].v, "10.100.0.0/16");

    let bastion = entity(&ex, "Bastion");
    assert_eq!(bastion.c.label.as_deref(), Some("ops-bastion"));
    let Kind::Ecs { role, vswitch, .. } = &bastion.kind else {
        panic!()
    };
    assert_eq!(role.as_ref().unwrap().v, "bastion");
    assert_eq!(vswitch.as_ref().unwrap().v, key("VswA"));

    // What cannot be known before deploy.
    let unresolved: Vec<(&str, &str)> = ex
        .unresolved
        .iter()
        .map(|u| (u.what.as_str(), u.from.as_str()))
        .collect();
    assert!(
        unresolved.contains(&("ZoneId", "Parameters.ZoneB")),
        "{unresolved:?}"
    );
    // The instances' own ZoneId is not read (their vSwitches give the zone), so it is not
    // listed as unresolved either.
    assert!(
        !unresolved.iter().any(|u| u.1.starts_with("Fn::GetAZs")),
        "{unresolved:?}"
    );
    assert!(
        unresolved.contains(&("SlaveZoneId", "Parameters.ZoneB")),
        "{unresolved:?}"
    );
}

#[test]
fn web_fixture_parameter_overrides() {
    let (path, text) = fixture("web.yaml");
    let ex = run(
        &path,
        &text,
        &[
            ("ZoneB", "cn-hangzhou-k"),
            ("WebCount", "1"),
            ("Env", "test"),
            ("ALIYUN::Region", "cn-hangzhou"),
        ],
    )
    .unwrap();
    let Kind::VSwitch { zone, .. } = &entity(&ex, "VswB").kind else {
        panic!()
    };
    assert_eq!(
        zone.as_ref().unwrap().v,
        ZoneVal::Known("cn-hangzhou-k".into())
    );
    assert!(ex.entities.iter().any(|e| e.c.key == "Web[0]"));
    assert!(!ex.entities.iter().any(|e| e.c.key == "Web[1]"));
    // Condition IsProd is false: no database, not listed as skipped either.
    assert!(!ex.entities.iter().any(|e| e.c.key == "Db"));
    let Kind::Ecs { disks_gb, .. } = &entity(&ex, "Web[0]").kind else {
        panic!()
    };
    assert_eq!(disks_gb[0].v, 40.0);
    assert_eq!(ex.region.as_ref().unwrap().v, "cn-hangzhou");
    assert_eq!(entity(&ex, "Vpc").c.region.as_deref(), Some("cn-hangzhou"));
    // A Number parameter refuses a non-number, at the parameter.
    let e = run(&path, &text, &[("WebCount", "many")]).unwrap_err();
    assert_eq!((e.line, e.column), pos(&text, "  WebCount:", 2));
    assert!(e.message.en.contains("Number"), "{}", e.message.en);
}

#[test]
fn alb_json_fixture() {
    let (path, text) = fixture("alb.json");
    let ex = run(&path, &text, &[])
        .unwrap_or_else(|e| panic!("{}:{} {}", e.line, e.column, e.message.en));
    assert_eq!(ex.name.as_deref(), Some("ALB in front of a scaling group"));
    let Kind::LoadBalancer {
        product,
        scope,
        zones,
        vswitches,
        ..
    } = &entity(&ex, "Alb").kind
    else {
        panic!()
    };
    assert_eq!(*product, "alb");
    assert_eq!(scope.as_ref().unwrap().v, "public");
    assert_eq!(
        zones.iter().map(|z| z.v.clone()).collect::<Vec<_>>(),
        [
            ZoneVal::Placeholder("Fn::GetAZs[0]".into()),
            ZoneVal::Placeholder("Fn::GetAZs[1]".into())
        ]
    );
    assert_eq!(
        lc(zones[0].at),
        pos(&text, "{\"Fn::Select\": [\"0\", {\"Fn::GetAZs\"", 0)
    );
    // VSwitchIds has no default: both unknown, nothing invented.
    assert!(vswitches.is_empty());
    let from: Vec<&str> = ex.unresolved.iter().map(|u| u.from.as_str()).collect();
    assert!(from.contains(&"Parameters.VSwitchIds[0]"), "{from:?}");
    assert!(from.contains(&"Parameters.VSwitchIds[1]"), "{from:?}");

    let Kind::Listener { lb, spec } = &entity(&ex, "Https").kind else {
        panic!()
    };
    assert_eq!(lb.as_ref().unwrap().v, key("Alb"));
    assert_eq!(spec.protocol.as_ref().unwrap().v, "https");
    assert!(spec.certificate.as_ref().unwrap().v);
    assert_eq!(spec.server_group.as_ref().unwrap().v, key("Group"));
    assert!(spec.health_check.as_ref().unwrap().v);
    assert_eq!(
        lc(spec.health_check.as_ref().unwrap().at),
        pos(&text, "\"HealthCheckEnabled\": true", 22)
    );
    assert_eq!(spec.health_check_protocol.as_ref().unwrap().v, "http");
    assert_eq!(spec.health_check_path.as_ref().unwrap().v, "/ping");
    assert!(!spec.sticky.as_ref().unwrap().v);

    let Kind::ScalingGroup {
        min_size,
        server_groups,
        vswitches,
        ..
    } = &entity(&ex, "Asg").kind
    else {
        panic!()
    };
    assert_eq!(min_size.as_ref().unwrap().v, 2.0);
    assert_eq!(server_groups[0].v, key("Group"));
    assert!(vswitches.is_empty());
    let Kind::ScalingConfig {
        scaling_group,
        groups,
        public_bandwidth,
    } = &entity(&ex, "AsgConfig").kind
    else {
        panic!()
    };
    assert_eq!(scaling_group.as_ref().unwrap().v, key("Asg"));
    assert_eq!(groups[0].v, ext("sg-bp1web"));
    assert_eq!(public_bandwidth.as_ref().unwrap().v, 0.0);

    // With the list given, the vSwitches are known.
    let ex = run(&path, &text, &[("VSwitchIds", "vsw-a,vsw-b")]).unwrap();
    let Kind::LoadBalancer { vswitches, .. } = &entity(&ex, "Alb").kind else {
        panic!()
    };
    assert_eq!(
        vswitches.iter().map(|v| v.v.clone()).collect::<Vec<_>>(),
        [ext("vsw-a"), ext("vsw-b")]
    );
}

// ----------------------------------------------------------------------------------------
// Positions and evaluation, on small templates
// ----------------------------------------------------------------------------------------

#[test]
fn positions_of_properties() {
    let text = "\
ROSTemplateFormatVersion: '2015-09-01'
Resources:
  Sw:
    Type: ALIYUN::ECS::VSwitch
    Properties:
      VpcId: vpc-123
      ZoneId:    cn-shanghai-b
      CidrBlock: \"10.0.0.0/24\"
";
    let ex = yaml(text);
    let e = &ex.entities[0];
    assert_eq!(lc(e.c.at), (3, 3));
    let Kind::VSwitch { vpc, zone, cidr } = &e.kind else {
        panic!()
    };
    assert_eq!(lc(vpc.as_ref().unwrap().at), (6, 14));
    assert_eq!(lc(zone.as_ref().unwrap().at), (7, 18));
    assert_eq!(lc(cidr.as_ref().unwrap().at), (8, 18));
    assert_eq!(vpc.as_ref().unwrap().v, ext("vpc-123"));
}

#[test]
fn positions_count_characters_not_bytes() {
    let text = "Resources:\n  Vpc:\n    Type: ALIYUN::ECS::VPC\n    Properties: {VpcName: 网络, CidrBlock: 10.0.0.0/8}\n";
    let ex = yaml(text);
    let Kind::Vpc { cidr } = &ex.entities[0].kind else {
        panic!()
    };
    assert_eq!(lc(cidr.as_ref().unwrap().at), (4, 42));
    assert_eq!(ex.entities[0].c.label.as_deref(), Some("网络"));
}

#[test]
fn json_positions() {
    let text = "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"ALIYUN::OSS::Bucket\",\n      \"Properties\": {\"AccessControl\": \"public-read\"}}\n  }\n}\n";
    let ex = run("t.json", text, &[]).unwrap();
    let e = &ex.entities[0];
    assert_eq!(lc(e.c.at), (3, 5));
    let Kind::Oss { acl, .. } = &e.kind else {
        panic!()
    };
    assert_eq!(acl.as_ref().unwrap().v, "public-read");
    assert_eq!(
        lc(acl.as_ref().unwrap().at),
        pos(text, "\"public-read\"", 0)
    );
}

#[test]
fn ref_getatt_select_join_resolve() {
    let text = "\
Parameters:
  Cidrs: {Type: CommaDelimitedList, Default: '10.0.1.0/24,10.0.2.0/24'}
  Prefix: {Type: String, Default: app}
Resources:
  V:
    Type: ALIYUN::ECS::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  S:
    Type: ALIYUN::ECS::VSwitch
    Properties:
      VpcId: {'Fn::GetAtt': [V, VpcId]}
      CidrBlock: {'Fn::Select': [1, {Ref: Cidrs}]}
      ZoneId: {'Fn::Join': ['-', [cn, hangzhou, h]]}
      VSwitchName: {'Fn::Join': ['', [{Ref: Prefix}, '-sw']]}
  I:
    Type: ALIYUN::ECS::Instance
    Properties:
      VSwitchId: !GetAtt [S, VSwitchId]
      ZoneId: !GetAtt S.ZoneId
      SecurityGroupId: !GetAtt [G, Arn]
  G:
    Type: ALIYUN::ECS::SecurityGroup
    Properties: {}
";
    let ex = yaml(text);
    let s = entity(&ex, "S");
    assert_eq!(s.c.label.as_deref(), Some("app-sw"));
    let Kind::VSwitch { vpc, zone, cidr } = &s.kind else {
        panic!()
    };
    assert_eq!(vpc.as_ref().unwrap().v, key("V"));
    assert_eq!(cidr.as_ref().unwrap().v, "10.0.2.0/24");
    // A selected item keeps its own position: here, the Ref that gave the list.
    assert_eq!(lc(cidr.as_ref().unwrap().at), pos(text, "{Ref: Cidrs}", 0));
    assert_eq!(
        zone.as_ref().unwrap().v,
        ZoneVal::Known("cn-hangzhou-h".into())
    );
    let Kind::Ecs {
        vswitch,
        zone,
        groups,
        ..
    } = &entity(&ex, "I").kind
    else {
        panic!()
    };
    assert_eq!(vswitch.as_ref().unwrap().v, key("S"));
    assert!(zone.is_none(), "the vSwitch gives the zone: {zone:?}");
    // An attribute that is not an id stays unknown, and is said so.
    assert!(groups.is_empty());
    assert!(ex
        .unresolved
        .iter()
        .any(|u| u.what == "SecurityGroupId" && u.from == "G.Arn"));
}

#[test]
fn parameter_without_default_stays_unknown() {
    let text = "\
Parameters:
  ZoneId:
    Type: String
  VSwitchId:
    Type: String
Resources:
  Web:
    Type: ALIYUN::ECS::Instance
    Properties:
      ZoneId:
        Ref: ZoneId
      VSwitchId: {Ref: VSwitchId}
";
    let ex = yaml(text);
    let Kind::Ecs { zone, vswitch, .. } = &ex.entities[0].kind else {
        panic!()
    };
    let zone = zone.as_ref().unwrap();
    assert_eq!(zone.v, ZoneVal::Placeholder("Parameters.ZoneId".into()));
    assert_eq!(lc(zone.at), (11, 9));
    assert!(vswitch.is_none(), "a vSwitch is never invented");
    let u: Vec<(&str, &str, (u32, u32))> = ex
        .unresolved
        .iter()
        .map(|u| (u.what.as_str(), u.from.as_str(), lc(u.at)))
        .collect();
    assert_eq!(
        u,
        [
            ("VSwitchId", "Parameters.VSwitchId", (12, 18)),
            ("ZoneId", "Parameters.ZoneId", (11, 9)),
        ]
    );
}

#[test]
fn sub_if_findinmap_novalue() {
    let text = "\
Parameters:
  Env: {Type: String, Default: prod}
  Name: {Type: String}
Conditions:
  Prod: {'Fn::Equals': [{Ref: Env}, prod]}
  NotProd: {'Fn::Not': [{Condition: Prod}]}
  Unknown: {'Fn::Equals': [{Ref: Name}, x]}
Mappings:
  Net: {prod: {Cidr: 10.0.0.0/8}}
Resources:
  V:
    Type: ALIYUN::ECS::VPC
    Properties:
      VpcName: !Sub '${Env}-vpc-${!Literal}'
      CidrBlock: !FindInMap [Net, !Ref Env, Cidr]
  B:
    Type: ALIYUN::OSS::Bucket
    Properties:
      AccessControl: !If [Prod, private, public-read]
      RedundancyType: !If [NotProd, ZRS, !Ref ALIYUN::NoValue]
  C:
    Type: ALIYUN::OSS::Bucket
    Properties:
      AccessControl: !If [Unknown, private, public-read]
      BucketName: !Sub '${Name}-logs'
";
    let ex = yaml(text);
    let v = entity(&ex, "V");
    assert_eq!(v.c.label.as_deref(), Some("prod-vpc-${Literal}"));
    let Kind::Vpc { cidr } = &v.kind else {
        panic!()
    };
    assert_eq!(cidr.as_ref().unwrap().v, "10.0.0.0/8");
    let Kind::Oss {
        acl, redundancy, ..
    } = &entity(&ex, "B").kind
    else {
        panic!()
    };
    assert_eq!(acl.as_ref().unwrap().v, "private");
    assert!(redundancy.is_none());
    let c = entity(&ex, "C");
    assert!(
        c.c.label.is_none(),
        "a label that is not literal is left out"
    );
    let Kind::Oss { acl, .. } = &c.kind else {
        panic!()
    };
    assert!(acl.is_none());
    assert!(ex
        .unresolved
        .iter()
        .any(|u| u.what == "AccessControl" && u.from == "Conditions.Unknown"));
}

#[test]
fn count_and_instance_groups() {
    let text = "\
Resources:
  Sw:
    Type: ALIYUN::ECS::VSwitch
    Count: 2
    Properties:
      ZoneId: !Select [!Ref ALIYUN::Index, [cn-hangzhou-h, cn-hangzhou-g]]
      CidrBlock: !Sub '10.0.${ALIYUN::Index}.0/24'
  G:
    Type: ALIYUN::ECS::InstanceGroup
    Properties:
      MinAmount: 2
      MaxAmount: 5
      VSwitchId: !Select [1, !Ref Sw]
  Clone:
    Type: ALIYUN::ECS::InstanceGroupClone
    Properties:
      SourceInstanceId: !Select [0, !GetAtt G.InstanceIds]
      MaxAmount: 2
  None:
    Type: ALIYUN::ECS::Instance
    Count: 0
    Properties: {}
";
    let ex = yaml(text);
    let keys: Vec<&str> = ex.entities.iter().map(|e| e.c.key.as_str()).collect();
    assert_eq!(
        keys,
        ["Sw[0]", "Sw[1]", "G[0]", "G[1]", "Clone[0]", "Clone[1]"]
    );
    let Kind::VSwitch { zone, cidr, .. } = &entity(&ex, "Sw[1]").kind else {
        panic!()
    };
    assert_eq!(
        zone.as_ref().unwrap().v,
        ZoneVal::Known("cn-hangzhou-g".into())
    );
    assert_eq!(cidr.as_ref().unwrap().v, "10.0.1.0/24");
    let Kind::Ecs { vswitch, .. } = &entity(&ex, "G[1]").kind else {
        panic!()
    };
    assert_eq!(vswitch.as_ref().unwrap().v, key("Sw[1]"));
    // The clone takes the placement of the instance it clones.
    let Kind::Ecs { vswitch, .. } = &entity(&ex, "Clone[1]").kind else {
        panic!()
    };
    assert_eq!(vswitch.as_ref().unwrap().v, key("Sw[1]"));
    assert!(ex.entities.iter().all(|e| e.c.key.starts_with(&e.c.block)));
}

#[test]
fn inline_rules_and_rule_resources() {
    let text = "\
Resources:
  Sg:
    Type: ALIYUN::ECS::SecurityGroup
    Properties:
      SecurityGroupIngress:
        - {IpProtocol: udp, PortRange: 53/53, SourceCidrIp: 10.0.0.0/8}
        - {IpProtocol: gre, PortRange: -1/-1, SourceCidrIp: 10.0.0.0/8}
        - {IpProtocol: tcp, PortRange: 8000/8080, SourceGroupId: !Ref Other}
  Other:
    Type: ALIYUN::ECS::SecurityGroup
  Rule:
    Type: ALIYUN::ECS::SecurityGroupIngress
    Properties:
      SecurityGroupId: !Ref Sg
      IpProtocol: tcp
      PortRange: 3389/3389
      SourceCidrIp: 0.0.0.0/0
      Policy: Drop
";
    let ex = yaml(text);
    let Kind::SecurityGroup { rules } = &entity(&ex, "Sg").kind else {
        panic!()
    };
    assert_eq!(rules[0].ports.as_ref().unwrap().v, "53");
    assert_eq!(rules[1].protocol.as_ref().unwrap().v, "gre");
    assert_eq!(rules[2].ports.as_ref().unwrap().v, "8000-8080");
    assert_eq!(
        rules[2].source.as_ref().unwrap().v,
        RuleSource::Group(key("Other"))
    );
    let Kind::SecurityGroup { rules } = &entity(&ex, "Other").kind else {
        panic!()
    };
    assert!(rules.is_empty());
    let rule = entity(&ex, "Rule");
    let Kind::GroupRule { group, rule: r } = &rule.kind else {
        panic!()
    };
    assert_eq!(group.as_ref().unwrap().v, key("Sg"));
    assert_eq!(lc(r.at), lc(rule.c.at));
    assert_eq!(r.ports.as_ref().unwrap().v, "3389");
    assert_eq!(r.action.as_ref().unwrap().v, "drop");
    assert_eq!(lc(r.ports.as_ref().unwrap().at), (16, 18));
}

#[test]
fn rds_zones() {
    let text = "\
Resources:
  Maz:
    Type: ALIYUN::RDS::DBInstance
    Properties:
      ZoneId: cn-shanghai-MAZ6(b,c)
      VSwitchId: vsw-b1, vsw-c1
      Category: AlwaysOn
      Engine: SQLServer
  Multi:
    Type: ALIYUN::RDS::DBInstance
    Properties:
      ZoneId: cn-shanghai-b
      MultiAZ: true
      SecurityIPList: [10.0.0.1, '10.0.0.2,10.0.0.3']
";
    let ex = yaml(text);
    let Kind::Rds {
        zones,
        vswitch,
        category,
        engine,
        ..
    } = &entity(&ex, "Maz").kind
    else {
        panic!()
    };
    assert_eq!(
        zones.iter().map(|z| z.v.clone()).collect::<Vec<_>>(),
        [
            ZoneVal::Known("cn-shanghai-b".into()),
            ZoneVal::Known("cn-shanghai-c".into())
        ]
    );
    assert_eq!(vswitch.as_ref().unwrap().v, ext("vsw-b1"));
    assert_eq!(category.as_ref().unwrap().v, "cluster");
    assert_eq!(engine.as_ref().unwrap().v, "sqlserver");
    let Kind::Rds {
        zones, whitelist, ..
    } = &entity(&ex, "Multi").kind
    else {
        panic!()
    };
    assert_eq!(
        zones.iter().map(|z| z.v.clone()).collect::<Vec<_>>(),
        [
            ZoneVal::Known("cn-shanghai-b".into()),
            ZoneVal::Placeholder("Multi.MultiAZ".into())
        ]
    );
    assert_eq!(whitelist.len(), 3);
    assert!(ex
        .unresolved
        .iter()
        .any(|u| u.what == "ZoneIdSlave1" && u.from == "Multi.MultiAZ"));
}

#[test]
fn tags_as_list_or_map() {
    let text = "\
Resources:
  A:
    Type: ALIYUN::ECS::Instance
    Properties:
      Tags:
        - {Key: archlint:role, Value: database}
        - Key: owner
  B:
    Type: ALIYUN::ECS::Instance
    Properties:
      Tags: {archlint:module: pay, cost: 12}
";
    let ex = yaml(text);
    let a = &entity(&ex, "A").c.tags;
    assert_eq!(a["archlint:role"].v, "database");
    assert_eq!(lc(a["archlint:role"].at), (6, 39));
    assert_eq!(a["owner"].v, "");
    let b = &entity(&ex, "B").c.tags;
    assert_eq!(b["archlint:module"].v, "pay");
    assert_eq!(b["cost"].v, "12");
}

#[test]
fn yaml_anchors_and_aliases() {
    let text = "\
Resources:
  A:
    Type: ALIYUN::ECS::VSwitch
    Properties: &props
      VpcId: vpc-1
      ZoneId: cn-beijing-a
  B:
    Type: ALIYUN::ECS::VSwitch
    Properties:
      <<: *props
      ZoneId: cn-beijing-b
";
    let ex = yaml(text);
    let Kind::VSwitch { vpc, zone, .. } = &entity(&ex, "B").kind else {
        panic!()
    };
    assert_eq!(vpc.as_ref().unwrap().v, ext("vpc-1"));
    assert_eq!(
        zone.as_ref().unwrap().v,
        ZoneVal::Known("cn-beijing-b".into())
    );
}

// ----------------------------------------------------------------------------------------
// Inputs that must fail cleanly
// ----------------------------------------------------------------------------------------

#[test]
fn cyclic_ref_is_an_error_with_a_position() {
    let text = "\
Resources:
  A:
    Type: ALIYUN::ECS::VSwitch
    Properties:
      VpcId: !Ref B
  B:
    Type: ALIYUN::ECS::VPC
    Properties:
      VpcName: !GetAtt A.VSwitchId
";
    let e = yaml_err(text);
    assert_eq!((e.line, e.column), (9, 16));
    assert!(e.message.en.contains("A → B → A"), "{}", e.message.en);
    assert!(e.message.zh.contains("循环引用"));
    // A resource that refers to itself.
    let e = yaml_err("Resources:\n  A:\n    Type: ALIYUN::ECS::VPC\n    DependsOn: A\n");
    assert_eq!((e.line, e.column), (4, 16));
}

#[test]
fn cyclic_conditions_are_an_error() {
    let text = "\
Conditions:
  A: {'Fn::Not': [{Condition: B}]}
  B: {'Fn::Not': [{Condition: A}]}
Resources:
  V:
    Type: ALIYUN::ECS::VPC
    Condition: A
";
    let e = yaml_err(text);
    assert!(e.line >= 2, "{}:{}", e.line, e.column);
    assert!(
        e.message.en.contains("depends on itself"),
        "{}",
        e.message.en
    );
}

#[test]
fn invalid_yaml_gives_line_and_column() {
    let e = yaml_err("Resources:\n  A:\n    Type: [ALIYUN::ECS::VPC\n    Properties: {}\n");
    assert!(e.line >= 3, "{}:{}", e.line, e.column);
    assert!(e.column >= 1);
    assert!(e.message.en.starts_with("invalid YAML"), "{}", e.message.en);
    assert!(e.message.zh.starts_with("YAML"), "{}", e.message.zh);
    let e = yaml_err("a: b\n  c: d: e\n");
    assert_eq!((e.line, e.column), (2, 4));
    let e = run("t.json", "{\"Resources\": {\"A\": }}", &[]).unwrap_err();
    assert_eq!((e.line, e.column), (1, 21));
    assert!(e.message.en.starts_with("invalid JSON"));
}

#[test]
fn template_shape_errors() {
    let e = yaml_err("- a\n- b\n");
    assert_eq!((e.line, e.column), (1, 1));
    let e = yaml_err("Resources:\n  A:\n    Properties: {}\n");
    assert_eq!((e.line, e.column), (2, 3));
    assert!(e.message.en.contains("no Type"));
    let e = yaml_err("Resources:\n  A:\n    Type: ALIYUN::ECS::VPC\n    Properties: [1]\n");
    assert_eq!((e.line, e.column), (4, 17));
    let e = yaml_err(
        "Resources:\n  A:\n    Type: ALIYUN::ECS::VPC\n    Properties: {VpcName: !Ref Nope}\n",
    );
    assert_eq!((e.line, e.column), (4, 27));
    assert!(e.message.en.contains("Nope"));
    let e = yaml_err("Resources:\n  A:\n    Type: ALIYUN::ECS::VPC\n    Properties: {CidrBlock: !Select [3, [a]]}\n");
    assert!(e.message.en.contains("beyond the end"), "{}", e.message.en);
    // Not valid YAML keys: a list as a key.
    let e = yaml_err("? [a]\n: b\n");
    assert_eq!(e.line, 1);
}

#[test]
fn huge_count_is_an_error_not_an_oom() {
    let text = "\
Resources:
  Web:
    Type: ALIYUN::ECS::Instance
    Count: 1000000000
    Properties: {}
";
    let e = yaml_err(text);
    assert_eq!((e.line, e.column), (4, 12));
    assert!(e.message.en.contains("1000000000"), "{}", e.message.en);
    // Many resources below the limit each, beyond it together.
    let mut t = String::from("Resources:\n");
    for i in 0..3 {
        t.push_str(&format!(
            "  R{i}:\n    Type: ALIYUN::ECS::InstanceGroup\n    Properties: {{MaxAmount: 4000}}\n"
        ));
    }
    let e = yaml_err(&t);
    assert_eq!(e.line, 10);
    assert!(e.message.en.contains("10000"), "{}", e.message.en);
    // Negative and fractional counts.
    let e = yaml_err("Resources:\n  W:\n    Type: ALIYUN::ECS::Instance\n    Count: -1\n");
    assert_eq!((e.line, e.column), (4, 12));
    let e = yaml_err("Resources:\n  W:\n    Type: ALIYUN::ECS::Instance\n    Count: 1.5\n");
    assert_eq!((e.line, e.column), (4, 12));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    let e = yaml_err(&format!("Resources: {deep}"));
    assert_eq!(e.line, 1);
    // The YAML scanner may refuse first (it looks ahead for keys), with its own words.
    let too_deep = |m: &str| m.contains("nesting") || m.contains("recursion limit");
    assert!(too_deep(&e.message.en), "{}", e.message.en);
    let e = run("t.json", &format!("{{\"Resources\": {deep}"), &[]).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.en.contains("nesting"), "{}", e.message.en);
    let deep_map = "{a: ".repeat(100_000);
    let e = yaml_err(&deep_map);
    assert!(too_deep(&e.message.en), "{}", e.message.en);
    let block: String = (0..10_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    let e = yaml_err(&block);
    assert!(e.message.en.contains("nesting"), "{}", e.message.en);
}

#[test]
fn aliases_cannot_nest_beyond_the_limit() {
    let mut t = String::from("a0: &a0 [[[[[[[[[[x]]]]]]]]]]\n");
    for i in 1..10 {
        t.push_str(&format!("a{i}: &a{i} [[[[[[[[[[*a{}]]]]]]]]]]\n", i - 1));
    }
    let e = yaml_err(&t);
    assert!(e.message.en.contains("nesting"), "{}", e.message.en);
    assert_eq!(e.line, 7);
}

#[test]
fn deep_evaluation_is_an_error_not_a_stack_overflow() {
    // Each vSwitch reads its zone through the next one's, under 15 levels of Fn::Select.
    let mut t = String::from("Resources:\n");
    for i in 0..60 {
        let mut zone = format!("{{'Fn::GetAtt': [S{}, ZoneId]}}", i + 1);
        for _ in 0..15 {
            zone = format!("{{'Fn::Select': [0, [{zone}]]}}");
        }
        t.push_str(&format!(
            "  S{i}:\n    Type: ALIYUN::ECS::VSwitch\n    Properties:\n      ZoneId: {zone}\n"
        ));
    }
    t.push_str("  S60:\n    Type: ALIYUN::ECS::VSwitch\n    Properties: {ZoneId: cn-hangzhou-h}\n");
    // A thread with a small stack: the limit must hold well within it, in debug builds too.
    let h = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || run("t.yaml", &t, &[]))
        .unwrap();
    let e = h.join().unwrap().unwrap_err();
    assert!(e.message.en.contains("levels deep"), "{}", e.message.en);
}

#[test]
fn alias_bomb_is_an_error_not_a_hang() {
    let mut t = String::from("x0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        t.push_str(&format!(
            "x{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    t.push_str("Resources:\n  V:\n    Type: ALIYUN::ECS::VPC\n    Properties:\n      CidrBlock: {'Fn::Join': ['', *a9]}\n");
    let start = std::time::Instant::now();
    let e = yaml_err(&t);
    assert!(e.message.en.contains("steps"), "{}", e.message.en);
    assert!(e.line >= 1 && e.column >= 1);
    assert!(start.elapsed().as_secs() < 60);
    // The same template is fine while nobody reads the bomb.
    let t = t.replace("CidrBlock", "Description");
    assert!(run("t.yaml", &t, &[]).is_ok());
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "",
        "~",
        "Resources:",
        "Resources: 3",
        "Resources: {A: 1}",
        "Resources: {A: {Type: 3}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !Ref}}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !GetAtt}}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !Join 3}}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !Select [x, y]}}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !If [C, a, b]}}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !Sub '${'}}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Count: !GetAZs}}",
        "Resources: {A: {Type: ALIYUN::ECS::Instance, Count: [1]}}",
        "Resources: {A: {Type: ALIYUN::ECS::VPC, Condition: [x]}}",
        "Parameters: {P: 1}",
        "Parameters: {P: {Type: Number, Default: abc}}\nResources: {A: {Type: ALIYUN::ECS::VPC, Count: !Ref P}}",
        "Mappings: {M: {a: {b: !FindInMap [M, a, b]}}}\nResources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !FindInMap [M, a, b]}}}",
        "Locals: {L: !Ref L}\nResources: {A: {Type: ALIYUN::ECS::VPC, Properties: {CidrBlock: !Ref L}}}",
        "\u{feff}{\"Resources\": {}}",
        "%YAML 1.2\n---\nResources: {}\n...\n--- \nfoo: [\n",
        "Resources: {A: {Type: ALIYUN::SLB::Listener, Properties: {HealthCheck: 3, Persistence: []}}}",
        "Resources: {A: {Type: ALIYUN::ALB::Listener, Properties: {DefaultActions: {x: 1}}}}",
        "Resources: {A: {Type: ALIYUN::RDS::DBInstance, Properties: {ZoneId: cn-x-MAZ1(, MultiAZ: on}}}",
        "Resources: {A: {Type: ALIYUN::ECS::SecurityGroup, Properties: {SecurityGroupIngress: 5}}}",
        "Resources: {A: {Type: ALIYUN::ECS::Instance, Properties: {Tags: [1, {Key: [x]}]}}}",
        "\t\u{0}\u{7f}: [",
        "a: !<tag:yaml.org,2002:str> 3\nb: !!int x\nc: !!binary aGk=",
    ];
    for s in samples {
        let _ = run("t.yaml", s, &[]);
        let _ = run("t.json", s, &[]);
    }
}
