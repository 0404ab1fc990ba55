//! Waivers in the design (`ignore` with `owner` / `expires`), suppressed findings in the
//! outputs, and content fingerprints that survive moving an element.

use archlint_core::lint::SuppressionKind;
use archlint_core::output::{fingerprint, json, sarif, stable_path, stamp};
use archlint_core::{lint, load, Date, Lang, Limits, LintOptions, Report};

const BASE: &str = r#"{ "archlint": 1,
  "regions": [ { "id": "hz", "network": "classic", "zones": [ { "id": "hz-b" }, { "id": "hz-c" } ] } ],
  "nodes": [
    { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-c" } ],
  "links": [ { "from": "web-1", "to": "app-1", "port": 8080 } ],
  "ignore": [ IGNORE ] }"#;

fn design(ignore: &str) -> String {
    BASE.replace("IGNORE", ignore)
}

fn run(text: &str, today: Option<&str>) -> Report {
    let loaded = load(text, &Limits::DEFAULT).unwrap();
    let opts = LintOptions {
        today: today.and_then(Date::parse),
        ..LintOptions::default()
    };
    let mut r = lint(&loaded, &opts);
    stamp(&mut r, &loaded);
    r
}

fn codes(r: &Report) -> Vec<(&str, Option<&str>)> {
    r.findings
        .iter()
        .map(|f| (f.rule.code, f.target.as_deref()))
        .collect()
}

const WAIVER: &str = r#"{ "rule": "HA001", "target": "web-1", "reason": "batch job", "owner": "ops", "expires": "2027-03-31" }"#;

#[test]
fn a_live_waiver_suppresses_and_keeps_the_finding() {
    let text = design(WAIVER);
    for today in [None, Some("2027-03-31"), Some("2026-01-01")] {
        let r = run(&text, today);
        assert!(!codes(&r).contains(&("HA001", Some("web-1"))), "{today:?}");
        assert!(!codes(&r).iter().any(|c| c.0 == "DF007" || c.0 == "DF009"));
        assert_eq!(r.suppressed.len(), 1);
        let s = &r.suppressed[0];
        assert_eq!(s.finding.rule.code, "HA001");
        assert_eq!(s.finding.target.as_deref(), Some("web-1"));
        assert_eq!(s.kind, SuppressionKind::InSource);
        assert_eq!(s.reason, "batch job");
        assert_eq!(s.owner.as_deref(), Some("ops"));
        assert_eq!(s.expires, Date::parse("2027-03-31"));
        assert_eq!(s.origin, "/ignore/0");
        assert_eq!(s.finding.line, 4, "suppressed findings have positions");
    }
}

#[test]
fn an_expired_waiver_stops_applying_and_says_so() {
    let text = design(WAIVER);
    let r = run(&text, Some("2027-04-01"));
    let c = codes(&r);
    assert!(c.contains(&("HA001", Some("web-1"))), "{c:?}");
    assert!(r.suppressed.is_empty());
    let df9: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.code == "DF009")
        .collect();
    assert_eq!(df9.len(), 1, "{c:?}");
    assert_eq!(df9[0].pointer, "/ignore/0/expires");
    assert!(
        df9[0].message.en.contains("expired on 2027-03-31"),
        "{}",
        df9[0].message.en
    );
    assert!(df9[0].message.en.contains("owner: ops"));
    assert!(df9[0].message.zh.contains("已于 2027-03-31 过期"));
    // Not also reported as unused.
    assert!(!c.iter().any(|c| c.0 == "DF007"));
}

#[test]
fn ignores_without_reason_or_with_a_bad_date_still_load() {
    // No reason: not applied, reported (DF005 missing field, DF007 accepts nothing).
    let r = run(
        &design(r#"{ "rule": "HA001", "target": "web-1" }"#),
        Some("2026-01-01"),
    );
    let c = codes(&r);
    assert!(c.contains(&("HA001", Some("web-1"))));
    assert!(
        c.iter().any(|c| c.0 == "DF005") && c.iter().any(|c| c.0 == "DF007"),
        "{c:?}"
    );
    // A date that does not exist: DF005, the entry applies without an end.
    let r = run(
        &design(
            r#"{ "rule": "HA001", "target": "web-1", "reason": "x", "expires": "2027-02-30" }"#,
        ),
        Some("2026-01-01"),
    );
    let df5: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.code == "DF005")
        .collect();
    assert_eq!(df5.len(), 1);
    assert_eq!(df5[0].pointer, "/ignore/0/expires");
    assert!(
        df5[0].message.en.contains("YYYY-MM-DD"),
        "{}",
        df5[0].message.en
    );
    assert_eq!(r.suppressed.len(), 1);
}

#[test]
fn deselected_rules_are_neither_reported_nor_suppressed() {
    let text = design(WAIVER);
    let loaded = load(&text, &Limits::DEFAULT).unwrap();
    let r = lint(
        &loaded,
        &LintOptions {
            ignore_codes: vec!["HA001".into()],
            ..LintOptions::default()
        },
    );
    assert!(r.suppressed.is_empty());
}

#[test]
fn fingerprints_survive_moving_nodes_and_links() {
    let a = design("");
    // The same design with the two nodes swapped and the link moved after an extra one.
    let b = a
        .replace(
            r#"{ "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" },
    { "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-c" }"#,
            r#"{ "id": "app-1", "kind": "ecs", "module": "app", "zone": "hz-c" },
    { "id": "web-1", "kind": "ecs", "module": "web", "zone": "hz-b" }"#,
        )
        .replace(
            r#""links": [ { "from": "web-1""#,
            r#""links": [ { "from": "app-1", "to": "web-1", "port": 1 }, { "from": "web-1""#,
        );
    assert_ne!(a, b);
    let (ra, rb) = (run(&a, None), run(&b, None));
    let fp = |r: &Report, target: &str| {
        let f = r
            .findings
            .iter()
            .find(|f| f.rule.code == "HA001" && f.target.as_deref() == Some(target))
            .unwrap();
        (f.pointer.clone(), fingerprint(f, r))
    };
    let (pa, fa) = fp(&ra, "web-1");
    let (pb, fb) = fp(&rb, "web-1");
    assert_ne!(pa, pb, "the pointer moved");
    assert_eq!(fa, fb, "the fingerprint did not");
    assert_ne!(fp(&ra, "app-1").1, fa);

    let la = load(&a, &Limits::DEFAULT).unwrap();
    let lb = load(&b, &Limits::DEFAULT).unwrap();
    assert_eq!(
        stable_path(la.text, &la.tree, "/nodes/0/zone"),
        "/nodes/#web-1/zone"
    );
    // A link has no id: its content stands for it.
    let link_a = stable_path(la.text, &la.tree, "/links/0");
    let link_b = stable_path(lb.text, &lb.tree, "/links/1");
    assert!(link_a.starts_with("/links/@"), "{link_a}");
    assert_eq!(link_a, link_b);
    assert_ne!(link_a, stable_path(lb.text, &lb.tree, "/links/0"));
    // Whitespace does not count; a token that does not resolve is kept.
    let c = a.replace(r#""port": 8080 }"#, "\"port\":8080}");
    let lc = load(&c, &Limits::DEFAULT).unwrap();
    assert_eq!(stable_path(lc.text, &lc.tree, "/links/0"), link_a);
    assert_eq!(stable_path(la.text, &la.tree, "/nodes/9/x"), "/nodes/9/x");
}

#[test]
fn outputs_show_suppressed_findings() {
    let text = design(WAIVER);
    let r = run(&text, Some("2026-01-01"));
    let files = [("d.json", Ok(r))];
    let doc = json::check_document_full(&files, Lang::En, |w| {
        w.key("extra").uint(1);
    });
    assert!(doc.contains("\"suppressed\": ["), "{doc}");
    assert!(doc.contains("\"kind\": \"inSource\""));
    assert!(doc.contains("\"reason\": \"batch job\""));
    assert!(doc.contains("\"expires\": \"2027-03-31\""));
    assert!(doc.contains("\"extra\": 1\n}"));
    // The plain document (the docs widget's) is unchanged: no suppressed list.
    let plain = json::check_document(&files, Lang::En);
    assert!(!plain.contains("suppressed"));
    let log = sarif::document(&files, Lang::En, None);
    assert!(log.contains("\"suppressions\": ["), "{log}");
    assert!(log.contains("\"justification\": \"batch job\""));
    assert!(log.contains("\"kind\": \"inSource\""));
}
