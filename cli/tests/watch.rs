//! `--watch`: `render` and `check` run again when a file they read changes, keep watching
//! through a broken intermediate state, and end with status 0 on Ctrl-C (SIGINT).

#![cfg(unix)]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// A running `archlint … --watch` whose standard output and error are collected.
struct Watch {
    child: Child,
    out: Arc<Mutex<String>>,
    err: Arc<Mutex<String>>,
}

fn collect(mut r: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let buf = Arc::new(Mutex::new(String::new()));
    let b = buf.clone();
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = r.read(&mut chunk) {
            if n == 0 {
                break;
            }
            b.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&chunk[..n]));
        }
    });
    buf
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archlint"))
            .args(args)
            .current_dir(dir)
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = collect(child.stdout.take().unwrap());
        let err = collect(child.stderr.take().unwrap());
        Watch { child, out, err }
    }
    fn out(&self) -> String {
        self.out.lock().unwrap().clone()
    }
    fn err(&self) -> String {
        self.err.lock().unwrap().clone()
    }
    /// How many runs have finished (each ends with the "watching" line).
    fn runs(&self) -> usize {
        self.err().matches("archlint: watching ").count()
    }
    /// Waits (at most 30 s) for `cond`; panics with what was printed otherwise.
    fn wait_for(&mut self, what: &str, cond: impl Fn(&Watch) -> bool) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if cond(self) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "archlint exited ({status}) while waiting for {what}\nstdout:\n{}\nstderr:\n{}",
                    self.out(),
                    self.err()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {what}\nstdout:\n{}\nstderr:\n{}",
            self.out(),
            self.err()
        );
    }
    /// Ctrl-C: SIGINT, then the exit status.
    fn interrupt(mut self) -> i32 {
        let ok = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
        let start = Instant::now();
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code().unwrap_or(-1);
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "no exit after SIGINT"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Rewrites a file so that its modification is seen even within one timestamp tick (the
/// size changes too).
fn rewrite(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn render_watch_redraws_on_change_survives_a_broken_save_and_stops_on_ctrl_c() {
    let dir = files(&[("x.json", CLEAN.as_bytes())]);
    let svg = dir.path().join("x.svg");
    let mut w = Watch::start(dir.path(), &["render", "x.json", "-o", "x.svg", "--watch"]);
    w.wait_for("the first drawing", |w| w.runs() == 1);
    let first = std::fs::read_to_string(&svg).unwrap();
    assert!(first.contains("web-2"));

    rewrite(
        &dir.path().join("x.json"),
        &CLEAN.replace("web-2", "web-two"),
    );
    w.wait_for("a new drawing", |_| {
        std::fs::read_to_string(&svg).is_ok_and(|s| s.contains("web-two"))
    });
    w.wait_for("the second run to end", |w| w.runs() == 2);

    // A half-saved file: an error with its position, the drawing kept, the watch goes on.
    let half = &CLEAN[..CLEAN.len() / 2];
    rewrite(&dir.path().join("x.json"), half);
    w.wait_for("the error", |w| w.runs() == 3);
    assert!(has_positioned_error(&w.err(), "x.json"), "{}", w.err());
    assert!(std::fs::read_to_string(&svg).unwrap().contains("web-two"));

    rewrite(
        &dir.path().join("x.json"),
        &CLEAN.replace("web-2", "web-three"),
    );
    w.wait_for("the repaired drawing", |_| {
        std::fs::read_to_string(&svg).is_ok_and(|s| s.contains("web-three"))
    });
    w.wait_for("the fourth run to end", |w| w.runs() == 4);
    assert_eq!(w.interrupt(), 0);
}

#[test]
fn check_watch_reports_again_and_debounces_a_burst() {
    let dir = files(&[("d.json", CLEAN.as_bytes())]);
    let mut w = Watch::start(dir.path(), &["check", "d.json", "--watch"]);
    w.wait_for("the first report", |w| w.runs() == 1);
    assert!(!w.out().contains("HA001"));
    // Not a TTY: no screen clearing.
    assert!(!w.out().contains("\x1b[2J"));

    // A burst of writes in quick succession is one run.
    for i in 0..5 {
        rewrite(
            &dir.path().join("d.json"),
            &format!("{WARN}{}", " ".repeat(i)),
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    w.wait_for("the report with the finding", |w| {
        w.out().contains("HA001") && w.runs() == 2
    });
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(w.runs(), 2, "one run for the burst: {}", w.err());
    assert_eq!(w.out().matches("HA001").count(), 1);

    // A file that disappears (an editor's rename-save) is an error, then read again.
    std::fs::remove_file(dir.path().join("d.json")).unwrap();
    w.wait_for("the missing file's error", |w| w.runs() == 3);
    assert!(w.err().contains("d.json"), "{}", w.err());
    rewrite(&dir.path().join("d.json"), CLEAN);
    w.wait_for("the clean report", |w| w.runs() == 4);
    assert_eq!(w.interrupt(), 0);
}

#[test]
fn check_watch_follows_terraform_directories_and_var_files() {
    let dir = tempfile::tempdir().unwrap();
    let infra = dir.path().join("infra");
    std::fs::create_dir(&infra).unwrap();
    std::fs::write(
        infra.join("main.tf"),
        "resource \"alicloud_vpc\" \"v\" {\n  cidr_block = var.cidr\n}\nvariable \"cidr\" {}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.tfvars"), "cidr = \"10.0.0.0/8\"\n").unwrap();
    let mut w = Watch::start(
        dir.path(),
        &["check", "infra", "--var-file", "a.tfvars", "--watch"],
    );
    w.wait_for("the first report", |w| w.runs() == 1);

    // The var file is watched.
    rewrite(&dir.path().join("a.tfvars"), "cidr = \"10.0.0.0/16\"\n");
    w.wait_for("a run after the var file changed", |w| w.runs() == 2);

    // A new .tf file in the directory is read by the next run.
    std::fs::write(
        infra.join("ecs.tf"),
        "resource \"alicloud_instance\" \"web\" {\n  instance_type = \"ecs.g6.large\"\n  zone_id = \"cn-hangzhou-b\"\n}\n",
    )
    .unwrap();
    w.wait_for("a run that reads the new file", |w| {
        w.runs() == 3 && w.out().contains("ecs.tf")
    });

    // A syntax error in it: positioned error, and the watch goes on.
    rewrite(&infra.join("ecs.tf"), "resource \"alicloud_instance\" {\n");
    w.wait_for("the syntax error", |w| w.runs() == 4);
    assert!(w.err().contains("ecs.tf:"), "{}", w.err());
    assert_eq!(w.interrupt(), 0);
}

#[test]
fn check_watch_follows_the_project_configuration() {
    let dir = files(&[
        ("d.json", WARN.as_bytes()),
        ("archlint.toml", b"ignore = [\"HA001\"]\n"),
    ]);
    let mut w = Watch::start(dir.path(), &["check", "d.json", "--watch"]);
    w.wait_for("the first report", |w| w.runs() == 1);
    assert!(!w.out().contains("HA001"), "{}", w.out());
    rewrite(&dir.path().join("archlint.toml"), "ignore = []\n");
    w.wait_for("a report with HA001", |w| {
        w.runs() == 2 && w.out().contains("HA001")
    });
    assert_eq!(w.interrupt(), 0);
}

#[test]
fn watch_refuses_standard_input_and_returns_usage_errors_at_once() {
    let out = run_stdin(&["check", "-", "--watch"], CLEAN.as_bytes());
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--watch"), "{}", stderr(&out));
    // Nothing read yet (an unknown rule): the error ends the command instead of watching.
    let dir = files(&[("d.json", CLEAN.as_bytes())]);
    let out = run_in(
        Some(dir.path()),
        &["check", "d.json", "--watch", "--ignore", "NOPE999"],
        None,
        &[],
    );
    assert_eq!(code(&out), 2);
}
