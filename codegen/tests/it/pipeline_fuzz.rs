//! Fuzzing the whole pipeline (load → lower → emit → render) on bad and odd input.
//!
//! cargo-fuzz needs nightly, so this is property-based fuzzing with proptest, two targets:
//! - `generated_specs`: spec documents assembled from weird-but-plausible parts;
//! - `mutated_repository_spec`: byte- and line-level mutations of the repository's `spec/`.
//!
//! The property: `generate` does not panic, crash, take a minute or 4 GiB, is deterministic,
//! fails only with spec diagnostics that each start `path:line:col:` inside the file they name,
//! and every Rust file it emits parses. Each case runs in a child process (this test binary), so
//! a stack overflow or an allocation failure is a failure proptest can shrink, not the end of
//! the run.
//!
//! Known problems (reported, fix pending) are counted and printed instead of failing: crashes
//! in `KNOWN_CRASHES`, and what static checks of the emitted code say would not build or would
//! warn. Crashes found have regression tests in `pipeline_fuzz/regressions.rs`, ignored while
//! their fix is pending.
//! Default runs are short (64 cases per target); a long run:
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release -p codegen --test it pipeline_fuzz -- --nocapture
//! ```
//!
//! - `FUZZ_VERBOSE=1`: also the most common error messages (what the inputs reach), the
//!   shortest input of each known problem, and the slowest input;
//! - `FUZZ_STRICT=1`: known problems fail too;
//! - `FUZZ_SAVE=dir`: keep inputs that generated a crate, to build them with `cargo xtask codegen`;
//! - `FUZZ_IN_PROCESS=1`: no child processes (faster; a stack overflow aborts the run);
//! - `FUZZ_REPLAY=path`: the `replay` test (ignored: run it with `pipeline_fuzz::replay -- --ignored`) checks
//!   one saved input in-process.
//!
//! One job per file in `pipeline_fuzz/`: `specs.rs` builds spec documents, `mutations.rs`
//! mutates the repository's spec, `property.rs` is the property on one input,
//! `build_checks.rs` the static checks of the emitted code, `regressions.rs` the fuzzer's
//! findings; this file runs the targets, each case in a child process, and counts what they saw.

mod build_checks;
mod mutations;
mod property;
mod prose;
mod regressions;
mod specs;

use mutations::{Mutation, apply, mutation, repository_spec};
use property::{Verdict, check_dir};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Spec files by name; `Debug` prints them as text, so a failing input reads as YAML.
#[derive(Clone)]
struct SpecFiles {
    files: Vec<(String, Vec<u8>)>,
    /// For the mutation target: the file mutated and how. Only that file is printed.
    mutated: Option<(usize, Vec<Mutation>)>,
}

impl fmt::Debug for SpecFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (name, bytes)) in self.files.iter().enumerate() {
            match &self.mutated {
                Some((mutated, mutations)) if *mutated == index => writeln!(f, "\n--- {name} after {mutations:?}")?,
                Some(_) => continue,
                None => writeln!(f, "\n--- {name}")?,
            }
            writeln!(f, "{}", String::from_utf8_lossy(bytes))?;
        }
        Ok(())
    }
}

/// Inputs that take longer than this are failures: a hang, or absurdly slow. Generous, as the
/// machine may be busy compiling; inputs over 1 s are reported as known problems instead.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Address space for one child: a runaway input fails here instead of swapping out the machine.
const MEMORY_LIMIT_KB: u64 = 4 << 20;

/// Runs `check_dir(dir)` in a child process and reads its verdict; a crash is a failure.
fn check_in_child(dir: &Path) -> Verdict {
    // `sh` sets the memory limit, then `exec`s the test binary under the same pid.
    let limit = format!("ulimit -v {MEMORY_LIMIT_KB} && exec \"$0\" \"$@\"");
    let child = std::process::Command::new("sh")
        .args(["-c", &limit])
        .arg(std::env::current_exe().expect("test binary"))
        .args(["--exact", &child_test_name(), "--ignored", "--nocapture", "--test-threads", "1"])
        .env("FUZZ_CHILD", dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the fuzz child");
    let start = Instant::now();
    let pid = child.id();
    // A watchdog thread, since `std` cannot wait with a timeout.
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if wait.recv_timeout(TIMEOUT).is_err() {
            let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    let output = child.wait_with_output().expect("wait for the fuzz child");
    let _ = done.send(());
    let _ = watchdog.join();
    let stdout = String::from_utf8_lossy(&output.stdout);
    match Verdict::parse(&stdout) {
        Some(verdict) if output.status.success() => verdict,
        _ => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let mut verdict = Verdict::default();
            if start.elapsed() >= TIMEOUT {
                verdict.failure = Some(format!("took longer than {TIMEOUT:?}"));
            } else if stderr.contains("has overflowed its stack") {
                verdict.failure = Some("stack overflow".to_owned());
            } else if stderr.contains("memory allocation of") {
                verdict.failure = Some(format!("out of memory (over {} GiB)", MEMORY_LIMIT_KB >> 20));
            } else {
                let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
                let tail: Vec<&str> = tail.into_iter().rev().collect();
                verdict.failure = Some(format!("crashed ({}):\n{}", output.status, tail.join("\n")));
            }
            verdict
        }
    }
}

/// `fuzz_child` as libtest names it in this binary: its path without the crate's name.
fn child_test_name() -> String {
    match module_path!().split_once("::") {
        Some((_crate, module)) => format!("{module}::fuzz_child"),
        None => "fuzz_child".to_owned(),
    }
}

/// The child side of `check_in_child`, which starts it with `--ignored` and `FUZZ_CHILD=dir`.
#[test]
#[ignore = "the fuzz targets run it in a child process, with FUZZ_CHILD=dir"]
fn fuzz_child() {
    let dir = std::env::var_os("FUZZ_CHILD").expect("FUZZ_CHILD=dir: the spec directory to check");
    check_dir(Path::new(&dir)).print();
}

/// Crashes that are reported and whose fix is pending: counted like known problems, so a run
/// goes on to find new ones. Each has an ignored test in `pipeline_fuzz/regressions.rs`. None at present.
const KNOWN_CRASHES: &[&str] = &[];

/// What one fuzz target saw, printed at the end of a run.
#[derive(Default)]
struct Stats {
    cases: AtomicUsize,
    generated: AtomicUsize,
    slowest: Mutex<(u128, String)>,
    messages: Mutex<BTreeMap<String, usize>>,
    /// Known problem → count and the shortest input that showed it.
    known: Mutex<BTreeMap<String, (usize, String)>>,
}

impl Stats {
    /// Runs one case and records what it did; a failure is returned for proptest to shrink.
    fn case(&self, dir: &Path, input: &SpecFiles) -> Result<(), TestCaseError> {
        self.cases.fetch_add(1, Ordering::Relaxed);
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir).expect("temp dir");
        for (name, bytes) in &input.files {
            std::fs::write(dir.join(name), bytes).expect("write spec file");
        }
        let mut verdict =
            if std::env::var_os("FUZZ_IN_PROCESS").is_some() { check_dir(dir) } else { check_in_child(dir) };
        let strict = std::env::var_os("FUZZ_STRICT").is_some();
        let known_crash = verdict.failure.as_ref().and_then(|failure| {
            KNOWN_CRASHES
                .iter()
                .find(|known| !strict && failure.contains(*known))
                .map(|known| format!("crash: {known}"))
        });
        if let Some(kind) = known_crash {
            verdict.failure = None;
            verdict.known.push(kind);
        }
        if let Some(failure) = verdict.failure {
            return Err(TestCaseError::fail(failure));
        }
        if let Some(kind) = verdict.known.first().filter(|_| strict) {
            return Err(TestCaseError::fail(kind.clone()));
        }
        self.record(&mut verdict, input);
        Ok(())
    }

    fn record(&self, verdict: &mut Verdict, input: &SpecFiles) {
        // Absurdly slow for specs of a few kilobytes: kept, with the shortest such input.
        if verdict.micros > 1_000_000 {
            verdict.known.push("slow: one generate took over 1 s".to_owned());
        }
        if verdict.generated {
            let count = self.generated.fetch_add(1, Ordering::Relaxed);
            save(input, count);
        }
        let mut slowest = self.slowest.lock().expect("stats lock");
        if verdict.micros > slowest.0 {
            *slowest = (verdict.micros, format!("{input:?}"));
        }
        let mut messages = self.messages.lock().expect("stats lock");
        verdict.messages.iter().for_each(|message| *messages.entry(message.clone()).or_default() += 1);
        let mut known = self.known.lock().expect("stats lock");
        for kind in &verdict.known {
            let input = format!("{input:?}");
            let entry = known.entry(kind.clone()).or_insert_with(|| (0, input.clone()));
            entry.0 += 1;
            if input.len() < entry.1.len() {
                entry.1 = input;
            }
        }
    }

    fn print(&self, name: &str, elapsed: Duration) {
        let (slowest, slowest_input) = &*self.slowest.lock().expect("stats lock");
        println!(
            "fuzz {name}: {} cases (shrinking included) in {elapsed:.1?}; {} generated a crate; slowest generate {:.1?}",
            self.cases.load(Ordering::Relaxed),
            self.generated.load(Ordering::Relaxed),
            Duration::from_micros(u64::try_from(*slowest).unwrap_or(u64::MAX)),
        );
        let verbose = std::env::var_os("FUZZ_VERBOSE").is_some();
        for (kind, (count, input)) in &*self.known.lock().expect("stats lock") {
            println!("fuzz {name}: known problem in {count} cases: {kind}");
            if verbose {
                println!("shortest input:{input}");
            }
        }
        if verbose {
            let messages = self.messages.lock().expect("stats lock");
            let mut common: Vec<_> = messages.iter().collect();
            common.sort_by_key(|(message, count)| (std::cmp::Reverse(**count), *message));
            common.into_iter().take(40).for_each(|(message, count)| println!("{count:>7}  {message}"));
            println!("slowest input:{slowest_input}");
        }
    }
}

/// `FUZZ_SAVE=dir` keeps the first 100 inputs that generated a crate, as `dir/<pid>-<n>/`, to
/// build the generated crates by hand (`cargo xtask codegen --spec dir/… --out …`).
fn save(input: &SpecFiles, count: usize) {
    let Some(root) = std::env::var_os("FUZZ_SAVE").filter(|_| count < 100) else { return };
    let dir = Path::new(&root).join(format!("{}-{count}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("FUZZ_SAVE dir");
    for (name, bytes) in &input.files {
        std::fs::write(dir.join(name), bytes).expect("save spec file");
    }
}

/// `PROPTEST_CASES` for long runs; 64 keeps `cargo test` fast.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(64);
    // No regression files: crashes become the plain tests below instead.
    Config { cases, failure_persistence: None, ..Config::default() }
}

fn run_target(name: &str, strategy: impl Strategy<Value = SpecFiles>) {
    let dir = std::env::temp_dir().join(format!("codegen-fuzz-{}-{name}", std::process::id()));
    let stats = Stats::default();
    let start = Instant::now();
    let result = TestRunner::new(config()).run(&strategy, |input| stats.case(&dir, &input));
    let _ = std::fs::remove_dir_all(&dir);
    stats.print(name, start.elapsed());
    if let Err(error) = result {
        panic!("fuzz target {name} failed: {error}");
    }
}

#[test]
fn generated_specs() {
    run_target("generated", specs::spec_files());
}

#[test]
fn mutated_repository_spec() {
    let original = repository_spec();
    let strategy = (0..original.len(), prop::collection::vec(mutation(), 1..8)).prop_map(move |(file, mutations)| {
        let mut files = original.clone();
        for mutation in &mutations {
            apply(&mut files[file].1, mutation);
        }
        SpecFiles { files, mutated: Some((file, mutations)) }
    });
    run_target("mutated", strategy);
}

/// `FUZZ_REPLAY=path cargo test -p codegen --test it pipeline_fuzz::replay -- --ignored --nocapture`
/// checks the property on one saved spec file or directory, in-process (e.g. under a debugger).
#[test]
#[ignore = "needs FUZZ_REPLAY=path: the saved spec to check"]
fn replay() {
    let path = std::env::var_os("FUZZ_REPLAY").expect("FUZZ_REPLAY=path: a saved spec file or directory");
    let path = Path::new(&path);
    let dir = if path.is_dir() { path.to_owned() } else { path.parent().expect("spec file's dir").to_owned() };
    let verdict = check_dir(&dir);
    println!("{verdict:?}");
    assert_eq!(verdict.failure, None);
}

/// Descriptions of generated Markdown pass clippy and rustdoc with `-D warnings` once they are
/// doc comments (`pipeline_fuzz/prose.rs`): a few batches by default, each checked by the real tools;
/// `PROSE_CASES=n` for more.
#[test]
fn prose_passes_the_lints() {
    let cases = std::env::var("PROSE_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(3);
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 64, ..Config::default() };
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prose-lints");
    let result = TestRunner::new(config).run(&prop::collection::vec(prose::markdown(), 1..48), |texts| {
        let dir = crate::common::SpecDir::new("prose", &[("api.json", prose::spec(&texts).to_string())]);
        let files = codegen::generate(&dir.0, &crate::common::standalone("prose"))
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        match prose::lint(&scratch, &prose::doc_blocks(&files)) {
            None => Ok(()),
            Some(failure) => Err(TestCaseError::fail(failure)),
        }
    });
    if let Err(error) = result {
        panic!("prose failed the lints: {error}");
    }
}

/// Package names (keywords, digits, punctuation, unicode) never make the generator emit Rust
/// that does not parse: a name Cargo and Rust accept generates a crate whose every file
/// parses, and any other is refused up front as `Error::PackageName`.
#[test]
fn package_names_never_break_the_emitted_code() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {id: {type: string}}, example: {id: a}}\n";
    let dir = crate::common::SpecDir::yaml("package-names", spec);
    let name = prop_oneof![
        prop::sample::select(vec![
            "box", "self", "Self", "crate", "type", "async", "gen", "std", "test", "_", "2fa", "a-b", "a_b", "é", "",
            "api"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z0-9_\\-. é]{0,12}",
    ];
    let config = Config { cases: 64, failure_persistence: None, ..Config::default() };
    let result = TestRunner::new(config).run(&name, |name| {
        let options = codegen::CrateOptions::new(&name);
        match codegen::generate(&dir.0, &options) {
            Ok(files) if codegen::naming::is_package_name(&name) => {
                build_checks::build_problems(&files).map(drop).map_err(TestCaseError::fail)
            }
            Err(codegen::Error::PackageName(refused))
                if refused == name && !codegen::naming::is_package_name(&name) =>
            {
                Ok(())
            }
            other => Err(TestCaseError::fail(format!("`{name}`: {:?}", other.map(|_| "generated")))),
        }
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}
