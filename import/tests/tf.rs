//! Terraform evaluation limits and edge cases, through the public API.

use std::time::Instant;

use archlint_import::{import_terraform, ImportError, Imported, Options, SourceFile};

fn import(files: &[(&str, &str)]) -> Result<Imported, ImportError> {
    let files = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    let mut none = |_: &str| -> Result<Vec<SourceFile>, String> { Err("no modules here".into()) };
    import_terraform("cfg", files, &mut none, &Options::default())
}

#[test]
fn a_huge_computation_stops_with_a_position_quickly() {
    let tf = r#"
locals {
  big = flatten([for i in range(3000) : [for j in range(3000) : "${i}-${j}"]])
}
resource "alicloud_vpc" "v" {
  vpc_name   = join(",", local.big)
  cidr_block = "10.0.0.0/8"
}
"#;
    let t = Instant::now();
    let e = import(&[("main.tf", tf)]).unwrap_err();
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    assert_eq!(e.path, "main.tf");
    assert!(e.line >= 3, "{e:?}");
    assert!(e.message.en.contains("steps"), "{}", e.message.en);
}

#[test]
fn a_negative_or_fractional_count_is_an_error() {
    for c in ["-1", "1.5"] {
        let tf = format!("resource \"alicloud_vpc\" \"v\" {{\n  count = {c}\n}}\n");
        let e = import(&[("main.tf", &tf)]).unwrap_err();
        assert_eq!((e.line, e.column), (2, 11), "{e:?}");
        assert!(e.message.en.contains("whole number"), "{}", e.message.en);
    }
}

#[test]
fn an_unknown_count_invents_no_instance_and_is_listed() {
    let tf = r#"
variable "n" {}
resource "alicloud_instance" "web" {
  count           = var.n
  availability_zone = "cn-hangzhou-h"
}
"#;
    let im = import(&[("main.tf", tf)]).unwrap();
    assert!(
        !im.design.contains("alicloud_instance.web"),
        "{}",
        im.design
    );
    assert!(
        im.unresolved
            .iter()
            .any(|u| u.what == "count" && u.from == "var.n" && u.at.line == 4),
        "{:?}",
        im.unresolved
    );
}

#[test]
fn tf_json_reads_nested_blocks_and_attributes() {
    let json = r#"{
  "resource": {
    "alicloud_instance": {
      "web": {
        "availability_zone": "cn-hangzhou-h",
        "tags": { "archlint:module": "front" },
        "data_disks": [ { "size": 4096 } ]
      }
    }
  }
}"#;
    let im = import(&[("main.tf.json", json)]).unwrap();
    let d: serde_json::Value = serde_json::from_str(&im.design).unwrap();
    let web = &d["nodes"][0];
    assert_eq!(web["module"], "front", "{d:#}");
    assert_eq!(web["disks_gb"][0], 4096, "{d:#}");
    // A VPC region places instances by vSwitch: one of that zone, outside the configuration.
    assert_eq!(web["vswitch"], "?vswitch:cn-hangzhou-h");
}

/// A security group named by a literal id outside the configuration has unknown rules: no
/// finding may rest on them (SG004 "does not admit the SLB's traffic" would be invented).
#[test]
fn an_outside_security_group_proves_nothing() {
    let tf = r#"
resource "alicloud_instance" "web" {
  count           = 2
  vswitch_id      = count.index == 0 ? "vsw-a" : "vsw-b"
  security_groups = ["sg-bp1outside"]
}
resource "alicloud_slb_load_balancer" "lb" {
  address_type = "internet"
}
resource "alicloud_slb_listener" "l" {
  load_balancer_id = alicloud_slb_load_balancer.lb.id
  frontend_port    = 80
  backend_port     = 80
  protocol         = "http"
}
resource "alicloud_slb_backend_server" "b" {
  load_balancer_id = alicloud_slb_load_balancer.lb.id
  backend_servers {
    server_id = alicloud_instance.web[0].id
  }
  backend_servers {
    server_id = alicloud_instance.web[1].id
  }
}
"#;
    let im = import(&[("main.tf", tf)]).unwrap();
    let d: serde_json::Value = serde_json::from_str(&im.design).unwrap();
    let g = &d["security_groups"][0];
    assert_eq!(g["id"], "sg-bp1outside", "{d:#}");
    let loaded = archlint_core::load(&im.design, &archlint_core::Limits::DEFAULT).unwrap();
    let codes: Vec<&str> = archlint_core::lint(&loaded, &Default::default())
        .findings
        .iter()
        .map(|f| f.rule.code)
        .collect();
    assert!(!codes.contains(&"SG004"), "{codes:?}");
    assert!(!codes.contains(&"LB008"), "{codes:?}");
    assert!(!codes.contains(&"HA003"), "{codes:?}");
}

/// Two calls of a directory that calls itself twice: the number of modules is bounded, not
/// 2^16 before the depth limit.
#[test]
fn module_fan_out_is_bounded() {
    let tf = "module \"a\" {\n  source = \"./\"\n}\nmodule \"b\" {\n  source = \"./\"\n}\n";
    let files = vec![SourceFile::new("cfg/main.tf", tf)];
    let mut reads = 0usize;
    let mut load = |d: &str| -> Result<Vec<SourceFile>, String> {
        reads += 1;
        Ok(vec![SourceFile::new(format!("{d}/main.tf"), tf)])
    };
    let t = Instant::now();
    let e = import_terraform("cfg", files, &mut load, &Options::default()).unwrap_err();
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
    assert!(reads <= 256, "{reads} module directories read");
    assert!(e.line > 0, "{e:?}");
}
