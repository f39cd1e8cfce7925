//! `cargo xtask bench`: each pipeline stage timed against the parse floor (read the files,
//! parse them into an untyped YAML value), on `spec/`, on synthetic specs of 10, 100 and 1000
//! resources, and on the shared corpus when it is present. Prints a Markdown table.
//!
//! Each spec first runs in fresh processes (the hidden `cargo xtask bench-once`), which
//! measure peak memory (the median of [`MEMORY_RUNS`]) and isolate failures: a spec that
//! fails or crashes there is reported with its stage and is not timed. The timed samples
//! then run in this process, floor and pipeline interleaved, and the table shows their
//! medians; the scaling target times the two synthetic sizes in back-to-back pairs.

use crate::{Error, synth};
use codegen::{CrateOptions, Diagnostic, Diagnostics, load};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Synthetic spec sizes, in resources of 5 operations each.
const SIZES: [usize; 3] = [10, 100, 1000];

/// The sizes CI measures: a regression shows in the ratios within a minute.
const CI_SIZES: [usize; 2] = [10, 100];

/// How much to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every spec, 5–31 samples each.
    Full,
    /// Every spec, 3–5 samples: a look rather than a measurement.
    Quick,
    /// `spec/` and the two smallest synthetic specs, 3 samples: the ratios, for CI's log.
    Ci,
}

/// The synthetic size whose clean run the diagnostics rows are compared with.
const DIAGNOSTICS_SIZE: usize = 100;

/// Large real-world specs, relative to the workspace root; skipped when absent.
const CORPUS: [&str; 2] = ["../shared/corpus/progenitor/nexus.json", "../shared/corpus/progenitor/api.github.com.json"];

/// The targets of issue 20, checked on the synthetic specs (and only printed): codegen
/// within 3× the parse floor, peak memory within 10× the spec's size; scaling by N costs at
/// most 1.1 N× the time and N× the memory.
const MAX_FLOOR_FACTOR: f64 = 3.0;
const MAX_MEMORY_FACTOR: f64 = 10.0;

/// Reads one measurement out of a sample.
type Measure = fn(&Sample) -> Duration;

/// The pipeline's stages as table columns, in order. Emit and render are one column: each
/// file's tokens are made part by part as the render threads take them.
const STAGES: [(&str, Measure); 3] = [("load", |s| s.load), ("lower", |s| s.lower), ("emit+render", |s| s.render)];

/// Column headers and widths of the table.
const COLUMNS: [(&str, usize); 13] = [
    ("spec", 22),
    ("size", 9),
    ("runs", 4),
    ("floor", 9),
    ("load", 9),
    ("lower", 9),
    ("emit+render", 11),
    ("total", 9),
    ("×floor", 6),
    ("lines", 7),
    ("peak mem", 9),
    ("×size", 6),
    ("floor mem", 9),
];

/// `cargo xtask bench [--quick | --ci]`. Prints figures; never fails on them.
pub fn run(root: &Path, mode: Mode) -> Result<(), Error> {
    let budget = Budget::new(mode);
    print_header(mode);
    let mut rows = Vec::new();
    for (label, path) in specs(root, mode)? {
        let row = measure(label, &path, &budget)?;
        println!("{}", row.markdown());
        rows.push(row);
    }
    print_failures(&rows);
    print_targets(&rows);
    print_diagnostics(&rows);
    Ok(())
}

/// `cargo xtask bench-once --spec FILE [--floor]`: one run in a fresh process, reported
/// line by line on standard output for [`run`] to read.
pub fn once(spec: &Path, floor_only: bool) -> Result<(), Error> {
    let baseline = status_kib("VmRSS");
    let result = if floor_only {
        let files = spec_files(spec)?;
        floor(&files).map(|_| 0)
    } else {
        // A crash leaves the last stage entered as the last line; stdout flushes each line.
        // Memory at each stage's start shows which stage raises the peak and what it keeps.
        let mut enter = |stage| {
            let (peak, now) = (status_kib("VmHWM").unwrap_or(0), status_kib("VmRSS").unwrap_or(0));
            println!("stage {stage} peak-so-far-kib {peak} rss-kib {now}");
        };
        pipeline(spec, &mut enter).map(|sample| sample.lines).map_err(|failed| failed.failure)
    };
    match result {
        Ok(lines) => println!("lines {lines}"),
        Err(failure) => println!("failed {}\t{}", failure.stage, failure.message.replace('\n', " ")),
    }
    if let (Some(baseline), Some(peak)) = (baseline, status_kib("VmHWM")) {
        println!("baseline-kib {baseline}\npeak-kib {peak}");
    }
    Ok(())
}

/// How long to sample one spec, and the bounds on the number of samples.
struct Budget {
    time: Duration,
    min: usize,
    max: usize,
}

impl Budget {
    fn new(mode: Mode) -> Self {
        match mode {
            Mode::Full => Budget { time: Duration::from_secs(10), min: 5, max: 31 },
            Mode::Quick => Budget { time: Duration::from_secs(2), min: 3, max: 5 },
            Mode::Ci => Budget { time: Duration::from_secs(1), min: 3, max: 3 },
        }
    }

    /// The number of samples after a warm-up run that took `once`.
    fn samples(&self, once: Duration) -> usize {
        let fit = self.time.as_secs_f64() / once.as_secs_f64().max(1e-6);
        (fit as usize).clamp(self.min, self.max)
    }
}

/// One run: the floor, each stage, the whole pipeline (stages plus drops), the output size.
#[derive(Debug, Default, Clone, Copy)]
struct Sample {
    floor: Duration,
    load: Duration,
    lower: Duration,
    /// Emit and render, with the files dropped as they come.
    render: Duration,
    total: Duration,
    lines: usize,
    /// Warnings, or errors of a run that fails in lower.
    diagnostics: usize,
}

/// The stage a spec failed in, and the first error.
#[derive(Debug, Clone)]
struct Failure {
    stage: String,
    message: String,
}

impl Failure {
    fn new(stage: &str, error: &codegen::Error) -> Self {
        let message = match error {
            codegen::Error::Spec(Diagnostics(diagnostics)) => summary(diagnostics),
            other => other.to_string(),
        };
        Failure { stage: stage.to_owned(), message }
    }
}

/// The first diagnostic, without the file (the row names it), and how many more there are.
fn summary(diagnostics: &[Diagnostic]) -> String {
    let Some(first) = diagnostics.first() else {
        return "no diagnostics".to_owned();
    };
    let text = first.to_string();
    let text = text.strip_prefix(&format!("{}:", first.file.display())).unwrap_or(&text).to_owned();
    match diagnostics.len() {
        1 => text,
        count => format!("{text} (and {} more)", count - 1),
    }
}

/// Peak resident memory of a `bench-once` process, and its resident memory at start.
#[derive(Debug, Clone, Copy)]
struct Memory {
    baseline_kib: u64,
    peak_kib: u64,
}

impl Memory {
    /// What the run itself added: the process's own binary and runtime do not count.
    fn used_bytes(self) -> u64 {
        self.peak_kib.saturating_sub(self.baseline_kib) * 1024
    }
}

/// What a `bench-once` process reported.
struct Report {
    failure: Option<Failure>,
    memory: Option<Memory>,
}

/// One row of the table.
struct Row {
    label: String,
    path: PathBuf,
    bytes: u64,
    samples: Vec<Sample>,
    failure: Option<Failure>,
    memory: Option<Memory>,
    floor_memory: Option<Memory>,
}

/// `spec/`, the synthetic specs (written now, under the target directory), the corpus.
fn specs(root: &Path, mode: Mode) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut specs = vec![("spec/".to_owned(), root.join("spec"))];
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from).join("bench");
    let sizes: &[usize] = if mode == Mode::Ci { &CI_SIZES } else { &SIZES };
    for &resources in sizes {
        let path = dir.join(format!("synth-{resources}.yaml"));
        synth::write(resources, &path)?;
        specs.push((format!("synth N={resources}"), path));
    }
    if mode == Mode::Ci {
        return Ok(specs);
    }
    // The same spec with hundreds of warnings, and with thousands of errors: what locating
    // diagnostics costs next to the clean run.
    for (kind, text) in
        [("warnings", synth::with_warnings(DIAGNOSTICS_SIZE)), ("errors", synth::with_errors(DIAGNOSTICS_SIZE))]
    {
        let path = dir.join(format!("synth-{DIAGNOSTICS_SIZE}-{kind}.yaml"));
        crate::write::atomic(&path, text.as_bytes()).map_err(io(&path))?;
        specs.push((format!("synth N={DIAGNOSTICS_SIZE} {kind}"), path));
    }
    for relative in CORPUS {
        let path = root.join(relative);
        if let (true, Some(name)) = (path.is_file(), path.file_name()) {
            specs.push((name.to_string_lossy().into_owned(), path));
        }
    }
    Ok(specs)
}

fn measure(label: String, path: &Path, budget: &Budget) -> Result<Row, Error> {
    let files = spec_files(path)?;
    let mut bytes = 0;
    for file in &files {
        bytes += std::fs::metadata(file).map_err(io(file))?.len();
    }
    let mut report = in_children(path, false)?;
    // A diagnostics row is meant to fail in lower: its timing is the run up to the located errors.
    let expects_errors = label.ends_with(" errors");
    if expects_errors && report.failure.as_ref().is_some_and(|failure| failure.stage == "lower") {
        report.failure = None;
    }
    let floor_memory = in_children(path, true)?.memory;
    let generates = report.failure.is_none();
    let sample = || -> Result<Sample, Failure> {
        let floor = floor(&files)?;
        let sample = match pipeline(path, &mut |_| {}) {
            Err(failed) if expects_errors && failed.failure.stage == "lower" => *failed.sample,
            result if generates => result.map_err(|failure| failure.failure)?,
            _ => Sample::default(),
        };
        Ok(Sample { floor, ..sample })
    };
    let (samples, failure) = match repeat(budget, sample) {
        Ok(samples) => (samples, report.failure),
        Err(failure) => (Vec::new(), Some(failure)),
    };
    Ok(Row { label, path: path.to_owned(), bytes, samples, failure, memory: report.memory, floor_memory })
}

/// A warm-up run, then as many samples as the budget allows.
fn repeat(budget: &Budget, mut sample: impl FnMut() -> Result<Sample, Failure>) -> Result<Vec<Sample>, Failure> {
    let warm_up = sample()?;
    (0..budget.samples(warm_up.floor + warm_up.total)).map(|_| sample()).collect()
}

/// Reads and parses every file into an untyped YAML value: the least any generator does.
fn floor(files: &[PathBuf]) -> Result<Duration, Failure> {
    let started = Instant::now();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|source| Failure {
            stage: "floor".to_owned(),
            message: format!("{}: {source}", file.display()),
        })?;
        load::parse_floor(&text).map_err(|error| Failure::new("floor", &error))?;
    }
    Ok(started.elapsed())
}

/// The pipeline's stages as `codegen::run` composes them, each timed; the files are counted
/// and dropped one by one, as a caller that writes them can. `enter` hears a stage's name
/// as it starts. Lowering counts locating its diagnostics (errors or warnings).
fn pipeline(path: &Path, enter: &mut dyn FnMut(&'static str)) -> Result<Sample, PipelineFailure> {
    let options = CrateOptions { standalone: true, ..CrateOptions::new("bench") };
    let started = Instant::now();
    enter("load");
    let (loaded, load) = timed(|| codegen::stages::load(path));
    let loaded = loaded.map_err(|error| Failure::new("load", &error))?;
    enter("lower");
    let (lowered, lower) = timed(|| codegen::stages::lower(loaded));
    let (api, warnings) = lowered.map_err(|error| {
        let diagnostics = match &error {
            codegen::Error::Spec(Diagnostics(diagnostics)) => diagnostics.len(),
            _ => 0,
        };
        let sample = Sample { load, lower, total: started.elapsed(), diagnostics, ..Sample::default() };
        PipelineFailure { failure: Failure::new("lower", &error), sample: Box::new(sample) }
    })?;
    enter("render");
    let mut lines = 0;
    let (rendered, render) = timed(|| {
        codegen::stages::emit_each(&api, &options, |file| -> Result<(), codegen::Error> {
            lines += file.contents.lines().count();
            Ok(())
        })
    });
    rendered.map_err(|error| Failure::new("render", &error))?;
    drop(api);
    let diagnostics = warnings.len();
    Ok(Sample { floor: Duration::ZERO, load, lower, render, total: started.elapsed(), lines, diagnostics })
}

/// A failed run: why, and how long it took to get there.
struct PipelineFailure {
    failure: Failure,
    sample: Box<Sample>,
}

impl From<Failure> for PipelineFailure {
    fn from(failure: Failure) -> Self {
        PipelineFailure { failure, sample: Box::default() }
    }
}

fn timed<T>(stage: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = stage();
    (value, started.elapsed())
}

/// How many `bench-once` processes measure a spec's peak memory. One process's peak moves
/// by a tenth from run to run (which pages the allocator's threads get to reuse); the table
/// shows the median, as it does for time.
const MEMORY_RUNS: usize = 5;

/// [`in_child`], [`MEMORY_RUNS`] times: the median peak, and the first failure if any run
/// failed (one that fails only sometimes is reported, not outvoted).
fn in_children(spec: &Path, floor_only: bool) -> Result<Report, Error> {
    let reports = (0..MEMORY_RUNS).map(|_| in_child(spec, floor_only)).collect::<Result<Vec<_>, _>>()?;
    Ok(combined(reports))
}

fn combined(reports: Vec<Report>) -> Report {
    let mut memories: Vec<Memory> = reports.iter().filter_map(|report| report.memory).collect();
    memories.sort_by_key(|memory| memory.used_bytes());
    let memory = memories.get(memories.len() / 2).copied();
    let failure = reports.into_iter().find_map(|report| report.failure);
    Report { failure, memory }
}

/// Runs `cargo xtask bench-once` on `spec` and reads its report.
fn in_child(spec: &Path, floor_only: bool) -> Result<Report, Error> {
    // `/proc/self/exe` still runs this binary when a concurrent `cargo build` has replaced it.
    let proc_exe = Path::new("/proc/self/exe");
    let exe = if proc_exe.exists() { proc_exe.to_owned() } else { std::env::current_exe().map_err(io(proc_exe))? };
    let mut command = Command::new(&exe);
    command.arg("bench-once").arg("--spec").arg(spec);
    if floor_only {
        command.arg("--floor");
    }
    let output = command.output().map_err(io(&exe))?;
    Ok(parse_report(&output))
}

fn parse_report(output: &Output) -> Report {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut stage = "start";
    let mut failure = None;
    let (mut baseline, mut peak, mut finished) = (None, None, false);
    for line in stdout.lines() {
        let (key, value) = line.split_once(' ').unwrap_or((line, ""));
        match key {
            "stage" => stage = value.split(' ').next().unwrap_or(value),
            "lines" => finished = true,
            "failed" => {
                let (stage, message) = value.split_once('\t').unwrap_or((value, ""));
                failure = Some(Failure { stage: stage.to_owned(), message: message.to_owned() });
            }
            "baseline-kib" => baseline = value.parse().ok(),
            "peak-kib" => peak = value.parse().ok(),
            _ => {}
        }
    }
    if !finished && failure.is_none() {
        failure = Some(Failure { stage: stage.to_owned(), message: crash_message(output) });
    }
    let memory = baseline.zip(peak).map(|(baseline_kib, peak_kib)| Memory { baseline_kib, peak_kib });
    Report { failure, memory }
}

/// A crashed child's last words: the panic message or the signal.
fn crash_message(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|line| !line.trim().is_empty() && !line.starts_with("note:"));
    match last {
        Some(line) => format!("crashed: {}", line.trim()),
        None => format!("crashed: {}", output.status),
    }
}

/// A field of `/proc/self/status`, in KiB; `None` off Linux.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))?;
    line.trim().trim_end_matches("kB").trim().parse().ok()
}

/// The spec files `load` reads for `path`.
fn spec_files(path: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(load::spec_files(path)?)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_owned(), source }
}

impl Row {
    fn median(&self, stage: Measure) -> Duration {
        let mut values: Vec<Duration> = self.samples.iter().map(stage).collect();
        values.sort();
        match values.len() {
            0 => Duration::ZERO,
            count if count % 2 == 1 => values[count / 2],
            count => (values[count / 2 - 1] + values[count / 2]) / 2,
        }
    }

    /// Median total over median floor.
    fn floor_factor(&self) -> Option<f64> {
        let floor = self.median(|s| s.floor).as_secs_f64();
        (self.failure.is_none() && floor > 0.0).then(|| self.median(|s| s.total).as_secs_f64() / floor)
    }

    fn memory_factor(&self) -> Option<f64> {
        let memory = self.memory.filter(|_| self.failure.is_none())?;
        (self.bytes > 0).then(|| memory.used_bytes() as f64 / self.bytes as f64)
    }

    fn markdown(&self) -> String {
        let mut cells =
            vec![self.label.clone(), show_bytes(self.bytes), self.samples.len().to_string(), self.show(|s| s.floor)];
        match &self.failure {
            None => {
                cells.extend(STAGES.iter().map(|(_, stage)| self.show(*stage)));
                cells.push(self.show(|s| s.total));
                cells.push(self.floor_factor().map_or_else(dash, |factor| format!("{factor:.2}")));
                cells.push(self.samples.first().map_or_else(dash, |sample| sample.lines.to_string()));
            }
            Some(failure) => {
                let failed = |name: &&str| if **name == failure.stage { format!("✗ {name}") } else { dash() };
                cells.extend(STAGES.iter().map(|(name, _)| failed(name)));
                cells.extend([dash(), dash(), dash()]);
            }
        }
        cells.push(self.memory.filter(|_| self.failure.is_none()).map_or_else(dash, |m| show_bytes(m.used_bytes())));
        cells.push(self.memory_factor().map_or_else(dash, |factor| format!("{factor:.1}")));
        cells.push(self.floor_memory.map_or_else(dash, |m| show_bytes(m.used_bytes())));
        markdown_row(&cells)
    }

    fn show(&self, stage: Measure) -> String {
        if self.samples.is_empty() { dash() } else { show_duration(self.median(stage)) }
    }
}

fn print_header(mode: Mode) {
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    let samples = match mode {
        Mode::Full => "",
        Mode::Quick => "--quick, ",
        Mode::Ci => "--ci, ",
    };
    println!(
        "cargo xtask bench: {profile} build, {samples}{cpus} × {}; medians; memory is peak RSS growth (median of {MEMORY_RUNS} processes)\n",
        cpu_model()
    );
    let headers: Vec<String> = COLUMNS.iter().map(|(name, _)| (*name).to_owned()).collect();
    println!("{}", markdown_row(&headers));
    // Markdown alignment: the spec name left, numbers right.
    let rules: Vec<String> = COLUMNS.iter().map(|(_, width)| format!("{}:", "-".repeat(width + 1))).collect();
    println!("|{}|{}|", "-".repeat(COLUMNS[0].1 + 2), rules[1..].join("|"));
}

fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = info.lines().find_map(|line| line.strip_prefix("model name")?.split_once(':'));
    model.map_or_else(|| "unknown CPU".to_owned(), |(_, model)| model.trim().to_owned())
}

fn print_failures(rows: &[Row]) {
    let failed: Vec<(&Row, &Failure)> = rows.iter().filter_map(|row| Some((row, row.failure.as_ref()?))).collect();
    if !failed.is_empty() {
        println!();
    }
    for (row, failure) in failed {
        println!("- {} fails in {}: {}", row.label, failure.stage, failure.message);
    }
}

/// The targets of issue 20, on the two largest synthetic specs measured.
fn print_targets(rows: &[Row]) {
    let synth: Vec<(usize, &Row)> = SIZES
        .iter()
        .filter_map(|&resources| {
            let label = format!("synth N={resources}");
            Some((resources, rows.iter().find(|row| row.label == label && row.failure.is_none())?))
        })
        .collect();
    let [.., (medium_n, medium), (large_n, large)] = synth.as_slice() else { return };
    let time = scaling(&medium.path, &large.path);
    let memory = large.memory.zip(medium.memory);
    let memory = memory.map(|(large, medium)| large.used_bytes() as f64 / (medium.used_bytes() as f64).max(1.0));
    let scale = *large_n as f64 / *medium_n as f64;
    println!("\n| target | measured | met |\n|---|---:|:---:|");
    target(&format!("total ≤ {MAX_FLOOR_FACTOR}× floor at N={large_n}"), large.floor_factor(), MAX_FLOOR_FACTOR);
    target(&format!("time(N={large_n}) / time(N={medium_n}) ≤ {}", scale * 1.1), time, scale * 1.1);
    target(&format!("memory(N={large_n}) / memory(N={medium_n}) ≤ {scale}"), memory, scale);
    target(
        &format!("peak memory ≤ {MAX_MEMORY_FACTOR}× spec size at N={large_n}"),
        large.memory_factor(),
        MAX_MEMORY_FACTOR,
    );
}

/// Rounds of the scaling measurement, each a run of the medium spec and then of the large.
const SCALING_ROUNDS: usize = 7;

/// time(large) / time(medium) in runs back to back, the median round's. The two rows of
/// the table are measured seconds apart, and this machine's speed drifts over seconds: a
/// ratio of the rows' medians moved by ±10 % from one `bench` to the next.
fn scaling(medium: &Path, large: &Path) -> Option<f64> {
    let total = |path: &Path| pipeline(path, &mut |_| {}).ok().map(|sample| sample.total.as_secs_f64());
    let round = |_| {
        let medium = total(medium)?;
        Some(total(large)? / medium.max(1e-9))
    };
    let mut ratios: Vec<f64> = (0..SCALING_ROUNDS).filter_map(round).collect();
    ratios.sort_by(f64::total_cmp);
    ratios.get(ratios.len() / 2).copied()
}

/// The diagnostics rows next to the clean run of the same spec (issue 12: within 1.5×).
fn print_diagnostics(rows: &[Row]) {
    let row = |label: String| rows.iter().find(|row| row.label == label && row.failure.is_none());
    let Some(clean) = row(format!("synth N={DIAGNOSTICS_SIZE}")).map(|row| row.median(|s| s.total)) else { return };
    if !rows.iter().any(|row| row.label.starts_with(&format!("synth N={DIAGNOSTICS_SIZE} "))) {
        return;
    }
    println!("\n| spec | diagnostics | total | clean total | ×clean | met (≤ 1.5×) |\n|---|---:|---:|---:|---:|:---:|");
    for kind in ["warnings", "errors"] {
        let label = format!("synth N={DIAGNOSTICS_SIZE} {kind}");
        if let Some(row) = row(label.clone()) {
            let measured = row.median(|s| s.total);
            let count = row.samples.first().map_or(0, |sample| sample.diagnostics);
            let factor = measured.as_secs_f64() / clean.as_secs_f64().max(1e-9);
            let met = if factor <= 1.5 { "yes" } else { "no" };
            let (measured, clean) = (show_duration(measured), show_duration(clean));
            println!("| {label} | {count} {kind} | {measured} | {clean} | {factor:.2} | {met} |");
        }
    }
}

fn target(name: &str, measured: Option<f64>, limit: f64) {
    match measured {
        Some(value) => println!("| {name} | {value:.2} | {} |", if value <= limit { "yes" } else { "no" }),
        None => println!("| {name} | n/a | n/a |"),
    }
}

fn markdown_row(cells: &[String]) -> String {
    let padded: Vec<String> = cells.iter().zip(COLUMNS).map(|(cell, (_, width))| format!("{cell:>width$}")).collect();
    let (label, width) = (&cells[0], COLUMNS[0].1);
    format!("| {label:<width$} | {} |", padded[1..].join(" | "))
}

fn dash() -> String {
    "—".to_owned()
}

fn show_duration(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{:.0} µs", seconds * 1e6)
    }
}

fn show_bytes(bytes: u64) -> String {
    let bytes = bytes as f64;
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", bytes / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_units() {
        let sample = |millis| Sample { total: Duration::from_millis(millis), ..Sample::default() };
        let row = Row {
            label: "x".to_owned(),
            path: PathBuf::new(),
            bytes: 1,
            samples: vec![sample(5), sample(1), sample(3), sample(100)],
            failure: None,
            memory: None,
            floor_memory: None,
        };
        assert_eq!(row.median(|s| s.total), Duration::from_millis(4));
        assert_eq!(show_duration(Duration::from_micros(1500)), "1.5 ms");
        assert_eq!(show_bytes(3 * 1024 * 1024), "3.0 MiB");
    }

    #[test]
    fn memory_is_the_median_run_and_any_failure_is_kept() {
        let run = |peak_kib, failed: bool| Report {
            failure: failed.then(|| Failure { stage: "render".to_owned(), message: "crashed".to_owned() }),
            memory: Some(Memory { baseline_kib: 10, peak_kib }),
        };
        let report = combined(vec![run(110, false), run(30, false), run(90, true), run(50, false), run(70, false)]);
        assert_eq!(report.memory.map(Memory::used_bytes), Some(60 * 1024));
        assert_eq!(report.failure.map(|failure| failure.stage), Some("render".to_owned()));
        assert!(combined(vec![run(20, false)]).failure.is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_crashed_child_is_reported_at_its_last_stage() {
        use std::os::unix::process::ExitStatusExt;
        let output = Output {
            status: std::process::ExitStatus::from_raw(134),
            stdout: b"stage load\nstage lower\n".to_vec(),
            stderr: b"\nthread 'main' has overflowed its stack\n".to_vec(),
        };
        let report = parse_report(&output);
        let failure = report.failure.expect("a failure");
        assert_eq!(
            (failure.stage.as_str(), failure.message.as_str()),
            ("lower", "crashed: thread 'main' has overflowed its stack")
        );
    }
}
