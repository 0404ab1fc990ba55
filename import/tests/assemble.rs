//! The assembler's documented defaults, on entities built by hand.

use archlint_import::assemble::assemble;
use archlint_import::ent::{Common, Entity, Extracted, Kind, Loc, Sp, Target};
use archlint_import::{Format, SourceFile};

fn ecs(key: &str, block: &str) -> Entity {
    Entity {
        c: Common {
            key: key.into(),
            block: block.into(),
            ..Common::default()
        },
        kind: Kind::Ecs {
            role: None,
            vswitch: None,
            zone: None,
            groups: Vec::new(),
            public_bandwidth: None,
            os: None,
            cpu: None,
            memory_gb: None,
            disks_gb: Vec::new(),
        },
    }
}

fn lb(key: &str, backends: &[&str]) -> Entity {
    Entity {
        c: Common {
            key: key.into(),
            block: key.into(),
            ..Common::default()
        },
        kind: Kind::LoadBalancer {
            product: "clb",
            scope: None,
            zones: Vec::new(),
            vswitches: Vec::new(),
            bandwidth: None,
            listeners: Vec::new(),
            backends: backends
                .iter()
                .map(|b| Sp::new(Target::Key((*b).into()), Loc::default()))
                .collect(),
        },
    }
}

/// Blocks whose instances serve one load balancer form one module, transitively: l0 joins a
/// and x, l1 joins b and y, l2 joins m, x and y — so all five are one module.
#[test]
fn modules_merge_across_load_balancers_transitively() {
    let mut ex = Extracted::default();
    for (k, b) in [("a", "a"), ("b", "b"), ("m", "m"), ("x", "x"), ("y", "y")] {
        ex.entities.push(ecs(k, b));
    }
    ex.entities.push(lb("l0", &["a", "x"]));
    ex.entities.push(lb("l1", &["b", "y"]));
    ex.entities.push(lb("l2", &["m", "x", "y"]));
    let files = [SourceFile::new("main.tf", "")];
    let (doc, _) = assemble(&ex, Format::Terraform, &files);
    let modules: Vec<&str> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "ecs")
        .map(|n| n["module"].as_str().unwrap())
        .collect();
    assert_eq!(modules, ["a", "a", "a", "a", "a"], "{doc:#}");
    // An instance that serves no load balancer with others stays its block's module.
    let mut ex2 = Extracted::default();
    ex2.entities.push(ecs("p", "p"));
    ex2.entities.push(ecs("q", "q"));
    let (doc2, _) = assemble(&ex2, Format::Terraform, &files);
    let m2: Vec<&str> = doc2["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["module"].as_str().unwrap())
        .collect();
    assert_eq!(m2, ["p", "q"]);
}
