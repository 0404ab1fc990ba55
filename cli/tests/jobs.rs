//! `check --jobs N`: inputs checked in parallel, output byte-identical to `--jobs 1` — over the
//! examples and the real-world corpus (`../shared/corpus`: 44 Terraform directories and the
//! InfraGuard test data), in every output format.

mod common;

use std::path::PathBuf;

use common::*;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The examples, every broken example, and the corpus, relative to the repository root.
fn inputs() -> Vec<String> {
    let corpus = repo().join("../shared/corpus");
    assert!(
        corpus.is_dir(),
        "{} is missing (shared/ must sit beside the checkout)",
        corpus.display()
    );
    vec![
        "examples".into(),
        "../shared/corpus/landing-arch".into(),
        "../shared/corpus/infraguard".into(),
        "examples/vpc.json".into(),
    ]
}

#[test]
fn parallel_output_is_byte_identical_to_one_job() {
    let inputs = inputs();
    for format in ["text", "json", "sarif", "github"] {
        let mut args = vec!["check", "--format", format, "--color", "always"];
        args.extend(inputs.iter().map(String::as_str));
        let one = {
            let mut a = args.clone();
            a.extend(["--jobs", "1"]);
            run_in(Some(&repo()), &a, None, &[])
        };
        let files = stdout(&one);
        assert!(
            format != "text" || files.contains("\x1b["),
            "text in colour: {files:.200}"
        );
        for jobs in ["2", "7"] {
            let mut a = args.clone();
            a.extend(["--jobs", jobs]);
            let many = run_in(Some(&repo()), &a, None, &[]);
            assert_eq!(code(&many), code(&one), "{format} --jobs {jobs}: status");
            assert!(
                many.stdout == one.stdout,
                "{format} --jobs {jobs}: standard output differs"
            );
            assert!(
                many.stderr == one.stderr,
                "{format} --jobs {jobs}: standard error differs"
            );
        }
        // The default (the number of CPUs) too.
        let default = run_in(Some(&repo()), &args, None, &[]);
        assert!(default.stdout == one.stdout, "{format}: default --jobs");
    }
}

#[test]
fn many_inputs_all_reported_in_order() {
    // Forty designs given one by one: results in the order named, whatever finished first.
    let mut list: Vec<(String, &[u8])> = Vec::new();
    for i in 0..40 {
        let text: &[u8] = match i % 3 {
            0 => CLEAN.as_bytes(),
            1 => WARN.as_bytes(),
            _ => TWO_WARN.as_bytes(),
        };
        list.push((format!("d{i:02}.json"), text));
    }
    let refs: Vec<(&str, &[u8])> = list.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let dir = files(&refs);
    let names: Vec<String> = list.iter().rev().map(|(n, _)| n.clone()).collect();
    let mut args = vec!["check", "--format", "json", "--jobs", "4"];
    args.extend(names.iter().map(String::as_str));
    let out = run_in(Some(dir.path()), &args, None, &[]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let got: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(got, names);
}

#[test]
fn jobs_must_be_a_positive_number() {
    for bad in ["0", "-2", "many"] {
        let out = run(&["check", &format!("--jobs={bad}"), "x.json"]);
        assert_eq!(code(&out), 2, "--jobs {bad}");
        assert!(stderr(&out).contains("--jobs"), "{}", stderr(&out));
    }
}
