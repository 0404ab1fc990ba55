//! `import_corpus`: times the Terraform / ROS import on real configurations, and Checkov on the
//! same Terraform directories. Run by `scripts/perf-report.sh`, which builds it and passes
//! `--update docs/performance.md`.
//!
//! ```text
//! target/release/import_corpus [--corpus DIR] [--rounds N] [--process-runs N]
//!     [--checkov PATH | --no-checkov] [--checkov-runs N] [--update FILE]
//! ```
//!
//! - Reads every Terraform directory and ROS template of the corpus (default
//!   `../shared/corpus`: `landing-arch/` and `infraguard/`) into memory first, then, in this
//!   process, times import (`archlint_import::import_terraform` / `import_ros`) + load + lint
//!   of the imported design + mapping every finding back into the user's files, for the whole
//!   corpus, one warm-up round and `--rounds` timed rounds (default 20).
//! - Times the release CLI as a whole process (`target/release/archlint check --format json`)
//!   on the 44 landing-arch directories: one process over all of them, and one process per
//!   directory (`--process-runs` runs each, default 10).
//! - Times Checkov the same two ways (`checkov -d DIR --quiet --compact -o json`, and one
//!   `checkov -d DIR1 -d DIR2 … --quiet --compact -o json` over all 44), `--checkov-runs` runs
//!   each (default 3), if Checkov is installed (`--checkov PATH`, else `$CHECKOV`, else
//!   `checkov` on the PATH); otherwise the section says it was not run.
//!
//! Prints the section "Terraform / ROS import" of `docs/performance.md` (Markdown); with
//! `--update FILE` also writes it into FILE, replacing the section if it is there.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use archlint_bench::ms;
use archlint_core::{lint, load, Limits, LintOptions};
use archlint_import::{import_ros, import_terraform, Options, SourceFile};

#[global_allocator]
static A: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SECTION: &str = "## Terraform / ROS import";
const LANDING: &str = "landing-arch";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Terraform,
    Ros,
}

/// One configuration: a Terraform directory or a ROS template, its files already read.
struct Unit {
    /// `landing-arch`, `infraguard`.
    set: String,
    kind: Kind,
    /// Path relative to the corpus root.
    name: String,
    /// The directory (Terraform) or file (ROS), absolute.
    path: String,
    files: Vec<SourceFile>,
    bytes: usize,
}

/// What one import + lint of a unit gave.
struct Outcome {
    import: Duration,
    nodes: usize,
    findings: usize,
    located: usize,
}

/// Per-unit measurements over the timed rounds.
struct Timed {
    total: Vec<Duration>,
    import: Vec<Duration>,
    nodes: usize,
    findings: usize,
    located: usize,
    error: Option<String>,
}

fn is_tf(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".tf") || n.ends_with(".tf.json")
}

fn is_tfvars_auto(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "terraform.tfvars"
        || n == "terraform.tfvars.json"
        || n.ends_with(".auto.tfvars")
        || n.ends_with(".auto.tfvars.json")
}

fn is_yaml(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".yaml") || n.ends_with(".yml")
}

fn display(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// Every directory below `dir` (itself included) with the Terraform files it holds, as the CLI
/// reads them (`.tf`, `.tf.json`, auto-loaded `.tfvars`, sorted by name), and every YAML file.
fn walk(dir: &Path, tf: &mut BTreeMap<String, Vec<SourceFile>>, yaml: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    let mut files = Vec::new();
    for p in entries {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, tf, yaml);
        } else if is_tf(&name) || is_tfvars_auto(&name) {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            files.push(SourceFile::new(display(&p), text));
        } else if is_yaml(&name) {
            yaml.push(p);
        }
    }
    if files.iter().any(|f| is_tf(&f.path)) {
        tf.insert(display(dir), files);
    }
}

/// The corpus: every Terraform directory and YAML template of `root/landing-arch` and
/// `root/infraguard`, read into memory; also every directory's files by path (for local
/// modules).
fn read_corpus(root: &Path) -> (Vec<Unit>, BTreeMap<String, Vec<SourceFile>>) {
    let mut units = Vec::new();
    let mut all = BTreeMap::new();
    for set in [LANDING, "infraguard"] {
        let base = root.join(set);
        let mut tf = BTreeMap::new();
        let mut yaml = Vec::new();
        walk(&base, &mut tf, &mut yaml);
        assert!(!tf.is_empty(), "no Terraform directory under {base:?}");
        let rel = |p: &str| {
            p.strip_prefix(&display(root))
                .unwrap_or(p)
                .trim_start_matches('/')
                .to_string()
        };
        for (dir, files) in &tf {
            units.push(Unit {
                set: set.to_string(),
                kind: Kind::Terraform,
                name: rel(dir),
                path: dir.clone(),
                bytes: files.iter().map(|f| f.text.len()).sum(),
                files: files.clone(),
            });
        }
        for p in yaml {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            let path = display(&p);
            units.push(Unit {
                set: set.to_string(),
                kind: Kind::Ros,
                name: rel(&path),
                bytes: text.len(),
                files: vec![SourceFile::new(path.clone(), text)],
                path,
            });
        }
        all.extend(tf);
    }
    (units, all)
}

/// One import + load + lint of a unit (its files cloned before the clock starts, as a caller
/// that has just read them would hand them over), every finding located in the user's files.
fn run_once(
    u: &Unit,
    dirs: &BTreeMap<String, Vec<SourceFile>>,
    modules: &mut BTreeSet<String>,
    opts: &Options,
    lint_opts: &LintOptions,
) -> Result<Outcome, String> {
    let files = u.files.clone();
    let t0 = Instant::now();
    let imported = match u.kind {
        Kind::Terraform => {
            let mut load_dir = |d: &str| -> Result<Vec<SourceFile>, String> {
                modules.insert(d.to_string());
                dirs.get(d)
                    .cloned()
                    .ok_or_else(|| format!("no Terraform files in {d}"))
            };
            import_terraform(&u.path, files, &mut load_dir, opts)
        }
        Kind::Ros => {
            let mut files = files;
            import_ros(files.remove(0), opts)
        }
    };
    let im =
        imported.map_err(|e| format!("{}:{}:{}: {}", e.path, e.line, e.column, e.message.en))?;
    let t1 = Instant::now();
    let loaded = load(&im.design, &Limits::DEFAULT)
        .map_err(|e| format!("imported design does not load: {}", e.message.en))?;
    let report = lint(&loaded, lint_opts);
    let located = report
        .findings
        .iter()
        .filter(|f| im.map.locate(&f.pointer).is_some())
        .count();
    Ok(Outcome {
        import: t1 - t0,
        nodes: loaded.design.nodes.len(),
        findings: report.findings.len(),
        located,
    })
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s.get(s.len() / 2).copied().unwrap_or_default()
}

fn min(v: &[Duration]) -> Duration {
    v.iter().min().copied().unwrap_or_default()
}

/// Wall time of a process run to completion, output discarded; exit status 0 or 1 (both tools
/// exit 1 when they report failed checks) counts as success.
fn time_process(cmd: &mut Command) -> Result<Duration, String> {
    let t = Instant::now();
    let status = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot start: {e}"))?;
    let d = t.elapsed();
    match status.code() {
        Some(0 | 1) => Ok(d),
        Some(c) => Err(format!("exit status {c}")),
        None => Err("killed by a signal".into()),
    }
}

/// (min, median) of `runs` runs of the command `make` builds.
fn time_runs(
    runs: usize,
    mut make: impl FnMut() -> Command,
) -> Result<(Duration, Duration), String> {
    let mut v = Vec::new();
    for _ in 0..runs.max(1) {
        v.push(time_process(&mut make())?);
    }
    Ok((min(&v), median(&v)))
}

/// A tool timed the two ways on the landing-arch directories.
struct ProcessFigures {
    /// One process over all directories: (min, median).
    all: Result<(Duration, Duration), String>,
    /// One process per directory: (name, min, median) for each.
    each: Result<Vec<(String, Duration, Duration)>, String>,
    runs: usize,
}

fn time_tool(
    dirs: &[&Unit],
    runs: usize,
    label: &str,
    make: &dyn Fn(&[&str]) -> Command,
) -> ProcessFigures {
    let paths: Vec<&str> = dirs.iter().map(|u| u.path.as_str()).collect();
    eprintln!(
        "import_corpus: {label}, one process over {} directories, {runs} runs",
        paths.len()
    );
    let all = time_runs(runs, || make(&paths));
    eprintln!("import_corpus: {label}, one process per directory, {runs} runs each");
    let each = dirs
        .iter()
        .map(|u| {
            time_runs(runs, || make(&[u.path.as_str()]))
                .map(|(a, b)| (u.name.clone(), a, b))
                .map_err(|e| format!("{}: {e}", u.name))
        })
        .collect();
    ProcessFigures { all, each, runs }
}

fn first_line(program: &str, args: &[&str]) -> Option<String> {
    let o = Command::new(program).args(args).output().ok()?;
    if !o.status.success() {
        return None;
    }
    let text = if o.stdout.is_empty() {
        o.stderr
    } else {
        o.stdout
    };
    String::from_utf8_lossy(&text)
        .lines()
        .next()
        .map(|l| l.trim().to_string())
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, v)| v.trim().to_string());
    let usable = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let date = first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default();
    let rustc = first_line("rustc", &["-V"]).unwrap_or_default();
    format!("{cpu}, {usable} CPUs usable; {rustc}; {date}; load average at start {load}")
}

/// Milliseconds, with as many decimals as make sense.
fn fms(v: f64) -> String {
    if v < 0.1 {
        format!("{v:.3}")
    } else if v < 10.0 {
        format!("{v:.2}")
    } else if v < 100.0 {
        format!("{v:.1}")
    } else {
        let n = v.round() as u64;
        if n >= 1000 {
            format!("{},{:03}", n / 1000, n % 1000)
        } else {
            n.to_string()
        }
    }
}

fn ratio(a: Duration, b: Duration) -> String {
    let r = a.as_secs_f64() / b.as_secs_f64().max(1e-12);
    if r < 10.0 {
        format!("{r:.1}×")
    } else {
        let n = r.round() as u64;
        if n >= 1000 {
            format!("{},{:03}×", n / 1000, n % 1000)
        } else {
            format!("{n}×")
        }
    }
}

fn yes_no(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

struct Args {
    corpus: PathBuf,
    rounds: usize,
    process_runs: usize,
    checkov: Option<String>,
    checkov_runs: usize,
    update: Option<PathBuf>,
}

fn args(root: &Path) -> Args {
    let mut a = Args {
        corpus: root.join("../shared/corpus"),
        rounds: 20,
        process_runs: 10,
        checkov: Some(std::env::var("CHECKOV").unwrap_or_else(|_| "checkov".into())),
        checkov_runs: 3,
        update: None,
    };
    let mut it = std::env::args().skip(1);
    let num = |v: Option<String>, flag: &str| -> usize {
        v.and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{flag} takes a number"))
    };
    while let Some(k) = it.next() {
        match k.as_str() {
            "--corpus" => a.corpus = PathBuf::from(it.next().expect("--corpus DIR")),
            "--rounds" => a.rounds = num(it.next(), "--rounds"),
            "--process-runs" => a.process_runs = num(it.next(), "--process-runs"),
            "--checkov" => a.checkov = Some(it.next().expect("--checkov PATH")),
            "--no-checkov" => a.checkov = None,
            "--checkov-runs" => a.checkov_runs = num(it.next(), "--checkov-runs"),
            "--update" => a.update = Some(PathBuf::from(it.next().expect("--update FILE"))),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

/// The in-process measurement: the configurations and their times, round by round.
struct InProcess {
    units: Vec<Unit>,
    timed: Vec<Timed>,
    /// Wall time of each whole round (with the loop).
    rounds: Vec<Duration>,
}

/// One warm-up round, then `rounds` timed rounds over every configuration. A directory another
/// one calls as a local module is not a configuration of its own (as in `archlint check DIR`).
fn measure_in_process(
    mut units: Vec<Unit>,
    dirs: &BTreeMap<String, Vec<SourceFile>>,
    rounds: usize,
) -> InProcess {
    let opts = Options::default();
    let lint_opts = LintOptions::default();
    let mut modules = BTreeSet::new();
    let warm: Vec<Result<Outcome, String>> = units
        .iter()
        .map(|u| run_once(u, dirs, &mut modules, &opts, &lint_opts))
        .collect();
    let keep: Vec<bool> = units
        .iter()
        .map(|u| u.kind == Kind::Ros || !modules.contains(&u.path))
        .collect();
    let mut k = keep.iter();
    units.retain(|_| *k.next().unwrap_or(&true));
    let mut timed: Vec<Timed> = warm
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(o, _)| {
            let (nodes, findings, located, error) = match o {
                Ok(o) => (o.nodes, o.findings, o.located, None),
                Err(e) => (0, 0, 0, Some(e)),
            };
            Timed {
                total: Vec::new(),
                import: Vec::new(),
                nodes,
                findings,
                located,
                error,
            }
        })
        .collect();
    eprintln!(
        "import_corpus: {} configurations, {rounds} rounds",
        units.len()
    );
    let mut walls = Vec::new();
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        for (u, tm) in units.iter().zip(timed.iter_mut()) {
            let s = Instant::now();
            let r = run_once(u, dirs, &mut modules, &opts, &lint_opts);
            tm.total.push(s.elapsed());
            if let Ok(o) = r {
                tm.import.push(o.import);
            }
        }
        walls.push(t.elapsed());
    }
    InProcess {
        units,
        timed,
        rounds: walls,
    }
}

/// One line of the in-process table.
struct Summary {
    label: String,
    count: usize,
    bytes: usize,
    nodes: usize,
    findings: usize,
    located: usize,
    failed: Vec<(String, String)>,
    round_median: Duration,
    round_min: Duration,
    /// Round median / count.
    mean: Duration,
    /// Import time / total time, from the per-configuration medians.
    import_share: f64,
    /// The configuration with the largest median, and that median.
    slowest: (String, Duration),
}

fn summarize(ip: &InProcess, label: &str, idx: &[usize]) -> Summary {
    let t = &ip.timed;
    let per_round: Vec<Duration> = (0..ip.rounds.len())
        .map(|r| idx.iter().map(|&i| t[i].total[r]).sum())
        .collect();
    let round_median = median(&per_round);
    let slowest = idx
        .iter()
        .map(|&i| (ip.units[i].name.clone(), median(&t[i].total)))
        .max_by_key(|p| p.1)
        .unwrap_or_default();
    let import: Duration = idx.iter().map(|&i| median(&t[i].import)).sum();
    let total: Duration = idx.iter().map(|&i| median(&t[i].total)).sum();
    Summary {
        label: label.to_string(),
        count: idx.len(),
        bytes: idx.iter().map(|&i| ip.units[i].bytes).sum(),
        nodes: idx.iter().map(|&i| t[i].nodes).sum(),
        findings: idx.iter().map(|&i| t[i].findings).sum(),
        located: idx.iter().map(|&i| t[i].located).sum(),
        failed: idx
            .iter()
            .filter_map(|&i| {
                t[i].error
                    .as_ref()
                    .map(|e| (ip.units[i].name.clone(), e.clone()))
            })
            .collect(),
        round_median,
        round_min: min(&per_round),
        mean: round_median / idx.len().max(1) as u32,
        import_share: import.as_secs_f64() / total.as_secs_f64().max(1e-12),
        slowest,
    }
}

/// The per-set lines of the in-process table, then the whole corpus.
fn summaries(ip: &InProcess) -> Vec<Summary> {
    let mut v = Vec::new();
    for (set, kind, label) in [
        (LANDING, Kind::Terraform, LANDING_LABEL),
        (
            "infraguard",
            Kind::Terraform,
            "infraguard, Terraform directories",
        ),
        ("infraguard", Kind::Ros, "infraguard, ROS templates"),
    ] {
        let idx: Vec<usize> = (0..ip.units.len())
            .filter(|&i| ip.units[i].set == set && ip.units[i].kind == kind)
            .collect();
        if !idx.is_empty() {
            v.push(summarize(ip, label, &idx));
        }
    }
    let all: Vec<usize> = (0..ip.units.len()).collect();
    v.push(summarize(ip, "whole corpus", &all));
    v
}

const LANDING_LABEL: &str = "landing-arch, Terraform directories";

/// The median of one process over all directories, and the sum of the per-directory medians.
fn totals(f: &Option<ProcessFigures>) -> (Option<Duration>, Option<Duration>) {
    let Some(f) = f else {
        return (None, None);
    };
    (
        f.all.as_ref().ok().map(|x| x.1),
        f.each.as_ref().ok().map(|v| v.iter().map(|x| x.2).sum()),
    )
}

fn process_row(s: &mut String, tool: &str, f: &Option<ProcessFigures>, missing: &str) {
    let Some(f) = f else {
        let _ = writeln!(s, "| {tool} | {missing} | | | |");
        return;
    };
    let all = match &f.all {
        Ok((a, b)) => format!("{} / {}", fms(ms(*a)), fms(ms(*b))),
        Err(e) => e.clone(),
    };
    let (mean, slow, sum) = match &f.each {
        Ok(v) => {
            let sum: Duration = v.iter().map(|x| x.2).sum();
            let slow = v.iter().max_by_key(|x| x.2);
            (
                fms(ms(sum) / v.len().max(1) as f64),
                slow.map_or(String::new(), |x| format!("{} (`{}`)", fms(ms(x.2)), x.0)),
                fms(ms(sum)),
            )
        }
        Err(e) => (e.clone(), String::new(), String::new()),
    };
    let _ = writeln!(s, "| {tool} | {all} | {mean} | {slow} | {sum} |");
}

/// The section "Terraform / ROS import" of docs/performance.md.
fn section(
    machine: &str,
    ip: &InProcess,
    rows: &[Summary],
    cli: &Option<ProcessFigures>,
    checkov: &Option<ProcessFigures>,
    checkov_version: Option<&str>,
) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{SECTION}\n");
    let _ = writeln!(
        s,
        "Written by `target/release/import_corpus --update docs/performance.md` \
         ([`bench/src/bin/import_corpus.rs`](../bench/src/bin/import_corpus.rs)), which \
         `scripts/perf-report.sh` runs after the report above. Machine: {machine}.\n"
    );
    let _ = writeln!(s, "### In process\n");
    let _ = writeln!(
        s,
        "The corpus is `../shared/corpus` (real configurations written by others, see its \
         README): the 44 Terraform directories of `landing-arch/` (quick starts and solutions) \
         and InfraGuard's test data in `infraguard/` (Terraform directories and ROS templates). \
         Every file is read into memory first; then, in one process (release build, mimalloc), \
         each configuration is imported (`archlint_import::import_terraform` / `import_ros`: \
         parse, evaluate, map, assemble the design), the design loaded and linted \
         (`archlint_core::load` + `lint`) and every finding located in the user's files \
         (`SourceMap::locate`) — what `archlint check DIR` does between reading the files and \
         printing. One warm-up round, then {} timed rounds over the whole corpus.\n",
        ip.rounds.len()
    );
    let _ = writeln!(
        s,
        "| configurations | count | KB | nodes | findings (located) | failed | round median ms | round min ms | mean per configuration ms | import share | slowest: median ms |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for r in rows {
        let _ = writeln!(
            s,
            "| {} | {} | {:.0} | {} | {} ({}) | {} | {} | {} | {} | {:.0} % | {} `{}` |",
            r.label,
            r.count,
            r.bytes as f64 / 1024.0,
            r.nodes,
            r.findings,
            r.located,
            r.failed.len(),
            fms(ms(r.round_median)),
            fms(ms(r.round_min)),
            fms(ms(r.mean)),
            100.0 * r.import_share,
            fms(ms(r.slowest.1)),
            r.slowest.0,
        );
    }
    let _ = writeln!(
        s,
        "\n*round*: the sum over the configurations of one round; *mean per configuration* = \
         round median / count; *import share*: the part of the time spent importing (the rest is \
         load + lint + locating findings); *slowest*: the configuration with the largest median \
         over the rounds. Whole round wall time (with the loop), median: {} ms.\n",
        fms(ms(median(&ip.rounds)))
    );
    let failed: Vec<&(String, String)> = rows
        .iter()
        .filter(|r| r.label != "whole corpus")
        .flat_map(|r| &r.failed)
        .collect();
    if !failed.is_empty() {
        let _ = writeln!(s, "Configurations the importer refused:\n");
        for (name, e) in failed {
            let _ = writeln!(s, "- `{name}`: {e}");
        }
        let _ = writeln!(s);
    }

    let _ = writeln!(
        s,
        "### Whole processes, and Checkov, on the 44 landing-arch directories\n"
    );
    let _ = writeln!(
        s,
        "Wall time of whole processes (start-up, reading the files from disk, output \
         discarded), two ways: one process per directory (`archlint check --format json DIR`, \
         `checkov -d DIR --quiet --compact -o json`; the time for the 44 is the sum of the \
         per-directory medians), and one process over all 44 directories (`archlint check \
         --format json DIR1 … DIR44`, `checkov -d DIR1 … -d DIR44 --quiet --compact -o json`), \
         which spreads each tool's start-up over the 44. The ratio is judged on the lower of \
         the two. archlint: `target/release/archlint`, {} runs each. Checkov {}: {} runs each, \
         all its frameworks (no `--framework`), installed by `pip install checkov=={}` in a \
         virtualenv, run with `BC_SKIP_MAPPING=TRUE` (it does not download Prisma Cloud's \
         guideline mapping: no network needed, and never slower).\n",
        cli.as_ref().map_or(0, |f| f.runs),
        checkov_version.unwrap_or(""),
        checkov.as_ref().map_or(0, |f| f.runs),
        checkov_version.unwrap_or("<version>"),
    );
    let _ = writeln!(
        s,
        "| tool | one process over all 44: min / median ms | one process per directory: mean of the medians ms | slowest directory: median ms | 44 processes: sum of the medians ms |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|");
    process_row(
        &mut s,
        "`archlint check`",
        cli,
        "not run: target/release/archlint is not built",
    );
    process_row(
        &mut s,
        &format!("`checkov` {}", checkov_version.unwrap_or("")),
        checkov,
        "not run: Checkov is not installed (`pip install checkov`; or `--checkov PATH`, `$CHECKOV`)",
    );

    let _ = writeln!(s, "\n### Goals\n");
    let landing = rows.iter().find(|r| r.label == LANDING_LABEL);
    let (cli_all, cli_each) = totals(cli);
    let (ck_all, ck_each) = totals(checkov);
    match (ck_all, cli_all, ck_each, cli_each) {
        (Some(ca), Some(aa), Some(ce), Some(ae)) => {
            let lower =
                (ca.as_secs_f64() / aa.as_secs_f64()).min(ce.as_secs_f64() / ae.as_secs_f64());
            let inproc = landing.map_or(String::new(), |l| {
                format!(
                    " Against archlint's in-process import + lint of the same 44 (round median \
                     {} ms): {}.",
                    fms(ms(l.round_median)),
                    ratio(ca.min(ce), l.round_median)
                )
            });
            let _ = writeln!(
                s,
                "- **At least 100× faster than `checkov -d` on the same directories: {}.** One \
                 process over the 44 directories: Checkov {} ms, `archlint check` {} ms — {} \
                 (medians). One process per directory: Checkov {} ms, `archlint check` {} ms — \
                 {} (sums of the per-directory medians).{inproc}",
                yes_no(lower >= 100.0),
                fms(ms(ca)),
                fms(ms(aa)),
                ratio(ca, aa),
                fms(ms(ce)),
                fms(ms(ae)),
                ratio(ce, ae),
            );
        }
        _ => {
            let _ = writeln!(
                s,
                "- At least 100× faster than `checkov -d` on the same directories: not judged \
                 here — {}.",
                if ck_all.is_none() || ck_each.is_none() {
                    "Checkov was not run"
                } else {
                    "the release CLI was not measured"
                }
            );
        }
    }
    if let Some(l) = landing {
        let each = cli
            .as_ref()
            .and_then(|f| f.each.as_ref().ok())
            .map(|v| v.iter().map(|x| x.2).sum::<Duration>() / v.len().max(1) as u32);
        let _ = writeln!(
            s,
            "- **Under 5 ms per directory: {}.** In process, import + lint of a landing-arch \
             directory takes {} ms on average and {} ms for the slowest (`{}`).{}",
            yes_no(l.slowest.1 < Duration::from_millis(5)),
            fms(ms(l.mean)),
            fms(ms(l.slowest.1)),
            l.slowest.0,
            each.map_or(String::new(), |m| format!(
                " A whole `archlint check --format json DIR` process (start-up, reading the \
                 files, writing the JSON) takes {} ms on average: {}.",
                fms(ms(m)),
                if m < Duration::from_millis(5) {
                    "under 5 ms too"
                } else {
                    "over 5 ms"
                }
            )),
        );
    }
    let _ = writeln!(s, "\nTo reproduce:\n");
    let _ = writeln!(s, "```sh");
    let _ = writeln!(
        s,
        "cargo build --release --locked -p archlint-cli -p archlint-bench"
    );
    let _ = writeln!(
        s,
        "python3 -m venv /opt/checkov-venv && /opt/checkov-venv/bin/pip install checkov=={}",
        checkov_version.unwrap_or("3.3.30")
    );
    let _ = writeln!(
        s,
        "CHECKOV=/opt/checkov-venv/bin/checkov target/release/import_corpus --update docs/performance.md"
    );
    let _ = writeln!(
        s,
        "# one directory, both tools, with hyperfine (apt-get install hyperfine):"
    );
    let _ = writeln!(
        s,
        "D=../shared/corpus/landing-arch/solution__tech-solution__ha-web"
    );
    let _ = writeln!(
        s,
        "BC_SKIP_MAPPING=TRUE hyperfine -N -i -w 2 -r 10 \"target/release/archlint check --format json $D\" \\\n    \"/opt/checkov-venv/bin/checkov -d $D --quiet --compact -o json\""
    );
    let _ = writeln!(s, "```");
    s
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let args = args(&root);
    let corpus = args
        .corpus
        .canonicalize()
        .unwrap_or_else(|e| panic!("corpus {:?}: {e}", args.corpus));
    let machine = machine();

    // Everything read into memory first, then timed in process.
    let (units, dirs) = read_corpus(&corpus);
    let ip = measure_in_process(units, &dirs, args.rounds);
    let rows = summaries(&ip);

    // Whole processes: the release CLI and Checkov on the landing-arch directories.
    let landing: Vec<&Unit> = ip
        .units
        .iter()
        .filter(|u| u.set == LANDING && u.kind == Kind::Terraform)
        .collect();
    let cli_path = root.join("target/release/archlint");
    let cli = cli_path.is_file().then(|| {
        time_tool(&landing, args.process_runs, "archlint check", &|dirs| {
            let mut c = Command::new(&cli_path);
            c.args(["check", "--format", "json"]).args(dirs);
            c
        })
    });
    let checkov_version = args
        .checkov
        .as_deref()
        .and_then(|c| first_line(c, &["--version"]));
    let checkov = match (&args.checkov, &checkov_version) {
        (Some(c), Some(_)) => Some(time_tool(&landing, args.checkov_runs, "checkov", &|dirs| {
            let mut cmd = Command::new(c);
            // No download of Prisma Cloud's guideline mapping: no network needed, and never
            // slower for Checkov.
            cmd.env("BC_SKIP_MAPPING", "TRUE");
            for d in dirs {
                cmd.args(["-d", d]);
            }
            cmd.args(["--quiet", "--compact", "-o", "json"]);
            cmd
        })),
        _ => None,
    };

    let s = section(
        &machine,
        &ip,
        &rows,
        &cli,
        &checkov,
        checkov_version.as_deref(),
    );
    print!("{s}");
    if let Some(path) = &args.update {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        std::fs::write(path, archlint_bench::splice_section(&old, SECTION, &s))
            .unwrap_or_else(|e| panic!("write {path:?}: {e}"));
        eprintln!("import_corpus: wrote the section into {}", path.display());
    }
}
