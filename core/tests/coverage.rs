//! The coverage report: per rule, whether the design gave it the facts it needs. Every rule
//! declares its facts function; per rule, a small design that omits the facts the rule needs
//! is "facts missing" with the right counts, and the same design with them is "checked" (and
//! a design with nothing for the rule to look at is "not applicable").

use archlint_core::coverage::{coverage, Coverage, State};
use archlint_core::index::Ctx;
use archlint_core::{load, Date, Lang, Limits, LintOptions};

fn cov_with(text: &str, opts: &LintOptions) -> Coverage {
    let loaded = match load(text, &Limits::DEFAULT) {
        Ok(l) => l,
        Err(e) => panic!(
            "design does not load: {} at {}:{}\n{text}",
            e.message.en, e.line, e.column
        ),
    };
    let cx = Ctx::new(&loaded.design);
    coverage(&cx, opts)
}

fn cov(text: &str) -> Coverage {
    cov_with(text, &LintOptions::default())
}

/// The state of rule `code` and the counts of its gaps.
fn of(text: &str, code: &str) -> (State, Vec<usize>) {
    let c = cov(text);
    let r = c
        .get(code)
        .unwrap_or_else(|| panic!("{code} not in the report"));
    (r.state, r.gaps.iter().map(|g| g.count).collect())
}

#[track_caller]
fn missing(text: &str, code: &str, counts: &[usize]) {
    let (state, got) = of(text, code);
    assert_eq!(
        (state, got.as_slice()),
        (State::FactsMissing, counts),
        "{code} on\n{text}\n{:#?}",
        cov(text).get(code)
    );
}

#[track_caller]
fn checked(text: &str, code: &str) {
    assert_eq!(
        of(text, code),
        (State::Checked, vec![]),
        "{code} on\n{text}\n{:#?}",
        cov(text).get(code)
    );
}

#[track_caller]
fn not_applicable(text: &str, code: &str) {
    let c = cov(text);
    let r = c.get(code).expect("rule in the report");
    assert_eq!(r.state, State::NotApplicable, "{code} on\n{text}\n{r:#?}");
    let why = r.reason.as_ref().expect("a reason");
    assert!(!why.en.is_empty() && !why.zh.is_empty(), "{why:?}");
}

/// The gap messages of rule `code`, in English and Chinese.
fn messages(text: &str, code: &str) -> Vec<(String, String)> {
    cov(text)
        .get(code)
        .expect("rule")
        .gaps
        .iter()
        .map(|g| (g.message.en.clone(), g.message.zh.clone()))
        .collect()
}

const REGIONS: &str = r#"
  { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] },
  { "id": "qd", "network": "classic", "role": "dr", "zones": [ { "id": "qd-a" }, { "id": "qd-b" } ] },
  { "id": "sh", "network": "vpc", "zones": [ { "id": "sh-a" }, { "id": "sh-b" } ] },
  { "id": "xx", "zones": [ { "id": "xx-a" } ] }"#;

/// A design with the regions above (`hz` classic, `qd` classic DR, `sh` VPC, `xx` of unknown
/// network), `extra` top-level members (each followed by a comma), nodes and links.
fn design(extra: &str, nodes: &str, links: &str) -> String {
    format!(
        r#"{{ "archlint": 1, "regions": [ {REGIONS} ], {extra}
  "nodes": [ {nodes} ], "links": [ {links} ] }}"#
    )
}

fn nodes(nodes: &str) -> String {
    design("", nodes, "")
}

/// The VPC `vpc-1` of region `sh` with the given vSwitches.
fn vpc(vswitches: &str) -> String {
    format!(
        r#""vpcs": [ {{ "id": "vpc-1", "region": "sh", "cidr": "10.0.0.0/16", "vswitches": [ {vswitches} ] }} ],"#
    )
}

const SW_A: &str = r#"{ "id": "vsw-a", "zone": "sh-a", "cidr": "10.0.1.0/24" }"#;

fn groups(g: &str) -> String {
    format!(r#""security_groups": [ {g} ],"#)
}

const HS: &str = r#""profile": "high-security","#;
const TWO: &str = r#""dr": "two-region","#;

// --------------------------------------------------------------------------------- the registry

#[test]
fn every_rule_declares_its_facts_or_that_it_needs_none() {
    let missing: Vec<&str> = archlint_core::rules::all()
        .filter(|r| r.facts.is_none())
        .map(|r| r.code)
        .collect();
    assert!(
        missing.is_empty(),
        "rules without `facts:` in declare_rule!: {missing:?}"
    );
    // The rules that need no optional fact are the ones that check the file itself.
    let none = archlint_core::coverage::needs_none as archlint_core::coverage::FactsFn;
    let needs_none: Vec<&str> = archlint_core::rules::all()
        .filter(|r| r.facts.is_some_and(|f| std::ptr::fn_addr_eq(f, none)))
        .map(|r| r.code)
        .collect();
    assert_eq!(
        needs_none,
        ["DF001", "DF002", "DF003", "DF004", "DF005", "DF006"]
    );
}

#[test]
fn one_entry_per_rule_in_catalog_order_and_ignored_codes_left_out() {
    let t = nodes("");
    let c = cov(&t);
    let all: Vec<&str> = archlint_core::rules::all().map(|r| r.code).collect();
    let got: Vec<&str> = c.rules.iter().map(|r| r.rule.code).collect();
    assert_eq!(got, all);
    assert_eq!(c.total(), 82);
    let opts = LintOptions {
        ignore_codes: vec!["HA001".into(), "link-blocked".into()],
        ..Default::default()
    };
    let c = cov_with(&t, &opts);
    assert_eq!(c.total(), 80);
    assert!(c.get("HA001").is_none() && c.get("SG004").is_none());
}

#[test]
fn the_three_states_and_the_summary_in_both_languages() {
    // An empty design: the rules that check the file itself are checked, the others have
    // nothing to look at.
    let empty = cov(&nodes(""));
    assert_eq!(empty.count(State::Checked), 6);
    assert_eq!(empty.count(State::NotApplicable), 76);
    assert_eq!(empty.count(State::FactsMissing), 0);
    assert_eq!(empty.complete(), 82);
    assert_eq!(
        empty.headline().en,
        "checked 82 of 82 rules (76 of them not applicable)"
    );
    assert_eq!(
        empty.headline().zh,
        "已检查 82 条规则中的 82 条（其中 76 条不适用）"
    );
    assert_eq!(empty.summary(Lang::En, None), empty.headline().en);
    let na = empty.get("LB001").unwrap();
    assert_eq!(na.reason.as_ref().map(|t| t.en.as_str()), Some("no SLB"));
    assert_eq!(na.reason.as_ref().map(|t| t.zh.as_str()), Some("没有 SLB"));
    // One SLB without listeners: the listener rules lack facts, LB008 is checked.
    let t = nodes(r#"{ "id": "slb-1", "kind": "slb", "region": "hz", "backends": [] }"#);
    let c = cov(&t);
    assert_eq!(c.get("LB008").unwrap().state, State::Checked);
    assert_eq!(c.get("LB001").unwrap().state, State::FactsMissing);
    assert_eq!(c.get("HA001").unwrap().state, State::NotApplicable);
    let lacking: Vec<&str> = c.missing().map(|r| r.rule.code).collect();
    assert_eq!(
        lacking,
        // Errors first, then warnings (HA003, LB007, LB009), each in catalog order.
        ["LB001", "LB002", "LB003", "LB004", "LB005", "LB006", "HA003", "LB007", "LB009"]
    );
    assert_eq!(
        c.summary(Lang::En, Some(2)),
        "checked 73 of 82 rules (65 of them not applicable); 9 lack facts: \
         LB001 (`slb-1` has no listeners), LB002 (`slb-1` has no backends), …"
    );
    assert_eq!(
        c.summary(Lang::Zh, Some(1)),
        "已检查 82 条规则中的 73 条（其中 65 条不适用）；9 条缺少信息：\
         LB001（`slb-1` 没有监听（listeners）），…"
    );
    let lb005 = c.get("LB005").unwrap();
    let msgs: Vec<&str> = lb005.gaps.iter().map(|g| g.message.en.as_str()).collect();
    assert_eq!(
        msgs,
        ["`slb-1` has no listeners", "`slb-1` has no backends"]
    );
}

#[test]
fn the_issue_design_lints_clean_but_says_what_was_not_checked() {
    // A public SLB without listeners, an RDS without a whitelist, web servers whose group
    // admits port 22 only, links without ports: no finding is about those, and the coverage
    // says why.
    let t = design(
        &groups(r#"{ "id": "sg-web", "rules": [ { "ports": "22", "from": "sg:sg-web" } ] }"#),
        r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b", "security_groups": ["sg-web"] },
           { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c", "security_groups": ["sg-web"] },
           { "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"] },
           { "id": "rds-1", "kind": "rds", "region": "hz" }"#,
        r#"{ "from": "internet", "to": "slb-1" },
           { "from": "web-1", "to": "rds-1" }, { "from": "web-2", "to": "rds-1" }"#,
    );
    let c = cov(&t);
    let gap = |code: &str| -> Vec<String> {
        c.get(code)
            .unwrap()
            .gaps
            .iter()
            .map(|g| g.message.en.clone())
            .collect()
    };
    assert_eq!(gap("DB003"), ["`rds-1` has no whitelist"]);
    assert_eq!(gap("LB001"), ["`slb-1` has no listeners"]);
    assert_eq!(
        gap("SG004"),
        ["`slb-1` has no listener with a port, so the port of its traffic to its backends is unknown"]
    );
    let zh: Vec<String> = c
        .get("DB003")
        .unwrap()
        .gaps
        .iter()
        .map(|g| g.message.zh.clone())
        .collect();
    assert_eq!(zh, ["`rds-1` 没有白名单（whitelist）"]);
    let line = c.summary(Lang::En, Some(3));
    assert!(line.starts_with("checked "), "{line}");
    assert!(line.contains(" lack facts: "), "{line}");
    assert!(line.ends_with(", …"), "{line}");
    let all = c.summary(Lang::En, None);
    assert!(all.contains("DB003 (`rds-1` has no whitelist)"), "{all}");
    assert!(all.contains("LB001 (`slb-1` has no listeners)"), "{all}");
    let zh = c.summary(Lang::Zh, None);
    assert!(zh.starts_with("已检查 82 条规则中的"), "{zh}");
    assert!(
        zh.contains("DB003（`rds-1` 没有白名单（whitelist））"),
        "{zh}"
    );
    // Adding the facts: the whitelist and a listener (and the ports they imply).
    let fixed = t
        .replace(r#""region": "hz" }"#, r#""region": "hz", "whitelist": ["web-1", "web-2"] }"#)
        .replace(
            r#""backends": ["web-1", "web-2"]"#,
            r#""backends": ["web-1", "web-2"], "listeners": [ { "protocol": "http", "port": 80 } ]"#,
        );
    let after = cov(&fixed);
    assert_eq!(after.get("DB003").unwrap().state, State::Checked);
    assert_eq!(after.get("LB001").unwrap().state, State::Checked);
    assert!(
        after.complete() > c.complete(),
        "{} → {}",
        c.complete(),
        after.complete()
    );
}

#[test]
fn counts_name_one_thing_and_count_several() {
    let t = design(
        &groups(r#"{ "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" } ] }"#),
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web"] }"#,
        r#"{ "from": "internet", "to": "web-1" }"#,
    );
    assert_eq!(
        messages(&t, "SG004"),
        [(
            "the link `internet → web-1` has no port".into(),
            "连线 `internet → web-1` 没有写端口".into()
        )]
    );
    let t = design(
        &groups(r#"{ "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" } ] }"#),
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web"] }"#,
        r#"{ "from": "internet", "to": "web-1" }, { "from": "internet", "to": "web-1", "protocol": "udp" },
           { "from": "internet", "to": "web-1", "label": "third" }"#,
    );
    assert_eq!(
        messages(&t, "SG004"),
        [("3 links have no port".into(), "3 条连线没有写端口".into())]
    );
    let c = cov(&t);
    assert_eq!(
        c.get("SG004").unwrap().gaps[0].pointers,
        ["/links/0", "/links/1", "/links/2"]
    );
    assert!(c
        .summary(Lang::En, None)
        .contains("SG004 (3 links have no port)"));
}

#[test]
fn the_same_design_gives_the_same_report() {
    let t = design(
        "",
        r#"{ "id": "web-1", "kind": "ecs" }, { "id": "rds-1", "kind": "rds" }"#,
        r#"{ "from": "web-1", "to": "rds-1" }"#,
    );
    let a = cov(&t);
    let b = cov(&t);
    assert_eq!(a, b);
    assert_eq!(a.summary(Lang::En, None), b.summary(Lang::En, None));
}

#[test]
fn examples_and_generated_designs_never_panic_and_count_consistently() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut texts: Vec<String> = Vec::new();
    for sub in ["", "/broken"] {
        for e in std::fs::read_dir(format!("{dir}{sub}")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "json") {
                texts.push(std::fs::read_to_string(p).unwrap());
            }
        }
    }
    for seed in 0..4 {
        texts.push(archlint_core::gen::design(60, seed));
    }
    for t in &texts {
        let c = cov(t);
        assert_eq!(c.total(), 82);
        assert_eq!(
            c.count(State::Checked) + c.count(State::NotApplicable) + c.count(State::FactsMissing),
            82
        );
        for r in &c.rules {
            match r.state {
                State::FactsMissing => assert!(!r.gaps.is_empty()),
                State::NotApplicable => assert!(r.gaps.is_empty() && r.reason.is_some()),
                State::Checked => assert!(r.gaps.is_empty() && r.reason.is_none()),
            }
            for g in &r.gaps {
                assert_eq!(g.count, g.pointers.len());
                assert!(g.count > 0 && !g.message.en.is_empty() && !g.message.zh.is_empty());
            }
        }
    }
}

// ------------------------------------------------------------------------------------- HA

const WEB2: &str = r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
  { "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c" }"#;

#[test]
fn ha001() {
    not_applicable(&nodes(""), "HA001");
    missing(&nodes(r#"{ "id": "web-1", "kind": "ecs" }"#), "HA001", &[1]);
    checked(
        &nodes(r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b" }"#),
        "HA001",
    );
}

#[test]
fn ha002() {
    not_applicable(
        &nodes(r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b" }"#),
        "HA002",
    );
    missing(
        &nodes(&format!(
            r#"{WEB2}, {{ "id": "web-3", "kind": "ecs", "module": "web" }}"#
        )),
        "HA002",
        &[1],
    );
    checked(&nodes(WEB2), "HA002");
}

#[test]
fn ha003() {
    not_applicable(&nodes(WEB2), "HA003");
    let slb = |b: &str| {
        nodes(&format!(
            r#"{WEB2}, {{ "id": "slb-1", "kind": "slb", "region": "hz"{b} }}"#
        ))
    };
    missing(&slb(""), "HA003", &[1]);
    checked(&slb(r#", "backends": ["web-1"]"#), "HA003");
}

#[test]
fn ha004_needs_an_ecs_only() {
    not_applicable(
        &nodes(r#"{ "id": "rds-1", "kind": "rds", "region": "hz" }"#),
        "HA004",
    );
    checked(
        &nodes(r#"{ "id": "db-1", "kind": "ecs", "role": "database" }"#),
        "HA004",
    );
}

#[test]
fn ha005() {
    not_applicable(
        &nodes(r#"{ "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "hz-b" }"#),
        "HA005",
    );
    missing(&nodes(WEB2), "HA005", &[2]);
    let both = WEB2.replace(r#""kind": "ecs","#, r#""kind": "ecs", "autostart": true,"#);
    checked(&nodes(&both), "HA005");
    let one = WEB2.replacen(
        r#""kind": "ecs","#,
        r#""kind": "ecs", "autostart": false,"#,
        1,
    );
    missing(&nodes(&one), "HA005", &[1]);
}

#[test]
fn ha006() {
    let sized = |a: &str, b: &str| {
        nodes(&format!(
            r#"{{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b"{a} }},
               {{ "id": "web-2", "kind": "ecs", "module": "web", "zone": "hz-c"{b} }}"#
        ))
    };
    missing(&sized(r#", "cpu": 8"#, ""), "HA006", &[1]);
    missing(&sized("", ""), "HA006", &[2]);
    checked(&sized(r#", "cpu": 8"#, r#", "cpu": 16"#), "HA006");
    // A known small instance decides already.
    checked(&sized(r#", "cpu": 2"#, ""), "HA006");
}

#[test]
fn ha007() {
    let db = |r: &str| {
        design(
            "",
            &format!(
                r#"{{ "id": "web-1", "kind": "ecs", "zone": "hz-b"{r} }}, {{ "id": "rds-1", "kind": "rds", "region": "hz" }}"#
            ),
            r#"{ "from": "web-1", "to": "rds-1", "port": 3306 }"#,
        )
    };
    not_applicable(&nodes(WEB2), "HA007");
    missing(&db(""), "HA007", &[1]);
    checked(&db(r#", "reconnect": true"#), "HA007");
}

// ------------------------------------------------------------------------------------- ZN

fn vpc_module(second_zone: &str) -> String {
    design(
        &vpc(&format!(
            r#"{SW_A}, {{ "id": "vsw-x", "cidr": "10.0.2.0/24"{second_zone} }}"#
        )),
        r#"{ "id": "app-1", "kind": "ecs", "module": "app", "vswitch": "vsw-a" },
           { "id": "app-2", "kind": "ecs", "module": "app", "vswitch": "vsw-x" }"#,
        "",
    )
}

#[test]
fn zn001_and_zn002() {
    for code in ["ZN001", "ZN002"] {
        not_applicable(
            &nodes(r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b" }"#),
            code,
        );
        missing(&vpc_module(""), code, &[1]);
        checked(&vpc_module(r#", "zone": "sh-b""#), code);
        checked(&nodes(WEB2), code);
    }
}

#[test]
fn zn003() {
    not_applicable(&nodes(WEB2), "ZN003");
    let slb = |r: &str| {
        nodes(&format!(
            r#"{WEB2}, {{ "id": "slb-1", "kind": "slb", "backends": ["web-1", "web-2"]{r} }}"#
        ))
    };
    missing(&slb(""), "ZN003", &[1]);
    checked(&slb(r#", "region": "hz""#), "ZN003");
    // An IDC is outside every region: nothing to know.
    let t = design(
        "",
        r#"{ "id": "idc-1", "kind": "idc" }, { "id": "rds-1", "kind": "rds", "region": "hz" }"#,
        r#"{ "from": "idc-1", "to": "rds-1", "port": 3306 }"#,
    );
    checked(&t, "ZN003");
}

#[test]
fn zn004() {
    not_applicable(&nodes(""), "ZN004");
    missing(
        &design(&vpc(r#"{ "id": "vsw-x", "cidr": "10.0.2.0/24" }"#), "", ""),
        "ZN004",
        &[1],
    );
    missing(
        &design(
            r#""vpcs": [ { "id": "vpc-1", "cidr": "10.0.0.0/16" } ],"#,
            "",
            "",
        ),
        "ZN004",
        &[1],
    );
    checked(&design(&vpc(SW_A), "", ""), "ZN004");
}

// ------------------------------------------------------------------------------------- BH

const VPN: &str = r#"{ "id": "vpn-1", "kind": "vpn", "type": "ssl", "region": "hz", "client_ips": ["10.200.0.2", "10.200.0.3"] }"#;
const VPN_NO_POOL: &str = r#"{ "id": "vpn-1", "kind": "vpn", "type": "ssl", "region": "hz" }"#;

#[test]
fn bh001() {
    not_applicable(&nodes(""), "BH001");
    missing(
        &nodes(&format!(r#"{WEB2}, {{ "id": "web-3", "kind": "ecs" }}"#)),
        "BH001",
        &[1],
    );
    checked(&nodes(WEB2), "BH001");
}

#[test]
fn bh002() {
    not_applicable(&nodes(WEB2), "BH002");
    missing(
        &nodes(&format!(
            r#"{WEB2}, {{ "id": "b-1", "kind": "ecs", "role": "bastion" }}"#
        )),
        "BH002",
        &[1],
    );
    checked(
        &nodes(&format!(
            r#"{WEB2}, {{ "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "hz-b" }}"#
        )),
        "BH002",
    );
}

#[test]
fn bh003() {
    let t = |rule: &str| {
        design(
            &groups(&format!(r#"{{ "id": "sg-web", "rules": [ {rule} ] }}"#)),
            r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web"] }"#,
            "",
        )
    };
    not_applicable(&nodes(WEB2), "BH003");
    missing(&t(r#"{ "from": "10.0.0.0/8" }"#), "BH003", &[1]);
    missing(&t(r#"{ "ports": "22" }"#), "BH003", &[1]);
    checked(&t(r#"{ "ports": "22", "from": "10.0.0.0/8" }"#), "BH003");
}

fn bastion_in(rule: &str, vpn: &str) -> String {
    design(
        &groups(&format!(r#"{{ "id": "sg-b", "rules": [ {rule} ] }}"#)),
        &format!(
            r#"{vpn}, {{ "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "hz-b", "security_groups": ["sg-b"] }}"#
        ),
        "",
    )
}

#[test]
fn bh004() {
    not_applicable(&nodes(WEB2), "BH004");
    let rule = r#"{ "ports": "22", "from": "10.200.0.0/24" }"#;
    missing(&bastion_in(rule, VPN_NO_POOL), "BH004", &[1]);
    checked(&bastion_in(rule, VPN), "BH004");
}

#[test]
fn bh005_needs_a_bastion_only() {
    not_applicable(&nodes(WEB2), "BH005");
    checked(
        &bastion_in(r#"{ "ports": "22", "from": "vpn-1" }"#, VPN),
        "BH005",
    );
}

#[test]
fn bh006() {
    not_applicable(&nodes(WEB2), "BH006");
    missing(&bastion_in(r#"{ "from": "vpn-1" }"#, VPN), "BH006", &[1]);
    missing(
        &bastion_in(r#"{ "ports": "22", "from": "vpn-1" }"#, VPN_NO_POOL),
        "BH006",
        &[1],
    );
    checked(
        &bastion_in(r#"{ "ports": "22", "from": "vpn-1" }"#, VPN),
        "BH006",
    );
}

#[test]
fn bh007() {
    not_applicable(&nodes(WEB2), "BH007");
    missing(
        &bastion_in(r#"{ "ports": "22", "from": "10.200.0.2" }"#, VPN_NO_POOL),
        "BH007",
        &[1],
    );
    missing(
        &bastion_in(r#"{ "from": "10.200.0.2" }"#, VPN),
        "BH007",
        &[1],
    );
    checked(
        &bastion_in(r#"{ "ports": "22", "from": "10.200.0.2" }"#, VPN),
        "BH007",
    );
    // A VPN of unknown type may be an SSL VPN.
    missing(
        &nodes(r#"{ "id": "vpn-1", "kind": "vpn", "region": "hz" }"#),
        "BH007",
        &[1],
    );
}

#[test]
fn bh008() {
    let t = |w: &str| {
        nodes(&format!(
            r#"{WEB2}, {{ "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "hz-b" }},
               {{ "id": "rds-1", "kind": "rds", "region": "hz"{w} }}"#
        ))
    };
    not_applicable(&nodes(WEB2), "BH008");
    not_applicable(
        &bastion_in(r#"{ "ports": "22", "from": "vpn-1" }"#, VPN),
        "BH008",
    );
    missing(&t(""), "BH008", &[1]);
    checked(&t(r#", "whitelist": ["web-1"]"#), "BH008");
}

#[test]
fn bh009() {
    let t = |rule: &str| {
        design(
            &groups(&format!(
                r#"{{ "id": "sg-b", "rules": [] }}, {{ "id": "sg-web", "rules": [ {rule} ] }}"#
            )),
            r#"{ "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "hz-b", "security_groups": ["sg-b"] },
               { "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web"] }"#,
            "",
        )
    };
    not_applicable(&nodes(WEB2), "BH009");
    missing(&t(r#"{ "from": "sg:sg-b" }"#), "BH009", &[1]);
    checked(&t(r#"{ "ports": "22", "from": "sg:sg-b" }"#), "BH009");
}

// ------------------------------------------------------------------------------------- NS

#[test]
fn ns001() {
    not_applicable(&design(&vpc(SW_A), "", ""), "NS001");
    missing(
        &design(
            &format!(r#"{HS} "vpcs": [ {{ "id": "vpc-1", "cidr": "10.0.0.0/16" }} ],"#),
            "",
            "",
        ),
        "NS001",
        &[1, 1],
    );
    let known = REGIONS.replace(
        r#"{ "id": "xx", "zones""#,
        r#"{ "id": "xx", "network": "vpc", "zones""#,
    );
    let t = format!(
        r#"{{ "archlint": 1, "profile": "high-security", "regions": [ {known} ], {} "nodes": [] }}"#,
        vpc(SW_A)
    );
    checked(&t, "NS001");
}

#[test]
fn ns002() {
    let t = |zone: &str| {
        design(
            HS,
            &format!(
                r#"{{ "id": "web-1", "kind": "ecs", "zone": "{zone}", "public_bandwidth_mbps": 5 }}"#
            ),
            "",
        )
    };
    not_applicable(
        &nodes(r#"{ "id": "web-1", "kind": "ecs", "zone": "xx-a", "public_bandwidth_mbps": 5 }"#),
        "NS002",
    );
    not_applicable(&design(HS, WEB2, ""), "NS002");
    missing(&t("xx-a"), "NS002", &[1]);
    checked(&t("hz-b"), "NS002");
}

#[test]
fn ns003() {
    let t = |zone: &str| {
        design(
            HS,
            &format!(r#"{{ "id": "b-1", "kind": "ecs", "role": "bastion", "zone": "{zone}" }}"#),
            "",
        )
    };
    not_applicable(&design(HS, WEB2, ""), "NS003");
    missing(&t("xx-a"), "NS003", &[1]);
    checked(&t("hz-b"), "NS003");
}

#[test]
fn ns004() {
    let t = |zone: &str| {
        design(
            "",
            &format!(r#"{{ "id": "web-1", "kind": "ecs", "zone": "{zone}" }}"#),
            r#"{ "from": "internet", "to": "web-1", "port": 80 }"#,
        )
    };
    not_applicable(&nodes(WEB2), "NS004");
    missing(&t("xx-a"), "NS004", &[1]);
    checked(&t("hz-b"), "NS004");
}

#[test]
fn ns005() {
    not_applicable(&nodes(""), "NS005");
    missing(
        &design(r#""vpcs": [ { "id": "vpc-1", "region": "sh" } ],"#, "", ""),
        "NS005",
        &[1],
    );
    checked(&design(&vpc(""), "", ""), "NS005");
}

#[test]
fn ns006() {
    not_applicable(&design(&vpc(""), "", ""), "NS006");
    missing(
        &design(&vpc(r#"{ "id": "vsw-a", "zone": "sh-a" }"#), "", ""),
        "NS006",
        &[1],
    );
    missing(
        &design(&vpc(r#"{ "id": "vsw-a", "cidr": "10.0.1.0/24" }"#), "", ""),
        "NS006",
        &[1],
    );
    checked(&design(&vpc(SW_A), "", ""), "NS006");
}

#[test]
fn ns007() {
    not_applicable(&design(&vpc(SW_A), "", ""), "NS007");
    missing(
        &design(
            &vpc(&format!(r#"{SW_A}, {{ "id": "vsw-b", "zone": "sh-b" }}"#)),
            "",
            "",
        ),
        "NS007",
        &[1],
    );
    checked(
        &design(
            &vpc(&format!(
                r#"{SW_A}, {{ "id": "vsw-b", "zone": "sh-b", "cidr": "10.0.2.0/24" }}"#
            )),
            "",
            "",
        ),
        "NS007",
    );
}

#[test]
fn ns008() {
    let t = |zone: &str| {
        nodes(&format!(
            r#"{{ "id": "web-1", "kind": "ecs", "zone": "{zone}", "public_bandwidth_mbps": 5 }}"#
        ))
    };
    not_applicable(&nodes(WEB2), "NS008");
    missing(&t("xx-a"), "NS008", &[1]);
    checked(&t("hz-b"), "NS008");
}

#[test]
fn ns009() {
    let t = |port: &str| {
        design(
            &vpc(SW_A),
            r#"{ "id": "web-1", "kind": "ecs", "vswitch": "vsw-a" }, { "id": "eip-1", "kind": "eip", "attached_to": "web-1" }"#,
            &format!(r#"{{ "from": "internet", "to": "web-1"{port} }}"#),
        )
    };
    not_applicable(&nodes(WEB2), "NS009");
    missing(&t(""), "NS009", &[1]);
    checked(&t(r#", "port": 443"#), "NS009");
    checked(&t(r#", "port": 22"#), "NS009");
}

#[test]
fn ns010() {
    let t = |n: &str| {
        nodes(&format!(
            r#"{{ "id": "job-1", "kind": "ecs", "zone": "hz-b"{n} }}"#
        ))
    };
    not_applicable(&nodes(""), "NS010");
    missing(&t(""), "NS010", &[1]);
    checked(&t(r#", "needs_internet": false"#), "NS010");
    checked(&t(r#", "public_bandwidth_mbps": 1"#), "NS010");
}

// ------------------------------------------------------------------------------------- LB

fn slb(listeners: &str, extra: &str) -> String {
    nodes(&format!(
        r#"{WEB2}, {{ "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"],
            "listeners": [ {listeners} ]{extra} }}"#
    ))
}

#[test]
fn lb001() {
    not_applicable(&nodes(WEB2), "LB001");
    missing(&slb("", ""), "LB001", &[1]);
    missing(&slb(r#"{ "protocol": "http" }"#, ""), "LB001", &[1]);
    checked(&slb(r#"{ "protocol": "http", "port": 80 }"#, ""), "LB001");
}

#[test]
fn lb002() {
    not_applicable(&nodes(WEB2), "LB002");
    missing(
        &nodes(r#"{ "id": "slb-1", "kind": "slb", "region": "hz" }"#),
        "LB002",
        &[1],
    );
    checked(&slb("", ""), "LB002");
}

#[test]
fn lb003_and_lb004() {
    for code in ["LB003", "LB004"] {
        not_applicable(&nodes(WEB2), code);
        missing(&slb(r#"{ "port": 443 }"#, ""), code, &[1]);
        checked(&slb(r#"{ "protocol": "https", "port": 443 }"#, ""), code);
    }
}

#[test]
fn lb005() {
    let http = r#"{ "protocol": "http", "port": 80, "health_check": { "protocol": "http", "path": "/app/" } }"#;
    not_applicable(&nodes(WEB2), "LB005");
    not_applicable(&slb(r#"{ "protocol": "tcp", "port": 80 }"#, ""), "LB005");
    missing(&slb(http, ""), "LB005", &[2]);
    assert_eq!(
        messages(&slb(http, ""), "LB005")[0].0,
        "2 backends declare no paths, so whether they serve the health-check path is unknown"
    );
    missing(
        &slb(r#"{ "protocol": "http", "port": 80 }"#, ""),
        "LB005",
        &[1, 2],
    );
    let paths = WEB2.replace(r#""kind": "ecs","#, r#""kind": "ecs", "paths": ["/app/"],"#);
    let t = nodes(&format!(
        r#"{paths}, {{ "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"], "listeners": [ {http} ] }}"#
    ));
    checked(&t, "LB005");
}

#[test]
fn lb006() {
    let l = r#"{ "protocol": "http", "port": 80 }"#;
    not_applicable(&nodes(WEB2), "LB006");
    missing(&slb(l, ""), "LB006", &[2]);
    missing(&slb(r#"{ "protocol": "http" }"#, ""), "LB006", &[1, 2]);
    let listens = WEB2.replace(r#""kind": "ecs","#, r#""kind": "ecs", "listens": [80],"#);
    let t = nodes(&format!(
        r#"{listens}, {{ "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"], "listeners": [ {l} ] }}"#
    ));
    checked(&t, "LB006");
}

#[test]
fn lb007() {
    let l = r#"{ "protocol": "http", "port": 80 }"#;
    not_applicable(&nodes(WEB2), "LB007");
    missing(&slb(l, ""), "LB007", &[2]);
    checked(
        &slb(r#"{ "protocol": "http", "port": 80, "sticky": true }"#, ""),
        "LB007",
    );
    let stateless = WEB2.replace(r#""kind": "ecs","#, r#""kind": "ecs", "stateful": false,"#);
    let t = nodes(&format!(
        r#"{stateless}, {{ "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1", "web-2"], "listeners": [ {l} ] }}"#
    ));
    checked(&t, "LB007");
}

#[test]
fn lb008_needs_an_slb_only() {
    not_applicable(&nodes(WEB2), "LB008");
    checked(
        &nodes(r#"{ "id": "slb-1", "kind": "slb", "region": "hz" }"#),
        "LB008",
    );
}

#[test]
fn lb009() {
    not_applicable(&nodes(WEB2), "LB009");
    missing(&slb("", ""), "LB009", &[1]);
    checked(&slb(r#"{ "protocol": "tcp", "port": 80 }"#, ""), "LB009");
}

#[test]
fn lb010() {
    not_applicable(&nodes(WEB2), "LB010");
    missing(&nodes(r#"{ "id": "slb-1", "kind": "slb" }"#), "LB010", &[1]);
    checked(&slb("", ""), "LB010");
}

// ------------------------------------------------------------------------------------- DB

fn rds(fields: &str) -> String {
    nodes(&format!(
        r#"{{ "id": "rds-1", "kind": "rds", "region": "hz"{fields} }}"#
    ))
}

#[test]
fn db001() {
    not_applicable(&nodes(WEB2), "DB001");
    missing(&rds(""), "DB001", &[1]);
    checked(&rds(r#", "public": false"#), "DB001");
}

#[test]
fn db002() {
    not_applicable(&nodes(WEB2), "DB002");
    missing(&rds(""), "DB002", &[1]);
    checked(&rds(r#", "whitelist": ["10.0.0.0/24"]"#), "DB002");
}

#[test]
fn db003() {
    let t = |w: &str| {
        design(
            "",
            &format!(r#"{WEB2}, {{ "id": "rds-1", "kind": "rds", "region": "hz"{w} }}"#),
            r#"{ "from": "web-1", "to": "rds-1", "port": 3306 }, { "from": "web-2", "to": "rds-1", "port": 3306 }"#,
        )
    };
    not_applicable(&rds(""), "DB003");
    missing(&t(""), "DB003", &[1]);
    assert_eq!(
        messages(&t(""), "DB003"),
        [(
            "`rds-1` has no whitelist".into(),
            "`rds-1` 没有白名单（whitelist）".into()
        )]
    );
    checked(&t(r#", "whitelist": ["web-1"]"#), "DB003");
    // A block whose match depends on the vSwitch's range.
    let v = design(
        &vpc(r#"{ "id": "vsw-a", "zone": "sh-a" }"#),
        r#"{ "id": "web-1", "kind": "ecs", "vswitch": "vsw-a" },
           { "id": "rds-1", "kind": "rds", "region": "sh", "whitelist": ["10.0.1.0/24"] }"#,
        r#"{ "from": "web-1", "to": "rds-1", "port": 3306 }"#,
    );
    missing(&v, "DB003", &[1]);
}

#[test]
fn db004_needs_an_rds_only() {
    not_applicable(&nodes(WEB2), "DB004");
    checked(&rds(""), "DB004");
}

#[test]
fn db005() {
    not_applicable(&nodes(WEB2), "DB005");
    missing(&rds(""), "DB005", &[1]);
    missing(
        &nodes(r#"{ "id": "rds-1", "kind": "rds", "category": "basic" }"#),
        "DB005",
        &[1],
    );
    checked(&rds(r#", "category": "high-availability""#), "DB005");
    // A DR copy is not judged.
    checked(
        &nodes(r#"{ "id": "rds-1", "kind": "rds", "region": "qd" }"#),
        "DB005",
    );
}

// ------------------------------------------------------------------------------------- OS

#[test]
fn os001_to_os004_need_a_bucket_only() {
    for code in ["OS001", "OS002", "OS003", "OS004"] {
        not_applicable(&nodes(WEB2), code);
        checked(&nodes(r#"{ "id": "oss-1", "kind": "oss" }"#), code);
    }
}

#[test]
fn os005() {
    let t = |r: &str| {
        design(
            r#""dr": "two-region-three-center","#,
            &format!(r#"{{ "id": "oss-1", "kind": "oss", "region": "hz"{r} }}"#),
            "",
        )
    };
    not_applicable(
        &nodes(r#"{ "id": "oss-1", "kind": "oss", "region": "hz" }"#),
        "OS005",
    );
    missing(&t(""), "OS005", &[1]);
    checked(&t(r#", "redundancy": "zrs""#), "OS005");
}

// ------------------------------------------------------------------------------------- VP

fn ipsec(fields: &str) -> String {
    nodes(&format!(
        r#"{{ "id": "vpn-1", "kind": "vpn", "region": "hz"{fields} }}"#
    ))
}

#[test]
fn vp001() {
    not_applicable(&nodes(WEB2), "VP001");
    missing(&ipsec(""), "VP001", &[1]);
    checked(&ipsec(r#", "type": "ipsec""#), "VP001");
    let five = (1..=5)
        .map(|i| format!(r#"{{ "id": "e-{i}", "kind": "ecs", "zone": "hz-b" }}"#))
        .collect::<Vec<_>>()
        .join(",");
    checked(
        &nodes(&format!(
            r#"{five}, {{ "id": "vpn-1", "kind": "vpn", "region": "hz" }}"#
        )),
        "VP001",
    );
}

#[test]
fn vp002() {
    not_applicable(&nodes(WEB2), "VP002");
    missing(&ipsec(r#", "type": "ipsec""#), "VP002", &[1]);
    missing(
        &ipsec(r#", "type": "ipsec", "peer": { "model": "SRX" }"#),
        "VP002",
        &[1],
    );
    checked(
        &ipsec(r#", "type": "ipsec", "peer": { "vendor": "Juniper" }"#),
        "VP002",
    );
}

#[test]
fn vp003() {
    not_applicable(&nodes(WEB2), "VP003");
    missing(&ipsec(r#", "type": "ipsec""#), "VP003", &[1]);
    missing(
        &ipsec(r#", "type": "ipsec", "peer": { "vendor": "Juniper" }"#),
        "VP003",
        &[1, 1],
    );
    checked(
        &ipsec(r#", "type": "ipsec", "peer": { "public_ip": "203.0.113.7", "behind_nat": false }"#),
        "VP003",
    );
}

fn idc(line: &str) -> String {
    nodes(&format!(
        r#"{{ "id": "idc-1", "kind": "idc", "tps": 100, "transaction_kb": 4 }}, {line}"#
    ))
}

#[test]
fn vp004() {
    not_applicable(&ipsec(r#", "type": "ipsec""#), "VP004");
    missing(
        &idc(r#"{ "id": "vpn-1", "kind": "vpn", "type": "ipsec", "region": "hz" }"#),
        "VP004",
        &[1],
    );
    missing(
        &idc(r#"{ "id": "vpn-1", "kind": "vpn", "region": "hz", "connects": "idc-1" }"#),
        "VP004",
        &[1],
    );
    checked(
        &idc(
            r#"{ "id": "vpn-1", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "idc-1" }"#,
        ),
        "VP004",
    );
}

#[test]
fn vp005() {
    not_applicable(&nodes(WEB2), "VP005");
    missing(
        &nodes(r#"{ "id": "vpn-1", "kind": "vpn", "type": "ipsec", "region": "xx" }"#),
        "VP005",
        &[1],
    );
    missing(
        &nodes(r#"{ "id": "vpn-1", "kind": "vpn", "type": "ipsec" }"#),
        "VP005",
        &[1],
    );
    checked(&ipsec(r#", "type": "ipsec""#), "VP005");
}

#[test]
fn vp006() {
    let t = |f: &str| {
        nodes(&format!(
            r#"{{ "id": "line-1", "kind": "leased_line", "region": "hz"{f} }}"#
        ))
    };
    not_applicable(&nodes(WEB2), "VP006");
    missing(&t(""), "VP006", &[1]);
    checked(&t(r#", "carrier": "telecom""#), "VP006");
    checked(
        &nodes(r#"{ "id": "line-1", "kind": "leased_line", "region": "sh" }"#),
        "VP006",
    );
}

#[test]
fn vp007() {
    not_applicable(&nodes(WEB2), "VP007");
    missing(
        &idc(r#"{ "id": "line-1", "kind": "leased_line", "region": "hz" }"#),
        "VP007",
        &[1],
    );
    checked(
        &idc(r#"{ "id": "line-1", "kind": "leased_line", "region": "hz", "connects": "idc-1" }"#),
        "VP007",
    );
}

#[test]
fn vp008() {
    let line = r#"{ "id": "line-1", "kind": "leased_line", "region": "hz", "connects": "idc-1" }"#;
    not_applicable(
        &idc(
            r#"{ "id": "vpn-1", "kind": "vpn", "type": "ipsec", "region": "hz", "connects": "idc-1" }"#,
        ),
        "VP008",
    );
    missing(&idc(line), "VP008", &[1]);
    missing(
        &nodes(&format!(r#"{{ "id": "idc-1", "kind": "idc" }}, {line}"#)),
        "VP008",
        &[1, 1],
    );
    checked(
        &idc(&line.replace(r#""connects""#, r#""bandwidth_mbps": 10, "connects""#)),
        "VP008",
    );
}

#[test]
fn vp009() {
    let t = |f: &str| {
        nodes(&format!(
            r#"{{ "id": "line-1", "kind": "leased_line", "region": "hz"{f} }}"#
        ))
    };
    not_applicable(&nodes(WEB2), "VP009");
    missing(&t(""), "VP009", &[1]);
    checked(&t(r#", "nat_ips": 8"#), "VP009");
}

// ------------------------------------------------------------------------------------- CP

#[test]
fn cp001() {
    not_applicable(&nodes(WEB2), "CP001");
    missing(&rds(""), "CP001", &[1, 1]);
    missing(
        &rds(r#", "storage_gb": 100, "sizing": { "daily_transactions": 1000 }"#),
        "CP001",
        &[1],
    );
    checked(
        &rds(
            r#", "storage_gb": 100, "sizing": { "daily_transactions": 1000, "transaction_kb": 2, "retention_days": 30 }"#,
        ),
        "CP001",
    );
}

#[test]
fn cp002_needs_data_disks_only() {
    not_applicable(&nodes(WEB2), "CP002");
    checked(
        &nodes(r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "disks_gb": [500] }"#),
        "CP002",
    );
}

#[test]
fn cp003() {
    not_applicable(&nodes(WEB2), "CP003");
    missing(
        &nodes(r#"{ "id": "nat-1", "kind": "nat", "region": "sh" }"#),
        "CP003",
        &[1],
    );
    checked(
        &nodes(r#"{ "id": "nat-1", "kind": "nat", "region": "sh", "rules": 2 }"#),
        "CP003",
    );
}

// ------------------------------------------------------------------------------------- DR

#[test]
fn dr001() {
    not_applicable(&rds(""), "DR001");
    not_applicable(&design(TWO, WEB2, ""), "DR001");
    missing(
        &design(TWO, r#"{ "id": "rds-1", "kind": "rds" }"#, ""),
        "DR001",
        &[1],
    );
    checked(
        &design(
            TWO,
            r#"{ "id": "rds-1", "kind": "rds", "region": "hz" }"#,
            "",
        ),
        "DR001",
    );
}

#[test]
fn dr002() {
    let t = |zone: &str| {
        design(
            TWO,
            &format!(
                r#"{{ "id": "web-1", "kind": "ecs", "module": "web"{zone} }},
                   {{ "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1"] }}"#
            ),
            r#"{ "from": "internet", "to": "slb-1", "port": 80 }"#,
        )
    };
    not_applicable(&design(TWO, WEB2, ""), "DR002");
    missing(&t(""), "DR002", &[1]);
    checked(&t(r#", "zone": "hz-b""#), "DR002");
}

#[test]
fn dr003_needs_the_claim_only() {
    not_applicable(&nodes(WEB2), "DR003");
    checked(&design(TWO, "", ""), "DR003");
}

#[test]
fn dr004() {
    let t = |r: &str| {
        design(
            TWO,
            &format!(
                r#"{{ "id": "rds-1", "kind": "rds", "region": "hz" }}, {{ "id": "rds-2", "kind": "rds", "replica_of": "rds-1"{r} }}"#
            ),
            "",
        )
    };
    not_applicable(&rds(""), "DR004");
    missing(&t(""), "DR004", &[1]);
    checked(&t(r#", "region": "qd""#), "DR004");
}

#[test]
fn dr005() {
    not_applicable(&design(TWO, WEB2, ""), "DR005");
    missing(
        &design(TWO, r#"{ "id": "oss-1", "kind": "oss" }"#, ""),
        "DR005",
        &[1],
    );
    checked(
        &design(
            TWO,
            r#"{ "id": "oss-1", "kind": "oss", "region": "hz" }"#,
            "",
        ),
        "DR005",
    );
}

// ------------------------------------------------------------------------------------- SG

fn rule(r: &str) -> String {
    design(
        &groups(&format!(r#"{{ "id": "sg-1", "rules": [ {r} ] }}"#)),
        "",
        "",
    )
}

#[test]
fn sg001() {
    not_applicable(&nodes(WEB2), "SG001");
    missing(&rule(r#"{ "from": "0.0.0.0/0" }"#), "SG001", &[1]);
    missing(&rule(r#"{ "ports": "22" }"#), "SG001", &[1]);
    checked(&rule(r#"{ "ports": "443", "from": "0.0.0.0/0" }"#), "SG001");
    checked(&rule(r#"{ "ports": "443" }"#), "SG001");
}

#[test]
fn sg002() {
    not_applicable(&nodes(WEB2), "SG002");
    missing(
        &rule(r#"{ "protocol": "udp", "from": "0.0.0.0/0" }"#),
        "SG002",
        &[1],
    );
    checked(
        &rule(r#"{ "protocol": "icmp", "from": "0.0.0.0/0" }"#),
        "SG002",
    );
    checked(&rule(r#"{ "ports": "all", "from": "0.0.0.0/0" }"#), "SG002");
}

#[test]
fn sg003() {
    not_applicable(&nodes(""), "SG003");
    missing(&nodes(r#"{ "id": "web-1", "kind": "ecs" }"#), "SG003", &[1]);
    checked(&nodes(WEB2), "SG003");
}

#[test]
fn sg004() {
    let t = |groups_of: &str, port: &str| {
        design(
            &groups(r#"{ "id": "sg-web", "rules": [ { "ports": "80", "from": "0.0.0.0/0" } ] }"#),
            &format!(r#"{{ "id": "web-1", "kind": "ecs", "zone": "hz-b"{groups_of} }}"#),
            &format!(r#"{{ "from": "internet", "to": "web-1"{port} }}"#),
        )
    };
    let sg = r#", "security_groups": ["sg-web"]"#;
    not_applicable(&nodes(WEB2), "SG004");
    missing(&t(sg, ""), "SG004", &[1]);
    missing(&t("", r#", "port": 80"#), "SG004", &[1]);
    checked(&t(sg, r#", "port": 80"#), "SG004");
    // An SLB without a listener port: its traffic to its backends has none.
    let s = design(
        &groups(r#"{ "id": "sg-web", "rules": [ { "ports": "80", "from": "slb-1" } ] }"#),
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web"] },
           { "id": "slb-1", "kind": "slb", "region": "hz", "backends": ["web-1"] }"#,
        "",
    );
    missing(&s, "SG004", &[1]);
    // A rule of the target's group whose ports are unknown.
    let r = design(
        &groups(r#"{ "id": "sg-web", "rules": [ { "from": "0.0.0.0/0" } ] }"#),
        r#"{ "id": "web-1", "kind": "ecs", "zone": "hz-b", "security_groups": ["sg-web"] }"#,
        r#"{ "from": "internet", "to": "web-1", "port": 80 }"#,
    );
    missing(&r, "SG004", &[1]);
}

// ------------------------------------------------------------------------------------- AG

#[test]
fn ag001_and_ag002() {
    for (code, field) in [
        ("AG001", r#", "auth": "jwt""#),
        ("AG002", r#", "rate_limit": true"#),
    ] {
        let t = |f: &str| {
            nodes(&format!(
                r#"{{ "id": "gw-1", "kind": "apigw", "region": "hz"{f} }}"#
            ))
        };
        not_applicable(&nodes(WEB2), code);
        missing(&t(""), code, &[1]);
        checked(&t(field), code);
    }
}

// ------------------------------------------------------------------------------------- DF

#[test]
fn df001_to_df006_need_nothing() {
    for code in ["DF001", "DF002", "DF003", "DF004", "DF005", "DF006"] {
        checked(&nodes(""), code);
        checked(&nodes(r#"{ "id": "web-1", "kind": "ecs" }"#), code);
    }
}

#[test]
fn df007_df008() {
    not_applicable(&nodes(""), "DF007");
    checked(
        &design(
            r#""ignore": [ { "rule": "HA001", "reason": "batch" } ],"#,
            "",
            "",
        ),
        "DF007",
    );
    not_applicable(&nodes(""), "DF008");
    checked(
        &design(
            r#""unresolved": [ { "file": "main.tf", "values": ["zone_id ← data.x"] } ],"#,
            "",
            "",
        ),
        "DF008",
    );
}

#[test]
fn df009_needs_a_date_to_judge_expiry() {
    let t = design(
        r#""ignore": [ { "rule": "HA001", "reason": "batch", "expires": "2030-01-01" } ],"#,
        "",
        "",
    );
    not_applicable(&nodes(""), "DF009");
    missing(&t, "DF009", &[1]);
    let opts = LintOptions {
        today: Date::parse("2026-06-01"),
        ..Default::default()
    };
    let c = cov_with(&t, &opts);
    assert_eq!(c.get("DF009").unwrap().state, State::Checked);
}
